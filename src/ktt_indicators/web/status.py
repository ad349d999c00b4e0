"""Where each unit stands: not sent, being checked, valid, with errors; late or not; its
latest valid submission (not returned by the officer). Pure functions over the records."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from .store import CHECKING, VALID, Unit

#: Vietnam's time (UTC+7, no summer time): deadlines and the times shown are in it.
VIETNAM = timezone(timedelta(hours=7))


def local(at: datetime) -> datetime:
    """A stored time (UTC, naive) in Vietnam's time."""
    return at.replace(tzinfo=UTC).astimezone(VIETNAM)


def shown_time(at: datetime | None) -> str:
    return local(at).strftime("%d/%m/%Y %H:%M") if at else ""


def after_deadline(at: datetime, deadline: date) -> bool:
    """Whether a stored time is after the deadline's last minute, in Vietnam."""
    return local(at).date() > deadline


@dataclass
class UnitStatus:
    """One unit's standing. ``state``: not-sent, checking, valid or errors."""

    unit: Unit
    submissions: list[Any] = field(default_factory=list)
    latest_valid: Any = None
    late: bool = False

    @property
    def latest(self) -> Any:
        return self.submissions[-1] if self.submissions else None

    @property
    def state(self) -> str:
        if self.latest is None:
            return "not-sent"
        if self.latest.state == CHECKING:
            return "checking"
        return "valid" if self.latest.state == VALID else "errors"


def usable(row: Any) -> bool:
    """A submission that counts: valid, and not returned by the officer."""
    return bool(row.state == VALID and row.review != "returned")


def overview(units: Sequence[Unit], rows: Sequence[Any], deadline: date) -> list[UnitStatus]:
    """Each unit's standing, from every submission (``rows`` in the order received). A
    unit is late when nothing it sent arrived by the deadline and something did after."""
    by_code = {u.code: UnitStatus(u) for u in units}
    for row in rows:
        status = by_code.get(row.unit_code)
        if status is not None:
            status.submissions.append(row)
    for status in by_code.values():
        valid = [r for r in status.submissions if usable(r)]
        status.latest_valid = valid[-1] if valid else None
        times = [r.received_at for r in status.submissions]
        status.late = bool(times) and all(after_deadline(t, deadline) for t in times)
    return list(by_code.values())


def counts(statuses: Sequence[UnitStatus]) -> dict[str, int]:
    """How many units are in each state, and how many sent late."""
    found = {"units": len(statuses), "not-sent": 0, "checking": 0, "valid": 0, "errors": 0}
    for s in statuses:
        found[s.state] += 1
    found["sent"] = found["units"] - found["not-sent"]
    found["late"] = sum(1 for s in statuses if s.late)
    return found
