"""The `qmlcourse` command line: grade, progress, bench, doctor.

Each subcommand lives beside the code it drives and registers itself here through a
``register(subparsers)`` function, so this module stays a thin dispatcher.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every subcommand registered."""
    from qmlcourse import bench, doctor
    from qmlcourse.grading import commands as grading_commands

    parser = argparse.ArgumentParser(prog="qmlcourse", description="Quantum machine learning course tools.")
    sub = parser.add_subparsers(dest="command", required=True)
    grading_commands.register(sub)
    bench.register(sub)
    doctor.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
