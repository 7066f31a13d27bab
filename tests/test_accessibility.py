"""Every kind of page as a reader with a phone or a screen reader meets it: axe-core's WCAG 2.1 A
and AA rules in headless Chromium at 375 and 1280 pixels wide (no critical or serious
violation), and tables at 375 pixels: a household list shows every column, any other table too
wide for the screen scrolls in a frame with its first column and header row kept in view."""

from __future__ import annotations

import json
import time

import pytest

from tests.axe_core import SCRIPT, fetch
from tests.pages import DrivenBrowser

COMMUNE = "tinh-binh-son/huyen-an-lac/xa-an-dinh/"
PROVINCE = "tinh-binh-son/"
# One page of each kind: homes, a section's index, each kind's dataset page, a household list,
# the posting pages, rollups, the open data and its dictionary, the province's former units (the
# 2025 reform), the shared pages, the tree's top page and the 404 page.
PAGES = [
    "",
    "404.html",
    PROVINCE,
    f"{PROVINCE}ho-ngheo/tong-hop-2025/",
    f"{PROVINCE}ngan-sach/tong-hop-2025/",
    f"{PROVINCE}cai-cach-hanh-chinh/2025/",
    f"{PROVINCE}cai-cach-hanh-chinh/tong-hop-2025/",
    f"{PROVINCE}du-lieu-mo/",
    f"{PROVINCE}du-lieu-mo/tu-dien-du-lieu/",
    f"{PROVINCE}sap-xep-don-vi/",
    COMMUNE,
    f"{COMMUNE}ngan-sach/",
    f"{COMMUNE}ngan-sach/2025/",
    f"{COMMUNE}ho-ngheo/2025/",
    f"{COMMUNE}ho-ngheo/danh-sach-2025/",
    f"{COMMUNE}dat-dai/2025/",
    f"{COMMUNE}cai-cach-hanh-chinh/2025/",
    f"{COMMUNE}dong-gop/2025/",
    f"{COMMUNE}du-an-dau-tu/2025/",
    f"{COMMUNE}giam-sat/2025/",
    f"{COMMUNE}phi-le-phi/2025/",
    f"{COMMUNE}cong-khai/",
    f"{COMMUNE}cong-khai/so-theo-doi-2025-quy-1/",
    f"{COMMUNE}lien-he/",
]
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_RUN = (
    "axe.run(document, {runOnly: {type: 'tag', values: " + json.dumps(RULES) + "}})"
    ".then(r => JSON.stringify(r.violations"
    ".filter(v => ['critical', 'serious'].includes(v.impact))"
    ".map(v => [v.id, v.impact, v.nodes.slice(0, 3).map(n => n.target.join(' '))])))"
)
# Each table's frame at the width shown: how wide it is against its content, whether its first
# column and header stay in view, whether a keyboard can reach it.
TABLES = """JSON.stringify([...document.querySelectorAll('article table')].map(t => {
  const frame = t.closest('.md-typeset__scrollwrap');
  const first = t.querySelector('tbody tr > :first-child');
  const head = t.querySelector('thead th');
  return {
    list: t.hasAttribute('data-ck-list'),
    wide: !!frame && frame.scrollWidth > frame.clientWidth + 1,
    fits: t.getBoundingClientRect().right <= document.documentElement.clientWidth + 1,
    sticky: !!first && getComputedStyle(first).position === 'sticky'
      && (!head || getComputedStyle(head).position === 'sticky'),
    reachable: !!frame && frame.tabIndex === 0 && !!frame.getAttribute('aria-label'),
  };
}))"""


@pytest.fixture(scope="module")
def browser(served_small_country):
    fetch()  # set up by make test; fetched here only when the suite runs without it
    _, _, folder = served_small_country
    driven = DrivenBrowser(folder)
    yield driven
    driven.close()


def shown(browser, base: str, path: str, width: int) -> None:
    """Open `path` at `width` pixels and wait until the page and the theme's script are done."""
    browser.open("about:blank")
    browser.call(
        "Emulation.setDeviceMetricsOverride",
        width=width,
        height=800,
        deviceScaleFactor=1,
        mobile=width < 500,
    )
    browser.open(base + path)
    browser.wait_for(
        "document.readyState === 'complete' && !!document.querySelector('.md-content')"
    )
    time.sleep(0.2)  # the load handlers (the tables' frames) have run


@pytest.mark.parametrize("width", [375, 1280])
def test_every_kind_of_page_meets_wcag_21_aa(browser, served_small_country, width):
    site, base, _ = served_small_country
    engine = SCRIPT.read_text(encoding="utf-8")
    found = {}
    for path in PAGES:
        assert (site / path / "index.html").is_file() or (site / path).is_file(), path
        shown(browser, base, path, width)
        browser.value(engine)
        done = browser.call("Runtime.evaluate", expression=AXE_RUN, awaitPromise=True)
        violations = json.loads(done["result"]["value"])
        if violations:
            found[path] = violations
    assert not found, found


def test_the_open_search_dialog_has_a_name(browser, served_small_country):
    _, base, _ = served_small_country
    shown(browser, base, COMMUNE, 375)
    # the search button of the header, as a tap on it opens the dialog
    browser.value("document.querySelector('label.md-header__button[for=__search]').click()")
    browser.wait_for("getComputedStyle(document.querySelector('.md-search__inner')).opacity == 1")
    browser.value("document.querySelector('.md-search__input').focus()")
    browser.call("Input.insertText", text="ngân sách")
    browser.wait_for("document.querySelectorAll('.md-search-result__item').length > 0")
    time.sleep(0.5)  # the results have faded in
    browser.value(SCRIPT.read_text(encoding="utf-8"))
    done = browser.call("Runtime.evaluate", expression=AXE_RUN, awaitPromise=True)
    assert json.loads(done["result"]["value"]) == []
    named = browser.value(
        "[document.querySelector('.md-search[role=dialog]').getAttribute('aria-label'),"
        " document.querySelector('.md-search__input').getAttribute('aria-label')]"
    )
    assert all(name and name.strip() for name in named), named


def test_tables_on_a_phone_keep_every_column_in_reach(browser, served_small_country):
    _, base, _ = served_small_country
    lists = wide = 0
    for path in PAGES:
        shown(browser, base, path, 375)
        for table in json.loads(browser.value(TABLES)):
            if table["list"]:  # a household list: every column on the screen, no scrolling
                assert table["fits"] and not table["wide"], (path, table)
                lists += 1
            elif table["wide"]:  # wider than the screen: the row's name and header stay
                assert table["sticky"] and table["reachable"], (path, table)
                wide += 1
    assert lists >= 1 and wide >= 5  # the sample's budget, land and rollup tables are wide
