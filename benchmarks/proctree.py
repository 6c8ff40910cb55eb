"""Run a command and account for its process tree: CPU time and peak memory per kind of
process (smg and its workers, MkDocs, Pagefind), wall time and the load average beside.

CPU time of the whole tree is exact (the kernel's account of the waited-for children).
The split by kind, and the peaks, come from sampling /proc every SAMPLE seconds: each
process's user + system time and its VmHWM (the largest resident size it reached) as last
seen; a process that lives less than one sample is missed, and each one's last SAMPLE
seconds too. The rest of the tree's CPU time (what sampling missed) is counted as smg's.
"""

from __future__ import annotations

import os
import resource
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

SAMPLE = 0.1  # seconds between two readings of /proc
TICKS = os.sysconf("SC_CLK_TCK")
KINDS = ("smg", "MkDocs", "Pagefind", "autre")


@dataclass
class Tree:
    """What one command cost."""

    seconds: float  # wall time
    cpu: float  # user + system of the command and every process it started (exact)
    cpu_by_kind: dict[str, float] = field(default_factory=dict)
    peak_mib_by_kind: dict[str, float] = field(default_factory=dict)
    load: tuple[float, float] = (0.0, 0.0)  # one-minute load average before and after
    output: str = ""
    returncode: int = 0

    @property
    def peak_mib(self) -> float:
        return max(self.peak_mib_by_kind.values(), default=0.0)


def kind_of(argv: list[str]) -> str:
    """Which program a process is, from its command line."""
    if not argv:
        return "autre"
    if "pagefind" in Path(argv[0]).name:
        return "Pagefind"
    script = argv[2] if len(argv) > 2 and argv[1] == "-c" else ""
    if "mkdocs" in script or any(Path(arg).name == "mkdocs" for arg in argv[:3]):
        return "MkDocs"
    # smg, and the workers it starts (forked: its own command line; spawned: multiprocessing's).
    if ("generator" in " ".join(argv[:4]) or "multiprocessing" in " ".join(argv[:3])
            or any(Path(arg).name == "smg" for arg in argv[:2])):
        return "smg"
    return "autre"


def run(command: list[str], cwd: Path, env: dict[str, str]) -> Tree:
    """Run `command` to its end, sampling its process tree."""
    load_before = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    seen: dict[int, tuple[str, float, float]] = {}  # pid -> (kind, cpu seconds, peak MiB)
    output: list[str] = []
    reader = _drain(process, output)
    while process.poll() is None:
        _sample(process.pid, seen)
        time.sleep(SAMPLE)
    reader.join()
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Tree(seconds, cpu, *_totals(seen, cpu), (load_before, os.getloadavg()[0]), "".join(output),
                process.returncode)


def _drain(process: subprocess.Popen, output: list[str]) -> threading.Thread:
    thread = threading.Thread(target=lambda: output.extend(process.stdout), daemon=True)
    thread.start()
    return thread


def _totals(seen: dict[int, tuple[str, float, float]], cpu: float) -> tuple[dict, dict]:
    by_kind = {kind: 0.0 for kind in KINDS}
    peaks = {kind: 0.0 for kind in KINDS}
    for kind, seconds, peak in seen.values():
        by_kind[kind] += seconds
        peaks[kind] = max(peaks[kind], peak)
    by_kind["smg"] += max(0.0, cpu - sum(by_kind.values()))  # what sampling missed
    return ({k: v for k, v in by_kind.items() if v}, {k: v for k, v in peaks.items() if v})


def _sample(root: int, seen: dict[int, tuple[str, float, float]]) -> None:
    for pid in _descendants(root):
        reading = _read(pid)
        if reading is not None:
            kind, cpu, peak = reading
            previous = seen.get(pid)
            if previous:  # an exited process (a zombie) has no command line left: keep what it was
                kind = previous[0] if kind == "autre" else kind
                cpu, peak = max(cpu, previous[1]), max(peak, previous[2])
            seen[pid] = (kind, cpu, peak)


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry))
    found, queue = [], [root]
    while queue:
        pid = queue.pop()
        found.append(pid)
        queue.extend(children.get(pid, []))
    return found


def _read(pid: int) -> tuple[str, float, float] | None:
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    cpu = (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime
    peak_kb = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), 0)
    return kind_of([arg.decode(errors="replace") for arg in argv if arg]), cpu, peak_kb / 1024
