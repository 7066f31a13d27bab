"""Cell values that used to be read wrongly or let through: «0.875» read as 875, «259,000» as 259,
text from an ANSI-saved CSV («Nguy?n»), Excel error values and formulas, personal data hidden
in text, and Ê Đê names with «Ñ» taken for old TCVN3 text."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from generator.checks.personal_data import find_personal_data
from generator.input.cells import ValueError_, convert, parse_number
from generator.input.text_checks import TextProblem, check_text
from generator.model.schema import Field
from generator.pipeline.validate import validate_tree
from tests.oracle import read_csv
from tests.test_personal_data import first_commune, rewrite

HECTARES = Field("area", "Diện tích (ha)", type="number")
COUNT = Field("households", "Tổng số hộ dân", type="integer")
NAME = Field("head_name", "Họ tên chủ hộ")


def refusal(field: Field, raw) -> tuple[str, dict]:
    """Why the value is refused: the problem's code and the details its message names."""
    with pytest.raises(ValueError_) as caught:
        convert(field, raw)
    return caught.value.code, caught.value.params


# - numbers -


def zero_group(typed: str, meant: str) -> tuple[str, dict]:
    return "cell-number-point-decimal", {"text": typed, "decimal": meant}


@pytest.mark.parametrize(
    "typed, meant", [("0.875", "0,875"), ("-0.875", "-0,875"), ("00.125", "00,125")]
)
def test_thousands_group_after_a_leading_zero_is_refused(typed, meant):
    assert refusal(HECTARES, typed) == zero_group(typed, meant)
    assert refusal(COUNT, typed) == zero_group(typed, meant)


def test_thousands_group_after_zero_with_a_decimal_part_is_refused():
    assert refusal(HECTARES, "0.875,5") == ("cell-number-zero-grouped", {"text": "0.875,5"})


@pytest.mark.parametrize(
    "typed, value",
    [
        ("0,875", Decimal("0.875")),
        ("0.2", Decimal("0.2")),
        ("0.25", Decimal("0.25")),
        ("0.8750", Decimal("0.8750")),
        ("1.500", Decimal(1500)),
        ("1,500", Decimal("1.5")),
        ("12,5", Decimal("12.5")),
        ("1.234,875", Decimal("1234.875")),
        ("10.875", Decimal(10875)),
        ("0", Decimal(0)),
        (0.875, Decimal("0.875")),
    ],
)
def test_decimal_columns_still_read_vietnamese_numbers(typed, value):
    assert convert(HECTARES, typed) == value


def comma_thousands(typed: str, grouped: str, whole: str) -> tuple[str, dict]:
    return "cell-number-comma-thousands", {"text": typed, "grouped": grouped, "whole": whole}


@pytest.mark.parametrize(
    "typed, grouped, whole",
    [
        ("259,000", "259.000", "259000"),
        ("1,259,000", "1.259.000", "1259000"),
        ("259,000 đồng", "259.000", "259000"),
        ("-4,500", "-4.500", "-4500"),
        ("1.259,000", "1.259.000", "1259000"),
    ],
)
def test_comma_before_three_digits_in_an_integer_column_is_refused(typed, grouped, whole):
    shown = typed.removesuffix(" đồng")
    assert refusal(COUNT, typed) == comma_thousands(shown, grouped, whole)
    assert refusal(Field("amount", "Số tiền (đồng)", type="integer"), typed) == comma_thousands(
        shown, grouped, whole
    )


@pytest.mark.parametrize(
    "typed, value",
    [
        ("259.000", 259000),
        ("259000", 259000),
        ("1.259.000 đồng", 1259000),
        ("12,00", 12),
        ("12", 12),
        (412, 412),
    ],
)
def test_integer_columns_still_read_vietnamese_numbers(typed, value):
    converted = convert(COUNT, typed)
    assert converted == value and type(converted) is int


def test_integer_column_keeps_refusing_a_decimal_part():
    assert refusal(COUNT, "12,5") == ("cell-not-integer", {})
    assert refusal(COUNT, "12,50") == ("cell-not-integer", {})


