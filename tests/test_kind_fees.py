"""Fees and charges (phí, lệ phí): every figure on the built pages against the sample's files read
with tests/oracle.py (nothing of the generator), the downloads, the Excel template, and a corpus of
broken files as commune offices and attackers make them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from decimal import ROUND_HALF_EVEN, Decimal

import pytest
from openpyxl import load_workbook

from generator.model.text import without_marks
from generator.pipeline.validate import validate_tree
from tests import oracle
from tests.conftest import REPO, SAMPLE_DATA
from tests.pages import number, page, rows, table_after
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

FOLDER = "phi-le-phi"
YEARS = (2024, 2025)
NAME, CATEGORY, BASIS, RATE, RATE_UNIT, SHARE, NOTES = (
    "Tên phí, lệ phí",
    "Loại",
    "Văn bản quy định mức thu",
    "Mức thu (đồng)",
    "Đơn vị tính mức thu",
    "Tỷ lệ để lại (%)",
    "Ghi chú",
)
FEE, QUARTER, COLLECTED, REMITTED, RETAINED = (
    "Tên phí, lệ phí",
    "Quý",
    "Số thu (đồng)",
    "Nộp ngân sách (đồng)",
    "Để lại chi phí (đồng)",
)
QUARTERS = ("Quý I", "Quý II", "Quý III", "Quý IV")
LIST = f"{FOLDER}/2025/danh-muc.csv"
TAKINGS = f"{FOLDER}/2025/so-thu.csv"


def grouped(amount) -> str:
    """1234567 -> '1.234.567', written here, not by the generator."""
    return f"{int(amount):,}".replace(",", ".")


def fee_lines(dataset_folder) -> list[dict]:
    """Each listed fee with its quarters and year totals, from the two CSV files."""
    takings = oracle.read_csv(dataset_folder / "so-thu.csv")
    lines = []
    for fee in oracle.read_csv(dataset_folder / "danh-muc.csv"):
        mine = [t for t in takings if t[FEE] == fee[NAME]]
        quarters = {t[QUARTER]: oracle.vi_number(t[COLLECTED]) for t in mine}
        collected = sum((oracle.vi_number(t[COLLECTED]) for t in mine), Decimal(0))
        remitted = sum((oracle.vi_number(t[REMITTED]) for t in mine), Decimal(0))
        lines.append(
            {
                **fee,
                "quarters": [quarters.get(q) for q in QUARTERS],
                "collected": collected,
                "remitted": remitted,
                "retained": collected - remitted,  # an empty «Để lại» is the difference
            }
        )
    return lines


def year_totals(dataset_folder) -> dict[str, Decimal]:
    lines = fee_lines(dataset_folder)
    return {
        "items": Decimal(len(lines)),
        **{
            k: sum((x[k] for x in lines), Decimal(0)) for k in ("collected", "remitted", "retained")
        },
        "fees": sum((x["collected"] for x in lines if x[CATEGORY] == "Phí"), Decimal(0)),
        "charges": sum((x["collected"] for x in lines if x[CATEGORY] == "Lệ phí"), Decimal(0)),
    }


def communes_with_fees(tree):
    return [u for u in tree if u.is_leaf and (u.folder / FOLDER).is_dir()]


def years_of(unit) -> list[int]:
    """A commune's years of fees: both, or one for a commune merged on 01/07/2025 (2024) and the
    one it merged into (2025)."""
    return [int(p.name) for p in oracle.datasets(unit.folder, FOLDER)]


# -- the built pages ----------------------------------------------------------------------------


def test_every_commune_has_fees_for_two_years(sample_build):
    result, _ = sample_build
    communes = [u for u in result.tree if u.villages]
    assert communes and communes_with_fees(result.tree) == communes
    for unit in communes:
        assert years_of(unit) in (list(YEARS), [YEARS[0]], [YEARS[-1]]), unit.title
    assert sum(years_of(u) == list(YEARS) for u in communes) >= 7


def test_year_page_figures_equal_the_files(sample_build):
    result, site = sample_build
    checked = 0
    for unit in communes_with_fees(result.tree):
        for year in years_of(unit):
            source = unit.folder / FOLDER / str(year)
            lines = fee_lines(source)
            doc = page(site, f"{unit.url_path}{FOLDER}/{year}")
            listed = rows(table_after(doc, "Danh mục phí, lệ phí"))
            assert len(listed) == len(lines)
            for shown, fee in zip(listed, lines, strict=True):
                assert shown[1:6] == [
                    fee[NAME],
                    fee[CATEGORY],
                    fee[BASIS],
                    grouped(oracle.vi_number(fee[RATE])),
                    fee[RATE_UNIT],
                ]
                if fee[SHARE]:
                    assert number(shown[6]) == oracle.vi_number(fee[SHARE])
                else:
                    assert shown[6] == "—"
            amounts = rows(table_after(doc, f"Số thu, nộp ngân sách năm {year}"))
            *body, foot = amounts
            assert len(body) == len(lines)
            for shown, fee in zip(body, lines, strict=True):
                assert shown[0] == fee[NAME]
                assert [None if c == "—" else number(c) for c in shown[1:5]] == fee["quarters"]
                assert [number(c) for c in shown[5:8]] == [
                    fee["collected"],
                    fee["remitted"],
                    fee["retained"],
                ]
            totals = year_totals(source)
            assert foot[0] == "Tổng cộng"
            assert [number(c) for c in foot[-3:]] == [
                totals["collected"],
                totals["remitted"],
                totals["retained"],
            ]
            text = " ".join(doc.find("article").get_text(" ").split())
            assert f"Năm {year} thu {grouped(totals['collected'])} đồng" in text
            assert f"trong đó phí {grouped(totals['fees'])} đồng" in text
            assert f"lệ phí {grouped(totals['charges'])} đồng" in text
            assert f"nộp ngân sách nhà nước {grouped(totals['remitted'])} đồng" in text
            checked += 1
    assert checked == sum(len(years_of(u)) for u in communes_with_fees(result.tree)) >= 16


def test_section_index_and_home_card(sample_build):
    result, site = sample_build
    for unit in communes_with_fees(result.tree):
        index = page(site, f"{unit.url_path}{FOLDER}")
        table = index.find("article").find("table")
        shown = {r[0]: r for r in rows(table)}
        for year in years_of(unit):
            totals = year_totals(unit.folder / FOLDER / str(year))
            row = shown[f"Năm {year}"]
            assert [number(c) for c in row[1:5]] == [
                totals["items"],
                totals["collected"],
                totals["remitted"],
                totals["retained"],
            ]
            posted = oracle.metadata(unit.folder / FOLDER / str(year))["posted"]
            assert row[5] == posted
        newest = year_totals(unit.folder / FOLDER / str(years_of(unit)[-1]))["collected"]
        assert card_value(site, unit, years_of(unit)[-1]) == in_millions(newest)


def in_millions(amount: Decimal) -> Decimal:
    return (amount / Decimal(1_000_000)).quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN)


def card_value(site, unit, year) -> Decimal:
    home = page(site, unit.url_path)
    label = f"Thu phí, lệ phí năm {year}"
    card = next(a for a in home.find_all("a") if a.get_text(strip=True) == label)
    return number(card.find_next("span", class_="ck-figure").get_text())


def test_parents_card_and_rollups_add_up_their_communes(sample_build):
    result, site = sample_build
    tree = result.tree
    checked = 0
    for year in YEARS:
        for group, row in rollup_checks(result, site, FOLDER, year):
            group = [u for u in group if year in years_of(u)]
            totals = [year_totals(u.folder / FOLDER / str(year)) for u in group]
            expected = [
                sum((t[k] for t in totals), Decimal(0))
                for k in ("collected", "fees", "charges", "remitted", "retained")
            ]
            assert [number(c) for c in row[1:6]] == expected, row
            checked += 1
    assert checked > 10
    for parent in (u for u in tree if not u.is_leaf):
        leaves = [u for u in oracle.counted(tree, parent) if YEARS[-1] in years_of(u)]
        total = sum(
            (year_totals(u.folder / FOLDER / str(YEARS[-1]))["collected"] for u in leaves),
            Decimal(0),
        )
        assert card_value(site, parent, YEARS[-1]) == in_millions(total)


def test_downloads_equal_the_files_rows(sample_build):
    result, site = sample_build
    for unit in communes_with_fees(result.tree):
        for year in years_of(unit):
            source = unit.folder / FOLDER / str(year)
            for name in ("danh-muc", "so-thu"):
                mine = oracle.read_csv(site / unit.url_path / FOLDER / f"{year}-{name}.csv")
                theirs = oracle.read_csv(source / f"{name}.csv")
                assert len(mine) == len(theirs) > 0
                for got, want in zip(mine, theirs, strict=True):
                    for column, value in want.items():
                        if column == RETAINED and not value:  # filled in as the difference
                            value = str(
                                oracle.vi_number(want[COLLECTED]) - oracle.vi_number(want[REMITTED])
                            )
                        if column in (RATE, SHARE, COLLECTED, REMITTED, RETAINED) and value:
                            assert oracle.vi_number(got[column]) == oracle.vi_number(value)
                        else:
                            assert got.get(column, "") == value, (column, got, want)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """xã An Định with its province's and district's unit.yaml only (as tests/test_bad_files.py)."""
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


# -- the Excel template ---------------------------------------------------------------------------


def test_excel_template_filled_with_a_valid_row_validates_clean(commune, tmp_path):
    out = tmp_path / "templates"
    done = subprocess.run(
        [sys.executable, "-m", "generator", "template", FOLDER, "--unit", "99101", "--data"]
        + [str(commune.root), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
    target = commune.path(f"{FOLDER}/2030")
    shutil.copytree(out / FOLDER, target)
    meta = target / "thong-tin.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace('year: "2025"', 'year: "2030"'), encoding="utf-8"
    )
    # As it comes, each table's example row is refused.
    assert sorted(p.file.rsplit("/", 1)[1] for p in validate_tree(commune.root).errors) == [
        "danh-muc.xlsx",
        "so-thu.xlsx",
    ]
    # A commune's own row over each example: a charge remitted in full.
    fill(target / "danh-muc.xlsx", {NAME: "Lệ phí cấp bản sao trích lục hộ tịch", RATE: 8000})
    fill(
        target / "so-thu.xlsx",
        {
            FEE: "Lệ phí cấp bản sao trích lục hộ tịch",
            QUARTER: "Quý II",
            COLLECTED: 96000,
            REMITTED: 96000,
            RETAINED: 0,
        },
    )
    problems = validate_tree(commune.root)
    assert not problems.errors and not problems.warnings, [str(p) for p in problems]


def fill(workbook, values: dict) -> None:
    book = load_workbook(workbook)
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert set(values) <= set(headers), headers
    for title, value in values.items():
        sheet.cell(row=2, column=headers.index(title) + 1, value=value)
    book.save(workbook)


# -- the bad-file corpus --------------------------------------------------------------------------

CASES: dict[str, object] = {}


def case(name: str):
    def register(function):
        assert name not in CASES, name
        CASES[name] = function
        return function

    return register


def line_of(c: Commune, fee: str, quarter: str) -> int:
    rows_ = c.rows(TAKINGS)
    return next(n for n, r in enumerate(rows_, 1) if n > 1 and r[0] == fee and r[1] == quarter)


def charge(c: Commune) -> str:
    return next(r[0] for r in c.rows(LIST)[1:] if r[1] == "Lệ phí")


def fee_with_share(c: Commune) -> str:
    return next(r[0] for r in c.rows(LIST)[1:] if r[1] == "Phí" and r[5])


@case("remitted-above-collected")
def _(c):
    line = line_of(c, fee_with_share(c), "Quý II")
    collected = int(c.cell(TAKINGS, line, COLLECTED))
    c.set_cell(TAKINGS, line, REMITTED, str(collected + 1000))
    c.set_cell(TAKINGS, line, RETAINED, "0")
    return [
        Expected(
            TAKINGS,
            "fees.remitted-above-collected",
            row=line,
            column=REMITTED,
            value=str(collected + 1000),
        )
    ]


@case("a-quarter-twice-under-a-name-without-marks")
def _(c):
    """The review's attack: a fee's quarter typed again without marks and with a full stop is
    the same fee (matched as the list names it), and would count twice in the year."""
    rows = c.rows(TAKINGS)
    first = rows[1]
    typed = without_marks(first[0]) + "."
    line = c.append(TAKINGS, [typed, *first[1:]])
    return [
        Expected(
            TAKINGS,
            "fees.collection-twice",
            row=line,
            column=rows[0][0],
            value=first[0],
            details={"line": 2},
        )
    ]


@case("charge-partly-kept")
def _(c):
    name = charge(c)
    line = line_of(c, name, "Quý I")
    collected = int(c.cell(TAKINGS, line, COLLECTED))
    c.set_cell(TAKINGS, line, REMITTED, str(collected - 4000))
    c.set_cell(TAKINGS, line, RETAINED, "4000")
    return [
        Expected(
            TAKINGS,
            "fees.charge-not-remitted",
            row=line,
            column=REMITTED,
            value=str(collected - 4000),
            details={"fee": name},
        )
    ]


@case("charge-with-a-share")
def _(c):
    name = charge(c)
    line = c.line_of(LIST, NAME, name)
    c.set_cell(LIST, line, SHARE, "10")
    return [Expected(LIST, "fees.charge-retained", row=line, column=SHARE, value=ANY)]


@case("rate-unit-missing")
def _(c):
    line = c.line_of(LIST, NAME, fee_with_share(c))
    c.set_cell(LIST, line, RATE_UNIT, "")
    return [Expected(LIST, "cell-required", row=line, column=RATE_UNIT, value=ANY)]


@case("total-row-at-the-bottom")
def _(c):
    rows_ = c.rows(TAKINGS)
    total = sum(int(r[2]) for r in rows_[1:])
    remitted = sum(int(r[3]) for r in rows_[1:])
    # copied from the last row, its name overwritten: a total, and no fee of the list besides
    line = c.append(TAKINGS, ["Tổng cộng", "Quý IV", str(total), str(remitted), ""])
    return [
        Expected(TAKINGS, "table-total-row", row=line, column=FEE, value=ANY),
    ]


@case("zero-width-space-in-a-fee-name")
def _(c):
    name = charge(c)
    line = c.line_of(LIST, NAME, name)
    c.set_cell(LIST, line, NAME, name.replace(" ", " \u200b", 1))
    return [Expected(LIST, "text-invisible", row=line, column=NAME, value=ANY)]


@case("fee-not-in-the-list")
def _(c):
    line = line_of(c, charge(c), "Quý III")
    c.set_cell(TAKINGS, line, FEE, "Lệ phí chứng thục")
    return [Expected(TAKINGS, "fees.fee-unknown", row=line, column=FEE, value="Lệ phí chứng thục")]


@case("fraction-of-a-dong")
def _(c):
    line = line_of(c, charge(c), "Quý IV")
    c.set_cell(TAKINGS, line, COLLECTED, "1.250.000,5")
    return [Expected(TAKINGS, "cell-number-fraction", row=line, column=COLLECTED, value=ANY)]


@case("english-thousands")
def _(c):
    line = line_of(c, charge(c), "Quý IV")
    c.set_cell(TAKINGS, line, REMITTED, "1,250,000")
    return [Expected(TAKINGS, "cell-number-comma-thousands", row=line, column=REMITTED, value=ANY)]


@case("kept-and-remitted-do-not-add-up")
def _(c):
    line = line_of(c, fee_with_share(c), "Quý I")
    kept = int(c.cell(TAKINGS, line, RETAINED))
    c.set_cell(TAKINGS, line, RETAINED, str(kept - 10_000))
    return [Expected(TAKINGS, "fees.split", row=line, column=RETAINED, value=str(kept - 10_000))]


@case("fee-kept-without-a-share")
def _(c):
    name = fee_with_share(c)
    c.set_cell(LIST, c.line_of(LIST, NAME, name), SHARE, "")
    return [
        Expected(TAKINGS, "fees.retained-not-allowed", row=line, column=RETAINED, value=ANY)
        for line in (line_of(c, name, q) for q in QUARTERS)
    ]


@case("kept-more-than-the-share")
def _(c):
    name = fee_with_share(c)
    line = line_of(c, name, "Quý III")
    collected = int(c.cell(TAKINGS, line, COLLECTED))
    share = Decimal(c.cell(LIST, c.line_of(LIST, NAME, name), SHARE))
    kept = int(collected * share / 100) + 50_000
    c.set_cell(TAKINGS, line, RETAINED, str(kept))
    c.set_cell(TAKINGS, line, REMITTED, str(collected - kept))
    return [
        Expected(
            TAKINGS,
            "fees.retained-share",
            row=line,
            column=RETAINED,
            value=str(kept),
            severity="warning",
        )
    ]


@case("a-quarter-twice")
def _(c):
    name = charge(c)
    first = line_of(c, name, "Quý I")
    second = line_of(c, name, "Quý II")
    c.set_cell(TAKINGS, second, QUARTER, "quý i")
    return [
        Expected(
            TAKINGS,
            "key-duplicate",
            row=second,
            column=FEE,
            value=ANY,
            details={"first": first},
        )
    ]


@case("a-fifth-quarter")
def _(c):
    line = line_of(c, charge(c), "Quý IV")
    c.set_cell(TAKINGS, line, QUARTER, "Quý V")
    return [Expected(TAKINGS, "cell-category", row=line, column=QUARTER, value="Quý V")]


@case("identity-number-in-the-notes")
def _(c):
    line = c.line_of(LIST, NAME, charge(c))
    rows_ = c.rows(LIST)
    if NOTES not in rows_[0]:
        rows_ = [r + [""] for r in rows_]
        rows_[0][-1] = NOTES
    rows_[line - 1][-1] = "Miễn cho ông Nguyễn Văn Bình, CCCD 001089012345"
    c.write_rows(LIST, rows_)
    return [Expected(LIST, "personal-cccd", row=line, column=NOTES, value=ANY)]


@case("cyrillic-letter-in-a-basis")
def _(c):
    line = c.line_of(LIST, NAME, charge(c))
    basis = c.cell(LIST, line, BASIS)
    c.set_cell(LIST, line, BASIS, basis.replace("T", "Т", 1))  # Cyrillic Te
    return [Expected(LIST, "text-lookalike-script", row=line, column=BASIS, value=ANY)]


def test_corpus_is_large_enough():
    assert len(CASES) >= 10


@pytest.mark.parametrize("name", list(CASES))
def test_bad_fees_file(commune, name):
    expected = CASES[name](commune)
    assert_problems(validate_tree(commune.root), expected)


def test_ordinary_fees_raise_no_false_alarm(commune):
    """Fees an office really lists: a «cộng đồng» hall, a rate per m² and month, a note with a
    resolution's date and its rates by page, a fee kept at a share with a decimal comma."""
    c = commune
    rows_ = c.rows(LIST)
    header = rows_[0] if NOTES in rows_[0] else [*rows_[0], NOTES]
    body = [r + [""] * (len(header) - len(r)) for r in rows_[1:]]
    body.append(
        [
            "Phí sử dụng nhà văn hóa cộng đồng",
            "phí",
            "Nghị quyết 12/2021/NQ-HĐND ngày 10/12/2021 của Hội đồng nhân dân tỉnh",
            "3.000",
            "đồng/m²/tháng",
            "12,5",
            "Mức thu từ trang thứ ba: 1.000 đồng/trang, tối đa 200.000 đồng/bản",
        ][: len(header)]
    )
    c.write_rows(LIST, [header, *body])
    c.append(
        TAKINGS,
        ["Phí sử dụng nhà văn hóa cộng đồng", "Quý I", "1.200.000", "1.050.000", "150.000"],
        ["phí sử dụng nhà văn hoá cộng đồng", "quý ii", "800000", "700000", ""],
    )
    problems = validate_tree(c.root)
    assert not list(problems), [str(p) for p in problems]
