"""Optimisers on numpy arrays: gradient descent, momentum and Adam.

Each optimiser keeps its own state (step count, velocity, moments) and ``step(params, grad)``
returns NEW parameters (the inputs are never modified). ``minimize`` runs one on a function
that returns ``(loss, gradient)``, for instance from ``Circuit.expval_and_gradient``.

>>> import numpy as np
>>> opt = Adam(lr=0.1)
>>> p = np.array([1.0, -2.0])
>>> p = opt.step(p, 2 * p)       # the gradient of |p|^2
>>> p.round(4)                   # Adam's first step moves each entry by lr
array([ 0.9, -1.9])
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["Adam", "GradientDescent", "Momentum", "Optimizer", "minimize"]


def _positive(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number; got {type(value).__name__}")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number; got {value!r}")
    return float(value)


def _fraction(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number; got {type(value).__name__}")
    if not 0 <= value < 1:
        raise ValueError(f"{name} must be in [0, 1); got {value!r}")
    return float(value)


class Optimizer:
    """Base class: validates ``params`` and ``grad`` and counts steps in ``t``."""

    def __init__(self, lr: float):
        self.lr = _positive(lr, "lr")
        self.t = 0

    def reset(self) -> None:
        """Forget the state (step count, velocity, moments)."""
        self.t = 0

    def _check(self, params, grad) -> tuple[np.ndarray, np.ndarray]:
        params = np.array(params, dtype=np.float64)  # a copy: the caller's array stays as it is
        grad = np.asarray(grad, dtype=np.float64)
        if grad.shape != params.shape:
            raise ValueError(f"grad must have the shape of params {params.shape}; got {grad.shape}")
        if not np.all(np.isfinite(grad)):
            raise ValueError("grad contains NaN or infinite values")
        if not np.all(np.isfinite(params)):
            raise ValueError("params contain NaN or infinite values")
        return params, grad

    def step(self, params, grad) -> np.ndarray:
        """New parameters after one step from ``params`` (any shape) with gradient ``grad``."""
        params, grad = self._check(params, grad)
        self.t += 1
        return self._update(params, grad)

    def _update(self, params: np.ndarray, grad: np.ndarray) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in vars(self).items() if not k.startswith("_") and k != "t")
        return f"{type(self).__name__}({fields})"


class GradientDescent(Optimizer):
    """Plain gradient descent: ``theta <- theta - lr * g``.

    >>> GradientDescent(lr=0.5).step(np.array([1.0]), np.array([2.0]))
    array([0.])
    """

    def _update(self, params, grad):
        return params - self.lr * grad


class Momentum(Optimizer):
    """Heavy-ball momentum (Polyak): ``v <- mu v + g``, ``theta <- theta - lr v``
    (PyTorch's SGD with momentum and dampening 0); ``nesterov=True`` steps with
    ``g + mu v`` instead of ``v``.

    >>> opt = Momentum(lr=0.1, momentum=0.5)
    >>> p = opt.step(np.array([0.0]), np.array([1.0]))
    >>> opt.step(p, np.array([1.0]))  # velocity 1.5 on the second step
    array([-0.25])
    """

    def __init__(self, lr: float = 0.01, momentum: float = 0.9, nesterov: bool = False):
        super().__init__(lr)
        self.momentum = _fraction(momentum, "momentum")
        self.nesterov = bool(nesterov)
        self._v: np.ndarray | None = None

    def reset(self) -> None:
        super().reset()
        self._v = None

    def _update(self, params, grad):
        if self._v is None or self._v.shape != grad.shape:
            self._v = np.zeros_like(grad)
        self._v = self.momentum * self._v + grad
        direction = grad + self.momentum * self._v if self.nesterov else self._v
        return params - self.lr * direction


class Adam(Optimizer):
    """Adam (Kingma and Ba 2015, Algorithm 1), with ``eps`` added after the square root:

    ``m <- b1 m + (1 - b1) g``, ``v <- b2 v + (1 - b2) g^2``,
    ``theta <- theta - lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)``.

    This is also ``torch.optim.Adam`` with its defaults.

    >>> opt = Adam(lr=0.01)
    >>> opt.step(np.array([0.5]), np.array([-3.0]))
    array([0.51])
    """

    def __init__(self, lr: float = 0.01, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8):
        super().__init__(lr)
        self.beta1 = _fraction(beta1, "beta1")
        self.beta2 = _fraction(beta2, "beta2")
        self.eps = _positive(eps, "eps")
        self._m: np.ndarray | None = None
        self._v: np.ndarray | None = None

    def reset(self) -> None:
        super().reset()
        self._m = self._v = None

    def _update(self, params, grad):
        if self._m is None or self._m.shape != grad.shape:
            self._m, self._v = np.zeros_like(grad), np.zeros_like(grad)
        self._m = self.beta1 * self._m + (1 - self.beta1) * grad
        self._v = self.beta2 * self._v + (1 - self.beta2) * grad**2
        m_hat = self._m / (1 - self.beta1**self.t)
        v_hat = self._v / (1 - self.beta2**self.t)
        return params - self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


def minimize(fun: Callable[[np.ndarray], tuple[float, np.ndarray]], x0, optimizer: Optimizer | None = None,
             n_steps: int = 100, tol: float | None = None) -> tuple[np.ndarray, list[float]]:
    """Run ``optimizer`` (default ``Adam()``) on ``fun(params) -> (loss, grad)``.

    Args:
        fun: returns the loss (a float) and its gradient (the shape of ``params``).
        x0: starting parameters; n_steps: at most this many steps.
        tol: stop early when the loss changes by less than ``tol`` between steps.

    Returns:
        ``(params, losses)``: the final parameters and the loss before each step.

    >>> params, losses = minimize(lambda p: (float(p @ p), 2 * p), np.array([1.0]), GradientDescent(0.25), 3)
    >>> params, losses
    (array([0.125]), [1.0, 0.25, 0.0625])
    """
    if not callable(fun):
        raise TypeError(f"fun must be callable; got {type(fun).__name__}")
    if not isinstance(n_steps, (int, np.integer)) or isinstance(n_steps, bool) or n_steps < 0:
        raise ValueError(f"n_steps must be a non-negative integer; got {n_steps!r}")
    optimizer = Adam() if optimizer is None else optimizer
    params = np.array(x0, dtype=np.float64)
    losses: list[float] = []
    for _ in range(int(n_steps)):
        loss, grad = fun(params)
        loss = float(loss)
        if not np.isfinite(loss):
            raise ValueError(f"the loss is not finite ({loss}) after {len(losses)} steps")
        if tol is not None and losses and abs(losses[-1] - loss) < tol:
            losses.append(loss)
            break
        losses.append(loss)
        params = optimizer.step(params, grad)
    return params, losses
