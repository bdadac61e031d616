"""Concept checks: a multiple-choice question whose every option explains itself.

A lesson declares module-level :class:`Concept` objects in its exercise module (next to its
:class:`~qmlcourse.grading.spec.Exercise` objects); they are registered automatically
(:func:`qmlcourse.exercises.all_concepts`). In the notebook, ``ask(id)`` shows the question
and a learner cell ``answer(id, "?")`` holds the learner's letter.

Options are labelled ``a``, ``b``, ``c``... in order. Exactly one is correct and every option
carries its own ``why``: the explanation shown when that option is chosen, right or wrong.

>>> c = Concept(
...     id="demo.lesson/norm",
...     question="A state vector is multiplied by a global phase e^{i phi}. Its norm...",
...     options=[
...         Option("changes with phi.", correct=False, why="|e^{i phi}| = 1 for every real phi."),
...         Option("stays the same.", correct=True, why="|e^{i phi} psi| = |e^{i phi}| |psi| = |psi|."),
...     ],
... )
>>> c.letters
('a', 'b')
>>> c.correct_letter
'b'
>>> v = c.verdict("a")
>>> v.status, v.passed
('wrong', False)
>>> print(v.text())
[NOT YET] demo.lesson/norm: you chose (a) "changes with phi."
  |e^{i phi}| = 1 for every real phi.
  Think it over and answer again.
>>> c.verdict("?").status
'unanswered'
>>> print(c.verdict("z").message)
"z" is not one of the options: answer with one of the letters "a", "b" (or "?" while undecided)
"""

from __future__ import annotations

import html
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["CONCEPT_MIMETYPE", "Concept", "ConceptVerdict", "Option", "UNANSWERED"]

UNANSWERED = "?"
"""The letter a notebook's answer cell holds before the learner decides."""

CONCEPT_MIMETYPE = "application/vnd.qmlcourse.concept+json"
"""Mimetype of the machine-readable copy of a verdict in notebook outputs."""

_ID = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*/[a-z0-9_]+$")
_LETTERS = string.ascii_lowercase
_KINDS = {  # feedback box kind per status (theme colours, see grading.feedback.box_style)
    "correct": "pass",
    "wrong": "fail",
    "unanswered": "note",
    "invalid": "note",
}


@dataclass(frozen=True)
class Option:
    """One answer of a :class:`Concept`: its text, whether it is right, and why.

    Args:
        text: the option as the learner reads it.
        correct: True for the one correct option.
        why: the explanation shown when the learner picks this option (required).
    """

    text: str
    correct: bool = False
    why: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.text, str) or not self.text.strip():
            raise ValueError(f"Option text must be a non-empty string; got {self.text!r}")
        if not isinstance(self.correct, bool):
            raise TypeError(f"Option correct= must be True or False; got {self.correct!r} for {self.text!r}")
        if not isinstance(self.why, str) or not self.why.strip():
            raise ValueError(f"Option {self.text!r} needs a why= explaining why it is right or wrong")


@dataclass(frozen=True)
class ConceptVerdict:
    """The outcome of one answer.

    ``status`` is ``"correct"``, ``"wrong"``, ``"unanswered"`` (the ``"?"`` placeholder) or
    ``"invalid"`` (not a letter of the options); ``letter`` is the chosen letter for the first
    two, else ``None``. Only ``"correct"`` and ``"wrong"`` are recorded in progress.
    """

    concept_id: str
    status: str
    message: str
    letter: str | None = None
    why: str = ""

    @property
    def passed(self) -> bool:
        return self.status == "correct"

    @property
    def recorded(self) -> bool:
        """Whether this verdict counts as an attempt in the progress file."""
        return self.status in ("correct", "wrong")

    def text(self) -> str:
        """Plain-text rendering (what ``answer`` prints outside Jupyter)."""
        head = {"correct": "CORRECT", "wrong": "NOT YET", "unanswered": "NOT ANSWERED", "invalid": "NOT AN OPTION"}
        lines = [f"[{head[self.status]}] {self.concept_id}: {self.message}"]
        if self.why:
            lines.append(f"  {self.why}")
        if self.status == "wrong":
            lines.append("  Think it over and answer again.")
        return "\n".join(lines)

    def html(self) -> str:
        """HTML rendering: a coloured box like a check verdict."""
        from qmlcourse.grading.feedback import CODE_STYLE, box_style

        kind = _KINDS[self.status]
        title = {"correct": "Correct", "wrong": "Not yet", "unanswered": "Not answered yet", "invalid": "Not an option"}
        title = title[self.status]
        esc = html.escape
        parts = [
            f'<div class="qmlcourse-concept qmlcourse-{kind}" style="{box_style(kind)}">',
            f'<div><strong style="color:inherit">{title}</strong> '
            f'<code style="{CODE_STYLE}">{esc(self.concept_id)}</code>: {esc(self.message)}</div>',
        ]
        if self.why:
            parts.append(f"<div>{esc(self.why)}</div>")
        if self.status == "wrong":
            parts.append("<div>Think it over and answer again.</div>")
        parts.append("</div>")
        return "".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {"concept": self.concept_id, "status": self.status, "letter": self.letter, "passed": self.passed}


