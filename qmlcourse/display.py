"""Values made safe to print in a lesson: rounded, with signed zeros removed.

A stored notebook output is compared character by character on other machines (nbval). A
value that is zero in exact arithmetic often comes out as ``-1e-17`` or ``+6e-18`` depending
on the CPU's SIMD kernels and the order of a reduction, and prints as ``-0.``, ``0.0`` or
``6.6e-18``. :func:`tidy` rounds and turns every ``-0.0`` into ``0.0``, so what a lesson
prints depends on the mathematics, not on the machine.

>>> tidy(-1e-17)
0.0
>>> tidy(np.array([1.0, -2e-17, 0.33333333333]))
array([1.      , 0.      , 0.333333])
>>> tidy(np.array([1 - 1e-17j, -3e-18 + 0.5j]), 3)
array([1.+0.j , 0.+0.5j])
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["tidy"]


def tidy(value: Any, decimals: int = 6) -> Any:
    """Round ``value`` to ``decimals`` places and remove signed zeros, for printing.

    Args:
        value: a real or complex scalar, or an array-like of any shape.
        decimals: number of decimal places kept (0 or more).

    Returns:
        A Python ``float``/``complex`` for a scalar, an ``ndarray`` of the same shape otherwise.
        Integers and booleans come back unchanged.

    Raises:
        ValueError: for a negative ``decimals`` or a non-numeric value.
    """
    if not isinstance(decimals, (int, np.integer)) or isinstance(decimals, bool) or decimals < 0:
        raise ValueError(f"decimals must be an integer >= 0; got {decimals!r}")
    arr = np.asarray(value)
    if arr.dtype.kind in "biu":
        return value
    if arr.dtype.kind not in "fc":
        raise ValueError(f"tidy expects numbers or arrays of numbers; got {type(value).__name__} of dtype {arr.dtype}")
    if arr.dtype.kind == "c":
        out = np.empty(arr.shape, dtype=np.complex128)
        out.real = np.round(arr.real, decimals) + 0.0  # x + 0.0 turns -0.0 into 0.0
        out.imag = np.round(arr.imag, decimals) + 0.0
        return complex(out) if out.ndim == 0 else out
    out = np.round(arr.astype(np.float64, copy=False), decimals) + 0.0
    return float(out) if out.ndim == 0 else out
