"""What a chart shows, as a kind states it: categories, series and their values. Drawn by
render/charts.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

from generator.model import formatting


@dataclass(frozen=True)
class Bar:
    """One category: its name and a value per series (None: no figure)."""

    label: str
    values: tuple[Decimal | int | float | None, ...]


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars, grouped by category, a colour a series."""

    title: str
    summary: str  # one sentence: what the chart shows
    series: tuple[str, ...]
    bars: tuple[Bar, ...]
    style: str = "number"  # how values are written: a name in model.formatting.STYLES
    digits: int | None = None  # for the styles that take them (percent)

    def shown(self, value) -> str:
        """A value as its label writes it: as the table beside the chart does."""
        write = formatting.STYLES[self.style]
        return write(value) if self.digits is None else write(value, self.digits)


def highest_and_lowest(bars: list[Bar], shown, what: str) -> str:
    """A summary of the first series: «A có <what> cao nhất (x), B thấp nhất (y).» (`shown`
    writes a value as the chart does)."""
    present = [b for b in bars if b.values[0] is not None]
    if not present:
        return f"Chưa có số liệu {what}."
    top = max(present, key=lambda b: b.values[0])
    low = min(present, key=lambda b: b.values[0])
    if top is low:
        return f"{top.label}: {what} {shown(top.values[0])}."
    return (
        f"{top.label} có {what} cao nhất ({shown(top.values[0])}), "
        f"{low.label} thấp nhất ({shown(low.values[0])})."
    )


def communes_compared(
    year: int,
    rollup,  # model.facts.Rollup
    header: str,
    value_of: Callable,
    what: str,
    style: str = "number",
    digits: int | None = None,
) -> BarChart | None:
    """A rollup's communes compared on one of its table's columns (`header`, `value_of` a
    year's figures), from two communes with figures for the year on."""
    bars = [
        Bar(row.title, (value_of(row.summary[year]),))
        for row in rollup.rows
        if row.is_leaf and year in row.summary.years
    ]
    if len(bars) < 2:
        return None
    chart = BarChart(
        f"{header} của các đơn vị cấp xã năm {year}", "", (header,), tuple(bars), style, digits
    )
    return replace(chart, summary=highest_and_lowest(bars, chart.shown, what.lower()))
