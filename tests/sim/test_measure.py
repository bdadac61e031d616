"""Tests for qmlcourse/sim/measure.py against dense matrices built independently."""

import numpy as np
import pytest

from qmlcourse.sim import Hamiltonian, Hermitian, PauliWord, basis_state, expval, probs, sample
from qmlcourse.sim.measure import counts
from simref import embed, kron_all, random_state

PAULI = {"I": np.eye(2), "X": np.array([[0, 1], [1, 0]]), "Y": np.array([[0, -1j], [1j, 0]]), "Z": np.diag([1, -1])}
N = 4


def _dense_word(letters):
    return kron_all(*[PAULI[c] for c in letters])


def _expect(state, op):
    v = state.reshape(state.shape[0], -1)
    return np.einsum("bi,ij,bj->b", v.conj(), op, v).real


@pytest.mark.parametrize("batch", [1, 3])
def test_probs_all(batch):
    rng = np.random.default_rng(batch)
    s = random_state(N, batch, rng)
    p = probs(s)
    assert p.shape == (batch, 2**N)
    np.testing.assert_allclose(p, np.abs(s.reshape(batch, -1)) ** 2, atol=1e-15)
    np.testing.assert_allclose(p.sum(axis=1), 1)


@pytest.mark.parametrize("wires", [[0], [3], [1, 2], [2, 1], [3, 0], [0, 2, 3], [3, 1, 0], [2, 0, 3, 1]], ids=str)
def test_probs_marginal_in_given_order(wires):
    rng = np.random.default_rng(len(wires))
    s = random_state(N, 2, rng)
    full = np.abs(s.reshape(2, -1)) ** 2
    ref = np.zeros((2, 2 ** len(wires)))
    for i in range(2**N):
        bits = [(i >> (N - 1 - q)) & 1 for q in range(N)]
        j = int("".join(str(bits[q]) for q in wires), 2)
        ref[:, j] += full[:, i]
    np.testing.assert_allclose(probs(s, wires), ref, atol=1e-15)


def test_probs_marginal_wire_order_on_basis_state():
    np.testing.assert_array_equal(probs(basis_state("10"), [1, 0]), [[0, 1, 0, 0]])
    np.testing.assert_array_equal(probs(basis_state("10"), [0, 1]), [[0, 0, 1, 0]])
    np.testing.assert_array_equal(probs(basis_state("110"), [2]), [[1, 0]])


@pytest.mark.parametrize(
    "word, letters",
    [
        ("ZZII", "ZZII"),
        ("Z0 Z1", "ZZII"),
        ("XIYZ", "XIYZ"),
        ("Y3", "IIIY"),
        ("X0 Y2 Z3", "XIYZ"),
        ("Z2 X0", "XIZI"),
        ({1: "Y", 3: "x"}, "IYIX"),
        ("IIII", "IIII"),
        ("x1@z3", "IXIZ"),
        ("Z0 Z1 Z2 Z3", "ZZZZ"),
    ],
)
def test_pauli_expval_against_dense(word, letters):
    rng = np.random.default_rng(0)
    s = random_state(N, 3, rng)
    got = expval(s, word)
    assert got.shape == (3,)
    np.testing.assert_allclose(got, _expect(s, _dense_word(letters)), atol=1e-12)


def test_hermitian_expval_against_dense():
    rng = np.random.default_rng(1)
    s = random_state(N, 2, rng)
    a = rng.normal(size=(4, 4)) + 1j * rng.normal(size=(4, 4))
    h = a + a.conj().T
    for wires in ([0, 1], [3, 1], [2, 0]):
        np.testing.assert_allclose(expval(s, Hermitian(h, wires)), _expect(s, embed(h, wires, N)), atol=1e-12)
    h1 = np.array([[1.0, 2 - 1j], [2 + 1j, -0.5]])
    np.testing.assert_allclose(expval(s, Hermitian(h1, 2)), _expect(s, embed(h1, [2], N)), atol=1e-12)


def test_hamiltonian_and_list_of_observables():
    rng = np.random.default_rng(2)
    s = random_state(N, 3, rng)
    h1 = np.array([[1.0, 2 - 1j], [2 + 1j, -0.5]])
    ham = Hamiltonian([0.5, -1.2, 2.0], ["Z0 X2", Hermitian(h1, [3]), "Y1"])
    dense = 0.5 * _dense_word("ZIXI") - 1.2 * embed(h1, [3], N) + 2.0 * _dense_word("IYII")
    np.testing.assert_allclose(expval(s, ham), _expect(s, dense), atol=1e-12)
    many = expval(s, ["Z0", ham, "X1 X2"])
    assert many.shape == (3, 3)
    np.testing.assert_allclose(many[:, 1], _expect(s, dense), atol=1e-12)
    np.testing.assert_allclose(many[:, 2], _expect(s, _dense_word("IXXI")), atol=1e-12)
    nested = Hamiltonian([2.0], [Hamiltonian([1.0, 1.0], ["Z0", "Z1"])])
    np.testing.assert_allclose(expval(s, nested), 2 * _expect(s, _dense_word("ZIII") + _dense_word("IZII")), atol=1e-12)


