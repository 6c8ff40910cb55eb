"""« Cité dans » : the guides, training modules and curated comparisons that cite each
case study, computed once for the case-study pages (templates/case.md.j2) and for their
keys (write/freshness.py: a guide that starts citing a case re-renders its page)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from generator import layout
from generator.check.links import linked_pages
from generator.format.documents import GuideDocument, ModuleDocument

GUIDE = "Guide"
MODULE = "Module de formation"
COMPARISON = "Comparaison"


@dataclass(frozen=True)
class Citer:
    """A page that cites a case study: what it is, its title, its page name."""

    kind: str
    title: str
    src: str


def cited_by(guides: Sequence[GuideDocument], modules: Sequence[ModuleDocument], curated: Iterable[Any],
             slugs: Iterable[str]) -> dict[str, tuple[Citer, ...]]:
    """Case identifier -> the pages citing it, guides first, then modules, then comparisons.

    A guide or module cites the case studies its body links to, a module also those of its
    steps, a curated comparison those it compares. The links are those the check reads
    (its Markdown rendered once per run: format/markdown.py). Only the case studies of
    `slugs` count: cas/chronologie.md is no case study."""
    found: dict[str, list[Citer]] = defaultdict(list)
    known = set(slugs)
    for kind, documents in ((GUIDE, guides), (MODULE, modules)):
        for document in documents:
            for slug in _cases_cited(document):
                if slug in known:
                    found[slug].append(Citer(kind, document.meta.title, document.src))
    for comparison in curated:
        for slug in dict.fromkeys(case.slug for case in comparison.cases):
            found[slug].append(Citer(COMPARISON, comparison.title, layout.comparison(comparison.key)))
    return {slug: tuple(citers) for slug, citers in found.items()}


def _cases_cited(document: GuideDocument | ModuleDocument) -> list[str]:
    slugs = [layout.case_slug(page) for page in linked_pages(document)]
    slugs += [step.case for step in getattr(document.meta, "sequence", ())]
    return [slug for slug in dict.fromkeys(slugs) if slug]
