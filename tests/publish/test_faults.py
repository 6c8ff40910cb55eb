"""A build publishes all or nothing: the real `smg build` killed, interrupted, out of
disk space, on a read-only folder, or run twice at once.

Each test runs `smg` as a subprocess on a copy of an already built project (the small
one, sitekit.small_project: what is checked does not depend on the size of the site),
after an edit of a case study (so the new site differs from the previous one), stops or breaks
it at a chosen moment, and checks that site/ is then the previous complete site, or
the new complete one: every file there, every page's link to the offline zip leading
to a valid zip, no temporary file inside, no traceback printed, no MkDocs process left.

Moments inside the build are reached through the seam of `generator/write/files.py`
(`test_point`): SMG_TEST_STOP_AT=<point> makes smg print `smg-test-point <point>` and
wait there, until it is signalled or the file named by SMG_TEST_RESUME appears.
Moments inside MkDocs are reached by watching its output folder fill up.

The disk tests mount a small tmpfs (root, or `sudo -n`); without that they are skipped,
except in CI (`CI` set) where they fail.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import signal
import subprocess
import time
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator import layout
from generator.cli import commands
from generator.project.project import Project
from generator.publish import offline

from ..sitekit import ROOT, make_project, snapshot
from ..smgrun import Run, smg

ZIP_LINK = re.compile(r'href="([^"]*' + re.escape(offline.ARCHIVE_NAME) + ')"')
SITE_PATH = urlsplit(Project(ROOT).config().site_url).path  # how 404.html's absolute links start
# The build the deploy workflow runs: with the offline copy, so every footer links to its zip.
BUILD = ("build", "--offline")
TEMPORARIES = ("build/site.tmp", "build/site.old", "build/offline.tmp", "build/docs.smg-staging")


# --- watching smg ------------------------------------------------------------------------

def wait_for_files(folder: Path, count: int, timeout: float = 90) -> None:
    """Wait until MkDocs has written `count` files into `folder`: it is mid-build."""
    deadline = time.monotonic() + timeout
    while not (folder.is_dir() and sum(1 for p in folder.rglob("*") if p.is_file()) >= count):
        assert time.monotonic() < deadline, f"{folder} never got {count} files"
        time.sleep(0.02)


def processes_about(root: Path) -> list[str]:
    """Command lines of the processes still working on this project (MkDocs children)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            line = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if str(root) in line:
            found.append(line)
    return found


def assert_no_children(root: Path) -> None:
    deadline = time.monotonic() + 10
    while processes_about(root):
        assert time.monotonic() < deadline, f"still running: {processes_about(root)}"
        time.sleep(0.1)


# --- what a published site must be ---------------------------------------------------------

MARKER = "Phrase ajoutée pendant le test de panne."


def edit_a_case(root: Path) -> None:
    source = root / "casestudies" / "alpha.md"
    source.write_text(source.read_text(encoding="utf-8") + f"\n{MARKER}\n", encoding="utf-8")


# Pagefind names its index files by their content: one edit renames some of them.
_HASHED = re.compile(r"^(pagefind/.*[._])[0-9a-f]{6,}(\.pf_\w+)$")


def files_of(folder: Path) -> set[str]:
    """Every file of a site; Pagefind's content-named files by their kind alone."""
    return {_HASHED.sub(r"\1#\2", p.relative_to(folder).as_posix()) for p in folder.rglob("*") if p.is_file()}


def assert_search_index_whole(site: Path) -> None:
    """The search index's entry file names a metadata file that is there."""
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        assert (site / "pagefind" / f"pagefind.{language['hash']}.pf_meta").is_file(), language


