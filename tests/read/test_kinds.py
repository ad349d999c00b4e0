"""What a file really is: :mod:`ktt_indicators.read.kinds` on bytes made here,
and ``ktt check`` on each kind: the message in both languages and exit 2 for what is not a
workbook ktt reads; a workbook under another workbook's suffix read, with a warning, to the
same figures as under its right name. No binary file is committed: every file is built here.
"""

from __future__ import annotations

import io
import json
import shutil
import struct
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner, Result

from hostile import (
    CONTENT_TYPES,
    MAIN,
    ODS_NS,
    ROOT_RELS,
    Part,
    cfb,
    part,
    sheet_xml,
    text_cell,
    write_zip,
)
from ktt_indicators.cli.app import app
from ktt_indicators.read import kinds
from ktt_indicators.read.cfb import Container, Damaged
from ktt_indicators.read.guard import inspect
from ktt_indicators.read.limits import Limits, Refused
from ktt_indicators.read.workbook import read_workbook

from conftest import INFO_LABELS, census_keys, complete_rows

runner = CliRunner(env={"KTT_LANG": None, "KTT_TARGETS": None, "COLUMNS": "200"})
TODAY = ["--today", "2026-11-21"]


def ktt(*args: str | Path) -> Result:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


# --------------------------------------------------------------------------- BIFF


def record(kind: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def bof(substream: int, version: int = 0x0600) -> bytes:
    """A BIFF5-8 BOF record: 16 bytes of data in BIFF8, 8 in BIFF5."""
    data = struct.pack("<HHHH", version, substream, 0x0DBB, 0x07CC)
    return record(0x0809, data + (struct.pack("<II", 0, 6) if version == 0x0600 else b""))


def filepass(method: str) -> bytes:
    """A FILEPASS record: XOR obfuscation, RC4 (version 1.1) or RC4 CryptoAPI (4.2)."""
    if method == "XOR":
        return record(0x002F, struct.pack("<HHH", 0, 0x1234, 0x5678))
    major, minor = (1, 1) if method == "RC4" else (4, 2)
    return record(0x002F, struct.pack("<HHH", 1, major, minor) + bytes(48))


Grid = dict[str, list[list[Any]]]


def xls_stream(sheets: Grid, *, version: int = 0x0600, after_bof: bytes = b"") -> bytes:
    """A BIFF8 workbook stream of text (LABEL) and number (NUMBER) cells, as
    python-calamine reads it: globals (BOF, code page, a BOUNDSHEET a sheet, EOF), then
    each sheet (BOF, DIMENSIONS, cells, EOF)."""
    bodies = []
    for rows in sheets.values():
        body = bof(0x0010, version)
        width = max((len(r) for r in rows), default=0)
        body += record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0))
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                if value is None or value == "":
                    continue
                if isinstance(value, str):
                    text = struct.pack("<HB", len(value), 1) + value.encode("utf-16-le")
                    body += record(0x0204, struct.pack("<HHH", i, j, 0) + text)
                else:
                    body += record(0x0203, struct.pack("<HHHd", i, j, 0, float(value)))
        bodies.append(body + record(0x000A))

    def globals_(offsets: Sequence[int]) -> bytes:
        out = bof(0x0005, version) + after_bof + record(0x0042, struct.pack("<H", 1200))
        for name, offset in zip(sheets, offsets, strict=True):
            title = struct.pack("<BB", len(name), 1) + name.encode("utf-16-le")
            out += record(0x0085, struct.pack("<IBB", offset, 0, 0) + title)
        return out + record(0x000A)

    offsets, at = [], len(globals_([0] * len(bodies)))
    for body in bodies:
        offsets.append(at)
        at += len(body)
    return globals_(offsets) + b"".join(bodies)


def write_xls(path: Path, sheets: Grid) -> Path:
    return cfb(path, {"Workbook": xls_stream(sheets)})


# --------------------------------------------------------------------------- a census, three ways


