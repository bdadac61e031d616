"""The instructor's grader: scores computed outside the learner's code.

For each submission the grader, not the submission, decides what is graded:

1. **The lesson** comes from the instructor (``--lesson ID``) or from the notebook's FILE NAME
   matched against the course's own notebooks (``notebooks/NN_name.ipynb``: the same name,
   a name that starts with it such as ``03_tensor_products-alice.ipynb``, or the same
   ``NN_`` number). Never from the submission's metadata.
2. **The exercises** (the denominator) are the exercise cells of the course's own notebook of
   that lesson (the registry's list for a lesson without a notebook). A submission that
   deletes a cell or its metadata gets "missing" for it, not a smaller denominator.
3. **The learner's code** of an exercise is the submission's code cell marked with its
   exercise id, else the last code cell that defines ``def <function name>(`` at top level.
   To it are prepended the submission's top-level ``import`` / ``from ... import`` lines
   (only those statements, from every code cell; ``from __future__`` skipped): importing is
   safe here because everything runs inside the sandbox, where the submission's folder and
   the other submissions are not visible.
4. **It runs in a fresh process** (:mod:`qmlcourse.grading.worker`) that the grader controls:
   its own temporary directory and HOME, its own session and process group (killed with
   ``os.killpg`` afterwards), ``RLIMIT_CPU``/``RLIMIT_AS``/``RLIMIT_FSIZE`` and a wall
   limit, and, where bubblewrap works, inside ``bwrap`` with every namespace unshared (no
   network, own PID namespace so nothing outlives it, ``--die-with-parent``), the whole file
   system read-only (the course included), /tmp and the submissions' folders hidden. Where
   bwrap is missing or cannot create namespaces, the process limits alone are used and the
   report says so.
5. **Only plain data comes back** (JSON, tagged encoding, no pickle), and the comparison
   with the reference, on documented plus freshly drawn cases, happens in the grader's
   process (:func:`qmlcourse.grading.checker.judge_outcomes`).

Stored outputs, anything the notebook prints or displays, and the notebook's own checks
count for nothing; the notebook is never executed as a whole. Every submission is read into
memory before any learner code runs, so one submission rewriting another on disk changes
nothing; the CSV and JSON are written once, atomically, at the end, from the same reports.

Copies are flagged, not hidden: an exercise whose normalised syntax tree (see
:func:`normalised_ast`) equals the reference solution's, or another submission's, is listed
in the report's flags, as is code that reaches into ``qmlcourse.exercises``.
"""

from __future__ import annotations

import ast
import csv
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TextIO

import nbformat
import numpy as np

from qmlcourse.grading.notebooks import exercise_id_of

COURSE_ROOT = Path(__file__).resolve().parents[2]
"""The repository root (holds ``notebooks/``) of this installation of the course."""
WORKER_SETUP_SECONDS = 60.0
"""Wall seconds a worker may take to start and run the learner's cell before the cases."""
WORKER_MEMORY = 3 << 30
"""RLIMIT_AS of a worker (bytes): numpy and the simulator map about 1 GiB on their own."""
NO_BWRAP_ENV = "QMLCOURSE_GRADE_NO_BWRAP"
"""Set to 1 to grade without bubblewrap (the report then says so)."""
DEFAULT_BUDGET = 300.0
"""Default wall seconds per notebook, all its exercises together."""


# --------------------------------------------------------------------------- reports


@dataclass
class NotebookReport:
    """Result of grading one notebook.

    Attributes:
        path: the notebook.
        status: ``"ok"``, ``"unreadable"``, ``"unmatched"`` (no lesson could be decided:
            give ``--lesson``) or ``"budget"`` (the notebook's time budget ran out).
        detail: what went wrong, for the instructor.
        lesson: the lesson graded, and ``lesson_from``: how it was decided.
        exercises: the exercise ids the submission is graded on, in order (fixed by the course).
        results: exercise id -> JSON of its CheckResult (absent: the code was not found).
        flags: copies and other things the instructor should look at.
        isolation: how the learner's code was isolated.
        sha256: hash of the file as read (before any learner code ran).
        seconds: wall time.
    """

    path: str
    status: str
    detail: str = ""
    lesson: str = ""
    lesson_from: str = ""
    exercises: list[str] = field(default_factory=list)
    results: dict[str, dict[str, Any]] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    isolation: str = ""
    sha256: str = ""
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
        """``"pass"``, ``"fail"`` or ``"missing"`` (no code found for it)."""
        res = self.results.get(exercise_id)
        return "missing" if res is None else ("pass" if res.get("passed") else "fail")


