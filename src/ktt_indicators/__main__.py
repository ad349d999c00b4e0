"""``python -m ktt_indicators``: the ``ktt`` command, where its script is not on the PATH."""

from .cli import main

main()
