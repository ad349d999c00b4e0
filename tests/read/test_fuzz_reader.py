"""Mutated workbooks end in sheets or in an unreadable file, never in a crash.

Every mutator of :mod:`fuzzing` (zip parts and headers, XML and OpenDocument structure,
BIFF records, OLE2 sectors, bytes) is applied to the generated seed corpus a fixed number
of times, from fixed numbers: the same files in every run. One child process reads each
in turn with ``read_census_file``, as ``ktt check`` does: every file must end in sheets,
an unusable census or ``unreadable-file``, never in another exception, a signal or a hang,
within 10 s of processor time and 1 GB; a failure is named by its kind, with the seed and
operations that rebuild it. hypothesis then combines mutators for a few seconds more. For
longer runs: ``nice -n 10 python bench/fuzz.py --seconds 1800 reproducers/``.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_hostile import PROPERTY

from fuzzing import (
    APPLIES,
    FUZZ_LIMITS,
    MUTATORS,
    SEEDS,
    Op,
    Outcome,
    Reader,
    Seed,
    kind_of,
    make_seeds,
    random_ops,
)
from fuzzing import mutate as mutated

#: Files made by each mutator in every run (each from its own fixed random numbers).
CASES = 10
#: What one file may take (the child is killed past it, and that is a failure: a hang).
TIMEOUT = 20.0
FUZZ = settings(PROPERTY, max_examples=150)
NUMBER = st.one_of(st.integers(0, 2**32 - 1), st.sampled_from([0, 1, 2, 0xFFFF, 0xFFFFFFFF]))
OPS = st.lists(st.tuples(st.sampled_from(MUTATORS), NUMBER, NUMBER), min_size=1, max_size=4)


def kind(seed: str) -> str:
    return seed.rsplit(".", 1)[1]


def cases(mutator: str) -> list[tuple[str, list[Op]]]:
    """The files ``mutator`` makes in every run: a seed it applies to, in turn, and one
    operation of it, every other one followed by one of another mutator."""
    seeds = [s for s in SEEDS if mutator in APPLIES[kind(s)]]
    made = []
    for n in range(CASES):
        rnd = random.Random(f"{mutator}/{n}")
        seed = seeds[n % len(seeds)]
        ops = [(mutator, rnd.getrandbits(32), rnd.getrandbits(32))]
        if n % 2:
            ops += random_ops(rnd, APPLIES[kind(seed)], most=1)
        made.append((seed, ops))
    return made


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Seed]:
    return make_seeds(tmp_path_factory.mktemp("seeds"))


@pytest.fixture(scope="module")
def reader() -> Iterator[Reader]:
    """The fuzzing reader, under :data:`fuzzing.FUZZ_LIMITS`."""
    child = Reader(timeout=TIMEOUT, limits=FUZZ_LIMITS)
    yield child
    child.close()


@pytest.fixture(scope="module")
def default_reader() -> Iterator[Reader]:
    """A reader under ktt's default limits, as ``ktt check`` reads."""
    child = Reader(timeout=TIMEOUT)
    yield child
    child.close()


def read(reader: Reader, folder: Path, seed: Seed, ops: list[Op]) -> Outcome:
    path = folder / f"mutated{seed.suffix}"
    path.write_bytes(mutated(seed, ops))
    return reader.read(path)


def test_every_seed_is_read(seeds: dict[str, Seed], reader: Reader, tmp_path: Path) -> None:
    """The corpus is what :data:`SEEDS` names, and each seed, unmutated, is a workbook the
    reader reads (the converted official form loses its merged header: unusable)."""
    assert sorted(seeds) == sorted(SEEDS)
    assert {s.kind for s in seeds.values()} == {"xlsx", "ods", "xls"}
    for name, seed in seeds.items():
        outcome = read(reader, tmp_path, seed, [])
        assert kind_of(outcome) == "", (name, outcome)
        expected = (
            "unusable" if name.startswith("official-form.") and seed.kind != "xlsx" else "sheets"
        )
        assert outcome.status.startswith(expected), (name, outcome.status)
    assert any(m.name == "xl/sharedStrings.xml" for m in seeds["census.xlsx"].parts)


