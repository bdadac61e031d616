"""Density-matrix simulation with noise, checked against PennyLane's default.mixed."""

import itertools

import numpy as np
import pytest

from qmlcourse.sim.circuit import Circuit, feature, weight
from qmlcourse.sim.measure import Hamiltonian, Hermitian
from qmlcourse.sim.noise import (
    MAX_NOISY_QUBITS,
    Channel,
    NoiseModel,
    amplitude_damping,
    bit_flip,
    density_matrix,
    depolarizing,
    noisy_expval,
    noisy_probs,
    phase_damping,
    readout_matrix,
    scale_noise,
)

qml = pytest.importorskip("pennylane")

PL_CHANNELS = {
    "depolarizing": "DepolarizingChannel",
    "amplitude_damping": "AmplitudeDamping",
    "phase_damping": "PhaseDamping",
    "bit_flip": "BitFlip",
}

# (name, number of wires, number of angles)
GATE_POOL = [
    ("RX", 1, 1), ("RY", 1, 1), ("RZ", 1, 1), ("PhaseShift", 1, 1), ("Rot", 1, 3), ("U3", 1, 3),
    ("Hadamard", 1, 0), ("S", 1, 0), ("T", 1, 0), ("SX", 1, 0), ("PauliX", 1, 0), ("PauliY", 1, 0),
    ("CNOT", 2, 0), ("CZ", 2, 0), ("CY", 2, 0), ("SWAP", 2, 0), ("CRX", 2, 1), ("CRY", 2, 1), ("CRZ", 2, 1),
    ("IsingXX", 2, 1), ("IsingYY", 2, 1), ("IsingZZ", 2, 1), ("Toffoli", 3, 0), ("MultiRZ", 3, 1),
    ("QubitUnitary", 2, 0),
]


def _random_unitary(rng, d):
    z = rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d))
    q, r = np.linalg.qr(z)
    return q * (np.diag(r) / np.abs(np.diag(r)))


def random_noisy_circuit(seed, n, n_gates=12, n_features=2, n_weights=3):
    """A Circuit, its gate list for PennyLane, and a random noise model."""
    rng = np.random.default_rng(seed)
    c = Circuit(n)
    spec = []  # (name, wires, angle recipes, matrix)
    pool = [g for g in GATE_POOL if g[1] <= n]
    for _ in range(n_gates):
        name, k_wires, k_params = pool[rng.integers(len(pool))]
        wires = tuple(int(q) for q in rng.permutation(n)[:k_wires])
        recipes, params = [], []
        for _ in range(k_params):
            kind = rng.integers(3)
            scale, shift = float(rng.uniform(-2, 2)), float(rng.uniform(-1, 1))
            if kind == 0:
                i = int(rng.integers(n_features))
                recipes.append(("x", i, scale, shift))
                params.append(feature(i, scale, shift))
            elif kind == 1:
                j = int(rng.integers(n_weights))
                recipes.append(("w", j, scale, shift))
                params.append(weight(j, scale, shift))
            else:
                recipes.append(("c", 0, 0.0, shift))
                params.append(shift)
        matrix = _random_unitary(rng, 2**k_wires) if name == "QubitUnitary" else None
        c.add(name, wires, *params, matrix=matrix)
        spec.append((name, wires, recipes, matrix))
    names = ["*", "CNOT", "RY", "Hadamard", "CRX"]
    after = {}
    for name in names:
        chans = [Channel(str(rng.choice(list(PL_CHANNELS))), float(rng.uniform(0, 0.3))) for _ in range(2)]
        after[name] = chans[: 1 + int(rng.integers(2))]
    model = NoiseModel.of(after=after)
    # use every weight so that the circuit takes w of shape (n_weights,)
    for j in range(n_weights):
        c.rz(weight(j, 0.5), j % n)
        spec.append(("RZ", (j % n,), [("w", j, 0.5, 0.0)], None))
    return c, spec, model


