"""Quantum kernels from statevectors: a Gram matrix, never one circuit run per pair.

The fidelity kernel of a feature map ``|phi(x)>`` is ``k(x, x') = |<phi(x')|phi(x)>|^2``.
With all states of a data set computed in one batched call, the whole kernel matrix is
one matrix product of the state matrices.

>>> from qmlcourse.sim import Circuit, feature
>>> fm = Circuit(1).ry(feature(0), 0)
>>> fidelity_kernel_matrix(fm, np.array([[0.0], [np.pi]])).round(6)
array([[1., 0.],
       [0., 1.]])
"""

from __future__ import annotations

import numpy as np

from qmlcourse.sim.circuit import Circuit


def fidelity_from_states(states_a: np.ndarray, states_b: np.ndarray | None = None) -> np.ndarray:
    """``K[i, j] = |<b_j|a_i>|^2`` for amplitude vectors ``(N, 2**n)`` and ``(M, 2**n)``.

    Returns:
        real array ``(N, M)``; ``states_b`` defaults to ``states_a`` (a symmetric matrix).
    """
    a = np.asarray(states_a)
    b = a if states_b is None else np.asarray(states_b)
    if a.ndim != 2 or b.ndim != 2 or a.shape[1] != b.shape[1]:
        raise ValueError(f"states must have shapes (N, D) and (M, D) with the same D; got {a.shape} and {b.shape}")
    # One BLAS product with the process's own BLAS threads (the simulator never changes
    # them: limiting them per call raced between threads and made this product 1.8x slower).
    overlaps = a @ b.conj().T
    return overlaps.real**2 + overlaps.imag**2


def fidelity_kernel_matrix(feature_map: Circuit, x: np.ndarray, y: np.ndarray | None = None) -> np.ndarray:
    """Fidelity kernel matrix ``(N, M)`` of a data-encoding circuit, from batched statevectors.

    Args:
        feature_map: a Circuit whose angles use ``feature(i)`` (no trainable weights).
        x: data ``(N, d)``; y: data ``(M, d)`` (default ``x``).
    """
    if feature_map.n_weights:
        raise ValueError(f"the feature map has {feature_map.n_weights} trainable weights; bind them to numbers first")
    states_x = feature_map.statevector(x)
    states_y = None if y is None else feature_map.statevector(y)
    return fidelity_from_states(states_x, states_y)
