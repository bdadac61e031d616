"""Exercises and concept checks of lesson ``qc.circuits`` (notebooks/07_gates_and_circuits.ipynb).

The learner designs circuits with :class:`qmlcourse.sim.Circuit` that prepare given states
(the four Bell states, GHZ, W) and returns the final state vector (the grader compares plain
arrays, so a function returns ``circuit.statevector()[0]``, never the circuit object), then
writes the unitary of a small circuit with Kronecker products. The docstrings name the
target states, not the gates: the recipes are in the hints. References are numpy only;
alternatives that really build the circuits with ``qmlcourse`` prove that the intended
routes pass. Concept checks: one-basis agreement is not entanglement, CNOT does not copy
|+>, and phase kickback.
"""

from __future__ import annotations

import numpy as np

from qmlcourse.exercises import Concept, Exercise, Mistake, Option, case, compare

_H = np.array([[1, 1], [1, -1]]) / np.sqrt(2)
_X = np.array([[0, 1], [1, 0]], dtype=complex)
_S = np.diag([1, 1j])
_CNOT = np.array([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]], dtype=complex)


def _on_wires(matrix: np.ndarray, wire: int, n: int) -> np.ndarray:
    """The full 2**n matrix of a gate acting on wires wire, wire+1, ... (kron with identities)."""
    k = int(np.log2(matrix.shape[0]))
    return np.kron(np.kron(np.eye(2**wire), matrix), np.eye(2 ** (n - wire - k)))


def _cnot_full(control: int, target: int, n: int) -> np.ndarray:
    """CNOT between any two wires as a permutation matrix (wire 0 most significant)."""
    dim = 2**n
    u = np.zeros((dim, dim), dtype=complex)
    for i in range(dim):
        bits = [(i >> (n - 1 - q)) & 1 for q in range(n)]
        if bits[control]:
            bits[target] ^= 1
        j = int("".join(map(str, bits)), 2)
        u[j, i] = 1
    return u


def _run(gates: list, n: int) -> np.ndarray:
    """Apply (matrix (2**n, 2**n)) gates in order to |0...0>."""
    psi = np.zeros(2**n, dtype=complex)
    psi[0] = 1
    for g in gates:
        psi = g @ psi
    return psi


# --------------------------------------------------------------------------- bell_state_circuit


def bell_state_circuit(bits):
    """The Bell state CNOT(0, 1) H(0) |bits> as a vector of 4 amplitudes (numpy only)."""
    x, y = int(bits[0]), int(bits[1])
    psi = np.zeros(4, dtype=complex)
    psi[y] = 1 / np.sqrt(2)  # |0 y>
    psi[2 + (1 - y)] = (-1) ** x / np.sqrt(2)  # (-1)^x |1, 1-y>
    return psi


def _bell_mistake(order: str, bits_on_wires: str = "straight", control: int = 0, batch: bool = False):
    """A wrong Bell circuit: gates in another order, bits on the wrong wires, CNOT reversed..."""

    def wrong(bits):
        x, y = int(bits[0]), int(bits[1])
        if bits_on_wires == "reversed":
            x, y = y, x
        elif bits_on_wires == "ignored":
            x, y = 0, 0
        prep = np.kron(np.linalg.matrix_power(_X, x), np.linalg.matrix_power(_X, y))
        h = np.kron(_H, np.eye(2))
        cnot = _cnot_full(control, 1 - control, 2)
        gates = [prep, cnot, h] if order == "cnot_first" else [prep, h, cnot]
        psi = _run(gates, 2)
        return psi[None, :] if batch else psi

    return wrong


def _bell_with_circuit(bits):
    from qmlcourse.sim import Circuit

    c = Circuit(2)
    for wire, b in enumerate(bits):
        if b == "1":
            c.x(wire)
    c.h(0).cnot(0, 1)
    return c.statevector()[0]


def _bell_mirrored_and_bits_swapped(bits):
    # H on wire 1 and CNOT(1, 0) with the bits prepared the other way round: the same four
    # states, because every Bell state is symmetric or antisymmetric under swapping the wires
    from qmlcourse.sim import Circuit

    c = Circuit(2)
    for wire, b in enumerate(reversed(bits)):
        if b == "1":
            c.x(wire)
    c.h(1).cnot(1, 0)
    return c.statevector()[0]


