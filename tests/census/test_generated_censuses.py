"""Generated censuses with errors of every kind planted at random rows: the findings are
exactly those planted (cell, code, value, suggestion), whichever way the list is read, and
every example and test workbook reads the same by the column path as row by row.

The generator draws valid organizations typed as people type them (yes as «x», numbers as
«1.250», dates as text, spaces around names, TRUE in a yes/no column), then plants each
kind of error on a row of its own, so that every finding the reader makes is one planted.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from ktt_indicators.census import layout as layout_module
from ktt_indicators.census import list_sheet as list_sheet_module
from ktt_indicators.census.reader import CensusFile, read_census_file
from ktt_indicators.census.row_path import read_rows_one_by_one
from ktt_indicators.census.schema import COLUMNS
from ktt_indicators.read import workbook as workbook_module
from ktt_indicators.read.workbook import column_letter

from conftest import TODAY, write_census

ROOT = Path(__file__).resolve().parents[2]
KEYS = [c.key for c in COLUMNS]
FORMS = ["THT", "HTX", "HTX", "HTX", "LHHTX"]
SECTORS = ["Nông nghiệp", "Xây dựng", "Thương mại - dịch vụ", "Vận tải", "Tín dụng"]
STATES = ["Đang hoạt động", "Tạm ngừng hoạt động", "Chờ giải thể"]
RATINGS = [None, "Tốt", "Khá", "Trung bình", "Yếu", "Chưa xếp loại", "kha"]
YES = [None, None, "Có", "x", "X", True, "Không", False, "có "]
PLACES = ["Xã Thạnh Phú", "Phường Cái Khế", "Xã Trường Long", "Phường An Bình"]


#: What a finding that names no value says (a formula's value was never saved).
NO_VALUE: Any = object()


@dataclass(frozen=True)
class Plant:
    """An error planted in one cell: the finding it must give there."""

    key: str
    value: Any
    code: str
    #: What the finding says was typed («value»), when not the planted value itself.
    shown: str | None = None
    suggestion: str | None = None
    #: Other cells of the row set so that the planted one is the only finding.
    row: tuple[tuple[str, Any], ...] = ()
    #: The column the finding is at, when not ``key``.
    at: str | None = None


PLANTS = [
    Plant("so_thanh_vien", "abc", "wrong-type"),
    Plant("so_lao_dong", 2.5, "wrong-type", shown="2.5"),
    Plant("ngay_thanh_lap", "32/13/2020", "wrong-type"),
    Plant("chuoi_gia_tri", "có lẽ", "wrong-type", suggestion="Có"),
    Plant("linh_vuc", "Hàng không", "not-in-list"),
    Plant("loai_hinh", "HTXX", "not-in-list"),
    Plant("ma_so", "12345", "invalid-code", row=(("loai_hinh", "HTX"),)),
    Plant("ma_so", "1.8E+09", "code-in-scientific-notation", row=(("loai_hinh", "HTX"),)),
    Plant("ma_so", 312345678, "code-lost-leading-zero", shown="312345678",
          row=(("loai_hinh", "HTX"),)),
    Plant("ma_so", None, "missing-value", row=(("loai_hinh", "HTX"),)),
    Plant("ten", None, "missing-value"),
    Plant("so_thanh_vien", None, "missing-value"),
    Plant("von_dieu_le", -5.0, "negative-value", shown="-5"),
    Plant("ngay_thanh_lap", date(2027, 1, 1), "date-in-future", shown="01/01/2027",
          row=(("xep_loai", None),)),
    Plant("ngay_thanh_lap", date(2026, 3, 1), "date-after-as-of", shown="01/03/2026",
          row=(("xep_loai", None),)),
    Plant("ngay_thanh_lap", date(2025, 6, 1), "rated-too-young", shown="Tốt",
          row=(("xep_loai", "Tốt"),), at="xep_loai"),
    Plant("so_htx_thanh_vien", None, "missing-member-cooperatives",
          row=(("loai_hinh", "LHHTX"),)),
    Plant("so_thanh_vien", 3.0, "below-legal-minimum", shown="3", row=(("loai_hinh", "HTX"),)),
    Plant("loi_nhuan", 50.0, "profit-exceeds-revenue", shown="50",
          row=(("doanh_thu", 10.0),)),
    Plant("tinh_trang", "Đã giải thể", "dissolved-listed"),
    Plant("xa_phuong", "X· Th¹nh Phó", "legacy-encoded-value", suggestion="Xã Thạnh Phú"),
    Plant("xa_phuong", "Xã Thới Lia", "unknown-area", suggestion="Xã Thới Lai"),
    Plant("xa_phuong", "Phường An Hòa", "former-area"),  # in Phường Cái Khế since July 2025
]  # fmt: skip
#: Cells calamine reads as empty though they are not: openpyxl writes "#N/A" as an error
#: cell and a formula without a saved value, as a file never recalculated has.
READ_AS_EMPTY = [
    Plant("doanh_thu", "#N/A", "error-value"),
    Plant("so_thanh_vien", "#DIV/0!", "error-value"),
    Plant("von_dieu_le", "=1+1", "formula-without-value", shown=NO_VALUE),
]


def _organization(rng: random.Random, n: int) -> dict[str, Any]:
    """A valid organization, typed as people type (each way a few times in a hundred)."""
    form = rng.choice(FORMS)
    rated = rng.choice(RATINGS)
    founded: Any = date(2024, 12, 1) - timedelta(days=rng.randrange(0, 5000))
    if rng.random() < 0.05:
        founded = founded.strftime("%d/%m/%Y")
    members: Any = float(rng.randrange(7, 400))
    if rng.random() < 0.05:
        members = f"{int(members)} "
    revenue = round(rng.uniform(100, 90_000), 1)
    row: dict[str, Any] = {
        "stt": n,
        "ten": f"{form} {rng.choice(['Thạnh', 'Long', 'Tân'])} {n}",
        "loai_hinh": form,
        "xa_phuong": rng.choice(PLACES),
        "quan_huyen": rng.choice(["Huyện Cờ Đỏ", "Quận Ninh Kiều"]),
        "linh_vuc": rng.choice(SECTORS),
        "tinh_trang": rng.choice(STATES),
        "ngay_thanh_lap": founded,
        "so_thanh_vien": members,
        "xep_loai": rated,
        "von_dieu_le": round(rng.uniform(0, 5_000), 1),
        # the number 1.234 and the text «1.234» (read as 1,234 in Vietnamese)
        "doanh_thu": rng.choice([revenue, revenue, 1.234, "1.234", "1.250,5"]),
        "loi_nhuan": rng.choice([None, 1.0, -20.0]),
        "so_lao_dong": rng.choice([None, 3.0, "1.250", 12.0]),
        "ghi_chu": rng.choice([None, "", "  ghi chú  "]),
    }
    for key in ("chuoi_gia_tri", "cong_nghe_cao", "chuyen_doi_so", "kieu_moi", "dien_hinh"):
        row[key] = rng.choice(YES)
    if rng.random() < 0.03:
        row["ten"] = f"  {row['ten']} "
    if form in ("HTX", "LHHTX"):
        row["ma_so"] = f"{1_800_000_000 + n:010d}"
    if form == "LHHTX":
        row["so_htx_thanh_vien"] = float(rng.randrange(3, 12))
    return row


def generated_census(
    path: Path, rows: int, seed: int, plants: list[Plant]
) -> tuple[Path, set[tuple[str, str, str | None, str | None]]]:
    """A census of ``rows`` organizations with every plant of ``plants`` (and a code used
    twice) on random rows of their own. Returns the path and the findings planted,
    as (cell, code, value as the finding says it, suggestion)."""
    rng = random.Random(seed)
    organizations = [_organization(rng, n) for n in range(1, rows + 1)]
    where = rng.sample(range(1, rows), len(plants) + 1)
    expected = set()
    for plant, p in zip(plants, where, strict=False):
        org = organizations[p]
        org.update(dict(plant.row))
        if org["loai_hinh"] in ("HTX", "LHHTX") and org.get("ma_so") is None:
            org["ma_so"] = f"{1_800_000_000 + p + 1:010d}"
        if org["loai_hinh"] == "LHHTX" and org.get("so_htx_thanh_vien") is None:
            org["so_htx_thanh_vien"] = 4.0
        org[plant.key] = plant.value
        at = KEYS.index(plant.at or plant.key)
        shown = plant.shown if plant.shown is not None else plant.value
        shown = "" if shown is None else shown  # an empty cell is said as empty
        shown = None if shown is NO_VALUE else shown
        expected.add((f"{column_letter(at)}{p + 2}", plant.code, shown, plant.suggestion))
    # a code used twice: the later row is the duplicate
    first = next(p for p in range(rows) if p not in where and organizations[p].get("ma_so"))
    p = max(q for q in range(first + 1, rows) if q not in where)
    organizations[p].update(loai_hinh="HTX", ma_so=organizations[first]["ma_so"])
    organizations[p].pop("so_htx_thanh_vien", None)
    cell = f"{column_letter(KEYS.index('ma_so'))}{p + 2}"
    expected.add((cell, "duplicate-code", organizations[first]["ma_so"], None))
    return write_census(path, organizations, headers=KEYS, auto_codes=False), expected


def _row_by_row(path: Path, monkeypatch: pytest.MonkeyPatch) -> CensusFile:
    """The file read with every organization row read on its own (the reference path)."""

    def one_by_one(reader: Any, sheet: Any, header: Any, kinds: Any, data: Any, columns: Any,
                   info: Any, implied: Any) -> Any:  # fmt: skip
        return read_rows_one_by_one(reader, sheet, header, kinds, info, implied)

    with monkeypatch.context() as patch:
        patch.setattr(list_sheet_module, "read_rows_by_column", one_by_one)
        return read_census_file(path, today=TODAY)


def _said(f: CensusFile) -> set[tuple[str | None, str, str | None, str | None]]:
    return {(x.cell, x.code, x.value, x.suggestion) for x in f.findings}


@pytest.mark.parametrize(
    ("seed", "large", "plants"),
    [(1, False, PLANTS), (2, False, PLANTS + READ_AS_EMPTY), (3, True, PLANTS + READ_AS_EMPTY)],
)
def test_a_generated_census_gives_exactly_the_findings_planted(
    seed: int, large: bool, plants: list[Plant], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if large:  # read as a national census is: texts shared, special texts screened
        monkeypatch.setattr(workbook_module, "SHARE_TEXTS_FROM", 0)
        monkeypatch.setattr(layout_module, "SCREEN_FROM", 0)
    path, planted = generated_census(tmp_path / "census.xlsx", 400, seed, plants)
    read = read_census_file(path, today=TODAY)
    assert _said(read) == planted
    assert len({code for _, code, _, _ in planted}) == len({p.code for p in plants}) + 1
    errors = {int(cell[1:]) for cell, code, _, _ in planted if code in _ERRORS}
    assert sorted(read.rejected_rows) == sorted(errors)
    assert len(read.organizations) == 400 - len(errors)
    slow = _row_by_row(path, monkeypatch)
    assert read.findings == slow.findings
    assert read.organizations == slow.organizations
    assert read.rejected_rows == slow.rejected_rows


_ERRORS = {
    "error-value", "formula-without-value", "wrong-type", "not-in-list", "invalid-code",
    "code-in-scientific-notation",
    "missing-value", "negative-value", "date-in-future", "date-after-as-of",
    "missing-member-cooperatives", "duplicate-code",
}  # fmt: skip


def test_a_number_and_a_text_with_the_same_digits_are_told_apart(tmp_path: Path) -> None:
    """The number 1.234 is one and a bit; the text «1.234» is 1,234 as Vietnamese writes it.
    In one column, each distinct cell parsed once, the two stay two."""
    rows = [{"doanh_thu": 1.234}, {"doanh_thu": "1.234"}, {"doanh_thu": 1.234},
            {"doanh_thu": "1.234"}]  # fmt: skip
    path = write_census(tmp_path / "census.xlsx", rows)
    read = read_census_file(path, today=TODAY)
    assert read.findings == []
    assert [org.doanh_thu for org in read.organizations] == [1.234, 1234.0, 1.234, 1234.0]


def _workbooks() -> list[Path]:
    examples = sorted((ROOT / "examples").rglob("*.xls*"))
    return [p for p in examples if p.suffix in (".xlsx", ".xls")]


@pytest.mark.parametrize("path", _workbooks(), ids=lambda p: p.name)
def test_every_example_reads_the_same_by_column_and_row_by_row(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = read_census_file(path, today=TODAY)
    slow = _row_by_row(path, monkeypatch)
    assert fast.findings == slow.findings
    assert fast.organizations == slow.organizations
    assert fast.rejected_rows == slow.rejected_rows
