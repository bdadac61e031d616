"""qmlcourse.hybrid: Dense -> QNN -> Dense trained by backprop, against the same model in
PennyLane (autograd interface, identical initial weights) and against finite differences."""

import numpy as np
import pytest

from qmlcourse.hybrid import Dense, HybridModel, QNNLayer
from qmlcourse.qnn import QNN

N_IN, N_Q, L, N_CLASSES, N = 3, 2, 2, 3, 6


def central_difference(f, a, h=1e-6):
    g = np.zeros_like(a)
    for i in range(a.size):
        e = np.zeros_like(a)
        e[i] = h
        g[i] = (f(a + e) - f(a - e)) / (2 * h)
    return g


def make_model(loss="cross_entropy", activation=None):
    return HybridModel([
        Dense(N_IN, N_Q, activation=activation, random_state=0),
        QNNLayer(QNN(N_Q, n_layers=L), random_state=1),
        Dense(N_Q, N_CLASSES, random_state=2),
    ], loss=loss)


def data(seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(N, N_IN)), rng.integers(0, N_CLASSES, N)


def pennylane_loss_and_grad(model, x, y):
    """The same model written with qml.numpy and PennyLane templates; autograd gradients."""
    qml = pytest.importorskip("pennylane")
    from pennylane import numpy as pnp

    d1, q, d2 = model.layers
    W1, b1 = d1.unpack()
    W2, b2 = d2.unpack()
    dev = qml.device("default.qubit", wires=N_Q)

    @qml.qnode(dev, interface="autograd", diff_method="backprop")
    def circuit(angles, w):
        blocks = w.reshape(L + 1, N_Q, 3)
        for layer in range(L + 1):
            qml.StronglyEntanglingLayers(blocks[layer][None], wires=range(N_Q))
            if layer < L:
                qml.AngleEmbedding(angles, wires=range(N_Q), rotation="Y")  # broadcast over samples
        return [qml.expval(qml.PauliZ(i)) for i in range(N_Q)]

    def loss(W1, b1, w, W2, b2):
        h = pnp.dot(x, W1) + b1
        z = pnp.stack(circuit(h, w), axis=1)  # (N, N_Q)
        logits = pnp.dot(z, W2) + b2
        shifted = logits - pnp.max(logits, axis=1, keepdims=True)
        logp = shifted - pnp.log(pnp.sum(pnp.exp(shifted), axis=1, keepdims=True))
        return -pnp.mean(logp[np.arange(N), y])

    args = [pnp.array(a, requires_grad=True) for a in (W1, b1, q.params, W2, b2)]
    value = loss(*args)
    grads = qml.grad(loss, argnums=list(range(5)))(*args)
    return float(value), np.concatenate([np.asarray(g).ravel() for g in grads])


def test_loss_and_gradient_equal_pennylane():
    model = make_model()
    x, y = data()
    loss, grad = model.loss_and_gradient(x, y)
    pl_loss, pl_grad = pennylane_loss_and_grad(model, x, y)
    assert loss == pytest.approx(pl_loss, abs=1e-10)
    assert grad.shape == (model.n_params,)
    np.testing.assert_allclose(grad, pl_grad, atol=1e-8)


@pytest.mark.parametrize("loss,activation", [("cross_entropy", None), ("cross_entropy", "tanh"), ("mse", None)])
def test_gradient_equals_finite_differences(loss, activation):
    model = make_model(loss, activation)
    x, y = data(1)
    target = np.eye(N_CLASSES)[y] if loss == "mse" else y
    params = model.params
    value, grad = model.loss_and_gradient(x, target)
    assert value == pytest.approx(model.loss(x, target))
    fd = central_difference(lambda p: model.loss(x, target, p), params)
    np.testing.assert_allclose(grad, fd, atol=1e-7)
    np.testing.assert_array_equal(model.params, params)  # evaluating never changes the layers


def test_quantum_layer_first_needs_no_input_gradient():
    model = HybridModel([QNNLayer(QNN(2, n_layers=1), random_state=0), Dense(2, 2, random_state=1)])
    x = np.random.default_rng(2).uniform(0, np.pi, (4, 2))
    y = np.array([0, 1, 1, 0])
    _, grad = model.loss_and_gradient(x, y)
    fd = central_difference(lambda p: model.loss(x, y, p), model.params)
    np.testing.assert_allclose(grad, fd, atol=1e-7)


def test_training_decreases_the_loss():
    model = make_model()
    x, y = data(3)
    before = model.loss(x, y)
    model.fit(x, y, max_iter=40)
    assert len(model.loss_curve_) == 40
    assert model.loss(x, y) < 0.7 * before


def test_dense_layer_closed_form_and_errors():
    layer = Dense(2, 3, weight=np.arange(6.0).reshape(2, 3), bias=[1.0, 0.0, -1.0])
    out, cache = layer.forward(np.array([[1.0, 2.0]]))
    np.testing.assert_allclose(out, [[1 + 6, 1 + 8, 2 + 10 - 1]])
    gp, gx = layer.backward(cache, np.ones((1, 3)))
    np.testing.assert_allclose(gx, [[0 + 1 + 2, 3 + 4 + 5]])
    np.testing.assert_allclose(gp, [1, 1, 1, 2, 2, 2, 1, 1, 1])
    with pytest.raises(ValueError, match=r"Dense input must have shape \(n_samples, 2\)"):
        layer.forward(np.zeros((1, 3)))
    with pytest.raises(ValueError, match="weight must have shape"):
        Dense(2, 3, weight=np.zeros((3, 2)))
    with pytest.raises(ValueError, match="activation must be one of"):
        Dense(2, 3, activation="relu6")
    with pytest.raises(ValueError, match=r"params must have shape \(35,\)"):
        make_model().forward(np.zeros((1, N_IN)), np.zeros(3))
    with pytest.raises(ValueError, match="loss must be one of"):
        HybridModel([layer], loss="hinge")
