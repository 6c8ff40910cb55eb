"""The whole pipeline for a project folder: load, validate, render, write, then MkDocs.

`generate` fills the generated tree (`build/docs/`: hand-written pages from
`docs/` plus every generated page), so that a plain `mkdocs build` gives the site.
`build` runs MkDocs into a temporary folder and swaps it with `site/` only once
it succeeded.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import datetime as dt
import errno
import fcntl
import functools
import gc
import hashlib
import itertools
import json
import multiprocessing
import os
import re
import shutil
import signal
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

from . import (
    addresses,
    cache,
    engines,
    layout,
    links,
    load,
    pagekeys,
    redirectpages,
    sanitize,
    searchfold,
    siteconfig,
    sitemap,
    stamp,
    themebase,
    typography,
    urls,
    vocab,
)
from . import pagefind as search
from .context import Site, build_site
from .errors import SmgError
from .problems import Problem, plural, problem
from .render import SITE_GROUPS, Renderer
from .render import env as render_env
from .schema import Comparison
from .siteconfig import DEFAULT_REVIEW_YEARS, SiteConfig
from .validate import (
    DRAFT,
    Case,
    Result,
    check_collection,
    check_curricula,
    check_guides,
    check_record,
    comparison_claims,
    document_claims,
    link_problems,
    practices_problems,
    unavailable_cases,
    validate,
    validate_comparisons,
)
from .write import Staged, WriteReport, commit, prepare, read_tree, stage, test_point, write_file, write_tree

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
    def cache_dir(self) -> Path:
        """Results kept between generations (generator/cache.py); removing it is always safe."""
        return self.root / "build" / "cache"

    @property
    def redirects_file(self) -> Path:
        return self.root / "build" / "mkdocs-redirects.yml"

    @property
    def stamp_file(self) -> Path:
        """What the last complete build of site/ was made from (generator/stamp.py)."""
        return self.root / "build" / "site-stamp.json"

    @property
    def practices_file(self) -> Path:
        """The practices vocabulary: the project's own copy when it has one (a checkout of
        this repository does), else the one installed with smg."""
        own = self.root / "generator" / "data" / "practices.yml"
        return own if own.is_file() else vocab.PRACTICES_FILE

    @property
    def theme_source(self) -> Path:
        """The hand-written theme overrides."""
        return self.root / "generator" / "theme"

    @property
    def theme_dir(self) -> Path:
        """The theme folder MkDocs uses (mkdocs.yml custom_dir): overrides plus Material's fixed base."""
        return self.root / "build" / "theme"

    @property
    def modules_dir(self) -> Path:
        return self.root / "curricula"

    @property
    def guides_dir(self) -> Path:
        return self.docs_dir / "guides"

    def guide_files(self) -> list[Path]:
        return [p for p in load.markdown_files(self.guides_dir) if p.name != "index.md"]

    def module_files(self) -> list[Path]:
        return load.markdown_files(self.modules_dir)

    def case_files(self) -> list[Path]:
        return load.markdown_files(self.cases_dir)

    def has_comparisons(self) -> bool:
        # lexists: a link there is reported (E107), not taken for an absent file.
        return os.path.lexists(self.comparisons_file)

    def document_files(self) -> list[Path]:
        """The other files checked with the case studies: comparisons, guides, modules."""
        comparisons = [self.comparisons_file] if self.has_comparisons() else []
        return comparisons + self.guide_files() + self.module_files()

    def settings(self) -> tuple[siteconfig.Settings | None, list[Problem]]:
        """The settings of mkdocs.yml that smg reads (through MkDocs' own loader), or None
        with the problems that make it unusable."""
        return siteconfig.read(self.mkdocs_file)

    def review_years(self) -> int:
        """The review period, `extra.review_period_years` of mkdocs.yml: the one value the
        warning (W701) and the review page read."""
        settings, _ = self.settings()
        # An unusable mkdocs.yml is reported by check(); the other checks go on.
        return settings.extra.review_period_years if settings else DEFAULT_REVIEW_YEARS

    def config(self) -> SiteConfig:
        """Site and repository addresses, read from mkdocs.yml (the one place they live).
        Only called once check() found mkdocs.yml usable."""
        settings, problems = self.settings()
        if settings is None:
            raise ValueError("; ".join(p.message for p in problems))
        return SiteConfig(site_url=settings.site_url, repo_url=settings.repo_url,
                          site_name=settings.site_name, review_years=settings.extra.review_period_years)


@dataclass
class Outcome:
    """What a generation did: the problems found, how many files were checked, and the
    files written if any."""

    problems: list[Problem] = field(default_factory=list)
    report: WriteReport | None = None
    files: int = 0

    @property
    def failed(self) -> bool:
        return any(p.is_error for p in self.problems)


@dataclass
class Inputs:
    """Everything valid that the pages are made from."""

    cases: list[Case] = field(default_factory=list)
    curated: list[Comparison] = field(default_factory=list)
    guides: list[Case] = field(default_factory=list)
    modules: list[Case] = field(default_factory=list)


