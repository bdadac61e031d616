"""The instructor's grader: execute submitted notebooks afresh and score their checks.

Each submission runs in a new kernel (stored outputs are discarded first) with the
environment variable ``QMLCOURSE_GRADING=1`` and a throw-away progress file. Every
``check(...)`` emits its result on the mimetype channel (see
:mod:`qmlcourse.grading.notebooks`). An exercise counts as passed when any of its checks in
the fresh run passed (a lesson may demonstrate wrong answers on purpose); otherwise the
latest failing result is reported.
"""

from __future__ import annotations

import csv
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

import nbformat

from qmlcourse.grading.notebooks import clear_outputs, collect_checks, execute, exercise_id_of, lesson_of


@dataclass
class NotebookReport:
    """Result of grading one notebook.

    Attributes:
        path: the notebook.
        status: ``"ok"``, ``"error"`` (a cell raised), ``"timeout"``, ``"kernel_died"`` or
            ``"unreadable"``.
        detail: the first error or the timeout, for the instructor.
        exercises: the exercise ids the submission is graded on, in order.
        results: exercise id -> its passing check result, else its latest (JSON of a CheckResult).
        seconds: wall time.
    """

    path: str
    status: str
    detail: str = ""
    exercises: list[str] = field(default_factory=list)
    results: dict[str, dict[str, Any]] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def score(self) -> int:
        """Number of exercises passed."""
        return sum(1 for ex in self.exercises if self.results.get(ex, {}).get("passed"))

    @property
    def total(self) -> int:
        """Number of exercises graded."""
        return len(self.exercises)

    def outcome(self, exercise_id: str) -> str:
        """``"pass"``, ``"fail"`` or ``"missing"`` (its check never ran)."""
        res = self.results.get(exercise_id)
        return "missing" if res is None else ("pass" if res.get("passed") else "fail")


def _expected_exercises(nb: Any, seen: Sequence[str]) -> list[str]:
    from qmlcourse.exercises import lessons

    ids: list[str] = []
    lesson = lesson_of(nb)
    if lesson:
        ids += [ex.id for ex in lessons().get(lesson, [])]
    ids += [i for i in (exercise_id_of(c) for c in nb.cells) if i]
    ids += list(seen)
    return list(dict.fromkeys(ids))


def grade_notebook(path: str | Path, *, timeout: float = 120, kernel_name: str = "python3") -> NotebookReport:
    """Execute one submission in a fresh kernel and collect its check results."""
    start = time.perf_counter()
    path = Path(path)
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as exc:  # noqa: BLE001 - any unreadable file is reported, not raised
        return NotebookReport(str(path), "unreadable", f"{type(exc).__name__}: {exc}"[:300])
    clear_outputs(nb)
    with tempfile.TemporaryDirectory(prefix="qmlcourse-grade-") as tmp:
        env = {"QMLCOURSE_GRADING": "1", "QMLCOURSE_PROGRESS": str(Path(tmp) / "progress.json")}
        status, detail = execute(nb, cwd=path.parent.resolve(), timeout=timeout, kernel_name=kernel_name, env=env)
    checks = collect_checks(nb)
    results: dict[str, dict] = {}
    for c in checks:  # an exercise counts as passed when any of its checks passed
        ex = c.get("exercise")
        if isinstance(ex, str) and not results.get(ex, {}).get("passed"):
            results[ex] = c
    exercises = _expected_exercises(nb, list(results))
    return NotebookReport(str(path), status, detail, exercises, results, time.perf_counter() - start)


class ProgressBar:
    """A small text progress bar on a stream (stderr): ``[#####.....] 3/10 name``."""

    def __init__(self, total: int, stream: TextIO | None = None, width: int = 30) -> None:
        self.total, self.stream, self.width, self.done = total, stream or sys.stderr, width, 0
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())

    def update(self, label: str) -> None:
        """Advance by one and redraw."""
        self.done += 1
        filled = self.width * self.done // max(self.total, 1)
        line = f"[{'#' * filled}{'.' * (self.width - filled)}] {self.done}/{self.total} {label}"
        if self.tty:
            self.stream.write("\r\033[K" + line + ("\n" if self.done == self.total else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


def grade(
    paths: Sequence[str | Path],
    *,
    timeout: float = 120,
    kernel_name: str = "python3",
    progress_stream: TextIO | None = None,
) -> list[NotebookReport]:
    """Grade many notebooks one after another; a progress bar shows when there are several."""
    bar = ProgressBar(len(paths), progress_stream) if len(paths) > 1 else None
    reports = []
    for p in paths:
        reports.append(grade_notebook(p, timeout=timeout, kernel_name=kernel_name))
        if bar:
            bar.update(Path(p).name)
    return reports


def _all_exercises(reports: Sequence[NotebookReport]) -> list[str]:
    return list(dict.fromkeys(ex for r in reports for ex in r.exercises))


def _short_names(ids: Sequence[str]) -> dict[str, str]:
    names = [i.split("/", 1)[1] for i in ids]
    unique = len(set(names)) == len(names)
    return {i: (n if unique else i) for i, n in zip(ids, names, strict=True)}


def format_table(reports: Sequence[NotebookReport]) -> str:
    """Per-notebook, per-exercise table, the failures explained, and the scores."""
    ids = _all_exercises(reports)
    short = _short_names(ids)
    header = ["notebook", "status", *[short[i] for i in ids], "score"]
    rows = [
        [Path(r.path).name, r.status, *[r.outcome(i) if i in r.exercises else "-" for i in ids], f"{r.score}/{r.total}"]
        for r in reports
    ]
    widths = [max(len(str(row[k])) for row in [header, *rows]) for k in range(len(header))]
    lines = ["  ".join(f"{c:<{w}}" for c, w in zip(row, widths, strict=True)).rstrip() for row in [header, *rows]]
    notes = []
    for r in reports:
        name = Path(r.path).name
        if r.status != "ok":
            notes.append(f"  {name}: {r.status}: {r.detail}")
        for i in r.exercises:
            res = r.results.get(i)
            if res is None:
                notes.append(f"  {name}: {i}: missing (its check did not run)")
            elif not res.get("passed"):
                notes.append(f"  {name}: {i}: {res.get('message', '')}")
    if notes:
        lines += ["", "Details:", *notes]
    total = sum(r.total for r in reports)
    passed = sum(r.score for r in reports)
    pct = f" ({100 * passed / total:.0f}%)" if total else ""
    lines += ["", f"Score: {passed} of {total} exercise checks passed{pct} over {len(reports)} notebook(s)"]
    return "\n".join(lines)


def write_csv(reports: Sequence[NotebookReport], path: str | Path) -> None:
    """One row per notebook: status, score, total, then pass/fail/missing per exercise."""
    ids = _all_exercises(reports)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["notebook", "status", "score", "total", *ids, "detail"])
        for r in reports:
            writer.writerow([r.path, r.status, r.score, r.total, *[r.outcome(i) if i in r.exercises else "" for i in ids], r.detail])


def write_json(reports: Sequence[NotebookReport], path: str | Path) -> None:
    """Everything: per notebook the status, score and every check result."""
    data = [{**asdict(r), "score": r.score, "total": r.total} for r in reports]
    Path(path).write_text(json.dumps(data, indent=1), encoding="utf-8")
