"""The built book in a real browser (Playwright + Debian's /usr/bin/chromium, headless).

Every page: HTTP 200, no request leaving 127.0.0.1, no console errors, maths typeset,
images loaded. Plus: search works, previous/next navigation reaches every page, and
screenshots of the home page and a lesson land in _build/screenshots/.
"""
from __future__ import annotations

from urllib.parse import urlparse

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
        pages.append(rel.as_posix())
    return pages


@pytest.fixture(scope="module")
def context(browser, book_server):
    """A browser context that blocks and records every request leaving 127.0.0.1."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.external_requests = []

    def guard(route):
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            ctx.external_requests.append(route.request.url)
            route.abort()

    ctx.route("**/*", guard)
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
            html = (built_html / rel).read_text(encoding="utf-8")
            if 'class="math' in html:
                math_pages += 1
                try:
                    page.wait_for_selector("mjx-container", timeout=15000)
                    page.wait_for_function(
                        "() => !window.MathJax || !MathJax.startup || !MathJax.startup.promise"
                        " || MathJax.startup.promise.then(() => true)", timeout=15000)
                except Exception:
                    problems.append(f"{rel}: maths not typeset (no mjx-container)")
                text = page.inner_text("main") if page.query_selector("main") else page.inner_text("body")
                if "$$" in text:
                    problems.append(f"{rel}: raw $$ visible in the text")
                if page.query_selector("mjx-merror") or page.query_selector("mjx-container [data-mjx-error]"):
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
        page.wait_for_selector("#search-results ul.search li", timeout=15000)
        results = page.query_selector_all("#search-results ul.search li")
        assert results, "search for 'qubit' found nothing"
        titles = " ".join(r.inner_text() for r in results)
        assert "Glossary" in titles or "Notation" in titles, titles
        assert not errors, errors
    finally:
        page.close()


def test_next_links_walk_through_every_page_and_back(context, book_server):
    expected = [f"/{f}.html" for f in toc_files()]
    page, _, _ = _open(context, f"{book_server}/index.html")
    try:
        page.wait_for_url("**/book/welcome.html")
        seen = [urlparse(page.url).path]
        for _ in range(len(expected) + 5):
            nxt = page.query_selector("a.right-next")
            if nxt is None:
                break
            nxt.click()
            page.wait_for_load_state("load")
            seen.append(urlparse(page.url).path)
        assert seen == expected, f"'next' order differs from _toc.yml:\n{seen}\n{expected}"
        back = [seen[-1]]
        for _ in range(len(expected) + 5):
            prev = page.query_selector("a.left-prev")
            if prev is None:
                break
            prev.click()
            page.wait_for_load_state("load")
            back.append(urlparse(page.url).path)
        assert back == expected[::-1], f"'previous' does not walk back through every page: {back}"
    finally:
        page.close()


def test_screenshots_of_home_and_a_lesson(context, book_server):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    lessons = [f for f in toc_files() if f.startswith("notebooks/")]
    targets = {"home": "index.html"}
    targets["lesson"] = f"{lessons[0]}.html" if lessons else "book/what_is_qml.html"
    for name, rel in targets.items():
        page, response, _ = _open(context, f"{book_server}/{rel}")
        try:
            assert response.status == 200
            page.wait_for_load_state("networkidle")
            out = SCREENSHOTS / f"{name}.png"
            page.screenshot(path=str(out), full_page=True)
            assert out.stat().st_size > 10_000
        finally:
            page.close()
