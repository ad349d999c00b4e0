"""PDF from the report document, made by LibreOffice headless (``soffice --convert-to pdf``).

The PDF is the signed document itself, page for page: the .docx of :mod:`.report_docx`
converted by the engine that offices in Vietnam open it with. The input is written to a
private temporary folder, converted there with a throw-away LibreOffice profile (so a
running LibreOffice of the user is not disturbed), and read back; nothing is printed.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

#: The Debian package that gives ``soffice`` the Writer filters the conversion needs.
PACKAGE = "libreoffice-writer-nogui"
TIMEOUT_S = 180


class PdfEngineMissing(Exception):
    """No LibreOffice (``soffice``) on the PATH."""


class PdfFailed(Exception):
    """LibreOffice ran and made no PDF; ``detail`` is its last line of output."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes) -> bytes:
    """The PDF of a .docx, by LibreOffice headless."""
    engine = soffice()
    if engine is None:
        raise PdfEngineMissing
    with tempfile.TemporaryDirectory(prefix="ktt-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "report.docx"
        source.write_bytes(docx)
        profile = (folder / "profile").as_uri()
        try:
            done = subprocess.run(
                [engine, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                 "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(folder), str(source)],
                capture_output=True, text=True, timeout=TIMEOUT_S, check=False,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            raise PdfFailed(f"timeout after {TIMEOUT_S} s") from None
        except OSError as exc:
            raise PdfFailed(str(exc)) from None
        pdf = folder / "report.pdf"
        if not pdf.exists() or pdf.stat().st_size == 0:
            lines = (done.stderr or done.stdout or "").strip().splitlines()
            raise PdfFailed(lines[-1] if lines else f"exit {done.returncode}")
        return pdf.read_bytes()
