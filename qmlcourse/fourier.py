"""Fourier analysis of data re-uploading models, and the re-uploading classifier.

A circuit that encodes a scalar ``x`` through gates ``exp(-i x G)`` computes an expectation
value that is a finite Fourier series in ``x`` (Schuld, Sweke and Meyer 2021): its
frequencies are the differences of sums of eigenvalues of the generators ``G``. With ``L``
encodings by ``RX(x)`` (eigenvalues ``+-1/2``) they are the integers ``-L..L``. This module
samples such a function on an equispaced grid, reads its coefficients off the FFT, lists the
frequencies an encoding can reach, and fits the single-qubit model to a target series.

The coefficient convention is the one of the data set ``qmlcourse.datasets.fourier_series``:
``f(x) = sum_(k=-K..K) c_k exp(i k x)`` with ``c_(-k) = conj(c_k)`` for a real ``f``, so
``c_k = (1/N) sum_j f(x_j) exp(-i k x_j)`` on the grid ``x_j = 2 pi j / N``.

The last part is the single-qubit classifier of Perez-Salinas et al. 2020, whose layers
rotate by angles ``theta + w * x`` (trainable weights on the data as well as offsets).

>>> import numpy as np
>>> from qmlcourse.display import tidy
>>> x = grid(8)
>>> tidy(coefficients(np.cos(x), 2), 3)  # cos x = (e^{ix} + e^{-ix}) / 2
array([0. +0.j, 0.5+0.j, 0. +0.j, 0.5+0.j, 0. +0.j])
>>> accessible_frequencies(2, [-0.5, 0.5])
array([-2., -1.,  0.,  1.,  2.])
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from qmlcourse import ansatz
from qmlcourse.optim import Adam
from qmlcourse.sim import Circuit, feature, weight

__all__ = [
    "ReuploadingClassifier",
    "accessible_frequencies",
    "coefficients",
    "fit_reuploading",
    "grid",
    "model_coefficients",
    "series",
    "truncation_error",
]


def _positive_int(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer; got {value!r}")
    return int(value)


def grid(n_samples: int) -> np.ndarray:
    """The equispaced grid ``x_j = 2 pi j / N``, ``j = 0..N-1``, shape ``(N,)`` (one period, no endpoint).

    >>> grid(4).round(4)
    array([0.    , 1.5708, 3.1416, 4.7124])
    """
    n = _positive_int(n_samples, "n_samples")
    return 2 * np.pi * np.arange(n) / n


def coefficients(values, max_freq: int | None = None) -> np.ndarray:
    """Fourier coefficients ``c_(-K)..c_K`` of a periodic function from its samples on ``grid(N)``.

    ``c_k = (1/N) sum_j f(x_j) exp(-i k x_j)`` (``np.fft.fft`` divided by ``N``, reordered so
    that the negative frequencies come first). Exact for a series of degree at most ``K``
    when ``N >= 2K + 1``; higher frequencies would alias onto lower ones.

    Args:
        values: samples ``(N,)`` or a batch ``(..., N)`` (real or complex) on ``grid(N)``.
        max_freq: ``K``; default ``(N - 1) // 2``, the largest one the grid resolves.

    Returns:
        complex array ``(..., 2K + 1)``: entry ``K + k`` is ``c_k``.

    Raises:
        ValueError: for fewer than ``2K + 1`` samples or a negative ``max_freq``.

    >>> from qmlcourse.display import tidy
    >>> tidy(coefficients(np.sin(grid(5)), 1), 3)  # sin x = (e^{ix} - e^{-ix}) / (2i)
    array([0.+0.5j, 0.+0.j , 0.-0.5j])
    """
    f = np.asarray(values)
    if f.ndim < 1 or f.shape[-1] < 1:
        raise ValueError(f"values must have shape (..., n_samples); got {f.shape}")
    n = f.shape[-1]
    k = (n - 1) // 2 if max_freq is None else max_freq
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 0:
        raise ValueError(f"max_freq must be a non-negative integer; got {max_freq!r}")
    k = int(k)
    if n < 2 * k + 1:
        raise ValueError(f"{n} samples resolve frequencies up to {(n - 1) // 2}, not {k}: need at least {2 * k + 1}")
    c = np.fft.fft(f, axis=-1) / n
    return np.concatenate([c[..., n - k:], c[..., : k + 1]], axis=-1)


def series(coeffs, x) -> np.ndarray:
    """Evaluate ``sum_(k=-K..K) c_k exp(i k x)`` (real part) from ``coeffs = c_(-K)..c_K``.

    Args:
        coeffs: complex ``(2K + 1,)``; x: points, any shape.

    Returns:
        real array of the shape of ``x``.

    >>> series(coefficients(np.cos(grid(8)) + 0.25, 2), np.array([0.0, np.pi])).round(6)
    array([ 1.25, -0.75])
    """
    c = np.asarray(coeffs, dtype=np.complex128)
    if c.ndim != 1 or c.size % 2 != 1:
        raise ValueError(f"coeffs must have shape (2K + 1,) (c_-K..c_K); got {c.shape}")
    k = np.arange(c.size) - c.size // 2
    x = np.asarray(x, dtype=np.float64)
    return np.real(np.exp(1j * np.multiply.outer(x, k)) @ c)


def truncation_error(coeffs, degree: int) -> float:
    """``sum_(|k| > degree) |c_k|^2`` for ``coeffs = c_(-K)..c_K``: by Parseval, the smallest
    mean squared error on the grid that ANY series of degree ``degree`` can reach.

    >>> truncation_error([0.1j, 0, 0.3, 0, -0.1j], 1)  # 2 * 0.1**2
    0.02
    """
    c = np.asarray(coeffs, dtype=np.complex128)
    if c.ndim != 1 or c.size % 2 != 1:
        raise ValueError(f"coeffs must have shape (2K + 1,) (c_-K..c_K); got {c.shape}")
    if isinstance(degree, bool) or not isinstance(degree, (int, np.integer)) or degree < 0:
        raise ValueError(f"degree must be a non-negative integer; got {degree!r}")
    k = np.abs(np.arange(c.size) - c.size // 2)
    return float(np.round(np.sum(np.abs(c[k > degree]) ** 2), 15))


def accessible_frequencies(n_uploads: int, eigenvalues: Sequence[float], decimals: int = 10) -> np.ndarray:
    """The frequencies ``n_uploads`` encodings ``exp(-i x G)`` can give an expectation value.

    Each encoding contributes one eigenvalue of ``G`` to the bra and one to the ket, so the
    spectrum is the set of all differences ``(l_1 + ... + l_L) - (l'_1 + ... + l'_L)``,
    rounded to ``decimals`` places, sorted. For ``RX``, ``RY``, ``RZ`` (eigenvalues
    ``+-1/2``) it is ``-L..L``: ``2L + 1`` integers.

    >>> accessible_frequencies(1, [-1.0, 1.0])  # exp(-i x X): frequencies 0 and +-2
    array([-2.,  0.,  2.])
    """
    n = _positive_int(n_uploads, "n_uploads")
    lam = np.asarray(eigenvalues, dtype=np.float64).ravel()
    if lam.size < 1 or not np.all(np.isfinite(lam)):
        raise ValueError(f"eigenvalues must be a non-empty list of finite real numbers; got {eigenvalues!r}")
    sums = np.zeros(1)
    for _ in range(n):  # the eigenvalues of the L-fold encoding: all sums of L eigenvalues
        sums = np.unique(np.round(np.add.outer(sums, lam).ravel(), decimals))
    return np.unique(np.round(np.subtract.outer(sums, sums).ravel(), decimals)) + 0.0


def model_coefficients(circuit: Circuit, w, max_freq: int, observable="Z0", n_samples: int | None = None) -> np.ndarray:
    """Fourier coefficients of ``x -> <observable>`` of a one-feature circuit, by FFT.

    The circuit is run on ``grid(n_samples)`` (default ``2 max_freq + 1``; take more samples
    than twice the highest frequency the circuit can have, or higher ones alias).

    Args:
        circuit: a ``Circuit`` reading one feature; w: weights ``(n_weights,)`` or ``(P, n_weights)``.
        max_freq: ``K``; observable: as ``Circuit.expval`` takes it.

    Returns:
        complex ``(2K + 1,)``, or ``(P, 2K + 1)`` for a batch of weight sets.

    >>> c = ansatz.reuploading(Circuit(1), n_layers=1)
    >>> w = ansatz.random_weights(ansatz.reuploading_shape(1, 1), seed=1)
    >>> bool(np.allclose(model_coefficients(c, w, 3)[[0, 1, 5, 6]], 0, atol=1e-12))  # |k| > 1 vanish
    True
    """
    if not isinstance(circuit, Circuit):
        raise TypeError(f"circuit must be a qmlcourse.sim.Circuit; got {type(circuit).__name__}")
    if circuit.n_features != 1:
        raise ValueError(f"the circuit must read exactly one feature x; it reads {circuit.n_features}")
    n = 2 * int(max_freq) + 1 if n_samples is None else _positive_int(n_samples, "n_samples")
    values = circuit.expval(observable, grid(n)[:, None], w)
    return coefficients(values, max_freq)


def fit_reuploading(x, y, n_layers: int | None = None, circuit: Circuit | None = None, n_steps: int = 300,
                    lr: float = 0.1, n_restarts: int = 8, seed=0) -> tuple[Circuit, np.ndarray, float]:
    """Fit ``f(x) = <Z0>`` of a re-uploading circuit to ``y`` by mean squared error (Adam).

    The default circuit is ``ansatz.reuploading(Circuit(1), n_layers)``: ``Rot``, then
    ``n_layers`` times ``RX(x)`` and a ``Rot``. ``n_restarts`` random initialisations are
    trained together (one batched call per step) and the best is kept.

    Args:
        x: inputs ``(N,)`` or ``(N, 1)``; y: targets ``(N,)`` (an expectation lies in [-1, 1]).
        n_layers: number of re-uploadings (ignored when ``circuit`` is given).
        circuit: any one-feature ``Circuit`` with trainable weights, measured on ``Z0``.
        n_steps, lr: Adam steps and step size; n_restarts: initialisations; seed: their seed.

    Returns:
        ``(circuit, weights (n_weights,), mse)``: the circuit, the best weights and their
        mean squared error on ``(x, y)``.

    >>> x = grid(16)
    >>> c, w, mse = fit_reuploading(x, 0.5 * np.cos(x), n_layers=1, n_steps=100, n_restarts=2)
    >>> bool(mse < 1e-4)
    True
    """
    x = np.asarray(x, dtype=np.float64)
    x = x[:, None] if x.ndim == 1 else x
    y = np.asarray(y, dtype=np.float64)
    if x.ndim != 2 or x.shape[1] != 1 or y.shape != (x.shape[0],):
        raise ValueError(f"x must have shape (N,) or (N, 1) and y shape (N,); got {x.shape} and {y.shape}")
    if circuit is None:
        circuit = ansatz.reuploading(Circuit(1), _positive_int(n_layers, "n_layers"))
    elif not isinstance(circuit, Circuit) or circuit.n_features != 1 or circuit.n_weights < 1:
        raise ValueError("circuit must be a qmlcourse.sim.Circuit with one feature and trainable weights")
    p = _positive_int(n_restarts, "n_restarts")
    w = np.random.default_rng(seed).uniform(0, 2 * np.pi, (p, circuit.n_weights))
    opt = Adam(lr)
    for _ in range(int(n_steps)):
        f, g = circuit.expval_and_gradient("Z0", x, w)  # (P, N), (P, N, n_weights)
        w = opt.step(w, 2 * np.einsum("pn,pnw->pw", f - y, g) / y.size)
    mse = np.mean((circuit.expval("Z0", x, w) - y) ** 2, axis=1)
    best = int(np.argmin(mse))
    return circuit, w[best], float(mse[best])


# --------------------------------------------------------------------------- the classifier


class ReuploadingClassifier:
    """The single-qubit data re-uploading classifier of Perez-Salinas et al. 2020 (two classes).

    Layer ``l`` applies ``U(theta_l + w_l * x) = RZ(theta_l2 + w_l2 x_2) RY(theta_l1 + w_l1 x_1)
    RZ(theta_l3)``: the paper's layer, a general rotation ``U(phi)`` with ``phi = theta + w o x``
    and ``x = (x_1, x_2, 0)``, written here as Z-Y-Z Euler angles, so both the offsets ``theta``
    and the data weights ``w`` are trained. Class 0 is
    the state ``|0>`` and class 1 is ``|1>``; a point is given the class whose state is closer,
    i.e. class 1 when ``<Z> < 0``. Training minimises the paper's fidelity cost
    ``mean (1 - F)^2`` with ``F = |<label state|psi(x)>|^2``, which equals
    ``mean (<Z> - t)^2 / 4`` with ``t = +1`` for class 0 and ``-1`` for class 1, by full-batch
    Adam on adjoint gradients (the data weights get theirs through the chain rule from the
    gradient with respect to the angles). ``n_restarts`` seeded initialisations are trained
    and the one with the lowest training cost kept.

    Attributes after ``fit``: ``theta_`` ``(n_layers, 3)``, ``data_weights_`` ``(n_layers, 2)``,
    ``loss_`` (final training cost).

    >>> from qmlcourse.datasets import reuploading_circle
    >>> X, y = reuploading_circle(100, random_state=0)
    >>> clf = ReuploadingClassifier(n_layers=2, n_steps=50, n_restarts=1).fit(X, y)
    >>> clf.theta_.shape, clf.data_weights_.shape, clf.predict(X[:3]).shape
    ((2, 3), (2, 2), (3,))
    """

    def __init__(self, n_layers: int = 3, n_steps: int = 200, lr: float = 0.1, n_restarts: int = 2, seed=0):
        self.n_layers = _positive_int(n_layers, "n_layers")
        self.n_steps = int(n_steps)
        self.lr = float(lr)
        self.n_restarts = _positive_int(n_restarts, "n_restarts")
        self.seed = seed
        c = Circuit(1)
        for layer in range(self.n_layers):
            c.rz(weight(3 * layer + 2), 0)
            c.ry(feature(2 * layer), 0).ry(weight(3 * layer), 0)
            c.rz(feature(2 * layer + 1), 0).rz(weight(3 * layer + 1), 0)
        self.circuit = c

    def _angles(self, X: np.ndarray, data_weights: np.ndarray) -> np.ndarray:
        """The data part of every angle, ``w_lj * x_j``, as the circuit's features ``(N, 2 L)``."""
        return (X[:, None, :] * data_weights[None]).reshape(X.shape[0], 2 * self.n_layers)

    @staticmethod
    def _check_X(X) -> np.ndarray:
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != 2:
            raise ValueError(f"X must have shape (n_samples, 2); got {X.shape}")
        return X

    def _train_one(self, X: np.ndarray, t: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, float]:
        L = self.n_layers
        params = np.concatenate([rng.uniform(0, 2 * np.pi, 3 * L), rng.normal(0, 1, 2 * L)])
        opt = Adam(self.lr)
        n = X.shape[0]
        for _ in range(self.n_steps):
            theta, wd = params[: 3 * L], params[3 * L:].reshape(L, 2)
            z, (g_theta, g_angle) = self.circuit.expval_and_gradient("Z0", self._angles(X, wd), theta, wrt="both")
            r = (z - t) / 2  # (1 - F) up to the sign: F = (1 + t <Z>) / 2
            g_z = r / n  # d/d<Z> of mean r^2 is 2 r / (2 n)
            g_w = np.einsum("nlj,nj->lj", (g_z[:, None] * g_angle).reshape(n, L, 2), X)
            params = opt.step(params, np.concatenate([g_z @ g_theta, g_w.ravel()]))
        theta, wd = params[: 3 * L], params[3 * L:].reshape(L, 2)
        z = self.circuit.expval("Z0", self._angles(X, wd), theta)
        return params, float(np.mean(((z - t) / 2) ** 2))

    def fit(self, X, y) -> ReuploadingClassifier:
        """Train on ``X (n_samples, 2)`` and labels ``y`` in {0, 1}; returns self."""
        X = self._check_X(X)
        y = np.asarray(y)
        if y.shape != (X.shape[0],) or not np.all(np.isin(y, (0, 1))):
            raise ValueError(f"y must have shape ({X.shape[0]},) with labels 0 and 1")
        t = 1.0 - 2.0 * y
        rng = np.random.default_rng(self.seed)
        runs = [self._train_one(X, t, rng) for _ in range(self.n_restarts)]
        params, self.loss_ = min(runs, key=lambda r: r[1])
        L = self.n_layers
        self.theta_ = params[: 3 * L].reshape(L, 3)
        self.data_weights_ = params[3 * L:].reshape(L, 2)
        return self

    def expval(self, X) -> np.ndarray:
        """``<Z>`` for each row of ``X``: ``(n_samples,)``, near +1 for class 0, -1 for class 1."""
        if not hasattr(self, "theta_"):
            raise ValueError("this ReuploadingClassifier is not fitted yet: call fit(X, y) first")
        X = self._check_X(X)
        return self.circuit.expval("Z0", self._angles(X, self.data_weights_), self.theta_.ravel())

    def predict(self, X) -> np.ndarray:
        """Labels ``(n_samples,)``: 1 where ``<Z> < 0`` (closer to ``|1>``), else 0."""
        return (self.expval(X) < 0).astype(np.int64)

    def score(self, X, y) -> float:
        """Accuracy on ``(X, y)``."""
        return float(np.mean(self.predict(X) == np.asarray(y)))