def assert_complete(site: Path, expected_files: set[str]) -> None:
    """`site` holds a whole site: every file, every link to the zip resolving to a valid zip."""
    assert site.is_dir(), "site/ is missing"
    present = files_of(site)
    assert present == expected_files, (f"missing: {sorted(expected_files - present)[:5]}, "
                                       f"extra: {sorted(present - expected_files)[:5]}")
    assert_search_index_whole(site)
    pages = [p for p in site.rglob("*.html")]
    linked = 0
    for page in pages:
        for href in ZIP_LINK.findall(page.read_text(encoding="utf-8")):
            target = site / href.removeprefix(SITE_PATH) if href.startswith("/") else page.parent / href
            assert target.resolve().is_file(), f"{page}: {href} leads nowhere"
            linked += 1
    assert linked >= len(pages) - 5  # every page's footer (redirect stubs have none)
    with zipfile.ZipFile(site / offline.ARCHIVE_FOLDER / offline.ARCHIVE_NAME) as archive:
        assert archive.testzip() is None


def published(root: Path, before: dict, expected_files: set[str]) -> str:
    """'previous' or 'new', after checking site/ is one of them, whole."""
    site = root / "site"
    assert_complete(site, expected_files)
    if snapshot(site) == before:
        return "previous"
    assert MARKER in (site / "cas/alpha/index.html").read_text(encoding="utf-8"), \
        "site/ is neither the previous site nor the new one"
    return "new"


def assert_clean(root: Path, stderr: str) -> None:
    assert "Traceback" not in stderr, stderr
    assert not [p for p in (root / "build" / "docs").rglob("*") if p.name.endswith(".smg-tmp")]


# --- the shared starting point -----------------------------------------------------------------

@pytest.fixture(scope="module")
def built(small_site: Project) -> Path:
    """The small project built once with `smg build --offline` (tests/conftest.py), the
    site every test starts from: tests work on copies of it."""
    return small_site.root


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    """A copy of the built project, with one case study edited since its build."""
    root = tmp_path / "projet"
    shutil.copytree(built, root, symlinks=True)
    edit_a_case(root)
    return root


@pytest.fixture(scope="module")
def site_files(built: Path) -> set[str]:
    return files_of(built / "site")


# --- killed or interrupted ---------------------------------------------------------------------

# Where smg is stopped: a seam point, or a folder MkDocs is writing into.
MOMENTS = {
    "commit": ("point", "commit"),                   # renaming pages into build/docs/
    "mkdocs": ("files", "build/site.tmp"),           # MkDocs building the site
    "after-mkdocs": ("point", "after-mkdocs"),       # site built, offline copy not started
    "offline-mkdocs": ("files", "build/offline.tmp"),  # MkDocs building the offline copy
    "offline-zip": ("point", "offline-zip"),         # zip half written in the new site
    "before-swap": ("point", "before-swap"),         # everything built, not yet published
}
FAULTS = ([(moment, signal.SIGKILL) for moment in MOMENTS]
          + [(moment, signal.SIGTERM) for moment in ("mkdocs", "offline-zip")]
          + [(moment, signal.SIGINT) for moment in ("offline-mkdocs", "before-swap")])
# Kills that leave every kind of temporary behind (staged pages, the new site, the
# offline copy) and the lock: the next build must clean them, take the lock, publish.
RERUN_AFTER = {"commit", "offline-zip", "before-swap"}


def stop_at(root: Path, moment: str) -> Run:
    kind, where = MOMENTS[moment]
    run = Run(root, *BUILD, stop_at=where if kind == "point" else None)
    if kind == "point":
        run.wait_for(f"smg-test-point {where}")
    else:
        wait_for_files(root / where, 20)
    return run


@pytest.mark.parametrize(("moment", "sig"), FAULTS, ids=[f"{m}-{signal.Signals(s).name}" for m, s in FAULTS])
def test_stopped_build_leaves_the_previous_site(project: Path, site_files: set[str], moment: str,
                                                sig: int) -> None:
    before = snapshot(project / "site")
    run = stop_at(project, moment)
    run.signal(sig)
    code = run.finish()
    assert_no_children(project)
    kind, where = MOMENTS[moment]
    if kind == "files":  # MkDocs stopped with us: it never wrote the search index, its last step
        assert not list((project / where).glob("search/search_index.*")), "MkDocs went on after smg was stopped"
    assert published(project, before, site_files) == "previous"
    assert_clean(project, run.stderr)
    if sig == signal.SIGKILL:
        assert code == -signal.SIGKILL
    else:
        assert code == 128 + sig, run.stderr
        assert "Interrompu. Le site précédent (site/) est resté tel qu'il était." in run.stderr
        assert not [name for name in TEMPORARIES if (project / name).exists()]
    if sig != signal.SIGKILL or moment not in RERUN_AFTER:
        return
    # The next build cleans what was left and publishes the new site.
    code, stderr = smg(project, *BUILD)
    assert code == 0, stderr
    assert published(project, before, site_files) == "new"
    assert not [name for name in TEMPORARIES if (project / name).exists()]
    assert_clean(project, stderr)


