"""Kernels from batched statevectors against PennyLane, closed forms, scikit-learn and statistics."""

import pickle
import tracemalloc
from itertools import combinations

import numpy as np
import pennylane as qml
import pytest
from scipy.linalg import sqrtm
from sklearn.base import clone
from sklearn.gaussian_process import GaussianProcessClassifier
from sklearn.kernel_ridge import KernelRidge
from sklearn.svm import SVC

from qmlcourse import kernels
from qmlcourse.kernels import (
    FidelityKernel,
    ProjectedKernel,
    alignment_and_gradient,
    bind_weights,
    fidelity_from_states,
    fidelity_kernel_matrix,
    geometric_difference,
    inversion_test,
    inversion_test_circuit,
    kernel_target_alignment,
    pair_data,
    swap_test,
    swap_test_circuit,
    train_alignment,
    trainable_embedding,
)
from qmlcourse.sim import Circuit, feature, weight


def feature_map(n: int) -> Circuit:
    c = Circuit(n)
    for q in range(n):
        c.h(q).rz(feature(q), q)
    for q in range(n - 1):
        c.cnot(q, q + 1).rz(feature(q + 1), q + 1).cnot(q, q + 1)
    return c


def test_kernel_matrix_equals_pairwise_overlaps():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(6, 3)), rng.normal(size=(4, 3))
    fm = feature_map(3)
    k = fidelity_kernel_matrix(fm, x, y)
    sx, sy = fm.statevector(x), fm.statevector(y)
    expected = np.array([[abs(np.vdot(b, a)) ** 2 for b in sy] for a in sx])
    np.testing.assert_allclose(k, expected, atol=1e-12)


def test_gram_matrix_is_symmetric_psd_with_unit_diagonal():
    x = np.random.default_rng(1).normal(size=(10, 3))
    k = fidelity_kernel_matrix(feature_map(3), x)
    np.testing.assert_allclose(k, k.T, atol=1e-12)
    np.testing.assert_allclose(np.diag(k), 1.0, atol=1e-12)
    assert np.linalg.eigvalsh(k).min() > -1e-10


def test_precomputed_kernel_works_in_scikit_learn():
    rng = np.random.default_rng(2)
    x = rng.uniform(0, np.pi, size=(20, 2))
    labels = (x[:, 0] > x[:, 1]).astype(int)
    fm = feature_map(2)
    svc = SVC(kernel="precomputed").fit(fidelity_kernel_matrix(fm, x), labels)
    callable_svc = SVC(kernel=lambda a, b: fidelity_kernel_matrix(fm, a, b)).fit(x, labels)
    np.testing.assert_array_equal(svc.predict(fidelity_kernel_matrix(fm, x)), callable_svc.predict(x))


def test_errors_name_what_was_expected():
    with pytest.raises(ValueError, match="same D"):
        fidelity_from_states(np.ones((2, 4)), np.ones((2, 8)))
    with pytest.raises(ValueError, match="trainable weights"):
        fidelity_kernel_matrix(Circuit(1).ry(weight(0), 0), np.zeros((2, 1)))


# --- FidelityKernel against PennyLane's qml.kernels -----------------------------------------
def _pl_zz(x, n, reps):
    for _ in range(reps):
        for i in range(n):
            qml.Hadamard(wires=i)
            qml.PhaseShift(2 * x[i], wires=i)
        for i, j in combinations(range(n), 2):
            qml.CNOT(wires=[i, j])
            qml.PhaseShift(2 * (np.pi - x[i]) * (np.pi - x[j]), wires=j)
            qml.CNOT(wires=[i, j])


def _pl_embedding(name, n, reps):
    if name == "zz":
        return lambda x: _pl_zz(x, n, reps)
    if name == "iqp":
        return lambda x: qml.IQPEmbedding(x, wires=range(n), n_repeats=reps)
    return lambda x: qml.AngleEmbedding(x, wires=range(n), rotation="Y")


