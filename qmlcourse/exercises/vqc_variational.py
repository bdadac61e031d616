"""Exercises and concept checks of lesson ``vqc.variational`` (notebooks/09_variational_principle.ipynb).

Three exercises on the variational principle:

* ``energy``: the energy <psi|H|psi> of a state for a Hamiltonian given as coefficients and
  Pauli words in the course's wire notation (``"Z0 Z1"``, ``"X1"``, ``"I"`` for a constant);
* ``minimize_energy`` (a design): find parameters of a fixed four-parameter ansatz whose
  energy is within 1e-3 of the ground energy; graded by the energy the parameters reach, so
  any method and any correct parameters pass;
* ``variational_bound`` (a decision): which reported energies can be the exact energy of some
  state of a given Hamiltonian (exactly those in [E_0, E_max]).

Two concept checks: what an exact energy below E_0 means, and where local minima of a
variational landscape come from.

>>> round(ansatz_energy([np.pi / 2, 0.0, 0.0, 0.0], [1.0], ["Z0 Z1"]), 12)
1.0
>>> round(ansatz_energy([np.pi / 2, 0.0, 0.0, 0.0], [1.0], ["X0 X1"]), 12)
1.0
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from qmlcourse.exercises import Concept, Exercise, Mistake, Option, case, compare
from qmlcourse.grading.compare import Answer, Failure

# --------------------------------------------------------------------------- helpers

_PAULI = {
    "I": np.eye(2, dtype=complex),
    "X": np.array([[0, 1], [1, 0]], dtype=complex),
    "Y": np.array([[0, -1j], [1j, 0]], dtype=complex),
    "Z": np.array([[1, 0], [0, -1]], dtype=complex),
}


def _parse_word(word: str) -> dict[int, str]:
    """``"Z0 X2"`` -> ``{0: "Z", 2: "X"}``; ``"I"`` -> ``{}``."""
    out: dict[int, str] = {}
    for token in str(word).split():
        if token == "I":
            continue
        out[int(token[1:])] = token[0]
    return out


def word_matrix(word: str, n_qubits: int, little_endian: bool = False) -> np.ndarray:
    """The 2**n x 2**n matrix of a Pauli word such as ``"Z0 X2"`` (wire 0 is the leftmost factor).

    >>> word_matrix("Z1", 2).real.diagonal()
    array([ 1., -1.,  1., -1.])
    >>> word_matrix("I", 1).real
    array([[1., 0.],
           [0., 1.]])
    """
    letters = _parse_word(word)
    op = np.array([[1.0 + 0j]])
    wires = range(n_qubits - 1, -1, -1) if little_endian else range(n_qubits)
    for wire in wires:
        op = np.kron(op, _PAULI[letters.get(wire, "I")])
    return op


def hamiltonian_matrix(coeffs, words, n_qubits: int) -> np.ndarray:
    """The dense matrix sum_i coeffs[i] * word_matrix(words[i]) of shape (2**n, 2**n).

    >>> np.linalg.eigvalsh(hamiltonian_matrix([-1.0, -0.5, -0.5], ["Z0 Z1", "X0", "X1"], 2)).round(6)[0]
    np.float64(-1.414214)
    """
    dim = 2**n_qubits
    h = np.zeros((dim, dim), dtype=complex)
    for c, w in zip(coeffs, words, strict=True):
        h += float(c) * word_matrix(w, n_qubits)
    return h


def _random_state(rng: np.random.Generator, n_qubits: int) -> np.ndarray:
    v = rng.normal(size=2**n_qubits) + 1j * rng.normal(size=2**n_qubits)
    return v / np.linalg.norm(v)


def _describe(coeffs, words) -> str:
    """A label that names the Hamiltonian exactly (coefficients have at most 3 decimals)."""
    return "H = " + " + ".join(f"({c:g}) {w}" for c, w in zip(coeffs, words, strict=True))


_TERM = re.compile(r"\(([-+0-9.e]+)\) ([IXYZ0-9 ]+?)(?= \+ \(|$)")


def _parse_description(label: str) -> tuple[list[float], list[str]] | None:
    """Inverse of ``_describe``; ``None`` for any other label."""
    if not label.startswith("H = "):
        return None
    terms = _TERM.findall(label[4:])
    if not terms:
        return None
    return [float(c) for c, _ in terms], [w for _, w in terms]


# --------------------------------------------------------------------------- energy


def energy(state, coeffs, words) -> float:
    """<psi|H|psi> for H = sum_i coeffs[i] * words[i], words like "Z0 Z1", "X1" or "I"."""
    psi = np.asarray(state, dtype=complex)
    n = int(round(np.log2(psi.size)))
    mats = {
        "I": np.array([[1, 0], [0, 1]], dtype=complex),
        "X": np.array([[0, 1], [1, 0]], dtype=complex),
        "Y": np.array([[0, -1j], [1j, 0]], dtype=complex),
        "Z": np.array([[1, 0], [0, -1]], dtype=complex),
    }
    total = 0.0
    for c, word in zip(coeffs, words, strict=True):
        letter_on = {}  # wire -> letter; "I" (or a missing wire) is the identity
        for token in word.split():
            if token != "I":
                letter_on[int(token[1:])] = token[0]
        op = np.array([[1.0 + 0j]])
        for wire in range(n):  # wire 0 is the leftmost factor of the Kronecker product
            op = np.kron(op, mats[letter_on.get(wire, "I")])
        total += c * float(np.real(np.vdot(psi, op @ psi)))
    return float(total)


def _energy_cases(rng: np.random.Generator) -> list:
    out = []
    specs = [
        (2, [-1.0, -0.5, -0.5], ["Z0 Z1", "X0", "X1"]),
        (2, [0.8, 1.3, -0.4], ["I", "Z1", "X0 Y1"]),
    ]
    for n, coeffs, words in specs:
        out.append(case(_random_state(rng, n), coeffs, words, label=f"{n} qubits, " + _describe(coeffs, words)))
    pool = {2: ["Z0", "Z1", "X0", "X1", "Y1", "Z0 Z1", "X0 X1", "Y0 Y1", "X0 Z1", "Z0 Y1"],
            3: ["Z0", "X1", "Z2", "Y0", "Z0 Z1", "X1 X2", "Z0 X2", "Y0 Z1", "X0 Y2", "Z1 Z2"]}
    for n in (2, 3, 3):
        words = list(rng.choice(pool[n], size=3, replace=False)) + ["I"]
        coeffs = [float(round(s * rng.uniform(0.3, 2.0), 3)) for s in rng.choice([-1.0, 1.0], size=4)]
        out.append(case(_random_state(rng, n), coeffs, words, label=f"{n} qubits, " + _describe(coeffs, words)))
    return out


def _n_of(state) -> int:
    return int(round(np.log2(np.asarray(state).size)))


def _energy_with(state, coeffs, words, matrix_of) -> float:
    psi = np.asarray(state, dtype=complex)
    n = _n_of(psi)
    return float(sum(c * np.real(np.vdot(psi, matrix_of(w, n) @ psi)) for c, w in zip(coeffs, words, strict=True)))


def _energy_no_constant(state, coeffs, words):
    kept = [(c, w) for c, w in zip(coeffs, words, strict=True) if w.strip() != "I"]
    return _energy_with(state, [c for c, _ in kept], [w for _, w in kept], word_matrix)


def _energy_reversed(state, coeffs, words):
    return _energy_with(state, coeffs, words, lambda w, n: word_matrix(w, n, little_endian=True))


def _energy_no_coeffs(state, coeffs, words):
    return _energy_with(state, [1.0] * len(words), words, word_matrix)


def _energy_letters_packed(state, coeffs, words):
    # the wire numbers ignored: the letters of a word put on wires 0, 1, ... in order
    def packed(w, n):
        letters = [t[0] for t in w.split() if t != "I"]
        return word_matrix(" ".join(f"{p}{k}" for k, p in enumerate(letters)) or "I", n)

    return _energy_with(state, coeffs, words, packed)


def _energy_dense(state, coeffs, words):
    psi = np.asarray(state, dtype=complex)
    h = hamiltonian_matrix(coeffs, words, _n_of(psi))
    return float(np.real(np.vdot(psi, h @ psi)))


def _energy_with_simulator(state, coeffs, words):
    from qmlcourse.sim import Hamiltonian, expval, from_vector

    return float(expval(from_vector(np.asarray(state, dtype=complex)), Hamiltonian(coeffs, words))[0])


ENERGY = Exercise(
    id="vqc.variational/energy",
    title="The energy of a state",
    statement=(
        "Return the energy <psi|H|psi> of a normalised state for a Hamiltonian given as a list of real "
        "coefficients and a list of Pauli words in wire notation ('Z0 Z1', 'X1', 'I')."
    ),
    template='''def energy(state, coeffs, words):
    """Return the energy <psi| H |psi> of a state, H = coeffs[0] * words[0] + coeffs[1] * words[1] + ...

    state:  complex array of shape (2**n,), a normalised state of n qubits (wire 0 is the
            most significant bit, as always in this course).
    coeffs: list of real numbers, one per term.
    words:  list of Pauli words in wire notation: "Z0 Z1" is Z on wire 0 times Z on wire 1,
            "X1" is X on wire 1 (the identity on every wire not named), and "I" is the
            identity on all wires (a constant term). n is read from the state's length.
    Returns: a real number (a float).
    Example: energy(np.array([0, 1, 0, 0]), [0.5, 2.0, 1.0], ["Z0", "Z1", "I"]) -> -0.5   # |01>
    """
    raise NotImplementedError("compute <psi|H|psi>")
''',
    reference=energy,
    cases=_energy_cases,
    answer=compare.scalar(atol=1e-9, real=True, what="energy"),
    mistakes=[
        Mistake(
            _energy_no_constant,
            "you left out the constant term: the word 'I' is the identity on all wires, so it adds its "
            "coefficient times <psi|psi> = 1 to the energy",
        ),
        Mistake(
            _energy_reversed,
            "looks like the wire order is reversed: wire 0 is the leftmost factor of the Kronecker product "
            "(the most significant bit), so 'Z1' on 2 qubits is np.kron(I, Z), not np.kron(Z, I)",
        ),
        Mistake(
            _energy_no_coeffs,
            "you added the terms' expectation values without their coefficients: each term counts with its "
            "weight, <H> = sum_i c_i <P_i>",
        ),
        Mistake(
            _energy_letters_packed,
            "you ignored the wire numbers: 'X1' is X on wire 1 (and the identity on wire 0), not X on the "
            "first wire; read the number after each letter",
        ),
    ],
    alternatives=[_energy_dense, _energy_with_simulator],
    hints=[
        "The energy is linear in H: <sum_i c_i P_i> = sum_i c_i <P_i>. A word names only some wires; every "
        "other wire carries the identity, and 'I' alone is the identity matrix of the whole register.",
        "For each word, build a dict wire -> letter from tokens like 'X1' (letter token[0], wire int(token[1:])), "
        "then the matrix np.kron(...) over wires 0, 1, ..., n-1 in this order, with the identity where the dict "
        "has no letter.",
        "total += c * float(np.real(np.vdot(state, op @ state))) for each (c, word), where op is that Kronecker "
        "product and n = int(np.log2(len(state))).",
    ],
    seed=91,
)


# --------------------------------------------------------------------------- the ansatz of minimize_energy


def _ry(t: float) -> np.ndarray:
    return np.array([[np.cos(t / 2), -np.sin(t / 2)], [np.sin(t / 2), np.cos(t / 2)]])


def ansatz_state(params) -> np.ndarray:
    """The state of the exercise's ansatz: RY(p0) on wire 0, RY(p1) on wire 1, CNOT(0, 1), then RY(p2), RY(p3).

    In the simulator: ``Circuit(2).ry(w0, 0).ry(w1, 1).cnot(0, 1).ry(w2, 0).ry(w3, 1)``.

    Args:
        params: 4 real angles (radians).
    Returns:
        a real array of shape (4,), the amplitudes of |00>, |01>, |10>, |11>.

    >>> ansatz_state([np.pi / 2, 0.0, 0.0, 0.0]).round(6)
    array([0.707107, 0.      , 0.      , 0.707107])
    """
    p = np.asarray(params, dtype=float).reshape(4)
    psi = np.kron(_ry(p[0])[:, 0], _ry(p[1])[:, 0])
    psi = psi[[0, 1, 3, 2]]  # CNOT(0, 1) swaps |10> and |11>
    return np.kron(_ry(p[2]), _ry(p[3])) @ psi


def ansatz_energy(params, coeffs, words) -> float:
    """The energy <psi(params)|H|psi(params)> the exercise's ansatz reaches (H on 2 qubits).

    >>> round(ansatz_energy([0.0, 0.0, 0.0, 0.0], [-1.0, 0.5], ["Z0 Z1", "Z0"]), 12)
    -0.5
    """
    psi = ansatz_state(params)
    return float(np.real(np.vdot(psi, hamiltonian_matrix(coeffs, words, 2) @ psi)))


def _energy_and_gradient(params: np.ndarray, h: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Energies (P,) and exact gradients (P, 4) for a batch of parameter sets (P, 4) (parameter shift)."""
    p = np.atleast_2d(np.asarray(params, dtype=float))

    def energies(q):
        psi = np.array([ansatz_state(row) for row in q])
        return np.einsum("pi,ij,pj->p", psi, h.real, psi)

    shifts = np.eye(4) * (np.pi / 2)
    grad = np.stack([(energies(p + s) - energies(p - s)) / 2 for s in shifts], axis=1)
    return energies(p), grad


