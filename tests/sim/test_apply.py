"""Tests for qmlcourse/sim/apply.py: the generic kernel against dense np.kron references,
and every fast path against the generic kernel."""

import itertools

import numpy as np
import pytest

from qmlcourse.sim import apply_diagonal, apply_matrix, apply_operation, apply_permutation, basis_state, to_vector
from qmlcourse.sim.gates import GATES, X, gate_matrix
from simref import apply_dense, embed, embed_kron, n_wires_of, random_state, random_unitary

N = 4
WIRE_SETS = [
    (0,),
    (2,),
    (3,),
    (0, 1),
    (1, 2),
    (2, 3),
    (3, 1),
    (1, 0),
    (0, 3),
    (3, 0),
    (2, 0),
    (0, 1, 2),
    (1, 2, 3),
    (2, 1, 0),
    (3, 0, 2),
    (0, 2, 3),
    (1, 3, 0),
    (0, 1, 2, 3),
    (3, 2, 1, 0),
    (2, 0, 3, 1),
]
BATCHES = [1, 3]


def _random_matrices(k, batch, seed):
    """A random unitary (d, d) shared, or (batch, d, d) distinct ones."""
    if batch is None:
        return random_unitary(2**k, seed)
    return np.stack([random_unitary(2**k, seed + i) for i in range(batch)])


def test_embed_reference_agrees_with_kron():
    """The bit-arithmetic reference equals I x M x I on contiguous wires."""
    m = random_unitary(4, 1)
    for first in range(N - 1):
        np.testing.assert_allclose(embed(m, [first, first + 1], N), embed_kron(m, first, N))
    # reversed wires equal SWAP M SWAP
    swap = np.eye(4)[[0, 2, 1, 3]]
    np.testing.assert_allclose(embed(m, [1, 0], 2), swap @ m @ swap)


@pytest.mark.parametrize("wires", WIRE_SETS, ids=str)
@pytest.mark.parametrize("batch", BATCHES)
def test_apply_matrix_shared_matrix(wires, batch):
    rng = np.random.default_rng(len(wires) * 10 + batch)
    state = random_state(N, batch, rng)
    m = _random_matrices(len(wires), None, seed=sum(wires))
    out = apply_matrix(state, m, list(wires))
    assert out.shape == state.shape
    np.testing.assert_allclose(to_vector(out), apply_dense(state, m, wires, N), atol=1e-12)


@pytest.mark.parametrize("wires", WIRE_SETS, ids=str)
@pytest.mark.parametrize("batch", BATCHES)
def test_apply_matrix_batched_matrices(wires, batch):
    rng = np.random.default_rng(len(wires) * 7 + batch)
    state = random_state(N, batch, rng)
    ms = _random_matrices(len(wires), batch, seed=3)
    out = apply_matrix(state, ms, list(wires))
    np.testing.assert_allclose(to_vector(out), apply_dense(state, ms, wires, N), atol=1e-12)


@pytest.mark.parametrize("wires", [(1,), (2, 0), (0, 1, 3)], ids=str)
def test_apply_matrix_broadcasts_batch_one_against_b(wires):
    rng = np.random.default_rng(5)
    k = len(wires)
    # one state, three matrices
    state = random_state(N, 1, rng)
    ms = _random_matrices(k, 3, seed=9)
    out = apply_matrix(state, ms, list(wires))
    assert out.shape == (3,) + (2,) * N
    for b in range(3):
        np.testing.assert_allclose(to_vector(out)[b], embed(ms[b], wires, N) @ to_vector(state)[0], atol=1e-12)
    # three states, one matrix given with a batch axis of 1
    states = random_state(N, 3, rng)
    out = apply_matrix(states, ms[:1], list(wires))
    assert out.shape == (3,) + (2,) * N
    np.testing.assert_allclose(to_vector(out), apply_dense(states, ms[0], wires, N), atol=1e-12)


def test_apply_matrix_on_various_sizes():
    rng = np.random.default_rng(8)
    for n in (1, 2, 3, 5, 6):
        for k in range(1, min(n, 3) + 1):
            wires = [int(q) for q in rng.permutation(n)[:k]]
            state = random_state(n, 2, rng)
            m = random_unitary(2**k, n + k)
            np.testing.assert_allclose(
                to_vector(apply_matrix(state, m, wires)), apply_dense(state, m, wires, n), atol=1e-12
            )


