"""Tests for qmlcourse/ansatz.py: layers against PennyLane templates and hand-built QNodes."""

import numpy as np
import pennylane as qml
import pytest

from qmlcourse import ansatz
from qmlcourse.sim import Circuit

ATOL = 1e-10


def _pl_state(n, body):
    @qml.qnode(qml.device("default.qubit", wires=n))
    def circuit():
        body()
        return qml.state()

    return np.asarray(circuit())


@pytest.mark.parametrize("n, layers, seed", [(1, 2, 0), (2, 1, 1), (2, 3, 2), (3, 2, 3), (4, 3, 4), (5, 2, 5)])
def test_strongly_entangling_equals_pennylane(n, layers, seed):
    shape = ansatz.strongly_entangling_shape(layers, n)
    assert shape == qml.StronglyEntanglingLayers.shape(n_layers=layers, n_wires=n)
    w = ansatz.random_weights(shape, seed=seed)
    c = Circuit(n)
    for q in range(n):  # a non-trivial input state, so every gate matters
        c.h(q).rz(0.3 * (q + 1), q)
    ours = ansatz.strongly_entangling(c, layers).statevector(w=w)[0]

    def body():
        for q in range(n):
            qml.Hadamard(q)
            qml.RZ(0.3 * (q + 1), q)
        qml.StronglyEntanglingLayers(w.reshape(shape), wires=range(n))

    np.testing.assert_allclose(ours, _pl_state(n, body), atol=ATOL)


@pytest.mark.parametrize("n, ranges", [(3, [2, 1]), (4, [3, 2])])
def test_strongly_entangling_ranges_and_cz_equal_pennylane(n, ranges):
    shape = ansatz.strongly_entangling_shape(len(ranges), n)
    w = ansatz.random_weights(shape, seed=n)
    ours = ansatz.strongly_entangling(Circuit(n), len(ranges), ranges=ranges, entangler="CZ").statevector(w=w)[0]
    ref = _pl_state(n, lambda: qml.StronglyEntanglingLayers(w.reshape(shape), wires=range(n), ranges=ranges,
                                                            imprimitive=qml.CZ))
    np.testing.assert_allclose(ours, ref, atol=ATOL)


def test_strongly_entangling_batched_weight_sets_and_offset():
    n, layers = 3, 2
    shape = ansatz.strongly_entangling_shape(layers, n)
    c = ansatz.strongly_entangling(Circuit(n).ry(0.4, 0), layers, offset=0)
    ws = np.stack([ansatz.random_weights(shape, seed=s) for s in range(3)])
    batched = c.statevector(w=ws)
    assert batched.shape == (3, 1, 2**n)
    for k in range(3):
        np.testing.assert_allclose(batched[k], c.statevector(w=ws[k]), atol=1e-12)
    shifted = ansatz.strongly_entangling(Circuit(n).ry(0.4, 0), layers, offset=2)
    assert shifted.n_weights == 2 + ansatz.n_weights(shape)
    np.testing.assert_allclose(shifted.statevector(w=np.r_[9.0, 9.0, ws[0]]), batched[0], atol=1e-12)


@pytest.mark.parametrize("n, layers, entangler", [(1, 2, "CNOT"), (3, 2, "CNOT"), (4, 1, "CZ")])
def test_hardware_efficient_equals_hand_built_pennylane(n, layers, entangler):
    shape = ansatz.hardware_efficient_shape(layers, n)
    w = ansatz.random_weights(shape, seed=layers)
    ours = ansatz.hardware_efficient(Circuit(n), layers, entangler=entangler).statevector(w=w)[0]
    ww = w.reshape(shape)
    gate = qml.CNOT if entangler == "CNOT" else qml.CZ

    def body():
        for layer in range(layers):
            for q in range(n):
                qml.RY(ww[layer, q, 0], q)
                qml.RZ(ww[layer, q, 1], q)
            for q in range(n - 1):
                gate(wires=[q, q + 1])

    np.testing.assert_allclose(ours, _pl_state(n, body), atol=ATOL)


@pytest.mark.parametrize("n, layers", [(1, 3), (2, 2), (3, 2)])
def test_reuploading_equals_hand_built_pennylane(n, layers):
    shape = ansatz.reuploading_shape(layers, n)
    w = ansatz.random_weights(shape, seed=n)
    rng = np.random.default_rng(n + 100)
    x = rng.uniform(-1, 1, (3, n + 1))  # one more feature than wires: it wraps to wire 0
    c = ansatz.reuploading(Circuit(n), layers, rotation="Y", features=range(n + 1), scale=1.5)
    ours = c.statevector(x, w)
    ww = w.reshape(shape)
    for row, got in zip(x, ours, strict=True):
        def body(row=row):
            for block in range(layers + 1):
                for q in range(n):
                    qml.Rot(*ww[block, q], wires=q)
                if n > 1:
                    for q in range(n if n > 2 else 1):
                        qml.CZ(wires=[q, (q + 1) % n])
                if block < layers:
                    for k, v in enumerate(row):
                        qml.RY(1.5 * v, wires=k % n)

        np.testing.assert_allclose(got, _pl_state(n, body), atol=ATOL)


def test_shapes_and_errors():
    assert ansatz.hardware_efficient_shape(2, 3) == (2, 3, 2)
    assert ansatz.reuploading_shape(2, 3) == (3, 3, 3)
    assert ansatz.n_weights((3, 3, 3)) == 27
    assert ansatz.default_ranges(4, 3) == [1, 2, 1, 2]
    with pytest.raises(ValueError, match="n_layers must be a positive integer; got 0"):
        ansatz.strongly_entangling(Circuit(2), 0)
    with pytest.raises(ValueError, match="ranges must have one entry per layer"):
        ansatz.strongly_entangling(Circuit(3), 2, ranges=[1])
    with pytest.raises(ValueError, match="each range must be in 1..2"):
        ansatz.strongly_entangling(Circuit(3), 1, ranges=[3])
    with pytest.raises(ValueError, match="entangler must be 'CNOT' or 'CZ'"):
        ansatz.hardware_efficient(Circuit(2), 1, entangler="SWAP")
    with pytest.raises(ValueError, match="offset must be a non-negative integer"):
        ansatz.hardware_efficient(Circuit(2), 1, offset=-1)
    with pytest.raises(TypeError, match="expected a qmlcourse.sim.Circuit"):
        ansatz.reuploading("circuit", 1)
