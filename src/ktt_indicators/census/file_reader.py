"""What reading one census file keeps as it goes: its findings, each at its cell, the rows
left out, where each code was first used; the reader's stages (information sheet, list
sheets, row rules, declared columns) all add to it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..read import values as v
from ..read.workbook import Sheet
from .findings import Finding, severity_of


@dataclass
class FileReader:
    """Reads one file. Collects findings; builds records from rows without errors."""

    path: Path
    today: date
    label: str
    findings: list[Finding] = field(default_factory=list)
    rejected: list[int] = field(default_factory=list)
    #: Where each code was first used: sheet, row and column index.
    codes: dict[str, tuple[Sheet, int, int]] = field(default_factory=dict)
    code_columns: dict[str, str] = field(default_factory=dict)
    #: The sheets read converted from a legacy encoding (by id): their names are Unicode.
    converted: set[int] = field(default_factory=set)

    def add(
        self,
        code: str,
        sheet: Sheet | None = None,
        *,
        i: int | None = None,
        j: int | None = None,
        column: str | None = None,
        value: Any = None,
        suggestion: str | None = None,
        **params: str,
    ) -> None:
        cell = (
            sheet.address(i, j) if sheet is not None and i is not None and j is not None else None
        )
        row = sheet.row_number(i) if sheet is not None and i is not None else None
        self.findings.append(
            Finding(
                code=code,
                severity=severity_of(code),
                file=self.label,
                sheet=sheet.name if sheet else None,
                cell=cell,
                row=row,
                column=column,
                value=_as_typed(value),
                suggestion=suggestion,
                params=params,
            )
        )

    def add_cell_error(
        self,
        err: v.CellError,
        sheet: Sheet,
        *,
        i: int,
        j: int,
        column: str,
        value: Any,
        **params: str,
    ) -> None:
        """A cell its column's parser refused, reported as the parser explains it."""
        self.add(err.code, sheet, i=i, j=j, column=column, value=value,
                 suggestion=err.suggestion, **err.extra, expected=err.expected,
                 **params)  # fmt: skip


def number_text(value: float) -> str:
    """A sum or amount as a message shows it: whole numbers without a decimal point."""
    return str(int(value)) if float(value).is_integer() else str(value)


def _as_typed(value: Any) -> str | None:
    """The value as the user typed it, as text for a message."""
    if v.is_empty(value):
        return None if value is None else str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)