def test_parse_number_reads_a_comma_as_decimal_unless_told_the_column_holds_integers():
    assert parse_number("259,000") == Decimal("259.000")
    with pytest.raises(ValueError_) as caught:
        parse_number("259,000", integer=True)
    assert (caught.value.code, caught.value.params["grouped"]) == (
        "cell-number-comma-thousands",
        "259.000",
    )


# - Excel leftovers and ANSI text -

EXCEL_ERRORS = ["#NAME?", "#REF!", "#VALUE!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!", "#SPILL!"]


@pytest.mark.parametrize("error", EXCEL_ERRORS)
def test_excel_error_values_are_refused(error):
    assert refusal(NAME, error) == ("text-excel-error", {"error": error})
    assert refusal(Field("notes", "Ghi chú"), f"Xem {error}") == (
        "text-excel-error",
        {"error": error},
    )


@pytest.mark.parametrize(
    "typed, what",
    [
        ('=HYPERLINK("https://binhson.gov.vn/a","Nguyễn Văn An")', "hàm HYPERLINK"),
        ("=vlookup(A2,Sheet2!A:B,2,0)", "hàm VLOOKUP"),
        ('= CONCATENATE(B2," ",C2)', "hàm CONCATENATE"),
        ("=B12", "tham chiếu ô B12"),
        ("=Sheet1!$C$4", "tham chiếu ô Sheet1!$C$4"),
    ],
)
def test_formulas_are_refused(typed, what):
    assert refusal(NAME, typed) == ("text-excel-formula", {"what": what})


def ansi(word: str) -> tuple[str, dict]:
    return "text-question-marks", {"word": word}


@pytest.mark.parametrize(
    "typed, word",
    [
        ("Nguy?n H?u B?o", "Nguy?n"),
        ("Tr??ng Thị Lan", "Tr??ng"),
        ("Hỗ trợ xây nhà ở cho hộ ngh?o", "ngh?o"),
        ("Lê Văn Th?", None),
        ("?ào Thị Châu", "?ào"),  # Đào: a letter lost before the word's first
        ("Tại sao? Vì vậy", None),
    ],
)
def test_question_mark_inside_a_word_is_refused(typed, word):
    if word is None:  # a ? closing the word: a question, not a lost letter
        assert convert(NAME, typed) == typed
    else:
        assert refusal(NAME, typed) == ansi(word)


def test_ansi_text_is_refused_as_the_same_problem_from_check_text():
    with pytest.raises(TextProblem) as caught:
        check_text("Nguy?n H?u B?o")
    assert (
        (caught.value.code, caught.value.params)
        == ansi("Nguy?n")
        == refusal(NAME, "Nguy?n H?u B?o")
    )


@pytest.mark.parametrize(
    "typed",
    [
        "Nguyễn Văn An",
        "Có? Không",
        "Ai chịu trách nhiệm?",
        "Xem https://binhson.gov.vn/van-ban?id=12&loai=qd",
        "www.binhson.gov.vn/tra-cuu?ma=1",
        "Tăng 5% so với năm trước",
        "Số 12 # 3",
        "= 5 hộ",
        "a = b",
        "Dự án «Nông thôn mới»",
        "Hỗ trợ người khuyết tật",
        "Chính sách dân tộc",
    ],
)
def test_ordinary_text_still_passes(typed):
    assert convert(NAME, typed) == typed


# - TCVN3 and Ê Đê names -


@pytest.mark.parametrize(
    "name", ["H'Nhi Ñuôl", "Y Ñu Êban", "H'Ñuôl Niê", "Ñuôl Thị Hoa", "Y-Ñuê Mlô", "H’Nhi Ñuôl"]
)
def test_ede_names_with_enye_are_accepted(name):
    assert convert(NAME, name) == name


