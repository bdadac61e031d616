"""Operations and angle binding: the plain data a circuit run is made of.

An ``Operation`` is one gate (name, wires, angle bindings, QubitUnitary matrix). Binding
evaluates every angle on the (weight set, sample) grid once, so that the kernels below
(``fusion.evolve``, ``grad.adjoint``, ``grad.shifted``) see only operations and numbers,
the way PennyLane's device code sees a tape.

>>> import numpy as np
>>> from qmlcourse.sim.params import feature, weight
>>> ops = [Operation("RY", (0,), (feature(0),)), Operation("RZ", (0,), (weight(0),))]
>>> angles = bind_angles(ops, np.array([[0.1], [0.2]]), np.array([[0.5]]), 1, 2)
>>> angles[0][0], angles[1][0]
(array([0.1, 0.2]), 0.5)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from qmlcourse.sim.gates import LABELS
from qmlcourse.sim.params import Param

#: One bound angle: a float shared by the batch, or a flat array ``(B,)`` with ``B = P * N``.
Angle = float | np.ndarray

__all__ = ["Angle", "Operation", "bind_angles"]


@dataclass(frozen=True, eq=False)
class Operation:
    """One gate in a circuit: its name, wires, angle bindings and (QubitUnitary) matrix."""

    name: str
    wires: tuple[int, ...]
    params: tuple[Param, ...] = ()
    matrix: np.ndarray | None = None

    def label(self) -> str:
        """``"RY(x0)"``, ``"H"``, ``"U"``: the gate's short name and its angles."""
        base = LABELS.get(self.name, self.name)
        if self.params:
            return f"{base}({', '.join(str(p) for p in self.params)})"
        return base


def bind_angles(operations: Sequence[Operation], x: np.ndarray | None, w: np.ndarray | None,
                n_sets: int, n_samples: int) -> list[list[Angle]]:
    """Per operation, the list of its angles on the batch of ``n_sets * n_samples`` runs.

    Args:
        operations: the gates, in order.
        x: data ``(N, d)`` or None; w: weights ``(P, n_weights)`` or None (both validated).
        n_sets, n_samples: ``P`` and ``N``.

    Returns:
        for each operation a list of floats (angles shared by the whole batch) or flat
        arrays of length ``P * N`` (weight-major: run ``p * N + i`` is set ``p``, sample ``i``).
    """
    result: list[list[Angle]] = []
    for op in operations:
        angles: list[Angle] = []
        for param in op.params:
            a = param.evaluate(x, w)
            if np.ndim(a) and np.size(a) > 1:
                angles.append(np.broadcast_to(a, (n_sets, n_samples)).reshape(-1))
            elif np.ndim(a):
                angles.append(float(np.asarray(a).reshape(-1)[0]))
            else:
                angles.append(float(a))
        result.append(angles)
    return result