def _bell_with_matrices(bits):
    # X gates, then H on wire 0, then CNOT: a product of 4 x 4 matrices applied to |00>
    prep = np.kron(np.linalg.matrix_power(_X, int(bits[0])), np.linalg.matrix_power(_X, int(bits[1])))
    return _CNOT @ np.kron(_H, np.eye(2)) @ prep @ np.array([1, 0, 0, 0])


BELL_STATE_CIRCUIT = Exercise(
    id="qc.circuits/bell_state_circuit",
    title="The four Bell states from one circuit",
    statement=(
        "Design one circuit (X gates chosen by the bits, then the same fixed gates for every input) that "
        "prepares each of the four Bell states, using qmlcourse.sim.Circuit, and return its final state vector."
    ),
    template='''def bell_state_circuit(bits):
    """Return the Bell state named by bits, prepared by a circuit.

    bits: "00" -> (|00> + |11>)/sqrt(2)     "10" -> (|00> - |11>)/sqrt(2)
          "01" -> (|01> + |10>)/sqrt(2)     "11" -> (|01> - |10>)/sqrt(2)
          Build it with qmlcourse.sim.Circuit(2): X gates that depend on the bits,
          then gates that are the same for every input (bits[0] is wire 0).
    Returns: complex array of shape (4,), the final state vector (circuit.statevector()
             has shape (1, 4): a batch of one state; return its row [0]).
             Checked up to a global phase.
    Example: bell_state_circuit("00") -> array([0.7071, 0, 0, 0.7071])
    """
    raise NotImplementedError("build the circuit and return its state vector")
''',
    reference=bell_state_circuit,
    cases=[case(b, label=f'bits = "{b}"') for b in ("00", "01", "10", "11")],
    answer=compare.state(atol=1e-8),
    mistakes=[
        Mistake(
            _bell_mistake("cnot_first"),
            "the gates run in the wrong order: the Hadamard comes first, then the CNOT "
            "(a circuit is read left to right, and the CNOT only entangles once wire 0 is in superposition)",
        ),
        Mistake(
            _bell_mistake("h_first", control=1),
            "control and target of the CNOT are swapped: the control is wire 0 (the one in superposition), "
            "the target wire 1",
        ),
        Mistake(
            _bell_mistake("h_first", bits_on_wires="reversed"),
            'you made the Bell state of the reversed bit string (for "01" the state asked for "10"): either the X '
            'gates sit on the wrong wires (bits[0] belongs to wire 0) or the Hadamard and CNOT are mirrored '
            '(H on wire 1 and CNOT(1, 0)); fix whichever of the two your code does',
        ),
        Mistake(
            _bell_mistake("h_first", bits_on_wires="ignored"),
            "you returned (|00> + |11>)/sqrt(2) for every input: the bits never changed the circuit; first "
            'prepare |bits> with an X gate on each wire whose bit is "1"',
        ),
        Mistake(
            _bell_mistake("h_first", batch=True),
            "you returned the whole batch: circuit.statevector() has shape (1, 4) (one state in a batch); "
            "return row [0]",
        ),
    ],
    alternatives=[_bell_with_circuit, _bell_mirrored_and_bits_swapped, _bell_with_matrices,
                  lambda bits: -1j * bell_state_circuit(bits)],
    hints=[
        "Circuit(2) starts in |00>; c.x(wire), c.h(wire) and c.cnot(control, target) append gates in the order you "
        "call them. Work out what the Bell circuit of section 1 does to |00>, |01>, |10> and |11>.",
        'First prepare |bits>: if bits[wire] == "1", call c.x(wire). Then the Bell circuit of section 1: c.h(0) '
        "puts wire 0 in superposition, c.cnot(0, 1) entangles it with wire 1.",
        'c = Circuit(2); [c.x(w) for w, b in enumerate(bits) if b == "1"]; c.h(0).cnot(0, 1); '
        "return c.statevector()[0]",
    ],
    seed=71,
)


# --------------------------------------------------------------------------- ghz_circuit


def ghz_circuit(n_qubits):
    """(|0...0> + |1...1>)/sqrt(2) on n_qubits wires, as a vector of 2**n amplitudes (numpy only)."""
    psi = np.zeros(2**n_qubits, dtype=complex)
    psi[0] = psi[-1] = 1 / np.sqrt(2)
    return psi


