"""The explorers live in JupyterLab: a real browser runs a notebook cell, gets the widget
(not its ``VBox(...)`` text), moves a slider or clicks a gate, and sees the picture change.

Starts JupyterLab on 127.0.0.1 (free port, random token) in a temporary folder holding a
notebook made of the lessons' own explorer cells (lesson 6's Bloch explorer, lesson 7's
circuit explorer, taken verbatim from the stored notebooks), and drives Debian's
/usr/bin/chromium headless through Playwright. Every request the page makes
to anything but 127.0.0.1 is blocked and fails the test.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import nbformat
import pytest

from tests.browser.pw import chromium, jupyterlab, require_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(180)]

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def lesson_cell(notebook: str, marker: str) -> str:
    """The source of the first code cell of a lesson that contains ``marker``."""
    nb = nbformat.read(NOTEBOOKS / notebook, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and marker in cell.source:
            return cell.source
    raise AssertionError(f"{notebook} has no code cell with {marker!r}")


CELLS = [
    lesson_cell("06_qubits_and_bloch_sphere.ipynb", "BlochExplorer("),
    lesson_cell("07_gates_and_circuits.ipynb", "CircuitExplorer("),
    lesson_cell("12_training_a_classifier.ipynb", "TrainingDashboard("),
    lesson_cell("10_data_encoding.ipynb", "EncodingExplorer("),
    lesson_cell("15_quantum_svm.ipynb", "KernelExplorer("),
    lesson_cell("19_qnn_barren_plateaus.ipynb", "PlateauExplorer("),
]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server in a temp folder with explorers.ipynb; yields (base_url, token)."""
    require_chromium()
    root = tmp_path_factory.mktemp("lab")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, root / "explorers.ipynb")
    with jupyterlab(root) as server:
        yield server


@pytest.fixture(scope="module")
def page(lab):
    """The explorers notebook open in headless Chromium; yields (page, outside_requests)."""
    base, token = lab
    outside: list[str] = []

    def guard(route):
        url = route.request.url
        if urlparse(url).hostname in ("127.0.0.1",) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context = chromium().new_context(viewport={"width": 1400, "height": 1000})
    try:
        context.route("**/*", guard)
        pg = context.new_page()
        pg.set_default_timeout(45_000)
        pg.goto(f"{base}/lab/tree/explorers.ipynb?token={token}")
        pg.wait_for_selector(".jp-NotebookPanel .jp-Cell .cm-content")
        # a cell run before the kernel is up is dropped: wait for "Python 3 (ipykernel) | Idle"
        pg.locator(".jp-StatusBar-Widget", has_text="| Idle").first.wait_for(timeout=90_000)
        yield pg, outside
    finally:
        context.close()


def _img_src(pg, selector: str) -> str:
    return pg.locator(selector).first.get_attribute("src") or ""


def _wait_src_change(pg, selector: str, old: str, what: str) -> str:
    try:
        pg.wait_for_function(
            "([sel, old]) => { const i = document.querySelector(sel); return i && i.src && i.src !== old; }",
            arg=[selector, old], timeout=20_000)
    except Exception as exc:  # playwright's TimeoutError
        raise AssertionError(f"the picture did not change after {what}") from exc
    return _img_src(pg, selector)


def _assert_not_upscaled(pg, selector: str) -> None:
    """Every picture of the explorer is shown at most at its pixel size (never blurry).

    A picture whose ``src`` just changed is still decoding (``naturalWidth`` 0), so wait until
    every picture has loaded before measuring.
    """
    pg.wait_for_function(
        "sel => { const a = [...document.querySelectorAll(sel)];"
        " return a.length > 0 && a.every(i => i.complete && i.naturalWidth > 0); }",
        arg=selector, timeout=20_000)
    sizes = pg.eval_on_selector_all(selector, "els => els.map(i => [i.getBoundingClientRect().width, i.naturalWidth])")
    assert sizes and all(shown <= natural + 1 for shown, natural in sizes), f"pictures upscaled: {sizes}"


