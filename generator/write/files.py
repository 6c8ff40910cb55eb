"""Write stage: pages to disk, atomically, touching only what changed.

The output folder belongs to the generator entirely. New contents are first
written under temporary names in a staging folder beside it (`build/docs.smg-staging/`
for `build/docs/`: same file system, so a rename moves them, and outside the folder
that `mkdocs serve` watches and reads); only when every one of them is on disk are
they renamed into place, and files no page claims any more are removed. A run that
fails or is interrupted before the renames leaves the previous output as it was.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.load.files import NotRegular, folder_problem, read_regular, walk

TMP_SUFFIX = ".smg-tmp"
STAGING_SUFFIX = ".smg-staging"


@dataclass
class WriteReport:
    """What a write changed: paths relative to the output folder."""

    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0


@dataclass
class Staged:
    """Pages written aside, not yet in place: (temporary file, target) pairs, the paths
    of every page seen, and how many were already up to date."""

    moves: list[tuple[Path, Path]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    unchanged: int = 0
    damaged: int = 0  # cache entries found untrusted while rendering these pages

    def discard(self) -> None:
        """Remove the temporary files: the output stays as it was."""
        for temporary, _ in self.moves:
            temporary.unlink(missing_ok=True)


def stage(pages: Iterable[tuple[str, str | bytes]], out: Path) -> Staged:
    """Write aside every page whose bytes differ from what `out` holds."""
    staged = Staged()
    try:
        for rel, content in pages:
            data = content.encode("utf-8") if isinstance(content, str) else content
            staged.paths.append(rel)
            target = out / rel
            if _same(target, data):
                staged.unchanged += 1
            else:
                staged.moves.append((_stage(target, data, staging_folder(out) / rel), target))
    except BaseException:
        staged.discard()
        raise
    return staged


def commit(parts: list[Staged], out: Path, complete: bool = True) -> WriteReport:
    """Move every staged page into place, then, when `parts` are the complete tree,
    remove the files no page claims."""
    report = WriteReport(unchanged=sum(part.unchanged for part in parts))
    try:
        for part in parts:
            for temporary, target in part.moves:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(temporary, target)
                report.written.append(target.relative_to(out).as_posix())
                test_point("commit")
    except BaseException:
        # Stopped halfway: every file in `out` is whole (old or new); the next run,
        # whose inputs differ from the recorded state, writes the rest.
        shutil.rmtree(staging_folder(out), ignore_errors=True)
        raise
    report.written.sort()
    if complete:
        report.removed = _remove_stale(out, {rel for part in parts for rel in part.paths})
        shutil.rmtree(staging_folder(out), ignore_errors=True)
    return report


def prepare(out: Path) -> None:
    """Create the output folder and clear temporary files an interrupted run left."""
    out.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(staging_folder(out), ignore_errors=True)
    _remove_leftovers(out)  # written inside `out` by versions before the staging folder


def staging_folder(out: Path) -> Path:
    """Where pages for `out` are written before they are renamed into place."""
    return out.with_name(out.name + STAGING_SUFFIX)


def write_tree(pages: dict[str, str | bytes], out: Path) -> WriteReport:
    """Make `out` hold exactly `pages`, rewriting only the files whose bytes differ."""
    prepare(out)
    return commit([stage(sorted(pages.items()), out)], out)


def _same(target: Path, data: bytes) -> bool:
    try:
        # A link is never the page, whatever it points to: the page replaces it.
        return not target.is_symlink() and target.stat().st_size == len(data) and target.read_bytes() == data
    except OSError:
        return False


def _stage(target: Path, data: bytes, beside: Path | None = None) -> Path:
    """Write `data` to a temporary file (`beside`, or next to `target`) and return it."""
    temporary = (beside or target).with_name((beside or target).name + TMP_SUFFIX)
    temporary.parent.mkdir(parents=True, exist_ok=True)
    try:
        with temporary.open("wb") as stream:
            stream.write(data)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise with_path(error, temporary)
    return temporary


# Plain French for the errors a full disk or a protected folder gives.
OS_ERRORS = {
    errno.ENOSPC: "plus de place sur le disque",
    errno.EDQUOT: "quota de disque dépassé",
    errno.EROFS: "système de fichiers en lecture seule",
    errno.EACCES: "permission refusée",
    errno.EPERM: "opération non permise",
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.ENOTDIR: "un fichier se trouve là où un dossier est attendu",
    errno.EEXIST: "un fichier de ce nom existe déjà",
    errno.EISDIR: "un dossier se trouve là où un fichier est attendu",
    errno.EBUSY: "dossier occupé (point de montage ?)",
    errno.EXDEV: "site/ et build/ ne sont pas sur le même système de fichiers",
    errno.EIO: "erreur d'entrée-sortie du disque",
    errno.EADDRINUSE: "adresse déjà utilisée ; choisissez un autre port avec --dev-addr",
}


def reason(error: OSError) -> str:
    """Why a file operation failed, in French when it is a common cause."""
    return OS_ERRORS.get(error.errno, error.strerror or str(error))


def with_path(error: OSError, path: Path) -> OSError:
    """`error` with the file it is about (a failed write on an open file names none)."""
    if error.filename is not None:
        return error
    named = OSError(error.errno, error.strerror or str(error), str(path))
    named.__cause__ = error
    return named


def _remove_leftovers(out: Path) -> None:
    for leftover in out.rglob("*" + TMP_SUFFIX):
        leftover.unlink(missing_ok=True)


def _remove_stale(out: Path, keep: set[str]) -> list[str]:
    """Remove what no page claims: files, empty folders, and anything that is neither a
    regular file nor a folder (a link, a pipe), which smg never writes and the engine
    would follow or block on."""
    removed = []
    for path in sorted(out.rglob("*"), reverse=True):
        rel = path.relative_to(out).as_posix()
        mode = path.lstat().st_mode
        if stat.S_ISDIR(mode):
            if not any(path.iterdir()):
                path.rmdir()
        elif rel not in keep or not stat.S_ISREG(mode):
            path.unlink()
            removed.append(rel)
    return sorted(removed)


def remove_foreign(out: Path) -> list[str]:
    """Remove from `out` every entry that is neither a regular file nor a folder (links
    above all): what the engine reads of the generated tree is only what smg wrote."""
    removed = []
    for root, folders, names in os.walk(out):
        for name in folders + names:
            path = os.path.join(root, name)
            mode = os.lstat(path).st_mode
            if not stat.S_ISDIR(mode) and not stat.S_ISREG(mode):
                os.unlink(path)
                removed.append(os.path.relpath(path, out))
    return sorted(removed)


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every regular file under `folder` (hand-written pages and assets), keyed by relative
    path. Links and special files are never followed nor read (validation refuses them,
    E107; one that appears afterwards is left out)."""
    if folder_problem(folder, folder.name) is not None or not folder.is_dir():
        return {}
    pages = {}
    for rel in walk(folder)[0]:
        try:
            pages[rel] = read_regular(folder / rel)
        except NotRegular:
            continue
    return pages


def write_file(path: Path, text: str) -> bool:
    """Write one file atomically (temporary file, then rename), only if its bytes change."""
    data = text.encode("utf-8")
    if _same(path, data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    os.replace(_stage(path, data), path)
    return True


def test_point(name: str) -> None:
    """A seam for tests/publish/test_faults.py only: with SMG_TEST_STOP_AT=<name> in the
    environment, announce the point on stderr and wait there, to be signalled or until
    the file named by SMG_TEST_RESUME exists (points: commit, after-mkdocs,
    offline-zip, before-swap). Each point stops once per run."""
    if os.environ.get("SMG_TEST_STOP_AT") != name:
        return
    del os.environ["SMG_TEST_STOP_AT"]  # stop once (the zip calls it for every file), not in children
    print(f"smg-test-point {name}", file=sys.stderr, flush=True)
    resume = os.environ.get("SMG_TEST_RESUME")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (resume and os.path.exists(resume)):
        time.sleep(0.05)
