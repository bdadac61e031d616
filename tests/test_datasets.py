"""Tests for qmlcourse/datasets.py: scikit-learn references, closed forms, seeding."""

import numpy as np
import pytest
from sklearn.datasets import make_circles, make_moons

from qmlcourse import datasets


@pytest.mark.parametrize("fn, ref, kwargs", [
    (datasets.moons, make_moons, {"noise": 0.2}),
    (datasets.circles, make_circles, {"noise": 0.1, "factor": 0.3}),
])
def test_moons_and_circles_equal_scikit_learn_for_the_same_seed(fn, ref, kwargs):
    X, y = fn(n_samples=50, random_state=3, **kwargs)
    X_ref, y_ref = ref(n_samples=50, random_state=3, **kwargs)
    np.testing.assert_array_equal(X, X_ref)
    np.testing.assert_array_equal(y, y_ref)
    assert X.dtype == np.float64 and y.dtype == np.int64 and X.shape == (50, 2)


@pytest.mark.parametrize("fn", [datasets.moons, datasets.circles, datasets.reuploading_circle])
def test_seeded_and_different_seeds_differ(fn):
    a, b, c = fn(random_state=0), fn(random_state=0), fn(random_state=1)
    np.testing.assert_array_equal(a[0], b[0])
    assert not np.allclose(a[0], c[0])
    gen = fn(random_state=np.random.default_rng(5))  # a Generator works too
    assert gen[0].shape == a[0].shape


def test_parity_all_strings_and_sampled():
    X, y = datasets.parity(4)
    assert X.shape == (16, 4)
    assert len({tuple(r) for r in X}) == 16
    for row, label in zip(X, y, strict=True):
        assert label == int(sum(row)) % 2
    Xs, ys = datasets.parity(6, n_samples=30, random_state=0)
    assert Xs.shape == (30, 6) and set(np.unique(Xs)) <= {0.0, 1.0}
    np.testing.assert_array_equal(ys, Xs.sum(axis=1) % 2)


@pytest.mark.parametrize("degree", [0, 1, 3])
def test_fourier_series_spectrum_is_the_coefficients(degree):
    X, y, c = datasets.fourier_series(64, degree=degree, random_state=degree, return_coefficients=True)
    assert X.shape == (64, 1) and c.shape == (degree + 1,)
    spectrum = np.fft.fft(y) / 64  # spectrum[k] = c_k on an equally spaced grid
    np.testing.assert_allclose(spectrum[: degree + 1], c, atol=1e-12)
    np.testing.assert_allclose(spectrum[degree + 1: 64 - degree], 0, atol=1e-12)
    assert np.abs(y).max() <= 1 + 1e-12
    assert abs(c[0]) + 2 * np.abs(c[1:]).sum() == pytest.approx(1.0)
    if degree:
        assert np.abs(c[-1]) >= 0.1 * np.abs(c).max() - 1e-12


def test_fourier_series_given_coefficients_noise_and_random_points():
    X, y = datasets.fourier_series(20, coefficients=[0.1, 0.15 + 0.15j], grid=False, random_state=0)
    x = X[:, 0]
    np.testing.assert_allclose(y, 0.1 + 0.3 * np.cos(x) - 0.3 * np.sin(x), atol=1e-12)
    assert x.min() >= 0 and x.max() < 2 * np.pi
    _, noisy = datasets.fourier_series(20, coefficients=[0.1, 0.15 + 0.15j], grid=False, noise=0.1, random_state=0)
    assert 0 < np.std(noisy - y) < 0.3


def test_reuploading_circle_labels_and_balance():
    X, y = datasets.reuploading_circle(4000, random_state=0)
    assert X.min() >= -1 and X.max() <= 1
    np.testing.assert_array_equal(y, (X[:, 0] ** 2 + X[:, 1] ** 2 < 2 / np.pi).astype(int))
    assert abs(y.mean() - 0.5) < 0.03  # the circle covers half the square


