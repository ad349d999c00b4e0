"""What the command line answers, checked where a user reads it: a hint only when it is
right, a census without organizations, the counts of a file under one name each, the units
of --expected by their level, and the status of a target met by the latest point."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from ktt_indicators.census.findings import CATALOG
from ktt_indicators.cli.app import app

from conftest import TODAY, write_census

runner = CliRunner(env={"KTT_LANG": None, "KTT_TARGETS": None, "COLUMNS": "200"})
#: The columns of the contract a census needs, without a row under them.
HEADERS = ["ma_so", "ten", "loai_hinh", "xa_phuong", "linh_vuc", "tinh_trang", "so_thanh_vien"]


def ktt(*args: object) -> Result:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def findings_of(path: Path) -> list[dict[str, Any]]:
    result = ktt("check", path, "--format", "json", "--today", TODAY.isoformat())
    (file,) = json.loads(result.stdout)["files"]
    return [*file["errors"], *file["warnings"]]


# ---------------------------------------------------------------- hints


def test_an_abbreviated_category_is_read_and_a_hint_names_only_a_clear_category(
    tmp_path: Path,
) -> None:
    # «CN - TTCN» is the industry and handicraft sector (tiểu thủ công nghiệp): read as it,
    # however its words are written.
    read = write_census(tmp_path / "read.xlsx", [
        {"ten": "HTX Mây tre", "linh_vuc": "Công nghiệp - TTCN"},
        {"ten": "HTX Gốm", "linh_vuc": "CN và TTCN"},
        {"ten": "HTX Chợ", "linh_vuc": "Dịch vụ - thương mại"},
        {"ten": "HTX Sen", "linh_vuc": "Nông nghiệp", "tinh_trang": "Tạm ngưng HĐ"},
    ])  # fmt: skip
    result = ktt("check", read, "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    # No hint where two categories are named, or a word before the name may negate it; the
    # hint where one category is clearly meant, in the message as in the JSON.
    wrong = write_census(tmp_path / "wrong.xlsx", [
        {"ten": "A", "linh_vuc": "Nông nghiệp - TTCN"},
        {"ten": "B", "linh_vuc": "Nong ngiep"},
        {"ten": "C", "linh_vuc": "Nông nghiệp công nghệ cao"},
        {"ten": "D", "tinh_trang": "Ngừng hoạt động"},
        {"ten": "E", "linh_vuc": "Thương mại dịch vụ vận tải"},
    ])  # fmt: skip
    by_name = {x["cell"]: x for x in findings_of(wrong) if x["code"] == "not-in-list"}
    suggestions = {cell: x["suggestion"] for cell, x in by_name.items()}
    sector, status = "F", "G"  # the columns as write_census lays them out
    assert suggestions == {
        f"{sector}2": None,
        f"{sector}3": "Nông nghiệp",
        f"{sector}4": "Nông nghiệp",
        f"{status}5": None,
        f"{sector}6": None,
    }
    assert "có lẽ là" not in by_name[f"{sector}2"]["message"]
    assert by_name[f"{sector}3"]["message"].endswith("có lẽ là «Nông nghiệp»")
    table = ktt("check", wrong, "--today", TODAY.isoformat()).stdout
    assert "có lẽ là «Công nghiệp" not in " ".join(table.split())


# ---------------------------------------------------------------- no organization


def test_a_census_without_organizations_is_not_valid_anywhere(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    empty = write_census(folder / "empty.xlsx", [], headers=HEADERS)
    check = ktt("check", empty, "--format", "json", "--today", TODAY.isoformat())
    assert check.exit_code == 1
    (file,) = json.loads(check.stdout)["files"]
    assert [x["code"] for x in file["errors"]] == ["no-organizations"]
    assert file["errors"][0]["sheet"] == "Danh sách tổ chức"
    # ktt gap refuses it as it refuses any census with errors (exit 1, the finding named),
    # and prints no figure of 0 as if it were a count.
    gap = ktt("gap", empty, "--today", TODAY.isoformat())
    assert gap.exit_code == 1 and gap.stdout == ""
    title = CATALOG["no-organizations"].title("vi")  # people read the title, not the code
    assert title in gap.stderr and "không có dòng tổ chức nào" in gap.stderr
    skip = ktt("gap", empty, "--skip-invalid", "--today", TODAY.isoformat())
    assert skip.exit_code == 1 and skip.stdout == ""
    assert "Không còn tệp nào để tính chỉ tiêu" in skip.stderr
    # Batch does not count it as a valid submission.
    out = tmp_path / "out"
    batch = ktt("batch", folder, "-o", out, "--today", TODAY.isoformat())
    assert batch.exit_code == 1
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert (summary["valid_files"], summary["invalid_files"]) == (0, 1)
    assert summary["left_out"] == ["empty.xlsx"]


# ---------------------------------------------------------------- counts


def test_the_counts_of_a_file_have_one_name_each_everywhere(tmp_path: Path) -> None:
    # Five organization rows, two with errors: 5 read, 3 without errors, 2 with errors; in
    # batch's report, 0 counted (a file with errors is left out whole).
    folder = tmp_path / "in"
    folder.mkdir()
    path = write_census(folder / "xa.xlsx", [
        {"ten": "A"}, {"ten": "B", "so_thanh_vien": "nhiều"}, {"ten": "C"},
        {"ten": "D", "loai_hinh": "Hội"}, {"ten": "E"},
    ])  # fmt: skip
    line = ktt("check", path, "--today", TODAY.isoformat()).stdout.splitlines()[0]
    said = "không hợp lệ — 5 dòng tổ chức (3 không lỗi, 2 có lỗi), 2 lỗi, 0 cảnh báo"
    assert line == f"{path}: {said}"
    en = ktt("check", path, "--today", TODAY.isoformat(), "--lang", "en").stdout.splitlines()[0]
    assert "5 organization rows (3 without errors, 2 with errors)" in en
    check = json.loads(ktt("check", path, "--format", "json", "--today", TODAY.isoformat()).stdout)
    (file,) = check["files"]
    assert (file["rows_read"], file["organizations"], file["rows_with_errors"]) == (5, 3, 2)
    out = tmp_path / "out"
    ktt("batch", folder, "-o", out, "--today", TODAY.isoformat())
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    (entry,) = summary["files"]
    counts = ("rows_read", "organizations", "rows_with_errors", "organizations_counted")
    assert [entry[k] for k in counts] == [5, 3, 2, 0]
    assert summary["organizations_counted"] == 0
    markdown = (out / "summary.md").read_text(encoding="utf-8")
    assert "| Dòng tổ chức | Không lỗi | Tính vào báo cáo |" in markdown
    assert "| xa.xlsx | không | 2 | 0 | 5 | 3 | 0 |" in markdown
    # A valid file: every row read is counted, and the line says it once.
    valid = write_census(tmp_path / "ok.xlsx", [{"ten": "A"}, {"ten": "B"}])
    line = ktt("check", valid, "--today", TODAY.isoformat()).stdout.splitlines()[0]
    assert line == f"{valid}: hợp lệ — 2 tổ chức, 0 lỗi, 0 cảnh báo"


# ---------------------------------------------------------------- --expected


def test_a_commune_is_not_the_former_district_of_the_same_name(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    # The commune of Thới Lai sent a file named after its place; the district did not.
    write_census(folder / "thoi-lai.xlsx", [{"ten": "A"}],
                 info={"don_vi_bao_cao": "UBND xã Thới Lai", "nam_bao_cao": 2025})  # fmt: skip
    write_census(folder / "co-do.xlsx", [{"ten": "B"}],
                 info={"don_vi_bao_cao": "UBND huyện Cờ Đỏ", "nam_bao_cao": 2025})  # fmt: skip
    districts = tmp_path / "districts.txt"
    districts.write_text("Huyện Thới Lai\nHuyện Cờ Đỏ\n", encoding="utf-8")
    out = tmp_path / "out"
    ktt("batch", folder, "-o", out, "--expected", districts, "--today", TODAY.isoformat())
    units = json.loads((out / "summary.json").read_text(encoding="utf-8"))["units"]
    assert units["missing"] == ["Huyện Thới Lai"]
    assert units["unexpected"] == [{"file": "thoi-lai.xlsx", "unit": "UBND xã Thới Lai"}]
    assert units["received"] == {"Huyện Cờ Đỏ": ["co-do.xlsx"]}
    # A list with both: each is itself, and a name without a level matches either only
    # when the list has one of that name.
    both = tmp_path / "both.txt"
    both.write_text("Xã Thới Lai\nHuyện Thới Lai\nCờ Đỏ\n", encoding="utf-8")
    ktt("batch", folder, "-o", out, "--expected", both, "--today", TODAY.isoformat())
    units = json.loads((out / "summary.json").read_text(encoding="utf-8"))["units"]
    assert units["received"] == {"Xã Thới Lai": ["thoi-lai.xlsx"], "Cờ Đỏ": ["co-do.xlsx"]}
    assert units["missing"] == ["Huyện Thới Lai"] and units["unexpected"] == []


# ---------------------------------------------------------------- status over time


def test_the_latest_point_of_the_series_says_whether_a_target_is_met(tmp_path: Path) -> None:
    # The bundled 2025 census and a history that goes on to 2026: 450 ≥ 400 is met, whatever
    # the census year's count.
    history = tmp_path / "history.yaml"
    history.write_text("htx_count_2030: {2022: 300, 2026: 450}\n", encoding="utf-8")
    result = ktt("gap", "--history", history, "--format", "json", "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    (htx,) = [t for t in json.loads(result.stdout)["targets"] if t["id"] == "htx_count_2030"]
    assert htx["trend"]["status"] == "achieved"
    assert (htx["trend"]["latest_year"], htx["trend"]["latest_value"]) == (2026, 450)


def test_a_falling_series_from_the_threshold_is_judged_and_says_why(tmp_path: Path) -> None:
    # «More than 100» by 2030 from 100 (2023) to 90 (the history's 2024, then the census):
    # the rate needed from the threshold is 0, and the series falls: deterioration.
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "plan: {id: p, title: P}\ntargets:\n"
        "  - {id: htx, year: 2030, title: HTX, comparison: more_than, value: 100,\n"
        "     source: {document: D}, measure: {count: {loai_hinh: HTX}}}\n",
        encoding="utf-8",
    )
    census = write_census(tmp_path / "c.xlsx", [{"ten": f"HTX {n}"} for n in range(90)])
    history = tmp_path / "h.yaml"
    history.write_text("htx: {2023: 100}\n", encoding="utf-8")
    args = ["gap", census, "--targets", plan, "--history", history, "--today", TODAY.isoformat()]
    report = json.loads(ktt(*args, "--format", "json").stdout)
    (trend,) = [t["trend"] for t in report["targets"]]
    assert trend["status"] == "deterioration" and trend["reason"] == "required-zero"
    text = " ".join(ktt(*args).stdout.split())
    assert "đứng đúng ở ngưỡng chỉ tiêu mà chưa đạt nên tốc độ cần có bằng 0" in text
