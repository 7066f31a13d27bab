"""Checking a data tree without building it: every problem of every unit, in one run."""

from __future__ import annotations

from pathlib import Path

from generator.checks.datasets import other_units_named
from generator.model.problems import Problems
from generator.pipeline.survey import about_itself, survey_unit
from generator.pipeline.tree import read_tree, unit_names


def validate_tree(data_root: Path) -> Problems:
    problems = Problems()
    tree = read_tree(data_root, problems)
    names = unit_names(tree)
    for unit in tree:
        try:
            _, found, datasets = survey_unit(unit, tree=tree)
        except Exception as error:  # noqa: BLE001 - a defect met in one unit stops that unit only
            problems.add(unit.shown_folder, "unit-check-failed", error=type(error).__name__)
            continue
        problems.extend(found)
        other_units_named(unit, about_itself(datasets), names, problems)
    return problems