def test_errors():
    with pytest.raises(ValueError, match="n_samples must be a positive integer; got 0"):
        datasets.moons(0)
    with pytest.raises(ValueError, match="noise must be a non-negative number; got -0.1"):
        datasets.circles(noise=-0.1)
    with pytest.raises(ValueError, match=r"factor must be in \(0, 1\); got 2"):
        datasets.circles(factor=2)
    with pytest.raises(ValueError, match="degree must be a non-negative integer"):
        datasets.fourier_series(degree=-1)
    with pytest.raises(ValueError, match="c_0 must be real"):
        datasets.fourier_series(coefficients=[1j, 0.2])
    with pytest.raises(TypeError, match="random_state must be an int, a numpy Generator or None; got str"):
        datasets.reuploading_circle(random_state="0")


# --- Havlicek et al. 2019 --------------------------------------------------------------------
def _zz_state_numpy(x, reps=2):
    """The ZZ feature state from its closed form: reps times H^n then the diagonal
    exp(2i [sum_i x_i b_i + sum_(i<j) (pi - x_i)(pi - x_j) (b_i XOR b_j)])."""
    n = len(x)
    bits = (np.arange(2**n)[:, None] >> np.arange(n - 1, -1, -1)) & 1
    phase = 2 * bits @ x
    for i in range(n):
        for j in range(i + 1, n):
            phase = phase + 2 * (np.pi - x[i]) * (np.pi - x[j]) * (bits[:, i] ^ bits[:, j])
    h = np.array([[1.0]])
    for _ in range(n):
        h = np.kron(h, np.array([[1, 1], [1, -1]]) / np.sqrt(2))
    psi = np.zeros(2**n, dtype=complex)
    psi[0] = 1
    for _ in range(reps):
        psi = np.exp(1j * phase) * (h @ psi)
    return psi


@pytest.mark.parametrize("n_qubits, gap", [(2, 0.3), (3, 0.2)])
def test_havlicek_labelling_rule_holds_for_every_point(n_qubits, gap):
    X, y, V = datasets.havlicek(60, n_qubits=n_qubits, gap=gap, random_state=4, return_unitary=True)
    assert X.shape == (60, n_qubits) and y.dtype == np.int64 and X.dtype == np.float64
    assert np.sum(y == 0) == 30 and np.sum(y == 1) == 30
    assert X.min() >= 0 and X.max() < 2 * np.pi
    parity = np.array([(-1) ** bin(b).count("1") for b in range(2**n_qubits)])
    f = np.array([np.abs(V @ _zz_state_numpy(x)) ** 2 @ parity for x in X])
    assert np.all(np.abs(f) >= gap)
    np.testing.assert_array_equal(y, (f > 0).astype(int))
    np.testing.assert_allclose(datasets.havlicek_labels(X, V), f, atol=1e-12)
    np.testing.assert_allclose(V @ V.conj().T, np.eye(2**n_qubits), atol=1e-12)


def test_havlicek_is_reproducible_and_a_same_map_kernel_svm_fits_it():
    from sklearn.svm import SVC

    from qmlcourse.kernels import FidelityKernel

    a, b, c = (datasets.havlicek(150, random_state=s) for s in (7, 7, 8))
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.allclose(a[0], c[0])
    X, y = a
    svm = SVC(kernel=FidelityKernel(feature_map="zz", reps=2), C=10.0).fit(X[:100], y[:100])
    assert svm.score(X[:100], y[:100]) == 1.0 and svm.score(X[100:], y[100:]) >= 0.95
    rbf = SVC(kernel="rbf", C=10.0).fit(X[:100], y[:100])
    assert rbf.score(X[100:], y[100:]) < svm.score(X[100:], y[100:])


def test_havlicek_errors():
    with pytest.raises(ValueError, match=r"gap must be in \[0, 1\)"):
        datasets.havlicek(10, gap=1.0)
    with pytest.raises(ValueError, match="n_samples must be at least 2"):
        datasets.havlicek(1)
    with pytest.raises(ValueError, match="n_qubits must be at most 6"):
        datasets.havlicek(10, n_qubits=7)
    with pytest.raises(ValueError, match="V must have shape"):
        datasets.havlicek_labels(np.zeros((2, 2)), np.eye(2))
    with pytest.raises(ValueError, match="V must be unitary"):
        datasets.havlicek_labels(np.zeros((2, 1)), np.ones((2, 2)))
