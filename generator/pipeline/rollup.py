"""Rolling figures up the tree: a parent's rollup of each kind, a row for every unit below it."""

from __future__ import annotations

import datetime as dt

from generator.kinds.expected import ahead, expecting_kinds, overdue
from generator.kinds.registry import all_kinds
from generator.model.facts import Rollup, RollupRow, Summary, period_year
from generator.model.history import FormerHistory, FormerSection
from generator.model.posting import (
    Compliance,
    ComplianceRow,
    PostingRecord,
    compliance_cell,
    posting_status,
)
from generator.model.units import Tree, Unit
from generator.pipeline.survey import SurveyedFacts
from generator.render import links


def rollups_for(tree: Tree, facts: SurveyedFacts, unit: Unit) -> dict[str, Rollup]:
    """A unit's rollups by kind name: a row for every unit below it (a leaf's own figures, any
    other unit's its leaves' combined) and the total of its leaves. Each leaf's summary is
    unpacked once, and each unit's combination made once."""
    below = [d for d in tree.descendants(unit) if not d.former]
    own = {d.code: with_history(tree, facts, d) for d in below if d.is_leaf and d.code in facts}
    leaves_of = {unit.code: [d for d in below if d.is_leaf]}
    for d in below:
        if not d.is_leaf:
            leaves_of[d.code] = [x for x in tree.descendants(d) if x.is_leaf]

    def combined(of: Unit, kind: str) -> Summary:
        if of.is_leaf:
            return own.get(of.code, {}).get(kind, Summary())
        return Summary.combine(
            own[d.code].get(kind, Summary()) for d in leaves_of[of.code] if d.code in own
        )

    rollups = {}
    for kind in all_kinds():
        rows = tuple(
            RollupRow(
                d.title,
                links.to_unit("index.md", unit, d),
                d.depth - unit.depth,
                d.is_leaf,
                combined(d, kind.name),
                *(earlier_years(facts, d, kind.name) if d.formers else ((), ())),
            )
            for d in below
        )
        rollups[kind.name] = Rollup(rows, combined(unit, kind.name))
    return rollups


def earlier_years(
    facts: SurveyedFacts, unit: Unit, kind: str
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The years of a kind a commune's rollup row takes wholly from its former units, and those
    it takes from them in part (a budget year: their estimate, its own execution)."""
    empty = Summary()
    own = facts.get(unit.code).summaries.get(kind, empty) if unit.code in facts else empty
    theirs = {
        period
        for code in unit.formers
        if code in facts
        for period in facts.get(code).summaries.get(kind, empty).periods
        if period not in own.periods
    }
    years = {period_year(p) for p in theirs}
    return tuple(sorted(years - set(own.years))), tuple(sorted(years))


def with_history(tree: Tree, facts: SurveyedFacts, unit: Unit) -> dict[str, Summary]:
    """A commune's figures by kind as rollups count them: its own, and for the periods it has
    none of (a year, or a budget's year and stage), those of the former units merged into it.
    Each period is counted once: one the new commune published is never added to its former
    communes' (their 2025 estimate stays when it published only the 9-month execution)."""
    own = dict(facts.get(unit.code).summaries)
    formers = [facts.get(c) for c in unit.formers if c in facts]
    for kind in {k for f in formers for k in f.summaries}:
        mine = own.get(kind, Summary())
        earlier = Summary.combine(
            Summary({p: v for p, v in f.summaries[kind].items() if p not in mine.periods})
            for f in formers
            if kind in f.summaries
        )
        if earlier:
            own[kind] = Summary({**earlier.periods, **mine.periods})
    return own


def history_for(tree: Tree, facts: SurveyedFacts, unit: Unit) -> tuple[FormerHistory, ...]:
    """The units `unit` replaced, each with the years of each kind its history site shows."""
    found = []
    for record in unit.replaces:
        former = tree.units.get(record.code)
        kept = former is not None and former.former is not None and former.code in facts
        sections = ()
        if kept:
            summaries = facts.get(former.code).summaries
            sections = tuple(
                FormerSection(
                    kind.name, f"{kind.folder}/index.md", tuple(summaries[kind.name].years)
                )
                for kind in all_kinds()
                if summaries.get(kind.name)
            )
        found.append(
            FormerHistory(
                record.title,
                record.in_text,
                record.code,
                record.date,
                record.resolution,
                f"{former.slug}/" if kept else "",
                sections,
            )
        )
    return tuple(found)


def latest_by_unit(tree: Tree, facts: SurveyedFacts) -> dict[str, tuple[str | None, ...]]:
    """For the tree page: each unit's newest year with figures, kind by kind, in registry order."""
    kinds = all_kinds()
    latest = {}
    for unit in tree:
        own = facts.get(unit.code)
        latest[unit.code] = tuple(
            kind.latest(own.summaries.get(kind.name, Summary())) if own else None for kind in kinds
        )
    return latest


def compliance_for(tree: Tree, facts: SurveyedFacts, unit: Unit, day: dt.date) -> list[Compliance]:
    """A unit's compliance tables as of `day`, newest year first: a row per commune below it, a
    column per kind that any of them publishes and that expects a dataset every year."""
    leaves = [d for d in tree.descendants(unit) if d.is_leaf and not d.former and d.code in facts]
    postings = {d.code: facts.get(d.code).postings for d in leaves}
    kinds = [k for k in expecting_kinds() if any(p.get(k.name) for p in postings.values())]
    published = {y for p in postings.values() for k in kinds for y in p.get(k.name, ())}
    if not published:
        return []
    years = [
        year
        for year in range(min(published), max(day.year, max(published)) + 1)
        if year in published or any(k.due_date(year) < day for k in kinds)
    ]
    return [
        Compliance(
            year,
            tuple(k.title for k in kinds),
            tuple(
                ComplianceRow(
                    d.title,
                    # a commune with no yearly dataset on the site may have no notice-board page
                    links.to_unit("index.md", unit, d) + "cong-khai/"
                    if any(postings[d.code].values())
                    else "",
                    tuple(
                        compliance_cell(
                            postings[d.code].get(k.name, {}).get(year),
                            k.due_date(year),
                            day,
                            counted=year >= min(postings[d.code].get(k.name) or [year + 1]),
                        )
                        for k in kinds
                    ),
                )
                for d in leaves
            ),
        )
        for year in reversed(years)
    ]


def dated_context(
    records: tuple[PostingRecord, ...] | list[PostingRecord],
    postings: dict[str, dict[int, int]],
    day: dt.date,
) -> tuple:
    """What a unit's pages state that depends on the build date: each posting's state and the
    datasets overdue. It changes on the few days a state does, so a daily rebuild rebuilds only
    the units concerned."""
    return (
        tuple(posting_status(r, day).state for r in records),
        tuple((e.kind_title, e.period) for e in overdue(postings, day)),
        tuple((e.kind_title, e.period) for e in ahead(postings, day)),  # in its calendar
    )