@pytest.mark.parametrize("mutator", MUTATORS)
def test_a_mutated_workbook_is_read_or_refused(
    seeds: dict[str, Seed], reader: Reader, tmp_path: Path, mutator: str
) -> None:
    failures: dict[str, tuple[str, list[Op], str]] = {}
    changed = 0
    for seed, ops in cases(mutator):
        changed += mutated(seeds[seed], ops[:1]) != mutated(seeds[seed], [])
        outcome = read(reader, tmp_path, seeds[seed], ops)
        failure = kind_of(outcome)
        if failure:
            failures.setdefault(
                failure, (seed, ops, f"{outcome.status[:200]} {outcome.stderr[-300:]}")
            )
    assert not failures, failures
    assert changed >= CASES // 3, f"{mutator} changed {changed} of {CASES} seeds"


@FUZZ
@given(st.sampled_from(SEEDS), OPS)
def test_mutators_combined_read_or_refused(
    seeds: dict[str, Seed], reader: Reader, tmp_path: Path, seed: str, ops: list[Op]
) -> None:
    outcome = read(reader, tmp_path, seeds[seed], ops)
    assert kind_of(outcome) == "", (outcome.status, outcome.stderr[-2000:])
    assert "panicked" not in outcome.stderr


#: The failures a campaign of 6,242 files found in ktt before, and six more this fuzzer
#: found, each rebuilt by the operations of mutators that made it: the test that the mutated
#: file holds it, so that the case stays what it says.
FOUND_BEFORE: dict[str, tuple[str, list[Op], Callable[[bytes], bool]]] = {
    "a local header naming another part": ("census.xlsx", [("local-name", 8, 0)], lambda data:
        _local_names(data) != sorted(zipfile.ZipFile(io.BytesIO(data)).namelist())),
    "flag bit 6 in the central directory": ("census.xlsx", [("zip-flag", 8, 11)], lambda data:
        any(i.flag_bits & 0x40 for i in zipfile.ZipFile(io.BytesIO(data)).infolist())),
    "flag bit 0 on an .ods's mimetype": ("census.ods", [("zip-flag", 0, 10)], lambda data:
        zipfile.ZipFile(io.BytesIO(data)).infolist()[0].flag_bits & 1 == 1),
    "an unknown encoding": ("census.xlsx", [("xml-encoding", 8, 0)], lambda data:
        b'encoding="x-unknown"' in _inflated(data)),
    "a multi-byte encoding": ("census.xlsx", [("xml-encoding", 8, 10)], lambda data:
        b'encoding="GBK"' in _inflated(data)),
    "uniqueCount 4294967295": ("census.xlsx", [("xml-count", 1, 0)], lambda data:
        b'uniqueCount="4294967295"' in _inflated(data)),
    "13 column letters": ("census.xlsx", [("xml-ref", 7, 0)], lambda data:
        b'"AAAAAAAAAAAAA1"' in _inflated(data)),
    "a sheet listed 1,000 times": ("findings.xlsx", [("xml-sheets", 1, 3)], lambda data:
        _inflated(data).count(b"<sheet ") >= 1000),
    "1,000,000 rows of 32 cells": ("census.ods", [("ods-repeat", 1, 35)], lambda data:
        b'table:number-rows-repeated="1000000"' in _inflated(data)
        and b'table:number-columns-repeated="32"' in _inflated(data)),
    "50,000 cells of one 32,767-character string": ("census.xlsx", [("xml-text", 0, 9)],
        lambda data: b"x" * 32_767 + b"<" in _inflated(data)
        and _inflated(data).count(b't="s"><v>0</v>') >= 50_000),
    "3,000 merged ranges in a sheet 16,384 columns wide": ("official-form.xlsx",
        [("xml-merges", 1, 18)], lambda data: _inflated(data).count(b"<mergeCell ") >= 3000
        and b'r="XFD' in _inflated(data)),
    "a MULBLANK running past the stream": ("census.xls", [("record-past-end", 0, 4)],
        lambda data: bytes.fromhex("be00ffff") in data),
    "a table of 16,384 repeated rows listed ten times": ("extreme.ods", [("ods-repeat",
        1233413889, 4294967295), ("xml-sheets", 65535, 3460898966)], lambda data:
        _inflated(data).count(b'table:number-rows-repeated="16384"') == 10),
    "a compressed size past the end of a 6 MB part's deflate stream": ("findings.ods",
        [("xml-sheets", 4156138474, 2340503799), ("zip-huge", 1867673075, 3970858476)],
        lambda data: (info := zipfile.ZipFile(io.BytesIO(data)).getinfo("content.xml"))
        .compress_size > len(data) and info.file_size > 4 * 1024 * 1024),
    "1,000 tables of a text repeated over 1,024 columns": ("census.ods", [("ods-repeat",
        174408643, 1141467386), ("zip-huge", 0, 469497205), ("ods-table", 1352814142,
        1421561918)], lambda data: _inflated(data).count(b"<table:table ") > 1000
        and _inflated(data).count(b'table:number-columns-repeated="1024"') >= 1000),
    "a sheet listed 10,000 times in a workbook.xml declared UTF-7": ("official-form.xlsx",
        [("xml-encoding", 2472710493, 2689558383), ("xml-repeat", 3451158313, 1738502754)],
        lambda data: b'encoding="UTF-7"' in _inflated(data)
        and _inflated(data).count(b"<sheet ") >= 10_000),
}  # fmt: skip


