"""Exercises and concept checks of lesson ``kernels.feature_maps`` (notebooks/14_quantum_feature_maps.ipynb).

Four exercises on kernels and quantum feature maps:

* ``fidelity_kernel``: the block ``K[i, j] = |<b_j|a_i>|^2`` of shape ``(n_a, n_b)`` from two
  arrays of statevectors, in one matrix product;
* ``kernel_from_inversion_test``: the kernel value estimated from the measured bitstrings of
  an inversion (compute-uncompute) test, a dict ``{bitstring: count}``;
* ``is_valid_kernel`` (a decision): whether a matrix can be the Gram matrix of a kernel
  (symmetric and positive semidefinite, both within a tolerance);
* ``feature_map_that_separates`` (a design): the feature states of a map of the learner's
  design whose fidelity kernel lets an SVM classify two given data sets; graded by training
  the SVM on those states, so every map that works passes.

Two concept checks: why the kernel is the squared modulus of the overlap, and how many circuit
runs a shot-estimated Gram matrix needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from qmlcourse.exercises import Concept, Exercise, Mistake, Option, case, compare
from qmlcourse.grading.compare import Answer, Failure

# --------------------------------------------------------------------------- fidelity_kernel


def fidelity_kernel(states_a: np.ndarray, states_b: np.ndarray) -> np.ndarray:
    """``K[i, j] = |<b_j|a_i>|^2`` for statevectors ``a (n_a, D)`` and ``b (n_b, D)``: ``(n_a, n_b)``.

    >>> fidelity_kernel(np.array([[1, 0], [0, 1]]), np.array([[1, 1j]]) / np.sqrt(2)).round(6)
    array([[0.5],
           [0.5]])
    """
    overlaps = np.asarray(states_a) @ np.asarray(states_b).conj().T
    return np.abs(overlaps) ** 2


def _random_states(rng: np.random.Generator, n: int, dim: int) -> np.ndarray:
    S = rng.normal(size=(n, dim)) + 1j * rng.normal(size=(n, dim))
    return S / np.linalg.norm(S, axis=1, keepdims=True)


def _fk_cases(rng: np.random.Generator) -> list:
    from qmlcourse.kernels import FidelityKernel

    out = []
    for n_qubits, n_a, n_b, fm in ((2, 3, 5, "zz"), (3, 6, 4, "iqp")):
        S = FidelityKernel(feature_map=fm).states(rng.uniform(0, 2 * np.pi, (n_a + n_b, n_qubits)))
        out.append(case(S[:n_a], S[n_a:], label=f"{fm} feature map on {n_qubits} qubits, {n_a} and {n_b} points"))
    out.append(case(_random_states(rng, 4, 4), _random_states(rng, 4, 4), label="random 2-qubit states, 4 and 4"))
    out.append(case(_random_states(rng, 2, 8), _random_states(rng, 7, 8), label="random 3-qubit states, 2 and 7"))
    return out


def _fk_amplitude(states_a, states_b):
    return np.abs(np.asarray(states_a) @ np.asarray(states_b).conj().T)


def _fk_no_conjugate(states_a, states_b):
    return np.abs(np.asarray(states_a) @ np.asarray(states_b).T) ** 2


def _fk_transposed(states_a, states_b):
    return np.abs(np.asarray(states_b) @ np.asarray(states_a).conj().T) ** 2


def _fk_real_part(states_a, states_b):
    return np.real(np.asarray(states_a) @ np.asarray(states_b).conj().T) ** 2


def _fk_loop(states_a, states_b):
    K = np.zeros((len(states_a), len(states_b)))
    for i, a in enumerate(states_a):
        for j, b in enumerate(states_b):
            K[i, j] = abs(np.vdot(b, a)) ** 2
    return K


def _fk_einsum(states_a, states_b):
    G = np.einsum("id,jd->ij", np.asarray(states_a), np.conj(states_b))
    return (G * G.conj()).real


FIDELITY_KERNEL = Exercise(
    id="kernels.feature_maps/fidelity_kernel",
    title="The fidelity kernel from statevectors",
    statement="From two arrays of feature statevectors, return the fidelity-kernel block "
    "K[i, j] = |<b_j|a_i>|^2 of shape (n_a, n_b), with one matrix product (no loop over pairs).",
    template='''def fidelity_kernel(states_a, states_b):
    """The fidelity kernel between two sets of feature states.

    states_a: complex array of shape (n_a, D), row i the statevector |a_i> = |phi(x_i)>.
    states_b: complex array of shape (n_b, D), row j the statevector |b_j> = |phi(y_j)>.
              (D = 2**n_qubits; every row is normalised.)
    Returns: real array of shape (n_a, n_b) with K[i, j] = |<b_j|a_i>|^2: rows follow
             states_a, columns follow states_b (for test-train blocks, states_a = test).
    Example: fidelity_kernel(np.array([[1, 0], [0, 1]]), np.array([[1, 1j]]) / np.sqrt(2))
             -> array([[0.5], [0.5]])
    """
    raise NotImplementedError("one matrix of overlaps, then its squared modulus")
''',
    reference=fidelity_kernel,
    cases=_fk_cases,
    answer=compare.array(atol=1e-10, rtol=1e-8, real=True, what="kernel entries"),
    mistakes=[
        Mistake(_fk_amplitude, "your entries are |<b_j|a_i>|, the modulus of the overlap, not its square: the "
                "fidelity kernel is |<b_j|a_i>|**2, the probability that the inversion test returns all zeros "
                "(your values are the square roots of the right ones, so all of them are too large)"),
        Mistake(_fk_no_conjugate, "no complex conjugate: states_a @ states_b.T sums a_i[k] b_j[k], which is not an "
                "inner product for complex amplitudes; conjugate one side, states_a @ states_b.conj().T"),
        Mistake(_fk_transposed, "your matrix is transposed: it has shape (n_b, n_a). Rows must follow states_a "
                "and columns states_b, which is the (n_test, n_train) block SVC.predict expects"),
        Mistake(_fk_real_part, "you squared the real part of the overlap, Re(<b_j|a_i>)**2, instead of its modulus "
                "|<b_j|a_i>|**2 = Re**2 + Im**2: the imaginary part counts too (and your kernel changes if one "
                "state is multiplied by a global phase i)"),
    ],
    alternatives=[_fk_loop, _fk_einsum],
    hints=[
        "All n_a x n_b overlaps <b_j|a_i> are the entries of one matrix product of the two arrays; the kernel is "
        "a function of each entry.",
        "<b_j|a_i> = sum_k conj(b_j[k]) a_i[k]. Written for all i, j at once, that is states_a times the "
        "conjugate transpose of states_b; then take the squared modulus entry by entry.",
        "return np.abs(states_a @ states_b.conj().T) ** 2",
    ],
    seed=1401,
)


# --------------------------------------------------------------------------- kernel_from_inversion_test


def kernel_from_inversion_test(counts: dict) -> float:
    """``k_hat = counts["0...0"] / shots`` from the measured bitstrings of one inversion test.

    >>> kernel_from_inversion_test({"00": 30, "01": 10, "11": 60})
    0.3
    """
    shots = sum(counts.values())
    n = len(next(iter(counts)))
    return counts.get("0" * n, 0) / shots


def _counts_dict(rng: np.random.Generator, p: np.ndarray, shots: int, n: int) -> dict:
    draws = rng.multinomial(shots, p / p.sum())
    return {format(i, f"0{n}b"): int(c) for i, c in enumerate(draws) if c > 0}


def _it_cases(rng: np.random.Generator) -> list:
    from qmlcourse.kernels import build_feature_map, inversion_test_circuit

    out = []
    for n, shots, scale in ((2, 1000, 1.0), (3, 500, 0.6), (2, 200, 0.4), (4, 2000, 0.3)):
        fm = build_feature_map("zz", n)
        x, y = rng.uniform(0, 2 * np.pi, (2, n)) * scale
        p = inversion_test_circuit(fm).probs(np.concatenate([x, y])[None, :])[0]
        out.append(case(_counts_dict(rng, np.clip(p, 0, 1), shots, n),
                        label=f"a ZZ feature map on {n} qubits, {shots} shots"))
    # a pair of nearly orthogonal states: the all-zeros outcome was never seen
    p = np.full(8, 1 / 7)
    p[0] = 0.0
    out.append(case(_counts_dict(rng, p, 300, 3), label="3 qubits, 300 shots, all-zeros never measured"))
    return out


def _it_one_qubit(counts):
    shots = sum(counts.values())
    return sum(c for b, c in counts.items() if b[0] == "0") / shots


def _it_no_division(counts):
    n = len(next(iter(counts)))
    return float(counts.get("0" * n, 0))


def _it_swap_formula(counts):
    return 2 * kernel_from_inversion_test(counts) - 1


def _it_by_integer(counts):
    shots = 0
    zeros = 0
    for bits, c in counts.items():
        shots += c
        if int(bits, 2) == 0:
            zeros += c
    return zeros / shots


def _it_numpy(counts):
    keys = list(counts)
    values = np.array([counts[k] for k in keys], dtype=float)
    mask = np.array([set(k) == {"0"} for k in keys])
    return float(values[mask].sum() / values.sum())


KERNEL_FROM_INVERSION_TEST = Exercise(
    id="kernels.feature_maps/kernel_from_inversion_test",
    title="The kernel from inversion-test counts",
    statement="Given the measured bitstrings of an inversion test U(y)^dagger U(x) run on hardware, as a dict "
    "{bitstring: count}, return the estimate of k(x, y).",
    template='''def kernel_from_inversion_test(counts):
    """Estimate k(x, y) = |<phi(y)|phi(x)>|^2 from the counts of an inversion test.

    counts: dict {bitstring: count}, e.g. {"000": 412, "101": 37, ...}: how often each
            outcome of ALL n qubits was measured after U(y)^dagger U(x). Every key has n
            characters '0'/'1'; outcomes never measured are absent (even "00...0").
    Returns: a float, the estimate of the kernel value from these counts.
    Example: kernel_from_inversion_test({"00": 30, "01": 10, "11": 60}) -> 0.3
    """
    raise NotImplementedError("estimate the probability of the all-zeros outcome")
''',
    reference=kernel_from_inversion_test,
    cases=_it_cases,
    answer=compare.scalar(atol=1e-12, real=True, what="kernel estimate"),
    mistakes=[
        Mistake(_it_one_qubit, "you counted every outcome whose first bit is 0, the probability that ONE qubit "
                "reads 0: the circuit returns to |0...0> with probability |<phi(y)|phi(x)>|^2, so count only the "
                "outcome in which every qubit reads 0"),
        Mistake(_it_no_division, "you returned the number of all-zeros outcomes, not their frequency: divide by "
                "the number of shots, the sum of all the counts"),
        Mistake(_it_swap_formula, "you used the swap test's formula 2 P(0) - 1: in the swap test the ancilla "
                "reads 0 with probability (1 + k) / 2, but in the inversion test the all-zeros probability is k "
                "itself"),
    ],
    alternatives=[_it_by_integer, _it_numpy],
    hints=[
        "U(y)^dagger U(x)|0...0> returns to |0...0> with probability |<0...0|U(y)^dagger U(x)|0...0>|^2 = "
        "|<phi(y)|phi(x)>|^2: the kernel is the probability of one particular outcome.",
        "Estimate that probability by its frequency: the count of the bitstring made of n zeros divided by "
        "the total number of shots. Remember that the key may be missing.",
        "shots = sum(counts.values()); n = len(next(iter(counts))); return counts.get('0' * n, 0) / shots",
    ],
    seed=1402,
)


# --------------------------------------------------------------------------- is_valid_kernel


def is_valid_kernel(K: np.ndarray, tol: float = 1e-8) -> bool:
    """True when ``K (N, N)`` is symmetric and positive semidefinite, both within ``tol``.

    >>> is_valid_kernel(np.array([[1.0, 0.5], [0.5, 1.0]])), is_valid_kernel(np.array([[1.0, 2.0], [2.0, 1.0]]))
    (True, False)
    """
    K = np.asarray(K, dtype=float)
    if not np.allclose(K, K.T, rtol=0.0, atol=tol):
        return False
    return bool(np.linalg.eigvalsh((K + K.T) / 2).min() >= -tol)


def _sym(M: np.ndarray) -> np.ndarray:
    """Exactly symmetric: the upper triangle mirrored."""
    U = np.triu(M)
    return U + np.triu(M, 1).T


def _vk_cases(rng: np.random.Generator) -> list:
    from qmlcourse.kernels import FidelityKernel

    n = int(rng.integers(5, 8))
    # 1. a fidelity kernel's Gram matrix, full rank (distinct points), made exactly symmetric
    K1 = _sym(FidelityKernel(feature_map="zz", bandwidth=0.5)(rng.uniform(0, 2, (n, 3))))
    # 2. symmetric, positive entries, unit diagonal, but one negative eigenvalue
    a = rng.uniform(0.85, 0.95)
    b = rng.uniform(0.0, 0.1)
    K2 = np.array([[1.0, a, b], [a, 1.0, a], [b, a, 1.0]])
    # 3. not symmetric, positive entries and positive (real) eigenvalues
    K3 = np.triu(rng.uniform(0.2, 0.8, (n, n)), 1) + np.diag(rng.uniform(1.0, 2.0, n))
    # 4. a linear kernel on centred data: valid, with negative entries
    X = rng.normal(size=(n, n + 2))
    X -= X.mean(axis=0)
    K4 = _sym(X @ X.T)
    # 5. rank 2, positive entries, smallest eigenvalue -1e-12 (rounding-size)
    Y = rng.uniform(0.5, 1.5, (n, 2))
    G = _sym(Y @ Y.T)
    w, V = np.linalg.eigh(G)
    v = V[:, 0]
    K5 = _sym(G - (w[0] + 1e-12) * np.outer(v, v))
    # 6. valid, but symmetric only up to 1e-12 (as a computed matrix often is)
    K6 = K1 + np.triu(np.full((n, n), 1e-12), 1)
    return [
        case(K1, label=f"a ZZ fidelity kernel's {n} x {n} Gram matrix"),
        case(K2, label="a symmetric 3 x 3 matrix with positive entries"),
        case(K3, label=f"an upper-triangular {n} x {n} matrix with positive eigenvalues"),
        case(K4, label=f"a linear kernel's {n} x {n} Gram matrix on centred data (negative entries)"),
        case(K5, label=f"a rank-2 {n} x {n} Gram matrix whose smallest computed eigenvalue is -1e-12"),
        case(K6, label=f"a {n} x {n} kernel matrix symmetric only to 1e-12"),
    ]


def _vk_symmetry_only(K, tol=1e-8):
    K = np.asarray(K, dtype=float)
    return bool(np.allclose(K, K.T, rtol=0.0, atol=tol))


def _vk_positive_entries(K, tol=1e-8):
    K = np.asarray(K, dtype=float)
    return bool(np.allclose(K, K.T, rtol=0.0, atol=tol) and (K >= -tol).all())


def _vk_eigvals(K, tol=1e-8):
    return bool(np.linalg.eigvals(np.asarray(K, dtype=float)).real.min() >= -tol)


def _vk_no_tolerance(K, tol=1e-8):
    K = np.asarray(K, dtype=float)
    return bool(np.array_equal(K, K.T) and np.linalg.eigvalsh(K).min() >= 0)


def _vk_cholesky(K, tol=1e-8):
    K = np.asarray(K, dtype=float)
    if np.abs(K - K.T).max() > tol:
        return False
    try:
        np.linalg.cholesky((K + K.T) / 2 + tol * np.eye(len(K)))
    except np.linalg.LinAlgError:
        return False
    return True


def _vk_svd_symmetric(K, tol=1e-8):
    K = np.asarray(K, dtype=float)
    if not np.all(np.abs(K - K.T) <= tol):
        return False
    w = np.linalg.eigh(0.5 * (K + K.T))[0]
    return bool(w[0] >= -tol)


IS_VALID_KERNEL = Exercise(
    id="kernels.feature_maps/is_valid_kernel",
    title="Can this matrix be a kernel's Gram matrix?",
    statement="Decide whether a square matrix can be the Gram matrix of a kernel on some points: it must be "
    "symmetric and positive semidefinite, each within the tolerance tol (computed matrices carry rounding errors).",
    template='''def is_valid_kernel(K, tol=1e-8):
    """Decide whether K can be the Gram matrix K[i, j] = k(x_i, x_j) of a valid (Mercer) kernel.

    K: real array of shape (N, N).
    tol: tolerance for rounding errors, used for both conditions below.
    Returns: True if K is symmetric (every |K[i, j] - K[j, i]| <= tol) and positive
             semidefinite (its smallest eigenvalue >= -tol); otherwise False (a Python bool).
    Example: is_valid_kernel(np.array([[1.0, 0.5], [0.5, 1.0]])) -> True   (eigenvalues 0.5, 1.5)
             is_valid_kernel(np.array([[1.0, 2.0], [2.0, 1.0]])) -> False  (eigenvalue -1)
    """
    raise NotImplementedError("check symmetry, then the smallest eigenvalue")
''',
    reference=is_valid_kernel,
    cases=_vk_cases,
    answer=compare.boolean(),
    mistakes=[
        Mistake(_vk_symmetry_only, "you checked symmetry only: a symmetric matrix can still have a negative "
                "eigenvalue (for example [[1, .9, 0], [.9, 1, .9], [0, .9, 1]]), and then sum_ij c_i c_j K_ij < 0 "
                "for some c, which no inner product of feature vectors can give"),
        Mistake(_vk_positive_entries, "you required positive entries instead of positive eigenvalues: a valid "
                "kernel can have negative entries (the linear kernel x.x' on centred data), and a matrix of "
                "positive entries can have a negative eigenvalue; PSD is a property of the eigenvalues"),
        Mistake(_vk_eigvals, "you took np.linalg.eigvals of a matrix without checking symmetry: a non-symmetric "
                "matrix can have positive eigenvalues (a triangular one has its diagonal as eigenvalues) and still "
                "not be a Gram matrix, which is always symmetric. Check symmetry first, then use eigvalsh"),
        Mistake(_vk_no_tolerance, "you used no tolerance: a computed Gram matrix is symmetric only up to rounding "
                "and a rank-deficient one has eigenvalues like -1e-12 instead of 0; compare with -tol and allow "
                "|K - K.T| <= tol"),
    ],
    alternatives=[_vk_cholesky, _vk_svd_symmetric],
    hints=[
        "A Gram matrix of feature vectors, K = Phi Phi^T, is always symmetric, and c^T K c = |Phi^T c|^2 >= 0 for "
        "every vector c. Both properties can fail by a tiny rounding amount in a computed matrix.",
        "First compare K with its transpose entry by entry, within tol. Then, for the symmetric matrix, compute "
        "its eigenvalues with np.linalg.eigvalsh (meant for symmetric matrices: real, sorted) and look at the "
        "smallest one.",
        "if np.abs(K - K.T).max() > tol: return False; return bool(np.linalg.eigvalsh((K + K.T) / 2).min() >= -tol)",
    ],
    seed=1403,
)


# --------------------------------------------------------------------------- feature_map_that_separates

#: C of the SVM that grades a feature map, and the test accuracy it must reach.
DESIGN_C, DESIGN_TARGET = 10.0, 0.9


def feature_map_that_separates(X: np.ndarray) -> np.ndarray:
    """Feature states ``(N, 2**d)`` of a map whose fidelity kernel separates both data sets:
    ``RY(2 x_i)`` on each feature's own wire (frequency 2 of every feature, and products
    across wires), computed in one batched simulator call."""
    from qmlcourse.sim import Circuit, feature

    X = np.asarray(X, dtype=float)
    c = Circuit(X.shape[1])
    for i in range(X.shape[1]):
        c.ry(2 * feature(i), i)
    return c.statevector(X)


def _stripes(rng: np.random.Generator, n: int):
    """1 feature in [-pi, pi], label 1 where cos(2 x) > 0, nothing where |cos 2x| < 0.3."""
    X = np.empty((0, 1))
    while len(X) < n:
        x = rng.uniform(-np.pi, np.pi, (4 * n, 1))
        X = np.vstack([X, x[np.abs(np.cos(2 * x[:, 0])) > 0.3]])
    X = X[:n]
    return X, (np.cos(2 * X[:, 0]) > 0).astype(int)


def _quadrants(rng: np.random.Generator, n: int):
    """2 features in [-1.5, 1.5]^2 away from the axes; label 1 where x0 x1 > 0."""
    X = rng.uniform(0.15, 1.5, (n, 2)) * rng.choice([-1.0, 1.0], (n, 2))
    return X, (X[:, 0] * X[:, 1] > 0).astype(int)


def design_data(kind: str, seed: int = 0, n: int = 120):
    """A data set of the design task: ``"stripes"`` (1 feature) or ``"quadrants"`` (2 features);
    ``(X (n, d), y (n,))``, the first half for training, the second for testing.

    >>> X, y = design_data("quadrants", n=4); X.shape, y.shape
    ((4, 2), (4,))
    """
    if kind not in ("stripes", "quadrants"):
        raise ValueError(f"kind must be 'stripes' or 'quadrants'; got {kind!r}")
    rng = np.random.default_rng(seed)
    return (_stripes if kind == "stripes" else _quadrants)(rng, n)


_DESIGN_SETS = (
    ("stripes", 141, "stripes: 1 feature in [-pi, pi], label 1 where cos(2x) > 0"),
    ("quadrants", 142, "quadrants: 2 features, label 1 where x0 x1 > 0"),
)


def _as_states(value: Any, n_points: int):
    """The learner's states as a complex ``(N, D)`` array, or a message saying what is wrong."""
    try:
        S = np.asarray(value, dtype=complex)
    except (TypeError, ValueError):
        return f"returned {compare.type_name(value)}, expected a complex array of statevectors of shape (N, 2**n)"
    if S.ndim != 2 or S.shape[0] != n_points:
        return f"returned shape {S.shape}; expected ({n_points}, 2**n_qubits): one statevector per row of X"
    D = S.shape[1]
    if D < 2 or D & (D - 1) or D > 256:
        return f"each row has {D} amplitudes; a statevector of n qubits has 2**n of them (n from 1 to 8)"
    if not np.all(np.isfinite(S)):
        return "your states contain nan or inf"
    if not np.allclose(np.linalg.norm(S, axis=1), 1.0, atol=1e-6):
        return "your rows are not normalised statevectors (their norms are not 1)"
    return S


