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

from generator.tables import Table

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _cell(field, value) -> str:
    """A value as text; `field` (None for plain values) turns a category code into its label."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if field is not None and field.categories:
        return neutralise(field.label(value))
    return neutralise(str(value))


def table_csv(table: Table) -> bytes:
    return _csv([f.title for f in table.schema.fields],
                ([_cell(f, row[f.name]) for f in table.schema.fields] for row in table.rows))


def values_csv(header: list[str], rows) -> bytes:
    """Rows of plain values (text, numbers, dates, None) under a header, written as table_csv's."""
    return _csv(header, ([_cell(None, value) for value in row] for row in rows))


def _csv(header: list[str], cells) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(cells)
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")
