"""qmlcourse.plateaus against the course simulator, PennyLane and the 2-design closed form."""

import numpy as np
import pennylane as qml
import pytest

from qmlcourse import plateaus as pl


def _pennylane_cost(circuit: pl.LayeredCircuit, w: np.ndarray, cost: str) -> float:
    n = circuit.n_qubits
    dev = qml.device("default.qubit", wires=n)
    ops = {"RX": qml.RX, "RY": qml.RY, "RZ": qml.RZ}

    @qml.qnode(dev)
    def probs(w):
        for q in range(n):
            qml.RY(np.pi / 4, wires=q)
        for layer, (row, mirror) in enumerate(zip(circuit.gates, circuit.mirrored, strict=True)):
            if mirror:
                for q in range(n - 1):
                    qml.CZ(wires=[q, q + 1])
            for q, name in enumerate(row):
                ops[name](w[layer * n + q], wires=q)
            if not mirror:
                for q in range(n - 1):
                    qml.CZ(wires=[q, q + 1])
        return qml.probs(wires=range(n))

    return float(np.asarray(probs(w)) @ pl.cost_diagonal(cost, n))


# one block (n <= 4), two (no rotation), three and four blocks (rotations in single precision)
@pytest.mark.parametrize("n", [2, 5, 7, 10, 13])
def test_fast_states_equal_the_course_simulator(n):
    for c in (pl.random_circuit(n, 3, seed=n), pl.identity_block_circuit(n, 1, seed=n)):
        w = pl.random_weights(c, 11, seed=1)
        ref = c.to_circuit().statevector(w=w).reshape(11, -1)
        assert np.allclose(c.states(w), ref, atol=1e-12)


@pytest.mark.parametrize("n", [3, 6, 9, 10, 13, 17])
@pytest.mark.parametrize("precision", pl.PRECISIONS)
def test_first_gradients_equal_the_parameter_shift_rule_in_both_precisions(n, precision):
    # plain and mirrored layers, weight sets across several chunks of the fast evolution
    plain, mirrored = pl.random_circuit(n, 5, seed=n), pl.identity_block_circuit(n, 1, 2, seed=n)
    for c, w in ((plain, pl.random_weights(plain, 13, seed=2)), (mirrored, pl.random_weights(mirrored, 13, seed=2))):
        shift = np.zeros(c.n_weights)
        shift[0] = np.pi / 2
        for cost in ("zz", "global"):
            ps = (pl.cost_values(c, w + shift, cost) - pl.cost_values(c, w - shift, cost)) / 2
            g = pl.first_gradients(c, w, cost, precision=precision)
            assert g.dtype == np.float64 and g.shape == (13,)
            err = np.max(np.abs(g - ps))
            if precision == "double":
                assert err < 1e-12
            else:  # complex64 rounding: real, and far below a gradient's typical size at these n
                assert 1e-12 < err < 2e-6


def test_single_precision_sweep_matches_the_double_one():
    kw = dict(depth=lambda n: 3 * n, n_inits=60, cost="zz", seed=4)
    single, double = pl.sweep([2, 6, 10], precision="single", **kw), pl.sweep([2, 6, 10], **kw)
    assert (single.precision, double.precision) == ("single", "double")
    np.testing.assert_allclose(single.variances, double.variances, rtol=1e-5)
    assert single.variances != double.variances


@pytest.mark.parametrize("cost", pl.COSTS)
def test_costs_and_first_gradient_equal_pennylane(cost):
    c = pl.random_circuit(4, 3, seed=3)
    w = pl.random_weights(c, 3, seed=4)
    values = pl.cost_values(c, w, cost)
    grads = pl.first_gradients(c, w, cost)
    for k in range(3):
        assert values[k] == pytest.approx(_pennylane_cost(c, w[k], cost), abs=1e-12)
        h = 1e-5
        e = np.zeros(c.n_weights)
        e[0] = h
        fd = (_pennylane_cost(c, w[k] + e, cost) - _pennylane_cost(c, w[k] - e, cost)) / (2 * h)
        assert grads[k] == pytest.approx(fd, abs=1e-8)


def test_identity_init_prepares_the_first_layer_state():
    c = pl.identity_block_circuit(5, 2, seed=0)
    s = c.states(pl.identity_weights(c, 4, seed=0))
    assert np.allclose(s, pl._initial_state(5)[None, :], atol=1e-12)


