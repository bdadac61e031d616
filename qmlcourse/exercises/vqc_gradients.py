"""Exercises and concept checks of lesson ``vqc.gradients`` (notebooks/11_gradients_of_circuits.ipynb).

Three exercises on derivatives of circuit expectation values:

* ``finite_difference``: the central-difference gradient of a function of a parameter
  vector, with a given step ``h`` (graded against that central difference, not against the
  exact derivative: the bias of the step is part of the answer);
* ``parameter_shift``: the exact gradient of a circuit cost given only as a callable
  ``cost(theta)``, by the two-term shift rule, one parameter at a time;
* ``shift_rule_for_generator`` (a design): from the eigenvalues of a generator ``G`` of a gate
  ``exp(-i theta G)``, choose a shift ``s`` and a coefficient ``c`` with
  ``df/dtheta = c (f(theta + s) - f(theta - s))``. It is graded by what the rule gives on
  hidden circuits built with a generator of that spectrum, so every valid ``(s, c)`` passes.

Two concept checks: how many circuit evaluations a parameter-shift gradient needs, and why
adjoint differentiation does not run on hardware.
"""

from __future__ import annotations

import numpy as np

from qmlcourse.exercises import Concept, Exercise, Mistake, Option, case, compare
from qmlcourse.grading.compare import Answer

# --------------------------------------------------------------------------- hidden costs


class SmoothCost:
    """``f(x) = sum_k a_k sin(b_k x_k + c_k) + d x_0 x_1 + e sum_k x_k**3 / 3`` (not a pure sinusoid)."""

    def __init__(self, a, b, c, d, e):
        self.a, self.b, self.c = (np.asarray(v, dtype=float) for v in (a, b, c))
        self.d, self.e = float(d), float(e)

    def __call__(self, x) -> float:
        x = np.asarray(x, dtype=float)
        value = np.sum(self.a * np.sin(self.b * x + self.c)) + self.e * np.sum(x**3) / 3
        if x.size > 1:
            value += self.d * x[0] * x[1]
        return float(value)

    def __repr__(self) -> str:
        return f"<a smooth function of {self.a.size} parameters (sines, a product and cubes)>"


class CircuitCost:
    """``cost(theta)``: the expectation value of a Pauli word after a circuit of Pauli rotations.

    Each entry of ``theta`` is the angle of exactly one rotation RX, RY or RZ (generator P/2),
    with CNOTs in between; built with ``qmlcourse.sim``. With ``decimals``, values are rounded
    to that many decimal places, as a device reports a value only to finite precision.
    """

    def __init__(self, n_qubits: int, n_params: int, observable: str, seed: int, decimals: int | None = None):
        from qmlcourse.sim import Circuit, weight

        rng = np.random.default_rng(seed)
        c = Circuit(n_qubits)
        for q in range(n_qubits):  # a fixed, non-trivial starting state
            c.ry(float(rng.uniform(0.3, 2.8)), q)
        for j in range(n_params):
            q = j % n_qubits
            gate = ("rx", "ry", "rz")[int(rng.integers(3))] if j >= n_qubits else ("rx", "ry")[int(rng.integers(2))]
            getattr(c, gate)(weight(j), q)
            if q == n_qubits - 1 and n_qubits > 1:
                for a in range(n_qubits - 1):
                    c.cnot(a, a + 1)
        c.h(0)
        self.circuit = c
        self.observable = observable
        self.n_params = n_params
        self.n_qubits = n_qubits
        self.decimals = decimals

    def __call__(self, theta) -> float:
        theta = np.asarray(theta, dtype=float)
        if theta.shape != (self.n_params,):
            raise ValueError(f"cost expects theta of shape ({self.n_params},); got {theta.shape}")
        value = float(self.circuit.expval(self.observable, w=theta)[0])
        return value if self.decimals is None else round(value, self.decimals)

    def __repr__(self) -> str:
        rounded = "" if self.decimals is None else f", reported to {self.decimals} decimals"
        return (f"<cost(theta) = <{self.observable}> of a {self.n_qubits}-qubit circuit whose "
                f"{self.n_params} parameters are angles of Pauli rotations{rounded}>")


def _unit(n: int, j: int) -> np.ndarray:
    e = np.zeros(n)
    e[j] = 1.0
    return e


# --------------------------------------------------------------------------- finite_difference


