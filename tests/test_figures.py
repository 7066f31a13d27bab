"""The figures on the built pages equal the figures in the source files."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from itertools import pairwise

from tests import oracle
from tests.conftest import SAMPLE_DATA
from tests.pages import download_link, number, page, row_by_label, row_groups, rows, table_after


def unit_paths(result):
    return {u.folder.resolve(): u for u in result.tree}


def test_every_unit_has_a_site(sample_build):
    result, site = sample_build
    units = list(result.tree)
    assert len(units) == len(oracle.units(SAMPLE_DATA)) >= 10
    for unit in units:
        doc = page(site, unit.url_path)
        assert doc.find("h1").get_text(strip=True) == unit.title
        assert "Dữ liệu mẫu" in doc.get_text()
    top = page(site, "")
    listed = {a.get_text(strip=True) for a in top.select("article a")}
    assert {u.title for u in units} <= listed


# A budget year's page: a row per stage in the balance, a column per stage in the line tables.
STAGES = {
    "du-toan": "Dự toán",
    "thuc-hien-3-thang": "Thực hiện 3 tháng",
    "thuc-hien-6-thang": "Thực hiện 6 tháng",
    "thuc-hien-9-thang": "Thực hiện 9 tháng",
    "thuc-hien-12-thang": "Thực hiện cả năm",
    "quyet-toan": "Quyết toán",
}


def budget_year_page(site, unit, dataset):
    """The page of a budget dataset folder (<year>-<stage>) and the label of its stage."""
    year, stage = dataset.name.split("-", 1)
    return page(site, f"{unit.url_path}ngan-sach/{year}"), STAGES[stage]


def list_after(doc, heading_text: str):
    heading = next(h for h in doc.find_all("h2") if h.get_text(strip=True) == heading_text)
    return heading.find_next("ul")


def test_budget_totals_match_source(sample_build):
    result, site = sample_build
    checked = 0
    for folder, unit in unit_paths(result).items():
        for dataset in oracle.datasets(folder, "ngan-sach"):
            doc, stage = budget_year_page(site, unit, dataset)
            balance = table_after(doc, "Cân đối ngân sách")
            revenue = oracle.budget_total(dataset, "thu")
            spending = oracle.budget_total(dataset, "chi")
            assert number(row_by_label(balance, stage)[1]) == revenue
            assert number(row_by_label(balance, stage)[2]) == spending
            assert number(row_by_label(balance, stage)[3]) == revenue - spending
            published = [
                " ".join(li.get_text().split())
                for li in list_after(doc, "Các lần công khai").find_all("li")
            ]
            meta = oracle.metadata(dataset)
            assert [
                t
                for t in published
                if t.startswith(f"{stage}, công khai ngày {meta['posted']}: {meta['title']}")
            ]
            checked += 1
    assert checked >= 40


def test_budget_execution_share_of_estimate(sample_build):
    result, site = sample_build
    unit = next(u for u in result.tree if u.is_leaf)
    executions = [d for d in oracle.datasets(unit.folder, "ngan-sach") if "thuc-hien" in d.name]
    assert executions
    for dataset in executions:
        year = dataset.name.split("-")[0]
        estimate = unit.folder / "ngan-sach" / f"{year}-du-toan"
        doc, stage = budget_year_page(site, unit, dataset)
        row = row_by_label(table_after(doc, "Cân đối ngân sách"), stage)
        for table, shown in (("thu", row[4]), ("chi", row[5])):
            expected = (
                oracle.budget_total(dataset, table) / oracle.budget_total(estimate, table) * 100
            )
            assert abs(number(shown) - expected) <= Decimal("0.05")


def test_budget_stage_against_the_same_stage_a_year_earlier(sample_build):
    result, site = sample_build
    unit = next(u for u in result.tree if u.is_leaf)
    compared = 0
    for dataset in oracle.datasets(unit.folder, "ngan-sach"):
        year, stage_code = dataset.name.split("-", 1)
        earlier = unit.folder / "ngan-sach" / f"{int(year) - 1}-{stage_code}"
        if not earlier.is_dir():
            continue
        doc, stage = budget_year_page(site, unit, dataset)
        row = row_by_label(table_after(doc, "Cân đối ngân sách"), stage)
        for table, shown in (("thu", row[6]), ("chi", row[7])):
            before = oracle.budget_total(earlier, table)
            expected = (oracle.budget_total(dataset, table) - before) / before * 100
            assert abs(number(shown) - expected) <= Decimal("0.05")
            compared += 1
    assert compared >= 8


def test_budget_lines_of_every_stage_on_the_year_page_and_in_its_download(sample_build):
    """Each line of each stage is in its stage's column, on the page and in the year's CSV."""
    result, site = sample_build
    checked = 0
    for folder, unit in unit_paths(result).items():
        for dataset in oracle.datasets(folder, "ngan-sach"):
            doc, stage = budget_year_page(site, unit, dataset)
            year = dataset.name.split("-")[0]
            for table, heading in (("thu", "Thu ngân sách"), ("chi", "Chi ngân sách")):
                shown = table_after(doc, heading)
                column = [
                    th.get_text(strip=True) for th in shown.find("thead").find_all("th")
                ].index(stage)
                on_page = {
                    r[0]: r[column] for r in rows(shown)[:-1]
                }  # the last row: the footer's total
                download = {
                    r["Mã số"]: r[f"{stage} (đồng)"]
                    for r in oracle.read_csv(
                        site / unit.url_path / "ngan-sach" / f"{year}-{table}.csv"
                    )
                }
                for line in oracle.read_csv(dataset / f"{table}.csv"):
                    amount = oracle.vi_number(line["Số tiền (đồng)"])
                    assert number(on_page[line["Mã số"]]) == amount, (dataset, line)
                    assert Decimal(download[line["Mã số"]]) == amount, (dataset, line)
                    checked += 1
    assert checked >= 1000


# The household list: each village's households under a heading row for their category; the
# "Biến động" column shows a change only (empty: unchanged).
LIST_CATEGORIES = {"ngheo": "Hộ nghèo", "can-ngheo": "Hộ cận nghèo"}
LIST_CHANGES = {
    "giu-nguyen": "",
    "moi-phat-sinh": "Mới phát sinh",
    "moi-thoat-ngheo": "Mới thoát nghèo",
}


def test_households_per_village_and_category(sample_build):
    result, site = sample_build
    checked, changes_shown = 0, set()
    for folder, unit in unit_paths(result).items():
        villages = {v.code: v.name for v in unit.villages}
        for dataset in oracle.datasets(folder, "ho-ngheo"):
            households = oracle.read_csv(dataset / "danh-sach.csv")
            assert len(households) >= 100
            counts = Counter((h["Thôn"], h["Phân loại"]) for h in households)
            totals = {
                r["Thôn"]: int(r["Tổng số hộ dân"])
                for r in oracle.read_csv(dataset / "so-ho-theo-thon.csv")
            }
            doc = page(site, f"{unit.url_path}ho-ngheo/{dataset.name}")
            table = table_after(doc, f"Theo {unit.village_word}")
            for code, name in villages.items():
                row = row_by_label(table, name)
                assert number(row[1]) == totals[code]
                assert number(row[2]) == counts[(code, "ngheo")]
                assert number(row[4]) == counts[(code, "can-ngheo")]
                expected_rate = Decimal(counts[(code, "ngheo")]) / totals[code] * 100
                assert abs(number(row[3]) - expected_rate) <= Decimal("0.005")
            # the published list, on its own page, holds every household once, under its village
            year = dataset.name
            listing = page(site, f"{unit.url_path}ho-ngheo/danh-sach-{year}")
            assert (
                doc.find("a", string=re.compile("Xem danh sách"))["href"] == f"../danh-sach-{year}/"
            )
            listed = Counter()
            for code, name in villages.items():
                if any(h["Thôn"] == code for h in households):
                    for heading, members in row_groups(table_after(listing, name)).items():
                        category, count = heading.split(": ")
                        assert number(count.removesuffix(" hộ")) == len(members)
                        assert [m[0] for m in members] == [
                            str(i) for i in range(1, len(members) + 1)
                        ]
                        listed.update((code, m[1], m[2], category, m[3]) for m in members)
            assert listed == Counter(
                (
                    h["Thôn"],
                    h["Họ tên chủ hộ"],
                    h["Số nhân khẩu"],
                    LIST_CATEGORIES[h["Phân loại"]],
                    LIST_CHANGES[h["Biến động"]],
                )
                for h in households
            )
            changes_shown.update(h[4] for h in listed)
            checked += 1
    assert checked >= 14
    assert changes_shown == {"", "Mới phát sinh", "Mới thoát nghèo"}


def test_household_list_sorted_by_given_name(sample_build):
    from generator.model.text import person_name_key

    result, site = sample_build
    unit = next(u for u in result.tree if u.villages)
    dataset = oracle.datasets(unit.folder, "ho-ngheo")[-1]
    doc = page(site, f"{unit.url_path}ho-ngheo/danh-sach-{dataset.name}")
    for members in row_groups(table_after(doc, unit.villages[0].name)).values():
        names = [r[1] for r in members]
        assert names == sorted(names, key=person_name_key)
        assert len(names) > 5


def test_poverty_movements_follow_the_two_years_lists(sample_build):
    """From one year's list to the next, household by household (head and village): the rows of
    «Biến động so với năm …» as counted from the source files, adding up to the new list."""
    result, site = sample_build

    def listed(dataset, unit):
        return {
            (
                " ".join(r["Họ tên chủ hộ"].casefold().split()),
                unit.village(r["Thôn"]).code,
            ): r["Phân loại"]
            for r in oracle.read_csv(dataset / "danh-sach.csv")
        }

    checked = 0
    for folder, unit in unit_paths(result).items():
        years = oracle.datasets(folder, "ho-ngheo")
        for before, after in pairwise(years):
            old, new = listed(before, unit), listed(after, unit)
            doc = page(site, f"{unit.url_path}ho-ngheo/{after.name}")
            shown = {
                r[0]: r[1:] for r in rows(table_after(doc, f"Biến động so với năm {before.name}"))
            }
            for column, (category, other) in enumerate(
                (("ngheo", "can-ngheo"), ("can-ngheo", "ngheo"))
            ):
                was = {k for k, c in old.items() if c == category}
                now = {k for k, c in new.items() if c == category}
                expected = {
                    f"Trong danh sách năm {before.name}": len(was),
                    f"Không còn trong danh sách năm {after.name}": -len(was - new.keys()),
                    f"Mới vào danh sách năm {after.name}": len(now - old.keys()),
                    f"Trong danh sách năm {after.name}": len(now),
                }
                for label, count in expected.items():
                    assert number(shown[label][column]) == count, (unit.code, label, category)
                moved_out = sum(new.get(k) == other for k in was)
                moved_in = sum(old.get(k) == other for k in now)
                assert len(was) - len(was - new.keys()) - moved_out + moved_in + len(
                    now - old.keys()
                ) == len(now)
            checked += 1
        if years:  # a first year has no list to compare with: the commune's own «Biến động» counts
            declared = [r["Biến động"] for r in oracle.read_csv(years[0] / "danh-sach.csv")]
            doc = page(site, f"{unit.url_path}ho-ngheo/{years[0].name}")
            general = {r[0]: r[1] for r in rows(table_after(doc, "Số liệu chung"))}
            assert number(
                general["Hộ mới phát sinh trong năm (theo cột «Biến động»)"]
            ) == declared.count("moi-phat-sinh")
            assert number(
                general["Hộ mới thoát nghèo trong năm (theo cột «Biến động»)"]
            ) == declared.count("moi-thoat-ngheo")
            assert not doc.find(lambda h: h.name == "h2" and h.get_text().startswith("Biến động"))
    assert checked >= 5


def test_villages_are_called_what_the_unit_calls_them(sample_build):
    """A phường's «tổ dân phố» are not headed «Thôn»."""
    result, site = sample_build
    ward = next(
        u for u in result.tree if u.villages and {v.type for v in u.villages} == {"tổ dân phố"}
    )
    assert ward.village_word == "tổ dân phố"
    year = oracle.datasets(ward.folder, "ho-ngheo")[-1].name
    doc = page(site, f"{ward.url_path}ho-ngheo/{year}")
    headings = [h.get_text(strip=True) for h in doc.select("article h2")]
    assert "Theo tổ dân phố" in headings and "Danh sách hộ theo tổ dân phố" in headings
    assert table_after(doc, "Theo tổ dân phố").find("th").get_text(strip=True) == "Tổ dân phố"
    # file titles are the schema's
    shown = doc.select_one("article").get_text(" ").split("Tải dữ liệu")[0]
    assert "thôn" not in shown.lower().replace("thông", "")


