"""Exercises of lesson ``qc.measurement`` (notebooks/08_observables_and_expectation.ipynb).

Two exercises on observables: the exact expectation value of a Pauli string in a state
vector (wire 0 is the leftmost letter and the most significant bit), and the estimate of a
two-qubit correlation <Z_a Z_b> from measurement counts.
"""

from __future__ import annotations

import numpy as np

from qmlcourse.exercises import Exercise, Mistake, case, compare

# --------------------------------------------------------------------------- helpers

_PAULI = {
    "I": np.eye(2, dtype=complex),
    "X": np.array([[0, 1], [1, 0]], dtype=complex),
    "Y": np.array([[0, -1j], [1j, 0]], dtype=complex),
    "Z": np.array([[1, 0], [0, -1]], dtype=complex),
}


def _random_state(rng: np.random.Generator, n_qubits: int) -> np.ndarray:
    v = rng.normal(size=2**n_qubits) + 1j * rng.normal(size=2**n_qubits)
    return v / np.linalg.norm(v)


def _string_matrix(pauli: str, table=None) -> np.ndarray:
    table = table or _PAULI
    m = np.array([[1.0 + 0j]])
    for letter in pauli:
        m = np.kron(m, table[letter])
    return m


def _expval_with(psi, matrix) -> float:
    return float(np.real(np.vdot(psi, matrix @ psi)))


# --------------------------------------------------------------------------- pauli_string_expval


def pauli_string_expval(state: np.ndarray, pauli: str) -> float:
    """<psi| P |psi> for a Pauli string P such as "ZXI" (letter k acts on wire k)."""
    mats = {
        "I": np.array([[1, 0], [0, 1]], dtype=complex),
        "X": np.array([[0, 1], [1, 0]], dtype=complex),
        "Y": np.array([[0, -1j], [1j, 0]], dtype=complex),
        "Z": np.array([[1, 0], [0, -1]], dtype=complex),
    }
    op = np.array([[1.0 + 0j]])
    for letter in pauli:  # wire 0 first: it is the leftmost factor of the Kronecker product
        op = np.kron(op, mats[letter])
    psi = np.asarray(state, dtype=complex)
    return float(np.real(np.vdot(psi, op @ psi)))


def _pauli_cases(rng: np.random.Generator) -> list:
    bell = np.array([1, 0, 0, 1], dtype=complex) / np.sqrt(2)
    return [
        case(np.array([1, 1j], dtype=complex) / np.sqrt(2), "Y", label="1 qubit, the state (|0> + i|1>)/sqrt(2), 'Y'"),
        case(bell, "ZZ", label="the Bell state, 'ZZ'"),
        case(_random_state(rng, 2), "ZI", label="2 qubits, 'ZI'"),
        case(_random_state(rng, 2), "XY", label="2 qubits, 'XY'"),
        case(_random_state(rng, 3), "IZX", label="3 qubits, 'IZX'"),
        case(_random_state(rng, 3), "YIZ", label="3 qubits, 'YIZ'"),
        case(_random_state(rng, 3), "XXI", label="3 qubits, 'XXI'"),
    ]


def _pauli_reversed(state, pauli):
    return _expval_with(state, _string_matrix(pauli[::-1]))


def _pauli_identity_as_z(state, pauli):
    return _expval_with(state, _string_matrix(pauli.replace("I", "Z")))


def _pauli_wrong_y(state, pauli):
    table = dict(_PAULI, Y=_PAULI["Y"].conj())
    return _expval_with(state, _string_matrix(pauli, table))


def _pauli_all_as_z(state, pauli):
    return _expval_with(state, _string_matrix(pauli.replace("X", "Z").replace("Y", "Z")))


def _pauli_no_conjugate(state, pauli):
    psi = np.asarray(state, dtype=complex)
    return complex(psi @ (_string_matrix(pauli) @ psi))


def _pauli_by_tensor_contraction(state, pauli):
    n = len(pauli)
    psi = np.asarray(state, dtype=complex).reshape((2,) * n)
    phi = psi
    for wire, letter in enumerate(pauli):
        phi = np.moveaxis(np.tensordot(_PAULI[letter], phi, axes=([1], [wire])), 0, wire)
    return float(np.real(np.vdot(psi, phi)))


