"""Run learner code safely: isolated, time-limited, output captured, results as plain data.

On POSIX the learner's function runs in a forked child process (``os.fork``: functions
defined in a notebook are inherited as they are, no pickling of code). The child sends one
result frame per test case through a pipe; the parent waits with a deadline and kills the
child with SIGKILL when time is up. Whatever the learner's code does (endless loop, huge
prints, ``sys.exit``, a segfault, mutating the inputs or global state) stays in the child:
the kernel keeps running and the checker's own state is untouched.

Where ``fork`` is missing (Windows), or with ``QMLCOURSE_SANDBOX=inprocess``, the function
runs in-process on deep copies of the inputs with a ``sys.settrace`` deadline checked at
every bytecode (slow, but portable). That limit is best effort: it cannot interrupt one long
call into C code, and learner code that swallows ``BaseException`` in a loop can outlast it.

>>> outs = run_cases(lambda x: x + 1, [((1,), {})], time_limit=2)
>>> outs[0].status, outs[0].value
('ok', 2)
"""

from __future__ import annotations

import builtins
import copy
import gc
import io
import os
import pickle
import select
import signal
import struct
import sys
import time
import traceback
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from qmlcourse.grading.compare import Foreign

Call = tuple[tuple, dict]
PRINT_LIMIT = 2000
"""Characters of printed output kept per test case."""


@dataclass(frozen=True)
class Outcome:
    """What happened when the learner's function ran on one test case.

    ``status`` is ``"ok"`` (``value`` holds the plain returned value), ``"raised"``
    (``error_type``, ``error_message``, ``error_where``), ``"timeout"``, ``"crashed"`` (the
    worker died, ``error_message`` says how) or ``"not_run"`` (an earlier case used up the
    time).
    """

    status: str
    value: Any = None
    error_type: str = ""
    error_message: str = ""
    error_where: str = ""
    printed: str = ""
    printed_chars: int = 0
    seconds: float = 0.0


class _Capture(io.TextIOBase):
    """A text stream that keeps the first ``limit`` characters and counts the rest."""

    def __init__(self, limit: int = PRINT_LIMIT) -> None:
        self.limit, self.parts, self.kept, self.total = limit, [], 0, 0

    def writable(self) -> bool:
        return True

    def write(self, s: str) -> int:
        s = str(s)
        self.total += len(s)
        if self.kept < self.limit:
            piece = s[: self.limit - self.kept]
            self.parts.append(piece)
            self.kept += len(piece)
        return len(s)

    def text(self) -> str:
        return "".join(self.parts)


class _Deadline(BaseException):
    """Raised inside learner code by the in-process tracer when time is up."""


# --------------------------------------------------------------------------- plain data


def to_plain(value: Any, depth: int = 0) -> Any:
    """Convert a returned value to data the checker can load without running learner code.

    numpy arrays (subclasses become plain arrays), numbers, bools, strings, None, and lists,
    tuples and dicts of those pass; anything else becomes a :class:`Foreign` description.
    """
    if value is None or type(value) in (bool, int, float, complex, str):
        return value
    if isinstance(value, np.generic) and value.dtype.kind in "biufcUS":
        return value
    if isinstance(value, np.ndarray):
        arr = np.array(value, copy=True, subok=False)
        if arr.dtype.kind not in "biufcUS":
            return Foreign(f"numpy array of dtype {arr.dtype}", f"shape {arr.shape}")
        return arr
    if depth < 4 and type(value) in (list, tuple) and len(value) <= 100_000:
        return type(value)(to_plain(v, depth + 1) for v in value)
    if depth < 4 and type(value) is dict and len(value) <= 100_000:
        return {to_plain(k, depth + 1): to_plain(v, depth + 1) for k, v in value.items()}
    for plain_type in (bool, int, float, complex, str):  # subclasses of builtins
        if isinstance(value, plain_type):
            try:
                return plain_type(value)
            except Exception:  # noqa: BLE001 - learner-defined conversion
                break
    try:
        text = repr(value)[:200]
    except Exception:  # noqa: BLE001
        text = "<unprintable>"
    kind = type(value)
    name = kind.__qualname__ if kind.__module__ in ("builtins", "__main__") else f"{kind.__module__}.{kind.__qualname__}"
    return Foreign(name, text)


