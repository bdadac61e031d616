"""Exercises of lesson ``intro.exercises`` (notebooks/00_how_exercises_work.ipynb).

Three small warm-ups that show how checking works: normalise a vector, apply Pauli-X to
one wire of a state vector, and compute measurement probabilities from amplitudes.
"""

from __future__ import annotations

import numpy as np

from qmlcourse.exercises import Concept, Exercise, Mistake, Option, case, compare


def _random_vector(rng: np.random.Generator, n: int, complex_: bool = True) -> np.ndarray:
    real = rng.normal(size=n)
    return real + 1j * rng.normal(size=n) if complex_ else real


def _random_state(rng: np.random.Generator, n_qubits: int) -> np.ndarray:
    v = _random_vector(rng, 2**n_qubits)
    return v / np.linalg.norm(v)


# --------------------------------------------------------------------------- normalize


def normalize(psi: np.ndarray) -> np.ndarray:
    """Return psi divided by its 2-norm."""
    norm = np.sqrt(np.sum(np.abs(psi) ** 2))
    return psi / norm


def _normalize_cases(rng: np.random.Generator) -> list:
    return [
        case(np.array([3.0, 4.0]), label="a real vector of 2 amplitudes"),
        case(_random_vector(rng, 2), label="2 complex amplitudes"),
        case(_random_vector(rng, 4), label="4 complex amplitudes"),
        case(_random_vector(rng, 8) * 10, label="8 complex amplitudes"),
    ]


NORMALIZE = Exercise(
    id="intro.exercises/normalize",
    title="Normalise a vector",
    statement="Divide a complex vector by its norm so that it becomes a valid quantum state.",
    template='''def normalize(psi):
    """Return the normalised state psi / ||psi||.

    psi: complex array of shape (n,), not all zeros.
    Returns: complex array of shape (n,) with norm 1: psi divided by a positive
             number, so its direction (and phase) is kept.
    Example: normalize(np.array([3, 4])) -> array([0.6, 0.8])
    """
    raise NotImplementedError("normalise psi")
''',
    reference=normalize,
    cases=_normalize_cases,
    # Exactly psi / ||psi||, no phase allowed: the task is "divide by the norm", and lesson 1's
    # linalg.vectors/normalize grades the same task the same way (a later cell that adds two
    # normalised vectors needs the phase the caller gave them).
    answer=compare.state(atol=1e-10, up_to_global_phase=False),
    mistakes=[
        Mistake(
            lambda psi: psi / np.sum(np.abs(psi) ** 2),
            "you divided by the squared norm <psi|psi>; divide by its square root",
        ),
        Mistake(
            lambda psi: psi / np.sqrt(np.sum(psi**2)),
            "you squared the amplitudes without abs(...): for complex a, |a|**2 is not a**2",
        ),
        Mistake(
            lambda psi: psi / np.sum(np.abs(psi)),
            "you divided by the sum of |a_i|; the norm is sqrt(sum |a_i|**2)",
        ),
    ],
    alternatives=[
        lambda psi: psi / np.linalg.norm(psi),
        lambda psi: psi / np.sqrt(np.vdot(psi, psi).real),
    ],
    hints=[
        "A state has norm 1: sum over i of |a_i|**2 equals 1.",
        "Compute the norm sqrt(sum |a_i|**2) and divide every amplitude by it.",
        "np.linalg.norm(psi) is the norm; return psi / np.linalg.norm(psi).",
    ],
    seed=11,
)


# --------------------------------------------------------------------------- apply_x


def apply_x(psi: np.ndarray, wire: int) -> np.ndarray:
    """Apply Pauli-X to one wire of an n-qubit state vector (wire 0 most significant)."""
    n = int(np.log2(psi.shape[0]))
    tensor = psi.reshape((2,) * n)
    return np.flip(tensor, axis=wire).reshape(-1)


def _apply_x_cases(rng: np.random.Generator) -> list:
    return [
        case(np.array([1.0, 0.0]), 0, label="1 qubit, wire 0"),
        case(_random_state(rng, 2), 0, label="2 qubits, wire 0"),
        case(_random_state(rng, 3), 2, label="3 qubits, wire 2"),
        case(_random_state(rng, 3), 1, label="3 qubits, wire 1"),
    ]