def test_bloch_explorer_renders_and_redraws(page):
    pg, outside = page
    pg.locator(".jp-Cell").nth(0).locator(".cm-content").click()
    pg.keyboard.press("Shift+Enter")
    box = pg.wait_for_selector(".qml-bloch-explorer .widget-slider", timeout=60_000)
    assert box is not None
    output = pg.locator(".jp-Cell").nth(0).locator(".jp-OutputArea").inner_text()
    assert "VBox(" not in output and "BlochExplorer(" not in output  # the live widget, not text
    img = ".qml-bloch-explorer img"
    pg.wait_for_function("sel => { const i = document.querySelector(sel); return i && i.naturalWidth > 100; }",
                         arg=img)
    first = _img_src(pg, img)
    handle = pg.locator(".qml-bloch-explorer .widget-slider .noUi-handle").first  # theta
    handle.focus()
    for _ in range(5):
        pg.keyboard.press("ArrowRight")
    second = _wait_src_change(pg, img, first, "moving the theta slider")
    pg.locator(".qml-bloch-explorer").get_by_role("button", name="H", exact=True).click()
    _wait_src_change(pg, img, second, "clicking H")
    assert "Bloch vector" in pg.locator(".qml-bloch-explorer").inner_text()
    _assert_not_upscaled(pg, ".qml-bloch-explorer img")
    assert outside == [], f"requests left 127.0.0.1: {outside}"


def test_circuit_explorer_renders_and_redraws(page):
    pg, outside = page
    pg.locator(".jp-Cell").nth(1).locator(".cm-content").click()
    pg.keyboard.press("Shift+Enter")
    pg.wait_for_selector(".qml-circuit-explorer .widget-slider", timeout=60_000)
    output = pg.locator(".jp-Cell").nth(1).locator(".jp-OutputArea").inner_text()
    assert "VBox(" not in output and "CircuitExplorer(" not in output
    img = ".qml-circuit-explorer img"  # the first image is the circuit drawing
    pg.wait_for_function("sel => { const i = document.querySelector(sel); return i && i.naturalWidth > 100; }",
                         arg=img)
    first = _img_src(pg, img)
    explorer = pg.locator(".qml-circuit-explorer")
    explorer.get_by_role("button", name="H", exact=True).click()
    second = _wait_src_change(pg, img, first, "clicking H")
    pg.wait_for_function(
        "() => (document.querySelector('.qml-circuit-explorer textarea') || {}).value?.includes('circuit.h(0)')")
    explorer.get_by_role("button", name="RX", exact=True).click()
    third = _wait_src_change(pg, img, second, "clicking RX")
    angle = explorer.locator(".widget-slider .noUi-handle").nth(1)  # qubits, then angle
    angle.focus()
    for _ in range(10):
        pg.keyboard.press("ArrowRight")
    _wait_src_change(pg, img, third, "moving the angle slider")
    _assert_not_upscaled(pg, ".qml-circuit-explorer img")
    assert outside == [], f"requests left 127.0.0.1: {outside}"


def _epoch(pg) -> int:
    import re

    text = pg.locator(".qml-training-dashboard").inner_text()
    m = re.search(r"epoch\s+(\d+)", text)
    assert m, f"no epoch in the dashboard's text: {text[:300]!r}"
    return int(m.group(1))


def test_training_dashboard_trains_live_and_pauses(page):
    """Train runs in the background (the kernel keeps answering: Pause is handled mid-run),
    the loss picture changes while it trains, and after Pause the epoch count stays put."""
    pg, outside = page
    pg.locator(".jp-Cell").nth(2).locator(".cm-content").click()
    pg.keyboard.press("Shift+Enter")
    pg.wait_for_selector(".qml-training-dashboard .widget-button", timeout=90_000)
    img = ".qml-training-dashboard img"
    pg.wait_for_function("sel => { const i = document.querySelector(sel); return i && i.naturalWidth > 100; }",
                         arg=img)
    first, start_epoch = _img_src(pg, img), _epoch(pg)
    dashboard = pg.locator(".qml-training-dashboard")
    epochs = dashboard.locator(".widget-text", has_text="epochs").locator("input")
    epochs.fill("5000")  # far more than the test waits for: only Pause can stop it
    epochs.press("Enter")
    dashboard.get_by_role("button", name="Train", exact=True).click()
    _wait_src_change(pg, img, first, "clicking Train")
    pg.wait_for_function(
        "n => { const m = document.querySelector('.qml-training-dashboard').innerText.match(/epoch\\s+(\\d+)/);"
        " return m && Number(m[1]) >= n; }", arg=start_epoch + 3, timeout=30_000)
    dashboard.get_by_role("button", name="Pause", exact=True).click()  # handled while training runs
    pg.wait_for_timeout(1500)  # let the epoch in progress finish and its picture arrive
    paused = _epoch(pg)
    pg.wait_for_timeout(1500)
    assert _epoch(pg) == paused, "training went on after Pause"
    assert start_epoch + 3 <= paused < 5000, paused
    _assert_not_upscaled(pg, img)
    assert outside == [], f"requests left 127.0.0.1: {outside}"


