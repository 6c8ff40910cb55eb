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
from importlib import metadata
from pathlib import Path

STAMP_VERSION = 1
# Distributions whose version changes the pages MkDocs writes.
ENGINE_PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-redirects", "pymdown-extensions", "markdown",
                   "pagefind", "pagefind-bin-extended", "properdocs", "zensical")


def fingerprint(inputs: list[Path], options: dict[str, object]) -> str:
    """A digest of the site's inputs: every file under `inputs` by size and modification
    time (the writer replaces only changed files), the engine's versions and `options`."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(json.dumps([STAMP_VERSION, _versions(), options], sort_keys=True).encode())
    for path in inputs:
        for name, state in sorted(tree_state(path).items()):
            digest.update(f"{path}\0{name}\0{state}\0".encode())
    return digest.hexdigest()


def tree_state(path: Path) -> dict[str, tuple[int, int]]:
    """Size and modification time of `path`, or of every file under it; nothing if absent."""
    if path.is_file():
        info = path.stat()
        return {"": (info.st_size, info.st_mtime_ns)}
    state = {}
    for folder, _dirs, files in os.walk(path):
        for name in files:
            info = os.lstat(os.path.join(folder, name))
            state[os.path.relpath(os.path.join(folder, name), path)] = (info.st_size, info.st_mtime_ns)
    return state


def entries_state(paths: list[Path], skip: frozenset[str] = frozenset()) -> tuple[list, int]:
    """Every entry at and under `paths`, links not followed, as (path, type, size,
    modification and change times, inode), and the latest of those times (0 if none).

    Folders named in `skip` are left out. An absent path is an entry too: creating it
    changes the state."""
    entries, latest = [], 0
    pending = [str(path) for path in reversed(paths)]
    while pending:
        name = pending.pop()
        try:
            info = os.lstat(name)
        except FileNotFoundError:
            entries.append((name, None))
            continue
        entries.append((name, info.st_mode, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino))
        latest = max(latest, info.st_mtime_ns, info.st_ctime_ns)
        if stat.S_ISDIR(info.st_mode):
            pending.extend(os.path.join(name, child) for child in sorted(os.listdir(name), reverse=True)
                           if child not in skip)
    return entries, latest


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
        temporary.write_text(json.dumps({"fingerprint": site_fingerprint, "site": _site_digest(site_dir)}),
                             encoding="utf-8")
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


def _versions() -> dict[str, str]:
    versions = {}
    for name in ENGINE_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = ""
    return versions


def _read(stamp_file: Path) -> dict:
    try:
        return json.loads(stamp_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