APPLY_X = Exercise(
    id="intro.exercises/apply_x",
    title="Pauli-X on one wire",
    statement="Flip one qubit of an n-qubit state vector: apply X to the given wire.",
    template='''def apply_x(psi, wire):
    """Apply the Pauli-X gate to qubit `wire` of the state psi.

    psi: complex array of shape (2**n,), amplitudes of |q0 q1 ... q(n-1)>;
         wire 0 is the most significant (leftmost) bit.
    wire: integer in 0 .. n-1.
    Returns: complex array of shape (2**n,).
    Example: apply_x(np.array([1, 0, 0, 0]), 0) -> array([0, 0, 1, 0])   # |00> -> |10>
    """
    raise NotImplementedError("flip qubit `wire`")
''',
    reference=apply_x,
    cases=_apply_x_cases,
    answer=compare.state(atol=1e-10, up_to_global_phase=False),
    mistakes=[
        Mistake(
            lambda psi, wire: np.flip(psi.reshape((2,) * int(np.log2(len(psi)))), axis=-1 - wire).reshape(-1),
            "you counted wires from the right: wire 0 is the most significant (leftmost) bit",
        ),
        Mistake(
            lambda psi, wire: psi[::-1].copy(),
            "you reversed the whole vector, which flips every qubit; flip only the given wire",
        ),
        Mistake(
            lambda psi, wire: np.flip(psi.reshape((2,) * int(np.log2(len(psi)))), axis=wire),
            "you returned the (2, ..., 2) tensor; reshape it back to a vector of length 2**n",
        ),
    ],
    alternatives=[
        # index arithmetic instead of reshaping: flip the bit of `wire` in every index
        lambda psi, wire: psi[np.arange(len(psi)) ^ (1 << (int(np.log2(len(psi))) - 1 - wire))],
        # the full matrix I x ... x X x ... x I
        lambda psi, wire: np.kron(
            np.kron(np.eye(2**wire), np.array([[0, 1], [1, 0]])),
            np.eye(len(psi) // 2 ** (wire + 1)),
        )
        @ psi,
    ],
    hints=[
        "X swaps the amplitudes of each pair of basis states that differ only in qubit `wire`.",
        "Reshape psi to n axes of size 2 (psi.reshape((2,) * n)); axis k is qubit k.",
        "np.flip(tensor, axis=wire) swaps the 0 and 1 halves of that axis; reshape back with .reshape(-1).",
    ],
    seed=12,
)


# --------------------------------------------------------------------------- probabilities


def probabilities(psi: np.ndarray) -> np.ndarray:
    """Born rule: the probability of each basis state is |amplitude|**2."""
    return np.abs(psi) ** 2


def _probabilities_cases(rng: np.random.Generator) -> list:
    return [
        case(np.array([1.0, 1.0]) / np.sqrt(2), label="the state |+>"),
        case(_random_state(rng, 1), label="1 qubit"),
        case(_random_state(rng, 2), label="2 qubits"),
        case(_random_state(rng, 3), label="3 qubits"),
    ]


PROBABILITIES = Exercise(
    id="intro.exercises/probabilities",
    title="Probabilities from amplitudes",
    statement="Return the measurement probabilities of every basis state (the Born rule).",
    template='''def probabilities(psi):
    """Return the probability of measuring each basis state.

    psi: complex array of shape (2**n,), a normalised state.
    Returns: real array of shape (2**n,), non-negative, summing to 1.
    Example: probabilities(np.array([1, 1j]) / np.sqrt(2)) -> array([0.5, 0.5])
    """
    raise NotImplementedError("apply the Born rule")
''',
    reference=probabilities,
    cases=_probabilities_cases,
    answer=compare.probabilities(atol=1e-10),
    mistakes=[
        Mistake(lambda psi: np.abs(psi), "you returned |a|, not |a|**2: the Born rule squares the magnitude"),
        Mistake(lambda psi: psi**2, "you squared the amplitude itself; square its magnitude: np.abs(a)**2"),
        Mistake(lambda psi: np.real(psi) ** 2, "you dropped the imaginary part: |a|**2 = Re(a)**2 + Im(a)**2"),
    ],
    alternatives=[
        lambda psi: (psi * psi.conj()).real,
        lambda psi: np.array([abs(a) ** 2 for a in psi]),
    ],
    hints=[
        "The Born rule: P(i) = |<i|psi>|**2 = |a_i|**2.",
        "Work on the whole array at once; the result must be real.",
        "np.abs(psi) ** 2",
    ],
    seed=13,
)


GLOBAL_PHASE = Concept(
    id="intro.exercises/global_phase",
    question="The state phi = -psi is psi with every amplitude multiplied by -1. "
    "How do probabilities(phi) and probabilities(psi) compare?",
    options=[
        Option("probabilities(phi) = -probabilities(psi).", correct=False,
               why="Probabilities are |a|**2 >= 0, so they can never all turn negative."),
        Option("They are equal.", correct=True,
               why="|-a|**2 = |a|**2 for every amplitude: a factor common to all amplitudes (a global phase) "
                   "changes no measurement probability."),
        Option("Only the first probability changes.", correct=False,
               why="The factor -1 multiplies every amplitude alike, so either all would change or none."),
    ],
)
