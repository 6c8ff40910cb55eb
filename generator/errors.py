"""The tool's own errors: each carries a French message for the person running smg and
the exit code the command ends with. `cli.main` turns them into that message and code,
in one place (content problems are data, `problems.Problem`, never exceptions)."""

from __future__ import annotations


class SmgError(Exception):
    """Something smg cannot do as asked; `str(error)` is the French message."""

    exit_code = 1


class UsageError(SmgError):
    """A command given something it cannot use (a missing file, a wrong argument)."""

    exit_code = 2
