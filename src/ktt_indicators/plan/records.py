"""A gap report and a trace as rows of plain values, one dict a row."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core.frames import Record
    from ..core.i18n import Lang
    from .progress import GapReport, OrgRef

#: The columns of :func:`progress_records`, and of a trace's rows (without a denominator).
PROGRESS_COLUMNS = ("id", "year", "title", "kind", "comparison", "value", "target",
                    "target_high", "met", "gap", "progress", "years_left", "per_year_needed",
                    "numerator", "denominator", "counted", "areas_met", "areas", "status",
                    "missing", "source", "note")  # fmt: skip
ORGREF_COLUMNS = ("ma_so", "ten", "loai_hinh", "xa_phuong", "quan_huyen", "file", "sheet", "row")


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
