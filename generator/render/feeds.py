"""A unit's feeds: an Atom feed of its disclosures and corrections (feed.xml), for readers who
follow it, and an iCalendar file (lich-tiep-cong-dan.ics) of its reception days and posting
deadlines, for a phone's calendar. Both are made from the same records as the pages and say only
what the pages say; both are the same bytes for the same data and the same posting states."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import uuid
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import icalendar

from generator.model.facts import UnitFacts
from generator.model.pages import Download, served_url
from generator.model.posting import Expected, PostingRecord, posting_status
from generator.model.units import Unit

FEED_FILE = "feed.xml"
CALENDAR_FILE = "lich-tiep-cong-dan.ics"
FEED_ENTRIES = 50
ATOM = "http://www.w3.org/2005/Atom"
VIETNAM = dt.timezone(dt.timedelta(hours=7))
VIETNAM_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")  # a calendar's events carry the zone's name
# The first day a weekly reception is counted from: any fixed Monday keeps the file's bytes still.
RECEPTION_START = dt.date(2024, 1, 1)
WEEKDAYS = {"hai": 0, "ba": 1, "tư": 2, "năm": 3, "sáu": 4, "bảy": 5, "chủ nhật": 6}
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Only what is read whole becomes an event: «Thứ Tư hằng tuần», «Thứ Ba và thứ Năm hằng tuần»,
# «Từ thứ Hai đến thứ Sáu hằng tuần», «Ngày 15 hằng tháng», «Ngày 10 và ngày 20 hằng tháng».
# Anything else («thứ Năm tuần đầu tiên», «theo lịch của huyện») stays on the page as written.
_DAY = r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy)|chủ\s+nhật)"
_EVERY = r"\s+(?:hằng|hàng|mỗi)\s+"
_WEEKLY_LIST = re.compile(rf"{_DAY}(?:\s*(?:,|và)\s*{_DAY})*{_EVERY}tuần")
_WEEKLY_RANGE = re.compile(rf"từ\s+({_DAY})\s+đến\s+({_DAY}){_EVERY}tuần")
_MONTHLY = re.compile(rf"ngày\s+\d{{1,2}}(?:\s*(?:,|và)\s*(?:ngày\s+)?\d{{1,2}})*{_EVERY}tháng")
# «7:30», «7h30», «7h», «13g30», «13 giờ 30», «17 giờ»: a time needs its hour mark
_TIME = re.compile(r"(\d{1,2})\s*(?::|h|giờ|g)\s*(\d{2})?(?!\d)")
_TIMES = re.compile(
    r"(?:từ\s+)?(\d{1,2}\s*(?::|h|giờ|g)\s*(?:\d{2})?)\s*(?:–|-|—|đến)\s*"
    r"(\d{1,2}\s*(?::|h|giờ|g)\s*(?:\d{2})?)"
)


def _feed_id(unit: Unit, what: str) -> str:
    # Stable without a host name: the same disclosure keeps its id wherever the tree is served.
    return uuid.uuid5(uuid.NAMESPACE_URL, f"congkhai:{unit.code}:{what}").urn


def _version(record: PostingRecord) -> str:
    # A page may hold several disclosures (a budget year's stages): the title tells them apart.
    return f"{record.page}|{record.title}#{record.revision}"


def _moment(day: dt.date) -> str:
    return dt.datetime.combine(day, dt.time(), VIETNAM).isoformat()


def _entry_title(record: PostingRecord) -> str:
    if record.revision > 1:
        return f"Đính chính lần {record.revision - 1}: {record.title}"
    return record.title


def _entry_summary(unit: Unit, record: PostingRecord) -> str:
    said = [f"{unit.title} công khai ngày {record.posted:%d/%m/%Y} ({record.kind_title})."]
    if record.reason:
        said.append(f"Lý do đính chính: {record.reason}.")
    if record.until:
        said.append(f"Niêm yết đến hết ngày {record.until:%d/%m/%Y}.")
    return " ".join(said)


def atom_feed(unit: Unit, records: list[PostingRecord], day: dt.date, site_url: str = "") -> bytes:
    """The Atom feed (RFC 4287) of a unit's disclosures posted by `day`, newest first."""
    shown = sorted(
        (r for r in records if r.posted <= day),
        key=lambda r: (r.posted, r.revision, r.title),
        reverse=True,
    )[:FEED_ENTRIES]
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "vi"})
    if site_url:
        feed.set("{http://www.w3.org/XML/1998/namespace}base", site_url)

    def child(parent, tag, text=None, **attrs):
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    child(feed, "id", _feed_id(unit, "feed"))
    child(feed, "title", f"Công khai thông tin – {unit.title}")
    child(feed, "subtitle", f"Nội dung {unit.in_text} công khai và đính chính")
    newest = shown[0].posted if shown else None
    child(feed, "updated", _moment(newest) if newest else "2024-01-01T00:00:00+07:00")
    child(feed, "link", rel="alternate", type="text/html", href="./")
    child(feed, "link", rel="self", type="application/atom+xml", href=FEED_FILE)
    author = child(feed, "author")
    child(author, "name", unit.office.get("name") or unit.title)
    child(feed, "generator", "congkhai")
    for record in shown:
        entry = child(feed, "entry")
        child(entry, "id", _feed_id(unit, _version(record)))
        child(entry, "title", _entry_title(record))
        child(entry, "published", _moment(record.posted))
        child(entry, "updated", _moment(record.posted))
        page = served_url(record.page) or "./"
        child(entry, "link", rel="alternate", type="text/html", href=page)
        child(entry, "category", term=record.kind_title)
        child(entry, "summary", _entry_summary(unit, record), type="text")
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _weekday(text: str) -> int:
    words = " ".join(text.split())
    return WEEKDAYS[words.removeprefix("thứ ").strip()]


