"""`python -m patronage` is the `patronage` command."""

from patronage.cli import main

main()
