"""Receiving a file: the request body read under a size limit, the file written durably
under a name the server makes, the user's file name kept as text only.

A body larger than the limit is refused as soon as it says so (``Content-Length``) or
outgrows it, before it is parsed further; nothing of it is kept. A stored file is written
to a temporary name, flushed to disk (``fsync``), renamed into place and its folder flushed
too: once :func:`store_file` returns, a crash does not lose it.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any, BinaryIO

from ..read.limits import SUPPORTED_SUFFIXES

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class TooLarge(Exception):
    """The request body is larger than the upload limit."""


def capped(receive: Receive, limit: int) -> Receive:
    """``receive`` that raises :class:`TooLarge` once the body passes ``limit`` bytes."""
    seen = 0

    async def wrapped() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise TooLarge
        return message

    return wrapped


def shown_name(name: str | None) -> str:
    """The user's file name as text to show: its last part only (no folder of theirs),
    without control characters, composed (NFC), at most 200 characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = _CONTROL.sub("", unicodedata.normalize("NFC", base)).strip()
    return base[:200] or "upload"


def stored_name(unit_code: str, user_name: str) -> str:
    """The server's name of a new file of a unit (``<unit>/<random>.<suffix>``): the
    suffix is the user's when ktt reads it (the guard reads the content anyway)."""
    suffix = Path(shown_name(user_name)).suffix.lower()
    suffix = suffix if suffix in SUPPORTED_SUFFIXES else ".bin"
    return f"{re.sub(r'[^0-9A-Za-z]', '', unit_code)}/{uuid.uuid4().hex}{suffix}"


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def store_file(source: BinaryIO, path: Path, *, mode: int = 0o640) -> tuple[int, str]:
    """Copy ``source`` to ``path`` durably (never over an existing file); its size and
    SHA-256."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.part")
    digest = hashlib.sha256()
    size = 0
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as out:
            while chunk := source.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.link(partial, path)  # fails rather than replace a file of the same name
        partial.unlink()
        _sync_folder(path.parent)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return size, digest.hexdigest()


def write_durable(path: Path, content: bytes, *, mode: int = 0o640) -> None:
    """Write ``content`` to ``path`` through a temporary file, flushed, then renamed over it."""
    partial = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.part")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        partial.replace(path)
        _sync_folder(path.parent)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
