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
