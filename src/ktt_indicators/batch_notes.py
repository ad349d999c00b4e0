"""What summary.md tells the people of a ``ktt batch`` run, beyond its table of files.

Who has not sent, who was not expected, who sent twice and who sent late (with
``--expected`` and ``--deadline``, :mod:`.expected`); then, for each file with findings,
what to do next and every finding, none left out: the files with warnings only first, the
files left out of the consolidated census (errors) last. Markdown text, in ``lang``.
"""

from __future__ import annotations

from typing import Any

from .census import CensusFile
from .i18n import Lang, label

_WORDS: dict[str, dict[Lang, str]] = {
    "units": {"vi": "Đơn vị phải báo cáo", "en": "Units that must report"},
    "units-line": {
        "vi": "{expected} đơn vị trong danh sách; {received} đã gửi, {missing} chưa gửi.",
        "en": "{expected} units on the list; {received} have sent, {missing} have not.",
    },
    "missing": {"vi": "Chưa gửi", "en": "Not sent"},
    "unexpected": {
        "vi": "Không có trong danh sách",
        "en": "Not on the list",
    },
    "unit-unknown": {"vi": "không ghi đơn vị", "en": "no unit given"},
    "several": {"vi": "Gửi nhiều hơn một tệp", "en": "Sent more than one file"},
    "late": {"vi": "Gửi sau hạn {deadline}", "en": "Sent after the deadline {deadline}"},
    "none": {"vi": "không có", "en": "none"},
    "warnings-only": {
        "vi": "Tệp hợp lệ nhưng có cảnh báo (đã đưa vào tổng hợp)",
        "en": "Valid files with warnings (in the consolidated census)",
    },
    "next-errors": {
        "vi": "Việc cần làm: mở bản đánh dấu `{copy}` (ô có lỗi tô đỏ, có ghi chú), sửa từng lỗi "
        "dưới đây trong tệp của đơn vị rồi gửi lại.",
        "en": "What to do: open the marked-up copy `{copy}` (cells with an error are red and "
        "carry a note), fix each error below in the unit's file, and send it again.",
    },
    "next-errors-plain": {
        "vi": "Việc cần làm: sửa từng lỗi dưới đây trong tệp của đơn vị rồi gửi lại.",
        "en": "What to do: fix each error below in the unit's file, and send it again.",
    },
    "next-unreadable": {
        "vi": "Việc cần làm: tệp không đọc được như một bảng tính; hãy gửi lại đúng tệp bảng tính "
        "(.xlsx).",
        "en": "What to do: the file cannot be read as a workbook; send the workbook itself "
        "(.xlsx) again.",
    },
    "next-warnings": {
        "vi": "Tệp đã được tính. Hãy xem lại các cảnh báo dưới đây{copy}.",
        "en": "The file is counted. Check the warnings below{copy}.",
    },
    "copy-in": {"vi": " (bản đánh dấu: `{copy}`)", "en": " (marked-up copy: `{copy}`)"},
    "findings-count": {
        "vi": "{errors} lỗi, {warnings} cảnh báo:",
        "en": "{errors} errors, {warnings} warnings:",
    },
    "error": {"vi": "lỗi", "en": "error"},
    "warning": {"vi": "cảnh báo", "en": "warning"},
}


def word(key: str, lang: Lang, **fields: object) -> str:
    return _WORDS[key][lang].format(**fields)


def md_text(text: str) -> str:
    """Text for a Markdown line or table cell: its pipes escaped, its line breaks spaces."""
    return text.replace("|", "\\|").replace("\n", " ")


def units_sections(summary: dict[str, Any], lang: Lang) -> list[str]:
    """Who has not sent, who was not expected, who sent twice, who sent late."""
    lines: list[str] = []
    units = summary.get("units")
    if units is not None:
        lines += ["", f"## {word('units', lang)}", ""]
        received, missing = len(units["received"]), len(units["missing"])
        lines.append(
            word("units-line", lang, expected=units["expected"], received=received, missing=missing)
        )
        lines += ["", f"### {word('missing', lang)}", ""]
        lines += [f"- {md_text(u)}" for u in units["missing"]] or [f"- {word('none', lang)}"]
        lines += ["", f"### {word('unexpected', lang)}", ""]
        lines += [
            f"- {md_text(x['file'])} ({md_text(x['unit'] or word('unit-unknown', lang))})"
            for x in units["unexpected"]
        ] or [f"- {word('none', lang)}"]
        lines += ["", f"### {word('several', lang)}", ""]
        lines += [
            f"- {md_text(x['unit'])}: " + ", ".join(md_text(f) for f in x["files"])
            for x in units["several"]
        ] or [f"- {word('none', lang)}"]
    if "late" in summary:
        lines += ["", f"## {word('late', lang, deadline=summary['deadline'])}", ""]
        lines += [f"- {md_text(x['file'])}: {x['modified']}" for x in summary["late"]] or [
            f"- {word('none', lang)}"
        ]
    return lines


def _file_lines(entry: dict[str, Any], f: CensusFile, lang: Lang) -> list[str]:
    copy = entry.get("marked_up")
    if f.unreadable:
        step = word("next-unreadable", lang)
    elif not f.valid:
        step = word("next-errors", lang, copy=copy) if copy else word("next-errors-plain", lang)
    else:
        step = word("next-warnings", lang, copy=word("copy-in", lang, copy=copy) if copy else "")
    counts = word("findings-count", lang, errors=len(f.errors), warnings=len(f.warnings))
    lines = [f"- **{md_text(f.path)}**", f"  {step}", f"  {counts}"]
    for x in [*f.errors, *f.warnings]:
        where = x.place(with_file=False)
        where = f" ({md_text(where)})" if where else ""
        lines.append(
            f"  - {word(x.severity.value, lang)} «{md_text(x.title(lang))}»{where}: "
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
        lines += ["", f"## {word('warnings-only', lang)}", ""]
        for f in warned:
            lines += _file_lines(entries[f.path], f, lang)
    bad = [f for f in files if not f.valid]
    if bad:
        lines += ["", f"## {label('batch-left-out', lang)}", ""]
        for f in bad:
            lines += _file_lines(entries[f.path], f, lang)
    return lines
