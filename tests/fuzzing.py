"""Mutated workbooks, and a reader process that survives what they do to it.

Shared by ``tests/read/test_fuzz_reader.py`` (a bounded, deterministic run of every mutator,
and a few seconds of hypothesis) and ``bench/fuzz.py`` (minutes). A *seed* is a workbook
made by the project's own code (:func:`make_seeds`): the census of ``conftest.write_census``
as .xlsx, .ods and .xls, the same with extreme values, and the committed examples that
``examples/make_examples.py`` writes, as they are (.xlsx) and converted by the builders of
:mod:`spreadsheets` (.ods, a BIFF8 .xls). A mutation is a list of operations, each a
*mutator*'s name and two integers, applied in order; the same seed and operations always
make the same bytes, so a failure is rebuilt from them.

- part operations (zips): swap two parts' names, rename a part (other case, backslashes,
  elsewhere), drop or repeat a part, declare a huge size or a wrong CRC, mark a deflated
  part stored;
- zip header operations: a local header naming another part than the central directory,
  general-purpose flag bits (encryption, bit 6 "strong encryption", data descriptor), a
  compression method the data is not in;
- XML operations (.xlsx, .ods): an attribute set to an extreme value, a cell reference
  such as ``AAAAAAAAAAAAA1``, the shared strings' ``count``/``uniqueCount``, an element
  repeated, a sheet listed many times in workbook.xml, an XML declaration naming an
  unknown encoding, thousands of merged ranges, one long shared string many cells point
  at, a cell's value made extreme (1e308, NaN, an index past the strings);
- ODS operations: ``number-rows-repeated`` / ``number-columns-repeated`` (and spans) set
  high, the table structure changed (tables repeated, nested, emptied, rows outside);
- record operations (.xls): set a BIFF record's length or type, repeat, drop or insert a
  record (MULRK, MULBLANK, LABELSST, DIMENSIONS, MERGEDCELLS... with extreme fields), end
  the stream inside one, make a number extreme;
- byte operations (any): truncate, flip a bit, overwrite a range, put a huge number in a
  zip header's sizes, in an OLE2 header field, a FAT or DIFAT entry or a directory entry.

:class:`Reader` runs ``read_census_file`` over files in one child process, one at a time,
and reports for each: its end (``sheets``, ``unreadable <reason>``, ``exception <type>``,
``signal <n>``, ``hang``), its processor time and its peak memory. A child killed by a
file is started again for the next one. :func:`kind_of` names a failure's kind.
"""

from __future__ import annotations

import json
import os
import random
import re
import resource
import select
import signal
import struct
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import IO, Any

from hostile import Part, zip_bytes
from spreadsheets import (
    BOF,
    BOUNDSHEET,
    CENSUS_ROWS,
    DIMENSIONS,
    EOF,
    LABELSST,
    MULRK,
    NUMBER,
    biff8_workbook,
    census_sheets,
    column_name,
    compound_bytes,
    ods_parts,
    record,
)

from conftest import write_census

ROOT = Path(__file__).parents[1]
SRC = str(ROOT / "src")
#: Operation: a mutator's name and two integers.
Op = tuple[str, int, int]
PART_OPS = ("swap", "rename", "drop", "repeat", "huge-size", "bad-crc", "stored")
ZIP_OPS = ("local-name", "zip-flag", "zip-method")
XML_OPS = ("xml-attr", "xml-ref", "xml-count", "xml-repeat", "xml-sheets", "xml-encoding",
           "xml-merges", "xml-text", "xml-value")  # fmt: skip
ODS_OPS = ("ods-repeat", "ods-table")
RECORD_OPS = ("record-length", "record-repeat", "record-drop", "record-huge", "record-type",
              "record-insert", "record-past-end", "record-value")  # fmt: skip
BYTE_OPS = ("truncate", "flip", "overwrite", "zip-huge", "ole-field", "fat-entry", "difat",
            "dir-entry")  # fmt: skip
MUTATORS = PART_OPS + ZIP_OPS + XML_OPS + ODS_OPS + RECORD_OPS + BYTE_OPS
#: The mutators that change something in each kind of seed.
ZIP_BYTE_OPS = ("truncate", "flip", "overwrite", "zip-huge")
APPLIES = {
    "xlsx": PART_OPS + ZIP_OPS + XML_OPS + ZIP_BYTE_OPS,
    "ods": PART_OPS
    + ZIP_OPS
    + ODS_OPS
    + ZIP_BYTE_OPS
    + tuple(o for o in XML_OPS if o not in ("xml-ref", "xml-count")),
    "xls": (*RECORD_OPS, *(o for o in BYTE_OPS if o != "zip-huge")),
}
SUFFIX = {"xlsx": ".xlsx", "ods": ".ods", "xls": ".xls"}


@dataclass(frozen=True)
class Member:
    """One part of a zip seed: its name, its bytes as read, and what its headers say
    (``None``: the truth)."""

    name: str
    data: bytes
    deflated: bool = True
    size: int | None = None
    crc: int | None = None
    local_name: str | None = None
    flags: tuple[int, int] = (0, 0)
    methods: tuple[int, int] | None = None

    def part(self) -> Part:
        if self.deflated:
            packer = zlib.compressobj(6, zlib.DEFLATED, -15)
            stored = packer.compress(self.data) + packer.flush()
        else:
            stored = self.data
        size = len(self.data) if self.size is None else self.size
        crc = zlib.crc32(self.data) if self.crc is None else self.crc
        return Part(
            self.name,
            stored,
            size,
            crc,
            self.deflated,
            flags=self.flags,
            local_name=self.local_name,
            methods=self.methods,
        )


