"""A season folder: one province's submissions for one reporting year.

    season.json     the province, year, deadline, plan file and database
    plan.yaml       the plan, copied in at set-up (the folder is self-contained)
    secret.key      the key of CSRF tokens (readable by the server's user only)
    season.db       the records (SQLite; a PostgreSQL URL in season.json instead)
    uploads/        every file received, under the server's own names, never replaced
    reports/        the consolidated census, gap report and report document of the
                    latest valid submissions
    links.csv       the private upload link of each unit, to send out (set-up and reissue)

:func:`init_season` makes it; :func:`load_season` reads it; :func:`issue_links` gives
units new links (revoking their old ones).
"""

from __future__ import annotations

import csv
import io
import json
import os
import secrets
import shutil
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date
from pathlib import Path

from ..census.units import load_units
from .credentials import hash_password, new_password, new_token, token_hash
from .store import Store, Unit
from .uploads import write_durable

CONFIG = "season.json"
PLAN = "plan.yaml"
SECRET = "secret.key"
LINKS = "links.csv"


class SeasonError(Exception):
    """The season folder cannot be made or used. ``key`` names the phrase
    (``web.season-<key>``), ``params`` its fields."""

    def __init__(self, key: str, **params: str) -> None:
        super().__init__(key, params)
        self.key, self.params = key, params


@dataclass(frozen=True)
class Season:
    """One province's reporting year, as its folder holds it."""

    folder: Path
    province_code: str
    province_name: str
    year: int
    deadline: date
    database: str
    officer: str = "officer"
    base_url: str = "http://127.0.0.1:8000"
    max_upload_mb: int = 20
    session_minutes: int = 60

    @property
    def plan_path(self) -> Path:
        return self.folder / PLAN

    @property
    def uploads(self) -> Path:
        return self.folder / "uploads"

    @property
    def reports(self) -> Path:
        return self.folder / "reports"

    @property
    def secret(self) -> bytes:
        return (self.folder / SECRET).read_bytes()

    @property
    def database_url(self) -> str:
        """The database: ``KTT_DATABASE_URL`` (so a password need not sit in the folder),
        else the season's own."""
        return os.environ.get("KTT_DATABASE_URL") or self.database


def _config(season: Season) -> str:
    data = asdict(season)
    data.pop("folder")
    data["deadline"] = season.deadline.isoformat()
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def load_season(folder: Path) -> Season:
    """The season of ``folder``; :class:`SeasonError` when it is none."""
    try:
        data = json.loads((folder / CONFIG).read_text(encoding="utf-8"))
        data["deadline"] = date.fromisoformat(data["deadline"])
        return Season(folder=folder.resolve(), **data)
    except FileNotFoundError:
        raise SeasonError("not-a-season", path=str(folder)) from None
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise SeasonError("broken", path=str(folder / CONFIG), detail=str(exc)) from None


def province_units(province: str) -> tuple[str, str, list[Unit]]:
    """The province's code, name and communes (by code) from the administrative list."""
    units = load_units()
    found = units.province(province)
    if found is None:
        raise SeasonError("unknown-province", province=province)
    communes = [Unit(u.code, u.name) for u in units.communes_of(found)]
    return found.code, found.name, communes


def init_season(
    folder: Path,
    *,
    province: str,
    plan: Path,
    year: int,
    deadline: date,
    database: str | None = None,
    officer: str = "officer",
    base_url: str = "http://127.0.0.1:8000",
) -> tuple[Season, str]:
    """Make the season folder, its records, every unit's link (links.csv) and the officer's
    account, readable by the server's user alone; the season and the officer's password
    (shown once, stored hashed)."""
    if (folder / CONFIG).exists():
        raise SeasonError("exists", path=str(folder))
    code, name, communes = province_units(province)
    umask = os.umask(0o077)
    try:
        return _make(
            folder,
            communes,
            Season(
                folder, code, name, year, deadline, database or "", officer, base_url.rstrip("/")
            ),
            plan,
        )
    finally:
        os.umask(umask)


def _make(folder: Path, communes: list[Unit], season: Season, plan: Path) -> tuple[Season, str]:
    """The season folder made for ``season`` (its database "" for SQLite in the folder)."""
    code, year = season.province_code, season.year
    folder.mkdir(parents=True, exist_ok=True)
    folder = folder.resolve()
    url = season.database or f"sqlite:///{folder / 'season.db'}"
    season = replace(season, folder=folder, database=url)
    shutil.copyfile(plan, season.plan_path)
    write_durable(folder / SECRET, secrets.token_bytes(32), mode=0o600)
    season.uploads.mkdir(exist_ok=True)
    season.reports.mkdir(exist_ok=True)
    store = Store(season.database_url)
    try:
        store.create()
        store.add_units(communes)
        password = new_password()
        store.set_officer(season.officer, hash_password(password))
        issue_links(season, store, [u.code for u in communes])
        store.audit("ktt serve --init", "season-made", f"{code} {year} {len(communes)}")
    finally:
        store.close()
    # Last: a folder without it is no season.
    write_durable(folder / CONFIG, _config(season).encode("utf-8"))
    return season, password


def issue_links(season: Season, store: Store, codes: Sequence[str]) -> Path:
    """New links for the units ``codes`` (their old links stop working), written to
    links.csv (readable by its owner only); its path."""
    rows = []
    for code in codes:
        unit = store.unit(code)
        if unit is None:
            raise SeasonError("unknown-unit", unit=code)
        token = new_token()
        store.new_link(unit.code, token_hash(token))
        store.audit("ktt serve", "link-issued", unit.code)
        rows.append((unit.code, unit.name, f"{season.base_url}/u/{token}"))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("ma_don_vi", "don_vi", "duong_dan"))
    writer.writerows(rows)
    path = season.folder / LINKS
    write_durable(path, out.getvalue().encode("utf-8"), mode=0o600)
    return path
