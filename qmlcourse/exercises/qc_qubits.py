"""Exercises of lesson ``qc.qubits`` (notebooks/06_qubits_and_bloch_sphere.ipynb).

Two exercises on the geometry of one qubit: the Bloch vector of a state (three expectation
values) and the state at given polar and azimuthal angles (the half angle theta / 2).
"""

from __future__ import annotations

import numpy as np

from qmlcourse.exercises import Exercise, Mistake, case, compare


def _random_state(rng: np.random.Generator) -> np.ndarray:
    """A random one-qubit state with a random global phase (so amplitude 0 is complex)."""
    v = rng.normal(size=2) + 1j * rng.normal(size=2)
    return v / np.linalg.norm(v)


def _unit_length(atol: float = 1e-6):
    """Validity: the Bloch vector of a normalised (pure) state has length 1."""

    def check(value: np.ndarray) -> str | None:
        length = float(np.linalg.norm(value))
        if abs(length - 1) > atol:
            return (
                f"a Bloch vector of a normalised one-qubit state has length 1; yours has length "
                f"{length:.3g}"
            )
        return None

    return check


# --------------------------------------------------------------------------- bloch_vector


def bloch_vector(psi):
    """Return (<X>, <Y>, <Z>) of the one-qubit state psi = a|0> + b|1>."""
    a, b = psi[0], psi[1]
    ab = np.conj(a) * b
    return np.array([2 * ab.real, 2 * ab.imag, abs(a) ** 2 - abs(b) ** 2])


def _bloch_cases(rng: np.random.Generator) -> list:
    s = 1 / np.sqrt(2)
    return [
        case(np.array([1.0, 0.0], dtype=complex), label="the state |0>"),
        case(np.array([s, 1j * s]), label="the state |+i> = (|0> + i|1>)/sqrt(2)"),
        case(np.array([s, -s], dtype=complex), label="the state |->"),
        case(np.exp(0.7j) * np.array([np.cos(0.4), np.exp(-2.1j) * np.sin(0.4)]), label="a state with a global phase"),
        case(_random_state(rng), label="a random state"),
        case(_random_state(rng), label="another random state"),
    ]


def _bloch_probabilities(psi):
    """P(+x), P(+y), P(0): probabilities of the '+' outcomes instead of expectation values."""
    a, b = psi[0], psi[1]
    plus = abs(a + b) ** 2 / 2
    plus_i = abs(a - 1j * b) ** 2 / 2
    return np.array([plus, plus_i, abs(a) ** 2])


def _bloch_alt_paulis(psi):
    paulis = [np.array([[0, 1], [1, 0]]), np.array([[0, -1j], [1j, 0]]), np.array([[1, 0], [0, -1]])]
    return np.array([np.vdot(psi, p @ psi).real for p in paulis])


def _bloch_alt_density(psi):
    rho = np.outer(psi, np.conj(psi))  # rho = (I + x X + y Y + z Z) / 2
    return np.array([2 * rho[1, 0].real, 2 * rho[1, 0].imag, (rho[0, 0] - rho[1, 1]).real])


BLOCH_VECTOR = Exercise(
    id="qc.qubits/bloch_vector",
    title="The Bloch vector of a qubit",
    statement="Return the Bloch vector (<X>, <Y>, <Z>) of a normalised one-qubit state.",
    template='''def bloch_vector(psi):
    """Return the Bloch vector (<X>, <Y>, <Z>) of a one-qubit state.

    psi: complex array of shape (2,), the normalised state a|0> + b|1>.
    Returns: real array of shape (3,): the expectation values of the Pauli
             matrices X, Y and Z in that order (a point on the unit sphere).
    Example: bloch_vector(np.array([1, 1j]) / np.sqrt(2)) -> array([0., 1., 0.])
    """
    raise NotImplementedError("compute <X>, <Y> and <Z>")
''',
    reference=bloch_vector,
    cases=_bloch_cases,
    answer=compare.array(atol=1e-8, real=True, validity=(_unit_length(),), what="Bloch-vector components"),
    mistakes=[
        Mistake(
            lambda psi: np.array(
                [2 * (np.conj(psi[0]) * psi[1]).real, -2 * (np.conj(psi[0]) * psi[1]).imag, abs(psi[0]) ** 2 - abs(psi[1]) ** 2]
            ),
            "the sign of <Y> is flipped: <Y> = 2 Im(conj(a) b), so |+i> = (|0> + i|1>)/sqrt(2) has <Y> = +1 "
            "(check your Y matrix: [[0, -1j], [1j, 0]])",
        ),
        Mistake(
            _bloch_probabilities,
            "you returned probabilities (of +x, +y and 0), not expectation values: "
            "<P> = P(+1) - P(-1) = 2 P(+1) - 1 for a Pauli matrix P",
        ),
        Mistake(
            lambda psi: np.array(
                [(np.conj(psi[0]) * psi[1]).real, (np.conj(psi[0]) * psi[1]).imag, abs(psi[0]) ** 2 - abs(psi[1]) ** 2]
            ),
            "<X> and <Y> are missing a factor 2: <X> = conj(a) b + a conj(b) = 2 Re(conj(a) b)",
        ),
        Mistake(
            lambda psi: np.array([2 * (psi[0] * psi[1]).real, 2 * (psi[0] * psi[1]).imag, abs(psi[0]) ** 2 - abs(psi[1]) ** 2]),
            "no complex conjugate: <X> = 2 Re(conj(a) b), not 2 Re(a b); a global phase must not change the Bloch vector",
        ),
    ],
    alternatives=[_bloch_alt_paulis, _bloch_alt_density],
    hints=[
        "Each component is an expectation value <psi|P|psi> = np.vdot(psi, P @ psi), with P the Pauli X, Y or Z.",
        "Written out for psi = a|0> + b|1>: <X> = 2 Re(conj(a) b), <Y> = 2 Im(conj(a) b), <Z> = |a|**2 - |b|**2.",
        "a, b = psi; ab = np.conj(a) * b; return np.array([2 * ab.real, 2 * ab.imag, abs(a)**2 - abs(b)**2])",
    ],
    seed=61,
)


