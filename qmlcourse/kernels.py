"""Quantum kernels from batched statevectors: Gram matrices, shot estimates, alignment.

The fidelity kernel of a feature map ``|phi(x)> = U(x)|0...0>`` is
``k(x, y) = |<phi(y)|phi(x)>|^2``. With the states of all rows of ``X`` (``(N, 2**n)``) and
of ``Y`` (``(M, 2**n)``) computed in batched simulator calls, the kernel matrix is one
matrix product ``|S_X S_Y^H|^2`` (entrywise squared modulus): never one circuit per pair.

Contents:

- ``FidelityKernel`` and ``ProjectedKernel`` (Huang et al. 2021): callables
  ``(X, Y) -> (n_X, n_Y)`` that ``sklearn.svm.SVC(kernel=...)``, ``KernelRidge`` and the
  Gaussian-process estimators accept (they are ``sklearn.gaussian_process.kernels.Kernel``
  objects without hyperparameters), chunked under a memory cap ``max_memory``.
- ``inversion_test`` and ``swap_test``: shot estimates of the same entries, as hardware
  measures them, with standard errors; ``inversion_test_circuit`` and ``swap_test_circuit``
  are the circuits themselves.
- ``kernel_target_alignment`` (plain and centred), ``geometric_difference``.
- Trainable feature maps (Hubregtsen et al. 2022): ``trainable_embedding``,
  ``alignment_and_gradient`` (gradients by the simulator's adjoint differentiation),
  ``train_alignment``, ``bind_weights``.

>>> from qmlcourse.sim import Circuit, feature
>>> fm = Circuit(1).ry(feature(0), 0)
>>> fidelity_kernel_matrix(fm, np.array([[0.0], [np.pi]])).round(6)
array([[1., 0.],
       [0., 1.]])
>>> K = FidelityKernel(feature_map="angle")(np.array([[0.0, 0.0], [np.pi / 2, 0.0]]))
>>> K.round(6)  # cos^2((x - y) / 2) per feature
array([[1. , 0.5],
       [0.5, 1. ]])
"""

from __future__ import annotations

import math
from dataclasses import replace
from itertools import combinations
from typing import NamedTuple

import numpy as np
from sklearn.gaussian_process.kernels import Kernel

from qmlcourse.encodings import angle as angle_encoding
from qmlcourse.encodings import iqp as iqp_encoding
from qmlcourse.encodings import zz_feature_map
from qmlcourse.sim import Hermitian
from qmlcourse.sim.circuit import Circuit
from qmlcourse.sim.gates import GATES
from qmlcourse.sim.operation import Operation
from qmlcourse.sim.params import Param, const, feature, weight
from qmlcourse.sim.state import PEAK_FACTORS

__all__ = [
    "DEFAULT_MAX_MEMORY",
    "FEATURE_MAPS",
    "METHODS",
    "FidelityKernel",
    "KernelEstimate",
    "ProjectedKernel",
    "alignment_and_gradient",
    "bind_weights",
    "build_feature_map",
    "diagonal_feature_states",
    "fidelity_from_states",
    "fidelity_kernel_matrix",
    "geometric_difference",
    "inversion_test",
    "inversion_test_circuit",
    "kernel_target_alignment",
    "pair_data",
    "swap_test",
    "swap_test_circuit",
    "train_alignment",
    "trainable_embedding",
]

#: Default memory cap of a kernel computation: 256 MiB of working memory (states, the
#: simulator's temporaries, product blocks), on top of the returned ``(n_X, n_Y)`` matrix.
DEFAULT_MAX_MEMORY = 256 * 2**20
#: The named feature maps of ``FidelityKernel`` and ``ProjectedKernel``.
FEATURE_MAPS = ("zz", "iqp", "angle")
#: How ``FidelityKernel`` computes states: "auto" (the diagonal closed form of "zz" and
#: "iqp", ``diagonal_feature_states``; the simulator otherwise) or "simulator" (always the circuit).
METHODS = ("auto", "simulator")
#: Peak of a simulator call in units of its output states, as budgeted here: twice the
#: simulator's own factor (measured with tracemalloc, a ZZ map on 5 qubits peaks at 5-7 times
#: its output for batches of 10 to 200 states: angle tables and fused diagonals add to it).
_PEAK = 2 * PEAK_FACTORS["statevector"]
#: Bytes of working memory per kernel entry of a product block (complex overlap + a square).
_ENTRY_BYTES = 24


# --- small validators ------------------------------------------------------------------------
def _positive_int(value, name: str) -> int:
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{name} must be a positive integer; got {value!r}")
    return int(value)


def _positive_number(value, name: str) -> float:
    ok = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
    if not ok or not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number; got {value!r}")
    return float(value)


