"""A row that adds up the others («Tổng cộng», «Cả năm», or a row of sums without a label) counts
every figure twice once the page adds the rows: every table is checked for one, except those
whose kind places such rows itself (a budget's groups, a land table's land groups)."""

from __future__ import annotations

from decimal import Decimal

from generator.model.problems import Problems
from generator.model.tables import Table
from generator.model.text import clean, fold

# A total's label, folded word by word: its first words, or the whole label.
_STARTS = {("tong", "cong"), ("tong", "so"), ("ca", "nam"), ("toan", "xa"), ("luy", "ke")}
_WHOLE = {("cong",), ("tong",), ("tong", "cong"), ("cong", "chung"), ("tong", "hop")}
_STARTS_ONE = {"tong", "cong"}  # «Tổng:», «Cộng: 12 hộ»


def is_total_label(text: str) -> bool:
    """«Tổng cộng», «TỔNG SỐ», «Cả năm 2025», «Cộng», «Toàn xã», «Lũy kế»: case, marks and
    punctuation aside, words compared whole («Tổng hợp ý kiến», «Cộng đồng» are not totals)."""
    words = tuple(w for w in (fold(word) for word in clean(text).split(" ")) if w)
    if not words:
        return False
    return words in _WHOLE or words[:2] in _STARTS or (words[0] in _STARTS_ONE and ":" in text)


def total_rows(table: Table, shown: str, problems: Problems) -> None:
    """Refuse a labelled total row, and a row equal to the sum of all the others in at least two
    of its number columns (and in at least half of them)."""
    if table.schema.outline or table.schema.sums_checked_by_kind:
        return
    texts = [f for f in table.schema.fields if f.type == "string" and not f.categories]
    numbers = [f for f in table.schema.fields if f.type in ("integer", "number")]
    flagged = set()
    for row, line in table.numbered():
        for f in texts:
            value = row.get(f.name)
            if isinstance(value, str) and is_total_label(value):
                problems.add(shown, "table-total-row", row=line, column=f.title, value=value)
                flagged.add(line)
                break
    rows = list(table.numbered())
    if len(numbers) < 2 or len(rows) < 3:
        return
    sums = {f.name: sum((Decimal(r[f.name] or 0) for r, _ in rows), Decimal(0)) for f in numbers}
    for row, line in rows:
        if line in flagged:
            continue
        equal = [
            f
            for f in numbers
            if row[f.name] and Decimal(row[f.name]) * 2 == sums[f.name]  # itself = all the others
        ]
        if len(equal) >= 2 and len(equal) * 2 >= len(numbers):
            problems.add(
                shown,
                "table-sum-row",
                row=line,
                column=equal[0].title,
                value=row[equal[0].name],
                columns=", ".join(f"«{f.title}»" for f in equal),
            )
