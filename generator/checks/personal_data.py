"""Personal data that must never be published (Decree 356/2025/NĐ-CP; domain.md, Personal data).

In any text: identity numbers, phone numbers (mobile, old 11-digit, landline, with or without
+84, whatever separates their digits), birth dates, health-insurance, social-insurance, bank and
tax numbers, personal e-mail addresses (also written «[at]» or with spaces). Beside a person's
name (a name cell, or a name after «ông», «bà», «hộ» … in other text): age, birth year, house
number, ethnicity, religion, health, criminal record, sexual life and biometrics (the words, with
their source, in sensitive_terms.yaml).

A disclosure needs a household head's name and village, nothing more. Every published text
value passes `find_personal_data`; the office contacts in unit.yaml are the one documented
exception (they are the public office's, not a person's).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml

from generator.checks.total_rows import is_total_label
from generator.model.text import without_marks

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
    "name-number",
)


def problem_code(kind: str) -> str:
    """The problem code of a kind of personal datum found (model/messages.yaml: personal-…)."""
    return f"personal-{kind}"


def find_personal_data(text: str, person_name: bool = False) -> tuple[str, str] | None:
    """(kind, the matching text) of the first personal datum in text, or None.

    person_name: the text is a person's name (a household head), where a date, a number, an
    address or a sensitive detail is personal data too."""
    found = _in_text(text, person_name)
    if found is None and person_name:
        found = _in_name(text)
    return found


def in_column(texts: list[str], person_name: bool = False):
    """(index, (kind, matching text)) of each of `texts` holding personal data. Cell text is
    clean (no line breaks), and every search below treats a line break as the edge of a text, so
    one search over the texts joined finds something whenever one text holds something: a
    commune's lists hold thousands of names, nearly always clean."""
    if find_personal_data("\n".join(texts), person_name) is None:
        return
    for index, text in enumerate(texts):
        found = find_personal_data(text, person_name)
        if found:
            yield index, found


# -- numbers ----------------------------------------------------------------------------------