def _angle(recipe, x_row, w):
    kind, i, scale, shift = recipe
    if kind == "x":
        return scale * x_row[i] + shift
    if kind == "w":
        return scale * w[i] + shift
    return shift


def pennylane_reference(spec, model, n, x, w, readout_prob=None):
    # default.mixed's own readout_prob fails on qml.probs in this PennyLane version (TypeError:
    # 'float' object is not iterable); it is documented as a BitFlip before measuring, so insert that.
    dev = qml.device("default.mixed", wires=n)

    def body(x_row):
        for name, wires, recipes, matrix in spec:
            if name == "QubitUnitary":
                qml.QubitUnitary(matrix, wires=list(wires))
            else:
                getattr(qml, name)(*[_angle(r, x_row, w) for r in recipes], wires=list(wires))
            for ch in model.channels_after(name):
                for q in wires:
                    getattr(qml, PL_CHANNELS[ch.name])(ch.p, wires=q)

    @qml.qnode(dev)
    def rho(x_row):
        body(x_row)
        return qml.density_matrix(wires=list(range(n)))

    @qml.qnode(dev)
    def probs(x_row):
        body(x_row)
        if readout_prob is not None:
            for q in range(n):
                qml.BitFlip(readout_prob, wires=q)
        return qml.probs(wires=list(range(n)))

    return (np.array([rho(r) for r in x]), np.array([probs(r) for r in x]))


@pytest.mark.parametrize("seed,n", [(0, 2), (1, 3), (2, 4), (3, 3)])
def test_random_noisy_circuits_match_default_mixed(seed, n):
    c, spec, model = random_noisy_circuit(seed, n)
    rng = np.random.default_rng(100 + seed)
    x = rng.uniform(-np.pi, np.pi, size=(3, 2))
    w = rng.uniform(-np.pi, np.pi, size=3)
    rho = density_matrix(c, x, w, noise=model)
    p = noisy_probs(c, x, w, noise=model)
    ref_rho, ref_p = pennylane_reference(spec, model, n, x, w)
    assert rho.shape == (3, 2**n, 2**n) and p.shape == (3, 2**n)
    np.testing.assert_allclose(rho, ref_rho, atol=1e-10)
    np.testing.assert_allclose(p, ref_p, atol=1e-10)


def test_symmetric_readout_matches_pennylane_bit_flip_before_measuring():
    c, spec, model = random_noisy_circuit(5, 3)
    x = np.random.default_rng(5).uniform(-2, 2, size=(2, 2))
    w = np.array([0.3, -0.7, 1.1])
    noisy = NoiseModel.of(after=dict(model.after), readout=(0.07, 0.07))
    _, ref_p = pennylane_reference(spec, model, 3, x, w, readout_prob=0.07)
    np.testing.assert_allclose(noisy_probs(c, x, w, noise=noisy), ref_p, atol=1e-10)


def test_asymmetric_readout_matches_sum_over_flip_patterns():
    c, _, model = random_noisy_circuit(6, 3)
    x = np.array([[0.4, -1.2]])
    w = np.array([0.3, -0.7, 1.1])
    pairs = [(0.02, 0.1), (0.05, 0.0), (0.2, 0.15)]
    exact = noisy_probs(c, x, w, noise=model)[0]
    expected = np.zeros(8)
    for true, meas in itertools.product(range(8), range(8)):
        tb, mb = f"{true:03b}", f"{meas:03b}"
        prob = 1.0
        for q, (p01, p10) in enumerate(pairs):
            flip = p01 if tb[q] == "0" else p10
            prob *= flip if tb[q] != mb[q] else 1 - flip
        expected[meas] += prob * exact[true]
    got = noisy_probs(c, x, w, noise=NoiseModel.of(after=dict(model.after), readout=pairs))[0]
    np.testing.assert_allclose(got, expected, atol=1e-13)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_density_matrices_are_physical(seed):
    c, _, model = random_noisy_circuit(seed, 3, n_gates=15)
    x = np.random.default_rng(seed).normal(size=(4, 2))
    w = np.random.default_rng(seed + 1).normal(size=(2, 3))  # two weight sets
    rho = density_matrix(c, x, w, noise=model)
    assert rho.shape == (2, 4, 8, 8)
    np.testing.assert_allclose(np.trace(rho, axis1=-2, axis2=-1), 1.0, atol=1e-12)
    np.testing.assert_allclose(rho, np.swapaxes(rho, -1, -2).conj(), atol=1e-13)
    assert np.linalg.eigvalsh(rho).min() > -1e-12
    # purity drops below 1 with noise
    assert np.einsum("...ij,...ji->...", rho, rho).real.max() < 1 - 1e-3


