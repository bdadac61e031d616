"""Exercises and concept checks of lesson ``qc.measurement`` (notebooks/08_observables_and_expectation.ipynb).

Five exercises on observables:

* ``pauli_string_expval``: the exact expectation value of a Pauli string in a state vector
  (wire 0 is the leftmost letter and the most significant bit);
* ``zz_correlation_from_counts``: the estimate of a correlation <Z_a Z_b> from counts;
* ``estimate_pauli_from_counts`` (a decision): choose the gates that rotate the X or Y basis
  onto the Z basis, measure, and turn the counts into an estimate;
* ``pauli_sum_expval``: the expectation value of a weighted sum of Pauli strings (a
  Hamiltonian), by linearity;
* ``chsh_angles`` (a design): choose measurement settings that win the CHSH game with the
  Bell state, graded by the CHSH value they reach.

Four concept checks: what C_ZZ = 0 tells, whether C_ZZ = 1 proves entanglement, which Pauli
words can share shots, and the classical CHSH bound.
"""

from __future__ import annotations

import numpy as np

from qmlcourse.exercises import Concept, Exercise, Mistake, Option, case, compare

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
        case(_random_state(rng, 2), "IY", label="2 qubits, 'IY'"),
        case(_random_state(rng, 3), "IZX", label="3 qubits, 'IZX'"),
        case(_random_state(rng, 3), "YIZ", label="3 qubits, 'YIZ'"),
        case(_random_state(rng, 3), "XXI", label="3 qubits, 'XXI'"),
        case(_random_state(rng, 3), "ZYX", label="3 qubits, 'ZYX'"),
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
           Z on wire 0 and nothing (the identity) on wire 1.
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
        "A Pauli string is the Kronecker product of one 2 x 2 Pauli matrix per wire, wire 0 leftmost: "
        "'ZI' is the matrix np.kron(Z, I).",
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


def _skewed_probs(rng: np.random.Generator, n_qubits: int) -> np.ndarray:
    """A random distribution far from uniform (so every wire pair has its own correlation)."""
    p = rng.dirichlet(np.full(2**n_qubits, 0.7))
    return 0.9 * p + 0.1 / 2**n_qubits


