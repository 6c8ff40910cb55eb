"""The lists of case studies: the paged index, one page per facet and per facet value,
and the keyword index."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from markupsafe import Markup

from .. import layout, paging
from ..french import period
from ..validate import Case
from .env import md_escape

if TYPE_CHECKING:
    from .renderer import Renderer

# Rows per page of the long lists, so that no page nears 1 MB at 10,000 case studies
# (a row of the case table weighs about 500 bytes).
CASES_PER_PAGE = 1000


def pages(r: Renderer) -> Iterator[tuple[str, str]]:
    """The case index, the facet pages and the keyword index."""
    yield from _case_index(r)
    yield from _facet_pages(r)
    yield layout.TAGS, r.page("tags.md.j2", layout.TAGS)


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


def _facet_pages(r: Renderer) -> Iterator[tuple[str, str]]:
    # Every value page of every facet sits at the same depth (cas/<facet>/<value>.md):
    # a case study's entry reads the same on all of them, so it is written once.
    entries: dict[str, Markup] = {}
    for facet in r.site.facets:
        index = layout.facet_index(facet.key)
        yield index, r.page("facet_index.md.j2", index, facet=facet)
        for value in facet.values:
            value_src = layout.facet_value(facet.key, value.key)
            lines = [entries.get(c.slug) or entries.setdefault(c.slug, _facet_entry(r, c)) for c in value.cases]
            yield value_src, r.page("facet_value.md.j2", value_src, facet=facet, value=value,
                                    entries=Markup("\n".join(lines)))


def _facet_entry(r: Renderer, case: Case) -> Markup:
    link = r.files.link(layout.facet_value("facette", "valeur"), case.src)
    return Markup(f"- [{md_escape(case.meta.title)}]({link}) — {md_escape(case.meta.administration)}, "
                  f"{md_escape(period(case.meta))}")
