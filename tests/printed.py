"""Printed pages: a document or workbook converted to PDF by LibreOffice, read back with
poppler's pdfinfo and pdftotext. Tests that use these skip without the tools."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
TOOLS = SOFFICE is not None and shutil.which("pdftotext") is not None

needs_tools = pytest.mark.skipif(
    not TOOLS, reason="LibreOffice (soffice) and poppler-utils (pdftotext) are not installed"
)

#: A4 in points, upright.
A4 = (595.3, 841.9)


def to_pdf(path: Path, outdir: Path) -> Path:
    """``path`` printed to PDF by LibreOffice, in ``outdir``."""
    return to_pdfs([path], outdir)[0]


def to_pdfs(paths: list[Path], outdir: Path) -> list[Path]:
    """Each of ``paths`` printed to PDF by LibreOffice (one run for all), in ``outdir``."""
    assert SOFFICE is not None
    subprocess.run(
        [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={(outdir / 'p').as_uri()}",
         "--convert-to", "pdf", "--outdir", str(outdir), *map(str, paths)],
        capture_output=True, timeout=600, check=True,
    )  # fmt: skip
    pdfs = [outdir / (p.stem + ".pdf") for p in paths]
    assert all(p.exists() for p in pdfs), pdfs
    return pdfs


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    """Each page's width and height in points."""
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", str(pdf)], capture_output=True,
                         text=True, check=True).stdout  # fmt: skip
    found = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out)
    return [(float(w), float(h)) for w, h in found]


def is_a4(size: tuple[float, float]) -> bool:
    return sorted(size) == pytest.approx(sorted(A4), abs=2)


def pdf_text(pdf: Path, *, layout: bool = False) -> str:
    """The text of every page, pages parted by a form feed."""
    args = ["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"]
    text = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return unicodedata.normalize("NFC", text)
