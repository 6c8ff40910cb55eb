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

DATA_DIR = Path(__file__).parent.parent / "data"
PRACTICES_FILE = DATA_DIR / "practices.yml"

LEVELS: dict[str, str] = {
    "commune": "Commune",
    "intercommunalite": "Intercommunalité ou métropole",
    "departement": "Département",
    "region": "Région",
    "etat-federe": "État fédéré",
    "ministere": "Ministère",
    "prefecture": "Préfecture ou service de l'État dans un territoire",
    "gouvernement-national": "Gouvernement national",
    "agence": "Agence ou opérateur public",
    "securite-secours": "Gendarmerie, police ou secours",
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
    "x": "X (ex-Twitter)",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "linkedin": "LinkedIn",
    "youtube": "YouTube",
    "dailymotion": "Dailymotion",
    "flickr": "Flickr",
    "tiktok": "TikTok",
    "snapchat": "Snapchat",
    "threads": "Threads",
    "bluesky": "Bluesky",
    "mastodon": "Mastodon",
    "whatsapp": "WhatsApp",
    "telegram": "Telegram",
    "pinterest": "Pinterest",
    "twitch": "Twitch",
    "blog": "Blog",
    "site-web": "Site web",
    "application-mobile": "Application mobile",
    "plateforme-participative": "Plateforme participative",
    "decidim": "Decidim",
    "cap-collectif": "Cap Collectif",
    "citizenlab": "CitizenLab",
    "reseau-social-territorial": "Réseau social territorial",
    "reseaux-sociaux": "Médias sociaux (sans précision)",
    "autre": "Autre plateforme",
}

# Twitter was renamed X: a case writes the name its sources use, and both are one index,
# one search filter and one column of the comparisons, so that 2010 and 2025 line up.
PLATFORM_FACETS: dict[str, str] = {"x": "twitter"}
FACET_PLATFORMS: dict[str, str] = {key: label for key, label in PLATFORMS.items()
                                   if key not in PLATFORM_FACETS} | {"twitter": "Twitter / X"}


def platform_facet(platform: str) -> str:
    """The index a platform is listed under (X under Twitter)."""
    return PLATFORM_FACETS.get(platform, platform)

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
    "communication": ("informer les usagers, les alerter, faire connaître l'administration ou son territoire, "
                      "et leur répondre ; la proposition d'origine vise la réponse à leurs problèmes en temps "
                      "réel, ou presque"),
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
    "pct-population": "% des personnes interrogées",
    "participants": "participants",
    "votants": "votants",
    "contributions": "contributions",
    "projets": "projets",
    "volontaires": "volontaires",
    "euros": "euros",
    "publications": "publications",
    "votes": "votes exprimés",
    "signalements": "signalements",
    "telechargements": "téléchargements",
}

# What a share is computed on, when not on every administration a study covers.
SHARE_BASES: dict[str, str] = {
    "presentes": "parmi les administrations déjà présentes sur les médias sociaux",
}

# What a share of administrations measures, when it is not their presence on the platform.
MEASURES: dict[str, str] = {
    "community-manager": "part des administrations qui ont une personne chargée de leurs comptes",
    "autre": "autre mesure, que dit le libellé",
}

# What kind of publication a source is, shown beside it; a case resting only on
# vendors' or consultants' pages says so (W704).
SOURCE_KINDS: dict[str, str] = {
    "administration": "Publication d'une administration",
    "etude": "Étude ou rapport",
    "presse": "Presse",
    "prestataire": "Page d'un prestataire ou d'un consultant",
    "blog": "Blog ou tribune",
}
VENDOR_KIND = "prestataire"

# How a figure is approximate, in the source's own word; `approx: true` reads "environ".
APPROX_WORDS: dict[str, str] = {
    "environ": "environ",
    "près de": "près de",
    "plus de": "plus de",
    "moins de": "moins de",
    "au moins": "au moins",
}

# The clauses of a moderation charter, in the order the comparison of charters shows them.
CHARTER_CLAUSES: dict[str, str] = {
    "moderation": "Moment de la modération",
    "response": "Délai et horaires de réponse",
    "removed": "Contenus retirés",
    "reporting": "Signalement (plateforme, Pharos, justice)",
    "personal_data": "Données personnelles",
    "elections": "Périodes électorales",
    "recourse": "Recours et contact",
}

# When a moderation charter says comments are checked.
MODERATION_MODES: dict[str, str] = {
    "a-priori": "a priori (avant publication)",
    "a-posteriori": "a posteriori (après publication)",
    "mixte": "a priori et a posteriori selon les cas",
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
