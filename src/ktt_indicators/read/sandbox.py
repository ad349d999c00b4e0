"""Running a parser where its failures cannot take ktt down with them.

python-calamine is Rust. On a broken file it may panic (pyo3 raises ``PanicException``,
which derives from ``BaseException``, after Rust has printed its panic text on stderr),
ask for more memory than there is (Rust then aborts the whole process: no exception,
exit 134), or loop. The zip formats are bounded by :mod:`.guard` before calamine sees
them, so they are parsed in this process, with stderr held (:func:`quiet_stderr`) and a
panic turned into an ordinary exception (:func:`call`). An .xls is an OLE2 container of
BIFF records that calamine trusts far more: it is parsed in a child process
(:func:`in_child`) under an address-space and a processor-time limit, and its cells come
back pickled. Whatever the child does, the caller gets the cells or a
:class:`ParserFailed` that says how it failed.

The child is forked where the platform can fork (a few milliseconds: nothing is imported
again); elsewhere it is spawned, and only the wall-clock limit applies.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

T = TypeVar("T")

#: How the child reports: the first byte of its message.
_OK, _RAISED = b"o", b"r"


class ParserFailed(Exception):
    """The parser did not return. ``kind`` is "panic" (it raised a Rust panic), "memory"
    (it asked for more than ``memory_mb``), "time" (it ran past ``seconds``), "crash" (it
    died some other way) or "error" (an ordinary exception, re-raised as is by
    :func:`in_child` when it can be); ``detail`` is what it said, for ``--debug``."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind
        self.detail = detail

    def __reduce__(self) -> tuple[type[ParserFailed], tuple[str, str]]:
        return (ParserFailed, (self.kind, self.detail))


def is_panic(exc: BaseException) -> bool:
    """Whether ``exc`` is pyo3's ``PanicException`` (not importable by name)."""
    return type(exc).__name__ == "PanicException"


@contextlib.contextmanager
def quiet_stderr() -> Iterator[BinaryIO]:
    """Send what native code writes on file descriptor 2 to a temporary file, not to the
    user's terminal; yields that file (read it for ``--debug``)."""
    with tempfile.TemporaryFile() as held:
        try:
            sys.stderr.flush()
            saved = os.dup(2)
        except (OSError, ValueError):  # no stderr at all: nothing to keep clean
            yield held
            return
        os.dup2(held.fileno(), 2)
        try:
            yield held
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def _said(held: BinaryIO, limit: int = 2000) -> str:
    held.seek(0)
    return held.read(limit).decode("utf-8", "replace").strip()


def call(parse: Callable[[], T]) -> T:
    """``parse()`` in this process, with native stderr held; a Rust panic becomes
    :class:`ParserFailed` ("panic"), with the panic's text as its detail."""
    with quiet_stderr() as held:
        try:
            return parse()
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:
            if is_panic(exc):
                raise ParserFailed("panic", _said(held) or str(exc)) from None
            raise


def in_child(
    parse: Callable[..., T], *args: Any, memory_mb: int, seconds: float, fork: bool = True
) -> T:
    """``parse(*args)`` in a child process limited to ``memory_mb`` more address space than
    it starts with and ``seconds`` of processor time; its result, or its exception if that
    can be pickled, comes back. Raises :class:`ParserFailed` for anything else. ``parse``
    is a module-level function, so that a spawned child can import it (``fork=False``
    spawns where the platform could fork, as the tests do)."""
    if not (fork and hasattr(os, "fork")):
        return _spawned(parse, args, seconds)
    read_end, write_end = os.pipe()
    with tempfile.TemporaryFile() as held:
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            os.close(read_end)
            _child(parse, args, write_end, held.fileno(), memory_mb, seconds)
        os.close(write_end)
        try:
            message, timed_out = _read_all(read_end, time.monotonic() + 3 * seconds + 5)
        except BaseException:  # Ctrl-C, SIGTERM: the child ends with this process's wait
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise
        finally:
            os.close(read_end)
        if timed_out:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        said = _said(held)
    result: T = _outcome(message, status, said, timed_out)
    return result


