"""The whole pipeline for a project folder: load, validate, render, write, then MkDocs.

`generate` fills the generated tree (`build/docs/`: hand-written pages from
`docs/` plus every generated page), so that a plain `mkdocs build` gives the site.
`build` runs MkDocs into a temporary folder and swaps it with `site/` only once
it succeeded.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import itertools
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import yaml

from . import load, searchfold, urls
from . import pagefind as search
from .context import Site, build_site
from .problems import Problem, plural, problem
from .render import Renderer, SiteConfig, url_path
from .validate import Case, check_curricula, check_guides, validate, validate_comparisons
from .write import Staged, WriteReport, commit, prepare, read_tree, stage, write_file

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
    def state_file(self) -> Path:
        """What the last generation wrote, to skip the next one when nothing changed."""
        return self.root / "build" / "smg-state.json"

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
    _say(progress, f"Lecture et vérification de {plural(len(files), 'étude de cas', 'études de cas')}…")
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
    fingerprint = inputs_fingerprint(project)
    if _unchanged_since_last_run(project, fingerprint):
        outcome.report = WriteReport(unchanged=len(_read_state(project).get("files", {})))
        _say(progress, "Aucune source n'a changé depuis la dernière génération : rien à écrire.")
        _say(progress, f"Durée de la génération : {time.perf_counter() - checked:.2f} s")
        return outcome
    _say(progress, "Préparation des pages…")
    site = build_site(inputs.cases, inputs.curated, guides=inputs.guides, modules=inputs.modules)
    renderer = Renderer(site, project.config())
    redirect_map = redirects(site)
    prepare(project.out_dir)
    parts = render_and_stage(project, renderer)
    try:
        paths = [path for part in parts for path in part.paths]
        outcome.problems.extend(_shadowed(paths) + _redirect_conflicts(redirect_map, set(paths)))
        if outcome.failed:
            raise _Abandon
        redirected = {url_path(old): url_path(new) for old, new in redirect_map.items()}
        manifest = urls.Manifest(frozenset(_addresses(paths)), redirected)
        parts.append(stage([(urls.MANIFEST, manifest.to_json(renderer.config.site_url))], project.out_dir))
    except BaseException as error:
        for part in parts:
            part.discard()
        if isinstance(error, _Abandon):
            return outcome
        raise
    outcome.report = report = commit(parts, project.out_dir)
    write_file(project.redirects_file, redirects_config(redirect_map))
    _write_state(project, fingerprint)
    _say(progress, f"{plural(len(report.written), 'fichier écrit', 'fichiers écrits')}, "
                   f"{plural(report.unchanged, 'inchangé', 'inchangés')}, "
                   f"{plural(len(report.removed), 'supprimé', 'supprimés')}.")
    _say(progress, f"Durée de la génération : {time.perf_counter() - checked:.2f} s")
    return outcome


class _Abandon(Exception):
    """Problems found after staging: the staged pages are thrown away."""


PARALLEL_MIN_CASES = 300  # below this, worker processes cost more than they save
CASES_PER_TASK = 500
_JOB: tuple[Project, Renderer] | None = None  # what forked workers render


def render_and_stage(project: Project, renderer: Renderer) -> list[Staged]:
    """Render every page and write aside the changed ones; on every core when it pays.

    The work is cut into tasks (groups of pages: indexes, comparisons, data, chunks
    of case-study pages, hand-written pages) that forked workers take in turn, the
    heaviest first.
    """
    global _JOB
    tasks = _tasks(renderer)
    workers = os.cpu_count() or 1
    if workers < 2 or len(renderer.site.cases) < PARALLEL_MIN_CASES or not _can_fork():
        return [_stage_task(project, renderer, task) for task in tasks]
    _JOB = (project, renderer)
    # Objects moved to the permanent generation are left alone by the collector, so the
    # forked workers do not copy the memory pages the site's objects live in.
    gc.freeze()
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        futures = [pool.submit(_run_task, task) for task in tasks]
        parts = []
        try:
            for future in futures:
                parts.append(future.result())
        except BaseException:
            for part in parts:
                part.discard()
            for future in futures:
                _discard_result(future)
            raise
        return parts


def _tasks(renderer: Renderer) -> list[tuple]:
    cases = renderer.all_cases()
    chunks = [("cases", start, start + CASES_PER_TASK) for start in range(0, len(cases), CASES_PER_TASK)]
    return [("site", group) for group in Renderer.SITE_GROUPS] + chunks + [("docs",)]


def _stage_task(project: Project, renderer: Renderer, task: tuple) -> Staged:
    if task[0] == "cases":
        pages = renderer.case_pages(renderer.all_cases()[task[1]:task[2]])
    elif task[0] == "site":
        pages = getattr(renderer, task[1])()
    else:
        pages = itertools.chain(hand_written_pages(project, renderer).items(),
                                searchfold.folding_files(project.mkdocs_file).items())
    return stage(pages, project.out_dir)


def _run_task(task: tuple) -> Staged:
    project, renderer = _JOB
    return _stage_task(project, renderer, task)


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _discard_result(future) -> None:
    try:
        future.result().discard()
    except BaseException:  # the task failed too (it removed its own files) or never ran
        pass


def _shadowed(paths: list[str]) -> list[Problem]:
    """Hand-written pages that carry the name of a generated page."""
    return [problem(f"docs/{path}", 1, 1, "E401", f"la page écrite à la main docs/{path} porte le nom "
                    "d'une page générée ; renommez-la.")
            for path, count in Counter(paths).items() if count > 1]


STATE_VERSION = 1


def inputs_fingerprint(project: Project) -> str:
    """A digest of everything the generated tree is made from, today's date included
    (the review page depends on it)."""
    digest = hashlib.blake2b(digest_size=20)
    # Material's version too: its lunr language file is copied into the tree (searchfold).
    versions = f"{STATE_VERSION} {metadata.version('mkdocs-material')} {dt.date.today().isoformat()}"
    digest.update(versions.encode())
    package = Path(__file__).parent
    sources = [project.mkdocs_file, *project.case_files(), *project.module_files()]
    sources += [project.comparisons_file] if project.comparisons_file.is_file() else []
    for folder in (project.docs_dir, package / "templates", package / "data"):
        sources += sorted(p for p in folder.rglob("*") if p.is_file())
    sources += sorted(package.glob("*.py"))
    for path in sources:
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _unchanged_since_last_run(project: Project, fingerprint: str) -> bool:
    state = _read_state(project)
    return state.get("fingerprint") == fingerprint and state.get("files") == _tree_state(project.out_dir)


def _read_state(project: Project) -> dict:
    try:
        return json.loads(project.state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_state(project: Project, fingerprint: str) -> None:
    state = {"fingerprint": fingerprint, "files": _tree_state(project.out_dir)}
    write_file(project.state_file, json.dumps(state, sort_keys=True))


def _tree_state(folder: Path) -> dict[str, list[int]]:
    """Size and modification time of every generated file: a changed tree is rebuilt."""
    state = {}
    for path in folder.rglob("*"):
        if path.is_file():
            info = path.stat()
            state[path.relative_to(folder).as_posix()] = [info.st_size, info.st_mtime_ns]
    return state


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


def _redirect_conflicts(mapping: dict[str, str], pages: set[str]) -> list[Problem]:
    return [problem(f"docs/{old}", 1, 1, "E401", f"l'ancienne adresse {old} (alias de {new}) est "
                    "aussi une page du site ; retirez l'alias ou renommez la page.")
            for old, new in mapping.items() if old in pages]


def _addresses(paths: list[str]) -> list[str]:
    return [url_path(path) for path in paths if path.endswith(".md") or path.startswith("donnees/")]


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
    if not search.index_or_report(temporary, progress):
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


def _say(progress: Progress | None, message: str) -> None:
    if progress is not None:
        progress(message)
