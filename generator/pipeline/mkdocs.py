"""The only module that builds with MkDocs (mkdocs_config.py writes the configuration): one site
from a generated config, in-process, and the plugins for what MkDocs cannot do otherwise. Pages
need none of them: every table is in its page's Markdown (render/html_blocks.py), so an engine
that runs no MkDocs plugin, such as Zensical, builds the same articles (tests/test_zensical.py).

- AsideTables (mkdocs.yml): long tables out of the search index. Without it: they are indexed.
- InlineScriptHashes (mkdocs.yml): the theme's inline scripts allowed by their SHA-256, pages
  compacted. Without it: the policy keeps 'unsafe-inline'.
- SearchEntries (mkdocs.yml): the search index's entries read from each page by
  pipeline/search_sections.py, not by the search plugin's HTML parser, and written in UTF-8.
  Without it: the search plugin parses every page (a third of the build), words in neighbouring
  table cells run together, and the index is a third larger.
- SharedThemeFiles (added by build_site, not in mkdocs.yml): theme files are identical for every
  site, so sites do not copy them; their URLs point at one copy in `_theme/` at the top of the
  output tree, written once (see `theme_files` and publish/assembly.py). Without it (`mkdocs
  build` or Zensical on a generated config): each site carries its own copy.
- LinkedDownloads (added by build_site): downloads linked into the site, not copied.
- NoindexOutOfSitemap (added by build_site): pages marked `robots` (the household lists) left
  out of sitemap.xml. Without it: they are listed, and still say noindex.
"""

from __future__ import annotations

import base64
import copy
import functools
import hashlib
import html
import json
import logging
import os
import re
from pathlib import Path

import mergedeep
from jinja2 import BytecodeCache, Environment, pass_context
from markupsafe import Markup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.theme import Theme
from mkdocs.utils.templates import url_filter
from mkdocs.utils.yaml import get_yaml_loader, yaml_load

from generator.pipeline.atomic import write_atomically
from generator.pipeline.mkdocs_config import BASE_CONFIG
from generator.pipeline.search_sections import search_entries, with_text
from generator.render.html_blocks import ASIDE, ASIDE_BLOCKS, SEARCH_BELOW, SEARCH_TEXT

THEME_FOLDER = "_theme"
_INDENTATION = re.compile(r"\n\s+")  # indentation and blank lines
# where AsideTables put a table back; data cannot forge it, it is escaped
ASIDE_MARK = "data-ck-aside"
_ASIDE_PLACEHOLDER = re.compile(f'<div {ASIDE_MARK}="([0-9]+)"></div>')


_THEME_ENVS: dict[tuple, Environment] = {}
_BYTECODE: list[BytecodeCache] = []


def use_bytecode_cache(cache: BytecodeCache) -> None:
    """Theme environments made from now on keep compiled templates in `cache`."""
    _BYTECODE[:] = [cache]
    for env in _THEME_ENVS.values():
        env.bytecode_cache = cache


def _shared_theme_env(theme: Theme) -> Environment:
    """One theme environment per worker for every unit it builds: Material's templates are then
    loaded and compiled once, not once per unit (and twice more by the search plugin)."""
    key = (tuple(theme.dirs), str(theme.locale))
    if key not in _THEME_ENVS:
        _THEME_ENVS[key] = Theme.get_env(theme)
        _THEME_ENVS[key].bytecode_cache = _BYTECODE[0] if _BYTECODE else None
    return _THEME_ENVS[key]


_THEME_LISTINGS: dict[tuple[str, ...], list[tuple[str, Path]]] = {}


def _theme_listing(config) -> list[tuple[str, Path]]:
    """(path inside the theme, source file) of the theme's static files, in path order, listed
    once per process (and inherited by forked workers): walking Material's folders for every
    unit would cost much of a small unit's build."""
    dirs = tuple(config.theme.dirs)
    if dirs not in _THEME_LISTINGS:
        files = Files([])
        _add_files_from_theme(files, config.theme.get_env(), config)
        _THEME_LISTINGS[dirs] = [
            (f.src_uri, Path(f.abs_src_path)) for f in sorted(files, key=lambda f: f.src_uri)
        ]
    return _THEME_LISTINGS[dirs]


