"""Tables offered for download beside each page, in three formats made from the same rows:

- CSV in UTF-8 with a byte-order mark (Excel opens it with the diacritics intact), plain numbers
  and ISO dates for machines;
- JSON, an array of rows under a first row of the columns' machine names;
- XLSX, one workbook per page with a sheet per table: Vietnamese headers in a frozen first row,
  numbers formatted «#,##0» (a Vietnamese Excel shows 1.234.567), dates dd/mm/yyyy.

Only validated rows are written, so they have passed the personal-data guard. A CSV cell that a
spreadsheet would read as a formula (=, +, -, @, tab, carriage return first) is prefixed with an
apostrophe; an XLSX cell is always typed as text, never as a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

import xlsxwriter
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from slugify import slugify

from generator.model.pages import Download
from generator.model.schema import Field
from generator.model.tables import Table

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Lists of named people: their files end so, which robots.txt keeps crawlers off
PEOPLE_SUFFIX = "-danh-sach"
# A workbook's stated creation date, so that its bytes depend on its rows only (XlsxWriter dates
# its zip entries 1980-01-01 itself)
_EXCEL_DATE = dt.datetime(2000, 1, 1)
# Text is written as text: never a formula, a number or a link, whatever it starts with
_XLSX_OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}


@dataclass(frozen=True)
class Column:
    """One column of a table offered for download."""

    key: str  # its name in JSON and in the data package: the schema field's name, else a slug
    title: str  # its header in CSV and XLSX
    type: str  # Frictionless: string, integer, number, date or boolean
    decimals: int = 0  # digits after the decimal comma in XLSX, for a number column
    unit: str = ""


@dataclass(frozen=True)
class TableFile:
    """A table as its downloads hold it: columns and rows of plain values (codes as names,
    categories as their labels; numbers as Decimal or int, dates, booleans, text, None)."""

    title: str
    stem: str  # its CSV and JSON files' name without the suffix
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...]
    people: bool = False  # it lists named people (see PEOPLE_SUFFIX)


@dataclass(frozen=True)
class Sheet:
    """A table as a sheet of a workbook."""

    name: str
    table: TableFile


@dataclass(frozen=True)
class OfferedFile:
    """A file a reader can download from a page, as the page lists it."""

    name: str
    format: str  # csv, json, xlsx or what a made file is
    title: str  # what it holds
    size: int
    sha256: str


@dataclass
class PageFiles:
    """What a page offers: its files' bytes by name, the tables they hold, and the list shown."""

    files: dict[str, bytes]
    tables: list[TableFile]
    offered: list[OfferedFile]
    workbooks: dict[str, list[Sheet]]  # an XLSX file's name -> its sheets


def neutralise(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# -- a table's rows as plain values --------------------------------------------------------------


def table_file(download: Download) -> TableFile | None:
    """The table a download offers; None for a file made whole already (a feed, a calendar)."""
    stem = download.name.removesuffix(".csv")
    if download.made is not None:
        return None
    if download.table is not None:
        return _schema_table(download, stem)
    rows = tuple(tuple(row) for row in download.rows)
    keys = json_keys(download.header)
    columns = tuple(
        _inferred(key, title, [row[i] for row in rows])
        for i, (key, title) in enumerate(zip(keys, download.header, strict=True))
    )
    return TableFile(download.title, stem, columns, rows)


def _schema_table(download: Download, stem: str) -> TableFile:
    table: Table = download.table
    named = download.named or {}
    # an optional column no row fills (a household code, kept for namesakes) is left out
    fields = [
        f
        for f in table.schema.fields
        if f.required or any(row.get(f.name) is not None for row in table.rows)
    ]
    plain = [_named(named[f.name]) if f.name in named else _plain(f) for f in fields]
    rows = tuple(
        tuple(value(row.get(f.name)) for f, value in zip(fields, plain, strict=True))
        for row in table.rows
    )
    columns = tuple(
        _field_column(f, f.name in named, [row[i] for row in rows]) for i, f in enumerate(fields)
    )
    people = any(f.person_name for f in fields)
    return TableFile(download.title or table.schema.title, stem, columns, rows, people)


def _plain(field: Field) -> Callable:
    """A stored value of the field as its downloads hold it: categories as their labels."""
    if field.categories:
        if field.multiple:
            return lambda v: None if v is None else "; ".join(field.label(x) for x in v)
        return lambda v: None if v is None else field.label(v)
    return lambda v: v


def _named(names: dict) -> Callable:
    return lambda value: None if value is None else str(names.get(value, value))


def _field_column(field: Field, named: bool, values: list) -> Column:
    if named or field.categories:
        kind = "string"
    elif field.type == "number":
        kind = "integer" if field.whole or _all_whole(values) else "number"
    else:
        kind = field.type
    return Column(field.name, field.title, kind, _decimals(values, field.decimals), field.unit)


def _inferred(key: str, title: str, values: list) -> Column:
    """A column of plain rows, typed by what its values are."""
    present = [v for v in values if v is not None and v != ""]
    if present and all(isinstance(v, bool) for v in present):
        return Column(key, title, "boolean")
    if present and all(isinstance(v, int | Decimal) and not isinstance(v, bool) for v in present):
        kind = "integer" if _all_whole(present) else "number"
        return Column(key, title, kind, _decimals(present, None))
    if present and all(isinstance(v, dt.date) for v in present):
        return Column(key, title, "date")
    return Column(key, title, "string")


def _all_whole(values: Iterable) -> bool:
    return all(v == int(v) for v in values if isinstance(v, int | Decimal))


def _decimals(values: Iterable, stated: int | None) -> int:
    """How many digits after the comma a number column shows: as stated, else its values' most."""
    places = [
        -v.normalize().as_tuple().exponent
        for v in values
        if isinstance(v, Decimal) and v != v.to_integral_value()
    ]
    most = max(places, default=0)
    return min(most, stated) if stated is not None else min(most, 6)


def json_keys(titles: Iterable[str]) -> list[str]:
    """Machine names for headers: their slugs, numbered when two are alike."""
    keys: list[str] = []
    for title in titles:
        key = slugify(title, separator="_") or "cot"
        while key in keys:
            key += "_"
        keys.append(key)
    return keys


# -- the three formats ---------------------------------------------------------------------------


def csv_bytes(table: TableFile) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.title for c in table.columns])
    writer.writerows([_csv_cell(v) for v in row] for row in table.rows)
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def _csv_cell(value) -> str:
    """A value as text: numbers plain, dates in ISO form, a text that could start a formula
    neutralised."""
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, int):  # a negative count is a number, never a formula
        return str(value)
    if isinstance(value, Decimal):  # never an exponent (1.2E-7)
        return format(value.normalize() if value == value.to_integral_value() else value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise(str(value))


def json_bytes(table: TableFile) -> bytes:
    """An array of rows, the first holding the columns' machine names (Frictionless's tabular
    JSON): a row a line, about the size of the CSV file, as no row repeats the keys."""
    rows = [[c.key for c in table.columns]] + [list(map(_json_value, row)) for row in table.rows]
    lines = ",\n".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in rows)
    return f"[\n{lines}\n]\n".encode()


