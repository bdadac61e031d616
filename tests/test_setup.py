"""Setting up works on any learner's machine (issue 8).

* ``make test`` checks what it needs first (.ci/preflight) and, without Chromium and not
  root, stops within 10 s with one message saying what to install.
* ``make -n lab`` prints the same token in the URL and on the server command line.
* ``requires-python`` is at least the newest minimum that a pinned package declares.
* ``make test-fast`` runs what its comment says; ``make test`` lints before pytest.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
PREFLIGHT = ROOT / ".ci" / "preflight"
MAKE = shutil.which("make")

needs_make = pytest.mark.skipif(MAKE is None, reason="make is not installed")


@pytest.fixture
def shared_tmp():
    """A temporary folder that the unprivileged user can read too (pytest's tmp_path is 0700)."""
    with tempfile.TemporaryDirectory(prefix="qmlcourse-preflight-", dir="/tmp") as d:
        path = Path(d)
        path.chmod(0o755)
        yield path


def _as_non_root() -> list[str]:
    """Command prefix that drops root (to nobody) when the tests run as root."""
    if os.getuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot test the non-root path")
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]


def _env_without_chromium(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS"))}
    env["QMLCOURSE_CHROMIUM"] = str(tmp_path / "no-such-chromium")
    env["PATH"] = "/usr/bin:/bin"  # no chromium there under another name either way
    env["HOME"] = str(tmp_path)
    env.pop("QMLCOURSE_PREFLIGHT", None)
    return env


# --- preflight --------------------------------------------------------------------------------


def test_preflight_is_shared_by_make_and_ci():
    makefile = (ROOT / "Makefile").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert ".ci/preflight" in makefile and ".ci/preflight" in ci
    for target in ("test", "book", "lab"):
        rule = re.search(rf"^{target}:(.*)$", makefile, re.MULTILINE)
        assert rule and rule.group(1).split()[0] == f"preflight-{target}", f"make {target} must check first"
    assert os.access(PREFLIGHT, os.X_OK)


@needs_make
def test_make_test_without_chromium_and_not_root_stops_within_10_s(shared_tmp):
    tmp_path = shared_tmp
    # The unprivileged user may not be able to enter the checkout (mktemp -d makes it 0700), so
    # the Makefile and the preflight script it runs first are copied to a folder it can read.
    course = tmp_path / "course"
    (course / ".ci").mkdir(parents=True)
    shutil.copy2(ROOT / "Makefile", course / "Makefile")
    shutil.copy2(PREFLIGHT, course / ".ci" / "preflight")
    cmd = [*_as_non_root(), MAKE, "-C", str(course), "--no-print-directory", "test"]
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=_env_without_chromium(tmp_path), capture_output=True, text=True, timeout=60)
    elapsed = time.perf_counter() - start
    assert proc.returncode != 0
    assert elapsed < 10, f"make test took {elapsed:.1f} s to stop"
    err = proc.stderr
    assert "make test cannot start: this machine lacks" in err, err
    assert f"Chromium at {tmp_path / 'no-such-chromium'}" in err
    assert "sudo apt-get install chromium" in err
    assert err.count("cannot start") == 1, "one message, not one per missing thing"
    assert "pytest" not in proc.stdout and "jupyter-book" not in proc.stdout, "nothing else may run first"


def test_preflight_as_non_root_names_every_missing_thing(shared_tmp):
    tmp_path = shared_tmp
    env = _env_without_chromium(tmp_path)
    env["PYTHON"] = "python3"
    # a book cache that does not exist and no npm on PATH: copy the script next to an empty tree
    fake = tmp_path / "clone"
    (fake / ".ci").mkdir(parents=True)
    shutil.copy2(PREFLIGHT, fake / ".ci" / "preflight")
    bindir = tmp_path / "bin"
    bindir.mkdir()
    for tool in ("python3", "id", "awk", "dirname", "cat"):
        found = shutil.which(tool, path="/usr/bin:/bin") or shutil.which(tool)  # one nobody may run
        if found:
            (bindir / tool).symlink_to(found)
    env["PATH"] = str(bindir)
    proc = subprocess.run([*_as_non_root(), "/bin/bash", str(fake / ".ci" / "preflight"), "test"],
                          env=env, capture_output=True, text=True, timeout=30)
    assert proc.returncode == 1, proc.stderr
    assert "Chromium at" in proc.stderr and "npm (the book build fetches MathJax" in proc.stderr
    assert "sudo apt-get install chromium npm" in proc.stderr
    assert "bubblewrap" in proc.stderr  # a warning only


