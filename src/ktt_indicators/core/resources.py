"""Files that ship with ktt: the city's targets file, the other plans, the example census and
the administrative units.

In an installed wheel they are package data (``ktt_indicators/data``); in a
source checkout (editable install) they are read from the repository itself,
so there is a single copy of each.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

_PACKAGE_DATA = Path(__file__).parents[1] / "data"
_REPOSITORY = Path(__file__).resolve().parents[3]

TARGETS_NAME = "targets.yaml"
SCHEMA_NAME = "targets.schema.json"
PLANS_NAME = "plans"
EXAMPLE_CENSUS_NAME = "census-can-tho-2025.xlsx"
ADMIN_UNITS_NAME = "admin-units"


def _find(packaged: str, in_repo: str) -> Path:
    for candidate in (_PACKAGE_DATA / packaged, _REPOSITORY / in_repo):
        if candidate.is_file():
            return candidate
    return _REPOSITORY / in_repo


def _find_dir(packaged: str, in_repo: str) -> Path:
    folder = _PACKAGE_DATA / packaged
    return folder if folder.is_dir() else _REPOSITORY / in_repo


def default_targets() -> Path:
    """The bundled targets file of Cần Thơ's Plan 53/KH-UBND."""
    return _find(TARGETS_NAME, TARGETS_NAME)


def example_census() -> Path:
    """The bundled example census of the old city of Cần Thơ (2025)."""
    return _find(EXAMPLE_CENSUS_NAME, f"examples/{EXAMPLE_CENSUS_NAME}")


def targets_schema() -> Path:
    """The JSON Schema of targets files (``ktt schema``'s output), for an editor to point at."""
    return _find(SCHEMA_NAME, SCHEMA_NAME)


def plans_dir() -> Path:
    """The folder of the bundled plans (``plans/``): the national resolution, the strategy,
    other provinces."""
    return _find_dir(PLANS_NAME, PLANS_NAME)


def admin_units_dir() -> Path:
    """The folder of the administrative units in force and the crosswalk from those before
    (``data/admin-units``)."""
    return _find_dir(ADMIN_UNITS_NAME, f"data/{ADMIN_UNITS_NAME}")


def bundled_plans() -> list[Path]:
    """Every bundled targets file: the default (Cần Thơ) first, then ``plans/`` by name."""
    return [default_targets(), *sorted(plans_dir().glob("*.yaml"))]


def find_plan(name: str) -> Path | None:
    """The bundled targets file whose plan id (or file name without .yaml) is ``name``."""
    for path, plan_id in _plans():
        if name in (path.stem, plan_id):
            return path
    return None


def plan_ids() -> list[str]:
    """The ids of the bundled plans, as ``ktt targets --list`` shows them."""
    return [plan_id or path.stem for path, plan_id in _plans()]


def _plans() -> Iterator[tuple[Path, str | None]]:
    """Each bundled targets file and its plan id (None when it cannot be read)."""
    import yaml

    for path in bundled_plans():
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            data = None
        plan = data.get("plan") if isinstance(data, dict) else None
        plan_id = plan.get("id") if isinstance(plan, dict) else None
        yield path, plan_id if isinstance(plan_id, str) else None
