"""The table of contents lists every lesson notebook and only files that exist."""
from __future__ import annotations

from .conftest import ROOT, toc_files


def test_every_lesson_notebook_is_in_the_toc():
    listed = set(toc_files())
    lessons = sorted(p.relative_to(ROOT).with_suffix("").as_posix()
                     for p in (ROOT / "notebooks").glob("*.ipynb"))
    missing = [nb for nb in lessons if nb not in listed]
    assert not missing, (
        "notebooks missing from _toc.yml (add them under their part, without .ipynb): "
        + ", ".join(missing)
    )


def test_toc_entries_exist_and_are_unique():
    files = toc_files()
    assert len(files) == len(set(files)), "a page is listed twice in _toc.yml"
    absent = [f for f in files
              if not any((ROOT / f"{f}{ext}").is_file() for ext in (".md", ".ipynb"))]
    assert not absent, f"_toc.yml lists files that do not exist: {absent}"


def test_lessons_are_in_reading_order():
    lessons = [f for f in toc_files() if f.startswith("notebooks/")]
    assert lessons == sorted(lessons), (
        "lesson notebooks should appear in _toc.yml in the order of their NN_ prefix"
    )


def test_template_is_not_a_lesson():
    assert (ROOT / "notebooks" / "_template" / "TEMPLATE.ipynb").is_file()
    assert not any("_template" in f for f in toc_files())
