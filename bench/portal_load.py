"""The submission portal under the last afternoon's load, on localhost, and a kill -9.

A season of Cần Thơ (103 units) is made in a temporary folder and ``ktt serve`` started as
its own process. Then:

1. **Load**: ``--units`` units upload at once, each ``--each`` times in a row (a few hundred
   uploads), censuses of real sizes made by make_census.py (20 to 1,000 organizations; a
   commune's census is tens of rows, a district's hundreds). Every answer is timed from the
   upload's first byte to the page's redirect; meanwhile a unit's page is fetched every half
   second, to see that the pages stay responsive while files are checked.
2. **Kill -9**: the same load again, the server and its children killed with SIGKILL after
   ``--kill-after`` answers, then started again. Every acknowledged upload must be there,
   file and record, and every upload received but not checked must be checked on restart.

    nice -n 10 .venv/bin/python bench/portal_load.py [--units 100] [--each 3]

Prints the counts, the answer times (median, p95, max), the page times while loaded, and
whether the kill lost anything.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import httpx
from make_census import write_census

from ktt_indicators.core.interrupt import kill_session
from ktt_indicators.core.resources import default_targets
from ktt_indicators.web.season import Season, init_season
from ktt_indicators.web.store import CHECKING, Store

#: The sizes of the censuses sent, in organizations, taken in turn.
SIZES = (20, 50, 200, 1000)


@dataclass
class Run:
    """What one round of uploads saw."""

    times: list[float] = field(default_factory=list)
    acknowledged: dict[int, str] = field(default_factory=dict)  # id → SHA-256 sent
    failed: int = 0
    reasons: dict[str, int] = field(default_factory=dict)  # why uploads were not answered
    page_times: list[float] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(season: Season, port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [sys.executable, "-m", "ktt_indicators", "serve", str(season.folder), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


def kill(server: subprocess.Popen[bytes]) -> None:
    """SIGKILL to the server and every process of its session, as systemd ends a service."""
    kill_session(server.pid)
    server.wait()


async def unit(
    client: httpx.AsyncClient, token: str, files: list[bytes], run: Run, stop: asyncio.Event
) -> None:
    for content in files:
        if stop.is_set():
            return
        try:
            page = await client.get(f"/u/{token}")
            csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
            assert csrf is not None
            began = time.perf_counter()
            answer = await client.post(
                f"/u/{token}/upload",
                data={"csrf": csrf.group(1)},
                files={"file": ("dieu-tra.xlsx", content)},
            )
        except (httpx.HTTPError, AssertionError) as exc:
            run.failed += 1
            run.reasons[type(exc).__name__] = run.reasons.get(type(exc).__name__, 0) + 1
            continue
        if answer.status_code != 303:
            run.failed += 1
            run.reasons[str(answer.status_code)] = run.reasons.get(str(answer.status_code), 0) + 1
            continue
        run.times.append(time.perf_counter() - began)
        sid = int(answer.headers["location"].rsplit("/", 1)[1])
        run.acknowledged[sid] = hashlib.sha256(content).hexdigest()


async def watch(client: httpx.AsyncClient, token: str, run: Run, done: asyncio.Event) -> None:
    """A unit's page, fetched every half second while the others upload."""
    while not done.is_set():
        began = time.perf_counter()
        try:
            await client.get(f"/u/{token}")
            run.page_times.append(time.perf_counter() - began)
        except httpx.HTTPError:
            pass
        await asyncio.sleep(0.5)


async def load(
    port: int,
    tokens: list[str],
    files: list[list[bytes]],
    run: Run,
    kill_after: int | None,
    server: subprocess.Popen[bytes],
) -> None:
    limits = httpx.Limits(max_connections=len(tokens) + 5)
    stop, done = asyncio.Event(), asyncio.Event()
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{port}", timeout=900, limits=limits
    ) as client:
        watcher = asyncio.create_task(watch(client, tokens[-1], run, done))
        tasks = [
            asyncio.create_task(unit(client, t, f, run, stop))
            for t, f in zip(tokens, files, strict=True)
        ]
        if kill_after is not None:
            while len(run.acknowledged) < kill_after and not all(t.done() for t in tasks):
                await asyncio.sleep(0.05)
            kill(server)  # mid-load: uploads are being received and checked
            stop.set()
        await asyncio.gather(*tasks)
        done.set()
        await watcher