def test_apply_matrix_does_not_modify_input():
    rng = np.random.default_rng(1)
    state = random_state(3, 2, rng)
    before = state.copy()
    apply_matrix(state, random_unitary(4, 0), [2, 0])
    apply_matrix(state, random_unitary(4, 0), [0, 1])
    apply_diagonal(state, np.exp(1j * rng.normal(size=4)), [1, 2])
    apply_permutation(state, (0, 1, 3, 2), [2, 1])
    np.testing.assert_array_equal(state, before)


# --- convention -------------------------------------------------------------------------------


def test_x_on_wire_1_of_00_gives_index_1():
    out = to_vector(apply_matrix(basis_state("00"), X, [1]))[0]
    np.testing.assert_array_equal(out, [0, 1, 0, 0])
    out = to_vector(apply_matrix(basis_state("00"), X, [0]))[0]
    np.testing.assert_array_equal(out, [0, 0, 1, 0])


def test_cnot_control_is_first_wire():
    cnot = gate_matrix("CNOT")
    np.testing.assert_array_equal(to_vector(apply_matrix(basis_state("10"), cnot, [0, 1]))[0], [0, 0, 0, 1])
    np.testing.assert_array_equal(to_vector(apply_matrix(basis_state("01"), cnot, [0, 1]))[0], [0, 1, 0, 0])
    np.testing.assert_array_equal(to_vector(apply_matrix(basis_state("01"), cnot, [1, 0]))[0], [0, 0, 0, 1])


# --- fast paths against the generic kernel ---------------------------------------------------------


@pytest.mark.parametrize("wires", WIRE_SETS, ids=str)
@pytest.mark.parametrize("batch", BATCHES)
def test_apply_diagonal_against_generic(wires, batch):
    rng = np.random.default_rng(20 + batch)
    state = random_state(N, batch, rng)
    d = 2 ** len(wires)
    shared = np.exp(1j * rng.uniform(0, 2 * np.pi, d)) * rng.uniform(0.5, 1.5, d)  # any diagonal
    np.testing.assert_allclose(
        apply_diagonal(state, shared, list(wires)), apply_matrix(state, np.diag(shared), list(wires)), atol=1e-12
    )
    per = np.exp(1j * rng.uniform(0, 2 * np.pi, (batch, d)))
    diag_m = np.stack([np.diag(p) for p in per])
    np.testing.assert_allclose(
        apply_diagonal(state, per, list(wires)), apply_matrix(state, diag_m, list(wires)), atol=1e-12
    )
    np.testing.assert_allclose(
        to_vector(apply_diagonal(state, per, list(wires))), apply_dense(state, diag_m, wires, N), atol=1e-12
    )


def test_apply_diagonal_one_state_many_diagonals():
    rng = np.random.default_rng(2)
    state = random_state(3, 1, rng)
    per = np.exp(1j * rng.uniform(0, 2 * np.pi, (4, 4)))
    out = apply_diagonal(state, per, [2, 0])
    assert out.shape == (4, 2, 2, 2)
    np.testing.assert_allclose(out, apply_matrix(state, np.stack([np.diag(p) for p in per]), [2, 0]), atol=1e-12)


def _all_perms(k, limit, rng):
    d = 2**k
    if k == 1:
        return [(0, 1), (1, 0)]
    perms = [tuple(range(d)), tuple(range(d))[::-1]]
    perms += [tuple(int(i) for i in rng.permutation(d)) for _ in range(limit)]
    return perms


@pytest.mark.parametrize("wires", WIRE_SETS, ids=str)
@pytest.mark.parametrize("batch", BATCHES)
def test_apply_permutation_against_generic(wires, batch):
    rng = np.random.default_rng(30 + batch)
    state = random_state(N, batch, rng)
    k = len(wires)
    perms = _all_perms(k, 3, rng)
    if k == 2:
        perms.append((0, 2, 1, 3))  # SWAP has its own path
    for perm in perms:
        m = np.eye(2**k)[list(perm)]
        np.testing.assert_allclose(
            apply_permutation(state, perm, list(wires)),
            apply_matrix(state, m, list(wires)),
            atol=1e-14,
            err_msg=f"perm {perm}",
        )
        np.testing.assert_allclose(
            apply_permutation(state, np.array(perm), list(wires)), apply_matrix(state, m, list(wires)), atol=1e-14
        )


