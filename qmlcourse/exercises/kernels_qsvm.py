"""Exercises and concept checks of lesson ``kernels.qsvm`` (notebooks/15_quantum_svm.ipynb).

Three exercises on support vector machines with a quantum kernel:

* ``kernel_matrix_test_train``: from the statevectors of the test and the training points,
  the test-train block ``K[i, j] = |<phi(x_train_j)|phi(x_test_i)>|^2`` of shape
  ``(n_test, n_train)``, the matrix ``SVC(kernel="precomputed").predict`` needs;
* ``qsvm_fit_predict``: fit ``SVC(kernel="precomputed")`` on the train-train matrix of a
  kernel and predict the test labels from the test-train block;
* ``choose_bandwidth`` (a design): choose the bandwidth and ``C`` of a ZZ fidelity-kernel
  SVM that reaches a target test accuracy on given data sets; graded by training with the
  choice.

Two concept checks: what a kernel matrix near the identity does to an SVM, and what the
quantum kernel's win on the Havlicek data set shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from qmlcourse.exercises import Concept, Exercise, Mistake, Option, case, compare
from qmlcourse.grading.compare import Answer, Failure

# --------------------------------------------------------------------------- kernel_matrix_test_train


def kernel_matrix_test_train(states_test: np.ndarray, states_train: np.ndarray) -> np.ndarray:
    """The fidelity kernel's test-train block ``K[i, j] = |<train_j|test_i>|^2``, ``(n_test, n_train)``.

    >>> kernel_matrix_test_train(np.array([[1, 0]]), np.array([[1, 0], [0.6, 0.8j]])).round(2)
    array([[1.  , 0.36]])
    """
    overlaps = np.asarray(states_test) @ np.asarray(states_train).conj().T
    return np.abs(overlaps) ** 2


def _feature_states(X: np.ndarray, feature_map: str, bandwidth: float) -> np.ndarray:
    from qmlcourse.kernels import FidelityKernel

    return FidelityKernel(feature_map=feature_map, bandwidth=bandwidth).states(X)


def _kernel_cases(rng: np.random.Generator) -> list:
    out = []
    for n_qubits, n_train, n_test, fm in ((2, 5, 3, "zz"), (3, 4, 7, "zz"), (2, 6, 2, "iqp")):
        X = rng.uniform(0, 2 * np.pi, (n_train + n_test, n_qubits))
        S = _feature_states(X, fm, 1.0)
        out.append(case(S[n_train:], S[:n_train],
                        label=f"{fm} feature map on {n_qubits} qubits, {n_test} test and {n_train} training points"))
    dim = 8
    A = rng.normal(size=(4, dim)) + 1j * rng.normal(size=(4, dim))
    B = rng.normal(size=(6, dim)) + 1j * rng.normal(size=(6, dim))
    A /= np.linalg.norm(A, axis=1, keepdims=True)
    B /= np.linalg.norm(B, axis=1, keepdims=True)
    out.append(case(A, B, label="random 3-qubit states, 4 test and 6 training points"))
    return out


def _kmat_transposed(states_test, states_train):
    return np.abs(np.asarray(states_train) @ np.asarray(states_test).conj().T) ** 2


def _kmat_train_train(states_test, states_train):
    S = np.asarray(states_train)
    return np.abs(S @ S.conj().T) ** 2


def _kmat_amplitude(states_test, states_train):
    return np.abs(np.asarray(states_test) @ np.asarray(states_train).conj().T)


def _kmat_no_conjugate(states_test, states_train):
    return np.abs(np.asarray(states_test) @ np.asarray(states_train).T) ** 2


def _kmat_complex_overlap(states_test, states_train):
    return np.asarray(states_test) @ np.asarray(states_train).conj().T


def _kmat_loop(states_test, states_train):
    K = np.empty((len(states_test), len(states_train)))
    for i, a in enumerate(states_test):
        for j, b in enumerate(states_train):
            K[i, j] = abs(np.vdot(b, a)) ** 2
    return K


def _kmat_einsum(states_test, states_train):
    ov = np.einsum("ik,jk->ij", np.conj(states_test), states_train)  # conjugating the other side: same modulus
    return ov.real**2 + ov.imag**2


KERNEL_MATRIX_TEST_TRAIN = Exercise(
    id="kernels.qsvm/kernel_matrix_test_train",
    title="The test-train block of a fidelity kernel",
    statement=(
        "Given the statevectors of the test points and of the training points, return the fidelity kernel's "
        "test-train block K[i, j] = |<phi(x_train_j)|phi(x_test_i)>|^2, of shape (n_test, n_train)."
    ),
    template='''def kernel_matrix_test_train(states_test, states_train):
    """The test-train block of the fidelity kernel, as SVC(kernel="precomputed").predict needs it.

    states_test:  complex array of shape (n_test, 2**n), row i the feature state |phi(x_test_i)>.
    states_train: complex array of shape (n_train, 2**n), row j the feature state |phi(x_train_j)>.
    Returns: a real array K of shape (n_test, n_train) (one ROW per test point), where K[i, j]
             is the fidelity kernel k(x_test_i, x_train_j) of the two states.
    Example: with states_test = np.array([[1, 0]]) and states_train = np.array([[1, 0], [0.6, 0.8j]]),
             kernel_matrix_test_train(states_test, states_train) -> array([[1.  , 0.36]])
    """
    raise NotImplementedError("compute the test-train block of the fidelity kernel")
''',
    reference=kernel_matrix_test_train,
    cases=_kernel_cases,
    answer=compare.array(atol=1e-10, rtol=1e-8, real=True, what="kernel entries"),
    mistakes=[
        Mistake(
            _kmat_transposed,
            "your block is transposed, (n_train, n_test): one row per TEST point is what "
            "SVC(kernel='precomputed').predict expects, K[i, j] = k(x_test_i, x_train_j)",
        ),
        Mistake(
            _kmat_train_train,
            "you returned the train-train matrix (n_train, n_train): the test-train block compares each test "
            "state with each training state",
        ),
        Mistake(
            _kmat_amplitude,
            "you returned the modulus of the overlap |<train_j|test_i>|, not its square: the fidelity kernel is "
            "the squared overlap (a probability), and the modulus is larger for every entry strictly between 0 and 1",
        ),
        Mistake(
            _kmat_no_conjugate,
            "no complex conjugate: <a|b> conjugates the entries of one of the two states; without it the "
            "product of two complex states is not their overlap (feature-map states are complex)",
        ),
        Mistake(
            _kmat_complex_overlap,
            "you returned the complex overlaps <train_j|test_i> themselves: the kernel is their squared modulus, "
            "a real number in [0, 1]",
        ),
    ],
    alternatives=[_kmat_loop, _kmat_einsum],
    hints=[
        "Each entry compares one test state with one training state: the fidelity kernel is the probability "
        "|<phi(y)|phi(x)>|^2. All entries at once are one matrix product of the two arrays of states.",
        "Row i of states_test times the complex conjugate of row j of states_train, summed, is the overlap; "
        "the product states_test @ states_train.conj().T gives all of them with the test points as rows. "
        "Then take the squared modulus entrywise.",
        "return np.abs(states_test @ states_train.conj().T) ** 2",
    ],
    seed=150,
)


# --------------------------------------------------------------------------- qsvm_fit_predict


def qsvm_fit_predict(kernel, X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray, C: float) -> np.ndarray:
    """Fit ``SVC(kernel="precomputed", C=C)`` on ``kernel(X_train, X_train)`` and predict from
    the test-train block ``kernel(X_test, X_train)``."""
    from sklearn.svm import SVC

    K_train = kernel(X_train, X_train)
    K_test = kernel(X_test, X_train)
    return SVC(kernel="precomputed", C=C).fit(K_train, y_train).predict(K_test)


def _svm_cases(rng: np.random.Generator) -> list:
    from qmlcourse.datasets import havlicek, moons
    from qmlcourse.kernels import FidelityKernel

    out = []
    for k, (kind, n, fm, bw, C) in enumerate((("havlicek", 24, "zz", 1.0, 1.0),
                                               ("moons", 30, "zz", 0.5, 10.0),
                                               ("moons", 36, "angle", 1.0, 1.0),
                                               ("havlicek", 40, "zz", 1.0, 100.0))):
        seed = int(rng.integers(2**31))
        X, y = havlicek(n, random_state=seed) if kind == "havlicek" else moons(n, noise=0.25, random_state=seed)
        if k == 2:
            y = np.where(y == 1, 1, -1)  # labels -1/+1: predictions are labels, whatever they are
        perm = rng.permutation(n)
        tr, te = perm[: n // 2], perm[n // 2:]
        out.append(case(FidelityKernel(feature_map=fm, bandwidth=bw), X[tr], y[tr], X[te], C,
                        label=f"{kind}, {fm} kernel (bandwidth {bw:g}), {n // 2} training and {n // 2} test points, "
                              f"C={C:g}"))
    return out


def _svm_predict_train(kernel, X_train, y_train, X_test, C):
    from sklearn.svm import SVC

    K_train = kernel(X_train, X_train)
    return SVC(kernel="precomputed", C=C).fit(K_train, y_train).predict(K_train)


def _svm_transposed(kernel, X_train, y_train, X_test, C):
    from sklearn.svm import SVC

    return SVC(kernel="precomputed", C=C).fit(kernel(X_train, X_train), y_train).predict(kernel(X_train, X_test))


def _svm_fit_test(kernel, X_train, y_train, X_test, C):
    from sklearn.svm import SVC

    # the test points' own (symmetric) matrix with the training labels; fitting on the non-symmetric
    # test-train block instead can keep libsvm iterating for minutes, so it is no reproducible mistake
    return SVC(kernel="precomputed", C=C).fit(kernel(X_test, X_test), y_train).predict(kernel(X_test, X_train))


def _svm_test_test(kernel, X_train, y_train, X_test, C):
    from sklearn.svm import SVC

    return SVC(kernel="precomputed", C=C).fit(kernel(X_train, X_train), y_train).predict(kernel(X_test, X_test))


def _svm_callable(kernel, X_train, y_train, X_test, C):
    from sklearn.svm import SVC

    return SVC(kernel=kernel, C=C).fit(X_train, y_train).predict(X_test)


def _svm_by_decision(kernel, X_train, y_train, X_test, C):
    from sklearn.svm import SVC

    svc = SVC(kernel="precomputed", C=C).fit(kernel(X_train), y_train)
    scores = svc.decision_function(kernel(X_test, X_train))
    return np.where(scores > 0, svc.classes_[1], svc.classes_[0])


QSVM_FIT_PREDICT = Exercise(
    id="kernels.qsvm/qsvm_fit_predict",
    title="Fit and predict with a precomputed quantum kernel",
    statement=(
        "Fit sklearn's SVC(kernel='precomputed', C=C) with the train-train kernel matrix and predict the labels "
        "of the test points from the test-train block of the same kernel."
    ),
    template='''def qsvm_fit_predict(kernel, X_train, y_train, X_test, C):
    """Train an SVM on a precomputed (quantum) kernel and predict the test labels.

    kernel:  a function; kernel(A, B) returns the kernel matrix of shape (len(A), len(B)),
             entry [i, j] = k(A[i], B[j]) (a qmlcourse FidelityKernel is such a function).
    X_train: float array (n_train, d); y_train: labels (n_train,); X_test: float array (n_test, d).
    C:       the SVM's regularisation parameter (a positive float).
    Returns: the predicted labels of the test points, an array of shape (n_test,), computed
             with sklearn.svm.SVC(kernel="precomputed", C=C) (import it inside the function).
    The check uses as many test points as training points, so a matrix in the wrong place is
    not stopped by a shape error: it gives wrong labels.
    """
    raise NotImplementedError("fit SVC(kernel='precomputed') and predict the test labels")
''',
    reference=qsvm_fit_predict,
    cases=_svm_cases,
    answer=compare.array(atol=0.0, rtol=0.0, real=True, what="labels"),
    mistakes=[
        Mistake(
            _svm_predict_train,
            "you predicted from the train-train matrix: those are the labels of the TRAINING points; predict "
            "needs the test-train block kernel(X_test, X_train), one row per test point",
        ),
        Mistake(
            _svm_transposed,
            "your test block is transposed, kernel(X_train, X_test): row i must hold k(x_test_i, x_train_j) for "
            "every training point j, so predict gets kernel(X_test, X_train) (only equal sizes hide this from "
            "sklearn's shape check)",
        ),
        Mistake(
            _svm_fit_test,
            "you fitted the SVM on the test points' matrix kernel(X_test, X_test), with the training labels: fit "
            "needs the train-train matrix kernel(X_train, X_train), the similarities among the points whose labels "
            "y_train gives",
        ),
        Mistake(
            _svm_test_test,
            "you predicted from the test-test matrix kernel(X_test, X_test): the SVM's decision function is a sum "
            "over its support vectors, which are training points, so predict needs kernel(X_test, X_train)",
        ),
    ],
    alternatives=[_svm_callable, _svm_by_decision],
    hints=[
        "Two matrices: one to fit (similarities among the training points) and one to predict (similarities of "
        "each test point to every training point).",
        "fit takes the (n_train, n_train) matrix kernel(X_train, X_train) with y_train; predict takes the "
        "(n_test, n_train) block, one row per test point and one column per training point.",
        "from sklearn.svm import SVC; svc = SVC(kernel='precomputed', C=C).fit(kernel(X_train, X_train), y_train); "
        "return svc.predict(kernel(X_test, X_train))",
    ],
    seed=151,
)


# --------------------------------------------------------------------------- choose_bandwidth

#: The grading budget of a choice: bandwidth and C in these closed ranges.
BANDWIDTH_RANGE, C_RANGE = (1e-4, 10.0), (1e-3, 1e4)
_KEYS = ("bandwidth", "C")


def choose_bandwidth(X_train: np.ndarray, y_train: np.ndarray, target: float) -> dict:
    """A bandwidth and C of a ZZ fidelity-kernel SVM, chosen by 3-fold cross-validation on the
    training data alone (the kernel matrix is computed once per bandwidth)."""
    from sklearn.model_selection import GridSearchCV, StratifiedKFold
    from sklearn.svm import SVC

    from qmlcourse.kernels import FidelityKernel

    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    best = (-1.0, None)
    for bandwidth in (0.01, 0.03, 0.1, 0.3, 1.0):
        K = FidelityKernel(feature_map="zz", bandwidth=bandwidth)(X_train)
        search = GridSearchCV(SVC(kernel="precomputed"), {"C": [1.0, 10.0, 100.0]}, cv=cv).fit(K, y_train)
        if search.best_score_ > best[0]:
            best = (search.best_score_, {"bandwidth": bandwidth, "C": float(search.best_params_["C"])})
    return best[1]


def _bandwidth_problem(kind: str, seed: int):
    from sklearn.model_selection import train_test_split

    from qmlcourse.datasets import havlicek

    if kind == "havlicek":
        X, y = havlicek(100, random_state=seed)
        return train_test_split(X, y, test_size=0.3, random_state=seed, stratify=y)
    from sklearn.datasets import load_breast_cancer
    from sklearn.decomposition import PCA
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X, y = load_breast_cancer(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, train_size=150, test_size=150, random_state=seed, stratify=y)
    pipe = make_pipeline(StandardScaler(), PCA(6, random_state=0), StandardScaler()).fit(X_tr)
    return pipe.transform(X_tr), pipe.transform(X_te), y_tr, y_te


#: (data set, seed, target test accuracy, label): each target is met by a cross-validated choice
#: and missed by bandwidth 1 (the cancer data) or by a small bandwidth (the Havlicek data).
_BANDWIDTH_SETS = (
    ("cancer", 5, 0.9, "breast cancer, 6 standardised PCA features (6 qubits), target 0.9"),
    ("havlicek", 6, 0.9, "Havlicek data, 2 features in [0, 2 pi) (2 qubits), target 0.9"),
)


def _bandwidth_cases() -> list:
    out = []
    for kind, seed, target, label in _BANDWIDTH_SETS:
        Xtr, Xte, ytr, yte = _bandwidth_problem(kind, seed)
        out.append((case(Xtr, ytr, target, label=label), (Xte, yte)))
    return out


def _normalised_bandwidth(value: Any) -> tuple | str:
    """The choice as ``(bandwidth, C)``, or a message saying what is wrong with it."""
    if not isinstance(value, dict):
        return f"returned {compare.type_name(value)}, expected a dict with the keys 'bandwidth' and 'C'"
    missing = [k for k in _KEYS if k not in value]
    extra = [str(k) for k in value if k not in _KEYS]
    if missing:
        return f"your dict has no key {', '.join(repr(k) for k in missing)}: it needs 'bandwidth' and 'C'"
    if extra:
        return f"unknown key {', '.join(repr(k) for k in extra)}: the dict takes exactly 'bandwidth' and 'C'"
    out = []
    for name, (lo, hi) in (("bandwidth", BANDWIDTH_RANGE), ("C", C_RANGE)):
        v = value[name]
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.integer, np.floating)) or not (
                np.isfinite(v) and lo <= v <= hi):
            return f"{name} must be a number from {lo:g} to {hi:g}; got {v!r}"
        out.append(float(v))
    return tuple(out)


def train_bandwidth_choice(choice: tuple, X_train, y_train, X_test, y_test) -> dict:
    """Train the ZZ fidelity-kernel SVM of a normalised choice ``(bandwidth, C)``; returns its
    train and test accuracy and the mean off-diagonal entry of the train-train matrix."""
    from sklearn.svm import SVC

    from qmlcourse.kernels import FidelityKernel

    bandwidth, C = choice
    kernel = FidelityKernel(feature_map="zz", bandwidth=bandwidth)
    K = kernel(X_train)
    svc = SVC(kernel="precomputed", C=C).fit(K, y_train)
    off = K[~np.eye(len(K), dtype=bool)]
    return {"train": float(svc.score(K, y_train)), "test": float(svc.score(kernel(X_test, X_train), y_test)),
            "mean_off_diagonal": float(off.mean()), "min_off_diagonal": float(off.min()),
            "n_qubits": X_train.shape[1]}


@dataclass(frozen=True)
class BandwidthAnswer(Answer):
    """Judge a (bandwidth, C) choice by training with it (a labelled case), or compare two
    choices as values (no label: the checker comparing with a typical mistake's choice)."""

    kind: str = "exact"
    problems: tuple = ()

    def aligned(self, value: Any, expected: Any) -> tuple[Any, Any]:
        """Show the learner's choice, never the reference's (many choices are right)."""
        return value, "any choice whose SVM reaches the target test accuracy (the check trains with yours)"

    def judge(self, value: Any, expected: Any, label: str = "", *, validity: bool = True) -> Failure | None:
        if value is None:
            return Failure("type", "returned None: did you forget the `return` statement?")
        choice = _normalised_bandwidth(value)
        if isinstance(choice, str):
            return Failure("type" if not isinstance(value, dict) else "validity", choice)
        problem = dict(self.problems).get(label)
        if problem is None:
            other = _normalised_bandwidth(expected)
            return None if choice == other else Failure("value", "a different choice")
        X_train, y_train, target, X_test, y_test = problem
        r = train_bandwidth_choice(choice, X_train, y_train, X_test, y_test)
        if r["test"] >= target:
            return None
        msg = (f"with bandwidth {choice[0]:g} and C {choice[1]:g} the SVM reached test accuracy {r['test']:.3f} "
               f"(train {r['train']:.3f}); it must reach {target:g} (for {label})")
        chance = 1 / 2 ** r["n_qubits"]
        if r["mean_off_diagonal"] < 3 * chance:
            why = (f"the kernel matrix is close to the identity: its off-diagonal entries average "
                   f"{r['mean_off_diagonal']:.3f}, near the {chance:.3f} of random {r['n_qubits']}-qubit states, so "
                   "every training point is similar only to itself; the SVM memorises the training set and has "
                   "nothing to say about new points: use a smaller bandwidth")
        elif r["min_off_diagonal"] > 0.9:
            why = (f"every kernel entry is above {r['min_off_diagonal']:.2f}: with so small a bandwidth all points "
                   "map to nearly the same state and look alike, so the SVM (with this C) cannot tell the classes "
                   "apart: use a larger bandwidth, or a much larger C")
        else:
            why = ("the kernel is neither near the identity nor near all ones, but this bandwidth does not match "
                   "how the labels depend on the features: try other bandwidths and choose by cross-validation on "
                   "the training data")
        return Failure("value", f"{msg}: {why}")


_BANDWIDTH = _bandwidth_cases()

CHOOSE_BANDWIDTH = Exercise(
    id="kernels.qsvm/choose_bandwidth",
    title="Choose a bandwidth that beats the baseline",
    statement=(
        "Choose the bandwidth and C of an SVM with the ZZ fidelity kernel so that, trained on the given data, it "
        "reaches the target accuracy on a hidden test split of the same data set. Graded by training with your "
        "choice."
    ),
    template='''def choose_bandwidth(X_train, y_train, target):
    """Choose the bandwidth and C of a ZZ fidelity-kernel SVM that reaches a target test accuracy.

    X_train: float array of shape (N, d), the training features (d qubits, one per feature;
             look at their number and their spread!).
    y_train: integer array of shape (N,), labels 0 and 1.
    target:  the test accuracy the SVM must reach on a hidden test split, e.g. 0.9.
    Returns: a dict with exactly two keys:
        "bandwidth": a number from 1e-4 to 10 (features are scaled x -> bandwidth * x),
        "C":         a number from 1e-3 to 1e4 (the SVM's regularisation).
    The check trains SVC(kernel="precomputed", C=C) on FidelityKernel(feature_map="zz",
    bandwidth=bandwidth)(X_train) and scores it on the hidden test points.
    You may compute inside the function (for example cross-validate on X_train), within a few seconds.
    Example: choose_bandwidth(X_train, y_train, 0.9) -> {"bandwidth": 1.0, "C": 1.0} is a valid
             dict (whether it reaches 0.9 is for you to find out).
    """
    raise NotImplementedError("choose the bandwidth and C")
''',
    reference=choose_bandwidth,
    cases=[c for c, _ in _BANDWIDTH],
    answer=BandwidthAnswer(problems=tuple((c.label, (*c.args, *test)) for c, test in _BANDWIDTH)),
    mistakes=[
        Mistake(
            lambda X_train, y_train, target: {"bandwidth": 1.0, "C": 1.0},
            "bandwidth 1 on 6 standardised features makes the kernel matrix nearly the identity (off-diagonal "
            "entries near 1/2^6, as for random states): each training point resembles only itself, the SVM "
            "memorises the training set (train accuracy near 1) and guesses on the test points",
        ),
        Mistake(
            lambda X_train, y_train, target: {"bandwidth": 0.001, "C": 1.0},
            "bandwidth 0.001 maps every point to nearly the same state: all kernel entries are close to 1, every "
            "point looks like every other, and with C = 1 the SVM predicts almost one class everywhere",
        ),
        Mistake(
            lambda X_train, y_train, target: {"bandwidth": 0.03, "C": 10.0},
            "one small bandwidth for every data set: 0.03 suits the 6 standardised cancer features, but the "
            "Havlicek labels were made by the ZZ map at bandwidth 1, and shrinking the features by 0.03 blurs "
            "exactly the structure that decides them: look at the data, or cross-validate",
        ),
    ],
    alternatives=[
        lambda X_train, y_train, target: {"bandwidth": 1.0 if X_train.shape[1] <= 2 else 0.03, "C": 10.0},
        lambda X_train, y_train, target: {"bandwidth": float(np.clip(0.3 / X_train.shape[1] ** 1.5
                                                                     if X_train.min() < 0 else 1.0, 1e-4, 10)),
                                          "C": 10.0},
    ],
    hints=[
        "The bandwidth decides how far apart two points must be before the kernel calls them different. Too "
        "large, and every point is different from every other (a kernel matrix near the identity); too small, "
        "and all points look the same (all entries near 1). The right value depends on the number of features "
        "and their spread.",
        "Section 5 of the lesson sweeps the bandwidth: on standardised data with several qubits good values are "
        "far below 1, while data made by the ZZ map itself wants the map as it is. Rather than guess, "
        "cross-validate on X_train: compute FidelityKernel(feature_map='zz', bandwidth=b)(X_train) for a few b "
        "and run GridSearchCV(SVC(kernel='precomputed'), {'C': [...]}, cv=4) on it.",
        "for b in (0.01, 0.03, 0.1, 0.3, 1.0): K = FidelityKernel(feature_map='zz', bandwidth=b)(X_train); "
        "s = GridSearchCV(SVC(kernel='precomputed'), {'C': [0.1, 1, 10, 100]}, cv=4).fit(K, y_train); keep the b "
        "and s.best_params_['C'] of the best s.best_score_, and return them as the dict",
    ],
    seed=152,
    time_limit=5.0,
)


# --------------------------------------------------------------------------- concept checks

IDENTITY_KERNEL = Concept(
    id="kernels.qsvm/identity_kernel",
    question=(
        "With a large bandwidth on many qubits the train-train kernel matrix is close to the identity. What does "
        "an SVM trained on it do?"
    ),
    options=[
        Option("It generalises especially well, because the classes are perfectly separated.", why=(
            "The training points are separated, but only because each one is unlike every other point; a test "
            "point is unlike all of them too, so its decision value is close to the intercept alone.")),
        Option("It fits the training labels (train accuracy near 1) and predicts new points close to chance: it "
               "memorises.", correct=True, why=(
            "A kernel near the identity says each training point is similar only to itself. Every point becomes a "
            "support vector, the training labels are reproduced, and a new point, similar to none of them, gets "
            "about the same decision value whatever its class: section 5's sweep shows train accuracy 1 and test "
            "accuracy falling towards 0.5.")),
        Option("It cannot be trained: the SVM needs a kernel matrix with non-zero off-diagonal entries.", why=(
            "The identity is a valid (positive definite) kernel matrix, and the SVM trains on it without "
            "complaint; the problem is what it learns, not whether it runs.")),
    ],
)

HAVLICEK_WIN = Concept(
    id="kernels.qsvm/havlicek_win",
    question=(
        "On the Havlicek data set the ZZ-kernel SVM beats a tuned RBF SVM, while on moons and on the breast cancer "
        "data it does not. What does that show?"
    ),
    options=[
        Option("That quantum kernels are more powerful than classical kernels.", why=(
            "On the two data sets not built for it, the quantum kernel is no better than the RBF kernel; one data "
            "set made to suit a model shows that the model suits it, nothing more general.")),
        Option("That a kernel wins when it matches how the labels were made: those labels are a linear function "
               "of the ZZ feature state, which the ZZ kernel sees directly.", correct=True, why=(
            "The data set was generated from the same feature map the kernel uses, so a linear separator in that "
            "feature space exists with a margin. The same is true of any classical kernel on data generated from "
            "its own features; an advantage on real data would need real data with that structure.")),
        Option("That the RBF SVM was not tuned well enough.", why=(
            "The RBF SVM was tuned by the same cross-validated grid search on the same folds; it loses because "
            "its notion of similarity (distance in the plane) does not match the labels' structure.")),
    ],
)
