"""Exercises of lesson ``ml.refresher`` (notebooks/05_classical_ml_refresher.ipynb).

Pieces of classical machine learning that every later lesson reuses: the mean squared error,
plain gradient descent (returning the whole path, so a loss curve can be drawn), the Gram
matrix of the Gaussian (RBF) kernel with scikit-learn's ``gamma`` convention, and a decision
exercise: choosing a learning rate for a quadratic loss, graded by running gradient descent
with the learner's rate (:class:`ConvergenceAnswer`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from qmlcourse.exercises import Concept, Exercise, Mistake, Option, case, compare
from qmlcourse.grading.compare import Answer, Failure

# --------------------------------------------------------------------------- mse_loss


def mse_loss(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Mean squared error: the average of (y_pred - y_true)**2."""
    errors = np.asarray(y_pred, dtype=float) - np.asarray(y_true, dtype=float)
    return float(np.mean(errors**2))


def _mse_cases(rng: np.random.Generator) -> list:
    y = np.array([1.0, 2.0, 3.0, 4.0])
    return [
        case(y, np.array([1.5, 2.0, 2.0, 6.0]), label="4 targets"),
        case(np.array([2.0, -1.0, 0.5]), np.array([2.5, 0.0, 0.5]), label="3 targets"),
        case(rng.normal(size=7), rng.normal(size=7), label="7 random targets"),
        case(rng.normal(size=20), rng.normal(size=20) * 3 + 1, label="20 random targets"),
        case(np.array([0.0, 0.0]), np.array([3.0, -1.0]), label="2 targets"),
    ]


MSE_LOSS = Exercise(
    id="ml.refresher/mse_loss",
    title="Mean squared error",
    statement="Return the mean squared error between targets and predictions.",
    template='''def mse_loss(y_true, y_pred):
    """Return the mean squared error of the predictions y_pred against the targets y_true.

    y_true, y_pred: real arrays of shape (n,).
    Returns: a float, >= 0.
    Example: mse_loss(np.array([1.0, 2.0]), np.array([1.0, 4.0])) -> 2.0
    """
    raise NotImplementedError("write mse_loss")
''',
    reference=mse_loss,
    cases=_mse_cases,
    answer=compare.scalar(atol=1e-10, real=True, what="loss"),
    mistakes=[
        Mistake(
            lambda y_true, y_pred: float(np.sum((y_pred - y_true) ** 2)),
            "you summed the squared errors: the MSE takes their mean (divide by the number of samples n)",
        ),
        Mistake(
            lambda y_true, y_pred: float(np.sqrt(np.mean((y_pred - y_true) ** 2))),
            "you took a square root: that is the RMSE (root mean squared error), not the MSE",
        ),
        Mistake(
            lambda y_true, y_pred: float(np.mean(np.abs(y_pred - y_true))),
            "you averaged |error|: that is the mean absolute error; square each error instead",
        ),
        Mistake(
            lambda y_true, y_pred: float(np.mean(y_pred - y_true) ** 2),
            "you squared the mean error; square each error first, then take the mean "
            "(positive and negative errors must not cancel)",
        ),
        Mistake(
            lambda y_true, y_pred: float(np.sum((y_pred - y_true) ** 2) / (len(y_true) - 1)),
            "you divided by n - 1: that is the unbiased variance estimator's convention; the MSE divides "
            "the sum of squared errors by n",
        ),
        Mistake(
            lambda y_true, y_pred: float(0.5 * np.mean((y_pred - y_true) ** 2)),
            "you included a factor 1/2 (a convention some textbooks use to simplify the "
            "gradient); this exercise asks for the plain mean",
        ),
    ],
    alternatives=[
        lambda y_true, y_pred: float(np.dot(y_pred - y_true, y_pred - y_true) / len(y_true)),
        lambda y_true, y_pred: sum((p - t) ** 2 for t, p in zip(y_true, y_pred, strict=True)) / len(y_true),
    ],
    hints=[
        "Compute the error of every prediction, y_pred - y_true, as one array.",
        "MSE = (1/n) * sum_i (y_pred[i] - y_true[i])**2: square every error, then average over the n samples "
        "(divide the sum by n, not n - 1).",
        "np.mean((y_pred - y_true) ** 2)",
    ],
    seed=51,
)


# --------------------------------------------------------------------------- gradient_descent


