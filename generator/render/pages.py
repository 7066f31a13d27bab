"""Writing a site's pages: each PageSpec's template rendered to Markdown with its front matter,
and its downloads beside it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import yaml
from jinja2 import Environment

from generator.kinds.registry import all_kinds
from generator.model.pages import PageSpec, served_url
from generator.model.units import Unit
from generator.render import links
from generator.render.crumbs import crumbs, section_titles
from generator.render.data_package import PACKAGE_FILE, data_package, resources
from generator.render.downloads import page_files
from generator.render.environment import environment
from generator.render.html_blocks import SEARCH_TEXT
from generator.render.printing import printed_page

FORMER_UNITS = "former_units.md.j2"
# libyaml's dumper when PyYAML has it: front matter holds every page's steps up the tree
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def page_environment() -> Environment:
    """The Jinja environment of the shared templates and every kind's (under its name)."""
    return environment(tuple((kind.name, kind.dir) for kind in all_kinds()))


def set_as_of(day: dt.date) -> None:
    """The day the pages' posting statuses are stated for."""
    page_environment().globals["as_of"] = day


def render_pages(
    docs: Path,
    pages: list[PageSpec],
    unit: Unit | None = None,
    site_url: str = "",
    ancestors: list[Unit] | None = None,
    nav: list[dict] | None = None,
) -> None:
    """Write `pages` of `unit`'s site (None: the tree's top site; `ancestors`: the units above
    it; `nav`: its navigation, for its sections' titles) into its docs folder. `site_url`: where
    the site is served, when known: a printed page then carries a QR code to its address (else
    its path in the published tree)."""
    env = page_environment()
    made = {docs}
    sections = section_titles(nav or [])
    search_text = {}
    package = []
    # the home page links to the package when there is one: any page offers a table
    tables = unit is not None and any(d.made is None for p in pages for d in p.downloads)
    for page in pages:
        target = docs / page.path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        stem = page.path.rsplit("/", 1)[-1].removesuffix(".md")
        # a folder's index page names its workbook after the folder (tong-hop-2025.xlsx)
        offered = page_files(
            page.folder.rsplit("/", 1)[-1] if stem == "index" else stem, page.downloads
        )
        package += resources(page.folder, offered)
        address = (site_url or (unit.url_path if unit else "")) + served_url(page.path)
        printed = printed_page(address, bool(site_url), stem, offered.offered)
        values = {"unit": unit} | page.context
        values.update(
            root=links.to_site_root(page.path),
            to_unit=links.to_unit,
            page_path=page.path,
            printed=printed,
            files=offered,
            data_package=PACKAGE_FILE if tables else "",
        )
        text = env.get_template(page.template).render(**values)
        # what the units it replaced published, or a rollup row made of them (the 2025 reform)
        if page.context.get("former_history") or page.context.get("merged_rows"):
            text += env.get_template(FORMER_UNITS).render(**values)
        front_matter = page.front_matter()
        if "search_text" in front_matter:
            search_text[page.path] = front_matter.pop("search_text")
        if unit is not None:
            front_matter["crumbs"] = crumbs(page, unit, ancestors or [], sections)
        front = yaml.dump(front_matter, Dumper=_DUMPER, allow_unicode=True, sort_keys=False)
        target.write_text(f"---\n{front}---\n{text}", encoding="utf-8")
        for name, data in {**offered.files, **printed.made}.items():
            (target.parent / name).write_bytes(data)
    if unit is not None and package:
        (docs / PACKAGE_FILE).write_bytes(data_package(unit, package))
    if search_text:  # beside the pages, hidden from MkDocs (a dot file): see SEARCH_TEXT
        (docs / SEARCH_TEXT).write_text(json.dumps(search_text, ensure_ascii=False), "utf-8")
