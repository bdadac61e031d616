"""Trainable layers (ansätze): each function appends weight-bound gates to a ``Circuit``.

Weights are numbered from ``offset``; the weights of a layer stack, reshaped to its
``*_shape`` (C order), are exactly the array PennyLane's template of the same name takes, so
``w.reshape(strongly_entangling_shape(L, n))`` can be passed to
``qml.StronglyEntanglingLayers`` unchanged. Each function returns the circuit.

>>> import numpy as np
>>> from qmlcourse.sim import Circuit
>>> c = strongly_entangling(Circuit(2), n_layers=1)
>>> c.n_weights == int(np.prod(strongly_entangling_shape(1, 2)))
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from qmlcourse.encodings import angle
from qmlcourse.sim import Circuit, weight

__all__ = [
    "hardware_efficient",
    "hardware_efficient_shape",
    "n_weights",
    "random_weights",
    "reuploading",
    "reuploading_shape",
    "strongly_entangling",
    "strongly_entangling_shape",
]

ENTANGLERS = {"CNOT": "CNOT", "CZ": "CZ"}


def _positive(value, name: str) -> int:
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{name} must be a positive integer; got {value!r}")
    return int(value)


def _check(circuit, n_layers, offset) -> tuple[int, int]:
    if not isinstance(circuit, Circuit):
        raise TypeError(f"expected a qmlcourse.sim.Circuit as first argument; got {type(circuit).__name__}")
    if not isinstance(offset, (int, np.integer)) or isinstance(offset, bool) or offset < 0:
        raise ValueError(f"offset must be a non-negative integer; got {offset!r}")
    return _positive(n_layers, "n_layers"), int(offset)


def _entangler(name: str) -> str:
    gate = ENTANGLERS.get(str(name).upper())
    if gate is None:
        raise ValueError(f"entangler must be 'CNOT' or 'CZ'; got {name!r}")
    return gate


# --- shapes --------------------------------------------------------------------------------
def hardware_efficient_shape(n_layers: int, n_qubits: int) -> tuple[int, int, int]:
    """Weight shape ``(n_layers, n_qubits, 2)`` of ``hardware_efficient`` (RY and RZ angles)."""
    return (_positive(n_layers, "n_layers"), _positive(n_qubits, "n_qubits"), 2)


def strongly_entangling_shape(n_layers: int, n_qubits: int) -> tuple[int, int, int]:
    """Weight shape ``(n_layers, n_qubits, 3)``, as ``qml.StronglyEntanglingLayers.shape``.

    >>> strongly_entangling_shape(2, 4)
    (2, 4, 3)
    """
    return (_positive(n_layers, "n_layers"), _positive(n_qubits, "n_qubits"), 3)


def reuploading_shape(n_layers: int, n_qubits: int) -> tuple[int, int, int]:
    """Weight shape ``(n_layers + 1, n_qubits, 3)`` of ``reuploading`` (a Rot per wire per block)."""
    return (_positive(n_layers, "n_layers") + 1, _positive(n_qubits, "n_qubits"), 3)


def n_weights(shape: Sequence[int]) -> int:
    """Number of weights of a shape: ``prod(shape)``.

    >>> n_weights(reuploading_shape(3, 2))
    24
    """
    return int(np.prod(tuple(shape)))


def random_weights(shape: Sequence[int], seed=None, low: float = 0.0, high: float = 2 * np.pi) -> np.ndarray:
    """Uniform random weights, flattened to ``(prod(shape),)`` for ``Circuit`` calls.

    >>> random_weights((2, 3), seed=0).shape
    (6,)
    """
    rng = np.random.default_rng(seed)
    return rng.uniform(low, high, n_weights(shape))


# --- layers --------------------------------------------------------------------------------
def hardware_efficient(circuit: Circuit, n_layers: int, entangler: str = "CNOT", offset: int = 0,
                       wires: Sequence[int] | None = None) -> Circuit:
    """Hardware-efficient layers: per layer RY(w) RZ(w) on every wire, then a chain of
    ``entangler`` gates (i, i+1) along the wires.

    Weight ``offset + (l * n + q) * 2 + k`` is angle ``k`` (0: RY, 1: RZ) of wire ``q`` in layer
    ``l``, i.e. the weights reshape to ``hardware_efficient_shape(n_layers, n)``.

    Cost per layer: depth 2 single-qubit gates plus ``n - 1`` two-qubit gates in a chain
    (depth ``n - 1``), ``2 n`` weights.

    >>> import numpy as np
    >>> from qmlcourse.sim import Circuit
    >>> c = hardware_efficient(Circuit(3), n_layers=2)
    >>> c.n_weights, [op.name for op in c.operations].count("CNOT")
    (12, 4)
    """
    n_layers, offset = _check(circuit, n_layers, offset)
    gate = _entangler(entangler)
    wires = list(range(circuit.n_qubits)) if wires is None else [int(q) for q in wires]
    n = len(wires)
    for layer in range(n_layers):
        for q, wire in enumerate(wires):
            base = offset + (layer * n + q) * 2
            circuit.ry(weight(base), wire).rz(weight(base + 1), wire)
        for q in range(n - 1):
            circuit.add(gate, (wires[q], wires[q + 1]))
    return circuit


def default_ranges(n_layers: int, n_qubits: int) -> list[int]:
    """PennyLane's default ranges of ``StronglyEntanglingLayers``: ``(l mod (n - 1)) + 1``."""
    return [(layer % (n_qubits - 1)) + 1 for layer in range(n_layers)] if n_qubits > 1 else [0] * n_layers