@dataclass
class Seed:
    """A workbook to mutate: its parts (zips) or its Workbook stream (.xls)."""

    kind: str
    parts: list[Member]
    stream: bytes = b""

    @property
    def suffix(self) -> str:
        return SUFFIX[self.kind]


def zip_members(path: Path) -> list[Member]:
    with zipfile.ZipFile(path) as archive:
        return [Member(i.filename, archive.read(i), i.compress_type != zipfile.ZIP_STORED)
                for i in archive.infolist()]  # fmt: skip


def _members(parts: Sequence[Part]) -> list[Member]:
    """Members of the parts :mod:`spreadsheets` builds (deflated, or stored as they are)."""
    return [Member(p.name, zlib.decompress(p.stored, -15) if p.deflated else p.stored,
                   p.deflated) for p in parts]  # fmt: skip


#: A census with extreme values that are still valid: the longest text a cell holds,
#: numbers at the edge of what a double keeps, dates at the ends of a workbook's calendar.
EXTREME_ROWS: list[dict[str, Any]] = [
    {"ten": "HTX " + "Đ" * 32_000, "so_thanh_vien": 10**15, "von_dieu_le": 1.7976931348623157e308,
     "doanh_thu": 5e-324, "loi_nhuan": -1.7976931348623157e308, "ngay_thanh_lap": date(1900, 1, 1),
     "ghi_chu": "\u202e\u0301\ufeff" * 1000},
    {"ten": "HTX Hai", "so_thanh_vien": 0, "von_dieu_le": 0.0, "doanh_thu": -0.0,
     "ngay_thanh_lap": date(9999, 12, 31), "so_lao_dong": 2**53 + 1, "ma_so": "0" * 255},
    *({"ten": f"HTX {n}", "so_thanh_vien": n} for n in range(3, 60)),
]  # fmt: skip


def _plain(value: Any) -> Any:
    """A cell value as the BIFF8 and ODS builders take it."""
    if isinstance(value, bool):
        return int(value)
    if value is None or isinstance(value, str | int | float | date):
        return value
    return str(value)


