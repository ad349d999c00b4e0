"""PDF from the report document, made by LibreOffice headless (``soffice --convert-to pdf``).

The PDF is the signed document itself, page for page: the .docx of :mod:`.report_docx`
converted by the engine that offices in Vietnam open it with. The input is written to a
private temporary folder, converted there with a throw-away LibreOffice profile (so a
running LibreOffice of the user is not disturbed), and read back; nothing is printed.

LibreOffice runs in a session of its own: ``soffice`` is a script that becomes ``oosplash``,
which starts ``soffice.bin``. Whatever ends the conversion early (Ctrl-C, SIGTERM, the
time limit), the whole group is killed and reaped, and the temporary folder goes with
everything LibreOffice left in it: its ``TMPDIR`` is that folder.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..core.interrupt import adopt_orphans, kill_group, reap_group

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
        command = [engine, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(folder),
                   str(source)]  # fmt: skip
        returncode, said = _run_group(command, {**os.environ, "TMPDIR": str(folder)})
        pdf = folder / "report.pdf"
        if not pdf.exists() or pdf.stat().st_size == 0:
            lines = said.strip().splitlines()
            raise PdfFailed(lines[-1] if lines else f"exit {returncode}")
        return pdf.read_bytes()


def _run_group(command: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run ``command`` in a session of its own; its exit code and what it said. If it runs
    past :data:`TIMEOUT_S`, or anything (KeyboardInterrupt, SystemExit) interrupts the wait,
    every process of its group is killed and reaped before this returns or raises."""
    adopt_orphans()
    try:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, env=env, start_new_session=True,
        )  # fmt: skip
    except OSError as exc:
        raise PdfFailed(str(exc)) from None
    try:
        out, _ = process.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        _end_group(process)
        raise PdfFailed(f"timeout after {TIMEOUT_S} s") from None
    except BaseException:
        _end_group(process)
        raise
    _end_group(process)  # a helper LibreOffice left behind, if any
    return process.returncode, out or ""


def _end_group(process: subprocess.Popen[str]) -> None:
    """Kill every process of ``process``'s group and reap them: the child itself, and (this
    process being their reaper) the grandchildren orphaned."""
    kill_group(process.pid)
    with contextlib.suppress(ProcessLookupError):
        process.kill()
    process.wait()
    if process.stdout is not None:
        process.stdout.close()
    reap_group(process.pid)