@pytest.mark.parametrize("cost", pl.COSTS)
def test_two_design_value_matches_haar_random_circuits(cost):
    """The closed form against 4000 Haar-random unitaries after the first gate (n = 3)."""
    n, d = 3, 8
    rng = np.random.default_rng(0)
    z = rng.normal(size=(4000, d, d)) + 1j * rng.normal(size=(4000, d, d))
    q, r = np.linalg.qr(z)
    u = q * (np.diagonal(r, axis1=1, axis2=2) / np.abs(np.diagonal(r, axis1=1, axis2=2)))[:, None, :]
    phi = pl._initial_state(n)
    y_phi = np.kron(np.array([[0, -1j], [1j, 0]]), np.eye(4)) @ phi
    h = pl.cost_diagonal(cost, n)
    psi, chi = u @ phi, u @ y_phi
    g = np.einsum("pi,i,pi->p", psi.conj(), h, chi).imag
    ref = pl.two_design_variance(n, cost)
    assert np.var(g) == pytest.approx(ref, rel=0.1)


def test_deep_random_circuits_reach_the_two_design_value_and_decay_at_ln2():
    variances = [pl.gradient_variance(n, 12 * n, 300, "zz", seed=0) for n in (2, 3, 4, 5, 6)]
    refs = [pl.two_design_variance(n, "zz") for n in (2, 3, 4, 5, 6)]
    assert np.allclose(variances, refs, rtol=0.35)
    rate, err = pl.fit_decay([2, 3, 4, 5, 6], variances)
    assert abs(rate - np.log(2)) < max(3 * err, 0.15)


def test_local_cost_decays_markedly_slower_than_global_at_shallow_depth():
    qubits = [2, 4, 6, 8, 10]
    rates = {cost: pl.sweep(qubits, depth=2, n_inits=200, cost=cost, seed=1).fit()[0] for cost in ("local", "global")}
    assert rates["global"] > 2 * rates["local"], rates
    assert rates["global"] > np.log(2), rates


def test_identity_init_keeps_gradients_alive():
    n, depth = 8, 32
    random = pl.gradient_mean_square(n, depth, 200, "local", "random", seed=0)
    identity = pl.gradient_mean_square(n, depth, 200, "local", "identity", seed=0)
    # at the identity start dC/dw_0 = <phi0|X0|phi0> / (2n) = sin(pi/4) / (2n) for every init
    assert identity == pytest.approx((np.sin(np.pi / 4) / (2 * n)) ** 2, rel=1e-9)
    assert identity > 10 * random


def test_fit_decay_recovers_a_known_rate_with_noise():
    rng = np.random.default_rng(0)
    n = np.arange(2, 15, 2)
    v = 3.0 * np.exp(-0.7 * n) * np.exp(rng.normal(0, 0.05, n.size))
    rate, err = pl.fit_decay(n, v)
    assert abs(rate - 0.7) < 3 * err + 1e-3 and 0 < err < 0.05


def test_landscape_slice_is_a_sinusoid_in_one_angle():
    c = pl.random_circuit(4, 4, seed=2)
    w = pl.random_weights(c, 1, seed=2)[0]
    a = np.linspace(0, 2 * np.pi, 9)
    f = pl.landscape_slice(c, w, a, "zz", index=5)
    # a Pauli rotation makes the cost A + B cos(t) + C sin(t): three samples determine it
    design = np.stack([np.ones_like(a), np.cos(a), np.sin(a)], 1)
    coef, *_ = np.linalg.lstsq(design, f, rcond=None)
    assert np.allclose(design @ coef, f, atol=1e-12)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: pl.random_circuit(1, 3), "n_qubits must be an integer >= 2"),
        (lambda: pl.gradient_variance(4, 4, 10, cost="energy"), "cost must be one of"),
        (lambda: pl.gradient_variance(4, 4, 10, init="zeros"), "init must be one of"),
        (lambda: pl.sweep([2, 3, 4], 2, precision="half"), "precision must be one of 'double', 'single'"),
        (lambda: pl.first_gradients(pl.random_circuit(2, 1), np.zeros(2), precision=32), "precision must be one"),
        (lambda: pl.cost_values(pl.random_circuit(2, 1), np.zeros(3)), r"weights must have shape \(2,\)"),
        (lambda: pl.cost_values(pl.random_circuit(2, 1), [np.nan, 0.0]), "NaN"),
        (lambda: pl.fit_decay([2, 4, 6], [0.1, 0.0, 0.01]), "positive"),
        (lambda: pl.landscape_slice(pl.random_circuit(2, 1), np.zeros(2), [], "zz"), "non-empty"),
    ],
)
def test_bad_input_raises_a_clear_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()
