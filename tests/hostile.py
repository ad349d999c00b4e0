"""A corpus of hostile and broken inputs, made on the fly (no binary file is committed).

``build_corpus(folder)`` writes every case into ``folder`` and returns the cases: what
to run (``ktt`` arguments), the exit code expected, and words the output must hold (the
file's name and the reason, in Vietnamese unless the case asks for English). Workbooks
whose bytes matter are written by hand: a raw zip writer sets any declared size, CRC
and compression, so an archive can lie; an OLE2 (CFB) writer makes the container Excel
uses for a password-protected workbook.
"""

from __future__ import annotations

import os
import random
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl

from ktt_indicators.read.extent import column_letters

from conftest import write_census

# --------------------------------------------------------------------------- raw zip


@dataclass
class Part:
    """One part of a hand-made zip: its name, its bytes as stored, and what is declared."""

    name: str
    stored: bytes
    size: int
    crc: int
    deflated: bool = True
    #: General-purpose flag bits (bit 0: encrypted, bit 6: strong encryption, bit 3: sizes
    #: in a data descriptor): both headers' or (local header's, central directory's).
    flags: int | tuple[int, int] = 0
    #: The name in the part's local header, when it is not the central directory's.
    local_name: str | None = None
    #: Compression methods declared (local, central), when they are not the data's.
    methods: tuple[int, int] | None = None


def part(name: str, data: bytes | str) -> Part:
    """A part stored honestly, deflated."""
    raw = data.encode() if isinstance(data, str) else data
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return Part(name, packer.compress(raw) + packer.flush(), len(raw), zlib.crc32(raw))


def write_zip(path: Path, parts: Sequence[Part]) -> Path:
    """A zip of ``parts`` with exactly the sizes and CRCs they declare."""
    path.write_bytes(zip_bytes(parts))
    return path


