"""The qmlcourse simulator: pure functions over batched statevector tensors.

A state of ``n`` qubits is a complex128 array of shape ``(B, 2, ..., 2)`` (``n`` axes of
size 2 after the batch axis ``B``, which is always present). Wire 0 is the most significant
bit, as in PennyLane: ``|q0 q1 ... q(n-1)>``.

>>> from qmlcourse.sim import Circuit
>>> c = Circuit(2)
>>> _ = c.h(0).cnot(0, 1)
>>> c.probs().round(3)
array([[0.5, 0. , 0. , 0.5]])
"""

from qmlcourse.sim.apply import apply_diagonal, apply_matrix, apply_operation, apply_permutation
from qmlcourse.sim.circuit import Circuit, const, feature, weight
from qmlcourse.sim.measure import (
    Hamiltonian,
    Hermitian,
    PauliWord,
    expval,
    probs,
    sample,
)
from qmlcourse.sim.operation import Operation
from qmlcourse.sim.state import basis_state, from_vector, n_qubits_of, to_vector, zero_state

__all__ = [
    "Circuit",
    "Hamiltonian",
    "Hermitian",
    "Operation",
    "PauliWord",
    "apply_diagonal",
    "apply_matrix",
    "apply_operation",
    "apply_permutation",
    "basis_state",
    "const",
    "expval",
    "feature",
    "from_vector",
    "n_qubits_of",
    "probs",
    "sample",
    "to_vector",
    "weight",
    "zero_state",
]
