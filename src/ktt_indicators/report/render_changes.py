"""What changed since last year (:mod:`.changes`), as the reports show it.

Every report shows the counts, by group and legal form; the organizations behind them are
one option away: ``ktt gap --explain vanished`` (or ``new``, ``dissolved``,
``status_changed``, ``changes`` for all four), as ``--explain TARGET`` lists the
organizations behind a target's figure.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..census.changes import FORMS, GROUPS, Change, Changes
from ..core.i18n import Lang, phrase
from ..core.text import printable
from .formats import safe_cell

#: What ``--explain`` takes for the change groups ("changes": all of them).
EXPLAIN_GROUPS = (*GROUPS, "changes")


def changes_json(changes: Changes) -> dict[str, Any]:
    """Each group as lists of codes by legal form; organizations without a code (matched,
    or not, by name) under ``without_code``, as "name (commune)"."""
    data: dict[str, Any] = {
        "from_year": changes.from_year,
        "to_year": changes.to_year,
        "from_files": changes.from_files,
        "matched": changes.matched,
        "matched_by_name": changes.matched_by_name,
        **({"across_reform": True} if changes.across_reform else {}),
        "counts": changes.counts(),
    }
    without: dict[str, dict[str, list[str]]] = {}
    for group in GROUPS:
        data[group] = {f: [c.code for c in changes.group(group) if c.form == f and c.code]
                       for f in FORMS}  # fmt: skip
        without[group] = {
            f: [f"{c.name} ({c.commune})" for c in changes.group(group)
                if c.form == f and not c.code]
            for f in FORMS
        }  # fmt: skip
    data["without_code"] = without
    return data


def counts_rows(changes: Changes, lang: Lang) -> list[list[str]]:
    """One row per group: its name, the count of each legal form, the total."""
    counts = changes.counts()
    return [
        [
            phrase(f"changes.{g}", lang),
            *(str(counts[g][f]) for f in FORMS),
            str(sum(counts[g].values())),
        ]
        for g in GROUPS
    ]


def counts_header(lang: Lang) -> list[str]:
    return [phrase("changes.group", lang), *FORMS, phrase("changes.total", lang)]


def title(changes: Changes, lang: Lang) -> str:
    return phrase("changes.title", lang, year=changes.from_year) + phrase(
        "changes.census", lang, year=changes.to_year
    )


def footnotes(changes: Changes, lang: Lang) -> list[str]:
    """The lines under the counts: how many were matched (and by name), how to list them."""
    across = [phrase("changes.across-reform", lang)] if changes.across_reform else []
    return [
        *across,
        phrase("changes.matched", lang, matched=changes.matched, by_name=changes.matched_by_name),
        phrase("changes.hint", lang, groups=" | ".join(EXPLAIN_GROUPS)),
    ]


def changes_renderable(changes: Changes, lang: Lang) -> RenderableType:
    table = Table(title=title(changes, lang), title_justify="left")
    for n, head in enumerate(counts_header(lang)):
        table.add_column(head, justify="left" if n == 0 else "right")
    for row in counts_rows(changes, lang):
        table.add_row(*row)
    return Group(table, *(Text(line, style="dim") for line in footnotes(changes, lang)))


def changes_markdown(changes: Changes, lang: Lang) -> str:
    heads = counts_header(lang)
    lines = [f"## {title(changes, lang)}", "", "| " + " | ".join(heads) + " |",
             "|---|" + "---:|" * (len(heads) - 1)]  # fmt: skip
    lines += ["| " + " | ".join(row) + " |" for row in counts_rows(changes, lang)]
    lines += ["", *footnotes(changes, lang)]
    return "\n".join(lines) + "\n"


def chosen(changes: Changes, group: str) -> list[tuple[str, Change]]:
    """The (group, change) pairs ``--explain GROUP`` lists."""
    groups = GROUPS if group == "changes" else (group,)
    return [(g, c) for g in groups for c in changes.group(g)]


def _where(file: str | None, sheet: str | None, row: int | None) -> str:
    return " › ".join(str(p) for p in (file, sheet, row) if p)


def explain_changes_rows(changes: Changes, group: str, lang: Lang) -> list[dict[str, Any]]:
    return [
        {
            "group": g,
            "code": c.code,
            "name": c.name,
            "form": c.form,
            "commune": c.commune,
            "matched": "by-name" if c.by_name else "by-code",
            "before": c.before,
            "after": c.after,
            "last": _where(c.last_file, c.last_sheet, c.last_row) or None,
            "now": _where(c.file, c.sheet, c.row) or None,
        }
        for g, c in chosen(changes, group)
    ]


def explain_changes_table(changes: Changes, group: str, lang: Lang) -> RenderableType:
    """The organizations of the groups, laid out for the width (:class:`.fit.Fitted`)."""
    from .fit import Fitted

    rows = explain_changes_rows(changes, group, lang)
    across = phrase("changes.across-reform", lang) if changes.across_reform else None
    if not rows:
        return Text(phrase("changes.none", lang) + (f"\n{across}" if across else ""))
    heads = ["group", "code", "name", "form", "commune", "match", "before", "after",
             "where-last", "where-now"]  # fmt: skip
    cells = [
        [
            printable(x)
            for x in (
                phrase("changes." + r["group"], lang).split(" (")[0],
                r["code"] or "–",
                r["name"],
                r["form"],
                r["commune"],
                phrase("changes." + r["matched"], lang),
                r["before"] or "–",
                r["after"] or "–",
                r["last"] or "–",
                r["now"] or "–",
            )
        ]
        for r in rows
    ]
    return Fitted([phrase(f"changes.{h}", lang) for h in heads], cells, title=title(changes, lang),
                  caption=across, head=(1, 2), keep=[1])  # fmt: skip


def explain_changes_csv(changes: Changes, group: str, lang: Lang) -> str:
    rows = explain_changes_rows(changes, group, lang)
    out = io.StringIO()
    keys = ["group", "code", "name", "form", "commune", "matched", "before", "after", "last",
            "now"]  # fmt: skip
    writer = csv.DictWriter(out, keys, lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: safe_cell(r[k]) for k in keys})
    return out.getvalue()


def changes_html(changes: Changes, lang: Lang) -> str:
    """The counts as an HTML section (the page escapes nothing else of ours)."""
    from html import escape

    head = "".join(f"<th>{escape(h)}</th>" for h in counts_header(lang))
    body = "".join(
        "<tr>" + "".join(
            f"<td>{escape(x)}</td>" if n == 0 else f'<td class="num">{escape(x)}</td>'
            for n, x in enumerate(row)
        ) + "</tr>"
        for row in counts_rows(changes, lang)
    )  # fmt: skip
    notes = "".join(f'<p class="muted">{escape(line)}</p>' for line in footnotes(changes, lang))
    return f"<h2>{escape(title(changes, lang))}</h2><table><tr>{head}</tr>{body}</table>{notes}"
