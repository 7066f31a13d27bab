"""The household list's filter box (theme_overrides/assets/javascripts/congkhai.js): typed words
match names, categories and villages whatever their case and diacritics. Its matching runs under
Node; the whole box, on a built list page's tables, in headless Chromium."""

from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata
from pathlib import Path

from bs4 import BeautifulSoup

from tests.pages import in_browser, row_groups, table_after

SCRIPT = (
    Path(__file__).resolve().parent.parent
    / "theme_overrides"
    / "assets"
    / "javascripts"
    / "congkhai.js"
)


def run_filter(calls: list[list[str]]) -> list:
    node = shutil.which("node") or shutil.which("nodejs")
    assert node, "Node.js is needed to test the list filter (apt install nodejs)"
    program = (
        f"const f = require({json.dumps(str(SCRIPT))});"
        f"console.log(JSON.stringify({json.dumps(calls)}.map(([fn, ...args]) => f[fn](...args))));"
    )
    done = subprocess.run([node, "-e", program], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_typed_words_match_whatever_the_diacritics():
    row = run_filter([["fold", "Thôn Đông Hưng Nguyễn Văn Đức 4 Hộ nghèo"]])[0]
    assert row == "thon dong hung nguyen van duc 4 ho ngheo"
    cases = [
        ("nguyen van", True),
        ("NGUYỄN ĐỨC", True),
        ("duc dong", True),
        ("đức hưng", True),
        ("ngu va", True),
        ("van an", False),
        ("nguyen binh", False),
        ("   ", True),
    ]
    results = run_filter([["matches", typed, row] for typed, _ in cases])
    assert results == [expected for _, expected in cases]


def folded(text: str) -> str:
    """What a citizen types on a phone without Vietnamese input: no diacritics, lower case."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "D").lower()


def typed_in_browser(article: str, script: Path, typed: str, folder: Path) -> BeautifulSoup:
    """The list page's article and the site's script in headless Chromium, `typed` in the box:
    the page as the browser then holds it."""
    harness = folder / "list.html"
    harness.write_text(
        f'<!doctype html><html lang="vi"><meta charset="utf-8"><body>{article}'
        f'<script src="{script.as_uri()}"></script>'
        '<script>var box = document.querySelector(".ck-filter input"); '
        f"box.value = {json.dumps(typed)};"
        f'box.dispatchEvent(new Event("input"));</script></body></html>',
        encoding="utf-8",
    )
    return in_browser(harness.as_uri(), folder)


def shown(element) -> bool:
    return element.get("hidden") is None


def test_typing_a_name_leaves_that_household_its_category_and_its_village(sample_build, tmp_path):
    result, site = sample_build
    unit = next(u for u in result.tree if len(u.villages) >= 3)
    listing = sorted((site / unit.url_path / "ho-ngheo").glob("danh-sach-*/index.html"))[-1]
    built = BeautifulSoup(listing.read_text(encoding="utf-8"), "lxml")
    article = str(built.select_one("article"))
    script = site / "_theme" / "assets" / "javascripts" / "congkhai.js"
    village = unit.villages[1].name
    groups = row_groups(table_after(built, village))
    near_poor = groups[next(h for h in groups if h.startswith("Hộ cận nghèo"))]
    names = [
        row[1]
        for table in built.select("table[data-ck-list]")
        for members in row_groups(table).values()
        for row in members
    ]
    # a name no other in the commune contains ("Nguyễn Thị Anh" would also find
    # "Nguyễn Thị Bích Anh")
    wanted = next(
        row[1]
        for row in near_poor
        if sum(
            all(f" {w}" in f" {folded(other)}" for w in folded(row[1]).split()) for other in names
        )
        == 1
    )

    doc = typed_in_browser(article, script, folded(wanted), tmp_path)
    visible = [
        tr
        for tr in doc.select("table[data-ck-list] tbody tr")
        if shown(tr) and shown(tr.find_parent("table"))
    ]
    assert [tr.get_text("|", strip=True) for tr in visible] == [
        next(h for h in groups if h.startswith("Hộ cận nghèo")),
        "|".join(c for c in next(r for r in near_poor if r[1] == wanted) if c),
    ]
    assert [h.get_text(strip=True) for h in doc.select("article h2") if shown(h)] == [village]
    assert doc.select_one(".ck-filter output").get_text() == "Có 1 hộ phù hợp."

    # a category and a village, typed without diacritics: that village's near-poor households
    doc = typed_in_browser(article, script, folded(f"cận nghèo {village}"), tmp_path)
    visible = [
        tr
        for tr in doc.select("table[data-ck-list] tbody tr td:nth-of-type(2)")
        if shown(tr.parent) and shown(tr.find_parent("table"))
    ]
    assert [td.get_text(strip=True) for td in visible] == [row[1] for row in near_poor]
    assert doc.select_one(".ck-filter output").get_text() == f"Có {len(near_poor)} hộ phù hợp."