# --------------------------------------------------------------------------- minimize_energy


def minimize_energy(coeffs, words):
    """Parameters of the four-parameter ansatz whose energy is the ground energy of H."""
    # Exact diagonalisation gives a (real) ground state; the ansatz is then inverted with an SVD.
    mats = {
        "I": np.eye(2),
        "X": np.array([[0.0, 1.0], [1.0, 0.0]]),
        "Y": np.array([[0.0, -1j], [1j, 0.0]]),
        "Z": np.array([[1.0, 0.0], [0.0, -1.0]]),
    }
    h = np.zeros((4, 4), dtype=complex)
    for c, word in zip(coeffs, words, strict=True):
        on = {int(t[1:]): t[0] for t in word.split() if t != "I"}
        h += c * np.kron(mats[on.get(0, "I")], mats[on.get(1, "I")])
    ground = np.linalg.eigh(h.real)[1][:, 0]  # real words give a real symmetric matrix
    # psi = (RY(p2) x RY(p3)) CNOT (RY(p0) x I)|00>: as a 2x2 matrix M = RY(p2) diag(cos, sin) RY(p3)^T
    u, s, vt = np.linalg.svd(ground.reshape(2, 2))
    v = vt.T
    d = s.copy()
    if np.linalg.det(u) < 0:  # make both factors rotations; a sign moves into the diagonal
        u[:, 1] *= -1
        d[1] *= -1
    if np.linalg.det(v) < 0:
        v[:, 1] *= -1
        d[1] *= -1
    p0 = 2 * np.arctan2(d[1], d[0])
    p2 = 2 * np.arctan2(u[1, 0], u[0, 0])
    p3 = 2 * np.arctan2(v[1, 0], v[0, 0])
    return np.array([p0, 0.0, p2, p3])


