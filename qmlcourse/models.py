"""Variational quantum models as scikit-learn estimators: ``VQCClassifier`` and ``VQCRegressor``.

The model: inputs scaled to ``[-pi/2, pi/2]`` (min-max over the training data), a circuit of
``n_qubits`` wires (default: one per feature, at most ``MAX_DEFAULT_QUBITS``; extra
features wrap around the wires) made of an encoding and trainable layers, and a linear
read-out of the single-qubit expectation values ``<Z_0>, ..., <Z_(n-1)>``:
``logits = <Z> @ readout_ + intercept_``. The classifier turns one logit into a
probability with a sigmoid (two classes) or ``K`` logits with a softmax (``K`` classes, a
multi-output read-out) and minimises the cross-entropy; the regressor minimises the squared
error on standardised targets. Training is full-batch Adam (``qmlcourse.optim.Adam``) on
gradients from the simulator (batched adjoint differentiation, or the parameter-shift rule)
chained through the read-out by hand.

Every constructor argument has a working default, so ``VQCClassifier().fit(X, y)`` works.

>>> from qmlcourse.datasets import moons
>>> X, y = moons(60, random_state=0)
>>> clf = VQCClassifier(max_iter=20, tol=None, random_state=0).fit(X, y)
>>> clf.n_qubits_, clf.weights_.shape, len(clf.loss_curve_) <= 20
(2, (24,), True)
"""

from __future__ import annotations

import time
import warnings

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from qmlcourse import ansatz as ansatz_module
from qmlcourse.encodings import amplitude, angle, iqp, n_qubits_for_amplitude
from qmlcourse.optim import Adam
from qmlcourse.sim import Circuit, PauliWord

__all__ = ["MAX_DEFAULT_QUBITS", "QuantumSVC", "VQCClassifier", "VQCRegressor"]

#: With ``n_qubits=None`` the model uses one qubit per feature up to this many.
MAX_DEFAULT_QUBITS = 8
ENCODINGS = ("reuploading", "angle", "iqp", "amplitude")
ANSATZE = ("strongly_entangling", "hardware_efficient")
GRADIENTS = ("adjoint", "parameter-shift")


def _block_shape(name: str, n: int) -> tuple[int, ...]:
    if name == "strongly_entangling":
        return ansatz_module.strongly_entangling_shape(1, n)
    return ansatz_module.hardware_efficient_shape(1, n)


def _add_block(circuit: Circuit, name: str, offset: int) -> None:
    if name == "strongly_entangling":
        ansatz_module.strongly_entangling(circuit, 1, offset=offset)
    else:
        ansatz_module.hardware_efficient(circuit, 1, offset=offset)


