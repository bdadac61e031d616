"""Exercises of lesson ``ml.refresher`` (notebooks/05_classical_ml_refresher.ipynb).

Three pieces of classical machine learning that every later lesson reuses: the mean squared
error, plain gradient descent (returning the whole path, so a loss curve can be drawn), and
the Gram matrix of the Gaussian (RBF) kernel with scikit-learn's ``gamma`` convention.
"""

from __future__ import annotations

import numpy as np

from qmlcourse.exercises import Exercise, Mistake, case, compare

# --------------------------------------------------------------------------- mse_loss


def mse_loss(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Mean squared error: the average of (y_pred - y_true)**2."""
    errors = np.asarray(y_pred, dtype=float) - np.asarray(y_true, dtype=float)
    return float(np.mean(errors**2))


def _mse_cases(rng: np.random.Generator) -> list:
    y = np.array([1.0, 2.0, 3.0, 4.0])
    return [
        case(y, np.array([1.5, 2.0, 2.0, 5.0]), label="4 targets"),
        case(rng.normal(size=7), rng.normal(size=7), label="7 random targets"),
        case(rng.normal(size=20), rng.normal(size=20) * 3 + 1, label="20 random targets"),
        case(np.array([0.0, 0.0]), np.array([3.0, -1.0]), label="2 targets"),
    ]


MSE_LOSS = Exercise(
    id="ml.refresher/mse_loss",
    title="Mean squared error",
    statement="Return the mean squared error between targets and predictions.",
    template='''def mse_loss(y_true, y_pred):
    """Return the mean squared error (1/n) * sum_i (y_pred[i] - y_true[i])**2.

    y_true, y_pred: real arrays of shape (n,).
    Returns: a float, >= 0.
    Example: mse_loss(np.array([1.0, 2.0]), np.array([1.0, 4.0])) -> 2.0
    """
    raise NotImplementedError("average the squared errors")
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
            lambda y_true, y_pred: float(0.5 * np.mean((y_pred - y_true) ** 2)),
            "you included a factor 1/2 (a convention some textbooks use to simplify the "
            "gradient); this exercise asks for the plain mean",
        ),
    ],
    alternatives=[
        lambda y_true, y_pred: float(np.dot(y_pred - y_true, y_pred - y_true) / len(y_true)),
        lambda y_true, y_pred: sum((p - t) ** 2 for t, p in zip(y_true, y_pred)) / len(y_true),
    ],
    hints=[
        "Compute the error of every prediction, y_pred - y_true, as one array.",
        "Square every error, then average over the n samples (divide the sum by n).",
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
        terms = " + ".join(f"{a:g}*(x[{k}] - {c:g})**2" for k, (a, c) in enumerate(zip(self.a, self.c)))
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
    n_steps: number of updates x_{k+1} = x_k - eta * grad(x_k).
    Returns: array of shape (n_steps + 1, d); row 0 is x0, row k is x_k.
    Example: gradient_descent(lambda x: 2 * x, np.array([1.0]), 0.25, 2)
             -> array([[1.  ], [0.5 ], [0.25]])
    """
    raise NotImplementedError("step against the gradient n_steps times")
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
        "The gradient points uphill; gradient descent takes small steps in the opposite direction.",
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
    """Return the RBF (Gaussian) kernel matrix K[i, j] = exp(-gamma * ||X[i] - Y[j]||**2).

    X: real array of shape (n, d); Y: real array of shape (m, d); gamma > 0.
    Returns: real array of shape (n, m), entries in (0, 1].
    Must agree with sklearn.metrics.pairwise.rbf_kernel(X, Y, gamma=gamma).
    Example: rbf_kernel_matrix(np.array([[0.0, 0.0]]), np.array([[0.0, 0.0], [1.0, 1.0]]), 0.5)
             -> array([[1.        , 0.36787944]])
    """
    raise NotImplementedError("compute exp(-gamma * squared distance) for every pair")
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
        "K[i, j] only depends on the squared distance between the points X[i] and Y[j].",
        "Broadcast: X[:, None, :] - Y[None, :, :] has shape (n, m, d); sum its squares over the last axis.",
        "np.exp(-gamma * np.sum((X[:, None, :] - Y[None, :, :]) ** 2, axis=-1))",
    ],
    seed=53,
)
