"""Closed vocabularies of the case-study format, with their French labels.

Levels, platforms, angles, statuses and units are part of the format and live
here; the practices vocabulary grows with the community, so it lives in a data
file (`generator/data/practices.yml`) that contributors extend by pull request.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

import pycountry
import yaml

DATA_DIR = Path(__file__).parent / "data"
PRACTICES_FILE = DATA_DIR / "practices.yml"

LEVELS: dict[str, str] = {
    "commune": "Commune",
    "intercommunalite": "Intercommunalité",
    "departement": "Département",
    "region": "Région",
    "etat-federe": "État fédéré",
    "ministere": "Ministère",
    "gouvernement-national": "Gouvernement national",
    "agence": "Agence",
    "panorama": "Panorama (plusieurs administrations)",
}

# The level index groups the case studies whose sources do not say which body acted
# (the field is left empty); this key is not a value a contributor can write.
NO_LEVEL = "non-precise"
NO_LEVEL_LABEL = "Niveau non précisé par les sources"


def level_key(level: str | None) -> str:
    """The level index a case study is listed under."""
    return level or NO_LEVEL


def level_label(level: str | None) -> str:
    return LEVELS[level] if level else NO_LEVEL_LABEL


PLATFORMS: dict[str, str] = {
    "twitter": "Twitter",
    "facebook": "Facebook",
    "youtube": "YouTube",
    "dailymotion": "Dailymotion",
    "flickr": "Flickr",
    "instagram": "Instagram",
    "linkedin": "LinkedIn",
    "mastodon": "Mastodon",
    "blog": "Blog",
    "site-web": "Site web",
    "plateforme-participative": "Plateforme participative",
    "reseau-social-territorial": "Réseau social territorial",
    "autre": "Autre plateforme",
}

ANGLES: dict[str, str] = {
    "mutualisation": "Mutualisation",
    "communication": "Communication",
    "participation": "Participation",
}

# "communication" is wider on the site than in the source (answering users' problems in near
# real time): the sources document information and visibility, not answers, and a case
# needs at least one angle. Cases that do show answers carry the practice reponse-aux-usagers.
ANGLE_DESCRIPTIONS: dict[str, str] = {
    "mutualisation": "mettre en commun les actions grâce à une communauté de l'administration",
    "communication": ("informer les usagers et leur répondre ; la proposition d'origine vise la réponse "
                      "à leurs problèmes en temps réel, ou presque"),
    "participation": "écouter les usagers et les associer au service public",
}

STATUSES: dict[str, str] = {
    "draft": "Brouillon",
    "published": "Publiée",
    "archived": "Archivée",
}

UNITS: dict[str, str] = {
    "fans": "fans",
    "abonnes": "abonnés",
    "membres": "membres",
    "vues": "vues",
    "comptes": "comptes",
    "administrations": "administrations",
    "pct-administrations": "% des administrations étudiées",
    "pct-agents": "% des agents interrogés",
}


# The vocabulary of the current run (smg serve runs many): set by use_practices(),
# read by the checks and the templates through practices().
_practices: dict[str, dict[str, str]] | None = None


def use_practices(path: Path = PRACTICES_FILE) -> dict[str, dict[str, str]]:
    """Read the practices vocabulary for this run: term -> {term, label, definition}.

    Read leniently, never raising: the checks report what is wrong with the file
    (validate.practices_problems), and a run with problems stops before rendering.
    """
    global _practices
    _practices = read_practices(path)
    return _practices


def practices() -> dict[str, dict[str, str]]:
    """The practices vocabulary of the current run (the package's file until a run sets it)."""
    return _practices if _practices is not None else use_practices()


def read_practices(path: Path) -> dict[str, dict[str, str]]:
    try:
        with path.open(encoding="utf-8") as stream:
            data = yaml.safe_load(stream)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    entries = data.get("practices") if isinstance(data, dict) else None
    return {entry["term"]: entry for entry in entries or [] if _complete(entry)}


def _complete(entry: object) -> bool:
    return isinstance(entry, dict) and all(isinstance(entry.get(key), str) and entry[key]
                                           for key in ("term", "label", "definition"))


@cache
def countries() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code -> French country name."""
    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    return {c.alpha_2: french.gettext(c.name) for c in pycountry.countries}
