"""Exercises and concept checks of lesson ``vqc.encoding`` (notebooks/10_data_encoding.ipynb).

Four exercises on putting classical data into a quantum state:

* ``basis_encoding``: the basis state of a bit string (wire 0 is the most significant bit);
* ``angle_encoding``: the product state of one rotation per feature, RX, RY or RZ (Z after a
  Hadamard), with PennyLane's half-angle convention;
* ``amplitude_encoding``: pad a feature vector to a power of two with a given value, then
  normalise it;
* ``separating_encoding`` (a design): choose a scale and an offset per feature so that the
  single-qubit readouts <Z_0>, <Z_1> of an RY angle encoding make the two classes of a data
  set linearly separable; graded by the separation the choice achieves, so any working
  design passes.

Two concept checks: what amplitude encoding forgets (the norm), and why angle encoding
cannot create entanglement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from qmlcourse.exercises import Concept, Exercise, Mistake, Option, case, compare
from qmlcourse.grading.compare import Answer, Failure

# --------------------------------------------------------------------------- helpers

_H = np.array([[1, 1], [1, -1]], dtype=complex) / np.sqrt(2)


def _rot(letter: str, t: float) -> np.ndarray:
    c, s = np.cos(t / 2), np.sin(t / 2)
    if letter == "X":
        return np.array([[c, -1j * s], [-1j * s, c]])
    if letter == "Y":
        return np.array([[c, -s], [s, c]], dtype=complex)
    return np.diag([np.exp(-1j * t / 2), np.exp(1j * t / 2)])


def _kron_all(vectors) -> np.ndarray:
    out = np.array([1.0 + 0j])
    for v in vectors:
        out = np.kron(out, v)
    return out


# --------------------------------------------------------------------------- basis_encoding


def basis_encoding(bits) -> np.ndarray:
    """The basis state |b_0 b_1 ... b_(n-1)> of a bit string, shape (2**n,)."""
    bits = [int(b) for b in bits]
    index = 0
    for b in bits:  # wire 0 first: it is the most significant bit of the index
        index = 2 * index + b
    state = np.zeros(2 ** len(bits))
    state[index] = 1.0
    return state


def _basis_cases(rng: np.random.Generator) -> list:
    out = [
        case(np.array([1]), label="1 bit: 1"),
        case(np.array([1, 0]), label="2 bits: 10"),
        case(np.array([0, 1, 1]), label="3 bits: 011"),
        case(np.array([1, 1, 0, 1]), label="4 bits: 1101"),
    ]
    for n in (3, 5):
        while True:
            bits = rng.integers(0, 2, size=n)
            if list(bits) != list(bits[::-1]):  # a palindrome would hide a reversed order
                break
        out.append(case(bits, label=f"{n} bits: {''.join(map(str, bits))}"))
    return out


def _basis_little_endian(bits):
    return basis_encoding(list(bits)[::-1])


def _basis_complemented(bits):
    return basis_encoding([1 - int(b) for b in bits])


def _basis_popcount(bits):
    state = np.zeros(2 ** len(bits))
    state[int(np.sum(bits))] = 1.0
    return state


def _basis_by_kron(bits):
    kets = {0: np.array([1.0, 0.0]), 1: np.array([0.0, 1.0])}
    out = np.array([1.0])
    for b in bits:
        out = np.kron(out, kets[int(b)])
    return out


def _basis_with_phase(bits):
    return -1.0 * basis_encoding(bits)  # a global phase: the same state


BASIS_ENCODING = Exercise(
    id="vqc.encoding/basis_encoding",
    title="Basis encoding",
    statement="Return the computational basis state that a bit string encodes (wire 0 is the most significant bit).",
    template='''def basis_encoding(bits):
    """Return the basis state |b0 b1 ... b(n-1)> that the bit string encodes.

    bits: array or list of n integers, each 0 or 1; bit k goes to wire k.
    Returns: a real array of shape (2**n,) with a single 1 (the course's wire order:
             wire 0 is the most significant bit of the index).
    Example: basis_encoding([1, 0]) -> array([0., 0., 1., 0.])    # |10>
    """
    raise NotImplementedError("build the basis state of the bit string")
''',
    reference=basis_encoding,
    cases=_basis_cases,
    answer=compare.state(atol=1e-10),
    mistakes=[
        Mistake(
            _basis_little_endian,
            "looks like the bit order is reversed (little-endian, as Qiskit numbers qubits): in this course "
            "wire 0 is the most significant bit, so [1, 0] is |10>, index 2, not index 1",
        ),
        Mistake(
            _basis_complemented,
            "every bit is flipped: bit 0 leaves its wire in |0> and bit 1 flips it to |1>",
        ),
        Mistake(
            _basis_popcount,
            "you put the 1 at the number of 1-bits (you added the bits): the index is the bit string read "
            "as a binary number, sum_k b_k 2**(n-1-k)",
        ),
    ],
    alternatives=[_basis_by_kron, _basis_with_phase],
    hints=[
        "The state is a vector of 2**n zeros with a single 1; the bit string says where.",
        "Read the bits as a binary number with bit 0 (wire 0) as the most significant digit; "
        "or build the state as the Kronecker product of |0> = [1, 0] and |1> = [0, 1], wire 0 leftmost.",
        "index = int(''.join(str(b) for b in bits), 2); state = np.zeros(2**len(bits)); state[index] = 1.",
    ],
    seed=101,
)


# --------------------------------------------------------------------------- angle_encoding


def angle_encoding(x, rotation: str) -> np.ndarray:
    """The product state of R_rotation(x_k) on wire k (after H when rotation is "Z"), (2**n,)."""
    x = np.asarray(x, dtype=float)
    qubits = []
    for t in x:  # wire 0 first: the leftmost factor of the Kronecker product
        c, s = np.cos(t / 2), np.sin(t / 2)
        if rotation == "X":
            q = np.array([c, -1j * s])  # RX(t)|0>
        elif rotation == "Y":
            q = np.array([c, s], dtype=complex)  # RY(t)|0>
        else:
            q = np.array([np.exp(-1j * t / 2), np.exp(1j * t / 2)]) / np.sqrt(2)  # RZ(t) H|0>
        qubits.append(q)
    state = np.array([1.0 + 0j])
    for q in qubits:
        state = np.kron(state, q)
    return state


def _angle_cases(rng: np.random.Generator) -> list:
    out = [
        case(np.array([0.8]), "X", label="1 feature, RX"),
        case(np.array([1.1, -0.4]), "Y", label="2 features, RY"),
        case(np.array([0.5, 2.0]), "Z", label="2 features, RZ after H"),
    ]
    for rotation in ("X", "Y", "Z"):
        x = np.round(rng.uniform(-np.pi, np.pi, size=3), 4)
        out.append(case(x, rotation, label=f"3 features, R{rotation}" + (" after H" if rotation == "Z" else "")))
    return out


def _angle_full_angle(x, rotation):
    return angle_encoding(2 * np.asarray(x, dtype=float), rotation)


def _angle_reversed(x, rotation):
    return angle_encoding(np.asarray(x, dtype=float)[::-1], rotation)


def _angle_plus_sign(x, rotation):
    return np.conj(angle_encoding(x, rotation))


def _angle_always_ry(x, rotation):
    return angle_encoding(x, "Y")


def _angle_no_hadamard(x, rotation):
    if rotation != "Z":
        return angle_encoding(x, rotation)
    return _kron_all([_rot("Z", t) @ np.array([1, 0]) for t in np.asarray(x, dtype=float)])


def _angle_by_matrices(x, rotation):
    qubits = []
    for t in np.asarray(x, dtype=float):
        start = _H @ np.array([1, 0]) if rotation == "Z" else np.array([1, 0], dtype=complex)
        qubits.append(_rot(rotation, t) @ start)
    return _kron_all(qubits)


def _angle_global_phase(x, rotation):
    return 1j * angle_encoding(x, rotation)


ANGLE_ENCODING = Exercise(
    id="vqc.encoding/angle_encoding",
    title="Angle encoding",
    statement=(
        "Return the state of angle encoding: feature k rotates wire k by R_X, R_Y or R_Z (R_Z after a "
        "Hadamard), PennyLane's conventions, wire 0 the most significant bit."
    ),
    template='''def angle_encoding(x, rotation):
    """Return the state that angle encoding prepares from |0...0>.

    x: real array of shape (n,), one feature per wire; feature k is the rotation angle
       (radians) on wire k.
    rotation: "X", "Y" or "Z": every wire gets R_X(x_k), R_Y(x_k) or R_Z(x_k), with the
       course's (PennyLane's) convention R_P(t) = exp(-i t P / 2). For "Z" every wire first
       gets a Hadamard (R_Z on |0> alone would only change a phase).
    Returns: a complex array of shape (2**n,) (wire 0 is the most significant bit). The
       check compares up to a global phase.
    Example: angle_encoding(np.array([np.pi]), "Y") -> array([0, 1])   (up to rounding)
    """
    raise NotImplementedError("rotate each wire and combine the wires")
''',
    reference=angle_encoding,
    cases=_angle_cases,
    answer=compare.state(atol=1e-8),
    mistakes=[
        Mistake(
            _angle_full_angle,
            "you rotated by twice the angle: R_X(t) = exp(-i t X / 2) has cos(t/2) and sin(t/2) in it (half "
            "angles), so RY(pi) takes |0> to |1>; cos(t) and sin(t) are the amplitudes of R(2t)",
        ),
        Mistake(
            _angle_reversed,
            "looks like the wire order is reversed: feature 0 goes on wire 0, the leftmost factor of the "
            "Kronecker product (the most significant bit)",
        ),
        Mistake(
            _angle_plus_sign,
            "the sign of i is flipped (you used exp(+i t P / 2)): R_X(t)|0> = cos(t/2)|0> - i sin(t/2)|1> and "
            "R_Z(t) = diag(exp(-i t/2), exp(+i t/2))",
        ),
        Mistake(
            _angle_always_ry,
            "you used R_Y whatever rotation was asked: R_X(t)|0> has the amplitude -i sin(t/2) on |1>, and "
            "R_Z after a Hadamard changes only the relative phase",
        ),
        Mistake(
            _angle_no_hadamard,
            "for rotation 'Z' the Hadamard is missing: R_Z on |0> only multiplies it by a phase, so every "
            "feature vector gave the same state |0...0>",
        ),
    ],
    alternatives=[_angle_by_matrices, _angle_global_phase],
    hints=[
        "Angle encoding makes a product state: each wire is prepared on its own, and the wires are "
        "combined with the tensor (Kronecker) product, wire 0 leftmost.",
        "One wire: apply the 2 x 2 rotation matrix R_P(t) = cos(t/2) I - i sin(t/2) P to |0> = [1, 0] "
        "(to H|0> = [1, 1]/sqrt(2) for Z). Then state = np.kron(state, qubit) wire by wire.",
        "RX(t)|0> = [cos(t/2), -1j sin(t/2)]; RY(t)|0> = [cos(t/2), sin(t/2)]; "
        "RZ(t) H|0> = [exp(-1j t/2), exp(1j t/2)] / sqrt(2).",
    ],
    seed=102,
)


# --------------------------------------------------------------------------- amplitude_encoding


def amplitude_encoding(x, pad_with: float = 0.0) -> np.ndarray:
    """Pad x to the next power of two (at least 2) with pad_with, then normalise; shape (2**n,)."""
    x = np.asarray(x, dtype=float)
    n = max(1, int(np.ceil(np.log2(len(x)))))
    v = np.full(2**n, float(pad_with))
    v[: len(x)] = x  # pad first, so the padding counts in the norm
    norm = np.linalg.norm(v)
    if norm == 0:
        raise ValueError("the padded vector is zero: it cannot be normalised into a state")
    return v / norm


def _amplitude_cases(rng: np.random.Generator) -> list:
    out = [
        case(np.array([3.0, 4.0]), label="2 features, no padding"),
        case(np.array([1.0, 2.0, 2.0]), label="3 features, pad_with=0"),
        case(np.array([1.0, -1.0, 1.0]), 1.0, label="3 features, pad_with=1"),
        case(np.array([2.0]), 0.5, label="1 feature, pad_with=0.5"),
    ]
    for d, pad in ((5, 0.3), (6, 0.0), (4, 0.0), (7, -0.2)):
        x = np.round(rng.normal(size=d), 4)
        out.append(case(x, pad, label=f"{d} features, pad_with={pad:g}"))
    return out


def _amp_no_padding(x, pad_with=0.0):
    x = np.asarray(x, dtype=float)
    return x / np.linalg.norm(x)


def _amp_ignores_pad_value(x, pad_with=0.0):
    return amplitude_encoding(x, 0.0)


def _amp_normalised_before_padding(x, pad_with=0.0):
    x = np.asarray(x, dtype=float)
    v = amplitude_encoding(x / np.linalg.norm(x), pad_with)  # pads the unit vector, then renormalises
    return v


def _amp_squared_norm(x, pad_with=0.0):
    x = np.asarray(x, dtype=float)
    n = max(1, int(np.ceil(np.log2(len(x)))))
    v = np.full(2**n, float(pad_with))
    v[: len(x)] = x
    return v / np.sum(v**2)


def _amp_with_np_pad(x, pad_with=0.0):
    x = np.asarray(x, dtype=float)
    size = 2
    while size < len(x):
        size *= 2
    v = np.pad(x, (0, size - len(x)), constant_values=pad_with)
    return v / np.sqrt(v @ v)


def _amp_negated(x, pad_with=0.0):
    return -amplitude_encoding(x, pad_with)  # a global phase -1: the same state


AMPLITUDE_ENCODING = Exercise(
    id="vqc.encoding/amplitude_encoding",
    title="Amplitude encoding: padding and normalisation",
    statement=(
        "Pad a feature vector to the next power of two (at least 2 entries) with pad_with, then divide by "
        "the norm of the padded vector; a vector that is zero after padding raises ValueError."
    ),
    template='''def amplitude_encoding(x, pad_with=0.0):
    """Return the amplitude vector that amplitude encoding prepares from the features x.

    x: real array of shape (d,), d >= 1.
    pad_with: the value of the padding entries.
    Returns: a real array of shape (2**n,) of norm 1, where 2**n is the smallest power of
       two with 2**n >= d and n >= 1: x followed by 2**n - d copies of pad_with, divided by
       the norm of that padded vector (as qml.AmplitudeEmbedding(x, pad_with=...,
       normalize=True) does). The check compares up to a global phase.
    Raises: ValueError if the padded vector is zero (it cannot be normalised). The check
       only uses non-zero vectors; section 3 shows the package raising.
    Example: amplitude_encoding(np.array([1.0, 2.0, 2.0])) -> array([1/3, 2/3, 2/3, 0])
    """
    raise NotImplementedError("pad x to a power of two, then normalise")
''',
    reference=amplitude_encoding,
    cases=_amplitude_cases,
    answer=compare.state(atol=1e-10),
    mistakes=[
        Mistake(
            _amp_no_padding,
            "you did not pad: n qubits hold exactly 2**n amplitudes, so d features are padded with pad_with up "
            "to the next power of two (3 features -> 4 amplitudes)",
        ),
        Mistake(
            _amp_ignores_pad_value,
            "you padded with zeros whatever pad_with was: the padding entries take the value pad_with",
        ),
        Mistake(
            _amp_normalised_before_padding,
            "you normalised x before padding: with a non-zero pad_with the padding entries are part of the "
            "vector, so pad first and divide the padded vector by its own norm (a different state otherwise)",
        ),
        Mistake(
            _amp_squared_norm,
            "you divided by the squared norm (the sum of squares): divide by the norm, its square root, so "
            "the squared amplitudes add up to 1",
        ),
    ],
    alternatives=[_amp_with_np_pad, _amp_negated],
    hints=[
        "Two steps, in this order: make the vector as long as the number of amplitudes of the qubits "
        "needed, then scale it to norm 1.",
        "n = max(1, ceil(log2 d)) qubits hold 2**n amplitudes; fill the missing 2**n - d entries with "
        "pad_with (np.pad or np.full), then divide by np.linalg.norm of the padded vector.",
        "v = np.full(2**n, pad_with); v[:len(x)] = x; return v / np.linalg.norm(v) "
        "(raise ValueError when that norm is 0).",
    ],
    seed=103,
)


# --------------------------------------------------------------------------- separating_encoding
#
# The data sets: two classes in a square [-R, R]^2 with a gap between them, labels 0 and 1.
# Kinds: "band" (class 1 where |x_k| < a), "threshold" (class 1 where x_k > t), "disc"
# (class 1 inside a circle). The label of each case names its data set and seed, so the
# comparison below can rebuild the data and measure how well a design separates it.

_KINDS = ("band", "threshold", "disc")
_TAG = re.compile(r"\[data (band|threshold|disc)-(\d)-(\d+)\]")
_MIN_MARGIN = 0.01


def make_separation_data(kind: str, feature: int, seed: int, n_per_class: int = 30) -> tuple[np.ndarray, np.ndarray]:
    """A two-class data set ``(X (2 n, 2), y (2 n,))`` of the design exercise, rebuilt from its seed.

    ``kind`` "band": class 1 where ``|x_f| < a``, class 0 where ``|x_f| > a + gap``;
    "threshold": class 1 where ``x_f > t + gap/2``, class 0 where ``x_f < t - gap/2``;
    "disc": class 1 inside radius ``r``, class 0 outside ``r + gap`` (``feature`` unused).
    Coordinates lie in ``[-R, R]`` with ``R`` between 4 and 6 (beyond pi on purpose).

    >>> X, y = make_separation_data("band", 0, 7)
    >>> X.shape, int(y.sum())
    ((60, 2), 30)
    """
    if kind not in _KINDS:
        raise ValueError(f"kind must be one of {_KINDS}; got {kind!r}")
    rng = np.random.default_rng(seed)
    R = float(rng.uniform(4.0, 6.0))
    if kind == "band":
        a = float(rng.uniform(0.25, 0.35)) * R
        gap = 0.15 * R
    elif kind == "threshold":
        t = float(rng.uniform(-0.3, 0.3)) * R
        gap = 0.15 * R
    else:
        r = float(rng.uniform(0.35, 0.45)) * R
        gap = 0.15 * R
    X0, X1 = [], []
    while len(X0) < n_per_class or len(X1) < n_per_class:
        p = rng.uniform(-R, R, size=2)
        if kind == "band":
            v = abs(p[feature])
            label = 1 if v < a else (0 if v > a + gap else None)
        elif kind == "threshold":
            v = p[feature]
            label = 1 if v > t + gap / 2 else (0 if v < t - gap / 2 else None)
        else:
            v = float(np.hypot(*p))
            label = 1 if v < r else (0 if r + gap < v < R else None)
        if label == 1 and len(X1) < n_per_class:
            X1.append(p)
        elif label == 0 and len(X0) < n_per_class:
            X0.append(p)
    X = np.round(np.array(X0 + X1), 4)
    y = np.array([0] * n_per_class + [1] * n_per_class)
    order = rng.permutation(len(y))
    return X[order], y[order]


def readouts(design, X) -> np.ndarray:
    """``<Z_0>, <Z_1>`` of ``RY(s_0 x_0 + b_0)|0> (x) RY(s_1 x_1 + b_1)|0>`` for each row: ``(N, 2)``.

    ``design`` is ``[[s_0, b_0], [s_1, b_1]]``; ``<Z>`` of ``RY(t)|0>`` is ``cos t``.

    >>> readouts([[1.0, 0.0], [0.0, np.pi]], np.array([[0.0, 5.0]]))
    array([[ 1., -1.]])
    """
    d = np.asarray(design, dtype=float).reshape(2, 2)
    X = np.asarray(X, dtype=float)
    return np.cos(X * d[:, 0] + d[:, 1])


def linear_margin(Z, y) -> float:
    """How well a straight line separates the points ``Z (N, 2)`` of class 1 from class 0.

    Solves the linear programme: maximise ``t`` subject to ``s_i (w . z_i + c) >= t`` with
    ``s_i = +-1`` the class sign and ``|w_k| <= 1``, and returns ``t / |w|``: the Euclidean
    distance from that line to the nearest point (positive exactly when the classes are
    linearly separable; at most the largest possible margin, since the programme bounds
    each ``|w_k|`` rather than ``|w|``). Returns ``t <= 0`` when no line separates them.

    >>> linear_margin(np.array([[0.0, 0.0], [1.0, 0.0]]), np.array([0, 1]))  # best: 0.5
    0.353553391
    >>> linear_margin(np.array([[0.0, 0.0], [1.0, 0.0], [2.0, 0.0]]), np.array([0, 1, 0])) <= 0
    True
    """
    from scipy.optimize import linprog

    Z = np.asarray(Z, dtype=float)
    s = np.where(np.asarray(y) == 1, 1.0, -1.0)
    # variables (w0, w1, c, t); minimise -t; -s_i (w . z_i + c) + t <= 0
    A = np.column_stack([-s[:, None] * Z, -s, np.ones(len(s))])
    res = linprog(
        c=[0.0, 0.0, 0.0, -1.0], A_ub=A, b_ub=np.zeros(len(s)),
        bounds=[(-1, 1), (-1, 1), (-10, 10), (None, 10)], method="highs",
    )
    if not res.success:  # pragma: no cover - the programme is always feasible (w = 0, t = 0)
        return 0.0
    w, t = res.x[:2], res.x[3]
    norm = float(np.linalg.norm(w))
    return float(round(t / norm, 9)) if norm > 1e-12 and t > 0 else float(min(t, 0.0))


def separating_encoding(X, y) -> np.ndarray:
    """A scale and an offset per feature, ``[[s_0, b_0], [s_1, b_1]]``, that make the classes
    of ``(X, y)`` linearly separable in the readouts ``cos(s_k x_k + b_k)``."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    design = np.zeros((2, 2))
    for k in range(2):
        m = np.max(np.abs(X[:, k]))
        a, b = X[y == 0, k], X[y == 1, k]
        if a.max() < b.min() or b.max() < a.min():
            # a threshold on x_k: a monotone readout. Angles s x - pi/2 in [-pi, 0], where cos rises.
            design[k] = [np.pi / (2 * m), -np.pi / 2]
        else:
            # otherwise the class depends on |x_k| (a band or a disc): cos is even and falls on
            # [0, pi], so angles s x in [-pi, pi] order the points by |x_k|.
            design[k] = [np.pi / m, 0.0]
    return design


