"""The README documents what the code has: every finding code, command and census column."""

from __future__ import annotations

from pathlib import Path

import pytest

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
