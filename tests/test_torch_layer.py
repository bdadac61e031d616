import os

import pytest

if os.environ.get("QMLCOURSE_REQUIRE_TORCH"):
    import torch
else:
    torch = pytest.importorskip("torch")

# qmlcourse.torch.QuantumLayer: gradcheck, agreement with PennyLane's TorchLayer, and a hybrid
# nn.Sequential that trains and equals qmlcourse.hybrid's numbers.

import numpy as np  # noqa: E402

from qmlcourse.hybrid import Dense, HybridModel, QNNLayer  # noqa: E402
from qmlcourse.optim import GradientDescent  # noqa: E402
from qmlcourse.qnn import QNN  # noqa: E402
from qmlcourse.torch import QNNFunction, QuantumLayer  # noqa: E402

N_Q, L = 2, 2


def test_gradcheck_inputs_and_weights():
    qnn = QNN(N_Q, n_layers=1, n_features=3)  # wrapped features: RY then RZ on wire 0
    gen = torch.Generator().manual_seed(0)
    x = torch.rand(3, 3, dtype=torch.float64, generator=gen, requires_grad=True)
    w = torch.rand(qnn.n_weights, dtype=torch.float64, generator=gen, requires_grad=True)
    assert torch.autograd.gradcheck(lambda a, b: QNNFunction.apply(a, b, qnn), (x, w), eps=1e-6, atol=1e-7)


def test_gradcheck_only_weights_and_a_single_sample():
    layer = QuantumLayer(QNN(N_Q, n_layers=1, n_outputs=1), random_state=0)
    x = torch.tensor([0.3, -0.4], dtype=torch.float64)
    assert layer(x).shape == (1,)
    assert torch.autograd.gradcheck(lambda w: QNNFunction.apply(x[None], w, layer.qnn), (layer.weights,))


def pennylane_torch_layer(weights):
    qml = pytest.importorskip("pennylane")
    dev = qml.device("default.qubit", wires=N_Q)

    @qml.qnode(dev, interface="torch", diff_method="backprop")
    def circuit(inputs, weights):
        blocks = weights.reshape(L + 1, N_Q, 3)
        for layer in range(L + 1):
            qml.StronglyEntanglingLayers(blocks[layer][None], wires=range(N_Q))
            if layer < L:
                qml.AngleEmbedding(inputs, wires=range(N_Q), rotation="Y")
        return [qml.expval(qml.PauliZ(i)) for i in range(N_Q)]

    layer = qml.qnn.TorchLayer(circuit, {"weights": (weights.size,)}).double()
    with torch.no_grad():
        layer.weights.copy_(torch.tensor(weights, dtype=torch.float64))
    return layer


def test_outputs_and_gradients_equal_pennylane_torchlayer():
    qnn = QNN(N_Q, n_layers=L)
    w = qnn.init_weights(4)
    ours, theirs = QuantumLayer(qnn, weights=w), pennylane_torch_layer(w)
    x = torch.tensor(np.random.default_rng(5).uniform(0, np.pi, (4, N_Q)), requires_grad=True)
    x2 = x.detach().clone().requires_grad_(True)
    g = torch.tensor(np.random.default_rng(6).normal(size=(4, N_Q)))
    y_ours, y_theirs = ours(x), theirs(x2)
    assert y_ours.dtype == torch.float64
    torch.testing.assert_close(y_ours, y_theirs.to(torch.float64), atol=1e-10, rtol=0)
    (y_ours * g).sum().backward()
    (y_theirs * g).sum().backward()
    torch.testing.assert_close(ours.weights.grad, theirs.weights.grad.to(torch.float64), atol=1e-10, rtol=0)
    torch.testing.assert_close(x.grad, x2.grad, atol=1e-10, rtol=0)


def hybrid_pair(seed=0):
    torch.manual_seed(seed)
    qnn = QNN(N_Q, n_layers=L)
    net = torch.nn.Sequential(torch.nn.Linear(3, N_Q), QuantumLayer(qnn, random_state=seed),
                              torch.nn.Linear(N_Q, 3)).double()
    lin1, q, lin2 = net
    model = HybridModel([
        Dense(3, N_Q, weight=lin1.weight.detach().numpy().T, bias=lin1.bias.detach().numpy()),
        QNNLayer(qnn, weights=q.weights.detach().numpy()),
        Dense(N_Q, 3, weight=lin2.weight.detach().numpy().T, bias=lin2.bias.detach().numpy()),
    ])
    return net, model


def flat_grads(net):
    lin1, q, lin2 = net
    parts = [lin1.weight.grad.T, lin1.bias.grad, q.weights.grad, lin2.weight.grad.T, lin2.bias.grad]
    return np.concatenate([p.detach().numpy().ravel() for p in parts])


def test_sequential_equals_numpy_hybrid_and_trains():
    net, model = hybrid_pair()
    rng = np.random.default_rng(7)
    x_np, y_np = rng.normal(size=(8, 3)), rng.integers(0, 3, 8)
    x, y = torch.tensor(x_np), torch.tensor(y_np)
    loss_fn = torch.nn.CrossEntropyLoss()
    loss = loss_fn(net(x), y)
    loss.backward()
    np_loss, np_grad = model.loss_and_gradient(x_np, y_np)
    assert loss.item() == pytest.approx(np_loss, abs=1e-12)
    np.testing.assert_allclose(flat_grads(net), np_grad, atol=1e-10)
    # train both by plain gradient descent (torch.optim's first use imports torch._dynamo,
    # seconds of start-up; the update is one line)
    losses = []
    for _ in range(30):
        net.zero_grad()
        loss = loss_fn(net(x), y)
        loss.backward()
        with torch.no_grad():
            for p in net.parameters():
                p -= 0.3 * p.grad
        losses.append(loss.item())
    assert losses[-1] < 0.8 * losses[0]
    assert all(b < a for a, b in zip(losses, losses[1:], strict=False))
    model.fit(x_np, y_np, max_iter=30, optimizer=GradientDescent(lr=0.3))
    np.testing.assert_allclose(model.loss_curve_, losses, atol=1e-10)


def test_float32_inputs_and_errors():
    layer = QuantumLayer(QNN(N_Q, n_layers=1), random_state=0)
    x = torch.zeros(2, N_Q, dtype=torch.float32, requires_grad=True)
    out = layer(x)
    assert out.dtype == torch.float32
    out.sum().backward()
    assert x.grad.dtype == torch.float32 and layer.weights.grad.dtype == torch.float64
    with pytest.raises(ValueError, match=r"input must have shape \(n_samples, 2\)"):
        layer(torch.zeros(2, 3))
    with pytest.raises(ValueError, match="NaN"):
        layer(torch.full((1, N_Q), float("nan")))
    with pytest.raises(ValueError, match=r"weights must have shape \(12,\)"):
        QuantumLayer(QNN(N_Q, n_layers=1), weights=np.zeros(3))
    with pytest.raises(TypeError, match="qmlcourse.qnn.QNN"):
        QuantumLayer("not a qnn")


def test_clear_import_error_without_torch(monkeypatch):
    import importlib
    import sys

    monkeypatch.setitem(sys.modules, "torch", None)  # makes `import torch` raise ImportError
    monkeypatch.delitem(sys.modules, "qmlcourse.torch", raising=False)
    with pytest.raises(ImportError, match=r"qmlcourse.torch needs PyTorch: pip install 'qmlcourse\[torch\]'"):
        importlib.import_module("qmlcourse.torch")
