"""The ``ktt`` command line: exit codes, output formats, messages, and the gap on small censuses."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from ktt_indicators.cli.app import app
from ktt_indicators.core.i18n import catalogue, phrase

from conftest import DISTRICTS, MakeCensus, write_census

TODAY = ["--today", "2026-11-21"]
# Environment variables that would change the defaults are unset; tables get room.
runner = CliRunner(env={"KTT_LANG": None, "KTT_TARGETS": None, "COLUMNS": "200"})

SEED_IDS = {
    2025: {"new_model_htx_2025"},
    2030: {
        "tht_count_2030",
        "tht_members_2030",
        "htx_count_2030",
        "htx_members_2030",
        "lhhtx_count_2030",
        "lhhtx_member_htx_2030",
        "good_fair_share_2030",
        "value_chain_share_2030",
        "high_tech_htx_2030",
        "nonag_exemplary_per_district_2030",
    },
    2045: {
        "population_share_2045",
        "effective_share_2045",
        "linkage_share_2045",
        "tech_adoption_share_2045",
        "female_director_share_2045",
    },
}
ALL_SEED_IDS = set().union(*SEED_IDS.values())


def ktt(*args: str | Path) -> Result:
    """Run ``ktt`` and make sure nothing escaped as an exception (exit codes only)."""
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


# The small census of the gap tests. Rows are written from row 2 (row 1 is the header);
# HTX and LHHTX get codes 18000000NN from their position NN.
SMALL_ROWS: list[dict[str, Any]] = [
    # row 2, 3: cooperative groups
    {
        "ten": "THT Một",
        "loai_hinh": "THT",
        "so_thanh_vien": 30,
        "quan_huyen": "Ninh Kiều",
        "chuoi_gia_tri": "x",
        "chuyen_doi_so": "x",
    },
    {"ten": "THT Hai", "loai_hinh": "THT", "so_thanh_vien": 20, "quan_huyen": "Cờ Đỏ"},
    # row 4: 1800000003
    {
        "ten": "HTX Lúa",
        "so_thanh_vien": 50,
        "quan_huyen": "Cờ Đỏ",
        "xep_loai": "Tốt",
        "cong_nghe_cao": "x",
        "chuoi_gia_tri": "x",
        "chuyen_doi_so": "x",
        "gioi_tinh_giam_doc": "Nữ",
        "kieu_moi": "x",
    },
    # row 5: 1800000004
    {
        "ten": "HTX Xe",
        "linh_vuc": "Vận tải",
        "so_thanh_vien": 40,
        "quan_huyen": "Q. Ninh Kiều",
        "xep_loai": "Khá",
        "dien_hinh": "x",
        "chuyen_doi_so": "x",
        "gioi_tinh_giam_doc": "Nam",
    },
    # row 6: 1800000005
    {
        "ten": "HTX Nhà",
        "linh_vuc": "Xây dựng",
        "so_thanh_vien": 10,
        "quan_huyen": "Bình Thủy",
        "xep_loai": "Trung bình",
        "gioi_tinh_giam_doc": "Nam",
    },
    # row 7: 1800000006, not rated
    {
        "ten": "HTX Chợ",
        "linh_vuc": "Thương mại - dịch vụ",
        "so_thanh_vien": 20,
        "quan_huyen": "Ô Môn",
        "gioi_tinh_giam_doc": "Nữ",
    },
    # row 8: 1800000007
    {
        "ten": "LH Gạo",
        "loai_hinh": "LHHTX",
        "so_thanh_vien": 4,
        "so_htx_thanh_vien": 4,
        "quan_huyen": "Thới Lai",
        "xep_loai": "Yếu",
        "gioi_tinh_giam_doc": "Nam",
    },
    # row 9: 1800000008, suspended: counts nowhere
    {
        "ten": "HTX Ngừng",
        "linh_vuc": "Vận tải",
        "tinh_trang": "Tạm ngừng hoạt động",
        "so_thanh_vien": 100,
        "quan_huyen": "Thốt Nốt",
        "xep_loai": "Tốt",
        "dien_hinh": "x",
        "chuoi_gia_tri": "x",
        "chuyen_doi_so": "x",
        "cong_nghe_cao": "x",
        "kieu_moi": "x",
        "gioi_tinh_giam_doc": "Nữ",
    },
]
SMALL_INFO = {"don_vi_bao_cao": "UBND Thử", "nam_bao_cao": 2025, "dan_so": 1000}
# A row with an error (members not a number); it would be a fifth active HTX. Row 10.
BAD_ROW = {"ten": "HTX Lỗi", "so_thanh_vien": "nhiều", "quan_huyen": "Cái Răng"}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small census, written once for the module (the commands only read it)."""
    return write_census(
        tmp_path_factory.mktemp("small") / "small.xlsx", SMALL_ROWS, info=SMALL_INFO
    )


