"""Checks on text typed or pasted by staff: legacy Vietnamese font encodings and look-alike
letters from other scripts. Both make names unsearchable and wrong on the page."""

from __future__ import annotations

import re
import unicodedata

from generator.model.problems import Coded
from generator.model.text import unseen

# Characters that never occur in Unicode Vietnamese but fill text typed with the old TCVN3 (ABC)
# or VNI fonts and then read as Unicode. Each set holds the marks typical of one encoding.
_TCVN3_MARKS = set("µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßåæç¬ëïñ«ü¥¤¢¡£§\xad¦")
_COMMON_SYMBOLS = set("×·½¼¾«»°±")
_VNI_MARKS = set("øùúûöõäåæçëîïñÿÖØÙÚÛÄÅÆËÏÑ")
# TCVN3 letters in the range A1-BF; VNI never uses that range, so these settle which font it was.
_TCVN3_ONLY = {c for c in _TCVN3_MARKS if "\xa1" <= c <= "\xbf"}
# VNI writes a tone or vowel mark as a second letter after the vowel: "Nguyeãn", "Vaên", "Vieät".
# These pairs never occur in Unicode Vietnamese.
_VNI_PAIRS = re.compile(r"[aeoAEO][âêÂÊ]|[aeAE][ãõùúÃÕÙÚ]")
# Ê Đê writes the consonant "ñ" at the start of a syllable before a vowel: "H'Nhi Ñuôl", "Y Ñu".
# TCVN3 uses Ñ/ñ for the vowels "ẹ"/"ủ" after a consonant ("cña" = "của"), VNI for "Đ"/"đ".
_EDE_N = set("Ññ")
_VOWELS = set("aeiouyAEIOUY")
_VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
# Vietnamese quotation marks «...» around words are punctuation, not TCVN3 letters.
_QUOTED = re.compile(r"(?<!\w)«[^«»]*\w[^«»]*»(?!\w)")
# UTF-8 text once opened as Windows-1252/1258 and saved again: "Nguyễn" becomes "Nguyá»…n".
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{2,}")
_VIETNAMESE_LETTERS = re.compile(r"[\u00c0-\u00ff\u0100-\u01b0\u1ea0-\u1ef9\u0300-\u0323]+")
# What Excel leaves in a cell when a formula fails; a CSV export keeps it as the cell's text.
_EXCEL_ERROR = re.compile(
    r"#(?:NAME\?|REF!|VALUE!|DIV/0!|N/A|NUM!|NULL!|SPILL!|CALC!|FIELD!|BLOCKED!|"
    r"CONNECT!|BUSY!|UNKNOWN!|GETTING_DATA)"
)
# A formula exported as text: "=HYPERLINK(...)", "=VLOOKUP(...)", "=A1", "=Sheet1!B2".
_FORMULA = re.compile(
    r"=\s*(?:(?P<function>[A-Za-z_][A-Za-z0-9_.]*)\s*\(|"
    r"(?P<reference>(?:[A-Za-z_][\w.]*!)?\$?[A-Za-z]{1,3}\$?\d+)\b)"
)
# A Vietnamese letter that the ANSI (Windows-1252) code page lacks is saved as "?": "Nguy?n H?u
# B?o".
_LETTER = r"[^\W\d_]"
# ... or starting a word: «?ào Thị Châu» (Đào); a question ends a word, never starts one
_QUESTION_IN_WORD = re.compile(rf"{_LETTER}\?+{_LETTER}|(?<!\S)\?+{_LETTER}")
_LINK = re.compile(r"\S*(?:://|www\.)\S*")
_LOOKALIKE_SCRIPTS = {
    "CYRILLIC": "Kirin",
    "GREEK": "Hy Lạp",
    "COPTIC": "Copt",
    "ARMENIAN": "Armenia",
    "CHEROKEE": "Cherokee",
    "LISU": "Lisu",
}
_LOOKALIKE_FORMS = (
    "SMALL CAPITAL",
    "FULLWIDTH",
    "MATHEMATICAL",
    "MODIFIER LETTER",
    "SUBSCRIPT",
    "SUPERSCRIPT",
    "LATIN LETTER SMALL CAPITAL",
    "DOTLESS",
    "SCRIPT",
    "TURNED",
    "LONG S",
)
# IPA letters (ɑ, ɡ, ɪ, ʏ …) look like Latin ones but belong to no Vietnamese or minority
# orthography.
_IPA = range(0x0250, 0x02B0)
# A combining mark drawn over or around its letter (a strike-through, an enclosing circle), or a
# stack of marks on one letter: never in Vietnamese, which NFC leaves with at most one mark.
_OVERLAY = re.compile(
    "[\u0334-\u0338\u20d2-\u20d3\u20d8-\u20da\u20dd-\u20e0\u20e2-\u20e4\u20e5\u20e6\u20ea\u20eb]"
)
_STACKED_MARKS = re.compile(
    "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]{2,}"
)
_INVISIBLE_NAMES = {
    "\u200b": "khoảng trắng độ rộng 0 (ZWSP)",
    "\u200c": "ký tự nối độ rộng 0 (ZWNJ)",
    "\u200d": "ký tự nối độ rộng 0 (ZWJ)",
    "\u2060": "ký tự nối từ (WJ)",
    "\u00ad": "gạch nối mềm (soft hyphen)",
    "\ufeff": "dấu BOM",
}


