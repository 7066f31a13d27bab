"""Residents' contributions (dong-gop): every figure its pages show, read back from the built HTML
and compared with what the sample's CSV files say, summed here without the generator; its downloads;
its Excel template filled in by hand; and a corpus of broken files as a tired clerk or an attacker
makes them, each refused with its code, file, row and column, and variants that must pass."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
import sys
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from generator.pipeline.validate import validate_tree
from tests import oracle
from tests.conftest import REPO, SAMPLE_DATA, build
from tests.pages import download_link, number, page, rows, table_after
from tests.test_bad_files import (
    ANY,
    COMMUNE,
    DISTRICT,
    PROVINCE,
    Commune,
    Expected,
    assert_problems,
)
from tests.test_rollups import rollup_checks

FOLDER = "dong-gop"
CAMPAIGNS, VILLAGES, SPENDING = "khoan-dong-gop.csv", "thu-theo-thon.csv", "chi.csv"
CODE, NAME, NATURE, DECIDED_BY = "Mã khoản", "Nội dung", "Tính chất", "Cấp quyết định"
DECIDED_ON, TARGET, NOTES = "Ngày quyết định", "Số tiền vận động (đồng)", "Ghi chú"
MONEY, GOODS_VALUE = "Đã thu bằng tiền (đồng)", "Giá trị hiện vật (đồng)"
DAYS, DAYS_VALUE = "Ngày công", "Giá trị ngày công (đồng)"
SPENT, BALANCE = "Đã chi (đồng)", "Còn lại (đồng)"
VILLAGE, VILLAGE_MONEY, GOODS = "Thôn", "Thu bằng tiền (đồng)", "Hiện vật"
ITEM_DATE, ITEM_AMOUNT = "Ngày chi", "Số tiền (đồng)"
VOLUNTARY = "Tự nguyện"


# -- the sample's files, read and added up here -----------------------------------------------


def amount(text: str) -> Decimal:
    return oracle.vi_number(text) if text.strip() else Decimal(0)


def day(text: str) -> dt.date:
    return dt.datetime.strptime(text.strip(), "%d/%m/%Y").date()


def unit_villages(unit_folder: Path) -> dict[str, str]:
    meta = yaml.safe_load((unit_folder / "unit.yaml").read_text(encoding="utf-8"))
    return {v["code"]: v["name"] for v in meta.get("villages", [])}


def source(dataset: Path) -> list[dict]:
    """Each campaign of a year's files with its figures: collected from its villages' rows, spent
    from its spending lines."""
    villages = oracle.read_csv(dataset / VILLAGES)
    spending = oracle.read_csv(dataset / SPENDING) if (dataset / SPENDING).is_file() else []
    found = []
    for row in oracle.read_csv(dataset / CAMPAIGNS):
        given = [v for v in villages if v[CODE] == row[CODE]]
        items = [s for s in spending if s[CODE] == row[CODE]]
        money = sum((amount(v[VILLAGE_MONEY]) for v in given), Decimal(0))
        goods = sum((amount(v.get(GOODS_VALUE, "")) for v in given), Decimal(0))
        days = sum((amount(v.get(DAYS, "")) for v in given), Decimal(0))
        labour = sum((amount(v.get(DAYS_VALUE, "")) for v in given), Decimal(0))
        spent = sum((amount(s[ITEM_AMOUNT]) for s in items), Decimal(0))
        found.append(
            {
                "row": row,
                "villages": given,
                "items": items,
                "target": amount(row[TARGET]),
                "money": money,
                "goods": goods,
                "days": days,
                "labour": labour,
                "collected": money + goods + labour,
                "spent": spent,
                "balance": money - spent,
            }
        )
    return found


FIGURES = ("target", "money", "goods", "days", "labour", "collected", "spent", "balance")


def year_totals(dataset: Path) -> dict:
    campaigns = source(dataset)
    totals = {name: sum((c[name] for c in campaigns), Decimal(0)) for name in FIGURES}
    totals["campaigns"] = len(campaigns)
    totals["voluntary"] = sum(c["row"][NATURE] == VOLUNTARY for c in campaigns)
    return totals


def communes() -> list[tuple[Path, dict]]:
    return [(f, m) for f, m in oracle.units(SAMPLE_DATA) if oracle.datasets(f, FOLDER)]


def vi(n: Decimal) -> str:
    return f"{int(n):,}".replace(",", ".")


def test_the_sample_has_contributions_in_every_commune_for_each_year():
    found = communes()
    assert len(found) >= 9
    both = 0
    for folder, _ in found:
        # a commune merged on 01/07/2025 has 2024 only, the one it merged into 2025 only
        years = [d.name for d in oracle.datasets(folder, FOLDER)]
        assert years in (["2024", "2025"], ["2024"], ["2025"]), folder
        both += years == ["2024", "2025"]
        for dataset in oracle.datasets(folder, FOLDER):
            campaigns = source(dataset)
            assert 3 <= len(campaigns) <= 6
            # the campaigns table's own totals agree with the other tables
            for c in campaigns:
                row = c["row"]
                assert amount(row[MONEY]) == c["money"]
                assert amount(row.get(SPENT, "")) == c["spent"]
                assert amount(row.get(BALANCE, "")) == c["balance"] >= 0
                assert amount(row[TARGET]) > 0
            assert {c["row"][NATURE] for c in campaigns} == {VOLUNTARY, "Bắt buộc"}
    assert both >= 7


# -- the built pages -------------------------------------------------------------------------------


def unit_of(result, folder: Path):
    return next(u for u in result.tree if u.folder.resolve() == folder.resolve())


def test_year_page_figures_match_the_files(sample_build):
    result, site = sample_build
    checked = 0
    for folder, _ in communes():
        unit = unit_of(result, folder)
        names = unit_villages(folder)
        for dataset in oracle.datasets(folder, FOLDER):
            year = int(dataset.name)
            campaigns = source(dataset)
            totals = year_totals(dataset)
            doc = page(site, f"{unit.url_path}{FOLDER}/{year}")
            assert doc.find("h1").get_text(strip=True) == oracle.metadata(dataset)["title"]

            # The summary: a row per campaign in the file's order, then «Tổng cộng».
            shown = rows(table_after(doc, "Tổng hợp các khoản"))
            assert len(shown) == len(campaigns) + 1
            for n, (line, c) in enumerate(zip(shown, campaigns, strict=False), start=1):
                assert line[:3] == [str(n), c["row"][NAME], c["row"][NATURE]]
                assert [number(x) for x in line[3:]] == [c[name] for name in FIGURES]
            assert shown[-1][1] == "Tổng cộng"
            assert [number(x) for x in shown[-1][3:]] == [totals[name] for name in FIGURES]

            said = " ".join(doc.select_one("article").get_text(" ", strip=True).split())
            sentence = (
                f"Năm {year} có {totals['campaigns']} khoản đóng góp "
                f"({totals['voluntary']} khoản tự nguyện), tổng giá trị đã thu "
                f"{vi(totals['collected'])} đồng, bằng "
            )
            assert sentence in said
            rate = said.split(sentence, 1)[1].split(" %")[0]
            expected_rate = totals["collected"] / totals["target"] * 100
            assert abs(number(rate) - expected_rate) <= Decimal("0.05")

            # By village: every village of the unit, with what it gave to all campaigns.
            by_village = {r[0]: r for r in rows(table_after(doc, f"Theo {unit.village_word}"))}
            assert set(by_village) == set(names.values())
            for code, name in names.items():
                given = [(v, c) for c in campaigns for v in c["villages"] if v[VILLAGE] == code]
                money = sum((amount(v[VILLAGE_MONEY]) for v, _ in given), Decimal(0))
                goods = sum((amount(v.get(GOODS_VALUE, "")) for v, _ in given), Decimal(0))
                days = sum((amount(v.get(DAYS, "")) for v, _ in given), Decimal(0))
                labour = sum((amount(v.get(DAYS_VALUE, "")) for v, _ in given), Decimal(0))
                assert [number(x) for x in by_village[name][1:]] == [
                    len(given),
                    money,
                    goods,
                    days,
                    labour,
                    money + goods + labour,
                ]

            # Each campaign's own section: its villages, its spending, what is left.
            for n, c in enumerate(campaigns, start=1):
                heading = next(
                    h
                    for h in doc.select("article h3")
                    if h.get_text(strip=True).rstrip("¶") == f"{n}. {c['row'][NAME]}"
                )
                villages_table = heading.find_next("table")
                lines = rows(villages_table)
                assert [line[0] for line in lines[:-1]] == [
                    names[v[VILLAGE]] for v in c["villages"]
                ]
                for line, v in zip(lines, c["villages"], strict=False):
                    assert number(line[2]) == amount(v[VILLAGE_MONEY])
                    assert line[3] == v.get(GOODS, "")
                    assert number(line[7]) == (
                        amount(v[VILLAGE_MONEY])
                        + amount(v.get(GOODS_VALUE, ""))
                        + amount(v.get(DAYS_VALUE, ""))
                    )
                assert lines[-1][0] == "Cộng" and number(lines[-1][-1]) == c["collected"]
                if c["items"]:
                    items = rows(villages_table.find_next("table"))
                    assert [(x[1], x[2], number(x[3])) for x in items[:-1]] == [
                        (s["Nội dung"], s[ITEM_DATE], amount(s[ITEM_AMOUNT])) for s in c["items"]
                    ]
                    assert number(items[-1][-1]) == c["spent"]
                assert (
                    f"Đã thu bằng tiền {vi(c['money'])} đồng, đã chi {vi(c['spent'])} đồng, "
                    f"còn lại {vi(c['balance'])} đồng."
                ) in said
            checked += 1
    assert checked >= 17


def test_section_index_lists_each_year(sample_build):
    result, site = sample_build
    for folder, _ in communes():
        unit = unit_of(result, folder)
        doc = page(site, f"{unit.url_path}{FOLDER}")
        shown = {r[0]: r for r in rows(doc.find("article").find("table"))}
        for dataset in oracle.datasets(folder, FOLDER):
            totals = year_totals(dataset)
            line = shown[f"Năm {dataset.name}"]
            assert [number(x) for x in line[1:6]] == [
                totals["campaigns"],
                totals["target"],
                totals["collected"],
                totals["spent"],
                totals["balance"],
            ]
            assert line[6] == oracle.metadata(dataset)["posted"]


def leaves_below(result, unit):
    return [u for u in oracle.counted(result.tree, unit) if oracle.datasets(u.folder, FOLDER)]


def test_home_page_card_is_the_newest_years_total(sample_build):
    """A commune's own total in millions of đồng; a district's and the province's, their
    communes' total, said to be so."""
    result, site = sample_build
    checked = 0
    for unit in result.tree:
        leaves = leaves_below(result, unit)
        if not leaves:  # a dissolved district's history: no contributions of its own
            continue
        year = max(int(d.name) for u in leaves for d in oracle.datasets(u.folder, FOLDER))
        leaves = [u for u in leaves if (u.folder / FOLDER / str(year)).is_dir()]
        collected = sum(
            (year_totals(u.folder / FOLDER / str(year))["collected"] for u in leaves), Decimal(0)
        )
        home = page(site, unit.url_path)
        card = next(
            a
            for a in home.find_all("a")
            if a.get_text(strip=True) == f"Nhân dân đóng góp năm {year}"
        )
        value = card.find_next("span", class_="ck-figure")
        millions = (collected / Decimal(1_000_000)).quantize(Decimal("0.1"), ROUND_HALF_EVEN)
        assert number(value.get_text()) == millions
        assert value.next_sibling.strip().startswith("triệu đồng")
        from_communes = "Tổng các đơn vị cấp xã trực thuộc" in card.find_parent("li").get_text()
        assert from_communes == (not unit.is_leaf)
        target = (site / unit.url_path / card["href"]).resolve()
        expected = f"{FOLDER}/{year}" if unit.is_leaf else f"{FOLDER}/tong-hop-{year}"
        assert target == (site / unit.url_path / expected).resolve()
        checked += 1
    assert checked == sum(bool(leaves_below(result, u)) for u in result.tree) >= 12