@pytest.fixture(scope="module")
def small_with_error(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("small") / "small-with-error.xlsx"
    return write_census(path, [*SMALL_ROWS, BAD_ROW], info=SMALL_INFO)


def by_id(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {t["id"]: t for t in report["targets"]}


# ============================================================================ check


def test_check_valid_with_warnings_exits_0(make_census: MakeCensus):
    path = make_census([{"ten": "HTX Nhỏ", "so_thanh_vien": 3}])
    result = ktt("check", path, "--format", "json", *TODAY)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report) >= {"valid", "files"}
    assert report["valid"] is True
    [file] = report["files"]
    assert set(file) >= {"path", "valid", "errors", "warnings"}
    assert file["path"] == str(path)
    assert file["valid"] is True
    assert file["errors"] == []
    [warning] = file["warnings"]
    # Columns: Mã số A, Tên B, Loại hình C, Xã D, Quận E, Lĩnh vực F, Tình trạng G, Số TV H.
    assert warning["code"] == "below-legal-minimum"
    assert warning["sheet"] == "Danh sách tổ chức"
    assert warning["cell"] == "H2"
    assert warning["column"] == "Số thành viên"
    assert warning["value"] == "3"
    assert "5" in warning["message"]  # the legal minimum for an HTX


def test_check_with_errors_exits_1(make_census: MakeCensus):
    path = make_census([{"ten": "HTX 1"}, {"ten": "Công ty X", "loai_hinh": "Công ty"}])
    result = ktt("check", path, "--format", "json", *TODAY)
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["valid"] is False
    [file] = report["files"]
    assert file["valid"] is False
    [error] = file["errors"]
    assert {k: error[k] for k in ("code", "sheet", "cell", "column", "value")} == {
        "code": "not-in-list",
        "sheet": "Danh sách tổ chức",
        "cell": "C3",
        "column": "Loại hình",
        "value": "Công ty",
    }
    # Vietnamese by default, naming the allowed values.
    assert "không có trong danh sách" in error["message"]
    assert "LHHTX" in error["message"]


def test_check_messages_in_english(make_census: MakeCensus):
    path = make_census([{"ten": "Công ty X", "loai_hinh": "Công ty"}])
    result = ktt("check", path, "--format", "json", "--lang", "en", *TODAY)
    assert result.exit_code == 1
    [error] = json.loads(result.stdout)["files"][0]["errors"]
    assert "is not in the list" in error["message"]


def test_check_duplicate_code_across_files(make_census: MakeCensus):
    a = make_census([{"ten": "HTX A", "ma_so": "1800000001"}])
    b = make_census([{"ten": "HTX B", "ma_so": "1800000001"}])
    result = ktt("check", a, b, "--format", "json", *TODAY)
    assert result.exit_code == 1
    files = json.loads(result.stdout)["files"]
    assert [f["valid"] for f in files] == [True, False]
    assert [e["code"] for e in files[1]["errors"]] == ["duplicate-code"]


def test_check_table_output(make_census: MakeCensus):
    path = make_census([{"ten": "Công ty X", "loai_hinh": "Công ty"}])
    result = ktt("check", path, *TODAY)
    assert result.exit_code == 1
    assert "Giá trị ngoài danh sách" in result.stdout  # the finding's title, not its code
    assert "B2" in result.stdout  # no code column: Loại hình is B
    assert "Công ty" in result.stdout


def test_check_unreadable_file_exits_2(tmp_path: Path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"this is not a spreadsheet")
    result = ktt("check", path, "--format", "json", *TODAY)
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert report["valid"] is False
    assert [e["code"] for e in report["files"][0]["errors"]] == ["unreadable-file"]


def test_check_missing_file_exits_2(tmp_path: Path):
    result = ktt("check", tmp_path / "nope.xlsx", *TODAY)
    assert result.exit_code == 2


def test_check_bad_lang_exits_2(make_census: MakeCensus):
    result = ktt("check", make_census([{}]), "--lang", "fr", *TODAY)
    assert result.exit_code == 2
    assert "--lang" in result.stderr


def test_check_writes_json_to_a_file(make_census: MakeCensus, tmp_path: Path):
    out = tmp_path / "check.json"
    result = ktt("check", make_census([{}]), "--format", "json", "-o", out, *TODAY)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["valid"] is True


# ============================================================================ gap: values


@pytest.fixture(scope="module")
def small_report(small: Path) -> dict[str, Any]:
    result = ktt("gap", small, "--format", "json", *TODAY)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_gap_json_report_header(small_report: dict[str, Any], small: Path):
    assert small_report["census_year"] == 2025
    assert small_report["year"] is None
    assert small_report["files"] == [str(small)]
    assert small_report["left_out"] == []
    # Every target of the bundled plan (no --year).
    assert set(by_id(small_report)) >= ALL_SEED_IDS


# Active: THT Một, THT Hai, HTX Lúa, HTX Xe, HTX Nhà, HTX Chợ, LH Gạo (HTX Ngừng is suspended).
# (value, target, gap, met, years_left, per_year_needed), worked out by hand:
EXPECTED_COUNTS = {
    # HTX Lúa is new-model: 1 of 5; the year is 2025 = census year: the whole gap now.
    "new_model_htx_2025": (1, 5, 4, False, 0, 4),
    # 2 THT; about 2,000 → 2,000 − 2.
    "tht_count_2030": (2, 2000, 1998, False, 5, 1998 / 5),
    # 30 + 20 members; more than 80,000 → 80,000 − 50 + 1.
    "tht_members_2030": (50, 80000, 79951, False, 5, 79951 / 5),
    # 4 HTX; at least 400 → 396, 79.2 a year.
    "htx_count_2030": (4, 400, 396, False, 5, 79.2),
    # 50 + 40 + 10 + 20 members; more than 40,000 → 40,000 − 120 + 1.
    "htx_members_2030": (120, 40000, 39881, False, 5, 39881 / 5),
    "lhhtx_count_2030": (1, 5, 4, False, 5, 0.8),
    # LH Gạo has 4 member cooperatives; at least 20 → 16.
    "lhhtx_member_htx_2030": (4, 20, 16, False, 5, 3.2),
    # HTX Lúa is the only active agricultural high-tech HTX; between 80 and 100 → 79.
    "high_tech_htx_2030": (1, 80, 79, False, 5, 15.8),
}


@pytest.mark.parametrize("target_id", sorted(EXPECTED_COUNTS))
def test_gap_counts_and_sums(small_report: dict[str, Any], target_id: str):
    value, target, gap, met, years_left, per_year = EXPECTED_COUNTS[target_id]
    t = by_id(small_report)[target_id]
    assert t["value"] == value
    assert t["target"] == target
    assert t["gap"] == pytest.approx(gap)
    assert t["met"] is met
    assert t["years_left"] == years_left
    assert t["per_year_needed"] == pytest.approx(per_year)
    assert t["kind"] in ("count", "sum")


def test_gap_target_high_only_for_between(small_report: dict[str, Any]):
    targets = by_id(small_report)
    assert targets["high_tech_htx_2030"]["target_high"] == 100
    assert targets["nonag_exemplary_per_district_2030"]["target_high"] == 2
    for t in small_report["targets"]:
        if t["comparison"] != "between":
            assert t["target_high"] is None, t["id"]


# (numerator, denominator, value, target, gap, met), shares as fractions:
EXPECTED_SHARES = {
    # Rated HTX/LHHTX: Lúa Tốt, Xe Khá, Nhà TB, LH Yếu = 4; good or fair: 2 → 0.5.
    "good_fair_share_2030": (2, 4, 0.5, 0.6, 0.1, False),
    "effective_share_2045": (2, 4, 0.5, 0.9, 0.4, False),
    # In a value chain: THT Một, HTX Lúa of 7 active organizations.
    "value_chain_share_2030": (2, 7, 2 / 7, 0.55, 0.55 - 2 / 7, False),
    "linkage_share_2045": (2, 7, 2 / 7, 0.8, 0.8 - 2 / 7, False),
    # Digital: THT Một, HTX Lúa, HTX Xe of 7 → all (100%) is 4/7 away.
    "tech_adoption_share_2045": (3, 7, 3 / 7, 1.0, 4 / 7, False),
    # Women directors: HTX Lúa, HTX Chợ of 5 HTX/LHHTX with a known gender → 0.4 ≥ 0.3.
    "female_director_share_2045": (2, 5, 0.4, 0.3, 0, True),
    # Members of active THT and HTX: 30 + 20 + 50 + 40 + 10 + 20 = 170 over 1,000 people.
    "population_share_2045": (170, 1000, 0.17, 0.2, 0.03, False),
}


@pytest.mark.parametrize("target_id", sorted(EXPECTED_SHARES))
def test_gap_shares_are_fractions(small_report: dict[str, Any], target_id: str):
    num, den, value, target, gap, met = EXPECTED_SHARES[target_id]
    t = by_id(small_report)[target_id]
    assert (t["numerator"], t["denominator"]) == (num, den)
    assert t["value"] == pytest.approx(value)
    assert t["target"] == pytest.approx(target)
    assert t["gap"] == pytest.approx(gap)
    assert t["met"] is met
    if met:
        assert t["gap"] == 0
        assert t["per_year_needed"] == 0


def test_gap_context_of_unrated(small_report: dict[str, Any]):
    t = by_id(small_report)["good_fair_share_2030"]
    # Not rated: HTX Chợ only (HTX Ngừng is suspended and rated anyway).
    assert [c["value"] for c in t["context"]] == [1]
    assert t["context"][0]["label"] == "HTX, LHHTX chưa xếp loại"


def test_gap_population_share_notes_overlap(small_report: dict[str, Any]):
    t = by_id(small_report)["population_share_2045"]
    assert t["kind"] == "ratio"
    assert "nhiều tổ chức" in t["note"]


def test_gap_per_area(small_report: dict[str, Any]):
    t = by_id(small_report)["nonag_exemplary_per_district_2030"]
    # Only HTX Xe ("Q. Ninh Kiều", transport, exemplary) counts: Ninh Kiều 1, the others 0.
    assert t["value"] == 1
    assert t["group_by"] == "quan_huyen"
    areas = t["areas"]
    assert [a["area"] for a in areas] == DISTRICTS
    for a in areas:
        assert set(a) >= {"area", "value", "met", "gap"}
    assert (areas[0]["value"], areas[0]["met"], areas[0]["gap"]) == (1, True, 0)
    for a in areas[1:]:
        assert (a["value"], a["met"], a["gap"]) == (0, False, 1), a["area"]
    # Met only when every district meets; the gap is one per district short: 8.
    assert t["met"] is False
    assert t["areas_met"] == 1
    assert t["gap"] == 8
    assert t["per_year_needed"] == pytest.approx(8 / 5)


def test_gap_year_selects_targets(small: Path):
    result = ktt("gap", small, "--year", "2045", "--format", "json", *TODAY)
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["year"] == 2045
    assert {t["id"] for t in report["targets"]} >= SEED_IDS[2045]
    assert {t["year"] for t in report["targets"]} == {2045}


def test_gap_year_without_targets_exits_2(small: Path):
    result = ktt("gap", small, "--year", "1999", *TODAY)
    assert result.exit_code == 2
    assert "1999" in result.stderr
    assert "2030" in result.stderr  # the years that have targets


# ============================================================================ gap: formats


def test_gap_csv(small: Path):
    result = ktt("gap", small, "--format", "csv", *TODAY)
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {"id", "year", "area", "value", "target", "target_high", "gap", "met"} <= set(rows[0])
    targets = [r for r in rows if r["area"] == ""]
    areas = [r for r in rows if r["area"] != ""]
    assert {r["id"] for r in targets} >= ALL_SEED_IDS
    # One row per district of the per-area target.
    assert [r["area"] for r in areas] == DISTRICTS
    assert {r["id"] for r in areas} == {"nonag_exemplary_per_district_2030"}
    htx = next(r for r in targets if r["id"] == "htx_count_2030")
    assert (float(htx["value"]), float(htx["target"]), float(htx["gap"])) == (4, 400, 396)
    assert htx["met"] == "false"
    share = next(r for r in targets if r["id"] == "good_fair_share_2030")
    assert float(share["value"]) == pytest.approx(0.5)  # a fraction, not 50
    ninh_kieu = areas[0]
    assert (float(ninh_kieu["value"]), ninh_kieu["met"]) == (1, "true")


def test_gap_markdown(small: Path):
    result = ktt("gap", small, "--format", "markdown", *TODAY)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "## Tiến độ thực hiện chỉ tiêu — số liệu năm 2025"
    # 4 of 400 = 1%; 396 short; 396 / 5 = 79.2 a year. Vietnamese decimal comma.
    row = (
        "| htx_count_2030 | 2030 | Số hợp tác xã | 4 | ít nhất 400 | 1,0% | 396 | Chưa đạt | 79,2 |"
    )
    assert row in lines
    # 0.5 of more than 0.6: 0.5 / 0.6 = 83.3%; 10 points short; 2 points a year.
    assert any(
        line.startswith("| good_fair_share_2030 | 2030 |")
        and "| 50,0% | trên 60,0% | 83,3% | 10,0% | Chưa đạt | 2,0% |" in line
        for line in lines
    )


def test_gap_markdown_in_english(small: Path):
    result = ktt("gap", small, "--format", "markdown", "--lang", "en", *TODAY)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "## Progress against targets — census of 2025"
    row = (
        "| htx_count_2030 | 2030 | Cooperatives | 4 | at least 400 | 1.0% | 396 | Not met | 79.2 |"
    )
    assert row in lines


def test_gap_table(small: Path):
    result = ktt("gap", small, *TODAY)
    assert result.exit_code == 0
    assert "htx_count_2030" in result.stdout
    assert "Số hợp tác xã" in result.stdout
    assert "Chưa đạt" in result.stdout


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("out.json", lambda text: json.loads(text)["census_year"] == 2025),
        ("out.csv", lambda text: text.startswith("\ufeffid,year,area,")),  # a BOM for Excel
        ("out.md", lambda text: text.startswith("## ")),
    ],
)
def test_gap_output_file_format_from_suffix(small: Path, tmp_path: Path, name: str, check: Any):
    out = tmp_path / name
    result = ktt("gap", small, "-o", out, *TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert out.is_file()
    assert check(out.read_text(encoding="utf-8"))
    assert str(out) in result.stderr  # "Đã ghi …"


def test_gap_output_unknown_suffix_exits_2(small: Path, tmp_path: Path):
    result = ktt("gap", small, "-o", tmp_path / "out.odt", *TODAY)
    assert result.exit_code == 2
    assert ".odt" in result.stderr
    assert not (tmp_path / "out.odt").exists()


def test_gap_never_writes_over_its_input(make_census: MakeCensus):
    path = make_census(SMALL_ROWS, info=SMALL_INFO)
    before = path.read_bytes()
    result = ktt("gap", path, "-o", path, "--format", "json", *TODAY)
    assert result.exit_code == 2
    assert path.read_bytes() == before


# ============================================================================ gap: invalid censuses


def test_gap_on_invalid_census_exits_1(small_with_error: Path):
    result = ktt("gap", small_with_error, "--format", "json", *TODAY)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "Điều tra có 1 lỗi trong 1 tệp" in result.stderr
    assert "--skip-invalid" in result.stderr


def test_gap_on_invalid_census_in_english(small_with_error: Path):
    result = ktt("gap", small_with_error, "--lang", "en", *TODAY)
    assert result.exit_code == 1
    assert "The census has 1 errors in 1 file(s)" in result.stderr
    assert "Lỗi" not in result.stderr


def test_gap_skip_invalid_leaves_bad_rows_out(small_with_error: Path):
    result = ktt("gap", small_with_error, "--skip-invalid", "--format", "json", *TODAY)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    # The bad row (row 10) is listed, and not counted: still 4 HTX.
    assert report["left_out"] == [
        {"file": str(small_with_error), "rows": [10], "whole_file": False}
    ]
    targets = by_id(report)
    assert targets["htx_count_2030"]["value"] == 4
    assert targets["htx_members_2030"]["value"] == 120
    assert "10" in result.stderr  # the rows left out are said on stderr too


def test_gap_unreadable_census_exits_2(tmp_path: Path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    result = ktt("gap", path, *TODAY)
    assert result.exit_code == 2
    assert "broken.xlsx" in result.stderr


def test_gap_missing_census_exits_2(tmp_path: Path):
    result = ktt("gap", tmp_path / "nope.xlsx", *TODAY)
    assert result.exit_code == 2
    assert "nope.xlsx" in result.stderr


def test_gap_files_of_different_years_use_the_latest_as_the_census(make_census: MakeCensus):
    a = make_census([{"ten": "A", "ma_so": "1800000001"}], info=SMALL_INFO)
    b = make_census([{"ten": "B", "ma_so": "1800000002"}], info={**SMALL_INFO, "nam_bao_cao": 2024})
    result = ktt("gap", a, b, "--format", "json", *TODAY)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    # The 2025 file is the census; the 2024 file only gives each target its series.
    assert report["census_year"] == 2025
    assert report["organizations"] == 1
    htx = next(t for t in report["targets"] if t["id"] == "htx_count_2030")
    assert [(p["year"], p["value"]) for p in htx["trend"]["points"]] == [(2024, 1), (2025, 1)]


# ============================================================================ gap: explain


def test_explain_count_lists_exactly_the_organizations_counted(small: Path):
    result = ktt("gap", small, "--explain", "htx_count_2030", "--format", "json", *TODAY)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["id"] == "htx_count_2030"
    assert data["denominator"] is None
    counted = [(o["ten"], o["ma_so"], o["source"]["row"]) for o in data["counted"]]
    assert counted == [
        ("HTX Lúa", "1800000003", 4),
        ("HTX Xe", "1800000004", 5),
        ("HTX Nhà", "1800000005", 6),
        ("HTX Chợ", "1800000006", 7),
    ]
    for o in data["counted"]:
        assert o["source"]["file"] == str(small)
        assert o["source"]["sheet"] == "Danh sách tổ chức"


def test_explain_table(small: Path):
    result = ktt("gap", small, "--explain", "htx_count_2030", *TODAY)
    assert result.exit_code == 0
    out = result.stdout
    assert "htx_count_2030: các tổ chức được tính (4)" in out
    for name in ("HTX Lúa", "HTX Xe", "HTX Nhà", "HTX Chợ"):
        assert name in out
    for name in ("HTX Ngừng", "THT Một", "LH Gạo"):
        assert name not in out


def test_explain_share_lists_the_denominator_with_flags(small: Path):
    args = ("gap", small, "--explain", "good_fair_share_2030", *TODAY)
    result = ktt(*args, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    # The numerator first, then the rest of the denominator.
    assert [(r["ten"], r["row"], r["in_numerator"]) for r in rows] == [
        ("HTX Lúa", "4", "true"),
        ("HTX Xe", "5", "true"),
        ("HTX Nhà", "6", "false"),
        ("LH Gạo", "8", "false"),
    ]
    table = ktt(*args).stdout
    assert "good_fair_share_2030: các tổ chức được tính (2) / 4" in table
    assert "Ở tử số" in table


def test_explain_unknown_target_exits_2_with_a_suggestion(small: Path):
    result = ktt("gap", small, "--explain", "htx_count_203", *TODAY)
    assert result.exit_code == 2
    assert "htx_count_203" in result.stderr
    assert "htx_count_2030" in result.stderr
    assert result.stdout == ""


def test_explain_unknown_target_in_english(small: Path):
    result = ktt("gap", small, "--explain", "lhhtx_cnt_2030", "--lang", "en", *TODAY)
    assert result.exit_code == 2
    assert "Did you mean" in result.stderr
    assert "lhhtx_count_2030" in result.stderr


# ======================================================================= gap: the bundled example


@pytest.fixture(scope="module")
def example_all() -> dict[str, Any]:
    result = ktt("gap", "--format", "json", *TODAY)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def example_2030() -> dict[str, Any]:
    result = ktt("gap", "--year", "2030", "--format", "json", *TODAY)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_gap_without_files_uses_the_bundled_example(example_all: dict[str, Any]):
    assert len(example_all["files"]) == 1
    assert example_all["files"][0].endswith("census-can-tho-2025.xlsx")
    assert example_all["census_year"] == 2025
    assert example_all["organizations"] > 1000
    assert example_all["left_out"] == []
    ids = {t["id"] for t in example_all["targets"]}
    assert ids >= ALL_SEED_IDS
    assert len(ALL_SEED_IDS) == 16
    # The example has everything a figure needs (population included).
    for t in example_all["targets"]:
        assert t["value"] is not None, t["id"]
        assert t["met"] in (True, False), t["id"]
        if t["met"]:
            assert t["gap"] == 0, t["id"]
        else:
            assert t["gap"] > 0, t["id"]
        if t["kind"] in ("share", "ratio"):
            assert 0 <= t["value"] <= 1, t["id"]


def test_gap_year_2030_on_the_bundled_example(
    example_2030: dict[str, Any], example_all: dict[str, Any]
):
    assert example_2030["year"] == 2030
    ids = {t["id"] for t in example_2030["targets"]}
    assert SEED_IDS[2030] <= ids
    assert not ids & (SEED_IDS[2025] | SEED_IDS[2045])
    # The same figures as in the full report.
    full = by_id(example_all)
    for t in example_2030["targets"]:
        assert t["value"] == full[t["id"]]["value"]


# ============================================================================ targets files


def broken_targets(tmp_path: Path) -> Path:
    path = tmp_path / "broken-targets.yaml"
    path.write_text(
        "plan: {id: test, title: Test}\n"
        "targets:\n"
        "  - id: x\n"
        "    year: 2030\n"
        "    title: X\n"
        "    comparison: at_least\n"
        "    value: 1\n"
        "    source: {document: Test}\n"
        "    measure: {count: {loai_hin: HTX}}\n",
        encoding="utf-8",
    )
    return path


def test_gap_with_a_broken_targets_file_exits_2(small: Path, tmp_path: Path):
    path = broken_targets(tmp_path)
    result = ktt("gap", small, "--targets", path, *TODAY)
    assert result.exit_code == 2
    assert str(path) in result.stderr
    assert "targets[x].measure.count" in result.stderr
    assert "loai_hinh" in result.stderr  # the suggestion
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_targets_with_a_broken_targets_file_exits_2(tmp_path: Path):
    path = broken_targets(tmp_path)
    result = ktt("targets", "--targets", path, "--lang", "en")
    assert result.exit_code == 2
    assert f"The targets file {path} is not valid" in result.stderr
    assert "targets[x].measure.count" in result.stderr


def test_gap_with_a_missing_targets_file_exits_2(small: Path, tmp_path: Path):
    result = ktt("gap", small, "--targets", tmp_path / "nope.yaml", *TODAY)
    assert result.exit_code == 2
    assert "nope.yaml" in result.stderr


def test_gap_with_invalid_yaml_names_the_line(small: Path, tmp_path: Path):
    path = tmp_path / "t.yaml"
    path.write_text("plan: {id: t, title: T\ntargets: []\n", encoding="utf-8")
    result = ktt("gap", small, "--targets", path, *TODAY)
    assert result.exit_code == 2
    # the line of the «{» left open, not the next one where the parser gave up
    assert "dòng 1, cột 7: lỗi cú pháp YAML: dấu «{» mở ở đây không được đóng" in result.stderr
    english = ktt("gap", small, "--targets", path, "--lang", "en", *TODAY)
    assert english.exit_code == 2
    assert "line 1, column 7: YAML syntax error: the «{» opened here" in english.stderr


def test_gap_with_another_targets_file(small: Path, tmp_path: Path):
    path = tmp_path / "t.yaml"
    path.write_text(
        "plan: {id: other-plan, title: Another plan}\n"
        "targets:\n"
        "  - id: htx_10\n"
        "    year: 2027\n"
        "    title: Ten cooperatives\n"
        "    comparison: at_least\n"
        "    value: 10\n"
        "    source: {document: Another plan}\n"
        "    measure: {count: {loai_hinh: HTX}}\n",
        encoding="utf-8",
    )
    result = ktt("gap", small, "--targets", path, "--format", "json", *TODAY)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["plan"] == "other-plan"
    [t] = report["targets"]
    # 4 HTX of 10 by 2027, census 2025: 6 short over 2 years → 3 a year.
    assert (t["id"], t["value"], t["gap"], t["per_year_needed"]) == ("htx_10", 4, 6, 3)


def test_targets_lists_the_year(tmp_path: Path):
    result = ktt("targets", "--year", "2030", "--format", "json")
    assert result.exit_code == 0
    listed = json.loads(result.stdout)
    ids = {t["id"] for t in listed}
    assert SEED_IDS[2030] <= ids
    assert {t["year"] for t in listed} == {2030}
    table = ktt("targets", "--year", "2030")
    assert table.exit_code == 0
    for target_id in SEED_IDS[2030]:
        assert target_id in table.stdout
    for target_id in SEED_IDS[2045] | SEED_IDS[2025]:
        assert target_id not in table.stdout


def test_targets_year_without_targets_exits_2():
    result = ktt("targets", "--year", "1999")
    assert result.exit_code == 2
    assert "1999" in result.stderr
    assert "2025, 2030, 2045" in result.stderr


# ============================================================================ help


def command_names() -> list[str]:
    names = []
    for cmd in app.registered_commands:
        assert cmd.callback is not None
        names.append(cmd.name or cmd.callback.__name__.replace("_", "-"))
    return names


def test_commands_are_found():
    assert set(command_names()) >= {"check", "gap", "targets"}


@pytest.mark.parametrize("command", command_names())
def test_every_command_has_help(command: str):
    cmd = next(
        c
        for c in app.registered_commands
        if (c.name or (c.callback and c.callback.__name__.replace("_", "-"))) == command
    )
    doc = cmd.help or (cmd.callback.__doc__ if cmd.callback else None)
    assert doc and doc.strip(), f"{command} has no help text"
    result = ktt(command, "--help", "--lang", "en")
    assert result.exit_code == 0
    first_line = doc.strip().splitlines()[0]
    assert first_line in " ".join(result.stdout.split())
    assert "Example" in result.stdout
    assert "--today" not in result.stdout  # hidden
    ktt_short = ktt(command, "-h", "--lang", "en")
    assert ktt_short.exit_code == 0
    assert ktt_short.stdout == result.stdout
    vietnamese = ktt(command, "-h")
    assert phrase(f"command-help.{command}", "vi").splitlines()[0] in " ".join(
        vietnamese.stdout.split()
    )
    assert "Ví dụ" in vietnamese.stdout and "Example" not in vietnamese.stdout


def test_main_help_lists_every_command():
    result = ktt("--help")
    assert result.exit_code == 0
    for command in command_names():
        assert command in result.stdout


def test_version():
    result = ktt("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("ktt ")


def test_targets_file_mistakes_are_worded_in_vietnamese_by_default(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(
        "plan: {id: t, title: T}\n"
        "targets:\n"
        "  - id: a\n    year: 2030\n    title: A\n    comparison: at_least\n    value: 5\n"
        "    source: {document: D}\n"
        "    measure: {count: {loai_hin: HTX}, extra: 1}\n",
        encoding="utf-8",
    )
    vi = ktt("targets", "--targets", path)
    assert vi.exit_code == 2
    assert "(targets[a].measure.count.loai_hin): không có cột «loai_hin» trong mẫu điều tra" in (
        vi.stderr
    )
    assert "có lẽ là «loai_hinh»" in vi.stderr
    assert "(targets[a].measure.extra): khóa «extra» không có trong định dạng tệp chỉ tiêu" in (
        vi.stderr
    )
    en = ktt("targets", "--targets", path, "--lang", "en")
    assert "line 9 (targets[a].measure.extra): unknown key «extra»" in en.stderr


def test_check_says_why_a_file_cannot_be_read(tmp_path: Path) -> None:
    missing = ktt("check", tmp_path / "nothere.xlsx", "--format", "json")
    assert missing.exit_code == 2
    (finding,) = json.loads(missing.stdout)["files"][0]["errors"]
    assert finding["code"] == "unreadable-file"
    assert finding["message"].endswith("không tìm thấy tệp")
    # A folder stands for its spreadsheets: one without any is said before anything is read.
    folder = ktt("check", tmp_path, "--format", "json", "--lang", "en")
    assert folder.exit_code == 2
    assert folder.stdout == ""
    assert folder.stderr == f"Error: No workbooks in {tmp_path} (.xlsx, .xlsm, .xls, .ods)\n"


def test_gap_by_area_judges_shares_per_area_and_only_shows_counts(make_census: MakeCensus):
    # District A: 2 rated HTX, both Tốt → 100%; district B: 1 rated, Yếu → 0%.
    path = make_census([
        {"ten": "A1", "quan_huyen": "Huyện A", "xep_loai": "Tốt"},
        {"ten": "A2", "quan_huyen": "Huyện A", "xep_loai": "Tốt"},
        {"ten": "B1", "quan_huyen": "Huyện B", "xep_loai": "Yếu"},
    ], info=SMALL_INFO)  # fmt: skip
    result = ktt("gap", path, "--by", "quan_huyen", "--year", "2030", "--format", "json", *TODAY)
    assert result.exit_code == 0, result.output
    targets = {t["id"]: t for t in json.loads(result.stdout)["targets"]}
    share = targets["good_fair_share_2030"]
    # Overall 2/3 = 66.7% > 60%: met; per district, B lags (0% vs more than 60%).
    assert share["met"] is True
    assert [(a["area"], a["value"], a["met"]) for a in share["areas"]] == [
        ("Huyện A", 1.0, True), ("Huyện B", 0.0, False),
    ]  # fmt: skip
    count = targets["htx_count_2030"]
    assert [(a["area"], a["value"], a["judged"]) for a in count["areas"]] == [
        ("Huyện A", 2, False), ("Huyện B", 1, False),
    ]  # fmt: skip
    assert count["met"] is False and count["gap"] == 397  # 400 - 3, not decided by the areas


def test_gap_writes_html_and_xlsx_reports(small: Path, tmp_path: Path):
    import openpyxl

    html = tmp_path / "bao-cao.html"
    result = ktt("gap", small, "-o", html, *TODAY)
    assert result.exit_code == 0, result.output
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "htx_count_2030" in page
    xlsx = tmp_path / "bao-cao.xlsx"
    result = ktt("gap", small, "-o", xlsx, *TODAY)
    assert result.exit_code == 0, result.output
    sheets = openpyxl.load_workbook(xlsx).sheetnames
    assert sheets[0] == "Tổng hợp" and "Nguồn gốc" in sheets
    no_file = ktt("gap", small, "--format", "xlsx", *TODAY)
    assert no_file.exit_code == 2
    assert "-o" in no_file.stderr


def test_gap_says_the_trend_in_plain_words(tmp_path: Path):
    history = tmp_path / "h.yaml"
    history.write_text("htx_count_2030: {2022: 300, 2023: 321, 2024: 341}\n", encoding="utf-8")
    result = ktt("gap", "--year", "2030", "--history", history, "--lang", "en", *TODAY)
    assert result.exit_code == 0, result.output
    # 355 active HTX in the 2025 census. Observed (355/300)^(1/3) - 1 = 5.7716% a year over
    # required (400/300)^(1/8) - 1 = 3.6615%: 157.6%. (355 - 300) / 3 = +18.3 a year;
    # (400 - 355) / 5 = +9 needed; 355 × 1.057716^5 = 470.0.
    # The status compares growth rates since 2022: it says so.
    assert (
        "htx_count_2030: On track — the growth rate since 2022 is 157.6% of the rate the target "
        "needs (on track means at least 95%); +18.3 a year since 2022; +9 a year needed "
        "from now; on the current trend 470.0 by 2030 (target: at least 400)"
    ) in " ".join(result.stdout.split())
    vi = ktt("gap", "--year", "2030", "--history", history, *TODAY).stdout
    assert "Đúng tiến độ — tốc độ tăng từ 2022 bằng 157,6% tốc độ cần có" in " ".join(vi.split())
    assert "(đúng tiến độ là từ 95% trở lên)" in " ".join(vi.split())


def test_an_unknown_target_in_a_history_file_is_named_with_its_line_in_both_languages(
    tmp_path: Path,
) -> None:
    history = tmp_path / "h.yaml"
    history.write_text("htx_count_2030: {2022: 300}\nhtx_cuont_2030: {2023: 321}\n")
    en = ktt("gap", "--history", history, "--lang", "en", *TODAY)
    assert en.exit_code == 2
    assert f"The history file {history} is not valid:" in en.stderr
    assert "  line 2: unknown target «htx_cuont_2030»; did you mean «htx_count_2030»?\n" in (
        en.stderr
    )
    vi = ktt("gap", "--history", history, *TODAY)
    assert vi.exit_code == 2
    assert (
        "  dòng 2: không có chỉ tiêu «htx_cuont_2030» trong tệp chỉ tiêu; "
        "có lẽ là «htx_count_2030»\n"
    ) in vi.stderr
    assert vi.stdout == ""


def test_schema_prints_the_committed_json_schema_of_targets_files() -> None:
    import jsonschema
    import yaml

    result = ktt("schema")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    schema = json.loads(result.stdout)
    root = Path(__file__).resolve().parents[2]
    assert schema == json.loads((root / "targets.schema.json").read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)  # a valid JSON Schema itself
    validator = jsonschema.Draft202012Validator(schema)
    plan = yaml.safe_load((root / "targets.yaml").read_text(encoding="utf-8"))
    assert list(validator.iter_errors(plan)) == []
    plan["targets"][0]["comparison"] = "roughly"
    assert [e.validator for e in validator.iter_errors(plan)] == ["enum"]


@pytest.mark.parametrize(
    ("lang", "title", "heads"),
    [
        ("vi", "Các cột của danh sách tổ chức", ["Cột", "Khóa", "Kiểu dữ liệu", "Bắt buộc"]),
        ("en", "Columns of the list sheet", ["Column", "Key", "Type", "Required"]),
    ],
)
def test_schema_columns_as_a_table(lang: str, title: str, heads: list[str]) -> None:
    from ktt_indicators.census.schema import COLUMNS

    result = ktt("schema", "--columns", "--format", "table", "--lang", lang)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].strip() == title
    assert [h.strip() for h in lines[2].strip("┃").split("┃")] == heads
    rows = [[cell.strip() for cell in line.strip("│").split("│")]
            for line in lines if line.startswith("│")]  # fmt: skip
    # One row a column, in the contract's order (a long list of values wraps onto more lines).
    starts = [row for row in rows if row[1]]
    assert [(r[0], r[1]) for r in starts] == [(c.header, c.key) for c in COLUMNS]
    # Types and requirements in the reader's words, not the contract's keys.
    words = {
        "vi": {"always": "có", "never": "không", "HTX+LHHTX": "với HTX, LHHTX"},
        "en": {"always": "yes", "never": "no", "HTX+LHHTX": "for HTX, LHHTX"},
    }[lang]
    required = {c.key: c.required for c in COLUMNS}
    assert all(r[3] == words[required[r[1]]] for r in starts if required[r[1]] in words)
    kinds = {r[1]: r[2] for r in starts}
    assert kinds["loai_hinh"] == "THT, HTX, LHHTX"
    assert kinds["ten"] == {"vi": "chữ", "en": "text"}[lang]
    assert kinds["so_thanh_vien"] == {"vi": "một số nguyên", "en": "a whole number"}[lang]


# ====================================================================== inputs are never written


@pytest.mark.parametrize(
    "args",
    [
        ["gap", "--year", "2030", "-o", "{example}"],
        ["gap", "--year", "2030", "--format", "json", "-o", "{example}"],
        ["gap", "--year", "2030", "-o", "{targets}", "--format", "json"],
        ["check", "{example}", "-o", "{example}"],
        ["template", "-o", "{example}", "--force"],
    ],
)
def test_no_command_writes_over_the_bundled_inputs(args: list[str]) -> None:
    """With no FILE, ``ktt gap`` reads the bundled example: it is an input like any other."""
    from ktt_indicators.core.resources import default_targets, example_census

    paths = {"{example}": str(example_census()), "{targets}": str(default_targets())}
    before = {p: Path(p).read_bytes() for p in paths.values()}
    today = TODAY if args[0] != "template" else []
    result = ktt(*[paths.get(a, a) for a in args], *today)
    assert result.exit_code == 2
    assert "Không ghi đè lên tệp đầu vào" in result.stderr
    assert {p: Path(p).read_bytes() for p in paths.values()} == before


def test_gap_never_writes_over_an_input_through_a_link(make_census: MakeCensus, tmp_path: Path):
    path = make_census(SMALL_ROWS, info=SMALL_INFO)
    link = tmp_path / "link.json"
    link.hardlink_to(path)
    before = path.read_bytes()
    result = ktt("gap", path, "-o", link, "--format", "json", *TODAY)
    assert result.exit_code == 2
    assert path.read_bytes() == before


# ================================================================ help and usage, both languages


def _help_texts(command: Any) -> list[str]:
    texts = [p.help for p in command.params if getattr(p, "help", None)]
    for sub in getattr(command, "commands", {}).values():
        texts += _help_texts(sub)
    return texts


def test_every_help_text_has_its_vietnamese_wording() -> None:
    import typer

    command = typer.main.get_command(app)
    vi = catalogue("vi")
    assert [t for t in _help_texts(command) if f"help.{t}" not in vi] == []
    described = {k.removeprefix("command-help.") for k in vi if k.startswith("command-help.")}
    assert described == {"ktt", *command.commands}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("args", "vi", "en"),
    [
        (["chek"], "Không có lệnh «chek». Có lẽ là: check", "No such command 'chek'."),
        (["gap", "--yaer", "2030"], "Không có tùy chọn --yaer", "No such option: --yaer"),
        (["template"], "Thiếu tùy chọn bắt buộc '--output'", "Missing option '--output'"),
        (["gap", "--year", "abc"], "«abc» không phải là một số nguyên", "'abc' is not a valid"),
        (["check"], "Thiếu đối số bắt buộc", "Missing argument"),
        (["gap", "--by", "x"], "«x» không phải là một trong: xa_phuong", "is not one of"),
        (["check", "x.xlsx", "--max-rows", "0"], "(biến môi trường: 'KTT_MAX_ROWS')", "env var"),
        (["--lang", "fr", "gap"], "«fr» không phải là một trong: vi, en", "'fr' is not one of"),
        (["gap", "--max-rows", "x"], "«x» không phải là một số nguyên", "'x' is not a valid int"),
        (["targets", "extra"], "Thừa đối số: extra", "Got unexpected extra argument"),
    ],
)
def test_usage_errors_follow_the_language_wherever_lang_stands(
    args: list[str], vi: str, en: str
) -> None:
    default = ktt(*args)
    assert default.exit_code == 2
    assert vi in default.stderr and "Lỗi:" in default.stderr and "Error:" not in default.stderr
    assert "Cách dùng:" in default.stderr or "--year" in args
    if "--lang" in args:
        return
    for english in (ktt("--lang", "en", *args), ktt(*args, "--lang", "en")):
        assert english.exit_code == 2
        assert en in english.stderr and "Error:" in english.stderr
    by_env = CliRunner(env={"KTT_LANG": "en", "COLUMNS": "200"}).invoke(app, args)
    assert en in by_env.stderr


def test_help_follows_the_language_wherever_lang_stands() -> None:
    vi = ktt("gap", "-h").stdout
    assert "Cách dùng: ktt gap" in vi and "Tùy chọn:" in vi and "Hiện trợ giúp này" in vi
    assert "Chỉ các chỉ tiêu của năm này." in vi and "Usage" not in vi
    assert "Cách dùng: ktt gap [TÙY_CHỌN]" in vi and "[OPTIONS]" not in vi
    usage_error = ktt("chek").stderr
    assert usage_error.startswith("Cách dùng: ktt [TÙY_CHỌN] LỆNH [ĐỐI_SỐ]...\n")
    assert ktt("chek", "--lang", "en").stderr.startswith("Usage: ktt [OPTIONS] COMMAND [ARGS]...")
    for en in (ktt("--lang", "en", "gap", "-h"), ktt("gap", "-h", "--lang", "en")):
        assert "Usage: ktt gap" in en.stdout and "Only the targets of this year." in en.stdout
    top = ktt("-h").stdout
    assert "--lang <vi|en>" in top and "Lệnh:" in top


@pytest.mark.parametrize("columns", [60, 80, 120])
@pytest.mark.parametrize("command", command_names())
def test_help_breaks_lines_only_at_spaces(command: str, columns: int) -> None:
    """A file name or id with hyphens (targets-example-province.yaml) is never cut in two."""
    doc = next(c for c in app.registered_commands if (c.name or c.callback.__name__) == command)
    english = doc.help or doc.callback.__doc__  # the decorator's help=, else the docstring
    for lang, description in (("vi", phrase(f"command-help.{command}", "vi")), ("en", english)):
        env = {"KTT_LANG": lang, "KTT_TARGETS": None, "COLUMNS": str(columns)}
        shown = CliRunner(env=env).invoke(app, [command, "-h"]).stdout
        tokens = set(shown.split())
        assert [w for w in description.split() if "-" in w and w not in tokens] == []


def test_lang_before_the_command_is_obeyed_and_the_one_after_wins(small: Path) -> None:
    before = ktt("--lang", "en", "gap", small, "--year", "2030", *TODAY)
    assert before.exit_code == 0 and "Progress against targets" in before.stdout
    both = ktt("--lang", "en", "gap", small, "--year", "2030", "--lang", "vi", *TODAY)
    assert "Tiến độ thực hiện chỉ tiêu" in both.stdout
    env = CliRunner(env={"KTT_LANG": "en", "COLUMNS": "200"})
    assert "Tiến độ" in env.invoke(app, ["--lang", "vi", "gap", str(small), *TODAY]).stdout


@pytest.mark.parametrize("command", ["gap", "check"])
def test_a_number_among_the_files_is_said_to_be_a_stray_argument(command: str, small: Path) -> None:
    # An option given two values leaves the second among the files: nothing is read.
    year = ["--year", "2030"] if command == "gap" else ["--max-rows", "100"]
    args = [command, small, "extra.xlsx", *year, "2", *TODAY]
    en = ktt(*args, "--lang", "en")
    assert en.exit_code == 2 and en.stdout == ""
    assert en.stderr == (
        "Error: There is no file «2»; a bare number here is probably a stray argument (each "
        "option takes one value, e.g. --year 2030)\n"
    )
    vi = ktt(*args)
    assert vi.exit_code == 2
    assert vi.stderr.startswith("Lỗi: Không có tệp «2»; một con số ở chỗ này có lẽ là đối số thừa")


def test_a_file_that_is_named_like_a_number_gets_its_own_reason(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("2").write_bytes(small.read_bytes())
    result = ktt("check", "2", "--lang", "en", *TODAY)
    assert result.exit_code == 2
    assert "stray" not in result.stderr and "ktt reads .xlsx, .xlsm, .xls, .ods" in result.stderr


# ======================================================================== -o and --format agree


def test_check_takes_the_format_from_the_suffix(make_census: MakeCensus, tmp_path: Path):
    out = tmp_path / "f.json"
    result = ktt("check", make_census([{}]), "-o", out, *TODAY)
    assert result.exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["valid"] is True
    xml = tmp_path / "f.xml"
    assert ktt("check", make_census([{}]), "-o", xml, *TODAY).exit_code == 0
    assert xml.read_text(encoding="utf-8").startswith("<?xml")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["gap", "-o", "{tmp}/report.xlsx", "--format", "json"], "report.json"),
        (["check", "{census}", "-o", "{tmp}/f.json", "--format", "junit"], "f.xml"),
        (["gap", "-o", "{tmp}/"], "thư mục"),
        (["gap", "-o", "{tmp}"], "thư mục"),
        (["gap", "--explain", "htx_count_2030", "-o", "{tmp}/e.md"], "table, json hoặc csv"),
        (["schema", "--format", "table"], "--columns"),
        (["targets", "--format", "junit"], "table, json"),
    ],
)
def test_formats_that_make_no_sense_are_refused_saying_what_would(
    args: list[str], says: str, make_census: MakeCensus, tmp_path: Path
) -> None:
    census = str(make_census([{}]))
    filled = [a.replace("{tmp}", str(tmp_path)).replace("{census}", census) for a in args]
    before = sorted(tmp_path.iterdir())
    result = ktt(*filled, *(TODAY if args[0] != "schema" and args[0] != "targets" else []))
    assert result.exit_code == 2
    assert says in result.stderr and result.stdout == ""
    assert sorted(tmp_path.iterdir()) == before  # nothing written


def test_csv_written_to_a_file_has_a_bom_for_excel_and_stdout_has_none(
    small: Path, tmp_path: Path
) -> None:
    out = tmp_path / "gap.csv"
    assert ktt("gap", small, "-o", out, *TODAY).exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,year,")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert {r["met"] for r in rows} <= {"true", "false", ""} and "true" in {r["met"] for r in rows}
    stdout = ktt("gap", small, "--format", "csv", *TODAY).stdout
    assert stdout.startswith("id,year,") and "True" not in stdout and "False" not in stdout
    explain = ktt("gap", small, "--explain", "good_fair_share_2030", "--format", "csv", *TODAY)
    assert {r["in_numerator"] for r in csv.DictReader(io.StringIO(explain.stdout))} == {
        "true",
        "false",
    }


# ======================================================================== smaller things


def test_check_on_a_missing_file_prints_only_the_error(tmp_path: Path) -> None:
    result = ktt("check", tmp_path / "nothere.xlsx", *TODAY)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "nothere.xlsx" in result.stderr


def test_a_file_given_twice_is_read_once(make_census: MakeCensus) -> None:
    path = make_census(SMALL_ROWS, info=SMALL_INFO)
    result = ktt("check", path, path, "--format", "json", *TODAY)
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["files"]) == 1
    assert "được nêu nhiều lần" in result.stderr
    gap = ktt("gap", path, path, "--format", "json", *TODAY)
    assert gap.exit_code == 0 and json.loads(gap.stdout)["organizations"] == len(SMALL_ROWS)