@pytest.mark.parametrize(
    "text, encoding, char, position",
    [
        ("NguyÔn V¨n Hµ", "TCVN3 (ABC)", "¨", 9),
        ("Thu tiÒn sö dông ®Êt Hµ Néi", "TCVN3 (ABC)", "µ", 23),
        ("Hµ Néi danh s¸ch hé nghÌo", "TCVN3 (ABC)", "µ", 2),
        ("Hé gia ®×nh cña «ng", "TCVN3 (ABC)", "«", 17),
        ("cña", "TCVN3 (ABC)", "ñ", 2),  # TCVN3 ñ is "ủ" after a consonant: "của"
        ("thñ tôc", "TCVN3 (ABC)", "ñ", 3),
        ("ñy ban nh©n d©n", "TCVN3 (ABC)", "©", 10),
        ("Nguyeãn Vaên Tö", "VNI", "ã", 6),
        ("Coâng khai keá hoaïch söû duïng ñaát", "VNI", "â", 3),
    ],
)
def test_legacy_font_text_is_still_caught(text, encoding, char, position):
    assert refusal(NAME, text) == (
        "text-legacy-font",
        {"encoding": encoding, "char": char, "position": position},
    )


# - personal data -


@pytest.mark.parametrize(
    "text, kind, found",
    [
        ("Ông A, CMND 125.456.789", "cmnd", "CMND 125.456.789"),
        ("CMTND số 125 456 789", "cmnd", "CMTND số 125 456 789"),
        ("CCCD 001 089 012 345", "cccd", "CCCD 001 089 012 345"),
        ("Ghi chú: 036 089 001 234", "cccd", "036 089 001 234"),
        ("Căn cước công dân: 001.089.012.345", "cccd", "Căn cước công dân: 001.089.012.345"),
        ("chứng minh nhân dân 125-456-789", "cmnd", "chứng minh nhân dân 125-456-789"),
        ("Nguyễn A sn 1960", "birth", "sn 1960"),
        ("Nguyễn A sinh 1960", "birth", "sinh 1960"),
        ("Lò Thị B, NS: 1972", "birth", "NS: 1972"),
        ("Thẻ BHYT GD4797931234567", "bhyt", "GD4797931234567"),
        ("thẻ số HN 2 01 0123456789", "bhyt", "HN 2 01 0123456789"),
        ("MST 8012345678", "tax", "MST 8012345678"),
        ("mã số thuế: 0101234567-001", "tax", "mã số thuế: 0101234567-001"),
    ],
)
def test_personal_data_in_text_is_found(text, kind, found):
    assert find_personal_data(text) == (kind, found)
    assert find_personal_data(text, person_name=True) == (kind, found)


@pytest.mark.parametrize(
    "text",
    [
        "Chi 125.456.789 đồng",
        "Tổng 1.001.089.012.345 đồng",
        "Nghị định 07/2021/NĐ-CP",
        "Quyết định số 1234/QĐ-UBND",
        "Đăng ký khai sinh năm 2025",
        "Hỗ trợ học sinh năm 2025",
        "Chi phí phát sinh năm 2024",
        "Mã chương 805",
        "Hỗ trợ người khuyết tật",
        "Chính sách dân tộc",
        "Hỗ trợ đồng bào dân tộc thiểu số năm 2025",
        "Khám bệnh, chữa bệnh cho người nghèo",
        "Số liệu đến ngày 30/09/2025",
        "Niêm yết từ 12/05/2025",
        "Đăng ký khai sinh, CMND",
        "Thôn 12",
    ],
)
def test_ordinary_text_holds_no_personal_data(text):
    assert find_personal_data(text) is None


@pytest.mark.parametrize(
    "name, kind, found",
    [
        ("Trần C, 12/05/1960", "birth", "12/05/1960"),
        ("Trần Văn C (1960)", "birth", "1960"),
        ("Hoàng Thị D 05/1958", "birth", "05/1958"),
        ("Nguyễn Văn A (dân tộc Tày)", "ethnicity", "dân tộc"),
        ("Lường Văn E - DTTS", "ethnicity", "DTTS"),
        ("Lò Văn B - khuyết tật nặng", "health", "khuyết tật"),
        ("Phạm Thị G (bị bệnh tâm thần)", "health", "bị bệnh"),
        ("Vũ Văn H, nhiễm chất độc da cam", "health", "chất độc da cam"),
        ("NGUYỄN VĂN K - TÀN TẬT", "health", "TÀN TẬT"),
    ],
)
def test_sensitive_data_next_to_a_person_name_is_found(name, kind, found):
    assert find_personal_data(name, person_name=True) == (kind, found)


