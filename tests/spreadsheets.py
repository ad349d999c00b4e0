"""Spreadsheets a person may send, made on the fly: no binary file is committed.

Each builder is a pure function that writes one file into a folder and returns its path.
The bytes are built here: a BIFF8 writer (:func:`biff8_workbook`) inside an OLE2 writer
(:func:`compound_file`, any number of streams and FAT sectors) makes real .xls files,
valid or broken on purpose; the raw zip writer of :mod:`hostile` makes .xlsx/.ods files
whose part names, namespaces and attributes Excel, LibreOffice or Gnumeric would write;
and a few other formats (SYLK, DIF, SpreadsheetML, BIFF2-5, flat ODS, Unicode text) are
written as those programs write them.

What a broken file does to python-calamine 0.9.1 (measured on its own, in a subprocess
under ``ulimit -v`` and ``timeout``) is said in each builder's docstring.
"""

from __future__ import annotations

import random
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from hostile import Part, part, write_zip

from conftest import DEFAULT_INFO, INFO_LABELS, census_keys, complete_rows

# --------------------------------------------------------------------------- OLE2 (CFB)

END_OF_CHAIN, FREE_SECT, FAT_SECT = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
NO_STREAM = 0xFFFFFFFF
CFB_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


@dataclass
class CompoundLayout:
    """Where :func:`compound_file` put things, so that a builder can break them."""

    fat_sectors: list[int]
    directory_sector: int
    #: Stream name → (first sector, number of sectors).
    streams: dict[str, tuple[int, int]]

    @staticmethod
    def offset(sector: int) -> int:
        """The file offset of a sector (512-byte sectors, after the 512-byte header)."""
        return 512 + sector * 512


def _directory_entry(name: str, kind: int, start: int, size: int, right: int, child: int) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBBIII", len(encoded), kind, 1, NO_STREAM, right, child)
        + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
        + struct.pack("<IQ", start, size)
    )  # fmt: skip


