"""Findings: the catalog of everything ``ktt check`` can report, and the finding record.

Each kind has a stable kebab-case code, a severity and a message template in
each language. Findings are data: the reader appends them and goes on; only an
unreadable file stops the reading of that file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from ..core.i18n import Lang, catalogue, phrase, word


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class FindingKind:
    """One kind of finding: its code and severity; its title and message template are the
    phrases ``finding.<code>.title`` and ``finding.<code>.message``.

    Templates may use ``{value}``, ``{column}``, ``{expected}`` and the
    finding's own ``params``.
    """

    code: str
    severity: Severity

    def title(self, lang: Lang) -> str:
        """What kind of finding this is, in ``lang`` («Thiếu giá trị bắt buộc»)."""
        return phrase(f"finding.{self.code}.title", lang)


E, W = Severity.ERROR, Severity.WARNING

CATALOG: dict[str, FindingKind] = {
    k.code: k
    for k in (
        FindingKind("unreadable-file", E),
        FindingKind("no-list-sheet", E),
        FindingKind("no-organizations", E),
        FindingKind("missing-column", E),
        FindingKind("duplicate-column", E),
        FindingKind("missing-value", E),
        FindingKind("wrong-type", E),
        FindingKind("not-in-list", E),
        FindingKind("out-of-range", E),
        FindingKind("invalid-code", E),
        FindingKind("code-in-scientific-notation", E),
        FindingKind("formula-without-value", E),
        FindingKind("error-value", E),
        FindingKind("several-ticked", E),
        FindingKind("negative-value", E),
        FindingKind("duplicate-code", E),
        FindingKind("date-in-future", E),
        FindingKind("date-after-as-of", E),
        FindingKind("missing-member-cooperatives", E),
        FindingKind("missing-report-year", E),
        FindingKind("hidden-sheet", W),
        FindingKind("empty-sheet", W),
        FindingKind("totals-mismatch", W),
        FindingKind("unknown-column", W),
        FindingKind("below-legal-minimum", W),
        FindingKind("rated-too-young", W),
        FindingKind("profit-exceeds-revenue", W),
        FindingKind("dissolved-listed", W),
        FindingKind("renamed-workbook", W),
        FindingKind("legacy-encoding", W),
        FindingKind("legacy-encoded-value", W),
        FindingKind("vanished-since-last-year", W),
        FindingKind("code-lost-leading-zero", W),
        FindingKind("unknown-area", W),
        FindingKind("ambiguous-area", W),
        FindingKind("former-area", W),
    )
}


@dataclass(frozen=True)
class Finding:
    """One finding at one place in one file.

    ``cell`` is the A1 address as the user sees it in the sheet (None for a
    finding about the whole file or sheet); ``value`` is the value as typed.
    """

    code: str
    severity: Severity
    file: str
    sheet: str | None = None
    cell: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    suggestion: str | None = None
    params: dict[str, str] = field(default_factory=dict)

    def place(self, *, with_file: bool = True) -> str:
        """Where the finding is, as a person reads it: "file › sheet › cell"."""
        parts = (self.file if with_file else None, self.sheet, self.cell)
        return " › ".join(part for part in parts if part)

    def title(self, lang: Lang = "vi") -> str:
        """What kind of finding this is, in ``lang`` («Thiếu giá trị»): what people read
        where machines read :attr:`code` (``missing-value``)."""
        return CATALOG[self.code].title(lang)

    def message(self, lang: Lang = "vi") -> str:
        """The finding as a sentence in ``lang``, with what was probably meant."""
        fields = {
            "value": self.value or "",
            "column": self.column or "",
            "sheet": self.sheet or "",
            "why": "",
            "where": "",
            "unicode": "",
        }
        for key, value in self.params.items():
            if key == "expected":
                fields[key] = word(value, lang)
            elif f"finding-phrase.{value}" in catalogue(lang):  # it may name other params
                fields[key] = phrase(f"finding-phrase.{value}", lang, **self.params)
            else:
                fields[key] = value
        message = phrase(f"finding.{self.code}.message", lang, **fields)
        if self.suggestion and "legacy" in self.params:  # «Kh¸»: Khá typed in TCVN3
            read = self.params.get("read")  # «Tæ hîp t¸c»: «Tổ hợp tác», that is THT
            message += "; " + phrase(
                "text.probably-legacy-read" if read else "text.probably-legacy",
                lang,
                value=self.suggestion,
                read=read or "",
                encoding=self.params["legacy"],
            )
        elif self.suggestion:
            message += "; " + phrase("text.probably", lang, value=self.suggestion)
        return message

    def as_dict(self, lang: Lang = "vi") -> dict[str, object]:
        """A JSON-ready dict: the location, the value as typed and the message."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "file": self.file,
            "sheet": self.sheet,
            "cell": self.cell,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "suggestion": self.suggestion,
            "message": self.message(lang),
        }


def severity_of(code: str) -> Severity:
    """The severity of a finding code from the catalog."""
    return CATALOG[code].severity
