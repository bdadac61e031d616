"""The progress file (qmlcourse.grading.store)."""

from pathlib import Path

from qmlcourse.grading import store


def test_default_path_is_under_home(monkeypatch):
    monkeypatch.delenv("QMLCOURSE_PROGRESS")
    assert store.progress_path() == Path.home() / ".qmlcourse" / "progress.json"


def test_record_and_table(tmp_path):
    path = tmp_path / "p.json"
    store.record_check("a.b/x", False, path, when="2025-01-01T00:00:00Z")
    store.record_check("a.b/x", True, path, when="2025-01-02T00:00:00Z")
    store.record_help("c.d/y", hint_level=2, path=path)
    data = store.load(path)
    assert data["exercises"]["a.b/x"]["first_passed"] == "2025-01-02T00:00:00Z"
    text = store.table(data, ["a.b/x", "a.b/z", "c.d/y"], show_last=True)
    assert "a.b     x         passed     2" in text
    assert "1 of 2 passed" in text and "0 of 1 passed" in text
    assert "Total: 1 of 3 exercises passed (33%), 2 lessons" in text
    assert "Last check: 2025-01-02T00:00:00Z" in text
    assert "c.d" not in store.table(data, ["a.b/x", "c.d/y"], lesson="a.b")


def test_corrupt_file_reads_as_empty(tmp_path):
    path = tmp_path / "p.json"
    path.write_text("{not json")
    assert store.load(path)["exercises"] == {}
    store.record_check("a.b/x", True, path)
    assert store.load(path)["exercises"]["a.b/x"]["passed"]
