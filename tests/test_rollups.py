"""District and province pages: every rollup row equals the figures of the units below it."""

from __future__ import annotations

from collections import Counter
from decimal import ROUND_HALF_EVEN, Decimal

from tests import oracle
from tests.pages import download_link, number, page, rows, table_after


def leaves_under(tree, unit):
    return oracle.counted(tree, unit)


def poverty_counts(unit, year):
    folder = unit.folder / "ho-ngheo" / str(year)
    if not folder.is_dir():
        return None
    counts = Counter(h["Phân loại"] for h in oracle.read_csv(folder / "danh-sach.csv"))
    households = sum(
        int(r["Tổng số hộ dân"]) for r in oracle.read_csv(folder / "so-ho-theo-thon.csv")
    )
    return Counter(
        {"households": households, "poor": counts["ngheo"], "near_poor": counts["can-ngheo"]}
    )


def rollup_rows(site, parent, folder, year, heading=None):
    doc = page(site, f"{parent.url_path}{folder}/tong-hop-{year}")
    table = table_after(doc, heading) if heading else doc.find("article").find("table")
    found = rows(table)
    return {r[0].replace("\u2003", "").strip(): r for r in found}


def parents(tree):
    return [u for u in tree if not u.is_leaf]


def rollup_checks(result, site, folder, year, heading=None):
    """For every rollup row of every parent: the communes the row sums, and the row as shown.
    The last row of each table, «Tổng cộng», sums all the parent's communes."""
    tree = result.tree
    for parent in parents(tree):
        shown = rollup_rows(site, parent, folder, year, heading)
        for unit in [*oracle.rows_below(tree, parent), None]:
            yield leaves_under(tree, unit or parent), shown[unit.title if unit else "Tổng cộng"]


def test_poverty_rollup_rows_equal_their_communes(sample_build):
    result, site = sample_build
    checked = 0
    for year in (2024, 2025):
        for group, row in rollup_checks(result, site, "ho-ngheo", year):
            expected = sum((poverty_counts(u, year) or Counter() for u in group), Counter())
            assert number(row[1]) == expected["households"], row
            assert number(row[2]) == expected["poor"]
            assert number(row[4]) == expected["near_poor"]
            rate = Decimal(expected["poor"]) / expected["households"] * 100
            assert abs(number(row[3]) - rate) <= Decimal("0.005")
            checked += 1
    assert checked >= 30


def test_budget_rollup_rows_equal_their_communes(sample_build):
    result, site = sample_build
    for year in (2024, 2025):
        for every, row in rollup_checks(result, site, "ngan-sach", year, heading="Dự toán"):
            group = [u for u in every if (u.folder / "ngan-sach" / f"{year}-du-toan").is_dir()]
            spending = sum(
                oracle.budget_total(u.folder / "ngan-sach" / f"{year}-du-toan", "chi")
                for u in group
            )
            millions = (spending / Decimal(1_000_000)).quantize(Decimal("0.1"), ROUND_HALF_EVEN)
            assert number(row[2]) == millions
            assert number(row[3]) == len(group)


def test_on_time_rollup_rows_equal_their_communes(sample_build):
    result, site = sample_build
    year = 2025
    for every, row in rollup_checks(result, site, "cai-cach-hanh-chinh", year):
        group = [u for u in every if (u.folder / "cai-cach-hanh-chinh" / str(year)).is_dir()]
        periods = [
            p
            for u in group
            for p in oracle.read_csv(u.folder / "cai-cach-hanh-chinh" / str(year) / "mot-cua.csv")
        ]
        on_time = sum(
            int(p["Giải quyết trước hạn"]) + int(p["Giải quyết đúng hạn"]) for p in periods
        )
        finished = on_time + sum(int(p["Giải quyết quá hạn"]) for p in periods)
        assert number(row[2]) == finished
        assert number(row[3]) == on_time
        assert abs(number(row[4]) - Decimal(on_time) / finished * 100) <= Decimal("0.05")
        assert number(row[6]) == finished - on_time  # late, beside the apology letters
        letters = [
            a
            for u in group
            for a in oracle.read_csv(
                u.folder / "cai-cach-hanh-chinh" / str(year) / "thu-xin-loi.csv"
            )
        ]
        assert number(row[7]) == len(letters)


