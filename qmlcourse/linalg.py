"""Small named helpers for the maths lessons: kets, adjoints, tensor products, checks.

Each function is the package's own answer to a question a lesson asks, so later cells of a
lesson can rely on it whatever the learner wrote in an exercise. Vectors are 1-D complex
arrays ``(2**n,)``; matrices are ``(d, d)``. Wire 0 is the most significant bit.

>>> ket("01")
array([0.+0.j, 1.+0.j, 0.+0.j, 0.+0.j])
>>> is_unitary(kron_all([PAULI_X, HADAMARD]))
True
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.linalg import expm

from qmlcourse.sim import gates as _gates


def _constant(m: np.ndarray) -> np.ndarray:
    """A read-only copy of a simulator matrix: lessons hand these to learners, and
    ``M = HADAMARD; M *= 2`` must fail loudly instead of changing the simulator."""
    out = np.array(m)
    out.setflags(write=False)
    return out


HADAMARD = _constant(_gates.H)
IDENTITY = _constant(_gates.I2)
PAULI_X = _constant(_gates.X)
PAULI_Y = _constant(_gates.Y)
PAULI_Z = _constant(_gates.Z)

__all__ = [
    "HADAMARD", "IDENTITY", "PAULI_X", "PAULI_Y", "PAULI_Z", "apply_on_wire", "bloch_vector", "commutator",
    "dagger", "entanglement_entropy", "equal_up_to_global_phase", "expectation_value", "inner_product",
    "is_hermitian", "is_unitary", "ket", "kron_all", "normalize", "pauli_rotation", "schmidt_coefficients",
    "schmidt_rank", "state_from_angles",
]


def _vector(v, name: str = "vector") -> np.ndarray:
    arr = np.asarray(v, dtype=np.complex128)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a 1-D array of amplitudes; got shape {arr.shape}")
    return arr


def _square(m, name: str = "matrix") -> np.ndarray:
    arr = np.asarray(m, dtype=np.complex128)
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1]:
        raise ValueError(f"{name} must be a square 2-D array; got shape {arr.shape}")
    return arr


def ket(bits: str | Sequence[int]) -> np.ndarray:
    """The computational basis vector ``|bits>``, shape ``(2**n,)``; ``ket("10")`` is ``|10>``."""
    values = [int(b) for b in bits]
    if not values or any(b not in (0, 1) for b in values):
        raise ValueError(f"bits must be a non-empty string or sequence of 0 and 1; got {bits!r}")
    out = np.zeros(2 ** len(values), dtype=np.complex128)
    out[int("".join(map(str, values)), 2)] = 1.0
    return out


def normalize(v) -> np.ndarray:
    """``v / ||v||`` for a nonzero vector ``(n,)``.

    >>> normalize([3, 4]).real
    array([0.6, 0.8])
    """
    arr = _vector(v)
    norm = np.linalg.norm(arr)
    if norm == 0:
        raise ValueError("cannot normalise the zero vector")
    return arr / norm


def inner_product(a, b) -> complex:
    """``<a|b>``, conjugate-linear in the first argument; ``a`` and ``b`` of shape ``(n,)``."""
    a, b = _vector(a, "a"), _vector(b, "b")
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape; got {a.shape} and {b.shape}")
    return complex(np.vdot(a, b))


def equal_up_to_global_phase(a, b, atol: float = 1e-8) -> bool:
    """True when ``b = e^{i phi} a`` for some real ``phi`` (vectors ``(n,)``)."""
    a, b = _vector(a, "a"), _vector(b, "b")
    if a.shape != b.shape:
        return False
    overlap = np.vdot(a, b)
    if abs(overlap) < atol:
        return bool(np.allclose(a, b, atol=atol))
    return bool(np.allclose(a * overlap / abs(overlap), b, atol=atol))


def dagger(m) -> np.ndarray:
    """Conjugate transpose ``M^dagger`` of a 2-D array."""
    arr = np.asarray(m, dtype=np.complex128)
    if arr.ndim != 2:
        raise ValueError(f"dagger needs a 2-D array; got shape {arr.shape}")
    return arr.conj().T


def is_hermitian(m, atol: float = 1e-10) -> bool:
    """True when ``M = M^dagger``."""
    arr = _square(m)
    return bool(np.allclose(arr, arr.conj().T, atol=atol))


def is_unitary(m, atol: float = 1e-10) -> bool:
    """True when ``M^dagger M = I``."""
    arr = _square(m)
    return bool(np.allclose(arr.conj().T @ arr, np.eye(arr.shape[0]), atol=atol))


def commutator(a, b) -> np.ndarray:
    """``[A, B] = AB - BA`` for square matrices of equal shape."""
    a, b = _square(a, "a"), _square(b, "b")
    return a @ b - b @ a


def expectation_value(m, psi) -> float:
    """``<psi|M|psi>`` for a Hermitian ``M (d, d)`` and a state ``psi (d,)`` (a real number)."""
    m, psi = _square(m), _vector(psi, "psi")
    if m.shape[0] != psi.shape[0]:
        raise ValueError(f"matrix {m.shape} and state {psi.shape} do not fit together")
    return float(np.vdot(psi, m @ psi).real)


def pauli_rotation(theta: float, pauli) -> np.ndarray:
    """``exp(-i theta P / 2)`` for a Pauli matrix ``P`` (PennyLane's rotation convention)."""
    return expm(-0.5j * float(theta) * _square(pauli, "pauli"))


def kron_all(matrices: Sequence) -> np.ndarray:
    """Kronecker product ``M_0 x M_1 x ...``, the first factor on wire 0 (most significant)."""
    if len(matrices) == 0:
        raise ValueError("kron_all needs at least one factor")
    out = np.asarray(matrices[0], dtype=np.complex128)
    for m in matrices[1:]:
        out = np.kron(out, np.asarray(m, dtype=np.complex128))
    return out


def apply_on_wire(gate, state, wire: int) -> np.ndarray:
    """Apply a one-qubit ``gate (2, 2)`` to ``wire`` of an n-qubit ``state (2**n,)``.

    Reshape the vector into a tensor with one axis per qubit, contract the gate with axis
    ``wire``, and flatten back: the same move the simulator makes, without the batch axis.
    """
    state = _vector(state, "state")
    n = state.size.bit_length() - 1
    if 2**n != state.size:
        raise ValueError(f"state length must be a power of two; got {state.size}")
    if not 0 <= wire < n:
        raise ValueError(f"wire must be in 0..{n - 1} for {n} qubits; got {wire}")
    tensor = state.reshape((2,) * n)
    out = np.tensordot(np.asarray(gate, dtype=np.complex128), tensor, axes=([1], [wire]))
    return np.moveaxis(out, 0, wire).reshape(-1)


def schmidt_coefficients(state, n_left: int) -> np.ndarray:
    """Schmidt coefficients of ``state (2**n,)`` cut after the first ``n_left`` wires (descending)."""
    state = _vector(state, "state")
    n = state.size.bit_length() - 1
    if not 0 < n_left < n:
        raise ValueError(f"n_left must be in 1..{n - 1} for {n} qubits; got {n_left}")
    return np.linalg.svd(state.reshape(2**n_left, -1), compute_uv=False)


def schmidt_rank(state, n_left: int, atol: float = 1e-10) -> int:
    """Number of nonzero Schmidt coefficients: 1 for a product state, more if entangled."""
    return int(np.sum(schmidt_coefficients(state, n_left) > atol))


def entanglement_entropy(state, n_left: int) -> float:
    """Von Neumann entropy (in bits) of the first ``n_left`` wires: 0 for product states."""
    p = schmidt_coefficients(state, n_left) ** 2
    p = p[p > 1e-15]
    # Clipped at 0: rounding can make the sum -6e-16 for a product state, and an entropy
    # is non-negative by definition (a lesson must never print "-0.000").
    return max(0.0, float(-(p * np.log2(p)).sum()))


def state_from_angles(theta: float, phi: float) -> np.ndarray:
    """``cos(theta/2)|0> + e^{i phi} sin(theta/2)|1>``: the qubit at polar ``theta``, azimuth ``phi``."""
    return np.array([np.cos(theta / 2), np.exp(1j * phi) * np.sin(theta / 2)], dtype=np.complex128)


def bloch_vector(psi) -> np.ndarray:
    """Bloch vector ``(<X>, <Y>, <Z>)`` of a one-qubit state ``psi (2,)``; shape ``(3,)``.

    >>> bloch_vector(ket("1")).real
    array([ 0.,  0., -1.])
    """
    psi = _vector(psi, "psi")
    if psi.shape != (2,):
        raise ValueError(f"a one-qubit state has shape (2,); got {psi.shape}")
    return np.array([expectation_value(p, psi) for p in (PAULI_X, PAULI_Y, PAULI_Z)])
