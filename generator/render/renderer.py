"""The renderer: the site context and the two environments, shared by the sections.

Each group of pages is rendered by its own module (`SECTIONS`); the renderer gives
them `page` (a Markdown page from its template) and `fragment` (an HTML fragment
to embed in one), and lists the groups for the build, which renders them in turn
or on several cores.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import Any

from markupsafe import Markup

from .. import context as ctx
from .. import layout, paging
from ..siteconfig import SiteConfig
from ..validate import Case
from . import cases, comparisons, data, documents, indexes, other
from .env import environment

# The groups of pages besides the case studies, heaviest first, and who renders each.
SECTIONS = {"index_pages": indexes, "comparison_pages": comparisons, "data_files": data,
            "document_pages": documents, "other_pages": other}
SITE_GROUPS = tuple(SECTIONS)
_BLANK_LINES_RE = re.compile(r"\n(?:[ \t]*\n)+")


class Renderer:
    """Turns the site context into the generated pages."""

    def __init__(self, site: ctx.Site, config: SiteConfig, files: layout.Layout | None = None) -> None:
        self.site = site
        self.config = config
        self.files = files or layout.Layout()
        self.md = environment(autoescape=False)
        self.html = environment(autoescape=True)

    def page(self, template: str, src: str, **values: Any) -> str:
        """Render a Markdown page template for the page at `src`."""
        def fragment(name: str, **more: Any) -> Markup:
            return self.fragment(name, src, **more)

        # A page made from many sources (an index, a comparison) is edited in its template.
        return self.md.get_template(template).render(page=src, site=self.site, config=self.config,
                                                     files=self.files, fragment=fragment,
                                                     template_src=layout.template_file(template), **values)

    def fragment(self, template: str, src: str, **values: Any) -> Markup:
        """Render an HTML fragment to embed, already safe, in a Markdown page."""
        html = self.html.get_template(template).render(page=src, site=self.site, config=self.config,
                                                       files=self.files, **values)
        # A blank line would end the raw HTML block in Markdown.
        return Markup(_BLANK_LINES_RE.sub("\n", html).strip("\n"))

    def pager(self, current: paging.Page, pages: list[paging.Page], what: str) -> Markup:
        """The links between the pages of a long list (`what`: which list, for its label)."""
        return self.fragment("pager.html.j2", current.src, current=current, pages=pages, label=f"Pages de {what}")

    def pages(self) -> dict[str, str]:
        """Every generated page and data file, keyed by page name."""
        return dict(itertools.chain(self.case_pages(), self.site_pages()))

    def site_pages(self) -> Iterator[tuple[str, str]]:
        """Every generated page but the case-study pages."""
        for group in SITE_GROUPS:
            yield from self.group_pages(group)

    def group_pages(self, group: str) -> Iterator[tuple[str, str]]:
        """The pages of one of the `SITE_GROUPS`."""
        return SECTIONS[group].pages(self)

    def all_cases(self) -> list[Case]:
        """Published and draft case studies: each has its page."""
        return self.site.cases + self.site.drafts

    def case_pages(self, selected: list[Case] | None = None) -> Iterator[tuple[str, str]]:
        for case in self.all_cases() if selected is None else selected:
            yield self.case_page(case)

    def case_page(self, case: Case) -> tuple[str, str]:
        return cases.page(self, case)

    def hand_written(self, src: str, text: str, generated: set[str]) -> str:
        """A hand-written page of docs/ as it is copied (`documents.hand_written`)."""
        return documents.hand_written(self, src, text, generated)
