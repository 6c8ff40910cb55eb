"""Safe reading of the project's files: regular files only, never through a link,
within a size limit; links and special files are refused by name (E107)."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from generator.problems import Problem, problem

MAX_BYTES = 1024 * 1024


def read_limited(path: Path) -> bytes | None:
    """The bytes of a regular file, or None when it holds more than MAX_BYTES."""
    raw = read_regular(path, MAX_BYTES + 1)
    return None if len(raw) > MAX_BYTES else raw


class NotRegular(Exception):
    """A path that is a symbolic link or a special file: never followed, never read."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


# O_NOFOLLOW refuses a link that replaced the file after the check; O_NONBLOCK keeps
# a FIFO swapped in at that moment from blocking the open.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def read_regular(path: Path, limit: int = -1) -> bytes:
    """The bytes of a regular file (at most `limit`), refusing links and special files.

    Raises NotRegular for a symbolic link, a FIFO, a device or a socket, before
    anything is read from it (its target is never opened).
    """
    kind = special_kind(os.lstat(path).st_mode)
    if kind:
        raise NotRegular(kind)
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise NotRegular(special_kind(stat.S_IFLNK)) from None
        raise
    with os.fdopen(descriptor, "rb") as stream:
        kind = special_kind(os.fstat(stream.fileno()).st_mode)
        if kind:
            raise NotRegular(kind)
        return stream.read(limit)


def special_kind(mode: int) -> str:
    """'' for a regular file or a folder, else what the entry is, in French."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return ""
    if stat.S_ISLNK(mode):
        return "un lien symbolique"
    if stat.S_ISFIFO(mode):
        return "un tube nommé (FIFO)"
    if stat.S_ISSOCK(mode):
        return "une socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "un fichier de périphérique"
    return "un fichier spécial"


def special_problem(name: str, kind: str) -> Problem:
    """E107: the file is named, never what a link points to."""
    return problem(name, 1, 1, "E107", f"ce chemin est {kind}, refusé : la construction ne lit que "
                   "les fichiers ordinaires du projet, sans suivre aucun lien ; remplacez-le par "
                   "le fichier ou le dossier lui-même.")


def read_problem(name: str, error: OSError | NotRegular) -> Problem:
    """E107 for a link or a special file, E101 for a file the system cannot read."""
    if isinstance(error, NotRegular):
        return special_problem(name, error.kind)
    return problem(name, 1, 1, "E101", f"fichier illisible : {error.strerror}.")


def markdown_files(folder: Path) -> list[Path]:
    """The `.md` entries at the top of `folder` that are not folders, links included:
    loading refuses links and special files (E107), so none is skipped silently."""
    if special_kind(_lstat_mode(folder)) or not folder.is_dir():
        return []
    return sorted(Path(entry.path) for entry in os.scandir(folder)
                  if entry.name.endswith(".md") and not entry.is_dir(follow_symlinks=False))


def walk(folder: Path) -> tuple[list[str], list[tuple[str, str]]]:
    """Regular files under `folder`, and the entries refused (links, special files),
    each as a path relative to `folder`; links to folders are not entered."""
    files: list[str] = []
    refused: list[tuple[str, str]] = []
    pending = [""]
    while pending:
        prefix = pending.pop()
        with os.scandir(folder / prefix if prefix else folder) as entries:
            for entry in entries:
                rel = f"{prefix}{entry.name}"
                mode = entry.stat(follow_symlinks=False).st_mode
                if special_kind(mode):
                    refused.append((rel, special_kind(mode)))
                elif stat.S_ISDIR(mode):
                    pending.append(rel + "/")
                else:
                    files.append(rel)
    return sorted(files), sorted(refused)


def folder_problem(folder: Path, name: str) -> Problem | None:
    """E107 when a project folder itself is a link or a special file."""
    kind = special_kind(_lstat_mode(folder))
    return special_problem(name, kind) if kind else None


def _lstat_mode(path: Path) -> int:
    try:
        return os.lstat(path).st_mode
    except OSError:
        return stat.S_IFDIR  # absent: nothing to refuse, nothing to read