def test_rollup_rows_equal_their_communes(sample_build):
    result, site = sample_build
    checked = 0
    for year in (2024, 2025):
        for group, row in rollup_checks(result, site, FOLDER, year):
            group = [u for u in group if (u.folder / FOLDER / str(year)).is_dir()]
            totals = [year_totals(u.folder / FOLDER / str(year)) for u in group]

            def total(name, totals=totals):
                return sum((t[name] for t in totals), Decimal(0))

            assert [number(x) for x in row[1:]] == [
                total("campaigns"),
                total("target"),
                total("collected"),
                total("money"),
                total("spent"),
                total("balance"),
            ], row
            checked += 1
    assert checked >= 30


# -- downloads -------------------------------------------------------------------------------------


def download(site, unit, year: str, title: str) -> list[dict]:
    doc = page(site, f"{unit.url_path}{FOLDER}/{year}")
    link = download_link(doc, title)
    raw = (site / unit.url_path / FOLDER / year / link).resolve().read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(raw[3:].decode("utf-8"))))


DATES = {DECIDED_ON, ITEM_DATE}
# Totals the page fills in where the file leaves them empty (here: campaigns without goods or
# labour): downloaded, with the figure the other tables give.
FILLED = {GOODS_VALUE: "goods", DAYS: "days", DAYS_VALUE: "labour", MONEY: "money"}


