"""Files as commune offices really make them: official form numbering, units of measure, total rows,
fractions, invisible and look-alike characters, long texts, near-miss file names, workbooks whose
recorded range is too small, namesake households, ANSI files, copied templates, sensitive personal
details and their written forms. Each case either is refused with its problem code, file, row and
column, or is published with the exact figure checked on the built page and in the downloads. The
false-alarm set (ordinary budget lines, amounts, dossier numbers, office contacts) must pass clean.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from generator.checks.personal_data import find_personal_data
from generator.pipeline.validate import validate_tree
from tests import oracle
from tests.conftest import REPO, SAMPLE_DATA, build
from tests.pages import number, page, table_after
from tests.test_bad_files import (
    ANY,
    BUDGET,
    COMMUNE,
    DISTRICT,
    LIST,
    POVERTY,
    PROVINCE,
    REFORM,
    Commune,
    Expected,
    assert_problems,
)

THU = f"{BUDGET}/thu.csv"
CHI = f"{BUDGET}/chi.csv"
BUDGET_META = f"{BUDGET}/thong-tin.yaml"
POVERTY_META = f"{POVERTY}/thong-tin.yaml"
ONE_STOP = f"{REFORM}/mot-cua.csv"
VILLAGES = f"{POVERTY}/so-ho-theo-thon.csv"
LAND_TYPES = "dat-dai/2025/loai-dat.csv"
CODE, NAME, PARENT, AMOUNT = "Mã số", "Nội dung", "Thuộc mục", "Số tiền (đồng)"
HEAD = "Họ tên chủ hộ"

# An official revenue form (Circular 343 layout): parts I, II; items 1, 2 restarting in each part;
# sub-items a, b; no «Thuộc mục» column. Its real total is I + II = 5.000.000.000 đồng; summed flat
# it would be 12.000.000.000.
FORM = [
    ("I", "Các khoản thu xã hưởng 100%", "1.500.000.000"),
    ("1", "Phí, lệ phí", "300.000.000"),
    ("2", "Thu từ quỹ đất công ích", "1.200.000.000"),
    ("a", "Cho thuê đất bãi bồi", "700.000.000"),
    ("b", "Cho thuê mặt nước", "500.000.000"),
    ("II", "Thu bổ sung từ ngân sách cấp trên", "3.500.000.000"),
    ("1", "Bổ sung cân đối", "3.000.000.000"),
    ("2", "Bổ sung có mục tiêu", "500.000.000"),
]
FORM_TOTAL = Decimal(5_000_000_000)


def form_rows(lines=FORM, header=(CODE, NAME, AMOUNT), above=()) -> list[list[str]]:
    return [list(r) for r in above] + [list(header)] + [list(line) for line in lines]


CASES: dict[str, object] = {}


def case(name: str):
    def register(function):
        assert name not in CASES, name
        CASES[name] = function
        return function

    return register


# -- official budget numbering ---------------------------------------------------------------------


@case("form-group-sum-wrong")
def _(c):
    lines = [*FORM]
    lines[0] = ("I", lines[0][1], "1.600.000.000")  # its members add up to 1.500.000.000
    c.write_rows(THU, form_rows(lines))
    return [
        Expected(
            THU,
            "budget.group-sum",
            row=2,
            column=AMOUNT,
            value="1600000000",
            details={"expected": "1.500.000.000"},
        )
    ]


@case("form-items-before-any-part")
def _(c):
    c.write_rows(THU, form_rows([("1", "Thu khác", "100.000.000"), *FORM]))
    return [Expected(THU, "outline-before-group", row=2, column=CODE, value="1")]


@pytest.mark.parametrize("bullet", ["-", "+", "*", "•", "1a", "A1"])
def test_a_line_without_a_number_cannot_be_placed(commune, bullet):
    lines = [*FORM[:3], (bullet, "Trong đó: thu phí chợ", "100.000.000"), *FORM[3:]]
    commune.write_rows(THU, form_rows(lines))
    assert_problems(
        validate_tree(commune.root),
        [Expected(THU, "outline-unreadable", row=5, column=CODE, value=bullet)],
    )


@case("form-dotted-code-under-another-item")
def _(c):
    lines = [*FORM[:2], ("2.1", "Thu phí chợ", "100.000.000"), *FORM[2:]]
    c.write_rows(THU, form_rows(lines))
    return [
        Expected(
            THU, "outline-dotted-group", row=4, column=CODE, value="2.1", details={"group": "2"}
        )
    ]


@case("form-group-column-half-filled")
def _(c):
    # part I's items name their group, part II's item was left without one: summed as a top-level
    # line, its amount would count twice (in II and beside it)
    lines = [
        ("I", "Các khoản thu xã hưởng 100%", "", "1.500.000.000"),
        ("1", "Phí, lệ phí", "I", "300.000.000"),
        ("2", "Thu từ quỹ đất công ích", "I", "1.200.000.000"),
        ("II", "Thu bổ sung từ ngân sách cấp trên", "", "3.500.000.000"),
        ("3", "Bổ sung cân đối", "", "3.500.000.000"),
    ]
    c.write_rows(THU, form_rows(lines, header=(CODE, NAME, PARENT, AMOUNT)))
    return [Expected(THU, "outline-group-missing", row=6, column=PARENT, details={"code": "3"})]


@case("form-number-repeated-in-a-part")
def _(c):
    lines = [*FORM[:3], ("2", "Thu khác", "0"), *FORM[3:]]
    c.write_rows(THU, form_rows(lines))
    return [Expected(THU, "key-duplicate", row=5, column=CODE, value="I.2")]


@case("form-grand-total-line")
def _(c):
    c.write_rows(THU, form_rows([("A", "TỔNG THU NGÂN SÁCH XÃ", "5.000.000.000"), *FORM]))
    return [Expected(THU, "budget.total-line", row=2, column=NAME, value="TỔNG THU NGÂN SÁCH XÃ")]


# -- units of measure and plausible sizes ---------------------------------------------------------


def vi(amount: Decimal) -> str:
    """A number as staff type it: dots between thousands, a decimal comma."""
    text = f"{amount.normalize():,f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def in_units(scale: int, lines=FORM) -> list[tuple]:
    """The form's lines with amounts in thousands (scale 1000) or millions of đồng."""
    return [(code, name, vi(oracle.vi_number(a) / scale)) for code, name, a in lines]


def in_millions(lines=FORM) -> list[tuple]:
    return in_units(1_000_000, lines)


@case("form-a-single-part-in-each-section")
def _(c):
    # «I» alone under A and under B is a part, not the letter after H: the sections add up
    lines = [
        ("A", "Thu ngân sách xã hưởng", "1.500.000.000"),
        ("I", "Các khoản thu 100%", "1.500.000.000"),
        ("1", "Phí, lệ phí", "300.000.000"),
        ("2", "Thu từ quỹ đất công ích", "1.200.000.000"),
        ("B", "Thu bổ sung từ ngân sách cấp trên", "3.500.000.000"),
        ("I", "Bổ sung cân đối", "3.500.000.000"),
    ]
    lines[1] = ("I", "Các khoản thu 100%", "1.400.000.000")  # its members: 1.500.000.000
    c.write_rows(THU, form_rows(lines))
    return [
        Expected(
            THU,
            "budget.group-sum",
            row=2,
            column=AMOUNT,
            value="1500000000",
            details={"expected": "1.400.000.000"},
        ),
        Expected(
            THU,
            "budget.group-sum",
            row=3,
            column=AMOUNT,
            value="1400000000",
            details={"expected": "1.500.000.000"},
        ),
    ]


