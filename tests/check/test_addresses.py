"""Addresses decided before rendering: no alias, identifier or page takes another page's
address (E403), found by `smg validate` at the real file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import layout
from generator.check import addresses
from generator.check.project import check as check_project
from generator.cli import commands as cli
from generator.cli import scaffold
from generator.context.site import build_site
from generator.project.project import Project
from generator.project.siteconfig import SiteConfig
from generator.render import Renderer
from generator.write.generate import generate

from ..conftest import VALID, check, replace_once
from ..sitekit import FIXTURES, make_project

GUIDE = ("---\ntitle: Un guide\ndescription: Un guide pour essayer.\nlast_reviewed: 2026-01-15\n"
         "{extra}---\n\nTexte du guide.\n")
MODULE = ("---\ntitle: Un module\ndescription: Un module.\naudience: Tous.\nduration: 1 heure\n"
          "objectives: [Comprendre]\nsequence:\n  - guide: {guide}\n    activity: Lire.\n"
          "last_reviewed: 2026-01-15\n{extra}---\n\nTexte.\n")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)


def e403(project: Project) -> list[tuple[str, int, int]]:
    outcome, _ = check_project(project)
    return [(p.path, p.line, p.column) for p in outcome.problems if p.code == "E403"]


def with_aliases(aliases: str) -> str:
    return replace_once(VALID, "related: []", f"related: []\naliases: [{aliases}]")


@pytest.mark.parametrize("alias, page", [
    ("par-niveau", "cas/par-niveau/index.md"), ("par-pays", "cas/par-pays/index.md"),
    ("par-annee", "cas/par-annee/index.md"), ("index", "cas/index.md"),
    ("etiquettes", "cas/etiquettes.md"),
])
def test_alias_of_a_generated_page(alias: str, page: str, write_case, tmp_path: Path) -> None:
    found = check([write_case("rennes.md", with_aliases(alias))], tmp_path)
    assert [(p.line, p.column, p.code) for p in found] == [(33, 11, "E403")]
    assert f"déjà prise par la page générée {page}" in found[0].message
    assert f"l'alias « {alias} »" in found[0].message


@pytest.mark.parametrize("name", ["par-niveau", "index", "etiquettes", "par-pratique"])
def test_case_file_named_like_a_generated_page(name: str, write_case, tmp_path: Path) -> None:
    found = check([write_case(f"{name}.md", VALID)], tmp_path)
    assert [(p.path, p.line, p.column, p.code) for p in found] == [(f"{name}.md", 1, 1, "E403")]
    assert f"le nom de fichier « {name}.md »" in found[0].message


def test_alias_that_an_other_case_study_uses_stays_e401(write_case, tmp_path: Path) -> None:
    first = write_case("rennes.md", with_aliases("nantes"))
    second = write_case("nantes.md", VALID)
    found = check([first, second], tmp_path)
    assert [p.code for p in found] == ["E401"]  # one report, not two


@pytest.mark.parametrize("slug", ["plateformes", "index", "audiences", "adoption", "angles-pratiques",
                                  "ministeres-collectivites"])
def test_comparison_id_of_a_generated_page(slug: str, project: Project) -> None:
    project.comparisons_file.write_text(
        f"comparisons:\n  - id: ok\n    title: T\n    cases: [alpha, beta]\n"
        f"  - id: {slug}\n    title: T\n    cases: [alpha, beta]\n", encoding="utf-8")
    assert e403(project) == [("casestudies/comparaisons.yml", 5, 9)]


def test_case_on_the_address_of_a_hand_written_page(project: Project) -> None:
    (project.docs_dir / "cas").mkdir()
    (project.docs_dir / "cas" / "ancienne.md").write_text("# Page\n", encoding="utf-8")
    alpha = project.cases_dir / "alpha.md"
    text = alpha.read_text(encoding="utf-8")
    alpha.write_text(replace_once(text, "aliases: [alpha-ville]", "aliases: [alpha-ville, ancienne]"),
                     encoding="utf-8")
    line = alpha.read_text(encoding="utf-8").splitlines().index("aliases: [alpha-ville, ancienne]") + 1
    assert e403(project) == [("casestudies/alpha.md", line, 24)]


def test_hand_written_page_on_a_generated_address(project: Project) -> None:
    (project.docs_dir / "cas.md").write_text("# Cas\n", encoding="utf-8")  # the address cas/
    (project.docs_dir / "donnees").mkdir()
    (project.docs_dir / "donnees" / "index.md").write_text("# Données\n", encoding="utf-8")
    assert e403(project) == [("docs/cas.md", 1, 1), ("docs/donnees/index.md", 1, 1)]


def test_two_hand_written_pages_on_one_address(project: Project) -> None:
    (project.docs_dir / "aide.md").write_text("# Aide\n", encoding="utf-8")
    (project.docs_dir / "aide").mkdir()
    (project.docs_dir / "aide" / "index.md").write_text("# Aide\n", encoding="utf-8")
    assert e403(project) == [("docs/aide/index.md", 1, 1)]


def test_guide_alias_of_an_other_guide_and_of_the_guides_index(project: Project) -> None:
    guides = project.docs_dir / "guides"
    guides.mkdir()
    (guides / "index.md").write_text("# Guides\n", encoding="utf-8")
    (guides / "premier.md").write_text(GUIDE.format(extra="aliases: [second, index]\n"), encoding="utf-8")
    (guides / "second.md").write_text(GUIDE.format(extra=""), encoding="utf-8")
    assert e403(project) == [("docs/guides/premier.md", 5, 11), ("docs/guides/premier.md", 5, 19)]


def test_module_alias_and_handout(project: Project) -> None:
    guides = project.docs_dir / "guides"
    guides.mkdir()
    (guides / "guide.md").write_text(GUIDE.format(extra=""), encoding="utf-8")
    project.modules_dir.mkdir()
    (project.modules_dir / "un.md").write_text(MODULE.format(guide="guide", extra="aliases: [deux]\n"),
                                               encoding="utf-8")
    (project.modules_dir / "deux.md").write_text(MODULE.format(guide="guide", extra=""), encoding="utf-8")
    (project.docs_dir / "formations").mkdir()
    (project.docs_dir / "formations" / "deux").mkdir()
    (project.docs_dir / "formations" / "deux" / "support.md").write_text("# Support\n", encoding="utf-8")
    assert e403(project) == [("curricula/deux.md", 1, 1), ("curricula/un.md", 11, 11)]


def test_fixed_pages_are_those_an_empty_site_renders() -> None:
    """layout.FIXED_PAGES, the addresses checking reserves, is what the renderer writes for
    a base without any document: a page the renderer starts to generate fails here until
    it is listed (as the committed JSON Schema is checked against the models)."""
    config = SiteConfig(site_url="https://exemple.invalid/", repo_url="https://exemple.invalid/depot")
    rendered = tuple(sorted(path for path, _ in Renderer(build_site([]), config).site_pages()))
    assert rendered == layout.FIXED_PAGES


def test_every_fixed_page_is_reserved(write_case, tmp_path: Path) -> None:
    """An alias on any fixed page's address is refused (E403), and `smg new` refuses the name."""
    names = [page.removeprefix("cas/").removesuffix(".md").removesuffix("/index")
             for page in layout.FIXED_PAGES if page.startswith("cas/") and page.count("/") <= 2]
    assert names and set(names) <= addresses.reserved_slugs(layout.CASES)
    for name in names:
        found = check([write_case("rennes.md", with_aliases(name))], tmp_path)
        assert [(p.line, p.code) for p in found] == [(33, "E403")], name
        with pytest.raises(scaffold.ScaffoldError):
            scaffold.check_slug(name, tmp_path)


