"""Tests for qmlcourse/sim/state.py: creation, conversion, validation, the memory cap."""

import time

import numpy as np
import pytest

from qmlcourse.sim import basis_state, from_vector, n_qubits_of, to_vector, zero_state
from qmlcourse.sim.state import MAX_STATE_BYTES, check_fits, validate_state


@pytest.mark.parametrize("n", [1, 2, 5])
@pytest.mark.parametrize("batch", [1, 3])
def test_zero_state_shape_dtype_and_amplitudes(n, batch):
    s = zero_state(n, batch)
    assert s.shape == (batch,) + (2,) * n
    assert s.dtype == np.complex128
    expected = np.zeros((batch, 2**n))
    expected[:, 0] = 1
    np.testing.assert_array_equal(s.reshape(batch, -1), expected)
    assert n_qubits_of(s) == n


@pytest.mark.parametrize("bits", ["0", "1", "01", "10", "110", "0101"])
def test_basis_state_index_is_wire0_most_significant(bits):
    s = basis_state(bits, batch=2)
    vec = to_vector(s)
    expected = np.zeros(2 ** len(bits))
    expected[int(bits, 2)] = 1
    np.testing.assert_array_equal(vec, np.stack([expected, expected]))
    # a list of ints gives the same state
    np.testing.assert_array_equal(basis_state([int(b) for b in bits]), s[:1])


def test_01_differs_from_10():
    assert to_vector(basis_state("01"))[0, 1] == 1
    assert to_vector(basis_state("10"))[0, 2] == 1


def test_from_vector_roundtrip_single_and_batch():
    rng = np.random.default_rng(0)
    v = rng.normal(size=(3, 8)) + 1j * rng.normal(size=(3, 8))
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    s = from_vector(v)
    assert s.shape == (3, 2, 2, 2)
    np.testing.assert_array_equal(to_vector(s), v)
    one = from_vector(v[1])
    assert one.shape == (1, 2, 2, 2)
    np.testing.assert_array_equal(to_vector(one)[0], v[1])
    # the amplitude of index 3 = |011> sits at [0, 0, 1, 1]
    assert s[1, 0, 1, 1] == v[1, 3]


def test_from_vector_normalize():
    s = from_vector([3, 4j], normalize=True)
    np.testing.assert_allclose(to_vector(s)[0], [0.6, 0.8j])


def test_from_vector_returns_a_copy():
    v = np.array([1, 0, 0, 0], dtype=complex)
    s = from_vector(v)
    v[0] = 5
    assert s.reshape(-1)[0] == 1


@pytest.mark.parametrize("vector, match", [
    ([1, 1], "norm 1"),
    ([0.6, 0.8, 0.0], "power of two"),
    ([1.0], "power of two"),
    (np.ones((2, 2, 2)), "shape"),
    ([np.nan, 0], "NaN"),
])
def test_from_vector_rejects(vector, match):
    with pytest.raises(ValueError, match=match):
        from_vector(vector)


def test_from_vector_normalize_zero_vector():
    with pytest.raises(ValueError, match="zero vector"):
        from_vector([0, 0], normalize=True)


@pytest.mark.parametrize("bits", ["", "012", [0, 2], "ab"])
def test_basis_state_rejects_bad_bits(bits):
    with pytest.raises(ValueError):
        basis_state(bits)


@pytest.mark.parametrize("n, batch", [(0, 1), (-1, 1), (2, 0), (2.5, 1), (True, 1)])
def test_zero_state_rejects_bad_counts(n, batch):
    with pytest.raises(ValueError, match="positive integer"):
        zero_state(n, batch)


def test_validate_state():
    validate_state(zero_state(3), 3)
    with pytest.raises(ValueError, match=r"\(batch, 2, 2\); got \(1, 2, 2, 2\)"):
        validate_state(zero_state(3), 2)
    with pytest.raises(ValueError, match=r"got \(4,\)"):
        validate_state(np.zeros(4))
    with pytest.raises(ValueError, match=r"got \(1, 3\)"):
        to_vector(np.zeros((1, 3)))


@pytest.mark.parametrize("n, batch", [(28, 2), (27, 2), (26, 5), (31, 1), (40, 1)])
def test_refuses_states_over_2_gib_quickly(n, batch):
    assert 16 * batch * 2**n > MAX_STATE_BYTES
    t0 = time.perf_counter()
    with pytest.raises(ValueError, match="qubits"):
        zero_state(n, batch)
    with pytest.raises(ValueError, match="qubits"):
        basis_state([0] * n, batch)
    assert time.perf_counter() - t0 < 0.5  # nothing was allocated


def test_check_fits_names_size_and_limit():
    with pytest.raises(ValueError, match=r"8\.0 GiB, more than the 2 GiB limit"):
        check_fits(28, 2)
    check_fits(27, 1)  # exactly 2 GiB is allowed
    with pytest.raises(ValueError, match="at most 30 qubits"):
        check_fits(31, 1)