def test_counts_are_written_alike_everywhere() -> None:
    from ktt_indicators.core.resources import example_census

    vi = ktt("check", example_census(), *TODAY).stdout
    assert "1.779 tổ chức" in vi and "1.779 tổ chức đọc được" in ktt("gap", *TODAY).stdout
    en = ktt("check", example_census(), "--lang", "en", *TODAY).stdout
    assert "1,779 organizations" in en


def test_the_summary_line_is_said_once_where_stdout_and_stderr_are_one_log(
    make_census: MakeCensus, tmp_path: Path
) -> None:
    """`ktt check FILE > log 2>&1` (and a pre-commit hook's output, one pipe for both): the
    table already starts with each file's summary, so stderr does not repeat it; with
    stdout and stderr apart (a pipe and a log), each gets it once."""
    import subprocess
    import sys

    path = make_census(SMALL_ROWS, info=SMALL_INFO)
    command = [str(Path(sys.executable).parent / "ktt"), "check", str(path), *TODAY]
    env = {k: v for k, v in os.environ.items() if k not in ("KTT_LANG", "COLUMNS")}
    line = f"{path}: hợp lệ — {len(SMALL_ROWS)} tổ chức"
    merged = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, env=env, check=True)  # fmt: skip
    assert merged.stdout.count(line) == 1
    log = tmp_path / "log.txt"
    with log.open("w") as out:
        subprocess.run(command, stdout=out, stderr=out, env=env, check=True)
    assert log.read_text(encoding="utf-8").count(line) == 1
    apart = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    assert (apart.stdout.count(line), apart.stderr.count(line)) == (1, 1)
    # A path too long for the table's width: the table gives it a line of its own, so the
    # log still gets the whole «path: status» line once, to be searched for.
    long = make_census(SMALL_ROWS, name=f"{'Hợp tác xã dịch vụ tổng hợp ' * 4}.xlsx",
                       info=SMALL_INFO)  # fmt: skip
    command = [command[0], "check", str(long), *TODAY]
    merged = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, env=env, check=True)  # fmt: skip
    assert merged.stdout.count(f"{long}: hợp lệ — {len(SMALL_ROWS)} tổ chức") == 1


def test_python_m_runs_the_ktt_command() -> None:
    """Where the ktt script is not on the PATH, ``python -m ktt_indicators`` is the command."""
    done = subprocess.run(
        [sys.executable, "-m", "ktt_indicators", "--lang", "en", "targets", "--list"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "nq-20-tw-2022" in done.stdout
