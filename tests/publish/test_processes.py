"""smg killed outright (kill -9) leaves no worker running and no lock held
(generator/processes.py, publish.locked)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from generator.project.project import Project
from generator.publish.publish import Busy, locked

# What a build does while it typesets or renders: the lock held, forked workers busy.
BUILD = """
import sys, time
from concurrent.futures import ProcessPoolExecutor
import multiprocessing
from pathlib import Path
from generator.project.project import Project
from generator.publish.publish import locked

def work(seconds):
    time.sleep(seconds)

with locked(Project(Path(sys.argv[1]))):
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as pool:
        jobs = [pool.submit(work, 120) for _ in range(2)]
        print(" ".join(str(pid) for pid in pool._processes), flush=True)
        time.sleep(120)
"""


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_killed_build_leaves_no_worker_and_no_lock(tmp_path: Path) -> None:
    project = Project(tmp_path)
    build = subprocess.Popen([sys.executable, "-c", BUILD, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    workers = [int(pid) for pid in build.stdout.readline().split()]
    assert len(workers) == 2 and all(alive(pid) for pid in workers)
    try:
        with locked(project):
            raise AssertionError("the build's lock was not held")
    except Busy:
        pass
    build.send_signal(signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 30
    while any(alive(pid) for pid in workers):
        assert time.monotonic() < deadline, f"workers still running after smg was killed: {workers}"
        time.sleep(0.05)
    with locked(project):  # taken at once: no orphan holds it
        pass


def test_a_program_smg_runs_dies_with_it(tmp_path: Path) -> None:
    """Pagefind and other programs start with processes.die_with_parent."""
    script = ("import subprocess, sys\n"
              "from generator import processes\n"
              "child = subprocess.Popen(['sleep', '120'], preexec_fn=processes.die_with_parent)\n"
              "print(child.pid, flush=True)\n"
              "child.wait()\n")
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    assert alive(child)
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 30
    while alive(child):
        assert time.monotonic() < deadline, "the program outlived smg"
        time.sleep(0.05)
