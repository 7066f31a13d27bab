"""Rolling figures up the tree: a parent's rollup of each kind, a row for every unit below it."""

from __future__ import annotations

from generator.kinds.registry import all_kinds
from generator.model.facts import Rollup, RollupRow, Summary
from generator.model.units import Tree, Unit
from generator.pipeline.survey import SurveyedFacts
from generator.render import links


def rollups_for(tree: Tree, facts: SurveyedFacts, unit: Unit) -> dict[str, Rollup]:
    """A unit's rollups by kind name: a row for every unit below it (a leaf's own figures, any
    other unit's its leaves' combined) and the total of its leaves. Each leaf's summary is
    unpacked once, and each unit's combination made once."""
    below = tree.descendants(unit)
    own = {d.code: facts.get(d.code).summaries for d in below if d.is_leaf and d.code in facts}
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
            )
            for d in below
        )
        rollups[kind.name] = Rollup(rows, combined(unit, kind.name))
    return rollups


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
