"""Whether a dataset was posted in time: its «Ngày công khai» against its «Ngày quyết định», by
the posting rule its kind declares (kinds/posting_rules.yaml, each rule citing its source)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.model.problems import Problems

POSTED = "posted (Ngày công khai)"


@dataclass(frozen=True)
class PostingRule:
    """How soon after its decision a disclosure must be posted."""

    name: str
    days: int
    working_days: bool  # Monday to Friday; public holidays are not counted out yet
    source: str  # the legal text, as staff read it

    def days_taken(self, decided: dt.date, posted: dt.date) -> int:
        """Days from the decision to the posting, counted as the rule counts them."""
        if not self.working_days:
            return (posted - decided).days
        return sum(
            (decided + dt.timedelta(days=n)).weekday() < 5
            for n in range(1, (posted - decided).days + 1)
        )

    def wording(self) -> str:
        unit = "ngày làm việc (chưa trừ ngày nghỉ lễ)" if self.working_days else "ngày"
        return f"{self.source} yêu cầu công khai trong {self.days} {unit} kể từ ngày quyết định"


def check_posting(
    metadata: dict, shown_meta: str, rule: PostingRule | None, problems: Problems
) -> None:
    """A posting before its decision is an error; one later than the rule allows, a warning."""
    decided, posted = metadata.get("decision_date"), metadata.get("posted")
    if not (decided and posted):
        return
    if posted < decided:
        problems.add(shown_meta, "posting-before-decision", column=POSTED, value=posted)
    elif rule is not None and (taken := rule.days_taken(decided, posted)) > rule.days:
        counted = "ngày làm việc" if rule.working_days else "ngày"
        problems.add(
            shown_meta,
            "posting-late",
            column=POSTED,
            value=posted,
            taken=taken,
            counted=counted,
            rule=rule.wording(),
        )