def _data(X, name: str = "X") -> np.ndarray:
    if isinstance(X, (str, bytes)) or X is None:
        raise TypeError(f"{name} must be an array of numbers (n_samples, n_features); got {type(X).__name__}")
    try:
        arr = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise TypeError(f"{name} must be an array of real numbers (n_samples, n_features): {err}") from None
    if arr.ndim != 2 or arr.shape[0] < 1 or arr.shape[1] < 1:
        raise ValueError(f"{name} must have shape (n_samples, n_features) with both at least 1; got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return arr


# --- states and Gram matrices ------------------------------------------------------------------
def fidelity_from_states(states_a: np.ndarray, states_b: np.ndarray | None = None) -> np.ndarray:
    """``K[i, j] = |<b_j|a_i>|^2`` for amplitude vectors ``(N, 2**n)`` and ``(M, 2**n)``.

    Returns:
        real array ``(N, M)``; ``states_b`` defaults to ``states_a`` (a symmetric matrix).

    >>> fidelity_from_states(np.array([[1.0, 0.0], [0.6, 0.8]])).round(2)
    array([[1.  , 0.36],
           [0.36, 1.  ]])
    """
    a = np.asarray(states_a)
    b = a if states_b is None else np.asarray(states_b)
    if a.ndim != 2 or b.ndim != 2 or a.shape[1] != b.shape[1]:
        raise ValueError(f"states must have shapes (N, D) and (M, D) with the same D; got {a.shape} and {b.shape}")
    # One BLAS product with the process's own BLAS threads (the simulator never changes
    # them: limiting them per call raced between threads and made this product 1.8x slower).
    overlaps = a @ b.conj().T
    return overlaps.real**2 + overlaps.imag**2


def fidelity_kernel_matrix(feature_map: Circuit, x: np.ndarray, y: np.ndarray | None = None) -> np.ndarray:
    """Fidelity kernel matrix ``(N, M)`` of a data-encoding circuit, from batched statevectors.

    Args:
        feature_map: a Circuit whose angles use ``feature(i)`` (no trainable weights).
        x: data ``(N, d)``; y: data ``(M, d)`` (default ``x``).

    >>> from qmlcourse.sim import Circuit, feature
    >>> fidelity_kernel_matrix(Circuit(1).rx(feature(0), 0), np.array([[0.0]]), np.array([[np.pi]])).round(6)
    array([[0.]])
    """
    if feature_map.n_weights:
        raise ValueError(f"the feature map has {feature_map.n_weights} trainable weights; bind them to numbers first")
    states_x = feature_map.statevector(x)
    states_y = None if y is None else feature_map.statevector(y)
    return fidelity_from_states(states_x, states_y)


def _square_modulus_into(out: np.ndarray, overlaps: np.ndarray) -> None:
    np.square(overlaps.real, out=out)
    out += np.square(overlaps.imag)


def build_feature_map(name: str, n_qubits: int, reps: int = 2, entanglement="full") -> Circuit:
    """The named feature map on ``n_qubits`` wires, reading features ``0..n_qubits-1``.

    - "zz": ``zz_feature_map`` (Havlicek et al. 2019), ``reps`` repetitions;
    - "iqp": ``iqp`` (as ``qml.IQPEmbedding``), ``reps`` repetitions;
    - "angle": ``RY(x_q)`` on wire ``q`` (a product state; ``reps`` is not used), whose
      fidelity kernel is ``prod_q cos^2((x_q - y_q) / 2)``.

    >>> build_feature_map("zz", 2, reps=1).n_features
    2
    """
    n_qubits = _positive_int(n_qubits, "n_qubits")
    if name == "zz":
        return zz_feature_map(Circuit(n_qubits), reps=_positive_int(reps, "reps"), entanglement=entanglement)
    if name == "iqp":
        pattern = None if isinstance(entanglement, str) and entanglement == "full" else entanglement
        if isinstance(pattern, str):
            if pattern != "linear":
                raise ValueError(f"entanglement must be 'full', 'linear' or a list of pairs; got {entanglement!r}")
            pattern = [(i, i + 1) for i in range(n_qubits - 1)]
        return iqp_encoding(Circuit(n_qubits), n_repeats=_positive_int(reps, "reps"), pattern=pattern)
    if name == "angle":
        return angle_encoding(Circuit(n_qubits), rotation="Y")
    raise ValueError(f"feature_map must be one of {FEATURE_MAPS} or a Circuit; got {name!r}")


class _QuantumKernel(Kernel):
    """Shared machinery: feature map, bandwidth, qubits, states in chunks under ``max_memory``."""

    def __init__(self, feature_map="zz", reps=2, bandwidth=1.0, n_qubits=None, entanglement="full",
                 max_memory=DEFAULT_MAX_MEMORY):
        self.feature_map = feature_map
        self.reps = reps
        self.bandwidth = bandwidth
        self.n_qubits = n_qubits
        self.entanglement = entanglement
        self.max_memory = max_memory

    # --- parameters ----------------------------------------------------------------------
    def _check_params(self) -> None:
        fm = self.feature_map
        if isinstance(fm, Circuit):
            if fm.n_weights:
                raise ValueError(f"the feature map has {fm.n_weights} trainable weights; "
                                 "bind them to numbers first (bind_weights)")
            if self.n_qubits is not None and _positive_int(self.n_qubits, "n_qubits") != fm.n_qubits:
                raise ValueError(f"n_qubits={self.n_qubits} differs from the {fm.n_qubits} qubits of the feature map")
        elif fm not in FEATURE_MAPS:
            raise ValueError(f"feature_map must be one of {FEATURE_MAPS} or a Circuit; got {fm!r}")
        else:
            _positive_int(self.reps, "reps")
            if self.n_qubits is not None:
                _positive_int(self.n_qubits, "n_qubits")
        _positive_number(self.bandwidth, "bandwidth")
        _positive_int(self.max_memory, "max_memory")

    def _n_qubits_for(self, d: int) -> int:
        if isinstance(self.feature_map, Circuit):
            return self.feature_map.n_qubits
        n = d if self.n_qubits is None else int(self.n_qubits)
        if n < d and self.feature_map != "angle":
            raise ValueError(f"the {self.feature_map!r} feature map needs one qubit per feature: {d} features, "
                             f"n_qubits={n} (use n_qubits >= {d}, or feature_map='angle', which wraps features)")
        return n

    def circuit(self, n_features: int) -> Circuit:
        """The feature-map circuit used for data with ``n_features`` columns.

        It reads the *prepared* data (``prepare(X)``: bandwidth-scaled, and with
        ``n_qubits > n_features`` the columns repeated so that wire ``q`` reads feature
        ``q % n_features``).
        """
        self._check_params()
        n_features = _positive_int(n_features, "n_features")
        fm = self.feature_map
        if isinstance(fm, Circuit):
            if fm.n_features > n_features:
                raise ValueError(f"the feature map reads {fm.n_features} features; X has {n_features}")
            return fm
        n = self._n_qubits_for(n_features)
        key = (fm, int(self.reps), n, str(self.entanglement), n_features)
        cache = self.__dict__.setdefault("_cache", {})
        if key not in cache:
            if fm == "angle" and n < n_features:
                c = Circuit(n)
                for start in range(0, n_features, n):  # wrap, alternating axes (two RY would just add)
                    chunk = list(range(start, min(start + n, n_features)))
                    angle_encoding(c, "Y" if (start // n) % 2 == 0 else "Z", wires=range(len(chunk)),
                                   features=chunk)
            else:
                c = build_feature_map(fm, n, self.reps, self.entanglement)
            cache.clear()
            cache[key] = c
        return cache[key]

    def prepare(self, X) -> np.ndarray:
        """The data the circuit reads: ``bandwidth * X``, columns repeated to fill ``n_qubits``.

        Args:
            X: ``(N, d)``. Returns: ``(N, max(d, n_qubits))`` for named maps, ``(N, d)`` otherwise.
        """
        self._check_params()
        X = _data(X)
        Xs = float(self.bandwidth) * X
        if not isinstance(self.feature_map, Circuit):
            n = self._n_qubits_for(X.shape[1])
            if n > X.shape[1]:
                Xs = Xs[:, [q % X.shape[1] for q in range(n)]]
        return Xs

    def __getstate__(self):
        state = self.__dict__.copy()
        state.pop("_cache", None)  # rebuilt on demand; the feature maps' angle functions do not pickle
        return state

    def states(self, X) -> np.ndarray:
        """Statevectors ``(N, 2**n_qubits)`` of the rows of ``X (N, d)``, in batched calls that
        stay under ``max_memory`` (besides the returned array).

        >>> FidelityKernel(feature_map="angle").states(np.array([[np.pi, 0.0]])).real.round(6)
        array([[0., 0., 1., 0.]])
        """
        Xp = self.prepare(X)
        c = self.circuit(Xp.shape[1] if isinstance(self.feature_map, Circuit) else _data(X).shape[1])
        self._check_memory(c.n_qubits)
        return _fill(c.statevector, c.n_qubits, Xp, int(self.max_memory))

    def _check_memory(self, n_qubits: int) -> None:
        s = 16 * 2**n_qubits
        need = int((2 + _PEAK) * s + _ENTRY_BYTES)
        if int(self.max_memory) < need:
            raise ValueError(f"max_memory={self.max_memory} bytes is too small for {n_qubits} qubits: "
                             f"one step needs at least {need} bytes ({_PEAK:g}+2 states of {s} bytes)")

    @staticmethod
    def _inputs(X, Y):
        """(X 2-D, Y 2-D or None for the symmetric case, scalar output?)."""
        scalar = np.ndim(X) == 1 and (Y is None or np.ndim(Y) == 1)
        X = np.atleast_2d(np.asarray(X, dtype=np.float64)) if np.ndim(X) == 1 else X
        X = _data(X)
        if Y is not None:
            Y = _data(np.atleast_2d(np.asarray(Y, dtype=np.float64)) if np.ndim(Y) == 1 else Y, "Y")
            if Y.shape[1] != X.shape[1]:
                raise ValueError(f"X and Y must have the same number of features; got {X.shape} and {Y.shape}")
            if Y is X or (Y.shape == X.shape and np.array_equal(X, Y)):
                Y = None
        return X, Y, scalar

    def _finish(self, K: np.ndarray, X: np.ndarray, Y, scalar: bool, eval_gradient: bool):
        if not np.isfinite(K.sum()):  # pragma: no cover - states are finite and normalised (a sum: no N x N mask)
            raise ValueError("the kernel matrix contains NaN or infinite values")
        if eval_gradient:
            if Y is not None and not scalar:
                raise ValueError("eval_gradient=True is only supported when Y is None (or equals X)")
            return K, np.empty(K.shape + (0,))  # no hyperparameters: an empty gradient
        if scalar:
            return float(K[0, 0])
        return K

    # --- scikit-learn's Kernel interface -------------------------------------------------
    def is_stationary(self) -> bool:
        """False: a quantum kernel depends on ``x`` and ``y``, not only on ``x - y``."""
        return False

    def diag(self, X) -> np.ndarray:
        """The diagonal ``k(x_i, x_i) = 1`` of ``K(X)``, shape ``(N,)`` (normalised states)."""
        return np.ones(_data(np.atleast_2d(X) if np.ndim(X) == 1 else X).shape[0])

    def __repr__(self) -> str:
        params = self.get_params(deep=False)
        shown = [f"{k}={v!r}" for k, v in params.items()
                 if k == "feature_map" or not _same(v, _DEFAULTS.get(k, object()))]
        return f"{type(self).__name__}({', '.join(shown)})"


def _same(a, b) -> bool:
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


_DEFAULTS = {"reps": 2, "bandwidth": 1.0, "n_qubits": None, "entanglement": "full", "max_memory": DEFAULT_MAX_MEMORY,
             "gamma": 1.0, "method": "auto"}


class FidelityKernel(_QuantumKernel):
    """The fidelity kernel ``k(x, y) = |<phi(y)|phi(x)>|^2`` as a scikit-learn kernel.

    ``K = FidelityKernel()(X, Y)`` is ``(n_X, n_Y)``; ``FidelityKernel()(X)`` (or ``Y`` equal
    to ``X``) is the train-train matrix, symmetric with a diagonal of exactly 1. States of
    ``X`` and of ``Y`` are each computed once, in batched simulator calls, and the matrix is
    ``|S_X S_Y^H|^2`` by blocks of rows (the upper triangle only when symmetric). When all
    states fit in half of ``max_memory`` they are held at once; otherwise the matrix is
    computed in square tiles whose states are recomputed per tile, so that the working memory
    stays under ``max_memory`` (the returned float64 matrix, ``8 n_X n_Y`` bytes, and the
    bandwidth-scaled copy of the data come on top).

    Parameters
    ----------
    feature_map : {"zz", "iqp", "angle"} or Circuit, default "zz"
        See ``build_feature_map``; a ``Circuit`` reading ``feature(i)`` (no weights) is used as is.
    reps : int, default 2
        Repetitions of "zz" and "iqp".
    bandwidth : float, default 1.0
        Features are scaled ``x -> bandwidth * x`` before the feature map (Shaydulin and
        Wild 2022): small bandwidths keep the kernel from concentrating at many qubits.
    n_qubits : int or None, default None
        Wires of a named map; None means one per feature. More wires than features repeat
        the features (wire ``q`` reads feature ``q % d``); fewer are allowed for "angle" only.
    entanglement : "full", "linear" or list of pairs, default "full"
        Pairs of the two-qubit terms of "zz" and "iqp".
    max_memory : int, default ``DEFAULT_MAX_MEMORY`` (256 MiB)
        Cap in bytes of the working memory of one call.
    method : {"auto", "simulator"}, default "auto"
        "auto" computes the states of "zz" and "iqp" from their diagonal closed form
        (``diagonal_feature_states``, equal to the simulator's to 1e-12 and faster);
        "simulator" always runs the circuit gate by gate in the batched simulator.

    >>> from sklearn.svm import SVC
    >>> X = np.array([[0.1, 0.2], [0.2, 0.1], [2.0, 2.1], [2.1, 2.0]]); y = np.array([0, 0, 1, 1])
    >>> SVC(kernel=FidelityKernel()).fit(X, y).predict(X).tolist()
    [0, 0, 1, 1]
    >>> FidelityKernel()(X).shape, FidelityKernel()(X[:1], X).shape
    ((4, 4), (1, 4))
    """

    def __init__(self, feature_map="zz", reps=2, bandwidth=1.0, n_qubits=None, entanglement="full",
                 max_memory=DEFAULT_MAX_MEMORY, method="auto"):
        super().__init__(feature_map, reps, bandwidth, n_qubits, entanglement, max_memory)
        self.method = method

    def _check_params(self) -> None:
        super()._check_params()
        if self.method not in METHODS:
            raise ValueError(f"method must be one of {METHODS}; got {self.method!r}")

    def _state_function(self, circuit: Circuit):
        """``Xp (B, d') -> states (B, 2**n)``: the diagonal fast path for "zz" and "iqp" with
        ``method="auto"``, else the simulator (``circuit.statevector``)."""
        if self.method == "auto" and self.feature_map in ("zz", "iqp"):
            pairs = _entangling_pairs(self.entanglement, circuit.n_qubits)
            return lambda Xp: diagonal_feature_states(self.feature_map, Xp, int(self.reps), pairs)
        return circuit.statevector

    def states(self, X) -> np.ndarray:
        """Statevectors ``(N, 2**n_qubits)`` of the rows of ``X (N, d)``, in batched calls that
        stay under ``max_memory`` (besides the returned array).

        >>> FidelityKernel(feature_map="angle").states(np.array([[np.pi, 0.0]])).real.round(6)
        array([[0., 0., 1., 0.]])
        """
        Xp = self.prepare(X)
        c = self.circuit(Xp.shape[1] if isinstance(self.feature_map, Circuit) else _data(X).shape[1])
        self._check_memory(c.n_qubits)
        return _fill(self._state_function(c), c.n_qubits, Xp, int(self.max_memory))

    def __call__(self, X, Y=None, eval_gradient=False):
        """The kernel matrix ``(n_X, n_Y)`` (a float if ``X`` and ``Y`` are single 1-D rows)."""
        X, Y, scalar = self._inputs(X, Y)
        self._check_params()
        c = self.circuit(X.shape[1])
        self._check_memory(c.n_qubits)
        Xp = self.prepare(X)
        Yp = None if Y is None else self.prepare(Y)
        K = _gram(self._state_function(c), c.n_qubits, Xp, Yp, int(self.max_memory))
        return self._finish(K, X, Y, scalar, eval_gradient)


def _gram(state_fn, n_qubits: int, Xp: np.ndarray, Yp: np.ndarray | None, cap: int) -> np.ndarray:
    """``|S_X S_Y^H|^2`` under a working-memory cap (see ``FidelityKernel``); ``state_fn``
    maps prepared rows ``(B, d')`` to states ``(B, 2**n_qubits)``."""
    sym = Yp is None
    nx = Xp.shape[0]
    ny = nx if sym else Yp.shape[0]
    d = 2**n_qubits
    s = 16 * d
    K = np.empty((nx, ny))
    resident = (nx + (0 if sym else ny)) * s
    if resident <= cap // 2:
        free = cap - resident
        Sx = _fill(state_fn, n_qubits, Xp, free)
        Sy = Sx if sym else _fill(state_fn, n_qubits, Yp, free)
        rows = max(1, int(free // (_ENTRY_BYTES * ny + s)))
        if sym:
            rows = min(rows, max(128, -(-nx // 8)))  # several row blocks: only the upper triangle is computed
            for i0 in range(0, nx, rows):
                i1 = min(i0 + rows, nx)
                _square_modulus_into(K[i0:i1, i0:], Sx[i0:i1].conj() @ Sx[i0:].T)
                _mirror(K, i0, i1)
        else:
            for i0 in range(0, nx, rows):
                i1 = min(i0 + rows, nx)
                _square_modulus_into(K[i0:i1], Sx[i0:i1].conj() @ Sy.T)
    else:
        # tiles of b rows and b columns: 2 b states held, the simulator's peak while computing
        # one of them, and the b x b block: (2 + PEAK) b s + 24 b^2 <= cap
        a, bq = _ENTRY_BYTES, (2 + _PEAK) * s
        b = max(1, int((-bq + math.sqrt(bq * bq + 4 * a * cap)) / (2 * a)))
        Yq = Xp if sym else Yp
        for i0 in range(0, nx, b):
            i1 = min(i0 + b, nx)
            Sx = _fill(state_fn, n_qubits, Xp[i0:i1], cap - b * s)
            for j0 in range(i0 if sym else 0, ny, b):
                j1 = min(j0 + b, ny)
                Sy = Sx if (sym and j0 == i0) else _fill(state_fn, n_qubits, Yq[j0:j1], cap - 2 * b * s)
                _square_modulus_into(K[i0:i1, j0:j1], Sx.conj() @ Sy.T)
                del Sy
                if sym:
                    if j0 == i0:
                        _mirror(K[i0:i1, i0:i1], 0, i1 - i0)
                    else:
                        K[j0:j1, i0:i1] = K[i0:i1, j0:j1].T
    if sym:
        np.fill_diagonal(K, 1.0)  # normalised states: exactly 1
    np.clip(K, 0.0, 1.0, out=K)
    return K


def _fill(state_fn, n_qubits: int, Xp: np.ndarray, budget: int) -> np.ndarray:
    s = 16 * 2**n_qubits
    out = np.empty((Xp.shape[0], 2**n_qubits), dtype=np.complex128)
    chunk = max(1, int(budget // (_PEAK * s)))
    for start in range(0, Xp.shape[0], chunk):
        out[start:start + chunk] = state_fn(Xp[start:start + chunk])
    return out


def _entangling_pairs(entanglement, n: int) -> list[tuple[int, int]]:
    if isinstance(entanglement, str):
        if entanglement == "full":
            return list(combinations(range(n), 2))
        if entanglement == "linear":
            return [(i, i + 1) for i in range(n - 1)]
        raise ValueError(f"entanglement must be 'full', 'linear' or a list of pairs; got {entanglement!r}")
    return [tuple(int(q) for q in pair) for pair in entanglement]


def _walsh_hadamard(psi: np.ndarray, n: int) -> np.ndarray:
    """``H^n`` on every row of ``psi (B, 2**n)``, in place, by n butterfly passes."""
    B = psi.shape[0]
    for q in range(n):
        v = psi.reshape(B, 2**q, 2, 2 ** (n - q - 1))
        a, b = v[:, :, 0, :], v[:, :, 1, :]
        t = a.copy()
        a += b
        t -= b
        b[...] = t
    psi *= 2.0 ** (-n / 2)
    return psi


def diagonal_feature_states(name: str, Xp, reps: int = 2, pairs=None) -> np.ndarray:
    """States ``(B, 2**n)`` of the "zz" or "iqp" feature map from their closed form.

    Both maps are ``reps`` times [``H^n``, then a diagonal ``D(x)``]; ``D(x)_b = exp(i Phi_b(x))``
    with ``Phi = F(x) @ C^T`` one real matrix product over all rows and basis states ``b``:

    - "zz" (``zz_feature_map``): ``Phi_b = 2 sum_i x_i b_i + 2 sum_(i,j) (pi - x_i)(pi - x_j) (b_i XOR b_j)``;
    - "iqp" (``iqp``): ``Phi_b = -1/2 [sum_i x_i z_i + sum_(i,j) x_i x_j z_i z_j]``, ``z = 1 - 2 b``.

    From ``|0...0>`` the first ``H^n`` gives the uniform state, later ones are fast
    Walsh-Hadamard transforms. The same amplitudes as simulating the circuit gate by gate
    (a test checks 1e-12), about 10 times faster for the ZZ map on 10 qubits.

    Args:
        name: "zz" or "iqp"; Xp: rows ``(B, n)`` (one feature per wire, already scaled);
        reps: repetitions; pairs: the two-qubit terms (default all pairs).

    >>> from qmlcourse.encodings import zz_feature_map
    >>> x = np.array([[0.3, 1.2, 2.0]])
    >>> bool(np.allclose(diagonal_feature_states("zz", x), zz_feature_map(Circuit(3)).statevector(x)))
    True
    """
    Xp = _data(Xp, "Xp")
    n = Xp.shape[1]
    if name not in ("zz", "iqp"):
        raise ValueError(f"diagonal_feature_states knows 'zz' and 'iqp'; got {name!r}")
    reps = _positive_int(reps, "reps")
    pairs = list(combinations(range(n), 2)) if pairs is None else [tuple(p) for p in pairs]
    bits = ((np.arange(2**n)[:, None] >> np.arange(n - 1, -1, -1)) & 1).astype(np.float64)  # (D, n)
    cols_i = [i for i, _ in pairs]
    cols_j = [j for _, j in pairs]
    if name == "zz":
        F = np.hstack([2 * Xp, 2 * (np.pi - Xp[:, cols_i]) * (np.pi - Xp[:, cols_j])])
        C = np.hstack([bits, (bits[:, cols_i] != bits[:, cols_j]).astype(np.float64)])
    else:
        z = 1 - 2 * bits
        F = np.hstack([Xp, Xp[:, cols_i] * Xp[:, cols_j]])
        C = -0.5 * np.hstack([z, z[:, cols_i] * z[:, cols_j]])
    phase = F @ C.T  # (B, D)
    diag = np.empty(phase.shape, dtype=np.complex128)
    np.cos(phase, out=diag.real)
    np.sin(phase, out=diag.imag)
    del phase
    psi = diag * 2.0 ** (-n / 2)
    for _ in range(reps - 1):
        _walsh_hadamard(psi, n)
        psi *= diag
    return psi


def _mirror(K: np.ndarray, i0: int, i1: int) -> None:
    """Rows ``i0:i1`` of the upper part are filled from column ``i0`` on: copy them below and
    make the diagonal block exactly symmetric."""
    block = K[i0:i1, i0:i1]
    upper = np.triu(block)
    block[:] = upper + np.triu(block, 1).T
    K[i1:, i0:i1] = K[i0:i1, i1:].T


# --- projected kernel --------------------------------------------------------------------------
def _bloch_from_states(states: np.ndarray, n_qubits: int) -> np.ndarray:
    """Bloch vectors ``(N, n, 3)``: ``(<X_q>, <Y_q>, <Z_q>)`` of each one-qubit reduced state."""
    N = states.shape[0]
    out = np.empty((N, n_qubits, 3))
    for q in range(n_qubits):
        psi = states.reshape(N, 2**q, 2, 2 ** (n_qubits - q - 1))
        a, b = psi[:, :, 0, :], psi[:, :, 1, :]
        rho00 = np.einsum("nlr,nlr->n", a, a.conj()).real
        rho11 = np.einsum("nlr,nlr->n", b, b.conj()).real
        rho01 = np.einsum("nlr,nlr->n", a, b.conj())  # <0|rho|1>
        out[:, q, 0] = 2 * rho01.real
        out[:, q, 1] = -2 * rho01.imag
        out[:, q, 2] = rho00 - rho11
    return out


class ProjectedKernel(_QuantumKernel):
    """The projected quantum kernel of Huang et al. 2021 (Nature Communications 12, 2631):
    ``k(x, y) = exp(-gamma sum_q ||rho_q(x) - rho_q(y)||_F^2``), ``rho_q`` the one-qubit
    reduced density matrix of wire ``q`` of ``|phi(x)>``.

    With ``rho_q = (I + r_q . sigma) / 2`` (``r_q`` the Bloch vector, i.e. the expectation
    values of X, Y, Z on wire ``q``), ``||rho_q(x) - rho_q(y)||_F^2 = |r_q(x) - r_q(y)|^2 / 2``:
    the kernel is a Gaussian kernel on the ``3 n`` one-qubit expectation values, computed from
    batched statevectors in chunks under ``max_memory``.

    Parameters are those of ``FidelityKernel`` plus ``gamma`` (positive, default 1.0).

    >>> X = np.array([[0.0, 0.0], [np.pi, 0.0]])
    >>> ProjectedKernel(feature_map="angle", gamma=0.5)(X).round(6)  # |r(x) - r(y)|^2 = 4
    array([[1.      , 0.367879],
           [0.367879, 1.      ]])
    """

    def __init__(self, feature_map="zz", reps=2, bandwidth=1.0, gamma=1.0, n_qubits=None, entanglement="full",
                 max_memory=DEFAULT_MAX_MEMORY):
        super().__init__(feature_map, reps, bandwidth, n_qubits, entanglement, max_memory)
        self.gamma = gamma

    def _check_params(self) -> None:
        super()._check_params()
        _positive_number(self.gamma, "gamma")

    def bloch_vectors(self, X) -> np.ndarray:
        """The one-qubit Bloch vectors ``(N, n_qubits, 3)`` of the feature states of ``X (N, d)``.

        >>> r = ProjectedKernel(feature_map="angle").bloch_vectors(np.array([[np.pi / 2]]))
        >>> r.shape, bool(np.allclose(r[0, 0], [1.0, 0.0, 0.0]))  # RY(pi/2)|0> = |+>
        ((1, 1, 3), True)
        """
        X = _data(np.atleast_2d(X) if np.ndim(X) == 1 else X)
        Xp = self.prepare(X)
        c = self.circuit(X.shape[1])
        self._check_memory(c.n_qubits)
        s = 16 * 2**c.n_qubits
        chunk = max(1, int(self.max_memory // ((_PEAK + 1) * s)))
        out = np.empty((X.shape[0], c.n_qubits, 3))
        for start in range(0, X.shape[0], chunk):
            out[start:start + chunk] = _bloch_from_states(c.statevector(Xp[start:start + chunk]), c.n_qubits)
        return out

    def reduced_density_matrices(self, X) -> np.ndarray:
        """``rho_q(x)`` for every row and wire: complex ``(N, n_qubits, 2, 2)``.

        >>> ProjectedKernel(feature_map="angle").reduced_density_matrices(np.array([[0.0]]))[0, 0].real
        array([[1., 0.],
               [0., 0.]])
        """
        r = self.bloch_vectors(X)
        rho = np.empty(r.shape[:2] + (2, 2), dtype=np.complex128)
        rho[..., 0, 0] = (1 + r[..., 2]) / 2
        rho[..., 1, 1] = (1 - r[..., 2]) / 2
        rho[..., 0, 1] = (r[..., 0] - 1j * r[..., 1]) / 2
        rho[..., 1, 0] = (r[..., 0] + 1j * r[..., 1]) / 2
        return rho

    def __call__(self, X, Y=None, eval_gradient=False):
        """The kernel matrix ``(n_X, n_Y)`` (a float for two 1-D rows)."""
        X, Y, scalar = self._inputs(X, Y)
        self._check_params()
        rx = self.bloch_vectors(X).reshape(X.shape[0], -1)
        ry = rx if Y is None else self.bloch_vectors(Y).reshape(Y.shape[0], -1)
        d2 = (rx**2).sum(1)[:, None] + (ry**2).sum(1)[None, :] - 2 * rx @ ry.T
        np.maximum(d2, 0.0, out=d2)
        if Y is None:
            np.fill_diagonal(d2, 0.0)
            d2 = (d2 + d2.T) / 2
        K = np.exp(-float(self.gamma) / 2 * d2)
        return self._finish(K, X, Y, scalar, eval_gradient)


# --- test circuits and shot estimates -------------------------------------------------------------
_SELF_INVERSE = {"Identity", "PauliX", "PauliY", "PauliZ", "Hadamard", "CNOT", "CY", "CZ", "SWAP", "Toffoli"}


def _moved(p: Param, offset: int, sign: float) -> Param:
    """A parameter reading features ``offset`` columns further, times ``sign``."""
    if p.kind == "feature":
        return replace(p, index=p.index + offset, scale=sign * p.scale, shift=sign * p.shift)
    if p.kind == "function":
        fn = p.fn
        return replace(p, fn=(lambda x, fn=fn, o=offset: fn(x[:, o:])), scale=sign * p.scale, shift=sign * p.shift)
    return replace(p, scale=sign * p.scale, shift=sign * p.shift)


def _copy_ops(circuit: Circuit, wire_offset: int, feature_offset: int) -> list[Operation]:
    return [Operation(op.name, tuple(q + wire_offset for q in op.wires),
                      tuple(_moved(p, feature_offset, 1.0) for p in op.params), op.matrix)
            for op in circuit.operations]


def _inverse_ops(circuit: Circuit, feature_offset: int) -> list[Operation]:
    out = []
    for op in reversed(circuit.operations):
        ps = op.params
        if op.name in _SELF_INVERSE:
            new = Operation(op.name, op.wires)
        elif op.name in ("S", "T"):
            new = Operation("PhaseShift", op.wires, (const(-np.pi / 2 if op.name == "S" else -np.pi / 4),))
        elif op.name in ("SX", "QubitUnitary"):
            m = op.matrix if op.name == "QubitUnitary" else GATES["SX"].matrix()
            new = Operation("QubitUnitary", op.wires, (), np.ascontiguousarray(np.asarray(m).conj().T))
        elif op.name == "Rot":  # RZ(w) RY(t) RZ(p) undone by Rot(-w, -t, -p)
            new = Operation("Rot", op.wires, tuple(_moved(p, feature_offset, -1.0) for p in (ps[2], ps[1], ps[0])))
        elif op.name == "U3":
            new = Operation("U3", op.wires, tuple(_moved(p, feature_offset, -1.0) for p in (ps[0], ps[2], ps[1])))
        elif len(ps) == 1:  # exp(-i t G) undone by t -> -t
            new = Operation(op.name, op.wires, (_moved(ps[0], feature_offset, -1.0),))
        else:  # pragma: no cover - every registered gate is handled above
            raise ValueError(f"cannot invert gate {op.name}")
        out.append(new)
    return out


def _as_circuit(feature_map) -> Circuit:
    if isinstance(feature_map, Circuit):
        return feature_map
    raise TypeError(f"expected a qmlcourse.sim.Circuit feature map; got {type(feature_map).__name__}")


def inversion_test_circuit(feature_map: Circuit, n_features: int | None = None) -> Circuit:
    """The compute-uncompute circuit ``U(y)^dagger U(x)`` on ``n`` wires.

    It reads pair data ``[x, y]`` of ``2 d`` columns (``pair_data``), ``d = n_features``
    (default the feature map's). Its probability of ``|0...0>`` is ``|<phi(y)|phi(x)>|^2``.
    Trainable weights stay shared between both halves.

    >>> from qmlcourse.sim import Circuit, feature
    >>> c = inversion_test_circuit(Circuit(1).ry(feature(0), 0))
    >>> c.probs(np.array([[np.pi / 2, 0.0]]))[0, 0].round(6)
    np.float64(0.5)
    """
    fm = _as_circuit(feature_map)
    d = fm.n_features if n_features is None else _positive_int(n_features, "n_features")
    c = Circuit(fm.n_qubits)
    c.operations = list(fm.operations) + _inverse_ops(fm, d)
    return c


def swap_test_circuit(feature_map: Circuit, n_features: int | None = None) -> Circuit:
    """The swap test on ``2 n + 1`` wires: ancilla wire 0, ``|phi(x)>`` on wires ``1..n``,
    ``|phi(y)>`` on wires ``n+1..2n``; H on the ancilla, a controlled SWAP of each pair of
    wires, H again. The ancilla reads 0 with probability ``(1 + |<phi(y)|phi(x)>|^2) / 2``.

    The controlled SWAP (Fredkin) is ``CNOT(b, a) Toffoli(c, a, b) CNOT(b, a)``. Reads pair
    data ``[x, y]`` (``pair_data``).

    >>> from qmlcourse.sim import Circuit, feature
    >>> c = swap_test_circuit(Circuit(1).ry(feature(0), 0))
    >>> c.probs(np.array([[np.pi, 0.0]]), wires=[0])[0].round(6)  # orthogonal states: 1/2
    array([0.5, 0.5])
    """
    fm = _as_circuit(feature_map)
    n = fm.n_qubits
    d = fm.n_features if n_features is None else _positive_int(n_features, "n_features")
    c = Circuit(2 * n + 1)
    c.operations = _copy_ops(fm, 1, 0) + _copy_ops(fm, n + 1, d)
    c.h(0)
    for q in range(n):
        a, b = 1 + q, 1 + n + q
        c.cnot(b, a).toffoli(0, a, b).cnot(b, a)
    c.h(0)
    return c


def pair_data(X, Y=None) -> np.ndarray:
    """Rows ``[x_i, y_j]`` for all pairs, ``(N * M, 2 d)``, pair ``(i, j)`` at row ``i * M + j``.

    >>> pair_data(np.array([[1.0], [2.0]]), np.array([[3.0]])).tolist()
    [[1.0, 3.0], [2.0, 3.0]]
    """
    X = _data(X)
    Y = X if Y is None else _data(Y, "Y")
    if X.shape[1] != Y.shape[1]:
        raise ValueError(f"X and Y must have the same number of features; got {X.shape} and {Y.shape}")
    n, m = X.shape[0], Y.shape[0]
    return np.hstack([np.repeat(X, m, axis=0), np.tile(Y, (n, 1))])


class KernelEstimate(NamedTuple):
    """A shot estimate of a kernel matrix: ``estimate`` and ``stderr`` ``(n_X, n_Y)``, ``shots``."""

    estimate: np.ndarray
    stderr: np.ndarray
    shots: int


def _as_kernel(kernel) -> FidelityKernel:
    if isinstance(kernel, FidelityKernel):
        return kernel
    if isinstance(kernel, Circuit):
        return FidelityKernel(feature_map=kernel)
    raise TypeError(f"kernel must be a FidelityKernel or a feature-map Circuit; got {type(kernel).__name__}")


def _exact_probabilities(kernel: FidelityKernel, X, Y, test: str, simulate: str) -> np.ndarray:
    """P(outcome counted) per pair ``(n_X, n_Y)``: from the Gram matrix, or by simulating the
    test circuit on every pair (small cases)."""
    if simulate == "gram":
        K = kernel(X, Y)
        return K if test == "inversion" else (1 + K) / 2
    if simulate != "circuit":
        raise ValueError(f"simulate must be 'gram' or 'circuit'; got {simulate!r}")
    X = _data(X)
    Yd = X if Y is None else _data(Y, "Y")
    Xp, Yp = kernel.prepare(X), kernel.prepare(Yd)
    fm = kernel.circuit(X.shape[1])
    d = Xp.shape[1]
    pairs = pair_data(Xp, Yp)
    if test == "inversion":
        p = inversion_test_circuit(fm, d).probs(pairs)[:, 0]
    else:
        p = swap_test_circuit(fm, d).probs(pairs, wires=[0])[:, 0]
    return np.clip(p, 0.0, 1.0).reshape(X.shape[0], Yd.shape[0])


def _shots(kernel, X, Y, shots, seed, test: str, simulate: str):
    shots = _positive_int(shots, "shots")
    kernel = _as_kernel(kernel)
    X = _data(X)
    if Y is not None:
        Y = _data(Y, "Y")
        if Y is X or (Y.shape == X.shape and np.array_equal(X, Y)):
            Y = None
    p = np.clip(_exact_probabilities(kernel, X, Y, test, simulate), 0.0, 1.0)
    rng = np.random.default_rng(seed)
    if Y is None:  # one circuit per unordered pair, as on hardware; the diagonal is exact
        iu = np.triu_indices(X.shape[0], 1)
        counts = np.zeros(p.shape)
        counts[iu] = rng.binomial(shots, p[iu])
        counts = counts + counts.T
        np.fill_diagonal(counts, shots)
    else:
        counts = rng.binomial(shots, p).astype(np.float64)
    return counts / shots, shots


def inversion_test(kernel, X, Y=None, shots: int = 1000, seed=None, simulate: str = "gram") -> KernelEstimate:
    """Shot estimate of the fidelity kernel by the inversion (compute-uncompute) test.

    On hardware one runs ``U(y)^dagger U(x)`` (``inversion_test_circuit``) ``shots`` times per
    pair and counts the all-zeros outcome: the count is binomial with ``p = k(x, y)``, so
    ``k_hat = count / shots`` is unbiased with standard error ``sqrt(k (1 - k) / shots)``
    (reported with ``k_hat`` in place of ``k``). Here the counts are drawn from that binomial
    with exact ``p``: from the Gram matrix (``simulate="gram"``) or from simulating the test
    circuit for every pair (``"circuit"``, small cases; the same numbers). With ``Y`` None (or
    equal to ``X``) one circuit per unordered pair is sampled and the diagonal is exactly 1.

    Args:
        kernel: a ``FidelityKernel`` (or a feature-map ``Circuit``).
        X: ``(N, d)``; Y: ``(M, d)`` or None; shots: per pair; seed: int or Generator.

    Returns:
        ``KernelEstimate(estimate (N, M), stderr (N, M), shots)``.

    >>> est = inversion_test(FidelityKernel(feature_map="angle"), np.array([[0.0], [np.pi / 2]]), shots=400, seed=1)
    >>> est.estimate.shape, float(est.estimate[0, 1]), float(est.stderr[0, 1].round(3))  # k = 0.5
    ((2, 2), 0.5075, 0.025)
    """
    k, shots = _shots(kernel, X, Y, shots, seed, "inversion", simulate)
    return KernelEstimate(k, np.sqrt(k * (1 - k) / shots), shots)


def swap_test(kernel, X, Y=None, shots: int = 1000, seed=None, simulate: str = "gram") -> KernelEstimate:
    """Shot estimate of the fidelity kernel by the swap test (``swap_test_circuit``).

    The ancilla reads 0 with ``p = (1 + k) / 2``; ``k_hat = 2 count / shots - 1`` is unbiased
    with standard error ``2 sqrt(p (1 - p) / shots) = sqrt((1 - k^2) / shots)``, larger than
    the inversion test's ``sqrt(k (1 - k) / shots)`` for every ``k`` in (0, 1), on twice the
    qubits plus one. ``k_hat`` can be negative for small ``k`` (it is not clipped, which would
    bias it). Arguments and return as ``inversion_test``.

    >>> est = swap_test(FidelityKernel(feature_map="angle"), np.array([[0.0], [np.pi]]), shots=1000, seed=0)
    >>> float(est.estimate[0, 1].round(3)), float(est.stderr[0, 1].round(3))  # k = 0
    (0.042, 0.032)
    """
    p_hat, shots = _shots(kernel, X, Y, shots, seed, "swap", simulate)
    return KernelEstimate(2 * p_hat - 1, 2 * np.sqrt(p_hat * (1 - p_hat) / shots), shots)


# --- alignment and geometric difference ----------------------------------------------------------
def _square(K, name: str = "K") -> np.ndarray:
    K = np.asarray(K, dtype=np.float64)
    if K.ndim != 2 or K.shape[0] != K.shape[1] or K.shape[0] < 1:
        raise ValueError(f"{name} must be a square matrix (N, N); got shape {K.shape}")
    if not np.all(np.isfinite(K)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return K


def _signed_labels(y, n: int) -> np.ndarray:
    y = np.asarray(y)
    if y.ndim != 1 or y.shape[0] != n:
        raise ValueError(f"y must have shape ({n},) to match K; got {y.shape}")
    classes = np.unique(y)
    if classes.size != 2:
        raise ValueError(f"kernel-target alignment needs exactly 2 classes in y; got {classes.size}: "
                         f"{classes[:5].tolist()}")
    return np.where(y == classes[1], 1.0, -1.0)


def _center(K: np.ndarray) -> np.ndarray:
    """``H K H`` with ``H = I - 11^T / N``."""
    return K - K.mean(axis=0, keepdims=True) - K.mean(axis=1, keepdims=True) + K.mean()


def _alignment_and_dk(K: np.ndarray, s: np.ndarray, centered: bool):
    """Alignment and its derivative with respect to every entry of K (``(N, N)``)."""
    L = np.outer(s, s)
    if centered:
        Kc, Lc = _center(K), _center(L)
    else:
        Kc, Lc = K, L
    nk, nl = np.linalg.norm(Kc), np.linalg.norm(Lc)
    if nk < 1e-12 * max(1.0, np.abs(K).max()):
        raise ValueError("the (centred) kernel matrix is zero: its alignment is undefined "
                         "(a constant kernel has centred alignment 0/0)")
    if nl == 0:  # pragma: no cover - two classes give a non-zero centred target
        raise ValueError("the centred target matrix is zero")
    inner = float((Kc * Lc).sum())
    a = inner / (nk * nl)
    g = Lc / (nk * nl) - inner * Kc / (nk**3 * nl)
    if centered:
        g = _center(g)  # d<Kc, .>/dK = H (.) H, H symmetric
    return a, g


def kernel_target_alignment(K, y, centered: bool = False) -> float:
    """Kernel-target alignment of a kernel matrix ``K (N, N)`` with labels ``y (N,)``.

    Plain (Cristianini et al. 2002): ``A = <K, y y^T>_F / (||K||_F ||y y^T||_F)``, with the two
    classes of ``y`` mapped to -1 and +1 (the larger label is +1), so ``||y y^T||_F = N``.
    Centred (Cortes, Mohri and Rostamizadeh 2012): the same with ``K_c = H K H`` and
    ``(y y^T)_c = H y y^T H``, ``H = I - 11^T / N``; centring removes the constant part of the
    kernel, which the plain alignment rewards.

    Raises:
        ValueError: for a non-square or non-finite ``K``, ``y`` of another length, not exactly
        two classes, or a zero (centred) ``K``.

    >>> y = np.array([0, 0, 1, 1])
    >>> kernel_target_alignment(np.eye(4), y)  # 1 / sqrt(N)
    0.5
    >>> round(kernel_target_alignment(np.eye(4), y, centered=True), 6)  # 1 / sqrt(N - 1)
    0.57735
    """
    K = _square(K)
    s = _signed_labels(y, K.shape[0])
    return float(_alignment_and_dk(K, s, bool(centered))[0])


def _psd_sqrt(K: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    K = (K + K.T) / 2
    vals, vecs = np.linalg.eigh(K)
    if vals.min() < -1e-8 * max(1.0, vals.max()):
        raise ValueError(f"kernel matrix is not positive semi-definite: smallest eigenvalue {vals.min():.3g}")
    vals = np.clip(vals, 0.0, None)
    return (vecs * np.sqrt(vals)) @ vecs.T, vals, vecs


def geometric_difference(K_classical, K_quantum, regularization: float = 0.0, normalize: bool = True) -> float:
    """Geometric difference ``g_CQ = g(K^C || K^Q)`` of Huang et al. 2021 (eq. 5 and F9).

    ``g = sqrt(|| sqrt(K^Q) (K^C)^{-1} sqrt(K^Q) ||_inf)``, ``||.||_inf`` the spectral norm: the
    classical kernel is the one inverted. A small ``g`` (about 1 or less) means the classical
    model predicts as well as the quantum one on this data for every target; a large ``g`` is
    necessary (not sufficient) for a quantum advantage. With ``regularization = lambda > 0``
    the inverse becomes ``sqrt(K^C) (K^C + lambda I)^{-2} sqrt(K^C)`` (their eq. F9, which tends
    to the formula above as lambda -> 0, and stays finite for a singular ``K^C``).
    With ``normalize`` both matrices are first scaled to trace ``N``, as in the paper.

    Raises:
        ValueError: for non-square, mismatched, non-PSD matrices, or a singular ``K^C`` with
        ``regularization=0``.

    >>> K = np.array([[1.0, 0.5], [0.5, 1.0]])
    >>> round(geometric_difference(K, K), 12)
    1.0
    >>> round(geometric_difference(K, K, regularization=0.1), 6)  # max e / (e + lambda)
    0.9375
    """
    Kc = _square(K_classical, "K_classical")
    Kq = _square(K_quantum, "K_quantum")
    if Kc.shape != Kq.shape:
        raise ValueError(f"K_classical and K_quantum must have the same shape; got {Kc.shape} and {Kq.shape}")
    lam = float(regularization)
    if not np.isfinite(lam) or lam < 0:
        raise ValueError(f"regularization must be a non-negative number; got {regularization!r}")
    n = Kc.shape[0]
    if normalize:
        for name, M in (("K_classical", Kc), ("K_quantum", Kq)):
            if np.trace(M) <= 0:
                raise ValueError(f"{name} has a non-positive trace; it cannot be normalised to trace N")
        Kc = Kc * (n / np.trace(Kc))
        Kq = Kq * (n / np.trace(Kq))
    sq_q, _, _ = _psd_sqrt(Kq)
    _, vals, vecs = _psd_sqrt(Kc)
    if lam == 0:
        if vals.min() <= 1e-10 * vals.max():
            raise ValueError(f"K_classical is singular (smallest eigenvalue {vals.min():.3g}); "
                             "pass regularization > 0")
        inv = (vecs / vals) @ vecs.T
    else:  # sqrt(Kc) (Kc + lam)^-2 sqrt(Kc) = V diag(e / (e + lam)^2) V^T
        inv = (vecs * (vals / (vals + lam) ** 2)) @ vecs.T
    M = sq_q @ inv @ sq_q
    top = float(np.linalg.eigvalsh((M + M.T) / 2).max())
    return float(np.sqrt(max(top, 0.0)))


# --- trainable feature maps ---------------------------------------------------------------------
def trainable_embedding(n_qubits: int, n_layers: int = 2, n_features: int | None = None) -> Circuit:
    """The trainable embedding of Hubregtsen et al. 2022 (PRA 106, 042431), layer by layer:
    H on each wire, ``RZ(x_(q mod d))`` on wire ``q``, ``RY(w)`` on each wire, then a ring of
    ``CRZ(w)`` (wire ``q`` controls ``q + 1 mod n``; none for one qubit).

    Weights per layer: ``2 n`` (``n`` for one qubit, 3 for two: the ring of two wires is one
    CRZ); ``n_features`` defaults to ``n_qubits``. The last layer's ``RY`` and ``CRZ`` act after
    the last data gate, so they cancel in ``|<phi(y)|phi(x)>|^2``: the kernel depends on the
    weights only for ``n_layers >= 2``.

    >>> trainable_embedding(3, n_layers=2).n_weights
    12
    """
    n = _positive_int(n_qubits, "n_qubits")
    layers = _positive_int(n_layers, "n_layers")
    d = n if n_features is None else _positive_int(n_features, "n_features")
    c = Circuit(n)
    k = 0
    for _ in range(layers):
        for q in range(n):
            c.h(q).rz(feature(q % d), q).ry(weight(k), q)
            k += 1
        if n > 1:
            pairs = [(q, (q + 1) % n) for q in range(n)] if n > 2 else [(0, 1)]
            for a, b in pairs:
                c.crz(weight(k), a, b)
                k += 1
    return c


def bind_weights(circuit: Circuit, w) -> Circuit:
    """A copy of ``circuit`` with every ``weight(j)`` replaced by the number ``w[j]``
    (scale and shift applied): a feature map for ``FidelityKernel``.

    >>> from qmlcourse.sim import Circuit, weight
    >>> bind_weights(Circuit(1).rx(2 * weight(0), 0), [0.25]).n_weights
    0
    """
    w = np.asarray(w, dtype=np.float64)
    if w.shape != (circuit.n_weights,) or not np.all(np.isfinite(w)):
        raise ValueError(f"w must be {circuit.n_weights} finite numbers, shape ({circuit.n_weights},); got {w.shape}")
    c = Circuit(circuit.n_qubits)
    for op in circuit.operations:
        params = tuple(const(p.scale * w[p.index] + p.shift) if p.kind == "weight" else p for p in op.params)
        c.operations.append(Operation(op.name, op.wires, params, op.matrix))
    return c


def _projector_zero(n: int) -> Hermitian:
    m = np.zeros((2**n, 2**n))
    m[0, 0] = 1.0
    return Hermitian(m, list(range(n)))


def alignment_and_gradient(circuit: Circuit, X, y, w, centered: bool = False) -> tuple[float, np.ndarray]:
    """Kernel-target alignment of the fidelity kernel of a trainable feature map, and its
    gradient with respect to the weights.

    Each entry ``K_ij = <0| U(x_j, w)^dagger U(x_i, w) |0>``-squared is the probability of
    ``|0...0>`` after the inversion-test circuit (``inversion_test_circuit``); the simulator
    differentiates it for all ``N (N - 1) / 2`` pairs in one batched adjoint pass (weights
    shared by both halves), and the chain rule through the alignment gives
    ``dA/dw = sum_(i<j) 2 (dA/dK_ij) dK_ij/dw`` (the diagonal is constant 1).

    Args:
        circuit: a feature map reading ``feature(i)`` with ``n_weights`` trainable weights.
        X: ``(N, d)``, N >= 2; y: two-class labels ``(N,)``; w: ``(n_weights,)``.
        centered: centred alignment instead of the plain one.

    Returns:
        ``(alignment, gradient (n_weights,))``.

    >>> c = trainable_embedding(2, n_layers=2)
    >>> X = np.array([[0.1, 0.4], [0.3, 0.2], [1.5, 1.2], [1.2, 1.6]]); y = np.array([0, 0, 1, 1])
    >>> a, g = alignment_and_gradient(c, X, y, np.full(c.n_weights, 0.3))
    >>> round(a, 4), g.shape
    (0.5496, (6,))
    """
    c = _as_circuit(circuit)
    X = _data(X)
    N = X.shape[0]
    if N < 2:
        raise ValueError(f"alignment needs at least 2 samples; got {N}")
    if X.shape[1] < c.n_features:
        raise ValueError(f"the feature map reads {c.n_features} features; X has shape {X.shape}")
    if c.n_weights == 0:
        raise ValueError("the feature map has no trainable weights")
    w = np.asarray(w, dtype=np.float64)
    if w.shape != (c.n_weights,) or not np.all(np.isfinite(w)):
        raise ValueError(f"w must be {c.n_weights} finite numbers, shape ({c.n_weights},); got {w.shape}")
    s = _signed_labels(y, N)
    d = X.shape[1]
    test = inversion_test_circuit(c, d)
    iu = np.triu_indices(N, 1)
    pairs = np.hstack([X[iu[0]], X[iu[1]]])
    values, grads = test.expval_and_gradient(_projector_zero(c.n_qubits), pairs, w)
    K = np.eye(N)
    K[iu] = np.clip(values, 0.0, 1.0)
    K.T[iu] = K[iu]
    a, dk = _alignment_and_dk(K, s, bool(centered))
    grad = 2 * dk[iu] @ grads
    return float(a), grad


def train_alignment(circuit: Circuit, X, y, w0, n_steps: int = 50, learning_rate: float = 0.1,
                    centered: bool = False, batch_size: int | None = None, seed=None):
    """Gradient ascent on the kernel-target alignment (Hubregtsen et al. 2022).

    Each step uses ``batch_size`` random samples (default all, as a full-batch ascent) and
    ``alignment_and_gradient``; plain gradient ascent ``w += learning_rate * grad``.

    Returns:
        ``(w (n_weights,), history)``: the final weights and the alignment before each step
        (on the step's batch) and, last, on all of ``X``: ``n_steps + 1`` floats.

    >>> c = trainable_embedding(2, n_layers=2)
    >>> X = np.array([[0.1, 0.4], [0.3, 0.2], [1.5, 1.2], [1.2, 1.6]]); y = np.array([0, 0, 1, 1])
    >>> w, hist = train_alignment(c, X, y, np.full(c.n_weights, 0.3), n_steps=10, learning_rate=0.5)
    >>> len(hist), round(hist[0], 3), round(hist[-1], 3)
    (11, 0.55, 0.682)
    """
    n_steps = _positive_int(n_steps, "n_steps")
    lr = _positive_number(learning_rate, "learning_rate")
    X = _data(X)
    y = np.asarray(y)
    rng = np.random.default_rng(seed)
    w = np.array(w0, dtype=np.float64)
    if batch_size is not None:
        batch_size = _positive_int(batch_size, "batch_size")
        if batch_size < 2:
            raise ValueError(f"batch_size must be at least 2; got {batch_size}")
    history = []
    for _ in range(n_steps):
        if batch_size is None or batch_size >= X.shape[0]:
            idx = np.arange(X.shape[0])
        else:
            idx = rng.choice(X.shape[0], batch_size, replace=False)
            while np.unique(y[idx]).size < 2:
                idx = rng.choice(X.shape[0], batch_size, replace=False)
        a, g = alignment_and_gradient(circuit, X[idx], y[idx], w, centered)
        history.append(float(a))
        w = w + lr * g
    history.append(float(alignment_and_gradient(circuit, X, y, w, centered)[0]))
    return w, history

