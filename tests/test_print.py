"""Printed notices: dataset pages printed to PDF by headless Chromium (A4, as a clerk prints them
for the notice board) and read back with pdftotext (Debian's poppler-utils)."""

from __future__ import annotations

import hashlib
import math
import re
import shutil
import subprocess

import pytest
from bs4 import BeautifulSoup

from generator.render.printing import qr_svg
from tests.conftest import ADDRESSED_SITE_URL as SITE_URL
from tests.pages import chromium, in_browser

COMMUNE = "tinh-binh-son/huyen-an-lac/xa-an-dinh/"
# A4 holds about 40 table rows in landscape at the print size: 100 rows may take 3 pages.
PAGES_PER_100_ROWS = 4
CHROME = ("Tìm kiếm", "Đang chuẩn bị tìm kiếm", "Lên đầu trang", "Bản in niêm yết", "Gõ tên")


@pytest.fixture
def served(served_small_country):
    return served_small_country


def printed(url: str, folder) -> list[str]:
    """The page at `url` printed by headless Chromium: each PDF page's text."""
    assert shutil.which("pdftotext"), "pdftotext is needed to read printed pages (poppler-utils)"
    pdf = folder / "page.pdf"
    pdf.unlink(missing_ok=True)
    chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", url, folder=folder)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1]


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def printed_cell(text: str, whole: str) -> bool:
    """Whether a cell's words are on the paper, in order: a header wrapped over lines comes out
    of pdftotext with its neighbours' lines between its own."""
    words = [re.escape(w) for w in text.split()]
    return bool(re.search(".{0,300}?".join(words), whole, re.S))


@pytest.mark.parametrize("section", ["dong-gop/2025/", "cai-cach-hanh-chinh/2025/"])
def test_tables_of_eleven_columns_print_whole(served, section):
    """Contributions and reform results have tables of 11 columns: landscape, nothing cut."""
    site, base, folder = served
    path = COMMUNE + section
    doc = BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "lxml")
    tables = doc.find("article").find_all("table")
    assert max(len(t.thead.find_all("th")) for t in tables) >= 11
    whole = "".join(printed(base + path, folder))
    for table in tables:
        for cell in table.thead.find_all("th") + (
            table.tfoot.find_all(["td", "th"]) if table.tfoot else []
        ):
            assert printed_cell(cell.get_text(), whole), (section, cell.get_text())


def test_a_budget_year_prints_every_column_and_total_once(served):
    site, base, folder = served
    path = f"{COMMUNE}ngan-sach/2025/"
    article = BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "lxml")
    tables = article.find("article").find_all("table")
    pages = printed(base + path, folder)
    whole = squeezed("".join(pages))

    headers = {th.get_text(" ", strip=True) for t in tables for th in t.thead.find_all("th")}
    assert len(headers) > 8
    missing = [h for h in headers if not printed_cell(h, "".join(pages))]
    assert not missing, missing
    totals = [t.tfoot.find_all(["td", "th"]) for t in tables if t.tfoot]
    assert totals
    for cells in totals:
        for cell in cells:
            assert squeezed(cell.get_text()) in whole, cell
    # the total row once per table: not again at each page's foot
    assert whole.count("Tổngcộng") == len(totals)

    # the charts print, their labels as text
    for chart in article.select("figure.ck-chart"):
        assert squeezed(chart.find("title").get_text()) in whole
        for label in chart.find_all("text", attrs={"data-series": True}):
            assert squeezed(label.get_text()) in whole

    first = pages[0].casefold()
    assert "xã an định" in first and "cộng hòa xã hội chủ nghĩa việt nam" in first
    # the notice's decision and posting dates, shown on paper only
    assert "văn bản phê duyệt" in first and "niêm yết từ ngày" in first
    assert "dữ liệu mẫu" in first  # sample data says so on paper too
    assert "ngân sách năm 2025" in first
    for words in CHROME:
        assert squeezed(words) not in whole, words
    rows = sum(len(t.tbody.find_all("tr")) for t in tables if t.tbody)
    # a chart 80 mm wide with its heading and caption: up to two thirds of a page (the structure
    # charts' small tables are counted in the rows)
    charts = len(article.select("figure.ck-chart"))
    bound = 2 + math.ceil(rows / 100 * PAGES_PER_100_ROWS) + math.ceil(charts * 2 / 3)
    assert charts == 5 and len(pages) <= bound, (len(pages), rows, charts)
    assert squeezed(f"Trang 1/{len(pages)}") in squeezed(pages[0])
    assert squeezed(f"{SITE_URL}{path}") in squeezed(pages[-1])


def test_a_printed_notice_ends_with_its_address_qr_code_and_the_digest_of_each_download(served):
    site, base, folder = served
    path = f"{COMMUNE}ho-ngheo/2025/"
    html = (site / path / "index.html").read_text(encoding="utf-8")
    doc = BeautifulSoup(html, "lxml")
    qr = doc.find("img", class_="ck-qr")
    assert (site / path / qr["src"]).read_bytes() == qr_svg(SITE_URL + path)
    listed = {
        li.get_text().split(": ")[0]: li.get_text().split(": ")[1]
        for li in doc.select(".ck-print-foot li")
    }
    downloads = {
        a["href"].rsplit("/", 1)[-1]
        for a in doc.find("article").find_all("a", href=True)
        if a["href"].endswith(".csv")
    }
    assert listed and set(listed) == downloads
    for name, digest in listed.items():
        assert hashlib.sha256((site / path / ".." / name).read_bytes()).hexdigest() == digest
    whole = squeezed("".join(printed(base + path, folder)))
    assert all(digest in whole for digest in listed.values())
    for words in CHROME:
        assert squeezed(words) not in whole, words


def test_the_household_list_prints_without_its_filter_box(served):
    site, base, folder = served
    path = f"{COMMUNE}ho-ngheo/danh-sach-2025/"
    pages = printed(base + path, folder)
    whole = squeezed("".join(pages))
    doc = BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "lxml")
    rows = [r.find_all("td") for r in doc.select("table[data-ck-list] tbody tr")]
    names = [cells[1].get_text() for cells in rows if cells]
    assert names and all(squeezed(n) in whole for n in names)
    for words in CHROME:
        assert squeezed(words) not in whole, words
    assert "xãanđịnh" in squeezed(pages[0].casefold())


def test_the_print_button_is_shown_by_the_script_only(served):
    site, base, folder = served
    path = f"{COMMUNE}ho-ngheo/2025/"
    served_page = BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "lxml")
    assert served_page.select_one(".ck-print-button").has_attr("hidden")  # without scripts
    shown = in_browser(base + path, folder).select_one(".ck-print-button")
    assert not shown.has_attr("hidden")
    assert shown.button.get_text(strip=True) == "Bản in niêm yết"
