"""Mutated workbooks, and a reader process that survives what they do to it.

Shared by ``tests/test_fuzz_reader.py`` (a few seconds of hypothesis) and
``bench/fuzz.py`` (minutes). A *seed* is a real workbook the project writes: a census
.xlsx (``conftest.write_census``), an .ods and an .xls (:mod:`spreadsheets`). A mutation
is a list of operations, each a name and two integers, applied in order; the same seed
and operations always make the same bytes, so a failure is rebuilt from them.

- part operations (zips): swap two parts' names, rename a part (other case,
  backslashes, elsewhere), drop or repeat a part, declare a huge size or a wrong CRC,
  mark a deflated part stored;
- record operations (.xls): set a BIFF record's length, repeat or drop a record, put a
  huge value in a record;
- byte operations (any): truncate, flip a bit, overwrite a range, put a huge number in a
  zip header's sizes or in an OLE2 header field, point a FAT entry elsewhere.

:class:`Reader` runs ``read_census_file`` over files in one child process, one at a time,
and reports for each: its end (``sheets``, ``unreadable <reason>``, ``exception <type>``,
``signal <n>``, ``hang``), its processor time and its peak memory. A child killed by a
file is started again for the next one.
"""

from __future__ import annotations

import json
import os
import re
import resource
import select
import signal
import struct
import subprocess
import sys
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from hostile import Part, part, write_zip
from spreadsheets import (
    BOUNDSHEET,
    CENSUS_ROWS,
    biff8_workbook,
    census_sheets,
    compound_bytes,
    ods_parts,
)

from conftest import write_census

SRC = str(Path(__file__).parents[1] / "src")
#: Operation: a name and two integers.
Op = tuple[str, int, int]
PART_OPS = ("swap", "rename", "drop", "repeat", "huge-size", "bad-crc", "stored")
RECORD_OPS = ("record-length", "record-repeat", "record-drop", "record-huge")
BYTE_OPS = ("truncate", "flip", "overwrite", "zip-huge", "ole-field", "fat-entry")
SEEDS = ("xlsx", "ods", "xls")


@dataclass
class Seed:
    """A workbook to mutate: its parts (zips) or its Workbook stream (.xls)."""

    kind: str
    parts: list[Part]
    stream: bytes = b""


def _zip_parts(path: Path) -> list[Part]:
    with zipfile.ZipFile(path) as archive:
        return [part(i.filename, archive.read(i)) for i in archive.infolist()]


def make_seeds(folder: Path) -> dict[str, Seed]:
    """The seeds, each a census of the rows of :data:`spreadsheets.CENSUS_ROWS`."""
    folder.mkdir(parents=True, exist_ok=True)
    xlsx = write_census(folder / "seed.xlsx", CENSUS_ROWS)
    return {
        "xlsx": Seed("xlsx", _zip_parts(xlsx)),
        "ods": Seed("ods", ods_parts(census_sheets(CENSUS_ROWS))),
        "xls": Seed("xls", [], biff8_workbook(census_sheets(CENSUS_ROWS))),
    }


def _records(stream: bytes) -> list[tuple[int, int]]:
    """(offset, type) of each BIFF record of ``stream``."""
    found, at = [], 0
    while at + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, at)
        found.append((at, kind))
        at += 4 + size
    return found


def _rename(name: str, how: int) -> str:
    choice = how % 5
    if choice == 0:
        return name.upper()
    if choice == 1:
        return name.replace("/", "\\")
    if choice == 2:
        return "other/" + name
    if choice == 3:
        return name.rsplit("/", 1)[-1]
    return name + ".bak"


