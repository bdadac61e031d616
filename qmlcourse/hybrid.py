"""Hybrid classical-quantum models in numpy: ``Dense -> QNNLayer -> Dense``, trained by backprop.

Every layer is a pair of pure functions over a flat parameter vector:
``forward(x, params) -> (out, cache)`` and ``backward(cache, grad_out, params) ->
(grad_params, grad_x)``. ``HybridModel`` chains them: the loss gradient is classical
backpropagation through the ``Dense`` layers and, through the quantum layer, its
vector-Jacobian product ``QNN.vjp``. The quantum layer needs derivatives with respect to its
INPUTS too (they are the outputs of the previous ``Dense``): the simulator gives them in the
same adjoint sweep as the weight derivatives, because the encoding angles are bound as
``feature(i)`` (``Circuit.expval_and_gradient(..., wrt="both")``). So the classical output
feeds the encoding gates directly; no parameter-shift on the encoding is needed.

>>> import numpy as np
>>> from qmlcourse.qnn import QNN
>>> model = HybridModel([Dense(3, 2, random_state=0), QNNLayer(QNN(2, n_layers=1), random_state=1),
...                      Dense(2, 2, random_state=2)])
>>> x, y = np.random.default_rng(0).normal(size=(5, 3)), np.array([0, 1, 1, 0, 1])
>>> model.forward(x).shape, model.n_params
((5, 2), 26)
>>> loss, grad = model.loss_and_gradient(x, y)
>>> grad.shape
(26,)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from qmlcourse.optim import Adam, Optimizer
from qmlcourse.qnn import QNN, cross_entropy

__all__ = ["Dense", "HybridModel", "Layer", "QNNLayer"]

LOSSES = ("cross_entropy", "mse")
ACTIVATIONS = (None, "tanh")


class Layer:
    """Base class: a layer owns a flat parameter vector ``params`` of size ``n_params``."""

    params: np.ndarray

    @property
    def n_params(self) -> int:
        return int(self.params.size)

    def _p(self, params) -> np.ndarray:
        p = self.params if params is None else np.asarray(params, dtype=np.float64)
        if p.shape != (self.n_params,):
            raise ValueError(f"{type(self).__name__} params must have shape ({self.n_params},); got {p.shape}")
        return p

    def forward(self, x, params=None):  # pragma: no cover - abstract
        raise NotImplementedError

    def backward(self, cache, grad_out, params=None, need_input_grad: bool = True):  # pragma: no cover
        raise NotImplementedError


class Dense(Layer):
    """A classical affine layer ``y = act(x @ W + b)``, ``W (n_in, n_out)``, ``b (n_out,)``.

    ``params`` is ``[W.ravel(), b]`` (C order). ``W`` starts uniform in
    ``+-1/sqrt(n_in)`` (as ``torch.nn.Linear``), ``b`` too, unless given.
    A torch ``Linear`` with ``weight = W.T`` and ``bias = b`` computes the same.

    >>> layer = Dense(2, 1, weight=[[1.0], [2.0]], bias=[0.5])
    >>> layer.forward(np.array([[1.0, 1.0]]))[0]
    array([[3.5]])
    """

    def __init__(self, n_in: int, n_out: int, activation: str | None = None, random_state=None,
                 weight=None, bias=None):
        for name, v in (("n_in", n_in), ("n_out", n_out)):
            if not isinstance(v, (int, np.integer)) or isinstance(v, bool) or v < 1:
                raise ValueError(f"{name} must be a positive integer; got {v!r}")
        if activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {ACTIVATIONS}; got {activation!r}")
        self.n_in, self.n_out, self.activation = int(n_in), int(n_out), activation
        rng = np.random.default_rng(random_state)
        bound = 1 / np.sqrt(self.n_in)
        W = rng.uniform(-bound, bound, (self.n_in, self.n_out)) if weight is None else np.asarray(weight, float)
        b = rng.uniform(-bound, bound, self.n_out) if bias is None else np.asarray(bias, float)
        if W.shape != (self.n_in, self.n_out) or b.shape != (self.n_out,):
            raise ValueError(f"weight must have shape ({self.n_in}, {self.n_out}) and bias ({self.n_out},); "
                             f"got {W.shape} and {b.shape}")
        self.params = np.concatenate([W.ravel(), b])

    def unpack(self, params=None) -> tuple[np.ndarray, np.ndarray]:
        """``(W (n_in, n_out), b (n_out,))`` from a flat parameter vector."""
        p = self._p(params)
        k = self.n_in * self.n_out
        return p[:k].reshape(self.n_in, self.n_out), p[k:]

    def forward(self, x, params=None):
        """``(y (N, n_out), cache)`` for ``x (N, n_in)``."""
        x = np.asarray(x, dtype=np.float64)
        if x.ndim != 2 or x.shape[1] != self.n_in:
            raise ValueError(f"Dense input must have shape (n_samples, {self.n_in}); got {x.shape}")
        W, b = self.unpack(params)
        y = x @ W + b
        if self.activation == "tanh":
            y = np.tanh(y)
        return y, (x, y)

    def backward(self, cache, grad_out, params=None, need_input_grad: bool = True):
        """``(dL/dparams (n_params,), dL/dx (N, n_in))`` from ``grad_out = dL/dy (N, n_out)``."""
        x, y = cache
        W, _ = self.unpack(params)
        g = np.asarray(grad_out, dtype=np.float64)
        if self.activation == "tanh":
            g = g * (1 - y**2)
        grad_params = np.concatenate([(x.T @ g).ravel(), g.sum(axis=0)])
        return grad_params, (g @ W.T if need_input_grad else None)


class QNNLayer(Layer):
    """The quantum layer of a hybrid model: ``y = QNN(x, w)``, ``params = w``.

    The input gradient is the adjoint derivative with respect to the encoding angles
    (``QNN.vjp``), so ``x`` feeds the encoding gates as angles.
    """

    def __init__(self, qnn: QNN, weights=None, random_state=None):
        if not isinstance(qnn, QNN):
            raise TypeError(f"qnn must be a qmlcourse.qnn.QNN; got {type(qnn).__name__}")
        self.qnn = qnn
        self.params = qnn.init_weights(random_state) if weights is None else np.array(weights, dtype=np.float64)
        self._p(None)

    def forward(self, x, params=None):
        x = np.asarray(x, dtype=np.float64)
        return self.qnn.forward(x, self._p(params)), x

    def backward(self, cache, grad_out, params=None, need_input_grad: bool = True):
        gw, gx = self.qnn.vjp(cache, self._p(params), grad_out, wrt="both" if need_input_grad else "weights")
        return gw, gx


class HybridModel:
    """A stack of layers trained on ``loss`` ("cross_entropy" on integer labels, or "mse").

    ``params`` is the concatenation of the layers' parameters (in order); every method takes
    an optional ``params`` to evaluate at other values without changing the layers.
    """

    def __init__(self, layers: Sequence[Layer], loss: str = "cross_entropy"):
        layers = list(layers)
        if not layers or not all(isinstance(layer, Layer) for layer in layers):
            raise ValueError("layers must be a non-empty list of Dense / QNNLayer objects")
        if loss not in LOSSES:
            raise ValueError(f"loss must be one of {LOSSES}; got {loss!r}")
        self.layers, self.loss_name = layers, loss
        self.loss_curve_: list[float] = []

    @property
    def n_params(self) -> int:
        return sum(layer.n_params for layer in self.layers)

    @property
    def params(self) -> np.ndarray:
        return np.concatenate([layer.params for layer in self.layers])

    @params.setter
    def params(self, values) -> None:
        for layer, p in zip(self.layers, self._split(values), strict=True):
            layer.params = p.copy()

    def _split(self, params) -> list[np.ndarray]:
        p = self.params if params is None else np.asarray(params, dtype=np.float64)
        if p.shape != (self.n_params,):
            raise ValueError(f"params must have shape ({self.n_params},); got {p.shape}")
        bounds = np.cumsum([0] + [layer.n_params for layer in self.layers])
        return [p[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]

    def _forward(self, x, parts):
        caches = []
        for layer, p in zip(self.layers, parts, strict=True):
            x, cache = layer.forward(x, p)
            caches.append(cache)
        return x, caches

    def forward(self, x, params=None) -> np.ndarray:
        """The model's output ``(N, n_out)`` (logits for the cross-entropy)."""
        return self._forward(x, self._split(params))[0]

    def _loss(self, out, y):
        if self.loss_name == "cross_entropy":
            return cross_entropy(out, np.asarray(y), return_gradient=True)
        y = np.asarray(y, dtype=np.float64).reshape(out.shape)
        r = out - y
        return float(np.mean(r**2)), 2 * r / r.size

    def loss(self, x, y, params=None) -> float:
        return self._loss(self.forward(x, params), y)[0]

    def loss_and_gradient(self, x, y, params=None):
        """``(loss, dloss/dparams (n_params,))`` by backpropagation through every layer."""
        parts = self._split(params)
        out, caches = self._forward(x, parts)
        loss, g = self._loss(out, y)
        grads = [None] * len(self.layers)
        for i in range(len(self.layers) - 1, -1, -1):
            grads[i], g = self.layers[i].backward(caches[i], g, parts[i], need_input_grad=i > 0)
        return loss, np.concatenate(grads)

    def fit(self, x, y, max_iter: int = 100, optimizer: Optimizer | None = None) -> HybridModel:
        """Full-batch training (default ``Adam(lr=0.05)``); appends to ``loss_curve_``."""
        opt = Adam(lr=0.05) if optimizer is None else optimizer
        params = self.params
        for _ in range(int(max_iter)):
            loss, grad = self.loss_and_gradient(x, y, params)
            self.loss_curve_.append(loss)
            params = opt.step(params, grad)
        self.params = params
        return self
