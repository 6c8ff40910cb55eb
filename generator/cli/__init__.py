"""The command line: `smg`, its commands and the one place where an error becomes an exit code."""

from generator.cli.commands import main

__all__ = ["main"]
