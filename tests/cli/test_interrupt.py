"""Ctrl-C (SIGINT) and SIGTERM while ktt works: every process it started ends with it,
its temporary folders go, no output is left half-written, and it says so in one line.

Each run is ``ktt`` in a new interpreter, in a session of its own, with TMPDIR a fresh
folder; the signal is sent once the work is seen under way (the child process that does
it has appeared). Processes are looked up in /proc (Linux)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import hostile as h
from spreadsheets import xls_census

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")

SRC = str(Path(__file__).resolve().parents[2] / "src")


def _processes() -> dict[int, tuple[str, int, int]]:
    """Every process: pid → (name, parent, session)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        found[int(entry.name)] = (name, int(fields[1]), int(fields[3]))
    return found


def _descendants(pid: int) -> set[int]:
    table = _processes()
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, (_, parent, _) in table.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pids: set[int]) -> set[int]:
    """Those of ``pids`` that still exist, as a process or a defunct one."""
    return {p for p in pids if Path(f"/proc/{p}").exists()}


def interrupt(
    args: list[str],
    cwd: Path,
    tmp: Path,
    under_way: Callable[[int], set[int]],
    sig: signal.Signals = signal.SIGINT,
    freeze: bool = False,
) -> tuple[subprocess.CompletedProcess[str], set[int]]:
    """Run ``ktt args``, wait until ``under_way(pid)`` names the processes doing the work,
    send ``sig``; the finished run and the processes that were doing the work. ``freeze``
    stops those processes first (SIGSTOP), as a parse that takes long would hold them: a
    read that would end within the moment the signal takes cannot end first."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KTT_")}
    env.update(PYTHONPATH=SRC, TMPDIR=str(tmp), COLUMNS="120")
    code = "from ktt_indicators.cli.app import main; main()"
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args], cwd=cwd, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, start_new_session=True, preexec_fn=_ctrl_c_heard,
    )  # fmt: skip
    workers: set[int] = set()
    deadline = time.monotonic() + 90
    while not workers and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
        workers = under_way(process.pid)
    if not workers:
        process.kill()
        out, err = process.communicate()
        pytest.fail(f"the work was never seen under way: {out}{err}")
    if freeze:
        for pid in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGSTOP)
    process.send_signal(sig)
    out, err = process.communicate(timeout=60)
    return subprocess.CompletedProcess(args, process.returncode, out, err), workers


def _ctrl_c_heard() -> None:
    """SIGINT as a terminal's Ctrl-C finds it: not ignored (as a shell's background job
    inherits it, and Python then never raises KeyboardInterrupt)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _named(name: str) -> Callable[[int], set[int]]:
    def under_way(pid: int) -> set[int]:
        table = _processes()
        return {p for p in _descendants(pid) if table.get(p, ("",))[0] == name}

    return under_way


def _grandchildren(pid: int) -> set[int]:
    """Processes started by ktt's children (a batch worker's .xls child), with the workers."""
    table = _processes()
    children = {p for p, (_, parent, _) in table.items() if parent == pid}
    below = {p for p, (_, parent, _) in table.items() if parent in children}
    return below | children if below else set()


@pytest.fixture(scope="module")
def long_xls(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid census .xls of 25,000 organizations: its child parses it for a moment long
    enough to be seen (3.5 MB)."""
    path = tmp_path_factory.mktemp("xls") / "lon.xls"
    return xls_census(path, [{"ten": f"HTX {n}", "so_thanh_vien": 10} for n in range(25_000)])


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_ctrl_c_during_a_pdf_ends_libreoffice_and_leaves_nothing(tmp_path: Path) -> None:
    tmp, work = tmp_path / "tmp", tmp_path / "work"
    tmp.mkdir()
    work.mkdir()
    run, workers = interrupt(["gap", "-o", "report.pdf"], work, tmp, _named("soffice.bin"))
    assert run.returncode == 130, run.stderr
    assert run.stderr.strip() == "Đã dừng theo yêu cầu; không có tệp nào bị ghi dở."
    assert run.stdout == ""
    assert not _alive(workers)  # soffice.bin: ended and reaped, not left defunct
    assert list(tmp.iterdir()) == []  # no ktt-pdf-* folder, no lu*.tmp of LibreOffice
    assert list(work.iterdir()) == []  # no report.pdf, whole or half


def test_sigterm_while_an_xls_is_parsed_ends_its_child(tmp_path: Path, long_xls: Path) -> None:
    """SIGTERM to ktt while its child parses an .xls ends the child too (exit 143, as a
    shell reports a run ended by SIGTERM)."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    shutil.copy(long_xls, tmp_path / "lon.xls")
    run, workers = interrupt(
        ["check", "lon.xls", "--lang", "en"], tmp_path, tmp, _descendants, signal.SIGTERM, True
    )
    assert run.returncode == 143, run.stderr
    assert run.stderr.strip() == "Stopped on request; no file was left half-written."
    assert "Traceback" not in run.stderr
    assert not _alive(workers)
    assert list(tmp.iterdir()) == []


@pytest.mark.parametrize("earlier", [False, True], ids=["new-output", "output-of-a-run-before"])
def test_ctrl_c_during_a_batch_ends_its_workers_and_writes_nothing(
    tmp_path: Path, long_xls: Path, earlier: bool
) -> None:
    """Ctrl-C while a worker's .xls child parses: no worker or child left, no output folder
    made (or the one of the run before left as it was), exit 130 in Vietnamese."""
    tmp, folder, out = tmp_path / "tmp", tmp_path / "nop", tmp_path / "bao-cao"
    tmp.mkdir()
    folder.mkdir()
    for n in range(4):
        h.census(folder / f"xa-{n}.xlsx", [{"ten": f"HTX {n}"}])
    if earlier:
        done = subprocess.run(
            [sys.executable, "-c", "from ktt_indicators.cli.app import main; main()",
             "batch", str(folder), "-o", str(out), "--today", "2026-01-05"],
            env={**os.environ, "PYTHONPATH": SRC}, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode in (0, 1), done.stderr
    before = _files(out) if earlier else {}
    shutil.copy(long_xls, folder / "lon.xls")
    inputs = _files(folder)
    run, workers = interrupt(
        ["batch", "nop", "-o", "bao-cao"], tmp_path, tmp, _grandchildren, freeze=True
    )
    assert run.returncode == 130, run.stderr
    assert run.stderr.strip() == "Đã dừng theo yêu cầu; không có tệp nào bị ghi dở."
    assert "Traceback" not in run.stderr and run.stdout == ""
    assert not _alive(workers)
    assert list(tmp.iterdir()) == []
    assert _files(folder) == inputs
    made = {p.name for p in tmp_path.iterdir()}  # no bao-cao, nor a .bao-cao.ktt-* beside it
    assert made == ({"tmp", "nop", "bao-cao"} if earlier else {"tmp", "nop"})
    if earlier:
        assert _files(out) == before
        assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []
