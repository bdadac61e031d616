"""`qmlcourse grade` on real submissions: correct, wrong, raising, endless loop (qmlcourse.grading.grader).

The forging notebooks are in test_forgery.py.
"""

import csv
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from qmlcourse.cli import main
from qmlcourse.exercises import get
from qmlcourse.grading import grader
from qmlcourse.grading.grader import decide_lesson, exercise_source, import_lines, normalised_ast
from qmlcourse.grading.notebooks import exercise_cell

IDS = ["intro.exercises/normalize", "intro.exercises/apply_x", "intro.exercises/probabilities"]
STEM = "00_how_exercises_work"


def _submission(path, **replace):
    """A notebook with the three exercises solved by the reference unless ``replace`` says."""
    cells = [new_code_cell("import numpy as np\nfrom qmlcourse.grading import check")]
    for ex_id in IDS:
        ex = get(ex_id)
        cell = exercise_cell(ex_id)
        cell.source = replace.get(ex.function_name, ex.solution_source())
        cells += [cell, new_code_cell(f'check("{ex_id}", {ex.function_name})')]
    nb = new_notebook(cells=cells, metadata={"qmlcourse": {"lesson": "intro.exercises"}})
    # stored outputs claiming success must be ignored
    cells[-1].outputs = [
        nbformat.v4.new_output(
            "display_data", data={"application/vnd.qmlcourse.check+json": {"exercise": IDS[2], "passed": True}}
        )
    ]
    nbformat.write(nb, path)
    return path


@pytest.mark.slow
def test_grade_four_submissions(tmp_path, capsys):
    subs = [
        _submission(tmp_path / f"{STEM}-correct.ipynb"),
        _submission(
            tmp_path / f"{STEM}-wrong.ipynb", normalize="def normalize(psi):\n    return psi / np.sum(np.abs(psi) ** 2)"
        ),
        _submission(
            tmp_path / f"{STEM}-raising.ipynb",
            apply_x="def apply_x(psi, wire):\n    return psi[wire] / 0 + undefined_name",
        ),
        _submission(
            tmp_path / f"{STEM}-endless.ipynb", probabilities="def probabilities(psi):\n    while True:\n        pass"
        ),
    ]
    out_csv, out_json = tmp_path / "out.csv", tmp_path / "out.json"
    start = time.monotonic()
    code = main(
        ["grade", *map(str, subs), "--csv", str(out_csv), "--json", str(out_json), "--budget", "120", "--jobs", "2"]
    )
    assert code == 0 and time.monotonic() - start < 120
    out, err = capsys.readouterr()
    assert "[" in err and "4/4" in err  # the progress bar, on stderr
    assert "Score: 9 of 12 exercise checks passed (75%) over 4 notebook(s)" in out
    assert "wrong.ipynb: intro.exercises/normalize: not normalised: norm 0.2" in out
    assert "raising.ipynb: intro.exercises/apply_x: raised NameError" in out
    assert "endless.ipynb: intro.exercises/probabilities: timed out" in out
    rows = {r["notebook"].rsplit("-", 1)[-1]: r for r in csv.DictReader(out_csv.open())}
    assert {k: (r["status"], r["score"], r["total"]) for k, r in rows.items()} == {
        "correct.ipynb": ("ok", "3", "3"),
        "wrong.ipynb": ("ok", "2", "3"),
        "raising.ipynb": ("ok", "2", "3"),
        "endless.ipynb": ("ok", "2", "3"),
    }
    assert rows["wrong.ipynb"]["intro.exercises/normalize"] == "fail"
    data = json.loads(out_json.read_text())["notebooks"]
    assert data[1]["results"]["intro.exercises/normalize"]["mistake"].startswith("you divided by the squared norm")
    assert [d["score"] for d in data] == [
        int(rows[k]["score"]) for k in ("correct.ipynb", "wrong.ipynb", "raising.ipynb", "endless.ipynb")
    ]


@pytest.mark.slow
def test_code_that_never_finishes_or_does_not_parse_is_reported(tmp_path, capsys):
    loop = _submission(
        tmp_path / f"{STEM}-loop.ipynb", normalize="while True:\n    pass\ndef normalize(psi):\n    return psi"
    )
    err_nb = _submission(tmp_path / f"{STEM}-syntax.ipynb", normalize="def normalize(psi)\n    return psi")
    broken = tmp_path / f"{STEM}-broken.ipynb"
    broken.write_text("{ not a notebook")
    nameless = _submission(tmp_path / "homework.ipynb")
    start = time.monotonic()
    code = main(["grade", str(loop), str(err_nb), str(broken), str(nameless), "--budget", "40"])
    out = capsys.readouterr().out
    assert code == 0 and time.monotonic() - start < 150
    assert "loop.ipynb: intro.exercises/normalize: the exercise code failed to run: the code did not finish" in out
    assert "syntax.ipynb: intro.exercises/normalize: the exercise code failed to run: SyntaxError" in out
    assert "broken.ipynb: unreadable" in out
    assert "homework.ipynb: unmatched: cannot tell the lesson of homework.ipynb from its name: give --lesson ID" in out
    assert re.search(r"syntax.ipynb +ok +fail +pass +pass +2/3", out)