def _weekly_rule(day_text: str) -> dict | None:
    """The recurrence a reception day states, when the whole text is read (see _WEEKLY_LIST)."""
    text = " ".join(unicodedata.normalize("NFC", day_text).lower().split())
    if _MONTHLY.fullmatch(text):
        days = sorted({int(n) for n in re.findall(r"\d{1,2}", text)})
        if all(1 <= d <= 31 for d in days):
            return {"FREQ": "MONTHLY", "BYMONTHDAY": days}
        return None
    if found := _WEEKLY_RANGE.fullmatch(text):
        first, last = _weekday(found.group(1)), _weekday(found.group(2))
        if first < last:
            return {"FREQ": "WEEKLY", "BYDAY": [BYDAY[d] for d in range(first, last + 1)]}
        return None
    if _WEEKLY_LIST.fullmatch(text):
        named = re.findall(_DAY, text)
        return {"FREQ": "WEEKLY", "BYDAY": [BYDAY[d] for d in sorted({_weekday(n) for n in named})]}
    return None


def _hours(time_text: str) -> tuple[dt.time, dt.time] | None | bool:
    """«7:30 – 11:00», «7h30-11h», «13 giờ 30 – 17 giờ»: the start and end. None when no time is
    stated (an all-day event); False when one is stated but not read whole (no event)."""
    text = " ".join(unicodedata.normalize("NFC", time_text or "").lower().split())
    if not text:
        return None
    found = _TIMES.fullmatch(text)
    if not found:
        return False
    times = []
    for part in found.groups():
        hour, minute = _TIME.fullmatch(part).groups()
        if int(hour) > 23 or int(minute or 0) > 59:
            return False
        times.append(dt.time(int(hour), int(minute or 0)))
    return (times[0], times[1]) if times[0] < times[1] else False


def _first_day(rule: dict) -> dt.date:
    """The first day the rule falls on from RECEPTION_START (a Monday in a 31-day month)."""
    if rule["FREQ"] == "MONTHLY":
        return RECEPTION_START.replace(day=min(rule["BYMONTHDAY"]))
    return RECEPTION_START + dt.timedelta(days=min(BYDAY.index(c) for c in rule["BYDAY"]))


