"""The listings beside the gap report, for people and tools: the organizations behind a
figure (``ktt gap --explain``), a plan's targets with what the plan says about itself, the
bundled plans, and the census columns."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from ..core.i18n import Lang, phrase
from ..core.text import printable
from ..plan.measures import CountQuantity, SumQuantity
from ..plan.progress import OrgRef
from ..plan.targets import Target, TargetsFile
from .formats import fmt_comparison, fmt_number, safe_cell


def explain_rows(counted: list[OrgRef], base: list[OrgRef]) -> list[tuple[OrgRef, bool]]:
    """Organizations of the figure: the counted ones, then the rest of the denominator."""
    in_num = {(o.source.file, o.source.sheet, o.source.row) for o in counted}
    rest = [o for o in base if (o.source.file, o.source.sheet, o.source.row) not in in_num]
    return [(o, True) for o in counted] + [(o, False) for o in rest]


def explain_table(
    target: Target, counted: list[OrgRef], base: list[OrgRef], lang: Lang
) -> RenderableType:
    """The organizations of a figure; file and sheet are shown once when all rows share them."""
    from .fit import Fitted

    title = phrase("text.explain-title", lang, id=target.id, n=len(counted))
    if base:
        title += f" / {len(base)}"
    rows = explain_rows(counted, base)
    places = {(o.source.file, o.source.sheet) for o, _ in rows}
    one_place = len(places) == 1
    caption = " › ".join(next(iter(places))) if one_place else None
    # a census after the reform names no district: no empty column for it
    districts = any(org.quan_huyen for org, _ in rows)
    keys = ["org-code", "org-name", "org-form", "commune", *(["district"] if districts else [])]
    keys += ["row"] if one_place else ["file", "sheet", "row"]
    if base:
        keys.append("in-numerator")
    cells = []
    for org, in_num in rows:
        row = [org.ma_so or "", org.ten, org.loai_hinh, org.xa_phuong]
        row += [org.quan_huyen or ""] if districts else []
        if not one_place:
            row += [org.source.file, org.source.sheet]
        row.append(str(org.source.row))
        if base:
            row.append(phrase("label.true" if in_num else "label.false", lang))
        cells.append([printable(c) for c in row])
    return Fitted([phrase(f"label.{k}", lang) for k in keys], cells, title=title, caption=caption,
                  head=(0, 1), keep=[keys.index("row")])  # fmt: skip


def explain_json(target: Target, counted: list[OrgRef], base: list[OrgRef]) -> dict[str, Any]:
    return {
        "id": target.id,
        "counted": [o.model_dump() for o in counted],
        "denominator": [o.model_dump() for o in base] if base else None,
    }


def explain_csv(counted: list[OrgRef], base: list[OrgRef]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(
        [
            "ma_so",
            "ten",
            "loai_hinh",
            "xa_phuong",
            "quan_huyen",
            "file",
            "sheet",
            "row",
            "in_numerator",
        ]
    )
    for o, in_num in explain_rows(counted, base):
        writer.writerow(
            [
                safe_cell(x)
                for x in (
                    o.ma_so or "",
                    o.ten,
                    o.loai_hinh,
                    o.xa_phuong,
                    o.quan_huyen or "",
                    o.source.file,
                    o.source.sheet,
                    o.source.row,
                    in_num,
                )
            ]
        )
    return buf.getvalue()


def targets_table(targets: TargetsFile, chosen: list[Target], lang: Lang) -> RenderableType:
    from .fit import Fitted

    keys = ("id", "year", "target-title", "target", "source")
    rows = []
    for t in chosen:
        percent = not isinstance(t.measure, CountQuantity | SumQuantity)
        rows.append(
            [
                t.id,
                str(t.year),
                t.title.get(lang),
                fmt_comparison(t.comparison, _low(t), t.high, percent, lang),
                ", ".join(x for x in (t.source.document, t.source.clause) if x),
            ]
        )
    table = Fitted(
        [phrase(f"label.{k}", lang) for k in keys],
        rows,
        title=targets.plan.title,
        head=(0, 1),
        keep=[1],
    )
    notes = plan_notes(targets, chosen, lang)
    if not notes:
        return table
    return Group(table, *(Text(line) for line in notes))


def _low(t: Target) -> float | None:
    return t.low if t.has_number else None


def plan_notes(targets: TargetsFile, chosen: list[Target], lang: Lang) -> list[str]:
    """What a plan says about itself beside its targets: its readings of the open phrases
    (with the targets that use them), the census columns it adds, its progress method."""
    lines = []
    readings = targets.plan.readings
    for name in ("trong_do", "operating_efficiently"):
        reading = getattr(readings, name)
        if reading is None:
            continue
        users = [t.id for t in chosen if name in t.reads]
        line = (
            f"{phrase(f'label.reading-{name}', lang)}: {phrase(f'label.reading-{reading}', lang)}"
        )
        if users:
            line += f" ({phrase('label.reading-used-by', lang)} {', '.join(users)})"
        lines.append(line)
    if targets.columns:
        cols = ", ".join(f"«{c.header}» ({c.key})" for c in targets.columns)
        lines.append(f"{phrase('label.declared-columns', lang)}: {cols}")
    lines.append(f"{phrase('label.progress-method', lang)}: {method_words(targets, chosen, lang)}")
    return lines


def method_words(targets: TargetsFile, chosen: list[Target], lang: Lang) -> str:
    """The plan's progress method as a reader needs it: the thresholds (whose, and what each
    status needs), the base year, the rule where a growth rate is undefined, and the growth
    thresholds where some chosen target has no number."""
    m = targets.progress

    def pct(x: float) -> str:  # as many decimals as the plan gave: 97,5%, 1,25%, 95%
        digits = next((d for d in range(6) if abs(round(x * 100, d) - x * 100) < 1e-9), 6)
        return fmt_number(x * 100, lang, digits) + "%"

    high, med, low = (pct(x) for x in m.ratio_thresholds)
    whose = m.thresholds if isinstance(m.thresholds, str) else "custom"
    parts = [phrase(f"label.method-thresholds-{whose}", lang, high=high, med=med, low=low)]
    if m.base_year is None:
        parts.append(phrase("label.method-base-earliest", lang))
    else:
        parts.append(phrase("label.method-base-year", lang, year=m.base_year))
    parts.append(phrase(f"label.method-zeros-{m.zeros}", lang))
    if any(not t.has_number for t in chosen):
        g_high, g_med, g_low = (pct(x) for x in m.growth_thresholds)
        parts.append(phrase("label.method-growth", lang, high=g_high, med=g_med, low=g_low))
    return "; ".join(parts)


def plans_table(plans: list[tuple[Path, TargetsFile]], lang: Lang) -> RenderableType:
    """The bundled plans: id (what --targets takes), title, territory, targets, file."""
    from .fit import Fitted

    keys = ("plan-id", "plan", "territory", "targets-count", "path")
    rows = [
        [t.plan.id, t.plan.title, t.plan.territory or "", str(len(t.targets)), path.name]
        for path, t in plans
    ]
    return Fitted(
        [phrase(f"label.{k}", lang) for k in keys],
        rows,
        title=phrase("label.plans-title", lang),
        head=(0, 1),
    )


def plans_json(plans: list[tuple[Path, TargetsFile]]) -> list[dict[str, Any]]:
    return [
        {"id": t.plan.id, "title": t.plan.title, "territory": t.plan.territory,
         "targets": len(t.targets), "file": path.name}
        for path, t in plans
    ]  # fmt: skip


def targets_json(chosen: list[Target]) -> list[dict[str, Any]]:
    return [t.model_dump(mode="json", by_alias=True, exclude_none=True) for t in chosen]


def columns_json() -> dict[str, Any]:
    """The census columns and information-sheet fields, for tools."""
    from ..census.schema import COLUMNS, INFO_FIELDS

    return {
        "columns": [
            {"key": c.key, "header": c.header, "english": c.english, "kind": c.kind,
             "required": c.required, "choices": list(c.choices), "aliases": list(c.aliases)}
            for c in COLUMNS
        ],
        "information": [
            {"key": f.key, "label": f.label, "english": f.english, "required": f.required}
            for f in INFO_FIELDS
        ],
    }  # fmt: skip


def columns_table(lang: Lang) -> RenderableType:
    from ..census.schema import COLUMNS
    from .fit import Fitted

    rows = []
    for c in COLUMNS:
        kind = (
            ", ".join(c.choices)
            if c.choices
            else phrase(f"vocab.{_KIND_WORD.get(c.kind, c.kind)}", lang)
        )
        rows.append([c.header, c.key, kind, phrase(f"label.required-{c.required}", lang)])
    keys = ("column", "key", "type", "required")
    return Fitted(
        [phrase(f"label.{k}", lang) for k in keys],
        rows,
        title=phrase("label.columns-title", lang),
        head=(0, 1),
    )


#: The word for a column kind where it is not the kind's own name.
_KIND_WORD = {"count": "whole-number"}