def test_downloads_hold_the_files_rows(sample_build):
    result, site = sample_build
    checked = 0
    for folder, _ in communes():
        unit = unit_of(result, folder)
        names = unit_villages(folder)
        for dataset in oracle.datasets(folder, FOLDER):
            campaigns = {c["row"][CODE]: c for c in source(dataset)}
            for file, title in (
                (CAMPAIGNS, "Các khoản đóng góp"),
                (VILLAGES, "Kết quả thu theo thôn"),
                (SPENDING, "Các khoản chi"),
            ):
                typed = oracle.read_csv(dataset / file)
                got = download(site, unit, dataset.name, title)
                assert len(got) == len(typed)
                for mine, theirs in zip(typed, got, strict=True):
                    for column, text in mine.items():
                        shown = theirs[column]
                        if column in DATES:
                            assert dt.date.fromisoformat(shown) == day(text)
                        elif column == VILLAGE:
                            assert shown == names[text]  # a name, not the file's code
                        elif column.endswith("(đồng)") or column in (DAYS, "Số hộ tham gia"):
                            assert amount(shown) == amount(text), (file, column)
                        else:
                            assert shown == text, (file, column)
                    for column in set(theirs) - set(mine):
                        assert file == CAMPAIGNS and column in FILLED, column
                        assert amount(theirs[column]) == campaigns[mine[CODE]][FILLED[column]]
                checked += 1
    assert checked >= 51


