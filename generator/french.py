"""Dates written the French way, shared by the pages and the citations."""

from __future__ import annotations

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")


def date_fr(value: str | None, missing: str = "date non précisée par la source") -> str:
    """'2010-07-05' -> '5 juillet 2010', '2010-07-01' -> '1er juillet 2010', '2011' -> '2011'."""
    if not value:
        return missing
    parts = [int(p) for p in str(value).split("-")]
    if len(parts) == 3:
        return f"{'1er' if parts[2] == 1 else parts[2]} {MONTHS[parts[1] - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return str(parts[0])