def census_grid(rows: Sequence[dict[str, Any]]) -> Grid:
    """A census as cells (text and numbers only, which every format here writes alike)."""
    info = [[INFO_LABELS["don_vi_bao_cao"], "UBND xã Thử Nghiệm"], [INFO_LABELS["nam_bao_cao"],
            2025]]  # fmt: skip
    from ktt_indicators.census.schema import COLUMNS_BY_KEY

    full = complete_rows(rows)
    keys = census_keys(full)
    listed = [[COLUMNS_BY_KEY[k].header for k in keys]]
    listed += [[r.get(k) for k in keys] for r in full]
    return {"Thông tin chung": info, "Danh sách tổ chức": listed}


def write_grid_xlsx(path: Path, sheets: Grid) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def write_grid_ods(path: Path, sheets: Grid) -> Path:
    def cell(value: Any) -> str:
        if value is None or value == "":
            return "<table:table-cell/>"
        kind = "string" if isinstance(value, str) else f'float" office:value="{value}'
        cell = f'<table:table-cell office:value-type="{kind}"><text:p>{value}</text:p>'
        return cell + "</table:table-cell>"

    tables = "".join(
        f'<table:table table:name="{name}">'
        + "".join(f"<table:table-row>{''.join(map(cell, row))}</table:table-row>" for row in rows)
        + "</table:table>"
        for name, rows in sheets.items()
    )
    ns = ODS_NS
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} '
        f'office:version="1.2"><office:body><office:spreadsheet>{tables}'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    mimetype = kinds.ODS_MIMETYPE
    stored = Part("mimetype", mimetype, len(mimetype), zlib.crc32(mimetype), deflated=False)
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:'
        'names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry '
        f'manifest:full-path="/" manifest:media-type="{mimetype.decode()}"/><manifest:file-entry '
        'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    parts = [stored, part("META-INF/manifest.xml", manifest), part("content.xml", content)]
    return write_zip(path, parts)


WRITERS: dict[str, Callable[[Path, Grid], Path]] = {
    "xlsx": write_grid_xlsx,
    "ods": write_grid_ods,
    "xls": write_xls,
}
VALID = [{"ten": "HTX Một"}, {"ten": "HTX Hai", "so_thanh_vien": 25}]
INVALID = [*VALID, {"ten": "HTX Sai", "so_thanh_vien": "mười"}]


# --------------------------------------------------------------------------- other files

SPREADSHEETML = (
    '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
    '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"\n'
    ' xmlns:o="urn:schemas-microsoft-com:office:office"\n'
    ' xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">\n'
    ' <Worksheet ss:Name="Danh sách"><Table><Row><Cell><Data ss:Type="String">HTX</Data>'
    "</Cell></Row></Table></Worksheet>\n</Workbook>\n"
)
FODS = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<office:document '
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.3" '
    'office:mimetype="application/vnd.oasis.opendocument.spreadsheet"><office:body>'
    '<office:spreadsheet><table:table table:name="Danh sách"/></office:spreadsheet>'
    "</office:body></office:document>\n"
)
SYLK = 'ID;PWXL;N;E\r\nP;PGeneral\r\nC;Y1;X1;K"Tên tổ chức"\r\nC;Y2;X1;K"HTX"\r\nE\r\n'
DIF = 'TABLE\r\n0,1\r\n"EXCEL"\r\nVECTORS\r\n0,1\r\n""\r\nTUPLES\r\n0,2\r\n""\r\n'
UNICODE_TEXT = "\ufeffTên tổ chức\tLoại hình\r\nHTX Một\tHTX\r\n"


def lock_file(user: str = "nguyen.van.an") -> bytes:
    """Excel's lock file (``~$Name.xlsx``): the user's name, its length first, padded with
    spaces to 54 bytes, then again in UTF-16, padded to 165 bytes."""
    ansi = bytes([len(user)]) + user.encode("ascii")
    wide = struct.pack("<H", len(user)) + user.encode("utf-16-le")
    return (ansi.ljust(54, b" ") + wide).ljust(165, b"\x00")


