"""Gate fusion: run a list of operations with as few passes over the state as possible.

``run_fused(state, operations, angles)`` gives the same state as applying each operation in
turn with ``apply_operation`` (``tests/sim/test_fusion.py`` checks this on random circuits),
but multiplies neighbouring gates together first: one-qubit gates into 2x2, 4x4 or 8x8
blocks, diagonal gates into one diagonal factor, permutation gates into one gather.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from qmlcourse.sim.apply import apply_matrix, apply_operation, apply_permutation, diagonal_factor
from qmlcourse.sim.gates import GATES
from qmlcourse.sim.operation import Angle, Operation
from qmlcourse.sim.state import PEAK_FACTORS, check_peak

#: Permutation gates are composed into one gather of all 2**n indices only up to this many
#: qubits. Measured (2 cores, shared): a 2-layer RY + CNOT-ring circuit runs 0.6-0.8x the
#: time of applying the CNOTs one by one at n = 8..14, about the same at n = 16, and 0.95x
#: warm but 3x slower cold at n = 20, where the index arrays (8 bytes per amplitude) cost
#: more memory traffic than the CNOT copies they save.
MAX_FUSED_PERM_QUBITS = 14

#: The index arrays of fused permutations are cached up to this many bytes in total
#: (least recently used dropped first); at n = 14 one array is 128 KiB.
PERM_CACHE_BYTES = 32 * 1024**2

_PERM_CACHE: OrderedDict[tuple, np.ndarray] = OrderedDict()
_PERM_CACHE_LOCK = threading.Lock()


def full_permutation(n: int, perm: tuple[int, ...], wires: tuple[int, ...]) -> np.ndarray:
    """Index array ``(2**n,)``: a permutation gate on ``wires`` as ``new = old[index]``
    (cached, read-only, within ``PERM_CACHE_BYTES``)."""
    key = (n, perm, wires)
    with _PERM_CACHE_LOCK:
        index = _PERM_CACHE.get(key)
        if index is not None:
            _PERM_CACHE.move_to_end(key)
            return index
    index = apply_permutation(np.arange(2**n).reshape((1,) + (2,) * n), perm, wires).reshape(-1)
    index.setflags(write=False)
    if index.nbytes <= PERM_CACHE_BYTES:
        with _PERM_CACHE_LOCK:
            _PERM_CACHE[key] = index
            while sum(a.nbytes for a in _PERM_CACHE.values()) > PERM_CACHE_BYTES:
                _PERM_CACHE.popitem(last=False)
    return index


def permutation_cache_bytes() -> int:
    """Bytes held by the cache of permutation index arrays."""
    with _PERM_CACHE_LOCK:
        return sum(a.nbytes for a in _PERM_CACHE.values())


def clear_permutation_cache() -> None:
    with _PERM_CACHE_LOCK:
        _PERM_CACHE.clear()


def evolve(
    operations: Sequence[Operation],
    angles: Sequence[Sequence[Angle]],
    n_qubits: int,
    batch: int,
    initial: np.ndarray | None = None,
) -> np.ndarray:
    """Run bound operations on ``|0...0>`` (or on ``initial``), refusing by peak memory first.

    Returns:
        ``(batch, 2, ..., 2)``, or ``(1, 2, ..., 2)`` when no angle varies over the batch
        (spread it with ``state.full_batch``).
    """
    check_peak(n_qubits, batch, PEAK_FACTORS["statevector"], "running this circuit")
    if initial is None:
        state = np.zeros((1,) + (2,) * n_qubits, dtype=np.complex128)
        state.reshape(-1)[0] = 1.0
    else:
        state = initial
    return run_fused(state, operations, angles, from_zero=initial is None)


def run_fused(
    state: np.ndarray, operations: Sequence[Operation], angles: Sequence[Sequence[Angle]], from_zero: bool = False
) -> np.ndarray:
    """Apply ``operations`` (with their evaluated ``angles``) to ``state`` ``(B, 2, ..., 2)``.

    ``from_zero`` promises that ``state`` is ``|0...0>``: the first layer of one-qubit gates
    then builds a product state directly instead of passing over the full state.
    """
    return FusedRun(state, from_zero).run(operations, angles)


class FusedRun:
    """Apply a list of operations with gate fusion, so that fewer passes touch the state.

    Multi-qubit permutation gates (CNOT, SWAP, Toffoli) are composed into one index
    permutation of the whole state (a CNOT ring becomes one gather). One-qubit gates wait on
    their wire and are multiplied into one 2x2 matrix per wire;
    when a multi-qubit gate arrives, every waiting wire is applied, neighbouring wires
    together as one 4x4 or 8x8 block (one pass over the state instead of up to three).
    Consecutive diagonal gates (CZ, IsingZZ, CRZ, MultiRZ) are multiplied into one diagonal
    factor. Gates on different wires commute, and a waiting gate was issued before the gate
    that makes it apply, so the order of non-commuting gates is kept. Invariant: a wire is
    in at most one of the waiting one-qubit products, diagonal and permutation.
    """

    MAX_BLOCK = 3

    def __init__(self, state: np.ndarray, from_zero: bool = False):
        self.state = state
        self.from_zero = from_zero  # the state is still |0...0>: nothing has touched it
        self.n = state.ndim - 1
        self.pending: dict[int, list] = {}
        self.owned = False  # True once self.state is an array this run made (safe to update in place)
        self.diag: list[tuple[int, np.ndarray]] = []  # (lowest wire, factor), multiplied at flush
        self.diag_wires: set[int] = set()
        self.perm: np.ndarray | None = None
        self.perm_wires: set[int] = set()

    def run(self, operations, angles) -> np.ndarray:
        for op, a in zip(operations, angles, strict=False):
            spec = GATES[op.name]
            wires = set(op.wires)
            if len(op.wires) > 1 and spec.kind == "permutation" and self.n <= MAX_FUSED_PERM_QUBITS:
                if wires.intersection(self.pending):
                    self.flush_pending()
                if wires & self.diag_wires:
                    self.flush_diag()
                self.add_perm(spec.perm, op.wires)
                continue
            if wires & self.perm_wires:
                self.flush_perm()
            if len(op.wires) == 1:
                if op.wires[0] in self.diag_wires:
                    self.flush_diag()
                self.pending.setdefault(op.wires[0], []).append((op, a))
                continue
            if wires.intersection(self.pending):
                self.flush_pending(diagonal_next=spec.kind == "diagonal")
            if spec.kind == "diagonal":
                assert spec.diag is not None
                self.add_diag(spec.diag(*a, n_wires=len(op.wires)), op.wires)
                continue
            if wires & self.diag_wires:
                self.flush_diag()
            self.state = apply_operation(self.state, op.name, op.wires, a, op.matrix)
            self.from_zero, self.owned = False, True
        self.flush_pending()
        self.flush_diag()
        self.flush_perm()
        return self.state

    def add_perm(self, perm, wires) -> None:
        """Compose a permutation gate into the waiting permutation of all ``2**n`` indices."""
        index = full_permutation(self.n, tuple(perm), tuple(wires))
        self.perm = index if self.perm is None else self.perm[index]
        self.perm_wires.update(wires)

    def flush_perm(self) -> None:
        if self.perm is not None:
            flat = self.state.reshape(self.state.shape[0], -1)
            self.state = flat[:, self.perm].reshape(self.state.shape)
            self.from_zero, self.owned = False, True
        self.perm, self.perm_wires = None, set()

    def product_state(self) -> None:
        """``|0...0>`` after the waiting one-qubit gates: the Kronecker product of one column
        per wire (gates waiting elsewhere act on other wires, so they may come after). Built
        from the least significant wire up, so each product's inner loop runs over the part
        already built (from wire 0 down it ran over 2 amplitudes: 3x slower at n = 20)."""
        state = np.ones((1, 1), dtype=np.complex128)
        for q in reversed(range(self.n)):
            ops = self.pending.pop(q, None)
            column = _product(ops)[..., :, 0] if ops else np.array([1.0, 0.0], dtype=np.complex128)
            column = column if column.ndim == 2 else column[None, :]
            state = (column[:, :, None] * state[:, None, :]).reshape(max(len(state), len(column)), -1)
        self.state = state.reshape((state.shape[0],) + (2,) * self.n)
        self.from_zero, self.owned = False, True

    def flush_pending(self, diagonal_next: bool = False) -> None:
        """Apply every waiting one-qubit product, in blocks of neighbouring wires.

        ``diagonal_next``: a diagonal gate is about to join the diagonal factor, so each
        wire's trailing diagonal gates (RZ, PhaseShift, Z, S, T) join it too instead of the
        wire's product: an RY layer then stays a real matrix, and an RZ layer costs no pass
        of its own (gates issued later on these wires flush the diagonal first).
        """
        if self.from_zero and self.pending:
            self.product_state()
            return
        if diagonal_next:
            for q in list(self.pending):
                ops = self.pending[q]
                cut = len(ops)
                while cut and GATES[ops[cut - 1][0].name].kind == "diagonal" and ops[cut - 1][0].name != "Identity":
                    cut -= 1
                if cut == len(ops):
                    continue
                for op, a in ops[cut:]:
                    diag = GATES[op.name].diag
                    assert diag is not None
                    self.add_diag(diag(*a, n_wires=1), op.wires)
                if cut:
                    self.pending[q] = ops[:cut]
                else:
                    del self.pending[q]
        wires = sorted(self.pending)
        blocks: list[list[int]] = []
        for q in wires:
            if blocks and q == blocks[-1][-1] + 1 and len(blocks[-1]) < self.MAX_BLOCK:
                blocks[-1].append(q)
            else:
                blocks.append([q])
        for block in blocks:
            ops = [self.pending.pop(q) for q in block]
            if len(block) == 1 and len(ops[0]) == 1:
                op, a = ops[0][0]
                self.state = apply_operation(self.state, op.name, op.wires, a, op.matrix)
                self.owned = True
                continue
            matrix = None
            for wire_ops in ops:
                m = _product(wire_ops)
                matrix = m if matrix is None else _batched_kron(matrix, m)
            assert matrix is not None
            self.state = apply_matrix(self.state, matrix, block)
            self.owned = True

    def add_diag(self, diag: np.ndarray, wires) -> None:
        """Add a gate's diagonal ``(d,)`` or ``(B, d)`` to the pending diagonal factor."""
        self.diag.append((min(wires), diagonal_factor(diag, wires, self.n)))
        self.diag_wires.update(wires)

    def flush_diag(self) -> None:
        """Multiply the pending diagonals into one factor, then the state by it (one pass).

        Diagonal gates commute, so the factors are multiplied from the least significant
        wire (the state's fastest axis) upwards: each product then adds leading axes to a
        contiguous block already built, so NumPy's inner loop runs over that whole block
        (grown from wire 0 down instead, the inner loop ran over 2 or 4 amplitudes: 4x
        slower at n = 20). A factor that adds no axis is multiplied in place. About
        2**(n-k+1) work in all for a product reaching down to wire k."""
        if self.diag:
            self.diag.sort(key=lambda item: -item[0])
            total, own = self.diag[0][1], False
            for _, factor in self.diag[1:]:
                if own and np.broadcast_shapes(total.shape, factor.shape) == total.shape:
                    np.multiply(total, factor, out=total)
                else:
                    total, own = total * factor, True
            if self.owned and self.state.flags.writeable and total.shape[0] <= self.state.shape[0]:
                np.multiply(self.state, total, out=self.state)  # our own array: update in place
            else:
                self.state = self.state * total
                self.owned = True
            self.from_zero = False
        self.diag, self.diag_wires = [], set()