# Amounts and dates are never a person's numbers: masked before numbers are looked for. An amount
# in dotted thousands never starts with 0; a CCCD or a phone written that way does.
_AMOUNT = re.compile(r"(?<![\d.,])[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?(?![\d.])")
_DATE = re.compile(
    r"(?<![\d/.\-])(?:\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}-\d{1,2}-\d{4}|\d{4}-\d{1,2}-\d{1,2}"
    r"|\d{1,2}/\d{4}|\d{1,2}/\d{1,2}|(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2})(?![\d/])"
)
# Money words after a number, on the same line and in lower case («Triệu», «Đồng» are surnames;
# «đồng chí», «đ/c» are comrades).
_MONEY_AFTER = re.compile(
    r"[ \t]*(?:đồng(?! chí)|đ(?![/\w])|vnđ|vnd|VNĐ|VND|triệu|nghìn|ngàn|tỷ|tỉ)(?!\w)"
)
# A run of digits with what people put between them: spaces, dots, commas, dashes, slashes,
# brackets, middle dots, asterisks.
_DIGIT_RUN = re.compile(r"(?:\(?\+[ \t]*)?\d(?:[ \t.,\-–/()·*_]{0,3}\d)*")
_DIGIT_GROUP = re.compile(r"\d+")
# No run of nine digits, no phone or identity number: most texts are skipped at once.
_NINE_DIGITS = re.compile(r"\d(?:[ \t.,\-–/()·*_]{0,3}\d){8}")
# A number after a word naming an identity paper is one whatever its separators.
_ID_AFTER_WORD = re.compile(
    r"\b(?:CMND|CMTND|CCCD|ĐDCN|số định danh(?: cá nhân)?|căn cước(?: công dân)?"
    r"|chứng minh(?: nhân dân| thư)?)"
    r"\b\W{0,4}(?:số\W{0,3})?(\d(?:[ .\-]?\d){8,11})(?![\d.,])",
    re.IGNORECASE,
)
_ID_WORDS = ("cmnd", "cmtnd", "cccd", "đdcn", "định danh", "căn cước", "chứng minh")
# A CMND: nine digits in a row, not an amount.
_CMND = re.compile(r"(?<![\d/.,])\d{9}(?![\d/.,])")
# A CCCD kept in a number cell loses its leading zeros (001234567890 -> 1234567890): a whole text
# (or line) of 10 or 11 digits; beside a name, anywhere.
_LOST_ZERO_CCCD = re.compile(r"(?<![^\n])[1-9]\d{9,10}(?![^\n])")
_LOST_ZERO_BESIDE_NAME = re.compile(r"(?<![\d.,/])[1-9]\d{9,10}(?![\d.,/])")
# Health-insurance (BHYT) card: two letters, then 13 digits: «GD4797931234567», «gd 4 79 …».
_BHYT = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2} ?\d(?: ?\d){12}(?!\d)")
# Up to three words may stand between a number's name and the number: «STK Agribank …»,
# «Số tài khoản ngân hàng: …», «MST cá nhân …».
_WORDS_BETWEEN = r"(?:\W{1,6}[^\W\d_]+){0,3}\W{0,6}"
_TAX = re.compile(
    r"\b(?:MST|mã số thuế)\b" + _WORDS_BETWEEN + r"(\d(?:[ .\-]?\d){9,12})(?!\d)",
    re.IGNORECASE,
)
_BANK = re.compile(
    r"\b(?:STK|S\.T\.K|số tài khoản|so tai khoan|số TK|tài khoản(?: số)?|tai khoan(?: so)?|TK)"
    + _WORDS_BETWEEN
    + r"([0-9A-Z]?\d(?:[ .\-]?\d){5,18})(?!\d)",
    re.IGNORECASE,
)
_BHXH_WORDS = ("bhxh", "bảo hiểm xã hội", "bao hiem xa hoi")
_TAX_WORDS = ("mst", "mã số thuế")
_BANK_WORDS = ("tk", "tài khoản", "tai khoan", "s.t.k")
# A public body's account at the State Treasury is published on purpose.
_TREASURY = re.compile(r"kho bạc|KBNN|kho bac", re.IGNORECASE)
_BHXH = re.compile(
    r"\b(?:BHXH|bảo hiểm xã hội|bao hiem xa hoi)\b\W{0,12}(?:(?:số|so|mã|ma)\W{0,3})?"
    r"(\d(?:[ .\-]?\d){9})(?![\d.,])",
    re.IGNORECASE,
)


def _ascii_digits(text: str) -> str:
    return "".join(str(unicodedata.digit(c)) for c in text if c.isdigit())


def _masked(text: str) -> str:
    """The text with its amounts and dates blanked out."""
    if "." in text:
        text = _AMOUNT.sub(_blank, text)
    if "/" in text or "-" in text:
        text = _DATE.sub(_blank, text)
    return text


def _blank(match: re.Match) -> str:
    return " " * len(match.group())


def _is_phone(digits: str, international: bool) -> bool:
    if digits.startswith("84") and (international or len(digits) >= 11):
        rest = digits[2:].removeprefix("0")
        return (len(rest) == 9 and rest[0] in "35789") or (len(rest) in (9, 10) and rest[0] == "2")
    if not digits.startswith("0"):
        return False
    if len(digits) == 10:  # 03x-09x mobiles, 02xx landlines of 10 digits
        return digits[1] in "235789"
    return len(digits) == 11 and digits[1] in "12"  # old 01xx mobiles, 11-digit landlines


def _phone_or_id(run: str) -> str | None:
    """What a run of digit groups holds from one of its groups on: a phone number or a 12-digit
    identity number, else None."""
    groups = [_ascii_digits(g) for g in _DIGIT_GROUP.findall(run)]
    international = run.lstrip("( \t").startswith("+")
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


