"""Judge a learner's function against an exercise: the diagnostic ladder over every case.

:func:`evaluate` is pure (no display, no progress file): it returns a :class:`CheckResult`.
:func:`qmlcourse.grading.check` wraps it for the notebook.
"""

from __future__ import annotations

import copy
import math
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

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


def _describe_case(index: int, n: int, case: Case, random: bool = False) -> str:
    label = f" ({case.label})" if case.label else ""
    return f"{'random ' if random else ''}test case {index + 1} of {n}{label}"


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


def _agree(
    exercise: Exercise, a: Sequence[tuple[bool, Any]], b: Sequence[tuple[bool, Any]], mask: Sequence[bool]
) -> bool:
    """Whether two output lists agree (the exercise's comparison) on every masked case."""
    for keep, (da, va), (db, vb) in zip(mask, a, b, strict=True):
        if not keep:
            continue
        if not (da and db):
            return False
        try:  # both ways: a real output must not "equal" a complex one by its real part
            if (
                exercise.answer.judge(va, vb, validity=False) is not None
                or exercise.answer.judge(vb, va, validity=False) is not None
            ):
                return False
        except Exception:  # noqa: BLE001 - incomparable outputs differ
            return False
    return True


def match_mistake(exercise: Exercise, cases: Sequence[Case], outcomes: Sequence[Outcome], failing: int) -> str | None:
    """Return the message of the declared mistake the learner's answers reproduce, if the
    cases tell it apart.

    The rule (a mistake is named only when the cases discriminate it):

    1. on every case the learner's function completed, the mistake's output equals the
       learner's (the exercise's comparison, validity not required), the failing case included;
    2. no other declared mistake also reproduces them (two matching mistakes: the cases cannot
       say which one it is, so neither is named);
    3. the cases tell the mistake apart from the simplest wrong answer, "returned the first
       argument unchanged": a mistake whose outputs are also those of that answer is not
       named (its message would be a guess).

    Declaring cases that separate every mistake from the others is the exercise author's
    job; the proof tests (each mistake caught with its own message) check it on every run,
    with fresh random cases each time.
    """
    done = [o.status == "ok" for o in outcomes]
    learner = [(o.status == "ok", o.value) for o in outcomes]
    matching = []
    for mistake in exercise.mistakes:
        outs = _mistake_outputs(mistake.func, cases)
        if not outs[failing][0]:
            continue
        if _agree(exercise, learner, outs, done):
            matching.append((mistake, outs))
    if len({m.message for m, _ in matching}) != 1:
        return None
    mistake, outs = matching[0]
    if sum(done) >= 2:
        identity = [(bool(c.args), copy.deepcopy(c.args[0]) if c.args else None) for c in cases]
        if _agree(exercise, identity, outs, done):
            return None
    return mistake.message


def _diagnosis_shape(text: str | None) -> str | None:
    import re

    return re.sub(r"[-+0-9.j]+", "#", text) if text else None


def _consistent_diagnosis(
    exercise: Exercise, cases: Sequence[Case], outcomes: Sequence[Outcome], expected: Sequence[Any], failure: Failure
) -> str | None:
    """The failing case's generic diagnosis, kept only when every wrong case shows the same one.

    A cause seen on one case only (Y instead of X is "a global phase 1j" on |0>; 0.75**2 =
    0.5625 looks like "a square") is a coincidence, not a diagnosis.
    """
    if failure.diagnosis is None:
        return None
    shape = _diagnosis_shape(failure.diagnosis)
    for c, o, exp in zip(cases, outcomes, expected, strict=True):
        if o.status != "ok":
            continue
        try:
            other = exercise.answer.judge(o.value, exp, c.label)
        except Exception:  # noqa: BLE001
            return None
        if other is not None and other.stage == failure.stage and _diagnosis_shape(other.diagnosis) != shape:
            return None
    return failure.diagnosis


def _valid_time_limit(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, (int, float)) and math.isfinite(value) and value > 0


def _rng_position(exercise: Exercise, c: Case) -> tuple[str, Any] | None:
    spec = exercise.sampling
    if spec is None:
        return None
    if isinstance(spec.rng_arg, str):
        return ("kw", spec.rng_arg) if spec.rng_arg in c.kwargs else None
    idx = spec.rng_arg if spec.rng_arg >= 0 else len(c.args) + spec.rng_arg
    return ("pos", idx) if 0 <= idx < len(c.args) else None


def _with_rng(c: Case, where: tuple[str, Any], rng: np.random.Generator) -> Case:
    if where[0] == "kw":
        return Case(c.args, {**c.kwargs, where[1]: rng}, c.label)
    args = list(c.args)
    args[where[1]] = rng
    return Case(tuple(args), c.kwargs, c.label)


SAMPLING_REPEATS = 2
"""Cases of a sampling exercise repeated with the same seed and with other seeds (the
first ones in canonical order: documented cases first)."""

