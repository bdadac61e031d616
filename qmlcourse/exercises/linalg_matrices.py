"""Exercises of lesson ``linalg.matrices`` (notebooks/02_matrices_as_operations.ipynb).

The conjugate transpose, a unitarity test, the expectation value <psi|M|psi> of a Hermitian
matrix, and the rotation exp(-i theta P / 2) about a Pauli axis.
"""

from __future__ import annotations

import numpy as np

from qmlcourse.exercises import Exercise, Mistake, case, compare

_X = np.array([[0, 1], [1, 0]], dtype=complex)
_Y = np.array([[0, -1j], [1j, 0]], dtype=complex)
_Z = np.array([[1, 0], [0, -1]], dtype=complex)
_H = np.array([[1, 1], [1, -1]], dtype=complex) / np.sqrt(2)


def _random_matrix(rng: np.random.Generator, rows: int, cols: int | None = None) -> np.ndarray:
    cols = rows if cols is None else cols
    return rng.normal(size=(rows, cols)) + 1j * rng.normal(size=(rows, cols))


def _random_unitary(rng: np.random.Generator, d: int) -> np.ndarray:
    q, r = np.linalg.qr(_random_matrix(rng, d))
    return q * (np.diag(r) / np.abs(np.diag(r)))[None, :]


def _random_hermitian(rng: np.random.Generator, d: int) -> np.ndarray:
    a = _random_matrix(rng, d)
    return (a + a.conj().T) / 2


def _random_state(rng: np.random.Generator, d: int) -> np.ndarray:
    v = rng.normal(size=d) + 1j * rng.normal(size=d)
    return v / np.linalg.norm(v)


# --------------------------------------------------------------------------- dagger


def dagger(m):
    """Return the conjugate transpose of m."""
    return np.conj(m).T


def _dagger_cases(rng: np.random.Generator) -> list:
    return [
        case(np.array([[1, 2j], [3, 4 + 1j]]), label="the 2x2 matrix [[1, 2i], [3, 4+i]]"),
        case(_random_matrix(rng, 2), label="a complex 2x2 matrix"),
        case(_random_matrix(rng, 4), label="a complex 4x4 matrix"),
        case(_random_unitary(rng, 2), label="a 2x2 unitary"),
        case(_random_matrix(rng, 2, 3), label="a complex 2x3 matrix (not square)"),
    ]


DAGGER = Exercise(
    id="linalg.matrices/dagger",
    title="Conjugate transpose",
    statement="Return the conjugate transpose (the adjoint, 'dagger') of a complex matrix.",
    template='''def dagger(m):
    """Return the conjugate transpose m^dagger of a complex matrix.

    m: complex numpy array of shape (r, c) (not necessarily square).
    Returns: complex array of shape (c, r) with entries dagger(m)[j, k] = conj(m[k, j]).
    Example: dagger(np.array([[1, 2j], [3, 4]])) -> array([[1, 3], [-2j, 4]])
    """
    raise NotImplementedError("conjugate and transpose m")
''',
    reference=dagger,
    cases=_dagger_cases,
    answer=compare.array(atol=1e-12, what="matrix entries"),
    mistakes=[
        Mistake(
            lambda m: np.array(m).T,
            "you transposed without conjugating: the adjoint also takes the complex conjugate of every entry",
        ),
        Mistake(
            lambda m: np.conj(m),
            "you conjugated without transposing: swap rows and columns too (m.conj().T)",
        ),
        Mistake(
            lambda m: np.linalg.inv(m),
            "you returned the inverse; the adjoint equals the inverse only for unitary matrices",
        ),
    ],
    alternatives=[
        lambda m: np.transpose(np.conjugate(m)),
        lambda m: np.array([[np.conj(m[k][j]) for k in range(len(m))] for j in range(len(m[0]))]),
    ],
    hints=[
        "The adjoint does two things: it swaps rows with columns and conjugates every entry.",
        "m.T transposes a numpy array and np.conj(m) conjugates it; you need both.",
        "return m.conj().T",
    ],
    seed=201,
)


