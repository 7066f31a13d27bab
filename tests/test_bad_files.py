"""A corpus of broken staff files: each case breaks one file of one commune in one way and checks
the exact problem reported, as a tool reads it: its code, file, row, column, value and severity
(and, where a message names a place or a figure no field holds, such as the first of two duplicate
rows or the line of a YAML syntax error, that detail of the message), or that a harmless variant is
accepted. The words staff read are pinned apart, in test_wording.py.

The sample commune xã An Định (with its province's and district's unit.yaml only) is copied once per
module; every case works on its own copy. Expected values are read from the sample files where they
matter, so a regenerated sample keeps the corpus valid.
"""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest

from generator.pipeline.validate import validate_tree
from tests.conftest import REPO, SAMPLE_DATA
from tests.oracle import cp1258

PROVINCE = "tinh-binh-son"
DISTRICT = f"{PROVINCE}/huyen-an-lac"
COMMUNE = f"{DISTRICT}/xa-an-dinh"
BUDGET = "ngan-sach/2025-du-toan"
POVERTY = "ho-ngheo/2025"
LAND = "dat-dai/2025"
REFORM = "cai-cach-hanh-chinh/2025"

ANY = object()  # not checked (see the note at the case)


# -- expected problems ----------------------------------------------------------------------------


def has_details(problem, details: dict) -> bool:
    """Whether a problem (or its JSON from validate) names these details, whatever its words."""
    named = problem["details"] if isinstance(problem, dict) else dict(problem.details)
    return all(named.get(name) == str(value) for name, value in details.items())


@dataclass(frozen=True)
class Expected:
    file: str  # relative to the commune folder
    code: str
    row: object = None
    column: str | None = None
    value: object = None
    severity: str = "error"
    details: dict = field(default_factory=dict)  # what the message names that no field holds

    def matches(self, problem) -> bool:
        return (
            problem.code == self.code
            and problem.file == f"{COMMUNE}/{self.file}"
            and (self.row is ANY or problem.row == self.row)
            and problem.column == self.column
            and (self.value is ANY or problem.value == self.value)
            and problem.severity == self.severity
            and has_details(problem, self.details)
        )


def assert_problems(problems, expected: list[Expected]) -> None:
    actual = list(problems)
    unmatched = list(actual)
    missing = []
    for want in expected:
        hit = next((p for p in unmatched if want.matches(p)), None)
        if hit is None:
            missing.append(want)
        else:
            unmatched.remove(hit)
    report = "\n".join(
        ["missing:", *map(repr, missing), "unexpected:", *(repr(p) for p in unmatched)]
    )
    assert not missing and not unmatched, report


# -- the commune copy and ways to break it ---------------------------------------------------------


class Commune:
    def __init__(self, root: Path):
        self.root = root
        self.dir = root / COMMUNE

    def path(self, rel: str) -> Path:
        return self.dir / rel

    def rows(self, rel: str) -> list[list[str]]:
        text = self.path(rel).read_text(encoding="utf-8-sig")
        return [r for r in csv.reader(io.StringIO(text, newline=""))]

    def write_rows(
        self, rel: str, rows, *, encoding="utf-8", delimiter=",", target: str | None = None
    ):
        buffer = io.StringIO(newline="")
        csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
        data = buffer.getvalue()
        if isinstance(encoding, str):
            raw = data.encode(encoding)
        else:
            raw = encoding(data)
        self.path(target or rel).write_bytes(raw)

    def column(self, rel: str, title: str) -> int:
        return self.rows(rel)[0].index(title)

    def line_of(self, rel: str, title: str, value: str) -> int:
        """Spreadsheet line (header = 1) of the first row whose cell in column `title` is
        `value`."""
        rows = self.rows(rel)
        index = rows[0].index(title)
        return next(n for n, r in enumerate(rows, start=1) if n > 1 and r[index] == value)

    def cell(self, rel: str, line: int, title: str) -> str:
        return self.rows(rel)[line - 1][self.column(rel, title)]

    def set_cell(self, rel: str, line: int, title: str, value: str) -> None:
        rows = self.rows(rel)
        rows[line - 1][rows[0].index(title)] = value
        self.write_rows(rel, rows)

    def append(self, rel: str, *new_rows) -> int:
        """Adds rows at the end; returns the spreadsheet line of the first one."""
        rows = self.rows(rel)
        self.write_rows(rel, rows + [list(r) for r in new_rows])
        return len(rows) + 1

    def text(self, rel: str) -> str:
        return self.path(rel).read_text(encoding="utf-8")

    def write(self, rel: str, text: str) -> None:
        self.path(rel).write_text(text, encoding="utf-8")

    def replace(self, rel: str, old: str, new: str) -> None:
        text = self.text(rel)
        assert old in text, f"{old!r} not in {rel}"
        self.write(rel, text.replace(old, new, 1))

    def set_meta(self, rel: str, key: str, raw: str | None) -> None:
        """Sets (or with None removes) the `key: ...` line of a thong-tin.yaml, `raw` as YAML
        text."""
        lines = self.text(rel).splitlines()
        kept = [line for line in lines if not line.startswith(f"{key}:")]
        if raw is not None:
            kept.append(f"{key}: {raw}")
        self.write(rel, "\n".join(kept) + "\n")


# -- the cases -------------------------------------------------------------------------------------

CASES: dict[str, object] = {}


def case(name: str):
    def register(function):
        assert name not in CASES, name
        CASES[name] = function
        return function

    return register


THU = f"{BUDGET}/thu.csv"
CHI = f"{BUDGET}/chi.csv"
BUDGET_META = f"{BUDGET}/thong-tin.yaml"
LIST = f"{POVERTY}/danh-sach.csv"
TOTALS = f"{POVERTY}/so-ho-theo-thon.csv"
POVERTY_META = f"{POVERTY}/thong-tin.yaml"
TYPES = f"{LAND}/loai-dat.csv"
PROJECTS = f"{LAND}/cong-trinh.csv"
LAND_META = f"{LAND}/thong-tin.yaml"
ONE_STOP = f"{REFORM}/mot-cua.csv"
APOLOGIES = f"{REFORM}/thu-xin-loi.csv"
INDICES = f"{REFORM}/chi-so.csv"
REFORM_META = f"{REFORM}/thong-tin.yaml"
UNIT = "unit.yaml"

AMOUNT = "Số tiền (đồng)"
NOT_A_NUMBER = "cell-number-format"
NOT_A_DATE = "cell-date-invalid"
REQUIRED = "cell-required"  # a cell, or an entry of a YAML file


def windows_mojibake(text: str) -> str:
    """UTF-8 text opened as Windows-1252 (unassigned bytes kept as control characters)."""
    return "".join(
        bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in text.encode("utf-8")
    )


def group_total(c: Commune, rel: str, code: str) -> int:
    rows = c.rows(rel)
    return sum(int(r[3]) for r in rows[1:] if r[2] == code)


# - encodings -


@case("enc-windows-1258-loads")
def _(c):
    c.write_rows(LIST, c.rows(LIST), encoding=cp1258)
    # combining tones
    assert b"\xcc" in c.path(LIST).read_bytes() or b"\xec" in c.path(LIST).read_bytes()
    return []


@case("enc-utf16-bom-tabs-loads")
def _(c):
    c.write_rows(THU, c.rows(THU), encoding="utf-16", delimiter="\t")  # Excel "Unicode Text"
    return []


@case("enc-utf8-bom-semicolons-loads")
def _(c):
    c.write_rows(TYPES, c.rows(TYPES), encoding="utf-8-sig", delimiter=";")
    return []


