"""One rule for every output, as ``ktt batch`` does for its folder: the folders an output
names are made before the work, and a folder that cannot be made stops the run before it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from ktt_indicators.cli.app import app

from conftest import MakeCensus

runner = CliRunner(env={"KTT_LANG": None, "KTT_TARGETS": None, "COLUMNS": "200"})
TODAY = ["--today", "2026-11-21"]


def ktt(*args: str | Path) -> Result:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def census(make_census: MakeCensus) -> Path:
    return make_census([{}, {"loai_hinh": "THT", "ma_so": None}])


@pytest.mark.parametrize(
    ("command", "name", "code"),
    [
        (["check", "{census}", "-o"], "check.json", 0),
        (["check", "{census}", "--mark-up"], "copy.xlsx", 0),
        (["gap", "{census}", "-o"], "gap.md", 0),
        (["gap", "{census}", "-o"], "gap.xlsx", 0),
        (["gap", "{census}", "-o"], "report.docx", 0),
        (["template", "-o"], "template.xlsx", 0),
        (["batch", "{folder}", "-o"], "", 0),
    ],
)
def test_an_output_in_folders_that_do_not_exist_makes_them(
    census: Path, tmp_path: Path, command: list[str], name: str, code: int
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.xlsx").write_bytes(census.read_bytes())
    target = tmp_path / "not" / "yet" / name if name else tmp_path / "not" / "yet"
    args = [a.format(census=census, folder=folder) for a in command]
    result = ktt(*args, target, *([] if command[0] == "template" else TODAY))
    assert result.exit_code == code, result.output
    assert target.exists()
    if name:
        assert target.stat().st_size > 0


@pytest.mark.parametrize(
    ("command", "name"),
    [
        (["check", "{census}", "-o"], "check.json"),
        (["check", "{census}", "--mark-up"], "copy.xlsx"),
        (["gap", "{census}", "-o"], "report.docx"),
        (["template", "-o"], "template.xlsx"),
        (["batch", "{folder}", "-o"], ""),
    ],
)
def test_a_folder_that_cannot_be_made_stops_the_run_before_the_work(
    census: Path, tmp_path: Path, command: list[str], name: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.xlsx").write_bytes(census.read_bytes())
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    target = blocker / "sub" / name if name else blocker / "sub"
    args = [a.format(census=census, folder=folder) for a in command]
    result = ktt(*args, target, *([] if command[0] == "template" else TODAY))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""  # nothing was checked or computed: no table, no summary line
    assert str(blocker) in result.stderr
    assert blocker.read_text(encoding="utf-8") == "not a folder"
