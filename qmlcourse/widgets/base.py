"""What every explorer shares: the snapshot-plus-widget display and safe callbacks."""

from __future__ import annotations

import base64
import functools
import html
import traceback
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

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

    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs) -> dict[str, Any]:
        """The widget view (JupyterLab renders it live), a PNG snapshot (the static book and
        other front ends show it) and a text/plain line saying how to run it live."""
        data = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude, **kwargs) or {})
        data["image/png"] = base64.b64encode(self.png).decode("ascii")
        data["text/plain"] = f"{self._summary()}: {LIVE_HINT}"
        return data

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
