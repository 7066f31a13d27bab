"""The 2025 reform in the sample country: thị xã Phú Mỹ dissolved on 01/07/2025, its wards placed
under the province, phường Tân Phong and phường Hòa An merged into phường Tân An. Every page
published at a former address still leads to the right page; the former units' data stays
published under the unit that replaced them, labelled; rollups count each year once; the
province's mapping page is found without diacritics; bad reform entries in unit.yaml are refused
with their codes."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import re
import threading
from collections import Counter
from pathlib import Path

import pytest

from generator.model.facts import Summary
from generator.model.problems import Problems
from generator.model.units import FormerUnit, Tree, Unit
from generator.pipeline.rollup import with_history
from generator.pipeline.survey import SurveyedFacts
from generator.pipeline.tree import read_tree
from tests.axe_core import SCRIPT, fetch
from tests.conftest import SAMPLE_DATA, build
from tests.pages import DrivenBrowser, page
from tests.test_accessibility import AXE_RUN, shown
from tests.test_rollups import poverty_counts
from tests.test_search_box import RESULTS

PROVINCE = "tinh-binh-son/"
MERGED = "tinh-binh-son/phuong-tan-an/"
DISSOLVED = "tinh-binh-son/thi-xa-phu-my/"
BOX = "document.querySelector('.md-search__input')"
REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)">')


def unit_pages(site: Path, unit: Unit, tree: Tree) -> list[str]:
    """The directory pages of a unit's own site, from its folder ('', 'ho-ngheo/2024/', ...)."""
    below = {tree.units[c].slug for c in unit.children + unit.formers}
    base = site / unit.url_path
    return sorted(
        str(p.parent.relative_to(base)).replace(".", "").strip("/") + "/"
        if p.parent != base
        else ""
        for p in base.rglob("index.html")
        if p.relative_to(base).parts[0] not in below
    )


def target_of(site: Path, old: str) -> str:
    """Where the page at folder `old` of the tree sends its reader: a folder of the tree."""
    text = (site / old / "index.html").read_text(encoding="utf-8")
    found = REFRESH.search(text)
    assert found, old
    resolved = (Path("/") / old / found.group(1)).resolve()
    assert f'rel="canonical" href="{found.group(1)}"' in text
    return str(resolved).lstrip("/") + "/"


def expected_redirects(site: Path, tree: Tree) -> dict[str, str]:
    """Every former address page of the sample and the page it must lead to."""
    wanted = {}
    for unit in tree:
        own = unit_pages(site, unit, tree)
        for address in unit.former_addresses:
            old = "/".join(address.path) + "/"
            wanted |= {old + p: unit.url_path + p for p in own}
        for record in unit.replaces:
            former = tree.units.get(record.code)
            old = "/".join(record.path) + "/"
            history = unit_pages(site, former, tree) if former else []
            if old != former.url_path:
                wanted |= {old + p: former.url_path + p for p in history}
    return wanted


def test_the_sample_has_the_reform(sample_build):
    result, _ = sample_build
    tree = result.tree
    merged = next(u for u in tree if u.url_path == MERGED)
    assert [tree.units[c].name for c in merged.formers] == ["Hòa An", "Tân Phong"]
    assert merged.is_leaf and not merged.children
    province = tree.units[tree.roots[0]]
    dissolved = next(u for u in tree if u.url_path == DISSOLVED)
    assert dissolved.former and dissolved.code in province.formers and not dissolved.children
    moved = [u for u in tree if u.former_addresses]
    assert sorted(u.name for u in moved) == ["Mỹ Lợi", "Xuân Lộc"]
    assert all(u.parent == province.code for u in moved)
    assert all(a.date == dt.date(2025, 7, 1) for u in moved for a in u.former_addresses)


