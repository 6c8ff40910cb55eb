"""Every committed case study is valid: no error, no warning, checked together."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from generator.check.record import Result, validate
from generator.load.load import load_paths
from generator.problems import format_text

ROOT = Path(__file__).parents[2]
CASES_DIR = ROOT / "casestudies"
CASE_FILES = sorted(CASES_DIR.glob("*.md"))


@cache
def collection() -> Result:
    """The whole folder validated at once, as `smg validate` does (related, aliases, slugs)."""
    return validate(load_paths(CASE_FILES, root=ROOT))


def test_there_are_case_studies() -> None:
    assert CASE_FILES, f"no case study in {CASES_DIR}"


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.name for p in CASE_FILES])
def test_case_study_is_valid(path: Path) -> None:
    name = path.relative_to(ROOT).as_posix()
    problems = [format_text(p) for p in collection().problems if p.path == name]
    assert problems == [], "\n".join(problems)


def test_every_case_study_is_loaded_as_a_case() -> None:
    assert sorted(case.slug for case in collection().cases) == sorted(p.stem for p in CASE_FILES)


def test_no_problem_outside_the_files() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in CASE_FILES}
    assert [format_text(p) for p in collection().problems if p.path not in names] == []