@case("enc-semicolons-title-row-with-commas-accepted")
def _(c):
    # Vietnamese Excel separates by ";"; the title row above the header has more commas than ";"
    title = ["Tổng số hộ dân theo thôn, xã An Định, huyện An Lạc, năm 2025", ""]
    c.write_rows(TOTALS, [title] + c.rows(TOTALS), delimiter=";")
    return []


@case("enc-binary-garbage")
def _(c):
    c.path(THU).write_bytes(bytes(random.Random(7).randrange(256) for _ in range(4000)) + b"\x00")
    return [Expected(THU, "file-binary")]


@case("enc-unknown-encoding")
def _(c):
    # bytes 0x81 and 0x8D are neither UTF-8 nor Windows-1258 (here: Shift-JIS text)
    c.path(LIST).write_bytes(
        "Họ tên chủ hộ,Thôn\n".encode() + "山田太郎,T01\n".encode("shift_jis") + b"\x81\x8d\n"
    )
    return [Expected(LIST, "file-encoding-unknown")]


@case("enc-truncated-utf16")
def _(c):
    c.write_rows(THU, c.rows(THU), encoding="utf-16")
    c.path(THU).write_bytes(c.path(THU).read_bytes()[:-1])  # odd number of bytes
    return [Expected(THU, "file-encoding-damaged")]


@case("enc-utf8-bom-then-windows-bytes")
def _(c):
    c.path(THU).write_bytes(b"\xef\xbb\xbf" + cp1258(c.text(THU)))
    return [Expected(THU, "file-encoding-damaged")]


@case("enc-whole-file-mojibake")
def _(c):
    c.write(LIST, windows_mojibake(c.text(LIST)))
    return [Expected(LIST, "header-garbled", row=1, details={"letters": "á»\x8d", "meant": "ọ"})]


@case("enc-one-name-mojibake")
def _(c):
    line = 3
    c.set_cell(LIST, line, "Họ tên chủ hộ", windows_mojibake("Nguyễn Hữu Bảo"))
    return [
        Expected(
            LIST,
            "text-mojibake",
            row=line,
            column="Họ tên chủ hộ",
            value="Nguyá»…n Há»¯u Báº£o",
            details={"letters": "á»…", "position": 5, "meant": "ễ"},
        )
    ]


# - headers -


@case("header-extra-cccd-column")
def _(c):
    rows = c.rows(LIST)
    c.write_rows(
        LIST, [rows[0] + ["Số CCCD"]] + [r + [f"0011223344{n:02d}"] for n, r in enumerate(rows[1:])]
    )
    return [Expected(LIST, "column-unknown", row=1, column="Số CCCD")]


@case("header-missing-required-column")
def _(c):
    rows = c.rows(LIST)
    index = rows[0].index("Số nhân khẩu")
    c.write_rows(LIST, [r[:index] + r[index + 1 :] for r in rows])
    return [Expected(LIST, "column-missing", row=1, column="Số nhân khẩu")]


@case("header-duplicated-column")
def _(c):
    rows = c.rows(THU)
    c.write_rows(THU, [r + [r[3]] for r in rows])
    return [Expected(THU, "column-repeated", row=1, column=AMOUNT)]


@case("header-without-diacritics-accepted")
def _(c):
    rows = c.rows(THU)
    c.write_rows(THU, [["Ma so", "Noi dung", "Thuoc muc", "So tien (dong)"]] + rows[1:])
    return []


@case("header-upper-case-accepted")
def _(c):
    rows = c.rows(TYPES)
    c.write_rows(TYPES, [[t.upper() for t in rows[0]]] + rows[1:])
    return []


@case("header-field-names-accepted")
def _(c):
    rows = c.rows(LIST)
    c.write_rows(LIST, [["head_name", "village", "members", "category", "change"]] + rows[1:])
    return []


@case("header-not-found")
def _(c):
    rows = c.rows(THU)
    c.write_rows(THU, [["STT", "Khoản thu", "Ghi chú", "Giá trị"]] + rows[1:])
    return [Expected(THU, "header-missing", row=1)]


@case("header-title-rows-csv-numbering")
def _(c):
    rows = c.rows(THU)
    rows[3][3] = "năm trăm triệu"  # data line 4 of the original file
    titles = [
        ["ỦY BAN NHÂN DÂN XÃ AN ĐỊNH", "", "", ""],
        ["Biểu số 01: Dự toán thu ngân sách", "", "", ""],
        ["", "", "", ""],
    ]
    c.write_rows(THU, titles + rows)
    return [Expected(THU, NOT_A_NUMBER, row=4 + len(titles), column=AMOUNT, value="năm trăm triệu")]


# - numbers, integers, dates, categories, booleans -


def _bad_amount(text):
    def breaker(c):
        line = c.line_of(THU, "Mã số", "1.1")
        c.set_cell(THU, line, AMOUNT, text)
        return [Expected(THU, NOT_A_NUMBER, row=line, column=AMOUNT, value=text)]

    return breaker


case("number-in-words")(_bad_amount("mười triệu"))
case("number-1,2,3")(_bad_amount("1,2,3"))
case("number-12..5")(_bad_amount("12..5"))


@case("number-unicode-minus")
def _(c):
    # «−5000» with a minus sign (U+2212) is read as the negative number it shows
    line = c.line_of(THU, "Mã số", "1.1")
    c.set_cell(THU, line, AMOUNT, "\u22125000")
    return [
        Expected(
            THU,
            "cell-below-minimum",
            row=line,
            column=AMOUNT,
            value="\u22125000",
            details={"minimum": 0},
        )
    ]


@case("number-negative-amount")
def _(c):
    line = c.line_of(THU, "Mã số", "2")  # a top line: no group total depends on it
    c.set_cell(THU, line, AMOUNT, "-424000000")
    return [
        Expected(
            THU,
            "cell-below-minimum",
            row=line,
            column=AMOUNT,
            value="-424000000",
            details={"minimum": 0},
        )
    ]


@case("number-too-large")
def _(c):
    line = c.line_of(THU, "Mã số", "2")
    c.set_cell(THU, line, AMOUNT, "9" * 30)
    return [Expected(THU, "cell-number-too-large", row=line, column=AMOUNT, value="9" * 30)]


@case("number-written-with-dots-and-currency-accepted")
def _(c):
    line = c.line_of(THU, "Mã số", "1.1")
    amount = int(c.cell(THU, line, AMOUNT))
    c.set_cell(THU, line, AMOUNT, f"{amount:,} đ".replace(",", "."))
    return []


@case("number-empty-required")
def _(c):
    line = c.line_of(THU, "Mã số", "2")
    c.set_cell(THU, line, AMOUNT, "  ")
    return [Expected(THU, REQUIRED, row=line, column=AMOUNT, value="  ")]


@case("integer-3.5-members")
def _(c):
    c.set_cell(LIST, 2, "Số nhân khẩu", "3,5")
    return [Expected(LIST, "cell-not-integer", row=2, column="Số nhân khẩu", value="3,5")]


@case("integer-zero-members")
def _(c):
    c.set_cell(LIST, 4, "Số nhân khẩu", "0")
    return [
        Expected(
            LIST,
            "cell-below-minimum",
            row=4,
            column="Số nhân khẩu",
            value="0",
            details={"minimum": 1},
        )
    ]


@case("integer-31-members")
def _(c):
    c.set_cell(LIST, 4, "Số nhân khẩu", "31")
    return [
        Expected(
            LIST,
            "poverty.members-implausible",
            row=4,
            column="Số nhân khẩu",
            value="31",
            details={"largest": 30},
        )
    ]


@case("integer-1000-members")
def _(c):
    c.set_cell(LIST, 4, "Số nhân khẩu", "1.000")
    return [
        Expected(
            LIST,
            "cell-above-maximum",
            row=4,
            column="Số nhân khẩu",
            value="1.000",
            details={"maximum": 999},
        )
    ]


