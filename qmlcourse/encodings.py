"""Data encodings: each function appends batched, data-bound gates to a ``Circuit``.

Every encoding takes the circuit first, appends its gates (angles bound to ``feature(i)`` or
to a ``feature_map`` of the data row) and returns the same circuit, so calls chain and one
``circuit.statevector(x)`` evaluates the encoding for all ``N`` rows of ``x`` at once. Each
docstring states the qubit count and the depth (gate layers) the encoding costs.

Conventions are PennyLane's (wire 0 is the most significant bit; ``RX(t) = exp(-i t X/2)``),
so the states agree with ``qml.BasisEmbedding``, ``qml.AngleEmbedding``,
``qml.AmplitudeEmbedding`` and ``qml.IQPEmbedding`` amplitude for amplitude.

>>> import numpy as np
>>> from qmlcourse.sim import Circuit
>>> c = angle(Circuit(2), rotation="Y")
>>> c.probs(np.array([[np.pi, 0.0]])).round(3)
array([[0., 0., 1., 0.]])
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import combinations

import numpy as np

from qmlcourse.sim import Circuit, feature
from qmlcourse.sim.params import feature_map

__all__ = [
    "amplitude",
    "amplitude_vectors",
    "angle",
    "basis",
    "iqp",
    "mottonen_angles",
    "n_qubits_for_amplitude",
    "reupload",
    "zz_feature_map",
]

ROTATIONS = {"X": "RX", "Y": "RY", "Z": "RZ"}


# --- helpers -------------------------------------------------------------------------------
def _check_circuit(circuit) -> None:
    if not isinstance(circuit, Circuit):
        raise TypeError(f"expected a qmlcourse.sim.Circuit as first argument; got {type(circuit).__name__}")


def _wires(circuit: Circuit, wires: Sequence[int] | None) -> list[int]:
    if wires is None:
        return list(range(circuit.n_qubits))
    if isinstance(wires, (int, np.integer)):
        wires = [int(wires)]
    wires = [int(q) for q in wires]
    bad = [q for q in wires if not 0 <= q < circuit.n_qubits]
    if bad or len(set(wires)) != len(wires) or not wires:
        raise ValueError(f"wires must be distinct, non-empty, in 0..{circuit.n_qubits - 1}; got {wires}")
    return wires


def _features(features: Sequence[int] | None, n: int) -> list[int]:
    if features is None:
        return list(range(n))
    if isinstance(features, (int, np.integer)):
        features = [int(features)]
    features = [int(i) for i in features]
    if any(i < 0 for i in features):
        raise ValueError(f"feature indices must be non-negative; got {features}")
    return features


# --- basis ---------------------------------------------------------------------------------
def basis(circuit: Circuit, wires: Sequence[int] | None = None, features: Sequence[int] | None = None) -> Circuit:
    """Basis encoding: bit ``x[:, features[k]]`` (0 or 1) flips wire ``wires[k]``.

    Each bit becomes ``U3(pi b, 0, pi b)``, which is exactly the identity for ``b = 0`` and
    exactly ``X`` for ``b = 1`` (no phase), so from ``|0...0>`` the state is ``|b>``.

    Cost: one qubit per bit; depth 1 (one single-qubit gate per wire).

    Args:
        circuit: the circuit to extend.
        wires: the wires written (default all, in order).
        features: data columns read (default ``0..len(wires)-1``).

    Raises:
        ValueError: at run time, if a bit is not 0 or 1.

    >>> import numpy as np
    >>> from qmlcourse.sim import Circuit
    >>> basis(Circuit(3)).probs(np.array([[1, 0, 1]])).argmax()  # |101> is index 5
    np.int64(5)
    """
    _check_circuit(circuit)
    wires = _wires(circuit, wires)
    features = _features(features, len(wires))
    if len(features) != len(wires):
        raise ValueError(f"basis encoding needs one feature per wire: {len(wires)} wires, {len(features)} features")
    for q, i in zip(wires, features, strict=True):
        angle_fn = feature_map(_bit_angle(i), label=f"pi*x{i}")
        circuit.u3(angle_fn, 0.0, angle_fn, q)
    return circuit


def _bit_angle(i: int) -> Callable[[np.ndarray], np.ndarray]:
    def fn(x: np.ndarray) -> np.ndarray:
        if x.shape[1] <= i:
            raise ValueError(f"basis encoding reads feature {i}; x has shape {x.shape}")
        b = x[:, i]
        bad = np.flatnonzero((b != 0) & (b != 1))
        if bad.size:
            value, row = float(b[bad[0]]), int(bad[0])
            raise ValueError(f"basis encoding needs bits 0 or 1 in feature {i}; got {value:g} in row {row}")
        return np.pi * b
    return fn


# --- angle ---------------------------------------------------------------------------------
def angle(circuit: Circuit, rotation: str = "X", wires: Sequence[int] | None = None,
          features: Sequence[int] | None = None, scale: float = 1.0) -> Circuit:
    """Angle encoding: ``R_rotation(scale * x[:, features[k]])`` on wire ``wires[k]``.

    As ``qml.AngleEmbedding``. With more features than wires, feature ``k`` goes to wire
    ``wires[k % len(wires)]`` (the extra rotations follow on the same wires), so any number of
    features fits on any number of qubits.

    Cost: one qubit per feature (or fewer with wrapping); depth ``ceil(d / n_wires)``
    single-qubit gates, no entangling gate. With ``rotation="Z"`` on ``|0>`` it only adds
    phases: put a Hadamard first.

    Args:
        circuit: the circuit to extend.
        rotation: "X", "Y" or "Z".
        wires: the wires used (default all).
        features: the data columns (default one per wire).
        scale: multiplies each feature (e.g. ``np.pi`` for data in [0, 1]).

    >>> import numpy as np
    >>> from qmlcourse.sim import Circuit
    >>> c = angle(Circuit(1), rotation="Y")
    >>> c.expval("Z0", np.array([[0.0], [np.pi / 2]])).round(6)
    array([1., 0.])
    """
    _check_circuit(circuit)
    name = ROTATIONS.get(str(rotation).upper()) if isinstance(rotation, str) else None
    if name is None:
        raise ValueError(f"rotation must be 'X', 'Y' or 'Z'; got {rotation!r}")
    wires = _wires(circuit, wires)
    features = _features(features, len(wires))
    for k, i in enumerate(features):
        circuit.add(name, wires[k % len(wires)], feature(i, scale=float(scale)))
    return circuit


# --- amplitude -----------------------------------------------------------------------------
def n_qubits_for_amplitude(n_features: int) -> int:
    """Qubits needed to hold ``n_features`` amplitudes: ``max(1, ceil(log2 n_features))``.

    >>> n_qubits_for_amplitude(5)
    3
    """
    if not isinstance(n_features, (int, np.integer)) or n_features < 1:
        raise ValueError(f"n_features must be a positive integer; got {n_features!r}")
    return max(1, int(np.ceil(np.log2(int(n_features)))))


def amplitude_vectors(x, n_qubits: int | None = None, pad_with: float = 0.0, normalize: bool = True) -> np.ndarray:
    """Rows of ``x`` padded to ``2**n_qubits`` entries with ``pad_with`` and normalised.

    Args:
        x: data ``(N, d)`` (or ``(d,)`` for one row), real.
        n_qubits: default ``n_qubits_for_amplitude(d)``.
        pad_with: value of the padding entries.
        normalize: divide each row by its norm; if False the rows must already have norm 1.

    Returns:
        real array ``(N, 2**n_qubits)`` of unit rows.

    Raises:
        ValueError: for too many features, a zero row or an unnormalised row.

    >>> amplitude_vectors([[3.0, 4.0, 0.0]]).round(2)
    array([[0.6, 0.8, 0. , 0. ]])
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim == 1:
        x = x[None, :]
    if x.ndim != 2 or x.shape[1] < 1:
        raise ValueError(f"x must have shape (n_samples, n_features); got {x.shape}")
    if not np.all(np.isfinite(x)):
        raise ValueError("x contains NaN or infinite values")
    n = n_qubits_for_amplitude(x.shape[1]) if n_qubits is None else int(n_qubits)
    dim = 2**n
    if x.shape[1] > dim:
        raise ValueError(f"{x.shape[1]} features do not fit in the {dim} amplitudes of {n} qubits")
    v = np.full((x.shape[0], dim), float(pad_with))
    v[:, : x.shape[1]] = x
    norms = np.linalg.norm(v, axis=1)
    if np.any(norms < 1e-12):
        row = int(np.flatnonzero(norms < 1e-12)[0])
        raise ValueError(f"row {row} is zero after padding: a zero vector cannot be an amplitude vector")
    if normalize:
        return v / norms[:, None]
    if np.any(np.abs(norms - 1) > 1e-8):
        row = int(np.flatnonzero(np.abs(norms - 1) > 1e-8)[0])
        raise ValueError(f"row {row} has norm {norms[row]:.6g}, not 1; pass normalize=True")
    return v