def train_on_states(S: np.ndarray, y: np.ndarray, n_train: int) -> dict:
    """Train ``SVC(kernel="precomputed", C=DESIGN_C)`` on the fidelity kernel of the first
    ``n_train`` states; returns train and test accuracy and kernel statistics."""
    from sklearn.svm import SVC

    K = np.abs(S @ S.conj().T) ** 2
    K_tr, K_te = K[:n_train, :n_train], K[n_train:, :n_train]
    svc = SVC(kernel="precomputed", C=DESIGN_C).fit(K_tr, y[:n_train])
    off = K_tr[~np.eye(n_train, dtype=bool)]
    return {"train": float(svc.score(K_tr, y[:n_train])), "test": float(svc.score(K_te, y[n_train:])),
            "mean_off_diagonal": float(off.mean()), "min_off_diagonal": float(off.min()), "dim": S.shape[1]}


@dataclass(frozen=True)
class FeatureMapAnswer(Answer):
    """Judge feature states by training an SVM with their fidelity kernel (a labelled case), or
    compare two answers by their kernel matrices (no label: matching a typical mistake)."""

    kind: str = "exact"
    problems: tuple = ()

    def aligned(self, value: Any, expected: Any) -> tuple[Any, Any]:
        return value, "the states of any feature map whose kernel SVM reaches the target test accuracy"

    def judge(self, value: Any, expected: Any, label: str = "", *, validity: bool = True) -> Failure | None:
        if value is None:
            return Failure("type", "returned None: did you forget the `return` statement?")
        problem = dict(self.problems).get(label)
        if problem is None:
            a, b = _as_states(value, len(value)), _as_states(expected, len(expected))
            if isinstance(a, str) or isinstance(b, str) or a.shape[0] != b.shape[0]:
                return Failure("value", "different feature states")
            same = np.allclose(np.abs(a @ a.conj().T) ** 2, np.abs(b @ b.conj().T) ** 2, atol=1e-9)
            return None if same else Failure("value", "a different kernel")
        y, n_train = problem
        S = _as_states(value, len(y))
        if isinstance(S, str):
            return Failure("type" if S.startswith("returned ") else "validity", S)
        r = train_on_states(S, y, n_train)
        if r["test"] >= DESIGN_TARGET:
            return None
        msg = (f"with your feature states the SVM reached test accuracy {r['test']:.3f} (train {r['train']:.3f}); "
               f"it must reach {DESIGN_TARGET:g} (for {label})")
        if r["min_off_diagonal"] > 1 - 1e-9:
            why = ("every kernel entry is 1: all points map to the same state up to a phase (a feature angle in an "
                   "RZ or phase gate acting on |0> only multiplies it by a global phase)")
        elif r["mean_off_diagonal"] < 3 / r["dim"]:
            why = ("the kernel matrix is close to the identity: every point resembles only itself (angles too "
                   "large for the data's range); scale the features down")
        else:
            why = ("the kernel's feature space does not contain a function that separates these labels: look at "
                   "which frequencies of each feature the states contain, and whether features on one wire add up "
                   "instead of multiplying")
        return Failure("value", f"{msg}: {why}")