def finite_difference(f, theta: np.ndarray, h: float) -> np.ndarray:
    """Central differences (f(theta + h e_j) - f(theta - h e_j)) / (2 h) for every j: shape (P,).

    >>> finite_difference(lambda t: t[0] ** 3, np.array([1.0]), 0.5)  # 3 + h**2 = 3.25, not f' = 3
    array([3.25])
    """
    theta = np.asarray(theta, dtype=float)
    grad = np.zeros(theta.size)
    for j in range(theta.size):
        step = np.zeros(theta.size)
        step[j] = h
        grad[j] = (f(theta + step) - f(theta - step)) / (2 * h)
    return grad


def _fd_cases(rng: np.random.Generator) -> list:
    def smooth(p):
        return SmoothCost(rng.uniform(0.5, 1.5, p), rng.uniform(0.7, 2.0, p), rng.uniform(-1, 1, p),
                          rng.uniform(0.3, 1.0), rng.uniform(0.2, 0.6))

    return [
        case(smooth(1), np.array([0.4]), 0.3, label="one parameter, h = 0.3"),
        case(smooth(3), rng.uniform(-1, 1, 3), 0.1, label="3 parameters, h = 0.1"),
        case(smooth(2), rng.uniform(-1, 1, 2), 0.5, label="2 parameters, h = 0.5"),
        case(CircuitCost(2, 4, "Z0 Z1", int(rng.integers(2**31))), rng.uniform(-np.pi, np.pi, 4), 0.2,
             label="a 2-qubit circuit with 4 parameters, h = 0.2"),
        case(smooth(4), rng.uniform(-1, 1, 4), 1e-3, label="4 parameters, h = 0.001"),
    ]


def _fd_forward(f, theta, h):
    theta = np.asarray(theta, dtype=float)
    f0 = f(theta)
    return np.array([(f(theta + h * _unit(theta.size, j)) - f0) / h for j in range(theta.size)])


def _fd_no_two(f, theta, h):
    return 2 * finite_difference(f, theta, h)


def _fd_all_at_once(f, theta, h):
    theta = np.asarray(theta, dtype=float)
    ones = np.ones(theta.size)
    return np.full(theta.size, (f(theta + h * ones) - f(theta - h * ones)) / (2 * h))


def _fd_own_step(f, theta, h):
    return finite_difference(f, theta, 1e-6)


def _fd_vectorised(f, theta, h):
    theta = np.asarray(theta, dtype=float)
    steps = h * np.eye(theta.size)
    plus = np.array([f(theta + s) for s in steps])
    minus = np.array([f(theta - s) for s in steps])
    return (plus - minus) / (2 * h)


def _fd_halves(f, theta, h):
    theta = np.asarray(theta, dtype=float)
    out = []
    for j in range(theta.size):
        up, down = theta.copy(), theta.copy()
        up[j] += h
        down[j] -= h
        out.append(f(up) / (2 * h) - f(down) / (2 * h))
    return np.array(out)


FINITE_DIFFERENCE = Exercise(
    id="vqc.gradients/finite_difference",
    title="Central finite differences",
    statement="Return the central-difference estimate of the gradient of f at theta, with step h "
    "in one parameter at a time.",
    template='''def finite_difference(f, theta, h):
    """Estimate the gradient of f at theta by central differences with step h.

    f: a function taking an array of shape (P,) and returning a float.
    theta: array of shape (P,), the point.
    h: the step (a positive float), used as given: the check compares with the central
       difference of step h, which is not exactly the derivative.
    Returns: array of shape (P,); entry j estimates df/dtheta_j from two values of f in
             which only theta_j is moved, by +h and by -h.
    Example: finite_difference(lambda t: t[0] ** 2 + 3 * t[1], np.array([1.0, 0.0]), 0.1)
             -> array([2., 3.])
    """
    raise NotImplementedError("estimate each component by a central difference")
''',
    reference=finite_difference,
    cases=_fd_cases,
    answer=compare.array(atol=1e-8, rtol=1e-6, real=True, what="gradient components"),
    mistakes=[
        Mistake(_fd_forward, "you used a forward difference (f(theta + h e_j) - f(theta)) / h: the task asks for "
                "the central difference, which moves theta_j both ways, by +h and by -h (its error is "
                "O(h**2) instead of O(h))"),
        Mistake(_fd_no_two, "every component is exactly twice the central difference: the two points are 2h "
                "apart, so divide their difference by 2 * h, not by h"),
        Mistake(_fd_all_at_once, "all your components are the same number: you moved every parameter at once; "
                "move one parameter at a time (theta + h e_j, with e_j the j-th unit vector)"),
        Mistake(_fd_own_step, "your answer is close to the exact derivative but not to the central difference "
                "with the given step: you used a tiny step of your own instead of h. Use h as given (the "
                "difference between the two is the step's bias, about h**2 / 6 times the third derivative)"),
    ],
    alternatives=[_fd_vectorised, _fd_halves],
    hints=[
        "A central difference looks at f on both sides of theta, at the same distance h, and only along one "
        "coordinate at a time.",
        "For component j build the unit vector e_j (np.eye(P)[j]), evaluate f(theta + h * e_j) and "
        "f(theta - h * e_j), and divide their difference by the distance between the two points.",
        "grad[j] = (f(theta + h * e_j) - f(theta - h * e_j)) / (2 * h), in a loop over j = 0..P-1; return "
        "the array grad of shape (P,).",
    ],
    seed=1101,
)


