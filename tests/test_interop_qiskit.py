"""Tests for the Qiskit and from-PennyLane bridges in qmlcourse/interop.py.

References: Qiskit's own ``Statevector`` simulation and PennyLane's ``default.qubit``.
"""

import numpy as np
import pennylane as qml
import pytest
from qiskit.quantum_info import Statevector
from scipy.stats import unitary_group

from qmlcourse.interop import (
    from_pennylane,
    qiskit_parameters,
    qiskit_statevector,
    reverse_qubit_order,
    to_pennylane,
    to_qiskit,
)
from qmlcourse.sim import Circuit, feature, weight
from qmlcourse.sim.circuit import feature_map
from qmlcourse.sim.gates import GATES

N = 3


def _random_inputs(c: Circuit, rng) -> Circuit:
    """Random RY/RZ layers and a CNOT so that every gate acts on a generic entangled state."""
    for q in range(N):
        c.ry(rng.uniform(0, 2 * np.pi), q).rz(rng.uniform(0, 2 * np.pi), q)
    c.cnot(0, 1)
    for q in range(N):
        c.ry(rng.uniform(0, 2 * np.pi), q)
    return c


def _gate_circuit(name: str, seed: int) -> Circuit:
    """A seeded 3-qubit circuit using ``name`` on several wire choices (incl. reversed ones)."""
    rng = np.random.default_rng(seed)
    spec = GATES[name]
    c = _random_inputs(Circuit(N), rng)
    n_wires = spec.num_wires if spec.num_wires is not None else 3
    for _ in range(3):
        wires = [int(q) for q in rng.permutation(N)[:n_wires]]
        if name == "QubitUnitary":
            c.unitary(unitary_group.rvs(2**n_wires, random_state=rng), *wires)
        else:
            c.add(name, wires, *rng.uniform(-2 * np.pi, 2 * np.pi, spec.num_params))
    if name == "MultiRZ":  # also the 1- and 2-wire forms, which map to other Qiskit gates
        c.multirz(0.7, 2).multirz(-1.3, 2, 0)
    if name == "QubitUnitary":  # and 1- and 2-wire matrices
        c.unitary(unitary_group.rvs(2, random_state=rng), 1)
        c.unitary(unitary_group.rvs(4, random_state=rng), 2, 0)
    return c


@pytest.mark.parametrize("name", sorted(GATES))
def test_every_gate_gives_the_same_state_with_the_same_phase(name):
    c = _gate_circuit(name, seed=sorted(GATES).index(name))
    qc = to_qiskit(c)
    assert qc.num_qubits == N and not qc.parameters
    ours = c.statevector()[0]
    theirs = Statevector(qc).data
    np.testing.assert_allclose(reverse_qubit_order(theirs, N), ours, atol=1e-10, rtol=0)
    np.testing.assert_allclose(qiskit_statevector(c), ours, atol=1e-10, rtol=0)


def test_every_gate_has_a_qiskit_mapping():
    from qmlcourse.interop import _QISKIT_FIXED, _QISKIT_ROTATIONS

    handled = set(_QISKIT_FIXED) | set(_QISKIT_ROTATIONS) | {"Rot", "MultiRZ", "QubitUnitary"}
    assert set(GATES) == handled


@pytest.mark.parametrize("name", [n for n in sorted(GATES) if n != "QubitUnitary"])
def test_every_gate_matrix_equals_qiskit_operator(name):
    """Gate by gate, the unitaries agree exactly (no global phase), after the bit reversal."""
    from qiskit.quantum_info import Operator

    rng = np.random.default_rng(7)
    spec = GATES[name]
    n = spec.num_wires if spec.num_wires is not None else 3
    c = Circuit(n).add(name, list(range(n)), *rng.uniform(-np.pi, np.pi, spec.num_params))
    perm = reverse_qubit_order(np.arange(2**n), n)
    theirs = Operator(to_qiskit(c)).data[np.ix_(perm, perm)]
    np.testing.assert_allclose(theirs, c.matrix(), atol=1e-12, rtol=0)


def test_bit_order_of_a_basis_state():
    """|100> in qmlcourse (wire 0 set) is index 4; Qiskit stores qubit 0 as bit 0: index 1."""
    c = Circuit(3).x(0)
    ours = c.statevector()[0]
    theirs = Statevector(to_qiskit(c)).data
    assert np.argmax(np.abs(ours)) == 4
    assert np.argmax(np.abs(theirs)) == 1
    assert Statevector(to_qiskit(c)).probabilities_dict() == {"001": 1.0}  # Qiskit prints qubit 0 last
    np.testing.assert_array_equal(reverse_qubit_order(theirs, 3), ours)
    # probabilities and batches reverse the same way
    probs = np.stack([np.abs(theirs) ** 2, np.abs(theirs) ** 2])
    np.testing.assert_array_equal(reverse_qubit_order(probs, 3), np.stack([c.probs()[0]] * 2))