ENERGY_TOL = 1e-3


def _ground_and_top(coeffs, words) -> tuple[float, float]:
    e = np.linalg.eigvalsh(hamiltonian_matrix(coeffs, words, 2))
    return float(e[0]), float(e[-1])


def _as_params(value: Any) -> tuple[np.ndarray | None, Failure | None]:
    if value is None:
        return None, Failure("type", "returned None: did you forget the `return` statement?")
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError):
        return None, Failure("type", f"returned {compare.type_name(value)}, expected 4 angles")
    if arr.dtype.kind not in "iuf" and not (arr.dtype.kind == "c" and np.all(np.abs(np.imag(arr)) < 1e-12)):
        return None, Failure("type", f"returned {compare.type_name(value)}, expected an array of 4 real angles")
    if arr.shape not in ((4,), (1, 4)):
        return None, Failure("shape", f"returned shape {arr.shape}, expected 4 angles, shape (4,)")
    arr = np.real(arr).astype(float).reshape(4)
    if not np.all(np.isfinite(arr)):
        return None, Failure("finite", "returned NaN or infinite angles")
    return arr, None


@dataclass(frozen=True)
class EnergyAnswer(Answer):
    """Judge parameters by the energy they reach for the case's Hamiltonian (named by the label).

    With a label from ``_describe``: pass when the ansatz energy is within ``ENERGY_TOL`` of the
    ground energy, otherwise say how far above it is and why (a stationary point, the top of
    the spectrum, nearly there). Without a label (the checker comparing two answers with each
    other, to name a typical mistake) two parameter sets are equal when they prepare the same
    state up to a sign.
    """

    kind: str = "array"

    def judge(self, value: Any, expected: Any, label: str = "", *, validity: bool = True) -> Failure | None:
        params, failure = _as_params(value)
        if failure is not None:
            return failure
        problem = _parse_description(label) if label else None
        if problem is None:
            other, failure = _as_params(expected)
            if failure is not None:
                return failure
            a, b = ansatz_state(params), ansatz_state(other)
            if min(np.abs(a - b).max(), np.abs(a + b).max()) <= 1e-3:
                return None
            return Failure("value", "the parameters prepare a different state")
        coeffs, words = problem
        e0, top = _ground_and_top(coeffs, words)
        reached = ansatz_energy(params, coeffs, words)
        gap = reached - e0
        if gap <= ENERGY_TOL:
            return None
        msg = (f"your parameters reach the energy {reached:.6f}, {gap:.3g} above the ground energy {e0:.6f} "
               f"(within {ENERGY_TOL:g} is needed) for {label}")
        h = hamiltonian_matrix(coeffs, words, 2)
        _, grad = _energy_and_gradient(params, h)
        if abs(reached - top) <= ENERGY_TOL:
            msg += ("; that is the HIGHEST eigenvalue of H: did you step uphill (params + lr * grad)? "
                    "Gradient descent subtracts the gradient")
        elif float(np.abs(grad).max()) < 1e-4:
            msg += ("; the gradient there is zero: the optimiser stopped at a stationary point that is not the "
                    "minimum (a saddle point or a local minimum); start from other (random) parameters")
        elif gap < 0.05:
            msg += "; close, but not converged: take more steps (or polish with a smaller learning rate)"
        return Failure("value", msg)