def _pl_kernel(name, n, reps):
    emb = _pl_embedding(name, n, reps)
    dev = qml.device("default.qubit", wires=n)

    @qml.qnode(dev)
    def overlap(x1, x2):
        emb(x1)
        qml.adjoint(emb)(x2)
        return qml.probs(wires=range(n))

    return lambda a, b: overlap(a, b)[0]


@pytest.mark.parametrize("name, n, reps, bandwidth", [("zz", 3, 2, 1.0), ("zz", 2, 1, 0.3), ("iqp", 3, 2, 0.7),
                                                       ("angle", 3, 1, 1.0)])
def test_fidelity_kernel_equals_pennylane_kernels(name, n, reps, bandwidth):
    rng = np.random.default_rng(n + reps)
    X, Z = rng.uniform(0, 2 * np.pi, (7, n)), rng.uniform(0, 2 * np.pi, (4, n))
    kern = FidelityKernel(feature_map=name, reps=reps, bandwidth=bandwidth)
    pl = _pl_kernel(name, n, reps)
    ref = np.asarray(qml.kernels.square_kernel_matrix(bandwidth * X, pl, assume_normalized_kernel=False))
    np.testing.assert_allclose(kern(X), ref, atol=1e-12)
    ref_block = np.asarray(qml.kernels.kernel_matrix(bandwidth * Z, bandwidth * X, pl))
    np.testing.assert_allclose(kern(Z, X), ref_block, atol=1e-12)


def test_angle_kernel_closed_form_and_bandwidth():
    rng = np.random.default_rng(3)
    X, Z = rng.normal(size=(6, 3)), rng.normal(size=(5, 3))
    for bw in (1.0, 0.25):
        expected = np.prod(np.cos(bw * (Z[:, None, :] - X[None, :, :]) / 2) ** 2, axis=-1)
        np.testing.assert_allclose(FidelityKernel(feature_map="angle", bandwidth=bw)(Z, X), expected, atol=1e-12)


def test_more_qubits_than_features_repeat_the_features():
    X = np.random.default_rng(4).uniform(0, 2, (5, 2))
    tiled = X[:, [0, 1, 0, 1, 0]]
    np.testing.assert_allclose(FidelityKernel(n_qubits=5)(X), FidelityKernel()(tiled), atol=1e-12)
    wrapped = FidelityKernel(feature_map="angle", n_qubits=2)(np.hstack([X, X]))  # RY then RZ per wire
    assert wrapped.shape == (5, 5) and np.allclose(np.diag(wrapped), 1)
    with pytest.raises(ValueError, match="one qubit per feature"):
        FidelityKernel(n_qubits=1)(X)


def test_train_train_exactly_symmetric_unit_diagonal_and_blocks_consistent():
    rng = np.random.default_rng(5)
    X = rng.uniform(0, 2 * np.pi, (40, 4))
    kern = FidelityKernel()
    K = kern(X)
    assert np.array_equal(K, K.T) and np.array_equal(np.diag(K), np.ones(40))
    assert K.min() >= 0 and K.max() <= 1 and np.linalg.eigvalsh(K).min() > -1e-10
    np.testing.assert_array_equal(kern(X, X), K)  # Y equal to X takes the symmetric path
    np.testing.assert_array_equal(kern(X, X.copy()), K)
    test, train = np.arange(30, 40), np.arange(30)
    block = kern(X[test], X[train])  # test-train block: rows test points, columns train points
    assert block.shape == (10, 30)
    np.testing.assert_allclose(block, K[np.ix_(test, train)], atol=1e-13)
    states = kern.states(X)
    np.testing.assert_allclose(K, np.abs(states @ states.conj().T) ** 2, atol=1e-13)
    assert kern(X[0], X[1]) == pytest.approx(K[0, 1], abs=1e-13)  # two 1-D rows: a float


