"""Guard rails of the simulator: no silent NaN, no shared writable state, bounded memory,
clear errors at the sharp edges. Each test reproduces one finding of an independent review
(the numbers were right; these were the ways to get a wrong or unsafe answer)."""

import threading
import tracemalloc

import numpy as np
import pytest

from qmlcourse import linalg
from qmlcourse.sim import Circuit, Hamiltonian, Hermitian, feature, gates, grad, state, weight
from qmlcourse.sim.params import feature_map

NAN, INF = float("nan"), float("inf")


# --- silent NaN --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "make, match",
    [
        (lambda: weight(0, scale=NAN), "scale"),
        (lambda: weight(0, shift=INF), "shift"),
        (lambda: feature(0, scale=-INF), "scale"),
        (lambda: weight(0) + NAN, "shift"),
        (lambda: NAN + weight(0), "shift"),
        (lambda: weight(0) - INF, "shift"),
        (lambda: INF * feature(0), "scale"),
        (lambda: feature(0) * NAN, "scale"),
        (lambda: weight(0) / 0.0, "divide"),
        (lambda: np.float64(NAN) * weight(0), "scale"),
    ],
)
def test_non_finite_scale_or_shift_is_refused_when_bound(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_feature_map_returning_nan_is_refused_naming_it():
    c = Circuit(1).ry(feature_map(lambda x: np.full(len(x), NAN), label="bad"), 0)
    with pytest.raises(ValueError, match="feature_map 'bad'.*NaN or infinite.*samples \\[0\\]"):
        c.statevector(np.array([[0.1]]))


@pytest.mark.filterwarnings("ignore:overflow encountered")
def test_feature_map_overflow_to_inf_is_refused():
    c = Circuit(1).ry(feature_map(lambda x: x[:, 0] * 1e308) * 10.0, 0)
    with pytest.raises(ValueError, match="NaN or infinite"):
        c.statevector(np.array([[0.5], [1.0]]))


@pytest.mark.filterwarnings("ignore:overflow encountered")
def test_bound_angle_overflowing_to_inf_is_refused():
    c = Circuit(1).ry(feature(0, scale=1e300), 0)
    with pytest.raises(ValueError, match="feature\\(0\\).*NaN or infinite"):
        c.statevector(np.array([[1e10]]))


@pytest.mark.parametrize("coeff", [NAN, INF, -INF])
def test_hamiltonian_non_finite_coefficient_is_refused(coeff):
    with pytest.raises(ValueError, match="coefficient 1 .*finite"):
        Hamiltonian([1.0, coeff], ["Z0", "X0"])


# --- shared writable matrices ------------------------------------------------------------
@pytest.mark.parametrize("name", ["PAULI_X", "PAULI_Y", "PAULI_Z", "HADAMARD", "IDENTITY"])
def test_linalg_constants_cannot_corrupt_the_simulator(name):
    m = getattr(linalg, name)
    with pytest.raises(ValueError, match="read-only"):
        m *= np.sqrt(2)
    assert np.isclose(np.linalg.norm(Circuit(1).h(0).x(0).statevector()[0]), 1.0)


@pytest.mark.parametrize(
    "name", ["X", "Y", "Z", "H", "S", "T", "SX", "I2", "CNOT", "CZ", "CY", "SWAP", "TOFFOLI", "PROJ1"]
)
def test_gate_constants_are_read_only(name):
    assert not getattr(gates, name).flags.writeable


def test_gate_matrix_hands_out_a_writable_copy():
    m = gates.gate_matrix("Hadamard")
    m *= np.sqrt(2)  # the learner's copy, not the simulator's
    np.testing.assert_allclose(Circuit(1).h(0).statevector()[0], [2**-0.5, 2**-0.5])
    for name in gates.GATES:
        if gates.GATES[name].num_params == 0 and name != "QubitUnitary":
            assert not gates.GATES[name].matrix().flags.writeable, name


def test_unitary_matrix_is_copied_and_frozen():
    u = gates.H.copy()
    c = Circuit(1).unitary(u, 0)
    u[:] = [[5, 0], [0, 5]]  # changing the caller's array afterwards changes nothing
    np.testing.assert_allclose(c.statevector()[0], [2**-0.5, 2**-0.5])
    with pytest.raises(ValueError, match="read-only"):
        c.operations[0].matrix[0, 0] = 7


def test_hermitian_matrix_is_copied_and_frozen():
    m = np.diag([1.0, -1.0])
    obs = Hermitian(m, 0)
    m[0, 1] = 9.0  # no longer Hermitian, but the observable kept its own copy
    assert np.isclose(Circuit(1).expval(obs)[0], 1.0)
    with pytest.raises(ValueError, match="read-only"):
        obs.matrix[0, 1] = 9.0


# --- process-wide BLAS state ---------------------------------------------------------------
def _blas_threads():
    from threadpoolctl import threadpool_info

    return [(i["internal_api"], i["num_threads"]) for i in threadpool_info() if i["user_api"] == "blas"]


def test_simulator_never_changes_blas_threads(monkeypatch):
    import threadpoolctl

    def refuse(*args, **kwargs):
        raise AssertionError("the simulator changed the process's BLAS threads")

    monkeypatch.setattr(threadpoolctl.ThreadpoolController, "limit", refuse)
    monkeypatch.setattr(threadpoolctl, "threadpool_limits", refuse)
    from qmlcourse.kernels import fidelity_kernel_matrix

    c = Circuit(3).ry(feature(0), 0).cnot(0, 1).rot(weight(0), weight(1), weight(2), 2).cz(1, 2)
    x = np.random.default_rng(0).normal(size=(4, 1))
    c.expval_and_gradient("Z0", x, np.ones(3), method="adjoint")
    c.expval_and_gradient("Z0", x, np.ones(3), method="parameter-shift")
    fidelity_kernel_matrix(Circuit(2).ry(feature(0), 0).cnot(0, 1), x)


def test_concurrent_gradients_leave_blas_threads_as_they_were():
    before = _blas_threads()
    c = Circuit(4)
    for q in range(4):
        c.ry(weight(q), q)
    for q in range(3):
        c.cnot(q, q + 1)
    w = np.random.default_rng(1).normal(size=4)
    errors = []

    def work():
        try:
            for _ in range(20):
                c.gradient("Z0", w=w)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert _blas_threads() == before


# --- memory ------------------------------------------------------------------------------------
def test_permutation_cache_stays_within_its_budget():
    from qmlcourse.sim import fusion

    fusion.clear_permutation_cache()
    c = Circuit(16)
    for layer in range(3):
        for q in range(16):
            c.cnot(q, (q + 1 + layer) % 16)
    c.statevector()
    assert fusion.permutation_cache_bytes() <= fusion.PERM_CACHE_BYTES
    c20 = Circuit(20)
    for q in range(20):
        c20.cnot(q, (q + 1) % 20).cnot(q, (q + 3) % 20)
    before = fusion.permutation_cache_bytes()
    c20.statevector()  # n=20: CNOTs are applied one by one (fusion measured slower there)
    assert fusion.permutation_cache_bytes() == before


def test_fused_and_direct_cnots_agree_above_the_fusion_limit():
    from qmlcourse.sim.apply import apply_operation

    rng = np.random.default_rng(2)
    n = 15
    c = Circuit(n)
    for q in range(n):
        c.ry(float(rng.uniform(0, 3)), q)
    for q in range(n):
        c.cnot(q, (q + 2) % n)
    expected = np.zeros((1,) + (2,) * n, dtype=complex)
    expected.reshape(-1)[0] = 1
    for op in c.operations:
        expected = apply_operation(expected, op.name, op.wires, [p.shift for p in op.params])
    np.testing.assert_allclose(c.statevector()[0], expected.reshape(-1), atol=1e-12)


def _peak_ratio(fn, state_bytes: int) -> float:
    fn()  # warm caches (permutation indices, gate tables)
    tracemalloc.start()
    try:
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / state_bytes


def _layered(n: int, layers: int = 3) -> Circuit:
    c = Circuit(n)
    for layer in range(layers):
        for q in range(n):
            c.ry(weight(2 * (layer * n + q)), q).rz(weight(2 * (layer * n + q) + 1), q)
        for q in range(n):
            c.cnot(q, (q + 1) % n)
    return c


@pytest.mark.parametrize(
    "call, weights, observables",
    [
        ("statevector", None, 1),
        ("parameter-shift", [0], 1),
        ("parameter-shift", None, 1),
        ("adjoint", None, 1),
        ("adjoint", None, 3),
    ],
)
def test_peak_memory_factors_bound_the_measured_peak(call, weights, observables):
    """``state.PEAK_FACTORS`` are upper bounds of the peaks tracemalloc measures."""
    n, batch = 10, 8
    c = _layered(n, layers=2)
    w = np.random.default_rng(3).normal(size=(batch, c.n_weights))
    state_bytes = 16 * batch * 2**n
    obs = ["Z0", "X1", "Z0 Z1"][:observables]
    if call == "statevector":
        ratio = _peak_ratio(lambda: c.statevector(w=w), state_bytes)
        bound = state.PEAK_FACTORS["statevector"]
    else:
        ratio = _peak_ratio(lambda: c.gradient(obs, w=w, method=call, weight_indices=weights), state_bytes)
        rows = 2 * (len(weights) if weights else c.n_weights)
        held = rows if call == "parameter-shift" else observables + 1
        bound = max(state.PEAK_FACTORS["statevector"], state.PEAK_FACTORS[call] * held)
        if call == "adjoint":  # plus the fixed scratch of grad.cross_densities (documented there)
            bound += grad.GATHER_BYTES / state_bytes
    assert ratio <= bound, (call, ratio, bound)
    assert ratio >= 0.4 * bound, (call, ratio, bound)  # and not wildly loose


@pytest.mark.parametrize("call, factor", [("statevector", 4), ("parameter-shift", 6), ("adjoint", 10)])
def test_calls_are_refused_by_their_peak_memory(monkeypatch, call, factor):
    monkeypatch.setattr(state, "MAX_STATE_BYTES", 1.9 * 1024**2)  # a 15-qubit state is 0.5 MiB
    c = Circuit(15).ry(weight(0), 0).cnot(0, 1)
    with pytest.raises(ValueError, match=f"needs about {factor * 0.5:.1f} MiB at its peak"):
        if call == "statevector":
            c.statevector(w=[0.1])
        else:
            c.gradient("Z0", w=[0.1], method=call)
    small = Circuit(13).ry(weight(0), 0).cnot(0, 1)  # peaks of at most 1.25 MiB: allowed
    small.statevector(w=[0.1]) if call == "statevector" else small.gradient("Z0", w=[0.1], method=call)


# --- sharp edges -------------------------------------------------------------------------------
def test_one_dimensional_x_on_a_one_feature_circuit_is_refused():
    c = Circuit(1).ry(feature(0), 0)
    with pytest.raises(ValueError, match=r"shape \(n_samples, n_features\).*x\[:, None\]"):
        c.statevector(np.array([0.1, 0.2, 0.3]))
    assert c.statevector(np.array([[0.1], [0.2], [0.3]])).shape == (3, 2)


def test_one_dimensional_x_still_reads_one_sample_of_several_features():
    c = Circuit(2).ry(feature(0), 0).ry(feature(1), 1)
    np.testing.assert_allclose(c.statevector(np.array([0.1, 0.2])), c.statevector(np.array([[0.1, 0.2]])))


@pytest.mark.parametrize(
    "make, scale, shift",
    [
        (lambda: np.pi - weight(0), -1.0, np.pi),
        (lambda: 1 - feature(0), -1.0, 1.0),
        (lambda: np.float64(2.0) - weight(0), -1.0, 2.0),
        (lambda: 2 + feature(0), 1.0, 2.0),
        (lambda: np.float64(3.0) * weight(0), 3.0, 0.0),
        (lambda: -(weight(0) + 1), -1.0, -1.0),
    ],
)
def test_reflected_arithmetic(make, scale, shift):
    p = make()
    assert (p.scale, p.shift) == pytest.approx((scale, shift))


def test_reflected_arithmetic_in_a_circuit():
    c = Circuit(1).ry(np.pi - weight(0), 0)
    np.testing.assert_allclose(c.statevector(w=[0.4]), Circuit(1).ry(np.pi - 0.4, 0).statevector(), atol=1e-14)


def test_probs_accepts_one_wire_as_an_int():
    c = Circuit(2).x(1)
    np.testing.assert_allclose(c.probs(wires=1), [[0.0, 1.0]])
    np.testing.assert_allclose(c.probs(wires=[1]), [[0.0, 1.0]])


@pytest.mark.parametrize("wires, match", [(5, "0..1"), ([0, 0], "distinct"), ("a", "integers"), (1.5, "integers")])
def test_probs_and_sample_validate_wires_before_running(monkeypatch, wires, match):
    c = Circuit(2).h(0)
    from qmlcourse.sim import fusion

    monkeypatch.setattr(fusion.FusedRun, "run", lambda *a, **k: pytest.fail("ran before validating wires"))
    with pytest.raises((ValueError, TypeError), match=match):
        c.probs(wires=wires)
    with pytest.raises((ValueError, TypeError), match=match):
        c.sample(3, wires=wires)


def test_hermitian_check_is_absolute_and_relative():
    with pytest.raises(ValueError, match="not Hermitian"):
        Hermitian([[0, 1e6 + 1], [1e6, 0]], 0)
    with pytest.raises(ValueError, match="not Hermitian"):
        Hermitian([[0, 1e-3], [0, 0]], 0)
    Hermitian([[0, 1e6 * (1 + 1e-15)], [1e6, 0]], 0)  # rounding of large entries is fine
    Hermitian(np.diag([1.0, -1.0]), 0)
