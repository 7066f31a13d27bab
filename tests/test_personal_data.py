"""Identity numbers, personal phones, birth dates and personal e-mails never reach the site."""

from __future__ import annotations

import csv

import pytest
import yaml

from generator.checks.personal_data import KINDS, find_personal_data, problem_code
from generator.pipeline.validate import validate_tree
from tests.conftest import build
from tests.oracle import read_csv

SEEDS = {
    "cccd": "001203004567",
    "cccd-spaced": "036 089 001 234",
    "cmnd": "123456789",
    "phone": "0912345678",
    "phone-dots": "0987.654.321",
    "phone-intl": "+84 912 345 679",
    "birth": "sinh ngày 12/03/1980",
    "birth-year": "sinh năm 1958",
    "email": "nguyenvana1980@gmail.com",
}


@pytest.mark.parametrize("text", list(SEEDS.values()))
def test_detector_finds_each_kind(text):
    assert find_personal_data(f"Ghi chú: {text} nhé") is not None


@pytest.mark.parametrize(
    "text",
    [
        "Nghị định 07/2021/NĐ-CP",
        "Thông tư 343/2016/TT-BTC",
        "25/NQ-HĐND",
        "Số liệu đến hết ngày 30/09/2025",
        "1.234.567.890 đồng",
        "Quý IV/2025",
        "ubnd.andinh@binhson.gov.vn",
        "Thôn 12",
    ],
)
def test_detector_leaves_ordinary_text_alone(text):
    assert find_personal_data(text) is None


PERSONAL = {problem_code(kind) for kind in KINDS}


def personal(problem) -> bool:
    """A problem of personal data found in text (its code names the kind: personal-phone, …)."""
    return problem.code in PERSONAL


def first_commune(data):
    return next(
        p.parent for p in sorted(data.rglob("unit.yaml")) if len(p.relative_to(data).parts) == 4
    )


