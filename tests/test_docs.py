"""The README documents what the code has: every finding code, command and census column."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

from ktt_indicators import __version__
from ktt_indicators.cli import app
from ktt_indicators.findings import CATALOG
from ktt_indicators.schema import COLUMNS, INFO_FIELDS

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
CI_RUN = (Path(__file__).parents[1] / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.parametrize("code", sorted(CATALOG))
def test_every_finding_code_is_documented(code: str) -> None:
    assert f"| `{code}` |" in README


@pytest.mark.parametrize("name", sorted(c.name or "" for c in app.registered_commands))
def test_every_command_is_documented(name: str) -> None:
    assert f"`ktt {name}" in README


@pytest.mark.parametrize("key", [c.key for c in COLUMNS] + [f.key for f in INFO_FIELDS])
def test_every_census_column_is_documented(key: str) -> None:
    assert f"`{key}`" in README


def test_ci_runs_exactly_the_readme_test_command() -> None:
    command = CI_RUN.strip().splitlines()[-1]
    assert command.startswith("python3 -m venv")
    assert f"\n{command}\n" in README


def test_every_finding_has_both_languages() -> None:
    for kind in CATALOG.values():
        assert kind.template["vi"] != kind.template["en"], kind.code
        assert kind.title["vi"] and kind.title["en"], kind.code


def test_every_module_is_in_the_layout_table() -> None:
    package = Path(__file__).parents[1] / "src" / "ktt_indicators"
    modules = sorted(p.name for p in package.glob("*.py") if p.name != "__init__.py")
    assert [m for m in modules if f"`{m}`" not in README] == []


def _transcripts() -> ModuleType:
    path = Path(__file__).parents[1] / "scripts" / "transcripts.py"
    spec = importlib.util.spec_from_file_location("transcripts", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_readme_transcripts_are_what_ktt_prints() -> None:
    """Each `$ ktt …` block of the README is the output of a real run (scripts/transcripts.py)."""
    made = _transcripts().render(README)
    assert made == README, "README.md's transcripts are out of step: run scripts/transcripts.py"


def test_every_ktt_transcript_of_the_readme_is_made_by_the_script() -> None:
    marked = "".join(m[0] for m in _transcripts().BLOCK.finditer(README))
    blocks = re.findall(r"```text\n\$ ktt[^\n]*\n", README)
    assert len(blocks) >= 5
    assert [b for b in blocks if b not in marked] == []


def test_a_transcript_is_the_real_output_and_can_be_cut() -> None:
    script = _transcripts()
    page = (
        "before\n<!-- transcript: ktt --version -->\nold\n<!-- /transcript -->\n"
        "<!-- transcript: ktt chek --lang en (first 2 lines) -->\n<!-- /transcript -->\n"
    )
    assert script.render(page) == (
        "before\n<!-- transcript: ktt --version -->\n"
        f"```text\n$ ktt --version\nktt {__version__}\n```\n<!-- /transcript -->\n"
        "<!-- transcript: ktt chek --lang en (first 2 lines) -->\n"
        "```text\n$ ktt chek --lang en\n"
        "Usage: ktt [OPTIONS] COMMAND [ARGS]...\nTry 'ktt -h' for help.\n…\n```\n"
        "<!-- /transcript -->\n"
    )
