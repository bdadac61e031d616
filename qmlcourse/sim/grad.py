"""Gradients of expectation values: adjoint differentiation and the parameter-shift rule.

Both return derivatives with respect to each bound angle ("slot": operation ``k``, angle
``i``); ``Circuit.expval_and_gradient`` turns them into derivatives with respect to
weights and inputs by the chain rule. The tests compare both with finite differences and
with PennyLane.
"""

from __future__ import annotations

import numpy as np

from qmlcourse.sim.apply import apply_diagonal, apply_matrix, apply_operation
from qmlcourse.sim.fusion import one_blas_thread
from qmlcourse.sim.gates import GATES, TWO_TERM
from qmlcourse.sim.measure import apply_observable, as_observable, expval

#: Batches of shifted circuits are split so that one chunk stays below this size.
SHIFT_CHUNK_BYTES = 256 * 1024**2


def shifted(circuit, observables, x, w, n, p, slots, rows):
    """Evaluate all shifted circuits in batches; rows = (offsets (S, n_slots), coeffs (S,), slot (S,))."""
    offsets, coeffs, owner = rows
    slot_of = {key: s for s, key in enumerate(slots)}
    plain = full_batch(circuit._evolve(circuit._angles(x, w, p, n), p * n), p * n)
    values = np.stack([expval(plain, o) for o in observables], axis=-1)
    dtheta = np.zeros((len(slots), p * n, len(observables)))
    per_row = 16 * p * n * 2**circuit.n_qubits
    chunk = max(1, min(len(coeffs), SHIFT_CHUNK_BYTES // per_row)) if len(coeffs) else 1
    for start in range(0, len(coeffs), chunk):
        stop = min(start + chunk, len(coeffs))
        angles = circuit._angles(x, w, p, n, offsets[start:stop], slot_of)
        state = full_batch(circuit._evolve(angles, (stop - start) * p * n), (stop - start) * p * n)
        ev = np.stack([expval(state, o) for o in observables], axis=-1).reshape(stop - start, p * n, -1)
        np.add.at(dtheta, owner[start:stop], coeffs[start:stop, None, None] * ev)
    return values, dtheta


def adjoint(circuit, observables, x, w, n, p, slots):
    """Adjoint differentiation (Jones and Gacon 2020): one forward and one backward pass.

    The state and the K "bra" states ``O_k |psi>`` travel backwards together, stacked
    on the batch axis, so each gate is un-applied once for all of them.
    """
    batch, k_obs = p * n, len(observables)
    angles = circuit._angles(x, w, p, n)
    final = full_batch(circuit._evolve(angles, batch), batch)
    values = np.stack([expval(final, o) for o in observables], axis=-1)
    stacked = np.concatenate([final] + [apply_observable(final, as_observable(o)) for o in observables])
    trainable = {key: s for s, key in enumerate(slots)}
    dtheta = np.zeros((len(slots), batch, k_obs))
    with one_blas_thread():
        stacked = backward(circuit, stacked, angles, trainable, dtheta, batch, k_obs)
    return values, dtheta


def backward(circuit, stacked, angles, trainable, dtheta, batch, k_obs):
    """The backward sweep of ``adjoint``; fills ``dtheta`` in place."""

    def tiled(angle):
        return np.tile(angle, k_obs + 1) if np.ndim(angle) else angle

    first = min((k for k, _ in trainable), default=len(circuit.operations))
    for k in range(len(circuit.operations) - 1, first - 1, -1):  # gates before `first` don't matter
        op, a = circuit.operations[k], angles[k]
        if not any((k, i) in trainable for i in range(len(op.params))):
            stacked = apply_operation(stacked, op.name, op.wires, [tiled(v) for v in a], op.matrix, adjoint=True)
            continue
        if len(op.wires) == 1:
            one_qubit_derivatives(stacked, op, a, k, trainable, dtheta, batch, k_obs)
            stacked = apply_operation(stacked, op.name, op.wires, [tiled(v) for v in a], op.matrix, adjoint=True)
            continue
        for i in range(len(op.params) - 1, -1, -1):  # multi-qubit gates have one angle
            if (k, i) in trainable:
                gen = GATES[op.name].generator(len(op.wires))
                if GATES[op.name].kind == "diagonal":
                    g_psi = apply_diagonal(stacked[:batch], np.diag(gen), op.wires)
                else:
                    g_psi = apply_matrix(stacked[:batch], gen, op.wires)
                bras = stacked[batch:].reshape(k_obs, batch, -1)
                inner = np.einsum("kbi,bi->bk", bras.conj(), g_psi.reshape(batch, -1))
                dtheta[trainable[(k, i)]] = 2 * inner.imag
        stacked = apply_operation(stacked, op.name, op.wires, [tiled(v) for v in a], op.matrix, adjoint=True)
    return stacked


def one_qubit_derivatives(stacked, op, a, k, trainable, dtheta, batch, k_obs) -> None:
    """Derivatives for every trainable angle of a one-qubit gate, in one pass over the state.

    With ``psi`` the state after the gate and ``lam_k`` the bras, each derivative is
    ``2 Im <lam_k| G' |psi>`` where ``G'`` is the angle's generator moved to the gate's
    output (``G' = V G V^dagger``, ``V`` the part of the gate after that angle). All of
    them follow from the 2x2 "cross density" ``M[j, i] = sum conj(lam_j) psi_i`` on the
    gate's wire, contracted with each ``G'``.
    """
    q = op.wires[0]
    n = stacked.ndim - 1
    shape = (2**q, 2, 2 ** (n - q - 1))
    psi = stacked[:batch].reshape((batch,) + shape)
    bras = stacked[batch:].reshape((k_obs, batch) + shape)
    cross = np.einsum("kbljr,blir->kbji", bras.conj(), psi)
    spec = GATES[op.name]
    parts = spec.decompose or ((op.name, 0),)
    after = None  # product of the parts applied after the current one
    for pname, i in reversed(parts):
        part = GATES[pname]
        if (k, i) in trainable:
            gen = part.generator(1)
            moved = gen if after is None else after @ gen @ np.swapaxes(after, -1, -2).conj()
            value = np.einsum("bji,kbji->bk" if moved.ndim == 3 else "ji,kbji->bk", moved, cross)
            dtheta[trainable[(k, i)]] = 2 * value.imag
        m = part.matrix(a[i], n_wires=1)
        after = m if after is None else after @ m


def shift_rows(circuit, slots):
    """Offsets, coefficients and owners for the parameter-shift rule of every slot."""
    offsets, coeffs, owner = [], [], []
    for s, (k, i) in enumerate(slots):
        spec = GATES[circuit.operations[k].name]
        rule = spec.shift_rule or TWO_TERM  # Rot and U3: each angle enters one Pauli rotation
        for c, shift in rule:
            row = np.zeros(len(slots))
            row[s] = shift
            offsets.append(row)
            coeffs.append(c)
            owner.append(s)
    return np.array(offsets).reshape(-1, len(slots)), np.array(coeffs), np.array(owner, dtype=int)


def finite_rows(slots, step: float = 1e-6):
    offsets, coeffs, owner = [], [], []
    for s in range(len(slots)):
        for sign in (1.0, -1.0):
            row = np.zeros(len(slots))
            row[s] = sign * step
            offsets.append(row)
            coeffs.append(sign / (2 * step))
            owner.append(s)
    return np.array(offsets).reshape(-1, len(slots)), np.array(coeffs), np.array(owner, dtype=int)


def full_batch(array: np.ndarray, batch: int) -> np.ndarray:
    """Broadcast an array whose leading axis is 1 to ``batch`` (a copy, writable)."""
    if array.shape[0] == batch:
        return array
    return np.broadcast_to(array, (batch,) + array.shape[1:]).copy()
