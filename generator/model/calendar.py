"""Working days of public offices: Monday to Friday, less the public holidays and swapped days
off of each year (model/holidays/<year>.yaml, each citing its source), plus the weekend days
worked in exchange."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

HOLIDAYS = Path(__file__).parent / "holidays"


def _day(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d/%m/%Y").date()


@dataclass(frozen=True)
class WorkingCalendar:
    days_off: frozenset[dt.date]
    working_weekends: frozenset[dt.date]
    years: frozenset[int]  # the years whose holidays are known
    sources: tuple[tuple[int, str], ...]  # (year, the texts its days off come from)

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.working_weekends:
            return True
        return day.weekday() < 5 and day not in self.days_off

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The day on which `days` working days after `start` have passed (start not counted)."""
        day, counted = start, 0
        while counted < days:
            day += dt.timedelta(days=1)
            counted += self.is_working_day(day)
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end`."""
        return sum(
            self.is_working_day(start + dt.timedelta(days=n))
            for n in range(1, (end - start).days + 1)
        )

    def knows(self, *days: dt.date) -> bool:
        """Whether the holidays of every year spanned by `days` are known."""
        return all(year in self.years for year in range(min(days).year, max(days).year + 1))


@cache
def working_calendar(folder: Path = HOLIDAYS) -> WorkingCalendar:
    """The calendar of every year with a holidays file."""
    days_off, weekends, years, sources = set(), set(), set(), []
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        years.add(int(data["year"]))
        sources.append((int(data["year"]), data["source"]))
        days_off.update(_day(entry["date"]) for entry in data.get("days_off") or ())
        weekends.update(_day(entry["date"]) for entry in data.get("working_weekends") or ())
    return WorkingCalendar(
        frozenset(days_off), frozenset(weekends), frozenset(years), tuple(sources)
    )
