"""Reading one raw cell (or YAML value) as its field's type: numbers typed the Vietnamese way,
dd/mm/yyyy dates, categories by value or label, text checked for what files from Excel hold."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from generator.input.text_checks import TextProblem, check_length, check_text, invisible
from generator.model.formatting import number
from generator.model.problems import Coded
from generator.model.schema import Field
from generator.model.text import clean, fold

_VI_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")
_VI_DECIMAL = re.compile(r"^-?\d+(,\d+)?$")
# A phone or identity number typed into a number column would be published as an amount.
_PERSONAL_NUMBER = re.compile(r"^(\+84|0)[\d.]{8,}$")
_POINT_DECIMAL = re.compile(r"^-?\d+\.\d+$")
# "0.875": a thousands group cannot follow a leading 0, so this is a decimal typed the English way
# (or a mistake); reading it as 875 would publish a thousand times the figure.
_ZERO_GROUPED = re.compile(r"^-?0\d*(\.\d{3})+(,\d+)?$")
# "259,000" in an integer column: a comma before exactly three digits is an English thousands
# separator as often as a Vietnamese decimal comma; reading it as 259 loses three zeros.
_COMMA_THOUSANDS = re.compile(r"^-?(\d{1,3}(,\d{3})+|[\d.]*\d,\d{3})$")
_CURRENCY = re.compile(r"\s*(đồng|đ|vnđ|vnd|₫)\s*$", re.IGNORECASE)
_MINUS = re.compile(r"^[−–]\s*")
_PLUS = re.compile(r"^\+\s*(?=\d)")
_DIGITS_AND_SPACES = re.compile(r"-?[\d., ]+")
_SPACED_THOUSANDS = re.compile(r"-?\d{1,3}(?: \d{3})+(?:,\d+)?")
_BAD_GROUPING = re.compile(r"^-?\d{4,}(\.\d{3})+(,\d+)?$")
_TRUE = {"co", "x", "yes", "true", "1"}
_FALSE = {"khong", "no", "false", "0", ""}
CONVERTED_KEPT = 4096  # per field and unit; a very large unit's unique values stop being kept
MAX_NUMBER = Decimal(10) ** 18  # far above any public budget in đồng; larger is a typing mistake


class ValueError_(Coded):
    """A value that cannot be read: its code, and what its message says to write instead."""


def parse_number(raw, integer: bool = False) -> Decimal:
    """A number typed the Vietnamese way (1.234.567,5). integer: the column holds whole numbers
    (amounts in đồng, counts), where «259,000» is ambiguous and refused."""
    if isinstance(raw, bool):
        raise ValueError_("cell-not-a-number")
    if isinstance(raw, int) and raw.bit_length() > 64:
        raise ValueError_("cell-number-too-large")
    if isinstance(raw, float):  # to Excel's 15 digits: a sum stored as 0.30000000000000004 is 0.3
        return _checked(Decimal(format(raw, ".15g")))
    if isinstance(raw, (int, Decimal)):
        return _checked(Decimal(str(raw)))
    text = clean(str(raw))
    if len(text) > 64:
        raise ValueError_("cell-number-format")
    hidden = None if text.isascii() and text.isprintable() else invisible(text)
    if hidden:  # «1.000\u200b.000» would otherwise be read without a word about why it fails
        raise ValueError_("text-invisible", position=hidden[0], what=hidden[1])
    text = _CURRENCY.sub("", text).replace("\u00a0", " ").strip()
    if _PERSONAL_NUMBER.match(text.replace(" ", "")):
        raise ValueError_("cell-number-personal")
    # «−1.234» (a minus sign), «–1.234» (a dash) are negative; «+1.234» is positive
    text = _PLUS.sub("", _MINUS.sub("-", text))
    compact = text.replace(" ", "")
    # «450 000 000» groups thousands with spaces; «5 1.200.000» is two numbers in one cell
    if " " in text and _DIGITS_AND_SPACES.fullmatch(text) and not _SPACED_THOUSANDS.fullmatch(text):
        raise ValueError_("cell-number-spaces", text=text)
    text = compact
    if _ZERO_GROUPED.match(text):
        if "," not in text and text.count(".") == 1:
            raise ValueError_(
                "cell-number-point-decimal", text=text, decimal=text.replace(".", ",")
            )
        raise ValueError_("cell-number-zero-grouped", text=text)
    if integer and _COMMA_THOUSANDS.match(text):
        whole = text.replace(".", "").replace(",", "")
        raise ValueError_(
            "cell-number-comma-thousands", text=text, grouped=number(int(whole)), whole=whole
        )
    if _VI_GROUPED.match(text) or _VI_DECIMAL.match(text):
        text = text.replace(".", "").replace(",", ".")
    elif _BAD_GROUPING.match(text):  # «1250.000»: 1.250.000 missing a dot, or 1250 the English way
        raise ValueError_("cell-number-grouping", text=text)
    elif not _POINT_DECIMAL.match(text):
        raise ValueError_("cell-number-format")
    try:
        return _checked(Decimal(text))
    except InvalidOperation as error:  # pragma: no cover - the patterns above rule this out
        raise ValueError_("cell-not-a-number") from error


def _checked(number: Decimal) -> Decimal:
    """No NaN or infinity (a spreadsheet or YAML float can hold them), no absurdly long numbers."""
    if not number.is_finite():
        raise ValueError_("cell-number-format")
    if abs(number) >= MAX_NUMBER:
        raise ValueError_("cell-number-too-large")
    return number


EARLIEST_YEAR, LATEST_YEAR = 1990, 2100


def parse_date(raw) -> dt.date:
    if isinstance(raw, dt.datetime):
        value = raw.date()
    elif isinstance(raw, dt.date):
        value = raw
    else:
        text = clean(str(raw))
        for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
            try:
                value = dt.datetime.strptime(text, pattern).date()
                break
            except ValueError:
                continue
        else:
            raise ValueError_("cell-date-invalid")
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValueError_("cell-date-year", year=value.year)
    return value


# Cell text -> (value, error) per field: villages, categories, counts and budget lines repeat across
# a unit's rows and tables, and converting is a pure function of the text. Kept for one unit at a
# time (see forget_conversions): kept across units, every field slowly filled with names, amounts
# and dates that never came back.
_KEPT: dict[Field, dict] = {}


def forget_conversions() -> None:
    """Let go of the texts converted so far (the previous unit's)."""
    for kept in _KEPT.values():
        kept.clear()


def converter(field: Field):
    """convert() for one field, with the texts it has converted at hand: a table's reader calls it
    for every cell of the field's column."""
    kept = _KEPT.setdefault(field, {})

    def convert_cell(raw):
        if type(raw) is str:
            known = kept.get(raw)
            if known is not None and known[1] is None:
                return known[0]
        return convert(field, raw)

    return convert_cell


def convert(field: Field, raw):
    """Raw cell -> typed value (None when empty). Raises ValueError_ with a Vietnamese reason."""
    if type(raw) is not str:
        return _convert(field, raw)
    kept = _KEPT.get(field)
    if kept is None:
        kept = _KEPT[field] = {}
    known = kept.get(raw)
    if known is None:
        try:
            known = (_convert(field, raw), None)
        except ValueError_ as error:
            known = (None, error)
        if len(kept) < CONVERTED_KEPT:
            kept[raw] = known
    if known[1] is not None:
        raise ValueError_(known[1].code, **known[1].params)
    return known[0]


def _convert(field: Field, raw):
    if isinstance(raw, str):
        raw = clean(raw)  # once here; the steps below take clean text
    if raw is None or raw == "":
        if field.required:
            raise ValueError_("cell-required")
        return None
    if field.multiple:
        return _several(field, raw)
    if isinstance(raw, (list, tuple, dict, set)):  # from YAML: a list or nested mapping
        raise ValueError_("cell-not-single")
    value = _typed(field, raw)
    if field.categories:
        value = _category(field, value)
    if field.minimum is not None and value < field.minimum:
        raise ValueError_("cell-below-minimum", minimum=field.minimum)
    if field.maximum is not None and value > field.maximum:
        raise ValueError_("cell-above-maximum", maximum=field.maximum)
    if field.pattern and not re.fullmatch(field.pattern, str(value)):
        raise ValueError_("cell-pattern", rule=field.description or field.pattern)
    return value


def _several(field: Field, raw) -> tuple:
    """The categories of a cell naming several, «;»-separated (or a YAML list), each once, in the
    schema's order."""
    if isinstance(raw, dict):
        raise ValueError_("cell-not-single")
    parts = raw if isinstance(raw, (list, tuple)) else re.split(r"[;\n]", str(raw))
    chosen = set()
    for part in parts:
        text = clean(str(part)) if part is not None else ""
        if text:
            chosen.add(_category(field, _typed(field, text)))
    if not chosen and field.required:
        raise ValueError_("cell-required")
    return tuple(value for value, _ in field.categories if value in chosen)


def _typed(field: Field, raw):
    if field.type == "string":
        # published as "2026-02-01 00:00:00" otherwise
        if isinstance(raw, (dt.date, dt.time, dt.timedelta)):
            raise ValueError_("cell-text-read-as-date")
        text = raw if isinstance(raw, str) else clean(str(raw))
        try:
            check_length(text, field.max_length)  # first: the checks below read every letter
            check_text(text)
        except TextProblem as problem:
            raise ValueError_(problem.code, **problem.params) from None
        return text
    if field.type == "integer":
        number = parse_number(raw, integer=True)
        if number != number.to_integral_value():
            raise ValueError_("cell-not-integer")
        return int(number)
    if field.type == "number":
        number = parse_number(raw, integer=field.whole)
        if field.scale != 1:  # «1.234,5» in a table of triệu đồng is 1.234.500.000 đồng
            number = _checked(number * field.scale)
        if field.whole and number != number.to_integral_value():
            # «1.234.567,5» đồng: no amount in đồng has a fraction; a misplaced comma or a unit
            # in thousands is the likely cause
            raise ValueError_("cell-number-fraction", text=_as_typed(raw))
        if field.decimals is not None and -number.normalize().as_tuple().exponent > field.decimals:
            raise ValueError_(
                "cell-number-too-precise", text=_as_typed(raw), decimals=field.decimals
            )
        return number
    if field.type == "date":
        return parse_date(raw)
    if field.type == "boolean":
        if isinstance(raw, bool):
            return raw
        folded = fold(str(raw))
        if folded in _TRUE:
            return True
        if folded in _FALSE:
            return False
        raise ValueError_("cell-not-yes-no")
    # pragma: no cover - schemas are the project's
    raise ValueError(f"unknown field type: {field.type}")


def _as_typed(raw) -> str:
    """A cell as staff typed it: text as is, an Excel number as Excel shows it by default."""
    if isinstance(raw, float):
        return repr(raw).replace(".", ",")
    return str(raw)


def _category(field: Field, value):
    wanted = fold(str(value))
    for allowed, label in field.categories:
        if wanted in (fold(allowed), fold(label)):
            return allowed
    raise ValueError_(
        "cell-category", choices=", ".join(f"«{label}»" for _, label in field.categories)
    )
