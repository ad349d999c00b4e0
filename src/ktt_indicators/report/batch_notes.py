"""What summary.md tells the people of a ``ktt batch`` run, beyond its table of files.

Who has not sent, who was not expected, who sent twice and who sent late (with
``--expected`` and ``--deadline``, :mod:`.expected`); then, for each file with findings,
what to do next and every finding, none left out: the files with warnings only first, the
files left out of the consolidated census (errors) last. Markdown text, in ``lang``.
"""

from __future__ import annotations

from typing import Any

from ..census.reader import CensusFile
from ..core.i18n import Lang, phrase


def md_text(text: str) -> str:
    """Text for a Markdown line or table cell: its pipes escaped, its line breaks spaces."""
    return text.replace("|", "\\|").replace("\n", " ")


def units_sections(summary: dict[str, Any], lang: Lang) -> list[str]:
    """Who has not sent, who was not expected, who sent twice, who sent late."""
    lines: list[str] = []
    units = summary.get("units")
    if units is not None:
        lines += ["", f"## {phrase('batch-notes.units', lang)}", ""]
        received, missing = len(units["received"]), len(units["missing"])
        if "province" in units:  # a province's communes, by code
            province = units["province"]
            key = "units-province" if province else "units-no-province"
            lines += [phrase(f"batch-notes.{key}", lang, province=province or ""), ""]
        lines.append(
            phrase(
                "batch-notes.units-line",
                lang,
                expected=units["expected"],
                received=received,
                missing=missing,
            )
        )
        lines += ["", f"### {phrase('batch-notes.missing', lang)}", ""]
        lines += [f"- {md_text(u)}" for u in units["missing"]] or [
            f"- {phrase('batch-notes.none', lang)}"
        ]
        lines += ["", f"### {phrase('batch-notes.unexpected', lang)}", ""]
        lines += [
            f"- {md_text(x['file'])} "
            f"({md_text(x['unit'] or phrase('batch-notes.unit-unknown', lang))})"
            for x in units["unexpected"]
        ] or [f"- {phrase('batch-notes.none', lang)}"]
        lines += ["", f"### {phrase('batch-notes.several', lang)}", ""]
        lines += [
            f"- {md_text(x['unit'])}: " + ", ".join(md_text(f) for f in x["files"])
            for x in units["several"]
        ] or [f"- {phrase('batch-notes.none', lang)}"]
    if "late" in summary:
        lines += ["", f"## {phrase('batch-notes.late', lang, deadline=summary['deadline'])}", ""]
        lines += [f"- {md_text(x['file'])}: {x['modified']}" for x in summary["late"]] or [
            f"- {phrase('batch-notes.none', lang)}"
        ]
    return lines


def _file_lines(entry: dict[str, Any], f: CensusFile, lang: Lang) -> list[str]:
    copy = entry.get("marked_up")
    if f.unreadable:
        step = phrase("batch-notes.next-unreadable", lang)
    elif not f.valid:
        step = (
            phrase("batch-notes.next-errors", lang, copy=copy)
            if copy
            else phrase("batch-notes.next-errors-plain", lang)
        )
    else:
        step = phrase(
            "batch-notes.next-warnings",
            lang,
            copy=phrase("batch-notes.copy-in", lang, copy=copy) if copy else "",
        )
    counts = phrase(
        "batch-notes.findings-count", lang, errors=len(f.errors), warnings=len(f.warnings)
    )
    lines = [f"- **{md_text(f.path)}**", f"  {step}", f"  {counts}"]
    for x in [*f.errors, *f.warnings]:
        where = x.place(with_file=False)
        where = f" ({md_text(where)})" if where else ""
        lines.append(
            f"  - {phrase(f'batch-notes.{x.severity.value}', lang)} "
            f"«{md_text(x.title(lang))}»{where}: "
            f"{md_text(x.message(lang))}"
        )
    return lines


def findings_sections(summary: dict[str, Any], files: list[CensusFile], lang: Lang) -> list[str]:
    """Every finding of every file that has some, with what to do next: the files with
    warnings only, then those left out (errors)."""
    entries = {e["path"]: e for e in summary["files"]}
    lines: list[str] = []
    warned = [f for f in files if f.valid and f.findings]
    if warned:
        lines += ["", f"## {phrase('batch-notes.warnings-only', lang)}", ""]
        for f in warned:
            lines += _file_lines(entries[f.path], f, lang)
    bad = [f for f in files if not f.valid]
    if bad:
        lines += ["", f"## {phrase('label.batch-left-out', lang)}", ""]
        for f in bad:
            lines += _file_lines(entries[f.path], f, lang)
    return lines
