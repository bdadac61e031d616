"""Render a :class:`~qmlcourse.grading.checker.CheckResult` as text or HTML and show it.

In IPython the verdict is one ``display_data`` output with three representations:
``text/plain``, ``text/html`` and ``application/vnd.qmlcourse.check+json`` (the machine
channel the instructor's grader reads). In plain Python it is printed as text.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qmlcourse.grading.checker import CheckResult

MIMETYPE = "application/vnd.qmlcourse.check+json"
"""Custom mimetype carrying a check result as JSON in notebook outputs."""

_COLOURS = {True: ("#1a7f37", "#e9f7ec"), False: ("#b42318", "#fdf0ee")}


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
    fg, bg = _COLOURS[result.passed]
    esc = html.escape
    title = "Passed" if result.passed else "Not yet"
    parts = [
        f'<div class="qmlcourse-check" style="border-left:4px solid {fg};background:{bg};'
        'padding:6px 10px;margin:4px 0;font-family:sans-serif;">',
        f'<div><strong style="color:{fg}">{title}</strong> <code>{esc(result.exercise)}</code>: {esc(result.message)}</div>',
    ]
    rows = _rows(result)
    if rows:
        parts.append('<table style="margin-top:4px;border-collapse:collapse;">')
        for name, value in rows:
            parts.append(
                f'<tr><th style="text-align:left;vertical-align:top;padding-right:8px;">{esc(name)}</th>'
                f'<td style="text-align:left;"><pre style="margin:0;white-space:pre-wrap;">{esc(value)}</pre></td></tr>'
            )
        parts.append("</table>")
    for line in _advice(result):
        parts.append(f"<div>{esc(line)}</div>")
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
    inner = f"<pre>{esc(body)}</pre>" if code else f"<div>{esc(body)}</div>"
    html_text = (
        '<div class="qmlcourse-note" style="border-left:4px solid #0969da;background:#eef5fd;'
        f'padding:6px 10px;margin:4px 0;font-family:sans-serif;"><strong>{esc(title)}</strong>{inner}</div>'
    )
    publish(f"{title}\n{body}", html_text)
