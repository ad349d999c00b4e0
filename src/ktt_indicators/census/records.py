"""A census as rows of plain values: its organizations and its findings, one dict a row."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..core.frames import Record
    from ..core.i18n import Lang
    from .findings import Finding
    from .schema import Organization

#: The columns of :func:`finding_records`.
FINDING_COLUMNS = ("code", "severity", "file", "sheet", "cell", "row", "column", "value",
                   "suggestion", "message")  # fmt: skip


def organization_columns() -> tuple[str, ...]:
    """The columns of :func:`organization_records`."""
    from .schema import Organization, RowRef

    return (*RowRef._fields, *Organization._fields[1:])


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def organization_records(organizations: Iterable[Organization]) -> list[Record]:
    """One row per organization: where it was read (``file``, ``sheet``, ``row``), then its
    census columns by key; categories as the census writes them (``HTX``, ``Tốt``)."""
    rows = []
    for org in organizations:
        row: Record = dict(org.source._asdict())
        for key, value in zip(org._fields[1:], org[1:], strict=True):
            row[key] = _plain(value)
        rows.append(row)
    return rows


def finding_records(findings: Iterable[Finding], lang: Lang = "vi") -> list[Record]:
    """One row per finding, its ``message`` (with what was probably meant) in ``lang``."""
    return [f.as_dict(lang) for f in findings]
