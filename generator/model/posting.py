"""When a disclosure must be posted and for how long (Law 10/2022 Art. 12–13), and where it stands
on a given day: its posting rule, its record (the dates and places from its thong-tin.yaml) and
its status as of the build date.

A status changes with the day while the data does not. What a page states is made to change only
on the days a disclosure changes state (posted, taken down, due): «Đang niêm yết đến hết
05/02/2025» rather than «còn 12 ngày». The count of days is written by a script in the reader's
browser from the dates the page carries (`data-*` attributes), so a daily rebuild rebuilds only
the units one of whose disclosures changed state that day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.model.calendar import WorkingCalendar

# The forms of disclosure Art. 12 names, as thong-tin.yaml's «Hình thức công khai» takes them.
FORMS = (
    ("tru-so", "Niêm yết tại trụ sở Ủy ban nhân dân"),
    ("nha-van-hoa", "Niêm yết tại nhà văn hóa khu dân cư"),
    ("cong-thong-tin", "Đăng trên cổng thông tin điện tử"),
    ("loa", "Đọc trên loa truyền thanh"),
    ("hoi-nghi", "Thông báo tại hội nghị khu dân cư"),
    ("van-ban", "Gửi văn bản đến khu dân cư"),
)
FORM_LABELS = dict(FORMS)
ON_BOARD = ("tru-so", "nha-van-hoa")  # forms with a notice board, which has a posting period


@dataclass(frozen=True)
class PostingRule:
    """How soon after its decision a disclosure is posted, and for how long."""

    name: str
    source: str  # the legal text, as staff read it
    days: int  # the deadline after the decision ...
    working_days: bool  # ... in working days (weekends and public holidays not counted)
    duration: int | None  # consecutive days on the notice board; None: until replaced
    loudspeaker_days: int = 0  # consecutive days of reading on the loudspeakers, if required

    @classmethod
    def from_dict(cls, name: str, data: dict) -> PostingRule:
        duration = data["duration"]
        return cls(
            name,
            data["source"],
            int(data["deadline"]["days"]),
            bool(data["deadline"].get("working_days")),
            None if duration == "permanent" else int(duration),
            int(data.get("loudspeaker_days", 0)),
        )

    def deadline(self, decided: dt.date, calendar: WorkingCalendar) -> dt.date:
        """The last day the disclosure may be posted."""
        if self.working_days:
            return calendar.add_working_days(decided, self.days)
        return decided + dt.timedelta(days=self.days)

    def days_taken(self, decided: dt.date, posted: dt.date, calendar: WorkingCalendar) -> int:
        """Days from the decision to the posting, counted as the rule counts them."""
        if self.working_days:
            return calendar.working_days_between(decided, posted)
        return (posted - decided).days

    def wording(self) -> str:
        unit = "ngày làm việc" if self.working_days else "ngày"
        return f"{self.source} yêu cầu công khai trong {self.days} {unit} kể từ ngày quyết định"

    def duration_text(self) -> str:
        if self.duration is None:
            return "thường xuyên, đến khi có văn bản thay thế"
        return f"{self.duration} ngày liên tục"


@dataclass(frozen=True)
class PostingRecord:
    """One disclosure's posting: what, where, when, who, as its thong-tin.yaml states it."""

    title: str
    kind_title: str
    page: str  # the dataset's page in the unit's site
    posted: dt.date
    decided: dt.date | None = None
    deadline: dt.date | None = None  # from the decision, by the kind's rule
    until: dt.date | None = None  # the last day on the board; None: permanent
    forms: tuple[str, ...] = ()
    place: str = ""
    responsible: str = ""
    office: str = ""
    rule: PostingRule | None = None
    revision: int = 1  # 2 and more: a corrected version re-published (Art. 14)
    superseded: bool = False  # an earlier version, replaced by a correction
    reason: str = ""  # why it was corrected (revision 2 and more)
    history: str = ""  # the page of its versions, in its page's folder, when it has any

    @property
    def late_days(self) -> int:
        """Calendar days after its deadline it was posted (0 when on time or without one)."""
        if self.deadline is None or self.posted <= self.deadline:
            return 0
        return (self.posted - self.deadline).days

    @property
    def days_on_board(self) -> int | None:
        return None if self.until is None else (self.until - self.posted).days + 1

    @property
    def verb(self) -> str:
        """«niêm yết» on a notice board (the forms say so, or say nothing), else «đăng tải»."""
        if not self.forms or any(form in ON_BOARD for form in self.forms):
            return "niêm yết"
        return "đăng tải"

    def on_board(self, day: dt.date) -> bool:
        """Whether it must be on the notice board on `day`."""
        return self.posted <= day and (self.until is None or day <= self.until)

    def form_labels(self) -> list[str]:
        return [FORM_LABELS.get(form, form) for form in self.forms]


def record_of(
    metadata: dict,
    kind_title: str,
    page: str,
    rule: PostingRule | None,
    calendar: WorkingCalendar,
    revision: int = 1,
    superseded: bool = False,
    history: str = "",
    duration_rule: PostingRule | None = None,
) -> PostingRecord:
    """A dataset's posting, its deadline and last day on the board worked out from its rule
    (`duration_rule`, when given, for the days on the board only: a correction's)."""
    posted, decided = metadata["posted"], metadata.get("decision_date")
    deadline = rule.deadline(decided, calendar) if rule and decided else None
    if deadline and rule.working_days and not calendar.knows(decided, deadline):
        # A year whose days off are not on file: a deadline counted without them could call an
        # on-time posting late, so none is stated (staff are warned; see checks/posting.py).
        deadline = None
    until = metadata.get("posted_until")
    board_rule = duration_rule or rule
    if until is None and board_rule is not None and board_rule.duration is not None:
        until = posted + dt.timedelta(days=board_rule.duration - 1)
    return PostingRecord(
        title=metadata["title"],
        kind_title=kind_title,
        page=page,
        posted=posted,
        decided=decided,
        deadline=deadline,
        until=until,
        forms=tuple(metadata.get("posting_forms") or ()),
        place=metadata.get("posting_place") or "",
        responsible=metadata.get("responsible") or "",
        office=metadata.get("office") or "",
        rule=board_rule,
        revision=revision,
        superseded=superseded,
        reason=metadata.get("correction_reason") or "",
        history=history,
    )