def _example_sheets(path: Path) -> dict[str, list[list[Any]]]:
    """The cells of a committed example workbook, as values."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    return {
        name: [[_plain(v) for v in row] for row in book.get_sheet_by_name(name).to_python()]
        for name in book.sheet_names
    }


INLINE = re.compile(rb'<c ([^>]*?)t="inlineStr"([^>]*)><is><t(?: [^>]*)?>(.*?)</t></is></c>', re.S)


def shared_strings(parts: list[Member]) -> list[Member]:
    """An .xlsx's inline strings moved to a shared strings part, as Excel writes them."""
    strings: dict[bytes, int] = {}

    def shared(m: re.Match[bytes]) -> bytes:
        index = strings.setdefault(m[3], len(strings))
        return b"<c " + m[1] + b't="s"' + m[2] + b"><v>%d</v></c>" % index

    out = [replace(p, data=INLINE.sub(shared, p.data)) if _is_sheet(p.name) else p for p in parts]
    items = b"".join(b"<si><t>" + text + b"</t></si>" for text in strings)
    sst = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.'
           b'openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">%s</sst>'
           % (len(strings), len(strings), items))  # fmt: skip
    relationship = (b'<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                    b"</Relationships>")  # fmt: skip
    override = (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxml'
                b'formats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')  # fmt: skip
    for i, p in enumerate(out):
        if p.name == "xl/_rels/workbook.xml.rels":
            out[i] = replace(p, data=p.data.replace(b"</Relationships>", relationship))
        elif p.name == "[Content_Types].xml":
            out[i] = replace(p, data=p.data.replace(b"</Types>", override))
    return [*out, Member("xl/sharedStrings.xml", sst)]


#: The committed examples (written by ``examples/make_examples.py``) used as seeds: small
#: ones, so that a run reads many files. The official form has merged headers and notes.
EXAMPLES = ("census-official-form.xlsx", "census-findings.xlsx")


def make_seeds(folder: Path) -> dict[str, Seed]:
    """The seed corpus, by name: the census of :data:`spreadsheets.CENSUS_ROWS` and one of
    :data:`EXTREME_ROWS`, each as .xlsx (its text in shared strings), .ods and .xls, and
    the :data:`EXAMPLES` as they are (inline text) and converted to .ods and .xls."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds: dict[str, Seed] = {}
    for name, rows in (("census", CENSUS_ROWS), ("extreme", EXTREME_ROWS)):
        xlsx = write_census(folder / f"{name}.xlsx", rows)
        sheets: dict[str, Any] = census_sheets(rows)
        seeds[f"{name}.xlsx"] = Seed("xlsx", shared_strings(zip_members(xlsx)))
        seeds[f"{name}.ods"] = Seed("ods", _members(ods_parts(sheets)))
        seeds[f"{name}.xls"] = Seed("xls", [], biff8_workbook(sheets))
    for example in EXAMPLES:
        path = ROOT / "examples" / example
        stem = example.removesuffix(".xlsx").removeprefix("census-")
        sheets = _example_sheets(path)
        seeds[f"{stem}.xlsx"] = Seed("xlsx", zip_members(path))
        seeds[f"{stem}.ods"] = Seed("ods", _members(ods_parts(sheets)))
        seeds[f"{stem}.xls"] = Seed("xls", [], biff8_workbook(sheets))
    return seeds


def seed_of(path: Path) -> Seed:
    """A seed from a workbook file (``bench/fuzz.py --corpus``): a zip's parts or an
    .xls's Workbook stream."""
    from ktt_indicators.read.cfb import Container

    if zipfile.is_zipfile(path):
        kind = "ods" if b"opendocument" in path.read_bytes()[:200] else "xlsx"
        return Seed(kind, zip_members(path))
    with path.open("rb") as fp:
        container = Container(fp, path.stat().st_size)
        return Seed("xls", [], container.read("Workbook"))


SEEDS = tuple(f"{n}.{k}" for n in ("census", "extreme", "official-form", "findings")
              for k in SUFFIX)  # fmt: skip

# --------------------------------------------------------------------------- part operations


def _rename(name: str, how: int) -> str:
    choice = how % 5
    if choice == 0:
        return name.upper()
    if choice == 1:
        return name.replace("/", "\\")
    if choice == 2:
        return "other/" + name
    if choice == 3:
        return name.rsplit("/", 1)[-1]
    return name + ".bak"


FLAGS = (0x0001, 0x0040, 0x0041, 0x0008, 0x0800, 0x2000, 0x0020, 0xFFFF, 0x0009, 0x0002)
METHODS = (0, 1, 6, 9, 12, 14, 19, 93, 95, 98, 99, 0xFFFF)


def _where(b: int, values: Sequence[int], now: tuple[int, int]) -> tuple[int, int]:
    """A value of ``values`` put in the local header, the central directory or both."""
    value, where = values[b % len(values)], (b // len(values)) % 3
    return (value if where != 1 else now[0], value if where != 0 else now[1])


def _part_op(parts: list[Member], op: Op) -> list[Member]:
    name, a, b = op
    if not parts:
        return parts
    parts = list(parts)
    i, j = a % len(parts), b % len(parts)
    p = parts[i]
    if name == "swap":
        parts[i], parts[j] = replace(parts[j], name=p.name), replace(p, name=parts[j].name)
    elif name == "rename":
        parts[i] = replace(p, name=_rename(p.name, b))
    elif name == "drop":
        del parts[i]
    elif name == "repeat":
        parts.insert(j, p)
    elif name == "huge-size":
        parts[i] = replace(p, size=(b | 0x80000000) & 0xFFFFFFFF)
    elif name == "bad-crc":
        parts[i] = replace(p, crc=zlib.crc32(p.data) ^ (b | 1) & 0xFFFFFFFF)
    elif name == "stored":
        parts[i] = replace(p, deflated=not p.deflated)
    elif name == "local-name":
        others = [q.name for q in parts if q.name != p.name] or [p.name]
        choices = (p.name.upper(), p.name + "x", "", others[b % len(others)],
                   p.name.replace("/", "\\"), "a" * 1000, p.name + "\0")  # fmt: skip
        parts[i] = replace(p, local_name=choices[b % len(choices)])
    elif name == "zip-flag":
        parts[i] = replace(p, flags=_where(b, FLAGS, p.flags))
    elif name == "zip-method":
        now = p.methods or ((8, 8) if p.deflated else (0, 0))
        parts[i] = replace(p, methods=_where(b, METHODS, now))
    return parts


# --------------------------------------------------------------------------- XML operations

#: What an attribute is set to: numbers at every integer type's edge, references, text.
EXTREMES = ("", "0", "-1", "1", "2147483648", "4294967295", "4294967296",
            "18446744073709551616", "1048576", "1048577", "16384", "1e308", "NaN", "-0",
            "AAAAAAAAAAAAA1", "XFD1048576", "A1:XFD1048576", "&#0;", "x" * 70_000, "true",
            "../../../../etc/passwd", "9" * 400)  # fmt: skip
#: Cell references beyond, outside or beside Excel's grid.
REFERENCES = ("AAAAAAAAAAAAA1", "AAAA1", "XFD1048576", "XFE1", "A1048577", "A0",
              "A4294967297", "A99999999999999999999", "1", "A", "", "a1", "$A$1",
              "Z" * 40 + "1", "A1:AAAAAAAAAAAAA1", "A1:XFD1048576", "B2:A1",
              "A1 XFD1048576")  # fmt: skip
COUNTS = ("4294967295", "2147483647", "1000000000", "0", "-1", "18446744073709551615", "",
          "99999999999999999999")  # fmt: skip
REPEATS = (2, 10, 100, 1000, 10_000)
ENCODINGS = ("x-unknown", "UTF-7", "EBCDIC-US", "UTF-16", "UTF-32", "ISO-8859-1",
             "windows-1258", "", "utf-8\x00", "utf-" + "8" * 1000, "GBK", "cp1252")  # fmt: skip
VALUES = ("1e308", "-1e308", "1e309", "NaN", "INF", "-0", "4294967296", "9" * 30, "1e-320",
          "", "2958466", "-1", "60", "1.7976931348623157E+308", "0x10", " 1 ")  # fmt: skip
ODS_VALUES = ("1e308", "NaN", "-0", "9" * 30, "99999-12-31", "0000-00-00", "2024-02-30",
              "-4713-01-01T00:00:00", "", "P99999999D", "true")  # fmt: skip
ODS_REPEATS = (2, 32, 1024, 16_384, 65_536, 1_048_575, 1_048_576, 2_147_483_647,
               4_294_967_295, 0, -1, 1_000_000)  # fmt: skip
#: The most bytes an XML operation adds (the mutated file stays small enough to write).
MOST = 24 * 1024 * 1024


def _xml(parts: list[Member], wanted: Callable[[str], bool] = lambda _: True) -> list[int]:
    return [i for i, p in enumerate(parts) if p.name.endswith((".xml", ".rels"))
            and wanted(p.name)]  # fmt: skip


def _is_sheet(name: str) -> bool:
    return "worksheets/" in name or name == "content.xml"


Spans = list[tuple[int, re.Match[bytes]]]


def _spans(parts: list[Member], pattern: re.Pattern[bytes],
           wanted: Callable[[str], bool] = lambda _: True) -> Spans:  # fmt: skip
    """Each match of ``pattern`` in the XML parts ``wanted`` picks, with its part."""
    return [(i, m) for i in _xml(parts, wanted) for m in pattern.finditer(parts[i].data)]


def _splice(parts: list[Member], i: int, start: int, end: int, text: bytes) -> list[Member]:
    p = parts[i]
    parts[i] = replace(p, data=p.data[:start] + text + p.data[end:])
    return parts


ATTRIBUTE = re.compile(rb'\s[\w:.-]+="([^"]*)"')
REFERENCE = re.compile(rb'\s(?:r|ref|sqref)="([^"]*)"')
ELEMENT = re.compile(
    rb"<(row|c|si|sheet|Relationship|Override|mergeCell|table:table-row|table:table-cell|"
    rb"table:table-column)[\s>/](?:[^>]*/>|.*?</\1>)",
    re.S,
)
SHEET_ENTRY = re.compile(rb"<sheet\s[^>]*/>")
TABLE = re.compile(rb"<table:table[\s>].*?</table:table>", re.S)
ROW_START = re.compile(rb"<table:table-row\b[^>]*>")
CELL_START = re.compile(rb"<table:(?:covered-)?table-cell\b[^>]*?(?=/?>)")


def _set_attribute(tag: bytes, attribute: bytes, value: bytes) -> bytes:
    """``tag`` (a start tag without its ``>``) with ``attribute`` set to ``value``."""
    pattern = re.compile(rb"\s" + re.escape(attribute) + rb'="[^"]*"')
    if pattern.search(tag):
        return pattern.sub(lambda _: b" " + attribute + b'="' + value + b'"', tag, count=1)
    return tag + b" " + attribute + b'="' + value + b'"'


def _xml_op(parts: list[Member], kind: str, op: Op) -> list[Member]:
    name, a, b = op
    parts = list(parts)
    if name in ("xml-attr", "xml-ref"):
        found = _spans(parts, ATTRIBUTE if name == "xml-attr" else REFERENCE,
                       (lambda _: True) if name == "xml-attr" else _is_sheet)  # fmt: skip
        values = EXTREMES if name == "xml-attr" else REFERENCES
        if found:
            i, m = found[a % len(found)]
            return _splice(parts, i, m.start(1), m.end(1), values[b % len(values)].encode())
    elif name == "xml-count":
        found = _spans(parts, re.compile(rb"<sst\b[^>]*"))
        if found:
            i, m = found[0]
            tag, count = m[0], COUNTS[b % len(COUNTS)].encode()
            for attribute in ((b"count",), (b"uniqueCount",), (b"count", b"uniqueCount"))[a % 3]:
                tag = _set_attribute(tag, attribute, count)
            return _splice(parts, i, m.start(), m.end(), tag)
    elif name == "xml-repeat":
        found = _spans(parts, ELEMENT)
        if found:
            i, m = found[a % len(found)]
            times = min(REPEATS[b % len(REPEATS)], MOST // max(1, len(m[0])))
            return _splice(parts, i, m.start(), m.end(), m[0] * times)
    elif name == "xml-sheets":
        return _sheets_op(parts, kind, a, b)
    elif name == "xml-encoding":
        return _encoding_op(parts, a, b)
    elif name == "xml-merges":
        return _merges_op(parts, kind, a, b)
    elif name == "xml-text":
        return _text_op(parts, kind, a, b)
    elif name == "xml-value":
        if kind == "ods":
            found = _spans(parts, re.compile(rb'office:(?:date-)?value="([^"]*)"'))
            values = ODS_VALUES
        else:
            found = _spans(parts, re.compile(rb"<v>([^<]*)</v>"), _is_sheet)
            values = VALUES
        if found:
            i, m = found[a % len(found)]
            return _splice(parts, i, m.start(1), m.end(1), values[b % len(values)].encode())
    return parts


def _sheets_op(parts: list[Member], kind: str, a: int, b: int) -> list[Member]:
    """One sheet listed many times: the same ``<sheet>`` entry of workbook.xml (same name,
    or numbered names), or an .ods's table repeated."""
    times = (2, 10, 100, 1000, 5000)[b % 5]
    found = _spans(parts, TABLE if kind == "ods" else SHEET_ENTRY)
    if not found:
        return parts
    i, m = found[a % len(found)]
    times = min(times, MOST // max(1, len(m[0])))
    if (b // 5) % 2:
        entries = m[0] * times
    else:
        entries = b"".join(re.sub(rb'name="([^"]*)"', lambda n, k=k: b'name="' + n[1]
                                  + str(k).encode() + b'"', m[0], count=1)
                           for k in range(times))  # fmt: skip
    return _splice(parts, i, m.start(), m.end(), entries)


def _encoding_op(parts: list[Member], a: int, b: int) -> list[Member]:
    """An XML part whose declaration names another encoding (or none, or has a BOM)."""
    found = _xml(parts)
    if not found:
        return parts
    i = found[a % len(found)]
    data = re.sub(rb"^\xef\xbb\xbf?<\?xml[^>]*\?>\s*", b"", parts[i].data)
    choice = b % (len(ENCODINGS) + 2)
    if choice == len(ENCODINGS):
        head = b""
    elif choice == len(ENCODINGS) + 1:
        head = b'\xef\xbb\xbf<?xml version="1.0" encoding="UTF-8"?>'
    else:
        head = b'<?xml version="1.0" encoding="' + ENCODINGS[choice].encode() + b'"?>'
    parts[i] = replace(parts[i], data=head + data)
    return parts


def _merges_op(parts: list[Member], kind: str, a: int, b: int) -> list[Member]:
    """A sheet with thousands of merged ranges (an .ods: cells spanning many)."""
    count = (1, 30, 300, 3000, 30_000)[b % 5]
    mode = (b // 5) % 4
    if kind == "ods":
        found = _spans(parts, CELL_START)
        if not found:
            return parts
        i, m = found[a % len(found)]
        tag = _set_attribute(m[0], b"table:number-columns-spanned", str(count).encode())
        tag = _set_attribute(tag, b"table:number-rows-spanned", str(count).encode())
        return _splice(parts, i, m.start(), m.end(), tag)
    sheets = [i for i in _xml(parts, _is_sheet) if b"</sheetData>" in parts[i].data]
    if not sheets:
        return parts
    i = sheets[a % len(sheets)]

    def merge(n: int) -> str:
        if mode in (0, 3):  # small distinct ranges over the top of the sheet
            column = column_name(2 * (n % 100))
            return f"{column}{1 + n // 100}:{column_name(2 * (n % 100) + 1)}{1 + n // 100}"
        if mode == 1:  # the whole grid, many times
            return "A1:XFD1048576"
        return f"A{n + 1}:XFD{n + 1}"  # whole rows

    cells = "".join(f'<mergeCell ref="{merge(n)}"/>' for n in range(count))
    text = f'</sheetData><mergeCells count="{count}">{cells}</mergeCells>'.encode()
    data = re.sub(rb"<mergeCells\b.*?</mergeCells>", b"", parts[i].data, flags=re.S)
    last = data.rfind(b"</row>")
    if mode == 3 and last >= 0:  # and the sheet as wide as Excel's: a cell in its last column
        row = re.findall(rb'<row r="(\d+)"', data)[-1:] or [b"1"]
        data = data[:last] + b'<c r="XFD' + row[0] + b'"><v>1</v></c>' + data[last:]
    parts[i] = replace(parts[i], data=data.replace(b"</sheetData>", text, 1))
    return parts


def _text_op(parts: list[Member], kind: str, a: int, b: int) -> list[Member]:
    """One long text that many cells show: a shared string (an .ods: a repeated row)."""
    length = (32_767, 100_000, 1_000_000)[b % 3]
    cells = (1, 100, 10_000, 50_000)[(b // 3) % 4]
    text = b"x" * length
    if kind == "ods":
        found = _spans(parts, re.compile(rb"(<table:table-row\b[^>]*)>(.*?)</table:table-row>",
                                         re.S))  # fmt: skip
        if not found:
            return parts
        i, m = found[a % len(found)]
        row = (_set_attribute(m[1], b"table:number-rows-repeated", str(cells).encode())
               + b'><table:table-cell office:value-type="string"><text:p>' + text
               + b"</text:p></table:table-cell></table:table-row>")  # fmt: skip
        return _splice(parts, i, m.start(), m.end(), row)
    strings = _spans(parts, re.compile(rb"<si>.*?</si>", re.S))
    sheets = [i for i in _xml(parts, _is_sheet) if b"</sheetData>" in parts[i].data]
    if not strings or not sheets:
        return parts
    si, m = strings[0]
    parts = _splice(parts, si, m.start(), m.end(), b"<si><t>" + text + b"</t></si>")
    i = sheets[a % len(sheets)]
    last = max((int(r) for r in re.findall(rb'<row r="(\d+)"', parts[i].data)), default=0)
    rows = b"".join(b'<row r="%d"><c r="A%d" t="s"><v>0</v></c></row>' % (n, n)
                    for n in range(last + 1, last + 1 + cells))  # fmt: skip
    parts[i] = replace(parts[i], data=parts[i].data.replace(b"</sheetData>", rows
                                                            + b"</sheetData>", 1))  # fmt: skip
    return parts


def _ods_op(parts: list[Member], op: Op) -> list[Member]:
    name, a, b = op
    parts = list(parts)
    if name == "ods-repeat":  # a row, a cell, or both, repeated many times
        value = str(ODS_REPEATS[b % len(ODS_REPEATS)]).encode()
        rows = _spans(parts, ROW_START)
        if not rows:
            return parts
        i, m = rows[a % len(rows)]
        mode = (b // len(ODS_REPEATS)) % 3
        tail = parts[i].data[m.end() :]
        if mode != 1:
            tag = _set_attribute(m[0][:-1], b"table:number-rows-repeated", value) + b">"
        else:
            tag = m[0]
        if mode != 0:
            cell = CELL_START.search(tail)
            if cell:
                width = b"32" if mode == 2 else value
                wide = _set_attribute(cell[0], b"table:number-columns-repeated", width)
                tail = tail[: cell.start()] + wide + tail[cell.end() :]
        parts[i] = replace(parts[i], data=parts[i].data[: m.start()] + tag + tail)
    elif name == "ods-table":
        tables = _spans(parts, TABLE)
        if not tables:
            return parts
        i, m = tables[a % len(tables)]
        table = m[0]
        body = re.sub(rb"^<table:table\b[^>]*>|</table:table>$", b"", table)
        head = table[: len(table) - len(body) - len(b"</table:table>")]
        mode = b % 7
        if mode == 0:  # the same table many times, same name
            new = table * min(1000, MOST // max(1, len(table)))
        elif mode == 1:  # an empty table
            new = head + b"</table:table>"
        elif mode == 2:  # a table inside a cell
            new = (
                head + re.sub(rb"<text:p>", table + b"<text:p>", body, count=1) + b"</table:table>"
            )
        elif mode == 3:  # rows in groups and header rows
            groups = b"<table:table-header-rows><table:table-row-group>"
            ends = b"</table:table-row-group></table:table-header-rows>"
            new = head + groups + body + ends + b"</table:table>"
        elif mode == 4:  # every column declared
            new = (head + b'<table:table-column table:number-columns-repeated="16384"/>' + body
                   + b"</table:table>")  # fmt: skip
        elif mode == 5:  # no name
            new = re.sub(rb'\stable:name="[^"]*"', b"", head) + body + b"</table:table>"
        else:  # cells without rows
            new = head + re.sub(rb"</?table:table-row\b[^>]*>", b"", body) + b"</table:table>"
        return _splice(parts, i, m.start(), m.end(), new)
    return parts


# --------------------------------------------------------------------------- BIFF records

MULBLANK, BLANK, LABEL, BOOLERR, FORMULA, STRING, ROW, MERGEDCELLS, RSTRING = (
    0x00BE, 0x0201, 0x0204, 0x0205, 0x0006, 0x0207, 0x0208, 0x00E5, 0x00D6,
)  # fmt: skip
#: Record types a record is changed to: cells, the strings, the globals' structure.
TYPES = (MULBLANK, MULRK, LABELSST, DIMENSIONS, NUMBER, 0x027E, BLANK, LABEL, BOOLERR, FORMULA,
         STRING, ROW, MERGEDCELLS, 0x00FC, 0x003C, BOF, EOF, BOUNDSHEET, 0x002F, 0x0042, 0x00E0,
         0x0031, 0x041E, 0x001C, 0x01B8, 0x00FF, RSTRING)  # fmt: skip
#: Record types whose data a reader indexes by its length: ended past the stream.
PAST_END = (MULBLANK, MULRK, LABELSST, DIMENSIONS, NUMBER, 0x027E, BLANK, LABEL, 0x00FC,
            BOUNDSHEET, ROW, MERGEDCELLS, FORMULA, 0x003C, RSTRING)  # fmt: skip
NUMBERS = (float("inf"), float("-inf"), float("nan"), 1.7976931348623157e308, -0.0, 5e-324,
           2958466.0, -1.0, 60.0, 1e15, 2.0**53 + 1)  # fmt: skip


def _inserted(b: int) -> bytes:
    """A well-formed record whose fields are at their edges."""
    row, column = (0, 0xFFFF, 65535, 0x7FFF)[b % 4], (0, 0xFF, 0xFFFF, 0x3FFF)[(b // 4) % 4]
    choice = (b // 16) % 9
    if choice == 0:  # MULRK: many RK values, its last column anywhere
        rks = struct.pack("<HI", 15, 0x3FF00000) * (1 + b % 200)
        return record(MULRK, struct.pack("<HH", row, column) + rks + struct.pack("<H", 0xFFFF))
    if choice == 1:
        return record(MULBLANK, struct.pack("<HH", row, 0) + b"\x0f\x00" * (1 + b % 300)
                      + struct.pack("<H", column))  # fmt: skip
    if choice == 2:  # a string index past the table
        return record(LABELSST, struct.pack("<HHHI", row, column, 15, 0xFFFFFFFF - b % 7))
    if choice == 3:
        return record(DIMENSIONS, struct.pack("<IIHHH", 0, 0xFFFFFFFF - b % 3, 0, 0xFFFF, 0))
    if choice == 4:  # thousands of merged ranges
        count = (1, 1024, 8000)[b % 3]
        ranges = b"".join(struct.pack("<HHHH", n % 65536, 65535, 0, 255) for n in range(count))
        return record(MERGEDCELLS, struct.pack("<H", count) + ranges[:8200])
    if choice == 5:
        return record(NUMBER, struct.pack("<HHHd", row, column, 15, NUMBERS[b % len(NUMBERS)]))
    if choice == 6:  # a LABEL saying it holds more characters than it does
        return record(LABEL, struct.pack("<HHHHB", row, column, 15, 0xFFFF, 1) + b"x\x00" * 4)
    if choice == 7:
        return record(ROW, struct.pack("<HHHHHHI", row, 0, 0xFFFF, 0xFF, 0, 0, 0x100))
    return record(0x00FC, struct.pack("<II", 0xFFFFFFFF, 0xFFFFFFFF) + b"\x01\x00\x00x")


def _records(stream: bytes) -> list[tuple[int, int]]:
    """(offset, type) of each BIFF record of ``stream``."""
    found, at = [], 0
    while at + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, at)
        found.append((at, kind))
        at += 4 + size
    return found


def _record_op(stream: bytes, op: Op) -> bytes:
    name, a, b = op
    records = _records(stream)
    if not records:
        return stream
    at, kind = records[a % len(records)]
    (size,) = struct.unpack_from("<H", stream, at + 2)
    whole = stream[at : at + 4 + size]
    # records after the last BOF: inserting there moves no sheet's offset
    last_bof = max((i for i, (_, k) in enumerate(records) if k == BOF), default=0)
    tail = records[last_bof:]
    if name == "record-length":
        return stream[: at + 2] + struct.pack("<H", b & 0xFFFF) + stream[at + 4 :]
    if name == "record-repeat" and kind != BOUNDSHEET:
        return stream[:at] + whole * (1 + b % 3) + stream[at:]
    if name == "record-drop":
        return stream[:at] + stream[at + 4 + size :]
    if name == "record-huge" and size >= 2:
        offset = at + 4 + (b % max(1, size - 1))
        value = struct.pack("<H", 0xFFFF if b & 1 else 0x7FFF)
        return stream[:offset] + value[: at + 4 + size - offset] + stream[offset + 2 :]
    if name == "record-type":
        return stream[:at] + struct.pack("<H", TYPES[b % len(TYPES)]) + stream[at + 2 :]
    if name == "record-insert":
        where = tail[1 + a % (len(tail) - 1)][0] if len(tail) > 1 else len(stream)
        return stream[:where] + _inserted(b) + stream[where:]
    if name == "record-past-end":  # the last sheet's records end in one running past
        where = tail[1 + a % (len(tail) - 1)][0] if len(tail) > 1 else len(stream)
        length = (6, 8, 14, 200, 0xFFFF)[b % 5]
        data = struct.pack("<HHHH", 1, 2, 15, 3)[: (b // 5) % 8]
        return stream[:where] + struct.pack("<HH", PAST_END[a % len(PAST_END)], length) + data
    if name == "record-value":
        numbers = [at for at, k in records if k == NUMBER]
        if numbers:
            at = numbers[a % len(numbers)]
            value = struct.pack("<d", NUMBERS[b % len(NUMBERS)])
            return stream[: at + 10] + value + stream[at + 18 :]
    return stream


# --------------------------------------------------------------------------- byte operations

CFB_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
#: Special sector numbers: free, end of chain, a FAT sector, a DIFAT sector.
SPECIAL = (0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFC)
#: A directory entry's fields (offset, format): name length, type, left, right, child,
#: first sector, size.
ENTRY_FIELDS = ((64, "<H"), (66, "<B"), (68, "<I"), (72, "<I"), (76, "<I"), (116, "<I"),
                (120, "<Q"), (120, "<I"))  # fmt: skip


def _headers(data: bytes, signature: bytes) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(signature), data)]


def _sector_value(b: int, sectors: int) -> int:
    """A sector number: one of the file's, one just past it, or a special one."""
    if b % 8 == 7:
        return SPECIAL[(b // 8) % len(SPECIAL)]
    return b % (sectors + 2)


def _byte_op(data: bytes, op: Op) -> bytes:
    name, a, b = op
    if not data:
        return data
    out = bytearray(data)
    cfb = data.startswith(CFB_MAGIC) and len(data) >= 512  # a header to point from
    sectors = len(data) // 512
    if name == "truncate":
        return data[: a % len(data)]
    if name == "flip":
        out[a % len(out)] ^= 1 << (b % 8)
    elif name == "overwrite":
        at, size = a % len(out), 1 + b % 64
        fill = (b.to_bytes(4, "little") * 17)[:size]
        out[at : at + size] = fill[: len(out) - at]
    elif name == "zip-huge":
        heads = [(h, 18) for h in _headers(data, b"PK\x03\x04")]
        heads += [(h, 20) for h in _headers(data, b"PK\x01\x02")]
        if heads:
            at, field = heads[a % len(heads)]
            where = at + field + 4 * (b % 2)  # compressed or uncompressed size
            if where + 4 <= len(out):
                struct.pack_into("<I", out, where, 0xFFFFFFFF - (b % 4096))
    elif name == "ole-field" and cfb:
        fields = (0x1E, 0x20, 0x2C, 0x30, 0x38, 0x3C, 0x40, 0x44, 0x48, 0x4C)
        where = fields[a % len(fields)]
        fmt = "<H" if where < 0x2C else "<I"
        if where + struct.calcsize(fmt) <= len(out):
            struct.pack_into(fmt, out, where, b & (0xFFFF if where < 0x2C else 0xFFFFFFFF))
    elif name == "fat-entry" and cfb:
        (fat,) = struct.unpack_from("<I", data, 0x4C)
        where = 512 + 512 * (fat % max(1, sectors)) + 4 * (a % 128)
        if where + 4 <= len(out):
            struct.pack_into("<I", out, where, _sector_value(b, sectors))
    elif name == "difat" and cfb:
        where = 0x4C + 4 * (a % 109)
        if where + 4 <= len(out):
            struct.pack_into("<I", out, where, _sector_value(b, sectors))
    elif name == "dir-entry" and cfb:
        (directory,) = struct.unpack_from("<I", data, 0x30)
        field, fmt = ENTRY_FIELDS[b % len(ENTRY_FIELDS)]
        where = 512 + 512 * (directory % max(1, sectors)) + 128 * (a % 4) + field
        top = (1 << (8 * struct.calcsize(fmt))) - 1
        values = (0, 1, 2, top, top - 1, 0x7FFFFFFF & top, a % 4, _sector_value(b // 8, sectors))
        if where + struct.calcsize(fmt) <= len(out):
            struct.pack_into(fmt, out, where, values[(b // len(ENTRY_FIELDS)) % len(values)] & top)
    return bytes(out)


def mutate(seed: Seed, ops: Sequence[Op]) -> bytes:
    """The bytes of ``seed`` after ``ops``: part, zip header, XML and record operations
    first, in order, then byte operations (a mutator that does not apply to the seed's
    kind changes nothing)."""
    parts, stream = seed.parts, seed.stream
    for op in ops:
        if op[0] not in APPLIES[seed.kind]:
            continue
        if op[0] in PART_OPS + ZIP_OPS:
            parts = _part_op(parts, op)
        elif op[0] in XML_OPS:
            parts = _xml_op(parts, seed.kind, op)
        elif op[0] in ODS_OPS:
            parts = _ods_op(parts, op)
        elif op[0] in RECORD_OPS:
            stream = _record_op(stream, op)
    if seed.kind == "xls":
        data = compound_bytes({"Workbook": stream})[0]
    else:
        data = zip_bytes([p.part() for p in parts])
    for op in ops:
        if op[0] in BYTE_OPS and op[0] in APPLIES[seed.kind]:
            data = _byte_op(data, op)
    return data


def random_ops(rnd: random.Random, mutators: Sequence[str] = MUTATORS,
               most: int = 4) -> list[Op]:  # fmt: skip
    """One to ``most`` operations of ``mutators``, their numbers often at an edge."""

    def number() -> int:
        return (
            rnd.choice((0, 1, 2, 0xFFFF, 0xFFFFFFFF)) if rnd.random() < 0.2 else rnd.getrandbits(32)
        )

    return [(rnd.choice(mutators), number(), number()) for _ in range(rnd.randint(1, most))]


# --------------------------------------------------------------------------- the reader

READER = r"""
import json, os, resource, sys
from pathlib import Path
from ktt_indicators.census.reader import read_census_file
from ktt_indicators.read.guard import Limits

limits = Limits(**json.loads(os.environ.get("KTT_FUZZ_LIMITS") or "{}"))

def peak_kb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

print("ready", flush=True)
for line in sys.stdin:
    path = line.rstrip("\n")
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")  # the peak starts again from here
    except OSError:
        pass
    usage = resource.getrusage(resource.RUSAGE_SELF)
    began = usage.ru_utime + usage.ru_stime
    try:
        census = read_census_file(Path(path), limits=limits)
        refusals = [f for f in census.findings if f.code == "unreadable-file"]
        if refusals:
            status = "unreadable " + refusals[0].params.get("reason", "?")
        elif census.unusable:
            status = "unusable " + " ".join(sorted({f.code for f in census.findings}))
        else:
            status = f"sheets {len(census.organizations)}"
    except BaseException as exc:
        status = f"exception {type(exc).__module__}.{type(exc).__name__}: {str(exc)[:300]}"
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime - began
    print(json.dumps({"status": status, "cpu": cpu, "peak_kb": peak_kb()}), flush=True)
"""


@dataclass
class Outcome:
    """How reading one file ended."""

    status: str
    cpu: float
    peak_kb: int
    #: What the reader wrote on stderr while reading it (a panic's message, for one).
    stderr: str = ""

    @property
    def kind(self) -> str:
        """The failure's kind, without numbers and paths (``""``: no failure)."""
        if self.status.startswith(("sheets", "unreadable", "unusable")):
            if self.cpu > 10:
                return "slow"
            if self.peak_kb > 1024 * 1024:
                return "memory"
            return ""
        if self.status.startswith("exception"):
            return self.status.split(":", 1)[0]
        return re.sub(r"\d+", "N", self.status)


def kind_of(outcome: Outcome) -> str:
    """The failure's kind (``""``: none), with the Rust source line of a panic or an abort."""
    kind = outcome.kind
    if not kind:
        return ""
    where = re.search(r"panicked at [^\n]*?([\w-]+-[\d.]+/src/[\w/]+\.rs):(\d+)", outcome.stderr)
    if where:
        kind += f" at {where[1]}:{where[2]}"
    elif "memory allocation of" in outcome.stderr:
        kind += " (memory allocation failed)"
    return kind


#: The limits files are read under while fuzzing. ktt's defaults allow a census sheet of
#: 1,048,576 rows, which takes some 30 s and 1.9 GB to check (see *Performance* in the
#: README), and 1 GB of text, which the reader holds twice or more; an .ods of 1 kB may
#: declare either (repeated rows and cells). Under 2,000,000 cells (80,000 census rows,
#: about 3 s) and 256 MB, whatever takes longer than 10 s or more than 1 GB is work the
#: limits did not bound.
FUZZ_LIMITS = {"max_cells": 2_000_000, "max_uncompressed_mb": 256}


class Reader:
    """A child process reading census files in turn (see the module's docstring), under
    ``limits`` (keyword arguments of :class:`ktt_indicators.read.guard.Limits`)."""

    def __init__(self, *, address_space: int = 2 * 1024**3, timeout: float = 30.0,
                 limits: dict[str, int] | None = None) -> None:  # fmt: skip
        self.address_space = address_space
        self.timeout = timeout
        self.limits = limits or {}
        self.process: subprocess.Popen[str] | None = None
        self.err: IO[str] | None = None

    def _limit(self) -> None:
        resource.setrlimit(resource.RLIMIT_AS, (self.address_space, self.address_space))

    def _start(self) -> subprocess.Popen[str]:
        import tempfile

        if self.err is not None:
            self.err.close()
        # kept open across files, closed by close(): the child writes to it all along
        self.err = tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace")  # noqa: SIM115
        env = {**os.environ, "PYTHONPATH": SRC, "RUST_BACKTRACE": "0",
               "KTT_FUZZ_LIMITS": json.dumps(self.limits)}  # fmt: skip
        process = subprocess.Popen(
            [sys.executable, "-c", READER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=self.err, text=True, env=env, preexec_fn=self._limit,
        )  # fmt: skip
        assert process.stdout is not None
        process.stdout.readline()  # "ready"
        return process

    def _stderr_since(self, at: int) -> str:
        assert self.err is not None
        self.err.flush()
        self.err.seek(at)
        text = self.err.read()
        self.err.seek(0, os.SEEK_END)
        return text

    def read(self, path: Path) -> Outcome:
        """Read ``path`` in the child; start a new child if the last one died."""
        if self.process is None or self.process.poll() is not None:
            self.process = self._start()
        process = self.process
        assert process.stdin is not None and process.stdout is not None and self.err
        at = self.err.seek(0, os.SEEK_END)
        process.stdin.write(f"{path}\n")
        process.stdin.flush()
        ready, _, _ = select.select([process.stdout], [], [], self.timeout)
        if not ready:
            process.kill()
            process.wait()
            self.process = None
            return Outcome("hang", self.timeout, 0, self._stderr_since(at))
        line = process.stdout.readline()
        if not line:
            code = process.wait()
            self.process = None
            name = signal.Signals(-code).name if code < 0 else f"exit {code}"
            return Outcome(f"signal {name}", 0.0, 0, self._stderr_since(at))
        result: dict[str, Any] = json.loads(line)
        return Outcome(result["status"], result["cpu"], result["peak_kb"], self._stderr_since(at))

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        if self.err is not None:
            self.err.close()
            self.err = None