def strongly_entangling(circuit: Circuit, n_layers: int, ranges: Sequence[int] | None = None,
                        entangler: str = "CNOT", offset: int = 0, wires: Sequence[int] | None = None) -> Circuit:
    """Strongly entangling layers (Schuld et al. 2020), as ``qml.StronglyEntanglingLayers``.

    Layer ``l``: ``Rot(w[l, q, 0], w[l, q, 1], w[l, q, 2])`` on every wire ``q``, then
    ``entangler(q, (q + r_l) mod n)`` for ``q = 0..n-1`` with range ``r_l`` (default
    ``(l mod (n - 1)) + 1``; no entanglers on one wire). Weight ``offset + (l n + q) 3 + k``
    is ``w[l, q, k]``.

    Cost per layer: 3 single-qubit rotations per wire (one ``Rot``), ``n`` two-qubit gates in
    sequence (depth ``n``); ``3 n`` weights.

    >>> import numpy as np
    >>> from qmlcourse.sim import Circuit
    >>> c = strongly_entangling(Circuit(3), n_layers=2)
    >>> c.n_weights, [op.wires for op in c.operations if op.name == "CNOT"][:3]
    (18, [(0, 1), (1, 2), (2, 0)])
    """
    n_layers, offset = _check(circuit, n_layers, offset)
    gate = _entangler(entangler)
    wires = list(range(circuit.n_qubits)) if wires is None else [int(q) for q in wires]
    n = len(wires)
    if ranges is None:
        ranges = default_ranges(n_layers, n)
    ranges = [int(r) for r in ranges]
    if len(ranges) != n_layers:
        raise ValueError(f"ranges must have one entry per layer ({n_layers}); got {len(ranges)}")
    if n > 1 and any(not 0 < r < n for r in ranges):
        raise ValueError(f"each range must be in 1..{n - 1} for {n} wires; got {ranges}")
    for layer in range(n_layers):
        for q, wire in enumerate(wires):
            base = offset + (layer * n + q) * 3
            circuit.rot(weight(base), weight(base + 1), weight(base + 2), wire)
        if n > 1:
            for q in range(n):
                circuit.add(gate, (wires[q], wires[(q + ranges[layer]) % n]))
    return circuit


def reuploading(circuit: Circuit, n_layers: int, rotation: str = "X", features: Sequence[int] | None = None,
                scale: float = 1.0, entangler: str | None = "CZ", offset: int = 0,
                encode: Callable[[Circuit], Circuit] | None = None) -> Circuit:
    """Data re-uploading model: ``W_L S(x) ... W_1 S(x) W_0`` (Perez-Salinas et al. 2020).

    ``S(x)`` is an angle encoding (``encodings.angle`` with ``rotation``, ``features`` and
    ``scale``; features beyond the number of wires wrap around) or ``encode(circuit)`` if
    given. Each trainable block ``W_l`` is a ``Rot`` on every wire followed (if
    ``entangler`` and more than one wire) by a ring of ``entangler`` gates (q, q+1 mod n).
    Weights reshape to ``reuploading_shape(n_layers, n)``.

    With one wire and ``S(x) = RX(x)`` the output is a Fourier series of degree ``n_layers``
    in ``x`` (Schuld, Sweke and Meyer 2021).

    Cost: ``n_layers`` encodings plus ``n_layers + 1`` blocks of depth ``1 + n`` (a Rot layer
    and the ring); ``3 n (n_layers + 1)`` weights.

    >>> import numpy as np
    >>> from qmlcourse.sim import Circuit
    >>> c = reuploading(Circuit(1), n_layers=2)
    >>> [op.name for op in c.operations]
    ['Rot', 'RX', 'Rot', 'RX', 'Rot']
    """
    n_layers, offset = _check(circuit, n_layers, offset)
    gate = None if entangler is None else _entangler(entangler)
    n = circuit.n_qubits
    if encode is None:
        def encode(c: Circuit) -> Circuit:
            return angle(c, rotation=rotation, features=features, scale=scale)
    for block in range(n_layers + 1):
        for q in range(n):
            base = offset + (block * n + q) * 3
            circuit.rot(weight(base), weight(base + 1), weight(base + 2), q)
        if gate is not None and n > 1:
            for q in range(n if n > 2 else 1):
                circuit.add(gate, (q, (q + 1) % n))
        if block < n_layers:
            encode(circuit)
    return circuit
