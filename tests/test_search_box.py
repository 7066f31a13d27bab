"""The search box as a reader uses it: words typed into the real box in headless Chromium (the
theme's script, its search worker and this project's Vietnamese folding), results read from
the page."""

from __future__ import annotations

import pytest

from tests.pages import DrivenBrowser

COMMUNE = "tinh-binh-son/huyen-an-lac/xa-an-dinh/"
RESULTS = """(() => {
  const links = [...document.querySelectorAll(".md-search-result__item > a")];
  return links.length ? links.map(a => new URL(a.href).pathname + new URL(a.href).hash) : null;
})()"""


@pytest.fixture(scope="module")
def browser(served_small_country):
    _, _, folder = served_small_country
    driven = DrivenBrowser(folder)
    yield driven
    driven.close()


def typed(browser, served, unit: str, words: str) -> list[str]:
    """The addresses of the results shown once `words` are typed on `unit`'s home page."""
    _, base, _ = served
    browser.open(f"{base}{unit}")
    browser.wait_for(
        "document.readyState === 'complete' && !!document.querySelector('.md-search__input')"
    )
    browser.value("document.querySelector('.md-search__input').focus()")
    browser.call("Input.insertText", text=words)
    return browser.wait_for(RESULTS)


def test_a_name_typed_without_marks_finds_the_household_list_first(browser, served_small_country):
    found = typed(browser, served_small_country, COMMUNE, "nguyen")
    assert f"/{COMMUNE}ho-ngheo/danh-sach-" in found[0], found[:3]


def test_with_and_without_diacritics_the_same_results(browser, served_small_country):
    marked = typed(browser, served_small_country, COMMUNE, "Vũ Mỹ An")
    bare = typed(browser, served_small_country, COMMUNE, "vu my an")
    assert marked and marked[:5] == bare[:5], (marked[:5], bare[:5])
    assert any("/ho-ngheo/danh-sach-" in address for address in marked[:5])


def test_a_communes_name_typed_on_its_province_site_finds_it(browser, served_small_country):
    found = typed(browser, served_small_country, "tinh-binh-son/", "an dinh")
    assert found[0] == f"/{COMMUNE}", found[:5]


def test_a_communes_page_typed_on_its_province_site_is_found(browser, served_small_country):
    found = typed(browser, served_small_country, "tinh-binh-son/", "ngan sach an dinh")
    assert "/huyen-an-lac/xa-an-dinh/ngan-sach/" in found[0], found[:3]
