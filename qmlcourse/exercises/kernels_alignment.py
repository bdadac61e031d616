"""Exercises and concept checks of lesson ``kernels.alignment`` (notebooks/16_kernel_alignment_and_limits.ipynb).

Three exercises:

* ``kernel_target_alignment``: the plain kernel-target alignment of Cristianini et al. 2002
  from a kernel matrix and two-class labels (given as -1/+1 or as 0/1);
* ``centered_alignment``: the centred alignment of Cortes, Mohri and Rostamizadeh 2012
  (both matrices centred by ``H = I - 11^T / N``, then the cosine);
* ``concentration_free_bandwidth`` (a design): choose the bandwidth of the IQP fidelity
  kernel as a function of the number of qubits so that its off-diagonal entries keep a
  variance of at least ``VARIANCE_THRESHOLD`` on random data for 2 to 10 qubits; graded by
  computing that variance with the learner's bandwidth, so every bandwidth rule that works
  passes.

Two concept checks: what a plain alignment rewards, and what a scaled bandwidth does and
does not buy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from qmlcourse.exercises import Concept, Exercise, Mistake, Option, case, compare
from qmlcourse.grading.compare import Answer, Failure

# --------------------------------------------------------------------------- shared cases


def _random_kernel(rng: np.random.Generator, n: int, d: int = 3, shift: float = 0.0) -> np.ndarray:
    """A Gaussian kernel matrix of ``n`` random points in ``d`` dimensions (+ a constant ``shift``)."""
    X = rng.normal(size=(n, d))
    d2 = ((X[:, None, :] - X[None, :, :]) ** 2).sum(-1)
    return np.exp(-0.5 * d2) + shift


def _labels(rng: np.random.Generator, n: int, n_pos: int, values=(0, 1)) -> np.ndarray:
    y = np.full(n, values[0])
    y[rng.choice(n, n_pos, replace=False)] = values[1]
    return y


def _alignment_cases(rng: np.random.Generator) -> list:
    return [
        case(_random_kernel(rng, 6), _labels(rng, 6, 2), label="6 points, labels 0/1 (2 of class 1)"),
        case(_random_kernel(rng, 8), _labels(rng, 8, 3, (-1, 1)), label="8 points, labels -1/+1"),
        case(_random_kernel(rng, 10, shift=0.5), _labels(rng, 10, 7), label="10 points, labels 0/1, unbalanced"),
        case(_random_kernel(rng, 7, d=2), _labels(rng, 7, 4), label="7 points in 2-D, labels 0/1"),
        case(np.eye(5), _labels(rng, 5, 2, (-1, 1)), label="the identity kernel, 5 points"),
    ]


# --------------------------------------------------------------------------- kernel_target_alignment


def kernel_target_alignment(K, y):
    """<K, y y^T>_F / (||K||_F ||y y^T||_F) with the labels mapped to -1 and +1."""
    K = np.asarray(K, dtype=float)
    y = np.asarray(y)
    s = np.where(y == np.max(y), 1.0, -1.0)  # the two classes as -1 and +1 (works for 0/1 and -1/+1)
    T = np.outer(s, s)  # the ideal kernel y y^T: +1 within a class, -1 across
    return float(np.sum(K * T) / (np.linalg.norm(K) * np.linalg.norm(T)))


def _kta_unmapped(K, y):
    y = np.asarray(y, dtype=float)
    T = np.outer(y, y)
    return float(np.sum(K * T) / (np.linalg.norm(K) * np.linalg.norm(T)))


def _kta_unnormalised(K, y):
    s = np.where(np.asarray(y) == np.max(y), 1.0, -1.0)
    return float(np.sum(np.asarray(K) * np.outer(s, s)))


def _kta_inner(K, y):
    s = np.where(np.asarray(y) == np.max(y), 1.0, -1.0)
    t = s @ s  # y^T y, the number N, in place of the matrix y y^T
    return float(np.sum(np.asarray(K) * t) / (np.linalg.norm(K) * np.linalg.norm(t)))


def _kta_mean(K, y):
    s = np.where(np.asarray(y) == np.max(y), 1.0, -1.0)
    return float(np.sum(np.asarray(K) * np.outer(s, s)) / len(s) ** 2)


def _kta_flipped(K, y):
    s = np.where(np.asarray(y) == np.min(y), 1.0, -1.0)  # the other class as +1: y y^T does not change
    return float(s @ np.asarray(K) @ s / (np.linalg.norm(K) * len(s)))


def _kta_vectorised(K, y):
    classes = np.unique(y)
    s = 2.0 * (np.asarray(y) == classes[1]) - 1.0
    k = np.asarray(K).ravel()
    t = np.outer(s, s).ravel()
    return float(k @ t / np.sqrt((k @ k) * (t @ t)))


KERNEL_TARGET_ALIGNMENT = Exercise(
    id="kernels.alignment/kernel_target_alignment",
    title="Kernel-target alignment",
    statement=(
        "Compute the (plain) kernel-target alignment of a kernel matrix K with two-class labels y, "
        "given as -1/+1 or as 0/1."
    ),
    template='''def kernel_target_alignment(K, y):
    """Return the kernel-target alignment of a kernel matrix with two-class labels (a float).

    K: real symmetric array of shape (N, N), a kernel (Gram) matrix.
    y: array of shape (N,) with exactly two label values, either -1 and +1 or 0 and 1.
    Returns: the cosine of the angle between K and the ideal kernel of the labels, a number
             from -1 to 1 (1 when K is a positive multiple of that ideal kernel).
    Example: kernel_target_alignment(np.eye(4), np.array([0, 0, 1, 1])) -> 0.5
    """
    raise NotImplementedError("compute the alignment")
''',
    reference=kernel_target_alignment,
    cases=_alignment_cases,
    answer=compare.scalar(atol=1e-10, rtol=1e-8, real=True, what="alignment"),
    mistakes=[
        Mistake(
            _kta_unmapped,
            "the labels were used as given: with labels 0 and 1, y y^T is 1 for pairs of class 1 and 0 for every "
            "other pair, so similarity within class 0 and across the classes counts for nothing. Map the classes to "
            "-1 and +1 first; then y y^T is +1 within a class and -1 across",
        ),
        Mistake(
            _kta_unnormalised,
            "you returned the inner product <K, y y^T>_F without dividing by the Frobenius norms ||K||_F and "
            "||y y^T||_F: it grows with N and with the scale of K; the alignment is a cosine, between -1 and 1",
        ),
        Mistake(
            _kta_inner,
            "you used y^T y (a number, N) in place of the outer product y y^T (an N x N matrix): that gives "
            "sum(K) / ||K||_F, which ignores the labels altogether",
        ),
        Mistake(
            _kta_mean,
            "you divided <K, y y^T>_F by N^2: that is ||y y^T||_F^2, not ||K||_F ||y y^T||_F = N ||K||_F. The "
            "result changes when K is scaled, and the alignment must not",
        ),
    ],
    alternatives=[_kta_flipped, _kta_vectorised],
    hints=[
        "The alignment is the cosine between two matrices seen as vectors of N^2 numbers: K, and the 'ideal' "
        "kernel of the labels, +1 for two points of the same class and -1 for two of different classes.",
        "Map the labels to s in {-1, +1}; the ideal kernel is the outer product s s^T. The inner product of two "
        "matrices is the sum of their entrywise products; the norm is np.linalg.norm (Frobenius).",
        "s = np.where(y == y.max(), 1.0, -1.0); T = np.outer(s, s); return np.sum(K * T) / "
        "(np.linalg.norm(K) * np.linalg.norm(T)).",
    ],
    seed=161,
)


# --------------------------------------------------------------------------- centered_alignment


def centered_alignment(K, y):
    """The centred alignment: H K H and H y y^T H (H = I - 11^T / N) compared by their cosine."""
    K = np.asarray(K, dtype=float)
    y = np.asarray(y)
    s = np.where(y == np.max(y), 1.0, -1.0)
    T = np.outer(s, s)

    def center(M):  # H M H: remove the row means, the column means, add back the overall mean
        return M - M.mean(axis=0, keepdims=True) - M.mean(axis=1, keepdims=True) + M.mean()

    Kc, Tc = center(K), center(T)
    return float(np.sum(Kc * Tc) / (np.linalg.norm(Kc) * np.linalg.norm(Tc)))


def _signs(y):
    return np.where(np.asarray(y) == np.max(y), 1.0, -1.0)


def _h(n):
    return np.eye(n) - np.ones((n, n)) / n


def _ca_only_k(K, y):
    s = _signs(y)
    H = _h(len(s))
    Kc, T = H @ np.asarray(K) @ H, np.outer(s, s)
    return float(np.sum(Kc * T) / (np.linalg.norm(Kc) * np.linalg.norm(T)))


def _ca_wrong_h(K, y):
    s = _signs(y)
    H = np.eye(len(s)) - np.ones((len(s), len(s)))  # 11^T not divided by N
    Kc, Tc = H @ np.asarray(K) @ H, H @ np.outer(s, s) @ H
    return float(np.sum(Kc * Tc) / (np.linalg.norm(Kc) * np.linalg.norm(Tc)))


def _ca_one_side(K, y):
    s = _signs(y)
    H = _h(len(s))
    Kc, Tc = np.asarray(K) @ H, np.outer(s, s) @ H  # only the column means removed
    return float(np.sum(Kc * Tc) / (np.linalg.norm(Kc) * np.linalg.norm(Tc)))


def _ca_divide_n2(K, y):
    s = _signs(y)
    H = _h(len(s))
    Kc, Tc = H @ np.asarray(K) @ H, H @ np.outer(s, s) @ H
    return float(np.sum(Kc * Tc) / len(s) ** 2)


def _ca_matrix(K, y):
    s = _signs(y)
    H = _h(len(s))
    Kc, Tc = H @ np.asarray(K) @ H, H @ np.outer(s, s) @ H
    return float(np.trace(Kc @ Tc) / np.sqrt(np.trace(Kc @ Kc) * np.trace(Tc @ Tc)))


def _ca_centred_vector(K, y):
    s = _signs(y)
    H = _h(len(s))
    Kc = H @ np.asarray(K) @ H
    sc = s - s.mean()  # H s s^T H = (H s)(H s)^T, with H s = s - mean(s)
    return float(sc @ Kc @ sc / (np.linalg.norm(Kc) * (sc @ sc)))


def _centred_cases(rng: np.random.Generator) -> list:
    return [
        case(_random_kernel(rng, 6), _labels(rng, 6, 2), label="6 points, labels 0/1 (2 of class 1)"),
        case(_random_kernel(rng, 9, shift=1.0), _labels(rng, 9, 6, (-1, 1)),
             label="9 points, labels -1/+1, K with a constant part"),
        case(_random_kernel(rng, 10), _labels(rng, 10, 3), label="10 points, labels 0/1, unbalanced"),
        case(_random_kernel(rng, 8, d=2), _labels(rng, 8, 4), label="8 points, balanced labels 0/1"),
        case(_random_kernel(rng, 7, shift=0.3), _labels(rng, 7, 5, (-1, 1)), label="7 points, labels -1/+1"),
    ]


CENTERED_ALIGNMENT = Exercise(
    id="kernels.alignment/centered_alignment",
    title="Centred kernel-target alignment",
    statement=(
        "Compute the centred kernel-target alignment of a kernel matrix K with two-class labels y "
        "(-1/+1 or 0/1): both K and the ideal kernel are centred before their cosine is taken."
    ),
    template='''def centered_alignment(K, y):
    """Return the centred kernel-target alignment of a kernel matrix with two-class labels.

    K: real symmetric array of shape (N, N).
    y: array of shape (N,) with exactly two label values, -1 and +1 or 0 and 1.
    Returns: a float from -1 to 1: the alignment of section 1 computed after centring both
             matrices, so that adding a constant to every entry of K does not change it.
    Example: centered_alignment(np.eye(4), np.array([0, 0, 1, 1])) -> 0.5773502691896258 (1/sqrt(3))
    """
    raise NotImplementedError("centre, then compute the alignment")
''',
    reference=centered_alignment,
    cases=_centred_cases,
    answer=compare.scalar(atol=1e-10, rtol=1e-8, real=True, what="centred alignment"),
    mistakes=[
        Mistake(
            _ca_only_k,
            "you centred K but not the target y y^T (or, the same number, divided by N, the norm of the uncentred "
            "target): both matrices are centred, H K H and H y y^T H. The inner product does not change "
            "(<H K H, y y^T> = <H K H, H y y^T H>), but the centred target has the norm N (1 - mean(s)^2), "
            "smaller than N when the classes are unbalanced",
        ),
        Mistake(
            _ca_wrong_h,
            "your centring matrix is I - 1 1^T: the all-ones matrix must be divided by N, H = I - 1 1^T / N, "
            "so that H removes the mean (H 1 = 0)",
        ),
        Mistake(
            _ca_one_side,
            "you centred on one side only (M H): centring is H M H, which removes both the row and the column "
            "means (and keeps the matrix symmetric)",
        ),
        Mistake(
            _ca_divide_n2,
            "you divided <H K H, H y y^T H>_F by N^2 instead of by the product of the Frobenius norms of the two "
            "centred matrices: the result then depends on the scale of K and is not a cosine",
        ),
    ],
    alternatives=[_ca_matrix, _ca_centred_vector],
    hints=[
        "Centring a kernel matrix subtracts the mean of the feature vectors in feature space; for the matrix "
        "this is H M H with H = I - 1 1^T / N. Centre both K and the ideal kernel y y^T (labels as -1/+1), "
        "then take the same cosine as for the plain alignment.",
        "H M H equals M minus its row means, minus its column means, plus its overall mean. The cosine is "
        "<A, B>_F / (||A||_F ||B||_F) with the CENTRED matrices in both the numerator and the norms.",
        "s = np.where(y == y.max(), 1.0, -1.0); H = np.eye(N) - np.ones((N, N)) / N; Kc = H @ K @ H; "
        "Tc = H @ np.outer(s, s) @ H; return np.sum(Kc * Tc) / (np.linalg.norm(Kc) * np.linalg.norm(Tc)).",
    ],
    seed=162,
)


# --------------------------------------------------------------------------- concentration_free_bandwidth

#: The variance of the off-diagonal kernel entries the design task asks for, at every n from 2 to 10.
VARIANCE_THRESHOLD = 2e-3
#: Points per qubit count on which the check computes the variance.
N_POINTS = 30


def grading_data(n_qubits: int) -> np.ndarray:
    """The random data of the check on ``n_qubits`` qubits: ``N_POINTS`` points uniform in ``[0, 2 pi)^n``."""
    return np.random.default_rng(1600 + int(n_qubits)).uniform(0, 2 * np.pi, (N_POINTS, int(n_qubits)))


def off_diagonal_variance(bandwidth: float, n_qubits: int) -> tuple[float, float]:
    """(variance, mean) of the off-diagonal entries of the IQP fidelity kernel (reps 2) with this
    bandwidth on ``grading_data(n_qubits)``."""
    from qmlcourse.kernels import FidelityKernel

    K = FidelityKernel(feature_map="iqp", reps=2, bandwidth=float(bandwidth))(grading_data(n_qubits))
    off = K[np.triu_indices(len(K), 1)]
    return float(off.var()), float(off.mean())


@dataclass(frozen=True)
class VarianceAnswer(Answer):
    """Judge a bandwidth by the off-diagonal variance it gives (a labelled case "n = 7 qubits"),
    or compare two bandwidths as numbers (no label: the checker comparing with a mistake's)."""

    kind: str = "scalar"
    atol: float = 1e-12
    rtol: float = 1e-9
    real: bool = True
    diagnoses: tuple = ()
    what: str = "bandwidth"

    def aligned(self, value: Any, expected: Any) -> tuple[Any, Any]:
        """Show the learner's bandwidth, never the reference's (many bandwidths are right)."""
        return value, f"any bandwidth whose off-diagonal variance is at least {VARIANCE_THRESHOLD:g}"

    def judge(self, value: Any, expected: Any, label: str = "", *, validity: bool = True) -> Failure | None:
        if value is None:
            return Failure("type", "returned None: did you forget the `return` statement?")
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
            if isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in "if":
                value = float(value.ravel()[0])
            else:
                return Failure("type", f"returned {type(value).__name__}: expected one number, the bandwidth")
        b = float(value)
        if not np.isfinite(b) or b <= 0:
            return Failure("validity", f"returned {b!r}: a bandwidth is a positive finite number")
        match = re.search(r"n = (\d+)", label)
        if match is None:  # two bandwidths compared as values
            return super().judge(b, expected, label, validity=validity)
        n = int(match.group(1))
        var, mean = off_diagonal_variance(b, n)
        if var >= VARIANCE_THRESHOLD:
            return None
        msg = (f"with bandwidth {b:.4g} on {n} qubits the off-diagonal entries have variance {var:.2e}, below "
               f"{VARIANCE_THRESHOLD:g} (their mean is {mean:.3f})")
        if mean > 0.5:
            why = ("the entries are bunched near 1: the bandwidth is so small that all points map to nearly the "
                   "same state; take a larger one")
        else:
            why = (f"the entries are bunched near 0 (random {n}-qubit states would average 1/2^{n} = {2.0**-n:.4f}): "
                   "the kernel is concentrating; shrink the bandwidth faster as n grows")
        return Failure("value", f"{msg}: {why}")


def concentration_free_bandwidth(n_qubits):
    """A bandwidth for the IQP kernel on n qubits that keeps its entries spread out: 1 / n."""
    return 1.0 / n_qubits  # the phases x_i x_j of the IQP map then stay of order 1 / n^2 * (2 pi)^2


def _cfb_cases(rng: np.random.Generator) -> list:
    return [case(n, label=f"n = {n} qubits") for n in range(2, 11)]


CONCENTRATION_FREE_BANDWIDTH = Exercise(
    id="kernels.alignment/concentration_free_bandwidth",
    title="A bandwidth that stops concentration",
    statement=(
        "Choose the bandwidth of the IQP fidelity kernel as a function of the number of qubits so that the "
        f"variance of its off-diagonal entries on random data stays at least {VARIANCE_THRESHOLD:g} for every n "
        "from 2 to 10. Graded by computing that variance with your bandwidth."
    ),
    template=f'''def concentration_free_bandwidth(n_qubits):
    """Return a bandwidth (a positive float) for the IQP kernel on n_qubits qubits.

    n_qubits: an integer from 2 to 10.
    The check draws {N_POINTS} points uniformly in [0, 2 pi)^n, computes
    FidelityKernel(feature_map="iqp", reps=2, bandwidth=your_value)(X) and requires the
    variance of its off-diagonal entries to be at least {VARIANCE_THRESHOLD:g}, for every n from 2 to 10.
    (With bandwidth 1 it falls below that from about 5 qubits on: section 4.)
    Example: concentration_free_bandwidth(4) -> 0.7 is a valid return value (whether it
             passes is for you to find out).
    """
    raise NotImplementedError("choose the bandwidth as a function of n_qubits")
''',
    reference=concentration_free_bandwidth,
    cases=_cfb_cases,
    fresh_cases=False,
    answer=VarianceAnswer(),
    mistakes=[
        Mistake(
            lambda n_qubits: 1.0,
            "a fixed bandwidth of 1 does not stop concentration: on this data the variance falls by a factor of "
            "about 3 to 4 per added qubit and is below the threshold from 5 qubits on (about 1.5e-6 at 10 qubits)",
        ),
        Mistake(
            lambda n_qubits: 1.0 / np.sqrt(n_qubits),
            "bandwidth 1/sqrt(n) is not enough for the IQP map: its phases are products x_i x_j, summed over "
            "n (n - 1) / 2 pairs, so after scaling by b their total still grows like b^2 n^2 = n; the variance "
            "falls below the threshold from 6 qubits on (about 1e-4 at 10 qubits)",
        ),
        Mistake(
            lambda n_qubits: 0.01,
            "bandwidth 0.01 is too small: every point maps to nearly the same state, the kernel entries all sit "
            "close to 1 and their variance is far below the threshold (the kernel is nearly constant, as useless "
            "as the identity)",
        ),
    ],
    # c / n with c near 1, and a constant: 0.15 keeps the variance above the threshold up to 10 qubits
    # (minimum 5.5e-3), though not for many more, as c / n does
    alternatives=[lambda n_qubits: 1.3 / n_qubits, lambda n_qubits: 0.9 / n_qubits, lambda n_qubits: 0.15],
    hints=[
        "Too large a bandwidth makes the kernel concentrate near 0 (random-looking states); too small a one "
        "makes every entry close to 1. The variance of the entries is largest in between, and the best "
        "bandwidth shrinks as n grows.",
        "The IQP map's phases are x_i (one per qubit) and products x_i x_j (one per pair, about n^2 / 2 of "
        "them). Scaling x by b scales the products by b^2: to keep their total of order one, b must shrink "
        "like 1/n, not 1/sqrt(n). Try b = c / n for a few constants c and check the variance with "
        "qmlcourse.exercises.kernels_alignment.off_diagonal_variance(b, n).",
        "return 1.0 / n_qubits passes; so do constants c / n with c near 1.",
    ],
    preamble="import numpy as np\n",
    time_limit=20.0,
    seed=163,
)


# --------------------------------------------------------------------------- concept checks

CONSTANT_PART = Concept(
    id="kernels.alignment/constant_part",
    question=(
        "A data set has 80 points of class +1 and 20 of class -1. The kernel K = 1 1^T (every entry 1) "
        "does not distinguish any two points. What are its plain and its centred alignment?"
    ),
    options=[
        Option("Both 0: a kernel that sees no difference between points cannot be aligned with the labels.", why=(
            "The plain alignment is (sum_i y_i)^2 / N^2 = (60 / 100)^2 = 0.36 for this K: it rewards the constant "
            "part whenever the classes are unbalanced. Only the centred one removes it.")),
        Option("Plain 0.36; the centred alignment is undefined (0/0), since centring turns 1 1^T into zero.",
               correct=True, why=(
                   "<1 1^T, y y^T> = (sum y)^2 = 60^2 and both norms are N = 100, so A = 0.36. H 1 = 0, so "
                   "H 1 1^T H = 0: nothing is left to align, which is the point of centring.")),
        Option("Plain 1: every entry of K equals the corresponding entry of y y^T in sign for most pairs.", why=(
            "For pairs of different classes y_i y_j = -1 while K_ij = 1; 2 * 80 * 20 = 3200 of the 10 000 entries "
            "disagree in sign, and the cosine is 0.36, not 1.")),
    ],
)

SCALED_BANDWIDTH = Concept(
    id="kernels.alignment/scaled_bandwidth",
    question=(
        "With bandwidth 1/n the IQP kernel on 12 qubits no longer concentrates: its off-diagonal entries stay "
        "spread out. What does that show?"
    ),
    options=[
        Option("That the kernel is now a useful quantum kernel that classical kernels cannot match.", why=(
            "Not shown: a small bandwidth keeps every phase small, so the states stay in a small region of "
            "state space and the kernel is close to a smooth function of x - y of low order. Whether a classical "
            "kernel matches it is a separate question, measured (for example) by the geometric difference.")),
        Option("That the kernel can be estimated with a number of shots that does not grow exponentially with n, "
               "and nothing yet about its advantage.", correct=True, why=(
                   "Spread-out entries of size far above 2^-n can be resolved with a modest number of shots. "
                   "Trainability is a necessary condition; an advantage needs more (a large geometric difference "
                   "and a task that uses it).")),
        Option("That exponential concentration was a simulation artefact.", why=(
            "The concentration at bandwidth 1 is a property of the states (their overlaps are close to those of "
            "random states); the simulator computes them exactly. Shrinking the bandwidth changes the kernel.")),
    ],
)
