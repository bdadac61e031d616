"""Exercises and concept checks of lesson ``qc.qubits`` (notebooks/06_qubits_and_bloch_sphere.ipynb).

Three exercises on the geometry of one qubit: the Bloch vector of a state (three expectation
values), the state at given polar and azimuthal angles, and a design task: the angles of
R_X then R_Z that take |0> to a given state (graded on the state prepared, up to a global
phase). Three concept checks: orthogonal states on the sphere, the equator under a Z
measurement, and what a full turn R_X(2 pi) = -I can and cannot change.
"""

from __future__ import annotations

import numpy as np

from qmlcourse.exercises import Concept, Exercise, Mistake, Option, case, compare


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
                [2 * (np.conj(psi[0]) * psi[1]).real, -2 * (np.conj(psi[0]) * psi[1]).imag,
                 abs(psi[0]) ** 2 - abs(psi[1]) ** 2]
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
            lambda psi: np.array(
                [2 * (psi[0] * psi[1]).real, 2 * (psi[0] * psi[1]).imag, abs(psi[0]) ** 2 - abs(psi[1]) ** 2]
            ),
            "no complex conjugate: <X> = 2 Re(conj(a) b), not 2 Re(a b); a global phase must not change the "
            "Bloch vector",
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
    statement="Return the one-qubit state whose Bloch vector points at polar angle theta and azimuth phi.",
    template='''def state_from_angles(theta, phi):
    """Return the qubit state whose Bloch vector has polar angle theta and azimuth phi.

    theta: float in [0, pi], the angle from the +z axis (radians).
    phi: float, the angle around the z-axis measured from +x (radians).
    Returns: complex array of shape (2,), a normalised state (checked up to a
             global phase).
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
            "theta and phi are swapped: theta (polar angle) sets the sizes of the amplitudes, phi (azimuth) the "
            "relative phase",
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
        lambda theta, phi: (np.cos(theta / 2) * np.array([1, 0])
                            + np.sin(theta / 2) * np.array([0, np.cos(phi) + 1j * np.sin(phi)])),
    ],
    hints=[
        "Theta = 0 must give |0>, theta = pi must give |1>, and phi only changes the phase of the |1> amplitude "
        "relative to the |0> amplitude.",
        "Section 1 writes the state with half angles: cos(theta/2) for |0> and e^{i phi} sin(theta/2) for |1> "
        "(the half angle puts |1> at theta = pi, the south pole).",
        "return np.array([np.cos(theta / 2), np.exp(1j * phi) * np.sin(theta / 2)])",
    ],
    seed=62,
)


# --------------------------------------------------------------------------- reach_with_rx_rz


def reach_with_rx_rz(target):
    """Angles (alpha, beta) with RZ(beta) RX(alpha) |0> equal to target up to a global phase."""
    a, b = target[0], target[1]
    alpha = 2 * np.arccos(min(abs(a), 1.0))  # the polar angle theta of the target
    beta = np.angle(b) - np.angle(a) + np.pi / 2  # its azimuth phi, plus the quarter turn RX adds
    return np.array([alpha, beta])


def _prepared_bloch(angles) -> np.ndarray:
    """Bloch vector of RZ(beta) RX(alpha) |0> for angles (alpha, beta) (the grader's own simulation)."""
    alpha, beta = float(np.real(angles[0])), float(np.real(angles[1]))
    amp0 = np.cos(alpha / 2)
    amp1 = -1j * np.sin(alpha / 2) * np.exp(1j * beta)  # the common factor e^{-i beta/2} dropped
    ab = np.conj(amp0) * amp1
    return np.array([2 * ab.real, 2 * ab.imag, abs(amp0) ** 2 - abs(amp1) ** 2])


def _same_prepared_state(r: np.ndarray, e: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Equivalence: two angle pairs are equal when they prepare the same state up to a global
    phase, that is the same Bloch vector (so 4 pi shifts, a negative alpha... all count)."""
    return _prepared_bloch(r), _prepared_bloch(e)


def _reach_cases(rng: np.random.Generator) -> list:
    s = 1 / np.sqrt(2)
    theta, phi = rng.uniform(0.4, np.pi - 0.4, size=2), rng.uniform(0.3, 2 * np.pi - 0.3, size=2)

    def at(t, p, gamma):
        return np.exp(1j * gamma) * np.array([np.cos(t / 2), np.exp(1j * p) * np.sin(t / 2)])

    return [
        case(np.array([0.0, 1.0], dtype=complex), label="target |1> (the south pole)"),
        case(np.array([s, s], dtype=complex), label="target |+>"),
        case(np.array([s, 1j * s]), label="target |+i>"),
        case(np.array([s, -s], dtype=complex), label="target |->"),
        case(at(theta[0], phi[0], 0.0), label=f"target at theta = {theta[0]:.3f}, phi = {phi[0]:.3f}"),
        case(at(theta[1], phi[1], 2.2), label="a target with a global phase (amplitude 0 complex)"),
        case(at(2.5, 4.0, -0.9), label="a target below the equator, with a global phase"),
    ]


def _reach_mistake(kind: str):
    def wrong(target):
        a, b = target[0], target[1]
        alpha = 2 * np.arccos(min(abs(a), 1.0))
        phi = np.angle(b) - np.angle(a)
        beta = phi + np.pi / 2
        if kind == "half_angle":
            alpha = alpha / 2
        elif kind == "no_quarter_turn":
            beta = phi
        elif kind == "quarter_turn_sign":
            beta = phi - np.pi / 2
        elif kind == "phase_of_b_only":
            beta = np.angle(b) + np.pi / 2
        elif kind == "phase_reversed":
            beta = -phi + np.pi / 2
        if kind == "swapped":
            return np.array([beta, alpha])
        return np.array([alpha, beta])

    return wrong


def _reach_alt_negative_alpha(target):
    # RX(-theta) tilts |0> towards +y (azimuth +pi/2), so RZ turns by phi - pi/2
    a, b = target[0], target[1]
    return np.array([-2 * np.arccos(min(abs(a), 1.0)), np.angle(b) - np.angle(a) - np.pi / 2])


def _reach_alt_from_bloch(target):
    # from the target's Bloch vector: polar angle arccos(z), azimuth arctan2(y, x)
    a, b = target[0], target[1]
    ab = np.conj(a) * b
    x, y, z = 2 * ab.real, 2 * ab.imag, abs(a) ** 2 - abs(b) ** 2
    return np.array([np.arccos(np.clip(z, -1, 1)), np.arctan2(y, x) + np.pi / 2 + 2 * np.pi])


def _reach_alt_scan(target):
    # with the simulator: scan a grid of (alpha, beta) in one batched call, keep the best fidelity,
    # then polish alpha from |a| and beta from the relative phase (the scan picks the branch)
    from qmlcourse.sim import Circuit, weight

    circuit = Circuit(1).rx(weight(0), 0).rz(weight(1), 0)
    grid = np.stack(np.meshgrid(np.linspace(-np.pi, np.pi, 73), np.linspace(-np.pi, np.pi, 73)), -1).reshape(-1, 2)
    states = circuit.statevector(w=grid)[:, 0, :]
    alpha, beta = grid[np.argmax(np.abs(states @ np.conj(target)))]
    polar = 2 * np.arccos(min(abs(target[0]), 1.0))
    alpha = np.sign(alpha) * polar if alpha != 0 else polar
    if abs(target[0]) > 1e-12 and abs(target[1]) > 1e-12:
        beta = np.angle(target[1]) - np.angle(target[0]) + np.sign(alpha) * np.pi / 2
    return np.array([alpha, beta])


REACH_WITH_RX_RZ = Exercise(
    id="qc.qubits/reach_with_rx_rz",
    title="Reach a target state with R_X and R_Z",
    statement=(
        "Some hardware offers only R_X and R_Z rotations. Return the angles (alpha, beta) such that "
        "R_X(alpha) followed by R_Z(beta) takes |0> to the given target state (up to a global phase)."
    ),
    template='''def reach_with_rx_rz(target):
    """Return angles (alpha, beta) so that RZ(beta) RX(alpha) |0> is the target state.

    The circuit is fixed: first RX(alpha), then RZ(beta), on one qubit starting in |0>
    (Circuit(1).rx(alpha, 0).rz(beta, 0)). You decide the two angles.
    target: complex array of shape (2,), a normalised one-qubit state (it may carry a
            global phase).
    Returns: real array of shape (2,): [alpha, beta] in radians. Graded on the state
             your angles prepare, up to a global phase (so any equivalent angles pass).
    Example: reach_with_rx_rz(np.array([1, -1j]) / np.sqrt(2)) -> array([1.5708, 0.])
             (RX(pi/2)|0> is already that state, so beta = 0 works)
    """
    raise NotImplementedError("find alpha and beta")
