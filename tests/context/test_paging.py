"""Long lists cut into pages: addresses, ranges, and every row on exactly one page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import layout
from generator.context import paging
from generator.render import comparisons, indexes
from generator.write.generate import generate

from ..sitekit import FIXTURES, make_project


def test_pages_keep_the_first_address_and_sit_beside_it() -> None:
    assert layout.list_page("cas/index.md", 1) == "cas/index.md"
    assert layout.list_page("cas/index.md", 3) == "cas/pages/3.md"
    assert layout.list_page("comparaisons/plateformes.md", 2) == "comparaisons/plateformes/2.md"


def test_every_item_is_on_exactly_one_page_with_its_range() -> None:
    items = [f"Titre {n:02d}" for n in range(25)]
    pages = paging.paginate("cas/index.md", items, 10, str)
    assert [len(p.items) for p in pages] == [10, 10, 5]
    assert [item for page in pages for item in page.items] == items
    assert (pages[1].first, pages[1].last) == ("Titre 10", "Titre 19")
    assert paging.paginate("cas/index.md", [], 10, str)[0].items == []


def test_long_labels_are_shortened() -> None:
    page = paging.paginate("x.md", ["a" * 100], 1, str)[0]
    assert len(page.first) == paging.LABEL_LENGTH and page.first.endswith("…")


@pytest.fixture()
def paged_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The render fixtures (two public case studies) with one row per page."""
    monkeypatch.setattr(indexes, "CASES_PER_PAGE", 1)
    monkeypatch.setattr(comparisons, "MATRIX_ROWS_PER_PAGE", 1)
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    outcome = generate(project)
    assert not outcome.failed, outcome.problems
    return project.out_dir


def test_case_list_and_matrices_are_paged_and_linked(paged_tree: Path) -> None:
    for first, second in (("cas/index.md", "cas/pages/2.md"),
                          ("comparaisons/plateformes.md", "comparaisons/plateformes/2.md"),
                          ("comparaisons/angles-pratiques.md", "comparaisons/angles-pratiques/2.md")):
        one = (paged_tree / layout.written(first)).read_text("utf-8")
        two = (paged_tree / layout.written(second)).read_text("utf-8")
        assert 'aria-current="page">1<' in one and 'aria-current="page">2<' in two
        assert "(page 2)" in two and "(page 2)" not in one
        links = [re.findall(r'href="([^"]*/cas/[a-z]+/)"', page) for page in (one, two)]
        assert len(links[0]) == len(links[1]) == 1 and links[0] != links[1]  # one case per page
    assert not (paged_tree / layout.written("cas/pages/3.md")).exists()


def test_matrix_totals_count_every_page(paged_tree: Path) -> None:
    second = (paged_tree / layout.written("comparaisons/plateformes/2.md")).read_text("utf-8")
    assert "Total (toutes les pages)" in second
    assert "<td>2</td>" in second  # both fixture cases use Twitter


def test_one_page_lists_have_no_pager(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    assert not generate(project).failed
    assert "smg-pager" not in (project.out_dir / "cas/index.md").read_text("utf-8")
    assert not (project.out_dir / "cas/pages").exists()


def test_large_audience_groups_get_their_own_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(comparisons, "AUDIENCE_ROWS", 1)
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    assert not generate(project).failed
    groups = sorted((project.out_dir / "comparaisons" / "audiences").glob("*/index.md"))
    assert groups, "a group of two figures goes over one row"
    summary = (project.out_dir / layout.written("comparaisons/audiences.md")).read_text("utf-8")
    assert f"{groups[0].parent.name}/index.md" in summary and "Les 1 plus grandes valeurs" in summary
    assert groups[0].read_text("utf-8").count("<tr>") == 2 + 1  # header row and both figures


def test_facet_value_and_keyword_pages_are_paged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(indexes, "CASES_PER_PAGE", 1)
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    beta = project.cases_dir / "beta.md"
    beta.write_text(beta.read_text("utf-8").replace("tags: [régions]", "tags: [régions, Twitter]"), "utf-8")
    assert not generate(project).failed
    for first in ("cas/par-pays/fr.md", "cas/etiquettes/twitter.md"):  # both fixture cases are on each
        second = layout.list_page(first, 2)
        pages = [(project.out_dir / layout.written(name)).read_text("utf-8") for name in (first, second)]
        assert 'aria-current="page">2<' in pages[1] and "(page 2)" in pages[1]
        listed = [re.findall(r"^- \[.*?\]\(([^)]+)\)", page, re.MULTILINE) for page in pages]
        # Page 2 sits one folder deeper: its links climb one level more, to the same pages.
        assert listed == [["../../alpha/index.md"], ["../../../beta/index.md"]]
        assert "2 études de cas" in pages[1]  # the count is the whole list's
    assert not (project.out_dir / layout.written(layout.list_page("cas/etiquettes/twitter.md", 3))).exists()


def test_a_long_group_of_the_state_and_local_comparison_has_its_own_list(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(comparisons, "GROUP_LINKS", 0)
    monkeypatch.setattr(indexes, "CASES_PER_PAGE", 1)
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    assert not generate(project).failed
    summary = (project.out_dir / layout.written(layout.STATE_VS_LOCAL)).read_text("utf-8")
    groups = sorted((project.out_dir / "comparaisons" / "ministeres-collectivites").glob("*/index.md"))
    assert [group.parent.name for group in groups] == ["collectivites"]  # a city and the regions
    assert "2 études de cas, dont [la liste](collectivites/index.md) a sa propre page." in summary
    assert "[Alpha" not in summary  # the names are on the group's page, not here
    first = groups[0].read_text("utf-8")
    second = (project.out_dir / layout.written(layout.list_page(layout.state_local_group("collectivites"), 2)))
    assert "- [Alpha : une ville sur Twitter](../../../cas/alpha/index.md)" in first
    assert "- [Beta : panorama des régions](../../../../cas/beta/index.md)" in second.read_text("utf-8")
    assert "Retour à la comparaison État et collectivités" in first


def test_a_short_group_is_listed_on_the_comparison(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    assert not generate(project).failed
    summary = (project.out_dir / layout.written(layout.STATE_VS_LOCAL)).read_text("utf-8")
    assert "[Alpha : une ville sur Twitter](../../cas/alpha/index.md)" in summary
    assert not list((project.out_dir / "comparaisons" / "ministeres-collectivites").glob("*/"))
