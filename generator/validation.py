"""Checking a data tree without building it: every problem of every unit, in one run."""

from __future__ import annotations

from pathlib import Path

from generator.pipeline import survey_unit
from generator.problems import Problems
from generator.units import discover


def validate_tree(data_root: Path) -> Problems:
    problems = Problems()
    tree = discover(data_root, problems)
    for unit in tree:
        problems.extend(survey_unit(unit)[1])
    return problems
