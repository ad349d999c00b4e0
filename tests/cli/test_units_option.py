"""``ktt --units FILE``: a newer list of units read instead of the bundled one, and a list
that cannot be read refused as a usage mistake."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ktt_indicators.census.area_units import use_units_file
from ktt_indicators.cli.app import app
from ktt_indicators.core.resources import admin_units_dir

from conftest import write_census

runner = CliRunner(env={"KTT_LANG": None, "KTT_TARGETS": None, "NO_COLOR": "1"})


@pytest.fixture(autouse=True)
def _bundled_list_after() -> Iterator[None]:
    """Each test starts and ends with the bundled list (``ktt --units`` also names its list
    in the environment, for the processes it starts)."""
    before = os.environ.pop("KTT_UNITS", None)
    yield
    use_units_file(None)
    os.environ.pop("KTT_UNITS", None)
    if before is not None:
        os.environ["KTT_UNITS"] = before


def _census(tmp_path: Path) -> Path:
    rows = [{"ten": "THT Mới", "loai_hinh": "THT", "xa_phuong": "Xã Thử Nghiệm Mới",
             "quan_huyen": None}]  # fmt: skip
    return write_census(tmp_path / "c.xlsx", rows)


def _area_codes(result_output: str) -> list[str]:
    data = json.loads(result_output)
    return [w["code"] for f in data["files"] for w in f["warnings"] if "area" in w["code"]]


def test_a_newer_list_names_a_commune_the_bundled_one_does_not(tmp_path: Path) -> None:
    census = _census(tmp_path)
    bundled = runner.invoke(app, ["check", str(census), "--format", "json"])
    assert _area_codes(bundled.stdout) == ["unknown-area"]
    newer = tmp_path / "units-2026.csv"
    text = (admin_units_dir() / "units-2025.csv").read_text(encoding="utf-8")
    newer.write_text(text + "92,Thành phố Cần Thơ,Thành phố Trung ương,99999,Xã Thử Nghiệm Mới\n",
                     encoding="utf-8")  # fmt: skip
    result = runner.invoke(app, ["--units", str(newer), "check", str(census), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert _area_codes(result.stdout) == []


def test_a_list_that_cannot_be_read_is_a_usage_mistake(tmp_path: Path) -> None:
    broken = tmp_path / "units.csv"
    broken.write_text("province_code,province,ward\n92,Cần Thơ,Xã A\n", encoding="utf-8")
    result = runner.invoke(app, ["--units", str(broken), "check", str(_census(tmp_path))])
    assert result.exit_code == 2
    assert "units.csv, dòng 1" in result.output
    assert "Không đọc được danh mục đơn vị hành chính" in result.output