def old_biff(record_type: int, substream: int = 0x0010) -> bytes:
    """A BIFF2/3/4 file: its BOF record, a cell, EOF."""
    length = 4 if record_type == 0x0009 else 6
    data = struct.pack("<HH", 0, substream) + bytes(length - 4)
    return record(record_type, data) + record(0x0004, bytes(9) + b"\x03HTX") + record(0x000A)


def macro_xlsm(path: Path, *, where: str) -> Path:
    """An .xlsm with an Excel 4.0 macro sheet: under xl/macrosheets/ ("folder"), or only named
    by its relationship type, elsewhere ("relationship")."""
    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    macro_type = "http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet"
    target = "macrosheets/sheet2.xml" if where == "folder" else "worksheets/auto_open.xml"
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{office}">'
        '<sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/>'
        '<sheet name="Macro1" sheetId="2" r:id="rId2"/></sheets></workbook>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{office}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{macro_type}" Target="{target}"/></Relationships>'
    )
    macro = (
        '<?xml version="1.0" encoding="UTF-8"?><xm:macrosheet xmlns="'
        f'{MAIN}" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><sheetData>'
        '<row r="1"><c r="A1"><f>EXEC("calc.exe")</f></c></row></sheetData></xm:macrosheet>'
    )
    rows = f'<row r="1">{text_cell("A1", "Tên tổ chức")}</row>'
    return write_zip(path, [
        part("[Content_Types].xml", CONTENT_TYPES), part("_rels/.rels", ROOT_RELS),
        part("xl/workbook.xml", workbook), part("xl/_rels/workbook.xml.rels", rels),
        part("xl/worksheets/sheet1.xml", sheet_xml(rows)), part(f"xl/{target}", macro),
    ])  # fmt: skip


# --------------------------------------------------------------------------- kinds: first bytes


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (SPREADSHEETML.encode(), "spreadsheetml"),
        # without the mso-application instruction: by its root and namespace
        (SPREADSHEETML.replace('<?mso-application progid="Excel.Sheet"?>\n', "").encode(),
         "spreadsheetml"),
        (b"\xef\xbb\xbf" + SPREADSHEETML.encode(), "spreadsheetml"),
        ("\ufeff".encode("utf-16-le") + SPREADSHEETML.encode("utf-16-le"), "spreadsheetml"),
        (SPREADSHEETML.replace("<Workbook", "<ss:Workbook").replace("</Workbook", "</ss:Workbook")
         .replace('<?mso-application progid="Excel.Sheet"?>\n', "").encode(), "spreadsheetml"),
        (FODS.encode(), "fods"),
        (FODS.replace(".spreadsheet", ".text").encode(), "xml"),  # a flat text document
        (SYLK.encode(), "sylk"),
        (b"ID;Phone;Name\r\n1;0909;An\r\n", "text"),  # a CSV whose first header is ID
        (DIF.encode(), "dif"),
        (DIF.replace("\r\n", "\n").encode(), "dif"),
        (b"TABLE,ROW\n1,2\n", "text"),
        (UNICODE_TEXT.encode("utf-16-le"), "unicode-text"),
        (old_biff(0x0009), "biff2"),
        (old_biff(0x0209), "biff3"),
        (old_biff(0x0409), "biff4"),
        (old_biff(0x0409, substream=0x0100), "biff4"),  # an Excel 4.0 workbook
        (old_biff(0x0409, substream=0x0777), "unknown-content"),  # no such substream
        (b"\x09\x00\x40\x00" + bytes(60), "unknown-content"),  # a BOF far too long
        # what was recognised before stays as it was
        (b"<?xml version='1.0'?><root xmlns='urn:other'/>", "xml"),
        (b'<?xml version="1.0"?><Workbook xmlns="urn:example:not-excel"/>', "xml"),
        (b"<!DOCTYPE html><html><body><table></table></body></html>", "html"),
        (b"<html xmlns:x='urn:schemas-microsoft-com:office:excel'><table/></html>", "html"),
        (b"%PDF-1.7\n", "pdf"),
        ("Tên tổ chức,Loại hình\nHTX,HTX\n".encode(), "text"),
        (b"\x00\x01\x02\x03" * 10, "unknown-content"),
        (b"PK\x03\x04rest", "zip"),
        (kinds.CFB_SIGNATURE + bytes(8), "cfb"),
    ],
)  # fmt: skip
def test_sniff_tells_each_kind_by_its_first_bytes(data: bytes, kind: str) -> None:
    assert kinds.sniff(data[:8192]) == kind


