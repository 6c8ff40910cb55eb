"""Processes that smg starts end with it, and keep nothing of its own.

A build killed outright (kill -9, the machine's out-of-memory killer) runs no clean-up
code of its own. So each process smg forks (render, check and typography workers) and
each program it runs (Pagefind) asks the kernel to kill it when smg dies (Linux's
PR_SET_PDEATHSIG), and forked workers close the descriptor of the build lock
(publish.locked), which would otherwise keep the lock held by orphans: every later build
would be refused until someone killed them by hand.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # linux/prctl.h

_private: set[int] = set()  # descriptors no forked child keeps
_parent = [os.getpid()]  # the process about to fork, as seen from the child


def keep_private(fd: int) -> None:
    """Forked children close `fd` as they start (the lock stays the parent's alone)."""
    _private.add(fd)


def release(fd: int) -> None:
    _private.discard(fd)


def die_with_parent() -> None:
    """In a child: the kernel kills it when its parent dies (Linux only; elsewhere no-op).
    A parent already gone by then is seen at once, and the child ends."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != _parent[0]:
        os._exit(1)


def _before_fork() -> None:
    _parent[0] = os.getpid()


def _in_child() -> None:
    for fd in list(_private):
        try:
            os.close(fd)
        except OSError:
            pass
    _private.clear()
    die_with_parent()


os.register_at_fork(before=_before_fork, after_in_child=_in_child)