def settings_problems(project: Project | None) -> list[Problem]:
    """Start a run: read the practices vocabulary, and report what is wrong with the
    project's own settings files (mkdocs.yml, generator/data/practices.yml)."""
    path = project.practices_file if project else vocab.PRACTICES_FILE
    vocab.use_practices(path)
    inside = project is not None and path.is_relative_to(project.root)
    found = practices_problems(path, _relative(project, path) if inside else "generator/data/practices.yml")
    return (project.settings()[1] if project else []) + found


def check(project: Project, progress: Progress | None = None,
          memo: CheckMemo | None = None) -> tuple[Outcome, Inputs]:
    """Load and validate the vocabulary, the case studies, the comparisons, the guides and
    the modules.

    With `memo` (kept by `smg serve` between regenerations), a case-study file that did
    not change since the last check is neither read nor checked again."""
    files = project.case_files()
    documents = project.document_files()
    _say(progress, f"Lecture et vérification de {checked_files(len(files), len(documents))}…")
    settings = settings_problems(project)
    if memo is None:
        records = []
        for start in range(0, len(files), PROGRESS_STEP):
            records.extend(load.load_paths(files[start:start + PROGRESS_STEP], root=project.root))
            if len(files) > PROGRESS_STEP:
                _say(progress, f"  {len(records)} / {len(files)} fichiers lus")
        result = validate(records, reserved=addresses.reserved(project.docs_dir),
                          review_years=project.review_years())
    else:
        records, result = memo.validate(project, files)
    outcome = Outcome(settings + list(result.problems), files=len(files) + len(documents))
    inputs = Inputs(cases=result.cases)
    public = {c.slug for c in result.cases if c.meta.is_public}
    unavailable = unavailable_cases(result.problems, {r.slug for r in records}, public)
    outcome.problems.extend(check_documents(project, inputs, public, unavailable))
    return outcome, inputs


class CheckMemo:
    """Each case-study file's record, case and problems, with the file's state (size,
    modification time, inode) and the date and review period they were checked with.

    Only the per-file checks are kept: the checks across files (identifiers, aliases,
    addresses, `related`) run again on every call, as `validate` runs them."""

    def __init__(self) -> None:
        self.entries: dict[Path, tuple] = {}

    def validate(self, project: Project, files: list[Path]) -> tuple[list[load.Record], Result]:
        # A case is checked again when its file, the date, the review period or the
        # practices vocabulary (read afresh by each run) changed.
        today, years, terms = dt.date.today(), project.review_years(), tuple(vocab.practices())
        entries, records, cases, problems = {}, [], [], []
        for path in files:
            state = (_file_state(path), today, years, terms)
            entry = self.entries.get(path)
            if entry is None or entry[0] != state or state[0] is None:
                record = load.load_paths([path], root=project.root)[0]
                entry = (state, record, *check_record(record, today, years))
            entries[path] = entry
            _, record, case, found = entry
            records.append(record)
            problems.extend(found)
            if case is not None:
                cases.append(case)
        self.entries = entries
        problems.extend(check_collection(records, None, addresses.reserved(project.docs_dir)))
        problems.sort(key=lambda p: (p.path, p.line, p.column, p.code))  # as validate() sorts
        return records, Result(cases, problems)


def _file_state(path: Path) -> tuple[int, int, int] | None:
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns, info.st_ino


def tree_problems(project: Project) -> list[Problem]:
    """Links and special files anywhere in the folders the build reads (E107), and files
    that casestudies/ and curricula/ do not expect (W702: ignored, but reported)."""
    # folder -> (entries that loading reads and checks itself, entries expected there);
    # None: every regular file is expected (pages and their assets).
    folders: list[tuple[Path, Callable[[str], bool], Callable[[str], bool] | None]] = [
        (project.cases_dir, _top_markdown_or_comparisons, _top_markdown_or_comparisons),
        (project.modules_dir, _top_markdown, _top_markdown),
        (project.docs_dir, _guide, None),
    ]
    if project.theme_source.is_dir():
        folders.append((project.theme_source, lambda rel: False, None))
    problems = []
    for folder, loaded, expected in folders:
        problems.extend(_folder_problems(project, folder, loaded, expected))
    return problems


def _top_markdown(rel: str) -> bool:
    return "/" not in rel and rel.endswith(".md")


def _top_markdown_or_comparisons(rel: str) -> bool:
    return _top_markdown(rel) or rel == "comparaisons.yml"


def _guide(rel: str) -> bool:
    prefix = layout.GUIDES + "/"
    return rel.startswith(prefix) and _top_markdown(rel[len(prefix):]) and rel != layout.GUIDES_INDEX


def _folder_problems(project: Project, folder: Path, loaded: Callable[[str], bool],
                     expected: Callable[[str], bool] | None) -> list[Problem]:
    try:
        name = _relative(project, folder)
    except ValueError:  # a theme outside the project: MkDocs' business, not the contributors'
        return []
    parts = Path(name).parts
    for depth in range(1, len(parts) + 1):
        refused = load.folder_problem(project.root.joinpath(*parts[:depth]), "/".join(parts[:depth]))
        if refused is not None:
            return [refused]
    if not folder.is_dir():
        return []
    files, refused = load.walk(folder)
    problems = [load.special_problem(f"{name}/{rel}", kind) for rel, kind in refused if not loaded(rel)]
    if expected is not None:
        problems += [problem(f"{name}/{rel}", 1, 1, "W702", _unexpected(name, rel))
                     for rel in files if not expected(rel)]
    return problems


