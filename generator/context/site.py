"""The whole site context, built from valid case studies before anything renders.

Indexes (facets), comparisons and statistics are computed here once, as plain
data, so that templates only loop and print (Pelican builds its context the
same way before writing).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from markupsafe import Markup

from generator import layout
from generator.check.content import overdue as review_overdue
from generator.context.charts import Bar, Chart
from generator.context.citedby import Citer, cited_by
from generator.context.collation import collation_key
from generator.context.french import amount, date_fr
from generator.format import vocab
from generator.format.documents import Case, GuideDocument, ModuleDocument
from generator.format.models import AudienceFigure, CaseStudy, Comparison
from generator.format.text import tag_slug

FEED_SIZE = 50  # a feed carries the latest entries, not the whole base (that is the JSON)
STATE_LEVELS = ("ministere", "prefecture", "gouvernement-national", "agence", "etat-federe")
# What a figure measures, by unit: the audience of one account, or the adoption of a
# platform by a group of administrations (the home page counts each kind).
AUDIENCE_UNITS = ("fans", "abonnes", "membres", "vues")
ADOPTION_UNITS = ("administrations", "pct-administrations")
LOCAL_LEVELS = ("commune", "intercommunalite", "departement", "region")
GROUP_TITLES = {"etat": "État : ministères, préfectures, gouvernements, agences",
                "collectivites": "Collectivités locales : communes, intercommunalités, départements, régions"}
CHART_MAX_BARS = 30  # a chart stays readable with a few dozen bars; its table lists every figure


@dataclass(frozen=True)
class FacetValue:
    """One value of an index (a level, a country…) and the case studies that have it."""

    key: str
    label: str
    cases: tuple[Case, ...]
    description: str = ""


@dataclass(frozen=True)
class Facet:
    """An index of case studies by one property, e.g. by level."""

    key: str
    title: str
    label: str
    intro: str
    values: tuple[FacetValue, ...]


@dataclass(frozen=True)
class FigureRow:
    """An audience figure with the case study, platform and source it belongs to."""

    case: Case
    platform: str
    figure: AudienceFigure
    source: Any


@dataclass(frozen=True)
class FigureCounts:
    """How many figures the base holds, by kind and by whether their source dates them."""

    total: int
    dated: int
    audience: int
    adoption: int

    @property
    def undated(self) -> int:
        return self.total - self.dated

    @property
    def other(self) -> int:
        return self.total - self.audience - self.adoption


@dataclass(frozen=True)
class Curated:
    """A side-by-side comparison declared in `casestudies/comparaisons.yml`."""

    key: str
    title: str
    description: str
    cases: tuple[Case, ...]
    platforms: tuple[str, ...]


@dataclass
class Site:
    """Everything the templates need, computed once."""

    cases: list[Case]
    drafts: list[Case]
    facets: list[Facet]
    figures: list[FigureRow]
    curated: list[Curated] = field(default_factory=list)
    today: dt.date = field(default_factory=dt.date.today)
    guides: list[GuideDocument] = field(default_factory=list)
    modules: list[ModuleDocument] = field(default_factory=list)
    cited_by: dict[str, tuple[Citer, ...]] = field(default_factory=dict)  # case identifier -> « Cité dans »

    @cached_property
    def by_slug(self) -> dict[str, Case]:
        return {case.slug: case for case in self.cases + self.drafts}

    def facet(self, key: str) -> Facet:
        return next(f for f in self.facets if f.key == key)

    @property
    def recent(self) -> list[Case]:
        return self.updates[:6]

    @cached_property
    def updates(self) -> list[Case]:
        """The latest public case studies, most recently reviewed first (for the feed)."""
        return latest(self.cases)

    @cached_property
    def tags(self) -> list[TagEntry]:
        return tag_index(self.cases)

    @cached_property
    def tag_pages(self) -> dict[str, str]:
        """Keyword -> its page (cas/etiquettes/<slug>/)."""
        return {entry.name: entry.src for entry in self.tags}

    @property
    def countries(self) -> set[str]:
        return {case.meta.country for case in self.cases}

    @cached_property
    def figure_counts(self) -> FigureCounts:
        """Counts printed on the home page, so that its prose follows the data."""
        units = [row.figure.unit for row in self.figures]
        return FigureCounts(total=len(units), dated=sum(1 for row in self.figures if row.figure.as_of),
                            audience=sum(unit in AUDIENCE_UNITS for unit in units),
                            adoption=sum(unit in ADOPTION_UNITS for unit in units))

    def with_practice(self, term: str) -> list[Case]:
        """Public case studies tagged with one practice."""
        return [case for case in self.cases if term in case.meta.practices]


def latest(cases: Iterable[Case]) -> list[Case]:
    """The most recently reviewed of these case studies, first: what a feed carries."""
    return sorted(cases, key=lambda c: (c.meta.last_reviewed, c.slug), reverse=True)[:FEED_SIZE]


def build_site(cases: list[Case], curated: list[Comparison] | None = None, today: dt.date | None = None,
               guides: list[GuideDocument] | None = None, modules: list[ModuleDocument] | None = None) -> Site:
    """Sort case studies, compute every index and comparison."""
    ordered = sorted(cases, key=lambda c: (collation_key(c.meta.title), c.slug))
    public = [c for c in ordered if c.meta.is_public]
    drafts = [c for c in ordered if not c.meta.is_public]
    site = Site(public, drafts, facets(public), figure_rows(public), today=today or dt.date.today())
    site.curated = [_curated(entry, site.by_slug) for entry in curated or []]
    site.guides = sorted(guides or [], key=lambda g: g.slug)
    site.modules = sorted(modules or [], key=lambda m: m.slug)
    site.cited_by = cited_by(site.guides, site.modules, site.curated, site.by_slug)
    return site


def facets(cases: list[Case]) -> list[Facet]:
    """All the indexes, in the order the site shows them."""
    return [
        _facet(layout.LEVEL_FACET, "Par niveau d'administration", "Niveau",
               "Le niveau de l'administration étudiée, ou « panorama » pour une étude qui "
               "couvre plusieurs administrations.",
               cases, lambda m: [vocab.level_key(m.level)], {**vocab.LEVELS, vocab.NO_LEVEL: vocab.NO_LEVEL_LABEL}),
        _facet(layout.COUNTRY_FACET, "Par pays", "Pays", "Le pays de l'administration étudiée.",
               cases, lambda m: [m.country], _in_french_order(vocab.countries())),
        _facet(layout.PLATFORM_FACET, "Par plateforme", "Plateforme",
               "Les réseaux et outils utilisés.", cases,
               lambda m: [vocab.platform_facet(p.platform) for p in m.platforms], vocab.FACET_PLATFORMS),
        _facet(layout.ANGLE_FACET, "Par angle", "Angle",
               "Les trois angles de Social Media Gouvernance.", cases,
               lambda m: m.angles, vocab.ANGLES, vocab.ANGLE_DESCRIPTIONS),
        _facet(layout.PRACTICE_FACET, "Par pratique", "Pratique",
               "Ce que les sources montrent les administrations faire, selon le vocabulaire commun des "
               "pratiques.", cases,
               lambda m: m.practices, {k: v["label"] for k, v in vocab.practices().items()},
               {k: v["definition"] for k, v in vocab.practices().items()}),
        _facet(layout.YEAR_FACET, "Par année", "Année",
               "Les années que chaque étude documente.", cases, years, None),
    ]


def _in_french_order(labels: dict[str, str]) -> dict[str, str]:
    return dict(sorted(labels.items(), key=lambda item: collation_key(item[1])))


TAG_ANCHOR_PREFIX = "mot-cle-"


@dataclass(frozen=True)
class TagEntry:
    """One free keyword, its page's identifier, the case studies that carry it."""

    name: str
    slug: str
    cases: tuple[Case, ...]

    @property
    def anchor(self) -> Markup:
        """Its entry's id on the keyword index, where links of earlier versions of the
        site lead (the keywords were sections of that page)."""
        return Markup(TAG_ANCHOR_PREFIX + self.slug)

    @property
    def src(self) -> str:
        return layout.tag(self.slug)


