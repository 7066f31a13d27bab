"""The unit of a table's amounts, as forms state it: a line «Đơn vị tính: triệu đồng» above the
table, or the unit in a column's header («Số tiền (nghìn đồng)»). Amounts are kept in đồng; a
unit stated two different ways is refused, never guessed."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.model.schema import Field
from generator.model.text import fold, without_marks

# Folded unit words (model.text.fold: no case, marks, spaces or punctuation) -> đồng in one:
# what a column's header may add to its title («Số tiền (triệu đồng)»).
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
# A line's unit, written out (lower case, marks stripped), longest first: «triệu đồng», «Tr.đ»,
# «nghìn VNĐ», «1.000 đồng», «tỷ», «đ».
_WRITTEN = sorted(
    {
        **{
            f"{m} {c}": scale
            for m, scale in (
                ("trieu", 10**6),
                ("nghin", 10**3),
                ("ngan", 10**3),
                ("ty", 10**9),
                ("ti", 10**9),
                ("1.000", 10**3),
                ("1000", 10**3),
                ("1.000.000", 10**6),
                ("1000000", 10**6),
                ("tr.", 10**6),
                ("tr", 10**6),
                ("ng.", 10**3),
                ("ng", 10**3),
            )
            for c in ("dong", "vnd", "d")
        },
        **{
            f"{m}{c}": scale
            for m, scale in (("tr.", 10**6), ("ng.", 10**3), ("tr", 10**6))
            for c in ("dong", "d")
        },
        "trieu": 10**6,
        "nghin": 10**3,
        "ngan": 10**3,
        "ty": 10**9,
        "ti": 10**9,
        "dong": 1,
        "vnd": 1,
        "d": 1,
    }.items(),
    key=lambda item: -len(item[0]),
)
# «Đơn vị tính: …», «ĐVT: …»; «Đơn vị: …» only before a unit of money (it also starts «Đơn vị
# hành chính», «Đơn vị: Đông Sơn»).
_MARKER = re.compile(r"\b(don vi tinh|dvt|don vi)\b\s*[:：]?\s*")
_CURRENCY_TITLE = re.compile(r"\s*\((?:đồng|VNĐ|VND)\)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Statement:
    """A line above a table stating the unit of its amounts."""

    row: int
    text: str
    scale: int | None  # None: a unit that is not đồng or a multiple of it
    unit: str = ""  # the unit as written after its marker, without marks, in lower case


def statement(rows: list[tuple[int, list]]) -> Statement | None:
    """The first statement of a unit in these rows (those above a table's header); its unit may
    stand in the next cell («Đơn vị tính:» | «triệu đồng»)."""
    for line, cells in rows:
        texts = [c.strip() for c in cells if isinstance(c, str) and c.strip()]
        for index, cell in enumerate(texts):
            if len(cell) > 500:
                continue
            plain = without_marks(cell).lower()
            marker = _MARKER.search(plain)
            if marker is None:
                continue
            rest = plain[marker.end() :].strip() or (
                without_marks(texts[index + 1]).lower() if index + 1 < len(texts) else ""
            )
            scale = _written_scale(rest, explicit=marker.group(1) != "don vi")
            if scale is not False:
                return Statement(line, cell, scale, rest)
    return None


def _written_scale(rest: str, explicit: bool) -> int | None | bool:
    """đồng in one unit written at the start of `rest`; None for another unit after an explicit
    marker (refused); False where «Đơn vị:» is not about money."""
    for written, scale in _WRITTEN:
        if rest.startswith(written) and not rest[len(written) : len(written) + 1].isalnum():
            # «đồng bào», «Đông Sơn»: words go on, the line is not a unit's
            if not explicit and re.match(r"\s+[a-z]", rest[len(written) :]):
                return False
            return scale
    return None if explicit else False


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
