"""Personal data that must never be published (Decree 356/2025/NĐ-CP; domain.md, Personal data):
identity numbers, personal phone numbers (mobile, old 11-digit and landline, in any written form),
birth dates, health-insurance, social-insurance and bank account numbers, tax codes and personal
e-mail addresses (also written «[at]» or with spaces). Beside a person's name (in a name cell, or
after «ông», «bà», «hộ» … and a name in other text) also age, house number, ethnicity, religion,
health, criminal record, sexual life and biometrics (the words: sensitive_terms.yaml).

A disclosure needs a household head's name and village, nothing more. Every published text
value passes `find_personal_data`; the office contacts in unit.yaml are the one documented
exception (they are the public office's, not a person's).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml

from generator.model.text import without_marks

_SEP = r"[ .\-/_]?"
# CCCD: 12 digits, starting with a 3-digit province code 001–096; CMND: 9 digits (or 12).
_CCCD = re.compile(r"(?<![\d.,])0\d{2}~\d~\d{2}~(?:\d~?){5}\d(?!\d)".replace("~", _SEP))
# Dots between groups of three make an amount (104.521.000), not a CMND.
_MONEY_AFTER = r"(?!\s*(?:đồng|đ\b|vnđ|vnd|triệu|nghìn|ngàn|tỷ|tỉ))"
# «450 000 000 đồng» is an amount; a CMND is written as nine digits in a row or «123 456 789».
_CMND = re.compile(
    r"(?<!kinh phí )(?<!số tiền )(?<!giá trị )(?<![\d/.,])\d{3} ?\d{3} ?\d{3}(?![\d/.,])"
    + _MONEY_AFTER,
    re.IGNORECASE,
)
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
_NOT_BIRTH = "".join(
    f"(?<!{word} )" for word in ("khai", "học", "phát", "vệ", "tái", "sản", "học sinh")
)
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
    "bank",
    "bhxh",
    "age",
    "address",
    "ethnicity",
    "religion",
    "health",
    "criminal",
    "sexual",
    "biometric",
)

# -- numbers in any written form ---------------------------------------------------------------

# A run of digits with what people put between them: spaces, dots, dashes, slashes, brackets.
_DIGIT_RUN = re.compile(r"(?:\(?\+\s*)?\d(?:[\s.\-/()]{0,3}\d)*")
_DIGIT_GROUP = re.compile(r"\d+")
_BANK = re.compile(
    r"\b(?:STK|số tài khoản|so tai khoan|số TK|tài khoản(?: số)?|tai khoan(?: so)?|TK)\b"
    r"\W{0,6}(\d(?:[ .\-]?\d){5,18})(?!\d)",
    re.IGNORECASE,
)
_BHXH = re.compile(
    r"\b(?:BHXH|bảo hiểm xã hội|bao hiem xa hoi)\b\W{0,12}(?:(?:số|so|mã|ma)\W{0,3})?"
    r"(\d(?:[ .\-]?\d){9})(?![\d.,])" + _MONEY_AFTER,
    re.IGNORECASE,
)
_AMOUNT_GROUPS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_SPACED_GROUPS = re.compile(r"\d{1,3}(?: \d{3})+")
_MONEY_WORD = re.compile(r"\s*(?:đồng|đ\b|vnđ|vnd|triệu|nghìn|ngàn|tỷ|tỉ)", re.IGNORECASE)
# «abc [at] gmail [dot] com», «abc (a còng) gmail.com», «abc @ gmail . com»
_AT = re.compile(r"\s*(?:[\[({<]\s*(?:at|a còng|@)\s*[\])}>]|@)\s*", re.IGNORECASE)
_DOT = re.compile(r"\s*(?:[\[({<]\s*(?:dot|chấm)\s*[\])}>])\s*", re.IGNORECASE)
_MAY_HIDE_EMAIL = re.compile(r"@|[\[({<]\s*(?:at|a còng)\s*[\])}>]", re.IGNORECASE)


def _ascii_digits(text: str) -> str:
    return "".join(str(unicodedata.digit(c)) for c in text if c.isdigit())


def _phone_or_id(run: str) -> str | None:
    """What a run of digit groups holds from one of its groups on: a phone number (mobile, old
    11-digit mobile, landline, with or without +84) or a 12-digit identity number, else None."""
    groups = [_ascii_digits(g) for g in _DIGIT_GROUP.findall(run)]
    international = run.lstrip("( ").startswith("+")
    for start in range(len(groups)):
        digits = ""
        for group in groups[start:]:
            digits += group
            if len(digits) > 12:
                break
            if _is_phone(digits, international and start == 0):
                return "phone"
            if len(digits) == 12 and digits[0] == "0" and 1 <= int(digits[:3]) <= 96:
                return "cccd"
    return None


def _is_phone(digits: str, international: bool) -> bool:
    if digits.startswith("84") and (international or len(digits) >= 11):
        rest = digits[2:].removeprefix("0")
        return (len(rest) == 9 and rest[0] in "35789") or (len(rest) in (9, 10) and rest[0] == "2")
    if not digits.startswith("0"):
        return False
    if len(digits) == 10:  # 03x-09x mobiles, 02xx landlines of 10 digits
        return digits[1] in "235789"
    return len(digits) == 11 and digits[1] in "12"  # old 01xx mobiles, 11-digit landlines


def _numbers(text: str) -> tuple[str, str] | None:
    """(kind, the text) of a phone or identity number however its digits are separated."""
    for match in _DIGIT_RUN.finditer(text):
        run = match.group().strip()
        if sum(c.isdigit() for c in run) < 9:
            continue
        # «1.001.089.012.345 đồng», «450 000 000 đ»: an amount (none starts with 0)
        grouped = _AMOUNT_GROUPS.fullmatch(run) or _SPACED_GROUPS.fullmatch(run)
        if (grouped and not run.startswith("0")) or _MONEY_WORD.match(text, match.end()):
            continue
        kind = _phone_or_id(run)
        if kind:
            return kind, run.strip()
    for kind, pattern in (("bank", _BANK), ("bhxh", _BHXH)):
        for match in pattern.finditer(text):
            if not _AMOUNT_GROUPS.fullmatch(match.group(1)):
                return kind, match.group()
    return None


def _hidden_email(text: str) -> str | None:
    """An e-mail address written to dodge a filter: «[at]», «(a còng)», spaces around @ or dots."""
    if not _MAY_HIDE_EMAIL.search(text):
        return None
    joined = _DOT.sub(".", _AT.sub("@", text))
    joined = re.sub(r"(@[\w\-]+(?:\.[\w\-]+)*)\s*\.\s*(?=[A-Za-z])", r"\1.", joined)
    for match in _EMAIL.finditer(joined):
        if not match.group().lower().endswith(_PUBLIC_MAIL_DOMAINS):
            return match.group()
    return None


# -- sensitive details beside a person ----------------------------------------------------------

_TERMS_FILE = yaml.safe_load(
    (Path(__file__).with_name("sensitive_terms.yaml")).read_text(encoding="utf-8")
)


def _words(text: str) -> str:
    """Lower-case words between single spaces, with a space at each end: « bị khuyết tật »."""
    return " " + " ".join(re.findall(r"\w+", text.lower())) + " "


def _folded_words(text: str) -> str:
    return _words(without_marks(text))


def _term_index() -> list[tuple[str, str, bool]]:
    """(kind, words, folded) to look for: a term as written, and without its marks when it has
    two or more syllables (one syllable without marks is an ordinary word or a name)."""
    index = []
    for kind, terms in _TERMS_FILE["terms"].items():
        for term in terms:
            index.append((kind, _words(term), False))
            if len(term.split()) > 1 or term.isascii():
                index.append((kind, _folded_words(term), True))
    return index


_TERMS = _term_index()
_ETHNIC = {_folded_words(name).strip() for name in _TERMS_FILE["ethnic_groups"]}
_ETHNIC_MARKERS = ("dan toc", "dt", "nguoi", "toc")
# What sets a detail apart from a name; a line break too, so that a column's texts joined by line
# breaks (in_column) are read as each text is.
_SET_APART = re.compile(r"[(),;:/|\[\]–—\n]| - ")
_AGE = re.compile(
    r"(?<![\d/.,])\d{1,3}\s*(?:tuổi|tuoi|t)\b|\b(?:tuổi|tuoi)\W{0,3}\d{1,3}\b", re.IGNORECASE
)
_BIRTH_SHORT = re.compile(
    r"\b(?:sn|ns|s/n|n/s|sinh năm|sinh nam|năm sinh|nam sinh|ngày sinh|ngay sinh)\W{0,3}"
    r"(?:\d{1,2}\W{1,3}){0,2}\d{2,4}\b"
    r"|\bsinh\s+(?:ngày|ngay)\s*\d{1,2}\s*(?:tháng|thang)\s*\d{1,2}\s*(?:năm|nam)\s*\d{2,4}\b",
    re.IGNORECASE,
)
# «sinh ngày 5 tháng 3 năm 1960» anywhere is a birth date (not «khai sinh ngày …»).
_BIRTH_IN_WORDS = re.compile(
    _NOT_BIRTH
    + r"\bsinh\s+(?:ngày|ngay)\s*\d{1,2}\s*(?:tháng|thang)\s*\d{1,2}\s*(?:năm|nam)\s*\d{4}\b",
    re.IGNORECASE,
)
_ADDRESS = re.compile(
    r"\b(?:số nhà|so nha|số|so|ngõ|ngo|ngách|ngach|hẻm|hem|kiệt|kiet|nhà số|nha so)\s*\d+[a-z]?\b"
    r"|(?<![\d/])\d{1,4}[a-z]?\s*/\s*\d{1,4}(?![\d/])",
    re.IGNORECASE,
)
# A person named in running text: «ông Nguyễn Văn A», «hộ bà Lò Thị B», «chủ hộ Trần C» (the
# name's first letter is checked to be a capital).
_PERSON = re.compile(
    r"\b(?:ông|bà|anh|chị|cụ|cháu|em|chủ hộ|hộ|cô|chú|bác)\s+(?=[^\W\d_])", re.IGNORECASE
)
# How far after a person's name a detail is taken to be about them.
_NEAR = 60


def _sensitive_words(text: str) -> tuple[str, str] | None:
    """(kind, the words) of a sensitive category's term in a text about one person. A name's own
    words are capitalised («Giàng A Mù», «Tâm Thân»): beside it only words in lower case or in
    capitals throughout («NKT», «KHUYẾT TẬT») are read, and any word set apart by a bracket,
    comma or dash."""
    head, *apart = _SET_APART.split(text)
    words = re.findall(r"\w+", head)
    kept = " ".join(w for w in words if not w[0].isupper() or (len(w) > 1 and w.isupper()))
    kept += " " + " ".join(apart)
    written, folded = _words(kept), _folded_words(kept)
    for kind, term, is_folded in _TERMS:
        if term in (folded if is_folded else written):
            return kind, term.strip()
    return _ethnic_group(text, _folded_words(text))


def _ethnic_group(text: str, folded: str) -> tuple[str, str] | None:
    """An ethnic group named after «dân tộc», «DT», «người», or set apart from the name."""
    for marker in _ETHNIC_MARKERS:
        at = folded.find(f" {marker} ")
        while at >= 0:
            rest = folded[at + len(marker) + 2 :].split(" ")
            for size in (4, 3, 2, 1):
                if " ".join(rest[:size]) in _ETHNIC:
                    return "ethnicity", f"{marker} {' '.join(rest[:size])}"
            at = folded.find(f" {marker} ", at + 1)
    for part in _SET_APART.split(text)[1:]:
        words = _folded_words(part).strip()
        if words in _ETHNIC:
            return "ethnicity", part.strip()
    return None


def _beside_a_person(text: str) -> tuple[str, str] | None:
    """A sensitive detail, an age or a birth year following a person named in running text."""
    for match in _PERSON.finditer(text):
        if not text[match.end()].isupper():
            continue
        near = text[match.start() : match.end() + _NEAR]
        found = _sensitive_words(near)
        if found is None:
            age = _AGE.search(near) or _BIRTH_SHORT.search(near)
            found = ("age" if age and age.re is _AGE else "birth", age.group()) if age else None
        if found:
            return found
    return None


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
    if _PERSON.search(text):
        found = _beside_a_person(text)
        if found:
            return found
    hidden = _hidden_email(text)
    if hidden:
        return "email", hidden
    if not _MAY_HOLD_ANY.search(text):
        return None
    match = _BIRTH_IN_WORDS.search(text)
    if match:
        return "birth", match.group()
    for match in _ID_AFTER_WORD.finditer(text):
        digits = sum(c.isdigit() for c in match.group(1))
        if digits in (9, 12):
            return ("cmnd" if digits == 9 else "cccd"), match.group()
    for kind, pattern in (("birth", _BIRTH), ("bhyt", _BHYT), ("tax", _TAX)):
        match = pattern.search(text)
        if match:
            return kind, match.group()
    found = _numbers(text)
    if found:
        return found
    for kind, pattern in (
        ("cccd", _CCCD),
        ("phone", _PHONE),
        ("cmnd", _CMND),
        ("cccd-lost-zero", _LOST_ZERO_CCCD),
    ):
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
    found = _sensitive_words(text)
    if found:
        return found
    if not _MAY_HOLD_ANY.search(text):
        return None
    match = _BIRTH_SHORT.search(text) or _NAME_DATE.search(text)
    if match:
        return "birth", match.group()
    for kind, pattern in (("age", _AGE), ("address", _ADDRESS)):
        match = pattern.search(text)
        if match:
            return kind, match.group()
    # «Lò Văn Bảo 38120456789», joined in Excel from two cells
    match = _LOST_ZERO_BESIDE_NAME.search(text)
    return ("cccd-lost-zero", match.group()) if match else None


def problem_code(kind: str) -> str:
    """The problem code of a kind of personal datum found (model/messages.yaml: personal-…)."""
    return f"personal-{kind}"
