"""Uniqueness rules that no other test held: each test here failed with its rule removed.

Most identifier and address rules are covered by tests/check/test_addresses.py,
tests/check/test_bounds.py and tests/check/test_validate_codes.py; these are the rest."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.check.project import CheckMemo
from generator.check.project import check as check_project
from generator.context.site import build_site
from generator.project.project import Project
from generator.write.generate import generate
from generator.write.redirects import redirect_conflicts

from ..conftest import VALID, replace_once
from ..sitekit import FIXTURES, make_project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)


def test_a_curated_comparison_id_given_twice_is_reported_once(project: Project) -> None:
    """Two entries of comparaisons.yml with one id: E401 at the second, and not also
    E403 for the address /comparaisons/<id>/ that both would take: an id claims its
    address once (comparison_claims; case studies: test_addresses.py)."""
    project.comparisons_file.write_text(
        "comparisons:\n  - id: essai\n    title: T\n    cases: [alpha, beta]\n"
        "  - id: essai\n    title: U\n    cases: [alpha, beta]\n", encoding="utf-8")
    outcome, _ = check_project(project)
    assert [(p.path, p.line, p.code) for p in outcome.problems] == [("casestudies/comparaisons.yml", 5, "E401")]


@pytest.mark.parametrize("name", ["donnees/flux.xml", "donnees/etudes-de-cas.csv"])
def test_a_hand_written_file_named_like_a_generated_file(project: Project, name: str) -> None:
    """Only hand-written pages (.md) are checked before rendering; any other file of docs/
    on a generated file's path is found once the files are staged, and nothing is written."""
    target = project.docs_dir / name
    target.parent.mkdir(parents=True)
    target.write_text("écrit à la main\n", encoding="utf-8")
    outcome = generate(project)
    assert [(p.path, p.code) for p in outcome.problems] == [(f"docs/{name}", "E401")]
    assert "porte le nom d'une page générée" in outcome.problems[0].message
    assert not (project.out_dir / name).exists()


def test_a_former_address_that_is_a_page_of_the_site() -> None:
    """An alias whose address is also a written page (cas/ancien/index.md is the address
    cas/ancien/) is refused; the other aliases are not."""
    mapping = {"cas/ancien.md": "cas/rennes.md", "cas/libre.md": "cas/rennes.md"}
    pages = {"cas/ancien/index.md", "cas/rennes/index.md", "cas/libre.csv"}
    found = redirect_conflicts(mapping, pages)
    assert [(p.path, p.code) for p in found] == [("docs/cas/ancien.md", "E401")]
    assert "l'ancienne adresse cas/ancien.md (alias de cas/rennes.md)" in found[0].message


def test_every_spelling_of_a_keyword_gets_its_own_page(project: Project) -> None:
    """alpha's « Twitter », and « twitter » and « TWITTER » elsewhere: three keywords,
    three pages (a suffix counts up from -2 until the address is free)."""
    for name, tag in (("delta.md", "twitter"), ("epsilon.md", "TWITTER")):
        (project.cases_dir / name).write_text(replace_once(VALID, "tags: [Twitter]", f"tags: [{tag}]"),
                                              encoding="utf-8")
    outcome, inputs = check_project(project)
    assert not outcome.failed, outcome.problems
    pages = {entry.name: entry.src for entry in build_site(inputs.cases).tags}
    spellings = {name: page for name, page in pages.items() if name.lower() == "twitter"}
    assert sorted(spellings.values()) == ["cas/etiquettes/twitter-2.md", "cas/etiquettes/twitter-3.md",
                                          "cas/etiquettes/twitter.md"]
    assert len(set(pages.values())) == len(pages)


def test_the_memo_of_smg_serve_checks_the_collection_every_time(project: Project) -> None:
    """`smg serve` keeps each file's own checks (CheckMemo) but runs the checks across files
    on every call: an alias taken by another case study (E401) and a file named like a
    generated page (E403) are found on the first call and on the next, from the memo."""
    alpha = project.cases_dir / "alpha.md"
    alpha.write_text(replace_once(alpha.read_text(encoding="utf-8"), "aliases: [alpha-ville]", "aliases: [beta]"),
                     encoding="utf-8")
    (project.cases_dir / "par-niveau.md").write_text(VALID, encoding="utf-8")
    expected = [(p.path, p.code) for p in check_project(project)[0].problems]
    assert expected == [("casestudies/alpha.md", "E401"), ("casestudies/par-niveau.md", "E403")]
    memo = CheckMemo()
    for _ in range(2):
        assert [(p.path, p.code) for p in check_project(project, None, memo)[0].problems] == expected