def test_every_page_at_a_former_address_leads_to_its_page_now(sample_build):
    result, site = sample_build
    wanted = expected_redirects(site, result.tree)
    # a moved ward's every page, a merged ward's every page, and the dissolved district's own
    # pages stay where they were (same address), its rollups lead to the province's
    assert sum(old.startswith(f"{DISSOLVED}phuong-my-loi/") for old in wanted) > 30
    assert sum(old.startswith(f"{DISSOLVED}phuong-tan-phong/") for old in wanted) > 20
    for old, new in wanted.items():
        assert target_of(site, old) == new, old
        assert (site / new / "index.html").is_file(), new
    text = (site / DISSOLVED / "phuong-hoa-an/ho-ngheo/index.html").read_text(encoding="utf-8")
    assert "Phường Hòa An đã sáp nhập vào phường Tân An từ 01/07/2025 theo Nghị quyết số" in text
    assert "content=\"default-src 'none'" in text and "<script" not in text
    text = (site / DISSOLVED / "xa-xuan-loc/index.html").read_text(encoding="utf-8")
    assert "Xã Xuân Lộc trực thuộc tỉnh Bình Sơn từ 01/07/2025 theo Nghị quyết số" in text
    # the dissolved district's rollup pages lead to the province's
    assert target_of(site, f"{DISSOLVED}ho-ngheo/") == f"{PROVINCE}ho-ngheo/"
    assert target_of(site, f"{DISSOLVED}ho-ngheo/tong-hop-2024/") == (
        f"{PROVINCE}ho-ngheo/tong-hop-2024/"
    )
    # never over a page that is published: the dissolved district's own history stays
    assert '<meta http-equiv="refresh"' not in (site / DISSOLVED / "index.html").read_text()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served_sample(sample_build):
    _, site = sample_build
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


def test_every_former_address_leads_to_the_right_page_in_a_browser(
    sample_build, served_sample, tmp_path
):
    result, site = sample_build
    wanted = expected_redirects(site, result.tree)
    browser = DrivenBrowser(tmp_path)
    try:
        for old, new in sorted(wanted.items()):
            browser.open(served_sample + old)
            arrived = json.dumps(served_sample + new)
            browser.wait_for(f"location.href === {arrived} && document.readyState === 'complete'")
            title = browser.value(
                "document.querySelector('h1') && document.querySelector('h1').textContent"
            )
            assert title, new
    finally:
        browser.close()


def test_a_former_units_pages_say_what_became_of_it(sample_build):
    result, site = sample_build
    history = site / MERGED / "phuong-tan-phong"
    pages = list(history.rglob("index.html"))
    assert len(pages) > 20
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert "Phường Tân Phong đã sáp nhập vào phường Tân An từ 01/07/2025" in text, path
    home = page(site, f"{MERGED}phuong-tan-phong")
    crumbs = [a.get_text() for a in home.select(".ck-crumbs li")]
    assert crumbs == ["Tỉnh Bình Sơn", "Phường Tân An", "Phường Tân Phong"]
    # the unit that replaced them: a sentence on its home, their years on each section
    home = page(site, MERGED).find("article").get_text(" ", strip=True)
    assert (
        "Phường Tân An được thành lập từ 01/07/2025 trên cơ sở sáp nhập phường Tân Phong, "
        "phường Hòa An" in home
    )
    section = page(site, f"{MERGED}ho-ngheo")
    links = {a.get_text(strip=True): a["href"] for a in section.find("article").find_all("a")}
    assert links["Phường Tân Phong (trước 01/07/2025)"] == "../phuong-tan-phong/ho-ngheo/"
    assert (site / MERGED / "phuong-tan-phong/ho-ngheo/index.html").is_file()
    assert "năm 2024" in section.find("article").get_text()


