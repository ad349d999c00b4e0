"""ktt against the cost of reading the file, as whole processes.

For each census size, measures `ktt check` and `ktt gap` next to the references on the
same file: reading every cell with python-calamine alone (the floor a reader that hands
cells to Python pays), fastexcel reading every column as Arrow text (where installed),
frictionless validate with an equivalent Table Schema (bench/census.schema.json; with
'.[bench]') and pandas + openpyxl. Every command runs as a process of its own, several
times, interleaved; the table gives the median wall time, the peak resident memory of the
process (wait4), the ratio to the calamine read and the time per row. Then the start-up
figures, every size side by side as a Markdown table (docs/performance.md shows it), and
every performance target with PASS or FAIL. The exit status is 0 whatever the figures: this
is a report.

Censuses are generated once (bench/make_census.py, seed 1) into bench/data/ and reused.

    python bench/bench.py [--sizes 1k,10k,100k] [--runs 5] [--ref-runs 3] [--json out.json]
    python bench/bench.py --sizes 100k,1m --skip-slow-refs
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import IO, Any

from make_census import write_census  # bench/ is sys.path[0] when run as a script
from startup import as_installed, census_300, stack_floor

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
DATA = BENCH / "data"
SCHEMA = BENCH / "census.schema.json"
TARGETS = ROOT / "targets.yaml"
NATIONAL = DATA / "targets-national.yaml"
LIST_SHEET = "Danh sách tổ chức"
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000, "1m": 1_000_000}
PACKAGES = ("ktt-indicators", "python-calamine", "pydantic", "frictionless", "pandas", "openpyxl")

CALAMINE = "calamine (cells only)"
FASTEXCEL = "fastexcel (text columns)"
STACK = "typer + rich, one table"
CHECK = "ktt check"
GAP = "ktt gap"
FRICTIONLESS = "frictionless validate"
PANDAS = "pandas + openpyxl"
SLOW_REFS = (FRICTIONLESS, PANDAS)

# Runs a command and writes its wall time, peak resident memory (wait4's ru_maxrss, KB on
# Linux) and exit status to the file argv[1]. Linux carries the high-water mark of the
# process that forks over exec into the child's ru_maxrss, so a command forked straight
# from this harness (60 MB of imports) could never measure less than 60 MB; forked from
# this small process (python -S, about 8 MB), the figure is the command's own.
LAUNCHER = """\
import os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
with open(sys.argv[1], "w") as out:
    out.write(f"{seconds} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""

CALAMINE_CODE = """\
import sys
from python_calamine import CalamineWorkbook
book = CalamineWorkbook.from_path(sys.argv[1])
for name in book.sheet_names:
    book.get_sheet_by_name(name).to_python()
"""

# Stock frictionless 5 on the list sheet: the header on row 1 (frictionless would otherwise
# guess it from the widths of the first rows), no limit on errors (default 1000) or rows.
# A sheet without <dimension> (make_census.py writes none; Excel writes one) reaches
# openpyxl's read-only mode without its empty trailing cells, and frictionless would spend
# most of its time building a missing-cell error for each of them: the patch below gives
# such a sheet the schema's width, as a <dimension> would, and changes nothing otherwise.
# Prints what frictionless checked, so that the harness sees every row was validated.
FRICTIONLESS_CODE = f"""\
import json, sys
from frictionless import Dialect, Resource, Schema, formats, system
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
schema = Schema.from_descriptor(sys.argv[2])
ReadOnlyWorksheet._max_column = len(schema.fields)  # only where the sheet has no dimension
dialect = Dialect(header_rows=[1], controls=[formats.ExcelControl(sheet={LIST_SHEET!r})])
with system.use_context(trusted=True):  # an absolute path is "not safe" otherwise
    resource = Resource(sys.argv[1], schema=schema, dialect=dialect)
    report = resource.validate(limit_errors=0)
task = report.tasks[0]
print(json.dumps({{
    "valid": report.valid, "rows": task.stats.get("rows"), "errors": report.stats["errors"],
    "warnings": [*report.warnings, *task.warnings],
    "first_errors": [f"{{e.type}}: {{e.message}}" for e in task.errors[:3]],
}}))
"""

# fastexcel (Arrow columns, read by calamine's Rust core) with every column read as text:
# what a reader that never makes a Python object per cell costs. Run only where installed.
FASTEXCEL_CODE = """\
import sys
import fastexcel
reader = fastexcel.read_excel(sys.argv[1])
for name in reader.sheet_names:
    reader.load_sheet_by_name(name, header_row=None, dtypes="string")
"""

PANDAS_CODE = """\
import sys
import pandas as pd
pd.read_excel(sys.argv[1], sheet_name=None, engine="openpyxl")
"""


# --------------------------------------------------------------------------- running


@dataclass
class Run:
    """One process: wall time, peak resident memory and exit status."""

    seconds: float
    peak_mb: float
    returncode: int
    stdout: str = ""
    stderr: str = ""


def run_once(command: list[str], capture: bool = False) -> Run:
    """Run ``command`` as a process of its own, through :data:`LAUNCHER`."""
    with (
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryFile() as out,
        tempfile.NamedTemporaryFile("r", suffix=".txt") as figures,
    ):
        sink: IO[bytes] | int = out if capture else subprocess.DEVNULL
        launcher = [sys.executable, "-S", "-c", LAUNCHER, figures.name, *command]
        subprocess.run(launcher, stdin=subprocess.DEVNULL, stdout=sink, stderr=err, check=False)
        out.seek(0)
        err.seek(0)
        seconds, peak_kb, returncode = figures.read().split()
        return Run(
            float(seconds),
            int(peak_kb) / 1024,
            int(returncode),
            out.read().decode(errors="replace"),
            err.read().decode(errors="replace")[-2000:],
        )


@dataclass
class Measure:
    """Several runs of one command."""

    name: str
    command: list[str]
    runs: int
    capture: bool = False
    samples: list[Run] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def peak_mb(self) -> float:
        return max(s.peak_mb for s in self.samples)

    @property
    def failed(self) -> list[Run]:
        return [s for s in self.samples if s.returncode != 0]


def measure_all(measures: list[Measure]) -> None:
    """Run every measure its number of times, interleaved (round-robin), so that a slow
    spell of the machine falls on all commands alike."""
    for round_ in range(max((m.runs for m in measures), default=0)):
        for m in measures:
            if round_ < m.runs:
                m.samples.append(run_once(m.command, m.capture))


# --------------------------------------------------------------------------- set-up


def installed(module: str) -> bool:
    """Whether ``module`` can be imported by the interpreter that runs the references."""
    return importlib.util.find_spec(module) is not None


def ktt_executable() -> str:
    beside = Path(sys.executable).with_name("ktt")
    return str(beside) if beside.exists() else (shutil.which("ktt") or "ktt")


def census(label: str) -> Path:
    """The census of this size, generated (seed 1) only if bench/data/ lacks it."""
    path = DATA / f"census-{label}.xlsx"
    if not path.exists():
        print(f"generating {path.relative_to(ROOT)} ({SIZES[label]:,} rows) ...", flush=True)
        start = time.perf_counter()
        write_census(path, SIZES[label], seed=1)
        print(f"  done in {time.perf_counter() - start:.1f} s", flush=True)
    return path


def national_targets() -> Path:
    """targets.yaml with its ``scope:`` block commented out: every row counts."""
    lines = TARGETS.read_text(encoding="utf-8").splitlines(keepends=True)
    out, in_scope, found = [], False, False
    for line in lines:
        if line.startswith("scope:"):
            in_scope = found = True
        elif in_scope and not line.startswith((" ", "\t")):
            in_scope = False
        out.append(f"# {line}" if in_scope else line)
    if not found:
        print("WARNING: no `scope:` block in targets.yaml; the national file is the same")
    DATA.mkdir(parents=True, exist_ok=True)
    NATIONAL.write_text("".join(out), encoding="utf-8")
    return NATIONAL


def machine() -> dict[str, Any]:
    cpu = "unknown"
    with Path("/proc/cpuinfo").open(encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory_gb = 0.0
    with Path("/proc/meminfo").open(encoding="utf-8") as info:
        for line in info:
            if line.startswith("MemTotal:"):
                memory_gb = int(line.split()[1]) / 1024**2
                break
    versions = {}
    for package in PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return {
        "platform": platform.platform(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(memory_gb, 1),
        "python": platform.python_version(),
        "packages": versions,
    }


# --------------------------------------------------------------------------- one size


def measure_size(label: str, args: argparse.Namespace, ktt: str, targets: Path) -> dict[str, Any]:
    rows = SIZES[label]
    path = census(label)
    print(f"\n== {label}: {rows:,} rows, {path.name} ({path.stat().st_size / 1e6:.1f} MB) ==")
    notes: list[str] = []

    # ktt's guard counts each shared string once per cell that shows it (the text a reader
    # makes): a million rows of this census come to more than the default 1,024 MB.
    limit = ["--max-uncompressed-mb", "4096"] if rows >= 1_000_000 else []
    if limit:
        notes.append("ktt check and gap run with --max-uncompressed-mb 4096 (the default "
                     "1,024 MB refuses a million rows)")  # fmt: skip
    # The census must be valid, and gap must count every row at national scale.
    check = run_once([ktt, "check", str(path), *limit])
    if check.returncode != 0:
        print(f"WARNING: `ktt check` exits {check.returncode}: the census is not valid")
    gap = [ktt, "gap", str(path), "--year", "2030", "--format", "json", "--targets", str(targets),
           *limit]  # fmt: skip
    pre = run_once(gap, capture=True)
    try:
        counted = json.loads(pre.stdout)["organizations"]
    except (ValueError, KeyError, TypeError):
        counted = None
    if pre.returncode != 0 or counted != rows:
        print(f"WARNING: `ktt gap` exits {pre.returncode} and counts {counted} of {rows:,} rows")
    if check.returncode == 0 and pre.returncode == 0 and counted == rows:
        print(f"census valid (`ktt check` exits 0); `ktt gap` counts all {rows:,} rows")
    result_checks = {
        "check_exit": check.returncode,
        "gap_exit": pre.returncode,
        "gap_counts": counted,
    }

    python = sys.executable
    slow_runs = args.runs if rows < 100_000 else min(args.runs, args.ref_runs)
    if rows >= 1_000_000:
        slow_runs = 0 if args.skip_slow_refs else 1
    fastexcel_runs = args.runs if installed("fastexcel") else 0
    if not fastexcel_runs:
        notes.append(f"{FASTEXCEL} skipped: fastexcel is not installed")
    if not installed("frictionless"):
        notes.append(f"{FRICTIONLESS} skipped: frictionless is not installed ('.[bench]')")
    measures = [
        Measure(CALAMINE, [python, "-c", CALAMINE_CODE, str(path)], args.runs),
        Measure(FASTEXCEL, [python, "-c", FASTEXCEL_CODE, str(path)], fastexcel_runs),
        Measure(CHECK, [ktt, "check", str(path), *limit], args.runs),
        Measure(GAP, gap, args.runs),
        Measure(
            FRICTIONLESS,
            [python, "-c", FRICTIONLESS_CODE, str(path), str(SCHEMA)],
            slow_runs if installed("frictionless") else 0,
            capture=True,
        ),
        Measure(PANDAS, [python, "-c", PANDAS_CODE, str(path)], slow_runs),
    ]
    if slow_runs == 0:
        notes.append(f"{FRICTIONLESS} and {PANDAS} skipped (--skip-slow-refs)")
    measures = [m for m in measures if m.runs > 0]
    measure_all(measures)

    for m in measures:
        if m.failed:
            tail = m.failed[0].stderr.strip().splitlines()[-1:] or [""]
            notes.append(f"WARNING: {m.name} exited {m.failed[0].returncode}: {tail[0]}")
    result: dict[str, Any] = {
        "rows": rows,
        "file": str(path.relative_to(ROOT)),
        "precheck": result_checks,
        "commands": {},
    }
    floor = next(m.median for m in measures if m.name == CALAMINE)
    print(
        f"{'command':<24} {'runs':>4} {'median s':>9} {'min–max s':>13} {'peak MB':>8} "
        f"{'× calamine':>10} {'µs/row':>8}"
    )
    for m in measures:
        times = [s.seconds for s in m.samples]
        figures = {
            "runs": [round(t, 4) for t in times],
            "median_s": round(m.median, 4),
            "peak_mb": round(m.peak_mb, 1),
            "ratio_to_calamine": round(m.median / floor, 3),
            "us_per_row": round(m.median / rows * 1e6, 3),
            "failed_runs": len(m.failed),
        }
        result["commands"][m.name] = figures
        spread = f"{min(times):.2f}–{max(times):.2f}"
        print(
            f"{m.name:<24} {len(times):>4} {m.median:>9.3f} {spread:>13} {m.peak_mb:>8.0f} "
            f"{m.median / floor:>10.2f} {m.median / rows * 1e6:>8.2f}"
        )

    fl = next((m for m in measures if m.name == FRICTIONLESS), None)
    if fl is not None:
        result["frictionless"] = check_frictionless(fl, rows, notes)
    for note in notes:
        print(note)
    result["notes"] = notes
    return result


def check_frictionless(m: Measure, rows: int, notes: list[str]) -> dict[str, Any]:
    """What frictionless reported: every row must have been validated, none cut off."""
    reports = []
    for s in m.samples:
        try:
            reports.append(json.loads(s.stdout.strip().splitlines()[-1]))
        except (ValueError, IndexError):
            reports.append({"rows": None, "valid": None, "errors": None, "warnings": []})
    first = reports[0]
    complete = all(r["rows"] == rows and not r["warnings"] for r in reports)
    if complete:
        notes.append(
            f"{FRICTIONLESS}: validated {first['rows']:,} of {rows:,} rows on every run, "
            f"valid={first['valid']}, {first['errors']} errors"
        )
    else:
        notes.append(
            f"WARNING: {FRICTIONLESS} checked {[r['rows'] for r in reports]} of {rows:,} rows; "
            f"warnings {first['warnings']}"
        )
    if first.get("first_errors"):
        notes.append(f"  first errors: {first['first_errors']}")
    return {"complete": complete, "report": first}


# --------------------------------------------------------------------------- start-up


def measure_startup(args: argparse.Namespace, ktt: str) -> dict[str, Any]:
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        small = census_300(Path(tmp))
        measures = [
            Measure("python -c pass", [python, "-c", "pass"], args.startup_runs),
            Measure(
                'python -c "import pydantic"', [python, "-c", "import pydantic"], args.startup_runs
            ),
            Measure(
                STACK,
                [python, str(stack_floor(Path(tmp))), "check", "x"],
                args.startup_runs,
            ),
            Measure("ktt --help", [ktt, "--help"], args.startup_runs),
            Measure("ktt check (300 rows)", [ktt, "check", str(small)], args.startup_runs),
        ]
        measure_all(measures)
    print("\n== start-up ==")
    base = measures[0].median
    print(f"{'command':<30} {'runs':>4} {'median s':>9} {'peak MB':>8} {'× python':>9}")
    result: dict[str, Any] = {}
    for m in measures:
        print(
            f"{m.name:<30} {len(m.samples):>4} {m.median:>9.3f} {m.peak_mb:>8.0f} "
            f"{m.median / base:>9.2f}"
        )
        result[m.name] = {
            "median_s": round(m.median, 4),
            "peak_mb": round(m.peak_mb, 1),
            "runs": [round(s.seconds, 4) for s in m.samples],
        }
        if m.failed:
            print(f"WARNING: {m.name} exited {m.failed[0].returncode}")
    return result


# --------------------------------------------------------------------------- targets


@dataclass
class Target:
    name: str
    value: float | None
    limit: float
    at_most: bool = True  # else: at least
    unit: str = "×"

    @property
    def status(self) -> str:
        if self.value is None:
            return "not measured"
        ok = self.value <= self.limit if self.at_most else self.value >= self.limit
        return "PASS" if ok else "FAIL"

    def line(self) -> str:
        digits = 0 if self.unit == "MB" else 2
        value = "—" if self.value is None else f"{self.value:.{digits}f} {self.unit}"
        limit = f"{'≤' if self.at_most else '≥'} {self.limit:g} {self.unit}"
        return f"{self.name:<52} {value:>12} {limit:>12}  {self.status}"


def targets(sizes: dict[str, dict[str, Any]], startup: dict[str, Any]) -> list[Target]:
    def fig(label: str, command: str, key: str) -> float | None:
        found = sizes.get(label, {}).get("commands", {}).get(command)
        return None if found is None else float(found[key])

    def ratio(a: float | None, b: float | None) -> float | None:
        return None if a is None or b is None else a / b

    floor = fig("100k", CALAMINE, "median_s")
    fl = fig("100k", FRICTIONLESS, "median_s")
    return [
        Target("100k: ktt check / calamine", ratio(fig("100k", CHECK, "median_s"), floor), 1.2),
        Target("100k: ktt gap / calamine", ratio(fig("100k", GAP, "median_s"), floor), 1.4),
        Target(
            "1m: ktt check / calamine",
            ratio(fig("1m", CHECK, "median_s"), fig("1m", CALAMINE, "median_s")),
            1.0,
        ),
        Target(
            "100k: frictionless / ktt check",
            ratio(fl, fig("100k", CHECK, "median_s")),
            10,
            at_most=False,
        ),
        # peak memory: not above what it was before the reading path was made one
        Target("100k: ktt check peak memory", fig("100k", CHECK, "peak_mb"), 222, unit="MB"),
        Target("1m: ktt check peak memory", fig("1m", CHECK, "peak_mb"), 1924, unit="MB"),
        # start-up: not slower than before (2.64× "import pydantic" then)
        Target(
            'start-up: ktt check (300 rows) / "import pydantic"',
            ratio(
                startup.get("ktt check (300 rows)", {}).get("median_s"),
                startup.get('python -c "import pydantic"', {}).get("median_s"),
            ),
            2.64,
        ),
    ]


def side_by_side(sizes: dict[str, dict[str, Any]], startup: dict[str, Any]) -> list[str]:
    """Every command at every size in one Markdown table: median seconds, the ratio to the
    calamine read and peak memory; then the start-up of `ktt check` on 300 rows."""
    labels = list(sizes)
    names = list(dict.fromkeys(name for size in sizes.values() for name in size["commands"]))
    head = "| command | " + " | ".join(f"{label} rows" for label in labels) + " |"
    lines = [head, "|---|" + "---:|" * len(labels)]
    for name in names:
        cells = []
        for label in labels:
            found = sizes[label]["commands"].get(name)
            cells.append(
                "—"
                if found is None
                else f"{found['median_s']:.2f} s · {found['ratio_to_calamine']:.2f}× · "
                f"{found['peak_mb']:.0f} MB"
            )
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    small = startup.get("ktt check (300 rows)")
    if small:
        lines.append(f"\nstart-up, `ktt check` on 300 rows: {small['median_s']:.3f} s, "
                     f"{small['peak_mb']:.0f} MB")  # fmt: skip
    return lines


def context(sizes: dict[str, dict[str, Any]], startup: dict[str, Any]) -> list[str]:
    """What the targets' references allow: the ratio frictionless leaves ktt, and the share
    of the start-up limit the stack takes before ktt reads anything."""
    lines = []
    fl = sizes.get("100k", {}).get("commands", {}).get(FRICTIONLESS)
    floor = sizes.get("100k", {}).get("commands", {}).get(CALAMINE)
    if fl and floor:
        allowed = fl["median_s"] / 10 / floor["median_s"]
        lines.append(
            f"100k: ≥ 10× faster than frictionless means ktt within {allowed:.2f}× "
            "the calamine read"
        )
    stack = startup.get(STACK, {}).get("median_s")
    pydantic = startup.get('python -c "import pydantic"', {}).get("median_s")
    if stack and pydantic:
        lines.append(
            f'start-up: {STACK} alone is {stack / pydantic:.2f}× "import pydantic" '
            "(the limit is 2×)"
        )
    return lines


# --------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default="1k,10k,100k",
        help=f"comma-separated, of {', '.join(SIZES)} (default 1k,10k,100k)",
    )
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (default 5)")
    parser.add_argument(
        "--ref-runs",
        type=int,
        default=3,
        help="runs of frictionless and pandas at 100k rows and more (default 3)",
    )
    parser.add_argument(
        "--skip-slow-refs",
        action="store_true",
        help="at 1m rows, leave out frictionless and pandas (else run once)",
    )
    parser.add_argument(
        "--startup-runs", type=int, default=10, help="runs of each start-up command (default 10)"
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="write every figure here")
    args = parser.parse_args()
    as_installed()
    labels = [s.strip().lower() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in labels if s not in SIZES]
    if unknown:
        parser.error(f"unknown sizes {unknown}; choose from {', '.join(SIZES)}")

    info = machine()
    print(
        f"machine: {info['platform']}; {info['cpu']}, {info['cores']} cores, "
        f"{info['memory_gb']} GB; Python {info['python']}"
    )
    print("packages: " + ", ".join(f"{k} {v}" for k, v in info["packages"].items()))
    ktt = ktt_executable()
    national = national_targets()
    print(f"gap targets: {national.relative_to(ROOT)} (targets.yaml without its scope)")

    sizes = {label: measure_size(label, args, ktt, national) for label in labels}
    startup = measure_startup(args, ktt)

    print("\n== side by side (median · × calamine · peak memory) ==")
    for line in side_by_side(sizes, startup):
        print(line)
    print("\n== targets ==")
    results = targets(sizes, startup)
    for target in results:
        print(target.line())
    notes = context(sizes, startup)
    if notes:
        print("\n== what the references allow ==")
        for line in notes:
            print(line)
    if args.json:
        report = {
            "machine": info,
            "sizes": sizes,
            "startup": startup,
            "targets": [{**asdict(t), "status": t.status} for t in results],
        }
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        print(f"\nfigures written to {args.json}")


if __name__ == "__main__":
    main()
