"""A unit's Atom feed (feed.xml) and calendar (lich-tiep-cong-dan.ics), read with the parsers feed
readers and calendar applications use (feedparser, icalendar) and compared with the unit's files."""

from __future__ import annotations

import datetime as dt
import shutil

import feedparser
import icalendar
import pytest
import yaml
from dateutil.rrule import rrulestr

from tests import oracle
from tests.conftest import SMALL_COUNTRY, build
from tests.pages import page
from tests.test_posting import DAY, day, postings

COMMUNE = SMALL_COUNTRY[2]
AS_OF = day("20/01/2026")
WEEKDAYS = {"Thứ Hai": 0, "Thứ Ba": 1, "Thứ Tư": 2, "Thứ Năm": 3, "Thứ Sáu": 4, "Thứ Bảy": 5}


@pytest.fixture(scope="module")
def built(small_country_template, tmp_path_factory):
    out = tmp_path_factory.mktemp("feeds")
    result = build(small_country_template, out, as_of=AS_OF)
    assert result.ok, result.failed
    return small_country_template, out / "site"


def posted(entry) -> dt.date:
    """The day an entry was published, in Viet Nam (feedparser's parsed times are in UTC)."""
    moment = dt.datetime.fromisoformat(entry.published)
    assert moment.utcoffset() == dt.timedelta(hours=7)
    return moment.date()


def _feed(site, unit):
    raw = (site / unit / "feed.xml").read_bytes()
    parsed = feedparser.parse(raw)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def test_the_feed_lists_every_disclosure_posted_by_the_day_newest_first(built):
    data, site = built
    feed = _feed(site, COMMUNE)
    assert feed.version == "atom10"
    assert feed.feed.title == "Công khai thông tin – Xã An Định"
    wanted = sorted(
        (p for p in postings(data / COMMUNE) if p["posted"] <= AS_OF),
        key=lambda p: p["posted"],
        reverse=True,
    )
    assert wanted, "the small country has disclosures before 20/01/2026"
    entries = feed.entries
    assert sorted(e.title for e in entries) == sorted(p["title"] for p in wanted)
    assert [posted(e) for e in entries] == [p["posted"] for p in wanted]
    for entry in entries:
        target = site / COMMUNE / entry.link / "index.html"
        assert not entry.link.startswith(("/", "http")), "links are relative to the feed"
        assert target.is_file(), entry.link
        # the page the entry links to names the disclosure (a budget stage: its year's page)
        assert entry.title in page(site, f"{COMMUNE}/{entry.link}").find("article").get_text()
    assert len({e.id for e in entries}) == len(entries)
    # the feed's newest moment is the newest disclosure's, not the build's
    assert dt.datetime.fromisoformat(feed.feed.updated).date() == wanted[0]["posted"]


def test_a_disclosure_not_yet_posted_is_not_in_the_feed(small_country, tmp_path):
    meta = small_country / COMMUNE / "ho-ngheo" / "2025" / "thong-tin.yaml"
    title = oracle.metadata(meta.parent)["title"]
    text = meta.read_text(encoding="utf-8")
    posted = oracle.metadata(meta.parent)["posted"]
    meta.write_text(text.replace(f'posted: "{posted}"', 'posted: "25/01/2026"'), "utf-8")
    early = build(small_country, tmp_path / "early", as_of=AS_OF)
    later = build(small_country, tmp_path / "later", as_of=day("25/01/2026"))
    assert early.ok and later.ok
    assert title not in {e.title for e in _feed(tmp_path / "early" / "site", COMMUNE).entries}
    assert title in {e.title for e in _feed(tmp_path / "later" / "site", COMMUNE).entries}


def test_a_correction_is_a_new_entry_and_text_is_escaped(small_country, tmp_path):
    dataset = small_country / COMMUNE / "ho-ngheo" / "2025"
    first = dataset / "cac-ban-truoc" / "1"
    first.mkdir(parents=True)
    for f in dataset.iterdir():
        if f.is_file():
            shutil.copy2(f, first / f.name)
    meta = dataset / "thong-tin.yaml"
    fields = yaml.safe_load(meta.read_text(encoding="utf-8"))
    fields["posted"] = "15/01/2026"
    fields["correction_reason"] = 'Sửa <b>số</b> hộ & "tên" </summary></entry>'
    meta.write_text(yaml.safe_dump(fields, allow_unicode=True), encoding="utf-8")
    result = build(small_country, tmp_path / "out", as_of=AS_OF)
    assert result.ok, result.failed
    site = tmp_path / "out" / "site"
    raw = (site / COMMUNE / "feed.xml").read_text(encoding="utf-8")
    assert "<b>" not in raw and "</entry>\n" in raw
    entries = {e.title: e for e in _feed(site, COMMUNE).entries}
    corrected = entries[f"Đính chính lần 1: {fields['title']}"]
    assert posted(corrected) == day("15/01/2026")
    assert 'Lý do đính chính: Sửa <b>số</b> hộ & "tên" </summary></entry>.' in corrected.summary
    assert fields["title"] in entries  # the first version stays listed
    assert corrected.id != entries[fields["title"]].id


