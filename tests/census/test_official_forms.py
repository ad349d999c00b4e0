"""A census laid out as an official district form reads exactly like the clean layout.

The official forms are written by ``forms.write_official_form`` (see its docstring for the
layout); the clean ones by ``conftest.write_census``. Three parts:

(a) equivalence: the same organizations, clean and as a form (in each option combination),
    give the same ``ktt gap --format json`` targets and the same records, and the form alone
    has no findings;
(b) LibreOffice: the form converted by ``soffice`` to .xls, .ods and .xlsx reads the same;
(c) one small file per layout quirk, with the findings at the cells the user sees.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from ktt_indicators.census.findings import Finding
from ktt_indicators.census.reader import CensusFile, read_census, read_census_file
from ktt_indicators.census.schema import LegalForm, Rating
from ktt_indicators.cli.app import app

from conftest import TODAY, write_census
from forms import (
    EMPTY_SHEET,
    HIDDEN_SHEET,
    INFO_SHEET,
    LIST_SHEET,
    OfficialForm,
    write_official_form,
)

runner = CliRunner(env={"KTT_LANG": None, "KTT_TARGETS": None, "COLUMNS": "200"})

INFO: dict[str, Any] = {
    "don_vi_bao_cao": "Phòng Kinh tế huyện Thử Nghiệm",
    "nam_bao_cao": 2025,
    "ngay_so_lieu": date(2025, 12, 15),
    "dia_ban": "Thành phố Cần Thơ (cũ)",
    "dan_so": 1_263_000,
}


def _org(ten: str, district: str, **values: Any) -> dict[str, Any]:
    return {"ten": ten, "quan_huyen": district, "xa_phuong": f"Xã {district}", **values}


YES = "x"
#: 21 organizations: every legal form, sector and rating, active and not, with every column
#: targets.yaml uses. No row gives a finding (members at or above the legal minimum, rated
#: ones founded over 12 months before the as-of date, profit not above revenue).
ORGS: list[dict[str, Any]] = [
    _org(
        "HTX Nông nghiệp Thới Lai", "Thới Lai", so_thanh_vien=120, xep_loai="Tốt",
        ngay_thanh_lap=date(2015, 3, 16), chuoi_gia_tri=YES, cong_nghe_cao=YES,
        chuyen_doi_so=YES, gioi_tinh_giam_doc="Nữ", kieu_moi=YES, san_pham_chu_luc="Lúa gạo",
        von_dieu_le=1500, doanh_thu=3200, loi_nhuan=250, so_lao_dong=25, tinh_cu="Cần Thơ",
    ),
    _org(
        "HTX Trái cây Phong Điền", "Phong Điền", so_thanh_vien=85, xep_loai="Khá",
        ngay_thanh_lap=date(2018, 6, 1), chuoi_gia_tri=YES, chuyen_doi_so=YES,
        gioi_tinh_giam_doc="Nam", san_pham_chu_luc="Trái cây", von_dieu_le=800,
        doanh_thu=1900, loi_nhuan=120, so_lao_dong=12,
    ),
    _org(
        "HTX Thủy sản Thốt Nốt", "Thốt Nốt", so_thanh_vien=40,
        ngay_thanh_lap=date(2025, 6, 10), gioi_tinh_giam_doc="Nam", san_pham_chu_luc="Thủy sản",
        von_dieu_le=300, doanh_thu=150, loi_nhuan=-20, so_lao_dong=6,
    ),
    _org(
        "HTX Vận tải Ninh Kiều", "Ninh Kiều", linh_vuc="Vận tải", so_thanh_vien=60,
        xep_loai="Tốt", dien_hinh=YES, chuyen_doi_so=YES, gioi_tinh_giam_doc="Nam",
        von_dieu_le=2000, doanh_thu=5000, loi_nhuan=400, so_lao_dong=45,
    ),
    _org(
        "HTX Xây dựng Bình Thủy", "Bình Thủy", linh_vuc="Xây dựng", so_thanh_vien=25,
        xep_loai="Trung bình", dien_hinh=YES, gioi_tinh_giam_doc="Nữ",
        ghi_chu="Đổi tên năm 2024",
    ),
    _org(
        "HTX Thương mại Cái Răng", "Cái Răng", linh_vuc="Thương mại - dịch vụ",
        so_thanh_vien=30, xep_loai="Khá", dien_hinh=YES, chuoi_gia_tri=YES,
        gioi_tinh_giam_doc="Nữ", ma_so="0312345678",
    ),
    _org(
        "HTX Môi trường Ô Môn", "Ô Môn", linh_vuc="Môi trường", so_thanh_vien=18,
        xep_loai="Yếu", gioi_tinh_giam_doc="Nam",
    ),
    _org(
        "Quỹ tín dụng nhân dân Thốt Nốt", "Thốt Nốt", linh_vuc="Tín dụng", so_thanh_vien=1250,
        xep_loai="Tốt", dien_hinh=YES, gioi_tinh_giam_doc="Nam", von_dieu_le=5000,
        doanh_thu=2400, loi_nhuan=600, ma_so="1800123456-001",
    ),
    _org(
        "HTX Dịch vụ Cờ Đỏ", "Cờ Đỏ", linh_vuc="Thương mại - dịch vụ", so_thanh_vien=12,
        tinh_trang="Tạm ngừng hoạt động", gioi_tinh_giam_doc="Nữ", dien_hinh=YES,
    ),
    _org(
        "HTX Cơ khí Vĩnh Thạnh", "Vĩnh Thạnh", linh_vuc="Công nghiệp - tiểu thủ công nghiệp",
        so_thanh_vien=9, xep_loai="Khá", tinh_trang="Chờ giải thể", gioi_tinh_giam_doc="Nam",
    ),
    _org(
        "HTX Lúa giống Cờ Đỏ", "Cờ Đỏ", so_thanh_vien=150, xep_loai="Tốt", cong_nghe_cao=YES,
        chuoi_gia_tri=YES, kieu_moi=YES, gioi_tinh_giam_doc="Nam", san_pham_chu_luc="Lúa gạo",
    ),
    _org(
        "HTX Vận tải Ô Môn", "Ô Môn", linh_vuc="Vận tải", so_thanh_vien=22, dien_hinh=YES,
        gioi_tinh_giam_doc="Nữ", so_lao_dong=30,
    ),
    _org(
        "HTX Du lịch Phong Điền", "Phong Điền", linh_vuc="Thương mại - dịch vụ",
        so_thanh_vien=15, xep_loai="Tốt", dien_hinh=YES, chuyen_doi_so=YES,
        gioi_tinh_giam_doc="Nữ",
    ),
    _org(
        "Liên hiệp HTX Lúa gạo Cần Thơ", "Thới Lai", loai_hinh="LHHTX", so_thanh_vien=6,
        so_htx_thanh_vien=6, xep_loai="Khá", chuoi_gia_tri=YES, gioi_tinh_giam_doc="Nam",
    ),
    _org(
        "Liên hiệp HTX Vận tải Tây Đô", "Bình Thủy", loai_hinh="LHHTX", linh_vuc="Vận tải",
        so_thanh_vien=4, so_htx_thanh_vien=4, gioi_tinh_giam_doc="Nữ",
        ma_so="1822101414-004",
    ),
    _org("THT Rau an toàn", "Phong Điền", loai_hinh="THT", so_thanh_vien=15, chuoi_gia_tri=YES),
    _org("THT Nuôi cá", "Thới Lai", loai_hinh="THT", so_thanh_vien=9, chuyen_doi_so=YES),
    _org(
        "THT Đan lát", "Ô Môn", loai_hinh="THT", so_thanh_vien=7,
        linh_vuc="Công nghiệp - tiểu thủ công nghiệp", gioi_tinh_giam_doc="Nữ",
    ),
    _org("THT Xe ôm", "Ninh Kiều", loai_hinh="THT", linh_vuc="Vận tải", so_thanh_vien=25),
    _org("THT Trồng nấm", "Vĩnh Thạnh", loai_hinh="THT", so_thanh_vien=2),
    _org(
        "THT Dịch vụ", "Cái Răng", loai_hinh="THT", linh_vuc="Thương mại - dịch vụ",
        so_thanh_vien=5, tinh_trang="Tạm ngừng hoạt động",
    ),
]  # fmt: skip

#: Option combinations of the form, and the findings each must give (code, sheet, cell).
VARIANTS: dict[str, dict[str, Any]] = {
    "form": {},
    "per-form-sheets": {"per_form_sheets": True},
    "hidden-and-empty-sheets": {"with_hidden": True, "with_empty": True},
    "no-totals-rating-as-text": {"totals": False, "rating_ticks": False},
    "signed-with-date-and-names": {"signers": True},
}
EXPECTED_FINDINGS: dict[str, list[tuple[str, str | None, str | None]]] = {
    "hidden-and-empty-sheets": [
        ("empty-sheet", EMPTY_SHEET, None),
        ("hidden-sheet", HIDDEN_SHEET, None),
    ]
}


def gap_targets(path: Path) -> list[dict[str, Any]]:
    """The "targets" of ``ktt gap FILE --format json``, which must succeed."""
    args = ["gap", str(path), "--format", "json", "--today", TODAY.isoformat()]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    targets: list[dict[str, Any]] = json.loads(result.stdout)["targets"]
    assert targets
    return targets


def read(path: Path) -> CensusFile:
    return read_census_file(path, today=TODAY)


def where(findings: list[Finding]) -> list[tuple[str, str | None, str | None]]:
    """Each finding's code, sheet and cell, sorted."""
    return sorted(((f.code, f.sheet, f.cell) for f in findings), key=lambda t: str(t))


