"""What reading a census typed in TCVN3 costs, against the same census in Unicode.

A generated census (bench/make_census.py, seed 1) of ``--rows`` organizations, and a copy of
it whose every text is typed in TCVN3 (.VnTime): its shared strings, where the workbook
keeps every text, re-encoded (a capital with a tone as its lower-case code, as a capitals
font is typed). Both are read by :func:`ktt_indicators.census.reader.read_census_file`, in this
process, ``--runs`` times each, interleaved; the median of each and the difference are
printed. The Unicode census pays nothing for the legacy encodings: they are only tried on
a sheet whose header is not found.

    python bench/legacy.py [--rows 20000] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import zipfile
from pathlib import Path

from make_census import write_census  # bench/ is sys.path[0] when run as a script

from ktt_indicators.census.reader import read_census_file
from ktt_indicators.read.legacy import TCVN3_TABLE

_CODES = {letter: code for code, letter in TCVN3_TABLE.items()}
_ENCODE = str.maketrans(
    {**{c.upper(): code for c, code in _CODES.items() if c.islower()}, **_CODES}
)


def tcvn3_copy(source: Path, target: Path) -> None:
    """``source`` with its shared strings typed in TCVN3 (tags and sheet names are as they
    were: TCVN3 changes no ASCII character, and a tab's name is drawn in the system's font)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "xl/sharedStrings.xml":
                data = data.decode("utf-8").translate(_ENCODE).encode("utf-8")
            new.writestr(item, data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        unicode_census = Path(folder) / "unicode.xlsx"
        tcvn3_census = Path(folder) / "tcvn3.xlsx"
        write_census(unicode_census, args.rows)
        tcvn3_copy(unicode_census, tcvn3_census)
        times: dict[Path, list[float]] = {unicode_census: [], tcvn3_census: []}
        read = {}
        for _ in range(args.runs):
            for path, runs in times.items():
                start = time.perf_counter()
                read[path] = read_census_file(path, label="census")
                runs.append(time.perf_counter() - start)
    # A capital with a tone that starts a word («Ái») has no TCVN3 code: typed in .VnTime it
    # is its lower-case letter («ái»), and read so. Names are compared without their case.
    pairs = list(
        zip(read[unicode_census].organizations, read[tcvn3_census].organizations, strict=False)
    )
    same = len(pairs) == len(read[unicode_census].organizations) and all(
        a._replace(ten=a.ten.casefold()) == b._replace(ten=b.ten.casefold()) for a, b in pairs
    )
    cased = sum(a.ten != b.ten for a, b in pairs)
    legacy = [f.sheet for f in read[tcvn3_census].findings if f.code == "legacy-encoding"]
    plain, encoded = (statistics.median(times[p]) for p in (unicode_census, tcvn3_census))
    print(f"{args.rows:,} rows, median of {args.runs} runs of read_census_file")
    print(f"  Unicode census  {plain * 1000:8.0f} ms")
    print(f"  TCVN3 census    {encoded * 1000:8.0f} ms   (+{(encoded - plain) * 1000:.0f} ms)")
    print(f"  converted sheets: {', '.join(map(str, legacy)) or 'none'}")
    print(f"  same organizations as the Unicode census: {'yes' if same else 'NO'}")
    print(f"  names with a capital read in lower case («Ái» → «ái»): {cased:,}")


if __name__ == "__main__":
    main()
