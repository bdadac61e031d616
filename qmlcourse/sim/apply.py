"""Apply gates to batched states: one generic kernel and fast paths beside it.

All functions take a state of shape ``(Bs, 2, ..., 2)`` and a gate that is either shared by
the batch (matrix ``(d, d)``, diagonal ``(d,)``) or given per batch element (``(Bm, d, d)``,
``(Bm, d)``), with ``d = 2**len(wires)``. The result has batch ``max(Bs, Bm)``; ``Bs`` and
``Bm`` must be equal or one of them 1. Nothing is validated here: the hot kernels trust
their callers (``Circuit`` checks wires and shapes once, at its public boundary).

The fast paths (diagonal gates as a broadcast multiplication, permutation gates as an index
shuffle) give the same numbers as ``apply_matrix``; ``tests/sim/test_apply.py`` checks this.

>>> from qmlcourse.sim.state import zero_state
>>> from qmlcourse.sim.gates import X
>>> apply_matrix(zero_state(2), X, [1]).reshape(-1).real
array([0., 1., 0., 0.])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from qmlcourse.sim.gates import GATES

#: When d * R (target block times trailing amplitudes) is at most this, apply_matrix
#: multiplies from the right (see there).
SMALL_RIGHT = 16


def _is_contiguous(wires: Sequence[int]) -> bool:
    return len(wires) == 1 or list(wires) == list(range(wires[0], wires[0] + len(wires)))


def _to_blocks(state: np.ndarray, wires: Sequence[int]) -> np.ndarray:
    """View (or copy) the state as ``(B, L, d, R)`` with the target wires as the ``d`` axis."""
    n = state.ndim - 1
    k = len(wires)
    if _is_contiguous(wires):
        w0 = wires[0]
        return state.reshape(state.shape[0], 2**w0, 2**k, 2 ** (n - w0 - k))
    moved = np.moveaxis(state, [w + 1 for w in wires], range(n + 1 - k, n + 1))
    return moved.reshape(state.shape[0], -1, 2**k, 1)


def _from_blocks(blocks: np.ndarray, wires: Sequence[int], n: int) -> np.ndarray:
    """Inverse of ``_to_blocks``: back to a contiguous ``(B, 2, ..., 2)`` tensor."""
    k = len(wires)
    batch = blocks.shape[0]
    if _is_contiguous(wires):
        return blocks.reshape((batch,) + (2,) * n)
    out = blocks.reshape((batch,) + (2,) * n)
    return np.ascontiguousarray(np.moveaxis(out, range(n + 1 - k, n + 1), [w + 1 for w in wires]))


def kron_identity(matrix: np.ndarray, right: int) -> np.ndarray:
    """``kron(matrix, eye(right))`` for one ``(d, d)`` or a batch ``(B, d, d)`` of matrices.

    A strided copy into zeros: several times faster than ``np.kron``, which treats the batch
    axis as one more factor of the product.

    >>> m = np.array([[0.0, 1.0], [2.0, 3.0]])
    >>> bool(np.array_equal(kron_identity(m, 2), np.kron(m, np.eye(2))))
    True
    """
    d = matrix.shape[-1]
    big = np.zeros(matrix.shape[:-2] + (d, right, d, right), dtype=matrix.dtype)
    for k in range(right):  # one strided copy per diagonal block (an advanced index was 2-3x slower)
        big[..., :, k, :, k] = matrix
    return big.reshape(matrix.shape[:-2] + (d * right, d * right))


def apply_matrix(state: np.ndarray, matrix: np.ndarray, wires: Sequence[int]) -> np.ndarray:
    """Apply a ``k``-qubit matrix to ``wires`` (the generic kernel).

    Args:
        state: ``(Bs, 2, ..., 2)``.
        matrix: ``(d, d)`` shared by the batch or ``(Bm, d, d)`` one per batch element, with
            ``d = 2**len(wires)``; its first wire is ``wires[0]`` (most significant).
        wires: the target wires, distinct.

    Returns:
        the new state, ``(max(Bs, Bm), 2, ..., 2)``.
    """
    n = state.ndim - 1
    blocks = _to_blocks(state, wires)
    batch, left, d, right = blocks.shape
    if d * right <= SMALL_RIGHT and (matrix.ndim == 2 or left > 1):
        # Few trailing amplitudes: one large product per batch element, (L, dR) @ (dR, dR),
        # beats many tiny (d, d) @ (d, R) products. Not for one block of a batch of matrices
        # (L = 1): kron(M, I) would build (B, dR, dR) matrices for (B, d, d) @ (B, d, R) products
        # (W7's backward sweep: 4.2 -> 3.8 ms an epoch without it).
        big = matrix if right == 1 else kron_identity(matrix, right)
        out = np.matmul(blocks.reshape(batch, left, d * right), np.swapaxes(big, -1, -2))
        out = out.reshape(out.shape[0], left, d, right)
    elif state.dtype == np.complex128 and blocks.flags.c_contiguous and not np.any(matrix.imag):
        # A real matrix (an RY layer): one real product over the interleaved real and
        # imaginary parts, (d, d) @ (d, 2R), instead of a complex one.
        real = matrix.real
        pairs = blocks.view(np.float64)  # (B, L, d, 2R)
        out = np.matmul(real if real.ndim == 2 else real[:, None, :, :], pairs).view(np.complex128)
    else:
        out = np.matmul(matrix if matrix.ndim == 2 else matrix[:, None, :, :], blocks)
    return _from_blocks(out, wires, n)


def diagonal_factor(diag: np.ndarray, wires: Sequence[int], n: int) -> np.ndarray:
    """A gate's diagonal as a factor that broadcasts against an ``n``-qubit state.

    Args:
        diag: ``(d,)`` shared or ``(Bm, d)`` per batch element, ``d = 2**len(wires)``;
            ``wires[0]`` is its most significant bit.

    Returns:
        ``(Bm or 1, ...)`` with axes of size 2 on ``wires`` and 1 elsewhere.

    >>> diagonal_factor(np.array([1.0, -1.0]), [1], 2).shape
    (1, 1, 2)
    """
    d = diag if diag.ndim == 2 else diag[None, :]
    tensor = d.reshape((d.shape[0],) + (2,) * len(wires))
    tensor = tensor.transpose([0] + [1 + int(i) for i in np.argsort(wires)])
    shape = [d.shape[0]] + [1] * n
    for w in wires:
        shape[w + 1] = 2
    return tensor.reshape(shape)


def apply_diagonal(state: np.ndarray, diag: np.ndarray, wires: Sequence[int]) -> np.ndarray:
    """Apply a diagonal gate given by its diagonal (fast path: a broadcast multiplication).

    Args:
        state: ``(Bs, 2, ..., 2)``.
        diag: ``(d,)`` shared or ``(Bm, d)`` per batch element.
        wires: the target wires, distinct; ``wires[0]`` is the diagonal's most significant bit.
    """
    return state * diagonal_factor(diag, wires, state.ndim - 1)


def apply_permutation(state: np.ndarray, perm: Sequence[int], wires: Sequence[int]) -> np.ndarray:
    """Apply a permutation gate (fast path: an index shuffle, no arithmetic).

    Args:
        state: ``(B, 2, ..., 2)``.
        perm: ``perm[i]`` is the basis index (over ``wires``) whose amplitude lands at ``i``.
        wires: the target wires, distinct.
    """
    n = state.ndim - 1
    perm = tuple(int(i) for i in perm)
    d = 2 ** len(wires)
    if perm == tuple(range(d - 2)) + (d - 1, d - 2):
        return _controlled_flip(state, wires[:-1], wires[-1])
    if len(wires) == 2 and perm == (0, 2, 1, 3):
        return np.ascontiguousarray(np.swapaxes(state, wires[0] + 1, wires[1] + 1))
    blocks = _to_blocks(state, wires)
    return _from_blocks(blocks[:, :, list(perm), :], wires, n)


def _controlled_flip(state: np.ndarray, controls: Sequence[int], target: int) -> np.ndarray:
    """X on ``target`` where every control is 1 (X, CNOT, Toffoli): copy, then flip one slice."""
    if not controls:
        return np.ascontiguousarray(np.flip(state, axis=target + 1))
    out = state.copy()
    where: list[Any] = [slice(None)] * state.ndim
    for c in controls:
        where[c + 1] = 1
    index = tuple(where)
    axis = target + 1 - sum(1 for c in controls if c < target)  # the target's axis in the slice
    out[index] = np.flip(state[index], axis=axis)
    return out


def apply_operation(state: np.ndarray, name: str, wires: Sequence[int], params: Sequence = (),
                    matrix: np.ndarray | None = None, adjoint: bool = False) -> np.ndarray:
    """Apply a registered gate by name, choosing its fast path.

    Args:
        state: ``(Bs, 2, ..., 2)``.
        name: a key of ``qmlcourse.sim.gates.GATES`` (``"RX"``, ``"CNOT"``, ...).
        wires: target wires.
        params: the gate's angles, each a float or an array of shape ``(Bm,)``.
        matrix: for ``QubitUnitary``, the ``(d, d)`` or ``(Bm, d, d)`` matrix.
        adjoint: apply the inverse ``U^dagger`` instead (used by adjoint differentiation).
    """
    spec = GATES[name]
    if spec.kind == "permutation":
        assert spec.perm is not None  # every permutation gate registers its permutation
        perm = np.argsort(spec.perm).tolist() if adjoint else list(spec.perm)
        return apply_permutation(state, perm, wires)
    if spec.kind == "diagonal":
        assert spec.diag is not None  # every diagonal gate registers its diagonal
        diag = spec.diag(*params, n_wires=len(wires))
        return apply_diagonal(state, diag.conj() if adjoint else diag, wires)
    if name == "QubitUnitary":
        if matrix is None:
            raise ValueError("QubitUnitary needs its matrix")
        m = matrix
    else:
        m = spec.matrix(*params, n_wires=len(wires))
    return apply_matrix(state, np.swapaxes(m, -1, -2).conj() if adjoint else m, wires)
