"""Exercises of lesson ``practice.noise`` (notebooks/21_practice_noise.ipynb).

Two exercises:

* ``depolarize``: apply the one-qubit depolarising channel, in the convention of
  ``qmlcourse.sim.noise.depolarizing`` and PennyLane's ``qml.DepolarizingChannel`` (with
  probability ``p`` one of X, Y, Z, each with probability ``p/3``), to one wire of an
  ``n``-qubit density matrix (wire 0 is the most significant bit);
* ``readout_correct``: undo independent per-wire readout error on measured counts by
  inverting the confusion matrix, returning the unclipped quasi-probabilities.
"""

from __future__ import annotations

import numpy as np

from qmlcourse.exercises import Exercise, Mistake, case, compare

# --------------------------------------------------------------------------- shared helpers

_I2 = np.eye(2, dtype=complex)
_X = np.array([[0, 1], [1, 0]], dtype=complex)
_Y = np.array([[0, -1j], [1j, 0]], dtype=complex)
_Z = np.array([[1, 0], [0, -1]], dtype=complex)


def _n_of(rho) -> int:
    return int(round(np.log2(np.asarray(rho).shape[0])))


def _on_wire(P, wire, n, reverse=False):
    """P on one wire of n as a (2^n, 2^n) matrix (wire 0 most significant, or least if reverse)."""
    k = n - 1 - wire if reverse else wire
    return np.kron(np.kron(np.eye(2**k), P), np.eye(2 ** (n - k - 1)))


def _pauli_twirl(rho, wire, n, reverse=False):
    """(X rho X + Y rho Y + Z rho Z) / 3 on one wire."""
    return sum(_on_wire(P, wire, n, reverse) @ rho @ _on_wire(P, wire, n, reverse) for P in (_X, _Y, _Z)) / 3


def _mixed_on_wire(rho, wire, n):
    """I/2 on the wire tensored with the reduced state of the other wires: (rho + sum_P P rho P) / 4."""
    return (rho + 3 * _pauli_twirl(rho, wire, n)) / 4


def _random_density(rng: np.random.Generator, n: int, rank: int = 2) -> np.ndarray:
    d = 2**n
    g = rng.normal(size=(d, rank)) + 1j * rng.normal(size=(d, rank))
    rho = g @ g.conj().T
    return rho / np.trace(rho).real


# --------------------------------------------------------------------------- depolarize


def depolarize(rho, p, wire):
    """(1 - p) rho + p/3 (X rho X + Y rho Y + Z rho Z), the Paulis acting on `wire` only."""
    rho = np.asarray(rho, dtype=complex)
    n = int(round(np.log2(rho.shape[0])))
    paulis = [np.array([[0, 1], [1, 0]]), np.array([[0, -1j], [1j, 0]]), np.array([[1, 0], [0, -1]])]
    out = (1 - p) * rho
    for P in paulis:
        U = np.kron(np.kron(np.eye(2**wire), P), np.eye(2 ** (n - wire - 1)))  # wire 0 = leftmost factor
        out = out + p / 3 * U @ rho @ U.conj().T
    return out


def _dep_other_convention(rho, p, wire):
    rho = np.asarray(rho, dtype=complex)
    return (1 - p) * rho + p * _mixed_on_wire(rho, wire, _n_of(rho))


def _dep_no_identity(rho, p, wire):
    return (1 - p) * np.asarray(rho, dtype=complex)


def _dep_global(rho, p, wire):
    rho = np.asarray(rho, dtype=complex)
    d = rho.shape[0]
    return (1 - 4 * p / 3) * rho + 4 * p / 3 * np.eye(d) / d


def _dep_no_half(rho, p, wire):
    rho = np.asarray(rho, dtype=complex)
    return (1 - 4 * p / 3) * rho + 4 * p / 3 * 2 * _mixed_on_wire(rho, wire, _n_of(rho))


def _dep_reversed(rho, p, wire):
    rho = np.asarray(rho, dtype=complex)
    n = _n_of(rho)
    return (1 - p) * rho + p * _pauli_twirl(rho, wire, n, reverse=True)


