"""Shared helpers for the explorer tests: timing an update robustly on a busy machine."""
from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import matplotlib
import pytest

matplotlib.use("Agg")

LIMIT = 0.2  # seconds: an explorer update must feel instant


def time_update(update: Callable[[int], None], repeats: int = 5) -> tuple[float, float]:
    """Run ``update(i)`` ``repeats`` times; return (best wall time, median CPU time) in s.

    The best wall time is what the learner sees on an idle machine; the CPU time is the
    work done, which does not grow when other test workers share the cores.
    """
    walls, cpus = [], []
    for i in range(repeats):
        w, c = time.perf_counter(), time.process_time()
        update(i)
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return min(walls), statistics.median(cpus)


@pytest.fixture
def timed():
    return time_update
