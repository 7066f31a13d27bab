"""Results of supervision (kết quả giám sát, thanh tra nhân dân): every figure on the built pages
(a year's page, the section page, the home page's cards, the rollups of districts and the
province) against the sample's files read here with nothing from the generator, each result's
status worked out here from its dates; the links to the projects it names; the downloads against
the files; the Excel template filled in; and a corpus of broken files, each refused with its code,
file, row and column."""

from __future__ import annotations

import datetime as dt
import posixpath
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.pipeline.validate import validate_tree
from tests import oracle
from tests.conftest import REPO, SAMPLE_DATA
from tests.pages import number, page, rows, soup, table_after
from tests.test_bad_files import (
    ANY,
    COMMUNE,
    DISTRICT,
    PROVINCE,
    Commune,
    Expected,
    assert_problems,
)

FOLDER = "giam-sat"
PROJECTS = "du-an-dau-tu"
YEAR = "2025"
KET_QUA = f"{FOLDER}/{YEAR}/ket-qua.csv"
META = f"{FOLDER}/{YEAR}/thong-tin.yaml"

BODY, SUBJECT, START, END = "Ban giám sát", "Nội dung", "Từ ngày", "Đến ngày"
PROJECT, FINDINGS, RECOMMENDATIONS = "Mã dự án", "Kết quả giám sát", "Kiến nghị"
AUTHORITY, DEADLINE = "Cơ quan có thẩm quyền", "Hạn trả lời"
RESPONSE, STATUS, RESOLVED = "Trả lời của cơ quan có thẩm quyền", "Tình trạng", "Ngày giải quyết"
BODIES = {
    "ban-thanh-tra-nhan-dan": "Ban thanh tra nhân dân",
    "ban-giam-sat-dau-tu": "Ban giám sát đầu tư của cộng đồng",
}
DONE, OPEN, LATE = "Đã giải quyết", "Đang giải quyết", "Quá hạn"
STATUSES = {"da-giai-quyet": DONE, "dang-giai-quyet": OPEN, "qua-han": LATE}


def label(mapping: dict, text: str) -> str:
    return mapping.get(text, text)


def vn_date(text: str) -> dt.date:
    day, month, year = (int(part) for part in text.split("/"))
    return dt.date(year, month, day)


def judged(row: dict, posted: dt.date) -> tuple[str, int]:
    """A recommendation's status as of posting and its days late, from the rule the page states:
    resolved (late by its resolution's days past the deadline), else overdue once the deadline
    has passed on the posting date, else in progress."""
    deadline = vn_date(row[DEADLINE])
    if label(STATUSES, row[STATUS]) == DONE:
        return DONE, max(0, (vn_date(row[RESOLVED]) - deadline).days)
    if posted > deadline:
        return LATE, (posted - deadline).days
    return OPEN, 0


def report(folder: Path) -> dict:
    """A year's results read from its files, and its figures worked out here."""
    posted = vn_date(oracle.metadata(folder)["posted"])
    results = oracle.read_csv(folder / "ket-qua.csv")
    states = [judged(r, posted) for r in results]
    by_body = {
        name: {s: 0 for s in (None, DONE, OPEN, LATE)} for name in BODIES.values()
    }  # None: all
    for r, (status, _) in zip(results, states, strict=True):
        body = by_body[label(BODIES, r[BODY])]
        body[None] += 1
        body[status] += 1
    return {
        "posted": posted,
        "results": results,
        "states": states,
        "count": len(results),
        "by_status": {s: sum(x == s for x, _ in states) for s in (DONE, OPEN, LATE)},
        "late_resolved": sum(s == DONE and late > 0 for s, late in states),
        "by_body": by_body,
    }


def leaves(result):
    return [u for u in result.tree if u.is_leaf]


def reports(unit) -> dict[int, Path]:
    return {int(d.name): d for d in oracle.datasets(unit.folder, FOLDER)}


def under(result, unit):
    return oracle.counted(result.tree, unit)


def project_named(unit, year: int, code: str) -> tuple[int, str]:
    """The newest register of the year or before that lists the project: its year and the name."""
    for folder in sorted(oracle.datasets(unit.folder, PROJECTS), reverse=True):
        if int(folder.name) > year:
            continue
        for p in oracle.read_csv(folder / "du-an.csv"):
            if p["Mã dự án"].upper() == code.upper():
                return int(folder.name), p["Tên công trình, dự án"]
    raise AssertionError(f"{code} in no register of {unit.title} up to {year}")


