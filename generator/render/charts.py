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

from markupsafe import Markup, escape

from generator.context.charts import Bar, Chart, LineChart, Series

LINE = 18  # height of the text line above a bar, in px (text is 0.7rem, 14 px)
BAR_HEIGHT = 14
GAP = 12
ROW = LINE + BAR_HEIGHT + GAP
LEGEND_HEIGHT = 26
LEGEND_STEP = 120  # px between legend entries
# Colours with at least 4.5:1 contrast on white and on the dark palette's background.
COLOURS = ("#1f5fa8", "#b3451b", "#2f7d32", "#6a3d9a", "#8a5a00", "#00707a", "#a0306e", "#4a4a4a")


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
    height = offset + sum(ROW + LINE * (_lines(bar) - 1) for bar in bars)
    parts = [
        f'<svg class="smg-chart" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'width="100%" height="{height}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(describe(bars))}</desc>',
    ]
    if legend:
        parts.append(_legend(legend))
    y = offset
    for bar in bars:
        parts.append(_bar(y, bar, top))
        y += ROW + LINE * (_lines(bar) - 1)
    parts.append("</svg>")
    return Markup("".join(parts))


def _bar(y: int, bar: Bar, top: float) -> str:
    # A non-zero value always shows a sliver of bar.
    share = max(100 * bar.value / top, 0.5 if bar.value else 0)
    colour = COLOURS[bar.series % len(COLOURS)]
    lines = _lines(bar)
    # A long label and its value take two lines: both fit a phone's width.
    value = (f'<tspan x="0" dy="{LINE}" class="smg-chart__value">{escape(bar.text)}</tspan>' if lines == 2
             else f' <tspan class="smg-chart__value">{escape(bar.text)}</tspan>')
    return (
        f'<text x="0" y="{y + LINE - 5}" class="smg-chart__label">{escape(_short(bar.label))} :{value}</text>'
        f'<rect x="0" y="{y + LINE * lines}" width="{min(share, 100):.1f}%" height="{BAR_HEIGHT}" fill="{colour}"/>'
    )


LABEL_CHARS = 40  # of a bar's label on a phone's width; the table gives it whole
ONE_LINE = 36  # characters of label and value that hold on one line of a phone


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS - 1].rstrip() + "…"


def _lines(bar: Bar) -> int:
    return 1 if len(_short(bar.label)) + len(bar.text) + 3 <= ONE_LINE else 2


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


# --- line charts: values over the years --------------------------------------------

PLOT_TOP = 12  # px above the 100 % line, for its label
PLOT_HEIGHT = 220  # px from 100 % to 0 %
AXIS_HEIGHT = 28  # px below the plot, for the years
LEFT, RIGHT = 10.0, 96.0  # the plot's edges, in % of the width (the left margin holds the % labels)
MARKERS = ("circle", "square", "diamond", "triangle")  # a second cue beside the colour


def draw_lines(chart_id: str, chart: LineChart) -> Markup:
    """A percentage-by-year chart as inline SVG, labelled for assistive technology.

    Lines join the measures of one study; a study measured once is a single marker.
    """
    years = [year for s in chart.series for year, _, _ in s.points]
    first, last = min(years), max(years)
    if first == last:
        first, last = first - 1, last + 1
    top = PLOT_TOP
    height = top + PLOT_HEIGHT + AXIS_HEIGHT
    parts = [
        f'<svg class="smg-chart smg-chart--lines" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'width="100%" height="{height}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{escape(chart.title)}</title>',
        f'<desc id="{chart_id}-d">{escape(describe_lines(chart))}</desc>',
        _grid(top, first, last),
    ]
    for series in chart.series:
        parts.append(_series(series, top, first, last))
    parts.append("</svg>")
    return Markup("".join(parts))


def _x(year: int, first: int, last: int) -> float:
    return LEFT + (RIGHT - LEFT) * (year - first) / (last - first)


def _y(value: float, top: int) -> float:
    return top + PLOT_HEIGHT * (1 - min(max(value, 0), 100) / 100)


def _grid(top: int, first: int, last: int) -> str:
    lines = []
    for share in (0, 25, 50, 75, 100):
        y = _y(share, top)
        lines.append(f'<line x1="{LEFT}%" x2="{RIGHT}%" y1="{y:.1f}" y2="{y:.1f}" class="smg-chart__grid"/>'
                     f'<text x="0" y="{y + 4:.1f}" class="smg-chart__label">{share} %</text>')
    step = 1 if last - first <= 8 else 2 if last - first <= 16 else 5
    for year in range(first, last + 1):
        if (year - first) % step == 0 or year == last:
            x = _x(year, first, last)
            # The last year ends at the plot's edge: centred, it would leave a phone's picture.
            anchor = "end" if year == last else "middle"
            lines.append(f'<text x="{x:.1f}%" y="{top + PLOT_HEIGHT + 20}" text-anchor="{anchor}" '
                         f'class="smg-chart__label">{year}</text>')
    return "".join(lines)


def _series(series: Series, top: int, first: int, last: int) -> str:
    colour = COLOURS[series.group % len(COLOURS)]
    points = [(_x(year, first, last), _y(value, top)) for year, value, _ in series.points]
    segments = "".join(f'<line x1="{a[0]:.1f}%" y1="{a[1]:.1f}" x2="{b[0]:.1f}%" y2="{b[1]:.1f}" '
                       f'stroke="{colour}" stroke-width="2"/>' for a, b in zip(points, points[1:]))
    marks = "".join(_marker(MARKERS[series.group % len(MARKERS)], x, y, colour) for x, y in points)
    return f"<g>{segments}{marks}</g>"


SHAPES = {
    "circle": '<circle cx="6" cy="6" r="5"/>',
    "square": '<rect x="1.5" y="1.5" width="9" height="9"/>',
    "diamond": '<polygon points="6,0 12,6 6,12 0,6"/>',
    "triangle": '<polygon points="6,0 12,11 0,11"/>',
}


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    # Percent x and pixel y cannot be mixed in a path: each marker is drawn in a nested
    # svg placed at the point, whose own coordinates are pixels.
    return (f'<svg x="{x:.1f}%" y="{y - 6:.1f}" width="12" height="12" overflow="visible">'
            f'<g transform="translate(-6 0)" fill="{colour}" stroke="#ffffff" stroke-width="1">'
            f'{SHAPES[shape]}</g></svg>')


def legend(chart: LineChart) -> Markup:
    """The groups' colours and markers as an HTML list, which wraps on a phone."""
    items = []
    for index, name in enumerate(chart.groups):
        colour, shape = COLOURS[index % len(COLOURS)], MARKERS[index % len(MARKERS)]
        items.append(f'<li><svg width="12" height="12" aria-hidden="true"><g fill="{colour}">{SHAPES[shape]}'
                     f'</g></svg> {escape(name)}</li>')
    return Markup(f'<ul class="smg-chart-legend">{"".join(items)}</ul>')


def describe_lines(chart: LineChart) -> str:
    """The line chart said in French: each study's measures in order."""
    told = [f"{s.name} ({chart.groups[s.group]}) : " + ", ".join(f"{year} {text}" for year, _, text in s.points)
            for s in chart.series]
    return "Valeurs : " + " ; ".join(told) + "."