def compound_bytes(streams: dict[str, bytes]) -> tuple[bytes, CompoundLayout]:
    """An OLE2 compound file (version 3, 512-byte sectors) holding ``streams``, and where
    each thing lies. Every stream is padded to whole sectors and at least 4096 bytes (the
    mini-stream cutoff), so none lives in the mini stream; its declared size is the padded
    size. The FAT takes as many sectors as needed (up to the 109 the header lists)."""
    padded = {n: s.ljust(max(4096, -(-len(s) // 512) * 512), b"\0") for n, s in streams.items()}
    data_sectors = sum(len(s) // 512 for s in padded.values())
    dir_sectors = -(-(len(streams) + 1) // 4)
    fat_count = 1
    while fat_count * 128 < fat_count + dir_sectors + data_sectors:
        fat_count += 1
    assert fat_count <= 109, "too large for a header-only DIFAT"
    fat = [FAT_SECT] * fat_count
    directory_sector = len(fat)
    fat += [directory_sector + k + 1 for k in range(dir_sectors - 1)] + [END_OF_CHAIN]
    layout = CompoundLayout(list(range(fat_count)), directory_sector, {})
    body = b""
    entries = []
    for name, content in padded.items():
        start, count = len(fat), len(content) // 512
        fat += [start + k + 1 for k in range(count - 1)] + [END_OF_CHAIN]
        layout.streams[name] = (start, count)
        entries.append((name, start, len(content)))
        body += content
    fat += [FREE_SECT] * (fat_count * 128 - len(fat))
    directory = _directory_entry("Root Entry", 5, END_OF_CHAIN, 0, NO_STREAM,
                                 1 if entries else NO_STREAM)  # fmt: skip
    for n, (name, start, size) in enumerate(entries, 1):
        right = n + 1 if n < len(entries) else NO_STREAM
        directory += _directory_entry(name, 2, start, size, right, NO_STREAM)
    directory = directory.ljust(dir_sectors * 512, b"\0")
    difat = list(range(fat_count)) + [FREE_SECT] * (109 - fat_count)
    header = (
        CFB_MAGIC + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, fat_count, directory_sector, 0, 4096, END_OF_CHAIN, 0,
                      END_OF_CHAIN, 0)
        + struct.pack("<109I", *difat)
    )  # fmt: skip
    assert len(header) == 512
    return header + struct.pack(f"<{len(fat)}I", *fat) + directory + body, layout


def compound_file(path: Path, streams: dict[str, bytes]) -> Path:
    """Write :func:`compound_bytes` of ``streams`` to ``path``."""
    path.write_bytes(compound_bytes(streams)[0])
    return path


# --------------------------------------------------------------------------- BIFF8


def record(kind: int, data: bytes = b"") -> bytes:
    """One BIFF record: its type, its length, its data."""
    return struct.pack("<HH", kind, len(data)) + data


BOF, EOF, CODEPAGE, DATEMODE, FONT, XF, BOUNDSHEET, SST, CONTINUE = (
    0x0809, 0x000A, 0x0042, 0x0022, 0x0031, 0x00E0, 0x0085, 0x00FC, 0x003C,
)  # fmt: skip
DIMENSIONS, LABELSST, NUMBER, MULRK, RK, FILEPASS, FORMAT = (
    0x0200, 0x00FD, 0x0203, 0x00BD, 0x027E, 0x002F, 0x041E,
)  # fmt: skip
#: The XF (cell format) indexes the writer uses: 15 the default, 16 a date (format 14).
XF_GENERAL, XF_DATE = 15, 16
#: What a BIFF8 cell may hold, as written by :func:`biff8_workbook`.
Value = str | int | float | date | None


def bof(kind: int, version: int = 0x0600) -> bytes:
    """A BIFF8 BOF: ``kind`` 0x0005 the workbook globals, 0x0010 a worksheet."""
    return record(BOF, struct.pack("<HHHHII", version, kind, 0x0DBB, 0x07CC, 0x000100C1, 0x0406))


def xl_string(text: str, length_bytes: int = 2) -> bytes:
    """An XLUnicodeString: its length in characters, a flags byte (0: Latin-1, 1: UTF-16),
    its characters."""
    wide = any(ord(ch) > 0xFF for ch in text)
    chars = text.encode("utf-16-le") if wide else text.encode("latin-1")
    count = len(chars) // 2 if wide else len(chars)
    return struct.pack("<H" if length_bytes == 2 else "<B", count) + bytes([wide]) + chars


def font(name: str = "Arial") -> bytes:
    return record(FONT, struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0)
                  + xl_string(name, 1))  # fmt: skip


def xf(number_format: int, *, style: bool) -> bytes:
    flags = 0xFFF5 if style else 0x0001  # a style XF has no parent; a cell XF's is style 0
    return record(XF, struct.pack("<HHHBBBBIIH", 0, number_format, flags, 0x20, 0, 0, 0, 0,
                                  0, 0x20C0))  # fmt: skip


def sst_records(texts: Sequence[str]) -> bytes:
    """The shared strings: an SST record, continued in CONTINUE records at string
    boundaries when longer than a record may be (8,224 bytes)."""
    out, current = b"", struct.pack("<II", len(texts), len(texts))
    kind = SST
    for text in texts:
        item = xl_string(text)
        if len(current) + len(item) > 8224:
            out += record(kind, current)
            kind, current = CONTINUE, b""
        current += item
    return out + record(kind, current)


def _excel_serial(day: date) -> float:
    moment = datetime(day.year, day.month, day.day) if not isinstance(day, datetime) else day
    return (moment - datetime(1899, 12, 30)).total_seconds() / 86400


def cell_records(row: int, column: int, value: Value, strings: dict[str, int]) -> bytes:
    """The record of one cell (0-based position): LABELSST for a text, NUMBER otherwise."""
    if value is None or value == "":
        return b""
    where = struct.pack("<HH", row, column)
    if isinstance(value, str):
        index = strings.setdefault(value, len(strings))
        return record(LABELSST, where + struct.pack("<HI", XF_GENERAL, index))
    if isinstance(value, date):
        return record(NUMBER, where + struct.pack("<Hd", XF_DATE, _excel_serial(value)))
    return record(NUMBER, where + struct.pack("<Hd", XF_GENERAL, float(value)))


def dimensions(rows: int, columns: int) -> bytes:
    """DIMENSIONS: first row, last row + 1, first column, last column + 1."""
    return record(DIMENSIONS, struct.pack("<IIHHH", 0, rows, 0, columns, 0))


def biff8_workbook(
    sheets: dict[str, Sequence[Sequence[Value]]],
    *,
    before_sheets: bytes = b"",
    sheet_extra: dict[str, bytes] | None = None,
    declared: dict[str, tuple[int, int]] | None = None,
) -> bytes:
    """The "Workbook" stream of a BIFF8 .xls holding ``sheets`` (name → rows of values).

    The globals: BOF, ``before_sheets`` (a FILEPASS goes there), CODEPAGE 1200, DATEMODE,
    five FONTs, 15 style XFs and two cell XFs (general and date), one BOUNDSHEET8 per
    sheet (with its substream's offset), the SST, EOF. Each worksheet: BOF, DIMENSIONS
    (the grid, or ``declared[name]`` as (rows, columns)), its cells, ``sheet_extra[name]``,
    EOF."""
    strings: dict[str, int] = {}
    bodies = []
    for name, rows in sheets.items():
        cells = b"".join(
            cell_records(r, c, value, strings)
            for r, row in enumerate(rows)
            for c, value in enumerate(row)
        )
        height, width = (declared or {}).get(name, (len(rows), max(map(len, rows), default=0)))
        bodies.append(bof(0x0010) + dimensions(height, width) + cells
                      + (sheet_extra or {}).get(name, b"") + record(EOF))  # fmt: skip
    head = (
        bof(0x0005) + before_sheets + record(CODEPAGE, struct.pack("<H", 1200))
        + record(DATEMODE, struct.pack("<H", 0))
        + b"".join(font() for _ in range(5))
        + b"".join(xf(0, style=True) for _ in range(15))
        + xf(0, style=False) + xf(14, style=False)
    )  # fmt: skip
    tail = sst_records(sorted(strings, key=strings.__getitem__)) + record(EOF)
    names = [record(BOUNDSHEET, struct.pack("<IBB", 0, 0, 0) + xl_string(n, 1)) for n in sheets]
    offset = len(head) + sum(map(len, names)) + len(tail)
    placed = b""
    for name, body in zip(names, bodies, strict=True):
        placed += name[:4] + struct.pack("<I", offset) + name[8:]
        offset += len(body)
    return head + placed + tail + b"".join(bodies)


def write_xls(path: Path, sheets: dict[str, Sequence[Sequence[Value]]], **kwargs: Any) -> Path:
    """A valid BIFF8 .xls of ``sheets`` (see :func:`biff8_workbook` for ``kwargs``)."""
    return compound_file(path, {"Workbook": biff8_workbook(sheets, **kwargs)})


# --------------------------------------------------------------------------- censuses


def census_sheets(
    rows: Sequence[dict[str, Any]], info: dict[str, Any] | None = None
) -> dict[str, list[list[Any]]]:
    """The two sheets of a census as ``conftest.write_census`` writes them, as values."""
    from ktt_indicators.census.schema import COLUMNS

    full_rows = complete_rows(rows)
    keys = census_keys(full_rows)
    header_of = {c.key: c.header for c in COLUMNS}
    facts = DEFAULT_INFO if info is None else info
    return {
        "Thông tin chung": [[INFO_LABELS.get(k, k), v] for k, v in facts.items()],
        "Danh sách tổ chức": [[header_of[k] for k in keys]]
        + [[r.get(k) for k in keys] for r in full_rows],
    }


def xls_census(path: Path, rows: Sequence[dict[str, Any]], **kwargs: Any) -> Path:
    """The census ``write_census(path, rows)`` would write, as a BIFF8 .xls."""
    return write_xls(path, census_sheets(rows), **kwargs)


# --------------------------------------------------------------------------- broken .xls

#: The census every builder below writes, unless it says otherwise.
CENSUS_ROWS: list[dict[str, Any]] = [{"ten": "HTX Một"}, {"ten": "HTX Hai", "so_thanh_vien": 25}]


def _set_field(data: bytes, at: int, fmt: str, *values: int) -> bytes:
    changed = bytearray(data)
    struct.pack_into(fmt, changed, at, *values)
    return bytes(changed)


def xls_panic(path: Path) -> Path:
    """A census .xls whose CODEPAGE record is empty (length 0 instead of 2).

    python-calamine 0.9.1 raises pyo3's ``PanicException`` (a BaseException, not an
    Exception) from ``CalamineWorkbook.from_path``: "range end index 2 out of range for
    slice of length 0"; Rust prints the panic and "note: run with RUST_BACKTRACE=1" on
    stderr. An empty DATEMODE, FILEPASS, EXTERNSHEET or MERGEDCELLS record, a BOUNDSHEET8
    of 2 bytes or a FORMULA cut short panic the same way. 5.6 kB."""
    stream = biff8_workbook(census_sheets(CENSUS_ROWS))
    at = stream.index(struct.pack("<HHH", CODEPAGE, 2, 1200))
    stream = stream[:at] + record(CODEPAGE) + stream[at + 6 :]
    stream = _fix_offsets(stream, -2)
    return compound_file(path, {"Workbook": stream})


def _fix_offsets(stream: bytes, delta: int) -> bytes:
    """Move every BOUNDSHEET8's substream offset by ``delta`` (after a record changed size)."""
    out, at = bytearray(stream), 0
    while at + 4 <= len(out):
        kind, size = struct.unpack_from("<HH", out, at)
        if kind == BOUNDSHEET and size >= 4:
            (offset,) = struct.unpack_from("<I", out, at + 4)
            struct.pack_into("<I", out, at + 4, offset + delta)
        at += 4 + size
    return bytes(out)


def xls_panic_short_stream(path: Path) -> Path:
    """A census .xls whose directory says the Workbook stream is 100 bytes long.

    python-calamine 0.9.1 raises ``PanicException``: "index out of bounds: the len is 0
    but the index is 2". 5.6 kB."""
    data, layout = compound_bytes({"Workbook": biff8_workbook(census_sheets(CENSUS_ROWS))})
    entry = layout.offset(layout.directory_sector) + 128  # the first entry after the root
    return _write(path, _set_field(data, entry + 120, "<Q", 100))


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def xls_directory_loop(path: Path) -> Path:
    """An .xls of 1,536 bytes (header, FAT, one directory sector) whose FAT entry for the
    directory sector points back to itself: the directory's chain never ends.

    python-calamine 0.9.1 follows the chain, appending the same 512 bytes for ever,
    until an allocation fails and the process aborts (SIGABRT, "memory allocation of N
    bytes failed"): 2.6 s under ``ulimit -v 2000000``; unbounded, it takes all the memory
    of the machine. No exception, nothing to catch."""
    data, layout = compound_bytes({"Workbook": biff8_workbook(census_sheets(CENSUS_ROWS))})
    fat = layout.offset(layout.fat_sectors[0])
    data = _set_field(data, fat + 4 * layout.directory_sector, "<I", layout.directory_sector)
    return _write(path, data[: layout.offset(layout.directory_sector + 1)])


def xls_stream_loop(path: Path) -> Path:
    """A census .xls whose Workbook stream's last sector points back to its first, and
    whose directory says the stream is 4 GB (0xFFFFFFFF bytes).

    python-calamine 0.9.1 goes round the loop until an allocation fails and aborts
    (SIGABRT): 2.7 s under ``ulimit -v 2000000``. 5.6 kB."""
    data, layout = compound_bytes({"Workbook": biff8_workbook(census_sheets(CENSUS_ROWS))})
    start, count = layout.streams["Workbook"]
    fat = layout.offset(layout.fat_sectors[0])
    data = _set_field(data, fat + 4 * (start + count - 1), "<I", start)
    entry = layout.offset(layout.directory_sector) + 128
    return _write(path, _set_field(data, entry + 120, "<Q", 0xFFFFFFFF))


def xls_full_grid(path: Path) -> Path:
    """A census .xls whose list sheet's DIMENSIONS claims 65,536 rows × 256 columns (all
    a BIFF8 sheet can hold) and which has a number in its last cell, IV65536.

    DIMENSIONS alone changes nothing; the cell in IV65536 makes python-calamine 0.9.1
    build the whole grid of 16.8 million cells: 1.06 GB peak (RSS), 2.6 s, for
    ``get_sheet_by_name`` alone, before any Python object is made. 5.6 kB. (bench/fuzz.py
    finds the same by raising one cell's row to 0xFF00: 1.2 GB.)"""
    sheets = census_sheets(CENSUS_ROWS)
    corner = record(NUMBER, struct.pack("<HHHd", 65535, 255, XF_GENERAL, 1.0))
    stream = biff8_workbook(sheets, sheet_extra={"Danh sách tổ chức": corner},
                            declared={"Danh sách tổ chức": (65536, 256)})  # fmt: skip
    return compound_file(path, {"Workbook": stream})


def xls_inverted_dimensions(path: Path) -> Path:
    """A census .xls whose list sheet's DIMENSIONS says the first row is 10 and the last 2.

    python-calamine 0.9.1 computes the grid's size from it with a wrapping subtraction and
    aborts at once (SIGABRT): "memory allocation of 171798691520 bytes failed", whatever
    the memory limit. 5.6 kB."""
    stream = biff8_workbook(census_sheets(CENSUS_ROWS))
    sheet = stream.index(struct.pack("<HH", DIMENSIONS, 14), stream.index(b"\x10\x00\xbb\x0d"))
    return compound_file(path, {"Workbook": _set_field(stream, sheet + 4, "<II", 10, 2)})


# --------------------------------------------------------------------------- .xlsx by hand

TRANSITIONAL = {
    "main": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "rel": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
STRICT = {
    "main": "http://purl.oclc.org/ooxml/spreadsheetml/main",
    "rel": "http://purl.oclc.org/ooxml/officeDocument/relationships",
}
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
MACROSHEET = "http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet"


def column_name(index: int) -> str:
    """Column letters of a 0-based index: 0 → A, 16383 → XFD."""
    letters, index = "", index + 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_cell(row: int, column: int, value: Any, style: str = "") -> str:
    """One ``<c>`` of a sheet (0-based position): text inline, numbers as ``<v>``, a date
    as its text (dd/mm/yyyy, which the census reads)."""
    ref = f"{column_name(column)}{row + 1}"
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        value = value.strftime("%d/%m/%Y")
    if isinstance(value, str):
        return f'<c r="{ref}"{style} t="inlineStr"><is><t>{_escape(value)}</t></is></c>'
    return f'<c r="{ref}"{style}><v>{value}</v></c>'


def xml_rows(rows: Sequence[Sequence[Any]], start: int = 0) -> str:
    """The ``<row>`` elements of ``rows`` of values, the first one at 0-based ``start``."""
    return "".join(
        f'<row r="{start + r + 1}">'
        + "".join(xml_cell(start + r, c, v) for c, v in enumerate(row))
        + "</row>"
        for r, row in enumerate(rows)
    )


def worksheet(rows: str, *, ns: dict[str, str] = TRANSITIONAL, before: str = "",
              after: str = "", root: str = "worksheet") -> str:  # fmt: skip
    """A worksheet part: ``before`` the sheetData (sheetViews, sheetFormatPr, cols...) and
    ``after`` it (mergeCells, pageMargins, pageSetup...)."""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<{root} xmlns="{ns["main"]}" '
        f'xmlns:r="{ns["rel"]}">{before}<sheetData>{rows}</sheetData>{after}</{root}>'
    )


def xlsx_parts(
    sheets: dict[str, str],
    *,
    ns: dict[str, str] = TRANSITIONAL,
    folder: str = "xl",
    macrosheets: dict[str, str] | None = None,
) -> list[Part]:
    """Every part of an .xlsx holding ``sheets`` (name → worksheet XML) in ``folder``
    ("" for the zip's root), and ``macrosheets`` (name → XML) as Excel 4 macro sheets."""
    prefix = f"{folder}/" if folder else ""
    macrosheets = macrosheets or {}
    names = [*sheets, *macrosheets]
    entries = "".join(f'<sheet name="{_escape(n)}" sheetId="{k}" r:id="rId{k}"/>'
                      for k, n in enumerate(names, 1))  # fmt: skip
    rels = "".join(
        f'<Relationship Id="rId{k}" Type="{ns["rel"]}/worksheet" Target="worksheets/sheet{k}.xml"/>'
        for k in range(1, len(sheets) + 1)
    )
    rels += "".join(
        f'<Relationship Id="rId{k}" Type="{MACROSHEET}" Target="macrosheets/sheet{j}.xml"/>'
        for j, k in enumerate(range(len(sheets) + 1, len(names) + 1), 1)
    )
    main_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    if macrosheets:
        main_type = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    overrides = f'<Override PartName="/{prefix}workbook.xml" ContentType="{main_type}"/>'
    overrides += "".join(
        f'<Override PartName="/{prefix}worksheets/sheet{k}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for k in range(1, len(sheets) + 1)
    )
    overrides += "".join(
        f'<Override PartName="/{prefix}macrosheets/sheet{j}.xml" ContentType="application/'
        'vnd.ms-excel.macrosheet+xml"/>'
        for j in range(1, len(macrosheets) + 1)
    )
    types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.'
        'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType='
        '"application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        f'ContentType="application/xml"/>{overrides}</Types>'
    )
    root_rels = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns='
        f'"{PACKAGE_RELS}"><Relationship Id="rId1" Type="{ns["rel"]}/officeDocument" '
        f'Target="{prefix}workbook.xml"/></Relationships>'
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{ns["main"]}"'
        f' xmlns:r="{ns["rel"]}"><sheets>{entries}</sheets></workbook>'
    )
    workbook_rels = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns='
        f'"{PACKAGE_RELS}">{rels}</Relationships>'
    )
    parts = [
        part("[Content_Types].xml", types),
        part("_rels/.rels", root_rels),
        part(f"{prefix}workbook.xml", workbook),
        part(f"{prefix}_rels/workbook.xml.rels", workbook_rels),
    ]
    parts += [part(f"{prefix}worksheets/sheet{k}.xml", xml)
              for k, xml in enumerate(sheets.values(), 1)]  # fmt: skip
    parts += [part(f"{prefix}macrosheets/sheet{j}.xml", xml)
              for j, xml in enumerate(macrosheets.values(), 1)]  # fmt: skip
    return parts


def census_xml(
    rows: Sequence[dict[str, Any]] = CENSUS_ROWS,
    *,
    ns: dict[str, str] = TRANSITIONAL,
    list_rows: str = "",
    before: str = "",
    after: str = "",
) -> dict[str, str]:
    """The two census sheets as worksheet XML (``list_rows`` appended to the list sheet)."""
    values = census_sheets(rows)
    info, listed = values["Thông tin chung"], values["Danh sách tổ chức"]
    return {
        "Thông tin chung": worksheet(xml_rows(info), ns=ns),
        "Danh sách tổ chức": worksheet(
            xml_rows(listed) + list_rows, ns=ns, before=before, after=after
        ),
    }


def renamed_parts(parts: Sequence[Part], rename: Any) -> list[Part]:
    """``parts`` with each name passed through ``rename``."""
    return [Part(rename(p.name), p.stored, p.size, p.crc, p.deflated) for p in parts]


def xlsx_backslashes(path: Path) -> Path:
    """A census .xlsx whose zip names use backslashes (``xl\\workbook.xml``,
    ``xl\\worksheets\\sheet1.xml``), as some Windows zip libraries write them.
    python-calamine 0.9.1 reads it (see ``test_spreadsheets``)."""
    parts = renamed_parts(xlsx_parts(census_xml()), lambda n: n.replace("/", "\\"))
    return write_zip(path, parts)


def xlsx_other_case(path: Path) -> Path:
    """A census .xlsx whose parts are ``XL/Workbook.xml``, ``XL/Worksheets/Sheet1.xml``...
    while the relationships say ``xl/workbook.xml`` (zip names are case-sensitive; Excel
    does not care)."""

    def upper(name: str) -> str:
        pieces = name.split("/")
        return "/".join(p if p.startswith(("[", "_")) else p[0].upper() + p[1:] for p in pieces)

    return write_zip(path, renamed_parts(xlsx_parts(census_xml()), upper))


def xlsx_elsewhere(path: Path, folder: str) -> Path:
    """A census .xlsx whose workbook lies in ``folder`` ("" for the zip's root), where
    ``_rels/.rels`` points."""
    return write_zip(path, xlsx_parts(census_xml(), folder=folder))


def libreoffice_rows(columns: int = 33, last: int = 1_048_576) -> str:
    """What LibreOffice and Gnumeric write below the data of a formatted sheet: style-only
    cells (``<c r="AG5" s="1"/>``) in a few rows, then empty rows down to the end."""
    rows = "".join(
        f'<row r="{r}" s="1" customFormat="1">'
        + "".join(f'<c r="{column_name(c)}{r}" s="1"/>' for c in range(columns))
        + "</row>"
        for r in (10, 11, 12)
    )
    rows += f'<row r="{last - 1}" s="1" customFormat="1"/>'
    return rows + (f'<row r="{last}" s="1" customFormat="1"><c r="{column_name(columns - 1)}'
                   f'{last}" s="1"/></row>')  # fmt: skip


STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="'
    f'{TRANSITIONAL["main"]}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font>'
    '</fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders '
    'count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs '
    'count="2"><xf/><xf fillId="0" applyFill="1"/></cellXfs></styleSheet>'
)