PAULI_STRING_EXPVAL = Exercise(
    id="qc.measurement/pauli_string_expval",
    title="Expectation value of a Pauli string",
    statement="Return <psi|P|psi> for a Pauli string P given as letters, wire 0 first.",
    template='''def pauli_string_expval(state, pauli):
    """Return the expectation value <psi| P |psi> of a Pauli string.

    state: complex array of shape (2**n,), a normalised state of n qubits
           (amplitudes of |q0 q1 ... q(n-1)>, wire 0 is the most significant bit).
    pauli: a string of n letters from "IXYZ"; letter k acts on wire k, so "ZI" is
           Z on wire 0 and the identity on wire 1 (the matrix kron(Z, I)).
    Returns: a real number (a float) between -1 and 1.
    Example: pauli_string_expval(np.array([0, 1, 0, 0]), "ZI") -> 1.0    # |01>
             pauli_string_expval(np.array([0, 1, 0, 0]), "IZ") -> -1.0
    """
    raise NotImplementedError("build the Pauli-string matrix and compute <psi|P|psi>")
''',
    reference=pauli_string_expval,
    cases=_pauli_cases,
    answer=compare.scalar(atol=1e-10, real=True, what="expectation value"),
    mistakes=[
        Mistake(
            _pauli_reversed,
            "looks like the qubit order is reversed: letter k acts on wire k and wire 0 is the "
            "leftmost factor of the Kronecker product, so 'ZI' is np.kron(Z, I), not np.kron(I, Z)",
        ),
        Mistake(
            _pauli_identity_as_z,
            "you treated the letter I as Z: I is the 2 x 2 identity, it leaves its wire alone",
        ),
        Mistake(
            _pauli_wrong_y,
            "your Y matrix has the wrong sign: Y = [[0, -i], [i, 0]]",
        ),
        Mistake(
            _pauli_all_as_z,
            "you used Z for the X and Y letters too (as if every Pauli were measured in the "
            "computational basis); build each letter's own matrix",
        ),
        Mistake(
            _pauli_no_conjugate,
            "the bra is not conjugated: <psi| is the conjugate transpose of |psi>, use "
            "np.vdot(psi, P @ psi) or psi.conj() @ P @ psi",
        ),
    ],
    alternatives=[_pauli_by_tensor_contraction],
    hints=[
        "A Pauli string is the Kronecker product of one 2 x 2 Pauli matrix per wire, wire 0 leftmost.",
        "Start from the 1 x 1 matrix [[1]] and, letter by letter from the left, set "
        "op = np.kron(op, PAULI[letter]); then the expectation is <psi|op|psi>.",
        "float(np.real(np.vdot(state, op @ state))); np.vdot conjugates its first argument.",
    ],
    seed=81,
)


# --------------------------------------------------------------------------- zz_correlation_from_counts


def zz_correlation_from_counts(counts: dict, wire_a: int, wire_b: int) -> float:
    """Estimate <Z_a Z_b> from counts {"bits": number of shots} (wire 0 = leftmost bit)."""
    shots = 0
    total = 0
    for bits, n in counts.items():
        sign = 1 if bits[wire_a] == bits[wire_b] else -1  # z = +1 for bit 0, -1 for bit 1
        total += sign * n
        shots += n
    return total / shots


def _counts_of(rng: np.random.Generator, probs: np.ndarray, shots: int) -> dict:
    n = int(np.log2(len(probs)))
    drawn = rng.multinomial(shots, probs / probs.sum())
    return {format(i, f"0{n}b"): int(c) for i, c in enumerate(drawn) if c > 0}


def _zz_cases(rng: np.random.Generator) -> list:
    return [
        case({"00": 3, "01": 1, "10": 2, "11": 6}, 0, 1, label="2 qubits, 12 shots"),
        case(_counts_of(rng, np.abs(_random_state(rng, 2)) ** 2, 500), 0, 1, label="2 qubits, 500 shots"),
        case(_counts_of(rng, np.array([0.05, 0.4, 0.5, 0.05]), 200), 0, 1,
             label="an anti-correlated pair, 200 shots"),
        case(_counts_of(rng, np.abs(_random_state(rng, 3)) ** 2, 300), 0, 2, label="3 qubits, wires 0 and 2"),
        case(_counts_of(rng, np.array([0.3, 0.0, 0.05, 0.15, 0.1, 0.2, 0.0, 0.2]), 400), 0, 1,
             label="3 qubits, wires 0 and 1"),
    ]


