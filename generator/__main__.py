"""`python -m generator`: the same command line as `smg`."""

from generator.cli.commands import main

main(prog_name="smg")