FAST = [g for g in sorted(GATES) if GATES[g].kind in ("diagonal", "permutation")]
DENSE = [g for g in sorted(GATES) if GATES[g].kind == "dense"]


def _wires_for(name, rng, n=N):
    return [int(w) for w in rng.permutation(n)[: n_wires_of(name)]]


@pytest.mark.parametrize("name", sorted(GATES))
@pytest.mark.parametrize("batch", BATCHES)
@pytest.mark.parametrize("adjoint", [False, True])
def test_apply_operation_against_generic(name, batch, adjoint):
    """apply_operation (fast path or not, adjoint or not) equals apply_matrix with the dense matrix."""
    rng = np.random.default_rng(sorted(GATES).index(name) + 50 * batch)
    spec = GATES[name]
    state = random_state(N, batch, rng)
    for trial in range(3):
        wires = _wires_for(name, rng)
        k = len(wires)
        # shared angles (floats) and one angle per batch element
        for params in (
            [float(a) for a in rng.uniform(-np.pi, np.pi, spec.num_params)],
            [rng.uniform(-np.pi, np.pi, batch) for _ in range(spec.num_params)],
        ):
            matrix = random_unitary(2**k, trial) if name == "QubitUnitary" else None
            m = matrix if matrix is not None else gate_matrix(name, *params, n_wires=k)
            if adjoint:
                m = np.conj(np.swapaxes(m, -1, -2))
            out = apply_operation(state, name, wires, params, matrix=matrix, adjoint=adjoint)
            np.testing.assert_allclose(to_vector(out), apply_dense(state, m, wires, N), atol=1e-12)


@pytest.mark.parametrize("name", sorted(GATES))
def test_adjoint_undoes_operation(name):
    rng = np.random.default_rng(4)
    state = random_state(N, 3, rng)
    wires = _wires_for(name, rng)
    params = [rng.uniform(-np.pi, np.pi, 3) for _ in range(GATES[name].num_params)]
    matrix = random_unitary(2 ** len(wires), 0) if name == "QubitUnitary" else None
    there = apply_operation(state, name, wires, params, matrix=matrix)
    back = apply_operation(there, name, wires, params, matrix=matrix, adjoint=True)
    np.testing.assert_allclose(back, state, atol=1e-12)


def test_fast_paths_cover_the_issue_list():
    for name in ("RZ", "CZ", "CRZ", "PhaseShift", "IsingZZ", "MultiRZ", "PauliZ", "S", "T"):
        assert GATES[name].kind == "diagonal", name
    for name in ("CNOT", "SWAP", "PauliX", "Toffoli"):
        assert GATES[name].kind == "permutation", name


def test_apply_operation_batched_matrix_for_qubit_unitary():
    rng = np.random.default_rng(6)
    state = random_state(3, 1, rng)
    us = np.stack([random_unitary(4, s) for s in range(3)])
    out = apply_operation(state, "QubitUnitary", [2, 0], matrix=us)
    np.testing.assert_allclose(to_vector(out), apply_dense(state, us, (2, 0), 3), atol=1e-12)


@pytest.mark.parametrize("n", [1, 2, 3])
def test_every_wire_order_small(n):
    """All ordered wire tuples on up to 3 qubits, shared and batched matrices."""
    rng = np.random.default_rng(n)
    state = random_state(n, 2, rng)
    for k in range(1, n + 1):
        for wires in itertools.permutations(range(n), k):
            m = random_unitary(2**k, k)
            np.testing.assert_allclose(
                to_vector(apply_matrix(state, m, list(wires))), apply_dense(state, m, wires, n), atol=1e-12
            )


@pytest.mark.parametrize("shape", [(2, 2), (5, 2, 2), (3, 4, 4)])
@pytest.mark.parametrize("right", [1, 2, 8])
def test_kron_identity_equals_numpy_kron(shape, right):
    from qmlcourse.sim.apply import kron_identity

    rng = np.random.default_rng(3)
    m = rng.normal(size=shape) + 1j * rng.normal(size=shape)
    expected = np.kron(m, np.eye(right))  # numpy's kron treats a leading batch axis as a 1-by-1 factor
    np.testing.assert_array_equal(kron_identity(m, right), expected)
