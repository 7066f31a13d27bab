"""A budget year's page puts the year's stages side by side, also when their lines differ."""

from __future__ import annotations

import csv
import shutil
from decimal import Decimal

import yaml

from tests import oracle
from tests.conftest import build
from tests.pages import number, page, rows, table_after

COMMUNE = ("tinh-binh-son", "huyen-an-lac", "xa-an-dinh")


def write_csv(path, lines: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(lines[0]))
        writer.writeheader()
        writer.writerows(lines)


def test_a_line_of_one_stage_only_and_a_renamed_line(small_country, tmp_path):
    nine = small_country.joinpath(*COMMUNE, "ngan-sach", "2025-thuc-hien-9-thang", "chi.csv")
    lines = oracle.read_csv(nine)
    renamed = next(line for line in lines if line["Thuộc mục"].strip())
    old_name = renamed["Nội dung"]
    renamed["Nội dung"] = "Tên mới của dòng | <b>in đậm</b>"
    lines.append(
        {"Mã số": "9", "Nội dung": "Chi trả nợ vay", "Thuộc mục": "", "Số tiền (đồng)": "1.500.000"}
    )
    write_csv(nine, lines)

    doc, downloaded = built_year(small_country, tmp_path)
    table = table_after(doc, "Chi ngân sách")
    header = [th.get_text(strip=True) for th in table.find("thead").find_all("th")]
    assert header[:6] == [
        "Mã số",
        "Nội dung",
        "Dự toán",
        "Thực hiện 3 tháng",
        "Thực hiện 6 tháng",
        "Thực hiện 9 tháng",
    ]
    shown = {r[0]: r for r in rows(table)[:-1]}
    assert len(shown) == len(rows(table)) - 1 == len(lines)  # every line once
    assert shown["9"][1:6] == ["Chi trả nợ vay", "—", "—", "—", "1.500.000"]
    assert shown["9"][6] == "—"  # no estimate to compare with
    # The latest stage's name, as text, and the name the other stages gave it.
    assert (
        shown[renamed["Mã số"]][1]
        == f"Tên mới của dòng | <b>in đậm</b> (tên trong dự toán: {old_name})"
    )
    assert (
        downloaded["9"]["Dự toán (đồng)"] == ""
        and downloaded["9"]["Thực hiện 9 tháng (đồng)"] == "1500000"
    )


def built_year(data_copy, tmp_path, year: int = 2025):
    """The commune built alone: its budget page for `year` and the year's spending CSV rows."""
    code = yaml.safe_load((data_copy.joinpath(*COMMUNE) / "unit.yaml").read_text(encoding="utf-8"))[
        "code"
    ]
    result = build(data_copy, tmp_path, only=code)
    assert result.ok, result.failed
    unit = next(u for u in result.tree if u.code == code)
    doc = page(tmp_path / "site", f"{unit.url_path}ngan-sach/{year}")
    downloaded = oracle.read_csv(
        tmp_path / "site" / unit.url_path / "ngan-sach" / f"{year}-chi.csv"
    )
    return doc, {r["Mã số"]: r for r in downloaded}


def spending(stage_folder) -> dict:
    """A stage's spending lines: code -> amount."""
    return {
        r["Mã số"]: oracle.vi_number(r["Số tiền (đồng)"])
        for r in oracle.read_csv(stage_folder / "chi.csv")
    }


def move_amount(lines: list[dict], code: str, change: int) -> None:
    line = next(line for line in lines if line["Mã số"] == code)
    line["Số tiền (đồng)"] = str(oracle.vi_number(line["Số tiền (đồng)"]) + change)


