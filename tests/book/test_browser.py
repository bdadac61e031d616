"""The built book in a real browser (Playwright + Debian's /usr/bin/chromium, headless).

Every page: HTTP 200, no request leaving 127.0.0.1, no console errors, maths typeset,
images loaded. Plus: search works, previous/next navigation reaches every page, and
screenshots of the home page and a lesson land in _build/screenshots/.
"""
from __future__ import annotations

import re
from urllib.parse import urljoin, urlparse

import pytest

from .conftest import ROOT, toc_files

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "_build" / "screenshots"

# Console messages known to be harmless, as (substring, why). Keep this list short and
# explained; anything else logged as an error fails the test.
KNOWN_HARMLESS_CONSOLE = [
    ("favicon.ico", "no favicon is configured; the browser's automatic request 404s"),
]


def _pages(built_html) -> list[str]:
    """Every HTML page of the site, as a path relative to the root."""
    pages = []
    for path in sorted(built_html.rglob("*.html")):
        rel = path.relative_to(built_html)
        if rel.parts[0] in ("_static", "_sources", "_images"):
            continue
        if rel.as_posix() == "index.html":  # a redirect to the root page; see test_next_links
            continue
        pages.append(rel.as_posix())
    return pages


@pytest.fixture(scope="module")
def context(browser, book_server):
    """A browser context that blocks and records every request leaving 127.0.0.1."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.external_requests = []

    def block(route):
        ctx.external_requests.append(route.request.url)
        route.abort()

    # Only URLs outside http://127.0.0.1 are routed to Python (a regex is matched inside the
    # browser driver, so local requests are not slowed down by a round trip each).
    ctx.route(re.compile(r"^(?!http://127\.0\.0\.1[:/]|data:|blob:|about:)"), block)
    yield ctx
    ctx.close()


def _open(context, url):
    page = context.new_page()
    errors = []

    def on_console(msg):
        if msg.type == "error" and not any(k in msg.text for k, _ in KNOWN_HARMLESS_CONSOLE):
            errors.append(f"console: {msg.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
    page.on("requestfailed", lambda req: errors.append(f"request failed: {req.url}")
            if urlparse(req.url).hostname == "127.0.0.1" and not req.url.endswith("favicon.ico")
            else None)
    response = page.goto(url, wait_until="load")
    return page, response, errors


def test_every_page_loads_offline_without_errors(context, book_server, built_html):
    problems = []
    math_pages = 0
    for rel in _pages(built_html):
        page, response, errors = _open(context, f"{book_server}/{rel}")
        try:
            if response is None or response.status != 200:
                problems.append(f"{rel}: HTTP {response.status if response else 'no response'}")
            if page.evaluate("() => document.querySelectorAll('.math').length") > 0:
                math_pages += 1
                # Wait for MathJax to finish typesetting (its startup promise), then inspect.
                typeset = page.evaluate(
                    "async () => { if (!window.MathJax || !MathJax.startup) return -1;"
                    " await MathJax.startup.promise;"
                    " return document.querySelectorAll('mjx-container').length; }")
                if typeset <= 0:
                    problems.append(f"{rel}: maths not typeset (MathJax missing or no mjx-container)")
                text = page.inner_text("body")
                if "$$" in text:
                    problems.append(f"{rel}: raw $$ visible in the text")
                if page.query_selector("mjx-merror"):
                    problems.append(f"{rel}: MathJax reports a TeX error")
            broken = page.evaluate(
                "() => Array.from(document.images)"
                ".filter(img => !(img.complete && img.naturalWidth > 0))"
                ".map(img => img.getAttribute('src'))")
            problems += [f"{rel}: image did not load: {src}" for src in broken]
            problems += [f"{rel}: {e}" for e in errors]
        finally:
            page.close()
    assert math_pages >= 3, "expected maths on several pages (notation, FAQ, glossary, ...)"
    assert not context.external_requests, (
        "requests left 127.0.0.1 (blocked):\n" + "\n".join(sorted(set(context.external_requests))))
    assert not problems, "\n".join(problems)


def test_search_finds_qubit(context, book_server):
    page, response, errors = _open(context, f"{book_server}/search.html?q=qubit")
    try:
        assert response.status == 200
        # Sphinx lists the results one by one (5 ms apart) and writes its summary line last:
        # read them only once the summary says the search has finished.
        page.wait_for_function(
            "() => { const s = document.querySelector('#search-results p.search-summary');"
            " return s !== null && s.innerText.length > 0; }",
            timeout=15000,
        )
        summary = page.inner_text("#search-results p.search-summary")
        assert summary.startswith("Search finished"), summary
        results = page.query_selector_all("#search-results ul.search li")
        assert results, "search for 'qubit' found nothing"
        titles = " ".join(r.inner_text() for r in results)
        assert "Glossary" in titles or "Notation" in titles, titles
        assert not errors, errors
    finally:
        page.close()


def _walk(page, book_server, selector, limit):
    """Follow the theme's next/previous link until there is none; return the paths seen."""
    seen = [urlparse(page.url).path]
    for _ in range(limit):
        link = page.query_selector(selector)
        if link is None:
            break
        page.goto(f"{book_server}{urljoin(urlparse(page.url).path, link.get_attribute('href'))}",
                  wait_until="domcontentloaded")
        seen.append(urlparse(page.url).path)
    return seen


