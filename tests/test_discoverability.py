"""What search engines are offered: every page in the sitemaps when the tree's address is known,
a robots.txt at the top, and the household lists kept out (noindex, out of the sitemap, their CSV
files not crawled), as the page itself tells its readers."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from tests.conftest import ADDRESSED_SITE_URL as SITE_URL
from tests.pages import site_pages

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def addressed(addressed_small_country):
    result, out = addressed_small_country
    return result, out / "site"


def test_every_page_but_the_household_lists_is_in_a_sitemap_of_the_index(addressed):
    result, site = addressed
    index = ET.parse(site / "sitemap-index.xml").getroot()
    sitemaps = [loc.text for loc in index.findall("s:sitemap/s:loc", NS)]
    assert sitemaps == [f"{SITE_URL}sitemap.xml"] + [
        f"{SITE_URL}{unit.url_path}sitemap.xml" for unit in result.tree
    ]
    listed = set()
    for url in sitemaps:
        path = site / url.removeprefix(SITE_URL)
        listed |= {loc.text for loc in ET.parse(path).getroot().findall("s:url/s:loc", NS)}
    pages = {
        SITE_URL + page.parent.relative_to(site).as_posix() + "/"
        for page in site_pages(site, "index.html")
        if page.parent != site
    } | {SITE_URL}
    lists = {url for url in pages if re.search(r"/ho-ngheo/danh-sach-\d{4}/$", url)}
    assert lists, "the small country has household lists"
    assert listed == pages - lists


def test_household_lists_say_noindex_and_why(addressed):
    result, site = addressed
    commune = next(u for u in result.tree if u.is_leaf)
    for path in (site / commune.url_path / "ho-ngheo").glob("danh-sach-*/index.html"):
        doc = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        assert doc.find("meta", attrs={"name": "robots"})["content"] == "noindex"
        text = " ".join(doc.find("article").get_text(" ").split())
        assert "không cho các máy tìm kiếm (như Google) đưa vào kết quả tìm kiếm" in text
    figures = BeautifulSoup(
        (site / commune.url_path / "ho-ngheo" / "index.html").read_text(encoding="utf-8"), "lxml"
    )
    assert figures.find("meta", attrs={"name": "robots"}) is None


def test_robots_txt_keeps_crawlers_off_the_household_files_and_names_the_sitemaps(addressed):
    result, site = addressed
    rules = (site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in rules and f"Sitemap: {SITE_URL}sitemap-index.xml" in rules
    disallowed = [r.split(": ", 1)[1] for r in rules if r.startswith("Disallow:")]
    assert disallowed == ["/*-danh-sach.", "/*search/search_index.json"]
    # a rule matches the paths it begins (RFC 9309), "*" standing for any letters
    patterns = [re.compile(".*".join(map(re.escape, rule.split("*")))) for rule in disallowed]

    def kept_off(path) -> bool:
        return any(p.match("/" + path.relative_to(site).as_posix()) for p in patterns)

    # the files holding household names: the lists, and each unit's search index (its names)
    names = list(site.rglob("*-danh-sach.*")) + list(site.rglob("search_index.json"))
    assert {p.suffix for p in names} == {".csv", ".json", ".xlsx"}
    assert all(kept_off(p) for p in names)
    others = [p for p in site.rglob("*") if p.is_file() and p not in names]
    assert others and not any(kept_off(p) for p in others)
