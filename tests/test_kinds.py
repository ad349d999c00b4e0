"""What a file really is (issue 13, item 3): :mod:`ktt_indicators.kinds` on bytes made here.
No binary file is committed: every file is built here.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from hostile import CONTENT_TYPES, MAIN, ROOT_RELS, cfb, part, sheet_xml, text_cell, write_zip
from ktt_indicators import kinds

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
    assert kinds.zip_kind(["content.xml", "META-INF/manifest.xml"]) == "ods"
    odt = b"application/vnd.oasis.opendocument.text"
    assert kinds.zip_kind(["mimetype", "content.xml"], odt) == "not-a-workbook"
    assert kinds.zip_kind(["word/document.xml"]) == "not-a-workbook"
    assert kinds.zip_kind(["xl/workbook.bin"]) == "xlsb"
    assert kinds.zip_kind([*xlsx, "xl/macrosheets/sheet2.xml"]) == "xlm-macros"
    rels = b'<Relationship Id="rId2" Type="http://schemas.microsoft.com/office/2006/relation'
    assert kinds.has_macrosheet(rels + b'ships/xlMacrosheet" Target="x.xml"/>')
    assert kinds.has_macrosheet(rels + b'ships/xlIntlMacrosheet" Target="x.xml"/>')
    assert not kinds.has_macrosheet(rels + b'ships/worksheet" Target="x.xml"/>')


def cfb_bytes(tmp_path: Path, streams: dict[str, bytes]) -> kinds.ReadAt:
    data = cfb(tmp_path / "c.bin", streams).read_bytes()
    return lambda offset, size: data[offset : offset + size]


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
    assert kinds.cfb_kind(cfb_bytes(tmp_path, streams)) == kind


def test_cfb_streams_lists_the_top_streams(tmp_path: Path) -> None:
    read = cfb_bytes(tmp_path, {"Workbook": bytes(5000), "SummaryInformation": bytes(10)})
    streams = kinds.cfb_streams(read)
    assert sorted(streams) == ["SummaryInformation", "Workbook"]
    assert streams["Workbook"][1] == 5120  # padded by the writer to whole sectors
    with pytest.raises(ValueError):
        kinds.cfb_streams(lambda offset, size: b"\xd0\xcf\x11\xe0" * 200)
    assert kinds.cfb_kind(lambda offset, size: (kinds.CFB_SIGNATURE + bytes(504))[offset:]) == "cfb"


@pytest.mark.parametrize(
    ("method", "said"), [("XOR", "XOR"), ("RC4", "RC4"), ("CryptoAPI", "RC4 CryptoAPI")]
)
def test_xls_encryption_names_the_method(method: str, said: str) -> None:
    stream = xls_stream({"S": [["HTX"]]}, after_bof=filepass(method))
    assert kinds.xls_encryption(stream) == said
    assert kinds.xls_encryption(xls_stream({"S": [["HTX"]]})) is None
