"""Workbooks as other programs write them are read, and .xls structures are checked first.

Each workbook is a census written by openpyxl and then rewritten as another writer would
have stored it (backslashes, upper case, parts at the root, LibreOffice's padding rows, a
page setup whose attribute ends in ``r``, Basic macros in an .ods, ISO Strict namespaces);
each must give exactly the cells of the original.
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from hostile import cfb, ods, part, sheet_xml, text_cell, write_xlsx, write_zip
from ktt_indicators.census.reader import read_census_file
from ktt_indicators.read import extent
from ktt_indicators.read.guard import inspect
from ktt_indicators.read.limits import Limits, Refused
from ktt_indicators.read.workbook import read_workbook

from conftest import TODAY, write_census

ROWS = [{"ten": "HTX Một"}, {"ten": "HTX Hai", "so_thanh_vien": 25}]


def rewrite(
    source: Path, target: Path, rename: Callable[[str], str],
    patch: Callable[[str, bytes], bytes] = lambda name, data: data,
) -> Path:  # fmt: skip
    """``source``'s parts under new names (and patched), in a new zip."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(rename(info.filename), patch(info.filename, old.read(info.filename)))
    return target


def _at_root(name: str) -> str:
    return name.removeprefix("xl/")


def _unfold(name: str, data: bytes) -> bytes:
    if name.endswith(".rels") or name == "[Content_Types].xml":
        return data.replace(b"/xl/", b"/").replace(b'Target="xl/', b'Target="')
    return data


def _pad_like_libreoffice(name: str, data: bytes) -> bytes:
    if not name.startswith("xl/worksheets/"):
        return data
    padding = b'<row r="1048575" s="2"/><row r="1048576"><c r="AG1048576" s="1"/></row>'
    return data.replace(b"</sheetData>", padding + b"</sheetData>")


def _page_setup(name: str, data: bytes) -> bytes:
    if not name.startswith("xl/worksheets/"):
        return data
    setup = b'<pageSetup firstPageNumber="4294967293" useFirstPageNumber="1" paperSize="9"/>'
    return data.replace(b"</sheetData>", b"</sheetData>" + setup, 1)


