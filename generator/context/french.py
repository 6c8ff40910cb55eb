"""Dates, numbers and references written the French way, shared by the pages, the
charts' data and the citations."""

from __future__ import annotations

from typing import Any

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


def number(value: float) -> str:
    """75000 -> '75 000', 1.5 -> '1,5' (French typography, narrow no-break space)."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}".replace(",", "\u202f").replace(".", ",")
    return f"{int(value):,}".replace(",", "\u202f")


def seconds(value: float) -> str:
    """A duration as smg reports it: "1,77 s" (decimal comma, no-break space)."""
    return f"{value:.2f}".replace(".", ",") + "\u00a0s"


def amount(figure: Any) -> str:
    """A figure or a population as the site writes it: 'près de 75 000', '6 500'."""
    word = figure.approx_word
    return f"{word} {number(figure.value)}" if word else number(figure.value)


def as_of(value: str | None) -> str:
    """When a figure was measured, as a phrase: 'en 2010', 'en juin 2011', 'au 5 juillet 2010'."""
    if not value:
        return "date non précisée par la source"
    return ("au " if len(str(value)) == 10 else "en ") + date_fr(value)


def period(meta: Any) -> str:
    """A case study's period: '2010', '2010–2011' or 'depuis 2010'."""
    if meta.period is None:
        return "non datée par les sources"
    if meta.period.end is None:
        return f"depuis {meta.period.start}"
    if meta.period.end == meta.period.start:
        return str(meta.period.start)
    return f"{meta.period.start}–{meta.period.end}"


def source_reference(source: Any) -> str:
    """A plain French reference to a source: author, « title », publisher, date."""
    parts = [p for p in (source.author, f"« {source.title} »", source.publisher) if p]
    parts.append(date_fr(source.date, "non datée"))
    return ", ".join(parts)


def situation(meta: Any) -> str:
    """The time a case study describes, as its page states it at the top."""
    if meta.period is None:
        return "non datée par les sources"
    return period(meta)
