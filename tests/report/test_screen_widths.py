"""The tables of ``ktt`` fit the screen they are printed on and cut no word across lines.

At 60, 80, 100, 120 and 200 columns, in both languages, through a pipe (``COLUMNS``), on a
terminal that rich believes in (``FORCE_COLOR``) and on a real pseudo-terminal: no line is
wider than the screen, every target's id and every word of its title is whole on some line,
and every word of the widest output (numbers, bars, names, codes) is whole at every width.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from ktt_indicators.census.findings import CATALOG
from ktt_indicators.cli.app import app
from ktt_indicators.core.i18n import Lang, catalogue

ROOT = Path(__file__).parents[2]
HISTORY = ROOT / "examples" / "history-can-tho.yaml"
FINDINGS = ROOT / "examples" / "census-findings.xlsx"
WIDTHS = (60, 80, 100, 120, 200)
TODAY = ["--today", "2026-11-21"]

COMMANDS: dict[str, list[str]] = {
    "gap": ["gap", "--year", "2030"],
    "gap-all-years": ["gap"],
    "gap-by": ["gap", "--year", "2030", "--by", "quan_huyen"],
    "gap-history": ["gap", "--history", str(HISTORY)],
    "explain": ["gap", "--explain", "nonag_exemplary_per_district_2030"],
    "check": ["check", str(FINDINGS)],
}

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
# Words are what lies between spaces and box-drawing characters, less their punctuation.
SPLIT = re.compile(r"[\s\u2500-\u257f]+")
PUNCTUATION = ".,:;()«»"


def words(text: str) -> set[str]:
    return {w.strip(PUNCTUATION) for w in SPLIT.split(text)} - {""}


def run(args: list[str], lang: Lang, width: int, terminal: bool = False) -> str:
    env = {"KTT_LANG": lang, "KTT_TARGETS": None, "COLUMNS": str(width)}
    env |= {"FORCE_COLOR": "1", "NO_COLOR": None} if terminal else {"FORCE_COLOR": None}
    result = CliRunner(env=env).invoke(app, [*args, *TODAY])
    assert result.exit_code in (0, 1), result.output
    return ANSI.sub("", result.stdout)


_cache: dict[tuple[str, Lang, int, bool], str] = {}


def output(name: str, lang: Lang, width: int, terminal: bool = False) -> str:
    key = (name, lang, width, terminal)
    if key not in _cache:
        _cache[key] = run(COMMANDS[name], lang, width, terminal)
    return _cache[key]


def expected_words(name: str, lang: Lang) -> set[str]:
    """Ids and title words of the targets shown, title words and cells of the findings shown."""
    if name == "check":
        data = json.loads(run([*COMMANDS[name], "--format", "json"], lang, 200))
        found = [x for f in data["files"] for x in [*f["errors"], *f["warnings"]]]
        titles = {w for x in found for w in words(CATALOG[x["code"]].title(lang))}
        return titles | {x["cell"] for x in found if x.get("cell")}
    if name == "explain":
        data = json.loads(run([*COMMANDS[name], "--format", "json"], lang, 200))
        return {data["id"]} | {w for o in data["counted"] for w in words(o["ten"])}
    data = json.loads(run([*COMMANDS[name], "--format", "json"], lang, 200))
    return {t["id"] for t in data["targets"]} | {
        w for t in data["targets"] for w in words(t["title"])
    }


def check_fits(text: str, width: int, name: str, lang: Lang) -> None:
    lines = text.splitlines()
    too_wide = [line for line in lines if cell_len(line) > width]
    assert too_wide == [], f"{name} {lang} at {width}: lines wider than the screen"
    seen = words(text)
    assert expected_words(name, lang) - seen == set(), f"{name} {lang} at {width}"
    # Column headings may be shown once, or beside each value: the rest must be whole.
    headings = {w for k, v in catalogue(lang).items() if k.startswith("label.") for w in words(v)}
    widest = words(output(name, lang, 200)) - headings
    assert widest - seen == set(), f"{name} {lang} at {width}: words cut or lost"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_fits_the_width_through_a_pipe(name: str, lang: Lang, width: int) -> None:
    check_fits(output(name, lang, width), width, name, lang)


@pytest.mark.parametrize("width", [60, 100])
@pytest.mark.parametrize("name", ["gap-history", "check"])
def test_fits_the_width_on_a_terminal(name: str, width: int) -> None:
    check_fits(output(name, "vi", width, terminal=True), width, name, "vi")


def test_narrow_screens_get_blocks_and_wide_ones_a_table() -> None:
    """The layout changes with the width instead of squeezing the table's columns."""
    assert "┃" not in output("gap", "vi", 80) and "┃" in output("gap", "vi", 200)
    narrow = output("gap", "vi", 80).splitlines()
    assert "nonag_exemplary_per_district_2030 · 2030" in narrow
    assert any(line.startswith("  Hiện tại: 1.402") for line in narrow)


def on_a_pty(args: list[str], columns: int) -> str:
    """The output of ``ktt args`` on a real pseudo-terminal ``columns`` wide (no COLUMNS)."""
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    env |= {"TERM": "xterm-256color", "KTT_LANG": "vi"}
    env.pop("KTT_TARGETS", None)
    code = "from ktt_indicators.cli.app import main; main()"
    proc = subprocess.Popen([sys.executable, "-c", code, *args, *TODAY], stdin=slave,
                            stdout=slave, stderr=slave, env=env, cwd=ROOT)  # fmt: skip
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: every end of the terminal is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert proc.wait() in (0, 1)
    return ANSI.sub("", b"".join(chunks).decode("utf-8").replace("\r", ""))


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
@pytest.mark.parametrize(("name", "columns"), [("gap", 60), ("gap-by", 100), ("check", 80)])
def test_fits_a_real_terminal(name: str, columns: int) -> None:
    text = on_a_pty(COMMANDS[name], columns)
    assert text.strip()
    check_fits(text, columns, name, "vi")
