"""Exercises and concept checks of lesson ``qnn.barren_plateaus`` (notebooks/19_qnn_barren_plateaus.ipynb).

Four exercises:

* ``gradient_variance``: the sample variance of every component of the gradient over a batch
  of random initialisations, for a cost given only as a batched callable (the learner picks
  an exact derivative rule and vectorises it);
* ``fit_decay_rate``: the rate ``r`` of ``Var ~ A exp(-r n)`` from measured variances, by a
  least-squares fit on a log scale;
* ``trainable_cost`` (a design): a cost observable, diagonal in the computational basis, that
  is minimised exactly by ``|0...0>`` and keeps its gradients alive on shallow circuits up to
  10 qubits; graded by simulating the gradient variance of the learner's cost, so every cost
  that works passes;
* ``plateau_free_init`` (a design): random starting angles for a deep circuit of mirrored
  blocks whose gradient stays large; graded by simulating the gradients at the learner's angles.

Two concept checks: what more shots buy on a plateau, and what a 2-design variance predicts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from qmlcourse.exercises import Concept, Exercise, Mistake, Option, case, compare
from qmlcourse.grading.compare import Answer, Failure
from qmlcourse.plateaus import (
    LayeredCircuit,
    cost_values,
    first_gradients,
    identity_block_circuit,
    random_circuit,
)
from qmlcourse.plateaus import (
    gradient_variance as _simulated_variance,
)

# --------------------------------------------------------------------------- gradient_variance


class BatchedCost:
    """The cost of a layered circuit as a callable: rows ``(M, P)`` -> ``(M,)``, one row -> a float."""

    def __init__(self, circuit: LayeredCircuit, cost: str):
        self.circuit, self.cost = circuit, cost

    def __call__(self, w):
        w = np.asarray(w, dtype=float)
        values = cost_values(self.circuit, w, self.cost)
        return float(values[0]) if w.ndim == 1 else values

    def __repr__(self) -> str:
        c = self.circuit
        return f"<cost {self.cost!r} of a {c.n_qubits}-qubit circuit with {c.n_weights} weights>"


def gradient_variance(cost, weights):
    """Var (ddof=1) over the rows of ``weights`` of every component of the gradient, by the parameter shift."""
    w = np.asarray(weights, dtype=float)
    n_rows, n_weights = w.shape
    variances = np.empty(n_weights)
    for k in range(n_weights):
        shift = np.zeros(n_weights)
        shift[k] = np.pi / 2  # every weight is the angle of a rotation exp(-i w P / 2): exact shift rule
        grads = (cost(w + shift) - cost(w - shift)) / 2  # dC/dw_k for every row at once
        variances[k] = np.var(grads, ddof=1)
    return variances


def _shifted(cost, w, k, s):
    shift = np.zeros(w.shape[1])
    shift[k] = s
    return cost(w + shift), cost(w - shift)


def _grads(cost, weights, s=np.pi / 2, scale=None):
    w = np.asarray(weights, dtype=float)
    out = []
    for k in range(w.shape[1]):
        plus, minus = _shifted(cost, w, k, s)
        out.append((plus - minus) / (2 * np.sin(s) if scale is None else scale))
    return np.array(out).T  # (rows, weights)


def _gv_shift_pi(cost, weights):
    return np.var(_grads(cost, weights, s=np.pi, scale=2.0), axis=0, ddof=1)


def _gv_no_half(cost, weights):
    return np.var(_grads(cost, weights, scale=1.0), axis=0, ddof=1)


def _gv_ddof0(cost, weights):
    return np.var(_grads(cost, weights), axis=0)


def _gv_mean_square(cost, weights):
    return np.mean(_grads(cost, weights) ** 2, axis=0)


def _gv_std(cost, weights):
    return np.std(_grads(cost, weights), axis=0, ddof=1)


def _gv_coarse_difference(cost, weights):
    return np.var(_grads(cost, weights, s=0.1, scale=0.2), axis=0, ddof=1)


def _gv_general_shift(cost, weights):
    return np.var(_grads(cost, weights, s=np.pi / 4), axis=0, ddof=1)  # (C(w+s) - C(w-s)) / (2 sin s)


def _gv_fine_difference(cost, weights):
    return np.var(_grads(cost, weights, s=1e-5, scale=2e-5), axis=0, ddof=1)


def _gv_by_hand(cost, weights):
    w = np.asarray(weights, dtype=float)
    g = np.zeros_like(w)
    for i in range(w.shape[0]):
        for k in range(w.shape[1]):
            e = np.zeros(w.shape[1])
            e[k] = np.pi / 2
            g[i, k] = (cost(w[i] + e) - cost(w[i] - e)) / 2
    centred = g - g.mean(axis=0)
    return (centred**2).sum(axis=0) / (w.shape[0] - 1)


def _gv_cases(rng: np.random.Generator) -> list:
    out = []
    for n, depth, cost, rows in ((2, 2, "zz", 30), (3, 3, "local", 25), (4, 4, "global", 20), (3, 2, "zz", 40),
                                 (4, 2, "local", 12)):
        c = random_circuit(n, depth, seed=int(rng.integers(1000)))
        w = rng.uniform(0, 2 * np.pi, (rows, c.n_weights))
        label = f"{n} qubits, {depth} layers ({c.n_weights} weights), {cost} cost, {rows} initialisations"
        out.append(case(BatchedCost(c, cost), w, label=label))
    return out


GRADIENT_VARIANCE = Exercise(
    id="qnn.barren_plateaus/gradient_variance",
    title="The variance of every gradient component",
    statement=(
        "A cost is given only as a batched callable of the weights. Over the given random initialisations "
        "(one per row), return the sample variance of each partial derivative dC/dw_k, computed exactly."
    ),
    template='''def gradient_variance(cost, weights):
    """Return Var[dC/dw_k] for every k: an array of shape (P,).

    cost: callable. cost(W) with W of shape (M, P) returns the M costs, shape (M,), one per row;
        cost(w) with w of shape (P,) returns one float. Every weight is the angle of a rotation
        exp(-i w G / 2) with G a Pauli operator (RX, RY or RZ), as in the circuits of this lesson.
    weights: array of shape (N, P), N random initialisations (N >= 2), one per row.
    Returns: variances of shape (P,); entry k is the unbiased sample variance (ddof=1) over the
        N rows of the EXACT partial derivative dC/dw_k at that row.
    Example: for cost(W) = cos(W[:, 0]) (P = 1) and weights [[0], [pi/2]] the derivatives are
        0 and -1, so the result is [0.5].
    """
    raise NotImplementedError("compute the variances")
''',
    reference=gradient_variance,
    cases=_gv_cases,
    answer=compare.array(atol=1e-10, rtol=1e-6, real=True, what="variances"),
    mistakes=[
        Mistake(_gv_shift_pi, "you shifted by pi instead of pi/2: the cost is 2 pi periodic in each angle and "
                              "C(w + pi) - C(w - pi) is the difference over one full period, 0 for every weight. "
                              "The parameter shift rule uses s = pi/2: dC/dw = (C(w + pi/2) - C(w - pi/2)) / 2"),
        Mistake(_gv_no_half, "every variance is 4 times too large: the parameter shift rule divides the "
                             "difference C(w + pi/2) - C(w - pi/2) by 2, and a derivative twice as large has 4 times "
                             "the variance"),
        Mistake(_gv_ddof0, "you divided by N (np.var's default, ddof=0); the unbiased sample variance asked for "
                           "divides by N - 1: np.var(g, ddof=1) (the two differ by the factor N / (N - 1))"),
        Mistake(_gv_mean_square, "you returned the mean of the squared derivatives, not their variance: the two "
                                 "differ by the square of the sample mean, which is not 0 on a finite sample"),
        Mistake(_gv_std, "you returned standard deviations (np.std); the variance is their square (np.var)"),
        Mistake(_gv_coarse_difference, "these are the variances of a finite difference with a step of about 0.1, "
                                       "not of the exact derivatives: for a rotation angle the central difference "
                                       "(C(w + h) - C(w - h)) / (2h) is the derivative times sin(h) / h, so every "
                                       "variance comes out too small by (sin h / h)^2. The parameter shift rule "
                                       "(h = pi/2, divided by 2 instead of 2h) is exact"),
    ],
    alternatives=[_gv_general_shift, _gv_fine_difference, _gv_by_hand],
    hints=[
        "Two steps: the exact derivative of the cost with respect to weight k at every row, then the sample "
        "variance of those N numbers. Do it for every k.",
        "Each weight is a rotation angle, so the parameter shift rule of lesson 11 is exact: dC/dw_k = "
        "(C(w + pi/2 e_k) - C(w - pi/2 e_k)) / 2. The cost takes all N rows at once: shift column k of the whole "
        "weights array. Then np.var(..., ddof=1).",
        "for k in range(P): e = np.zeros(P); e[k] = np.pi / 2; g = (cost(weights + e) - cost(weights - e)) / 2; "
        "out[k] = np.var(g, ddof=1).",
    ],
    time_limit=20.0,
    seed=191,
)


# --------------------------------------------------------------------------- fit_decay_rate


def fit_decay_rate(qubits, variances):
    """The rate r of Var = A exp(-r n): least squares of ln Var against n, minus the slope."""
    n = np.asarray(qubits, dtype=float)
    slope, _ = np.polyfit(n, np.log(np.asarray(variances, dtype=float)), 1)
    return float(-slope)


def _fdr_log10(qubits, variances):
    return float(-np.polyfit(np.asarray(qubits, float), np.log10(variances), 1)[0])


def _fdr_log2(qubits, variances):
    return float(-np.polyfit(np.asarray(qubits, float), np.log2(variances), 1)[0])


def _fdr_slope(qubits, variances):
    return float(np.polyfit(np.asarray(qubits, float), np.log(variances), 1)[0])


def _fdr_linear(qubits, variances):
    return float(-np.polyfit(np.asarray(qubits, float), np.asarray(variances, float), 1)[0])


def _fdr_endpoints(qubits, variances):
    n, v = np.asarray(qubits, float), np.asarray(variances, float)
    lo, hi = np.argmin(n), np.argmax(n)
    return float(-(np.log(v[hi]) - np.log(v[lo])) / (n[hi] - n[lo]))


def _fdr_swapped(qubits, variances):
    return float(-1.0 / np.polyfit(np.log(variances), np.asarray(qubits, float), 1)[0])


def _fdr_lstsq(qubits, variances):
    n = np.asarray(qubits, float)
    A = np.stack([np.ones_like(n), n], axis=1)
    coef, *_ = np.linalg.lstsq(A, np.log(variances), rcond=None)
    return float(-coef[1])


def _fdr_closed_form(qubits, variances):
    n, y = np.asarray(qubits, float), np.log(variances)
    return float(-np.sum((n - n.mean()) * (y - y.mean())) / np.sum((n - n.mean()) ** 2))


def _fdr_via_log2(qubits, variances):
    return float(-np.polyfit(np.asarray(qubits, float), np.log2(variances), 1)[0] * np.log(2))


def _fdr_cases(rng: np.random.Generator) -> list:
    def noisy(n, rate, a=0.5, spread=0.15):
        n = np.asarray(n, dtype=float)
        return a * np.exp(-rate * n) * np.exp(rng.normal(0, spread, n.size))

    q1 = np.arange(2, 15, 2)
    q2 = np.array([3, 4, 5, 6, 7, 8])
    q3 = np.array([10, 2, 6, 4, 8])  # not sorted
    q4 = np.array([2, 4, 6, 8, 10, 12])
    return [
        case(q1, noisy(q1, np.log(2)), label="n = 2, 4, ..., 14, a 2^-n decay with 15 % scatter"),
        case(q2, noisy(q2, 2 * np.log(2), a=0.3), label="n = 3..8, a 4^-n decay"),
        case(q3, noisy(q3, 0.4, a=0.02, spread=0.3), label="n = 10, 2, 6, 4, 8 (in this order), a slow decay"),
        case(q4, noisy(q4, 0.05, a=1e-3, spread=0.05), label="n = 2..12, almost flat"),
        case([2, 4, 6], [0.25, 2.0**-4, 2.0**-6], label="n = 2, 4, 6, exactly 2^-n"),
    ]


FIT_DECAY_RATE = Exercise(
    id="qnn.barren_plateaus/fit_decay_rate",
    title="Fit the decay rate",
    statement=(
        "From variances measured at several qubit counts, return the rate r of the exponential decay "
        "Var = A exp(-r n), fitted by least squares on a log scale."
    ),
    template='''def fit_decay_rate(qubits, variances):
    """Return the decay rate r (a float) of Var = A * exp(-r * n).

    qubits: array-like of shape (K,), K >= 3 qubit counts (not necessarily sorted).
    variances: array-like of shape (K,), positive variances measured at those qubit counts.
    Returns: r from the least-squares straight line through the points (n, ln Var): ln Var = ln A - r n.
        A positive r means the variance falls; r = ln 2 = 0.693 halves it with every qubit.
    Example: fit_decay_rate([2, 4, 6], [2**-2, 2**-4, 2**-6]) -> 0.6931...
    """
    raise NotImplementedError("fit the rate")
''',
    reference=fit_decay_rate,
    cases=_fdr_cases,
    answer=compare.scalar(atol=1e-9, rtol=1e-7, real=True, what="decay rate"),
    mistakes=[
        Mistake(_fdr_log10, "you fitted log10 of the variances: that rate is r / ln 10, 2.3 times too small. The rate "
                            "of exp(-r n) is the slope of the NATURAL log, np.log"),
        Mistake(_fdr_log2, "you fitted log2 of the variances: that is the rate in bits per qubit, r / ln 2 (1 for "
                           "2^-n). The rate of exp(-r n) is the slope of the natural log; multiply by ln 2, or use "
                           "np.log"),
        Mistake(_fdr_slope, "you returned the slope itself; it is negative for a falling variance. "
                            "ln Var = ln A - r n, so r is minus the slope"),
        Mistake(_fdr_linear, "you fitted a straight line to the variances themselves, not to their logarithms: an "
                             "exponential is a straight line only on a log scale, and a linear fit is dominated by "
                             "the few largest variances"),
        Mistake(_fdr_endpoints, "you used only the smallest and the largest qubit count: that is a two-point rate, "
                                "which follows the scatter of two measurements. Least squares uses every point"),
        Mistake(_fdr_swapped, "you regressed n on ln Var (the axes swapped) and inverted the slope: with scatter in "
                              "the variances this is a different, steeper line. Fit ln Var as a function of n"),
    ],
    alternatives=[_fdr_lstsq, _fdr_closed_form, _fdr_via_log2],
    hints=[
        "Take the logarithm: ln Var = ln A - r n is a straight line in n with slope -r.",
        "np.polyfit(n, np.log(variances), 1) returns (slope, intercept) of the least-squares line; np.log is the "
        "natural logarithm.",
        "slope, intercept = np.polyfit(np.asarray(qubits, float), np.log(variances), 1); return -slope.",
    ],
    seed=192,
)


# --------------------------------------------------------------------------- trainable_cost

#: The qubit counts, depth and sample size of the trainable-cost check.
COST_QUBITS = (4, 6, 8, 10)
COST_DEPTH = 4
COST_INITS = 200
#: The least ``Var[dC/dw_0]`` a trainable cost must keep at every qubit count of the check.
COST_VARIANCE_THRESHOLD = 2e-4
#: How much larger than at ``|0...0>`` the cost must be on every other basis state.
COST_MARGIN = 1e-3


def cost_check_variance(diagonal, n_qubits: int) -> float:
    """``Var[dC/dw_0]`` of the cost with this diagonal on the check's circuit (``COST_DEPTH``
    random layers, ``COST_INITS`` random initialisations, seeded by ``n_qubits``)."""
    return _simulated_variance(n_qubits, COST_DEPTH, COST_INITS, cost=np.asarray(diagonal, dtype=float),
                               seed=190 + int(n_qubits))


@dataclass(frozen=True)
class CostAnswer(Answer):
    """Judge a cost diagonal by the rules of the task (the reference's size gives n); when two
    answers are compared with each other (``validity=False``), compare them as arrays."""

    kind: str = "array"
    atol: float = 1e-10
    rtol: float = 1e-8
    real: bool = True
    diagnoses: tuple = ()
    what: str = "cost diagonal"

    def aligned(self, value: Any, expected: Any) -> tuple[Any, Any]:
        """Show the learner's diagonal, never the reference's (many costs are right)."""
        return value, "any diagonal that meets the three rules of the task"

    def judge(self, value: Any, expected: Any, label: str = "", *, validity: bool = True) -> Failure | None:
        if not validity:
            return super().judge(value, expected, label, validity=validity)
        size = np.size(expected)
        n = int(round(np.log2(size)))
        if value is None:
            return Failure("type", "returned None: did you forget the `return` statement?")
        try:
            h = np.asarray(value)
        except (TypeError, ValueError):
            return Failure("type", f"returned {type(value).__name__}: expected an array of 2**{n} = {size} numbers")
        if h.dtype.kind not in "biuf" or h.shape != (size,):
            return Failure("shape", f"returned shape {h.shape} of {h.dtype}: expected {size} real numbers "
                                    f"(one per basis state of {n} qubits)")
        h = h.astype(float)
        if not np.all(np.isfinite(h)):
            return Failure("validity", "the diagonal holds NaN or infinite values")
        if not (np.all(h >= -1e-12) and np.all(h <= 1 + 1e-12)):
            return Failure("validity", f"the cost must lie in [0, 1]; on {n} qubits your values run from "
                                       f"{h.min():.4g} to {h.max():.4g}")
        if abs(h[0]) > 1e-12:
            return Failure("validity", f"the cost of |0...0> must be exactly 0 (it is the target); yours is {h[0]:.4g}")
        low = int(np.argmin(h[1:])) + 1
        if h[low] < COST_MARGIN:
            bits = format(low, f"0{n}b")
            return Failure("validity", f"the cost must be larger than 0 (by at least {COST_MARGIN:g}) on every basis "
                                       f"state other than |0...0>, so that only the target minimises it; on {n} "
                                       f"qubits it is {h[low]:.3g} on |{bits}>")
        var = cost_check_variance(h, n)
        if var >= COST_VARIANCE_THRESHOLD:
            return None
        return Failure("value", f"on {n} qubits the gradient variance of your cost is {var:.2e}, below "
                                f"{COST_VARIANCE_THRESHOLD:g}: its gradients vanish too fast with the number of qubits")


def trainable_cost(n_qubits):
    """The local cost of Cerezo et al. 2021: the fraction of wires that read 1."""
    index = np.arange(2**n_qubits)
    bits = (index[:, None] >> np.arange(n_qubits)) & 1  # one column per wire (the order does not matter here)
    return bits.mean(axis=1)


def _tc_global(n_qubits):
    h = np.ones(2**n_qubits)
    h[0] = 0.0
    return h


def _tc_one_wire(n_qubits):
    index = np.arange(2**n_qubits)
    return ((index >> (n_qubits - 1)) & 1).astype(float)  # 1 when wire 0 reads 1


def _tc_hamming(n_qubits):
    index = np.arange(2**n_qubits)
    return ((index[:, None] >> np.arange(n_qubits)) & 1).sum(axis=1).astype(float)


def _tc_flipped(n_qubits):
    return 1.0 - trainable_cost(n_qubits)


def _tc_squared(n_qubits):
    return trainable_cost(n_qubits) ** 2


def _tc_weighted(n_qubits):
    index = np.arange(2**n_qubits)
    bits = (index[:, None] >> np.arange(n_qubits)) & 1
    weights = np.linspace(1.0, 2.0, n_qubits)
    return bits @ weights / weights.sum()


def _tc_pairs(n_qubits):  # 1 - mean over neighbouring pairs of p(00): still local, still faithful
    index = np.arange(2**n_qubits)
    bits = (index[:, None] >> np.arange(n_qubits)) & 1
    both_zero = (1 - bits[:, :-1]) * (1 - bits[:, 1:])
    return 1.0 - both_zero.mean(axis=1)


TRAINABLE_COST = Exercise(
    id="qnn.barren_plateaus/trainable_cost",
    title="Design a cost that keeps its gradients",
    statement=(
        "Design a cost for preparing |0...0>: an observable diagonal in the computational basis, 0 on |0...0>, "
        "larger on every other basis state, with values in [0, 1], whose gradient variance on shallow random "
        f"circuits stays at least {COST_VARIANCE_THRESHOLD:g} for 4, 6, 8 and 10 qubits. Graded by simulating it."
    ),
    template=f'''def trainable_cost(n_qubits):
    """Return the diagonal of your cost observable: an array of shape (2**n_qubits,).

    Entry k is the cost of the basis state whose bits (wire 0 first) spell k in binary;
    the cost of a state is then sum_k |amplitude_k|^2 * diagonal[k].
    Rules, for every n_qubits in (4, 6, 8, 10):
      1. diagonal[0] == 0: the target |0...0> costs nothing;
      2. diagonal[k] >= {COST_MARGIN:g} for every k > 0: only the target minimises the cost;
      3. all values lie in [0, 1].
    Graded by simulating Var[dC/dw_0] on {COST_DEPTH}-layer random circuits ({COST_INITS} initialisations,
    as in section 4); it must be at least {COST_VARIANCE_THRESHOLD:g} at every qubit count.
    Example: the global cost of section 4, 1 - |<0...0|psi>|^2, is np.r_[0.0, np.ones(2**n_qubits - 1)]
        (it meets rules 1 to 3; whether it passes the variance rule is for you to find out).
    """
    raise NotImplementedError("design the cost")
''',
    reference=trainable_cost,
    cases=[case(n, label=f"n = {n} qubits") for n in COST_QUBITS],
    answer=CostAnswer(),
    mistakes=[
        Mistake(_tc_global, "the global cost 1 - |<0...0|psi>|^2 meets the three rules but its gradients vanish "
                            "exponentially: it compares the whole n-qubit state with the target at once, so its "
                            "variance falls like 4^-n on deep circuits and already by about a factor 4 per qubit on "
                            "these shallow ones (Cerezo et al. 2021). Build it from one-qubit terms instead"),
        Mistake(_tc_one_wire, "a cost that looks at one wire only is local but not faithful: it is 0 on every state "
                              "whose wire 0 reads 0, so half of the basis states minimise it, not only |0...0>. "
                              "Average such terms over all the wires"),
        Mistake(_tc_hamming, "the number of wires that read 1 is the right idea but exceeds 1 from 2 qubits on "
                             "(it reaches n): divide by n to keep the cost in [0, 1]"),
        Mistake(_tc_flipped, "your cost is largest on |0...0>, not 0 there: one minus the fraction of ones is the "
                             "fraction of zeros, and minimising it drives the state away from the target"),
    ],
    alternatives=[_tc_squared, _tc_weighted, _tc_pairs],
    hints=[
        "The global cost compares the whole state with |0...0> at once, and on random circuits the overlap of "
        "two n-qubit states is exponentially small. A cost that adds up what each wire does on its own keeps "
        "gradients of a size that falls only slowly with n.",
        "For each wire, the probability of reading 1 on it is a one-qubit term: (1 - Z_i) / 2. Their mean is 0 "
        "exactly on |0...0>, at least 1/n on every other basis state and at most 1.",
        "Entry k of the mean of (1 - Z_i) / 2 over the wires is the fraction of ones in the binary digits of k: "
        "bits = (np.arange(2**n)[:, None] >> np.arange(n)) & 1; return bits.mean(axis=1).",
    ],
    fresh_cases=False,
    time_limit=30.0,
    seed=193,
)


# --------------------------------------------------------------------------- plateau_free_init

#: The qubit counts and initialisations of the plateau-free start check; blocks = qubits.
INIT_QUBITS = (4, 6, 8, 10)
INIT_DRAWS = 20
#: The least mean of ``(dC/dw_0)**2`` (cost ``Z0 Z1``) over the draws.
INIT_MEAN_SQUARE = 0.1
#: At least this fraction of the angles must be spread over the circle: std across draws >= INIT_SPREAD.
INIT_RANDOM_FRACTION = 0.5
INIT_SPREAD = 1.0


def init_check_circuit(n_qubits: int) -> LayeredCircuit:
    """The circuit of the check: ``n_qubits`` identity blocks of 2 + 2 layers (``4 n`` layers, ``4 n**2`` weights)."""
    return identity_block_circuit(int(n_qubits), n_blocks=int(n_qubits), layers_per_block=2, seed=195)


def _n_from_weights(expected) -> int:
    return int(round(np.sqrt(np.shape(expected)[-1] / 4)))


@dataclass(frozen=True)
class InitAnswer(Answer):
    """Judge starting angles by the gradient they give on the check's circuit (``4 n**2`` weights
    give ``n``) and by their spread; two answers compared with each other are compared as arrays."""

    kind: str = "array"
    atol: float = 1e-10
    rtol: float = 1e-8
    real: bool = True
    diagnoses: tuple = ()
    what: str = "starting angles"

    def aligned(self, value: Any, expected: Any) -> tuple[Any, Any]:
        """Show the learner's angles, never the reference's (they are random)."""
        return value, "angles that meet the two rules of the task"

    def judge(self, value: Any, expected: Any, label: str = "", *, validity: bool = True) -> Failure | None:
        if not validity:
            return super().judge(value, expected, label, validity=validity)
        shape = np.shape(expected)
        n = _n_from_weights(expected)
        if value is None:
            return Failure("type", "returned None: did you forget the `return` statement?")
        try:
            w = np.asarray(value)
        except (TypeError, ValueError):
            return Failure("type", f"returned {type(value).__name__}: expected an array of shape {shape}")
        if w.dtype.kind not in "biuf" or w.shape != shape:
            return Failure("shape", f"returned shape {w.shape} of {w.dtype}: expected real angles of shape {shape} "
                                    f"({shape[0]} draws of the circuit's {shape[1]} weights)")
        w = w.astype(float)
        if not np.all(np.isfinite(w)):
            return Failure("validity", "the angles hold NaN or infinite values")
        spread = np.std(w, axis=0)
        frac = float(np.mean(spread >= INIT_SPREAD))
        if frac < INIT_RANDOM_FRACTION:
            return Failure("value", f"on {n} qubits only {frac:.0%} of the angles vary across the {shape[0]} draws "
                                    f"with a standard deviation of at least {INIT_SPREAD:g} rad; at least "
                                    f"{INIT_RANDOM_FRACTION:.0%} must be drawn at random over the whole circle")
        g = first_gradients(init_check_circuit(n), w, "zz")
        ms = float(np.mean(g**2))
        if ms >= INIT_MEAN_SQUARE:
            return None
        return Failure("value", f"on {n} qubits the mean of (dC/dw_0)^2 at your angles is {ms:.3g}, below "
                                f"{INIT_MEAN_SQUARE:g}: the circuit starts on the plateau")


def plateau_free_init(circuit, n_draws, seed):
    """Grant et al. 2019: plain layers at random, each mirrored layer at minus its partner's angles."""
    rng = np.random.default_rng(seed)
    L, n = circuit.depth, circuit.n_qubits
    w = rng.uniform(0, 2 * np.pi, (n_draws, L, n))
    open_layers = []  # plain layers waiting for their mirror: the last one opened is mirrored first
    for layer, mirrored in enumerate(circuit.mirrored):
        if mirrored:
            w[:, layer] = -w[:, open_layers.pop()]
        else:
            open_layers.append(layer)
    return w.reshape(n_draws, L * n)


