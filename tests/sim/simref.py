"""Independent references shared by the simulator tests.

Nothing here calls the kernels under test: dense operators are built from ``np.kron`` and
explicit index arithmetic, and random circuits are compared with PennyLane by the tests.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import unitary_group

from qmlcourse.sim import Circuit, const, feature, weight
from qmlcourse.sim.gates import GATES

#: Angles per gate as PennyLane counts them (QubitUnitary takes a matrix instead).
NUM_PARAMS = {name: spec.num_params for name, spec in GATES.items()}
#: Wire counts for the variable-size gates in the tests.
VARIABLE_WIRES = {"MultiRZ": 3, "QubitUnitary": 2}


def n_wires_of(name: str) -> int:
    spec = GATES[name]
    return spec.num_wires if spec.num_wires is not None else VARIABLE_WIRES[name]


def random_state(n: int, batch: int, rng: np.random.Generator) -> np.ndarray:
    """Normalised random states, shape (batch, 2, ..., 2)."""
    v = rng.normal(size=(batch, 2**n)) + 1j * rng.normal(size=(batch, 2**n))
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    return v.reshape((batch,) + (2,) * n)


def random_unitary(dim: int, seed: int) -> np.ndarray:
    return unitary_group.rvs(dim, random_state=seed)


def kron_all(*ms: np.ndarray) -> np.ndarray:
    out = np.eye(1, dtype=complex)
    for m in ms:
        out = np.kron(out, m)
    return out


def embed(matrix: np.ndarray, wires, n: int) -> np.ndarray:
    """The (2**n, 2**n) operator of a k-qubit ``matrix`` on ``wires`` (wires[0] most significant).

    Built from explicit bit arithmetic: <i|U|j> = M[sub(i), sub(j)] when i and j agree on
    every wire outside ``wires``.
    """
    dim = 2**n
    idx = np.arange(dim)
    bits = (idx[:, None] >> (n - 1 - np.arange(n))) & 1  # (dim, n), wire 0 first
    k = len(wires)
    sub = (bits[:, list(wires)] * (2 ** np.arange(k - 1, -1, -1))).sum(axis=1)
    others = [q for q in range(n) if q not in wires]
    rest = bits[:, others]
    same = np.all(rest[:, None, :] == rest[None, :, :], axis=-1)
    return np.where(same, matrix[sub[:, None], sub[None, :]], 0)


def embed_kron(matrix: np.ndarray, first: int, n: int) -> np.ndarray:
    """``I x M x I`` for a matrix on contiguous wires starting at ``first`` (np.kron only)."""
    k = int(np.log2(matrix.shape[0]))
    return kron_all(np.eye(2**first), matrix, np.eye(2 ** (n - first - k)))


def apply_dense(states: np.ndarray, matrices: np.ndarray, wires, n: int) -> np.ndarray:
    """Reference for apply_matrix: vectors (B, 2**n) times embedded matrices, batched or shared."""
    vecs = states.reshape(states.shape[0], -1)
    if matrices.ndim == 2:
        out = vecs @ embed(matrices, wires, n).T
    else:
        full = np.stack([embed(m, wires, n) for m in matrices])
        out = np.einsum("bij,bj->bi", full, np.broadcast_to(vecs, (full.shape[0], vecs.shape[1])))
    return out


def random_angle_param(rng: np.random.Generator, n_features: int, n_weights: int, kinds=(0, 1, 2)):
    """A random binding: a feature (0), a weight (1, possibly 2*w+0.1) or a constant (2)."""
    kind = kinds[rng.integers(len(kinds))]
    if kind == 0 and n_features:
        return feature(int(rng.integers(n_features)), scale=float(rng.uniform(0.5, 2)), shift=float(rng.uniform(-1, 1)))
    if kind == 1 and n_weights:
        return (
            2 * weight(int(rng.integers(n_weights))) + 0.1
            if rng.random() < 0.3
            else weight(int(rng.integers(n_weights)))
        )
    return const(float(rng.uniform(-np.pi, np.pi)))


def random_circuit(
    n: int, seed: int, n_features: int = 3, n_weights: int = 6, layers: int = 1, names=None, kinds=(0, 1, 2)
) -> Circuit:
    """A circuit on ``n`` (>= 3) qubits with every gate of GATES (or ``names``) at random wires.

    Every feature and weight index is used at least once, so n_features and n_weights are exact.
    """
    rng = np.random.default_rng(seed)
    c = Circuit(n)
    for q in range(n):
        c.h(q)
    names = sorted(GATES) if names is None else names
    for layer in range(layers):
        for name in names:
            k = n_wires_of(name)
            wires = [int(w) for w in rng.permutation(n)[:k]]
            if name == "QubitUnitary":
                c.add(name, wires, matrix=random_unitary(2**k, seed + layer))
                continue
            params = [random_angle_param(rng, n_features, n_weights, kinds) for _ in range(NUM_PARAMS[name])]
            c.add(name, wires, *params)
    # make sure every feature and weight index appears
    for i in range(n_features):
        c.ry(feature(i), i % n)
    for j in range(n_weights):
        c.rx(weight(j), (j + 1) % n)
    return c