# -- the Excel template ----------------------------------------------------------------------------


def cli(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("pristine") / "data"
    shutil.copytree(SAMPLE_DATA / COMMUNE, root / COMMUNE)
    for ancestor in (PROVINCE, DISTRICT):
        shutil.copy(SAMPLE_DATA / ancestor / "unit.yaml", root / ancestor / "unit.yaml")
    assert list(validate_tree(root)) == []
    return root


@pytest.fixture
def commune(pristine, tmp_path) -> Commune:
    root = tmp_path / "data"
    shutil.copytree(pristine, root)
    return Commune(root)


OWN_ROWS = {
    "khoan-dong-gop": {
        CODE: "K1",
        NAME: "Lát gạch sân nhà văn hóa thôn Yên Thái",
        "Mục đích": "Lát 300 m² sân nhà văn hóa bằng gạch đỏ",
        DECIDED_BY: "Cộng đồng dân cư",
        "Văn bản quyết định": "Biên bản hội nghị thôn Yên Thái",
        DECIDED_ON: dt.datetime(2026, 3, 14),  # an Excel date
        NATURE: "Tự nguyện",
        TARGET: 70_000_000,
        MONEY: 45_000_000,
        GOODS_VALUE: 9_000_000,
        DAYS: 40,
        DAYS_VALUE: 8_000_000,
        SPENT: 30_000_000,
        BALANCE: 15_000_000,
    },
    "thu-theo-thon": {
        CODE: "K1",
        VILLAGE: "Thôn Yên Thái",
        "Tổng số hộ dân": 240,
        "Số hộ tham gia": 180,
        VILLAGE_MONEY: 45_000_000,
        GOODS: "3.000 viên gạch đỏ",
        GOODS_VALUE: 9_000_000,
        DAYS: 40,
        DAYS_VALUE: 8_000_000,
    },
    "chi": {CODE: "K1", NAME: "Mua gạch, cát", ITEM_DATE: "12/05/2026", ITEM_AMOUNT: 30_000_000},
}


def test_excel_template_filled_with_a_valid_row_validates_clean(commune, tmp_path):
    outcome = cli(
        "template",
        FOLDER,
        "--unit",
        "99101",
        "--data",
        str(commune.root),
        "--out",
        str(tmp_path / "mau"),
        cwd=tmp_path,
    )
    assert outcome.returncode == 0, outcome.stderr
    made = tmp_path / "mau" / FOLDER
    assert sorted(p.name for p in made.iterdir()) == [
        "chi.xlsx",
        "khoan-dong-gop.xlsx",
        "thong-tin.yaml",
        "thu-theo-thon.xlsx",
    ]
    target = commune.dir / FOLDER / "2026"
    shutil.copytree(made, target)
    meta = target / "thong-tin.yaml"
    text = meta.read_text(encoding="utf-8")
    assert 'year: "2025"' in text and "xã An Định" in text
    meta.write_text(text.replace('year: "2025"', 'year: "2026"'), encoding="utf-8")

    # As made, each table's example row is refused: staff must not publish it.
    problems = validate_tree(commune.root)
    assert sorted((p.file.rsplit("/", 1)[1], p.row, p.code) for p in problems) == [
        ("chi.xlsx", 2, "row-example"),
        ("khoan-dong-gop.xlsx", 2, "row-example"),
        ("thu-theo-thon.xlsx", 2, "row-example"),
    ]

    villages = list(unit_villages(commune.dir).values())
    for stem, values in OWN_ROWS.items():
        book = load_workbook(target / f"{stem}.xlsx")
        sheet = book.worksheets[0]
        headers = [c.value for c in sheet[1]]
        assert set(values) <= set(headers), (stem, set(values) - set(headers))
        if VILLAGE in headers:  # the drop-down offers the unit's villages
            lists = book["Danh mục"]
            column = headers.index(VILLAGE) + 1
            offered = [lists.cell(row=r, column=column).value for r in range(1, len(villages) + 1)]
            assert offered == villages
        for cell, header in zip(sheet[2], headers, strict=True):
            cell.value = values.get(header)
        book.save(target / f"{stem}.xlsx")
    problems = validate_tree(commune.root)
    assert not list(problems), [str(p) for p in problems]

    # The row a clerk types is read as typed: a wrong balance in the workbook is refused.
    book = load_workbook(target / "khoan-dong-gop.xlsx")
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=headers.index(BALANCE) + 1, value=16_000_000)
    book.save(target / "khoan-dong-gop.xlsx")
    assert_problems(
        validate_tree(commune.root),
        [
            Expected(
                f"{FOLDER}/2026/khoan-dong-gop.xlsx",
                "contributions.balance",
                row=2,
                column=BALANCE,
                value="16000000",
                details={"expected": "15.000.000"},
            )
        ],
    )


