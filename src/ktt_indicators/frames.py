"""Results as rows of plain values, and as pandas DataFrames for analysts.

Every result of the library (a census's organizations and findings, a gap report, a trace)
becomes a list of dicts of plain values (str, int, float, bool, date, None): one dict a row,
the same keys in every row. :func:`to_frame` makes a DataFrame of such rows; it is the only
place pandas is imported, and pandas is an optional extra (``ktt-indicators[pandas]``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from .findings import Finding
    from .i18n import Lang
    from .progress import GapReport, OrgRef
    from .schema import Organization

Record = dict[str, Any]

#: The columns of :func:`finding_records`, and of a trace's rows (without a denominator).
FINDING_COLUMNS = ("code", "severity", "file", "sheet", "cell", "row", "column", "value",
                   "suggestion", "message")  # fmt: skip
PROGRESS_COLUMNS = ("id", "year", "title", "kind", "comparison", "value", "target",
                    "target_high", "met", "gap", "progress", "years_left", "per_year_needed",
                    "numerator", "denominator", "counted", "areas_met", "areas", "status",
                    "missing", "source", "note")  # fmt: skip
ORGREF_COLUMNS = ("ma_so", "ten", "loai_hinh", "xa_phuong", "quan_huyen", "file", "sheet", "row")


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


def progress_records(report: GapReport, lang: Lang = "vi") -> list[Record]:
    """One row per target of a gap report: the figures of ``ktt gap --format csv``, shares as
    fractions, ``gap`` 0 when met; ``title`` and ``note`` in ``lang``."""
    en = lang == "en"
    return [
        {
            "id": p.id,
            "year": p.year,
            "title": p.title_en if en else p.title_vi,
            "kind": p.kind,
            "comparison": p.comparison.value,
            "value": p.value,
            "target": p.target,
            "target_high": p.target_high,
            "met": p.met,
            "gap": p.gap,
            "progress": p.progress,
            "years_left": p.years_left,
            "per_year_needed": p.per_year_needed,
            "numerator": p.numerator,
            "denominator": p.denominator,
            "counted": p.counted,
            "areas_met": p.areas_met,
            "areas": len(p.areas) or None,
            "status": p.trend.status.value if p.trend is not None else None,
            "missing": p.missing,
            "source": p.source,
            "note": p.note_en if en else p.note_vi,
        }
        for p in report.targets
    ]


def orgref_records(counted: Sequence[OrgRef], base: Sequence[OrgRef] = ()) -> list[Record]:
    """One row per organization of a trace; with a denominator, its organizations, each
    with ``in_numerator`` saying whether it was counted too."""

    def row(o: OrgRef) -> Record:
        fields = (o.ma_so, o.ten, o.loai_hinh, o.xa_phuong, o.quan_huyen, *o.source)
        return dict(zip(ORGREF_COLUMNS, fields, strict=True))

    if not base:
        return [row(o) for o in counted]
    numerator = {o.source for o in counted}
    return [{**row(o), "in_numerator": o.source in numerator} for o in base]


def to_frame(records: Sequence[Record], columns: Sequence[str] | None = None) -> pd.DataFrame:
    """A pandas DataFrame of ``records`` (``columns`` name them when there are no rows).

    Raises ImportError, saying what to install, where pandas is not installed.
    """
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "DataFrames need pandas: pip install 'ktt-indicators[pandas]'", name="pandas"
        ) from exc
    if not records and columns is not None:
        return pd.DataFrame(columns=list(columns))
    return pd.DataFrame.from_records(list(records), columns=list(columns) if columns else None)
