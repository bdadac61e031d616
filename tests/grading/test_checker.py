"""check(), hint(), solution() and the checker's verdicts (qmlcourse.grading, .checker)."""

import json
import os

import numpy as np
import pytest

import qmlcourse.exercises.intro_exercises as intro
from qmlcourse.exercises import Exercise, case, compare, get
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
        (lambda psi: psi[:1] / abs(psi[0]), "shape", "returned shape (1,), expected (2,) for a real vector of 2 amplitudes"),
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
    base = dict(title="t", statement="s", reference=len, cases=[case(1)], answer=compare.integer(), alternatives=[len], hints=["h"])
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
