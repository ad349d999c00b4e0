"""Rendering ``ktt check``'s findings: a rich table per sheet, JSON, JUnit XML, GitHub annotations.

Kept apart from :mod:`render` so that checking a file, which CI and pre-commit do once per
file, never imports the targets, indicators and progress models.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from ..census.findings import Finding
from ..core.i18n import Lang, phrase
from ..core.text import printable

if TYPE_CHECKING:
    from ..census.reader import Census, CensusFile


def check_json(census: Census, lang: Lang) -> dict[str, Any]:
    """``{"valid", "files": [{"path", "valid", "rows_read", "organizations",
    "rows_with_errors", "errors", "warnings"}]}``: the organization rows read, those without
    errors, and those with errors (the two add up to the rows read)."""
    return {
        "valid": census.valid,
        "files": [
            {
                "path": f.path,
                "valid": f.valid,
                "rows_read": f.rows_read,
                "organizations": len(f.organizations),
                "rows_with_errors": f.rows_with_errors,
                "errors": [x.as_dict(lang) for x in f.errors],
                "warnings": [x.as_dict(lang) for x in f.warnings],
            }
            for f in census.files
        ],
    }


#: Characters XML 1.0 cannot hold, even escaped (C0 controls but tab, newline and CR;
#: surrogates; U+FFFE and U+FFFF). A census cell can contain them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str) -> str:
    """``text`` with every character XML cannot hold shown as its escape, e.g. ``\\x0b``."""
    return _NOT_XML.sub(lambda m: repr(m.group())[1:-1], text)


def check_junit(census: Census, lang: Lang) -> str:
    """JUnit XML as CI servers show it: one testsuite per file, one testcase per error.

    Jenkins shows only the first failure of a testcase and GitLab only a failure's text
    (not its ``message``): each error is a testcase of its own (named by its sheet, cell and
    code, its classname the file), with a failure whose text is whole: the place, the message
    with what was probably meant, the column, the value as typed and the code. A file without
    errors is one passing testcase. Warnings, which do not fail a file, are the suite's
    system-out. Every count and time is given (times are 0: nothing is timed), so that a tool
    that recounts them, when merging reports, finds the same numbers.
    """
    from xml.etree import ElementTree as ET

    suites = []
    for f in census.files:
        name = _xml_text(f.path)
        suite = ET.Element("testsuite", name=name, tests="0", failures="0", errors="0",
                           skipped="0", time="0", file=name)  # fmt: skip
        for x in f.errors:
            where = x.place(with_file=False)
            title = f"{where} [{x.code}]" if where else x.code
            case = ET.SubElement(suite, "testcase", classname=name, file=name, time="0",
                                 name=_xml_text(title))  # fmt: skip
            message = f"{where}: {x.message(lang)}" if where else x.message(lang)
            failure = ET.SubElement(case, "failure", type=x.code, message=_xml_text(message))
            failure.text = _xml_text(_failure_text(x, lang))
        if f.valid:
            ET.SubElement(suite, "testcase", classname=name, file=name, time="0",
                          name=phrase("text.valid", lang))  # fmt: skip
        cases = len(suite.findall("testcase"))
        suite.set("tests", str(cases))
        suite.set("failures", str(len(f.errors)))
        if f.warnings:
            out = ET.SubElement(suite, "system-out")
            out.text = _xml_text("\n".join(_failure_text(x, lang) for x in f.warnings))
        suites.append(suite)
    root = ET.Element("testsuites", name="ktt check",
                      tests=str(sum(int(s.get("tests", 0)) for s in suites)),
                      failures=str(sum(int(s.get("failures", 0)) for s in suites)),
                      errors="0", skipped="0", time="0")  # fmt: skip
    root.extend(suites)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _failure_text(x: Finding, lang: Lang) -> str:
    """A finding as a failure's text, whole: where, the message (with what was probably
    meant), then the column, the value as typed and the code, each named."""
    where = x.place(with_file=False)
    lines = [f"{where}: {x.message(lang)}" if where else x.message(lang)]
    details = [(phrase("label.column", lang), x.column),
               (phrase("label.value", lang), None if x.value is None else f"«{x.value}»"),
               (phrase("label.code", lang), x.code)]  # fmt: skip
    lines.append(" · ".join(f"{k}: {v}" for k, v in details if v is not None))
    return "\n".join(lines)


def _gh_data(text: str) -> str:
    """A workflow command's message: control characters shown as symbols (the Actions log
    obeys ESC sequences as colours), then GitHub's escapes."""
    return printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


