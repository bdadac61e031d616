"""Tests for qmlcourse/sim/gates.py: every gate's matrix equals PennyLane's, batched too."""

import numpy as np
import pennylane as qml
import pytest

from qmlcourse.sim import gates
from qmlcourse.sim.gates import GATES, gate_matrix
from simref import n_wires_of, random_unitary

ALL_GATES = sorted(GATES)
PARAMETRISED = [g for g in ALL_GATES if GATES[g].num_params > 0]
#: Wires given to PennyLane: deliberately not 0..k-1, to check our matrices use the
#: operator's own wire order (first wire most significant).
PL_WIRES = {1: [3], 2: [5, 1], 3: [2, 0, 7]}


def _pl_matrix(name, *angles, n_wires):
    wires = PL_WIRES[n_wires]
    return qml.matrix(getattr(qml, name)(*angles, wires=wires), wire_order=wires)


def _ours(name, *angles, n_wires, seed=0):
    if name == "QubitUnitary":
        return random_unitary(2**n_wires, seed)
    return gate_matrix(name, *angles, n_wires=n_wires)


@pytest.mark.parametrize("name", ALL_GATES)
def test_matrix_equals_pennylane(name):
    rng = np.random.default_rng(ALL_GATES.index(name))
    k = n_wires_of(name)
    spec = GATES[name]
    for _ in range(3):
        angles = [float(a) for a in rng.uniform(-2 * np.pi, 2 * np.pi, spec.num_params)]
        ours = _ours(name, *angles, n_wires=k)
        if name == "QubitUnitary":
            ref = _pl_matrix(name, ours, n_wires=k)
        else:
            ref = _pl_matrix(name, *angles, n_wires=k)
        assert ours.shape == (2**k, 2**k)
        np.testing.assert_allclose(ours, ref, atol=1e-12, rtol=0)


@pytest.mark.parametrize("name", PARAMETRISED)
@pytest.mark.parametrize("batch", [1, 4])
def test_batched_angles_equal_pennylane_broadcasting(name, batch):
    rng = np.random.default_rng(100 + PARAMETRISED.index(name))
    k = n_wires_of(name)
    angles = [rng.uniform(-np.pi, np.pi, batch) for _ in range(GATES[name].num_params)]
    ours = gate_matrix(name, *angles, n_wires=k)
    assert ours.shape == (batch, 2**k, 2**k)
    ref = _pl_matrix(name, *angles, n_wires=k)
    np.testing.assert_allclose(ours, np.reshape(ref, (batch, 2**k, 2**k)), atol=1e-12, rtol=0)
    # each slice equals the unbatched matrix
    for b in range(batch):
        np.testing.assert_allclose(ours[b], gate_matrix(name, *[a[b] for a in angles], n_wires=k), atol=1e-14)


@pytest.mark.parametrize("name", ALL_GATES)
def test_unitary(name):
    rng = np.random.default_rng(7)
    k = n_wires_of(name)
    angles = [rng.uniform(-np.pi, np.pi, 5) for _ in range(GATES[name].num_params)]
    m = _ours(name, *angles, n_wires=k)
    m = m if m.ndim == 3 else m[None]
    eye = np.eye(2**k)
    np.testing.assert_allclose(m @ np.conj(np.swapaxes(m, -1, -2)), np.broadcast_to(eye, m.shape), atol=1e-12)


