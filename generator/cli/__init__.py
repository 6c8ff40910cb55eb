"""The command line: `smg`, its commands and the one place where an error becomes an exit code."""

import sys


def main() -> None:
    """`smg`. Its commands are imported here, not above: loading them (MkDocs, pydantic…)
    takes a second or more, and Ctrl-C in that second ends with one French line and code
    130, as it does later through commands.Boundary, not with a traceback."""
    try:
        from generator.cli.commands import main as commands
    except KeyboardInterrupt:
        sys.stderr.write("Interrompu pendant le démarrage de smg : rien n'a été lu ni écrit.\n")
        sys.exit(130)
    commands()


__all__ = ["main"]
