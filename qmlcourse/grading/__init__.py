"""Graded exercises for learners: ``check``, ``hint``, ``solution`` and ``progress``.

In a notebook::

    from qmlcourse.grading import check, hint, solution

    def normalize(psi):
        return psi / np.linalg.norm(psi)

    check("intro.exercises/normalize", normalize)   # one verdict; returns a CheckResult
    hint("intro.exercises/normalize")              # hint 1, then 2, 3 on later calls
    solution("intro.exercises/normalize", confirm=True)

``check`` never raises because of learner code: exceptions, NaN, wrong types, huge prints
and endless loops (a time limit, default 5 s per exercise) all become feedback. Each check
is recorded in the progress file (:mod:`qmlcourse.grading.store`).
"""

from __future__ import annotations

import os
from typing import Any

from qmlcourse.grading import store as _progress
from qmlcourse.grading.checker import CheckResult, evaluate
from qmlcourse.grading.feedback import show, show_text_block

__all__ = ["CheckResult", "answer", "ask", "check", "hint", "progress", "solution"]

GRADING_ENV = "QMLCOURSE_GRADING"
"""Set by the instructor's grader in the kernel it starts; checks then skip the progress file."""

_hint_levels: dict[str, int] = {}


def _lookup(exercise_id: str) -> Any:
    from qmlcourse.exercises import load_fresh

    return load_fresh(exercise_id)


def check(exercise_id: str, func: Any, *, time_limit: float | None = None) -> CheckResult:
    """Check a learner's function against the hidden test cases of an exercise.

    Shows one verdict (HTML in Jupyter, text elsewhere), records it in the progress file and
    returns it.

    Args:
        exercise_id: ``"lesson.id/name"``, e.g. ``"intro.exercises/normalize"``.
        func: the learner's function (not called: ``check(id, normalize)``).
        time_limit: seconds for all test cases; default the exercise's limit (5 s).

    Returns:
        A :class:`CheckResult` with ``passed`` and ``message``.
    """
    try:
        exercise = _lookup(exercise_id)
    except KeyError as exc:
        result = CheckResult(str(exercise_id), False, str(exc.args[0]), "unknown_exercise")
    else:
        try:
            result = evaluate(exercise, func, time_limit=time_limit)
        except KeyboardInterrupt:
            result = CheckResult(exercise.id, False, "check interrupted before it finished", "interrupted")
        except Exception as exc:  # noqa: BLE001 - a checker bug must not look like the learner's
            result = CheckResult(
                exercise.id,
                False,
                f"the checker itself failed ({type(exc).__name__}: {exc}); please report this",
                "internal_error",
            )
        if not os.environ.get(GRADING_ENV):
            try:
                _progress.record_check(exercise.id, result.passed, not_started=result.stage == "not_implemented")
            except OSError:
                pass  # a read-only home must not stop the lesson
    result._shown = show(result)
    return result


def hint(exercise_id: str, level: int | None = None) -> None:
    """Show the next hint of an exercise (1, then 2, 3...), or the hint of a given ``level``."""
    try:
        exercise = _lookup(exercise_id)
    except KeyError as exc:
        show_text_block("Unknown exercise", str(exc.args[0]))
        return
    hints = exercise.hints
    if level is None:
        level = min(_hint_levels.get(exercise.id, 0) + 1, len(hints))
    if not 1 <= level <= len(hints):
        show_text_block("No such hint", f"{exercise.id} has hints 1 to {len(hints)}; got level {level}")
        return
    _hint_levels[exercise.id] = max(_hint_levels.get(exercise.id, 0), level)
    more = (
        f'\n(Run hint("{exercise.id}") again for hint {level + 1}.)'
        if level < len(hints)
        else f'\n(That was the last hint. solution("{exercise.id}", confirm=True) shows the reference solution.)'
    )
    show_text_block(f"Hint {level} of {len(hints)} for {exercise.id}", hints[level - 1] + more)
    if not os.environ.get(GRADING_ENV):
        try:
            _progress.record_help(exercise.id, hint_level=level)
        except OSError:
            pass


def solution(exercise_id: str, confirm: bool = False) -> None:
    """Show the reference solution, only with ``confirm=True`` (it is recorded in progress)."""
    try:
        exercise = _lookup(exercise_id)
    except KeyError as exc:
        show_text_block("Unknown exercise", str(exc.args[0]))
        return
    if not confirm:
        show_text_block(
            f"Solution of {exercise.id}",
            f'Trying first teaches more. To see the reference solution, run solution("{exercise.id}", confirm=True).',
        )
        return
    show_text_block(f"Reference solution of {exercise.id}", exercise.solution_source(), code=True)
    if not os.environ.get(GRADING_ENV):
        try:
            _progress.record_help(exercise.id, solution=True)
        except OSError:
            pass


def progress(lesson: str | None = None) -> None:
    """Print the progress table (one lesson, or every lesson of the course)."""
    from qmlcourse.exercises import all_concepts, all_exercises
    from qmlcourse.grading.notebooks import course_lesson_order

    text = _progress.table(
        _progress.load(), [*all_exercises(), *all_concepts()], lesson=lesson, lesson_order=course_lesson_order()
    )
    show_text_block("Your progress", text, code=True)


def ask(concept_id: str) -> None:
    """Show a concept check's question with its lettered options and how to answer."""
    from qmlcourse.exercises import get_concept
    from qmlcourse.grading.feedback import publish

    try:
        concept = get_concept(concept_id)
    except KeyError as exc:
        show_text_block("Unknown concept check", str(exc.args[0]))
        return
    publish(concept.question_text(), concept.question_html())


def answer(concept_id: str, choice: Any) -> None:
    """Judge the learner's letter for a concept check and show why it is right or wrong.

    ``"?"`` (the stored template) says "not answered yet"; anything but one of the option
    letters gets a message naming the valid letters. A real answer (right or wrong) is
    recorded in the progress file like a check.

    Nothing is returned (a notebook would show it twice); the verdict itself comes from
    :meth:`qmlcourse.grading.concept.Concept.verdict`.
    """
    from qmlcourse.exercises import get_concept
    from qmlcourse.grading.concept import CONCEPT_MIMETYPE
    from qmlcourse.grading.feedback import publish

    try:
        concept = get_concept(concept_id)
    except KeyError as exc:
        show_text_block("Unknown concept check", str(exc.args[0]))
        return
    verdict = concept.verdict(choice)
    if verdict.recorded and not os.environ.get(GRADING_ENV):
        try:
            _progress.record_check(concept.id, verdict.passed)
        except OSError:
            pass  # a read-only home must not stop the lesson
    publish(verdict.text(), verdict.html(), {CONCEPT_MIMETYPE: verdict.to_json()})
