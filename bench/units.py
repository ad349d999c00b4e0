"""What the administrative units cost: reading the list and the crosswalk, and resolving names.

Each step runs ``--runs`` times, interleaved, in this process; the median of each is printed,
with the cost of the step's floor beside it: Python's csv module reading the same file into
lists (what any reader of it pays), and gunzipping the file (what shipping it gzipped would
add). Resolving: each commune of Cần Thơ typed three ways («P. Cái Khế», «cai khe», its code)
as a census's commune column is read (a resolver bound to the city, ``level="commune"``: a
bare «Ninh Kiều» is also the old district), and typos of them (one letter doubled), which look for a
hint.

    python bench/units.py [--runs 7]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from ktt_indicators.census.units import CROSSWALK_FILE, UNITS_FILE, UnitList
from ktt_indicators.core.resources import admin_units_dir
from ktt_indicators.core.text import fold


def _csv_only(path: Path) -> None:
    list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    folder = admin_units_dir()
    units_path, crosswalk_path = folder / UNITS_FILE, folder / CROSSWALK_FILE
    zipped = gzip.compress(crosswalk_path.read_bytes())
    units = UnitList(units_path, crosswalk_path)
    city = units.communes_of("92")
    typed = [
        *(f"P. {u.short_name}" if u.kind == "phường" else f"X. {u.short_name}" for u in city),
        *(fold(u.short_name) for u in city),
        *(int(u.code) for u in city),
    ]
    typos = [u.short_name + u.short_name[-1] for u in city]

    def crosswalk() -> None:
        fresh = UnitList(units_path, crosswalk_path)
        assert fresh.crosswalk.successor("31117") is not None

    def resolve_all() -> None:
        resolver = units.resolver("92")
        assert all(resolver.resolve(t, level="commune").unit is not None for t in typed)

    def resolve_typos() -> None:
        resolver = units.resolver("92")
        assert all(resolver.resolve(t, level="commune").unit is None for t in typos)

    steps: dict[str, Callable[[], object]] = {
        f"list ({len(units.communes):,} units)": lambda: UnitList(units_path, crosswalk_path),
        "  csv module alone": lambda: _csv_only(units_path),
        "list + crosswalk": crosswalk,
        "  csv module alone (crosswalk)": lambda: _csv_only(crosswalk_path),
        f"  gunzip (crosswalk, {len(zipped) // 1024} KB gzipped)": lambda: gzip.decompress(zipped),
        f"resolve {len(typed)} names of Cần Thơ": resolve_all,
        f"resolve {len(typos)} typos (hints)": resolve_typos,
    }
    times: dict[str, list[float]] = {name: [] for name in steps}
    for _ in range(args.runs):
        for name, step in steps.items():
            start = time.perf_counter()
            step()
            times[name].append(time.perf_counter() - start)
    print(f"median of {args.runs} runs, interleaved")
    medians = {name: statistics.median(runs) for name, runs in times.items()}
    floors = iter(medians.values())
    for name, median in medians.items():
        print(f"  {name:<40} {median * 1000:8.1f} ms")
    list_ms, list_floor, both_ms, crosswalk_floor = (next(floors) for _ in range(4))
    print(f"  the list: {list_ms / list_floor:.1f}× the csv module's reading of it;", end=" ")
    print(f"the crosswalk: {(both_ms - list_ms) / crosswalk_floor:.1f}×")
    hint_ms = statistics.median(times[f"resolve {len(typos)} typos (hints)"]) * 1000
    print(f"  a hint: {hint_ms / len(typos):.2f} ms per name not found")


if __name__ == "__main__":
    main()
