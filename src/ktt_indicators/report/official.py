"""What the report document says beyond the figures: its header and signature block, what
changed since last year, and which units sent their census.

Pure data. :class:`DocumentHeader` is resolved from the command line's options over the
targets file's ``plan.report``; :class:`Changes` and :class:`Units` are filled by whoever
compares two census years and knows the units expected to send, and the
renderers show them where given and leave their sections out where not.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from ..plan.targets import ReportHeader, TargetsFile

if TYPE_CHECKING:
    from ..census.changes import Change
    from ..census.changes import Changes as ChangeReport


class DocumentHeader(BaseModel):
    """The parts of a Decree 30 document around the body. ``None`` is left blank to fill in
    by hand (a number the registry gives, a signature and name)."""

    model_config = ConfigDict(frozen=True)

    parent: str | None = None
    issuer: str | None = None
    number: str | None = None
    symbol: str | None = None
    place: str | None = None
    #: The date the document is dated; ``None`` leaves day and month blank.
    dated: date | None = None
    signer_authority: str | None = None
    signer_title: str | None = None
    signer_name: str | None = None
    recipients: tuple[str, ...] = ()


def document_header(
    targets: TargetsFile,
    *,
    on: date | None,
    issuer: str | None = None,
    number: str | None = None,
    place: str | None = None,
    signer_title: str | None = None,
    signer_name: str | None = None,
    settings: ReportHeader | None = None,
    reporting_unit: str | None = None,
) -> DocumentHeader:
    """The header of a report: each option given, else the field of ``settings`` (a report
    settings file, :func:`load_report_settings`), else the targets file's ``plan.report``;
    the issuer, failing all three, is the census's own reporting unit (``reporting_unit``,
    see :func:`reporting_unit`)."""
    base = targets.plan.report or ReportHeader()
    if settings is not None:
        base = base.model_copy(update=settings.model_dump(exclude_unset=True))
    return DocumentHeader(
        parent=base.parent,
        issuer=issuer or base.issuer or reporting_unit,
        number=number,
        symbol=base.symbol,
        place=place or base.place,
        dated=on,
        signer_authority=None if signer_title else base.signer_authority,
        signer_title=signer_title or base.signer_title,
        signer_name=signer_name or base.signer_name,
        recipients=base.recipients,
    )


def reporting_unit(units: Sequence[str | None]) -> str | None:
    """The one reporting unit the census files name («Đơn vị báo cáo»), or None when they
    name none or several (a report of several units' files is issued by whoever combined
    them)."""
    named = {u.strip() for u in units if u and u.strip()}
    return named.pop() if len(named) == 1 else None


class ReportSettingsError(ValueError):
    """A report settings file that cannot be used: ``problem`` is a key of the phrase book
    (``report-settings-…``), ``params`` its fields."""

    def __init__(self, problem: str, **params: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.params = params


def load_report_settings(path: Path) -> ReportHeader:
    """The issuer, place, signer… of the report document from a small YAML file, with the
    keys of a targets file's ``plan.report`` (parent, issuer, symbol, place,
    signer_authority, signer_title, signer_name, recipients), at its top or under
    ``report:``. Raises :class:`ReportSettingsError`."""
    import yaml
    from pydantic import ValidationError

    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise ReportSettingsError("report-settings-unreadable", reason=reason) from None
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = str(mark.line + 1) if mark is not None else "?"
        raise ReportSettingsError("report-settings-syntax", line=line) from None
    if isinstance(data, dict) and set(data) == {"report"}:
        data = data["report"]
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ReportSettingsError("report-settings-not-mapping")
    try:
        return ReportHeader.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(x) for x in first["loc"]) or "?"
        known = ", ".join(ReportHeader.model_fields)
        if first["type"] == "extra_forbidden":
            raise ReportSettingsError(
                "report-settings-unknown-key", setting=key, known=known
            ) from None
        raise ReportSettingsError("report-settings-bad-value", setting=key) from None


class ChangedOrg(BaseModel):
    """One organization that changed between two census years."""

    model_config = ConfigDict(frozen=True)

    ma_so: str | None
    ten: str
    #: For a status change: the status before and after (e.g. "Đang hoạt động", "Tạm ngừng").
    before: str | None = None
    after: str | None = None


class Changes(BaseModel):
    """What changed between two census years, matched by ``ma_so``, by legal form
    ("THT", "HTX", "LHHTX", "QTDND"…) in each group.

    - ``new``: in this year's census and not in last year's;
    - ``dissolved``: marked dissolved (or stopped) this year;
    - ``vanished``: in last year's census, absent from this year's without being marked
      dissolved (the classic error, to follow up);
    - ``other``: any other change of status.
    """

    model_config = ConfigDict(frozen=True)

    previous_year: int
    year: int
    new: dict[str, list[ChangedOrg]] = {}
    dissolved: dict[str, list[ChangedOrg]] = {}
    vanished: dict[str, list[ChangedOrg]] = {}
    other: dict[str, list[ChangedOrg]] = {}


#: The groups of :class:`Changes`, in the order a report shows them.
CHANGE_GROUPS = ("new", "dissolved", "vanished", "other")


class Units(BaseModel):
    """Which of the units expected to send a census did, and which did not."""

    model_config = ConfigDict(frozen=True)

    sent: list[str]
    missing: list[str]


def document_changes(changes: ChangeReport | None) -> Changes | None:
    """The report document's view of :mod:`.changes`' comparison of two census years (the
    groups by legal form; a status change as ``other``)."""
    if changes is None:
        return None

    def grouped(items: list[Change]) -> dict[str, list[ChangedOrg]]:
        out: dict[str, list[ChangedOrg]] = {}
        for c in items:
            out.setdefault(c.form, []).append(
                ChangedOrg(ma_so=c.code, ten=c.name, before=c.before, after=c.after)
            )
        return out

    return Changes(
        previous_year=changes.from_year,
        year=changes.to_year,
        new=grouped(changes.new),
        dissolved=grouped(changes.dissolved),
        vanished=grouped(changes.vanished),
        other=grouped(changes.status_changed),
    )
