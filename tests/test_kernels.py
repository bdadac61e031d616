"""Fidelity kernels from batched statevectors against pairwise overlaps and scikit-learn."""

import numpy as np
import pytest
from sklearn.svm import SVC

from qmlcourse.kernels import fidelity_from_states, fidelity_kernel_matrix
from qmlcourse.sim import Circuit, feature, weight


def feature_map(n: int) -> Circuit:
    c = Circuit(n)
    for q in range(n):
        c.h(q).rz(feature(q), q)
    for q in range(n - 1):
        c.cnot(q, q + 1).rz(feature(q + 1), q + 1).cnot(q, q + 1)
    return c


def test_kernel_matrix_equals_pairwise_overlaps():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(6, 3)), rng.normal(size=(4, 3))
    fm = feature_map(3)
    k = fidelity_kernel_matrix(fm, x, y)
    sx, sy = fm.statevector(x), fm.statevector(y)
    expected = np.array([[abs(np.vdot(b, a)) ** 2 for b in sy] for a in sx])
    np.testing.assert_allclose(k, expected, atol=1e-12)


def test_gram_matrix_is_symmetric_psd_with_unit_diagonal():
    x = np.random.default_rng(1).normal(size=(10, 3))
    k = fidelity_kernel_matrix(feature_map(3), x)
    np.testing.assert_allclose(k, k.T, atol=1e-12)
    np.testing.assert_allclose(np.diag(k), 1.0, atol=1e-12)
    assert np.linalg.eigvalsh(k).min() > -1e-10


def test_precomputed_kernel_works_in_scikit_learn():
    rng = np.random.default_rng(2)
    x = rng.uniform(0, np.pi, size=(20, 2))
    labels = (x[:, 0] > x[:, 1]).astype(int)
    fm = feature_map(2)
    svc = SVC(kernel="precomputed").fit(fidelity_kernel_matrix(fm, x), labels)
    callable_svc = SVC(kernel=lambda a, b: fidelity_kernel_matrix(fm, a, b)).fit(x, labels)
    np.testing.assert_array_equal(svc.predict(fidelity_kernel_matrix(fm, x)), callable_svc.predict(x))


def test_errors_name_what_was_expected():
    with pytest.raises(ValueError, match="same D"):
        fidelity_from_states(np.ones((2, 4)), np.ones((2, 8)))
    with pytest.raises(ValueError, match="trainable weights"):
        fidelity_kernel_matrix(Circuit(1).ry(weight(0), 0), np.zeros((2, 1)))
