"""Checks on what a unit.yaml publishes: the unit's name, its villages and its reception schedule
must hold no personal data. The office's own phone, e-mail and address are public by design."""

from __future__ import annotations

from generator.checks.personal_data import find_personal_data, problem_code
from generator.model.problems import Problems
from generator.model.units import UNIT_FILE, Unit


def personal_data(unit: Unit, problems: Problems) -> None:
    shown = f"{unit.shown_folder}/{UNIT_FILE}"
    published = [("name (tên đơn vị)", unit.name)]
    published += [
        (f"villages, thôn thứ {n}: name", v.name) for n, v in enumerate(unit.villages, start=1)
    ]
    published += [
        (f"reception, dòng {n}: {key}", value)
        for n, entry in enumerate(unit.reception, start=1)
        for key, value in entry.items()
    ]
    for column, value in published:
        hit = find_personal_data(value) if value else None
        if hit:
            problems.add(shown, problem_code(hit[0]), column=column, value=hit[1])


UNIT_CHECKS = (personal_data,)
