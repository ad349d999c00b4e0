"""Seeded generator of realistic census workbooks of any size, for the benchmarks.

Rows are drawn from the bundled example census (examples/census-can-tho-2025.xlsx: the
mix of legal forms, sectors, statuses, ratings and money of a real city) and spread over a
country: the 3,321 communes in force (ktt's list of units), each with the former province
of its main predecessor. Each HTX and LHHTX gets a
code of its own, each organization a name of its own, and numbers, money and founding dates
vary around the example's. A few per cent of cells are typed as people type them (yes as
"Có" or "X", a date as text, a number with thousands dots, trailing spaces), so the slow
paths of the parser are measured too. The census has no errors, so ``ktt gap`` counts it.

The workbook is written the way Excel writes one (shared strings, dates as serial numbers
with a date style, cell references on every cell), straight to XML: openpyxl would take
minutes for a million rows. The same size and seed give the same bytes.

    python bench/make_census.py 100000 -o bench/data/census-100k.xlsx [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import zipfile
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "census-can-tho-2025.xlsx"
ZIP_TIME = (2025, 12, 15, 0, 0, 0)
EXCEL_EPOCH = date(1899, 12, 30)

INFO_SHEET = "Thông tin chung"
LIST_SHEET = "Danh sách tổ chức"
Row = list[Any]


def example_rows() -> tuple[list[str], list[Row]]:
    """Header and rows of the bundled example's list sheet."""
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(EXAMPLE)).get_sheet_by_name(LIST_SHEET).to_python()
    return [str(h) for h in rows[0]], rows[1:]


def places() -> list[tuple[str, str, str]]:
    """(commune, former district, former province) for every commune in force of the
    country (ktt's list of units): the former ones of its main predecessor, as a national
    census after the reform would name them."""
    from ktt_indicators.census.units import load_units

    units = load_units()
    found = []
    for unit in units.communes:
        olds = units.crosswalk.predecessors(unit)
        district, province = (olds[0].district, olds[0].old_province) if olds else ("", "")
        found.append(
            (unit.name, district, province.removeprefix("Tỉnh ").removeprefix("Thành phố "))
        )
    return found


def sloppy_yes(rng: random.Random) -> str:
    return rng.choice(["Có", "có", "X", "x ", " Có"])


def thousands(value: float) -> str:
    """A number as typed with Vietnamese thousands dots and a decimal comma."""
    whole, _, frac = f"{value:.1f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return grouped if frac == "0" else f"{grouped},{frac}"


def make_rows(count: int, seed: int, sloppy: float) -> Iterator[Row]:
    """``count`` organizations, drawn from the example's rows (see the module docstring)."""
    rng = random.Random(seed)
    header, templates = example_rows()
    col = {name: j for j, name in enumerate(header)}
    yes_names = ("Liên kết chuỗi giá trị", "Ứng dụng công nghệ cao", "Chuyển đổi số",
                 "HTX kiểu mới", "Điển hình tiên tiến")  # fmt: skip
    yes_columns = [col[c] for c in yes_names]
    counts = [col[c] for c in ("Số thành viên", "Số lao động")]
    money = [col[c] for c in ("Vốn điều lệ (triệu đồng)", "Doanh thu (triệu đồng)",
                              "Lợi nhuận (triệu đồng)")]  # fmt: skip
    where = places()
    founded, code, name, form = (col["Ngày thành lập"], col["Mã số"], col["Tên tổ chức"],
                                 col["Loại hình"])  # fmt: skip
    for number in range(1, count + 1):
        row = list(rng.choice(templates))
        row[0] = number
        commune, district, province = where[rng.randrange(len(where))]
        row[col["Xã/phường"]], row[col["Tỉnh/thành cũ"]] = commune, province
        if "Quận/huyện" in col:
            row[col["Quận/huyện"]] = district
        row[name] = f"{row[name]} {number}"
        if row[code]:
            row[code] = f"{10**9 + number * 7919 % (9 * 10**9):010d}"
        if isinstance(row[founded], date):
            row[founded] = row[founded] - timedelta(days=rng.randrange(0, 3650))
            if row[form] == "LHHTX" or row[col["Xếp loại"]]:
                row[founded] = min(row[founded], date(2024, 12, 1))
        for j in counts:
            if isinstance(row[j], float):
                row[j] = float(max(7, round(row[j] * rng.uniform(0.6, 1.6))))
        for j in money:
            if isinstance(row[j], float):
                row[j] = round(row[j] * rng.uniform(0.5, 1.5), 1)
        if rng.random() < sloppy:  # typed as people type
            j = rng.choice([*yes_columns, *counts, *money, founded, name])
            value = row[j]
            if j in yes_columns and value:
                row[j] = sloppy_yes(rng)
            elif j == founded and isinstance(value, date):
                row[j] = value.strftime("%d/%m/%Y")
            elif isinstance(value, float) and j in money:
                row[j] = thousands(value)
            elif isinstance(value, float):
                row[j] = f"{value:.0f} "
            elif isinstance(value, str) and value:
                row[j] = f"  {value} "
        yield row