@case("form-of-which-line-in-a-flat-table")
def _(c):
    lines = [("1", "Thu phí", "300.000.000"), ("-", "Trong đó: phí chợ", "100.000.000")]
    lines.append(("2", "Thu khác", "3.500.000.000"))
    c.write_rows(THU, form_rows(lines))
    return [Expected(THU, "outline-unreadable", row=3, column=CODE, value="-")]


@case("form-unlabelled-sum-line")
def _(c):
    lines = [*FORM, ("III", "Thu ngân sách xã", "5.000.000.000")]
    c.write_rows(THU, form_rows(lines))
    return [
        Expected(THU, "table-sum-row", row=10, column=AMOUNT, value="5000000000"),
    ]


@case("form-grand-total-cong-chung")
def _(c):
    c.write_rows(THU, form_rows([*FORM, ("III", "Cộng chung", "5.000.000.000")]))
    return [Expected(THU, "budget.total-line", row=10, column=NAME, value="Cộng chung")]


@case("unit-thousands-not-stated")
def _(c):
    c.write_rows(THU, form_rows(in_units(1_000)))
    return [Expected(THU, "budget.total-too-small", column=AMOUNT)]


@case("unit-amount-column-repeated")
def _(c):
    header = (CODE, NAME, "Số tiền", "Số tiền")
    rows = [(code, name, amount, amount) for code, name, amount in in_millions()]
    c.write_rows(THU, form_rows(rows, header=header, above=[["Đơn vị tính: triệu đồng"]]))
    return [Expected(THU, "column-repeated", row=2, column="Số tiền")]


@case("unit-usd")
def _(c):
    c.write_rows(THU, form_rows(above=[["Đơn vị tính: USD"]]))
    return [Expected(THU, "money-unit-unknown", row=1, value="Đơn vị tính: USD")]


@case("unit-header-and-statement-disagree")
def _(c):
    header = (CODE, NAME, "Số tiền (triệu đồng)")
    c.write_rows(THU, form_rows(in_millions(), header=header, above=[["Đơn vị tính: đồng"]]))
    return [
        Expected(
            THU,
            "money-unit-conflict",
            row=2,
            column=AMOUNT,
            details={"statement": "Đơn vị tính: đồng", "line": 1},
        )
    ]


@case("unit-millions-not-stated")
def _(c):
    c.write_rows(THU, form_rows(in_millions()))
    return [
        Expected(THU, "budget.total-too-small", column=AMOUNT, details={"total": "5.000"}),
    ]


@case("unit-one-line-in-millions")
def _(c):
    lines = [*FORM]
    lines[1] = ("1", "Phí, lệ phí", "300")
    lines[0] = ("I", lines[0][1], "1.200.000.300")
    c.write_rows(THU, form_rows(lines))
    return [Expected(THU, "budget.line-too-small", row=3, column=AMOUNT, value="300")]


@case("unit-commune-budget-digits-doubled")
def _(c):
    c.write_rows(THU, form_rows([("1", "Thu bổ sung", "50.000.000.000.000")]))
    return [Expected(THU, "budget.total-too-large", column=AMOUNT)]


@case("household-45-members")
def _(c):
    c.set_cell(LIST, 3, "Số nhân khẩu", "45")
    return [Expected(LIST, "poverty.members-implausible", row=3, column="Số nhân khẩu", value="45")]


# -- fractions in whole-đồng columns ---------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["1.234.567,5", "300000000,25", "300.000.000,1", "0,5", "1234567,89"]
)
def test_a_fraction_of_a_dong_is_refused_as_typed(commune, typed):
    line = commune.line_of(THU, CODE, "1.1")
    commune.set_cell(THU, line, AMOUNT, typed)
    assert_problems(
        validate_tree(commune.root),
        [
            Expected(
                THU,
                "cell-number-fraction",
                row=line,
                column=AMOUNT,
                value=typed,
                details={"text": typed},
            )
        ],
    )


@case("fraction-in-millions-finer-than-a-dong")
def _(c):
    lines = [*FORM]
    lines[1] = ("1", "Phí, lệ phí", "300,0000005")
    lines = in_millions(FORM[:1]) + [lines[1]] + in_millions(FORM[2:])
    c.write_rows(THU, form_rows(lines, header=(CODE, NAME, "Số tiền"), above=[["ĐVT: triệu đồng"]]))
    return [Expected(THU, "cell-number-fraction", row=4, column=AMOUNT, value="300,0000005")]


@case("land-area-finer-than-a-square-metre")
def _(c):
    c.set_cell(LAND_TYPES, 2, "Hiện trạng (ha)", "120,123456")
    return [
        Expected(
            LAND_TYPES,
            "cell-number-too-precise",
            row=2,
            column="Hiện trạng (ha)",
            value="120,123456",
            details={"decimals": 4},
        )
    ]


# -- invisible and direction-changing characters --------------------------------------------------

INVISIBLE = {
    "zero-width-space": "\u200b",
    "zero-width-joiner": "\u200d",
    "zero-width-non-joiner": "\u200c",
    "word-joiner": "\u2060",
    "soft-hyphen": "\u00ad",
    "bom-inside": "\ufeff",
    "rlo": "\u202e",
    "lre": "\u202a",
    "pdf": "\u202c",
    "rli": "\u2067",
    "pdi": "\u2069",
    "lrm": "\u200e",
    "rlm": "\u200f",
    "arabic-letter-mark": "\u061c",
    "hangul-filler": "\u3164",
    "halfwidth-hangul-filler": "\uffa0",
    "braille-blank": "\u2800",
    "bell": "\u0007",
    "escape": "\u001b",
    "tag-letter": "\U000e0041",
    "private-use": "\ue000",
    "strike-overlay": "\u0336",
    "slash-overlay": "\u0338",
    "enclosing-circle": "\u20dd",
    "grapheme-joiner": "\u034f",
    "variation-selector": "\ufe0f",
    "variation-selector-17": "\U000e0100",
    "khmer-inherent-vowel": "\u17b4",
    "mongolian-variation-selector": "\u180b",
}


@pytest.mark.parametrize("name", list(INVISIBLE))
def test_an_invisible_character_in_a_name_is_refused_with_its_position(commune, name):
    hidden = INVISIBLE[name]
    typed = f"Nguy{hidden}ễn Văn Dương"
    commune.set_cell(LIST, 5, HEAD, typed)
    found = list(validate_tree(commune.root))
    assert [(p.code, p.row, p.column) for p in found] == [("text-invisible", 5, HEAD)], found
    assert dict(found[0].details)["position"] == "5"
    if name not in ("strike-overlay", "slash-overlay", "enclosing-circle"):  # these are seen
        assert hidden not in found[0].value and "<U+" in found[0].value  # shown, not hidden


@case("invisible-in-an-amount")
def _(c):
    line = c.line_of(THU, CODE, "1.1")
    c.set_cell(THU, line, AMOUNT, "55.000\u200b.000")
    return [
        Expected(
            THU,
            "text-invisible",
            row=line,
            column=AMOUNT,
            value="55.000<U+200B>.000",
            details={"position": 7},
        )
    ]


@case("invisible-in-a-code")
def _(c):
    line = c.line_of(THU, CODE, "1.1")
    c.set_cell(THU, line, CODE, "1.\u20601")
    return [Expected(THU, "text-invisible", row=line, column=CODE, value=ANY)]


@case("stacked-combining-marks")
def _(c):
    c.set_cell(LIST, 2, HEAD, "Lý Đức A\u0301\u0300\u0303nh")
    return [Expected(LIST, "text-invisible", row=2, column=HEAD, value=ANY)]


@case("lone-surrogate-in-yaml")
def _(c):
    c.set_meta(POVERTY_META, "office", '"Bộ phận \\ud800 Văn hóa"')
    return [
        Expected(
            POVERTY_META, "text-invisible", column="office (Bộ phận chịu trách nhiệm)", value=ANY
        )
    ]


@case("fullwidth-digits-in-a-name")
def _(c):
    c.set_cell(LIST, 2, HEAD, "Lý Đức Anh ２")
    return [
        Expected(
            LIST,
            "text-lookalike-form",
            row=2,
            column=HEAD,
            value="Lý Đức Anh ２",
            details={"position": 12},
        )
    ]


@case("mathematical-digits-in-a-code")
def _(c):
    line = c.line_of(THU, CODE, "1.1")
    c.set_cell(THU, line, CODE, "1.𝟏")
    return [Expected(THU, "text-lookalike-form", row=line, column=CODE, value="1.𝟏")]


# -- text sizes -----------------------------------------------------------------------------------


@case("a-5000-letter-name")
def _(c):
    c.set_cell(LIST, 2, HEAD, "Nguyễn " + "a" * 5000)
    return [
        Expected(
            LIST,
            "text-too-long",
            row=2,
            column=HEAD,
            value=ANY,
            details={"length": 5007, "limit": 100},
        )
    ]


@case("a-megabyte-of-title")
def _(c):
    c.set_meta(BUDGET_META, "title", '"' + "Công khai ngân sách " * 50_000 + '"')
    return [
        Expected(
            BUDGET_META,
            "text-too-long",
            column="title (Tiêu đề)",
            value=ANY,
            details={"limit": 300},
        )
    ]


@case("a-5000-letter-budget-line")
def _(c):
    line = c.line_of(THU, CODE, "1.1")
    c.set_cell(THU, line, NAME, "x" * 5000)
    return [Expected(THU, "text-too-long", row=line, column=NAME, value=ANY)]


def test_a_long_value_is_cut_in_messages(commune):
    commune.set_cell(LIST, 2, HEAD, "Nguyễn " + "a" * 5000)
    (problem,) = validate_tree(commune.root)
    assert len(problem.value) <= 121 and problem.value.endswith("…")


# -- look-alike letters ---------------------------------------------------------------------------


@case("lookalike-every-letter-named")
def _(c):
    c.set_cell(LIST, 2, HEAD, "Nguуễn Vаn Dươnɡ")  # Cyrillic у, а; IPA ɡ
    return [
        Expected(
            LIST,
            "text-lookalike-script",
            row=2,
            column=HEAD,
            value="Nguуễn Vаn Dươnɡ",
            details={
                "all": "«у» ở vị trí 4 (chữ Kirin); «а» ở vị trí 9 (chữ Kirin); "
                "«ɡ» ở vị trí 16 (ký tự trang trí hoặc chữ số lạ)"
            },
        )
    ]


@pytest.mark.parametrize(
    "letter,code",
    [
        ("\u0251", "text-lookalike-form"),  # ɑ Latin alpha (IPA)
        ("\u0131", "text-lookalike-form"),  # ı dotless i
        ("\u1d00", "text-lookalike-form"),  # ᴀ small capital
        ("\U0001d41a", "text-lookalike-form"),  # 𝐚 mathematical bold
        ("\uff41", "text-lookalike-form"),  # ａ fullwidth
        ("\u03b1", "text-lookalike-script"),  # α Greek
        ("\u0430", "text-lookalike-script"),  # а Cyrillic
        ("\ua4ee", "text-lookalike-script"),  # ꓮ Lisu
        ("\u2c81", "text-lookalike-script"),  # ⲁ Coptic
    ],
)
def test_a_lookalike_letter_from_any_script_is_refused(commune, letter, code):
    typed = f"Lý Đức {letter}nh"
    commune.set_cell(LIST, 2, HEAD, typed)
    assert_problems(
        validate_tree(commune.root),
        [Expected(LIST, code, row=2, column=HEAD, value=typed, details={"position": 8})],
    )


# -- total rows in every table --------------------------------------------------------------------


@pytest.mark.parametrize("label", ["Cả năm", "Cả năm 2025", "TỔNG CỘNG", "Cộng", "Lũy kế"])
def test_a_labelled_total_row_in_one_stop_statistics_is_refused(commune, label):
    rows = commune.rows(ONE_STOP)
    total = [label] + [str(sum(int(r[i]) for r in rows[1:])) for i in range(1, len(rows[0]))]
    line = commune.append(ONE_STOP, total)
    assert_problems(
        validate_tree(commune.root),
        [Expected(ONE_STOP, "table-total-row", row=line, column="Kỳ báo cáo", value=label)],
    )


@case("one-stop-unlabelled-sum-row")
def _(c):
    rows = c.rows(ONE_STOP)
    total = ["Quý V/2025"] + [str(sum(int(r[i]) for r in rows[1:])) for i in range(1, len(rows[0]))]
    line = c.append(ONE_STOP, total)
    return [Expected(ONE_STOP, "table-sum-row", row=line, column="Kỳ trước chuyển sang", value=ANY)]


@case("village-counts-total-row")
def _(c):
    line = c.append(VILLAGES, ["Tổng cộng", "2000"])
    return [Expected(VILLAGES, "table-total-row", row=line, column="Thôn", value="Tổng cộng")]


@case("household-list-total-row")
def _(c):
    line = c.append(LIST, ["Cộng: 57 hộ", "T01", "1", "Hộ nghèo", "Giữ nguyên"])
    return [Expected(LIST, "table-total-row", row=line, column=HEAD, value="Cộng: 57 hộ")]


# -- data that would be lost without a word -------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "thu-xin-loi (1).csv",
        "thu xin loi.csv",
        "Thu-Xin-Loi.csv",
        "thu_xin_loi.csv",
        "thu-xin-loii.csv",
        "thu-xin-loi - Copy.csv",
        "thuxinloi.xlsx",
    ],
)
def test_an_optional_table_under_a_near_miss_name_is_named(commune, name):
    folder = commune.path(REFORM)
    (folder / "thu-xin-loi.csv").rename(folder / name)
    meant = "thu-xin-loi.xlsx" if name.endswith(".xlsx") else "thu-xin-loi.csv"
    assert_problems(
        validate_tree(commune.root),
        [Expected(f"{REFORM}/{name}", "file-misnamed", details={"meant": meant})],
    )


@case("metadata-near-miss")
def _(c):
    c.path(f"{POVERTY}/thong tin (1).yaml").write_text("title: x\n", encoding="utf-8")
    return [
        Expected(
            f"{POVERTY}/thong tin (1).yaml", "file-misnamed", details={"meant": "thong-tin.yaml"}
        )
    ]


@case("unrelated-file-warned")
def _(c):
    c.path(f"{POVERTY}/bien-ban-hop.docx").write_bytes(b"PK")
    return [Expected(f"{POVERTY}/bien-ban-hop.docx", "file-not-read", severity="warning")]


