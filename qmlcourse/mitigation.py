"""A first look at error mitigation: readout correction and zero-noise extrapolation.

Readout correction undoes a known confusion matrix ``A`` (``measured = A @ true``) by solving
the linear system. Zero-noise extrapolation (ZNE) measures an expectation value at several
amplified noise levels (by folding gates, ``U -> U (U^dagger U)^k``, or by scaling the noise
model) and extrapolates the curve back to zero noise. Neither removes the noise: both trade
more circuit runs (and more statistical variance) for less bias.

>>> import numpy as np
>>> from qmlcourse.sim.circuit import Circuit
>>> from qmlcourse.sim.noise import Channel, NoiseModel, noisy_expval
>>> c = Circuit(1)
>>> _ = c.ry(0.4, 0)
>>> model = NoiseModel.of(after={"*": Channel("depolarizing", 0.05)})
>>> scales = [1, 3, 5]
>>> values = [noisy_expval(fold_gates(c, s), "Z0", noise=model)[0] for s in scales]
>>> round(float(values[0]), 6), round(float(zero_noise_extrapolate(scales, values, "exp")), 6)
(0.859657, 0.921061)
>>> round(float(np.cos(0.4)), 6)
0.921061
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from qmlcourse.sim.circuit import Circuit
from qmlcourse.sim.gates import SX
from qmlcourse.sim.noise import readout_matrix
from qmlcourse.sim.operation import Operation

__all__ = ["confusion_matrix", "correct_readout", "fold_gates", "inverse_operation", "zero_noise_extrapolate"]

#: Gates that are their own inverse.
SELF_INVERSE = {"Identity", "PauliX", "PauliY", "PauliZ", "Hadamard", "CNOT", "CZ", "CY", "SWAP", "Toffoli"}

#: One-angle gates whose inverse is the same gate with the angle negated.
NEGATE_ANGLE = {"RX", "RY", "RZ", "PhaseShift", "CRX", "CRY", "CRZ", "IsingXX", "IsingYY", "IsingZZ", "MultiRZ"}


def confusion_matrix(p01: float | Sequence[float], p10: float | Sequence[float], n_wires: int) -> np.ndarray:
    """The readout confusion matrix of ``n_wires`` independent wires, ``(2**n, 2**n)``.

    Entry ``[measured, true]``; the tensor product of the per-wire matrices
    ``[[1 - p01, p10], [p01, 1 - p10]]`` with wire 0 as the most significant bit (the same
    convention as ``qmlcourse.sim.noise.readout_matrix`` and ``NoiseModel.readout``).

    Args:
        p01: ``p(1|0)``, one number for every wire or one per wire.
        p10: ``p(0|1)``, likewise.
        n_wires: the number of measured wires (1 to 12).

    >>> confusion_matrix(0.1, 0.0, 2).round(3)
    array([[0.81, 0.  , 0.  , 0.  ],
           [0.09, 0.9 , 0.  , 0.  ],
           [0.09, 0.  , 0.9 , 0.  ],
           [0.01, 0.1 , 0.1 , 1.  ]])
    """
    if isinstance(n_wires, bool) or not isinstance(n_wires, (int, np.integer)) or not 1 <= n_wires <= 12:
        raise ValueError(f"n_wires must be an integer in 1..12; got {n_wires!r}")
    a = np.broadcast_to(np.asarray(p01, dtype=np.float64), (n_wires,)) if np.ndim(p01) == 0 else np.asarray(p01)
    b = np.broadcast_to(np.asarray(p10, dtype=np.float64), (n_wires,)) if np.ndim(p10) == 0 else np.asarray(p10)
    if a.shape != (n_wires,) or b.shape != (n_wires,):
        raise ValueError(
            f"p01 and p10 must be numbers or have one entry per wire, shape ({n_wires},); got {a.shape} and {b.shape}"
        )
    out = np.ones((1, 1))
    for q in range(n_wires):
        out = np.kron(out, readout_matrix(float(a[q]), float(b[q])))
    return out


def correct_readout(probs: np.ndarray, confusion: np.ndarray) -> np.ndarray:
    """Undo readout error: solve ``confusion @ true = probs`` for the true probabilities.

    With exact ``probs`` this inverts the confusion exactly. Probabilities estimated from
    shots can give small negative solutions: they are clipped to 0 and every row is then
    renormalised to sum 1 (a simple fix, not the closest distribution).

    Args:
        probs: measured probabilities ``(d,)`` or ``(..., d)``.
        confusion: ``(d, d)``, entry ``[measured, true]`` (``confusion_matrix``).

    Returns:
        corrected probabilities, the shape of ``probs``.

    >>> A = confusion_matrix(0.1, 0.2, 1)
    >>> correct_readout(A @ np.array([0.25, 0.75]), A).round(12)
    array([0.25, 0.75])
    """
    p = np.asarray(probs, dtype=np.float64)
    a = np.asarray(confusion, dtype=np.float64)
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        raise ValueError(f"confusion must be a square matrix (d, d); got shape {a.shape}")
    if p.ndim < 1 or p.shape[-1] != a.shape[0]:
        raise ValueError(f"probs must have shape (..., {a.shape[0]}) to match the confusion matrix; got {p.shape}")
    if not (np.all(np.isfinite(p)) and np.all(np.isfinite(a))):
        raise ValueError("probs and confusion must be finite")
    cond = np.linalg.cond(a)
    if not np.isfinite(cond) or cond > 1e12:
        raise ValueError(
            f"the confusion matrix is singular (condition number {cond:.3g}): a wire with p(1|0) + p(0|1) = 1 "
            "carries no information"
        )
    flat = p.reshape(-1, a.shape[0])
    true = np.linalg.solve(a, flat.T).T
    true = np.clip(true, 0.0, None)
    total = true.sum(axis=1, keepdims=True)
    if np.any(total <= 0):
        raise ValueError("a corrected distribution is zero everywhere after clipping; check probs and confusion")
    return (true / total).reshape(p.shape)


def inverse_operation(op: Operation) -> tuple[str, tuple[int, ...], tuple, np.ndarray | None]:
    """``(name, wires, angles, matrix)`` of the inverse gate, for ``Circuit.add``.

    Self-inverse gates stay; rotations negate their angle; ``S`` and ``T`` become
    ``PhaseShift(-pi/2)`` and ``PhaseShift(-pi/4)``; ``SX`` and ``QubitUnitary`` become a
    ``QubitUnitary`` of the adjoint; ``Rot(a, b, c)`` becomes ``Rot(-c, -b, -a)`` and
    ``U3(t, p, d)`` becomes ``U3(-t, -d, -p)``.

    >>> inverse_operation(Operation("S", (0,)))[:2]
    ('PhaseShift', (0,))
    """
    name, wires, params = op.name, op.wires, op.params
    if name in SELF_INVERSE:
        return name, wires, (), None
    if name in NEGATE_ANGLE:
        return name, wires, (-params[0],), None
    if name == "S":
        return "PhaseShift", wires, (-np.pi / 2,), None
    if name == "T":
        return "PhaseShift", wires, (-np.pi / 4,), None
    if name == "SX":
        return "QubitUnitary", wires, (), SX.conj().T
    if name == "QubitUnitary":
        assert op.matrix is not None
        return name, wires, (), op.matrix.conj().T
    if name == "Rot":
        return name, wires, (-params[2], -params[1], -params[0]), None
    if name == "U3":
        return name, wires, (-params[0], -params[2], -params[1]), None
    raise ValueError(f"no inverse known for gate {name!r}")


def fold_gates(circuit: Circuit, scale: int) -> Circuit:
    """Global unitary folding: ``U -> U (U^dagger U)^k`` with ``scale = 2k + 1``.

    The folded circuit has ``scale`` times as many gates and the same unitary, so with noise
    after every gate (``NoiseModel.of(after={"*": ...})``) it runs at ``scale`` times the
    noise. Noise keyed by a gate name follows only gates of that name: the inverse of ``S``,
    ``T`` and ``SX`` has another name (see ``inverse_operation``), so key noise by ``"*"``
    for folding. The alternative, ``qmlcourse.sim.noise.scale_noise``, multiplies the
    channel probabilities instead; the two agree only to first order in the noise.

    Args:
        circuit: any circuit; its data and weight bindings are kept.
        scale: an odd integer ``>= 1``.

    >>> c = Circuit(1)
    >>> _ = c.rx(0.3, 0)
    >>> print(fold_gates(c, 3))
    0: ─RX(0.3)─RX(-0.3)─RX(0.3)─
    """
    if isinstance(scale, bool) or not isinstance(scale, (int, np.integer)) or scale < 1 or scale % 2 == 0:
        raise ValueError(f"scale must be an odd integer >= 1 (1, 3, 5, ...); got {scale!r}")
    folded = circuit.copy()
    inverse = Circuit(circuit.n_qubits)
    for op in reversed(circuit.operations):
        name, wires, params, matrix = inverse_operation(op)
        inverse.add(name, wires, *params, matrix=matrix)
    for _ in range((int(scale) - 1) // 2):
        folded.extend(inverse)
        folded.extend(circuit)
    return folded


def zero_noise_extrapolate(scales: Sequence[float], values, order: int | str = 1, asymptote: float = 0.0):
    """Extrapolate expectation values measured at several noise scales to scale 0.

    Args:
        scales: ``(S,)`` distinct noise scale factors (1 = the hardware's own noise).
        values: ``(S,)`` or ``(S, ...)``: the value at each scale (extra axes are fitted
            independently).
        order: an integer ``m``: least-squares polynomial of degree ``m`` (needs ``S > m``);
            ``"richardson"``: the polynomial of degree ``S - 1`` through every point;
            ``"exp"``: ``asymptote + a * exp(-b * scale)``, a straight-line fit of
            ``log|value - asymptote|`` (all values on one side of the asymptote). The default
            ``asymptote = 0`` is the limit of a traceless observable under depolarising noise.

    Returns:
        the extrapolated value at scale 0: a float, or ``values.shape[1:]``.

    >>> round(zero_noise_extrapolate([1, 2, 3], [0.7, 0.6, 0.5]), 12)
    0.8
    >>> round(zero_noise_extrapolate([1, 2, 3], [0.5, 0.25, 0.125], "exp"), 12)
    1.0
    """
    s = np.asarray(scales, dtype=np.float64)
    v = np.asarray(values, dtype=np.float64)
    if s.ndim != 1 or s.size < 2:
        raise ValueError(f"scales must be a 1-D sequence of at least 2 scale factors; got shape {s.shape}")
    if not np.all(np.isfinite(s)) or np.unique(s).size != s.size:
        raise ValueError(f"scales must be distinct finite numbers; got {s.tolist()}")
    if v.ndim < 1 or v.shape[0] != s.size:
        raise ValueError(f"values must have shape ({s.size}, ...) to match the {s.size} scales; got {v.shape}")
    if not np.all(np.isfinite(v)):
        raise ValueError("values contain NaN or infinite entries")
    flat = v.reshape(s.size, -1)
    if order == "exp":
        shifted = flat - float(asymptote)
        sign = np.sign(shifted[0])
        if np.any(shifted == 0) or np.any(np.sign(shifted) != sign):
            raise ValueError(
                f"exponential extrapolation needs every value on one side of the asymptote {asymptote}; "
                "use a polynomial order instead"
            )
        vander = np.stack([np.ones_like(s), s], axis=1)
        coef = np.linalg.lstsq(vander, np.log(np.abs(shifted)), rcond=None)[0]
        out = float(asymptote) + sign * np.exp(coef[0])
    else:
        if order == "richardson":
            degree = s.size - 1
        elif isinstance(order, (int, np.integer)) and not isinstance(order, bool) and order >= 0:
            degree = int(order)
            if s.size <= degree:
                raise ValueError(f"a degree-{degree} fit needs at least {degree + 1} scales; got {s.size}")
        else:
            raise ValueError(f"order must be a non-negative integer, 'richardson' or 'exp'; got {order!r}")
        vander = np.vander(s, degree + 1, increasing=True)
        out = np.linalg.lstsq(vander, flat, rcond=None)[0][0]
    out = out.reshape(v.shape[1:])
    return float(out) if out.ndim == 0 else out
