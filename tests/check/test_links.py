"""`smg validate` checks the links of guides and modules: pages (E507) and sections (E509)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ..conftest import smg_validate
from ..sitekit import FIXTURES, make_project

GUIDE = "docs/guides/mesurer-sa-presence.md"
MODULE = "curricula/lire-les-chiffres.md"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The real project, its modules and a draft, as the current directory."""
    built = make_project(tmp_path, curricula=True)
    shutil.copy(FIXTURES / "render" / "casestudies" / "gamma.md", built.cases_dir / "gamma.md")
    monkeypatch.chdir(built.root)
    return built.root


def append(project: Path, name: str, text: str) -> int:
    """Add a paragraph at the end of a file; returns its line number."""
    path = project / name
    before = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(f"{before}\n\n{text}\n", encoding="utf-8")
    return before.count("\n") + 3


def problems(output: str) -> list[str]:
    return [line for line in output.splitlines() if " E507 " in line or " E509 " in line]


def test_committed_guides_and_modules_have_no_broken_link(project: Path) -> None:
    result = smg_validate()
    assert problems(result.output) == [] and result.exit_code == 0, result.output


def test_link_to_a_missing_case_study_is_placed_and_suggested(project: Path) -> None:
    line = append(project, GUIDE, "Voir la fiche de [Lille](../cas/lilles.md).")
    result = smg_validate()
    assert result.exit_code == 1
    assert problems(result.output) == [
        f"{GUIDE}:{line}:26: E507 lien « ../cas/lilles.md » vers une page qui n'existe pas (cas/lilles.md). "
        "Vouliez-vous dire « ../cas/lille.md » ?"]


def test_link_to_a_draft_is_an_error(project: Path) -> None:
    line = append(project, MODULE, "Lire [le brouillon](../cas/gamma.md).")
    found = problems(smg_validate().output)
    assert len(found) == 1 and found[0].startswith(f"{MODULE}:{line}:21: E507 ")
    assert "brouillon (status: draft)" in found[0]


@pytest.mark.parametrize("link, page", [
    ("../cas/rennes.md#fichee", "cas/rennes.md"),  # a section of the case-study template
    ("../cas/rennes.md#demarches", "cas/rennes.md"),  # a heading of its narrative
    ("strategie-trois-angles.md#pourquoi-deux-angles", "guides/strategie-trois-angles.md"),
    ("../contribuer/format.md#un-exemple", "contribuer/format.md"),  # a hand-written page
    ("#nulle-part", "guides/mesurer-sa-presence.md"),  # the guide itself
])
def test_link_to_a_missing_section(link: str, page: str, project: Path) -> None:
    line = append(project, GUIDE, f"Voir [ici]({link}).")
    found = problems(smg_validate().output)
    assert len(found) == 1, found
    anchor = link.partition("#")[2]
    assert found[0].startswith(f"{GUIDE}:{line}:12: E509 lien « {link} » : la page {page} n'a pas de "
                               f"section « {anchor} »"), found[0]


@pytest.mark.parametrize("link", [
    "../cas/rennes.md#fiche", "../cas/rennes.md#demarche", "../cas/rennes.md#citer",
    "strategie-trois-angles.md#pourquoi-trois-angles", "strategie-trois-angles.md#etudes-de-cas",
    "../contribuer/format.md#un-exemple-complet", "#a-retenir", "../comparaisons/audiences.md#ce-qui-est-libre",
    "../cas/par-niveau/commune.md",  # decided by the data: left to the build
])
def test_existing_sections_and_pages_left_to_the_build_pass(link: str, project: Path) -> None:
    append(project, GUIDE, f"Voir [ici]({link}).")
    result = smg_validate()
    assert problems(result.output) == [], result.output


def test_links_in_code_are_not_links(project: Path) -> None:
    append(project, GUIDE, "```\n[exemple](../cas/absente.md)\n```\n\n`[autre](../cas/absente.md#x)`")
    assert problems(smg_validate().output) == []


def test_link_to_a_case_with_errors_reports_only_its_errors(project: Path) -> None:
    rennes = project / "casestudies/rennes.md"
    rennes.write_text(rennes.read_text(encoding="utf-8").replace("level: commune", "level: comune", 1),
                      encoding="utf-8")
    append(project, GUIDE, "Voir [Rennes](../cas/rennes.md#fiche).")
    result = smg_validate()
    assert result.exit_code == 1 and " E304 " in result.output
    assert problems(result.output) == []


def test_unreadable_hand_written_page_leaves_its_anchors_unchecked(project: Path) -> None:
    (project / "docs/contribuer/format.md").write_bytes("Titre\n\n## Section\n".encode("latin-1") + b"\xe9\xff\n")
    append(project, GUIDE, "Voir [ici](../contribuer/format.md#section-absente).")
    result = smg_validate()
    assert problems(result.output) == [], result.output


def test_nav_entry_to_no_page_is_found_by_validate(tmp_path: Path) -> None:
    """mkdocs.yml's nav leading nowhere: E507 at its line (MkDocs would stop in English)."""
    import yaml

    from generator.check.project import check as check_project
    from generator.render.pages import site_pages

    from ..sitekit import small_project

    project = small_project(tmp_path)
    config = yaml.safe_load(project.mkdocs_file.read_text(encoding="utf-8"))
    config["nav"] += [{"Perdue": "guides/perdue.md"}, {"Ailleurs": "https://exemple.org/"}, "cas/chronologie/index.md"]
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    project.mkdocs_file.write_text(text, encoding="utf-8")
    outcome, _ = check_project(project, site_pages=site_pages)
    line = text.splitlines().index("- Perdue: guides/perdue.md") + 1
    assert [(p.path, p.line, p.code) for p in outcome.problems if p.is_error] == [("mkdocs.yml", line, "E507")]
    assert "guides/perdue.md" in outcome.problems[0].message
