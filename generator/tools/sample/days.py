"""Dates for the sample: always derived from the year being generated, never from the clock."""

from __future__ import annotations

import datetime as dt
import random

from generator.model import formatting


def vn(day: dt.date) -> str:
    """Dates as staff write them: dd/mm/yyyy."""
    return formatting.date(day)


def workday(day: dt.date) -> dt.date:
    """Offices post and decide on working days; move a weekend date to the Monday after."""
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    """A random working day from first to last (a weekend near `last` may roll past it)."""
    return workday(first + dt.timedelta(days=rng.randint(0, (last - first).days)))


def after(rng: random.Random, day: dt.date, low: int, high: int) -> dt.date:
    """A working day `low`–`high` calendar days after `day`."""
    return workday(day + dt.timedelta(days=rng.randint(low, high)))


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, 3 * quarter - 2, 1)
    next_first = dt.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return first, next_first - dt.timedelta(days=1)