def _vietnamese_letters() -> str:
    vowels = "aăâeêioôơuưy"
    tones = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
    letters = {unicodedata.normalize("NFC", v + t) for v in vowels for t in tones} | {"đ"}
    return "".join(sorted(letters | {c.upper() for c in letters}))


# Printable ASCII and precomposed Vietnamese letters only: none of the checks below can find
# anything in such text except VNI's letter pairs, so most cells skip the slow checks.
_PLAIN_VIETNAMESE = re.compile("[\x20-\x7e" + re.escape(_vietnamese_letters()) + "]*")


class TextProblem(Coded):
    """What is wrong with a text (its code), and where in it."""


def mojibake(text: str) -> tuple[int, str, str] | None:
    """(1-based position, garbled letters, what they were) of UTF-8 text read as Windows-125x."""
    for run in _NON_ASCII_RUN.finditer(text):
        for codec in ("cp1252", "cp1258"):
            try:  # Windows keeps the bytes it has no letter for as control characters U+0080-U+009F
                raw = b"".join(
                    bytes([ord(c)]) if "\x80" <= c <= "\x9f" else c.encode(codec)
                    for c in run.group()
                )
                meant = raw.decode("utf-8")
            except UnicodeError:
                continue
            if _VIETNAMESE_LETTERS.fullmatch(unicodedata.normalize("NFC", meant)):
                return run.start() + 1, run.group(), unicodedata.normalize("NFC", meant)
    return None


def legacy_encoding(text: str) -> tuple[str, int, str] | None:
    """(encoding name, 1-based position, character) of the first sign of TCVN3 or VNI text."""
    quotes = {m.start() + 1 for m in _QUOTED.finditer(text)} | {
        m.end() for m in _QUOTED.finditer(text)
    }
    marks = []  # (position, character) of characters of either font next to a plain letter
    for position, char in enumerate(text, start=1):
        if char in _VIETNAMESE_LATIN1 or position in quotes:
            continue
        neighbours = text[max(0, position - 2) : position + 1]
        if not any(c.isalpha() and c.isascii() for c in neighbours if c != char):
            continue  # a lone symbol such as "±" or "°" between spaces is not a font problem
        if char in _EDE_N and _ede_consonant(text, position - 1):
            continue
        # «MISA®»: TCVN3's ® is «đ», which starts a syllable and never ends one
        if char == "®" and not text[position : position + 1].isalpha():
            continue
        if char in _TCVN3_MARKS or char in _VNI_MARKS:
            marks.append((position, char))
    # Symbols ordinary text holds («2m×3m», «½ kg», an unpaired «): a font's sign only beside
    # another one.
    if all(char in _COMMON_SYMBOLS for _, char in marks):
        marks = []
    # The two fonts share many characters: decide by the signs only one of them leaves.
    pairs = list(_VNI_PAIRS.finditer(text))
    tcvn3 = [m for m in marks if m[1] in _TCVN3_ONLY]
    if pairs and len(pairs) >= len(tcvn3):
        return "VNI", pairs[0].start() + 2, pairs[0].group()[1]
    if tcvn3:
        return ("TCVN3 (ABC)", *tcvn3[0])
    for position, char in marks:
        return ("TCVN3 (ABC)" if char in _TCVN3_MARKS else "VNI"), position, char
    return None


def _ede_consonant(text: str, index: int) -> bool:
    """Whether the Ñ/ñ at text[index] starts a syllable before a vowel, as in Ê Đê names."""
    if index > 0 and text[index - 1].isalpha():
        return False
    following = text[index + 1 : index + 2]
    return bool(following) and unicodedata.normalize("NFD", following)[0] in _VOWELS


