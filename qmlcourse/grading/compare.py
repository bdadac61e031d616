"""How a returned value is judged: answer kinds, validity checks, equivalences, diagnoses.

An :class:`Answer` walks the diagnostic ladder on one test case and returns the first
:class:`Failure`, or ``None`` when the value is right:

1. ``type``     -- a numpy array (array-likes of numbers accepted), a number, a bool, a dict...
2. ``shape``    -- the shape of the expected value
3. ``dtype``    -- numbers, and real numbers where the exercise asks for real ones
4. ``finite``   -- no NaN or infinity
5. ``validity`` -- physical validity declared by the exercise (:func:`normalised`,
   :func:`unitary`, :func:`probability_vector`, :func:`psd_kernel`, ...)
6. ``value``    -- equal within tolerance after the exercise's equivalences
   (:func:`global_phase`, :func:`column_phase`, :func:`unordered`)

Precision (one rule for every comparator): a value returned in single precision (float32,
complex64, alone or inside an array) is accepted at the precision it carries: the
comparison's ``atol`` and ``rtol`` and the validity checks' tolerances are raised to at least
:data:`SINGLE_PRECISION_TOL` (about 80 float32 epsilons). Double precision is compared as
declared. Integers and bools are compared exactly where the answer kind is exact.

Array-likes: lists, tuples and any object with ``__array__`` are arrays; a dict subclass
(``collections.Counter``, ``defaultdict``) is a dict (the sandbox converts them to plain data).

When the value is wrong, generic diagnoses (reversed qubit order, conjugate, transpose,
global phase, a scale factor, wrong order) name a likely cause.

Use the factories: :func:`array`, :func:`state`, :func:`unitary_matrix`,
:func:`probabilities`, :func:`kernel_matrix`, :func:`scalar`, :func:`boolean`,
:func:`integer`, :func:`counts`.

>>> ans = state()
>>> ans.judge(np.array([1, 1]) / np.sqrt(2), np.array([1, 1j]) / np.sqrt(2)).stage
'value'
>>> ans.judge(1j * np.array([1, 0]), np.array([1, 0])) is None   # global phase allowed
True
>>> ans.judge(np.array([1.0, 1.0]), np.array([1, 1]) / np.sqrt(2)).message
'not normalised: norm 1.41 (a state vector must have norm 1)'
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

Validator = Callable[[np.ndarray], "str | None"]
"""A physical-validity check: ``value -> message`` when invalid, ``None`` when valid."""
Equivalence = Callable[[np.ndarray, np.ndarray], "tuple[np.ndarray, np.ndarray]"]
"""``(returned, expected) -> (returned', expected')`` brought to a common form before comparing."""
Diagnosis = Callable[[np.ndarray, np.ndarray, float], "str | None"]
"""``(returned, expected, atol) -> explanation`` when the wrong value has a recognisable cause."""


@dataclass(frozen=True)
class Foreign:
    """Stand-in for a returned object of a type the checker does not load (an arbitrary class).

    The sandbox sends this instead of the object itself so learner-defined classes never run
    code inside the checker.
    """

    type_name: str
    text: str
    shape: tuple[int, ...] | None = None
    """Set for an array too large to send back: its shape (the checker still judges the shape)."""


@dataclass(frozen=True)
class Failure:
    """The first rung of the ladder that failed, with a message in the learner's terms."""

    stage: str
    message: str
    diagnosis: str | None = None


SINGLE_PRECISION_TOL = 1e-5
"""Smallest atol/rtol used for values returned in float32/complex64 (see the module text)."""


def is_single_precision(value: Any) -> bool:
    """Whether ``value`` is a float32/complex64 (or smaller) array or number."""
    dtype = getattr(value, "dtype", None)
    return dtype is not None and dtype.kind in "fc" and dtype.itemsize <= (4 if dtype.kind == "f" else 8)


# --------------------------------------------------------------------------- formatting


def type_name(value: Any) -> str:
    """Name a returned value's type for a learner ("a list", "None", "a numpy array")."""
    if isinstance(value, Foreign):
        return f"a {value.type_name}"
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return "a numpy array"
    if isinstance(value, (bool, np.bool_)):
        return "a bool"
    name = type(value).__name__
    article = "an" if name[:1].lower() in "aeiou" else "a"
    return f"{article} {name}"


