"""Readout correction and zero-noise extrapolation against closed forms."""

import itertools

import numpy as np
import pytest

from qmlcourse.mitigation import (
    confusion_matrix,
    correct_readout,
    fold_gates,
    inverse_operation,
    zero_noise_extrapolate,
)
from qmlcourse.sim.circuit import Circuit, feature, weight
from qmlcourse.sim.gates import GATES
from qmlcourse.sim.noise import Channel, NoiseModel, noisy_expval, noisy_probs, scale_noise


def every_gate_circuit():
    """Three qubits, every registered gate once, angles from data, weights and constants."""
    rng = np.random.default_rng(0)
    z = rng.normal(size=(4, 4)) + 1j * rng.normal(size=(4, 4))
    u = np.linalg.qr(z)[0]
    c = Circuit(3)
    c.h(0).h(1).h(2).ry(feature(0), 0).rx(weight(0, 0.7), 1).rz(0.3, 2).phase(feature(1, -1.0), 0)
    c.rot(weight(1), feature(0, 2.0), 0.4, 1).u3(0.5, weight(2), feature(1), 2)
    c.s(0).t(1).sx(2).x(0).y(1).z(2).identity(0)
    c.cnot(0, 1).cz(1, 2).cy(2, 0).swap(0, 2).crx(weight(0), 0, 1).cry(feature(0), 1, 2).crz(0.9, 2, 0)
    c.isingxx(weight(1), 0, 1).isingyy(0.2, 1, 2).isingzz(feature(1), 0, 2).toffoli(0, 1, 2)
    c.multirz(weight(2, -1.5), 0, 1, 2).unitary(u, 2, 0)
    return c


def test_every_gate_is_covered_and_inverted():
    c = every_gate_circuit()
    assert {op.name for op in c.operations} == set(GATES)
    for op in c.operations:
        name, wires, params, matrix = inverse_operation(op)
        single = Circuit(3)
        single.add(op.name, op.wires, *op.params, matrix=op.matrix).add(name, wires, *params, matrix=matrix)
        x = np.array([[0.3, -1.1], [2.0, 0.4]])
        w = np.array([0.5, -0.8, 1.3])
        needs_x, needs_w = single.uses_data, single.n_weights > 0
        psi = single.statevector(x if needs_x else None, w[: single.n_weights] if needs_w else None)
        np.testing.assert_allclose(np.abs(psi[..., 0]), 1.0, atol=1e-12, err_msg=op.name)


@pytest.mark.parametrize("scale", [1, 3, 5])
def test_folded_circuit_has_the_same_states_and_scale_times_the_gates(scale):
    c = every_gate_circuit()
    n_ops = len(c)
    x = np.random.default_rng(1).normal(size=(4, 2))
    w = np.random.default_rng(2).normal(size=(2, 3))
    folded = fold_gates(c, scale)
    assert len(folded) == scale * len(c)
    np.testing.assert_allclose(folded.statevector(x, w), c.statevector(x, w), atol=1e-11)
    assert len(c) == n_ops  # the original is unchanged


def test_fold_gates_rejects_even_and_non_integer_scales():
    c = Circuit(1)
    c.h(0)
    for bad in (2, 0, -1, 1.5, True):
        with pytest.raises(ValueError, match=r"scale must be an odd integer >= 1 \(1, 3, 5, ...\)"):
            fold_gates(c, bad)


def test_confusion_matrix_is_the_tensor_product_of_wires():
    pairs = [(0.02, 0.1), (0.05, 0.0), (0.2, 0.15)]
    a = confusion_matrix([p for p, _ in pairs], [q for _, q in pairs], 3)
    expected = np.zeros((8, 8))
    for true, meas in itertools.product(range(8), range(8)):
        tb, mb = f"{true:03b}", f"{meas:03b}"
        prob = 1.0
        for q, (p01, p10) in enumerate(pairs):
            flip = p01 if tb[q] == "0" else p10
            prob *= flip if tb[q] != mb[q] else 1 - flip
        expected[meas, true] = prob
    np.testing.assert_allclose(a, expected, atol=1e-15)
    np.testing.assert_allclose(a.sum(axis=0), 1.0)


def test_correct_readout_recovers_exact_probabilities():
    c = every_gate_circuit()
    x = np.random.default_rng(3).normal(size=(5, 2))
    w = np.array([0.5, -0.8, 1.3])
    gate_noise = {"*": Channel("depolarizing", 0.01)}
    pairs = [(0.03, 0.08), (0.01, 0.12), (0.06, 0.02)]
    exact = noisy_probs(c, x, w, noise=NoiseModel.of(after=gate_noise))
    measured = noisy_probs(c, x, w, noise=NoiseModel.of(after=gate_noise, readout=pairs))
    a = confusion_matrix([p for p, _ in pairs], [q for _, q in pairs], 3)
    assert np.abs(measured - exact).max() > 1e-2
    np.testing.assert_allclose(correct_readout(measured, a), exact, atol=1e-12)


def test_correct_readout_of_shot_estimates_is_a_distribution_and_closer():
    a = confusion_matrix(0.1, 0.2, 2)
    true = np.array([0.0, 0.5, 0.5, 0.0])
    rng = np.random.default_rng(4)
    counts = rng.multinomial(2000, a @ true, size=50)
    est = counts / 2000
    fixed = correct_readout(est, a)
    assert fixed.shape == (50, 4)
    assert fixed.min() >= 0
    np.testing.assert_allclose(fixed.sum(axis=1), 1.0, atol=1e-12)
    assert np.abs(fixed - true).sum(axis=1).mean() < 0.5 * np.abs(est - true).sum(axis=1).mean()