def _json_value(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def xlsx_bytes(sheets: list[Sheet]) -> bytes:
    """One workbook of the sheets, each's header row bold and frozen."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, _XLSX_OPTIONS)
    book.set_properties({"author": "congkhai", "created": _EXCEL_DATE})
    bold = book.add_format({"bold": True})
    formats: dict[str, object] = {}
    for one in sheets:
        table = one.table
        sheet = book.add_worksheet(one.name)
        sheet.freeze_panes(1, 0)
        shown = []
        for i, column in enumerate(table.columns):
            width = max([len(column.title)] + [len(str(row[i] or "")) for row in table.rows])
            sheet.set_column(i, i, min(max(width, 8) + 2, 60))
            sheet.write_string(0, i, _text(column.title), bold)
            pattern = _number_format(column)
            if pattern and pattern not in formats:
                formats[pattern] = book.add_format({"num_format": pattern})
            shown.append(formats.get(pattern))
        for r, row in enumerate(table.rows, start=1):
            for i, value in enumerate(row):
                _write_cell(sheet, r, i, value, shown[i])
    book.close()
    return out.getvalue()


def _write_cell(sheet, row: int, column: int, value, shown) -> None:
    # an empty text, not an absent cell: readers then see every row whole
    if value is None or isinstance(value, str):
        sheet.write_string(row, column, _text(value or ""))
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, column, dt.datetime.combine(value, dt.time()), shown)
    else:
        sheet.write_number(row, column, value, shown)


def _text(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _sheet_name(title: str, taken: set[str]) -> str:
    """An Excel sheet name: at most 31 letters, none of []:*?/\\, no apostrophe at either end,
    unique in its workbook."""
    name = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip(" '")[:31].strip(" '")
    name = name or "Bang"
    base, n = name, 2
    while name.casefold() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.casefold())
    return name


def _number_format(column: Column) -> str | None:
    if column.type == "integer":
        return "#,##0"
    if column.type == "number":
        return "#,##0" + ("." + "0" * column.decimals if column.decimals else "")
    if column.type == "date":
        return "dd/mm/yyyy"
    return None


# -- what a page offers --------------------------------------------------------------------------


def page_files(page_stem: str, downloads: list[Download]) -> PageFiles:
    """The files offered beside a page: each table as CSV and JSON, the page's tables together in
    one workbook named after the page (a page's one table, and each table of named people, in
    a workbook named as its CSV), and files made whole."""
    files: dict[str, bytes] = {}
    offered: list[OfferedFile] = []
    workbooks: dict[str, list[Sheet]] = {}
    sheet_names: dict[str, set[str]] = {}

    def offer(name: str, fmt: str, title: str, data: bytes) -> None:
        files[name] = data
        offered.append(OfferedFile(name, fmt, title, len(data), hashlib.sha256(data).hexdigest()))

    made = {d.name: d for d in downloads if d.made is not None}
    tables = [t for t in map(table_file, downloads) if t is not None]
    in_books = {d.name.removesuffix(".csv") for d in downloads if d.workbook}
    together = sum(not t.people and t.stem in in_books for t in tables) > 1
    for download in made.values():
        offer(download.name, download.name.rsplit(".", 1)[-1], download.title, download.made)
    for table in tables:
        offer(f"{table.stem}.csv", "csv", table.title, csv_bytes(table))
        offer(f"{table.stem}.json", "json", table.title, json_bytes(table))
        if table.stem not in in_books:
            continue
        book = f"{page_stem}.xlsx" if together and not table.people else f"{table.stem}.xlsx"
        name = _sheet_name(table.title, sheet_names.setdefault(book, set()))
        workbooks.setdefault(book, []).append(Sheet(name, table))
    for name, held in workbooks.items():
        title = held[0].table.title if len(held) == 1 else "Mọi bảng của trang"
        offer(name, "xlsx", title, xlsx_bytes(held))
    return PageFiles(files, tables, offered, workbooks)