def records(census_file: CensusFile) -> dict[str, dict[str, Any]]:
    """Each organization's values by name, without where it was read."""
    return {
        o.ten: {k: x for k, x in o._asdict().items() if k != "source"}
        for o in census_file.organizations
    }


def sources(census_file: CensusFile) -> list[tuple[str, str, int]]:
    return sorted((o.ten, o.source.sheet, o.source.row) for o in census_file.organizations)


def layout_sources(form: OfficialForm, rows: list[dict[str, Any]]) -> list[tuple[str, str, int]]:
    return sorted((row["ten"], *form.rows[n]) for n, row in enumerate(rows))


# ============================================================================ (a) equivalence


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_census(tmp_path_factory.mktemp("clean") / "clean.xlsx", ORGS, info=INFO)


@pytest.fixture(scope="module")
def clean_targets(clean: Path) -> list[dict[str, Any]]:
    return gap_targets(clean)


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, OfficialForm]:
    base = tmp_path_factory.mktemp("forms")
    return {
        name: write_official_form(base / f"{name}.xlsx", ORGS, info=INFO, **options)
        for name, options in VARIANTS.items()
    }


def test_the_clean_census_is_valid_and_has_no_findings(clean: Path) -> None:
    """The baseline: the data itself gives no finding, so any finding comes from the layout."""
    result = read(clean)
    assert result.findings == []
    assert len(result.organizations) == len(ORGS)
    assert {o.loai_hinh for o in result.organizations} == set(LegalForm)
    assert {o.xep_loai for o in result.organizations} == set(Rating)


