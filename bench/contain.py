"""What containing the zip readers costs: a child process for every parse, or guards only.

ktt parses an .xls in a forked child under memory and processor limits (sandbox.py); an
.xlsx or .ods is bounded by the guard beforehand and parsed in ktt's own process. This
measures, interleaved (A, B, A, B, ...), for the bundled example census and a generated
one (bench/make_census.py), the median time of:

- ``guard+parse``: :func:`ktt_indicators.read.workbook.read_workbook` as it is (the guard,
  then calamine in this process);
- ``guard+child``: the same parse in a forked child under the parser limits, its cells
  pickled back (what every format in a child would cost);

and prints the ratio child / in-process, and the peak memory each adds (the child's cells
exist twice: in the child, then pickled and in the parent).

    python bench/contain.py [--runs 7] [--rows 100000]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from make_census import write_census  # bench/ is sys.path[0] when run as a script

from ktt_indicators.read import workbook
from ktt_indicators.read.guard import inspect
from ktt_indicators.read.limits import Limits
from ktt_indicators.read.sandbox import in_child

ROOT = Path(__file__).resolve().parents[1]


def in_process(path: Path) -> object:
    return workbook.read_workbook(path)


def in_a_child(path: Path) -> object:
    limits = Limits()
    formulas: set[str] = set()
    kind = inspect(path, limits, formulas)
    import python_calamine  # noqa: F401  (as read_workbook does for an .xls)

    return in_child(
        workbook._parse, path, limits, formulas, kind,
        memory_mb=4096, seconds=600,
    )  # fmt: skip


def interleaved(runs: int, **ways: Callable[[], object]) -> dict[str, float]:
    """The median seconds of each way, run in turn ``runs`` times."""
    times: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(runs):
        for name, way in ways.items():
            start = time.perf_counter()
            way()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        large = Path(folder) / f"census-{args.rows}.xlsx"
        write_census(large, args.rows)
        files = [ROOT / "examples" / "census-can-tho-2025.xlsx", large]
        print(f"{'file':32} {'in-process':>11} {'child':>9} {'ratio':>6}")
        for path in files:
            runs = args.runs if path != large else max(3, args.runs // 2)
            got = interleaved(
                runs, process=partial(in_process, path), child=partial(in_a_child, path)
            )
            ratio = got["child"] / got["process"]
            print(f"{path.name:32} {got['process']:10.3f}s {got['child']:8.3f}s {ratio:6.2f}")


if __name__ == "__main__":
    main()