def _product(ops) -> np.ndarray:
    """The matrix ``(2, 2)`` or ``(B, 2, 2)`` of one-qubit operations applied in order."""
    product = None
    for op, a in ops:
        m = op.matrix if op.name == "QubitUnitary" else GATES[op.name].matrix(*a, n_wires=1)
        product = m if product is None else np.matmul(m, product)
    assert product is not None, "a wire's product needs at least one operation"
    return product


def _batched_kron(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``kron(a, b)`` for matrices ``(..., p, p)`` and ``(..., q, q)``, broadcasting the batch.

    Written as one product per entry of the smaller factor, each over the whole batch:
    NumPy's inner loop then runs over the batch instead of over ``q`` entries (a broadcast
    product or einsum was 7-10x slower for ``(200, 4, 4)`` with ``(2, 2)``).

    >>> a, b = np.arange(4.0).reshape(2, 2), np.array([[0.0, 1.0], [1.0, 0.0]])
    >>> bool(np.array_equal(_batched_kron(a, b), np.kron(a, b)))
    True
    """
    p, q = a.shape[-1], b.shape[-1]
    if a.ndim == b.ndim == 2:  # one small matrix: a single broadcast product
        return (a[:, None, :, None] * b[None, :, None, :]).reshape(p * q, p * q)
    batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    out = np.empty(batch + (p, q, p, q), dtype=np.result_type(a, b))  # out[..., i, k, j, m] = a[i, j] b[k, m]
    if q <= p:
        for k in range(q):
            for m in range(q):
                np.multiply(a, b[..., k, m, None, None], out=out[..., :, k, :, m])
    else:
        for i in range(p):
            for j in range(p):
                np.multiply(a[..., i, j, None, None], b, out=out[..., i, :, j, :])
    return out.reshape(batch + (p * q, p * q))