SAME_SEED_CALLS = 3
"""Same-seed calls per repeated case. An answer that draws from a global generator can repeat
its counts by chance (about 2 % for 2000 shots at p = 0.3), so it is caught when any of the
calls differs; with one call it slipped through that often."""

OTHER_SEEDS = 3
"""Other seeds per repeated case. A correct sampler can return the same counts for two seeds
by chance (about 2 % for 2000 shots at p = 0.3), so "does not depend on rng" needs every
other-seed call of every repeated case to match; one seed would blame a correct answer."""


def _sampling_calls(
    exercise: Exercise, cases: Sequence[Case], rng: np.random.Generator
) -> tuple[list[Case], list[Case]]:
    """For a sampling exercise: the same cases again (same seed) and with other seeds."""
    same: list[Case] = []
    other: list[Case] = []
    repeated: list[Case] = []
    for c in cases:
        where = _rng_position(exercise, c)
        if where is None:
            continue
        if len(repeated) == SAMPLING_REPEATS:
            break
        repeated.append(c)
    same = [c for c in repeated for _ in range(SAME_SEED_CALLS)]
    for c in repeated:
        where = _rng_position(exercise, c)
        assert where is not None
        other += [_with_rng(c, where, np.random.default_rng(int(rng.integers(2**63)))) for _ in range(OTHER_SEEDS)]
    return same, other


def _impossible(exercise: Exercise, c: Case, value: Any) -> str | None:
    spec = exercise.sampling
    if spec is None or spec.support is None or not isinstance(value, dict):
        return None
    try:
        allowed = set(spec.support(*copy.deepcopy(c.args), **copy.deepcopy(dict(c.kwargs))))
    except Exception:  # noqa: BLE001 - a declaration bug must not blame the learner
        return None
    bad = [(k, v) for k, v in value.items() if k not in allowed and v]
    if not bad:
        return None
    k, v = bad[0]
    return f"impossible outcome {k!r} returned {v} time(s): it has probability 0 for this input"


@dataclass(frozen=True)
class Plan:
    """The calls of one check: ``cases`` (documented ``fixed`` ones first, then fresh random
    ones), ``calls`` (the cases, then a sampling exercise's same-seed and other-seed repeats)
    and ``order`` (the random order they run in: ``calls[order[0]]`` first)."""

    fixed: list[Case]
    cases: list[Case]
    calls: list[Case]
    order: list[int]


def plan_calls(exercise: Exercise, rng: np.random.Generator) -> Plan:
    """Draw the cases, repeats and running order of one check from ``rng``.

    Deterministic given the generator's state: the instructor's grader and its sandboxed
    worker build the same plan from the same seed, so only the learner's outputs travel.
    """
    fixed = exercise.make_cases()
    cases = fixed + exercise.fresh_case_list(rng)
    same, other = _sampling_calls(exercise, cases, rng)
    calls = [*cases, *same, *other]
    order = [int(i) for i in rng.permutation(len(calls))]  # no answering by position
    return Plan(fixed, cases, calls, order)


def evaluate(
    exercise: Exercise,
    func: Any,
    *,
    time_limit: float | None = None,
    mode: str | None = None,
    rng: np.random.Generator | None = None,
) -> CheckResult:
    """Run ``func`` on the exercise's hidden cases and return the verdict (no display).

    Args:
        exercise: the exercise.
        func: the learner's function.
        time_limit: seconds for all cases; default the exercise's ``time_limit``.
        mode: sandbox mode (``"fork"`` or ``"inprocess"``); default per platform.
        rng: draws the fresh cases and their order (default: fresh from the OS).
    """
    ex_id = exercise.id
    if not callable(func):
        hint = ""
        if func is None or not isinstance(func, type):
            hint = f" Pass the function itself, without calling it: check({ex_id!r}, {exercise.function_name})."
        return CheckResult(ex_id, False, f"check needs your function, but got {_kind(func)}.{hint}", "not_callable")
    if time_limit is not None and not _valid_time_limit(time_limit):
        return CheckResult(
            ex_id,
            False,
            f"time_limit must be a positive number of seconds, e.g. time_limit=10; got {time_limit!r}",
            "bad_argument",
        )
    rng = rng if rng is not None else np.random.default_rng()
    plan = plan_calls(exercise, rng)
    fixed, cases, all_cases, order = plan.fixed, plan.cases, plan.calls, plan.order
    mode = mode or default_mode()
    limit = time_limit or exercise.time_limit
    # In-process, the learner could reach the inputs: expected values are computed first.
    # Forked, the child must not hold them in memory at all: they are computed afterwards.
    expected = _reference_outputs(exercise, cases) if mode != "fork" else None
    # the exercise's limit is for its documented cases; the extra calls get the same per-call share
    budget = limit * len(all_cases) / max(len(fixed), 1)
    shuffled = run_cases(func, [(all_cases[i].args, dict(all_cases[i].kwargs)) for i in order], budget, mode)
    outcomes: list[Outcome] = [Outcome("not_run")] * len(all_cases)
    for pos, i in enumerate(order):
        outcomes[i] = shuffled[pos]
    if expected is None:
        expected = _reference_outputs(exercise, cases)
    return judge_outcomes(exercise, cases, outcomes, expected, limit, func=func, n_fixed=len(fixed))


