"""Notebooks and exercises: the exercise-cell convention, solved copies, execution, results.

An exercise cell is a code cell whose metadata holds ``{"qmlcourse": {"exercise": ID}}`` and
whose source is the exercise's template. A lesson notebook may hold
``{"qmlcourse": {"lesson": LESSON_ID}}`` in its own metadata.

Check results travel out of an executed notebook as display outputs with the mimetype
:data:`~qmlcourse.grading.feedback.MIMETYPE` (JSON of a
:class:`~qmlcourse.grading.checker.CheckResult`).
"""

from __future__ import annotations

import copy
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import nbformat
from nbformat import NotebookNode

from qmlcourse.grading.feedback import MIMETYPE

KEY = "qmlcourse"


def exercise_id_of(cell: Mapping[str, Any]) -> str | None:
    """The exercise id of an exercise cell, or ``None`` for any other cell."""
    meta = cell.get("metadata", {}).get(KEY, {})
    ex = meta.get("exercise") if isinstance(meta, Mapping) else None
    return ex if cell.get("cell_type") == "code" and isinstance(ex, str) else None


def concept_id_of(cell: Mapping[str, Any]) -> str | None:
    """The concept id of a concept-answer cell (metadata ``{"qmlcourse": {"concept": ID}}``)."""
    meta = cell.get("metadata", {}).get(KEY, {})
    cid = meta.get("concept") if isinstance(meta, Mapping) else None
    return cid if cell.get("cell_type") == "code" and isinstance(cid, str) else None


def lesson_of(nb: Mapping[str, Any]) -> str | None:
    """The lesson id stored in a notebook's metadata, if any."""
    meta = nb.get("metadata", {}).get(KEY, {})
    return meta.get("lesson") if isinstance(meta, Mapping) else None


def course_lesson_order(root: str | Path | None = None) -> list[str]:
    """Lesson ids in course order: the lesson notebooks in ``_toc.yml`` order (their
    ``NN_`` numbering where the table of contents cannot be read)."""
    root = Path(root) if root else Path(__file__).resolve().parents[2]
    folder = root / "notebooks"
    names = sorted(p.stem for p in folder.glob("[0-9][0-9]_*.ipynb"))
    try:
        import re

        toc = (root / "_toc.yml").read_text(encoding="utf-8")
        listed = re.findall(r"file:\s*notebooks/([0-9][0-9]_[A-Za-z0-9_]+)", toc)
        names = [n for n in listed if n in names] + [n for n in names if n not in listed]
    except OSError:
        pass
    order: list[str] = []
    for name in names:
        try:
            nb = nbformat.read(folder / f"{name}.ipynb", as_version=4)
        except Exception:  # noqa: BLE001 - a broken course file is skipped
            continue
        lesson = lesson_of(nb)
        if isinstance(lesson, str) and lesson not in order:
            order.append(lesson)
    return order


def exercise_cell(exercise_id: str) -> NotebookNode:
    """A code cell holding the exercise's template, marked as its exercise cell."""
    from qmlcourse.exercises import get

    exercise = get(exercise_id)
    return nbformat.v4.new_code_cell(exercise.template.rstrip("\n"), metadata={KEY: {"exercise": exercise_id}})


def solve_notebook(nb: NotebookNode) -> NotebookNode:
    """Return a copy whose exercise cells hold the reference solutions, outputs cleared.

    A concept-answer cell (``{"qmlcourse": {"concept": ID}}``) gets the correct letter in
    place of ``"?"`` in its ``answer(ID, "?")`` call.

    Raises:
        KeyError: an exercise or concept cell names an unknown id.
        ValueError: a concept cell does not hold ``answer(ID, "?")``.
    """
    from qmlcourse.exercises import get, get_concept

    solved = copy.deepcopy(nb)
    for cell in solved.cells:
        ex_id = exercise_id_of(cell)
        if ex_id is not None:
            cell.source = get(ex_id).solution_source()
        concept_id = concept_id_of(cell)
        if concept_id is not None:
            cell.source = _answer_concept(cell.source, concept_id, get_concept(concept_id).correct_letter)
    return clear_outputs(solved)


def _answer_concept(source: str, concept_id: str, letter: str) -> str:
    """``answer(ID, "?")`` (either quote style) in ``source`` with ``"?"`` replaced by ``letter``."""
    import re

    pattern = re.compile(r"""(answer\(\s*(["'])""" + re.escape(concept_id) + r"""\2\s*,\s*)(["'])\?\3(\s*\))""")
    new, n = pattern.subn(lambda m: f'{m.group(1)}"{letter}"{m.group(4)}', source)
    if n != 1:
        raise ValueError(
            f'concept cell for {concept_id} must hold answer("{concept_id}", "?") once; found {n} in {source!r}'
        )
    return new


def clear_outputs(nb: NotebookNode) -> NotebookNode:
    """Remove every stored output in place (a submission's outputs are never trusted)."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nb


def execute(
    nb: NotebookNode,
    *,
    cwd: str | Path | None = None,
    timeout: float = 120,
    kernel_name: str = "python3",
    env: Mapping[str, str] | None = None,
    allow_errors: bool = True,
) -> tuple[str, str]:
    """Execute a notebook in place in a fresh kernel.

    Args:
        nb: the notebook (outputs are replaced).
        cwd: working directory of the kernel.
        timeout: seconds allowed per cell.
        kernel_name: Jupyter kernel to start.
        env: extra environment variables for the kernel.
        allow_errors: keep going after a cell raises (later checks still count).

    Returns:
        ``(status, detail)``: ``("ok", "")``, ``("error", first error)`` or
        ``("timeout", which cell)``; ``("kernel_died", ...)`` when the kernel crashed.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    full_env = {**os.environ, **(env or {})}
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=kernel_name,
        allow_errors=allow_errors,
        resources={"metadata": {"path": str(cwd or os.getcwd())}},
    )
    try:
        client.execute(env=full_env)
    except CellTimeoutError as exc:
        return "timeout", f"a cell ran longer than {timeout:g} s: {str(exc).splitlines()[0][:200]}"
    except DeadKernelError as exc:
        return "kernel_died", str(exc)[:200]
    except CellExecutionError as exc:
        return "error", str(exc).strip().splitlines()[-1][:300] if str(exc).strip() else "a cell raised"
    first = first_error(nb)
    return ("error", first) if first else ("ok", "")


def first_error(nb: NotebookNode) -> str:
    """``"NameError: ..."`` of the first cell output that is an error, or ``""``."""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return f"{out.get('ename')}: {out.get('evalue')}"[:300]
    return ""


def collect_checks(nb: NotebookNode) -> list[dict[str, Any]]:
    """Every check result in the notebook's outputs, in execution order.

    Cells marked ``{"qmlcourse": {"expect": "fail"}}`` show a wrong answer on purpose (a
    lesson demonstrating feedback); their checks are not the learner's and are left out.
    """
    found = []
    for cell in nb.cells:
        if cell.get("metadata", {}).get(KEY, {}).get("expect") == "fail":
            continue
        for out in cell.get("outputs", []):
            data = out.get("data", {}) if out.get("output_type") in ("display_data", "execute_result") else {}
            if MIMETYPE in data and isinstance(data[MIMETYPE], Mapping):
                found.append(dict(data[MIMETYPE]))
    return found