def test_rollups_count_each_year_once(sample_build):
    result, site = sample_build
    tree = result.tree
    province = tree.units[tree.roots[0]]
    for year in (2024, 2025):
        every_list = sum(
            (poverty_counts(u, year) or Counter() for u in tree if u.is_leaf),
            Counter(),
        )
        doc = page(site, f"{PROVINCE}ho-ngheo/tong-hop-{year}")
        rows = {
            tr.find("th").get_text(strip=True): [
                td.get_text(strip=True) for td in tr.find_all("td")
            ]
            for tr in doc.find("article").find("table").find_all("tr")
            if tr.find("th") and tr.find("td")
        }
        total = int(rows["Tổng cộng"][0].replace(".", ""))
        assert total == every_list["households"], year
        assert "Phường Tân Phong" not in rows and "Phường Hòa An" not in rows
        merged = int(rows["Phường Tân An"][0].replace(".", ""))
        formers = [tree.units[c] for c in next(u for u in tree if u.url_path == MERGED).formers]
        own = poverty_counts(next(u for u in tree if u.url_path == MERGED), year)
        expected = own or sum((poverty_counts(f, year) or Counter() for f in formers), Counter())
        assert merged == expected["households"], year
        told = "Phường Tân An: số liệu năm 2024 là tổng số liệu của các đơn vị đã sáp nhập"
        assert (told in " ".join(doc.find("article").get_text(" ").split())) == (year == 2024)
    # the sample's years never overlap (formers 2024, the new ward 2025): each file once
    assert (
        province.children
        and not any(poverty_counts(u, 2025) for u in tree if u.former)
        and not poverty_counts(next(u for u in tree if u.url_path == MERGED), 2024)
    )


def test_a_year_the_new_unit_published_is_not_added_to_its_former_units():
    """With a year in both (a new commune republishing 2025 for its whole area), its own wins."""

    def summary(**years):
        return Summary({int(y[1:]): Count(v) for y, v in years.items()})

    record = FormerUnit("99201", "xã", "Cũ", (), dt.date(2025, 7, 1), "")
    new = Unit("99205", "xã", "Mới", "xa-moi", Path("x"), "x", formers=["99201", "99202"])
    old_a = Unit("99201", "xã", "Cũ", "xa-cu", Path("y"), "y", former=record)
    old_b = Unit("99202", "xã", "Cũ B", "xa-cu-b", Path("z"), "z", former=record)
    tree = Tree({u.code: u for u in (new, old_a, old_b)}, [new.code])
    facts = SurveyedFacts()
    for unit, figures in (
        (new, summary(y2025=7)),
        (old_a, summary(y2024=1, y2025=100)),
        (old_b, summary(y2024=2, y2025=200)),
    ):
        facts.add(unit.code, SurveyedFacts.pack(_facts(unit.code, figures)), None)
    counted = with_history(tree, facts, new)["ho-ngheo"]
    assert dict(counted.items()) == {2024: 3, 2025: 7}
    # a budget's periods are its stages: the former units' 2025 estimate stays beside the new
    # commune's 9-month execution, its own estimate would replace theirs
    stages = SurveyedFacts()
    for unit, periods in (
        (new, {(2025, "9-thang"): Count(50)}),
        (old_a, {(2025, "du-toan"): Count(10), (2025, "9-thang"): Count(99)}),
        (old_b, {(2025, "du-toan"): Count(20)}),
    ):
        stages.add(unit.code, SurveyedFacts.pack(_facts(unit.code, Summary(periods))), None)
    counted = with_history(tree, stages, new)["ho-ngheo"]
    assert dict(counted.items()) == {(2025, "du-toan"): 30, (2025, "9-thang"): 50}


class Count(int):
    """A period's figure that adds up as Figures do."""

    @classmethod
    def combine(cls, many):
        return cls(sum(many))


def _facts(code, summary):
    from generator.model.facts import UnitFacts

    return UnitFacts(code, {"ho-ngheo": summary})


def write_unit(folder: Path, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "unit.yaml").write_text(text, encoding="utf-8")


