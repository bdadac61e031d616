"""The learner's progress: one JSON file recording every check, hint and solution viewed.

The file lives at ``~/.qmlcourse/progress.json`` unless the environment variable
``QMLCOURSE_PROGRESS`` names another path. Its content::

    {"version": 1,
     "exercises": {"linalg.vectors/normalize": {
         "attempts": 3, "passed": true, "last_result": "fail",
         "last_time": "2025-01-31T10:02:03Z", "first_passed": "2025-01-31T09:58:10Z",
         "hints_seen": 2, "solution_viewed": false}}}

``passed`` stays true once an exercise has passed; ``last_result`` is the latest attempt
(``"pass"``, ``"fail"``, or ``"not started"`` for a check of the untouched template, which
is not counted as an attempt: `Run All` on a fresh notebook records nothing as failed).

Every update is a read-modify-write under an exclusive lock (``fcntl.flock`` on a ``.lock``
file beside it, where the platform has it) and ends with an atomic rename, so two kernels
writing at once lose nothing and a reader never sees half a file.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ENV_VAR = "QMLCOURSE_PROGRESS"
VERSION = 1


def progress_path() -> Path:
    """Path of the progress file: ``$QMLCOURSE_PROGRESS`` or ``~/.qmlcourse/progress.json``."""
    override = os.environ.get(ENV_VAR, "").strip()
    return Path(override).expanduser() if override else Path.home() / ".qmlcourse" / "progress.json"


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def load(path: Path | None = None) -> dict[str, Any]:
    """Read the progress data; an absent or unreadable file gives empty progress."""
    path = path or progress_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"version": VERSION, "exercises": {}}
    if not isinstance(data, dict) or not isinstance(data.get("exercises"), dict):
        return {"version": VERSION, "exercises": {}}
    return data


def save(data: dict[str, Any], path: Path | None = None) -> None:
    """Write the progress data atomically (a temporary file renamed over the old one)."""
    path = path or progress_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".progress-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=1, sort_keys=True)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock for a read-modify-write of ``path`` (no-op without fcntl)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    with open(path.with_name(path.name + ".lock"), "a+") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


def _entry(data: dict[str, Any], exercise_id: str) -> dict[str, Any]:
    return data["exercises"].setdefault(
        exercise_id,
        {
            "attempts": 0,
            "passed": False,
            "last_result": None,
            "last_time": None,
            "first_passed": None,
            "hints_seen": 0,
            "solution_viewed": False,
        },
    )


def record_check(
    exercise_id: str, passed: bool, path: Path | None = None, when: str | None = None, *, not_started: bool = False
) -> None:
    """Record one check with its result and a UTC timestamp.

    ``not_started``: the check ran the untouched template (``NotImplementedError``); it is
    recorded as ``"not started"`` and not counted as an attempt.
    """
    path = path or progress_path()
    with _locked(path):
        data = load(path)
        entry = _entry(data, exercise_id)
        when = when or _now()
        entry["last_time"] = when
        if not_started and not passed:
            entry["last_result"] = "not started"
        else:
            entry["attempts"] = int(entry.get("attempts", 0)) + 1
            entry["last_result"] = "pass" if passed else "fail"
            if passed and not entry.get("passed"):
                entry["passed"], entry["first_passed"] = True, when
        save(data, path)


def record_help(exercise_id: str, *, hint_level: int = 0, solution: bool = False, path: Path | None = None) -> None:
    """Record that a hint level or the solution was shown."""
    path = path or progress_path()
    with _locked(path):
        data = load(path)
        entry = _entry(data, exercise_id)
        entry["hints_seen"] = max(int(entry.get("hints_seen", 0)), hint_level)
        entry["solution_viewed"] = bool(entry.get("solution_viewed")) or solution
        save(data, path)


def table(
    data: dict[str, Any],
    known: Iterable[str] = (),
    lesson: str | None = None,
    show_last: bool = False,
    lesson_order: Sequence[str] = (),
) -> str:
    """Per-lesson table of exercises with status and attempts, then totals.

    Args:
        data: progress data from :func:`load`.
        known: every exercise id of the course (listed as "not started" when absent).
        lesson: only this lesson.
        show_last: add the time of the latest activity (not used in notebooks: it changes).
        lesson_order: lesson ids in course order (lessons not in it follow, by name).

    >>> print(table({"exercises": {"a.b/x": {"attempts": 2, "passed": True}}}, ["a.b/x", "a.b/y"]))
    lesson  exercise  status     attempts
    a.b     x         passed       2
            y         not started  0
            1 of 2 passed
    Total: 1 of 2 exercises passed (50%), 1 lesson
    """
    entries = data.get("exercises", {})
    known = list(known)
    rank = {les: k for k, les in enumerate(lesson_order)}
    ids = sorted(
        set(known) | set(entries),
        key=lambda i: (
            rank.get(i.split("/")[0], len(rank)),
            i.split("/")[0],
            known.index(i) if i in known else 1_000_000,
            i,
        ),
    )
    if lesson:
        ids = [i for i in ids if i.split("/")[0] == lesson]
    rows: list[tuple[str, str, str, str]] = []
    lessons: dict[str, list[bool]] = {}
    for ex_id in ids:
        les, name = ex_id.split("/", 1)
        e = entries.get(ex_id, {})
        attempts = int(e.get("attempts", 0))
        status = "passed" if e.get("passed") else ("failed" if attempts else "not started")
        if e.get("solution_viewed"):
            status += " (solution seen)"
        first = les not in lessons
        lessons.setdefault(les, []).append(bool(e.get("passed")))
        rows.append((les if first else "", name, status, str(attempts)))
        next_is_new = ex_id == ids[-1] or ids[ids.index(ex_id) + 1].split("/")[0] != les
        if next_is_new:
            rows.append(("", f"{sum(lessons[les])} of {len(lessons[les])} passed", "", ""))
    header = ("lesson", "exercise", "status", "attempts")
    widths = [max(len(r[k]) for r in [header, *[r for r in rows if r[2] or r[3]]]) for k in range(4)]
    lines = []
    for r in [header, *rows]:
        if not r[2] and not r[3] and r is not header:
            lines.append(f"{'':<{widths[0]}}  {r[1]}")
        else:
            lines.append("  ".join(f"{c:<{w}}" for c, w in zip(r, widths, strict=True)).rstrip())
    done = sum(sum(v) for v in lessons.values())
    total = sum(len(v) for v in lessons.values())
    pct = f" ({100 * done // total}%)" if total else ""
    lines.append(
        f"Total: {done} of {total} exercises passed{pct}, {len(lessons)} lesson{'s' if len(lessons) != 1 else ''}"
    )
    if show_last:
        times = [e.get("last_time") for e in entries.values() if e.get("last_time")]
        if times:
            lines.append(f"Last check: {max(times)}")
    return "\n".join(lines)