@pytest.mark.parametrize("variant", VARIANTS)
def test_official_form_gives_the_same_gap_as_the_clean_layout(
    forms: dict[str, OfficialForm], clean_targets: list[dict[str, Any]], variant: str
) -> None:
    assert gap_targets(forms[variant].path) == clean_targets


@pytest.mark.parametrize("variant", VARIANTS)
def test_official_form_has_no_findings(forms: dict[str, OfficialForm], variant: str) -> None:
    census = read_census([forms[variant].path], today=TODAY)
    assert where(census.findings) == EXPECTED_FINDINGS.get(variant, [])


@pytest.mark.parametrize("variant", VARIANTS)
def test_official_form_reads_the_same_records_from_the_right_rows(
    forms: dict[str, OfficialForm], clean: Path, variant: str
) -> None:
    result = read(forms[variant].path)
    assert records(result) == records(read(clean))
    assert sources(result) == layout_sources(forms[variant], ORGS)


def test_the_form_really_has_its_layout(forms: dict[str, OfficialForm]) -> None:
    """The fixture writes what it says: title block, two header rows, ticks, numbers, sections,
    totals, signature — so the tests above are about a real official form."""
    form = forms["form"]
    ws = openpyxl.load_workbook(form.path)[LIST_SHEET]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "(Số liệu đến ngày 15/12/2025)",
        "Thông tin tổ chức",
        "Kết quả hoạt động (triệu đồng)",
        "Khá",
        "(1)",
        "NÔNG NGHIỆP",
        "PHI NÔNG NGHIỆP",
        "Cộng",
        "Tổng cộng",
        "Người lập biểu",
        "Thủ trưởng đơn vị".upper(),
        "(Ký, ghi rõ họ tên)",
    ):
        assert expected in texts
    assert "Loại hình" in texts
    header = form.header_row[LIST_SHEET]
    assert header > 1
    first, last = (form.letters[LIST_SHEET][f"xep_loai:{r}"] for r in ("Tốt", "Yếu"))
    assert ws[f"{first}{header}"].value == "Xếp loại"
    assert f"{first}{header}:{last}{header}" in {str(r) for r in ws.merged_cells.ranges}
    per_form = openpyxl.load_workbook(forms["per-form-sheets"].path)
    assert per_form.sheetnames == [INFO_SHEET, "Tổ hợp tác", "DS HTX", "Liên hiệp HTX"]
    assert "Loại hình" not in [
        c.value for ws in per_form.worksheets[1:] for row in ws.iter_rows() for c in row
    ]


