"""From census workbooks to validated organization records and findings.

Data flows one way: :func:`read_workbook` gives sheets of raw cells;
:mod:`.layout` finds the information sheet, the list sheets and their headers
and tells organization rows from a form's other rows; :mod:`.list_sheet` parses every
cell with its column's parser and applies the row rules of the census contract. This
module holds what is read, a :class:`Census` of :class:`CensusFile`: the records that can
be counted and every finding, each at its cell, and the functions that read them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.gc_pause import paused_gc
from ..read.workbook import Limits, Sheet, Sheets, UnreadableFile, read_workbook
from .declared_columns import read_declared
from .file_reader import FileReader
from .findings import Finding, severity_of
from .info_sheet import read_info
from .layout import Header, find_list_sheets, is_empty_sheet
from .lazy_records import Records
from .legacy_sheets import decode_legacy
from .list_sheet import read_list
from .schema import COLUMNS_BY_KEY, CensusInfo, Column, Organization

if TYPE_CHECKING:
    import pandas as pd

    from ..core.i18n import Lang


@dataclass(frozen=True)
class CensusFile:
    """What was read from one file: its information, records and findings."""

    path: str
    info: CensusInfo
    #: The organization rows read without errors (those a census with errors left out are
    #: in :attr:`rejected_rows`); a file-level error (:attr:`unusable`) keeps them all out.
    organizations: Sequence[Organization]
    findings: list[Finding]
    #: The organization rows of its list sheets (not titles, sections, totals or signatures).
    rows_read: int = 0
    #: Row numbers of the list sheet left out of the counts because they have errors.
    rejected_rows: list[int] = field(default_factory=list)
    #: The column letter of «Mã số» in each list sheet, for findings about codes.
    code_columns: dict[str, str] = field(default_factory=dict)
    #: True when a file-level error (unreadable, no list sheet, missing column or
    #: year) means none of its rows can be counted.
    unusable: bool = False

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def rows_with_errors(self) -> int:
        """The organization rows read that are not among :attr:`organizations`: rows with
        errors, and every row of a list sheet that misses a required column."""
        return max(0, self.rows_read - len(self.organizations))

    @property
    def valid(self) -> bool:
        """A file is valid when it has no errors (warnings allowed)."""
        return not self.errors

    @property
    def unreadable(self) -> bool:
        return any(f.code == "unreadable-file" for f in self.findings)


@dataclass(frozen=True)
class Census:
    """One combined census: several files (e.g. the districts of a city) read together."""

    files: list[CensusFile]

    @cached_property
    def organizations(self) -> list[Organization]:
        """Every record that can be counted: valid rows of usable files."""
        return [org for f in self.files if not f.unusable for org in f.organizations]

    @property
    def findings(self) -> list[Finding]:
        return [finding for f in self.files for finding in f.findings]

    @property
    def valid(self) -> bool:
        return all(f.valid for f in self.files)

    @property
    def years(self) -> list[int]:
        """The distinct reporting years of the usable files, sorted."""
        return sorted(
            {f.info.nam_bao_cao for f in self.files if f.info.nam_bao_cao and not f.unusable}
        )

    @property
    def population(self) -> int | None:
        """The population of the territory: the sum over files, if every usable file gives one."""
        pops = [f.info.dan_so for f in self.files if not f.unusable]
        if not pops or any(p is None for p in pops):
            return None
        return sum(p for p in pops if p is not None)

    def of_year(self, year: int) -> Census:
        """The files of one reporting year, as a census of their own."""
        return Census(files=[f for f in self.files if f.info.nam_bao_cao == year])

    def by_year(self, year: int | None = None) -> tuple[int, Census, dict[int, Census]]:
        """The census of one reporting year (default: the latest) and the earlier years.

        Returns ``(year, current, earlier)``: ``current`` holds the files of ``year`` and
        those that give no year; ``earlier`` the censuses of the years before it, which
        give each target its series. Files of later years are in neither. This is how
        ``ktt gap`` reads files of several years. Raises ValueError when no usable file
        gives a reporting year and ``year`` is None.
        """
        years = self.years
        if year is None:
            if not years:
                raise ValueError("no file of the census gives its reporting year")
            year = years[-1]
        current = Census(files=[f for f in self.files if f.info.nam_bao_cao in (year, None)])
        return year, current, {y: self.of_year(y) for y in years if y < year}

    def records(self) -> list[dict[str, Any]]:
        """The organizations that can be counted, one dict a row: ``file``, ``sheet``,
        ``row``, then every census column by key (see :mod:`.census_records`)."""
        from .records import organization_records

        return organization_records(self.organizations)

    def to_frame(self) -> pd.DataFrame:
        """:meth:`records` as a pandas DataFrame (needs ``ktt-indicators[pandas]``)."""
        from ..core.frames import to_frame
        from .records import organization_columns

        return to_frame(self.records(), organization_columns())

    def finding_records(self, lang: Lang = "vi") -> list[dict[str, Any]]:
        """Every finding of every file, one dict a row, its ``message`` in ``lang``."""
        from .records import finding_records

        return finding_records(self.findings, lang)

    def findings_frame(self, lang: Lang = "vi") -> pd.DataFrame:
        """:meth:`finding_records` as a pandas DataFrame (needs ``ktt-indicators[pandas]``)."""
        from ..core.frames import to_frame
        from .records import FINDING_COLUMNS

        return to_frame(self.finding_records(lang), FINDING_COLUMNS)

    def info_value(self, key: str) -> float | None:
        """A numeric value of the information sheets, summed over files (``dan_so``)."""
        if key == "dan_so":
            pop = self.population
            return None if pop is None else float(pop)
        raise KeyError(key)


# --------------------------------------------------------------------------- reading


@paused_gc()
def read_census_file(
    path: str | PathLike[str],
    *,
    today: date | None = None,
    label: str | None = None,
    limits: Limits | None = None,
    columns: Sequence[Column] = (),
) -> CensusFile:
    """Read one census workbook into records and findings. Never raises for bad content.

    Every visible sheet with a census header is a list sheet (an official form may
    keep one per legal form); hidden and empty sheets are skipped and reported.
    ``today`` is the date used for "in the future" (default: the real today);
    ``label`` is how the file is named in findings (default: the path as given);
    ``limits`` bound the size of what is read (see :class:`Limits`); ``columns`` are the
    columns a targets file declares (:meth:`TargetsFile.census_columns`).
    """
    path = Path(path)
    reader = FileReader(path, today or date.today(), label or str(path))
    try:
        sheets = read_workbook(path, limits)
    except UnreadableFile as exc:
        params = {"reason": exc.reason, **exc.params}
        reader.findings.append(Finding(code="unreadable-file", severity=severity_of(
            "unreadable-file"), file=reader.label, params=params))  # fmt: skip
        return CensusFile(path=reader.label, info=CensusInfo(), organizations=[],
                          findings=reader.findings, unusable=True)  # fmt: skip
    lists, info = _sheets(reader, sheets)
    if not lists:
        reader.add("no-list-sheet", sheets=", ".join(s.name for s in sheets) or "-")
        return CensusFile(path=reader.label, info=info, organizations=[],
                          findings=reader.findings, unusable=True)  # fmt: skip
    records = Records()
    rows = 0
    for sheet, header in lists:
        sheet_records, sheet_rows = read_list(reader, sheet, header, info)
        if columns:
            sheet_records = read_declared(reader, sheet, header, sheet_records, columns)
        records.add(sheet_records)
        rows += sheet_rows
    if rows == 0 and not any(f.code == "missing-column" for f in reader.findings):
        # A header and nothing under it: not a census whose every figure is 0.
        reader.add("no-organizations", lists[0][0])
    file_level = any(f.code in ("missing-column", "missing-report-year", "no-organizations")
                     for f in reader.findings)  # fmt: skip
    return CensusFile(
        path=reader.label, info=info, organizations=records, findings=reader.findings,
        rows_read=rows, rejected_rows=reader.rejected, code_columns=reader.code_columns,
        unusable=file_level,
    )  # fmt: skip


def _sheets(
    reader: FileReader, sheets: Sequence[Sheet]
) -> tuple[list[tuple[Sheet, Header]], CensusInfo]:
    """The file's list sheets with their headers (converted from a legacy encoding where
    typed in one) and its information; hidden, empty and converted sheets reported."""
    if isinstance(sheets, Sheets) and sheets.renamed:  # read for what it is: say so
        reader.add("renamed-workbook", suffix=sheets.suffix, kind=sheets.renamed)
    for sheet in sheets:
        if not sheet.visible:
            reader.add("hidden-sheet", sheet)
        elif is_empty_sheet(sheet):
            reader.add("empty-sheet", sheet)
    # A sheet typed in TCVN3 or VNI has no header its Unicode reader can find: read converted.
    decoded = decode_legacy(sheets, find_list_sheets(sheets))
    reader.converted = {id(sheet) for sheet, _, _ in decoded.legacy}
    for sheet, encoding, kept in decoded.legacy:
        # cells typed in Unicode later were kept as typed: the warning says how many
        unicode, count = ("kept-unicode", str(kept)) if kept else ("", "")
        reader.add("legacy-encoding", sheet, encoding=encoding.name, fonts=encoding.fonts,
                   unicode=unicode, kept=count)  # fmt: skip
    info = read_info(reader, decoded.sheets, [s for s, _ in decoded.lists])
    return decoded.lists, info


def read_census(
    paths: str | PathLike[str] | Iterable[str | PathLike[str]],
    *,
    today: date | None = None,
    limits: Limits | None = None,
    columns: Sequence[Column] = (),
) -> Census:
    """Read one file, or several as one combined census, checking codes across files.

    ``paths`` is one path (a string or a :class:`~pathlib.Path`) or several. Never raises
    for bad content: a file that cannot be read is a finding (see :attr:`Census.valid`).
    ``columns`` are the columns a targets file declares, read as ordinary columns.
    """
    if isinstance(paths, str | PathLike):
        paths = [paths]
    return combine(
        [read_census_file(p, today=today, limits=limits, columns=columns) for p in paths]
    )


def combine(files: Sequence[CensusFile]) -> Census:
    """Files read one by one (perhaps in parallel) as one census: a code used in two files
    of one reporting year is a duplicate in the later file."""
    return Census(files=_cross_file_duplicates(list(files)))


def _cross_file_duplicates(files: list[CensusFile]) -> list[CensusFile]:
    """Add a duplicate-code error to a file whose code was already used in an earlier file of
    the same reporting year (censuses of different years list the same organizations)."""
    if len(files) < 2:
        return files  # and the records of a lone file need not be built to be compared
    seen: dict[tuple[int | None, str], Organization] = {}
    result = []
    for f in files:
        extra: list[Finding] = []
        kept: list[Organization] = []
        for org in f.organizations:
            if org.ma_so and (f.info.nam_bao_cao, org.ma_so) in seen:
                first = seen[(f.info.nam_bao_cao, org.ma_so)].source
                extra.append(
                    Finding(
                        code="duplicate-code",
                        severity=severity_of("duplicate-code"),
                        file=f.path,
                        sheet=org.source.sheet,
                        row=org.source.row,
                        cell=f"{col}{org.source.row}"
                        if (col := f.code_columns.get(org.source.sheet))
                        else None,
                        column=COLUMNS_BY_KEY["ma_so"].header,
                        value=org.ma_so,
                        params={"other": f"{first.file} › {first.sheet} › {first.row}"},
                    )
                )
                continue
            kept.append(org)
        for org in kept:
            if org.ma_so:
                seen.setdefault((f.info.nam_bao_cao, org.ma_so), org)
        if extra:
            f = replace(
                f,
                findings=f.findings + extra,
                organizations=kept,
                rejected_rows=sorted([*f.rejected_rows, *(x.row for x in extra if x.row)]),
            )
        result.append(f)
    return result