def xlsx_with_short_dimension(rows: list[list], claimed: str) -> bytes:
    """A workbook as some software other than Excel writes it: its recorded range is smaller
    than the rows it holds."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                start = text.index('<dimension ref="') + len('<dimension ref="')
                end = text.index('"', start)
                data = (text[:start] + claimed + text[end:]).encode()
            target.writestr(item, data)
    return out.getvalue()


def test_an_xlsx_whose_recorded_range_is_too_small_is_read_whole(commune, tmp_path):
    rows = commune.rows(LIST)
    typed = [[int(c) if c.isdigit() else c for c in r] for r in rows]
    data = xlsx_with_short_dimension(typed, "A1:C3")
    commune.path(LIST).unlink()
    commune.path(LIST.replace(".csv", ".xlsx")).write_bytes(data)
    assert list(validate_tree(commune.root)) == []
    result = build(commune.root, tmp_path, only="99101")
    assert result.ok, result.failed
    listed = oracle.read_csv(
        tmp_path / "site" / "tinh-binh-son/huyen-an-lac/xa-an-dinh/ho-ngheo/2025-danh-sach.csv"
    )
    assert len(listed) == len(rows) - 1  # every household, not the first two
    assert {r["Số nhân khẩu"] for r in listed} == {r[2] for r in rows[1:]}


def test_namesake_households_are_told_apart_by_a_household_code(commune, tmp_path):
    rows = commune.rows(LIST)
    header = rows[0] + ["Mã hộ"]
    first = rows[1] + ["HN-001"]
    twin = [rows[1][0], rows[1][1], "3", rows[1][3], rows[1][4], "HN-002"]
    body = [first, twin] + [r + [""] for r in rows[2:]]
    commune.write_rows(LIST, [header, *body])
    assert list(validate_tree(commune.root)) == []
    # the two heads' list entries are both published
    result = build(commune.root, tmp_path, only="99101")
    assert result.ok, result.failed
    listed = oracle.read_csv(
        tmp_path / "site" / "tinh-binh-son/huyen-an-lac/xa-an-dinh/ho-ngheo/2025-danh-sach.csv"
    )
    namesakes = [r for r in listed if r[HEAD] == rows[1][0]]
    assert sorted(r["Mã hộ"] for r in namesakes) == ["HN-001", "HN-002"]
    assert sorted(r["Số nhân khẩu"] for r in namesakes) == sorted([rows[1][2], "3"])


@case("namesakes-without-codes-are-duplicates")
def _(c):
    rows = c.rows(LIST)
    line = c.append(LIST, [rows[1][0], rows[1][1], "3", rows[1][3], rows[1][4]])
    return [Expected(LIST, "key-duplicate", row=line, column=HEAD, value=ANY)]


@case("namesakes-with-the-same-code-are-duplicates")
def _(c):
    rows = c.rows(LIST)
    header = rows[0] + ["Mã hộ"]
    body = [r + ["HN-001" if i < 2 else ""] for i, r in enumerate(rows[1:])]
    body.insert(1, [rows[1][0], rows[1][1], "3", rows[1][3], rows[1][4], "hn-001"])
    c.write_rows(LIST, [header, *body])
    return [Expected(LIST, "key-duplicate", row=3, column=HEAD, value=ANY)]


@case("household-code-holding-an-identity-number")
def _(c):
    rows = c.rows(LIST)
    body = [r + [""] for r in rows[1:]]
    body[0][-1] = "001203004567"
    c.write_rows(LIST, [rows[0] + ["Mã hộ"], *body])
    return [Expected(LIST, "personal-cccd", row=2, column="Mã hộ", value="001203004567")]


@case("ansi-file-with-question-marks")
def _(c):
    text = c.text(LIST)
    lost = "".join(ch if ord(ch) < 128 else "?" for ch in text)
    c.path(LIST).write_bytes(lost.encode("ascii"))
    return [Expected(LIST, "header-ansi", row=1, details={"word": "t?n"})]


def with_sibling(c) -> None:
    """The sample's neighbouring commune, xã Đông Hưng, as a unit of the tree (its unit.yaml)."""
    folder = c.root / DISTRICT / "xa-dong-hung"
    folder.mkdir()
    shutil.copy(SAMPLE_DATA / DISTRICT / "xa-dong-hung" / "unit.yaml", folder / "unit.yaml")


@case("copied-from-a-neighbouring-commune")
def _(c):
    with_sibling(c)
    c.set_meta(POVERTY_META, "title", '"Danh sách hộ nghèo xã Đông Hưng năm 2025"')
    return [
        Expected(
            POVERTY_META,
            "dataset-names-other-unit",
            column="title (Tiêu đề)",
            value="Danh sách hộ nghèo xã Đông Hưng năm 2025",
            details={"named": "xã Đông Hưng", "unit": "xã An Định"},
        )
    ]


@case("issuer-is-a-neighbouring-commune")
def _(c):
    with_sibling(c)
    c.set_meta(POVERTY_META, "decision_issuer", '"Ủy ban nhân dân Xã Đông Hưng"')
    return [
        Expected(
            POVERTY_META,
            "dataset-names-other-unit",
            column="decision_issuer (Cơ quan ban hành)",
            value="Ủy ban nhân dân Xã Đông Hưng",
        )
    ]


@case("the-district-and-province-may-be-named")
def _(c):
    with_sibling(c)
    c.set_meta(POVERTY_META, "decision_issuer", '"Ủy ban nhân dân huyện An Lạc, tỉnh Bình Sơn"')
    return []


@case("a-unit-outside-the-tree-may-be-named")
def _(c):
    # a former commune merged in 2025, an office of another province: not units of this tree
    c.set_meta(POVERTY_META, "title", '"Danh sách hộ nghèo xã An Định (gồm xã Tân Lập cũ)"')
    return []


@case("template-left-unfilled")
def _(c):
    c.set_meta(POVERTY_META, "office", '"Ủy ban nhân dân xã Tên Đơn Vị"')
    return [
        Expected(
            POVERTY_META,
            "dataset-template-unit",
            column="office (Bộ phận chịu trách nhiệm)",
            value="Ủy ban nhân dân xã Tên Đơn Vị",
        )
    ]


def test_a_template_for_a_unit_names_it_and_one_for_none_is_refused(tmp_path):
    from generator.kinds.registry import find_kind
    from generator.model.problems import Problems
    from generator.pipeline.tree import read_tree
    from generator.tools.excel_templates import metadata_template

    tree = read_tree(SAMPLE_DATA, Problems())
    dong_hung = next(u for u in tree if u.name == "Đông Hưng")
    budget = find_kind("ngan-sach")
    made = metadata_template(budget, dong_hung)
    assert "xã Đông Hưng" in made and "An Định" not in made
    assert "xã Tên Đơn Vị" in metadata_template(budget, None)


