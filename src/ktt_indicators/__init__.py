"""ktt: progress of Vietnam's collective economy against plan targets.

The library reads census workbooks (:mod:`.census`), validates them into
organization records and findings, evaluates the indicators a targets file
defines (:mod:`.targets`, :mod:`.indicators`) and measures progress against
each target (:mod:`.progress`). It returns data and never prints; the command
line (:mod:`.cli`) renders it.

The public API is what ``__all__`` names, importable from the package itself::

    import ktt_indicators as ktt

    census = ktt.read_census("quan-ninh-kieu.xlsx")
    report = ktt.gap_report(ktt.load_targets("targets.yaml"), census, year=2030)
    report.to_frame()            # a pandas DataFrame (ktt-indicators[pandas])

Each name is imported when first used, so that ``import ktt_indicators`` (and the
``ktt`` command, which imports the package first) stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .census.findings import Finding, Severity
    from .census.reader import Census, CensusFile, read_census, read_census_file
    from .census.schema import CensusInfo, Organization, RowRef
    from .core.resources import default_targets, example_census
    from .plan.progress import (
        AreaProgress,
        GapReport,
        InvalidCensusError,
        LeftOut,
        OrgRef,
        Progress,
        Trace,
        gap_report,
        trace,
    )
    from .plan.targets import Target, TargetsFile
    from .plan.targets_loader import TargetsFileError, load_targets

#: Each public name and the module that defines it.
_WHERE = {
    "read_census": "census.reader",
    "read_census_file": "census.reader",
    "Census": "census.reader",
    "CensusFile": "census.reader",
    "Finding": "census.findings",
    "Severity": "census.findings",
    "load_targets": "plan.targets_loader",
    "TargetsFile": "plan.targets",
    "Target": "plan.targets",
    "TargetsFileError": "plan.targets_loader",
    "gap_report": "plan.progress",
    "trace": "plan.progress",
    "GapReport": "plan.progress",
    "Progress": "plan.progress",
    "AreaProgress": "plan.progress",
    "LeftOut": "plan.progress",
    "Trace": "plan.progress",
    "OrgRef": "plan.progress",
    "InvalidCensusError": "plan.progress",
    "Organization": "census.schema",
    "CensusInfo": "census.schema",
    "RowRef": "census.schema",
    "example_census": "core.resources",
    "default_targets": "core.resources",
}

__all__ = [
    "AreaProgress",
    "Census",
    "CensusFile",
    "CensusInfo",
    "Finding",
    "GapReport",
    "InvalidCensusError",
    "LeftOut",
    "OrgRef",
    "Organization",
    "Progress",
    "RowRef",
    "Severity",
    "Target",
    "TargetsFile",
    "TargetsFileError",
    "Trace",
    "__version__",
    "default_targets",
    "example_census",
    "gap_report",
    "load_targets",
    "read_census",
    "read_census_file",
    "trace",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value  # the next use is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