def _gray(i: int) -> int:
    return i ^ (i >> 1)


def _theta_matrix(k: int) -> np.ndarray:
    """``M[i, j] = (-1)**popcount(j & gray(i)) / 2**k``: rotation angles of a uniformly
    controlled rotation with ``k`` controls from the wanted per-control-state angles."""
    size = 2**k
    m = np.empty((size, size))
    for i in range(size):
        for j in range(size):
            m[i, j] = (-1) ** bin(j & _gray(i)).count("1")
    return m / size


def mottonen_angles(v: np.ndarray) -> list[np.ndarray]:
    """The RY angles that prepare real unit vectors ``v`` (rows), level by level.

    Level ``t`` (target wire ``t``, controls ``0..t-1``) holds ``alpha[:, j]`` for each
    state ``j`` of the controls: ``2 atan2(norm of the block with bit t = 1, norm with bit
    t = 0)``; the last level uses the signed amplitudes, so signs come out exactly.

    Args:
        v: real array ``(N, 2**n)``.

    Returns:
        ``n`` arrays, level ``t`` of shape ``(N, 2**t)``.
    """
    n_rows, dim = v.shape
    n = int(round(np.log2(dim)))
    out = []
    for t in range(n):
        blocks = v.reshape(n_rows, 2**t, 2, 2 ** (n - t - 1))
        if t == n - 1:
            lo, hi = blocks[:, :, 0, 0], blocks[:, :, 1, 0]
        else:
            lo, hi = np.linalg.norm(blocks[:, :, 0, :], axis=-1), np.linalg.norm(blocks[:, :, 1, :], axis=-1)
        out.append(2 * np.arctan2(hi, lo))
    return out


