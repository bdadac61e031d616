"""Bridges to PennyLane and Qiskit: the same circuit, gate for gate.

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

``from_pennylane(tape_or_qnode, *args)`` goes the other way (constant angles only).
``to_qiskit(circuit, x, w)`` builds a Qiskit ``QuantumCircuit`` (with ``ParameterVector``s
``x`` and ``w`` for the angles left unbound, for Qiskit Machine Learning);
``qiskit_statevector`` and ``reverse_qubit_order`` handle Qiskit's little-endian bit order.
PennyLane and Qiskit are imported only inside these functions.
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


# --- Qiskit ------------------------------------------------------------------------------
#
# Bit order: qmlcourse wire ``i`` becomes Qiskit qubit ``i``. qmlcourse puts wire 0 in the
# most significant bit of a statevector index, Qiskit puts qubit 0 in the least significant
# one, so ``Statevector(to_qiskit(c, x, w)).data`` equals ``c.statevector(x, w)`` after
# ``reverse_qubit_order``. Every gate maps with exactly the same matrix (no global phase
# differs): RX/RY/RZ/PhaseShift/U3 -> rx/ry/rz/p/u, Rot(phi, theta, omega) -> rz(phi) ry(theta)
# rz(omega), IsingXX/YY/ZZ -> rxx/ryy/rzz, MultiRZ -> rz (1 wire), rzz (2 wires) or a CNOT
# parity ladder around one rz (3+ wires),
# QubitUnitary -> UnitaryGate on the reversed wires (its matrix has the first wire as the most
# significant bit, Qiskit's has the first qubit as the least significant).

_QISKIT_FIXED = {
    "Identity": "id",
    "PauliX": "x",
    "PauliY": "y",
    "PauliZ": "z",
    "Hadamard": "h",
    "S": "s",
    "T": "t",
    "SX": "sx",
    "CNOT": "cx",
    "CZ": "cz",
    "CY": "cy",
    "SWAP": "swap",
    "Toffoli": "ccx",
}
_QISKIT_ROTATIONS = {
    "RX": "rx",
    "RY": "ry",
    "RZ": "rz",
    "PhaseShift": "p",
    "CRX": "crx",
    "CRY": "cry",
    "CRZ": "crz",
    "IsingXX": "rxx",
    "IsingYY": "ryy",
    "IsingZZ": "rzz",
    "U3": "u",
}


def _qiskit_angle(param, x, w, xs, ws):
    """The angle of one ``Param`` as a float (bound) or a Qiskit ParameterExpression."""
    if param.kind == "const":
        return float(param.shift)
    if param.kind == "function":
        if x is None:
            raise ValueError(
                "a feature_map angle is an arbitrary function of the data and has no Qiskit Parameter "
                "form: pass x to bind it"
            )
        return float(param.scale * np.asarray(param.fn(x[None, :]), dtype=np.float64).reshape(-1)[0] + param.shift)
    values, symbols = (x, xs) if param.kind == "feature" else (w, ws)
    if values is not None:
        return float(param.scale * values[param.index] + param.shift)
    symbol = symbols[param.index]
    if param.scale == 1.0 and param.shift == 0.0:
        return symbol
    return param.scale * symbol + param.shift


def _one_point(values, size: int, name: str, what: str):
    if values is None:
        return None
    arr = np.asarray(values)
    if np.iscomplexobj(arr) or arr.dtype == object:
        raise TypeError(f"{name} must be real numbers; got dtype {arr.dtype}")
    arr = arr.astype(np.float64)
    if arr.ndim != 1 or arr.shape[0] < size:
        raise ValueError(f"{name} must be {what} of shape ({size},); got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return arr


def to_qiskit(circuit: Circuit, x=None, w=None):
    """A Qiskit ``QuantumCircuit`` with the same gates as ``circuit``, wire ``i`` -> qubit ``i``.

    Args:
        circuit: the qmlcourse circuit.
        x: ONE data point, shape ``(d,)`` (``d >= circuit.n_features``), or None.
        w: the weights, shape ``(n_weights,)``, or None.

    Returns:
        a ``qiskit.QuantumCircuit`` on ``circuit.n_qubits`` qubits (no measurements). Angles
        that read ``x`` (``w``) are numbers when ``x`` (``w``) is given; when it is None they
        are Qiskit parameters ``x[i]`` of ``ParameterVector("x", circuit.n_features)``
        (``w[j]`` of ``ParameterVector("w", circuit.n_weights)``), scaled and shifted as in
        ``circuit``, for Qiskit to bind later (``qc.assign_parameters``, or Qiskit Machine
        Learning's ``EstimatorQNN(circuit=qc, input_params=xs, weight_params=ws)`` and
        ``FidelityQuantumKernel``); ``qiskit_parameters(qc)`` returns the two lists in index
        order. Only parameters the circuit uses appear in ``qc.parameters``. ``feature_map``
        angles need ``x``.

    Bit order: Qiskit is little-endian (qubit 0 is the least significant bit), qmlcourse
    big-endian (wire 0 the most significant), so ``Statevector(qc).data`` equals
    ``circuit.statevector(x, w)[0]`` after ``reverse_qubit_order``; ``qiskit_statevector``
    does both steps. The gate matrices agree exactly, including the global phase.

    >>> from qmlcourse.sim import Circuit, feature
    >>> qc = to_qiskit(Circuit(2).h(0).cnot(0, 1).ry(feature(0), 1))
    >>> [inst.operation.name for inst in qc.data], [str(p) for p in qc.parameters]
    (['h', 'cx', 'ry'], ['x[0]'])
    """
    from qiskit import QuantumCircuit
    from qiskit.circuit import ParameterVector

    if not isinstance(circuit, Circuit):
        raise TypeError(f"to_qiskit needs a qmlcourse Circuit; got {type(circuit).__name__}")
    x = _one_point(x, circuit.n_features, "x", "one data point")
    nw = circuit.n_weights
    if w is not None and np.ndim(w) == 1 and np.shape(w)[0] != nw:
        raise ValueError(f"w must have shape ({nw},) for this circuit; got shape {np.shape(w)}")
    w = _one_point(w, nw, "w", "one weight set")
    xs = ParameterVector("x", circuit.n_features) if x is None and circuit.n_features else None
    ws = ParameterVector("w", nw) if w is None and nw else None
    qc = QuantumCircuit(circuit.n_qubits)
    for op in circuit.operations:
        wires = list(op.wires)
        angles = [_qiskit_angle(p, x, w, xs, ws) for p in op.params]
        if op.name in _QISKIT_FIXED:
            getattr(qc, _QISKIT_FIXED[op.name])(*wires)
        elif op.name in _QISKIT_ROTATIONS:
            getattr(qc, _QISKIT_ROTATIONS[op.name])(*angles, *wires)
        elif op.name == "Rot":  # Rot(phi, theta, omega) = RZ(omega) RY(theta) RZ(phi), exactly
            phi, theta, omega = angles
            qc.rz(phi, wires[0])
            qc.ry(theta, wires[0])
            qc.rz(omega, wires[0])
        elif op.name == "MultiRZ":
            _multi_rz(qc, angles[0], wires)
        elif op.name == "QubitUnitary":
            from qiskit.circuit.library import UnitaryGate

            qc.append(UnitaryGate(np.asarray(op.matrix), check_input=False), wires[::-1])
        else:  # pragma: no cover - a gate added to GATES without a Qiskit mapping
            raise ValueError(f"gate {op.name!r} has no Qiskit mapping yet")
    return qc


def _multi_rz(qc, theta, wires) -> None:
    """Append ``MultiRZ(theta) = exp(-i theta Z..Z / 2)`` exactly (no global phase)."""
    if len(wires) == 1:
        qc.rz(theta, wires[0])
    elif len(wires) == 2:
        qc.rzz(theta, *wires)
    else:  # the ladder puts the parity of all wires on the last one, rotates it and undoes itself
        ladder = list(zip(wires[:-1], wires[1:], strict=True))
        for a, b in ladder:
            qc.cx(a, b)
        qc.rz(theta, wires[-1])
        for a, b in reversed(ladder):
            qc.cx(a, b)


def qiskit_parameters(qc) -> tuple[list, list]:
    """The ``x[i]`` and ``w[j]`` parameters of a circuit from ``to_qiskit``, in index order.

    >>> from qmlcourse.sim import Circuit, feature, weight
    >>> xs, ws = qiskit_parameters(to_qiskit(Circuit(1).rx(feature(1), 0).rz(weight(0), 0)))
    >>> [str(p) for p in xs], [str(p) for p in ws]
    (['x[1]'], ['w[0]'])
    """

    def of(name):
        found = [p for p in qc.parameters if getattr(p, "vector", None) is not None and p.vector.name == name]
        return sorted(found, key=lambda p: p.index)

    return of("x"), of("w")


def reverse_qubit_order(values, n_qubits: int) -> np.ndarray:
    """Reverse the qubit order of amplitudes or probabilities: Qiskit <-> qmlcourse order.

    Args:
        values: shape ``(..., 2**n_qubits)``.
        n_qubits: the number of qubits.

    Returns:
        same shape; entry with bits ``b_0 ... b_{n-1}`` moves to ``b_{n-1} ... b_0``.

    >>> reverse_qubit_order(np.arange(8), 3)  # |001> (index 1) <-> |100> (index 4)
    array([0, 4, 2, 6, 1, 5, 3, 7])
    """
    arr = np.asarray(values)
    if not isinstance(n_qubits, (int, np.integer)) or isinstance(n_qubits, bool) or n_qubits < 1:
        raise ValueError(f"n_qubits must be a positive integer; got {n_qubits!r}")
    if arr.ndim < 1 or arr.shape[-1] != 2**n_qubits:
        raise ValueError(f"values must have shape (..., 2**n_qubits) = (..., {2**n_qubits}); got {arr.shape}")
    lead = arr.shape[:-1]
    tensor = arr.reshape(lead + (2,) * n_qubits)
    axes = list(range(len(lead))) + list(range(arr.ndim - 1 + n_qubits - 1, len(lead) - 1, -1))
    return tensor.transpose(axes).reshape(arr.shape)


def qiskit_statevector(circuit: Circuit, x=None, w=None) -> np.ndarray:
    """Qiskit's ``Statevector`` of ``to_qiskit(circuit, x, w)`` in qmlcourse's order, ``(2**n,)``.

    Every angle must be bound (pass ``x`` and ``w`` if the circuit reads them).

    >>> from qmlcourse.sim import Circuit
    >>> c = Circuit(2).x(0)
    >>> qiskit_statevector(c).real, c.statevector()[0].real
    (array([0., 0., 1., 0.]), array([0., 0., 1., 0.]))
    """
    from qiskit.quantum_info import Statevector

    if circuit.uses_data and x is None:
        raise ValueError(f"this circuit reads data: pass x of shape ({circuit.n_features},)")
    if circuit.n_weights and w is None:
        raise ValueError(
            f"this circuit has {circuit.n_weights} trainable weights: pass w of shape ({circuit.n_weights},)"
        )
    data = Statevector(to_qiskit(circuit, x, w)).data
    return reverse_qubit_order(data, circuit.n_qubits)


# --- back from PennyLane -----------------------------------------------------------------


def _constant_angle(value, gate: str) -> float:
    import pennylane as qml

    arr = np.asarray(qml.math.unwrap(value))  # torch / autograd / jax numbers -> NumPy
    if np.iscomplexobj(arr) or arr.ndim != 0:
        raise ValueError(
            f"{gate} has angle {value!r}: from_pennylane needs one real number per angle "
            "(no parameter broadcasting); call the QNode with one data point"
        )
    return float(arr)


def from_pennylane(tape_or_qnode, *args, wire_order: Sequence | None = None, **kwargs) -> Circuit:
    """A qmlcourse ``Circuit`` with the gates of a PennyLane tape or QNode, angles as constants.

    Args:
        tape_or_qnode: a ``qml.tape.QuantumScript`` (a tape), or a QNode, which is then
            called with ``*args, **kwargs`` (through ``qml.workflow.construct_tape``) to
            record its tape.
        wire_order: the PennyLane wire labels in the order of qmlcourse wires 0, 1, ...
            (default: the QNode device's wires if it names them, else the tape's wires sorted
            when they are integers 0..n-1, else in order of appearance).

    Returns:
        a ``Circuit`` whose angles are the tape's numbers as constants (trainable parameters
        are NOT kept as ``weight(j)``: the circuit is a snapshot at these arguments).
        Measurements are dropped. Gates outside ``qmlcourse.sim.gates.GATES`` raise a
        ValueError naming the gate (decompose the tape first, e.g. with ``qml.transforms.decompose``).

    >>> import pennylane as qml
    >>> tape = qml.tape.QuantumScript([qml.Hadamard(0), qml.CNOT([0, 1]), qml.RY(0.5, 1)])
    >>> print(from_pennylane(tape))
    0: ─H─●─────────
    1: ───⊕─RY(0.5)─
    """
    import pennylane as qml

    from qmlcourse.sim.gates import GATES

    if isinstance(tape_or_qnode, qml.tape.QuantumScript):
        if args or kwargs:
            raise TypeError("arguments are only used with a QNode; a tape already holds its numbers")
        tape, device_wires = tape_or_qnode, None
    elif isinstance(tape_or_qnode, qml.QNode):
        tape = qml.workflow.construct_tape(tape_or_qnode, level="top")(*args, **kwargs)
        device_wires = tape_or_qnode.device.wires
    else:
        raise TypeError(f"from_pennylane needs a PennyLane tape or QNode; got {type(tape_or_qnode).__name__}")
    if wire_order is None:
        if device_wires is not None and len(device_wires):
            wire_order = list(device_wires)
        else:
            labels = list(tape.wires)
            ints = all(isinstance(q, (int, np.integer)) for q in labels)
            wire_order = list(range(max(labels) + 1)) if ints and labels and min(labels) >= 0 else labels
    wire_order = list(wire_order)
    index = {label: i for i, label in enumerate(wire_order)}
    missing = [q for q in tape.wires if q not in index]
    if missing:
        raise ValueError(f"wires {missing} of the tape are not in wire_order {wire_order}")
    if not wire_order:
        raise ValueError("the tape has no wires")
    circuit = Circuit(len(wire_order))
    for op in tape.operations:
        name = op.name
        spec = GATES.get(name)
        if spec is None:
            raise ValueError(
                f"gate {name!r} has no qmlcourse equivalent; known gates: {', '.join(sorted(GATES))} "
                "(decompose the tape into these first)"
            )
        wires = [index[q] for q in op.wires]
        if name == "QubitUnitary":
            matrix = np.asarray(qml.math.toarray(op.parameters[0]), dtype=np.complex128)
            if matrix.ndim != 2:
                raise ValueError("QubitUnitary with a batch of matrices cannot be converted; pass one matrix")
            circuit.unitary(matrix, *wires)
        else:
            circuit.add(name, wires, *[_constant_angle(p, name) for p in op.parameters])
    return circuit
