"""The published results that lesson 13 (notebooks/13_reuploading_and_fourier.ipynb) reproduces,
asserted with the package (seeded, a few seconds in all).

1. Schuld, Sweke and Meyer 2021, Phys. Rev. A 103, 032430: a model that encodes x by L
   Pauli rotations RX(x) is a Fourier series with the integer frequencies -L..L. Its FFT
   spectrum has no weight above L for any weights; trained, it fits a degree-L target and
   cannot fit a degree-(L + 1) one, whose mean squared error stays at Parseval's bound
   2 |c_(L+1)|^2. A scaled second encoding RX(2x) widens the spectrum to -3..3 with 2 encodings
   (though, with fewer free coefficients, it does not fit every degree-3 series).
2. Perez-Salinas, Cervera-Lierta, Gil-Fuster and Latorre 2020, Quantum 4, 226: one qubit with
   several re-uploading layers classifies the circle data set (the circle covering half of the
   square [-1, 1]^2), and far better than with one layer.
"""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.svm import SVC

from qmlcourse import ansatz
from qmlcourse.datasets import fourier_series, reuploading_circle
from qmlcourse.fourier import (
    ReuploadingClassifier,
    accessible_frequencies,
    coefficients,
    fit_reuploading,
    model_coefficients,
    truncation_error,
)
from qmlcourse.sim import Circuit, feature, weight


# --------------------------------------------------------------------------- Schuld, Sweke and Meyer 2021
@pytest.mark.parametrize("n_layers", [1, 2, 3, 5])
def test_spectrum_of_l_pauli_encodings_stops_at_l(n_layers):
    circuit = ansatz.reuploading(Circuit(1), n_layers)
    rng = np.random.default_rng(2021 + n_layers)
    w = rng.uniform(0, 2 * np.pi, (20, circuit.n_weights))  # 20 random weight sets in one call
    c = model_coefficients(circuit, w, 12, n_samples=64)
    k = np.abs(np.arange(-12, 13))
    assert np.max(np.abs(c[:, k > n_layers])) < 1e-10
    assert np.all(np.abs(c[:, k == n_layers]).max(axis=1) > 1e-6)  # ... and frequency L is used
    np.testing.assert_array_equal(accessible_frequencies(n_layers, [-0.5, 0.5]), np.arange(-n_layers, n_layers + 1))


def test_l_layers_fit_degree_l_but_not_degree_l_plus_1():
    L = 2
    x, y_ok = fourier_series(24, degree=L, random_state=13)
    _, w, mse_ok = fit_reuploading(x, y_ok, n_layers=L)
    assert mse_ok < 1e-6
    x, y_hard, c = fourier_series(24, degree=L + 1, random_state=13, return_coefficients=True)
    circuit, w, mse_hard = fit_reuploading(x, y_hard, n_layers=L)
    bound = 2 * abs(c[L + 1]) ** 2  # Parseval: the frequencies +-(L + 1) stay unfitted
    assert np.isclose(bound, truncation_error(coefficients(y_hard, L + 1), L), atol=1e-12)
    assert bound - 1e-12 <= mse_hard < bound + 1e-4
    fitted = model_coefficients(circuit, w, L + 1, n_samples=24)
    assert abs(fitted[0]) < 1e-10 and abs(fitted[-1]) < 1e-10  # c_(+-(L+1)) of the model: zero
    target = coefficients(y_hard, L + 1)
    assert np.max(np.abs(fitted[1:-1] - target[1:-1])) < 0.01  # the lower ones are fitted


def test_a_scaled_encoding_widens_the_spectrum():
    c = Circuit(1)
    c.rot(weight(0), weight(1), weight(2), 0).rx(feature(0), 0)
    c.rot(weight(3), weight(4), weight(5), 0).rx(feature(0, scale=2.0), 0)
    c.rot(weight(6), weight(7), weight(8), 0)
    # eigenvalue sums of RX(x) then RX(2x): +-1/2 +-1 = {-3/2, -1/2, 1/2, 3/2}; differences -3..3
    np.testing.assert_array_equal(accessible_frequencies(1, [-1.5, -0.5, 0.5, 1.5]), np.arange(-3, 4))
    rng = np.random.default_rng(3)
    coeffs = model_coefficients(c, rng.uniform(0, 2 * np.pi, (20, c.n_weights)), 8, n_samples=32)
    k = np.abs(np.arange(-8, 9))
    assert np.max(np.abs(coeffs[:, k > 3])) < 1e-10 and np.all(np.abs(coeffs[:, k == 3]).max(axis=1) > 1e-6)
    # It uses frequency 3 (beats every 2-layer RX model) but its coefficients are not free:
    # 2 encodings do not fit every degree-3 series, as 3 RX(x) encodings do.
    x, y, co = fourier_series(24, degree=3, random_state=5, return_coefficients=True)
    _, _, mse = fit_reuploading(x, y, circuit=c)
    assert 1e-4 < mse < 0.6 * 2 * abs(co[3]) ** 2
    assert fit_reuploading(x, y, n_layers=3)[2] < 1e-6


# --------------------------------------------------------------------------- Perez-Salinas et al. 2020
def test_single_qubit_reuploading_classifies_the_circle():
    X, y = reuploading_circle(200, random_state=1)
    X_test, y_test = reuploading_circle(2000, random_state=2)
    one = ReuploadingClassifier(n_layers=1).fit(X, y).score(X_test, y_test)
    many = ReuploadingClassifier(n_layers=4).fit(X, y).score(X_test, y_test)
    assert one < 0.7  # one layer: <Z> = cos(theta + w x_1) sees x_1 only
    assert many >= 0.9 and many > one + 0.2
    linear = LogisticRegression().fit(X, y).score(X_test, y_test)
    rbf = SVC(kernel="rbf").fit(X, y).score(X_test, y_test)
    assert linear < 0.7 < 0.9 <= rbf  # a straight line cannot do a circle; an RBF SVM can