def _numbers(text: str, masked: str, lower: str) -> tuple[str, str] | None:
    """(kind, the text) of a phone, identity, bank, BHXH or tax number however it is written."""
    runs = _DIGIT_RUN.finditer(masked) if _NINE_DIGITS.search(masked) else ()
    for match in runs:
        run = match.group().strip()
        if sum(c.isdigit() for c in run) < 9 or _MONEY_AFTER.match(masked, match.end()):
            continue
        kind = _phone_or_id(run)
        if kind:
            return kind, run
    for kind, pattern, words in (("bhxh", _BHXH, _BHXH_WORDS), ("tax", _TAX, _TAX_WORDS)):
        match = pattern.search(masked) if any(w in lower for w in words) else None
        if match:
            return kind, match.group().strip()
    if any(w in lower for w in _BANK_WORDS) and not _TREASURY.search(text):
        match = _BANK.search(masked)
        if match:
            return "bank", match.group().strip()
    return None


# -- e-mail -------------------------------------------------------------------------------------

_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
_PUBLIC_MAIL_DOMAINS = (".gov.vn",)
# «abc [at] gmail [dot] com», «abc (a còng) gmail.com», «abc @ gmail . com», «abc＠gmail。com»
_AT = re.compile(
    r"[ \t]*(?:[\[({<][ \t]*(?:at|a còng|a|@)[ \t]*[\])}>]|[@＠])[ \t]*"
    r"|[ \t]+(?:at|a còng)[ \t]+(?=[A-Za-z0-9\-]+(?:[ \t]*(?:\.|。|dot|chấm)))",
    re.IGNORECASE,
)
_DOT = re.compile(
    r"[ \t]*(?:[\[({<][ \t]*(?:dot|chấm)[ \t]*[\])}>]|。)[ \t]*|[ \t]+(?:dot|chấm)[ \t]+",
    re.IGNORECASE,
)
_EMAIL_CUES = (" at ", "a còng", "(a", "[a", "{a", "<a", "( a", "[ a")
_MAY_HIDE_EMAIL = re.compile(
    r"[\[({<]\s*(?:at|a còng|a)\s*[\])}>]|\s(?:at|a còng)\s", re.IGNORECASE
)


def _email(text: str, lower: str) -> str | None:
    """A personal e-mail address, also one written to dodge a filter."""
    if "@" not in text and "＠" not in text:
        if not any(w in lower for w in _EMAIL_CUES) or not _MAY_HIDE_EMAIL.search(text):
            return None
    joined = _DOT.sub(".", _AT.sub("@", text))
    joined = re.sub(r"(@[\w\-]+(?:\.[\w\-]+)*)[ \t]*\.[ \t]*(?=[A-Za-z])", r"\1.", joined)
    for match in _EMAIL.finditer(joined):
        if not match.group().lower().endswith(_PUBLIC_MAIL_DOMAINS):
            return match.group()
    return None


# -- births and ages ------------------------------------------------------------------------------