def _me_cases(rng: np.random.Generator) -> list:
    out = []
    j, hx = (float(round(v, 2)) for v in rng.uniform([0.6, 0.3], [1.4, 0.9]))
    tfim = ([-j, -hx, -hx], ["Z0 Z1", "X0", "X1"])
    a, b = (float(round(v, 2)) for v in rng.uniform([0.6, 0.1], [1.2, 0.4]))
    heis = ([a, a, a, -b, -b], ["X0 X1", "Y0 Y1", "Z0 Z1", "Z0", "Z1"])  # |00> is an eigenstate
    g = float(round(rng.uniform(0.15, 0.35), 2))
    tilted = ([-1.0, -0.3, -0.3, -g, -g], ["Z0 Z1", "X0", "X1", "Z0", "Z1"])
    words = ["Z0 Z1", "X0 X1", "Z0", "X1", "X0 Z1"]
    coeffs = [float(round(v, 2)) for v in rng.uniform(-1.5, 1.5, size=5)]
    for c, w in (tfim, heis, tilted, (coeffs, words)):
        out.append(case(c, w, label=_describe(c, w)))
    return out


def _me_zeros(coeffs, words):
    return np.zeros(4)


def _me_adam_from_zero(coeffs, words):
    h = hamiltonian_matrix(coeffs, words, 2)
    p, m, v = np.zeros((1, 4)), np.zeros((1, 4)), np.zeros((1, 4))
    for t in range(1, 301):  # Adam, lr 0.1, started at params = 0 (the state |00>)
        _, g = _energy_and_gradient(p, h)
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g**2
        p = p - 0.1 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    return p[0]