def percent(part: int, whole: int) -> str:
    return f"{part / whole * 100:.1f}".replace(".", ",") + " %"


# -- a year's page -----------------------------------------------------------------------------


def test_every_figure_and_row_of_a_years_page_is_the_files(sample_build):
    result, site = sample_build
    checked = linked = 0
    for unit in leaves(result):
        for year, folder in reports(unit).items():
            data = report(folder)
            doc = page(site, f"{unit.url_path}{FOLDER}/{year}")
            summary = {r[0]: number(r[1]) for r in rows(table_after(doc, "Tổng hợp kiến nghị"))}
            assert summary == {
                "Đã giải quyết": data["by_status"][DONE],
                "Trong đó giải quyết sau hạn": data["late_resolved"],
                "Đang giải quyết, chưa đến hạn": data["by_status"][OPEN],
                "Quá hạn": data["by_status"][LATE],
                "Tổng cộng": data["count"],
            }
            text = " ".join(doc.find("article").get_text(" ").split())
            people = data["by_body"]["Ban thanh tra nhân dân"][None]
            investment = data["by_body"]["Ban giám sát đầu tư của cộng đồng"][None]
            assert f"Ban thanh tra nhân dân: {people} cuộc giám sát" in text
            assert f"Ban giám sát đầu tư của cộng đồng: {investment} cuộc giám sát" in text
            done = data["by_status"][DONE]
            assert f"Tỷ lệ kiến nghị đã giải quyết: {percent(done, data['count'])}" in text
            listed = table_after(doc, "Danh sách kết quả giám sát")
            shown = rows(listed)
            assert len(shown) == data["count"]
            for n, (row, r, (status, late)) in enumerate(
                zip(shown, data["results"], data["states"], strict=True), start=1
            ):
                assert row[:4] == [
                    str(n),
                    label(BODIES, r[BODY]),
                    r[SUBJECT],
                    f"{r[START]} – {r[END]}",
                ]
                if r[PROJECT]:
                    register_year, name = project_named(unit, year, r[PROJECT])
                    assert row[4] == f"{r[PROJECT]}: {name}"
                    linked += 1
                else:
                    assert row[4] == ""
                if status == DONE:
                    assert row[5] == (f"{DONE} (sau hạn {late} ngày)" if late else DONE)
                elif status == LATE:
                    assert row[5] == f"Quá hạn {late} ngày"
                else:
                    assert row[5] == OPEN
                # the detail of each result, under its heading
                heading = doc.find(id=f"ket-qua-{n}")
                assert heading.get_text(strip=True) == f"{n}. {r[SUBJECT]}"
                details = " ".join(heading.find_next("ul").get_text(" ").split())
                for part in (r[FINDINGS], r[RECOMMENDATIONS], r[AUTHORITY], r[DEADLINE]):
                    assert " ".join(part.split()) in details
                assert (r.get(RESPONSE) or "chưa có") in details  # an optional column
            checked += 1
    assert checked >= 17 and linked >= 15


def test_a_named_project_links_to_its_row_in_the_register(sample_build):
    result, site = sample_build
    checked = 0
    for unit in leaves(result):
        for year, folder in reports(unit).items():
            here = site / unit.url_path / FOLDER / str(year)
            doc = soup(here / "index.html")
            written = oracle.read_csv(folder / "ket-qua.csv")
            details = [
                doc.find(id=f"ket-qua-{n}").find_next("ul") for n in range(1, len(written) + 1)
            ]
            for r, cell in zip(written, details, strict=True):
                if not r[PROJECT]:
                    assert "Dự án:" not in cell.get_text()
                    continue
                register_year, _ = project_named(unit, year, r[PROJECT])
                href = cell.find("a")["href"]
                target, _, anchor = href.partition("#")
                path = Path(posixpath.normpath(str(here / target)))
                assert path == site / unit.url_path / PROJECTS / str(register_year)
                assert anchor == f"du-an-{r[PROJECT].lower()}"
                assert soup(path / "index.html").find(id=anchor).name == "h3"
                checked += 1
    assert checked >= 15