def test_new_refuses_a_code_in_use(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA, root)
    outcome = subprocess.run(
        [sys.executable, "-m", "generator", "new", "--parent", str(root / DISTRICT)]
        + ["--code", "99101", "--type", "xã", "--name", "Tân Mới"],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert outcome.returncode != 0 and "99101" in outcome.stderr and "xa-an-dinh" in outcome.stderr
    assert not (root / DISTRICT / "xa-tan-moi").exists()


# -- sensitive personal data beside a name --------------------------------------------------------

BESIDE_A_NAME = {
    "ethnic-group-in-brackets": ("Lò Văn Sáng (Thái)", "personal-ethnicity"),
    "ethnic-group-after-dash": ("Lò Văn Sáng - Mông", "personal-ethnicity"),
    "ethnic-group-after-dt": ("Y Bhin Niê DT Ê Đê", "personal-ethnicity"),
    "ethnic-group-without-marks": ("Hà Thị Mai, dan toc Tay", "personal-ethnicity"),
    "ethnic-minority-abbreviation": ("Hà Thị Mai DTTS", "personal-ethnicity"),
    "ethnic-group-khmer": ("Thạch Thị Sa Rươl (Khmer)", "personal-ethnicity"),
    "religion-catholic": ("Trần Văn Bảo, Công giáo", "personal-religion"),
    "religion-without-marks": ("Trần Văn Bảo theo dao Tin Lanh", "personal-religion"),
    "religion-buddhist": ("Trần Văn Bảo (phật tử)", "personal-religion"),
    "religion-cao-dai": ("Trần Văn Bảo - Cao Đài", "personal-religion"),
    "disability-abbreviation": ("Lê Văn Cường NKT", "personal-health"),
    "disability-without-marks": ("Lê Văn Cường khuyet tat", "personal-health"),
    "disability-in-capitals": ("LÊ VĂN CƯỜNG KHUYẾT TẬT", "personal-health"),
    "disease-hiv": ("Lê Văn Cường (HIV)", "personal-health"),
    "mental-illness": ("Lê Văn Cường tâm thần", "personal-health"),
    "blind-lower-case": ("Lê Văn Cường mù", "personal-health"),
    "cancer-without-marks": ("Lê Văn Cường ung thu", "personal-health"),
    "agent-orange": ("Lê Văn Cường, nhiễm chất độc da cam", "personal-health"),
    "criminal-record": ("Đinh Văn Em (tiền án)", "personal-criminal"),
    "drug-addiction": ("Đinh Văn Em, cai nghiện", "personal-health"),
    "prison": ("Đinh Văn Em - mãn hạn tù", "personal-criminal"),
    "sexual-orientation": ("Đinh Văn Em (đồng tính)", "personal-sexual"),
    "biometric": ("Đinh Văn Em, vân tay", "personal-biometric"),
    "birth-year-sn": ("Hà Văn Chung SN 60", "personal-birth"),
    "birth-year-words": ("Hà Văn Chung sinh năm 1960", "personal-birth"),
    "birth-year-no-marks": ("Hà Văn Chung sinh nam 60", "personal-birth"),
    "birth-date-words": ("Hà Văn Chung, sinh ngày 5 tháng 3 năm 1960", "personal-birth"),
    "birth-year-brackets": ("Hà Văn Chung (1960)", "personal-birth"),
    "age": ("Hà Văn Chung 67 tuổi", "personal-age"),
    "age-no-marks": ("Hà Văn Chung 67 tuoi", "personal-age"),
    "age-abbreviated": ("Hà Văn Chung, 67t", "personal-age"),
    "house-number": ("Phạm Thị Dung số nhà 12", "personal-address"),
    "lane": ("Phạm Thị Dung ngõ 5", "personal-address"),
    "alley": ("Phạm Thị Dung hẻm 3", "personal-address"),
    "house-slash": ("Phạm Thị Dung 12/3", "personal-address"),
}


@pytest.mark.parametrize("name", list(BESIDE_A_NAME))
def test_a_sensitive_detail_beside_a_name_is_refused(commune, name):
    typed, code = BESIDE_A_NAME[name]
    commune.set_cell(LIST, 4, HEAD, typed)
    found = [(p.code, p.row, p.column) for p in validate_tree(commune.root)]
    assert found == [(code, 4, HEAD)]


NUMBERS = {
    "phone-spaces": ("0912 345 678", "personal-phone"),
    "phone-dashes": ("0912-345-678", "personal-phone"),
    "phone-slashes": ("0912/345/678", "personal-phone"),
    "phone-intl-brackets": ("(+84) 912 345 678", "personal-phone"),
    "phone-intl-zero": ("+84 (0) 912 345 678", "personal-phone"),
    "phone-old-11-digit": ("0168.123.4567", "personal-phone"),
    "phone-landline": ("0226 3867 685", "personal-phone"),
    # in a text cell fullwidth digits are refused as look-alikes before any other reading
    "phone-fullwidth": ("０９１２３４５６７８", "text-lookalike-form"),
    "phone-after-text": ("liên hệ 0912345678", "personal-phone"),
    "cccd-slashes": ("036/089/001/234", "personal-cccd"),
    "cccd-underscores": ("036_089_001_234", "personal-cccd"),
    "cmnd-after-word": ("CMND 125.456.789", "personal-cmnd"),
    "bank-account": ("STK 0123456789 Vietcombank", "personal-bank"),
    "bank-account-words": ("số tài khoản: 1903 5678 9012", "personal-bank"),
    "social-insurance": ("BHXH số 0123456789", "personal-bhxh"),
    "email-at-brackets": ("nguyenvana [at] gmail [dot] com", "personal-email"),
    "email-spaced": ("nguyenvana @ gmail . com", "personal-email"),
    "email-a-cong": ("nguyenvana(a còng)yahoo.com", "personal-email"),
}


@pytest.mark.parametrize("name", list(NUMBERS))
def test_a_number_in_any_written_form_is_refused_in_a_note(commune, name):
    typed, code = NUMBERS[name]
    line = commune.line_of(THU, CODE, "1.1")
    commune.set_cell(THU, line, NAME, f"Thuế đất ({typed})")
    found = [(p.code, p.row, p.column) for p in validate_tree(commune.root)]
    assert found == [(code, line, NAME)]


def test_fullwidth_digits_are_read_as_digits_by_the_personal_data_check():
    assert find_personal_data("liên hệ ０９１２３４５６７８") == ("phone", "０９１２３４５６７８")


IN_RUNNING_TEXT = {
    "health-after-a-named-person": ("Hỗ trợ hộ ông Nguyễn Văn An có con bị khuyết tật", "health"),
    "age-after-a-named-person": ("Thăm hỏi bà Lê Thị Bình, 92 tuổi", "age"),
    "religion-after-a-named-person": ("Hỗ trợ ông Trần Văn Cao theo đạo Tin Lành", "religion"),
    "religion-in-capitals": ("Hỗ trợ ông Trần Văn Cao theo Công giáo", "religion"),
    "criminal-after-a-named-person": ("Trợ cấp anh Đỗ Văn Đức mãn hạn tù", "criminal"),
    "birth-date-anywhere": ("Chi cho cháu sinh ngày 5 tháng 3 năm 2019", "birth"),
    "birth-date-after-a-name": ("Thăm hỏi ông Nguyễn Văn A, 12/05/1960", "birth"),
    "house-number-after-a-name": ("Hỗ trợ bà Lê Thị B, số nhà 12", "address"),
    "health-without-marks": ("Ho tro ong Nguyen Van A bi khuyet tat", "health"),
    "health-said-of-a-full-name": ("Hỗ trợ Nguyễn Văn An bị tâm thần", "health"),
    "health-set-apart-from-a-full-name": ("Trợ cấp Lò Thị Bình (hộ nghèo, khuyết tật)", "health"),
    "age-set-apart-from-a-full-name": ("Chi cho Trần Văn Cường, 67 tuổi", "age"),
    "is-a-person-with-a-disability": ("Hỗ trợ Lê Văn Dũng là người khuyết tật", "health"),
}


@pytest.mark.parametrize("name", list(IN_RUNNING_TEXT))
def test_a_sensitive_detail_about_a_named_person_in_a_budget_line_is_refused(commune, name):
    text, kind = IN_RUNNING_TEXT[name]
    line = commune.line_of(THU, CODE, "1.1")
    commune.set_cell(THU, line, NAME, text)
    found = [(p.code, p.row, p.column) for p in validate_tree(commune.root)]
    assert found == [(f"personal-{kind}", line, NAME)]


# -- the false-alarm set: ordinary text passes ----------------------------------------------------

ORDINARY_LINES = [
    "Hỗ trợ người khuyết tật",
    "Chi phòng chống HIV/AIDS",
    "Chính sách dân tộc thiểu số",
    "Hỗ trợ người cao tuổi từ 80 tuổi trở lên",
    "Trẻ em dưới 6 tuổi",
    "Chi đóng BHXH 1.234.567.890 đồng",
    "Kinh phí 450 000 000 đồng",
    "Mua sắm 450 000 000 đ",
    "Hồ sơ số 000.00.12.H56-250101-0001",
    "Mã hồ sơ H56.22-250101-0001",
    "Quyết định số 1234/QĐ-UBND ngày 12/03/2025",
    "Nghị quyết 25/NQ-HĐND năm 2024",
    "Hỗ trợ cơ sở thờ tự Phật giáo",
    "Tổ chức Đại lễ Phật đản",
    "Khen thưởng ông Nguyễn Văn Tâm, trưởng thôn",
    "Hỗ trợ bà mẹ Việt Nam anh hùng",
    "Hỗ trợ thương binh, bệnh binh, gia đình liệt sĩ",
    "Đăng ký khai sinh năm 2025",
    "Xây dựng đường giao thông thôn 3, dài 1.250 m",
    "Tổng hợp ý kiến cử tri",
    "Cộng đồng dân cư đóng góp",
    "Chi hoạt động Ban Thanh tra nhân dân",
    "Sửa chữa nhà văn hóa thôn Tân Phú",
    "Chi trả chế độ người có công 2024-2025",
    "Quỹ Vì người nghèo xã An Định",
    "Hỗ trợ hộ nghèo dân tộc thiểu số",
    "Hỗ trợ học sinh sinh năm 2019 vào lớp 1",
    "Người cao tuổi sinh năm 1945 trở về trước",
    "HỖ TRỢ HỘ NGHÈO, HỘ ĐỒNG BÀO DÂN TỘC THIỂU SỐ",
    "HỖ TRỢ HỘ GIA ĐÌNH CÓ NGƯỜI KHUYẾT TẬT",
    "Lát gạch sân nhà văn hóa 120 m²",
    "Thời gian thực hiện: 01/01/2025-31/12/2025",
    "Quý I (01/01 - 31/03/2025)",
    "Kinh phí giai đoạn 2021-2025",
    "Tài khoản 3741.0.1001234 tại Kho bạc Nhà nước",
    "Sửa đường Bà Triệu đến nghĩa trang liệt sĩ",
    "Chi cho huyện Anh Sơn hỗ trợ người khuyết tật",
    "Ông Nguyễn Văn A đồng tình với phương án",
    "Đoàn người Thái Bình về thăm",
    "Dự toán NS 2025 chuyển sang",
    "Công trình: đường thôn 3",
    "Chi 12.050.000 - 9.500.000",
    "Phần mềm kế toán MISA®",
    "Trường Tiểu học Lê Lợi có học sinh khuyết tật",
    "Sửa đường Trần Hưng Đạo (lối đi cho người khuyết tật)",
    "Khen thưởng Nguyễn Văn An, trưởng thôn",
    "Nhà văn hóa Hà Nội - Phật giáo",
    "Sửa đường Nguyễn Du, thôn 3",
]


@pytest.mark.parametrize("text", ORDINARY_LINES)
def test_an_ordinary_budget_line_is_published(commune, text):
    line = commune.line_of(THU, CODE, "1.1")
    commune.set_cell(THU, line, NAME, text)
    assert list(validate_tree(commune.root)) == []


ORDINARY_NAMES = [
    "Nguyễn Thị Hoa",  # Hoa: a given name, and an ethnic group
    "Nguyễn Văn Thái",
    "Triệu Thị Dao",
    "Giàng A Mù",  # Mù: a Hmong given name; «mù» beside a name is blindness
    "Lò Thị Kinh",
    "Nguyễn Thị Tâm Thân",
    "H'Hơ Niê",
    "Y Bhin Niê",
    "Tống Văn Số",
    "Nguyễn Cộng Hòa",
    "GIÀNG A MÙ",  # in capitals throughout: a one-word term cannot be told from a name's word
    "NGUYỄN VĂN LIỆT",
    "Trần Văn Bệnh",
    "Thạch Thị Sa Rươl",
]


@pytest.mark.parametrize("name", ORDINARY_NAMES)
def test_an_ordinary_name_is_published(commune, name):
    commune.set_cell(LIST, 4, HEAD, name)
    assert list(validate_tree(commune.root)) == []


def test_the_offices_own_contacts_pass(commune):
    """The office's phone, e-mail and address are public by design: the sample commune's pass."""
    office = yaml.safe_load((commune.root / COMMUNE / "unit.yaml").read_text(encoding="utf-8"))
    assert find_personal_data(office["office"]["phone"]) == ("phone", "0226 3867 685")
    assert list(validate_tree(commune.root)) == []


def test_an_office_field_other_than_the_contacts_is_checked(commune):
    path = commune.root / COMMUNE / "unit.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["office"]["name"] = "Ủy ban nhân dân xã An Định (Chủ tịch: 0912 345 678)"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    found = [(p.code, p.column) for p in validate_tree(commune.root)]
    assert found == [("personal-phone", "office: name")]


def test_a_unit_folder_name_is_checked(commune):
    folder = commune.root / COMMUNE
    folder.rename(folder.with_name("xa-an-dinh-0912345678"))
    found = [p.code for p in validate_tree(commune.root)]
    assert found == ["personal-phone"]


# -- what is published from a form ----------------------------------------------------------------


def year_page(root: Path, out: Path, year: int = 2025):
    """The built budget page and download of a year whose only stage is the estimate written."""
    for stage in (root / COMMUNE / "ngan-sach").glob(f"{year}-*"):
        if stage.name != f"{year}-du-toan":
            shutil.rmtree(stage)
    result = build(root, out, only="99101")
    assert result.ok, result.failed
    assert list(result.problems) == []
    base = out / "site" / "tinh-binh-son/huyen-an-lac/xa-an-dinh"
    doc = page(out / "site", f"tinh-binh-son/huyen-an-lac/xa-an-dinh/ngan-sach/{year}")
    download = {r[CODE]: r for r in oracle.read_csv(base / "ngan-sach" / f"{year}-thu.csv")}
    return doc, download


def estimate_total(doc) -> Decimal:
    table = table_after(doc, "Thu ngân sách")
    header = [th.get_text(strip=True) for th in table.find("thead").find_all("th")]
    footer = [c.get_text(" ", strip=True) for c in table.find("tfoot").find_all(["td", "th"])]
    return number(footer[header.index("Dự toán")])


def test_an_official_form_is_summed_by_its_levels(commune, tmp_path):
    commune.write_rows(THU, form_rows())
    doc, download = year_page(commune.root, tmp_path)
    assert estimate_total(doc) == FORM_TOTAL  # not 12.000.000.000, the lines summed flat
    # parts restart their numbers: each line's code is its path, its group named
    assert download["II.1"][NAME] == "Bổ sung cân đối"
    assert download["II.1"][PARENT] == "II"
    assert download["I.2.a"][PARENT] == "I.2"
    assert oracle.vi_number(download["I.2.b"]["Dự toán (đồng)"]) == 500_000_000


def test_a_form_numbered_without_repeats_keeps_its_codes(commune, tmp_path):
    lines = [("I", FORM[0][1], FORM[0][2]), ("1", *FORM[1][1:]), ("2", *FORM[2][1:])]
    lines += [("II", FORM[5][1], FORM[5][2]), ("3", *FORM[6][1:]), ("4", *FORM[7][1:])]
    commune.write_rows(THU, form_rows(lines))
    doc, download = year_page(commune.root, tmp_path)
    assert estimate_total(doc) == FORM_TOTAL
    assert download["3"][PARENT] == "II" and download["1"][PARENT] == "I"


@pytest.mark.parametrize(
    "above,header,scale",
    [
        ([["Đơn vị tính: triệu đồng"]], (CODE, NAME, "Số tiền (triệu đồng)"), 1_000_000),
        ([["Biểu số 08", "", "ĐVT: Triệu đồng"]], (CODE, NAME, "Số tiền"), 1_000_000),
        ([], (CODE, NAME, "Số tiền (triệu đồng)"), 1_000_000),
        ([["(Đơn vị: nghìn đồng)"]], (CODE, NAME, "Số tiền"), 1_000),
        ([["Đơn vị tính: đồng"]], (CODE, NAME, AMOUNT), 1),
    ],
    ids=["statement-and-header", "statement-beside-a-title", "header-only", "thousands", "dong"],
)
def test_a_stated_unit_is_applied(commune, tmp_path, above, header, scale):
    commune.write_rows(THU, form_rows(in_units(scale), header=header, above=above))
    doc, download = year_page(commune.root, tmp_path)
    assert estimate_total(doc) == FORM_TOTAL
    assert oracle.vi_number(download["I.2.a"]["Dự toán (đồng)"]) == 700_000_000


def form_workbook(rows: list[list], number_format: str | None = None) -> bytes:
    """The form as an .xlsx: the unit's line, the header, the lines; amounts as numbers."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
        if number_format and isinstance(row[-1], (int, float)):
            sheet.cell(row=sheet.max_row, column=len(row)).number_format = number_format
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_amount_shown_in_millions_by_its_format_is_refused_with_a_stated_unit(commune):
    # stored in đồng, shown as millions by «#,##0,,», labelled «triệu đồng»: read two ways
    rows = [["Đơn vị tính: triệu đồng"], [CODE, NAME, "Số tiền"]]
    rows += [[code, name, int(oracle.vi_number(a))] for code, name, a in FORM]
    commune.path(THU).unlink()
    commune.path(THU.replace(".csv", ".xlsx")).write_bytes(form_workbook(rows, "#,##0,,"))
    found = [(p.code, p.row, p.column) for p in validate_tree(commune.root)]
    assert found == [("money-unit-display", 2, AMOUNT)]


def test_an_excel_sum_in_millions_is_read_to_the_dong(commune, tmp_path):
    # =0,1+0,2 is stored as 0.30000000000000004: read as Excel shows it, 0,3 million
    rows = [["Đơn vị tính: triệu đồng"], [CODE, NAME, "Số tiền"]]
    amounts = {"1": 0.1 + 0.2, "2": 1200.0}
    for code, name, a in in_millions():
        value = amounts.get(code) if code in amounts and name == FORM[1][1] else None
        rows.append([code, name, value if value is not None else float(oracle.vi_number(a))])
    rows[3][2] = 0.1 + 0.2  # «Phí, lệ phí»: 300.000 đồng, not 300.000,0000000000004
    rows[2][2] = 1200.3  # part I adds it up
    rows[4][2] = 1200.0
    commune.path(THU).unlink()
    commune.path(THU.replace(".csv", ".xlsx")).write_bytes(form_workbook(rows))
    doc, download = year_page(commune.root, tmp_path)
    assert oracle.vi_number(download["I.1"]["Dự toán (đồng)"]) == 300_000
    assert estimate_total(doc) == Decimal("1200300000") + Decimal("3500000000")


def test_fullwidth_digits_in_an_amount_are_read_and_published_as_digits(commune, tmp_path):
    line = commune.line_of(THU, CODE, "1.1")
    before = commune.cell(THU, line, AMOUNT)
    fullwidth = before.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    commune.set_cell(THU, line, AMOUNT, fullwidth)
    doc, download = year_page(commune.root, tmp_path)
    assert download["1.1"]["Dự toán (đồng)"] == before
    assert "０" not in doc.get_text()


# -- validate --format github ----------------------------------------------------------------------


def test_github_annotations_cannot_be_forged_by_a_file_name(commune):
    folder = commune.path(REFORM)
    evil = "x,line=1::%0A::error file=evil.csv::forged\r\n.csv"
    try:
        (folder / evil).write_bytes(b"a")
    except OSError:
        pytest.skip("the file system refuses the name")
    outcome = validate_cli(commune, "github")
    lines = outcome.stdout.splitlines()
    assert all(line.startswith(("::error ", "::warning ")) for line in lines), lines
    (line,) = [line for line in lines if "evil" in line]
    head = line.split("::")[1]  # «warning file=…,title=…»: one command, its properties escaped
    assert head.count(",") == 1 and "%2C" in head and "%3A" in head and "%0D%0A" in head


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


@pytest.mark.parametrize("name", list(CASES))
def test_staff_file(commune, name):
    expected = CASES[name](commune)
    assert_problems(validate_tree(commune.root), expected)


def validate_cli(commune: Commune, output: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", "validate"]
        + ["--data", str(commune.root), "--format", output],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        timeout=120,
        cwd=commune.root.parent,
    )


def test_the_corpus_is_wide():
    """At least 100 cases across the classes, the parametrized sets counted case by case."""
    sets = (INVISIBLE, BESIDE_A_NAME, NUMBERS, IN_RUNNING_TEXT, ORDINARY_LINES, ORDINARY_NAMES)
    assert len(CASES) + sum(map(len, sets)) >= 100


def test_a_case_through_the_cli(commune):
    CASES["form-group-sum-wrong"](commune)
    outcome = validate_cli(commune, "json")
    assert outcome.returncode == 1 and "Traceback" not in outcome.stderr
    (problem,) = json.loads(outcome.stdout)
    assert (problem["code"], problem["row"], problem["column"]) == (
        "budget.group-sum",
        2,
        AMOUNT,
    )


def test_every_text_column_of_every_kind_declares_its_limit():
    from generator.kinds.registry import all_kinds

    unbounded = [
        (kind.name, table.name, f.name)
        for kind in all_kinds()
        for table in kind.schema.tables.values()
        for f in table.fields
        if f.type == "string" and not f.categories and "maxLength" not in kind_schema_text(kind, f)
    ]
    assert unbounded == []


def kind_schema_text(kind, field) -> str:
    """The schema.yaml block that declares a field (its name line to the next field)."""
    text = (kind.dir / "schema.yaml").read_text(encoding="utf-8")
    start = text.index(f"- name: {field.name}\n")
    end = text.find("- name:", start + 1)
    return text[start : end if end > 0 else None]


# -- what a file expands to -----------------------------------------------------------------------


def zip_parts(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for name, data in parts.items():
            book.writestr(name, data)
    return out.getvalue()


def workbook_parts() -> dict[str, bytes]:
    """The parts of a small valid workbook, to swap one for a crafted one."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Họ tên chủ hộ", "Thôn", "Số nhân khẩu", "Phân loại", "Biến động"])
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as source:
        return {name: source.read(name) for name in source.namelist()}


SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
    b'spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = b"</sheetData></worksheet>"


def shared_strings_bomb() -> bytes:
    parts = workbook_parts()
    parts["xl/sharedStrings.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>'
        + b"A" * (300 * 1024 * 1024)
        + b"</t></si></sst>"
    )
    return zip_parts(parts)


def one_cell_bomb() -> bytes:
    parts = workbook_parts()
    parts["xl/worksheets/sheet1.xml"] = (
        SHEET_HEAD
        + b'<row r="1"><c r="A1" t="inlineStr"><is><t>'
        + b"A" * (400 * 1024 * 1024)
        + b"</t></is></c></row>"
        + SHEET_TAIL
    )
    return zip_parts(parts)


def rows_bomb() -> bytes:
    parts = workbook_parts()
    rows = b"".join(
        b'<row r="%d"><c r="C%d"><v>1</v></c></row>' % (n, n) for n in range(2, 1_000_002)
    )
    header = (
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>H\xe1\xbb\x8d t\xc3\xaan ch\xe1\xbb\xa7 '
        b'h\xe1\xbb\x99</t></is></c><c r="B1" t="inlineStr"><is><t>Th\xc3\xb4n</t></is></c></row>'
    )
    parts["xl/worksheets/sheet1.xml"] = SHEET_HEAD + header + rows + SHEET_TAIL
    return zip_parts(parts)


