"""`python -m generator`: the same command line as `smg`."""

from .cli import main

main(prog_name="smg")
