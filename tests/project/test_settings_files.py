"""The project's own settings files are checked like case studies: the practices
vocabulary (generator/data/practices.yml) and mkdocs.yml, read through MkDocs' loader.
No command shows a traceback on a broken one, and `smg serve` sees a new practice
without a restart."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from generator import layout
from generator.check.project import check as check_project
from generator.format import vocab
from generator.project import siteconfig
from generator.project.project import Project
from generator.write.generate import generate

from ..sitekit import FIXTURES, ROOT, make_project

PRACTICES = "generator/data/practices.yml"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    (project.root / PRACTICES).parent.mkdir(parents=True)
    shutil.copy(ROOT / PRACTICES, project.root / PRACTICES)
    return project


def _edit(project: Project, rel: str, change: Callable[[str], str]) -> None:
    path = project.root / rel
    text = path.read_text(encoding="utf-8")
    changed = change(text)
    assert changed != text
    path.write_text(changed, encoding="utf-8")


def _line_of(project: Project, rel: str, needle: str) -> int:
    lines = (project.root / rel).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


BROKEN: dict[str, tuple[str, Callable[[str], str], str, str]] = {
    # name: (file, change, code, what the line holds)
    "practices-syntax": (PRACTICES, lambda t: t.replace("  - term: promotion-territoriale",
                                                        "  - term: promotion: territoriale", 1),
                         "E201", "term: promotion: territoriale"),
    "practices-no-definition": (PRACTICES, lambda t: t.replace(
        "    definition: Faire connaître un territoire ou un pays grâce aux réseaux sociaux.\n", "", 1),
        "E302", "term: promotion-territoriale"),
    "practices-twice": (PRACTICES, lambda t: t.replace("  - term: promotion-territoriale",
                                                       "  - term: comptes-thematiques", 1),
                        "E401", "term: comptes-thematiques\n"),
    "practices-not-a-list": (PRACTICES, lambda t: t.replace("practices:\n", "pratiques:\n", 1), "E301",
                             "pratiques:"),
    "mkdocs-no-repo-url": ("mkdocs.yml", lambda t: "\n".join(
        line for line in t.splitlines() if not line.startswith("repo_url:")) + "\n", "E302", ""),
    "mkdocs-syntax": ("mkdocs.yml", lambda t: t.replace("site_name: Social Media Gouvernance",
                                                        "site_name: [Social Media Gouvernance", 1),
                      "E201", ""),
    "mkdocs-review-period": ("mkdocs.yml", lambda t: t.replace("review_period_years: 2",
                                                              "review_period_years: deux", 1),
                             "E303", "review_period_years: deux"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_settings_file_is_reported_at_its_line(name: str, project: Project) -> None:
    rel, change, code, needle = BROKEN[name]
    _edit(project, rel, change)
    outcome, _ = check_project(project)
    found = [p for p in outcome.problems if p.path == rel]
    assert [p.code for p in found] == [code], found
    if needle and "\n" not in needle:
        assert found[0].line == _line_of(project, rel, needle)
    assert generate(project).failed


def test_a_term_used_twice_points_at_the_second(project: Project) -> None:
    _edit(project, PRACTICES, BROKEN["practices-twice"][1])
    outcome, _ = check_project(project)
    lines = [n for n, line in enumerate((project.root / PRACTICES).read_text().splitlines(), 1)
             if line == "  - term: comptes-thematiques"]
    assert [p.line for p in outcome.problems if p.code == "E401"] == [lines[1]]


def _smg(project: Project, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=project.root,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("name", ["practices-syntax", "practices-no-definition", "mkdocs-no-repo-url",
                                  "mkdocs-syntax"])
def test_no_command_shows_a_traceback(name: str, project: Project) -> None:
    rel, change, code, _ = BROKEN[name]
    _edit(project, rel, change)
    for args in (["--help"], ["new", "--help"], ["check-urls", "--help"]):
        result = _smg(project, *args)
        assert result.returncode == 0 and "Traceback" not in result.stderr, (args, result.stderr)
    for args in (["validate"], ["generate"], ["build", "--no-offline"]):
        result = _smg(project, *args)
        assert result.returncode == 1, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stdout + result.stderr
        assert f"{rel}:" in result.stdout and f": {code} " in result.stdout, (args, result.stdout)
    assert not project.site_dir.exists()


def test_env_values_are_read_as_mkdocs_reads_them(project: Project,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    _edit(project, "mkdocs.yml", lambda t: t.replace("site_name: Social Media Gouvernance",
                                                     "site_name: !ENV [SMG_SITE_NAME, Base SMG]", 1))
    monkeypatch.setenv("SMG_SITE_NAME", "Base des collectivités")
    assert not generate(project).failed
    assert project.config().site_name == "Base des collectivités"


def test_python_m_generator_runs_every_command(project: Project) -> None:
    for module in ("generator", "generator.cli"):
        result = subprocess.run([sys.executable, "-m", module, "check-urls", "--help"], cwd=project.root,
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0 and "ANCIEN_MANIFESTE" in result.stdout, result.stderr


def test_a_practice_added_while_serving_is_known_at_the_next_run(project: Project) -> None:
    # smg serve regenerates in the same process: the vocabulary is read per run.
    assert not generate(project).failed
    _edit(project, PRACTICES, lambda t: t + "  - term: nouvelle-pratique\n    label: Nouvelle pratique\n"
                                            "    definition: Une pratique ajoutée pendant que le site est servi.\n")
    _edit(project, "casestudies/alpha.md", lambda t: t.replace("practices: [", "practices: [nouvelle-pratique, ", 1))
    outcome = generate(project)
    assert not outcome.failed, outcome.problems
    assert (project.out_dir / layout.written("cas/par-pratique/nouvelle-pratique.md")).is_file()
    vocab.use_practices()  # back to the package's vocabulary for the next tests


def test_mkdocs_yml_is_read_once_per_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every step of a generation asks the project for its settings; mkdocs.yml is read
    once, and read again only when it changes (smg serve keeps its Project)."""
    project = make_project(tmp_path, FIXTURES / "render" / "casestudies", docs=False)
    reads = []
    real = siteconfig.read
    monkeypatch.setattr(siteconfig, "read", lambda path: reads.append(path) or real(path))
    assert not generate(project).failed
    assert reads == [project.mkdocs_file]
    text = project.mkdocs_file.read_text(encoding="utf-8")
    project.mkdocs_file.write_text(text + "\n# modifié\n", encoding="utf-8")
    project.settings()
    assert len(reads) == 2