def yaml_nodes_bomb() -> bytes:
    return b"- {a: 1}\n" * 2_000_000


BOMBS = {
    "xlsx-shared-strings": ("danh-sach.xlsx", shared_strings_bomb, "xlsx-unpacks-too-large"),
    "xlsx-one-cell": ("danh-sach.xlsx", one_cell_bomb, "xlsx-unpacks-too-large"),
    "xlsx-a-million-rows": ("danh-sach.xlsx", rows_bomb, "table-too-many-rows"),
    "yaml-millions-of-values": ("danh-sach.yaml", yaml_nodes_bomb, "yaml-too-many-values"),
}

LIMITED_VALIDATE = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))
from pathlib import Path
from generator.pipeline.validate import validate_tree
started = time.perf_counter()
found = validate_tree(Path(sys.argv[1]))
print(json.dumps({
    "problems": [[p.file, p.code] for p in found],
    "seconds": time.perf_counter() - started,
    # VmHWM is this program's own peak: ru_maxrss would count the parent's pages met at fork
    "peak_mb": next(
        int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM")
    ) / 1024,
}))
"""


@pytest.mark.parametrize("name", list(BOMBS))
def test_a_file_that_expands_is_refused_in_bounded_time_and_memory(commune, name):
    file_name, make, code = BOMBS[name]
    with_sibling(commune)
    sibling = commune.root / DISTRICT / "xa-dong-hung"
    shutil.rmtree(sibling)
    shutil.copytree(SAMPLE_DATA / DISTRICT / "xa-dong-hung", sibling)
    commune.path(LIST).unlink()
    commune.path(f"{POVERTY}/{file_name}").write_bytes(make())
    outcome = subprocess.run(
        [sys.executable, "-c", LIMITED_VALIDATE, str(commune.root)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert outcome.returncode == 0, outcome.stderr[-2000:]
    report = json.loads(outcome.stdout)
    assert report["problems"] == [[f"{COMMUNE}/{POVERTY}/{file_name}", code]]  # the sibling: none
    assert report["seconds"] < 30 and report["peak_mb"] < 500, report


# -- numbers that read two ways -------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed,code",
    [
        ("1250.000", "cell-number-grouping"),  # 1.250.000 missing a dot, or 1250 the English way
        ("55000.000", "cell-number-grouping"),
        ("1 250.000", "cell-number-spaces"),
        ("5 1.200.000", "cell-number-spaces"),  # two numbers in one cell, not 51.200.000
        ("12 34 567", "cell-number-spaces"),
    ],
)
def test_an_amount_that_reads_two_ways_is_refused(commune, typed, code):
    line = commune.line_of(THU, CODE, "1.1")
    commune.set_cell(THU, line, AMOUNT, typed)
    found = [(p.code, p.row, p.column, p.value) for p in validate_tree(commune.root)]
    assert found == [(code, line, AMOUNT, typed)]


@pytest.mark.parametrize("written", ["+{}", "{} ₫", "{} VNĐ", "{} đồng"])
def test_an_amount_with_a_sign_or_currency_is_read(commune, written):
    line = commune.line_of(THU, CODE, "1.1")
    amount = int(commune.cell(THU, line, AMOUNT))
    commune.set_cell(THU, line, AMOUNT, written.format(f"{amount:,}".replace(",", ".")))
    assert list(validate_tree(commune.root)) == []


@pytest.mark.parametrize(
    "cells,scale",
    [
        (["Đơn vị tính: triệu đồng"], 10**6),
        (["ĐVT: Triệu VNĐ"], 10**6),
        (["ĐVT: Ng.đồng"], 10**3),
        (["ĐVT: nghìn đ"], 10**3),
        (["Biểu số 08", "ĐVT: Tỷ đồng"], 10**9),
        (["", "Đơn vị tính:", "triệu đồng"], 10**6),
        (["Đơn vị tính: triệu đồng; Biểu 08"], 10**6),
        (["ĐVT: 1.000.000 đồng"], 10**6),
        (["(Đơn vị tính: đồng)"], 1),
        (["Đơn vị tính: USD"], None),
        (["ĐVT: 1000 đô la"], None),
    ],
)
def test_a_units_line_is_read(cells, scale):
    from generator.input.money_unit import statement

    assert statement([(1, cells)]).scale == scale


def test_a_place_after_dong_vi_is_not_a_unit():
    from generator.input.money_unit import statement

    rows = [(1, ["Đơn vị: Đông Sơn"]), (2, ["Đơn vị: đồng bào dân tộc"])]
    assert statement(rows) is None
    assert statement([*rows, (3, ["Đơn vị tính: triệu đồng"])]).scale == 10**6


PLANS = "dat-dai/2025/cong-trinh.csv"
FEE_LIST = "phi-le-phi/2025/danh-muc.csv"


@pytest.mark.parametrize(
    ("table", "line", "refused"),
    [
        (PLANS, "Đơn vị tính: m²", True),  # the areas are in ha: read as ha, ten thousand times
        (PLANS, "ĐVT: ha", False),  # the columns' own unit, as official forms write it
        (FEE_LIST, "Đơn vị tính: nghìn đồng", True),  # rates read as đồng
        (VILLAGES, "ĐVT: hộ", False),  # a count: nothing to read two ways
        (FEE_LIST, "Đơn vị tính: đồng", False),  # rates are read in đồng anyway
        (ONE_STOP, "Đơn vị tính: hồ sơ", False),
    ],
)
def test_a_unit_line_above_a_table_of_no_amounts_must_be_its_columns_unit(
    commune, table, line, refused
):
    """The review's attack: a unit line over a table whose columns name their own unit (or over
    rates) was dropped unread, and the figures published in the columns' unit."""
    rows = commune.rows(table)
    width = len(rows[0])
    commune.write_rows(
        table, [["Biểu công khai", *[""] * (width - 1)], [line, *[""] * (width - 1)], *rows]
    )
    found = [(p.code, p.row, p.value) for p in validate_tree(commune.root).errors]
    assert found == ([("unit-line-mismatch", 2, line)] if refused else []), found