@pytest.mark.parametrize("name", ALL_GATES)
def test_spec_is_consistent(name):
    """kind, diag, perm, generator and decomposition agree with the matrix."""
    spec = GATES[name]
    k = n_wires_of(name)
    rng = np.random.default_rng(11)
    angles = [float(a) for a in rng.uniform(-np.pi, np.pi, spec.num_params)]
    if name == "QubitUnitary":
        assert spec.kind == "dense"
        return
    m = gate_matrix(name, *angles, n_wires=k)
    assert spec.kind in ("permutation", "diagonal", "dense")
    if spec.kind == "diagonal":
        np.testing.assert_allclose(np.diag(spec.diag(*angles, n_wires=k)), m, atol=1e-14)
    if spec.kind == "permutation":
        perm = np.eye(2**k)[list(spec.perm)]  # row i picks input perm[i]
        np.testing.assert_array_equal(perm, m.real)
        assert sorted(spec.perm) == list(range(2**k))
    if spec.generator is not None:
        from scipy.linalg import expm
        g = spec.generator(k)
        np.testing.assert_allclose(g, g.conj().T)
        np.testing.assert_allclose(expm(-1j * angles[0] * g), m, atol=1e-12)
        assert spec.shift_rule, f"{name} has a generator but no shift rule"
    if spec.decompose:
        prod = np.eye(2**k, dtype=complex)
        for part, i in spec.decompose:
            prod = gate_matrix(part, angles[i]) @ prod
        np.testing.assert_allclose(prod, m, atol=1e-12)
    if spec.num_params == 1:
        assert spec.generator is not None, f"{name} needs a generator for adjoint gradients"


@pytest.mark.parametrize("name", [g for g in PARAMETRISED if GATES[g].num_params == 1])
def test_shift_rule_is_exact_derivative(name):
    """sum c * U(t+s)^dag O U(t+s) equals d/dt, checked on a random state and observable."""
    spec = GATES[name]
    k = n_wires_of(name)
    rng = np.random.default_rng(3)
    psi = rng.normal(size=2**k) + 1j * rng.normal(size=2**k)
    psi /= np.linalg.norm(psi)
    a = rng.normal(size=(2**k, 2**k)) + 1j * rng.normal(size=(2**k, 2**k))
    obs = a + a.conj().T

    def f(t):
        v = gate_matrix(name, t, n_wires=k) @ psi
        return float(np.real(v.conj() @ obs @ v))

    t, h = 0.37, 1e-5
    fd = (f(t + h) - f(t - h)) / (2 * h)
    shifted = sum(c * f(t + s) for c, s in spec.shift_rule)
    np.testing.assert_allclose(shifted, fd, atol=1e-8)


def test_every_issue_gate_is_registered():
    wanted = {"Identity", "PauliX", "PauliY", "PauliZ", "Hadamard", "S", "T", "SX", "RX", "RY", "RZ",
              "PhaseShift", "Rot", "U3", "CNOT", "CZ", "CY", "SWAP", "CRX", "CRY", "CRZ", "IsingXX",
              "IsingYY", "IsingZZ", "Toffoli", "MultiRZ", "QubitUnitary"}
    assert wanted <= set(GATES)


def test_multirz_sizes_against_pennylane():
    for k in (1, 2, 4):
        wires = list(range(k))
        np.testing.assert_allclose(gate_matrix("MultiRZ", 0.7, n_wires=k),
                                   qml.matrix(qml.MultiRZ(0.7, wires=wires)), atol=1e-12)


def test_named_constants():
    np.testing.assert_allclose(gates.SX @ gates.SX, gates.X, atol=1e-15)
    np.testing.assert_allclose(gates.T @ gates.T, gates.S, atol=1e-15)
    np.testing.assert_allclose(gates.H @ gates.Z @ gates.H, gates.X, atol=1e-15)
    np.testing.assert_array_equal(gates.pauli_z_signs(2), [1, -1, -1, 1])


def test_gate_matrix_errors():
    with pytest.raises(ValueError, match="unknown gate 'Foo'; known gates: .*CNOT"):
        gate_matrix("Foo")
    with pytest.raises(ValueError, match="RX takes 1 angle"):
        gate_matrix("RX")
    with pytest.raises(ValueError, match="Rot takes 3 angle"):
        gate_matrix("Rot", 0.1)


def test_gate_matrix_refuses_qubit_unitary_and_unknown_names():
    with pytest.raises(ValueError, match="QubitUnitary has no fixed matrix"):
        gate_matrix("QubitUnitary")
    with pytest.raises(ValueError, match="unknown gate 'Foo'"):
        gate_matrix("Foo")
    with pytest.raises(ValueError, match="RX takes 1 angle"):
        gate_matrix("RX")
