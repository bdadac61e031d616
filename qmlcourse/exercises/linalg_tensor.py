"""Exercises of lesson ``linalg.tensor`` (notebooks/03_tensor_products.ipynb).

Three exercises on many-qubit states: the Kronecker product of a list of factors in wire
order, applying a one-qubit gate to one wire by reshaping the state (the simulator's core
move), and the Schmidt rank of a state across a cut (product versus entangled).
"""

from __future__ import annotations

from functools import reduce

import numpy as np

from qmlcourse.exercises import Exercise, Mistake, case, compare


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
        case([_random_vector(rng, 2), _random_vector(rng, 4), _random_vector(rng, 2)], label="three states of 1, 2 and 1 qubits"),
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
    raise NotImplementedError("combine the factors with np.kron")
''',
    reference=kron_all,
    cases=_kron_all_cases,
    answer=compare.array(atol=1e-10, what="entries"),
    mistakes=[
        Mistake(_kron_reversed, "the factors are combined in reverse order: np.kron(a, b) puts a on the more significant wire, so keep the list order (kron in the wrong order)"),
        Mistake(_kron_first_two, "only the first two factors are combined: loop over every factor in the list"),
        Mistake(_kron_first_twice, "the first factor appears twice: start from factors[0] and loop over factors[1:]"),
        Mistake(_kron_outer, "np.outer flattens matrices before multiplying, so its entries are in the wrong places; np.kron keeps the block structure"),
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


# --------------------------------------------------------------------------- apply_on_wire


def apply_on_wire(gate, state, wire):
    """Apply a one-qubit gate to one wire of an n-qubit state by reshaping it to a tensor."""
    n = int(np.log2(state.shape[0]))
    tensor = state.reshape((2,) * n)
    out = np.tensordot(gate, tensor, axes=([1], [wire]))
    out = np.moveaxis(out, 0, wire)
    return out.reshape(-1)


def _apply_on_wire_cases(rng: np.random.Generator) -> list:
    x = np.array([[0.0, 1.0], [1.0, 0.0]], dtype=complex)
    return [
        case(x, np.array([1, 0, 0, 0], dtype=complex), 1, label="X on wire 1 of |00>, which gives |01>"),
        case(_random_unitary(rng), _random_vector(rng, 2), 0, label="1 qubit, wire 0"),
        case(_random_unitary(rng), _random_vector(rng, 4), 0, label="2 qubits, wire 0"),
        case(_random_unitary(rng), _random_vector(rng, 4), 1, label="2 qubits, wire 1"),
        case(_random_unitary(rng), _random_vector(rng, 8), 1, label="3 qubits, wire 1"),
        case(_random_unitary(rng), _random_vector(rng, 16), 2, label="4 qubits, wire 2"),
        case(_random_unitary(rng), _random_vector(rng, 32), 0, label="5 qubits, wire 0"),
    ]


def _n_of(state) -> int:
    return int(np.log2(len(state)))


APPLY_ON_WIRE = Exercise(
    id="linalg.tensor/apply_on_wire",
    title="Apply a gate to one wire",
    statement=(
        "Apply a 2x2 gate to wire `wire` of an n-qubit state vector without building the "
        "2**n x 2**n matrix: reshape the vector to n axes of size 2, multiply along the axis of "
        "that wire, put the axis back in its place and flatten."
    ),
    template='''def apply_on_wire(gate, state, wire):
    """Return the state after applying the one-qubit `gate` to qubit `wire`.

    gate: complex array of shape (2, 2).
    state: complex array of shape (2**n,), amplitudes of |q0 q1 ... q(n-1)>;
           wire 0 is the most significant (leftmost) bit.
    wire: integer in 0 .. n-1.
    Returns: complex array of shape (2**n,), equal to (I (x) ... (x) gate (x) ... (x) I) @ state.
    Example: apply_on_wire(np.array([[0, 1], [1, 0]]), np.array([1, 0, 0, 0]), 1)
             -> array([0, 1, 0, 0])   # X on wire 1 turns |00> into |01>
    Do not build the 2**n x 2**n matrix: reshape state to (2,) * n instead.
    """
    raise NotImplementedError("reshape, contract the gate with axis `wire`, move the axis back, flatten")