def _unexpected(folder: str, rel: str) -> str:
    if "/" in rel:
        return (f"fichier ignoré : seuls les fichiers à la racine de {folder}/ sont lus, pas ceux "
                f"de {folder}/{rel.rsplit('/', 1)[0]}/ ; déplacez-le ou supprimez-le.")
    wanted = "des études de cas (.md) et comparaisons.yml" if folder == "casestudies" else "des modules (.md)"
    return f"fichier ignoré : {folder}/ ne contient que {wanted} ; renommez-le en .md, déplacez-le ou supprimez-le."


def checked_files(cases: int, documents: int) -> str:
    """'16 études de cas', or '21 fichiers, dont 16 études de cas': the same total as
    the summary line's 'fichiers vérifiés'."""
    studies = plural(cases, "étude de cas", "études de cas")
    if not documents:
        return studies
    return f"{plural(cases + documents, 'fichier', 'fichiers')}, dont {studies}"


def check_documents(project: Project, inputs: Inputs, public: set[str],
                    unavailable: dict[str, str] | None = None) -> list[Problem]:
    """Check the comparisons file, the guides and the training modules against the
    published case studies (`public`), and add the valid ones to `inputs`.

    `unavailable` gives the reason why an existing case study is not published (errors,
    draft), so that a reference to it says so rather than suggesting another one.
    """
    problems: list[Problem] = []
    problems.extend(tree_problems(project))
    record = None
    if project.has_comparisons():
        record = load.load_data_file(project.comparisons_file, _relative(project, project.comparisons_file))
        inputs.curated, found = validate_comparisons(record, public, unavailable)
        problems.extend(found)
    guide_records = load.load_paths(project.guide_files(), root=project.root)
    inputs.guides, found = check_guides(guide_records)
    problems.extend(found)
    guides = {g.slug for g in inputs.guides}
    module_records = load.load_paths(project.module_files(), root=project.root)
    inputs.modules, found = check_curricula(module_records, public, guides, unavailable)
    problems.extend(found)
    problems.extend(_link_problems(project, inputs, public, unavailable or {}, record))
    claims = itertools.chain(comparison_claims(record) if record else (),
                             document_claims(guide_records, layout.GUIDES, group=""),
                             document_claims(module_records, layout.MODULES, group=""))
    problems.extend(addresses.problems(claims, addresses.reserved(project.docs_dir)))
    problems.extend(addresses.hand_written_problems(project.docs_dir))
    return problems


def _link_problems(project: Project, inputs: Inputs, public: set[str], unavailable: dict[str, str],
                   comparisons: load.Record | None) -> list[Problem]:
    """Links of the guides and modules to pages and sections that do not exist (links.py)."""
    try:
        config = project.config()
    except ValueError:
        return []  # an unusable mkdocs.yml is reported by check() (settings_problems)
    data = comparisons.data if comparisons else None
    entries = data.get("comparisons") if isinstance(data, dict) else None
    curated = [e["id"] for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str)] \
        if isinstance(entries, list) else []
    drafts = {slug for slug, reason in unavailable.items() if reason == DRAFT}
    pages = links.site_pages(project.docs_dir, project.cases_dir, config, public, drafts, inputs.guides,
                             inputs.modules, curated, cases={c.slug: c for c in inputs.cases},
                             broken=set(unavailable) - drafts)
    return links.problems(inputs.guides + inputs.modules, pages)


