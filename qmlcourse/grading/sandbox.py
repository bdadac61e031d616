"""Run learner code safely: isolated, time-limited, output captured, results as plain data.

On POSIX the learner's function runs in a forked child process (``os.fork``: functions
defined in a notebook are inherited as they are, no pickling of code). The child

* puts itself in its own process group (``os.setpgid``), which the parent kills with
  ``os.killpg(SIGKILL)`` after every check, so grandchildren and ``Popen``s die with it;
* gets a memory limit (``RLIMIT_AS``: its current address space plus :data:`MEMORY_LIMIT`),
  so a memory bomb becomes ``MemoryError`` feedback instead of swapping the machine;
* sends one frame per test case through a pipe as JSON with a tagged encoding
  (:func:`encode`/:func:`decode`: arrays as base64 bytes with their dtype, complex numbers,
  tuples, dicts with any keys), then an end frame. Nothing is unpickled: a crafted frame can
  only produce numbers, strings, arrays, lists, tuples, dicts and :class:`Foreign` stand-ins.

The parent waits with a deadline on every wait (reading and reaping): it stops reading at the
end frame, when the child has exited (a grandchild holding the pipe open does not keep it
waiting), or at the time limit, whichever comes first.

Where ``fork`` is missing (Windows), or with ``QMLCOURSE_SANDBOX=inprocess``, the function
runs in-process on deep copies of the inputs with a ``sys.settrace`` deadline checked at
every bytecode, plus a ``SIGALRM`` timer where the platform has one (it interrupts
``time.sleep`` and other waits). ``os._exit``/``os.abort`` raise ``SystemExit`` there instead
of ending the kernel. That limit is best effort: it cannot interrupt one long call into C
code, and there is no memory limit in-process.

>>> outs = run_cases(lambda x: x + 1, [((1,), {})], time_limit=2)
>>> outs[0].status, outs[0].value
('ok', 2)
"""

from __future__ import annotations

import base64
import builtins
import copy
import gc
import io
import json
import math
import os
import select
import signal
import struct
import sys
import threading
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

MEMORY_LIMIT = 2 << 30
"""Bytes of address space a forked check may add to what the kernel already maps."""
MAX_ARRAY_BYTES = 64 << 20
"""Arrays larger than this are not sent back; a :class:`Foreign` with their shape is."""
MAX_FRAME_BYTES = 256 << 20
"""A frame announcing more than this is refused (the child is killed)."""
_NUMERIC_KINDS = "biufc"


def _foreign_of(value: Any) -> Foreign:
    try:
        text = repr(value)[:200]
    except Exception:  # noqa: BLE001 - learner-defined repr
        text = "<unprintable>"
    kind = type(value)
    name = (
        kind.__qualname__ if kind.__module__ in ("builtins", "__main__") else f"{kind.__module__}.{kind.__qualname__}"
    )
    return Foreign(name, text)


def _as_array(value: Any) -> np.ndarray | None:
    """An object with ``__array__`` (an array-like, as compare.py promises) as a plain array."""
    if not hasattr(type(value), "__array__"):
        return None
    try:
        arr = np.asarray(value)
    except Exception:  # noqa: BLE001 - learner-defined __array__
        return None
    return arr if isinstance(arr, np.ndarray) else None


