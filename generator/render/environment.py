"""Jinja environment for Markdown pages, with every data value escaped on output.

Values from data files are untrusted. `finalize` escapes every `{{ }}` output that is not
Markup, so a value can never become HTML, Markdown structure (tables, links, headings,
attribute lists) or template syntax. Numbers and dates formatted by render.filters and
links built by `link` are Markup because the generator itself produced them.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache, lru_cache
from pathlib import Path

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    pass_context,
)
from markupsafe import Markup

from generator.model.facts import RollupRow
from generator.model.formatting import number
from generator.model.pages import page_url
from generator.model.posting import lateness_text
from generator.model.text import UNIT_CACHE_SIZE, clean
from generator.render.charts import bar_chart
from generator.render.filters import FILTERS, NO_VALUE, figure_value
from generator.render.html_blocks import html_block
from generator.render.posting_html import missing_html, status_html

TEMPLATES = Path(__file__).parent / "templates"
# Letters (any script), digits, spaces and punctuation that cannot start Markdown or HTML syntax
# in the middle of a line stay as they are; everything else becomes a numeric character reference.
_UNSAFE_CHARS = re.compile(r"[^\w ,./():;?%-]|_", re.UNICODE)
_URL = re.compile(r"^[A-Za-z0-9._~/#-]*$")


def escape_markdown(value) -> Markup:
    if isinstance(value, Markup):
        return value
    return _escaped_text(str(value))


# A unit's villages, categories and names repeat across its pages.
@lru_cache(maxsize=UNIT_CACHE_SIZE)
def _escaped_text(text: str) -> Markup:
    text = _UNSAFE_CHARS.sub(lambda m: f"&#{ord(m.group())};", clean(text))
    if text.startswith("-"):  # a leading hyphen could start a list or a rule
        text = "&#45;" + text[1:]
    return Markup(text)


def _finalize(value):
    if value is None:
        return NO_VALUE
    return escape_markdown(value)


def _generated_url(url: str) -> str:
    """A URL the generator built: relative paths from slugs only."""
    if not _URL.match(url):
        raise ValueError(f"refusing to emit an unexpected URL: {url!r}")
    return url


def link(text, url: str) -> Markup:
    """A Markdown link."""
    return Markup(f"[{escape_markdown(text)}]({_generated_url(url)})")


def html_link(text, url: str) -> Markup:
    """An HTML link, for tables written as HTML (see html_blocks)."""
    return Markup(f'<a href="{_generated_url(url)}">{escape_markdown(text)}</a>')


@pass_context
def unit_th(context, row: RollupRow, root: str) -> Markup:
    """The first cell of a rollup row in an HTML table: the unit's name, linked to its page of
    the rollup's year (a commune's, or the rollup of a unit with units below) when it has figures
    for it, else to its home; indented by its depth below the page's unit; units that add up
    others in bold. (A function, not a macro: a province's rollups have one per commune per
    table.)"""
    classes = f"ck-d{min(row.depth - 1, 3)}" + ("" if row.is_leaf else " ck-sum")
    pages, year = context.get("row_pages"), context.get("year")
    target = root + row.url
    if pages and year in row.earlier:  # its section, which leads to its former units' pages
        target += pages[0].split("/", 1)[0] + "/"
    elif pages and year in row.summary.years:
        target += pages[0] if row.is_leaf else pages[1]
    return Markup(f'<th scope="row" class="{classes}">{html_link(row.title, target)}</th>')


def html_rows(rows) -> Markup:
    """<tr> rows of an HTML table from rows of plain values: text escaped, numbers grouped. A
    function, not a template loop: a commune's household lists have thousands of rows, and a
    loop's work per cell would be a large share of building a commune."""
    return Markup(
        "\n".join(
            "<tr>" + "".join(f"<td>{_html_cell(value)}</td>" for value in row) + "</tr>"
            for row in rows
        )
    )


def _html_cell(value) -> str:
    return _escaped_text(value) if type(value) is str else number(value)


def mailto(address: str) -> Markup:
    """A mail link for an address already validated in unit.yaml; text otherwise."""
    if re.fullmatch(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", address or ""):
        return Markup(f"[{escape_markdown(address)}](mailto:{address})")
    return escape_markdown(address or "")


def relative(from_page: str, to_page: str) -> str:
    """Relative link between two pages of one unit's docs ('a/b.md' -> 'c.md' gives '../c.md')."""
    depth = from_page.count("/")
    return "../" * depth + to_page


@cache
def environment(kind_dirs: tuple[tuple[str, Path], ...]) -> Environment:
    loader = ChoiceLoader(
        [
            FileSystemLoader(TEMPLATES),
            PrefixLoader({name: FileSystemLoader(path / "templates") for name, path in kind_dirs}),
        ]
    )
    env = Environment(
        loader=loader,
        autoescape=True,
        finalize=_finalize,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    env.filters["md"] = escape_markdown
    env.filters["next_day"] = lambda day: day + dt.timedelta(days=1)
    env.globals.update(
        link=link,
        html_link=html_link,
        page_url=page_url,
        unit_th=unit_th,
        mailto=mailto,
        relative=relative,
        html_rows=html_rows,
        figure_value=figure_value,
        html_block=html_block,
        bar_chart=bar_chart,
        as_of=None,  # the build date: set_as_of
    )
    env.globals["posting_status"] = lambda record: status_html(record, env.globals["as_of"])
    env.globals["missing_status"] = lambda expected: missing_html(expected, env.globals["as_of"])
    env.globals["lateness"] = lateness_text
    return env