def generate(project: Project, progress: Progress | None = None, memo: CheckMemo | None = None) -> Outcome:
    """Validate, render and write the generated tree; write nothing on any error.
    `memo`: see `check`."""
    started = time.perf_counter()
    # Taken before anything is read: a file changed during this run differs next time.
    sources = sources_state(project)
    state, tree = _read_state(project), stamp.tree_state(project.out_dir)
    if memo is None and state.get("files") == tree:
        reused = _checked_before(project, state, sources)
        if reused is not None:
            write_tree(themebase.theme_files(project.theme_source), project.theme_dir)
            reused.report = WriteReport(unchanged=len(tree))
            _say(progress, "Aucune source n'a changé depuis la dernière génération (tailles et dates des "
                           "fichiers) : vérification reprise, rien à écrire.")
            _say(progress, f"Durée de la vérification : {time.perf_counter() - started:.2f} s")
            _say(progress, "Durée de la génération : 0.00 s")
            return reused
    outcome, inputs = check(project, progress, memo)
    checked = time.perf_counter()
    _say(progress, f"Durée de la vérification : {checked - started:.2f} s")
    if outcome.failed:
        return outcome
    write_tree(themebase.theme_files(project.theme_source), project.theme_dir)
    fingerprint = inputs_fingerprint(project)
    if state.get("fingerprint") == fingerprint and state.get("files") == tree and _redirects_intact(project, state):
        outcome.report = WriteReport(unchanged=len(tree))
        _write_state(project, fingerprint, state.get("units", {}), _check_record(project, sources, outcome), tree)
        _say(progress, "Aucune source n'a changé depuis la dernière génération : rien à écrire.")
        _say(progress, f"Durée de la génération : {time.perf_counter() - checked:.2f} s")
        return outcome
    _say(progress, "Préparation des pages…")
    site = build_site(inputs.cases, inputs.curated, guides=inputs.guides, modules=inputs.modules)
    renderer = Renderer(site, project.config(),
                        layout.Layout(frozenset(addresses.hand_written_names(project.docs_dir))))
    _cache_templates(project, renderer)
    redirect_map = redirects(site)
    prepare(project.out_dir)
    keys = unit_keys(project, renderer, inputs)
    kept = pagekeys.fresh(keys, state.get("units", {}), tree, state.get("files", {}))
    sanitize.use_cache(project.cache_dir / "sanitize")
    try:
        parts, rendered = render_and_stage(project, renderer, kept)
    finally:
        sanitize.use_cache(None)
    try:
        paths = [path for part in parts for path in part.paths]
        outcome.problems.extend(_shadowed(paths) + _redirect_conflicts(redirect_map, set(paths))
                                + cached_link_problems(project, inputs.cases + inputs.guides + inputs.modules,
                                                       layout.names(paths) | set(redirect_map)))
        if outcome.failed:
            raise _Abandon
        redirected = {layout.address(old): layout.address(new) for old, new in redirect_map.items()}
        # A draft's address is not promised: it is left out, as from every list.
        drafts = {layout.address(draft.src) for draft in site.drafts}
        manifest = urls.Manifest(frozenset(_addresses(paths)) - drafts, redirected)
        parts.append(stage([(urls.MANIFEST, manifest.to_json(renderer.config.site_url))], project.out_dir))
    except BaseException as error:
        for part in parts:
            part.discard()
        if isinstance(error, _Abandon):
            return outcome
        raise
    outcome.report = report = commit(parts, project.out_dir)
    cache.prune(project.cache_dir)
    write_file(project.redirects_file,
               redirects_config({old: renderer.files.file(new) for old, new in redirect_map.items()}))
    _write_state(project, fingerprint, {unit: [keys[unit], files] for unit, files in (kept | rendered).items()},
                 _check_record(project, sources, outcome))
    if kept:
        _say(progress, _reuse_line(rendered, kept))
    _say(progress, f"{plural(len(report.written), 'fichier écrit', 'fichiers écrits')}, "
                   f"{plural(report.unchanged, 'inchangé', 'inchangés')}, "
                   f"{plural(len(report.removed), 'supprimé', 'supprimés')}.")
    _say(progress, f"Durée de la génération : {time.perf_counter() - checked:.2f} s")
    return outcome


def _reuse_line(rendered: dict[str, list[str]], kept: dict[str, list[str]]) -> str:
    cases = sum(unit.startswith(pagekeys.CASE_PREFIX) for unit in rendered)
    pages = plural(cases, "page d'étude de cas", "pages d'études de cas")
    return (f"Rendu à nouveau : {pages}, "
            f"{plural(len(rendered) - cases, 'groupe de pages', 'groupes de pages')} ; "
            f"{len(kept)} repris tels quels de la génération précédente.")


class _Abandon(Exception):
    """Problems found after staging: the staged pages are thrown away."""


PARALLEL_MIN_CASES = 300  # below this, worker processes cost more than they save
CASES_PER_TASK = 500
# In a render worker only: what it renders, handed over by the pool's initializer (the
# worker is forked, so nothing is pickled). The parent process never sets it.
_WORKER_JOB: dict[str, tuple[Project, Renderer]] = {}


def render_and_stage(project: Project, renderer: Renderer,
                     kept: dict[str, list[str]] | None = None) -> tuple[list[Staged], dict[str, list[str]]]:
    """Render the pages of every unit not in `kept` (pagekeys: unit -> its files, fresh
    on disk) and write aside the changed ones; on every core when it pays.

    The work is cut into tasks (groups of pages: indexes, comparisons, data, chunks
    of case-study pages, hand-written pages) that forked workers take in turn, the
    heaviest first. Returns the staged parts (the kept units' files among them, as
    unchanged) and the rendered units with their files.
    """
    kept = kept or {}
    tasks = _tasks(renderer, kept)
    parts = _run_tasks(project, renderer, tasks)
    rendered = {}
    for task, part in zip(tasks, parts):
        if task[0] == "site":
            rendered[pagekeys.SITE_PREFIX + task[1]] = part.paths
        elif task[0] == "cases":
            rendered.update((pagekeys.CASE_PREFIX + slug, [renderer.files.file(layout.case(slug))])
                            for slug in task[1])
    parts += [Staged(paths=list(files), unchanged=len(files)) for files in kept.values()]
    # Last: the links of hand-written pages are pointed at the pages just written (layout.py).
    generated = layout.names([path for part in parts for path in part.paths])
    try:
        parts.append(_stage_task(project, renderer, ("docs", generated)))
    except BaseException:
        for part in parts:
            part.discard()
        raise
    return parts, rendered


