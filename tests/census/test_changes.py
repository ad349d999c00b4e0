"""What changed since last year: two consecutive censuses with known changes."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ktt_indicators.census.changes import changes_of, with_change_findings
from ktt_indicators.census.reader import read_census
from ktt_indicators.cli.app import app

from conftest import TODAY, write_census

runner = CliRunner(env={"KTT_LANG": None, "KTT_TARGETS": None, "NO_COLOR": "1"})
ACTIVE, SUSPENDED, DISSOLVED = "Đang hoạt động", "Tạm ngừng hoạt động", "Đã giải thể"


def ktt(*args: object) -> Any:
    return runner.invoke(app, [str(a) for a in args])


def _htx(code: str, name: str, status: str = ACTIVE, **more: Any) -> dict[str, Any]:
    return {"ma_so": code, "ten": name, "tinh_trang": status, **more}


def _lhhtx(code: str, name: str) -> dict[str, Any]:
    return {**_htx(code, name), "loai_hinh": "LHHTX", "so_htx_thanh_vien": 3}


def _tht(name: str, commune: str, status: str = ACTIVE) -> dict[str, Any]:
    return {"loai_hinh": "THT", "ten": name, "xa_phuong": commune, "tinh_trang": status,
            "so_thanh_vien": 5}  # fmt: skip


LAST = [
    _htx("1800000001", "HTX Giữ Nguyên"),
    _htx("1800000002", "HTX Sẽ Giải Thể"),
    _htx("1800000003", "HTX Biến Mất"),
    _htx("1800000004", "HTX Tạm Ngừng"),
    _htx("1800000005", "HTX Đã Giải Thể Từ Trước", DISSOLVED),  # gone now: rightly so
    _lhhtx("1800000006", "Liên hiệp Giữ Nguyên"),
    _tht("Tổ hợp tác Rau Sạch", "Xã Mỹ Khánh"),
    _tht("Tổ hợp tác Biến Mất", "Xã Mỹ Khánh"),
    _tht("Tổ hợp tác Cùng Tên", "Xã Nhơn Ái"),  # another commune's group of the same name
    _tht("Tổ hợp tác Ngừng", "Xã Nhơn Ái"),
]
NOW = [
    _htx("1800000001", "HTX Giữ Nguyên (đổi tên)"),  # a new name: the code decides
    _htx("1800000002", "HTX Sẽ Giải Thể", DISSOLVED),
    _htx("1800000004", "HTX Tạm Ngừng", SUSPENDED),
    _lhhtx("1800000006", "Liên hiệp Giữ Nguyên"),
    _htx("1800000007", "HTX Mới Thành Lập"),
    # The same group, typed in another case, without diacritics, decomposed, with «Xã».
    _tht(unicodedata.normalize("NFD", "TỔ HỢP TÁC RAU SẠCH"), "my khanh"),
    _tht("Tổ hợp tác Cùng Tên", "Xã Mỹ Khánh"),  # not Nhơn Ái's: a new group
    _tht("Tổ hợp tác Ngừng", "Nhơn Ái", SUSPENDED),
]


@pytest.fixture
def years(tmp_path: Path) -> tuple[Path, Path]:
    info = {"don_vi_bao_cao": "UBND xã Thử Nghiệm", "ngay_so_lieu": None}
    last = write_census(tmp_path / "2024.xlsx", LAST, info={**info, "nam_bao_cao": 2024},
                        auto_codes=False)  # fmt: skip
    now = write_census(tmp_path / "2025.xlsx", NOW, info={**info, "nam_bao_cao": 2025},
                       auto_codes=False)  # fmt: skip
    return last, now


def _names(group: list[Any]) -> set[tuple[str, str, bool]]:
    return {(c.form, unicodedata.normalize("NFC", c.name), c.by_name) for c in group}


def test_two_years_give_exactly_the_known_changes(years: tuple[Path, Path]) -> None:
    census = read_census(list(years), today=TODAY)
    changes = changes_of(census)
    assert changes is not None and (changes.from_year, changes.to_year) == (2024, 2025)
    assert _names(changes.new) == {
        ("HTX", "HTX Mới Thành Lập", False),
        ("THT", "Tổ hợp tác Cùng Tên", False),
    }
    assert _names(changes.dissolved) == {("HTX", "HTX Sẽ Giải Thể", False)}
    assert _names(changes.vanished) == {
        ("HTX", "HTX Biến Mất", False),
        ("THT", "Tổ hợp tác Biến Mất", True),  # no code: said to be by name
        ("THT", "Tổ hợp tác Cùng Tên", True),  # Nhơn Ái's is gone; Mỹ Khánh's is another
    }
    assert _names(changes.status_changed) == {
        ("HTX", "HTX Tạm Ngừng", False),
        ("THT", "Tổ hợp tác Ngừng", True),
    }
    # Kept: 1, 2, 4, 6 by code; Rau Sạch and Ngừng by name.
    assert (changes.matched, changes.matched_by_name) == (6, 2)
    (gone,) = [c for c in changes.vanished if c.code]
    assert (gone.code, gone.last_file, gone.last_row) == ("1800000003", str(years[0]), 4)


def test_a_vanished_organization_is_a_warning_of_the_later_year(years: tuple[Path, Path]) -> None:
    census = with_change_findings(read_census(list(years), today=TODAY))
    last, now = census.files
    assert not [f for f in last.findings if f.code == "vanished-since-last-year"]
    vanished = [f for f in now.findings if f.code == "vanished-since-last-year"]
    assert len(vanished) == 3 and all(f.severity == "warning" for f in vanished)
    assert now.valid  # a warning: the file still counts
    htx = next(f for f in vanished if f.value == "1800000003")
    message = htx.message("vi")
    assert "HTX Biến Mất" in message and f"{years[0]} › Danh sách tổ chức › dòng 4" in message
    assert "row 4" in htx.message("en")
    # One year alone has no year before it: nothing is added.
    alone = read_census([years[1]], today=TODAY)
    assert with_change_findings(alone) is alone


def test_gap_json_carries_each_group_as_codes(years: tuple[Path, Path]) -> None:
    result = ktt("gap", *years, "-f", "json", "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    changes = json.loads(result.stdout)["changes"]
    assert changes["new"]["HTX"] == ["1800000007"]
    assert changes["dissolved"] == {"THT": [], "HTX": ["1800000002"], "LHHTX": []}
    assert changes["vanished"]["HTX"] == ["1800000003"]
    assert changes["status_changed"]["HTX"] == ["1800000004"]
    assert changes["without_code"]["vanished"]["THT"] == [
        "Tổ hợp tác Biến Mất (Xã Mỹ Khánh)", "Tổ hợp tác Cùng Tên (Xã Nhơn Ái)",
    ]  # fmt: skip
    assert changes["counts"]["vanished"] == {"THT": 2, "HTX": 1, "LHHTX": 0}


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_reports_show_the_counts_and_say_how_to_list_them(
    years: tuple[Path, Path], fmt: str
) -> None:
    result = ktt("gap", *years, "-f", fmt, "--today", TODAY.isoformat(), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Changes since 2024" in result.stdout
    assert "--explain new | dissolved | vanished | status_changed | changes" in result.stdout
    flat = re.sub(r"<[^>]+>|[|│┃]", " ", result.stdout)  # the cells of any of the three
    after = flat.split("Vanished (listed last year, absent now, not marked dissolved)", 1)[1]
    assert after.split()[:4] == ["2", "1", "0", "3"]  # THT, HTX, LHHTX, total


def test_xlsx_report_has_a_sheet_of_changes(years: tuple[Path, Path], tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "r.xlsx"
    result = ktt("gap", *years, "-o", out, "--today", TODAY.isoformat(), "--lang", "en")
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out)["Changes since 2024"]
    rows = {r[0]: r[1:5] for r in ws.iter_rows(min_row=3, max_row=6, values_only=True)}
    assert rows["Vanished (listed last year, absent now, not marked dissolved)"] == (2, 1, 0, 3)
    assert rows["New (listed now, not last year)"] == (1, 1, 0, 2)


def test_explain_lists_the_organizations_of_a_group(years: tuple[Path, Path]) -> None:
    result = ktt("gap", *years, "--explain", "vanished", "-f", "json", "--today",
                 TODAY.isoformat())  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["code"], r["matched"]) for r in rows] == [
        ("1800000003", "by-code"), (None, "by-name"), (None, "by-name"),
    ]  # fmt: skip
    table = ktt("gap", *years, "--explain", "changes", "--today", TODAY.isoformat(),
                "--lang", "en")  # fmt: skip
    assert table.exit_code == 0, table.output
    assert all(code in table.stdout for code in ("1800000007", "1800000002", "1800000003"))
    one = ktt("gap", years[1], "--explain", "vanished", "--today", TODAY.isoformat(),
              "--lang", "en")  # fmt: skip
    assert one.exit_code == 2 and "two consecutive years" in one.output


def test_check_of_both_years_warns_of_the_vanished(years: tuple[Path, Path]) -> None:
    result = ktt("check", *years, "-f", "json", "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    files = json.loads(result.stdout)["files"]
    codes = [[w["code"] for w in f["warnings"]] for f in files]
    assert "vanished-since-last-year" not in codes[0]
    assert codes[1].count("vanished-since-last-year") == 3
