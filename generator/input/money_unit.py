"""The unit of a table's amounts, as forms state it: a line «Đơn vị tính: triệu đồng» above the
table, or the unit in a column's header («Số tiền (nghìn đồng)»). Amounts are kept in đồng; a
unit stated two different ways is refused, never guessed."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.model.schema import Field
from generator.model.text import fold

# Folded unit words (model.text.fold: no case, marks, spaces or punctuation) -> đồng in one.
SCALES = {
    "dong": 1,
    "vnd": 1,
    "nghindong": 1_000,
    "ngandong": 1_000,
    "1000dong": 1_000,
    "1000d": 1_000,
    "trieudong": 1_000_000,
    "trdong": 1_000_000,
    "trd": 1_000_000,
    "tydong": 1_000_000_000,
    "tidong": 1_000_000_000,
}
# «Đơn vị tính: …», «ĐVT: …», folded; «Đơn vị: …» only before a unit of money (it also starts
# «Đơn vị hành chính»).
_MARKERS = ("donvitinh", "dvt", "donvi")
_CURRENCY_TITLE = re.compile(r"\s*\((?:đồng|VNĐ|VND)\)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Statement:
    """A line above a table stating the unit of its amounts."""

    row: int
    text: str
    scale: int | None  # None: a unit that is not đồng or a multiple of it


def statement(rows: list[tuple[int, list]]) -> Statement | None:
    """The first statement of a unit in these rows (those above a table's header)."""
    for line, cells in rows:
        for cell in cells:
            if not isinstance(cell, str) or len(cell) > 500:
                continue
            folded = fold(cell)
            for marker in _MARKERS:
                at = folded.find(marker)
                if at < 0:
                    continue
                rest = folded[at + len(marker) :]
                unit = max((w for w in SCALES if rest.startswith(w)), key=len, default=None)
                if unit is not None:
                    return Statement(line, cell.strip(), SCALES[unit])
                if marker != "donvi":
                    return Statement(line, cell.strip(), None)
    return None


def money_headers(fields: tuple[Field, ...]) -> dict[str, tuple[Field, int | None]]:
    """Folded header text -> (an amount field, đồng in one unit of the header, or None when the
    header names no unit): «Số tiền», «Số tiền (triệu đồng)», «Số tiền (nghìn đồng)» …"""
    found = {}
    for f in fields:
        if f.unit != "đồng":
            continue
        base = fold(_CURRENCY_TITLE.sub("", f.title))
        found[base] = (f, None)
        for word, scale in SCALES.items():
            found[base + word] = (f, scale)
    return found