# --------------------------------------------------------------------------- one call


def _where(exc: BaseException, func: Callable[..., Any]) -> str:
    """Name the line of learner code where ``exc`` was raised ("line 4 in normalize: ...")."""
    frames = traceback.extract_tb(exc.__traceback__)[1:]  # drop the sandbox's own frame
    home = getattr(getattr(func, "__code__", None), "co_filename", None)
    mine = [f for f in frames if f.filename == home] or frames
    if not mine:
        return ""
    f = mine[-1]
    line = f" : {f.line.strip()}" if f.line else ""
    return f"line {f.lineno} in {f.name}{line}".replace(" : ", ": ")


def _call(func: Callable[..., Any], args: tuple, kwargs: dict) -> Outcome:
    out = _Capture()
    old = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = out
    start = time.perf_counter()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = func(*args, **kwargs)
        status, extra = "ok", {"value": to_plain(value)}
    except _Deadline:
        raise
    except BaseException as exc:  # noqa: BLE001 - everything the learner raises is feedback
        try:
            message = str(exc)[:500]
        except Exception:  # noqa: BLE001
            message = "<unprintable>"
        status = "raised"
        extra = {"error_type": type(exc).__name__, "error_message": message, "error_where": _where(exc, func)}
    finally:
        sys.stdout, sys.stderr = old
    return Outcome(status, printed=out.text(), printed_chars=out.total, seconds=time.perf_counter() - start, **extra)


# --------------------------------------------------------------------------- fork mode


def _child(func: Callable[..., Any], calls: Sequence[Call], fd: int) -> None:
    gc.freeze()  # never finalise the parent's objects (kernel sockets) from the child
    builtins.input = _no_input
    sys.stdin = io.StringIO("")
    _silence_ipython_display()
    for args, kwargs in calls:
        outcome = _call(func, args, kwargs)
        try:
            payload = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # noqa: BLE001
            outcome = Outcome("ok", Foreign("unpicklable object", str(exc)[:200]), printed=outcome.printed)
            payload = pickle.dumps(outcome)
        data = struct.pack("!Q", len(payload)) + payload
        while data:
            data = data[os.write(fd, data) :]


def _no_input(*_: Any) -> str:
    raise RuntimeError("input() cannot be used inside a checked function: take the values as arguments")


def _silence_ipython_display() -> None:
    """Keep learner ``display(...)`` calls in the child away from the kernel's sockets."""
    shell_mod = sys.modules.get("IPython.core.getipython")
    shell = shell_mod.get_ipython() if shell_mod else None
    if shell is not None and getattr(shell, "display_pub", None) is not None:
        shell.display_pub.publish = lambda *a, **k: None  # type: ignore[method-assign]