def _pfi_uniform(circuit, n_draws, seed):
    return np.random.default_rng(seed).uniform(0, 2 * np.pi, (n_draws, circuit.n_weights))


def _pfi_zeros(circuit, n_draws, seed):
    return np.zeros((n_draws, circuit.n_weights))


def _pfi_same_sign(circuit, n_draws, seed):
    w = np.random.default_rng(seed).uniform(0, 2 * np.pi, (n_draws, circuit.depth, circuit.n_qubits))
    stack = []
    for layer, mirrored in enumerate(circuit.mirrored):
        if mirrored:
            w[:, layer] = w[:, stack.pop()]
        else:
            stack.append(layer)
    return w.reshape(n_draws, -1)


def _pfi_same_order(circuit, n_draws, seed):
    w = np.random.default_rng(seed).uniform(0, 2 * np.pi, (n_draws, circuit.depth, circuit.n_qubits))
    queue = []
    for layer, mirrored in enumerate(circuit.mirrored):
        if mirrored:
            w[:, layer] = -w[:, queue.pop(0)]  # the first plain layer, not the last: the order is not reversed
        else:
            queue.append(layer)
    return w.reshape(n_draws, -1)


def _pfi_symmetric(circuit, n_draws, seed):
    w = np.random.default_rng(seed).uniform(-np.pi, np.pi, (n_draws, circuit.depth, circuit.n_qubits))
    stack = []
    for layer, mirrored in enumerate(circuit.mirrored):
        if mirrored:
            w[:, layer] = 2 * np.pi - w[:, stack.pop()]  # R(2 pi - a) = -R(-a): the same up to a global phase
        else:
            stack.append(layer)
    return w.reshape(n_draws, -1)