@pytest.mark.parametrize(
    "name",
    [
        "Nguyễn Văn An",
        "H'Nhi Ñuôl",
        "Lò Thị Xuân",
        "Nguyễn Thị Thái",
        "Mùa A Dính",
        "Đinh Văn Dao",
        "Trần Văn Minh (con)",
    ],
)
def test_ordinary_names_hold_no_personal_data(name):
    assert find_personal_data(name, person_name=True) is None


# - the same problems in a commune's files -


def test_sample_data_has_none_of_these_problems(data_copy):
    assert [str(p) for p in validate_tree(data_copy).errors] == []
    for households in data_copy.rglob("danh-sach.csv"):
        for row in read_csv(households):
            assert find_personal_data(row["Họ tên chủ hộ"], person_name=True) is None


def test_bad_cells_in_files_are_reported_where_they_are(small_country):
    commune = first_commune(small_country)
    shown = lambda p: p.relative_to(small_country).as_posix()  # noqa: E731
    households = sorted(commune.glob("ho-ngheo/*/danh-sach.csv"))[-1]
    rewrite(
        households,
        lambda rows: (
            rows[0].update({"Họ tên chủ hộ": "Nguy?n H?u B?o"}),
            rows[1].update({"Họ tên chủ hộ": "#REF!"}),
            rows[2].update({"Họ tên chủ hộ": "H'Nhi Ñuôl"}),
        ),
    )
    villages = sorted(commune.glob("ho-ngheo/*/so-ho-theo-thon.csv"))[-1]
    rewrite(villages, lambda rows: rows[0].update({"Tổng số hộ dân": "1,250"}))
    projects = sorted(commune.glob("dat-dai/*/cong-trinh.csv"))[0]
    rewrite(
        projects,
        lambda rows: (
            rows[0].update({"Diện tích (ha)": "0.875"}),
            rows[1].update({"Diện tích (ha)": "0,875"}),
        ),
    )
    revenue = sorted(commune.glob("ngan-sach/*/thu.csv"))[0]
    rewrite(
        revenue,
        lambda rows: rows[1].update(
            {"Nội dung": rows[1]["Nội dung"] + " (nộp thay CMND 125.456.789)"}
        ),
    )

    found = {
        (p.file, p.row, p.column, p.value): p.code for p in validate_tree(small_country).errors
    }
    assert found == {
        (shown(households), 2, "Họ tên chủ hộ", "Nguy?n H?u B?o"): "text-question-marks",
        (shown(households), 3, "Họ tên chủ hộ", "#REF!"): "text-excel-error",
        (shown(villages), 2, "Tổng số hộ dân", "1,250"): "cell-number-comma-thousands",
        (shown(projects), 2, "Diện tích (ha)", "0.875"): "cell-number-point-decimal",
        (shown(revenue), 3, "Nội dung", "CMND 125.456.789"): "personal-cmnd",
    }


def test_a_dotted_number_in_a_column_that_uses_a_point_decimal_is_refused(small_country):
    """«1.74» in a column shows its clerk writing the English way: «12.450» beside it may be
    12,45 ha as much as 12.450 ha, so it is refused, and a column of Vietnamese numbers is not."""
    plans = sorted(first_commune(small_country).glob("dat-dai/*/cong-trinh.csv"))[0]
    text = plans.read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    values = ["1.74", "12.450", "2.500"]
    for n, value in enumerate(values, start=1):
        cells = next(csv.reader([lines[n]]))
        cells[2] = value
        out = io.StringIO()
        csv.writer(out, lineterminator="").writerow(cells)
        lines[n] = out.getvalue()
    plans.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = [p for p in validate_tree(small_country).errors if p.file.endswith("cong-trinh.csv")]
    assert [(p.code, p.row, p.column, p.value) for p in found] == [
        ("cell-number-decimal-mixed", 3, "Diện tích (ha)", "12.450"),
        ("cell-number-decimal-mixed", 4, "Diện tích (ha)", "2.500"),
    ]
    assert "dòng 2: «1.74»" in found[0].message and "12,450 hoặc 12450" in found[0].message
    # the same column written the Vietnamese way reads
    plans.write_text(text.replace('"1,74"', "1.740", 1), encoding="utf-8")
    assert not [p for p in validate_tree(small_country).errors if p.file.endswith("cong-trinh.csv")]