# --------------------------------------------------------------------------- state_from_angles


def state_from_angles(theta, phi):
    """cos(theta/2)|0> + e^{i phi} sin(theta/2)|1>."""
    return np.array([np.cos(theta / 2), np.exp(1j * phi) * np.sin(theta / 2)])


def _angle_cases(rng: np.random.Generator) -> list:
    theta, phi = rng.uniform(0.2, np.pi - 0.2, size=2), rng.uniform(0.3, 2 * np.pi - 0.3, size=2)
    return [
        case(0.0, 0.0, label="theta = 0 (the north pole, |0>)"),
        case(np.pi, 0.0, label="theta = pi (the south pole, |1>)"),
        case(np.pi / 2, 0.0, label="theta = pi/2, phi = 0 (|+>)"),
        case(np.pi / 2, np.pi / 2, label="theta = pi/2, phi = pi/2 (|+i>)"),
        case(float(theta[0]), float(phi[0]), label=f"theta = {theta[0]:.3f}, phi = {phi[0]:.3f}"),
        case(float(theta[1]), float(phi[1]), label=f"theta = {theta[1]:.3f}, phi = {phi[1]:.3f}"),
        case(2.0, 4.0, label="theta = 2, phi = 4"),
    ]


STATE_FROM_ANGLES = Exercise(
    id="qc.qubits/state_from_angles",
    title="A qubit from its Bloch angles",
    statement="Return the state cos(theta/2)|0> + e^{i phi} sin(theta/2)|1> at polar angle theta and azimuth phi.",
    template='''def state_from_angles(theta, phi):
    """Return the qubit state whose Bloch vector has polar angle theta and azimuth phi.

    theta: float in [0, pi], the angle from the +z axis (radians).
    phi: float, the angle around the z-axis measured from +x (radians).
    Returns: complex array of shape (2,), cos(theta/2)|0> + e^{i phi} sin(theta/2)|1>
             (checked up to a global phase).
    Example: state_from_angles(np.pi / 2, 0.0) -> array([0.7071+0.j, 0.7071+0.j])   # |+>
    """
    raise NotImplementedError("build the state from theta and phi")
''',
    reference=state_from_angles,
    cases=_angle_cases,
    answer=compare.state(atol=1e-8),
    mistakes=[
        Mistake(
            lambda theta, phi: np.array([np.cos(theta), np.exp(1j * phi) * np.sin(theta)]),
            "you used theta instead of theta/2: the amplitudes are cos(theta/2) and sin(theta/2), "
            "so that theta = pi (the south pole) gives |1>",
        ),
        Mistake(
            lambda theta, phi: np.array([np.cos(phi / 2), np.exp(1j * theta) * np.sin(phi / 2)]),
            "theta and phi are swapped: theta (polar angle) sets the sizes of the amplitudes, phi (azimuth) the relative phase",
        ),
        Mistake(
            lambda theta, phi: np.array([np.cos(theta / 2), np.exp(-1j * phi) * np.sin(theta / 2)]),
            "the relative phase turns the wrong way: the |1> amplitude carries e^{+i phi} relative to |0> "
            "(a phase e^{-i phi} on |1>, or e^{i phi} on |0>, gives azimuth -phi)",
        ),
        Mistake(
            lambda theta, phi: np.array([np.sin(theta / 2), np.exp(1j * phi) * np.cos(theta / 2)]),
            "cos and sin are swapped: theta = 0 is the north pole |0>, so the |0> amplitude is cos(theta/2)",
        ),
    ],
    alternatives=[
        # RZ(phi) RY(theta) |0>: the same state times the global phase e^{-i phi/2}
        lambda theta, phi: np.array([np.exp(-0.5j * phi) * np.cos(theta / 2), np.exp(0.5j * phi) * np.sin(theta / 2)]),
        lambda theta, phi: np.cos(theta / 2) * np.array([1, 0]) + np.sin(theta / 2) * np.array([0, np.cos(phi) + 1j * np.sin(phi)]),
    ],
    hints=[
        "Theta = 0 must give |0>, theta = pi must give |1>, and phi only changes the phase of the |1> amplitude.",
        "The amplitudes are cos(theta/2) for |0> and e^{i phi} sin(theta/2) for |1>: note the half angle.",
        "return np.array([np.cos(theta / 2), np.exp(1j * phi) * np.sin(theta / 2)])",
    ],
    seed=62,
)
