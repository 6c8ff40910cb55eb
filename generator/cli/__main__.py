"""python -m generator.cli is smg."""

from generator.cli import main

main()
