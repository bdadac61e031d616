"""Concept checks: the engine, and proofs run over every registered Concept.

The proofs (``test_registered_*``) check each concept that a lesson module declares: exactly
one correct option, a ``why`` on every option, the correct letter passes, every wrong letter
fails with its own explanation, "?" is "not answered yet" and is not recorded, bad input names
the valid letters. A new Concept is covered without editing this file.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from qmlcourse.exercises import Concept, Option, all_concepts, get_concept
from qmlcourse.grading import answer, ask
from qmlcourse.grading import store as progress_store
from qmlcourse.grading.concept import CONCEPT_MIMETYPE
from qmlcourse.grading.notebooks import concept_id_of, solve_notebook

CONCEPTS = list(all_concepts().values())
IDS = [c.id for c in CONCEPTS]


def _demo() -> Concept:
    return Concept(
        id="demo.lesson/phase",
        question="psi is multiplied by -1. What changes in its measurement probabilities?",
        options=[
            Option("They all change sign.", why="Probabilities are |amplitude|^2 >= 0; they cannot be negative."),
            Option("Nothing.", correct=True, why="|-a|^2 = |a|^2 for every amplitude a: a global phase is invisible."),
            Option("Only the first one changes.", why="The factor -1 multiplies every amplitude alike."),
        ],
    )


# --- the engine -------------------------------------------------------------------------


def test_letters_and_correct_letter():
    c = _demo()
    assert c.letters == ("a", "b", "c")
    assert c.correct_letter == "b"
    assert c.lesson == "demo.lesson"


def test_verdicts_of_every_kind():
    c = _demo()
    right = c.verdict("b")
    assert (right.status, right.passed, right.recorded, right.letter) == ("correct", True, True, "b")
    assert "global phase is invisible" in right.text()
    wrong = c.verdict("c")
    assert (wrong.status, wrong.passed, wrong.recorded) == ("wrong", False, True)
    assert "multiplies every amplitude alike" in wrong.text()
    assert "global phase" not in wrong.text()  # only the chosen option's explanation
    assert c.verdict(" B ").status == "correct"  # case and spaces do not matter
    q = c.verdict("?")
    assert (q.status, q.recorded) == ("unanswered", False)
    assert "not answered yet" in q.message


@pytest.mark.parametrize("bad", ["z", "", "ab", 3, None, 1.5, ["a"], "d"])
def test_bad_input_names_the_valid_letters(bad):
    v = _demo().verdict(bad)
    assert v.status == "invalid" and not v.recorded and not v.passed
    assert '"a", "b", "c"' in v.message
    assert "not one of the options" in v.message


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"id": "no-slash", "question": "q?", "options": None}, "lesson.id/name"),
        ({"id": "a.b/c", "question": " ", "options": None}, "question"),
        ({"id": "a.b/c", "question": "q?", "options": [Option("x", True, "y")]}, "2 to 26 options"),
        ({"id": "a.b/c", "question": "q?", "options": [Option("x", False, "y"), Option("z", False, "w")]},
         "exactly one"),
        ({"id": "a.b/c", "question": "q?", "options": [Option("x", True, "y"), Option("z", True, "w")]}, "exactly one"),
        ({"id": "a.b/c", "question": "q?", "options": [Option("x", True, "y"), Option("x", False, "w")]}, "same text"),
    ],
)
def test_malformed_concepts_are_refused(kwargs, match):
    if kwargs["options"] is None:
        kwargs["options"] = [Option("x", True, "y"), Option("z", False, "w")]
    with pytest.raises(ValueError, match=match):
        Concept(**kwargs)


def test_option_needs_a_why_and_a_boolean():
    with pytest.raises(ValueError, match="why"):
        Option("text", correct=True)
    with pytest.raises(ValueError, match="non-empty"):
        Option("", why="w")
    with pytest.raises(TypeError, match="True or False"):
        Option("text", correct="yes", why="w")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Option"):
        Concept(id="a.b/c", question="q?", options=["a", "b"])  # type: ignore[list-item]


def test_concepts_are_immutable():
    c = _demo()
    with pytest.raises(AttributeError):
        c.options[0].correct = True  # type: ignore[misc]
    assert isinstance(c.options, tuple)


def test_question_text_lists_lettered_options():
    text = _demo().question_text()
    assert "(a) They all change sign." in text and "(c) Only the first one changes." in text
    assert 'answer("demo.lesson/phase", "<letter>")' in text
    assert "<li" in _demo().question_html()


def test_unknown_concept_id_suggests_close_ids(capsys):
    answer("no.such/concept", "a")
    out = capsys.readouterr().out
    assert "unknown concept 'no.such/concept'" in out
    ask("no.such/concept")
    assert "unknown concept" in capsys.readouterr().out


# --- answer() records progress through the store ------------------------------------------


@pytest.fixture
def registered(monkeypatch):
    """The demo concept registered as if a lesson module declared it."""
    import qmlcourse.exercises as ex

    demo = _demo()
    monkeypatch.setattr(ex, "get_concept", lambda cid: demo if cid == demo.id else get_concept(cid))
    return demo


def test_answer_records_right_and_wrong_but_not_placeholder_or_bad_input(registered, capsys):
    answer(registered.id, "?")
    answer(registered.id, "z")
    answer(registered.id, 3)
    assert registered.id not in progress_store.load()["exercises"]
    out = capsys.readouterr().out
    assert "not answered yet" in out and '"z" is not one of the options' in out and "3 (int)" in out
    answer(registered.id, "a")
    entry = progress_store.load()["exercises"][registered.id]
    assert (entry["attempts"], entry["passed"], entry["last_result"]) == (1, False, "fail")
    answer(registered.id, "b")
    entry = progress_store.load()["exercises"][registered.id]
    assert (entry["attempts"], entry["passed"], entry["last_result"]) == (2, True, "pass")
    assert "[CORRECT]" in capsys.readouterr().out


def test_answer_under_the_grader_does_not_touch_progress(registered, monkeypatch):
    monkeypatch.setenv("QMLCOURSE_GRADING", "1")
    answer(registered.id, "b")
    assert progress_store.load()["exercises"] == {}


def test_answer_in_ipython_publishes_a_machine_readable_verdict(registered, monkeypatch):
    import qmlcourse.grading.feedback as fb

    shown = []
    monkeypatch.setattr(fb, "in_ipython", lambda: True)
    monkeypatch.setattr("IPython.display.display", lambda bundle, raw: shown.append(bundle))
    answer(registered.id, "c")
    (bundle,) = shown
    assert bundle[CONCEPT_MIMETYPE] == {"concept": registered.id, "status": "wrong", "letter": "c", "passed": False}
    assert "Not yet" in bundle["text/html"]
    json.dumps(bundle[CONCEPT_MIMETYPE])


# --- solved notebooks ---------------------------------------------------------------------


def _nb_with_concept_cell(cid: str, source: str):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(f'ask("{cid}")'),
        nbformat.v4.new_code_cell(source, metadata={"qmlcourse": {"concept": cid}}),
    ]
    return nb


def test_solve_notebook_fills_in_the_correct_letter(registered, monkeypatch):
    import qmlcourse.exercises as ex

    solved = solve_notebook(_nb_with_concept_cell(registered.id, f'answer("{registered.id}", "?")'))
    assert solved.cells[1].source == f'answer("{registered.id}", "b")'
    assert solved.cells[0].source == f'ask("{registered.id}")'
    with pytest.raises(ValueError, match="must hold answer"):
        solve_notebook(_nb_with_concept_cell(registered.id, f'answer("{registered.id}", "a")'))
    monkeypatch.setattr(ex, "get_concept", get_concept)
    with pytest.raises(KeyError, match="unknown concept"):
        solve_notebook(_nb_with_concept_cell("no.such/concept", 'answer("no.such/concept", "?")'))


# --- proofs over every registered concept -------------------------------------------------


def test_concept_registry_loads():
    """Importing every lesson module and registering its concepts raises nothing."""
    assert isinstance(all_concepts(), dict)
    for cid, c in all_concepts().items():
        assert get_concept(cid) is c


@pytest.mark.parametrize("concept", CONCEPTS, ids=IDS)
def test_registered_exactly_one_correct_and_every_why(concept):
    assert sum(o.correct for o in concept.options) == 1
    for letter, option in zip(concept.letters, concept.options, strict=True):
        assert option.why.strip(), f"{concept.id} option ({letter}) has no why"
    whys = [o.why.strip() for o in concept.options]
    assert len(set(whys)) == len(whys), f"{concept.id}: two options share the same why"


@pytest.mark.parametrize("concept", CONCEPTS, ids=IDS)
def test_registered_correct_letter_passes(concept):
    v = concept.verdict(concept.correct_letter)
    assert v.passed and v.status == "correct"
    assert concept.options[concept.letters.index(concept.correct_letter)].why in v.text()


@pytest.mark.parametrize("concept", CONCEPTS, ids=IDS)
def test_registered_each_wrong_letter_fails_with_its_own_why(concept):
    for letter, option in zip(concept.letters, concept.options, strict=True):
        if option.correct:
            continue
        v = concept.verdict(letter)
        assert v.status == "wrong" and not v.passed, f"{concept.id} ({letter})"
        assert v.why == option.why and option.why in v.text()
        others = [o.why for o in concept.options if o is not option]
        assert not any(w in v.text() for w in others), f"{concept.id} ({letter}) shows another option's why"


@pytest.mark.parametrize("concept", CONCEPTS, ids=IDS)
def test_registered_placeholder_and_bad_input(concept):
    q = concept.verdict("?")
    assert q.status == "unanswered" and not q.recorded and "not answered yet" in q.message
    valid = ", ".join(f'"{x}"' for x in concept.letters)
    beyond = chr(ord(concept.letters[-1]) + 1) if len(concept.letters) < 26 else "aa"
    for bad in ("z" if "z" not in concept.letters else "zz", beyond, 3, None):
        v = concept.verdict(bad)
        assert v.status == "invalid" and not v.recorded and valid in v.message, (concept.id, bad)


@pytest.mark.parametrize("concept", CONCEPTS, ids=IDS)
def test_registered_placeholder_is_not_recorded(concept, capsys):
    answer(concept.id, "?")
    assert concept.id not in progress_store.load()["exercises"]
    assert "not answered yet" in capsys.readouterr().out


# --- concept cells in the lesson notebooks ------------------------------------------------

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_concept_cells_hold_the_placeholder_and_a_registered_id(path):
    """A concept cell is ``answer(ID, "?")`` after an ``ask(ID)``, stored as "not answered yet"."""
    nb = nbformat.read(path, as_version=4)
    asked = ""
    for k, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and "ask(" in cell.source:
            asked += cell.source
        cid = concept_id_of(cell)
        if cid is None:
            continue
        concept = get_concept(cid)  # KeyError names close ids when the id is unknown
        assert f'ask("{cid}")' in asked, f"{path.name} cell {k}: no ask({cid!r}) before the answer cell"
        solved = solve_notebook(nbformat.v4.new_notebook(cells=[cell]))
        assert f'"{concept.correct_letter}"' in solved.cells[0].source
        stored = [o["data"][CONCEPT_MIMETYPE] for o in cell.outputs if CONCEPT_MIMETYPE in o.get("data", {})]
        assert [v["status"] for v in stored] == ["unanswered"], f"{path.name} cell {k}: stored {stored}"
