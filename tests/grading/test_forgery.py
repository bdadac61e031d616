"""Forging notebooks get no credit from `qmlcourse grade` (qmlcourse.grading.grader).

Every forgery of issue 9 is a submission whose exercises are NOT solved (the templates stay,
or garbage is returned) plus the trick. All of them are graded in one run (with a solved,
honest classmate beside them) and each must score 0 of the lesson's 3 exercises.
"""

import csv
import json
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from qmlcourse.cli import main
from qmlcourse.exercises import get
from qmlcourse.grading.feedback import MIMETYPE
from qmlcourse.grading.grader import isolation
from qmlcourse.grading.notebooks import exercise_cell

LESSON = "intro.exercises"
IDS = ["intro.exercises/normalize", "intro.exercises/apply_x", "intro.exercises/probabilities"]
STEM = "00_how_exercises_work"


def _notebook(exercise_sources=None, extra_cells=(), metadata=None, drop=()):
    """A lesson-0 submission: templates unless ``exercise_sources`` says, plus ``extra_cells``."""
    cells = [new_code_cell("import numpy as np\nfrom qmlcourse.grading import check")]
    for ex_id in IDS:
        if ex_id in drop:
            continue
        ex = get(ex_id)
        cell = exercise_cell(ex_id)
        cell.source = (exercise_sources or {}).get(ex_id, ex.template)
        cells += [cell, new_code_cell(f'check("{ex_id}", {ex.function_name})')]
    cells += [new_code_cell(textwrap.dedent(src)) for src in extra_cells]
    return new_notebook(cells=cells, metadata={"qmlcourse": {"lesson": LESSON}} if metadata is None else metadata)


def _forged_bundle(ex_id):
    return {"exercise": ex_id, "passed": True, "message": "passed all 4 test cases", "stage": "passed"}


def _forgeries(folder: Path) -> dict[str, nbformat.NotebookNode]:
    csv_path = folder / "out.csv"
    victim = folder / f"{STEM}-victim.ipynb"
    classmate = folder / f"{STEM}-classmate.ipynb"
    bundles = "\n".join(f"display({{{MIMETYPE!r}: {_forged_bundle(i)!r}}}, raw=True)" for i in IDS)
    nbs = {}
    # 1. hand-made result bundles on the grader's channel (displayed and stored)
    nb = _notebook(extra_cells=[f"from IPython.display import display\n{bundles}"])
    nb.cells[-1].outputs = [new_output("display_data", data={MIMETYPE: _forged_bundle(i)}) for i in IDS]
    nbs["bundles"] = nb
    # 2. a hand-made passing CheckResult shown
    nbs["checkresult"] = _notebook(
        extra_cells=[
            "from qmlcourse.grading import CheckResult\n"
            + "\n".join(f"display(CheckResult({i!r}, True, 'passed all 4 test cases', 'passed'))" for i in IDS)
        ]
    )
    # 3. replacing check's evaluate and np.allclose before the checks, in the exercise cells too
    patch = (
        "import numpy as np\nimport qmlcourse.grading.checker as _c\n"
        "np.allclose = lambda *a, **k: True\nnp.isclose = lambda *a, **k: True\n"
        "_c.evaluate = lambda ex, f, **k: _c.CheckResult(ex.id, True, 'passed', 'passed')\n"
        "_c.judge_outcomes = lambda ex, *a, **k: _c.CheckResult(ex.id, True, 'passed', 'passed')\n"
    )
    garbage = {i: patch + f"\ndef {get(i).function_name}(*args):\n    return 0\n" for i in IDS}
    nbs["patched"] = _notebook(garbage, extra_cells=[patch])
    # 4. update_display rewriting earlier outputs into passes
    nbs["update_display"] = _notebook(
        extra_cells=[
            "from IPython.display import display, update_display\n"
            + "\n".join(f"display({{'text/plain': 'x'}}, raw=True, display_id='d{k}')" for k in range(3)),
            "\n".join(
                f"update_display({{{MIMETYPE!r}: {_forged_bundle(i)!r}}}, raw=True, display_id='d{k}')"
                for k, i in enumerate(IDS)
            ),
        ]
    )
    # 5. exec-ing a classmate's notebook from the same folder, inside the exercise cells
    steal = (
        "import json\n"
        f"for _c in json.load(open({str(classmate)!r}))['cells']:\n"
        "    if _c['cell_type'] == 'code' and 'def ' in ''.join(_c['source']):\n"
        "        exec(''.join(_c['source']))\n"
    )
    nbs["exec_classmate"] = _notebook({i: steal for i in IDS}, extra_cells=[steal])
    # 6. rewriting another submission (the victim) on disk with the reference solutions
    solved = json.dumps(nbformat.writes(_notebook({i: get(i).solution_source() for i in IDS})))
    overwrite = f"open({str(victim)!r}, 'w').write(json.loads({solved!r}))\n"
    nbs["overwriter"] = _notebook({i: "import json\n" + overwrite + get(i).template for i in IDS})
    nbs["victim"] = _notebook()
    # 7. a detached process that rewrites the CSV row after the grader exits
    detach = (
        "import subprocess, sys\n"
        "subprocess.Popen([sys.executable, '-c', "
        f"\"import time; time.sleep(2); open({str(csv_path)!r}, 'a').write('HACKED,3,3\\\\n')\"], "
        "start_new_session=True)\n"
    )
    nbs["detached"] = _notebook({i: detach + get(i).template for i in IDS})
    # 8. a cell and the lesson metadata deleted: the denominator must stay 3
    nbs["shrunk"] = _notebook(
        {"intro.exercises/normalize": get("intro.exercises/normalize").template},
        metadata={},
        drop=("intro.exercises/apply_x", "intro.exercises/probabilities"),
    )
    # 9. checks (solved!) of another lesson's exercises, and metadata naming that lesson
    other = ["linalg.vectors/normalize", "linalg.vectors/inner_product"]
    nb = _notebook(metadata={"qmlcourse": {"lesson": "linalg.vectors"}})
    for ex_id in other:
        cell = exercise_cell(ex_id)
        cell.source = get(ex_id).solution_source()
        nb.cells += [cell, new_code_cell(f'check("{ex_id}", {get(ex_id).function_name})')]
    nbs["other_lesson"] = nb
    return nbs


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("subs")
    paths = {}
    for name, nb in _forgeries(folder).items():
        paths[name] = folder / f"{STEM}-{name}.ipynb"
        nbformat.write(nb, paths[name])
    honest = folder / f"{STEM}-classmate.ipynb"
    nbformat.write(_notebook({i: get(i).solution_source() for i in IDS}), honest)
    paths["classmate"] = honest
    victim_before = paths["victim"].read_bytes()
    out_csv, out_json = folder / "out.csv", folder / "out.json"
    import io
    from contextlib import redirect_stdout

    buf = io.StringIO()
    with redirect_stdout(buf):
        code = main(["grade", *map(str, paths.values()), "--csv", str(out_csv), "--json", str(out_json), "--jobs", "2"])
    assert code == 0
    time.sleep(3.5)  # give a detached process time to tamper with the CSV
    data = json.loads(out_json.read_text())
    by_name = {Path(r["path"]).stem.split("-", 1)[1]: r for r in data["notebooks"]}
    return {
        "paths": paths,
        "csv": out_csv,
        "json": data,
        "by_name": by_name,
        "out": buf.getvalue(),
        "victim_before": victim_before,
    }


