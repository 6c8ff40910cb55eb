"""tests/ mirrors generator/: one folder per stage folder of the package, and tests/README.md,
the table a newcomer reads to find the test of a behaviour, is current."""

from __future__ import annotations

from pathlib import Path

from . import readme

TESTS = Path(__file__).resolve().parent
GENERATOR = TESTS.parent / "generator"
# Besides the stages: whole-site checks in a browser and across engines.
OTHER_FOLDERS = {"browser", "engines", "fixtures", "golden", "__pycache__"}


def test_a_test_folder_per_stage_and_no_other() -> None:
    stages = {p.name for p in GENERATOR.iterdir() if (p / "__init__.py").is_file()}
    folders = {p.name for p in TESTS.iterdir() if p.is_dir()} - OTHER_FOLDERS
    assert folders == stages
    assert set(readme.FOLDERS) - {""} == stages | {"browser", "engines"}


def test_test_files_live_in_their_stage_folder() -> None:
    """Only the tests about the package as a whole stay at the top."""
    assert sorted(p.name for p in TESTS.glob("test_*.py")) == ["test_imports.py", "test_tests_layout.py"]


def test_every_test_file_says_what_it_checks() -> None:
    silent = [p.relative_to(TESTS).as_posix() for p in TESTS.rglob("test_*.py") if not readme.first_line(p)]
    assert silent == [], "ajoutez une docstring d'une phrase en tête de ces fichiers"


def test_readme_is_current() -> None:
    assert readme.README.read_text(encoding="utf-8") == readme.text(), \
        "tests/README.md n'est pas à jour : lancez « python -m tests.readme »"
