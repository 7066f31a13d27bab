"""Tables offered for download beside each dataset page: CSV in UTF-8 with a byte-order mark
(Excel opens it with the diacritics intact), plain numbers and ISO dates for machines.

Only validated rows are written, so they have passed the personal-data guard. A cell that a
spreadsheet would read as a formula (=, +, -, @, tab, carriage return first) is prefixed with
an apostrophe: a downloaded file can never run a formula on a citizen's computer.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from generator.model.pages import Download
from generator.model.tables import Table

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _cell(value) -> str:
    """A value as text: numbers plain, dates in ISO form, a text that could start a formula
    neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise(str(value))


def _column(field):
    """_cell for one column, decided once: a commune's household list has tens of thousands of
    cells, and the text and category columns need none of _cell's checks by type."""
    if field.categories:
        return lambda value: "" if value is None else neutralise(field.label(value))
    if field.type == "string":  # a converted text cell is text
        return lambda value: "" if value is None else neutralise(value)
    return _cell


def table_csv(table: Table, named: dict[str, dict] | None = None) -> bytes:
    """The table's rows under its schema's titles, optional columns no row fills left out. `named`
    maps a field to {stored value: what a reader should see}, e.g. a village's code to its name."""
    named = named or {}
    # an optional column no row fills (a household code, kept for namesakes) is left out
    fields = [
        f
        for f in table.schema.fields
        if f.required or any(row.get(f.name) is not None for row in table.rows)
    ]
    columns = [(f.name, _named(named[f.name]) if f.name in named else _column(f)) for f in fields]
    return _csv(
        [f.title for f in fields],
        ([cell(row[name]) for name, cell in columns] for row in table.rows),
    )


def _named(names: dict):
    return lambda value: "" if value is None else neutralise(str(names.get(value, value)))


def values_csv(header: list[str], rows) -> bytes:
    """Rows of plain values (text, numbers, dates, None) under a header, written as table_csv's."""
    return _csv(header, ([_cell(value) for value in row] for row in rows))


def _csv(header: list[str], cells) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(cells)
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def download_bytes(download: Download) -> bytes:
    """The file a Download describes."""
    if download.made is not None:
        return download.made
    if download.table is not None:
        return table_csv(download.table, download.named)
    return values_csv(list(download.header), download.rows)
