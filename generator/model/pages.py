"""What a unit's site is made of before it is rendered: pages to write and files to offer."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.model.tables import Table


@dataclass(frozen=True)
class Download:
    """A file offered beside a page: a CSV file of a table's rows under its schema's titles
    (`named` maps a field to {stored value: what a reader should see}), or of plain `rows` under
    `header`; or a file `made` already."""

    title: str  # the link's text
    name: str  # the file's name, beside the page
    table: Table | None = None
    named: dict[str, dict] = field(default_factory=dict)
    header: tuple[str, ...] = ()
    rows: tuple[tuple, ...] = ()
    made: bytes | None = None  # a file made whole already (a feed, a calendar)
    # also in the page's Excel workbook: not a province's joined tables, whose cells are too
    # many to write on every commune's change (generator/README, Performance)
    workbook: bool = True


@dataclass
class PageSpec:
    """One Markdown page to write: its path in the unit's docs, template, context and nav place."""

    path: str
    template: str
    context: dict
    nav_title: str
    downloads: list[Download] = field(default_factory=list)  # beside the page, in its folder
    # Front matter. The page title always comes from here, never from the page's first heading:
    # headings hold data, and the theme prints the title through `striptags`, which unescapes.
    meta: dict = field(default_factory=dict)
    title: str = ""

    @property
    def folder(self) -> str:
        return self.path.rsplit("/", 1)[0] if "/" in self.path else ""

    def front_matter(self) -> dict:
        return {"title": self.title or self.nav_title, **self.meta}


def served_depth(docs_path: str) -> int:
    """How many folders deep a docs page is served below its site's root (directory URLs:
    'a/b.md' at 'a/b/', 'a/index.md' at 'a/')."""
    parts = docs_path.split("/")
    return len(parts) - 1 if parts[-1] == "index.md" else len(parts)


def served_url(docs_path: str) -> str:
    """Where a docs file is served, from its site's root: 'a/b.md#x' -> 'a/b/#x', 'a/index.md'
    -> 'a/', 'a/x.csv' unchanged."""
    path, hash_, anchor = docs_path.partition("#")
    if path == "index.md" or path.endswith("/index.md"):
        path = path[: -len("index.md")]
    elif path.endswith(".md"):
        path = path[:-3] + "/"
    return path + hash_ + anchor


def page_url(from_page: str, to: str) -> str:
    """The relative URL from docs page `from_page` to docs file `to` (both from the docs root),
    for links written as HTML, which MkDocs does not rewrite as it does Markdown links."""
    return "../" * served_depth(from_page) + served_url(to) or "./"