def _data_weight_circuit() -> Circuit:
    c = Circuit(3)
    for q in range(3):
        c.h(q).rz(2 * feature(q) - 0.3, q)
    c.isingzz(feature(1, scale=0.5), 0, 1)
    c.rot(weight(0), weight(1, scale=-1.5, shift=0.2), weight(2), 1).crx(weight(3), 1, 2)
    c.u3(weight(4), feature(2), 0.4, 0).multirz(weight(0) + 1.0, 0, 1, 2).cry(feature(0), 2, 0)
    return c


def test_parameter_vectors_bound_later_equal_the_bound_circuit():
    c = _data_weight_circuit()
    rng = np.random.default_rng(3)
    x, w = rng.normal(size=3), rng.normal(size=5)
    qc = to_qiskit(c)
    xs, ws = qiskit_parameters(qc)
    assert [str(p) for p in xs] == ["x[0]", "x[1]", "x[2]"]
    assert [str(p) for p in ws] == [f"w[{j}]" for j in range(5)]
    bound = qc.assign_parameters(dict(zip(xs + ws, np.concatenate([x, w]), strict=True)))
    expected = c.statevector(x[None, :], w)[0]
    np.testing.assert_allclose(reverse_qubit_order(Statevector(bound).data, 3), expected, atol=1e-10, rtol=0)
    np.testing.assert_allclose(qiskit_statevector(c, x, w), expected, atol=1e-10, rtol=0)
    # only one side left symbolic
    half = to_qiskit(c, x=x)
    assert [[str(p) for p in group] for group in qiskit_parameters(half)] == [[], [str(p) for p in ws]]
    half_bound = half.assign_parameters(dict(zip(qiskit_parameters(half)[1], w, strict=True)))
    np.testing.assert_allclose(reverse_qubit_order(Statevector(half_bound).data, 3), expected, atol=1e-10, rtol=0)


def test_estimator_qnn_binds_the_parameter_vectors():
    """Qiskit Machine Learning gets the same <Z0> as qmlcourse (the lesson-20 use)."""
    from qiskit.quantum_info import SparsePauliOp
    from qiskit_machine_learning.neural_networks import EstimatorQNN

    c = _data_weight_circuit()
    qc = to_qiskit(c)
    xs, ws = qiskit_parameters(qc)
    # qmlcourse's Z0 is Qiskit's qubit 0, the LAST letter of a Qiskit Pauli label
    qnn = EstimatorQNN(circuit=qc, observables=SparsePauliOp("IIZ"), input_params=xs, weight_params=ws)
    rng = np.random.default_rng(5)
    x, w = rng.normal(size=(4, 3)), rng.normal(size=5)
    np.testing.assert_allclose(qnn.forward(x, w)[:, 0], c.expval("Z0", x, w), atol=1e-10)


def test_bad_inputs_raise_clear_errors():
    c = _data_weight_circuit()
    with pytest.raises(ValueError, match=r"x must be one data point of shape \(3,\)"):
        to_qiskit(c, x=np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"x must be one data point of shape \(3,\)"):
        to_qiskit(c, x=np.zeros(2))
    with pytest.raises(ValueError, match=r"w must have shape \(5,\)"):
        to_qiskit(c, w=np.zeros(4))
    with pytest.raises(ValueError, match="NaN"):
        to_qiskit(c, x=np.array([0.0, np.nan, 1.0]))
    with pytest.raises(TypeError, match="real"):
        to_qiskit(c, x=np.zeros(3) + 1j)
    with pytest.raises(TypeError, match="qmlcourse Circuit"):
        to_qiskit("not a circuit")
    with pytest.raises(ValueError, match="reads data"):
        qiskit_statevector(c)
    with pytest.raises(ValueError, match=r"shape \(\.\.\., 2\*\*n_qubits\)"):
        reverse_qubit_order(np.zeros(6), 3)
    fm = Circuit(1).rx(feature_map(lambda x: x[:, 0] ** 2), 0)
    with pytest.raises(ValueError, match="feature_map"):
        to_qiskit(fm)
    np.testing.assert_allclose(
        qiskit_statevector(fm, np.array([0.7])), fm.statevector(np.array([[0.7]]))[0], atol=1e-12
    )