# «sinh» in these words is not a birth (khai sinh, học sinh, phát sinh, vệ sinh …), nor is it after
# words for a group of people: «trẻ em sinh năm 2020», «người sinh năm 1945 trở về trước».
_NOT_BIRTH = "".join(
    f"(?<!{word} )"
    for word in (
        "khai",
        "học",
        "học sinh",
        "phát",
        "vệ",
        "tái",
        "sản",
        "em",
        "trẻ",
        "người",
        "dân",
        "tuổi",
        "niên",
        "nhi",
    )
)
_FULL_DATE = r"\d{1,2}[/.\-]\d{1,2}[/.\-](?:19|20)?\d{2}\b"
# A birth date anywhere, and a birth year after «sinh năm», «SN» … unless a group is born then.
_BIRTH = re.compile(
    _NOT_BIRTH + r"\b(?:sinh|sn|s/n|dob|ngày sinh|ngay sinh|năm sinh|nam sinh)\b"
    r"(?:\W{0,3}(?:ngày|ngay|vào|vao))?\W{0,3}(?:" + _FULL_DATE + r"|(?:năm|nam)?\W{0,3}"
    r"(?:19|20)\d{2}\b)"
    r"|" + _NOT_BIRTH + r"\bsinh\s+(?:ngày|ngay)\s*\d{1,2}\s*(?:tháng|thang)\s*\d{1,2}\s*"
    r"(?:năm|nam)\s*\d{2,4}\b"
    # «NS: 1972» (a bare «NS 2025» is the budget, ngân sách)
    r"|\bn/?s\s*:\s*(?:" + _FULL_DATE + r"|(?:19|20)\d{2}\b)",
    re.IGNORECASE,
)
# Every birth above holds one of these: most texts do not, and are not searched further.
_BIRTH_WORDS = ("sinh", "sn", "s/n", "dob", "ns", "n/s")
# Beside a name, shorter forms are births too: «SN 60», «NS: 05/03/1960», «(1960)».
_BIRTH_BESIDE_NAME = re.compile(
    r"\b(?:sn|ns|s/n|n/s|sinh năm|sinh nam|năm sinh|nam sinh|ngày sinh|ngay sinh|sinh)\W{0,3}"
    r"(?:(?:vào|vao)\W{0,3})?(?:(?:năm|nam|ngày|ngay)\W{0,3})?(?:\d{1,2}\W{1,3}){0,2}\d{2,4}\b"
    r"|\bsinh\s+(?:ngày|ngay)\s*\d{1,2}\s*(?:tháng|thang)\s*\d{1,2}\s*(?:năm|nam)\s*\d{2,4}\b"
    r"|(?<=\()\s*(?:\d{1,2}[/.\-]){0,2}(?:19|20)\d{2}(?=\s*\))",
    re.IGNORECASE,
)
# In a name cell, any date or year is a birth date («Trần C, 12/05/1960»).
_NAME_DATE = re.compile(r"(?<![\d/.\-])(?:\d{1,2}[/.\-]){0,2}(?:19|20)\d{2}(?![\d/.\-])")
_AGE = re.compile(
    r"(?<![\d/.,])\d{1,3}\s*(?:tuổi|tuoi)\b|\b(?:tuổi|tuoi)\W{0,3}\d{1,3}\b"
    r"|(?<![\d/.,])\d{2,3}\s?t\b",
    re.IGNORECASE,
)
# An age in words beside a name: «bảy mươi tuổi», «70 tuổi» is caught above.
_AGE_IN_WORDS = re.compile(
    r"\b(?:mươi|mười|trăm|lăm|mốt|một|hai|ba|bốn|tư|năm|sáu|bảy|tám|chín)\s+tuổi\b"
)
_COVID = re.compile(r"\bcovid\b", re.IGNORECASE)
# Any digit left in a name once the patterns above found nothing: a name has none, and what sits
# beside it is an age, a house number or a paper's number («Lê Văn Tư, 12 Lê Lợi»).
_DIGIT_IN_NAME = re.compile(r"\S*\d\S*")
# A number set apart at the end of a name is an age: «Nguyễn Văn A (65)», «Nguyễn Văn A, 65».
_NUMBER_IN_NAME = re.compile(r"[(,\-–]\s*\d{2,3}\s*\)?\s*$", re.MULTILINE)
_ADDRESS = re.compile(
    r"\b(?:số nhà|so nha|số|so|ngõ|ngo|ngách|ngach|hẻm|hem|kiệt|kiet|nhà số|nha so)\s*\d+[a-z]?\b"
    r"|(?<![\d/])\d{1,4}[a-z]?\s*/\s*\d{1,4}(?![\d/])",
    re.IGNORECASE,
)

# -- sensitive words ------------------------------------------------------------------------------

