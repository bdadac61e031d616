"""Test-only browser assets: axe-core, the accessibility rules engine. book/_ext/qmlbook.py
fetches it from the npm registry with the book's own assets (`make book`, or
`python book/_ext/qmlbook.py`) into .cache/test-assets/ (gitignored); the tests inject it
from that file, so no test touches the network."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _qmlbook():
    spec = importlib.util.spec_from_file_location("qmlbook", ROOT / "book" / "_ext" / "qmlbook.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def axe_script() -> Path:
    """Path of the cached axe.min.js; fails (no download at test time) when it is missing."""
    path = _qmlbook().cached_asset("axe-core")
    if not path.is_file():
        pytest.fail(f"{path} is missing: `make book` (or `python book/_ext/qmlbook.py`) fetches it once "
                    "from the npm registry; the tests never download anything.")
    return path
