"""`ktt check` of one year's census imports no more than it needs (bench/startup.py measures
the time): CI and pre-commit start ktt once per file, and pydantic alone is some 60 ms."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).parents[2] / "examples" / "census-findings.xlsx"
PROBE = """
import sys
sys.argv = ["ktt", "check", sys.argv[1], "--format", "json"]
from ktt_indicators.cli.app import main
try:
    main()
except SystemExit:
    pass
print("loaded:", *(m for m in ("pydantic", "yaml", "openpyxl", "pandas") if m in sys.modules))
"""


def test_checking_one_year_imports_neither_pydantic_nor_the_report_stack() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(EXAMPLE)], capture_output=True, text=True, check=False
    )
    *report, loaded = done.stdout.strip().splitlines()
    assert '"valid": false' in "\n".join(report)  # the check ran
    assert loaded == "loaded:"