@dataclass(frozen=True)
class PostingStatus:
    """Where a disclosure stands on a day: a state that changes on a few days only, the text
    a page shows for it, and the dates the reader's browser counts days from."""

    state: str  # scheduled | posting | done | permanent
    text: str
    posted: dt.date
    until: dt.date | None


def _short(start: dt.date, end: dt.date) -> str:
    if start.year == end.year:
        return f"{start:%d/%m}–{end:%d/%m/%Y}"
    return f"{start:%d/%m/%Y}–{end:%d/%m/%Y}"


def posting_status(record: PostingRecord, day: dt.date) -> PostingStatus:
    """The record's status on `day`, worded as the page states it."""
    posted, until, verb = record.posted, record.until, record.verb
    if day < posted:
        state = "scheduled"
        text = f"Sẽ {verb} từ ngày {posted:%d/%m/%Y}"
    elif until is None:
        state = "permanent"
        text = f"{verb.capitalize()} thường xuyên từ ngày {posted:%d/%m/%Y}"
    elif day <= until:
        state = "posting"
        text = f"Đang {verb} đến hết ngày {until:%d/%m/%Y}"
    else:
        state = "done"
        text = f"Đã {verb} đủ {record.days_on_board} ngày ({_short(posted, until)})"
    return PostingStatus(state, text, posted, until)


def lateness_text(record: PostingRecord) -> str:
    """«Công khai muộn 8 ngày so với hạn (hạn 13/01/2025)», or "" when on time."""
    if not record.late_days:
        return ""
    return f"Công khai muộn {record.late_days} ngày so với hạn (hạn {record.deadline:%d/%m/%Y})"


@dataclass(frozen=True)
class Expected:
    """A disclosure a kind expects of a unit for a period, due by a day (for what is missing)."""

    kind_title: str
    period: str  # e.g. "năm 2025"
    due: dt.date


def missing_text(expected: Expected, day: dt.date) -> str:
    """«Chưa công khai — quá hạn (hạn 31/03/2026)», or before its due day «Chưa đến hạn»."""
    if day <= expected.due:
        return f"Chưa đến hạn công khai (hạn {expected.due:%d/%m/%Y})"
    return f"Chưa công khai — quá hạn (hạn {expected.due:%d/%m/%Y})"


# -- the compliance of the communes below a unit (a district's or province's inspector's table) --

ON_TIME, LATE, POSTED, MISSING, NOT_DUE = "on-time", "late", "posted", "missing", "not-due"
NOT_COUNTED = "not-counted"  # before the commune's first dataset of the kind on the site, or none
NO_DEADLINE = -1  # a year's postings had no decision date: posted, whether in time is unknown


@dataclass(frozen=True)
class ComplianceCell:
    """One commune's disclosure of one kind for a year: on time, late by some days, posted
    (without a decision to count a deadline from), missing (its due day passed), or not yet due."""

    state: str
    late_days: int = 0
    due: dt.date | None = None

    @property
    def text(self) -> str:
        if self.state == ON_TIME:
            return "Đúng hạn"
        if self.state == LATE:
            return f"Muộn {self.late_days} ngày"
        if self.state == POSTED:
            return "Đã công khai"
        if self.state == MISSING:
            return f"Chưa công khai (hạn {self.due:%d/%m/%Y})"
        if self.state == NOT_COUNTED:
            return "—"
        return f"Chưa đến hạn (hạn {self.due:%d/%m/%Y})" if self.due else "Chưa đến hạn"


def compliance_cell(
    late_days: int | None, due: dt.date | None, day: dt.date, counted: bool = True
) -> ComplianceCell:
    """A cell from a commune's latest posting of the year (None: nothing posted) as of `day`;
    `counted`: the year is not before the commune's first dataset of the kind on the site (before
    it, or for a kind it never put on the site, nothing posted says nothing: its notice board
    does not list it as overdue either)."""
    if late_days is None and not counted:
        return ComplianceCell(NOT_COUNTED, 0, due)
    if late_days == NO_DEADLINE:
        return ComplianceCell(POSTED, 0, due)
    if late_days is not None:
        return ComplianceCell(LATE if late_days else ON_TIME, late_days, due)
    if due is not None and day > due:
        return ComplianceCell(MISSING, 0, due)
    return ComplianceCell(NOT_DUE, 0, due)


@dataclass(frozen=True)
class ComplianceRow:
    title: str
    link: str  # the commune's notice-board page, from the rolling-up unit's page
    cells: tuple[ComplianceCell, ...]  # one per kind, in the table's order

    def count(self, *states: str) -> int:
        return sum(cell.state in states for cell in self.cells)


@dataclass(frozen=True)
class Compliance:
    """A year's table: a row per commune below a unit, a column per kind expected of each."""

    year: int
    kinds: tuple[str, ...]  # kind titles
    rows: tuple[ComplianceRow, ...]

    def column_count(self, index: int, *states: str) -> int:
        return sum(row.cells[index].state in states for row in self.rows)

    def count(self, *states: str) -> int:
        return sum(row.count(*states) for row in self.rows)