def test_correct_readout_errors():
    a = confusion_matrix(0.1, 0.1, 2)
    with pytest.raises(ValueError, match=r"probs must have shape \(..., 4\) to match the confusion matrix; got \(3,\)"):
        correct_readout(np.ones(3) / 3, a)
    with pytest.raises(ValueError, match=r"confusion must be a square matrix \(d, d\); got shape \(4, 3\)"):
        correct_readout(np.ones(4) / 4, a[:, :3])
    with pytest.raises(ValueError, match="singular"):
        correct_readout(np.ones(2) / 2, confusion_matrix(0.5, 0.5, 1))
    with pytest.raises(ValueError, match=r"one entry per wire, shape \(2,\)"):
        confusion_matrix([0.1, 0.2, 0.3], 0.1, 2)
    with pytest.raises(ValueError, match=r"\[0, 1\]; got 1.2"):
        confusion_matrix(1.2, 0.1, 1)


def test_extrapolation_is_exact_for_its_own_models():
    s = [1.0, 2.0, 3.0, 4.0]
    assert zero_noise_extrapolate(s, [0.8 - 0.1 * t for t in s], order=1) == pytest.approx(0.8, abs=1e-13)
    quad = [0.9 - 0.2 * t + 0.03 * t * t for t in s[:3]]
    assert zero_noise_extrapolate(s[:3], quad, "richardson") == pytest.approx(0.9, abs=1e-12)
    assert zero_noise_extrapolate(s, [0.9 - 0.2 * t + 0.03 * t * t for t in s], order=2) == pytest.approx(0.9)
    assert zero_noise_extrapolate(s, [-0.7 * 0.8**t for t in s], "exp") == pytest.approx(-0.7, abs=1e-13)
    assert zero_noise_extrapolate(s, [0.1 + 0.6 * 0.5**t for t in s], "exp", asymptote=0.1) == pytest.approx(0.7)
    batched = zero_noise_extrapolate(s, np.outer([0.8 - 0.1 * t for t in s], [1.0, -2.0]))
    np.testing.assert_allclose(batched, [0.8, -1.6], atol=1e-13)


def test_zne_by_folding_is_exact_for_one_qubit_depolarising_noise():
    # one-qubit depolarising noise commutes with every gate: <Z> = lambda**(gates) * ideal,
    # exactly exponential in the fold scale
    c = Circuit(1)
    c.ry(feature(0), 0).rz(weight(0), 0).h(0).rx(0.3, 0)
    x = np.array([[0.2], [1.0], [-0.6]])
    w = np.array([0.4])
    model = NoiseModel.of(after={"*": Channel("depolarizing", 0.03)})
    ideal = c.expval("Z0", x, w)
    scales = [1, 3, 5]
    values = np.array([noisy_expval(fold_gates(c, s), "Z0", x, w, noise=model) for s in scales])
    np.testing.assert_allclose(values[0], ideal * (1 - 4 * 0.03 / 3) ** 4, atol=1e-12)
    np.testing.assert_allclose(zero_noise_extrapolate(scales, values, "exp"), ideal, atol=1e-10)


@pytest.mark.parametrize("how", ["fold", "scale"])
def test_zne_reduces_the_error_on_a_noisy_entangling_circuit(how):
    c = Circuit(3)
    c.ry(feature(0), 0).ry(feature(1), 1).ry(0.8, 2).cnot(0, 1).cnot(1, 2).rx(weight(0), 0).cz(0, 2).ry(weight(1), 1)
    x = np.array([[0.3, -0.5], [1.2, 0.7]])
    w = np.array([0.6, -0.9])
    model = NoiseModel.of(after={"*": Channel("depolarizing", 0.01), "CNOT": Channel("depolarizing", 0.02)})
    obs = ["Z0 Z1", "Z2"]
    ideal = c.expval(obs, x, w)
    scales = [1, 3, 5] if how == "fold" else [1.0, 1.5, 2.0]
    if how == "fold":
        values = np.array([noisy_expval(fold_gates(c, s), obs, x, w, noise=model) for s in scales])
    else:
        values = np.array([noisy_expval(c, obs, x, w, noise=scale_noise(model, s)) for s in scales])
    raw_error = np.abs(values[0] - ideal)
    for order in (1, "richardson", "exp"):
        error = np.abs(zero_noise_extrapolate(scales, values, order) - ideal)
        assert np.all(error < 0.5 * raw_error), (order, error, raw_error)


def test_extrapolation_errors():
    with pytest.raises(ValueError, match="at least 2 scale factors"):
        zero_noise_extrapolate([1.0], [0.5])
    with pytest.raises(ValueError, match=r"values must have shape \(3, ...\) to match the 3 scales; got \(2,\)"):
        zero_noise_extrapolate([1, 2, 3], [0.5, 0.4])
    with pytest.raises(ValueError, match="distinct finite numbers"):
        zero_noise_extrapolate([1, 1, 3], [0.5, 0.4, 0.3])
    with pytest.raises(ValueError, match="a degree-2 fit needs at least 3 scales; got 2"):
        zero_noise_extrapolate([1, 3], [0.5, 0.4], order=2)
    with pytest.raises(ValueError, match="order must be a non-negative integer, 'richardson' or 'exp'; got 'cubic'"):
        zero_noise_extrapolate([1, 3], [0.5, 0.4], order="cubic")
    with pytest.raises(ValueError, match="one side of the asymptote 0.0"):
        zero_noise_extrapolate([1, 3], [0.5, -0.1], order="exp")
    with pytest.raises(ValueError, match="NaN or infinite"):
        zero_noise_extrapolate([1, 3], [0.5, np.nan])