def test_the_section_page_lists_each_year(sample_build):
    result, site = sample_build
    for unit in (u for u in leaves(result) if reports(u)):
        doc = page(site, f"{unit.url_path}{FOLDER}")
        shown = rows(doc.find("article").find("table"))
        expected = []
        for year, folder in sorted(reports(unit).items(), reverse=True):
            data = report(folder)
            expected.append(
                [
                    f"Năm {year}",
                    str(data["count"]),
                    str(data["by_status"][DONE]),
                    str(data["by_status"][OPEN]),
                    str(data["by_status"][LATE]),
                    data["posted"].strftime("%d/%m/%Y"),
                ]
            )
        assert sorted(shown) == sorted(expected)


# -- the home page's cards ----------------------------------------------------------------------


def card(doc, title: str) -> str:
    link = next(a for a in doc.find_all("a") if a.get_text(strip=True) == title)
    return link.find_next("span", class_="ck-figure").get_text(strip=True)


def test_home_cards_give_the_newest_years_resolved_share_and_overdue(sample_build):
    result, site = sample_build
    checked = 0
    for unit in result.tree:
        communes = [u for u in under(result, unit) if reports(u)]
        if not communes:
            continue
        newest = max(year for u in communes for year in reports(u))
        found = [report(reports(u)[newest]) for u in communes if newest in reports(u)]
        doc = page(site, unit.url_path)
        count = sum(r["count"] for r in found)
        done = sum(r["by_status"][DONE] for r in found)
        title = f"Kiến nghị qua giám sát đã giải quyết năm {newest}"
        assert card(doc, title) == percent(done, count)
        late = sum(r["by_status"][LATE] for r in found)
        assert number(card(doc, f"Kiến nghị qua giám sát quá hạn năm {newest}")) == late
        checked += 1
    # every unit but those with none of it below (a dissolved district's history)
    assert checked == sum(any(reports(u) for u in under(result, x)) for x in result.tree)


# -- rollups ------------------------------------------------------------------------------------


def rollup_rows(site, parent, year: int, heading: str) -> dict[str, list[str]]:
    doc = page(site, f"{parent.url_path}{FOLDER}/tong-hop-{year}")
    table = table_after(doc, heading)
    return {
        r[0].replace("\u2003", "").strip(): r
        for r in (
            [c.get_text(" ", strip=True) for c in tr.find_all(["td", "th"])]
            for tr in table.find("tbody").find_all("tr") + table.find("tfoot").find_all("tr")
        )
    }


def test_rollups_by_status_and_by_board_add_up_the_communes(sample_build):
    result, site = sample_build
    checked = 0
    for parent in (u for u in result.tree if not u.is_leaf):
        for year in (2024, 2025):
            by_status = rollup_rows(site, parent, year, "Theo tình trạng")
            by_body = rollup_rows(site, parent, year, "Theo ban giám sát")
            for unit in [*oracle.rows_below(result.tree, parent), None]:
                found = [
                    report(reports(u)[year])
                    for u in under(result, unit or parent)
                    if year in reports(u)
                ]
                name = unit.title if unit else "Tổng cộng"
                count = sum(r["count"] for r in found)
                statuses = [sum(r["by_status"][s] for r in found) for s in (DONE, OPEN, LATE)]
                row = by_status[name]
                assert [number(x) for x in row[1:5]] == [count, *statuses]
                assert row[5] == percent(statuses[0], count)
                expected = [
                    sum(r["by_body"][body][s] for r in found)
                    for body in BODIES.values()
                    for s in (None, DONE, OPEN, LATE)
                ]
                assert [number(x) for x in by_body[name][1:]] == expected
                checked += 1
    assert checked >= 20


# -- downloads ------------------------------------------------------------------------------------


def as_typed(value: str) -> str:
    """A download's cell as the file writes it: dates dd/mm/yyyy."""
    try:
        return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
    except ValueError:
        return value