def _me_gradient_ascent(coeffs, words):
    h = hamiltonian_matrix(coeffs, words, 2)
    p = np.array([[0.3, -0.2, 0.5, 0.1]])
    for _ in range(400):
        _, g = _energy_and_gradient(p, h)
        p = p + 0.2 * g  # the sign error: uphill
    return p[0]


_GRID = np.arange(-4, 4) * (np.pi / 4)


def _me_coarse_grid(coeffs, words):
    h = hamiltonian_matrix(coeffs, words, 2).real
    grid = np.stack(np.meshgrid(_GRID, _GRID, _GRID, _GRID, indexing="ij"), -1).reshape(-1, 4)
    psi = np.array([ansatz_state(row) for row in grid])
    return grid[int(np.argmin(np.einsum("pi,ij,pj->p", psi, h, psi)))]


def _me_adam_many_starts(coeffs, words):
    # the optimisation route with the course's simulator and optimiser: 8 random starts at once
    from qmlcourse.optim import Adam
    from qmlcourse.sim import Circuit, Hamiltonian, weight

    circuit = Circuit(2).ry(weight(0), 0).ry(weight(1), 1).cnot(0, 1).ry(weight(2), 0).ry(weight(3), 1)
    ham = Hamiltonian(coeffs, words)
    params = np.random.default_rng(7).uniform(-np.pi, np.pi, size=(8, 4))
    opt = Adam(lr=0.1)
    for _ in range(300):
        _, grad = circuit.expval_and_gradient(ham, w=params)  # grad: (8, 1, 4)
        params = opt.step(params, grad[:, 0, :])
    return params[int(np.argmin(circuit.expval(ham, w=params)[:, 0]))]


def _me_scipy(coeffs, words):
    from scipy.optimize import minimize

    best = None
    for start in np.random.default_rng(3).uniform(-np.pi, np.pi, size=(4, 4)):
        res = minimize(ansatz_energy, start, args=(coeffs, words), method="BFGS", options={"gtol": 1e-9})
        if best is None or res.fun < best.fun:
            best = res
    return best.x