#: GitHub shows this many error, and as many warning, annotations of a step; the rest
#: only in its log.
GITHUB_SHOWN = 10


def check_github(census: Census, lang: Lang) -> str:
    """GitHub Actions workflow commands: one ::error or ::warning annotation per finding,
    and for each file with findings one ::notice that says how many it has and where they
    all are (GitHub shows only ten errors and ten warnings of a step)."""
    from ..core.i18n import count

    lines = []
    for f in census.files:
        path = _gh_property(f.path)
        if f.findings:
            summary = phrase(
                "text.github-summary",
                lang,
                path=f.path,
                errors=count(len(f.errors), lang),
                warnings=count(len(f.warnings), lang),
                shown=GITHUB_SHOWN,
            )
            lines.append(f"::notice file={path},title=ktt check::{_gh_data(summary)}")
        for x in [*f.errors, *f.warnings]:
            level = "error" if x.severity == "error" else "warning"
            place = x.place(with_file=False)  # the file is the annotation's own
            message = f"{place}: {x.message(lang)}" if place else x.message(lang)
            lines.append(f"::{level} file={path},title={_gh_property(x.code)}"
                         f"::{_gh_data(message)}")  # fmt: skip
    return "".join(line + "\n" for line in lines)


def findings_table(
    findings: Sequence[Finding], lang: Lang, title: str | None = None
) -> RenderableType:
    """Findings of one sheet: severity, cell, column, value as typed, message and the
    finding's title (its code is for machines: JSON, JUnit, GitHub)."""
    from .fit import Fitted

    keys = ("severity", "cell", "column", "value", "message", "kind")
    rows: list[list[Text | str]] = []
    for f in findings:
        style = "red" if f.severity == "error" else "yellow"
        rows.append(
            [
                Text(phrase(f"text.{f.severity.value}", lang), style=style),
                f.cell or "",
                printable(f.column or ""),
                printable(f.value or ""),
                printable(f.message(lang)),
                Text(f.title(lang), style="dim"),
            ]
        )
    # In blocks: «Lỗi · C8 · Thiếu giá trị», then the column, the value and the message.
    return Fitted(
        [phrase(f"label.{k}", lang) for k in keys],
        rows,
        title=title,
        title_justify="left",
        head=(0, 1, 5),
        keep=(0, 1, 5),
    )


def summary_line(f: CensusFile, lang: Lang) -> str:
    """One line for a file: its path, whether it is valid, its organizations (the rows read,
    and where some have errors, how many have and how many have not), its findings."""
    from ..core.i18n import count

    status = phrase("text.valid", lang) if f.valid else phrase("text.invalid", lang)
    return phrase(
        "text.file-summary-rows" if f.rows_with_errors else "text.file-summary",
        lang,
        path=printable(f.path),
        status=status,
        rows=count(f.rows_read, lang),
        orgs=count(len(f.organizations), lang),
        bad=count(f.rows_with_errors, lang),
        errors=count(len(f.errors), lang),
        warnings=count(len(f.warnings), lang),
    )


def check_renderable(census: Census, lang: Lang) -> RenderableType:
    """One summary line per file (its words never cut: a path cut in two cannot be copied),
    then its findings in one table per sheet. A file that could not be read is left to the error
    line on stderr (it has no organizations to count)."""
    parts: list[RenderableType] = []
    for f in census.files:
        if f.unreadable:
            continue
        parts.append(_Summary(f, lang))
        sheets = list(dict.fromkeys(x.sheet for x in f.findings))
        for sheet in sheets:
            title = f"{phrase('label.sheet', lang)}: {printable(sheet)}" if sheet else None
            parts.append(findings_table([x for x in f.findings if x.sheet == sheet], lang, title))
    return Group(*parts)


class _Summary:
    """A file's summary line; where it does not fit, the path on a line of its own and the
    rest beneath it, so that the path (which may hold spaces) is never cut."""

    def __init__(self, f: CensusFile, lang: Lang) -> None:
        self.style = "bold green" if f.valid else "bold red"
        self.line = summary_line(f, lang)
        self.path = printable(f.path)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.cells import cell_len

        if cell_len(self.line) <= options.max_width or not self.line.startswith(self.path):
            yield Text(self.line, style=self.style, overflow="fold")
            return
        yield Text(self.path, style=self.style, no_wrap=True, overflow="ignore")
        rest = self.line[len(self.path) :].lstrip(": ")
        yield Text("  " + rest, style=self.style, overflow="fold")
