"""Publish the site all or nothing: build it into a temporary folder, finish it
(typography, search index, offline copy), swap it with site/ in one rename, and
record what it was built from. One command at a time holds the project's lock."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import functools
import os
import shutil
import signal
import time
from pathlib import Path

from generator import cache, processes
from generator.context.french import seconds
from generator.errors import SmgError
from generator.project.project import Progress, Project, say
from generator.publish import engines, offline, redirectpages, sitemap, typography
from generator.publish import pagefind as search
from generator.write import stamp
from generator.write.files import test_point

LOCK_NAME = ".smg.lock"


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
    processes.keep_private(handle)  # forked workers close it: orphans never hold the lock
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Busy(path) from None
        yield
    finally:
        processes.release(handle)
        os.close(handle)


def run_mkdocs(project: Project, progress: Progress | None = None, offline_copy: bool = False,
               skip_unchanged: bool = False, engine: str = engines.DEFAULT) -> bool:
    """Build the whole site in a temporary folder, then publish it in one rename.

    `mkdocs build --strict` into `build/site.tmp`, then `post_process` (offline copy…),
    then `site/` and the temporary folder are exchanged. On any failure, and if we are
    stopped at any moment, `site/` stays the previous complete site. Returns False
    when a step failed (it said why through `progress`). With `skip_unchanged`, nothing
    runs when the last complete build had the same inputs and site/ is as it left it.
    `engine` (generator/publish/engines.py) builds the pages; the offline copy is always MkDocs'.
    """
    temporary = project.root / "build" / "site.tmp"
    fingerprint = site_fingerprint(project, offline_copy, engine)
    if skip_unchanged and stamp.is_current(project.stamp_file, project.site_dir, fingerprint):
        say(progress, "Le site est à jour : rien n'a changé depuis la dernière construction complète "
                       f"({engines.ENGINES[engine].label} n'est pas relancé).")
        return True
    stamp.forget(project.stamp_file)
    clean_temporaries(project)
    label = engines.ENGINES[engine].label
    say(progress, f"Construction du site avec {label} (mode strict)…")
    try:
        if not engines.run_mkdocs_into(project, temporary, "archive" if offline_copy else "site", engine=engine):
            say(progress, f"La construction {label} a échoué.")
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
    # Before the typography pass, which the redirect pages get too; after the engine, so
    # that they stay out of its sitemap.
    redirectpages.write_pages(site, project.redirects_file, config.site_name)
    say(progress, "Typographie française des pages…")
    # One read of each page: the typography pass also writes the copy that Pagefind reads.
    copies = search.copies_folder(site)
    shutil.rmtree(copies, ignore_errors=True)
    typography.apply_to_site(site, then=functools.partial(search.write_copy, site, copies))
    sitemap.drop_unlisted(site, config.site_url)  # drafts: reachable, never listed
    try:
        search.index_site(site, progress, copies)
    except search.SearchIndexError as error:
        say(progress, f"Erreur : la recherche n'a pas pu être indexée : {error}")
        return False
    say(progress, f"Durée de la finition (typographie, recherche) : {seconds(time.perf_counter() - started)}")
    if offline_copy:
        if offline.build_archive(project, progress, site=site) is None:
            say(progress, "La copie hors ligne n'a pas pu être construite.")
            return False
    return True


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
        # No atomic exchange here: two renames, during which Ctrl-C and termination wait
        # (they are acted on once site/ is back); a kill between them cannot be held off,
        # and clean_temporaries brings site/ back at the next build.
        aside = new.with_name("site.old")
        with _signals_held():
            current.rename(aside)
            try:
                new.rename(current)
            except BaseException:
                aside.rename(current)
                raise
        aside.rename(new)


HELD_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


@contextlib.contextmanager
def _signals_held():
    """Ctrl-C, termination and hang-up received inside are acted on when it ends.
    Python's handlers, not the signal mask: a signal the mask holds off in this thread
    is delivered to another one, and Python then runs its handler here all the same."""
    received: list[int] = []
    try:
        previous = {sig: signal.signal(sig, lambda number, frame: received.append(number)) for sig in HELD_SIGNALS}
    except ValueError:  # not the main thread: nothing to hold, signals reach it anyway
        yield
        return
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, signal.SIG_DFL if handler is None else handler)
        if received:
            signal.raise_signal(received[0])


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