# -- broken files ----------------------------------------------------------------------------------

YEAR = f"{FOLDER}/2025"
CAMPAIGNS_FILE, VILLAGES_FILE, SPENDING_FILE = (
    f"{YEAR}/{CAMPAIGNS}",
    f"{YEAR}/{VILLAGES}",
    f"{YEAR}/{SPENDING}",
)


def with_goods(c: Commune) -> tuple[str, int]:
    """A campaign with goods and labour in the sample (a work), and its village row's line."""
    campaign = next(
        r[CODE] for r in oracle.read_csv(c.path(CAMPAIGNS_FILE)) if r.get(GOODS_VALUE, "").strip()
    )
    return campaign, c.line_of(VILLAGES_FILE, CODE, campaign)


def campaign_by_nature(c: Commune, nature: str) -> str:
    return next(r[CODE] for r in oracle.read_csv(c.path(CAMPAIGNS_FILE)) if r[NATURE] == nature)


CASES: dict[str, object] = {}


def case(name: str):
    def register(function):
        assert name not in CASES, name
        CASES[name] = function
        return function

    return register


@case("balance-not-money-less-spent")
def _(c):
    line = c.line_of(CAMPAIGNS_FILE, CODE, "K2")
    right = amount(c.cell(CAMPAIGNS_FILE, line, BALANCE))
    c.set_cell(CAMPAIGNS_FILE, line, BALANCE, str(right + 1000))
    return [
        Expected(
            CAMPAIGNS_FILE,
            "contributions.balance",
            row=line,
            column=BALANCE,
            value=str(right + 1000),
            details={"expected": vi(right)},
        )
    ]


def overspend(c: Commune, notes: str) -> int:
    """The mandatory fund's last remittance raised above what was collected, its campaign's
    spent and balance typed to match: the balance goes below zero."""
    code = campaign_by_nature(c, "Bắt buộc")
    line = c.line_of(CAMPAIGNS_FILE, CODE, code)
    money = amount(c.cell(CAMPAIGNS_FILE, line, MONEY))
    spent = amount(c.cell(CAMPAIGNS_FILE, line, SPENT))
    items = [n for n, r in enumerate(c.rows(SPENDING_FILE), start=1) if r[0] == code]
    last = amount(c.cell(SPENDING_FILE, items[-1], ITEM_AMOUNT))
    extra = money - spent + 5_000_000
    c.set_cell(SPENDING_FILE, items[-1], ITEM_AMOUNT, str(last + extra))
    c.set_cell(CAMPAIGNS_FILE, line, SPENT, str(spent + extra))
    c.set_cell(CAMPAIGNS_FILE, line, BALANCE, "-5.000.000")
    c.set_cell(CAMPAIGNS_FILE, line, NOTES, notes)
    return line


@case("spent-more-than-collected-unexplained")
def _(c):
    line = overspend(c, "")
    spent = amount(c.cell(CAMPAIGNS_FILE, line, SPENT))
    return [
        Expected(
            CAMPAIGNS_FILE,
            "contributions.overspent",
            row=line,
            column=SPENT,
            value=str(spent),
            details={"spent": vi(spent), "money": vi(spent - 5_000_000)},
        )
    ]


@case("spent-more-than-collected-explained-accepted")
def _(c):
    overspend(c, "Ngân sách xã tạm ứng 5.000.000 đồng để nộp đủ theo kế hoạch")
    return []


@case("goods-without-value")
def _(c):
    campaign, line = with_goods(c)
    goods = c.cell(VILLAGES_FILE, line, GOODS)
    c.set_cell(VILLAGES_FILE, line, GOODS_VALUE, "")
    c.set_cell(CAMPAIGNS_FILE, c.line_of(CAMPAIGNS_FILE, CODE, campaign), GOODS_VALUE, "")
    return [
        Expected(
            VILLAGES_FILE,
            "contributions.in-kind-value-missing",
            row=line,
            column=GOODS_VALUE,
            details={"what": goods},
        )
    ]