# --------------------------------------------------------------------------- the lesson


@cache
def course_notebooks(root: str = str(COURSE_ROOT)) -> dict[str, tuple[str, tuple[str, ...]]]:
    """``{file stem: (lesson id, exercise ids)}`` of the course's own lesson notebooks."""
    out: dict[str, tuple[str, tuple[str, ...]]] = {}
    folder = Path(root) / "notebooks"
    for nb_path in sorted(folder.glob("[0-9][0-9]_*.ipynb")):
        try:
            nb = nbformat.read(nb_path, as_version=4)
        except Exception:  # noqa: BLE001 - a broken course file is skipped
            continue
        lesson = nb.metadata.get("qmlcourse", {}).get("lesson")
        ids = tuple(i for i in (exercise_id_of(c) for c in nb.cells) if i)
        if isinstance(lesson, str):
            out[nb_path.stem] = (lesson, ids)
    return out


def decide_lesson(path: str | Path, lesson: str | None = None) -> tuple[str, list[str], str]:
    """``(lesson id, exercise ids, how it was decided)`` for a submission, from the course only.

    Raises:
        ValueError: no lesson given and the file name matches no course notebook (or several).
    """
    from qmlcourse.exercises import lessons

    registry = lessons()
    by_lesson = {les: list(ids) for les, ids in course_notebooks().values()}
    if lesson:
        if lesson not in registry and lesson not in by_lesson:
            raise ValueError(f"unknown lesson {lesson!r}; the course's lessons are {sorted(registry)}")
        ids = by_lesson.get(lesson) or [ex.id for ex in registry.get(lesson, [])]
        return lesson, ids, "--lesson"
    stem = Path(path).stem
    table = course_notebooks()
    for rule, match in (
        ("file name", lambda s: s == stem),
        ("file name prefix", lambda s: stem.startswith(s)),
        ("lesson number", lambda s: re.match(r"\d\d_", stem) is not None and s[:3] == stem[:3]),
    ):
        hits = [s for s in table if match(s)]
        if len(hits) == 1:
            les, ids = table[hits[0]]
            return les, list(ids), f"{rule} matches notebooks/{hits[0]}.ipynb"
        if len(hits) > 1:
            raise ValueError(f"{Path(path).name} matches several course notebooks ({', '.join(hits)}): give --lesson")
    raise ValueError(f"cannot tell the lesson of {Path(path).name} from its name: give --lesson ID")


# --------------------------------------------------------------------------- the code


def _strip_magics(source: str) -> str:
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


def _parse(source: str) -> ast.Module | None:
    try:
        return ast.parse(_strip_magics(source))
    except (SyntaxError, ValueError):
        return None


def _defines(tree: ast.Module | None, name: str) -> bool:
    return tree is not None and any(
        isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == name for n in tree.body
    )


def import_lines(cells: Sequence[Any]) -> str:
    """The top-level ``import`` and ``from ... import`` statements of every code cell."""
    lines = []
    for cell in cells:
        tree = _parse(cell.get("source", "")) if cell.get("cell_type") == "code" else None
        for node in tree.body if tree else []:
            if isinstance(node, ast.ImportFrom) and node.module == "__future__":
                continue
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                lines.append(ast.unparse(node))
    return "\n".join(dict.fromkeys(lines))


def exercise_source(nb: Any, exercise_id: str, function_name: str) -> tuple[str | None, str]:
    """``(code of the exercise cell or None, how it was found)``; see the module text."""
    cells = [c for c in nb.cells if c.get("cell_type") == "code"]
    marked = [c for c in cells if exercise_id_of(c) == exercise_id]
    if marked:
        return _strip_magics(marked[-1].source), "marked cell"
    defining = [c for c in cells if _defines(_parse(c.source), function_name)]
    if defining:
        return _strip_magics(defining[-1].source), f"cell defining {function_name}"
    return None, "not found"


