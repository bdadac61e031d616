"""Stored notebook outputs must not depend on a CPU's rounding (issue 8).

nbval compares every stored output with a fresh run, on the learner's machine too. A value
that is zero in exact arithmetic comes out as -1e-17 on one CPU and +6e-18 on another, so
text like ``-0.``, ``+0.000``, ``6.6e-18`` inside an array, ``max |a - b| = 0.0`` or
"exactly 0? False" records one machine's rounding. This test scans every stored output of
every notebook for such text and names the notebook and cell. Lessons print verdicts with a
tolerance and values passed through ``qmlcourse.display.tidy`` instead (book/contributing.md).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from nbval.plugin import get_sanitize_patterns

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("**/*.ipynb"))
NOTEBOOKS = [p for p in NOTEBOOKS if ".ipynb_checkpoints" not in p.parts]
SANITIZE = dict(get_sanitize_patterns((ROOT / "tests" / "nbval_sanitize.cfg").read_text(encoding="utf-8")))
ROUNDING_SANITIZER = next(regex for regex, replace in SANITIZE.items() if replace == "ROUNDING")

TEXT_MIMETYPES = ("text/plain", "text/markdown", "text/latex", "text/html")

# A signed zero: -0., -0.000, +0.000, -0, -0.00e+00, -0j. (-0.5, 1e-05, 10-0.1 do not match,
# nor +0.j: numpy always prints the sign of an imaginary part.)
SIGNED_ZERO = re.compile(r"(?<![\w.+-])(?:-0(?:\.0*)?(?:e[+-]?\d+)?j?|\+0(?:\.0*)?(?:e[+-]?\d+)?)(?![\w.])")
# The imaginary part of a complex number printed as -0: 1.-0.j, (1-0j).
NEGATIVE_ZERO_IMAGINARY = re.compile(r"(?<=[\d.])-0(?:\.0*)?(?:e[+-]?\d+)?j(?![\w.])")
# Tiny exponents: the residue of double-precision rounding.
TINY_EXPONENT = re.compile(r"[+-]?\d+(?:\.\d+)?e-(?:1[5-9]|[2-9]\d)(?!\d)", re.IGNORECASE)
# The last digits of a double: 0.30000000000000004, 0.9999999999999998.
NOISE_DIGITS = re.compile(r"\d\.\d*?(?:0{9,}|9{9,})[1-9]\d*")
# An exact zero printed for a floating-point difference: "max |a - b| = 0.0", "error: 0.0e+00"
# (repr or scientific notation show any residue, so 0.0 there claims bitwise equality; a
# fixed-point "0.0000" of an absolute value is the same on every machine and is not flagged).
DIFFERENCE = (
    r"(?:\|[^|\n]*\s-\s[^|\n]*\|"
    r"|\b(?:diff|difference|differences|error|errors|residual|residue|deviation|discrepancy)\b)"
)
EXACT_ZERO = r"\+?(?:0\.0(?![\d.e])|0(?:\.0*)?e[+-]?0+(?![\d.]))"
EXACT_ZERO_DIFFERENCE = re.compile(DIFFERENCE + r"[^\n\d]{0,40}?[=:]?\s*" + EXACT_ZERO, re.IGNORECASE)
# In a cell's source: printing arrays with suppress=True hides near-zeros as 0. or -0.
SUPPRESS = re.compile(r"set_printoptions\([^)]*suppress\s*=\s*True|printoptions\([^)]*suppress\s*=\s*True")
# A bitwise claim: "exactly 0? False", "exactly zero: True".
EXACTLY_ZERO = re.compile(r"\bexactly\s+(?:0(?:\.0*)?|zero)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    cell: int
    execution_count: int | None
    kind: str
    text: str
    context: str

    def __str__(self) -> str:
        run = f" (In [{self.execution_count}])" if self.execution_count else ""
        return f"cell {self.cell}{run}: {self.kind} {self.text!r} in {self.context!r}"


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    return " ".join(text[max(0, start - width): end + width].replace("\n", " \\n ").split())


def _bracket_depth(text: str, pos: int) -> int:
    prefix = text[:pos]
    return prefix.count("[") - prefix.count("]")


def output_texts(output: dict) -> list[str]:
    """The human-readable texts of one stored output (streams, plain text, HTML without tags)."""
    kind = output.get("output_type")
    if kind == "stream":
        text = output.get("text", "")
        return ["".join(text) if isinstance(text, list) else text]
    if kind not in ("display_data", "execute_result"):
        return []  # errors: a traceback is not a result
    texts = []
    for mime in TEXT_MIMETYPES:
        value = output.get("data", {}).get(mime)
        if value is None:
            continue
        value = "".join(value) if isinstance(value, list) else str(value)
        if mime == "text/html":
            value = html.unescape(re.sub(r"<[^>]+>", " ", value))
        texts.append(value)
    return texts


def scan_text(text: str) -> list[tuple[str, str, str]]:
    """``(kind, matched text, context)`` for every rounding-fragile spot in ``text``."""
    found = []
    for m in SIGNED_ZERO.finditer(text):
        found.append(("signed zero", m.group(), _context(text, m.start(), m.end())))
    for m in NEGATIVE_ZERO_IMAGINARY.finditer(text):
        found.append(("signed zero (imaginary part)", m.group(), _context(text, m.start(), m.end())))
    for m in TINY_EXPONENT.finditer(text):
        sanitized = re.fullmatch(ROUNDING_SANITIZER, m.group()) is not None
        in_array = _bracket_depth(text, m.start()) > 0
        if not sanitized or in_array:
            where = "not covered by the sanitizer"
            if in_array:
                where = "inside an array (it changes how every entry prints)"
            found.append((f"rounding residue {where}", m.group(), _context(text, m.start(), m.end())))
    for m in NOISE_DIGITS.finditer(text):
        found.append(("double-precision noise digits", m.group(), _context(text, m.start(), m.end())))
    for m in EXACT_ZERO_DIFFERENCE.finditer(text):
        kind = "exact 0.0 printed for a floating-point difference"
        found.append((kind, m.group(), _context(text, m.start(), m.end())))
    for m in EXACTLY_ZERO.finditer(text):
        found.append(("bitwise zero claim", m.group(), _context(text, m.start(), m.end())))
    return found


def scan_notebook(nb: nbformat.NotebookNode) -> list[Finding]:
    """Every rounding-fragile spot in the stored outputs of a notebook, by cell index (from 0)."""
    findings = []
    for index, cell in enumerate(nb.cells):
        if cell.get("cell_type") != "code":
            continue
        for m in SUPPRESS.finditer(cell.get("source", "")):
            kind = "suppress=True in the source (use tidy instead)"
            findings.append(Finding(index, cell.get("execution_count"), kind, m.group(),
                                    _context(cell.source, m.start(), m.end())))
        for output in cell.get("outputs", []):
            for text in output_texts(output):
                for kind, matched, context in scan_text(text):
                    findings.append(Finding(index, cell.get("execution_count"), kind, matched, context))
    return list(dict.fromkeys(findings))  # the same text in text/plain and text/html counts once


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT / "notebooks").as_posix())
def test_stored_outputs_do_not_depend_on_rounding(path):
    findings = scan_notebook(nbformat.read(path, as_version=4))
    assert not findings, (
        f"{path.relative_to(ROOT)} stores output whose text depends on the CPU's rounding; print a verdict with a "
        "tolerance or pass the value through qmlcourse.display.tidy (book/contributing.md), then re-execute:\n  "
        + "\n  ".join(str(f) for f in findings)
    )


# --- the scan itself --------------------------------------------------------------------------


def _notebook(*outputs_per_cell: list) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    for k, outputs in enumerate(outputs_per_cell):
        cell = nbformat.v4.new_code_cell("print(x)", execution_count=k + 1)
        cell.outputs = outputs
        nb.cells.append(cell)
    return nb


def _stream(text: str):
    return nbformat.v4.new_output("stream", name="stdout", text=text)


def _result(text: str, html_text: str | None = None):
    data = {"text/plain": text}
    if html_text is not None:
        data["text/html"] = html_text
    return nbformat.v4.new_output("execute_result", data=data, execution_count=1)


def test_a_lesson_notebook_fails_when_a_signed_zero_is_put_into_a_stored_output():
    """Take a real lesson notebook, prove it is clean or note what it has, then add a -0."""
    path = ROOT / "notebooks" / "00_how_exercises_work.ipynb"
    nb = nbformat.read(path, as_version=4)
    before = scan_notebook(nb)
    index = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.outputs)
    nb.cells[index].outputs.append(_stream("[ 1.  0. -0.]\n"))
    after = scan_notebook(nb)
    new = [f for f in after if f not in before]
    assert [(f.cell, f.kind, f.text) for f in new] == [(index, "signed zero", "-0.")]
    assert f"cell {index}" in str(new[0])


CLEAN = [
    "[1. 0. 0.]", "array([0.70710678+0.j, 0.        +0.j])", "[0.5+0.5j 0. -0.5j]", "x = -0.5", "1e-05", "loss 0.123",
    "agrees with PennyLane to 1e-12: True", "tolerance 1e-15", "max |a - b| below 1e-12: True", "[-1, 2, -3]",
    "error 0.25", "difference 2.0e-09", "counted: 0", "0.+0.j", "probabilities sum to 1.0", "v1.0-0",
    "max |a - b| = 2.2e-16", "norm 1.000000000", "0.1 + 0.2 = 0.3", "|<Mu|Mv> - <u|v>| = 0.0000", "error 0.05",
]


@pytest.mark.parametrize("text", CLEAN)
def test_portable_text_passes(text):
    assert scan_text(text) == [], text


FRAGILE = [
    ("[ 1.  0. -0.]", "signed zero"),
    ("1.     -0.    ]", "signed zero"),
    ("C_ZZ = +0.000", "signed zero"),
    ("<Z> = -0.000", "signed zero"),
    ("-0.00e+00", "signed zero"),
    ("[0.70710678+0.j 0.70710678-0.j]", "signed zero (imaginary part)"),
    ("(1-0j)", "signed zero (imaginary part)"),
    ("[1.00000000e+00 6.12323400e-17]", "rounding residue inside an array (it changes how every entry prints)"),
    ("residue 1.5E-16", "rounding residue not covered by the sanitizer"),
    ("residue 66.0e-18", "rounding residue not covered by the sanitizer"),
    ("[1. 0.        -0.j]", "signed zero"),
    ("0.1 + 0.2 = 0.30000000000000004", "double-precision noise digits"),
    ("fidelity 0.9999999999999998", "double-precision noise digits"),
    ("max |batched - looped| = 0.0", "exact 0.0 printed for a floating-point difference"),
    ("max |a - b| = 0.0e+00", "exact 0.0 printed for a floating-point difference"),
    ("largest error: 0.0", "exact 0.0 printed for a floating-point difference"),
    ("difference 0.000e+00", "exact 0.0 printed for a floating-point difference"),
    ("exactly 0? False", "bitwise zero claim"),
    ("is it exactly zero: True", "bitwise zero claim"),
]


@pytest.mark.parametrize(("text", "kind"), FRAGILE)
def test_fragile_text_is_found(text, kind):
    assert kind in [k for k, _, _ in scan_text(text)], (text, scan_text(text))


def test_findings_name_the_cell_and_look_into_every_output_kind():
    nb = _notebook(
        [_stream("all good\n")],
        [_result("0.5", "<b>C = -0.000</b>")],
        [nbformat.v4.new_output("display_data", data={"text/plain": "exactly 0? False"})],
        [nbformat.v4.new_output("error", ename="ValueError", evalue="-0.", traceback=["-0."])],
    )
    found = scan_notebook(nb)
    assert [(f.cell, f.kind) for f in found] == [(1, "signed zero"), (2, "bitwise zero claim")]
    assert str(found[0]).startswith("cell 1 (In [2]): signed zero '-0.000'")


def test_suppress_true_in_a_cell_is_found():
    nb = _notebook([_stream("[1. 0.]\n")])
    nb.cells[0].source = "np.set_printoptions(precision=3, suppress=True)\nprint(x)"
    with_context = nbformat.v4.new_code_cell("with np.printoptions(suppress=True):\n    print(x)")
    nb.cells.append(with_context)
    assert [(f.cell, f.kind) for f in scan_notebook(nb)] == [
        (0, "suppress=True in the source (use tidy instead)"), (1, "suppress=True in the source (use tidy instead)")]


def test_same_text_in_plain_and_html_counts_once():
    found = scan_notebook(_notebook([_result("x = -0.0", "<pre>x = -0.0</pre>")]))
    assert len(found) == 1