@case("labour-days-without-value")
def _(c):
    campaign, line = with_goods(c)
    days = c.cell(VILLAGES_FILE, line, DAYS)
    c.set_cell(VILLAGES_FILE, line, DAYS_VALUE, "")
    c.set_cell(CAMPAIGNS_FILE, c.line_of(CAMPAIGNS_FILE, CODE, campaign), DAYS_VALUE, "")
    return [
        Expected(
            VILLAGES_FILE,
            "contributions.labour-value-missing",
            row=line,
            column=DAYS_VALUE,
            details={"days": days},
        )
    ]


@case("goods-value-summed-wrong-in-campaign")
def _(c):
    campaign, line = with_goods(c)
    row = c.line_of(CAMPAIGNS_FILE, CODE, campaign)
    right = amount(c.cell(CAMPAIGNS_FILE, row, GOODS_VALUE))
    c.set_cell(CAMPAIGNS_FILE, row, GOODS_VALUE, str(right * 10))  # a zero too many
    return [
        Expected(
            CAMPAIGNS_FILE,
            "contributions.village-sum",
            row=row,
            column=GOODS_VALUE,
            value=str(right * 10),
            details={"expected": f"{vi(right)} đồng", "table": "Kết quả thu theo thôn"},
        )
    ]


@case("village-not-in-unit")
def _(c):
    line = c.line_of(VILLAGES_FILE, CODE, "K1")
    c.set_cell(VILLAGES_FILE, line, VILLAGE, "Thôn Đồng Xa")
    return [
        Expected(
            VILLAGES_FILE,
            "contributions.village-unknown",
            row=line,
            column=VILLAGE,
            value="Thôn Đồng Xa",
        )
    ]


@case("village-twice-once-by-name")
def _(c):
    lines = [n for n, r in enumerate(c.rows(VILLAGES_FILE), start=1) if r[0] == "K1"]
    first = c.cell(VILLAGES_FILE, lines[0], VILLAGE)
    name = unit_villages(c.dir)[first]
    c.set_cell(VILLAGES_FILE, lines[1], VILLAGE, name.upper())  # «THÔN YÊN THÁI», the same one
    return [
        Expected(
            VILLAGES_FILE,
            "contributions.village-twice",
            row=lines[1],
            column=VILLAGE,
            value=first,
            details={"first": lines[0], "campaign": "K1"},
        )
    ]


@case("mandatory-misspelt")
def _(c):
    line = c.line_of(CAMPAIGNS_FILE, NATURE, "Bắt buộc")
    c.set_cell(CAMPAIGNS_FILE, line, NATURE, "Bắt buột")
    return [
        Expected(
            CAMPAIGNS_FILE,
            "cell-category",
            row=line,
            column=NATURE,
            value="Bắt buột",
            details={"choices": "«Tự nguyện», «Bắt buộc»"},
        )
    ]


@case("mandatory-by-a-village-meeting")
def _(c):
    line = c.line_of(CAMPAIGNS_FILE, DECIDED_BY, "Cộng đồng dân cư")
    c.set_cell(CAMPAIGNS_FILE, line, NATURE, "Bắt buộc")
    return [
        Expected(
            CAMPAIGNS_FILE,
            "contributions.mandatory-not-by-law",
            row=line,
            column=NATURE,
            value="Bắt buộc",
            details={"decided": "cộng đồng dân cư"},
        )
    ]


@case("negative-money-of-a-village")
def _(c):
    line = c.line_of(VILLAGES_FILE, CODE, "K1")
    c.set_cell(VILLAGES_FILE, line, VILLAGE_MONEY, "-5.000.000")
    return [
        Expected(
            VILLAGES_FILE,
            "cell-below-minimum",
            row=line,
            column=VILLAGE_MONEY,
            value="-5.000.000",
            details={"minimum": 0},
        )
    ]


@case("fraction-of-a-dong")
def _(c):
    line = c.line_of(SPENDING_FILE, CODE, "K1")
    c.set_cell(SPENDING_FILE, line, ITEM_AMOUNT, "30.127.000,5")
    return [
        Expected(
            SPENDING_FILE,
            "cell-number-fraction",
            row=line,
            column=ITEM_AMOUNT,
            value="30.127.000,5",
        )
    ]


@case("totals-row-under-the-villages")
def _(c):
    rows = c.rows(VILLAGES_FILE)
    header, body = rows[0], [r for r in rows[1:] if r[0] == "K1"]
    total = ["K1", "Tổng cộng"] + [
        str(sum(int(r[i]) for r in body if r[i])) if any(r[i] for r in body) else ""
        for i in range(2, len(header))
    ]
    line = c.append(VILLAGES_FILE, total)
    return [Expected(VILLAGES_FILE, "table-total-row", row=line, column=VILLAGE, value="Tổng cộng")]


