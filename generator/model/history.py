"""What a unit's pages show of the units it replaced (the 2025 reform): typed, made in the main
process from the survey, sent to the worker that builds the unit's site."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class FormerSection:
    """A former unit's section of one kind: its years, and where the section is on its site."""

    kind: str  # the kind's name
    path: str  # the section's index page, from the former unit's site root
    years: tuple[int, ...]


@dataclass(frozen=True)
class FormerHistory:
    """A unit merged or dissolved into this one, and what of its data stays published."""

    title: str  # «Xã An Định»
    in_text: str  # «xã An Định»
    code: str
    date: dt.date
    resolution: str
    site: str  # its site's folder below this unit's ("xa-an-dinh/"); empty: nothing published
    sections: tuple[FormerSection, ...] = ()

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({y for s in self.sections for y in s.years}))

    def section(self, kind: str) -> FormerSection | None:
        return next((s for s in self.sections if s.kind == kind), None)
