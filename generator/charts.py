"""Static SVG bar charts, drawn at build time: no JavaScript, no external request.

Each chart comes with a title, a text description and the data table it is
drawn from, so that it reads without sight and without the picture.

The SVG has no viewBox: it is as wide as the text column (width 100 %), bar
lengths are percentages of that width, and text keeps the size the style sheet
gives it (CSS px, never scaled down with the picture). Each bar has its label
and value on a line above it, so that a long label never squeezes the bars on a
phone.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

LINE = 18  # height of the text line above a bar, in px (text is 0.7rem, 14 px)
BAR_HEIGHT = 14
GAP = 12
ROW = LINE + BAR_HEIGHT + GAP
LEGEND_HEIGHT = 26
LEGEND_STEP = 120  # px between legend entries
# Colours with at least 4.5:1 contrast on white and on the dark palette's background.
COLOURS = ("#1f5fa8", "#b3451b", "#2f7d32", "#6a3d9a")


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value, its text as displayed, its series index."""

    label: str
    value: float
    text: str
    series: int = 0


@dataclass(frozen=True)
class Chart:
    """What a chart shows, decided with the site's context: its title, its bars, the
    legend of its series and the value of a full-length bar (None: the largest)."""

    title: str
    bars: tuple[Bar, ...]
    legend: tuple[str, ...] = ()
    scale: float | None = None


def draw(chart_id: str, chart: Chart) -> Markup:
    """The chart as inline SVG (`bar_chart`)."""
    return bar_chart(chart_id, chart.title, list(chart.bars), list(chart.legend) or None, chart.scale)


def bar_chart(chart_id: str, title: str, bars: list[Bar], legend: list[str] | None = None,
              scale: float | None = None) -> Markup:
    """A horizontal bar chart as inline SVG, labelled for assistive technology.

    `scale` is the value of a full-length bar (100 for percentages); by default the
    largest value.
    """
    top = scale or max((b.value for b in bars), default=0) or 1
    offset = LEGEND_HEIGHT if legend else 0
    height = offset + len(bars) * ROW
    parts = [
        f'<svg class="smg-chart" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'width="100%" height="{height}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(describe(bars))}</desc>',
    ]
    if legend:
        parts.append(_legend(legend))
    for index, bar in enumerate(bars):
        parts.append(_bar(offset + index * ROW, bar, top))
    parts.append("</svg>")
    return Markup("".join(parts))


def _bar(y: int, bar: Bar, top: float) -> str:
    # A non-zero value always shows a sliver of bar.
    share = max(100 * bar.value / top, 0.5 if bar.value else 0)
    colour = COLOURS[bar.series % len(COLOURS)]
    return (
        f'<text x="0" y="{y + LINE - 5}" class="smg-chart__label">{escape(bar.label)} : '
        f'<tspan class="smg-chart__value">{escape(bar.text)}</tspan></text>'
        f'<rect x="0" y="{y + LINE}" width="{min(share, 100):.1f}%" height="{BAR_HEIGHT}" fill="{colour}"/>'
    )


def _legend(legend: list[str]) -> str:
    items = []
    for index, name in enumerate(legend):
        x = index * LEGEND_STEP
        colour = COLOURS[index % len(COLOURS)]
        items.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{colour}"/>'
                     f'<text x="{x + 18}" y="15" class="smg-chart__label">{escape(name)}</text>')
    return "".join(items)


def describe(bars: list[Bar]) -> str:
    """The chart said in one French sentence."""
    return "Valeurs : " + " ; ".join(f"{b.label} : {b.text}" for b in bars) + "."
