"""Exercises and concept checks of lesson ``practice.frameworks`` (notebooks/20_practice_frameworks.ipynb).

Two exercises, both about the bit-order difference between Qiskit and qmlcourse/PennyLane:

* ``convert_bit_order``: map a vector of amplitudes or probabilities from Qiskit's order
  (qubit 0 is the least significant bit of the index) to qmlcourse's order (wire 0 is the
  most significant bit), for any number of qubits;
* ``qiskit_pauli_label`` (a design): write the Qiskit ``SparsePauliOp`` label of a Pauli
  word given as ``{wire: "X"/"Y"/"Z"}`` for a circuit translated by
  ``qmlcourse.interop.to_qiskit`` (wire ``k`` -> qubit ``k``), so that ``EstimatorQNN``
  measures the observable the qmlcourse model measures.

One concept check: which statevector index holds ``|1>`` on wire 0 in each framework.
"""

from __future__ import annotations

import numpy as np

from qmlcourse.exercises import Concept, Exercise, Mistake, Option, case, compare

# --------------------------------------------------------------------------- convert_bit_order


def convert_bit_order(values, n_qubits):
    """Reverse the qubit order of a (2**n,) vector: Qiskit's order -> qmlcourse's order."""
    values = np.asarray(values)
    # index bits b_0 ... b_{n-1} (one axis per qubit); reversing the axes reverses the bit order
    return values.reshape((2,) * n_qubits).transpose(range(n_qubits - 1, -1, -1)).reshape(-1)


def _cbo_flipped(values, n_qubits):
    return np.asarray(values)[::-1]  # index i -> 2^n - 1 - i: every bit flipped


def _cbo_unpadded(values, n_qubits):
    values = np.asarray(values)
    # bin(1) = '0b1': the leading zeros are lost, so index 1 reversed is still 1
    return values[[int(bin(i)[2:][::-1], 2) for i in range(2**n_qubits)]]


def _cbo_rotated(values, n_qubits):
    # the last qubit moved to the front, the others shifted: a cyclic shift, not a reversal
    t = np.asarray(values).reshape((2,) * n_qubits)
    return np.moveaxis(t, -1, 0).reshape(-1)


def _cbo_swap_ends(values, n_qubits):
    t = np.asarray(values).reshape((2,) * n_qubits)
    return np.swapaxes(t, 0, n_qubits - 1).reshape(-1)  # only the first and the last qubit exchanged


def _cbo_loop(values, n_qubits):
    values = np.asarray(values)
    out = np.empty_like(values)
    for i in range(2**n_qubits):
        out[int(format(i, f"0{n_qubits}b")[::-1], 2)] = values[i]
    return out


def _cbo_arithmetic(values, n_qubits):
    values = np.asarray(values)
    idx = np.arange(2**n_qubits)
    rev = np.zeros_like(idx)
    for k in range(n_qubits):
        rev |= ((idx >> k) & 1) << (n_qubits - 1 - k)
    return values[rev]  # the reversal is its own inverse: gathering and scattering agree


def _random_state(rng: np.random.Generator, n: int) -> np.ndarray:
    psi = rng.normal(size=2**n) + 1j * rng.normal(size=2**n)
    return psi / np.linalg.norm(psi)


def _cbo_cases(rng: np.random.Generator) -> list:
    p4 = rng.random(16)
    return [
        case(_random_state(rng, 1), 1, label="1 qubit (nothing to reverse)"),
        case(_random_state(rng, 2), 2, label="2 qubits, amplitudes"),
        case(_random_state(rng, 3), 3, label="3 qubits, amplitudes"),
        case(p4 / p4.sum(), 4, label="4 qubits, probabilities"),
        case(_random_state(rng, 4), 4, label="4 qubits, amplitudes"),
        case(_random_state(rng, 5), 5, label="5 qubits, amplitudes"),
        case(np.arange(8.0), 3, label="3 qubits, the vector 0, 1, ..., 7"),
    ]


