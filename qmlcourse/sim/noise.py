"""Noisy circuits: density-matrix simulation with Kraus channels and readout error.

A density matrix of ``n`` qubits is held as a tensor ``(B, 2, ..., 2, 2, ..., 2)``: ``n`` row
axes, then ``n`` column axes (wire 0 most significant on both, as in PennyLane). A gate ``U``
acts as ``rho -> U rho U^dagger``: ``U`` on the row axes, ``conj(U)`` on the column axes, so
the statevector kernels of ``qmlcourse.sim.apply`` run it on a ``2n``-axis tensor. A channel
with Kraus operators ``K_k`` acts as ``rho -> sum_k K_k rho K_k^dagger``, applied as the
``4 x 4`` matrix ``sum_k K_k (x) conj(K_k)`` on the (row, column) axes of its wire.

The channels follow PennyLane's conventions (``qml.DepolarizingChannel`` and so on), and
``tests/sim/test_noise.py`` checks every result against ``default.mixed``. A ``NoiseModel``
says which channels follow which gates and what readout error the measurement has.

>>> import numpy as np
>>> from qmlcourse.sim.circuit import Circuit
>>> c = Circuit(1)
>>> _ = c.x(0)
>>> model = NoiseModel.of(after={"PauliX": Channel("bit_flip", 0.1)})
>>> noisy_probs(c, noise=model).round(6)
array([[0.1, 0.9]])
>>> noisy_expval(c, "Z0", noise=model).round(6)
array([-0.8])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from qmlcourse.sim.apply import apply_diagonal, apply_matrix, apply_permutation
from qmlcourse.sim.circuit import Circuit
from qmlcourse.sim.gates import GATES, PAULIS
from qmlcourse.sim.measure import Hamiltonian, Hermitian, PauliWord, apply_observable, as_observable
from qmlcourse.sim.operation import Angle, Operation
from qmlcourse.sim.state import check_peak

__all__ = [
    "CHANNELS",
    "MAX_NOISY_QUBITS",
    "Channel",
    "NoiseModel",
    "amplitude_damping",
    "apply_channel",
    "apply_gate",
    "bit_flip",
    "density_matrix",
    "depolarizing",
    "noisy_expval",
    "noisy_probs",
    "phase_damping",
    "readout_matrix",
    "scale_noise",
]

#: Density matrices hold ``4**n`` entries; beyond 10 qubits (16 MiB each) use the statevector.
MAX_NOISY_QUBITS = 10

#: Peak memory of a density-matrix run, in units of the batch of density matrices.
PEAK_FACTOR = 4.0


# --- channels ------------------------------------------------------------------------------
def _probability(p, name: str) -> float:
    if isinstance(p, bool) or not isinstance(p, (int, float, np.integer, np.floating)):
        raise ValueError(f"{name}: the probability must be a real number in [0, 1]; got {p!r}")
    value = float(p)
    if not 0.0 <= value <= 1.0:  # also false for NaN
        raise ValueError(f"{name}: the probability must be in [0, 1]; got {value}")
    return value


def depolarizing(p: float) -> list[np.ndarray]:
    """Kraus operators of ``rho -> (1 - p) rho + p/3 (X rho X + Y rho Y + Z rho Z)``.

    PennyLane's ``qml.DepolarizingChannel(p)``; ``p`` in ``[0, 1]`` (``p = 3/4`` gives the
    maximally mixed state). Returns four ``(2, 2)`` matrices.

    >>> sum(k.conj().T @ k for k in depolarizing(0.3)).real.round(12)
    array([[1., 0.],
           [0., 1.]])
    """
    p = _probability(p, "depolarizing")
    return [np.sqrt(1 - p) * PAULIS["I"]] + [np.sqrt(p / 3) * PAULIS[s] for s in "XYZ"]


def amplitude_damping(gamma: float) -> list[np.ndarray]:
    """Kraus operators of amplitude damping (decay ``|1> -> |0>`` with probability ``gamma``).

    PennyLane's ``qml.AmplitudeDamping(gamma)``: ``K0 = [[1, 0], [0, sqrt(1 - gamma)]]``,
    ``K1 = [[0, sqrt(gamma)], [0, 0]]``.

    >>> amplitude_damping(0.19)[0].real.round(3)
    array([[1. , 0. ],
           [0. , 0.9]])
    """
    g = _probability(gamma, "amplitude_damping")
    return [
        np.array([[1, 0], [0, np.sqrt(1 - g)]], dtype=np.complex128),
        np.array([[0, np.sqrt(g)], [0, 0]], dtype=np.complex128),
    ]


def phase_damping(gamma: float) -> list[np.ndarray]:
    """Kraus operators of phase damping: off-diagonal entries shrink by ``sqrt(1 - gamma)``.

    PennyLane's ``qml.PhaseDamping(gamma)``: ``K0 = [[1, 0], [0, sqrt(1 - gamma)]]``,
    ``K1 = [[0, 0], [0, sqrt(gamma)]]``.

    >>> len(phase_damping(0.5))
    2
    """
    g = _probability(gamma, "phase_damping")
    return [
        np.array([[1, 0], [0, np.sqrt(1 - g)]], dtype=np.complex128),
        np.array([[0, 0], [0, np.sqrt(g)]], dtype=np.complex128),
    ]


def bit_flip(p: float) -> list[np.ndarray]:
    """Kraus operators of ``rho -> (1 - p) rho + p X rho X`` (PennyLane's ``qml.BitFlip(p)``).

    >>> [k.real.round(3).tolist() for k in bit_flip(0.36)]
    [[[0.8, 0.0], [0.0, 0.8]], [[0.0, 0.6], [0.6, 0.0]]]
    """
    p = _probability(p, "bit_flip")
    return [np.sqrt(1 - p) * PAULIS["I"], np.sqrt(p) * PAULIS["X"]]


#: Channel name -> function of its probability returning the Kraus operators.
CHANNELS = {
    "depolarizing": depolarizing,
    "amplitude_damping": amplitude_damping,
    "phase_damping": phase_damping,
    "bit_flip": bit_flip,
}


@dataclass(frozen=True)
class Channel:
    """A one-qubit noise channel: its name (a key of ``CHANNELS``) and probability.

    >>> Channel("depolarizing", 0.01)
    Channel(name='depolarizing', p=0.01)
    >>> Channel("depolarizing", 1.5)
    Traceback (most recent call last):
    ...
    ValueError: depolarizing: the probability must be in [0, 1]; got 1.5
    """

    name: str
    p: float

    def __post_init__(self) -> None:
        if self.name not in CHANNELS:
            raise ValueError(f"unknown channel {self.name!r}; known channels: {', '.join(sorted(CHANNELS))}")
        object.__setattr__(self, "p", _probability(self.p, self.name))

    def kraus(self) -> list[np.ndarray]:
        """The Kraus operators, ``(2, 2)`` each."""
        return CHANNELS[self.name](self.p)

    def superoperator(self) -> np.ndarray:
        """``sum_k K_k (x) conj(K_k)``, ``(4, 4)``: the channel on the (row, column) index pair."""
        return sum((np.kron(k, k.conj()) for k in self.kraus()), np.zeros((4, 4), dtype=np.complex128))


def readout_matrix(p01: float, p10: float) -> np.ndarray:
    """Confusion matrix of one wire, ``(2, 2)``: entry ``[measured, true]``.

    Args:
        p01: probability of reading 1 when the qubit is in 0, ``p(1|0)``.
        p10: probability of reading 0 when the qubit is in 1, ``p(0|1)``.

    >>> readout_matrix(0.1, 0.2)
    array([[0.9, 0.2],
           [0.1, 0.8]])
    """
    a = _probability(p01, "readout p(1|0)")
    b = _probability(p10, "readout p(0|1)")
    return np.array([[1 - a, b], [a, 1 - b]])


# --- noise model ---------------------------------------------------------------------------
@dataclass(frozen=True)
class NoiseModel:
    """Which channels follow which gates, and the readout error.

    Attributes:
        after: ``((gate name, (Channel, ...)), ...)``: after every gate of that name (``"*"``
            for every gate) each channel acts on each wire the gate touched, in order. A gate
            matching both its name and ``"*"`` gets the ``"*"`` channels first.
        readout: ``((p01, p10), ...)`` per wire (``p01 = p(1|0)``, ``p10 = p(0|1)``), one
            pair for every wire, or ``()`` for perfect readout.

    Build it with ``NoiseModel.of``.

    >>> m = NoiseModel.of(after={"*": Channel("depolarizing", 0.01)}, readout=(0.02, 0.05))
    >>> m.channels_after("CNOT")
    (Channel(name='depolarizing', p=0.01),)
    """

    after: tuple[tuple[str, tuple[Channel, ...]], ...] = ()
    readout: tuple[tuple[float, float], ...] = ()

    def __post_init__(self) -> None:
        for name, channels in self.after:
            if name != "*" and name not in GATES:
                raise ValueError(f"unknown gate {name!r} in the noise model; known gates: {', '.join(sorted(GATES))}")
            if not all(isinstance(c, Channel) for c in channels):
                raise ValueError(f"the noise after {name!r} must be Channel objects; got {channels!r}")
        for pair in self.readout:
            if len(pair) != 2:
                raise ValueError(f"readout error is a pair (p(1|0), p(0|1)) per wire; got {pair!r}")
            readout_matrix(*pair)

    @classmethod
    def of(
        cls,
        after: Mapping[str, Channel | Sequence[Channel]] | None = None,
        readout: tuple[float, float] | Sequence[tuple[float, float]] | None = None,
    ) -> NoiseModel:
        """A model from ``{gate name or "*": channel(s)}`` and readout error.

        ``readout`` is one pair ``(p01, p10)`` for every wire or a sequence of pairs, one per
        wire.
        """
        items = []
        for name, chans in (after or {}).items():
            items.append((name, (chans,) if isinstance(chans, Channel) else tuple(chans)))
        pairs: tuple[tuple[float, float], ...] = ()
        if readout is not None:
            arr = np.asarray(readout, dtype=np.float64)
            if arr.shape == (2,):
                arr = arr[None, :]
            if arr.ndim != 2 or arr.shape[1] != 2:
                raise ValueError(
                    "readout must be a pair (p01, p10) or a sequence of pairs, shape (n_wires, 2); "
                    f"got shape {arr.shape}"
                )
            pairs = tuple((float(a), float(b)) for a, b in arr)
        return cls(tuple(items), pairs)

    def channels_after(self, gate: str) -> tuple[Channel, ...]:
        """The channels that follow a gate of this name, in order."""
        found: tuple[Channel, ...] = ()
        for name, channels in self.after:
            if name == "*":
                found = channels + found
            elif name == gate:
                found = found + channels
        return found

    def readout_for(self, n_wires: int) -> tuple[tuple[float, float], ...]:
        """The readout pairs for ``n_wires`` wires (one pair is spread over every wire)."""
        if not self.readout:
            return ()
        if len(self.readout) == 1:
            return self.readout * n_wires
        if len(self.readout) != n_wires:
            raise ValueError(
                f"the noise model has readout error for {len(self.readout)} wires; the circuit has {n_wires}"
            )
        return self.readout


def scale_noise(model: NoiseModel, factor: float) -> NoiseModel:
    """The model with every gate channel's probability multiplied by ``factor``.

    Readout error is left as it is (it does not grow with the circuit). Used for zero-noise
    extrapolation by noise scaling; raises ValueError if a scaled probability leaves [0, 1].

    >>> m = NoiseModel.of(after={"CNOT": Channel("bit_flip", 0.1)})
    >>> scale_noise(m, 3).channels_after("CNOT")
    (Channel(name='bit_flip', p=0.30000000000000004),)
    """
    f = float(factor)
    if not np.isfinite(f) or f < 0:
        raise ValueError(f"the noise scale factor must be a non-negative number; got {factor!r}")
    after = tuple((name, tuple(replace(c, p=c.p * f) for c in chans)) for name, chans in model.after)
    return replace(model, after=after)


# --- kernels -------------------------------------------------------------------------------
def apply_gate(rho: np.ndarray, op: Operation, angles: Sequence[Angle]) -> np.ndarray:
    """``U rho U^dagger`` for one operation with its bound angles.

    Args:
        rho: ``(B, 2, ..., 2)`` with ``2n`` axes after the batch (rows, then columns).
        op: the gate; angles: its bound angles (floats or arrays ``(B,)``).

    Returns:
        the new tensor, batch ``max(B, batch of the angles)``.
    """
    n = (rho.ndim - 1) // 2
    wires = list(op.wires)
    cols = [w + n for w in wires]
    spec = GATES[op.name]
    if spec.kind == "permutation":
        assert spec.perm is not None
        return apply_permutation(apply_permutation(rho, spec.perm, wires), spec.perm, cols)
    if spec.kind == "diagonal":
        assert spec.diag is not None
        diag = spec.diag(*angles, n_wires=len(wires))
        return apply_diagonal(apply_diagonal(rho, diag, wires), diag.conj(), cols)
    m = op.matrix if op.name == "QubitUnitary" else spec.matrix(*angles, n_wires=len(wires))
    assert m is not None
    return apply_matrix(apply_matrix(rho, m, wires), m.conj(), cols)


def apply_channel(rho: np.ndarray, channel: Channel, wire: int) -> np.ndarray:
    """``sum_k K_k rho K_k^dagger`` on one wire; ``rho`` as in ``apply_gate``.

    >>> rho = np.zeros((1, 2, 2), dtype=complex); rho[0, 1, 1] = 1
    >>> apply_channel(rho, Channel("amplitude_damping", 0.25), 0)[0].real
    array([[0.25, 0.  ],
           [0.  , 0.75]])
    """
    n = (rho.ndim - 1) // 2
    return apply_matrix(rho, channel.superoperator(), [wire, wire + n])


def _run(circuit: Circuit, x, w, noise: NoiseModel | None):
    """Validated inputs and the final tensor ``(P * N, 2, ..., 2)`` (2n axes)."""
    n = circuit.n_qubits
    if n > MAX_NOISY_QUBITS:
        raise ValueError(
            f"density-matrix simulation supports at most {MAX_NOISY_QUBITS} qubits; got a {n}-qubit circuit"
        )
    if noise is not None and not isinstance(noise, NoiseModel):
        raise ValueError(f"noise must be a NoiseModel or None; got {type(noise).__name__}")
    x, w, n_samples, n_sets, batched = circuit._inputs(x, w)
    batch = n_samples * n_sets
    check_peak(2 * n, batch, PEAK_FACTOR, "this density-matrix simulation")
    angles = circuit._angles(x, w, n_sets, n_samples)
    rho = np.zeros((1,) + (2,) * (2 * n), dtype=np.complex128)
    rho[(0,) * (2 * n + 1)] = 1.0
    for op, a in zip(circuit.operations, angles, strict=True):
        rho = apply_gate(rho, op, a)
        if noise is not None:
            for channel in noise.channels_after(op.name):
                for wire in op.wires:
                    rho = apply_channel(rho, channel, wire)
    if rho.shape[0] != batch:
        rho = np.broadcast_to(rho, (batch,) + rho.shape[1:]).copy()
    return rho, n_samples, n_sets, batched


def _shaped(values: np.ndarray, n_samples: int, n_sets: int, batched: bool) -> np.ndarray:
    values = values.reshape((n_sets, n_samples) + values.shape[1:])
    return values if batched else values[0]


def density_matrix(circuit: Circuit, x=None, w=None, noise: NoiseModel | None = None) -> np.ndarray:
    """The final density matrices of a noisy circuit (gate noise only; readout is a measurement).

    Args:
        circuit: at most ``MAX_NOISY_QUBITS`` qubits.
        x: data ``(N, d)``; w: weights ``(n_weights,)`` or ``(P, n_weights)`` (as ``Circuit``).
        noise: the noise model, or None for the noiseless ``|psi><psi|``.

    Returns:
        ``(N, 2**n, 2**n)``, or ``(P, N, 2**n, 2**n)`` for a batch of weight sets.

    >>> c = Circuit(1)
    >>> _ = c.h(0)
    >>> density_matrix(c, noise=NoiseModel.of(after={"Hadamard": Channel("phase_damping", 1.0)}))[0].real
    array([[0.5, 0. ],
           [0. , 0.5]])
    """
    rho, n_samples, n_sets, batched = _run(circuit, x, w, noise)
    d = 2**circuit.n_qubits
    return _shaped(rho.reshape(-1, d, d), n_samples, n_sets, batched)


def _readout(p: np.ndarray, pairs: Sequence[tuple[float, float]]) -> np.ndarray:
    """Apply per-wire confusion matrices to probabilities ``(B, 2**n)``."""
    n = len(pairs)
    t = p.reshape((p.shape[0],) + (2,) * n)
    for q, (a, b) in enumerate(pairs):
        t = np.moveaxis(np.tensordot(readout_matrix(a, b), t, axes=([1], [q + 1])), 0, q + 1)
    return t.reshape(p.shape[0], -1)


def noisy_probs(circuit: Circuit, x=None, w=None, noise: NoiseModel | None = None) -> np.ndarray:
    """Probabilities of the measured bit strings, with gate noise and readout error.

    The readout error of wire ``q`` mixes the outcomes with its confusion matrix
    ``readout_matrix(p01, p10)`` (measured = A @ true, wire by wire).

    Returns:
        ``(N, 2**n)``, or ``(P, N, 2**n)`` for a batch of weight sets; wire 0 is the most
        significant bit of the index.
    """
    rho, n_samples, n_sets, batched = _run(circuit, x, w, noise)
    d = 2**circuit.n_qubits
    p = np.einsum("bii->bi", rho.reshape(-1, d, d)).real.copy()
    np.clip(p, 0.0, None, out=p)  # rounding can leave -1e-17
    if noise is not None and noise.readout:
        p = _readout(p, noise.readout_for(circuit.n_qubits))
    return _shaped(p, n_samples, n_sets, batched)


def _diagonal(obs, n: int) -> np.ndarray | None:
    """The observable's diagonal ``(2**n,)`` if it is diagonal in the computational basis."""
    obs = as_observable(obs)
    if isinstance(obs, PauliWord) and any(p != "Z" for _, p in obs.terms):
        return None
    if isinstance(obs, Hermitian) and np.any(obs.matrix - np.diag(np.diag(obs.matrix))):
        return None
    if isinstance(obs, Hamiltonian):
        parts = [_diagonal(o, n) for o in obs.observables]
        if any(d is None for d in parts):
            return None
        return sum((c * d for c, d in zip(obs.coeffs, parts, strict=True) if d is not None), np.zeros(2**n))
    basis = np.ones((1,) + (2,) * n, dtype=np.complex128)
    return apply_observable(basis, obs).reshape(-1).real


def _dense(obs, n: int) -> np.ndarray:
    """The observable as a ``(2**n, 2**n)`` matrix."""
    d = 2**n
    basis = np.eye(d, dtype=np.complex128).reshape((d,) + (2,) * n)
    return apply_observable(basis, obs).reshape(d, d).T


def noisy_expval(circuit: Circuit, observable, x=None, w=None, noise: NoiseModel | None = None) -> np.ndarray:
    """Expectation values ``Tr(O rho)`` of a noisy circuit.

    Args:
        observable: a Pauli word (``"Z0 Z1"``), ``Hermitian``, ``Hamiltonian`` or a list of them.
        x, w, noise: as ``density_matrix``.

    With readout error in the model, the observables must be diagonal (Z and I Pauli words
    or diagonal matrices): the value is then the readout-corrupted probabilities times the
    diagonal, as a device measuring in the computational basis reports. Measure X or Y by
    rotating the circuit first. Without readout error any observable is allowed.

    Returns:
        ``(N,)`` for one observable, ``(N, K)`` for a list of ``K``; ``P`` first if batched.
    """
    many = isinstance(observable, (list, tuple))
    observables = list(observable) if many else [observable]
    circuit._check_observable(observable)
    n = circuit.n_qubits
    readout = noise is not None and bool(noise.readout)
    if readout:
        diags = [_diagonal(o, n) for o in observables]
        bad = [str(o) for o, dg in zip(observables, diags, strict=True) if dg is None]
        if bad:
            raise ValueError(
                f"with readout error only observables diagonal in the computational basis (Z words) can be "
                f"measured; got {', '.join(bad)}: rotate the circuit into the Z basis instead"
            )
        p = noisy_probs(circuit, x, w, noise)
        values = np.stack([p @ dg for dg in diags if dg is not None], axis=-1)
    else:
        rho = density_matrix(circuit, x, w, noise)
        values = np.stack([np.einsum("ij,...ji->...", _dense(o, n), rho).real for o in observables], axis=-1)
    return values if many else values[..., 0]
