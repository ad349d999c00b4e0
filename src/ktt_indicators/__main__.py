"""``python -m ktt_indicators``: the ``ktt`` command, where its script is not on the PATH."""

from .cli import main

# Guarded: ktt serve's child processes start from a fork server that imports the main
# module again (as __mp_main__), which must not run ktt a second time.
if __name__ == "__main__":
    main()