def _run_tasks(project: Project, renderer: Renderer, tasks: list[tuple]) -> list[Staged]:
    workers = os.cpu_count() or 1
    cases = sum(len(task[1]) for task in tasks if task[0] == "cases")
    groups = sum(task[0] == "site" for task in tasks)
    heavy = cases >= PARALLEL_MIN_CASES or (groups > 1 and len(renderer.site.cases) >= PARALLEL_MIN_CASES)
    if workers < 2 or not heavy or not _can_fork():
        return [_stage_task(project, renderer, task) for task in tasks]
    # Objects moved to the permanent generation are left alone by the collector, so the
    # forked workers do not copy the memory pages the site's objects live in.
    gc.freeze()
    try:
        return _in_workers(project, renderer, tasks, workers)
    finally:
        gc.unfreeze()  # once the workers are gone, the site's objects are collected again


def _in_workers(project: Project, renderer: Renderer, tasks: list[tuple], workers: int) -> list[Staged]:
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                             initializer=_start_worker, initargs=(project, renderer)) as pool:
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


def _start_worker(project: Project, renderer: Renderer) -> None:
    """In a new render worker: keep what it renders, and leave Ctrl-C to the parent (a
    terminal's Ctrl-C reaches the workers too; the parent discards their staged pages),
    so that no worker prints a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER_JOB["job"] = (project, renderer)


def _tasks(renderer: Renderer, kept: dict[str, list[str]]) -> list[tuple]:
    """Tasks for the units not kept: ("site", group) and ("cases", slugs). The
    hand-written pages, ("docs", names of the generated pages), are always read again
    (they are copied, not rendered), once the others are written."""
    slugs = [c.slug for c in renderer.all_cases() if pagekeys.CASE_PREFIX + c.slug not in kept]
    chunks = [("cases", tuple(slugs[start:start + CASES_PER_TASK])) for start in range(0, len(slugs), CASES_PER_TASK)]
    groups = [("site", group) for group in SITE_GROUPS if pagekeys.SITE_PREFIX + group not in kept]
    return groups + chunks


def _stage_task(project: Project, renderer: Renderer, task: tuple) -> Staged:
    if task[0] == "cases":
        wanted = set(task[1])
        pages = renderer.case_pages([case for case in renderer.all_cases() if case.slug in wanted])
    elif task[0] == "site":
        pages = renderer.group_pages(task[1])
    else:
        return stage(itertools.chain(hand_written_pages(project, renderer, task[1]).items(),
                                     searchfold.folding_files(project.mkdocs_file).items()), project.out_dir)
    return stage(((renderer.files.file(name), text) for name, text in pages), project.out_dir)


def cached_link_problems(project: Project, documents: list[Case], pages: set[str]) -> list[Problem]:
    """`link_problems`, each document's read from build/cache/links/ when neither its
    text, the site's set of pages, nor the code changed (checking a link renders the
    whole text: most of a second for the guides and modules alone)."""
    store = cache.Store(project.cache_dir / "links")
    context = cache.digest(pagekeys.code_digest(project.mkdocs_file), *sorted(pages))
    problems = []
    for document in documents:
        body = document.record.body
        if "](" not in body and "]:" not in body and "=" not in body:  # no link: nothing to render
            problems += link_problems([document], pages)
            continue
        key = cache.digest(context, pagekeys.document_digest(document))
        found = _problems_from(store.get(key))
        if found is None:
            found = link_problems([document], pages)
            store.put(key, json.dumps([dataclasses.astuple(p) for p in found]).encode("utf-8"))
        problems += found
    return problems


def _problems_from(payload: bytes | None) -> list[Problem] | None:
    if payload is None:
        return None
    try:
        return [Problem(*fields) for fields in json.loads(payload.decode("utf-8"))]
    except (ValueError, TypeError):
        return None


def _cache_templates(project: Project, renderer: Renderer) -> None:
    # Compiling the templates costs each render worker most of a second; the compiled
    # code is kept under build/cache/ (render/env.py configures the environments: its code
    # names the folder).
    source = Path(render_env.__file__)
    for kind, environment in (("md", renderer.md), ("html", renderer.html)):
        environment.bytecode_cache = cache.template_cache(project.cache_dir / "jinja", source, kind)


def unit_keys(project: Project, renderer: Renderer, inputs: Inputs) -> dict[str, str]:
    """The key of every unit of pages (generator/pagekeys.py)."""
    try:
        comparisons = load.read_regular(project.comparisons_file) if project.has_comparisons() else b""
    except (OSError, load.NotRegular):
        comparisons = b"?"  # validated a moment ago; unreadable now: the pages are rendered anyway
    # Links to hand-written pages depend on which pages are hand-written (layout.py).
    code = cache.digest(pagekeys.code_digest(project.mkdocs_file), *sorted(renderer.files.hand_written))
    return pagekeys.unit_keys(code, renderer.all_cases(),
                              inputs.guides + inputs.modules, comparisons, SITE_GROUPS,
                              renderer.site.today, renderer.site.tag_pages)


def _run_task(task: tuple) -> Staged:
    project, renderer = _WORKER_JOB["job"]
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
    sources = [project.mkdocs_file, *project.case_files(), *project.module_files()]
    sources += [project.comparisons_file] if project.has_comparisons() else []
    for folder in (project.docs_dir, project.theme_source):
        # load.walk: links are never followed (validation refused them already, E107).
        sources += [folder / rel for rel in load.walk(folder)[0]] if folder.is_dir() else []
    sources += cache.code_files()
    digest.update(settings_state(project).encode() + b"\0")
    for path in sources:
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def settings_state(project: Project) -> str:
    """The settings of mkdocs.yml that pages are made from, as smg reads them, or its
    problems: `!ENV` values make them depend on the environment, not on the bytes alone.
    (Not the inherited redirects, which the generation itself writes.)"""
    settings, problems = project.settings()
    if settings is not None:
        return settings.model_dump_json(include=set(siteconfig.Settings.model_fields))
    return json.dumps([dataclasses.astuple(p) for p in problems])


def _read_state(project: Project) -> dict:
    try:
        return json.loads(project.state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_state(project: Project, fingerprint: str, units: dict[str, list], check: dict,
                 tree: dict[str, list[int]] | None = None) -> None:
    files = stamp.tree_state(project.out_dir) if tree is None else tree
    state = {"fingerprint": fingerprint, "files": files, "units": units, "check": check}
    write_file(project.state_file, json.dumps(state, sort_keys=True))


# A file changed this close to the moment its state is taken may change again within the
# same tick of the file system's clock, keeping its size and times: such a state is not
# trusted (git's "racy" files).
RACY_NS = 2_000_000_000


def sources_state(project: Project) -> str | None:
    """A digest of the state of everything the check and the generation read: the
    sources, mkdocs.yml, the vocabularies, the generator's code, the installed versions
    of its libraries, and today's date. None when a file changed too recently to tell."""
    taken = time.time_ns()
    package = Path(__file__).parent
    # Not the redirects file: an output, whose state the check record keeps (_check_record).
    paths = [project.mkdocs_file, project.practices_file, project.cases_dir, project.docs_dir,
             project.modules_dir, project.theme_source, package]
    entries, latest = stamp.entries_state(paths, skip=frozenset({"__pycache__"}))
    if latest > taken - RACY_NS:
        return None
    digest = hashlib.blake2b(digest_size=20)
    facts = [STATE_VERSION, dt.date.today().isoformat(), _library_versions(), settings_state(project), entries]
    digest.update(json.dumps(facts).encode())
    return digest.hexdigest()