_TERMS_FILE = yaml.safe_load(
    (Path(__file__).with_name("sensitive_terms.yaml")).read_text(encoding="utf-8")
)


def _words(text: str) -> str:
    """Case-folded words between single spaces, with a space at each end: « bị khuyết tật »; a
    line break stays between lines, with a space on each side, so no term spans two lines."""
    lines = text.casefold().split("\n")
    return " " + " \n ".join(" ".join(_WORD.findall(line)) for line in lines) + " "


_WORD = re.compile(r"\w+")


def _folded_words(text: str) -> str:
    return _words(without_marks(text))


def _term_index() -> list[tuple[str, str, bool]]:
    """(kind, words, folded) to look for: a term as written, and without its marks when it has
    two or more syllables or is an abbreviation (one syllable without marks is an ordinary word or
    a name)."""
    index = []
    for kind, terms in _TERMS_FILE["terms"].items():
        for term in terms:
            index.append((kind, _words(term), False))
            if len(term.split()) > 1 or term.isascii():
                index.append((kind, _folded_words(term), True))
    return index


_TERMS = _term_index()
_MARKED = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
_VIETNAMESE_MARKS = re.compile(f"[{_MARKED}{_MARKED.upper()}]")
_ETHNIC = [_folded_words(name).split() for name in _TERMS_FILE["ethnic_groups"]]
_ETHNIC_MARKERS = ("dan toc", "dt", "nguoi", "toc")
# What sets a detail apart from a name.
_SET_APART = re.compile(r"[(),;:/|\[\]–—]| - ")
# A term after these words is a subject, not a person's attribute: «phụ trách công tác dân tộc».
_SUBJECT_BEFORE = (" cong tac ", " ban ", " chinh sach ", " phu trach ", " van de ", " linh vuc ")


def _readable_words(text: str) -> str:
    """The words of a text that may be a detail rather than a name: those in lower case, those
    in capitals throughout (a name's own words are capitalised: «Giàng A Mù», «Nguyễn Thị Hoa»),
    one word a line."""
    return "\n".join(
        " ".join(w for w in _WORD.findall(line) if not w[0].isupper() or w.isupper())
        for line in text.split("\n")
    )


def _term(text: str, one_word: bool = True) -> tuple[str, str] | None:
    """(kind, the words as written) of a sensitive category's term among a text's words. Terms
    are looked for without their marks only in lines typed without any («khuyet tat»): a line
    with marks means the words as written («đồng tình» is not «đồng tính»). one_word: terms of
    one word count too (not in capitals throughout, where a name's word cannot be told apart)."""
    written = _words(text)
    unmarked = (line if not _VIETNAMESE_MARKS.search(line) else "" for line in text.split("\n"))
    folded = _folded_words("\n".join(unmarked))
    for kind, term, is_folded in _TERMS:
        if not one_word and term.count(" ") < 3:
            continue
        where = folded if is_folded else written
        at = where.find(term)
        if at >= 0 and not _folded_words(where[max(0, at - 20) : at + 1]).endswith(_SUBJECT_BEFORE):
            return kind, _as_written(text, term.split(), is_folded)
    return None


def _as_written(text: str, words: list[str], folded: bool) -> str:
    """The words found, as the text writes them (case and marks kept)."""
    pattern = re.compile(r"\b" + r"\W+".join(map(re.escape, words)) + r"\b", re.IGNORECASE)
    where = without_marks(text) if folded else text
    match = pattern.search(where)
    if match is None or len(where) != len(text):
        return " ".join(words)
    return text[match.start() : match.end()]