def zip_bytes(parts: Sequence[Part]) -> bytes:
    """The bytes of :func:`write_zip`'s zip."""
    out = bytearray()
    central = bytearray()
    for p in parts:
        name = p.name.encode()
        local = (p.name if p.local_name is None else p.local_name).encode()
        local_flags, flags = p.flags if isinstance(p.flags, tuple) else (p.flags, p.flags)
        local_method, method = p.methods or ((8, 8) if p.deflated else (0, 0))
        fields = (20, local_flags, local_method, 0, 0x21, p.crc, len(p.stored), p.size,
                  len(local), 0)  # fmt: skip
        offset = len(out)
        out += b"PK\x03\x04" + struct.pack("<HHHHHIIIHH", *fields) + local + p.stored
        central += (
            b"PK\x01\x02"
            + struct.pack(
                "<HHHHHHIIIHHHHHII",
                20,
                20,
                flags,
                method,
                0,
                0x21,
                p.crc,
                len(p.stored),
                p.size,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + name
        )
    end = struct.pack("<HHHHIIH", 0, 0, len(parts), len(parts), len(central), len(out), 0)
    return bytes(out + central + b"PK\x05\x06" + end)


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxml'
    'formats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/></Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
    'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.'
    'org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)


def workbook_parts(sheets: Sequence[str], *, shared: bool = False) -> list[Part]:
    """The parts every .xlsx has, naming ``sheets`` (their XML is added by the caller as
    ``xl/worksheets/sheet<N>.xml``)."""
    entries = "".join(
        f'<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(sheets, 1)
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"<sheets>{entries}</sheets></workbook>"
    )
    kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rels = "".join(
        f'<Relationship Id="rId{n}" Type="{kind}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    if shared:
        rels += f'<Relationship Id="rId99" Type="{kind}/sharedStrings" Target="sharedStrings.xml"/>'
    return [
        part("[Content_Types].xml", CONTENT_TYPES),
        part("_rels/.rels", ROOT_RELS),
        part("xl/workbook.xml", workbook),
        part(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            f'openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
        ),
    ]


def sheet_xml(rows: str, *, prolog: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{MAIN}">'
        f"<sheetData>{rows}</sheetData></worksheet>"
    )


def text_cell(ref: str, value: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def write_xlsx(path: Path, sheets: dict[str, str], extra: Sequence[Part] = ()) -> Path:
    """An .xlsx of sheets given as their XML, by name."""
    parts = workbook_parts(list(sheets), shared=any(p.name.endswith("sharedStrings.xml")
                                                    for p in extra))  # fmt: skip
    parts += [part(f"xl/worksheets/sheet{n}.xml", xml) for n, xml in enumerate(sheets.values(), 1)]
    return write_zip(path, [*parts, *extra])


# --------------------------------------------------------------------------- bombs


def _gf2_times(matrix: list[int], vector: int) -> int:
    total, i = 0, 0
    while vector:
        if vector & 1:
            total ^= matrix[i]
        vector >>= 1
        i += 1
    return total


def crc32_combine(crc1: int, crc2: int, len2: int) -> int:
    """The CRC-32 of A+B from those of A and B (zlib's crc32_combine)."""
    if len2 <= 0:
        return crc1
    odd = [0xEDB88320] + [1 << n for n in range(31)]
    even = [_gf2_times(odd, odd[n]) for n in range(32)]
    odd = [_gf2_times(even, even[n]) for n in range(32)]
    while True:
        even = [_gf2_times(odd, odd[n]) for n in range(32)]
        if len2 & 1:
            crc1 = _gf2_times(even, crc1)
        len2 >>= 1
        if not len2:
            break
        odd = [_gf2_times(even, even[n]) for n in range(32)]
        if len2 & 1:
            crc1 = _gf2_times(odd, crc1)
        len2 >>= 1
        if not len2:
            break
    return crc1 ^ crc2


def repeated_part(name: str, head: bytes, unit: bytes, times: int, tail: bytes) -> Part:
    """A part of ``head + unit * times + tail``, deflated without ever holding it: ``unit``
    is compressed once after a full flush (no reference reaches back past it), so its bytes
    can be repeated. A few megabytes inflate to gigabytes."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(unit) + packer.flush(zlib.Z_FULL_FLUSH)
    last = packer.compress(tail) + packer.flush()
    crc_unit, crc = zlib.crc32(unit), zlib.crc32(head)
    doubled, n, size = crc_unit, times, len(unit)
    while n:  # the CRC of unit * times by doubling
        if n & 1:
            crc = crc32_combine(crc, doubled, size)
        doubled, size, n = crc32_combine(doubled, doubled, size), size * 2, n >> 1
    crc = crc32_combine(crc, zlib.crc32(tail), len(tail))
    stored = first + block * times + last
    return Part(name, stored, len(head) + len(unit) * times + len(tail), crc)


def zip_bomb(path: Path, *, declared: int | None = None) -> Path:
    """An .xlsx whose sheet inflates to about 3.9 GB (a few MB on disk). With ``declared``,
    the archive says the sheet is that many bytes: its headers lie."""
    row = text_cell("A1", "x" * 1000)
    unit = f"<row>{row}</row>".encode() * 1000  # about 1 MB
    head = sheet_xml("")[: -len("</sheetData></worksheet>")].encode()
    bomb = repeated_part("xl/worksheets/sheet1.xml", head, unit, 3700, b"</sheetData></worksheet>")
    if declared is not None:
        bomb.size = declared
    return write_zip(path, [*workbook_parts(["Danh sách"]), bomb])


LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10)
    )
    + "]>"
)
EXTERNAL = '<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'


def entity_sheet(path: Path, prolog: str, entity: str) -> Path:
    rows = f'<row r="1">{text_cell("A1", entity)}</row>'
    return write_xlsx(path, {"Danh sách": sheet_xml(rows, prolog=prolog)})


def entity_shared_strings(path: Path, prolog: str, entity: str) -> Path:
    shared = (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<sst xmlns="{MAIN}" count="1" '
        f'uniqueCount="1"><si><t>{entity}</t></si></sst>'
    )
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    return write_xlsx(path, {"Danh sách": sheet_xml(rows)}, [part("xl/sharedStrings.xml", shared)])


def corner(path: Path) -> Path:
    """Two cells, in A1 and XFD1048576: a grid of 17 billion cells in 2 kB."""
    first = "".join(text_cell(f"{col}1", "x") for col in ("A", "XFD"))
    last = text_cell("XFD1048576", "x")
    rows = f'<row r="1">{first}</row><row r="1048576">{last}</row>'
    return write_xlsx(path, {"Danh sách": sheet_xml(rows)})


# --------------------------------------------------------------------------- OLE2


def cfb(path: Path, streams: dict[str, bytes]) -> Path:
    """A minimal OLE2 compound file (512-byte sectors) holding ``streams`` (each padded to
    whole sectors, at least 4096 bytes so none lives in the mini stream)."""
    end, free, fat_sector, none = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    fat = [fat_sector, end]  # sector 0: the FAT; sector 1: the directory
    data = b""
    entries = []
    for name, content in streams.items():
        content = content.ljust(max(4096, -(-len(content) // 512) * 512), b"\0")
        start = len(fat)
        count = len(content) // 512
        fat += [start + k + 1 for k in range(count - 1)] + [end]
        entries.append((name, 2, start, len(content)))
        data += content
    fat += [free] * (128 - len(fat))
    assert len(fat) == 128 and len(streams) <= 3

    def entry(name: str, kind: int, start: int, size: int, child: int, right: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBBIII", len(encoded), kind, 1, none, right, child)
            + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
            + struct.pack("<IQ", start, size)
        )  # fmt: skip

    directory = entry("Root Entry", 5, end, 0, 1 if entries else none, none)
    for n, (name, kind, start, size) in enumerate(entries, 1):
        directory += entry(name, kind, start, size, none, n + 1 if n < len(entries) else none)
    directory = directory.ljust(512, b"\0")
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<I", 0) + struct.pack("<I", free) * 108
    )  # fmt: skip
    assert len(header) == 512
    path.write_bytes(header + struct.pack("<128I", *fat) + directory + data)
    return path


def encrypted_xlsx(path: Path) -> Path:
    """What Excel writes for a password-protected .xlsx: an OLE2 container with
    EncryptionInfo (agile encryption, version 4.4) and EncryptedPackage streams."""
    info = struct.pack("<HHI", 4, 4, 0x40) + b'<?xml version="1.0"?><encryption/>'
    package = struct.pack("<Q", 5000) + random.Random(5008).randbytes(5008)
    return cfb(path, {"EncryptionInfo": info, "EncryptedPackage": package})


# --------------------------------------------------------------------------- ODS


#: The namespaces of an OpenDocument spreadsheet's content.xml.
ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def ods(path: Path, table: str, name: str = "Danh sách") -> Path:
    ns = ODS_NS
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} '
        'office:version="1.2"><office:body><office:spreadsheet>'
        f'<table:table table:name="{name}">{table}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:'
        'names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry '
        'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.'
        'spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" '
        'manifest:media-type="text/xml"/></manifest:manifest>'
    )
    mimetype = b"application/vnd.oasis.opendocument.spreadsheet"
    stored = Part("mimetype", mimetype, len(mimetype), zlib.crc32(mimetype), deflated=False)
    return write_zip(path, [stored, part("META-INF/manifest.xml", manifest),
                            part("content.xml", content)])  # fmt: skip


ODS_VALUE = '<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p>'


# --------------------------------------------------------------------------- what fuzzing found
#
# One builder for each kind of failure a fuzzing campaign found: exceptions that escaped a
# reader, allocations that aborted or exhausted the process, and a search that did not end.


def _with_relationships(path: Path, change: Callable[[Part], None]) -> Path:
    """A one-row .xlsx whose workbook relationships part is changed by ``change``."""
    parts = workbook_parts(["Danh sách"])
    change(parts[3])
    rows = f'<row r="1">{text_cell("A1", "HTX")}</row>'
    return write_zip(path, [*parts, part("xl/worksheets/sheet1.xml", sheet_xml(rows))])


def local_name_mismatch(path: Path) -> Path:
    """The relationships part's local header names another part than the central directory."""

    def rename(p: Part) -> None:
        p.local_name = p.name.replace("workbook", "wORKBOOK")

    return _with_relationships(path, rename)


def strong_encryption(path: Path) -> Path:
    """The relationships part sets flag bit 6 ("strong encryption") and not bit 0."""

    def flag(p: Part) -> None:
        p.flags = 0x40

    return _with_relationships(path, flag)


def unknown_encoding(path: Path) -> Path:
    """The relationships part's XML declaration names an encoding no codec knows."""

    def declare(p: Part) -> None:
        raw = zlib.decompress(p.stored, -15).replace(b"UTF-8", b"x-no-such-encoding", 1)
        p.stored, p.size, p.crc = part(p.name, raw).stored, len(raw), zlib.crc32(raw)

    return _with_relationships(path, declare)


def xls_record_past_end(path: Path, kind: int, length: int, body: bytes) -> Path:
    """A valid .xls whose Workbook stream ends in a record of ``kind`` that declares
    ``length`` bytes but holds only ``body``: it runs past the stream."""
    from spreadsheets import biff8_workbook, compound_file

    stream = biff8_workbook({"Danh sách": [["HTX"], [1.0]]})[:-4]  # the last EOF dropped
    # A record no reader knows fills the stream up to whole sectors (the container pads
    # streams to 4,096 bytes): then the short record is the stream's very end.
    filler = 4096 - len(stream) - 4 - 4 - len(body)
    stream += struct.pack("<HH", 0x1234, filler) + b"\0" * filler
    return compound_file(path, {"Workbook": stream + struct.pack("<HH", kind, length) + body})


def shared_string_count(path: Path, count: int = 4_294_967_295) -> Path:
    """One shared string that says there are ``count`` of them (a 100 GB reservation)."""
    shared = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="{count}" '
        f'uniqueCount="{count}"><si><t>HTX</t></si></sst>'
    )
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    return write_xlsx(path, {"Danh sách": sheet_xml(rows)}, [part("xl/sharedStrings.xml", shared)])


def long_reference(path: Path, letters: int = 13) -> Path:
    """A cell in A1 and one whose reference has ``letters`` column letters (13:
    ``AAAAAAAAAAAAA1``, a column past 2^32 that a 32-bit reader wraps)."""
    rows = f'<row r="1">{text_cell("A1", "x")}{text_cell("A" * letters + "1", "x")}</row>'
    return write_xlsx(path, {"Danh sách": sheet_xml(rows)})


def one_part_many_sheets(
    path: Path, times: int = 1000, rows: int = 2000, encoding: str = "UTF-8"
) -> Path:
    """One worksheet part (``rows`` × 10 numbers) that workbook.xml lists ``times`` times;
    workbook.xml declares ``encoding`` (calamine reads it as UTF-8 whatever it says)."""
    data = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>{r}</v></c>' for c in "ABCDEFGHIJ") + "</row>"
        for r in range(1, rows + 1)
    )
    parts = workbook_parts([f"Trang {n}" for n in range(1, times + 1)])
    workbook = zlib.decompress(parts[2].stored, -15).decode()
    parts[2] = part(parts[2].name, workbook.replace('"UTF-8"', f'"{encoding}"', 1))
    rels = zlib.decompress(parts[3].stored, -15).decode()
    rels = re.sub(r"worksheets/sheet\d+\.xml", "worksheets/sheet1.xml", rels)
    parts[3] = part(parts[3].name, rels)
    return write_zip(path, [*parts, part("xl/worksheets/sheet1.xml", sheet_xml(data))])


def ods_dense(path: Path, text: str = "") -> Path:
    """One .ods row repeated 1,048,575 times, of 32 repeated cells holding 1 (or ``text``):
    within the cell limit as a grid, but each cell a value the reader makes."""
    value = (
        f'office:value-type="string"><text:p>{text}</text:p></table:table-cell>'
        if text
        else 'office:value-type="float" office:value="1"/>'
    )
    row = (
        '<table:table-row table:number-rows-repeated="1048575">'
        f'<table:table-cell table:number-columns-repeated="32" {value}</table:table-row>'
    )
    return ods(path, row)


def shared_text_bomb(path: Path, cells: int = 50_000, length: int = 32_767) -> Path:
    """``cells`` cells (rows of 20) all pointing at one shared string of ``length`` characters."""
    shared = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="{cells}" '
        f'uniqueCount="1"><si><t>{"x" * length}</t></si></sst>'
    )
    columns = "ABCDEFGHIJKLMNOPQRST"
    rows = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{c}{r}" t="s"><v>0</v></c>' for c in columns) + "</row>"
        for r in range(1, cells // len(columns) + 1)
    )
    return write_xlsx(path, {"Danh sách": sheet_xml(rows)}, [part("xl/sharedStrings.xml", shared)])