''',
    reference=reach_with_rx_rz,
    cases=_reach_cases,
    answer=compare.Answer(
        "array", atol=1e-7, rtol=0.0, real=True, equivalence=(_same_prepared_state,), diagnoses=(),
        what="Bloch-vector components of the state RZ(beta) RX(alpha)|0> your angles prepare",
    ),
    mistakes=[
        Mistake(
            _reach_mistake("half_angle"),
            "the state is tilted only half as far from |0> as the target: RX(alpha) turns the Bloch vector by the "
            "full angle alpha (the half angle alpha/2 appears only in the amplitudes), so alpha is the target's "
            "polar angle theta itself",
        ),
        Mistake(
            _reach_mistake("no_quarter_turn"),
            "the polar angle is right but the azimuth is a quarter turn short: unlike RY, RX(alpha) tilts |0> "
            "towards -y (azimuth -pi/2), not towards +x; the RZ turn has to make up that quarter turn",
        ),
        Mistake(
            _reach_mistake("quarter_turn_sign"),
            "the polar angle is right but the azimuth is off by a half turn: RX(alpha) with alpha > 0 tilts |0> "
            "towards -y (azimuth -pi/2), not towards +y (check the Bloch vector of RX(pi/2)|0>)",
        ),
        Mistake(
            _reach_mistake("swapped"),
            "the two angles are in the wrong order: entry 0 is the RX angle (applied first), entry 1 the RZ angle",
        ),
        Mistake(
            _reach_mistake("phase_of_b_only"),
            "right for targets whose |0> amplitude is real and positive, wrong when the target carries a global "
            "phase: the azimuth is the phase of b RELATIVE to a (np.angle(b) - np.angle(a)), not the phase of b",
        ),
        Mistake(
            _reach_mistake("phase_reversed"),
            "the azimuth turns the wrong way: the target's azimuth is np.angle(b) - np.angle(a), and RZ(beta) "
            "adds +beta to the azimuth",
        ),
    ],
    alternatives=[_reach_alt_negative_alpha, _reach_alt_from_bloch, _reach_alt_scan],
    hints=[
        "First find where the target sits on the sphere: its polar angle theta and azimuth phi (section 1 reads "
        "them off a state). Then find out where RX(alpha) takes |0>: try "
        "qmlcourse.linalg.bloch_vector(qmlcourse.sim.gates.rx(np.pi / 2) @ np.array([1, 0])).",
        "RX(alpha) turns |0> about the x-axis: it lands at polar angle alpha on the -y side (azimuth -pi/2). "
        "RZ(beta) then turns about z: it adds beta to the azimuth and leaves the polar angle alone.",
        "alpha = theta = 2 * np.arccos(abs(a)) and beta = phi + pi/2 with phi = np.angle(b) - np.angle(a).",
    ],
    seed=63,
)


# --------------------------------------------------------------------------- concept checks

ORTHOGONAL_ON_SPHERE = Concept(
    id="qc.qubits/orthogonal_on_sphere",
    question="Two one-qubit states are orthogonal: <phi|psi> = 0. Where are their Bloch vectors?",
    options=[
        Option("At right angles to each other (90 degrees apart).", correct=False,
               why="Angles on the sphere are twice the angles between state vectors: |<phi|psi>|^2 = (1 + r.r')/2, "
                   "and 0 needs r.r' = -1. |0> and |+> are 90 degrees apart on the sphere, but <0|+> = 1/sqrt(2)."),
        Option("At opposite points of the sphere.", correct=True,
               why="|<phi|psi>|^2 = (1 + r.r')/2 is 0 exactly when r.r' = -1: antipodal points, like |0> and |1> "
                   "at the poles or |+> and |-> on the x-axis."),
        Option("Anywhere, as long as they lie on the same great circle.", correct=False,
               why="Only one point is orthogonal to a given state: its antipode. Two points of a great circle have "
                   "overlap (1 + cos of the angle between them)/2, which is 0 only at 180 degrees."),
    ],
)

EQUATOR_IN_Z = Concept(
    id="qc.qubits/equator_in_z",
    question="A state on the equator of the Bloch sphere, at azimuth phi, is measured in the Z basis. What is P(0)?",
    options=[
        Option("It depends on phi: cos(phi/2)^2.", correct=False,
               why="phi is the phase of the |1> amplitude relative to |0>; it does not change |a|^2. On the equator "
                   "|a|^2 = |b|^2 = 1/2 whatever phi is."),
        Option("1/2 for every phi.", correct=True,
               why="P(0) = (1 + z)/2 and z = 0 on the equator. The azimuth is invisible to a Z measurement; it shows "
                   "in <X> and <Y>, or after a gate such as H turns it into latitude."),
        Option("1, because the state is a superposition of |0> and |1> with equal weight.", correct=False,
               why="Equal weights mean equal probabilities: P(0) = P(1) = 1/2, a fair coin."),
    ],
)

FULL_TURN = Concept(
    id="qc.qubits/full_turn",
    question="R_X(2 pi) = -I: a full turn of the Bloch sphere multiplies the state by -1. Which statement is right?",
    options=[
        Option("It sends every state to the opposite point of the sphere.", correct=False,
               why="A turn by 2 pi brings every Bloch vector back to where it started; -psi has the same Bloch vector "
                   "as psi."),
        Option("Nothing can ever detect it: the half angle is a pure convention.", correct=False,
               why="Alone, -1 is a global phase. Controlled by another qubit it is not: CRX(2 pi) = Z (x) I puts the "
                   "-1 on the control's |1> part only, a relative phase that turns |+> into |-> (section 3)."),
        Option("On its own it changes nothing measurable, but a controlled R_X(2 pi) flips the sign of the control's "
               "|1> part, which can be measured.", correct=True,
               why="CRX(2 pi) = |0><0| (x) I + |1><1| (x) (-I) = Z (x) I: a phase kickback onto the control. That is "
                   "why the half angles are physics, not just a convention."),
    ],
)
