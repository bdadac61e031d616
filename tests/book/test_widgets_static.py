"""Widget outputs in the static book: a PNG snapshot plus a how-to-run-live line, never a
blank widget box or a `VBox(...)` text repr. Builds a tiny throw-away Sphinx project with
myst-nb and book/_ext/qmlbook.py (a few seconds)."""
from __future__ import annotations

import base64
import io
import struct
import zlib

import nbformat
import pytest

from .conftest import ROOT

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _png(width=4, height=3) -> str:
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    png = (b"\x89PNG\r\n\x1a\n"
           + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return base64.b64encode(png).decode()


@pytest.fixture(scope="module")
def built_page(tmp_path_factory):
    from sphinx.application import Sphinx

    src = tmp_path_factory.mktemp("widgets_src")
    out = tmp_path_factory.mktemp("widgets_out")
    view = {"model_id": "abc123", "version_major": 2, "version_minor": 0}
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Widgets"),
        nbformat.v4.new_code_cell("explorer", outputs=[nbformat.v4.new_output(
            "display_data",
            data={WIDGET_VIEW: view, "image/png": _png(),
                  "text/plain": "BlochExplorer(theta=0.0, phi=0.0)"})]),
        nbformat.v4.new_code_cell("ipywidgets.IntSlider()", outputs=[nbformat.v4.new_output(
            "display_data",
            data={WIDGET_VIEW: view, "text/plain": "VBox(children=(IntSlider(value=0),))"})]),
    ])
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {
        "state": {"abc123": {"model_name": "IntSliderModel", "model_module": "@jupyter-widgets/controls",
                             "model_module_version": "2.0.0", "state": {}}},
        "version_major": 2, "version_minor": 0}}
    nbformat.write(nb, src / "index.ipynb")
    (src / "conf.py").write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT / 'book' / '_ext')!r})\n"
        "extensions = ['myst_nb', 'qmlbook']\n"
        "nb_execution_mode = 'off'\n"
        "nb_ipywidgets_js = {}\n"
        "mathjax_path = 'vendor/mathjax/tex-chtml.js'\n"
    )
    app = Sphinx(str(src), str(src), str(out), str(out / ".doctrees"), "html",
                 status=io.StringIO(), warning=io.StringIO(), freshenv=True)
    app.build()
    return (out / "index.html").read_text(encoding="utf-8")


def test_widget_with_snapshot_shows_picture_and_live_note(built_page):
    assert "<img" in built_page and "data:image/png" not in built_page.split("<img")[0]
    assert built_page.count('class="qml-widget-note"') == 2
    assert built_page.count("This is a snapshot of an interactive explorer") == 1
    assert "Snapshot of the interactive explorer" in built_page  # alt text
    assert "the static book cannot run it" in built_page  # the output without a PNG


def test_no_widget_view_or_text_repr_reaches_the_page(built_page):
    assert WIDGET_VIEW not in built_page.replace('"widget-state', "")
    assert "VBox(" not in built_page
    assert "BlochExplorer(" not in built_page


def test_no_widget_manager_or_requirejs(built_page):
    for needle in ("require.min.js", "embed-amd.js", "html-manager", "cdn.jsdelivr"):
        assert needle not in built_page, needle
