"""The README's set-up block is what CI runs: its shape is checked here, not assumed."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def setup_commands() -> list[str]:
    """The lines of README.md's first fenced code block, as .ci/run reads them."""
    script = "awk '/^```/{if (inside) exit; inside=1; next} inside' README.md"
    result = subprocess.run(["bash", "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    return result.stdout.splitlines()


def test_readme_starts_with_the_setup_block() -> None:
    assert (ROOT / "README.md").read_text(encoding="utf-8").startswith("```")


def test_setup_block_builds_then_tests_in_a_fresh_virtualenv() -> None:
    build, tests = setup_commands()
    for command in (build, tests):
        assert command.startswith("python3 -m venv .venv && .venv/bin/pip install -e ")
    assert build.endswith(".venv/bin/smg build")
    assert "'.[test]'" in tests and tests.endswith(".venv/bin/python -m pytest")


def test_ci_runs_the_readme_block_not_a_line_number() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "awk '/^```/{if (inside) exit; inside=1; next} inside' README.md" in ci
    assert "sed -n" not in ci


def test_code_layout_names_every_module() -> None:
    """The README's table of modules is the map a newcomer reads: a new module goes in it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("### Organisation du code", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`([a-z_]+)`", table))
    package = ROOT / "generator"
    modules = {p.stem for p in package.rglob("*.py")} - {"__init__", "__main__"}
    rows = {row.split("`")[1].rstrip("/"): row for row in table.splitlines() if row.startswith("| `")}
    for folder in (p for p in package.iterdir() if (p / "__init__.py").is_file()):
        own = {p.stem for p in folder.glob("*.py")} - {"__init__", "__main__"}
        row = set(re.findall(r"`([a-z_]+)`", rows.get(folder.name, "")))
        assert own <= row, f"README.md : la ligne de {folder.name}/ ne nomme pas {sorted(own - row)}"
    missing = modules - named
    assert not missing, f"modules absent de « Organisation du code » dans README.md : {sorted(missing)}"
    assert not named - modules, f"modules qui n'existent plus : {sorted(named - modules)}"
