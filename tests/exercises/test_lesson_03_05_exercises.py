"""Exercise-specific proofs for lessons 3-5 beyond the generic ones in test_registry.py.

The generic proofs show that the reference passes and each declared mistake is named. These
tests pin the wrong answers that the generic machinery reports in other ways: samplers that
ignore their generator or return impossible outcomes (the engine's sampling checks), and
design answers judged by what they do (gate lists, learning rates) rather than by equality.
"""

import numpy as np
import pytest

from qmlcourse.exercises import get
from qmlcourse.exercises.linalg_probability import sample_counts
from qmlcourse.exercises.linalg_tensor import run_gates
from qmlcourse.exercises.ml_refresher import worst_loss_ratio
from qmlcourse.grading.checker import evaluate

SAMPLE = "linalg.probability/sample_counts"


def _largest_remainder_counts(state, shots, rng):
    # deterministic: the expected counts, rounded so that they add up to shots exactly
    n = int(np.log2(len(state)))
    expected = np.abs(state) ** 2 * shots
    counts = np.floor(expected).astype(int)
    for i in np.argsort(expected - counts)[::-1][: shots - counts.sum()]:
        counts[i] += 1
    return {format(i, f"0{n}b"): int(c) for i, c in enumerate(counts) if c}


def _ignores_rng(state, shots, rng):
    return sample_counts(state, shots, np.random.default_rng(1234))


def _unseeded(state, shots, rng):
    return sample_counts(state, shots, np.random.default_rng())


def _smoothed(state, shots, rng):
    # |a|**2 + 1e-3: every outcome gets a little probability, the impossible ones included
    n = int(np.log2(len(state)))
    p = np.abs(state) ** 2 + 1e-3
    idx = rng.choice(len(p), size=shots, p=p / p.sum())
    return {format(i, f"0{n}b"): int(c) for i, c in enumerate(np.bincount(idx, minlength=len(p))) if c}


@pytest.mark.parametrize(
    ("func", "stage", "words"),
    [
        (_largest_remainder_counts, "reproducibility", "does not depend on the rng"),
        (_ignores_rng, "reproducibility", "does not depend on the rng"),
        (_unseeded, "reproducibility", "not reproducible"),
        (_smoothed, "validity", "impossible outcome"),
    ],
    ids=["deterministic", "ignores-rng", "unseeded", "impossible-outcomes"],
)
def test_sample_counts_catches_wrong_samplers(func, stage, words):
    result = evaluate(get(SAMPLE), func)
    assert not result.passed
    assert result.stage == stage, result.text()
    assert words in result.message


def test_sample_counts_reference_and_a_different_correct_sampler_pass():
    ex = get(SAMPLE)
    assert evaluate(ex, ex.reference).passed
    assert all(evaluate(ex, alt).passed for alt in ex.alternatives)


@pytest.mark.parametrize("target", ["phi+", "phi-", "psi+", "psi-", "phi+i"])
def test_reference_gate_lists_prepare_the_documented_targets(target):
    from qmlcourse.exercises.linalg_tensor import TARGETS, prepare_two_qubit_state

    got = run_gates(prepare_two_qubit_state(target))
    overlap = abs(np.vdot(TARGETS[target], got))
    assert overlap == pytest.approx(1.0, abs=1e-12)


def test_gate_list_answer_accepts_lists_from_json_and_rejects_unknown_gates():
    ex = get("linalg.tensor/prepare_two_qubit_state")
    as_lists = evaluate(ex, lambda t: [list(g) for g in ex.reference(t)])  # JSON turns tuples into lists
    assert as_lists.passed, as_lists.text()
    bad = evaluate(ex, lambda t: [("RX", 0)])
    assert not bad.passed and "gates allowed" in bad.message
    product = evaluate(ex, lambda t: [("H", 0), ("H", 1)])
    assert not product.passed and "product state (Schmidt rank 1)" in product.message


def test_learning_rate_grading_runs_gradient_descent():
    ex = get("ml.refresher/choose_learning_rate")
    # 90 % of the balanced rate still reaches every target within its budget
    assert evaluate(ex, lambda A, n, tol: 0.9 * 2 / (np.linalg.eigvalsh(A).min() + np.linalg.eigvalsh(A).max())).passed
    too_big = evaluate(ex, lambda A, n, tol: 2.2 / np.linalg.eigvalsh(A).max())
    assert not too_big.passed and "oscillate or blow up" in too_big.message
    overshoot = evaluate(ex, lambda A, n, tol: 1.8 / np.linalg.eigvalsh(A).max())
    assert not overshoot.passed and "overshoots" in overshoot.message
    too_small = evaluate(ex, lambda A, n, tol: 1e-3)
    assert not too_small.passed and "too slow" in too_small.message


def test_worst_loss_ratio_matches_the_closed_form():
    A = np.diag([1.0, 10.0])
    eta, n = 0.15, 7
    closed = max((1 - eta * lam) ** (2 * n) for lam in (1.0, 10.0))
    assert worst_loss_ratio(A, eta, n) == pytest.approx(closed, rel=1e-12)
