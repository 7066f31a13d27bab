"""Reading a table file (CSV, XLSX or YAML list) into typed rows checked against its schema.

Staff files come from Excel: CSV may be UTF-8, UTF-8 with a byte-order mark, UTF-16 or
Windows-1258, separated by commas, semicolons or tabs; an official form may put title rows above
the header. All of that is accepted; anything else gets a message naming file, row and column.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from generator.input.cells import ValueError_, convert, converter
from generator.input.money_unit import money_headers, statement
from generator.input.outline import is_bullet, place, shows_levels, unplaced_without_group
from generator.input.safe_yaml import YamlProblem, load_yaml
from generator.input.text_checks import mojibake, question_in_word
from generator.model.formatting import number
from generator.model.problems import Coded, Problems, shown_value
from generator.model.schema import TableSchema
from generator.model.tables import Table
from generator.model.text import clean, fold, without_marks

TABLE_SUFFIXES = (".csv", ".xlsx", ".yaml", ".yml")
MAX_COLUMNS = 200  # of a sheet read: every table has far fewer; a cell in column XFD is not a table
# A file named like a table but saved in a format not read yet: what to do instead.
UNSUPPORTED_SUFFIXES = {  # suffix -> (what it is, what to do)
    ".xls": (".xls (Excel cũ)", "mở bằng Excel và lưu lại dạng .xlsx"),
    ".xlsm": (".xlsm (Excel có macro)", "mở bằng Excel và lưu lại dạng .xlsx"),
    ".xlsb": (".xlsb (Excel nhị phân)", "mở bằng Excel và lưu lại dạng .xlsx"),
    ".ods": (".ods (LibreOffice/OpenOffice)", "mở và lưu lại dạng .xlsx hoặc CSV UTF-8"),
    ".numbers": (".numbers (Apple Numbers)", "xuất ra dạng .xlsx hoặc CSV UTF-8"),
}
# Written by `congkhai template` into the workbook: the example row's values, so a forgotten example
# row is recognised even where the template put the unit's own first village instead of the
# schema's.
EXAMPLE_ROW_PROPERTY = "congkhai-dong-vi-du"
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
# What a workbook may unpack to: a 100,000-row table's sheet is about 60 MB of XML.
MAX_UNPACKED_BYTES = 150 * 1024 * 1024
MAX_SHARED_STRINGS_BYTES = 50 * 1024 * 1024
HEADER_SEARCH_ROWS = 30  # title rows of an official form come before the header


class Unreadable(Coded):
    """The file cannot be read as a table: why (its code)."""


@dataclass
class _Sheet:
    """What a workbook adds to its rows: which sheet was read, and what Excel hides or merges."""

    names_read: list[str]  # the sheets looked at for a header (named when none has one)
    name: str = ""
    visible_sheets: int = 1
    hidden_rows: set = field(default_factory=set)
    merged: dict = field(default_factory=dict)  # (row, column) -> "phía trên" / "bên trái"
    hidden_columns: set = field(default_factory=set)  # 1-based
    uncached: set = field(default_factory=set)  # (row, column) of formulas with no saved result
    percent: set = field(default_factory=set)  # (row, column) of numbers shown as a percentage
    display_scaled: set = field(
        default_factory=set
    )  # columns of numbers shown in thousands or more
    example_row: dict = field(default_factory=dict)  # field name -> value the template wrote


def table_files(folder: Path, stem: str) -> list[Path]:
    """Every file named `stem` with a table extension (in any case) or a known unread one."""
    order = [*TABLE_SUFFIXES, *UNSUPPORTED_SUFFIXES]
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    found = [
        p
        for p in entries
        if p.name.startswith(stem + ".") and p.name[len(stem) :].lower() in order and p.is_file()
    ]
    return sorted(found, key=lambda p: (order.index(p.name[len(stem) :].lower()), p.name))


def find_table_file(folder: Path, stem: str) -> tuple[Path | None, list[str]]:
    """The table's file, and the names of all its files when staff left two or more for the table
    (which one they meant is not for the generator to guess; none is read). read_table reports an
    unread format."""
    found = table_files(folder, stem)
    return (found[0] if found else None), ([f.name for f in found] if len(found) > 1 else [])


def decode(data: bytes) -> str:
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            return data[3:].decode("utf-8")
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
    except UnicodeDecodeError:
        raise Unreadable("file-encoding-damaged") from None
    if b"\x00" in data:
        raise Unreadable("file-binary")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1258")
    except UnicodeDecodeError:
        raise Unreadable("file-encoding-unknown") from None


def _csv_rows(text: str) -> list[list]:
    # The separator is on every line of the table, while a title row above it may hold commas in
    # its text ("Ủy ban nhân dân xã A, huyện B;;") in a file that Vietnamese Excel separates by ";".
    lines = [line for line in text.splitlines()[: HEADER_SEARCH_ROWS + 10] if line.strip()]
    delimiter = max(
        ",;\t",
        key=lambda d: (sum(d in line for line in lines), sum(line.count(d) for line in lines)),
    )
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _sheet_list(names: list[str]) -> str:
    return ", ".join(f"«{n}»" for n in names)


def _sheet_layout(sheet) -> tuple[set, dict, set, set]:
    """Hidden rows, merged-away cells, hidden columns and formulas saved without their result
    (written by a program, not Excel: a read-only sheet gives them as empty cells) of a
    read-only sheet (openpyxl keeps none of these then)."""
    from xml.etree.ElementTree import iterparse

    from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries

    hidden, merged, hidden_columns, uncached = set(), {}, set(), set()
    with sheet._get_source() as source:
        for _, element in iterparse(source):
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "c":
                if len(element) and element[0].tag.endswith("}f") and element.get("r"):
                    value = next((e for e in element if e.tag.endswith("}v")), None)
                    # a text formula that gives "" (=IF(B5="";"";…)) is saved as an empty <v/>
                    empty_text = value is not None and element.get("t") == "str"
                    if value is None or not ((value.text or "").strip() or empty_text):
                        uncached.add(coordinate_to_tuple(element.get("r")))
            elif tag == "col" and element.get("hidden") in ("1", "true"):
                low, high = element.get("min", ""), element.get("max", "")
                if low.isdigit() and high.isdigit():  # «hide every column to the right»
                    hidden_columns.update(range(int(low), min(int(high), int(low) + 1000) + 1))
            elif tag == "row":
                number = element.get("r")
                if (
                    number
                    and number.isdigit()
                    and (
                        element.get("hidden") in ("1", "true") or element.get("ht") in ("0", "0.0")
                    )
                ):
                    hidden.add(int(number))
                element.clear()
            elif tag == "mergeCell" and element.get("ref"):
                min_col, min_row, max_col, max_row = range_boundaries(element.get("ref"))
                if max_row - min_row + 1 > MAX_ROWS or max_col - min_col > 1000:
                    continue  # a whole column or a huge block: far beyond any table
                for r in range(min_row, max_row + 1):
                    for c in range(min_col, max_col + 1):
                        if (r, c) != (min_row, min_col):
                            merged[(r, c)] = "phía trên" if r > min_row else "bên trái"
    return hidden, merged, hidden_columns, uncached


def _template_example(book) -> dict:
    for prop in getattr(book, "custom_doc_props", None) or ():
        if prop.name == EXAMPLE_ROW_PROPERTY:
            try:
                values = json.loads(prop.value)
            except (TypeError, ValueError):
                return {}
            return values if isinstance(values, dict) else {}
    return {}


def _number_rows(rows: list[list]) -> list[tuple[int, list]]:
    return [
        (n, cells)
        for n, cells in enumerate(rows, start=1)
        if any(c not in (None, "") and str(c).strip() for c in cells)
    ]


_LITERAL = re.compile(r'"[^"]*"|\\.')  # quoted text and escaped characters of a number format


@lru_cache(maxsize=256)
def _is_percent_format(number_format: str) -> bool:
    """Whether Excel multiplies by 100 to show a cell: a % outside quotes and escapes
    (0.00% does; 0.00" %" only prints a sign after the number as stored)."""
    return "%" in _LITERAL.sub("", number_format)


def _shows_percent(cell) -> bool:
    try:
        return _is_percent_format(cell.number_format or "")
    except Exception:  # a style the workbook does not define: openpyxl reads the value all the same
        return False


def _shows_scaled(cell) -> bool:
    """Whether Excel divides a number by a thousand or more to show it («#,##0,,» shows đồng as
    millions): its first section ends in a comma, outside quotes and escapes."""
    try:
        section = _LITERAL.sub("", cell.number_format or "").split(";")[0].rstrip()
    except Exception:  # a style the workbook does not define
        return False
    return section.endswith(",") and any(c in section for c in "0#")


def _sheet_rows(sheet) -> tuple[list[list], set, set]:
    """A sheet's cell values by row; where a number is formatted as a percentage (Excel keeps
    «82,5 %» as 0.825, which read as a score would publish 0,825: a value shows what is stored);
    and the columns where a number is shown divided by a thousand or more."""
    rows, percent, scaled = [], set(), set()
    # The range a workbook records («A1:D10») is what the writing software claimed, not what the
    # sheet holds: openpyxl would stop there and cut the rows below. Read to the last row, and no
    # further right than any table goes.
    sheet.reset_dimensions()
    for line, cells in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS), start=1):
        values = []
        for column, cell in enumerate(cells, start=1):
            value = cell.value
            if type(value) in (int, float):
                if _shows_percent(cell):
                    percent.add((line, column))
                elif column not in scaled and _shows_scaled(cell):
                    scaled.add(column)
            values.append(value)
        while values and values[-1] is None:
            values.pop()
        rows.append(values)
        if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
            break
    width = max(map(len, rows), default=0)  # as wide as the widest row that holds anything
    return [row + [None] * (width - len(row)) for row in rows], percent, scaled


def _percent_details(stored) -> dict:
    """What a number Excel shows as a percentage was typed as, and what the file holds."""
    stored = Decimal(str(stored))
    return {"typed": shown_value((stored * 100).normalize()), "stored": shown_value(stored)}


_DAY_FIRST = re.compile(r"\s*(\d{1,2})[/-]\d{1,2}[/-]\d{4}\s*")


_DOTTED_THOUSANDS = re.compile(r"-?\d{1,3}(?:\.\d{3})+")
_POINT_DECIMAL_MARK = re.compile(r"-?\d+\.(?:\d{1,2}|\d{4,})")


class _DateOrder:
    """Whether the Excel that saved a sheet reads dates month first (an English Windows): it makes
    «05/06/2025», typed for 5 June, 6 May and leaves «13/06/2025», which it cannot read, as text.
    Text written day first with a day over 12 is the sign; a date Excel read with a day over 12
    proves the opposite. Only rows taken count (a template's forgotten example row holds text
    dates)."""

    def __init__(self):
        self.read: list[tuple[int, str, object]] = []  # (line, column title, date) as Excel read it
        self.typed: tuple[int, str] | None = None  # the first (line, text) that is the sign

    def add(self, line: int, dates: list[tuple[str, object, object]]) -> None:
        for title, cell, value in dates:
            if type(cell) is not str:
                self.read.append((line, title, value))
            elif (
                self.typed is None
                and (day := _DAY_FIRST.fullmatch(cell))
                and int(day.group(1)) > 12
            ):
                self.typed = (line, cell.strip())

    def swapped(self) -> list[tuple[int, str, object]]:
        """The dates Excel may have read month first (a day equal to its month reads the same)."""
        if self.typed is None or any(value.day > 12 for _, _, value in self.read):
            return []
        return [
            (line, title, value) for line, title, value in self.read if value.day != value.month
        ]


def _check_unpacked_size(data: bytes) -> None:
    """Refuse a workbook whose parts unpack to more than any table needs: a few kilobytes of
    compressed XML can hold gigabytes of text. A zip member cannot yield more than the size its
    entry declares (zipfile stops there and fails the checksum), so the declared sizes bound it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            parts = book.infolist()
    except (zipfile.BadZipFile, ValueError):
        return  # load_workbook names the damage
    total = sum(p.file_size for p in parts)
    strings = sum(p.file_size for p in parts if p.filename.endswith("sharedStrings.xml"))
    if total > MAX_UNPACKED_BYTES or strings > MAX_SHARED_STRINGS_BYTES:
        raise Unreadable(
            "xlsx-unpacks-too-large",
            size=number(-(-total // (1024 * 1024))),
            limit=MAX_UNPACKED_BYTES // (1024 * 1024),
        )


def _xlsx_rows(data: bytes, schema: TableSchema) -> tuple[list[list], _Sheet]:
    from openpyxl import load_workbook

    _check_unpacked_size(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for damaged files
        raise Unreadable("xlsx-damaged") from None
    try:
        wanted = {fold(schema.title), fold(schema.file)}
        if not book.worksheets:
            raise Unreadable("xlsx-no-sheet")
        visible = [s for s in book.worksheets if s.sheet_state == "visible"]
        if not visible:  # a hidden sheet is never read, unless nothing else is there
            names = [s.title for s in book.worksheets]
            raise Unreadable("xlsx-sheets-hidden", sheets=_sheet_list(names))
        named = [s for s in visible if fold(s.title) in wanted]
        candidates = named[:1] or visible  # a sheet named after the table is the table, as before
        read = []
        for sheet in candidates:
            rows, percent, scaled = _sheet_rows(sheet)
            numbered = _number_rows(rows)
            header = _find_header(numbered, schema)
            read.append(
                (
                    sheet,
                    rows,
                    header is not None,
                    header is not None and header + 1 < len(numbered),
                    percent,
                    scaled,
                )
            )
        with_data = [r for r in read if r[3]]
        if len(with_data) > 1:
            raise Unreadable(
                "xlsx-sheets-with-data", sheets=_sheet_list([r[0].title for r in with_data])
            )
        chosen = (with_data or [r for r in read if r[2]] or read)[0]
        sheet, rows = chosen[0], chosen[1]
        if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS:  # before reading the whole sheet's layout
            raise Unreadable("table-too-many-rows", limit=number(MAX_ROWS))
        hidden, merged, hidden_columns, uncached = _sheet_layout(sheet)
        info = _Sheet(
            names_read=[r[0].title for r in read],
            name=sheet.title,
            visible_sheets=len(visible),
            hidden_rows=hidden,
            merged=merged,
            hidden_columns=hidden_columns,
            uncached=uncached,
            percent=chosen[4],
            display_scaled=chosen[5],
            example_row=_template_example(book),
        )
        return rows, info
    except Unreadable:
        raise
    except Exception:  # a damaged sheet inside a readable workbook fails only while reading rows
        raise Unreadable("xlsx-unreadable") from None
    finally:
        book.close()


def _yaml_rows(path: Path, data: bytes) -> list[list]:
    try:
        items = load_yaml(path, MAX_FILE_BYTES, data=data) or []
    except YamlProblem as error:
        raise Unreadable(error.code, **error.params) from None
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise Unreadable("yaml-table-shape")
    header = list(dict.fromkeys(str(k) for item in items for k in item))
    return [header] + [[i.get(k) for k in header] for i in items]


def _raw_rows(
    path: Path, schema: TableSchema, data: bytes | None
) -> tuple[list[tuple[int, list]], _Sheet | None]:
    suffix = path.suffix.lower()
    if suffix in UNSUPPORTED_SUFFIXES:
        what, advice = UNSUPPORTED_SUFFIXES[suffix]
        raise Unreadable("file-format-unsupported", format=what, advice=advice)
    size = path.stat().st_size if data is None else len(data)
    if size > MAX_FILE_BYTES:
        raise Unreadable(
            "file-too-large", size=-(-size // (1024 * 1024)), limit=MAX_FILE_BYTES // (1024 * 1024)
        )
    sheet = None
    data = path.read_bytes() if data is None else data
    if suffix == ".xlsx":
        rows, sheet = _xlsx_rows(data, schema)
    elif suffix in (".yaml", ".yml"):
        rows = _yaml_rows(path, data)
    else:
        try:
            rows = _csv_rows(decode(data))
        except csv.Error as error:
            if "field limit" in str(error):
                raise Unreadable(
                    "csv-cell-too-long", limit=number(csv.field_size_limit())
                ) from None
            raise Unreadable("csv-invalid", reason=error) from None
    numbered = _number_rows(rows)
    if len(numbered) > MAX_ROWS + 1:
        raise Unreadable("table-too-many-rows", limit=number(MAX_ROWS))
    return numbered, sheet


def _find_header(rows: list[tuple[int, list]], schema: TableSchema) -> int | None:
    """Index of the first row that names enough of the schema's columns to be the header."""
    known = schema.header_map()
    required = [f for f in schema.fields if f.required] or list(schema.fields)
    enough = max(1, min(len(required), 2))
    for index, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        matches = sum(1 for c in cells if c is not None and fold(str(c)) in known)
        if matches >= enough:
            return index
    return None


def read_table(
    path: Path, schema: TableSchema, problems: Problems, shown_path: str, data: bytes | None = None
) -> Table:
    """The table a file holds (its bytes given as `data` when already read), its rows typed by
    the schema; every row that cannot be read is left out and named in `problems`."""
    table = Table(schema=schema, path=path)
    try:
        raw, sheet = _raw_rows(path, schema, data)
    except Unreadable as error:
        problems.add_raised(shown_path, error)
        return table
    except OSError as error:
        problems.add(shown_path, "file-unreadable", reason=error.strerror)
        return table
    if not raw:
        problems.add(shown_path, "table-empty")
        return table
    header_index = _find_header(raw, schema)
    expected = ", ".join(f"«{f.title}»" for f in schema.fields)
    if header_index is None:
        garbled = next(
            (
                (line, found)
                for line, cells in raw[:HEADER_SEARCH_ROWS]
                for c in cells
                if isinstance(c, str) and (found := mojibake(c))
            ),
            None,
        )
        if garbled:  # the whole file was opened in the wrong encoding and saved again
            line, (_, letters, meant) = garbled
            problems.add(shown_path, "header-garbled", row=line, letters=letters, meant=meant)
            return table
        lost = next(
            (
                (line, word)
                for line, cells in raw[:HEADER_SEARCH_ROWS]
                for c in cells
                if isinstance(c, str) and (word := question_in_word(c))
            ),
            None,
        )
        if lost:  # saved as «ANSI» on a Windows without Vietnamese: its letters became «?»
            problems.add(shown_path, "header-ansi", row=lost[0], word=lost[1], expected=expected)
            return table
        where = ""
        if sheet is not None:
            where = f" trong trang tính {_sheet_list(sheet.names_read)}"
        problems.add(shown_path, "header-missing", row=raw[0][0], where=where, expected=expected)
        return table
    header_line, header = raw[header_index]
    known = schema.header_map()
    money = money_headers(schema.fields)
    columns: list = []
    scales: dict[int, int | None] = {}  # column index -> the unit its header names, in đồng
    for cell in header:
        title = clean(str(cell)) if cell is not None else ""
        column_field = known.get(fold(title)) if title else None
        if title and money and (column_field is None or column_field.unit):
            column_field, scale = money.get(fold(title), (column_field, None))
            if column_field is not None:
                scales[len(columns)] = scale
        if title and column_field is None:
            problems.add(
                shown_path, "column-unknown", row=header_line, column=title, expected=expected
            )
        elif column_field is not None and any(
            c is not None and c.name == column_field.name for c in columns
        ):
            problems.add(shown_path, "column-repeated", row=header_line, column=title)
            column_field = None
            scales.pop(len(columns), None)
        columns.append(column_field)
    if money and not _apply_money_unit(
        raw[:header_index], header_line, columns, scales, problems, shown_path, sheet
    ):
        return table
    if not money and not _unit_line_fits(raw[:header_index], columns, problems, shown_path):
        return table
    present = {f.name for f in columns if f}
    for f in schema.fields:
        if f.required and f.name not in present:
            problems.add(shown_path, "column-missing", row=header_line, column=f.title)
    body = raw[header_index + 1 :]
    if not body and schema.required:  # an optional table with only its header means "none"
        problems.add(shown_path, "table-header-only", row=header_line)
    # the rows' problems, row by row as staff read, those found across rows included
    found = Problems()
    rows = _RowReader(table, columns, found, shown_path, sheet, _example_values(schema, sheet))
    for line, cells in body:
        # what staff cannot see, they cannot check
        if sheet is not None and line in sheet.hidden_rows:
            found.add(shown_path, "row-hidden", row=line, line=line, sheet=_on_sheet(sheet))
            continue
        rows.read(line, cells)
    rows.finish()
    problems.extend(sorted(found.items, key=lambda p: p.row or 0))
    if sheet is not None and header_line in sheet.hidden_rows:
        problems.add(
            shown_path, "header-hidden", row=header_line, line=header_line, sheet=_on_sheet(sheet)
        )
    from openpyxl.utils import get_column_letter

    for index, column_field in enumerate(columns, start=1):
        # a column staff cannot see is one they cannot check before it is published
        if sheet is not None and column_field is not None and index in sheet.hidden_columns:
            problems.add(
                shown_path,
                "column-hidden",
                row=header_line,
                column=column_field.title,
                letter=get_column_letter(index),
                sheet=_on_sheet(sheet),
            )
    return table


def _apply_money_unit(
    above: list,
    header_line: int,
    columns: list,
    scales: dict,
    problems: Problems,
    shown_path: str,
    sheet: _Sheet | None,
) -> bool:
    """Give the amount columns the unit their file states (in a header or a line above the
    table); False, with the problem named, when it is not a unit of đồng, is stated two ways, or
    describes what Excel shows rather than what the file holds."""
    stated = statement(above)
    if stated is not None and stated.scale is None:
        problems.add(
            shown_path, "money-unit-unknown", row=stated.row, value=stated.text, text=stated.text
        )
        return False
    for index, scale in scales.items():
        if columns[index] is None:
            continue
        shown_scaled = sheet is not None and index + 1 in sheet.display_scaled
        if shown_scaled and (scale not in (None, 1) or (stated is not None and stated.scale != 1)):
            # the cells hold đồng and only look like thousands or millions: read two ways
            problems.add(
                shown_path, "money-unit-display", row=header_line, column=columns[index].title
            )
            return False
        if stated is not None and scale is not None and scale != stated.scale:
            problems.add(
                shown_path,
                "money-unit-conflict",
                row=header_line,
                column=columns[index].title,
                statement=stated.text,
                line=stated.row,
            )
            return False
        scale = scale or (stated.scale if stated else 1)
        if scale != 1:
            columns[index] = replace(columns[index], scale=scale)
    return True


def _unit_line_fits(above: list, columns: list, problems: Problems, shown_path: str) -> bool:
    """A table without amounts in đồng: a line above it stating a unit («Đơn vị tính: m²») must
    be the unit its columns' titles name («Diện tích (ha)»), or it would be dropped unread."""
    stated = statement(above)
    if stated is None:
        return True
    named = {
        without_marks(unit).lower().strip()
        for f in columns
        if f is not None
        for unit in _TITLE_UNIT.findall(f.title)
    }
    written = stated.unit.split(" ")[0].strip(".,;:") if stated.unit else ""
    # counts («hộ», «hồ sơ», «người», «%») say nothing a column's title does not: only a measure
    # of area or length, or an amount of money, would be read in the columns' own unit
    if stated.scale is None and (written in named or written not in _MEASURES):
        return True
    if stated.scale == 1:  # «Đơn vị tính: đồng»: what every amount is read in anyway
        return True
    problems.add(
        shown_path,
        "unit-line-mismatch",
        row=stated.row,
        value=stated.text,
        text=stated.text,
        units=", ".join(
            sorted(f"«{f.title}»" for f in columns if f is not None and _TITLE_UNIT.search(f.title))
        )
        or "không có",
    )
    return False


_TITLE_UNIT = re.compile(r"\(([^()]*)\)\s*$")
_MEASURES = frozenset(
    {"ha", "m2", "m²", "km2", "km²", "m", "km", "sao", "mau", "cong", "a", "met", "hecta"}
)


def _on_sheet(sheet: _Sheet) -> str:
    return f" (trang tính «{sheet.name}»)" if sheet.visible_sheets > 1 else ""


def _example_values(schema: TableSchema, sheet: _Sheet | None) -> dict:
    """Field name -> the value a template's example row holds there, converted like a cell. Only
    for a workbook made by `congkhai template`, which records its example row: real data may hold a
    row like the schema's examples by chance (a synthetic country of 1,000 communes did)."""
    recorded = sheet.example_row if sheet is not None else {}
    examples = {}
    for f in schema.fields:
        if recorded.get(f.name) in (None, ""):
            continue
        try:
            value = convert(f, recorded[f.name])
        except ValueError_:
            continue
        if value is not None:
            examples[f.name] = _comparable(value)
    return examples


def _comparable(value):
    return value.casefold() if isinstance(value, str) else value


def _is_example_row(row: dict, examples: dict) -> bool:
    """Every filled cell (at least two) holds its column's example in the template."""
    filled = [(name, value) for name, value in row.items() if value is not None]
    return len(filled) >= 2 and all(
        name in examples and _comparable(v) == examples[name] for name, v in filled
    )


class _RowReader:
    """Reads a table's body rows into `table`, one at a time; what every row shares (its columns,
    the fields a header lacks, the key) is worked out once: tables hold thousands of rows."""

    def __init__(
        self,
        table: Table,
        columns: list,
        problems: Problems,
        shown_path: str,
        sheet: _Sheet | None,
        examples: dict,
    ):
        self.table, self.problems, self.shown_path, self.sheet, self.examples = (
            table,
            problems,
            shown_path,
            sheet,
            examples,
        )
        self.columns = [
            (index, f, f.name) for index, f in enumerate(columns, start=1) if f is not None
        ]
        self.width = len(columns)
        # columns the header lacks (by name: a column in thousands of đồng is its field rescaled)
        named = {f.name for f in columns if f is not None}
        self.missing = [f.name for f in table.schema.fields if f.name not in named]
        self.merged = sheet.merged if sheet is not None else {}
        self.percent = sheet.percent if sheet is not None else set()
        self.key = table.schema.primary_key
        self.seen_keys: dict[tuple, int] = {}
        # Text key cells that may hold a number (a spreadsheet's or YAML's; a CSV's cells are text):
        # a duplicate may then be a lost trailing zero, of this row's key or of the one it repeats.
        numbers_possible = sheet is not None or (
            table.path is not None and table.path.suffix.lower() in (".yaml", ".yml")
        )
        self.key_cells = [
            i
            for i, f, name in self.columns
            if name in self.key and f.type == "string" and numbers_possible
        ]
        self.number_keys: set[int] = set()
        self.date_columns = (
            {i for i, f, _ in self.columns if f.type == "date"} if sheet is not None else set()
        )
        self.date_order = _DateOrder()
        # Columns of numbers with decimals, and what their cells say of the decimal mark: a point
        # before other than three digits («1.74») is an English decimal point, and then «12.450»
        # in the same column can be read two ways.
        self.decimal_columns = [(i - 1, f.title) for i, f, _ in self.columns if f.type == "number"]
        self.point_decimal: dict[str, tuple[int, str]] = {}
        self.dotted: list[tuple[int, str, str]] = []
        # A table whose codes may show its levels is placed whole before its keys are compared:
        # a form numbers 1, 2 again in each part.
        self.outline = table.schema.outline
        self.pending: list[tuple[int, list, dict, list]] = []
        # Most rows of most files: no cell Excel merged, hid or showed as a percentage, no date to
        # weigh; each of their cells is only converted.
        self.uncached = sheet.uncached if sheet is not None else set()
        self.plain = not (self.percent or self.merged or self.date_columns or self.uncached)
        self.converters = [(index - 1, converter(f), name) for index, f, name in self.columns]

    def finish(self) -> None:
        """Checks across rows, once they are all read."""
        if self.outline:
            self._place()
        for line, title, text in self.dotted:
            if title in self.point_decimal:
                seen_line, seen = self.point_decimal[title]
                self.problems.add(
                    self.shown_path,
                    "cell-number-decimal-mixed",
                    row=line,
                    column=title,
                    value=text,
                    text=text,
                    line=seen_line,
                    seen=seen,
                    whole=text.replace(".", ""),
                    decimal=text.replace(".", ","),
                )
        for line, title, read in self.date_order.swapped():
            self.problems.add(
                self.shown_path,
                "date-month-first",
                row=line,
                column=title,
                value=read,
                line=self.date_order.typed[0],
                text=self.date_order.typed[1],
            )

    def _number_in_key(self, cells: list) -> bool:
        return any(i <= len(cells) and type(cells[i - 1]) is float for i in self.key_cells)

    def _decimal_marks(self, line: int, cells: list) -> None:
        for index, title in self.decimal_columns:
            cell = cells[index] if index < len(cells) else None
            if not isinstance(cell, str) or "." not in cell or "," in cell:
                continue
            text = cell.strip()
            if _DOTTED_THOUSANDS.fullmatch(text):
                self.dotted.append((line, title, text))
            elif _POINT_DECIMAL_MARK.fullmatch(text):
                self.point_decimal.setdefault(title, (line, text))

    def read(self, line: int, cells: list) -> None:
        if self.decimal_columns:
            self._decimal_marks(line, cells)
        if self.plain and len(cells) == self.width:
            row = {}
            try:
                for index, convert_cell, name in self.converters:
                    row[name] = convert_cell(cells[index])
            except ValueError_:
                pass  # read again below, to say what is wrong with each cell
            else:
                return self._take(line, cells, row, [])
        problems, shown_path = self.problems, self.shown_path
        row, ok, dates = {}, True, []
        if len(cells) > self.width and any(c not in (None, "") for c in cells[self.width :]):
            problems.add(shown_path, "row-extra-cells", row=line, value=cells[self.width])
            ok = False
        for index, column_field, name in self.columns:
            beyond = index > len(cells)  # a short row: the cell was never written, so never merged
            cell = None if beyond else cells[index - 1]
            if self.percent and (line, index) in self.percent:
                code = (
                    "cell-percent-text" if column_field.type == "string" else "cell-percent-number"
                )
                problems.add(
                    shown_path, code, row=line, column=column_field.title, **_percent_details(cell)
                )
                ok = False
                row[name] = None
                continue
            if self.uncached and (line, index) in self.uncached:
                problems.add(
                    shown_path,
                    "cell-formula-no-value",
                    row=line,
                    column=column_field.title,
                    sheet=_on_sheet(self.sheet),
                )
                ok = False
                row[name] = None
                continue
            # its value shows in another cell only
            if self.merged and not beyond and cell in (None, "") and (line, index) in self.merged:
                problems.add(
                    shown_path,
                    "cell-merged",
                    row=line,
                    column=column_field.title,
                    side=self.merged[(line, index)],
                    sheet=_on_sheet(self.sheet),
                )
                ok = False
                row[name] = None
                continue
            try:
                row[name] = convert(column_field, cell)
            except ValueError_ as error:
                # a short row's last cells are empty: «bắt buộc» if required
                problems.add_raised(
                    shown_path, error, row=line, column=column_field.title, value=cell
                )
                ok = False
                row[name] = None
            else:
                if index in self.date_columns and row[name] is not None:
                    dates.append((column_field.title, cell, row[name]))
        if ok:
            self._take(line, cells, row, dates)

    def _take(self, line: int, cells: list, row: dict, dates: list) -> None:
        """Keep a row whose cells all read, unless it is the template's example or repeats a key."""
        problems, shown_path = self.problems, self.shown_path
        ok = True
        for name in self.missing:
            row[name] = None
        if self.examples and _is_example_row(row, self.examples):
            problems.add(shown_path, "row-example", row=line)
            ok = False
        if ok and self.outline:
            self.pending.append((line, cells, row, dates))
        elif ok:
            self._keep(line, cells, row, dates)

    def _place(self) -> None:
        """Give each line its group from the numbering, where no group is typed, then keep it."""
        code_name, parent_name = self.outline
        schema, problems, shown_path = self.table.schema, self.problems, self.shown_path
        rows = [row for _, _, row, _ in self.pending]
        codes = [row[code_name] for row in rows]
        if any(code is None for code in codes):  # the header lacks the column: named already
            for line, cells, row, dates in self.pending:
                self._keep(line, cells, row, dates)
            return
        parents = [row[parent_name] for row in rows]
        refused: set[int] = set()
        # a marked line («- trong đó …») without a group would be added to the total as well as
        # to the line it details, whatever the rest of the table shows
        for index, (code, parent) in enumerate(zip(codes, parents, strict=True)):
            if parent is None and is_bullet(code) and len(codes) > 1:
                problems.add(
                    shown_path,
                    "outline-unreadable",
                    row=self.pending[index][0],
                    column=schema.field(code_name).title,
                    value=code,
                    code=code,
                )
                refused.add(index)
        if all(p is None for p in parents) and shows_levels(codes):
            placement = place(codes)
            for index, problem in placement.unplaced:
                if index in refused:
                    continue
                problems.add(
                    shown_path,
                    problem,
                    row=self.pending[index][0],
                    column=schema.field(code_name).title,
                    value=codes[index],
                    code=codes[index],
                    group=codes[index].strip().rstrip(".").rpartition(".")[0],
                )
                refused.add(index)
            for row, code, parent in zip(rows, placement.codes, placement.parents, strict=True):
                row[code_name], row[parent_name] = code, parent
        else:
            for index in unplaced_without_group(codes, parents):
                problems.add(
                    shown_path,
                    "outline-group-missing",
                    row=self.pending[index][0],
                    column=schema.field(parent_name).title,
                    code=codes[index],
                )
                refused.add(index)
        for index, (line, cells, row, dates) in enumerate(self.pending):
            if index not in refused:
                self._keep(line, cells, row, dates)

    def _keep(self, line: int, cells: list, row: dict, dates: list) -> None:
        """Keep a row unless it repeats a key."""
        problems, shown_path = self.problems, self.shown_path
        ok = True
        if self.key:
            # Case and spacing do not make a new key, diacritics do: «Hùng» and «Hưng» are two
            # people. (Text values are clean already: Field.convert cleaned them.)
            key = tuple(
                v.casefold() if isinstance(v := row[k], str) else "" if v is None else clean(str(v))
                for k in self.key
            )
            seen = self.seen_keys.setdefault(key, line)
            if seen == line and self.key_cells and self._number_in_key(cells):
                self.number_keys.add(line)
            if seen != line:
                schema = self.table.schema
                filled = [k for k in self.key if row[k] is not None]  # an optional part left empty
                titles = " + ".join(schema.field(k).title for k in filled)
                # A code typed as 1.10 into a number cell (Excel, or YAML without quotes) reads back
                # as 1.1.
                lost_zero = seen in self.number_keys or self._number_in_key(cells)
                problems.add(
                    shown_path,
                    "key-duplicate-number" if lost_zero else "key-duplicate",
                    row=line,
                    column=schema.field(self.key[0]).title,
                    value=" / ".join(str(row[k]) for k in filled),
                    key=titles,
                    first=seen,
                )
                ok = False
        if ok:
            self.table.rows.append(row)
            self.table.line_numbers.append(line)
            self.date_order.add(line, dates)
