"""What a chart shows, as a kind states it: categories, series and their values. Drawn by
render/charts.py."""

from __future__ import annotations

from dataclasses import dataclass
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
