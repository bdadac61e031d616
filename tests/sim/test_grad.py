"""Gradients (Circuit.gradient / expval_and_gradient in qmlcourse/sim/circuit.py).

Adjoint and parameter-shift are compared with central finite differences computed here on
Circuit.expval, and with PennyLane's autograd (backprop on default.qubit).
"""

import numpy as np
import pennylane as qml
import pytest
from pennylane import numpy as pnp

from qmlcourse.interop import to_pennylane
from qmlcourse.sim import Circuit, Hamiltonian, Hermitian, feature, weight
from qmlcourse.sim.circuit import Operation
from qmlcourse.sim.gates import GATES
from simref import random_circuit, random_unitary

METHODS = ["adjoint", "parameter-shift"]
# autograd's own casts inside PennyLane's backprop
pytestmark = pytest.mark.filterwarnings("ignore:Casting complex values to real:numpy.exceptions.ComplexWarning")
H1 = np.array([[0.7, 0.2 - 0.5j], [0.2 + 0.5j, -1.1]])


def _fd_weights(c, obs, x, w, h=1e-5):
    """Central differences of c.expval wrt each weight: shape expval.shape + (n_weights,)."""
    cols = []
    for j in range(w.shape[-1]):
        e = np.zeros_like(w)
        e[..., j] = h
        cols.append((c.expval(obs, x, w + e) - c.expval(obs, x, w - e)) / (2 * h))
    return np.stack(cols, axis=-1)


def _fd_inputs(c, obs, x, w, h=1e-5):
    cols = []
    for i in range(x.shape[-1]):
        e = np.zeros_like(x)
        e[:, i] = h
        cols.append((c.expval(obs, x + e, w) - c.expval(obs, x - e, w)) / (2 * h))
    return np.stack(cols, axis=-1)


def _pl_jac_weights(c, obs, x, w):
    """PennyLane autograd Jacobian wrt weights, laid out as ours: (N, [K,] n_weights)."""
    qnode = to_pennylane(c, measure=obs, diff_method="backprop")
    many = isinstance(obs, list)

    def f(wt):
        out = qnode(pnp.array(x, requires_grad=False), wt)
        return qml.math.stack(out) if many else out

    jac = np.asarray(qml.jacobian(f)(pnp.array(w, requires_grad=True)))
    return np.moveaxis(jac, 0, 1) if many else jac  # (K, N, nw) -> (N, K, nw)


def _pl_jac_inputs(c, obs, x, w):
    """PennyLane autograd derivatives wrt each sample's inputs: (N, d)."""
    qnode = to_pennylane(c, measure=obs, diff_method="backprop")
    jac = np.asarray(
        qml.jacobian(lambda xt: qnode(xt, pnp.array(w, requires_grad=False)))(pnp.array(x, requires_grad=True))
    )
    return np.einsum("iid->id", jac)  # sample i depends only on row i


def _weighted_circuit(n, seed, layers=1):
    """Every gate, every angle a weight (shared by several gates, some as 2*w+0.1), then features."""
    return random_circuit(n, seed, n_features=2, n_weights=5, layers=layers, kinds=(1,))


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("n, seed", [(3, 0), (4, 1)])
def test_weight_gradient_every_gate_vs_pennylane_and_fd(method, n, seed):
    c = _weighted_circuit(n, seed)
    # every parametrised gate has at least one weight-bound angle in some circuit of the suite
    rng = np.random.default_rng(seed)
    x = rng.uniform(-np.pi, np.pi, (3, c.n_features))
    w = rng.uniform(-np.pi, np.pi, c.n_weights)
    obs = "Z0 X1"
    values, grad = c.expval_and_gradient(obs, x, w, method=method)
    assert values.shape == (3,) and grad.shape == (3, c.n_weights)
    np.testing.assert_allclose(values, c.expval(obs, x, w), atol=1e-12)
    np.testing.assert_allclose(grad, _fd_weights(c, obs, x, w), atol=1e-8)
    np.testing.assert_allclose(grad, _pl_jac_weights(c, obs, x, w), atol=1e-10)


def test_gradient_suite_differentiates_every_parametrised_gate():
    from qmlcourse.sim.gates import GATES

    names = set()
    for n, seed in [(3, 0), (4, 1)]:
        c = _weighted_circuit(n, seed)
        names |= {op.name for op in c.operations if any(p.kind == "weight" for p in op.params)}
    assert {g for g in GATES if GATES[g].num_params} <= names


