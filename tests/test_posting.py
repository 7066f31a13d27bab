"""Posting periods (Law 10/2022 Art. 12–13): working days without weekends and public holidays,
each disclosure's status on the build date (--as-of), the notice-board page, the quarterly
register and the communes' compliance table, checked against the sample's metadata read here."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.model.calendar import working_calendar
from generator.pipeline.validate import validate_tree
from tests import oracle
from tests.conftest import REPO, SIBLING, SMALL_COUNTRY, build
from tests.pages import page, rows, table_after

COMMUNE = SMALL_COUNTRY[2]
DISTRICT = SMALL_COUNTRY[1]
KINDS = REPO / "generator" / "kinds"


def _durations() -> dict[str, int | None]:
    """Each kind folder's days on the board by its rule (None: until replaced), from the files."""
    rules = yaml.safe_load((KINDS / "posting_rules.yaml").read_text("utf-8"))
    found = {}
    for schema_file in sorted(KINDS.glob("*/schema.yaml")):
        schema = yaml.safe_load(schema_file.read_text("utf-8"))
        if schema.get("posting"):
            duration = rules[schema["posting"]]["duration"]
            found[schema["folder"]] = None if duration == "permanent" else duration
    return found


DURATIONS = _durations()
DAY = dt.timedelta(days=1)