@pytest.mark.parametrize("method", ["auto", "simulator"])
@pytest.mark.parametrize("cap", [40_000, 200_000, 2_000_000])
def test_chunking_under_small_memory_caps_gives_the_same_matrix(cap, method):
    rng = np.random.default_rng(6)
    X, Z = rng.uniform(0, 2 * np.pi, (130, 5)), rng.uniform(0, 2 * np.pi, (70, 5))
    ref_sym, ref_block = FidelityKernel(method=method)(X), FidelityKernel(method=method)(Z, X)
    small = FidelityKernel(max_memory=cap, method=method)
    K = small(X)
    np.testing.assert_allclose(K, ref_sym, atol=1e-13, rtol=0)
    assert np.array_equal(K, K.T) and np.array_equal(np.diag(K), np.ones(130))
    np.testing.assert_allclose(small(Z, X), ref_block, atol=1e-13, rtol=0)


def test_working_memory_stays_under_the_cap():
    rng = np.random.default_rng(7)
    X = rng.uniform(0, 2 * np.pi, (800, 5))  # states: 800 * 32 * 16 B = 410 kB, more than the cap
    cap = 200_000
    for method, args in [(m, a) for m in ("auto", "simulator") for a in ((X,), (X[:300], X[300:]))]:
        kern = FidelityKernel(max_memory=cap, method=method)
        kern(X[:5])  # build the circuit outside the measurement
        tracemalloc.start()
        K = kern(*args)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        # the cap bounds the working memory; the returned matrix and a scaled copy of the data come on top
        assert peak - K.nbytes <= cap + 2 * X.nbytes, (peak - K.nbytes, cap)


def test_states_come_from_one_batched_call_per_side(monkeypatch):
    calls = []
    original = Circuit.statevector

    def counting(self, x=None, w=None):
        calls.append(0 if x is None else len(x))
        return original(self, x, w)

    monkeypatch.setattr(Circuit, "statevector", counting)
    X = np.random.default_rng(8).uniform(0, 1, (300, 4))
    for name in ("zz", "iqp", "angle"):
        kern = FidelityKernel(feature_map=name, method="simulator")
        calls.clear()
        kern(X)
        assert calls == [300]
        calls.clear()
        kern(X[:100], X[100:])
        assert calls == [100, 200]
    calls.clear()
    FidelityKernel()(X)  # "auto": the ZZ states come from their closed form, no circuit run
    assert calls == []


@pytest.mark.parametrize("name", ["zz", "iqp"])
@pytest.mark.parametrize("reps, entanglement, n_qubits", [(1, "full", None), (2, "full", None), (3, "linear", None),
                                                          (2, [(0, 2), (1, 3)], None), (2, "full", 5)])
def test_diagonal_fast_path_equals_the_simulator(name, reps, entanglement, n_qubits):
    rng = np.random.default_rng(23)
    X, Z = rng.uniform(0, 2 * np.pi, (9, 4)), rng.uniform(0, 2 * np.pi, (5, 4))
    kw = {"feature_map": name, "reps": reps, "entanglement": entanglement, "n_qubits": n_qubits, "bandwidth": 0.7}
    fast, sim = FidelityKernel(**kw), FidelityKernel(method="simulator", **kw)
    np.testing.assert_allclose(fast.states(X), sim.states(X), atol=1e-12)
    np.testing.assert_allclose(fast(X), sim(X), atol=1e-12)
    np.testing.assert_allclose(fast(Z, X), sim(Z, X), atol=1e-12)
    with pytest.raises(ValueError, match="method must be one of"):
        FidelityKernel(method="fast")(X)


def test_scikit_learn_estimators_accept_the_kernel_as_it_is():
    rng = np.random.default_rng(9)
    X = rng.uniform(0, 2, (40, 2))
    y = (X[:, 0] + 0.3 * np.sin(3 * X[:, 1]) > 1).astype(int)
    kern = FidelityKernel(bandwidth=0.5)
    K = kern(X)
    svc = SVC(kernel=kern).fit(X, y)
    pre = SVC(kernel="precomputed").fit(K, y)
    np.testing.assert_allclose(svc.decision_function(X), pre.decision_function(K), atol=1e-10)
    kr = KernelRidge(kernel=kern, alpha=0.1).fit(X[:15], y[:15].astype(float))  # called per pair by scikit-learn
    kr_pre = KernelRidge(kernel="precomputed", alpha=0.1).fit(K[:15, :15], y[:15].astype(float))
    np.testing.assert_allclose(kr.predict(X[15:25]), kr_pre.predict(K[15:25, :15]), atol=1e-10)
    gpc = GaussianProcessClassifier(kernel=kern, optimizer=None).fit(X, y)
    assert gpc.score(X, y) > 0.8
    assert clone(kern).get_params() == kern.get_params()
    assert repr(kern) == "FidelityKernel(feature_map='zz', bandwidth=0.5)"
    restored = pickle.loads(pickle.dumps(svc))
    np.testing.assert_array_equal(restored.predict(X), svc.predict(X))
    Kg, grad = kern(X, eval_gradient=True)
    assert grad.shape == (40, 40, 0) and np.array_equal(Kg, K)
    np.testing.assert_array_equal(kern.diag(X), np.ones(40))
    assert not kern.is_stationary()


