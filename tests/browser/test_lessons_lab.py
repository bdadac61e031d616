"""The lessons as learners read them: JupyterLab 4 in headless Chromium (Debian's
/usr/bin/chromium through Playwright), offline.

- Every lesson notebook opened in JupyterLab shows no raw MyST markup in its rendered
  markdown ({term}, {cite...}, {doc}, ```{...}, :::, (label)=): the plain-Markdown rules hold
  where learners actually work.
- Feedback boxes (a failed and a passed check, a hint, a solution, the progress table, a
  concept question) have WCAG AA contrast (4.5:1, computed colours) in the JupyterLab Light
  and JupyterLab Dark themes, both as stored in lesson 00 (an untrusted notebook, whose HTML
  JupyterLab sanitises) and freshly produced by a kernel.
Screenshots land in _build/screenshots/lab-*.png. JupyterLab runs on 127.0.0.1 from a
temporary copy of notebooks/ and book/ (so the lessons' relative links resolve and no file of
the checkout is touched); every request elsewhere is blocked and fails the test.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlparse

import nbformat
import pytest

from tests.book import a11y
from tests.browser.pw import chromium, jupyterlab, require_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "_build" / "screenshots"
LESSONS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9]*.ipynb"))
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
THEMES = {"light": "JupyterLab Light", "dark": "JupyterLab Dark"}
RAW_MARKUP = [
    (re.compile(r"\{(term|cite(:[a-z]+)?|doc|ref|numref|eq|math|glossary|bibliography)\}"), "MyST role/directive name"),
    (re.compile(r"```\{"), "MyST directive fence"),
    (re.compile(r"^\s*:::", re.M), "colon fence"),
    (re.compile(r"^\s*\([\w.:-]+\)=\s*$", re.M), "label target"),
]
FEEDBACK_CELLS = [
    "from qmlcourse.exercises import load_fresh\n"
    "from qmlcourse.grading import check, hint, progress\n"
    "ex = load_fresh('intro.exercises/normalize')",
    "def normalize(v):\n    raise NotImplementedError\ncheck('intro.exercises/normalize', normalize)",
    "check('intro.exercises/normalize', ex.reference)",
    "hint('intro.exercises/normalize')",
    "progress()",
    "from qmlcourse.grading import ask, answer\nask('intro.exercises/global_phase')",
    "answer('intro.exercises/global_phase', '?')",
]


def raw_markup_in(text: str) -> list[str]:
    """Raw MyST markup visible in rendered text.

    >>> raw_markup_in("a {term}`qubit` and ::: note")
    ['MyST role/directive name: {term}']
    >>> raw_markup_in("a qubit, see the notation page")
    []
    """
    return [f"{what}: {m.group(0).strip()}" for pattern, what in RAW_MARKUP for m in pattern.finditer(text)]


def _write_settings(settings: Path, theme: str) -> None:
    (settings / "@jupyterlab" / "apputils-extension").mkdir(parents=True, exist_ok=True)
    (settings / "@jupyterlab" / "apputils-extension" / "themes.jupyterlab-settings").write_text(
        json.dumps({"theme": THEMES[theme]}))
    (settings / "@jupyterlab" / "notebook-extension").mkdir(parents=True, exist_ok=True)
    # Render every cell (no virtual scrolling), shut the kernel down when a notebook closes.
    (settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings").write_text(
        json.dumps({"windowingMode": "none", "kernelShutdown": True}))


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on a copy of notebooks/ and book/; yields (base_url, token, settings_dir)."""
    require_chromium()
    root = tmp_path_factory.mktemp("lessons")
    shutil.copytree(ROOT / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copytree(ROOT / "book", root / "book", ignore=shutil.ignore_patterns("_ext", "_static"))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in FEEDBACK_CELLS])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, root / "feedback.ipynb")
    settings = root / ".settings"
    _write_settings(settings, "light")
    with jupyterlab(root, JUPYTERLAB_SETTINGS_DIR=str(settings),
                    QMLCOURSE_PROGRESS=str(root / "progress.json")) as server:
        yield server + (settings,)


@pytest.fixture(scope="module")
def browser_context(lab):
    outside: list[str] = []

    def guard(route):
        url = route.request.url
        if urlparse(url).hostname == "127.0.0.1" or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context = chromium().new_context(viewport={"width": 1280, "height": 1000})
    context.route("**/*", guard)
    context.outside = outside
    try:
        yield context
    finally:
        context.close()


def _open_notebook(context, lab, path: str):
    base, token, _ = lab
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    pg.goto(f"{base}/lab/tree/{path}?reset&token={token}")  # reset: no restored tabs
    pg.wait_for_selector(f"{PANEL} .jp-Cell")
    return pg


