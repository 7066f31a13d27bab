"""The figures a unit's data adds up to, typed, small enough to pickle to another process and to
keep for every commune of a country: what home pages, section pages and rollups are made from.

Each kind has its own Figures subclass (one period's counts and amounts, with the rates that
follow from them as properties); a unit's Summary holds one per period. Summaries of several
units combine period by period, so a district's figures are its communes' figures added up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from decimal import Decimal

from generator.model.posting import PostingRecord


@dataclass(frozen=True)
class Figures:
    """One period's figures of one unit, or of several units added up (`units` counts them)."""

    units: int = 1

    @classmethod
    def combine(cls, many: Iterable[Figures]) -> Figures:
        """The figures of several units together: every count and amount added up."""
        many = list(many)
        return cls(
            **{f.name: sum((getattr(m, f.name) for m in many), _zero(f.type)) for f in fields(cls)}
        )


def _zero(annotation) -> int | Decimal:
    return Decimal(0) if "Decimal" in str(annotation) else 0


def share(part, whole):
    """part / whole, or None when there is no whole to divide by."""
    return part / whole if whole else None


def period_year(period) -> int:
    """The year a period belongs to: a period is a year, or a tuple that starts with its year."""
    return period[0] if isinstance(period, tuple) else period


@dataclass(frozen=True)
class Summary:
    """A unit's figures of one kind, by period: a year, or (year, stage) for a budget."""

    periods: dict = field(default_factory=dict)  # period -> Figures

    def __bool__(self) -> bool:
        return bool(self.periods)

    def __getitem__(self, period) -> Figures:
        return self.periods[period]

    def __contains__(self, period) -> bool:
        return period in self.periods

    def get(self, period, default=None) -> Figures | None:
        return self.periods.get(period, default)

    def items(self):
        return self.periods.items()

    @property
    def years(self) -> list[int]:
        """The years with figures, oldest first."""
        return sorted({period_year(p) for p in self.periods})

    @staticmethod
    def combine(summaries: Iterable[Summary]) -> Summary:
        """Several units' summaries added up, period by period."""
        by_period: dict = {}
        for summary in summaries:
            for period, figures in summary.periods.items():
                by_period.setdefault(period, []).append(figures)
        return Summary({p: type(many[0]).combine(many) for p, many in by_period.items()})


@dataclass(frozen=True)
class RollupColumn:
    """A column of a rollup table offered for download: its header, and a unit's value in it from
    the unit's figures of the period (the row's figures; None when it has none)."""

    title: str
    value: Callable[[Figures], object]
    percent: bool = False  # a share, downloaded as a percentage with two decimals


@dataclass(frozen=True)
class RollupTable:
    """A rollup page's table offered for download: the period its figures are of (a year, or a
    budget's (year, stage)), its columns, and its name when the page has several."""

    period: object
    columns: tuple[RollupColumn, ...]
    label: str = ""


@dataclass(frozen=True)
class Figure:
    """A card on a unit's home page: one figure that matters, linked to the page it comes from."""

    label: str
    value: object  # a number, or None when there is nothing to show
    style: str = "number"  # how the value is written: a name in formatting.STYLES
    digits: int | None = None
    unit: str = ""
    note: str = ""
    link: str = ""


@dataclass(frozen=True)
class RollupRow:
    """One unit below a rollup's unit: a commune's own figures, another unit's communes' total."""

    title: str
    url: str  # from the rollup unit's site root to this unit's home
    depth: int  # below the rollup unit
    is_leaf: bool
    summary: Summary
    # years whose figures are wholly those of the former units merged into it, and years that
    # hold some of theirs (pipeline.rollup)
    earlier: tuple[int, ...] = ()
    merged: tuple[int, ...] = ()


@dataclass(frozen=True)
class Rollup:
    """A unit's figures of one kind: a row for every unit below it, and its communes' total."""

    rows: tuple[RollupRow, ...]
    total: Summary

    def missing(self, year: int) -> list[str]:
        """Names of the communes below with no figures for the year: their rows show «—» and the
        total leaves them out, which the page says."""
        return [r.title for r in self.rows if r.is_leaf and year not in r.summary.years]


@dataclass
class UnitFacts:
    """What the survey learnt of one unit, small enough to send to every worker."""

    code: str
    summaries: dict[str, Summary] = field(default_factory=dict)  # kind name -> the unit's own
    disclosures: list[PostingRecord] = field(default_factory=list)
    # kind name -> {year: the most days late any of the year's postings was (0: all on time;
    # model.posting.NO_DEADLINE: none had a decision to count from)}
    postings: dict[str, dict[int, int]] = field(default_factory=dict)
    newest_posted: dt.date | None = None
