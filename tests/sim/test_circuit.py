"""Tests for qmlcourse/sim/circuit.py: random circuits with every gate against PennyLane."""

import time

import numpy as np
import pennylane as qml
import pytest

from qmlcourse.interop import to_pennylane
from qmlcourse.sim import Circuit, Hamiltonian, Hermitian, feature, weight
from qmlcourse.sim.gates import GATES
from qmlcourse.sim.params import feature_map
from simref import embed, random_circuit, random_unitary

ATOL = 1e-10
CASES = [(3, 0), (4, 1), (6, 2)]  # (n_qubits, seed)


def _data(c, seed, n_samples=4, n_sets=None):
    rng = np.random.default_rng(seed + 1000)
    x = rng.uniform(-np.pi, np.pi, (n_samples, c.n_features))
    w = rng.uniform(-np.pi, np.pi, c.n_weights if n_sets is None else (n_sets, c.n_weights))
    return x, w


def _hermitian(seed, k):
    rng = np.random.default_rng(seed)
    a = rng.normal(size=(2**k, 2**k)) + 1j * rng.normal(size=(2**k, 2**k))
    return a + a.conj().T


def test_random_circuit_contains_every_gate():
    c = random_circuit(4, 0)
    assert {op.name for op in c.operations} == set(GATES)
    mrz = [op for op in c.operations if op.name == "MultiRZ"]
    assert len(mrz[0].wires) == 3


@pytest.mark.parametrize("n, seed", CASES)
def test_amplitudes_batched_over_x_match_pennylane(n, seed):
    c = random_circuit(n, seed, layers=2)
    x, w = _data(c, seed, n_samples=5)
    ours = c.statevector(x, w)
    assert ours.shape == (5, 2**n)
    ref = np.asarray(to_pennylane(c)(x, w))
    np.testing.assert_allclose(ours, ref, atol=ATOL, rtol=0)
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1, atol=1e-12)


@pytest.mark.parametrize("n, seed", CASES)
def test_amplitudes_single_sample_match_pennylane(n, seed):
    c = random_circuit(n, seed + 10)
    x, w = _data(c, seed, n_samples=1)
    ref = np.asarray(to_pennylane(c)(x[0], w))
    np.testing.assert_allclose(c.statevector(x[0], w)[0], ref, atol=ATOL, rtol=0)
    np.testing.assert_allclose(c.statevector(x, w)[0], ref, atol=ATOL, rtol=0)
    run = c.run(x, w)
    assert run.shape == (1,) + (2,) * n
    np.testing.assert_allclose(run.reshape(-1), ref, atol=ATOL, rtol=0)


@pytest.mark.parametrize("n, seed", CASES)
def test_probs_all_and_marginal_match_pennylane(n, seed):
    c = random_circuit(n, seed + 20)
    x, w = _data(c, seed, n_samples=3)
    np.testing.assert_allclose(c.probs(x, w), to_pennylane(c, measure="probs")(x, w), atol=ATOL)
    rng = np.random.default_rng(seed)
    for k in (1, 2, 3):
        wires = [int(q) for q in rng.permutation(n)[:k]]
        ours = c.probs(x, w, wires=wires)
        assert ours.shape == (3, 2**k)
        ref = to_pennylane(c, measure="probs", wires=wires)(x, w)
        np.testing.assert_allclose(ours, ref, atol=ATOL, err_msg=f"wires {wires}")


@pytest.mark.parametrize("n, seed", CASES)
def test_expvals_match_pennylane(n, seed):
    c = random_circuit(n, seed + 30)
    x, w = _data(c, seed, n_samples=3)
    rng = np.random.default_rng(seed)
    words = ["".join(rng.choice(list("IXYZ"), n)) for _ in range(3)] + ["Z0", f"X{n - 1} Y0", "Z0 Z1 Z2"]
    herm = Hermitian(_hermitian(seed, 2), [n - 1, 0])
    ham = Hamiltonian([0.3, -1.1, 0.7], ["X0 Z1", Hermitian(_hermitian(seed + 1, 1), [1]), "Y2"])
    observables = words + [herm, ham]
    ours = c.expval(observables, x, w)
    assert ours.shape == (3, len(observables))
    ref = np.stack(to_pennylane(c, measure=observables)(x, w), axis=-1)
    np.testing.assert_allclose(ours, ref, atol=ATOL)
    # one observable at a time gives (N,)
    for o, col in zip([words[0], herm, ham], [0, len(words), len(words) + 1], strict=False):
        single = c.expval(o, x, w)
        assert single.shape == (3,)
        np.testing.assert_allclose(single, ours[:, col], atol=1e-14)
        np.testing.assert_allclose(single, to_pennylane(c, measure=o)(x, w), atol=ATOL)