def xlsx_styled_to_the_end(path: Path) -> Path:
    """A census .xlsx as LibreOffice writes a formatted sheet: style-only cells down to
    AG1048576 and empty ``<row r="1048576"/>`` rows. The data is five rows."""
    parts = xlsx_parts(census_xml(list_rows=libreoffice_rows()))
    return write_zip(path, [*parts, part("xl/styles.xml", STYLES)])


#: Attributes whose names end in "r" but are no cell references, as Excel writes them.
PAGE_SETUP = (
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    '<pageSetup paperSize="9" scale="85" firstPageNumber="4294967293" orientation="landscape"'
    ' useFirstPageNumber="1" horizontalDpi="4294967292" verticalDpi="4294967292"/>'
    '<headerFooter differentFirst="1"><oddFooter>Trang &amp;P</oddFooter></headerFooter>'
    '<rowBreaks count="1" manualBreakCount="1"><brk id="4000000" max="16383" man="1"/>'
    "</rowBreaks>"
)
VIEWS = (
    '<sheetPr filterMode="0"><outlinePr summaryBelow="0" summaryRight="0"/></sheetPr>'
    '<sheetViews><sheetView tabSelected="1" workbookViewId="0" zoomScaleNormal="4000000">'
    '<pane xSplit="1" ySplit="1" topLeftCell="B2" activePane="bottomRight" state="frozen"/>'
    '<selection pane="bottomRight" activeCell="B2" sqref="B2"/></sheetView></sheetViews>'
    '<sheetFormatPr defaultRowHeight="15" outlineLevelRow="0"/>'
)