class QuadraticGradient:
    """Gradient of ``f(x) = sum_k a_k (x_k - c_k)**2``, with a readable repr for feedback."""

    def __init__(self, a, c):
        self.a = np.asarray(a, dtype=float)
        self.c = np.asarray(c, dtype=float)

    def __call__(self, x):
        return 2 * self.a * (np.asarray(x, dtype=float) - self.c)

    def __repr__(self) -> str:
        terms = " + ".join(f"{a:g}*(x[{k}] - {c:g})**2" for k, (a, c) in enumerate(zip(self.a, self.c, strict=True)))
        return f"<gradient of f(x) = {terms}>"


class LogCoshGradient:
    """Gradient of ``f(x) = sum_k log(cosh(x_k - c_k))`` (a non-quadratic, convex bowl)."""

    def __init__(self, c):
        self.c = np.asarray(c, dtype=float)

    def __call__(self, x):
        return np.tanh(np.asarray(x, dtype=float) - self.c)

    def __repr__(self) -> str:
        return f"<gradient of f(x) = sum_k log(cosh(x[k] - c[k])), c = {self.c.tolist()}>"


def gradient_descent(grad, x0: np.ndarray, learning_rate: float, n_steps: int) -> np.ndarray:
    """Plain gradient descent; returns the path x_0, x_1, ..., x_n_steps as rows."""
    x = np.array(x0, dtype=float)
    path = [x.copy()]
    for _ in range(n_steps):
        x = x - learning_rate * np.asarray(grad(x), dtype=float)
        path.append(x.copy())
    return np.array(path)


def _gd_cases(rng: np.random.Generator) -> list:
    return [
        case(QuadraticGradient([1.0], [3.0]), np.array([0.0]), 0.1, 5, label="1-D parabola, 5 steps"),
        case(QuadraticGradient([1.0, 4.0], [1.0, -2.0]), np.array([-1.0, 2.0]), 0.05, 8,
             label="2-D elongated bowl, 8 steps"),
        case(LogCoshGradient(rng.normal(size=3)), rng.normal(size=3), 0.5, 6, label="3-D log-cosh bowl, 6 steps"),
        case(QuadraticGradient([0.5, 2.0], rng.normal(size=2)), rng.normal(size=2), 0.3, 1,
             label="2-D bowl, a single step"),
    ]


def _gd_ascent(grad, x0, learning_rate, n_steps):
    x = np.array(x0, dtype=float)
    path = [x.copy()]
    for _ in range(n_steps):
        x = x + learning_rate * grad(x)
        path.append(x.copy())
    return np.array(path)


def _gd_update_first(grad, x0, learning_rate, n_steps):
    x = np.array(x0, dtype=float)
    g = np.zeros_like(x)
    path = [x.copy()]
    for _ in range(n_steps):
        x = x - learning_rate * g  # uses the gradient of the previous point (zero at first)
        g = grad(x)
        path.append(x.copy())
    return np.array(path)


def _gd_in_place(grad, x0, learning_rate, n_steps):
    x = np.array(x0, dtype=float)
    path = [x]
    for _ in range(n_steps):
        x -= learning_rate * grad(x)  # changes the one array every row refers to
        path.append(x)
    return np.array(path)


def _gd_without_start(grad, x0, learning_rate, n_steps):
    return gradient_descent(grad, x0, learning_rate, n_steps)[1:]


def _gd_final_only(grad, x0, learning_rate, n_steps):
    return gradient_descent(grad, x0, learning_rate, n_steps)[-1]


def _gd_preallocated(grad, x0, learning_rate, n_steps):
    x0 = np.asarray(x0, dtype=float)
    path = np.empty((n_steps + 1, x0.size))
    path[0] = x0
    for k in range(n_steps):
        path[k + 1] = path[k] - learning_rate * grad(path[k])
    return path


