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