@case("integer-one-stop-words")
def _(c):
    c.set_cell(ONE_STOP, 3, "Giải quyết quá hạn", "chín")
    return [Expected(ONE_STOP, NOT_A_NUMBER, row=3, column="Giải quyết quá hạn", value="chín")]


@case("date-31-02-2025")
def _(c):
    c.set_cell(APOLOGIES, 2, "Ngày hẹn trả mới", "31/02/2025")
    return [Expected(APOLOGIES, NOT_A_DATE, row=2, column="Ngày hẹn trả mới", value="31/02/2025")]


@case("date-2025-13-01")
def _(c):
    c.set_cell(APOLOGIES, 3, "Ngày xin lỗi", "2025/13/01")
    return [Expected(APOLOGIES, NOT_A_DATE, row=3, column="Ngày xin lỗi", value="2025/13/01")]


@case("date-year-1890")
def _(c):
    c.set_cell(APOLOGIES, 4, "Ngày xin lỗi", "07/02/1890")
    return [
        Expected(
            APOLOGIES,
            "cell-date-year",
            row=4,
            column="Ngày xin lỗi",
            value="07/02/1890",
            details={"year": 1890},
        )
    ]


@case("date-iso-accepted")
def _(c):
    day, month, year = c.cell(APOLOGIES, 2, "Ngày xin lỗi").split("/")
    c.set_cell(APOLOGIES, 2, "Ngày xin lỗi", f"{year}-{month}-{day}")
    return []


@case("category-giau")
def _(c):
    c.set_cell(LIST, 5, "Phân loại", "giàu")
    return [
        Expected(
            LIST,
            "cell-category",
            row=5,
            column="Phân loại",
            value="giàu",
            details={"choices": "«Hộ nghèo», «Hộ cận nghèo»"},
        )
    ]


@case("category-label-accepted")
def _(c):
    rows = c.rows(LIST)
    index = rows[0].index("Phân loại")
    for r in rows[1:]:
        r[index] = {"ngheo": "Hộ nghèo", "can-ngheo": "hộ cận nghèo"}[r[index]]
    c.write_rows(LIST, rows)
    return []


@case("category-index-unknown")
def _(c):
    c.write(INDICES, 'Chỉ số,Điểm,Thang điểm,Xếp hạng,Trên tổng số\nPCI,"60,5",100,3,34\n')
    return [
        Expected(
            INDICES,
            "cell-category",
            row=2,
            column="Chỉ số",
            value="PCI",
            details={"choices": "«PAR INDEX», «SIPAS», «PAPI»"},
        )
    ]


@case("boolean-bad")
def _(c):
    c.set_cell(PROJECTS, 2, "Thu hồi đất", "có lẽ")
    return [Expected(PROJECTS, "cell-not-yes-no", row=2, column="Thu hồi đất", value="có lẽ")]


@case("boolean-x-and-empty-accepted")
def _(c):
    c.set_cell(PROJECTS, 2, "Thu hồi đất", "x")
    c.set_cell(PROJECTS, 3, "Thu hồi đất", "")
    return []


# - duplicates -


@case("duplicate-household")
def _(c):
    rows = c.rows(LIST)
    line = c.append(LIST, rows[1])
    return [
        Expected(
            LIST,
            "key-duplicate",
            row=line,
            column="Họ tên chủ hộ",
            value=f"{rows[1][0]} / {rows[1][1]}",
            details={"first": 2},
        )
    ]


@case("duplicate-household-other-case")
def _(c):
    rows = c.rows(LIST)
    line = c.append(LIST, [rows[1][0].upper(), rows[1][1].lower(), *rows[1][2:]])
    return [
        Expected(
            LIST,
            "key-duplicate",
            row=line,
            column="Họ tên chủ hộ",
            value=f"{rows[1][0].upper()} / {rows[1][1].lower()}",
            details={"first": 2},
        )
    ]


@case("households-differing-by-tone-accepted")
def _(c):
    # «Hùng» and «Hưng», «An» and «Ân» are different people even in the same village
    c.append(
        LIST,
        ["Lê Văn Hùng", "T01", "3", "ngheo", "giu-nguyen"],
        ["Lê Văn Hưng", "T01", "2", "ngheo", "giu-nguyen"],
        ["Trần Thị An", "T01", "1", "ngheo", "giu-nguyen"],
        ["Trần Thị Ân", "T01", "1", "ngheo", "giu-nguyen"],
    )
    return []


@case("duplicate-budget-code")
def _(c):
    line = c.line_of(THU, "Mã số", "1.2")
    c.set_cell(THU, line, "Mã số", "1.1")
    return [
        Expected(
            THU, "key-duplicate", row=line, column="Mã số", value="1.1", details={"first": line - 1}
        )
    ]


@case("duplicate-land-code")
def _(c):
    rows = c.rows(TYPES)
    line = c.append(TYPES, rows[2])
    return [
        Expected(
            TYPES,
            "key-duplicate",
            row=line,
            column="Mã loại đất",
            value=rows[2][0],
            details={"first": 3},
        )
    ]


@case("duplicate-land-code-lower-case")
def _(c):
    rows = c.rows(TYPES)
    line = c.append(TYPES, [rows[2][0].lower(), *rows[2][1:]])
    return [
        Expected(
            TYPES,
            "key-duplicate",
            row=line,
            column="Mã loại đất",
            value=rows[2][0].lower(),
            details={"first": 3},
        )
    ]


@case("duplicate-budget-dataset-folder")
def _(c):
    shutil.copytree(c.path(BUDGET), c.path(f"{BUDGET}-ban-sao"))
    return [
        Expected(
            f"{BUDGET}-ban-sao/thong-tin.yaml",
            "dataset-duplicate",
            details={"other": f"{COMMUNE}/{BUDGET}"},
        )
    ]


@case("duplicate-poverty-year-folder")
def _(c):
    shutil.copytree(c.path(POVERTY), c.path("ho-ngheo/2025-sua"))
    return [
        Expected(
            "ho-ngheo/2025-sua/thong-tin.yaml",
            "dataset-duplicate",
            details={"other": f"{COMMUNE}/{POVERTY}"},
        )
    ]


# - totals, identities, references -


@case("budget-group-off-by-2")
def _(c):
    line = c.line_of(THU, "Mã số", "1")
    expected = group_total(c, THU, "1")
    c.set_cell(THU, line, AMOUNT, str(expected + 2))
    return [
        Expected(
            THU,
            "budget.group-sum",
            row=line,
            column=AMOUNT,
            value=str(expected + 2),
            details={"expected": f"{expected:,}".replace(",", ".")},
        )
    ]


@case("budget-group-off-by-1-accepted")
def _(c):
    line = c.line_of(CHI, "Mã số", "2")
    c.set_cell(CHI, line, AMOUNT, str(group_total(c, CHI, "2") - 1))
    return []