def _part_op(parts: list[Part], op: Op) -> list[Part]:
    name, a, b = op
    if not parts:
        return parts
    parts = list(parts)
    i, j = a % len(parts), b % len(parts)
    p = parts[i]
    if name == "swap":
        q = parts[j]
        parts[i] = Part(q.name, p.stored, p.size, p.crc, p.deflated)
        parts[j] = Part(p.name, q.stored, q.size, q.crc, q.deflated)
    elif name == "rename":
        parts[i] = Part(_rename(p.name, b), p.stored, p.size, p.crc, p.deflated)
    elif name == "drop":
        del parts[i]
    elif name == "repeat":
        parts.insert(j, p)
    elif name == "huge-size":
        parts[i] = Part(p.name, p.stored, (b | 0x80000000) & 0xFFFFFFFF, p.crc, p.deflated)
    elif name == "bad-crc":
        parts[i] = Part(p.name, p.stored, p.size, p.crc ^ (b | 1) & 0xFFFFFFFF, p.deflated)
    elif name == "stored":
        parts[i] = Part(p.name, p.stored, p.size, p.crc, not p.deflated)
    return parts


def _record_op(stream: bytes, op: Op) -> bytes:
    name, a, b = op
    records = _records(stream)
    if not records:
        return stream
    at, kind = records[a % len(records)]
    (size,) = struct.unpack_from("<H", stream, at + 2)
    whole = stream[at : at + 4 + size]
    if name == "record-length":
        return stream[: at + 2] + struct.pack("<H", b & 0xFFFF) + stream[at + 4 :]
    if name == "record-repeat" and kind != BOUNDSHEET:
        return stream[:at] + whole * (1 + b % 3) + stream[at:]
    if name == "record-drop":
        return stream[:at] + stream[at + 4 + size :]
    if name == "record-huge" and size >= 2:
        offset = at + 4 + (b % max(1, size - 1))
        value = struct.pack("<H", 0xFFFF if b & 1 else 0x7FFF)
        return stream[:offset] + value[: at + 4 + size - offset] + stream[offset + 2 :]
    return stream


def _headers(data: bytes, signature: bytes) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(signature), data)]


