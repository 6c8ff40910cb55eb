"""The lists of case studies: the paged index, one page per facet and per facet value,
the keyword index and one page per keyword. Long lists are paged (generator/context/paging.py)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from markupsafe import Markup

from generator import layout
from generator.context import paging
from generator.context.bibliography import bibliography
from generator.context.french import period
from generator.format import vocab
from generator.format.documents import Case
from generator.render.core import RendererCore as Renderer
from generator.render.env import md_escape

# Rows per page of the long lists, so that no page nears 1 MB at 10,000 case studies
# (a row of the case table weighs about 500 bytes).
CASES_PER_PAGE = 1000


def pages(r: Renderer) -> Iterator[tuple[str, str]]:
    """The case index, the facet pages and the keyword index."""
    entries = Entries(r)
    yield from _case_index(r)
    yield from _facet_pages(r, entries)
    yield layout.TAGS, r.page("tags.md.j2", layout.TAGS)
    yield from _tag_pages(r, entries)
    yield layout.CHRONOLOGY, _chronology(r)
    yield from _bibliography(r)


SOURCES_PER_PAGE = 500  # an entry names the case studies citing it: about 1 KB


def _bibliography(r: Renderer) -> Iterator[tuple[str, str]]:
    entries = bibliography(r.site.cases)
    made = paging.paginate(layout.BIBLIOGRAPHY, entries, SOURCES_PER_PAGE, lambda e: e.source.title)
    kinds = {kind: sum(e.source.kind == kind for e in entries) for kind in vocab.SOURCE_KINDS}
    for current in made:
        yield current.src, r.page("bibliography.md.j2", current.src, entries=current.items, total=len(entries),
                                  kinds=kinds, facts=sum(e.facts for e in entries), current=current,
                                  pager=r.pager(current, made, "la liste des sources"))


CHRONOLOGY_NAMED = 30  # case studies named under one year; the year's index lists them all


def _chronology(r: Renderer) -> str:
    """The case studies by the first year they describe, latest year first."""
    by_year: dict[int, list[Case]] = {}
    for case in r.site.cases:
        if case.meta.period is not None:
            by_year.setdefault(case.meta.period.start, []).append(case)
    years = [(year, by_year[year][:CHRONOLOGY_NAMED], len(by_year[year])) for year in sorted(by_year, reverse=True)]
    undated = [case for case in r.site.cases if case.meta.period is None]
    return r.page("chronology.md.j2", layout.CHRONOLOGY, years=years, undated=undated[:CHRONOLOGY_NAMED],
                  undated_count=len(undated), named=CHRONOLOGY_NAMED)


def title(case: Case) -> str:
    """What long lists of case studies are ordered and paged by."""
    return case.meta.title


def _case_index(r: Renderer) -> Iterator[tuple[str, str]]:
    made = paging.paginate(layout.CASES_INDEX, r.site.cases, CASES_PER_PAGE, title)
    # A column no case study fills (all "—") is left out, on every page alike.
    populated = any(case.meta.population for case in r.site.cases)
    for current in made:
        table = r.fragment("case_table.html.j2", current.src, cases=current.items, populated=populated)
        yield current.src, r.page("cases_index.md.j2", current.src, table=table, current=current, pages=made,
                                  pager=r.pager(current, made, "la liste des études de cas"))


def _facet_pages(r: Renderer, entries: Entries) -> Iterator[tuple[str, str]]:
    for facet in r.site.facets:
        index = layout.facet_index(facet.key)
        yield index, r.page("facet_index.md.j2", index, facet=facet)
        for value in facet.values:
            made = paging.paginate(layout.facet_value(facet.key, value.key), value.cases, CASES_PER_PAGE, title)
            for current in made:
                yield current.src, r.page("facet_value.md.j2", current.src, facet=facet, value=value,
                                          entries=entries.list(current), current=current,
                                          pager=r.pager(current, made, f"la liste « {value.label} »"))


def _tag_pages(r: Renderer, entries: Entries) -> Iterator[tuple[str, str]]:
    for tag in r.site.tags:
        yield from list_pages(r, tag.src, tag.cases, entries, heading=f"Mot-clé : {tag.name}",
                              description=f"Études de cas portant le mot-clé « {tag.name} »",
                              counted=("porte ce mot-clé", "portent ce mot-clé"),
                              back=layout.TAGS, back_label="Retour à l'index des mots-clés")


def list_pages(r: Renderer, src: str, cases: Sequence[Case], entries: Entries,
               **values: Any) -> Iterator[tuple[str, str]]:
    """A list of case studies (`case_list.md.j2`, `values` for its heading, count and
    link back), paged, first page at `src`."""
    made = paging.paginate(src, cases, CASES_PER_PAGE, title)
    for current in made:
        yield current.src, r.page("case_list.md.j2", current.src, cases=cases, entries=entries.list(current),
                                  current=current, pager=r.pager(current, made, f"la liste « {values['heading']} »"),
                                  **values)


class Entries:
    """The line of each case study in the lists by facet value and by keyword.

    A case study's line reads the same on every such page of one folder of the site at
    one depth (first pages sit at cas/<list>/<value>/, the next ones one folder below):
    it is written once per folder and depth."""

    def __init__(self, r: Renderer) -> None:
        self._r = r
        self._lines: dict[tuple[str, int, str], Markup] = {}

    def list(self, current: paging.Page) -> Markup:
        file = self._r.files.file(current.src)
        place = (file.partition("/")[0], file.count("/"))
        return Markup("\n".join(self._line(place, current.src, case) for case in current.items))

    def _line(self, place: tuple[str, int], src: str, case: Case) -> Markup:
        line = self._lines.get((*place, case.slug))
        if line is None:
            link = self._r.files.link(src, case.src)
            line = self._lines[(*place, case.slug)] = Markup(
                f"- [{md_escape(case.meta.title)}]({link}) — {md_escape(case.meta.administration)}, "
                f"{md_escape(period(case.meta))}")
        return line
