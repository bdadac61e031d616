"""One headless Chromium (Debian's /usr/bin/chromium through Playwright's sync API) shared
by every browser test of a pytest process. Playwright's sync API refuses to start a second
instance while one is running in the same thread, so the book tests and the JupyterLab tests
must share this one instead of each starting their own. Also one home for starting a
JupyterLab server for the lab tests (``jupyterlab``)."""
from __future__ import annotations

import atexit
import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
_state: dict = {}


def require_chromium() -> None:
    """Fail (never skip) the calling test when Debian's Chromium is missing."""
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: the browser tests need Debian's Chromium "
                    "(apt-get install chromium; .ci/run installs it).")


def chromium():
    """The shared Browser, launched on first use and closed when the process exits."""
    if "browser" not in _state:
        require_chromium()
        from playwright.sync_api import sync_playwright

        _state["pw"] = sync_playwright().start()
        _state["browser"] = _state["pw"].chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                                         args=CHROMIUM_ARGS)
        atexit.register(_stop)
    return _state["browser"]


def _stop() -> None:
    browser, pw = _state.pop("browser", None), _state.pop("pw", None)
    try:
        if browser is not None:
            browser.close()
    finally:
        if pw is not None:
            pw.stop()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def jupyterlab(root: Path, **env: str):
    """JupyterLab serving ``root`` on a free local port, its config, runtime, settings and
    workspaces inside ``root`` (``env`` adds or overrides variables, for instance
    ``JUPYTERLAB_SETTINGS_DIR``); yields ``(base_url, token)`` once ``/api/status`` answers
    and stops the server when the block ends."""
    port, token = free_port(), secrets.token_hex(16)
    full_env = dict(os.environ, JUPYTER_CONFIG_DIR=str(root / ".config"),
                    JUPYTER_RUNTIME_DIR=str(root / ".runtime"), JUPYTERLAB_SETTINGS_DIR=str(root / ".settings"),
                    JUPYTERLAB_WORKSPACES_DIR=str(root / ".workspaces"),
                    MPLBACKEND="module://matplotlib_inline.backend_inline")
    full_env.update(env)
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
           "--ServerApp.port_retries=0", "--LabApp.news_url=None"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log_path = root / "lab.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, cwd=root, env=full_env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                if proc.poll() is not None:
                    pytest.fail(f"JupyterLab exited with {proc.returncode}:\n{log_path.read_text()[-3000:]}")
                try:
                    with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as r:
                        if r.status == 200:
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not start in 60 s:\n{log_path.read_text()[-3000:]}")
                time.sleep(0.3)
            yield base, token
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
