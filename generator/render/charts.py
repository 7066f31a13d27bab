"""Bar charts drawn at build time as inline SVG: no script, nothing fetched, printable, readable
by a screen reader (a title, a one-sentence summary, and the table of the same figures beside it).

Written by hand rather than with a charting library: a chart is a few rectangles and labels, and
a commune has a handful a page (generator/README.md, "Charts", has the measurements)."""

from __future__ import annotations

import hashlib
import textwrap
from decimal import Decimal

from markupsafe import Markup, escape

from generator.model.charts import BarChart

# Series colours: each at least 4.5:1 against white (WCAG 1.4.11 asks 3:1 of graphics; the value
# labels are written in the same colour, so text contrast applies). Checked by tests/test_charts.py.
PALETTE = ("#1f4e79", "#b71c1c", "#2e6b30", "#6a3d9a")
TEXT = "#212121"
# A narrow drawing: scaled to a phone's width (about 340 px) its 15-unit type stays near 13 px; on
# a wide screen the stylesheet caps its width
WIDTH = 400
FONT = 15
LABEL_HEIGHT = 21  # a category's name, above its bars
BAR_HEIGHT = 17
BAR_GAP = 4
GROUP_GAP = 12
LEGEND_ROW = 21
VALUE_ROOM = 120  # right of the longest bar, for its value
LABEL_LETTERS = 46  # a category's name longer than this goes on more lines


def bar_chart(chart: BarChart) -> Markup:
    """The chart as a <figure>: its caption (title and summary) and the SVG drawing; a category
    is a <g data-category>, each value's label a <text data-series>."""
    key = hashlib.sha1(repr(chart).encode()).hexdigest()[:8]  # ids unique on the page
    values = [abs(Decimal(str(v))) for bar in chart.bars for v in bar.values if v is not None]
    top = max(values, default=Decimal(0))
    span = WIDTH - VALUE_ROOM
    names = [textwrap.wrap(bar.label, LABEL_LETTERS) or [""] for bar in chart.bars]
    group = len(chart.series) * (BAR_HEIGHT + BAR_GAP) + GROUP_GAP
    legend = LEGEND_ROW * len(chart.series) + 4 if len(chart.series) > 1 else 0
    height = legend + sum(group + LABEL_HEIGHT * len(lines) for lines in names)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="ck-t-{key} ck-d-{key}" font-family="sans-serif" '
        f'font-size="{FONT}">',
        f'<title id="ck-t-{key}">{escape(chart.title)}</title>',
        f'<desc id="ck-d-{key}">{escape(chart.summary)}</desc>',
    ]
    if legend:  # a line a series: names can be long
        for i, name in enumerate(chart.series):
            colour = PALETTE[i % len(PALETTE)]
            y = i * LEGEND_ROW
            parts.append(
                f'<rect x="0" y="{y + 3}" width="13" height="13" fill="{colour}"/>'
                f'<text x="19" y="{y + 15}" fill="{TEXT}">{escape(name)}</text>'
            )
    y = legend
    for bar, lines in zip(chart.bars, names, strict=True):
        parts.append(f'<g data-category="{escape(bar.label)}">')
        for line in lines:
            parts.append(
                f'<text x="0" y="{y + 15}" fill="{TEXT}" font-weight="bold">{escape(line)}</text>'
            )
            y += LABEL_HEIGHT
        for i, value in enumerate(bar.values):
            colour = PALETTE[i % len(PALETTE)]
            series = escape(chart.series[i])
            length = 0.0
            if value is not None and top:
                length = float(abs(Decimal(str(value))) / top) * span
                parts.append(
                    f'<rect x="0" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" '
                    f'fill="{colour}"/>'
                )
            parts.append(
                f'<text x="{length + 4:.1f}" y="{y + 13}" fill="{colour}" '
                f'data-series="{series}">{escape(chart.shown(value))}</text>'
            )
            y += BAR_HEIGHT + BAR_GAP
        y += GROUP_GAP
        parts.append("</g>")
    parts.append("</svg>")
    return Markup(
        f'<figure class="ck-chart"><figcaption><strong>{escape(chart.title)}</strong> '
        f"{escape(chart.summary)}</figcaption>{''.join(parts)}</figure>"
    )