class _Normalise(ast.NodeTransformer):
    """Rename a function's parameters and local variables in order of appearance; drop docstrings."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}

    def _new(self, name: str) -> str:
        return self.names.setdefault(name, f"v{len(self.names)}")

    def visit_FunctionDef(self, node: ast.FunctionDef) -> Any:
        node.name = "f"
        node.returns = None
        for a in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs, node.args.vararg, node.args.kwarg]:
            if a is not None:
                a.arg, a.annotation = self._new(a.arg), None
        if (
            node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(getattr(node.body[0], "value", None), ast.Constant)
            and isinstance(node.body[0].value.value, str)
        ):
            node.body = node.body[1:] or [ast.Pass()]
        self.generic_visit(node)
        return node

    def visit_Name(self, node: ast.Name) -> Any:
        if isinstance(node.ctx, ast.Store) or node.id in self.names:
            node.id = self._new(node.id)
        return node


def normalised_ast(source: str, function_name: str) -> str | None:
    """The syntax tree of ``def function_name`` with local names, the function's own name,
    annotations and its docstring normalised away (``ast.dump`` without attributes).

    Two answers that differ only in variable names, comments, blank lines, formatting or the
    docstring get the same string; names of modules and functions it calls are kept.

    >>> mine = normalised_ast("def f(x):\\n    y = x + 1\\n    return y", "f")
    >>> mine == normalised_ast("def f(a):\\n    '''doc'''\\n    b = a + 1  # c\\n    return b", "f")
    True
    """
    tree = _parse(source)
    if tree is None:
        return None
    node = next((n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == function_name), None)
    if node is None:
        return None
    return ast.dump(_Normalise().visit(node), annotate_fields=False, include_attributes=False)


# --------------------------------------------------------------------------- isolation


@cache
def isolation() -> tuple[str, str]:
    """``("bubblewrap" | "process", description)``: what this machine can do."""
    bwrap = shutil.which("bwrap")
    if os.environ.get(NO_BWRAP_ENV):
        return "process", (
            f"process limits only (bubblewrap turned off by {NO_BWRAP_ENV}: no network or file-system isolation; "
            "own process group, temporary directory, CPU/memory/wall limits)"
        )
    if bwrap is None:
        return "process", (
            "process limits only (bwrap not installed: no network or file-system isolation; "
            "own process group, temporary directory, CPU/memory/wall limits)"
        )
    probe = subprocess.run(
        [
            bwrap,
            "--ro-bind",
            "/",
            "/",
            "--dev",
            "/dev",
            "--proc",
            "/proc",
            "--unshare-all",
            "--die-with-parent",
            "--",
            sys.executable,
            "-c",
            "pass",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if probe.returncode != 0:
        why = (probe.stderr or "").strip().splitlines()[-1:] or [f"exit code {probe.returncode}"]
        return "process", (
            f"process limits only (bwrap cannot create namespaces here: {why[0][:160]}; no network or "
            "file-system isolation; own process group, temporary directory, CPU/memory/wall limits)"
        )
    return "bubblewrap", (
        "bubblewrap: no network, own PID/IPC/UTS namespaces, file system read-only (course included), "
        "/tmp and the submissions' folders hidden; plus own process group, CPU/memory/wall limits"
    )


def _keep() -> list[Path]:
    """What the worker needs to see: the course, the venv, the real Python and numpy."""
    return [
        COURSE_ROOT,
        Path(sys.prefix).resolve(),
        Path(sys.base_prefix).resolve(),
        Path(os.path.realpath(sys.executable)).parent,
        Path(np.__file__).resolve().parent,
    ]


def _hidden_dirs(paths: Sequence[Path]) -> list[str]:
    """Folders of submissions that can be hidden without hiding the course or Python."""
    keep = _keep()
    out = []
    for folder in sorted({str(p.resolve().parent) for p in paths}):
        f = Path(folder)
        if any(k == f or k.is_relative_to(f) for k in keep) or str(f) == "/":
            continue
        out.append(folder)
    return out


def _limits(cpu_seconds: float) -> Any:
    def apply() -> None:  # pragma: no cover - runs in the child before exec
        import resource

        cpu = int(cpu_seconds) + 1
        for what, value in (
            (resource.RLIMIT_CPU, (cpu, cpu + 1)),
            (resource.RLIMIT_AS, (WORKER_MEMORY, WORKER_MEMORY)),
            (resource.RLIMIT_FSIZE, (64 << 20, 64 << 20)),
            (resource.RLIMIT_CORE, (0, 0)),
        ):
            try:
                resource.setrlimit(what, value)
            except (ValueError, OSError):
                pass

    return apply


def _command(work: str, hide: Sequence[str], hide_files: Sequence[str]) -> list[str]:
    python = [sys.executable, "-I", "-m", "qmlcourse.grading.worker"]
    kind, _ = isolation()
    if kind != "bubblewrap":
        return python
    cmd = [
        shutil.which("bwrap") or "bwrap",
        "--ro-bind",
        "/",
        "/",
        "--dev",
        "/dev",
        "--proc",
        "/proc",
        "--tmpfs",
        "/tmp",
    ]
    for folder in hide:
        if not Path(work).is_relative_to(folder):
            cmd += ["--tmpfs", folder]
    for f in hide_files:
        if Path(f).exists():
            cmd += ["--ro-bind", "/dev/null", f]
    home = os.path.expanduser("~")
    if home not in ("/", "") and not any(k.is_relative_to(home) for k in _keep()):
        cmd += ["--tmpfs", home]
    # A course or venv cloned under /tmp (or a hidden folder) must stay visible: mount it back, read-only.
    covered = ["/tmp", *hide]
    for k in sorted({str(k) for k in _keep()}):
        if any(Path(k).is_relative_to(c) for c in covered):
            cmd += ["--ro-bind", k, k]
    cmd += ["--bind", work, work, "--chdir", work, "--unshare-all", "--die-with-parent", "--new-session", "--", *python]
    return cmd


def run_worker(
    exercise_id: str,
    source: str,
    seed: int,
    budget: float,
    *,
    hide: Sequence[str] = (),
    hide_files: Sequence[str] = (),
    setup_seconds: float = WORKER_SETUP_SECONDS,
) -> tuple[list[Any], str]:
    """Run one exercise of one submission in a fresh sandboxed worker.

    Returns ``(outcomes in the plan's canonical order, setup error or "")``; outcomes of
    calls that never answered are ``"timeout"`` (budget spent) or ``"crashed"``.
    """
    from qmlcourse.exercises import load_fresh
    from qmlcourse.grading.checker import plan_calls
    from qmlcourse.grading.sandbox import FrameReader, Outcome, kill_group, outcome_from_json

    exercise = load_fresh(exercise_id)
    plan = plan_calls(exercise, np.random.default_rng(seed))
    n = len(plan.calls)
    with tempfile.TemporaryDirectory(prefix="qmlcourse-worker-") as work:
        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": work,
            "TMPDIR": work,
            "LANG": "C.UTF-8",
            "OMP_NUM_THREADS": "1",
            "OPENBLAS_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            "MPLBACKEND": "agg",
        }
        proc = subprocess.Popen(
            _command(work, hide, hide_files),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=work,
            env=env,
            start_new_session=True,
            preexec_fn=_limits(budget + setup_seconds),
            close_fds=True,
        )
        try:
            assert proc.stdin is not None and proc.stdout is not None
            try:
                proc.stdin.write(json.dumps({"exercise": exercise_id, "source": source, "seed": int(seed)}).encode())
                proc.stdin.close()
            except (BrokenPipeError, OSError):
                pass
            reader = FrameReader(proc.stdout.fileno())
            alive = lambda: proc.poll() is None  # noqa: E731
            how = reader.read(time.monotonic() + setup_seconds, alive, limit=1)
            setup = ""
            if not reader.frames:
                setup = (
                    "the code did not finish running (time or memory)"
                    if how in ("timeout", "too_big")
                    else "the worker died before running the code"
                )
            else:
                first = json.loads(reader.frames[0])
                if not isinstance(first, dict) or ("ready" not in first and "setup_error" not in first):
                    setup = "the worker sent unreadable data"
                elif "setup_error" in first:
                    setup = str(first["setup_error"])[:400]
            if setup:
                return [Outcome("not_run")] * n, setup
            reader.frames.clear()
            how = reader.read(time.monotonic() + budget, alive, limit=n)
        finally:
            kill_group(proc.pid)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:  # pragma: no cover - unkillable
                pass
            for stream in (proc.stdin, proc.stdout):
                try:
                    stream and stream.close()
                except OSError:
                    pass
    ran: list[Any] = []
    for frame in reader.frames:
        try:
            ran.append(outcome_from_json(json.loads(frame)))
        except (ValueError, TypeError, KeyError):
            ran.append(Outcome("crashed", error_message="the process running the code sent back unreadable data"))
            break
    if len(ran) < n and (not ran or ran[-1].status != "crashed"):
        ran.append(
            Outcome("timeout")
            if how == "timeout"
            else Outcome("crashed", error_message="the process running the code died")
        )
    ran = ran[:n] + [Outcome("not_run")] * (n - len(ran[:n]))
    outcomes: list[Any] = [None] * n
    for pos, index in enumerate(plan.order):
        outcomes[index] = ran[pos]
    return outcomes, ""


# --------------------------------------------------------------------------- grading


@dataclass
class Submission:
    """A submission read into memory before any learner code runs."""

    path: Path
    raw: bytes | None
    error: str = ""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.raw).hexdigest() if self.raw is not None else ""


def read_submissions(paths: Sequence[str | Path]) -> list[Submission]:
    """Read every submission's bytes now: later changes on disk cannot reach the grader."""
    subs = []
    for p in paths:
        try:
            subs.append(Submission(Path(p), Path(p).read_bytes()))
        except OSError as exc:
            subs.append(Submission(Path(p), None, f"{type(exc).__name__}: {exc}"[:300]))
    return subs


def grade_submission(
    sub: Submission,
    *,
    lesson: str | None = None,
    budget: float = DEFAULT_BUDGET,
    all_paths: Sequence[Path] = (),
    seed: int | None = None,
) -> tuple[NotebookReport, dict[str, str]]:
    """Grade one submission; returns the report and ``{exercise id: normalised AST}``."""
    from qmlcourse.exercises import load_fresh
    from qmlcourse.grading.checker import CheckResult, _reference_outputs, judge_outcomes, plan_calls

    start = time.monotonic()
    report = NotebookReport(str(sub.path), "ok", isolation=isolation()[1], sha256=sub.sha256)
    trees: dict[str, str] = {}
    try:
        report.lesson, report.exercises, report.lesson_from = decide_lesson(sub.path, lesson)
    except ValueError as exc:
        report.status, report.detail = "unmatched", str(exc)
        return report, trees
    if sub.raw is None:
        report.status, report.detail = "unreadable", sub.error
        return report, trees
    try:
        nb = nbformat.reads(sub.raw.decode("utf-8"), as_version=4)
    except Exception as exc:  # noqa: BLE001 - any unreadable file is reported, not raised
        report.status, report.detail = "unreadable", f"{type(exc).__name__}: {exc}"[:300]
        return report, trees
    imports = import_lines(nb.cells)
    hide = _hidden_dirs([*all_paths, sub.path])
    hide_files = [str(Path(p).resolve()) for p in [*all_paths, sub.path]]
    rng = np.random.default_rng(seed)
    for ex_id in report.exercises:
        exercise = load_fresh(ex_id)
        code, how = exercise_source(nb, ex_id, exercise.function_name)
        if code is None:
            continue
        tree = normalised_ast(code, exercise.function_name)
        if tree is not None and tree != normalised_ast(
            exercise.template, exercise.function_name
        ):  # untouched templates are alike
            trees[ex_id] = tree
            ref = normalised_ast(exercise.solution_source(), exercise.function_name)
            if tree == ref:
                report.flags.append(f"{ex_id}: identical to the reference solution (normalised syntax tree)")
        if "qmlcourse.exercises" in code or re.search(r"\bsolution\s*\(", code) or "load_fresh" in code:
            report.flags.append(f"{ex_id}: the exercise code reaches into the course's reference solutions")
        remaining = budget - (time.monotonic() - start)
        if remaining <= 1:
            report.status = "budget"
            report.detail = f"the notebook's time budget of {budget:g} s ran out before {ex_id}"
            report.results[ex_id] = CheckResult(
                ex_id, False, f"not graded: the time budget of {budget:g} s ran out", "timeout"
            ).to_json()
            continue
        limit = exercise.time_limit
        s = int(rng.integers(2**63))
        plan = plan_calls(exercise, np.random.default_rng(s))
        case_budget = limit * len(plan.calls) / max(len(plan.fixed), 1) + 5.0
        setup_seconds = min(WORKER_SETUP_SECONDS, remaining)
        source = (imports + "\n\n" if imports else "") + code
        outcomes, setup = run_worker(
            ex_id, source, s, case_budget, hide=hide, hide_files=hide_files, setup_seconds=setup_seconds
        )
        if setup:
            result = CheckResult(ex_id, False, f"the exercise code failed to run: {setup}", "raised")
        else:
            expected = _reference_outputs(exercise, plan.cases)
            result = judge_outcomes(exercise, plan.cases, outcomes, expected, limit, n_fixed=len(plan.fixed))
        data = result.to_json()
        data["found"] = how
        report.results[ex_id] = data
    report.seconds = time.monotonic() - start
    return report, trees


def _flag_shared(reports: Sequence[NotebookReport], trees: Sequence[dict[str, str]]) -> None:
    for i, (r, t) in enumerate(zip(reports, trees, strict=True)):
        for ex_id, tree in t.items():
            same = [Path(reports[j].path).name for j, u in enumerate(trees) if j != i and u.get(ex_id) == tree]
            if same:
                r.flags.append(f"{ex_id}: identical to {', '.join(same)} (normalised syntax tree)")


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
    lesson: str | None = None,
    budget: float = DEFAULT_BUDGET,
    jobs: int = 1,
    progress_stream: TextIO | None = None,
    seed: int | None = None,
    timeout: float | None = None,
    kernel_name: str | None = None,
) -> list[NotebookReport]:
    """Grade many submissions (``jobs`` at a time); reports in the order of ``paths``.

    ``timeout`` is an old name of ``budget``; ``kernel_name`` is ignored (no kernel runs).
    """
    if timeout is not None:
        budget = timeout
    if not budget > 0:
        raise ValueError(f"budget must be a positive number of seconds; got {budget!r}")
    subs = read_submissions(paths)  # every file read before any learner code runs
    all_paths = [s.path for s in subs]
    seeds = np.random.default_rng(seed).integers(2**63, size=len(subs))
    bar = ProgressBar(len(subs), progress_stream) if len(subs) > 1 else None

    def one(k: int) -> tuple[NotebookReport, dict[str, str]]:
        out = grade_submission(subs[k], lesson=lesson, budget=budget, all_paths=all_paths, seed=int(seeds[k]))
        if bar:
            bar.update(subs[k].path.name)
        return out

    with ThreadPoolExecutor(max_workers=max(1, int(jobs))) as pool:
        pairs = list(pool.map(one, range(len(subs))))
    reports = [p[0] for p in pairs]
    _flag_shared(reports, [p[1] for p in pairs])
    return reports


