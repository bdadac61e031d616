"""Create, convert and validate batched statevectors.

Shape convention: a state of ``n`` qubits is a complex128 array of shape ``(B, 2, ..., 2)``
with ``n`` axes of size 2; ``B`` (the batch) is always present. Wire 0 is the most
significant bit, so ``to_vector`` gives amplitudes in the order ``|00..0>, |00..1>, ...``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: Largest state (in bytes) the simulator agrees to allocate.
MAX_STATE_BYTES = 2 * 1024**3
MAX_QUBITS = 30


def check_fits(n_qubits: int, batch: int) -> None:
    """Raise ValueError if a batch of ``batch`` states of ``n_qubits`` exceeds the memory cap.

    >>> check_fits(10, 4)
    """
    if n_qubits > MAX_QUBITS:
        raise ValueError(f"at most {MAX_QUBITS} qubits are supported; got {n_qubits}")
    nbytes = 16 * int(batch) * 2**n_qubits
    if nbytes > MAX_STATE_BYTES:
        raise ValueError(
            f"a batch of {batch} states of {n_qubits} qubits needs {nbytes / 2**30:.1f} GiB, "
            f"more than the {MAX_STATE_BYTES / 2**30:.0f} GiB limit; use fewer qubits or a smaller batch"
        )


#: Peak memory of a call, as a multiple of the bytes of the states it holds, measured with
#: tracemalloc (``tests/sim/test_safety.py`` checks them as upper bounds): running a circuit
#: peaks at 4x its batch of states (the state, a gate's output, a moved copy, a diagonal
#: factor); each shifted state of the parameter rule at 3x (the two shifts of one angle,
#: the smallest chunk, at 6x the batch); the adjoint sweep at 5x per state it carries
#: backwards (the state and one bra per observable: 10x the batch for one observable).
PEAK_FACTORS = {"statevector": 4.0, "parameter-shift": 3.0, "adjoint": 5.0}


def _size(nbytes: float) -> str:
    return f"{nbytes / 2**30:.1f} GiB" if nbytes >= 2**30 else f"{nbytes / 2**20:.1f} MiB"


def check_peak(n_qubits: int, n_states: int, factor: float, what: str) -> None:
    """Raise ValueError if a call holding ``n_states`` states of ``n_qubits`` would peak
    above the memory cap; the peak is ``factor`` times the bytes of those states.

    >>> check_peak(10, 4, PEAK_FACTORS["adjoint"], "this gradient")
    """
    if n_qubits > MAX_QUBITS:
        raise ValueError(f"at most {MAX_QUBITS} qubits are supported; got {n_qubits}")
    nbytes = 16 * int(n_states) * 2**n_qubits
    peak = factor * nbytes
    if peak > MAX_STATE_BYTES:
        raise ValueError(
            f"{what} needs about {_size(peak)} at its peak ({factor:g} x the {_size(nbytes)} of its "
            f"{n_states} state(s) of {n_qubits} qubits), more than the {_size(MAX_STATE_BYTES)} limit; "
            "use fewer qubits or a smaller batch"
        )


def _check_counts(n_qubits: int, batch: int) -> None:
    if not isinstance(n_qubits, (int, np.integer)) or isinstance(n_qubits, bool) or n_qubits < 1:
        raise ValueError(f"n_qubits must be a positive integer; got {n_qubits!r}")
    if not isinstance(batch, (int, np.integer)) or isinstance(batch, bool) or batch < 1:
        raise ValueError(f"batch must be a positive integer; got {batch!r}")
    check_fits(int(n_qubits), int(batch))


def zero_state(n_qubits: int, batch: int = 1) -> np.ndarray:
    """Return ``batch`` copies of ``|0...0>``.

    Returns:
        complex128 array of shape ``(batch, 2, ..., 2)`` with ``n_qubits`` axes of size 2.

    >>> zero_state(2).reshape(-1)
    array([1.+0.j, 0.+0.j, 0.+0.j, 0.+0.j])
    """
    _check_counts(n_qubits, batch)
    state = np.zeros((batch,) + (2,) * n_qubits, dtype=np.complex128)
    state.reshape(batch, -1)[:, 0] = 1.0
    return state


def basis_state(bits: Sequence[int] | str, batch: int = 1) -> np.ndarray:
    """Return ``batch`` copies of the computational basis state ``|bits>``.

    Args:
        bits: one 0/1 per wire, wire 0 first (``[0, 1]`` or ``"01"`` is ``|01>``).

    Returns:
        complex128 array of shape ``(batch, 2, ..., 2)``.

    >>> basis_state("01").reshape(-1).real
    array([0., 1., 0., 0.])
    """
    values = [int(b) for b in bits] if isinstance(bits, str) else list(bits)
    if not values or any(b not in (0, 1) for b in values):
        raise ValueError(f"bits must be a non-empty sequence of 0 and 1 (wire 0 first); got {bits!r}")
    _check_counts(len(values), batch)
    state = np.zeros((batch,) + (2,) * len(values), dtype=np.complex128)
    state[(slice(None),) + tuple(values)] = 1.0
    return state


def from_vector(vector: np.ndarray, normalize: bool = False, atol: float = 1e-8) -> np.ndarray:
    """Turn amplitude vectors into a state tensor.

    Args:
        vector: shape ``(2**n,)`` for one state or ``(B, 2**n)`` for a batch.
        normalize: divide each vector by its norm instead of requiring norm 1.

    Returns:
        complex128 array of shape ``(B, 2, ..., 2)`` (``B = 1`` for a single vector).

    >>> from_vector([0, 1]).shape
    (1, 2)
    """
    arr = np.asarray(vector, dtype=np.complex128)
    if arr.ndim == 1:
        arr = arr[None, :]
    if arr.ndim != 2:
        raise ValueError(f"vector must have shape (2**n,) or (batch, 2**n); got shape {arr.shape}")
    dim = arr.shape[1]
    n = dim.bit_length() - 1
    if dim < 2 or 2**n != dim:
        raise ValueError(f"vector length must be a power of two (2**n for n qubits); got {dim}")
    if not np.all(np.isfinite(arr)):
        raise ValueError("vector contains NaN or infinite amplitudes")
    norms = np.linalg.norm(arr, axis=1)
    if normalize:
        if np.any(norms == 0):
            raise ValueError("cannot normalise a zero vector")
        arr = arr / norms[:, None]
    elif not np.allclose(norms, 1.0, atol=atol):
        raise ValueError(f"state vectors must have norm 1; got norms {np.round(norms, 6)} (pass normalize=True)")
    return arr.reshape((arr.shape[0],) + (2,) * n).copy()


def n_qubits_of(state: np.ndarray) -> int:
    """Number of qubits of a state tensor of shape ``(B, 2, ..., 2)``."""
    return np.ndim(state) - 1


def to_vector(state: np.ndarray) -> np.ndarray:
    """Flatten a state tensor ``(B, 2, ..., 2)`` into amplitude vectors ``(B, 2**n)``.

    >>> to_vector(zero_state(1)).shape
    (1, 2)
    """
    validate_state(state)
    return np.asarray(state).reshape(state.shape[0], -1)


def validate_state(state: np.ndarray, n_qubits: int | None = None) -> None:
    """Raise ValueError unless ``state`` has shape ``(B, 2, ..., 2)`` (``n_qubits`` axes of 2)."""
    shape = np.shape(state)
    ok = len(shape) >= 2 and all(s == 2 for s in shape[1:]) and shape[0] >= 1
    if n_qubits is not None:
        ok = ok and len(shape) - 1 == n_qubits
    if not ok:
        want = "(batch, " + ", ".join(["2"] * n_qubits) + ")" if n_qubits else "(batch, 2, ..., 2)"
        raise ValueError(f"state must have shape {want}; got {shape}")


def full_batch(array: np.ndarray, batch: int) -> np.ndarray:
    """Broadcast an array whose leading axis is 1 to ``batch`` (a copy, writable).

    Runs whose angles do not vary over the batch are simulated once; this spreads them.

    >>> full_batch(zero_state(1), 3).shape
    (3, 2)
    """
    if array.shape[0] == batch:
        return array
    return np.broadcast_to(array, (batch,) + array.shape[1:]).copy()


def check_wires(wires, n_qubits: int | None, what: str, expected: int | None = None) -> tuple[int, ...]:
    """Validate wires (one int or a sequence) and return them as a tuple of ints.

    Args:
        wires: ``2`` or ``[0, 2]``.
        n_qubits: the wires must lie in ``0..n_qubits-1`` (None: only non-negative).
        what: named in the error message (``"CNOT"``, ``"probs"``).
        expected: the number of wires required, if fixed.

    Raises:
        TypeError for non-integer wires; ValueError for a wrong count, a wire out of range
        or a repeated wire.

    >>> check_wires(1, 3, "probs")
    (1,)
    """
    wires = (wires,) if np.ndim(wires) == 0 else tuple(wires)
    if any(not isinstance(w, (int, np.integer)) or isinstance(w, bool) for w in wires):
        raise TypeError(f"{what}: wires must be integers; got {wires!r}")
    wires = tuple(int(w) for w in wires)
    if expected is not None and len(wires) != expected:
        raise ValueError(f"{what} acts on {expected} wire(s); got {len(wires)}: {list(wires)}")
    if not wires:
        raise ValueError(f"{what} needs at least one wire")
    if n_qubits is None:
        bad = [w for w in wires if w < 0]
        if bad:
            raise ValueError(f"{what}: wires must be non-negative integers; got {bad}")
    else:
        bad = [w for w in wires if not 0 <= w < n_qubits]
        if bad:
            raise ValueError(f"{what}: wires must be in 0..{n_qubits - 1} for {n_qubits} qubits; got {bad}")
    if len(set(wires)) != len(wires):
        raise ValueError(f"{what}: wires must be distinct; got {list(wires)}")
    return wires
