"""Corrections (Law 10/2022 Art. 14): a dataset re-published after a correction keeps its earlier
versions in its folder (cac-ban-truoc/1/, 2/, …, each as it was published); what changed from one
version to the next is worked out here, row by row, by the table's key."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from generator.model.formatting import date, number
from generator.model.schema import Field, TableSchema
from generator.model.tables import Table

VERSIONS_FOLDER = "cac-ban-truoc"
ADDED, REMOVED, CHANGED = "added", "removed", "changed"


@dataclass
class Version:
    """An earlier published version of a dataset: its number (1 for the first), metadata, tables."""

    number: int
    shown_folder: str
    metadata: dict
    tables: dict[str, Table]
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def posted(self) -> dt.date:
        return self.metadata["posted"]


@dataclass(frozen=True)
class CellChange:
    column: str  # the field's title
    before: str
    after: str


@dataclass(frozen=True)
class RowChange:
    state: str  # added | removed | changed
    row: str  # the row as a reader names it: its key's values, or its whole text
    line: int  # its line in the file it is in (the new one; the old one for a removed row)
    cells: tuple[CellChange, ...] = ()


@dataclass(frozen=True)
class TableChanges:
    title: str
    rows: tuple[RowChange, ...]

    def count(self, state: str) -> int:
        return sum(change.state == state for change in self.rows)


def shown(value) -> str:
    """A typed value as a reader of the change list reads it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, Decimal):
        return number(value, max(0, -value.normalize().as_tuple().exponent))
    if isinstance(value, int):
        return number(value)
    if isinstance(value, dt.date):
        return date(value)
    if isinstance(value, tuple):
        return "; ".join(map(str, value))
    return str(value)


def _labelled(f: Field, value) -> str:
    if f.categories and value is not None:
        if isinstance(value, tuple):
            return "; ".join(f.label(v) for v in value)
        return f.label(value)
    return shown(value)


def table_changes(schema: TableSchema, before: Table | None, after: Table | None) -> TableChanges:
    """What changed in one table from a version to the next: rows matched by the table's key (or,
    without one, by all their values, so a changed row shows as removed and added)."""
    fields = schema.fields
    key = [schema.field(name) for name in schema.primary_key] or list(fields)

    def keyed(table: Table | None) -> dict[tuple, tuple[dict, int]]:
        if table is None:
            return {}
        return {tuple(row.get(f.name) for f in key): (row, line) for row, line in table.numbered()}

    old, new = keyed(before), keyed(after)

    def name(row: dict) -> str:
        return " – ".join(_labelled(f, row.get(f.name)) for f in key if row.get(f.name) is not None)

    changes = []
    for k, (row, line) in new.items():
        if k not in old:
            changes.append(RowChange(ADDED, name(row), line))
            continue
        earlier = old[k][0]
        cells = tuple(
            CellChange(f.title, _labelled(f, earlier.get(f.name)), _labelled(f, row.get(f.name)))
            for f in fields
            if earlier.get(f.name) != row.get(f.name)
        )
        if cells:
            changes.append(RowChange(CHANGED, name(row), line, cells))
    for k, (row, line) in old.items():
        if k not in new:
            changes.append(RowChange(REMOVED, name(row), line))
    order = {CHANGED: 0, ADDED: 1, REMOVED: 2}
    changes.sort(key=lambda c: (order[c.state], c.line))
    return TableChanges(schema.title, tuple(changes))