MINIMIZE_ENERGY = Exercise(
    id="vqc.variational/minimize_energy",
    title="Reach the ground energy with a fixed ansatz",
    statement=(
        "Given a two-qubit Hamiltonian with real terms, return four angles for the ansatz RY(p0), RY(p1), "
        "CNOT(0, 1), RY(p2), RY(p3) whose energy is within 1e-3 of the ground energy. Graded by the energy "
        "your angles reach, so any method and any correct angles pass."
    ),
    template='''def minimize_energy(coeffs, words):
    """Return 4 angles for which the ansatz reaches the ground energy of H (to within 1e-3).

    The ansatz is fixed: RY(p0) on wire 0 and RY(p1) on wire 1, then CNOT(0, 1), then
    RY(p2) on wire 0 and RY(p3) on wire 1, starting from |00>. In the simulator:
        Circuit(2).ry(weight(0), 0).ry(weight(1), 1).cnot(0, 1).ry(weight(2), 0).ry(weight(3), 1)
    coeffs: list of real numbers; words: list of 2-qubit Pauli words such as "Z0 Z1" or "X1"
            (as in the energy exercise); H = sum_i coeffs[i] * words[i].
    Returns: array of shape (4,), the angles [p0, p1, p2, p3] in radians. The check computes
             the energy they reach (qmlcourse.exercises.vqc_variational.ansatz_energy(params,
             coeffs, words) does the same for you): any angles within 1e-3 of the ground
             energy pass, found by any method you like.
    Example: minimize_energy([-1.0, -0.5, -0.5], ["Z0 Z1", "X0", "X1"]) could return
             array([1.5708, 0.7854, 0., 0.]) (the optimum of the lesson's two-parameter
             ansatz); its energy is -1.414214, the ground energy.
    """
    raise NotImplementedError("find the angles")
''',
    reference=minimize_energy,
    cases=_me_cases,
    answer=EnergyAnswer(what="energy"),
    mistakes=[
        Mistake(
            _me_zeros,
            "your angles are all zero (the ansatz then prepares |00>): that is a starting point, not the result "
            "of a minimisation; return the optimised angles",
        ),
        Mistake(
            _me_adam_from_zero,
            "you started the optimiser at angles = 0, the state |00>: for one of these Hamiltonians |00> is an "
            "eigenstate, so every gradient component is exactly zero there and the optimiser never moves; start "
            "from random angles (several, keeping the best)",
        ),
        Mistake(
            _me_gradient_ascent,
            "you climbed the landscape: your angles reach the HIGHEST energy of H; a gradient-descent step is "
            "params - lr * grad, not params + lr * grad",
        ),
        Mistake(
            _me_coarse_grid,
            "your angles are the best point of a coarse grid (steps of pi/4): a grid this coarse misses the "
            "minimum by more than 1e-3; polish its best point with gradient descent",
        ),
    ],
    alternatives=[_me_adam_many_starts, _me_scipy],
    hints=[
        "Any method may find the angles: minimise E(p) = <psi(p)|H|psi(p)> with gradient descent or Adam from "
        "a few random starts (the gradient at p = 0 can vanish), or compute the ground state exactly and work "
        "the angles out from it.",
        "With the simulator: circuit.expval_and_gradient(Hamiltonian(coeffs, words), w=params) returns the "
        "energy and its gradient; params of shape (8, 4) run 8 starts at once, and Adam(lr=0.1).step(params, "
        "grad[:, 0, :]) steps all of them; 300 steps are plenty. Keep the start with the lowest energy.",
        "params = rng.uniform(-np.pi, np.pi, size=(8, 4)); repeat 300 times: _, g = "
        "circuit.expval_and_gradient(H, w=params); params = opt.step(params, g[:, 0, :]); then return "
        "params[np.argmin(circuit.expval(H, w=params)[:, 0])].",
    ],
    seed=92,
    time_limit=20.0,
)


# --------------------------------------------------------------------------- variational_bound


def variational_bound(coeffs, words, energies):
    """For each reported energy: can it be <psi|H|psi> for some normalised state psi?"""
    mats = {
        "I": np.eye(2, dtype=complex),
        "X": np.array([[0, 1], [1, 0]], dtype=complex),
        "Y": np.array([[0, -1j], [1j, 0]], dtype=complex),
        "Z": np.array([[1, 0], [0, -1]], dtype=complex),
    }
    n = 1 + max((int(t[1:]) for w in words for t in w.split() if t != "I"), default=0)
    h = np.zeros((2**n, 2**n), dtype=complex)
    for c, word in zip(coeffs, words, strict=True):
        on = {int(t[1:]): t[0] for t in word.split() if t != "I"}
        op = np.array([[1.0 + 0j]])
        for wire in range(n):
            op = np.kron(op, mats[on.get(wire, "I")])
        h += c * op
    e = np.linalg.eigvalsh(h)
    # <psi|H|psi> = sum_k |c_k|^2 E_k is a weighted average of the eigenvalues: every value
    # between the lowest and the highest is reached (mix the two eigenvectors), nothing outside.
    values = np.asarray(energies, dtype=float)
    return (values >= e[0] - 1e-9) & (values <= e[-1] + 1e-9)


