"""check(), hint(), solution() and the checker's verdicts (qmlcourse.grading, .checker)."""

import json
import os

import numpy as np
import pytest

import qmlcourse.exercises.intro_exercises as intro
from qmlcourse.exercises import Exercise, Mistake, case, compare, get
from qmlcourse.grading import check, hint, solution
from qmlcourse.grading.checker import NOT_IMPLEMENTED, evaluate
from qmlcourse.grading.store import load

NORM = "intro.exercises/normalize"


def test_check_passes_prints_and_records(capsys):
    result = check(NORM, lambda psi: psi / np.linalg.norm(psi))
    assert result.passed and result.message == "passed all 8 test cases (4 documented, 4 drawn at random)"
    assert capsys.readouterr().out.startswith(f"[PASSED] {NORM}")
    entry = load()["exercises"][NORM]
    assert entry["attempts"] == 1 and entry["passed"] and entry["last_time"].endswith("Z")


def test_failure_shows_case_expected_returned_and_mistake(capsys):
    result = check(NORM, lambda psi: psi / np.sum(np.abs(psi) ** 2))
    out = capsys.readouterr().out
    assert not result.passed and result.stage == "validity"
    assert "not normalised: norm 0.2" in out and "expected: array([0.6, 0.8])" in out
    assert "divided by the squared norm" in out
    assert load()["exercises"][NORM]["last_result"] == "fail"


def test_passed_stays_after_a_later_failure():
    check(NORM, intro.normalize)
    check(NORM, lambda psi: psi)
    entry = load()["exercises"][NORM]
    assert entry["passed"] and entry["last_result"] == "fail" and entry["attempts"] == 2


@pytest.mark.parametrize(
    ("func", "stage", "text"),
    [
        (lambda psi: 1 / 0, "raised", "raised ZeroDivisionError: division by zero"),
        (lambda psi: psi / 0, "finite", "returned inf"),
        (lambda psi: "state", "type", "returned a str"),
        (lambda psi: None, "type", "did you forget the `return` statement"),
        (
            lambda psi: psi[:1] / abs(psi[0]),
            "shape",
            "returned shape (1,), expected (2,) for a real vector of 2 amplitudes",
        ),
    ],
)
def test_learner_errors_become_feedback(func, stage, text):
    result = check(NORM, func)
    assert result.stage == stage and text in result.message


def test_endless_loop_times_out_and_kernel_survives():
    def forever(psi):
        while True:
            pass

    result = check(NORM, forever, time_limit=0.5)
    assert result.stage == "timeout" and "no answer within 0.5 s" in result.message
    assert check(NORM, intro.normalize).passed


def test_huge_print_is_truncated(capsys):
    def chatty(psi):
        print("z" * 50_000)
        return psi

    result = check(NORM, chatty)
    assert "more characters not shown" in result.printed and len(result.printed) < 3000
    assert len(capsys.readouterr().out) < 5000


def test_template_reports_not_implemented():
    ns = {"np": np}
    exec(get(NORM).template, ns)
    result = check(NORM, ns["normalize"])
    assert result.stage == "not_implemented" and result.message.startswith(NOT_IMPLEMENTED)


def test_not_callable_and_unknown_id(capsys):
    result = check(NORM, np.ones(2))
    assert result.stage == "not_callable" and "without calling it" in result.message
    result = check("intro.exercises/normalise", intro.normalize)
    assert result.stage == "unknown_exercise" and "did you mean 'intro.exercises/normalize'" in result.message
    assert "intro.exercises/normalise" not in load()["exercises"]


def test_mutating_inputs_does_not_help():
    def cheat(psi):
        psi[:] = 0
        psi[0] = 1
        return psi

    assert not check(NORM, cheat).passed


def test_mutating_inputs_does_not_help_in_process(monkeypatch):
    monkeypatch.setenv("QMLCOURSE_SANDBOX", "inprocess")

    def cheat(psi):
        psi[:] = [1] + [0] * (len(psi) - 1)
        return psi.copy()

    assert not check(NORM, cheat).passed