# --------------------------------------------------------------------------- is_unitary


def is_unitary(u):
    """True when u^dagger u equals the identity (within 1e-10)."""
    return bool(np.allclose(np.conj(u).T @ u, np.eye(u.shape[0]), atol=1e-10))


def _is_unitary_cases(rng: np.random.Generator) -> list:
    t = 0.8
    complex_orthogonal = np.array([[np.cosh(t), 1j * np.sinh(t)], [-1j * np.sinh(t), np.cosh(t)]])
    v = _random_state(rng, 4)
    reflection = np.eye(4) - 2 * np.outer(v, v.conj())
    unit_columns = np.array([[1.0, 1.0], [0.0, 1.0]]) / np.array([1.0, np.sqrt(2)])
    return [
        case(_H.copy(), label="the Hadamard matrix"),
        case(_random_unitary(rng, 2), label="a complex 2x2 unitary"),
        case(_random_unitary(rng, 4), label="a complex 4x4 unitary"),
        case(_random_matrix(rng, 2), label="a random complex 2x2 matrix"),
        case(complex_orthogonal, label="[[cosh t, i sinh t], [-i sinh t, cosh t]] (U U^T = I, not unitary)"),
        case(np.array([[1.0, 1.0], [0.0, 1.0]], dtype=complex), label="[[1, 1], [0, 1]] (determinant 1)"),
        case(unit_columns.astype(complex), label="unit-length columns that are not orthogonal"),
        case(reflection, label="a 4x4 reflection I - 2|v><v|"),
        case(2 * _random_unitary(rng, 2), label="twice a unitary"),
    ]


IS_UNITARY = Exercise(
    id="linalg.matrices/is_unitary",
    title="Is this matrix unitary?",
    statement="Decide whether a square complex matrix U satisfies U^dagger U = I, within a tolerance.",
    template='''def is_unitary(u):
    """Return True when the square matrix u is unitary: u^dagger @ u == I.

    u: complex numpy array of shape (d, d).
    Returns: a bool. Use a tolerance of about 1e-10 (np.allclose(..., atol=1e-10)):
             products of floating-point numbers are rarely exact.
    Example: is_unitary(np.array([[0, 1j], [1j, 0]])) -> True
             is_unitary(np.array([[1, 1], [0, 1]])) -> False
    """
    raise NotImplementedError("test u^dagger u = I")
''',
    reference=is_unitary,
    cases=_is_unitary_cases,
    answer=compare.boolean(),
    mistakes=[
        Mistake(
            lambda u: bool(np.allclose(u @ u.T, np.eye(len(u)))),
            "you checked U U^T = I with a plain transpose; unitarity needs the conjugate transpose, U^dagger U = I",
        ),
        Mistake(
            lambda u: bool(np.array_equal(np.conj(u).T @ u, np.eye(len(u)))),
            "you tested exact equality; floating-point products are not exact, compare with "
            "np.allclose(..., atol=1e-10)",
        ),
        Mistake(
            lambda u: bool(np.isclose(abs(np.linalg.det(u)), 1)),
            "you checked |det U| = 1; that is necessary but not enough (think of [[1, 1], [0, 1]])",
        ),
        Mistake(
            lambda u: bool(np.allclose(np.linalg.norm(u, axis=0), 1)),
            "you checked only that every column has length 1; the columns must also be orthogonal "
            "to each other (all of U^dagger U = I, not just its diagonal)",
        ),
        Mistake(
            lambda u: bool(np.allclose(u @ u, np.eye(len(u)))),
            "you checked U U = I; unitarity is U^dagger U = I (the adjoint, not U itself, undoes U)",
        ),
    ],
    alternatives=[
        lambda u: bool(np.allclose(u @ np.conj(u).T, np.eye(len(u)), atol=1e-10)),
        lambda u: bool(np.allclose(np.linalg.svd(u, compute_uv=False), 1, atol=1e-10)),
    ],
    hints=[
        "A unitary matrix is undone by its adjoint: U^dagger U = I.",
        "Compute u.conj().T @ u and compare it with np.eye(d), using a tolerance.",
        "return np.allclose(u.conj().T @ u, np.eye(u.shape[0]), atol=1e-10)",
    ],
    seed=202,
)