def judge_outcomes(
    exercise: Exercise,
    cases: Sequence[Case],
    outcomes: Sequence[Outcome],
    expected: Sequence[Any],
    limit: float,
    func: Any = None,
    n_fixed: int | None = None,
) -> CheckResult:
    """The verdict from the outcomes of ``cases`` (then, for sampling exercises, the repeats).

    ``cases`` come in the canonical order (the documented ``n_fixed`` cases first, then the
    fresh random ones) whatever order they ran in, so the case a message shows is the same
    on every check: the first documented case that fails, else the first random one.

    Pure: the instructor's grader calls it in its own process with outcomes that came back
    from a sandboxed worker as plain data.
    """
    ex_id = exercise.id
    n = len(cases)
    n_fixed = n if n_fixed is None else n_fixed
    main = list(outcomes[:n])
    stopped = next((o for o in outcomes if o.status in ("timeout", "crashed")), None)
    if stopped is not None:  # cases that never ran share the fate of the one that stopped
        main = [stopped if o.status == "not_run" else o for o in main]
    for i, (c, outcome, exp) in enumerate(zip(cases, main, expected, strict=True)):
        where = (
            _describe_case(i, n_fixed, c) if i < n_fixed else _describe_case(i - n_fixed, n - n_fixed, c, random=True)
        )
        common = {"case": where, "inputs": _describe_inputs(c, func), "printed": _printed(outcome), "n_cases": n}
        if outcome.status == "raised":
            if outcome.error_type == "NotImplementedError":
                msg = (
                    f"{NOT_IMPLEMENTED}: replace `raise NotImplementedError` in {exercise.function_name} with your code"
                )
                return CheckResult(ex_id, False, msg, "not_implemented", n_cases=n)
            at = f" ({outcome.error_where})" if outcome.error_where else ""
            msg = f"raised {outcome.error_type}: {outcome.error_message}{at}"
            if outcome.error_type == "MemoryError":
                msg = "ran out of memory: the check allows about 2 GiB; " + msg
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
        if (impossible := _impossible(exercise, c, outcome.value)) is not None:
            return CheckResult(
                ex_id,
                False,
                impossible,
                "validity",
                expected=format_value(exp),
                returned=format_value(outcome.value),
                **common,
            )
        failure: Failure | None = exercise.answer.judge(outcome.value, exp, c.label)
        if failure is not None:
            mistake = match_mistake(exercise, cases, main, i)
            shown_r, shown_e = exercise.answer.aligned(outcome.value, exp)
            return CheckResult(
                ex_id,
                False,
                failure.message,
                failure.stage,
                mistake=mistake,
                diagnosis=None if mistake else _consistent_diagnosis(exercise, cases, main, expected, failure),
                expected=format_value(shown_e),
                returned=format_value(shown_r),
                **common,
            )
    rest = list(outcomes[n:])
    if rest:
        k = len(rest) // (SAME_SEED_CALLS + OTHER_SEEDS)  # the number of repeated cases
        same, other = rest[: k * SAME_SEED_CALLS], rest[k * SAME_SEED_CALLS :]
        firsts = [o for c, o in zip(cases, main, strict=True) if _rng_position(exercise, c) is not None][:k]
        for first, again in zip([f for f in firsts for _ in range(SAME_SEED_CALLS)], same, strict=True):
            if again.status != "ok" or not _same_value(first.value, again.value):
                return CheckResult(
                    ex_id,
                    False,
                    "not reproducible: called twice with identically seeded generators it returned different results; "
                    "draw every random number from the rng argument (not np.random.* or random.*)",
                    "reproducibility",
                    n_cases=n,
                )
        each_first = [f for f in firsts for _ in range(OTHER_SEEDS)]  # other holds OTHER_SEEDS per case
        if firsts and all(
            o.status == "ok" and _same_value(f.value, o.value) for f, o in zip(each_first, other, strict=True)
        ):
            return CheckResult(
                ex_id,
                False,
                "your answer does not depend on the rng argument: with other seeds it returned exactly the same "
                "results; "
                "a sample must be drawn at random from rng",
                "reproducibility",
                n_cases=n,
            )
    extra = f" ({n_fixed} documented, {n - n_fixed} drawn at random)" if n > n_fixed else ""
    return CheckResult(ex_id, True, f"passed all {n} test cases{extra}", "passed", n_cases=n)


def _same_value(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (
            isinstance(a, np.ndarray)
            and isinstance(b, np.ndarray)
            and a.shape == b.shape
            and bool(np.array_equal(a, b, equal_nan=True))
        )
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same_value(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same_value(x, y) for x, y in zip(a, b, strict=True))
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001
        return False


def _kind(value: Any) -> str:
    text = format_value(value, max_chars=60)
    return f"{type(value).__name__} {text}" if value is not None else "None"
