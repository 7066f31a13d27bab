"""Personal data that must never be published (Decree 356/2025/NĐ-CP; domain.md, Personal data):
identity numbers, personal phone numbers, birth dates, health-insurance card numbers, tax codes and
personal e-mail addresses; in a cell holding a person's name, also ethnicity and health conditions.

A disclosure needs a household head's name and village, nothing more. Every published text
value passes `find_personal_data`; the office contacts in unit.yaml are the one documented
exception (they are the public office's, not a person's).
"""

from __future__ import annotations

import re

_SEP = r"[ .\-]?"
# CCCD: 12 digits, starting with a 3-digit province code 001–096; CMND: 9 digits (or 12).
_CCCD = re.compile(r"(?<![\d.,])0\d{2}~\d~\d{2}~(?:\d~?){5}\d(?!\d)".replace("~", _SEP))
# Dots between groups of three make an amount (104.521.000), not a CMND.
_CMND = re.compile(r"(?<![\d/.,])\d{3} ?\d{3} ?\d{3}(?![\d/.,])")
# A CCCD kept in a number cell loses its leading zeros (001234567890 -> 1234567890): a whole text
# (or line) of 10 or 11 digits. Phones that lost their 0 have 9 digits, which _CMND finds.
_LOST_ZERO_CCCD = re.compile(r"(?<![^\n])[1-9]\d{9,10}(?![^\n])")
_LOST_ZERO_BESIDE_NAME = re.compile(r"(?<![\d.,/])[1-9]\d{9,10}(?![\d.,/])")
# Mobile numbers: 10 digits from 03, 05, 07, 08, 09, or +84 / 84 then 9 digits.
_PHONE = re.compile(r"(?<![\d])(?:\+?84" + _SEP + r"|0)[35789]\d(?:" + _SEP + r"?\d){7}(?!\d)")
# A number after a word naming an identity paper is one whatever its separators: "CMND 125.456.789",
# "CCCD: 001.089.012.345" (without the word, dots between groups of three are an amount).
_ID_AFTER_WORD = re.compile(
    r"\b(?:CMND|CMTND|CCCD|ĐDCN|số định danh(?: cá nhân)?|căn cước(?: công dân)?"
    r"|chứng minh(?: nhân dân| thư)?)"
    r"\b\W{0,4}(?:số\W{0,3})?(\d(?:[ .\-]?\d){8,11})(?![\d.,])",
    re.IGNORECASE,
)
# Health-insurance (BHYT) card: two letters, then 13 digits, as in "GD4797931234567" or
# "GD 4 79 7931234567".
_BHYT = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2} ?\d(?: ?\d){12}(?!\d)")
# Tax code after "MST" / "mã số thuế": 10 digits, 10-3 for a branch, or a 12-digit identity number.
_TAX = re.compile(r"\b(?:MST|mã số thuế)\b\W{0,4}(\d(?:[ .\-]?\d){9,12})(?!\d)", re.IGNORECASE)
# "sinh" in these words is not a birth: khai sinh (birth registration), học sinh (pupil), phát sinh,
# vệ sinh, tái sinh, sản sinh; "sinh năm 2025" after them is a year of the event.
_NOT_BIRTH = "".join(f"(?<!{word} )" for word in ("khai", "học", "phát", "vệ", "tái", "sản"))
_BIRTH = re.compile(
    _NOT_BIRTH + r"\b(?:sinh|ns|n/s|sn|s/n|dob)\b\W{0,3}(?:ngày|năm|:)?\s*"
    r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-])?(?:19|20)\d{2}\b",
    re.IGNORECASE,
)
# Only in a person's name: a date or a year next to the name is a birth date ("Trần C, 12/05/1960").
_NAME_DATE = re.compile(r"(?<![\d/.\-])(?:\d{1,2}[/.\-]){0,2}(?:19|20)\d{2}(?![\d/.\-])")
# Sensitive data (ethnicity, health) written after a name; ordinary text may name them (a budget
# line «Hỗ trợ người khuyết tật», «Chính sách dân tộc»), a name cell may not.
_ETHNICITY_WORDS = ("dân tộc", "DTTS", "đồng bào")
_HEALTH_WORDS = (
    "khuyết tật",
    "tàn tật",
    "bệnh",
    "ốm",
    "tâm thần",
    "thần kinh",
    "ung thư",
    "HIV",
    "AIDS",
    "chất độc da cam",
    "da cam",
    "thiểu năng",
    "khiếm thị",
    "khiếm thính",
    "mù lòa",
    "câm điếc",
    "bại liệt",
    "liệt nửa người",
    "chạy thận",
    "thương binh",
    "bệnh binh",
    "tai biến",
    "đột quỵ",
)