def _local_names(data: bytes) -> list[str]:
    names, at = [], data.find(b"PK\x03\x04")
    while at >= 0:
        (length,) = struct.unpack_from("<H", data, at + 26)
        names.append(data[at + 30 : at + 30 + length].decode("utf-8", "replace"))
        at = data.find(b"PK\x03\x04", at + 30 + length)
    return sorted(names)


def _inflated(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return b"".join(archive.read(i) for i in archive.infolist())


@pytest.mark.parametrize("case", FOUND_BEFORE)
def test_what_fuzzing_found_before_is_read_or_refused(
    seeds: dict[str, Seed], default_reader: Reader, tmp_path: Path, case: str
) -> None:
    """Each failure a campaign found is made again by one mutator (the bytes hold it) and
    ends as sheets or a refusal under ktt's default limits, within 10 s and 1 GB."""
    seed, ops, holds = FOUND_BEFORE[case]
    data = mutated(seeds[seed], ops)
    assert holds(data), case
    outcome = read(default_reader, tmp_path, seeds[seed], ops)
    assert kind_of(outcome) == "", (case, outcome.status, outcome.stderr[-500:])


def test_the_mutations_are_the_same_every_time(seeds: dict[str, Seed]) -> None:
    for name, seed in seeds.items():
        ops = cases(APPLIES[seed.kind][len(name) % len(APPLIES[seed.kind])])[1][1]
        assert mutated(seed, ops) == mutated(seed, ops)
    assert cases("xml-ref") == cases("xml-ref")


def test_the_reader_survives_an_abort(tmp_path: Path, reader: Reader) -> None:
    """A file that kills the child (calamine 0.9.1 aborts on it, unless ktt keeps it from
    calamine) is reported as a signal; the next file is read."""
    from spreadsheets import xls_census, xls_inverted_dimensions

    from conftest import write_census

    outcome = reader.read(xls_inverted_dimensions(tmp_path / "abort.xls"))
    assert outcome.status.startswith(("signal SIGABRT", "unreadable")), outcome
    if outcome.status.startswith("signal"):
        assert "memory allocation" in outcome.stderr
    assert reader.read(xls_census(tmp_path / "ok.xls", [{"ten": "HTX"}])).status == "sheets 1"
    assert reader.read(write_census(tmp_path / "ok.xlsx", [{"ten": "HTX"}])).status == "sheets 1"