def _dep_squared_weights(rho, p, wire):
    rho = np.asarray(rho, dtype=complex)
    n = _n_of(rho)
    return (1 - p) ** 2 * rho + 3 * (p / 3) ** 2 * _pauli_twirl(rho, wire, n)


def _dep_partial_trace(rho, p, wire):
    rho = np.asarray(rho, dtype=complex)
    n = int(round(np.log2(rho.shape[0])))
    t = rho.reshape((2,) * (2 * n))
    reduced = np.trace(t, axis1=wire, axis2=wire + n)  # the other wires, 2(n-1) axes
    mixed = np.multiply.outer(reduced, np.eye(2) / 2)  # axes: others..., others..., wire_row, wire_col
    order = list(range(2 * n - 2))
    order.insert(wire, 2 * n - 2)
    order.insert(wire + n, 2 * n - 1)
    mixed = np.transpose(mixed, order).reshape(rho.shape)  # target axis k is axis order[k]
    return (1 - 4 * p / 3) * rho + 4 * p / 3 * mixed


def _dep_superoperator(rho, p, wire):
    rho = np.asarray(rho, dtype=complex)
    n = int(round(np.log2(rho.shape[0])))
    kraus = [np.sqrt(1 - p) * np.eye(2), *(np.sqrt(p / 3) * P for P in (_X, _Y, _Z))]
    t = rho.reshape((2,) * (2 * n))
    out = np.zeros_like(t)
    for K in kraus:
        u = np.moveaxis(np.tensordot(K, t, axes=([1], [wire])), 0, wire)
        out += np.moveaxis(np.tensordot(K.conj(), u, axes=([1], [wire + n])), 0, wire + n)
    return out.reshape(rho.shape)


def _depolarize_cases(rng: np.random.Generator) -> list:
    plus = np.full((2, 2), 0.5, dtype=complex)
    bell = np.zeros((4, 4), dtype=complex)
    bell[np.ix_([0, 3], [0, 3])] = 0.5
    return [
        case(plus, 0.3, 0, label="1 qubit |+><+|, p = 0.3"),
        case(_random_density(rng, 2), 0.1, 0, label="2 qubits, mixed state, p = 0.1 on wire 0"),
        case(_random_density(rng, 2), 0.2, 1, label="2 qubits, mixed state, p = 0.2 on wire 1"),
        case(_random_density(rng, 3, 3), 0.05, 2, label="3 qubits, mixed state, p = 0.05 on wire 2"),
        case(bell, 0.75, 0, label="2-qubit Bell state, p = 0.75 on wire 0"),
        case(_random_density(rng, 1), 1.0, 0, label="1 qubit, mixed state, p = 1"),
        case(_random_density(rng, 3), 0.4, 0, label="3 qubits, mixed state, p = 0.4 on wire 0"),
    ]