def lookalikes(text: str) -> list[tuple[int, str, str | None]]:
    """(1-based position, character, the script's Vietnamese name or None for a stylised form) of
    every letter or digit that only looks like a Latin letter or an ASCII digit: from another
    script beside Latin ones, a stylised form (small capital, fullwidth, mathematical), IPA."""
    has_latin = any("LATIN" in unicodedata.name(c, "") for c in text if c.isalpha())
    found = []
    for position, char in enumerate(text, start=1):
        if char.isascii() or not (char.isalpha() or char.isdecimal()):
            continue
        if char.isdecimal():  # fullwidth «１», mathematical «𝟏», another script's digits
            found.append((position, char, None))
            continue
        name = unicodedata.name(char, "")
        script = next((vi for en, vi in _LOOKALIKE_SCRIPTS.items() if name.startswith(en)), None)
        if script and has_latin:
            found.append((position, char, script))
        elif ord(char) in _IPA or any(form in name for form in _LOOKALIKE_FORMS):
            found.append((position, char, None))
    return found


def invisible(text: str) -> tuple[int, str] | None:
    """(1-based position, what it is) of the first character a reader cannot see or that
    changes the order or look of what they see."""
    for position, char in enumerate(text, start=1):
        if char.isascii() and char.isprintable():
            continue
        if unseen(char):
            what = _INVISIBLE_NAMES.get(char)
            if what is None:
                name = unicodedata.name(char, "")
                what = f"U+{ord(char):04X}" + (f" {name}" if name else "")
                if (
                    0x202A <= ord(char) <= 0x202E
                    or 0x2066 <= ord(char) <= 0x2069
                    or char
                    in (
                        "\u200e",
                        "\u200f",
                        "\u061c",
                    )
                ):
                    what = f"ký tự đổi chiều chữ {what}"
            return position, what
    mark = _OVERLAY.search(text) or _STACKED_MARKS.search(text)
    if mark:
        return mark.start() + 1, f"dấu phụ chồng lên chữ U+{ord(mark.group()[0]):04X}"
    return None


def check_length(text: str, limit: int) -> None:
    """Refuse a text longer than its column takes."""
    if limit and len(text) > limit:
        raise TextProblem("text-too-long", length=len(text), limit=limit)


def excel_leftover(text: str) -> TextProblem | None:
    """The problem of a cell holding an Excel error value or a formula instead of a value."""
    if "#" in text:
        error = _EXCEL_ERROR.search(text)
        if error:
            return TextProblem("text-excel-error", error=error.group())
    if text.startswith("="):
        formula = _FORMULA.match(text)
        if formula:
            what = (
                f"hàm {formula.group('function').upper()}"
                if formula.group("function")
                else f"tham chiếu ô {formula.group('reference')}"
            )
            return TextProblem("text-excel-formula", what=what)
    return None


def question_in_word(text: str) -> str | None:
    """The first word holding a "?" between letters or before its first, outside web addresses:
    letters lost to ANSI."""
    if "?" not in text:
        return None
    for match in _QUESTION_IN_WORD.finditer(_LINK.sub(lambda m: " " * len(m.group()), text)):
        start, end = match.start(), match.end()
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        return text[start:end]
    return None


def check_text(text: str) -> None:
    """Raise the first problem of a text typed or pasted by staff."""
    plain = _PLAIN_VIETNAMESE.fullmatch(text) is not None  # nothing unseen in it
    hidden = None if plain else invisible(text)
    if hidden:
        raise TextProblem("text-invisible", position=hidden[0], what=hidden[1])
    leftover = excel_leftover(text)
    if leftover:
        raise leftover
    word = question_in_word(text)
    if word:
        raise TextProblem("text-question-marks", word=word)
    if plain and not _VNI_PAIRS.search(text):
        return
    garbled = mojibake(text)
    if garbled:
        position, letters, meant = garbled
        raise TextProblem("text-mojibake", letters=letters, position=position, meant=meant)
    found = legacy_encoding(text)
    if found:
        encoding, position, char = found
        raise TextProblem("text-legacy-font", encoding=encoding, char=char, position=position)
    odd = lookalikes(text)
    if odd:
        letters = "; ".join(
            f"«{char}» ở vị trí {position} ("
            + (f"chữ {script}" if script else "ký tự trang trí hoặc chữ số lạ")
            + ")"
            for position, char, script in odd
        )
        position, char, script = odd[0]
        if any(script for _, _, script in odd):
            script = next(script for _, _, script in odd if script)
            raise TextProblem(
                "text-lookalike-script", char=char, position=position, script=script, all=letters
            )
        raise TextProblem("text-lookalike-form", char=char, position=position, all=letters)
