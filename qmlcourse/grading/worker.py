"""The sandboxed worker of the instructor's grader: runs ONE exercise of ONE submission.

Started by :mod:`qmlcourse.grading.grader` as ``python -I -m qmlcourse.grading.worker`` in a
fresh process (inside bubblewrap where it works), it reads one JSON job from stdin::

    {"exercise": "linalg.vectors/normalize", "source": "<learner code>", "seed": 123}

builds the check's cases from the course's own exercise module and the seed (the grader
builds the same plan from the same seed), executes the learner's code, calls the function on
every case in the plan's order and writes one frame per call to the result pipe: JSON in the
sandbox's tagged encoding (:func:`qmlcourse.grading.sandbox.encode`), never pickle. It
never sees the expected values: the comparison happens in the grader's process. Whatever the
learner's code prints goes nowhere; a frame it forges can only claim outputs, which the grader
judges like any others.

Frames: ``{"ready": true}`` after the learner's code ran, or ``{"setup_error": "..."}``; then
one outcome per call; then the end frame.
"""

from __future__ import annotations

import copy
import io
import json
import os
import sys
from typing import Any


def _frame(fd: int, data: dict[str, Any]) -> None:
    from qmlcourse.grading.sandbox import write_frame

    write_frame(fd, json.dumps(data).encode())


def main() -> int:
    """Run the job on stdin; results go to the original stdout, everything else to /dev/null."""
    job = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    out = os.dup(1)
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(""), io.StringIO(), io.StringIO()

    import numpy as np

    from qmlcourse.exercises import load_fresh
    from qmlcourse.grading.checker import plan_calls
    from qmlcourse.grading.sandbox import _call, _Capture, outcome_to_json, write_frame

    exercise = load_fresh(str(job["exercise"]))
    plan = plan_calls(exercise, np.random.default_rng(int(job["seed"])))
    namespace: dict[str, Any] = {"__name__": "__main__", "__builtins__": __builtins__}
    capture = _Capture()
    sys.stdout = sys.stderr = capture
    try:
        exec(compile(str(job["source"]), "<submission>", "exec"), namespace)  # noqa: S102 - sandboxed
        func = namespace.get(exercise.function_name)
        if not callable(func):
            raise NameError(f"the exercise code does not define a function {exercise.function_name}(...)")
    except BaseException as exc:  # noqa: BLE001 - the learner's code is reported, never trusted
        sys.stdout = sys.stderr = io.StringIO()
        _frame(out, {"setup_error": f"{type(exc).__name__}: {str(exc)[:300]}"})
        write_frame(out, b"END")
        return 0
    _frame(out, {"ready": True})
    for index in plan.order:
        c = plan.calls[index]
        outcome = _call(func, copy.deepcopy(c.args), copy.deepcopy(dict(c.kwargs)))
        sys.stdout = sys.stderr = io.StringIO()
        try:
            payload = outcome_to_json(outcome)
        except Exception as exc:  # noqa: BLE001
            payload = {"status": "ok", "value": {"$o": ["unsendable result", str(exc)[:200], None]}}
        _frame(out, payload)
    write_frame(out, b"END")
    return 0


if __name__ == "__main__":  # pragma: no cover - runs in the sandbox
    sys.exit(main())