# --------------------------------------------------------------------------- expectation_value


def expectation_value(m, psi):
    """<psi|M|psi> for a Hermitian M and a normalised psi, as a real float."""
    return float(np.real(np.conj(psi) @ (m @ psi)))


def _expectation_cases(rng: np.random.Generator) -> list:
    return [
        case(_Z.copy(), np.array([0.0, 1.0], dtype=complex), label="Z on |1>"),
        case(_Z.copy(), _random_state(rng, 2), label="Z on a random qubit state"),
        case(_X.copy(), _random_state(rng, 2), label="X on a random qubit state"),
        case(_Y.copy(), _random_state(rng, 2), label="Y on a random qubit state"),
        case(_random_hermitian(rng, 4), _random_state(rng, 4), label="a random Hermitian 4x4 on a 2-qubit state"),
        case(-np.kron(_X, _X), _random_state(rng, 4), label="-X@X on a 2-qubit state"),
    ]


EXPECTATION_VALUE = Exercise(
    id="linalg.matrices/expectation_value",
    title="Expectation value of an observable",
    statement="Compute <psi|M|psi> for a Hermitian matrix M and a normalised state psi; return a real number.",
    template='''def expectation_value(m, psi):
    """Return the expectation value <psi|M|psi> as a real float.

    m: Hermitian complex numpy array of shape (d, d).
    psi: normalised complex numpy array of shape (d,).
    Returns: a float. <psi| is the conjugate of |psi>; for Hermitian M the result is
             real up to rounding, so return its real part as a float.
    Example: expectation_value(np.array([[1, 0], [0, -1]]), np.array([0.6, 0.8])) -> -0.28
    """
    raise NotImplementedError("compute <psi|M|psi>")
''',
    reference=expectation_value,
    cases=_expectation_cases,
    answer=compare.scalar(atol=1e-10, real=True, what="expectation value"),
    mistakes=[
        Mistake(
            lambda m, psi: complex(psi @ m @ psi),
            "no complex conjugate on the bra: <psi| has entries conj(psi_i), and without it the "
            "result is complex",
        ),
        Mistake(
            lambda m, psi: float(np.real(psi @ m @ psi)),
            "you took the real part of psi^T M psi without conjugating psi; the bra <psi| "
            "conjugates the amplitudes",
        ),
        Mistake(
            lambda m, psi: float(abs(np.vdot(psi, m @ psi))),
            "you took abs(...); an expectation value can be negative (e.g. <1|Z|1> = -1): take the real part",
        ),
        Mistake(
            lambda m, psi: float(np.sum(np.abs(psi) ** 2 * np.real(np.diag(m)))),
            "you used only the diagonal of M (right only for diagonal observables such as Z); "
            "multiply by the whole matrix: <psi| (M |psi>)",
        ),
    ],
    alternatives=[
        lambda m, psi: float(np.vdot(psi, m @ psi).real),
        # the spectral theorem: sum of eigenvalues weighted by |<v_k|psi>|^2
        lambda m, psi: float(
            np.sum(np.linalg.eigh(m)[0] * np.abs(np.linalg.eigh(m)[1].conj().T @ psi) ** 2)
        ),
    ],
    hints=[
        "<psi|M|psi> is the inner product of |psi> with the vector M|psi>.",
        "Compute phi = m @ psi, then the inner product <psi|phi>, which conjugates psi "
        "(np.vdot does). Its imaginary part is rounding noise: return the real part.",
        "return float(np.vdot(psi, m @ psi).real)",
    ],
    seed=203,
)


# --------------------------------------------------------------------------- rotation_matrix


def rotation_matrix(theta, pauli):
    """exp(-i theta P / 2) = cos(theta/2) I - i sin(theta/2) P for a Pauli matrix P."""
    return np.cos(theta / 2) * np.eye(2) - 1j * np.sin(theta / 2) * pauli