def to_plain(value: Any, depth: int = 0) -> Any:
    """Convert a returned value to data the checker can load without running learner code.

    numpy arrays (subclasses and objects with ``__array__`` become plain arrays), numbers,
    bools, strings, None, and lists, tuples and dicts (any dict subclass: ``Counter``,
    ``defaultdict``...) of those pass; anything else becomes a :class:`Foreign` description.
    An array over :data:`MAX_ARRAY_BYTES` becomes a :class:`Foreign` that keeps its shape.
    """
    if value is None or type(value) in (bool, int, float, complex, str):
        return value
    if isinstance(value, np.generic) and value.dtype.kind in _NUMERIC_KINDS:
        return value
    if not isinstance(value, np.ndarray) and not isinstance(value, (list, tuple, dict, str, int, float, complex)):
        arr = _as_array(value)
        if arr is not None:
            value = arr
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in _NUMERIC_KINDS:
            return Foreign(f"numpy array of dtype {value.dtype}", f"shape {value.shape}")
        if value.nbytes > MAX_ARRAY_BYTES:
            shape = tuple(int(n) for n in value.shape)
            return Foreign(
                "numpy array",
                f"shape {shape}, dtype {value.dtype}, {value.nbytes / 2**20:.0f} MiB: too large to check",
                shape,
            )
        return np.array(value, copy=True, subok=False)
    if depth < 6 and isinstance(value, (list, tuple)) and type(value) in (list, tuple) and len(value) <= 100_000:
        return type(value)(to_plain(v, depth + 1) for v in value)
    if depth < 6 and isinstance(value, dict) and len(value) <= 100_000:
        try:
            items = list(dict.items(value))
        except Exception:  # noqa: BLE001
            return _foreign_of(value)
        return {to_plain(k, depth + 1): to_plain(v, depth + 1) for k, v in items}
    for plain_type in (bool, int, float, complex, str):  # subclasses of builtins
        if isinstance(value, plain_type):
            try:
                return plain_type(value)
            except Exception:  # noqa: BLE001 - learner-defined conversion
                break
    return _foreign_of(value)


def _enc_float(x: float) -> Any:
    return x if math.isfinite(x) else {"$f": repr(x)}


def encode(value: Any) -> Any:
    """JSON-ready tagged form of a plain value (the output of :func:`to_plain`).

    >>> decode(json.loads(json.dumps(encode({"a": (1, 2.5j, np.arange(2))}))))
    {'a': (1, 2.5j, array([0, 1]))}
    """
    if value is None or type(value) in (bool, int, str):
        return value
    if type(value) is float:
        return _enc_float(value)
    if type(value) is complex:
        return {"$c": [_enc_float(value.real), _enc_float(value.imag)]}
    if isinstance(value, np.ndarray):
        arr = np.ascontiguousarray(value)
        return {"$a": arr.dtype.str, "shape": list(arr.shape), "b64": base64.b64encode(arr.tobytes()).decode("ascii")}
    if isinstance(value, np.generic):
        return {
            "$a": value.dtype.str,
            "shape": None,
            "b64": base64.b64encode(np.asarray(value).tobytes()).decode("ascii"),
        }
    if type(value) is list:
        return [encode(v) for v in value]
    if type(value) is tuple:
        return {"$t": [encode(v) for v in value]}
    if type(value) is dict:
        return {"$d": [[encode(k), encode(v)] for k, v in value.items()]}
    if isinstance(value, Foreign):
        return {"$o": [value.type_name, value.text, list(value.shape) if value.shape is not None else None]}
    return encode(to_plain(value))


def _dec_float(x: Any) -> float:
    if isinstance(x, dict) and set(x) == {"$f"} and x["$f"] in ("nan", "inf", "-inf"):
        return float(x["$f"])
    if type(x) in (int, float):
        return float(x)
    raise ValueError(f"not an encoded float: {x!r}"[:200])


def decode(data: Any, depth: int = 0) -> Any:
    """Inverse of :func:`encode`; builds only plain values (raises ``ValueError`` otherwise)."""
    if depth > 12:
        raise ValueError("encoded value nested too deeply")
    if data is None or type(data) in (bool, int, float, str):
        return data
    if type(data) is list:
        return [decode(v, depth + 1) for v in data]
    if type(data) is not dict or len(data) not in (1, 3):
        raise ValueError(f"not an encoded value: {data!r}"[:200])
    if set(data) == {"$f"}:
        return _dec_float(data)
    if set(data) == {"$c"}:
        re_, im = data["$c"]
        return complex(_dec_float(re_), _dec_float(im))
    if set(data) == {"$t"} and type(data["$t"]) is list:
        return tuple(decode(v, depth + 1) for v in data["$t"])
    if set(data) == {"$d"} and type(data["$d"]) is list:
        out = {}
        for pair in data["$d"]:
            k, v = pair
            key = decode(k, depth + 1)
            if isinstance(key, (list, dict, np.ndarray)):
                raise ValueError("unhashable dict key")
            out[key] = decode(v, depth + 1)
        return out
    if set(data) == {"$o"}:
        name, text, shape = data["$o"]
        shape = tuple(int(n) for n in shape) if shape is not None else None
        return Foreign(str(name), str(text), shape)
    if set(data) == {"$a", "shape", "b64"}:
        dtype = np.dtype(str(data["$a"]))
        if dtype.kind not in _NUMERIC_KINDS or dtype.hasobject:
            raise ValueError(f"refused array dtype {dtype}")
        raw = base64.b64decode(data["b64"], validate=True)
        if data["shape"] is None:
            return np.frombuffer(raw, dtype=dtype)[0]
        shape = tuple(int(n) for n in data["shape"])
        return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()
    raise ValueError(f"not an encoded value: {str(data)[:200]}")