@pytest.mark.parametrize("n, seed", CASES[:2])
def test_weight_sets_batched_give_p_n_shapes_equal_to_loop(n, seed):
    c = random_circuit(n, seed + 40)
    x, w = _data(c, seed, n_samples=3, n_sets=4)
    sv = c.statevector(x, w)
    assert sv.shape == (4, 3, 2**n)
    pr = c.probs(x, w, wires=[1, 0])
    assert pr.shape == (4, 3, 4)
    ev = c.expval(["Z0", "X1 Y2"], x, w)
    assert ev.shape == (4, 3, 2)
    ev1 = c.expval("Z0", x, w)
    assert ev1.shape == (4, 3)
    run = c.run(x, w)
    assert run.shape == (12,) + (2,) * n
    for p in range(4):
        np.testing.assert_allclose(sv[p], c.statevector(x, w[p]), atol=1e-13)
        np.testing.assert_allclose(sv[p], to_pennylane(c)(x, w[p]), atol=ATOL)
        np.testing.assert_allclose(pr[p], c.probs(x, w[p], wires=[1, 0]), atol=1e-13)
        np.testing.assert_allclose(ev[p], c.expval(["Z0", "X1 Y2"], x, w[p]), atol=1e-13)
        np.testing.assert_allclose(run.reshape(4, 3, -1)[p], sv[p], atol=1e-13)
    # one weight set with a batch axis keeps it
    assert c.statevector(x, w[:1]).shape == (1, 3, 2**n)


def test_weights_only_circuit_with_weight_sets():
    c = random_circuit(3, 5, n_features=0, n_weights=4)
    _, w = _data(c, 5, n_sets=3)
    assert c.statevector(w=w).shape == (3, 1, 8)
    assert c.statevector(w=w[0]).shape == (1, 8)
    for p in range(3):
        np.testing.assert_allclose(c.statevector(w=w)[p, 0], to_pennylane(c)(None, w[p]), atol=ATOL)


def test_data_only_circuit_and_constant_circuit():
    c = Circuit(2).ry(feature(0), 0).cnot(0, 1).rz(np.pi * feature(1), 1)
    x = np.array([[0.1, 0.2], [0.3, 0.4]])
    np.testing.assert_allclose(c.statevector(x), to_pennylane(c)(x, None), atol=ATOL)
    k = Circuit(2).h(0).cnot(0, 1)
    np.testing.assert_allclose(k.statevector(), [[2**-0.5, 0, 0, 2**-0.5]], atol=1e-15)
    # x given to a circuit without data: one result per sample
    assert k.statevector(x=np.zeros((3, 1))).shape == (3, 4)


def test_feature_map_angles_match_pennylane():
    c = Circuit(2).h(0).h(1)
    c.rz(feature_map(lambda x: (np.pi - x[:, 0]) * (np.pi - x[:, 1]), "phi"), 1)
    c.cnot(0, 1)
    x = np.random.default_rng(0).uniform(0, 2, (4, 2))
    np.testing.assert_allclose(c.statevector(x), to_pennylane(c)(x, None), atol=ATOL)


# --- convention ---------------------------------------------------------------------------------


def test_wire_zero_is_most_significant():
    np.testing.assert_array_equal(Circuit(2).x(1).statevector()[0], [0, 1, 0, 0])
    np.testing.assert_array_equal(Circuit(2).x(0).statevector()[0], [0, 0, 1, 0])
    np.testing.assert_array_equal(Circuit(3).x(0).cnot(0, 2).probs()[0], np.eye(8)[5])


# --- matrix() -------------------------------------------------------------------------------------


@pytest.mark.parametrize("n, seed", [(3, 0), (4, 3)])
def test_matrix_equals_pennylane(n, seed):
    c = random_circuit(n, seed, n_features=0, n_weights=5)
    _, w = _data(c, seed)
    u = c.matrix(w)
    assert u.shape == (2**n, 2**n)
    ref = qml.matrix(to_pennylane(c), wire_order=range(n))(None, w)
    np.testing.assert_allclose(u, ref, atol=ATOL)
    np.testing.assert_allclose(u @ u.conj().T, np.eye(2**n), atol=1e-12)
    # the first column is the statevector
    np.testing.assert_allclose(u[:, 0], c.statevector(w=w)[0], atol=1e-13)


