"""python -m generator.cli is smg."""

from generator.cli.commands import main

main()