_add_files_from_theme = Files.add_files_from_theme


class SharedThemeFiles(BasePlugin):
    """Theme files are not copied into each site (see theme_files); the top site alone
    keeps a 404 page, since hosts serve only the one at the root."""

    def __init__(self, tree_depth: int):
        super().__init__()
        self.tree_depth = tree_depth
        self.theme_uris: frozenset[str] = frozenset()

    def on_config(self, config):
        self.theme_uris = frozenset(uri for uri, _ in _theme_listing(config))
        if self.tree_depth:
            config.theme.static_templates.discard("404.html")
        return config

    def on_env(self, env, config, files):
        prefix = "../" * self.tree_depth + THEME_FOLDER + "/"

        @pass_context
        def shared_url(context, value):
            if str(value) in self.theme_uris:
                base = context["base_url"]
                # 404 pages use an absolute base: the host's root is the tree's
                if base.startswith("/"):
                    return f"{base.rstrip('/')}/{THEME_FOLDER}/{value}"
                return f"{base}/{prefix}{value}" if base not in ("", ".") else f"{prefix}{value}"
            return url_filter(context, value)

        # Workers share one environment across units: wrap Material's filter, never the last unit's
        # wrapper (a chain of every unit's plugin, kept alive and walked for each script).
        original_script_tag = getattr(
            env.filters["script_tag"], "wrapped", env.filters["script_tag"]
        )

        @pass_context
        def shared_script_tag(context, script):
            if str(script) in self.theme_uris:
                return Markup('<script src="{}"></script>').format(shared_url(context, str(script)))
            return original_script_tag(context, script)

        shared_script_tag.wrapped = original_script_tag
        env.filters["url"] = shared_url
        env.filters["script_tag"] = shared_script_tag
        return env


class LinkedDownloads(BasePlugin):
    """A site's downloads (the CSV files beside its pages) are hard-linked into the site instead
    of copied: creating a file is most of what writing it costs, and these are never changed in
    place. MkDocs leaves a file a plugin has put in the site already (its copy finds the same
    file). Without it: each is copied, with the same bytes."""

    def on_files(self, files, config):
        made = set()
        for file in files:
            if (
                file.is_documentation_page()
                or file.abs_src_path is None
                or file.inclusion.is_excluded()
            ):
                continue
            target = file.abs_dest_path
            folder = os.path.dirname(target)
            if folder not in made:
                os.makedirs(folder, exist_ok=True)
                made.add(folder)
            try:
                os.link(file.abs_src_path, target)
            except OSError:  # another file system, or links not allowed: MkDocs copies it
                pass
        return files


class NoindexOutOfSitemap(BasePlugin):
    """A page whose front matter says `robots` (the household lists, `noindex`: published for the
    commune's people, not for search engines) is left out of the site's sitemap.xml, which MkDocs
    writes with every page."""

    _URL = re.compile(r"\s*<url>\s*<loc>(.*?)</loc>.*?</url>", re.S)

    def __init__(self):
        super().__init__()
        self.hidden: set[str] = set()

    def on_page_markdown(self, markdown, page, config, files):
        if page.meta.get("robots"):
            self.hidden.add(page.canonical_url or page.abs_url)
        return markdown

    def on_post_template(self, output_content, template_name, config):
        if template_name != "sitemap.xml" or not self.hidden:
            return output_content
        return self._URL.sub(
            lambda m: "" if html.unescape(m.group(1)) in self.hidden else m.group(0),
            output_content,
        )