def _all_srcs(pg, selector: str) -> str:
    return pg.eval_on_selector_all(selector, "els => els.map(i => i.src).join(' ')")


def _wait_any_src_change(pg, selector: str, old: str, what: str) -> str:
    """Like _wait_src_change, for the pictures of an explorer together (one of them may stay)."""
    try:
        pg.wait_for_function(
            "([sel, old]) => [...document.querySelectorAll(sel)].map(i => i.src).join(' ') !== old",
            arg=[selector, old], timeout=20_000)
    except Exception as exc:  # playwright's TimeoutError
        raise AssertionError(f"no picture changed after {what}") from exc
    return _all_srcs(pg, selector)


def _drive_explorer(pg, cell: int, box: str, min_images: int, slider: int, key: str, presses: int, what: str,
                    select: int, choice: str) -> None:
    """Run the shared notebook's cell ``cell`` (an explorer in ``.{box}``), wait for its pictures,
    then require them to change after ``presses`` of ``key`` on slider handle ``slider`` and
    again after choosing another option of select ``select``."""
    pg.locator(".jp-Cell").nth(cell).locator(".cm-content").click()
    pg.keyboard.press("Shift+Enter")
    pg.wait_for_selector(f".{box} .widget-slider", timeout=90_000)
    img = f".{box} img"
    pg.wait_for_function("([sel, k]) => { const a = [...document.querySelectorAll(sel)];"
                         " return a.length >= k && a.every(i => i.naturalWidth > 100); }", arg=[img, min_images])
    first = _all_srcs(pg, img)
    handle = pg.locator(f".{box} .widget-slider .noUi-handle").nth(slider)
    handle.focus()
    for _ in range(presses):
        pg.keyboard.press(key)
    second = _wait_any_src_change(pg, img, first, f"moving the {what} slider")
    menu = pg.locator(f".{box} select").nth(select)
    current = menu.locator("option:checked").inner_text()
    other = next(o for o in menu.locator("option").all_inner_texts() if o != current)
    menu.select_option(label=other)
    _wait_any_src_change(pg, img, second, f"choosing the {choice} {other!r}")
    _assert_not_upscaled(pg, img)


def test_encoding_explorer_redraws_for_a_new_point_and_encoding(page):
    pg, outside = page
    _drive_explorer(pg, 3, "qml-encoding-explorer", 2, slider=0, key="ArrowRight", presses=5, what="x0",
                    select=0, choice="encoding")
    assert outside == [], f"requests left 127.0.0.1: {outside}"


def test_kernel_explorer_redraws_for_a_new_bandwidth_and_data_set(page):
    pg, outside = page
    # sliders: qubits, then bandwidth; selects: feature map, then data set
    _drive_explorer(pg, 4, "qml-kernel-explorer", 1, slider=1, key="ArrowLeft", presses=4, what="bandwidth",
                    select=1, choice="data set")
    assert "accuracy" in pg.locator(".qml-kernel-explorer").inner_text()
    assert outside == [], f"requests left 127.0.0.1: {outside}"


def test_plateau_explorer_redraws_for_new_layers_and_cost(page):
    """Lesson 19's explorer cell (verbatim from the stored lesson) shows the live widget in the
    shared notebook's kernel, and moving the layers slider or choosing another cost changes the
    picture."""
    pg, outside = page
    # sliders: layers, qubits (2), inits; selects: start, cost, depth
    _drive_explorer(pg, 5, "qml-plateau-explorer", 1, slider=0, key="ArrowRight", presses=2, what="layers",
                    select=1, choice="cost")
    text = pg.locator(".qml-plateau-explorer").inner_text()
    assert "rate" in text and "2-design" in text, text[:300]
    described = pg.locator(".qml-plateau-explorer details")
    described.locator("summary").click()
    assert "log axis" in described.inner_text()  # the picture described in words
    assert outside == [], f"requests left 127.0.0.1: {outside}"