def xlsx_page_setup(path: Path) -> Path:
    """A census .xlsx whose list sheet has ``<pageSetup firstPageNumber="4294967293" .../>``
    (Excel writes it when the first page number is automatic) and other attributes ending
    in ``r=`` that are no cell reference (``header=``, ``footer=``, ``outlineLevelRow=``,
    ``summaryBelow=``, ``paperSize``... ``firstPageNumber``)."""
    return write_zip(path, xlsx_parts(census_xml(before=VIEWS, after=PAGE_SETUP)))


def strict_formula(path: Path) -> Path:
    """An ISO/IEC 29500 Strict census .xlsx (``purl.oclc.org`` namespaces) with a formula
    without a saved value in F2 (``<c r="F2"><f>1+1</f></c>``): ktt must say
    ``formula-without-value``."""
    values = census_sheets(CENSUS_ROWS)
    listed = [list(r) for r in values["Danh sách tổ chức"]]
    listed[1][5] = None  # F2, Lĩnh vực
    rows = xml_rows(listed).replace('<c r="G2"', '<c r="F2"><f>1+1</f></c><c r="G2"', 1)
    sheets = {"Thông tin chung": worksheet(xml_rows(values["Thông tin chung"]), ns=STRICT),
              "Danh sách tổ chức": worksheet(rows, ns=STRICT)}  # fmt: skip
    return write_zip(path, xlsx_parts(sheets, ns=STRICT))


