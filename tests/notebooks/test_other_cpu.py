"""The stored outputs also match when the linear algebra runs on another CPU's code path.

numpy's OpenBLAS picks its kernels for the CPU it finds (here usually Haswell: AVX2 and FMA).
A learner's laptop may take another path, whose sums round differently. ``OPENBLAS_CORETYPE``
forces the kernels of an older CPU on this one: Nehalem has no AVX and no FMA, so every
matrix product and decomposition takes a different code path. nbval re-executes every lesson
that way and must match the stored outputs (issue 8: "passes on another CPU").
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OTHER_CPU = "Nehalem"

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]


def _env() -> dict:
    env = dict(os.environ, OPENBLAS_CORETYPE=OTHER_CPU, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    env.pop("PYTEST_XDIST_WORKER", None)
    return env


def test_openblas_really_takes_the_other_code_path():
    probe = "from threadpoolctl import threadpool_info; print([i.get('architecture') for i in threadpool_info()])"
    out = subprocess.run([sys.executable, "-c", f"import numpy; {probe}"], env=_env(), capture_output=True,
                         text=True, timeout=60, check=True)
    assert OTHER_CPU in out.stdout, out.stdout


def test_every_lesson_matches_its_stored_outputs_with_other_kernels():
    notebooks = sorted(str(p) for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert notebooks
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", "-o", "addopts=",
         "--nbval", "--nbval-current-env", "--nbval-sanitize-with", str(ROOT / "tests" / "nbval_sanitize.cfg"),
         *notebooks],
        cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=580,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