def censuses(folder: Path, units: int, each: int) -> list[list[bytes]]:
    """Each unit's uploads: censuses of the sizes in :data:`SIZES`, in turn."""
    made: dict[tuple[int, int], bytes] = {}
    out = []
    for u in range(units):
        files = []
        for n in range(each):
            size, seed = SIZES[(u + n) % len(SIZES)], (u * each + n) % 8
            if (size, seed) not in made:
                path = folder / f"census-{size}-{seed}.xlsx"
                write_census(path, size, seed=seed + 1)
                made[size, seed] = path.read_bytes()
            files.append(made[size, seed])
        out.append(files)
    return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))] if ordered else 0.0


def report(name: str, run: Run, seconds: float) -> None:
    t = run.times
    print(
        f"{name}: {len(run.acknowledged)} uploads answered, {run.failed} not, in {seconds:.0f} s"
        f" ({len(t) / seconds:.1f}/s)"
    )
    if run.reasons:
        print(f"  not answered: {run.reasons}")
    if t:
        print(
            f"  answer: median {statistics.median(t):.1f} s, p95 {percentile(t, 0.95):.1f} s, "
            f"max {max(t):.1f} s"
        )
    if run.page_times:
        p = run.page_times
        print(
            f"  a unit's page meanwhile: median {statistics.median(p) * 1000:.0f} ms, "
            f"p95 {percentile(p, 0.95) * 1000:.0f} ms, max {max(p) * 1000:.0f} ms"
        )


def verify(season: Season, run: Run) -> tuple[int, int]:
    """Acknowledged uploads missing (file or record), and uploads left unchecked."""
    store = Store(season.database_url)
    try:
        missing = 0
        for sid, digest in run.acknowledged.items():
            row = store.submission(sid)
            path = season.uploads / row.stored if row is not None else None
            if (
                path is None
                or row.sha256 != digest
                or not path.is_file()
                or (hashlib.sha256(path.read_bytes()).hexdigest() != digest)
            ):
                missing += 1
        unchecked = sum(1 for r in store.all_submissions() if r.state == CHECKING)
        return missing, unchecked
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--each", type=int, default=3, help="uploads per unit (default 3)")
    parser.add_argument(
        "--kill-after", type=int, default=100, help="answers before the kill -9 (default 100)"
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="ktt-load-"))
    season, _ = init_season(
        folder / "season",
        province="92",
        plan=default_targets(),
        year=2025,
        deadline=date(2025, 12, 31),
    )
    with (season.folder / "links.csv").open(encoding="utf-8") as file:
        tokens = [line.rsplit("/", 1)[1].strip() for line in list(file)[1:]][: args.units]
    files = censuses(folder / "censuses", len(tokens), args.each)
    print(
        f"{len(tokens)} units, {args.each} uploads each, censuses of {SIZES} organizations; "
        f"{os.cpu_count()} processors"
    )

    port = free_port()
    server = start(season, port)
    first, began = Run(), time.perf_counter()
    asyncio.run(load(port, tokens, files, first, None, server))
    report("load", first, time.perf_counter() - began)
    kill(server)
    missing, unchecked = verify(season, first)
    print(f"  stored: {len(first.acknowledged) - missing} of {len(first.acknowledged)} answered")

    server = start(season, port)
    second, began = Run(), time.perf_counter()
    asyncio.run(load(port, tokens, files, second, args.kill_after, server))
    report("kill -9 mid-load", second, time.perf_counter() - began)
    missing, unchecked = verify(season, second)
    print(
        f"  after the kill: {missing} answered uploads missing, {unchecked} received and "
        "not checked yet"
    )
    server = start(season, port)
    store = Store(season.database_url)
    while store.pending():
        time.sleep(0.5)
    store.close()
    kill(server)
    missing, unchecked = verify(season, second)
    print(f"  after the restart: {missing} missing, {unchecked} not checked")


if __name__ == "__main__":
    main()
