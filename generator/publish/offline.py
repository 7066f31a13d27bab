"""An offline copy of one unit's pages: a zip of its part of the built tree (its pages, its
communes', the shared theme files) that works opened from the file system, for a commune office
computer or a USB stick.

Browsers opening file:// show a folder's listing, not its index.html, so every link to a folder
is written to its index.html. A link out of the copy (to the province above, a sibling commune)
goes to the page's published address when the tree was built with --site-url, else it is left
out (its text stays). The site search needs a server and is not offered offline."""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from pathlib import Path

from generator.render.unit_index import PublishedUnit

THEME = "_theme"
_LINK = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
_CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"')
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the same pages make the same zip
# The search box and its button hidden: no search worker runs from file:// in Chromium
_NO_SEARCH = '<style>.md-search,label[for="__search"]{display:none!important}</style>'


def offline_zip(site: Path, unit: PublishedUnit, out: Path) -> int:
    """Write the zip of `unit`'s copy (as the tree's list of units gives it) to `out`. Returns
    how many files it holds."""
    top = unit.path.rstrip("/")
    files = sorted(
        p
        for folder in (site / THEME, site / top)
        for p in folder.rglob("*")
        if p.is_file() and not p.name.endswith(".gz")
    )
    held = {p.relative_to(site).as_posix() for p in files}
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            name = path.relative_to(site).as_posix()
            data = path.read_bytes()
            if name.endswith(".html"):
                data = offline_page(data.decode("utf-8"), name, held).encode("utf-8")
            entry = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, data)
        start = zipfile.ZipInfo("index.html", date_time=_ZIP_DATE)
        archive.writestr(start, _start_page(unit, f"{top}/index.html").encode("utf-8"))
    return len(files) + 1


def offline_page(text: str, name: str, held: set[str], served: bool = False) -> str:
    """A page's links made to work from the file system: folders to their index.html, links
    out of the copy to the published address or dropped. `served`: a part of the tree served on
    its own (publish/split.py): folders stay folders and the search box stays."""
    canonical = _CANONICAL.search(text)
    online = None
    if canonical:  # the tree's address: the page's own, less its path in the tree
        page = canonical.group(1)
        here = name.removesuffix("index.html")
        online = page[: len(page) - len(here)] if page.endswith(here) else None
    folder = posixpath.dirname(name)
    if not served:
        text = text.replace("</head>", _NO_SEARCH + "</head>", 1)

    def rewrite(match: re.Match) -> str:
        value = html.unescape(match.group(2))
        if not value or re.match(r"^([a-z][a-z0-9+.-]*:|#|/)", value, re.I):
            return match.group(0)  # an address elsewhere, a place on the page, the host's root
        path, mark, fragment = value.partition("#")
        path, _, _ = path.partition("?")
        target = posixpath.normpath(posixpath.join(folder, path)) if path else name
        index = "index.html" if target == "." else f"{target}/index.html"
        if target == "." and online:  # the tree's list of every unit: only the whole tree has it
            written = online
        elif target in held or (served and index in held):
            written = path
        elif index in held:
            written = posixpath.join(path, "index.html")
        elif online and not target.startswith(".."):
            written = online + (target + "/" if "." not in posixpath.basename(target) else target)
        else:
            return match.group(1) + "#" + match.group(3)  # nowhere to go offline
        written += mark + fragment
        return match.group(1) + html.escape(written, quote=True) + match.group(3)

    return _LINK.sub(rewrite, text)


def _start_page(unit: PublishedUnit, target: str) -> str:
    """The zip's first page: where the unit's pages start."""
    title = html.escape(unit.title)
    return (
        '<!doctype html>\n<html lang="vi"><head><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="0; url={target}">'
        f"<title>{title}: bản lưu trên máy</title></head>\n"
        f'<body><p>Bản lưu trên máy các trang công khai của {title}: <a href="{target}">mở trang '
        "của đơn vị</a>. Ô tìm kiếm chỉ có trên trang web.</p></body></html>\n"
    )
