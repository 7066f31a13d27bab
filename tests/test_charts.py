"""Charts as a reader and a screen reader meet them: every figure a chart shows equals the table
beside it (both read from the built page), each has a title and a one-sentence summary, its
colours are readable on white, and it prints."""

from __future__ import annotations

import re
from decimal import Decimal

from bs4 import BeautifulSoup

from generator.model.charts import Bar, BarChart, highest_and_lowest
from generator.render.charts import PALETTE, TEXT, WIDTH, bar_chart
from tests.pages import soup

ALLOWED = {"svg", "title", "desc", "g", "rect", "text"}


def _cells(row) -> list[str]:
    return [c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])]


def test_every_chart_shows_the_figures_of_the_table_beside_it(sample_build):
    _, site = sample_build
    charted: dict[str, int] = {}
    for html in site.rglob("*.html"):
        article = soup(html).find("article")
        for figure in article.select("figure.ck-chart") if article else []:
            table = figure.find_next("table")
            header = _cells(table.find("thead").find("tr"))
            rows = [_cells(r) for r in table.find_all("tr")[1:]]
            for group in figure.find_all("g", attrs={"data-category": True}):
                category = group["data-category"]
                row = next((r for r in rows if category in r), None)
                assert row is not None, (html, category)
                for label in group.find_all("text", attrs={"data-series": True}):
                    column = header.index(label["data-series"])
                    assert label.get_text() == row[column], (html, category, label)
                    charted[html.parent.parent.name] = charted.get(html.parent.parent.name, 0) + 1
    # the budget (execution, groups, structure), poverty (villages, movement, communes
    # compared), land and reform (by period) charts
    assert {"ngan-sach", "ho-ngheo", "dat-dai", "cai-cach-hanh-chinh"} <= set(charted), charted
    assert sum(charted.values()) > 200


def test_every_chart_has_a_title_a_summary_and_nothing_active(sample_build):
    _, site = sample_build
    seen = 0
    for html in site.rglob("*.html"):
        doc = soup(html)
        for figure in doc.select("article figure.ck-chart"):
            svg = figure.find("svg")
            assert svg["role"] == "img"
            named = [doc.find(id=i) for i in svg["aria-labelledby"].split()]
            assert [n.name for n in named] == ["title", "desc"], html
            title, summary = (n.get_text() for n in named)
            caption = figure.find("figcaption").get_text(" ", strip=True)
            assert caption == f"{title} {summary}"
            assert summary.endswith(".") and len(summary) > 20, summary
            assert {t.name for t in svg.find_all(True)} | {"svg"} <= ALLOWED
            assert not [a for t in svg.find_all(True) for a in t.attrs if "href" in a]
            seen += 1
    assert seen > 30


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def test_chart_colours_read_on_white_as_text_must():
    """Value labels are written in their series' colour: WCAG's 4.5:1 for text, on white."""
    for colour in (*PALETTE, TEXT):
        assert (1.05) / (_luminance(colour) + 0.05) >= 4.5, colour


def test_bars_are_as_long_as_their_values_and_a_missing_value_says_so():
    chart = BarChart(
        "Thử",
        "Câu tóm tắt.",
        ("A", "B"),
        (Bar("Một", (Decimal(50), Decimal(100))), Bar("Hai <b>", (Decimal(25), None))),
    )
    drawn = BeautifulSoup(str(bar_chart(chart)), "lxml")
    widths = [float(r["width"]) for r in drawn.select("g rect")]
    assert widths[1] == widths[0] * 2 == widths[2] * 4 and max(widths) < WIDTH
    second = drawn.find("g", attrs={"data-category": "Hai <b>"})  # escaped, not markup
    assert [t.get_text() for t in second.find_all("text", attrs={"data-series": True})] == [
        "25",
        "—",
    ]
    assert len(second.find_all("rect")) == 1
    assert "<b>" not in str(bar_chart(chart)).replace("&lt;b&gt;", "")


def test_a_summary_names_the_highest_and_the_lowest():
    bars = [Bar("Thôn 1", (Decimal("0.02"),)), Bar("Thôn 2", (Decimal("0.05"),))]
    sentence = highest_and_lowest(bars, lambda v: f"{v}", "tỷ lệ")
    assert re.fullmatch(
        r"Thôn 2 có tỷ lệ cao nhất \(0\.05\), Thôn 1 thấp nhất \(0\.02\)\.", sentence
    )


def test_each_kind_of_chart_the_issue_names_is_drawn(sample_build):
    """Budget execution and structure, poverty by village, movement and communes, land groups,
    on-time rates by period and by year, communes compared on the rollups: each drawn somewhere
    in the sample."""
    _, site = sample_build
    titles = {
        figure.find("strong").get_text()
        for html in site.rglob("*.html")
        for figure in soup(html).select("article figure.ck-chart")
    }
    for start in (
        "Thu, chi so với dự toán",
        "Cơ cấu thu ngân sách",
        "Cơ cấu chi ngân sách",
        "Tỷ lệ hộ nghèo, hộ cận nghèo theo",
        "Hộ vào, ra danh sách hộ nghèo",
        "Tỷ lệ hộ nghèo của các đơn vị cấp xã",
        "Tỷ lệ đúng hạn của các đơn vị cấp xã",
        "Tổng số thu của các đơn vị cấp xã",
        "Tổng giá trị đã thu của các đơn vị cấp xã",
        "Tỷ lệ đã giải quyết của các đơn vị cấp xã",
        "Tỷ lệ giải quyết trước và đúng hạn, tỷ lệ nộp trực tuyến theo kỳ",
        "Tỷ lệ hồ sơ giải quyết trước và đúng hạn, tỷ lệ nộp trực tuyến qua các năm",
    ):
        assert any(t.startswith(start) for t in titles), (start, sorted(titles)[:20])