DEPOLARIZE = Exercise(
    id="practice.noise/depolarize",
    title="The depolarising channel on one wire",
    statement=(
        "Apply the depolarising channel with probability p to one wire of an n-qubit density matrix, in the "
        "convention of qmlcourse.sim.noise.depolarizing and PennyLane's qml.DepolarizingChannel: with "
        "probability p one of the Pauli errors X, Y, Z, each equally likely, hits the wire; otherwise nothing "
        "happens. Wire 0 is the most significant bit."
    ),
    template='''def depolarize(rho, p, wire):
    """Return the density matrix after the depolarising channel acts on one wire.

    rho: complex array of shape (2**n, 2**n), a density matrix of n qubits (n from 1 to 3).
    p: the error probability, a float in [0, 1]: with probability p one of X, Y, Z (each
       equally likely) is applied to the wire, with probability 1 - p nothing is.
    wire: the wire the channel acts on, 0 to n - 1; wire 0 is the most significant bit.
    Returns: a complex array of shape (2**n, 2**n).
    Example: depolarize(np.array([[1, 0], [0, 0]], dtype=complex), 0.75, 0) -> I / 2
             (for the 1-qubit state |0><0|, p = 3/4 gives the maximally mixed state).
    """
    raise NotImplementedError("apply the channel")
''',
    reference=depolarize,
    cases=_depolarize_cases,
    answer=compare.array(atol=1e-10, what="density-matrix entries"),
    mistakes=[
        Mistake(
            _dep_other_convention,
            "you used the other convention, (1 - p) rho + p (I/2 on the wire, the rest unchanged): there p is the "
            "probability of replacing the wire by the maximally mixed state. In the convention asked for (that of "
            "qmlcourse.sim.noise and PennyLane) p is the probability of a Pauli error, each of X, Y, Z with p/3, "
            "which is (1 - 4p/3) rho + (4p/3) (I/2 on the wire): p = 3/4, not 1, gives the maximally mixed wire",
        ),
        Mistake(
            _dep_no_identity,
            "you returned (1 - p) rho only: its trace is 1 - p, not 1. The probability p does not vanish: the "
            "Pauli errors X, Y and Z each happen with probability p/3 and add p/3 P rho P (P on the wire)",
        ),
        Mistake(
            _dep_global,
            "you mixed the whole register towards I / 2^n: the channel acts on one wire only, so the reduced "
            "state of the other wires must not change (on one qubit your answer would be right)",
        ),
        Mistake(
            _dep_no_half,
            "the maximally mixed part has the identity on the wire without the factor 1/2: the maximally mixed "
            "state of one qubit is I/2, so your result has trace 1 + 4p/3 instead of 1",
        ),
        Mistake(
            _dep_reversed,
            "the channel acted on the wrong wire: you counted wires from the least significant bit. Here wire 0 "
            "is the most significant one, the leftmost factor of the Kronecker product (as in PennyLane)",
        ),
        Mistake(
            _dep_squared_weights,
            "you sandwiched rho between Kraus operators that carry the probabilities themselves, (1 - p) I and "
            "(p/3) P: the weights then come out squared and the trace is below 1. Kraus operators carry the "
            "square roots, sqrt(1 - p) I and sqrt(p/3) P, so that K rho K^dagger has weight 1 - p or p/3",
        ),
    ],
    alternatives=[_dep_partial_trace, _dep_superoperator],
    hints=[
        "A channel that applies the unitary U_k with probability q_k maps rho to sum_k q_k U_k rho U_k^dagger. "
        "Here the unitaries are I, X, Y and Z on the wire, with probabilities 1 - p, p/3, p/3, p/3.",
        "A Pauli P on wire q of n is the Kronecker product I_(2^q) (x) P (x) I_(2^(n - q - 1)) (wire 0 is the "
        "leftmost factor). Check your result: the trace stays 1, and p = 3/4 on a 1-qubit |0><0| gives I/2.",
        "out = (1 - p) * rho; for P in (X, Y, Z): U = np.kron(np.kron(np.eye(2**wire), P), "
        "np.eye(2**(n - wire - 1))); out = out + p / 3 * U @ rho @ U.conj().T.",
    ],
    seed=211,
)


# --------------------------------------------------------------------------- readout_correct


def readout_correct(counts, p01, p10):
    """Solve A q = counts / shots, A the Kronecker product of the wires' [[1-p01, p10], [p01, 1-p10]]."""
    counts = np.asarray(counts, dtype=float)
    n = int(round(np.log2(counts.size)))
    p01 = np.broadcast_to(np.asarray(p01, dtype=float), (n,))
    p10 = np.broadcast_to(np.asarray(p10, dtype=float), (n,))
    A = np.ones((1, 1))
    for q in range(n):  # wire 0 first: it is the most significant bit of the index
        A = np.kron(A, np.array([[1 - p01[q], p10[q]], [p01[q], 1 - p10[q]]]))  # entry [measured, true]
    return np.linalg.solve(A, counts / counts.sum())


