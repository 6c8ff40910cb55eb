"""The comparison pages: the two matrices, audiences (with a page per large group of
figures), adoption over time, State against local authorities, and the curated
side-by-side comparisons of comparaisons.yml. What each chart shows is decided in
the context (context.py); here it is drawn and placed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator import layout
from generator.context import paging, timeline
from generator.context import site as ctx
from generator.context.collation import collation_key
from generator.format import vocab
from generator.format.documents import Case
from generator.render import charts, indexes
from generator.render.core import RendererCore as Renderer

# A matrix row weighs up to about 1.2 KB: pages of 500 rows stay well under 1 MB.
MATRIX_ROWS_PER_PAGE = 500
AUDIENCE_ROWS = 100  # figures of one platform listed on the audiences page itself
GROUP_LINKS = 100  # case studies of a group named on the State and local authorities page itself


def pages(r: Renderer) -> Iterator[tuple[str, str]]:
    """Every comparison page, the index of comparisons first."""
    yield layout.COMPARISONS_INDEX, r.page("comparisons/index.md.j2", layout.COMPARISONS_INDEX)
    yield from _matrix(r, "plateformes", "Plateformes", _platform_columns(r))
    yield from _matrix(r, "angles-pratiques", "Angles et pratiques", _angle_columns(r), _practices_listed)
    yield from _audiences(r)
    yield _adoption(r)
    yield _charters(r)
    yield from _state_vs_local(r)
    for curated in r.site.curated:
        src = layout.comparison(curated.key)
        yield src, r.page("comparisons/curated.md.j2", src, curated=curated,
                          figures={c.slug: _figures(c) for c in curated.cases})


def _platform_columns(r: Renderer) -> list[tuple[str, str, Any]]:
    used = {vocab.platform_facet(p.platform) for c in r.site.cases for p in c.meta.platforms}
    return [(key, label, lambda m, k=key: k in {vocab.platform_facet(p.platform) for p in m.platforms})
            for key, label in vocab.FACET_PLATFORMS.items() if key in used]


def _angle_columns(r: Renderer) -> list[tuple[str, str, Any]]:
    return [(key, label, lambda m, k=key: k in m.angles) for key, label in vocab.ANGLES.items()]


def _practices_listed(meta: Any) -> list[str]:
    # Some forty practices would not fit as columns at any width: each row names its own.
    return [vocab.practices()[term]["label"] for term in meta.practices]


def _practice_counts(r: Renderer) -> list[tuple[str, int]]:
    return [(value.label, len(value.cases)) for value in r.site.facet(layout.PRACTICE_FACET).values]


def _matrix(r: Renderer, key: str, what: str, columns: list, listed: Any = None) -> Iterator[tuple[str, str]]:
    rows = [(case, [bool(test(case.meta)) for _, _, test in columns], listed(case.meta) if listed else [])
            for case in r.site.cases]
    totals = [sum(row[1][i] for row in rows) for i in range(len(columns))]
    counts = [(label, total) for (_, label, _), total in zip(columns, totals)]
    counts += _practice_counts(r) if listed else []
    made = paging.paginate(layout.comparison(key), rows, MATRIX_ROWS_PER_PAGE, lambda row: indexes.title(row[0]))
    for current in made:
        caption = f"{what} de chaque étude de cas" + (f", page {current.number}" if len(made) > 1 else "")
        table = r.fragment("matrix.html.j2", current.src, columns=columns, rows=current.items, listed=bool(listed),
                           totals=totals, caption=caption, paged=len(made) > 1)
        yield current.src, r.page("comparisons/matrix.md.j2", current.src, key=key, what=what, table=table,
                                  counts=counts, current=current,
                                  pager=r.pager(current, made, f"le tableau {what.lower()}"))


def _audiences(r: Renderer) -> Iterator[tuple[str, str]]:
    groups = []
    for index, group in enumerate(ctx.audience_groups(r.site)):
        rows, full = group.rows, None
        if len(rows) > AUDIENCE_ROWS:
            # Too many for one page: the largest here, every figure on the group's own pages.
            full = yield from _audience_group(r, layout.audience_group(group.platform, group.unit), group)
            rows = group.ranked[:AUDIENCE_ROWS]
        groups.append((group.title, charts.draw(f"audience-{index}", group.chart), rows, full))
    yield layout.AUDIENCES, r.page("comparisons/audiences.md.j2", layout.AUDIENCES, groups=groups)


def _audience_group(r: Renderer, src: str, group: ctx.AudienceGroup) -> Iterator[tuple[str, str]]:
    rows = sorted(group.rows, key=lambda row: (collation_key(row.case.meta.administration), row.case.slug))
    made = paging.paginate(src, rows, indexes.CASES_PER_PAGE, lambda row: row.case.meta.administration)
    for current in made:
        yield current.src, r.page("comparisons/audience_group.md.j2", current.src, title=group.title,
                                  rows=current.items, total=len(rows), current=current,
                                  pager=r.pager(current, made, f"« {group.title} »"))
    return src


def _adoption(r: Renderer) -> tuple[str, str]:
    drawn = [(line, charts.draw_lines(f"adoption-{line.platform}", line.chart), charts.legend(line.chart))
             for line in timeline.adoption_timeline(r.site)]
    return layout.ADOPTION, r.page("comparisons/adoption.md.j2", layout.ADOPTION, timelines=drawn,
                                   groups=timeline.TIMELINE_GROUPS)


def _charters(r: Renderer) -> tuple[str, str]:
    found = ctx.charters(r.site)
    return layout.CHARTERS, r.page("comparisons/charters.md.j2", layout.CHARTERS, cases=found,
                                   clauses=list(vocab.CHARTER_CLAUSES.items()))


def _state_vs_local(r: Renderer) -> Iterator[tuple[str, str]]:
    groups = ctx.state_vs_local(r.site)
    drawn = {key: charts.draw(f"groupe-{key}", group["chart"]) for key, group in groups.items()}
    # A group too long to name on the page has its own list, paged like the indexes.
    listed = {key: layout.state_local_group(key) for key, group in groups.items() if len(group["cases"]) > GROUP_LINKS}
    entries = indexes.Entries(r)
    for key, src in listed.items():
        yield from indexes.list_pages(r, src, groups[key]["cases"], entries, heading=ctx.GROUP_TITLES[key],
                                      description=f"Les études de cas du groupe « {ctx.GROUP_TITLES[key]} »",
                                      counted=("dans ce groupe", "dans ce groupe"), back=layout.STATE_VS_LOCAL,
                                      back_label="Retour à la comparaison État et collectivités")
    yield layout.STATE_VS_LOCAL, r.page("comparisons/state_vs_local.md.j2", layout.STATE_VS_LOCAL,
                                        groups=groups, charts=drawn, titles=ctx.GROUP_TITLES, listed=listed)


def _figures(case: Case) -> list[tuple[str, Any, Any]]:
    sources = case.meta.sources_by_id
    return [(use.platform, figure, sources.get(figure.source))
            for use in case.meta.platforms for figure in use.audience]