KINDS: dict[str, tuple[Callable[[str], str], Callable[[str, bytes], bytes]]] = {
    "backslashes": (lambda n: n.replace("/", "\\"), lambda n, d: d),
    "upper-case": (lambda n: n.upper() if n.startswith("xl/") else n, lambda n, d: d),
    "parts-at-root": (_at_root, _unfold),
    "libreoffice-padding": (lambda n: n, _pad_like_libreoffice),
    "page-setup": (lambda n: n, _page_setup),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_workbook_stored_another_way_reads_as_the_original(tmp_path: Path, kind: str) -> None:
    original = write_census(tmp_path / "goc.xlsx", ROWS)
    rename, patch = KINDS[kind]
    other = rewrite(original, tmp_path / f"{kind}.xlsx", rename, patch)
    inspect(other, Limits())  # refused before: not a workbook, or beyond the cell limit
    assert [(s.name, s.rows) for s in read_workbook(other)] == [
        (s.name, s.rows) for s in read_workbook(original)
    ]
    read = read_census_file(other, today=TODAY)
    assert [o.ten for o in read.organizations] == ["HTX Một", "HTX Hai"]
    assert read.valid


def test_padding_does_not_hide_a_sheet_that_really_is_too_large(tmp_path: Path) -> None:
    """Only cells without a value are let off: a value at the end still counts."""
    rows = '<row r="1"><c r="A1"><v>1</v></c></row>'
    rows += '<row r="1048576"><c r="AG1048576" s="1"/><c r="AH1048576"><v>2</v></c></row>'
    path = write_xlsx(tmp_path / "lon.xlsx", {"Danh sách": sheet_xml(rows)})
    with pytest.raises(Refused) as refused:
        inspect(path, Limits())
    assert refused.value.reason == "limit-cells"
    assert refused.value.params["columns"] == "34"


def test_an_ods_with_basic_macros_is_read(tmp_path: Path) -> None:
    plain = ods(tmp_path / "plain.ods", "<table:table-row><table:table-cell/></table:table-row>")
    module = (
        '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE script:module PUBLIC "-//OpenOffice.org'
        '//DTD OfficeDocument 1.0//EN" "module.dtd"><script:module script:name="Module1"/>'
    )
    with zipfile.ZipFile(plain) as archive:
        parts = [part(n, archive.read(n)) for n in archive.namelist()]
    macros = write_zip(tmp_path / "macros.ods", [*parts, part("Basic/Standard/Module1.xml", module),
                                                 part("Basic/script-lc.xml", module)])  # fmt: skip
    inspect(macros, Limits())
    with pytest.raises(Refused) as refused:  # the same DOCTYPE where a reader looks is refused
        inspect(write_zip(tmp_path / "dtd.ods", [*parts, part("styles.xml", module)]), Limits())
    assert refused.value.reason == "xml-dtd"


def test_a_row_reaching_column_xfd_compiles_few_patterns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each new furthest column used to compile a regex of its own: 16,384 for one row."""
    cells = "".join(f'<c r="{extent.column_letters(n)}1"><v>{n}</v></c>' for n in range(1, 16385))
    path = write_xlsx(tmp_path / "rong.xlsx", {"Danh sách": sheet_xml(f'<row r="1">{cells}</row>')})
    compiled = 0
    real = extent._columns_beyond

    def counting(columns: int) -> object:
        nonlocal compiled
        compiled += 1
        return real(columns)

    monkeypatch.setattr(extent, "_columns_beyond", counting)
    inspect(path, Limits(max_columns=16384, max_cells=10**6), None)
    assert 0 < compiled <= 16384 // extent.RECOMPILE_AFTER + 2
    with pytest.raises(Refused) as refused:
        inspect(path, Limits(max_columns=16383))
    assert refused.value.params["actual"] == "XFD (16384)"


STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
STRICT_RELS = "http://purl.oclc.org/ooxml/officeDocument/relationships"


def test_a_strict_workbooks_formula_without_a_value_is_found(tmp_path: Path) -> None:
    transitional = write_xlsx(tmp_path / "t.xlsx", {"Danh sách": sheet_xml(
        text_cell("A1", "Tên") + '<c r="B2"><f>1+1</f></c>')})  # fmt: skip
    strict = rewrite(
        transitional, tmp_path / "strict.xlsx", lambda n: n,
        lambda n, d: d.replace(b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                               STRICT_MAIN.encode()).replace(
            b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
            STRICT_RELS.encode()),
    )  # fmt: skip
    (sheet,) = read_workbook(strict)
    assert sheet.unsaved_formulas == frozenset({(1, 1)})


# --------------------------------------------------------------------------- .xls


def record(kind: int, payload: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(payload)) + payload


BOF_GLOBALS = record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0, 0, 0, 0))
BOF_SHEET = record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0, 0, 0, 0))


def biff(sheet: str, cells: bytes, dimensions: tuple[int, int] | None = None,
         globals_extra: bytes = b"") -> bytes:  # fmt: skip
    """A Workbook stream of one sheet: globals (BOUNDSHEET pointing at the sheet's BOF),
    then the sheet's DIMENSIONS and ``cells``."""
    name = sheet.encode("utf-16-le")
    bound_len = 4 + 8 + len(name)
    globals_ = BOF_GLOBALS + globals_extra
    offset = len(globals_) + bound_len + 4  # after BOUNDSHEET and EOF
    bound = record(0x0085, struct.pack("<IBBBB", offset, 0, 0, len(sheet), 1) + name)
    body = b""
    if dimensions is not None:
        body = record(0x0200, struct.pack("<IIHHH", 0, dimensions[0], 0, dimensions[1], 0))
    return globals_ + bound + record(0x000A) + BOF_SHEET + body + cells + record(0x000A)


def number(row: int, column: int, value: float) -> bytes:
    return record(0x0203, struct.pack("<HHHd", row, column, 15, value))


def test_an_xls_sheets_declared_grid_counts_against_the_limits(tmp_path: Path) -> None:
    stream = biff("Danh sách", number(0, 0, 1.0), dimensions=(65536, 256))
    path = cfb(tmp_path / "khai-gia.xls", {"Workbook": stream})
    assert inspect(path, Limits()) == "xls"  # 16.7 million cells: within the default
    with pytest.raises(Refused) as refused:
        inspect(path, Limits(max_cells=1000))
    assert refused.value.reason == "limit-cells"
    assert refused.value.params == {"part": "Danh sách", "rows": "65536", "columns": "256",
                                    "actual": "16777216", "limit": "1000"}  # fmt: skip


def test_an_xls_cell_beyond_its_dimensions_still_counts(tmp_path: Path) -> None:
    stream = biff("S", number(0, 0, 1.0) + number(5000, 3, 2.0), dimensions=(1, 1))
    path = cfb(tmp_path / "o-xa.xls", {"Workbook": stream})
    with pytest.raises(Refused) as refused:
        inspect(path, Limits(max_rows=100))
    assert (refused.value.reason, refused.value.params["actual"]) == ("limit-rows", "5001")


def test_an_xls_with_a_password_is_said_to_be_encrypted(tmp_path: Path) -> None:
    rc4 = record(0x002F, struct.pack("<HHH", 1, 1, 1) + bytes(48))
    path = cfb(tmp_path / "mat-khau.xls", {"Workbook": biff("S", b"", globals_extra=rc4)})
    with pytest.raises(Refused) as refused:
        inspect(path, Limits())
    assert refused.value.reason == "encrypted"


def _with_fat(path: Path, change: Callable[[list[int]], None]) -> Path:
    data = bytearray(path.read_bytes())
    fat = list(struct.unpack_from("<128I", data, 512))
    change(fat)
    struct.pack_into("<128I", data, 512, *fat)
    path.write_bytes(bytes(data))
    return path


def _loop(fat: list[int]) -> None:
    last = max(i for i, nxt in enumerate(fat) if nxt == 0xFFFFFFFE and i > 1)
    fat[last] = 2


def _outside(fat: list[int]) -> None:
    fat[2] = 100_000


@pytest.mark.parametrize("change", [_loop, _outside])
def test_an_xls_whose_sector_chain_loops_or_leaves_the_file_is_refused(
    tmp_path: Path, change: Callable[[list[int]], None]
) -> None:
    path = cfb(tmp_path / "vong.xls", {"Workbook": biff("S", number(0, 0, 1.0))})
    assert inspect(path, Limits()) == "xls"
    _with_fat(path, change)
    with pytest.raises(Refused) as refused:
        inspect(path, Limits())
    assert refused.value.reason == "xls-damaged"


def test_an_xls_as_calamine_reads_it_passes_the_guard_with_its_extent(tmp_path: Path) -> None:
    """The extent the guard finds is the one calamine reads (rows × columns of cells)."""
    stream = biff("Danh sách", number(0, 0, 1.0) + number(2, 4, 3.0), dimensions=(3, 5))
    path = cfb(tmp_path / "nho.xls", {"Workbook": stream})
    with pytest.raises(Refused) as refused:
        inspect(path, Limits(max_cells=14))
    assert refused.value.params["actual"] == "15"
    assert inspect(path, Limits(max_cells=15)) == "xls"


def test_no_header_has_a_digit_so_a_number_names_no_column() -> None:
    """layout.header_at skips numbers and dates on this ground (a wide row of data)."""
    from ktt_indicators.census.layout import _GENERIC_SUB, HEADER_INDEX

    assert not [key for key in [*HEADER_INDEX, *_GENERIC_SUB] if any(c.isdigit() for c in key)]


def test_rows_that_cannot_name_three_columns_are_not_read_as_a_header(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A wide export of numbers is not read cell by cell as a header 60 times; a census's
    header still is found."""
    from ktt_indicators.census import layout
    from ktt_indicators.read.workbook import Sheet

    tried: list[int] = []
    real = layout.header_at

    def counting(sheet: Sheet, r: int, two_rows: bool) -> layout.Header:
        tried.append(r)
        return real(sheet, r, two_rows)

    monkeypatch.setattr(layout, "header_at", counting)
    numbers = Sheet("Xuất", True, [[float(c) for c in range(2000)] for _ in range(10)], 0, 0)
    assert layout.find_header(numbers) is None
    assert tried == []
    titled = Sheet("Danh sách", True, [["Danh sách tổ chức", "", ""], ["Tên tổ chức", "Loại hình",
                   "Mã số"], [1.0, 2.0, 3.0]], 0, 0)  # fmt: skip
    header = layout.find_header(titled)
    assert header is not None and {c.i for c in header.columns.values()} == {1}
    assert set(header.keys) == {"ten", "loai_hinh", "ma_so"}
    assert tried  # the census's rows were read


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("a.slk", b'ID;PWXL;N;E\r\nC;Y1;X1;K"Ten"\r\nE\r\n', "sylk"),
        ("a.fods", b'<?xml version="1.0"?><office:document xmlns:office="urn:oasis:names:tc:'
         b'opendocument:xmlns:office:1.0" office:mimetype="application/vnd.oasis.opendocument'
         b'.spreadsheet"/>', "fods"),
        ("a.csv", b"Ten,Loai hinh\nHTX Mot,HTX\n", "csv"),
        ("a.txt", b"Ten,Loai hinh\nHTX Mot,HTX\n", "unsupported-suffix"),
    ],
)  # fmt: skip
def test_a_spreadsheet_of_another_format_is_said_to_be_one_whatever_its_suffix(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    (tmp_path / name).write_bytes(data)
    with pytest.raises(Refused) as refused:
        inspect(tmp_path / name, Limits())
    assert refused.value.reason == reason