@case("reform-subtotal-row-between-quarters")
def _(c):
    """A «6 tháng» row added after the second quarter, as a clerk copies a report's subtotal:
    its figures would be counted twice in the year."""
    rows = c.rows(ONE_STOP)
    first, second = rows[1], rows[2]
    half = [
        "6 tháng đầu năm 2025",
        first[1],
        *(str(int(a) + int(b)) for a, b in zip(first[2:], second[2:], strict=True)),
    ]
    c.write_rows(ONE_STOP, [*rows[:3], half, *rows[3:]])
    pending = int(second[7]) + int(second[8])
    return [
        Expected(
            ONE_STOP,
            "reform.carried-over-chain",
            row=4,
            column="Kỳ trước chuyển sang",
            value=first[1],
            details={"expected": pending, "line": 3},
        ),
        # and the third quarter's, after it
        Expected(
            ONE_STOP,
            "reform.carried-over-chain",
            row=5,
            column="Kỳ trước chuyển sang",
            value=rows[3][1],
            details={"expected": int(half[7]) + int(half[8]), "line": 4},
        ),
        *(
            [
                Expected(
                    ONE_STOP,
                    "reform.one-stop-identity",
                    row=4,
                    column="Mới tiếp nhận",
                    value=half[2],
                    details={
                        "incoming": int(first[1]) + int(half[2]),
                        "outgoing": sum(int(v) for v in half[4:]),
                    },
                )
            ]
            if int(first[1]) + int(half[2])
            != sum(int(v) for v in half[4:])  # the sums of two identities need not hold
            else []
        ),
    ]


@case("reform-quarter-written-with-its-official-window-accepted")
def _(c):
    """Reports cut off on the 14th (Decree 09/2019): «Quý I/2025 (từ 15/12/2024 đến 14/3/2025)»
    names the year before too, and is the dataset's year's."""
    rows = c.rows(ONE_STOP)
    year = int(rows[1][0].rsplit("/", 1)[1])
    c.set_cell(ONE_STOP, 2, "Kỳ báo cáo", f"Quý I/{year} (từ 15/12/{year - 1} đến 14/3/{year})")
    return []


@case("reform-quarter-of-the-year-before")
def _(c):
    rows = c.rows(ONE_STOP)
    year = int(rows[1][0].rsplit("/", 1)[1])
    c.set_cell(ONE_STOP, 2, "Kỳ báo cáo", f"Quý IV/{year - 1}")
    return [
        Expected(
            ONE_STOP,
            "reform.period-other-year",
            row=2,
            column="Kỳ báo cáo",
            value=f"Quý IV/{year - 1}",
            details={"year": year},
        )
    ]


@case("budget-parent-missing")
def _(c):
    line = c.append(THU, ["6", "Thu viện trợ", "9", "0"])
    return [Expected(THU, "budget.parent-unknown", row=line, column="Thuộc mục", value="9")]


@case("budget-parent-is-itself")
def _(c):
    line = c.append(CHI, ["9", "Chi khác", "9", "0"])
    return [Expected(CHI, "budget.parent-self", row=line, column="Thuộc mục", value="9")]


@case("reform-one-stop-identity")
def _(c):
    received = int(c.cell(ONE_STOP, 2, "Mới tiếp nhận"))
    carried = int(c.cell(ONE_STOP, 2, "Kỳ trước chuyển sang"))
    c.set_cell(ONE_STOP, 2, "Mới tiếp nhận", str(received + 5))
    return [
        Expected(
            ONE_STOP,
            "reform.one-stop-identity",
            row=2,
            column="Mới tiếp nhận",
            value=str(received + 5),
            details={"incoming": carried + received + 5, "outgoing": carried + received},
        )
    ]


@case("reform-online-above-received")
def _(c):
    received = int(c.cell(ONE_STOP, 4, "Mới tiếp nhận"))
    c.set_cell(ONE_STOP, 4, "Tiếp nhận trực tuyến", str(received + 1))
    return [
        Expected(
            ONE_STOP,
            "reform.online-above-received",
            row=4,
            column="Tiếp nhận trực tuyến",
            value=str(received + 1),
        )
    ]


@case("reform-apology-new-date-before-date")
def _(c):
    c.set_cell(APOLOGIES, 3, "Ngày hẹn trả mới", "01/01/2025")
    return [
        Expected(
            APOLOGIES, "reform.apology-date", row=3, column="Ngày hẹn trả mới", value="01/01/2025"
        )
    ]


@case("reform-score-above-max")
def _(c):
    c.write(
        INDICES,
        'Chỉ số,Điểm,Thang điểm,Xếp hạng,Trên tổng số\npar-index,"83,52",100,4,34\n'
        'sipas,"100,5",100,20,34\n',
    )
    return [Expected(INDICES, "reform.score-above-scale", row=3, column="Điểm", value="100,5")]


@case("reform-rank-above-rank-of")
def _(c):
    c.write(INDICES, 'Chỉ số,Điểm,Thang điểm,Xếp hạng,Trên tổng số\npapi,"44,98",80,35,34\n')
    return [Expected(INDICES, "reform.rank-above-total", row=2, column="Xếp hạng", value="35")]


def hectares(text: str) -> Decimal:
    return Decimal(text.replace(".", "").replace(",", "."))


def vi(value: Decimal) -> str:
    """1138.93 -> '1.138,93', as the messages show hectares."""
    return f"{value:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")


@case("land-change-not-planned-minus-current")
def _(c):
    line = c.line_of(TYPES, "Mã loại đất", "LUA")
    difference = hectares(c.cell(TYPES, line, "Kế hoạch (ha)")) - hectares(
        c.cell(TYPES, line, "Hiện trạng (ha)")
    )
    typed = vi(difference + Decimal("0.05"))
    c.set_cell(TYPES, line, "Tăng, giảm (ha)", typed)
    return [
        Expected(
            TYPES,
            "land.change",
            row=line,
            column="Tăng, giảm (ha)",
            value=typed,
            details={"expected": vi(difference)},
        )
    ]


@case("land-group-not-sum-of-members")
def _(c):
    line = c.line_of(TYPES, "Mã loại đất", "NNP")
    current = hectares(c.cell(TYPES, line, "Hiện trạng (ha)"))
    change = hectares(c.cell(TYPES, line, "Tăng, giảm (ha)"))
    c.set_cell(TYPES, line, "Hiện trạng (ha)", vi(current + 1))
    c.set_cell(TYPES, line, "Tăng, giảm (ha)", vi(change - 1))  # the row's own identity still holds
    # value: shown without its thousands dot (1.137,67 typed, 1137,67 shown), not quite as typed
    return [
        Expected(
            TYPES,
            "land.group-sum",
            row=line,
            column="Hiện trạng (ha)",
            value=ANY,
            details={"expected": vi(current)},
        )
    ]


@case("land-project-unknown-code")
def _(c):
    c.set_cell(PROJECTS, 3, "Mã loại đất", "XYZ")
    return [Expected(PROJECTS, "land.code-unknown", row=3, column="Mã loại đất", value="XYZ")]


@case("land-change-empty-computed-accepted")
def _(c):
    rows = c.rows(TYPES)
    c.write_rows(TYPES, [r[:4] + [""] if n else r for n, r in enumerate(rows)])
    return []


@case("poverty-village-not-in-unit")
def _(c):
    c.set_cell(LIST, 6, "Thôn", "T09")
    villages = ", ".join(
        f"T0{n} ({name})"
        for n, name in enumerate(
            [
                "Thôn Yên Thái",
                "Thôn Tân Phú",
                "Thôn Bàu Sen",
                "Thôn Phú Xuân",
                "Thôn Bến Đò",
                "Thôn Vĩnh An",
                "Thôn Kim Ngọc",
            ],
            start=1,
        )
    )
    return [
        Expected(
            LIST,
            "poverty.village-unknown",
            row=6,
            column="Thôn",
            value="T09",
            details={"known": villages},
        )
    ]


@case("poverty-village-by-name-accepted")
def _(c):
    rows = c.rows(LIST)
    c.write_rows(
        LIST,
        [rows[0]]
        + [
            [r[0], {"T01": "Thôn Yên Thái", "T02": "thôn tân phú"}.get(r[1], r[1]), *r[2:]]
            for r in rows[1:]
        ],
    )
    return []


