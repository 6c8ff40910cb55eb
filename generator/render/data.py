"""The open data of /donnees/ (files whose columns come from the schema, exports.py),
the Atom feed of the latest reviews, and the page that presents them."""

from __future__ import annotations

from collections.abc import Iterator

from generator import layout
from generator.render import exports
from generator.render.core import RendererCore as Renderer


def pages(r: Renderer) -> Iterator[tuple[str, str]]:
    """The data files, the feed and the data page."""
    yield from exports.data_files(r.site.cases, r.site.figures,
                                  case_url=lambda slug: r.config.page_url(layout.case(slug)),
                                  file_url=r.config.page_url)
    yield layout.FEED, _feed(r)
    yield layout.DATA_INDEX, r.page("data.md.j2", layout.DATA_INDEX, count=len(r.site.cases),
                                    figures=len(r.site.figures), **exports.page_values())


def _feed(r: Renderer) -> str:
    updated = max((c.meta.last_reviewed for c in r.site.cases), default="2010-01-01")
    return r.html.get_template("feed.xml.j2").render(site=r.site, config=r.config, entries=r.site.updates,
                                                     updated=updated)
