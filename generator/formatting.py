"""Vietnamese display of numbers, money, shares and dates, by the locale's rules in Babel.

Each filter returns Markup: its output is produced here from numbers, not taken from a data file,
so the Markdown escaping applied to data values must leave it alone.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date
from babel import Locale
from babel.numbers import get_decimal_symbol, get_group_symbol, get_minus_sign_symbol
from markupsafe import Markup

LOCALE = "vi_VN"
NO_VALUE = Markup("—")


# Numbers are grouped and rounded by Python (half to even, as Babel does) with the locale's
# symbols from Babel: the same text as babel.numbers.format_decimal (tested value by value), at
# a tenth of the cost; a rollup of a thousand communes formats tens of thousands of figures.
_SYMBOLS = str.maketrans({",": get_group_symbol(LOCALE), ".": get_decimal_symbol(LOCALE),
                          "-": get_minus_sign_symbol(LOCALE)})
_PERCENT_SIGN = Locale.parse(LOCALE).number_symbols["latn"]["percentSign"]


def _as_decimal(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))  # as Babel reads floats


def _grouped(value, digits: int) -> str:
    """format_decimal(value, "#,##0.00…") with `digits` decimals."""
    return format(_as_decimal(value), f",.{digits}f").translate(_SYMBOLS)


def number(value, digits: int = 0) -> Markup:
    if value is None:
        return NO_VALUE
    return Markup(_grouped(value, digits))


def money(value) -> Markup:
    """1234567 -> '1.234.567 đồng'."""
    if value is None:
        return NO_VALUE
    return Markup(f"{number(value)} đồng")


def million(value) -> Markup:
    """Amounts in đồng shown in 'triệu đồng' with one decimal, for large tables and key figures."""
    if value is None:
        return NO_VALUE
    return Markup(_grouped(Decimal(value) / Decimal(1_000_000), 1))


def percent(value, digits: int = 1) -> Markup:
    """0.1234 -> '12,3 %'."""
    if value is None:
        return NO_VALUE
    return Markup(f"{_grouped(_as_decimal(value) * 100, digits)} {_PERCENT_SIGN}")


def percent_change(value, digits: int = 1) -> Markup:
    """A change as a share, with its sign: 0.104 -> '+10,4 %', -0.032 -> '−3,2 %'."""
    if value is None:
        return NO_VALUE
    return Markup(f"{signed(_as_decimal(value) * 100, digits)} {_PERCENT_SIGN}")


def hectares(value) -> Markup:
    if value is None:
        return NO_VALUE
    return Markup(_grouped(value, 2))


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
    "percent_change": percent_change,
    "hectares": hectares,
    "signed": signed,
    "date": date,
}
