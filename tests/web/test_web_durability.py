"""A kill -9 of the server mid-load loses no acknowledged submission: the real server in a
process of its own, units uploading at once, SIGKILL to it and its children, a restart;
every upload it answered is there, file and record, and what it had not checked yet is
checked on the restart."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from portal_kit import (
    FIXED_ROWS,
    census_bytes,
    csrf_of,
    free_port,
    kill_hard,
    links,
    make_season,
    start_server,
    wait_for,
)

from ktt_indicators.web.season import Season
from ktt_indicators.web.store import CHECKING, Store

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


@pytest.fixture
def season(tmp_path: Path) -> Iterator[Season]:
    yield make_season(tmp_path / "season")[0]


def test_a_kill_9_mid_load_loses_no_acknowledged_submission(season: Season, tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    tokens = list(links(season).items())[:12]
    contents = {
        code: census_bytes(tmp_path, FIXED_ROWS, info={"don_vi_bao_cao": code, "nam_bao_cao": 2025})
        for code, _ in tokens
    }
    acknowledged: dict[int, str] = {}  # submission id → SHA-256 of what was sent
    enough = threading.Event()
    lock = threading.Lock()

    def send(code: str, token: str) -> None:
        try:
            with httpx.Client(base_url=base, timeout=60) as client:
                csrf = csrf_of(client.get(f"/u/{token}").text)
                answer = client.post(
                    f"/u/{token}/upload",
                    data={"csrf": csrf},
                    files={"file": (f"{code}.xlsx", contents[code])},
                )
        except httpx.HTTPError:
            return  # the server died before answering: not acknowledged
        if answer.status_code == 303:
            with lock:
                sid = int(answer.headers["location"].rsplit("/", 1)[1])
                acknowledged[sid] = hashlib.sha256(contents[code]).hexdigest()
                if len(acknowledged) >= 4:
                    enough.set()

    server = start_server(season, port)
    try:
        threads = [threading.Thread(target=send, args=pair) for pair in tokens]
        for thread in threads:
            thread.start()
        assert enough.wait(120), "fewer than four uploads were answered"
    finally:
        kill_hard(server)  # mid-load: the other uploads are being received or checked
    for thread in threads:
        thread.join()
    assert len(acknowledged) >= 4

    store = Store(season.database_url)
    for sid, digest in acknowledged.items():
        row = store.submission(sid)
        assert row is not None and row.sha256 == digest
        stored = season.uploads / row.stored
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == digest
    server = start_server(season, port)  # checks what was received but not checked
    try:
        wait_for(lambda: not store.pending(), 120)
        assert all(r.state != CHECKING for r in store.all_submissions())
        assert all(store.submission(sid).state == "valid" for sid in acknowledged)
    finally:
        kill_hard(server)
        store.close()