def test_custom_circuit_feature_map_and_bound_weights():
    fm = feature_map(3)
    X = np.random.default_rng(10).normal(size=(8, 3))
    np.testing.assert_allclose(FidelityKernel(feature_map=fm)(X), fidelity_kernel_matrix(fm, X), atol=1e-13)
    np.testing.assert_allclose(FidelityKernel(feature_map=fm, bandwidth=0.5)(X),
                               fidelity_kernel_matrix(fm, 0.5 * X), atol=1e-13)
    c = trainable_embedding(3, n_layers=2)
    w = np.linspace(-1, 1, c.n_weights)
    states = c.statevector(X, w)
    np.testing.assert_allclose(FidelityKernel(feature_map=bind_weights(c, w))(X), fidelity_from_states(states),
                               atol=1e-12)


@pytest.mark.parametrize("kwargs, X, match", [
    ({"feature_map": "rbf"}, np.zeros((2, 2)), "feature_map must be one of"),
    ({"bandwidth": 0.0}, np.zeros((2, 2)), "bandwidth must be a positive finite number"),
    ({"bandwidth": np.nan}, np.zeros((2, 2)), "bandwidth must be a positive finite number"),
    ({"reps": 0}, np.zeros((2, 2)), "reps must be a positive integer"),
    ({"max_memory": 100}, np.zeros((2, 2)), "max_memory=100 bytes is too small"),
    ({}, np.array([[0.0, np.nan]]), "NaN or infinite"),
    ({}, np.zeros((0, 2)), r"shape \(n_samples, n_features\)"),
    ({"feature_map": Circuit(1).ry(weight(0), 0)}, np.zeros((2, 1)), "trainable weights"),
    ({"feature_map": Circuit(2).ry(feature(0), 0), "n_qubits": 3}, np.zeros((2, 1)), "differs from the 2 qubits"),
])
def test_fidelity_kernel_bad_input(kwargs, X, match):
    with pytest.raises(ValueError, match=match):
        FidelityKernel(**kwargs)(X)


def test_mismatched_features_and_gradient_with_y():
    with pytest.raises(ValueError, match="same number of features"):
        FidelityKernel()(np.zeros((2, 2)), np.zeros((2, 3)))
    with pytest.raises(ValueError, match="eval_gradient=True is only supported"):
        FidelityKernel()(np.zeros((2, 2)), np.ones((2, 2)), eval_gradient=True)
    with pytest.raises(TypeError, match="array of numbers"):
        FidelityKernel()("abc")