def _pfi_pairs_by_block(circuit, n_draws, seed):
    rng = np.random.default_rng(seed)
    flags = list(circuit.mirrored)
    w = np.zeros((n_draws, circuit.depth, circuit.n_qubits))
    start = 0
    while start < len(flags):  # a block: a run of plain layers, then as many mirrored ones
        m = 0
        while not flags[start + m]:
            m += 1
        w[:, start:start + m] = rng.uniform(0, 2 * np.pi, (n_draws, m, circuit.n_qubits))
        w[:, start + m:start + 2 * m] = -w[:, start:start + m][:, ::-1]
        start += 2 * m
    return w.reshape(n_draws, -1)


def _pfi_cases(rng: np.random.Generator) -> list:
    return [case(init_check_circuit(n), INIT_DRAWS, 1900 + n, label=f"n = {n} qubits, {4 * n} layers")
            for n in INIT_QUBITS]


PLATEAU_FREE_INIT = Exercise(
    id="qnn.barren_plateaus/plateau_free_init",
    title="Start a deep circuit off the plateau",
    statement=(
        "Draw random starting angles for a deep circuit of mirrored blocks so that the gradient dC/dw_0 of the "
        f"cost Z0 Z1 keeps a mean square of at least {INIT_MEAN_SQUARE:g} up to 10 qubits and 40 layers, while "
        f"at least half of the angles are spread over the whole circle. Graded by simulating the gradients."
    ),
    template=f'''def plateau_free_init(circuit, n_draws, seed):
    """Return starting angles of shape (n_draws, circuit.n_weights).

    circuit: a LayeredCircuit (qmlcourse.plateaus) of circuit.depth layers on circuit.n_qubits wires.
        Weight l * n_qubits + q is the angle of layer l on wire q. circuit.mirrored[l] is False for a
        plain layer (rotations, then a CZ ladder) and True for a mirrored one (the CZ ladder, then
        rotations); circuit.gates[l][q] names the rotation ("RX", "RY" or "RZ").
        The circuits of the check are made of blocks: 2 plain layers, then 2 mirrored layers
        with the same gates in reverse order (section 5).
    n_draws: the number of starting points to draw (one per row).
    seed: use np.random.default_rng(seed) for every random number.
    Rules, on 4 to 10 qubits with 4n layers:
      1. at least {INIT_RANDOM_FRACTION:.0%} of the weights have a standard deviation across the draws of
         at least {INIT_SPREAD:g} rad (they are random over the whole circle, not a fixed start);
      2. the mean over the draws of (dC/dw_0)^2, for the cost C = <Z0 Z1>, is at least {INIT_MEAN_SQUARE:g}.
    """
    raise NotImplementedError("draw the starting angles")
''',
    reference=plateau_free_init,
    cases=_pfi_cases,
    fresh_cases=False,
    answer=InitAnswer(),
    mistakes=[
        Mistake(_pfi_uniform, "angles drawn uniformly for every weight make a deep circuit close to a random "
                              "one, whose gradients are small and shrink with every added qubit (the plateau). "
                              "Random angles are fine for half of the weights; choose the other half so that each "
                              "block starts as the identity"),
        Mistake(_pfi_zeros, "all angles 0 do make every block the identity, but every draw is the same point: "
                            "no angle varies across the draws. Draw the plain layers at random and set only the "
                            "mirrored ones"),
        Mistake(_pfi_same_sign, "each mirrored layer got the same angles as the plain layer it mirrors, not their "
                                "negatives: R(a) is undone by R(-a), not by R(a), so the blocks are not the "
                                "identity and the circuit is as random as a uniform start"),
        Mistake(_pfi_same_order, "the mirrored layers undo the plain ones in the same order instead of the reverse: "
                                 "in a block U2 U1 the first mirrored layer must undo U2 (the last plain layer), "
                                 "then the next one U1, as (U2 U1)^dagger = U1^dagger U2^dagger"),
    ],
    alternatives=[_pfi_symmetric, _pfi_pairs_by_block],
    hints=[
        "A gradient is large at a point where the circuit is simple. A circuit that starts as the identity is "
        "as simple as it gets, whatever its depth; can random angles still give the identity?",
        "In a block the mirrored layers apply the plain layers' gates in reverse order, each after its CZ "
        "ladder instead of before. A rotation R(a) is undone by R(-a) and a CZ ladder by itself.",
        "Draw every plain layer uniformly in [0, 2 pi); walk through the layers with a stack of plain layers, "
        "and give each mirrored layer minus the angles of the plain layer popped from the stack.",
    ],
    preamble="import numpy as np\n",
    time_limit=30.0,
    seed=194,
)


