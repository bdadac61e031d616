"""Shared by every test: progress goes to a temporary file, never to the learner's home.

(One file instead of identical copies in tests/grading, tests/exercises and tests/notebooks;
tests/book and tests/widgets keep their own conftest.py for their own fixtures.)
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest


def pytest_configure(config):
    # Module- and session-scoped fixtures (the solved-notebook runs) start kernels before the
    # per-test fixture below applies: give them a throw-away progress file too.
    if not os.environ.get("QMLCOURSE_PROGRESS", "").strip():
        path = Path(tempfile.gettempdir()) / f"qmlcourse-test-progress-{os.getpid()}.json"
        os.environ["QMLCOURSE_PROGRESS"] = str(path)
        config._qmlcourse_progress = path
    # Figures in doctests and tests never need a display (a desktop session would pick a GUI backend).
    os.environ.setdefault("MPLBACKEND", "Agg")
    _nbval_kernels_on_another_cpu()


#: nbval re-executes every lesson with OpenBLAS forced onto the kernels of an older CPU
#: (Nehalem: no AVX, no FMA), so every matrix product and decomposition takes another code
#: path than the one the stored outputs were made with, and must still match them (issue 8:
#: "passes on another CPU"). One execution checks both the outputs and the other CPU.
OTHER_CPU = "Nehalem"


def nbval_kernel_env() -> dict[str, str]:
    """The environment of nbval's kernels: this one with OpenBLAS on ``OTHER_CPU``'s kernels."""
    return dict(os.environ, OPENBLAS_CORETYPE=OTHER_CPU)


def _nbval_kernels_on_another_cpu() -> None:
    try:
        import nbval.kernel as nbk
    except ImportError:  # nbval is a test dependency; without it there is nothing to patch
        return
    if getattr(nbk.start_new_kernel, "_qmlcourse_other_cpu", False):
        return
    original = nbk.start_new_kernel

    def start_new_kernel(*args, **kwargs):
        kwargs.setdefault("env", nbval_kernel_env())
        return original(*args, **kwargs)

    start_new_kernel._qmlcourse_other_cpu = True
    nbk.start_new_kernel = start_new_kernel


def pytest_unconfigure(config):
    path = getattr(config, "_qmlcourse_progress", None)
    if path is not None:
        path.unlink(missing_ok=True)
        os.environ.pop("QMLCOURSE_PROGRESS", None)


@pytest.fixture(autouse=True)
def _progress_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("QMLCOURSE_PROGRESS", str(tmp_path / "progress.json"))
    monkeypatch.delenv("QMLCOURSE_GRADING", raising=False)
    monkeypatch.delenv("QMLCOURSE_SANDBOX", raising=False)


@pytest.fixture(autouse=True, scope="module")
def _stop_playwright_after_its_module():
    """Close the shared Chromium and Playwright when a module that used them ends.

    A started sync Playwright marks an asyncio loop as running in this process, so any later
    test of the same pytest worker that calls ``asyncio.run`` (the training dashboard's) fails
    with "cannot be called from a running event loop"; which tests share a worker changes
    from run to run.
    """
    yield
    import sys

    pw = sys.modules.get("tests.browser.pw")
    if pw is not None:
        pw._stop()