def _rotation_cases(rng: np.random.Generator) -> list:
    return [
        case(0.3, _X.copy(), label="theta = 0.3 about X"),
        case(1.2, _Y.copy(), label="theta = 1.2 about Y"),
        case(2.5, _Z.copy(), label="theta = 2.5 about Z"),
        case(-0.7, _X.copy(), label="theta = -0.7 about X"),
        case(float(rng.uniform(3.5, 6.0)), _Y.copy(), label="a random angle about Y"),
        case(float(np.pi), _Z.copy(), label="theta = pi about Z"),
    ]


def _rotation_via_expm(theta, pauli):
    from scipy.linalg import expm

    return expm(-1j * theta * np.asarray(pauli) / 2)


def _rotation_via_eigh(theta, pauli):
    values, vectors = np.linalg.eigh(pauli)
    return vectors @ np.diag(np.exp(-1j * theta * values / 2)) @ vectors.conj().T


ROTATION_MATRIX = Exercise(
    id="linalg.matrices/rotation_matrix",
    title="Rotation about a Pauli axis",
    statement="Return the 2x2 matrix exp(-i theta P / 2) for an angle theta in radians and a Pauli matrix P.",
    template='''def rotation_matrix(theta, pauli):
    """Return the rotation matrix exp(-i * theta * P / 2).

    theta: a float, the angle in RADIANS.
    pauli: complex numpy array of shape (2, 2), one of the Pauli matrices X, Y, Z.
    Returns: complex array of shape (2, 2), exactly exp(-i theta P / 2) (same global phase
             as PennyLane's qml.RX, qml.RY, qml.RZ). Because P @ P = I,
             exp(-i theta P / 2) = cos(theta/2) I - i sin(theta/2) P.
    Example: rotation_matrix(np.pi, np.array([[0, 1], [1, 0]])) -> array([[0, -1j], [-1j, 0]])
    """
    raise NotImplementedError("build exp(-i theta P / 2)")
''',
    reference=rotation_matrix,
    cases=_rotation_cases,
    answer=compare.unitary_matrix(atol=1e-10),
    mistakes=[
        Mistake(
            lambda theta, pauli: np.cos(theta) * np.eye(2) - 1j * np.sin(theta) * pauli,
            "you used theta instead of theta/2: the rotation is exp(-i theta P / 2), so the "
            "entries are cos(theta/2) and sin(theta/2)",
        ),
        Mistake(
            lambda theta, pauli: np.cos(theta / 2) * np.eye(2) + 1j * np.sin(theta / 2) * pauli,
            "the sign of the exponent is wrong: exp(-i theta P / 2) has -i sin(theta/2) P "
            "(you built the inverse rotation)",
        ),
        Mistake(
            lambda theta, pauli: np.cos(np.radians(theta) / 2) * np.eye(2)
            - 1j * np.sin(np.radians(theta) / 2) * pauli,
            "you converted theta from degrees, but theta is already in radians",
        ),
        Mistake(
            lambda theta, pauli: np.exp(-1j * theta * np.asarray(pauli) / 2),
            "np.exp acts entry by entry; the matrix exponential is different: use "
            "cos(theta/2) I - i sin(theta/2) P (or scipy.linalg.expm)",
        ),
        Mistake(
            lambda theta, pauli: np.cos(theta / 2) * np.eye(2) - np.sin(theta / 2) * pauli,
            "the factor i is missing: exp(-i theta P / 2) = cos(theta/2) I - i sin(theta/2) P",
        ),
    ],
    alternatives=[_rotation_via_expm, _rotation_via_eigh],
    hints=[
        "Because P @ P = I, the power series of exp(-i a P) splits into an even part "
        "(cosines, times I) and an odd part (sines, times P).",
        "exp(-i a P) = cos(a) I - i sin(a) P; here a = theta / 2, in radians.",
        "return np.cos(theta / 2) * np.eye(2) - 1j * np.sin(theta / 2) * pauli",
    ],
    seed=204,
)
