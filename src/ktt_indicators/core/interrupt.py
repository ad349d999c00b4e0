"""Ctrl-C and SIGTERM: both end a run the same way, as an exception that unwinds.

SIGINT raises :class:`KeyboardInterrupt` already; :func:`terminate_as_interrupt` makes
SIGTERM raise :class:`Terminated` (a ``KeyboardInterrupt``), so that every ``finally`` and
``with`` on the way out runs: child processes are ended, temporary folders removed, and no
output is left half-written. :func:`deferred` holds both signals over the few renames that
put a run's outputs in place, so that they are all done or none is.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

#: The exit code of a run ended by SIGINT (128 + 2) and by SIGTERM (128 + 15), as shells do.
INTERRUPTED, TERMINATED = 130, 143


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the main thread is."""


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated


def terminate_as_interrupt() -> None:
    """Make SIGTERM raise :class:`Terminated` in the main thread (from now on)."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _raise_terminated)


def exit_code(exc: BaseException | None) -> int:
    """The exit code for an interruption: ``exc`` is the KeyboardInterrupt (or what wraps it)."""
    while exc is not None and not isinstance(exc, KeyboardInterrupt):
        exc = exc.__cause__ or exc.__context__
    return TERMINATED if isinstance(exc, Terminated) else INTERRUPTED


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM until the block is done, then raise the first that came."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    came: list[int] = []

    def hold(signum: int, frame: FrameType | None) -> None:
        came.append(signum)

    saved = {s: signal.signal(s, hold) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)
    if came:
        raise Terminated if came[0] == signal.SIGTERM else KeyboardInterrupt


def adopt_orphans() -> None:
    """Make this process the reaper of its orphaned descendants (Linux only; elsewhere a
    no-op). A child killed with its parent is then reaped by :func:`end_group`, not left
    defunct under an init that does not reap (as in many containers)."""
    import sys

    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        pr_set_child_subreaper = 36
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_child_subreaper, 1, 0, 0, 0)


def kill_group(pgid: int) -> None:
    """SIGKILL to every process of the process group ``pgid`` (gone already: nothing)."""
    import os

    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def kill_session(sid: int) -> None:
    """SIGKILL to every process of the session ``sid``, whatever process group each is in
    (``ktt batch``'s readers take groups of their own), as a service manager ends a service;
    read from /proc (Linux), elsewhere the group ``sid`` alone."""
    import os
    from pathlib import Path

    kill_group(sid)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            # After the command's name: state, parent, group, session.
            if int(stat.read_text().rsplit(")", 1)[1].split()[3]) == sid:
                os.kill(int(stat.parent.name), signal.SIGKILL)


def reap_group(pgid: int) -> None:
    """Wait for every child of this process in the group ``pgid`` (killed: they end at once)."""
    import os

    while True:
        try:
            os.waitpid(-pgid, 0)
        except (ChildProcessError, OSError):
            return