def _child(
    parse: Callable[..., Any],
    args: tuple[Any, ...],
    out: int,
    err: int,
    memory_mb: int,
    seconds: float,
) -> None:
    """Run ``parse`` under the limits and send its outcome down ``out``; then exit."""
    code = 0
    try:
        import faulthandler

        faulthandler.disable()  # an abort is expected here: it is the parent's to report
        os.dup2(err, 2)
        _limit(memory_mb, seconds)
        try:
            result = _OK + pickle.dumps(parse(*args), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as exc:
            kind = "panic" if is_panic(exc) else "memory" if isinstance(exc, MemoryError) else ""
            try:
                result = _RAISED + pickle.dumps(exc if not kind else ParserFailed(kind, str(exc)))
            except Exception:
                result = _RAISED + pickle.dumps(ParserFailed("error", f"{type(exc).__name__}"))
        view = memoryview(result)
        while view:
            view = view[os.write(out, view) :]
    except BaseException:
        code = 70
    finally:
        os._exit(code)


def _limit(memory_mb: int, seconds: float) -> None:
    """Limit this process's address space and processor time (where the OS can)."""
    try:
        import resource
    except ImportError:
        return
    cpu = max(1, int(seconds + 0.999))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    space = _address_space() + memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        space = min(space, hard)
    resource.setrlimit(resource.RLIMIT_AS, (space, hard))


def _address_space() -> int:
    """This process's mapped address space in bytes (0 where /proc does not say)."""
    try:
        pages = Path("/proc/self/statm").read_bytes().split()[0]
        return int(pages) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _read_all(fd: int, deadline: float) -> tuple[bytes, bool]:
    """Everything the child writes until it closes its end; (data, whether time ran out)."""
    import selectors

    chunks: list[bytes] = []
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not selector.select(left):
                return b"".join(chunks), True
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b"".join(chunks), False
            chunks.append(chunk)


def _outcome(message: bytes, status: int, said: str, timed_out: bool) -> Any:
    """The child's result, its exception, or how it failed."""
    if timed_out:
        raise ParserFailed("time", said)
    if message.startswith(_OK) and os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
        return pickle.loads(message[1:])
    if message.startswith(_RAISED):
        raised = pickle.loads(message[1:])
        if isinstance(raised, BaseException):
            raise raised
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        if number in (signal.SIGXCPU, signal.SIGKILL) and "memory allocation" not in said:
            raise ParserFailed("time", said)
        if "memory allocation" in said or "out of memory" in said.lower():
            raise ParserFailed("memory", said)
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = str(number)
        raise ParserFailed("crash", f"{name}: {said}" if said else name)
    raise ParserFailed("crash", said or f"exit {os.waitstatus_to_exitcode(status)}")


def _spawned(parse: Callable[..., T], args: tuple[Any, ...], seconds: float) -> T:
    """Where there is no fork (Windows): a spawned process, bounded by the clock only."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_spawned_child, args=(parse, args, send), daemon=True)
    process.start()
    send.close()
    try:
        if not receive.poll(3 * seconds + 5):
            process.kill()
            raise ParserFailed("time")
        try:
            kind, value = receive.recv()
        except EOFError:
            process.join()
            raise ParserFailed("crash", f"exit {process.exitcode}") from None
    finally:
        receive.close()
    process.join()
    if kind == "raised":
        raise value
    return value  # type: ignore[no-any-return]


def _spawned_child(parse: Callable[..., Any], args: tuple[Any, ...], send: Any) -> None:
    os.dup2(os.open(os.devnull, os.O_WRONLY), 2)  # a panic's text is not the user's to read
    try:
        send.send(("ok", parse(*args)))
    except BaseException as exc:
        failure = ParserFailed("panic" if is_panic(exc) else "error", str(exc))
        try:
            send.send(("raised", exc if failure.kind == "error" else failure))
        except Exception:
            send.send(("raised", failure))