def test_zero_probability_channels_give_the_pure_state():
    c, _, model = random_noisy_circuit(7, 3)
    silent = scale_noise(model, 0.0)
    x = np.random.default_rng(7).normal(size=(3, 2))
    w = np.array([0.1, 0.2, 0.3])
    psi = c.statevector(x, w)
    expected = psi[:, :, None] * psi[:, None, :].conj()
    np.testing.assert_allclose(density_matrix(c, x, w, noise=silent), expected, atol=1e-12)
    np.testing.assert_allclose(density_matrix(c, x, w), expected, atol=1e-12)
    np.testing.assert_allclose(noisy_probs(c, x, w, noise=silent), c.probs(x, w), atol=1e-12)
    obs = ["Z0 Z1", "X2", "Y0 X1", Hamiltonian([0.5, -1.0], ["Z2", "X0 Y2"])]
    np.testing.assert_allclose(noisy_expval(c, obs, x, w, noise=silent), c.expval(obs, x, w), atol=1e-12)


def test_noisy_expval_matches_default_mixed():
    c, spec, model = random_noisy_circuit(8, 3)
    x = np.array([[0.2, 0.9], [-1.0, 0.5]])
    w = np.array([0.3, -0.4, 0.8])
    herm = _random_unitary(np.random.default_rng(0), 4)
    herm = herm + herm.conj().T
    dev = qml.device("default.mixed", wires=3)

    @qml.qnode(dev)
    def ref(x_row):
        for name, wires, recipes, matrix in spec:
            if name == "QubitUnitary":
                qml.QubitUnitary(matrix, wires=list(wires))
            else:
                getattr(qml, name)(*[_angle(r, x_row, w) for r in recipes], wires=list(wires))
            for ch in model.channels_after(name):
                for q in wires:
                    getattr(qml, PL_CHANNELS[ch.name])(ch.p, wires=q)
        return (qml.expval(qml.PauliZ(0) @ qml.PauliX(2)), qml.expval(qml.Hermitian(herm, wires=[1, 2])))

    got = noisy_expval(c, ["Z0 X2", Hermitian(herm, [1, 2])], x, w, noise=model)
    expected = np.array([np.array(ref(r)) for r in x])
    np.testing.assert_allclose(got, expected, atol=1e-10)


def test_readout_error_in_expval_uses_corrupted_probabilities():
    c = Circuit(2)
    c.ry(0.7, 0).cnot(0, 1)
    model = NoiseModel.of(readout=[(0.1, 0.2), (0.0, 0.3)])
    p = noisy_probs(c, noise=model)[0]
    np.testing.assert_allclose(noisy_expval(c, "Z0 Z1", noise=model), [p @ [1, -1, -1, 1]], atol=1e-14)
    with pytest.raises(ValueError, match="diagonal in the computational basis.*X1"):
        noisy_expval(c, "X1", noise=model)


