"""Test-only browser assets fetched once from the npm registry (like the book's MathJax):
axe-core, the accessibility rules engine. Cached under .cache/test-assets/ (gitignored);
injected into pages from the local file, so no test loads anything from the network."""
from __future__ import annotations

import importlib.util
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "test-assets"
AXE_VERSION = "4.14.1"


def _qmlbook():
    spec = importlib.util.spec_from_file_location("qmlbook", ROOT / "book" / "_ext" / "qmlbook.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def axe_script() -> Path:
    """Path of axe.min.js (axe-core AXE_VERSION), fetched and integrity-checked on first use."""
    out = CACHE / f"axe-core-{AXE_VERSION}" / "axe.min.js"
    if out.is_file():
        return out
    tarball = _qmlbook()._npm_pack("axe-core", AXE_VERSION, CACHE / "npm")
    with tarfile.open(tarball) as tf:
        member = tf.getmember("package/axe.min.js")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(tf.extractfile(member).read())
    return out


if __name__ == "__main__":
    print(axe_script())