# --- from_pennylane -------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(GATES))
def test_round_trip_through_pennylane(name):
    c = _gate_circuit(name, seed=100 + sorted(GATES).index(name))
    back = from_pennylane(to_pennylane(c), None, None)
    assert [op.name for op in back.operations] == [op.name for op in c.operations]
    assert [op.wires for op in back.operations] == [op.wires for op in c.operations]
    np.testing.assert_allclose(back.statevector()[0], c.statevector()[0], atol=1e-10, rtol=0)


def test_round_trip_binds_data_and_weights_as_constants():
    c = _data_weight_circuit()
    x, w = np.array([0.1, -0.4, 0.9]), np.linspace(-1, 1, 5)
    back = from_pennylane(to_pennylane(c), x, w)
    assert back.n_features == 0 and back.n_weights == 0
    np.testing.assert_allclose(back.statevector()[0], c.statevector(x[None, :], w)[0], atol=1e-10, rtol=0)


def test_hand_written_qnode():
    dev = qml.device("default.qubit", wires=3)
    u = unitary_group.rvs(4, random_state=11)

    @qml.qnode(dev)
    def qnode(a, b):
        qml.Hadamard(0)
        qml.RY(a, wires=1)
        qml.CNOT(wires=[0, 2])
        qml.Rot(a, b, 0.3, wires=2)
        qml.IsingXX(b, wires=[2, 0])
        qml.CRZ(-a, wires=[1, 0])
        qml.QubitUnitary(u, wires=[2, 1])
        qml.MultiRZ(0.4, wires=[0, 1, 2])
        qml.S(1)
        qml.PhaseShift(b, wires=0)
        return qml.state()

    a, b = qml.numpy.array(0.7, requires_grad=True), 1.9
    c = from_pennylane(qnode, a, b=b)
    assert [op.name for op in c.operations][:4] == ["Hadamard", "RY", "CNOT", "Rot"]
    np.testing.assert_allclose(c.statevector()[0], qnode(a, b), atol=1e-10, rtol=0)
    # and on to Qiskit
    np.testing.assert_allclose(qiskit_statevector(c), qnode(a, b), atol=1e-10, rtol=0)


def test_tape_with_labelled_wires():
    tape = qml.tape.QuantumScript([qml.PauliX("b"), qml.CNOT(["b", "a"]), qml.RX(0.3, "a")], [qml.state()])
    c = from_pennylane(tape)  # order of appearance: b -> 0, a -> 1
    assert [op.wires for op in c.operations] == [(0,), (0, 1), (1,)]
    c2 = from_pennylane(tape, wire_order=["a", "b"])
    np.testing.assert_allclose(c2.statevector()[0], qml.matrix(tape, wire_order=["a", "b"])[:, 0], atol=1e-12)


def test_from_pennylane_bad_inputs():
    with pytest.raises(ValueError, match="gate 'Adjoint\\(S\\)' has no qmlcourse equivalent"):
        from_pennylane(qml.tape.QuantumScript([qml.adjoint(qml.S(0))]))
    with pytest.raises(ValueError, match="'BasisState'"):
        from_pennylane(qml.tape.QuantumScript([qml.BasisState(np.array([1, 0]), wires=[0, 1])]))
    with pytest.raises(ValueError, match="one real number per angle"):
        from_pennylane(qml.tape.QuantumScript([qml.RX(np.array([0.1, 0.2]), 0)]))
    with pytest.raises(TypeError, match="tape or QNode"):
        from_pennylane(Circuit(1))
    with pytest.raises(TypeError, match="only used with a QNode"):
        from_pennylane(qml.tape.QuantumScript([qml.RX(0.1, 0)]), 1.0)
    with pytest.raises(ValueError, match="not in wire_order"):
        from_pennylane(qml.tape.QuantumScript([qml.RX(0.1, 0), qml.RX(0.1, 1)]), wire_order=[0])


def test_fidelity_quantum_kernel_uses_the_x_parameters():
    """A data-only circuit is a Qiskit ML feature map: its kernel is |<psi(x)|psi(x')>|^2."""
    from qiskit_machine_learning.kernels import FidelityQuantumKernel

    c = Circuit(2).h(0).h(1).rz(2 * feature(0), 0).rz(2 * feature(1), 1).isingzz(feature(0), 0, 1).ry(feature(1), 0)
    x = np.random.default_rng(9).uniform(-1, 1, size=(4, 2))
    kernel = FidelityQuantumKernel(feature_map=to_qiskit(c)).evaluate(x)
    states = c.statevector(x)
    np.testing.assert_allclose(kernel, np.abs(states.conj() @ states.T) ** 2, atol=1e-10)