def _ghz_mistake(kind: str):
    def wrong(n_qubits):
        n = n_qubits
        gates = [_on_wires(_H, 0, n)]
        if kind == "h_everywhere":
            gates = [_on_wires(_H, q, n) for q in range(n)]
        if kind == "no_h":
            gates = []
        pairs = [(q, q + 1) for q in range(n - 1)]
        if kind == "one_cnot_short":
            pairs = pairs[:-1]
        if kind == "reversed_cnot":
            pairs = [(t, c) for c, t in pairs]
        gates += [_cnot_full(c, t, n) for c, t in pairs]
        psi = _run(gates, n)
        return psi[None, :] if kind == "batch" else psi

    return wrong


def _ghz_chain(n_qubits):
    from qmlcourse.sim import Circuit

    c = Circuit(n_qubits).h(0)
    for q in range(n_qubits - 1):
        c.cnot(q, q + 1)
    return c.statevector()[0]


def _ghz_fan_out(n_qubits):
    from qmlcourse.sim import Circuit

    c = Circuit(n_qubits).h(0)
    for q in range(1, n_qubits):
        c.cnot(0, q)  # every CNOT controlled by wire 0: the same state
    return c.statevector()[0]


GHZ_CIRCUIT = Exercise(
    id="qc.circuits/ghz_circuit",
    title="A GHZ state on n qubits",
    statement=(
        "Design a circuit of Hadamard and CNOT gates (qmlcourse.sim.Circuit) that prepares the n-qubit GHZ "
        "state (|0...0> + |1...1>)/sqrt(2), and return its state vector."
    ),
    template='''def ghz_circuit(n_qubits):
    """Return the GHZ state (|00...0> + |11...1>) / sqrt(2) made by a circuit.

    n_qubits: int, 2 to 5. Build it with qmlcourse.sim.Circuit(n_qubits), using
              only Hadamard and CNOT gates.
    Returns: complex array of shape (2**n_qubits,), the final state vector
             (checked up to a global phase).
    Example: ghz_circuit(3) -> array([0.7071, 0, 0, 0, 0, 0, 0, 0.7071])
    """
    raise NotImplementedError("build the GHZ circuit and return its state vector")
''',
    reference=ghz_circuit,
    cases=[case(n, label=f"{n} qubits") for n in (2, 3, 4, 5)],
    answer=compare.state(atol=1e-8),
    mistakes=[
        Mistake(
            _ghz_mistake("one_cnot_short"),
            "one CNOT is missing: n qubits need n - 1 CNOTs (check the end of your range(...)), "
            "otherwise the last wire stays |0>",
        ),
        Mistake(
            _ghz_mistake("reversed_cnot"),
            "you made |+>|0...0>: wire 0 is in superposition but no CNOT acted on it while it was. Either the "
            "Hadamard comes after the CNOTs (then every CNOT saw control |0> and did nothing), or control and "
            "target are swapped (the control must be a wire already in superposition: cnot(q, q + 1), not "
            "cnot(q + 1, q))",
        ),
        Mistake(
            _ghz_mistake("h_everywhere"),
            "a Hadamard on every wire is too many: only wire 0 gets one; the CNOTs then pass its 0 or 1, branch "
            "by branch, to the other wires",
        ),
        Mistake(
            _ghz_mistake("no_h"),
            "you returned |00...0>: no wire was in superposition when the CNOTs acted (is the Hadamard "
            "missing?), so every CNOT saw control 0 and did nothing",
        ),
        Mistake(
            _ghz_mistake("batch"),
            "you returned the whole batch: circuit.statevector() has shape (1, 2**n) (one state in a batch); "
            "return row [0]",
        ),
    ],
    alternatives=[_ghz_chain, _ghz_fan_out, lambda n_qubits: np.exp(0.3j) * ghz_circuit(n_qubits)],
    hints=[
        "Start from the Bell-state circuit: H on wire 0 gives (|0> + |1>)|0>/sqrt(2), and CNOT(0, 1) turns that "
        "into (|00> + |11>)/sqrt(2): in each branch the target takes the control's bit (a basis value, not the "
        "state: no-cloning, section 5).",
        "Do the same for the next wire: a CNOT from wire q to wire q + 1 for q = 0 .. n - 2 "
        "(or every CNOT from wire 0).",
        "c = Circuit(n_qubits).h(0); for q in range(n_qubits - 1): c.cnot(q, q + 1); return c.statevector()[0]",
    ],
    seed=72,
)