def wide_rows(rows: int, columns: int = 16_384, start: int = 0) -> str:
    """``rows`` rows of numbers in every column from A to ``columns`` (XFD)."""
    return "".join(
        f'<row r="{start + r + 1}">'
        + "".join(f'<c r="{column_name(c)}{start + r + 1}"><v>{c}</v></c>' for c in range(columns))
        + "</row>"
        for r in range(rows)
    )


def xlsx_wide(path: Path, sheets: int = 1, rows: int = 10) -> Path:
    """A census .xlsx and ``sheets`` more sheets of ``rows`` rows with a number in every
    column up to XFD, like a wide export (each sheet 1.8 MB of XML for 10 rows)."""
    xml = census_xml()
    wide = worksheet(wide_rows(rows))
    xml.update({f"Xuất {n}": wide for n in range(1, sheets + 1)})
    return write_zip(path, xlsx_parts(xml))


# --------------------------------------------------------------------------- .ods

ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0" '
    'xmlns:ooo="http://openoffice.org/2004/office"'
)


def ods_cell(value: Any) -> str:
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, date):
        shown = f"{value:%d/%m/%Y}"
        return (f'<table:table-cell office:value-type="date" office:date-value="'
                f'{value.isoformat()}"><text:p>{shown}</text:p></table:table-cell>')  # fmt: skip
    if isinstance(value, str):
        return (f'<table:table-cell office:value-type="string"><text:p>{_escape(value)}'
                "</text:p></table:table-cell>")  # fmt: skip
    return (f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>'
            f"{value}</text:p></table:table-cell>")  # fmt: skip


