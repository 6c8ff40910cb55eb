"""A renamed case study that keeps its old identifier as an alias: every reference to the
old one names the current identifier, and no link is told to go to an index."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import smg_validate
from ..sitekit import make_project

OLD, NEW = "rennes", "rennes-ville"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The real project, its modules too, with rennes.md renamed and `rennes` kept as an alias."""
    built = make_project(tmp_path, curricula=True)
    old = built.cases_dir / f"{OLD}.md"
    text = old.read_text(encoding="utf-8")
    assert "\naliases: []\n" in text
    (built.cases_dir / f"{NEW}.md").write_text(text.replace("\naliases: []\n", f"\naliases: [{OLD}]\n"),
                                               encoding="utf-8")
    old.unlink()
    monkeypatch.chdir(built.root)
    return built.root


def problem_lines(output: str) -> list[str]:
    return output.splitlines()[:-1]


def test_every_reference_to_the_old_identifier_names_the_new_one(project: Path) -> None:
    result = smg_validate()
    lines = problem_lines(result.output)
    # The committed base cites rennes in related (3 files), a comparison, a module and two guides.
    assert [line.split(" ", 2)[:2] for line in lines] == [
        ["casestudies/bordeaux.md:52:11:", "E402"],
        ["casestudies/nantes.md:38:11:", "E402"],
        ["casestudies/useo-twitter-villes-2010.md:50:11:", "E402"],
        ["casestudies/comparaisons.yml:9:13:", "E402"],
        ["curricula/decouvrir-les-trois-angles.md:14:11:", "E402"],
        ["docs/guides/strategie-trois-angles.md:194:12:", "E507"],
        ["docs/guides/twitter-collectivite.md:51:12:", "E507"],
    ]
    for line in lines[:5]:
        assert line.endswith(f"« {OLD} » est l'ancien identifiant (alias) de l'étude de cas « {NEW} » ; "
                             f"écrivez « {NEW} »."), line
    for line in lines[5:]:
        assert line.endswith(f"lien « ../cas/{OLD}.md » vers l'ancienne adresse d'une étude de cas renommée "
                             f"(cas/{OLD}.md) ; écrivez « ../cas/{NEW}.md », son adresse actuelle."), line
    assert result.exit_code == 1


def test_a_case_study_citing_its_own_former_identifier_cites_itself(project: Path) -> None:
    path = project / "casestudies" / f"{NEW}.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nrelated: [nantes,", f"\nrelated: [{OLD}, nantes,", 1), encoding="utf-8")
    lines = [line for line in problem_lines(smg_validate().output) if line.startswith(f"casestudies/{NEW}.md")]
    assert len(lines) == 1
    assert lines[0].endswith("une étude de cas ne peut pas se citer elle-même.")


def test_a_mistyped_case_link_is_never_sent_to_the_index(project: Path) -> None:
    """« indx.md » is nearest to the index page (cas/index.md) by its letters, but a link
    to a case study is offered case studies only."""
    guide = project / "docs" / "guides" / "twitter-collectivite.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\nVoir [la liste](../cas/indx.md).\n", encoding="utf-8")
    (line,) = [line for line in problem_lines(smg_validate().output) if "indx.md" in line]
    assert "lien « ../cas/indx.md » vers une page qui n'existe pas (cas/indx.md)." in line
    assert "index.md" not in line