def _vb_cases(rng: np.random.Generator) -> list:
    out = []
    fixed = [([-1.0, -0.5, -0.5], ["Z0 Z1", "X0", "X1"]), ([1.0, 1.0, 1.0], ["X0 X1", "Y0 Y1", "Z0 Z1"])]
    pool = ["Z0", "Z1", "X0", "X1", "Z0 Z1", "X0 X1", "Y0 Y1", "Z0 X1", "Z2", "X2", "Z1 Z2", "X0 Z2"]
    randoms = []
    for _ in range(2):
        words = list(rng.choice(pool, size=4, replace=False))
        coeffs = [float(round(v, 2)) for v in rng.uniform(-1.5, 1.5, size=4)]
        randoms.append((coeffs, words))
    for coeffs, words in fixed + randoms:
        n = 1 + max(int(t[1:]) for w in words for t in w.split() if t != "I")
        e = np.linalg.eigvalsh(hamiltonian_matrix(coeffs, words, n))
        bound = float(np.sum(np.abs(coeffs)))
        inner = sorted(set(np.round(e, 9)))
        mid = [float((a + b) / 2) for a, b in zip(inner, inner[1:], strict=False)][:1]  # between two eigenvalues
        energies = [float(e[0]), float(e[-1]), float(e[0]) - 0.02, float(e[-1]) + 0.02, *mid]
        if bound - e[-1] > 0.05:
            energies.append(float((bound + e[-1]) / 2))  # under the triangle bound, above E_max
        if -bound - e[0] < -0.05:
            energies.append(float((-bound + e[0]) / 2))  # above -bound, below E_0
        energies.append(float(e[-1] - 0.01))
        order = rng.permutation(len(energies))
        values = np.array(energies)[order]
        label = _describe(coeffs, words) + f", {len(values)} energies"
        out.append(case(list(coeffs), list(words), values, label=label))
    return out


def _vb_eigs(coeffs, words):
    n = 1 + max((int(t[1:]) for w in words for t in w.split() if t != "I"), default=0)
    return np.linalg.eigvalsh(hamiltonian_matrix(coeffs, words, n))


def _vb_lower_only(coeffs, words, energies):
    return np.asarray(energies, dtype=float) >= _vb_eigs(coeffs, words)[0] - 1e-9


def _vb_triangle(coeffs, words, energies):
    return np.abs(np.asarray(energies, dtype=float)) <= float(np.sum(np.abs(coeffs))) + 1e-9


def _vb_strict(coeffs, words, energies):
    e = _vb_eigs(coeffs, words)
    values = np.asarray(energies, dtype=float)
    return (values > e[0] + 1e-9) & (values < e[-1] - 1e-9)


def _vb_eigenvalues_only(coeffs, words, energies):
    e = _vb_eigs(coeffs, words)
    values = np.asarray(energies, dtype=float)
    return np.array([bool(np.any(np.abs(e - v) <= 1e-9)) for v in values])


def _vb_sampling(coeffs, words, energies):
    # estimate the range from many random states and the eigenvectors' mixtures: min and max of
    # the Rayleigh quotient over the eigenvectors is [E_0, E_max] (here read off the matrix)
    n = 1 + max((int(t[1:]) for w in words for t in w.split() if t != "I"), default=0)
    h = hamiltonian_matrix(coeffs, words, n)
    vecs = np.linalg.eigh(h)[1]
    q = np.real(np.einsum("ik,ij,jk->k", vecs.conj(), h, vecs))
    values = np.asarray(energies, dtype=float)
    return ((values >= q.min() - 1e-9) & (values <= q.max() + 1e-9)).tolist()


