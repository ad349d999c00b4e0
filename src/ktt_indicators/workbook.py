"""Reading a spreadsheet file into sheets of raw cells, with their positions.

python-calamine reads .xlsx, .xlsm, .xls and .ods. The reader never writes to
the input. A file that cannot be read at all raises :class:`UnreadableFile`;
everything else about the content is left to :mod:`.census`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

SUPPORTED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


class UnreadableFile(Exception):
    """The file is missing, is not a file, or is not a spreadsheet calamine can read."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class Sheet:
    """The used range of one sheet.

    ``rows[i][j]`` is the cell at 0-based sheet row ``top + i`` and column
    ``left + j``; empty cells are ``""``.
    """

    name: str
    visible: bool
    rows: list[list[Any]]
    top: int
    left: int

    def address(self, i: int, j: int) -> str:
        """The A1 address of ``rows[i][j]`` as the user sees it, e.g. ``F12``."""
        return cell_address(self.top + i, self.left + j)

    def row_number(self, i: int) -> int:
        """The 1-based sheet row number of ``rows[i]``."""
        return self.top + i + 1


def column_letter(index: int) -> str:
    """Spreadsheet column letters for a 0-based index: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_address(row: int, col: int) -> str:
    """The A1 address of the cell at 0-based ``row`` and ``col``."""
    return f"{column_letter(col)}{row + 1}"


def read_workbook(path: Path) -> list[Sheet]:
    """Read every sheet of the workbook at ``path``; raise UnreadableFile if it cannot be read."""
    from python_calamine import CalamineWorkbook

    if not path.exists():
        raise UnreadableFile(path, "file-not-found")
    if not path.is_file():
        raise UnreadableFile(path, "not-a-file")
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheets = []
        for meta in workbook.sheets_metadata:
            sheet = workbook.get_sheet_by_name(meta.name)
            top, left = sheet.start or (0, 0)
            sheets.append(
                Sheet(
                    name=meta.name,
                    visible="Visible" in str(meta.visible),
                    rows=sheet.to_python(),
                    top=top,
                    left=left,
                )
            )
    except Exception as exc:  # calamine raises several types for a broken or foreign file
        raise UnreadableFile(path, f"{type(exc).__name__}: {exc}") from exc
    return sheets
