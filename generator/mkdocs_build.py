"""The only module that talks to MkDocs: build one site from a generated config, in-process.

Theme files (Material's and theme_overrides/) are identical for every site, so sites do not
copy them: `SharedThemeFiles` drops them from each build and points their URLs at one copy
in `_theme/` at the top of the output tree, written once by `copy_theme_files`.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
import os
import shutil
from pathlib import Path

from jinja2 import BytecodeCache, pass_context
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.utils.templates import url_filter

THEME_FOLDER = "_theme"


class _MemoryBytecodeCache(BytecodeCache):
    """Compiled theme templates kept for the life of a worker: every unit uses the same theme,
    so compiling Material's templates once per process, not once per unit, saves a quarter of
    each unit's build."""

    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket):
        self.store[bucket.key] = bucket.bytecode_to_string()


_TEMPLATE_CACHE = _MemoryBytecodeCache()


class SharedThemeFiles(BasePlugin):
    def __init__(self, tree_depth: int):
        super().__init__()
        self.tree_depth = tree_depth
        self.theme_uris: set[str] = set()

    def on_files(self, files, config):
        theme_dirs = [os.path.realpath(d) for d in config.theme.dirs]
        kept = []
        for file in files:
            source = os.path.realpath(file.abs_src_path) if file.abs_src_path else ""
            if any(source.startswith(d + os.sep) for d in theme_dirs):
                self.theme_uris.add(file.src_uri)
            else:
                kept.append(file)
        return Files(kept)

    def on_env(self, env, config, files):
        prefix = "../" * self.tree_depth + THEME_FOLDER + "/"

        @pass_context
        def shared_url(context, value):
            if str(value) in self.theme_uris:
                base = context["base_url"]
                if base.startswith("/"):  # 404 pages use an absolute base: the host's root is the tree's
                    return f"{base.rstrip('/')}/{THEME_FOLDER}/{value}"
                return f"{base}/{prefix}{value}" if base not in ("", ".") else f"{prefix}{value}"
            return url_filter(context, value)

        env.filters["url"] = shared_url
        env.bytecode_cache = _TEMPLATE_CACHE
        return env


class InlineScriptHashes(BasePlugin):
    """The theme's few inline scripts are allowed by their SHA-256 in the page's
    Content-Security-Policy instead of 'unsafe-inline': injected script can never run."""

    _INLINE = re.compile(r"<script>(.*?)</script>", re.S)
    _SCRIPT_SRC = re.compile(r"(script-src 'self') 'unsafe-inline'")

    def on_post_page(self, output, page, config):
        hashes = sorted({"'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
                         + "'" for body in self._INLINE.findall(output)})
        return self._SCRIPT_SRC.sub(lambda m: " ".join([m.group(1), *hashes]), output, count=1)


def quiet_mkdocs() -> None:
    logging.getLogger("mkdocs").setLevel(logging.WARNING)


def build_site(config_file: Path, tree_depth: int, build_date_epoch: int) -> None:
    """Build one site. Raises mkdocs' Abort (or any error) when the site cannot be built."""
    os.environ["SOURCE_DATE_EPOCH"] = str(build_date_epoch)  # dates in sitemap.xml follow the data
    config = load_config(config_file=str(config_file))
    config.plugins["congkhai/shared-theme"] = SharedThemeFiles(tree_depth)
    config.plugins["congkhai/script-hashes"] = InlineScriptHashes()
    build(config)


def copy_theme_files(destination: Path) -> None:
    """Write the theme's static files once, for every site of the tree."""
    from generator.site_config import BASE_CONFIG

    config = load_config(config_file=str(BASE_CONFIG))
    files = Files([])
    files.add_files_from_theme(config.theme.get_env(), config)
    for file in sorted(files, key=lambda f: f.src_uri):
        target = destination / THEME_FOLDER / file.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file.abs_src_path, target)
