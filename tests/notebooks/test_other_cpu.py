"""The stored outputs also match when the linear algebra runs on another CPU's code path.

numpy's OpenBLAS picks its kernels for the CPU it finds (here usually Haswell: AVX2 and FMA).
A learner's laptop may take another path, whose sums round differently. ``OPENBLAS_CORETYPE``
forces the kernels of an older CPU on this one: Nehalem has no AVX and no FMA, so every
matrix product and decomposition takes a different code path. tests/conftest.py starts every
nbval kernel that way, so the nbval run of the lessons (``make test``) is the check that they
match the stored outputs on another CPU (issue 8); these tests show the switch really happens.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import OTHER_CPU, nbval_kernel_env

PROBE = "from threadpoolctl import threadpool_info; print([i.get('architecture') for i in threadpool_info()])"


def test_openblas_really_takes_the_other_code_path():
    out = subprocess.run([sys.executable, "-c", f"import numpy; {PROBE}"], env=nbval_kernel_env(),
                         capture_output=True, text=True, timeout=60, check=True)
    assert OTHER_CPU in out.stdout, out.stdout


def test_nbvals_kernels_run_on_the_other_cpu():
    nbk = pytest.importorskip("nbval.kernel")
    assert getattr(nbk.start_new_kernel, "_qmlcourse_other_cpu", False), "conftest did not patch nbval"
    kernel = nbk.RunningKernel(nbk.CURRENT_ENV_KERNEL_NAME)
    try:
        msg_id = kernel.execute_cell_input(f"import numpy\n{PROBE}", allow_stdin=False)
        kernel.await_reply(msg_id, timeout=60)
        printed = ""
        while True:
            msg = kernel.get_message(stream="iopub", timeout=30)
            if msg["msg_type"] == "stream":
                printed += msg["content"]["text"]
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
    finally:
        kernel.stop()
    assert OTHER_CPU in printed, printed
