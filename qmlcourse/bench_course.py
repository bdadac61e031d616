"""The course's own speed goals, measured by ``qmlcourse bench`` (never by a timed test).

- U1: every explorer's updates (a slider move, a button, a new data set, with the redraw),
  each timed ``k`` times; the goal is every update under 0.2 s, so the reported time is the
  slowest action's best time, and the notes list every action.
- N1: every lesson notebook executed top to bottom in a fresh kernel, one after the other
  (kernel start included), as a learner runs it; the goal is every lesson under 60 s, so the
  reported time is the slowest lesson's, and the notes list every lesson.

These workloads have no peer: the goals are absolute limits (``Goal(max_seconds=...)``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from qmlcourse.bench import Goal, Progress, Result, measure

#: An explorer update must feel instant; a lesson must run in a minute on two cores.
UPDATE_SECONDS = 0.2
LESSON_SECONDS = 60.0
NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def explorer_actions(quick: bool = False) -> list[tuple[str, Callable[[int], object]]]:
    """(label, update(i)) for every explorer control the lessons use, set up and drawn once.

    The kernel explorer runs at 8 qubits and 200 points (6 qubits and 60 points when
    ``quick``); every bandwidth value is new, so each update computes a kernel and an SVM.
    """
    import matplotlib

    matplotlib.use("Agg")
    from qmlcourse.widgets.bloch import BlochExplorer
    from qmlcourse.widgets.circuit import CircuitExplorer
    from qmlcourse.widgets.encoding import ENCODINGS, EncodingExplorer
    from qmlcourse.widgets.kernel import KernelExplorer
    from qmlcourse.widgets.training import TrainingDashboard

    bloch = BlochExplorer()
    circuit = CircuitExplorer(5)
    circuit.add("H", 0).add("CNOT", (0, 1)).add("RX", 1, 0.2)
    encoding = EncodingExplorer(ENCODINGS[0], (0.5, 0.7))
    for name in ENCODINGS:  # the first draw of each circuit is not what a learner waits for
        encoding.encoding.value = name
    dash = TrainingDashboard()
    dash.step()
    n, m = (6, 60) if quick else (8, 200)
    kernel = KernelExplorer(feature_map="zz", n_qubits=n, n_samples=m, dataset="havlicek")
    maps = ["zz", "iqp", "angle"]
    data = ["moons", "circles", "havlicek"]
    return [
        ("Bloch: angle slider", lambda i: setattr(bloch.theta, "value", 0.2 + 0.1 * i)),
        ("Bloch: RY button", lambda i: bloch.buttons["RY"].click()),
        ("circuit (5 qubits): angle slider", lambda i: setattr(circuit.angle, "value", 0.5 + 0.1 * i)),
        ("circuit (5 qubits): add a gate", lambda i: circuit.buttons["H" if i % 2 else "CNOT"].click()),
        ("circuit (5 qubits): undo", lambda i: circuit.buttons["Undo"].click()),
        ("encoding: x0 slider", lambda i: setattr(encoding.x0, "value", 0.3 + 0.1 * i)),
        ("encoding: switch encoding", lambda i: setattr(encoding.encoding, "value", ENCODINGS[i % len(ENCODINGS)])),
        ("training: one step", lambda i: dash.step()),
        (f"kernel ({n} qubits, {m} points): bandwidth", lambda i: setattr(kernel.bandwidth, "value", 0.3 + 0.05 * i)),
        ("kernel: feature map", lambda i: kernel.set(feature_map=maps[i % 3], bandwidth=0.25 + 0.01 * i)),
        ("kernel: data set", lambda i: kernel.set(dataset=data[i % 3], bandwidth=0.3 + 0.01 * i)),
    ]


def _indexed(update: Callable[[int], object]) -> Callable[[], object]:
    calls = iter(range(10**6))
    return lambda: update(next(calls))


def u1_explorers(cfg: dict, progress: Progress) -> Result:
    repeats = cfg["fast_repeats"]
    timings = {label: measure(_indexed(update), repeats) for label, update in explorer_actions(cfg.get("quick", False))}
    slowest = max(timings, key=lambda k: timings[k].best)
    progress.step("U1 explorers")
    notes = [f"{label}: best {t.best * 1000:.0f} ms, slowest {max(t.times) * 1000:.0f} ms"
             for label, t in timings.items()]
    return Result(
        "U1",
        f"explorer updates with their redraw, {repeats} of each; "
        f"the time shown is the slowest action's best ({slowest})",
        {"qmlcourse": timings[slowest].best},
        [Goal("qmlcourse", 1.0, f"every update under {UPDATE_SECONDS:g} s", max_seconds=UPDATE_SECONDS)],
        0.0,
        {"qmlcourse": timings[slowest].spread},
        [],
        notes,
    )


def lesson_seconds(path: Path, timeout: float = 300) -> float:
    """Wall time of executing the notebook at ``path`` top to bottom in a fresh kernel (s).

    Raises RuntimeError when a cell fails: a lesson that errors has no run time.
    """
    import nbformat

    from qmlcourse.grading.notebooks import execute

    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    status, detail = execute(nb, cwd=path.parent, timeout=timeout, allow_errors=False)
    seconds = time.perf_counter() - start
    if status != "ok":
        raise RuntimeError(f"{path.name}: {status}: {detail}")
    return seconds


def n1_lessons(cfg: dict, progress: Progress) -> Result:
    paths = sorted(NOTEBOOKS.glob("*.ipynb"))
    if cfg.get("quick", False):
        paths = paths[:1]  # the quick run shows the mechanism on the first lesson only
    if not paths:
        raise RuntimeError(f"N1: no lesson notebooks in {NOTEBOOKS} (run bench from a clone of the course)")
    seconds = {}
    for path in paths:
        seconds[path.name] = lesson_seconds(path)
        progress.step(f"N1 {path.stem[:30]}")
    slowest = max(seconds, key=seconds.get)
    over = [name for name, s in seconds.items() if s >= LESSON_SECONDS]
    notes = [f"{name}: {s:.1f} s" for name, s in seconds.items()] + ["one run of each lesson"]
    if over:
        notes.append("over the budget: " + ", ".join(over))
    return Result(
        "N1",
        f"{len(paths)} lesson notebook(s) executed one after the other, kernel start included; "
        f"the time shown is the slowest ({slowest})",
        {"qmlcourse": seconds[slowest]},
        [Goal("qmlcourse", 1.0, f"every lesson under {LESSON_SECONDS:g} s", max_seconds=LESSON_SECONDS)],
        0.0,
        {"qmlcourse": [seconds[slowest]] * 3},  # one run of each lesson: no spread over runs
        [],
        notes,
    )


def n_lessons(quick: bool) -> int:
    """How many progress steps N1 takes."""
    return 1 if quick else len(list(NOTEBOOKS.glob("*.ipynb")))


__all__ = ["LESSON_SECONDS", "UPDATE_SECONDS", "explorer_actions", "lesson_seconds", "n1_lessons",
           "u1_explorers"]
