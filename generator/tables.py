"""Reading a table file (CSV, XLSX or YAML list) into typed rows checked against its schema.

Staff files come from Excel: CSV may be UTF-8, UTF-8 with a byte-order mark, UTF-16 or
Windows-1258, separated by commas, semicolons or tabs; an official form may put title rows above
the header. All of that is accepted; anything else gets a message naming file, row and column.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from generator.problems import Problems
from generator.safe_yaml import YamlProblem, load_yaml
from generator.schema import TableSchema, ValueError_
from generator.text import clean, fold
from generator.text_checks import mojibake

TABLE_SUFFIXES = (".csv", ".xlsx", ".yaml", ".yml")
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
HEADER_SEARCH_ROWS = 30  # title rows of an official form come before the header


@dataclass
class Table:
    """Rows of one table file; each row keeps the line number staff see in their spreadsheet."""

    schema: TableSchema
    path: Path | None
    rows: list[dict] = field(default_factory=list)
    line_numbers: list[int] = field(default_factory=list)


class Unreadable(Exception):
    """The file cannot be read as a table; the message says why, in Vietnamese."""


def find_table_file(folder: Path, stem: str) -> Path | None:
    for suffix in TABLE_SUFFIXES:
        candidate = folder / f"{stem}{suffix}"
        if candidate.is_file():
            return candidate
    return None


def decode(data: bytes) -> str:
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            return data[3:].decode("utf-8")
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
    except UnicodeDecodeError:
        raise Unreadable("tệp có ký tự không đọc được theo bảng mã ghi ở đầu tệp (UTF-8 hoặc UTF-16); "
                         "tệp có thể bị hỏng, hãy mở bằng Excel và lưu lại dạng CSV UTF-8") from None
    if b"\x00" in data:
        raise Unreadable("tệp chứa dữ liệu nhị phân, không phải văn bản CSV; hãy mở bằng Excel và "
                         "lưu lại dạng CSV UTF-8 hoặc .xlsx")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1258")
    except UnicodeDecodeError:
        raise Unreadable("không nhận ra bảng mã của tệp; hãy lưu lại dạng CSV UTF-8") from None


def _csv_rows(text: str) -> list[list]:
    # The separator is on every line of the table, while a title row above it may hold commas in
    # its text ("Ủy ban nhân dân xã A, huyện B;;") in a file that Vietnamese Excel separates by ";".
    lines = [line for line in text.splitlines()[:HEADER_SEARCH_ROWS + 10] if line.strip()]
    delimiter = max(",;\t", key=lambda d: (sum(d in line for line in lines), sum(line.count(d) for line in lines)))
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _xlsx_rows(path: Path, schema: TableSchema) -> list[list]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for damaged files
        raise Unreadable("không mở được tệp Excel (.xlsx); tệp bị hỏng hoặc không phải định dạng .xlsx") from None
    try:
        wanted = {fold(schema.title), fold(schema.file)}
        if not book.worksheets:
            raise Unreadable("tệp Excel không có trang tính nào")
        sheet = next((s for s in book.worksheets if fold(s.title) in wanted), book.worksheets[0])
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append(list(values))
            if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
                break
        return rows
    except Unreadable:
        raise
    except Exception:  # a damaged sheet inside a readable workbook fails only while reading rows
        raise Unreadable("không đọc được nội dung tệp Excel (.xlsx); tệp bị hỏng, hãy mở bằng Excel "
                         "và lưu lại") from None
    finally:
        book.close()


def _yaml_rows(path: Path) -> list[list]:
    try:
        items = load_yaml(path, MAX_FILE_BYTES) or []
    except YamlProblem as error:
        raise Unreadable(str(error)) from None
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise Unreadable("tệp YAML của bảng phải là một danh sách, mỗi phần tử là một dòng")
    header = list(dict.fromkeys(str(k) for item in items for k in item))
    return [header] + [[i.get(k) for k in header] for i in items]


def raw_rows(path: Path, schema: TableSchema) -> list[tuple[int, list]]:
    """(line number, cells) for every non-empty line, as the spreadsheet numbers them."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise Unreadable(f"tệp quá lớn ({-(-size // (1024 * 1024))} MB); giới hạn là "
                         f"{MAX_FILE_BYTES // (1024 * 1024)} MB cho một bảng")
    if path.suffix == ".xlsx":
        rows = _xlsx_rows(path, schema)
    elif path.suffix in (".yaml", ".yml"):
        rows = _yaml_rows(path)
    else:
        try:
            rows = _csv_rows(decode(path.read_bytes()))
        except csv.Error as error:
            if "field limit" in str(error):
                limit = f"{csv.field_size_limit():,}".replace(",", ".")
                raise Unreadable(f"có một ô dài hơn {limit} ký tự; thường do thiếu dấu nháy kép «\"» "
                                 "đóng một ô, hãy kiểm tra các ô có dấu nháy") from None
            raise Unreadable(f"tệp CSV không hợp lệ: {error}") from None
    numbered = [(n, cells) for n, cells in enumerate(rows, start=1)
                if any(c not in (None, "") and str(c).strip() for c in cells)]
    if len(numbered) > MAX_ROWS + 1:
        raise Unreadable(f"bảng có quá nhiều dòng (hơn {MAX_ROWS:,}); hãy chia thành nhiều tệp".replace(",", "."))
    return numbered


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


def read_table(path: Path, schema: TableSchema, problems: Problems, shown_path: str) -> Table:
    table = Table(schema=schema, path=path)
    try:
        raw = raw_rows(path, schema)
    except Unreadable as error:
        problems.add(shown_path, str(error))
        return table
    except OSError as error:
        problems.add(shown_path, f"không đọc được tệp: {error.strerror}")
        return table
    if not raw:
        problems.add(shown_path, "tệp trống; cần có dòng tiêu đề và các dòng dữ liệu")
        return table
    header_index = _find_header(raw, schema)
    expected = ", ".join(f"«{f.title}»" for f in schema.fields)
    if header_index is None:
        garbled = next(((line, found) for line, cells in raw[:HEADER_SEARCH_ROWS] for c in cells
                        if isinstance(c, str) and (found := mojibake(c))), None)
        if garbled:  # the whole file was opened in the wrong encoding and saved again
            line, (_, letters, meant) = garbled
            problems.add(shown_path, f"không tìm thấy dòng tiêu đề vì chữ trong tệp bị lỗi bảng mã («{letters}» "
                         f"là chữ «{meant}»): tệp UTF-8 đã bị mở nhầm bảng mã Windows rồi lưu lại; hãy mở lại "
                         "tệp gốc với bảng mã UTF-8 rồi lưu lại", row=line)
            return table
        problems.add(shown_path, f"không tìm thấy dòng tiêu đề; dòng tiêu đề cần có các cột: {expected}",
                     row=raw[0][0])
        return table
    header_line, header = raw[header_index]
    known = schema.header_map()
    columns: list = []
    for cell in header:
        title = clean(str(cell)) if cell is not None else ""
        column_field = known.get(fold(title)) if title else None
        if title and column_field is None:
            problems.add(shown_path, f"cột không có trong mẫu; các cột hợp lệ: {expected}",
                         row=header_line, column=title)
        elif column_field is not None and column_field in columns:
            problems.add(shown_path, "cột bị lặp lại", row=header_line, column=title)
            column_field = None
        columns.append(column_field)
    present = {f.name for f in columns if f}
    for f in schema.fields:
        if f.required and f.name not in present:
            problems.add(shown_path, "thiếu cột bắt buộc", row=header_line, column=f.title)
    body = raw[header_index + 1:]
    if not body and schema.required:  # an optional table with only its header means "none"
        problems.add(shown_path, "tệp chỉ có dòng tiêu đề, chưa có dữ liệu", row=header_line)
    seen_keys: dict[tuple, int] = {}
    for line, cells in body:
        _read_row(table, columns, line, cells, seen_keys, problems, shown_path)
    return table


def _read_row(table: Table, columns: list, line: int, cells: list, seen_keys: dict,
              problems: Problems, shown_path: str) -> None:
    schema = table.schema
    row, ok = {}, True
    if len(cells) > len(columns) and any(c not in (None, "") for c in cells[len(columns):]):
        problems.add(shown_path, "dòng có nhiều ô hơn dòng tiêu đề; có thể dấu phân cách bị thừa",
                     row=line, value=cells[len(columns)])
        ok = False
    for column_field, cell in zip(columns, cells):
        if column_field is None:
            continue
        try:
            row[column_field.name] = column_field.convert(cell)
        except ValueError_ as error:
            problems.add(shown_path, str(error), row=line, column=column_field.title, value=cell)
            ok = False
    unread = {f.name for f in columns[len(cells):] if f} if len(cells) < len(columns) else ()
    for f in schema.fields:
        if f.name in unread:  # a short row: its last cells are empty
            try:
                row[f.name] = f.convert(None)
            except ValueError_ as error:
                problems.add(shown_path, str(error), row=line, column=f.title)
                ok = False
        row.setdefault(f.name, None)
    if schema.primary_key and ok:
        # Case and spacing do not make a new key, diacritics do: «Hùng» and «Hưng» are two people.
        # (Text values are clean already: Field.convert cleaned them.)
        key = tuple((v if isinstance(v := row[k], str) else clean(str(v))).casefold() for k in schema.primary_key)
        if key in seen_keys:
            titles = " + ".join(schema.field(k).title for k in schema.primary_key)
            problems.add(shown_path, f"trùng {titles} với dòng {seen_keys[key]}", row=line,
                         column=schema.field(schema.primary_key[0]).title,
                         value=" / ".join(str(row[k]) for k in schema.primary_key))
            ok = False
        seen_keys.setdefault(key, line)
    if ok:
        table.rows.append(row)
        table.line_numbers.append(line)
