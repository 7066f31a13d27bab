"""Vietnamese text helpers: normalisation, diacritic folding, alphabetical order."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Vietnamese alphabet order; tones are ordered after letters (a secondary key).
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
# Tone marks in customary order: none, huyền, sắc, hỏi, ngã, nặng.
_TONES = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter


# What a reader cannot see or that reorders what they see: format characters (zero-width spaces
# and joiners, soft hyphen, BOM, bidi controls, tags), controls, surrogates, private use and
# unassigned code points (Unicode categories), and the blank letters Hangul and Braille have.
UNSEEN_CATEGORIES = frozenset({"Cf", "Cc", "Cs", "Co", "Cn"})
BLANK_LETTERS = frozenset({"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800"})
# Marks that show nothing: the combining grapheme joiner, Khmer's inherent vowels, Mongolian's
# variation selectors; and the variation selectors (U+FE00–FE0F, U+E0100–E01EF), below.
INVISIBLE_MARKS = frozenset({"\u034f", "\u17b4", "\u17b5", "\u180b", "\u180c", "\u180d", "\u180f"})


def unseen(char: str) -> bool:
    """Whether a reader cannot see the character, or it reorders what they see."""
    code = ord(char)
    return (
        unicodedata.category(char) in UNSEEN_CATEGORIES
        or char in BLANK_LETTERS
        or char in INVISIBLE_MARKS
        or 0xFE00 <= code <= 0xFE0F
        or 0xE0100 <= code <= 0xE01EF
    )


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# Caches of what one unit's pages repeat (names, villages, categories) hold a unit's worth: large
# enough for a 2,000-household commune, small enough that a worker's memory stops growing after its
# first units instead of filling over hundreds of communes.
UNIT_CACHE_SIZE = 8192


def clean(text: str) -> str:
    """NFC with runs of whitespace (newlines included) collapsed to one space."""
    return " ".join(nfc(text).split())


def _strip_table() -> dict[int, str]:
    """Each precomposed Latin letter -> its letter without marks (đ as d): a translate table,
    so that texts of thousands of names are stripped at C speed."""
    table = {ord("đ"): "d", ord("Đ"): "D"}
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        decomposed = unicodedata.normalize("NFD", chr(code))
        base = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        if base != chr(code) and len(base) == 1:
            table[code] = base
    return table


_STRIP = _strip_table()
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def without_marks(text: str) -> str:
    """Vietnamese letters without their diacritics, đ as d: 'Đông Hòa' -> 'Dong Hoa'."""
    stripped = text.translate(_STRIP)
    if stripped.isascii():
        return stripped
    decomposed = unicodedata.normalize("NFD", stripped)  # a mark no precomposed letter holds
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=65536)  # headers, categories and villages are folded again and again
def fold(text: str) -> str:
    """Lower case, no diacritics, no spaces or punctuation: 'Họ tên chủ hộ' -> 'hotenchuho'."""
    return re.sub(r"[^0-9a-z]", "", without_marks(text).lower())


@lru_cache(maxsize=65536)  # a country's names share a few thousand words
def _letter_key(word: str) -> tuple[tuple, tuple]:
    letters, tones = [], []
    for char in unicodedata.normalize("NFC", word.lower()):
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        letter = unicodedata.normalize(
            "NFC", base + "".join(m for m in marks if m in _LETTER_MARKS)
        )
        tone = next((_TONES[m] for m in marks if m in _TONES), 0)
        letters.append(_LETTER_RANK.get(letter, 100 + ord(letter[0])))
        tones.append(tone)
    return tuple(letters), tuple(tones)


def vietnamese_key(text: str) -> tuple:
    """Sort key for Vietnamese words: letters first, tones only to break ties."""
    words = clean(text).split(" ")
    keys = [_letter_key(w) for w in words]
    return tuple(k[0] for k in keys), tuple(k[1] for k in keys)


@lru_cache(maxsize=UNIT_CACHE_SIZE)  # a household is listed again each year
def person_name_key(full_name: str) -> tuple:
    """Customary order for lists of people: given name (last word) first, then the rest."""
    words = clean(full_name).split(" ")
    return vietnamese_key(words[-1]), vietnamese_key(" ".join(words[:-1]))
