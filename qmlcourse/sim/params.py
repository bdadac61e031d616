"""Angle bindings: a gate angle is a constant, a data feature or a trainable weight.

``feature(i)`` stands for ``x[:, i]`` and ``weight(j)`` for ``w[j]``; both may be scaled and
shifted (``np.pi * feature(0)``, ``weight(3) + 0.5``). ``feature_map(fn)`` is any function of
the whole data row (for products of features, as in IQP encodings).

>>> p = 2 * feature(1) + 0.5
>>> p.evaluate(np.array([[0.0, 1.0]]), None)
array([[2.5]])
"""

from __future__ import annotations

import math
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

    #: numpy scalars defer to Param's reflected operators (``np.float64(2) - weight(0)``).
    __array_ufunc__ = None

    def __post_init__(self) -> None:
        for name in ("scale", "shift"):
            value = getattr(self, name)
            if not math.isfinite(value):
                raise ValueError(f"{self._name()}: {name} must be a finite number; got {value}")

    def _name(self) -> str:
        if self.kind == "const":
            return "constant angle"
        if self.kind == "function":
            return f"feature_map {self.label!r}"
        return f"{self.kind}({self.index})"

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
        if self.kind == "weight":
            if w is None:
                raise ValueError(f"{self._name()} needs weights w")
            angles = self.scale * w[:, self.index, None] + self.shift
        elif x is None:
            raise ValueError(f"{self._name()} needs data x")
        elif self.kind == "feature":
            angles = self.scale * x[None, :, self.index] + self.shift
        else:
            if self.fn is None:
                raise ValueError("a feature_map angle needs its function")
            values = np.asarray(self.fn(x), dtype=np.float64)
            if values.shape != (x.shape[0],):
                raise ValueError(f"feature_map function must return shape ({x.shape[0]},); got {values.shape}")
            angles = self.scale * values[None, :] + self.shift
        if not np.isfinite(angles).all():
            bad = np.flatnonzero(~np.isfinite(angles).all(axis=0 if self.kind != "weight" else 1))
            where = "weight sets" if self.kind == "weight" else "samples"
            raise ValueError(f"{self._name()} gives NaN or infinite angles for {where} {bad[:5].tolist()}")
        return angles

    def __mul__(self, other):
        if not _is_real(other):
            return NotImplemented
        return replace(self, scale=self.scale * float(other), shift=self.shift * float(other))

    __rmul__ = __mul__

    def __add__(self, other):
        if not _is_real(other):
            return NotImplemented
        return replace(self, shift=self.shift + float(other))

    __radd__ = __add__

    def __sub__(self, other):
        if not _is_real(other):
            return NotImplemented
        return self + (-float(other))

    def __rsub__(self, other):
        """``other - self``, as in ``np.pi - weight(0)``."""
        if not _is_real(other):
            return NotImplemented
        return (-self) + float(other)

    def __neg__(self):
        return self * -1.0

    def __truediv__(self, other):
        if not _is_real(other):
            return NotImplemented
        if float(other) == 0.0:
            raise ValueError(f"cannot divide {self._name()} by zero")
        return self * (1.0 / float(other))

    def __str__(self) -> str:
        if self.kind == "const":
            return f"{self.shift:.3g}"
        base = {"feature": f"x{self.index}", "weight": f"w{self.index}"}.get(self.kind, self.label or "f(x)")
        text = base if self.scale == 1.0 else f"{self.scale:.3g}*{base}"
        if self.shift:
            text += f"{self.shift:+.3g}"
        return text


def _is_real(value) -> bool:
    return isinstance(value, (Real, np.floating, np.integer)) and not isinstance(value, bool)


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
        return const(float(value))
    if isinstance(value, np.ndarray) and value.ndim == 0:
        return const(float(value))
    raise TypeError(
        f"a gate angle must be a number, feature(i) or weight(j); got {type(value).__name__} {value!r}"
    )


def _index(index, what: str) -> int:
    if not isinstance(index, (int, np.integer)) or isinstance(index, bool) or index < 0:
        raise ValueError(f"{what} index must be a non-negative integer; got {index!r}")
    return int(index)
