"""Personal data that must never be published (Decree 356/2025/NĐ-CP; domain.md, Personal data):
identity numbers, personal phone numbers, birth dates and personal e-mail addresses.

A disclosure needs a household head's name and village, nothing more. Every published text
value passes `find_personal_data`; the office contacts in unit.yaml are the one documented
exception (they are the public office's, not a person's).
"""

from __future__ import annotations

import re

_SEP = r"[ .\-]?"
# CCCD: 12 digits, starting with a 3-digit province code 001–096; CMND: 9 digits (or 12).
_CCCD = re.compile(r"(?<!\d)0\d{2}" + _SEP + r"\d" + _SEP + r"\d{2}" + _SEP + r"(?:\d" + _SEP + r"?){5}\d(?!\d)")
_CMND = re.compile(r"(?<![\d/.,])\d{3} ?\d{3} ?\d{3}(?![\d/.,])")  # dots would be an amount: 104.521.000
# Mobile numbers: 10 digits from 03, 05, 07, 08, 09, or +84 / 84 then 9 digits.
_PHONE = re.compile(r"(?<![\d])(?:\+?84" + _SEP + r"|0)[35789]\d(?:" + _SEP + r"?\d){7}(?!\d)")
_BIRTH = re.compile(r"\b(?:sinh|ns|n/s|dob)\b\W{0,3}(?:ngày|năm|:)?\s*(?:\d{1,2}[/.\-]\d{1,2}[/.\-])?(?:19|20)\d{2}\b",
                    re.IGNORECASE)
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
_PUBLIC_MAIL_DOMAINS = (".gov.vn",)
_MAY_HOLD_ANY = re.compile(r"[\d@]")  # every pattern above needs a (Unicode) digit or an @

KINDS = {
    "cccd": "số căn cước / căn cước công dân",
    "cmnd": "số chứng minh nhân dân",
    "phone": "số điện thoại cá nhân",
    "birth": "ngày sinh",
    "email": "địa chỉ thư điện tử cá nhân",
}


def find_personal_data(text: str) -> tuple[str, str] | None:
    """(kind, the matching text) of the first personal datum in text, or None."""
    if not _MAY_HOLD_ANY.search(text):
        return None
    for kind, pattern in (("birth", _BIRTH), ("cccd", _CCCD), ("phone", _PHONE), ("cmnd", _CMND)):
        match = pattern.search(text)
        if match:
            return kind, match.group()
    for match in _EMAIL.finditer(text):
        if not match.group().lower().endswith(_PUBLIC_MAIL_DOMAINS):
            return "email", match.group()
    return None


def message(kind: str) -> str:
    return (f"có vẻ chứa {KINDS[kind]}; không được công khai thông tin này. Chỉ ghi họ tên và thôn "
            "như pháp luật yêu cầu, hãy xóa phần đó")