@case("poverty-total-below-listed")
def _(c):
    line = c.line_of(TOTALS, "Thôn", "T01")
    listed = sum(1 for r in c.rows(LIST)[1:] if r[1] == "T01")
    c.set_cell(TOTALS, line, "Tổng số hộ dân", "3")
    return [
        Expected(
            TOTALS,
            "poverty.village-total-small",
            row=line,
            column="Tổng số hộ dân",
            value="3",
            details={"listed": listed},
        )
    ]


@case("poverty-village-counted-twice-by-code-and-name")
def _(c):
    """The review's attack: «Thôn Yên Thái,900» below «T01,600»: the last row won, unsaid."""
    line = c.append(TOTALS, ["Thôn Yên Thái", "900"])
    first = c.line_of(TOTALS, "Thôn", "T01")
    return [
        Expected(
            TOTALS,
            "poverty.village-twice",
            row=line,
            column="Thôn",
            value="T01",
            details={"first": first},
        )
    ]


@case("poverty-poor-household-marked-out-of-poverty")
def _(c):
    rows = c.rows(LIST)
    line = next(n for n, r in enumerate(rows, 1) if n > 1 and r[3] in ("ngheo", "Hộ nghèo"))
    c.set_cell(LIST, line, "Biến động", "moi-thoat-ngheo")
    return [
        Expected(
            LIST, "poverty.poor-and-out", row=line, column="Biến động", value="Mới thoát nghèo"
        )
    ]


@case("poverty-village-total-missing")
def _(c):
    rows = c.rows(TOTALS)
    c.write_rows(TOTALS, [r for r in rows if r[0] != "T07"])
    return [Expected(TOTALS, "poverty.village-total-missing", column="Thôn", value="T07")]


# - look-alike letters and legacy font encodings -


def _name_with(letter_from: str, letter_to: str, name: str, position: int, code: str):
    def breaker(c):
        odd = name.replace(letter_from, letter_to, 1)
        assert odd[position - 1] == letter_to
        c.set_cell(LIST, 7, "Họ tên chủ hộ", odd)
        return [
            Expected(
                LIST,
                code,
                row=7,
                column="Họ tên chủ hộ",
                value=odd,
                details={"char": letter_to, "position": position},
            )
        ]

    return breaker


case("lookalike-cyrillic-u")(
    _name_with("y", "\u0443", "Nguyễn Văn Dương", 4, "text-lookalike-script")
)
case("lookalike-cyrillic-dze")(_name_with("s", "\u0455", "Hồ sĩ Nam", 4, "text-lookalike-script"))
case("lookalike-cyrillic-ha")(_name_with("x", "\u0445", "Lò Thị xuân", 8, "text-lookalike-script"))
case("lookalike-greek-omicron")(
    _name_with("o", "\u03bf", "Hoàng Văn Hải", 2, "text-lookalike-script")
)
case("lookalike-small-capital-v")(
    _name_with("V", "\u1d20", "Trần Văn Đông", 6, "text-lookalike-form")
)

TCVN3 = "TCVN3 (ABC)"


def _legacy(encoding: str, char: str, position: int) -> dict:
    return {"encoding": encoding, "char": char, "position": position}


@case("legacy-tcvn3-name")
def _(c):
    c.set_cell(LIST, 8, "Họ tên chủ hộ", "NguyÔn V¨n Hµ")
    return [
        Expected(
            LIST,
            "text-legacy-font",
            row=8,
            column="Họ tên chủ hộ",
            value="NguyÔn V¨n Hµ",
            details=_legacy(TCVN3, "¨", 9),
        )
    ]


@case("legacy-tcvn3-budget-line")
def _(c):
    line = c.line_of(THU, "Mã số", "3")
    c.set_cell(THU, line, "Nội dung", "Thu tiÒn sö dông ®Êt Hµ Néi")
    return [
        Expected(
            THU,
            "text-legacy-font",
            row=line,
            column="Nội dung",
            value="Thu tiÒn sö dông ®Êt Hµ Néi",
            details=_legacy(TCVN3, "µ", 23),
        )
    ]


@case("legacy-vni-name")
def _(c):
    c.set_cell(LIST, 9, "Họ tên chủ hộ", "Nguyeãn Vaên Tö")
    return [
        Expected(
            LIST,
            "text-legacy-font",
            row=9,
            column="Họ tên chủ hộ",
            value="Nguyeãn Vaên Tö",
            details=_legacy("VNI", "ã", 6),
        )
    ]


@case("legacy-tcvn3-metadata-title")
def _(c):
    c.set_meta(POVERTY_META, "title", "Hµ Néi danh s¸ch hé nghÌo")
    return [
        Expected(
            POVERTY_META,
            "text-legacy-font",
            column="title (Tiêu đề)",
            value="Hµ Néi danh s¸ch hé nghÌo",
            details=_legacy(TCVN3, "µ", 2),
        )
    ]


@case("legacy-vni-metadata-title")
def _(c):
    c.set_meta(LAND_META, "title", "Coâng khai keá hoaïch söû duïng ñaát")
    return [
        Expected(
            LAND_META,
            "text-legacy-font",
            column="title (Tiêu đề)",
            value="Coâng khai keá hoaïch söû duïng ñaát",
            details=_legacy("VNI", "â", 3),
        )
    ]


@case("guillemets-accepted")
def _(c):
    line = c.line_of(CHI, "Mã số", "1.1")
    c.set_cell(CHI, line, "Nội dung", "Chi đầu tư chương trình «Nông thôn mới»")
    return []


# - empty and malformed tables -


@case("table-zero-bytes")
def _(c):
    c.path(THU).write_bytes(b"")
    return [Expected(THU, "table-empty")]


@case("table-only-header")
def _(c):
    c.write_rows(LIST, c.rows(LIST)[:1])
    return [Expected(LIST, "table-header-only", row=1)]


@case("optional-table-only-header-accepted")
def _(c):
    c.write_rows(APOLOGIES, c.rows(APOLOGIES)[:1])  # no late case this year
    return []


@case("table-only-whitespace-lines")
def _(c):
    c.path(TOTALS).write_bytes(b"   \r\n\t\r\n \r\n\r\n")
    return [Expected(TOTALS, "table-empty")]


@case("table-more-cells-than-header")
def _(c):
    rows = c.rows(THU)
    line = c.line_of(THU, "Mã số", "1.2")
    code, name, parent, amount = rows[line - 1]
    lines = c.text(THU).splitlines()
    # the comma inside the name is no longer quoted
    lines[line - 1] = f"{code},{name},{parent},{amount}"
    assert "," in name
    c.write(THU, "\n".join(lines) + "\n")
    return [Expected(THU, "row-extra-cells", row=line, value=amount)]


@case("table-short-row")
def _(c):
    line = c.line_of(THU, "Mã số", "2")
    lines = c.text(THU).splitlines()
    lines[line - 1] = lines[line - 1].rsplit(",", 1)[0]  # the amount cell is gone
    c.write(THU, "\n".join(lines) + "\n")
    return [Expected(THU, REQUIRED, row=line, column=AMOUNT)]


@case("table-unclosed-quote-huge-cell")
def _(c):
    rows = c.rows(THU)
    c.write(
        THU,
        'Mã số,Nội dung,Thuộc mục,Số tiền (đồng)\n6,"Thu khác'
        + "x" * 140_000
        + ",,5\n"
        + "\n".join(",".join(r) for r in rows[1:]),
    )
    return [Expected(THU, "csv-cell-too-long", details={"limit": "131.072"})]


@case("table-over-20-mb")
def _(c):
    with c.path(THU).open("r+b") as handle:  # sparse: the size check must come before reading
        handle.truncate(20 * 1024 * 1024 + 1)
    return [Expected(THU, "file-too-large", details={"size": 21, "limit": 20})]


