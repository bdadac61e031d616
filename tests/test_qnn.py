"""qmlcourse.qnn: the multi-output QNN layer, parameter counts, softmax / cross-entropy and
QNNClassifier, checked against finite differences, PennyLane and closed forms."""

import time

import numpy as np
import pytest
from scipy.special import log_softmax as scipy_log_softmax
from sklearn.base import clone
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MinMaxScaler

from qmlcourse import ansatz
from qmlcourse.qnn import (
    PARAMETER_ANSATZE,
    QNN,
    QNNClassifier,
    cross_entropy,
    log_softmax,
    n_parameters,
    parameter_count,
    parameter_table,
    softmax,
)
from qmlcourse.sim import Circuit, feature, weight

RNG = np.random.default_rng(1234)


def central_difference(f, a, h=1e-6):
    """d f / d a for an array-valued f of an array a: shape f(a).shape + a.shape."""
    a = np.asarray(a, dtype=np.float64)
    f0 = np.asarray(f(a))
    out = np.zeros(f0.shape + a.shape)
    for idx in np.ndindex(a.shape):
        e = np.zeros_like(a)
        e[idx] = h
        out[(...,) + idx] = (np.asarray(f(a + e)) - np.asarray(f(a - e))) / (2 * h)
    return out


# --- QNN -------------------------------------------------------------------------------------
@pytest.mark.parametrize("encoding,ansatz_name", [("reuploading", "strongly_entangling"),
                                                  ("angle", "hardware_efficient"),
                                                  ("reuploading", "hardware_efficient")])
def test_qnn_jacobians_equal_finite_differences(encoding, ansatz_name):
    qnn = QNN(3, n_layers=2, encoding=encoding, ansatz=ansatz_name, n_outputs=2)
    x = RNG.uniform(0, np.pi, (4, 3))
    w = qnn.init_weights(0)
    values, jw, jx = qnn.jacobian(x, w)
    assert values.shape == (4, 2) and jw.shape == (4, 2, qnn.n_weights) and jx.shape == (4, 2, 3)
    np.testing.assert_allclose(values, qnn.forward(x, w), atol=1e-12)
    np.testing.assert_allclose(jw, central_difference(lambda v: qnn.forward(x, v), w), atol=1e-7)
    # d y[n, k] / d x[m, i] is zero for m != n: keep the diagonal of the samples axes
    fd_x = central_difference(lambda v: qnn.forward(v, w), x)  # (N, K, N, d)
    np.testing.assert_allclose(jx, np.einsum("nknd->nkd", fd_x), atol=1e-7)
    off_diagonal = fd_x.copy()
    for n in range(4):
        off_diagonal[n, :, n, :] = 0
    assert np.abs(off_diagonal).max() < 1e-9


def test_qnn_vjp_is_the_contracted_jacobian_and_parameter_shift_agrees():
    qnn = QNN(2, n_layers=2, n_features=3)  # 3 features wrapped onto 2 wires (RY then RZ)
    x = RNG.uniform(0, np.pi, (5, 3))
    w = qnn.init_weights(1)
    g = RNG.normal(size=(5, 2))
    gw, gx = qnn.vjp(x, w, g)
    _, jw, jx = qnn.jacobian(x, w)
    np.testing.assert_allclose(gw, np.einsum("nk,nkw->w", g, jw), atol=1e-12)
    np.testing.assert_allclose(gx, np.einsum("nk,nkd->nd", g, jx), atol=1e-12)
    loss = lambda v: float(np.sum(g * qnn.forward(x, v)))  # noqa: E731
    np.testing.assert_allclose(gw, central_difference(loss, w), atol=1e-7)
    shift = QNN(2, n_layers=2, n_features=3, method="parameter-shift")
    gw_ps, gx_ps = shift.vjp(x, w, g)
    np.testing.assert_allclose(gw_ps, gw, atol=1e-10)
    np.testing.assert_allclose(gx_ps, gx, atol=1e-10)
    only_w = qnn.vjp(x, w, g, wrt="weights")
    assert only_w[1] is None
    np.testing.assert_allclose(only_w[0], gw, atol=1e-12)


