"""Render the units of pages on every core when it pays, and stage them as they finish.

The work is cut into tasks (groups of site pages, chunks of case-study pages, the
hand-written pages) that forked workers take in turn; each task stages its files
aside (write/files.py), so that nothing is committed before every task succeeded.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor

from generator import cache, layout
from generator.load import load
from generator.project.project import Project
from generator.render import SITE_GROUPS, Renderer
from generator.write import freshness
from generator.write.files import Staged, read_tree, stage

PARALLEL_MIN_CASES = 300  # below this, worker processes cost more than they save
CASES_PER_TASK = 500
# In a render worker only: what it renders, handed over by the pool's initializer (the
# worker is forked, so nothing is pickled). The parent process never sets it.
_WORKER_JOB: dict[str, tuple[Project, Renderer]] = {}


def render_cases_first(project: Project, renderer: Renderer,
                       kept: dict[str, list[str]]) -> tuple[list[Staged], dict[str, list[str]]]:
    """The case-study pages not in `kept`, alone, staged: what a contributor editing a
    case looks at (`smg serve` commits them before the lists, which take longer)."""
    tasks = [task for task in _tasks(renderer, kept) if task[0] == "cases"]
    parts = _run_tasks(project, renderer, tasks)
    return parts, {unit: files for task in tasks for unit, files in _case_units(renderer, task[1])}


def render_and_stage(project: Project, renderer: Renderer, kept: dict[str, list[str]] | None = None,
                     forks: bool = True) -> tuple[list[Staged], dict[str, list[str]]]:
    """Render the pages of every unit not in `kept` (freshness: unit -> its files, fresh
    on disk) and write aside the changed ones; on every core when it pays.

    The work is cut into tasks (groups of pages: indexes, comparisons, data, chunks
    of case-study pages, hand-written pages) that forked workers take in turn, the
    heaviest first; all in this process when not `forks` (a process with threads, as
    `smg serve` is, must not fork: a lock held by another thread stays held in the child).
    Returns the staged parts (the kept units' files among them, as unchanged) and the
    rendered units with their files.
    """
    kept = kept or {}
    tasks = _tasks(renderer, kept)
    parts = _run_tasks(project, renderer, tasks, forks)
    rendered = {}
    for task, part in zip(tasks, parts):
        if task[0] == "site":
            rendered[freshness.SITE_PREFIX + task[1]] = part.paths
        elif task[0] == "cases":
            rendered.update(_case_units(renderer, task[1]))
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


def _case_units(renderer: Renderer, slugs: tuple[str, ...]) -> list[tuple[str, list[str]]]:
    """The freshness unit of each case-study page and the file it is written to."""
    return [(freshness.CASE_PREFIX + slug, [renderer.files.file(layout.case(slug))]) for slug in slugs]


def _run_tasks(project: Project, renderer: Renderer, tasks: list[tuple], forks: bool = True) -> list[Staged]:
    workers = (os.cpu_count() or 1) if forks else 1
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
    # Termination ends a worker at once: the parent's handler, inherited, would unwind it
    # through the pool's queues, which can wait for ever on a lock held at fork time.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _WORKER_JOB["job"] = (project, renderer)


def _tasks(renderer: Renderer, kept: dict[str, list[str]]) -> list[tuple]:
    """Tasks for the units not kept: ("site", group) and ("cases", slugs). The
    hand-written pages, ("docs", names of the generated pages), are always read again
    (they are copied, not rendered), once the others are written."""
    slugs = [c.slug for c in renderer.all_cases() if freshness.CASE_PREFIX + c.slug not in kept]
    chunks = [("cases", tuple(slugs[start:start + CASES_PER_TASK])) for start in range(0, len(slugs), CASES_PER_TASK)]
    groups = [("site", group) for group in SITE_GROUPS if freshness.SITE_PREFIX + group not in kept]
    return groups + chunks


def _stage_task(project: Project, renderer: Renderer, task: tuple) -> Staged:
    if task[0] == "cases":
        wanted = set(task[1])
        pages = renderer.case_pages([case for case in renderer.all_cases() if case.slug in wanted])
    elif task[0] == "site":
        pages = renderer.group_pages(task[1])
    else:
        return stage(hand_written_pages(project, renderer, task[1]).items(), project.out_dir)
    return stage(((renderer.files.file(name), text) for name, text in pages), project.out_dir)


def _run_task(task: tuple) -> Staged:
    project, renderer = _WORKER_JOB["job"]
    before = cache.damaged_count()  # a worker's count dies with it: the parent reads it here
    staged = _stage_task(project, renderer, task)
    staged.damaged = cache.damaged_count() - before
    return staged


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _discard_result(future) -> None:
    try:
        future.result().discard()
    except BaseException:  # the task failed too (it removed its own files) or never ran
        pass


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