def fmt_number(x: complex | float, digits: int = 4) -> str:
    """Format a number compactly: ``1.41``, ``0.7071-0.7071j``, ``nan``."""
    x = complex(x) if isinstance(x, (complex, np.complexfloating)) else x
    if isinstance(x, complex):
        if abs(x.imag) < 10 ** (-digits - 2):
            return fmt_number(x.real, digits)
        if abs(x.real) < 10 ** (-digits - 2):
            return f"{fmt_number(x.imag, digits)}j"
        sign = "+" if x.imag >= 0 else "-"
        return f"{fmt_number(x.real, digits)}{sign}{fmt_number(abs(x.imag), digits)}j"
    return f"{float(x):.{digits}g}"


def format_value(value: Any, max_size: int = 64, max_chars: int = 2000) -> str:
    """Show a value to the learner: small arrays in full, large ones summarised.

    >>> format_value(np.array([1, 0]))
    'array([1, 0])'
    >>> format_value(np.zeros(1024))
    'array of shape (1024,), dtype float64: min 0, max 0, norm 0; first entries [0. 0. 0. 0.]'
    """
    if isinstance(value, Foreign):
        return f"<{value.type_name}> {value.text}"
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "biufc":
            return f"array of shape {value.shape}, dtype {value.dtype}"
        if value.size <= max_size:
            return np.array_repr(value, precision=4, suppress_small=True)[:max_chars]
        flat = value.ravel()
        parts = [f"array of shape {value.shape}, dtype {value.dtype}:"]
        if value.dtype.kind == "c":
            parts.append(f"norm {fmt_number(np.linalg.norm(flat))};")
        else:
            parts.append(
                f"min {fmt_number(np.nanmin(flat))}, max {fmt_number(np.nanmax(flat))}, "
                f"norm {fmt_number(np.linalg.norm(flat))};"
            )
        head = np.array2string(flat[:4], precision=4, suppress_small=True)
        parts.append(f"first entries {head}")
        return " ".join(parts)
    if isinstance(value, (float, complex, np.floating, np.complexfloating)):
        return fmt_number(value, 6)
    text = repr(value)
    return text if len(text) <= max_chars else text[: max_chars - 20] + f"... ({len(text)} characters)"


def _why_not_finite(x: complex) -> str:
    if math.isnan(x.real) or math.isnan(x.imag):
        return "not a number (NaN), as from 0/0, inf - inf, or a square root or log of a negative number"
    return "infinite, as from a division by zero or a log of 0"


def _where(idx: tuple[int, ...]) -> str:
    return f"index {idx[0]}" if len(idx) == 1 else f"index {idx}"


# --------------------------------------------------------------------------- validators


def normalised(atol: float = 1e-6) -> Validator:
    """Validity: the vector has 2-norm 1 (a quantum state).

    >>> normalised()(np.array([1.0, 1.0]))
    'not normalised: norm 1.41 (a state vector must have norm 1)'
    """

    def check(value: np.ndarray) -> str | None:
        norm = float(np.linalg.norm(value))
        if abs(norm - 1) > atol:
            return f"not normalised: norm {fmt_number(norm, 3)} (a state vector must have norm 1)"
        return None

    return check


def unitary(atol: float = 1e-6) -> Validator:
    """Validity: a square matrix ``U`` with ``U^dagger U = I``.

    >>> unitary()(np.array([[1, 1], [0, 1]]))
    'not unitary: U^dagger U differs from the identity by up to 1 (entry (0, 1))'
    """

    def check(value: np.ndarray) -> str | None:
        if value.ndim != 2 or value.shape[0] != value.shape[1]:
            return f"not a square matrix: shape {value.shape}"
        gap = np.abs(value.conj().T @ value - np.eye(value.shape[0]))
        worst = np.unravel_index(int(np.argmax(gap)), gap.shape)
        if gap[worst] > atol:
            return (
                f"not unitary: U^dagger U differs from the identity by up to "
                f"{fmt_number(gap[worst], 3)} (entry {tuple(int(i) for i in worst)})"
            )
        return None

    return check