# --------------------------------------------------------------------------- circuit_unitary


def circuit_unitary(gates, n_qubits):
    """The (2**n, 2**n) unitary of a list of (matrix, wire) gates, the first gate acting first."""
    u = np.eye(2**n_qubits, dtype=complex)
    for matrix, wire in gates:
        m = np.asarray(matrix, dtype=complex)
        k = int(np.log2(m.shape[0]))  # 1 for a (2, 2) gate, 2 for a (4, 4) gate
        full = np.kron(np.kron(np.eye(2**wire), m), np.eye(2 ** (n_qubits - wire - k)))
        u = full @ u
    return u


def _random_unitary(rng: np.random.Generator, dim: int) -> np.ndarray:
    q, r = np.linalg.qr(rng.normal(size=(dim, dim)) + 1j * rng.normal(size=(dim, dim)))
    return q * (np.diag(r) / np.abs(np.diag(r)))


def _unitary_cases(rng: np.random.Generator) -> list:
    ry = lambda t: np.array([[np.cos(t / 2), -np.sin(t / 2)], [np.sin(t / 2), np.cos(t / 2)]])  # noqa: E731
    return [
        case([(_H, 0), (_S, 0)], 1, label="1 qubit: H then S"),
        case([(_X, 1)], 2, label="2 qubits: X on wire 1"),
        case([(_H, 0), (_CNOT, 0)], 2, label="2 qubits: H on wire 0, then CNOT(0, 1)"),
        case([(ry(0.8), 2), (_CNOT, 1), (_S, 0), (_H, 1)], 3, label="3 qubits: RY, CNOT(1, 2), S, H"),
        case([(_random_unitary(rng, 2), 0), (_random_unitary(rng, 4), 1), (_random_unitary(rng, 2), 2),
              (_random_unitary(rng, 4), 0)], 3, label="3 qubits: four random gates"),
    ]


def _unitary_reversed_kron(gates, n_qubits):
    u = np.eye(2**n_qubits, dtype=complex)
    for matrix, wire in gates:
        m = np.asarray(matrix, dtype=complex)
        k = int(np.log2(m.shape[0]))
        u = np.kron(np.kron(np.eye(2 ** (n_qubits - wire - k)), m), np.eye(2**wire)) @ u
    return u


def _unitary_wrong_product(gates, n_qubits):
    u = np.eye(2**n_qubits, dtype=complex)
    for matrix, wire in gates:
        m = np.asarray(matrix, dtype=complex)
        k = int(np.log2(m.shape[0]))
        u = u @ np.kron(np.kron(np.eye(2**wire), m), np.eye(2 ** (n_qubits - wire - k)))
    return u


def _unitary_elementwise(gates, n_qubits):
    u = np.eye(2**n_qubits, dtype=complex)
    for matrix, wire in gates:
        m = np.asarray(matrix, dtype=complex)
        k = int(np.log2(m.shape[0]))
        u = np.kron(np.kron(np.eye(2**wire), m), np.eye(2 ** (n_qubits - wire - k))) * u
    return u


