"""Render a :class:`~qmlcourse.grading.checker.CheckResult` as text or HTML and show it.

In IPython the verdict is one ``display_data`` output with three representations:
``text/plain``, ``text/html`` and ``application/vnd.qmlcourse.check+json`` (the machine
channel the instructor's grader reads). In plain Python it is printed as text.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qmlcourse.grading.checker import CheckResult

MIMETYPE = "application/vnd.qmlcourse.check+json"
"""Custom mimetype carrying a check result as JSON in notebook outputs."""

# Styling. Every box takes its text colour and font from the page's theme, so it reads in
# light and dark themes alike: JupyterLab's --jp-* variables, else the book's (pydata theme)
# --pst-* variables, else the colour the page already has. The accent (left border) uses the
# theme's success/error/info colour; the background is a faint translucent tint of it, which
# keeps the theme's own text contrast (WCAG AA, 4.5:1) over a light or a dark page. Where an
# untrusted notebook's sanitizer drops var() values, what is left (tint, border, inherited
# text colour) is still readable.
TEXT_COLOUR = "var(--jp-content-font-color1, var(--pst-color-text-base, inherit))"
FONT = "var(--jp-content-font-family, inherit)"
_ACCENTS = {  # kind -> (JupyterLab variable, pydata variable, fallback, translucent tint)
    "pass": ("--jp-success-color1", "--pst-color-success", "#1a7f37", "rgba(46, 160, 67, 0.12)"),
    "fail": ("--jp-error-color1", "--pst-color-danger", "#b42318", "rgba(220, 60, 50, 0.10)"),
    "note": ("--jp-info-color1", "--pst-color-info", "#0969da", "rgba(30, 120, 230, 0.10)"),
    "concept": ("--jp-brand-color1", "--pst-color-primary", "#8250df", "rgba(130, 80, 223, 0.10)"),
}
CODE_STYLE = "color:inherit;background:transparent;padding:0;overflow-wrap:anywhere;"
PRE_STYLE = ("margin:0;padding:0;background:transparent;color:inherit;white-space:pre-wrap;"
             "overflow-wrap:anywhere;font-size:0.95em;line-height:1.45;")


def inline_html(text: str) -> str:
    """Escape text for HTML and show its `backtick spans` as code (no literal backticks).

    >>> inline_html("use `x` and <b>") == f'use <code style="{CODE_STYLE}">x</code> and &lt;b&gt;'
    True
    """
    parts = re.split(r"`([^`\n]+)`", text)
    return "".join(f'<code style="{CODE_STYLE}">{html.escape(p)}</code>' if i % 2 else html.escape(p)
                   for i, p in enumerate(parts))


def box_style(kind: str) -> str:
    """Inline CSS of a feedback box of one kind ("pass", "fail", "note", "concept").

    >>> "var(--jp-success-color1, var(--pst-color-success, #1a7f37))" in box_style("pass")
    True
    """
    if kind not in _ACCENTS:
        raise ValueError(f"kind must be one of {', '.join(_ACCENTS)}; got {kind!r}")
    jp, pst, fallback, tint = _ACCENTS[kind]
    return (f"border-left:4px solid var({jp}, var({pst}, {fallback}));background:{tint};"
            f"color:{TEXT_COLOUR};font-family:{FONT};padding:6px 10px;margin:4px 0;"
            "line-height:1.45;overflow-wrap:anywhere;max-width:100%;box-sizing:border-box;")


def _rows(result: CheckResult) -> list[tuple[str, str]]:
    rows = []
    if result.case and not result.passed:
        rows.append(("case", result.case))
    for key in ("inputs", "expected", "returned", "printed"):
        value = getattr(result, key)
        if value:
            rows.append((key, value.rstrip()))
    return rows


def _advice(result: CheckResult) -> list[str]:
    lines = []
    if result.mistake:
        lines.append(f"Typical mistake: {result.mistake}")
    if result.diagnosis:
        lines.append(f"Likely cause: {result.diagnosis}")
    if not result.passed and result.stage not in ("unknown_exercise", "internal_error"):
        lines.append(f'Stuck? hint("{result.exercise}") gives a hint.')
    return lines


def render_text(result: CheckResult) -> str:
    """Plain-text verdict.

    >>> from qmlcourse.grading.checker import CheckResult
    >>> print(render_text(CheckResult("a.b/c", True, "passed all 3 test cases", "passed")))
    [PASSED] a.b/c: passed all 3 test cases
    """
    head = f"[{'PASSED' if result.passed else 'FAILED'}] {result.exercise}: {result.message}"
    lines = [head]
    for name, value in _rows(result):
        value = value.replace("\n", "\n" + " " * 12)
        lines.append(f"  {name + ':':<10}{value}")
    lines += [f"  {a}" for a in _advice(result)]
    return "\n".join(lines)


def render_html(result: CheckResult) -> str:
    """HTML verdict: a coloured box with the message, the failing case and advice."""
    esc = html.escape
    kind = "pass" if result.passed else "fail"
    title = "\u2713 Passed" if result.passed else "\u2717 Not yet"
    parts = [
        f'<div class="qmlcourse-check qmlcourse-{kind}" style="{box_style(kind)}">',
        f'<div><strong style="color:inherit">{title}</strong> '
        f'<code style="{CODE_STYLE}">{esc(result.exercise)}</code>: {inline_html(result.message)}</div>',
    ]
    rows = _rows(result)
    if rows:
        cell = "text-align:left;vertical-align:baseline;padding:1px 0;border:0;background:transparent;color:inherit;"
        parts.append('<table style="margin-top:4px;border-collapse:collapse;border:0;'
                     'background:transparent;color:inherit;">')
        for name, value in rows:
            parts.append(
                f'<tr style="background:transparent;">'
                f'<th style="{cell}padding-right:10px;font-weight:600;">{esc(name)}</th>'
                f'<td style="{cell}"><pre style="{PRE_STYLE}">{esc(value)}</pre></td></tr>'
            )
        parts.append("</table>")
    for line in _advice(result):
        parts.append(f"<div>{inline_html(line)}</div>")
    parts.append("</div>")
    return "".join(parts)


def in_ipython() -> bool:
    """Whether an IPython shell (a notebook kernel or terminal IPython) is running."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return False
    return get_ipython() is not None


def publish(text: str, html_text: str, extra: dict[str, Any] | None = None) -> None:
    """Show text (and HTML where IPython renders it) in the notebook, else print the text."""
    if in_ipython():
        from IPython.display import display

        bundle: dict[str, Any] = {"text/plain": text, "text/html": html_text}
        bundle.update(extra or {})
        display(bundle, raw=True)
    else:
        print(text)


def show(result: CheckResult) -> bool:
    """Display the verdict; returns True when it went to IPython's display (not print)."""
    publish(render_text(result), render_html(result), {MIMETYPE: result.to_json()})
    return in_ipython()


def show_text_block(title: str, body: str, *, code: bool = False) -> None:
    """Show a titled text block (hints, solutions)."""
    esc = html.escape
    inner = f'<pre style="{PRE_STYLE}margin-top:4px;">{esc(body)}</pre>' if code else f"<div>{inline_html(body)}</div>"
    html_text = (
        f'<div class="qmlcourse-note" style="{box_style("note")}">'
        f'<strong style="color:inherit">{esc(title)}</strong>{inner}</div>'
    )
    publish(f"{title}\n{body}", html_text)