def test_lock_file_is_known_by_its_name_or_by_its_shape() -> None:
    lock = lock_file()
    assert len(lock) == 165
    assert kinds.is_lock_file("~$Báo cáo.xlsx", lock, len(lock))
    assert kinds.is_lock_file("renamed.xlsx", lock, len(lock))  # its shape alone
    assert kinds.is_lock_file("~$x.xlsx", b"anything small", 14)  # its name, and small
    assert not kinds.is_lock_file("~$x.xlsx", b"x" * 600, 600)  # too big for one
    assert not kinds.is_lock_file("~$x.xlsx", b"PK\x03\x04" + bytes(100), 104)  # a real zip
    assert not kinds.is_lock_file("a.xlsx", b"Ten,Loai\nHTX,HTX\n" * 10, 170)  # a small CSV
    padded_wrong = bytes([5]) + b"alice" + b"x" * 48 + bytes(111)
    assert not kinds.is_lock_file("a.xlsx", padded_wrong, 165)


# --------------------------------------------------------------------------- kinds: zip, OLE2


def test_zip_kind_by_its_parts() -> None:
    xlsx = ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/worksheets/sheet1.xml"]
    assert kinds.zip_kind(xlsx) == "xlsx"
    assert kinds.zip_kind(["mimetype", "content.xml"], kinds.ODS_MIMETYPE) == "ods"
    assert kinds.zip_kind(["mimetype", "content.xml"], kinds.ODS_MIMETYPE + b"\n") == "ods"
    assert kinds.zip_kind(["content.xml", "META-INF/manifest.xml"]) == "ods"
    odt = b"application/vnd.oasis.opendocument.text"
    assert kinds.zip_kind(["mimetype", "content.xml"], odt) == "not-a-workbook"
    # a Word document or a slide show, under any name, is said to be one
    assert kinds.zip_kind(["word/document.xml", "[Content_Types].xml"]) == "word-document"
    assert kinds.zip_kind(["ppt/presentation.xml", "[Content_Types].xml"]) == "presentation"
    # no workbook part, or a binary one: the zip checks say so, as for any .xlsx
    assert kinds.zip_kind(["word/document.xml", "xl/workbook.bin", "[Content_Types].xml"]) == (
        "xlsx"
    )
    assert kinds.zip_kind([*xlsx, "xl/macrosheets/sheet2.xml"]) == "xlm-macros"
    assert kinds.zip_kind([*xlsx, "XL\\Macrosheets\\Sheet2.xml"]) == "xlm-macros"
    office = "http://schemas.microsoft.com/office/2006/relationships/"
    assert kinds.is_macrosheet(office + "xlMacrosheet")
    assert kinds.is_macrosheet(office + "xlIntlMacrosheet")
    assert not kinds.is_macrosheet(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
    )


def container(tmp_path: Path, streams: dict[str, bytes]) -> Container:
    data = cfb(tmp_path / "c.bin", streams).read_bytes()
    return Container(io.BytesIO(data), len(data))


