"""Exercises of lesson ``linalg.matrices`` (notebooks/02_matrices_as_operations.ipynb).

The conjugate transpose, a unitarity test with a stated tolerance, the expectation value
<psi|M|psi> of a Hermitian matrix, the rotation exp(-i theta P / 2) about a Pauli axis, and a
design task: the Z-Y-Z (PennyLane ``Rot``) angles of a given one-qubit unitary, graded up to a
global phase. Two concept checks: non-commuting observables, and the range of an expectation
value.
"""

from __future__ import annotations

import numpy as np

from qmlcourse.exercises import Concept, Exercise, Mistake, Option, case, compare

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
    Returns: complex array of shape (c, r), the adjoint of m.
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

UNITARY_TOLERANCE = 1e-10
"""Largest deviation of an entry of U^dagger U from the identity that still counts as unitary."""


def is_unitary(u):
    """True when every entry of u^dagger u is within 1e-10 of the identity's."""
    gap = np.conj(u).T @ u - np.eye(u.shape[0])
    return bool(np.max(np.abs(gap)) <= 1e-10)


def _is_unitary_cases(rng: np.random.Generator) -> list:
    t = 0.8
    complex_orthogonal = np.array([[np.cosh(t), 1j * np.sinh(t)], [-1j * np.sinh(t), np.cosh(t)]])
    v = _random_state(rng, 4)
    reflection = np.eye(4) - 2 * np.outer(v, v.conj())
    unit_columns = np.array([[1.0, 1.0], [0.0, 1.0]]) / np.array([1.0, np.sqrt(2)])
    unit_rows = np.array([[1.0, 0.0], [1.0, 1.0]]) / np.array([[1.0], [np.sqrt(2)]])
    u_scaled = _random_unitary(rng, 4) * (1 + 1e-6)  # U^dagger U = (1 + 2e-6) I
    u_rounding = _random_unitary(rng, 4) + 1e-13 * _random_matrix(rng, 4)  # rounding-size noise
    u_skewed = _random_unitary(rng, 2)
    u_skewed = u_skewed + 1e-3 * _random_matrix(rng, 2)  # off by about 1e-3
    return [
        case(_H.copy(), label="the Hadamard matrix"),
        case(_random_unitary(rng, 2), label="a complex 2x2 unitary"),
        case(_random_unitary(rng, 4), label="a complex 4x4 unitary"),
        case(_random_matrix(rng, 2), label="a random complex 2x2 matrix"),
        case(complex_orthogonal, label="[[cosh t, i sinh t], [-i sinh t, cosh t]] (U U^T = I, not unitary)"),
        case(np.array([[1.0, 1.0], [0.0, 1.0]], dtype=complex), label="[[1, 1], [0, 1]] (determinant 1)"),
        case(unit_columns.astype(complex), label="unit-length columns that are not orthogonal"),
        case(unit_rows.astype(complex), label="unit-length rows that are not orthogonal"),
        case(reflection, label="a 4x4 reflection I - 2|v><v|"),
        case(2 * _random_unitary(rng, 2), label="twice a unitary"),
        case(u_scaled, label="a unitary times (1 + 1e-6): U^dagger U is off by 2e-6"),
        case(u_rounding, label="a unitary plus rounding noise of 1e-13 (unitary within 1e-10)"),
        case(u_skewed, label="a unitary plus a perturbation of about 1e-3"),
    ]