def ods_table(name: str, rows: Sequence[Sequence[Any]]) -> str:
    body = "".join(
        "<table:table-row>" + "".join(map(ods_cell, row)) + "</table:table-row>" for row in rows
    )
    return f'<table:table table:name="{_escape(name)}">{body}</table:table>'


def ods_content(sheets: dict[str, Sequence[Sequence[Any]]]) -> str:
    tables = "".join(ods_table(n, rows) for n, rows in sheets.items())
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {ODS_NS} '
        'office:version="1.3"><office:body><office:spreadsheet>'
        f"{tables}</office:spreadsheet></office:body></office:document-content>"
    )


ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"


def ods_parts(sheets: dict[str, Sequence[Sequence[Any]]], extra: Sequence[Part] = ()) -> list[Part]:
    """The parts of an .ods holding ``sheets`` of values, ``extra`` parts listed too."""
    entries = "".join(
        f'<manifest:file-entry manifest:full-path="{p.name}" manifest:media-type="text/xml"/>'
        for p in [Part("content.xml", b"", 0, 0), *extra]
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest="urn:oasis:'
        'names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry '
        'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.'
        f'spreadsheet"/>{entries}</manifest:manifest>'
    )
    mimetype = Part("mimetype", ODS_MIME, len(ODS_MIME), zlib.crc32(ODS_MIME), deflated=False)
    return [mimetype, part("META-INF/manifest.xml", manifest),
            part("content.xml", ods_content(sheets)), *extra]  # fmt: skip


def ods_census(path: Path, rows: Sequence[dict[str, Any]] = CENSUS_ROWS) -> Path:
    """The census ``write_census(path, rows)`` would write, as an .ods."""
    return write_zip(path, ods_parts(census_sheets(rows)))


BASIC_DOCTYPE = (
    '<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">'
)


def ods_with_basic(path: Path) -> Path:
    """A census .ods with LibreOffice Basic macros, as LibreOffice saves it: the parts
    ``Basic/Standard/Module1.xml``, ``Basic/Standard/script-lb.xml`` and
    ``Basic/script-lc.xml``, each with a ``<!DOCTYPE ... "module.dtd">`` (no entity)."""
    module = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{BASIC_DOCTYPE}\n<script:module '
        'xmlns:script="http://openoffice.org/2000/script" script:name="Module1" '
        'script:language="StarBasic" script:moduleType="normal">REM  *****  BASIC  *****\n'
        "Sub Main\nEnd Sub\n</script:module>"
    )
    library = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE library:library PUBLIC "-//'
        'OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">\n<library:library '
        'xmlns:library="http://openoffice.org/2000/library" library:name="Standard" '
        'library:readonly="false" library:passwordprotected="false"><library:element '
        'library:name="Module1"/></library:library>'
    )
    libraries = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE library:libraries PUBLIC "-//'
        'OpenOffice.org//DTD OfficeDocument 1.0//EN" "libraries.dtd">\n<library:libraries '
        'xmlns:library="http://openoffice.org/2000/library" xmlns:xlink="http://www.w3.org/'
        '1999/xlink"><library:library library:name="Standard" library:link="false"/>'
        "</library:libraries>"
    )
    extra = [part("Basic/Standard/Module1.xml", module),
             part("Basic/Standard/script-lb.xml", library),
             part("Basic/script-lc.xml", libraries)]  # fmt: skip
    return write_zip(path, ods_parts(census_sheets(CENSUS_ROWS), extra))


# --------------------------------------------------------------------------- not read by ktt


def census_table() -> list[list[Any]]:
    """The list sheet of the census as values (header row first)."""
    return census_sheets(CENSUS_ROWS)["Danh sách tổ chức"]


def spreadsheetml_2003(path: Path) -> Path:
    """What Excel saves as "XML Spreadsheet 2003" (SpreadsheetML), here named .xls."""
    rows = "".join(
        "<Row>"
        + "".join(
            f'<Cell><Data ss:Type="{"String" if isinstance(v, str) else "Number"}">'
            f"{_escape(str(v))}</Data></Cell>"
            for v in row
        )
        + "</Row>"
        for row in census_table()
    )
    text = (
        '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook xmlns='
        '"urn:schemas-microsoft-com:office:spreadsheet" xmlns:o="urn:schemas-microsoft-com:'
        'office:office" xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns:ss="urn:schemas-'
        'microsoft-com:office:spreadsheet" xmlns:html="http://www.w3.org/TR/REC-html40">\n'
        '<Worksheet ss:Name="Danh sách tổ chức"><Table>'
        f"{rows}</Table></Worksheet></Workbook>\n"
    )
    path.write_text(text, encoding="utf-8")
    return path


def biff_old(path: Path, version: int) -> Path:
    """An Excel 2.1, 3.0 or 4.0 worksheet (``version`` 2, 3 or 4): BIFF records from the
    file's first byte, no OLE2 container. BOF 0x0009 / 0x0209 / 0x0409, DIMENSIONS,
    LABEL and NUMBER cells (codepage 1252 texts: these versions know no Unicode), EOF."""
    bof_kind = {2: 0x0009, 3: 0x0209, 4: 0x0409}[version]
    dims_kind, label_kind, number_kind = (0x0000, 0x0004, 0x0003) if version == 2 else (
        0x0200, 0x0204, 0x0203)  # fmt: skip
    table = [["Ten to chuc", "Loai hinh", "So thanh vien"], ["HTX Mot", "HTX", 10]]
    if version == 2:
        head = record(bof_kind, struct.pack("<HH", 0x0002, 0x0010))
        dims = record(dims_kind, struct.pack("<HHHH", 0, len(table), 0, 3))
    else:
        head = record(bof_kind, struct.pack("<HHH", 0x0000, 0x0010, 0x0000))
        dims = record(dims_kind, struct.pack("<HHHHH", 0, len(table), 0, 3, 0))
    cells = b""
    for r, row in enumerate(table):
        for c, value in enumerate(row):
            attrs = struct.pack("<HH", r, c) + (b"\0\0\0" if version == 2 else b"\0\0")
            if isinstance(value, str):
                text = value.encode("cp1252")
                size = struct.pack("<B" if version == 2 else "<H", len(text))
                cells += record(label_kind, attrs + size + text)
            else:
                cells += record(number_kind, attrs + struct.pack("<d", value))
    path.write_bytes(head + dims + cells + record(EOF))
    return path