def test_pauli_word_parse():
    assert PauliWord.parse("ZIX").terms == ((0, "Z"), (2, "X"))
    assert PauliWord.parse("X2 Z0") == PauliWord.parse("ZIX")
    assert str(PauliWord.parse("III")) == "I"
    assert PauliWord.parse("y1").wires == [1]


@pytest.mark.parametrize(
    "word, error, match",
    [
        ("ZQ", ValueError, "a Pauli word is like"),
        ("Z0 Z0", ValueError, "at most once"),
        ("", ValueError, "a Pauli word is like"),
        ("Z-1", ValueError, "a Pauli word is like"),
        ({0: "Q"}, ValueError, "Pauli letters are I, X, Y, Z"),
        (3, TypeError, "expected a Pauli word"),
    ],
)
def test_bad_pauli_words(word, error, match):
    with pytest.raises(error, match=match):
        PauliWord.parse(word)
    with pytest.raises(error, match=match):
        expval(basis_state("0000"), word)


@pytest.mark.parametrize("table_entries", [2**16, 0])  # one table product, then one marginal per word
def test_list_of_z_words_matches_dense(monkeypatch, table_entries):
    """A list of Z-only words takes one product with the probabilities (measure.z_table)."""
    from qmlcourse.sim import measure

    monkeypatch.setattr(measure, "Z_TABLE_ENTRIES", table_entries)
    s = random_state(N, 3, np.random.default_rng(5))
    words = ["Z0", "IIII", "Z3 Z1", PauliWord.parse("Z0 Z1 Z2 Z3"), {2: "z"}]
    letters = ["ZIII", "IIII", "IZIZ", "ZZZZ", "IIZI"]
    got = expval(s, words)
    assert got.shape == (3, 5)
    for k, word in enumerate(letters):
        np.testing.assert_allclose(got[:, k], _expect(s, _dense_word(word)), atol=1e-12)
    with pytest.raises(ValueError, match=r"wires must be in 0..3 for 4 qubits; got \[4\]"):
        expval(s, ["Z0", "Z4"])


def test_observable_on_missing_wire():
    with pytest.raises(ValueError, match=r"wires must be in 0..1 for 2 qubits; got \[2\]"):
        expval(basis_state("00"), "Z2")
    with pytest.raises(ValueError, match=r"got \[5\]"):
        probs(basis_state("00"), [0, 5])
    with pytest.raises(ValueError, match="distinct"):
        probs(basis_state("00"), [1, 1])


def test_hermitian_errors():
    with pytest.raises(ValueError, match="not Hermitian"):
        Hermitian(np.array([[0, 1], [0, 0]]), 0)
    with pytest.raises(ValueError, match=r"needs shape \(4, 4\); got \(2, 2\)"):
        Hermitian(np.eye(2), [0, 1])
    with pytest.raises(ValueError, match="one coefficient per observable"):
        Hamiltonian([1.0], ["Z0", "Z1"])


# --- sampling ----------------------------------------------------------------------------------


def test_sample_seeded_reproducible_and_shape():
    rng = np.random.default_rng(3)
    s = random_state(3, 2, rng)
    a = sample(s, 100, seed=7)
    b = sample(s, 100, seed=7)
    c = sample(s, 100, seed=8)
    assert a.shape == (2, 100, 3) and a.dtype == np.int8
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    np.testing.assert_array_equal(
        sample(s, 50, seed=np.random.default_rng(1)), sample(s, 50, seed=np.random.default_rng(1))
    )
    assert set(np.unique(a)) <= {0, 1}


@pytest.mark.parametrize("wires", [None, [2, 0], [1]], ids=str)
def test_sample_frequencies_converge_to_probs(wires):
    rng = np.random.default_rng(4)
    s = random_state(3, 2, rng)
    shots = 200_000
    bits = sample(s, shots, wires=wires, seed=11)
    k = bits.shape[-1]
    idx = (bits.astype(np.int64) * (2 ** np.arange(k - 1, -1, -1))).sum(axis=-1)
    p = probs(s, wires)
    for b in range(2):
        freq = np.bincount(idx[b], minlength=2**k)
        expected = shots * p[b]
        chi2 = ((freq - expected) ** 2 / expected).sum()
        # dof = 2**k - 1 <= 7; the 99.99% quantile of chi2(7) is about 29
        assert chi2 < 30, (chi2, freq, expected)


def test_sample_basis_state_and_zero_probability_outcomes():
    bits = sample(basis_state("101", batch=2), 20, seed=0)
    np.testing.assert_array_equal(bits, np.broadcast_to([1, 0, 1], (2, 20, 3)))
    np.testing.assert_array_equal(sample(basis_state("101"), 5, wires=[2, 1], seed=0)[0], [[1, 0]] * 5)


@pytest.mark.parametrize("shots", [0, -3, 2.5, True, "10"])
def test_sample_rejects_bad_shots(shots):
    with pytest.raises(ValueError, match="shots must be a positive integer"):
        sample(basis_state("0"), shots)


def test_counts():
    bits = np.array([[0, 1], [1, 1], [0, 1], [0, 0]])
    assert counts(bits) == {"00": 1, "01": 2, "11": 1}
    s = sample(basis_state("10"), 10, seed=0)
    assert counts(s[0]) == {"10": 10}
    with pytest.raises(ValueError, match=r"shape \(shots, k\)"):
        counts(s)