def _confusion(n, p01, p10, reverse=False, swap=False):
    p01 = np.broadcast_to(np.asarray(p01, dtype=float), (n,))
    p10 = np.broadcast_to(np.asarray(p10, dtype=float), (n,))
    if swap:
        p01, p10 = p10, p01
    A = np.ones((1, 1))
    wires = range(n - 1, -1, -1) if reverse else range(n)
    for q in wires:
        A = np.kron(A, np.array([[1 - p01[q], p10[q]], [p01[q], 1 - p10[q]]]))
    return A


def _freq(counts):
    c = np.asarray(counts, dtype=float)
    return c / c.sum()


def _ro_transposed(counts, p01, p10):
    n = _n_of_counts(counts)
    return np.linalg.solve(_confusion(n, p01, p10).T, _freq(counts))


def _ro_reversed(counts, p01, p10):
    n = _n_of_counts(counts)
    return np.linalg.solve(_confusion(n, p01, p10, reverse=True), _freq(counts))


def _ro_forward(counts, p01, p10):
    n = _n_of_counts(counts)
    return _confusion(n, p01, p10) @ _freq(counts)


def _ro_swapped(counts, p01, p10):
    n = _n_of_counts(counts)
    return np.linalg.solve(_confusion(n, p01, p10, swap=True), _freq(counts))


def _ro_unnormalised(counts, p01, p10):
    n = _n_of_counts(counts)
    return np.linalg.solve(_confusion(n, p01, p10), np.asarray(counts, dtype=float))


def _ro_clipped(counts, p01, p10):
    n = _n_of_counts(counts)
    q = np.clip(np.linalg.solve(_confusion(n, p01, p10), _freq(counts)), 0, None)
    return q / q.sum()


def _n_of_counts(counts) -> int:
    return int(round(np.log2(np.asarray(counts).size)))


def _ro_per_wire(counts, p01, p10):
    """Invert wire by wire: apply each wire's 2 x 2 inverse along its own axis of the (2,)*n tensor."""
    c = np.asarray(counts, dtype=float)
    n = int(round(np.log2(c.size)))
    p01 = np.broadcast_to(np.asarray(p01, dtype=float), (n,))
    p10 = np.broadcast_to(np.asarray(p10, dtype=float), (n,))
    t = (c / c.sum()).reshape((2,) * n)
    for q in range(n):
        inv = np.linalg.inv(np.array([[1 - p01[q], p10[q]], [p01[q], 1 - p10[q]]]))
        t = np.moveaxis(np.tensordot(inv, t, axes=([1], [q])), 0, q)
    return t.reshape(-1)


def _ro_inverse_of_kron(counts, p01, p10):
    c = np.asarray(counts, dtype=float)
    n = int(round(np.log2(c.size)))
    return np.linalg.inv(_confusion(n, p01, p10)) @ c / c.sum()


def _readout_cases(rng: np.random.Generator) -> list:
    ghz = np.array([512, 9, 14, 0, 21, 0, 3, 465])  # a GHZ-like histogram with empty outcomes
    p2 = rng.dirichlet(np.ones(4))
    p3 = rng.dirichlet(np.ones(8))
    return [
        case(np.array([900, 100]), np.array([0.02]), np.array([0.05]), label="1 qubit, 1000 shots"),
        case(np.array([480, 30, 40, 450]), np.array([0.02, 0.05]), np.array([0.08, 0.04]),
             label="2 qubits, Bell-like counts, different error on each wire"),
        case(ghz, np.array([0.01, 0.03, 0.02]), np.array([0.06, 0.04, 0.09]),
             label="3 qubits, GHZ-like counts with empty outcomes"),
        case(rng.multinomial(2000, p2), np.array([0.03, 0.01]), np.array([0.07, 0.12]),
             label="2 qubits, 2000 random shots"),
        case(rng.multinomial(4000, p3), np.array([0.015, 0.04, 0.025]), np.array([0.05, 0.03, 0.1]),
             label="3 qubits, 4000 random shots"),
        case(np.array([0, 50, 950, 0]), np.array([0.05, 0.02]), np.array([0.1, 0.03]),
             label="2 qubits, mostly |10>, zero counts"),
    ]