def biff5_workbook(path: Path) -> Path:
    """An Excel 5.0/95 workbook: an OLE2 container with a "Book" stream of BIFF5 records
    (BOF version 0x0500, BOUNDSHEET with an 8-bit name, LABEL cells in codepage 1252)."""
    table = [["Ten to chuc", "Loai hinh"], ["HTX Mot", "HTX"]]
    cells = b"".join(
        record(0x0204, struct.pack("<HHHH", r, c, XF_GENERAL, len(v)) + v.encode("cp1252"))
        for r, row in enumerate(table)
        for c, v in enumerate(row)
    )
    sheet = (bof(0x0010, 0x0500) + record(DIMENSIONS, struct.pack("<HHHHH", 0, 2, 0, 2, 0))
             + cells + record(EOF))  # fmt: skip
    name = b"Danh sach"
    head = bof(0x0005, 0x0500) + record(CODEPAGE, struct.pack("<H", 1252))
    head += b"".join(font() for _ in range(5))
    offset = len(head) + 4 + 6 + 1 + len(name) + 4
    head += record(BOUNDSHEET, struct.pack("<IBBB", offset, 0, 0, len(name)) + name)
    return compound_file(path, {"Book": head + record(EOF) + sheet})


def sylk(path: Path) -> Path:
    """A SYLK file as Excel writes it (``ID;PWXL;N;E``...), here named .xls."""
    lines = ["ID;PWXL;N;E", "P;PGeneral", "F;P0;DG0G8;M255", "B;Y3;X3;D0 0 2 2"]
    for r, row in enumerate(census_table()[:3], 1):
        for c, value in enumerate(row[:3], 1):
            shown = f'"{value}"' if isinstance(value, str) else str(value)
            lines.append(f"C;Y{r};X{c};K{shown}" if c == 1 else f"C;X{c};K{shown}")
    path.write_bytes("\r\n".join([*lines, "E", ""]).encode("cp1252", errors="replace"))
    return path


def dif(path: Path) -> Path:
    """A DIF (Data Interchange Format) file as Excel writes it, here named .xls."""
    table = census_table()[:3]
    lines = ["TABLE", "0,1", '"EXCEL"', "VECTORS", f"0,{len(table[0])}", '""', "TUPLES",
             f"0,{len(table)}", '""', "DATA", "0,0", '""']  # fmt: skip
    for row in table:
        lines += ["-1,0", "BOT"]
        for value in row:
            lines += [f"0,{value}", "V"] if not isinstance(value, str) else ["1,0", f'"{value}"']
    lines += ["-1,0", "EOD"]
    path.write_bytes("\r\n".join([*lines, ""]).encode("cp1252", errors="replace"))
    return path


def flat_ods(path: Path) -> Path:
    """A flat OpenDocument spreadsheet (.fods): the whole document as one XML file."""
    tables = "".join(ods_table(n, rows) for n, rows in census_sheets(CENSUS_ROWS).items())
    text = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {ODS_NS} office:version="1.3" '
        'office:mimetype="application/vnd.oasis.opendocument.spreadsheet"><office:body>'
        f"<office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document>\n"
    )
    path.write_text(text, encoding="utf-8")
    return path


def unicode_text(path: Path) -> Path:
    """What Excel saves as "Unicode Text": UTF-16LE with a byte-order mark, cells separated
    by tabs, rows by CRLF; here the census list, named .xls."""
    text = "\r\n".join("\t".join("" if v is None else str(v) for v in row)
                       for row in census_table())  # fmt: skip
    path.write_bytes(b"\xff\xfe" + (text + "\r\n").encode("utf-16-le"))
    return path


def _encrypt_after(stream: bytes, at: int, seed: int) -> bytes:
    """The records of ``stream`` from offset ``at`` with their data scrambled, as an
    encrypted workbook's are (BOF, BOUNDSHEET8's offset and record headers stay clear)."""
    keys = random.Random(seed)
    out, i = bytearray(stream), at
    while i + 4 <= len(out):
        kind, size = struct.unpack_from("<HH", out, i)
        first = i + 4 + (4 if kind == BOUNDSHEET else 0)
        if kind not in (BOF, EOF, FILEPASS):
            for k in range(first, i + 4 + size):
                out[k] ^= keys.randrange(256)
        i += 4 + size
    return bytes(out)


def encrypted_xls(path: Path, method: str) -> Path:
    """A census .xls protected by a password, as Excel 97-2003 writes it: a FILEPASS record
    (0x002F) right after the globals BOF, and every record after it encrypted. ``method``
    "xor" (XOR obfuscation: key and verifier) or "rc4" (RC4, version 1.1: salt, encrypted
    verifier and its hash). python-calamine 0.9.1 does not look at FILEPASS and reads the
    encrypted bytes as if they were records."""
    rng = random.Random(method)
    if method == "xor":
        filepass = struct.pack("<HHH", 0, 0x8A3B, 0xCC4D)
    else:
        filepass = struct.pack("<HHH", 1, 1, 1) + rng.randbytes(48)
    stream = biff8_workbook(census_sheets(CENSUS_ROWS), before_sheets=record(FILEPASS, filepass))
    at = len(bof(0x0005)) + 4 + len(filepass)
    return compound_file(path, {"Workbook": _encrypt_after(stream, at, 13)})