# --- two commands at once ----------------------------------------------------------------

BUSY = "Une autre commande smg (build, generate ou serve) utilise déjà ce projet"


def test_a_second_command_is_refused_while_a_build_runs(project: Path, site_files: set[str]) -> None:
    before = snapshot(project / "site")
    first = stop_at(project, "after-mkdocs")
    for command in (["build"], ["generate"], ["serve", "--dev-addr", "127.0.0.1:1"]):
        code, stderr = smg(project, *command)
        assert code == 1 and BUSY in stderr and "build/.smg.lock" in stderr, stderr
        # Refused, not queued: the first build, parked at its stop point, still holds the lock.
        assert first.process.poll() is None, first.stderr
        assert "Traceback" not in stderr
    first.signal(signal.SIGTERM)
    assert first.finish() == 128 + signal.SIGTERM
    assert published(project, before, site_files) == "previous"


def test_two_builds_started_together(project: Path, site_files: set[str]) -> None:
    before = snapshot(project / "site")
    runs = [Run(project, *BUILD), Run(project, *BUILD)]
    codes = [run.finish() for run in runs]
    assert sorted(codes) == [0, 1], [run.stderr for run in runs]
    refused = runs[codes.index(1)].stderr
    assert BUSY in refused and "Site construit" not in refused
    assert published(project, before, site_files) == "new"
    for run in runs:
        assert_clean(project, run.stderr)


# --- full disk, read-only folder -----------------------------------------------------------------

def _mount(*args: str) -> bool:
    command = ["mount", *args] if os.geteuid() == 0 else ["sudo", "-n", "mount", *args]
    return subprocess.run(command, capture_output=True).returncode == 0


def _umount(path: Path) -> None:
    command = ["umount", "-l", str(path)]
    subprocess.run(command if os.geteuid() == 0 else ["sudo", "-n", *command], capture_output=True)


@pytest.fixture
def small_disk(built: Path, tmp_path: Path):
    """The built project, edited, on its own tmpfs with room for about two more builds."""
    disk = tmp_path / "disque"
    disk.mkdir()
    if os.environ.get("SMG_DISK_TESTS") == "skip":
        # Set by the GitHub workflow, whose unprivileged container may not mount anything;
        # .ci/run, as root on the project's own machine, runs these tests.
        pytest.skip("SMG_DISK_TESTS=skip: no tmpfs can be mounted in this container")
    if not _mount("-t", "tmpfs", "-o", f"size=160m,uid={os.getuid()},gid={os.getgid()}", "tmpfs", str(disk)):
        if os.environ.get("CI"):
            pytest.fail("cannot mount a tmpfs for the disk tests")
        pytest.skip("cannot mount a tmpfs here (needs root or sudo)")
    try:
        root = disk / "projet"
        shutil.copytree(built, root, symlinks=True)
        edit_a_case(root)
        yield root
    finally:
        _umount(disk)


def fill(disk: Path, leave: int = 0) -> None:
    """Fill the file system of `disk` until only `leave` bytes are free."""
    info = os.statvfs(disk)
    free = info.f_bavail * info.f_frsize
    with open(disk / "remplissage", "wb") as stream:
        remaining = max(free - leave, 0)
        try:
            while remaining > 0:
                chunk = min(remaining, 1 << 20)
                stream.write(b"\0" * chunk)
                remaining -= chunk
            stream.flush()
        except OSError as error:
            assert error.errno == errno.ENOSPC


