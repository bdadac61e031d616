"""Gradients of expectation values: adjoint differentiation and the parameter-shift rule.

Both take plain data, as PennyLane's ``adjoint_jacobian(tape)`` does: the list of
operations and their bound angles (``operation.bind_angles``), the observables and the
angles to differentiate. They return derivatives with respect to each bound angle ("slot":
operation ``k``, angle ``i``); ``Circuit.expval_and_gradient`` turns them into derivatives
with respect to weights and inputs by the chain rule. The tests compare both with finite differences and
with PennyLane.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

import numpy as np

from qmlcourse.sim import state as state_module
from qmlcourse.sim.apply import apply_diagonal, apply_matrix
from qmlcourse.sim.fusion import evolve, run_fused
from qmlcourse.sim.gates import GATES, TWO_TERM, is_scalar
from qmlcourse.sim.measure import apply_observable, as_observable, expval, z_table
from qmlcourse.sim.operation import Angle, Operation
from qmlcourse.sim.state import PEAK_FACTORS, check_peak, full_batch

#: One differentiated angle: (index of the operation, index of its angle).
Slot = tuple[int, int]
#: Shifted evaluations: offsets (S, n_slots), coefficients (S,), owning slot (S,).
Rows = tuple[np.ndarray, np.ndarray, np.ndarray]

#: Batches of shifted circuits are split so that one chunk stays below this size.
SHIFT_CHUNK_BYTES = 256 * 1024**2


def shifted(operations: Sequence[Operation], angles: Sequence[Sequence[Angle]], n_qubits: int,
            observables: Sequence, batch: int, slots: Sequence[Slot], rows: Rows) -> tuple[np.ndarray, np.ndarray]:
    """Values and derivatives from shifted copies of the circuit, evaluated in batches.

    Args:
        operations, angles: the circuit as bound by ``operation.bind_angles`` (batch ``batch``).
        observables: ``K`` observables; slots: the angles to differentiate, ``(op, angle)``.
        rows: ``(offsets (S, n_slots), coeffs (S,), owner (S,))``: each shifted evaluation
            adds ``offsets[r]`` to the slots' angles, and contributes ``coeffs[r]`` times its
            expectation values to the derivative of slot ``owner[r]``.

    Returns:
        values ``(batch, K)`` and derivatives ``(n_slots, batch, K)``.
    """
    offsets, coeffs, owner = rows
    slot_of = {key: s for s, key in enumerate(slots)}
    factor = PEAK_FACTORS["parameter-shift"]
    per_row = 16 * batch * 2**n_qubits
    budget = min(SHIFT_CHUNK_BYTES, state_module.MAX_STATE_BYTES)
    chunk = max(2, min(len(coeffs), int(budget // (factor * per_row))))  # at least both shifts of one angle
    if len(coeffs):
        check_peak(n_qubits, min(chunk, len(coeffs)) * batch, factor, "this parameter-shift gradient")
    plain = full_batch(evolve(operations, angles, n_qubits, batch), batch)
    values = np.stack([expval(plain, o) for o in observables], axis=-1)
    del plain
    dtheta = np.zeros((len(slots), batch, len(observables)))
    for start in range(0, len(coeffs), chunk):
        stop = min(start + chunk, len(coeffs))
        moved = shift_angles(angles, slot_of, offsets[start:stop], batch)
        rows_batch = (stop - start) * batch
        out = full_batch(evolve(operations, moved, n_qubits, rows_batch), rows_batch)
        ev = np.stack([expval(out, o) for o in observables], axis=-1).reshape(stop - start, batch, -1)
        np.add.at(dtheta, owner[start:stop], coeffs[start:stop, None, None] * ev)
    return values, dtheta


def shift_angles(angles: Sequence[Sequence[Angle]], slot_of: dict[Slot, int], offsets: np.ndarray,
                 batch: int) -> list[list[Angle]]:
    """Angles of ``S = len(offsets)`` shifted copies stacked on the batch: ``(S * batch,)`` each.

    >>> shift_angles([[0.5], [1.0]], {(0, 0): 0}, np.array([[0.1], [-0.1]]), 2)[0][0]
    array([0.6, 0.6, 0.4, 0.4])
    """
    s = offsets.shape[0]
    out: list[list[Angle]] = []
    for k, op_angles in enumerate(angles):
        row: list[Angle] = []
        for i, a in enumerate(op_angles):
            slot = slot_of.get((k, i))
            if slot is not None:
                base = np.broadcast_to(np.asarray(a, dtype=np.float64), (batch,))
                row.append((base[None, :] + offsets[:, slot, None]).reshape(-1))
            elif np.ndim(a):
                row.append(np.tile(a, s))
            else:
                row.append(a)
        out.append(row)
    return out


def adjoint(operations: Sequence[Operation], angles: Sequence[Sequence[Angle]], n_qubits: int,
            observables: Sequence, batch: int, slots: Sequence[Slot],
            cotangent: Callable[[np.ndarray], np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Adjoint differentiation (Jones and Gacon 2020): one forward and one backward pass.

    The state and the K "bra" states ``O_k |psi>`` travel backwards together, stacked
    on the batch axis, so each gate is un-applied once for all of them. Arguments as for
    ``shifted``; returns values ``(batch, K)`` and derivatives ``(n_slots, batch, K)``.

    With ``cotangent`` (values ``(batch, K)`` to weights ``c`` of the same shape, for instance
    the derivative of a loss with respect to the values) one bra per input travels back,
    ``sum_k c[b, k] O_k |psi_b>``, and the derivatives are those of ``sum_k c[b, k] <O_k>``:
    ``(n_slots, batch, 1)``, a vector-Jacobian product at the cost of one observable.
    """
    k_obs = len(observables) if cotangent is None else 1
    # the state and one bra per observable travel backwards
    check_peak(n_qubits, (k_obs + 1) * batch, PEAK_FACTORS["adjoint"], "this adjoint gradient")
    final = full_batch(evolve(operations, angles, n_qubits, batch), batch)
    values = expval(final, list(observables))
    if cotangent is None:
        bras = [apply_observable(final, as_observable(o)) for o in observables]
    else:
        c = check_cotangent(cotangent(values), values.shape)
        table = z_table(n_qubits, observables)
        if table is not None:  # products of Z: the weighted sum is one diagonal
            bras = [(c @ table.T).reshape(final.shape) * final]
        else:
            weighted = (c[:, k].reshape((batch,) + (1,) * (final.ndim - 1)) * apply_observable(final, as_observable(o))
                        for k, o in enumerate(observables))
            bras = [sum(weighted)]
    stacked = np.concatenate([final] + bras)
    del final, bras  # stacked holds copies
    trainable = {key: s for s, key in enumerate(slots)}
    dtheta = np.zeros((len(slots), batch, k_obs))
    backward(operations, stacked, angles, trainable, dtheta, batch, k_obs)
    return values, dtheta


