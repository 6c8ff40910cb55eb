"""The tool's own errors: each carries a French message for the person running smg and
the exit code the command ends with. The CLI's `Boundary` (cli/commands.py) turns them
into that message and code, in one place: nothing else in smg ends a command (content
problems are data, `problems.Problem`, never exceptions)."""

from __future__ import annotations


class SmgError(Exception):
    """Something smg cannot do as asked; `str(error)` is the French message."""

    exit_code = 1

    def text(self) -> str:
        """The line the command prints on its error output."""
        return f"Erreur : {self}"


class UsageError(SmgError):
    """A command given something it cannot use (a missing file, a wrong argument)."""

    exit_code = 2


class Stopped(SmgError):
    """A command stops with a message of its own, printed as it is (it may be empty when
    what went wrong was printed already, as problems are)."""

    def text(self) -> str:
        return str(self)


class ProblemsFound(Stopped):
    """Errors in the sources (already printed as problems): nothing was written."""


class NotPublished(Stopped):
    """The engine or a finishing step failed: site/ stays the previous complete site."""


class Interrupted(Stopped):
    """Ctrl-C (exit 130) or SIGTERM (exit 143), with what stays as it was."""

    def __init__(self, message: str, signum: int) -> None:
        super().__init__(message)
        self.exit_code = 128 + signum
