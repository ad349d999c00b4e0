"""Fuzz ktt's reader for minutes: mutated census workbooks, read one after another.

The seeds, mutators and reader process are those of ``tests/fuzzing.py`` (which
``tests/read/test_fuzz_reader.py`` runs for a fixed number of cases per mutator in every test
run). Each file is 1-4 operations of the chosen mutators (default: all) on a seed of the
generated corpus (and of ``--corpus FOLDER``'s workbooks, such as other projects' test
files). Every failure (an exception other than an unreadable file, a signal, a hang, more
than 10 s of processor time or 1 GB) is sorted by kind: the exception's type, or the
signal, and where in the Rust sources a panic or an abort happened. The first reproducer
of each kind is made smaller (operations dropped while the kind stays), saved into FOLDER
with the seed and operations that rebuild it (``<n>-<kind>.json``), and listed at the end
with how many files each mutator made. Exit status 1 when a failure was found.

    nice -n 10 python bench/fuzz.py --seconds 1800 reproducers/
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
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "src")]
fuzzing: Any = importlib.import_module("fuzzing")


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="where reproducers are saved")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to run")
    parser.add_argument("--seed", type=int, default=13, help="random seed")
    parser.add_argument("--mutators", default="", help="comma-separated (default: all): "
                        + ", ".join(fuzzing.MUTATORS))  # fmt: skip
    parser.add_argument("--corpus", type=Path, help="a folder of .xlsx/.xlsm/.ods/.xls seeds")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds a file may take")
    parser.add_argument("--memory-mb", type=int, default=2048, help="the reader's address space")
    parser.add_argument("--max-cells", type=int, default=fuzzing.FUZZ_LIMITS["max_cells"],
                        help="the cells a sheet may span (ktt's default: 33,554,432)")  # fmt: skip
    parser.add_argument("--max-uncompressed-mb", type=int,
                        default=fuzzing.FUZZ_LIMITS["max_uncompressed_mb"],
                        help="what a workbook may inflate to (ktt's default: 1,024)")  # fmt: skip
    args = parser.parse_args(argv)
    mutators = tuple(m for m in args.mutators.split(",") if m) or fuzzing.MUTATORS
    unknown = set(mutators) - set(fuzzing.MUTATORS)
    if unknown:
        parser.error(f"unknown mutators: {', '.join(sorted(unknown))}")
    args.folder.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(args.seed)
    found: dict[str, Found] = {}
    made: Counter[str] = Counter()
    reader = fuzzing.Reader(timeout=args.timeout, address_space=args.memory_mb * 1024 * 1024,
                            limits={"max_cells": args.max_cells,
                                    "max_uncompressed_mb": args.max_uncompressed_mb})  # fmt: skip
    tried = 0
    began = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        seeds = fuzzing.make_seeds(Path(tmp) / "seeds")
        if args.corpus:
            for path in sorted(args.corpus.rglob("*")):
                if path.suffix.lower() in (".xlsx", ".xlsm", ".ods", ".xls"):
                    try:
                        seeds[str(path.relative_to(args.corpus))] = fuzzing.seed_of(path)
                    except Exception as exc:  # a seed that is itself broken is left out
                        print(f"{path}: not a seed ({exc})", file=sys.stderr)
        # a seed of each kind is drawn as often, whatever each kind's number of seeds
        by_kind = {k: [n for n, s in seeds.items() if s.kind == k] for k in fuzzing.SUFFIX}
        kinds = [k for k, names in by_kind.items() if names
                 and any(m in fuzzing.APPLIES[k] for m in mutators)]  # fmt: skip

        def attempt(seed: str, ops: list[tuple[str, int, int]]) -> tuple[str, Any, bytes]:
            data: bytes = fuzzing.mutate(seeds[seed], ops)
            path = Path(tmp) / f"mutated{seeds[seed].suffix}"
            path.write_bytes(data)
            outcome = reader.read(path)
            return fuzzing.kind_of(outcome), outcome, data

        try:
            while time.monotonic() - began < args.seconds:
                kind_of_seed = rnd.choice(kinds)
                seed = rnd.choice(by_kind[kind_of_seed])
                usable = [m for m in mutators if m in fuzzing.APPLIES[kind_of_seed]]
                ops = fuzzing.random_ops(rnd, usable)
                made.update(op[0] for op in ops)
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
                reproducer = args.folder / f"{n}-{slug}{seeds[seed].suffix}"
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
    minutes = (time.monotonic() - began) / 60
    print(f"\n{tried} files in {minutes:.1f} min from {len(seeds)} seeds, "
          f"{len(found)} kinds of failure")  # fmt: skip
    print("operations per mutator: " + ", ".join(f"{m} {made[m]}" for m in mutators))
    for entry in sorted(found.values(), key=lambda e: -e.count):
        print(f"- {entry.kind}: {entry.count} times; smallest {entry.size} bytes ({entry.seed}, "
              f"{entry.ops}); {entry.status[:160]}")  # fmt: skip
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