GRADIENT_DESCENT = Exercise(
    id="ml.refresher/gradient_descent",
    title="Gradient descent",
    statement="Run n_steps of gradient descent from x0 and return the whole path.",
    template='''def gradient_descent(grad, x0, learning_rate, n_steps):
    """Run gradient descent and return the path of points it visits.

    grad: a function taking x (array of shape (d,)) and returning the gradient of the
          loss at x (array of shape (d,)).
    x0: starting point, array of shape (d,).
    learning_rate: the step size eta > 0.
    n_steps: number of gradient-descent updates.
    Returns: array of shape (n_steps + 1, d); row 0 is x0, row k is x_k.
    Example: gradient_descent(lambda x: 2 * x, np.array([1.0]), 0.25, 2)
             -> array([[1.  ], [0.5 ], [0.25]])
    """
    raise NotImplementedError("write gradient_descent")
''',
    reference=gradient_descent,
    cases=_gd_cases,
    answer=compare.array(atol=1e-10, real=True, what="points of the path"),
    mistakes=[
        Mistake(_gd_ascent, "you stepped along the gradient (gradient ascent): to go downhill, "
                "subtract it: x - learning_rate * grad(x)"),
        Mistake(_gd_update_first, "your path lags one step behind: you updated x before computing the "
                "gradient at the current point; compute g = grad(x) first, then x = x - learning_rate * g"),
        Mistake(_gd_in_place, "all rows of your path are the same point: `x -= ...` changes the array in "
                "place, so every row you appended is the same object; append a copy (x.copy()) or "
                "write x = x - ..."),
        Mistake(_gd_without_start, "your path misses the starting point: row 0 must be x0, so the "
                "path has n_steps + 1 rows"),
        Mistake(_gd_final_only, "you returned only the final point; return the whole path, shape "
                "(n_steps + 1, d)"),
    ],
    alternatives=[_gd_preallocated],
    hints=[
        "The gradient points uphill; gradient descent takes small steps in the opposite direction: "
        "x_{k+1} = x_k - eta * grad(x_k).",
        "Keep a list of points starting with x0; in a loop of n_steps, compute g = grad(x), set "
        "x = x - learning_rate * g and append x.",
        "Beware `x -= ...`: it changes the array in place. Append copies and return np.array(path).",
    ],
    seed=52,
)


# --------------------------------------------------------------------------- rbf_kernel_matrix


def rbf_kernel_matrix(X: np.ndarray, Y: np.ndarray, gamma: float) -> np.ndarray:
    """Gram matrix K[i, j] = exp(-gamma * ||X[i] - Y[j]||**2) (scikit-learn's convention)."""
    X = np.asarray(X, dtype=float)
    Y = np.asarray(Y, dtype=float)
    diff = X[:, None, :] - Y[None, :, :]
    sq_dist = np.sum(diff**2, axis=-1)
    return np.exp(-gamma * sq_dist)


def _rbf_cases(rng: np.random.Generator) -> list:
    return [
        case(np.array([[0.0, 0.0], [1.0, 0.0]]), np.array([[0.0, 0.0], [0.0, 2.0], [1.0, 1.0]]), 0.5,
             label="2 x 3 points in 2-D, gamma 0.5"),
        case(rng.normal(size=(4, 2)), rng.normal(size=(5, 2)), 0.3, label="4 x 5 points in 2-D, gamma 0.3"),
        case(rng.normal(size=(3, 5)), rng.normal(size=(2, 5)), 2.0, label="3 x 2 points in 5-D, gamma 2"),
        case(rng.normal(size=(6, 1)), rng.normal(size=(4, 1)), 0.7, label="6 x 4 points in 1-D, gamma 0.7"),
    ]


def _sq_dist(X, Y):
    return np.sum((X[:, None, :] - Y[None, :, :]) ** 2, axis=-1)