# ============================================================================ (b) LibreOffice

LIBREOFFICE_FORMATS = ("xls", "ods", "xlsx")
LIBREOFFICE_FORMS: dict[str, dict[str, Any]] = {
    "form": {"with_hidden": True, "with_empty": True},
    "per-form-sheets": {"per_form_sheets": True},
}


@pytest.fixture(scope="session")
def libreoffice(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """The clean census and the forms, as written by openpyxl and as LibreOffice saved them.

    Keys are (name, format): name "clean" or a LIBREOFFICE_FORMS key; format "openpyxl" for
    the original, else the format LibreOffice converted it to.
    """
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs it")
    base = tmp_path_factory.mktemp("libreoffice")
    files = {("clean", "openpyxl"): write_census(base / "clean.xlsx", ORGS, info=INFO)}
    for name, options in LIBREOFFICE_FORMS.items():
        path = base / f"{name}.xlsx"
        files[(name, "openpyxl")] = write_official_form(path, ORGS, info=INFO, **options).path
    originals = [str(p) for p in files.values()]
    profile = (base / "profile").as_uri()  # a private profile: parallel runs don't clash
    for fmt in LIBREOFFICE_FORMATS:
        outdir = base / fmt
        command = [soffice, f"-env:UserInstallation={profile}", "--headless"]
        command += ["--convert-to", fmt, "--outdir", str(outdir), *originals]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        for (name, _), original in list(files.items()):
            converted = outdir / f"{original.stem}.{fmt}"
            assert converted.is_file(), (done.returncode, done.stdout, done.stderr)
            files[(name, fmt)] = converted
    return files


@pytest.mark.parametrize("fmt", LIBREOFFICE_FORMATS)
def test_libreoffice_clean_census_gives_the_same_gap(
    libreoffice: dict[tuple[str, str], Path], clean_targets: list[dict[str, Any]], fmt: str
) -> None:
    """The baseline: LibreOffice's file of the clean layout reads the same."""
    assert gap_targets(libreoffice[("clean", fmt)]) == clean_targets


@pytest.mark.parametrize("fmt", LIBREOFFICE_FORMATS)
@pytest.mark.parametrize("name", LIBREOFFICE_FORMS)
def test_libreoffice_form_gives_the_same_gap_as_the_clean_layout(
    libreoffice: dict[tuple[str, str], Path],
    clean_targets: list[dict[str, Any]],
    name: str,
    fmt: str,
) -> None:
    assert gap_targets(libreoffice[(name, fmt)]) == clean_targets


@pytest.mark.parametrize("fmt", LIBREOFFICE_FORMATS)
@pytest.mark.parametrize("name", LIBREOFFICE_FORMS)
def test_libreoffice_form_has_the_same_findings_and_rows(
    libreoffice: dict[tuple[str, str], Path], name: str, fmt: str
) -> None:
    original = read(libreoffice[(name, "openpyxl")])
    converted = read(libreoffice[(name, fmt)])
    assert where(converted.findings) == where(original.findings)
    assert sources(converted) == sources(original)
    assert records(converted) == records(original)
    assert len(converted.organizations) == len(ORGS)


# ============================================================================ (c) one quirk each

#: Every quirk off: a form that is only a header and rows (tests turn one quirk on).
PLAIN: dict[str, Any] = {
    "title_block": False,
    "two_row_header": False,
    "rating_ticks": False,
    "column_numbers": False,
    "sections": False,
    "totals": False,
    "blank_rows": False,
    "signature": False,
}
#: Five organizations; members 47 in agriculture (Lúa, Rau, Gạo) and 60 in the rest: 107.
SMALL: list[dict[str, Any]] = [
    {"ten": "HTX Lúa", "so_thanh_vien": 30, "xep_loai": "Tốt", "doanh_thu": 500},
    {"ten": "HTX Xe", "linh_vuc": "Vận tải", "so_thanh_vien": 40, "xep_loai": "Khá"},
    {"ten": "THT Rau", "loai_hinh": "THT", "so_thanh_vien": 12, "doanh_thu": 80},
    {"ten": "LH Gạo", "loai_hinh": "LHHTX", "so_thanh_vien": 5, "so_htx_thanh_vien": 5},
    {"ten": "HTX Chợ", "linh_vuc": "Thương mại - dịch vụ", "so_thanh_vien": 20},
]
SMALL_NAMES = sorted(r["ten"] for r in SMALL)


def quirk(tmp_path: Path, rows: list[dict[str, Any]] = SMALL, **options: Any) -> OfficialForm:
    """A small form with every quirk off except those in ``options``."""
    return write_official_form(tmp_path / "form.xlsx", rows, info=INFO, **{**PLAIN, **options})


def assert_reads_like_clean(tmp_path: Path, form: OfficialForm, rows: list[dict[str, Any]]) -> None:
    """No findings, the same records as the clean layout, each from its own sheet row."""
    result = read(form.path)
    assert where(result.findings) == []
    assert records(result) == records(read(write_census(tmp_path / "clean.xlsx", rows, info=INFO)))
    assert sources(result) == layout_sources(form, rows)


def test_title_block_cells_are_those_the_user_sees(tmp_path: Path) -> None:
    rows = [dict(r) for r in SMALL]
    rows[1]["doanh_thu"] = "nhiều"
    form = quirk(tmp_path, rows, title_block=True)
    # Title block in rows 1-6, header in row 7, organizations from row 8 in the order given;
    # A STT, B Tên, C Mã số, D Loại hình, E Xã/phường, F Quận/huyện, G Lĩnh vực,
    # H Tình trạng, I Số thành viên, J Số HTX thành viên, K Xếp loại, L Doanh thu.
    assert form.header_row[LIST_SHEET] == 7
    assert form.cell(1, "doanh_thu") == "L9"
    result = read(form.path)
    [finding] = result.findings
    assert (finding.code, finding.sheet, finding.cell, finding.row) == (
        "wrong-type",
        LIST_SHEET,
        "L9",
        9,
    )
    assert (finding.column, finding.value) == ("Doanh thu", "nhiều")
    assert result.rejected_rows == [9]
    assert sources(result) == [s for s in layout_sources(form, SMALL) if s[0] != "HTX Xe"]


def test_two_row_header_with_merged_group_labels(tmp_path: Path) -> None:
    """Group labels ("Thông tin tổ chức", "Kết quả hoạt động (triệu đồng)") over sub-columns,
    single labels merged over both rows: the sub-column headers name the columns."""
    form = quirk(tmp_path, two_row_header=True)
    assert form.rows[0] == (LIST_SHEET, 3)
    assert_reads_like_clean(tmp_path, form, SMALL)


RATED: list[dict[str, Any]] = [
    {"ten": "HTX Tốt", "xep_loai": "Tốt"},
    {"ten": "HTX Khá", "xep_loai": "Khá"},
    {"ten": "HTX TB", "xep_loai": "Trung bình"},
    {"ten": "HTX Yếu", "xep_loai": "Yếu"},
    {"ten": "HTX Chưa", "xep_loai": None},
    {"ten": "THT Chưa", "loai_hinh": "THT"},
]


@pytest.mark.parametrize("tick", ["x", "X", "✓", 1])
def test_rating_tick_columns(tmp_path: Path, tick: Any) -> None:
    """ "Xếp loại" over Tốt | Khá | Trung bình | Yếu, one ticked; none ticked = not rated."""
    form = quirk(tmp_path, RATED, two_row_header=True, rating_ticks=True, tick=tick)
    result = read(form.path)
    assert where(result.findings) == []
    assert {o.ten: o.xep_loai for o in result.organizations} == {
        "HTX Tốt": Rating.GOOD,
        "HTX Khá": Rating.FAIR,
        "HTX TB": Rating.AVERAGE,
        "HTX Yếu": Rating.WEAK,
        "HTX Chưa": Rating.UNRATED,
        "THT Chưa": Rating.UNRATED,
    }


@pytest.mark.parametrize(
    ("ticked", "second"),
    [(["Tốt", "Khá"], "Khá"), (["Yếu", "Tốt"], "Yếu")],
    ids=["good-fair", "weak-good"],
)
def test_several_ticks_are_an_error_at_the_second_tick(
    tmp_path: Path, ticked: list[str], second: str
) -> None:
    rows = [dict(r) for r in RATED]
    rows[2]["xep_loai"] = ticked
    form = quirk(tmp_path, rows, two_row_header=True, rating_ticks=True)
    # Two header rows; HTX TB is the third organization, in row 5. The tick columns are
    # J Tốt, K Khá, L Trung bình, M Yếu (after A STT … I Số thành viên).
    assert form.letters[LIST_SHEET]["xep_loai:Tốt"] == "J"
    cell = {"Khá": "K5", "Yếu": "M5"}[second]
    assert form.cell(2, f"xep_loai:{second}") == cell
    result = read(form.path)
    [finding] = result.findings
    assert (finding.code, finding.severity) == ("several-ticked", "error")
    assert (finding.sheet, finding.cell, finding.row, finding.column) == (
        LIST_SHEET,
        cell,
        5,
        second,
    )
    assert result.rejected_rows == [5]
    assert "HTX TB" not in records(result)
    assert len(result.organizations) == len(RATED) - 1


@pytest.mark.parametrize("two_row_header", [False, True], ids=["one-header-row", "two-header-rows"])
def test_column_number_row(tmp_path: Path, two_row_header: bool) -> None:
    form = quirk(tmp_path, column_numbers=True, two_row_header=two_row_header)
    ws = openpyxl.load_workbook(form.path)[LIST_SHEET]
    numbers_row = 3 if two_row_header else 2
    assert [c.value for c in ws[numbers_row]][:3] == ["(1)", "(2)", "(3)"]
    assert form.rows[0] == (LIST_SHEET, numbers_row + 1)
    assert_reads_like_clean(tmp_path, form, SMALL)


@pytest.mark.parametrize(
    "headings",
    [
        [("I", "NÔNG NGHIỆP"), ("II", "PHI NÔNG NGHIỆP")],
        [("A", "NÔNG NGHIỆP"), ("B", "PHI NÔNG NGHIỆP")],
        [(None, "NÔNG NGHIỆP"), (None, "PHI NÔNG NGHIỆP")],
    ],
    ids=["roman", "letters", "title-only"],
)
def test_section_rows(tmp_path: Path, headings: list[tuple[str | None, str]]) -> None:
    form = quirk(tmp_path, sections=headings)
    # Header in row 1; section I in row 2 (HTX Lúa, THT Rau, LH Gạo), section II in row 6.
    assert form.section_rows[LIST_SHEET] == [2, 6]
    assert_reads_like_clean(tmp_path, form, SMALL)


@pytest.mark.parametrize("sections", [True, False], ids=["with-sections", "grand-total-only"])
def test_totals_rows_with_correct_sums_give_no_finding(tmp_path: Path, sections: bool) -> None:
    form = quirk(tmp_path, sections=sections, totals=True)
    expected = ["Cộng", "Cộng", "Tổng cộng"] if sections else ["Tổng cộng"]
    assert [label for label, _ in form.totals[LIST_SHEET]] == expected
    assert_reads_like_clean(tmp_path, form, SMALL)


def _number(text: str) -> float | None:
    try:
        return float(text.replace(".", "").replace(",", ".")) if "," in text else float(text)
    except ValueError:
        return None


@pytest.mark.parametrize(
    ("label", "which", "rows_sum"),
    [("Cộng", 0, 47), ("Cộng", 1, 60), ("Tổng cộng", -1, 107)],
    ids=["section-I", "section-II", "grand-total"],
)
def test_wrong_total_is_one_warning_at_its_cell(
    tmp_path: Path, label: str, which: int, rows_sum: int
) -> None:
    """«Cộng» checks the rows since the previous heading; «Tổng cộng» every organization."""
    form = quirk(tmp_path, sections=True, totals=True)
    cell = form.totals_cell(LIST_SHEET, label, "so_thanh_vien", which)
    wb = openpyxl.load_workbook(form.path)
    assert wb[LIST_SHEET][cell].value == rows_sum
    wb[LIST_SHEET][cell] = 999
    wb.save(form.path)
    result = read(form.path)
    [finding] = result.findings
    assert (finding.code, finding.severity) == ("totals-mismatch", "warning")
    assert (finding.sheet, finding.cell, finding.value) == (LIST_SHEET, cell, "999")
    assert finding.column is not None
    assert "Số thành viên" in finding.column
    assert rows_sum in {_number(p) for p in finding.params.values()}, finding.params
    assert sorted(records(result)) == SMALL_NAMES
    assert result.valid


def test_blank_rows(tmp_path: Path) -> None:
    form = quirk(tmp_path, blank_rows=True)
    # HTX Lúa in row 2, a blank row 3, HTX Xe in row 4.
    assert form.rows[:2] == [(LIST_SHEET, 2), (LIST_SHEET, 4)]
    assert_reads_like_clean(tmp_path, form, SMALL)


@pytest.mark.parametrize("signers", [False, True], ids=["titles", "with-date-and-names"])
def test_signature_block(tmp_path: Path, signers: bool) -> None:
    """«Người lập biểu» / «Thủ trưởng đơn vị» over «(Ký, ghi rõ họ tên)» are not organizations;
    nor, on a signed form, the dated line above them and the signers' names below (the left
    name in the name column, with nothing else on its row)."""
    form = quirk(tmp_path, signature=True, signers=signers)
    ws = openpyxl.load_workbook(form.path)[LIST_SHEET]
    # Header in row 1, organizations in rows 2-6, the block from row 7.
    block = [ws[f"B{r}"].value for r in range(7, ws.max_row + 1)]
    if signers:
        assert block == [None, "Người lập biểu", "(Ký, ghi rõ họ tên)", None, None, "Nguyễn Văn An"]
        assert str(ws["H7"].value).startswith("Cần Thơ, ngày 15 tháng 12 năm 2025")
    else:
        assert block == ["Người lập biểu", "(Ký, ghi rõ họ tên)"]
    assert_reads_like_clean(tmp_path, form, SMALL)


@pytest.mark.parametrize(
    "names",
    [
        {"THT": "THT", "HTX": "HTX", "LHHTX": "LHHTX"},
        {"THT": "Tổ hợp tác", "HTX": "Hợp tác xã", "LHHTX": "Liên hiệp HTX"},
        {"THT": "to hop tac", "HTX": "HOP TAC XA", "LHHTX": "lhhtx"},
        {"THT": "DS THT", "HTX": "Danh sách HTX", "LHHTX": "DS LHHTX"},
    ],
    ids=["codes", "vietnamese", "case-and-diacritics", "list-prefix"],
)
def test_one_list_sheet_per_legal_form(tmp_path: Path, names: dict[str, str]) -> None:
    """Each sheet has no Loại hình column: its name says the form."""
    form = quirk(tmp_path, per_form_sheets=names)
    assert "loai_hinh" not in form.letters[names["HTX"]]
    result = read(form.path)
    assert where(result.findings) == []
    forms = {o.ten: (o.loai_hinh.value, o.source.sheet) for o in result.organizations}
    assert forms == {
        r["ten"]: (r.get("loai_hinh", "HTX"), names[r.get("loai_hinh", "HTX")]) for r in SMALL
    }
    assert_reads_like_clean(tmp_path, form, SMALL)


def test_hidden_sheet_is_skipped_and_reported(tmp_path: Path) -> None:
    form = quirk(tmp_path, with_hidden=True)
    assert openpyxl.load_workbook(form.path)[HIDDEN_SHEET].sheet_state == "hidden"
    result = read(form.path)
    [finding] = result.findings
    assert (finding.code, finding.severity) == ("hidden-sheet", "warning")
    assert (finding.sheet, finding.cell, finding.row) == (HIDDEN_SHEET, None, None)
    # Its draft rows are neither counted nor checked.
    assert sorted(records(result)) == SMALL_NAMES
    assert result.valid


def test_empty_sheet_is_reported(tmp_path: Path) -> None:
    form = quirk(tmp_path, with_empty=True)
    result = read(form.path)
    [finding] = result.findings
    assert (finding.code, finding.severity) == ("empty-sheet", "warning")
    assert (finding.sheet, finding.cell, finding.row) == (EMPTY_SHEET, None, None)
    assert sorted(records(result)) == SMALL_NAMES


def test_information_sheet_with_title_row_labels_and_text_values(tmp_path: Path) -> None:
    info = {**INFO, "ngay_so_lieu": date(2025, 12, 14)}
    path = write_official_form(tmp_path / "form.xlsx", SMALL, info=info, **PLAIN).path
    ws = openpyxl.load_workbook(path)[INFO_SHEET]
    # Title in A1, labels ending in ":" from row 3 (merged over A:B), values as text in C.
    assert ws["A1"].value == "THÔNG TIN CHUNG"
    assert [ws[f"A{r}"].value for r in (4, 5, 7)] == ["Năm báo cáo:", "Ngày số liệu:", "Dân số:"]
    assert [ws[f"C{r}"].value for r in (4, 5, 7)] == ["2025", "14/12/2025", "1.263.000"]
    result = read(path)
    assert where(result.findings) == []
    assert (result.info.nam_bao_cao, result.info.ngay_so_lieu, result.info.dan_so) == (
        2025,
        date(2025, 12, 14),
        1_263_000,
    )
    assert result.info.don_vi_bao_cao == INFO["don_vi_bao_cao"]


def test_information_sheet_finding_names_the_value_cell(tmp_path: Path) -> None:
    path = write_official_form(
        tmp_path / "form.xlsx", SMALL, info={**INFO, "dan_so": "nhiều người"}, **PLAIN
    ).path
    [finding] = read(path).findings
    assert (finding.code, finding.sheet, finding.cell) == ("wrong-type", INFO_SHEET, "C7")


def test_code_that_lost_its_leading_zero_in_a_full_form(tmp_path: Path) -> None:
    """In the full official layout, a code typed as a number is found at its cell."""
    rows = [dict(r) for r in SMALL]
    rows[1]["ma_so"] = 312345678  # was "0312345678"
    form = write_official_form(tmp_path / "form.xlsx", rows, info=INFO)
    # Title block rows 1-6, header rows 7-8, column numbers row 9, section I from row 10
    # (HTX Lúa 11, blank 12, THT Rau 13, LH Gạo 14, Cộng 15), blank 16, section II in row 17
    # with HTX Xe in row 18. Mã số is column C.
    assert form.cell(1, "ma_so") == "C18"
    result = read(form.path)
    [finding] = result.findings
    assert (finding.code, finding.severity) == ("code-lost-leading-zero", "warning")
    assert (finding.sheet, finding.cell, finding.row) == (LIST_SHEET, "C18", 18)
    assert finding.params["fixed"] == "0312345678"
    assert records(result)["HTX Xe"]["ma_so"] == "0312345678"
    assert sources(result) == layout_sources(form, rows)


def test_code_in_scientific_notation_in_a_full_form(tmp_path: Path) -> None:
    rows = [dict(r) for r in SMALL]
    rows[1]["ma_so"] = "1.8E+09"
    form = write_official_form(tmp_path / "form.xlsx", rows, info=INFO, totals=False)
    # As above without the «Cộng» row: section II in row 16, HTX Xe in row 17.
    assert form.cell(1, "ma_so") == "C17"
    result = read(form.path)
    [finding] = result.findings
    assert (finding.code, finding.severity) == ("code-in-scientific-notation", "error")
    assert (finding.sheet, finding.cell, finding.value) == (LIST_SHEET, "C17", "1.8E+09")
    assert result.rejected_rows == [17]
    assert sorted(records(result)) == sorted(set(SMALL_NAMES) - {"HTX Xe"})