def test_land_areas_match_source(sample_build):
    result, site = sample_build
    checked = 0
    for folder, unit in unit_paths(result).items():
        for dataset in oracle.datasets(folder, "dat-dai"):
            source = oracle.read_csv(dataset / "loai-dat.csv")
            doc = page(site, f"{unit.url_path}dat-dai/{dataset.name}")
            shown = {r[0]: r for r in rows(table_after(doc, "Chỉ tiêu sử dụng đất")) if r[0]}
            for line in source:
                code = line["Mã loại đất"]
                assert number(shown[code][2]) == oracle.vi_number(line["Hiện trạng (ha)"])
                assert number(shown[code][3]) == oracle.vi_number(line["Kế hoạch (ha)"])
                assert number(shown[code][4]) == oracle.vi_number(
                    line["Kế hoạch (ha)"]
                ) - oracle.vi_number(line["Hiện trạng (ha)"])
            checked += 1
    assert checked >= 10


def test_land_type_names_are_shown_whole(sample_build):
    from generator.kinds.land import LAND_CODES

    # no name cut at a comma
    assert all(set(entry) <= {"name", "group", "part_of"} for entry in LAND_CODES.values())
    result, site = sample_build
    shown = set()
    for folder, unit in unit_paths(result).items():
        for dataset in oracle.datasets(folder, "dat-dai"):
            doc = page(site, f"{unit.url_path}dat-dai/{dataset.name}")
            shown |= {
                r[2] for r in rows(table_after(doc, "Công trình, dự án trong năm")) if len(r) > 2
            }
    assert "Đất thương mại, dịch vụ (TMD)" in shown
    assert "Đất xây dựng cơ sở thể dục, thể thao (DTT)" in shown
    assert not {"Đất thương mại (TMD)", "Đất nghĩa trang (NTD)"} & shown


