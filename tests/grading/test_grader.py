"""`qmlcourse grade` on real submissions: correct, wrong, raising, endless loop (qmlcourse.grading.grader)."""

import csv
import re
import json
import time

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from qmlcourse.cli import main
from qmlcourse.exercises import get
from qmlcourse.grading.notebooks import exercise_cell

IDS = ["intro.exercises/normalize", "intro.exercises/apply_x", "intro.exercises/probabilities"]


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
    cells[-1].outputs = [nbformat.v4.new_output("display_data", data={"application/vnd.qmlcourse.check+json": {"exercise": IDS[2], "passed": True}})]
    nbformat.write(nb, path)
    return path


@pytest.mark.slow
def test_grade_four_submissions(tmp_path, capsys):
    subs = [
        _submission(tmp_path / "correct.ipynb"),
        _submission(tmp_path / "wrong.ipynb", normalize="def normalize(psi):\n    return psi / np.sum(np.abs(psi) ** 2)"),
        _submission(tmp_path / "raising.ipynb", apply_x="def apply_x(psi, wire):\n    return psi[wire] / 0 + undefined_name"),
        _submission(tmp_path / "endless.ipynb", probabilities="def probabilities(psi):\n    while True:\n        pass"),
    ]
    out_csv, out_json = tmp_path / "out.csv", tmp_path / "out.json"
    start = time.monotonic()
    code = main(["grade", *map(str, subs), "--csv", str(out_csv), "--json", str(out_json), "--timeout", "60"])
    assert code == 0 and time.monotonic() - start < 60
    out, err = capsys.readouterr()
    assert "[" in err and "4/4 endless.ipynb" in err  # the progress bar, on stderr
    assert "Score: 9 of 12 exercise checks passed (75%) over 4 notebook(s)" in out
    assert "wrong.ipynb: intro.exercises/normalize: not normalised: norm 0.2" in out
    assert "raising.ipynb: intro.exercises/apply_x: raised NameError" in out
    assert "endless.ipynb: intro.exercises/probabilities: timed out" in out
    rows = {r["notebook"].rsplit("/", 1)[-1]: r for r in csv.DictReader(out_csv.open())}
    assert {k: (r["status"], r["score"], r["total"]) for k, r in rows.items()} == {
        "correct.ipynb": ("ok", "3", "3"),
        "wrong.ipynb": ("ok", "2", "3"),
        "raising.ipynb": ("ok", "2", "3"),
        "endless.ipynb": ("ok", "2", "3"),
    }
    assert rows["wrong.ipynb"]["intro.exercises/normalize"] == "fail"
    assert rows["endless.ipynb"]["intro.exercises/probabilities"] == "fail"
    data = json.loads(out_json.read_text())
    assert data[1]["results"]["intro.exercises/normalize"]["mistake"].startswith("you divided by the squared norm")


@pytest.mark.slow
def test_notebook_errors_timeouts_and_unreadable_files_are_reported(tmp_path, capsys):
    loop = tmp_path / "toplevel_loop.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("while True:\n    pass")], metadata={"qmlcourse": {"lesson": "intro.exercises"}}), loop)
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{ not a notebook")
    err_nb = _submission(tmp_path / "syntax.ipynb", normalize="def normalize(psi)\n    return psi")
    code = main(["grade", str(loop), str(broken), str(err_nb), "--timeout", "3"])
    out = capsys.readouterr().out
    assert code == 0
    assert "toplevel_loop.ipynb: timeout: a cell ran longer than 3 s" in out
    assert "broken.ipynb: unreadable" in out
    assert "syntax.ipynb: error: SyntaxError" in out
    assert "toplevel_loop.ipynb: intro.exercises/normalize: missing" in out
    assert re.search(r"syntax.ipynb +error +missing +pass +pass +2/3", out)


def test_bad_timeout_is_refused(capsys):
    assert main(["grade", "x.ipynb", "--timeout", "0"]) == 2
    assert "--timeout must be positive" in capsys.readouterr().err


def test_progress_command(tmp_path, capsys):
    from qmlcourse.grading import store

    store.record_check("intro.exercises/apply_x", True)
    assert main(["progress", "--lesson", "intro.exercises"]) == 0
    out = capsys.readouterr().out
    assert "apply_x        passed     1" in out and "Total: 1 of 3 exercises passed (33%)" in out
    assert "Last check:" in out and str(tmp_path) in out


@pytest.mark.slow
def test_demonstration_checks_do_not_stand_for_the_learners(tmp_path, capsys):
    """Lesson 0 shows wrong answers on purpose (cells marked expect=fail); a submission of it
    is graded on the learner's own exercise cells, and the details quote the learner's check."""
    from pathlib import Path

    from qmlcourse.grading.notebooks import exercise_id_of, solve_notebook

    lesson = Path(__file__).resolve().parents[2] / "notebooks" / "00_how_exercises_work.ipynb"
    nb = solve_notebook(nbformat.read(lesson, as_version=4))
    for cell in nb.cells:
        if exercise_id_of(cell) == "intro.exercises/normalize":
            cell.source = "def normalize(psi):\n    return psi / undefined_name\n"
    path = tmp_path / "submission.ipynb"
    nbformat.write(nb, path)
    assert main(["grade", str(path), "--timeout", "90"]) == 0
    out = capsys.readouterr().out
    assert "intro.exercises/normalize: raised NameError: name 'undefined_name' is not defined" in out
    assert "Score: 2 of 3" in out
