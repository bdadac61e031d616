"""The built site's internal links land on something: every ``page.html#fragment`` link of
every page names an id that exists in that page (glossary anchors from the lessons included),
and the glossary's heading ids are exactly the slugs tests/book/mdrules.py computes, so the
static lesson test checks anchors the way the book resolves them. Needs the built book."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

from . import mdrules
from .conftest import ROOT

HREF = re.compile(r'<a [^>]*href="([^"#:]*\.html)?#([^"]+)"')
ID = re.compile(r'\sid="([^"]+)"')


def _ids(path: Path) -> set[str]:
    return set(ID.findall(path.read_text(encoding="utf-8")))


def test_glossary_heading_ids_are_the_computed_slugs(built_html):
    html = (built_html / "book" / "glossary.html").read_text(encoding="utf-8")
    section_ids = set(re.findall(r'<section id="([^"]+)"', html))
    slugs = mdrules.heading_slugs(ROOT / "book" / "glossary.md") - {"glossary"}  # the page title
    assert slugs == section_ids, (sorted(slugs - section_ids), sorted(section_ids - slugs))


def test_every_internal_fragment_link_resolves(built_html):
    problems, checked, cache = [], 0, {}
    for page in sorted(built_html.rglob("*.html")):
        rel = page.relative_to(built_html).as_posix()
        if rel.startswith(("_static/", "_sources/")):
            continue
        for target, fragment in HREF.findall(page.read_text(encoding="utf-8")):
            dest = (page.parent / target).resolve() if target else page
            if not dest.is_file():
                problems.append(f"{rel}: link to missing page {target}")
                continue
            ids = cache.setdefault(dest, _ids(dest))
            checked += 1
            if unquote(fragment) not in ids:
                problems.append(f"{rel}: {target or '(same page)'}#{fragment} has no such id")
    assert checked > 100, checked
    assert not problems, "\n".join(sorted(set(problems))[:60])
