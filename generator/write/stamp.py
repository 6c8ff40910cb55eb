"""What the published site was built from, to skip MkDocs when nothing has changed.

After a successful build, `record` writes a fingerprint of every input of the site
(the generated tree, the MkDocs configuration, the theme overrides, the versions of
the engine and its plugins, the build options) together with the state of `site/`
itself. `is_current` says whether a new build would produce the same site: the
inputs match and `site/` was not touched since. A failed or interrupted build never
calls `record`, and `forget` runs before any build starts, so only a complete site
counts.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

from generator import cache

STAMP_VERSION = 2
# Distributions whose version changes the pages MkDocs writes.
ENGINE_PACKAGES = ("mkdocs", "mkdocs-material", "pymdown-extensions", "markdown",
                   "pagefind", "pagefind-bin-extended", "properdocs", "zensical")


def fingerprint(inputs: list[Path], options: dict[str, object]) -> str:
    """A digest of the site's inputs: every file under `inputs` by size and modification
    time (the writer replaces only changed files), the engine's versions and `options`."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(json.dumps([STAMP_VERSION, versions(ENGINE_PACKAGES), options], sort_keys=True).encode())
    for path in inputs:
        for name, state in sorted(tree_state(path).items()):
            digest.update(f"{path}\0{name}\0{state}\0".encode())
    return digest.hexdigest()


def tree_state(path: Path) -> dict[str, list[int]]:
    """Size and modification time of every file at or under `path`, by its name relative
    to `path` ("" for `path` itself when it is a file); nothing if absent. Links are
    not followed: a link (or any other entry that is not a folder) counts as itself, so
    that one placed there changes the state and the next run removes it."""
    root = str(path)
    state = {}
    for name, info in walk([root]):
        if info is not None and not stat.S_ISDIR(info.st_mode):
            size = info.st_size if stat.S_ISREG(info.st_mode) else -stat.S_IFMT(info.st_mode)
            state[name[len(root) + 1:] if name != root else ""] = [size, info.st_mtime_ns]
    return state


def entries_state(paths: list[Path], skip: frozenset[str] = frozenset()) -> tuple[list, int]:
    """Every entry at and under `paths`, links not followed, as (path, type, size,
    modification and change times, inode), and the latest of those times (0 if none).

    Folders named in `skip` are left out. An absent path is an entry too: creating it
    changes the state."""
    entries, latest = [], 0
    for name, info in walk([str(path) for path in paths], skip):
        if info is None:
            entries.append((name, None))
            continue
        entries.append((name, info.st_mode, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino))
        latest = max(latest, info.st_mtime_ns, info.st_ctime_ns)
    return entries, latest


def walk(roots: list[str], skip: frozenset[str] = frozenset()) -> Iterator[tuple[str, os.stat_result | None]]:
    """Every entry at and under `roots`, in order, with its own status (links not
    followed); an absent root comes with None. Folders named in `skip` are left out."""
    pending = list(reversed(roots))
    while pending:
        name = pending.pop()
        try:
            info = os.lstat(name)
        except FileNotFoundError:
            if name in roots:
                yield name, None
            continue  # removed while walked
        yield name, info
        if stat.S_ISDIR(info.st_mode):
            try:
                children = sorted(os.listdir(name), reverse=True)
            except (FileNotFoundError, NotADirectoryError):
                continue
            pending.extend(os.path.join(name, child) for child in children if child not in skip)


def versions(names: tuple[str, ...] | list[str]) -> dict[str, str]:
    """The installed version of each distribution of `names` ("" when it is absent)."""
    found = {}
    for name in names:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = ""
    return found


def is_current(stamp_file: Path, site_dir: Path, site_fingerprint: str) -> bool:
    """True when the last complete build had these inputs and `site/` is as it left it."""
    recorded = _read(stamp_file)
    if recorded.get("fingerprint") != site_fingerprint or not site_dir.is_dir():
        return False
    return recorded.get("site") == _site_digest(site_dir)


def record(stamp_file: Path, site_dir: Path, site_fingerprint: str) -> None:
    """Note a complete build (call it only once `site/` holds the new site)."""
    stamp_file.parent.mkdir(parents=True, exist_ok=True)
    temporary = stamp_file.with_name(stamp_file.name + ".tmp")
    try:
        site = _site_digest(site_dir)
        temporary.write_text(json.dumps({"fingerprint": site_fingerprint, "site": site,
                                         "seal": _seal(site_fingerprint, site)}), encoding="utf-8")
        os.replace(temporary, stamp_file)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise


def forget(stamp_file: Path) -> None:
    """Before a build changes anything: until it completes, no site counts as current."""
    stamp_file.unlink(missing_ok=True)


def _site_digest(site_dir: Path) -> str:
    digest = hashlib.blake2b(digest_size=20)
    for name, state in sorted(tree_state(site_dir).items()):
        digest.update(f"{name}\0{state}\0".encode())
    return digest.hexdigest()


def _read(stamp_file: Path) -> dict:
    """The recorded stamp; {} when absent or damaged (any other shape counts as none)."""
    try:
        data = json.loads(stamp_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("seal") != _seal(str(data.get("fingerprint")), str(data.get("site"))):
        return {}  # not written by smg on this machine (a stamp in a pull request, say): no stamp
    return data


def _seal(fingerprint: str, site: str) -> str:
    return cache.signature("stamp", f"{fingerprint}\0{site}".encode())
