"""Exercises and concept checks of lesson ``vqc.classifier`` (notebooks/12_training_a_classifier.ipynb).

Four exercises on training a variational classifier:

* ``predict_labels``: from the expectation value <Z> of the read-out qubit to class labels,
  through the probability of measuring 1 and a threshold;
* ``accuracy``: the fraction of correct predictions;
* ``train_step``: plain gradient descent, one step at a time, keeping every iterate;
* ``reach_accuracy`` (a design): choose the hyperparameters of ``VQCClassifier`` (layers,
  learning rate, epochs, feature scaling) so that every seeded training run reaches a
  target test accuracy on a given data set; graded by training with the choice.

Two concept checks: why features are scaled before an angle encoding, and what equal
accuracies of a VQC and an SVM say.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from qmlcourse.exercises import Concept, Exercise, Mistake, Option, case, compare
from qmlcourse.grading.compare import Answer, Failure

# --------------------------------------------------------------------------- predict_labels


def predict_labels(expvals: np.ndarray, threshold: float) -> np.ndarray:
    """Labels from <Z> of the read-out qubit: 1 where P(measure 1) = (1 - <Z>)/2 >= threshold."""
    z = np.asarray(expvals, dtype=float)
    p1 = (1 - z) / 2
    return (p1 >= threshold).astype(int)


_THRESHOLDS = (0.25, 0.375, 0.5, 0.625, 0.75)  # dyadic: the ties below are exact in floating point


def _label_cases(rng: np.random.Generator) -> list:
    out = []
    for k, n in enumerate([6, 9, 12, 15]):
        t = float(_THRESHOLDS[(k + int(rng.integers(len(_THRESHOLDS)))) % len(_THRESHOLDS)])
        if k == 0:
            t = 0.5
        z = rng.uniform(-1, 1, n).round(6)
        z[int(rng.integers(n))] = 1 - 2 * t  # exactly on the threshold: P(1) == threshold
        z[0], z[1] = 0.9, -0.9  # one clear class 0, one clear class 1
        out.append(case(z, t, label=f"{n} values of <Z>, threshold {t}"))
    return out


def _labels_sign(expvals, threshold):
    return (((1 + np.asarray(expvals, dtype=float)) / 2) >= threshold).astype(int)


def _labels_strict(expvals, threshold):
    return (((1 - np.asarray(expvals, dtype=float)) / 2) > threshold).astype(int)


def _labels_probabilities(expvals, threshold):
    return (1 - np.asarray(expvals, dtype=float)) / 2


def _labels_no_threshold(expvals, threshold):
    return (((1 - np.asarray(expvals, dtype=float)) / 2) >= 0.5).astype(int)


def _labels_from_z(expvals, threshold):
    # P(1) >= t  <=>  (1 - z)/2 >= t  <=>  z <= 1 - 2t
    return np.where(np.asarray(expvals, dtype=float) <= 1 - 2 * threshold, 1, 0)


PREDICT_LABELS = Exercise(
    id="vqc.classifier/predict_labels",
    title="From expectation values to class labels",
    statement=(
        "A classifier measures its read-out qubit: the probability of the outcome 1 is (1 - <Z>)/2. "
        "Turn expectation values <Z> into labels 0/1: label 1 where that probability is at least the threshold."
    ),
    template='''def predict_labels(expvals, threshold):
    """Class labels from the expectation values <Z> of a classifier's read-out qubit.

    expvals:   float array of shape (N,), values of <Z> in [-1, 1], one per data point.
    threshold: a float in (0, 1). A point gets label 1 when the probability of measuring
               the outcome 1 on the read-out qubit is AT LEAST threshold, else label 0.
               (The outcome 1 has eigenvalue -1 of Z, so <Z> = P(0) - P(1).)
    Returns: an integer array of shape (N,) with entries 0 or 1 (not booleans).
    Example: predict_labels(np.array([1.0, -1.0, 0.0]), 0.5) -> array([0, 1, 1])
    """
    raise NotImplementedError("turn <Z> into P(1), then into labels")
''',
    reference=predict_labels,
    cases=_label_cases,
    answer=compare.array(atol=0.0, rtol=0.0, real=True, what="labels"),
    mistakes=[
        Mistake(
            _labels_sign,
            "the sign convention is reversed: you used (1 + <Z>)/2, which is the probability of the outcome 0; "
            "the outcome 1 has eigenvalue -1, so P(1) = (1 - <Z>)/2",
        ),
        Mistake(
            _labels_strict,
            "a point whose probability equals the threshold exactly got label 0: the rule is 'at least the "
            "threshold', so compare with >=, not >",
        ),
        Mistake(
            _labels_probabilities,
            "you returned the probabilities P(1) themselves: compare them with the threshold and return the "
            "labels 0 or 1",
        ),
        Mistake(
            _labels_no_threshold,
            "you always compared with 0.5: use the threshold argument (a classifier may move it, for instance "
            "to trade false positives for false negatives)",
        ),
    ],
    alternatives=[_labels_from_z],
    hints=[
        "First turn each <Z> into the probability of the outcome 1 (the Born rule of lessons 4 and 8), then "
        "compare that probability with the threshold.",
        "<Z> = P(0) - P(1) and P(0) + P(1) = 1, so P(1) = (1 - <Z>)/2. 'At least' means >=. Booleans become "
        "integers with .astype(int).",
        "p1 = (1 - np.asarray(expvals)) / 2; return (p1 >= threshold).astype(int)",
    ],
    seed=120,
)


# --------------------------------------------------------------------------- accuracy


def accuracy(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """The fraction of points whose predicted label equals the true one."""
    y_true = np.asarray(y_true)
    y_pred = np.asarray(y_pred)
    return float(np.mean(y_true == y_pred))


def _accuracy_cases(rng: np.random.Generator) -> list:
    out = []
    for n, p_wrong in ((7, 0.2), (13, 0.35), (40, 0.1), (60, 0.6)):
        y = rng.integers(0, 2, n)
        wrong = rng.random(n) < p_wrong
        wrong[0], wrong[1] = True, False  # never all right or all wrong
        if int(wrong.sum()) * 2 == n:  # an accuracy of exactly 0.5 would hide an error rate
            wrong[2] = not wrong[2]
        pred = np.where(wrong, 1 - y, y)
        out.append(case(y, pred, label=f"{n} points, labels 0/1"))
    y = rng.choice(np.array([-1, 1]), 9)
    pred = y.copy()
    pred[[0, 3]] *= -1
    out.append(case(y, pred, label="9 points, labels -1/+1"))
    return out


def _accuracy_count(y_true, y_pred):
    return float(np.sum(np.asarray(y_true) == np.asarray(y_pred)))


def _accuracy_error_rate(y_true, y_pred):
    return float(np.mean(np.asarray(y_true) != np.asarray(y_pred)))


def _accuracy_percent(y_true, y_pred):
    return float(100 * np.mean(np.asarray(y_true) == np.asarray(y_pred)))


def _accuracy_loop(y_true, y_pred):
    right = sum(1 for a, b in zip(list(y_true), list(y_pred), strict=True) if a == b)
    return right / len(y_true)


def _accuracy_sklearn(y_true, y_pred):
    from sklearn.metrics import accuracy_score

    return float(accuracy_score(y_true, y_pred))


ACCURACY = Exercise(
    id="vqc.classifier/accuracy",
    title="Accuracy",
    statement="Return the fraction of predictions that equal the true labels.",
    template='''def accuracy(y_true, y_pred):
    """The accuracy of predictions: the fraction of points classified correctly.

    y_true, y_pred: arrays of shape (N,) of class labels (any labels: 0/1, -1/+1, ...).
    Returns: a float in [0, 1].
    Example: accuracy(np.array([0, 1, 1, 0]), np.array([0, 1, 0, 0])) -> 0.75
    """
    raise NotImplementedError("compute the accuracy")
''',
    reference=accuracy,
    cases=_accuracy_cases,
    answer=compare.scalar(atol=1e-12, rtol=0.0, real=True, what="accuracy"),
    mistakes=[
        Mistake(_accuracy_count, "you returned the number of correct predictions: divide by the number of points"),
        Mistake(_accuracy_error_rate, "you returned the error rate (the fraction of WRONG predictions): "
                                      "accuracy is 1 minus that"),
        Mistake(_accuracy_percent, "you returned a percentage: the accuracy is a fraction in [0, 1]"),
    ],
    alternatives=[_accuracy_loop, _accuracy_sklearn],
    hints=[
        "Compare the two arrays entry by entry, then count how often they agree.",
        "y_true == y_pred is a boolean array; the mean of booleans is the fraction of True entries.",
        "return float(np.mean(np.asarray(y_true) == np.asarray(y_pred)))",
    ],
    seed=121,
)


# --------------------------------------------------------------------------- train_step


class QuadraticGradient:
    """The gradient ``A @ p - b`` of the loss ``L(p) = p @ A @ p / 2 - b @ p`` (a callable).

    >>> g = QuadraticGradient(np.eye(2), np.array([1.0, 0.0]))
    >>> g(np.array([3.0, 0.0]))
    array([2., 0.])
    """

    def __init__(self, A, b):
        self.A = np.asarray(A, dtype=float)
        self.b = np.asarray(b, dtype=float)

    def __call__(self, params):
        return self.A @ np.asarray(params, dtype=float) - self.b

    def __repr__(self) -> str:
        return f"<gradient of a quadratic loss in {self.b.size} parameters>"


def train_step(params: np.ndarray, grad_fn, lr: float, n_steps: int) -> np.ndarray:
    """``n_steps`` gradient-descent steps ``params <- params - lr * grad_fn(params)``; every iterate."""
    p = np.array(params, dtype=float)  # a copy: the caller's array is left alone
    history = [p.copy()]
    for _ in range(n_steps):
        p = p - lr * grad_fn(p)
        history.append(p.copy())
    return np.array(history)


def _train_cases(rng: np.random.Generator) -> list:
    out = []
    for n_params, n_steps in ((2, 1), (3, 3), (4, 5), (5, 4)):
        m = rng.normal(size=(n_params, n_params))
        A = m @ m.T / n_params + np.eye(n_params)
        b = rng.normal(size=n_params)
        lr = float(round(0.5 / np.linalg.eigvalsh(A).max(), 4))
        p0 = rng.normal(size=n_params)
        out.append(case(p0, QuadraticGradient(A, b), lr, n_steps,
                        label=f"{n_params} parameters, {n_steps} step(s), lr {lr}"))
    return out


def _train_ascent(params, grad_fn, lr, n_steps):
    p = np.array(params, dtype=float)
    history = [p.copy()]
    for _ in range(n_steps):
        p = p + lr * grad_fn(p)
        history.append(p.copy())
    return np.array(history)


def _train_in_place(params, grad_fn, lr, n_steps):
    p = np.array(params, dtype=float)
    history = [p]
    for _ in range(n_steps):
        p -= lr * grad_fn(p)  # changes the one array every list entry refers to
        history.append(p)
    return np.array(history)


def _train_no_start(params, grad_fn, lr, n_steps):
    p = np.array(params, dtype=float)
    history = []
    for _ in range(n_steps):
        p = p - lr * grad_fn(p)
        history.append(p.copy())
    return np.array(history)


def _train_gradient_once(params, grad_fn, lr, n_steps):
    p = np.array(params, dtype=float)
    g = grad_fn(p)
    history = [p.copy()]
    for _ in range(n_steps):
        p = p - lr * g
        history.append(p.copy())
    return np.array(history)


def _train_preallocated(params, grad_fn, lr, n_steps):
    params = np.asarray(params, dtype=float)
    history = np.empty((n_steps + 1, params.size))
    history[0] = params
    for k in range(n_steps):
        history[k + 1] = history[k] - lr * grad_fn(history[k])
    return history


TRAIN_STEP = Exercise(
    id="vqc.classifier/train_step",
    title="Gradient-descent steps, every iterate kept",
    statement=(
        "Run n_steps of plain gradient descent params <- params - lr * grad_fn(params) and return every "
        "iterate, the starting point first, as an array of shape (n_steps + 1, P)."
    ),
    template='''def train_step(params, grad_fn, lr, n_steps):
    """Plain gradient descent, keeping every iterate (a training history).

    params:  float array of shape (P,), the starting parameters (leave this array unchanged).
    grad_fn: a function; grad_fn(p) returns the gradient of the loss at p, shape (P,).
    lr:      the learning rate, a positive float.
    n_steps: the number of gradient-descent steps, a positive integer.
    Returns: a float array of shape (n_steps + 1, P): row 0 is the starting params, row k
             the parameters after k steps.
    Example: with grad_fn = lambda p: 2 * p (the loss |p|^2), lr = 0.25 and n_steps = 2,
             train_step(np.array([1.0]), grad_fn, 0.25, 2) -> array([[1.], [0.5], [0.25]])
    """
    raise NotImplementedError("take n_steps gradient-descent steps and keep every iterate")
''',
    reference=train_step,
    cases=_train_cases,
    answer=compare.array(atol=1e-10, rtol=1e-8, real=True, what="parameters"),
    mistakes=[
        Mistake(
            _train_ascent,
            "you stepped along the gradient (params + lr * grad): the gradient points uphill, so the loss "
            "grows; gradient descent subtracts it",
        ),
        Mistake(
            _train_in_place,
            "every row of your history is the final parameters: `p -= ...` changes the array in place, so each "
            "list entry refers to the same array; write p = p - lr * grad (a new array) or append p.copy()",
        ),
        Mistake(
            _train_no_start,
            "your history starts after the first step: row 0 must be the starting parameters, so there are "
            "n_steps + 1 rows",
        ),
        Mistake(
            _train_gradient_once,
            "you computed the gradient once, at the start, and reused it: evaluate grad_fn at the current "
            "parameters on every step",
        ),
    ],
    alternatives=[_train_preallocated],
    hints=[
        "Keep a list that starts with (a copy of) the starting parameters; each step computes the gradient "
        "at the current parameters, moves against it, and appends the result.",
        "The update is p = p - lr * grad_fn(p). Appending the same array object after changing it in place "
        "would store n_steps + 1 references to one array; np.array(list) stacks the rows.",
        "p = np.array(params, dtype=float); history = [p.copy()]; then n_steps times: p = p - lr * grad_fn(p); "
        "history.append(p.copy()); return np.array(history)",
    ],
    seed=122,
)


# --------------------------------------------------------------------------- reach_accuracy

#: Seeds of the initial weights the check trains with; every run must reach the target.
REACH_SEEDS = (0, 1, 2)
#: Budget of a choice (keeps the check fast): at most this many layers and epochs.
MAX_LAYERS, MAX_EPOCHS, MAX_LEARNING_RATE = 4, 60, 2.0
_KEYS = ("n_layers", "learning_rate", "epochs", "scale_inputs")


def reach_accuracy(X_train: np.ndarray, y_train: np.ndarray, target: float) -> dict:
    """Hyperparameters of VQCClassifier that reach ``target`` on this data set from every seed."""
    return {"n_layers": 3, "learning_rate": 0.1, "epochs": 60, "scale_inputs": True}


def _reach_problem(kind: str, seed: int):
    from sklearn.model_selection import train_test_split

    from qmlcourse.datasets import circles, moons

    if kind == "moons":
        X, y = moons(120, noise=0.2, random_state=seed)
    elif kind == "circles":
        X, y = circles(120, noise=0.1, random_state=seed)
    else:  # moons measured in other units: stretched by 8 and shifted by 5
        X, y = moons(120, noise=0.15, random_state=seed)
        X = 8 * X + 5
    return train_test_split(X, y, test_size=0.3, random_state=seed, stratify=y)


def _reach_cases() -> list:
    out = []
    for kind, seed, label in (("moons", 11, "moons (noise 0.2), target 0.9"),
                              ("circles", 12, "circles (noise 0.1), target 0.9"),
                              ("stretched", 13, "moons in other units (x 8 + 5), target 0.9")):
        Xtr, Xte, ytr, yte = _reach_problem(kind, seed)
        out.append((case(Xtr, ytr, 0.9, label=label), (Xte, yte)))
    return out


def _normalised_choice(value: Any) -> tuple | str:
    """The choice as a hashable tuple, or a message saying what is wrong with it."""
    if not isinstance(value, dict):
        return f"returned {compare.type_name(value)}, expected a dict with the keys {', '.join(_KEYS)}"
    missing = [k for k in _KEYS if k not in value]
    extra = [str(k) for k in value if k not in _KEYS]
    if missing:
        return f"your dict has no key {', '.join(repr(k) for k in missing)}: it needs {', '.join(_KEYS)}"
    if extra:
        return f"unknown key {', '.join(repr(k) for k in extra)}: the dict takes exactly {', '.join(_KEYS)}"
    n_layers, lr, epochs, scale = (value[k] for k in _KEYS)
    for name, v, hi in (("n_layers", n_layers, MAX_LAYERS), ("epochs", epochs, MAX_EPOCHS)):
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, np.integer)) or not 1 <= v <= hi:
            return f"{name} must be an integer from 1 to {hi} (the check's time budget); got {v!r}"
    if isinstance(lr, (bool, np.bool_)) or not isinstance(lr, (int, float, np.integer, np.floating)) or not (
            np.isfinite(lr) and 0 < lr <= MAX_LEARNING_RATE):
        return f"learning_rate must be a number in (0, {MAX_LEARNING_RATE:g}]; got {lr!r}"
    if not isinstance(scale, (bool, np.bool_)):
        return f"scale_inputs must be True or False; got {scale!r}"
    return (int(n_layers), float(lr), int(epochs), bool(scale))


_TRAINED: dict = {}


def train_choice(choice: tuple, X_train, y_train, X_test, y_test) -> list[tuple[float, list[float]]]:
    """Train ``VQCClassifier`` with a normalised choice from every seed of ``REACH_SEEDS``;
    returns ``(test accuracy, loss curve)`` per seed (cached)."""
    key = (choice, X_train.tobytes(), X_test.tobytes())
    if key not in _TRAINED:
        from qmlcourse.models import VQCClassifier

        n_layers, lr, epochs, scale = choice
        runs = []
        for seed in REACH_SEEDS:
            clf = VQCClassifier(n_layers=n_layers, learning_rate=lr, max_iter=epochs, tol=None,
                                scale_inputs=scale, random_state=seed).fit(X_train, y_train)
            runs.append((float(clf.score(X_test, y_test)), list(clf.loss_curve_)))
        _TRAINED[key] = runs
    return _TRAINED[key]


@dataclass(frozen=True)
class ReachAnswer(Answer):
    """Judge a hyperparameter choice by training with it (a labelled case), or compare two
    choices as values (no label: the checker comparing with a typical mistake's choice)."""

    kind: str = "exact"
    problems: tuple = ()

    def aligned(self, value: Any, expected: Any) -> tuple[Any, Any]:
        """What feedback shows: the learner's choice, never the reference's (a design task has
        many right answers, and showing one would give it away)."""
        return value, "any choice that reaches the target from every seed (the check trains with yours)"

    def judge(self, value: Any, expected: Any, label: str = "", *, validity: bool = True) -> Failure | None:
        if value is None:
            return Failure("type", "returned None: did you forget the `return` statement?")
        choice = _normalised_choice(value)
        if isinstance(choice, str):
            return Failure("type" if not isinstance(value, dict) else "validity", choice)
        problem = dict(self.problems).get(label)
        if problem is None:
            other = _normalised_choice(expected)
            return None if choice == other else Failure("value", "a different choice")
        X_train, y_train, target, X_test, y_test = problem
        runs = train_choice(choice, X_train, y_train, X_test, y_test)
        accs = [a for a, _ in runs]
        if min(accs) >= target:
            return None
        shown = ", ".join(f"{a:.3f}" for a in accs)
        n_layers, lr, epochs, scale = choice
        msg = (f"trained from {len(accs)} seeded initialisations, your choice reached test accuracies {shown}; "
               f"every one must reach {target:g} (for {label})")
        worst = runs[int(np.argmin(accs))][1]
        span = float(np.ptp(X_train, axis=0).max())
        if not scale and span > np.pi:
            why = (f"without scaling the features span up to {span:.1f} radians as angles; rotations are periodic, "
                   "so points far apart can get nearly the same encoded state")
        elif max(np.diff(worst), default=0.0) > 0.05:
            why = ("the loss jumped up during training: the learning rate is large for Adam, whose steps move "
                   "every angle by up to about the learning rate")
        elif worst[-1] > 0.8 * worst[0]:
            why = (f"the loss hardly fell (from {worst[0]:.3f} to {worst[-1]:.3f}): too few epochs or too small "
                   "a learning rate to train within the budget")
        else:
            why = (f"the loss fell (from {worst[0]:.3f} to {worst[-1]:.3f}) but not far enough to separate the "
                   "classes: the model may need more layers, more epochs or a larger learning rate")
        return Failure("value", f"{msg}: {why}")


_REACH = _reach_cases()

REACH_ACCURACY = Exercise(
    id="vqc.classifier/reach_accuracy",
    title="Choose hyperparameters that reach a target accuracy",
    statement=(
        "Choose n_layers, learning_rate, epochs and scale_inputs for VQCClassifier so that training on the "
        "given data from each of 3 seeded initialisations reaches the target accuracy on a held-out test set. "
        "Graded by training with your choice."
    ),
    template='''def reach_accuracy(X_train, y_train, target):
    """Choose hyperparameters of VQCClassifier that reach a target test accuracy.

    X_train: float array of shape (N, 2), the training features (look at their range!).
    y_train: integer array of shape (N,), labels 0 and 1.
    target:  the test accuracy every training run must reach, e.g. 0.9.
    Returns: a dict with exactly these keys:
        "n_layers":      an integer from 1 to 4 (re-uploading layers),
        "learning_rate": a number in (0, 2] (Adam's step size),
        "epochs":        an integer from 1 to 60 (full-batch Adam steps),
        "scale_inputs":  True or False (min-max scale the features to [-pi/2, pi/2]).
    The check trains VQCClassifier(n_layers=..., learning_rate=..., max_iter=epochs, tol=None,
    scale_inputs=..., random_state=s) on (X_train, y_train) for s = 0, 1, 2 and scores each
    model on a hidden test split of the same data set: all three must reach target.
    Example: reach_accuracy(X_train, y_train, 0.9) -> {"n_layers": 2, "learning_rate": 0.05,
             "epochs": 30, "scale_inputs": False} is a valid dict (whether it reaches 0.9 is
             for you to find out).
    """
    raise NotImplementedError("choose the hyperparameters")
''',
    reference=reach_accuracy,
    cases=[c for c, _ in _REACH],
    answer=ReachAnswer(problems=tuple((c.label, (*c.args, *test)) for c, test in _REACH)),
    mistakes=[
        Mistake(
            lambda X_train, y_train, target: {"n_layers": 3, "learning_rate": 0.1, "epochs": 60,
                                              "scale_inputs": False},
            "without scaling, the stretched features (spread over more than 20 radians) wind several times round the "
            "rotation angle's period, so points far apart get nearly the same state: scale the inputs",
        ),
        Mistake(
            lambda X_train, y_train, target: {"n_layers": 3, "learning_rate": 0.1, "epochs": 5,
                                              "scale_inputs": True},
            "5 epochs are too few: with learning rate 0.1 Adam moves each angle by at most about 0.5 radians in "
            "total, not enough to train from some of the random initialisations",
        ),
        Mistake(
            lambda X_train, y_train, target: {"n_layers": 3, "learning_rate": 0.002, "epochs": 60,
                                              "scale_inputs": True},
            "learning rate 0.002 is too small for 60 epochs: Adam moves each angle by about 0.002 radians per "
            "step, about 0.1 in total, so the model stays close to its random start",
        ),
        Mistake(
            lambda X_train, y_train, target: {"n_layers": 3, "learning_rate": 1.5, "epochs": 60,
                                              "scale_inputs": True},
            "learning rate 1.5 is too large: Adam's steps move every angle by up to about 1.5 radians, a "
            "quarter of a full turn, so training jumps across the minima instead of settling in one",
        ),
        Mistake(
            lambda X_train, y_train, target: {"n_layers": 1, "learning_rate": 0.1, "epochs": 60,
                                              "scale_inputs": True},
            "one layer is too simple: each feature is encoded once, so the logit is a trigonometric polynomial of "
            "degree 1 in each (scaled) feature, too smooth for the moons' curved boundary; use more layers",
        ),
    ],
    alternatives=[
        lambda X_train, y_train, target: {"n_layers": 3, "learning_rate": 0.2, "epochs": 40, "scale_inputs": True},
        lambda X_train, y_train, target: {"n_layers": 4, "learning_rate": 0.08, "epochs": 60,
                                          "scale_inputs": bool(np.ptp(X_train, axis=0).max() > 1.0)},
    ],
    hints=[
        "Three things decide: can the model bend its boundary enough (layers), does training get there within "
        "the budget (learning rate times epochs), and does the encoding see the data sensibly (scaling). Look at "
        "the range of X_train in each case.",
        "Angles are periodic, so features spanning tens of radians need scaling. Adam moves each parameter by "
        "about the learning rate per step: 60 steps of 0.1 is plenty, 60 steps of 0.002 is not, and steps of "
        "1 radian or more overshoot. One layer gives only degree-1 functions of each feature.",
        'return {"n_layers": 3, "learning_rate": 0.1, "epochs": 60, "scale_inputs": True}',
    ],
    seed=123,
    time_limit=5.0,
)


# --------------------------------------------------------------------------- concept checks

WHY_SCALE = Concept(
    id="vqc.classifier/why_scale_features",
    question=(
        "A feature is encoded as a rotation angle, RY(x). Why scale the features to a range like "
        "[-pi/2, pi/2] first?"
    ),
    options=[
        Option("Because the simulator only accepts angles in that range.", why=(
            "Any real angle works; RY(x + 2 pi) is the same rotation up to a sign, which is exactly the "
            "problem with unscaled data.")),
        Option("Because rotations are periodic: unscaled features spanning many radians wrap around, and points "
               "far apart can get the same state.", correct=True, why=(
            "RY(x) and RY(x + 2 pi) differ only by a global phase, so every measured probability repeats with "
            "period 2 pi in x; section 6.2 shows the accuracy falling to chance on stretched moons without scaling.")),
        Option("Because it makes the circuit shallower.", why=(
            "The circuit is the same for every input: scaling changes the angles, not the number of gates.")),
    ],
)

EQUAL_ACCURACY = Concept(
    id="vqc.classifier/equal_accuracy_meaning",
    question=(
        "On the same test split the VQC and an RBF SVM both reach a test accuracy of 0.95. What does that show?"
    ),
    options=[
        Option("The VQC has a quantum advantage on this task.", why=(
            "Equal accuracy is no advantage, and the SVM trains in milliseconds where the VQC needs seconds of "
            "simulation; an advantage would need a task where classical models fail.")),
        Option("Both models solve this small task about equally well; it says nothing about quantum advantage.",
               correct=True, why=(
            "Two-dimensional moons are easy for a kernel SVM. On 60 test points one point changes the accuracy "
            "by 0.017, and section 6.1 shows the VQC's accuracy moving by more than that from one random start "
            "to another.")),
        Option("The VQC is better, because it has fewer parameters.", why=(
            "Fewer parameters are not better in themselves, and accuracy on one small split cannot rank two "
            "models that tie.")),
    ],
)