def hermitian(atol: float = 1e-8) -> Validator:
    """Validity: a square matrix equal to its conjugate transpose."""

    def check(value: np.ndarray) -> str | None:
        if value.ndim != 2 or value.shape[0] != value.shape[1]:
            return f"not a square matrix: shape {value.shape}"
        gap = float(np.max(np.abs(value - value.conj().T), initial=0.0))
        if gap > atol:
            return f"not Hermitian: differs from its conjugate transpose by up to {fmt_number(gap, 3)}"
        return None

    return check


def probability_vector(atol: float = 1e-6) -> Validator:
    """Validity: real, non-negative entries summing to 1 (along the last axis).

    >>> probability_vector()(np.array([0.5, 0.7]))
    'not a probability vector: entries sum to 1.2, not 1'
    """

    def check(value: np.ndarray) -> str | None:
        if np.iscomplexobj(value) and np.max(np.abs(value.imag), initial=0.0) > atol:
            return "not a probability vector: probabilities are real numbers (did you forget abs(...)**2?)"
        real = np.real(value)
        if real.size and real.min() < -atol:
            idx = np.unravel_index(int(np.argmin(real)), real.shape)
            where = _where(tuple(int(i) for i in idx))
            return f"not a probability vector: negative entry {fmt_number(real[idx], 3)} at {where}"
        sums = real.sum(axis=-1)
        bad = np.abs(sums - 1) > atol
        if np.any(bad):
            total = float(np.ravel(sums)[np.argmax(np.ravel(bad))])
            return f"not a probability vector: entries sum to {fmt_number(total, 3)}, not 1"
        return None

    return check


def psd_kernel(atol: float = 1e-8, unit_diagonal: bool = False) -> Validator:
    """Validity: a symmetric positive semi-definite Gram matrix (optionally ones on the diagonal)."""

    def check(value: np.ndarray) -> str | None:
        if value.ndim != 2 or value.shape[0] != value.shape[1]:
            return f"a kernel matrix must be square; got shape {value.shape}"
        asym = float(np.max(np.abs(value - value.conj().T), initial=0.0))
        if asym > atol:
            return f"kernel matrix is not symmetric: K and K^T differ by up to {fmt_number(asym, 3)}"
        low = float(np.linalg.eigvalsh((value + value.conj().T) / 2).min(initial=0.0))
        if low < -max(atol, 1e-10) * max(1, value.shape[0]):
            return f"kernel matrix is not positive semi-definite: smallest eigenvalue {fmt_number(low, 3)}"
        if unit_diagonal and np.max(np.abs(np.diag(value) - 1), initial=0.0) > atol:
            return "a fidelity kernel has k(x, x) = 1 on the diagonal; some diagonal entries differ"
        return None

    return check


def _valid_at_single(check: Validator, value: np.ndarray) -> bool:
    """A validity failure that is only float32 rounding (the value passes at 1e-5)."""
    try:
        name = check.__qualname__.split(".")[0]
        factory = {
            "normalised": normalised,
            "unitary": unitary,
            "hermitian": hermitian,
            "probability_vector": probability_vector,
        }.get(name)
        return factory is not None and factory(SINGLE_PRECISION_TOL * 10)(value) is None
    except Exception:  # noqa: BLE001
        return False


# --------------------------------------------------------------------------- equivalences


def _phase_of(r: np.ndarray, e: np.ndarray) -> complex:
    overlap = np.vdot(r, e)
    return overlap / abs(overlap) if abs(overlap) > 1e-12 else 1.0


