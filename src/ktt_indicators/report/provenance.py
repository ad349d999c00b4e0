"""Where a report's figures come from: the inputs and the targets file with their SHA-256,
the tool's version and the time of the run."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from .. import __version__


class FileHash(BaseModel):
    model_config = ConfigDict(frozen=True)

    path: str
    sha256: str | None  # None when the file could not be read


class Provenance(BaseModel):
    """The inputs of a report, so that anyone can check which files it was made from."""

    model_config = ConfigDict(frozen=True)

    inputs: list[FileHash]
    targets: FileHash
    history: FileHash | None = None
    tool_version: str
    generated_at: datetime


def sha256_of(path: Path) -> str | None:
    """The SHA-256 of a file's bytes, read in blocks; None if it cannot be read."""
    digest = hashlib.sha256()
    try:
        with Path(path).open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def provenance(
    inputs: Sequence[Path],
    targets: Path,
    history: Path | None = None,
    now: datetime | None = None,
) -> Provenance:
    """Hash the inputs and the targets file (and history, if any) of one run."""
    return Provenance(
        inputs=[FileHash(path=str(p), sha256=sha256_of(p)) for p in inputs],
        targets=FileHash(path=str(targets), sha256=sha256_of(targets)),
        history=FileHash(path=str(history), sha256=sha256_of(history)) if history else None,
        tool_version=__version__,
        generated_at=(now or datetime.now()).replace(microsecond=0),
    )