def _ethnic_group(text: str, apart: list[str]) -> tuple[str, str] | None:
    """An ethnic group named after «dân tộc», «DT», «người» (on one line of the text), or in a
    part set apart from a name («Lò Văn Sáng (Thái đen)»)."""
    folded = _folded_words(text)  # lines apart: « a \n b »
    for marker in _ETHNIC_MARKERS:
        at = folded.find(f" {marker} ")
        while at >= 0:
            rest = folded[at + len(marker) + 2 :].split("\n", 1)[0].split()
            name = next((n for n in _ETHNIC if rest[: len(n)] == n), None)
            if name and not _place_after(text, marker, name):
                return "ethnicity", f"{marker} {' '.join(rest[: len(name)])}".strip()
            at = folded.find(f" {marker} ", at + 1)
    for part in apart:
        words = _folded_words(part).split()
        if len(words) <= 3 and any(words[: len(name)] == name for name in _ETHNIC):
            return "ethnicity", part.strip()
    return None


def _place_after(text: str, marker: str, name: list[str]) -> bool:
    """Whether every «<marker> <group>» of the text goes on, on its line, with a capitalised
    word: a place, not a people («người Thái Bình», «dân tộc Kinh Môn»)."""
    marks, found = marker.split(), False
    for line in text.split("\n"):
        words = _WORD.findall(line)
        folded = [without_marks(w).casefold() for w in words]
        for at in range(len(words)):
            after = at + len(marks) + len(name)
            if folded[at : at + len(marks)] == marks and folded[at + len(marks) : after] == name:
                found = True
                if after >= len(words) or not words[after][0].isupper():
                    return False
    return found


def _sensitive(text: str) -> tuple[str, str] | None:
    """A sensitive detail in a text about one person (or in any of several, a line each): its
    readable words, and what is set apart from the name («(Mù)», «- khuyết tật»)."""
    heads, apart, capitals = [], [], []
    plain = not _SET_APART.search(text) and text.replace("\n", " ").istitle()
    if not plain:  # a text of capitalised words only, nothing set apart, holds no term
        for line in text.split("\n"):
            head, *rest = _SET_APART.split(line)
            # a name in capitals throughout («GIÀNG A MÙ»): its words cannot be told from a term's
            (capitals if head.isupper() else heads).append(_readable_words(head))
            apart.extend(rest)
        found = _term("\n".join(heads) + "\n" + "\n".join(apart))
        found = found or (_term("\n".join(capitals), one_word=False) if capitals else None)
        if found:
            return found
    return _ethnic_group(text, apart)


# -- a person in running text ---------------------------------------------------------------------

# A person named in running text: «ông Nguyễn Văn A», «hộ bà Lò Thị B», «đ/c Trần C», «hộ nghèo
# Lò Văn C»; the name's first letter is checked to be a capital.
_PERSON = re.compile(
    r"(?:\b(?:ông|ong|bà|anh|chị|cụ|cháu|em|cô|chú|bác|chủ hộ|hộ(?: cận)?(?: nghèo)?)|đ/c|\bô\.|"
    r"\bb\.)[ \t]+(?=[^\W\d_])"
)
_HONORIFICS = ("ông ", "ong ", "bà ", "anh ", "chị ", "cụ ", "cháu ", "em ", "cô ", "chú ", "bác ")
_HONORIFICS += ("hộ ", "đ/c", "ô.", "b.")
_SPACED_HONORIFICS = tuple(f" {h}" for h in _HONORIFICS)


def _may_name_a_person(text: str, lower: str) -> bool:
    """Whether a text holds an honorific before a word: most do not, and skip the search."""
    spaced = " " + lower.replace("\n", " ")
    return any(h in spaced for h in _SPACED_HONORIFICS) and _person_at(text, lower) is not None


_FULL_DATE_RE = re.compile(r"(?<![\d/.\-])\d{1,2}[/.\-]\d{1,2}[/.\-](?:19|20)\d{2}(?![\d/.\-])")
# Religions are proper nouns: beside a person they count in capitals too («theo Công giáo»).
_RELIGIONS = tuple(_words(term) for term in _TERMS_FILE["terms"]["religion"] if term[0].isupper())