# --- projected kernel -----------------------------------------------------------------------
def test_projected_kernel_bloch_vectors_rdms_and_formula():
    rng = np.random.default_rng(11)
    X, Z = rng.uniform(0, 2 * np.pi, (6, 3)), rng.uniform(0, 2 * np.pi, (4, 3))
    pk = ProjectedKernel(gamma=0.7)
    r = pk.bloch_vectors(X)
    c = pk.circuit(3)
    words = [f"{p}{q}" for q in range(3) for p in "XYZ"]
    np.testing.assert_allclose(r.reshape(6, -1), c.expval(words, X), atol=1e-12)
    rho = pk.reduced_density_matrices(X)
    states = c.statevector(X).reshape(6, 2, 2, 2)
    np.testing.assert_allclose(rho[:, 0], np.einsum("nabc,nxbc->nax", states, states.conj()), atol=1e-12)
    np.testing.assert_allclose(rho[:, 2], np.einsum("nabc,nabx->ncx", states, states.conj()), atol=1e-12)
    rz = pk.reduced_density_matrices(Z)
    frob = np.array([[sum(np.linalg.norm(a[q] - b[q]) ** 2 for q in range(3)) for a in rho] for b in rz])
    np.testing.assert_allclose(pk(Z, X), np.exp(-0.7 * frob), atol=1e-12)
    K = pk(X)
    assert np.array_equal(K, K.T) and np.array_equal(np.diag(K), np.ones(6)) and np.linalg.eigvalsh(K).min() > -1e-12


def test_projected_kernel_closed_form_for_the_angle_map():
    rng = np.random.default_rng(12)
    X, Z = rng.normal(size=(5, 2)), rng.normal(size=(3, 2))
    # RY(x)|0> has Bloch vector (sin x, 0, cos x): |r(x) - r(y)|^2 = 2 - 2 cos(x - y), Frobenius^2 half of it
    expected = np.exp(-1.3 * np.sum(1 - np.cos(Z[:, None] - X[None]), axis=-1))
    np.testing.assert_allclose(ProjectedKernel(feature_map="angle", gamma=1.3)(Z, X), expected, atol=1e-12)
    with pytest.raises(ValueError, match="gamma must be a positive"):
        ProjectedKernel(gamma=-1)(X)


def test_projected_kernel_chunking_gives_the_same_matrix():
    X = np.random.default_rng(13).uniform(0, 2, (50, 4))
    np.testing.assert_allclose(ProjectedKernel(max_memory=4000)(X), ProjectedKernel()(X), atol=1e-13)


# --- geometric difference -------------------------------------------------------------------
def _random_psd(rng, n, rank=None):
    A = rng.normal(size=(n, rank or n))
    K = A @ A.T
    return K / np.trace(K) * n


def test_geometric_difference_closed_forms():
    rng = np.random.default_rng(14)
    K = _random_psd(rng, 8)
    assert geometric_difference(K, K) == pytest.approx(1.0, abs=1e-10)
    assert geometric_difference(3.0 * K, K) == pytest.approx(1.0, abs=1e-10)  # traces normalised to N
    vals = np.linalg.eigvalsh(K)
    lam = 0.5
    assert geometric_difference(K, K, regularization=lam) == pytest.approx(max(vals / (vals + lam)), abs=1e-10)
    Kq = _random_psd(rng, 8)
    # the classical kernel is inverted: g(I || Kq) = sqrt(||Kq||), g(Kc || I) = 1 / sqrt(lambda_min(Kc))
    assert geometric_difference(np.eye(8), Kq) == pytest.approx(np.sqrt(np.linalg.eigvalsh(Kq).max()), abs=1e-10)
    assert geometric_difference(K, np.eye(8)) == pytest.approx(1 / np.sqrt(vals.min()), rel=1e-8)


def test_geometric_difference_equals_the_direct_formula():
    rng = np.random.default_rng(15)
    Kc, Kq = _random_psd(rng, 6), _random_psd(rng, 6)
    sq = np.real(sqrtm(Kq))
    direct = np.sqrt(np.linalg.norm(sq @ np.linalg.inv(Kc) @ sq, 2))
    assert geometric_difference(Kc, Kq) == pytest.approx(direct, rel=1e-8)
    sc = np.real(sqrtm(Kc))
    inv2 = np.linalg.inv(Kc + 0.1 * np.eye(6)) @ np.linalg.inv(Kc + 0.1 * np.eye(6))
    direct_reg = np.sqrt(np.linalg.norm(sq @ sc @ inv2 @ sc @ sq, 2))
    assert geometric_difference(Kc, Kq, regularization=0.1) == pytest.approx(direct_reg, rel=1e-8)
    assert geometric_difference(Kc, Kq, regularization=1e-9) == pytest.approx(direct, rel=1e-4)


