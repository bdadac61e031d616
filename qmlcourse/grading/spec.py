"""The declarative pieces of an exercise: test cases, typical mistakes, the exercise itself.

An exercise module in :mod:`qmlcourse.exercises` builds :class:`Exercise` objects from these;
the checker (:mod:`qmlcourse.grading.checker`) only reads them.

>>> c = case(3, label="3 qubits")
>>> c.args, c.label
((3,), '3 qubits')
"""

from __future__ import annotations

import inspect
import re
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from qmlcourse.grading.compare import Answer

_ID_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*/[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Case:
    """One hidden test case: the arguments the learner's function is called with.

    Args:
        args: positional arguments.
        kwargs: keyword arguments.
        label: a few words naming the case in the learner's terms (``"3 qubits"``); messages
            say "returned shape (2,), expected (8,) for 3 qubits".
    """

    args: tuple = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    label: str = ""


def case(*args: Any, label: str = "", **kwargs: Any) -> Case:
    """Shorthand for :class:`Case`: ``case(psi, label="3 qubits")``."""
    return Case(args=tuple(args), kwargs=dict(kwargs), label=label)


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer: a function reproducing it and the feedback naming it.

    Args:
        func: a wrong implementation with the exercise's signature.
        message: what the learner probably did, in their terms ("you divided by the squared
            norm instead of the norm").
    """

    func: Callable[..., Any]
    message: str


CasesSpec = Callable[[np.random.Generator], Sequence[Case]] | Sequence[Case]


@dataclass(frozen=True)
class Sampling:
    """Extra checks of an exercise whose answer is random (measurement counts, samples).

    Args:
        rng_arg: position of the ``np.random.Generator`` argument in each case's ``args``
            (or its keyword name).
        support: optional ``(*args, **kwargs) -> collection of possible outcomes``; every key
            of a returned dict (or entry of a returned array) outside it is an impossible
            outcome, reported as such whatever the distance test says.

    The checker then also runs, on every case: the same call with an identically seeded copy
    of the generator (the answer must be reproducible: same seed, same result) and with a
    differently seeded one (on at least one case the answer must change: it must draw from
    ``rng``).
    """

    rng_arg: int | str = -1
    support: Callable[..., Any] | None = None


@dataclass(frozen=True)
class Exercise:
    """Everything about one graded exercise (see :mod:`qmlcourse.exercises` for a worked example).

    Args:
        id: ``"lesson.id/name"``, e.g. ``"linalg.vectors/normalize"``.
        title: a short human title.
        statement: the task in a few sentences (shown by tools; the template's docstring
            repeats it for the notebook).
        template: source of the stub shown in the notebook: ``def <name>(...)`` with a
            docstring and a body that raises ``NotImplementedError``.
        reference: the reference solution; its ``__name__`` is the template's function name
            and it must be self-contained (only names from ``preamble``), because its source
            is pasted into solved notebooks.
        cases: hidden test cases, or a function ``rng -> cases`` called with
            ``np.random.default_rng(seed)``.
        answer: how a returned value is judged (see :mod:`qmlcourse.grading.compare`).
        mistakes: typical mistakes, each caught with its own message.
        alternatives: different but correct implementations that must pass (global phase,
            another algorithm); the proof tests run them.
        hints: tiered hints, most general first.
        seed: seed of the case generator.
        time_limit: seconds allowed for all cases together.
        preamble: imports the reference needs, put before its source in solved notebooks.
        fixed_seeds: seeds of the documented cases drawn on every check (default
            ``(seed,)``); with a ``cases(rng)`` function, every check ALSO draws the cases of
            a fresh random generator, so answers cannot be memorised.
        fresh_cases: draw those fresh random cases (default True; False for exercises whose
            ``cases(rng)`` does not use ``rng``).
        sampling: :class:`Sampling` for answers that are random draws (reproducibility with
            the same seed, dependence on the seed, impossible outcomes).
    """

    id: str
    title: str
    statement: str
    template: str
    reference: Callable[..., Any]
    cases: CasesSpec
    answer: Answer
    mistakes: Sequence[Mistake] = ()
    alternatives: Sequence[Callable[..., Any]] = ()
    hints: Sequence[str] = ()
    seed: int = 0
    time_limit: float = 5.0
    preamble: str = "import numpy as np\n"
    fixed_seeds: Sequence[int] | None = None
    fresh_cases: bool = True
    sampling: Sampling | None = None

    def __post_init__(self) -> None:
        if not _ID_RE.match(self.id):
            raise ValueError(f"exercise id must look like 'lesson.id/name' (lowercase); got {self.id!r}")
        name = self.reference.__name__
        if not re.search(rf"^def {re.escape(name)}\(", self.template, re.MULTILINE):
            raise ValueError(f"template of {self.id} must define {name}(...), the reference's name")
        if "NotImplementedError" not in self.template:
            raise ValueError(f"template of {self.id} must raise NotImplementedError; got {self.template!r}")
        if not self.hints:
            raise ValueError(f"exercise {self.id} needs at least one hint; got none")
        if not self.alternatives:
            raise ValueError(f"exercise {self.id} needs at least one equivalent correct alternative")
        if self.time_limit <= 0:
            raise ValueError(f"time_limit must be positive; got {self.time_limit}")
        if self.fixed_seeds is not None:
            object.__setattr__(self, "fixed_seeds", tuple(int(s) for s in self.fixed_seeds))
        for attr in ("mistakes", "alternatives", "hints"):
            object.__setattr__(self, attr, tuple(getattr(self, attr)))

    @property
    def lesson(self) -> str:
        """The lesson id, the part before the slash."""
        return self.id.split("/", 1)[0]

    @property
    def name(self) -> str:
        """The exercise name, the part after the slash."""
        return self.id.split("/", 1)[1]

    @property
    def function_name(self) -> str:
        """Name of the function the learner writes (the reference's name)."""
        return self.reference.__name__

    def _cases_from(self, rng: np.random.Generator) -> list[Case]:
        cases = self.cases(rng) if callable(self.cases) else self.cases
        return [c if isinstance(c, Case) else Case(args=tuple(c)) for c in cases]

    def make_cases(self) -> list[Case]:
        """Return the documented test cases, generated from the fixed seeds (deterministic)."""
        seeds = self.fixed_seeds if self.fixed_seeds is not None else (self.seed,)
        out: list[Case] = []
        for s in seeds if callable(self.cases) else seeds[:1]:
            out += self._cases_from(np.random.default_rng(s))
        if not out:
            raise ValueError(f"exercise {self.id} has no test cases")
        return out

    def fresh_case_list(self, rng: np.random.Generator) -> list[Case]:
        """Cases drawn from a fresh generator seeded by ``rng`` (empty for fixed case lists)."""
        if callable(self.cases) and self.fresh_cases:
            return self._cases_from(np.random.default_rng(int(rng.integers(2**63))))
        return []

    def check_cases(self, rng: np.random.Generator | None = None) -> list[Case]:
        """The cases of one check: the documented ones plus freshly drawn ones, shuffled.

        ``rng`` (default: seeded from the operating system) draws the fresh cases and the
        order, so a learner can neither answer by case order nor memorise the failing case
        shown into a pass.
        """
        rng = rng if rng is not None else np.random.default_rng()
        out = self.make_cases() + self.fresh_case_list(rng)
        order = rng.permutation(len(out))
        return [out[i] for i in order]

    def solution_source(self) -> str:
        """Source of the reference solution with its preamble: what a solved notebook cell holds."""
        body = textwrap.dedent(inspect.getsource(self.reference))
        return (self.preamble.rstrip("\n") + "\n\n\n" if self.preamble.strip() else "") + body.rstrip("\n")