def _calendar(site, unit):
    return icalendar.Calendar.from_ical((site / unit / "lich-tiep-cong-dan.ics").read_bytes())


def test_the_calendar_repeats_each_reception_day_at_its_hours(built):
    data, site = built
    unit = yaml.safe_load((data / COMMUNE / "unit.yaml").read_text(encoding="utf-8"))
    calendar = _calendar(site, COMMUNE)
    assert str(calendar["VERSION"]) == "2.0"
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
    receptions = [e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]).startswith("Tiếp")]
    assert len(receptions) == len(unit["reception"])
    for event, stated in zip(receptions, unit["reception"], strict=True):
        weekday = next(n for name, n in WEEKDAYS.items() if stated["day"].startswith(name))
        start, end = event["DTSTART"].dt, event["DTEND"].dt
        begins, ends = (t.strip() for t in stated["time"].split("–"))
        assert f"{start:%H:%M}".lstrip("0") == begins.lstrip("0")
        assert f"{end:%H:%M}".lstrip("0") == ends.lstrip("0")
        assert start.utcoffset() == dt.timedelta(hours=7)
        assert str(event["LOCATION"]) == stated["place"]
        rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)
        # the next three receptions after the build date fall on the stated weekday, a week apart
        after = dt.datetime.combine(AS_OF, dt.time(), start.tzinfo)
        coming = [rule.after(after)]
        for _ in range(2):
            coming.append(rule.after(coming[-1]))
        assert [c.weekday() for c in coming] == [weekday] * 3
        assert coming[1] - coming[0] == dt.timedelta(days=7)


def test_the_calendar_has_the_deadlines_ahead_and_the_days_postings_come_down(built):
    data, site = built
    events = list(_calendar(site, COMMUNE).walk("VEVENT"))
    down = {
        str(e["SUMMARY"]).removeprefix("Hết thời hạn niêm yết: "): e["DTSTART"].dt
        for e in events
        if str(e["SUMMARY"]).startswith("Hết thời hạn")
    }
    on_board = {
        p["title"]: p["until"] + DAY
        for p in postings(data / COMMUNE)
        if p["until"] and p["posted"] <= AS_OF <= p["until"]
    }
    assert on_board and down == on_board
    due = {str(e["SUMMARY"]): e["DTSTART"].dt for e in events if "Hạn công khai" in e["SUMMARY"]}
    # each kind's schema sets its due day; a year without a dataset whose day is ahead is listed
    years = {k: {int(f.name[:4]) for f in oracle.datasets(data / COMMUNE, k)} for k in KINDS}
    for folder, (title, due_rule) in KINDS.items():
        if not years[folder] or due_rule is None:
            continue
        for year in range(AS_OF.year - 1, AS_OF.year + 2):
            when = dt.date(year + due_rule["years_after"], due_rule["month"], due_rule["day"])
            expected = year not in years[folder] and when >= AS_OF
            assert (due.get(f"Hạn công khai: {title} năm {year}") == when) == expected, (
                title,
                year,
            )
    assert due, "the 2026 datasets are still ahead on 20/01/2026"


def _kinds():
    from tests.test_posting import KINDS as KINDS_FOLDER

    found = {}
    for schema_file in sorted(KINDS_FOLDER.glob("*/schema.yaml")):
        schema = yaml.safe_load(schema_file.read_text("utf-8"))
        found[schema["folder"]] = (schema["title"], schema.get("due"))
    return found


KINDS = _kinds()