@pytest.mark.parametrize(
    ("streams", "kind"),
    [
        ({"Workbook": xls_stream({"S": [["HTX", 1]]})}, "xls"),
        ({"Workbook": xls_stream({"S": [["HTX"]]}, after_bof=filepass("XOR"))}, "encrypted"),
        ({"Workbook": xls_stream({"S": [["HTX"]]}, after_bof=filepass("RC4"))}, "encrypted"),
        ({"Workbook": xls_stream({"S": [["HTX"]]}, after_bof=filepass("CryptoAPI"))},
         "encrypted"),
        # a WRITEPROT record may come before FILEPASS
        ({"Workbook": xls_stream({"S": [["HTX"]]},
                                 after_bof=record(0x0086) + filepass("RC4"))}, "encrypted"),
        ({"Workbook": xls_stream({"S": [["HTX"]]}, version=0x0500)}, "biff5"),
        ({"Book": xls_stream({"S": [["HTX"]]}, version=0x0500)}, "biff5"),
        ({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": bytes(5000)}, "encrypted"),
        ({"WordDocument": b"\xec\xa5" + bytes(100), "1Table": bytes(100)}, "ole-document"),
        ({"Workbook": b"\x09\x08" + bytes(100)}, "cfb"),  # not a BIFF record: cannot be told
    ],
)  # fmt: skip
def test_cfb_kind_by_its_streams_and_first_records(
    tmp_path: Path, streams: dict[str, bytes], kind: str
) -> None:
    assert kinds.cfb_kind(container(tmp_path, streams)) == kind


def test_the_container_lists_the_top_streams(tmp_path: Path) -> None:
    found = container(tmp_path, {"Workbook": bytes(5000), "SummaryInformation": bytes(10)})
    assert sorted(found.entries) == ["SummaryInformation", "Workbook"]
    assert found.entries["Workbook"][1] == 5120  # padded by the writer to whole sectors
    with pytest.raises(Damaged):
        Container(io.BytesIO(b"\xd0\xcf\x11\xe0" * 200), 800)
    assert kinds.cfb_kind(None) == "cfb"


@pytest.mark.parametrize(
    ("method", "said"), [("XOR", "XOR"), ("RC4", "RC4"), ("CryptoAPI", "RC4 CryptoAPI")]
)
def test_xls_encryption_names_the_method(method: str, said: str) -> None:
    stream = xls_stream({"S": [["HTX"]]}, after_bof=filepass(method))
    assert kinds.xls_encryption(stream) == said
    assert kinds.xls_encryption(xls_stream({"S": [["HTX"]]})) is None


# --------------------------------------------------------------------------- ktt check: refused

#: name → (the file's bytes or a writer, words of the Vietnamese message, of the English one)
REFUSED: dict[str, tuple[bytes | Callable[[Path], Path], list[str], list[str]]] = {
    "xml-2003.xls": (SPREADSHEETML.encode(), ["XML Spreadsheet 2003", "lưu thành .xlsx"],
                     ["XML Spreadsheet 2003", "save it as .xlsx"]),
    "xml-2003.xlsx": (SPREADSHEETML.encode("utf-16-le"), ["XML Spreadsheet 2003"],
                      ["XML Spreadsheet 2003"]),
    "excel5.xls": (lambda p: cfb(p, {"Book": xls_stream({"S": [["x"]]}, version=0x0500)}),
                   ["BIFF5", "Excel 5.0/95", "lưu thành .xlsx"], ["BIFF5", "Excel 5.0/95"]),
    "excel95.xls": (lambda p: cfb(p, {"Workbook": xls_stream({"S": [["x"]]}, version=0x0500)}),
                    ["BIFF5", "Excel 5.0/95"], ["BIFF5", "Excel 5.0/95", "save it as .xlsx"]),
    "excel4.xls": (old_biff(0x0409, 0x0100), ["BIFF4", "Excel 4.0"], ["BIFF4", "Excel 4.0"]),
    "excel3.xls": (old_biff(0x0209), ["BIFF3", "Excel 3.0"], ["BIFF3", "Excel 3.0"]),
    "excel2.xls": (old_biff(0x0009), ["BIFF2", "Excel 2.1"], ["BIFF2", "Excel 2.1"]),
    "sylk.xls": (SYLK.encode(), ["SYLK", "lưu thành .xlsx"], ["SYLK", "save it as .xlsx"]),
    "dif.xls": (DIF.encode(), ["DIF", "lưu thành .xlsx"], ["DIF", "save it as .xlsx"]),
    "flat.ods": (FODS.encode(), [".fods", "lưu thành .ods"], [".fods", "save it as .ods"]),
    "unicode.xls": (UNICODE_TEXT.encode("utf-16-le"), ["Văn bản Unicode", "lưu thành .xlsx"],
                    ["Unicode Text", "save it as .xlsx"]),
    "password-xor.xls": (lambda p: cfb(p, {"Workbook": xls_stream(
        {"S": [["x"]]}, after_bof=filepass("XOR"))}), ["bảo vệ bằng mật khẩu"],
        ["password-protected"]),
    "password-rc4.xls": (lambda p: cfb(p, {"Workbook": xls_stream(
        {"S": [["x"]]}, after_bof=filepass("RC4"))}), ["bảo vệ bằng mật khẩu"],
        ["password-protected"]),
    "password-cryptoapi.xlsx": (lambda p: cfb(p, {"Workbook": xls_stream(
        {"S": [["x"]]}, after_bof=filepass("CryptoAPI"))}), ["bảo vệ bằng mật khẩu"],
        ["password-protected"]),
    "macros.xlsm": (lambda p: macro_xlsm(p, where="folder"), ["Excel 4.0", "mã độc"],
                    ["Excel 4.0", "malware", "save it as .xlsx"]),
    "macros-elsewhere.xlsx": (lambda p: macro_xlsm(p, where="relationship"), ["Excel 4.0"],
                              ["Excel 4.0", "malware"]),
    "~$Báo cáo.xlsx": (lock_file(), ["tệp khóa", "gửi chính tệp bảng tính"],
                       ["lock file", "send the workbook itself"]),
    "~$tiny.xls": (b"\x03abc", ["tệp khóa"], ["lock file"]),
    "word.xls": (lambda p: cfb(p, {"WordDocument": b"\xec\xa5" + bytes(100)}), ["Word"],
                 ["Word", "send the workbook itself"]),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_check_says_what_the_file_really_is(tmp_path: Path, name: str) -> None:
    content, vi, en = REFUSED[name]
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        content(path)
    for lang, words in (("vi", vi), ("en", en)):
        result = ktt("check", path, "--lang", lang, *TODAY)
        assert result.exit_code == 2, result.output
        (line,) = [x for x in result.stderr.splitlines() if name in x]  # one line: file, reason
        missing = [w for w in words if w not in line]
        assert not missing, line


def test_refused_kinds_keep_their_reasons(tmp_path: Path) -> None:
    """The reasons the guard gives, as :func:`inspect` raises them."""
    cases = {
        "a.xls": (old_biff(0x0009), "old-excel", {"biff": "2", "excel": "2.1"}),
        "b.xlsx": (SPREADSHEETML.encode(), "spreadsheetml", {}),
        "c.xlsx": (b'<?xml version="1.0"?><data/>', "xml", {}),
        "d.xlsx": (b"<html><table></table></html>", "html", {}),
        "e.xlsx": (b"A,B\n1,2\n", "text", {}),
        "~$f.xlsx": (lock_file(), "lock-file", {}),
    }
    for name, (data, reason, params) in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(Refused) as refused:
            inspect(tmp_path / name, Limits())
        assert (refused.value.reason, refused.value.params) == (reason, params), name


# --------------------------------------------------------------------------- ktt check: renamed


RENAMED = [
    ("xlsx", ".ods"), ("xlsx", ".xls"),
    ("ods", ".xlsx"), ("ods", ".xls"),
    ("xls", ".xlsx"), ("xls", ".ods"), ("xls", ".xlsm"),
]  # fmt: skip


def _without_names(report: dict[str, Any]) -> dict[str, Any]:
    """A JSON report with the file's name left out, and the renamed warning."""
    text = json.dumps(report, ensure_ascii=False)
    for file in report.get("files", []):
        name = file["path"] if isinstance(file, dict) else file
        text = text.replace(json.dumps(name, ensure_ascii=False)[1:-1], "FILE")
    out = json.loads(text)
    for file in out.get("files", []):
        if isinstance(file, dict):
            file["warnings"] = [w for w in file["warnings"] if w["code"] != "renamed-workbook"]
    return dict(out)


@pytest.mark.parametrize(("kind", "suffix"), RENAMED)
@pytest.mark.parametrize("rows", [VALID, INVALID], ids=["valid", "invalid"])
def test_a_renamed_workbook_is_read_for_what_it_is(
    tmp_path: Path, kind: str, suffix: str, rows: list[dict[str, Any]]
) -> None:
    right = WRITERS[kind](tmp_path / f"census.{kind}", census_grid(rows))
    wrong = tmp_path / f"renamed{suffix}"
    shutil.copyfile(right, wrong)
    assert inspect(wrong, Limits()) == kind
    code = 0 if rows is VALID else 1
    said = {}
    for path in (right, wrong):
        result = ktt("check", path, "--format", "json", *TODAY)
        assert result.exit_code == code, result.output
        said[path] = json.loads(result.stdout)
    (warning,) = [w for w in said[wrong]["files"][0]["warnings"] if w["code"] == "renamed-workbook"]
    assert warning["severity"] == "warning" and warning["cell"] is None
    assert warning["message"] == (
        f"Tệp mang đuôi «{suffix}» nhưng thực ra là bảng tính .{kind}; đã đọc như bảng tính "
        f".{kind}, nên đổi đuôi tệp thành .{kind}"
    )
    assert not any(w["code"] == "renamed-workbook" for w in said[right]["files"][0]["warnings"])
    assert said[wrong]["files"][0]["organizations"] == len(rows) - (rows is INVALID)
    assert _without_names(said[wrong]) == _without_names(said[right])
    gaps = [ktt("gap", p, "--format", "json", "--skip-invalid", *TODAY) for p in (right, wrong)]
    assert [g.exit_code for g in gaps] == [0, 0], gaps[1].output
    assert json.loads(gaps[1].stdout)["organizations"] == len(VALID)  # the valid rows, counted
    assert _without_names(json.loads(gaps[1].stdout)) == _without_names(json.loads(gaps[0].stdout))


def test_renamed_warning_in_english(tmp_path: Path) -> None:
    path = write_grid_xlsx(tmp_path / "census.xls", census_grid(VALID))
    result = ktt("check", path, "--lang", "en", *TODAY)
    assert result.exit_code == 0, result.output
    assert "Wrong file suffix" in result.stdout  # the finding's title
    assert "named «.xls» but is really an .xlsx workbook" in " ".join(result.stdout.split())


def test_the_three_formats_read_alike(tmp_path: Path) -> None:
    """The writers of this file write the same census: the renamed cases compare like with
    like, and each format's reader is exercised."""
    grid = census_grid(INVALID)
    read = {k: read_workbook(w(tmp_path / f"c.{k}", grid)) for k, w in WRITERS.items()}
    cells = {k: [s.rows for s in sheets] for k, sheets in read.items()}
    assert cells["xls"] == cells["xlsx"] == cells["ods"]
    assert [s.name for s in read["xls"]] == list(grid)
    assert {k: (s.kind, s.renamed) for k, s in read.items()} == {
        "xlsx": ("xlsx", None), "ods": ("ods", None), "xls": ("xls", None)
    }  # fmt: skip


def test_a_renamed_xlsx_still_finds_formulas_without_a_value(tmp_path: Path) -> None:
    rows = f'<row r="1"><c r="A1"><f>1+1</f></c>{text_cell("B1", "x")}</row>'
    from hostile import write_xlsx

    path = write_xlsx(tmp_path / "formula.ods", {"Danh sách": sheet_xml(rows)})
    (sheet,) = read_workbook(path)
    assert sheet.unsaved_formulas == {(0, 0)}  # A1, though calamine reads from B1