def many_merges(path: Path, merges: int = 3000) -> Path:
    """A sheet ``merges`` columns wide whose every column is merged down rows 1 to 31 (some
    17 KB): every candidate header row lies under ``merges`` merged ranges."""
    last = column_letters(merges)
    rows = (
        f'<row r="1">{text_cell("A1", "HTX")}{text_cell(f"{last}1", "x")}</row>'
        f'<row r="31">{text_cell("A31", "HTX")}</row>'
    )
    ranges = "".join(
        f'<mergeCell ref="{column_letters(n)}1:{column_letters(n)}31"/>'
        for n in range(1, merges + 1)
    )
    xml = sheet_xml(rows).replace(
        "</worksheet>", f'<mergeCells count="{merges}">{ranges}</mergeCells></worksheet>'
    )
    return write_xlsx(path, {"Danh sách": xml})


def far_cells(path: Path) -> Path:
    """A census, and a notes sheet whose only ten cells are FOO100000 to FOX100000: a grid
    of ten cells, 446 million from A1."""
    hand_census(path)
    with zipfile.ZipFile(path) as archive:
        parts = [part(i.filename, archive.read(i)) for i in archive.infolist()]
    notes = "".join(text_cell(f"FO{letter}100000", "x") for letter in "OPQRSTUVWX")
    sheets = ["Thông tin chung", "Danh sách tổ chức", "Ghi chú"]
    heads = workbook_parts(sheets)
    kept = [p for p in parts if p.name.startswith("xl/worksheets/")]
    third = part("xl/worksheets/sheet3.xml", sheet_xml(f'<row r="100000">{notes}</row>'))
    return write_zip(path, [*heads, *kept, third])