# --------------------------------------------------------------------------- parameter_shift


def parameter_shift(cost, theta: np.ndarray) -> np.ndarray:
    """Two-term parameter-shift gradient of ``cost`` (every parameter one Pauli rotation): shape (P,).

    >>> parameter_shift(lambda t: float(np.cos(t[0]) * np.sin(t[1])), np.array([0.3, 1.1])).round(6)  # exact
    array([-0.26337 ,  0.433337])
    """
    theta = np.asarray(theta, dtype=float)
    grad = np.zeros(theta.size)
    for j in range(theta.size):
        shift = np.zeros(theta.size)
        shift[j] = np.pi / 2
        grad[j] = (cost(theta + shift) - cost(theta - shift)) / 2
    return grad


def _ps_cases(rng: np.random.Generator) -> list:
    def seed():
        return int(rng.integers(2**31))

    return [
        case(CircuitCost(1, 2, "Z0", seed(), 10), rng.uniform(-np.pi, np.pi, 2), label="1 qubit, 2 parameters"),
        case(CircuitCost(2, 4, "Z0 Z1", seed(), 10), rng.uniform(-np.pi, np.pi, 4), label="2 qubits, 4 parameters"),
        case(CircuitCost(2, 5, "X1", seed(), 10), rng.uniform(-np.pi, np.pi, 5), label="2 qubits, 5 parameters, <X1>"),
        case(CircuitCost(3, 6, "Z0 Y2", seed(), 10), rng.uniform(-np.pi, np.pi, 6), label="3 qubits, 6 parameters"),
    ]


def _ps_no_half(cost, theta):
    return 2 * parameter_shift(cost, theta)


def _ps_shift_pi(cost, theta):
    theta = np.asarray(theta, dtype=float)
    return np.array([(cost(theta + np.pi * _unit(theta.size, j)) - cost(theta - np.pi * _unit(theta.size, j))) / 2
                     for j in range(theta.size)])


def _ps_one_sided(cost, theta):
    theta = np.asarray(theta, dtype=float)
    f0 = cost(theta)
    return np.array([cost(theta + np.pi / 2 * _unit(theta.size, j)) - f0 for j in range(theta.size)])


def _ps_all_at_once(cost, theta):
    theta = np.asarray(theta, dtype=float)
    s = np.pi / 2 * np.ones(theta.size)
    return np.full(theta.size, (cost(theta + s) - cost(theta - s)) / 2)


def _ps_general_shift(cost, theta):
    theta = np.asarray(theta, dtype=float)
    s = 0.7  # any shift works: divide by 2 sin(s) instead of 2
    return np.array([(cost(theta + s * _unit(theta.size, j)) - cost(theta - s * _unit(theta.size, j)))
                     / (2 * np.sin(s)) for j in range(theta.size)])


def _ps_matrix(cost, theta):
    theta = np.asarray(theta, dtype=float)
    shifts = np.pi / 2 * np.eye(theta.size)
    return 0.5 * np.array([cost(theta + s) for s in shifts]) - 0.5 * np.array([cost(theta - s) for s in shifts])


