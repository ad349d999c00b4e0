"""Who must report as a province's communes by code: 103 for Cần Thơ, submissions matched
by the unit they name, their rows, then their file's name, and a district never taken for
the commune of its name."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from ktt_indicators.census.expected import Submission
from ktt_indicators.census.expected_units import (
    ProvinceUnits,
    match_communes,
    province_units,
)
from ktt_indicators.census.schema import CensusInfo
from ktt_indicators.cli.app import app

from conftest import write_census

runner = CliRunner(env={"KTT_LANG": None, "KTT_TARGETS": None, "NO_COLOR": "1"})
CITY = CensusInfo(don_vi_bao_cao="Sở Tài chính thành phố Cần Thơ")


def test_a_province_by_code_or_name_expects_its_communes() -> None:
    by_code, by_name = province_units("92"), province_units("TP. Cần Thơ")
    assert by_code is not None and by_code.province is not None
    assert by_code == by_name
    assert province_units("tỉnh") == ProvinceUnits(None)
    assert province_units("units.txt") is None
    summary = match_communes(by_code, [], [])
    assert (summary["province"], summary["expected"]) == ("Thành phố Cần Thơ (92)", 103)
    assert len(summary["missing"]) == 103
    assert "Xã Thới Lai (31258)" in summary["missing"]


def test_submissions_are_matched_by_unit_then_rows_then_file_name() -> None:
    submissions = [
        Submission("a/nop-1.xlsx", "UBND xã Thới Lai"),  # by the unit it names
        Submission("a/nop-2.xlsx", "Sở Tài chính", communes=("31120",)),  # by its rows
        Submission("a/Cờ Đỏ đợt 2.xlsx", None, communes=("31120", "31258")),  # by its name
        Submission("a/Thới Lai (sửa).xlsx", "UBND huyện Thới Lai"),  # a district: no commune
        Submission("a/Cái Khế.xlsx", "UBND phường Cái Khế"),  # sent twice
    ]
    summary = match_communes(ProvinceUnits(None), submissions, [CensusInfo(), CITY])
    assert summary["expected"] == 103
    assert summary["received"] == {
        "Xã Thới Lai (31258)": ["a/nop-1.xlsx"],
        "Phường Cái Khế (31120)": ["a/nop-2.xlsx", "a/Cái Khế.xlsx"],
        "Xã Cờ Đỏ (31261)": ["a/Cờ Đỏ đợt 2.xlsx"],
    }
    district = {"file": "a/Thới Lai (sửa).xlsx", "unit": "UBND huyện Thới Lai"}
    assert summary["unexpected"] == [district]
    assert summary["several"] == [
        {"unit": "Phường Cái Khế (31120)", "files": ["a/nop-2.xlsx", "a/Cái Khế.xlsx"]}
    ]
    assert len(summary["missing"]) == 100
    assert "Xã Thới Lai (31258)" not in summary["missing"]


def test_without_a_province_named_every_file_is_unexpected() -> None:
    summary = match_communes(ProvinceUnits(None), [Submission("x.xlsx", "HTX")], [CensusInfo()])
    assert (summary["province"], summary["expected"]) == (None, 0)
    assert summary["unexpected"] == [{"file": "x.xlsx", "unit": "HTX"}]


def _submission(folder: Path, name: str, unit: str, communes: list[str]) -> None:
    info: dict[str, Any] = {"don_vi_bao_cao": unit, "nam_bao_cao": 2025,
                            "ngay_so_lieu": date(2025, 12, 14)}  # fmt: skip
    rows = [{"ten": f"THT {c} {n}", "loai_hinh": "THT", "xa_phuong": c, "quan_huyen": None}
            for n, c in enumerate(communes)]  # fmt: skip
    write_census(folder / name, rows, info=info)


def test_batch_expected_by_province_code_says_who_has_not_sent(tmp_path: Path) -> None:
    folder = tmp_path / "nop"
    folder.mkdir()
    _submission(folder, "thoi-lai.xlsx", "UBND xã Thới Lai", ["Xã Thới Lai"])
    _submission(folder, "so.xlsx", "Sở Tài chính thành phố Cần Thơ", ["P. Cái Khế", "Cái Khế"])
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", str(folder), "-o", str(out), "--expected", "92",
                                 "--lang", "en"])  # fmt: skip
    assert result.exit_code == 0, result.output
    units = json.loads((out / "summary.json").read_text(encoding="utf-8"))["units"]
    assert (units["expected"], len(units["missing"])) == (103, 101)
    assert set(units["received"]) == {"Xã Thới Lai (31258)", "Phường Cái Khế (31120)"}
    notes = (out / "summary.md").read_text(encoding="utf-8")
    assert "The communes of Thành phố Cần Thơ (92)" in notes
    assert "- Phường An Bình (" in notes  # one of those that have not sent


def test_batch_expected_own_province_and_a_word_that_names_none(tmp_path: Path) -> None:
    folder = tmp_path / "nop"
    folder.mkdir()
    _submission(folder, "a.xlsx", "UBND xã Thới Lai", ["Xã Thới Lai"])
    own = runner.invoke(app, ["batch", str(folder), "-o", str(tmp_path / "o1"), "--expected",
                              "tỉnh"])  # fmt: skip
    assert own.exit_code == 0, own.output
    units = json.loads((tmp_path / "o1" / "summary.json").read_text(encoding="utf-8"))["units"]
    assert (units["province"], units["expected"]) == ("Thành phố Cần Thơ (92)", 103)
    wrong = runner.invoke(app, ["batch", str(folder), "-o", str(tmp_path / "o2"), "--expected",
                                "khong-co.txt"])  # fmt: skip
    assert wrong.exit_code == 2
    assert "khong-co.txt" in wrong.output


def _units_without_option(tmp_path: Path, as_of: date) -> Any:
    folder = tmp_path / f"nop-{as_of.year}"
    folder.mkdir()
    info: dict[str, Any] = {"don_vi_bao_cao": "UBND xã Thới Lai", "nam_bao_cao": as_of.year,
                            "ngay_so_lieu": as_of}  # fmt: skip
    rows = [{"ten": "THT Một", "loai_hinh": "THT", "xa_phuong": "Xã Thới Lai",
             "quan_huyen": "Huyện Thới Lai"}]  # fmt: skip
    write_census(folder / "a.xlsx", rows, info=info)
    out = tmp_path / f"out-{as_of.year}"
    result = runner.invoke(app, ["batch", str(folder), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return json.loads((out / "summary.json").read_text(encoding="utf-8")).get("units")


def test_without_expected_a_census_after_the_reform_expects_its_provinces_communes(
    tmp_path: Path,
) -> None:
    after = _units_without_option(tmp_path, date(2025, 12, 14))
    assert (after["province"], after["expected"], len(after["missing"])) == (
        "Thành phố Cần Thơ (92)", 103, 102)  # fmt: skip
    assert _units_without_option(tmp_path, date(2024, 12, 14)) is None  # districts then
