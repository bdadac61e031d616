"""Measurements on batched states: probabilities, expectation values, samples.

Observables are ``PauliWord`` (a tensor product of Pauli matrices), ``Hermitian`` (a matrix
on given wires) and ``Hamiltonian`` (a real linear combination of either). A string is read
as a Pauli word: ``"ZZI"`` (one letter per wire, wire 0 first) or ``"Z0 Z1"`` (letter and
wire pairs).

>>> from qmlcourse.sim.state import basis_state
>>> expval(basis_state("01"), "Z0 Z1")
array([-1.])
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from qmlcourse.sim.apply import apply_diagonal, apply_matrix, apply_permutation
from qmlcourse.sim.gates import PAULIS, pauli_z_signs
from qmlcourse.sim.state import check_wires, validate_state


@dataclass(frozen=True)
class PauliWord:
    """A tensor product of Pauli matrices, e.g. ``Z`` on wire 0 times ``X`` on wire 2.

    Attributes:
        terms: ``((wire, letter), ...)`` sorted by wire, identities left out.
    """

    terms: tuple[tuple[int, str], ...]

    @classmethod
    def parse(cls, word: str | Mapping[int, str] | PauliWord) -> PauliWord:
        """Read ``"ZZI"``, ``"Z0 X2"`` or ``{0: "Z", 2: "X"}``."""
        if isinstance(word, PauliWord):
            return word
        if isinstance(word, str):
            return _parse_text(word)
        return cls._parse(word)

    @classmethod
    def _parse(cls, word) -> PauliWord:
        if isinstance(word, Mapping):
            pairs = [(int(w), str(p).upper()) for w, p in word.items()]
        elif isinstance(word, str):
            text = word.replace("@", " ").strip().upper()
            if re.fullmatch(r"[IXYZ]+", text):
                pairs = list(enumerate(text))
            elif re.fullmatch(r"(\s*[IXYZ]\s*\d+\s*)+", text):
                pairs = [(int(w), p) for p, w in re.findall(r"([IXYZ])\s*(\d+)", text)]
            else:
                raise ValueError(f"a Pauli word is like 'ZZI' or 'Z0 X2'; got {word!r}")
        else:
            raise TypeError(f"expected a Pauli word (str, dict or PauliWord); got {type(word).__name__}")
        wires = [w for w, _ in pairs]
        if len(set(wires)) != len(wires):
            raise ValueError(f"a Pauli word names each wire at most once; got {word!r}")
        if any(p not in PAULIS for _, p in pairs):
            raise ValueError(f"Pauli letters are I, X, Y, Z; got {word!r}")
        return cls(tuple(sorted((w, p) for w, p in pairs if p != "I")))

    @property
    def wires(self) -> list[int]:
        return [w for w, _ in self.terms]

    def __str__(self) -> str:
        return " ".join(f"{p}{w}" for w, p in self.terms) or "I"


@functools.lru_cache(maxsize=1024)
def _parse_text(word: str) -> PauliWord:
    """``PauliWord.parse`` of a string, cached (training loops parse the same words each step)."""
    return PauliWord._parse(word)


#: A matrix is Hermitian when max |M - M^dagger| <= HERMITIAN_ATOL + HERMITIAN_RTOL * max |M|.
HERMITIAN_ATOL = 1e-10
HERMITIAN_RTOL = 1e-12


@dataclass(frozen=True, eq=False)
class Hermitian:
    """A Hermitian matrix ``(d, d)`` observed on ``wires`` (``d = 2**len(wires)``)."""

    matrix: np.ndarray
    wires: tuple[int, ...]

    def __init__(self, matrix, wires: Sequence[int] | int):
        m = np.asarray(matrix, dtype=np.complex128)
        w = check_wires(wires, None, "Hermitian")
        d = 2 ** len(w)
        if m.shape != (d, d):
            raise ValueError(f"a Hermitian observable on {len(w)} wire(s) needs shape ({d}, {d}); got {m.shape}")
        if not np.all(np.isfinite(m)):
            raise ValueError("the observable matrix contains NaN or infinite entries")
        err = float(np.abs(m - m.conj().T).max())
        tol = HERMITIAN_ATOL + HERMITIAN_RTOL * float(np.abs(m).max())
        if err > tol:
            raise ValueError(
                f"the observable matrix is not Hermitian: max |M - M^dagger| = {err:.3g} (tolerance {tol:.2g})"
            )
        m = m.copy()  # our own copy, read-only: the check cannot be bypassed by changing it later
        m.setflags(write=False)
        object.__setattr__(self, "matrix", m)
        object.__setattr__(self, "wires", w)

    def __str__(self) -> str:
        return f"Hermitian{list(self.wires)}"


@dataclass(frozen=True)
class Hamiltonian:
    """A real linear combination ``sum_i c_i O_i`` of Pauli words or Hermitian observables."""

    coeffs: tuple[float, ...]
    observables: tuple

    def __init__(self, coeffs: Sequence[float], observables: Sequence):
        if len(coeffs) != len(observables):
            raise ValueError(f"need one coefficient per observable; got {len(coeffs)} and {len(observables)}")
        values = tuple(float(c) for c in coeffs)
        bad = [i for i, c in enumerate(values) if not np.isfinite(c)]
        if bad:
            raise ValueError(f"Hamiltonian coefficient {bad[0]} must be a finite real number; got {values[bad[0]]}")
        object.__setattr__(self, "coeffs", values)
        object.__setattr__(self, "observables", tuple(as_observable(o) for o in observables))

    def __str__(self) -> str:
        return " + ".join(f"{c:g}*{o}" for c, o in zip(self.coeffs, self.observables, strict=False))


def as_observable(obs):
    """Return ``obs`` as a PauliWord, Hermitian or Hamiltonian (strings are Pauli words)."""
    if isinstance(obs, (Hermitian, Hamiltonian, PauliWord)):
        return obs
    return PauliWord.parse(obs)


def observable_wires(obs) -> list[int]:
    """Every wire an observable touches."""
    obs = as_observable(obs)
    if isinstance(obs, Hamiltonian):
        return sorted({w for o in obs.observables for w in observable_wires(o)})
    return list(obs.wires)


def probs(state: np.ndarray, wires: Sequence[int] | None = None) -> np.ndarray:
    """Born-rule probabilities of the computational basis, optionally marginal on ``wires``.

    Args:
        state: ``(B, 2, ..., 2)``.
        wires: the wires to keep, in the order of the output's bits (default all).

    Returns:
        ``(B, 2**k)`` with ``k = len(wires)``; each row sums to 1.

    >>> from qmlcourse.sim.state import basis_state
    >>> probs(basis_state("10"), wires=[1, 0])
    array([[0., 1., 0., 0.]])
    """
    validate_state(state)
    n = state.ndim - 1
    p = state.real**2 + state.imag**2
    if wires is None:
        return p.reshape(p.shape[0], -1)
    wires = list(check_wires(wires, n, "probs"))
    others = tuple(w + 1 for w in range(n) if w not in wires)
    marg = p.sum(axis=others)
    order = np.argsort(np.argsort(wires))  # position of each wire among the sorted kept axes
    marg = marg.transpose([0] + [1 + int(i) for i in order])
    return marg.reshape(p.shape[0], -1)


def apply_pauli_word(state: np.ndarray, word: PauliWord) -> np.ndarray:
    """Return ``P |psi>`` for a Pauli word ``P``; shape of ``state``."""
    out = state
    for w, p in word.terms:
        if p == "X":
            out = apply_permutation(out, (1, 0), [w])
        elif p == "Z":
            out = apply_diagonal(out, np.array([1.0, -1.0]), [w])
        else:
            out = apply_matrix(out, PAULIS["Y"], [w])
    return out


def apply_observable(state: np.ndarray, obs) -> np.ndarray:
    """Return ``O |psi>``; shape of ``state``."""
    obs = as_observable(obs)
    if isinstance(obs, PauliWord):
        return apply_pauli_word(state, obs)
    if isinstance(obs, Hermitian):
        return apply_matrix(state, obs.matrix, obs.wires)
    return sum(c * apply_observable(state, o) for c, o in zip(obs.coeffs, obs.observables, strict=False))


def _expval_one(state: np.ndarray, obs) -> np.ndarray:
    n = state.ndim - 1
    obs = as_observable(obs)
    if isinstance(obs, Hamiltonian):
        total = np.zeros(state.shape[0])
        for c, o in zip(obs.coeffs, obs.observables, strict=False):
            total = total + c * _expval_one(state, o)
        return total
    if observable_wires(obs):
        check_wires(observable_wires(obs), n, f"observable {obs}")
    if isinstance(obs, PauliWord) and all(p == "Z" for _, p in obs.terms):
        if not obs.terms:
            return np.ones(state.shape[0])
        return probs(state, obs.wires) @ pauli_z_signs(len(obs.terms))
    flat = state.reshape(state.shape[0], -1)
    other = apply_observable(state, obs).reshape(state.shape[0], -1)
    return np.einsum("bi,bi->b", flat.conj(), other).real


def expval(state: np.ndarray, observable) -> np.ndarray:
    """Expectation value ``<psi|O|psi>`` for each state of the batch.

    Args:
        state: ``(B, 2, ..., 2)``.
        observable: a Pauli word (``"Z0 Z1"``), ``Hermitian``, ``Hamiltonian``, or a list of
            these for several outputs.

    Returns:
        ``(B,)`` for one observable, ``(B, K)`` for a list of ``K``.
    """
    validate_state(state)
    if isinstance(observable, (list, tuple)):
        table = z_table(state.ndim - 1, observable)
        if table is not None:  # every word is a product of Z: one product with the probabilities
            return probs(state) @ table
        return np.stack([_expval_one(state, o) for o in observable], axis=-1)
    return _expval_one(state, observable)


def z_table(n: int, observables) -> np.ndarray | None:
    """Eigenvalues ``(2**n, K)`` of ``K`` Pauli words made of Z only, or None if any other
    observable is among them (wires are checked) or the table would exceed
    ``Z_TABLE_ENTRIES``. ``expval`` then needs one product ``probs @ table``, and
    ``sum_k c_k O_k |psi>`` is ``(c @ table.T) * psi``.

    >>> z_table(2, ["Z0", "Z0 Z1"]).T
    array([[ 1.,  1., -1., -1.],
           [ 1., -1., -1.,  1.]])
    """
    if 2**n * len(observables) > Z_TABLE_ENTRIES:
        return None
    words = []
    for o in observables:
        if isinstance(o, (Hermitian, Hamiltonian)):
            return None
        word = as_observable(o)
        if any(p != "Z" for _, p in word.terms):
            return None
        words.append(word)
    for word in words:
        if word.terms:
            check_wires(word.wires, n, f"observable {word}")
    return _z_table(n, tuple(words))


#: Largest table built (8 bytes an entry, 64 tables cached). Beyond it, one marginal per word
#: is cheaper than building ``2**n x K`` eigenvalues on every call.
Z_TABLE_ENTRIES = 2**16


@functools.lru_cache(maxsize=64)
def _z_table(n: int, words: tuple[PauliWord, ...]) -> np.ndarray:
    bits = (np.arange(2**n)[:, None] >> (n - 1 - np.arange(n))[None, :]) & 1  # (2**n, n), wire 0 first
    signs = 1.0 - 2.0 * bits
    table = np.ones((2**n, len(words)))
    for k, word in enumerate(words):
        for w in word.wires:
            table[:, k] *= signs[:, w]
    table.setflags(write=False)
    return table


def sample(
    state: np.ndarray, shots: int, wires: Sequence[int] | None = None, seed: int | np.random.Generator | None = None
) -> np.ndarray:
    """Measure ``shots`` times in the computational basis.

    Args:
        state: ``(B, 2, ..., 2)``.
        shots: number of measurements per state (positive).
        wires: wires to measure (default all), in the order of the output bits.
        seed: an integer seed or a ``numpy.random.Generator``.

    Returns:
        int8 array ``(B, shots, k)`` of bits, wire ``wires[0]`` first.

    >>> from qmlcourse.sim.state import basis_state
    >>> sample(basis_state("10"), shots=2, seed=0)[0].tolist()
    [[1, 0], [1, 0]]
    """
    if not isinstance(shots, (int, np.integer)) or isinstance(shots, bool) or shots < 1:
        raise ValueError(f"shots must be a positive integer; got {shots!r}")
    rng = np.random.default_rng(seed)
    p = probs(state, wires)
    batch, dim = p.shape
    k = dim.bit_length() - 1
    cum = np.cumsum(p, axis=1)
    cum /= cum[:, -1:]
    u = rng.random((batch, shots))
    rows = np.arange(batch)[:, None]
    idx = np.searchsorted((cum + rows).ravel(), (u + rows).ravel(), side="right").reshape(batch, shots)
    idx = np.minimum(idx - rows * dim, dim - 1)
    bits = (idx[..., None] >> np.arange(k - 1, -1, -1)) & 1
    return bits.astype(np.int8)


def counts(bits: np.ndarray) -> dict[str, int]:
    """Count bitstrings in samples of one state: ``(shots, k)`` -> ``{"01": 12, ...}``.

    >>> counts(np.array([[0, 1], [0, 1], [1, 1]]))
    {'01': 2, '11': 1}
    """
    arr = np.asarray(bits)
    if arr.ndim != 2:
        raise ValueError(f"bits must have shape (shots, k) for one state; got {arr.shape}")
    keys, n = np.unique(arr.astype(np.int64), axis=0, return_counts=True)
    return {"".join(map(str, k)): int(c) for k, c in zip(keys, n, strict=False)}
