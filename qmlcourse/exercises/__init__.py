'''Graded exercises, one module per lesson, discovered automatically.

Lesson ``linalg.vectors`` lives in ``qmlcourse/exercises/linalg_vectors.py`` (dots become
underscores). Every module-level :class:`~qmlcourse.grading.spec.Exercise` in such a module
is registered; nothing else needs to be edited. The proof tests in ``tests/exercises/`` then
check each new exercise automatically (reference passes, template fails with "not
implemented yet", each mistake is caught with its own message, each alternative passes), and
``tests/notebooks/`` executes a solved copy of every notebook.

Declaring an exercise
---------------------
A worked example (``qmlcourse/exercises/linalg_vectors.py``)::

    import numpy as np

    from qmlcourse.exercises import Exercise, Mistake, case, compare


    def inner_product(a: np.ndarray, b: np.ndarray) -> complex:
        """Return <a|b>, conjugate-linear in the first argument."""
        return complex(np.vdot(a, b))          # the reference: self-contained, numpy only


    def _cases(rng: np.random.Generator) -> list:
        def vec(n):
            return rng.normal(size=n) + 1j * rng.normal(size=n)
        return [case(vec(2), vec(2), label="2 amplitudes"),
                case(vec(8), vec(8), label="3 qubits")]


    INNER_PRODUCT = Exercise(
        id="linalg.vectors/inner_product",
        title="Inner product",
        statement="Compute <a|b> for two complex vectors.",
        template=\'\'\'def inner_product(a, b):
        """Return the inner product <a|b> (a complex number).

        a, b: complex arrays of shape (n,). Conjugate the FIRST argument.
        Example: inner_product(np.array([1j, 0]), np.array([1, 0])) == -1j
        """
        raise NotImplementedError("compute <a|b>")
    \'\'\',
        reference=inner_product,
        cases=_cases,                      # or a fixed list of case(...)
        answer=compare.scalar(atol=1e-10),  # how results are compared (see compare)
        mistakes=[
            Mistake(lambda a, b: complex(np.dot(a, b)),
                    "no complex conjugate: <a|b> conjugates the entries of a"),
            Mistake(lambda a, b: complex(np.vdot(b, a)),
                    "you conjugated b instead of a: <a|b> is conjugate-linear in a"),
        ],
        alternatives=[lambda a, b: complex(np.sum(np.conj(a) * b))],
        hints=["The inner product sums products of entries.",
               "Conjugate the entries of the first vector.",
               "np.vdot(a, b) conjugates its first argument."],
    )

Rules of thumb:

* ``id`` is ``"<lesson id>/<name>"``; the module name is the lesson id with ``_``.
* ``template`` is exactly what the notebook's exercise cell shows: a docstring with the task,
  shapes and an example, and a body that raises ``NotImplementedError``. Its function name is
  the reference's ``__name__``.
* ``reference`` must only use names from ``preamble`` (default ``import numpy as np``)
  because its source is pasted into solved notebooks. Give it the template's signature.
* ``cases`` are seeded (``rng`` comes from ``np.random.default_rng(seed)``); a ``label`` per
  case ("3 qubits") makes messages concrete. Include cases that tell every mistake apart
  from the reference (complex inputs for a missing conjugate, asymmetric states for qubit
  order...).
* ``answer`` picks the comparison: :func:`compare.array`, :func:`compare.state` (normalised,
  up to global phase), :func:`compare.unitary_matrix`, :func:`compare.probabilities`,
  :func:`compare.kernel_matrix` (symmetric PSD), :func:`compare.eigenvectors` (columns up to
  sign/phase), :func:`compare.scalar`, :func:`compare.boolean`, :func:`compare.integer`,
  :func:`compare.counts` and :func:`compare.exact`; ``compare.array(validity=...,
  equivalence=...)`` combines validators (``normalised``, ``unitary``, ``hermitian``,
  ``probability_vector``, ``psd_kernel``) and equivalences (``global_phase``,
  ``column_phase``, ``unordered``).
* ``mistakes`` are wrong implementations with a message; the feedback names one only when
  the cases discriminate it: the learner's outputs equal its outputs on every case the
  learner's function completed, NO other declared mistake also matches them, and they are
  not also the outputs of "returned the first argument unchanged"
  (:func:`qmlcourse.grading.checker.match_mistake`). So give cases on which every mistake
  differs from every other one. A generic diagnosis ("global phase", "square root") is shown
  only when every wrong case shows the same one.
* Every check runs the documented cases (``cases(np.random.default_rng(s))`` for each seed in
  ``fixed_seeds``, default ``(seed,)``) PLUS the cases of a fresh random generator, all in a
  random order; messages name the first failing documented case ("test case 2 of 5"), else
  the first failing fresh one ("random test case 1 of 5"). ``time_limit`` is for the
  documented cases; the fresh ones get the same share per call. ``fresh_cases=False`` turns
  the fresh draw off (for a ``cases(rng)`` that ignores ``rng``). ``make_cases()`` stays
  deterministic.
* ``sampling=Sampling(rng_arg=2, support=f)`` for answers drawn at random: the checker also
  calls the function again with an identically seeded copy of the generator (must return
  the same result) and with another seed (must change on at least one case), and with
  ``support(*args, **kwargs)`` (the possible outcomes) reports any returned outcome of
  probability 0, whatever the distance test says.
* Precision: float32/complex64 answers are compared at ``max(tol, 1e-5)`` by every
  comparator; ``Counter``/``defaultdict`` are dicts; objects with ``__array__`` are arrays.
* ``alternatives``: at least one different correct answer (another algorithm, a global
  phase...) that must pass; it proves the comparison is not too strict.
* ``hints``: most general first; the last one may nearly give the answer away.
* ``time_limit`` (default 5 s for all cases) and ``seed`` are optional. Keep module-level
  code cheap: the checker re-executes the module on every check (see below).

Notebook convention for exercise cells
--------------------------------------
The code cell holding an exercise's template carries the cell metadata::

    {"qmlcourse": {"exercise": "linalg.vectors/inner_product"}}

and its source is the exercise's ``template``. The next cell calls
``check("linalg.vectors/inner_product", inner_product)``. The notebook itself may carry
``{"qmlcourse": {"lesson": "linalg.vectors"}}`` in its metadata (used by the grader to list
the exercises a submission should contain). :func:`qmlcourse.grading.notebooks.exercise_cell`
builds such a cell; :func:`qmlcourse.grading.notebooks.solve_notebook` builds a solved copy
by replacing each marked cell's source with :meth:`Exercise.solution_source`.

A cell that demonstrates a wrong answer on purpose (``check(id, some_wrong_function)``)
carries ``{"qmlcourse": {"expect": "fail"}}``: the solved-notebook test then requires its
check to fail, and every other check to pass. A later cell never depends on the learner's
answer.

Tampering
---------
:func:`load_fresh` re-executes the lesson module from its source file for every check, so a
notebook that rebinds ``qmlcourse.exercises.linalg_vectors.inner_product`` (or the registry)
does not change what the checker compares against.
'''

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from functools import cache
from types import ModuleType

