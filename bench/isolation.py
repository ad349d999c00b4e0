"""What reading an .xls in a child process costs.

ktt parses an .xls in a forked child under memory and processor limits and takes its cells
back pickled (src/ktt_indicators/sandbox.py). This prints, for .xls censuses of several
sizes, the median time of reading the workbook as ktt does (guard, fork, parse, pickle,
unpickle) against calamine's parse alone in the same process, and the difference.

The .xls files are the bundled example census (1,749 organizations) and a generated census
(bench/make_census.py), converted by LibreOffice (`soffice`), which must be installed.

    python bench/isolation.py [--runs 7] [--rows 20000]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from make_census import write_census  # bench/ is sys.path[0] when run as a script

from ktt_indicators.read import workbook
from ktt_indicators.read.limits import Limits

ROOT = Path(__file__).resolve().parents[1]


def to_xls(source: Path, folder: Path) -> Path:
    """``source`` converted to .xls by LibreOffice."""
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "xls", "--outdir", str(folder), str(source)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    return folder / (source.stem + ".xls")


def median_ms(run: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rows", type=int, default=20_000, help="rows of the generated census")
    args = parser.parse_args()
    if shutil.which("soffice") is None:
        sys.exit("soffice (LibreOffice) is needed to write the .xls files")
    import python_calamine  # noqa: F401  (as ktt does before it forks)

    limits = Limits()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generated = folder / f"census-{args.rows}.xlsx"
        write_census(generated, args.rows, seed=1)
        files = [to_xls(ROOT / "examples" / "census-can-tho-2025.xlsx", folder),
                 to_xls(generated, folder)]  # fmt: skip
        print(f"{'file':28} {'rows':>7} {'ktt (child)':>12} {'in process':>11} {'cost':>9}")
        for path in files:
            sheets = workbook.read_workbook(path, limits)
            rows = max(len(s.rows) for s in sheets)
            isolated = median_ms(lambda p=path: workbook.read_workbook(p, limits), args.runs)  # type: ignore[misc]
            alone = median_ms(lambda p=path: workbook._parse(p, limits, None, "xls"), args.runs)  # type: ignore[misc]
            print(f"{path.name:28} {rows:>7} {isolated:>10.1f}ms {alone:>9.1f}ms "
                  f"{isolated - alone:>+7.1f}ms")  # fmt: skip


if __name__ == "__main__":
    main()