@case("invisible-character-in-a-name")
def _(c):
    line = c.line_of(CAMPAIGNS_FILE, CODE, "K2")
    name = c.cell(CAMPAIGNS_FILE, line, NAME)
    c.set_cell(CAMPAIGNS_FILE, line, NAME, name[:5] + "\u200b" + name[5:])  # zero-width space
    return [Expected(CAMPAIGNS_FILE, "text-invisible", row=line, column=NAME, value=ANY)]


@case("bidi-override-in-a-spending-item")
def _(c):
    line = c.line_of(SPENDING_FILE, CODE, "K1")
    c.set_cell(SPENDING_FILE, line, NAME, "Nộp quỹ \u202e000.000.01\u202c")  # shows reversed
    return [Expected(SPENDING_FILE, "text-invisible", row=line, column=NAME, value=ANY)]


@case("phone-number-in-a-note")
def _(c):
    line = c.line_of(CAMPAIGNS_FILE, CODE, "K2")
    c.set_cell(CAMPAIGNS_FILE, line, NOTES, "Liên hệ trưởng thôn: 0912 345 678")
    return [
        Expected(CAMPAIGNS_FILE, "personal-phone", row=line, column=NOTES, value="0912 345 678")
    ]


@case("identity-number-of-a-donor-in-goods")
def _(c):
    campaign, line = with_goods(c)
    c.set_cell(VILLAGES_FILE, line, GOODS, "5 tấn xi măng của ông Lê Văn Tám, CCCD 001203004567")
    return [
        Expected(VILLAGES_FILE, "personal-cccd", row=line, column=GOODS, value="CCCD 001203004567")
    ]


@case("spending-dated-last-year")
def _(c):
    line = c.line_of(SPENDING_FILE, CODE, "K1")
    typed = c.cell(SPENDING_FILE, line, ITEM_DATE)
    last_year = typed[:-4] + "2024"
    c.set_cell(SPENDING_FILE, line, ITEM_DATE, last_year)
    return [
        Expected(
            SPENDING_FILE,
            "contributions.date-outside-year",
            row=line,
            column=ITEM_DATE,
            value=last_year,
            details={"year": 2025},
        )
    ]


@case("spending-before-its-decision")
def _(c):
    code = campaign_by_nature(c, "Bắt buộc")
    decided = day(c.cell(CAMPAIGNS_FILE, c.line_of(CAMPAIGNS_FILE, CODE, code), DECIDED_ON))
    line = c.line_of(SPENDING_FILE, CODE, code)
    before = (decided - dt.timedelta(days=10)).strftime("%d/%m/%Y")
    c.set_cell(SPENDING_FILE, line, ITEM_DATE, before)
    return [
        Expected(
            SPENDING_FILE,
            "contributions.spent-before-decision",
            row=line,
            column=ITEM_DATE,
            value=before,
            details={"decided": decided.strftime("%d/%m/%Y")},
        )
    ]


@case("decided-next-year")
def _(c):
    line = c.line_of(CAMPAIGNS_FILE, CODE, "K2")
    typed = c.cell(CAMPAIGNS_FILE, line, DECIDED_ON)
    later = typed[:-4] + "2026"
    c.set_cell(CAMPAIGNS_FILE, line, DECIDED_ON, later)
    # its spending, dated before that decision, is not reported again
    return [
        Expected(
            CAMPAIGNS_FILE,
            "contributions.decided-after-year",
            row=line,
            column=DECIDED_ON,
            value=later,
            details={"year": 2025},
        )
    ]


@case("spending-of-an-unknown-campaign")
def _(c):
    line = c.append(SPENDING_FILE, ["K9", "Mua loa đài", "", "2.000.000"])
    return [
        Expected(
            SPENDING_FILE,
            "contributions.campaign-unknown",
            row=line,
            column=CODE,
            value="K9",
            details={"table": "Các khoản đóng góp"},
        )
    ]


@case("spending-line-left-out-of-spent")
def _(c):
    line = c.line_of(CAMPAIGNS_FILE, CODE, "K3")
    spent = amount(c.cell(CAMPAIGNS_FILE, line, SPENT))
    balance = amount(c.cell(CAMPAIGNS_FILE, line, BALANCE))
    c.append(SPENDING_FILE, ["K3", "Tặng quà hộ nghèo", "", "1.000.000"])
    # the balance was lowered by the new line, the spent total was not
    c.set_cell(CAMPAIGNS_FILE, line, BALANCE, str(balance - 1_000_000))
    return [
        Expected(
            CAMPAIGNS_FILE,
            "contributions.spending-sum",
            row=line,
            column=SPENT,
            value=str(spent),
            details={"expected": vi(spent + 1_000_000)},
        )
    ]


