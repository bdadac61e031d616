"""The nbval sanitize file normalises what it promises to, and nothing else.

The file is read with nbval's own parser (``nbval.plugin.get_sanitize_patterns``) and the
patterns are applied in order with ``re.sub``, exactly as nbval does on both the stored and
the fresh output before comparing them.
"""
from __future__ import annotations

import configparser
import re

import pytest
from nbval.plugin import get_sanitize_patterns

from .conftest import ROOT

CFG = ROOT / "tests" / "nbval_sanitize.cfg"


def _patterns() -> list[tuple[str, str]]:
    return get_sanitize_patterns(CFG.read_text(encoding="utf-8"))


def _sanitize(text: str) -> str:
    for regex, replace in dict(_patterns()).items():  # nbval keeps them in an ordered dict
        text = re.sub(regex, replace, text)
    return text


def test_every_section_is_one_pattern_nbval_reads():
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(CFG, encoding="utf-8")
    assert parser.sections()
    for section in parser.sections():
        assert set(parser[section]) == {"regex", "replace"}, section
    patterns = _patterns()
    assert len(patterns) == len(parser.sections()), "nbval reads 'regex: ' then 'replace: ' on the next line"
    for regex, _ in patterns:
        re.compile(regex)


def test_empty_replacement_is_written_with_trailing_space():
    # nbval's parser needs "replace: " (with the space); "replace:" alone silently drops the section.
    for line in CFG.read_text().splitlines():
        if line.startswith("replace:"):
            assert line.startswith("replace: "), f"write {line!r} as 'replace: ...'"


def test_normalises_volatile_text():
    assert _sanitize("<Figure at 0x7f3a2b1c9d40>") == _sanitize("<Figure at 0x7f00deadbeef>")
    assert _sanitize("took 12.3 ms") == _sanitize("took 0.42 s") == "took TIME"
    assert _sanitize("1.2 ms ± 3.4 µs per loop (mean ± std. dev. of 7 runs, 1,000 loops each)") \
        == _sanitize("5.6 ms ± 7 µs per loop (mean ± std. dev. of 7 runs, 100 loops each)")
    assert _sanitize("saved /tmp/tmpab12cd/progress.json") == "saved TMPPATH"
    assert _sanitize("\x1b[32mpassed\x1b[0m") == "passed"
    assert _sanitize("/root/.qmlcourse/progress.json") == _sanitize(
        "/home/alex/.qmlcourse/progress.json")
    assert _sanitize("max |qmlcourse - PennyLane| = 2.8e-16") == _sanitize("max |qmlcourse - PennyLane| = 1.6e-16")
    assert _sanitize("largest error 3.9e-17") == "largest error ROUNDING"
    assert _sanitize("residue -6.4e-16") == _sanitize("residue 6.4e-16") == "residue ROUNDING"


# The two failures of issue 8 (another CPU, another OpenBLAS kernel) and their relatives:
# (stored on one machine, printed on another).
SIGNED_ZERO_PAIRS = [
    ("[ 1.  0. -0.]", "[1. 0. 0.]"),
    ("[ 0.70710678  1.         -0.        ]", "[0.70710678 1.         0.        ]"),
    ("array([ 1., -0.])", "array([1., 0.])"),
    ("[[ 1. -0.]\n [ 0.  1.]]", "[[1. 0.]\n [0. 1.]]"),
    ("C_ZZ = -0.000", "C_ZZ = +0.000"),
    ("C_ZZ = -0.000", "C_ZZ = 0.000"),
    ("<Z> = -0.00e+00", "<Z> = 0.00e+00"),
    ("x = -0.0", "x = 0.0"),
    ("(-0, 1)", "(0, 1)"),
    ("[ 1.+0.j -0.-0.j]", "[1.+0.j 0.+0.j]"),
    ("[0.70710678+0.j 0.70710678-0.j]", "[0.70710678+0.j 0.70710678+0.j]"),
    ("(1-0j)", "(1+0j)"),
    ("amplitude 0.5-0.j", "amplitude 0.5+0.j"),
]


@pytest.mark.parametrize(("stored", "fresh"), SIGNED_ZERO_PAIRS)
def test_signed_zeros_compare_equal(stored, fresh):
    assert _sanitize(stored) == _sanitize(fresh)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("[ 1.  0. -0.]", "[1. 0. 0.]"), ("-0.000", "0.000"), ("+0.000", "0.000"), ("-0j", "0j"), ("1.-0.j", "1.+0.j"),
     ("-0.", "0."), ("-0.00e+00", "0.00e+00")],
)
def test_signed_zero_maps_to_unsigned(text, expected):
    assert _sanitize(text) == expected


@pytest.mark.parametrize(
    ("one", "other"),
    [("[ 1. -0.5]", "[1. 0.5]"), ("x = -0.001", "x = 0.001"), ("C = -0.250", "C = 0.250"), ("1e-05", "1e+05"),
     ("[0.5+0.1j]", "[0.5-0.1j]"), ("-1.", "1."), ("10-0.1", "10+0.1"), ("-0.05", "0.05")],
)
def test_real_sign_differences_still_fail(one, other):
    assert _sanitize(one) != _sanitize(other)


def test_leaves_results_alone():
    for text in ("accuracy 0.95", "100 shots", "3 qubits", "norm 1.41", "(8,)",
                 "array([0.70710678+0.j, 0.70710678+0.j])", "loss 0.123", "difference 2.0e-09",
                 "error 1e-3", "tolerance 1e-14", "x = -0.5", "1e-05", "-0.05", "e-0.5", "v0.10-0", "[-1, 2]",
                 "step 10-0.1", "[1. 0. 0.]", "0.+0.j"):
        assert _sanitize(text) == text, text