PROVINCE_YAML = """code: "99"
type: tỉnh
name: Bình Sơn
office: {name: Ủy ban nhân dân tỉnh Bình Sơn, address: Số 1 đường Lê Lợi}
"""
COMMUNE_YAML = """code: "{code}"
type: xã
name: {name}
villages: [{{code: T01, type: thôn, name: Thôn Một}}]
office: {{name: Ủy ban nhân dân xã {name}, address: Thôn Một}}
"""


@pytest.mark.parametrize(
    ("entry", "code", "column"),
    [
        (
            'former_addresses: [{path: "https://ck.vn/tinh-binh-son/xa-cu", date: 01/07/2025}]',
            "unit-former-path-format",
            "former_addresses, địa chỉ cũ thứ 1: path",
        ),
        (
            'former_addresses: [{path: "Tinh Binh Son/Xa Cu", date: 01/07/2025}]',
            "unit-former-path-format",
            "former_addresses, địa chỉ cũ thứ 1: path",
        ),
        (
            "former_addresses: [{path: tinh-binh-son/xa-cu, date: 31/06/2025}]",
            "cell-date-invalid",
            "former_addresses, địa chỉ cũ thứ 1: date",
        ),
        (
            "former_addresses: tinh-binh-son/xa-cu",
            "unit-former-addresses-shape",
            "former_addresses",
        ),
        (
            "former_addresses: [{path: tinh-binh-son/xa-cu, date: 01/07/2025, reason: x}]",
            "unit-key-unknown",
            "former_addresses, địa chỉ cũ thứ 1: reason",
        ),
        ("replaces: {code: '99102'}", "unit-replaces-shape", "replaces"),
        (
            "replaces: [{code: '99102', type: xã, name: Cũ, date: 01/07/2025}]",
            "cell-required",
            "replaces, đơn vị cũ thứ 1: resolution",
        ),
        (
            "replaces: [{code: '9910', type: xã, name: Cũ, date: 01/07/2025, resolution: NQ 1}]",
            "unit-code-format",
            "replaces, đơn vị cũ thứ 1: code",
        ),
        (
            # where a current unit is published: its redirect pages would hide that unit
            "former_addresses: [{path: tinh-binh-son/xa-khac, date: 01/07/2025}]",
            "unit-former-path-taken",
            "former_addresses, địa chỉ cũ thứ 1: path",
        ),
    ],
)
def test_bad_reform_entries_are_refused_with_their_code(tmp_path, entry, code, column):
    data = tmp_path / "data"
    write_unit(data / "tinh-binh-son", PROVINCE_YAML)
    write_unit(data / "tinh-binh-son/xa-moi", COMMUNE_YAML.format(code="99101", name="Mới") + entry)
    write_unit(data / "tinh-binh-son/xa-khac", COMMUNE_YAML.format(code="99103", name="Khác"))
    problems = Problems()
    read_tree(data, problems)
    found = [(p.code, p.column, p.file) for p in problems.errors]
    assert (code, column, "tinh-binh-son/xa-moi/unit.yaml") in found, found


def test_a_former_units_name_must_match_its_folder(tmp_path):
    data = tmp_path / "data"
    write_unit(data / "tinh-binh-son", PROVINCE_YAML)
    write_unit(
        data / "tinh-binh-son/xa-moi",
        COMMUNE_YAML.format(code="99101", name="Mới")
        + "replaces: [{code: '99102', type: xã, name: An Đinh, path: tinh-binh-son/xa-an-dinh,"
        + " date: 01/07/2025, resolution: Nghị quyết số 1/NQ-UBTVQH15}]",
    )
    write_unit(
        data / "tinh-binh-son/xa-moi/xa-an-dinh", COMMUNE_YAML.format(code="99102", name="An Định")
    )
    problems = Problems()
    tree = read_tree(data, problems)
    assert [p.code for p in problems.errors] == ["unit-replaces-mismatch"]
    assert "xã An Định" in problems.errors[0].message and "xã An Đinh" in problems.errors[0].message
    assert tree.units["99102"].former is not None