class AsideTables(BasePlugin):
    """Long tables (household lists, budget lines, rollups) and the blocks every page repeats
    stay out of the site search: once a page's Markdown is HTML, each block render.html_blocks
    marked as aside is set apart (before SearchEntries reads the page), and put back when the page
    is finished. Without this plugin (an engine that runs no MkDocs plugins, such as Zensical) the
    tables are in the page as they are, inside their two marker comments, and the engine's search
    indexes them."""

    def __init__(self):
        super().__init__()
        self.kept: dict[str, list[str]] = {}

    def on_page_content(self, html, page, config, files):
        if ASIDE not in html:
            return html
        kept = self.kept[page.file.src_uri] = []

        def set_apart(match) -> str:
            kept.append(match.group(1))
            return f'<div {ASIDE_MARK}="{len(kept) - 1}"></div>'

        return ASIDE_BLOCKS.sub(set_apart, html)

    def on_post_page(self, output, page, config):
        kept = self.kept.pop(page.file.src_uri, None)
        if not kept:
            return output
        return _ASIDE_PLACEHOLDER.sub(lambda m: kept[int(m.group(1))], output)


class InlineScriptHashes(BasePlugin):
    """The theme's few inline scripts are allowed by their SHA-256 in the page's
    Content-Security-Policy instead of 'unsafe-inline': injected script can never run. The
    finished page is also compacted first (indentation, blank lines, the config's JSON). MkDocs
    has no other place to see a page's final HTML. Without it (Zensical), the policy written in
    theme_overrides/main.html keeps 'unsafe-inline' and the pages keep their indentation."""

    _INLINE = re.compile(r"<script>(.*?)</script>", re.S)
    _SCRIPT_SRC = re.compile(r"(script-src 'self') 'unsafe-inline'")

    _CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)

    def on_post_page(self, output, page, config):
        return self._secured(output)

    def on_post_template(self, output_content, template_name, config):
        """The 404 page, a static template, gets the same policy as every page."""
        return self._secured(output_content) if template_name.endswith(".html") else output_content

    def _secured(self, output: str) -> str:
        if "<pre" not in output and "<textarea" not in output:  # indentation is a fifth of a page
            output = _INDENTATION.sub("\n", output)
        output = self._CONFIG.sub(
            lambda m: m.group(1) + _html_safe_json(json.loads(m.group(2))) + m.group(3),
            output,
            count=1,
        )
        hashes = sorted(
            {
                "'sha256-"
                + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
                + "'"
                for body in self._INLINE.findall(output)
            }
        )
        return self._SCRIPT_SRC.sub(lambda m: " ".join([m.group(1), *hashes]), output, count=1)


def _compact_json(data) -> str:
    """JSON in UTF-8 (its own encoding) rather than \\u escapes: Vietnamese text is a third
    shorter, for a phone to download."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _html_safe_json(data) -> str:
    """_compact_json, still unable to close its <script> element, as Jinja's tojson makes it."""
    return (
        _compact_json(data)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("'", "\\u0027")
    )


class SearchEntries(BasePlugin):
    """Each page's search entries come from search_sections.search_entries, read from its
    article once the aside tables are out (so listed after `congkhai/aside-tables`), with the
    words render/pages.py wrote for its sections in the docs' SEARCH_TEXT file (a household
    list's names, a budget table's lines: what a reader searches for in a table kept out, given
    outside the front matter, which MkDocs reads with a slow YAML parser); the page is then marked
    `search: exclude` for Material's search plugin, which would parse it again. Its index is
    rewritten with these entries in UTF-8, in the pages' order. A page whose front matter
    excludes it from search stays out. A district's or province's index ends with its communes'
    pages, given in the docs' SEARCH_BELOW file."""

    def on_config(self, config):
        self.entries: list[dict[str, str]] = []
        given = Path(config.docs_dir) / SEARCH_TEXT
        self.search_text = json.loads(given.read_text("utf-8")) if given.is_file() else {}
        below = Path(config.docs_dir) / SEARCH_BELOW
        self.below = json.loads(below.read_text("utf-8")) if below.is_file() else []
        return config

    def on_page_content(self, html, page, config, files):
        search = page.meta.get("search") or {}
        if search.get("exclude"):
            return html
        title = str(page.meta.get("title", page.title))
        # without the empty places the aside tables left: a page's first block is one
        entries = search_entries(_ASIDE_PLACEHOLDER.sub("", html), page.url, title)
        self.entries.extend(with_text(entries, self.search_text.get(page.file.src_uri) or []))
        page.meta["search"] = {**search, "exclude": True}
        return html

    def on_post_build(self, config):
        index = Path(config.site_dir) / "search" / "search_index.json"
        if index.is_file():
            data = json.loads(index.read_text(encoding="utf-8"))
            data["docs"] = [*self.entries, *data.get("docs", []), *self.below]
            index.write_text(_compact_json(data), encoding="utf-8")