def test_replacing_the_reference_from_the_notebook_does_not_help(monkeypatch):
    from qmlcourse.exercises import all_exercises

    fake = lambda psi: psi  # noqa: E731
    monkeypatch.setattr(intro, "normalize", fake)
    monkeypatch.setitem(all_exercises(), NORM, get("intro.exercises/apply_x"))
    original = intro.NORMALIZE.reference
    object.__setattr__(intro.NORMALIZE, "reference", fake)  # even past the frozen dataclass
    try:
        assert not check(NORM, fake).passed
        assert check(NORM, lambda psi: psi / np.linalg.norm(psi)).passed
    finally:
        object.__setattr__(intro.NORMALIZE, "reference", original)


def test_grading_env_skips_the_progress_file(monkeypatch):
    monkeypatch.setenv("QMLCOURSE_GRADING", "1")
    check(NORM, intro.normalize)
    assert load()["exercises"] == {}


def test_result_display_is_not_repeated():
    result = check(NORM, intro.normalize)
    assert result._shown is False  # plain Python: printed, nothing to suppress
    data = result.to_json()
    assert json.loads(json.dumps(data))["passed"] is True and "_shown" not in data
    assert "Passed" in result._repr_html_()


def test_hints_are_tiered(capsys):
    hint(NORM)
    hint(NORM)
    out = capsys.readouterr().out
    assert "Hint 1 of 3" in out and "Hint 2 of 3" in out
    hint(NORM, level=3)
    assert "last hint" in capsys.readouterr().out
    hint(NORM, level=9)
    assert "has hints 1 to 3" in capsys.readouterr().out
    assert load()["exercises"][NORM]["hints_seen"] == 3


def test_solution_needs_confirmation(capsys):
    solution(NORM)
    out = capsys.readouterr().out
    assert "confirm=True" in out and "def normalize" not in out
    solution(NORM, confirm=True)
    out = capsys.readouterr().out
    assert "def normalize(psi" in out and "import numpy as np" in out
    assert load()["exercises"][NORM]["solution_viewed"]


def test_scalar_exercise_and_mistake_matching_need_all_cases():
    def ref(x):
        return float(x) ** 2

    ex = Exercise(
        id="demo.lesson/square",
        title="t",
        statement="s",
        template="def ref(x):\n    raise NotImplementedError\n",
        reference=ref,
        cases=[case(2.0), case(3.0), case(-1.0)],
        answer=compare.scalar(),
        mistakes=[],
        alternatives=[lambda x: x * x],
        hints=["h"],
    )
    result = evaluate(ex, lambda x: 2 * x)
    assert result.stage == "value" and result.case == "test case 2 of 3" and "returned 6, expected 9" in result.message


def test_exercise_declaration_is_validated():
    base = dict(
        title="t",
        statement="s",
        reference=len,
        cases=[case(1)],
        answer=compare.integer(),
        alternatives=[len],
        hints=["h"],
    )
    with pytest.raises(ValueError, match="lesson.id/name"):
        Exercise(id="Bad Id", template="def len(x):\n    raise NotImplementedError\n", **base)
    with pytest.raises(ValueError, match="must define len"):
        Exercise(id="a.b/c", template="def other(x):\n    raise NotImplementedError\n", **base)
    with pytest.raises(ValueError, match="NotImplementedError"):
        Exercise(id="a.b/c", template="def len(x):\n    pass\n", **base)
    with pytest.raises(ValueError, match="at least one hint"):
        Exercise(id="a.b/c", template="def len(x):\n    raise NotImplementedError\n", **{**base, "hints": []})


def test_progress_file_env_var_is_honoured(tmp_path, monkeypatch):
    target = tmp_path / "sub" / "p.json"
    monkeypatch.setenv("QMLCOURSE_PROGRESS", str(target))
    check(NORM, intro.normalize)
    assert target.exists() and os.path.getsize(target) > 0


# ---------------------------------------------------------------- issue 9: right verdicts, true messages


def test_bad_time_limit_is_the_learners_error_not_the_checkers():
    result = check(NORM, intro.normalize, time_limit=-1)
    assert result.stage == "bad_argument" and "time_limit must be a positive number" in result.message
    assert "checker itself failed" not in result.text()


