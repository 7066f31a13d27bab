"""Excel templates that staff fill in: Vietnamese headers, one example row, drop-down lists of
allowed values, and a commented thong-tin.yaml for the dataset's metadata."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from generator.checks.datasets import TEMPLATE_UNIT
from generator.input.tables import EXAMPLE_ROW_PROPERTY
from generator.kinds.base import DatasetKind
from generator.model.datasets import METADATA_FILE
from generator.model.units import Unit

TEMPLATE_ROWS = 2000  # rows below the header that get the drop-down lists
_FIXED_TIME = dt.datetime(2025, 1, 1)  # the same bytes every time a template is written
_HEADER_FILL = PatternFill("solid", fgColor="FCE4D6")
_EXAMPLE_FONT = Font(italic=True, color="808080")
_EXAMPLE_NOTE = "Dòng ví dụ: hãy ghi đè bằng dữ liệu thật hoặc xóa dòng này trước khi gửi."


def write_table_template(
    kind: DatasetKind, table_name: str, unit: Unit | None, folder: Path
) -> Path:
    schema = kind.schema.tables[table_name]
    book = Workbook()
    book.properties.created = book.properties.modified = _FIXED_TIME
    sheet = book.active
    sheet.title = schema.title[:31]
    lists = book.create_sheet("Danh mục")
    lists.sheet_state = "hidden"
    written = {}
    for column, field in enumerate(schema.fields, start=1):
        header = sheet.cell(row=1, column=column, value=field.title)
        header.font = Font(bold=True)
        header.fill = _HEADER_FILL
        note = field.description or ""
        if field.required:
            note = ("Bắt buộc. " + note).strip()
        if note:
            header.comment = Comment(note, "congkhai")
        choices = kind.field_choices(table_name, field, unit)
        example = field.example
        if choices and example not in choices:
            example = choices[0]  # e.g. the unit's own first village
        cell = sheet.cell(row=2, column=column, value=example or None)
        cell.font = _EXAMPLE_FONT
        if example:
            written[field.name] = example
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = max(14, min(40, len(field.title) + 4))
        # as typed: Excel would make «1.2» a date and «1.10» the number 1.1
        if field.type == "string":
            sheet.column_dimensions[letter].number_format = cell.number_format = "@"
        if choices:
            for row, choice in enumerate(choices, start=1):
                lists.cell(row=row, column=column, value=choice)
            rule = DataValidation(
                type="list",
                formula1=f"'Danh mục'!${letter}$1:${letter}${len(choices)}",
                allow_blank=not field.required,
                showErrorMessage=True,
                errorTitle="Giá trị không hợp lệ",
                error="Hãy chọn một giá trị trong danh sách.",
            )
            rule.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            sheet.add_data_validation(rule)
    sheet.freeze_panes = "A2"
    sheet.cell(row=2, column=1).comment = Comment(_EXAMPLE_NOTE, "congkhai")
    # read_table refuses a forgotten example row; the values written here let it know this one
    # exactly
    book.custom_doc_props.append(
        StringProperty(
            name=EXAMPLE_ROW_PROPERTY, value=json.dumps(written, ensure_ascii=False, sort_keys=True)
        )
    )
    target = folder / f"{schema.file}.xlsx"
    book.save(target)
    return target


# The unit the schemas' examples name; a template names the unit it is made for instead, or a
# name that the build refuses until staff write their own (checks.datasets.other_units_named).
EXAMPLE_UNIT = "xã An Định"


def metadata_template(kind: DatasetKind, unit: Unit | None = None) -> str:
    """A commented thong-tin.yaml whose examples name `unit` (or a name to replace)."""
    lines = [
        f"# Thông tin bộ dữ liệu «{kind.title}». Ghi ngày theo dạng dd/mm/yyyy, trong dấu nháy."
    ]
    if unit is None:
        lines.append(f"# Thay «{TEMPLATE_UNIT}» bằng tên đơn vị của mình.")
    for field in kind.schema.metadata:
        comment = field.title + (" (bắt buộc)" if field.required else "")
        if field.categories:
            comment += "; một trong: " + ", ".join(value for value, _ in field.categories)
        if field.description:
            comment += ". " + field.description
        lines.append(f"# {comment}")
        example = kind.metadata_examples.get(field.name, field.example)
        if field.categories and example:
            example = next(
                (v for v, label in field.categories if label == example or v == example), example
            )
        example = example.replace(EXAMPLE_UNIT, unit.in_text if unit else TEMPLATE_UNIT)
        lines.append(f'{field.name}: "{example}"' if example else f"{field.name}:")
    return "\n".join(lines) + "\n"


def write_kind_templates(kind: DatasetKind, unit: Unit | None, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    meta = folder / METADATA_FILE
    meta.write_text(metadata_template(kind, unit), encoding="utf-8")
    return [meta] + [write_table_template(kind, name, unit, folder) for name in kind.schema.tables]