# --------------------------------------------------------------------------- censuses

#: A small valid census, and rows that make it invalid.
ROWS: list[dict[str, Any]] = [{"ten": "HTX Một"}, {"ten": "HTX Hai", "so_thanh_vien": 25}]
BAD_ROW: dict[str, Any] = {"ten": "HTX Sai", "so_thanh_vien": "mười"}


def census(path: Path, rows: Sequence[dict[str, Any]] = ROWS, **kwargs: Any) -> Path:
    return write_census(path, rows, **kwargs)


def census_with(path: Path, rows: Sequence[dict[str, Any]], extra: Callable[[Any], None]) -> Path:
    """A census written by openpyxl, then changed on its list sheet by ``extra(sheet)``."""
    write_census(path, rows)
    wb = openpyxl.load_workbook(path)
    extra(wb["Danh sách tổ chức"])
    wb.save(path)
    return path


def stray_cell(row: int, column: int = 1, value: str = "Hết") -> Callable[[Any], None]:
    def put(ws: Any) -> None:
        ws.cell(row=row, column=column, value=value)

    return put


GROUP = {"ten": "THT Một", "loai_hinh": "THT", "xa_phuong": "Xã A", "linh_vuc": "Nông nghiệp",
         "tinh_trang": "Đang hoạt động", "so_thanh_vien": "10"}  # fmt: skip