@case("table-missing-required-file")
def _(c):
    c.path(TOTALS).unlink()
    return [Expected(TOTALS, "table-missing", details={"table": "Tổng số hộ dân theo thôn"})]


@case("table-missing-optional-file-accepted")
def _(c):
    c.path(PROJECTS).unlink()
    return []


def _yaml_syntax(file: str, line: int, column: int) -> Expected:
    """A YAML syntax error, on its line, its column among its details. Why, in words (PyYAML's
    reason said in Vietnamese), is pinned in test_wording.py."""
    return Expected(file, "yaml-syntax", row=line, details={"at_column": column})


@case("yaml-unquoted-at-sign")
def _(c):
    c.write(LAND_META, "title: @Kế hoạch\n")
    return [_yaml_syntax(LAND_META, 1, 8)]


@case("yaml-quotes-inside-quotes")
def _(c):
    c.write(LAND_META, 'title: "Công khai "kế hoạch" năm 2025"\nyear: 2025\n')
    return [_yaml_syntax(LAND_META, 1, 20)]


@case("metadata-year-not-the-folders")
def _(c):
    meta = c.path(POVERTY_META)
    meta.write_text(
        meta.read_text(encoding="utf-8").replace("year: 2025", "year: 2023"), encoding="utf-8"
    )
    return [
        Expected(
            POVERTY_META,
            "dataset-year-folder",
            column="year (Năm rà soát)",
            value="2023",
            details={"folder": "2025"},
        )
    ]


@case("list-birth-date-beside-a-name")
def _(c):
    c.set_cell(LIST, 2, "Họ tên chủ hộ", "Trần Văn Cường, 12/05/1960")
    return [Expected(LIST, "personal-birth", row=2, column="Họ tên chủ hộ", value="12/05/1960")]


@case("list-health-beside-a-name")
def _(c):
    c.set_cell(LIST, 2, "Họ tên chủ hộ", "Trần Văn Cường (khuyết tật nặng)")
    return [Expected(LIST, "personal-health", row=2, column="Họ tên chủ hộ", value="khuyết tật")]


@case("budget-line-about-disability-is-fine")
def _(c):
    c.set_cell(CHI, 2, "Nội dung", "Hỗ trợ người khuyết tật và đồng bào dân tộc thiểu số")
    return []


@case("table-yaml-nan-amount")
def _(c):
    c.path(THU).unlink()
    c.write(f"{BUDGET}/thu.yaml", "- {code: '1', name: Thu khác, amount: .nan}\n")
    return [
        Expected(f"{BUDGET}/thu.yaml", NOT_A_NUMBER, row=2, column=AMOUNT, value=".nan")
    ]  # as typed: text, not a float


@case("table-yaml-not-a-list")
def _(c):
    c.path(THU).unlink()
    c.write(f"{BUDGET}/thu.yaml", "code: '1'\nname: Thu\n")
    return [Expected(f"{BUDGET}/thu.yaml", "yaml-table-shape")]


# - metadata (thong-tin.yaml) -


def _bomb(levels: int = 10) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, levels):
        lines.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]")
    return "\n".join(lines) + f"\ntitle: *a{levels - 1}\n"


@case("yaml-alias-bomb")
def _(c):
    c.write(BUDGET_META, c.text(BUDGET_META).replace("title:", "old_title:") + _bomb())
    return [Expected(BUDGET_META, "yaml-aliases-expand", details={"limit": "1.000.000"})]


@case("yaml-too-many-aliases")
def _(c):
    c.write(
        BUDGET_META,
        c.text(BUDGET_META) + "x: &x 1\nnotes_list: [" + ", ".join(["*x"] * 201) + "]\n",
    )
    return [Expected(BUDGET_META, "yaml-aliases", details={"limit": 200})]


