"""Shared fixtures: small census workbooks written on the fly into tmp_path.

``make_census(rows, info=..., headers=...)`` writes a two-sheet workbook the way
a district would: an information sheet (labels in A, values in B) and a list
sheet with Vietnamese headers. Rows are dicts keyed by column key
(``{"ten": ..., "loai_hinh": "HTX", ...}``); values are written as given, so a
test can type "1.250" or "kha" exactly as people do.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from ktt_indicators.census.schema import COLUMNS

TODAY = date(2026, 11, 21)
INFO_LABELS = {
    "don_vi_bao_cao": "Đơn vị báo cáo",
    "nam_bao_cao": "Năm báo cáo",
    "ngay_so_lieu": "Ngày số liệu",
    "dia_ban": "Địa bàn",
    "dan_so": "Dân số",
}
DEFAULT_INFO: dict[str, Any] = {
    "don_vi_bao_cao": "UBND xã Thới Lai",
    "nam_bao_cao": 2025,
    "ngay_so_lieu": date(2025, 12, 15),
}
#: A valid active cooperative; tests override what they need.
BASE_ROW: dict[str, Any] = {
    "ten": "HTX Thử nghiệm",
    "loai_hinh": "HTX",
    "xa_phuong": "Xã Thới Lai",
    "quan_huyen": "Huyện Thới Lai",
    "linh_vuc": "Nông nghiệp",
    "tinh_trang": "Đang hoạt động",
    "so_thanh_vien": 10,
}

MakeCensus = Callable[..., Path]
#: The table of the hostile-input corpus (test_hostile.py), printed at the end of the session.
HOSTILE_TABLE = pytest.StashKey[list[str]]()
#: The nine former districts of the old city (before 1 July 2025), as in targets.yaml.
DISTRICTS = [
    "Ninh Kiều", "Bình Thủy", "Cái Răng", "Ô Môn", "Thốt Nốt",
    "Phong Điền", "Thới Lai", "Cờ Đỏ", "Vĩnh Thạnh",
]  # fmt: skip


def complete_rows(
    rows: Sequence[dict[str, Any]], *, auto_codes: bool = True
) -> list[dict[str, Any]]:
    """The organizations as ``write_census`` writes them: each row over ``BASE_ROW``.

    With ``auto_codes``, an HTX or LHHTX row without ``ma_so`` gets the code ``18`` + its
    1-based position in eight digits; a union without ``so_htx_thanh_vien`` gets 3.
    """
    full_rows = []
    for n, row in enumerate(rows, start=1):
        full = {**BASE_ROW, **row}
        if auto_codes and "ma_so" not in row and full["loai_hinh"] in ("HTX", "LHHTX"):
            full["ma_so"] = f"18{n:08d}"
        if full["loai_hinh"] == "LHHTX" and "so_htx_thanh_vien" not in row:
            full["so_htx_thanh_vien"] = 3
        full_rows.append(full)
    return full_rows


def census_keys(full_rows: Sequence[dict[str, Any]]) -> list[str]:
    """The census columns the rows use, in the order of the census contract."""
    return [c.key for c in COLUMNS if any(c.key in r for r in full_rows)]


def write_census(
    path: Path,
    rows: Sequence[dict[str, Any]],
    *,
    info: dict[str, Any] | None = None,
    headers: Sequence[str] | None = None,
    auto_codes: bool = True,
) -> Path:
    """Write a census workbook. ``headers`` are column keys (default: every key the rows use).

    With ``auto_codes``, an HTX or LHHTX row without ``ma_so`` gets a unique valid code.
    """
    wb = openpyxl.Workbook()
    ws_info = wb.active
    assert ws_info is not None
    ws_info.title = "Thông tin chung"
    for key, value in (DEFAULT_INFO if info is None else info).items():
        ws_info.append([INFO_LABELS.get(key, key), value])
    ws = wb.create_sheet("Danh sách tổ chức")
    full_rows = complete_rows(rows, auto_codes=auto_codes)
    keys = list(headers) if headers is not None else census_keys(full_rows)
    header_of = {c.key: c.header for c in COLUMNS}
    ws.append([header_of.get(k, k) for k in keys])
    for full in full_rows:
        ws.append([full.get(k) for k in keys])
    wb.save(path)
    return path


@pytest.fixture
def make_census(tmp_path: Path) -> MakeCensus:
    """Factory: ``make_census(rows, name="census.xlsx", **kwargs)`` → path of a new workbook."""
    counter = iter(range(1_000_000))

    def make(rows: Sequence[dict[str, Any]], name: str | None = None, **kwargs: Any) -> Path:
        return write_census(tmp_path / (name or f"census-{next(counter)}.xlsx"), rows, **kwargs)

    return make


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    """Print the hostile-input corpus's table (case, exit code, time and peak memory) when
    it helps: on a failure, or when asked for (``pytest -v``). A success stays quiet."""
    table = config.stash.get(HOSTILE_TABLE, None)
    if table and (exitstatus != 0 or config.get_verbosity() > 0):
        terminalreporter.section("hostile input corpus: exit code, time, peak memory")
        for line in table:
            terminalreporter.write_line(line)