def rewrite(table, change):
    rows = read_csv(table)
    change(rows)
    with table.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_seeded_personal_data_is_reported_and_never_published(small_country, tmp_path):
    commune = first_commune(small_country)
    seeds = iter(SEEDS.values())
    expected = []  # (file, row, column)
    shown = lambda p: p.relative_to(small_country).as_posix()  # noqa: E731

    households = sorted(commune.glob("ho-ngheo/*/danh-sach.csv"))[-1]
    value = next(seeds)
    rewrite(
        households,
        lambda rows: rows[3].update({"Họ tên chủ hộ": rows[3]["Họ tên chủ hộ"] + " " + value}),
    )
    expected.append((shown(households), 5, "Họ tên chủ hộ"))

    apologies = sorted(commune.glob("cai-cach-hanh-chinh/*/thu-xin-loi.csv"))[-1]
    value2, value3 = next(seeds), next(seeds)

    def seed_apology(rows):
        rows[0]["Lý do trễ hạn"] = f"Đã gọi cho người nộp: {value2}"
        rows[0]["Thủ tục hành chính"] = f"Đăng ký khai sinh, CMND {value3}"

    rewrite(apologies, seed_apology)
    expected += [
        (shown(apologies), 2, "Lý do trễ hạn"),
        (shown(apologies), 2, "Thủ tục hành chính"),
    ]

    revenue = sorted(commune.glob("ngan-sach/*/thu.csv"))[0]
    value4 = next(seeds)
    rewrite(
        revenue,
        lambda rows: rows[1].update({"Nội dung": rows[1]["Nội dung"] + f" (liên hệ {value4})"}),
    )
    expected.append((shown(revenue), 3, "Nội dung"))

    projects = sorted(commune.glob("dat-dai/*/cong-trinh.csv"))[0]
    value5 = next(seeds)
    rewrite(projects, lambda rows: rows[0].update({"Địa điểm": f"Nhà ông A, {value5}"}))
    expected.append((shown(projects), 2, "Địa điểm"))

    meta = sorted(commune.glob("dat-dai/*/thong-tin.yaml"))[0]
    data = yaml.safe_load(meta.read_text(encoding="utf-8"))
    value6 = next(seeds)
    data["notes"] = f"Người lập biểu {value6}"
    meta.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    expected.append((shown(meta), None, "notes (Ghi chú)"))

    problems = validate_tree(small_country)
    reported = {(p.file, p.row, p.column) for p in problems.errors if personal(p)}
    assert set(expected) <= reported
    result = build(small_country, tmp_path, jobs=2)
    assert not result.ok
    for path in (tmp_path / "site").rglob("*"):
        if path.is_file():
            content = path.read_bytes().decode("utf-8", "replace")
            for seed in SEEDS.values():
                assert seed not in content, (path, seed)

    unit_file = commune / "unit.yaml"
    unit = yaml.safe_load(unit_file.read_text(encoding="utf-8"))
    value7, value8, value9 = next(seeds), next(seeds), next(seeds)
    unit["villages"][0]["name"] = f"Thôn Đông ({value7})"
    unit["reception"][0]["host"] = f"Ông B, {value8}"
    unit["reception"][0]["place"] = f"Trụ sở, hỏi {value9}"
    unit_file.write_text(
        yaml.safe_dump(unit, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    problems = validate_tree(small_country)
    reported = {(p.file, p.row, p.column) for p in problems.errors if personal(p)}
    assert {
        (shown(unit_file), None, "villages, thôn thứ 1: name"),
        (shown(unit_file), None, "reception, dòng 1: host"),
        (shown(unit_file), None, "reception, dòng 1: place"),
    } <= reported


def test_phone_typed_in_a_number_column_is_refused(small_country):
    commune = first_commune(small_country)
    revenue = sorted(commune.glob("ngan-sach/*/thu.csv"))[0]
    rewrite(revenue, lambda rows: rows[0].update({"Số tiền (đồng)": "0912345678"}))
    problems = validate_tree(small_country)
    hit = next(p for p in problems.errors if p.file.endswith(revenue.name) and p.row == 2)
    assert (hit.column, hit.value, hit.code) == (
        "Số tiền (đồng)",
        "0912345678",
        "cell-number-personal",
    )


def test_a_tables_personal_data_is_reported_row_by_row(small_country):
    """A column is searched at once; the problems still come in the order staff read the file."""
    apologies = sorted(first_commune(small_country).glob("cai-cach-hanh-chinh/*/thu-xin-loi.csv"))[
        -1
    ]

    def seed(rows):
        rows[0]["Lý do trễ hạn"] = "Đã gọi 0912345678"  # row 2, the later column
        rows[1]["Thủ tục hành chính"] = "Cấp lại CMND 125456789"  # row 3
        rows[0]["Thủ tục hành chính"] = "Sửa CCCD 001089012345"  # row 2, the earlier column

    rewrite(apologies, seed)
    found = [
        (p.row, p.column)
        for p in validate_tree(small_country).errors
        if p.file.endswith(apologies.relative_to(small_country).as_posix()) and personal(p)
    ]
    assert found == [(2, "Thủ tục hành chính"), (2, "Lý do trễ hạn"), (3, "Thủ tục hành chính")]


@pytest.mark.parametrize("name", ["Nguyễn Văn A (DTTſ)", "Lê B – AİDS", "Trần C DÂN TỘC Thái"])
def test_sensitive_words_are_found_in_any_case(name):
    """Names are first searched as lower-case text; letters that case-insensitive matching folds
    otherwise (ſ, İ) still reach the full pattern."""
    assert find_personal_data(name, person_name=True) is not None


@pytest.mark.parametrize("text", ["1234567890", "12345678901"])
def test_an_identity_number_that_lost_its_leading_zeros_is_found(text):
    """001234567890 and 012345678901 kept in a number cell (Excel, or a CSV Excel saved) come back
    without their zeros; a whole cell of 10 or 11 digits is nothing else a disclosure holds."""
    assert find_personal_data(text) == ("cccd-lost-zero", text)
    assert find_personal_data(f"Hồ sơ {text}") is None  # within text, a number may be a file's


def test_a_lost_zero_identity_number_in_a_text_column_is_refused(small_country):
    apologies = sorted(first_commune(small_country).glob("cai-cach-hanh-chinh/*/thu-xin-loi.csv"))[
        -1
    ]
    rewrite(apologies, lambda rows: rows[1].update({"Lý do trễ hạn": "12345678901"}))
    found = [(p.row, p.column, p.value, p.code) for p in validate_tree(small_country).errors]
    assert found == [(3, "Lý do trễ hạn", "12345678901", "personal-cccd-lost-zero")]


@pytest.mark.parametrize("name", ["Nguyễn Thị Anh - 1234567890", "Lò Văn Bảo 38120456789"])
def test_a_lost_zero_identity_number_beside_a_name_is_found(name):
    """A name joined in Excel to a number cell (=A2&" - "&B2) brings the number without its
    zeros."""
    assert find_personal_data(name, person_name=True) == ("cccd-lost-zero", name.split()[-1])


@pytest.mark.parametrize(
    ("name", "kind", "found"),
    [
        ("Lê Văn Tư, 12 Lê Lợi", "name-number", "12"),
        ("Lê Văn Tâm, đi tù", "criminal", "đi tù"),
        ("Lê Văn Tín (đang ở tù)", "criminal", "ở tù"),
        ("Lê Văn Tài (liệt giường)", "health", "liệt giường"),
        ("Lê Văn Toàn, 67 t", "age", "67 t"),
        ("Lê Văn Tuấn, bảy mươi tuổi", "age", "mươi tuổi"),
        ("Lê Văn Tùng, Covid", "health", "Covid"),
        ("Nguyễn Văn A2", "name-number", "A2"),
    ],
)
def test_what_a_tired_clerk_writes_beside_a_name_is_found(name, kind, found):
    """Details written into the name cell, as a review's attack wrote them: a name holds no
    digit, and a prison, a bed or an age in words is personal data."""
    assert find_personal_data(name, person_name=True) == (kind, found)


@pytest.mark.parametrize(
    "name", ["Nguyễn Văn Ba", "Trần Thị Năm", "Hoàng Văn Tư", "Nguyễn Thị Mười", "Lò Thị Tám"]
)
def test_names_that_are_number_words_stay_names(name):
    assert find_personal_data(name, person_name=True) is None


def test_a_prison_or_a_bed_in_a_supervision_finding_is_refused():
    assert find_personal_data("Ông Nguyễn Văn An từng đi tù") == ("criminal", "đi tù")
    assert find_personal_data("Ông Lê Văn Cường bị liệt giường") == ("health", "liệt giường")
    assert find_personal_data("Chi phòng chống dịch Covid-19 năm 2025") is None
    # the epidemic beside an official's name, in a finding (the review's case)
    finding = "Làm việc với ông Trần Văn Cường, Chủ tịch UBND xã, về chi phòng chống dịch Covid-19"
    assert find_personal_data(finding) is None
    assert find_personal_data("Ông Lê Văn Tùng nhiễm covid") == ("health", "nhiễm covid")
