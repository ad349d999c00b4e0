"""Mutated workbooks end in sheets or in an unreadable file, never in a crash.

hypothesis mutates real workbooks the project writes (a census .xlsx, .ods and .xls; see
:mod:`fuzzing`) and one child process reads each in turn with ``read_census_file``, as
``ktt check`` does: every example must end in sheets or in ``unreadable-file``, never in
another exception, a signal or a hang, within 10 s of processor time and 1 GB. For
longer runs: ``python bench/fuzz.py --seconds 600 reproducers/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fuzzing import BYTE_OPS, PART_OPS, RECORD_OPS, SEEDS, SUFFIX, Op, Reader, Seed, make_seeds
from fuzzing import mutate as mutated
from test_hostile import PROPERTY

FUZZ = settings(PROPERTY, max_examples=300)
NUMBER = st.one_of(st.integers(0, 2**32 - 1), st.sampled_from([0, 1, 2, 0xFFFF, 0xFFFFFFFF]))
OPS = st.lists(
    st.tuples(st.sampled_from(PART_OPS + RECORD_OPS + BYTE_OPS), NUMBER, NUMBER),
    min_size=1,
    max_size=4,
)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Seed]:
    return make_seeds(tmp_path_factory.mktemp("seeds"))


@pytest.fixture(scope="module")
def reader() -> Iterator[Reader]:
    child = Reader(timeout=30.0)
    yield child
    child.close()


@FUZZ
@given(st.sampled_from(SEEDS), OPS)
def test_a_mutated_workbook_is_read_or_refused(
    seeds: dict[str, Seed], reader: Reader, tmp_path: Path, seed: str, ops: list[Op]
) -> None:
    path = tmp_path / f"mutated{SUFFIX[seed]}"
    path.write_bytes(mutated(seeds[seed], ops))
    outcome = reader.read(path)
    assert outcome.status.startswith(("sheets", "unreadable")), (outcome.status, outcome.stderr)
    assert outcome.cpu <= 10, outcome
    assert outcome.peak_kb <= 1024 * 1024, outcome
    assert "panicked" not in outcome.stderr


def test_the_mutations_are_the_same_every_time(seeds: dict[str, Seed]) -> None:
    ops: list[Op] = [("swap", 1, 2), ("record-length", 5, 0xFFFF), ("flip", 300, 3)]
    for seed in seeds.values():
        assert mutated(seed, ops) == mutated(seed, ops)
        assert mutated(seed, []) != mutated(seed, ops)


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
