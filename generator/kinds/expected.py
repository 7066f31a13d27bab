"""What each kind expects of a unit year by year (its schema.yaml's `due`), and so which of a
unit's disclosures are missing on a day: the notice-board page's «quá hạn» list and the
compliance table of the units above it."""

from __future__ import annotations

import datetime as dt

from generator.kinds.registry import all_kinds
from generator.model.posting import Expected


def expecting_kinds() -> list:
    """The kinds that expect a dataset of every unit that publishes them, each year."""
    return [kind for kind in all_kinds() if kind.due]


def overdue(postings: dict[str, dict[int, int]], day: dt.date) -> list[Expected]:
    """A unit's missing datasets on `day`: each year from its first of a kind to `day`'s with no
    dataset of that kind, whose due day has passed."""
    missing = []
    for kind in expecting_kinds():
        years = postings.get(kind.name)
        if not years:  # never published: whether the kind applies to the unit is not known
            continue
        for year in range(min(years), day.year + 1):
            due = kind.due_date(year)
            if year not in years and due < day:
                missing.append(Expected(kind.title, f"năm {year}", due))
    return missing


def ahead(postings: dict[str, dict[int, int]], day: dt.date) -> list[Expected]:
    """A unit's datasets still to come on `day`, last year's to next year's, each kind's due day
    on or after `day` (for its calendar)."""
    coming = []
    for kind in expecting_kinds():
        years = postings.get(kind.name)
        if not years:
            continue
        for year in range(day.year - 1, day.year + 2):
            due = kind.due_date(year)
            if year not in years and due >= day:
                coming.append(Expected(kind.title, f"năm {year}", due))
    return sorted(coming, key=lambda e: (e.due, e.kind_title))
