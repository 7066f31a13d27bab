"""Checks every dataset gets, whatever its kind: no personal data in any published text."""

from __future__ import annotations

import re

from generator.checks.personal_data import find_personal_data, in_column, problem_code
from generator.model.problems import Problems
from generator.model.schema import KindSchema
from generator.model.tables import Table
from generator.model.text import fold
from generator.model.units import UNIT_TYPES, Unit

# A unit named in a sentence: its type, then its name in capitals («xã An Định», «UBND huyện An
# Lạc»). Texts a dataset publishes about itself may name its unit and the units above it only.
_NAMED_UNIT = re.compile(
    r"\b(" + "|".join(UNIT_TYPES) + r")\s+((?:[^\W\d_][\w']*)(?:\s+[^\W\d_][\w']*){0,3})",
    re.IGNORECASE,
)
# What a template made for no unit names: the build refuses it until staff write their own.
TEMPLATE_UNIT = "xã Tên Đơn Vị"
# The metadata that say who publishes: the title, who decided and who answers for it.
_OWN_FIELDS = ("title", "decision_issuer", "office")


def personal_data(
    shown_meta: str,
    schema: KindSchema,
    metadata: dict,
    tables: dict[str, Table],
    shown_folder: str,
    problems: Problems,
) -> None:
    """No published text may hold an identity number, phone number, birth date or e-mail."""
    for f in schema.metadata:
        value = metadata.get(f.name)
        hit = find_personal_data(value) if isinstance(value, str) else None
        if hit:
            problems.add(
                shown_meta, problem_code(hit[0]), column=f"{f.name} ({f.title})", value=hit[1]
            )
    for table in tables.values():
        if table.path is None:
            continue
        shown = f"{shown_folder}/{table.path.name}"
        hits = []
        for order, f in enumerate(table.schema.fields):
            if f.type != "string":
                continue
            filled = [(row[f.name], line) for row, line in table.numbered() if row[f.name]]
            for index, hit in in_column([text for text, _ in filled], person_name=f.person_name):
                hits.append((filled[index][1], order, f.title, hit))
        for line, _, title, hit in sorted(hits, key=lambda h: h[:2]):  # row by row, as staff read
            problems.add(shown, problem_code(hit[0]), row=line, column=title, value=hit[1])


def other_units_named(
    unit: Unit, texts: tuple[tuple[str, str, str], ...], names: frozenset[str], problems: Problems
) -> None:
    """The texts a unit's datasets publish about themselves (title, issuer, office: (file,
    column, text)) name no other unit of the tree: a copied template or a neighbour's folder
    would publish that unit's name under this one (the units it was under or merged with before
    the 2025 reform aside). `names`: every unit's «type name», folded."""
    own = {fold(name) for name in (unit.lineage or (unit.in_text,)) + unit.also_named}
    for file, column, value in texts:
        if TEMPLATE_UNIT in value:
            problems.add(file, "dataset-template-unit", column=column, value=value)
            continue
        for match in _NAMED_UNIT.finditer(value):
            kind, words = match.group(1), match.group(2).split()
            count = next((i for i, w in enumerate(words) if not w[0].isupper()), len(words))
            named = [fold(f"{kind} {' '.join(words[:n])}") for n in range(1, count + 1)]
            other = next((n for n in named if n in names and n not in own), None)
            if other is not None and not any(n in own for n in named):
                problems.add(
                    file,
                    "dataset-names-other-unit",
                    column=column,
                    value=value,
                    named=f"{kind} {' '.join(words[: named.index(other) + 1])}",
                    unit=unit.in_text,
                )
                break


def published_about_itself(shown_meta: str, schema: KindSchema, metadata: dict) -> list:
    """(file, column, text) of a dataset's title, issuer and office, for other_units_named."""
    return [
        (shown_meta, f"{f.name} ({f.title})", metadata[f.name])
        for f in schema.metadata
        if f.name in _OWN_FIELDS and isinstance(metadata.get(f.name), str)
    ]
