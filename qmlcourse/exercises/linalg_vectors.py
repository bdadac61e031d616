"""Exercises of lesson ``linalg.vectors`` (notebooks/01_complex_vectors.ipynb).

Normalise a complex vector, compute the inner product <a|b> (conjugate-linear in the first
argument), decide whether two states are equal up to a global phase, and construct the
state orthogonal to a given qubit state (a design task). Two concept checks: global versus
relative phase, and the order of the arguments of <a|b>.
"""

from __future__ import annotations

import numpy as np

from qmlcourse.exercises import Concept, Exercise, Mistake, Option, case, compare


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
    Returns: complex array of shape (n,) with norm 1 that points the same way as psi:
             psi divided by a positive number, so no phase factor may be added.
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
    Returns: a complex number, conjugate-linear in the FIRST argument a
             (<c a|b> = conj(c) <a|b>) and linear in the second.
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
    """True when b = exp(i phi) a for some real phi (a, b normalised states), every amplitude
    agreeing within 1e-9 once the phase is removed."""
    overlap = np.sum(np.conj(a) * b)
    if abs(overlap) < 1e-12:
        return False
    phase = overlap / abs(overlap)
    return bool(np.max(np.abs(phase * a - b)) <= 1e-9)


def _nearby(rng: np.random.Generator, a: np.ndarray, size: float) -> np.ndarray:
    """A normalised state whose amplitudes differ from a by about ``size`` (not by a phase)."""
    d = _random_vector(rng, len(a))
    d -= np.vdot(a, d) * a  # the part along a would be (mostly) a phase or a norm change
    b = a + size * d / np.max(np.abs(d))
    return b / np.linalg.norm(b)


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
    a10, a11, a12 = _random_state(rng, 4), _random_state(rng, 4), _random_state(rng, 8)
    phase = np.exp(1j * rng.uniform(0.5, 6.0))
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
        case(a10, phase * _nearby(rng, a10, 1e-2),
             label="a phase times a state that differs by 1e-2 (|<a|b>| about 0.9999)"),
        case(a11, phase * _nearby(rng, a11, 1e-6),
             label="a phase times a state that differs by 1e-6 (|<a|b>| = 1 to 12 digits)"),
        case(a12, phase * a12 + 1e-12 * _random_vector(rng, 8), label="a phase, plus rounding noise of 1e-12"),
    ]


def _only_sign(a, b):
    return bool(np.allclose(a, b) or np.allclose(a, -b))


def _first_entry_phase(a, b):
    with np.errstate(all="ignore"):
        phase = b[0] / a[0]
    return bool(np.allclose(phase * a, b))


def _via_distance(a, b):
    # the best phase minimises ||b - e^{i phi} a||; compare what is left entry by entry
    overlap = np.vdot(a, b)
    aligned = a * (overlap / abs(overlap)) if abs(overlap) > 1e-12 else a
    return bool(np.allclose(aligned, b, rtol=0.0, atol=1e-9))


def _via_largest_amplitude(a, b):
    k = int(np.argmax(np.abs(a)))
    phase = b[k] / a[k]
    if abs(abs(phase) - 1) > 1e-6:
        return False
    return bool(np.max(np.abs(a * phase - b)) <= 1e-9)


