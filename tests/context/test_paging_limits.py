"""Every paging limit at its real value: a list one item longer than a page is cut
into two pages, the first holding exactly the limit, each linking to the other.

The lists are built in memory (copies of one checked case study with other titles and
identifiers), so that the real limits are exercised without writing a thousand files;
a limit or a cut that changes fails here, where tests that lower the limit to 1 pass."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from generator import layout
from generator.check.project import check
from generator.context.site import build_site
from generator.render import Renderer, comparisons, indexes

from ..conftest import VALID
from ..sitekit import make_project


def _copies(tmp_path: Path, count: int, sources: int = 1) -> tuple[Renderer, list]:
    """A renderer over `count` copies of one valid case study, titled « Cas 0001 »…,
    citing `sources` sources in all (« Source 0001 »…; the last ones share the last)."""
    folder = tmp_path / "cas"
    folder.mkdir()
    (folder / "modele.md").write_text(VALID, encoding="utf-8")
    project = make_project(tmp_path, folder, docs=False)
    outcome, inputs = check(project)
    assert not outcome.failed, outcome.problems
    model = inputs.cases[0]
    cases = []
    for number in range(1, count + 1):
        slug = f"cas-{number:04d}"
        meta = model.meta.model_copy(update={"title": f"Cas {number:04d}"})
        cited = min(number, sources)
        source = meta.sources[0].model_copy(update={"title": f"Source {cited:04d}",
                                                     "url": f"https://example.org/source-{cited}/"})
        meta = meta.model_copy(update={"sources": [source]})
        record = dataclasses.replace(model.record, slug=slug, name=f"casestudies/{slug}.md",
                                     path=model.record.path.with_name(f"{slug}.md"))
        cases.append(type(model)(record, meta))
    site = build_site(cases)
    return Renderer(site, project.config(), layout.Layout(frozenset())), cases


def _pages(renderer: Renderer, group: str) -> dict[str, str]:
    return dict(renderer.group_pages(group))


def _linked(text: str, slugs: list[str]) -> list[str]:
    return [slug for slug in slugs if re.search(rf"/{slug}/", text)]


def _assert_split(pages: dict[str, str], first: str, second: str, names: list[str], limit: int) -> None:
    one, two = pages[first], pages[second]
    assert layout.list_page(first, 3) not in pages
    assert _linked(one, names) == names[:limit]
    assert _linked(two, names) == names[limit:]
    # The pager: each page links to the other one's address, marks itself as current.
    assert 'aria-current="page">1<' in one and 'aria-current="page">2<' in two
    for page, other in ((one, second), (two, first)):
        address = layout.address(other).rstrip("/").rpartition("/")[2] or layout.address(other)
        assert re.search(rf'href="[^"]*{re.escape(address)}/"', page), (other, address)


@pytest.fixture(scope="module")
def long_base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Renderer, list]:
    """One more case study than a page of the case lists holds, and one more source than
    a page of the bibliography."""
    return _copies(tmp_path_factory.mktemp("paging"), indexes.CASES_PER_PAGE + 1,
                   sources=indexes.SOURCES_PER_PAGE + 1)


def test_the_limits_are_those_the_pages_were_sized_for() -> None:
    # Lowering a limit makes more pages, raising it makes pages too heavy (paging.py):
    # a change of a limit is a decision, taken here too.
    assert (indexes.CASES_PER_PAGE, indexes.SOURCES_PER_PAGE) == (1000, 500)
    assert (comparisons.MATRIX_ROWS_PER_PAGE, comparisons.AUDIENCE_ROWS, comparisons.GROUP_LINKS) == (500, 100, 100)


def test_the_case_index_is_cut_after_its_limit(long_base) -> None:
    renderer, cases = long_base
    pages = _pages(renderer, "index_pages")
    names = [case.slug for case in cases]
    _assert_split(pages, layout.CASES_INDEX, layout.list_page(layout.CASES_INDEX, 2), names,
                  indexes.CASES_PER_PAGE)


def test_a_keyword_page_is_cut_after_its_limit(long_base) -> None:
    renderer, cases = long_base
    pages = _pages(renderer, "index_pages")
    tag = renderer.site.tags[0]
    _assert_split(pages, tag.src, layout.list_page(tag.src, 2), [case.slug for case in cases],
                  indexes.CASES_PER_PAGE)


def test_the_bibliography_is_cut_after_its_limit(long_base) -> None:
    renderer, _ = long_base
    pages = _pages(renderer, "index_pages")
    first, second = layout.BIBLIOGRAPHY, layout.list_page(layout.BIBLIOGRAPHY, 2)
    assert layout.list_page(first, 3) not in pages
    # By address: the pager names the first and last titles of every page.
    urls = [f"example.org/source-{n}/" for n in range(1, indexes.SOURCES_PER_PAGE + 2)]
    assert [url for url in urls if url in pages[first]] == urls[:indexes.SOURCES_PER_PAGE]
    assert [url for url in urls if url in pages[second]] == urls[indexes.SOURCES_PER_PAGE:]


def test_the_platforms_matrix_is_cut_after_its_limit(long_base) -> None:
    renderer, cases = long_base
    pages = _pages(renderer, "comparison_pages")
    first = layout.PLATFORMS_MATRIX
    second = layout.list_page(first, 2)
    limit = comparisons.MATRIX_ROWS_PER_PAGE
    names = [case.slug for case in cases]
    assert layout.list_page(first, 3) in pages and layout.list_page(first, 4) not in pages  # 1001 rows of 500
    assert _linked(pages[first], names) == names[:limit]
    assert _linked(pages[second], names) == names[limit:2 * limit]