def _wait_markdown_rendered(pg, n_markdown: int) -> None:
    pg.wait_for_function(
        "n => document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownCell"
        " .jp-RenderedMarkdown').length >= n", arg=n_markdown, timeout=60_000)


def test_raw_markup_checker_catches_roles():
    assert raw_markup_in("see {cite:t}`nielsen2010quantum`") and raw_markup_in("```{note}")
    assert raw_markup_in("(sec-intro)=\n# Intro") and not raw_markup_in("(a, b) = (1, 2)")


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_shows_no_raw_markup_in_jupyterlab(browser_context, lab, lesson):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    nb = nbformat.read(ROOT / "notebooks" / lesson, as_version=4)
    n_markdown = sum(c.cell_type == "markdown" for c in nb.cells)
    pg = _open_notebook(browser_context, lab, f"notebooks/{lesson}")
    try:
        _wait_markdown_rendered(pg, n_markdown)
        texts = pg.eval_on_selector_all(
            ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownCell .jp-RenderedMarkdown",
            "els => els.map(e => e.textContent)")
        pg.screenshot(path=str(SCREENSHOTS / f"lab-{lesson.removesuffix('.ipynb')}.png"))
    finally:
        pg.close()
    assert len(texts) == n_markdown, (len(texts), n_markdown)
    problems = [f"markdown cell {i}: {p}" for i, t in enumerate(texts) for p in raw_markup_in(t)]
    assert not problems, f"{lesson} shows raw markup in JupyterLab:\n" + "\n".join(problems)
    assert browser_context.outside == [], f"requests left 127.0.0.1: {browser_context.outside}"


@pytest.mark.parametrize("theme", list(THEMES))
def test_feedback_contrast_in_jupyterlab_themes(browser_context, lab, theme):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    _write_settings(lab[2], theme)
    samples = []
    # 1. stored outputs of lesson 00 (untrusted: sanitised HTML)
    pg = _open_notebook(browser_context, lab, "notebooks/00_how_exercises_work.ipynb")
    try:
        pg.wait_for_function(f"() => document.body.dataset.jpThemeName === {THEMES[theme]!r}")
        pg.wait_for_selector(a11y.FEEDBACK_SELECTOR)
        stored = pg.evaluate(a11y.CONTRAST_JS, a11y.FEEDBACK_SELECTOR)
        samples += [dict(s, where="stored lesson 00") for s in stored]
        pg.locator(a11y.FEEDBACK_SELECTOR).first.screenshot(path=str(SCREENSHOTS / f"lab-feedback-stored-{theme}.png"))
    finally:
        pg.close()
    # 2. fresh outputs from a kernel (trusted HTML)
    pg = _open_notebook(browser_context, lab, "feedback.ipynb")
    try:
        pg.locator(".jp-StatusBar-Widget", has_text="| Idle").first.wait_for(timeout=120_000)
        pg.locator(f"{PANEL} .jp-Cell").nth(0).locator(".cm-content").click()
        for _ in FEEDBACK_CELLS:
            pg.keyboard.press("Shift+Enter")
        pg.wait_for_function(
            "([sel, n]) => document.querySelectorAll(sel).length >= n",
            arg=[a11y.FEEDBACK_SELECTOR, len(FEEDBACK_CELLS) - 1], timeout=120_000)
        fresh = pg.evaluate(a11y.CONTRAST_JS, a11y.FEEDBACK_SELECTOR)
        samples += [dict(s, where="fresh") for s in fresh]
        pg.screenshot(path=str(SCREENSHOTS / f"lab-feedback-fresh-{theme}.png"), full_page=True)
        kinds = {s["box"].split(" #")[0] for s in fresh}
    finally:
        pg.close()
    (SCREENSHOTS / f"lab-contrast-{theme}.json").write_text(json.dumps(
        {"samples": len(samples), "worst_stored": min(stored, key=lambda s: s["ratio"]) if stored else None,
         "worst_fresh": min(fresh, key=lambda s: s["ratio"]) if fresh else None,
         "below_4.5": a11y.low_contrast(samples)[:40]}, indent=1))
    assert stored and fresh, (len(stored), len(fresh))
    assert any("qmlcourse-fail" in k for k in kinds) and any("qmlcourse-pass" in k for k in kinds), kinds
    assert any("qmlcourse-note" in k for k in kinds), kinds
    assert any("qmlcourse-concept-question" in k for k in kinds), kinds
    low = a11y.low_contrast(samples)
    assert not low, f"{len(low)} of {len(samples)} text samples below 4.5:1 in {THEMES[theme]}:\n" + "\n".join(
        f"{s['where']}: {s['tag']} {s['text']!r} {s['fg']} on {s['bg']}: {s['ratio']}" for s in low[:30])
    assert browser_context.outside == [], f"requests left 127.0.0.1: {browser_context.outside}"
