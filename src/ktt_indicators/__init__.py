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
    from .census import Census, CensusFile, read_census, read_census_file
    from .findings import Finding, Severity
    from .progress import (
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
    from .resources import default_targets, example_census
    from .schema import CensusInfo, Organization, RowRef
    from .targets import Target, TargetsFile
    from .targets_loader import TargetsFileError, load_targets

#: Each public name and the module that defines it.
_WHERE = {
    "read_census": "census",
    "read_census_file": "census",
    "Census": "census",
    "CensusFile": "census",
    "Finding": "findings",
    "Severity": "findings",
    "load_targets": "targets_loader",
    "TargetsFile": "targets",
    "Target": "targets",
    "TargetsFileError": "targets_loader",
    "gap_report": "progress",
    "trace": "progress",
    "GapReport": "progress",
    "Progress": "progress",
    "AreaProgress": "progress",
    "LeftOut": "progress",
    "Trace": "progress",
    "OrgRef": "progress",
    "InvalidCensusError": "progress",
    "Organization": "schema",
    "CensusInfo": "schema",
    "RowRef": "schema",
    "example_census": "resources",
    "default_targets": "resources",
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
