"""Vietnamese display of numbers, money, shares and dates, all through Babel.

Each filter returns Markup: its output is produced here from numbers, not taken from a data file,
so the Markdown escaping applied to data values must leave it alone.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from markupsafe import Markup

LOCALE = "vi_VN"
NO_VALUE = Markup("—")


@lru_cache(maxsize=16384)  # household sizes and shares repeat thousands of times a unit
def _decimal(value, pattern: str) -> str:
    return format_decimal(value, format=pattern, locale=LOCALE)


def number(value, digits: int = 0) -> Markup:
    if value is None:
        return NO_VALUE
    return Markup(_decimal(value, "#,##0" + ("." + "0" * digits if digits else "")))


def money(value) -> Markup:
    """1234567 -> '1.234.567 đồng'."""
    if value is None:
        return NO_VALUE
    return Markup(f"{number(value)} đồng")


def million(value) -> Markup:
    """Amounts in đồng shown in 'triệu đồng' with one decimal, for large tables and key figures."""
    if value is None:
        return NO_VALUE
    return Markup(_decimal_text(_rounded(Decimal(value) / Decimal(1_000_000), 1), "#,##0.0"))


def percent(value, digits: int = 1) -> Markup:
    """0.1234 -> '12,3 %'."""
    if value is None:
        return NO_VALUE
    value = value if isinstance(value, Decimal) else Decimal(str(value))
    return Markup(_percent(str(Decimal(_rounded(value * 100, digits)).scaleb(-2)), digits))


def _rounded(value, digits: int) -> str:
    """The value rounded as Babel rounds it (half to even), as text: values shown alike then
    share one cached formatting, and the result is what Babel gives for the value itself.
    Text, because Decimal("-0.0") == Decimal("0.0") but Babel shows the first as "-0,0"."""
    value = value if isinstance(value, Decimal) else Decimal(str(value))
    return str(value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_EVEN))


@lru_cache(maxsize=16384)
def _decimal_text(value: str, pattern: str) -> str:
    return format_decimal(Decimal(value), format=pattern, locale=LOCALE)


@lru_cache(maxsize=16384)
def _percent(value: str, digits: int) -> str:
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + " %"
    return format_percent(Decimal(value), format=pattern, locale=LOCALE)


def hectares(value) -> Markup:
    if value is None:
        return NO_VALUE
    return Markup(_decimal_text(_rounded(value, 2), "#,##0.00"))


def signed(value, digits: int = 0) -> Markup:
    """A change with its sign: '+12', '−3' (a true minus sign), '0'."""
    if value is None:
        return NO_VALUE
    shown = number(abs(value), digits)
    if value > 0:
        return Markup("+") + shown
    if value < 0:
        return Markup("−") + shown
    return shown


def date(value) -> Markup:
    """date(2025, 7, 14) -> '14/07/2025'."""
    if value is None:
        return NO_VALUE
    if isinstance(value, dt.datetime):
        value = value.date()
    return Markup(format_date(value, format="dd/MM/yyyy", locale=LOCALE))


FILTERS = {
    "number": number,
    "money": money,
    "million": million,
    "percent": percent,
    "hectares": hectares,
    "signed": signed,
    "date": date,
}