def _encode(circuit: Circuit, n_features: int) -> None:
    """Angle-encode every feature: the first ``n`` on RY, the next ``n`` (wrapped onto the same
    wires) on RZ, then RY again...: alternating axes keep wrapped features apart (two RY on
    one wire would only see their sum)."""
    n = circuit.n_qubits
    for start in range(0, n_features, n):
        chunk = list(range(start, min(start + n, n_features)))
        angle(circuit, "Y" if (start // n) % 2 == 0 else "Z", wires=range(len(chunk)), features=chunk)


def build_circuit(n_qubits: int, n_features: int, n_layers: int = 3, encoding: str = "reuploading",
                  ansatz: str = "strongly_entangling") -> Circuit:
    """The circuit of a VQC model.

    - "reuploading": ``W_L S(x) ... W_1 S(x) W_0``, with ``S(x)`` = angle encoding of every
      feature (feature ``k`` on wire ``k mod n``, by RY for ``k < n``, RZ for the next ``n``,
      alternating) and each ``W`` one layer of ``ansatz`` (``n_layers + 1`` blocks).
    - "angle": ``W_L ... W_1 S(x)``: encode once, then ``n_layers`` blocks.
    - "iqp": ``W_L ... W_1 IQP(x)`` (needs ``n_features == n_qubits``).
    - "amplitude": ``W_L ... W_1 A(x)``, ``A`` the amplitude encoding of the (zero-padded,
      normalised) row on ``n_qubits >= ceil(log2 n_features)`` wires.

    >>> build_circuit(2, 2, n_layers=1).n_weights
    12
    """
    if encoding not in ENCODINGS:
        raise ValueError(f"encoding must be one of {ENCODINGS}; got {encoding!r}")
    if ansatz not in ANSATZE:
        raise ValueError(f"ansatz must be one of {ANSATZE}; got {ansatz!r}")
    if not isinstance(n_layers, (int, np.integer)) or isinstance(n_layers, bool) or n_layers < 1:
        raise ValueError(f"n_layers must be a positive integer; got {n_layers!r}")
    c = Circuit(n_qubits)
    size = int(np.prod(_block_shape(ansatz, n_qubits)))
    if encoding == "reuploading":
        for layer in range(n_layers + 1):
            _add_block(c, ansatz, layer * size)
            if layer < n_layers:
                _encode(c, n_features)
        return c
    if encoding == "angle":
        _encode(c, n_features)
    elif encoding == "amplitude":
        if n_qubits < n_qubits_for_amplitude(n_features):
            raise ValueError(f"the amplitude encoding of {n_features} features needs at least "
                             f"{n_qubits_for_amplitude(n_features)} qubits; got {n_qubits}")
        amplitude(c)
    else:
        if n_features != n_qubits:
            raise ValueError(f"the iqp encoding needs one qubit per feature: {n_features} features, {n_qubits} qubits")
        iqp(c)
    for layer in range(n_layers):
        _add_block(c, ansatz, layer * size)
    return c


class _BaseVQC(BaseEstimator):
    """Shared fitting machinery (not public)."""

    def __init__(self, n_qubits=None, n_layers=3, encoding="reuploading", ansatz="strongly_entangling",
                 learning_rate=0.1, max_iter=100, tol=1e-4, n_iter_no_change=10, gradient="adjoint",
                 scale_inputs=True, random_state=None, warm_start=False, verbose=False):
        self.n_qubits = n_qubits
        self.n_layers = n_layers
        self.encoding = encoding
        self.ansatz = ansatz
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change
        self.gradient = gradient
        self.scale_inputs = scale_inputs
        self.random_state = random_state
        self.warm_start = warm_start
        self.verbose = verbose

    # --- validation ------------------------------------------------------------------------
    def _check_params(self) -> None:
        def positive_int(name):
            v = getattr(self, name)
            if not isinstance(v, (int, np.integer)) or isinstance(v, bool) or v < 1:
                raise ValueError(f"{name} must be a positive integer; got {v!r}")
        for name in ("n_layers", "max_iter", "n_iter_no_change"):
            positive_int(name)
        if self.n_qubits is not None:
            positive_int("n_qubits")
        if self.encoding not in ENCODINGS:
            raise ValueError(f"encoding must be one of {ENCODINGS}; got {self.encoding!r}")
        if self.ansatz not in ANSATZE:
            raise ValueError(f"ansatz must be one of {ANSATZE}; got {self.ansatz!r}")
        if self.gradient not in GRADIENTS:
            raise ValueError(f"gradient must be one of {GRADIENTS}; got {self.gradient!r}")
        lr = self.learning_rate
        if isinstance(lr, bool) or not isinstance(lr, (int, float, np.number)) or not np.isfinite(lr) or lr <= 0:
            raise ValueError(f"learning_rate must be a positive number; got {lr!r}")
        if self.tol is not None and (isinstance(self.tol, bool) or not isinstance(self.tol, (int, float, np.number))
                                     or not self.tol >= 0):
            raise ValueError(f"tol must be a non-negative number or None; got {self.tol!r}")

    # --- the model -------------------------------------------------------------------------
    def _circuit(self) -> Circuit:
        c = getattr(self, "_circuit_cache", None)
        if c is None:
            c = build_circuit(self.n_qubits_, self.n_features_in_, self.n_layers, self.encoding, self.ansatz)
            self._circuit_cache = c
        return c

    @property
    def circuit_(self) -> Circuit:
        """The fitted model's circuit (inputs are the scaled features)."""
        check_is_fitted(self)
        return self._circuit()

    def __getstate__(self):
        state = super().__getstate__()
        state.pop("_circuit_cache", None)  # rebuilt on demand; feature maps need not pickle
        return state

    def _observables(self) -> list[PauliWord]:
        return [f"Z{q}" for q in range(self.n_qubits_)]

    def _scale(self, X: np.ndarray) -> np.ndarray:
        if not self.scale_inputs:
            return X
        return (X - self.data_min_) / self._range * np.pi - np.pi / 2

    def _setup(self, X: np.ndarray, n_outputs: int) -> None:
        """Fresh learned state for data X (n_features_in_ is set by validate_data)."""
        self._check_params()
        n_features = X.shape[1]
        if self.n_qubits is not None:
            self.n_qubits_ = int(self.n_qubits)
        elif self.encoding == "amplitude":
            self.n_qubits_ = n_qubits_for_amplitude(n_features)
        else:
            self.n_qubits_ = max(1, min(n_features, MAX_DEFAULT_QUBITS))
        self._circuit_cache = None
        self.data_min_ = X.min(axis=0)
        self.data_max_ = X.max(axis=0)
        span = self.data_max_ - self.data_min_
        self._range = np.where(span > 0, span, 1.0)
        rng = np.random.default_rng(self.random_state)
        n_w = self._circuit().n_weights
        self.weights_ = rng.uniform(-np.pi, np.pi, n_w)
        self.readout_ = rng.normal(0, 1, (self.n_qubits_, n_outputs))
        self.intercept_ = np.zeros(n_outputs)
        self.loss_curve_ = []
        self.n_iter_ = 0
        self._optimizer = Adam(lr=float(self.learning_rate))
        self._best_loss = np.inf
        self._no_improvement = 0

    def _pack(self) -> np.ndarray:
        return np.concatenate([self.weights_, self.readout_.ravel(), self.intercept_])

    def _unpack(self, params: np.ndarray):
        n_w = self.weights_.size
        k = self.intercept_.size
        w = params[:n_w]
        readout = params[n_w: n_w + self.n_qubits_ * k].reshape(self.n_qubits_, k)
        return w, readout, params[n_w + self.n_qubits_ * k:]

    def _logits(self, Xs: np.ndarray, params: np.ndarray | None = None) -> np.ndarray:
        w, readout, b = self._unpack(self._pack() if params is None else params)
        z = np.atleast_2d(self._circuit().expval(self._observables(), Xs, w))
        return z.reshape(Xs.shape[0], -1) @ readout + b

    def _loss_and_gradient(self, params: np.ndarray, Xs: np.ndarray, targets: np.ndarray):
        """Loss and its gradient with respect to ``params`` (weights, read-out, intercept).

        ``Xs`` are scaled inputs ``(N, d)``; targets as ``_loss_from_logits`` expects.
        """
        w, readout, b = self._unpack(params)

        def dloss_dz(z):  # (N, n): the loss's derivative with respect to each expectation value
            return self._loss_from_logits(z @ readout + b, targets)[1] @ readout.T

        # a vector-Jacobian product: one backward sweep for all n read-out values
        z, g = self._circuit().expval_and_gradient(self._observables(), Xs, w, method=self.gradient,
                                                   cotangent=dloss_dz)
        loss, dlogits = self._loss_from_logits(z @ readout + b, targets)  # dlogits (N, K), mean over N included
        g_w = g.sum(axis=0)
        g_readout = z.T @ dlogits
        g_b = dlogits.sum(axis=0)
        return loss, np.concatenate([g_w, g_readout.ravel(), g_b])

    def _loss_from_logits(self, logits, targets):  # pragma: no cover - abstract
        raise NotImplementedError

    def _train(self, X: np.ndarray, targets: np.ndarray, n_steps: int) -> None:
        Xs = self._scale(X)
        params = self._pack()
        start = time.perf_counter()
        converged = False
        for _ in range(n_steps):
            loss, grad = self._loss_and_gradient(params, Xs, targets)
            if not np.isfinite(loss):
                raise ValueError(f"the training loss became {loss} at iteration {self.n_iter_}; "
                                 "try a smaller learning_rate")
            self.loss_curve_.append(float(loss))
            params = self._optimizer.step(params, grad)
            self.weights_, self.readout_, self.intercept_ = (a.copy() for a in self._unpack(params))
            self.n_iter_ += 1
            if self.verbose:
                print(f"iteration {self.n_iter_}, loss = {loss:.6f}, {time.perf_counter() - start:.2f} s", flush=True)
            if self.tol is not None:
                if loss > self._best_loss - self.tol:
                    self._no_improvement += 1
                else:
                    self._no_improvement = 0
                self._best_loss = min(self._best_loss, loss)
                if self._no_improvement >= self.n_iter_no_change:
                    converged = True
                    break
        if n_steps > 1 and not converged and self.tol is not None:
            warnings.warn(f"{type(self).__name__}: stopped after max_iter={self.max_iter} iterations without "
                          f"converging (tol={self.tol})", ConvergenceWarning, stacklevel=3)

    def _warm(self) -> bool:
        """Continue from the current weights? (``warm_start`` and already fitted)."""
        return bool(self.warm_start) and hasattr(self, "weights_")

    def _predict_input(self, X) -> np.ndarray:
        check_is_fitted(self)
        return self._scale(validate_data(self, X, reset=False, dtype=np.float64))


class VQCClassifier(ClassifierMixin, _BaseVQC):
    """A variational quantum classifier (binary or multiclass with a multi-output read-out).

    Parameters
    ----------
    n_qubits : int or None, default None
        Wires; None means one per feature (at most ``MAX_DEFAULT_QUBITS``), or
        ``ceil(log2 n_features)`` for the amplitude encoding.
    n_layers : int, default 3
        Trainable layers (re-uploadings for ``encoding="reuploading"``).
    encoding : {"reuploading", "angle", "iqp", "amplitude"}, default "reuploading"
        See ``build_circuit``.
    ansatz : {"strongly_entangling", "hardware_efficient"}, default "strongly_entangling"
    learning_rate : float, default 0.1
        Adam's step size.
    max_iter : int, default 100
        Full-batch Adam steps per ``fit``.
    tol, n_iter_no_change : float or None, int, default 1e-4, 10
        Stop when the loss has not improved by ``tol`` for ``n_iter_no_change`` steps
        (``tol=None``: always ``max_iter`` steps).
    gradient : {"adjoint", "parameter-shift"}, default "adjoint"
    scale_inputs : bool, default True
        Min-max scale each feature to ``[-pi/2, pi/2]`` (fitted on the training data).
    random_state : int, Generator or None
        Seeds the initial weights.
    warm_start : bool, default False
        ``fit`` continues from the current weights (same features and classes).
    verbose : bool, default False
        Print the loss at every iteration.

    Attributes
    ----------
    classes_ : ndarray (n_classes,); weights_ : ndarray (n_weights,) circuit weights;
    readout_ : ndarray (n_qubits_, 1 or n_classes); intercept_ : ndarray (1 or n_classes,);
    loss_curve_ : list of float, the loss before each step; n_iter_, n_qubits_, n_features_in_;
    circuit_ : the ``Circuit`` (on scaled inputs).
    """

    def fit(self, X, y):
        """Train on ``X (n_samples, n_features)``, labels ``y (n_samples,)``; returns self."""
        warm = self._warm()
        X, y = validate_data(self, X, y, dtype=np.float64, reset=not warm)
        check_classification_targets(y)
        classes, encoded = np.unique(y, return_inverse=True)
        if classes.size < 2:
            raise ValueError(f"VQCClassifier needs at least 2 classes in y; got 1 class ({classes[0]!r})")
        if warm and not np.array_equal(self.classes_, classes):
            raise ValueError(f"warm_start needs the classes of the previous fit {self.classes_.tolist()}; "
                             f"got {classes.tolist()}")
        if not warm:
            self.classes_ = classes
            self._setup(X, 1 if classes.size == 2 else classes.size)
        self._train(X, encoded, int(self.max_iter))
        return self

    def partial_fit(self, X, y, classes=None):
        """One Adam step on this batch; ``classes`` (all labels) is required on the first call."""
        first = not hasattr(self, "weights_")
        X, y = validate_data(self, X, y, dtype=np.float64, reset=first)
        check_classification_targets(y)
        if first:
            if classes is None:
                raise ValueError("classes must be passed on the first call to partial_fit")
            classes = np.unique(classes)
            if classes.size < 2:
                raise ValueError(f"VQCClassifier needs at least 2 classes; got {classes.tolist()}")
            self.classes_ = classes
            self._setup(X, 1 if classes.size == 2 else classes.size)
        elif classes is not None and not np.array_equal(np.unique(classes), self.classes_):
            raise ValueError(f"classes {np.unique(classes).tolist()} differ from those of the first call "
                             f"{self.classes_.tolist()}")
        unknown = np.setdiff1d(y, self.classes_)
        if unknown.size:
            raise ValueError(f"y contains labels {unknown.tolist()} not in classes {self.classes_.tolist()}")
        self._train(X, np.searchsorted(self.classes_, y), 1)
        return self

    def _loss_from_logits(self, logits, targets):
        n = logits.shape[0]
        if logits.shape[1] == 1:  # binary: sigmoid cross-entropy
            s = logits[:, 0]
            t = targets.astype(np.float64)
            loss = np.mean(np.logaddexp(0, s) - t * s)
            return loss, ((_sigmoid(s) - t) / n)[:, None]
        p = _softmax(logits)
        loss = -np.mean(np.log(np.clip(p[np.arange(n), targets], 1e-300, None)))
        d = p.copy()
        d[np.arange(n), targets] -= 1
        return loss, d / n

    def decision_function(self, X):
        """Logits: ``(n_samples,)`` for two classes (positive means ``classes_[1]``), else
        ``(n_samples, n_classes)``."""
        logits = self._logits(self._predict_input(X))
        return logits[:, 0] if logits.shape[1] == 1 else logits

    def predict_proba(self, X):
        """Class probabilities ``(n_samples, n_classes)``, rows summing to 1."""
        logits = self._logits(self._predict_input(X))
        if logits.shape[1] == 1:
            p = _sigmoid(logits[:, 0])
            return np.column_stack([1 - p, p])
        return _softmax(logits)

    def predict(self, X):
        """Predicted labels ``(n_samples,)`` from ``classes_``."""
        check_is_fitted(self)
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]


class VQCRegressor(RegressorMixin, _BaseVQC):
    """A variational quantum regressor: ``y ~ <Z> @ readout_ + intercept_`` (on standardised
    targets), trained on the mean squared error.

    Parameters are those of ``VQCClassifier``. For Fourier-series experiments on periodic
    inputs pass ``scale_inputs=False`` (min-max scaling would stretch one period of ``x``
    onto an interval of length pi); with one feature and ``encoding="reuploading"`` the
    prediction is then a Fourier series of degree ``n_layers`` in ``x``. Attributes: ``weights_``, ``readout_``,
    ``intercept_``, ``loss_curve_`` (mean squared error on standardised ``y``), ``n_iter_``,
    ``n_qubits_``, ``n_features_in_``, ``y_mean_``, ``y_scale_``, ``circuit_``.

    >>> import numpy as np
    >>> from qmlcourse.datasets import fourier_series
    >>> X, y = fourier_series(30, degree=1, random_state=0)
    >>> reg = VQCRegressor(n_layers=1, max_iter=200, learning_rate=0.1, random_state=0).fit(X, y)
    >>> bool(reg.score(X, y) > 0.95)
    True
    """

    def fit(self, X, y):
        """Train on ``X (n_samples, n_features)``, targets ``y (n_samples,)``; returns self."""
        warm = self._warm()
        X, y = validate_data(self, X, y, dtype=np.float64, y_numeric=True, reset=not warm)
        if not warm:
            self.y_mean_ = float(np.mean(y))
            std = float(np.std(y))
            self.y_scale_ = std if std > 0 else 1.0
            self._setup(X, 1)
        self._train(X, (y - self.y_mean_) / self.y_scale_, int(self.max_iter))
        return self

    def partial_fit(self, X, y):
        """One Adam step on this batch (the first call fixes the target scaling)."""
        first = not hasattr(self, "weights_")
        X, y = validate_data(self, X, y, dtype=np.float64, y_numeric=True, reset=first)
        if first:
            self.y_mean_ = float(np.mean(y))
            std = float(np.std(y))
            self.y_scale_ = std if std > 0 else 1.0
            self._setup(X, 1)
        self._train(X, (y - self.y_mean_) / self.y_scale_, 1)
        return self

    def _loss_from_logits(self, logits, targets):
        r = logits[:, 0] - targets
        return float(np.mean(r**2)), (2 * r / r.size)[:, None]

    def predict(self, X):
        """Predictions ``(n_samples,)``."""
        return self._logits(self._predict_input(X))[:, 0] * self.y_scale_ + self.y_mean_


def _sigmoid(s: np.ndarray) -> np.ndarray:
    out = np.empty_like(s)
    pos = s >= 0
    out[pos] = 1 / (1 + np.exp(-s[pos]))
    e = np.exp(s[~pos])
    out[~pos] = e / (1 + e)
    return out


def _softmax(logits: np.ndarray) -> np.ndarray:
    z = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class QuantumSVC(ClassifierMixin, BaseEstimator):
    """A support-vector classifier on a quantum fidelity kernel (a "quantum SVM").

    ``fit`` computes the train-train Gram matrix ``FidelityKernel(...)(X)`` once from batched
    statevectors and trains ``sklearn.svm.SVC(kernel="precomputed")`` on it; ``predict``
    computes the test-train block ``(n_test, n_train)``. The same as
    ``SVC(kernel=FidelityKernel(...))``, with the kernel's parameters as the estimator's own
    (so ``GridSearchCV`` can tune ``bandwidth`` and ``C`` together). Inputs are used as they
    are: scale them first (the ZZ map reads angles; ``bandwidth`` scales them).

    Parameters
    ----------
    feature_map : {"zz", "iqp", "angle"} or Circuit, default "zz"
    reps : int, default 2
    bandwidth : float, default 1.0
    n_qubits : int or None, default None
    entanglement : "full", "linear" or list of pairs, default "full"
        As in ``qmlcourse.kernels.FidelityKernel``.
    C : float, default 1.0
        The SVM's regularisation (larger: fewer margin violations).
    class_weight : dict, "balanced" or None, default None
    max_memory : int or None, default None
        Memory cap of the kernel computation in bytes; None means
        ``qmlcourse.kernels.DEFAULT_MAX_MEMORY`` (256 MiB).

    For probabilities wrap it: ``CalibratedClassifierCV(QuantumSVC())`` (SVC's own
    ``probability=True`` is deprecated in scikit-learn 1.9).

    Attributes
    ----------
    classes_, n_features_in_, kernel_ (the fitted ``FidelityKernel``), svc_ (the fitted
    ``SVC``), X_fit_ (the training inputs), support_ (indices of the support vectors).

    >>> from qmlcourse.datasets import havlicek
    >>> X, y = havlicek(40, random_state=0)
    >>> clf = QuantumSVC().fit(X[:30], y[:30])
    >>> clf.predict(X[30:]).shape, bool(clf.score(X[30:], y[30:]) >= 0.9)
    ((10,), True)
    """

    def __init__(self, feature_map="zz", reps=2, bandwidth=1.0, n_qubits=None, entanglement="full", C=1.0,
                 class_weight=None, max_memory=None):
        self.feature_map = feature_map
        self.reps = reps
        self.bandwidth = bandwidth
        self.n_qubits = n_qubits
        self.entanglement = entanglement
        self.C = C
        self.class_weight = class_weight
        self.max_memory = max_memory

    def _kernel(self):
        from qmlcourse.kernels import DEFAULT_MAX_MEMORY, FidelityKernel

        C = self.C
        if isinstance(C, bool) or not isinstance(C, (int, float, np.number)) or not np.isfinite(C) or C <= 0:
            raise ValueError(f"C must be a positive number; got {C!r}")
        memory = DEFAULT_MAX_MEMORY if self.max_memory is None else self.max_memory
        kernel = FidelityKernel(feature_map=self.feature_map, reps=self.reps, bandwidth=self.bandwidth,
                                n_qubits=self.n_qubits, entanglement=self.entanglement, max_memory=memory)
        kernel._check_params()
        return kernel

    def fit(self, X, y):
        """Fit on ``X (n_samples, n_features)``, labels ``y (n_samples,)``; returns self."""
        from sklearn.svm import SVC

        X, y = validate_data(self, X, y, dtype=np.float64)
        check_classification_targets(y)
        kernel = self._kernel()
        classes = np.unique(y)
        if classes.size < 2:
            raise ValueError(f"QuantumSVC needs at least 2 classes in y; got 1 class ({classes[0]!r})")
        svc = SVC(kernel="precomputed", C=float(self.C), class_weight=self.class_weight)
        svc.fit(kernel(X), y)
        self.kernel_, self.svc_, self.X_fit_ = kernel, svc, X
        self.classes_ = svc.classes_
        self.support_ = svc.support_
        return self

    def _test_kernel(self, X) -> np.ndarray:
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=np.float64)
        return self.kernel_(X, self.X_fit_)

    def decision_function(self, X):
        """SVC's decision values: ``(n_samples,)`` for two classes (positive: ``classes_[1]``)."""
        K = self._test_kernel(X)
        return self.svc_.decision_function(K)

    def predict(self, X):
        """Predicted labels ``(n_samples,)``."""
        K = self._test_kernel(X)
        return self.svc_.predict(K)
