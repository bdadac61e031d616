"""Angle bindings: a gate angle is a constant, a data feature or a trainable weight.

``feature(i)`` stands for ``x[:, i]`` and ``weight(j)`` for ``w[j]``; both may be scaled and
shifted (``np.pi * feature(0)``, ``weight(3) + 0.5``). ``feature_map(fn)`` is any function of
the whole data row (for products of features, as in IQP encodings).

>>> p = 2 * feature(1) + 0.5
>>> p.evaluate(np.array([[0.0, 1.0]]), None)
array([[2.5]])
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from numbers import Real

import numpy as np


@dataclass(frozen=True)
class Param:
    """One gate angle: ``scale * source + shift``.

    Attributes:
        kind: "const", "feature", "weight" or "function".
        index: feature or weight index (-1 for constants and functions).
        scale, shift: the affine map applied to the source.
        fn: for "function", maps data ``(N, d)`` to angles ``(N,)``.
        label: shown when drawing the circuit.
    """

    kind: str
    index: int = -1
    scale: float = 1.0
    shift: float = 0.0
    fn: Callable[[np.ndarray], np.ndarray] | None = None
    label: str = ""

    def evaluate(self, x: np.ndarray | None, w: np.ndarray | None) -> np.ndarray | float:
        """Angles on the (weight set, sample) grid.

        Args:
            x: data ``(N, d)`` or None.
            w: weights ``(P, n_weights)`` or None.

        Returns:
            a float (constants) or an array broadcastable to ``(P, N)``: ``(1, N)`` for
            data, ``(P, 1)`` for weights.
        """
        if self.kind == "const":
            return self.shift
        if self.kind == "feature":
            return self.scale * x[None, :, self.index] + self.shift
        if self.kind == "weight":
            return self.scale * w[:, self.index, None] + self.shift
        values = np.asarray(self.fn(x), dtype=np.float64)
        if values.shape != (x.shape[0],):
            raise ValueError(f"feature_map function must return shape ({x.shape[0]},); got {values.shape}")
        return self.scale * values[None, :] + self.shift

    def __mul__(self, other):
        if not isinstance(other, Real):
            return NotImplemented
        return replace(self, scale=self.scale * float(other), shift=self.shift * float(other))

    __rmul__ = __mul__

    def __add__(self, other):
        if not isinstance(other, Real):
            return NotImplemented
        return replace(self, shift=self.shift + float(other))

    __radd__ = __add__

    def __sub__(self, other):
        return self + (-other)

    def __neg__(self):
        return self * -1.0

    def __truediv__(self, other):
        return self * (1.0 / other)

    def __str__(self) -> str:
        if self.kind == "const":
            return f"{self.shift:.3g}"
        base = {"feature": f"x{self.index}", "weight": f"w{self.index}"}.get(self.kind, self.label or "f(x)")
        text = base if self.scale == 1.0 else f"{self.scale:.3g}*{base}"
        if self.shift:
            text += f"{self.shift:+.3g}"
        return text


def const(value: float) -> Param:
    """A fixed angle."""
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"angles must be finite numbers; got {value}")
    return Param("const", shift=value)


def feature(index: int, scale: float = 1.0, shift: float = 0.0) -> Param:
    """The angle ``scale * x[:, index] + shift`` taken from the data."""
    return Param("feature", _index(index, "feature"), float(scale), float(shift))


def weight(index: int, scale: float = 1.0, shift: float = 0.0) -> Param:
    """The angle ``scale * w[index] + shift`` taken from the trainable weights."""
    return Param("weight", _index(index, "weight"), float(scale), float(shift))


def feature_map(fn: Callable[[np.ndarray], np.ndarray], label: str = "f(x)") -> Param:
    """An angle computed from each data row: ``fn(x)`` maps ``(N, d)`` to ``(N,)``."""
    if not callable(fn):
        raise TypeError(f"feature_map needs a function of the data; got {type(fn).__name__}")
    return Param("function", fn=fn, label=label)


def as_param(value) -> Param:
    """A Param as it is; a real number as a constant angle."""
    if isinstance(value, Param):
        return value
    if isinstance(value, (Real, np.floating, np.integer)) and not isinstance(value, bool):
        return const(value)
    if isinstance(value, np.ndarray) and value.ndim == 0:
        return const(float(value))
    raise TypeError(
        f"a gate angle must be a number, feature(i) or weight(j); got {type(value).__name__} {value!r}"
    )


def _index(index, what: str) -> int:
    if not isinstance(index, (int, np.integer)) or isinstance(index, bool) or index < 0:
        raise ValueError(f"{what} index must be a non-negative integer; got {index!r}")
    return int(index)
