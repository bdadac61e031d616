"""Tests for qmlcourse/encodings.py: every encoding against PennyLane or a dense reference."""

from functools import reduce

import numpy as np
import pennylane as qml
import pytest

from qmlcourse import encodings as enc
from qmlcourse.sim import Circuit, weight

ATOL = 1e-10


def _pl_states(n, body, x):
    """States of a PennyLane circuit ``body(row)`` on ``n`` wires for each row of x."""
    dev = qml.device("default.qubit", wires=n)

    @qml.qnode(dev)
    def circuit(row):
        body(row)
        return qml.state()

    return np.array([np.asarray(circuit(row)) for row in x])


# --- basis ---------------------------------------------------------------------------------
def test_basis_matches_pennylane_exactly():
    bits = np.array([[0, 0, 0], [1, 0, 1], [1, 1, 1], [0, 1, 0]])
    ours = enc.basis(Circuit(3)).statevector(bits)
    ref = _pl_states(3, lambda row: qml.BasisEmbedding(row, wires=range(3)), bits)
    np.testing.assert_allclose(ours, ref, atol=ATOL)


def test_basis_acts_as_x_on_any_state():
    # U3(pi b, 0, pi b) is exactly X for b = 1 (no phase), also on a superposition.
    c = Circuit(1).h(0).s(0)
    enc.basis(c)
    ours = c.statevector(np.array([[1]]))[0]
    ref = np.array([[0, 1], [1, 0]]) @ (np.diag([1, 1j]) @ np.array([1, 1]) / np.sqrt(2))
    np.testing.assert_allclose(ours, ref, atol=ATOL)


def test_basis_rejects_non_bits():
    c = enc.basis(Circuit(2))
    with pytest.raises(ValueError, match="bits 0 or 1 in feature 1; got 0.5 in row 0"):
        c.statevector(np.array([[1, 0.5]]))
    with pytest.raises(ValueError, match="one feature per wire"):
        enc.basis(Circuit(2), features=[0])


# --- angle ---------------------------------------------------------------------------------
@pytest.mark.parametrize("rotation", ["X", "Y", "Z"])
def test_angle_matches_pennylane(rotation):
    rng = np.random.default_rng(1)
    x = rng.uniform(-np.pi, np.pi, (4, 3))
    c = Circuit(3)
    for q in range(3):
        c.h(q)
    ours = enc.angle(c, rotation=rotation, scale=0.7).statevector(x)

    def body(row):
        for q in range(3):
            qml.Hadamard(q)
        qml.AngleEmbedding(0.7 * row, wires=range(3), rotation=rotation)

    np.testing.assert_allclose(ours, _pl_states(3, body, x), atol=ATOL)


def test_angle_wraps_features_onto_wires():
    rng = np.random.default_rng(2)
    x = rng.uniform(-1, 1, (3, 5))
    ours = enc.angle(Circuit(2), rotation="Y", features=range(5)).statevector(x)

    def body(row):  # feature k on wire k % 2
        for k, v in enumerate(row):
            qml.RY(v, wires=k % 2)

    np.testing.assert_allclose(ours, _pl_states(2, body, x), atol=ATOL)


def test_angle_bad_arguments():
    with pytest.raises(ValueError, match="rotation must be 'X', 'Y' or 'Z'; got 'W'"):
        enc.angle(Circuit(1), rotation="W")
    with pytest.raises(ValueError, match="wires must be distinct"):
        enc.angle(Circuit(2), wires=[0, 0])
    with pytest.raises(TypeError, match="expected a qmlcourse.sim.Circuit"):
        enc.angle(np.zeros(2))


# --- amplitude -----------------------------------------------------------------------------
@pytest.mark.parametrize("n, d", [(1, 1), (1, 2), (2, 3), (2, 4), (3, 5), (3, 8), (4, 11)])
def test_amplitude_matches_pennylane_amplitude_embedding(n, d):
    rng = np.random.default_rng(10 * n + d)
    x = rng.normal(size=(4, d))
    ours = enc.amplitude(Circuit(n), pad_with=0.3).statevector(x)
    ref = _pl_states(n, lambda row: qml.AmplitudeEmbedding(row, wires=range(n), pad_with=0.3, normalize=True), x)
    np.testing.assert_allclose(ours, ref, atol=ATOL)  # amplitude for amplitude, no global phase


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_amplitude_matches_mottonen_state_preparation(n):
    rng = np.random.default_rng(n)
    x = rng.normal(size=(3, 2**n))
    v = x / np.linalg.norm(x, axis=1, keepdims=True)
    ours = enc.amplitude(Circuit(n)).statevector(x)
    ref = _pl_states(n, lambda row: qml.MottonenStatePreparation(row, wires=range(n)), v)
    # Mottonen's circuit prepares the state up to a global phase: compare |<ref|ours>| = 1
    # and the phase-aligned amplitudes.
    for a, b in zip(ours, ref, strict=True):
        phase = np.vdot(b, a)
        assert abs(abs(phase) - 1) < 1e-10
        np.testing.assert_allclose(a, b * phase, atol=ATOL)
    np.testing.assert_allclose(ours, v, atol=ATOL)


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_amplitude_gate_counts_match_docstring(n):
    c = enc.amplitude(Circuit(n))
    names = [op.name for op in c.operations]
    assert names.count("RY") == 2**n - 1
    assert names.count("CNOT") == 2**n - 2
    assert set(names) <= {"RY", "CNOT"}


def test_amplitude_angles_computed_once_per_batch():
    calls = []
    original = enc.mottonen_angles

    def counting(v):
        calls.append(v.shape)
        return original(v)

    enc.mottonen_angles = counting
    try:
        c = enc.amplitude(Circuit(3))
        c.statevector(np.ones((5, 8)))
    finally:
        enc.mottonen_angles = original
    assert calls == [(5, 8)]