def _unitary_wire_ignored(gates, n_qubits):
    u = np.eye(2**n_qubits, dtype=complex)
    for matrix, _wire in gates:
        m = np.asarray(matrix, dtype=complex)
        u = np.kron(m, np.eye(2**n_qubits // m.shape[0])) @ u
    return u


def _unitary_with_circuit(gates, n_qubits):
    from qmlcourse.sim import Circuit

    c = Circuit(n_qubits)
    for matrix, wire in gates:
        k = int(np.log2(np.shape(matrix)[0]))
        c.unitary(matrix, *range(wire, wire + k))
    return c.matrix()


def _unitary_by_columns(gates, n_qubits):
    # column j of U is the circuit applied to the basis state |j>: apply each gate by reshaping
    dim = 2**n_qubits
    states = np.eye(dim, dtype=complex).reshape((dim,) + (2,) * n_qubits)
    for matrix, wire in gates:
        m = np.asarray(matrix, dtype=complex)
        k = int(np.log2(m.shape[0]))
        axes = list(range(1 + wire, 1 + wire + k))
        t = np.tensordot(m.reshape((2,) * (2 * k)), states, axes=(list(range(k, 2 * k)), axes))
        states = np.moveaxis(t, list(range(k)), axes)
    return states.reshape(dim, dim).T


CIRCUIT_UNITARY = Exercise(
    id="qc.circuits/circuit_unitary",
    title="The unitary of a circuit",
    statement=(
        "Given a list of gates (matrix, wire), where a (2, 2) matrix acts on `wire` and a (4, 4) matrix on "
        "wires `wire`, `wire + 1`, return the (2**n, 2**n) unitary of the whole circuit."
    ),
    template='''def circuit_unitary(gates, n_qubits):
    """Return the unitary matrix of a circuit given as a list of gates.

    gates: list of (matrix, wire) pairs, applied in list order (the first acts first).
           A (2, 2) matrix acts on `wire`; a (4, 4) matrix acts on wires `wire` and
           `wire + 1` (in that order). Wire 0 is the most significant bit.
    n_qubits: int, the number of wires.
    Returns: complex array of shape (2**n_qubits, 2**n_qubits).
    Example: circuit_unitary([(X, 1)], 2) == np.kron(np.eye(2), X)   # X on wire 1
    """
    raise NotImplementedError("multiply the full-size matrices of the gates")
''',
    reference=circuit_unitary,
    cases=_unitary_cases,
    answer=compare.unitary_matrix(atol=1e-8),
    mistakes=[
        Mistake(
            _unitary_reversed_kron,
            "the Kronecker factors are in the wrong order (qubit order reversed): wire 0 is the LEFTMOST factor, "
            "so a gate G on wire w is kron(I of 2**w, G, I of the remaining wires)",
        ),
        Mistake(
            _unitary_wrong_product,
            "the gates are multiplied in the wrong order: the first gate acts first, so it stands on the RIGHT: "
            "U = G_last ... G_2 G_1 (update with U = G @ U, not U @ G)",
        ),
        Mistake(
            _unitary_elementwise,
            "you multiplied entrywise with `*`; a product of matrices is `@` (np.matmul)",
        ),
        Mistake(
            _unitary_wire_ignored,
            "every gate landed on wire 0: pad with identities on BOTH sides, kron(I of 2**wire, G, I of the rest)",
        ),
    ],
    alternatives=[_unitary_with_circuit, _unitary_by_columns],
    hints=[
        "Turn each gate into a full (2**n, 2**n) matrix, then multiply them all together.",
        "A gate G on wire w of n wires (G acting on k wires) is "
        "np.kron(np.kron(np.eye(2**w), G), np.eye(2**(n - w - k))).",
        "Start from U = np.eye(2**n) and for each gate update U = full_matrix @ U: later gates multiply from the left.",
    ],
    seed=73,
)


# --------------------------------------------------------------------------- w_state


def w_state(n_qubits):
    """The W state: the equal superposition of the n basis states with exactly one 1 (numpy only)."""
    psi = np.zeros(2**n_qubits, dtype=complex)
    for k in range(n_qubits):
        psi[2 ** (n_qubits - 1 - k)] = 1 / np.sqrt(n_qubits)  # the basis state with its 1 on wire k
    return psi


def _one_hot_state(weights) -> np.ndarray:
    """sum_k sqrt(weights[k]) |0..1_k..0>: the state with its 1 on wire k with weight weights[k]."""
    n = len(weights)
    psi = np.zeros(2**n, dtype=complex)
    for k, p in enumerate(weights):
        psi[2 ** (n - 1 - k)] = np.sqrt(p)
    return psi


def _cascade_weights(keep) -> list:
    """Weights left on each wire when step k keeps the fraction keep[k] of what is left."""
    left, out = 1.0, []
    for p in keep:
        out.append(left * p)
        left *= 1 - p
    return out + [left]


def _w_mistake(kind: str):
    def wrong(n_qubits):
        n = n_qubits
        if kind == "ghz":
            psi = np.zeros(2**n, dtype=complex)
            psi[0] = psi[-1] = 1 / np.sqrt(2)
            return psi
        if kind == "halves":  # every split keeps half of what is left
            return _one_hot_state(_cascade_weights([0.5] * (n - 1)))
        if kind == "half_angle":  # RY(arccos(sqrt(p))) keeps cos(angle/2)^2 = (1 + sqrt(p)) / 2, not p
            return _one_hot_state(_cascade_weights([(1 + np.sqrt(1 / (n - k))) / 2 for k in range(n - 1)]))
        if kind == "no_move":  # the CRY splits, but no CNOT moves the excitation on: |10..>, |110..>, |1110..>...
            weights = _cascade_weights([1 / (n - k) for k in range(n - 1)])
            psi = np.zeros(2**n, dtype=complex)
            for k, p in enumerate(weights):
                psi[int("1" * (k + 1) + "0" * (n - k - 1), 2)] = np.sqrt(p)
            return psi
        if kind == "no_excitation":
            psi = np.zeros(2**n, dtype=complex)
            psi[0] = 1
            return psi
        psi = w_state(n)
        return psi[None, :]  # "batch"

    return wrong


def _w_cascade(n_qubits):
    from qmlcourse.sim import Circuit

    c = Circuit(n_qubits).x(0)  # one excitation on wire 0
    for k in range(n_qubits - 1):
        # keep 1/(n - k) of the remaining weight on wire k, move the rest to wire k + 1
        c.cry(2 * np.arccos(np.sqrt(1 / (n_qubits - k))), k, k + 1).cnot(k + 1, k)
    return c.statevector()[0]


def _w_cascade_from_last_wire(n_qubits):
    from qmlcourse.sim import Circuit

    n = n_qubits
    c = Circuit(n).x(n - 1)  # the excitation starts on the last wire and moves towards wire 0
    for step, k in enumerate(range(n - 1, 0, -1)):
        c.cry(2 * np.arccos(np.sqrt(1 / (n - step))), k, k - 1).cnot(k - 1, k)
    return c.statevector()[0]


W_STATE = Exercise(
    id="qc.circuits/w_state",
    title="Prepare a W state",
    statement=(
        "Design a circuit (qmlcourse.sim.Circuit) that prepares the n-qubit W state, the equal superposition "
        "of the n basis states with exactly one 1, and return its state vector."
    ),
    template='''def w_state(n_qubits):
    """Return the n-qubit W state, prepared by a circuit.

    The W state is the equal superposition of the n basis states that hold exactly
    one 1; for 3 qubits it is (|100> + |010> + |001>) / sqrt(3).
    n_qubits: int, 2 to 5. Build it with qmlcourse.sim.Circuit(n_qubits); any of its
              gates may be used (c.cry(angle, control, target) is a controlled RY).
    Returns: complex array of shape (2**n_qubits,), the final state vector
             (checked up to a global phase).
    Example: w_state(2) -> array([0, 0.7071, 0.7071, 0])   # (|01> + |10>)/sqrt(2)
    """
    raise NotImplementedError("design the W-state circuit and return its state vector")
''',
    reference=w_state,
    cases=[case(n, label=f"{n} qubits") for n in (2, 3, 4, 5)],
    answer=compare.state(atol=1e-8),
    mistakes=[
        Mistake(
            _w_mistake("ghz"),
            "that is the GHZ state (|0...0> + |1...1>)/sqrt(2); a W state has n terms, each with exactly one 1",
        ),
        Mistake(
            _w_mistake("halves"),
            "the right terms, but unequal weights: the first wire holds 1/2, the next 1/4, ... (each split kept "
            "half of what was left). In a W state every term has weight 1/n, so step k must keep 1/(n - k) of the "
            "remaining weight",
        ),
        Mistake(
            _w_mistake("half_angle"),
            "the right terms, but unequal weights, exactly as a missing factor 2 in the rotation angles gives: "
            "RY(angle) keeps cos(angle/2)**2 of the weight, so keeping a fraction p needs angle = 2 arccos(sqrt(p))",
        ),
        Mistake(
            _w_mistake("no_move"),
            "your terms hold more than one 1 (|110...>, |111...>): after each split the excitation has to move on "
            "(a CNOT from the new wire back to the old one turns |11> into |01>), so that every term has exactly one 1",
        ),
        Mistake(
            _w_mistake("no_excitation"),
            "your circuit leaves |00...0>: a W state has exactly one 1 in every term, so some gate must create the "
            "first 1 (a controlled rotation does nothing while its control is |0>)",
        ),
        Mistake(
            _w_mistake("batch"),
            "you returned the whole batch: circuit.statevector() has shape (1, 2**n) (one state in a batch); "
            "return row [0]",
        ),
    ],
    alternatives=[_w_cascade, _w_cascade_from_last_wire, lambda n_qubits: -1 * w_state(n_qubits)],
    hints=[
        "Start with one excitation: X on wire 0 gives |10...0>. Then hand part of its weight on to the next wire, "
        "one wire at a time, until each of the n wires holds weight 1/n.",
        "One step, with the excitation on wire k: c.cry(angle, k, k + 1) splits |..10..> into cos(angle/2)|..10..> + "
        "sin(angle/2)|..11..>, and c.cnot(k + 1, k) turns the |11> part into |01>: part of the weight has moved on.",
        "Step k (k = 0 .. n-2) keeps 1/(n - k) of what is left: c = Circuit(n).x(0); for k in range(n - 1): "
        "c.cry(2 * np.arccos(np.sqrt(1 / (n - k))), k, k + 1).cnot(k + 1, k)",
    ],
    seed=74,
)


# --------------------------------------------------------------------------- concept checks

AGREEMENT_IS_NOT_ENTANGLEMENT = Concept(
    id="qc.circuits/agreement_is_not_entanglement",
    question=(
        "Two qubits are measured in the Z basis many times. The results always agree: 00 or 11, each half of "
        "the time. What can you conclude about entanglement?"
    ),
    options=[
        Option("The qubits are entangled.", correct=False,
               why="A classical mixture, half |00><00| and half |11><11| (a coin decides which product state is made), "
                   "gives exactly the same Z statistics and is not entangled (section 1 computes it)."),
        Option("Nothing yet: statistics in one basis cannot tell entanglement from classical correlation.",
               correct=True,
               why="The Bell state and the mixture agree in Z; they differ in X (the Bell state also agrees there, the "
                   "mixture gives a fair coin). Entanglement is 'not a product state' (Schmidt rank > 1, lesson 3); "
                   "CHSH (lesson 8) is a test from statistics alone."),
        Option("The qubits are in a product state.", correct=False,
               why="The Bell state (|00> + |11>)/sqrt(2) gives these statistics and has Schmidt rank 2: it is not a "
                   "product state."),
    ],
)

CNOT_DOES_NOT_CLONE = Concept(
    id="qc.circuits/cnot_does_not_clone",
    question=(
        "CNOT(0, 1) turns |0>|0> into |0>|0> and |1>|0> into |1>|1>: it copies basis states. "
        "What does it make of |+>|0>?"
    ),
    options=[
        Option("|+>|+>, a copy of |+>.", correct=False,
               why="CNOT is linear: (|0>|0> + |1>|0>)/sqrt(2) goes to (|00> + |11>)/sqrt(2), while |+>|+> = "
                   "(|00> + |01> + |10> + |11>)/2. No unitary copies unknown states (no-cloning)."),
        Option("The Bell state (|00> + |11>)/sqrt(2).", correct=True,
               why="By linearity each branch is copied separately; the result is entangled, not two copies. "
                   "Its overlap with |+>|+> is 1/sqrt(2) (section 5 computes it)."),
        Option("|+>|0>: the target does not change because the control is not |1>.", correct=False,
               why="The control is |0> and |1> at once; in the |1> branch the target flips."),
    ],
)

PHASE_KICKBACK = Concept(
    id="qc.circuits/phase_kickback",
    question="CNOT(0, 1) acts on |+>|->. Which wire changes?",
    options=[
        Option("Only the target: X flips it.", correct=False,
               why="|-> is an eigenvector of X with eigenvalue -1: X|-> = -|->, so the target stays |->; the -1 "
                   "multiplies the control's |1> branch."),
        Option("Only the control: it becomes |->.", correct=True,
               why="|0>|-> + |1>(X|->) = (|0> - |1>)|->: the eigenvalue is kicked back onto the control as a relative "
                   "phase. This phase kickback is how controlled gates read out eigenvalues."),
        Option("Neither: the state is unchanged.", correct=False,
               why="|+>|-> becomes |->|->, a different state: an X measurement of wire 0 now gives -1 every time."),
    ],
)