def check_cotangent(c, shape: tuple[int, ...]) -> np.ndarray:
    """The cotangent's weights as a real array of ``shape``, or a ValueError saying what was wrong."""
    c = np.asarray(c)
    if c.shape != shape or c.dtype.kind not in "biuf":
        raise ValueError(f"cotangent must return real weights shaped like the values {shape}; got "
                         f"shape {c.shape} and dtype {c.dtype}")
    if not np.all(np.isfinite(c)):
        raise ValueError("cotangent returned NaN or infinite weights")
    return c.astype(np.float64)


def backward(ops: Sequence[Operation], stacked: np.ndarray, angles: Sequence[Sequence[Angle]],
             trainable: dict[Slot, int], dtheta: np.ndarray, batch: int, k_obs: int) -> np.ndarray:
    """The backward sweep of ``adjoint``; fills ``dtheta`` in place.

    Gates are un-applied in fused groups: a run of gates without trainable angles at once,
    and a run of one-qubit gates on distinct wires (a rotation layer) at once, after the
    derivatives of all its angles are read off the same state (one-qubit gates on
    different wires commute, so each sees the same bras and state).
    """
    trainable_ops = {k for k, _ in trainable}

    def is_trainable(k):
        return k in trainable_ops

    def undo(stacked, ks, matrices=None):
        """Un-apply gates ``ks``; ``matrices`` holds the (already computed) matrices of some."""
        inverses = []
        for k in ks:
            m = None if matrices is None else matrices.get(k)
            if m is None:
                inverses.append(inverse(ops[k], [np.tile(v, k_obs + 1) if np.ndim(v) else v for v in angles[k]]))
            else:
                m = np.swapaxes(m, -1, -2).conj()
                m = np.tile(m, (k_obs + 1, 1, 1)) if m.ndim == 3 else m
                inverses.append((Operation("QubitUnitary", ops[k].wires, matrix=m), []))
        return run_fused(stacked, [op for op, _ in inverses], [a for _, a in inverses])

    first = min((k for k, _ in trainable), default=len(ops))  # gates before it don't matter
    k = len(ops) - 1
    while k >= first:
        if not is_trainable(k):
            j = k
            while j >= first and not is_trainable(j):
                j -= 1
            stacked = undo(stacked, range(k, j, -1))
            k = j
            continue
        if len(ops[k].wires) == 1:
            j, seen = k, set()
            while j >= first and len(ops[j].wires) == 1 and ops[j].wires[0] not in seen:
                seen.add(ops[j].wires[0])
                j -= 1
            group = [t for t in range(k, j, -1) if is_trainable(t)]
            matrices = group_derivatives(stacked, ops, angles, group, trainable, dtheta, batch, k_obs)
            if j >= first:  # after the earliest trainable group nothing needs the states
                stacked = undo(stacked, range(k, j, -1), matrices)
            k = j
            continue
        op = ops[k]
        generator = GATES[op.name].generator
        assert generator is not None  # every trainable multi-qubit gate registers its generator
        gen = generator(len(op.wires))  # multi-qubit trainable gates have one angle
        if GATES[op.name].kind == "diagonal":
            g_psi = apply_diagonal(stacked[:batch], np.diag(gen), op.wires)
        else:
            g_psi = apply_matrix(stacked[:batch], gen, op.wires)
        bras = stacked[batch:].reshape(k_obs, batch, -1)
        inner = np.einsum("kbi,bi->bk", bras.conj(), g_psi.reshape(batch, -1))
        dtheta[trainable[(k, 0)]] = 2 * inner.imag
        stacked = undo(stacked, [k])
        k -= 1
    return stacked