def _religion(text: str) -> tuple[str, str] | None:
    written = _words(text)
    for term in _RELIGIONS:
        if term in written:
            return "religion", _as_written(text, term.split(), False)
    return None


# How far after a person's name a detail is taken to be about them; a sentence ends it.
_NEAR = 60
_SENTENCE_END = re.compile(r"[.;!?]\s")


def _person_at(text: str, lower: str, start: int = 0) -> int | None:
    """Where the first name after an honorific begins in a text, from `start`, or None. The
    honorific is looked for in the lower-cased text (the same length, for Vietnamese), which is
    several times faster than a case-blind search."""
    where = lower if len(lower) == len(text) else text.lower()
    for match in _PERSON.finditer(where, start):
        if match.end() >= len(text) or not text[match.end()].isupper():
            continue
        # «Bà Triệu», «Anh Sơn» mid-sentence are places; an honorific is written in lower case
        # unless it starts the text or a sentence
        before = text[: match.start()].rstrip()
        if text[match.start()].islower() or not before or before[-1] in ".;:!?\n":
            return match.end()
    return None


# A person named without an honorific: a common surname and two or three more capitalised words
# («Nguyễn Văn An», «Lò Thị Bình»), then a detail set apart («(khuyết tật)», «, 67 tuổi») or said
# of them («bị tâm thần», «mắc bệnh …», «là người khuyết tật»).
_SURNAMES = (
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Lò Hà Giàng Sùng "
    "Thào Vàng Triệu Quàng Lường Mùa Hầu Lầu Thạch Danh Lâm Mai Trịnh Đoàn Lương Cao Tô Tạ Chu "
    "Kiều Hứa Lục Nông Bế Sầm Đèo Cầm Lù Tòng Đàm Âu Ksor Siu Nay Kpă Rơ"
).split()
_UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
# three words at least: two-word names after a surname are mostly streets and places («Lê Lợi»,
# «Hà Nội»)
_NAMED = re.compile(
    r"\b(?:" + "|".join(_SURNAMES) + rf")(?:[ \t]+[{_UPPER}][\w']*){{2,3}}(?![\w'])"
)
_PLACE_BEFORE = re.compile(
    r"\b(?:đường|phố|ngõ|hẻm|kiệt|trường|cầu|chợ|phường|xã|thôn|bản|tổ|nhà văn hóa|tiểu học|"
    r"mầm non|THCS|THPT|quảng trường|công viên|khu|tượng đài|đền|chùa|đình)\s*$",
    re.IGNORECASE,
)
_FOR_A_GROUP = re.compile(r"(?<!là )\b(?:người|trẻ em|học sinh|các|những)\s+$", re.IGNORECASE)
_SAID_OF = re.compile(
    r"^\s*(?:[(,\-–:]|bị\b|mắc\b|là người\b|bi\b|mac\b|la nguoi\b)", re.IGNORECASE
)


def _named_without_honorific(text: str) -> tuple[str, str] | None:
    """A sensitive detail set apart from, or said of, a person named by their full name."""
    for match in _NAMED.finditer(text):
        if _PLACE_BEFORE.search(text[max(0, match.start() - 20) : match.start()]):
            continue  # «đường Trần Hưng Đạo», «trường Nguyễn Du»: a place named after someone
        after = text[match.end() : match.end() + _NEAR]
        end = _SENTENCE_END.search(after)
        after = after[: end.start()] if end else after
        if not _SAID_OF.match(after):
            continue
        found = _term(after) or _religion(after) or _ethnic_group(after, [after])
        if found and _FOR_A_GROUP.search(after[: max(0, after.find(found[1]))]):
            continue  # «(lối đi cho người khuyết tật)»: about people, not this person
        age = None if found else _AGE.search(after)
        if found or age:
            return found or ("age", age.group())
    return None