def day(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d/%m/%Y").date()


def shown(date: dt.date) -> str:
    return date.strftime("%d/%m/%Y")


def postings(unit_folder: Path) -> list[dict]:
    """Every dataset of a unit as its metadata states it: title, posted and last day on the board
    (the stated one, else 30 consecutive days: Art. 13)."""
    found = []
    for kind, duration in DURATIONS.items():
        for folder in oracle.datasets(unit_folder, kind):
            meta = oracle.metadata(folder)
            posted = day(meta["posted"])
            if meta.get("posted_until"):
                until = day(meta["posted_until"])
            else:
                until = None if duration is None else posted + (duration - 1) * DAY
            found.append({"title": meta["title"], "posted": posted, "until": until, "meta": meta})
    return found


def forms_in_schema_order(typed: str) -> str:
    """The forms a file names, as the metadata schema lists them (the order staff typed is not
    kept)."""
    schema = yaml.safe_load((REPO / "generator" / "kinds" / "metadata.yaml").read_text("utf-8"))
    field = next(f for f in schema["fields"] if f["name"] == "posting_forms")
    named = {part.strip().lower() for part in typed.split(";")}
    return "; ".join(
        c["label"]
        for c in field["categories"]
        if c["label"].lower() in named or c["value"] in named
    )


def article_text(site: Path, url: str) -> str:
    return page(site, url).find("article").get_text(" ", strip=True)


# -- working days -----------------------------------------------------------------------------


def test_five_working_days_skip_tet_and_count_a_swapped_saturday():
    calendar = working_calendar()
    # Friday 24/01/2025, then Tết (27–31/01/2025 off): the fifth working day is Friday 07/02.
    assert calendar.add_working_days(day("24/01/2025"), 5) == day("07/02/2025")
    # Thursday 24/04/2025: Fri 25, Saturday 26/04 worked in exchange for Friday 02/05, Mon 28,
    # Tue 29, then 30/04, 01/05 and 02/05 off: the fifth is Monday 05/05.
    assert calendar.add_working_days(day("24/04/2025"), 5) == day("05/05/2025")
    # National Day 2024: Monday 02/09 and Tuesday 03/09 off.
    assert calendar.add_working_days(day("30/08/2024"), 1) == day("04/09/2024")
    assert calendar.working_days_between(day("24/01/2025"), day("10/02/2025")) == 6


def test_every_holidays_file_cites_its_source_and_lists_weekdays_only():
    calendar = working_calendar()
    assert {2023, 2024, 2025, 2026} <= calendar.years
    assert all("Bộ luật Lao động" in source for _, source in calendar.sources)
    assert all(d.weekday() < 5 for d in calendar.days_off)
    assert all(d.weekday() >= 5 for d in calendar.working_weekends)


# -- statuses on the build date ---------------------------------------------------------------


@pytest.fixture(scope="module")
def small(small_country_template):
    return small_country_template


@pytest.mark.parametrize("moment", ["before", "during", "after"])
def test_a_dataset_page_and_the_home_page_state_its_status_on_the_build_date(
    small, tmp_path, moment
):
    unit_folder = small / COMMUNE
    poverty = oracle.datasets(unit_folder, "ho-ngheo")[-1]
    meta = oracle.metadata(poverty)
    posted = day(meta["posted"])
    until = posted + 29 * DAY  # no posted_until in the sample: 30 consecutive days
    as_of = {"before": posted - DAY, "during": posted + 5 * DAY, "after": until + DAY}[moment]
    start = posted.strftime("%d/%m") if posted.year == until.year else shown(posted)
    expected = {
        "before": f"Sẽ niêm yết từ ngày {shown(posted)}",
        "during": f"Đang niêm yết đến hết ngày {shown(until)}",
        "after": f"Đã niêm yết đủ 30 ngày ({start}–{shown(until)})",
    }[moment]
    result = build(small, tmp_path / "out", as_of=as_of)
    assert result.ok, result.failed
    site = tmp_path / "out" / "site"
    url = f"{COMMUNE}/ho-ngheo/{meta['year']}"
    about = page(site, url).find("div", class_="admonition")
    status = about.find("span", class_="ck-posting")
    assert status.get_text(strip=True) == expected
    # the dates a reader's browser counts days from
    assert status["data-posted"] == posted.isoformat()
    assert status["data-until"] == until.isoformat()
    home = table_after(page(site, COMMUNE), "Thông tin mới công khai")
    line = next(r for r in rows(home) if r[1] == meta["title"])
    assert line[2] == expected


def test_the_notice_board_lists_what_must_be_posted_on_the_day(small, tmp_path):
    unit_folder = small / COMMUNE
    as_of = day("20/01/2026")
    result = build(small, tmp_path / "out", as_of=as_of)
    assert result.ok, result.failed
    site = tmp_path / "out" / "site"
    board = table_after(page(site, f"{COMMUNE}/cong-khai"), "Đang niêm yết")
    on_board = [
        p
        for p in postings(unit_folder)
        if p["posted"] <= as_of and (p["until"] is None or as_of <= p["until"])
    ]
    assert on_board, "the sample has something on the board on 20/01/2026"
    shown_rows = {r[0]: r for r in rows(board)}
    assert set(shown_rows) == {p["title"] for p in on_board}
    for p in on_board:
        line = shown_rows[p["title"]]
        assert line[3] == shown(p["posted"])
        if p["until"] is None:
            assert line[4] == "Niêm yết thường xuyên"
            assert line[5] == f"Niêm yết thường xuyên từ ngày {shown(p['posted'])}"
        else:
            assert line[4] == shown(p["until"] + DAY)  # may come down from the day after
            assert line[5] == f"Đang niêm yết đến hết ngày {shown(p['until'])}"
        if p["meta"].get("posting_place"):
            assert line[2] == p["meta"]["posting_place"]


def test_the_quarterly_register_lists_every_disclosure_of_the_quarter_in_date_order(
    small, tmp_path
):
    unit_folder = small / COMMUNE
    result = build(small, tmp_path / "out", as_of=day("01/06/2026"))
    assert result.ok, result.failed
    site = tmp_path / "out" / "site"
    every = postings(unit_folder)
    quarters = {(p["posted"].year, (p["posted"].month - 1) // 3 + 1) for p in every}
    roman = {1: "I", 2: "II", 3: "III", 4: "IV"}
    for year, quarter in quarters:
        url = f"{COMMUNE}/cong-khai/so-theo-doi-{year}-quy-{quarter}"
        doc = page(site, url)
        assert doc.find("h1").get_text(strip=True) == (
            f"Sổ theo dõi công khai quý {roman[quarter]}/{year}"
        )
        table = doc.find("article").find("table")
        got = rows(table)
        wanted = sorted(
            (
                p
                for p in every
                if (p["posted"].year, (p["posted"].month - 1) // 3 + 1)
                == (
                    year,
                    quarter,
                )
            ),
            key=lambda p: p["posted"],
        )
        assert [r[0] for r in got] == [str(n) for n in range(1, len(wanted) + 1)]
        assert [r[3] for r in got] == [shown(p["posted"]) for p in wanted]
        assert sorted(r[1] for r in got) == sorted(p["title"] for p in wanted)
        for r in got:
            p = next(p for p in wanted if p["title"] == r[1])
            assert r[2] == forms_in_schema_order(p["meta"]["posting_forms"])
            assert p["meta"]["office"] in r[5]
        assert f"Tổng số: {len(wanted)} nội dung." in doc.find("article").get_text(" ")


def test_the_compliance_table_shows_late_missing_and_on_time_with_totals(
    small_country_with_sibling, tmp_path
):
    data = small_country_with_sibling
    one, two = data / COMMUNE, data / SIBLING
    # One commune posts its 2025 poverty list late: decided Monday 22/12/2025, so due by the
    # fifth working day, Monday 29/12/2025; posted 12/01/2026: 14 days late.
    poverty = one / "ho-ngheo" / "2025" / "thong-tin.yaml"
    text = poverty.read_text(encoding="utf-8")
    meta = oracle.metadata(poverty.parent)
    text = text.replace(f'decision_date: "{meta["decision_date"]}"', 'decision_date: "22/12/2025"')
    text = text.replace(f'posted: "{meta["posted"]}"', 'posted: "12/01/2026"')
    poverty.write_text(text, encoding="utf-8")
    # The other has not posted its 2025 reform results, due by 31/01/2026.
    shutil.rmtree(two / "cai-cach-hanh-chinh" / "2025")
    result = build(data, tmp_path / "out", as_of=day("15/02/2026"))
    assert result.ok, result.failed
    site = tmp_path / "out" / "site"
    doc = page(site, f"{DISTRICT}/cong-khai/tuan-thu-2025")
    table = doc.find("article").find("table")
    header = [th.get_text(strip=True) for th in table.find("thead").find_all("th")]
    assert header[-3:] == ["Đã công khai", "Trong đó muộn", "Chưa công khai"]
    assert header[1:5] == [
        "Ngân sách",
        "Hộ nghèo, hộ cận nghèo",
        "Kế hoạch sử dụng đất",
        "Cải cách hành chính",
    ]
    col = {name: i for i, name in enumerate(header)}
    body = {r[0]: r for r in rows(table) if r[0] in ("Xã An Định", "Xã Đông Hưng")}
    assert body["Xã An Định"][col["Hộ nghèo, hộ cận nghèo"]] == "Muộn 14 ngày"
    assert body["Xã Đông Hưng"][col["Cải cách hành chính"]] == "Chưa công khai (hạn 31/01/2026)"
    # the totals count the kinds' cells: every kind's 2025 dataset, one late; one missing
    kinds = len(header) - 4
    assert body["Xã An Định"][-3:] == [str(kinds), "1", "0"]
    assert body["Xã Đông Hưng"][-3:] == [str(kinds - 1), "0", "1"]
    foot = {
        tr.find("th").get_text(strip=True): [td.get_text(strip=True) for td in tr.find_all("td")]
        for tr in table.find("tfoot").find_all("tr")
    }
    assert foot["Chưa công khai"][col["Cải cách hành chính"] - 1] == "1"
    assert foot["Chưa công khai"][-1] == "1"
    assert foot["Trong đó muộn"][col["Hộ nghèo, hộ cận nghèo"] - 1] == "1"
    # the commune's link leads to its notice board, which names what is missing
    link = table.find("a", string="Xã Đông Hưng")["href"]
    board = (site / DISTRICT / "cong-khai" / "tuan-thu-2025" / link / "index.html").resolve()
    assert board == (site / SIBLING / "cong-khai" / "index.html").resolve()
    missing = table_after(page(site, f"{SIBLING}/cong-khai"), "Chưa công khai, đã quá hạn")
    # the small country has no 2026 files at all: the budget estimate and land plan are due too
    overdue = "Chưa công khai — quá hạn (hạn 31/01/2026)"
    assert rows(missing) == [
        ["Ngân sách", "năm 2026", overdue],
        ["Kế hoạch sử dụng đất", "năm 2026", overdue],
        ["Cải cách hành chính", "năm 2025", overdue],
    ]
    # before the due day, the same gap is not yet a fault
    result = build(data, tmp_path / "early", as_of=day("20/01/2026"))
    early = page(tmp_path / "early" / "site", f"{DISTRICT}/cong-khai/tuan-thu-2025")
    cells = {r[0]: r for r in rows(early.find("article").find("table"))}
    assert cells["Xã Đông Hưng"][col["Cải cách hành chính"]] == "Chưa đến hạn (hạn 31/01/2026)"


def test_the_same_day_builds_the_same_bytes_and_a_new_day_rebuilds_only_what_changed(
    small_country_with_sibling, tmp_path
):
    data = small_country_with_sibling
    first = build(data, tmp_path / "a", as_of=day("20/01/2026"))
    again = build(data, tmp_path / "b", as_of=day("20/01/2026"))
    assert first.ok and again.ok
    sums_a = (tmp_path / "a" / "site" / "SHA256SUMS").read_bytes()
    assert sums_a == (tmp_path / "b" / "site" / "SHA256SUMS").read_bytes()
    # The next day nothing changes state (no posting starts or ends on 21/01/2026): no unit is
    # rebuilt, though every status is counted again in readers' browsers.
    starts_or_ends = {
        d
        for folder in (data / COMMUNE, data / SIBLING, data / DISTRICT, data / SMALL_COUNTRY[0])
        for p in postings(folder)
        for d in (p["posted"], p["until"] and p["until"] + DAY)
    }
    assert day("21/01/2026") not in starts_or_ends
    quiet = build(data, tmp_path / "a", as_of=day("21/01/2026"))
    assert quiet.built == [] and set(first.built) <= set(quiet.unchanged)
    # A day on which one commune's poverty list comes off the board rebuilds that commune.
    poverty = postings(data / COMMUNE)
    ends = max(p["until"] for p in poverty if p["until"] and p["until"] < day("01/03/2026"))
    changed = build(data, tmp_path / "a", as_of=ends + DAY)
    assert changed.built, "a state changed"
    assert len(changed.unchanged) >= 1


def test_the_readers_browser_counts_the_days_from_the_page_dates():
    script = REPO / "theme_overrides" / "assets" / "javascripts" / "congkhai.js"
    probe = (
        f"const m = require({json.dumps(str(script))});"
        "const d = (y, mo, da) => Date.UTC(y, mo - 1, da);"
        "console.log(JSON.stringify(["
        "m.statusText({posted: '2025-01-06', until: '2025-02-04'}, d(2025, 1, 23)),"
        "m.statusText({posted: '2025-01-06', until: '2025-02-04'}, d(2025, 2, 4)),"
        "m.statusText({posted: '2025-01-06', until: '2025-02-04'}, d(2025, 2, 5)),"
        "m.statusText({posted: '2025-01-06', until: '2025-02-04'}, d(2025, 1, 2)),"
        "m.statusText({posted: '2025-01-06'}, d(2025, 3, 1)),"
        "m.statusText({due: '2025-01-13'}, d(2025, 2, 2)),"
        "m.statusText({due: '2025-01-13'}, d(2025, 1, 10)),"
        "m.today(Date.UTC(2025, 0, 23, 18, 30)) === d(2025, 1, 24)"
        "]));"
    )
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        pytest.fail("Node.js is needed (make test installs it)")
    out = subprocess.run([node, "-e", probe], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [
        "Đang niêm yết, còn 12 ngày (đến hết ngày 04/02/2025)",
        "Đang niêm yết, hôm nay là ngày cuối (đến hết ngày 04/02/2025)",
        "Đã niêm yết đủ 30 ngày (06/01–04/02/2025)",
        "Sẽ niêm yết từ ngày 06/01/2025",
        "Niêm yết thường xuyên từ ngày 06/01/2025",
        "Chưa công khai — quá hạn 20 ngày (hạn 13/01/2025)",
        "Chưa công khai — còn 3 ngày đến hạn (hạn 13/01/2025)",
        True,  # 18:30 UTC is already the next day in Viet Nam
    ]


def test_source_date_epoch_sets_the_build_date(monkeypatch):
    from generator.cli import _default_as_of

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1736899200")  # 15/01/2025 00:00 UTC
    assert _default_as_of() == day("15/01/2025")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1736960400")  # 15/01/2025 17:00 UTC: 16/01 in VN
    assert _default_as_of() == day("16/01/2025")


# -- bad posting details ----------------------------------------------------------------------


def _poverty_meta(data: Path) -> Path:
    return data / COMMUNE / "ho-ngheo" / "2025" / "thong-tin.yaml"


def _set(meta: Path, key: str, value: str) -> None:
    lines = [
        line for line in meta.read_text(encoding="utf-8").splitlines() if not line.startswith(key)
    ]
    meta.write_text("\n".join([*lines, f"{key}: {value}"]) + "\n", encoding="utf-8")


def _problems(data: Path, code: str):
    return [p for p in validate_tree(data).items if p.code == code]


SHOWN_META = f"{COMMUNE}/ho-ngheo/2025/thong-tin.yaml"


@pytest.mark.parametrize(
    ("key", "value", "code", "column", "shown_value"),
    [
        (
            "posted_until",
            '"20/12/2025"',
            "posting-until-before",
            "posted_until (Ngày kết thúc niêm yết)",
            "20/12/2025",
        ),
        (
            "posted_until",
            '"05/01/2026"',
            "posting-too-short",
            "posted_until (Ngày kết thúc niêm yết)",
            "05/01/2026",
        ),
        (
            "posting_forms",
            "Niêm yết tại trụ sở Ủy ban nhân dân; Dán ở chợ",
            "cell-category",
            "posting_forms (Hình thức công khai)",
            "Niêm yết tại trụ sở Ủy ban nhân dân; Dán ở chợ",
        ),
        (
            "posted_until",
            "mai",
            "cell-date-invalid",
            "posted_until (Ngày kết thúc niêm yết)",
            "mai",
        ),
    ],
)
def test_bad_posting_details_are_refused_with_file_and_column(
    small_country, key, value, code, column, shown_value
):
    meta = _poverty_meta(small_country)
    _set(meta, key, value)
    found = _problems(small_country, code)
    assert len(found) == 1, validate_tree(small_country).items
    problem = found[0]
    assert problem.file == f"{small_country.name}/{SHOWN_META}" or problem.file.endswith(SHOWN_META)
    assert problem.column == column
    assert problem.value == shown_value
    assert problem.severity == "error"


def test_a_posting_late_only_counting_holidays_is_a_warning_naming_the_deadline(small_country):
    meta = _poverty_meta(small_country)
    _set(meta, "decision_date", '"24/01/2025"')
    _set(meta, "posted", '"07/02/2025"')  # the fifth working day after Tết: on time
    _set(meta, "year", "2024")
    shutil.rmtree(small_country / COMMUNE / "ho-ngheo" / "2024")
    (small_country / COMMUNE / "ho-ngheo" / "2025").rename(
        small_country / COMMUNE / "ho-ngheo" / "2024"
    )
    assert _problems(small_country, "posting-late") == []
    moved = small_country / COMMUNE / "ho-ngheo" / "2024" / "thong-tin.yaml"
    _set(moved, "posted", '"10/02/2025"')
    (late,) = _problems(small_country, "posting-late")
    assert late.severity == "warning"
    assert dict(late.details)["taken"] == "6"
    assert dict(late.details)["deadline"] == "07/02/2025"
    assert "quá hạn 07/02/2025" in late.message


def test_several_forms_in_one_cell_are_read_and_shown_in_the_schema_order(small_country, tmp_path):
    meta = _poverty_meta(small_country)
    _set(meta, "posting_forms", "đọc trên loa truyền thanh;niêm yết tại trụ sở ủy ban nhân dân")
    result = build(small_country, tmp_path / "out", as_of=day("30/12/2025"))
    assert result.ok, result.failed
    about = page(tmp_path / "out" / "site", f"{COMMUNE}/ho-ngheo/2025").find(
        "div", class_="admonition"
    )
    text = about.get_text(" ", strip=True)
    assert (
        "Hình thức công khai: Niêm yết tại trụ sở Ủy ban nhân dân; Đọc trên loa truyền thanh"
        in text
    )


def test_a_posting_on_the_weekend_after_its_deadline_is_late_for_staff_and_page_alike(
    small_country, tmp_path
):
    meta = _poverty_meta(small_country)
    _set(meta, "decision_date", '"02/01/2026"')  # a Friday: five working days end Friday 09/01
    _set(meta, "posted", '"10/01/2026"')  # Saturday
    (late,) = _problems(small_country, "posting-late")
    assert dict(late.details)["deadline"] == "09/01/2026"
    result = build(small_country, tmp_path / "out", as_of=day("20/01/2026"))
    assert result.ok, result.failed
    text = article_text(tmp_path / "out" / "site", f"{COMMUNE}/ho-ngheo/2025")
    assert "Công khai muộn 1 ngày so với hạn (hạn 09/01/2026)" in text


def test_no_lateness_is_stated_when_the_deadline_falls_in_a_year_without_holidays(
    small_country, tmp_path
):
    """2027's days off are not on file: 01/01/2027 may be a holiday, so a posting on 07/01/2027
    after a decision of 30/12/2026 may be on time. Nothing late is published; staff are warned."""
    from generator.kinds.base import POSTING_RULES
    from generator.model.posting import record_of

    rule = POSTING_RULES["luat-10-2022-dieu-12"]
    known = record_of(
        {"title": "t", "posted": day("07/01/2026"), "decision_date": day("30/12/2025")},
        "k",
        "p.md",
        rule,
        working_calendar(),
    )
    assert known.deadline == day("07/01/2026")  # 01/01/2026 is a day off
    unknown = record_of(
        {"title": "t", "posted": day("07/01/2027"), "decision_date": day("30/12/2026")},
        "k",
        "p.md",
        rule,
        working_calendar(),
    )
    assert 2027 not in working_calendar().years and unknown.deadline is None
    meta = _poverty_meta(small_country)
    _set(meta, "decision_date", '"30/12/2026"')
    _set(meta, "posted", '"08/01/2027"')
    (warned,) = _problems(small_country, "posting-late")
    assert "chưa có lịch nghỉ lễ" in warned.message
    result = build(small_country, tmp_path / "out", as_of=day("20/01/2027"))
    assert result.ok, result.failed
    text = article_text(tmp_path / "out" / "site", f"{COMMUNE}/ho-ngheo/2025")
    assert "muộn" not in text.lower()
    table = page(tmp_path / "out" / "site", f"{DISTRICT}/cong-khai/tuan-thu-2025")
    cells = {r[0]: r for r in rows(table.find("article").find("table"))}
    assert "Đã công khai" in cells["Xã An Định"]


def test_a_kind_a_commune_never_put_on_the_site_is_not_called_missing(
    small_country_with_sibling, tmp_path
):
    """The notice board lists as overdue only what follows a commune's first dataset of a kind;
    the district's table says the same, not «Chưa công khai»."""
    data = small_country_with_sibling
    shutil.rmtree(data / SIBLING / "cai-cach-hanh-chinh")
    result = build(data, tmp_path / "out", as_of=day("15/02/2026"))
    assert result.ok, result.failed
    site = tmp_path / "out" / "site"
    table = page(site, f"{DISTRICT}/cong-khai/tuan-thu-2025").find("article").find("table")
    header = [th.get_text(strip=True) for th in table.find("thead").find_all("th")]
    row = next(r for r in rows(table) if r[0] == "Xã Đông Hưng")
    assert row[header.index("Cải cách hành chính")] == "—"
    assert row[-1] == "0"  # nothing counted as missing
    board = article_text(site, f"{SIBLING}/cong-khai")
    assert "Cải cách hành chính" not in board


def test_a_correction_posted_for_too_short_a_time_is_refused(small_country):
    dataset = small_country / COMMUNE / "ho-ngheo" / "2025"
    first = dataset / "cac-ban-truoc" / "1"
    first.mkdir(parents=True)
    for f in dataset.iterdir():
        if f.is_file():
            shutil.copy2(f, first / f.name)
    meta = dataset / "thong-tin.yaml"
    _set(meta, "posted", '"15/01/2026"')
    _set(meta, "correction_reason", "Sửa số nhân khẩu")
    _set(meta, "posted_until", '"17/01/2026"')
    (short,) = _problems(small_country, "posting-too-short")
    assert short.file.endswith("ho-ngheo/2025/thong-tin.yaml") and short.value == "17/01/2026"
    _set(meta, "posted_until", '"10/01/2026"')
    (before,) = _problems(small_country, "posting-until-before")
    assert before.file.endswith("ho-ngheo/2025/thong-tin.yaml")
    assert _problems(small_country, "posting-late") == []  # a correction has no deadline


def test_a_disclosure_dated_ahead_waits_under_coming_and_a_replaced_plan_comes_down(
    small_country, tmp_path
):
    unit_folder = small_country / COMMUNE
    poverty = _poverty_meta(small_country)
    _set(poverty, "posted", '"25/01/2026"')
    title = oracle.metadata(poverty.parent)["title"]
    # land-use plans without a last day stay up until the next year's plan replaces them
    plans = oracle.datasets(unit_folder, "dat-dai")
    assert len(plans) >= 2
    for plan in plans:
        meta = plan / "thong-tin.yaml"
        meta.write_text(
            "\n".join(
                line
                for line in meta.read_text(encoding="utf-8").splitlines()
                if not line.startswith("posted_until")
            )
            + "\n",
            encoding="utf-8",
        )
    result = build(small_country, tmp_path / "out", as_of=day("20/01/2026"))
    assert result.ok, result.failed
    site = tmp_path / "out" / "site"
    board = page(site, f"{COMMUNE}/cong-khai")
    coming = [r[0] for r in rows(table_after(board, "Sắp niêm yết"))]
    assert coming == [title]
    now = [r[0] for r in rows(table_after(board, "Đang niêm yết"))]
    assert title not in now
    newest = oracle.metadata(plans[-1])["title"]
    plan_titles = {oracle.metadata(p)["title"] for p in plans}
    assert [t for t in now if t in plan_titles] == [newest]
    register = page(site, f"{COMMUNE}/cong-khai/so-theo-doi-2026-quy-1")
    assert title not in register.find("article").get_text()


def test_a_disclosure_only_on_the_portal_is_said_to_be_published_not_posted(
    small_country, tmp_path
):
    meta = _poverty_meta(small_country)
    _set(meta, "posting_forms", "Đăng trên cổng thông tin điện tử")
    posted = day(oracle.metadata(meta.parent)["posted"])
    result = build(small_country, tmp_path / "out", as_of=posted + 3 * DAY)
    assert result.ok, result.failed
    site = tmp_path / "out" / "site"
    text = article_text(site, f"{COMMUNE}/ho-ngheo/2025")
    until = posted + 29 * DAY
    assert f"Đang đăng tải đến hết ngày {shown(until)}" in text
    assert "Đang niêm yết" not in text
    span = page(site, f"{COMMUNE}/ho-ngheo/2025").find("span", class_="ck-posting")
    assert span["data-verb"] == "đăng tải"
    title = oracle.metadata(meta.parent)["title"]
    board = page(site, f"{COMMUNE}/cong-khai").find("article").get_text()
    assert title not in board.split("Sổ theo dõi")[0]  # not on the notice board's lists
    script = REPO / "theme_overrides" / "assets" / "javascripts" / "congkhai.js"
    node = shutil.which("node") or shutil.which("nodejs")
    probe = (
        f"const m = require({json.dumps(str(script))});"
        "console.log(m.statusText({posted: '2025-01-06', until: '2025-02-04', verb: 'đăng tải'},"
        " Date.UTC(2025, 0, 23)));"
    )
    out = subprocess.run([node, "-e", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "Đang đăng tải, còn 12 ngày (đến hết ngày 04/02/2025)"