DISK_FULL = "plus de place sur le disque"


@pytest.mark.parametrize("free", [16 << 10, 2 << 20])
def test_full_disk_before_the_build(small_disk: Path, site_files: set[str], free: int) -> None:
    """Too little room for the generated pages (16 kB) or for MkDocs' site (2 MB)."""
    before = snapshot(small_disk / "site")
    fill(small_disk.parent, leave=free)
    code, stderr = smg(small_disk, *BUILD)
    assert code == 1 and DISK_FULL in stderr, stderr
    assert published(small_disk, before, site_files) == "previous"
    assert_clean(small_disk, stderr)
    if free > 1 << 20:
        return
    (small_disk.parent / "remplissage").unlink()  # room again: the next build publishes
    code, stderr = smg(small_disk, *BUILD)
    assert code == 0, stderr
    assert published(small_disk, before, site_files) == "new"


@pytest.mark.parametrize("moment", ["after-mkdocs", "offline-zip", "before-swap"])
def test_disk_fills_up_during_the_build(small_disk: Path, site_files: set[str], moment: str) -> None:
    """The disk is full when the offline copy starts, while the zip is written, or at the swap."""
    before = snapshot(small_disk / "site")
    resume = small_disk.parent / "reprendre"
    run = Run(small_disk, *BUILD, stop_at=moment, resume=resume)
    run.wait_for(f"smg-test-point {moment}")
    fill(small_disk.parent)
    resume.touch()
    code = run.finish()
    kept = published(small_disk, before, site_files)
    assert_clean(small_disk, run.stderr)
    if moment == "before-swap":
        assert code == 0 and kept == "new", run.stderr  # a swap is a rename: it needs no room
    else:
        assert code == 1 and DISK_FULL in run.stderr, run.stderr
        assert kept == "previous"
        assert "Site construit" not in run.stderr


def test_read_only_project(small_disk: Path, site_files: set[str]) -> None:
    before = snapshot(small_disk / "site")
    assert _mount("-o", "remount,ro", str(small_disk.parent))
    code, stderr = smg(small_disk, *BUILD)
    assert code == 1, stderr
    assert "système de fichiers en lecture seule" in stderr, stderr
    assert published(small_disk, before, site_files) == "previous"
    assert "Traceback" not in stderr


def test_output_becomes_read_only_before_the_swap(small_disk: Path, site_files: set[str]) -> None:
    before = snapshot(small_disk / "site")
    resume = small_disk.parent.parent / "reprendre"  # outside the read-only disk
    run = Run(small_disk, *BUILD, stop_at="before-swap", resume=resume)
    run.wait_for("smg-test-point before-swap")
    assert _mount("-o", "remount,ro", str(small_disk.parent))
    resume.touch()
    code = run.finish()
    assert code == 1, run.stderr
    assert "site : système de fichiers en lecture seule" in run.stderr, run.stderr
    assert published(small_disk, before, site_files) == "previous"
    assert "Traceback" not in run.stderr


# --- the messages, without a mount ------------------------------------------------------------

@pytest.mark.parametrize(("code", "reason"), [(errno.ENOSPC, DISK_FULL), (errno.EACCES, "permission refusée"),
                                              (errno.EROFS, "système de fichiers en lecture seule")])
def test_disk_errors_become_one_french_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int,
                                            reason: str) -> None:
    from click.testing import CliRunner

    from generator.cli import commands as cli

    project = make_project(tmp_path)
    target = project.out_dir / layout.written("cas/rennes.md")

    def failing_generate(*args, **kwargs):
        raise OSError(code, os.strerror(code), str(target))

    monkeypatch.setattr(commands, "generate_tree", failing_generate)
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(cli.main, ["build"])
    assert result.exit_code == 1
    assert result.output.strip() == (f"Erreur d'écriture ou de lecture : build/docs/cas/rennes/index.md : {reason}. "
                                     "Le site précédent (site/) est resté tel qu'il était.")
    assert not isinstance(result.exception, OSError)