CONVERT_BIT_ORDER = Exercise(
    id="practice.frameworks/convert_bit_order",
    title="From Qiskit's bit order to qmlcourse's",
    statement=(
        "Given the amplitudes (or probabilities) of an n-qubit state as Qiskit orders them, qubit 0 the least "
        "significant bit of the index, return them in qmlcourse's and PennyLane's order, wire 0 the most "
        "significant bit (qubit k of Qiskit is wire k of qmlcourse)."
    ),
    template='''def convert_bit_order(values, n_qubits):
    """Return the same amplitudes or probabilities in qmlcourse's order (a new array).

    values: array of shape (2**n_qubits,), real or complex, in Qiskit's order: entry i belongs
            to the basis state whose qubit k is bit k of i (qubit 0 = least significant bit).
    n_qubits: a positive integer.
    Returns: array of shape (2**n_qubits,), entry j of which belongs to the basis state whose
             wire 0 is the MOST significant bit of j (qubit k of Qiskit is wire k here).
    Example: convert_bit_order(np.array([0, 1, 0, 0]), 2) -> array([0, 0, 1, 0])
             (Qiskit index 1 = qubit 0 in |1>, which is qmlcourse index 2 = |10>)
    """
    raise NotImplementedError("reverse the qubit order")
''',
    reference=convert_bit_order,
    cases=_cbo_cases,
    answer=compare.array(atol=1e-12, what="entries"),
    mistakes=[
        Mistake(
            _cbo_flipped,
            "you reversed the array, values[::-1]: that sends index i to 2^n - 1 - i, which FLIPS every bit (as an X "
            "gate on every qubit would) instead of reversing the order of the bits; |00> and |11> trade places, "
            "while the bit reversal keeps both where they are",
        ),
        Mistake(
            _cbo_unpadded,
            "you reversed the binary string of each index without padding it to n bits: bin(1) is '0b1', and '1' "
            "reversed is still '1', so the state with only qubit 0 set stays at index 1 instead of moving to "
            "2^(n-1). Write every index with exactly n bits first, e.g. format(i, f'0{n}b')",
        ),
        Mistake(
            _cbo_rotated,
            "you moved the last qubit to the front and shifted the others by one place (a cyclic shift of the bits): "
            "that equals the reversal for 2 qubits only; from 3 qubits on, qubit k must go to position n-1-k",
        ),
        Mistake(
            _cbo_swap_ends,
            "you exchanged only the first and the last qubit: that is the reversal for 2 and 3 qubits, but from 4 "
            "qubits on the middle ones must be reversed too (qubit k goes to position n-1-k for every k)",
        ),
    ],
    alternatives=[_cbo_loop, _cbo_arithmetic],
    hints=[
        "Nothing happens to the numbers themselves: each entry moves to a new index. Entry i of Qiskit's vector "
        "belongs to the basis state whose qubit k is bit k of i; find the qmlcourse index of that same state.",
        "In qmlcourse, wire k is bit n-1-k of the index. So write i with exactly n binary digits and reverse "
        "that string of digits (or: reshape the vector to n axes of length 2, one per qubit, and reverse the axes).",
        "return values.reshape((2,) * n_qubits).transpose(range(n_qubits - 1, -1, -1)).reshape(-1)",
    ],
    seed=201,
)


# --------------------------------------------------------------------------- qiskit_pauli_label


def qiskit_pauli_label(word, n_qubits):
    """The Qiskit label (qubit n-1 first, qubit 0 last) of the Pauli word {wire: letter}."""
    letters = ["I"] * n_qubits
    for wire, pauli in word.items():
        letters[n_qubits - 1 - wire] = pauli  # Qiskit labels are read right to left: qubit 0 is the LAST character
    return "".join(letters)


def _qpl_wire_order(word, n_qubits):
    letters = ["I"] * n_qubits
    for wire, pauli in word.items():
        letters[wire] = pauli  # written in wire order, as a qmlcourse state label
    return "".join(letters)


def _qpl_letters_only(word, n_qubits):
    return "".join(word[k] for k in sorted(word, reverse=True))  # no identities on the other qubits


def _qpl_minus_k(word, n_qubits):
    letters = ["I"] * n_qubits
    for wire, pauli in word.items():
        letters[-wire] = pauli  # -0 is 0: wire 0 lands in FRONT; wire k >= 1 at n - k, one place right of n - 1 - k
    return "".join(letters)


def _qpl_dict_order(word, n_qubits):
    letters = ["I"] * n_qubits
    for position, (_wire, pauli) in enumerate(sorted(word.items())):
        letters[n_qubits - 1 - position] = pauli  # placed by rank in the word, not by wire number
    return "".join(letters)


def _qpl_reversed_string(word, n_qubits):
    return "".join(word.get(k, "I") for k in range(n_qubits))[::-1]


def _qpl_cases(rng: np.random.Generator) -> list:
    letters = np.array(list("XYZ"))
    wires5 = sorted(int(k) for k in rng.choice(5, 2, replace=False))
    while wires5 == [0, 1]:  # a pair that tells "by wire number" from "by rank" apart
        wires5 = sorted(int(k) for k in rng.choice(5, 2, replace=False))
    return [
        case({0: "Z"}, 2, label="Z on wire 0 of 2 (the model's read-out)"),
        case({1: "X"}, 3, label="X on wire 1 of 3"),
        case({0: "X", 2: "Z"}, 3, label="X on wire 0, Z on wire 2, 3 wires"),
        case({1: "Y", 3: "Z"}, 4, label="Y on wire 1, Z on wire 3, 4 wires"),
        case({0: "Z", 1: "Z", 3: "X"}, 5, label="Z Z on wires 0, 1 and X on wire 3, 5 wires"),
        case({k: str(rng.choice(letters)) for k in wires5}, 5, label=f"two letters on wires {wires5} of 5"),
        case({2: "Y"}, 6, label="Y on wire 2 of 6"),
    ]


