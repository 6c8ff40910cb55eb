"""The renderer: the site context and the two environments, shared by the sections.

Each group of pages is rendered by its own module (`SECTIONS`); the renderer gives
them `page` (a Markdown page from its template) and `fragment` (an HTML fragment
to embed in one), and lists the groups for the build, which renders them in turn
or on several cores.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from generator.format.documents import Case
from generator.render import cases, comparisons, data, documents, indexes, other
from generator.render.core import RendererCore

# The groups of pages besides the case studies, heaviest first, and who renders each.
SECTIONS = {"index_pages": indexes, "comparison_pages": comparisons, "data_files": data,
            "document_pages": documents, "other_pages": other}
SITE_GROUPS = tuple(SECTIONS)


class Renderer(RendererCore):
    """Turns the site context into the generated pages: which section renders which group."""

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