def tag_index(cases: list[Case]) -> list[TagEntry]:
    """Every keyword of the public case studies, in French alphabetical order."""
    groups: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        for tag in dict.fromkeys(case.meta.tags):
            groups[tag].append(case)
    entries, taken = [], set()
    for name in sorted(groups, key=collation_key):
        slug = base = tag_slug(name)
        suffix = 2
        while slug in taken:  # "Twitter" and "twitter" are two keywords, two pages
            slug, suffix = f"{base}-{suffix}", suffix + 1
        taken.add(slug)
        # Markup: a slug is plain ASCII letters, digits and hyphens, nothing to escape.
        entries.append(TagEntry(name, Markup(slug), tuple(groups[name])))
    return entries


def years(meta: CaseStudy) -> list[str]:
    """Every year of the documented period, as text (none when no source dates it)."""
    if meta.period is None:
        return []
    end = meta.period.end or meta.period.start
    return [str(y) for y in range(meta.period.start, end + 1)]


def decades(meta: CaseStudy) -> list[str]:
    """Every decade the documented period touches, in French (« années 2010 »): the search
    filters by decade, since one value per year made the largest of its filter files."""
    return list(dict.fromkeys(f"années {int(year) // 10 * 10}" for year in years(meta)))


def _facet(key: str, title: str, label: str, intro: str, cases: list[Case], values_of,
           labels: dict[str, str] | None, descriptions: dict[str, str] | None = None) -> Facet:
    groups: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        for value in dict.fromkeys(values_of(case.meta)):
            groups[value].append(case)
    order = list(labels) if labels is not None else sorted(groups, reverse=True)
    values = tuple(
        FacetValue(value, (labels or {}).get(value, value), tuple(groups[value]),
                   (descriptions or {}).get(value, ""))
        for value in order if groups.get(value)
    )
    return Facet(key, title, label, intro, values)


def figure_rows(cases: list[Case]) -> list[FigureRow]:
    """Every audience figure of every case study."""
    rows = []
    for case in cases:
        sources = case.meta.sources_by_id
        rows += [FigureRow(case, use.platform, figure, sources[figure.source])
                 for use in case.meta.platforms for figure in use.audience]
    return rows