def _design_cases(rng: np.random.Generator) -> list:
    out = []
    for kind, feature in (("band", 0), ("threshold", 1), ("disc", 0), ("threshold", 0), ("band", 1)):
        seed = int(rng.integers(0, 10**6))
        X, y = make_separation_data(kind, feature, seed)
        what = {"band": f"class 1 in a band around x{feature} = 0",
                "threshold": f"class 1 above a threshold in x{feature}",
                "disc": "class 1 inside a disc"}[kind]
        out.append(case(X, y, label=f"{what} [data {kind}-{feature}-{seed}]"))
    return out


@dataclass(frozen=True)
class _SeparationAnswer(Answer):
    """Judge a design by the margin its readouts reach on the case's data set (rebuilt from the
    case label); without a label (comparing two answers) designs are compared entrywise."""

    def judge(self, value: Any, expected: Any, label: str = "", *, validity: bool = True) -> Failure | None:
        tag = _TAG.search(label or "")
        if tag is None or not validity:
            return super().judge(value, expected, label, validity=validity)
        if value is None:
            return Failure("type", "returned None: did you forget the `return` statement?")
        try:
            d = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            return Failure("type", f"returned {type(value).__name__}, expected an array [[s0, b0], [s1, b1]] "
                                   "of numbers")
        if d.shape != (2, 2):
            return Failure("shape", f"returned shape {d.shape}, expected (2, 2): one row (scale, offset) per feature")
        if not np.all(np.isfinite(d)):
            return Failure("finite", "returned a design with NaN or infinite entries")
        kind, feature, seed = tag.group(1), int(tag.group(2)), int(tag.group(3))
        X, y = make_separation_data(kind, feature, seed)
        margin = linear_margin(readouts(d, X), y)
        if margin >= _MIN_MARGIN:
            return None
        where = label.split(" [data")[0]
        if margin > 0:
            return Failure("value", f"on the data set with {where}, the readouts are separable only by a hair "
                                    f"(margin {margin:.4f} < {_MIN_MARGIN} in <Z> units): too small a scale squeezes "
                                    "all readouts together")
        return Failure("value", f"on the data set with {where}, no straight line separates the two classes in "
                                "the readouts (<Z0>, <Z1>): some points of different classes get readouts on the "
                                "wrong side of every line")


