"""The levels a table's codes show, as official forms number their lines without a group column:
sections A, B; parts I, II; items 1, 2 (and 1.1, 1.2.3); sub-items a, b. A table summed as if
every such line were top-level publishes a total about twice the real one."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

_ROMAN = re.compile(r"(?=[IVXL])(XL|L?X{0,3})(IX|IV|V?I{0,3})")
_ARABIC = re.compile(r"\d{1,4}")
_DOTTED = re.compile(r"\d{1,4}(?:\.\d{1,4})+")
_UPPER = re.compile(r"[A-ZĐ]")
_LOWER = re.compile(r"[a-zđ]")
# What surrounds a number in a form: «I.», «1.», «a)», «(a)», «1.2.».
_PUNCTUATION = re.compile(r"^\(?\s*(.*?)\s*[.)]?$")

# Ranks by the custom of Vietnamese official forms: the smaller, the higher the level.
UPPER, ROMAN, ARABIC, LOWER = 0, 1, 2, 9


@dataclass(frozen=True)
class Number:
    """A line's number as its form writes it: its level and its parts (1.2.3 has three)."""

    rank: int
    parts: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.parts[-1]


@lru_cache(maxsize=4096)  # a country's budget forms share a few hundred codes
def read_number(code: str, roman_letters: bool) -> Number | None:
    """The number a code holds, or None. roman_letters: a lone I, V or X is a roman numeral
    (the table numbers its parts II, III …), not a section letter."""
    text = _PUNCTUATION.match(code.strip()).group(1)
    if _DOTTED.fullmatch(text):
        parts = tuple(str(int(p)) for p in text.split("."))
        return Number(ARABIC + len(parts) - 1, parts)
    if _ARABIC.fullmatch(text):
        return Number(ARABIC, (str(int(text)),))
    if _ROMAN.fullmatch(text) and (len(text) > 1 or (roman_letters and text in "IVX")):
        return Number(ROMAN, (text,))
    if _UPPER.fullmatch(text):
        return Number(UPPER, (text,))
    if _LOWER.fullmatch(text):
        return Number(LOWER, (text,))
    return None


@dataclass
class Placement:
    """Each line's code along its path (I.1.a) and its group's, and the lines that cannot be
    placed: (index, the problem's code)."""

    codes: list[str]
    parents: list[str | None]
    unplaced: list[tuple[int, str]] = field(default_factory=list)


def shows_levels(codes: list[str]) -> bool:
    """Whether a table's codes number more than one level."""
    return len({n.rank for n in _numbers(codes) if n is not None}) > 1


@lru_cache(maxsize=4096)
def _stripped(code: str) -> str:
    """A code without what surrounds its number: «I.» -> «I», «(a)» -> «a»."""
    return _PUNCTUATION.match(code.strip()).group(1)


def _numbers(codes: list[str]) -> list[Number | None]:
    """Each code's number. A lone I, V or X is a section letter only right after the letter
    before it (H, U, W): sections A, B each with a single part I are common."""
    numbers, previous_letter = [], None
    for code in codes:
        text = _stripped(code)
        letter_here = text in ("I", "V", "X") and previous_letter == chr(ord(text) - 1)
        number = read_number(code, not letter_here)
        if number is not None and number.rank == UPPER:
            previous_letter = text
        numbers.append(number)
    return numbers


def is_bullet(code: str) -> bool:
    """A line marked, not numbered («-», «+», «*», «•»): an item «of which» in a form."""
    return _stripped(code) in _BULLETS


_BULLETS = {"-", "+", "*", "•", "–", "—", "·", "o", "x"}


def place(codes: list[str]) -> Placement:
    """Place each line under the nearest line above it of a higher level. Codes stay as typed
    when no two are alike; where the form restarts its numbers in each part (1, 2 under I and
    again under II), every code becomes its path (II.1.a) so each is unique."""
    numbers = _numbers(codes)
    top = min((n.rank for n in numbers if n is not None), default=0)
    placement = Placement(codes=list(codes), parents=[None] * len(codes))
    paths = list(codes)
    groups: list[int | None] = [None] * len(codes)
    stack: list[tuple[Number, int]] = []  # the open groups: number, index of its line
    for index, number in enumerate(numbers):
        if number is None:
            placement.unplaced.append((index, "outline-unreadable"))
            continue
        while stack and stack[-1][0].rank >= number.rank:
            stack.pop()
        if number.rank > top and not stack:
            placement.unplaced.append((index, "outline-before-group"))
            continue
        if len(number.parts) > 1 and (not stack or stack[-1][0].parts != number.parts[:-1]):
            placement.unplaced.append((index, "outline-dotted-group"))
            continue
        groups[index] = stack[-1][1] if stack else None
        parent = paths[groups[index]] if stack else None
        paths[index] = f"{parent}.{number.label}" if parent else ".".join(number.parts)
        stack.append((number, index))
    typed = [code.strip().casefold() for code in codes]
    shown = codes if len(set(typed)) == len(typed) else paths
    placement.codes = list(shown)
    placement.parents = [None if g is None else shown[g] for g in groups]
    return placement


def unplaced_without_group(codes: list[str], parents: list[str | None]) -> list[int]:
    """Where staff typed some groups: the lines left without one that their numbering places
    under a line above (dotted codes aside, whose group their code names)."""
    numbers = _numbers(codes)
    top = min((n.rank for n in numbers if n is not None), default=0)
    if not any(
        parent is None and number is not None and number.rank > top and len(number.parts) == 1
        for number, parent in zip(numbers, parents, strict=True)
    ):
        return []  # every line without a group is of the top level: nothing to place
    placed = place(codes).parents
    return [
        index
        for index, (code, parent) in enumerate(zip(codes, parents, strict=True))
        if parent is None and placed[index] is not None and "." not in code.strip().rstrip(".")
    ]
