"""A case study whose sources do not say which body acted leaves `level` empty: it is
listed under « Niveau non précisé », and no comparison counts it as State or local."""

from __future__ import annotations

from pathlib import Path

from generator import layout
from generator.write.generate import generate

from ..sitekit import FIXTURES, make_project


def _generate_without_level(tmp_path: Path) -> Path:
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    alpha = project.cases_dir / "alpha.md"
    alpha.write_text(alpha.read_text(encoding="utf-8").replace("level: commune", "level:"),
                     encoding="utf-8")
    assert not generate(project).failed
    return project.out_dir


def test_empty_level_has_its_own_index_page(tmp_path: Path) -> None:
    out = _generate_without_level(tmp_path)
    page = (out / layout.written("cas/par-niveau/non-precise.md")).read_text(encoding="utf-8")
    assert "Niveau non précisé par les sources" in page
    assert "alpha" in page
    assert not (out / layout.written("cas/par-niveau/commune.md")).exists()


def test_fiche_says_the_level_is_unknown(tmp_path: Path) -> None:
    out = _generate_without_level(tmp_path)
    page = (out / layout.written("cas/alpha.md")).read_text(encoding="utf-8")
    assert "non-precise" in page and "Niveau non précisé par les sources" in page
    assert "None" not in page


def test_state_comparison_leaves_it_out(tmp_path: Path) -> None:
    out = _generate_without_level(tmp_path)
    page = (out / layout.written("comparaisons/ministeres-collectivites.md")).read_text(encoding="utf-8")
    assert "alpha" not in page