EQUAL_UP_TO_GLOBAL_PHASE = Exercise(
    id="linalg.vectors/equal_up_to_global_phase",
    title="Equal up to a global phase",
    statement="Decide whether two normalised states differ only by a global phase factor exp(i phi), "
    "to 1e-9 per amplitude.",
    template='''def equal_up_to_global_phase(a, b):
    """Return True when b = exp(i*phi) * a for some real phi, else False.

    a, b: normalised complex numpy arrays of the same shape (n,).
    Returns: a bool. Tolerance: after removing the best phase, every amplitude of b
             must agree with a to within 1e-9. Rounding errors (about 1e-15) pass;
             a state that differs by 1e-6 is a different state and must give False.
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
            "because of rounding errors",
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
        Mistake(
            lambda a, b: bool(abs(np.vdot(a, b)) > 0.99),
            "you accepted |<a|b>| > 0.99: that threshold is far too loose, a state whose amplitudes differ "
            "by 1e-2 passes it; the task asks for agreement to 1e-9 per amplitude",
        ),
        Mistake(
            lambda a, b: bool(abs(abs(np.vdot(a, b)) - 1) < 1e-9),
            "you tested 1 - |<a|b>| < 1e-9. |<a|b>| = 1 is the right criterion, but 1 - |<a|b>| shrinks "
            "like the SQUARE of the difference, so a tolerance of 1e-9 on it accepts states that differ by "
            "1e-6; compare the amplitudes after removing the phase instead",
        ),
    ],
    alternatives=[_via_distance, _via_largest_amplitude],
    hints=[
        "If b = exp(i phi) a, then the overlap <a|b> equals exp(i phi) (the states are normalised). "
        "Find the phase, undo it, and compare what is left.",
        "Compute the overlap <a|b> = np.vdot(a, b) and turn it into a pure phase (divide by its "
        "magnitude). Multiply a by it and compare with b amplitude by amplitude. np.allclose has a "
        "RELATIVE tolerance rtol=1e-5 besides atol: pass rtol=0 to get the stated 1e-9.",
        "overlap = np.vdot(a, b); return abs(overlap) > 1e-12 and "
        "np.allclose(overlap / abs(overlap) * a, b, rtol=0, atol=1e-9)",
    ],
    seed=103,
)


# --------------------------------------------------------------------------- orthogonal_state


def orthogonal_state(psi):
    """The qubit state orthogonal to psi = (a, b), unique up to a global phase."""
    a, b = psi[0], psi[1]
    return np.array([-np.conj(b), np.conj(a)])


def _orthogonal_cases(rng: np.random.Generator) -> list:
    s = 1 / np.sqrt(2)
    polar, azimuth = rng.uniform(0.3, np.pi - 0.3, size=3), rng.uniform(0.3, 2 * np.pi - 0.3, size=3)
    phases = rng.uniform(0.2, 2 * np.pi - 0.2, size=3)

    def state(k):
        amplitudes = np.array([np.cos(polar[k] / 2), np.exp(1j * azimuth[k]) * np.sin(polar[k] / 2)])
        return np.exp(1j * phases[k]) * amplitudes

    return [
        case(np.array([1.0, 0.0], dtype=complex), label="|0>"),
        case(np.array([s, s], dtype=complex), label="|+>"),
        case(np.array([s, 1j * s]), label="|+i> = (|0> + i|1>)/sqrt(2)"),
        case(np.array([0.6, 0.8j]), label="0.6|0> + 0.8i|1>"),
        case(state(0), label="a random complex state"),
        case(state(1), label="another random complex state"),
        case(state(2), label="a third random complex state"),
    ]


def _orthogonal_gram_schmidt(psi):
    # Gram-Schmidt: start from the basis state with the smaller overlap, remove the part along psi
    start = np.array([1.0, 0.0]) if abs(psi[0]) < abs(psi[1]) else np.array([0.0, 1.0])
    v = start - np.vdot(psi, start) * psi
    return v / np.linalg.norm(v)


def _orthogonal_with_phase(psi):
    # i (conj(b), -conj(a)) is the reference times -i: any global phase is allowed
    return 1j * np.array([np.conj(psi[1]), -np.conj(psi[0])])


ORTHOGONAL_STATE = Exercise(
    id="linalg.vectors/orthogonal_state",
    title="A state orthogonal to a given one",
    statement="Given a one-qubit state psi, construct a normalised state phi with <psi|phi> = 0 "
    "(graded up to a global phase, since only that is unique).",
    template='''def orthogonal_state(psi):
    """Return a normalised one-qubit state phi that is orthogonal to psi: <psi|phi> = 0.

    psi: complex numpy array of shape (2,), a normalised state a|0> + b|1>.
    Returns: complex array of shape (2,) with norm 1 and <psi|phi> = 0. For one qubit
             there is only one such state up to a global phase, so any phase passes.
    Example: orthogonal_state(np.array([1, 0])) -> array([0, 1]) (or -1j times that, ...)
    """
    raise NotImplementedError("construct phi with <psi|phi> = 0")
''',
    reference=orthogonal_state,
    cases=_orthogonal_cases,
    answer=compare.state(atol=1e-9),
    mistakes=[
        Mistake(
            lambda psi: np.array([-psi[1], psi[0]]),
            "you swapped the amplitudes and put a minus sign on one, but did not conjugate them: for "
            "(-b, a) the overlap is <psi|phi> = conj(b) a - conj(a) b = 2i Im(conj(b) a), which is 0 only "
            "when conj(b) a is real (real amplitudes, for example)",
        ),
        Mistake(
            lambda psi: np.array([np.conj(psi[1]), np.conj(psi[0])]),
            "you swapped and conjugated the amplitudes but lost the minus sign: then "
            "<psi|phi> = 2 conj(a) conj(b), which is 0 only when a or b is 0",
        ),
        Mistake(
            lambda psi: np.array([psi[1], psi[0]]),
            "you swapped the two amplitudes (that is X|psi>, the bit-flipped state); it is orthogonal to "
            "psi only in special cases such as |0> and |1>",
        ),
        Mistake(
            lambda psi: np.conj(psi),
            "you returned the complex conjugate of psi; that is a different state in general, but not an "
            "orthogonal one: <psi|conj(psi)> = conj(a**2 + b**2), which is not 0 in general",
        ),
    ],
    alternatives=[_orthogonal_gram_schmidt, _orthogonal_with_phase],
    hints=[
        "Write phi = (c, d) and write out the condition <psi|phi> = conj(a) c + conj(b) d = 0. "
        "Which (c, d) makes the two terms cancel?",
        "Try c proportional to conj(b) and d proportional to conj(a): both terms become "
        "conj(a) conj(b) times a constant. Choose the constants so that they cancel, then check the norm.",
        "phi = (-conj(b), conj(a)): return np.array([-np.conj(psi[1]), np.conj(psi[0])]). "
        "Gram-Schmidt (|1> minus its part along psi, normalised) gives the same state up to a phase.",
    ],
    seed=104,
)


# --------------------------------------------------------------------------- concept checks

GLOBAL_OR_RELATIVE = Concept(
    id="linalg.vectors/global_or_relative",
    question="Which pair of vectors describes the SAME physical state?",
    options=[
        Option("(|0> + i|1>)/sqrt(2) and (|0> - i|1>)/sqrt(2).", correct=False,
               why="Only the |1> amplitude changed its phase (i to -i): a relative phase. The two are even "
                   "orthogonal, so a suitable measurement tells them apart every time."),
        Option("(|0> + |1>)/sqrt(2) and i(|0> + |1>)/sqrt(2).", correct=True,
               why="The factor i multiplies every amplitude: a global phase. No probability, before or "
                   "after any gate, can tell the two apart."),
        Option("(|0> + |1>)/sqrt(2) and (|0> - |1>)/sqrt(2).", correct=False,
               why="The minus sign sits on one amplitude only, a relative phase of pi: these are |+> and |->, "
                   "orthogonal states that a Hadamard followed by a measurement tells apart every time."),
    ],
)

ARGUMENT_ORDER = Concept(
    id="linalg.vectors/argument_order",
    question="You computed <a|b> = 0.3 + 0.4i. What is <b|a>?",
    options=[
        Option("0.3 + 0.4i: the inner product is symmetric.", correct=False,
               why="It is symmetric only for real vectors. The first argument is conjugated, so swapping the "
                   "arguments conjugates the result."),
        Option("0.3 - 0.4i.", correct=True,
               why="<b|a> = conj(<a|b>): the same modulus 0.5, the opposite phase."),
        Option("-0.3 - 0.4i.", correct=False,
               why="That is -<a|b>. Swapping the arguments conjugates the result (flips the sign of the "
                   "imaginary part only); it does not negate it."),
    ],
)
