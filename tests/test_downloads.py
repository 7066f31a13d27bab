"""Every table a page shows is offered as CSV, JSON and XLSX holding the same rows; every SHA-256
a page shows is the digest of a file a reader can download from it; each unit's datapackage.json
lists its files and passes Frictionless's validation."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from frictionless import validate

from generator.render.downloads import FORMULA_STARTS, Column, Sheet, TableFile, xlsx_bytes
from tests import oracle
from tests.pages import download_link, page, soup

DIGEST = re.compile(r"\b[0-9a-f]{64}\b")


def _package(site: Path, unit) -> dict:
    return json.loads((site / unit.url_path / "datapackage.json").read_text(encoding="utf-8"))


def _csv_rows(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw[3:].decode("utf-8"))))


def _as_csv_text(value) -> str:
    """A JSON value as the CSV file writes it (numbers without trailing zeros)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, float):
        return format(Decimal(repr(value)).normalize(), "f")
    return str(value)


def _csv_value(cell: str, kind: str) -> str:
    """A CSV cell as _as_csv_text writes its JSON value: a neutralised formula's apostrophe
    dropped, a decimal number's trailing zeros too (1699.40 is 1699.4)."""
    if kind == "number" and cell:
        return format(Decimal(cell).normalize(), "f")
    if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def test_every_table_is_offered_in_three_formats_holding_the_same_rows(sample_build):
    result, site = sample_build
    compared = 0
    for unit in result.tree:
        for resource in _package(site, unit)["resources"]:
            if resource["format"] != "csv":
                continue
            folder = site / unit.url_path
            stem = resource["path"].removesuffix(".csv")
            written = _csv_rows(folder / resource["path"])
            keyed = json.loads((folder / f"{stem}.json").read_text(encoding="utf-8"))
            # the JSON file: the columns' machine names, then the rows the CSV file holds
            assert keyed[0] == [f["name"] for f in _json_schema(unit, site, resource)["fields"]]
            types = [f["type"] for f in resource["schema"]["fields"]]
            assert [[_as_csv_text(v) for v in row] for row in keyed[1:]] == [
                [_csv_value(cell, t) for cell, t in zip(row, types, strict=True)]
                for row in written[1:]
            ]
            # the workbook's sheet: the same header and rows, numbers as numbers; a province's
            # joined tables alone are not in a workbook (generator/model/pages.Download)
            found = _sheet_of(unit, site, resource)
            if found is None:
                assert resource["path"].startswith("du-lieu-mo/"), resource["path"]
                continue
            book, sheet = found
            cells = list(openpyxl.load_workbook(folder / book)[sheet].values)
            assert list(cells[0]) == written[0]
            assert [[_xlsx_as_json(v) for v in row] for row in cells[1:]] == keyed[1:]
            compared += 1
    assert compared >= 300


def _json_schema(unit, site, csv_resource) -> dict:
    json_path = csv_resource["path"].removesuffix(".csv") + ".json"
    return next(r for r in _package(site, unit)["resources"] if r["path"] == json_path)["schema"]


def _sheet_of(unit, site, csv_resource) -> tuple[str, str] | None:
    name = csv_resource["name"].removesuffix("-csv") + "-xlsx"
    found = next((r for r in _package(site, unit)["resources"] if r["name"] == name), None)
    return found and (found["path"], found["dialect"]["excel"]["sheet"])


def _xlsx_as_json(value):
    if value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return value


def test_downloaded_figures_equal_the_staff_files(sample_build):
    """A budget year's revenue lines, in the three formats, against each stage's file."""
    result, site = sample_build
    unit = next(u for u in result.tree if u.villages)
    year = "2025"
    doc = page(site, f"{unit.url_path}ngan-sach/{year}")
    folder = site / unit.url_path / "ngan-sach" / year
    written = _csv_rows(folder / download_link(doc, "Thu ngân sách"))
    keyed = json.loads((folder / download_link(doc, "Thu ngân sách", "JSON")).read_bytes())
    book = openpyxl.load_workbook(folder / download_link(doc, "Mọi bảng", "XLSX"))
    sheet = list(book.worksheets[0].values)
    assert len(written) == len(keyed) == len(sheet) > 5
    stages = [d for d in oracle.datasets(unit.folder, "ngan-sach") if d.name.startswith(year)]
    compared = 0
    for stage in stages:
        column = next(i for i, t in enumerate(written[0]) if t.startswith(STAGES[stage.name[5:]]))
        amounts = {
            r["Mã số"]: oracle.vi_number(r["Số tiền (đồng)"])
            for r in oracle.read_csv(stage / "thu.csv")
        }
        for line, as_json, as_xlsx in zip(written[1:], keyed[1:], sheet[1:], strict=True):
            assert Decimal(line[column]) == amounts[line[0]]
            assert as_json[column] == as_xlsx[column] == amounts[line[0]]
            compared += 1
    assert compared > 20