def test_kraus_operators_are_trace_preserving_and_match_pennylane():
    for fn, pl in [(depolarizing, qml.DepolarizingChannel), (amplitude_damping, qml.AmplitudeDamping),
                   (phase_damping, qml.PhaseDamping), (bit_flip, qml.BitFlip)]:
        ks = fn(0.37)
        np.testing.assert_allclose(sum(k.conj().T @ k for k in ks), np.eye(2), atol=1e-14)
        ref = pl(0.37, wires=0).kraus_matrices()
        np.testing.assert_allclose(np.array(ks), np.array(ref), atol=1e-14)


def test_noise_after_gate_names_and_star():
    model = NoiseModel.of(after={"CNOT": Channel("bit_flip", 0.2), "*": Channel("depolarizing", 0.1)})
    assert model.channels_after("CNOT") == (Channel("depolarizing", 0.1), Channel("bit_flip", 0.2))
    assert model.channels_after("RX") == (Channel("depolarizing", 0.1),)
    # a channel after a two-qubit gate acts on both of its wires
    c = Circuit(2)
    c.cnot(0, 1)
    p = noisy_probs(c, noise=NoiseModel.of(after={"CNOT": Channel("bit_flip", 0.2)}))[0]
    np.testing.assert_allclose(p, [0.64, 0.16, 0.16, 0.04], atol=1e-14)
    np.testing.assert_allclose(readout_matrix(0.1, 0.3).sum(axis=0), [1.0, 1.0])


def test_errors_are_clear():
    with pytest.raises(ValueError, match=r"depolarizing: the probability must be in \[0, 1\]; got -0.1"):
        Channel("depolarizing", -0.1)
    with pytest.raises(ValueError, match=r"bit_flip: the probability must be in \[0, 1\]; got nan"):
        bit_flip(float("nan"))
    with pytest.raises(ValueError, match="unknown channel 'dephase'"):
        Channel("dephase", 0.1)
    with pytest.raises(ValueError, match="unknown gate 'CNOTT'"):
        NoiseModel.of(after={"CNOTT": Channel("bit_flip", 0.1)})
    with pytest.raises(ValueError, match=r"readout p\(1\|0\): the probability must be in \[0, 1\]; got 1.5"):
        NoiseModel.of(readout=(1.5, 0.0))
    with pytest.raises(ValueError, match=r"shape \(n_wires, 2\); got shape \(3,\)"):
        NoiseModel.of(readout=(0.1, 0.2, 0.3))
    with pytest.raises(ValueError, match="readout error for 2 wires; the circuit has 3"):
        noisy_probs(Circuit(3), noise=NoiseModel.of(readout=[(0.1, 0.1), (0.1, 0.1)]))
    with pytest.raises(ValueError, match=f"at most {MAX_NOISY_QUBITS} qubits; got a 11-qubit circuit"):
        density_matrix(Circuit(11))
    with pytest.raises(ValueError, match=r"the noise scale factor must be a non-negative number"):
        scale_noise(NoiseModel(), -1)
    with pytest.raises(ValueError, match=r"bit_flip: the probability must be in \[0, 1\]; got 1.2"):
        scale_noise(NoiseModel.of(after={"RX": Channel("bit_flip", 0.4)}), 3)
    c = Circuit(1)
    c.rx(feature(0), 0)
    with pytest.raises(ValueError, match="pass x of shape"):
        density_matrix(c)
    with pytest.raises(ValueError, match="noise must be a NoiseModel"):
        density_matrix(c, np.zeros((1, 1)), noise={"RX": 0.1})


def test_ten_qubits_run():
    c = Circuit(MAX_NOISY_QUBITS)
    for q in range(MAX_NOISY_QUBITS):
        c.h(q)
    p = noisy_probs(c, noise=NoiseModel.of(after={"Hadamard": Channel("amplitude_damping", 0.1)}))
    np.testing.assert_allclose(p.sum(), 1.0, atol=1e-12)
    # each wire: H|0> then damping: p(1) = 0.5 * 0.9
    np.testing.assert_allclose(p[0, -1], 0.45**MAX_NOISY_QUBITS, rtol=1e-10)
