"""Write stage: pages to disk, atomically, touching only what changed.

The output folder belongs to the generator entirely. New contents are first
written beside their targets under temporary names; only when every one of them
is on disk are they renamed into place, and files no page claims any more are
removed. A run that fails or is interrupted before the renames leaves the
previous output as it was.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import load

TMP_SUFFIX = ".smg-tmp"


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
                staged.moves.append((_stage(target, data), target))
    except BaseException:
        staged.discard()
        raise
    return staged


def commit(parts: list[Staged], out: Path) -> WriteReport:
    """Move every staged page into place, then remove the files no page claims."""
    report = WriteReport(unchanged=sum(part.unchanged for part in parts))
    for part in parts:
        for temporary, target in part.moves:
            os.replace(temporary, target)
            report.written.append(target.relative_to(out).as_posix())
    report.written.sort()
    report.removed = _remove_stale(out, {rel for part in parts for rel in part.paths})
    return report


def prepare(out: Path) -> None:
    """Create the output folder and clear temporary files an interrupted run left."""
    out.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(out)


def write_tree(pages: dict[str, str | bytes], out: Path) -> WriteReport:
    """Make `out` hold exactly `pages`, rewriting only the files whose bytes differ."""
    prepare(out)
    return commit([stage(sorted(pages.items()), out)], out)


def _same(target: Path, data: bytes) -> bool:
    try:
        return target.stat().st_size == len(data) and target.read_bytes() == data
    except OSError:
        return False


def _stage(target: Path, data: bytes) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + TMP_SUFFIX)
    with temporary.open("wb") as stream:
        stream.write(data)
    return temporary


def _remove_leftovers(out: Path) -> None:
    for leftover in out.rglob("*" + TMP_SUFFIX):
        leftover.unlink(missing_ok=True)


def _remove_stale(out: Path, keep: set[str]) -> list[str]:
    removed = []
    for path in sorted(out.rglob("*"), reverse=True):
        rel = path.relative_to(out).as_posix()
        if path.is_file() and rel not in keep:
            path.unlink()
            removed.append(rel)
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return sorted(removed)


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every regular file under `folder` (hand-written pages and assets), keyed by relative
    path. Links and special files are never followed nor read (validation refuses them,
    E107; one that appears afterwards is left out)."""
    if load.folder_problem(folder, folder.name) is not None or not folder.is_dir():
        return {}
    pages = {}
    for rel in load.walk(folder)[0]:
        try:
            pages[rel] = load.read_regular(folder / rel)
        except load.NotRegular:
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
