"""French alphabetical order: the one sort key for every index and list of names.

Accents, ligatures and case are ignored for the order ("États-Unis" sorts with E,
"Œuvre" with O), as a French dictionary does; the text itself breaks ties, so that the
order is stable and total.
"""

from __future__ import annotations

import unicodedata

from generator.format.text import spelled_out


def collation_key(text: str) -> tuple[str, str]:
    """Sort key for French text: letters without accents, casefolded, then the text."""
    decomposed = unicodedata.normalize("NFKD", spelled_out(text))
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(letters.casefold().split()), text