def xlsm_with_macrosheet(path: Path) -> Path:
    """A census .xlsm whose workbook also holds an Excel 4.0 macro sheet
    (``xl/macrosheets/sheet1.xml``, relationship type ``.../xlMacrosheet``) with an
    ``=EXEC()`` formula and ``Auto_Open`` would run it."""
    macro = worksheet('<row r="1"><c r="A1"><f>EXEC("calc.exe")</f></c></row><row r="2"><c '
                      'r="A2"><f>HALT()</f></c></row>', root="xm:macrosheet").replace(
        "<xm:macrosheet ", '<xm:macrosheet xmlns:xm="http://schemas.microsoft.com/office/excel/'
        '2006/main" ', 1)  # fmt: skip
    return write_zip(path, xlsx_parts(census_xml(), macrosheets={"Macro1": macro}))


def lock_file(path: Path, user: str = "Nguyen Van An") -> Path:
    """Excel's owner file (``~$Báo cáo.xlsx``) left next to an open workbook: 165 bytes, a
    length byte and the user's name in 8 bits padded with spaces to 54 bytes, then the
    length and the name again in UTF-16, padded."""
    name = user.encode("latin-1")
    data = bytes([len(name)]) + name.ljust(53, b" ")
    data += struct.pack("<H", len(user)) + user.encode("utf-16-le")
    path.write_bytes(data.ljust(165, b"\x20\x00"[:1])[:165])
    return path


# --------------------------------------------------------------------------- found by fuzzing
# bench/fuzz.py (10 minutes, seed 13) found these kinds of failure in python-calamine
# 0.9.1 (calamine 0.37.0); each builder makes the smallest reproducer of its kind again.


def xls_truncated(path: Path, size: int) -> Path:
    """The census .xls cut after ``size`` bytes (an interrupted download or copy).

    python-calamine 0.9.1 raises ``PanicException`` for a cut in the OLE2 directory:
    at 821 bytes (in the FAT) "assertion `left == right` failed" (calamine
    src/utils.rs:29), at 1,077 bytes "range end index 64 out of range for slice of length
    53" (src/cfb.rs:345), at 1,392 bytes "range start index 116 out of range for slice of
    length 112" (src/cfb.rs:349), at 1,528 bytes "range end index 124 out of range for
    slice of length 120" (src/cfb.rs:351)."""
    whole = compound_bytes({"Workbook": biff8_workbook(census_sheets(CENSUS_ROWS))})[0]
    return _write(path, whole[:size])


def xls_fat_past_end(path: Path) -> Path:
    """A census .xls whose FAT sends the Workbook stream's chain to a sector past the end
    of the file.

    python-calamine 0.9.1 raises ``PanicException``: "slice index starts at 5632 but ends
    at 5120" (calamine src/cfb.rs:305). 5.6 kB."""
    data, layout = compound_bytes({"Workbook": biff8_workbook(census_sheets(CENSUS_ROWS))})
    start, _ = layout.streams["Workbook"]
    fat = layout.offset(layout.fat_sectors[0])
    return _write(path, _set_field(data, fat + 4 * start, "<I", len(data) // 512))


def xls_sheet_offset_past_end(path: Path) -> Path:
    """A census .xls whose first BOUNDSHEET8 says its sheet starts at byte 0x7FFF0000 of
    the Workbook stream (a stream of 4 kB).

    python-calamine 0.9.1 raises ``PanicException``: "range start index 2147418112 out of
    range for slice of length 4096" (calamine src/xls.rs:606). 5.6 kB."""
    stream = biff8_workbook(census_sheets(CENSUS_ROWS))
    at = stream.index(struct.pack("<H", BOUNDSHEET))
    return compound_file(path, {"Workbook": _set_field(stream, at + 4, "<I", 0x7FFF0000)})


def xls_huge_dimensions(path: Path) -> Path:
    """A census .xls whose list sheet's DIMENSIONS says its last row is 0xFFFF0003.

    python-calamine 0.9.1 reserves the grid from it and aborts at once (SIGABRT, "memory
    allocation of ... bytes failed"). 5.6 kB."""
    stream = biff8_workbook(census_sheets(CENSUS_ROWS))
    sheet = stream.index(struct.pack("<HH", DIMENSIONS, 14), stream.index(b"\x10\x00\xbb\x0d"))
    (rows,) = struct.unpack_from("<I", stream, sheet + 8)
    return compound_file(path, {"Workbook": _set_field(stream, sheet + 8, "<I", rows | 0xFFFF0000)})


def xls_empty_bof(path: Path) -> Path:
    """A census .xls whose Workbook stream starts with a BOF record of length 0.

    python-calamine 0.9.1 raises ``PanicException``: "range end index 2 out of range for
    slice of length 0" (calamine src/xls.rs:745). 5.6 kB."""
    stream = biff8_workbook(census_sheets(CENSUS_ROWS))
    stream = record(BOF) + stream[20:]
    return compound_file(path, {"Workbook": _fix_offsets(stream, -16)})


def xls_no_fat(path: Path) -> Path:
    """A census .xls whose header lists no FAT sector (its first DIFAT entry 0xFFFFFFFF)
    while it counts one.

    python-calamine 0.9.1 raises ``PanicException``: "index out of bounds: the len is 0 but
    the index is 1" (calamine src/cfb.rs:329). 5.6 kB."""
    data, _ = compound_bytes({"Workbook": biff8_workbook(census_sheets(CENSUS_ROWS))})
    return _write(path, _set_field(data, 0x4C, "<I", FREE_SECT))


def xls_empty_boundsheet(path: Path) -> Path:
    """A census .xls whose first BOUNDSHEET8 record is empty (length 0).

    python-calamine 0.9.1 raises ``PanicException``: "range end index 4 out of range for
    slice of length 0" (calamine src/utils.rs:38). 5.6 kB."""
    stream = biff8_workbook(census_sheets(CENSUS_ROWS))
    at = stream.index(struct.pack("<H", BOUNDSHEET))
    (size,) = struct.unpack_from("<H", stream, at + 2)
    stream = stream[:at] + record(BOUNDSHEET) + stream[at + 4 + size :]
    return compound_file(path, {"Workbook": _fix_offsets(stream, -size)})