def test_geometric_difference_errors():
    singular = _random_psd(np.random.default_rng(16), 5, rank=2)
    with pytest.raises(ValueError, match="singular"):
        geometric_difference(singular, np.eye(5))
    assert np.isfinite(geometric_difference(singular, np.eye(5), regularization=1e-3))
    with pytest.raises(ValueError, match="positive semi-definite"):
        geometric_difference(np.eye(2), np.array([[1.0, 2.0], [2.0, 1.0]]))
    with pytest.raises(ValueError, match="same shape"):
        geometric_difference(np.eye(2), np.eye(3))
    with pytest.raises(ValueError, match="square matrix"):
        geometric_difference(np.ones((2, 3)), np.eye(2))
    with pytest.raises(ValueError, match="regularization must be"):
        geometric_difference(np.eye(2), np.eye(2), regularization=-1)


# --- alignment ------------------------------------------------------------------------------
def test_alignment_against_pennylane_and_direct_formulas():
    rng = np.random.default_rng(17)
    X = rng.uniform(0, 2, (12, 2))
    y = np.where(rng.random(12) < 0.5, -1, 1)
    y[:2] = [-1, 1]
    K = FidelityKernel(bandwidth=0.6)(X)
    pl = np.asarray(qml.kernels.target_alignment(X, y, lambda a, b: float(FidelityKernel(bandwidth=0.6)(a, b)),
                                                 assume_normalized_kernel=True))
    assert kernel_target_alignment(K, y) == pytest.approx(float(pl), abs=1e-12)
    L = np.outer(y, y)
    assert kernel_target_alignment(K, y) == pytest.approx((K * L).sum() / (np.linalg.norm(K) * 12), abs=1e-12)
    H = np.eye(12) - np.ones((12, 12)) / 12
    Kc, Lc = H @ K @ H, H @ L @ H
    direct = (Kc * Lc).sum() / (np.linalg.norm(Kc) * np.linalg.norm(Lc))
    assert kernel_target_alignment(K, y, centered=True) == pytest.approx(direct, abs=1e-12)
    # labels of any two values map to -1 (smaller) and +1
    assert kernel_target_alignment(K, np.where(y > 0, "b", "a")) == pytest.approx(kernel_target_alignment(K, y))


def test_alignment_known_values():
    y = np.array([0, 1, 1, 0, 1])
    s = np.where(y == 1, 1.0, -1.0)
    assert kernel_target_alignment(np.outer(s, s), y) == pytest.approx(1.0)
    assert kernel_target_alignment(np.outer(s, s), y, centered=True) == pytest.approx(1.0)
    assert kernel_target_alignment(np.eye(5), y) == pytest.approx(1 / np.sqrt(5))
    assert kernel_target_alignment(np.eye(5), y, centered=True) == pytest.approx(1 / np.sqrt(4))
    # a constant kernel: plain alignment (sum y)^2 / N^2, centred undefined
    assert kernel_target_alignment(np.ones((5, 5)), y) == pytest.approx(1 / 25)
    with pytest.raises(ValueError, match="centred"):
        kernel_target_alignment(np.ones((5, 5)), y, centered=True)
    with pytest.raises(ValueError, match="exactly 2 classes"):
        kernel_target_alignment(np.eye(3), [0, 1, 2])
    with pytest.raises(ValueError, match=r"y must have shape \(3,\)"):
        kernel_target_alignment(np.eye(3), [0, 1])
    with pytest.raises(ValueError, match="NaN"):
        kernel_target_alignment(np.full((2, 2), np.nan), [0, 1])


@pytest.mark.parametrize("centered", [False, True])
def test_alignment_gradient_agrees_with_finite_differences(centered):
    rng = np.random.default_rng(18)
    X = rng.uniform(0, np.pi, (9, 3))
    y = np.array([0, 1] * 4 + [1])
    c = trainable_embedding(3, n_layers=2)
    w = rng.uniform(-np.pi, np.pi, c.n_weights)
    a, g = alignment_and_gradient(c, X, y, w, centered=centered)

    def align(v):
        return kernel_target_alignment(FidelityKernel(feature_map=bind_weights(c, v))(X), y, centered=centered)

    assert a == pytest.approx(align(w), abs=1e-12)
    fd = np.array([(align(w + 1e-6 * e) - align(w - 1e-6 * e)) / 2e-6 for e in np.eye(c.n_weights)])
    np.testing.assert_allclose(g, fd, atol=1e-7)
    assert np.abs(g).max() > 1e-3  # a real gradient, not zeros