# --------------------------------------------------------------------------- concept checks

MORE_SHOTS = Concept(
    id="qnn.barren_plateaus/more_shots",
    question=(
        "On 20 qubits the gradient of a global cost has a variance of about 1e-12 over random initialisations. "
        "Each gradient component is estimated from shots, with a shot-noise standard deviation of about "
        "1/sqrt(shots). Roughly how many shots does telling the sign of a typical component need?"
    ),
    options=[
        Option("About a thousand: the shot noise falls like 1/sqrt(shots), fast enough.", why=(
            "A typical component is about sqrt(1e-12) = 1e-6. With a thousand shots the noise is about 0.03, "
            "thirty thousand times larger than the signal.")),
        Option("About 1e12: the noise 1/sqrt(shots) must fall below the typical size 1e-6 of the component.",
               correct=True, why=(
                   "Signal about sqrt(Var) = 1e-6, noise about 1/sqrt(shots): shots >~ 1/Var = 1e12, per component "
                   "and per step. This is why a barren plateau is a problem of cost, not of precision: the "
                   "number of shots grows exponentially with the number of qubits.")),
        Option("None: an exact simulator gives the gradient, so the plateau does not matter.", why=(
            "A simulator gives the exact tiny value, but a simulator of 20 qubits is not the use case: on hardware "
            "every gradient comes from shots. And the landscape is flat in every direction, so even exact "
            "gradient descent starting there takes tiny steps.")),
    ],
)

TWO_DESIGN = Concept(
    id="qnn.barren_plateaus/two_design",
    question=(
        "The lesson's variance for the cost Z0 Z1 approaches Tr(H0^2) / (2 (d^2 - 1)) with d = 2^n as the depth "
        "grows, about 2^-n / 2. Why does the circuit need to be deep for this value to appear?"
    ),
    options=[
        Option("The formula is the variance when the circuit after the differentiated gate is a random unitary "
               "(a 2-design); a shallow circuit is far from random, so its gradients vary more.", correct=True,
               why=("The value is a property of Haar-random unitaries (their second moments). A local circuit "
                    "needs a depth growing with n before its second moments match them; at smaller depths the "
                    "measured variance is larger, as the sweep shows.")),
        Option("Shallow circuits have fewer parameters, and the variance is an average over the parameters.", why=(
            "The variance is over random initialisations of one fixed parameter's derivative, not over parameters. "
            "What depth changes is how random the circuit after that gate is.")),
        Option("Because the simulator is only exact for deep circuits.", why=(
            "The simulator is exact at every depth. The formula describes random unitaries; shallow circuits "
            "are not random enough to follow it.")),
    ],
)
