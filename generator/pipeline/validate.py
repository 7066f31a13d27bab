"""Checking a data tree without building it: every problem of every unit, in one run."""

from __future__ import annotations

from pathlib import Path

from generator.model.problems import Problems
from generator.pipeline.survey import survey_unit
from generator.pipeline.tree import read_tree


def validate_tree(data_root: Path) -> Problems:
    problems = Problems()
    tree = read_tree(data_root, problems)
    for unit in tree:
        problems.extend(survey_unit(unit)[1])
    return problems