def _design_raw(X, y):
    return np.array([[1.0, 0.0], [1.0, 0.0]])


def _design_no_offset(X, y):
    m = np.max(np.abs(np.asarray(X, dtype=float)), axis=0)
    return np.column_stack([np.pi / m, np.zeros(2)])


def _design_sine_everywhere(X, y):
    m = np.max(np.abs(np.asarray(X, dtype=float)), axis=0)
    return np.column_stack([np.pi / (2 * m), np.full(2, -np.pi / 2)])


def _design_overscaled(X, y):
    m = np.max(np.abs(np.asarray(X, dtype=float)), axis=0)
    return np.column_stack([2 * np.pi / m, np.zeros(2)])


def _design_other_constants(X, y):
    """Another working design: readout -sin for a threshold, -cos (offset pi) otherwise."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    out = np.zeros((2, 2))
    for k in range(2):
        m = np.max(np.abs(X[:, k]))
        a, b = X[y == 0, k], X[y == 1, k]
        threshold = a.max() < b.min() or b.max() < a.min()
        out[k] = [0.9 * np.pi / (2 * m), np.pi / 2] if threshold else [0.8 * np.pi / m, np.pi]
    return out


SEPARATING_ENCODING = Exercise(
    id="vqc.encoding/separating_encoding",
    title="Design an angle encoding that separates two classes",
    statement=(
        "Choose a scale and an offset per feature for an RY angle encoding so that the readouts <Z_0>, <Z_1> "
        "of the two classes can be separated by a straight line; graded by the margin that line reaches."
    ),
    template='''def separating_encoding(X, y):
    """Design an angle encoding whose single-qubit readouts separate the two classes.

    X: real array of shape (N, 2), the data (features of size up to about 6, beyond pi).
    y: integer array of shape (N,), the classes 0 and 1.
    Your design is an array d = [[s0, b0], [s1, b1]]: feature k is encoded as the angle
    s_k * x_k + b_k of an RY rotation on wire k, and each point is then described by the
    two numbers <Z_0>, <Z_1> of its state (the readouts of a linear model).
    Returns: the design, a float array of shape (2, 2), such that a straight line in the
       plane of the readouts separates class 0 from class 1 with a margin of at least
       0.01. qmlcourse.exercises.vqc_encoding.readouts(d, X) and .linear_margin(Z, y)
       compute both for you. Any design that separates passes.
    Example: for classes split by x0 > 1.0, a design whose <Z_0> grows steadily with x0
       over the whole data range works.
    """
    raise NotImplementedError("choose a scale and an offset for each feature")
''',
    reference=separating_encoding,
    cases=_design_cases,
    answer=_SeparationAnswer("array", atol=1e-9, rtol=0.0, real=True, what="design"),
    mistakes=[
        Mistake(
            _design_raw,
            "you used the raw features as angles (scale 1, offset 0): the features reach beyond pi, and "
            "<Z> = cos(angle) is periodic, so points far apart get the same readout; and cos is even, so x "
            "and -x always look alike",
        ),
        Mistake(
            _design_no_offset,
            "with offset 0 every readout cos(s x) is an even function of its feature: x and -x give the same "
            "<Z>, so a class boundary at a threshold x_k > t cannot be drawn; shift the angle of that "
            "feature (offset -pi/2 turns cos into sin, which rises steadily on [-pi/2, pi/2])",
        ),
        Mistake(
            _design_sine_everywhere,
            "you shifted every angle by -pi/2, so each readout is sin(s x), which rises steadily: that works "
            "for a threshold, but a class in a band |x_k| < a (or a disc) then sits in the middle of the "
            "readout range with the other class on both sides; there use offset 0 (cos is even and peaks "
            "at x = 0)",
        ),
        Mistake(
            _design_overscaled,
            "your angles s x cover [-2 pi, 2 pi]: cos(angle) falls and then rises again over that range, so "
            "far-out points come back to the readouts of the centre; keep the angles within [-pi, pi] "
            "(scale at most pi / max|x_k|)",
        ),
    ],
    alternatives=[_design_other_constants],
    hints=[
        "Plot the data first: does the class depend on the sign of a feature (a threshold), on its size "
        "|x_k| (a band), or on the distance from the origin (a disc)? <Z> of RY(angle)|0> is cos(angle).",
        "cos is even, peaks at 0 and falls steadily on [0, pi]: with angles s x in [-pi, pi] the readout "
        "orders points by |x|. For a threshold you need a readout that rises with x itself: an offset of "
        "-pi/2 makes it sin(s x), steady for s x in [-pi/2, pi/2].",
        "With m = max |X[:, k]|: a threshold feature gets [pi / (2 m), -pi / 2]; a band or disc feature "
        "gets [pi / m, 0]. Tell a threshold apart: the classes' ranges of x_k do not overlap.",
    ],
    seed=104,
)


# --------------------------------------------------------------------------- concept checks

AMPLITUDE_NORM = Concept(
    id="vqc.encoding/amplitude_forgets_norm",
    question=(
        "Amplitude encoding (pad_with=0, normalize=True) encodes x = (1, 2) and x' = (3, 6). "
        "How do the two states compare?"
    ),
    options=[
        Option("They are different: x' is three times longer.", why=(
            "Normalisation divides each vector by its norm, so both become (1, 2)/sqrt(5): the length is "
            "thrown away, section 3 computes it.")),
        Option("They are the same state: a model can never tell x from x'.", correct=True, why=(
            "x' = 3x, and after normalisation both are (1, 2)/sqrt(5). Every quantity measured on the state "
            "is the same for both; if the norm matters, feed it in separately (as an extra feature, or with "
            "a non-zero pad_with).")),
        Option("They are orthogonal.", why=(
            "Their overlap is |<x|x'>| = 1, the opposite of orthogonal: they are the same unit vector.")),
    ],
)

ANGLE_PRODUCT = Concept(
    id="vqc.encoding/angle_encoding_entanglement",
    question=(
        "Angle encoding puts one rotation R_Y(x_k) on each wire, and no other gate. For which feature "
        "vectors x is the resulting state entangled?"
    ),
    options=[
        Option("For none: it is always a product state.", correct=True, why=(
            "Each gate acts on one wire only, so the state is the product of one qubit state per wire, for "
            "every x: the entanglement entropy is 0 and each reduced Bloch vector has length 1 (section 5).")),
        Option("When some x_k = pi/2, an equal superposition.", why=(
            "RY(pi/2)|0> = |+> is a superposition of one qubit, not entanglement between qubits: the state "
            "is still |+> (x) ... a product.")),
        Option("It depends on how large the features are.", why=(
            "No angle can create entanglement with single-qubit gates alone; an entangling gate (CNOT, the "
            "ZZ terms of the IQP or ZZ feature map) is needed for that.")),
    ],
)
