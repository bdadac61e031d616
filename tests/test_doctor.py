"""`qmlcourse doctor` reports each check and says what to fix."""

from pathlib import Path

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