def hand_census(path: Path, rows: Sequence[dict[str, str]] = (GROUP,), last_ref: str = "") -> Path:
    """A census written by hand as XML (fast at any size, and any text goes in as it is):
    the information sheet, the required columns and ``rows`` as text, then one stray cell
    at ``last_ref``, with every row between empty."""
    from ktt_indicators.census.schema import COLUMNS_BY_KEY

    from conftest import INFO_LABELS

    info = {"don_vi_bao_cao": "UBND xã Thử Nghiệm", "nam_bao_cao": "2025"}
    info_rows = "".join(
        f'<row r="{n}">{text_cell(f"A{n}", INFO_LABELS[k])}{text_cell(f"B{n}", v)}</row>'
        for n, (k, v) in enumerate(info.items(), 1)
    )
    header = "".join(text_cell(f"{'ABCDEF'[j]}1", COLUMNS_BY_KEY[k].header)
                     for j, k in enumerate(GROUP))  # fmt: skip
    xml = f'<row r="1">{header}</row>'
    for n, row in enumerate(rows, 2):
        cells = "".join(text_cell(f"{'ABCDEF'[j]}{n}", row.get(k, GROUP[k]))
                        for j, k in enumerate(GROUP))  # fmt: skip
        xml += f'<row r="{n}">{cells}</row>'
    if last_ref:
        digits = "".join(ch for ch in last_ref if ch.isdigit())
        xml += f'<row r="{digits}">{text_cell(last_ref, "Hết")}</row>'
    return write_xlsx(path, {"Thông tin chung": sheet_xml(info_rows),
                             "Danh sách tổ chức": sheet_xml(xml)})  # fmt: skip


def sparse_census(path: Path, last_ref: str) -> Path:
    """One cooperative group, and a stray cell at ``last_ref``."""
    return hand_census(path, last_ref=last_ref)


# --------------------------------------------------------------------------- targets

TARGET = """\
plan: {id: thu-nghiem, title: Thử nghiệm}
targets:
  - id: htx_count_2030
    year: 2030
    title: Số hợp tác xã
    comparison: at_least
    value: 400
    measure: {count: {loai_hinh: HTX}}
    source: {document: Kế hoạch thử nghiệm}
"""


