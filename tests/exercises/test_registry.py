"""Generic proof for every registered exercise, now and later (qmlcourse.exercises).

For each exercise: the reference passes; the untouched template fails with "not implemented
yet"; every typical mistake fails with its own message; every alternative passes; the
solution source pasted into a notebook passes.
"""

import numpy as np
import pytest

from qmlcourse.exercises import all_exercises, get, lesson_module_name, lessons, load_fresh
from qmlcourse.grading.checker import NOT_IMPLEMENTED, evaluate

IDS = list(all_exercises())
MISTAKES = [(ex_id, i) for ex_id in IDS for i in range(len(get(ex_id).mistakes))]
ALTERNATIVES = [(ex_id, i) for ex_id in IDS for i in range(len(get(ex_id).alternatives))]


def _exec(source: str, name: str):
    namespace: dict = {"np": np}
    exec(compile(source, f"<{name}>", "exec"), namespace)
    return namespace[name]


def test_registry_is_not_empty_and_grouped():
    assert "intro.exercises/normalize" in IDS
    assert [ex.name for ex in lessons()["intro.exercises"]] == ["normalize", "apply_x", "probabilities"]


@pytest.mark.parametrize("ex_id", IDS)
def test_reference_passes(ex_id):
    result = evaluate(get(ex_id), get(ex_id).reference)
    assert result.passed, result.text()


@pytest.mark.parametrize("ex_id", IDS)
def test_template_says_not_implemented(ex_id):
    ex = get(ex_id)
    result = evaluate(ex, _exec(ex.template, ex.function_name))
    assert result.stage == "not_implemented" and result.message.startswith(NOT_IMPLEMENTED)


@pytest.mark.parametrize(("ex_id", "index"), MISTAKES)
def test_each_mistake_is_caught_with_its_own_message(ex_id, index):
    ex = get(ex_id)
    mistake = ex.mistakes[index]
    result = evaluate(ex, mistake.func)
    assert not result.passed, f"mistake {index} of {ex_id} passes: its cases cannot tell it apart"
    assert result.mistake == mistake.message, result.text()
    assert mistake.message in result.text()


@pytest.mark.parametrize(("ex_id", "index"), ALTERNATIVES)
def test_each_alternative_passes(ex_id, index):
    result = evaluate(get(ex_id), get(ex_id).alternatives[index])
    assert result.passed, result.text()


@pytest.mark.parametrize("ex_id", IDS)
def test_solution_source_is_self_contained_and_passes(ex_id):
    ex = get(ex_id)
    func = _exec(ex.solution_source(), ex.function_name)
    assert evaluate(ex, func).passed


@pytest.mark.parametrize("ex_id", IDS)
def test_declaration_is_sound(ex_id):
    ex = get(ex_id)
    assert ex.hints and ex.alternatives and ex.title and ex.statement
    assert ex.reference.__module__.endswith(lesson_module_name(ex.lesson))
    first, second = ex.make_cases(), ex.make_cases()
    assert len(first) >= 2
    for a, b in zip(first, second, strict=True):  # seeded: identical every time
        for x, y in zip(a.args, b.args, strict=True):
            if isinstance(x, (np.ndarray, int, float, complex)):  # other objects (rngs...) skipped
                np.testing.assert_array_equal(x, y)
    assert load_fresh(ex_id).id == ex_id
    assert len({m.message for m in ex.mistakes}) == len(ex.mistakes), "mistake messages must differ"


def test_unknown_id_suggests():
    with pytest.raises(KeyError, match="did you mean"):
        get("intro.exercises/normalise")