# --------------------------------------------------------------------------- output


def _all_exercises(reports: Sequence[NotebookReport]) -> list[str]:
    return list(dict.fromkeys(ex for r in reports for ex in r.exercises))


def _short_names(ids: Sequence[str]) -> dict[str, str]:
    names = [i.split("/", 1)[1] for i in ids]
    unique = len(set(names)) == len(names)
    return {i: (n if unique else i) for i, n in zip(ids, names, strict=True)}


def format_table(reports: Sequence[NotebookReport]) -> str:
    """Per-notebook, per-exercise table, the failures explained, flags, isolation and scores."""
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
        if r.lesson_from:
            notes.append(f"  {name}: lesson {r.lesson} ({r.lesson_from})")
        if r.status != "ok":
            notes.append(f"  {name}: {r.status}: {r.detail}")
        for i in r.exercises:
            res = r.results.get(i)
            if res is None:
                notes.append(f"  {name}: {i}: missing (no code for it in the submission)")
            elif not res.get("passed"):
                notes.append(f"  {name}: {i}: {res.get('message', '')}")
        notes += [f"  {name}: FLAG {f}" for f in r.flags]
    if notes:
        lines += ["", "Details:", *notes]
    total = sum(r.total for r in reports)
    passed = sum(r.score for r in reports)
    pct = f" ({100 * passed / total:.0f}%)" if total else ""
    lines += ["", f"Isolation: {isolation()[1]}"]
    lines += [f"Score: {passed} of {total} exercise checks passed{pct} over {len(reports)} notebook(s)"]
    return "\n".join(lines)


