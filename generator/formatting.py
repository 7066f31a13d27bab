"""Vietnamese display of numbers, money, shares and dates, all through Babel.

Each filter returns Markup: its output is produced here from numbers, not taken from a data file,
so the Markdown escaping applied to data values must leave it alone.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
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
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + " %"
    return Markup(format_percent(value, format=pattern, locale=LOCALE))


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