def _beside_a_person(text: str, lower: str) -> tuple[str, str] | None:
    """A sensitive detail, an age or a birth year following a person named in running text."""
    at = _person_at(text, lower)
    while at is not None:
        near = text[at : at + _NEAR]
        end = _SENTENCE_END.search(near)
        near = near[: end.start()] if end else near
        head, *apart = _SET_APART.split(near)
        found = _term(_readable_words(near)) or _religion(near) or _ethnic_group(near, apart)
        if found is None:
            for kind, pattern in (
                ("age", _AGE),
                ("birth", _BIRTH_BESIDE_NAME),
                ("birth", _FULL_DATE_RE),
                ("address", _ADDRESS),
            ):
                match = pattern.search(near)
                if match:
                    found = kind, match.group()
                    break
        if found:
            return found
        at = _person_at(text, lower, at)
    return None


# -- the two readings -----------------------------------------------------------------------------

_MAY_HOLD_NUMBER = re.compile(r"[\d@＠]")
# a full name before a set-apart detail or «bị», «mắc», «là người»: most texts have none of these
_SAID_CUES = ("(", ",", " - ", " – ", ":", " bị ", " mắc ", "là người", " bi ", " mac ")


def _in_text(text: str, person_name: bool = False) -> tuple[str, str] | None:
    # Each search below needs a word or a character that most texts lack: looked for first, as
    # plain text, since a commune's columns hold thousands of texts.
    lower = text.lower()
    # a name cell is read as a name (_in_name), not as running text about someone
    if not person_name and _may_name_a_person(text, lower):
        found = _beside_a_person(text, lower)
        if found:
            return found
    if not person_name and any(cue in lower for cue in _SAID_CUES):
        found = _named_without_honorific(text)
        if found:
            return found
    email = _email(text, lower)
    if email:
        return "email", email
    if not _MAY_HOLD_NUMBER.search(text):
        return None
    if any(word in lower for word in _ID_WORDS):
        for match in _ID_AFTER_WORD.finditer(text):
            digits = sum(c.isdigit() for c in match.group(1))
            if digits in (9, 12):
                return ("cmnd" if digits == 9 else "cccd"), match.group()
    if any(word in lower for word in _BIRTH_WORDS):
        match = _BIRTH.search(text)
        if match:
            return "birth", match.group()
    match = _BHYT.search(text)
    if match:
        return "bhyt", match.group()
    masked = _masked(text)
    found = _numbers(text, masked, lower)
    if found:
        return found
    for match in _CMND.finditer(masked):
        if not _MONEY_AFTER.match(masked, match.end()):
            return "cmnd", match.group()
    match = _LOST_ZERO_CCCD.search(text)
    return ("cccd-lost-zero", match.group()) if match else None


def _in_name(text: str) -> tuple[str, str] | None:
    found = _sensitive(text)
    if found:
        return found
    age = _AGE_IN_WORDS.search(text)
    if age:
        return "age", age.group()
    # in a name cell «Covid» is the person's («Lê Văn Tùng, Covid»); in a sentence it is often
    # the epidemic («chi phòng chống dịch Covid-19»), so only «nhiễm, mắc covid» count there
    covid = _COVID.search(text)
    if covid:
        return "health", covid.group()
    if not _MAY_HOLD_NUMBER.search(text):
        return None
    for kind, pattern in (
        ("birth", _BIRTH_BESIDE_NAME),
        ("birth", _NAME_DATE),
        ("age", _AGE),
        ("address", _ADDRESS),
        ("cccd-lost-zero", _LOST_ZERO_BESIDE_NAME),  # «Lò Văn Bảo 38120456789», joined in Excel
        ("age", _NUMBER_IN_NAME),
    ):
        match = pattern.search(text)
        if match:
            return kind, match.group()
    match = _DIGIT_IN_NAME.search(text)
    # «Cộng: 57 hộ» is a total row, refused as one (checks/total_rows.py)
    if match and not is_total_label(text):
        return "name-number", match.group()
    return None
