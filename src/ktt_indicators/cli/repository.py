"""The census workbooks of a git repository, for ``ktt check --git`` (the pre-commit hook).

pre-commit cuts a long list of files into several calls of a hook, and a commit that adds a
file shows the hook that file only: neither sees a code that two files share. With
``--git`` ktt asks git itself: the spreadsheets staged for the commit are the files
checked, and every other spreadsheet git tracks is read too, so that a code they share
with a staged file is a duplicate.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

#: What the hook's ``files`` pattern matches: the census workbook suffixes, any case.
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


class NotARepository(Exception):
    """git is not installed, or the working directory is not inside a git repository.
    ``reason`` is git's own words (or the OS error)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class RepositoryFiles:
    """The spreadsheets of a repository: those to check, and the others git tracks."""

    #: Staged for the commit (added, copied, modified or renamed), or every tracked
    #: spreadsheet when none is staged.
    checked: list[Path]
    #: The other tracked spreadsheets: read only to find the codes the checked ones share.
    others: list[Path]


def is_spreadsheet(name: str) -> bool:
    """Whether ``name`` is a census workbook to check: its suffix, and not Excel's lock file
    (``~$Báo cáo.xlsx``, there while a workbook is open)."""
    base = name.rsplit("/", 1)[-1]
    return base.lower().endswith(SPREADSHEET_SUFFIXES) and not base.startswith("~$")


def _git(args: list[str], cwd: Path) -> list[str]:
    """The NUL-separated names git prints (never quoted: Vietnamese names pass whole)."""
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotePath=false", *args],
            cwd=cwd,
            capture_output=True,
            check=False,
        )
    except OSError as exc:
        raise NotARepository(exc.strerror or str(exc)) from None
    if done.returncode != 0:
        raise NotARepository(done.stderr.decode("utf-8", "replace").strip() or "git failed")
    return [os.fsdecode(x) for x in done.stdout.split(b"\0") if x]


def repository_files(cwd: Path | None = None) -> RepositoryFiles:
    """The spreadsheets of the repository ``cwd`` (default: the working directory) is in.

    Paths are relative to ``cwd`` where they lie below it. What git tracks is read from its
    index, which is what the commit will hold (pre-commit sets aside what is not staged
    while its hooks run). Raises :class:`NotARepository`.
    """
    cwd = (cwd or Path.cwd()).resolve()
    top = _git(["rev-parse", "--show-toplevel"], cwd)
    root = Path(top[0].strip()).resolve() if top else cwd
    tracked = [n for n in _git(["ls-files", "-z", "--cached"], root) if is_spreadsheet(n)]
    staged = set(_git(["diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR"], root))

    def shown(name: str) -> Path:
        path = root / name
        try:
            return Path(os.path.relpath(path, cwd)) if path.is_relative_to(cwd) else path
        except ValueError:  # another drive (Windows)
            return path

    present = [n for n in dict.fromkeys(tracked) if (root / n).is_file()]
    checked = [n for n in present if n in staged] or present
    return RepositoryFiles(
        checked=[shown(n) for n in checked],
        others=[shown(n) for n in present if n not in set(checked)],
    )
