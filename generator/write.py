"""Write stage: pages to disk, atomically, touching only what changed.

The output folder belongs to the generator entirely. New contents are first
written beside their targets under temporary names; only when every one of them
is on disk are they renamed into place, and files no page claims any more are
removed. A run that fails or is interrupted before the renames leaves the
previous output as it was.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

TMP_SUFFIX = ".smg-tmp"


@dataclass
class WriteReport:
    """What a write changed: paths relative to the output folder."""

    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0


def write_tree(pages: dict[str, str | bytes], out: Path) -> WriteReport:
    """Make `out` hold exactly `pages`, rewriting only the files whose bytes differ."""
    out.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(out)
    report = WriteReport()
    staged: list[tuple[Path, Path]] = []
    try:
        for rel, content in sorted(pages.items()):
            data = content.encode("utf-8") if isinstance(content, str) else content
            target = out / rel
            if _same(target, data):
                report.unchanged += 1
                continue
            staged.append((_stage(target, data), target))
            report.written.append(rel)
    except BaseException:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, target in staged:
        os.replace(temporary, target)
    report.removed = _remove_stale(out, set(pages))
    return report


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
    """Every file under `folder` (hand-written pages and assets), keyed by relative path."""
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def write_file(path: Path, text: str) -> bool:
    """Write one file atomically (temporary file, then rename), only if its bytes change."""
    data = text.encode("utf-8")
    if _same(path, data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    os.replace(_stage(path, data), path)
    return True