RBF_KERNEL_MATRIX = Exercise(
    id="ml.refresher/rbf_kernel_matrix",
    title="The RBF kernel matrix",
    statement="Return the Gaussian (RBF) kernel matrix between two sets of points, with "
    "scikit-learn's gamma convention.",
    template='''def rbf_kernel_matrix(X, Y, gamma):
    """Return the RBF (Gaussian) kernel matrix between the rows of X and the rows of Y.

    X: real array of shape (n, d); Y: real array of shape (m, d); gamma > 0, scikit-learn's
       convention (gamma multiplies the squared distance).
    Returns: real array of shape (n, m), entries in (0, 1].
    Must agree with sklearn.metrics.pairwise.rbf_kernel(X, Y, gamma=gamma).
    Example: rbf_kernel_matrix(np.array([[0.0, 0.0]]), np.array([[0.0, 0.0], [1.0, 1.0]]), 0.5)
             -> array([[1.        , 0.36787944]])
    """
    raise NotImplementedError("write rbf_kernel_matrix")
''',
    reference=rbf_kernel_matrix,
    cases=_rbf_cases,
    answer=compare.array(atol=1e-10, real=True, what="kernel entries"),
    mistakes=[
        Mistake(
            lambda X, Y, gamma: np.exp(-gamma * np.sqrt(_sq_dist(X, Y))),
            "you used the distance ||x - y||, not its square: the RBF kernel is exp(-gamma * ||x - y||**2)",
        ),
        Mistake(
            lambda X, Y, gamma: np.exp(-_sq_dist(X, Y) / (2 * gamma**2)),
            "you treated gamma as the width sigma, exp(-||x - y||**2 / (2 sigma**2)); in scikit-learn "
            "gamma multiplies the squared distance directly (gamma = 1 / (2 sigma**2))",
        ),
        Mistake(
            lambda X, Y, gamma: np.exp(-_sq_dist(X, Y) / gamma),
            "you divided the squared distance by gamma; multiply by it: exp(-gamma * ||x - y||**2)",
        ),
        Mistake(
            lambda X, Y, gamma: np.exp(gamma * _sq_dist(X, Y)),
            "the minus sign is missing: kernel values must shrink from 1 towards 0 as points move apart",
        ),
        Mistake(
            lambda X, Y, gamma: np.exp(-gamma * _sq_dist(Y, X)),
            "rows and columns are swapped: K[i, j] compares X[i] with Y[j], so K has shape (n, m)",
        ),
    ],
    alternatives=[
        # the expansion ||x - y||^2 = ||x||^2 + ||y||^2 - 2 x.y, as scikit-learn computes it
        lambda X, Y, gamma: np.exp(
            -gamma * np.maximum((X**2).sum(1)[:, None] + (Y**2).sum(1)[None, :] - 2 * X @ Y.T, 0.0)
        ),
        lambda X, Y, gamma: np.array([[np.exp(-gamma * np.sum((x - y) ** 2)) for y in Y] for x in X]),
    ],
    hints=[
        "K[i, j] = exp(-gamma * ||X[i] - Y[j]||**2): it only depends on the squared distance between the points.",
        "Broadcast: X[:, None, :] - Y[None, :, :] has shape (n, m, d); sum its squares over the last axis.",
        "np.exp(-gamma * np.sum((X[:, None, :] - Y[None, :, :]) ** 2, axis=-1))",
    ],
    seed=53,
)


# --------------------------------------------------------------------------- choose_learning_rate


def choose_learning_rate(A, n_steps, tol):
    """The learning rate that shrinks the loss 0.5 x^T A x fastest in the worst case."""
    eigenvalues = np.linalg.eigvalsh(A)
    return float(2 / (eigenvalues.min() + eigenvalues.max()))


def worst_loss_ratio(A: np.ndarray, learning_rate: float, n_steps: int) -> float:
    """Largest ``L(x_n) / L(x_0)`` over starting points, for ``L(x) = x^T A x / 2``.

    Runs ``n_steps`` of gradient descent (gradient ``A x``) from every eigenvector of ``A``;
    any other start is a mix of those, so its ratio is not larger.

    >>> worst_loss_ratio(np.diag([1.0, 3.0]), 0.5, 2)
    0.0625
    """
    A = np.asarray(A, dtype=float)
    worst = 0.0
    for x0 in np.linalg.eigh(A)[1].T:
        x = x0.copy()
        with np.errstate(over="ignore", invalid="ignore"):
            for _ in range(n_steps):
                x = x - learning_rate * (A @ x)
            ratio = float((x @ A @ x) / (x0 @ A @ x0))
        worst = max(worst, ratio if np.isfinite(ratio) else np.inf)
    return worst


def _rotated(angle: float, eigenvalues) -> np.ndarray:
    c, s = np.cos(angle), np.sin(angle)
    r = np.array([[c, -s], [s, c]])
    return r @ np.diag(eigenvalues) @ r.T


def _random_spd(rng: np.random.Generator, eigenvalues) -> np.ndarray:
    q, _ = np.linalg.qr(rng.normal(size=(len(eigenvalues), len(eigenvalues))))
    a = q @ np.diag(eigenvalues) @ q.T
    return (a + a.T) / 2


def _lr_cases(rng: np.random.Generator) -> list:
    return [
        case(np.diag([1.0, 10.0]), 30, 3e-5, label="A = diag(1, 10), 30 steps, tol 3e-5"),
        case(_rotated(np.pi / 6, [0.5, 25.0]), 100, 1e-3,
            label="a 2x2 A with eigenvalues 0.5 and 25, 100 steps, tol 1e-3"),
        case(_random_spd(rng, [1.0, 4.0, 20.0]), 60, 3e-5,
            label="a 3x3 A with eigenvalues 1, 4 and 20, 60 steps, tol 3e-5"),
        case(np.array([[4.0]]), 3, 1e-6, label="the 1x1 A = [[4]], 3 steps, tol 1e-6"),
    ]


