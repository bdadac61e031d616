"""Command-line subcommands of grading: ``qmlcourse grade`` and ``qmlcourse progress``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    """Add ``grade`` and ``progress`` to the ``qmlcourse`` command line."""
    g = subparsers.add_parser(
        "grade",
        help="execute submitted notebooks in fresh kernels and score their exercises",
        description="Execute each notebook in a fresh kernel (stored outputs are ignored) and report every check.",
    )
    g.add_argument("notebooks", nargs="+", type=Path, metavar="NOTEBOOK")
    g.add_argument("--csv", type=Path, metavar="PATH", help="write one row per notebook")
    g.add_argument("--json", type=Path, metavar="PATH", help="write every check result as JSON")
    g.add_argument("--timeout", type=float, default=120, metavar="S", help="seconds allowed per cell (default 120)")
    g.add_argument("--kernel", default="python3", help="Jupyter kernel name (default python3)")
    g.set_defaults(func=_grade)

    p = subparsers.add_parser("progress", help="show your progress through the exercises")
    p.add_argument("--lesson", help="only this lesson id, e.g. linalg.vectors")
    p.set_defaults(func=_progress)


def _grade(args: argparse.Namespace) -> int:
    from qmlcourse.grading.grader import format_table, grade, write_csv, write_json

    if args.timeout <= 0:
        print(f"qmlcourse grade: --timeout must be positive; got {args.timeout}", file=sys.stderr)
        return 2
    reports = grade(args.notebooks, timeout=args.timeout, kernel_name=args.kernel)
    print(format_table(reports))
    if args.csv:
        write_csv(reports, args.csv)
    if args.json:
        write_json(reports, args.json)
    return 0


def _progress(args: argparse.Namespace) -> int:
    from qmlcourse.exercises import all_exercises
    from qmlcourse.grading import store as progress

    path = progress.progress_path()
    print(f"Progress file: {path}")
    print(progress.table(progress.load(path), list(all_exercises()), lesson=args.lesson, show_last=True))
    return 0
