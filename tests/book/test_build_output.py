"""Static checks of the built book (_build/html): offline, complete, no stray assets."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlparse

from .conftest import ROOT, toc_files


class _Assets(HTMLParser):
    """Collect every URL the page would *load* (not plain <a> links)."""

    def __init__(self):
        super().__init__()
        self.loads: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed") and a.get("src"):
            self.loads.append((tag, a["src"]))
        if tag == "link" and a.get("href") and a.get("rel") != "canonical":
            self.loads.append((tag, a["href"]))
        if tag == "object" and a.get("data"):
            self.loads.append((tag, a["data"]))
        for key in ("srcset",):
            if a.get(key):
                self.loads.append((tag, a[key]))


def _is_external(url: str) -> bool:
    parsed = urlparse(url)
    return bool(parsed.scheme and parsed.scheme not in ("data", "file") or parsed.netloc
                or url.startswith("//"))


def test_no_page_loads_anything_from_another_host(built_html):
    offenders = []
    for page in built_html.rglob("*.html"):
        if "_static" in page.parts or "_sources" in page.parts:
            continue
        parser = _Assets()
        parser.feed(page.read_text(encoding="utf-8"))
        offenders += [f"{page.relative_to(built_html)}: <{tag}> {url}"
                      for tag, url in parser.loads if _is_external(url)]
    assert not offenders, "external resources in the built book:\n" + "\n".join(offenders)


def test_no_cdn_urls_in_scripts_or_styles(built_html):
    """Inline scripts and our CSS must not name CDNs either (they could load lazily)."""
    cdn = re.compile(r"https?://(cdn\.|unpkg\.com|cdnjs\.|fonts\.googleapis|fonts\.gstatic"
                     r"|ajax\.googleapis|code\.jquery)")
    hits = []
    for page in built_html.rglob("*.html"):
        if "_static" in page.parts:
            continue
        for m in cdn.finditer(page.read_text(encoding="utf-8")):
            hits.append(f"{page.relative_to(built_html)}: {m.group(0)}")
    for css in (built_html / "_static").glob("*.css"):
        for m in cdn.finditer(css.read_text(encoding="utf-8", errors="replace")):
            hits.append(f"_static/{css.name}: {m.group(0)}")
    assert not hits, "\n".join(hits)


def test_mathjax_is_served_locally(built_html):
    mj = built_html / "_static" / "vendor" / "mathjax"
    assert (mj / "tex-chtml.js").is_file()
    assert (mj / "input" / "tex" / "extensions" / "braket.js").is_file()
    assert list((mj / "output" / "chtml" / "fonts" / "woff-v2").glob("*.woff"))
    page = (built_html / "book" / "notation.html").read_text(encoding="utf-8")
    assert "_static/vendor/mathjax/tex-chtml.js" in page


def test_every_toc_page_was_built(built_html):
    missing = [f for f in toc_files() if not (built_html / f"{f}.html").is_file()]
    assert not missing, f"pages in _toc.yml without HTML (rebuild with make book): {missing}"


def test_no_top_level_static_folder_and_no_vendored_code_in_git():
    assert not (ROOT / "_static").exists(), (
        "a top-level _static/ makes Jupyter Book inject every JS/CSS file in it into every page"
    )
    import subprocess

    tracked = subprocess.run(["git", "ls-files", "book", ".cache"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout.split()
    vendored = [t for t in tracked if "mathjax" in t.lower() or t.startswith(".cache/")]
    assert not vendored, f"third-party files are committed: {vendored}"


def test_welcome_page_names_the_two_commands(built_html):
    import html

    raw = (built_html / "book" / "welcome.html").read_text(encoding="utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", "", raw))
    for needle in ("make start", "make test", "qmlcourse progress",
                   "from qmlcourse.grading import check, hint, solution"):
        assert needle in text, needle
