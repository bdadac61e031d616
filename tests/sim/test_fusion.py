"""Gate fusion gives exactly the state of applying each gate in turn."""

import numpy as np
import pytest

from qmlcourse.sim import fusion
from qmlcourse.sim.apply import apply_operation
from qmlcourse.sim.circuit import Circuit
from qmlcourse.sim.state import zero_state
from simref import random_circuit


def unfused(circuit: Circuit, x, w) -> np.ndarray:
    """Reference: every operation applied on its own with its own kernel."""
    x, w, n, p, _ = circuit._inputs(x, w)
    state = zero_state(circuit.n_qubits)
    for op, a in zip(circuit.operations, circuit._angles(x, w, p, n), strict=False):
        state = apply_operation(state, op.name, op.wires, a, op.matrix)
    return np.broadcast_to(state, (p * n,) + state.shape[1:])


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("n", [3, 5])
def test_fused_run_equals_gate_by_gate(seed, n):
    rng = np.random.default_rng(seed)
    c = random_circuit(n, seed, layers=3)
    x = rng.normal(size=(4, c.n_features))
    w = rng.normal(size=(2, c.n_weights))
    np.testing.assert_allclose(c.run(x, w), unfused(c, x, w), atol=1e-12)


@pytest.mark.parametrize("max_perm_qubits", [0, 22])
def test_layers_of_rotations_and_entanglers(monkeypatch, max_perm_qubits):
    """The shapes fusion targets: rotation layers, CNOT rings, CZ ladders, batched angles."""
    monkeypatch.setattr(fusion, "MAX_FUSED_PERM_QUBITS", max_perm_qubits)
    rng = np.random.default_rng(7)
    n = 6
    c = Circuit(n)
    for _layer in range(2):
        for q in range(n):
            c.ry(float(rng.normal()), q).rz(float(rng.normal()), q)
        for q in range(n):
            c.cnot(q, (q + 1) % n)
        for q in range(n - 1):
            c.cz(q, q + 1)
        c.rx(0.3, 2).swap(0, 5).toffoli(1, 3, 4).isingzz(0.2, 2, 4)
    np.testing.assert_allclose(c.run(), unfused(c, None, None), atol=1e-12)