@dataclass(frozen=True)
class Concept:
    """A concept check: a question, lettered options, exactly one correct.

    Args:
        id: ``"<lesson id>/<name>"``, e.g. ``"qc.measurement/zz_correlation_meaning"``; it
            lives in the lesson's exercise module like an exercise.
        question: the question (plain text; ``$...$`` maths is fine).
        options: two to 26 :class:`Option` objects, labelled a, b, c... in this order.

    Raises:
        ValueError: a malformed id, fewer than two options, not exactly one correct option,
            repeated option texts, or an option without ``why``.
    """

    id: str
    question: str
    options: Sequence[Option] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not _ID.match(self.id):
            raise ValueError(f'Concept id must look like "lesson.id/name" (lowercase, digits, _); got {self.id!r}')
        if not isinstance(self.question, str) or not self.question.strip():
            raise ValueError(f"Concept {self.id}: question must be a non-empty string")
        options = tuple(self.options)
        object.__setattr__(self, "options", options)
        if not all(isinstance(o, Option) for o in options):
            bad = next(o for o in options if not isinstance(o, Option))
            raise TypeError(f"Concept {self.id}: options must be Option(...) objects; got {type(bad).__name__}")
        if not 2 <= len(options) <= len(_LETTERS):
            raise ValueError(f"Concept {self.id}: needs 2 to {len(_LETTERS)} options; got {len(options)}")
        n_correct = sum(o.correct for o in options)
        if n_correct != 1:
            raise ValueError(f"Concept {self.id}: exactly one option must have correct=True; got {n_correct}")
        texts = [o.text.strip() for o in options]
        if len(set(texts)) != len(texts):
            raise ValueError(f"Concept {self.id}: two options have the same text")

    @property
    def lesson(self) -> str:
        """The lesson id, the part of ``id`` before the slash."""
        return self.id.split("/", 1)[0]

    @property
    def letters(self) -> tuple[str, ...]:
        """The option letters: ``("a", "b", ...)``."""
        return tuple(_LETTERS[: len(self.options)])

    @property
    def correct_letter(self) -> str:
        """The letter of the correct option."""
        return next(letter for letter, o in zip(self.letters, self.options, strict=True) if o.correct)

    def _valid_letters(self) -> str:
        return ", ".join(f'"{letter}"' for letter in self.letters)

    def verdict(self, choice: Any) -> ConceptVerdict:
        """Judge one answer; never raises (bad input gives an ``"invalid"`` verdict).

        ``choice`` is a letter (case and surrounding spaces are ignored) or ``"?"``.
        """
        if isinstance(choice, str) and choice.strip() == UNANSWERED:
            return ConceptVerdict(
                self.id, "unanswered",
                f'not answered yet: replace "?" with the letter of your answer ({self._valid_letters()})',
            )
        letter = choice.strip().lower() if isinstance(choice, str) else None
        if letter not in self.letters:
            shown = f'"{choice}"' if isinstance(choice, str) else f"{choice!r} ({type(choice).__name__})"
            return ConceptVerdict(
                self.id, "invalid",
                f'{shown} is not one of the options: answer with one of the letters {self._valid_letters()} '
                f'(or "?" while undecided)',
            )
        option = self.options[self.letters.index(letter)]
        status = "correct" if option.correct else "wrong"
        return ConceptVerdict(self.id, status, f'you chose ({letter}) "{option.text}"', letter, option.why)

    def question_text(self) -> str:
        """The question with its lettered options and how to answer, as plain text."""
        lines = [f"Concept check {self.id}", self.question, ""]
        lines += [f"  ({letter}) {o.text}" for letter, o in zip(self.letters, self.options, strict=True)]
        lines += ["", f'Answer with answer("{self.id}", "<letter>"), one of {self._valid_letters()}.']
        return "\n".join(lines)

    def question_html(self) -> str:
        """The question as an HTML box (lettered list, then how to answer)."""
        from qmlcourse.grading.feedback import CODE_STYLE, box_style

        esc = html.escape
        items = "".join(
            f'<li style="list-style:none;"><strong>({letter})</strong> {esc(o.text)}</li>'
            for letter, o in zip(self.letters, self.options, strict=True)
        )
        return (
            f'<div class="qmlcourse-concept-question" style="{box_style("concept")}">'
            f'<div><strong style="color:inherit">Concept check</strong> '
            f'<code style="{CODE_STYLE}">{esc(self.id)}</code></div>'
            f"<div>{esc(self.question)}</div>"
            f'<ul style="margin:4px 0;padding-left:8px;">{items}</ul>'
            f'<div>Answer with <code style="{CODE_STYLE}">answer("{esc(self.id)}", "&lt;letter&gt;")</code>, '
            f"one of {esc(self._valid_letters())}.</div>"
            "</div>"
        )
