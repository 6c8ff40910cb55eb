"""The trainer's answer key of a training module: its own page, linked from the module
page, never printed in the participants' handout."""

from __future__ import annotations

from pathlib import Path

from generator import layout
from generator.project.project import Project
from generator.write.generate import generate

from ..write.test_permalinks import MODULE, _fixture_project

EXERCISES = """\
exercises:
  - question: "Que mesure le chiffre de la fiche ?"
    answer: "Un nombre de fans, sans date connue."
last_reviewed: 2026-01-15
"""


def _with_exercises(tmp_path: Path) -> Project:
    project = _fixture_project(tmp_path)
    module = project.modules_dir / "essai.md"
    module.write_text(MODULE.replace("last_reviewed: 2026-01-15\n", EXERCISES), encoding="utf-8")
    assert not generate(project).failed
    return project


def _read(project: Project, src: str) -> str:
    return (project.out_dir / layout.written(src)).read_text(encoding="utf-8")


def test_answer_key_has_questions_and_answers(tmp_path: Path) -> None:
    project = _with_exercises(tmp_path)
    key = _read(project, "formations/essai/corrige.md")
    assert "**Que mesure le chiffre de la fiche ?**" in key
    assert "Un nombre de fans, sans date connue\\." in key
    assert "[support imprimable](../support/index.md)" in key


def test_module_page_links_the_answer_key_and_lists_questions(tmp_path: Path) -> None:
    course = _read(_with_exercises(tmp_path), "formations/essai.md")
    assert "[corrigé des exercices](corrige/index.md)" in course
    assert "- Que mesure le chiffre de la fiche ?" in course
    assert "sans date connue" not in course


def test_handout_has_questions_but_no_answers(tmp_path: Path) -> None:
    handout = _read(_with_exercises(tmp_path), "formations/essai/support.md")
    assert "1. Que mesure le chiffre de la fiche ?" in handout
    assert "sans date connue" not in handout and "corrige" not in handout


def test_no_answer_key_without_exercises(tmp_path: Path) -> None:
    project = _fixture_project(tmp_path)
    assert not generate(project).failed
    assert not (project.out_dir / layout.written("formations/essai/corrige.md")).exists()
    assert "corrige/" not in _read(project, "formations/essai.md")


def test_exercise_without_answer_is_an_error(tmp_path: Path) -> None:
    project = _fixture_project(tmp_path)
    broken = EXERCISES.replace('    answer: "Un nombre de fans, sans date connue."\n', "")
    (project.modules_dir / "essai.md").write_text(MODULE.replace("last_reviewed: 2026-01-15\n", broken),
                                                 encoding="utf-8")
    outcome = generate(project)
    found = [p for p in outcome.problems if p.code == "E302"]
    assert found and found[0].path == "curricula/essai.md" and "answer" in found[0].message