def test_qnn_default_and_custom_observables_match_pennylane():
    qml = pytest.importorskip("pennylane")
    n, L = 3, 2
    x = RNG.uniform(0, np.pi, (4, n))
    qnn = QNN(n, n_layers=L, observables=["Z0", "X1 X2", "Y0 Z2"])
    w = qnn.init_weights(2)
    dev = qml.device("default.qubit", wires=n)
    W = w.reshape(L + 1, n, 3)

    @qml.qnode(dev)
    def circuit(xi):
        for layer in range(L + 1):
            qml.StronglyEntanglingLayers(W[layer][None], wires=range(n))
            if layer < L:
                qml.AngleEmbedding(xi, wires=range(n), rotation="Y")
        return [qml.expval(qml.PauliZ(0)), qml.expval(qml.PauliX(1) @ qml.PauliX(2)),
                qml.expval(qml.PauliY(0) @ qml.PauliZ(2))]

    expected = np.array([circuit(xi) for xi in x])
    np.testing.assert_allclose(qnn.forward(x, w), expected, atol=1e-10)
    default = QNN(n, n_layers=L)
    assert default.observables == ["Z0", "Z1", "Z2"] and default.n_outputs == 3
    np.testing.assert_allclose(default.forward(x, w)[:, 0], expected[:, 0], atol=1e-10)


def test_qnn_from_a_circuit_and_bad_inputs():
    c = Circuit(1).ry(feature(0), 0).rx(weight(0), 0)
    qnn = QNN(None, circuit=c)
    # <Z> after RY(x) RX(w) on |0> is cos(x) cos(w)
    np.testing.assert_allclose(qnn.forward(np.array([[0.3]]), np.array([0.7])), [[np.cos(0.3) * np.cos(0.7)]])
    with pytest.raises(ValueError, match=r"x must have shape \(n_samples, 1\)"):
        qnn.forward(np.zeros((2, 2)), np.zeros(1))
    with pytest.raises(ValueError, match=r"w must have shape \(1,\)"):
        qnn.forward(np.zeros((2, 1)), np.zeros(3))
    with pytest.raises(ValueError, match="grad_out must have shape"):
        qnn.vjp(np.zeros((2, 1)), np.zeros(1), np.zeros((3, 1)))
    with pytest.raises(ValueError, match="grad_out contains NaN"):
        qnn.vjp(np.zeros((2, 1)), np.zeros(1), np.array([[1.0], [np.nan]]))
    # one output: the VJP is the Jacobian contracted, d/dw and d/dx of g cos(x) cos(w)
    x, w, g = np.array([[0.3], [1.1]]), np.array([0.7]), np.array([[2.0], [-0.5]])
    gw, gx = qnn.vjp(x, w, g)
    np.testing.assert_allclose(gw, [-np.sum(g[:, 0] * np.cos(x[:, 0])) * np.sin(0.7)], atol=1e-12)
    np.testing.assert_allclose(gx, -g * np.sin(x) * np.cos(0.7), atol=1e-12)
    only_x = qnn.vjp(x, w, g, wrt="inputs")
    assert only_x[0] is None
    np.testing.assert_allclose(only_x[1], gx, atol=1e-12)
    with pytest.raises(ValueError, match="n_outputs"):
        QNN(2, n_outputs=3)
    with pytest.raises(ValueError, match="encoding must be one of"):
        QNN(2, encoding="nope")
    with pytest.raises(ValueError, match="n_qubits must be a positive integer"):
        QNN(0)


# --- parameter counts -------------------------------------------------------------------------
@pytest.mark.parametrize("n_qubits,n_layers", [(1, 1), (2, 3), (4, 2)])
def test_parameter_counts_equal_the_built_circuits(n_qubits, n_layers):
    built = {
        "hardware_efficient": ansatz.hardware_efficient(Circuit(n_qubits), n_layers).n_weights,
        "strongly_entangling": ansatz.strongly_entangling(Circuit(n_qubits), n_layers).n_weights,
        "reuploading": ansatz.reuploading(Circuit(n_qubits), n_layers).n_weights,
    }
    for name in PARAMETER_ANSATZE:
        assert n_parameters(name, n_layers, n_qubits) == built[name] == parameter_count(name, n_layers, n_qubits)
    assert n_parameters("strongly_entangling", n_layers, n_qubits) == 3 * n_qubits * n_layers


def test_parameter_counts_match_pennylane_shape():
    qml = pytest.importorskip("pennylane")
    shape = qml.StronglyEntanglingLayers.shape(n_layers=3, n_wires=4)
    assert n_parameters("strongly_entangling", 3, 4) == int(np.prod(shape))


def test_parameter_table_rows():
    rows = parameter_table(n_qubits=[2, 3], n_layers=[1, 2])
    assert len(rows) == 3 * 2 * 2
    assert set(rows[0]) == {"ansatz", "n_qubits", "n_layers", "n_parameters"}
    row = next(r for r in rows if r["ansatz"] == "reuploading" and r["n_qubits"] == 3 and r["n_layers"] == 2)
    assert row["n_parameters"] == 3 * 3 * 3
    with pytest.raises(ValueError, match="ansatz must be one of"):
        n_parameters("mystery", 1, 1)


