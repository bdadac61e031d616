"""Every notebook in notebooks/, solved from the reference solutions, passes all its checks.

Cells marked ``{"qmlcourse": {"expect": "fail"}}`` demonstrate wrong answers on purpose:
their checks must fail. The learner versions must hold each exercise's template.
"""

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

from qmlcourse.exercises import get
from qmlcourse.grading.concept import CONCEPT_MIMETYPE
from qmlcourse.grading.feedback import MIMETYPE
from qmlcourse.grading.notebooks import KEY, concept_id_of, execute, exercise_id_of, solve_notebook

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))


def _checks_by_cell(nb):
    for cell in nb.cells:
        expect_fail = cell.get("metadata", {}).get(KEY, {}).get("expect") == "fail"
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if MIMETYPE in data:
                yield expect_fail, data[MIMETYPE]


def _exercise_ids(nb):
    return [i for i in (exercise_id_of(c) for c in nb.cells) if i]


def _run_solved(path):
    nb = solve_notebook(nbformat.read(path, as_version=4))
    status, detail = execute(nb, cwd=path.parent, timeout=120, allow_errors=False)
    return nb, status, detail


@pytest.fixture(scope="module")
def solved_runs():
    """Execute every solved notebook once, in parallel (one kernel process each).

    xdist's ``--dist loadfile`` keeps this file on one worker, so the notebooks share the
    machine's cores here instead.
    """
    workers = max(2, os.cpu_count() or 2)  # as many kernels as cores: each gets about one
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {path: pool.submit(_run_solved, path) for path in NOTEBOOKS}
        return {path: future.result() for path, future in futures.items()}


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_solved_copy_passes_every_check(path, solved_runs):
    nb, status, detail = solved_runs[path]
    assert status == "ok", detail
    checks = list(_checks_by_cell(nb))
    for expect_fail, result in checks:
        assert result["passed"] != expect_fail, f"{result['exercise']}: {result['message']}"
    passed = {r["exercise"] for f, r in checks if not f}
    assert set(_exercise_ids(nb)) <= passed, "every exercise cell needs a check that runs"
    for cell in nb.cells:  # concept-answer cells hold the correct letter in the solved copy
        if concept_id_of(cell):
            verdicts = [o["data"][CONCEPT_MIMETYPE] for o in cell.outputs if CONCEPT_MIMETYPE in o.get("data", {})]
            assert [v["status"] for v in verdicts] == ["correct"], f"{concept_id_of(cell)}: {verdicts}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_learner_version_holds_templates_and_not_implemented_verdicts(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        ex_id = exercise_id_of(cell)
        if ex_id:
            assert cell.source.strip() == get(ex_id).template.strip(), f"{path.name}: cell of {ex_id} drifted from its template"
    for expect_fail, result in _checks_by_cell(nb):
        if not expect_fail:
            assert result["stage"] == "not_implemented", f"{path.name}: stored check of {result['exercise']}"
