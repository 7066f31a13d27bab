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
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if field.categories:
        return neutralise(field.label(value))
    return neutralise(str(value))


def table_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([f.title for f in table.schema.fields])
    for row in table.rows:
        writer.writerow([_cell(f, row[f.name]) for f in table.schema.fields])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")
