"""The exact French output of each command (stdout, stderr, exit code) on a small fixture
project, compared whole with tests/golden/cli/ (as sqlite-utils' tests do): one word changed
fails. `SMG_UPDATE_GOLDEN=1` rewrites the expected texts; review the diff before committing."""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from ..sitekit import FIXTURES, reviewed_on, small_project

SMG = Path(sys.executable).parent / "smg"  # the console script a contributor runs: its name in the help
GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "cli"
SUBCOMMANDS = ["build", "champs", "check-urls", "generate", "new", "serve", "validate"]
# The only thing that changes from one run to the next: how long a step took (« 0,86 s »).
_DURATION = re.compile(r"\b\d+,\d\d\u00a0s\b")
# Three mistakes a contributor makes: a misspelt key, an impossible date, an unknown platform.
MISTAKES = (("\nadministration: ", "\nadministation: "), ("date: 2011-07-05", "date: 2011-02-30"),
            ("platform: twitter", "platform: twiter"), ("aliases: [alpha-ville]", "aliases: []"))


def project_copy(tmp_path: Path) -> Path:
    """The small site, every case reviewed today: no review warning whatever the date."""
    project = small_project(tmp_path)
    reviewed_on(project, dt.date.today().isoformat())
    return project.root


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One project for the commands that write nothing."""
    return project_copy(tmp_path_factory.mktemp("sortie"))


def transcript(root: Path, *args: str, input: str | None = None) -> str:
    """What a terminal shows of `smg ARGS`: the command, its exit code, its two streams, with
    the project's path and the durations written the same on every run."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMG_TEST_")}
    env.update(COLUMNS="80", PYTHONUTF8="1")  # Click wraps help to the terminal's width
    done = subprocess.run([str(SMG), *args], cwd=root, input=input, capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=600)
    text = (f"$ {shlex.join(['smg', *args])}\n--- code de sortie : {done.returncode}\n"
            f"--- sortie standard :\n{done.stdout}--- sortie d'erreur :\n{done.stderr}")
    return _DURATION.sub("X,XX\u00a0s", text.replace(str(root), "<projet>"))


def assert_golden(name: str, text: str) -> None:
    expected = GOLDEN / f"{name}.txt"
    if os.environ.get("SMG_UPDATE_GOLDEN"):
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_text(text, encoding="utf-8")
    assert text == expected.read_text(encoding="utf-8")


def test_main_help(shared: Path) -> None:
    assert_golden("aide", transcript(shared, "--help"))


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_subcommand_help(shared: Path, command: str) -> None:
    assert_golden(f"aide-{command}", transcript(shared, command, "--help"))


def test_the_list_of_subcommands_is_complete() -> None:
    from generator.cli.commands import main

    assert sorted(main.commands) == SUBCOMMANDS


def test_validate_a_valid_project(shared: Path) -> None:
    assert_golden("validate-valide", transcript(shared, "validate"))


def test_validate_three_mistakes(tmp_path: Path) -> None:
    """A new case study (a copy of alpha) with the three mistakes: three lines, at their
    file, line and column, then the summary; the same whether the file is named or not."""
    root = project_copy(tmp_path)
    text = (FIXTURES / "render" / "casestudies" / "alpha.md").read_text(encoding="utf-8")
    for before, after in MISTAKES:
        assert text.count(before) == 1, before
        text = text.replace(before, after)
    (root / "casestudies" / "delta.md").write_text(text, encoding="utf-8")
    assert_golden("validate-trois-erreurs", transcript(root, "validate")
                  + transcript(root, "validate", "casestudies/delta.md"))


def test_new_with_options_and_with_answers(tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    given = transcript(root, "new", "--administration", "Ville de Delta", "--level", "commune",
                       "--country", "FR", "--title", "Delta : un essai")
    asked = transcript(root, "new", input="Ville d'Epsilon\ncommune\nFR\nEpsilon : un essai\n\n")
    assert_golden("new", given + asked)
    assert {p.name for p in (root / "casestudies").glob("*.md")} >= {"ville-de-delta.md", "ville-d-epsilon.md"}


@pytest.mark.slow
def test_build_a_valid_project(tmp_path: Path) -> None:
    assert_golden("build", transcript(project_copy(tmp_path), "build"))