def test_on_time_rate_matches_source(sample_build):
    result, site = sample_build
    checked = 0
    for folder, unit in unit_paths(result).items():
        for dataset in oracle.datasets(folder, "cai-cach-hanh-chinh"):
            periods = oracle.read_csv(dataset / "mot-cua.csv")
            on_time = sum(
                int(p["Giải quyết trước hạn"]) + int(p["Giải quyết đúng hạn"]) for p in periods
            )
            finished = on_time + sum(int(p["Giải quyết quá hạn"]) for p in periods)
            doc = page(site, f"{unit.url_path}cai-cach-hanh-chinh/{dataset.name}")
            year_row = row_by_label(table_after(doc, "Tỷ lệ theo kỳ"), "Cả năm")
            assert abs(number(year_row[1]) - Decimal(on_time) / finished * 100) <= Decimal("0.05")
            checked += 1
    assert checked >= 20


def test_the_one_stop_year_adds_up_its_periods_and_sets_late_dossiers_beside_apologies(
    sample_build,
):
    result, site = sample_build
    checked = 0
    for folder, unit in unit_paths(result).items():
        for dataset in oracle.datasets(folder, "cai-cach-hanh-chinh"):
            periods = [
                {k: int(v) for k, v in p.items() if k != "Kỳ báo cáo"}
                for p in oracle.read_csv(dataset / "mot-cua.csv")
            ]
            total = {k: sum(p[k] for p in periods) for k in periods[0]}
            start, end = periods[0], periods[-1]
            doc = page(site, f"{unit.url_path}cai-cach-hanh-chinh/{dataset.name}")
            year = [
                number(c)
                for c in row_by_label(table_after(doc, "Kết quả giải quyết hồ sơ"), "Cả năm")[1:]
            ]
            assert year == [
                start["Kỳ trước chuyển sang"],
                total["Mới tiếp nhận"],
                total["Tiếp nhận trực tuyến"],
                start["Kỳ trước chuyển sang"] + total["Mới tiếp nhận"],
                total["Giải quyết trước hạn"],
                total["Giải quyết đúng hạn"],
                total["Giải quyết quá hạn"],
                end["Đang giải quyết chưa đến hạn"],
                end["Đang giải quyết quá hạn"],
                total["Trả lại, rút hồ sơ"],
            ]
            late = total["Giải quyết quá hạn"] + end["Đang giải quyết quá hạn"]
            rate = row_by_label(table_after(doc, "Tỷ lệ theo kỳ"), "Cả năm")[2]
            assert abs(
                number(rate)
                - Decimal(late) / (start["Kỳ trước chuyển sang"] + total["Mới tiếp nhận"]) * 100
            ) <= Decimal("0.05")
            letters = (
                len(oracle.read_csv(dataset / "thu-xin-loi.csv"))
                if (dataset / "thu-xin-loi.csv").is_file()
                else 0
            )
            said = " ".join(doc.select_one("article").get_text(" ", strip=True).split())

            def vi(n):
                return f"{n:,}".replace(",", ".")

            assert (
                f"Năm {dataset.name} có {vi(total['Giải quyết quá hạn'])} hồ sơ giải quyết quá hạn "
                f"và {vi(end['Đang giải quyết quá hạn'])} hồ sơ đang giải quyết quá hạn vào cuối "
                f"năm; {vi(letters)} thư xin lỗi được công khai."
            ) in said
            checked += 1
    assert checked >= 20