@pytest.mark.parametrize("method", METHODS)
def test_input_gradient_vs_pennylane_and_fd(method):
    c = random_circuit(4, 3, n_features=3, n_weights=3, kinds=(0, 0, 1))
    rng = np.random.default_rng(3)
    x = rng.uniform(-np.pi, np.pi, (3, 3))
    w = rng.uniform(-np.pi, np.pi, 3)
    obs = Hermitian(H1, 2)
    grad = c.gradient(obs, x, w, method=method, wrt="inputs")
    assert grad.shape == (3, 3)
    np.testing.assert_allclose(grad, _fd_inputs(c, obs, x, w), atol=1e-8)
    np.testing.assert_allclose(grad, _pl_jac_inputs(c, obs, x, w), atol=1e-10)
    gw, gx = c.gradient(obs, x, w, method=method, wrt="both")
    np.testing.assert_allclose(gx, grad, atol=1e-12)
    np.testing.assert_allclose(gw, c.gradient(obs, x, w, method=method), atol=1e-12)


@pytest.mark.parametrize("method", METHODS)
def test_controlled_rotations_four_term_rule(method):
    c = Circuit(3).h(0).ry(feature(0), 1).h(2)
    c.crx(weight(0), 0, 1).cry(weight(1), 1, 2).crz(weight(2), 2, 0).crx(0.5 * weight(0) - 0.3, 2, 1)
    rng = np.random.default_rng(5)
    x = rng.uniform(-1, 1, (4, 1))
    w = rng.uniform(-np.pi, np.pi, 3)
    obs = ["X0", "Y1 Z2", Hermitian(H1, 1)]
    grad = c.gradient(obs, x, w, method=method)
    assert grad.shape == (4, 3, 3)
    np.testing.assert_allclose(grad, _fd_weights(c, obs, x, w), atol=1e-8)
    np.testing.assert_allclose(grad, _pl_jac_weights(c, obs, x, w), atol=1e-10)


@pytest.mark.parametrize("method", METHODS)
def test_rot_and_u3_decomposed(method):
    c = Circuit(2).h(1)
    c.rot(weight(0), weight(1), weight(2), 0).cnot(0, 1)
    c.u3(weight(3), 2 * weight(0) + 0.1, weight(4), 1).cz(1, 0)
    c.rot(feature(0), 0.3, weight(1), 1).u3(0.2, weight(3), feature(0), 0)
    rng = np.random.default_rng(6)
    x = rng.uniform(-1, 1, (3, 1))
    w = rng.uniform(-np.pi, np.pi, 5)
    obs = "X0 Y1"
    grad = c.gradient(obs, x, w, method=method)
    np.testing.assert_allclose(grad, _fd_weights(c, obs, x, w), atol=1e-8)
    np.testing.assert_allclose(grad, _pl_jac_weights(c, obs, x, w), atol=1e-10)
    gx = c.gradient(obs, x, w, method=method, wrt="inputs")
    np.testing.assert_allclose(gx, _pl_jac_inputs(c, obs, x, w), atol=1e-10)


@pytest.mark.parametrize("method", METHODS)
def test_shared_and_scaled_weights_multiple_observables(method):
    c = Circuit(3)
    for q in range(3):
        c.ry(feature(q), q)
    c.rx(weight(0), 0).rx(weight(0), 1).ry(2 * weight(0) + 0.1, 2)
    c.isingxx(weight(1), 0, 2).isingyy(-weight(1), 1, 2).isingzz(3 * weight(2), 0, 1)
    c.multirz(weight(2) + 1, 0, 1, 2).phase(weight(1), 2).rz(weight(0) / 2, 1)
    rng = np.random.default_rng(7)
    x = rng.uniform(-1, 1, (5, 3))
    w = rng.uniform(-np.pi, np.pi, 3)
    obs = ["Z0", Hamiltonian([0.5, -2.0], ["X0 X1", Hermitian(H1, 2)]), "Y2"]
    values, grad = c.expval_and_gradient(obs, x, w, method=method)
    assert values.shape == (5, 3) and grad.shape == (5, 3, 3)
    np.testing.assert_allclose(grad, _fd_weights(c, obs, x, w), atol=1e-8)
    np.testing.assert_allclose(grad, _pl_jac_weights(c, obs, x, w), atol=1e-10)


@pytest.mark.parametrize("method", METHODS)
def test_weight_sets_batched_equal_loop(method):
    c = _weighted_circuit(3, 2)
    rng = np.random.default_rng(8)
    x = rng.uniform(-1, 1, (3, c.n_features))
    w = rng.uniform(-np.pi, np.pi, (4, c.n_weights))
    obs = ["Z1", "X0 X2"]
    values, grad = c.expval_and_gradient(obs, x, w, method=method)
    assert values.shape == (4, 3, 2) and grad.shape == (4, 3, 2, c.n_weights)
    gx = c.gradient("Z1", x, w, method=method, wrt="inputs")
    assert gx.shape == (4, 3, c.n_features)
    for p in range(4):
        v_p, g_p = c.expval_and_gradient(obs, x, w[p], method=method)
        np.testing.assert_allclose(values[p], v_p, atol=1e-12)
        np.testing.assert_allclose(grad[p], g_p, atol=1e-12)
        np.testing.assert_allclose(gx[p], c.gradient("Z1", x, w[p], method=method, wrt="inputs"), atol=1e-12)
    np.testing.assert_allclose(grad, _fd_weights(c, obs, x, w), atol=1e-8)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("wrt", ["weights", "inputs", "both"])
