"""The built book on a phone, on a desktop, in dark mode and for a screen reader
(Playwright + Debian's /usr/bin/chromium, headless, offline).

- every page at a 390 px viewport is no wider than the viewport (tables and maths scroll
  inside themselves, long ids wrap);
- at 1280 px no code or output block of any page scrolls sideways (long lines wrap), in
  either theme;
- figures: every <img> of a lesson has an alt text that is not a file name, and retina PNGs
  are shown at their nominal size (never wider than the column);
- feedback boxes (checks, hints, concept checks) have WCAG AA contrast (4.5:1) in the light
  and the dark theme, measured from computed colours;
- axe-core (fetched from npm once, injected from the local file) reports no serious or
  critical violation on any page, in light and dark mode.
Each page is loaded once per theme at 1280 px (every desktop measurement is taken in that
visit) and once at 390 px. Screenshots and the axe report land in _build/screenshots/.
"""
from __future__ import annotations

import json
import re

import pytest

from tests.browser.assets import axe_script

from . import a11y
from .conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]

SCREENSHOTS = ROOT / "_build" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SERIOUS = ("serious", "critical")


def _pages(built_html) -> list[str]:
    pages = []
    for path in sorted(built_html.rglob("*.html")):
        rel = path.relative_to(built_html)
        if rel.parts[0] in ("_static", "_sources", "_images") or rel.as_posix() in ("index.html",):
            continue
        pages.append(rel.as_posix())
    return pages


@pytest.fixture(scope="module")
def pages(built_html):
    found = _pages(built_html)
    assert len(found) >= 15, found
    return found


def _context(browser, viewport, dark=False):
    ctx = browser.new_context(viewport=viewport, color_scheme="dark" if dark else "light")
    ctx.route(re.compile(r"^(?!http://127\.0\.0\.1[:/]|data:|blob:|about:)"), lambda route: route.abort())
    return ctx


# The theme's buttons fade their colours over 0.15 s: measured mid-fade, a colour is neither the
# light nor the dark one (axe once saw the search button's text mid-fade on a quick page).
SETTLE_THEME_JS = """async (mode) => {
  const still = document.createElement('style');
  still.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }';
  document.head.appendChild(still);
  document.documentElement.dataset.theme = mode;
  document.documentElement.dataset.mode = mode;
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
}"""


def _load(ctx, url, dark=False):
    page = ctx.new_page()
    page.goto(url, wait_until="load")
    page.evaluate("async () => { if (window.MathJax && MathJax.startup) await MathJax.startup.promise; }")
    page.evaluate(SETTLE_THEME_JS, "dark" if dark else "light")
    return page


def _shot_name(rel: str) -> str:
    return rel.removesuffix(".html").replace("/", "_")


def test_no_page_is_wider_than_a_phone(browser, book_server, pages):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    ctx = _context(browser, PHONE)
    report, problems = {}, []
    try:
        for rel in pages:
            page = _load(ctx, f"{book_server}/{rel}")
            try:
                m = page.evaluate(a11y.TOO_WIDE_JS)
                report[rel] = m
                if m["scrollWidth"] > PHONE["width"] + 1:
                    problems.append(f"{rel}: {m['scrollWidth']} px wide at {PHONE['width']} px; "
                                    f"too wide: {', '.join(m['wide'])}")
                page.screenshot(path=str(SCREENSHOTS / f"phone-{_shot_name(rel)}.png"))
            finally:
                page.close()
    finally:
        ctx.close()
    (SCREENSHOTS / "widths-390px.json").write_text(json.dumps(report, indent=1))
    assert not problems, "\n".join(problems)


CODE_SCROLL_JS = """() => Array.from(document.querySelectorAll('.bd-article pre'))
  .filter(p => p.scrollWidth > p.clientWidth + 1)
  .map(p => `${p.scrollWidth}>${p.clientWidth}: ${p.textContent.trim().slice(0, 40)}`)"""
TABLE_SCROLL_JS = """() => Array.from(document.querySelectorAll(
  '.bd-article .pst-scrollable-table-container, .bd-article .cell_output table'))
  .filter(t => t.scrollWidth > t.clientWidth + 1)
  .map(t => `${t.scrollWidth}>${t.clientWidth}: ${t.textContent.trim().slice(0, 40)}`)"""
IMAGES_JS = """() => Array.from(document.querySelectorAll('.bd-article img')).map(i => ({
  src: i.getAttribute('src'), alt: i.getAttribute('alt'),
  shown: i.getBoundingClientRect().width, natural: i.naturalWidth,
  column: i.closest('.bd-article').clientWidth }))"""