@dataclass(frozen=True)
class ConvergenceAnswer(Answer):
    """Judge a learning rate by running gradient descent on the case's quadratic.

    ``problems`` maps each case label to ``(A, n_steps, tol)``. When the checker compares the
    learner's rates with a typical mistake's (no label), rates are compared as numbers.
    """

    kind: str = "scalar"
    problems: tuple = ()

    def judge(self, value: Any, expected: Any, label: str = "", *, validity: bool = True) -> Failure | None:
        number = compare.scalar(atol=0.0, rtol=1e-9, real=True, what="learning rate")
        problem = dict(self.problems).get(label)
        if problem is None:
            return number.judge(value, expected, label, validity=validity)
        if value is None:
            return Failure("type", "returned None: did you forget the `return` statement?")
        if isinstance(value, np.ndarray) and value.size == 1:
            value = value.reshape(()).item()
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
            return Failure("type",
                f"returned {compare.type_name(value)}, expected a learning rate (a positive float) for {label}")
        eta = float(value)
        if not np.isfinite(eta) or eta <= 0:
            return Failure("validity",
                f"returned {eta!r}: a learning rate must be a positive finite number (for {label})")
        A, n_steps, tol = problem
        ratio = worst_loss_ratio(A, eta, n_steps)
        if ratio <= tol:
            return None
        eig = np.linalg.eigvalsh(A)
        steep, flat = 1 - eta * eig.max(), 1 - eta * eig.min()  # per-step error factors, steep <= flat
        if steep <= -1:
            why = (f"along the steepest direction each step multiplies the error by 1 - eta * lmax = {steep:.3g}, "
                   "which does not shrink it: the iterates oscillate or blow up")
        elif abs(steep) >= abs(flat) and steep < 0:
            why = (f"along the steepest direction each step multiplies the error by 1 - eta * lmax = {steep:.3g}: "
                   "it overshoots the minimum and shrinks too slowly")
        else:
            why = f"too slow: along the flattest direction each step keeps 1 - eta * lmin = {flat:.3g} of the error"
        return Failure(
            "value",
            f"with learning rate {eta:.4g}, {n_steps} steps leave the loss at {compare.fmt_number(ratio, 3)} times its "
            f"starting value in the worst case; at most {tol:g} is needed (for {label}): {why}",
        )


def _lr_grid_search(A, n_steps, tol):
    # run gradient descent for 3000 rates on a log grid at once, from every eigenvector of A
    # (the worst starting points), and keep the rate whose worst final loss is smallest
    A = np.asarray(A, dtype=float)
    etas = np.geomspace(1e-4, 10, 3000)
    worst = np.zeros(len(etas))
    for x0 in np.linalg.eigh(A)[1].T:
        x = np.tile(x0, (len(etas), 1))
        with np.errstate(over="ignore", invalid="ignore"):
            for _ in range(n_steps):
                x = x - etas[:, None] * (x @ A)
            ratio = np.einsum("ei,ij,ej->e", x, A, x) / (x0 @ A @ x0)
        worst = np.maximum(worst, np.where(np.isfinite(ratio), ratio, np.inf))
    return float(etas[np.argmin(worst)])


LEARNING_RATE_CASES = _lr_cases(np.random.default_rng(54))

