"""Reading a table file (CSV, XLSX or YAML list) into typed rows checked against its schema."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.problems import Problems
from generator.schema import TableSchema, ValueError_
from generator.text import clean, fold

TABLE_SUFFIXES = (".csv", ".xlsx", ".yaml", ".yml")


@dataclass
class Table:
    """Rows of one table file; each row keeps the line number staff see in their spreadsheet."""

    schema: TableSchema
    path: Path | None
    rows: list[dict] = field(default_factory=list)
    line_numbers: list[int] = field(default_factory=list)


def find_table_file(folder: Path, stem: str) -> Path | None:
    for suffix in TABLE_SUFFIXES:
        candidate = folder / f"{stem}{suffix}"
        if candidate.is_file():
            return candidate
    return None


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1258")


def _raw_rows(path: Path) -> list[tuple[int, list]]:
    """(line number, cells) for every non-empty line, the header included."""
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        rows = [(n, list(r)) for n, r in enumerate(sheet.iter_rows(values_only=True), start=1)]
    elif path.suffix in (".yaml", ".yml"):
        items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise ValueError_("tệp YAML của bảng phải là một danh sách, mỗi phần tử là một dòng")
        header = list(dict.fromkeys(k for item in items for k in item))
        rows = [(1, header)] + [(n, [i.get(k) for k in header]) for n, i in enumerate(items, start=2)]
    else:
        text = _decode(path.read_bytes())
        rows = list(enumerate(csv.reader(io.StringIO(text, newline="")), start=1))
    return [(n, cells) for n, cells in rows if any(c not in (None, "") for c in cells)]


def read_table(path: Path, schema: TableSchema, problems: Problems, shown_path: str) -> Table:
    table = Table(schema=schema, path=path)
    try:
        raw = _raw_rows(path)
    except (ValueError_, yaml.YAMLError, UnicodeDecodeError, OSError, csv.Error) as error:
        problems.add(shown_path, f"không đọc được tệp: {error}")
        return table
    if not raw:
        problems.add(shown_path, "tệp trống, cần có dòng tiêu đề và dữ liệu")
        return table
    header_line, header = raw[0]
    known = schema.header_map()
    columns: list = []
    for cell in header:
        title = clean(str(cell or ""))
        column_field = known.get(fold(title))
        if title and column_field is None:
            expected = ", ".join(f"«{f.title}»" for f in schema.fields)
            problems.add(shown_path, f"cột không có trong mẫu; các cột hợp lệ: {expected}",
                         row=header_line, column=title)
        columns.append(column_field)
    present = {f.name for f in columns if f}
    for f in schema.fields:
        if f.required and f.name not in present:
            problems.add(shown_path, "thiếu cột bắt buộc", row=header_line, column=f.title)
    seen_keys: dict[tuple, int] = {}
    for line, cells in raw[1:]:
        row, ok = {}, True
        for column_field, cell in zip(columns, cells):
            if column_field is None:
                continue
            try:
                row[column_field.name] = column_field.convert(cell)
            except ValueError_ as error:
                problems.add(shown_path, str(error), row=line, column=column_field.title, value=cell)
                ok = False
        for f in schema.fields:
            if f.name not in row and f.name in present:
                try:
                    row[f.name] = f.convert(None)
                except ValueError_ as error:
                    problems.add(shown_path, str(error), row=line, column=f.title)
                    ok = False
            row.setdefault(f.name, None)
        if schema.primary_key and ok:
            key = tuple(fold(str(row[k])) for k in schema.primary_key)
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
    if len(raw) == 1:
        problems.add(shown_path, "tệp chỉ có dòng tiêu đề, chưa có dữ liệu", row=header_line)
    return table
