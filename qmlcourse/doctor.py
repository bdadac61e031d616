"""``qmlcourse doctor``: check that this environment can run the course, and say what to fix.

Each check returns a ``Check``: what was looked at, whether it is fine, what was found and,
if not fine, the fix. Required checks decide the exit code; optional ones (Chromium for the
browser tests, npm or the cached MathJax for building the book, bubblewrap for the grader)
are reported but never fail the command. ``.ci/preflight`` checks the same programs before
``make`` starts.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import numpy as np

#: Packages the lessons need, by distribution name.
PACKAGES = ["numpy", "scipy", "matplotlib", "ipywidgets", "jupyterlab", "jupyterlab_widgets", "ipykernel",
            "pennylane", "scikit-learn", "nbformat", "nbclient", "qiskit", "qiskit-machine-learning"]
REPO = Path(__file__).resolve().parents[1]
#: The oldest Python the pinned packages support (pyproject's requires-python; a test keeps them equal).
MIN_PYTHON = (3, 11)
MATHJAX_CACHE = REPO / ".cache" / "book-assets" / "static" / "vendor" / "mathjax"


@dataclass
class Check:
    name: str
    ok: bool
    found: str
    fix: str = ""
    required: bool = True


def check_python(version_info: tuple[int, ...] = tuple(sys.version_info[:3])) -> Check:
    version = ".".join(map(str, version_info[:3]))
    need = ".".join(map(str, MIN_PYTHON))
    return Check("Python", tuple(version_info[:2]) >= MIN_PYTHON, version,
                 f"install Python {need} or newer (the tested numpy, scipy, scikit-learn and PennyLane need it), "
                 f"remove .venv and run `make start PYTHON=python{need}`")


def pinned_versions(path: Path = REPO / "constraints.txt") -> dict[str, str]:
    """``{normalised name: version}`` from a pip constraints file (empty if there is none)."""
    if not path.exists():
        return {}
    pins = {}
    for line in path.read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==", 1)
            pins[_normalise(name)] = version.strip()
    return pins


def _normalise(name: str) -> str:
    return name.strip().lower().replace("_", "-")


def check_packages(pins: dict[str, str] | None = None) -> list[Check]:
    pins = pinned_versions() if pins is None else pins
    checks = []
    for name in PACKAGES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            checks.append(Check(name, False, "not installed", "run `make install` (or `make start`)"))
            continue
        want = pins.get(_normalise(name))
        ok = want is None or want == version
        found = version if ok else f"{version} (tested: {want})"
        checks.append(Check(name, ok, found, "run `make install` to get the tested versions"))
    return checks


def check_kernel() -> Check:
    from jupyter_client.kernelspec import KernelSpecManager

    specs = KernelSpecManager().find_kernel_specs()
    if "python3" not in specs:
        return Check("Jupyter kernel", False, "no python3 kernel",
                     f"run `{sys.executable} -m ipykernel install --sys-prefix`")
    return Check("Jupyter kernel", True, f"python3 at {specs['python3']}")


def check_widget_extension(prefix: str = sys.prefix) -> Check:
    path = Path(prefix) / "share" / "jupyter" / "labextensions" / "@jupyter-widgets" / "jupyterlab-manager"
    return Check("JupyterLab widget extension", path.is_dir(), str(path) if path.is_dir() else "missing",
                 "reinstall jupyterlab_widgets in this environment (`make install`); without it the "
                 "explorers show `VBox(...)` text instead of sliders")


def check_simulator() -> Check:
    from qmlcourse.interop import to_pennylane
    from qmlcourse.sim import Circuit

    c = Circuit(2).h(0).cnot(0, 1).ry(0.3, 1)
    diff = float(np.abs(c.statevector()[0] - np.asarray(to_pennylane(c)(None, None))).max())
    return Check("simulator agrees with PennyLane", diff < 1e-10, f"largest difference {diff:.1e}",
                 "reinstall the tested versions with `make install`")


def check_progress_file() -> Check:
    from qmlcourse.grading.store import progress_path

    path = progress_path()
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    ok = os.access(folder, os.W_OK)
    return Check("progress file", ok, str(path), "set QMLCOURSE_PROGRESS to a path you can write")


def check_chromium() -> Check:
    found = Path("/usr/bin/chromium").exists() or shutil.which("chromium") is not None
    return Check("Chromium (browser tests only)", found, "found" if found else "missing",
                 "apt-get install chromium (needed only by `make test`)", required=False)


def check_book_assets(cache: Path = MATHJAX_CACHE) -> Check:
    cached = cache.is_dir() and any(cache.glob(".mathjax-*"))
    npm = shutil.which("npm")
    found = "MathJax cached in .cache/" if cached else (f"npm at {npm}" if npm else "no npm, no cached MathJax")
    return Check("book build (npm or cached MathJax)", cached or npm is not None, found,
                 "apt-get install npm (needed once by `make book`/`make start` to fetch MathJax)", required=False)


def check_bubblewrap() -> Check:
    found = shutil.which("bwrap")
    return Check("bubblewrap (grader sandbox, optional)", found is not None, found or "missing",
                 "apt-get install bubblewrap (an extra sandbox for learner code in the grader)", required=False)


def check_torch(pins: dict[str, str] | None = None) -> Check:
    """PyTorch, the optional extra behind ``qmlcourse.torch``: reported, never required."""
    pins = pinned_versions() if pins is None else pins
    try:
        version = metadata.version("torch")
    except metadata.PackageNotFoundError:
        return Check("PyTorch (optional extra)", False, "not installed",
                     "pip install 'qmlcourse[torch]' (or `make install EXTRAS=torch`) for qmlcourse.torch",
                     required=False)
    want = pins.get("torch")
    ok = want is None or version.split("+")[0] == want.split("+")[0]
    return Check("PyTorch (optional extra)", ok, version if ok else f"{version} (tested: {want})",
                 "`make install EXTRAS=torch` gets the tested version", required=False)


CHECKS: list[Callable[[], Check | list[Check]]] = [check_python, check_packages, check_kernel,
                                                   check_widget_extension, check_simulator,
                                                   check_progress_file, check_chromium, check_book_assets,
                                                   check_bubblewrap, check_torch]


def run_checks() -> list[Check]:
    """Every check, in order; a check that itself fails is reported as a failed check."""
    results: list[Check] = []
    for fn in CHECKS:
        try:
            out = fn()
        except Exception as exc:  # noqa: BLE001 - a broken environment is what we report
            out = Check(fn.__name__.removeprefix("check_"), False, f"{type(exc).__name__}: {exc}", "run `make install`")
        results.extend(out if isinstance(out, list) else [out])
    return results


def report(results: list[Check]) -> str:
    lines = []
    for c in results:
        mark = "ok " if c.ok else ("FIX" if c.required else "-- ")
        lines.append(f"[{mark}] {c.name}: {c.found}" + ("" if c.ok else f"\n      -> {c.fix}"))
    bad = [c for c in results if c.required and not c.ok]
    lines.append("All set: the course can run here." if not bad else f"{len(bad)} problem(s) to fix (see above).")
    return "\n".join(lines)


def register(subparsers) -> None:
    p = subparsers.add_parser("doctor", help="check this environment and say what to fix")
    p.set_defaults(func=main)


def main(args=None) -> int:
    results = run_checks()
    print(report(results))
    return 0 if all(c.ok for c in results if c.required) else 1