def _zz_counts_array(counts):
    keys = list(counts)
    bits = np.array([[int(b) for b in k] for k in keys])
    n = np.array([counts[k] for k in keys], dtype=float)
    return bits, n


def _zz_sign_swapped(counts, wire_a, wire_b):
    return -zz_correlation_from_counts(counts, wire_a, wire_b)


def _zz_not_divided(counts, wire_a, wire_b):
    return float(sum((1 if k[wire_a] == k[wire_b] else -1) * n for k, n in counts.items()))


def _zz_divided_by_outcomes(counts, wire_a, wire_b):
    return _zz_not_divided(counts, wire_a, wire_b) / len(counts)


def _zz_bits_from_right(counts, wire_a, wire_b):
    width = len(next(iter(counts)))
    return zz_correlation_from_counts(counts, width - 1 - wire_a, width - 1 - wire_b)


def _zz_product_of_means(counts, wire_a, wire_b):
    bits, n = _zz_counts_array(counts)
    z = 1 - 2 * bits
    shots = n.sum()
    return float((n @ z[:, wire_a]) / shots * (n @ z[:, wire_b]) / shots)


def _zz_vectorised(counts, wire_a, wire_b):
    bits, n = _zz_counts_array(counts)
    z = 1 - 2 * bits  # bit 0 -> +1, bit 1 -> -1
    return float(np.sum(n * z[:, wire_a] * z[:, wire_b]) / np.sum(n))


def _zz_parity(counts, wire_a, wire_b):
    shots = sum(counts.values())
    return sum((-1) ** (int(k[wire_a]) ^ int(k[wire_b])) * v for k, v in counts.items()) / shots


ZZ_CORRELATION_FROM_COUNTS = Exercise(
    id="qc.measurement/zz_correlation_from_counts",
    title="A ZZ correlation from counts",
    statement="Estimate <Z_a Z_b> from a dictionary of measurement counts.",
    template='''def zz_correlation_from_counts(counts, wire_a, wire_b):
    """Estimate the correlation <Z_a Z_b> from measurement counts.

    counts: dict mapping bit strings to numbers of shots, e.g. {"00": 48, "11": 52};
            character k of a key is the result of wire k (wire 0 is the leftmost bit).
    wire_a, wire_b: the two wires (distinct integers).
    Each shot contributes z_a * z_b, where a measured bit 0 means z = +1 and bit 1
    means z = -1. Return the average over all shots, a float in [-1, 1].
    Example: zz_correlation_from_counts({"00": 3, "01": 1}, 0, 1) -> 0.5
    """
    raise NotImplementedError("average z_a * z_b over all shots")
''',
    reference=zz_correlation_from_counts,
    cases=_zz_cases,
    answer=compare.scalar(atol=1e-10, real=True, what="correlation"),
    mistakes=[
        Mistake(
            _zz_sign_swapped,
            "the parity sign is swapped: equal bits (00 or 11) give z_a * z_b = +1, different bits "
            "(01 or 10) give -1",
        ),
        Mistake(
            _zz_not_divided,
            "you returned a sum over shots: divide by the total number of shots to get an average",
        ),
        Mistake(
            _zz_divided_by_outcomes,
            "you divided by the number of different bit strings (len(counts)); divide by the total "
            "number of shots, sum(counts.values())",
        ),
        Mistake(
            _zz_bits_from_right,
            "you read the bits from the right: character k of a key is wire k, and wire 0 is the "
            "leftmost character",
        ),
        Mistake(
            _zz_product_of_means,
            "you multiplied the two averages <Z_a> <Z_b>; a correlation averages the product "
            "z_a * z_b shot by shot (the two differ exactly when the results are correlated)",
        ),
    ],
    alternatives=[_zz_vectorised, _zz_parity],
    hints=[
        "For one shot, z_a * z_b is +1 when the two bits are equal and -1 when they differ.",
        "Loop over counts.items(): add +n or -n depending on key[wire_a] == key[wire_b], and add n "
        "to the number of shots.",
        "Return (number of shots with equal bits - number with different bits) / total number of shots.",
    ],
    seed=82,
)