def test_cotangent_gives_the_vector_jacobian_product(method, wrt):
    """With a cotangent c(values), the gradient is sum_k c[..., k] * d values[..., k], per input."""
    c = random_circuit(4, 11, n_features=3, n_weights=6)
    rng = np.random.default_rng(12)
    x = rng.uniform(-1, 1, (5, 3))
    w = rng.uniform(-np.pi, np.pi, (2, c.n_weights))  # two weight sets: values (2, 5, 3)
    obs = ["Z0", Hamiltonian([0.5, -2.0], ["X0 X1", Hermitian(H1, 2)]), "Y3"]
    seen = []

    def cot(values):  # a cotangent that depends on the values, as a loss's derivative does
        seen.append(values.shape)
        return np.tanh(values) * np.arange(1, 4)

    values, jac = c.expval_and_gradient(obs, x, w, method=method, wrt=wrt)
    v2, vjp = c.expval_and_gradient(obs, x, w, method=method, wrt=wrt, cotangent=cot)
    assert seen == [(2, 5, 3)]
    np.testing.assert_allclose(v2, values, atol=1e-12)
    weights = cot(values)
    jacs, vjps = (jac, vjp) if wrt == "both" else ((jac,), (vjp,))
    for j, v in zip(jacs, vjps, strict=True):
        assert v.shape == j.shape[:2] + j.shape[3:]
        np.testing.assert_allclose(v, np.einsum("pnk,pnkw->pnw", weights, j), atol=1e-10)
    # one observable: the cotangent is shaped like its values (N,), the result like its Jacobian
    z, g = c.expval_and_gradient("Z1", x, w[0], method=method)
    _, g1 = c.expval_and_gradient("Z1", x, w[0], method=method, cotangent=lambda v: 3 * v)
    np.testing.assert_allclose(g1, 3 * z[:, None] * g, atol=1e-10)


def test_cotangent_errors_name_what_was_expected():
    c = Circuit(2).ry(feature(0), 0).rx(weight(0), 1)
    x, w = np.zeros((2, 1)), np.zeros(1)
    for method in METHODS:
        with pytest.raises(ValueError, match=r"cotangent must return real weights shaped like the values \(2, 2\); "
                                             r"got shape \(2,\)"):
            c.expval_and_gradient(["Z0", "Z1"], x, w, method=method, cotangent=lambda v: v[:, 0])
        with pytest.raises(ValueError, match="cotangent returned NaN or infinite weights"):
            c.expval_and_gradient(["Z0", "Z1"], x, w, method=method, cotangent=lambda v: v * np.nan)
        with pytest.raises(ValueError, match="got shape \\(2, 2\\) and dtype complex128"):
            c.expval_and_gradient(["Z0", "Z1"], x, w, method=method, cotangent=lambda v: v + 0j)
    with pytest.raises(TypeError, match="cotangent must be a function of the values; got ndarray"):
        c.expval_and_gradient("Z0", x, w, cotangent=np.ones(2))


def test_methods_agree_with_each_other_and_builtin_finite_diff():
    c = _weighted_circuit(4, 4, layers=2)
    rng = np.random.default_rng(9)
    x = rng.uniform(-1, 1, (2, c.n_features))
    w = rng.uniform(-np.pi, np.pi, c.n_weights)
    obs = ["Z0 Z3", "Y1"]
    a = c.gradient(obs, x, w, method="adjoint", wrt="both")
    s = c.gradient(obs, x, w, method="parameter-shift", wrt="both")
    f = c.gradient(obs, x, w, method="finite-diff", wrt="both")
    for ga, gs, gf in zip(a, s, f, strict=False):
        np.testing.assert_allclose(ga, gs, atol=1e-10)
        np.testing.assert_allclose(ga, gf, atol=1e-7)


def test_weights_only_circuit_gradient_and_unbatched_x():
    c = Circuit(2).ry(weight(0), 0).cnot(0, 1).rx(weight(1), 1)
    w = np.array([0.4, -1.3])
    for method in METHODS:
        g = c.gradient("Z1", w=w, method=method)
        assert g.shape == (1, 2)
        # <Z1> = cos(w0) cos(w1)
        np.testing.assert_allclose(g[0], [-np.sin(0.4) * np.cos(-1.3), -np.cos(0.4) * np.sin(-1.3)], atol=1e-12)