def test_downloads_are_the_files_rows(sample_build):
    result, site = sample_build
    checked = 0
    for unit in leaves(result):
        for year, folder in reports(unit).items():
            typed = oracle.read_csv(folder / "ket-qua.csv")
            offered = oracle.read_csv(site / unit.url_path / FOLDER / f"{year}-ket-qua.csv")
            assert list(offered[0]) == list(typed[0])
            for mine, theirs in zip(offered, typed, strict=True):
                assert {k: as_typed(v) for k, v in mine.items()} == {
                    k: label({**BODIES, **STATUSES}, v) for k, v in theirs.items()
                }
            checked += 1
    assert checked >= 17


# -- the Excel template ------------------------------------------------------------------------


def test_the_template_filled_with_a_valid_row_validates(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA / COMMUNE, data / COMMUNE)
    for ancestor in (PROVINCE, DISTRICT):
        shutil.copy(SAMPLE_DATA / ancestor / "unit.yaml", data / ancestor / "unit.yaml")
    out = tmp_path / "mau"
    done = subprocess.run(
        [sys.executable, "-m", "generator", "template", FOLDER, "--unit", "99101"]
        + ["--data", str(data), "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    target = data / COMMUNE / FOLDER / "2030"
    shutil.copytree(out / FOLDER, target)
    meta = target / "thong-tin.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8")
        .replace('year: "2025"', 'year: "2030"')
        .replace("xã Tên Đơn Vị", "xã An Định"),
        encoding="utf-8",
    )
    workbooks = sorted(target.glob("*.xlsx"))
    assert [w.stem for w in workbooks] == ["ket-qua"]
    assert {(p.code, p.row) for p in validate_tree(data).errors} == {("row-example", 2)}
    book = load_workbook(workbooks[0])
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    # its drop-downs offer the boards and the statuses as staff read them
    offered = {}
    for validation in sheet.data_validations.dataValidation:
        column = headers[next(iter(validation.sqref.ranges)).min_col - 1]
        where, cells = validation.formula1.split("!")
        source = book[where.strip("'")]
        offered[column] = [c.value for row in source[cells.replace("$", "")] for c in row]
    assert offered == {BODY: list(BODIES.values()), STATUS: list(STATUSES.values())}
    sheet.cell(
        row=2, column=headers.index(SUBJECT) + 1
    ).value = "Giám sát việc sửa chữa nhà văn hóa thôn Yên Thái"
    book.save(workbooks[0])
    problems = validate_tree(data)
    assert not problems.errors, [str(p) for p in problems.errors]


# -- a corpus of broken files ---------------------------------------------------------------------

CASES: dict[str, object] = {}


def case(name: str):
    def register_case(function):
        assert name not in CASES, name
        CASES[name] = function
        return function

    return register_case


def results(c: Commune) -> list[dict]:
    return oracle.read_csv(c.path(KET_QUA))


def line_where(c: Commune, test) -> int:
    """The spreadsheet line (header = 1) of the first result that passes `test`."""
    return next(n for n, r in enumerate(results(c), start=2) if test(r))


def posted(c: Commune) -> dt.date:
    return vn_date(oracle.metadata(c.path(f"{FOLDER}/{YEAR}"))["posted"])


