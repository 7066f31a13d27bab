"""A new dataset kind is one folder plus its registration line: registered alone, the fixture kind
in tests/fixtures/kinds/fund/ gets its section, its pages, its home-page card, its column on the
tree page, its rollups and its downloads, with no other file changed."""

from __future__ import annotations

import shutil

import pytest

from generator.kinds import registry
from tests import oracle
from tests.conftest import build
from tests.pages import number, page

FOLDER = "quy-khuyen-hoc"
GIFTS = {
    2024: [("Nhân dân đóng góp", 12_500_000), ("Doanh nghiệp tài trợ", 30_000_000)],
    2025: [("Nhân dân đóng góp", 15_000_000), ("Hội khuyến học", 4_250_000)],
}


@pytest.fixture
def registered(monkeypatch):
    """The registration line, and nothing else."""
    monkeypatch.setattr(
        registry, "KIND_MODULES", [*registry.KIND_MODULES, "tests.fixtures.kinds.fund"]
    )
    registry.all_kinds.cache_clear()
    yield
    registry.all_kinds.cache_clear()


def write_fund(unit_folder, years):
    for year in years:
        folder = unit_folder / FOLDER / str(year)
        folder.mkdir(parents=True)
        (folder / "thong-tin.yaml").write_text(
            f"title: Công khai quỹ khuyến học năm {year}\nyear: {year}\n"
            'legal_basis: "Luật 10/2022/QH15, Điều 11"\n'
            f'posted: "15/01/{year + 1}"\noffice: Hội Khuyến học xã\n',
            encoding="utf-8",
        )
        rows = "".join(f"{item},{amount}\n" for item, amount in GIFTS[year])
        (folder / "dong-gop.csv").write_text("Nội dung,Số tiền (đồng)\n" + rows, encoding="utf-8")


def test_a_kind_registered_by_one_line_is_on_every_page_that_lists_kinds(
    registered, small_country_with_sibling, tmp_path
):
    communes = [folder for folder, _ in oracle.leaf_units(small_country_with_sibling)]
    one, two = communes[0], communes[1]
    write_fund(one, [2025])
    write_fund(two, [2024, 2025])
    result = build(small_country_with_sibling, tmp_path / "out", jobs=1)
    assert result.ok, result.failed
    site = tmp_path / "out" / "site"
    by_folder = {unit.folder: unit for unit in result.tree}
    first, second = by_folder[one], by_folder[two]
    total_2025 = sum(amount for _, amount in GIFTS[2025])

    # Its section and its page, with the figure computed from the file.
    section = page(site, f"{first.url_path}{FOLDER}")
    assert section.find("h1").get_text(strip=True) == "Quỹ khuyến học"
    year_page = page(site, f"{first.url_path}{FOLDER}/2025").get_text(" ")
    assert f"{total_2025:,}".replace(",", ".") + " đồng" in year_page

    # Its card on the home page, its place in the navigation, and the home page's introduction.
    home = page(site, first.url_path)
    card = next(
        a for a in home.find_all("a") if a.get_text(strip=True) == "Quỹ khuyến học năm 2025"
    )
    assert number(card.find_next("span", class_="ck-figure").get_text()) == total_2025
    assert any(a.get_text(strip=True) == "Quỹ khuyến học" for a in home.select("nav a"))
    assert "quỹ khuyến học" in home.find("article").get_text(" ")

    # Its download beside the page: the file's rows.
    download = site / first.url_path / FOLDER / "2025-dong-gop.csv"
    assert [tuple(r.values()) for r in oracle.read_csv(download)] == [
        (item, str(amount)) for item, amount in GIFTS[2025]
    ]

    # Its column on the tree's top page.
    top = page(site, "")
    header = [th.get_text(strip=True) for th in top.find("table").find("thead").find_all("th")]
    assert header[-1] == "Quỹ khuyến học"
    rows = {
        tr.find("td").get_text(strip=True): [c.get_text(strip=True) for c in tr.find_all("td")]
        for table in top.find_all("table")
        for tr in table.find("tbody").find_all("tr")
    }
    assert rows[first.code][-1] == "2025" and rows[second.code][-1] == "2025"
    assert rows[result.tree.roots[0]][-1] == "—"

    # Its rollup in the communes' district (or province), adding up both communes.
    parent = result.tree.units[first.parent]
    rollup = page(site, f"{parent.url_path}{FOLDER}/tong-hop-2025").get_text(" ")
    below = [u for u in result.tree.descendants(parent) if u.folder in (one, two)]
    expected = total_2025 * len(below)
    assert f"Tổng cộng: {expected:,}".replace(",", ".") + " đồng" in rollup


def test_without_its_line_the_kinds_folder_is_a_stray_folder(small_country, tmp_path):
    """The same data without the registration: the folder is not a dataset, and the unit says so."""
    one = next(folder for folder, _ in oracle.leaf_units(small_country))
    write_fund(one, [2025])
    result = build(small_country, tmp_path / "out", jobs=1)
    assert any(
        FOLDER in str(problem) for problems in result.failed.values() for problem in problems
    )
    shutil.rmtree(one / FOLDER)
