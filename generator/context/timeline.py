"""The adoption timeline: every dated share of a group of administrations present on a
platform, from every study of the base, drawn per platform (X under Twitter) with each
point's source. Built with the site's context, before anything renders."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from generator.context.charts import LineChart, Series
from generator.context.french import amount
from generator.context.site import LOCAL_LEVELS, STATE_LEVELS, Site, effective_levels
from generator.format import vocab
from generator.format.documents import Case


@dataclass(frozen=True)
class TimelinePoint:
    """One measured share of a group of administrations present on a platform."""

    year: int
    value: float
    text: str
    case: Case
    figure: Any
    source: Any

    @property
    def group(self) -> str:
        """The kind of administrations measured: the figure's own level, or the one level
        the panorama covers."""
        if self.figure.level:
            return self.figure.level
        levels = effective_levels(self.case.meta)
        return levels[0] if len(levels) == 1 else "plusieurs"


@dataclass(frozen=True)
class Timeline:
    """Every dated share of administrations present on one platform (X under Twitter)."""

    platform: str
    points: list[TimelinePoint]
    chart: LineChart


TIMELINE_GROUPS = {**{key: vocab.LEVELS[key] for key in LOCAL_LEVELS + STATE_LEVELS}, "plusieurs": "Plusieurs niveaux",
                   "panorama": vocab.LEVELS["panorama"], "securite-secours": vocab.LEVELS["securite-secours"]}


def adoption_timeline(site: Site) -> list[Timeline]:
    """For each platform, the dated shares of administrations present on it, from every
    study: the base's adoption timeline, each point with its source."""
    by_platform: dict[str, list[TimelinePoint]] = defaultdict(list)
    for row in site.figures:
        # A share of the bodies already present somewhere is not a share of a group, and a
        # share with a community manager is not presence: both left out.
        figure = row.figure
        if figure.unit == "pct-administrations" and figure.as_of and not (figure.among or figure.measure):
            text = f"{amount(figure)} %"
            by_platform[vocab.platform_facet(row.platform)].append(
                TimelinePoint(int(str(row.figure.as_of)[:4]), row.figure.value, text, row.case, row.figure, row.source))
    timelines = []
    for platform in (key for key in vocab.FACET_PLATFORMS if key in by_platform):
        points = sorted(by_platform[platform], key=lambda p: (p.year, p.group, p.case.slug))
        timelines.append(Timeline(platform, points, _timeline_chart(platform, points)))
    return timelines


def _timeline_chart(platform: str, points: list[TimelinePoint]) -> LineChart:
    groups = [g for g in TIMELINE_GROUPS if any(p.group == g for p in points)]
    series = []
    # One line per study and group measured: a study of régions and départements draws two.
    for case_slug, group in dict.fromkeys((p.case.slug, p.group) for p in points):
        mine = [p for p in points if p.case.slug == case_slug and p.group == group]
        series.append(Series(f"{mine[0].case.meta.administration}, {TIMELINE_GROUPS[group].lower()}",
                             groups.index(group), tuple((p.year, p.value, p.text) for p in mine)))
    title = f"{vocab.FACET_PLATFORMS[platform]} : part des administrations présentes, selon les études"
    return LineChart(title, tuple(series), tuple(TIMELINE_GROUPS[g] for g in groups))