def test_the_provinces_mapping_page_is_found_without_diacritics(
    sample_build, served_sample, tmp_path
):
    _, site = sample_build
    mapping = page(site, f"{PROVINCE}sap-xep-don-vi")
    rows = {
        tr.find("th").get_text(strip=True): [td.get_text(strip=True) for td in tr.find_all("td")]
        for tr in mapping.find("article").find("tbody").find_all("tr")
    }
    assert rows["Phường Tân Phong"][2:4] == ["Sáp nhập", "Phường Tân An"]
    assert rows["Thị xã Phú Mỹ"][2:4] == ["Giải thể", "Tỉnh Bình Sơn"]
    assert rows["Xã Xuân Lộc"][1] == "tinh-binh-son/thi-xa-phu-my/xa-xuan-loc/"
    browser = DrivenBrowser(tmp_path)
    try:
        found = {}
        for words in ("tan phong", "Tân Phong", "THI XA PHU MY"):
            browser.open(f"{served_sample}{PROVINCE}")
            browser.wait_for(f"document.readyState === 'complete' && !!{BOX}")
            browser.value(f"{BOX}.focus()")
            browser.call("Input.insertText", text=words)
            found[words] = browser.wait_for(RESULTS)
    finally:
        browser.close()
    for words, results in found.items():
        mapped = [r for r in results[:10] if r.startswith(f"/{PROVINCE}sap-xep-don-vi/")]
        assert mapped, (words, results[:10])
    assert found["tan phong"][:5] == found["Tân Phong"][:5]


@pytest.mark.parametrize("width", [375, 1280])
def test_history_pages_meet_wcag_21_aa(served_sample, tmp_path, width):
    """A former unit's history, with its notice on every page, and the sections of the unit that
    replaced it, listing their years."""
    fetch()
    engine = SCRIPT.read_text(encoding="utf-8")
    browser = DrivenBrowser(tmp_path)
    found = {}
    try:
        for path in (
            f"{MERGED}phuong-tan-phong/",
            f"{MERGED}phuong-tan-phong/ho-ngheo/2024/",
            MERGED,
            f"{MERGED}ho-ngheo/",
            f"{PROVINCE}ho-ngheo/tong-hop-2024/",
            DISSOLVED,
        ):
            shown(browser, served_sample, path, width)
            browser.value(engine)
            done = browser.call("Runtime.evaluate", expression=AXE_RUN, awaitPromise=True)
            violations = json.loads(done["result"]["value"])
            if violations:
                found[path] = violations
    finally:
        browser.close()
    assert not found, found


def test_a_commune_moved_under_its_province_leaves_redirects_in_one_build(small_country, tmp_path):
    """A staff member's move, as data/README says: the folder moved up, its old address written
    in its unit.yaml. The next build publishes it at its new address and, in the same swap, a
    redirect at each of its old pages."""
    old = "tinh-binh-son/huyen-an-lac/xa-an-dinh/"
    first = build(small_country, tmp_path / "out")
    assert first.ok, first.failed
    site = tmp_path / "out" / "site"
    pages = sorted(p.relative_to(site / old).as_posix() for p in (site / old).rglob("index.html"))
    assert len(pages) > 30
    moved = small_country / "tinh-binh-son" / "xa-an-dinh"
    (small_country / old).rename(moved)
    unit_file = moved / "unit.yaml"
    unit_file.write_text(
        unit_file.read_text(encoding="utf-8")
        + "former_addresses:\n"
        + f"  - {{path: {old.rstrip('/')}, date: 01/07/2025, resolution: Nghị quyết số 1/NQ}}\n",
        encoding="utf-8",
    )
    second = build(small_country, tmp_path / "out")
    assert second.ok, second.failed
    for path in pages:
        folder = path.removesuffix("index.html")
        assert target_of(site, old + folder) == f"tinh-binh-son/xa-an-dinh/{folder}", path
        assert (site / "tinh-binh-son/xa-an-dinh" / path).is_file()
    district = page(site, "tinh-binh-son/huyen-an-lac").find("article").get_text()
    assert "An Định" not in district
    home = page(site, "tinh-binh-son/xa-an-dinh").find("article").get_text(" ", strip=True)
    assert "Xã An Định trực thuộc tỉnh Bình Sơn từ 01/07/2025 theo Nghị quyết số 1/NQ." in home
    # moved back: its pages take the redirects' places again, every one of them whole
    moved.rename(small_country / old)
    unit_file = small_country / old / "unit.yaml"
    text = unit_file.read_text(encoding="utf-8")
    unit_file.write_text(text[: text.index("former_addresses:")], encoding="utf-8")
    third = build(small_country, tmp_path / "out")
    assert third.ok, third.failed
    # the next build brings the tree kept from the second (redirects at the old address) up to
    # date: the commune's pages come back there, and the redirects' removal must not take them
    fourth = build(small_country, tmp_path / "out")
    assert fourth.ok, fourth.failed
    for path in pages:
        assert (site / old / path).is_file(), path
        assert '<meta http-equiv="refresh"' not in (site / old / path).read_text(encoding="utf-8")
    assert not (site / "tinh-binh-son/xa-an-dinh").exists()


