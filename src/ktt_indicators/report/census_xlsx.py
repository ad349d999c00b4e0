"""The consolidated census of ``ktt batch`` as a census workbook of its own.

The workbook is a census like any other: the template's information sheet and list sheet
(the same labels and column headers, :mod:`.template`), so ``ktt check`` reads it with no
error and ``ktt gap`` on it gives the figures of the files it consolidates. Each record
is written back as a value its column's parser reads to the same thing: categories as
their names, yes as «Có» and no as an empty cell, dates as dates, codes and other text as
string cells (never a formula). A third sheet names the submission each organization came from (its
rows in the list sheet); it has no census header, so the reader passes it by, whereas an
extra column in the list sheet would be an «unknown column» finding, and the «Ghi chú»
column is the submission's own (a targets file may filter on it).

Written with openpyxl's write-only mode (a national census holds hundreds of thousands of
rows). The bytes depend only on the census: the workbook's times and its zip entries'
times are the census's as-of date.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, time
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, Cell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from ..census.reader import Census
from ..census.schema import COLUMNS, INFO_FIELDS, Column, Organization, period_end
from ..core.i18n import Lang, phrase
from .report_xlsx import fix_times, safe_text
from .template import DATE_FORMAT, FIXED_TIME, INFO_SHEET, LIST_SHEET, YES_NO

#: Where the list sheet's organizations start (row 1 is the header).
FIRST_ROW = 2
#: The workbook's creator: how ``ktt batch`` knows its own census.xlsx from a submission.
CREATOR = "ktt batch"

_BOLD = Font(bold=True)


def _one_or_all(values: Iterable[str | None]) -> str | None:
    """The one value the files share, else every distinct value in file order, joined."""
    distinct = list(dict.fromkeys(x for x in values if x))
    return "; ".join(distinct) if distinct else None


def consolidated_info(census: Census) -> dict[str, Any]:
    """The information sheet of the consolidated census, by field key.

    The year is the census's latest; the population is the files' sum (as
    :attr:`Census.population`); the as-of date is the latest of the files' (so that no
    organization is founded after it or rated too young), or none when no file gives one.
    """
    files = census.files
    as_of = [f.info.as_of for f in files if f.info.ngay_so_lieu is not None]
    years = census.years
    return {
        "don_vi_bao_cao": _one_or_all(f.info.don_vi_bao_cao for f in files),
        "nam_bao_cao": years[-1] if years else None,
        "ngay_so_lieu": max((d for d in as_of if d is not None), default=None),
        "dia_ban": _one_or_all(f.info.dia_ban for f in files),
        "dan_so": census.population,
    }


def _text(ws: WriteOnlyWorksheet, value: str) -> str | Cell:
    """A text cell, made safe as the report's are (:func:`.report_xlsx.safe_text`): a string
    openpyxl would take for a formula or an error is forced to text."""
    value = safe_text(value)
    if value.startswith("=") or value in ERROR_CODES:
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        return cell
    return value


def _date(ws: WriteOnlyWorksheet, value: date) -> Cell:
    cell = WriteOnlyCell(ws, value=datetime.combine(value, time()))
    cell.number_format = DATE_FORMAT
    return cell


def _cell(ws: WriteOnlyWorksheet, col: Column, value: Any) -> Any:
    """What to write for a record's value so that the column's parser reads it back."""
    if col.kind == "yes-no":
        return YES_NO[0] if value else None  # empty is «Không», as in the template
    if value is None:
        return None
    if col.kind == "choice":
        return str(value)  # the category's name, as the template's dropdown has it
    if col.kind == "date":
        return _date(ws, value)
    if isinstance(value, str):
        return _text(ws, value)
    return value


def _rows(
    ws: WriteOnlyWorksheet, organizations: Iterable[Organization], declared: Sequence[Column]
) -> Iterator[list[Any]]:
    fields = [c for c in COLUMNS if c.key != "stt"]
    for n, org in enumerate(organizations, start=1):
        extra = org.extra or {}
        yield [
            n,
            *(_cell(ws, c, getattr(org, c.key)) for c in fields),
            *(_cell(ws, c, extra.get(c.key)) for c in declared),
        ]


def _header(ws: WriteOnlyWorksheet, heads: Iterable[str]) -> list[Cell]:
    cells = []
    for head in heads:
        cell = WriteOnlyCell(ws, value=head)
        cell.data_type = "s"
        cell.font = _BOLD
        cells.append(cell)
    return cells


def build_census_xlsx(census: Census, lang: Lang = "vi", columns: Sequence[Column] = ()) -> bytes:
    """The consolidated census as the bytes of an .xlsx workbook (see the module docstring).

    ``census`` holds the files to consolidate (valid files of one reporting year). The
    information and list sheets are the template's, in Vietnamese; the sources sheet is
    in ``lang``. ``columns``, the columns the plan declares, follow the standard ones, so
    that the plan's figures can be computed again from this workbook.
    """
    wb = Workbook(write_only=True)
    info = wb.create_sheet(INFO_SHEET)
    values = consolidated_info(census)
    for field in INFO_FIELDS:
        value = values[field.key]
        if isinstance(value, date):
            value = _date(info, value)
        elif isinstance(value, str):
            value = _text(info, value)
        info.append([_header(info, [field.label])[0], value])

    ws = wb.create_sheet(LIST_SHEET)
    ws.freeze_panes = "A2"
    ws.append(_header(ws, [c.full_header for c in (*COLUMNS, *columns)]))
    for row in _rows(ws, census.organizations, columns):
        ws.append(row)

    sources = wb.create_sheet(phrase("label.census-sources", lang))
    keys = ("source-file", "source-unit", "source-population", "source-organizations",
            "source-first-row", "source-last-row")  # fmt: skip
    sources.append(_header(sources, [phrase(f"label.{k}", lang) for k in keys]))
    start = FIRST_ROW
    for f in census.files:
        count = 0 if f.unusable else len(f.organizations)
        first, last = (start, start + count - 1) if count else (None, None)
        unit = _text(sources, f.info.don_vi_bao_cao) if f.info.don_vi_bao_cao else None
        sources.append([_text(sources, f.path), unit, f.info.dan_so, count, first, last])
        start += count

    as_of = values["ngay_so_lieu"]
    if as_of is None:
        year = values["nam_bao_cao"]
        as_of = period_end(year) if year else FIXED_TIME.date()
    when = datetime.combine(as_of, time())
    wb.properties.creator = CREATOR
    wb.properties.created = wb.properties.modified = when
    buffer = io.BytesIO()
    wb.save(buffer)
    return fix_times(buffer.getvalue(), when)
