"""Tests for qmlcourse/optim.py: closed forms and an independent Adam written from the paper."""

import math

import numpy as np
import pytest

from qmlcourse.optim import Adam, GradientDescent, Momentum, minimize
from qmlcourse.sim import Circuit, weight


def _rosenbrock_grad(p):
    x, y = p
    return np.array([-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)])


def _adam_reference(p0, grads, alpha, beta1, beta2, eps):
    """Kingma and Ba 2015, Algorithm 1, entry by entry in plain Python floats."""
    theta = [float(v) for v in p0]
    m = [0.0] * len(theta)
    v = [0.0] * len(theta)
    out = []
    for t, g in enumerate(grads, start=1):
        for i in range(len(theta)):
            m[i] = beta1 * m[i] + (1 - beta1) * g[i]
            v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
            m_hat = m[i] / (1 - beta1**t)
            v_hat = v[i] / (1 - beta2**t)
            theta[i] = theta[i] - alpha * m_hat / (math.sqrt(v_hat) + eps)
        out.append(list(theta))
    return np.array(out)


@pytest.mark.parametrize("lr, b1, b2, eps", [(0.01, 0.9, 0.999, 1e-8), (0.1, 0.5, 0.9, 1e-3), (0.003, 0.0, 0.99, 1e-6)])
def test_adam_equals_reference_step_for_step(lr, b1, b2, eps):
    # a fixed sequence of gradients of very different scales and signs, 3 parameters
    rng = np.random.default_rng(int(1000 * lr))
    grads = rng.normal(size=(200, 3)) * np.array([1e-3, 1.0, 100.0]) + np.array([0.0, 0.5, -20.0])
    p = np.array([-1.2, 1.0, 0.1])
    ref = _adam_reference(p, grads, lr, b1, b2, eps)
    opt = Adam(lr=lr, beta1=b1, beta2=b2, eps=eps)
    for t in range(200):
        p = opt.step(p, grads[t])
        np.testing.assert_allclose(p, ref[t], rtol=1e-12, atol=1e-14)
    assert opt.t == 200


def test_adam_descends_rosenbrock():
    rosen = lambda q: (1 - q[0]) ** 2 + 100 * (q[1] - q[0] ** 2) ** 2  # noqa: E731
    p, opt = np.array([-1.2, 1.0]), Adam(lr=0.02)
    for _ in range(2000):
        p = opt.step(p, _rosenbrock_grad(p))
    assert rosen(p) < 1e-3 * rosen(np.array([-1.2, 1.0]))


def test_adam_equals_torch_if_installed():
    torch = pytest.importorskip("torch")  # optional: torch is not a dependency
    p = torch.tensor([-1.2, 1.0], dtype=torch.float64, requires_grad=True)
    topt = torch.optim.Adam([p], lr=0.01)
    ours, opt = np.array([-1.2, 1.0]), Adam(lr=0.01)
    for _ in range(50):
        g = _rosenbrock_grad(p.detach().numpy())
        p.grad = torch.tensor(g)
        topt.step()
        ours = opt.step(ours, _rosenbrock_grad(ours))
        np.testing.assert_allclose(ours, p.detach().numpy(), rtol=1e-10)


def test_adam_first_step_is_lr_times_sign_and_shape_kept():
    g = np.array([[3.0, -1e-3], [0.0, 50.0]])
    p = Adam(lr=0.2, eps=1e-12).step(np.zeros((2, 2)), g)
    np.testing.assert_allclose(p, -0.2 * np.sign(g), atol=1e-9)


def test_gradient_descent_on_quadratic_closed_form():
    # f = a |p|^2, grad 2 a p: p_t = (1 - 2 a lr)^t p_0
    a, lr, p0 = 1.5, 0.1, np.array([1.0, -3.0, 0.5])
    p, opt = p0, GradientDescent(lr)
    for t in range(1, 21):
        p = opt.step(p, 2 * a * p)
        np.testing.assert_allclose(p, (1 - 2 * a * lr) ** t * p0, rtol=1e-12)


@pytest.mark.parametrize("nesterov", [False, True])
def test_momentum_constant_gradient_closed_form(nesterov):
    # with g constant: v_t = g (1 - mu^t) / (1 - mu); p_t = -lr sum of the step directions
    mu, lr, g = 0.8, 0.05, np.array([2.0, -1.0])
    opt, p, expected = Momentum(lr=lr, momentum=mu, nesterov=nesterov), np.zeros(2), np.zeros(2)
    for t in range(1, 16):
        p = opt.step(p, g)
        v = g * (1 - mu**t) / (1 - mu)
        expected = expected - lr * (g + mu * v if nesterov else v)
        np.testing.assert_allclose(p, expected, rtol=1e-12)


def test_step_does_not_modify_inputs_and_reset_forgets():
    p, g = np.array([1.0, 2.0]), np.array([0.5, 0.5])
    opt = Adam(lr=0.1)
    first = opt.step(p, g)
    np.testing.assert_array_equal(p, [1.0, 2.0])
    opt.step(first, g)
    opt.reset()
    np.testing.assert_allclose(opt.step(p, g), first)


def test_minimize_trains_a_circuit_with_adjoint_gradients():
    c = Circuit(1).ry(weight(0), 0).rz(weight(1), 0)

    def fun(w):
        value, grad = c.expval_and_gradient("Z0", w=w)
        return value[0], grad[0]

    w, losses = minimize(fun, np.array([0.3, 0.2]), Adam(lr=0.1), n_steps=200)
    assert losses[-1] < -0.999  # <Z> = cos(w0): minimum -1 at w0 = pi
    assert abs(abs(w[0]) - np.pi) < 0.05
    _, short = minimize(fun, np.array([0.3, 0.2]), Adam(lr=0.1), n_steps=200, tol=1e-3)
    assert len(short) < 200


def test_errors_name_what_was_expected():
    with pytest.raises(ValueError, match="lr must be a positive finite number; got -1"):
        Adam(lr=-1)
    with pytest.raises(ValueError, match=r"beta1 must be in \[0, 1\); got 1"):
        Adam(beta1=1)
    with pytest.raises(TypeError, match="lr must be a number; got str"):
        GradientDescent("0.1")
    with pytest.raises(ValueError, match=r"grad must have the shape of params \(2,\); got \(3,\)"):
        Adam().step(np.zeros(2), np.zeros(3))
    with pytest.raises(ValueError, match="grad contains NaN"):
        Momentum().step(np.zeros(1), np.array([np.nan]))
    with pytest.raises(ValueError, match="the loss is not finite"):
        minimize(lambda p: (np.inf, p), np.zeros(1))