def _atomic_write(path: str | Path, text: str) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def csv_text(reports: Sequence[NotebookReport]) -> str:
    """One row per notebook: lesson, status, score, total, pass/fail/missing per exercise, flags."""
    ids = _all_exercises(reports)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["notebook", "lesson", "status", "score", "total", *ids, "flags", "sha256", "isolation", "detail"])
    for r in reports:
        writer.writerow(
            [
                r.path,
                r.lesson,
                r.status,
                r.score,
                r.total,
                *[r.outcome(i) if i in r.exercises else "" for i in ids],
                "; ".join(r.flags),
                r.sha256,
                r.isolation,
                r.detail,
            ]
        )
    return buf.getvalue()


def json_text(reports: Sequence[NotebookReport]) -> str:
    """Everything: per notebook the status, score, flags and every check result."""
    data = {
        "isolation": isolation()[1],
        "notebooks": [{**asdict(r), "score": r.score, "total": r.total} for r in reports],
    }
    return json.dumps(data, indent=1)


def write_csv(reports: Sequence[NotebookReport], path: str | Path) -> None:
    """Write :func:`csv_text` atomically (a temporary file renamed over the target)."""
    _atomic_write(path, csv_text(reports))


def write_json(reports: Sequence[NotebookReport], path: str | Path) -> None:
    """Write :func:`json_text` atomically."""
    _atomic_write(path, json_text(reports))