def test_a_reception_stated_in_words_only_is_left_to_the_page(small_country, tmp_path):
    unit_file = small_country / COMMUNE / "unit.yaml"
    unit = yaml.safe_load(unit_file.read_text(encoding="utf-8"))
    unit["reception"] = [
        {"day": "Theo lịch của huyện", "time": "cả ngày", "place": "Trụ sở"},
        {"day": "Ngày 15 hằng tháng", "time": "7h30 - 11h", "place": "Nhà văn hóa"},
    ]
    unit_file.write_text(yaml.safe_dump(unit, allow_unicode=True), encoding="utf-8")
    result = build(small_country, tmp_path / "out", as_of=AS_OF)
    assert result.ok, result.failed
    events = [
        e
        for e in _calendar(tmp_path / "out" / "site", COMMUNE).walk("VEVENT")
        if str(e["SUMMARY"]).startswith("Tiếp")
    ]
    assert len(events) == 1
    assert events[0]["RRULE"]["FREQ"] == ["MONTHLY"] and events[0]["RRULE"]["BYMONTHDAY"] == [15]
    assert f"{events[0]['DTSTART'].dt:%H:%M}" == "07:30"
    assert f"{events[0]['DTEND'].dt:%H:%M}" == "11:00"


def test_the_same_day_gives_the_same_feed_and_calendar_bytes(small_country, tmp_path):
    one = build(small_country, tmp_path / "a", as_of=AS_OF)
    two = build(small_country, tmp_path / "b", as_of=AS_OF)
    assert one.ok and two.ok
    for name in ("feed.xml", "lich-tiep-cong-dan.ics"):
        a = (tmp_path / "a" / "site" / COMMUNE / name).read_bytes()
        assert a == (tmp_path / "b" / "site" / COMMUNE / name).read_bytes()
    home = page(tmp_path / "a" / "site", COMMUNE)
    assert home.find("a", href="feed.xml") and home.find("a", href="lich-tiep-cong-dan.ics")
    assert home.find("link", rel="alternate", type="application/atom+xml")["href"] == "./feed.xml"


@pytest.mark.parametrize(
    ("day_text", "time_text", "byday", "hours"),
    [
        ("Thứ Tư hằng tuần", "7:30 – 11:00", {"WEEKLY": ["WE"]}, ("07:30", "11:00")),
        (
            "Thứ Ba và thứ Năm hằng tuần",
            "13 giờ 30 – 17 giờ",
            {"WEEKLY": ["TU", "TH"]},
            ("13:30", "17:00"),
        ),
        (
            "Từ thứ Hai đến thứ Sáu hàng tuần",
            "7h30-11h",
            {"WEEKLY": ["MO", "TU", "WE", "TH", "FR"]},
            ("07:30", "11:00"),
        ),
        (
            "Ngày 10 và ngày 20 hằng tháng",
            "từ 8h đến 11h30",
            {"MONTHLY": [10, 20]},
            ("08:00", "11:30"),
        ),
        ("Chủ nhật hằng tuần", "", {"WEEKLY": ["SU"]}, None),
        # read only in part: nothing rather than a wrong day or hour in a phone's calendar
        ("Thứ Năm tuần đầu tiên hằng tháng", "7:30 – 11:00", None, None),
        ("Theo lịch của huyện", "7:30 – 11:00", None, None),
        ("Thứ Hai hằng tuần", "Sáng 7:30–11:00, chiều 13:30–17:00", None, None),
        ("Thứ Hai hằng tuần", "cả ngày", None, None),
    ],
)
def test_a_reception_day_becomes_an_event_only_when_read_whole(day_text, time_text, byday, hours):
    from dataclasses import replace

    from generator.model.problems import Problems
    from generator.pipeline.tree import read_tree
    from generator.render.feeds import reception_calendar
    from tests.conftest import SAMPLE_DATA

    tree = read_tree(SAMPLE_DATA, Problems())
    unit = next(u for u in tree if u.folder == SAMPLE_DATA / COMMUNE)
    stated = {"day": day_text, "time": time_text, "place": "Trụ sở, phòng 2; tầng 1\nhội trường"}
    calendar = icalendar.Calendar.from_ical(
        reception_calendar(replace(unit, reception=(stated,)), [], [], AS_OF, None)
    )
    events = [e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]).startswith("Tiếp")]
    if byday is None:
        assert events == []
        return
    (event,) = events
    ((freq, days),) = byday.items()
    assert event["RRULE"]["FREQ"] == [freq]
    assert event["RRULE"]["BYDAY" if freq == "WEEKLY" else "BYMONTHDAY"] == days
    assert str(event["LOCATION"]) == stated["place"]  # commas, semicolons, a new line kept
    if hours is None:
        assert isinstance(event["DTSTART"].dt, dt.date) and "DTEND" not in event
    else:
        assert (f"{event['DTSTART'].dt:%H:%M}", f"{event['DTEND'].dt:%H:%M}") == hours