def test_next_links_walk_through_every_page_and_back(context, book_server):
    expected = [f"/{f}.html" for f in toc_files()]
    page, _, _ = _open(context, f"{book_server}/index.html")
    try:
        page.wait_for_url("**/" + expected[0].lstrip("/"))
        seen = _walk(page, book_server, "a.right-next", len(expected) + 5)
        assert seen == expected, f"'next' order differs from _toc.yml:\n{seen}\n{expected}"
        back = _walk(page, book_server, "a.left-prev", len(expected) + 5)
        assert back == expected[::-1], f"'previous' does not walk back through every page: {back}"
    finally:
        page.close()


def test_screenshots_of_home_and_a_lesson(context, book_server):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    lessons = [f for f in toc_files() if f.startswith("notebooks/")]
    targets = {"home": f"{toc_files()[0]}.html"}  # index.html only redirects here
    targets["lesson"] = f"{lessons[0]}.html" if lessons else "book/what_is_qml.html"
    for name, rel in targets.items():
        page, response, _ = _open(context, f"{book_server}/{rel}")
        try:
            assert response.status == 200
            page.evaluate("async () => { if (window.MathJax && MathJax.startup)"
                          " await MathJax.startup.promise; }")
            out = SCREENSHOTS / f"{name}.png"
            page.screenshot(path=str(out), full_page=True)
            assert out.stat().st_size > 10_000
        finally:
            page.close()


def test_search_from_disk_shows_snippets_without_errors(browser, built_html):
    """Opened as file:// (no server), search lists hits with a snippet each and logs no error.

    The browser forbids the page fetches Sphinx makes for snippets from file://; the book
    answers them from _static/qml_search_pages.js (book/_ext/qmlbook.py).
    """
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    outside = []

    def block(route):
        outside.append(route.request.url)
        route.abort()

    ctx.route(re.compile(r"^(?!file:|data:|blob:|about:)"), block)
    page = ctx.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto((built_html / "search.html").as_uri() + "?q=qubit", wait_until="load")
        page.wait_for_selector("#search-results ul.search li p.context", timeout=20000)
        # the search is finished when its status line appears; snippets then arrive one by one
        page.wait_for_function(
            "() => { const hits = document.querySelectorAll('#search-results ul.search li');"
            " return document.querySelector('#search-results p.search-summary') !== null && hits.length > 0"
            " && [...hits].every(h => h.querySelector('p.context')); }", timeout=20000)
        hits = page.query_selector_all("#search-results ul.search li")
        with_snippet = [h for h in hits if h.query_selector("p.context")]
        assert len(hits) >= 3, f"only {len(hits)} hits for 'qubit'"
        assert len(with_snippet) == len(hits), f"{len(hits) - len(with_snippet)} of {len(hits)} hits have no snippet"
        assert any("qubit" in h.inner_text().lower() for h in with_snippet)
        assert not errors, errors
        assert not outside, outside
    finally:
        ctx.close()
