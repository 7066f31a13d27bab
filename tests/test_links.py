"""Every link a page's article makes inside the published tree leads to a file that is there.

Links written as HTML (render/html_blocks.py) are final URLs that MkDocs does not check, as it
checks the Markdown links it rewrites: this walks all of them in the built sample."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from tests.pages import site_pages

_ELSEWHERE = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.I)  # mailto:, https:, //host


def _target(page, href: str):
    path = unquote(urlsplit(href).path)
    if not path:  # an anchor on the page itself
        return page
    target = (page.parent / path).resolve()
    return target / "index.html" if target.is_dir() else target


def test_every_link_in_every_article_leads_to_a_published_file(sample_build):
    _, site = sample_build
    root = site.resolve()
    checked, broken = 0, []
    for page in site_pages(site, "index.html"):
        article = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find("article")
        if article is None:
            continue
        for link in article.find_all("a", href=True):
            href = link["href"]
            if _ELSEWHERE.match(href):
                continue
            target = _target(page.resolve(), href)
            checked += 1
            if not target.is_relative_to(root) or not target.is_file():
                broken.append(f"{page.relative_to(site)}: {href}")
            elif "#" in href and target.suffix == ".html" and (anchor := href.split("#", 1)[1]):
                if f'id="{anchor}"' not in target.read_text(encoding="utf-8"):
                    broken.append(f"{page.relative_to(site)}: {href} (no such anchor)")
    assert checked > 1000
    assert not broken, broken[:20]


def test_a_failed_commune_never_published_is_linked_to_a_page_saying_why(
    small_country_with_sibling, tmp_path
):
    """The units above list and link every commune; one whose data has never passed its checks
    has a page at each address they link to, saying so, where a «not found» was (the review's
    attack): every link of every page leads to a file."""
    from tests.conftest import build

    counts = sorted(small_country_with_sibling.rglob("ho-ngheo/2025/so-ho-theo-thon.csv"))[0]
    counts.write_text(counts.read_text(encoding="utf-8-sig") + "T99,abc\n", encoding="utf-8")
    result = build(small_country_with_sibling, tmp_path / "out")
    code = next(iter(result.failed))
    assert code not in result.kept
    site = (tmp_path / "out" / "site").resolve()
    unit = result.tree.units[code]
    home = (site / unit.url_path / "index.html").read_text(encoding="utf-8")
    assert f"Trang công khai của {unit.title} chưa được đăng" in home
    broken = []
    for page in site_pages(site, "index.html"):
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for link in doc.select("article a[href], body > p a[href]"):
            href = link["href"]
            if _ELSEWHERE.match(href):
                continue
            target = _target(page.resolve(), href)
            if not target.is_relative_to(site) or not target.is_file():
                broken.append(f"{page.relative_to(site)}: {href}")
    assert not broken, broken[:20]
    # built again still failing: its page is no published page of its own to keep, nor a sign
    # that it moved (the review's case)
    again = build(small_country_with_sibling, tmp_path / "out")
    assert code in again.failed and code not in again.kept
    assert not [p for p in again.failed[code] if "chuyển sang cấp" in str(p)], again.failed[code]
    assert f"Trang công khai của {unit.title} chưa được đăng" in (
        site / unit.url_path / "index.html"
    ).read_text(encoding="utf-8")
    # the next build after the fix puts the commune's own pages there
    counts.write_text(counts.read_text(encoding="utf-8").replace("T99,abc\n", ""), encoding="utf-8")
    assert build(small_country_with_sibling, tmp_path / "out").ok
    home = (site / unit.url_path / "index.html").read_text(encoding="utf-8")
    assert "chưa được đăng" not in home and "md-content" in home