def test_reserved_pages_are_pages_the_build_writes(project: Project) -> None:
    outcome = generate(project)
    assert not outcome.failed, outcome.problems
    written = {p.relative_to(project.out_dir).as_posix() for p in project.out_dir.rglob("*") if p.is_file()}
    assert {layout.written(page) for page in layout.FIXED_PAGES} <= written


def test_smg_validate_names_the_file_and_line(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    alpha = project.cases_dir / "alpha.md"
    alpha.write_text(replace_once(alpha.read_text(encoding="utf-8"), "aliases: [alpha-ville]",
                                  "aliases: [par-niveau]"), encoding="utf-8")
    line = alpha.read_text(encoding="utf-8").splitlines().index("aliases: [par-niveau]") + 1
    project.comparisons_file.write_text("comparisons:\n  - id: index\n    title: T\n    cases: [alpha, beta]\n",
                                        encoding="utf-8")
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(cli.main, ["validate"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if " E403 " in line]
    assert [item.split(": E403")[0] for item in lines] == [f"casestudies/alpha.md:{line}:11",
                                                          "casestudies/comparaisons.yml:2:9"]


@pytest.mark.parametrize("keyword", ["index", "Index"])
def test_keyword_whose_page_is_a_generated_page(keyword: str, write_case, tmp_path: Path) -> None:
    """A keyword's page (/cas/etiquettes/<keyword>/) must not take the keyword index's address."""
    text = VALID.replace("tags: [", f"tags: [{keyword}, ", 1)
    found = check([write_case("rennes.md", text)], tmp_path)
    line = text.split("\n---\n")[0].count("\n", 0, text.index("tags: [")) + 1
    assert [(p.line, p.code) for p in found] == [(line, "E403")]
    assert f"le mot-clé « {keyword} »" in found[0].message and "cas/etiquettes.md" in found[0].message


def test_one_keyword_on_many_case_studies_shares_its_page(write_case, tmp_path: Path) -> None:
    cases = [write_case(f"{slug}.md", VALID.replace("tags: [", "tags: [twitter, Twitter, ", 1))
             for slug in ("rennes", "nantes")]
    assert [p for p in check(cases, tmp_path) if p.code == "E403"] == []