''',
    reference=apply_on_wire,
    cases=_apply_on_wire_cases,
    answer=compare.state(atol=1e-10, up_to_global_phase=False),
    mistakes=[
        Mistake(
            lambda gate, state, wire: np.moveaxis(
                np.tensordot(gate, state.reshape((2,) * _n_of(state)), axes=([1], [_n_of(state) - 1 - wire])), 0, _n_of(state) - 1 - wire
            ).reshape(-1),
            "the gate landed on the wrong qubit: you counted wires from the right, but wire 0 is the most significant (leftmost) bit, axis 0 of the reshaped tensor",
        ),
        Mistake(
            lambda gate, state, wire: np.tensordot(gate, state.reshape((2,) * _n_of(state)), axes=([1], [wire])).reshape(-1),
            "you forgot to move the axis back: np.tensordot puts the gate's output axis first, so np.moveaxis(out, 0, wire) before flattening",
        ),
        Mistake(
            lambda gate, state, wire: np.moveaxis(np.tensordot(gate, state.reshape((2,) * _n_of(state)), axes=([0], [wire])), 0, wire).reshape(-1),
            "you applied the transpose of the gate: contract the gate's column index (axes=([1], [wire])), as in the matrix product gate @ v",
        ),
        Mistake(
            lambda gate, state, wire: np.moveaxis(np.tensordot(gate, state.reshape((2,) * _n_of(state)), axes=([1], [wire])), 0, wire),
            "you returned the (2, ..., 2) tensor: flatten it back to a vector of length 2**n with .reshape(-1)",
        ),
    ],
    alternatives=[
        # the dense matrix I (x) ... (x) gate (x) ... (x) I: correct, only slower
        lambda gate, state, wire: np.kron(np.kron(np.eye(2**wire), gate), np.eye(len(state) // 2 ** (wire + 1))) @ state,
        # the simulator's view: (left, 2, right) blocks and one matrix product per block
        lambda gate, state, wire: np.matmul(gate, state.reshape(2**wire, 2, -1)).reshape(-1),
        # einsum on a (left, 2, right) view
        lambda gate, state, wire: np.einsum("ab,lbr->lar", gate, state.reshape(2**wire, 2, -1)).reshape(-1),
    ],
    hints=[
        "A state of n qubits reshaped to (2,) * n has one axis per qubit, axis k for wire k.",
        "np.tensordot(gate, tensor, axes=([1], [wire])) multiplies the gate into that axis, but the new axis comes out first.",
        "n = int(np.log2(len(state))); t = state.reshape((2,) * n); out = np.tensordot(gate, t, axes=([1], [wire])); return np.moveaxis(out, 0, wire).reshape(-1)",
    ],
    seed=32,
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

    bell = np.array([1, 0, 0, 1], dtype=complex) / np.sqrt(2)
    ghz = np.zeros(8, dtype=complex)
    ghz[[0, 7]] = 1 / np.sqrt(2)
    zero = np.array([1, 0], dtype=complex)
    rank2 = product(_random_vector(rng, 4), _random_vector(rng, 4)) + product(_random_vector(rng, 4), _random_vector(rng, 4))
    return [
        case(np.array([1, 0, 0, 0], dtype=complex), 1, label="the product state |00>"),
        case(bell, 1, label="the Bell state (|00> + |11>)/sqrt(2)"),
        case(product(_random_vector(rng, 2), _random_vector(rng, 2)), 1, label="a random product state of 2 qubits"),
        case(product(bell, zero), 1, label="a Bell pair on wires 0, 1 and |0> on wire 2, cut after wire 0"),
        case(product(bell, _random_vector(rng, 2)), 2, label="a Bell pair on wires 0, 1 and a state on wire 2, cut after wire 1"),
        case(ghz, 1, label="the GHZ state of 3 qubits, cut after wire 0"),
        case(product(_random_vector(rng, 4), _random_vector(rng, 4)), 2, label="a product of two random 2-qubit states, cut in the middle"),
        case(rank2 / np.linalg.norm(rank2), 2, label="a sum of two product states, cut in the middle"),
        case(_random_vector(rng, 16), 2, label="a random 4-qubit state, cut in the middle"),
    ]


SCHMIDT_RANK = Exercise(
    id="linalg.tensor/schmidt_rank",
    title="Schmidt rank across a cut",
    statement=(
        "Count the nonzero Schmidt coefficients of a state cut into wires 0..n_left-1 and the "
        "rest: reshape the vector to a 2**n_left x 2**(n - n_left) matrix and count its singular "
        "values larger than 1e-8. Rank 1 means a product state; more means entangled."
    ),
    template='''def schmidt_rank(state, n_left):
    """Return the Schmidt rank of `state` across the cut after the first n_left wires.

    state: complex array of shape (2**n,), a normalised n-qubit state (wire 0 most significant).
    n_left: integer in 1 .. n-1; the left part is wires 0 .. n_left-1, the right part the rest.
    Returns: a Python int, the number of singular values of the 2**n_left x 2**(n-n_left)
             matrix of amplitudes that are larger than 1e-8 (computed values are never exactly 0).
    Example: schmidt_rank(np.array([1, 0, 0, 1]) / np.sqrt(2), 1) -> 2   # the Bell state
    """
    raise NotImplementedError("reshape to a matrix and count the singular values above 1e-8")
''',
    reference=schmidt_rank,
    cases=_schmidt_rank_cases,
    answer=compare.integer(),
    mistakes=[
        Mistake(
            lambda state, n_left: int(np.sum(np.abs(state) > 1e-8)),
            "you counted nonzero amplitudes: a product state such as |+>|+> has many nonzero amplitudes; count the singular values of the reshaped matrix",
        ),
        Mistake(
            lambda state, n_left: int(np.sum(np.linalg.svd(state.reshape(2**n_left, -1), compute_uv=False) > 0)),
            "no tolerance: rounding leaves singular values like 1e-17 that should count as zero; count only those above 1e-8",
        ),
        Mistake(
            lambda state, n_left: int(len(np.linalg.svd(state.reshape(2**n_left, -1), compute_uv=False))),
            "you returned the number of singular values, min(2**n_left, 2**(n-n_left)); count only the nonzero ones (above 1e-8)",
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
        "Write the amplitudes as a matrix M with rows indexed by the left wires and columns by the right wires: psi = sum_ij M_ij |i>|j>.",
        "The Schmidt coefficients are the singular values of M (np.linalg.svd(M, compute_uv=False)); a product state has exactly one nonzero.",
        "s = np.linalg.svd(state.reshape(2**n_left, -1), compute_uv=False); return int(np.sum(s > 1e-8)).",
    ],
    seed=33,
)
