"""Exercises of lesson ``qc.circuits`` (notebooks/07_gates_and_circuits.ipynb).

The learner builds circuits with :class:`qmlcourse.sim.Circuit` and returns the final state
vector (the grader compares plain arrays, so a function returns
``circuit.statevector()[0]``, never the circuit object), then writes the unitary of a small
circuit with Kronecker products. References are numpy only; alternatives that really build
the circuit with ``qmlcourse`` prove that the intended route passes.
"""

from __future__ import annotations

import numpy as np

from qmlcourse.exercises import Exercise, Mistake, case, compare

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


def _bell_with_matrices(bits):
    # X gates, then H on wire 0, then CNOT: a product of 4 x 4 matrices applied to |00>
    prep = np.kron(np.linalg.matrix_power(_X, int(bits[0])), np.linalg.matrix_power(_X, int(bits[1])))
    return _CNOT @ np.kron(_H, np.eye(2)) @ prep @ np.array([1, 0, 0, 0])


BELL_STATE_CIRCUIT = Exercise(
    id="qc.circuits/bell_state_circuit",
    title="The four Bell states from one circuit",
    statement=(
        "Prepare |bits> with X gates, apply H to wire 0 and then CNOT(0, 1), using "
        "qmlcourse.sim.Circuit, and return the final state vector (4 amplitudes)."
    ),
    template='''def bell_state_circuit(bits):
    """Return the Bell state made by the circuit X-prep, H(0), CNOT(0, 1).

    bits: a string "00", "01", "10" or "11": first prepare |bits> (an X gate on
          each wire whose bit is "1"; bits[0] is wire 0), then apply H to wire 0,
          then CNOT with control 0 and target 1. Build it with qmlcourse.sim.Circuit.
    Returns: complex array of shape (4,), the final state vector (circuit.statevector()
             has shape (1, 4): a batch of one state; return its row [0]).
             Checked up to a global phase.
    Example: bell_state_circuit("00") -> array([0.7071, 0, 0, 0.7071])   # (|00> + |11>)/sqrt(2)
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
            "control and target of the CNOT are swapped: the control is wire 0 (the one in superposition), the target wire 1",
        ),
        Mistake(
            _bell_mistake("h_first", bits_on_wires="reversed"),
            'the bits went onto the wrong wires: bits[0] belongs to wire 0, so "10" means an X on wire 0',
        ),
        Mistake(
            _bell_mistake("h_first", bits_on_wires="ignored"),
            'you always prepared |00>: first apply an X gate to each wire whose bit is "1"',
        ),
        Mistake(
            _bell_mistake("h_first", batch=True),
            "you returned the whole batch: circuit.statevector() has shape (1, 4) (one state in a batch); return row [0]",
        ),
    ],
    alternatives=[_bell_with_circuit, _bell_with_matrices, lambda bits: -1j * bell_state_circuit(bits)],
    hints=[
        "Circuit(2) starts in |00>; c.x(wire), c.h(wire) and c.cnot(control, target) append gates in the order you call them.",
        'Loop over the bits: if bits[wire] == "1", call c.x(wire). Then c.h(0) and c.cnot(0, 1).',
        'c = Circuit(2); [c.x(w) for w, b in enumerate(bits) if b == "1"]; c.h(0).cnot(0, 1); return c.statevector()[0]',
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
        "Build the n-qubit GHZ state (|0...0> + |1...1>)/sqrt(2) with a Hadamard and n - 1 CNOTs "
        "(qmlcourse.sim.Circuit) and return its state vector."
    ),
    template='''def ghz_circuit(n_qubits):
    """Return the GHZ state (|00...0> + |11...1>) / sqrt(2) made by a circuit.

    n_qubits: int, 2 to 5. Build a qmlcourse.sim.Circuit(n_qubits): a Hadamard on
              wire 0, then CNOTs that copy wire 0's value to every other wire.
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
            "control and target are swapped: the control of each CNOT is the wire that is already in superposition "
            "(cnot(q, q + 1), not cnot(q + 1, q))",
        ),
        Mistake(
            _ghz_mistake("h_everywhere"),
            "a Hadamard on every wire is too many: only wire 0 gets one; the CNOTs then copy its value to the others",
        ),
        Mistake(
            _ghz_mistake("no_h"),
            "the Hadamard is missing: without it every CNOT sees control 0 and the state stays |00...0>",
        ),
        Mistake(
            _ghz_mistake("batch"),
            "you returned the whole batch: circuit.statevector() has shape (1, 2**n) (one state in a batch); return row [0]",
        ),
    ],
    alternatives=[_ghz_chain, _ghz_fan_out, lambda n_qubits: np.exp(0.3j) * ghz_circuit(n_qubits)],
    hints=[
        "Start from the Bell-state circuit: H on wire 0 puts it in superposition, a CNOT copies its value to wire 1.",
        "Keep copying: a CNOT from wire q to wire q + 1 for q = 0 .. n - 2 (or every CNOT from wire 0).",
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
        "A gate G on wire w of n wires (G acting on k wires) is np.kron(np.kron(np.eye(2**w), G), np.eye(2**(n - w - k))).",
        "Start from U = np.eye(2**n) and for each gate update U = full_matrix @ U: later gates multiply from the left.",
    ],
    seed=73,
)
