"""Static SVG bar charts, drawn at build time: no JavaScript, no external request.

Each chart comes with a title, a text description and the data table it is
drawn from, so that it reads without sight and without the picture.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

BAR_HEIGHT = 22
GAP = 10
LABEL_WIDTH = 230
PLOT_WIDTH = 420
VALUE_WIDTH = 120
# Colours with at least 4.5:1 contrast on white and on the dark palette's background.
COLOURS = ("#1f5fa8", "#b3451b", "#2f7d32", "#6a3d9a")


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value, its text as displayed, its series index."""

    label: str
    value: float
    text: str
    series: int = 0


def bar_chart(chart_id: str, title: str, bars: list[Bar], legend: list[str] | None = None,
              scale: float | None = None) -> Markup:
    """A horizontal bar chart as inline SVG, labelled for assistive technology.

    `scale` is the value of a full-length bar (100 for percentages); by default the
    largest value.
    """
    top = scale or max((b.value for b in bars), default=0) or 1
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP + (24 if legend else 0)
    width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH
    parts = [
        f'<svg class="smg-chart" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(describe(bars))}</desc>',
    ]
    for index, bar in enumerate(bars):
        parts.append(_bar(index, bar, top))
    if legend:
        parts.append(_legend(legend, height - 18))
    parts.append("</svg>")
    return Markup("".join(parts))


def _bar(index: int, bar: Bar, top: float) -> str:
    y = GAP + index * (BAR_HEIGHT + GAP)
    length = max(PLOT_WIDTH * bar.value / top, 1 if bar.value else 0)
    colour = COLOURS[bar.series % len(COLOURS)]
    middle = y + BAR_HEIGHT * 0.7
    return (
        f'<text x="{LABEL_WIDTH - 8}" y="{middle:.1f}" text-anchor="end" class="smg-chart__label">'
        f"{escape(bar.label)}</text>"
        f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" fill="{colour}"/>'
        f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{middle:.1f}" class="smg-chart__value">'
        f"{escape(bar.text)}</text>"
    )


def _legend(legend: list[str], y: int) -> str:
    items = []
    for index, name in enumerate(legend):
        x = LABEL_WIDTH + index * 140
        colour = COLOURS[index % len(COLOURS)]
        items.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{colour}"/>'
                     f'<text x="{x + 18}" y="{y + 11}" class="smg-chart__label">{escape(name)}</text>')
    return "".join(items)


def describe(bars: list[Bar]) -> str:
    """The chart said in one French sentence."""
    return "Valeurs : " + " ; ".join(f"{b.label} : {b.text}" for b in bars) + "."