class _Cached:
    """The Mottonen rotation angles of the current data, computed once per ``x``."""

    def __init__(self, n_qubits: int, features: list[int] | None, pad_with: float, normalize: bool):
        self.n_qubits, self.features, self.pad_with, self.normalize = n_qubits, features, pad_with, normalize
        self._x: np.ndarray | None = None
        self._thetas: list[np.ndarray] = []

    def thetas(self, x: np.ndarray) -> list[np.ndarray]:
        if self._x is None or self._x.shape != x.shape or not np.array_equal(self._x, x):
            if self.features is None:
                cols = x
            elif x.shape[1] <= max(self.features):
                raise ValueError(f"amplitude encoding reads features {self.features}; x has shape {x.shape}")
            else:
                cols = x[:, self.features]
            v = amplitude_vectors(cols, self.n_qubits, self.pad_with, self.normalize)
            alphas = mottonen_angles(v)
            self._thetas = [a @ _theta_matrix(t).T for t, a in enumerate(alphas)]
            self._x = x.copy()
        return self._thetas

    def angle(self, level: int, i: int) -> Callable[[np.ndarray], np.ndarray]:
        return lambda x: self.thetas(x)[level][:, i]


def amplitude(circuit: Circuit, wires: Sequence[int] | None = None, features: Sequence[int] | None = None,
              pad_with: float = 0.0, normalize: bool = True) -> Circuit:
    """Amplitude encoding: the state ``sum_k v_k |k>`` with ``v`` = the padded, normalised row.

    The ``d`` features are padded to ``2**n`` entries with ``pad_with`` and divided by their
    norm (``amplitude_vectors``), then prepared from ``|0...0>`` by Mottonen et al.'s cascade of
    uniformly controlled RY rotations (real data needs no RZ part: the last level's signed
    angles give the signs). Level ``t`` is a uniformly controlled RY on wire ``t`` with
    controls ``0..t-1``, decomposed into ``2**t`` RY and ``2**t`` CNOT gates (Gray-code order).
    The result equals ``qml.AmplitudeEmbedding(x, pad_with=..., normalize=True)`` amplitude
    for amplitude (no global phase). Must be applied to ``|0...0>`` on ``wires``.

    Cost: ``n = ceil(log2 d)`` qubits (exponentially few), but ``2**n - 1`` RY and
    ``2**n - 2`` CNOT gates, in sequence: depth about ``2**(n+1)``, exponential in ``n``.

    Args:
        circuit: the circuit to extend; wires: the ``n`` wires (default all).
        features: data columns (default every column of x; at most ``2**n`` of them).
        pad_with: the padding value; normalize: as in ``amplitude_vectors``.

    >>> import numpy as np
    >>> from qmlcourse.sim import Circuit
    >>> amplitude(Circuit(2), features=[0, 1, 2]).statevector(np.array([[1.0, -2.0, 2.0]])).real.round(4)
    array([[ 0.3333, -0.6667,  0.6667,  0.    ]])
    """
    _check_circuit(circuit)
    wires = _wires(circuit, wires)
    n = len(wires)
    features = None if features is None else _features(features, 2**n)
    if features is not None and len(features) > 2**n:
        raise ValueError(f"{len(features)} features do not fit in the {2**n} amplitudes of {n} wires")
    cache = _Cached(n, features, float(pad_with), bool(normalize))
    for t in range(n):
        target = wires[t]
        if t == 0:
            circuit.ry(feature_map(cache.angle(0, 0), label="a0"), target)
            continue
        size = 2**t
        for i in range(size):
            circuit.ry(feature_map(cache.angle(t, i), label=f"a{t}.{i}"), target)
            # bit that changes between gray(i) and gray(i+1): position p from the least
            # significant end of the control index, i.e. control wire t - 1 - p.
            p = int(np.log2(_gray(i) ^ _gray((i + 1) % size)))
            circuit.cnot(wires[t - 1 - p], target)
    return circuit


