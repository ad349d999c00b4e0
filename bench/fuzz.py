"""Fuzz ktt's reader for minutes: mutated census workbooks, read one after another.

The mutations and the reader process are those of ``tests/fuzzing.py`` (which
``tests/test_fuzz_reader.py`` runs for a few seconds under hypothesis). Every failure (an
exception other than an unreadable file, a signal, a hang, more than 10 s of processor
time or 1 GB) is sorted by kind: the exception's type, or the signal, and where in the
Rust sources a panic or an abort happened. The first reproducer of each kind is made
smaller (operations dropped while the kind stays), saved into FOLDER with the seed and
operations that rebuild it (``<n>-<kind>.json``), and listed at the end.

    python bench/fuzz.py --seconds 600 reproducers/
"""

from __future__ import annotations

import argparse
import importlib
import json
import random
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "src")]
fuzzing: Any = importlib.import_module("fuzzing")

NUMBERS = (0, 1, 2, 0xFFFF, 0xFFFFFFFF)


@dataclass
class Found:
    """One kind of failure: how often, and its smallest reproducer."""

    kind: str
    seed: str
    ops: list[tuple[str, int, int]]
    size: int
    status: str
    stderr: str
    count: int = 1
    saved: list[str] = field(default_factory=list)


def random_ops(rnd: random.Random) -> list[tuple[str, int, int]]:
    names = fuzzing.PART_OPS + fuzzing.RECORD_OPS + fuzzing.BYTE_OPS

    def number() -> int:
        return rnd.choice(NUMBERS) if rnd.random() < 0.2 else rnd.getrandbits(32)

    return [(rnd.choice(names), number(), number()) for _ in range(rnd.randint(1, 4))]


def kind_of(outcome: Any) -> str:
    """The failure's kind, with the Rust source line of a panic or an abort."""
    kind: str = outcome.kind
    if not kind:
        return ""
    where = re.search(r"panicked at [^\n]*?([\w-]+-[\d.]+/src/[\w/]+\.rs):(\d+)", outcome.stderr)
    if where:
        kind += f" at {where[1]}:{where[2]}"
    elif "memory allocation of" in outcome.stderr:
        kind += " (memory allocation failed)"
    return kind


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="where reproducers are saved")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to run")
    parser.add_argument("--seed", type=int, default=13, help="random seed")
    args = parser.parse_args(argv)
    args.folder.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(args.seed)
    found: dict[str, Found] = {}
    reader = fuzzing.Reader(timeout=30.0)
    tried = 0
    began = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        seeds = fuzzing.make_seeds(Path(tmp) / "seeds")

        def attempt(seed: str, ops: list[tuple[str, int, int]]) -> tuple[str, Any, bytes]:
            data: bytes = fuzzing.mutate(seeds[seed], ops)
            path = Path(tmp) / f"mutated{fuzzing.SUFFIX[seed]}"
            path.write_bytes(data)
            outcome = reader.read(path)
            return kind_of(outcome), outcome, data

        try:
            while time.monotonic() - began < args.seconds:
                seed = rnd.choice(fuzzing.SEEDS)
                ops = random_ops(rnd)
                kind, outcome, data = attempt(seed, ops)
                tried += 1
                if not kind:
                    continue
                if kind in found:
                    found[kind].count += 1
                    continue
                for op in list(ops):  # smaller: drop what the failure does not need
                    fewer = [o for o in ops if o is not op]
                    if fewer:
                        again, smaller, smaller_data = attempt(seed, fewer)
                        if again == kind:
                            ops, outcome, data = fewer, smaller, smaller_data
                n = len(found) + 1
                short = kind.replace("exception pyo3_runtime.PanicException at ", "panic ")
                slug = re.sub(r"[^a-z0-9]+", "-", short.lower()).strip("-")[-60:]
                reproducer = args.folder / f"{n}-{slug}{fuzzing.SUFFIX[seed]}"
                reproducer.write_bytes(data)
                entry = Found(kind, seed, ops, len(data), outcome.status, outcome.stderr[-2000:])
                entry.saved.append(str(reproducer))
                (args.folder / f"{n}-{slug}.json").write_text(
                    json.dumps(
                        {
                            "kind": kind,
                            "seed": seed,
                            "ops": ops,
                            "size": len(data),
                            "status": outcome.status,
                            "cpu": outcome.cpu,
                            "peak_kb": outcome.peak_kb,
                            "stderr": entry.stderr,
                        },
                        ensure_ascii=False,
                        indent=2,
                    ),
                    encoding="utf-8",
                )
                found[kind] = entry
                print(f"[{time.monotonic() - began:6.0f} s] {kind}: {len(data)} bytes, "
                      f"{seed} {ops}", flush=True)  # fmt: skip
        finally:
            reader.close()
    print(f"\n{tried} files in {time.monotonic() - began:.0f} s, {len(found)} kinds of failure")
    for entry in sorted(found.values(), key=lambda e: -e.count):
        print(f"- {entry.kind}: {entry.count} times; smallest {entry.size} bytes ({entry.seed}, "
              f"{entry.ops}); {entry.status[:160]}")  # fmt: skip
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