def _byte_op(data: bytes, op: Op) -> bytes:
    name, a, b = op
    if not data:
        return data
    out = bytearray(data)
    if name == "truncate":
        return data[: a % len(data)]
    if name == "flip":
        out[a % len(out)] ^= 1 << (b % 8)
    elif name == "overwrite":
        at, size = a % len(out), 1 + b % 64
        fill = (b.to_bytes(4, "little") * 17)[:size]
        out[at : at + size] = fill[: len(out) - at]
    elif name == "zip-huge":
        heads = [(h, 18) for h in _headers(data, b"PK\x03\x04")]
        heads += [(h, 20) for h in _headers(data, b"PK\x01\x02")]
        if heads:
            at, field = heads[a % len(heads)]
            where = at + field + 4 * (b % 2)  # compressed or uncompressed size
            if where + 4 <= len(out):
                struct.pack_into("<I", out, where, 0xFFFFFFFF - (b % 4096))
    elif name == "ole-field" and data.startswith(bytes.fromhex("D0CF11E0A1B11AE1")):
        fields = (0x1E, 0x20, 0x2C, 0x30, 0x38, 0x3C, 0x40, 0x44, 0x48, 0x4C)
        where = fields[a % len(fields)]
        fmt = "<H" if where < 0x2C else "<I"
        if where + struct.calcsize(fmt) <= len(out):
            struct.pack_into(fmt, out, where, b & (0xFFFF if where < 0x2C else 0xFFFFFFFF))
    elif name == "fat-entry" and data.startswith(bytes.fromhex("D0CF11E0A1B11AE1")):
        where = 512 + 4 * (a % 128)
        if where + 4 <= len(out):
            struct.pack_into("<I", out, where, b % (len(data) // 512 + 2))
    return bytes(out)


def mutate(seed: Seed, ops: Sequence[Op]) -> bytes:
    """The bytes of ``seed`` after ``ops`` (part or record operations first, in order, then
    byte operations)."""
    parts, stream = seed.parts, seed.stream
    for op in ops:
        if op[0] in PART_OPS:
            parts = _part_op(parts, op)
        elif op[0] in RECORD_OPS and seed.kind == "xls":
            stream = _record_op(stream, op)
    data = compound_bytes({"Workbook": stream})[0] if seed.kind == "xls" else _zip_bytes(parts)
    for op in ops:
        if op[0] in BYTE_OPS:
            data = _byte_op(data, op)
    return data


def _zip_bytes(parts: list[Part]) -> bytes:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        return write_zip(Path(tmp) / "z", parts).read_bytes()


SUFFIX = {"xlsx": ".xlsx", "ods": ".ods", "xls": ".xls"}

# --------------------------------------------------------------------------- the reader

READER = r"""
import json, resource, sys
from pathlib import Path
from ktt_indicators.census import read_census_file

def peak_kb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

print("ready", flush=True)
for line in sys.stdin:
    path = line.rstrip("\n")
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")  # the peak starts again from here
    except OSError:
        pass
    usage = resource.getrusage(resource.RUSAGE_SELF)
    began = usage.ru_utime + usage.ru_stime
    try:
        census = read_census_file(Path(path))
        if census.unusable:
            status = "unreadable " + census.findings[0].params.get("reason", "?")
        else:
            status = f"sheets {len(census.organizations)}"
    except BaseException as exc:
        status = f"exception {type(exc).__module__}.{type(exc).__name__}: {str(exc)[:300]}"
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime - began
    print(json.dumps({"status": status, "cpu": cpu, "peak_kb": peak_kb()}), flush=True)
"""


@dataclass
class Outcome:
    """How reading one file ended."""

    status: str
    cpu: float
    peak_kb: int
    #: What the reader wrote on stderr while reading it (a panic's message, for one).
    stderr: str = ""

    @property
    def kind(self) -> str:
        """The failure's kind, without numbers and paths (``""``: no failure)."""
        if self.status.startswith(("sheets", "unreadable")):
            if self.cpu > 10:
                return "slow"
            if self.peak_kb > 1024 * 1024:
                return "memory"
            return ""
        if self.status.startswith("exception"):
            return self.status.split(":", 1)[0]
        return re.sub(r"\d+", "N", self.status)


class Reader:
    """A child process reading census files in turn (see the module's docstring)."""

    def __init__(self, *, address_space: int = 2 * 1024**3, timeout: float = 30.0) -> None:
        self.address_space = address_space
        self.timeout = timeout
        self.process: subprocess.Popen[str] | None = None
        self.err: IO[str] | None = None

    def _limit(self) -> None:
        resource.setrlimit(resource.RLIMIT_AS, (self.address_space, self.address_space))

    def _start(self) -> subprocess.Popen[str]:
        import tempfile

        if self.err is not None:
            self.err.close()
        # kept open across files, closed by close(): the child writes to it all along
        self.err = tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace")  # noqa: SIM115
        env = {**os.environ, "PYTHONPATH": SRC, "RUST_BACKTRACE": "0"}
        process = subprocess.Popen(
            [sys.executable, "-c", READER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=self.err, text=True, env=env, preexec_fn=self._limit,
        )  # fmt: skip
        assert process.stdout is not None
        process.stdout.readline()  # "ready"
        return process

    def _stderr_since(self, at: int) -> str:
        assert self.err is not None
        self.err.flush()
        self.err.seek(at)
        text = self.err.read()
        self.err.seek(0, os.SEEK_END)
        return text

    def read(self, path: Path) -> Outcome:
        """Read ``path`` in the child; start a new child if the last one died."""
        if self.process is None or self.process.poll() is not None:
            self.process = self._start()
        process = self.process
        assert process.stdin is not None and process.stdout is not None and self.err
        at = self.err.seek(0, os.SEEK_END)
        process.stdin.write(f"{path}\n")
        process.stdin.flush()
        ready, _, _ = select.select([process.stdout], [], [], self.timeout)
        if not ready:
            process.kill()
            process.wait()
            self.process = None
            return Outcome("hang", self.timeout, 0, self._stderr_since(at))
        line = process.stdout.readline()
        if not line:
            code = process.wait()
            self.process = None
            name = signal.Signals(-code).name if code < 0 else f"exit {code}"
            return Outcome(f"signal {name}", 0.0, 0, self._stderr_since(at))
        result: dict[str, Any] = json.loads(line)
        return Outcome(result["status"], result["cpu"], result["peak_kb"], self._stderr_since(at))

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        if self.err is not None:
            self.err.close()
            self.err = None