# --- softmax and cross-entropy ------------------------------------------------------------------
def test_softmax_and_cross_entropy_are_stable_and_correct():
    z = RNG.normal(size=(6, 4)) * 3
    np.testing.assert_allclose(log_softmax(z), scipy_log_softmax(z, axis=1), atol=1e-12)
    np.testing.assert_allclose(softmax(z).sum(axis=1), 1.0, atol=1e-12)
    big = np.array([[1e4, 0.0, -1e4], [0.0, 1e4, 1e4]])
    p = softmax(big)
    assert np.all(np.isfinite(p))
    np.testing.assert_allclose(p, [[1, 0, 0], [0, 0.5, 0.5]], atol=1e-12)
    assert cross_entropy(big, np.array([2, 1])) == pytest.approx((2e4 + np.log(2)) / 2)
    y = np.array([0, 3, 1, 1, 2, 0])
    expected = -np.mean(scipy_log_softmax(z, axis=1)[np.arange(6), y])
    loss, grad = cross_entropy(z, y, return_gradient=True)
    assert loss == pytest.approx(expected, abs=1e-12)
    np.testing.assert_allclose(grad, central_difference(lambda v: cross_entropy(v, y), z), atol=1e-8)


def test_cross_entropy_rejects_bad_input():
    with pytest.raises(ValueError, match="labels must be in 0..1"):
        cross_entropy(np.zeros((2, 2)), np.array([0, 2]))
    with pytest.raises(ValueError, match="integer labels of shape"):
        cross_entropy(np.zeros((2, 2)), np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match="NaN"):
        softmax(np.array([[np.nan, 0.0]]))
    with pytest.raises(ValueError, match=r"logits must have shape \(n_samples, n_classes\)"):
        softmax(np.zeros(3))


# --- the classifier ----------------------------------------------------------------------------
def iris_split():
    X, y = load_iris(return_X_y=True)
    X = MinMaxScaler((0, np.pi)).fit_transform(X)
    return train_test_split(X, y, test_size=0.3, random_state=0, stratify=y)


def test_classifier_learns_iris():
    Xtr, Xte, ytr, yte = iris_split()
    start = time.perf_counter()
    clf = QNNClassifier(n_layers=1, max_iter=60, random_state=0).fit(Xtr, ytr)
    elapsed = time.perf_counter() - start
    assert clf.qnn_.n_qubits == 4 and clf.qnn_.n_outputs == 3
    assert clf.score(Xte, yte) >= 0.85
    assert clf.loss_curve_[-1] < 0.5 * clf.loss_curve_[0]
    assert elapsed < 10
    proba = clf.predict_proba(Xte)
    assert proba.shape == (len(Xte), 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-12)
    np.testing.assert_array_equal(clf.predict(Xte), clf.classes_[proba.argmax(axis=1)])


def test_classifier_any_labels_fixed_scale_and_reproducible():
    Xtr, _, ytr, _ = iris_split()
    names = np.array(["setosa", "versicolor", "virginica"])[ytr]
    a = QNNClassifier(n_layers=1, max_iter=10, random_state=3, train_scale=False).fit(Xtr, names)
    b = clone(a).fit(Xtr, names)
    assert a.classes_.tolist() == ["setosa", "versicolor", "virginica"]
    assert a.scale_ == 3.0  # fixed
    np.testing.assert_array_equal(a.weights_, b.weights_)
    assert set(a.predict(Xtr)) <= set(names)


def test_classifier_loss_gradient_equals_finite_differences():
    Xtr, _, ytr, _ = iris_split()
    X, y = Xtr[:12], ytr[:12]
    clf = QNNClassifier(n_layers=1, max_iter=1, random_state=0).fit(X, y)
    params = np.concatenate([clf.weights_, [2.5]])
    loss, grad = clf.loss_and_gradient(params, X, y)
    fd = central_difference(lambda p: clf.loss_and_gradient(p, X, y)[0], params)
    np.testing.assert_allclose(grad, fd, atol=1e-7)
    # and the loss is the cross-entropy of the probabilities predict_proba reports
    clf.weights_, clf.scale_ = params[:-1], 2.5
    assert loss == pytest.approx(-np.mean(np.log(clf.predict_proba(X)[np.arange(12), y])), abs=1e-12)


def test_classifier_errors():
    X = np.zeros((4, 2))
    with pytest.raises(ValueError, match="at least 2 classes"):
        QNNClassifier(max_iter=1).fit(X, [1, 1, 1, 1])
    with pytest.raises(ValueError, match="3 classes need at least 3 qubits"):
        QNNClassifier(n_qubits=2, max_iter=1).fit(X, [0, 1, 2, 0])
    with pytest.raises(ValueError, match="output_scale must be a positive number"):
        QNNClassifier(output_scale=0, max_iter=1).fit(X, [0, 1, 0, 1])
