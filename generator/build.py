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

from . import load, searchfold, urls
from .context import Site, build_site
from .problems import Problem, problem
from .render import Renderer, SiteConfig, url_path
from .validate import Case, check_curricula, check_guides, validate, validate_comparisons
from .write import WriteReport, read_tree, write_file, write_tree

Progress = Callable[[str], None]
# Material and mkdocs-redirects print long banners about MkDocs 2.0 on every build; our
# configuration is already portable (no hooks, no custom plugins).
QUIET_BANNERS = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
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

    @property
    def redirects_file(self) -> Path:
        return self.root / "build" / "mkdocs-redirects.yml"

    @property
    def modules_dir(self) -> Path:
        return self.root / "curricula"

    def guide_files(self) -> list[Path]:
        folder = self.docs_dir / "guides"
        return sorted(p for p in folder.glob("*.md") if p.is_file() and p.name != "index.md")

    def module_files(self) -> list[Path]:
        return sorted(p for p in self.modules_dir.glob("*.md") if p.is_file())

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


@dataclass
class Inputs:
    """Everything valid that the pages are made from."""

    cases: list[Case] = field(default_factory=list)
    curated: list[dict] = field(default_factory=list)
    guides: list[Case] = field(default_factory=list)
    modules: list[Case] = field(default_factory=list)


def check(project: Project, progress: Progress | None = None) -> tuple[Outcome, Inputs]:
    """Load and validate the case studies, the comparisons, the guides and the modules."""
    files = project.case_files()
    _say(progress, f"Lecture et vérification de {_count(len(files), 'étude de cas', 'études de cas')}…")
    records = []
    for start in range(0, len(files), PROGRESS_STEP):
        records.extend(load.load_paths(files[start:start + PROGRESS_STEP], root=project.root))
        if len(files) > PROGRESS_STEP:
            _say(progress, f"  {len(records)} / {len(files)} fichiers lus")
    result = validate(records)
    outcome = Outcome(list(result.problems), cases=len(result.cases))
    inputs = Inputs(cases=result.cases)
    public = {c.slug for c in result.cases if c.meta.status != "draft"}
    outcome.problems.extend(check_documents(project, inputs, public))
    return outcome, inputs


def check_documents(project: Project, inputs: Inputs, public: set[str]) -> list[Problem]:
    """Check the comparisons file, the guides and the training modules against the
    published case studies (`public`), and add the valid ones to `inputs`."""
    problems: list[Problem] = []
    if project.comparisons_file.is_file():
        record = load.load_data_file(project.comparisons_file, _relative(project, project.comparisons_file))
        inputs.curated, found = validate_comparisons(record, public)
        problems.extend(found)
    inputs.guides, found = check_guides(load.load_paths(project.guide_files(), root=project.root))
    problems.extend(found)
    guides = {g.slug for g in inputs.guides}
    module_records = load.load_paths(project.module_files(), root=project.root)
    inputs.modules, found = check_curricula(module_records, public, guides)
    problems.extend(found)
    return problems


def generate(project: Project, progress: Progress | None = None) -> Outcome:
    """Validate, render and write the generated tree; write nothing on any error."""
    started = time.perf_counter()
    outcome, inputs = check(project, progress)
    checked = time.perf_counter()
    _say(progress, f"Durée de la vérification : {checked - started:.2f} s")
    if outcome.failed:
        return outcome
    _say(progress, "Préparation des pages…")
    site = build_site(inputs.cases, inputs.curated, guides=inputs.guides, modules=inputs.modules)
    renderer = Renderer(site, project.config())
    pages = hand_written_pages(project, renderer)
    for path, content in renderer.pages().items():
        if path in pages:
            outcome.problems.append(problem(f"docs/{path}", 1, 1, "E401",
                                            f"la page écrite à la main docs/{path} porte le nom d'une "
                                            "page générée ; renommez-la."))
        pages[path] = content
    redirect_map = redirects(site)
    outcome.problems.extend(_redirect_conflicts(redirect_map, pages))
    if outcome.failed:
        return outcome
    pages.update(searchfold.folding_files(project.mkdocs_file))  # accent-insensitive search
    manifest = urls.Manifest(frozenset(_addresses(pages)), {url_path(a): url_path(b) for a, b in redirect_map.items()})
    pages[urls.MANIFEST] = manifest.to_json(renderer.config.site_url)
    outcome.report = report = write_tree(pages, project.out_dir)
    write_file(project.redirects_file, redirects_config(redirect_map))
    _say(progress, f"{_count(len(report.written), 'fichier écrit', 'fichiers écrits')}, "
                   f"{_count(report.unchanged, 'inchangé', 'inchangés')}, "
                   f"{_count(len(report.removed), 'supprimé', 'supprimés')}.")
    _say(progress, f"Durée de la génération : {time.perf_counter() - checked:.2f} s")
    return outcome


def hand_written_pages(project: Project, renderer: Renderer) -> dict[str, str | bytes]:
    """docs/ as it goes into the site: guides are rendered apart, markers filled in."""
    guides = {f"guides/{path.name}" for path in project.guide_files()}
    pages: dict[str, str | bytes] = {}
    for path, content in read_tree(project.docs_dir).items():
        if path in guides:
            continue
        if path.endswith(".md"):
            content = renderer.hand_written(path, content.decode("utf-8"))
        pages[path] = content
    return pages


def redirects(site: Site) -> dict[str, str]:
    """Former page paths (aliases) -> current page paths."""
    mapping = {}
    for folder, documents in (("cas", site.cases + site.drafts), ("guides", site.guides),
                              ("formations", site.modules)):
        for document in documents:
            for alias in document.meta.aliases:
                mapping[f"{folder}/{alias}.md"] = f"{folder}/{document.slug}.md"
    return dict(sorted(mapping.items()))


def _redirect_conflicts(mapping: dict[str, str], pages: dict) -> list[Problem]:
    return [problem(f"docs/{old}", 1, 1, "E401", f"l'ancienne adresse {old} (alias de {new}) est "
                    "aussi une page du site ; retirez l'alias ou renommez la page.")
            for old, new in mapping.items() if old in pages]


def _addresses(pages: dict) -> list[str]:
    return [url_path(path) for path in pages if path.endswith(".md") or path.startswith("donnees/")]


def redirects_config(mapping: dict[str, str]) -> str:
    """The MkDocs configuration fragment that mkdocs.yml inherits (INHERIT) for redirects."""
    header = ("# Généré par « smg generate » à partir des alias (anciens identifiants) ;\n"
              "# mkdocs.yml en hérite (INHERIT). Ne pas modifier à la main.\n")
    return header + yaml.safe_dump({"plugins": {"redirects": {"redirect_maps": mapping}}},
                                   allow_unicode=True, sort_keys=False)


def run_mkdocs(project: Project, progress: Progress | None = None) -> bool:
    """`mkdocs build --strict` into a temporary folder, swapped with site/ on success."""
    temporary = project.root / "build" / "site.tmp"
    shutil.rmtree(temporary, ignore_errors=True)
    _say(progress, "Construction du site avec MkDocs (mode strict)…")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict",
               "--config-file", str(project.mkdocs_file), "--site-dir", str(temporary)]
    env = os.environ | QUIET_BANNERS
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