# --- IQP and ZZ ----------------------------------------------------------------------------
def _product(i: int, j: int, fn=None) -> Callable[[np.ndarray], np.ndarray]:
    if fn is None:
        return lambda x: x[:, i] * x[:, j]
    return lambda x: fn(x[:, i], x[:, j])


def iqp(circuit: Circuit, n_repeats: int = 1, pattern: Sequence[Sequence[int]] | None = None,
        wires: Sequence[int] | None = None) -> Circuit:
    """IQP encoding, as ``qml.IQPEmbedding``: ``n_repeats`` times [H and RZ(x_i) on each wire,
    then ``MultiRZ(x_i x_j)`` on each pair of ``pattern``].

    Feature ``i`` goes on ``wires[i]``; ``pattern`` lists pairs of positions in ``wires``
    (default all pairs).

    Cost: one qubit per feature; per repeat 2 single-qubit layers and ``n (n - 1) / 2``
    two-qubit ZZ rotations for all pairs (depth about ``n`` when pairs are scheduled in
    parallel, ``n (n - 1) / 2`` as written here).

    >>> import numpy as np
    >>> from qmlcourse.sim import Circuit
    >>> iqp(Circuit(2)).probs(np.array([[0.0, 0.0]])).round(3)
    array([[0.25, 0.25, 0.25, 0.25]])
    """
    _check_circuit(circuit)
    wires = _wires(circuit, wires)
    if not isinstance(n_repeats, (int, np.integer)) or n_repeats < 1:
        raise ValueError(f"n_repeats must be a positive integer; got {n_repeats!r}")
    pairs = _pairs(pattern, len(wires))
    for _ in range(int(n_repeats)):
        for i, q in enumerate(wires):
            circuit.h(q).rz(feature(i), q)
        for i, j in pairs:
            circuit.multirz(feature_map(_product(i, j), label=f"x{i}*x{j}"), wires[i], wires[j])
    return circuit


def _pairs(pattern, n: int) -> list[tuple[int, int]]:
    if pattern is None:
        return list(combinations(range(n), 2))
    out = []
    for pair in pattern:
        pair = tuple(int(q) for q in pair)
        if len(pair) != 2 or pair[0] == pair[1] or not all(0 <= q < n for q in pair):
            raise ValueError(f"pattern entries must be pairs of distinct positions in 0..{n - 1}; got {pair}")
        out.append(pair)
    return out