def alias_bomb() -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 10)]
    return "\n".join(lines) + "\n" + TARGET


# --------------------------------------------------------------------------- the corpus


@dataclass
class Case:
    """One hostile input and what ``ktt`` must do with it."""

    name: str
    args: list[str]
    code: int
    #: Words the output (stdout + stderr) must hold: typically the file name and the reason.
    says: list[str] = field(default_factory=list)
    #: Why the case is skipped here, if it is.
    skip: str | None = None
    env: dict[str, str] = field(default_factory=dict)
    #: Run as this user id (the corpus folder is the working folder, entered before).
    user: int | None = None


#: The user id of "nobody", for the unreadable-file case when the tests run as root.
NOBODY = 65534


def build_corpus(folder: Path) -> list[Case]:
    """Write every case into ``folder``; return the cases in a fixed order."""
    folder.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []
    unreadable = "Không đọc được tệp như một bảng tính"

    def check(name: str, code: int, *says: str, args: Sequence[str] = (), **kw: Any) -> None:
        words = [name, *says] if code == 2 else [*says]
        cases.append(Case(name, ["check", *args, name], code, words, **kw))

    (folder / "empty.xlsx").write_bytes(b"")
    check("empty.xlsx", 2, unreadable, "tệp rỗng")
    whole = census(folder / "whole.xlsx").read_bytes()
    (folder / "truncated.xlsx").write_bytes(whole[: len(whole) // 2])
    (folder / "whole.xlsx").unlink()
    check("truncated.xlsx", 2, "bị cắt cụt")
    (folder / "document.xlsx").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n%%EOF\n")
    check("document.xlsx", 2, "tài liệu PDF")
    (folder / "export.xlsx").write_text("Tên tổ chức,Loại hình\nHTX Một,HTX\n", encoding="utf-8")
    check("export.xlsx", 2, "tệp văn bản (có thể là CSV)")
    (folder / "page.xlsx").write_text(
        "<!DOCTYPE html><html><body><table><tr><td>HTX</td></tr></table></body></html>"
    )
    check("page.xlsx", 2, "trang web (HTML)")
    (folder / "page.xls").write_text("<html><table><tr><td>HTX</td></tr></table></html>")
    check("page.xls", 2, "trang web (HTML)")
    encrypted_xlsx(folder / "password.xlsx")
    check("password.xlsx", 2, "bảo vệ bằng mật khẩu")
    check("password.xlsx", 2, "password-protected", args=["--lang", "en"])
    cfb(folder / "old-excel.xlsx", {"Workbook": b"\x09\x08" + b"\0" * 100})
    check("old-excel.xlsx", 2, "Excel 97-2003")
    cfb(folder / "garbage.xls", {"Workbook": b"\x09\x08" + random.Random(300).randbytes(300)})
    check("garbage.xls", 2, "bị hỏng")
    write_zip(folder / "binary.xlsb", [part("xl/workbook.bin", b"\x83\x01\x00")])
    check("binary.xlsb", 2, ".xlsb")
    write_zip(folder / "word.xlsx", [part("word/document.xml", "<w:document/>")])
    check("word.xlsx", 2, "không chứa bảng tính")

    write_xlsx(folder / "no-sheets.xlsx", {})
    check("no-sheets.xlsx", 1, "no-sheets.xlsx", "no-list-sheet")
    header = "".join(text_cell(f"{c}1", h) for c, h in zip("ABC", ["Tên tổ chức", "Loại hình",
                     "Tình trạng hoạt động"], strict=True))  # fmt: skip
    write_xlsx(folder / "header-only.xlsx", {"Danh sách": sheet_xml(f'<row r="1">{header}</row>')})
    check("header-only.xlsx", 1, "header-only.xlsx", "missing-report-year")
    census_with(folder / "columns-16384.xlsx", [*ROWS, BAD_ROW], stray_cell(1, 16384, "Cột lạ"))
    check("columns-16384.xlsx", 1, "XFD1", "unknown-column", "wrong-type")
    sparse_census(folder / "columns-16385.xlsx", "XFE2")
    check("columns-16385.xlsx", 2, "XFE (16385)", "--max-columns")
    corner(folder / "corner.xlsx")
    check("corner.xlsx", 2, "1048576 dòng × 16384 cột", "--max-cells")
    sparse_census(folder / "rows-1048576.xlsx", "A1048576")
    check("rows-1048576.xlsx", 1, "rows-1048576.xlsx", "B1048576", "missing-value")
    sparse_census(folder / "rows-1048577.xlsx", "A1048577")
    check("rows-1048577.xlsx", 2, "1048577", "--max-rows")
    sparse_census(folder / "rows-2000.xlsx", "A2000")
    check("rows-2000.xlsx", 2, "2000", "1000 dòng", "--max-rows", args=["--max-rows", "1000"])
    cases.append(Case("rows-2000.xlsx (KTT_MAX_ROWS)", ["check", "rows-2000.xlsx", "--lang",
                      "en"], 2, ["rows-2000.xlsx", "above the limit of 1999 rows"],
                      env={"KTT_MAX_ROWS": "1999"}))  # fmt: skip
    cells = "".join(f"<c><v>{n}</v></c>" for n in range(20_000))
    write_xlsx(folder / "no-references.xlsx", {"Danh sách": sheet_xml(f"<row>{cells}</row>")})
    check("no-references.xlsx", 2, "cột XFE (16385)", "--max-columns")

    zip_bomb(folder / "bomb.xlsx")
    check("bomb.xlsx", 2, "1024 MB", "--max-uncompressed-mb")
    zip_bomb(folder / "bomb-lying.xlsx", declared=50_000)
    check("bomb-lying.xlsx", 2, "không khớp với dữ liệu")
    ratio = write_xlsx(folder / "bomb-ratio.xlsx", {"Danh sách": sheet_xml("")})
    raw = bytearray(ratio.read_bytes())
    at = raw.rfind(b"PK\x01\x02")  # the last part's central entry: the sheet; claim 900 MB
    raw[at + 24 : at + 28] = struct.pack("<I", 900 * 1024 * 1024)
    ratio.write_bytes(bytes(raw))
    check("bomb-ratio.xlsx", 2, "không khớp với dữ liệu")
    census(folder / "big.xlsx", [{"ten": f"HTX {n} " + "x" * 400} for n in range(3000)])
    check("big.xlsx", 2, "1 MB", args=["--max-uncompressed-mb", "1"])

    entity_sheet(folder / "laughs-sheet.xlsx", LAUGHS, "&lol9;")
    check("laughs-sheet.xlsx", 2, "DTD", "xl/worksheets/sheet1.xml")
    entity_shared_strings(folder / "laughs-shared.xlsx", LAUGHS, "&lol9;")
    check("laughs-shared.xlsx", 2, "DTD", "xl/sharedStrings.xml")
    entity_sheet(folder / "external-sheet.xlsx", EXTERNAL, "&secret;")
    check("external-sheet.xlsx", 2, "DTD")
    entity_shared_strings(folder / "external-shared.xlsx", EXTERNAL, "&secret;")
    check("external-shared.xlsx", 2, "DTD")

    ods(folder / "bomb.ods", '<table:table-row table:number-rows-repeated="1048576">'
        '<table:table-cell table:number-columns-repeated="16384" office:value-type="float" '
        'office:value="1"/></table:table-row>')  # fmt: skip
    check("bomb.ods", 2, "--max-cells")
    ods(folder / "trailing.ods", f"<table:table-row>{ODS_VALUE}</table:table-cell>"
        '<table:table-cell table:number-columns-repeated="16383"/></table:table-row>'
        '<table:table-row table:number-rows-repeated="1048575">'
        '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>')  # fmt: skip
    check("trailing.ods", 1, "no-list-sheet")

    long = "x" * 32_767
    census(folder / "cells-32767.xlsx", [{"ten": long}, {"ten": "HTX", "so_thanh_vien": "1" *
           32_767}, {"ten": "HTX", "linh_vuc": long}, {"ten": "HTX", "ngay_thanh_lap": long}],
           headers=["ten", "loai_hinh", "ma_so", "xa_phuong", "quan_huyen", "linh_vuc",
                    "tinh_trang", "so_thanh_vien", "ngay_thanh_lap"])  # fmt: skip
    check("cells-32767.xlsx", 1, "wrong-type", "not-in-list")
    hand_census(folder / "control-chars.xlsx", [
        {"ten": "THT _x0007_chuông_x0000_ \t tab \x01\x02 _x001B_[31m đỏ"},
        {"ten": "THT Hai", "so_thanh_vien": "mười\x07\x08", "linh_vuc": "Nông\x07trại\x1f"},
    ])  # fmt: skip
    check("control-chars.xlsx", 1, "control-chars.xlsx", "wrong-type", "not-in-list")
    junit = ["check", "control-chars.xlsx", "--format", "junit", "-o", "../control-chars.xml"]
    cases.append(Case("control-chars.xlsx (junit)", junit, 1, ["control-chars.xml"]))
    census(folder / "rtl-emoji.xlsx", [{"ten": "HTX 🌾 Lúa gạo 👨‍👩‍👧"}, {"ten": "מושב שיתופי"},
           {"ten": "تعاونية \u202eevil\u202c"}, {**BAD_ROW, "ten": "🏳️‍🌈"}])  # fmt: skip
    check("rtl-emoji.xlsx", 1, "rtl-emoji.xlsx", "wrong-type")

    (folder / "folder.xlsx").mkdir()  # a folder, whatever its name: the spreadsheets in it
    check("folder.xlsx", 2, "Không có bảng tính nào trong folder.xlsx")
    loop = folder / "loop.xlsx"
    loop.symlink_to(loop.name)
    check("loop.xlsx", 2, "vòng liên kết")
    (folder / "dangling.xlsx").symlink_to("nowhere.xlsx")
    check("dangling.xlsx", 2, "liên kết tượng trưng trỏ tới")
    os.mkfifo(folder / "pipe.xlsx")
    check("pipe.xlsx", 2, "không phải là tệp thông thường")
    locked = census(folder / "locked.xlsx")
    locked.chmod(0)
    # chmod 000 does not stop root from reading: as root, the case runs as "nobody"
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    check("locked.xlsx", 2, "không có quyền đọc", user=NOBODY if root else None)
    named = census(folder / "Báo cáo quận Ninh Kiều (bản cuối).xlsx")
    check(named.name, 0, "hợp lệ")
    census(folder / "-bao-cao.xlsx", [*ROWS, BAD_ROW])
    cases.append(Case("-bao-cao.xlsx (no --)", ["check", "-bao-cao.xlsx"], 2,
                      ["-bao-cao.xlsx", "dấu gạch ngang", "./-bao-cao.xlsx"]))  # fmt: skip
    cases.append(Case("-bao-cao.xlsx (after --)", ["check", "--", "-bao-cao.xlsx"], 1,
                      ["không hợp lệ", "wrong-type"]))  # fmt: skip

    def targets(name: str, text: str, *says: str) -> None:
        (folder / name).write_text(text, encoding="utf-8")
        cases.append(Case(name, ["targets", "--targets", name], 2, [name, *says]))

    targets("alias-bomb.yaml", alias_bomb(), "100000 giá trị")
    targets("nested.yaml", "a: " + "[" * 100_000 + "]" * 100_000 + "\n" + TARGET, "64 cấp")
    targets("recursive.yaml", "a: &a [*a]\n" + TARGET, "*a")
    targets("python-object.yaml", "plan: !!python/object/apply:os.system [echo owned]\n"
            + TARGET.split("\n", 1)[1], "python/object")  # fmt: skip
    targets("wrong-type.yaml", TARGET.replace("year: 2030", "year: [2030]"), "year",
            "số nguyên")  # fmt: skip
    extra = TARGET.replace("    year: 2030", "    year: 2030\n    yaer: 2030")
    targets("unknown-key.yaml", extra, "khóa «yaer» không có", "có lẽ là «year»")
    (folder / "locked.yaml").write_text(TARGET, encoding="utf-8")
    (folder / "locked.yaml").chmod(0)
    says = ["locked.yaml", "không có quyền đọc"]
    user = NOBODY if root else None
    cases.append(Case("locked.yaml", ["targets", "--targets", "locked.yaml"], 2, says, user=user))

    cases.append(Case("gap bomb.xlsx", ["gap", "bomb.xlsx"], 2,
                      ["bomb.xlsx", "--max-uncompressed-mb"]))  # fmt: skip

    submissions = folder / "nop-bao-cao"
    submissions.mkdir()
    for name in ("empty.xlsx", "truncated.xlsx", "password.xlsx", "bomb.xlsx", "corner.xlsx",
                 "laughs-shared.xlsx", "cells-32767.xlsx", named.name):  # fmt: skip
        (submissions / name).write_bytes((folder / name).read_bytes())
    cases.append(Case("batch nop-bao-cao/", ["batch", "nop-bao-cao", "-o", "bao-cao"], 1,
                      ["8 tệp, 1 hợp lệ, 7 có lỗi"]))  # fmt: skip
    return cases
