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
    return Markup(format_decimal(Decimal(value) / Decimal(1_000_000), format="#,##0.0", locale=LOCALE))


def percent(value, digits: int = 1) -> Markup:
    """0.1234 -> '12,3 %'."""
    if value is None:
        return NO_VALUE
    # Rounded here as Babel rounds (half to even, on the value × 100), so that equal shown
    # values share one cached formatting; the result is what format_percent(value) gives.
    value = value if isinstance(value, Decimal) else Decimal(str(value))
    shown = (value * 100).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_EVEN)
    return Markup(_percent(str(shown.scaleb(-2)), digits))


@lru_cache(maxsize=16384)  # keyed by text: Decimal("-0.0") == Decimal("0.0"), but Babel shows "-0"
def _percent(value: str, digits: int) -> str:
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + " %"
    return format_percent(Decimal(value), format=pattern, locale=LOCALE)


def hectares(value) -> Markup:
    if value is None:
        return NO_VALUE
    return Markup(format_decimal(value, format="#,##0.00", locale=LOCALE))


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
