"""French alphabetical order: the one sort key for every index and list of names.

Accents, ligatures and case are ignored for the order ("États-Unis" sorts with E,
"Œuvre" with O), as a French dictionary does; the text itself breaks ties, so that the
order is stable and total.
"""

from __future__ import annotations

import unicodedata

# Letters that NFKD does not decompose but a French reader files under two letters.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})


def spelled_out(text: str) -> str:
    """The ligatures written as two letters: "Œuvre" -> "oeuvre" (for slugs and sorting)."""
    return text.translate(_LIGATURES)


def collation_key(text: str) -> tuple[str, str]:
    """Sort key for French text: letters without accents, casefolded, then the text."""
    decomposed = unicodedata.normalize("NFKD", spelled_out(text))
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(letters.casefold().split()), text
