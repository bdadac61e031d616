"""Judge a learner's function against an exercise: the diagnostic ladder over every case.

:func:`evaluate` is pure (no display, no progress file): it returns a :class:`CheckResult`.
:func:`qmlcourse.grading.check` wraps it for the notebook.
"""

from __future__ import annotations

import copy
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from qmlcourse.grading.compare import Failure, format_value
from qmlcourse.grading.sandbox import Outcome, default_mode, run_cases
from qmlcourse.grading.spec import Case, Exercise

NOT_IMPLEMENTED = "not implemented yet"


@dataclass
class CheckResult:
    """The verdict of one check.

    Attributes:
        exercise: the exercise id.
        passed: whether every hidden test case passed.
        message: the one-line verdict ("passed: all 4 test cases", "not normalised: norm 1.41").
        stage: ``"passed"``, ``"not_implemented"``, ``"raised"``, ``"timeout"``, ``"crashed"``,
            a ladder rung (``"type"``, ``"shape"``, ``"dtype"``, ``"finite"``, ``"validity"``,
            ``"value"``), ``"not_callable"``, ``"unknown_exercise"`` or ``"interrupted"``.
        mistake: the typical mistake recognised, if any.
        diagnosis: a generic explanation of the wrong value, if any.
        case: which test case failed ("test case 2 of 4 (3 qubits)").
        inputs, expected, returned: the failing case shown to the learner.
        printed: what the function printed on the failing case (truncated).
        n_cases: number of hidden test cases.
    """

    exercise: str
    passed: bool
    message: str
    stage: str
    mistake: str | None = None
    diagnosis: str | None = None
    case: str = ""
    inputs: str = ""
    expected: str = ""
    returned: str = ""
    printed: str = ""
    n_cases: int = 0
    _shown: bool = field(default=False, repr=False, compare=False)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON data (what the grader's channel carries)."""
        data = asdict(self)
        data.pop("_shown")
        return data

    def text(self) -> str:
        """The verdict as plain text."""
        from qmlcourse.grading.feedback import render_text

        return render_text(self)

    def _repr_html_(self) -> str:
        from qmlcourse.grading.feedback import render_html

        return render_html(self)

    def _ipython_display_(self) -> None:
        # check() already displayed this verdict; the cell's own Out[] would repeat it.
        if self._shown:
            self._shown = False
            return
        from qmlcourse.grading.feedback import show

        show(self)


def _describe_case(index: int, n: int, case: Case) -> str:
    label = f" ({case.label})" if case.label else ""
    return f"test case {index + 1} of {n}{label}"


def _describe_inputs(case: Case, func: Callable[..., Any] | None) -> str:
    parts = [format_value(a, max_chars=400) for a in case.args]
    parts += [f"{k}={format_value(v, max_chars=400)}" for k, v in case.kwargs.items()]
    return ", ".join(parts)


def _printed(outcome: Outcome) -> str:
    if not outcome.printed_chars:
        return ""
    text = outcome.printed
    if outcome.printed_chars > len(text):
        text += f"\n... ({outcome.printed_chars - len(text)} more characters not shown)"
    return text


def _reference_outputs(exercise: Exercise, cases: Sequence[Case]) -> list[Any]:
    return [exercise.reference(*copy.deepcopy(c.args), **copy.deepcopy(dict(c.kwargs))) for c in cases]


def _mistake_outputs(func: Callable[..., Any], cases: Sequence[Case]) -> list[tuple[bool, Any]]:
    out = []
    for c in cases:
        try:
            out.append((True, func(*copy.deepcopy(c.args), **copy.deepcopy(dict(c.kwargs)))))
        except Exception:  # noqa: BLE001 - a mistake may legitimately crash on some inputs
            out.append((False, None))
    return out


def match_mistake(exercise: Exercise, cases: Sequence[Case], outcomes: Sequence[Outcome], failing: int) -> str | None:
    """Return the message of the first declared mistake the learner's answers reproduce.

    A mistake matches when, on every case the learner's function completed, its output
    equals the learner's (the exercise's comparison, validity not required), including the
    failing case.
    """
    for mistake in exercise.mistakes:
        outs = _mistake_outputs(mistake.func, cases)
        ok_fail, _ = outs[failing]
        if not ok_fail:
            continue
        if all(
            o.status != "ok"
            or (done and exercise.answer.judge(o.value, m_out, validity=False) is None)
            for o, (done, m_out) in zip(outcomes, outs, strict=True)
        ):
            return mistake.message
    return None


def evaluate(
    exercise: Exercise,
    func: Any,
    *,
    time_limit: float | None = None,
    mode: str | None = None,
) -> CheckResult:
    """Run ``func`` on the exercise's hidden cases and return the verdict (no display).

    Args:
        exercise: the exercise.
        func: the learner's function.
        time_limit: seconds for all cases; default the exercise's ``time_limit``.
        mode: sandbox mode (``"fork"`` or ``"inprocess"``); default per platform.
    """
    ex_id = exercise.id
    if not callable(func):
        hint = ""
        if func is None or not isinstance(func, type):
            hint = f" Pass the function itself, without calling it: check({ex_id!r}, {exercise.function_name})."
        return CheckResult(ex_id, False, f"check needs your function, but got {_kind(func)}.{hint}", "not_callable")
    cases = exercise.make_cases()
    mode = mode or default_mode()
    limit = time_limit or exercise.time_limit
    # In-process, the learner could reach the inputs: expected values are computed first.
    # Forked, the child must not hold them in memory at all: they are computed afterwards.
    expected = _reference_outputs(exercise, cases) if mode != "fork" else None
    outcomes = run_cases(func, [(c.args, dict(c.kwargs)) for c in cases], limit, mode)
    if expected is None:
        expected = _reference_outputs(exercise, cases)
    n = len(cases)
    for i, (c, outcome, exp) in enumerate(zip(cases, outcomes, expected, strict=True)):
        where = _describe_case(i, n, c)
        common = {"case": where, "inputs": _describe_inputs(c, func), "printed": _printed(outcome), "n_cases": n}
        if outcome.status == "raised":
            if outcome.error_type == "NotImplementedError":
                msg = f"{NOT_IMPLEMENTED}: replace `raise NotImplementedError` in {exercise.function_name} with your code"
                return CheckResult(ex_id, False, msg, "not_implemented", n_cases=n)
            at = f" ({outcome.error_where})" if outcome.error_where else ""
            msg = f"raised {outcome.error_type}: {outcome.error_message}{at}"
            return CheckResult(ex_id, False, textwrap.shorten(msg, 600, placeholder="..."), "raised", **common)
        if outcome.status == "timeout":
            msg = (
                f"timed out: no answer within {limit:g} s on {where}; "
                "is there an endless loop, or a much slower method than needed?"
            )
            return CheckResult(ex_id, False, msg, "timeout", **common)
        if outcome.status in ("crashed", "not_run"):
            msg = f"crashed: {outcome.error_message or 'the function did not finish'}"
            return CheckResult(ex_id, False, msg, "crashed", **common)
        failure: Failure | None = exercise.answer.judge(outcome.value, exp, c.label)
        if failure is not None:
            mistake = match_mistake(exercise, cases, outcomes, i)
            return CheckResult(
                ex_id,
                False,
                failure.message,
                failure.stage,
                mistake=mistake,
                diagnosis=None if mistake else failure.diagnosis,
                expected=format_value(exp),
                returned=format_value(outcome.value),
                **common,
            )
    return CheckResult(ex_id, True, f"passed all {n} test cases", "passed", n_cases=n)


def _kind(value: Any) -> str:
    text = format_value(value, max_chars=60)
    return f"{type(value).__name__} {text}" if value is not None else "None"
