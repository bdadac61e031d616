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
    assert "a.b     x         passed       2" in text
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


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    """Two kernels checking at the same moment: every one of their records is kept."""
    import subprocess
    import sys

    path = tmp_path / "p.json"
    code = (
        "import sys\nfrom pathlib import Path\nfrom qmlcourse.grading import store\n"
        "for k in range(60):\n    store.record_check(f'{sys.argv[1]}.l/e{k}', k % 2 == 0, Path(sys.argv[2]))\n"
    )
    procs = [subprocess.Popen([sys.executable, "-c", code, who, str(path)]) for who in ("a", "b")]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    entries = store.load(path)["exercises"]
    assert len(entries) == 120 and all(e["attempts"] == 1 for e in entries.values())
    assert not list(tmp_path.glob(".progress-*"))  # no temporary file left behind


def test_untouched_template_is_not_started_not_failed(tmp_path):
    path = tmp_path / "p.json"
    store.record_check("a.b/x", False, path, not_started=True)
    entry = store.load(path)["exercises"]["a.b/x"]
    assert entry["attempts"] == 0 and entry["last_result"] == "not started" and not entry["passed"]
    assert "x         not started  0" in store.table(store.load(path), ["a.b/x"])
    store.record_check("a.b/x", False, path)
    assert "failed" in store.table(store.load(path), ["a.b/x"])


def test_run_all_on_templates_records_not_started(tmp_path, monkeypatch):
    from qmlcourse.exercises import get
    from qmlcourse.grading import check

    ex = get("intro.exercises/normalize")
    namespace: dict = {}
    exec(ex.template, namespace)
    check(ex.id, namespace[ex.function_name])
    entry = store.load()["exercises"][ex.id]
    assert entry["last_result"] == "not started" and entry["attempts"] == 0


def test_table_lists_lessons_in_course_order():
    from qmlcourse.grading.notebooks import course_lesson_order

    order = course_lesson_order()
    assert order[:3] == ["intro.exercises", "linalg.vectors", "linalg.matrices"]
    text = store.table(
        {"exercises": {}}, ["linalg.vectors/a", "intro.exercises/b", "ml.refresher/c"], lesson_order=order
    )
    lessons = [line.split()[0] for line in text.splitlines()[1:] if line and not line.startswith((" ", "Total"))]
    assert lessons == ["intro.exercises", "linalg.vectors", "ml.refresher"]