def _library_versions() -> list[str]:
    """Python's version and those of the libraries smg requires: a check may change with them."""
    names = [re.match(r"[A-Za-z0-9._-]+", requirement).group()
             for requirement in metadata.requires("social-media-gouvernance") or []]
    return [sys.version] + [f"{name} {version or '-'}" for name, version in stamp.versions(names).items()]


def _check_record(project: Project, sources: str | None, outcome: Outcome) -> dict:
    """What a next run may reuse when its sources are in the same state: the problems.
    Taken once the redirects file is written: one lost or edited since is written again."""
    return {"sources": sources, "files": outcome.files, "redirects": _redirects_state(project),
            "problems": [dataclasses.astuple(p) for p in outcome.problems]}


def _redirects_state(project: Project) -> dict:
    return stamp.tree_state(project.redirects_file)


def _redirects_intact(project: Project, state: dict) -> bool:
    """The redirects file is as the last generation wrote it (not lost, not edited)."""
    record = state.get("check")
    return (project.redirects_file.is_file() and isinstance(record, dict)
            and record.get("redirects") == _redirects_state(project))


def _checked_before(project: Project, state: dict, sources: str | None) -> Outcome | None:
    """The last successful generation's check, when the sources are in the same state."""
    record = state.get("check")
    if sources is None or not isinstance(record, dict) or record.get("sources") != sources:
        return None
    if not _redirects_intact(project, state):
        return None
    problems = _problems_from(json.dumps(record.get("problems")).encode("utf-8"))
    if problems is None or not isinstance(record.get("files"), int):
        return None
    return Outcome(problems, files=record["files"])


def hand_written_pages(project: Project, renderer: Renderer, generated: set[str]) -> dict[str, str | bytes]:
    """docs/ as it goes into the site: guides are rendered apart, markers filled in."""
    guides = {layout.guide(load.slug_of(path)) for path in project.guide_files()}
    pages: dict[str, str | bytes] = {}
    for path, content in read_tree(project.docs_dir).items():
        if path in guides:
            continue
        if path.endswith(".md"):
            content = renderer.hand_written(path, content.decode("utf-8"), generated)
        pages[path] = content
    return pages


def redirects(site: Site) -> dict[str, str]:
    """Former page paths (aliases) -> current page paths."""
    mapping = {}
    for folder, documents in ((layout.CASES, site.cases + site.drafts), (layout.GUIDES, site.guides),
                              (layout.MODULES, site.modules)):
        for document in documents:
            for alias in document.meta.aliases:
                mapping[layout.document(folder, alias)] = document.src
    return dict(sorted(mapping.items()))