IS_UNITARY = Exercise(
    id="linalg.matrices/is_unitary",
    title="Is this matrix unitary?",
    statement="Decide whether a square complex matrix U satisfies U^dagger U = I, each entry within 1e-10.",
    template='''def is_unitary(u):
    """Return True when the square matrix u is unitary: u^dagger @ u == I.

    u: complex numpy array of shape (d, d).
    Returns: a bool. Tolerance: True when every entry of u^dagger @ u differs from the
             identity's by at most 1e-10 (products of floating-point numbers are rarely
             exact). A matrix whose u^dagger @ u is off by 1e-6 is NOT unitary here.
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
            lambda u: bool(np.allclose(u @ u.T, np.eye(len(u)), rtol=0, atol=1e-10)),
            "you checked U U^T = I with a plain transpose; unitarity needs the conjugate transpose, U^dagger U = I",
        ),
        Mistake(
            lambda u: bool(np.array_equal(np.conj(u).T @ u, np.eye(len(u)))),
            "you tested exact equality; floating-point products are not exact, so allow a difference of "
            "up to 1e-10 per entry",
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
            lambda u: bool(np.allclose(np.linalg.norm(u, axis=1), 1)),
            "you checked only that every row has length 1; a unitary's rows (and columns) must also be "
            "orthogonal to each other",
        ),
        Mistake(
            lambda u: bool(np.allclose(u @ u, np.eye(len(u)))),
            "you checked U U = I; unitarity is U^dagger U = I (the adjoint, not U itself, undoes U)",
        ),
        Mistake(
            lambda u: bool(np.allclose(np.conj(u).T @ u, np.eye(len(u)), atol=1e-10)),
            "right test, wrong tolerance: np.allclose also has a RELATIVE tolerance rtol=1e-5, so a "
            "diagonal entry off by 2e-6 passes; the task allows 1e-10 (pass rtol=0)",
        ),
        Mistake(
            lambda u: bool(np.allclose(np.conj(u).T @ u, np.eye(len(u)), rtol=0, atol=1e-2)),
            "right test, but a tolerance of about 1e-2 is far too loose: a matrix off by 1e-3 is not "
            "unitary; the task allows 1e-10 per entry",
        ),
    ],
    alternatives=[
        lambda u: bool(np.allclose(u @ np.conj(u).T, np.eye(len(u)), rtol=0, atol=1e-10)),
        # entry by entry in plain Python: <column j|column k> must be 1 for j == k and 0 otherwise
        lambda u: all(
            abs(np.vdot(u[:, j], u[:, k]) - (1.0 if j == k else 0.0)) <= 1e-10
            for j in range(len(u)) for k in range(len(u))
        ),
    ],
    hints=[
        "A unitary matrix is undone by its adjoint: U^dagger U = I. Test exactly that, entry by entry.",
        "Compute u.conj().T @ u and compare it with np.eye(d). The tolerance is absolute, 1e-10 per entry: "
        "np.allclose adds a relative tolerance rtol=1e-5 unless you pass rtol=0.",
        "return np.max(np.abs(u.conj().T @ u - np.eye(u.shape[0]))) <= 1e-10",
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
    Returns: a float (for Hermitian M the value is real up to rounding errors).
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
    """The rotation exp(-i theta P / 2) about the axis of a Pauli matrix P (P @ P = I)."""
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
    Returns: complex array of shape (2, 2), exactly exp(-i theta P / 2) (the same global
             phase as PennyLane's qml.RX, qml.RY, qml.RZ). This is a matrix exponential,
             not the exponential of each entry.
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
        "Write out the power series of exp(-i a P) and use P @ P = I: the even powers are I, the odd "
        "powers are P. (scipy.linalg.expm computes a matrix exponential too; np.exp does not.)",
        "The even part sums to cos(a) I and the odd part to -i sin(a) P, so "
        "exp(-i a P) = cos(a) I - i sin(a) P; here a = theta / 2, in radians.",
        "return np.cos(theta / 2) * np.eye(2) - 1j * np.sin(theta / 2) * pauli",
    ],
    seed=204,
)


# --------------------------------------------------------------------------- zyz_angles (design)


def zyz_angles(u):
    """Angles (phi, theta, omega) with RZ(omega) RY(theta) RZ(phi) = u up to a global phase."""
    v = u / np.sqrt(np.linalg.det(u))  # remove the global phase: det v = 1
    theta = 2 * np.arctan2(abs(v[1, 0]), abs(v[0, 0]))
    sigma = -np.angle(v[0, 0])  # (phi + omega) / 2
    delta = -np.angle(v[1, 0])  # (phi - omega) / 2
    return np.array([sigma + delta, theta, sigma - delta])


def _rz(t: float) -> np.ndarray:
    return np.diag([np.exp(-0.5j * t), np.exp(0.5j * t)])


def _ry(t: float) -> np.ndarray:
    c, s = np.cos(t / 2), np.sin(t / 2)
    return np.array([[c, -s], [s, c]], dtype=complex)


def _rot(angles) -> np.ndarray:
    """PennyLane's Rot(phi, theta, omega) = RZ(omega) RY(theta) RZ(phi) (the grader's own matrix)."""
    phi, theta, omega = (float(np.real(a)) for a in np.ravel(angles)[:3])
    return _rz(omega) @ _ry(theta) @ _rz(phi)


def _same_rot_matrix(r: np.ndarray, e: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Equivalence: two angle triples are equal when they build the same Rot matrix (the global
    phase is removed afterwards), so 4 pi shifts and the (phi + pi, -theta, omega - pi) branch count."""
    return _rot(r), _rot(e)


def _zyz_cases(rng: np.random.Generator) -> list:
    s = 1 / np.sqrt(2)
    angles = rng.uniform(-np.pi, np.pi, size=3)
    q, r = np.linalg.qr(_random_matrix(rng, 2))
    haar = q * (np.diag(r) / np.abs(np.diag(r)))[None, :]
    phase = np.exp(1j * rng.uniform(0.3, 2 * np.pi - 0.3))
    return [
        case(np.array([[s, s], [s, -s]], dtype=complex), label="the Hadamard gate H (determinant -1)"),
        case(np.array([[0, 1], [1, 0]], dtype=complex), label="Pauli X (theta = pi)"),
        case(np.diag([1, 1j]), label="S = diag(1, i) (theta = 0)"),
        case(np.diag([1, np.exp(0.25j * np.pi)]), label="T = diag(1, exp(i pi/4))"),
        case(_rot([0.3, 1.1, -0.7]), label="Rot(0.3, 1.1, -0.7) itself (determinant 1)"),
        case(np.exp(0.4j) * _ry(2.0), label="exp(0.4i) RY(2.0)"),
        case(_rot(angles), label="Rot of three random angles"),
        case(phase * haar, label="a random 2x2 unitary with a random global phase"),
    ]


def _zyz_mistake(kind: str):
    def wrong(u):
        v = u if kind == "phase_kept" else u / np.sqrt(np.linalg.det(u))
        theta = 2 * np.arctan2(abs(v[1, 0]), abs(v[0, 0]))
        if kind == "half_angle":
            theta = theta / 2
        sigma = -np.angle(v[0, 0])
        delta = -np.angle(v[1, 0])
        if kind == "minus_sign":
            delta = np.angle(v[0, 1])  # the phase of u[0, 1] without its minus sign
        if kind == "reversed":
            return np.array([sigma - delta, theta, sigma + delta])
        return np.array([sigma + delta, theta, sigma - delta])

    return wrong


def _zyz_other_branch(u):
    # RY(-theta) = RZ(pi) RY(theta) RZ(-pi), so (phi + pi, -theta, omega - pi) builds the same matrix
    v = u / np.sqrt(np.linalg.det(u))
    theta = 2 * np.arctan2(abs(v[1, 0]), abs(v[0, 0]))
    sigma, delta = -np.angle(v[0, 0]), -np.angle(v[1, 0])
    return np.array([sigma + delta + np.pi, -theta, sigma - delta - np.pi])


def _zyz_from_phase_differences(u):
    # no determinant: half the phase difference of the larger pair of entries (diagonal or
    # off-diagonal), then the other half-sum from the phase of u[0,0] conj(u[1,0]) = (delta - sigma)
    theta = 2 * np.arctan2(abs(u[1, 0]), abs(u[0, 0]))
    relative = np.angle(u[0, 0] * np.conj(u[1, 0]))
    if abs(u[0, 0]) >= abs(u[1, 0]):
        sigma = (np.angle(u[1, 1]) - np.angle(u[0, 0])) / 2
        delta = sigma + relative
    else:
        delta = (np.angle(-u[0, 1]) - np.angle(u[1, 0])) / 2
        sigma = delta - relative
    return np.array([sigma + delta, theta, sigma - delta]) + 4 * np.pi  # angles repeat after 4 pi


ZYZ_ANGLES = Exercise(
    id="linalg.matrices/zyz_angles",
    title="Find the Z-Y-Z (Rot) angles of a gate",
    statement=(
        "Every one-qubit gate is a Z rotation, a Y rotation and a Z rotation, up to a global phase. Given a "
        "2x2 unitary u, find angles (phi, theta, omega) with RZ(omega) RY(theta) RZ(phi) = u up to a global phase."
    ),
    template='''def zyz_angles(u):
    """Return angles (phi, theta, omega) with Rot(phi, theta, omega) = u up to a global phase.

    Rot(phi, theta, omega) is PennyLane's qml.Rot: first RZ(phi), then RY(theta), then
    RZ(omega), so as a matrix it is RZ(omega) @ RY(theta) @ RZ(phi). You find the angles.
    u: complex numpy array of shape (2, 2), a unitary; it may carry any global phase.
    Returns: real array of shape (3,), [phi, theta, omega] in radians. Graded on the
             matrix your angles build, up to a global phase: any equivalent angles pass.
    Example: zyz_angles(np.diag([1, 1j])) -> array([0.7854, 0., 0.7854])
             (S is a Z rotation by pi/2: any angles with theta = 0, phi + omega = pi/2 pass)
    """
    raise NotImplementedError("find phi, theta and omega")
''',
    reference=zyz_angles,
    cases=_zyz_cases,
    answer=compare.Answer(
        "array", atol=1e-8, rtol=0.0, real=True, equivalence=(_same_rot_matrix, compare.global_phase), diagnoses=(),
        what="entries of Rot(phi, theta, omega) built from your angles (compared up to a global phase)",
    ),
    mistakes=[
        Mistake(
            _zyz_mistake("reversed"),
            "your angles are in reverse order: Rot(phi, theta, omega) applies RZ(phi) FIRST, so as a matrix it is "
            "RZ(omega) RY(theta) RZ(phi); you returned (omega, theta, phi)",
        ),
        Mistake(
            _zyz_mistake("half_angle"),
            "your theta is half the right angle: the entries of RY(theta) hold cos(theta/2) and sin(theta/2), so "
            "|u[1,0]| / |u[0,0]| = tan(theta/2), and theta is twice the angle you read off",
        ),
        Mistake(
            _zyz_mistake("phase_kept"),
            "right for matrices of determinant 1 (products of rotations such as Rot itself), wrong when u carries "
            "a global phase (H, S, T...): remove it first (divide u by np.sqrt(np.linalg.det(u))) or use only "
            "phase differences between entries",
        ),
        Mistake(
            _zyz_mistake("minus_sign"),
            "the entry (0, 1) of Rot is MINUS exp(i(phi - omega)/2) sin(theta/2): reading the phase off u[0, 1] "
            "without that minus sign turns phi and omega by half a turn in opposite directions, which builds "
            "RZ(omega) RY(-theta) RZ(phi) instead",
        ),
    ],
    alternatives=[_zyz_other_branch, _zyz_from_phase_differences],
    hints=[
        "Multiply out RZ(omega) @ RY(theta) @ RZ(phi) with the matrices of section 5 and compare with u: the "
        "MAGNITUDES of the entries fix theta, their PHASES fix phi and omega. A global phase multiplies all four "
        "entries of u by the same factor, so get rid of it first (or use phase differences).",
        "Rot(phi, theta, omega) = [[e^{-i(phi+omega)/2} c, -e^{i(phi-omega)/2} s], [e^{-i(phi-omega)/2} s, "
        "e^{i(phi+omega)/2} c]] with c = cos(theta/2), s = sin(theta/2); its determinant is 1. So "
        "v = u / np.sqrt(np.linalg.det(u)) is u without its global phase (up to a sign, which is harmless).",
        "theta = 2 * np.arctan2(abs(v[1, 0]), abs(v[0, 0])); sigma = -np.angle(v[0, 0]) is (phi + omega)/2 and "
        "delta = -np.angle(v[1, 0]) is (phi - omega)/2; return np.array([sigma + delta, theta, sigma - delta]).",
    ],
    seed=205,
)


# --------------------------------------------------------------------------- concept checks

NON_COMMUTING = Concept(
    id="linalg.matrices/non_commuting",
    question="Two Hermitian matrices A and B do not commute: AB - BA is not 0. Which statement follows?",
    options=[
        Option("A and B have no eigenvector in common.", correct=False,
               why="They can share some: A = X (+) 1 and B = Z (+) 1 (3x3, block diagonal) do not commute, yet both "
                   "leave (0, 0, 1) unchanged. Section 4 computes this."),
        Option("There is no basis made only of common eigenvectors of A and B.", correct=True,
               why="Commuting Hermitian matrices are exactly those with a common eigenbasis; so non-commuting ones "
                   "lack one, and no single measurement gives sharp values of both in every state."),
        Option("AB = -BA.", correct=False,
               why="That is anticommuting, a special case (X and Y do it). [D, X] for D = diag(1, 2) is not 0, but "
                   "DX is not -XD either."),
    ],
)

EXPECTATION_RANGE = Concept(
    id="linalg.matrices/expectation_range",
    question="A Hermitian matrix M has eigenvalues -1 and 3. "
    "Which value can <psi|M|psi> NOT take for a normalised psi?",
    options=[
        Option("0", correct=False,
               why="Possible: with weight 3/4 on the eigenvector of -1 and 1/4 on that of 3 the average is "
                   "-3/4 + 3/4 = 0."),
        Option("3", correct=False, why="Possible: psi is the eigenvector of 3, so all the weight sits there."),
        Option("4", correct=True,
               why="<psi|M|psi> = sum_k lambda_k |<v_k|psi>|^2 is an average of the eigenvalues with weights "
                   "summing to 1, so it lies between -1 and 3."),
        Option("-0.5", correct=False, why="Possible: weights 7/8 and 1/8 give -7/8 + 3/8 = -0.5."),
    ],
)