def built_for_depth(site: Path, depth: int) -> bool:
    """Whether a built site's home page reaches the shared theme files from `depth` folders down
    (SharedThemeFiles): a site is built for its place in the tree, its links relative."""
    try:
        page = (site / "index.html").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return f'"{"../" * depth}{THEME_FOLDER}/' in page


def quiet_mkdocs() -> None:
    logging.getLogger("mkdocs").setLevel(logging.WARNING)


@functools.cache
def _base_settings() -> dict:
    """The repository's mkdocs.yml, read once a process with MkDocs's own YAML loader."""
    with open(BASE_CONFIG, "rb") as file:
        return yaml_load(file, get_yaml_loader())


def _config(config_file: Path, settings: dict) -> MkDocsConfig:
    """The configuration `config_file` holds (`settings`: what it says beside INHERIT), as
    load_config makes it: the inherited file deep-merged with it, then validated."""
    config = MkDocsConfig(config_file_path=str(config_file))
    own = {key: value for key, value in settings.items() if key != "INHERIT"}
    config.load_dict(mergedeep.merge(copy.deepcopy(_base_settings()), own))
    errors, warnings = config.validate()
    for name, problem in [*errors, *warnings]:
        logging.getLogger("mkdocs").warning(f"Config value '{name}': {problem}")
    if errors:
        raise ConfigurationError(f"{len(errors)} configuration errors")
    return config


def build_site(config_file: Path, settings: dict, tree_depth: int, build_date_epoch: int) -> None:
    """Build one site from its configuration (the file written from `settings`: any other engine
    reads that file). Raises MkDocs's Abort (or any error) when the site cannot be built."""
    # Dates in sitemap.xml follow the data; the caller's own value (the build date) is put back.
    caller_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(build_date_epoch)
    config = _config(config_file, settings)
    config.theme.get_env = functools.partial(_shared_theme_env, config.theme)
    config.plugins["congkhai/shared-theme"] = SharedThemeFiles(tree_depth)
    config.plugins["congkhai/linked-downloads"] = LinkedDownloads()
    config.plugins["congkhai/noindex-sitemap"] = NoindexOutOfSitemap()
    Files.add_files_from_theme = _no_theme_files  # SharedThemeFiles serves them from _theme/
    try:
        build(config)
    finally:
        Files.add_files_from_theme = _add_files_from_theme
        if caller_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = caller_epoch


def _no_theme_files(files, env, config) -> None:
    return None


def theme_files(cache: Path | None = None, fingerprint: str = "") -> list[tuple[str, Path]]:
    """(path inside _theme/, source file) of the theme's static files, shared by every site.
    Listing them means loading the base config and walking Material's folders (much of a
    one-commune rebuild): the list is kept in `cache` while the generator's
    fingerprint (theme and versions included) and the theme's folders stay the same."""
    if cache is not None and cache.is_file():
        try:
            stored = json.loads(cache.read_text(encoding="utf-8"))
            files = [(uri, Path(source)) for uri, source in stored["files"]]
            if stored["fingerprint"] == fingerprint and all(
                map(Path.is_file, (source for _, source in files))
            ):
                _THEME_LISTINGS[tuple(stored["dirs"])] = files  # workers forked from here find it
                return files
        except (OSError, ValueError, KeyError, TypeError):  # a damaged list is made again
            pass
    config = load_config(config_file=str(BASE_CONFIG))
    _THEME_LISTINGS.pop(tuple(config.theme.dirs), None)  # list again, not what this process kept
    files = _theme_listing(config)  # workers forked from here find it
    if cache is not None:
        write_atomically(
            cache,
            json.dumps(
                {
                    "fingerprint": fingerprint,
                    "dirs": list(config.theme.dirs),
                    "files": [[uri, str(source)] for uri, source in files],
                }
            ).encode(),
        )
    return files