QISKIT_PAULI_LABEL = Exercise(
    id="practice.frameworks/qiskit_pauli_label",
    title="The same observable in Qiskit",
    statement=(
        "A qmlcourse circuit becomes a Qiskit circuit with to_qiskit (wire k -> qubit k). Write the "
        "SparsePauliOp label that makes EstimatorQNN measure the same Pauli word as the qmlcourse model."
    ),
    template='''def qiskit_pauli_label(word, n_qubits):
    """Return the Qiskit label string (for SparsePauliOp) of a Pauli word on n_qubits wires.

    word: dict {wire: letter}, wires 0..n_qubits-1 as qmlcourse numbers them, letters "X", "Y", "Z";
          wires not in the dict carry the identity.
    n_qubits: the number of wires (the circuit came through to_qiskit: wire k is Qiskit qubit k).
    Returns: a string of n_qubits characters from "IXYZ" such that
             SparsePauliOp(label) is the same observable on the Qiskit circuit.
    Example: qiskit_pauli_label({1: "X"}, 2) is a 2-character string; which one
             you have to work out (section 3 of the lesson shows how to test a guess).
    """
    raise NotImplementedError("write the label")
''',
    reference=qiskit_pauli_label,
    cases=_qpl_cases,
    answer=compare.exact(),
    mistakes=[
        Mistake(
            _qpl_wire_order,
            "you wrote the letters in wire order, wire 0 first: a Qiskit label is read right to left, its LAST "
            "character acts on qubit 0 (SparsePauliOp('IZ') is Z on qubit 0), so wire k's letter is at position "
            "n-1-k. Your label measures the mirror-image observable",
        ),
        Mistake(
            _qpl_letters_only,
            "you wrote only the Pauli letters: the label needs one character per qubit, with 'I' on every qubit the "
            "word does not touch, so that its length is n_qubits",
        ),
        Mistake(
            _qpl_minus_k,
            "you indexed the label from the end with letters[-k]: -0 is 0, so wire 0's letter lands at the FRONT "
            "of the string, and wire k >= 1 lands at position n-k, one place right of where it belongs. The last "
            "character is letters[-1], so wire k's letter goes to letters[-1 - k] (position n-1-k)",
        ),
        Mistake(
            _qpl_dict_order,
            "you placed the letters by their rank in the word (first, second...) instead of by their wire number: "
            "{1: 'Y', 3: 'Z'} acts on wires 1 and 3, not on wires 0 and 1",
        ),
    ],
    alternatives=[_qpl_reversed_string],
    hints=[
        "Qiskit writes labels as it writes basis states: the highest qubit on the left, qubit 0 on the right. "
        "Compare SparsePauliOp('IZ') and SparsePauliOp('ZI') on a circuit that flips only qubit 0.",
        "Start from n_qubits identities and put the letter of wire k at string position n_qubits - 1 - k.",
        "letters = ['I'] * n_qubits; for k, p in word.items(): letters[n_qubits - 1 - k] = p; "
        "return ''.join(letters)",
    ],
    seed=202,
)


# --------------------------------------------------------------------------- concept checks

WHERE_IS_WIRE_ZERO = Concept(
    id="practice.frameworks/where_is_wire_zero",
    question=(
        "Three qubits, all in |0>, then an X gate on qubit (wire) 0. At which index of the statevector is the "
        "amplitude 1 in qmlcourse or PennyLane, and in Qiskit's Statevector(qc).data?"
    ),
    options=[
        Option("Index 1 in all three: the X acts on the first qubit, and the first qubit is bit 0.", why=(
            "Only Qiskit makes qubit 0 the least significant bit. qmlcourse and PennyLane read the wires from "
            "left to right as the binary digits of the index, so wire 0 set on its own is 100 in binary, index 4.")),
        Option("Index 4 in qmlcourse and PennyLane, index 1 in Qiskit.", correct=True, why=(
            "Wire 0 is the most significant of 3 bits in qmlcourse and PennyLane (|100> = index 4); Qiskit puts "
            "qubit 0 in the least significant bit (index 1, printed as the label '001'). Same state, different "
            "list order: reverse_qubit_order maps one to the other.")),
        Option("Index 4 in all three: all frameworks write |100> for this state.", why=(
            "Qiskit's label for it is '001' (qubit 0 is the rightmost character) and its index is 1: the order "
            "of the amplitudes differs, not the physics.")),
        Option("Index 1 in qmlcourse and PennyLane, index 4 in Qiskit.", why=(
            "The other way round: qmlcourse and PennyLane are the big-endian ones (wire 0 is the leftmost, most "
            "significant digit), Qiskit is little-endian.")),
    ],
)