STAGES = {
    "du-toan": "Dự toán",
    "thuc-hien-3-thang": "Thực hiện 3 tháng",
    "thuc-hien-6-thang": "Thực hiện 6 tháng",
    "thuc-hien-9-thang": "Thực hiện 9 tháng",
}


def test_every_digest_on_a_page_is_a_file_it_offers(sample_build):
    """A SHA-256 shown on a page is the digest of a file linked from that page, and every table
    file linked from a dataset page has its digest shown."""
    result, site = sample_build
    checked = 0
    for html in site.rglob("*.html"):
        doc = soup(html)
        article = doc.find("article")
        if article is None:
            continue
        shown = set(DIGEST.findall(article.get_text(" ")))
        linked = {
            a["href"]: (html.parent / a["href"]).resolve()
            for a in article.find_all("a", href=True)
            if a["href"].endswith((".csv", ".json", ".xlsx"))
        }
        assert all(path.is_file() for path in linked.values()), html
        digests = {hashlib.sha256(path.read_bytes()).hexdigest() for path in linked.values()}
        assert shown <= digests, html
        if "Tải dữ liệu" in article.get_text(" "):
            assert digests <= shown, html
            checked += 1
    assert checked >= 100


def test_each_units_data_package_lists_its_files_and_is_valid(sample_build):
    result, site = sample_build
    for unit in result.tree:
        folder = site / unit.url_path
        package = _package(site, unit)
        listed = {r["path"] for r in package["resources"]}
        below = {site / u.url_path for u in result.tree if u.parent == unit.code}
        offered = {
            p.relative_to(folder).as_posix()
            for p in folder.rglob("*")
            if p.suffix in (".csv", ".json", ".xlsx")
            and p.name not in ("search_index.json", "datapackage.json")
            and not any(b in p.parents for b in below)
        }
        assert offered == listed, unit.code
        report = validate(folder / "datapackage.json")
        assert report.valid, (unit.code, report.flatten(["resourceName", "type", "note"])[:5])
        for resource in package["resources"]:
            if "hash" in resource:  # checked by Frictionless too; here, against the bytes
                data = (folder / resource["path"]).read_bytes()
                assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
                assert resource["bytes"] == len(data)


def test_a_workbook_reads_as_a_vietnamese_excel_shows_it(sample_build):
    result, site = sample_build
    unit = next(u for u in result.tree if u.villages)
    book = openpyxl.load_workbook(site / unit.url_path / "ngan-sach" / "2025.xlsx")
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1])
        amounts = [c for c in sheet[2] if isinstance(c.value, int | float)]
        assert amounts and {c.number_format for c in amounts} == {"#,##0"}
    projects = openpyxl.load_workbook(site / unit.url_path / "du-an-dau-tu" / "2025.xlsx")
    dates = [c for s in projects.worksheets for r in s.iter_rows(min_row=2) for c in r if c.is_date]
    assert dates and {c.number_format for c in dates} == {"dd/mm/yyyy"}


def test_negative_counts_and_small_amounts_are_plain_numbers_in_csv():
    from generator.render.downloads import csv_bytes

    table = TableFile(
        "Thử",
        "thu",
        (Column("n", "Số", "integer"), Column("x", "Tỷ lệ", "number")),
        ((-5, Decimal("0.00000012")), (3, Decimal("1699.40"))),
    )
    rows = list(csv.reader(io.StringIO(csv_bytes(table)[3:].decode("utf-8"))))
    assert rows[1:] == [["-5", "0.00000012"], ["3", "1699.40"]]


def test_a_workbook_holds_text_as_text_and_no_clock():
    payloads = ('=HYPERLINK("http://x")', "+1", "@SUM(A1)", "-2+3")
    table = TableFile(
        "Bảng [thử]: a/b",
        "thu",
        (Column("ten", "Tên", "string"), Column("so", "Số tiền", "integer")),
        tuple((p, Decimal(1_234_567)) for p in payloads),
    )
    data = xlsx_bytes([Sheet("Bảng thử", table)])
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Bảng thử"]
    assert [c.value for c in sheet["A"][1:]] == list(payloads)
    assert {c.data_type for c in sheet["A"][1:]} == {"s"}  # never a formula
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z" in core and str(dt.date.today().year) not in core


@pytest.mark.parametrize("title", ["Một bảng có tên rất dài hơn ba mươi mốt chữ cái", "a:b"])
def test_sheet_names_fit_excel(title):
    from generator.render.downloads import _sheet_name

    taken: set[str] = set()
    first, second = _sheet_name(title, taken), _sheet_name(title, taken)
    for name in (first, second):
        assert len(name) <= 31 and not set(name) & set("[]:*?/\\")
    assert first != second
