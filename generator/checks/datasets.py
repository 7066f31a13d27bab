"""Checks every dataset gets, whatever its kind: no personal data in any published text."""

from __future__ import annotations

from generator.checks.personal_data import find_personal_data, in_column, problem_code
from generator.model.problems import Problems
from generator.model.schema import KindSchema
from generator.model.tables import Table


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