def outcome_to_json(outcome: Outcome) -> dict[str, Any]:
    """An :class:`Outcome` as JSON data (its value encoded with :func:`encode`)."""
    return {
        "status": outcome.status,
        "value": encode(outcome.value),
        "error_type": outcome.error_type,
        "error_message": outcome.error_message,
        "error_where": outcome.error_where,
        "printed": outcome.printed,
        "printed_chars": outcome.printed_chars,
        "seconds": outcome.seconds,
    }


def outcome_from_json(data: Any) -> Outcome:
    """Inverse of :func:`outcome_to_json`; ``ValueError`` for anything malformed."""
    if not isinstance(data, dict) or data.get("status") not in ("ok", "raised"):
        raise ValueError("malformed result frame")
    return Outcome(
        str(data["status"]),
        decode(data.get("value")),
        str(data.get("error_type", ""))[:200],
        str(data.get("error_message", ""))[:600],
        str(data.get("error_where", ""))[:400],
        str(data.get("printed", ""))[:PRINT_LIMIT],
        int(data.get("printed_chars", 0)),
        float(data.get("seconds", 0.0)),
    )


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

_END = b"END"


def _address_space() -> int:
    """Bytes of virtual memory this process maps now (0 when unknown)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def limit_memory(extra: int) -> None:
    """Cap this process's address space at what it maps now plus ``extra`` bytes (POSIX)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return
    current = _address_space()
    if current <= 0:
        return
    cap = current + int(extra)
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ValueError, OSError):
        pass


def write_frame(fd: int, payload: bytes) -> None:
    """Write one length-prefixed frame to a file descriptor."""
    data = struct.pack("!Q", len(payload)) + payload
    while data:
        data = data[os.write(fd, data) :]


def _child(func: Callable[..., Any], calls: Sequence[Call], fd: int, memory: int) -> None:
    gc.freeze()  # never finalise the parent's objects (kernel sockets) from the child
    # Learner code must not reach the parent's inherited descriptors (kernel sockets, test
    # runner pipes): keep stdio and the result pipe only.
    os.closerange(3, fd)
    os.closerange(fd + 1, 4096)
    limit_memory(memory)
    builtins.input = _no_input
    sys.stdin = io.StringIO("")
    _silence_ipython_display()
    for args, kwargs in calls:
        try:  # a fresh copy per call: repeated cases share objects (a generator's state)
            args, kwargs = copy.deepcopy(args), copy.deepcopy(kwargs)
        except Exception:  # noqa: BLE001 - uncopyable inputs are passed as they are
            pass
        outcome = _call(func, args, kwargs)
        try:
            payload = json.dumps(outcome_to_json(outcome)).encode()
        except Exception as exc:  # noqa: BLE001 - e.g. MemoryError while encoding
            outcome = Outcome("ok", Foreign("unsendable result", str(exc)[:200]), printed=outcome.printed)
            payload = json.dumps(outcome_to_json(outcome)).encode()
        write_frame(fd, payload)
    write_frame(fd, _END)


def _no_input(*_: Any) -> str:
    raise RuntimeError("input() cannot be used inside a checked function: take the values as arguments")


def _silence_ipython_display() -> None:
    """Keep learner ``display(...)`` calls in the child away from the kernel's sockets."""
    shell_mod = sys.modules.get("IPython.core.getipython")
    shell = shell_mod.get_ipython() if shell_mod else None
    if shell is not None and getattr(shell, "display_pub", None) is not None:
        shell.display_pub.publish = lambda *a, **k: None  # type: ignore[method-assign]


