"""Whether a dataset was posted in time: its «Ngày công khai» against its «Ngày quyết định», by
the posting rule its kind declares (kinds/posting_rules.yaml, each rule citing its source), and
whether its other posting details hold together."""

from __future__ import annotations

from generator.model.calendar import WorkingCalendar
from generator.model.posting import PostingRule
from generator.model.problems import Problems

POSTED = "posted (Ngày công khai)"
UNTIL = "posted_until (Ngày kết thúc niêm yết)"


def check_posting(
    metadata: dict,
    shown_meta: str,
    rule: PostingRule | None,
    calendar: WorkingCalendar,
    problems: Problems,
    deadline: bool = True,
) -> None:
    """A posting before its decision is an error; one later than the rule allows, a warning; a
    board taken down before the rule's period is over, an error. Without `deadline` (a
    correction, re-published when the error was found), the board's period only."""
    decided, posted = metadata.get("decision_date"), metadata.get("posted")
    until = metadata.get("posted_until")
    if posted and until:
        if until < posted:
            problems.add(shown_meta, "posting-until-before", column=UNTIL, value=until)
        elif rule is not None and rule.duration and (until - posted).days + 1 < rule.duration:
            problems.add(
                shown_meta,
                "posting-too-short",
                column=UNTIL,
                value=until,
                days=(until - posted).days + 1,
                duration=rule.duration,
                source=rule.source,
            )
    if not (deadline and decided and posted):
        return
    if posted < decided:
        problems.add(shown_meta, "posting-before-decision", column=POSTED, value=posted)
    elif rule is not None and posted > (deadline_day := rule.deadline(decided, calendar)):
        # late as pages state it: after the deadline's day, a weekend after it included
        taken = rule.days_taken(decided, posted, calendar)
        counted = "ngày làm việc" if rule.working_days else "ngày"
        if rule.working_days and not calendar.knows(decided, posted):
            counted += " (chưa có lịch nghỉ lễ của năm này, chỉ trừ thứ Bảy, Chủ nhật)"
        problems.add(
            shown_meta,
            "posting-late",
            column=POSTED,
            value=posted,
            taken=taken,
            counted=counted,
            rule=rule.wording(),
            deadline=f"{deadline_day:%d/%m/%Y}",
        )