@pytest.mark.parametrize(
    ("current", "planned", "refused"), [("480,00", "475,00", False), ("700,00", "695,00", True)]
)
def test_wet_rice_is_part_of_rice_land_never_added_to_it(commune, current, planned, refused):
    """The forms list LUC (đất chuyên trồng lúa) as «trong đó» of LUA: added to the agricultural
    group again, the review's attack made the natural area 700 ha larger without a word."""
    rows = commune.rows(LAND_TYPES)
    at = next(n for n, r in enumerate(rows) if r[0] == "LUA")
    difference = f"{float(planned.replace(',', '.')) - float(current.replace(',', '.')):.2f}"
    luc = ["LUC", "Trong đó: Đất chuyên trồng lúa", current, planned, difference.replace(".", ",")]
    commune.write_rows(LAND_TYPES, [*rows[: at + 1], luc, *rows[at + 1 :]])
    found = [(p.code, p.row, p.column) for p in validate_tree(commune.root).errors]
    expected = [
        ("land.part-above-whole", at + 2, "Hiện trạng (ha)"),
        ("land.part-above-whole", at + 2, "Kế hoạch (ha)"),
    ]
    assert found == (expected if refused else []), found


def test_a_plan_whose_natural_area_changes_is_warned(commune):
    """Without the groups' rows nothing else adds the types up: 700 ha more planned than there
    is is told (a warning: a boundary may really move)."""
    rows = [r for r in commune.rows(LAND_TYPES) if r[0] not in ("NNP", "PNN", "CSD")]
    rows.append(["RPH", "Đất rừng phòng hộ", "0,00", "700,00", "700,00"])
    commune.write_rows(LAND_TYPES, rows)
    found = [(p.code, p.severity) for p in validate_tree(commune.root)]
    assert found == [("land.natural-area-changes", "warning")], found


def test_wet_rice_without_rice_land_is_refused(commune):
    """LUC is counted inside LUA: with no LUA row its area would be counted nowhere."""
    rows = [r for r in commune.rows(LAND_TYPES) if r[0] != "NNP"]
    rows = [["LUC", *r[1:]] if r[0] == "LUA" else r for r in rows]
    commune.write_rows(LAND_TYPES, rows)
    found = [(p.code, p.value) for p in validate_tree(commune.root).errors]
    assert found == [("land.part-without-whole", "LUC")], found
