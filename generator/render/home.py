"""What the home page shows besides its prose: angle cards, latest cases, one chart.

Computed from the site context, as every other page's data, so that the template
only loops and prints; every count follows the case studies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from generator import layout
from generator.context.site import Site
from generator.format import vocab
from generator.render.icons import icon

LATEST = 3  # reviewed cases shown as cards: one row of cards on a desktop
ANGLE_ICONS = {"mutualisation": "material/handshake-outline",
               "communication": "material/bullhorn-outline",
               "participation": "material/account-group-outline"}


@dataclass(frozen=True)
class AngleCard:
    """One of the three angles: its name, what it means, how many cases show it."""

    key: str
    label: str
    description: str
    icon: Markup
    count: int

    @property
    def sentence(self) -> str:
        """The description as a sentence of its own: capital first letter, final stop."""
        return self.description[:1].upper() + self.description[1:] + "."


def angle_cards(site: Site) -> list[AngleCard]:
    """The three angles in the proposal's order, with or without case studies."""
    counts = {value.key: len(value.cases) for value in site.facet(layout.ANGLE_FACET).values}
    return [AngleCard(key, label, vocab.ANGLE_DESCRIPTIONS[key], icon(ANGLE_ICONS[key], "lg"),
                      counts.get(key, 0))
            for key, label in vocab.ANGLES.items()]


@dataclass(frozen=True)
class LevelBar:
    """One bar of the home page's chart: a level, its case studies, its share of the largest."""

    key: str
    label: str
    count: int
    percent: int

    @property
    def text(self) -> str:
        return f"{self.count} étude{'s' if self.count > 1 else ''} de cas"


def level_bars(site: Site) -> list[LevelBar]:
    """Case studies by level of administration, for a chart drawn in HTML.

    HTML rather than SVG: its text is the page's text, readable at every width, and
    the bar lengths are the only drawing (a percentage of the largest count).
    """
    values = site.facet(layout.LEVEL_FACET).values
    top = max((len(value.cases) for value in values), default=0) or 1
    return [LevelBar(value.key, value.label, len(value.cases), round(100 * len(value.cases) / top))
            for value in values]


def values(site: Site) -> dict[str, Any]:
    """The home template's values."""
    icons = {name: icon(f"material/{name}") for name in
             ("magnify", "table-large", "book-open-variant", "school-outline", "database-outline",
              "scale-balance", "arrow-right")}
    return {"angle_cards": angle_cards(site), "latest": site.recent[:LATEST],
            "bars": level_bars(site), "icons": icons}
