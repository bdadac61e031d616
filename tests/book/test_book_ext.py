"""book/_ext/qmlbook.py's HTML fixes, on the theme's real markup (no build needed)."""
from __future__ import annotations

import importlib.util

from .conftest import ROOT


def _qmlbook():
    spec = importlib.util.spec_from_file_location("qmlbook", ROOT / "book" / "_ext" / "qmlbook.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SEARCH = ('<button class="btn search-button-field search-button__button pst-js-only" title="Search" '
          'aria-label="Search" data-bs-placement="bottom" data-bs-toggle="tooltip">\n'
          ' <i class="fa-solid fa-magnifying-glass"></i>\n'
          ' <span class="search-button__default-text">Search</span>\n'
          ' <span class="search-button__kbd-shortcut"><kbd class="kbd-shortcut__modifier">Ctrl</kbd>+'
          '<kbd class="kbd-shortcut__modifier">K</kbd></span>\n</button>')
THEME = ('<button class="btn btn-sm nav-link pst-navbar-icon theme-switch-button pst-js-only" '
         'aria-label="Color mode" data-bs-title="Color mode">\n'
         '  <i class="theme-switch fa-solid fa-sun fa-lg" data-mode="light" title="Light"></i>\n'
         '  <i class="theme-switch fa-solid fa-moon fa-lg" data-mode="dark"  title="Dark"></i>\n</button>')
BIB = ('<div role="list" class="citation-list">\n<div class="citation" id="id40" role="doc-biblioentry">'
       '<span class="label">[1]</span><p>Al-Mohy</p></div></div>')


def test_search_button_named_by_its_visible_text():
    fixed = _qmlbook().accessible_html(SEARCH)
    assert 'aria-label="Search"' not in fixed and 'title="Search"' in fixed
    assert '<i aria-hidden="true" class="fa-solid fa-magnifying-glass">' in fixed
    assert "Ctrl</kbd>" in fixed  # the visible text stays


def test_colour_mode_icons_hidden_without_titles():
    fixed = _qmlbook().accessible_html(THEME)
    assert 'aria-label="Color mode"' in fixed
    assert 'title="Light"' not in fixed and 'title="Dark"' not in fixed
    assert fixed.count('aria-hidden="true"') == 2


def test_bibliography_entries_are_list_items():
    fixed = _qmlbook().accessible_html(BIB)
    assert 'role="listitem"' in fixed and "doc-biblioentry" not in fixed
    assert _qmlbook().accessible_html(fixed) == fixed  # idempotent