def test_reform_indices_are_named_in_full(sample_build):
    result, site = sample_build
    shown = set()
    for folder, unit in unit_paths(result).items():
        for dataset in oracle.datasets(folder, "cai-cach-hanh-chinh"):
            if (dataset / "chi-so.csv").is_file():
                doc = page(site, f"{unit.url_path}cai-cach-hanh-chinh/{dataset.name}")
                shown |= {r[0] for r in rows(table_after(doc, "Chỉ số cải cách hành chính"))}
    assert "Chỉ số cải cách hành chính (PAR INDEX)" in shown
    assert not shown & {"PAR INDEX", "SIPAS", "PAPI"}


def test_each_table_downloads_as_csv_with_the_published_rows(sample_build):
    import csv
    import io

    result, site = sample_build
    unit = next(u for u in result.tree if u.villages)
    dataset = oracle.datasets(unit.folder, "ho-ngheo")[-1]
    doc = page(site, f"{unit.url_path}ho-ngheo/{dataset.name}")
    link = download_link(doc, "Danh sách hộ")
    target = (site / unit.url_path / "ho-ngheo" / dataset.name / link).resolve()
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    downloaded = list(csv.DictReader(io.StringIO(raw[3:].decode("utf-8"))))
    source = oracle.read_csv(dataset / "danh-sach.csv")
    assert [(r["Họ tên chủ hộ"], r["Thôn"], r["Số nhân khẩu"]) for r in downloaded] == [
        (r["Họ tên chủ hộ"], unit.village(r["Thôn"]).name, r["Số nhân khẩu"]) for r in source
    ]  # names, not codes
    assert {r["Thôn"] for r in downloaded} <= {v.name for v in unit.villages}
    assert {r["Phân loại"] for r in downloaded} == {"Hộ nghèo", "Hộ cận nghèo"}


def test_download_cells_cannot_run_as_formulas():
    from generator.render.downloads import neutralise

    for payload in ("=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x"):
        assert neutralise(payload).startswith("'")
    assert neutralise("Nguyễn Văn An") == "Nguyễn Văn An"