#: Below this many bytes of gathered amplitudes, ``cross_densities`` gathers the state
#: around every wire at once (one product for all wires) instead of one product per wire.
#: Small in absolute terms, so the peak memory stays within ``PEAK_FACTORS`` plus 1 MiB.
GATHER_BYTES = 1024**2


def cross_densities(stacked: np.ndarray, batch: int, k_obs: int, wires: Sequence[int]) -> np.ndarray:
    """``M[g, k, b, j, i] = sum conj(lam[k, b]) psi[b]`` over every index but wire ``wires[g]``
    (``lam`` the bras, ``psi`` the state, stacked as in ``adjoint``; ``j, i`` that wire's bit).

    Returns ``(G, K, B, 2, 2)``. For small states all wires are read in one gather (the
    amplitudes around each wire, ``(G, 2, 2**(n-1))``) and one product; otherwise one
    ``cross_density`` per wire.
    """
    n = stacked.ndim - 1
    flat = stacked.reshape(stacked.shape[0], -1)
    if 16 * flat.size * len(wires) <= GATHER_BYTES:
        index = _around_wires(n, tuple(wires))  # (G, 2, 2**(n-1))
        psi = flat[:batch][:, index]  # (B, G, 2, R)
        bras = flat[batch:][:, index].conj().reshape((k_obs, batch) + index.shape)
        out = np.matmul(bras, np.swapaxes(psi, -1, -2))  # (K, B, G, 2, 2)
        return np.moveaxis(out, 2, 0)
    conj_bras = stacked[batch:].conj()
    crosses = []
    for q in wires:
        shape = (2**q, 2, 2 ** (n - q - 1))
        psi = stacked[:batch].reshape((batch,) + shape)
        crosses.append(cross_density(conj_bras.reshape((k_obs, batch) + shape), psi))
    return np.stack(crosses)


