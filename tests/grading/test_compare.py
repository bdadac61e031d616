"""The diagnostic ladder, validators, equivalences and diagnoses of qmlcourse.grading.compare."""

import numpy as np
import pytest

from qmlcourse.grading import compare as cmp
from qmlcourse.grading.compare import Foreign

PLUS = np.array([1, 1]) / np.sqrt(2)


def test_array_shape_message_names_the_case():
    f = cmp.state().judge(np.zeros(2), np.eye(8)[0], "3 qubits")
    assert (f.stage, f.message) == ("shape", "returned shape (2,), expected (8,) for 3 qubits")


@pytest.mark.parametrize(
    ("value", "stage", "text"),
    [
        (None, "type", "forget the `return`"),
        ("abc", "type", "returned a str"),
        (Foreign("Widget", "<Widget>"), "type", "returned a Widget"),
        (0.5, "type", "single number"),
        ([[1, 2], [3]], "type", "not a rectangular array"),
        (np.array(["a", "b"]), "dtype", "dtype <U1"),
        (np.array([True, False]), "dtype", "booleans"),
        (np.array([np.nan, 1.0]), "finite", "nan at index 0"),
        (np.array([1.0, 1.0]), "validity", "not normalised: norm 1.41"),
        (np.array([1.0, 0.0]), "value", "largest difference"),
    ],
)
def test_array_ladder(value, stage, text):
    f = cmp.state().judge(value, PLUS)
    assert f is not None and f.stage == stage and text in f.message


def test_lists_are_accepted_as_arrays():
    assert cmp.state().judge([PLUS[0], PLUS[1]], PLUS) is None


def test_global_phase_allowed_only_when_declared():
    assert cmp.state().judge(1j * PLUS, PLUS) is None
    f = cmp.state(up_to_global_phase=False).judge(1j * PLUS, PLUS)
    assert f.stage == "value" and "global phase" in f.diagnosis


def test_reversed_qubit_order_is_diagnosed():
    psi = np.zeros(4, complex)
    psi[1] = 1  # |01>
    rev = np.zeros(4, complex)
    rev[2] = 1  # |10>
    f = cmp.state(up_to_global_phase=False).judge(rev, psi)
    assert "qubit order is reversed" in f.diagnosis


def test_conjugate_transpose_and_scale_diagnoses():
    m = np.array([[1, 2j], [0, 1]])
    assert "transpose" in cmp.array().judge(m.T, m).diagnosis
    v = np.array([1, 1j]) / np.sqrt(2)
    assert "conjugate" in cmp.array().judge(v.conj(), v).diagnosis
    assert "factor 2" in cmp.array().judge(2 * v, v).diagnosis
    assert "sign is flipped" in cmp.array().judge(-v, v).diagnosis
    assert "wrong order" in cmp.array().judge(np.array([3.0, 1, 2]), np.array([1.0, 2, 3])).diagnosis


def test_validators():
    assert cmp.unitary()(np.eye(2)) is None
    assert "not unitary" in cmp.unitary()(np.array([[1, 1], [0, 1]]))
    assert "square" in cmp.unitary()(np.ones((2, 3)))
    assert "not Hermitian" in cmp.hermitian()(np.array([[0, 1], [0, 0]]))
    assert "negative entry -0.5" in cmp.probability_vector()(np.array([1.5, -0.5]))
    assert "real numbers" in cmp.probability_vector()(np.array([0.5j, 0.5]))
    assert "not symmetric" in cmp.psd_kernel()(np.array([[1, 0.5], [0, 1]]))
    assert "positive semi-definite" in cmp.psd_kernel()(np.array([[1, 2], [2, 1]]))
    assert "diagonal" in cmp.psd_kernel(unit_diagonal=True)(np.eye(2) * 2)


def test_probabilities_must_be_real():
    f = cmp.probabilities().judge(np.array([0.5 + 0.2j, 0.5]), np.array([0.5, 0.5]))
    assert f.stage == "validity" or f.stage == "dtype"
    assert "real" in f.message


def test_equivalences():
    vecs = np.array([[1, 1], [1, -1]]) / np.sqrt(2)
    assert cmp.eigenvectors().judge(vecs * np.array([-1, 1j]), vecs) is None
    assert cmp.array(equivalence=[cmp.unordered]).judge(np.array([2.0, 1.0]), np.array([1.0, 2.0])) is None


def test_scalar_rungs():
    ans = cmp.scalar(real=True)
    assert ans.judge(np.float64(0.5), 0.5) is None
    assert ans.judge(np.array([0.5]), 0.5) is None
    assert ans.judge(True, 1.0).stage == "type"
    assert ans.judge(np.zeros(3), 1.0).message.startswith("returned an array of shape (3,)")
    assert ans.judge(1 + 1j, 1.0).stage == "dtype"
    assert ans.judge(float("nan"), 1.0).stage == "finite"
    assert "square root" in ans.judge(4.0, 2.0).diagnosis
    assert "sign" in ans.judge(-2.0, 2.0).diagnosis
    assert "conjugate" in cmp.scalar().judge(1 - 1j, 1 + 1j).diagnosis


def test_bool_int_exact():
    assert cmp.boolean().judge(np.bool_(True), True) is None
    assert "expected True or False" in cmp.boolean().judge(1, True).message
    assert cmp.boolean().judge(False, True).stage == "value"
    assert cmp.integer().judge(np.int64(3), 3) is None
    assert "int(...)" in cmp.integer().judge(3.0, 3).message
    assert cmp.exact().judge((1, 2), (1, 2)) is None
    assert cmp.exact().judge((1, 3), (1, 2)).stage == "value"


def test_counts():
    exp = {"00": 50, "11": 50}
    assert cmp.counts().judge({"00": 50, "11": 50}, exp) is None
    assert cmp.counts().judge([50, 50], exp).stage == "type"
    assert cmp.counts().judge({"0": 100}, exp).stage == "shape"
    assert cmp.counts().judge({"00": 50.0, "11": 50}, exp).stage == "dtype"
    assert "add up to 90" in cmp.counts().judge({"00": 40, "11": 50}, exp).message
    assert cmp.counts(tolerance=0.1).judge({"00": 55, "11": 45}, exp) is None
    asym = {"01": 100}
    f = cmp.counts().judge({"10": 100}, asym)
    assert f.stage == "value" and "reversed" in f.diagnosis


def test_format_value_summarises_large_arrays():
    assert cmp.format_value(np.arange(4)) == "array([0, 1, 2, 3])"
    text = cmp.format_value(np.ones(1000, complex))
    assert text.startswith("array of shape (1000,), dtype complex128") and len(text) < 200


def test_answer_kind_validated():
    with pytest.raises(ValueError, match="kind must be one of"):
        cmp.Answer("matrix")
