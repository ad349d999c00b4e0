"""The census reader on small workbooks: headers, findings at their cells, tolerant values.

Workbooks are written by the ``make_census`` fixture of conftest.py. Most tests pass
``headers=KEYS`` so that column letters are fixed: A Mã số, B Tên tổ chức, C Loại hình,
D Xã/phường, E Lĩnh vực, F Tình trạng, G Ngày thành lập, H Số thành viên, I Số HTX thành
viên, J Xếp loại, K Doanh thu, L Lợi nhuận. Row 1 is the header, row 2 the first
organization, so a value planted in the second organization sits in row 3.
"""

from __future__ import annotations

import gc
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from ktt_indicators.census import list_sheet as list_sheet_module
from ktt_indicators.census import reader as census_module
from ktt_indicators.census.findings import CATALOG, Finding
from ktt_indicators.census.reader import CensusFile, read_census, read_census_file
from ktt_indicators.census.row_path import read_rows_one_by_one
from ktt_indicators.census.schema import Gender, LegalForm, Product, Rating, Sector, Status
from ktt_indicators.core.i18n import LANGS
from ktt_indicators.read import workbook as workbook_module

from conftest import TODAY, MakeCensus

LIST = "Danh sách tổ chức"
INFO = "Thông tin chung"
KEYS = [
    "ma_so",
    "ten",
    "loai_hinh",
    "xa_phuong",
    "linh_vuc",
    "tinh_trang",
    "ngay_thanh_lap",
    "so_thanh_vien",
    "so_htx_thanh_vien",
    "xep_loai",
    "doanh_thu",
    "loi_nhuan",
]