def _visit_desktop(browser, book_server, pages, dark: bool) -> dict[str, dict]:
    """Load every page once at 1280 px in one theme and take every desktop measurement.

    One visit per page and theme (the page loads and MathJax typesets once): the layout, the
    figures and the feedback contrast are read first, then axe-core is injected and run, so
    its script cannot change what the other measurements saw.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    script = str(axe_script())
    ctx = _context(browser, DESKTOP, dark=dark)
    visits, shot = {}, False
    try:
        for rel in pages:
            page = _load(ctx, f"{book_server}/{rel}", dark=dark)
            try:
                v = {"code": page.evaluate(CODE_SCROLL_JS), "tables": page.evaluate(TABLE_SCROLL_JS),
                     "width": page.evaluate("() => document.scrollingElement.scrollWidth"),
                     "images": [], "contrast": []}
                if rel.startswith("notebooks/"):
                    v["images"] = page.evaluate(IMAGES_JS)
                    v["contrast"] = page.evaluate(a11y.CONTRAST_JS, a11y.FEEDBACK_SELECTOR)
                    if v["contrast"] and not shot:
                        box = page.locator(a11y.FEEDBACK_SELECTOR).first
                        box.scroll_into_view_if_needed()
                        box.screenshot(path=str(SCREENSHOTS / f"book-feedback-{'dark' if dark else 'light'}.png"))
                        shot = True
                page.add_script_tag(path=script)
                v["axe"] = page.evaluate(a11y.AXE_RUN_JS)
                visits[rel] = v
            finally:
                page.close()
    finally:
        ctx.close()
    return visits


@pytest.fixture(scope="module")
def desktop_light(browser, book_server, pages):
    return _visit_desktop(browser, book_server, pages, dark=False)


@pytest.fixture(scope="module")
def desktop_dark(browser, book_server, pages):
    return _visit_desktop(browser, book_server, pages, dark=True)


def _desktop(request, dark: bool) -> dict[str, dict]:
    return request.getfixturevalue("desktop_dark" if dark else "desktop_light")


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_code_and_outputs_fit_the_desktop_column(request, dark):
    problems = []
    for rel, v in _desktop(request, dark).items():
        problems += [f"{rel}: code block scrolls sideways ({s})" for s in v["code"]]
        problems += [f"{rel}: table wider than the column, scrolls ({s})" for s in v["tables"]]
        if v["width"] > DESKTOP["width"] + 1:
            problems.append(f"{rel}: page {v['width']} px wide at {DESKTOP['width']} px")
    assert not problems, "\n".join(problems)


def test_lesson_figures_have_alt_text_and_nominal_size(desktop_light):
    problems, images = [], 0
    for rel, v in desktop_light.items():
        for img in v["images"]:
            images += 1
            alt = img["alt"] or ""
            if len(alt.split()) < 4 or re.search(r"\.(png|jpe?g|svg)$|_images/", alt):
                problems.append(f"{rel}: <img src={img['src']}> alt text {alt!r} does not describe it")
            if img["shown"] > img["column"] + 1:
                problems.append(f"{rel}: {img['src']} is {img['shown']:.0f} px wide in a "
                                f"{img['column']} px column")
            if img["shown"] > img["natural"] + 1:
                problems.append(f"{rel}: {img['src']} upscaled from {img['natural']} to "
                                f"{img['shown']:.0f} px (blurry)")
    assert images >= 10, f"only {images} lesson images found"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_feedback_boxes_have_aa_contrast(request, dark):
    samples = [dict(s, page=rel) for rel, v in _desktop(request, dark).items() for s in v["contrast"]]
    assert len(samples) >= 10, f"only {len(samples)} text samples in feedback boxes found"
    low = a11y.low_contrast(samples)
    worst = min(samples, key=lambda s: s["ratio"])
    (SCREENSHOTS / f"book-contrast-{'dark' if dark else 'light'}.json").write_text(
        json.dumps({"samples": len(samples), "worst": worst, "below_4.5": low[:50]}, indent=1))
    problems = [f"{s['page']}: {s['tag']} {s['text']!r} {s['fg']} on {s['bg']}: {s['ratio']}" for s in low]
    assert not problems, f"{len(low)} of {len(samples)} below 4.5:1:\n" + "\n".join(problems[:30])


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_axe_finds_no_serious_violation(request, dark):
    report = {rel: v["axe"] for rel, v in _desktop(request, dark).items()}
    (SCREENSHOTS / f"axe-{'dark' if dark else 'light'}.json").write_text(json.dumps(report, indent=1))
    problems = [f"{rel}: [{v['impact']}] {v['id']} ({v['help']}) on {v['nodes']} node(s): {'; '.join(v['targets'])}"
                for rel, violations in report.items() for v in violations if v["impact"] in SERIOUS]
    assert not problems, "\n".join(problems)
