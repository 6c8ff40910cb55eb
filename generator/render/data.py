"""The open data of /donnees/ (files whose columns come from the schema, exports.py),
the Atom feeds of the latest reviews (all public case studies, and those of each value
of layout.FEED_FACETS), and the page that presents them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from generator import layout
from generator.context.site import latest
from generator.format.documents import Case
from generator.render import exports
from generator.render.core import RendererCore as Renderer


def pages(r: Renderer) -> Iterator[tuple[str, str]]:
    """The data files, the feeds and the data page."""
    yield from exports.data_files(r.site.cases, r.site.figures,
                                  case_url=lambda slug: r.config.page_url(layout.case(slug)),
                                  file_url=r.config.page_url)
    yield layout.FEED, _feed(r, layout.FEED, layout.CASES_INDEX, r.site.cases, r.site.updates)
    yield from _facet_feeds(r)
    yield layout.DATA_INDEX, r.page("data.md.j2", layout.DATA_INDEX, count=len(r.site.cases),
                                    figures=len(r.site.figures), **exports.page_values())


def _facet_feeds(r: Renderer) -> Iterator[tuple[str, str]]:
    for key in layout.FEED_FACETS:
        facet = r.site.facet(key)
        for value in facet.values:
            feed = layout.facet_feed(key, value.key)
            yield feed, _feed(r, feed, layout.facet_value(key, value.key), value.cases, latest(value.cases),
                              facet=facet, value=value)


def _feed(r: Renderer, feed: str, html_page: str, cases: Sequence[Case], entries: list[Case],
          **facet: Any) -> str:
    updated = max((c.meta.last_reviewed for c in cases), default="2010-01-01")
    return r.html.get_template("feed.xml.j2").render(site=r.site, config=r.config, entries=entries, updated=updated,
                                                     feed=feed, html_page=html_page,
                                                     **({"facet": None, "value": None} | facet))