def _redirect_conflicts(mapping: dict[str, str], pages: set[str]) -> list[Problem]:
    taken = {layout.address(page) for page in pages}
    return [problem(f"docs/{old}", 1, 1, "E401", f"l'ancienne adresse {old} (alias de {new}) est "
                    "aussi une page du site ; retirez l'alias ou renommez la page.")
            for old, new in mapping.items() if layout.address(old) in taken]


def _addresses(paths: list[str]) -> list[str]:
    return [layout.address(path) for path in paths if path.endswith(".md") or path.startswith(layout.DATA + "/")]


def redirects_config(mapping: dict[str, str]) -> str:
    """The MkDocs configuration fragment that mkdocs.yml inherits (INHERIT) for redirects."""
    header = ("# Généré par « smg generate » à partir des alias (anciens identifiants) ;\n"
              "# mkdocs.yml en hérite (INHERIT). Ne pas modifier à la main.\n")
    return header + yaml.safe_dump({"plugins": {"redirects": {"redirect_maps": mapping}}},
                                   allow_unicode=True, sort_keys=False)


# --- publishing the site: all or nothing ---------------------------------------------

LOCK_NAME = ".smg.lock"
# MkDocs' own API in a fresh interpreter, so that we can stop it (its whole process
# group) and so that it dies with us (engines.child_guard) even if we are killed outright.
# A file it cannot write (full disk, read-only folder) gives one French line, no traceback.
MKDOCS_SCRIPT = engines.child_guard(3) + """import logging
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
offline = sys.argv[4] == "offline"
logging.basicConfig(level=logging.WARNING if offline else logging.INFO,
                    format="%(levelname)-7s -  %(message)s")
config = load_config(sys.argv[1], site_dir=sys.argv[2], strict=True)
if offline:
    plugin = config.plugins.get("material/offline")
    if plugin is None:
        sys.exit("mkdocs.yml ne déclare pas le plugin « offline » de Material.")
    plugin.config.enabled = True
    search = config.plugins.get("material/search")
    if search is None:
        sys.exit("mkdocs.yml ne déclare pas le plugin « search » de Material.")
    search.config.enabled = True  # Pagefind cannot load from file://: Material's search instead
    config.extra["smg_offline"] = True  # the footer leaves out the link to the archive
if sys.argv[4] == "archive":
    config.extra["smg_archive"] = True  # built next (post_process): the footer links to it
try:
    build(config)
except Abort as error:
    sys.exit(str(error))
except OSError as error:
    where = os.path.abspath(error.filename2 or error.filename or sys.argv[2])  # a copy's target
    where = os.path.relpath(where) if where.startswith(os.getcwd() + os.sep) else where
    from generator.write import reason
    print(f"Erreur d'écriture ou de lecture : {where} : {reason(error)}.", file=sys.stderr)
    sys.exit(1)
"""


class Busy(SmgError):
    """Another smg command holds the project's lock."""