@functools.lru_cache(maxsize=256)
def _around_wires(n: int, wires: tuple[int, ...]) -> np.ndarray:
    """Flat indices ``(G, 2, 2**(n-1))``: row ``[g, j]`` lists the amplitudes with bit ``j``
    on wire ``wires[g]``, the other wires in order (read-only, cached)."""
    grid = np.arange(2**n).reshape((2,) * n)
    index = np.stack([np.moveaxis(grid, q, 0).reshape(2, -1) for q in wires])
    index.setflags(write=False)
    return index


def cross_density(conj_bras: np.ndarray, psi: np.ndarray) -> np.ndarray:
    """``M[k, b, j, i] = sum_{l, r} conj_bras[k, b, l, j, r] psi[b, l, i, r]``.

    Args:
        conj_bras: ``(K, B, L, 2, R)``, the complex conjugates of the bras;
        psi: ``(B, L, 2, R)`` (the state around one wire).

    Returns:
        ``(K, B, 2, 2)``. Same numbers as ``np.einsum("kbljr,blir->kbji", conj_bras, psi)``,
        computed with matrix products (faster: with many trailing amplitudes, one product
        per block; with few, after moving the wire's axis to the front).
    """
    if psi.shape[-1] >= 4:
        return np.matmul(conj_bras, np.swapaxes(psi, -1, -2)).sum(axis=2)
    b, _, _, _ = psi.shape
    moved_psi = np.moveaxis(psi, 2, 1).reshape(b, 2, -1)
    moved_bras = np.moveaxis(conj_bras, 3, 2).reshape(conj_bras.shape[0], b, 2, -1)
    return np.matmul(moved_bras, np.swapaxes(moved_psi, -1, -2))


#: Gates that are their own inverse.
SELF_INVERSE = {"Identity", "PauliX", "PauliY", "PauliZ", "Hadamard", "CNOT", "CY", "CZ", "SWAP", "Toffoli"}
#: Fixed gates whose inverse is a phase shift by this angle.
PHASE_INVERSE = {"S": -np.pi / 2, "T": -np.pi / 4}


def inverse(op: Operation, angles: Sequence[Angle]) -> tuple[Operation, list[Angle]]:
    """The operation and angles that undo ``op`` with ``angles`` (floats or arrays ``(B,)``)."""
    if op.name in SELF_INVERSE:
        return op, list(angles)
    if op.name in PHASE_INVERSE:
        return Operation("PhaseShift", op.wires), [PHASE_INVERSE[op.name]]
    if op.name in ("SX", "QubitUnitary"):
        m = op.matrix if op.name == "QubitUnitary" else GATES["SX"].matrix()
        assert m is not None
        return Operation("QubitUnitary", op.wires, matrix=m.conj().T), []
    if op.name == "Rot":  # RZ(w) RY(t) RZ(p) undone by RZ(-p) RY(-t) RZ(-w)
        phi, theta, omega = angles
        return op, [-omega, -theta, -phi]
    if op.name == "U3":  # PS(p) RY(t) PS(d) undone by PS(-d) RY(-t) PS(-p)
        theta, phi, delta = angles
        return op, [-theta, -delta, -phi]
    return op, [-a for a in angles]  # one-angle rotations: exp(-i t G) undone by t -> -t


