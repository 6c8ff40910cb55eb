"""Every source of the base, once: what cites it and how many facts come from it.

A source cited by several case studies (one charter, one study) is listed once, under its
address, or under its title and publisher when it has none. The count of facts is what
the case studies take from it: each citation in a narrative, each figure, population
and charter that names it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from generator.context.collation import collation_key
from generator.format import vocab
from generator.format.documents import CITATION_RE, Case


@dataclass
class Entry:
    """One publication, as the first case study citing it describes it."""

    source: Any
    cases: list[Case] = field(default_factory=list)
    facts: int = 0


def key(source: Any) -> tuple[str, ...]:
    """Two case studies cite the same publication when they give the same address (or,
    without one, the same title and publisher)."""
    return ("url", source.url) if source.url else ("title", source.title, source.publisher or "")


def facts_per_source(case: Case) -> dict[str, int]:
    """How many facts of one case study come from each of its sources."""
    counts: dict[str, int] = defaultdict(int)
    for cited in CITATION_RE.findall(case.record.body):
        counts[cited] += 1
    meta = case.meta
    for use in meta.platforms:
        for figure in use.audience:
            counts[figure.source] += 1
    for block in (meta.population, meta.charter):
        if block is not None:
            counts[block.source] += 1
    return counts


def bibliography(cases: list[Case]) -> list[Entry]:
    """Every source of the public case studies, by kind, then publisher and title."""
    entries: dict[tuple[str, ...], Entry] = {}
    for case in cases:
        counts = facts_per_source(case)
        for source in case.meta.sources:
            entry = entries.setdefault(key(source), Entry(source))
            entry.cases.append(case)
            entry.facts += counts.get(source.id, 0)
    kinds = list(vocab.SOURCE_KINDS)
    return sorted(entries.values(), key=lambda e: (kinds.index(e.source.kind),
                                                   collation_key(e.source.publisher or e.source.author or ""),
                                                   collation_key(e.source.title)))
