"""Quantum neural network layers with a multi-output read-out, and a multi-class classifier.

``QNN`` is a quantum layer: data ``x (N, d)`` and weights ``w (n_weights,)`` give ``K``
expectation values ``y (N, K)`` (default ``<Z_0>, ..., <Z_(K-1)>``). Its vector-Jacobian
product ``vjp(x, w, grad_out)`` returns ``dL/dw`` and ``dL/dx`` from the simulator's batched
adjoint differentiation (``Circuit.expval_and_gradient(..., wrt="both")``): the encoding
angles are ``feature(i)`` bindings, so the derivatives with respect to the inputs come out of
the same backward sweep as those with respect to the weights. (Encodings whose angles are
functions of several features, "iqp" and "amplitude", have no input gradient; ``vjp`` then
raises ``ValueError`` unless ``wrt="weights"``.)

``QNNClassifier`` reads ``K`` classes out as ``K`` expectation values, multiplies them by a
(trainable or fixed) factor, and applies a softmax; it minimises the cross-entropy with Adam.

>>> import numpy as np
>>> qnn = QNN(2, n_layers=1)
>>> w = np.linspace(0.1, 1.2, qnn.n_weights)
>>> qnn.forward(np.array([[0.1, 0.2], [0.3, 0.4]]), w).shape
(2, 2)
>>> n_parameters("strongly_entangling", n_layers=2, n_qubits=4)
24
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from qmlcourse import ansatz as ansatz_module
from qmlcourse.models import ANSATZE, ENCODINGS, build_circuit
from qmlcourse.optim import Adam
from qmlcourse.sim import Circuit

__all__ = [
    "PARAMETER_ANSATZE",
    "QNN",
    "QNNClassifier",
    "cross_entropy",
    "log_softmax",
    "n_parameters",
    "parameter_count",
    "parameter_table",
    "softmax",
]

#: Ansatz names ``n_parameters`` knows (the QNN circuits use the first two as blocks).
PARAMETER_ANSATZE = ("hardware_efficient", "strongly_entangling", "reuploading")


def _positive_int(value, name: str) -> int:
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{name} must be a positive integer; got {value!r}")
    return int(value)


# --- parameter counts ----------------------------------------------------------------------
def n_parameters(ansatz: str, n_layers: int, n_qubits: int) -> int:
    """Number of trainable angles of ``n_layers`` layers of ``ansatz`` on ``n_qubits`` wires.

    hardware_efficient: ``2 n L``; strongly_entangling: ``3 n L``; reuploading (``L``
    encodings between ``L + 1`` Rot blocks): ``3 n (L + 1)``.

    >>> [n_parameters(a, 3, 2) for a in PARAMETER_ANSATZE]
    [12, 18, 24]
    """
    shapes = {
        "hardware_efficient": ansatz_module.hardware_efficient_shape,
        "strongly_entangling": ansatz_module.strongly_entangling_shape,
        "reuploading": ansatz_module.reuploading_shape,
    }
    if ansatz not in shapes:
        raise ValueError(f"ansatz must be one of {PARAMETER_ANSATZE}; got {ansatz!r}")
    return ansatz_module.n_weights(shapes[ansatz](n_layers, n_qubits))


#: Alias of ``n_parameters``.
parameter_count = n_parameters


def parameter_table(n_qubits: Sequence[int] = (2, 4, 8), n_layers: Sequence[int] = (1, 2, 4),
                    ansatze: Sequence[str] = PARAMETER_ANSATZE) -> list[dict]:
    """Rows ``{"ansatz", "n_qubits", "n_layers", "n_parameters"}`` for every combination,
    ready for ``pandas.DataFrame(rows)`` or a markdown table.

    >>> rows = parameter_table(n_qubits=[2], n_layers=[1])
    >>> [(r["ansatz"], r["n_parameters"]) for r in rows]
    [('hardware_efficient', 4), ('strongly_entangling', 6), ('reuploading', 12)]
    """
    return [
        {"ansatz": a, "n_qubits": int(q), "n_layers": int(layers), "n_parameters": n_parameters(a, layers, q)}
        for a in ansatze
        for q in n_qubits
        for layers in n_layers
    ]


# --- softmax and cross-entropy -------------------------------------------------------------
def _check_logits(logits) -> np.ndarray:
    z = np.asarray(logits, dtype=np.float64)
    if z.ndim != 2 or z.shape[1] < 1:
        raise ValueError(f"logits must have shape (n_samples, n_classes); got {z.shape}")
    if not np.all(np.isfinite(z)):
        raise ValueError("logits contain NaN or infinite values")
    return z


def log_softmax(logits) -> np.ndarray:
    """Row-wise ``log softmax`` of ``logits (N, K)``, stable for large logits.

    >>> log_softmax(np.array([[1000.0, 1000.0]])).round(6)
    array([[-0.693147, -0.693147]])
    """
    z = _check_logits(logits)
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def softmax(logits) -> np.ndarray:
    """Row-wise softmax of ``logits (N, K)``: rows of probabilities summing to 1.

    >>> softmax(np.array([[0.0, np.log(3.0)]])).round(6)
    array([[0.25, 0.75]])
    """
    return np.exp(log_softmax(logits))


def cross_entropy(logits, y, return_gradient: bool = False):
    """Mean cross-entropy ``-mean_n log softmax(logits)[n, y_n]`` of integer labels ``y (N,)``
    in ``0..K-1``; with ``return_gradient`` also ``dL/dlogits (N, K) = (softmax - onehot) / N``.

    >>> float(cross_entropy(np.array([[2000.0, 0.0]]), np.array([1])))
    2000.0
    """
    z = _check_logits(logits)
    y = np.asarray(y)
    if y.shape != (z.shape[0],) or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"y must be integer labels of shape ({z.shape[0]},); got shape {y.shape}, dtype {y.dtype}")
    if y.size and (y.min() < 0 or y.max() >= z.shape[1]):
        raise ValueError(f"labels must be in 0..{z.shape[1] - 1}; got values in {y.min()}..{y.max()}")
    n = z.shape[0]
    logp = log_softmax(z)
    loss = float(-logp[np.arange(n), y].mean())
    if not return_gradient:
        return loss
    d = np.exp(logp)
    d[np.arange(n), y] -= 1.0
    return loss, d / n


# --- the quantum layer ---------------------------------------------------------------------
class QNN:
    """A quantum layer ``(x (N, d), w (n_weights,)) -> (N, K)`` expectation values.

    Parameters
    ----------
    n_qubits : int
    n_layers : int, default 2
        Trainable layers (re-uploadings for ``encoding="reuploading"``).
    encoding : {"reuploading", "angle", "iqp", "amplitude"}, default "reuploading"
        As ``qmlcourse.models.build_circuit``: feature ``k`` on wire ``k mod n`` by RY (then RZ
        for the next ``n`` features...); "reuploading" interleaves ``n_layers + 1`` blocks.
    ansatz : {"strongly_entangling", "hardware_efficient"}, default "strongly_entangling"
        One layer of it per block (strongly entangling blocks have range 1).
    observables : list of observables or None
        Default ``["Z0", ..., "Z(K-1)"]`` with ``K = n_outputs`` (default ``n_qubits``).
    n_features : int or None
        Data columns (default ``n_qubits``).
    n_outputs : int or None
        Number of default observables (ignored if ``observables`` is given).
    circuit : Circuit or None
        Use this circuit instead of building one (the other building arguments are ignored).
    method : {"adjoint", "parameter-shift"}, default "adjoint"

    Attributes: ``circuit``, ``observables``, ``n_weights``, ``n_features``, ``n_outputs``.

    >>> qnn = QNN(2, n_layers=1, n_outputs=1)
    >>> qnn.n_weights, qnn.observables
    (12, ['Z0'])
    """

    def __init__(self, n_qubits: int, n_layers: int = 2, encoding: str = "reuploading",
                 ansatz: str = "strongly_entangling", observables=None, n_features: int | None = None,
                 n_outputs: int | None = None, circuit: Circuit | None = None, method: str = "adjoint"):
        if method not in ("adjoint", "parameter-shift"):
            raise ValueError(f"method must be 'adjoint' or 'parameter-shift'; got {method!r}")
        self.method = method
        if circuit is not None:
            if not isinstance(circuit, Circuit):
                raise TypeError(f"circuit must be a qmlcourse Circuit; got {type(circuit).__name__}")
            self.circuit = circuit
            n_qubits = circuit.n_qubits
        else:
            n_qubits = _positive_int(n_qubits, "n_qubits")
            if encoding not in ENCODINGS:
                raise ValueError(f"encoding must be one of {ENCODINGS}; got {encoding!r}")
            if ansatz not in ANSATZE:
                raise ValueError(f"ansatz must be one of {ANSATZE}; got {ansatz!r}")
            d = n_qubits if n_features is None else _positive_int(n_features, "n_features")
            self.circuit = build_circuit(n_qubits, d, _positive_int(n_layers, "n_layers"), encoding, ansatz)
        if observables is None:
            k = n_qubits if n_outputs is None else _positive_int(n_outputs, "n_outputs")
            if k > n_qubits:
                raise ValueError(f"n_outputs (default Z_i read-outs) must be at most n_qubits={n_qubits}; got {k}")
            observables = [f"Z{q}" for q in range(k)]
        elif not isinstance(observables, (list, tuple)) or not observables:
            raise ValueError(f"observables must be a non-empty list; got {observables!r}")
        self.observables = list(observables)
        self.circuit._check_observable(self.observables)
        self.n_qubits = n_qubits
        self.n_features = self.circuit.n_features if circuit is not None else d
        self.n_weights = self.circuit.n_weights
        self.n_outputs = len(self.observables)

    def __repr__(self) -> str:
        return (f"QNN({self.n_qubits} qubits, {self.n_features} features, {self.n_weights} weights, "
                f"{self.n_outputs} outputs)")

    def init_weights(self, random_state=None, low: float = -np.pi, high: float = np.pi) -> np.ndarray:
        """Uniform random weights ``(n_weights,)``."""
        return np.random.default_rng(random_state).uniform(low, high, self.n_weights)

    def _x(self, x) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        if x.ndim != 2 or x.shape[1] != self.n_features:
            raise ValueError(f"x must have shape (n_samples, {self.n_features}); got {x.shape}")
        return x

    def _w(self, w) -> np.ndarray:
        w = np.asarray(w, dtype=np.float64)
        if w.shape != (self.n_weights,):
            raise ValueError(f"w must have shape ({self.n_weights},); got {w.shape}")
        return w

    def forward(self, x, w) -> np.ndarray:
        """Expectation values ``(N, K)`` for ``x (N, d)`` and ``w (n_weights,)``."""
        x, w = self._x(x), self._w(w)
        return np.asarray(self.circuit.expval(self.observables, x, w)).reshape(x.shape[0], self.n_outputs)

    __call__ = forward

    def jacobian(self, x, w, wrt: str = "both"):
        """Values ``(N, K)`` and Jacobians: ``dy/dw (N, K, n_weights)`` and/or ``dy/dx (N, K, d)``.

        Returns ``(values, jac_w, jac_x)``; the one not asked for (``wrt="weights"`` or
        ``"inputs"``) is None.
        """
        if wrt not in ("weights", "inputs", "both"):
            raise ValueError(f"wrt must be 'weights', 'inputs' or 'both'; got {wrt!r}")
        x, w = self._x(x), self._w(w)
        n, k = x.shape[0], self.n_outputs
        values, g = self.circuit.expval_and_gradient(self.observables, x, w, method=self.method, wrt=wrt)
        values = np.asarray(values).reshape(n, k)
        if wrt == "both":
            gw, gx = g
        elif wrt == "weights":
            gw, gx = g, None
        else:
            gw, gx = None, g
        gw = None if gw is None else gw.reshape(n, k, self.n_weights)
        gx = None if gx is None else gx.reshape(n, k, -1)[:, :, : self.n_features]
        return values, gw, gx

    def vjp(self, x, w, grad_out, wrt: str = "both"):
        """Vector-Jacobian product: ``grad_out = dL/dy (N, K)`` gives ``(dL/dw (n_weights,),
        dL/dx (N, d))`` (None for the one not asked for).

        >>> import numpy as np
        >>> qnn = QNN(1, n_layers=1)
        >>> gw, gx = qnn.vjp(np.zeros((3, 1)), np.zeros(qnn.n_weights), np.ones((3, 1)))
        >>> gw.shape, gx.shape
        ((6,), (3, 1))
        """
        return self.forward_and_vjp(x, w, grad_out, wrt)[1:]

    def forward_and_vjp(self, x, w, grad_out, wrt: str = "both"):
        """``(values (N, K), dL/dw, dL/dx)`` in one adjoint sweep (see ``vjp``).

        The sweep carries one bra per input, ``sum_k grad_out[n, k] O_k |psi_n>``
        (``Circuit.expval_and_gradient(cotangent=...)``), not one per output: the Jacobian
        is never formed."""
        x, w = self._x(x), self._w(w)
        g = np.asarray(grad_out)
        if g.shape != (x.shape[0], self.n_outputs) or g.dtype.kind not in "biuf":
            raise ValueError(f"grad_out must have shape ({x.shape[0]}, {self.n_outputs}), real numbers; got "
                             f"shape {g.shape} and dtype {g.dtype}")
        if not np.all(np.isfinite(g)):
            raise ValueError("grad_out contains NaN or infinite values")
        many = isinstance(self.observables, (list, tuple))
        weights = g.astype(np.float64) if many else g[:, 0].astype(np.float64)
        values, grads = self.circuit.expval_and_gradient(self.observables, x, w, method=self.method, wrt=wrt,
                                                         cotangent=lambda _values: weights)
        values = np.asarray(values).reshape(x.shape[0], self.n_outputs)
        per_input_w, per_input_x = grads if wrt == "both" else ((grads, None) if wrt == "weights" else (None, grads))
        gw = None if per_input_w is None else per_input_w.sum(axis=0)
        gx = None if per_input_x is None else per_input_x[:, : self.n_features]
        return values, gw, gx


# --- the classifier ------------------------------------------------------------------------
class QNNClassifier(ClassifierMixin, BaseEstimator):
    """A multi-class QNN classifier: ``p(class k | x) = softmax_k(s * <O_k>(x))``.

    Class ``k`` is read out as the expectation value ``<Z_k>`` of qubit ``k`` (``K`` classes
    need ``K <= n_qubits``), multiplied by a factor ``s`` (trainable if ``train_scale``,
    starting at ``output_scale``): expectation values are in ``[-1, 1]``, so without the
    factor the probabilities could never get near 0 or 1. Loss: mean cross-entropy;
    optimiser: full-batch Adam (``qmlcourse.optim.Adam``) on adjoint gradients. Inputs are
    used as angles as they are (scale them first, e.g. to ``[0, pi]``).

    Parameters
    ----------
    n_qubits : int or None, default None
        None: ``max(n_features, n_classes)``.
    n_layers : int, default 2
    encoding, ansatz : as ``QNN``
    output_scale : float, default 3.0
    train_scale : bool, default True
    learning_rate : float, default 0.1
    max_iter : int, default 100
    random_state : int, Generator or None

    Attributes: ``classes_``, ``weights_``, ``scale_``, ``qnn_``, ``loss_curve_``, ``n_iter_``,
    ``n_features_in_``.

    >>> X = np.array([[0.0, 0.1], [0.2, 0.0], [3.0, 2.9], [2.8, 3.1]])
    >>> clf = QNNClassifier(n_layers=1, max_iter=30, random_state=0).fit(X, ["a", "a", "b", "b"])
    >>> clf.predict(X).tolist()
    ['a', 'a', 'b', 'b']
    """

    def __init__(self, n_qubits=None, n_layers=2, encoding="reuploading", ansatz="strongly_entangling",
                 output_scale=3.0, train_scale=True, learning_rate=0.1, max_iter=100, random_state=None):
        self.n_qubits = n_qubits
        self.n_layers = n_layers
        self.encoding = encoding
        self.ansatz = ansatz
        self.output_scale = output_scale
        self.train_scale = train_scale
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.random_state = random_state

    def _check_params(self):
        _positive_int(self.max_iter, "max_iter")
        for name in ("output_scale", "learning_rate"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, (int, float, np.number)) or not np.isfinite(v) or v <= 0:
                raise ValueError(f"{name} must be a positive number; got {v!r}")

    def loss_and_gradient(self, params, X, y):
        """Mean cross-entropy and its gradient for the flat ``params = [weights, scale]``
        (scale last; its derivative is 0 if the scale is fixed), inputs ``X (N, d)`` and
        integer labels ``y (N,)`` in ``0..K-1``."""
        params = np.asarray(params, dtype=np.float64)
        w, s = params[:-1], params[-1]
        z, jw, _ = self.qnn_.jacobian(X, w, wrt="weights")
        loss, dlogits = cross_entropy(s * z, y, return_gradient=True)
        g_w = np.einsum("nk,nkw->w", s * dlogits, jw)
        g_s = float(np.sum(dlogits * z)) if self.train_scale else 0.0
        return loss, np.concatenate([g_w, [g_s]])

    def fit(self, X, y):
        """Train on ``X (n_samples, n_features)`` and labels ``y``; returns self."""
        self._check_params()
        X, y = validate_data(self, X, y, dtype=np.float64)
        check_classification_targets(y)
        classes, encoded = np.unique(y, return_inverse=True)
        if classes.size < 2:
            raise ValueError(f"QNNClassifier needs at least 2 classes in y; got 1 class ({classes[0]!r})")
        k, d = classes.size, X.shape[1]
        n_qubits = max(d, k) if self.n_qubits is None else _positive_int(self.n_qubits, "n_qubits")
        if k > n_qubits:
            raise ValueError(f"{k} classes need at least {k} qubits (one read-out each); got n_qubits={n_qubits}")
        self.classes_ = classes
        self.qnn_ = QNN(n_qubits, self.n_layers, self.encoding, self.ansatz, n_features=d, n_outputs=k)
        params = np.concatenate([self.qnn_.init_weights(self.random_state), [float(self.output_scale)]])
        opt = Adam(lr=float(self.learning_rate))
        self.loss_curve_ = []
        for _ in range(int(self.max_iter)):
            loss, grad = self.loss_and_gradient(params, X, encoded)
            self.loss_curve_.append(loss)
            params = opt.step(params, grad)
        self.weights_, self.scale_ = params[:-1], float(params[-1])
        self.n_iter_ = int(self.max_iter)
        return self

    def decision_function(self, X):
        """Logits ``s * <Z_k> (n_samples, n_classes)``."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=np.float64)
        return self.scale_ * self.qnn_.forward(X, self.weights_)

    def predict_proba(self, X):
        """Class probabilities ``(n_samples, n_classes)`` in the order of ``classes_``."""
        return softmax(self.decision_function(X))

    def predict(self, X):
        """Predicted labels ``(n_samples,)``."""
        return self.classes_[np.argmax(self.decision_function(X), axis=1)]