FORGERIES = [
    "bundles",
    "checkresult",
    "patched",
    "update_display",
    "exec_classmate",
    "overwriter",
    "victim",
    "detached",
    "shrunk",
    "other_lesson",
]


@pytest.mark.slow
@pytest.mark.parametrize("name", FORGERIES)
def test_forgery_gets_no_credit(graded, name):
    r = graded["by_name"][name]
    assert (r["score"], r["total"]) == (0, 3), r
    assert r["exercises"] == IDS and r["lesson"] == LESSON


@pytest.mark.slow
def test_the_honest_classmate_passes_and_is_flagged_as_a_copy_of_the_reference(graded):
    r = graded["by_name"]["classmate"]
    assert (r["score"], r["total"]) == (3, 3), r
    assert any("identical to the reference solution" in f for f in r["flags"])


@pytest.mark.slow
def test_the_csv_is_written_atomically_agrees_with_the_json_and_was_not_tampered(graded):
    text = graded["csv"].read_text()
    assert "HACKED" not in text
    rows = {Path(r["notebook"]).stem.split("-", 1)[1]: r for r in csv.DictReader(text.splitlines())}
    assert set(rows) == set(graded["by_name"])
    for name, r in graded["by_name"].items():
        assert (int(rows[name]["score"]), int(rows[name]["total"])) == (r["score"], r["total"])
    assert not list(graded["csv"].parent.glob(".out.csv.*"))  # no temporary files left


@pytest.mark.slow
def test_a_submission_rewritten_on_disk_is_graded_as_it_was_read(graded):
    import hashlib

    r = graded["by_name"]["victim"]
    assert r["sha256"] == hashlib.sha256(graded["victim_before"]).hexdigest()


@pytest.mark.slow
def test_shrunk_notebook_reports_missing_exercises(graded):
    r = graded["by_name"]["shrunk"]
    assert r["results"].get("intro.exercises/apply_x") is None and "file name prefix" in r["lesson_from"]


@pytest.mark.slow
def test_the_report_names_the_isolation(graded):
    kind, text = isolation()
    assert f"Isolation: {text}" in graded["out"]
    assert graded["json"]["isolation"] == text
    assert all(r["isolation"] == text for r in graded["json"]["notebooks"])
    if sys.platform.startswith("linux") and kind != "bubblewrap":
        pytest.fail(f"bubblewrap is expected to work on the CI machine; here: {text}")
