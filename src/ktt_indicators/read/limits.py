"""How large an input may be (:class:`Limits`), and the refusal of one that is not
(:class:`Refused`)."""

from __future__ import annotations

from dataclasses import dataclass

#: The suffixes python-calamine reads and ktt accepts.
SUPPORTED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")

EXCEL_ROWS = 1_048_576
EXCEL_COLUMNS = 16_384


@dataclass(frozen=True)
class Limits:
    """How large an input may be.

    - ``max_rows`` (1,048,576): the most rows Excel can hold; a sheet reaching further
      was not written by Excel and is refused. A full sheet of census rows is allowed.
    - ``max_columns`` (16,384): the most columns Excel can hold (XFD).
    - ``max_cells`` (33,554,432 = 1,048,576 × 32): the rows × columns of the grid a
      sheet spans, which is what the reader allocates (about 32 bytes a cell before
      Python sees it). A full-height sheet as wide as the census form (25 columns)
      fits; a sheet as tall and as wide as Excel allows (17 billion cells) does not.
    - ``max_uncompressed_mb`` (1,024): the bytes an archive inflates to. The XML of a
      full-height census sheet is some 600-900 MB; a zip bomb is refused from its
      declared sizes, or, when its headers lie, as soon as its data outgrows them.
    - ``parser_memory_mb`` (768) and ``parser_seconds`` (10): what parsing an .xls may
      take, in a child process (see :mod:`.sandbox`). The largest sheet an .xls holds
      (65,536 rows × 256 columns) of census data takes a fraction of that.
    """

    max_rows: int = EXCEL_ROWS
    max_columns: int = EXCEL_COLUMNS
    max_cells: int = EXCEL_ROWS * 32
    max_uncompressed_mb: int = 1024
    #: What a parser that cannot be bounded beforehand (an .xls's) may take in its own
    #: process: memory beyond what the process starts with, and processor seconds.
    parser_memory_mb: int = 768
    parser_seconds: int = 10

    @property
    def max_uncompressed(self) -> int:
        return self.max_uncompressed_mb * 1024 * 1024


class Refused(Exception):
    """The file is not handed to a parser. ``reason`` is a key of the findings' phrases."""

    def __init__(self, reason: str, **params: str) -> None:
        super().__init__(reason, params)
        self.reason = reason
        self.params = params