class FrameReader:
    """Collect length-prefixed frames from a pipe, every wait bounded by a deadline.

    ``read(deadline, alive)`` returns ``"end"`` (the end frame came), ``"eof"``, ``"exited"``
    (``alive()`` turned false and nothing more arrived within a short grace: a grandchild may
    still hold the pipe), ``"timeout"`` or ``"too_big"``.
    """

    def __init__(self, fd: int) -> None:
        self.fd, self.buf, self.frames = fd, bytearray(), []

    def _drain(self, limit: int | None) -> str | None:
        while len(self.buf) >= 8:
            (size,) = struct.unpack("!Q", self.buf[:8])
            if size > MAX_FRAME_BYTES:
                return "too_big"
            if len(self.buf) < 8 + size:
                break
            frame = bytes(self.buf[8 : 8 + size])
            del self.buf[: 8 + size]
            if frame == _END:
                return "end"
            self.frames.append(frame)
            if limit is not None and len(self.frames) >= limit:
                return "end"
        return None

    def read(self, deadline: float, alive: Callable[[], bool], limit: int | None = None) -> str:
        exited_at = None
        while True:
            if (how := self._drain(limit)) is not None:
                return how
            now = time.monotonic()
            if now >= deadline:
                return "timeout"
            if exited_at is None and not alive():
                exited_at = now
            if exited_at is not None and now - exited_at > 0.2:
                return "exited"
            ready, _, _ = select.select([self.fd], [], [], min(0.05, max(deadline - now, 0)))
            if not ready:
                continue
            chunk = os.read(self.fd, 1 << 20)
            if not chunk:
                return self._drain(limit) or "eof"
            self.buf += chunk


def kill_group(pid: int) -> None:
    """SIGKILL the process group ``pid`` leads (and ``pid`` itself), ignoring the gone."""
    for kill in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
        try:
            kill()
        except (ProcessLookupError, PermissionError):
            pass


def _run_forked(func: Callable[..., Any], calls: Sequence[Call], time_limit: float, memory: int) -> list[Outcome]:
    read_fd, write_fd = os.pipe()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "fork() in a multi-threaded process" (kernel threads)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child, measured through its results
        code = 0
        try:
            os.setpgid(0, 0)
            os.close(read_fd)
            _child(func, calls, write_fd, memory)
        except BaseException:  # noqa: BLE001
            code = 70
        finally:
            os._exit(code)
    try:
        os.setpgid(pid, pid)  # also from the parent: no race with an early grandchild
    except OSError:
        pass
    os.close(write_fd)
    reader = FrameReader(read_fd)
    status_box: list[int] = []

    def alive() -> bool:
        if status_box:
            return False
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            status_box.append(status)
            return False
        return True

    start = time.perf_counter()
    try:
        how = reader.read(time.monotonic() + time_limit, alive, limit=len(calls))
    finally:
        os.close(read_fd)
        kill_group(pid)  # grandchildren, Popens, a child looping after closing its fds
        if not status_box:
            status_box.append(_reap(pid))
    outcomes: list[Outcome] = []
    for frame in reader.frames:
        try:
            outcomes.append(outcome_from_json(json.loads(frame)))
        except (ValueError, TypeError, KeyError):
            outcomes.append(
                Outcome("crashed", error_message="the process running your function sent back unreadable data")
            )
            break
    if len(outcomes) < len(calls) and (not outcomes or outcomes[-1].status != "crashed"):
        if how == "timeout":
            outcomes.append(Outcome("timeout", seconds=time.perf_counter() - start))
        elif how == "too_big":
            outcomes.append(
                Outcome("crashed", error_message="your function returned more data than a check can take back")
            )
        else:
            outcomes.append(Outcome("crashed", error_message=_describe_exit(status_box[0])))
    outcomes = outcomes[: len(calls)]
    outcomes += [Outcome("not_run")] * (len(calls) - len(outcomes))
    return outcomes


def _reap(pid: int, wait: float = 5.0) -> int:
    """Reap ``pid`` (already sent SIGKILL), never waiting longer than ``wait`` seconds."""
    end = time.monotonic() + wait
    while True:
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:  # pragma: no cover - already reaped
            return 0
        if done:
            return status
        if time.monotonic() > end:  # pragma: no cover - unkillable (D state)
            return 0
        time.sleep(0.005)