def _curated(entry: Comparison, by_slug: dict[str, Case]) -> Curated:
    return Curated(entry.id, entry.title, entry.description or "", tuple(by_slug[s] for s in entry.cases),
                   tuple(entry.platforms))


# --- comparisons ----------------------------------------------------------------

def comparable_figures(site: Site) -> list[tuple[str, str, list[FigureRow]]]:
    """Figures of the same platform and unit across several case studies."""
    groups: dict[tuple[str, str], list[FigureRow]] = defaultdict(list)
    for row in site.figures:
        groups[(row.platform, row.figure.unit)].append(row)
    # An audience page compares audiences: not the euros of a budget nor a share of bodies.
    return [(platform, unit, rows) for (platform, unit), rows in sorted(groups.items())
            if len({row.case.slug for row in rows}) > 1 and unit in AUDIENCE_UNITS]


@dataclass(frozen=True)
class AudienceGroup:
    """Comparable figures of one platform and unit: in the site's order, largest first,
    and their chart."""

    platform: str
    unit: str
    title: str
    rows: list[FigureRow]
    ranked: list[FigureRow]
    chart: Chart


def audience_groups(site: Site) -> list[AudienceGroup]:
    """The audiences comparison: a chart of the largest figures of each comparable group."""
    groups = []
    for platform, unit, rows in comparable_figures(site):
        title = f"{vocab.PLATFORMS[platform]} : {vocab.UNITS[unit]} par étude de cas"
        ranked = sorted(rows, key=lambda row: -row.figure.value)
        shown = ranked[:CHART_MAX_BARS]
        bars = tuple(Bar(row.case.meta.administration, row.figure.value,
                         f"{amount(row.figure)} ({date_fr(row.figure.as_of, 'non daté')})")
                     for row in shown)
        chart_title = title if len(shown) == len(rows) else f"{title} ({len(shown)} plus grandes valeurs)"
        groups.append(AudienceGroup(platform, unit, title, rows, ranked, Chart(chart_title, bars)))
    return groups


def charters(site: Site) -> list[Case]:
    """The case studies that describe a moderation charter, by level then name."""
    order = list(vocab.LEVELS)
    found = [case for case in site.cases if case.meta.charter is not None]
    return sorted(found, key=lambda c: (order.index(c.meta.level) if c.meta.level else len(order),
                                        collation_key(c.meta.administration), c.slug))


def effective_levels(meta: CaseStudy) -> list[str]:
    """The levels a case study speaks about: its own, or those a panorama covers."""
    if meta.level == "panorama" and meta.coverage is not None:
        return list(meta.coverage.levels)
    return [meta.level] if meta.level else []


def state_vs_local(site: Site) -> dict[str, dict[str, Any]]:
    """Platforms (with their chart), angles and practices of the State's and of local
    authorities' case studies."""
    groups = {"etat": [c for c in site.cases if set(effective_levels(c.meta)) & set(STATE_LEVELS)],
              "collectivites": [c for c in site.cases
                                if set(effective_levels(c.meta)) & set(LOCAL_LEVELS)]}
    summary = {}
    for key, cases in groups.items():
        platforms = _count(cases, lambda m: [p.platform for p in m.platforms])
        bars = tuple(Bar(vocab.PLATFORMS[p], 100 * n / (len(cases) or 1), f"{n} sur {len(cases)}")
                     for p, n in platforms.items())
        summary[key] = {"cases": cases, "platforms": platforms, "chart": Chart(GROUP_TITLES[key], bars, scale=100),
                        "angles": _count(cases, lambda m: m.angles),
                        "practices": _count(cases, lambda m: m.practices)}
    return summary


def _count(cases: list[Case], values_of) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for case in cases:
        for value in dict.fromkeys(values_of(case.meta)):
            counts[value] += 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def overdue(site: Site, years: int) -> list[Case]:
    """Public case studies not reviewed for more than `years` years, oldest first."""
    late = [c for c in site.cases if review_overdue(c.meta.last_reviewed, site.today, years)]
    return sorted(late, key=lambda c: (c.meta.last_reviewed, c.slug))


def related_to_guide(site: Site, guide: GuideDocument, limit: int = 12) -> tuple[list[tuple[Case, list[str]]], int]:
    """Case studies sharing the guide's practices (first) or angles, and how many there are.

    `site.cases` is already in title order, so a stable sort on the score keeps
    titles in order among equals.
    """
    practices, angles = set(guide.meta.practices), set(guide.meta.angles)
    scored = []
    for case in site.cases:
        shared_practices = [t for t in case.meta.practices if t in practices]
        shared_angles = [a for a in case.meta.angles if a in angles]
        if shared_practices or shared_angles:
            scored.append((2 * len(shared_practices) + len(shared_angles), case, shared_practices, shared_angles))
    best = sorted(scored, key=lambda item: -item[0])[:limit]
    terms = vocab.practices()
    return [(case, [terms[t]["label"] for t in shared] + [vocab.ANGLES[a].lower() for a in angles_])
            for _, case, shared, angles_ in best], len(scored)