def test_the_lesson_comes_from_the_course_never_the_submission():
    assert decide_lesson("x/00_how_exercises_work.ipynb")[:2] == ("intro.exercises", IDS)
    assert decide_lesson("x/00_how_exercises_work-alice.ipynb")[0] == "intro.exercises"
    assert decide_lesson("x/01_whatever.ipynb")[0] == "linalg.vectors"
    assert decide_lesson("anything.ipynb", "intro.exercises") == ("intro.exercises", IDS, "--lesson")
    with pytest.raises(ValueError, match="give --lesson"):
        decide_lesson("x/homework.ipynb")
    with pytest.raises(ValueError, match="unknown lesson"):
        decide_lesson("x.ipynb", "no.such")


def test_exercise_code_is_the_marked_cell_else_the_defining_cell_plus_import_lines():
    nb = new_notebook(
        cells=[
            new_code_cell("import numpy as np\nfrom math import sqrt\nx = 1\nprint('hi')"),
            new_code_cell("def normalize(psi):\n    return psi / 1"),
            new_code_cell("def normalize(psi):\n    return psi / sqrt(2)"),
        ]
    )
    src, how = exercise_source(nb, "intro.exercises/normalize", "normalize")
    assert src.endswith("sqrt(2)") and how == "cell defining normalize"
    assert import_lines(nb.cells) == "import numpy as np\nfrom math import sqrt"
    nb.cells[1].metadata = {"qmlcourse": {"exercise": "intro.exercises/normalize"}}
    assert exercise_source(nb, "intro.exercises/normalize", "normalize") == (
        "def normalize(psi):\n    return psi / 1",
        "marked cell",
    )
    assert exercise_source(nb, "intro.exercises/apply_x", "apply_x") == (None, "not found")


def test_normalised_ast_ignores_names_comments_and_docstrings_but_not_logic():
    a = "def normalize(psi):\n    n = np.linalg.norm(psi)\n    return psi / n"
    b = (
        "def normalize(state):\n    '''mine'''\n    # my own work\n"
        "    length = np.linalg.norm(state)\n    return state / length"
    )
    c = "def normalize(psi):\n    return psi / np.linalg.norm(psi)"
    assert normalised_ast(a, "normalize") == normalised_ast(b, "normalize") != normalised_ast(c, "normalize")
    assert normalised_ast("def f(:", "f") is None


@pytest.mark.slow
def test_fallback_without_bubblewrap_is_named_in_the_report(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(grader.NO_BWRAP_ENV, "1")
    grader.isolation.cache_clear()
    try:
        sub = _submission(tmp_path / f"{STEM}.ipynb")
        assert main(["grade", str(sub)]) == 0
        out = capsys.readouterr().out
        assert "Isolation: process limits only (bubblewrap turned off" in out and "Score: 3 of 3" in out
    finally:
        monkeypatch.delenv(grader.NO_BWRAP_ENV)
        grader.isolation.cache_clear()


def test_bad_arguments_are_refused(capsys):
    assert main(["grade", "x.ipynb", "--timeout", "0"]) == 2
    assert "--budget (--timeout) must be positive" in capsys.readouterr().err
    assert main(["grade", "x.ipynb", "--jobs", "0"]) == 2
    assert main(["grade", "x.ipynb", "--lesson", "no.such"]) == 2


def test_progress_command(tmp_path, capsys):
    from qmlcourse.grading import store

    store.record_check("intro.exercises/apply_x", True)
    assert main(["progress", "--lesson", "intro.exercises"]) == 0
    out = capsys.readouterr().out
    assert "apply_x        passed       1" in out and "Total: 1 of 3 exercises passed (33%)" in out
    assert "Last check:" in out and str(tmp_path) in out


def test_a_course_cloned_under_tmp_stays_visible_in_the_sandbox(tmp_path, monkeypatch):
    """The sandbox hides /tmp, but a course (or venv) living under /tmp is mounted back read-only.

    A fresh clone in /tmp once made every worker die before running any code (score 0 for all).
    """
    sandboxed = grader.isolation()[0] == "bubblewrap"
    course = tmp_path / "course"
    course.mkdir()
    (course / "marker.txt").write_text("visible")
    secret = tmp_path / "other"
    secret.mkdir()
    (secret / "secret.txt").write_text("hidden")
    monkeypatch.setattr(grader, "_keep", lambda: [course, Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()])
    work = tmp_path / "work"
    work.mkdir()
    cmd = grader._command(str(work), [], [])
    prefix = cmd[: cmd.index("--") + 1] if sandboxed else []
    marker, hidden = course / "marker.txt", secret / "secret.txt"
    probe = f"import os, pathlib; print(pathlib.Path({str(marker)!r}).read_text(), os.path.exists({str(hidden)!r}))"
    out = subprocess.run([*prefix, sys.executable, "-I", "-c", probe], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    # the course is always visible; under bubblewrap the rest of /tmp stays hidden
    assert out.stdout.split() == ["visible", str(not sandboxed)]