CHOOSE_LEARNING_RATE = Exercise(
    id="ml.refresher/choose_learning_rate",
    title="Choose a learning rate that converges in time",
    statement=(
        "For the quadratic loss L(x) = x^T A x / 2 (A symmetric positive definite, gradient A x), "
        "choose a learning rate such that n_steps of gradient descent bring the loss down to at "
        "most tol times its starting value, from any starting point. Graded by running gradient "
        "descent with your rate."
    ),
    template='''def choose_learning_rate(A, n_steps, tol):
    """Return a learning rate eta > 0 for gradient descent on L(x) = x @ A @ x / 2.

    A: real symmetric positive definite array of shape (d, d); the gradient of L is A @ x.
    n_steps: the number of gradient-descent steps x <- x - eta * (A @ x) you are allowed.
    tol: after n_steps, L(x) must be at most tol * L(x0), for EVERY starting point x0.
    Returns: a positive float. Many rates may work; the checker runs gradient descent with yours.
    Example: choose_learning_rate(np.array([[4.0]]), 3, 1e-6) -> 0.25 works (0.2 works too).
    """
    raise NotImplementedError("write choose_learning_rate")
''',
    reference=choose_learning_rate,
    cases=LEARNING_RATE_CASES,
    answer=ConvergenceAnswer(problems=tuple((c.label, c.args) for c in LEARNING_RATE_CASES)),
    mistakes=[
        Mistake(
            lambda A, n_steps, tol: float(2 / np.linalg.eigvalsh(A).max()),
            "2 / lmax is the edge of stability, not a good rate: along the steepest direction each step "
            "multiplies the error by 1 - 2 = -1, so it oscillates without shrinking; stay well below it",
        ),
        Mistake(
            lambda A, n_steps, tol: float(1 / np.linalg.eigvalsh(A).max()),
            "1 / lmax removes the steepest direction in one step, but the flattest one shrinks only by "
            "1 - lmin / lmax per step: too slow for this budget; a larger rate that balances the two extremes "
            "converges faster",
        ),
        Mistake(
            lambda A, n_steps, tol: float(1 / np.linalg.eigvalsh(A).min()),
            "1 / lmin suits the flattest direction only: along the steepest one each step multiplies the error "
            "by 1 - lmax / lmin, more than 1 in size, so gradient descent diverges",
        ),
        Mistake(
            lambda A, n_steps, tol: float(1 / (np.linalg.eigvalsh(A).min() + np.linalg.eigvalsh(A).max())),
            "your rate is half of the balanced one, 2 / (lmin + lmax): did you take the Hessian to be 2A? For "
            "L = x^T A x / 2 the Hessian is A itself",
        ),
    ],
    alternatives=[
        lambda A, n_steps, tol: 0.95 * choose_learning_rate(A, n_steps, tol),
        _lr_grid_search,
    ],
    hints=[
        "Along an eigenvector of A with eigenvalue l, one step multiplies the error by (1 - eta * l): the loss "
        "shrinks only if every |1 - eta * l| < 1, and the worst start is the eigenvector with the largest |1 - "
        "eta * l|.",
        "Only the extreme eigenvalues lmin and lmax matter. Making eta larger speeds up the flat direction and "
        "slows down (overshoots) the steep one; the best eta balances them: 1 - eta * lmin = -(1 - eta * lmax).",
        "l = np.linalg.eigvalsh(A); return 2 / (l.min() + l.max())",
    ],
    seed=54,
)


# --------------------------------------------------------------------------- concept checks

TEST_SET_REUSED = Concept(
    id="ml.refresher/test_set_reused",
    question=(
        "You fit polynomials of degrees 0 to 12, pick the degree with the lowest test error and report "
        "that test error as the expected error on new data. What is wrong?"
    ),
    options=[
        Option(
            "Nothing: the test points were never used for fitting.",
            correct=False,
            why="They were used for choosing: of 13 models you kept the one that happened to do best on these "
            "particular test points, so its test error is biased low.",
        ),
        Option(
            "The reported error is optimistic: the test set took part in choosing the model.",
            correct=True,
            why="Right. Choose the degree on a validation set (or by cross-validation) and touch the test set "
            "once, at the end.",
        ),
        Option(
            "The training error should be reported instead.",
            correct=False,
            why="The training error is even more optimistic: it falls with every added degree, down to nearly "
            "0 at degree 12.",
        ),
    ],
)

FEATURE_SCALES = Concept(
    id="ml.refresher/feature_scales",
    question=(
        "Two features: one between -1 and 1, the other between -1000 and 1000. You train an RBF SVM without "
        "scaling them. What happens?"
    ),
    options=[
        Option(
            "Nothing: the SVM learns a weight per feature that makes up for the scale.",
            correct=False,
            why="The RBF kernel has no per-feature weights: it only sees ||x - x'||**2, in which the large "
            "feature's differences are a million times larger.",
        ),
        Option(
            "The large feature dominates every distance, so the kernel nearly ignores the small one.",
            correct=True,
            why="Right. Standardise each feature (subtract the training mean, divide by the training standard "
            "deviation) before computing distances; quantum feature maps need the same care, since angles "
            "wrap around every 2 pi.",
        ),
        Option(
            "The small feature dominates, because gamma multiplies it.",
            correct=False,
            why="gamma multiplies the whole squared distance, not one feature; the feature with the largest "
            "spread dominates it.",
        ),
    ],
)