PARAMETER_SHIFT = Exercise(
    id="vqc.gradients/parameter_shift",
    title="The parameter-shift rule",
    statement="Return the exact gradient of a circuit cost, given only as a callable cost(theta), with the "
    "two-term parameter-shift rule (every parameter is the angle of one Pauli rotation).",
    template='''def parameter_shift(cost, theta):
    """Exact gradient of a circuit's expectation value by the parameter-shift rule.

    cost: a function; cost(theta) runs a circuit and returns an expectation value (a float),
          rounded to 10 decimal places, as a device reports a value only to finite precision
          (so a finite difference with a small step is not accurate enough).
          Every entry theta[j] is the angle of exactly one rotation gate RX, RY or RZ
          (U = exp(-i theta_j P / 2), P a Pauli matrix) somewhere in the circuit.
    theta: array of shape (P,), the parameters.
    Returns: array of shape (P,), the gradient d cost / d theta_j, exact up to rounding
             (the check compares to 1e-8), from values of cost at shifted parameters.
    Example: for cost(theta) = cos(theta[0]) (RY(theta_0) on |0>, then <Z>),
             parameter_shift(cost, np.array([0.3])) -> array([-0.29552021])   # -sin(0.3)
    """
    raise NotImplementedError("shift one parameter at a time, up and down")
''',
    reference=parameter_shift,
    cases=_ps_cases,
    answer=compare.array(atol=1e-8, rtol=1e-6, real=True, what="gradient components"),
    mistakes=[
        Mistake(_ps_no_half, "every component is exactly twice the gradient: the two-term rule for a Pauli "
                "rotation multiplies f(theta + pi/2 e_j) - f(theta - pi/2 e_j) by 1/2"),
        Mistake(_ps_shift_pi, "every component is 0: you shifted by pi. A Pauli rotation makes the cost "
                "2 pi-periodic in its angle, so f(theta + pi e_j) = f(theta - pi e_j); the shift is pi/2"),
        Mistake(_ps_one_sided, "you used one shifted point and the unshifted one, f(theta + pi/2 e_j) - f(theta): "
                "the rule needs both shifts, f(theta + pi/2 e_j) - f(theta - pi/2 e_j), times 1/2"),
        Mistake(_ps_all_at_once, "all your components are the same number: you shifted every parameter at "
                "once; shift one parameter at a time (theta +- pi/2 e_j, e_j the j-th unit vector)"),
    ],
    alternatives=[_ps_general_shift, _ps_matrix],
    hints=[
        "Along one parameter theta_j the cost is a + b cos(theta_j) + c sin(theta_j), so two values of the "
        "cost, on both sides of theta_j, determine its slope exactly.",
        "For each j, evaluate the cost with theta_j moved up by pi/2 and down by pi/2 (the other entries "
        "unchanged) and combine the two values; section 2 derives the coefficient.",
        "grad[j] = (cost(theta + np.pi / 2 * e_j) - cost(theta - np.pi / 2 * e_j)) / 2 with e_j = np.eye(P)[j].",
    ],
    seed=1102,
)


# --------------------------------------------------------------------------- shift_rule_for_generator


def shift_rule_for_generator(eigenvalues: np.ndarray) -> tuple[float, float]:
    """A valid two-term rule ``(s, c)`` for ``exp(-i theta G)``, G of shape-(d,) eigenvalues with two distinct values.

    >>> s, c = shift_rule_for_generator(np.array([-1.0, 1.0]))  # exp(-i theta Z Z), say
    >>> bool(np.isclose(s, np.pi / 4)), float(c)
    (True, 1.0)
    """
    eigenvalues = np.asarray(eigenvalues, dtype=float)
    gap = float(eigenvalues.max() - eigenvalues.min())  # the only frequency of f(theta)
    return np.pi / (2 * gap), gap / 2


def _hidden_rule_values(rule: np.ndarray, gap: float) -> np.ndarray:
    """``c (f(t + s) - f(t - s))`` on fixed hidden circuits whose gate exp(-i t G) has eigenvalue gap ``gap``.

    Every such circuit gives ``f(t) = a + b cos(gap t) + d sin(gap t)``, whatever the
    eigenvalues' offset and multiplicities; these are 2-qubit circuits with a generator of
    eigenvalues {e, e, e + gap, e + gap} in a random basis, between random unitaries.
    """
    rng = np.random.default_rng(20221105)
    s, c = float(rule[0]), float(rule[1])
    out = []
    for _ in range(3):
        prep = np.linalg.qr(rng.normal(size=(4, 4)) + 1j * rng.normal(size=(4, 4)))[0]
        basis = np.linalg.qr(rng.normal(size=(4, 4)) + 1j * rng.normal(size=(4, 4)))[0]
        after = np.linalg.qr(rng.normal(size=(4, 4)) + 1j * rng.normal(size=(4, 4)))[0]
        lam = rng.uniform(-1, 1) + gap * np.array([0.0, 1.0, 0.0, 1.0])
        m = rng.normal(size=(4, 4)) + 1j * rng.normal(size=(4, 4))
        obs = after.conj().T @ (m + m.conj().T) @ after
        phi = prep[:, 0]

        def f(t, basis=basis, lam=lam, obs=obs, phi=phi):
            psi = basis @ (np.exp(-1j * t * lam) * (basis.conj().T @ phi))
            return float(np.real(np.vdot(psi, obs @ psi)))

        for t in rng.uniform(-np.pi, np.pi, 4):
            out.append(c * (f(t + s) - f(t - s)))
    return np.array(out)