def test_matrix_of_simple_circuits():
    np.testing.assert_array_equal(Circuit(2).cnot(0, 1).matrix(), np.eye(4)[[0, 1, 3, 2]])
    u = random_unitary(4, 0)
    np.testing.assert_allclose(Circuit(3).unitary(u, 2, 0).matrix(), embed(u, [2, 0], 3), atol=1e-13)
    np.testing.assert_array_equal(Circuit(2).matrix(), np.eye(4))
    with pytest.raises(ValueError, match="without data"):
        Circuit(1).rx(feature(0), 0).matrix()
    with pytest.raises(ValueError, match="one weight set"):
        Circuit(1).rx(weight(0), 0).matrix(np.zeros((2, 1)))


# --- drawing ------------------------------------------------------------------------------------


def test_drawing_has_one_line_per_wire_with_labels():
    c = Circuit(3).ry(feature(0), 0).cnot(0, 2).rz(2 * weight(0) + 0.1, 1).crx(weight(1), 1, 2).swap(0, 1)
    c.toffoli(0, 1, 2).unitary(np.eye(2), 1)
    text = str(c)
    lines = text.splitlines()
    assert len(lines) == 3
    assert [line[:3] for line in lines] == ["0: ", "1: ", "2: "]
    assert "RY(x0)" in lines[0]
    assert "RZ(2*w0+0.1)" in lines[1]
    assert "⊕" in lines[2] and "●" in lines[0]
    assert "RX(w1)" in lines[2]  # CRX target shows the rotation
    assert lines[0].count("×") == 1 and lines[1].count("×") == 1
    assert "U" in lines[1]
    # the CNOT's control and target sit in the same column, with the crossing line in between
    col = lines[0].index("●")
    assert lines[2][col] == "⊕" and lines[1][col] == "│"
    assert len({len(line) for line in lines}) == 1
    assert c.draw() == text
    assert "3 qubits" in repr(c) and "2 weights" in repr(c)


def test_circuit_bookkeeping():
    c = Circuit(3).rx(weight(4), 0).ry(feature(2), 1)
    assert (c.n_weights, c.n_features, len(c)) == (5, 3, 2)
    d = c.copy().h(2)
    assert len(c) == 2 and len(d) == 3
    c.extend(Circuit(3).cz(0, 1))
    assert c.operations[-1].name == "CZ"
    with pytest.raises(ValueError, match="cannot extend a 3-qubit circuit with a 2-qubit one"):
        c.extend(Circuit(2))


# --- errors ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "build, error, match",
    [
        (lambda c: c.rx(0.1, 3), ValueError, r"RX: wires must be in 0..2 for 3 qubits; got \[3\]"),
        (lambda c: c.rx(0.1, -1), ValueError, r"got \[-1\]"),
        (lambda c: c.cnot(1, 1), ValueError, r"CNOT: wires must be distinct; got \[1, 1\]"),
        (lambda c: c.add("CNOT", [0]), ValueError, r"CNOT acts on 2 wire\(s\); got 1"),
        (lambda c: c.add("Toffoli", [0, 1]), ValueError, r"Toffoli acts on 3 wire\(s\)"),
        (lambda c: c.multirz(0.1), ValueError, "at least one wire"),
        (lambda c: c.add("RX", 0.5, 0.1), TypeError, "wires must be integers"),
        (lambda c: c.add("Frobnicate", 0), ValueError, "unknown gate 'Frobnicate'"),
        (lambda c: c.add("RX", 0), ValueError, r"RX takes 1 angle\(s\); got 0"),
        (lambda c: c.unitary(np.array([[1, 1], [0, 1]]), 0), ValueError, "not unitary"),
        (lambda c: c.unitary(np.eye(2), 0, 1), ValueError, r"must have shape \(4, 4\); got \(2, 2\)"),
        (lambda c: c.unitary(np.full((2, 2), np.nan), 0), ValueError, "NaN"),
        (lambda c: c.add("QubitUnitary", [0]), ValueError, "needs a matrix"),
        (lambda c: c.rx(np.nan, 0), ValueError, "finite"),
        (lambda c: c.rx("a", 0), TypeError, "a gate angle must be a number"),
    ],
)
def test_building_errors(build, error, match):
    with pytest.raises(error, match=match):
        build(Circuit(3))


def _cw():
    return Circuit(2).ry(feature(2), 0).rx(weight(1), 1)  # 3 features, 2 weights