def group_derivatives(stacked, ops, angles, group, trainable, dtheta, batch, k_obs) -> dict[int, np.ndarray]:
    """Derivatives for every trainable angle of a group of one-qubit gates on distinct wires.

    With ``psi`` the state after the group and ``lam_k`` the bras, each derivative is
    ``2 Im <lam_k| G' |psi>`` where ``G'`` is the angle's generator moved to the gate's
    output (``G' = V G V^dagger``, ``V`` the part of the gate after that angle). All of
    them follow from the 2x2 "cross density" ``M[j, i] = sum conj(lam_j) psi_i`` on each
    gate's wire, contracted with each ``G'``. Gates of the same name are handled together:
    their part matrices and moved generators are computed as one stack ``(G, B or 1, 2, 2)``.

    Args:
        stacked: the state and the bras ``((K + 1) * B, 2, ..., 2)``; ``group``: indices of
            the trainable gates; ``dtheta`` ``(n_slots, B, K)`` is filled in place.

    Returns:
        each gate's matrix ``(2, 2)`` or ``(B, 2, 2)`` (product of its parts), by index.
    """
    all_cross = cross_densities(stacked, batch, k_obs, [ops[t].wires[0] for t in group])  # (G, K, B, 2, 2)
    by_name: dict[str, list[int]] = {}
    for t in group:
        by_name.setdefault(ops[t].name, []).append(t)
    row_of = {t: g for g, t in enumerate(group)}
    matrices: dict[int, np.ndarray] = {}
    for name, ts in by_name.items():
        cross = all_cross[[row_of[t] for t in ts]] if len(ts) < len(group) else all_cross
        after = None  # (G, B or 1, 2, 2): product of the parts applied after the current one
        for pname, i in reversed(GATES[name].decompose or ((name, 0),)):
            part = GATES[pname]
            column = [angles[t][i] for t in ts]
            if not all(is_scalar(v) for v in column):
                a = np.stack([np.broadcast_to(np.asarray(v, dtype=np.float64), (batch,)) for v in column])
            else:
                a = np.array(column, dtype=np.float64)[:, None]
            rows = [g for g, t in enumerate(ts) if (t, i) in trainable]
            if rows:
                assert part.generator is not None
                gen = part.generator(1)
                every = len(rows) == len(ts)
                sel_cross = cross if every else cross[rows]  # (G', K, B, 2, 2)
                if after is None:
                    moved = np.broadcast_to(gen, (len(rows), 1, 2, 2))
                else:
                    sel = after if every else after[rows]
                    moved = sel @ gen @ np.swapaxes(sel, -1, -2).conj()  # (G', B or 1, 2, 2)
                n_g, n_k, n_b = sel_cross.shape[:3]
                if moved.shape[1] == 1:  # sum_ji moved[j, i] cross[..., j, i] as one product per gate
                    value = np.matmul(sel_cross.reshape(n_g, n_k * n_b, 4), moved.reshape(n_g, 4, 1))
                    value = value.reshape(n_g, n_k, n_b)
                else:
                    value = np.einsum("gbji,gkbji->gkb", moved, sel_cross)
                slots = [trainable[(ts[g], i)] for g in rows]
                dtheta[slots] = 2 * np.swapaxes(value.imag, 1, 2)
            m = part.matrix(a, n_wires=1)  # (G, B or 1, 2, 2)
            after = m if after is None else after @ m
        assert after is not None
        for g, t in enumerate(ts):
            matrices[t] = after[g, 0] if after.shape[1] == 1 else after[g]
    return matrices


def shift_rows(operations: Sequence[Operation], slots: Sequence[Slot]) -> Rows:
    """Offsets, coefficients and owners for the parameter-shift rule of every slot."""
    offsets, coeffs, owner = [], [], []
    for s, (k, _i) in enumerate(slots):
        spec = GATES[operations[k].name]
        rule = spec.shift_rule or TWO_TERM  # Rot and U3: each angle enters one Pauli rotation
        for c, shift in rule:
            row = np.zeros(len(slots))
            row[s] = shift
            offsets.append(row)
            coeffs.append(c)
            owner.append(s)
    return np.array(offsets).reshape(-1, len(slots)), np.array(coeffs), np.array(owner, dtype=int)


def finite_rows(slots: Sequence[Slot], step: float = 1e-6) -> Rows:
    """Rows for central finite differences (for comparison only)."""
    offsets, coeffs, owner = [], [], []
    for s in range(len(slots)):
        for sign in (1.0, -1.0):
            row = np.zeros(len(slots))
            row[s] = sign * step
            offsets.append(row)
            coeffs.append(sign / (2 * step))
            owner.append(s)
    return np.array(offsets).reshape(-1, len(slots)), np.array(coeffs), np.array(owner, dtype=int)
