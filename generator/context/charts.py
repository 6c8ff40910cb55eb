"""What a chart shows, decided with the site's context: bars and lines with their
labels, values and texts. Drawing them as SVG is the renderer's (render/charts.py)."""

from __future__ import annotations

from dataclasses import dataclass


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


@dataclass(frozen=True)
class Series:
    """One study's measures: its name, its group (colour and marker), (year, value, text) points."""

    name: str
    group: int
    points: tuple[tuple[int, float, str], ...]


@dataclass(frozen=True)
class LineChart:
    """Percentages by year, one line per study, coloured by the group it measures."""

    title: str
    series: tuple[Series, ...]
    groups: tuple[str, ...]
