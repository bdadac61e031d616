"""Tests of qmlcourse.fourier against independent references: direct sums, itertools, PennyLane's
qml.fourier.coefficients, Parseval's identity and explicit 2 x 2 matrices."""

from itertools import product

import numpy as np
import pytest

from qmlcourse import ansatz
from qmlcourse.datasets import fourier_series, reuploading_circle
from qmlcourse.fourier import (
    ReuploadingClassifier,
    accessible_frequencies,
    coefficients,
    fit_reuploading,
    grid,
    model_coefficients,
    series,
    truncation_error,
)
from qmlcourse.sim import Circuit


def test_grid_is_one_period_without_endpoint():
    x = grid(6)
    assert x.shape == (6,) and x[0] == 0 and np.isclose(x[1], np.pi / 3) and x[-1] < 2 * np.pi
    with pytest.raises(ValueError, match="positive integer"):
        grid(0)


@pytest.mark.parametrize("n", [7, 16, 33])
def test_coefficients_match_the_direct_sum(n):
    rng = np.random.default_rng(n)
    f = rng.normal(size=n) + 1j * rng.normal(size=n)
    k_max = (n - 1) // 2
    k = np.arange(-k_max, k_max + 1)
    direct = np.exp(-1j * np.outer(k, grid(n))) @ f / n
    np.testing.assert_allclose(coefficients(f), direct, atol=1e-12)
    np.testing.assert_allclose(coefficients(f, 2), direct[k_max - 2: k_max + 3], atol=1e-12)


def test_coefficients_of_known_functions_and_batches():
    x = grid(9)
    np.testing.assert_allclose(coefficients(1 + 2 * np.sin(3 * x), 3), [1j, 0, 0, 1, 0, 0, -1j], atol=1e-12)
    batch = np.stack([np.cos(x), np.cos(2 * x)])
    c = coefficients(batch, 2)
    assert c.shape == (2, 5)
    np.testing.assert_allclose(c[1], [0.5, 0, 0, 0, 0.5], atol=1e-12)


def test_coefficients_reject_unresolvable_frequencies():
    with pytest.raises(ValueError, match="need at least 7"):
        coefficients(np.zeros(6), 3)
    with pytest.raises(ValueError, match="non-negative integer"):
        coefficients(np.zeros(6), -1)


def test_series_and_coefficients_are_inverse_and_match_the_data_set():
    X, y, c = fourier_series(20, degree=3, random_state=4, return_coefficients=True)
    full = np.concatenate([np.conj(c[1:][::-1]), c])  # c_-3..c_3
    np.testing.assert_allclose(coefficients(y, 3), full, atol=1e-12)
    np.testing.assert_allclose(series(full, X[:, 0]), y, atol=1e-12)
    with pytest.raises(ValueError, match="2K \\+ 1"):
        series([1, 2], X)


def test_truncation_error_is_the_parseval_distance_to_the_truncated_series():
    X, y, c = fourier_series(16, degree=3, random_state=2, return_coefficients=True)
    full = np.concatenate([np.conj(c[1:][::-1]), c])
    truncated = full.copy()
    truncated[[0, 6]] = 0  # drop the frequencies -3 and 3
    mse = np.mean((y - series(truncated, X[:, 0])) ** 2)
    assert np.isclose(truncation_error(full, 2), mse, atol=1e-12)
    assert np.isclose(truncation_error(full, 2), 2 * abs(c[3]) ** 2, atol=1e-12)
    assert truncation_error(full, 3) == 0.0


def _brute_force(n, lam):
    sums = [sum(s) for s in product(lam, repeat=n)]
    return np.array(sorted({round(a - b, 9) for a in sums for b in sums}))


@pytest.mark.parametrize(("n", "lam"), [(1, [-0.5, 0.5]), (3, [-0.5, 0.5]), (2, [-1, 1]), (2, [0, 1, 3]),
                                        (3, [-0.3, 0.1, 0.7])])
def test_accessible_frequencies_against_brute_force(n, lam):
    np.testing.assert_allclose(accessible_frequencies(n, lam), _brute_force(n, lam), atol=1e-9)


def test_pauli_encodings_reach_2l_plus_1_integers():
    for n in range(1, 6):
        np.testing.assert_array_equal(accessible_frequencies(n, [-0.5, 0.5]), np.arange(-n, n + 1))
    with pytest.raises(ValueError, match="positive integer"):
        accessible_frequencies(0, [-0.5, 0.5])
    with pytest.raises(ValueError, match="eigenvalues"):
        accessible_frequencies(1, [])


@pytest.mark.parametrize("n_layers", [1, 2, 3, 4])
def test_model_spectrum_stops_at_the_number_of_uploads(n_layers):
    c = ansatz.reuploading(Circuit(1), n_layers)
    w = ansatz.random_weights(ansatz.reuploading_shape(n_layers, 1), seed=n_layers)
    coeffs = model_coefficients(c, w, 10, n_samples=64)
    k = np.abs(np.arange(-10, 11))
    assert np.max(np.abs(coeffs[k > n_layers])) < 1e-10
    assert np.abs(coeffs[k == n_layers]).min() > 1e-4  # the top frequency is really there
    np.testing.assert_allclose(coeffs, np.conj(coeffs[::-1]), atol=1e-12)  # a real function


