"""Start-up cost of ktt as whole processes, against Python's own start-up.

CI and pre-commit run `ktt` once per file, so every process start counts. Prints the
median wall time of several runs of each command and its ratio to `python -c pass`.
"typer + rich, one table" is the least any command line on ktt's stack costs: a typer app
that imports rich and prints a one-row table, as `ktt check` does for one finding.

    python bench/startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[1]


def census_300(folder: Path) -> Path:
    """The first 300 organizations of the bundled example, as a workbook of their own."""
    source = openpyxl.load_workbook(ROOT / "examples" / "census-can-tho-2025.xlsx")
    target = openpyxl.Workbook()
    target.remove(target.active)  # type: ignore[arg-type]
    for sheet in source.worksheets:
        copy = target.create_sheet(sheet.title)
        for row in sheet.iter_rows(max_row=301, values_only=True):
            copy.append(row)
    path = folder / "census-300.xlsx"
    target.save(path)
    return path


#: A typer app of two commands that prints one table of one finding with rich: what the
#: stack alone costs a command line that shows a finding, before it reads anything.
STACK_FLOOR = """\
import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(add_completion=False)


@app.command()
def check(path: str, lang: str = "vi") -> None:
    table = Table("Mức", "Ô", "Cột", "Giá trị", "Nội dung", "Mã lỗi")
    table.add_row("Cảnh báo", "I192", "Tình trạng", "Đã giải thể",
                  "Tổ chức đã giải thể vẫn có trong danh sách", "dissolved-listed")
    Console().print(table)


@app.command()
def gap(year: int = 2030) -> None:
    pass


app()
"""


def stack_floor(folder: Path) -> Path:
    """The script of :data:`STACK_FLOOR`, compiled as ktt is (see :func:`as_installed`)."""
    path = folder / "stack_floor.py"
    path.write_text(STACK_FLOOR, encoding="utf-8")
    return path


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def as_installed() -> None:
    """Measure ktt as an installed copy runs: with its byte code written. With
    PYTHONDONTWRITEBYTECODE set (some shells and CI images set it), every run of an
    editable install would compile ktt's sources again, some 40 ms, while the packages it
    is compared with were compiled when pip installed them."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    compileall.compile_dir(ROOT / "src" / "ktt_indicators", quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    as_installed()
    ktt = shutil.which("ktt") or str(Path(sys.executable).with_name("ktt"))
    with tempfile.TemporaryDirectory() as tmp:
        small = census_300(Path(tmp))
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            'python -c "import pydantic"': [sys.executable, "-c", "import pydantic"],
            "typer + rich, one table": [sys.executable, str(stack_floor(Path(tmp))), "check", "x"],
            "ktt --help": [ktt, "--help"],
            "ktt check (300 rows)": [ktt, "check", str(small)],
            "ktt gap (300 rows)": [ktt, "gap", str(small), "--format", "json"],
        }
        results = {name: median_seconds(cmd, args.runs) for name, cmd in commands.items()}
    base = results["python -c pass"]
    print(f"{'command':<30} {'median s':>9} {'× python':>9}")
    for name, seconds in results.items():
        print(f"{name:<30} {seconds:>9.3f} {seconds / base:>9.2f}")


if __name__ == "__main__":
    main()