def test_a_line_moved_to_another_group_and_a_line_the_latest_stage_dropped(small_country, tmp_path):
    nine = small_country.joinpath(*COMMUNE, "ngan-sach", "2025-thuc-hien-9-thang", "chi.csv")
    lines = oracle.read_csv(nine)
    moved = next(line for line in lines if line["Mã số"] == "1.2")
    assert moved["Thuộc mục"] == "1"
    amount = int(oracle.vi_number(moved["Số tiền (đồng)"]))
    moved["Thuộc mục"] = "2"
    move_amount(lines, "1", -amount)
    move_amount(lines, "2", amount)
    dropped = next(line for line in lines if line["Mã số"] == "1.1.6")
    dropped_amount = int(oracle.vi_number(dropped["Số tiền (đồng)"]))
    lines.remove(dropped)
    move_amount(lines, "1.1", -dropped_amount)
    move_amount(lines, "1", -dropped_amount)
    write_csv(nine, lines)

    doc, downloaded = built_year(small_country, tmp_path)
    table = table_after(doc, "Chi ngân sách")
    shown = [r for r in rows(table)[:-1]]
    codes = [r[0] for r in shown]
    # The moved line is shown under its new group, with where the earlier stages had it.
    assert (
        codes.index("1.2") > codes.index("2")
        and "1.2" not in codes[codes.index("1") : codes.index("1.1.1")]
    )
    by_code = {r[0]: r for r in shown}
    assert by_code["1.2"][1].endswith(" (trong dự toán thuộc mục 1)")
    assert downloaded["1.2"]["Thuộc mục"] == "2"
    assert downloaded["1.2"]["Nội dung"] == by_code["1.2"][1]
    # The dropped line keeps its earlier amounts; the latest stage has none, nor a share.
    assert number(by_code["1.1.6"][2]) == spending(nine.parent.parent / "2025-du-toan")["1.1.6"]
    assert by_code["1.1.6"][5] == "—" and by_code["1.1.6"][6] == "—"
    assert downloaded["1.1.6"]["Thực hiện 9 tháng (đồng)"] == ""


def test_a_line_against_its_estimate_and_the_same_stage_a_year_earlier(small_country, tmp_path):
    folder = small_country.joinpath(*COMMUNE, "ngan-sach")
    latest, planned, before = (
        spending(folder / stage)
        for stage in ("2025-thuc-hien-9-thang", "2025-du-toan", "2024-thuc-hien-9-thang")
    )
    doc, _ = built_year(small_country, tmp_path)
    table = table_after(doc, "Chi ngân sách")
    header = [th.get_text(strip=True) for th in table.find("thead").find_all("th")]
    assert header[-2:] == ["Thực hiện 9 tháng so với dự toán", "So với năm 2024"]
    compared = 0
    for row in rows(table)[:-1]:
        code = row[0]
        if code in planned and planned[code]:
            assert abs(number(row[-2]) - latest[code] / planned[code] * 100) <= Decimal("0.05"), row
            compared += 1
        if code in before and before[code]:
            assert abs(
                number(row[-1]) - (latest[code] - before[code]) / before[code] * 100
            ) <= Decimal("0.05"), row
            assert row[-1][0] in "+−" or number(row[-1]) == 0, row
            compared += 1
    assert compared > 20
    assert "Dấu «—» ở các cột này" in doc.get_text()


def test_a_year_with_its_estimate_only_has_nothing_to_compare_it_with(small_country, tmp_path):
    folder = small_country.joinpath(*COMMUNE, "ngan-sach")
    for stage in folder.glob("2025-thuc-hien-*"):
        shutil.rmtree(stage)
    doc, downloaded = built_year(small_country, tmp_path)
    balance = table_after(doc, "Cân đối ngân sách")
    header = [th.get_text(strip=True) for th in balance.find("thead").find_all("th")]
    assert not any("dự toán" in h for h in header), header
    assert header[-2:] == ["Thu so với năm 2024", "Chi so với năm 2024"]
    spending = table_after(doc, "Chi ngân sách")
    assert [th.get_text(strip=True) for th in spending.find("thead").find_all("th")] == [
        "Mã số",
        "Nội dung",
        "Dự toán",
        "So với năm 2024",
    ]
    assert "so với dự toán" not in doc.get_text()
    assert set(next(iter(downloaded.values()))) == {
        "Mã số",
        "Nội dung",
        "Thuộc mục",
        "Dự toán (đồng)",
    }
