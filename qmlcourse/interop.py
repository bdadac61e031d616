"""Bridges to PennyLane: the same circuit as a QNode, gate for gate.

``to_pennylane(circuit)`` builds a QNode on ``default.qubit`` (or another device) that
applies PennyLane's own gates with the same angles, so amplitudes, expectation values and
gradients can be compared number for number. The QNode's signature is ``qnode(x, w)``:
``x`` of shape ``(d,)`` or ``(N, d)`` (PennyLane broadcasting) and ``w`` of shape
``(n_weights,)``.

>>> import numpy as np
>>> from qmlcourse.sim import Circuit
>>> c = Circuit(1).h(0)
>>> qnode = to_pennylane(c, measure="probs")
>>> np.round(qnode(None, None), 3)
array([0.5, 0.5])
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from qmlcourse.sim.circuit import Circuit
from qmlcourse.sim.measure import Hamiltonian, Hermitian, PauliWord, as_observable


def _angle(param, x, w):
    if param.kind == "const":
        return param.shift
    if param.kind == "feature":
        return param.scale * x[..., param.index] + param.shift
    if param.kind == "weight":
        return param.scale * w[..., param.index] + param.shift
    values = param.fn(np.atleast_2d(x))
    return param.scale * (values if np.ndim(x) == 2 else values[0]) + param.shift


def pennylane_observable(obs):
    """The PennyLane observable equal to a qmlcourse observable."""
    import pennylane as qml

    obs = as_observable(obs)
    if isinstance(obs, PauliWord):
        if not obs.terms:
            return qml.Identity(0)
        ops = {"X": qml.PauliX, "Y": qml.PauliY, "Z": qml.PauliZ}
        return (
            qml.prod(*[ops[p](wire) for wire, p in obs.terms])
            if len(obs.terms) > 1
            else ops[obs.terms[0][1]](obs.terms[0][0])
        )
    if isinstance(obs, Hermitian):
        return qml.Hermitian(obs.matrix, wires=list(obs.wires))
    if isinstance(obs, Hamiltonian):
        return qml.Hamiltonian(list(obs.coeffs), [pennylane_observable(o) for o in obs.observables])
    raise TypeError(f"cannot convert {type(obs).__name__} to PennyLane")


def apply_in_pennylane(circuit: Circuit, x, w) -> None:
    """Queue the circuit's gates inside a PennyLane quantum function."""
    import pennylane as qml

    for op in circuit.operations:
        angles = [_angle(p, x, w) for p in op.params]
        if op.name == "QubitUnitary":
            qml.QubitUnitary(op.matrix, wires=list(op.wires))
        else:
            getattr(qml, op.name)(*angles, wires=list(op.wires))


def to_pennylane(
    circuit: Circuit, measure="state", device=None, diff_method: str = "best", wires: Sequence[int] | None = None
):
    """A PennyLane QNode that runs the same gates as ``circuit``.

    Args:
        circuit: the qmlcourse circuit.
        measure: "state", "probs", an observable (Pauli word, Hermitian, Hamiltonian), or a
            list of observables.
        device: a PennyLane device (default ``default.qubit`` with ``circuit.n_qubits`` wires).
        diff_method: passed to ``qml.QNode``.
        wires: for ``measure="probs"``, the wires to keep.

    Returns:
        a QNode ``qnode(x, w)``.
    """
    import pennylane as qml

    dev = device if device is not None else qml.device("default.qubit", wires=circuit.n_qubits)

    def measurement():
        if isinstance(measure, str) and measure == "state":
            return qml.state()
        if isinstance(measure, str) and measure == "probs":
            return qml.probs(wires=list(wires) if wires is not None else list(range(circuit.n_qubits)))
        if isinstance(measure, (list, tuple)):
            return [qml.expval(pennylane_observable(o)) for o in measure]
        return qml.expval(pennylane_observable(measure))

    @qml.qnode(dev, diff_method=diff_method)
    def qnode(x, w):
        apply_in_pennylane(circuit, x, w)
        return measurement()

    return qnode