@case("campaign-without-villages")
def _(c):
    c.append(
        CAMPAIGNS_FILE,
        ["K4", "Sửa chữa cầu tràn", "Đổ lại mặt cầu tràn", "Cộng đồng dân cư", "", "10/04/2025"]
        + ["Tự nguyện", "50000000"],
    )
    line = len(c.rows(CAMPAIGNS_FILE))
    return [
        Expected(
            CAMPAIGNS_FILE,
            "contributions.campaign-without-villages",
            row=line,
            column=CODE,
            value="K4",
        )
    ]


@case("missing-required-column")
def _(c):
    rows = c.rows(CAMPAIGNS_FILE)
    index = rows[0].index(NATURE)
    c.write_rows(CAMPAIGNS_FILE, [r[:index] + r[index + 1 :] for r in rows])
    return [Expected(CAMPAIGNS_FILE, "column-missing", row=1, column=NATURE)]


@case("a-formula-pasted-as-an-amount")
def _(c):
    line = c.line_of(VILLAGES_FILE, CODE, "K1")
    c.set_cell(VILLAGES_FILE, line, VILLAGE_MONEY, "=SUM(D2:D8)")
    return [
        Expected(
            VILLAGES_FILE, "cell-number-format", row=line, column=VILLAGE_MONEY, value="=SUM(D2:D8)"
        )
    ]


@case("as-a-clerk-types-it-accepted")
def _(c):
    """Villages by name in capitals, codes in lower case, labels without diacritics, amounts with
    dots and «đ», the campaigns' totals left for the page to add up."""
    names = unit_villages(c.dir)
    rows = c.rows(VILLAGES_FILE)
    village = rows[0].index(VILLAGE)
    money = rows[0].index(VILLAGE_MONEY)
    for r in rows[1:]:
        r[0] = r[0].lower()
        r[village] = names[r[village]].upper()
        r[money] = f"{int(r[money]):,} đ".replace(",", ".")
    c.write_rows(VILLAGES_FILE, rows)
    rows = c.rows(CAMPAIGNS_FILE)
    header = rows[0]
    for r in rows[1:]:
        r[header.index(NATURE)] = {"Tự nguyện": "tu nguyen", "Bắt buộc": "BAT BUOC"}[
            r[header.index(NATURE)]
        ]
        for column in (MONEY, GOODS_VALUE, DAYS, DAYS_VALUE, SPENT, BALANCE):
            if column in header:
                r[header.index(column)] = ""
    c.write_rows(CAMPAIGNS_FILE, rows)
    return []


def test_corpus_is_large_enough():
    assert len([n for n in CASES if not n.endswith("-accepted")]) >= 12
    assert [n for n in CASES if n.endswith("-accepted")]


@pytest.mark.parametrize("name", list(CASES))
def test_bad_file(commune, name):
    expected = CASES[name](commune)
    assert_problems(validate_tree(commune.root), expected)


def test_what_the_clerk_left_empty_is_added_up_on_the_page(commune, tmp_path):
    """The accepted file whose campaign totals are empty builds with the same figures."""
    CASES["as-a-clerk-types-it-accepted"](commune)
    result = build(commune.root, tmp_path / "out", jobs=1)
    assert result.ok, result.failed
    dataset = SAMPLE_DATA / COMMUNE / YEAR
    totals = year_totals(dataset)
    unit = next(u for u in result.tree if u.is_leaf)
    doc = page(tmp_path / "out" / "site", f"{unit.url_path}{YEAR}")
    shown = rows(table_after(doc, "Tổng hợp các khoản"))
    assert [number(x) for x in shown[-1][3:]] == [totals[name] for name in FIGURES]


@pytest.mark.parametrize("label", ["Cộng khoản {code}", "Cộng các khoản", "Cong khoan {code}"])
def test_a_subtotal_row_of_one_campaigns_spending_is_refused(commune, label):
    """A clerk's «Cộng khoản K3» row, as the review's attack typed it: its amount would count the
    campaign's spending twice."""
    rows = commune.rows(SPENDING_FILE)
    code = rows[1][0]
    items = [r for r in rows[1:] if r[0] == code]
    total = sum(amount(r[3]) for r in items)
    line = commune.append(SPENDING_FILE, [code, label.format(code=code), items[-1][2], str(total)])
    found = [
        (p.code, p.row, p.column)
        for p in validate_tree(commune.root).errors
        if p.file.endswith(SPENDING_FILE)
    ]
    assert ("table-total-row", line, "Nội dung") in found, found
