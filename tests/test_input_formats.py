"""The same table saved as Windows-1258 CSV, UTF-8 CSV with BOM, or .xlsx with title rows loads to
the same data and gives the same pages as the sample's UTF-8 CSV."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook

from generator.input.tables import read_table
from generator.kinds.registry import all_kinds
from generator.model.problems import Problems
from tests.conftest import build
from tests.oracle import cp1258
from tests.pages import soup


def write_variant(source, variant):
    text = source.read_text(encoding="utf-8")
    source.unlink()
    if variant == "cp1258":
        source.write_bytes(cp1258(text.replace("\n", "\r\n")))
        return source
    if variant == "utf8-bom":
        source.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
        return source
    if variant == "semicolon":
        rows = list(csv.reader(io.StringIO(text)))
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=";").writerows(rows)
        source.write_text(buffer.getvalue(), encoding="utf-8")
        return source
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách hộ"
    sheet.append(["ỦY BAN NHÂN DÂN XÃ", None, None])
    sheet.append(["DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO"])
    sheet.append([])
    for row in csv.reader(io.StringIO(text)):
        sheet.append([int(c) if c.isdigit() else c for c in row])
    target = source.with_suffix(".xlsx")
    book.save(target)
    return target


def household_schema():
    kind = next(k for k in all_kinds() if k.name == "poverty")
    return kind.schema.tables["households"]


def article_without_sources(path):
    article = soup(path).find("article")
    for details in article.find_all("details"):
        details.decompose()
    return str(article)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    from tests.conftest import SAMPLE_DATA

    out = tmp_path_factory.mktemp("baseline")
    result = build(SAMPLE_DATA, out, jobs=1)
    unit = next(u for u in result.tree if u.villages)
    listing = sorted((unit.folder / "ho-ngheo").glob("*/danh-sach.csv"))[-1]
    rows = read_table(listing, household_schema(), Problems(), "x").rows
    page = out / "site" / unit.url_path / "ho-ngheo" / listing.parent.name / "index.html"
    return unit, listing, rows, article_without_sources(page)


@pytest.mark.parametrize("variant", ["cp1258", "utf8-bom", "semicolon", "xlsx-with-title-rows"])
def test_same_table_in_other_formats_gives_same_data_and_pages(
    baseline, small_country, tmp_path, variant
):
    unit, listing, rows, page = baseline
    from tests.conftest import SAMPLE_DATA

    copied = small_country / listing.relative_to(SAMPLE_DATA)
    target = write_variant(copied, variant)
    if variant == "cp1258":
        raw = target.read_bytes()
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
    problems = Problems()
    loaded = read_table(target, household_schema(), problems, "x")
    assert not problems.items
    assert loaded.rows == rows
    if variant.startswith("xlsx"):
        assert loaded.line_numbers[0] == 5  # the spreadsheet's own row number, after the title rows
    result = build(small_country, tmp_path, jobs=1, only=unit.code)
    assert result.ok, result.failed
    built = tmp_path / "site" / unit.url_path / "ho-ngheo" / listing.parent.name / "index.html"
    assert article_without_sources(built) == page