@pytest.mark.parametrize(
    "x, w, error, match",
    [
        (np.zeros((4, 2)), np.zeros(2), ValueError, r"at least 3 features \(columns\); got shape \(4, 2\)"),
        (None, np.zeros(2), ValueError, r"pass x of shape \(n_samples, 3\)"),
        (np.zeros((4, 3)), None, ValueError, r"pass w of shape \(2,\)"),
        (
            np.zeros((4, 3)),
            np.zeros(3),
            ValueError,
            r"w must have shape \(2,\) or \(n_sets, 2\) for this circuit; got \(3,\)",
        ),
        (np.zeros((4, 3)), np.zeros((2, 2, 2)), ValueError, r"got \(2, 2, 2\)"),
        (np.zeros((4, 3, 1)), np.zeros(2), ValueError, r"x must have shape \(n_samples, n_features\); got \(4, 3, 1\)"),
        (np.zeros((0, 3)), np.zeros(2), ValueError, r"x must have shape"),
        (np.array([[0.0, 0.0, np.nan]]), np.zeros(2), ValueError, "x contains NaN"),
        (np.zeros((1, 3)), np.array([0.0, np.inf]), ValueError, "w contains NaN or infinite"),
        (np.zeros((1, 3)) + 1j, np.zeros(2), TypeError, "x must hold real numbers"),
        (np.zeros((1, 3)), np.zeros(2) + 0j, TypeError, "w must hold real numbers"),
    ],
)
def test_input_errors(x, w, error, match):
    c = _cw()
    for call in (
        lambda: c.statevector(x, w),
        lambda: c.expval("Z0", x, w),
        lambda: c.probs(x, w),
        lambda: c.gradient("Z0", x, w),
    ):
        with pytest.raises(error, match=match):
            call()


def test_measurement_errors():
    c = Circuit(2).h(0)
    with pytest.raises(ValueError, match=r"observable Z2 uses wires \[2\], outside 0..1"):
        c.expval("Z2")
    with pytest.raises(ValueError, match=r"outside 0..1"):
        c.expval(["Z0", Hermitian(np.eye(2), 3)])
    with pytest.raises(ValueError, match="not Hermitian"):
        c.expval(Hermitian(np.array([[0, 1j], [1j, 0]]), 0))
    with pytest.raises(ValueError, match="a Pauli word is like"):
        c.expval("Z0 Q1")
    with pytest.raises(ValueError, match=r"wires must be in 0..1 for 2 qubits; got \[4\]"):
        c.probs(wires=[4])
    with pytest.raises(ValueError, match="shots must be a positive integer; got 0"):
        c.sample(0)
    with pytest.raises(ValueError, match="shots must be a positive integer; got -5"):
        c.sample(-5)


@pytest.mark.parametrize("n", [31, 28, 40])
def test_huge_circuits_refused_quickly(n):
    t0 = time.perf_counter()
    with pytest.raises(ValueError, match="qubits"):
        Circuit(n)
    assert time.perf_counter() - t0 < 0.5


def test_huge_batches_refused_before_allocating():
    c = Circuit(25).ry(feature(0), 0)  # 512 MiB per state
    t0 = time.perf_counter()
    with pytest.raises(ValueError, match="GiB limit"):
        c.statevector(np.zeros((5, 1)))
    assert time.perf_counter() - t0 < 0.5
    with pytest.raises(ValueError, match="GiB limit"):
        Circuit(20).h(0).matrix()  # the full unitary would take 16 TiB


@pytest.mark.parametrize("bad", [0, -2, 2.0, True, "3"])
def test_bad_qubit_count(bad):
    with pytest.raises(ValueError, match="n_qubits must be a positive integer"):
        Circuit(bad)


# --- sampling through the circuit -------------------------------------------------------------------


def test_circuit_sample_shapes_seed_and_frequencies():
    c = Circuit(2).ry(feature(0), 0).cnot(0, 1).rx(weight(0), 1)
    x = np.array([[0.3], [1.2], [2.5]])
    w = np.array([[0.2], [1.0]])
    s = c.sample(30_000, x, w, seed=1)
    assert s.shape == (2, 3, 30_000, 2)
    np.testing.assert_array_equal(s, c.sample(30_000, x, w, seed=1))
    assert c.sample(5, x, w[0], wires=[1], seed=0).shape == (3, 5, 1)
    p = c.probs(x, w)
    idx = 2 * s[..., 0].astype(int) + s[..., 1]
    freq = np.stack([(idx == j).mean(axis=-1) for j in range(4)], axis=-1)
    np.testing.assert_allclose(freq, p, atol=0.015)