def test_the_unit_list_shows_former_units_and_addresses(capsys):
    from generator.cli import main

    assert main(["list", "--data", str(SAMPLE_DATA)]) == 0
    out = capsys.readouterr().out
    assert (
        "99201  Phường Tân Phong  (tinh-binh-son/phuong-tan-an/phuong-tan-phong/, đơn vị cũ, "
        "hoạt động đến hết 30/06/2025)" in out
    )
    assert "địa chỉ cũ: tinh-binh-son/thi-xa-phu-my/xa-xuan-loc/" in out


def test_a_former_unit_holding_units_is_refused(tmp_path):
    data = tmp_path / "data"
    write_unit(data / "tinh-binh-son", PROVINCE_YAML)
    write_unit(
        data / "tinh-binh-son/xa-moi",
        COMMUNE_YAML.format(code="99101", name="Mới")
        + "replaces: [{code: '99102', type: xã, name: Cũ, path: tinh-binh-son/xa-cu,"
        + " date: 01/07/2025, resolution: Nghị quyết số 1/NQ-UBTVQH15}]",
    )
    write_unit(data / "tinh-binh-son/xa-moi/xa-cu", COMMUNE_YAML.format(code="99102", name="Cũ"))
    write_unit(
        data / "tinh-binh-son/xa-moi/xa-cu/xa-con", COMMUNE_YAML.format(code="99103", name="Con")
    )
    problems = Problems()
    tree = read_tree(data, problems)
    assert [(p.code, p.file) for p in problems.errors] == [
        ("unit-former-holds-units", "tinh-binh-son/xa-moi/xa-cu/unit.yaml")
    ]
    assert "tinh-binh-son/xa-moi/xa-cu/xa-con" in problems.errors[0].message
    assert tree.units["99102"].broken and tree.units["99103"].broken  # nothing of it is built


def test_a_frame_names_the_commune_of_its_time():
    """«Xã An» merged with xã Bình into a new «xã An»: a 2024 frame's «xã An» is the old one,
    a 2026 frame's the new one."""
    from generator.kinds.land_prices import in_force_for

    day = dt.date(2025, 7, 1)
    record = FormerUnit("99101", "xã", "An", ("t", "xa-an"), day, "")
    old = Unit("99101", "xã", "An", "xa-an", Path("a"), "a", former=record)
    new = Unit("99105", "xã", "An", "xa-an", Path("b"), "b", replaces=(record,))
    for start, expected in (
        (dt.date(2024, 1, 1), (True, False)),
        (dt.date(2026, 1, 1), (False, True)),
    ):
        assert (in_force_for(old, start), in_force_for(new, start)) == expected, start
    assert in_force_for(new, None)
