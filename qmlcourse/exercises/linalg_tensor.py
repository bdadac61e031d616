"""Exercises of lesson ``linalg.tensor`` (notebooks/03_tensor_products.ipynb).

Four exercises on many-qubit states: the Kronecker product of a list of factors in wire
order; applying a two-qubit gate to any two wires by reshaping the state (the simulator's
core move, one step beyond the one-qubit case the lesson works through); designing a gate
sequence that prepares a given entangled state (graded on the state, up to a global phase);
and the Schmidt rank of a state across a cut (product versus entangled), with a stated
tolerance.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from typing import Any

import numpy as np

from qmlcourse.exercises import Concept, Exercise, Mistake, Option, case, compare
from qmlcourse.grading.compare import Answer, Failure


def _random_vector(rng: np.random.Generator, n: int) -> np.ndarray:
    v = rng.normal(size=n) + 1j * rng.normal(size=n)
    return v / np.linalg.norm(v)


def _random_matrix(rng: np.random.Generator, d: int) -> np.ndarray:
    return rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d))


def _random_unitary(rng: np.random.Generator, d: int = 2) -> np.ndarray:
    q, r = np.linalg.qr(_random_matrix(rng, d))
    return q * (np.diag(r) / np.abs(np.diag(r)))


# --------------------------------------------------------------------------- kron_all


def kron_all(factors):
    """Kronecker product of a list of vectors or matrices, the first factor on wire 0."""
    out = np.asarray(factors[0], dtype=complex)
    for f in factors[1:]:
        out = np.kron(out, np.asarray(f, dtype=complex))
    return out


def _kron_all_cases(rng: np.random.Generator) -> list:
    return [
        case([np.array([1.0, 0.0]), np.array([0.0, 1.0])], label="|0> and |1>, which give |01>"),
        case([_random_vector(rng, 2), _random_vector(rng, 2)], label="two one-qubit states"),
        case([_random_vector(rng, 2), _random_vector(rng, 4), _random_vector(rng, 2)],
            label="three states of 1, 2 and 1 qubits"),
        case([_random_matrix(rng, 2), _random_matrix(rng, 2)], label="two 2x2 matrices"),
        case([_random_matrix(rng, 2), _random_matrix(rng, 2), _random_matrix(rng, 2)], label="three 2x2 matrices"),
        case([_random_matrix(rng, 4), _random_matrix(rng, 2)], label="a 4x4 and a 2x2 matrix"),
        case([_random_vector(rng, 4)], label="a single factor"),
    ]


def _kron_reversed(factors):
    out = np.asarray(factors[-1], dtype=complex)
    for f in factors[-2::-1]:
        out = np.kron(out, f)
    return out


def _kron_first_two(factors):
    if len(factors) == 1:
        return np.asarray(factors[0], dtype=complex)
    return np.kron(factors[0], factors[1]).astype(complex)


def _kron_outer(factors):
    out = np.asarray(factors[0], dtype=complex)
    for f in factors[1:]:
        f = np.asarray(f)
        shape = (out.shape[0] * f.shape[0],) if f.ndim == 1 else (out.shape[0] * f.shape[0], out.shape[1] * f.shape[1])
        out = np.outer(out, f).reshape(shape)
    return out


def _kron_first_twice(factors):
    out = np.asarray(factors[0], dtype=complex)
    for f in factors:
        out = np.kron(out, f)
    return out


KRON_ALL = Exercise(
    id="linalg.tensor/kron_all",
    title="Tensor product of many factors",
    statement=(
        "Return the Kronecker product factors[0] x factors[1] x ... of a list of vectors (states) "
        "or square matrices (gates), in that order: the first factor acts on wire 0, the most "
        "significant bit."
    ),
    template='''def kron_all(factors):
    """Return factors[0] (x) factors[1] (x) ... (x) factors[-1], in this order.

    factors: a non-empty list of complex arrays, either all vectors (one-qubit or
             many-qubit states, shapes (d_k,)) or all square matrices (shapes (d_k, d_k)).
             The first factor belongs to wire 0, the most significant bit.
    Returns: complex array of shape (d_0 * d_1 * ...,) for vectors, or
             (d_0 * d_1 * ..., d_0 * d_1 * ...) for matrices. A single factor is returned as it is.
    Example: kron_all([np.array([1, 0]), np.array([0, 1])]) -> array([0, 1, 0, 0])   # |0>|1> = |01>
    """
    raise NotImplementedError("write kron_all")
''',
    reference=kron_all,
    cases=_kron_all_cases,
    answer=compare.array(atol=1e-10, what="entries"),
    mistakes=[
        Mistake(_kron_reversed,
            "the factors are combined in reverse order: np.kron(a, b) puts a on the more significant wire, "
            "so keep the list order (kron in the wrong order)"),
        Mistake(_kron_first_two, "only the first two factors are combined: loop over every factor in the list"),
        Mistake(_kron_first_twice, "the first factor appears twice: start from factors[0] and loop over factors[1:]"),
        Mistake(_kron_outer,
            "np.outer flattens matrices before multiplying, so its entries are in the wrong places; "
            "np.kron keeps the block structure"),
    ],
    alternatives=[
        lambda factors: reduce(np.kron, [np.asarray(f, dtype=complex) for f in factors]),
        # build from the right: the last factor first, each earlier one multiplied in on the left
        lambda factors: reduce(lambda acc, f: np.kron(f, acc), [np.asarray(f, dtype=complex) for f in factors[::-1]]),
    ],
    hints=[
        "The tensor product is associative: a (x) b (x) c = (a (x) b) (x) c, but not commutative.",
        "Start from the first factor and combine it with each following one, left to right.",
        "out = factors[0]; then for f in factors[1:]: out = np.kron(out, f).",
    ],
    seed=31,
)


# --------------------------------------------------------------------------- apply_two_qubit_gate


def apply_two_qubit_gate(gate, state, wires):
    """Apply a two-qubit gate to wires (a, b) of an n-qubit state by reshaping it to a tensor."""
    n = int(np.log2(state.shape[0]))
    tensor = state.reshape((2,) * n)
    g = np.asarray(gate).reshape(2, 2, 2, 2)  # axes: (out_a, out_b, in_a, in_b)
    out = np.tensordot(g, tensor, axes=([2, 3], [wires[0], wires[1]]))
    out = np.moveaxis(out, [0, 1], [wires[0], wires[1]])
    return out.reshape(-1)


def _apply_two_cases(rng: np.random.Generator) -> list:
    cnot = np.array([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]], dtype=complex)
    return [
        case(cnot, np.array([0, 0, 1, 0], dtype=complex), [0, 1],
            label="CNOT (control wire 0) on |10>, which gives |11>"),
        case(cnot, np.array([0, 1, 0, 0], dtype=complex), [1, 0],
            label="CNOT with control wire 1 on |01>, which gives |11>"),
        case(_random_unitary(rng, 4), _random_vector(rng, 4), [0, 1], label="2 qubits, wires [0, 1]"),
        case(_random_unitary(rng, 4), _random_vector(rng, 4), [1, 0], label="2 qubits, wires [1, 0]"),
        case(_random_unitary(rng, 4), _random_vector(rng, 8), [0, 2], label="3 qubits, wires [0, 2]"),
        case(_random_unitary(rng, 4), _random_vector(rng, 8), [2, 0], label="3 qubits, wires [2, 0]"),
        case(_random_unitary(rng, 4), _random_vector(rng, 16), [1, 3], label="4 qubits, wires [1, 3]"),
        case(_random_unitary(rng, 4), _random_vector(rng, 32), [4, 1], label="5 qubits, wires [4, 1]"),
    ]


def _n_of(state) -> int:
    return int(np.log2(len(state)))


def _two_no_moveaxis(gate, state, wires):
    t = state.reshape((2,) * _n_of(state))
    return np.tensordot(np.asarray(gate).reshape(2, 2, 2, 2), t, axes=([2, 3], list(wires))).reshape(-1)


def _two_swapped(gate, state, wires):
    return apply_two_qubit_gate(gate, state, [wires[1], wires[0]])


def _two_transposed(gate, state, wires):
    return apply_two_qubit_gate(np.asarray(gate).T, state, wires)


def _two_from_right(gate, state, wires):
    n = _n_of(state)
    return apply_two_qubit_gate(gate, state, [n - 1 - w for w in wires])


def _two_index_loop(gate, state, wires):
    # the index arithmetic a C++ simulator runs: each output amplitude combines the four input
    # amplitudes that differ from it only on the two wires
    n = int(np.log2(len(state)))
    a, b = wires
    out = np.zeros(len(state), dtype=complex)
    for i in range(len(state)):
        row = 2 * ((i >> (n - 1 - a)) & 1) + ((i >> (n - 1 - b)) & 1)
        base = i & ~(1 << (n - 1 - a)) & ~(1 << (n - 1 - b))
        for col in range(4):
            j = base | ((col >> 1) << (n - 1 - a)) | ((col & 1) << (n - 1 - b))
            out[i] += gate[row, col] * state[j]
    return out


def _two_dense(gate, state, wires):
    # the dense route: permute the wires so that (a, b) come first, apply gate (x) I, permute back
    n = int(np.log2(len(state)))
    order = list(wires) + [w for w in range(n) if w not in wires]
    t = np.transpose(state.reshape((2,) * n), order).reshape(-1)
    t = np.kron(gate, np.eye(2 ** (n - 2))) @ t
    return np.transpose(t.reshape((2,) * n), np.argsort(order)).reshape(-1)


APPLY_TWO_QUBIT_GATE = Exercise(
    id="linalg.tensor/apply_two_qubit_gate",
    title="Apply a two-qubit gate to any two wires",
    statement=(
        "Apply a 4x4 gate to the wires (a, b) of an n-qubit state without building the 2**n x 2**n "
        "matrix. The gate's first qubit (the more significant bit of its 4x4 index) is wire a; the "
        "wires need not be neighbours or in increasing order."
    ),
    template='''def apply_two_qubit_gate(gate, state, wires):
    """Return the state after applying the two-qubit `gate` to the wires in `wires`.

    gate: complex array of shape (4, 4), written in the basis |00>, |01>, |10>, |11> of
          (its first qubit, its second qubit).
    state: complex array of shape (2**n,), wire 0 the most significant (leftmost) bit.
    wires: a list [a, b] of two different wires in 0 .. n-1; the gate's first qubit is wire a.
           a and b need not be neighbours, and a > b is allowed.
    Returns: complex array of shape (2**n,).
    Example: CNOT = np.array([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]])
             apply_two_qubit_gate(CNOT, np.array([0, 1, 0, 0]), [1, 0]) -> array([0, 0, 0, 1])
             # control wire 1 is 1 in |01>, so target wire 0 flips: |11>
    Do not build a 2**n x 2**n matrix.
    """
    raise NotImplementedError("write apply_two_qubit_gate")
''',
    reference=apply_two_qubit_gate,
    cases=_apply_two_cases,
    answer=compare.state(atol=1e-10, up_to_global_phase=False),
    mistakes=[
        Mistake(
            _two_swapped,
            "the gate acts with its two qubits swapped: its first qubit (row index // 2) must be wires[0], "
            "so contract gate axes 2 and 3 with wires[0] and wires[1] in that order",
        ),
        Mistake(
            _two_no_moveaxis,
            "you forgot to move the two new axes back: np.tensordot puts the gate's two output axes first, "
            "so move axes 0 and 1 to the places wires[0] and wires[1] before flattening",
        ),
        Mistake(
            _two_transposed,
            "you applied the transpose of the gate: contract the gate's input (column) indices, axes 2 and 3 "
            "of gate.reshape(2, 2, 2, 2), with the state, as in the matrix product gate @ v",
        ),
        Mistake(
            _two_from_right,
            "the gate landed on the wrong wires: you counted wires from the right, but wire 0 is the most "
            "significant (leftmost) bit, axis 0 of the reshaped state",
        ),
    ],
    alternatives=[_two_index_loop, _two_dense],
    hints=[
        "Section 4 applied a one-qubit gate by reshaping the state to one axis per wire. A 4x4 gate "
        "reshaped to (2, 2, 2, 2) has axes (out_a, out_b, in_a, in_b).",
        "Contract the gate's two input axes with the state's axes wires[0] and wires[1] (np.tensordot with "
        "two axes on each side); the two output axes come out first and must go back to their places.",
        "t = state.reshape((2,) * n); out = np.tensordot(gate.reshape(2, 2, 2, 2), t, axes=([2, 3], wires)); "
        "return np.moveaxis(out, [0, 1], wires).reshape(-1)",
    ],
    seed=32,
)


# --------------------------------------------------------------------------- prepare_two_qubit_state

#: The gates ``prepare_two_qubit_state`` may return, with the number of wires each takes.
GATE_WIRES = {"H": 1, "X": 1, "Y": 1, "Z": 1, "S": 1, "CNOT": 2}
#: The targets of ``prepare_two_qubit_state``: name -> amplitudes of |00>, |01>, |10>, |11>.
TARGETS = {
    "phi+": np.array([1, 0, 0, 1]) / np.sqrt(2),
    "phi-": np.array([1, 0, 0, -1]) / np.sqrt(2),
    "psi+": np.array([0, 1, 1, 0]) / np.sqrt(2),
    "psi-": np.array([0, 1, -1, 0]) / np.sqrt(2),
    "phi+i": np.array([1, 0, 0, 1j]) / np.sqrt(2),
}
_GATES = {
    "H": np.array([[1, 1], [1, -1]]) / np.sqrt(2),
    "X": np.array([[0, 1], [1, 0]]),
    "Y": np.array([[0, -1j], [1j, 0]]),
    "Z": np.diag([1, -1]),
    "S": np.diag([1, 1j]),
    "CNOT": np.array([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]]),
}


def run_gates(gates, n_qubits: int = 2) -> np.ndarray:
    """The state that a list of gates ``[("H", 0), ("CNOT", 0, 1), ...]`` prepares from |0...0>.

    >>> run_gates([("H", 0), ("CNOT", 0, 1)]).real.round(4)
    array([0.7071, 0.    , 0.    , 0.7071])
    """
    state = np.zeros(2**n_qubits, dtype=complex)
    state[0] = 1.0
    for name, *wires in gates:
        m = np.asarray(_GATES[name], dtype=complex)
        if len(wires) == 1:
            t = np.tensordot(m, state.reshape((2,) * n_qubits), axes=([1], [wires[0]]))
            state = np.moveaxis(t, 0, wires[0]).reshape(-1)
        else:
            state = apply_two_qubit_gate(m, state, [int(w) for w in wires])
    return state


def _gate_list_problem(value: Any, n_qubits: int = 2) -> str | None:
    """Why ``value`` is not a valid list of gates, or ``None``."""
    if value is None:
        return "returned None: did you forget the `return` statement?"
    if not isinstance(value, (list, tuple)):
        return f"returned {compare.type_name(value)}, expected a list of gates such as [('H', 0), ('CNOT', 0, 1)]"
    for k, gate in enumerate(value):
        if not isinstance(gate, (list, tuple)) or not gate or not isinstance(gate[0], str):
            return f"gate {k} is {gate!r}; each gate is a tuple such as ('H', 0) or ('CNOT', 0, 1)"
        name, wires = gate[0], gate[1:]
        if name not in GATE_WIRES:
            return f"gate {k} is {name!r}; the gates allowed are {', '.join(GATE_WIRES)}"
        if len(wires) != GATE_WIRES[name]:
            return f"gate {k}, {tuple(gate)!r}: {name} takes {GATE_WIRES[name]} wire(s), got {len(wires)}"
        if any(isinstance(w, bool) or not isinstance(w, (int, np.integer)) or not 0 <= w < n_qubits for w in wires):
            return f"gate {k}, {tuple(gate)!r}: wires must be integers 0 .. {n_qubits - 1}"
        if len({int(w) for w in wires}) != len(wires):
            return f"gate {k}, {tuple(gate)!r}: a CNOT needs two different wires"
    return None


def _ket_text(state: np.ndarray) -> str:
    """``0.7071|00> - 0.7071|11>``: the nonzero amplitudes, rounded to 4 digits."""
    text = ""
    for i, a in enumerate(np.round(state, 4) + 0.0):
        if abs(a) < 1e-9:
            continue
        if abs(a.imag) < 1e-9:
            coef, sign = f"{abs(a.real):.4g}", "-" if a.real < 0 else "+"
        elif abs(a.real) < 1e-9:
            coef, sign = f"{abs(a.imag):.4g}i", "-" if a.imag < 0 else "+"
        else:
            coef, sign = f"({a.real:.4g}{a.imag:+.4g}i)", "+"
        text += (f" {sign} " if text else ("-" if sign == "-" else "")) + f"{coef}|{i:02b}>"
    return text or "0"


@dataclass(frozen=True)
class GateListAnswer(Answer):
    """Judge a list of gates by the state it prepares from |00>, up to a global phase."""

    kind: str = "exact"

    def judge(self, value: Any, expected: Any, label: str = "", *, validity: bool = True) -> Failure | None:
        problem = _gate_list_problem(value)
        if problem is not None:
            return Failure("type", problem + (f" (for {label})" if label else ""))
        got, want = run_gates(value), run_gates(expected)
        if compare.state(atol=1e-8).judge(got, want, label) is None:
            return None
        ctx = f" for {label}" if label else ""
        product = np.linalg.svd(got.reshape(2, 2), compute_uv=False)[1] < 1e-8
        why = ", a product state (Schmidt rank 1): nothing entangled the two wires" if product else ""
        return Failure("value",
            f"your gates prepare {_ket_text(got)}{why}; the target is {_ket_text(want)} (up to a global phase){ctx}")


def prepare_two_qubit_state(target):
    """Gates that take |00> to the named two-qubit target state (up to a global phase)."""
    phase = {"phi+": [], "phi-": [("Z", 0)], "psi+": [], "psi-": [("Z", 0)], "phi+i": [("S", 0)]}[target]
    flip = [("X", 1)] if target.startswith("psi") else []
    return [("H", 0)] + phase + flip + [("CNOT", 0, 1)]


def _prep_cases(rng: np.random.Generator) -> list:
    return [case(name, label=f"the target {name}") for name in TARGETS]


def _prep_fix_after(target):
    # the other order: make phi+ first, then fix bits and phases on the outputs
    fix = {"phi+": [], "phi-": [("Z", 1)], "psi+": [("X", 1)], "psi-": [("X", 0), ("Z", 1)], "phi+i": [("S", 1)]}
    return [("H", 0), ("CNOT", 0, 1)] + fix[target]  # psi- comes out as -|psi->: a global phase


def _prep_hzh(target):
    # H Z H = X: the bit flip on wire 1 built from H and Z; the phase from Y = iXZ on wire 0 for phi-
    phase = {"phi+": [], "phi-": [("Y", 0), ("X", 0)], "psi+": [], "psi-": [("Z", 0)], "phi+i": [("S", 0)]}[target]
    flip = [("H", 1), ("Z", 1), ("H", 1)] if target.startswith("psi") else []
    return [("H", 0)] + phase + flip + [("CNOT", 0, 1)]


def _prep_no_phase(target):
    return [g for g in prepare_two_qubit_state(target) if g[0] not in ("Z", "S")]


def _prep_flip_control(target):
    gates = prepare_two_qubit_state(target)
    if target.startswith("psi"):
        gates = [("X", 0)] + [g for g in gates if g != ("X", 1)]
    return gates


def _prep_swapped_cnot(target):
    return [("CNOT", 1, 0) if g == ("CNOT", 0, 1) else g for g in prepare_two_qubit_state(target)]


PREPARE_TWO_QUBIT_STATE = Exercise(
    id="linalg.tensor/prepare_two_qubit_state",
    title="Prepare a given two-qubit state",
    statement=(
        "Design a short gate sequence that takes |00> to a named entangled two-qubit state: the four "
        "Bell states and (|00> + i|11>)/sqrt(2). Graded on the state the gates prepare, up to a "
        "global phase, so any correct sequence passes."
    ),
    template='''def prepare_two_qubit_state(target):
    """Return a list of gates that turns |00> into the target state (up to a global phase).

    target: one of
        "phi+"  (|00> + |11>)/sqrt(2)        "phi-"  (|00> - |11>)/sqrt(2)
        "psi+"  (|01> + |10>)/sqrt(2)        "psi-"  (|01> - |10>)/sqrt(2)
        "phi+i" (|00> + 1j*|11>)/sqrt(2)
    Returns: a list of gates, applied first to last. A gate is a tuple: ("H", w), ("X", w),
             ("Y", w), ("Z", w), ("S", w) on wire w in {0, 1}, or ("CNOT", control, target).
             S is the matrix diag(1, 1j).
    Example: [("X", 1)] would turn |00> into |01>.
    """
    raise NotImplementedError("return the list of gates for each target")
''',
    reference=prepare_two_qubit_state,
    cases=_prep_cases,
    answer=GateListAnswer(),
    mistakes=[
        Mistake(
            _prep_no_phase,
            "the bits are right but the relative phase between the two terms is not: a Z (for a minus sign) "
            "or an S (for a factor i) on wire 0 between the H and the CNOT changes it",
        ),
        Mistake(
            _prep_swapped_cnot,
            "your gates leave a product state (Schmidt rank 1): the CNOT acted while its control was a basis "
            "state (control and target swapped, or the CNOT before the H), so it could not entangle; put the "
            "control into superposition with H first, then apply the CNOT from it",
        ),
        Mistake(
            _prep_flip_control,
            "you flipped wire 0 before its H: H|1> = |->, so that X changes a sign instead of a bit and the "
            "result keeps |00> and |11>; flip wire 1 instead (before or after the CNOT) to get |01> and |10>",
        ),
    ],
    alternatives=[_prep_fix_after, _prep_hzh],
    hints=[
        "Start from the simplest target, phi+: one gate puts wire 0 into (|0> + |1>)/sqrt(2), and one "
        "two-qubit gate copies its basis value onto wire 1 (the CNOT of section 4).",
        "The other targets differ from phi+ by a bit flip on one wire (|00> <-> |01>, |11> <-> |10>) or by "
        "a phase on the |1> part of wire 0: X flips a bit, Z gives a minus sign, S a factor i.",
        "phi+ = [('H', 0), ('CNOT', 0, 1)]; add ('Z', 0) or ('S', 0) right after the H for the phase, and "
        "('X', 1) before the CNOT for the psi states.",
    ],
    seed=34,
    fresh_cases=False,  # the five named targets are the whole task
)


# --------------------------------------------------------------------------- schmidt_rank


def schmidt_rank(state, n_left):
    """Number of Schmidt coefficients above 1e-8 when the state is cut after n_left wires."""
    matrix = state.reshape(2**n_left, -1)
    singular_values = np.linalg.svd(matrix, compute_uv=False)
    return int(np.sum(singular_values > 1e-8))


def _schmidt_rank_cases(rng: np.random.Generator) -> list:
    def product(*parts):
        return reduce(np.kron, parts)

    def two_terms(eps):
        # sqrt(1 - eps**2)|00> + eps|11>: Schmidt coefficients sqrt(1 - eps**2) and eps exactly
        v = np.zeros(4, dtype=complex)
        v[0], v[3] = np.sqrt(1 - eps**2), eps
        return v

    bell = np.array([1, 0, 0, 1], dtype=complex) / np.sqrt(2)
    ghz = np.zeros(8, dtype=complex)
    ghz[[0, 7]] = 1 / np.sqrt(2)
    zero = np.array([1, 0], dtype=complex)
    plus_i = np.array([1, 1j], dtype=complex) / np.sqrt(2)
    rank2 = product(_random_vector(rng, 4), _random_vector(rng, 4))
    rank2 = rank2 + product(_random_vector(rng, 4), _random_vector(rng, 4))
    return [
        case(np.array([1, 0, 0, 0], dtype=complex), 1, label="the product state |00>"),
        case(bell, 1, label="the Bell state (|00> + |11>)/sqrt(2)"),
        case(product(_random_vector(rng, 2), _random_vector(rng, 2)), 1, label="a random product state of 2 qubits"),
        case(product(plus_i, plus_i), 1, label="the product state |+i>|+i>, |+i> = (|0> + i|1>)/sqrt(2)"),
        case(product(plus_i, _random_vector(rng, 4)), 1,
            label="|+i> on wire 0 and a random 2-qubit state, cut after wire 0"),
        case(two_terms(1e-5), 1, label="sqrt(1 - 1e-10)|00> + 1e-5|11> (Schmidt coefficient 1e-5 counts)"),
        case(two_terms(1e-13), 1, label="sqrt(1 - 1e-26)|00> + 1e-13|11> (1e-13 is below the tolerance)"),
        case(product(bell, zero), 1, label="a Bell pair on wires 0, 1 and |0> on wire 2, cut after wire 0"),
        case(product(bell, _random_vector(rng, 2)), 2,
            label="a Bell pair on wires 0, 1 and a state on wire 2, cut after wire 1"),
        case(ghz, 1, label="the GHZ state of 3 qubits, cut after wire 0"),
        case(product(_random_vector(rng, 4), _random_vector(rng, 4)), 2,
            label="a product of two random 2-qubit states, cut in the middle"),
        case(rank2 / np.linalg.norm(rank2), 2, label="a sum of two product states, cut in the middle"),
        case(_random_vector(rng, 16), 2, label="a random 4-qubit state, cut in the middle"),
    ]


def _rank_no_conjugate(state, n_left):
    m = state.reshape(2**n_left, -1)
    return int(np.sum(np.abs(np.linalg.eigvals(m @ m.T)) > 1e-12))


SCHMIDT_RANK = Exercise(
    id="linalg.tensor/schmidt_rank",
    title="Schmidt rank across a cut",
    statement=(
        "Count the Schmidt coefficients larger than the tolerance 1e-8 of a state cut into wires "
        "0..n_left-1 and the rest. Rank 1 means a product state across the cut; more means "
        "entangled. A coefficient of 1e-5 counts; one of 1e-13 (a rounding-size value) does not."
    ),
    template='''def schmidt_rank(state, n_left):
    """Return the Schmidt rank of `state` across the cut after the first n_left wires.

    state: complex array of shape (2**n,), a normalised n-qubit state (wire 0 most significant).
    n_left: integer in 1 .. n-1; the left part is wires 0 .. n_left-1, the right part the rest.
    Returns: a Python int, the number of Schmidt coefficients larger than the tolerance 1e-8.
             Rounding leaves tiny nonzero values: a coefficient of 1e-5 counts, one of 1e-13 does not.
    Example: schmidt_rank(np.array([1, 0, 0, 1]) / np.sqrt(2), 1) -> 2   # the Bell state
    """
    raise NotImplementedError("write schmidt_rank")
''',
    reference=schmidt_rank,
    cases=_schmidt_rank_cases,
    answer=compare.integer(),
    mistakes=[
        Mistake(
            lambda state, n_left: int(np.sum(np.abs(state) > 1e-8)),
            "you counted nonzero amplitudes: a product state such as |+>|+> has many nonzero amplitudes; count "
            "the singular values of the reshaped matrix",
        ),
        Mistake(
            lambda state, n_left: int(np.sum(np.linalg.svd(state.reshape(2**n_left, -1), compute_uv=False) > 0)),
            "no tolerance: values far below 1e-8 (here a coefficient of 1e-13, and rounding residues like "
            "1e-17) must count as zero; count only the singular values above 1e-8",
        ),
        Mistake(
            lambda state, n_left: int(np.sum(np.linalg.svd(state.reshape(2**n_left, -1), compute_uv=False) > 1e-2)),
            "your tolerance is too coarse: a Schmidt coefficient of 1e-5 is small but real entanglement; "
            "count the singular values above 1e-8",
        ),
        Mistake(
            _rank_no_conjugate,
            "you used M @ M.T without the complex conjugate: the reduced density matrix is M @ M.conj().T "
            "(for |+i>|+i>, M @ M.T is the zero matrix)",
        ),
        Mistake(
            lambda state, n_left: int(len(np.linalg.svd(state.reshape(2**n_left, -1), compute_uv=False))),
            "you returned the number of singular values, min(2**n_left, 2**(n-n_left)); count only the nonzero "
            "ones (above 1e-8)",
        ),
        Mistake(
            lambda state, n_left: int(np.sum(np.linalg.svd(state.reshape(-1, 2**n_left), compute_uv=False) > 1e-8)),
            "the cut is in the wrong place: reshape to (2**n_left, -1) so that the rows are the first n_left wires",
        ),
    ],
    alternatives=[
        # numpy's own rank with an explicit tolerance
        lambda state, n_left: int(np.linalg.matrix_rank(state.reshape(2**n_left, -1), tol=1e-8)),
        # eigenvalues of the reduced density matrix are the squared Schmidt coefficients
        lambda state, n_left: int(
            np.sum(np.linalg.eigvalsh(state.reshape(2**n_left, -1) @ state.reshape(2**n_left, -1).conj().T) > 1e-12)
        ),
    ],
    hints=[
        "Write the amplitudes as a matrix M with rows indexed by the left wires and columns by the right "
        "wires: psi = sum_ij M_ij |i>|j>.",
        "The Schmidt coefficients are the singular values of M (np.linalg.svd(M, compute_uv=False)); a product "
        "state has exactly one nonzero.",
        "s = np.linalg.svd(state.reshape(2**n_left, -1), compute_uv=False); return int(np.sum(s > 1e-8)).",
    ],
    seed=33,
)


# --------------------------------------------------------------------------- concept checks

ENTANGLED_MEANS = Concept(
    id="linalg.tensor/what_entangled_means",
    question="Which statement is the definition of an entangled pure state of two qubits?",
    options=[
        Option(
            "Measuring both qubits in the computational basis always gives equal bits.",
            correct=False,
            why="The product state |00> also always gives equal bits, and so does a classical coin that "
            "prepares |00> or |11> at random. Correlated outcomes in one basis are not the definition.",
        ),
        Option(
            "It cannot be written as a product |a> (x) |b>: its Schmidt rank across the cut is more than 1.",
            correct=True,
            why="That is the definition: a pure state is entangled exactly when it is not a product state, "
            "i.e. its amplitude matrix has more than one nonzero singular value.",
        ),
        Option(
            "More than one of its four amplitudes is nonzero.",
            correct=False,
            why="|+>|+> has four nonzero amplitudes and is a product state; the Bell state has only two and "
            "is entangled. Count Schmidt coefficients, not amplitudes.",
        ),
        Option(
            "It comes out of a CNOT gate.",
            correct=False,
            why="A CNOT entangles only some inputs: CNOT|00> = |00> and CNOT|+>|+> = |+>|+> are product "
            "states. What matters is the state, not the gate that made it.",
        ),
    ],
)

MEMORY_30_QUBITS = Concept(
    id="linalg.tensor/memory_30_qubits",
    question="A laptop has 16 GiB of RAM. Can a NumPy statevector simulator apply one gate to 30 qubits on it?",
    options=[
        Option(
            "Yes: the reshape method needs only the state, 16 * 2**30 bytes.",
            correct=False,
            why="16 * 2**30 bytes is exactly 16 GiB, all of the RAM, and the result of the gate needs a new "
            "array of the same size (tensordot and the final reshape allocate one); the operating system "
            "needs memory too.",
        ),
        Option(
            "No: the state alone fills the 16 GiB, and the gate's output needs a second buffer as large.",
            correct=True,
            why="Right: input and output state together need 32 GiB at 30 qubits. With 16 GiB the practical "
            "limit is about 28 qubits (two 4 GiB buffers plus room to spare).",
        ),
        Option(
            "Only with the dense matrix, which is sparse enough to fit.",
            correct=False,
            why="The dense matrix has 4**30 entries, 16 * 4**30 bytes = 16 EiB; it stops fitting at about 14 "
            "qubits. NumPy stores every zero of a dense array.",
        ),
    ],
)
