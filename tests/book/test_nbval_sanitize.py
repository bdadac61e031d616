"""The nbval sanitize file parses and normalises what it promises to, and nothing else."""
from __future__ import annotations

import configparser
import re

from .conftest import ROOT

CFG = ROOT / "tests" / "nbval_sanitize.cfg"


def _sanitize(text: str) -> str:
    # nbval reads the file with configparser and applies regex -> replace per section.
    parser = configparser.ConfigParser()
    parser.read(CFG)
    for section in parser.sections():
        text = re.sub(parser.get(section, "regex"), parser.get(section, "replace"), text)
    return text


def test_every_section_has_regex_and_replace():
    parser = configparser.ConfigParser()
    parser.read(CFG)
    assert parser.sections()
    for section in parser.sections():
        assert set(parser[section]) == {"regex", "replace"}, section
        re.compile(parser.get(section, "regex"))


def test_empty_replacement_is_written_with_trailing_space():
    for line in CFG.read_text().splitlines():
        if line.startswith("replace:") and line.strip() == "replace:":
            assert line == "replace: ", "write an empty replacement as 'replace: '"


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


def test_leaves_results_alone():
    for text in ("accuracy 0.95", "100 shots", "3 qubits", "norm 1.41", "(8,)",
                 "array([0.70710678+0.j, 0.70710678+0.j])", "loss 0.123", "difference 2.0e-09",
                 "error 1e-3", "tolerance 1e-14"):
        assert _sanitize(text) == text
