"""A budget year's page puts the year's stages side by side, also when their lines differ."""

from __future__ import annotations

import csv

import yaml

from tests import oracle
from tests.conftest import build
from tests.pages import page, rows, table_after


def write_csv(path, lines: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(lines[0]))
        writer.writeheader()
        writer.writerows(lines)


def test_a_line_of_one_stage_only_and_a_renamed_line(data_copy, tmp_path):
    commune = data_copy / "tinh-binh-son" / "huyen-an-lac" / "xa-an-dinh"
    code = yaml.safe_load((commune / "unit.yaml").read_text(encoding="utf-8"))["code"]
    nine = commune / "ngan-sach" / "2025-thuc-hien-9-thang" / "chi.csv"
    lines = oracle.read_csv(nine)
    renamed = next(line for line in lines if line["Thuộc mục"].strip())
    old_name = renamed["Nội dung"]
    renamed["Nội dung"] = "Tên mới của dòng | <b>in đậm</b>"
    lines.append({"Mã số": "9", "Nội dung": "Chi trả nợ vay", "Thuộc mục": "", "Số tiền (đồng)": "1.500.000"})
    write_csv(nine, lines)

    result = build(data_copy, tmp_path, only=code)
    assert result.ok, result.failed
    unit = next(u for u in result.tree if u.code == code)
    table = table_after(page(tmp_path / "site", f"{unit.url_path}ngan-sach/2025"), "Chi ngân sách")
    header = [th.get_text(strip=True) for th in table.find("thead").find_all("th")]
    assert header[:6] == ["Mã số", "Nội dung", "Dự toán", "Thực hiện 3 tháng", "Thực hiện 6 tháng", "Thực hiện 9 tháng"]
    shown = {r[0]: r for r in rows(table)[:-1]}
    assert len(shown) == len(rows(table)) - 1 == len(lines)  # every line once
    assert shown["9"][1:6] == ["Chi trả nợ vay", "—", "—", "—", "1.500.000"]
    assert shown["9"][6] == "—"  # no estimate to compare with
    # The latest stage's name, as text, and the name the other stages gave it.
    assert shown[renamed["Mã số"]][1] == f"Tên mới của dòng | <b>in đậm</b> (Dự toán: {old_name})"
    downloaded = {r["Mã số"]: r for r in oracle.read_csv(tmp_path / "site" / unit.url_path / "ngan-sach" / "2025-chi.csv")}
    assert downloaded["9"]["Dự toán (đồng)"] == "" and downloaded["9"]["Thực hiện 9 tháng (đồng)"] == "1500000"