@case("yaml-3-mb")
def _(c):
    c.write(
        REFORM_META, c.text(REFORM_META) + "notes: " + "rất dài " * (3 * 1024 * 1024 // 10) + "\n"
    )
    size = c.path(REFORM_META).stat().st_size
    return [
        Expected(
            REFORM_META,
            "yaml-too-large",
            details={"size": f"{size:,}".replace(",", "."), "limit": "2.097.152"},
        )
    ]


@case("yaml-syntax-error")
def _(c):
    lines = c.text(LAND_META).splitlines()
    number = next(n for n, line in enumerate(lines, start=1) if line.startswith("legal_basis:"))
    lines[number - 1] = "legal_basis: Luật Đất đai: Điều 75"
    c.write(LAND_META, "\n".join(lines) + "\n")
    return [_yaml_syntax(LAND_META, number, 26)]


@case("yaml-tab-indent")
def _(c):
    c.write(LAND_META, "\t" + c.text(LAND_META))
    return [_yaml_syntax(LAND_META, 1, 1)]


@case("yaml-impossible-date-unquoted")
def _(c):
    c.set_meta(BUDGET_META, "posted", "2025-02-30")
    lines = c.text(BUDGET_META).splitlines()
    # the column and value are said in the message only (the words: test_wording.py)
    return [
        Expected(
            BUDGET_META,
            "yaml-date-invalid",
            row=len(lines),
            details={"at_column": 9, "shown": " (giá trị: «2025-02-30»)"},
        )
    ]


@case("yaml-huge-integer")
def _(c):
    c.set_meta(REFORM_META, "year", "2" * 5000)
    lines = c.text(REFORM_META).splitlines()
    return [
        Expected(
            REFORM_META,
            "yaml-number-too-long",
            row=len(lines),
            details={"at_column": 7, "shown": f" (giá trị: «{'2' * 40}»)"},
        )
    ]


@case("yaml-windows-encoding")
def _(c):
    c.path(POVERTY_META).write_bytes(cp1258(c.text(POVERTY_META)))
    return [Expected(POVERTY_META, "yaml-encoding")]


@case("meta-list-not-mapping")
def _(c):
    c.write(POVERTY_META, "- title: Danh sách hộ nghèo\n- year: 2025\n")
    return [Expected(POVERTY_META, "metadata-not-mapping")]


@case("meta-unknown-key")
def _(c):
    c.set_meta(BUDGET_META, "nguoi_ky", "Chủ tịch")
    return [
        Expected(
            BUDGET_META,
            "metadata-key-unknown",
            column="nguoi_ky",
            details={
                "allowed": (
                    "correction_reason, decision_date, decision_issuer, decision_number, "
                    "legal_basis, notes, office, posted, posted_until, posting_forms, "
                    "posting_place, responsible, stage, title, year"
                )
            },
        )
    ]


@case("meta-missing-posted")
def _(c):
    c.set_meta(LAND_META, "posted", None)
    return [Expected(LAND_META, REQUIRED, column="posted (Ngày công khai)")]


@case("meta-bad-year")
def _(c):
    c.set_meta(BUDGET_META, "year", "hai nghìn hai lăm")
    return [
        Expected(
            BUDGET_META, NOT_A_NUMBER, column="year (Năm ngân sách)", value="hai nghìn hai lăm"
        )
    ]


@case("meta-bad-stage")
def _(c):
    c.set_meta(BUDGET_META, "stage", "giữa năm")
    return [
        Expected(
            BUDGET_META,
            "cell-category",
            column="stage (Giai đoạn)",
            value="giữa năm",
            details={
                "choices": (
                    "«Dự toán», «Thực hiện 3 tháng», «Thực hiện 6 tháng», «Thực hiện 9 tháng», "
                    "«Thực hiện cả năm», «Quyết toán»"
                )
            },
        )
    ]


@case("meta-title-is-a-list")
def _(c):
    c.set_meta(REFORM_META, "title", "[Công khai, cải cách]")
    return [
        Expected(
            REFORM_META,
            "cell-not-single",
            column="title (Tiêu đề)",
            value="['Công khai', 'cải cách']",
        )
    ]


@case("meta-posted-before-decision")
def _(c):
    c.set_meta(BUDGET_META, "posted", '"01/12/2024"')
    return [
        Expected(
            BUDGET_META,
            "posting-before-decision",
            column="posted (Ngày công khai)",
            value="01/12/2024",
        )
    ]


@case("meta-posted-late-is-a-warning")
def _(c):
    c.set_meta(BUDGET_META, "decision_date", '"18/12/2024"')
    c.set_meta(BUDGET_META, "posted", '"28/01/2025"')
    return [
        Expected(
            BUDGET_META,
            "posting-late",
            column="posted (Ngày công khai)",
            value="28/01/2025",
            severity="warning",
            details={"taken": 41},
        )
    ]


@case("meta-file-missing")
def _(c):
    c.path(LAND_META).unlink()
    return [Expected(LAND_META, "metadata-missing")]


# - unit.yaml -


@case("unit-bad-code")
def _(c):
    c.replace(UNIT, 'code: "99101"', 'code: "9A"')
    return [Expected(UNIT, "unit-code-format", column="code (mã đơn vị)", value="9A")]


@case("unit-unknown-type")
def _(c):
    c.replace(UNIT, "type: xã", "type: khu tự trị")
    return [
        Expected(
            UNIT,
            "unit-type-unknown",
            column="type (loại đơn vị)",
            value="khu tự trị",
            details={
                "types": "tỉnh, thành phố, huyện, quận, thị xã, xã, phường, thị trấn, đặc khu"
            },
        )
    ]


@case("unit-duplicate-village-code")
def _(c):
    c.replace(UNIT, "{code: T02,", "{code: T01,")
    return [
        Expected(UNIT, "unit-village-duplicate", column="villages, thôn thứ 2: code", value="T01")
    ]


@case("unit-village-code-differs-only-in-case")
def _(c):
    c.replace(UNIT, "{code: T02,", "{code: t01,")
    return [
        Expected(UNIT, "unit-village-duplicate", column="villages, thôn thứ 2: code", value="t01")
    ]


@case("unit-village-name-twice")
def _(c):
    text = c.text(UNIT)
    first = text.split("{code: T01,", 1)[1].split("name:", 1)[1].split("}", 1)[0].strip()
    second = text.split("{code: T02,", 1)[1].split("name:", 1)[1].split("}", 1)[0].strip()
    c.replace(UNIT, f"name: {second}}}", f"name: {first.upper()}}}")
    return [
        Expected(
            UNIT,
            "unit-village-name-duplicate",
            column="villages, thôn thứ 2: name",
            value=first.upper(),
        )
    ]


@case("unit-village-named-as-another-villages-code")
def _(c):
    text = c.text(UNIT)
    second = text.split("{code: T02,", 1)[1].split("name:", 1)[1].split("}", 1)[0].strip()
    c.replace(UNIT, f"name: {second}}}", "name: T01}")
    return [
        Expected(
            UNIT, "unit-village-name-duplicate", column="villages, thôn thứ 2: name", value="T01"
        )
    ]


@case("unit-unknown-village-type")
def _(c):
    c.replace(UNIT, "{code: T03, type: thôn", "{code: T03, type: xóm núi")
    return [
        Expected(
            UNIT,
            "unit-village-type",
            column="villages, thôn thứ 3: type",
            value="xóm núi",
            details={"types": "thôn, bản, ấp, làng, buôn, tổ dân phố, khu phố, khối, tổ"},
        )
    ]


@case("unit-bad-email")
def _(c):
    c.replace(UNIT, "email: ubnd.andinh@binhson.gov.vn", "email: ubnd.andinh@binhson")
    return [Expected(UNIT, "unit-email-format", column="office.email", value="ubnd.andinh@binhson")]


@case("unit-missing-office-name")
def _(c):
    c.replace(UNIT, "  name: Ủy ban nhân dân xã An Định\n", "")
    return [Expected(UNIT, REQUIRED, column="office.name")]


@case("unit-syntax-error")
def _(c):
    c.replace(UNIT, "name: An Định", "name: [An Định")
    line = c.text(UNIT).splitlines().index("name: [An Định") + 1
    # the list opened on `line` is found unclosed where the next key starts
    return [_yaml_syntax(UNIT, line + 1, 7)]


@case("unit-is-a-list")
def _(c):
    c.write(UNIT, "- code: '99101'\n- name: An Định\n")
    return [Expected(UNIT, "unit-not-mapping")]


@case("unit-name-lookalike")
def _(c):
    c.replace(UNIT, "name: An Định", "name: Аn Định")  # Cyrillic А
    return [
        Expected(
            UNIT,
            "text-lookalike-script",
            column="name (tên đơn vị)",
            details={"char": "А", "position": 1},
        )
    ]


# - Excel workbooks -


def _workbook(path: Path, rows, *, title_rows=(), blank_after_titles=True, sheet="Sheet1"):
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = sheet
    line = 1
    for title in title_rows:
        ws.cell(row=line, column=1, value=title)
        line += 1
    if title_rows and blank_after_titles:
        line += 1
    for cells in rows:
        for column, value in enumerate(cells, start=1):
            ws.cell(row=line, column=column, value=value)
        line += 1
    book.save(path)


def _typed_budget_rows(c):
    rows = c.rows(THU)
    return [rows[0]] + [[r[0], r[1], r[2] or None, int(r[3])] for r in rows[1:]]


TITLES = (
    "ỦY BAN NHÂN DÂN XÃ AN ĐỊNH",
    "CÔNG KHAI DỰ TOÁN THU NGÂN SÁCH NĂM 2025",
    "(Kèm theo Quyết định số 20/QĐ-UBND)",
)


@case("xlsx-title-rows-accepted")
def _(c):
    _workbook(
        c.path(f"{BUDGET}/thu.xlsx"),
        _typed_budget_rows(c),
        title_rows=TITLES,
        sheet="Thu ngân sách",
    )
    c.path(THU).unlink()
    return []


@case("xlsx-bad-cell-spreadsheet-row")
def _(c):
    rows = _typed_budget_rows(c)
    rows[2][3] = "#VALUE!"
    _workbook(c.path(f"{BUDGET}/thu.xlsx"), rows, title_rows=TITLES)
    c.path(THU).unlink()
    # 3 title rows, 1 blank row, the header on row 5, the third data line on row 7
    return [Expected(f"{BUDGET}/thu.xlsx", NOT_A_NUMBER, row=7, column=AMOUNT, value="#VALUE!")]


@case("xlsx-dates-as-dates-accepted")
def _(c):
    import datetime as dt

    rows = c.rows(APOLOGIES)
    as_date = lambda text: dt.datetime.strptime(text, "%d/%m/%Y")  # noqa: E731
    _workbook(
        c.path(f"{REFORM}/thu-xin-loi.xlsx"),
        [rows[0]] + [[as_date(r[0]), r[1], r[2], as_date(r[3])] for r in rows[1:]],
    )
    c.path(APOLOGIES).unlink()
    return []


@case("xlsx-text-file-renamed")
def _(c):
    c.path(LIST).rename(c.path(f"{POVERTY}/danh-sach.xlsx"))
    return [Expected(f"{POVERTY}/danh-sach.xlsx", "xlsx-damaged")]


@case("xlsx-damaged-sheet")
def _(c):
    import zipfile

    good = c.path("tmp.xlsx")
    _workbook(good, _typed_budget_rows(c))
    with (
        zipfile.ZipFile(good) as source,
        zipfile.ZipFile(c.path(f"{BUDGET}/thu.xlsx"), "w") as target,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]  # cut in the middle of the XML
            target.writestr(item, data)
    good.unlink()
    c.path(THU).unlink()
    return [Expected(f"{BUDGET}/thu.xlsx", "xlsx-unreadable")]


@case("xlsx-blank-row-keeps-numbering")
def _(c):
    rows = c.rows(LIST)[:6]
    rows.insert(3, [None] * 5)  # a blank spreadsheet row 4
    rows[5][2] = 3.5
    _workbook(c.path(f"{POVERTY}/danh-sach.xlsx"), rows)
    c.path(LIST).unlink()
    return [
        Expected(
            f"{POVERTY}/danh-sach.xlsx",
            "cell-not-integer",
            row=6,
            column="Số nhân khẩu",
            value="3.5",
        )
    ]


# - several problems in one file: all of them, in one run -


@case("several-problems-one-file")
def _(c):
    rows = c.rows(LIST)
    rows[1][2] = "ba"  # line 2: members not a number
    rows[3][3] = "khá giả"  # line 4: category
    rows[5][0] = "Phạm Thị \u0422hu"  # line 6: Cyrillic Т
    rows[6][4] = ""  # line 7: change left empty
    rows.append(rows[2])  # last line: line 3 again
    c.write_rows(LIST, rows)
    return [
        Expected(LIST, NOT_A_NUMBER, row=2, column="Số nhân khẩu", value="ba"),
        Expected(LIST, "cell-category", row=4, column="Phân loại", value="khá giả"),
        Expected(
            LIST,
            "text-lookalike-script",
            row=6,
            column="Họ tên chủ hộ",
            value="Phạm Thị \u0422hu",
            details={"char": "\u0422", "position": 10},
        ),
        Expected(LIST, REQUIRED, row=7, column="Biến động", value=""),
        Expected(
            LIST,
            "key-duplicate",
            row=len(rows),
            column="Họ tên chủ hộ",
            value=f"{rows[2][0]} / {rows[2][1]}",
            details={"first": 3},
        ),
    ]


@case("several-files-several-kinds")
def _(c):
    c.set_cell(THU, 3, AMOUNT, "abc")
    c.set_cell(APOLOGIES, 2, "Ngày xin lỗi", "32/01/2025")
    c.set_meta(LAND_META, "posted", None)
    return [
        Expected(THU, NOT_A_NUMBER, row=3, column=AMOUNT, value="abc"),
        Expected(APOLOGIES, NOT_A_DATE, row=2, column="Ngày xin lỗi", value="32/01/2025"),
        Expected(LAND_META, REQUIRED, column="posted (Ngày công khai)"),
    ]


# -- bugs this corpus found in the kinds, now fixed: each breaks the commune and checks the problems

KNOWN_BUGS: dict[str, tuple[str, object]] = {}


def known_bug(name: str, reason: str):
    def register(function):
        KNOWN_BUGS[name] = (reason, function)
        return function

    return register


@known_bug(
    "budget-parent-cycle",
    "budget: lines that are each other's group pass the checks and vanish from the page",
)
def _(c):
    c.append(THU, ["7", "Vòng A", "8", "5"], ["8", "Vòng B", "7", "5"])
    return lambda problems: any(
        p.file == f"{COMMUNE}/{THU}" and p.column == "Thuộc mục" for p in problems
    )


@known_bug(
    "poverty-duplicate-village-code-and-name",
    "poverty: the same household with its village once as code, once as name, is not a duplicate",
)
def _(c):
    first = c.rows(LIST)[1]
    assert first[1] == "T01"
    line = c.append(LIST, [first[0], "Thôn Yên Thái", *first[2:]])
    return lambda problems: any(p.file == f"{COMMUNE}/{LIST}" and p.row == line for p in problems)


@known_bug(
    "poverty-missing-total-names-csv-for-xlsx",
    "poverty: a village missing from so-ho-theo-thon.xlsx is reported in so-ho-theo-thon.csv",
)
def _(c):
    _workbook(
        c.path(f"{POVERTY}/so-ho-theo-thon.xlsx"),
        [r if n == 0 else [r[0], int(r[1])] for n, r in enumerate(c.rows(TOTALS)) if r[0] != "T07"],
    )
    c.path(TOTALS).unlink()
    return lambda problems: (
        [p.file for p in problems] == [f"{COMMUNE}/{POVERTY}/so-ho-theo-thon.xlsx"]
    )


@known_bug(
    "poverty-total-below-listed-has-row", "poverty: a village total below its list gives no row"
)
def _(c):
    line = c.line_of(TOTALS, "Thôn", "T01")
    c.set_cell(TOTALS, line, "Tổng số hộ dân", "3")
    return lambda problems: [p.row for p in problems] == [line]


@known_bug(
    "land-change-value-as-typed", "land: the value is shown as -8.50 (a Decimal), staff typed -8,50"
)
def _(c):
    line = c.line_of(TYPES, "Mã loại đất", "LUA")
    c.set_cell(TYPES, line, "Tăng, giảm (ha)", "-8,50")
    return lambda problems: [p.value for p in problems] == ["-8,50"]


@known_bug(
    "reform-date-value-as-typed", "reform: the value is shown as 2025-01-01, staff typed 01/01/2025"
)
def _(c):
    c.set_cell(APOLOGIES, 3, "Ngày hẹn trả mới", "01/01/2025")
    return lambda problems: [p.value for p in problems] == ["01/01/2025"]


@pytest.mark.parametrize("name", list(KNOWN_BUGS))
def test_fixed_bug(commune, name):
    check = KNOWN_BUGS[name][1](commune)
    assert check(list(validate_tree(commune.root)))


# -- running the cases -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("pristine") / "data"
    shutil.copytree(SAMPLE_DATA / COMMUNE, root / COMMUNE)
    for ancestor in (PROVINCE, DISTRICT):
        shutil.copy(SAMPLE_DATA / ancestor / "unit.yaml", root / ancestor / "unit.yaml")
    assert list(validate_tree(root)) == []
    return root


@pytest.fixture
def commune(pristine, tmp_path) -> Commune:
    root = tmp_path / "data"
    shutil.copytree(pristine, root)
    return Commune(root)


def test_corpus_is_large_enough():
    assert len(CASES) >= 60


@pytest.mark.parametrize("name", list(CASES))
def test_bad_file(commune, name):
    expected = CASES[name](commune)
    assert_problems(validate_tree(commune.root), expected)


CLI_CASES = [
    "number-in-words",
    "enc-binary-garbage",
    "yaml-alias-bomb",
    "unit-bad-code",
    "xlsx-text-file-renamed",
    "table-over-20-mb",
]


def run_cli(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )


@pytest.mark.parametrize("name", CLI_CASES)
def test_bad_file_through_cli(commune, name):
    expected = CASES[name](commune)
    outcome = run_cli(
        "validate", "--data", str(commune.root), "--format", "json", cwd=commune.root.parent
    )
    assert outcome.returncode == 1, outcome.stderr
    assert "Traceback" not in outcome.stdout + outcome.stderr
    found = json.loads(outcome.stdout)
    assert len(found) == len(expected)
    for want in expected:
        assert any(
            p["code"] == want.code
            and p["file"] == f"{COMMUNE}/{want.file}"
            and p["row"] == want.row
            and p["column"] == want.column
            and p["value"] == want.value
            and p["severity"] == want.severity
            and has_details(p, want.details)
            for p in found
        ), found


def test_clean_copy_through_cli(commune):
    outcome = run_cli(
        "validate", "--data", str(commune.root), "--format", "json", cwd=commune.root.parent
    )
    assert outcome.returncode == 0, outcome.stdout + outcome.stderr
    assert json.loads(outcome.stdout) == []