def _as_float(r: np.ndarray, e: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return np.asarray(r).astype(float), np.asarray(e).astype(float)


VARIATIONAL_BOUND = Exercise(
    id="vqc.variational/variational_bound",
    title="Which reported energies are possible?",
    statement=(
        "Colleagues report energies of a Hamiltonian computed exactly (no shot noise) from some normalised "
        "state. Decide for each whether it can be <psi|H|psi> for some state."
    ),
    template='''def variational_bound(coeffs, words, energies):
    """Decide which reported energies can be the exact energy <psi|H|psi> of some normalised state.

    coeffs, words: the Hamiltonian H = sum_i coeffs[i] * words[i], words like "Z0 Z1" or "X2"
                   (the number of qubits is 1 + the largest wire number that appears).
    energies:      array of shape (m,), energies reported by exact (shot-free) calculations.
    Returns: a boolean array of shape (m,): True where some normalised state psi has
             <psi|H|psi> equal to that energy (to within 1e-9), False where no state can.
    Example: variational_bound([1.0], ["Z0"], np.array([0.3, -1.0, 1.2])) -> array([True, True, False])
    """
    raise NotImplementedError("decide for each energy")
''',
    reference=variational_bound,
    cases=_vb_cases,
    answer=compare.array(atol=0.5, rtol=0.0, real=True, equivalence=[_as_float],
                         what="verdicts (1 = possible, 0 = impossible)"),
    mistakes=[
        Mistake(
            _vb_lower_only,
            "you checked only the lower bound E >= E_0: the energy of a state is also at most the largest "
            "eigenvalue E_max (it is a weighted average of the eigenvalues), so energies above E_max are "
            "impossible too",
        ),
        Mistake(
            _vb_triangle,
            "you used |E| <= sum_i |c_i|: every energy obeys it, but it is not sharp; the possible energies are "
            "exactly those between the smallest and the largest eigenvalue of H, a narrower interval",
        ),
        Mistake(
            _vb_strict,
            "you excluded the end points: E = E_0 is reached by the ground state itself (and E_max by the top "
            "eigenvector), so the bounds are inclusive",
        ),
        Mistake(
            _vb_eigenvalues_only,
            "you accepted only the eigenvalues themselves: those are the possible results of ONE measurement, "
            "but an energy <psi|H|psi> is an average and takes every value between E_0 and E_max (mix two "
            "eigenvectors)",
        ),
    ],
    alternatives=[_vb_sampling],
    hints=[
        "Write psi in the eigenbasis of H: <psi|H|psi> = sum_k |c_k|^2 E_k with sum_k |c_k|^2 = 1, a weighted "
        "average of the eigenvalues. Which values can a weighted average take?",
        "Build the matrix of H (np.kron over wires 0..n-1, the identity where a word names no letter), compute "
        "e = np.linalg.eigvalsh(h), and compare each energy with e[0] and e[-1]; both ends are reachable.",
        "return (energies >= e[0] - 1e-9) & (energies <= e[-1] + 1e-9)",
    ],
    seed=93,
)


# --------------------------------------------------------------------------- concept checks

BELOW_GROUND_ENERGY = Concept(
    id="vqc.variational/below_ground_energy",
    question=(
        "Exact diagonalisation gives E_0 = -1.414 for a two-qubit Hamiltonian. A statevector simulation "
        "(exact expectation values, no shots) of a new ansatz reports E = -1.52. What follows?"
    ),
    options=[
        Option("The new ansatz is better than exact diagonalisation.", why=(
            "No state can go below E_0: <psi|H|psi> = sum_k |c_k|^2 E_k >= E_0 for every normalised psi, so no "
            "ansatz can beat the lowest eigenvalue.")),
        Option("Something is wrong: an unnormalised state, a different Hamiltonian, or a bug.", correct=True, why=(
            "The variational principle forbids an exact energy below E_0. A value below it is a test that "
            "failed: check the norm of the state (an unnormalised psi scales the energy), the coefficients "
            "and wire order of H, and the code.")),
        Option("Shot noise: estimates scatter around the true energy.", why=(
            "Estimates from shots can indeed fall below E_0 by chance, but this simulation computes exact "
            "expectation values: there is no noise to blame.")),
    ],
)

LOCAL_MINIMUM_ORIGIN = Concept(
    id="vqc.variational/local_minimum_origin",
    question=(
        "Gradient descent on E(theta) = <psi(theta)|H|psi(theta)> stops, from some starts, at an energy above "
        "E_0 where the gradient is zero and every small change of theta raises E. Where does this trap come from?"
    ),
    options=[
        Option("From H: the excited eigenstates are local minima of the energy.", why=(
            "Over all normalised states they are not: from an excited eigenstate, mixing in a little of the "
            "ground state lowers the energy, so every eigenstate above E_0 is a saddle point.")),
        Option("From the ansatz: the states it can reach form a restricted family with its own minima.",
               correct=True, why=(
                   "Over all states the only minima are the ground states; a parameterisation that covers only some "
                   "states (a product ansatz, say) can have a lowest point of its own whose way down leads "
                   "through states it cannot prepare.")),
        Option("From the learning rate: a smaller one always reaches E_0.", why=(
            "A smaller learning rate follows the same landscape more closely; it ends in the same local "
            "minimum from the same start.")),
    ],
)
