"""Lesson markdown reads the same in JupyterLab and in the book (static: no browser, no build).

For every lesson notebook: no MyST role, directive, colon fence, label target, comment,
substitution or definition-list line (JupyterLab shows them raw); every relative link points
at an existing file and every ``#anchor`` at a heading slug of that file, computed the way
myst-parser does with ``myst_heading_anchors: 3`` (tests/book/test_anchors_built.py checks
the computation against the built HTML); no ``|`` splitting a table cell; every figure output
has alt text in ``metadata.mystnb.image.alt`` that says what it shows. The book pages are
checked for broken relative links and anchors too, and the glossary for raw markup, since
learners open it in JupyterLab as well.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from . import mdrules

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
BOOK_PAGES = sorted((ROOT / "book").glob("*.md"))


def test_there_are_lessons():
    assert len(LESSONS) >= 9, [p.name for p in LESSONS]


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_markdown_renders_in_jupyterlab_and_book(path):
    problems = mdrules.notebook_problems(path)
    assert not problems, f"{path.name}: {len(problems)} problem(s):\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("path", BOOK_PAGES, ids=lambda p: p.name)
def test_book_page_links_resolve(path):
    text = path.read_text(encoding="utf-8")
    problems = mdrules.broken_links(text, path, mdrules.heading_slugs(path))
    assert not problems, f"{path.name}:\n  " + "\n  ".join(problems)


def test_glossary_is_plain_markdown_with_one_heading_per_term():
    path = ROOT / "book" / "glossary.md"
    text = path.read_text(encoding="utf-8")
    assert mdrules.raw_markup(text) == []
    assert "{glossary}" not in text and "{term}" not in text
    terms = [line[4:] for line in text.splitlines() if line.startswith("### ")]
    assert len(terms) >= 70, terms
    slugs = mdrules.heading_slugs(path)
    for term, slug in [("Bloch sphere", "bloch-sphere"), ("Kernel-target alignment", "kernel-target-alignment"),
                       ("Variational quantum circuit (VQC)", "variational-quantum-circuit-vqc"),
                       ("Qubit", "qubit"), ("Parameter-shift rule", "parameter-shift-rule")]:
        assert term in terms and slug in slugs, (term, slug)
    assert len(set(t.lower() for t in terms)) == len(terms), "a term is defined twice"


# ---------------------------------------------------------------- the checkers catch things
BAD_MARKDOWN = [
    ("A {term}`qubit`.", "MyST role {term}"),
    ("As {cite:t}`nielsen2010quantum` show.", "MyST role"),
    ("See {doc}`/book/notation`.", "MyST role"),
    ("```{note}\nCareful.\n```", "directive"),
    (":::{tip}\nx\n:::", "colon fence"),
    ("(my-label)=\n# Title", "label target"),
    ("% a comment\ntext", "comment"),
    ("Value {{ n_qubits }}.", "substitution"),
    ("Term\n: its definition", "definition-list"),
    ("$$ x = 1 $$ (eq-one)", "equation label"),
    ("Code `y\\_pred` here.", "escaped underscore"),
    ("Maths $y\\_{pred}$ here.", "escaped underscore"),
    ("The ratio $|\text{gradient}|$ falls.", "control character"),
    ("A $\beta$ in maths.", "control character"),
]
GOOD_MARKDOWN = [
    "A [qubit](../book/glossary.md#qubit), [Nielsen and Chuang (2010)](../book/references.md).",
    "> **Note.** Careful: $\\{0, 1\\}^n$ and `{term}` written as code.",
    "```python\n{'a': 1}\n% not a comment\n```",
    "The set $\\{x : x > 0\\}$ and $\\langle a|b\\rangle$ outside tables.",
    "| state | amplitude |\n|---|---|\n| ⟨0, ψ⟩ | 1 |",
]


@pytest.mark.parametrize("text,kind", BAD_MARKDOWN)
def test_raw_markup_is_caught(text, kind):
    problems = mdrules.raw_markup(text)
    assert problems and any(kind in p for p in problems), problems


@pytest.mark.parametrize("text", GOOD_MARKDOWN)
def test_plain_markdown_passes(text):
    assert mdrules.raw_markup(text) + mdrules.table_pipes(text) == []


@pytest.mark.parametrize("row", ["| $\\langle a|b\\rangle$ | 1 |", "| $\\langle a\\|b\\rangle$ | 1 |",
                                 "| `x | y` | 1 |"])
def test_pipe_inside_a_table_cell_is_caught(row):
    assert mdrules.table_pipes("| a | b |\n|:--|--:|\n" + row)


def test_links_and_anchors_are_resolved(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "book" / "glossary.md").write_text("# Glossary\n## B\n### Bloch sphere\n\ntext\n")
    here = tmp_path / "notebooks" / "01_x.ipynb"
    own = {"intro"}
    assert mdrules.broken_links("[a](../book/glossary.md#bloch-sphere) [b](#intro) "
                                "[c](https://example.org/#x)", here, own) == []
    problems = mdrules.broken_links("[a](../book/glossary.md#bloch) [b](../book/nope.md) "
                                    "[c](#missing)", here, own)
    assert len(problems) == 3, problems
    assert "similar: bloch-sphere" in problems[0]


def test_figure_outputs_need_a_real_alt_text():
    image = {"output_type": "display_data", "data": {"image/png": "iVBOR", "text/plain": "<Figure>"}}
    cell = {"cell_type": "code", "metadata": {}, "outputs": [image], "source": ""}
    assert mdrules.image_alt_problems(cell)
    cell["metadata"] = {"mystnb": {"image": {"alt": "_images/01_complex_vectors_3_0.png"}}}
    assert mdrules.image_alt_problems(cell)
    cell["metadata"] = {"mystnb": {"image": {"alt": "figure"}}}
    assert mdrules.image_alt_problems(cell)
    cell["metadata"] = {"mystnb": {"image": {"alt": "Two arrows in the complex plane: z and its "
                                                    "conjugate mirrored in the real axis"}}}
    assert mdrules.image_alt_problems(cell) == []
    text_only = {"cell_type": "code", "metadata": {}, "source": "",
                 "outputs": [{"output_type": "stream", "name": "stdout", "text": "1"}]}
    assert mdrules.image_alt_problems(text_only) == []


LIVE_NOTE = "Run the next cell"


def _explorer_cells_without_note(path: Path) -> list[int]:
    import nbformat

    cells = nbformat.read(path, as_version=4).cells
    missing = []
    for i, cell in enumerate(cells):
        if cell.cell_type == "code" and "from qmlcourse.widgets" in cell.source:
            before = cells[i - 1] if i > 0 else None
            if before is None or before.cell_type != "markdown" or LIVE_NOTE not in before.source:
                missing.append(i)
    return missing


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_every_explorer_says_that_running_its_cell_makes_it_live(path):
    """A stored explorer output is a still picture in JupyterLab until its cell runs: the
    markdown cell right above says so ("Run the next cell ...")."""
    missing = _explorer_cells_without_note(path)
    assert not missing, f"{path.name}: explorer cells {missing} have no '{LIVE_NOTE}' note in the cell above"
