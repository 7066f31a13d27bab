"""`congkhai new` and `congkhai template`: what staff start from must itself be valid data."""

from __future__ import annotations

import shutil
import subprocess
import sys

from openpyxl import load_workbook

from generator.kinds.registry import all_kinds
from generator.pipeline.validate import validate_tree
from tests.conftest import REPO, build


def cli(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )


def test_new_unit_filled_from_its_templates_validates_and_builds(small_country, tmp_path):
    province = small_country / "tinh-binh-son"
    outcome = cli(
        "new",
        "--parent",
        str(province),
        "--code",
        "99399",
        "--type",
        "xã",
        "--name",
        "An Phú",
        cwd=tmp_path,
    )
    assert outcome.returncode == 0, outcome.stderr
    unit = province / "xa-an-phu"
    templates = unit / "_mau-nhap-lieu"
    assert not validate_tree(small_country).errors
    for kind in all_kinds():  # put each example dataset where real data goes, under a new year
        if kind.flows_down:  # held by the province alone: a commune keeps no copy
            continue
        target = unit / kind.folder / "2030"
        shutil.copytree(templates / kind.folder, target)
        meta = target / "thong-tin.yaml"
        meta.write_text(
            meta.read_text(encoding="utf-8")
            .replace('year: "2025"', 'year: "2030"')
            .replace("/2024", "/2030"),  # decided and posted in its year
            encoding="utf-8",
        )
    # Copied as they are, each table's example row is refused: staff must not publish it.
    workbooks = sorted(unit.rglob("2030/*.xlsx"))
    problems = validate_tree(small_country)
    assert sorted((p.file, p.row, p.message) for p in problems.errors) == [
        (
            w.relative_to(small_country).as_posix(),
            2,
            "dòng ví dụ của mẫu nhập liệu: hãy xóa dòng này",
        )
        for w in workbooks
    ]
    for workbook in workbooks:  # staff type their own row over the example
        fill_in_own_row(workbook)
    problems = validate_tree(small_country)
    assert not problems.errors, [str(p) for p in problems.errors]
    result = build(small_country, tmp_path / "out", jobs=2)
    assert result.ok and "99399" in result.built
    page = (
        tmp_path
        / "out"
        / "site"
        / "tinh-binh-son"
        / "xa-an-phu"
        / "ho-ngheo"
        / "danh-sach-2030"
        / "index.html"
    )
    assert "Lê Thị Bình" in page.read_text(encoding="utf-8")


OWN_VALUES = {
    "Họ tên chủ hộ": "Lê Thị Bình",
    "Nội dung": "Thu phí chợ",
    "Tên công trình, dự án": "Xây nhà văn hóa",
    "Lý do trễ hạn": "Chờ ý kiến cơ quan liên quan",
    "Kỳ báo cáo": "Quý I/2030",
    "Xếp hạng": "11",
    "Tổng số hộ dân": "500",
    "Hiện trạng (ha)": "121,50",
    "Tăng, giảm (ha)": "-3,30",
    "Tên phí, lệ phí": "Lệ phí cấp bản sao trích lục hộ tịch",
}


def fill_in_own_row(workbook):
    """Row 2 of a template with one of its cells changed, as a commune's own first row would be."""
    book = load_workbook(workbook)
    sheet = book.worksheets[0]
    own = dict(OWN_VALUES)
    if workbook.stem == "giai-ngan":  # a project's report of the dataset's year
        own["Đến ngày"] = "31/03/2030"
    for header, cell in zip(sheet[1], sheet[2], strict=True):
        if header.value in own:
            cell.value = own[header.value]
    book.save(workbook)


def test_template_has_vietnamese_headers_example_row_and_drop_downs(tmp_path):
    outcome = cli(
        "template",
        "ho-ngheo",
        "--unit",
        "99101",
        "--data",
        str(REPO / "data"),
        "--out",
        str(tmp_path),
        cwd=REPO,
    )
    assert outcome.returncode == 0, outcome.stderr
    book = load_workbook(tmp_path / "ho-ngheo" / "danh-sach.xlsx")
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert headers == ["Họ tên chủ hộ", "Thôn", "Số nhân khẩu", "Phân loại", "Biến động", "Mã hộ"]
    assert sheet["A2"].value == "Nguyễn Văn An"
    lists = book["Danh mục"]
    rules = {str(rule.sqref).split(":")[0]: rule for rule in sheet.data_validations.dataValidation}
    village_rule = rules["B2"]
    assert village_rule.type == "list"
    villages = [
        lists.cell(row=r, column=2).value for r in range(1, 10) if lists.cell(row=r, column=2).value
    ]
    assert villages[0] == sheet["B2"].value and len(villages) >= 5
    categories = [lists.cell(row=r, column=4).value for r in (1, 2)]
    assert categories == ["Hộ nghèo", "Hộ cận nghèo"] and rules["D2"].type == "list"


def test_land_template_offers_the_land_codes(tmp_path):
    assert cli("template", "dat-dai", "--out", str(tmp_path), cwd=REPO).returncode == 0
    book = load_workbook(tmp_path / "dat-dai" / "loai-dat.xlsx")
    codes = [c.value for c in book["Danh mục"]["A"] if c.value]
    assert {"LUA", "ONT", "DGT", "NNP"} <= set(codes)


def test_unknown_kind_and_unit_get_vietnamese_messages(tmp_path):
    outcome = cli("template", "tai-san", cwd=REPO)
    assert outcome.returncode == 64 and "Không có loại dữ liệu «tai-san»" in outcome.stderr
    outcome = cli(
        "new",
        "--parent",
        str(tmp_path),
        "--code",
        "1",
        "--type",
        "làng",
        "--name",
        "X",
        cwd=tmp_path,
    )
    assert outcome.returncode == 1 and "loại đơn vị phải là một trong" in outcome.stderr
