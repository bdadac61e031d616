"""Tests for qmlcourse/sim/params.py: angle bindings and their arithmetic."""

import numpy as np
import pytest

from qmlcourse.sim.params import as_param, const, feature, feature_map, weight

X = np.array([[0.1, 0.2, 0.3], [1.0, 2.0, 3.0]])  # (N=2, d=3)
W = np.array([[0.5, -1.0], [2.0, 4.0], [0.0, 1.5]])  # (P=3, n_w=2)


def test_feature_evaluates_to_row_of_samples():
    a = feature(1).evaluate(X, None)
    assert a.shape == (1, 2)
    np.testing.assert_array_equal(a, [[0.2, 2.0]])


def test_weight_evaluates_to_column_of_sets():
    a = weight(1).evaluate(None, W)
    assert a.shape == (3, 1)
    np.testing.assert_array_equal(a[:, 0], [-1.0, 4.0, 1.5])


def test_const():
    assert const(0.25).evaluate(X, W) == 0.25


@pytest.mark.parametrize("make, expected", [
    (lambda: 2 * weight(0) + 0.1, 2 * W[:, 0] + 0.1),
    (lambda: weight(0) * 2 - 0.1, 2 * W[:, 0] - 0.1),
    (lambda: (weight(1) + 1) * 3, 3 * (W[:, 1] + 1)),
    (lambda: -weight(1) / 2, -W[:, 1] / 2),
    (lambda: 0.5 + weight(0, scale=3.0, shift=1.0), 3 * W[:, 0] + 1.5),
    (lambda: np.pi * weight(1), np.pi * W[:, 1]),
])
def test_affine_arithmetic_on_weights(make, expected):
    np.testing.assert_allclose(make().evaluate(None, W)[:, 0], expected)


def test_affine_arithmetic_on_features():
    p = np.pi * feature(2) - 1
    np.testing.assert_allclose(p.evaluate(X, None)[0], np.pi * X[:, 2] - 1)


def test_feature_map_evaluates_function_of_row():
    p = 2 * feature_map(lambda x: x[:, 0] * x[:, 1], label="x0*x1")
    np.testing.assert_allclose(p.evaluate(X, None)[0], 2 * X[:, 0] * X[:, 1])
    assert "x0*x1" in str(p)


def test_feature_map_wrong_shape():
    p = feature_map(lambda x: x)  # (N, d) instead of (N,)
    with pytest.raises(ValueError, match=r"must return shape \(2,\); got \(2, 3\)"):
        p.evaluate(X, None)


def test_feature_map_needs_callable():
    with pytest.raises(TypeError, match="function"):
        feature_map(3)


@pytest.mark.parametrize("param, text", [
    (feature(0), "x0"), (weight(3), "w3"), (2 * weight(0) + 0.1, "2*w0+0.1"), (const(0.5), "0.5"),
    (feature(1) - 0.5, "x1-0.5"),
])
def test_labels(param, text):
    assert str(param) == text


def test_as_param():
    assert as_param(0.3).evaluate(None, None) == 0.3
    assert as_param(np.float64(1.5)).shift == 1.5
    assert as_param(np.array(2.0)).shift == 2.0
    assert as_param(3).shift == 3.0
    w = weight(1)
    assert as_param(w) is w


@pytest.mark.parametrize("bad", ["0.3", None, [0.1], True, 1j, np.array([1.0, 2.0])])
def test_as_param_rejects(bad):
    with pytest.raises(TypeError, match="a gate angle must be a number"):
        as_param(bad)


@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf])
def test_const_rejects_nan(value):
    with pytest.raises(ValueError, match="finite"):
        const(value)
    with pytest.raises(ValueError, match="finite"):
        as_param(value)


@pytest.mark.parametrize("index", [-1, 1.5, True, "0"])
def test_bad_indices(index):
    with pytest.raises(ValueError, match="index must be a non-negative integer"):
        feature(index)
    with pytest.raises(ValueError, match="index must be a non-negative integer"):
        weight(index)


def test_multiplying_by_non_number_is_a_type_error():
    with pytest.raises(TypeError):
        weight(0) * weight(1)
    with pytest.raises(TypeError):
        weight(0) + "a"