def _design_cases() -> list:
    out = []
    for kind, seed, label in _DESIGN_SETS:
        X, y = design_data(kind, seed)
        out.append((case(X, label=label), (y, len(y) // 2)))
    return out


def _fm_states(X, gates, n_wires=None):
    """States of ``Circuit(n_wires or d)`` after ``gates(c, d)``."""
    from qmlcourse.sim import Circuit

    X = np.asarray(X, dtype=float)
    c = Circuit(n_wires or X.shape[1])
    gates(c, X.shape[1])
    return c.statevector(X)


def _fm_one_ry(X):
    from qmlcourse.sim import feature

    return _fm_states(X, lambda c, d: [c.ry(feature(i), i) for i in range(d)])


def _fm_rz_only(X):
    from qmlcourse.sim import feature

    return _fm_states(X, lambda c, d: [c.rz(feature(i), i) for i in range(d)])


def _fm_one_wire(X):
    from qmlcourse.sim import feature

    return _fm_states(X, lambda c, d: [c.ry(2 * feature(i), 0) for i in range(d)], n_wires=1)


def _fm_too_large(X):
    from qmlcourse.sim import feature

    return _fm_states(X, lambda c, d: [c.ry(25 * feature(i), i) for i in range(d)])


def _fm_uploaded_twice(X):
    from qmlcourse.sim import feature

    return _fm_states(X, lambda c, d: [c.rx(feature(i), i).ry(feature(i), i) for i in range(d)])


def _fm_two_wires_per_feature(X):
    from qmlcourse.sim import feature

    return _fm_states(X, lambda c, d: [c.ry(feature(i), 2 * i).ry(feature(i), 2 * i + 1) for i in range(d)],
                      n_wires=2 * np.asarray(X).shape[1])


def _fm_hadamard_phase(X):
    from qmlcourse.sim import feature

    return _fm_states(X, lambda c, d: [c.h(i).rz(2 * feature(i), i) for i in range(d)])


def _fm_numpy(X):
    X = np.asarray(X, dtype=float)
    S = np.ones((len(X), 1), dtype=complex)
    for i in range(X.shape[1]):  # RY(2 x)|0> = cos x |0> + sin x |1>, wire 0 the leftmost factor
        q = np.stack([np.cos(X[:, i]), np.sin(X[:, i])], axis=1)
        S = np.einsum("na,nb->nab", S, q).reshape(len(X), -1)
    return S


_DESIGN = _design_cases()

FEATURE_MAP_THAT_SEPARATES = Exercise(
    id="kernels.feature_maps/feature_map_that_separates",
    title="Design a feature map whose kernel separates the data",
    statement=(
        "Design a feature map and return the feature states of the given points, such that an SVM with their "
        "fidelity kernel classifies both data sets of the task (stripes and quadrants) to the target test accuracy. "
        "Graded by training the SVM on your states."
    ),
    template='''from qmlcourse.sim import Circuit, feature


def feature_map_that_separates(X):
    """Feature states |phi(x)> of a map you design, for every row x of X.

    X: float array of shape (N, d): the points of one of the two data sets of this task,
       design_data("stripes") (d = 1: label 1 where cos(2 x) > 0) or
       design_data("quadrants") (d = 2: label 1 where x0 * x1 > 0); values in [-pi, pi].
    Returns: complex array of shape (N, 2**n), row i the normalised statevector |phi(x_i)>
             of your feature map on n <= 8 qubits (build a Circuit reading feature(i), then
             return circuit.statevector(X): one batched call).
    The check trains SVC(kernel="precomputed", C=10) on K = |S S^H|^2 of the training points
    and requires test accuracy >= 0.9 on hidden test points of both data sets.
    Example: Circuit(1).rx(feature(0), 0).statevector(X) is a valid answer for d = 1
             (whether it is good enough is for you to find out).
    """
    raise NotImplementedError("build a Circuit and return its states")
''',
    reference=feature_map_that_separates,
    cases=[c for c, _ in _DESIGN],
    answer=FeatureMapAnswer(problems=tuple((c.label, p) for c, p in _DESIGN)),
    mistakes=[
        Mistake(_fm_one_ry, "one RY(x_i) per feature gives the kernel prod_i (1 + cos(x_i - x_i')) / 2: its feature "
                "space holds only 1, cos x_i and sin x_i (and their products across features), frequency 1, while "
                "the stripes change label where cos(2x) changes sign, four times in [-pi, pi]. Add frequency 2: "
                "encode 2 x, or upload x twice"),
        Mistake(_fm_rz_only, "every kernel entry is 1: RZ(x)|0> = exp(-i x / 2)|0> changes only the global phase, "
                "which |<phi'|phi>|^2 ignores. Put a Hadamard (or an RY) before the RZ, or encode with RY/RX"),
        Mistake(_fm_one_wire, "you rotated one wire by both features: RY(a) RY(b) = RY(a + b), so the state, and "
                "the kernel, depend on x0 + x1 only, and the quadrant labels (the sign of x0 x1) are not a "
                "function of x0 + x1. Give each feature its own wire (the kernel is then a product)"),
        Mistake(_fm_too_large, "your angles are too large (25 x): points a little apart map to nearly orthogonal "
                "states, the kernel matrix is close to the identity, and the SVM memorises the training points "
                "instead of interpolating between them"),
    ],
    alternatives=[_fm_uploaded_twice, _fm_two_wires_per_feature, _fm_hadamard_phase, _fm_numpy],
    hints=[
        "Look at the labels: on the stripes they change where cos(2x) changes sign; on the quadrants they are "
        "the sign of x0 * x1. A kernel SVM can only build functions from the kernel's feature space, the "
        "functions <phi(x)|M|phi(x)>.",
        "One RY(x) on |0> gives amplitudes cos(x/2), sin(x/2): the kernel holds cos x and sin x, frequency 1 (lesson "
        "13's spectrum). RY(2 x), or x uploaded twice on one wire, reaches cos 2x. Separate wires for separate "
        "features make the kernel a product, which contains products like sin x0 sin x1.",
        "d = X.shape[1]; c = Circuit(d); for each i: c.ry(2 * feature(i), i); return c.statevector(X)",
    ],
    seed=1404,
    time_limit=5.0,
)


# --------------------------------------------------------------------------- concept checks

SQUARED_MODULUS = Concept(
    id="kernels.feature_maps/squared_modulus",
    question="Why is the fidelity kernel defined as |<phi(x')|phi(x)>|^2, not as the overlap <phi(x')|phi(x)> itself?",
    options=[
        Option("Because the overlap can be larger than 1.", why=(
            "For normalised states |<phi'|phi>| <= 1 by Cauchy-Schwarz; the overlap is bounded either way.")),
        Option("Because a state is defined only up to a global phase, which changes the overlap but not its "
               "modulus; and |<phi'|phi>|^2 = Tr(rho' rho) is a real, symmetric inner product that a measurement "
               "(the inversion or swap test) estimates.", correct=True, why=(
            "Multiplying |phi(x)> by e^{i a} multiplies the overlap by e^{i a}: the same physical state would give "
            "another kernel value. The squared modulus is the Hilbert-Schmidt inner product of the density matrices "
            "rho = |phi><phi|, so it is a valid kernel, and it is a probability, which shots estimate.")),
        Option("Because the overlap is not a valid kernel at all.", why=(
            "The complex overlap is a Hermitian positive semidefinite kernel; it is rejected for depending on an "
            "unphysical phase and for not being a measurable probability, not for failing positivity.")),
    ],
)

SHOT_COST = Concept(
    id="kernels.feature_maps/shot_cost",
    question=(
        "A training set has N = 100 points. How many circuit executions does its train-train Gram matrix cost on "
        "hardware with the inversion test at 1000 shots per entry?"
    ),
    options=[
        Option("100 (one per point)", why=(
            "One circuit per point is what a simulator needs (one statevector each); hardware does not give "
            "statevectors, only samples of one pair's test circuit.")),
        Option("4,950,000", correct=True, why=(
            "The diagonal is 1 and K is symmetric, so N (N - 1) / 2 = 4950 pairs need a circuit each, run 1000 times: "
            "4.95 million executions, growing as N^2.")),
        Option("10,000,000", why=(
            "That counts all N^2 = 10,000 entries; the diagonal is known (k(x, x) = 1) and k(x, y) = k(y, x), so "
            "only the 4950 pairs above the diagonal need circuits.")),
        Option("1000", why="1000 is the number of shots of one entry, not of the whole matrix."),
    ],
)
