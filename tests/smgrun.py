"""Run the real `smg` command in a subprocess and read its stderr as it comes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

SMG = [sys.executable, "-c", "from generator.cli import main; main()"]

def _ctrl_c_as_in_a_terminal() -> None:
    # A runner started in the background by a shell ignores SIGINT, and the child would
    # inherit that: smg gets Ctrl-C as a terminal gives it.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Run:
    """A running `smg` command whose stderr is read as it comes."""

    def __init__(self, root: Path, *args: str, stop_at: str | None = None,
                 resume: Path | None = None) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("SMG_TEST_")}
        if stop_at:
            env["SMG_TEST_STOP_AT"] = stop_at
        if resume:
            env["SMG_TEST_RESUME"] = str(resume)
        self.root = root
        # Its own session, as a shell gives a job: Ctrl-C is sent to that whole group.
        self.process = subprocess.Popen(SMG + list(args), cwd=root, env=env, text=True,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                        start_new_session=True, preexec_fn=_ctrl_c_as_in_a_terminal)
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stderr:
            self.lines.append(line)

    @property
    def stderr(self) -> str:
        return "".join(self.lines)

    def wait_for(self, text: str, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.stderr:
            assert self.process.poll() is None or text in self.stderr, \
                f"smg stopped before « {text} »:\n{self.stderr}"
            assert time.monotonic() < deadline, f"« {text} » never came:\n{self.stderr}"
            time.sleep(0.05)

    def finish(self, timeout: float = 120) -> int:
        code = self.process.wait(timeout)
        self.reader.join(10)
        return code

    def signal(self, sig: int) -> None:
        if sig == signal.SIGINT:
            os.killpg(self.process.pid, sig)  # what a terminal's Ctrl-C does
        else:
            os.kill(self.process.pid, sig)


def smg(root: Path, *args: str) -> tuple[int, str]:
    run = Run(root, *args)
    return run.finish(), run.stderr