class SharedStrings:
    """The workbook's shared string table, in order of first use."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.uses = 0

    def __call__(self, text: str) -> int:
        self.uses += 1
        found = self.index.get(text)
        if found is None:
            found = self.index[text] = len(self.index)
        return found

    def xml(self) -> bytes:
        items = "".join(f'<si><t xml:space="preserve">{escape(t)}</t></si>' for t in self.index)
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'count="{self.uses}" uniqueCount="{len(self.index)}">{items}</sst>'
        ).encode()


def column_letters(count: int) -> list[str]:
    letters = []
    for index in range(1, count + 1):
        text = ""
        while index:
            index, rem = divmod(index - 1, 26)
            text = chr(65 + rem) + text
        letters.append(text)
    return letters


def sheet_xml(
    rows: Iterator[Sequence[Any]], width: int, height: int, strings: SharedStrings
) -> Iterator[str]:
    """The XML of a worksheet, in pieces: strings shared, dates as styled serial numbers
    (style 1), empty cells left out, as Excel writes them."""
    letters = column_letters(width)
    yield (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="A1:{letters[-1]}{height}"/><sheetData>'
    )
    for r, row in enumerate(rows, start=1):
        cells = []
        for letter, value in zip(letters, row, strict=False):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                cells.append(f'<c r="{letter}{r}" t="s"><v>{strings(value)}</v></c>')
            elif isinstance(value, date):
                serial = (value - EXCEL_EPOCH).days
                cells.append(f'<c r="{letter}{r}" s="1"><v>{serial}</v></c>')
            else:
                number = int(value) if float(value).is_integer() else value
                cells.append(f'<c r="{letter}{r}"><v>{number}</v></c>')
        yield f'<row r="{r}">{"".join(cells)}</row>'
    yield "</sheetData></worksheet>"


PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheets><sheet name="{INFO_SHEET}" sheetId="1" r:id="rId1"/>'
        f'<sheet name="{LIST_SHEET}" sheetId="2" r:id="rId2"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/'
            f'officeDocument/2006/relationships/{kind}" Target="{target}"/>'
            for i, (kind, target) in enumerate(
                [
                    ("worksheet", "worksheets/sheet1.xml"),
                    ("worksheet", "worksheets/sheet2.xml"),
                    ("styles", "styles.xml"),
                    ("sharedStrings", "sharedStrings.xml"),
                ],
                start=1,
            )
        )
        + "</Relationships>"
    ),
    "xl/styles.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
        '<borders count="1"><border/></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        "</cellStyleXfs>"
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" '
        'applyNumberFormat="1"/></cellXfs></styleSheet>'
    ),
}


def write_census(path: Path, count: int, seed: int = 1, sloppy: float = 0.03) -> None:
    """Write a census of ``count`` organizations to ``path`` (see the module docstring)."""
    header, _ = example_rows()
    strings = SharedStrings()
    info: list[Sequence[object]] = [
        ("Đơn vị báo cáo", "Bộ Tài chính (số liệu tổng hợp)"), ("Năm báo cáo", 2025),
        ("Ngày số liệu", date(2025, 12, 15)), ("Địa bàn", "Toàn quốc"),
        ("Dân số", max(1_000_000, count * 1_000)),
    ]  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name, text in PARTS.items():
            archive.writestr(zipfile.ZipInfo(name, ZIP_TIME), text, zipfile.ZIP_DEFLATED)
        sheets = {
            "xl/worksheets/sheet1.xml": sheet_xml(iter(info), 2, len(info), strings),
            "xl/worksheets/sheet2.xml": sheet_xml(
                iter([header, *make_rows(count, seed, sloppy)]), len(header), count + 1, strings
            ),
        }
        for name, pieces in sheets.items():
            entry = zipfile.ZipInfo(name, ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(entry, "w", force_zip64=True) as out:
                batch: list[str] = []
                for piece in pieces:
                    batch.append(piece)
                    if len(batch) == 2000:
                        out.write("".join(batch).encode())
                        batch.clear()
                out.write("".join(batch).encode())
        entry = zipfile.ZipInfo("xl/sharedStrings.xml", ZIP_TIME)
        archive.writestr(entry, strings.xml(), zipfile.ZIP_DEFLATED)
    partial.replace(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int, help="number of organizations")
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--sloppy", type=float, default=0.03,
        help="share of rows with one cell typed loosely (default 0.03)",
    )  # fmt: skip
    args = parser.parse_args()
    write_census(args.output, args.rows, args.seed, args.sloppy)


if __name__ == "__main__":
    main()
