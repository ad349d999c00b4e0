"""Make the transcripts of the README and of docs/ from real runs of ``ktt``.

Every transcript in README.md and docs/*.md sits between two markers that name its command::

    <!-- transcript: ktt gap --year 2030 -->
    ```text
    $ ktt gap --year 2030
    …what that command printed…
    ```
    <!-- /transcript -->

This script runs each command for real (the ``ktt`` of this Python environment, from the
repository's root, so that ``examples/…`` are the bundled examples) and writes what it
printed between the markers: stdout and stderr in the order they were written, as on a
terminal 100 columns wide with no colour, on a fixed day (``--today`` for the commands
that take it), lines stripped of trailing spaces. A marker that ends in ``(first N lines)``
keeps the first N lines of a long output and a line ``…`` for the rest.

    .venv/bin/python scripts/transcripts.py           # rewrite the pages in place
    .venv/bin/python scripts/transcripts.py --check   # exit 1 if a page is not in step

``tests/test_docs.py`` runs :func:`render` and fails when a page differs from it.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
#: The pages whose transcripts are made: the README, then the reference in docs/.
PAGES = [README, *sorted((ROOT / "docs").glob("*.md"))]
#: The screen the transcripts are printed on, and the day they are made.
COLUMNS = 100
TODAY = "2026-11-21"
#: The commands that take the (hidden) --today option.
TAKE_TODAY = {"check", "gap", "batch"}

BLOCK = re.compile(
    r"<!-- transcript: (?P<command>.+?)(?: \(first (?P<lines>\d+) lines\))? -->\n"
    r"(?P<body>.*?)"
    r"<!-- /transcript -->",
    re.S,
)


def _ktt() -> str:
    """The ``ktt`` of the running Python (a virtual environment's), else the one on PATH."""
    here = Path(sys.executable).parent / ("ktt.exe" if os.name == "nt" else "ktt")
    found = str(here) if here.is_file() else shutil.which("ktt")
    if found is None:
        raise SystemExit("ktt is not installed in this environment (pip install -e .)")
    return found


def _env() -> dict[str, str]:
    """A plain terminal of :data:`COLUMNS` columns: no colour, no user settings of ktt."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("KTT_", "FORCE_COLOR", "TTY_", "CLICOLOR"))}  # fmt: skip
    env |= {"COLUMNS": str(COLUMNS), "LINES": "50", "NO_COLOR": "1", "TERM": "dumb",
            "PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8"}  # fmt: skip
    return env


def run(command: str) -> str:
    """What ``command`` (``ktt …``) prints, stdout and stderr as written, one string."""
    args = shlex.split(command)
    if args[:1] != ["ktt"]:
        raise ValueError(f"a transcript runs ktt, not: {command}")
    args = args[1:]
    if any(a in TAKE_TODAY for a in args if not a.startswith("-")):
        args += ["--today", TODAY]
    done = subprocess.run(
        [_ktt(), *args],
        cwd=ROOT,
        env=_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        check=False,
    )
    return done.stdout.decode("utf-8")


def transcript(command: str, lines: int | None = None) -> str:
    """The block for ``command``: the command line, then its output (cut to ``lines``)."""
    shown = [line.rstrip() for line in run(command).splitlines()]
    if lines is not None and len(shown) > lines:
        shown = [*shown[:lines], "…"]
    return "\n".join(["```text", f"$ {command}", *shown, "```"]) + "\n"


def render(text: str) -> str:
    """``text`` (a README) with every transcript block made again from a real run."""

    def block(m: re.Match[str]) -> str:
        lines = int(m["lines"]) if m["lines"] else None
        head = m[0][: m.start("body") - m.start()]
        return f"{head}{transcript(m['command'], lines)}<!-- /transcript -->"

    return BLOCK.sub(block, text)


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = 0
    for page in PAGES:
        old = page.read_text(encoding="utf-8")
        new = render(old)
        if new == old:
            continue
        stale += 1
        name = page.relative_to(ROOT)
        if check:
            print(f"{name}'s transcripts are out of step: run .venv/bin/python "
                  "scripts/transcripts.py")  # fmt: skip
        else:
            page.write_text(new, encoding="utf-8")
            print(f"rewrote the transcripts of {name}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
