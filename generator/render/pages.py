"""Writing a site's pages: each PageSpec's template rendered to Markdown with its front matter,
and its downloads beside it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from jinja2 import Environment

from generator.kinds.registry import all_kinds
from generator.model.pages import PageSpec
from generator.render import links
from generator.render.downloads import download_bytes
from generator.render.environment import environment


def page_environment() -> Environment:
    """The Jinja environment of the shared templates and every kind's (under its name)."""
    return environment(tuple((kind.name, kind.dir) for kind in all_kinds()))


def set_as_of(day: dt.date) -> None:
    """The day the pages' posting statuses are stated for."""
    page_environment().globals["as_of"] = day


def render_pages(docs: Path, pages: list[PageSpec]) -> None:
    """Write `pages` into a site's docs folder."""
    env = page_environment()
    made = {docs}
    for page in pages:
        target = docs / page.path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        text = env.get_template(page.template).render(
            **page.context,
            root=links.to_site_root(page.path),
            to_unit=links.to_unit,
            page_path=page.path,
        )
        front = yaml.safe_dump(page.front_matter(), allow_unicode=True, sort_keys=False)
        target.write_text(f"---\n{front}---\n{text}", encoding="utf-8")
        for download in page.downloads:
            (target.parent / download.name).write_bytes(download_bytes(download))