def zz_feature_map(circuit: Circuit, reps: int = 2, entanglement: str | Sequence[Sequence[int]] = "full",
                   wires: Sequence[int] | None = None) -> Circuit:
    """The ZZ feature map of Havlicek et al. 2019 (Qiskit's ``ZZFeatureMap`` convention).

    ``reps`` times: H on each wire, ``P(2 x_i)`` on wire i, then for each pair (i, j):
    ``CNOT(i, j) P(2 (pi - x_i)(pi - x_j)) CNOT(i, j)``. In the computational basis one
    repetition is ``H^n`` followed by the diagonal
    ``exp(2i [sum_i x_i b_i + sum_(i,j) (pi - x_i)(pi - x_j) (b_i XOR b_j)])``.

    Args:
        entanglement: "full" (all pairs), "linear" (i, i+1) or a list of pairs of positions.

    Cost: one qubit per feature; per repetition 2 single-qubit layers plus, for each pair,
    2 CNOTs and a phase gate (``n (n - 1)`` CNOTs for "full", ``2 (n - 1)`` for "linear").

    >>> import numpy as np
    >>> from qmlcourse.sim import Circuit
    >>> c = zz_feature_map(Circuit(2), reps=1)
    >>> bool(np.isclose(np.linalg.norm(c.statevector(np.array([[0.3, 0.7]]))), 1.0))
    True
    """
    _check_circuit(circuit)
    wires = _wires(circuit, wires)
    if not isinstance(reps, (int, np.integer)) or reps < 1:
        raise ValueError(f"reps must be a positive integer; got {reps!r}")
    n = len(wires)
    if isinstance(entanglement, str):
        if entanglement == "full":
            pairs = list(combinations(range(n), 2))
        elif entanglement == "linear":
            pairs = [(i, i + 1) for i in range(n - 1)]
        else:
            raise ValueError(f"entanglement must be 'full', 'linear' or a list of pairs; got {entanglement!r}")
    else:
        pairs = _pairs(entanglement, n)
    phi = lambda a, b: 2.0 * (np.pi - a) * (np.pi - b)  # noqa: E731
    for _ in range(int(reps)):
        for i, q in enumerate(wires):
            circuit.h(q).phase(feature(i, scale=2.0), q)
        for i, j in pairs:
            circuit.cnot(wires[i], wires[j])
            circuit.phase(feature_map(_product(i, j, phi), label=f"2(pi-x{i})(pi-x{j})"), wires[j])
            circuit.cnot(wires[i], wires[j])
    return circuit


# --- data re-uploading ---------------------------------------------------------------------
def reupload(circuit: Circuit, encode: Callable[[Circuit], Circuit], block: Callable[[Circuit, int], Circuit],
             n_layers: int, final_block: bool = True) -> Circuit:
    """Data re-uploading (Perez-Salinas et al. 2020): ``n_layers`` times [``block(c, l)``,
    ``encode(c)``], then a last ``block`` if ``final_block``: W_L S(x) ... W_1 S(x) W_0.

    ``encode(c)`` appends an encoding (the same data each time), ``block(c, l)`` the
    trainable gates of layer ``l`` (use distinct weight indices per layer). With an encoding
    that rotates by ``x`` once per layer, the model is a Fourier series in ``x`` with
    frequencies up to ``n_layers`` (Schuld, Sweke and Meyer 2021).

    Cost: ``n_layers`` times the encoding's depth plus ``n_layers (+1)`` times the block's.

    >>> import numpy as np
    >>> from qmlcourse.sim import Circuit, weight
    >>> c = reupload(Circuit(1), lambda c: angle(c, "X"), lambda c, k: c.ry(weight(k), 0), n_layers=2)
    >>> c.n_weights, len(c)
    (3, 5)
    """
    _check_circuit(circuit)
    if not isinstance(n_layers, (int, np.integer)) or n_layers < 1:
        raise ValueError(f"n_layers must be a positive integer; got {n_layers!r}")
    for layer in range(int(n_layers)):
        block(circuit, layer)
        encode(circuit)
    if final_block:
        block(circuit, int(n_layers))
    return circuit