def _zz_cases(rng: np.random.Generator) -> list:
    return [
        case({"00": 3, "01": 1, "10": 2, "11": 6}, 0, 1, label="2 qubits, 12 shots"),
        case(_counts_of(rng, _skewed_probs(rng, 2), 500), 0, 1, label="2 qubits, 500 shots"),
        case(_counts_of(rng, np.array([0.05, 0.4, 0.5, 0.05]), 200), 0, 1, label="an anti-correlated pair, 200 shots"),
        case(_counts_of(rng, _skewed_probs(rng, 3), 300), 0, 2, label="3 qubits, wires 0 and 2"),
        case(_counts_of(rng, np.array([0.3, 0.0, 0.05, 0.15, 0.1, 0.2, 0.0, 0.2]), 400), 0, 1,
             label="3 qubits, wires 0 and 1"),
        case(_counts_of(rng, _skewed_probs(rng, 3), 600), 1, 2, label="3 qubits, wires 1 and 2"),
        case(_counts_of(rng, _skewed_probs(rng, 4), 800), 0, 2, label="4 qubits, wires 0 and 2"),
        case(_counts_of(rng, _skewed_probs(rng, 4), 800), 3, 1, label="4 qubits, wires 3 and 1"),
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
    Returns: the estimate of <Z_a Z_b>, a float in [-1, 1].
    Example: zz_correlation_from_counts({"00": 3, "01": 1}, 0, 1) -> 0.5
    """
    raise NotImplementedError("estimate <Z_a Z_b> from the counts")
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
            "you read the bits from the right (as Qiskit labels them): character k of a key is wire k, "
            "and wire 0 is the leftmost character",
        ),
        Mistake(
            _zz_product_of_means,
            "you multiplied the two averages <Z_a> <Z_b>; a correlation averages the product "
            "z_a * z_b shot by shot (the two differ exactly when the results are correlated)",
        ),
    ],
    alternatives=[_zz_vectorised, _zz_parity],
    hints=[
        "Each shot gives z = +1 for a measured bit 0 and z = -1 for a bit 1, on each wire; the "
        "estimate is the average of z_a * z_b over all shots.",
        "For one shot, z_a * z_b is +1 when the two bits are equal and -1 when they differ. Loop over "
        "counts.items(): add +n or -n depending on key[wire_a] == key[wire_b], and add n to the number "
        "of shots.",
        "Return (number of shots with equal bits - number with different bits) / total number of shots.",
    ],
    seed=82,
)


# --------------------------------------------------------------------------- estimate_pauli_from_counts

_GATES = {
    "H": np.array([[1, 1], [1, -1]], dtype=complex) / np.sqrt(2),
    "S": np.diag([1, 1j]),
    "Sdg": np.diag([1, -1j]),
    "X": _PAULI["X"],
    "Y": _PAULI["Y"],
    "Z": _PAULI["Z"],
}


class ZMeasurement:
    """A hidden one-qubit state that can only be measured in the Z basis, after gates you choose.

    ``measure(gates)`` applies the gates in list order (the first one first) to a fresh copy of
    the hidden state, measures every shot in the computational basis and returns the counts
    ``{"0": n0, "1": n1}``. The gate names are "H", "S", "Sdg" (S dagger), "X", "Y", "Z";
    ``[]`` measures the state as it is. The same gates always give the same counts.

    >>> m = ZMeasurement(np.array([1, 0]), shots=10, seed=0)
    >>> m([])
    {'0': 10, '1': 0}
    >>> m(["X"])
    {'0': 0, '1': 10}
    """

    def __init__(self, state, shots: int = 20000, seed: int = 0):
        self._state = np.asarray(state, dtype=complex)
        self.shots = int(shots)
        self._seed = int(seed)

    def __call__(self, gates) -> dict:
        if isinstance(gates, str):
            gates = [gates]
        try:
            names = list(gates)
        except TypeError:
            raise TypeError(f"measure() takes a list of gate names such as ['H']; got {gates!r}") from None
        psi = self._state
        for name in names:
            if name not in _GATES:
                raise ValueError(f"unknown gate {name!r}: measure() knows {', '.join(_GATES)}")
            psi = _GATES[name] @ psi
        p1 = float(np.clip(abs(psi[1]) ** 2, 0.0, 1.0))
        n1 = int(np.random.default_rng(self._seed).binomial(self.shots, p1))
        return {"0": self.shots - n1, "1": n1}

    def __repr__(self) -> str:
        return f"<Z-basis measurement of a hidden qubit, {self.shots} shots>"


def estimate_pauli_from_counts(letter: str, measure) -> float:
    """Estimate <X>, <Y> or <Z> of a hidden qubit from Z-basis counts after a basis change."""
    gates = {"X": ["H"], "Y": ["Sdg", "H"], "Z": []}[letter]  # rotate the eigenbasis of X or Y onto Z
    # (measure applies the list from the left: for Y first S dagger, then H)
    counts = measure(gates)
    shots = counts["0"] + counts["1"]
    return (counts["0"] - counts["1"]) / shots  # bit 0 is the eigenvalue +1


def _bloch_for_cases(rng: np.random.Generator) -> np.ndarray:
    """A random Bloch vector (x, y, z) that keeps every named mistake at least 0.25 away.

    Components differ pairwise by more than 0.25 (a wrong basis is seen), are more than 0.25
    from 0 (a swapped sign is seen) and below 0.7 (a probability (1 + v) / 2 is seen). About
    7 % of random directions qualify.
    """
    while True:
        v = rng.normal(size=3)
        v /= np.linalg.norm(v)
        pairs = [abs(v[i] - v[j]) for i in range(3) for j in range(i + 1, 3)]
        if np.abs(v).min() > 0.25 and v.max() < 0.7 and min(pairs) > 0.25:
            return v


def _state_of_bloch(v: np.ndarray) -> np.ndarray:
    theta, phi = np.arccos(v[2]), np.arctan2(v[1], v[0])
    return np.array([np.cos(theta / 2), np.exp(1j * phi) * np.sin(theta / 2)])


def _basis_cases(rng: np.random.Generator) -> list:
    out = []
    for k, letter in enumerate(["X", "Y", "X", "Y", "Z", "X", "Y"]):
        m = ZMeasurement(_state_of_bloch(_bloch_for_cases(rng)), shots=20000, seed=int(rng.integers(2**31)))
        out.append(case(letter, m, label=f"<{letter}> of hidden state {k + 1}"))
    return out


def _with_gates(table, sign=1.0):
    def est(letter, measure):
        c = measure(table[letter])
        return sign * (c["0"] - c["1"]) / (c["0"] + c["1"])
    return est


_basis_no_change = _with_gates({"X": [], "Y": [], "Z": []})
_basis_sign_swapped = _with_gates({"X": ["H"], "Y": ["Sdg", "H"], "Z": []}, sign=-1.0)
_basis_y_with_s = _with_gates({"X": ["H"], "Y": ["S", "H"], "Z": []})
_basis_y_measures_x = _with_gates({"X": ["H"], "Y": ["H", "Sdg"], "Z": []})


def _basis_fraction_of_zeros(letter, measure):
    c = measure({"X": ["H"], "Y": ["Sdg", "H"], "Z": []}[letter])
    return c["0"] / (c["0"] + c["1"])


_basis_flip_then_negate = _with_gates({"X": ["H", "X"], "Y": ["S", "H"], "Z": ["X"]}, sign=-1.0)


def _basis_with_probabilities(letter, measure):
    gates = ["Sdg", "H"] if letter == "Y" else (["H"] if letter == "X" else [])
    c = measure(gates)
    p0 = c["0"] / sum(c.values())
    return 2 * p0 - 1


ESTIMATE_PAULI_FROM_COUNTS = Exercise(
    id="qc.measurement/estimate_pauli_from_counts",
    title="Measure X or Y with a Z-basis device",
    statement=(
        "A device measures only in the Z basis. Choose the gates to apply before measuring so that "
        "the counts estimate <X>, <Y> or <Z> of a hidden qubit, and turn the counts into the estimate."
    ),
    template='''def estimate_pauli_from_counts(letter, measure):
    """Estimate <X>, <Y> or <Z> of a hidden qubit that can only be measured in the Z basis.

    letter:  "X", "Y" or "Z", the observable to estimate.
    measure: a function; measure(gates) applies the listed gates to the hidden qubit, in
             list order (the first one first), measures every shot in the Z basis and
             returns counts {"0": n0, "1": n1}. Gate names: "H", "S", "Sdg" (S dagger),
             "X", "Y", "Z"; measure([]) measures the qubit as it is.
    Returns: the estimate of <letter>, a float in [-1, 1].
    Example: for the hidden state |+>, estimate_pauli_from_counts("X", measure) is 1.0
             and estimate_pauli_from_counts("Z", measure) is close to 0.
    """
    raise NotImplementedError("choose the gates for each letter, measure, and estimate")
''',
    reference=estimate_pauli_from_counts,
    cases=_basis_cases,
    # 20 000 shots: one estimate has a standard error of at most 0.0071, and two correct
    # estimates from different gate choices differ by at most about 0.01 (one sigma); 0.06 is
    # six sigma, while every named mistake is at least 0.25 away (see _bloch_for_cases).
    answer=compare.scalar(atol=0.06, rtol=0.0, real=True, what="estimate"),
    mistakes=[
        Mistake(
            _basis_no_change,
            "you measured without a basis change: plain Z-basis counts estimate <Z>, whatever the letter; "
            "rotate the X (or Y) eigenbasis onto the Z basis first",
        ),
        Mistake(
            _basis_sign_swapped,
            "the sign is swapped: after the basis change a measured 0 is the eigenvalue +1 and a 1 is -1, "
            "so the estimate is (n0 - n1) / shots",
        ),
        Mistake(
            _basis_fraction_of_zeros,
            "you returned the fraction of 0 outcomes, a probability in [0, 1]; the expectation value is "
            "P(0) - P(1) = (n0 - n1) / shots",
        ),
        Mistake(
            _basis_y_with_s,
            "for Y you applied S before H, which measures -Y (S H maps the Y eigenstates to the wrong "
            "Z eigenstates); apply S dagger ('Sdg') first, then H",
        ),
        Mistake(
            _basis_y_measures_x,
            "for Y your gates measure X instead (H alone, or H before S dagger, leaves the Z basis "
            "pointing at the X eigenstates); apply 'Sdg' first, then 'H'",
        ),
    ],
    alternatives=[_basis_flip_then_negate, _basis_with_probabilities],
    hints=[
        "Measuring observable P with a Z-basis device: apply a unitary U with U P U^dagger = Z, then "
        "measure. A Z-basis outcome 0 after U means the eigenvalue +1 of P, an outcome 1 means -1.",
        "For X: H X H = Z, so U = H. For Y: first S dagger, which turns Y into X (S^dagger Y S = X), "
        "then H; measure(gates) applies the list from the left, so gates = ['Sdg', 'H']. For Z: no gate.",
        "counts = measure(gates); return (counts['0'] - counts['1']) / (counts['0'] + counts['1']).",
    ],
    seed=83,
)


# --------------------------------------------------------------------------- pauli_sum_expval


def pauli_sum_expval(state: np.ndarray, coeffs, words) -> float:
    """<psi| H |psi> for H = sum_i coeffs[i] * words[i] (Pauli strings, letter k on wire k)."""
    mats = {
        "I": np.array([[1, 0], [0, 1]], dtype=complex),
        "X": np.array([[0, 1], [1, 0]], dtype=complex),
        "Y": np.array([[0, -1j], [1j, 0]], dtype=complex),
        "Z": np.array([[1, 0], [0, -1]], dtype=complex),
    }
    psi = np.asarray(state, dtype=complex)
    total = 0.0
    for c, word in zip(coeffs, words, strict=False):  # linearity: <sum c_i P_i> = sum c_i <P_i>
        op = np.array([[1.0 + 0j]])
        for letter in word:
            op = np.kron(op, mats[letter])
        total += c * float(np.real(np.vdot(psi, op @ psi)))
    return float(total)


def _random_word(rng: np.random.Generator, n: int) -> str:
    while True:
        word = "".join(rng.choice(list("IXYZ"), size=n))
        if word != word[::-1] and set(word) != {"I"}:
            return word


def _sum_cases(rng: np.random.Generator) -> list:
    out = []
    for _k, n in enumerate([2, 2, 3, 3, 3, 2]):
        words = []
        while len(words) < 3:
            w = _random_word(rng, n)
            if w not in words:
                words.append(w)
        signs = rng.choice([-1.0, 1.0], size=3)
        coeffs = [float(round(s * rng.uniform(0.3, 2.0), 3)) for s in signs]
        out.append(case(_random_state(rng, n), coeffs, words, label=f"{n} qubits, H = " + " + ".join(
            f"{c:g} {w}" for c, w in zip(coeffs, words, strict=False))))
    return out


def _sum_no_coeffs(state, coeffs, words):
    return sum(pauli_string_expval(state, w) for w in words)


def _sum_reversed(state, coeffs, words):
    return sum(c * pauli_string_expval(state, w[::-1]) for c, w in zip(coeffs, words, strict=False))


def _sum_averaged(state, coeffs, words):
    return pauli_sum_expval(state, coeffs, words) / len(words)


def _sum_first_coefficient_only(state, coeffs, words):
    return coeffs[0] * sum(pauli_string_expval(state, w) for w in words)


def _sum_dense_matrix(state, coeffs, words):
    n = len(words[0])
    h = np.zeros((2**n, 2**n), dtype=complex)
    for c, w in zip(coeffs, words, strict=False):
        h += c * _string_matrix(w)
    psi = np.asarray(state, dtype=complex)
    return float(np.real(np.vdot(psi, h @ psi)))


PAULI_SUM_EXPVAL = Exercise(
    id="qc.measurement/pauli_sum_expval",
    title="The expectation value of a Pauli sum",
    statement="Return <psi|H|psi> for a Hamiltonian H given as coefficients and Pauli strings.",
    template='''def pauli_sum_expval(state, coeffs, words):
    """Return <psi| H |psi> for the Hamiltonian H = coeffs[0] * words[0] + coeffs[1] * words[1] + ...

    state:  complex array of shape (2**n,), a normalised state of n qubits (wire 0 is the
            most significant bit).
    coeffs: a list of real numbers, one per term.
    words:  a list of Pauli strings of n letters from "IXYZ", letter k on wire k
            (the same convention as pauli_string_expval). Write the function self-contained:
            it is checked on its own.
    Returns: a real number (a float).
    Example: pauli_sum_expval(np.array([0, 1, 0, 0]), [0.5, 2.0], ["ZI", "IZ"]) -> -1.5   # |01>
    """
    raise NotImplementedError("compute the expectation value of the Pauli sum")
''',
    reference=pauli_sum_expval,
    cases=_sum_cases,
    answer=compare.scalar(atol=1e-9, real=True, what="expectation value of H"),
    mistakes=[
        Mistake(
            _sum_no_coeffs,
            "you added the expectation values of the Pauli strings without their coefficients: each "
            "term counts with its weight, <H> = sum_i c_i <P_i>",
        ),
        Mistake(
            _sum_reversed,
            "looks like the qubit order of the Pauli strings is reversed: letter k acts on wire k, and "
            "wire 0 is the leftmost factor of the Kronecker product",
        ),
        Mistake(
            _sum_averaged,
            "you divided by the number of terms: <H> is the weighted sum of the terms' expectation "
            "values, not their average",
        ),
        Mistake(
            _sum_first_coefficient_only,
            "you used the first coefficient for every term: pair coeffs[i] with words[i] (zip them)",
        ),
    ],
    alternatives=[_sum_dense_matrix],
    hints=[
        "The expectation value is linear: <c1 P1 + c2 P2> = c1 <P1> + c2 <P2>.",
        "For each pair (c, word) in zip(coeffs, words), build the word's matrix with np.kron (wire 0 "
        "leftmost) and add c * <psi|P|psi> to a running total.",
        "total += c * float(np.real(np.vdot(state, op @ state))) for each term; or build the whole "
        "matrix H = sum_i c_i P_i first and return <psi|H|psi>.",
    ],
    seed=84,
)


# --------------------------------------------------------------------------- chsh_angles

_SQRT2 = float(np.sqrt(2.0))


def chsh_value(angles) -> float:
    """The CHSH value S of settings (a0, a1, b0, b1) on the Bell state (|00> + |11>)/sqrt(2).

    Each setting t measures cos(t) Z + sin(t) X on its qubit, and
    S = E(a0, b0) + E(a0, b1) + E(a1, b0) - E(a1, b1) with E(a, b) = <A(a) (x) B(b)>.

    >>> round(chsh_value([0, np.pi / 2, np.pi / 4, -np.pi / 4]), 6)
    2.828427
    >>> chsh_value([0, 0, 0, 0])
    2.0
    """
    a0, a1, b0, b1 = (float(t) for t in np.asarray(angles, dtype=float).reshape(4))
    bell = np.array([1, 0, 0, 1], dtype=complex) / np.sqrt(2)

    def obs(t):
        return np.cos(t) * _PAULI["Z"] + np.sin(t) * _PAULI["X"]

    def corr(a, b):
        return float(np.real(np.vdot(bell, np.kron(obs(a), obs(b)) @ bell)))

    s = corr(a0, b0) + corr(a0, b1) + corr(a1, b0) - corr(a1, b1)
    return float(np.round(s, 12)) + 0.0


def _chsh_equivalence(r: np.ndarray, e: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Compare settings by what counts: the CHSH value reached, and that a0 is the one given."""

    def key(a):
        a = np.real(np.asarray(a, dtype=complex)).reshape(4)
        return np.array([chsh_value(a), np.cos(a[0]), np.sin(a[0])])

    return key(r), key(e)


def _chsh_validity(value: np.ndarray) -> str | None:
    s = chsh_value(np.real(value))
    if s >= 2 * _SQRT2 - 1e-3:
        return None
    if s > 2 + 1e-9:
        return (f"your settings reach S = {s:.4f}: above the classical bound 2, but not the largest "
                f"value the Bell state allows, 2 sqrt(2) = {2 * _SQRT2:.4f}")
    if s < -2 - 1e-9:
        return (f"your settings reach S = {s:.4f}: |S| beats 2, but the game is won by a large positive "
                "S; turning both of Bob's settings by pi flips the sign of every correlation, and of S")
    return (f"your settings reach S = {s:.4f}: no more than a classical strategy can reach (at most 2); "
            f"the Bell state allows 2 sqrt(2) = {2 * _SQRT2:.4f}")


def chsh_angles(a0: float) -> np.ndarray:
    """Settings (a0, a1, b0, b1) that reach S = 2 sqrt(2) on the Bell state, Alice's first one fixed."""
    return np.array([a0, a0 + np.pi / 2, a0 + np.pi / 4, a0 - np.pi / 4])


def _chsh_cases(rng: np.random.Generator) -> list:
    out = []
    for _ in range(4):
        a0 = float(rng.uniform(0.4, 2.8) * rng.choice([-1, 1]))
        out.append(case(round(a0, 4), label=f"a0 = {a0:.4f}"))
    return out


def _chsh_classical(a0):
    return np.array([a0, a0, a0, a0])


def _chsh_ignores_a0(a0):
    return np.array([0.0, np.pi / 2, np.pi / 4, -np.pi / 4])


def _chsh_bob_swapped(a0):
    return np.array([a0, a0 + np.pi / 2, a0 - np.pi / 4, a0 + np.pi / 4])


def _chsh_half_angles(a0):
    return np.array([a0, a0 + np.pi / 4, a0 + np.pi / 8, a0 - np.pi / 8])


def _chsh_mirrored(a0):
    return np.array([a0, a0 - np.pi / 2, a0 - np.pi / 4, a0 + np.pi / 4])


def _chsh_grid_search(a0):
    grid = a0 + np.arange(-8, 9) * np.pi / 8  # settings relative to a0 in steps of pi/8
    a1, b0, b1 = np.meshgrid(grid, grid, grid, indexing="ij")
    # On this Bell state E(a, b) = cos(a - b) (computed in the lesson); maximise S over the grid.
    s = np.cos(a0 - b0) + np.cos(a0 - b1) + np.cos(a1 - b0) - np.cos(a1 - b1)
    i = np.unravel_index(int(np.argmax(s)), s.shape)
    return np.array([a0, a1[i], b0[i], b1[i]])


CHSH_ANGLES = Exercise(
    id="qc.measurement/chsh_angles",
    title="Win the CHSH game",
    statement=(
        "Alice and Bob share the Bell state (|00> + |11>)/sqrt(2). Alice's first setting is fixed at a0; "
        "choose her second setting and Bob's two so that the CHSH value S reaches 2 sqrt(2)."
    ),
    template='''def chsh_angles(a0):
    """Choose CHSH settings that win with the Bell state (|00> + |11>)/sqrt(2).

    A setting is an angle t: that party measures the observable cos(t) Z + sin(t) X on
    their qubit (a direction in the x-z plane of the Bloch sphere, t = 0 is Z, t = pi/2 is X).
    Alice (wire 0) has settings a0, a1, Bob (wire 1) has b0, b1, and the CHSH value is
    S = E(a0, b0) + E(a0, b1) + E(a1, b0) - E(a1, b1), E the correlation of the two results.
    a0: Alice's first setting, fixed by her apparatus (radians).
    Returns: an array [a0, a1, b0, b1] (radians, a0 as given) whose S is 2 sqrt(2) (to 1e-3);
             qmlcourse.exercises.qc_measurement.chsh_value(angles) computes S for you.
    Example: chsh_angles(0.0) gives settings with chsh_value(...) = 2.828...
    """
    raise NotImplementedError("choose a1, b0, b1")
''',
    reference=chsh_angles,
    cases=_chsh_cases,
    answer=compare.array(atol=1e-3, rtol=0.0, real=True, validity=[_chsh_validity], equivalence=[_chsh_equivalence],
                         what="(CHSH value S, cos a0, sin a0)"),
    mistakes=[
        Mistake(
            _chsh_classical,
            "all four settings are equal: the two results always agree and S = 1 + 1 + 1 - 1 = 2, what a "
            "classical strategy (both always answer the same) reaches too; the settings must differ",
        ),
        Mistake(
            _chsh_ignores_a0,
            "you returned the textbook settings for a0 = 0 (0, pi/2, pi/4, -pi/4): Alice's first setting "
            "is the given a0, so shift all four settings by a0 (only the differences matter)",
        ),
        Mistake(
            _chsh_bob_swapped,
            "Bob's two settings are swapped: the minus sign in S belongs to the pair (a1, b1), so b1 must "
            "be the setting far from a1 (3 pi/4 away) and b0 the one between a0 and a1; swapped, S = 0",
        ),
        Mistake(
            _chsh_half_angles,
            "your settings are half the needed angles (S = 2.39): photon-polariser angles in CHSH "
            "experiments (0, 45, 22.5 degrees) are half the Bloch-sphere angles; here Alice's two "
            "settings must be pi/2 apart and Bob's pi/4 from them",
        ),
    ],
    alternatives=[_chsh_mirrored, _chsh_grid_search],
    hints=[
        "On this Bell state the correlation of settings a and b is E(a, b) = cos(a - b): it depends only "
        "on the angle between the two settings. Check a guess with chsh_value(angles).",
        "Three terms of S should be as large as possible and the fourth (a1, b1, with the minus sign) as "
        "negative as possible. Put Alice's settings pi/2 apart and each of Bob's pi/4 from one of them.",
        "a1 = a0 + pi/2, b0 = a0 + pi/4 (between a0 and a1), b1 = a0 - pi/4: three correlations are "
        "cos(pi/4) and the fourth is cos(3 pi/4), so S = 4 / sqrt(2) = 2 sqrt(2).",
    ],
    seed=85,
)


# --------------------------------------------------------------------------- concept checks

ZZ_CORRELATION_MEANING = Concept(
    id="qc.measurement/zz_correlation_meaning",
    question=(
        "A pure two-qubit state has connected correlation C_ZZ = <Z0 Z1> - <Z0><Z1> = 0. "
        "What follows about entanglement?"
    ),
    options=[
        Option("It is a product state.", why=(
            "(|0+> + |1->)/sqrt(2) has C_ZZ = 0 (and C_XX = 0) yet one bit of entanglement entropy: "
            "section 4 computes it.")),
        Option("Nothing by itself: it may be entangled or not.", correct=True, why=(
            "For pure states only the other direction holds: C != 0 implies entangled, since every "
            "product state has C = 0. An entangled state can hide its correlations from one basis "
            "(or one pair of bases).")),
        Option("It is maximally entangled.", why=(
            "|00> is a product state with C_ZZ = 1 - 1 * 1 = 0: zero correlation does not point "
            "towards entanglement either.")),
    ],
)

ZZ_ONE_MIXTURE = Concept(
    id="qc.measurement/correlation_without_entanglement",
    question=(
        "Many shots of two qubits give <Z0> = <Z1> = 0 and <Z0 Z1> = 1, so C_ZZ = 1. "
        "Were the qubits entangled?"
    ),
    options=[
        Option("Yes: C_ZZ != 0 proves entanglement.", why=(
            "That holds for pure states only. A classical coin copied to both qubits (the mixture of "
            "|00> and |11>, no entanglement) gives exactly these Z statistics.")),
        Option("Not necessarily: Z-basis statistics alone cannot tell.", correct=True, why=(
            "The Bell state and the classical mixture of |00> and |11> have the same Z statistics; "
            "they differ in other bases (<X0 X1> = 1 against 0), and only the Bell state can win the "
            "CHSH game beyond 2.")),
        Option("No: entangled states never have C_ZZ = 1.", why=(
            "The Bell state (|00> + |11>)/sqrt(2) has <Z0 Z1> = 1 and <Z0> = <Z1> = 0, so C_ZZ = 1.")),
    ],
)

SHARED_SHOTS = Concept(
    id="qc.measurement/measure_together",
    question=(
        "You rotate each wire into one basis, then measure all wires in Z. Which two Pauli words can be "
        "estimated from the same shots this way?"
    ),
    options=[
        Option("Z0 Z1 and X0", why=(
            "Wire 0 would have to be measured in Z for Z0 Z1 and in X for X0 in the same shot; one "
            "basis change per wire cannot do both.")),
        Option("X0 X1 and X0", correct=True, why=(
            "They are qubit-wise commuting: on every wire the letters agree or one is I. Rotate both "
            "wires with H, measure, and X0 is the average of z0 while X0 X1 is the average of z0 z1.")),
        Option("X0 X1 and Z0 Z1", why=(
            "They do commute (XX ZZ = ZZ XX), so one measurement can give both, but not wire by wire: "
            "it needs the Bell basis, an entangling basis change (a CNOT and H before measuring).")),
    ],
)

CLASSICAL_CHSH = Concept(
    id="qc.measurement/classical_chsh_bound",
    question=(
        "In the CHSH game each party answers +1 or -1 to each of two settings, without talking. "
        "What is the largest S that classical players (any shared random strategy) can reach?"
    ),
    options=[
        Option("2", correct=True, why=(
            "Each of the 16 deterministic strategies gives S = +-2 (the lesson enumerates them), and a "
            "shared random strategy averages deterministic ones, so it cannot exceed 2.")),
        Option("2 sqrt(2)", why=(
            "That is the quantum maximum (Tsirelson's bound), reached by the Bell state with the right "
            "settings; no classical strategy gets beyond 2.")),
        Option("4", why=(
            "S = 4 needs all four terms at their extremes at once: a0 b0 = a0 b1 = a1 b0 = +1 forces "
            "a1 b1 = +1, so the fourth term, -a1 b1, is -1 and S = 2 at most.")),
    ],
)