def test_an_answer_replayed_by_call_order_cannot_pass():
    """The documented cases' answers, returned in declaration order whatever the input."""
    ex = get(NORM)
    answers = [intro.normalize(*c.args) for c in ex.make_cases()]
    calls = {"n": 0}

    def by_order(psi):
        calls["n"] += 1
        return answers[(calls["n"] - 1) % len(answers)]

    results = [evaluate(ex, by_order, mode="inprocess", rng=np.random.default_rng(s)) for s in range(5)]
    assert not any(r.passed for r in results)


def test_memorising_the_documented_cases_does_not_pass():
    ex = get(NORM)
    table = {c.args[0].tobytes(): intro.normalize(*c.args) for c in ex.make_cases()}

    def lookup(psi):
        return table.get(np.asarray(psi).tobytes(), psi)

    result = evaluate(ex, lookup, rng=np.random.default_rng(3))
    assert not result.passed and result.case.startswith("random test case")


def test_every_check_draws_fresh_cases_and_reports_the_first_documented_failure():
    ex = get(NORM)
    wrong = lambda psi: psi  # noqa: E731
    a, b = (evaluate(ex, wrong, rng=np.random.default_rng(s)) for s in (1, 2))
    assert a.case == b.case and a.case.startswith("test case 1 of 4")  # deterministic message
    assert a.n_cases == 8


def test_single_precision_is_accepted_at_its_precision_everywhere():
    ex = get(NORM)
    result = evaluate(ex, lambda psi: (psi / np.linalg.norm(psi)).astype(np.complex64))
    assert result.passed, result.text()
    assert compare.scalar().judge(np.float32(1 / 3), 1 / 3) is None
    assert compare.state().judge(np.array([0.6, 0.8], dtype=np.complex64), np.array([0.6, 0.8])) is None
    assert compare.array().judge(np.array([1 / 3], dtype=np.float32), np.array([1 / 3])) is None


def test_counter_and_array_like_results_are_accepted():
    from collections import Counter

    from qmlcourse.grading.sandbox import run_cases

    out = run_cases(lambda: Counter({"01": 3, "10": 2}), [((), {})], 2)[0]
    assert compare.counts().judge(out.value, {"01": 3, "10": 2}) is None

    class Vec:
        def __array__(self, dtype=None, copy=None):
            return np.array([0.6, 0.8])

    out = run_cases(lambda: Vec(), [((), {})], 2)[0]
    assert compare.state().judge(out.value, np.array([0.6, 0.8])) is None


def test_nan_from_a_square_root_is_not_called_a_division_by_zero():
    fail = compare.scalar().judge(float("nan"), 1.0)
    assert fail.stage == "finite" and "NaN" in fail.message and "division by zero" not in fail.message
    fail = compare.array().judge(np.array([np.nan, 1.0]), np.array([1.0, 1.0]))
    assert "square root" in fail.message and "division by zero" not in fail.message


def test_y_instead_of_x_is_not_a_global_phase():
    def apply_y(psi, wire):
        psi = np.asarray(psi, dtype=complex)
        n = int(np.log2(psi.size))
        t = np.moveaxis(psi.reshape([2] * n), wire, 0)
        out = np.stack([-1j * t[1], 1j * t[0]])
        return np.moveaxis(out, 0, wire).reshape(-1)

    result = evaluate(get("intro.exercises/apply_x"), apply_y, rng=np.random.default_rng(0))
    assert not result.passed and "global phase" not in result.text()


def test_mse_over_n_minus_1_is_not_called_a_square_root():
    def mse_n_minus_1(y_true, y_pred):
        d = np.asarray(y_true) - np.asarray(y_pred)
        return float(np.sum(d**2) / (d.size - 1))

    result = evaluate(get("ml.refresher/mse_loss"), mse_n_minus_1, rng=np.random.default_rng(0))
    assert not result.passed and "square root" not in result.text() and "square of" not in result.text()


def test_a_mistake_the_cases_cannot_tell_apart_is_not_named():
    def double(x):
        return 2 * x

    ex = Exercise(
        id="t.t/double",
        title="t",
        statement="t",
        template="def double(x):\n    raise NotImplementedError\n",
        reference=double,
        cases=[case(0.0), case(1.0)],
        answer=compare.scalar(),
        mistakes=[Mistake(lambda x: x * x + 1, "squared plus one"), Mistake(lambda x: 1.0 + x * 0 + x, "added one")],
        alternatives=[lambda x: x + x],
        hints=["h"],
    )
    result = evaluate(ex, lambda x: x + 1.0)  # both mistakes give 1, 2 on these cases
    assert not result.passed and result.mistake is None