def reception_calendar(
    unit: Unit,
    records: list[PostingRecord],
    deadlines: list[Expected],
    day: dt.date,
    stamp: dt.date | None,
) -> bytes:
    """The unit's reception schedule (each day its unit.yaml states as a weekly or monthly one)
    and its posting dates still ahead on `day`: datasets due, disclosures coming down."""
    calendar = icalendar.Calendar()
    _fill(
        calendar,
        {
            "prodid": "-//congkhai//Lich tiep cong dan//VI",
            "version": "2.0",
            "calscale": "GREGORIAN",
            "x-wr-calname": f"Lịch tiếp công dân – {unit.title}",
            "x-wr-timezone": "Asia/Ho_Chi_Minh",
        },
    )
    calendar.add_component(_vietnam_zone())
    # The data's newest day, not the build's: the file changes only when the data does.
    stamp_at = dt.datetime.combine(stamp or RECEPTION_START, dt.time(), dt.UTC)

    def event(uid: str, summary: str, **fields) -> icalendar.Event:
        found = icalendar.Event()
        fields = {name.replace("_", "-"): value for name, value in fields.items()}
        _fill(
            found, {"uid": f"{uid}-{unit.code}@congkhai", "dtstamp": stamp_at, "summary": summary}
        )
        _fill(found, fields)
        calendar.add_component(found)
        return found

    for number, reception in enumerate(unit.reception, start=1):
        rule = _weekly_rule(str(reception.get("day", "")))
        if rule is None:
            continue  # stated in words only: the contacts page shows it as written
        first = _first_day(rule)
        hours = _hours(str(reception.get("time") or ""))
        if hours is False:
            continue  # hours not read whole: a wrong hour in a phone's calendar is worse than none
        start = dt.datetime.combine(first, hours[0], VIETNAM_ZONE) if hours else first
        end = dt.datetime.combine(first, hours[1], VIETNAM_ZONE) if hours else None
        host = reception.get("host")
        event(
            f"tiep-cong-dan-{number}",
            f"Tiếp công dân – {unit.office.get('name') or unit.title}",
            dtstart=start,
            dtend=end,
            rrule=rule,
            location=reception.get("place"),
            description=f"{reception.get('day')}, {reception.get('time')}"
            + (f". Người tiếp: {host}" if host else ""),
        )
    for expected in deadlines:
        kind = uuid.uuid5(uuid.NAMESPACE_URL, expected.kind_title).hex[:8]
        event(
            f"han-{expected.due:%Y%m%d}-{kind}",
            f"Hạn công khai: {expected.kind_title} {expected.period}",
            dtstart=expected.due,
            description=f"Ngày cuối cùng {unit.in_text} phải công khai "
            f"{expected.kind_title.lower()} {expected.period}.",
        )
    for record in records:
        status = posting_status(record, day)
        if (
            record.superseded
            or record.until is None
            or status.state not in ("posting", "scheduled")
        ):
            continue
        event(
            f"go-xuong-{uuid.uuid5(uuid.NAMESPACE_URL, _version(record)).hex[:12]}",
            f"Hết thời hạn niêm yết: {record.title}",
            dtstart=record.until + dt.timedelta(days=1),
            description=f"Niêm yết từ ngày {record.posted:%d/%m/%Y} đến hết ngày "
            f"{record.until:%d/%m/%Y}; từ ngày này có thể gỡ xuống.",
        )
    return calendar.to_ical()


def _vietnam_zone() -> icalendar.Timezone:
    """Viet Nam's time zone as the events name it: UTC+7 all year, with no summer time (written
    here rather than from the system's zone database, so the file is the same on every machine)."""
    zone = icalendar.Timezone()
    _fill(zone, {"tzid": "Asia/Ho_Chi_Minh"})
    standard = icalendar.TimezoneStandard()
    seven = dt.timedelta(hours=7)
    _fill(
        standard,
        {
            "dtstart": dt.datetime(1975, 6, 13),
            "tzoffsetfrom": seven,
            "tzoffsetto": seven,
            "tzname": "ICT",
        },
    )
    zone.add_component(standard)
    return zone


def unit_feeds(
    unit: Unit, facts: UnitFacts, coming: list[Expected], day: dt.date, tree_url: str = ""
) -> list[Download]:
    """A unit's feed and calendar, as files beside its home page."""
    site_url = tree_url and tree_url + unit.url_path
    return [
        Download(
            "Nguồn tin (Atom)", FEED_FILE, made=atom_feed(unit, facts.disclosures, day, site_url)
        ),
        Download(
            "Lịch tiếp công dân (iCalendar)",
            CALENDAR_FILE,
            made=reception_calendar(unit, facts.disclosures, coming, day, facts.newest_posted),
        ),
    ]


def _fill(component: icalendar.cal.Component, fields: dict) -> None:
    """Add each field that has a value, typed as iCalendar types it."""
    for name, value in fields.items():
        if value:
            component.add(name, value)
