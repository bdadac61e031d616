"""What every explorer shares: the snapshot-plus-widget display and safe callbacks."""

from __future__ import annotations

import base64
import functools
import html
import traceback
from collections.abc import Callable

import ipywidgets as widgets
import numpy as np

#: Snapshots are rendered at this multiple of the live resolution (retina: sharp on 2x
#: screens, shown at the nominal size that the output metadata states).
SNAPSHOT_SCALE = 2.0



# --- shared by the explorers: argument checks and the BLAS-thread limit ------------------------
_THREADPOOLS = None


def one_blas_thread():
    """A context manager limiting BLAS to one thread: an explorer's worker threads share the
    cores, and a BLAS thread that waits for a busy core made updates several times slower."""
    global _THREADPOOLS
    if _THREADPOOLS is None:
        from threadpoolctl import ThreadpoolController

        _THREADPOOLS = ThreadpoolController()
    return _THREADPOOLS.limit(limits=1, user_api="blas")


def int_in(value, name: str, low: int, high: int | None = None) -> int:
    """``value`` as an int in ``[low, high]`` (no upper bound when ``high`` is None), else ValueError.

    >>> int_in(3, "qubits", 2, 12)
    3
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low or (
            high is not None and value > high):
        bound = f"from {low} to {high}" if high is not None else f"at least {low}"
        raise ValueError(f"{name} must be an integer {bound}; got {value!r}")
    return int(value)


def check_choice(value, name: str, options) -> str:
    """``value`` if it is one of the string ``options``, else ValueError naming them."""
    if not isinstance(value, str) or value not in options:
        raise ValueError(f"{name} must be one of {tuple(options)}; got {value!r}")
    return value

def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) in pixels of PNG bytes, read from the IHDR header.

    >>> header = bytes.fromhex("89504e470d0a1a0a0000000d49484452")
    >>> png_size(header + (640).to_bytes(4, "big") + (480).to_bytes(4, "big"))
    (640, 480)
    """
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise ValueError("not PNG bytes (no PNG signature and IHDR header)")
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


#: The text/plain line stored beside the widget view and the PNG snapshot.
LIVE_HINT = "Run this notebook in JupyterLab to use the explorer live."


class Explorer:
    """Base class: subclasses set ``self.widget`` (the ipywidgets container), ``self.png``
    (PNG bytes of the current picture) and ``self.status`` (an ``HTML`` for messages)."""

    widget: widgets.Widget
    png: bytes
    status: widgets.HTML

    def _summary(self) -> str:
        """A short description of the current state for the text/plain line."""
        return type(self).__name__

    def snapshot(self, scale: float = SNAPSHOT_SCALE) -> bytes:
        """PNG of the current picture at ``scale`` times the live resolution (subclasses
        render their figures again; the default is the live picture itself)."""
        return self.png

    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs):
        """The widget view (JupyterLab renders it live), a retina PNG snapshot (the static
        book and other front ends show it, at its nominal size: the output metadata holds
        half its pixel size) and a text/plain line saying how to run it live."""
        data = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude, **kwargs) or {})
        png = self.snapshot(SNAPSHOT_SCALE)
        data["image/png"] = base64.b64encode(png).decode("ascii")
        data["text/plain"] = f"{self._summary()}: {LIVE_HINT}"
        width, height = png_size(png)
        scale = SNAPSHOT_SCALE if type(self).snapshot is not Explorer.snapshot else 1.0
        metadata = {"image/png": {"width": int(round(width / scale)), "height": int(round(height / scale))}}
        return data, metadata

    def _show_error(self, exc: BaseException) -> None:
        self.status.value = f"<span style='color:#b00020'>{html.escape(str(exc))}</span>"

    def _safe(self, fn: Callable[..., None]) -> Callable[..., None]:
        """Wrap a callback: ipywidgets swallows exceptions raised in callbacks, so show them
        in the status line instead (a ValueError is a learner's mistake; others a bug)."""

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            try:
                fn(*args, **kwargs)
            except ValueError as exc:
                self._show_error(exc)
            except Exception as exc:  # pragma: no cover - shown to the learner, not raised
                self._show_error(exc)
                traceback.print_exc()

        return wrapper