def test_preflight_as_root_installs_what_is_missing_with_apt_get(tmp_path):
    """A fake `id` says root and a fake `apt-get` "installs" by creating the programs."""
    fake = tmp_path / "clone"
    (fake / ".ci").mkdir(parents=True)
    shutil.copy2(PREFLIGHT, fake / ".ci" / "preflight")
    bindir = tmp_path / "bin"
    bindir.mkdir()
    for tool in ("python3", "awk", "dirname", "cat"):
        (bindir / tool).symlink_to(shutil.which(tool, path="/usr/bin:/bin") or shutil.which(tool))
    chromium = tmp_path / "chromium"
    log = tmp_path / "apt.log"
    (bindir / "id").write_text('#!/bin/sh\necho 0\n')
    (bindir / "apt-get").write_text(f"""#!/bin/sh
echo "$@" >> {log}
case "$*" in *install*)
  for p in "$@"; do
    case "$p" in
      chromium) /bin/echo '#!/bin/sh' > {chromium}; /bin/chmod +x {chromium};;
      npm|bubblewrap) n=$p; [ $p = bubblewrap ] && n=bwrap
        /bin/echo '#!/bin/sh' > {bindir}/$n; /bin/chmod +x {bindir}/$n;;
    esac
  done;;
esac
""")
    for f in ("id", "apt-get"):
        (bindir / f).chmod(0o755)
    env = {"PATH": str(bindir), "HOME": str(tmp_path), "PYTHON": "python3", "QMLCOURSE_CHROMIUM": str(chromium)}
    proc = subprocess.run(["/bin/bash", str(fake / ".ci" / "preflight"), "test"], env=env, capture_output=True,
                          text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    calls = log.read_text().splitlines()
    assert calls[0].startswith("update")
    assert calls[1].split()[-3:] == ["chromium", "npm", "bubblewrap"] and "-y" in calls[1]
    assert "installing chromium npm bubblewrap with apt-get" in proc.stderr


def test_preflight_refuses_old_python(tmp_path):
    fake = tmp_path / "clone"
    (fake / ".ci").mkdir(parents=True)
    shutil.copy2(PREFLIGHT, fake / ".ci" / "preflight")
    old = tmp_path / "python3.10"
    old.write_text("#!/bin/sh\ncase \"$*\" in *version_info*\\<*) exit 1;; *print*) echo 3.10;; esac\nexit 0\n")
    old.chmod(0o755)
    env = {**os.environ, "PYTHON": str(old), "QMLCOURSE_CHROMIUM": sys.executable}
    proc = subprocess.run(["/bin/bash", str(fake / ".ci" / "preflight"), "lab"], env=env, capture_output=True,
                          text=True, timeout=30)
    assert proc.returncode == 1
    assert "Python >= 3.11" in proc.stderr and "is Python 3.10" in proc.stderr, proc.stderr


def test_preflight_passes_when_everything_is_there(tmp_path):
    env = {**os.environ, "QMLCOURSE_CHROMIUM": sys.executable}  # any executable file will do here
    proc = subprocess.run([str(PREFLIGHT), "lab"], env=env, capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr


def test_preflight_rejects_unknown_arguments():
    proc = subprocess.run([str(PREFLIGHT), "everything"], capture_output=True, text=True, timeout=30)
    assert proc.returncode == 2 and "unknown argument" in proc.stderr


# --- Makefile ---------------------------------------------------------------------------------


@needs_make
def test_make_n_lab_uses_one_token_in_url_and_server():
    out = subprocess.run([MAKE, "-C", str(ROOT), "--no-print-directory", "-n", "lab"], capture_output=True,
                         text=True, timeout=60, env={**os.environ, "QMLCOURSE_PREFLIGHT": "skip"}).stdout
    url_tokens = re.findall(r"/lab/tree/notebooks\?token=([0-9a-f]+)", out)
    server_tokens = re.findall(r"--IdentityProvider\.token=([0-9a-f]+)", out)
    assert len(url_tokens) == 1 and len(server_tokens) == 1, out
    assert url_tokens == server_tokens
    assert len(url_tokens[0]) == 32
    assert "--LabApp.news_url=None" in out and "--ServerApp.port_retries=0" in out


def test_news_pop_up_is_disabled_in_the_venv_lab_config():
    makefile = (ROOT / "Makefile").read_text()
    assert "labextension disable --level=sys_prefix @jupyterlab/apputils-extension:announcements" in makefile
    rule = re.search(r"^install:(.*)$", makefile, re.MULTILINE)
    assert rule and "$(LABCONFIG)" in rule.group(1)


@needs_make
def test_make_test_lints_first_and_test_fast_skips_slow_parts():
    out = subprocess.run([MAKE, "-C", str(ROOT), "--no-print-directory", "-n", "test", "test-fast"],
                         capture_output=True, text=True, timeout=60,
                         env={**os.environ, "QMLCOURSE_PREFLIGHT": "skip"}).stdout
    lines = out.splitlines()
    ruff = next(i for i, line in enumerate(lines) if "ruff check" in line)
    mypy = next(i for i, line in enumerate(lines) if "mypy qmlcourse/sim" in line)
    pytest_lines = [i for i, line in enumerate(lines) if "-m pytest" in line]
    assert ruff < pytest_lines[0] and mypy < pytest_lines[0]
    full, fast = pytest_lines[0], pytest_lines[-1]
    assert "--nbval" in lines[full] + lines[full + 1] and "qmlcourse" in out
    fast_cmd = " ".join(lines[fast:fast + 2])
    assert '-m "not browser and not slow"' in fast_cmd
    for folder in ("tests/book", "tests/browser", "tests/notebooks"):
        assert f"--ignore={folder}" in fast_cmd
    assert "--nbval" not in fast_cmd


# --- Python version -------------------------------------------------------------------------


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            pins[name.strip()] = version.strip()
    return pins


def _minimum(spec: SpecifierSet) -> Version | None:
    """The lowest Python 3.x minor version (as 3.N) that ``spec`` admits, or None if any."""
    for minor in range(0, 30):
        if Version(f"3.{minor}.99") in spec or Version(f"3.{minor}") in spec:
            return Version(f"3.{minor}")
    return None


def test_requires_python_is_the_newest_minimum_of_the_pinned_packages():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    ours = _minimum(SpecifierSet(project["requires-python"]))
    needed, by = Version("3.0"), []
    checked = 0
    for name, version in _pins().items():
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # pinned for another platform or extra; nothing installed to read
        if dist.version != version:
            continue
        checked += 1
        declared = dist.metadata.get("Requires-Python")
        if not declared:
            continue
        minimum = _minimum(SpecifierSet(declared))
        if minimum and minimum > needed:
            needed, by = minimum, [name]
        elif minimum == needed:
            by.append(name)
    assert checked > 50, "the pinned packages are not installed: run make install"
    assert ours == needed, f"requires-python admits {ours}, but {', '.join(by)} need Python >= {needed}"
    assert ours == Version("3.11")


def test_python_version_is_said_the_same_everywhere():
    # (qmlcourse doctor's MIN_PYTHON is compared with requires-python in tests/test_doctor.py)
    for path in ("README.md", "book/setup.md", "book/welcome.md", "Makefile"):
        text = (ROOT / path).read_text()
        assert "3.10" not in text, f"{path} still mentions Python 3.10"
        assert "3.11" in text, f"{path} does not say Python 3.11"


# --- doctests ---------------------------------------------------------------------------------


def test_pytest_collects_the_package_doctests():
    """`pytest` (and `make test`) runs every docstring example of qmlcourse: no hand-kept list."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert "qmlcourse" in config["testpaths"] and "--doctest-modules" in config["addopts"]
    assert "qmlcourse" in re.search(r"^test:.*?\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(), re.M).group(1)


@pytest.mark.parametrize("name", ["qmlcourse.sim", "qmlcourse.sim.state", "qmlcourse.sim.gates", "qmlcourse.sim.apply",
                                  "qmlcourse.sim.params", "qmlcourse.sim.measure", "qmlcourse.sim.circuit",
                                  "qmlcourse.interop", "qmlcourse.display"])
def test_core_modules_keep_their_examples(name):
    """The simulator's modules document themselves with runnable examples (collected by pytest)."""
    import doctest
    import importlib

    tests = doctest.DocTestFinder().find(importlib.import_module(name))
    assert sum(len(t.examples) for t in tests) > 0, f"{name} has no >>> examples"
