"""A row that adds up the others («Tổng cộng», «Cả năm», or a row of sums without a label) counts
every figure twice once the page adds the rows: every table is checked for one, except those
whose kind places such rows itself (a budget's groups, a land table's land groups)."""

from __future__ import annotations

import re
from decimal import Decimal

from generator.model.problems import Problems
from generator.model.tables import Table
from generator.model.text import clean, fold

# A total's label, word by word in lower case with its marks («Công trình:», «Cà Nam», «Tống»
# are not totals), or without them for a label typed without any («Tong cong»): its first words,
# or the whole label, or «Tổng:», «Cộng:» (the word then a colon).
_STARTS = {("tổng", "cộng"), ("tổng", "số"), ("cả", "năm"), ("lũy", "kế"), ("luỹ", "kế")}
_STARTS |= {("cộng", "chung")}
# «Cộng khoản K3», «Cộng thôn Nam»: a subtotal of an item or a village («Tổng chi …» may start a
# finding's sentence, so is left to a kind's own `starts`)
_STARTS |= {("cộng", w) for w in ("khoản", "thôn", "mục", "các", "dồn", "lũy", "luỹ", "tiền")}
_WHOLE = {("cộng",), ("tổng",), ("tổng", "cộng"), ("cộng", "chung"), ("tổng", "hợp")}
_BEFORE_COLON = {"tổng", "cộng"}
_FOLDED = {
    name: {tuple(fold(w) for w in words) for words in group}
    for name, group in (("starts", _STARTS), ("whole", _WHOLE))
}
_FIRST_WORDS = {words[0] for words in _STARTS | _WHOLE} | _BEFORE_COLON
_FIRST_WORDS_FOLDED = {fold(w) for w in _FIRST_WORDS}
_MAY_START_A_TOTAL = re.compile(
    r"^\W*(?:" + "|".join(sorted(_FIRST_WORDS | {fold(w) for w in _FIRST_WORDS})) + r")\b",
    re.IGNORECASE | re.MULTILINE,
)


def _column_text(table: Table, name: str) -> str:
    return "\n".join(v for v in (row.get(name) for row in table.rows) if isinstance(v, str))


def is_total_label(text: str, starts: frozenset = frozenset()) -> bool:
    """«Tổng cộng», «TỔNG SỐ», «Cả năm 2025», «Cộng», «Cộng chung», «Lũy kế», «Tổng: 12 hộ»: a
    label of a row adding up others; `starts` adds first words of a kind's own (a budget's
    «Tổng thu»). Words are compared whole: «Tổng hợp ý kiến», «Cộng đồng» are not totals."""
    first = text.lstrip().split(" ", 1)[0].lower().strip(":.,;")
    if first not in _FIRST_WORDS and not (text.isascii() and first in _FIRST_WORDS_FOLDED):
        if not any(first == word[0] for word in starts):
            return False  # most texts: their first word settles it
    words = tuple(w for w in (w.strip(":.,;") for w in clean(text).lower().split(" ")) if w)
    if not words:
        return False
    if clean(text).split(" ")[0].endswith(":") and words[0] in _BEFORE_COLON:
        return True
    if words in _WHOLE or words[:2] in _STARTS or words[:2] in starts:
        return True
    if text.isascii():  # typed without marks
        folded = tuple(fold(w) for w in words)
        own = {tuple(fold(w) for w in pair) for pair in starts}
        return folded in _FOLDED["whole"] or folded[:2] in _FOLDED["starts"] | own
    return False


def total_rows(table: Table, shown: str, problems: Problems) -> None:
    """Refuse a labelled total row, and a row equal to the sum of all the others in at least two
    of its number columns (and in at least half of them)."""
    if table.schema.outline or table.schema.sums_checked_by_kind:
        return
    texts = [f for f in table.schema.fields if f.type == "string" and not f.categories]
    numbers = [f for f in table.schema.fields if f.type in ("integer", "number")]
    flagged = set()
    # a column none of whose texts starts like a total is passed over in one search
    texts = [f for f in texts if _MAY_START_A_TOTAL.search(_column_text(table, f.name))]
    for row, line in table.numbered() if texts else ():
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