READOUT_CORRECT = Exercise(
    id="practice.noise/readout_correct",
    title="Readout correction by confusion-matrix inversion",
    statement=(
        "Given the counts of every bit string measured on n wires and each wire's readout error probabilities "
        "p01 = p(read 1 | state 0) and p10 = p(read 0 | state 1) (independent wires), return the corrected "
        "probabilities of the true bit strings obtained by inverting the confusion matrix, without clipping: "
        "the quasi-probabilities, which sum to 1 and may be negative."
    ),
    template='''def readout_correct(counts, p01, p10):
    """Return the readout-corrected quasi-probabilities of the 2**n bit strings.

    counts: integer array of shape (2**n,), the number of times each bit string was read
            (index = the bit string read as a binary number, wire 0 the most significant bit).
    p01, p10: float arrays of shape (n,): p01[q] = p(read 1 | wire q in 0),
              p10[q] = p(read 0 | wire q in 1).
    Returns: a float array of shape (2**n,) that sums to 1: the estimate of the probabilities
             before the readout error, by linear inversion; do NOT clip negative entries.
    Example: readout_correct(np.array([90, 10]), np.array([0.1]), np.array([0.0])) -> [1.0, 0.0]
    """
    raise NotImplementedError("invert the readout error")
''',
    reference=readout_correct,
    cases=_readout_cases,
    answer=compare.array(atol=1e-10, real=True, what="quasi-probabilities"),
    mistakes=[
        Mistake(
            _ro_transposed,
            "your confusion matrix is transposed: its entry [measured, true] must be p(measured | true), so each "
            "COLUMN sums to 1 (column 0 of one wire is [1 - p01, p01]); you solved with its transpose",
        ),
        Mistake(
            _ro_reversed,
            "the wires are in the wrong order: wire 0 is the most significant bit of the index, so its 2 x 2 "
            "matrix is the leftmost factor of the Kronecker product; you put it on the right",
        ),
        Mistake(
            _ro_forward,
            "you multiplied the frequencies by the confusion matrix A: that applies the readout error a second "
            "time. The measured frequencies are A @ true, so the correction solves A q = frequencies (A^-1)",
        ),
        Mistake(
            _ro_swapped,
            "p01 and p10 are swapped: p01 = p(read 1 | true 0) sits in the column of true 0 (entry [1, 0] of a "
            "wire's matrix), p10 = p(read 0 | true 1) in the column of true 1 (entry [0, 1])",
        ),
        Mistake(
            _ro_unnormalised,
            "you inverted the counts themselves: divide by the number of shots first, so that the result sums "
            "to 1 (the inversion keeps the total, so yours sums to the number of shots)",
        ),
        Mistake(
            _ro_clipped,
            "you clipped the negative entries and renormalised: that is a common fix (qmlcourse.mitigation."
            "correct_readout does it), but it biases the estimate, and this task asks for the linear inversion "
            "itself, whose entries may be negative",
        ),
    ],
    alternatives=[_ro_per_wire, _ro_inverse_of_kron],
    hints=[
        "Readout error is a linear map on probability vectors: measured = A @ true, with A[measured, true] = "
        "p(read measured | state true). For independent wires A is the Kronecker product of the wires' 2 x 2 "
        "matrices. The correction undoes that map.",
        "One wire's matrix is [[1 - p01, p10], [p01, 1 - p10]] (columns: true 0, true 1). Wire 0 is the most "
        "significant bit, so it is the LEFT factor: A = kron(A_0, kron(A_1, ...)). Normalise the counts first.",
        "A = np.ones((1, 1)); for q in range(n): A = np.kron(A, np.array([[1 - p01[q], p10[q]], "
        "[p01[q], 1 - p10[q]]])); return np.linalg.solve(A, counts / counts.sum()).",
    ],
    seed=212,
)
