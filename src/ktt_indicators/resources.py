"""Files that ship with ktt: the city's targets file and the example census.

In an installed wheel they are package data (``ktt_indicators/data``); in a
source checkout (editable install) they are read from the repository itself,
so there is a single copy of each.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DATA = Path(__file__).parent / "data"
_REPOSITORY = Path(__file__).resolve().parents[2]

TARGETS_NAME = "targets.yaml"
SCHEMA_NAME = "targets.schema.json"
EXAMPLE_CENSUS_NAME = "census-can-tho-2025.xlsx"


def _find(packaged: str, in_repo: str) -> Path:
    for candidate in (_PACKAGE_DATA / packaged, _REPOSITORY / in_repo):
        if candidate.is_file():
            return candidate
    return _REPOSITORY / in_repo


def default_targets() -> Path:
    """The bundled targets file of Cần Thơ's Plan 53/KH-UBND."""
    return _find(TARGETS_NAME, TARGETS_NAME)


def example_census() -> Path:
    """The bundled example census of the old city of Cần Thơ (2025)."""
    return _find(EXAMPLE_CENSUS_NAME, f"examples/{EXAMPLE_CENSUS_NAME}")


def targets_schema() -> Path:
    """The JSON Schema of targets files (``ktt schema``'s output), for an editor to point at."""
    return _find(SCHEMA_NAME, SCHEMA_NAME)
