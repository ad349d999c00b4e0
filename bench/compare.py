"""ktt of this checkout against ktt of another, run in turn on the same files (before/after).

The machine's timings drift by up to a third between runs, so two checkouts measured an
hour apart cannot show a 5% change. This runs the same commands with both ``ktt``
executables interleaved (A, B, A, B, …), so that drift touches both alike, and prints the
median wall time of each, the ratio after/before and the peak resident memory. The
commands are bench.py's 100k census (`ktt check`, `ktt gap`) and startup.py's (`ktt
--help`, `ktt check` and `ktt gap` on 300 rows).

    python bench/compare.py --before /path/to/other/checkout/.venv/bin/ktt [--runs 9]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from bench import DATA, run_once  # bench/ is sys.path[0] when run as a script
from make_census import write_census
from startup import as_installed, census_300


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="the other checkout's ktt")
    parser.add_argument("--runs", type=int, default=9, help="runs of each command and ktt")
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the large census")
    args = parser.parse_args()
    as_installed()
    after = shutil.which("ktt") or str(Path(sys.executable).with_name("ktt"))
    DATA.mkdir(parents=True, exist_ok=True)
    large = DATA / f"census-{args.rows}.xlsx"
    if not large.exists():
        write_census(large, args.rows, seed=1)
    with tempfile.TemporaryDirectory() as tmp:
        small = census_300(Path(tmp))
        gap_options = ["--format", "json"]  # each its own default targets file
        commands = {
            "ktt --help": ["--help"],
            "ktt check (300 rows)": ["check", str(small)],
            "ktt gap (300 rows)": ["gap", str(small), "--format", "json"],
            f"ktt check ({args.rows:,} rows)": ["check", str(large), "--format", "json"],
            f"ktt gap ({args.rows:,} rows)": ["gap", str(large), *gap_options],
        }
        print(f"{'command':28} {'before':>9} {'after':>9} {'after/before':>13} "
              f"{'peak before':>12} {'peak after':>11}")  # fmt: skip
        for name, tail in commands.items():
            runs: dict[str, list[float]] = {"before": [], "after": []}
            peaks: dict[str, float] = {"before": 0.0, "after": 0.0}
            for ktt in (str(args.before), after):  # a warm-up run writes each one's byte code
                run_once([ktt, *tail])
            for _ in range(args.runs):
                for side, ktt in (("before", str(args.before)), ("after", after)):
                    run = run_once([ktt, *tail])
                    runs[side].append(run.seconds)
                    peaks[side] = max(peaks[side], run.peak_mb)
            before, now = (statistics.median(runs[s]) for s in ("before", "after"))
            print(f"{name:28} {before:8.3f}s {now:8.3f}s {now / before:12.3f}x "
                  f"{peaks['before']:10.0f}MB {peaks['after']:9.0f}MB")  # fmt: skip


if __name__ == "__main__":
    main()