def _any_word(words: tuple[str, ...]) -> str:
    return r"\b(?:" + "|".join(map(re.escape, words)) + r")\b"


_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
_PUBLIC_MAIL_DOMAINS = (".gov.vn",)
_MAY_HOLD_ANY = re.compile(r"[\d@]")  # every pattern above needs a (Unicode) digit or an @

# What each kind of personal datum is called in messages: the problem code is "personal-<kind>".
KINDS = (
    "cccd",
    "cccd-lost-zero",
    "cmnd",
    "phone",
    "birth",
    "email",
    "bhyt",
    "tax",
    "ethnicity",
    "health",
)


def find_personal_data(text: str, person_name: bool = False) -> tuple[str, str] | None:
    """(kind, the matching text) of the first personal datum in text, or None.

    person_name: the text is a person's name (a household head), where a date or year, an
    ethnicity or a health condition is personal data too."""
    found = _in_text(text)
    if found is None and person_name:
        found = _in_name(text)
    return found


def in_column(texts: list[str], person_name: bool = False):
    """(index, (kind, matching text)) of each of `texts` holding personal data. Cell text is
    clean (no line breaks), and a line break meets every pattern as the edge of a text does, so
    one search over the lines joined finds nothing exactly when no text holds anything: a
    commune's lists hold thousands of names, nearly always clean."""
    if find_personal_data("\n".join(texts), person_name) is None:
        return
    for index, text in enumerate(texts):
        found = find_personal_data(text, person_name)
        if found:
            yield index, found


def _in_text(text: str) -> tuple[str, str] | None:
    if not _MAY_HOLD_ANY.search(text):
        return None
    for match in _ID_AFTER_WORD.finditer(text):
        digits = sum(c.isdigit() for c in match.group(1))
        if digits in (9, 12):
            return ("cmnd" if digits == 9 else "cccd"), match.group()
    for kind, pattern in (
        ("birth", _BIRTH),
        ("cccd", _CCCD),
        ("phone", _PHONE),
        ("cmnd", _CMND),
        ("cccd-lost-zero", _LOST_ZERO_CCCD),
    ):
        match = pattern.search(text)
        if match:
            return kind, match.group()
    for kind, pattern in (("bhyt", _BHYT), ("tax", _TAX)):
        match = pattern.search(text)
        if match:
            return kind, match.group()
    for match in _EMAIL.finditer(text):
        if not match.group().lower().endswith(_PUBLIC_MAIL_DOMAINS):
            return "email", match.group()
    return None


# One search a name for the words (a commune's lists hold thousands of names), dates only with a
# digit.
_SENSITIVE_WORDS = re.compile(
    f"(?P<ethnicity>{_any_word(_ETHNICITY_WORDS)})|(?P<health>{_any_word(_HEALTH_WORDS)})",
    re.IGNORECASE,
)
# The pattern tries each word at every letter; looking for the words as plain text first is ten
# times faster, and a name without any of them cannot match.
_SENSITIVE_LOWER = tuple(word.lower() for word in _ETHNICITY_WORDS + _HEALTH_WORDS)
# ſ ı İ K Å: IGNORECASE matches them, lower() does not
_FOLDED_OTHERWISE = re.compile("[\u017f\u0131\u0130\u212a\u212b]")


def _in_name(text: str) -> tuple[str, str] | None:
    lower = text.lower()
    maybe = any(word in lower for word in _SENSITIVE_LOWER) or _FOLDED_OTHERWISE.search(text)
    match = _SENSITIVE_WORDS.search(text) if maybe else None
    if match:
        return match.lastgroup, match.group()
    if not _MAY_HOLD_ANY.search(text):
        return None
    match = _NAME_DATE.search(text)
    if match:
        return "birth", match.group()
    # «Lò Văn Bảo 38120456789», joined in Excel from two cells
    match = _LOST_ZERO_BESIDE_NAME.search(text)
    return ("cccd-lost-zero", match.group()) if match else None


def problem_code(kind: str) -> str:
    """The problem code of a kind of personal datum found (model/messages.yaml: personal-…)."""
    return f"personal-{kind}"
