"""Tests for qmlcourse/interop.py: the PennyLane QNode runs the same gates."""

import numpy as np
import pennylane as qml
import pytest

from qmlcourse.interop import apply_in_pennylane, pennylane_observable, to_pennylane
from qmlcourse.sim import Circuit, Hamiltonian, Hermitian, feature, weight
from qmlcourse.sim.gates import GATES


def _circuit():
    c = Circuit(3).h(0).ry(feature(0), 1).cnot(1, 2).rot(weight(0), 2 * weight(1) + 0.1, feature(1), 2)
    c.multirz(weight(1), 0, 1, 2).unitary(qml.matrix(qml.Hadamard(0)) @ qml.matrix(qml.T(0)), 0)
    return c


def test_tape_has_the_same_gates():
    c = _circuit()
    x = np.array([0.3, -0.2])
    w = np.array([0.5, 1.5])
    tape = qml.workflow.construct_tape(to_pennylane(c))(x, w)
    assert [op.name for op in tape.operations] == [op.name for op in c.operations]
    assert [list(op.wires) for op in tape.operations] == [list(op.wires) for op in c.operations]
    rot = tape.operations[3]
    np.testing.assert_allclose(rot.parameters, [0.5, 2 * 1.5 + 0.1, -0.2])


def test_every_gate_name_exists_in_pennylane():
    for name in GATES:
        assert hasattr(qml, name), name


@pytest.mark.parametrize("measure", ["state", "probs", "Z0 X2", ["Z0", "Y1"]], ids=str)
def test_measurements_match(measure):
    c = _circuit()
    x = np.array([[0.3, -0.2], [1.0, 2.0]])
    w = np.array([0.5, 1.5])
    out = to_pennylane(c, measure=measure)(x, w)
    if measure == "state":
        np.testing.assert_allclose(out, c.statevector(x, w), atol=1e-10)
    elif measure == "probs":
        np.testing.assert_allclose(out, c.probs(x, w), atol=1e-10)
    else:
        np.testing.assert_allclose(np.stack(out, -1) if isinstance(out, (list, tuple)) else out,
                                   c.expval(measure, x, w), atol=1e-10)


def test_probs_on_wires():
    c = _circuit()
    out = to_pennylane(c, measure="probs", wires=[2, 0])(np.array([0.1, 0.2]), np.array([0.3, 0.4]))
    np.testing.assert_allclose(out, c.probs(np.array([0.1, 0.2]), np.array([0.3, 0.4]), wires=[2, 0])[0], atol=1e-10)


def test_pennylane_observable_matrices():
    h = np.array([[1.0, 1j], [-1j, 2.0]])
    cases = [("Z0 X1", qml.PauliZ(0) @ qml.PauliX(1)), ("Y2", qml.PauliY(2)), ("III", qml.Identity(0)),
             (Hermitian(h, 1), qml.Hermitian(h, wires=1)),
             (Hamiltonian([0.5, 2.0], ["X0", "Z1 Z2"]), 0.5 * qml.PauliX(0) + 2.0 * qml.PauliZ(1) @ qml.PauliZ(2))]
    for ours, ref in cases:
        np.testing.assert_allclose(qml.matrix(pennylane_observable(ours), wire_order=[0, 1, 2]),
                                   qml.matrix(ref, wire_order=[0, 1, 2]), atol=1e-14)
    with pytest.raises(ValueError, match="a Pauli word is like"):
        pennylane_observable("Q0")


def test_custom_device_and_apply_in_pennylane():
    c = _circuit()
    dev = qml.device("default.qubit", wires=3)
    x, w = np.array([0.1, 0.2]), np.array([0.3, 0.4])
    np.testing.assert_allclose(to_pennylane(c, device=dev)(x, w), c.statevector(x, w)[0], atol=1e-10)

    @qml.qnode(dev)
    def qnode():
        apply_in_pennylane(c, x, w)
        return qml.expval(qml.PauliZ(1))

    np.testing.assert_allclose(qnode(), c.expval("Z1", x, w)[0], atol=1e-10)