def test_rollup_rows_lead_to_each_childs_page_of_the_year(sample_build):
    """A commune's row leads to its own poverty page of the year, a district's to its rollup of
    the year, a unit without figures for the year to its home."""
    result, site = sample_build
    province = next(u for u in result.tree if u.parent is None)
    doc = page(site, f"{province.url_path}ho-ngheo/tong-hop-2025")
    base = site / province.url_path / "ho-ngheo" / "tong-hop-2025"
    targets = {
        a.get_text(strip=True): (base / a["href"]).resolve()
        for a in doc.find("article").select("table a")
    }
    led = 0
    for unit in oracle.rows_below(result.tree, province):
        own = site / unit.url_path / "ho-ngheo" / ("2025" if unit.is_leaf else "tong-hop-2025")
        expected = own if (own / "index.html").is_file() else site / unit.url_path
        assert targets[unit.title] == expected.resolve(), unit.title
        assert (targets[unit.title] / "index.html").is_file()
        led += expected == own
    assert led >= len(oracle.rows_below(result.tree, province)) - 2


def test_commune_links_up_to_district_and_province(sample_build):
    result, site = sample_build
    commune = next(u for u in result.tree if u.depth == 3)
    doc = page(site, commune.url_path)
    base = site / commune.url_path
    up = {
        a.get_text(strip=True): (base / a["href"]).resolve()
        for a in doc.find("article").find_all("a")
    }
    for ancestor in result.tree.ancestors(commune):
        assert up[ancestor.title] == (site / ancestor.url_path).resolve()


def test_land_rollup_rows_equal_their_communes(sample_build):
    result, site = sample_build
    year = 2025
    for every, row in rollup_checks(result, site, "dat-dai", year):
        group = [u for u in every if (u.folder / "dat-dai" / str(year)).is_dir()]
        lines = [
            r
            for u in group
            for r in oracle.read_csv(u.folder / "dat-dai" / str(year) / "loai-dat.csv")
            if r["Mã loại đất"] not in ("NNP", "PNN", "CSD")
        ]
        projects = [
            p
            for u in group
            for p in oracle.read_csv(u.folder / "dat-dai" / str(year) / "cong-trinh.csv")
        ]
        assert number(row[1]) == sum(oracle.vi_number(r["Hiện trạng (ha)"]) for r in lines)
        assert number(row[4]) == len(projects)


def test_rollup_pages_offer_their_rows_for_download(sample_build):
    """A rollup's CSV file holds the rows its page shows, amounts exact, shares in percent, and
    its total is the communes' own figures added up."""
    result, site = sample_build
    checked = 0
    for year in (2024, 2025):
        for parent in parents(result.tree):
            doc = page(site, f"{parent.url_path}ho-ngheo/tong-hop-{year}")
            folder = site / parent.url_path / "ho-ngheo" / f"tong-hop-{year}"
            offered = oracle.read_csv(folder / download_link(doc, f"Tổng hợp năm {year}"))
            shown = rollup_rows(site, parent, "ho-ngheo", year)
            assert [r["Đơn vị"] for r in offered] == list(shown)
            for row in offered:
                cells = shown[row["Đơn vị"]]
                assert number(cells[1]) == int(row["Tổng số hộ dân"])
                assert number(cells[2]) == int(row["Hộ nghèo"])
                assert abs(number(cells[3]) - Decimal(row["Tỷ lệ hộ nghèo (%)"])) <= Decimal(
                    "0.005"
                )
                checked += 1
            expected = sum(
                (poverty_counts(u, year) or Counter() for u in leaves_under(result.tree, parent)),
                Counter(),
            )
            total = offered[-1]
            assert (total["Đơn vị"], total["Dòng"]) == ("Tổng cộng", "Tổng cộng")
            assert int(total["Hộ nghèo"]) == expected["poor"]
            assert int(total["Hộ cận nghèo"]) == expected["near_poor"]
    assert checked > 20
