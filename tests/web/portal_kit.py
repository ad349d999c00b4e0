"""What the portal's tests share: a season folder made as ``ktt serve --init`` makes it, the
units' links, the ASGI test client, forms' CSRF tokens, census workbooks to upload and a
throwaway PostgreSQL server."""

from __future__ import annotations

import contextlib
import csv
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
import warnings
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

with warnings.catch_warnings():  # starlette asks for httpx2, which is not released yet
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from ktt_indicators.core.interrupt import kill_session
from ktt_indicators.core.resources import default_targets
from ktt_indicators.web.app import build_app
from ktt_indicators.web.season import Season, init_season

from conftest import DEFAULT_INFO, write_census

#: The deadline of the test season; tests' submissions arrive after it (their clock is now).
DEADLINE = date(2025, 12, 31)
#: A census with errors: a legal form that is none, members typed as words.
BROKEN_ROWS: list[dict[str, Any]] = [
    {"ten": "HTX Một"},
    {"ten": "HTX Hai", "loai_hinh": "Hợp tác xã kiểu lạ", "so_thanh_vien": "mười"},
]
FIXED_ROWS: list[dict[str, Any]] = [{"ten": "HTX Một"}, {"ten": "HTX Hai", "so_thanh_vien": 10}]


def make_season(folder: Path, database: str | None = None) -> tuple[Season, str]:
    """A season of Cần Thơ (92) for 2025 with the bundled plan; the officer's password."""
    return init_season(
        folder,
        province="92",
        plan=default_targets(),
        year=2025,
        deadline=DEADLINE,
        database=database,
    )


def links(season: Season) -> dict[str, str]:
    """Each unit's token, by unit code, from links.csv."""
    with (season.folder / "links.csv").open(encoding="utf-8") as file:
        return {r["ma_don_vi"]: r["duong_dan"].rsplit("/", 1)[1] for r in csv.DictReader(file)}


@contextlib.contextmanager
def portal_client(season: Season) -> Iterator[TestClient]:
    with TestClient(build_app(season), base_url="http://testserver") as client:
        yield client


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF token in the form"
    return found.group(1)


def upload(client: TestClient, token: str, name: str, content: bytes, **headers: str) -> Any:
    """Post a file the way the unit's page does (its CSRF token first read from the page)."""
    csrf = csrf_of(client.get(f"/u/{token}").text)
    return client.post(
        f"/u/{token}/upload",
        data={"csrf": csrf},
        headers=headers,
        files={"file": (name, content)},
        follow_redirects=False,
    )


def unit_census(
    path: Path, rows: list[dict[str, Any]], unit: str = "Phường Cái Khế", **kwargs: Any
) -> Path:
    """A census of ``unit`` (its information sheet and its rows name it), the unit of the
    link it is sent through: the portal refuses another commune's census."""
    kwargs.setdefault("info", {**DEFAULT_INFO, "don_vi_bao_cao": f"UBND {unit}"})
    rows = [{"xa_phuong": unit, "quan_huyen": None, **row} for row in rows]
    return write_census(path, rows, **kwargs)


def census_bytes(tmp_path: Path, rows: list[dict[str, Any]], **kwargs: Any) -> bytes:
    return unit_census(tmp_path / f"{uuid.uuid4().hex}.xlsx", rows, **kwargs).read_bytes()


def login(client: TestClient, password: str, name: str = "officer") -> Any:
    csrf = csrf_of(client.get("/login").text)
    return client.post(
        "/login", data={"csrf": csrf, "name": name, "password": password}, follow_redirects=False
    )


def wait_for(check: Any, seconds: float = 60.0) -> Any:
    """Poll ``check()`` until it returns something true (a background job's result)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError("timed out waiting")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(season: Season, port: int) -> subprocess.Popen[bytes]:
    """``ktt serve`` in a session of its own (so that its fork server and children can be
    killed with it), once it answers."""
    server = subprocess.Popen(
        [sys.executable, "-m", "ktt_indicators", "serve", str(season.folder), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            return httpx.get(f"{base}/healthz", timeout=1).status_code == 200
        except httpx.HTTPError:
            assert server.poll() is None, server.stderr.read() if server.stderr else ""
            return False

    wait_for(up, 30)
    return server


def kill_hard(server: subprocess.Popen[bytes]) -> None:
    """SIGKILL to the server and every process of its session: its fork server, the checks
    and a consolidation's readers (which ``ktt batch`` puts in process groups of their own),
    as systemd ends a service."""
    kill_session(server.pid)  # started with start_new_session: its pid is the session's id
    server.wait()


# --------------------------------------------------------------------------- PostgreSQL


def _postgres_bin(name: str) -> str | None:
    # Debian keeps them off the PATH, in /usr/lib/postgresql/<version>/bin.
    found = shutil.which(name) or sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    return found if isinstance(found, str) else (str(found[-1]) if found else None)


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """A throwaway PostgreSQL server in a temporary folder (as the postgres user when run as
    root: the folder is one that user can reach), listening on a socket there; yields the
    URL of its ``postgres`` database. Skips where PostgreSQL is not installed, except in CI
    (``CI`` set), where it must be."""
    initdb, pg_ctl = _postgres_bin("initdb"), _postgres_bin("pg_ctl")
    if initdb is None or pg_ctl is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed (CI installs it: .ci/run)")
        pytest.skip("PostgreSQL is not installed")
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    folder = Path(tempfile.mkdtemp(prefix="ktt-pg-"))
    folder.chmod(0o777)
    data, port = folder / "data", free_port()
    subprocess.run(
        [*as_user, initdb, "-D", str(data), "-A", "trust", "-U", "postgres"],
        check=True,
        capture_output=True,
    )
    options = f"-k {folder} -p {port} -c listen_addresses='' -c fsync=off"
    subprocess.run(
        [
            *as_user,
            pg_ctl,
            "-D",
            str(data),
            "-o",
            options,
            "-w",
            "start",
            "-l",
            str(folder / "log"),
        ],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql+psycopg://postgres@/postgres?host={folder}&port={port}"
    finally:
        subprocess.run(
            [*as_user, pg_ctl, "-D", str(data), "-m", "immediate", "stop"],
            check=False,
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)


def fresh_database(server: str) -> str:
    """A new empty database on ``server`` (a URL of its postgres database); its URL."""
    import psycopg

    name = f"t{uuid.uuid4().hex[:12]}"
    plain = server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as db:
        db.execute(f"CREATE DATABASE {name}")
    return server.replace("/postgres?", f"/{name}?")
