"""French wording shared by messages: how a typed value is folded, matched to the
nearest valid choice, described and cut, and how a number is printed."""

from __future__ import annotations

import difflib
import re
import unicodedata
from typing import Any

from markdown.extensions.toc import slugify

# Letters that NFKD does not decompose but a French reader files under two letters.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})


def spelled_out(text: str) -> str:
    """The ligatures written as two letters: "Œuvre" -> "oeuvre" (for slugs and sorting)."""
    return text.translate(_LIGATURES)


def tag_slug(name: str) -> str:
    """The address part of a keyword's page: "Réseaux sociaux" -> "reseaux-sociaux"
    (two keywords of one slug get -2, -3…: context/site.py)."""
    return slugify(spelled_out(name), "-") or "sans-nom"


def fold(text: str) -> str:
    """Lowercase, accents removed, spaces as hyphens: how users mistype vocabulary."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[\s_]+", "-", plain)


def closest(found: str, choices: list[str]) -> str | None:
    """The valid choice nearest to what was typed, if any is near enough."""
    folded = {fold(choice): choice for choice in choices}
    if fold(found) in folded:
        return folded[fold(found)]
    match = difflib.get_close_matches(fold(found), list(folded), n=1, cutoff=0.6)
    return folded[match[0]] if match else None


def suggestion(found: str, choices: list[str]) -> str:
    """' Vouliez-vous dire « x » ?' or nothing."""
    near = closest(found, choices)
    return f" Vouliez-vous dire « {near} » ?" if near else ""


def excerpt(text: str, limit: int = 40) -> str:
    """`text` as a message quotes it: cut to `limit` characters, the cut marked."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(value: Any) -> str:
    """What a YAML value looks like to a contributor, in French."""
    if value is None:
        return "une valeur vide"
    if isinstance(value, bool):
        return f"le booléen {'true' if value else 'false'}"
    if isinstance(value, (int, float)):
        return f"le nombre {value}"
    if isinstance(value, str):
        return f"le texte « {excerpt(value)} »"
    if isinstance(value, list):
        return "une liste"
    if isinstance(value, dict):
        return "un bloc de champs"
    return "une valeur"


def french_number(value: int) -> str:
    """10000000000 -> '10 000 000 000', as the messages and the reference print limits."""
    return f"{value:,}".replace(",", "\u202f")