from qmlcourse.grading import compare
from qmlcourse.grading.concept import Concept, Option
from qmlcourse.grading.spec import Case, Exercise, Mistake, Sampling, case

__all__ = [
    "Case",
    "Concept",
    "Exercise",
    "Mistake",
    "Option",
    "Sampling",
    "all_concepts",
    "all_exercises",
    "case",
    "compare",
    "get",
    "get_concept",
    "lesson_module_name",
    "lessons",
    "load_fresh",
]


def lesson_module_name(lesson: str) -> str:
    """Module name of a lesson id: ``"linalg.vectors"`` -> ``"linalg_vectors"``."""
    return lesson.replace(".", "_")


def _exercises_in(module: ModuleType) -> list[Exercise]:
    found = [v for v in vars(module).values() if isinstance(v, Exercise)]
    short = module.__name__.rsplit(".", 1)[-1]
    for ex in found:
        if lesson_module_name(ex.lesson) != short:
            raise ValueError(
                f"exercise {ex.id} must live in module {lesson_module_name(ex.lesson)}.py; found in {short}.py"
            )
    return found


def _lesson_modules() -> list[ModuleType]:
    """Every lesson module of this package, sorted by name (private ``_x`` modules skipped)."""
    infos = sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name)
    return [importlib.import_module(f"{__name__}.{i.name}") for i in infos if not i.name.startswith("_")]