def global_phase(r: np.ndarray, e: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Equivalence: ``r`` and ``e`` are equal up to one overall factor ``e^{i phi}``.

    >>> r, e = global_phase(-1j * np.array([1.0, 0]), np.array([1.0, 0]))
    >>> bool(np.allclose(r, e))
    True
    """
    return r * _phase_of(r, e), e


def column_phase(r: np.ndarray, e: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Equivalence: each column (an eigenvector) may differ by its own sign or phase."""
    if r.ndim != 2:
        return global_phase(r, e)
    phases = np.array([_phase_of(r[:, j], e[:, j]) for j in range(r.shape[1])])
    return r * phases[None, :], e


def unordered(r: np.ndarray, e: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Equivalence: the entries may come in any order (a set of eigenvalues)."""

    def key(a: np.ndarray) -> np.ndarray:
        flat = np.round(np.ravel(a).astype(complex), 8)
        return flat[np.lexsort((flat.imag, flat.real))]

    return key(r), key(e)


# --------------------------------------------------------------------------- diagnoses


def reversed_qubit_order(r: np.ndarray, e: np.ndarray, atol: float) -> str | None:
    """Diagnosis: a vector of 2^n amplitudes (or a 2^n x 2^n matrix) with wires reversed."""
    n = int(round(math.log2(e.shape[0]))) if e.ndim in (1, 2) and e.shape[0] > 0 else 0
    if n < 2 or 2**n != e.shape[0] or (e.ndim == 2 and e.shape[1] != e.shape[0]):
        return None
    perm = np.array([int(format(i, f"0{n}b")[::-1], 2) for i in range(2**n)])
    flipped = e[perm] if e.ndim == 1 else e[np.ix_(perm, perm)]
    if np.allclose(flipped, e, atol=atol):
        return None
    if np.allclose(r, flipped, atol=atol):
        return "looks like qubit order is reversed: wire 0 is the most significant bit (leftmost in |q0 q1 ...>)"
    return None


def conjugated(r: np.ndarray, e: np.ndarray, atol: float) -> str | None:
    """Diagnosis: the complex conjugate of the expected value."""
    if np.iscomplexobj(e) and not np.allclose(e, e.conj(), atol=atol) and np.allclose(r, e.conj(), atol=atol):
        return "looks like the complex conjugate of the expected answer: check where a conjugate is taken or missing"
    return None


def transposed(r: np.ndarray, e: np.ndarray, atol: float) -> str | None:
    """Diagnosis: the transpose of the expected matrix."""
    if (
        e.ndim == 2
        and e.shape[0] == e.shape[1]
        and not np.allclose(e, e.T, atol=atol)
        and np.allclose(r, e.T, atol=atol)
    ):
        return "looks like the transpose of the expected matrix: rows and columns swapped?"
    return None


def phase_differs(r: np.ndarray, e: np.ndarray, atol: float) -> str | None:
    """Diagnosis: equal up to a global phase where the exercise wants the exact values."""
    aligned, _ = global_phase(r, e)
    phase = _phase_of(e, r)
    if abs(phase - 1) > 1e-6 and np.allclose(aligned, e, atol=atol):
        return f"equal to the expected answer times a global phase {fmt_number(phase, 3)}; here the exact phase matters"
    return None


def scaled(r: np.ndarray, e: np.ndarray, atol: float) -> str | None:
    """Diagnosis: proportional to the expected value (a missing or extra factor)."""
    denom = np.vdot(e, e)
    if abs(denom) < 1e-12:
        return None
    factor = np.vdot(e, r) / denom
    if abs(factor) < 1e-12 or abs(factor - 1) < 1e-6 or not np.allclose(r, factor * e, atol=atol):
        return None
    if abs(factor + 1) < 1e-6:
        return "the sign is flipped: your answer is minus the expected one"
    if abs(abs(factor) - 1) < 1e-6:
        return None  # a pure phase: see phase_differs
    return f"proportional to the expected answer by a factor {fmt_number(factor, 3)}: a missing or extra normalisation?"


def reordered(r: np.ndarray, e: np.ndarray, atol: float) -> str | None:
    """Diagnosis: the right entries in the wrong order."""
    a, b = unordered(r, e)
    if np.allclose(a, b, atol=max(atol, 1e-7)):
        return "the right values in the wrong order"
    return None


DEFAULT_DIAGNOSES: tuple[Diagnosis, ...] = (
    reversed_qubit_order,
    conjugated,
    transposed,
    scaled,
    phase_differs,
    reordered,
)


# --------------------------------------------------------------------------- the answer


@dataclass(frozen=True)
class Answer:
    """How to judge a returned value against the expected one (the diagnostic ladder).

    Args:
        kind: ``"array"``, ``"scalar"``, ``"bool"``, ``"int"``, ``"counts"`` or ``"exact"``
            (compare with ``==``, for strings, tuples of ints...).
        atol: absolute tolerance of the value comparison.
        rtol: relative tolerance of the value comparison.
        real: the values must be real (complex with a non-negligible imaginary part fails).
        validity: physical validity checks run on the returned value.
        equivalence: transformations applied to (returned, expected) before comparing.
        diagnoses: generic explanations tried when the value is wrong.
        what: what the value is, for messages ("state vector", "probability").
    """

    kind: str = "array"
    atol: float = 1e-8
    rtol: float = 1e-6
    real: bool = False
    validity: Sequence[Validator] = ()
    equivalence: Sequence[Equivalence] = ()
    diagnoses: Sequence[Diagnosis] = field(default=DEFAULT_DIAGNOSES)
    what: str = ""

    def __post_init__(self) -> None:
        kinds = ("array", "scalar", "bool", "int", "counts", "exact")
        if self.kind not in kinds:
            raise ValueError(f"Answer kind must be one of {kinds}; got {self.kind!r}")
        for attr in ("validity", "equivalence", "diagnoses"):
            object.__setattr__(self, attr, tuple(getattr(self, attr)))

    # -- the ladder --------------------------------------------------------------------

    def judge(self, value: Any, expected: Any, label: str = "", *, validity: bool = True) -> Failure | None:
        """Return the first failing rung for ``value`` against ``expected``, or ``None``.

        Args:
            value: what the learner returned (plain data from the sandbox).
            expected: what the reference returned on the same case.
            label: the case's label ("3 qubits"), appended to shape messages.
            validity: run the physical-validity rung and the "must be real" check (off when
                comparing with a typical mistake's output, which need not be valid).
        """
        judge = getattr(self, f"_judge_{self.kind}")
        return judge(value, expected, f" for {label}" if label else "", validity)

    def _missing_return(self, value: Any) -> Failure | None:
        if value is None:
            return Failure("type", "returned None: did you forget the `return` statement?")
        return None

    def _judge_array(self, value: Any, expected: Any, ctx: str, validity: bool) -> Failure | None:
        exp = np.asarray(expected)
        if (f := self._missing_return(value)) is not None:
            return f
        if isinstance(value, (list, tuple)) and not isinstance(value, Foreign):
            try:
                value = np.asarray(value)
            except (ValueError, TypeError):
                return Failure("type", f"returned {type_name(value)} that is not a rectangular array of numbers")
        if isinstance(value, (int, float, complex, np.number)) and not isinstance(value, bool) and exp.ndim > 0:
            return Failure("type", f"returned a single number, expected an array of shape {exp.shape}{ctx}")
        if isinstance(value, Foreign) and value.shape is not None:
            return Failure(
                "shape", f"returned a huge array of shape {value.shape} ({value.text}), expected shape {exp.shape}{ctx}"
            )
        if not isinstance(value, np.ndarray):
            return Failure("type", f"returned {type_name(value)}, expected a numpy array of shape {exp.shape}{ctx}")
        if value.shape != exp.shape:
            return Failure("shape", f"returned shape {value.shape}, expected {exp.shape}{ctx}")
        if value.dtype.kind not in "biufc":
            return Failure("dtype", f"returned an array of dtype {value.dtype}, expected numbers (dtype {exp.dtype})")
        if value.dtype.kind == "b" and exp.dtype.kind != "b":
            return Failure("dtype", f"returned an array of booleans, expected numbers (dtype {exp.dtype})")
        if self.real and validity and value.dtype.kind == "c":
            imag = float(np.max(np.abs(value.imag), initial=0.0))
            if imag > self.atol:
                return Failure(
                    "dtype",
                    f"returned complex values (imaginary part up to {fmt_number(imag, 3)}), expected real numbers",
                )
            value = value.real
        single = is_single_precision(value)
        if single:
            value = value.astype(np.complex128 if value.dtype.kind == "c" else np.float64)
        if not np.all(np.isfinite(value)):
            idx = tuple(int(i) for i in np.argwhere(~np.isfinite(value))[0])
            bad = value[idx] if idx else value
            return Failure(
                "finite",
                f"returned {fmt_number(bad)} at {_where(idx) if idx else 'the result'}: "
                f"{_why_not_finite(complex(bad))}",
            )
        if validity:
            for check in self.validity:
                if (msg := check(value)) is not None and not (single and _valid_at_single(check, value)):
                    return Failure("validity", msg)
        return self._compare_arrays(value, exp, single)

    def aligned(self, value: Any, expected: Any) -> tuple[Any, Any]:
        """``(returned, expected)`` as compared (after phase alignment), for showing them."""
        if self.kind != "array" or not isinstance(value, (np.ndarray, list, tuple)):
            return value, expected
        try:
            r, e = np.asarray(value), np.asarray(expected)
            if r.shape != e.shape or r.dtype.kind not in "biufc" or e.dtype.kind not in "biufc":
                return value, expected
            r = r.astype(complex) if np.iscomplexobj(e) or np.iscomplexobj(r) else r.astype(float)
            for eq in self.equivalence:
                if eq is unordered:
                    continue
                r, e = eq(r, e)
            return r, e
        except Exception:  # noqa: BLE001 - showing must never fail a check
            return value, expected

    def _compare_arrays(self, value: np.ndarray, exp: np.ndarray, single: bool = False) -> Failure | None:
        r, e = value.astype(complex) if np.iscomplexobj(exp) else value, exp
        for eq in self.equivalence:
            r, e = eq(r, e)
        atol = max(self.atol, SINGLE_PRECISION_TOL) if single else self.atol
        rtol = max(self.rtol, SINGLE_PRECISION_TOL) if single else self.rtol
        if np.allclose(r, e, atol=atol, rtol=rtol):
            return None
        diff = np.abs(np.asarray(r) - np.asarray(e))
        idx = tuple(int(i) for i in np.unravel_index(int(np.argmax(diff)), diff.shape)) if diff.ndim else ()
        where = f" at {_where(idx)}" if idx else ""
        what = self.what or "values"
        msg = f"wrong {what}: largest difference {fmt_number(diff[idx] if idx else diff, 3)}{where}"
        if idx and r.shape == value.shape and unordered not in self.equivalence:  # positions mean nothing after sorting
            shown = (
                "after aligning the global phase, "
                if any(eq in self.equivalence for eq in (global_phase, column_phase))
                else ""
            )
            msg += f" ({shown}returned {fmt_number(r[idx], 8)}, expected {fmt_number(e[idx], 8)})"
        return Failure("value", msg, self._diagnose(value, exp))

    def diagnosis_kind(self, value: Any, expected: Any) -> Diagnosis | None:
        """Which generic diagnosis (the function) explains this wrong value, if any."""
        try:
            v, e = np.asarray(value), np.asarray(expected)
            if v.dtype.kind not in "biufc" or e.dtype.kind not in "biufc":
                return None
            return self._diagnose(v, e, kind=True)  # type: ignore[return-value]
        except Exception:  # noqa: BLE001
            return None

    def _diagnose(self, value: np.ndarray, exp: np.ndarray, kind: bool = False) -> Any:
        if value.shape != exp.shape:
            return None
        tol = max(self.atol, 1e-7)
        for diagnosis in self.diagnoses:
            if diagnosis is phase_differs and global_phase in self.equivalence:
                continue
            if diagnosis is reordered and unordered in self.equivalence:
                continue
            if (msg := diagnosis(np.asarray(value), np.asarray(exp), tol)) is not None:
                return diagnosis if kind else msg
        return None

    def _judge_scalar(self, value: Any, expected: Any, ctx: str, validity: bool) -> Failure | None:
        if (f := self._missing_return(value)) is not None:
            return f
        if isinstance(value, np.ndarray):
            if value.size != 1:
                return Failure("type", f"returned an array of shape {value.shape}, expected a single number{ctx}")
            value = value.reshape(()).item()
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, complex, np.number)):
            return Failure("type", f"returned {type_name(value)}, expected a single number{ctx}")
        single = is_single_precision(value)
        exp = complex(expected) if isinstance(expected, (complex, np.complexfloating)) else float(expected)
        val = complex(value)
        if validity and (self.real or isinstance(exp, float)) and abs(val.imag) > self.atol:
            return Failure("dtype", f"returned the complex number {fmt_number(val)}, expected a real number")
        if not (math.isfinite(val.real) and math.isfinite(val.imag)):
            return Failure("finite", f"returned {fmt_number(val)}: {_why_not_finite(val)}")
        got: complex | float = val if isinstance(exp, complex) else val.real
        if validity:
            for check in self.validity:
                if (msg := check(np.asarray(got))) is not None:
                    return Failure("validity", msg)
        atol = max(self.atol, SINGLE_PRECISION_TOL) if single else self.atol
        rtol = max(self.rtol, SINGLE_PRECISION_TOL) if single else self.rtol
        if abs(got - exp) <= atol + rtol * abs(exp):
            return None
        diag = None
        if abs(exp) > 1e-12 and abs(got + exp) <= self.atol + self.rtol * abs(exp):
            diag = "the sign is flipped"
        elif abs(exp) > 1e-12 and abs(got - np.conj(exp)) <= self.atol and isinstance(exp, complex):
            diag = "looks like the complex conjugate: check which argument is conjugated"
        elif exp > 0 if isinstance(exp, float) else False:
            if abs(got - exp**2) <= self.atol + self.rtol * exp**2 and abs(exp - 1) > 1e-6:
                diag = "your answer is the square of the expected one: a missing square root?"
            elif got > 0 and abs(got**2 - exp) <= self.atol + self.rtol * exp and abs(exp - 1) > 1e-6:
                diag = "your answer is the square root of the expected one: an extra square root?"
        what = self.what or "value"
        return Failure("value", f"wrong {what}: returned {fmt_number(got, 10)}, expected {fmt_number(exp, 10)}", diag)

    def _judge_bool(self, value: Any, expected: Any, ctx: str, validity: bool) -> Failure | None:
        if (f := self._missing_return(value)) is not None:
            return f
        if isinstance(value, np.ndarray) and value.shape == () and value.dtype.kind == "b":
            value = bool(value)
        if not isinstance(value, (bool, np.bool_)):
            return Failure(
                "type",
                f"returned {type_name(value)} ({format_value(value, max_chars=60)}), expected True or False{ctx}",
            )
        if bool(value) != bool(expected):
            return Failure("value", f"returned {bool(value)}, expected {bool(expected)}{ctx}")
        return None

    def _judge_int(self, value: Any, expected: Any, ctx: str, validity: bool) -> Failure | None:
        if (f := self._missing_return(value)) is not None:
            return f
        if isinstance(value, np.ndarray) and value.shape == () and value.dtype.kind in "iu":
            value = int(value)
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
            extra = " (use int(...) or round)" if isinstance(value, (float, np.floating)) else ""
            return Failure(
                "type",
                f"returned {type_name(value)} ({format_value(value, max_chars=60)}), expected an integer{ctx}{extra}",
            )
        if int(value) != int(expected):
            return Failure("value", f"returned {int(value)}, expected {int(expected)}{ctx}")
        return None

    def _judge_exact(self, value: Any, expected: Any, ctx: str, validity: bool) -> Failure | None:
        if (f := self._missing_return(value)) is not None and expected is not None:
            return f
        if type(value) is not type(expected) and not isinstance(value, type(expected)):
            got, want = type_name(value), type_name(expected)
            if got == want:  # e.g. a summarised value: say what differs, not "a dict, expected a dict"
                got, want = format_value(value, max_chars=200), format_value(expected, max_chars=200)
            return Failure("type", f"returned {got}, expected {want}{ctx}")
        if value != expected:
            return Failure(
                "value",
                f"returned {format_value(value, max_chars=200)}, expected {format_value(expected, max_chars=200)}{ctx}",
            )
        return None

    def _judge_counts(self, value: Any, expected: Any, ctx: str, validity: bool) -> Failure | None:
        if (f := self._missing_return(value)) is not None:
            return f
        if (
            isinstance(value, dict)
            and len(value) > 4096
            and (not expected or len(value) > 2 ** len(next(iter(expected))))
        ):
            return Failure(
                "shape", f"returned a dict with {len(value)} keys; {len(expected)} outcomes were expected at most{ctx}"
            )
        if not isinstance(value, dict):
            return Failure("type", f"returned {type_name(value)}, expected a dict such as {{'01': 12, '10': 7}}{ctx}")
        bad_key = next((k for k in value if not isinstance(k, str)), None)
        if bad_key is not None:
            return Failure("type", f"keys must be bit strings like '01'; got the key {bad_key!r}")
        width = len(next(iter(expected))) if expected else None
        bad_key = next((k for k in value if set(k) - {"0", "1"} or (width is not None and len(k) != width)), None)
        if bad_key is not None:
            return Failure("shape", f"keys must be bit strings of length {width}{ctx}; got {bad_key!r}")
        bad = next(
            (
                (k, v)
                for k, v in value.items()
                if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, np.integer)) or v < 0
            ),
            None,
        )
        if bad is not None:
            return Failure("dtype", f"counts must be non-negative integers; got {bad[1]!r} for {bad[0]!r}")
        total, exp_total = sum(int(v) for v in value.values()), sum(int(v) for v in expected.values())
        if total != exp_total:
            return Failure("validity", f"counts add up to {total}, expected {exp_total} shots")
        keys = sorted(set(value) | set(expected))
        if width is not None and width <= 12:  # the full basis, in order, so diagnoses can reindex
            keys = [format(i, f"0{width}b") for i in range(2**width)]
        got = np.array([value.get(k, 0) for k in keys], dtype=float) / max(total, 1)
        exp = np.array([expected.get(k, 0) for k in keys], dtype=float) / max(exp_total, 1)
        tvd = 0.5 * float(np.abs(got - exp).sum())
        if tvd > self.atol:
            worst = keys[int(np.argmax(np.abs(got - exp)))]
            diag = reversed_qubit_order(got, exp, 1e-9) if width and len(keys) == 2**width else None
            return Failure(
                "value",
                f"counts differ from the expected distribution (total variation {fmt_number(tvd, 3)}); "
                f"'{worst}': returned {value.get(worst, 0)}, expected about {expected.get(worst, 0)}",
                diag,
            )
        return None


# --------------------------------------------------------------------------- factories


def array(
    atol: float = 1e-8,
    rtol: float = 1e-6,
    *,
    real: bool = False,
    validity: Sequence[Validator] = (),
    equivalence: Sequence[Equivalence] = (),
    what: str = "",
) -> Answer:
    """A numpy array compared entrywise (``np.allclose``) after the given equivalences."""
    return Answer("array", atol, rtol, real, tuple(validity), tuple(equivalence), what=what)


def state(atol: float = 1e-8, *, up_to_global_phase: bool = True) -> Answer:
    """A normalised state vector, compared up to a global phase unless told otherwise."""
    eq = (global_phase,) if up_to_global_phase else ()
    return Answer("array", atol, 0.0, False, (normalised(max(atol, 1e-6)),), eq, what="amplitudes")


def unitary_matrix(atol: float = 1e-8, *, up_to_global_phase: bool = False) -> Answer:
    """A unitary matrix, compared entrywise (optionally up to a global phase)."""
    eq = (global_phase,) if up_to_global_phase else ()
    return Answer("array", atol, 0.0, False, (unitary(max(atol, 1e-6)),), eq, what="matrix entries")


def probabilities(atol: float = 1e-8) -> Answer:
    """A probability vector (real, non-negative, summing to 1 along the last axis)."""
    return Answer("array", atol, 0.0, True, (probability_vector(max(atol, 1e-6)),), what="probabilities")


def kernel_matrix(atol: float = 1e-8, *, unit_diagonal: bool = False) -> Answer:
    """A symmetric positive semi-definite kernel (Gram) matrix."""
    return Answer("array", atol, 0.0, True, (psd_kernel(max(atol, 1e-8), unit_diagonal),), what="kernel entries")


def eigenvectors(atol: float = 1e-8) -> Answer:
    """A matrix whose columns are eigenvectors, each up to its own sign or phase."""
    return Answer("array", atol, 0.0, False, (), (column_phase,), what="eigenvector entries")


def scalar(atol: float = 1e-8, rtol: float = 1e-6, *, real: bool = False, what: str = "") -> Answer:
    """A single (real or complex) number."""
    return Answer("scalar", atol, rtol, real, what=what)


def boolean() -> Answer:
    """``True`` or ``False`` (numpy bools accepted)."""
    return Answer("bool")


def integer() -> Answer:
    """An integer (not a float that happens to be whole)."""
    return Answer("int")


def counts(tolerance: float = 0.0) -> Answer:
    """A dict of measurement counts ``{'01': 12, ...}``; ``tolerance`` is the allowed total
    variation distance between the two distributions (0 for exact counts)."""
    return Answer("counts", atol=tolerance)


def exact() -> Answer:
    """Any value compared with ``==`` (strings, tuples of ints, ...)."""
    return Answer("exact")