def test_model_coefficients_match_pennylane():
    import pennylane as qml
    w = ansatz.random_weights(ansatz.reuploading_shape(2, 1), seed=7).reshape(3, 3)
    dev = qml.device("default.qubit", wires=1)

    @qml.qnode(dev)
    def f(x):
        qml.Rot(*w[0], wires=0)
        qml.RX(x[0], wires=0)
        qml.Rot(*w[1], wires=0)
        qml.RX(x[0], wires=0)
        qml.Rot(*w[2], wires=0)
        return qml.expval(qml.PauliZ(0))

    pl = np.asarray(qml.fourier.coefficients(f, 1, 3))  # np.fft order: c_0, c_1..c_3, c_-3..c_-1
    ours = model_coefficients(ansatz.reuploading(Circuit(1), 2), w.ravel(), 3)
    np.testing.assert_allclose(ours, np.concatenate([pl[4:], pl[:4]]), atol=1e-10)


def test_model_coefficients_batch_and_errors():
    c = ansatz.reuploading(Circuit(1), 1)
    w = np.random.default_rng(0).uniform(0, 6, (3, c.n_weights))
    assert model_coefficients(c, w, 2).shape == (3, 5)
    with pytest.raises(ValueError, match="one feature"):
        model_coefficients(Circuit(1).rx(0.1, 0), None, 1)
    with pytest.raises(TypeError, match="Circuit"):
        model_coefficients("circuit", w, 1)


def test_fit_reuploading_fits_degree_l_and_not_degree_l_plus_1():
    X, y, c = fourier_series(24, degree=2, random_state=3, return_coefficients=True)
    _, w, mse = fit_reuploading(X, y, n_layers=2, n_steps=300)
    assert mse < 1e-6 and w.shape == (9,)
    X, y, c = fourier_series(24, degree=3, random_state=3, return_coefficients=True)
    _, _, mse = fit_reuploading(X, y, n_layers=2, n_steps=300)
    bound = 2 * abs(c[3]) ** 2
    assert mse >= bound - 1e-12 and mse < bound + 1e-3
    with pytest.raises(ValueError, match="shape"):
        fit_reuploading(np.zeros((4, 2)), np.zeros(4), n_layers=1)


def _rz(t):
    return np.diag([np.exp(-0.5j * t), np.exp(0.5j * t)])


def _ry(t):
    return np.array([[np.cos(t / 2), -np.sin(t / 2)], [np.sin(t / 2), np.cos(t / 2)]])


def test_classifier_layers_are_the_papers_rotations():
    X, y = reuploading_circle(40, random_state=0)
    clf = ReuploadingClassifier(n_layers=2, n_steps=5, n_restarts=1).fit(X, y)
    z = clf.expval(X[:3])
    for row, value in zip(X[:3], z, strict=True):
        psi = np.array([1, 0], dtype=complex)
        for (t1, t2, t3), (w1, w2) in zip(clf.theta_, clf.data_weights_, strict=True):
            psi = _rz(t2 + w2 * row[1]) @ _ry(t1 + w1 * row[0]) @ _rz(t3) @ psi
        assert np.isclose(value, abs(psi[0]) ** 2 - abs(psi[1]) ** 2, atol=1e-12)
    assert set(np.unique(clf.predict(X))) <= {0, 1}


def test_classifier_training_lowers_the_fidelity_cost():
    X, y = reuploading_circle(60, random_state=1)
    short = ReuploadingClassifier(n_layers=2, n_steps=1, n_restarts=1).fit(X, y)
    long = ReuploadingClassifier(n_layers=2, n_steps=80, n_restarts=1).fit(X, y)
    assert long.loss_ < short.loss_
    f = (1 + (1 - 2 * y) * long.expval(X)) / 2  # fidelity with the label's state
    assert np.isclose(long.loss_, np.mean((1 - f) ** 2), atol=1e-12)


def test_classifier_errors():
    with pytest.raises(ValueError, match="not fitted"):
        ReuploadingClassifier(1).predict(np.zeros((1, 2)))
    with pytest.raises(ValueError, match="shape"):
        ReuploadingClassifier(1).fit(np.zeros((3, 3)), np.zeros(3))
    with pytest.raises(ValueError, match="labels 0 and 1"):
        ReuploadingClassifier(1).fit(np.zeros((3, 2)), np.array([0, 2, 1]))
    with pytest.raises(ValueError, match="positive integer"):
        ReuploadingClassifier(0)


def test_exercise_model_is_the_packages_reuploading_circuit():
    from qmlcourse.exercises.vqc_fourier import _model_circuit

    w = np.random.default_rng(5).uniform(0, 6, 12)
    x = grid(10)[:, None]
    np.testing.assert_allclose(_model_circuit(3).expval("Z0", x, w),
                               ansatz.reuploading(Circuit(1), 3).expval("Z0", x, w), atol=1e-12)
