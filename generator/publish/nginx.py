"""Publishing a built tree from a province's own web server: its files compressed once, ahead of
requests, and an nginx `server` block that serves them with the site's policy as HTTP headers.

The pages already carry their Content-Security-Policy in a <meta> element (theme_overrides/
main.html, each inline script allowed by its SHA-256); the header repeats it, with what a <meta>
cannot say (`frame-ancestors 'none'`), and allows the tree's few inline scripts by their digests:
where a header and a <meta> both apply, a script must satisfy both."""

from __future__ import annotations

import gzip
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.publish.serving import (
    FINGERPRINTED,
    IMMUTABLE,
    OTHER_TYPES,
    PAGE_SECONDS,
    TEXT_TYPES,
    THEME_PREFIX,
    THEME_SECONDS,
)

# Text a browser accepts gzipped; images, zips (XLSX) and PDFs are compressed already
COMPRESSED_SUFFIXES = frozenset(TEXT_TYPES)
SMALLEST = 256  # bytes: below this a gzip header costs more than it saves
_META_POLICY = re.compile(rb'http-equiv="Content-Security-Policy" content="([^"]*)"')
_HASH = re.compile(rb"'sha256-[A-Za-z0-9+/=]+'")
HEAD_BYTES = 8192  # a page's policy is in its <head>


@dataclass(frozen=True)
class ServerOptions:
    """Where and how the tree is served."""

    root: Path  # the built tree (site/)
    prefix: str = "/"  # its address on the host: "/" or a sub-path such as "/cong-khai/"
    listen: str = "80"
    server_name: str = "_"
    page_seconds: int = PAGE_SECONDS


def precompress(root: Path) -> int:
    """Make FILE.gz beside each compressible text file of the tree for nginx's gzip_static, and
    remove the ones this made whose file is gone or changed size class. A .gz is this
    function's when its header is (no name, no time, level 9, from Python); it is current while
    it carries its file's modification time. Others (MkDocs's sitemap.xml.gz) are left alone.
    Returns how many were written."""
    written = 0
    for folder, _, names in os.walk(root):
        here = Path(folder)
        present = set(names)
        for name in names:
            path = here / name
            if name.endswith(".gz"):
                source = name[:-3]
                if _ours(path) and (source not in present or not _compressible(here / source)):
                    path.unlink()  # its file left the tree, or shrank below the threshold
                continue
            if not _compressible(path):
                continue
            stat = path.stat()
            packed = here / (name + ".gz")
            if name + ".gz" in present:
                if not _ours(packed) or packed.stat().st_mtime_ns == stat.st_mtime_ns:
                    continue
            data = gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
            handle, temporary = tempfile.mkstemp(dir=here, prefix=".gz-")
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.utime(temporary, ns=(stat.st_atime_ns, stat.st_mtime_ns))
            os.replace(temporary, packed)
            written += 1
    return written


# gzip.compress(mtime=0, level 9): no name, no time, "best" (its last byte, the system, varies)
_OUR_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02"


def _ours(path: Path) -> bool:
    try:
        with open(path, "rb") as packed:
            return packed.read(len(_OUR_HEADER)) == _OUR_HEADER
    except OSError:
        return False


def _compressible(path: Path) -> bool:
    """A regular file (never a link) of a text type, large enough to gain."""
    try:
        stat = path.lstat()
    except OSError:
        return False
    return (
        path.suffix in COMPRESSED_SUFFIXES
        and os.path.isfile(path)
        and not path.is_symlink()
        and stat.st_size >= SMALLEST
    )


def inline_script_hashes(root: Path) -> list[str]:
    """The digests every page's own policy names for its inline scripts, across the tree."""
    found: set[bytes] = set()
    for folder, _, names in os.walk(root):
        for name in names:
            if name.endswith(".html"):
                with open(Path(folder) / name, "rb") as page:
                    policy = _META_POLICY.search(page.read(HEAD_BYTES))
                if policy:
                    found.update(_HASH.findall(policy.group(1)))
    return sorted(h.decode() for h in found)


def header_policy(root: Path) -> str:
    """The policy the pages state, with the tree's inline script digests and what only a header
    can say."""
    theme = (Path(__file__).resolve().parents[2] / "theme_overrides" / "main.html").read_bytes()
    stated = _META_POLICY.search(theme).group(1).decode()
    scripts = " ".join(["script-src 'self'", *inline_script_hashes(root)])
    policy = re.sub(r"script-src 'self' 'unsafe-inline'", scripts, stated)
    return f"{policy}; frame-ancestors 'none'"


def server_block(options: ServerOptions) -> str:
    """An nginx configuration for the tree, to include in the host's `http { … }` (Debian:
    /etc/nginx/conf.d/): a `map` choosing each file's cache lifetime and one `server`."""
    prefix = "/" + options.prefix.strip("/") + "/" if options.prefix.strip("/") else "/"
    root = options.root.resolve()
    cache = "$congkhai_cache_" + (re.sub(r"[^a-z0-9]+", "_", prefix.lower()).strip("_") or "root")
    policy = header_policy(root)
    # the sub-path asked without its final slash: sent to it, not to the host's own pages
    exact = (
        f"    location = {prefix.rstrip('/')} {{\n        return 301 {prefix};\n    }}\n"
        if prefix != "/"
        else ""
    )
    # one location: an alias keeps the address's sub-path in nginx's own redirects (a folder
    # asked without its final slash)
    where = f'root "{root}";' if prefix == "/" else f'alias "{root}/";'
    types = "\n".join(f"        {kind} {' '.join(names)};" for kind, names in _types().items())
    return f"""# Written by `congkhai nginx`: the tree built into {root}, served at {prefix}.
map $uri {cache} {{
    "~{FINGERPRINTED}" "{IMMUTABLE}";
    ~/{THEME_PREFIX} "public, max-age={THEME_SECONDS}";
    default "public, max-age={options.page_seconds}";
}}

server {{
    listen {options.listen};
    server_name {options.server_name};
    server_tokens off;
    absolute_redirect off;
    charset utf-8;
    charset_types text/css text/csv text/plain text/xml application/javascript application/json;
    gzip_static on;  # FILE.gz written by `congkhai nginx` beside each text file
    gzip_vary on;
    types {{
{types}
    }}
    error_page 403 404 {prefix}404.html;
{exact}
    location {prefix} {{
        {where}
        add_header Cache-Control {cache} always;
        add_header Content-Security-Policy "{policy}" always;
        add_header X-Content-Type-Options nosniff always;
        add_header Referrer-Policy strict-origin-when-cross-origin always;
    }}
}}
"""


def _types() -> dict[str, list[str]]:
    """Content type -> the extensions served as it (publish/serving.py), but .gz: precompressed
    copies go out through gzip_static under their file's type."""
    found: dict[str, list[str]] = {}
    for suffix, kind in {**TEXT_TYPES, **OTHER_TYPES}.items():
        if suffix != ".gz":
            found.setdefault(kind, []).append(suffix[1:])
    return found