def test_amplitude_vectors_padding_and_errors():
    v = enc.amplitude_vectors(np.array([[1.0, 1.0, 1.0]]), pad_with=1.0)
    np.testing.assert_allclose(v, [[0.5, 0.5, 0.5, 0.5]])
    with pytest.raises(ValueError, match="row 1 is zero"):
        enc.amplitude_vectors(np.array([[1.0, 0.0], [0.0, 0.0]]))
    with pytest.raises(ValueError, match="5 features do not fit in the 4 amplitudes of 2 qubits"):
        enc.amplitude_vectors(np.ones((1, 5)), n_qubits=2)
    with pytest.raises(ValueError, match="norm 2, not 1"):
        enc.amplitude_vectors(np.array([[2.0, 0.0]]), normalize=False)
    with pytest.raises(ValueError, match="NaN"):
        enc.amplitude_vectors(np.array([[np.nan, 1.0]]))
    c = enc.amplitude(Circuit(2))
    with pytest.raises(ValueError, match="do not fit"):
        c.statevector(np.ones((1, 5)))
    assert enc.n_qubits_for_amplitude(1) == 1 and enc.n_qubits_for_amplitude(8) == 3


# --- IQP and ZZ ----------------------------------------------------------------------------
@pytest.mark.parametrize("n, repeats, pattern", [(2, 1, None), (3, 2, None), (4, 1, [[0, 2], [1, 3], [0, 1]])])
def test_iqp_matches_pennylane(n, repeats, pattern):
    rng = np.random.default_rng(n + repeats)
    x = rng.uniform(-np.pi, np.pi, (3, n))
    ours = enc.iqp(Circuit(n), n_repeats=repeats, pattern=pattern).statevector(x)
    kwargs = {} if pattern is None else {"pattern": pattern}
    ref = _pl_states(n, lambda row: qml.IQPEmbedding(row, wires=range(n), n_repeats=repeats, **kwargs), x)
    np.testing.assert_allclose(ours, ref, atol=ATOL)


def _zz_dense(row, reps, pairs):
    n = len(row)
    h = reduce(np.kron, [np.array([[1, 1], [1, -1]]) / np.sqrt(2)] * n)
    bits = (np.arange(2**n)[:, None] >> np.arange(n - 1, -1, -1)) & 1  # wire 0 most significant
    phase = 2 * (bits @ row)
    for i, j in pairs:
        phase = phase + 2 * (np.pi - row[i]) * (np.pi - row[j]) * (bits[:, i] ^ bits[:, j])
    u = np.diag(np.exp(1j * phase)) @ h
    state = np.zeros(2**n, complex)
    state[0] = 1
    for _ in range(reps):
        state = u @ state
    return state


@pytest.mark.parametrize("n, reps, entanglement", [(2, 1, "full"), (3, 2, "full"), (4, 2, "linear"), (3, 1, [[0, 2]])])
def test_zz_feature_map_matches_dense_reference(n, reps, entanglement):
    rng = np.random.default_rng(7 * n + reps)
    x = rng.uniform(0, 2 * np.pi, (3, n))
    ours = enc.zz_feature_map(Circuit(n), reps=reps, entanglement=entanglement).statevector(x)
    if entanglement == "full":
        pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    elif entanglement == "linear":
        pairs = [(i, i + 1) for i in range(n - 1)]
    else:
        pairs = [tuple(p) for p in entanglement]
    for a, row in zip(ours, x, strict=True):
        np.testing.assert_allclose(a, _zz_dense(row, reps, pairs), atol=ATOL)


def test_iqp_zz_bad_arguments():
    with pytest.raises(ValueError, match="pairs of distinct positions"):
        enc.iqp(Circuit(2), pattern=[[0, 0]])
    with pytest.raises(ValueError, match="n_repeats must be a positive integer"):
        enc.iqp(Circuit(2), n_repeats=0)
    with pytest.raises(ValueError, match="entanglement must be"):
        enc.zz_feature_map(Circuit(2), entanglement="ring")


# --- re-uploading --------------------------------------------------------------------------
@pytest.mark.parametrize("layers", [1, 2, 3])
def test_reupload_spectrum_has_frequencies_up_to_layers(layers):
    # Schuld, Sweke and Meyer 2021: L uploads of RX(x) give a Fourier series of degree L.
    c = enc.reupload(Circuit(1), lambda c: enc.angle(c, "X"),
                     lambda c, k: c.rot(weight(3 * k), weight(3 * k + 1), weight(3 * k + 2), 0), layers)
    assert c.n_weights == 3 * (layers + 1)
    w = np.random.default_rng(layers).uniform(0, 2 * np.pi, c.n_weights)
    m = 32
    x = 2 * np.pi * np.arange(m) / m
    f = c.expval("Z0", x[:, None], w)
    coeffs = np.abs(np.fft.rfft(f)) / m
    assert coeffs[layers] > 1e-4  # the top frequency is present for random weights
    assert np.all(coeffs[layers + 1:] < 1e-12)  # and nothing above it


def test_reupload_interleaves_blocks_and_encodings():
    c = enc.reupload(Circuit(1), lambda c: c.rx(0.1, 0), lambda c, k: c.ry(weight(k), 0), 2, final_block=False)
    assert [op.name for op in c.operations] == ["RY", "RX", "RY", "RX"]
    with pytest.raises(ValueError, match="n_layers must be a positive integer"):
        enc.reupload(Circuit(1), lambda c: c, lambda c, k: c, 0)
