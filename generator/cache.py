"""A content-addressed store on disk, for results that cost more to compute than to read.

Each entry is one file named after the digest of everything its value depends on
(`build/cache/<kind>/<2 hex>/<digest>`), so an entry is never updated: new inputs give
a new name. An entry carries a checksum of its payload; a truncated, corrupted or
unreadable entry reads as absent and is computed again, never a crash. Writes go to
a unique temporary file renamed into place, so that readers, concurrent writers
(forked render workers) and an interrupted run never see half an entry. The store is
an optimisation only: when it cannot write (full disk, read-only folder), the caller
goes on without it. `TemplateCache` keeps Jinja's compiled templates with the same
guarantees. Old entries are never read again but stay on disk: `prune` keeps the whole
cache under a size, dropping the entries least recently used first (as ccache does).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache

PACKAGE = Path(__file__).parent
# What of the package shapes the output: its code at any depth, templates, vocabularies
# and theme overrides. Every key and fingerprint of the build reads this one list.
CODE_FOLDERS = ("templates", "data", "theme")

MAGIC = b"smg-cache-1\n"
# About ten full generations of 10,000 case studies: a contributor's cache never fills a disk.
LIMIT_BYTES = 512 * 2**20
CHECK_SIZE = 16  # bytes of blake2b over the payload


def digest(*parts: str | bytes) -> str:
    """A hex digest of `parts`, each length-prefixed (no two lists give the same bytes)."""
    hasher = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def code_files(package: Path | None = None) -> list[Path]:
    """The generator's own files that the generated pages and the published site depend
    on, in a stable order: every module (render/ and any other subpackage included),
    the templates, the data files and the theme overrides."""
    root = package or PACKAGE
    files = [path for path in root.rglob("*.py") if "__pycache__" not in path.parts]
    for folder in CODE_FOLDERS:
        base = root / folder
        if base.is_dir():
            files += [path for path in base.rglob("*") if path.is_file() and not path.is_symlink()
                      and "__pycache__" not in path.parts and path.suffix != ".py"]
    return sorted(set(files))


class Store:
    """Entries of one kind under `folder`, keyed by digests (see `digest`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def get(self, key: str) -> bytes | None:
        """The payload stored under `key`, or None when absent or damaged."""
        try:
            data = self.path(key).read_bytes()
        except (OSError, ValueError):
            self.misses += 1
            return None
        payload = _unwrap(data)
        if payload is None:
            self.misses += 1
        else:
            self.hits += 1
            _touch(self.path(key))
        return payload

    def put(self, key: str, payload: bytes) -> bool:
        """Store `payload` under `key`; False (and nothing left behind) if it cannot be written."""
        target = self.path(key)
        temporary = target.with_name(f"{key}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with temporary.open("wb") as stream:
                stream.write(MAGIC + _check(payload) + payload)
            os.replace(temporary, target)
            return True
        except OSError:
            try:
                temporary.unlink(missing_ok=True)
            except OSError:
                pass
            return False


def prune(folder: Path, limit: int | None = None) -> int:
    """Remove the least recently used entries under `folder` until it holds at most
    `limit` bytes (`LIMIT_BYTES`); returns how many were removed. Never raises: the
    cache is optional."""
    limit = LIMIT_BYTES if limit is None else limit
    entries = sorted(_entries(folder))  # oldest first
    total = sum(size for _, size, _ in entries)
    removed = 0
    for _, size, path in entries:
        if total <= limit:
            break
        try:
            os.unlink(path)
        except OSError:
            continue
        total -= size
        removed += 1
    return removed


def _entries(folder: Path) -> list[tuple[float, int, str]]:
    """(last use, size, path) of every file under `folder`, temporary files of a write
    in progress included (they are renamed at once or are left-overs)."""
    found = []
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            try:
                status = os.stat(path)
            except OSError:
                continue
            found.append((status.st_mtime, status.st_size, path))
    return found


def _touch(path: Path) -> None:
    # A read entry counts as recently used (mtime), so that `prune` keeps it.
    try:
        os.utime(path)
    except OSError:
        pass


def _check(payload: bytes) -> bytes:
    return hashlib.blake2b(payload, digest_size=CHECK_SIZE).digest()


def _unwrap(data: bytes) -> bytes | None:
    head = len(MAGIC) + CHECK_SIZE
    if len(data) < head or not data.startswith(MAGIC):
        return None
    payload = data[head:]
    return payload if data[len(MAGIC):head] == _check(payload) else None


class TemplateCache(FileSystemBytecodeCache):
    """Jinja's compiled templates on disk, as safe as the store: a damaged entry is
    compiled again, a failed write is skipped (Jinja's own class would raise on both)."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a truncated or garbled entry: pickle and marshal raise many kinds
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def template_cache(folder: Path, environment_source: Path, kind: str) -> TemplateCache | None:
    """A TemplateCache for one Jinja environment, under a folder named after the code
    that configures the environment (Jinja's own key is the template alone); None when
    the folder cannot be made."""
    key = digest(jinja2.__version__, environment_source.read_bytes(), kind)[:16]
    target = folder / key / kind
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return TemplateCache(str(target))