def test_constant_only_gates_have_zero_gradient():
    c = Circuit(2).rx(0.3, 0).ry(weight(0), 1).cnot(1, 0)
    g = c.gradient("Z0", w=np.array([0.2]))
    np.testing.assert_allclose(g, [[np.sin(0.2) * 0 - np.sin(0.2) * np.cos(0.3)]], atol=1e-12)


def test_gradient_errors():
    c = Circuit(2).ry(feature(0), 0).rx(weight(0), 1)
    x, w = np.zeros((2, 1)), np.zeros(1)
    with pytest.raises(ValueError, match="method must be 'adjoint', 'parameter-shift' or 'finite-diff'; got 'magic'"):
        c.gradient("Z0", x, w, method="magic")
    with pytest.raises(ValueError, match="wrt must be 'weights', 'inputs' or 'both'; got 'x'"):
        c.gradient("Z0", x, w, wrt="x")
    with pytest.raises(ValueError, match="need data x"):
        Circuit(1).rx(weight(0), 0).gradient("Z0", w=w, wrt="inputs")
    with pytest.raises(ValueError, match="outside 0..1"):
        c.gradient("Z5", x, w)
    from qmlcourse.sim.params import feature_map

    fm = Circuit(1).rx(feature_map(lambda x: x[:, 0] ** 2), 0)
    with pytest.raises(ValueError, match="feature_map angles are not differentiable"):
        fm.gradient("Z0", x, wrt="inputs")


@pytest.mark.parametrize("name", sorted(GATES))
def test_inverse_undoes_every_gate(name):
    """grad.inverse (used by the fused backward sweep) undoes each gate, batched angles too."""
    from qmlcourse.sim.apply import apply_operation
    from qmlcourse.sim.grad import inverse

    rng = np.random.default_rng(5)
    spec = GATES[name]
    k = spec.num_wires or 3
    wires = tuple(int(q) for q in rng.permutation(4)[:k])
    matrix = random_unitary(2**k, 3) if name == "QubitUnitary" else None
    op = Operation(name, wires, (), matrix)
    angles = [rng.normal(size=3) for _ in range(spec.num_params)]
    state = rng.normal(size=(3, 2, 2, 2, 2)) + 1j * rng.normal(size=(3, 2, 2, 2, 2))
    forward = apply_operation(state, name, wires, angles, matrix)
    inv_op, inv_angles = inverse(op, angles)
    back = apply_operation(forward, inv_op.name, inv_op.wires, inv_angles, inv_op.matrix)
    np.testing.assert_allclose(back, state, atol=1e-12)


@pytest.mark.parametrize("wire", [0, 2, 4, 5])
def test_cross_density_matches_einsum(wire):
    from qmlcourse.sim.grad import cross_density

    rng = np.random.default_rng(wire)
    n, b, k = 6, 3, 2
    shape = (2**wire, 2, 2 ** (n - wire - 1))
    psi = rng.normal(size=(b,) + shape) + 1j * rng.normal(size=(b,) + shape)
    bras = rng.normal(size=(k, b) + shape) + 1j * rng.normal(size=(k, b) + shape)
    expected = np.einsum("kbljr,blir->kbji", bras.conj(), psi)
    np.testing.assert_allclose(cross_density(bras.conj(), psi), expected, atol=1e-12)


@pytest.mark.parametrize("gather_bytes", [0, 2**30])  # one product per wire, then one gather
def test_cross_densities_of_several_wires_match_einsum(monkeypatch, gather_bytes):
    from qmlcourse.sim import grad

    monkeypatch.setattr(grad, "GATHER_BYTES", gather_bytes)
    rng = np.random.default_rng(7)
    n, b, k, wires = 5, 3, 2, [4, 0, 2]
    stacked = rng.normal(size=((k + 1) * b,) + (2,) * n) + 1j * rng.normal(size=((k + 1) * b,) + (2,) * n)
    got = grad.cross_densities(stacked, b, k, wires)
    assert got.shape == (len(wires), k, b, 2, 2)
    for g, q in enumerate(wires):
        psi = np.moveaxis(stacked[:b], q + 1, 1).reshape(b, 2, -1)
        bras = np.moveaxis(stacked[b:], q + 1, 1).reshape(k, b, 2, -1)
        np.testing.assert_allclose(got[g], np.einsum("kbjr,bir->kbji", bras.conj(), psi), atol=1e-12)


def test_adjoint_refuses_a_sweep_that_would_not_fit_in_memory():
    """The backward sweep holds the state and one bra per observable: refused up front."""
    c = Circuit(26).rx(weight(0), 0)
    with pytest.raises(ValueError, match="GiB limit"):
        c.gradient(["Z0", "Z1"], w=[0.1])
