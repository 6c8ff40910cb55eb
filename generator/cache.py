"""A content-addressed store on disk, for results that cost more to compute than to read.

Each entry is one file named after the digest of everything its value depends on
(`build/cache/<kind>/<2 hex>/<digest>`), so an entry is never updated: new inputs give
a new name. An entry is sealed: it carries a keyed digest of its name and payload,
under a secret kept outside the project (`secret`), so that an entry copied under another
name, truncated, corrupted or written by anyone but this user's smg (a `build/cache/`
committed in a pull request, say) reads as absent and is computed again, never a crash:
the cache holds sanitised HTML and compiled templates, which must not be forgeable. Writes go to
a unique temporary file renamed into place, so that readers, concurrent writers
(forked render workers) and an interrupted run never see half an entry. The store is
an optimisation only: when it cannot write (full disk, read-only folder), the caller
goes on without it. `TemplateCache` keeps Jinja's compiled templates with the same
guarantees. Old entries are never read again but stay on disk: `prune` keeps the whole
cache under a size, dropping the entries least recently used first (as ccache does).
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

PACKAGE = Path(__file__).parent
# What of the package shapes the output: its code at any depth, templates, vocabularies
# and theme overrides. Every key and fingerprint of the build reads this one list.
CODE_FOLDERS = ("templates", "data", "theme")

MAGIC = b"smg-cache-2\n"
# About ten full generations of 10,000 case studies: a contributor's cache never fills a disk.
LIMIT_BYTES = 512 * 2**20
CHECK_SIZE = 16  # bytes of keyed blake2b over the entry's name and payload
SECRET_SIZE = 32
# Entries found but not trusted, in this process, every store together: the generation
# says how many (forked render workers report theirs with their pages).
_DAMAGED = [0]


def damaged_count() -> int:
    return _DAMAGED[0]


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


def secret_file() -> Path:
    """Where this user's cache secret lives: outside every project, so that no project
    folder (a clone, a pull request) can bring entries this user's smg will trust."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "smg" / "cache-key"


@functools.cache
def secret() -> bytes:
    """This user's cache secret, created on first use (readable by this user only). When
    it can be neither read nor written, a secret for this process alone: the cache then
    serves this run only."""
    path = secret_file()
    try:
        return _read_secret(path)
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(os.urandom(SECRET_SIZE))
        try:
            os.link(temporary, path)  # never replaces a secret another process just made
        except FileExistsError:
            pass  # made by another process in the meantime: that one is the secret
        finally:
            temporary.unlink()
        return _read_secret(path)
    except OSError:
        return os.urandom(SECRET_SIZE)


def _read_secret(path: Path) -> bytes:
    data = path.read_bytes()
    if len(data) != SECRET_SIZE:
        raise OSError(f"{path}: not a cache secret")
    return data


def signature(kind: str, data: bytes) -> str:
    """A keyed digest of `data` (hex), for files smg keeps beside the cache (its state)."""
    return _check(kind, data).hex()


def seal(key: str, payload: bytes) -> bytes:
    """`payload` as stored under `key`: a header, then a keyed digest of both."""
    return MAGIC + _check(key, payload) + payload


def unseal(key: str, data: bytes) -> bytes | None:
    """The payload that `seal(key, …)` stored in `data`; None when `data` is anything else."""
    head = len(MAGIC) + CHECK_SIZE
    if len(data) < head or not data.startswith(MAGIC):
        return None
    payload = data[head:]
    return payload if data[len(MAGIC):head] == _check(key, payload) else None


class Store:
    """Entries of one kind under `folder`, keyed by digests (see `digest`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0
        self.damaged = 0  # entries found but not trusted: removed, computed again

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def get(self, key: str) -> bytes | None:
        """The payload stored under `key`, or None when absent or damaged."""
        try:
            data = self.path(key).read_bytes()
        except (OSError, ValueError):
            self.misses += 1
            return None
        payload = unseal(key, data)
        if payload is None:
            self.misses += 1
            self.damaged += 1
            _DAMAGED[0] += 1
            _remove(self.path(key))
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
                stream.write(seal(key, payload))
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


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:  # a folder in its place, or a read-only cache: it stays untrusted
        pass


def _check(key: str, payload: bytes) -> bytes:
    hasher = hashlib.blake2b(key=secret(), digest_size=CHECK_SIZE)
    name = key.encode("utf-8", "surrogatepass")
    hasher.update(len(name).to_bytes(8, "little"))
    hasher.update(name)
    hasher.update(payload)
    return hasher.digest()


class TemplateCache(BytecodeCache):
    """Jinja's compiled templates on disk, in a sealed store: compiled code is run, so an
    entry this user's smg did not write is compiled again, never loaded (Jinja's own
    file cache would unpickle and run it); a failed write is skipped."""

    def __init__(self, folder: Path) -> None:
        self.store = Store(folder)

    def load_bytecode(self, bucket: Bucket) -> None:
        payload = self.store.get(digest(bucket.key))
        if payload is None:
            return
        try:
            bucket.bytecode_from_string(payload)
        except Exception:  # sealed but unreadable (another Python's marshal format): compile again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.store.put(digest(bucket.key), bucket.bytecode_to_string())


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
    return TemplateCache(target)
