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
        help="score submitted notebooks: each exercise's code runs in a fresh sandboxed process",
        description=(
            "Grade each notebook on the exercises of its course lesson (--lesson, or matched from the file "
            "name NN_name.ipynb). Each exercise's code runs in a fresh sandboxed process (bubblewrap where it "
            "works) and is compared with the reference in the grader; outputs, prints and the notebook's own "
            "checks count for nothing. Copies of the reference or of another submission are flagged."
        ),
    )
    g.add_argument("notebooks", nargs="+", type=Path, metavar="NOTEBOOK")
    g.add_argument("--lesson", help="grade every notebook on this lesson id (default: matched from the file name)")
    g.add_argument("--csv", type=Path, metavar="PATH", help="write one row per notebook (atomically, at the end)")
    g.add_argument(
        "--json", type=Path, metavar="PATH", help="write every check result as JSON (atomically, at the end)"
    )
    g.add_argument("--jobs", type=int, default=1, metavar="N", help="grade N notebooks in parallel (default 1)")
    g.add_argument(
        "--budget",
        "--timeout",
        dest="budget",
        type=float,
        default=300,
        metavar="S",
        help="wall seconds per notebook, all its exercises together (default 300)",
    )
    g.add_argument("--kernel", default="python3", help=argparse.SUPPRESS)
    g.set_defaults(func=_grade)

    p = subparsers.add_parser("progress", help="show your progress through the exercises")
    p.add_argument("--lesson", help="only this lesson id, e.g. linalg.vectors")
    p.set_defaults(func=_progress)


def _grade(args: argparse.Namespace) -> int:
    from qmlcourse.grading.grader import format_table, grade, write_csv, write_json

    if not args.budget > 0:
        print(f"qmlcourse grade: --budget (--timeout) must be positive; got {args.budget}", file=sys.stderr)
        return 2
    if args.jobs < 1:
        print(f"qmlcourse grade: --jobs must be at least 1; got {args.jobs}", file=sys.stderr)
        return 2
    if args.lesson:
        from qmlcourse.exercises import lessons

        if args.lesson not in lessons():
            print(f"qmlcourse grade: unknown lesson {args.lesson!r}; known: {', '.join(lessons())}", file=sys.stderr)
            return 2
    reports = grade(args.notebooks, lesson=args.lesson, budget=args.budget, jobs=args.jobs)
    print(format_table(reports))
    if args.csv:
        write_csv(reports, args.csv)
    if args.json:
        write_json(reports, args.json)
    return 0


def _progress(args: argparse.Namespace) -> int:
    from qmlcourse.exercises import all_exercises
    from qmlcourse.grading import store as progress
    from qmlcourse.grading.notebooks import course_lesson_order

    path = progress.progress_path()
    print(f"Progress file: {path}")
    known = list(all_exercises())
    print(
        progress.table(
            progress.load(path), known, lesson=args.lesson, show_last=True, lesson_order=course_lesson_order()
        )
    )
    return 0