def _concepts_in(module: ModuleType) -> list[Concept]:
    found = [v for v in vars(module).values() if isinstance(v, Concept)]
    short = module.__name__.rsplit(".", 1)[-1]
    for c in found:
        if lesson_module_name(c.lesson) != short:
            raise ValueError(
                f"concept {c.id} must live in module {lesson_module_name(c.lesson)}.py; found in {short}.py"
            )
    return found


@cache
def all_concepts() -> dict[str, Concept]:
    """Every registered concept check by id, in module then declaration order.

    Concepts share the id space (and the progress file) with exercises: an id used by both
    is an error.
    """
    exercises = all_exercises()
    registry: dict[str, Concept] = {}
    for module in _lesson_modules():
        for c in _concepts_in(module):
            if c.id in registry or c.id in exercises:
                raise ValueError(f"concept id {c.id} is declared twice (or is also an exercise id)")
            registry[c.id] = c
    return registry


def get_concept(concept_id: str) -> Concept:
    """The registered concept with this id; ``KeyError`` naming close matches otherwise."""
    registry = all_concepts()
    if concept_id not in registry:
        import difflib

        close = difflib.get_close_matches(str(concept_id), list(registry), n=3)
        suggestion = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise KeyError(f"unknown concept {concept_id!r}{suggestion}")
    return registry[concept_id]


@cache
def all_exercises() -> dict[str, Exercise]:
    """Every registered exercise by id, in module then declaration order."""
    registry: dict[str, Exercise] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for ex in _exercises_in(module):
            if ex.id in registry:
                raise ValueError(f"exercise id {ex.id} is declared twice")
            registry[ex.id] = ex
    return registry


def get(exercise_id: str) -> Exercise:
    """The registered exercise with this id; ``KeyError`` naming close matches otherwise."""
    registry = all_exercises()
    if exercise_id not in registry:
        import difflib

        close = difflib.get_close_matches(exercise_id, list(registry), n=3)
        suggestion = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise KeyError(f"unknown exercise {exercise_id!r}{suggestion}")
    return registry[exercise_id]


def lessons() -> dict[str, list[Exercise]]:
    """Exercises grouped by lesson id."""
    out: dict[str, list[Exercise]] = {}
    for ex in all_exercises().values():
        out.setdefault(ex.lesson, []).append(ex)
    return out


def load_fresh(exercise_id: str) -> Exercise:
    """Load an exercise by executing its lesson module afresh from the source file.

    The module object is private (not in ``sys.modules``), so rebinding names in the imported
    lesson module from a notebook does not affect the copy the checker uses.
    """
    get(exercise_id)  # raises KeyError for unknown ids
    lesson = exercise_id.split("/", 1)[0]
    name = f"{__name__}.{lesson_module_name(lesson)}"
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:  # pragma: no cover - registry found it
        raise KeyError(f"unknown exercise {exercise_id!r}")
    fresh_spec = importlib.util.spec_from_file_location(name, spec.origin)
    module = importlib.util.module_from_spec(fresh_spec)  # type: ignore[arg-type]
    fresh_spec.loader.exec_module(module)  # type: ignore[union-attr]
    for ex in _exercises_in(module):
        if ex.id == exercise_id:
            return ex
    raise KeyError(f"unknown exercise {exercise_id!r}")  # pragma: no cover