def _run_forked(func: Callable[..., Any], calls: Sequence[Call], time_limit: float) -> list[Outcome]:
    read_fd, write_fd = os.pipe()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "fork() in a multi-threaded process" (kernel threads)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child, measured through its results
        code = 0
        try:
            os.close(read_fd)
            _child(func, calls, write_fd)
        except BaseException:  # noqa: BLE001
            code = 70
        finally:
            os._exit(code)
    os.close(write_fd)
    outcomes: list[Outcome] = []
    buf = bytearray()
    deadline = time.monotonic() + time_limit
    finished = False
    start = time.perf_counter()
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            ready, _, _ = select.select([read_fd], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(read_fd, 1 << 20)
            if not chunk:
                finished = True
                break
            buf += chunk
            while len(buf) >= 8:
                (size,) = struct.unpack("!Q", buf[:8])
                if len(buf) < 8 + size:
                    break
                outcomes.append(pickle.loads(bytes(buf[8 : 8 + size])))
                del buf[: 8 + size]
    finally:
        os.close(read_fd)
        status = _reap(pid, kill=not finished)
    if len(outcomes) < len(calls):
        if not finished:
            spent = time.perf_counter() - start
            outcomes.append(Outcome("timeout", seconds=spent))
        else:
            outcomes.append(Outcome("crashed", error_message=_describe_exit(status)))
        outcomes += [Outcome("not_run")] * (len(calls) - len(outcomes))
    return outcomes


def _reap(pid: int, kill: bool) -> int:
    if kill:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    while True:
        try:
            return os.waitpid(pid, 0)[1]
        except InterruptedError:  # pragma: no cover
            continue
        except ChildProcessError:  # pragma: no cover - already reaped
            return 0


def _describe_exit(status: int) -> str:
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        return f"the process running your function was killed by signal {sig} ({signal.Signals(sig).name})"
    return f"the process running your function exited early (exit code {os.WEXITSTATUS(status)}); did it call os._exit?"


# --------------------------------------------------------------------------- in-process mode


def _run_inprocess(func: Callable[..., Any], calls: Sequence[Call], time_limit: float) -> list[Outcome]:
    deadline = time.monotonic() + time_limit

    def tracer(frame: Any, event: str, arg: Any) -> Any:
        if event == "call":
            frame.f_trace_opcodes = True  # a one-line `while True: pass` emits no line events
        if time.monotonic() > deadline:
            raise _Deadline
        return tracer

    outcomes: list[Outcome] = []
    previous = sys.gettrace()
    start = time.perf_counter()
    try:
        for args, kwargs in calls:
            args, kwargs = copy.deepcopy(args), copy.deepcopy(kwargs)
            sys.settrace(tracer)
            try:
                outcomes.append(_call(func, args, kwargs))
            except _Deadline:
                outcomes.append(Outcome("timeout", seconds=time.perf_counter() - start))
                break
            finally:
                sys.settrace(previous)
            if time.monotonic() > deadline and len(outcomes) < len(calls):
                outcomes.append(Outcome("timeout", seconds=time.perf_counter() - start))
                break
    finally:
        sys.settrace(previous)
    outcomes += [Outcome("not_run")] * (len(calls) - len(outcomes))
    return outcomes


# --------------------------------------------------------------------------- entry point


def default_mode() -> str:
    """``"fork"`` where available, else ``"inprocess"``; ``QMLCOURSE_SANDBOX`` overrides."""
    mode = os.environ.get("QMLCOURSE_SANDBOX", "").strip().lower()
    if mode in ("fork", "inprocess"):
        return mode if mode == "inprocess" or hasattr(os, "fork") else "inprocess"
    return "fork" if hasattr(os, "fork") else "inprocess"


def run_cases(
    func: Callable[..., Any], calls: Sequence[Call], time_limit: float, mode: str | None = None
) -> list[Outcome]:
    """Call ``func(*args, **kwargs)`` for each call within ``time_limit`` seconds in total.

    Args:
        func: the learner's function.
        calls: ``(args, kwargs)`` pairs; the function gets copies, never these objects.
        time_limit: seconds for all calls together.
        mode: ``"fork"`` or ``"inprocess"``; default :func:`default_mode`.

    Returns:
        One :class:`Outcome` per call, in order (``"not_run"`` after a timeout or crash).
    """
    if time_limit <= 0:
        raise ValueError(f"time_limit must be positive; got {time_limit}")
    mode = mode or default_mode()
    if mode == "fork":
        return _run_forked(func, calls, time_limit)
    if mode == "inprocess":
        return _run_inprocess(func, calls, time_limit)
    raise ValueError(f"mode must be 'fork' or 'inprocess'; got {mode!r}")