@contextlib.contextmanager
def locked(project: Project):
    """Hold `build/.smg.lock` for the duration: one build, generation or server per tree.

    A second command does not wait: it raises `Busy` at once. The lock is the kernel's
    (flock), so a killed command never leaves it taken.
    """
    path = project.root / "build" / LOCK_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    # Read-only: flock needs no write access, and no file stays open for writing.
    handle = os.open(path, os.O_RDONLY | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Busy(path) from None
        yield
    finally:
        os.close(handle)


def run_mkdocs(project: Project, progress: Progress | None = None, offline_copy: bool = False,
               skip_unchanged: bool = False, engine: str = engines.DEFAULT) -> bool:
    """Build the whole site in a temporary folder, then publish it in one rename.

    `mkdocs build --strict` into `build/site.tmp`, then `post_process` (offline copy…),
    then `site/` and the temporary folder are exchanged. On any failure, and if we are
    stopped at any moment, `site/` stays the previous complete site. Returns False
    when a step failed (it said why through `progress`). With `skip_unchanged`, nothing
    runs when the last complete build had the same inputs and site/ is as it left it.
    `engine` (generator/engines.py) builds the pages; the offline copy is always MkDocs'.
    """
    temporary = project.root / "build" / "site.tmp"
    fingerprint = site_fingerprint(project, offline_copy, engine)
    if skip_unchanged and stamp.is_current(project.stamp_file, project.site_dir, fingerprint):
        _say(progress, "Le site est à jour : rien n'a changé depuis la dernière construction complète "
                       f"({engines.ENGINES[engine].label} n'est pas relancé).")
        return True
    stamp.forget(project.stamp_file)
    clean_temporaries(project)
    label = engines.ENGINES[engine].label
    _say(progress, f"Construction du site avec {label} (mode strict)…")
    try:
        if not run_mkdocs_into(project, temporary, "archive" if offline_copy else "site", engine=engine):
            _say(progress, f"La construction {label} a échoué.")
            return False
        test_point("after-mkdocs")
        if not post_process(project, temporary, progress, offline_copy):
            return False
        test_point("before-swap")
        _swap(temporary, project.site_dir)
        _record(project, fingerprint)
    finally:
        clean_temporaries(project)  # the new site on failure, the previous one on success
    return True


def _record(project: Project, fingerprint: str) -> None:
    try:
        stamp.record(project.stamp_file, project.site_dir, fingerprint)
    except OSError:  # the site is published; without its record, the next build just runs again
        with contextlib.suppress(OSError):
            stamp.forget(project.stamp_file)


def site_fingerprint(project: Project, offline_copy: bool, engine: str = engines.DEFAULT) -> str:
    """Everything the published site is made from, beside the engine's versions."""
    inputs = [project.out_dir, project.theme_dir, project.mkdocs_file, project.redirects_file]
    return stamp.fingerprint(inputs, {"offline": offline_copy, "code": _package_state(), "engine": engine})


def _package_state() -> list:
    # The post-processing steps (typography, search index) are our code: a change to it
    # changes the site as much as a change to a page.
    return [(path.relative_to(cache.PACKAGE).as_posix(), path.stat().st_size, path.stat().st_mtime_ns)
            for path in cache.code_files()]


def post_process(project: Project, site: Path, progress: Progress | None, offline_copy: bool) -> bool:
    """Complete the built site in its temporary folder, before it is published.

    Every step that adds to the site (the offline copy, a search index…) goes here, so
    that it is swapped in with the pages or not at all. Each step returns False after
    saying why through `progress`.
    """
    started = time.perf_counter()
    config = project.config()
    redirectpages.rewrite(site, project.redirects_file, config.site_name)
    _say(progress, "Typographie française des pages…")
    # One read of each page: the typography pass also writes the copy that Pagefind reads.
    copies = search.copies_folder(site)
    shutil.rmtree(copies, ignore_errors=True)
    typography.apply_to_site(site, then=functools.partial(search.write_copy, site, copies))
    sitemap.drop_unlisted(site, config.site_url)  # drafts: reachable, never listed
    if not search.index_or_report(site, progress, copies):
        return False
    _say(progress, f"Durée de la finition (typographie, recherche) : {time.perf_counter() - started:.2f} s")
    if offline_copy:
        from . import offline

        if offline.build_archive(project, progress, site=site) is None:
            _say(progress, "La copie hors ligne n'a pas pu être construite.")
            return False
    return True


def run_mkdocs_into(project: Project, target: Path, variant: str = "site",
                    engine: str = engines.DEFAULT) -> bool:
    """Build the site into `target` with `engine` (MKDOCS_SCRIPT for MkDocs and ProperDocs,
    generator/engines.py for Zensical); True if it succeeded. Variants: "site", "archive"
    (the site, whose footer links to the offline copy's zip) or "offline" (that copy)."""
    shutil.rmtree(target, ignore_errors=True)
    command = engines.command(engine, MKDOCS_SCRIPT, project, target, variant)
    if run_child(command, project.root) == 0:
        return True
    shutil.rmtree(target, ignore_errors=True)
    return False


def run_child(command: list[str], cwd: Path) -> int:
    """Run a command in its own process group and return its exit code.

    The group keeps a terminal's Ctrl-C for us alone; whatever stops us (Ctrl-C,
    SIGTERM turned into an exception by the CLI, any error) stops the whole group.
    """
    child = subprocess.Popen(command, cwd=cwd, env=os.environ | QUIET_BANNERS, start_new_session=True)
    try:
        return child.wait()
    except BaseException:
        _stop_group(child)
        raise


def _stop_group(child: subprocess.Popen) -> None:
    for sig, grace in ((signal.SIGTERM, 5), (signal.SIGKILL, None)):
        try:
            os.killpg(child.pid, sig)
        except ProcessLookupError:
            return
        try:
            child.wait(grace)
            return
        except subprocess.TimeoutExpired:
            continue


def clean_temporaries(project: Project) -> None:
    """Remove what an interrupted build left in build/, and bring back a site/ that a
    build stopped in the middle of a two-rename swap had moved aside."""
    folder = project.root / "build"
    aside = folder / "site.old"
    if aside.is_dir() and not project.site_dir.exists():
        aside.rename(project.site_dir)
    for name in ("site.tmp", "site.old", "offline.tmp", search.copies_folder(Path("site.tmp")).name):
        shutil.rmtree(folder / name, ignore_errors=True)


def _swap(new: Path, current: Path) -> None:
    """Publish `new` as `current` in one step; `new` then holds the previous site."""
    if not current.exists():
        new.rename(current)
    elif not _exchange(new, current):
        # No atomic exchange here: two renames, undone by clean_temporaries if stopped between.
        aside = new.with_name("site.old")
        current.rename(aside)
        new.rename(current)
        aside.rename(new)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    libc = ctypes.CDLL(None, use_errno=True)
    if not hasattr(libc, "renameat2"):
        return False
    at_cwd, rename_exchange = -100, 2
    if libc.renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _relative(project: Project, path: Path) -> str:
    return path.relative_to(project.root).as_posix()


def _say(progress: Progress | None, message: str) -> None:
    if progress is not None:
        progress(message)