def _describe_exit(status: int) -> str:
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        return f"the process running your function was killed by signal {sig} ({signal.Signals(sig).name})"
    return f"the process running your function exited early (exit code {os.WEXITSTATUS(status)}); did it call os._exit?"


# --------------------------------------------------------------------------- in-process mode


class _NoExit(SystemExit):
    pass


def _refuse_exit(*args: Any) -> None:
    raise _NoExit(
        f"os._exit{args!r} is not allowed in a checked function"
        if args
        else "os.abort() is not allowed in a checked function"
    )


def _run_inprocess(func: Callable[..., Any], calls: Sequence[Call], time_limit: float) -> list[Outcome]:
    deadline = time.monotonic() + time_limit

    def tracer(frame: Any, event: str, arg: Any) -> Any:
        if event == "call":
            frame.f_trace_opcodes = True  # a one-line `while True: pass` emits no line events
        if time.monotonic() > deadline:
            raise _Deadline
        return tracer

    use_alarm = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()

    def on_alarm(signum: int, frame: Any) -> None:
        if time.monotonic() > deadline:
            raise _Deadline
        signal.setitimer(signal.ITIMER_REAL, 0.05)

    outcomes: list[Outcome] = []
    previous = sys.gettrace()
    saved_exit, saved_abort = os._exit, os.abort
    old_handler = signal.signal(signal.SIGALRM, on_alarm) if use_alarm else None
    start = time.perf_counter()
    try:
        for args, kwargs in calls:
            args, kwargs = copy.deepcopy(args), copy.deepcopy(kwargs)
            if use_alarm:
                signal.setitimer(signal.ITIMER_REAL, max(deadline - time.monotonic(), 0.001))
            os._exit, os.abort = _refuse_exit, _refuse_exit  # type: ignore[assignment]
            sys.settrace(tracer)
            try:
                outcomes.append(_call(func, args, kwargs))
            except _Deadline:
                outcomes.append(Outcome("timeout", seconds=time.perf_counter() - start))
                break
            finally:
                sys.settrace(previous)
                os._exit, os.abort = saved_exit, saved_abort  # type: ignore[assignment]
                if use_alarm:
                    signal.setitimer(signal.ITIMER_REAL, 0)
            if time.monotonic() > deadline and len(outcomes) < len(calls):
                outcomes.append(Outcome("timeout", seconds=time.perf_counter() - start))
                break
    except _Deadline:  # the alarm fired between two calls
        outcomes.append(Outcome("timeout", seconds=time.perf_counter() - start))
    finally:
        sys.settrace(previous)
        os._exit, os.abort = saved_exit, saved_abort  # type: ignore[assignment]
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old_handler)
    outcomes = outcomes[: len(calls)]
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
    func: Callable[..., Any],
    calls: Sequence[Call],
    time_limit: float,
    mode: str | None = None,
    *,
    memory_limit: int = MEMORY_LIMIT,
) -> list[Outcome]:
    """Call ``func(*args, **kwargs)`` for each call within ``time_limit`` seconds in total.

    Args:
        func: the learner's function.
        calls: ``(args, kwargs)`` pairs; the function gets copies, never these objects.
        time_limit: seconds for all calls together.
        mode: ``"fork"`` or ``"inprocess"``; default :func:`default_mode`.
        memory_limit: bytes of address space the forked child may add (``RLIMIT_AS``).

    Raises:
        ValueError: ``time_limit`` is not a positive finite number, or ``mode`` is unknown.

    Returns:
        One :class:`Outcome` per call, in order (``"not_run"`` after a timeout or crash).
    """
    if isinstance(time_limit, bool) or not isinstance(time_limit, (int, float)) or not 0 < time_limit < math.inf:
        raise ValueError(f"time_limit must be a positive number of seconds; got {time_limit!r}")
    mode = mode or default_mode()
    if mode == "fork":
        return _run_forked(func, calls, float(time_limit), memory_limit)
    if mode == "inprocess":
        return _run_inprocess(func, calls, float(time_limit))
    raise ValueError(f"mode must be 'fork' or 'inprocess'; got {mode!r}")
