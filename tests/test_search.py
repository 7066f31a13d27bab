"""Site search (Material's search worker, run under Node as a browser runs it): words typed
without diacritics, as on many phones, find what the same words with diacritics find."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import material

from tests import oracle
from tests.test_list_filter import folded

HARNESS = Path(__file__).resolve().parent / "search_worker.js"
MATERIAL_LUNR = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "lunr"


def search(
    site: Path, unit_path: str, queries: list[str], lunr: Path | None = None
) -> dict[str, list[dict]]:
    node = shutil.which("node") or shutil.which("nodejs")
    assert node, "Node.js is needed to run the search worker (apt install nodejs)"
    scripts = site / "_theme" / "assets" / "javascripts"
    worker = next((scripts / "workers").glob("search.*.min.js"))
    index = site / unit_path / "search" / "search_index.json"
    done = subprocess.run(
        [node, str(HARNESS), str(worker), str(lunr or scripts / "lunr"), str(index), *queries],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(done.stdout)


def locations(items: list[dict]) -> set[str]:
    return {item["location"] for item in items}


def test_words_typed_without_diacritics_find_the_same_pages(sample_build):
    result, site = sample_build
    unit = next(u for u in result.tree if u.is_leaf and u.villages)
    pairs = [
        ("chênh lệch", "chenh lech"),
        ("tiếp công dân", "tiep cong dan"),
        ("hộ nghèo", "ho ngheo"),
        ("Quyết toán", "quyet toan"),
        ("đất nông nghiệp", "dat nong nghiep"),
        ("trễ hạn", "tre han"),
    ]
    found = search(site, unit.url_path, [q for pair in pairs for q in pair] + ["zzzqqq"])
    for marked, bare in pairs:
        assert found[marked], marked
        # without marks a word is wider ("dan" is also the start of "danh"): never narrower
        assert locations(found[bare]) >= locations(found[marked]), (marked, bare)
    assert found["zzzqqq"] == []
    # the match is highlighted in the words as written
    titles = [item["title"] for item in found["tiep cong dan"]]
    assert any(
        "<mark>tiếp</mark> <mark>công</mark> <mark>dân</mark>" in title for title in titles
    ), titles


def test_material_alone_does_not_fold_diacritics(sample_build):
    """The same worker with lunr-languages' own Vietnamese file: words without their marks find
    nothing (so the test above measures this project's lunr.vi.min.js)."""
    result, site = sample_build
    unit = next(u for u in result.tree if u.is_leaf and u.villages)
    found = search(
        site, unit.url_path, ["chênh lệch", "chenh lech", "tiep nhan"], lunr=MATERIAL_LUNR
    )
    assert found["chênh lệch"] and found["chenh lech"] == [] and found["tiep nhan"] == []


def test_households_budget_lines_and_units_below_are_found_without_diacritics(sample_build):
    """A household's name finds its village on the list page, a budget line's name its year's
    page, a commune's name its province's list of units; typed with or without marks."""
    result, site = sample_build
    commune = next(u for u in result.tree if u.is_leaf and u.villages)
    province = result.tree.units[result.tree.ancestors(commune)[0].code]
    names = oracle.read_csv(oracle.datasets(commune.folder, "ho-ngheo")[-1] / "danh-sach.csv")
    name = names[0]["Họ tên chủ hộ"]
    bare = folded(name)
    found = search(site, commune.url_path, [name, bare, "nguyen", "le phi mon bai"])
    assert found[name] and locations(found[bare]) >= locations(found[name])
    assert any("/danh-sach-" in loc and "#" in loc for loc in locations(found[name]))
    assert any("/danh-sach-" in loc for loc in locations(found["nguyen"]))
    assert any(loc.startswith("ngan-sach/") for loc in locations(found["le phi mon bai"]))
    typed = folded(commune.title.split(" ", 1)[1])  # «an dinh»
    above = search(site, province.url_path, [typed])[typed]
    assert any(loc.endswith("#don-vi-truc-thuoc") for loc in locations(above)), above[:3]


def test_a_place_matched_by_a_word_and_its_bare_twin_is_marked_once(sample_build):
    """«d» starts both «đầu» and its bare twin «dau», indexed at one place: the match is marked
    once, never a mark cut into another («<m</mark>ark>», seen before the fix)."""
    result, site = sample_build
    unit = next(u for u in result.tree if u.is_leaf and u.villages)
    found = search(site, unit.url_path, ["d", "đ", "h"])
    shown = [item["title"] for items in found.values() for item in items]
    assert len(shown) > 50
    for title in shown:
        assert "<m</mark>" not in title and "<mark><mark>" not in title, title
        assert title.count("<mark>") == title.count("</mark>"), title
        assert not re.search(r"<mark>[^<]*<mark>", title), title


def test_a_communes_pages_are_found_from_its_district_and_province(sample_build):
    """Every page of a commune is in the index of each unit above it, at an address that is the
    commune's page there; «ngan sach» and the commune's name typed bare find its budget pages
    first from the province."""
    result, site = sample_build
    commune = next(u for u in result.tree if u.is_leaf and u.villages)
    own = json.loads((site / commune.url_path / "search" / "search_index.json").read_bytes())
    pages = {d["location"] for d in own["docs"] if "#" not in d["location"]}
    assert len(pages) > 20
    for above in result.tree.ancestors(commune):
        index = json.loads((site / above.url_path / "search" / "search_index.json").read_bytes())
        below = {d["location"] for d in index["docs"]}
        prefix = commune.url_path.removeprefix(above.url_path)
        assert {prefix + page for page in pages} <= below, above.code
        for page in pages:
            assert (site / above.url_path / prefix / page / "index.html").is_file()
    province = result.tree.ancestors(commune)[0]
    typed = "ngan sach " + folded(commune.title.split(" ", 1)[1])  # «ngan sach an dinh»
    found = search(site, province.url_path, [typed])[typed]
    prefix = commune.url_path.removeprefix(province.url_path)
    assert found[0]["location"].startswith(prefix + "ngan-sach/"), found[:3]


def test_a_rollup_page_is_found_by_the_name_of_a_unit_in_its_table(sample_build):
    """A rollup's table is kept out of the index; a commune's name, typed bare on its province's
    site, still finds every rollup page naming it."""
    result, site = sample_build
    commune = next(u for u in result.tree if u.is_leaf and u.villages)
    province = result.tree.ancestors(commune)[0]
    rollups = {
        p.parent.relative_to(site / province.url_path).as_posix() + "/"
        for p in (site / province.url_path).glob("*/tong-hop-*/index.html")
    }
    assert len(rollups) > 10
    typed = folded(commune.title.split(" ", 1)[1])
    found = locations(search(site, province.url_path, [typed])[typed])
    assert rollups <= found, rollups - found