def nfd(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text
    return decomposed


def read(path: Path) -> CensusFile:
    return read_census_file(path, today=TODAY)


def only(findings: list[Finding], code: str) -> Finding:
    matching = [f for f in findings if f.code == code]
    assert len(matching) == 1, [f.code for f in findings]
    return matching[0]


def codes(census_file: CensusFile) -> list[str]:
    return [f.code for f in census_file.findings]


# --------------------------------------------------------------------------- (a) headers

#: The columns of the header tests, and the literal header text of each variant.
HEADER_KEYS = [
    "ma_so",
    "ten",
    "loai_hinh",
    "xa_phuong",
    "linh_vuc",
    "tinh_trang",
    "so_thanh_vien",
    "doanh_thu",
    "chuoi_gia_tri",
]
VIETNAMESE = [
    "Mã số",
    "Tên tổ chức",
    "Loại hình",
    "Xã/phường",
    "Lĩnh vực",
    "Tình trạng",
    "Số thành viên",
    "Doanh thu (triệu đồng)",
    "Liên kết chuỗi giá trị",
]
HEADER_VARIANTS: dict[str, list[str]] = {
    "vietnamese": VIETNAMESE,
    "no-diacritics": [
        "Ma so",
        "Ten to chuc",
        "Loai hinh",
        "Xa/phuong",
        "Linh vuc",
        "Tinh trang",
        "So thanh vien",
        "Doanh thu (trieu dong)",
        "Lien ket chuoi gia tri",
    ],
    "upper-case": [
        "MÃ SỐ",
        "TÊN TỔ CHỨC",
        "LOẠI HÌNH",
        "XÃ/PHƯỜNG",
        "LĨNH VỰC",
        "TÌNH TRẠNG",
        "SỐ THÀNH VIÊN",
        "DOANH THU (TRIỆU ĐỒNG)",
        "LIÊN KẾT CHUỖI GIÁ TRỊ",
    ],
    "nfd": [nfd(h) for h in VIETNAMESE],
    "line-breaks-and-spaces": [
        "Mã\nsố",
        "Tên tổ\nchức",
        "  Loại   hình ",
        "Xã/\nphường",
        "Lĩnh\nvực",
        "Tình trạng\n",
        "Số thành\nviên",
        "Doanh thu\n(triệu đồng)",
        "Liên kết\nchuỗi giá trị",
    ],
    "units-in-brackets": [
        "Mã số",
        "Tên tổ chức",
        "Loại hình",
        "Xã/phường",
        "Lĩnh vực",
        "Tình trạng",
        "Số thành viên (người)",
        "Doanh thu [triệu đồng]",
        "Liên kết chuỗi giá trị (có/không)",
    ],
    "english-keys": list(HEADER_KEYS),
    "abbreviations": [
        "Mã số HTX",
        "Tên HTX",
        "Loại hình",
        "Xã/phường",
        "Lĩnh vực",
        "Tình trạng",
        "Số TV",
        "Doanh thu",
        "Chuỗi giá trị",
    ],
}
HEADER_ROWS: list[dict[str, Any]] = [
    {
        "ma_so": "1801234567",
        "ten": "HTX Phú Lợi",
        "loai_hinh": "HTX",
        "xa_phuong": "Phường Cái Khế",
        "linh_vuc": "Nông nghiệp",
        "tinh_trang": "Đang hoạt động",
        "so_thanh_vien": 12,
        "doanh_thu": "1.250",
        "chuoi_gia_tri": "x",
    },
    {
        "ma_so": None,
        "ten": "Tổ hợp tác Rau sạch",
        "loai_hinh": "THT",
        "xa_phuong": "Xã Thới Lai",
        "linh_vuc": "Khác",
        "tinh_trang": "Tạm ngừng hoạt động",
        "so_thanh_vien": 3,
        "doanh_thu": None,
        "chuoi_gia_tri": None,
    },
]
HEADER_EXPECTED = [
    (
        "1801234567",
        "HTX Phú Lợi",
        LegalForm.HTX,
        "Phường Cái Khế",
        Sector.AGRICULTURE,
        Status.ACTIVE,
        12,
        1250.0,
        True,
    ),
    (
        None,
        "Tổ hợp tác Rau sạch",
        LegalForm.THT,
        "Xã Thới Lai",
        Sector.OTHER,
        Status.SUSPENDED,
        3,
        None,
        False,
    ),
]


def make_with_headers(
    make_census: MakeCensus, headers: list[str], keys: list[str] = HEADER_KEYS
) -> Path:
    """Write HEADER_ROWS under literal header texts (conftest writes an unknown key as is)."""
    header_of = dict(zip(keys, headers, strict=True))
    rows = [{header_of[k]: row[k] for k in keys} for row in HEADER_ROWS]
    return make_census(rows, headers=[header_of[k] for k in keys], auto_codes=False)


def summary(census_file: CensusFile) -> list[tuple[Any, ...]]:
    return [
        (
            o.ma_so,
            o.ten,
            o.loai_hinh,
            o.xa_phuong,
            o.linh_vuc,
            o.tinh_trang,
            o.so_thanh_vien,
            o.doanh_thu,
            o.chuoi_gia_tri,
        )
        for o in census_file.organizations
    ]


@pytest.mark.parametrize("variant", list(HEADER_VARIANTS))
def test_header_variants_read_the_same_records(make_census: MakeCensus, variant: str) -> None:
    path = make_with_headers(make_census, HEADER_VARIANTS[variant])
    result = read(path)
    assert result.findings == []
    assert summary(result) == HEADER_EXPECTED
    assert [o.source.row for o in result.organizations] == [2, 3]


@pytest.mark.parametrize("enabled", [True, False])
def test_reading_pauses_the_cycle_collector_and_restores_it(
    make_census: MakeCensus, monkeypatch: pytest.MonkeyPatch, enabled: bool
) -> None:
    """The reader makes millions of objects and no cycles at national scale: the collector
    is off while it reads, and left as the caller had it, even when reading fails."""
    seen = []
    real = census_module.read_workbook

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(census_module, "read_workbook", spy)
    path = make_with_headers(make_census, HEADER_VARIANTS["vietnamese"])
    (gc.enable if enabled else gc.disable)()
    try:
        assert len(read(path).organizations) == 2
        assert gc.isenabled() is enabled
        monkeypatch.setattr(census_module, "read_workbook", lambda *a, **k: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            read(path)
        assert gc.isenabled() is enabled
    finally:
        gc.enable()
    assert seen == [False]


@pytest.mark.parametrize("variant", ["vietnamese", "abbreviations"])
def test_shuffled_column_order_reads_the_same_records(
    make_census: MakeCensus, variant: str
) -> None:
    order = [6, 2, 8, 0, 4, 7, 1, 5, 3]
    keys = [HEADER_KEYS[i] for i in order]
    headers = [HEADER_VARIANTS[variant][i] for i in order]
    result = read(make_with_headers(make_census, headers, keys))
    assert result.findings == []
    assert summary(result) == HEADER_EXPECTED


def test_findings_name_the_header_as_the_user_typed_it(make_census: MakeCensus) -> None:
    rows = [{"Số TV": 10}, {"Số TV": "mười"}]
    headers = ["ma_so", "ten", "loai_hinh", "xa_phuong", "linh_vuc", "tinh_trang", "Số TV"]
    path = make_census(rows, headers=headers)
    finding = only(read(path).findings, "wrong-type")
    assert (finding.cell, finding.column, finding.value) == ("G3", "Số TV", "mười")


# --------------------------------------------------------------------------- (b) findings


@dataclass(frozen=True)
class Plant:
    """One finding planted in a small workbook, and where it must be reported."""

    id: str
    code: str
    severity: str
    build: Callable[[MakeCensus, Path], Path]
    sheet: str | None
    cell: str | None
    column: str | None
    value: str | None
    suggestion: str | None = None
    params: dict[str, str] = field(default_factory=dict)
    #: False when the message is about the row, not the value (a dissolved organization).
    value_in_message: bool = True


def _rows(*rows: dict[str, Any], **kwargs: Any) -> Callable[[MakeCensus, Path], Path]:
    """A builder: a valid first organization, then the rows given, under KEYS."""
    kwargs.setdefault("headers", KEYS)
    return lambda make, _tmp: make([{}, *rows], **kwargs)


def _unreadable(_make: MakeCensus, tmp: Path) -> Path:
    path = tmp / "x.xlsx"
    path.write_bytes(b"not a spreadsheet")
    return path


def _info(**info: Any) -> Callable[[MakeCensus, Path], Path]:
    return lambda make, _tmp: make([{}], headers=KEYS, info=info)


def _with_sheet(name: str, rows: list[list[Any]], hidden: bool) -> Callable[..., Path]:
    """A valid census plus one more sheet (hidden or not) holding ``rows``."""

    def build(make: MakeCensus, _tmp: Path) -> Path:
        path = make([{}], headers=KEYS)
        wb = openpyxl.load_workbook(path)
        extra = wb.create_sheet(name)
        for row in rows:
            extra.append(row)
        if hidden:
            extra.sheet_state = "hidden"
        wb.save(path)
        return path

    return build


MEMBERS = openpyxl.utils.get_column_letter(KEYS.index("so_thanh_vien") + 1)


def _wrong_total(make: MakeCensus, _tmp: Path) -> Path:
    """Two organizations of 10 members, then a «Tổng cộng» row that says 25."""
    path = make([{}, {"ten": "B"}], headers=KEYS)
    wb = openpyxl.load_workbook(path)
    wb[LIST].append({KEYS.index("ten") + 1: "Tổng cộng", KEYS.index("so_thanh_vien") + 1: 25})
    wb.save(path)
    return path


def _unsaved_formula(make: MakeCensus, _tmp: Path) -> Path:
    """Doanh thu of the second organization is a formula that was never calculated."""
    path = make([{}, {"ten": "B"}], headers=KEYS)
    wb = openpyxl.load_workbook(path)
    wb[LIST]["K3"] = "=100*2"  # openpyxl saves no cached value
    wb.save(path)
    return path


PLANTS: list[Plant] = [
    Plant(
        "hidden-sheet",
        "hidden-sheet",
        "warning",
        _with_sheet("Năm trước", [["Tên tổ chức", "Loại hình"], ["HTX cũ", "HTX"]], hidden=True),
        "Năm trước",
        None,
        None,
        None,
        value_in_message=False,
    ),
    Plant(
        "empty-sheet",
        "empty-sheet",
        "warning",
        _with_sheet("Sheet3", [], hidden=False),
        "Sheet3",
        None,
        None,
        None,
        value_in_message=False,
    ),
    Plant(
        "totals-mismatch",
        "totals-mismatch",
        "warning",
        _wrong_total,
        LIST,
        f"{MEMBERS}4",
        "Số thành viên",
        "25",
        params={"sum": "20"},
    ),
    Plant(
        "formula-without-value",
        "formula-without-value",
        "error",
        _unsaved_formula,
        LIST,
        "K3",
        "Doanh thu",
        None,
        value_in_message=False,
    ),
    Plant("unreadable-file", "unreadable-file", "error", _unreadable, None, None, None, None),
    Plant(
        "no-list-sheet",
        "no-list-sheet",
        "error",
        lambda make, _tmp: make([{}], headers=["ten", "ghi_chu"]),
        None,
        None,
        None,
        None,
    ),
    Plant(
        "no-organizations",
        "no-organizations",
        "error",
        lambda make, _tmp: make([], headers=KEYS),
        LIST,
        None,
        None,
        None,
        params={},
        value_in_message=False,
    ),
    Plant(
        "missing-column",
        "missing-column",
        "error",
        lambda make, _tmp: make([{}], headers=[k for k in KEYS if k != "linh_vuc"]),
        LIST,
        None,
        "Lĩnh vực",
        None,
    ),
    Plant(
        "missing-column-code-for-htx",
        "missing-column",
        "error",
        lambda make, _tmp: make([{}], headers=[k for k in KEYS if k != "ma_so"]),
        LIST,
        None,
        "Mã số",
        None,
    ),
    Plant(
        "duplicate-column",
        "duplicate-column",
        "error",
        lambda make, _tmp: make([{"Số TV": 10}], headers=[*KEYS, "Số TV"]),
        LIST,
        "M1",
        "Số TV",
        "Số TV",
        params={"other": "H1"},
    ),
    Plant(
        "missing-value",
        "missing-value",
        "error",
        _rows({"ten": None}),
        LIST,
        "B3",
        "Tên tổ chức",
        "",
    ),
    Plant(
        "missing-value-code-for-htx",
        "missing-value",
        "error",
        _rows({"ma_so": None}),
        LIST,
        "A3",
        "Mã số",
        "",
    ),
    Plant(
        "wrong-type",
        "wrong-type",
        "error",
        _rows({"so_thanh_vien": "abc"}),
        LIST,
        "H3",
        "Số thành viên",
        "abc",
    ),
    Plant(
        "error-value",
        "error-value",
        "error",
        _rows({"so_thanh_vien": "#N/A"}),  # openpyxl writes an error cell, as Excel does
        LIST,
        "H3",
        "Số thành viên",
        "#N/A",
    ),
    Plant(
        "error-value-info",
        "error-value",
        "error",
        _info(don_vi_bao_cao="UBND xã A", nam_bao_cao=2025, dan_so="#DIV/0!"),
        INFO,
        "B3",
        "Dân số",
        "#DIV/0!",
    ),
    Plant(
        "wrong-type-date",
        "wrong-type",
        "error",
        _rows({"ngay_thanh_lap": "32/13/2020"}),
        LIST,
        "G3",
        "Ngày thành lập",
        "32/13/2020",
    ),
    Plant(
        "not-in-list",
        "not-in-list",
        "error",
        _rows({"linh_vuc": "nong nghiep x"}),
        LIST,
        "E3",
        "Lĩnh vực",
        "nong nghiep x",
        suggestion="Nông nghiệp",
    ),
    Plant(
        "out-of-range-year",
        "out-of-range",
        "error",
        _info(don_vi_bao_cao="UBND xã A", nam_bao_cao=1990),
        INFO,
        "B2",
        "Năm báo cáo",
        "1990",
    ),
    Plant(
        "out-of-range-population",
        "out-of-range",
        "error",
        _info(don_vi_bao_cao="UBND xã A", nam_bao_cao=2025, ngay_so_lieu="15/12/2025", dan_so=0),
        INFO,
        "B4",
        "Dân số",
        "0",
    ),
    Plant(
        "invalid-code",
        "invalid-code",
        "error",
        _rows({"ma_so": "18012345"}),
        LIST,
        "A3",
        "Mã số",
        "18012345",
    ),
    Plant(
        "code-in-scientific-notation",
        "code-in-scientific-notation",
        "error",
        _rows({"ma_so": "1.8E+09"}),
        LIST,
        "A3",
        "Mã số",
        "1.8E+09",
    ),
    Plant(
        "negative-value",
        "negative-value",
        "error",
        _rows({"doanh_thu": -5}),
        LIST,
        "K3",
        "Doanh thu",
        "-5",
    ),
    Plant(
        "negative-count",
        "negative-value",
        "error",
        _rows({"so_thanh_vien": "-5"}),
        LIST,
        "H3",
        "Số thành viên",
        "-5",
    ),
    Plant(
        "duplicate-code",
        "duplicate-code",
        "error",
        lambda make, _tmp: make(
            [{"ma_so": "1801234567"}, {"ten": "HTX Khác", "ma_so": "1801234567"}], headers=KEYS
        ),
        LIST,
        "A3",
        "Mã số",
        "1801234567",
        params={"other": "A2"},
    ),
    Plant(
        "date-in-future",
        "date-in-future",
        "error",
        _rows({"ngay_thanh_lap": "01/01/2027"}),
        LIST,
        "G3",
        "Ngày thành lập",
        "01/01/2027",
        params={"today": "21/11/2026"},
    ),
    Plant(
        "date-after-as-of",
        "date-after-as-of",
        "error",
        _rows({"ngay_thanh_lap": "10/01/2026"}),
        LIST,
        "G3",
        "Ngày thành lập",
        "10/01/2026",
        params={"as_of": "15/12/2025"},
    ),
    Plant(
        "missing-member-cooperatives",
        "missing-member-cooperatives",
        "error",
        _rows({"loai_hinh": "LHHTX", "so_htx_thanh_vien": None}),
        LIST,
        "I3",
        "Số HTX thành viên",
        "",
    ),
    Plant(
        "missing-report-year-empty",
        "missing-report-year",
        "error",
        _info(don_vi_bao_cao="UBND xã A", nam_bao_cao=None),
        INFO,
        "B2",
        "Năm báo cáo",
        None,
    ),
    Plant(
        "missing-report-year-no-label",
        "missing-report-year",
        "error",
        _info(don_vi_bao_cao="UBND xã A", ngay_so_lieu="15/12/2025"),
        INFO,
        None,
        None,
        None,
    ),
    Plant(
        "unknown-column",
        "unknown-column",
        "warning",
        lambda make, _tmp: make([{"Doanh thuu": 5}], headers=[*KEYS, "Doanh thuu"]),
        LIST,
        "M1",
        "Doanh thuu",
        "Doanh thuu",
        suggestion="Doanh thu",
    ),
    Plant(
        "below-legal-minimum-htx",
        "below-legal-minimum",
        "warning",
        _rows({"so_thanh_vien": 3}),
        LIST,
        "H3",
        "Số thành viên",
        "3",
        params={"minimum": "5"},
    ),
    Plant(
        "below-legal-minimum-tht",
        "below-legal-minimum",
        "warning",
        _rows({"loai_hinh": "THT", "so_thanh_vien": 1}),
        LIST,
        "H3",
        "Số thành viên",
        "1",
        params={"minimum": "2"},
    ),
    Plant(
        "below-legal-minimum-lhhtx",
        "below-legal-minimum",
        "warning",
        _rows({"loai_hinh": "LHHTX", "so_thanh_vien": 10, "so_htx_thanh_vien": 2}),
        LIST,
        "I3",
        "Số HTX thành viên",
        "2",
        params={"minimum": "3"},
    ),
    Plant(
        "rated-too-young",
        "rated-too-young",
        "warning",
        _rows({"ngay_thanh_lap": "01/03/2025", "xep_loai": "Khá"}),
        LIST,
        "J3",
        "Xếp loại",
        "Khá",
    ),
    Plant(
        "profit-exceeds-revenue",
        "profit-exceeds-revenue",
        "warning",
        _rows({"doanh_thu": 100, "loi_nhuan": 150}),
        LIST,
        "L3",
        "Lợi nhuận",
        "150",
        params={"revenue": "100"},
    ),
    Plant(
        "dissolved-listed",
        "dissolved-listed",
        "warning",
        _rows({"tinh_trang": "Đã giải thể"}),
        LIST,
        "F3",
        "Tình trạng",
        "Đã giải thể",
        value_in_message=False,
    ),
    Plant(
        "code-lost-leading-zero",
        "code-lost-leading-zero",
        "warning",
        _rows({"ma_so": 312345678}),
        LIST,
        "A3",
        "Mã số",
        "312345678",
        params={"fixed": "0312345678"},
    ),
    Plant(
        "legacy-encoded-value",
        "legacy-encoded-value",
        "warning",
        _rows({"xa_phuong": "X· Th¹nh Phó"}),  # TCVN3, pasted under a Unicode header
        LIST,
        "D3",
        "Xã/phường",
        "X· Th¹nh Phó",
        suggestion="Xã Thạnh Phú",
        params={"legacy": "TCVN3"},
    ),
    Plant(
        "unknown-area",
        "unknown-area",
        "warning",
        _rows({"xa_phuong": "Xã Thới Lia"}),  # a typo: the census is of Cần Thơ
        LIST,
        "D3",
        "Xã/phường",
        "Xã Thới Lia",
        suggestion="Xã Thới Lai",
    ),
    Plant(
        "ambiguous-area",
        "ambiguous-area",
        "warning",
        # a census that names no province: a commune of this name is in three
        _rows(
            {"xa_phuong": "Xã Tân Lập"},
            info={"don_vi_bao_cao": "Hợp tác xã Tân Lập", "nam_bao_cao": 2025},
        ),
        LIST,
        "D3",
        "Xã/phường",
        "Xã Tân Lập",
    ),
    Plant(
        "former-area",
        "former-area",
        "warning",
        _rows({"xa_phuong": "Phường An Hòa"}),  # merged into Phường Cái Khế on 1 July 2025
        LIST,
        "D3",
        "Xã/phường",
        "Phường An Hòa",
        params={"unit": "Phường An Hòa", "new": "Phường Cái Khế"},
    ),
]
#: Findings planted by tests outside PLANTS.
PLANTED_ELSEWHERE = {
    "duplicate-code",  # across files: test_duplicate_code_across_files
    "several-ticked",  # needs a two-row header: test_official_forms.py
    "renamed-workbook",  # a workbook under another one's suffix: test_kinds.py
    "vanished-since-last-year",  # needs two years: test_changes.py
    "legacy-encoding",  # a sheet typed in TCVN3 or VNI: test_legacy.py
}


def test_every_catalog_code_is_planted() -> None:
    assert {p.code for p in PLANTS} | PLANTED_ELSEWHERE == set(CATALOG)


@pytest.mark.parametrize("plant", PLANTS, ids=[p.id for p in PLANTS])
def test_planted_finding(make_census: MakeCensus, tmp_path: Path, plant: Plant) -> None:
    path = plant.build(make_census, tmp_path)
    result = read(path)
    # The planted finding is the only one: nothing else in the workbook is wrong.
    assert codes(result) == [plant.code]
    finding = result.findings[0]
    assert finding.severity == plant.severity
    assert finding.file == str(path)
    assert finding.sheet == plant.sheet
    assert finding.cell == plant.cell
    assert finding.column == plant.column
    if plant.value == "":
        assert finding.value in ("", None)  # an empty cell
    else:
        assert finding.value == plant.value
    assert finding.suggestion == plant.suggestion
    for key, expected in plant.params.items():
        assert finding.params.get(key) == expected
    if finding.cell is not None:
        assert finding.row == int(finding.cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    # Errors make the file invalid; warnings do not.
    assert result.valid is (plant.severity == "warning")
    vi, en = finding.message("vi"), finding.message("en")
    assert vi and en and vi != en
    if plant.value and plant.value_in_message:
        assert plant.value in vi
        assert plant.value in en
    if plant.suggestion:
        assert f"«{plant.suggestion}»" in vi
        assert f"«{plant.suggestion}»" in en


def test_planted_finding_rejects_the_row_or_the_file(make_census: MakeCensus) -> None:
    """An error in a row leaves out that row only; a file-level error leaves out the file."""
    row_error = read(make_census([{}, {"so_thanh_vien": "abc"}], headers=KEYS))
    assert [o.source.row for o in row_error.organizations] == [2]
    assert row_error.rejected_rows == [3]
    assert not row_error.unusable
    no_column = read(make_census([{}], headers=[k for k in KEYS if k != "linh_vuc"]))
    assert no_column.organizations == []
    assert no_column.unusable
    assert read_census([no_column.path], today=TODAY).organizations == []


def test_unreadable_file_message_names_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a spreadsheet")
    finding = only(read(path).findings, "unreadable-file")
    assert finding.params.get("reason")
    assert read(path).unusable


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    result = read(tmp_path / "khong-co.xlsx")
    assert codes(result) == ["unreadable-file"]
    assert result.organizations == []


def test_no_list_sheet_message_lists_the_sheets(make_census: MakeCensus) -> None:
    finding = only(read(make_census([{}], headers=["ten", "ghi_chu"])).findings, "no-list-sheet")
    assert INFO in finding.message("vi")
    assert LIST in finding.message("en")


def test_code_column_not_required_when_only_groups(make_census: MakeCensus) -> None:
    """Mã số is required for HTX and LHHTX only: a list of THT needs no Mã số column."""
    path = make_census(
        [{"loai_hinh": "THT", "ten": "THT A"}, {"loai_hinh": "Tổ hợp tác", "ten": "THT B"}],
        headers=[k for k in KEYS if k != "ma_so"],
    )
    result = read(path)
    assert result.findings == []
    assert [(o.ten, o.ma_so) for o in result.organizations] == [("THT A", None), ("THT B", None)]


def test_missing_member_cooperatives_when_column_absent(make_census: MakeCensus) -> None:
    path = make_census(
        [{}, {"loai_hinh": "LHHTX", "ten": "LH HTX A"}],
        headers=[k for k in KEYS if k != "so_htx_thanh_vien"],
    )
    result = read(path)
    finding = only(result.findings, "missing-member-cooperatives")
    assert (finding.severity, finding.sheet, finding.row) == ("error", LIST, 3)
    assert result.rejected_rows == [3]


def test_duplicate_code_across_files(make_census: MakeCensus) -> None:
    first = make_census(
        [{"ma_so": "1801234567", "ten": "HTX Một"}], name="ninh-kieu.xlsx", headers=KEYS
    )
    second = make_census(
        [{"ma_so": "1801234999", "ten": "HTX Hai"}, {"ma_so": "1801234567", "ten": "HTX Ba"}],
        name="cai-rang.xlsx",
        headers=KEYS,
    )
    census = read_census([first, second], today=TODAY)
    assert census.files[0].findings == []
    finding = only(census.files[1].findings, "duplicate-code")
    assert finding.severity == "error"
    assert finding.file == str(second)
    assert finding.sheet == LIST
    assert finding.cell == "A3"
    assert finding.column == "Mã số"
    assert finding.value == "1801234567"
    for lang in LANGS:
        message = finding.message(lang)
        assert str(first) in message
        assert "1801234567" in message
    assert [o.ten for o in census.organizations] == ["HTX Một", "HTX Hai"]
    assert census.files[1].rejected_rows == [3]
    assert not census.valid


def test_different_codes_across_files_are_not_duplicates(make_census: MakeCensus) -> None:
    a = make_census([{"ma_so": "1801234567"}], headers=KEYS)
    b = make_census([{"ma_so": "1801234568"}], headers=KEYS)
    assert read_census([a, b], today=TODAY).findings == []


@pytest.mark.parametrize(
    ("form", "count_key", "count", "warned"),
    [
        ("HTX", "so_thanh_vien", 4, True),
        ("HTX", "so_thanh_vien", 5, False),
        ("THT", "so_thanh_vien", 1, True),
        ("THT", "so_thanh_vien", 2, False),
        ("LHHTX", "so_htx_thanh_vien", 2, True),
        ("LHHTX", "so_htx_thanh_vien", 3, False),
    ],
)
def test_legal_minimum_boundaries(
    make_census: MakeCensus, form: str, count_key: str, count: int, warned: bool
) -> None:
    row = {"loai_hinh": form, "so_thanh_vien": 10, count_key: count}
    result = read(make_census([row], headers=KEYS))
    assert codes(result) == (["below-legal-minimum"] if warned else [])
    assert len(result.organizations) == 1  # a warning does not reject the row


@pytest.mark.parametrize(
    ("founded", "warned"),
    [
        ("16/12/2024", True),  # 11 months and 29 days before 15/12/2025
        ("15/12/2024", False),  # exactly 12 months
        ("01/01/2024", False),
    ],
)
def test_rating_age_boundary(make_census: MakeCensus, founded: str, warned: bool) -> None:
    result = read(make_census([{"ngay_thanh_lap": founded, "xep_loai": "Tốt"}], headers=KEYS))
    assert codes(result) == (["rated-too-young"] if warned else [])


def test_young_unrated_organization_is_fine(make_census: MakeCensus) -> None:
    result = read(make_census([{"ngay_thanh_lap": "01/10/2025", "xep_loai": None}], headers=KEYS))
    assert result.findings == []
    assert result.organizations[0].xep_loai is Rating.UNRATED


def test_as_of_defaults_to_14_december_the_end_of_the_reporting_period(
    make_census: MakeCensus,
) -> None:
    # Circular 09/2024/TT-BKHĐT: the period runs from 15/12 of the year before to 14/12.
    info = {"don_vi_bao_cao": "UBND xã A", "nam_bao_cao": 2025}
    ok = read(make_census([{"ngay_thanh_lap": "14/12/2025"}], headers=KEYS, info=info))
    assert ok.findings == []
    late = read(make_census([{"ngay_thanh_lap": "15/12/2025"}], headers=KEYS, info=info))
    finding = only(late.findings, "date-after-as-of")
    assert finding.params["as_of"] == "14/12/2025"
    # The information sheet's own date wins.
    given = {**info, "ngay_so_lieu": "31/12/2025"}
    assert (
        read(make_census([{"ngay_thanh_lap": "15/12/2025"}], headers=KEYS, info=given)).findings
        == []
    )


def test_profit_equal_to_revenue_is_fine(make_census: MakeCensus) -> None:
    result = read(make_census([{"doanh_thu": 100, "loi_nhuan": 100}], headers=KEYS))
    assert result.findings == []


# --------------------------------------------------------------------------- (c) tolerant values

TOLERANT_INFO: dict[str, Any] = {
    "don_vi_bao_cao": "UBND phường Cái Khế",
    "NĂM BÁO CÁO": "2025",
    "ngay_so_lieu": "15/12/2025",
    "Dân số (người)": "1.263.000",
}
TOLERANT_ROWS: list[dict[str, Any]] = [
    {
        "stt": 1,
        "ma_so": "0312345678",
        "ten": "HTX Nông nghiệp Phú Lợi",
        "loai_hinh": "hop tac xa",
        "xa_phuong": nfd("Phường Cái Khế"),
        "quan_huyen": "Q. Ninh Kiều",
        "tinh_cu": "Cần Thơ",
        "linh_vuc": "nong nghiep",
        "tinh_trang": "dang hoat dong",
        "ngay_thanh_lap": "16/3/2023",
        "so_thanh_vien": "12 người",
        "xep_loai": "kha",
        "chuoi_gia_tri": "x",
        "cong_nghe_cao": "Có",
        "chuyen_doi_so": "✓",
        "gioi_tinh_giam_doc": "nu",
        "kieu_moi": "TRUE",
        "dien_hinh": "1",
        "san_pham_chu_luc": "trai cay",
        "von_dieu_le": "1.250,5",
        "doanh_thu": "1.263.000",
        "loi_nhuan": "-5",
        "so_lao_dong": " 1 250 ",
        "ghi_chu": "ghi chú",
    },
    {
        "stt": 2,
        "ma_so": None,
        "ten": "Tổ hợp tác Rau sạch",
        "loai_hinh": "Tổ hợp tác",
        "xa_phuong": "Xã Thới Lai",
        "linh_vuc": nfd("Nông nghiệp"),
        "tinh_trang": "TẠM NGỪNG HOẠT ĐỘNG",
        "ngay_thanh_lap": "2019",
        "so_thanh_vien": 2.0,
        "xep_loai": "",
        "chuoi_gia_tri": "Không",
        "cong_nghe_cao": "0",
        "chuyen_doi_so": "no",
        "kieu_moi": None,
        "dien_hinh": "FALSE",
        "doanh_thu": "1,5",
        "loi_nhuan": "1,5",
    },
    {
        "stt": 3,
        "ma_so": "1801234567-001",
        "ten": "Liên hiệp HTX Tây Đô",
        "loai_hinh": "Liên hiệp HTX",
        "xa_phuong": "Phường Ninh Kiều",
        "linh_vuc": "thuong mai - dich vu",
        "tinh_trang": "Đang hoạt động",
        "ngay_thanh_lap": "2023-03-16",
        "so_thanh_vien": 3,
        "so_htx_thanh_vien": "3",
        "xep_loai": "TB",
        "chuoi_gia_tri": "X",
        "cong_nghe_cao": 1,
        "chuyen_doi_so": "yes",
        "gioi_tinh_giam_doc": "Nam",
        "doanh_thu": 1500.5,
        "loi_nhuan": 200,
    },
    {
        "stt": 4,
        "ma_so": 1801234568,
        "ten": "HTX Vận tải Sông Hậu",
        "loai_hinh": nfd("Hợp tác xã"),
        "xa_phuong": "Phường Cái Răng",
        "linh_vuc": "VAN TAI",
        "tinh_trang": "Chờ giải thể",
        "ngay_thanh_lap": date(2018, 5, 2),
        "so_thanh_vien": "7",
        "xep_loai": "TỐT",
        "chuoi_gia_tri": True,
        "cong_nghe_cao": False,
        "chuyen_doi_so": 0,
    },
    {
        "stt": 5,
        "ma_so": None,
        "ten": "THT Nuôi cá",
        "loai_hinh": "THT",
        "xa_phuong": "Xã Thới Lai",
        "linh_vuc": "Khác",
        "tinh_trang": "tam ngung hoat dong",
        "ngay_thanh_lap": "16-03-2023",
        "so_thanh_vien": "2",
        "xep_loai": None,
    },
]


@pytest.fixture
def tolerant(make_census: MakeCensus) -> CensusFile:
    return read(make_census(TOLERANT_ROWS, info=TOLERANT_INFO, auto_codes=False))


def test_tolerant_values_produce_no_findings(tolerant: CensusFile) -> None:
    assert tolerant.findings == []
    assert tolerant.valid
    assert tolerant.rejected_rows == []
    assert len(tolerant.organizations) == 5


def test_tolerant_information_sheet(tolerant: CensusFile) -> None:
    info = tolerant.info
    assert info.don_vi_bao_cao == "UBND phường Cái Khế"
    assert info.nam_bao_cao == 2025
    assert info.ngay_so_lieu == date(2025, 12, 15)
    assert info.dan_so == 1_263_000


def test_tolerant_values_typed_cooperative(tolerant: CensusFile) -> None:
    o = tolerant.organizations[0]
    assert o.source.row == 2
    assert o.ma_so == "0312345678"
    assert o.loai_hinh is LegalForm.HTX
    assert o.xa_phuong == "Phường Cái Khế"
    assert unicodedata.is_normalized("NFC", o.xa_phuong)
    assert o.quan_huyen == "Quận Ninh Kiều"  # as the unit is named
    assert o.tinh_cu == "Cần Thơ"
    assert o.linh_vuc is Sector.AGRICULTURE
    assert o.tinh_trang is Status.ACTIVE
    assert o.ngay_thanh_lap == date(2023, 3, 16)
    assert o.so_thanh_vien == 12
    assert o.so_htx_thanh_vien is None
    assert o.xep_loai is Rating.FAIR
    assert (o.chuoi_gia_tri, o.cong_nghe_cao, o.chuyen_doi_so) == (True, True, True)
    assert o.gioi_tinh_giam_doc is Gender.FEMALE
    assert (o.kieu_moi, o.dien_hinh) == (True, True)
    assert o.san_pham_chu_luc is Product.FRUIT
    assert o.von_dieu_le == 1250.5
    assert o.doanh_thu == 1_263_000
    assert o.loi_nhuan == -5
    assert o.so_lao_dong == 1250
    assert o.ghi_chu == "ghi chú"


def test_tolerant_values_typed_group(tolerant: CensusFile) -> None:
    o = tolerant.organizations[1]
    assert o.ma_so is None
    assert o.loai_hinh is LegalForm.THT
    assert o.linh_vuc is Sector.AGRICULTURE
    assert o.tinh_trang is Status.SUSPENDED
    assert o.ngay_thanh_lap == date(2019, 1, 1)
    assert o.so_thanh_vien == 2
    assert o.xep_loai is Rating.UNRATED
    flags = (o.chuoi_gia_tri, o.cong_nghe_cao, o.chuyen_doi_so, o.kieu_moi, o.dien_hinh)
    assert flags == (False, False, False, False, False)
    assert o.gioi_tinh_giam_doc is None
    assert o.san_pham_chu_luc is None
    assert (o.doanh_thu, o.loi_nhuan) == (1.5, 1.5)


def test_tolerant_values_typed_union_and_others(tolerant: CensusFile) -> None:
    union, transport, fish = tolerant.organizations[2:]
    assert union.ma_so == "1801234567-001"
    assert union.loai_hinh is LegalForm.LHHTX
    assert union.linh_vuc is Sector.TRADE
    assert union.ngay_thanh_lap == date(2023, 3, 16)
    assert union.so_htx_thanh_vien == 3
    assert union.xep_loai is Rating.AVERAGE
    assert (union.chuoi_gia_tri, union.cong_nghe_cao, union.chuyen_doi_so) == (True, True, True)
    assert union.gioi_tinh_giam_doc is Gender.MALE
    assert (union.doanh_thu, union.loi_nhuan) == (1500.5, 200)
    assert transport.ma_so == "1801234568"
    assert transport.loai_hinh is LegalForm.HTX
    assert transport.linh_vuc is Sector.TRANSPORT
    assert transport.tinh_trang is Status.DISSOLVING
    assert transport.ngay_thanh_lap == date(2018, 5, 2)
    assert transport.so_thanh_vien == 7
    assert transport.xep_loai is Rating.GOOD
    assert (transport.chuoi_gia_tri, transport.cong_nghe_cao) == (True, False)
    assert transport.chuyen_doi_so is False
    assert fish.ngay_thanh_lap == date(2023, 3, 16)
    assert fish.so_thanh_vien == 2
    assert fish.tinh_trang is Status.SUSPENDED


# --------------------------------------------------------------------------- (d) rows


def test_rows_with_errors_are_rejected_and_warnings_are_not(make_census: MakeCensus) -> None:
    rows = [
        {"ten": "A"},
        {"ten": "B", "so_thanh_vien": "abc"},  # error
        {"ten": "C", "so_thanh_vien": 3},  # warning: below the minimum
        {"ten": "D", "linh_vuc": "xyz"},  # error
        {"ten": "E", "doanh_thu": 10, "loi_nhuan": 20},  # warning
        {"ten": "F"},
    ]
    result = read(make_census(rows, headers=KEYS))
    assert [o.ten for o in result.organizations] == ["A", "C", "E", "F"]
    assert [o.source.row for o in result.organizations] == [2, 4, 6, 7]
    assert result.rejected_rows == [3, 5]
    assert result.rows_read == 6
    assert sorted(f.code for f in result.errors) == ["not-in-list", "wrong-type"]
    assert sorted(f.code for f in result.warnings) == [
        "below-legal-minimum",
        "profit-exceeds-revenue",
    ]
    assert not result.valid


def test_several_errors_in_one_row_reject_it_once(make_census: MakeCensus) -> None:
    rows = [{"ten": "A"}, {"ten": None, "so_thanh_vien": "abc", "linh_vuc": "xyz"}]
    result = read(make_census(rows, headers=KEYS))
    assert sorted(f.cell for f in result.findings if f.cell) == ["B3", "E3", "H3"]
    assert result.rejected_rows == [3]
    assert [o.ten for o in result.organizations] == ["A"]


def test_blank_rows_and_column_numbers_are_skipped(make_census: MakeCensus) -> None:
    numbers = {key: f"({n})" for n, key in enumerate(KEYS, start=1)}
    blank = dict.fromkeys(KEYS)
    rows = [numbers, {"ten": "A"}, blank, blank, {"ten": "B", "so_thanh_vien": "abc"}, blank]
    result = read(make_census(rows, headers=KEYS))
    assert [o.ten for o in result.organizations] == ["A"]
    assert [o.source.row for o in result.organizations] == [3]
    finding = only(result.findings, "wrong-type")
    assert finding.cell == "H6"
    assert codes(result) == ["wrong-type"]
    assert result.rejected_rows == [6]


def _add_title_block(path: Path, lines: list[str | None]) -> Path:
    """Insert an official form's title block above the header of the list sheet."""
    wb = openpyxl.load_workbook(path)
    ws = wb[LIST]
    ws.insert_rows(1, amount=len(lines))
    for n, line in enumerate(lines, start=1):
        if line is not None:
            ws.cell(n, 1, line)
    wb.save(path)
    return path


TITLE = [
    "UBND XÃ THỬ NGHIỆM",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "DANH SÁCH TỔ CHỨC KINH TẾ TẬP THỂ NĂM 2025",
    None,
]


def test_title_block_above_header(make_census: MakeCensus) -> None:
    numbers = {key: f"({n})" for n, key in enumerate(["stt", *KEYS], start=1)}
    rows = [
        numbers,
        {"stt": 1, "ten": "A"},
        {"stt": 2, "ten": "B", "doanh_thu": "nhiều"},
        {"stt": 3, "ten": "C", "loai_hinh": "THT", "so_thanh_vien": 1},
    ]
    path = _add_title_block(make_census(rows, headers=["stt", *KEYS]), TITLE)
    # Header in row 6, column numbers in row 7, organizations from rows 8-10; with STT in A,
    # Số thành viên is column I and Doanh thu column L.
    result = read(path)
    assert [(o.ten, o.source.row) for o in result.organizations] == [("A", 8), ("C", 10)]
    wrong = only(result.findings, "wrong-type")
    assert (wrong.sheet, wrong.cell, wrong.row) == (LIST, "L9", 9)
    assert (wrong.column, wrong.value) == ("Doanh thu", "nhiều")
    minimum = only(result.findings, "below-legal-minimum")
    assert minimum.cell == "I10"
    assert sorted(codes(result)) == ["below-legal-minimum", "wrong-type"]
    assert result.rejected_rows == [9]


def test_title_block_header_findings_have_header_row_addresses(make_census: MakeCensus) -> None:
    path = _add_title_block(
        make_census([{"Ghi chu them": "?"}], headers=[*KEYS, "Ghi chu them"]), TITLE
    )
    finding = only(read(path).findings, "unknown-column")
    assert finding.cell == "M6"


def test_table_not_starting_in_a1(make_census: MakeCensus) -> None:
    """A list whose used range starts at C3: addresses are still those the user sees."""
    path = make_census([{}, {"so_thanh_vien": "abc"}], headers=KEYS)
    wb = openpyxl.load_workbook(path)
    wb[LIST].move_range("A1:L3", rows=2, cols=2)
    wb.save(path)
    finding = only(read(path).findings, "wrong-type")
    assert finding.cell == "J5"
    assert finding.row == 5


@pytest.mark.parametrize(
    ("extra", "first"),
    [
        pytest.param({"stt": "I. NÔNG NGHIỆP"}, True, id="section-row"),
        pytest.param({"stt": "II", "ten": "PHI NÔNG NGHIỆP"}, True, id="section-row-numbered"),
        pytest.param({"ten": "Tổng cộng", "so_thanh_vien": 20}, False, id="totals-tong-cong"),
        pytest.param({"ten": "Cộng", "so_thanh_vien": 20, "doanh_thu": 300}, False, id="totals"),
        pytest.param({"ten": "Người lập biểu", "xep_loai": "Thủ trưởng đơn vị"}, False, id="sign"),
    ],
)
def test_form_rows_that_are_not_organizations(
    make_census: MakeCensus, extra: dict[str, Any], first: bool
) -> None:
    """census-format.md: section, totals and signature rows are not organizations."""
    form_row = {**dict.fromkeys(["stt", *KEYS]), **extra}
    orgs = [{"stt": 1, "ten": "A", "doanh_thu": 100}, {"stt": 2, "ten": "B", "doanh_thu": 200}]
    rows = [form_row, *orgs] if first else [*orgs, form_row]
    result = read(make_census(rows, headers=["stt", *KEYS]))
    assert result.findings == []
    assert [o.ten for o in result.organizations] == ["A", "B"]
    assert result.rejected_rows == []


def test_formula_without_saved_value_is_an_error_at_its_cell(make_census: MakeCensus) -> None:
    """census-format.md: a formula with no saved value is an error at that cell, not zero."""
    path = make_census([{}, {"ten": "B"}], headers=KEYS)
    wb = openpyxl.load_workbook(path)
    wb[LIST]["K3"] = "=100*2"  # openpyxl saves no cached value
    wb.save(path)
    result = read(path)
    errors = [f for f in result.errors if f.cell == "K3"]
    assert errors, [(f.code, f.cell) for f in result.findings]
    assert result.rejected_rows == [3]


# --------------------------------------------------------------------------- (e) messages


def test_messages_in_both_languages_with_value_and_suggestion(make_census: MakeCensus) -> None:
    finding = only(
        read(make_census([{}, {"linh_vuc": "nong nghiep x"}], headers=KEYS)).findings,
        "not-in-list",
    )
    vi, en = finding.message("vi"), finding.message("en")
    assert vi != en
    for message in (vi, en):
        assert "«nong nghiep x»" in message
        assert "«Nông nghiệp»" in message
        assert "Lĩnh vực" in message
    assert finding.message() == vi  # Vietnamese is the default


def test_message_without_suggestion_has_no_guess(make_census: MakeCensus) -> None:
    finding = only(
        read(make_census([{}, {"so_thanh_vien": "abc"}], headers=KEYS)).findings, "wrong-type"
    )
    assert finding.suggestion is None
    vi, en = finding.message("vi"), finding.message("en")
    assert vi != en
    assert "«abc»" in vi
    assert "«abc»" in en
    assert "có lẽ" not in vi
    assert "did you mean" not in en


def test_message_names_the_form_when_required_for_it(make_census: MakeCensus) -> None:
    finding = only(read(make_census([{}, {"ma_so": None}], headers=KEYS)).findings, "missing-value")
    vi, en = finding.message("vi"), finding.message("en")
    assert "Mã số" in vi
    assert "Mã số" in en
    assert "HTX" in vi
    assert "HTX" in en


def test_message_of_yes_no_suggestion(make_census: MakeCensus) -> None:
    path = make_census([{"chuoi_gia_tri": "có lẽ"}], headers=[*KEYS, "chuoi_gia_tri"])
    finding = only(read(path).findings, "wrong-type")
    assert finding.cell == "M2"
    assert finding.suggestion == "Có"
    assert "«Có»" in finding.message("vi")
    assert "«Có»" in finding.message("en")
    assert "«có lẽ»" in finding.message("en")


@pytest.mark.parametrize(
    "name", ["census-findings.xlsx", "census-can-tho-2025.xlsx", "census-can-tho-merged-2025.xlsx"]
)
def test_the_column_path_reads_exactly_what_the_row_path_reads(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lists are read column by column, with only suspect rows read one by one; reading every
    row one by one (the reference path) must give the same records and findings."""
    path = Path(__file__).resolve().parents[2] / "examples" / name
    fast = read_census_file(path, today=TODAY)

    def one_by_one(reader: Any, sheet: Any, header: Any, kinds: Any, data: Any, columns: Any,
                   info: Any, implied: Any) -> Any:  # fmt: skip
        return read_rows_one_by_one(reader, sheet, header, kinds, info, implied)

    monkeypatch.setattr(list_sheet_module, "read_rows_by_column", one_by_one)
    slow = read_census_file(path, today=TODAY)
    assert fast.organizations == slow.organizations
    assert fast.findings == slow.findings
    assert fast.rejected_rows == slow.rejected_rows
    assert len(fast.organizations) + len(fast.findings) > 20


@pytest.mark.parametrize(
    "name", ["census-findings.xlsx", "census-can-tho-2025.xlsx", "census-official-form.xlsx"]
)
def test_a_large_sheet_shares_its_texts_and_reads_the_same(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large sheet is read row by row with equal texts shared; what is read is the same."""
    path = Path(__file__).resolve().parents[2] / "examples" / name
    small = read_census_file(path, today=TODAY)
    monkeypatch.setattr(workbook_module, "SHARE_TEXTS_FROM", 0)
    large = read_census_file(path, today=TODAY)
    assert large.organizations == small.organizations
    assert large.findings == small.findings
    assert len(small.organizations) > 0


def _one_sheet(path: Path, rows: list[list[Any]]) -> Path:
    """A workbook of one sheet holding ``rows``, as openpyxl writes it."""
    wb = openpyxl.Workbook()
    sheet = wb.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    wb.save(path)
    return path


def test_shared_texts_keep_true_one_and_zeros_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = "Khá"  # texts of one character are never copies: a longer one shows the sharing
    rows = [[a, 1.0, True, -0.0], [a, True, 1.0, 0.0], ["b", False, 0.0, a]]
    path = _one_sheet(tmp_path / "cells.xlsx", rows)
    monkeypatch.setattr(workbook_module, "SHARE_TEXTS_FROM", 0)
    (read,) = workbook_module.read_workbook(path)
    cells = [(type(x), repr(x)) for row in read.rows for x in row]
    assert [t for t, _ in cells] == [
        str, float, bool, float, str, bool, float, float, str, bool, float, str
    ]  # fmt: skip
    assert [r for _, r in cells] == [
        "'Khá'", "1.0", "True", "-0.0", "'Khá'", "True", "1.0", "0.0", "'b'", "False", "0.0",
        "'Khá'",
    ]  # fmt: skip
    assert read.rows[0][0] is read.rows[1][0] is read.rows[2][3]  # one "Khá", shared


def test_shared_texts_are_learned_from_some_rows_and_looked_up_in_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    x, y = "Đang hoạt động", "Tạm ngừng hoạt động"
    path = _one_sheet(tmp_path / "cells.xlsx", [[x, 1], [y, True], [y, 1.0], [y, x], ["z", 0]])
    monkeypatch.setattr(workbook_module, "SHARE_TEXTS_FROM", 0)
    monkeypatch.setattr(workbook_module, "LEARN_EVERY", 2)  # rows 1, 3 and 5 are learned
    (read,) = workbook_module.read_workbook(path)
    book = CalamineWorkbook.from_path(str(path))
    plain = book.get_sheet_by_index(0).to_python()
    assert [[(type(x), x) for x in row] for row in read.rows] == [
        [(type(x), x) for x in row] for row in plain
    ]
    assert read.rows[3][1] is read.rows[0][0]  # x learned in row 1, found in row 4
    assert read.rows[3][0] is read.rows[2][0]  # y learned in row 3, found in row 4
    assert read.rows[1][0] is not read.rows[2][0]  # row 2 came before y was learned
