"""One headless Chromium (Debian's /usr/bin/chromium through Playwright's sync API) shared
by every browser test of a pytest process. Playwright's sync API refuses to start a second
instance while one is running in the same thread, so the book tests and the JupyterLab tests
must share this one instead of each starting their own."""
from __future__ import annotations

import atexit
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
_state: dict = {}


def chromium():
    """The shared Browser, launched on first use and closed when the process exits."""
    if "browser" not in _state:
        if not CHROMIUM.is_file():
            pytest.fail(f"{CHROMIUM} is missing: the browser tests need Debian's Chromium "
                        "(apt-get install chromium; .ci/run installs it).")
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