def day(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def resolved_line(c: Commune) -> int:
    return line_where(c, lambda r: label(STATUSES, r[STATUS]) == DONE)


def unresolved_line(c: Commune) -> int:
    return line_where(c, lambda r: label(STATUSES, r[STATUS]) != DONE)


@case("unknown-project")
def _(c):
    line = line_where(c, lambda r: r[PROJECT])
    c.set_cell(KET_QUA, line, PROJECT, "DA99")
    return [
        Expected(
            KET_QUA,
            "supervision.project-unknown",
            row=line,
            column=PROJECT,
            value="DA99",
            details={"code": "DA99", "year": YEAR},
        )
    ]


@case("project-only-in-a-later-register")
def _(c):
    # the 2024 report cannot name a project first listed in 2025
    rel = f"{FOLDER}/2024/ket-qua.csv"
    listed_2024 = {p["Mã dự án"] for p in oracle.read_csv(c.path(f"{PROJECTS}/2024/du-an.csv"))}
    later = next(
        p["Mã dự án"]
        for p in oracle.read_csv(c.path(f"{PROJECTS}/2025/du-an.csv"))
        if p["Mã dự án"] not in listed_2024
    )
    c.set_cell(rel, 2, PROJECT, later)
    return [
        Expected(
            rel,
            "supervision.project-unknown",
            row=2,
            column=PROJECT,
            value=later,
            details={"year": "2024"},
        )
    ]


@case("end-before-start")
def _(c):
    start = vn_date(c.cell(KET_QUA, 3, START))
    end = day(start - dt.timedelta(days=2))
    c.set_cell(KET_QUA, 3, END, end)
    return [
        Expected(
            KET_QUA,
            "supervision.period-order",
            row=3,
            column=END,
            value=end,
            details={"start": day(start)},
        )
    ]


@case("supervision-ending-after-posting")
def _(c):
    line = unresolved_line(c)
    end = posted(c) + dt.timedelta(days=3)
    c.set_cell(KET_QUA, line, END, day(end))
    c.set_cell(KET_QUA, line, DEADLINE, day(end + dt.timedelta(days=30)))
    c.set_cell(KET_QUA, line, STATUS, OPEN)
    return [
        Expected(
            KET_QUA,
            "supervision.period-after-posting",
            row=line,
            column=END,
            value=day(end),
            details={"posted": day(posted(c))},
        )
    ]


@case("deadline-before-the-end")
def _(c):
    line = 3
    end = vn_date(c.cell(KET_QUA, line, END))
    deadline = end - dt.timedelta(days=1)
    c.set_cell(KET_QUA, line, DEADLINE, day(deadline))
    return [
        Expected(
            KET_QUA,
            "supervision.deadline-before-period",
            row=line,
            column=DEADLINE,
            value=day(deadline),
            details={"end": day(end)},
        )
    ]


@case("resolved-without-a-date")
def _(c):
    line = resolved_line(c)
    c.set_cell(KET_QUA, line, RESOLVED, "")
    return [Expected(KET_QUA, "supervision.resolved-date-missing", row=line, column=RESOLVED)]


@case("a-date-for-an-unresolved-one")
def _(c):
    line = unresolved_line(c)
    when = vn_date(c.cell(KET_QUA, line, END)) + dt.timedelta(days=5)
    c.set_cell(KET_QUA, line, RESOLVED, day(when))
    return [
        Expected(
            KET_QUA,
            "supervision.resolved-date-unexpected",
            row=line,
            column=RESOLVED,
            value=day(when),
        )
    ]


@case("resolved-before-the-end")
def _(c):
    line = resolved_line(c)
    end = vn_date(c.cell(KET_QUA, line, END))
    when = end - dt.timedelta(days=1)
    c.set_cell(KET_QUA, line, RESOLVED, day(when))
    return [
        Expected(
            KET_QUA,
            "supervision.resolved-before-period",
            row=line,
            column=RESOLVED,
            value=day(when),
            details={"end": day(end)},
        )
    ]


@case("resolved-after-posting")
def _(c):
    line = resolved_line(c)
    when = posted(c) + dt.timedelta(days=1)
    c.set_cell(KET_QUA, line, RESOLVED, day(when))
    return [
        Expected(
            KET_QUA,
            "supervision.resolved-after-posting",
            row=line,
            column=RESOLVED,
            value=day(when),
            details={"posted": day(posted(c))},
        )
    ]


@case("overdue-before-its-deadline")
def _(c):
    line = unresolved_line(c)
    deadline = posted(c) + dt.timedelta(days=10)
    c.set_cell(KET_QUA, line, DEADLINE, day(deadline))
    c.set_cell(KET_QUA, line, STATUS, LATE)
    return [
        Expected(
            KET_QUA,
            "supervision.not-overdue",
            row=line,
            column=STATUS,
            value=LATE,
            details={"posted": day(posted(c)), "deadline": day(deadline)},
        )
    ]


@case("resolved-without-the-response")
def _(c):
    line = resolved_line(c)
    c.set_cell(KET_QUA, line, RESPONSE, "")
    return [Expected(KET_QUA, "supervision.response-missing", row=line, column=RESPONSE)]


@case("board-misspelt")
def _(c):
    c.set_cell(KET_QUA, 2, BODY, "Ban thanh tra")
    return [Expected(KET_QUA, "cell-category", row=2, column=BODY, value="Ban thanh tra")]


@case("status-missing")
def _(c):
    line = unresolved_line(c)
    c.set_cell(KET_QUA, line, STATUS, "")
    return [Expected(KET_QUA, "cell-required", row=line, column=STATUS, value="")]


@case("a-date-that-does-not-exist")
def _(c):
    c.set_cell(KET_QUA, 3, DEADLINE, "31/09/2025")
    return [Expected(KET_QUA, "cell-date-invalid", row=3, column=DEADLINE, value="31/09/2025")]


@case("the-same-supervision-twice")
def _(c):
    first = c.rows(KET_QUA)[1]
    line = c.append(KET_QUA, first)
    return [
        Expected(KET_QUA, "key-duplicate", row=line, column=BODY, value=ANY, details={"first": 2})
    ]


@case("a-subject-too-long")
def _(c):
    c.set_cell(KET_QUA, 2, SUBJECT, "Giám sát " + "rất " * 80 + "dài")
    return [
        Expected(
            KET_QUA,
            "text-too-long",
            row=2,
            column=SUBJECT,
            value=ANY,
            details={"limit": 300},
        )
    ]


@case("phone-in-the-findings")
def _(c):
    c.set_cell(KET_QUA, 2, FINDINGS, "Phản ánh của ông Nguyễn Văn Tâm, điện thoại 0912 345 678")
    return [Expected(KET_QUA, "personal-phone", row=2, column=FINDINGS, value=ANY)]


@case("cccd-in-the-response")
def _(c):
    line = resolved_line(c)
    c.set_cell(KET_QUA, line, RESPONSE, "Đã trả lời bà Lê Thị Hoa, CCCD 036189001234")
    return [Expected(KET_QUA, "personal-cccd", row=line, column=RESPONSE, value=ANY)]


@case("a-broken-register-makes-no-unknown-projects")
def _(c):
    # the register's own problem is reported; the results naming its projects are not also
    # refused as naming unknown projects
    rel = f"{PROJECTS}/{YEAR}/du-an.csv"
    c.set_cell(rel, 2, "Tình trạng", "Đang thi côg")
    return [Expected(rel, "cell-category", row=2, column="Tình trạng", value="Đang thi côg")]


@case("false-alarm-ordinary-report")
def _(c):
    # what boards write and must be accepted: a project code in lower case, «Đang giải quyết»
    # past its deadline (shown as overdue), «Quá hạn» where it is, words on poor and ethnic
    # minority households rather than a person, a decision's number and date, an en dash
    project_line = line_where(c, lambda r: r[PROJECT])
    c.set_cell(KET_QUA, project_line, PROJECT, c.cell(KET_QUA, project_line, PROJECT).lower())
    line = unresolved_line(c)
    deadline = posted(c) - dt.timedelta(days=3)
    c.set_cell(KET_QUA, line, DEADLINE, day(deadline))
    c.set_cell(KET_QUA, line, STATUS, OPEN)
    c.set_cell(
        KET_QUA,
        line,
        FINDINGS,
        "Hỗ trợ đúng đối tượng hộ nghèo, hộ đồng bào dân tộc thiểu số theo Quyết định "
        "25/QĐ-UBND ngày 12/03/2025; chi trả quý II – quý III chậm 15 ngày.",
    )
    c.set_cell(KET_QUA, 2, RECOMMENDATIONS, "Đề nghị ông Chủ tịch UBND xã chỉ đạo khắc phục.")
    return []


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


def test_the_sample_report_has_what_the_corpus_breaks():
    folder = SAMPLE_DATA / COMMUNE / FOLDER / YEAR
    data = report(folder)
    statuses = {label(STATUSES, r[STATUS]) for r in data["results"]}
    assert DONE in statuses and statuses - {DONE}
    assert any(r[PROJECT] for r in data["results"])
    assert (SAMPLE_DATA / COMMUNE / FOLDER / "2024").is_dir()


def test_every_sample_report_is_marked_as_sample_data(sample_build):
    result, site = sample_build
    for unit in leaves(result):
        for year in reports(unit):
            assert "Dữ liệu mẫu" in page(site, f"{unit.url_path}{FOLDER}/{year}").get_text()


def test_corpus_is_large_enough():
    assert len(CASES) >= 11


@pytest.mark.parametrize("name", list(CASES))
def test_broken_report(commune, name):
    expected = CASES[name](commune)
    assert_problems(validate_tree(commune.root), expected)
