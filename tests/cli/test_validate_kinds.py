"""`smg validate FILE` checks each kind of file by its own rules (case study, comparisons,
guide, module, file of docs/, settings) and refuses any other kind (E109)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ..conftest import smg_validate
from ..sitekit import ROOT, small_project

GUIDE = "docs/guides/mesurer-sa-presence.md"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The small site (fixture case studies, real hand-written pages), as the current directory."""
    root = small_project(tmp_path).root
    monkeypatch.chdir(root)
    return root


def test_the_comparisons_file_is_checked_as_comparisons(project: Path) -> None:
    result = smg_validate("casestudies/comparaisons.yml")
    assert (result.exit_code, result.output) == (0, "1 fichier vérifié, 0 erreur, 0 avertissement.\n")


def test_a_comparison_id_given_twice_is_one_error_at_the_second(project: Path) -> None:
    (project / "casestudies" / "comparaisons.yml").write_text(
        "comparisons:\n  - id: essai\n    title: T\n    cases: [alpha, beta]\n"
        "  - id: essai\n    title: U\n    cases: [alpha, beta]\n", encoding="utf-8")
    result = smg_validate("casestudies/comparaisons.yml")
    assert result.output == (
        "casestudies/comparaisons.yml:5:9: E401 comparaisons (comparisons), 2e entrée, identifiant (id) : "
        "identifiant « essai » en double.\n"
        "1 fichier vérifié, 1 erreur, 0 avertissement.\n")
    assert result.exit_code == 1


def test_a_guide_is_checked_as_a_guide_and_alone(project: Path) -> None:
    guide = project / GUIDE
    guide.write_text(guide.read_text(encoding="utf-8") + "\n[Ailleurs](absente.md)\n", encoding="utf-8")
    lines = guide.read_text(encoding="utf-8").count("\n")
    # Another file's mistake is not this run's business.
    (project / "casestudies" / "alpha.md").write_text("rien\n", encoding="utf-8")
    result = smg_validate(GUIDE)
    assert result.output == (
        f"{GUIDE}:{lines}:12: E507 lien « absente.md » vers une page qui n'existe pas (guides/absente.md).\n"
        "1 fichier vérifié, 1 erreur, 0 avertissement.\n")


def test_a_module_is_checked_as_a_module(project: Path) -> None:
    (project / "curricula").mkdir()
    module = project / "curricula" / "lire-les-chiffres.md"
    shutil.copy(ROOT / "curricula" / "lire-les-chiffres.md", module)
    result = smg_validate("curricula/lire-les-chiffres.md")
    codes = {line.split(" ")[1] for line in result.output.splitlines()[:-1]}
    assert codes == {"E402"}, result.output  # the fixture base lacks its case studies; no E301 of a case study
    assert "étude de cas (case) : aucune étude de cas publiée « lille » dans casestudies/." in result.output


def test_a_hand_written_page_is_checked_as_a_page(project: Path) -> None:
    (project / "docs" / "statique.html").write_text("<script>alert(4)</script>", encoding="utf-8")
    result = smg_validate("docs/statique.html", "docs/a-propos.md")
    lines = result.output.splitlines()
    assert [line.split(" ", 2)[:2] for line in lines[:-1]] == [["docs/statique.html:1:1:", "E108"]]
    assert lines[-1] == "2 fichiers vérifiés, 1 erreur, 0 avertissement."


def test_the_settings_are_a_kind_of_file(project: Path) -> None:
    result = smg_validate("mkdocs.yml")
    assert (result.exit_code, result.output) == (0, "1 fichier vérifié, 0 erreur, 0 avertissement.\n")


@pytest.mark.parametrize("name", ["notes.txt", "README.md", "casestudies/../LISEZMOI.md"])
def test_any_other_file_is_refused_with_its_reason(project: Path, name: str) -> None:
    (project / Path(name).name).write_text("# Notes\n", encoding="utf-8")
    result = smg_validate(name, "casestudies/alpha.md")
    assert result.output == (
        f"{name}:1:1: E109 smg validate ne sait pas vérifier ce type de fichier. Il vérifie les études de cas "
        "(fichiers .md de casestudies/), casestudies/comparaisons.yml, les guides (docs/guides/), les modules "
        "(curricula/), les autres fichiers de docs/ et les réglages (mkdocs.yml), depuis le dossier du projet.\n"
        "2 fichiers vérifiés, 1 erreur, 0 avertissement.\n")
    assert result.exit_code == 1


def test_a_draft_outside_the_project_is_a_case_study(project: Path, tmp_path: Path) -> None:
    draft = tmp_path / "brouillon.md"
    draft.write_text("rien\n", encoding="utf-8")
    result = smg_validate(str(draft))
    assert f"{draft.as_posix()}:1:1: E103 " in result.output