def _on_hidden_circuits(r: np.ndarray, e: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Equivalence: compare two rules by what they give on the hidden circuits.

    The gap is read from the expected rule (the reference returns ``s = pi / (2 gap)``).
    """
    r, e = np.real(np.asarray(r, dtype=complex)), np.real(np.asarray(e, dtype=complex))
    gap = np.pi / (2 * e[0]) if np.isfinite(e[0]) and abs(e[0]) > 1e-12 else 1.0
    return _hidden_rule_values(r, abs(gap)), _hidden_rule_values(e, abs(gap))


def _sg_cases(rng: np.random.Generator) -> list:
    lo = float(rng.uniform(-2, 0))
    gap = float(rng.uniform(0.4, 3.0))
    return [
        case(np.array([-0.5, 0.5]), label="eigenvalues -1/2, 1/2 (RX, RY, RZ)"),
        case(np.array([-1.0, -1.0, 1.0, 1.0]), label="eigenvalues -1, -1, 1, 1 (exp(-i theta Z Z))"),
        case(np.array([0.0, 1.0]), label="eigenvalues 0, 1 (the phase shift gate)"),
        case(np.array([-0.75, 0.75]), label="eigenvalues -3/4, 3/4"),
        case(np.array([2.0, -1.0]), label="eigenvalues 2, -1"),
        case(np.array([lo, lo + gap, lo + gap, lo]), label=f"eigenvalues {lo:.3f} and {lo + gap:.3f}, twice each"),
    ]


def _sg_pauli_always(eigenvalues):
    return np.pi / 2, 0.5


def _sg_half_gap(eigenvalues):
    eigenvalues = np.asarray(eigenvalues, dtype=float)
    r = (eigenvalues.max() - eigenvalues.min()) / 2  # the eigenvalue r of G = +-r, taken as the frequency
    return np.pi / (2 * r), r / 2


def _sg_twice(eigenvalues):
    s, c = shift_rule_for_generator(eigenvalues)
    return s, 2 * c


def _sg_sign(eigenvalues):
    s, c = shift_rule_for_generator(eigenvalues)
    return s, -c


def _sg_other_shift(eigenvalues):
    eigenvalues = np.asarray(eigenvalues, dtype=float)
    gap = eigenvalues.max() - eigenvalues.min()
    s = np.pi / (3 * gap)  # any s with sin(gap s) != 0 works
    return s, gap / (2 * np.sin(gap * s))


def _sg_negative_shift(eigenvalues):
    s, c = shift_rule_for_generator(eigenvalues)
    return -s, -c


def _sg_three_quarter(eigenvalues):
    eigenvalues = np.asarray(eigenvalues, dtype=float)
    gap = eigenvalues.max() - eigenvalues.min()
    return 3 * np.pi / (2 * gap), -gap / 2


SHIFT_RULE_FOR_GENERATOR = Exercise(
    id="vqc.gradients/shift_rule_for_generator",
    title="A shift rule for any two-eigenvalue generator",
    statement="Given the eigenvalues of the generator G of a gate U(theta) = exp(-i theta G) (two distinct "
    "values), return a shift s and a coefficient c such that df/dtheta = c (f(theta + s) - f(theta - s)) for "
    "every circuit expectation value f that depends on theta through this one gate.",
    template='''def shift_rule_for_generator(eigenvalues):
    """Design a two-term shift rule for the gate U(theta) = exp(-i theta G).

    eigenvalues: array of shape (d,), the eigenvalues of the Hermitian generator G, with
                 exactly two distinct values (each may repeat), e.g. [-1, 1] or [0, 0, 2, 2].
    Returns: a pair (s, c) of floats such that, for EVERY circuit in which theta enters only
             through this one gate and every observable,
                 df/dtheta = c * (f(theta + s) - f(theta - s)).
             Any valid pair passes: the check applies your rule to hidden circuits built with
             a generator of this spectrum and compares with the exact derivative (to 1e-8).
    Example: shift_rule_for_generator(np.array([-0.5, 0.5])) -> (pi / 2, 0.5)
             (RX, RY and RZ have G = P / 2: the rule of section 2).
    """
    raise NotImplementedError("choose s and c from the eigenvalues")
''',
    reference=shift_rule_for_generator,
    cases=_sg_cases,
    answer=Answer("array", 1e-8, 1e-6, True, (), (_on_hidden_circuits,), diagnoses=(),
                  what="values of c (f(theta + s) - f(theta - s)) on the hidden circuits"),
    mistakes=[
        Mistake(_sg_pauli_always, "you returned the Pauli-rotation rule (s = pi/2, c = 1/2) for every generator: it "
                "holds only when the two eigenvalues of G differ by 1. f(theta) oscillates at a frequency set by "
                "the eigenvalues, and s and c must follow it"),
        Mistake(_sg_half_gap, "your rule gives 0 on every hidden circuit: your shift s is half a period of "
                "f(theta), so f(theta + s) = f(theta - s). f(theta) oscillates at the frequency lambda_max - "
                "lambda_min (2r for eigenvalues -r and r, not r); a shift half as large gives a non-zero difference"),
        Mistake(_sg_twice, "your rule gives exactly twice the derivative on every hidden circuit: your coefficient "
                "c is too large by a factor of 2"),
        Mistake(_sg_sign, "your rule gives minus the derivative on every hidden circuit: flip the sign of c"),
    ],
    alternatives=[_sg_other_shift, _sg_negative_shift, _sg_three_quarter],
    hints=[
        "Write G in its eigenbasis: U(theta) multiplies the eigencomponents by exp(-i theta lambda_k). "
        "f(theta) then contains exp(+-i theta (lambda_1 - lambda_2)) only: a sinusoid of frequency "
        "omega = lambda_max - lambda_min, plus a constant.",
        "For f = a + b cos(omega theta) + d sin(omega theta), compute f(theta + s) - f(theta - s) and compare "
        "with f'(theta): they differ by a constant factor that depends on omega and s. Choose s so the "
        "factor is not 0.",
        "f(theta + s) - f(theta - s) = (2 sin(omega s) / omega) f'(theta). Taking s = pi / (2 omega) makes "
        "sin(omega s) = 1, so c = omega / 2.",
    ],
    seed=1103,
)


# --------------------------------------------------------------------------- concept checks

SHIFT_COST = Concept(
    id="vqc.gradients/shift_rule_cost",
    question=(
        "A circuit has P = 50 parameters, each the angle of one Pauli rotation. How many circuit "
        "expectation values does the full gradient by the two-term parameter-shift rule need?"
    ),
    options=[
        Option("50", why=(
            "One evaluation per parameter is what a forward difference needs beyond f(theta) itself (P + 1 = 51 "
            "in all); the shift rule needs two shifted circuits per parameter.")),
        Option("100", correct=True, why=(
            "Two shifted circuits, theta_j + pi/2 and theta_j - pi/2, for each of the 50 parameters: 2P = 100 "
            "(plus one more if you also want f(theta)). On hardware each of them costs its own shots.")),
        Option("2", why=(
            "Shifting all parameters at once gives two evaluations, but only one number, a directional "
            "derivative, not the 50 partial derivatives.")),
        Option("2**50", why=(
            "The statevector has 2**n amplitudes, but the number of shifted circuits grows only linearly "
            "with the number of parameters.")),
    ],
)

ADJOINT_ON_HARDWARE = Concept(
    id="vqc.gradients/adjoint_on_hardware",
    question="Why can adjoint differentiation not be run on a quantum computer in the way it runs in a simulator?",
    options=[
        Option("Quantum gates cannot be inverted.", why=(
            "Every gate is unitary, so its inverse U^dagger is a gate too; un-applying gates is not the problem.")),
        Option("It reads amplitudes of the state and of O|psi> and takes their inner products, which "
               "measurements do not reveal.", correct=True, why=(
            "The backward pass keeps the statevector |phi_k> and the vector <lambda_k| = <psi| O U_L ... U_(k+1) "
            "and computes Im <lambda_k| G_k |phi_k>. O|psi> is not even a normalised state, and a "
            "measurement only gives samples. The shift rule needs only expectation values, which shots "
            "estimate.")),
        Option("It needs more circuit evaluations than the shift rule.", why=(
            "It is the other way round: adjoint costs about one forward and one backward pass for all P "
            "parameters, the shift rule 2P circuits.")),
    ],
)
