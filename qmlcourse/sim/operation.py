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

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from qmlcourse.sim.gates import LABELS
from qmlcourse.sim.params import Param

#: One bound angle: a float shared by the batch, or a flat array ``(B,)`` with ``B = P * N``.
Angle = float | np.ndarray

__all__ = ["Angle", "Operation", "bind_angles", "layout"]


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

    Every weight angle is computed in one vectorised step, every feature angle in another
    (a circuit's layout is read once and cached, see ``layout``); each is then the same
    number ``Param.evaluate`` gives (``tests/sim/test_operation.py`` compares them).
    """
    plan = layout(tuple(operations))
    flat: list[Angle] = [0.0] * plan.size
    for j, value in plan.constants:
        flat[j] = value
    for kind, (pos, index, scale, shift) in (("weight", plan.weights), ("feature", plan.features)):
        if not len(pos):
            continue
        source = w if kind == "weight" else x
        if source is None:  # the per-parameter path says which angle needs what
            plan.params[pos[0]].evaluate(x, w)
        assert source is not None
        values = source[:, index] * scale + shift  # (P, k) weights or (N, k) features
        if not np.isfinite(values).all():
            for j in pos:  # raises, naming the angle and the bad weight sets or samples
                plan.params[j].evaluate(x, w)
        if n_sets * n_samples == 1:
            columns: list = values[0].tolist()
        elif kind == "weight":
            columns = list(np.repeat(values.T, n_samples, axis=1)) if n_sets > 1 else values[0].tolist()
        else:
            columns = list(np.tile(values.T, (1, n_sets))) if n_samples > 1 else values[0].tolist()
        for j, column in zip(pos.tolist(), columns, strict=True):
            flat[j] = column
    for j in plan.functions:
        a = plan.params[j].evaluate(x, w)
        flat[j] = np.broadcast_to(a, (n_sets, n_samples)).reshape(-1) if np.size(a) > 1 else float(np.ravel(a)[0])
    return [flat[start:stop] for start, stop in plan.slices]


@dataclass(frozen=True)
class _Layout:
    """Where each angle of a list of operations comes from, flattened in order.

    ``weights`` and ``features`` are ``(positions, indices, scales, shifts)`` arrays;
    ``constants`` are ``(position, value)``; ``functions`` the positions of feature maps;
    ``slices`` each operation's ``(start, stop)`` in the flat list."""

    params: tuple[Param, ...]
    size: int
    slices: tuple[tuple[int, int], ...]
    weights: tuple[np.ndarray, ...]
    features: tuple[np.ndarray, ...]
    constants: tuple[tuple[int, float], ...]
    functions: tuple[int, ...]

    @property
    def n_weights(self) -> int:
        """Largest weight index + 1 (0 without weights)."""
        return int(self.weights[1].max()) + 1 if len(self.weights[1]) else 0

    @property
    def n_features(self) -> int:
        """Largest feature index + 1 (0 without features)."""
        return int(self.features[1].max()) + 1 if len(self.features[1]) else 0


#: Layouts kept, least recently used dropped first (a circuit under construction makes a
#: new key with each gate).
MAX_LAYOUTS = 256


@functools.lru_cache(maxsize=MAX_LAYOUTS)
def layout(operations: tuple[Operation, ...]) -> _Layout:
    """The ``_Layout`` of ``operations``, cached (operations hash by identity)."""
    params = tuple(p for op in operations for p in op.params)
    slices, start = [], 0
    for op in operations:
        slices.append((start, start + len(op.params)))
        start += len(op.params)

    def of(kind):
        pos = [j for j, p in enumerate(params) if p.kind == kind]
        return (np.array(pos, dtype=int), np.array([params[j].index for j in pos], dtype=int),
                np.array([params[j].scale for j in pos], dtype=np.float64),
                np.array([params[j].shift for j in pos], dtype=np.float64))

    return _Layout(params, len(params), tuple(slices), of("weight"), of("feature"),
                   tuple((j, float(p.shift)) for j, p in enumerate(params) if p.kind == "const"),
                   tuple(j for j, p in enumerate(params) if p.kind == "function"))
