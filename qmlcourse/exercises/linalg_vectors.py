"""Exercises of lesson ``linalg.vectors`` (notebooks/01_complex_vectors.ipynb).

Normalise a complex vector, compute the inner product <a|b> (conjugate-linear in the first
argument), and decide whether two states are equal up to a global phase.
"""

from __future__ import annotations

import numpy as np

from qmlcourse.exercises import Exercise, Mistake, case, compare


def _random_vector(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.normal(size=n) + 1j * rng.normal(size=n)


def _random_state(rng: np.random.Generator, n: int) -> np.ndarray:
    v = _random_vector(rng, n)
    return v / np.linalg.norm(v)


# --------------------------------------------------------------------------- normalize


def normalize(psi):
    """Return psi divided by its 2-norm sqrt(sum |psi_i|^2)."""
    norm = np.sqrt(np.sum(np.abs(psi) ** 2))
    return psi / norm


def _normalize_cases(rng: np.random.Generator) -> list:
    return [
        case(np.array([3.0, 4.0]), label="the real vector (3, 4)"),
        case(np.array([1.0 + 1.0j, 1.0 - 2.0j]), label="the vector (1+i, 1-2i)"),
        case(_random_vector(rng, 2), label="2 complex amplitudes"),
        case(5 * _random_vector(rng, 4), label="4 complex amplitudes, norm above 1"),
        case(0.1 * _random_vector(rng, 8), label="8 complex amplitudes, norm below 1"),
    ]


NORMALIZE = Exercise(
    id="linalg.vectors/normalize",
    title="Normalise a complex vector",
    statement="Divide a non-zero complex vector by its norm so that it becomes a quantum state.",
    template='''def normalize(psi):
    """Return the normalised vector psi / ||psi||.

    psi: complex numpy array of shape (n,), not all zeros.
    Returns: complex array of shape (n,) pointing the same way as psi, with norm 1,
             where ||psi|| = sqrt(sum_i |psi_i|**2).
    Example: normalize(np.array([1 + 1j, 1 - 1j])) -> array([0.5+0.5j, 0.5-0.5j])
    """
    raise NotImplementedError("divide psi by its norm")
''',
    reference=normalize,
    cases=_normalize_cases,
    answer=compare.state(atol=1e-10, up_to_global_phase=False),
    mistakes=[
        Mistake(
            lambda psi: psi / np.sum(np.abs(psi) ** 2),
            "you divided by the squared norm sum |psi_i|**2; divide by its square root",
        ),
        Mistake(
            lambda psi: psi / np.sqrt(np.sum(psi**2)),
            "you squared the complex amplitudes themselves (psi**2); the norm uses |psi_i|**2 = "
            "psi_i * conj(psi_i), a real non-negative number",
        ),
        Mistake(
            lambda psi: psi / np.sum(np.abs(psi)),
            "you divided by the sum of |psi_i| (the 1-norm); a state needs the 2-norm sqrt(sum |psi_i|**2)",
        ),
        Mistake(
            lambda psi: psi / np.max(np.abs(psi)),
            "you divided by the largest |psi_i|; divide by the norm sqrt(sum |psi_i|**2)",
        ),
    ],
    alternatives=[
        lambda psi: psi / np.linalg.norm(psi),
        lambda psi: psi / np.sqrt(np.vdot(psi, psi).real),
    ],
    hints=[
        "A quantum state has norm 1; dividing a vector by a positive number keeps its direction.",
        "The norm is sqrt(sum_i |psi_i|**2); for complex numbers |z|**2 = z * conj(z), not z**2.",
        "return psi / np.linalg.norm(psi)",
    ],
    seed=101,
)


# --------------------------------------------------------------------------- inner_product


def inner_product(a, b):
    """Return <a|b> = sum_i conj(a_i) b_i, conjugate-linear in the first argument."""
    return complex(np.sum(np.conj(a) * b))


def _inner_product_cases(rng: np.random.Generator) -> list:
    return [
        case(np.array([1j, 0.0]), np.array([1.0, 0.0]), label="<i 0|1 0>"),
        case(_random_vector(rng, 2), _random_vector(rng, 2), label="2 complex amplitudes"),
        case(_random_state(rng, 4), _random_state(rng, 4), label="two 2-qubit states"),
        case(_random_vector(rng, 8), _random_vector(rng, 8), label="8 complex amplitudes"),
    ]


INNER_PRODUCT = Exercise(
    id="linalg.vectors/inner_product",
    title="Inner product of complex vectors",
    statement="Compute <a|b> for two complex vectors, conjugating the first one.",
    template='''def inner_product(a, b):
    """Return the inner product <a|b> as a complex number.

    a, b: complex numpy arrays of the same shape (n,).
    Returns: the complex number sum_i conj(a_i) * b_i (conjugate the FIRST argument).
    Example: inner_product(np.array([1j, 0]), np.array([1, 0])) -> -1j
    """
    raise NotImplementedError("compute <a|b>")
''',
    reference=inner_product,
    cases=_inner_product_cases,
    answer=compare.scalar(atol=1e-10, what="inner product"),
    mistakes=[
        Mistake(
            lambda a, b: complex(np.sum(a * b)),
            "no complex conjugate: <a|b> conjugates the entries of a (np.dot does not, np.vdot does)",
        ),
        Mistake(
            lambda a, b: complex(np.sum(a * np.conj(b))),
            "you conjugated b instead of a: <a|b> is conjugate-linear in its FIRST argument, "
            "so your answer is <b|a> = conj(<a|b>)",
        ),
        Mistake(
            lambda a, b: complex(np.sum(np.conj(a) * np.conj(b))),
            "you conjugated both vectors; only the first one (the bra <a|) is conjugated",
        ),
        Mistake(
            lambda a, b: abs(np.sum(np.conj(a) * b)),
            "you returned the magnitude |<a|b>|; the inner product is a complex number with a phase",
        ),
        Mistake(
            lambda a, b: abs(np.sum(np.conj(a) * b)) ** 2,
            "you returned |<a|b>|**2 (an overlap probability); return the complex number <a|b> itself",
        ),
    ],
    alternatives=[
        lambda a, b: complex(np.vdot(a, b)),
        lambda a, b: complex(np.conj(a) @ b),
        lambda a, b: complex(np.conj(np.vdot(b, a))),
    ],
    hints=[
        "The inner product multiplies matching entries and adds them up, like a dot product.",
        "For complex vectors the entries of the first vector are conjugated: sum_i conj(a_i) * b_i.",
        "np.vdot(a, b) conjugates its first argument: return complex(np.vdot(a, b)).",
    ],
    seed=102,
)


# --------------------------------------------------------------------------- equal_up_to_global_phase


def equal_up_to_global_phase(a, b):
    """True when b = exp(i phi) a for some real phi (a, b normalised states)."""
    overlap = np.sum(np.conj(a) * b)
    if abs(overlap) < 1e-12:
        return False
    phase = overlap / abs(overlap)
    return bool(np.allclose(phase * a, b, atol=1e-8))


def _global_phase_cases(rng: np.random.Generator) -> list:
    a1 = _random_state(rng, 2)
    a2 = _random_state(rng, 2)
    a3 = _random_state(rng, 4)
    a4 = _random_state(rng, 4)
    a5 = _random_state(rng, 4)
    relative = np.exp(1j * np.array([0.0, 0.0, 0.9, 0.9]))  # a phase on part of the state only
    b6 = _random_state(rng, 2)
    a7 = _random_state(rng, 8)
    a7[0] = 0.0  # the first amplitude vanishes: its "phase" is undefined
    a7 /= np.linalg.norm(a7)
    a8 = _random_state(rng, 4)
    noise = 1e-13 * _random_vector(rng, 4)
    a9 = _random_state(rng, 8)
    relative9 = np.exp(1j * np.linspace(0.0, 2.0, 8))
    return [
        case(a1, a1.copy(), label="two identical states"),
        case(a2, np.exp(0.7j) * a2, label="b = exp(0.7i) a"),
        case(a3, -a3, label="b = -a"),
        case(a4, 1j * a4, label="b = i a"),
        case(a5, relative * a5, label="a relative phase on two of four amplitudes"),
        case(a2, b6, label="two different states"),
        case(a7, np.exp(1.9j) * a7, label="b = exp(1.9i) a, first amplitude 0"),
        case(a8, a8 + noise, label="equal up to rounding errors of 1e-13"),
        case(a9, relative9 * a9, label="a different phase on every amplitude"),
    ]


def _only_sign(a, b):
    return bool(np.allclose(a, b) or np.allclose(a, -b))


def _first_entry_phase(a, b):
    with np.errstate(all="ignore"):
        phase = b[0] / a[0]
    return bool(np.allclose(phase * a, b))


def _via_overlap(a, b):
    # For normalised states, |<a|b>| = 1 exactly when b = exp(i phi) a (Cauchy-Schwarz).
    return bool(abs(abs(np.vdot(a, b)) - 1) < 1e-9)


def _via_largest_amplitude(a, b):
    k = int(np.argmax(np.abs(a)))
    return bool(np.allclose(b, a * (b[k] / a[k]), atol=1e-8))


EQUAL_UP_TO_GLOBAL_PHASE = Exercise(
    id="linalg.vectors/equal_up_to_global_phase",
    title="Equal up to a global phase",
    statement="Decide whether two normalised states differ only by a global phase factor exp(i phi).",
    template='''def equal_up_to_global_phase(a, b):
    """Return True when b = exp(i*phi) * a for some real phi, else False.

    a, b: normalised complex numpy arrays of the same shape (n,).
    Returns: a bool. Compare with a tolerance (np.allclose): computed amplitudes carry
             rounding errors of about 1e-15.
    Examples: equal_up_to_global_phase(np.array([1, 1j]) / np.sqrt(2),
                                       np.array([1j, -1]) / np.sqrt(2)) -> True
              equal_up_to_global_phase(np.array([1, 1j]) / np.sqrt(2),
                                       np.array([1, -1j]) / np.sqrt(2)) -> False
    """
    raise NotImplementedError("compare a and b up to a global phase")
''',
    reference=equal_up_to_global_phase,
    cases=_global_phase_cases,
    answer=compare.boolean(),
    mistakes=[
        Mistake(
            lambda a, b: bool(np.allclose(np.abs(a), np.abs(b))),
            "you compared only the magnitudes |a_i| and |b_i|; that also accepts RELATIVE phases "
            "(a different phase on different amplitudes), which change the state",
        ),
        Mistake(
            lambda a, b: bool(np.array_equal(a, b)),
            "you tested exact equality: allow any phase exp(i phi), and compare with a tolerance "
            "(np.allclose) because of rounding errors",
        ),
        Mistake(
            lambda a, b: bool(np.allclose(a, b)),
            "you tested b == a (within tolerance) but did not allow a phase factor: b = exp(i phi) a "
            "for ANY real phi counts as equal",
        ),
        Mistake(
            _only_sign,
            "you allowed only the phases +1 and -1; any phase exp(i phi), such as i or exp(0.7i), counts",
        ),
        Mistake(
            _first_entry_phase,
            "you read the phase off the first amplitude, but it can be 0; take it from an amplitude "
            "that is not 0, or from the overlap <a|b>",
        ),
    ],
    alternatives=[_via_overlap, _via_largest_amplitude],
    hints=[
        "If b = exp(i phi) a, then the overlap <a|b> equals exp(i phi) (the states are normalised).",
        "Compute the overlap <a|b> = np.vdot(a, b), turn it into a pure phase (divide by its "
        "magnitude), multiply a by it and compare with b.",
        "overlap = np.vdot(a, b); return abs(overlap) > 1e-12 and "
        "np.allclose(overlap / abs(overlap) * a, b)",
    ],
    seed=103,
)
