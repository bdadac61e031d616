"""`qmlcourse doctor` reports each check and says what to fix."""

import tomllib
from pathlib import Path

from packaging.specifiers import SpecifierSet

from qmlcourse import doctor
from qmlcourse.cli import main


def test_doctor_passes_in_the_course_environment(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("QMLCOURSE_PROGRESS", str(tmp_path / "p.json"))
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    for name in ["Python", "numpy", "pennylane", "Jupyter kernel", "JupyterLab widget extension",
                 "simulator agrees with PennyLane", "progress file", "All set"]:
        assert name in out


def test_missing_widget_extension_is_reported_with_its_fix(tmp_path):
    check = doctor.check_widget_extension(prefix=str(tmp_path))
    assert not check.ok and "VBox" in check.fix


def test_version_mismatch_and_missing_package_are_reported(tmp_path):
    pins = tmp_path / "constraints.txt"
    pins.write_text("numpy==0.0.1\n")
    checks = {c.name: c for c in doctor.check_packages(doctor.pinned_versions(Path(pins)))}
    assert not checks["numpy"].ok and "tested: 0.0.1" in checks["numpy"].found
    assert checks["scipy"].ok  # not pinned in this file: any installed version is fine


def test_a_failing_check_fails_the_command(monkeypatch, capsys):
    monkeypatch.setattr(doctor, "CHECKS", [lambda: doctor.Check("thing", False, "broken", "do this")])
    assert doctor.main() == 1
    out = capsys.readouterr().out
    assert "[FIX] thing: broken" in out and "-> do this" in out and "1 problem(s)" in out


def test_an_exception_inside_a_check_becomes_a_report(monkeypatch, capsys):
    def check_boom():
        raise RuntimeError("kaputt")

    monkeypatch.setattr(doctor, "CHECKS", [check_boom])
    assert doctor.main() == 1
    assert "boom: RuntimeError: kaputt" in capsys.readouterr().out


def test_python_below_the_minimum_is_a_required_fix():
    old = doctor.check_python((3, 10, 14))
    assert not old.ok and old.required and "3.10.14" in old.found and "Python 3.11 or newer" in old.fix
    assert doctor.check_python((3, 11, 0)).ok and doctor.check_python((3, 13, 1)).ok


def test_minimum_python_is_pyprojects_requires_python():
    spec = SpecifierSet(tomllib.loads((doctor.REPO / "pyproject.toml").read_text())["project"]["requires-python"])
    major, minor = doctor.MIN_PYTHON
    assert f"{major}.{minor}.0" in spec and f"{major}.{minor - 1}.99" not in spec


def test_book_assets_and_bubblewrap_are_optional_and_say_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(doctor.shutil, "which", lambda name: None)
    book = doctor.check_book_assets(cache=tmp_path / "none")
    assert not book.ok and not book.required and "npm" in book.fix
    (tmp_path / "mj").mkdir()
    (tmp_path / "mj" / ".mathjax-3.2.2").touch()
    assert doctor.check_book_assets(cache=tmp_path / "mj").ok
    bwrap = doctor.check_bubblewrap()
    assert not bwrap.ok and not bwrap.required and "bubblewrap" in bwrap.fix


def test_torch_is_optional_and_says_how_to_install(monkeypatch):
    def missing(name):
        if name == "torch":
            raise doctor.metadata.PackageNotFoundError(name)
        return "1.0"

    monkeypatch.setattr(doctor.metadata, "version", missing)
    check = doctor.check_torch(pins={"torch": "2.14.1"})
    assert not check.ok and not check.required and "qmlcourse[torch]" in check.fix
    monkeypatch.setattr(doctor.metadata, "version", lambda name: "2.14.1+cu130")
    assert doctor.check_torch(pins={"torch": "2.14.1"}).ok  # a local build tag is the same release
    monkeypatch.setattr(doctor.metadata, "version", lambda name: "2.9.0")
    check = doctor.check_torch(pins={"torch": "2.14.1"})
    assert not check.ok and "tested: 2.14.1" in check.found
