"""Every test here writes progress to a temporary file, never to the user's home."""

import pytest


@pytest.fixture(autouse=True)
def _progress_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("QMLCOURSE_PROGRESS", str(tmp_path / "progress.json"))
    monkeypatch.delenv("QMLCOURSE_GRADING", raising=False)
    monkeypatch.delenv("QMLCOURSE_SANDBOX", raising=False)