def test_alignment_training_raises_the_alignment():
    rng = np.random.default_rng(19)
    X = rng.uniform(0, 2 * np.pi, (24, 2))
    y = (np.sin(X[:, 0]) * np.cos(X[:, 1]) > 0).astype(int)
    c = trainable_embedding(2, n_layers=3)
    w0 = rng.uniform(-np.pi, np.pi, c.n_weights)
    w, hist = train_alignment(c, X, y, w0, n_steps=30, learning_rate=0.5)
    assert len(hist) == 31 and hist[-1] > hist[0] + 0.05
    final = kernel_target_alignment(FidelityKernel(feature_map=bind_weights(c, w))(X), y)
    assert hist[-1] == pytest.approx(final, abs=1e-12)
    _, hist_b = train_alignment(c, X, y, w0, n_steps=5, batch_size=8, seed=0)
    assert len(hist_b) == 6
    with pytest.raises(ValueError, match="no trainable weights"):
        alignment_and_gradient(feature_map(2), X, y, np.zeros(0))
    with pytest.raises(ValueError, match=r"w must be 9 finite numbers"):
        alignment_and_gradient(c, X, y, np.zeros(3))


def test_one_layer_weights_cancel_in_the_fidelity():
    c = trainable_embedding(2, n_layers=1)
    X, y = np.random.default_rng(20).uniform(0, 3, (6, 2)), np.array([0, 1, 0, 1, 0, 1])
    _, g = alignment_and_gradient(c, X, y, np.full(c.n_weights, 0.4))
    np.testing.assert_allclose(g, 0, atol=1e-12)


# --- test circuits and shots ----------------------------------------------------------------
def test_inversion_and_swap_circuits_give_the_kernel_exactly():
    rng = np.random.default_rng(21)
    X, Z = rng.uniform(0, 2 * np.pi, (4, 2)), rng.uniform(0, 2 * np.pi, (3, 2))
    kern = FidelityKernel(bandwidth=0.8)
    K = kern(Z, X)
    fm = kern.circuit(2)
    pairs = pair_data(kern.prepare(Z), kern.prepare(X))
    np.testing.assert_allclose(inversion_test_circuit(fm).probs(pairs)[:, 0], K.ravel(), atol=1e-12)
    swap = swap_test_circuit(fm)
    assert swap.n_qubits == 5
    np.testing.assert_allclose(swap.probs(pairs, wires=[0])[:, 0], (1 + K.ravel()) / 2, atol=1e-12)
    # a map with every kind of inverted gate: Rot, U3, S, T, SX, a unitary, a feature_map angle
    from qmlcourse.encodings import iqp
    odd = iqp(Circuit(2)).rot(feature(0), 0.3, feature(1, scale=2.0), 0).u3(0.2, feature(1), 0.5, 1)
    odd.s(0).t(1).sx(0).unitary(np.array([[0, 1j], [1j, 0]]), 1).crx(feature(0), 0, 1)
    ref = fidelity_kernel_matrix(odd, Z, X).ravel()
    np.testing.assert_allclose(inversion_test_circuit(odd).probs(pair_data(Z, X))[:, 0], ref, atol=1e-12)
    np.testing.assert_allclose(swap_test_circuit(odd).probs(pair_data(Z, X), wires=[0])[:, 0], (1 + ref) / 2,
                               atol=1e-12)


def _same_pair(k_target: float, copies: int):
    """One point x and ``copies`` copies of y with angle-kernel value k (one feature)."""
    delta = 2 * np.arccos(np.sqrt(k_target))
    return np.array([[0.0]]), np.full((copies, 1), delta)