def test_values_shown_after_phase_alignment_with_enough_digits():
    e = np.array([0.6, 0.8])
    r = 1j * np.array([0.6 + 3e-6, np.sqrt(1 - (0.6 + 3e-6) ** 2)])
    fail = compare.state(atol=1e-8).judge(r, e)
    assert fail.stage == "value" and "after aligning the global phase, returned 0.600003" in fail.message
    assert "expected 0.6)" in fail.message


def flip(p, shots, rng):
    """A correct sampler: ``shots`` biased coin flips drawn from ``rng``, as counts."""
    ones = int(rng.binomial(shots, p))
    return {k: v for k, v in {"0": shots - ones, "1": ones}.items() if v}


def _flip_exercise():
    """A sampling exercise around ``flip``: a random case at p = 0.3 and a certain one at p = 0."""
    from qmlcourse.exercises import Sampling

    return Exercise(
        id="t.t/flip",
        title="t",
        statement="t",
        template="def flip(p, shots, rng):\n    raise NotImplementedError\n",
        reference=flip,
        answer=compare.counts(0.05),
        hints=["h"],
        alternatives=[flip],
        cases=lambda rng: [
            case(0.3, 2000, np.random.default_rng(int(rng.integers(99)))),
            case(0.0, 2000, np.random.default_rng(1)),
        ],
        sampling=Sampling(
            rng_arg=2, support=lambda p, shots, rng: {"1", "0"} if 0 < p < 1 else ({"0"} if p == 0 else {"1"})
        ),
    )


def test_sampling_exercises_check_reproducibility_dependence_on_rng_and_impossible_outcomes():
    ex = _flip_exercise()
    assert evaluate(ex, flip).passed
    def expected_counts(p, shots, rng):
        return {k: v for k, v in {"0": round(shots * (1 - p)), "1": round(shots * p)}.items() if v}

    assert "does not depend on the rng" in evaluate(ex, expected_counts).message
    global_rng = lambda p, shots, rng: flip(p, shots, np.random.default_rng())  # noqa: E731
    assert "not reproducible" in evaluate(ex, global_rng).message
    leaky = lambda p, shots, rng: flip(min(p + 1e-3, 1.0), shots, rng) if p > 0 else {"0": shots - 1, "1": 1}  # noqa: E731
    assert "impossible outcome '1'" in evaluate(ex, leaky).message


def test_a_huge_result_is_summarised_in_the_message():
    result = evaluate(get(NORM), lambda psi: np.zeros(20_000_000))
    assert result.stage == "shape" and "huge array of shape (20000000,)" in result.message


def test_a_correct_sampler_is_never_told_it_ignores_rng():
    """Two seeds can give a correct sampler the same counts by chance (about 2 % for 2000 shots
    at p = 0.3): with one other seed per case, 2 of these 100 seeded checks blamed it."""
    ex = _flip_exercise()
    verdicts = [evaluate(ex, flip, rng=np.random.default_rng(seed), mode="inprocess") for seed in range(100)]
    blamed = [i for i, v in enumerate(verdicts) if not v.passed]
    assert not blamed, f"{len(blamed)} correct checks failed: {verdicts[blamed[0]].message}"


def test_an_answer_drawing_from_a_global_generator_is_always_caught():
    """Drawing from one global generator makes repeated calls differ, except when two draws
    happen to give the same counts (about 2 % at p = 0.3): with one same-seed call per case
    such an answer passed about 2 checks in 100; with three, none of these 100 passes."""
    shared = np.random.default_rng(12345)  # one generator for every call, like np.random.*

    def global_draws(p, shots, rng):
        return flip(p, shots, shared)

    ex = _flip_exercise()
    verdicts = [evaluate(ex, global_draws, rng=np.random.default_rng(seed), mode="inprocess") for seed in range(100)]
    missed = [i for i, v in enumerate(verdicts) if "not reproducible" not in v.message]
    assert not missed, f"{len(missed)} of 100 checks missed it: {verdicts[missed[0]].message}"
