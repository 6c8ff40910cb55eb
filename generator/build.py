"""The whole pipeline for a project folder: load, validate, render, write, then MkDocs.

`generate` fills the generated tree (`build/docs/`: hand-written pages from
`docs/` plus every generated page), so that a plain `mkdocs build` gives the site.
`build` runs MkDocs into a temporary folder and swaps it with `site/` only once
it succeeded.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import load
from .context import build_site
from .problems import Problem, problem
from .render import Renderer, SiteConfig
from .validate import validate, validate_comparisons
from .write import WriteReport, read_tree, write_tree

Progress = Callable[[str], None]
PROGRESS_STEP = 1000  # files read between two progress lines on long runs


@dataclass(frozen=True)
class Project:
    """The folders of a knowledge-base checkout."""

    root: Path

    @property
    def cases_dir(self) -> Path:
        return self.root / "casestudies"

    @property
    def comparisons_file(self) -> Path:
        return self.cases_dir / "comparaisons.yml"

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    @property
    def out_dir(self) -> Path:
        return self.root / "build" / "docs"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    @property
    def mkdocs_file(self) -> Path:
        return self.root / "mkdocs.yml"

    def case_files(self) -> list[Path]:
        return sorted(p for p in self.cases_dir.glob("*.md") if p.is_file())

    def config(self) -> SiteConfig:
        """Site and repository addresses, read from mkdocs.yml (the one place they live)."""
        with self.mkdocs_file.open(encoding="utf-8") as stream:
            settings = yaml.safe_load(stream)
        extra = settings.get("extra") or {}
        return SiteConfig(site_url=settings["site_url"], repo_url=settings["repo_url"],
                          site_name=settings.get("site_name", "Social Media Gouvernance"),
                          review_years=int(extra.get("review_period_years", 2)))


@dataclass
class Outcome:
    """What a generation did: the problems found, and the files written if any."""

    problems: list[Problem] = field(default_factory=list)
    report: WriteReport | None = None
    cases: int = 0

    @property
    def failed(self) -> bool:
        return any(p.is_error for p in self.problems)


def check(project: Project, progress: Progress | None = None) -> tuple[Outcome, list, list]:
    """Load and validate every case study and the comparisons file."""
    files = project.case_files()
    _say(progress, f"Lecture et vérification de {_count(len(files), 'étude de cas', 'études de cas')}…")
    records = []
    for start in range(0, len(files), PROGRESS_STEP):
        records.extend(load.load_paths(files[start:start + PROGRESS_STEP], root=project.root))
        if len(files) > PROGRESS_STEP:
            _say(progress, f"  {len(records)} / {len(files)} fichiers lus")
    result = validate(records)
    outcome = Outcome(list(result.problems), cases=len(result.cases))
    curated: list[dict] = []
    if project.comparisons_file.is_file():
        record = load.load_data_file(project.comparisons_file, _relative(project, project.comparisons_file))
        public = {c.slug for c in result.cases if c.meta.status != "draft"}
        curated, found = validate_comparisons(record, public)
        outcome.problems.extend(found)
    return outcome, result.cases, curated


def generate(project: Project, progress: Progress | None = None) -> Outcome:
    """Validate, render and write the generated tree; write nothing on any error."""
    started = time.perf_counter()
    outcome, cases, curated = check(project, progress)
    if outcome.failed:
        return outcome
    _say(progress, "Préparation des pages…")
    renderer = Renderer(build_site(cases, curated), project.config())
    pages: dict[str, str | bytes] = dict(read_tree(project.docs_dir))
    for path, content in renderer.pages().items():
        if path in pages:
            outcome.problems.append(problem(f"docs/{path}", 1, 1, "E401",
                                            f"la page écrite à la main docs/{path} porte le nom d'une "
                                            "page générée ; renommez-la."))
        pages[path] = content
    if outcome.failed:
        return outcome
    outcome.report = write_tree(pages, project.out_dir)
    report = outcome.report
    _say(progress, f"{_count(len(report.written), 'fichier écrit', 'fichiers écrits')}, "
                   f"{_count(report.unchanged, 'inchangé', 'inchangés')}, "
                   f"{_count(len(report.removed), 'supprimé', 'supprimés')} "
                   f"({time.perf_counter() - started:.1f} s).")
    return outcome


def run_mkdocs(project: Project, progress: Progress | None = None) -> bool:
    """`mkdocs build --strict` into a temporary folder, swapped with site/ on success."""
    temporary = project.root / "build" / "site.tmp"
    shutil.rmtree(temporary, ignore_errors=True)
    _say(progress, "Construction du site avec MkDocs (mode strict)…")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict",
               "--config-file", str(project.mkdocs_file), "--site-dir", str(temporary)]
    # Material prints a long banner about MkDocs 2.0 on every build; our config is already
    # portable (no hooks, no custom plugins), so keep the build output to real problems.
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1"}
    if subprocess.run(command, cwd=project.root, env=env).returncode != 0:
        shutil.rmtree(temporary, ignore_errors=True)
        return False
    _swap(temporary, project.site_dir)
    return True


def _swap(new: Path, current: Path) -> None:
    old = current.with_name(current.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if current.exists():
        current.rename(old)
    new.rename(current)
    shutil.rmtree(old, ignore_errors=True)


def _relative(project: Project, path: Path) -> str:
    return path.relative_to(project.root).as_posix()


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n <= 1 else many}"


def _say(progress: Progress | None, message: str) -> None:
    if progress is not None:
        progress(message)