@pytest.mark.parametrize("k", [0.1, 0.5, 0.9])
def test_shot_estimates_are_unbiased_with_binomial_errors(k):
    kern = FidelityKernel(feature_map="angle")
    x, ys = _same_pair(k, 4000)
    assert kern(x, ys) == pytest.approx(np.full((1, 4000), k), abs=1e-12)
    for shots in (100, 400):
        inv = inversion_test(kern, x, ys, shots=shots, seed=1)
        sw = swap_test(kern, x, ys, shots=shots, seed=2)
        sd_inv, sd_swap = np.sqrt(k * (1 - k) / shots), np.sqrt((1 - k**2) / shots)  # binomial closed forms
        assert abs(inv.estimate.mean() - k) < 4 * sd_inv / np.sqrt(4000)
        assert abs(sw.estimate.mean() - k) < 4 * sd_swap / np.sqrt(4000)
        assert inv.estimate.std() == pytest.approx(sd_inv, rel=0.06)
        assert sw.estimate.std() == pytest.approx(sd_swap, rel=0.06)
        assert inv.stderr.mean() == pytest.approx(sd_inv, rel=0.05)
        assert sw.stderr.mean() == pytest.approx(sd_swap, rel=0.05)
        assert np.all(np.abs(inv.estimate * shots - np.round(inv.estimate * shots)) < 1e-9)  # counts / shots


def test_shot_errors_shrink_as_one_over_sqrt_shots_and_swap_costs_more():
    kern = FidelityKernel(feature_map="angle")
    x, ys = _same_pair(0.3, 4000)
    sd = [inversion_test(kern, x, ys, shots=s, seed=3).estimate.std() for s in (50, 200, 800)]
    assert sd[0] / sd[1] == pytest.approx(2.0, rel=0.1) and sd[1] / sd[2] == pytest.approx(2.0, rel=0.1)
    swap_sd = swap_test(kern, x, ys, shots=200, seed=3).estimate.std()
    # closed form: sqrt((1 - k^2) / (k (1 - k))) = sqrt((1 + k) / k) = 2.08 at k = 0.3
    assert swap_sd / sd[1] == pytest.approx(np.sqrt(1.3 / 0.3), rel=0.1)


def test_shot_estimates_seeded_symmetric_and_circuit_simulation_agrees():
    rng = np.random.default_rng(22)
    X = rng.uniform(0, 2 * np.pi, (6, 2))
    kern = FidelityKernel()
    a = inversion_test(kern, X, shots=300, seed=5)
    b = inversion_test(kern, X, shots=300, seed=5)
    np.testing.assert_array_equal(a.estimate, b.estimate)
    assert not np.array_equal(a.estimate, inversion_test(kern, X, shots=300, seed=6).estimate)
    assert np.array_equal(a.estimate, a.estimate.T) and np.array_equal(np.diag(a.estimate), np.ones(6))
    assert np.array_equal(np.diag(a.stderr), np.zeros(6))
    for test in (inversion_test, swap_test):
        g = test(kern, X[:3], X[3:], shots=500, seed=7)
        c = test(kern, X[:3], X[3:], shots=500, seed=7, simulate="circuit")
        np.testing.assert_array_equal(g.estimate, c.estimate)
    assert inversion_test(feature_map(2), X, shots=10, seed=0).estimate.shape == (6, 6)  # a Circuit works too


def test_shot_estimate_errors():
    X = np.zeros((2, 2))
    with pytest.raises(ValueError, match="shots must be a positive integer"):
        inversion_test(FidelityKernel(), X, shots=0)
    with pytest.raises(ValueError, match="simulate must be"):
        swap_test(FidelityKernel(), X, np.ones((2, 2)), simulate="hardware")
    with pytest.raises(TypeError, match="FidelityKernel or a feature-map Circuit"):
        inversion_test("zz", X)
    with pytest.raises(ValueError, match="same number of features"):
        pair_data(np.zeros((2, 2)), np.zeros((2, 3)))


def test_module_exports_exist():
    for name in kernels.__all__:
        assert hasattr(kernels, name), name
