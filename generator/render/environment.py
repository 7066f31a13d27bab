"""Jinja environment for Markdown pages, with every data value escaped on output.

Values from data files are untrusted. `finalize` escapes every `{{ }}` output that is not
Markup, so a value can never become HTML, Markdown structure (tables, links, headings,
attribute lists) or template syntax. Numbers and dates formatted by render.filters and
links built by `link` are Markup because the generator itself produced them.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, StrictUndefined
from markupsafe import Markup

from generator.model.facts import RollupRow
from generator.model.formatting import number
from generator.model.text import UNIT_CACHE_SIZE, clean
from generator.render.filters import FILTERS, NO_VALUE, figure_value

TEMPLATES = Path(__file__).parent / "templates"
# Letters (any script), digits, spaces and punctuation that cannot start Markdown or HTML syntax
# in the middle of a line stay as they are; everything else becomes a numeric character reference.
_UNSAFE_CHARS = re.compile(r"[^\w ,./():;?%-]|_", re.UNICODE)
_URL = re.compile(r"^[A-Za-z0-9._~/#-]*$")


def escape_markdown(value) -> Markup:
    if isinstance(value, Markup):
        return value
    return _escaped_text(str(value))


@lru_cache(maxsize=UNIT_CACHE_SIZE)  # a unit's villages, categories and names repeat across its pages
def _escaped_text(text: str) -> Markup:
    text = _UNSAFE_CHARS.sub(lambda m: f"&#{ord(m.group())};", clean(text))
    if text.startswith("-"):  # a leading hyphen could start a list or a rule
        text = "&#45;" + text[1:]
    return Markup(text)


FRAGMENTS_FILE = "fragments.json"  # beside a unit's docs/, not inside: MkDocs would publish it
FRAGMENT_MARK = "data-ck-fragment"  # put back into the finished page: not in the search index
CONTENT_MARK = "data-ck-content"  # put back into the page's content: searchable

# HTML lets a cell's and a row's end tag be left out when the next cell or row (or the end of the
# group) follows: a fifth of a long list's bytes. Only in tables Material's search parser never
# reads (it expects every end tag); data cannot contain a tag, it is escaped.
_CELL_END = re.compile(r"</t[dh]>(?=<t[dh][ >]|</tr>)")
_ROW_END = re.compile(r"</tr>\n?(?=<tr[ >]|</tbody>|</thead>|</tfoot>)")


def omit_optional_end_tags(html: str) -> str:
    return _ROW_END.sub("", _CELL_END.sub("", html))


class FragmentCollector:
    """`{% call fragment() %}<table>…</table>{% endcall %}` in a page template: the block's HTML
    (escaped like any output) is kept aside and a placeholder stands in the Markdown;
    mkdocs_build.TableFragments puts it back, after the search index has seen the page, or
    before with `fragment(searchable=true)`. Python-Markdown never parses the HTML's cells, so
    its links must be final URLs (html_link), and the HTML sets its own alignment (no classes on
    <table>: Material styles only tables without one). One collector serves a whole site, whose
    fragments are written to one file (a file per table cost more than writing the table)."""

    def __init__(self):
        self.parts: dict[str, str] = {}
        self.prefix, self.count = "", 0

    def for_page(self, page_path: str) -> "FragmentCollector":
        self.prefix = re.sub(r"[^a-z0-9]+", "-", page_path.removesuffix(".md").lower()).strip("-")
        self.count = 0
        return self

    def __call__(self, caller, searchable: bool = False) -> Markup:
        self.count += 1
        name = f"{self.prefix}-{self.count}"
        if name in self.parts:
            raise ValueError(f"two pages share the fragment name {name}")
        html = str(caller())
        self.parts[name] = html if searchable else omit_optional_end_tags(html)
        return Markup(f'<div {CONTENT_MARK if searchable else FRAGMENT_MARK}="{name}"></div>')

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(self.parts, ensure_ascii=False), encoding="utf-8")


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
    """An HTML link, for tables written as HTML (see FragmentCollector)."""
    return Markup(f'<a href="{_generated_url(url)}">{escape_markdown(text)}</a>')


def unit_th(row: RollupRow, root: str) -> Markup:
    """The first cell of a rollup row in an HTML table: the unit's name, linked to its site,
    indented by its depth below the page's unit; units that add up others in bold. (A function,
    not a macro: a province's rollups have one per commune per table.)"""
    classes = f"ck-d{min(row.depth - 1, 3)}" + ("" if row.is_leaf else " ck-sum")
    return Markup(f'<th scope="row" class="{classes}">{html_link(row.title, root + row.url)}</th>')


def html_rows(rows) -> Markup:
    """<tr> rows of an HTML table from rows of plain values: text escaped, numbers grouped. A
    function, not a template loop: a commune's household lists have thousands of rows, and the
    loop's work per cell was a tenth of building a commune."""
    return Markup("\n".join("<tr>" + "".join(f"<td>{_html_cell(value)}</td>" for value in row) + "</tr>"
                             for row in rows))


def _html_cell(value) -> str:
    return escape_markdown(value) if isinstance(value, str) else number(value)


def mailto(address: str) -> Markup:
    """A mail link for an address already validated in unit.yaml; text otherwise."""
    if re.fullmatch(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", address or ""):
        return Markup(f"[{escape_markdown(address)}](mailto:{address})")
    return escape_markdown(address or "")


def relative(from_page: str, to_page: str) -> str:
    """Relative link between two pages of one unit's docs ('a/b.md' -> 'c.md' gives '../c.md')."""
    depth = from_page.count("/")
    return "../" * depth + to_page


@lru_cache(maxsize=None)
def environment(kind_dirs: tuple[tuple[str, Path], ...]) -> Environment:
    loader = ChoiceLoader([
        FileSystemLoader(TEMPLATES),
        PrefixLoader({name: FileSystemLoader(path / "templates") for name, path in kind_dirs}),
    ])
    env = Environment(loader=loader, autoescape=True, finalize=_finalize, undefined=StrictUndefined,
                      keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(FILTERS)
    env.filters["md"] = escape_markdown
    env.globals.update(link=link, html_link=html_link, unit_th=unit_th, mailto=mailto, relative=relative,
                       html_rows=html_rows, figure_value=figure_value)
    return env
