"""Exercises and concept checks of lesson ``qnn.layers`` (notebooks/17_qnn_layers.ipynb).

Two exercises:

* ``layer_parameter_count`` (a decision, not a formula to copy): a layer is given as a list of
  gate names (single-qubit gates on every wire, two-qubit gates in a chain or a ring); the
  learner decides which gates carry trainable angles, how many each, and how many gates there
  are, for ``n_layers`` layers on ``n_qubits`` wires;
* ``softmax_readout``: expectation values and a scale factor to class probabilities, stable
  for large logits (``s <Z_k>`` with ``s`` in the hundreds).

Two concept checks: why ``QNNClassifier`` multiplies its read-outs by a scale, and which read-out
it uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from qmlcourse.exercises import Concept, Exercise, Mistake, Option, case, compare
from qmlcourse.grading.compare import Answer, Failure, probability_vector

# --------------------------------------------------------------------------- layer_parameter_count

#: Single-qubit gate names a layer may hold (applied once on every wire) and their angle counts.
SINGLE_QUBIT = {"H": 0, "X": 0, "RX": 1, "RY": 1, "RZ": 1, "Rot": 3}
#: Two-qubit gate names and their angle counts; a layer uses them as "<name>-chain" or "<name>-ring".
TWO_QUBIT = {"CNOT": 0, "CZ": 0, "CRZ": 1}


def layer_parameter_count(layer, n_layers, n_qubits):
    """Trainable angles of ``n_layers`` repetitions of ``layer`` on ``n_qubits`` wires."""
    angles_1q = {"H": 0, "X": 0, "RX": 1, "RY": 1, "RZ": 1, "Rot": 3}  # Rot(phi, theta, omega): three angles
    angles_2q = {"CNOT": 0, "CZ": 0, "CRZ": 1}  # CNOT and CZ are fixed gates; CRZ has one angle
    per_layer = 0
    for gate in layer:
        if "-" in gate:  # a two-qubit pattern: a chain has n - 1 gates, a ring (n >= 3) n gates
            name, pattern = gate.split("-")
            n_gates = n_qubits - 1 if pattern == "chain" else n_qubits
            per_layer += angles_2q[name] * n_gates
        else:  # a single-qubit gate on every wire
            per_layer += angles_1q[gate] * n_qubits
    return int(per_layer * n_layers)


def _count(layer, n_layers, n_qubits, *, rot=3, fixed_2q=0, crz=1, layers=True):
    """The count with one rule changed (for the typical mistakes)."""
    total = 0
    for gate in layer:
        if "-" in gate:
            name, pattern = gate.split("-")
            n_gates = n_qubits - 1 if pattern == "chain" else n_qubits
            total += (crz if name == "CRZ" else fixed_2q) * n_gates
        else:
            total += (rot if gate == "Rot" else SINGLE_QUBIT[gate]) * n_qubits
    return int(total * (n_layers if layers else 1))


def _lpc_one_per_wire(layer, n_layers, n_qubits):
    return n_qubits * n_layers


def _lpc_fixed_counted(layer, n_layers, n_qubits):
    return _count(layer, n_layers, n_qubits, fixed_2q=1)


def _lpc_rot_one(layer, n_layers, n_qubits):
    return _count(layer, n_layers, n_qubits, rot=1)


def _lpc_one_layer(layer, n_layers, n_qubits):
    return _count(layer, n_layers, n_qubits, layers=False)


def _lpc_crz_fixed(layer, n_layers, n_qubits):
    return _count(layer, n_layers, n_qubits, crz=0)


def _lpc_table(layer, n_layers, n_qubits):
    per_gate = {"H": 0, "X": 0, "RX": 1, "RY": 1, "RZ": 1, "Rot": 3, "CNOT": 0, "CZ": 0, "CRZ": 1}
    n_gates = {"chain": n_qubits - 1, "ring": n_qubits}
    return n_layers * sum(
        per_gate[g.split("-")[0]] * (n_gates[g.split("-")[1]] if "-" in g else n_qubits) for g in layer
    )


def _lpc_by_gates(layer, n_layers, n_qubits):
    # list every gate of the whole circuit with its angle count, then add up
    gates = []
    for _ in range(n_layers):
        for g in layer:
            if g.endswith("-chain"):
                gates += [g[:-6]] * (n_qubits - 1)
            elif g.endswith("-ring"):
                gates += [g[:-5]] * n_qubits
            else:
                gates += [g] * n_qubits
    return sum(3 if g == "Rot" else (1 if g in ("RX", "RY", "RZ", "CRZ") else 0) for g in gates)


def _lpc_cases(rng: np.random.Generator) -> list:
    documented = [
        case(["RY", "RZ", "CNOT-chain"], 2, 3,
             label="hardware-efficient layer (RY, RZ, CNOT chain), 2 layers, 3 qubits"),
        case(["Rot", "CNOT-ring"], 2, 4, label="strongly entangling layer (Rot, CNOT ring), 2 layers, 4 qubits"),
        case(["H", "RY", "CRZ-ring"], 3, 3, label="H, RY and a CRZ ring, 3 layers, 3 qubits"),
        case(["RX", "Rot", "CZ-chain"], 1, 5, label="RX, Rot and a CZ chain, 1 layer, 5 qubits"),
        case(["Rot", "CRZ-chain", "RY"], 2, 2, label="Rot, a CRZ chain and RY, 2 layers, 2 qubits"),
    ]
    singles = list(SINGLE_QUBIT)
    extra = []
    for _ in range(3):
        k = int(rng.integers(1, 3))
        layer = [str(g) for g in rng.choice(singles, size=k, replace=False)]
        layer.insert(int(rng.integers(0, k + 1)), f"{rng.choice(list(TWO_QUBIT))}-{rng.choice(['chain', 'ring'])}")
        n_layers, n_qubits = int(rng.integers(1, 5)), int(rng.integers(3, 7))
        extra.append(case(layer, n_layers, n_qubits, label=f"{layer}, {n_layers} layers, {n_qubits} qubits"))
    return documented + extra


LAYER_PARAMETER_COUNT = Exercise(
    id="qnn.layers/layer_parameter_count",
    title="Counting the trainable angles of a layered circuit",
    statement=(
        "A layer is a list of gate names: single-qubit gates applied on every wire, and two-qubit gates in a "
        "chain or a ring. Return how many trainable angles n_layers such layers have on n_qubits wires."
    ),
    template='''def layer_parameter_count(layer, n_layers, n_qubits):
    """Return the number of trainable angles (an int) of n_layers copies of a layer.

    layer: list of gate names, applied in this order in every layer.
        "H", "X", "RX", "RY", "RZ", "Rot": that gate on EVERY wire, each gate with its own
            trainable angle(s) (Rot is the general rotation Rot(phi, theta, omega)).
        "CNOT-chain", "CZ-chain", "CRZ-chain": that two-qubit gate on wires (0, 1), (1, 2), ...,
            (n - 2, n - 1).
        "CNOT-ring", "CZ-ring", "CRZ-ring": the same on (q, (q + 1) mod n) for q = 0..n-1
            (only used with n_qubits >= 3). Each CRZ has its own trainable angle.
    n_layers, n_qubits: positive integers.
    Example: layer_parameter_count(["RY", "CZ-chain"], 2, 3) -> 6
    """
    raise NotImplementedError("count the angles")
''',
    reference=layer_parameter_count,
    cases=_lpc_cases,
    answer=compare.integer(),
    mistakes=[
        Mistake(
            _lpc_one_per_wire,
            "you counted one angle per wire per layer (n_qubits * n_layers): a layer may hold several rotations on "
            "each wire, and each contributes its own angles (RY and RZ: 2 per wire; Rot: 3; H: none)",
        ),
        Mistake(
            _lpc_fixed_counted,
            "you counted the CNOT or CZ gates as parameters: they are fixed gates with no angle; they entangle, "
            "but training cannot change them. Only the CRZ gates among the two-qubit gates carry an angle",
        ),
        Mistake(
            _lpc_rot_one,
            "you counted Rot as one parameter: Rot(phi, theta, omega) = RZ(omega) RY(theta) RZ(phi) has three "
            "angles, which is why a strongly entangling layer has 3 n weights",
        ),
        Mistake(
            _lpc_one_layer,
            "you counted the angles of one layer only: each of the n_layers layers has its own angles, so the "
            "count of one layer is multiplied by n_layers",
        ),
        Mistake(
            _lpc_crz_fixed,
            "you treated the CRZ gates as fixed: a controlled RZ has a trainable angle, one per gate (n - 1 in a "
            "chain, n in a ring), unlike CNOT and CZ",
        ),
    ],
    alternatives=[_lpc_table, _lpc_by_gates],
    hints=[
        "Count per layer, then multiply by the number of layers. Two questions for every gate name: how many "
        "copies of the gate are there in one layer, and how many trainable angles does each copy have?",
        "A single-qubit gate name means n copies (one per wire); a chain has n - 1 two-qubit gates and a ring "
        "has n. Angles per copy: H, X, CNOT, CZ: 0; RX, RY, RZ, CRZ: 1; Rot: 3.",
        "per_layer = sum over the names of (angles per copy) * (copies); return n_layers * per_layer. For "
        "[\"RY\", \"RZ\", \"CNOT-chain\"] that is 2 * n * n_layers.",
    ],
    seed=171,
)


# --------------------------------------------------------------------------- softmax_readout


def softmax_readout(expvals, scale):
    """Class probabilities softmax(scale * expvals) along each row, with the row maximum subtracted."""
    z = scale * np.asarray(expvals, dtype=float)  # the logits
    z = z - z.max(axis=1, keepdims=True)  # softmax does not change; exp now never overflows
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _sr_naive(expvals, scale):
    with np.errstate(over="ignore", invalid="ignore"):  # the learner's version warns; this copy stays quiet
        e = np.exp(scale * np.asarray(expvals, dtype=float))
        return e / e.sum(axis=1, keepdims=True)


def _sr_wrong_axis(expvals, scale):
    z = scale * np.asarray(expvals, dtype=float)
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def _sr_no_scale(expvals, scale):
    z = np.asarray(expvals, dtype=float)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _sr_divided(expvals, scale):
    z = np.asarray(expvals, dtype=float) / scale
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _sr_logsumexp(expvals, scale):
    z = scale * np.asarray(expvals, dtype=float)
    m = z.max(axis=1, keepdims=True)
    return np.exp(z - m - np.log(np.exp(z - m).sum(axis=1, keepdims=True)))


def _sr_scipy(expvals, scale):
    from scipy.special import softmax

    return softmax(scale * np.asarray(expvals, dtype=float), axis=1)


@dataclass(frozen=True)
class ReadoutAnswer(Answer):
    """Probabilities (rows summing to 1); when two answers are compared with each other (a
    learner's with a typical mistake's, ``validity=False``), NaN and inf count as equal to NaN and
    inf at the same places, so an overflowing softmax is recognised as the mistake it is."""

    def judge(self, value: Any, expected: Any, label: str = "", *, validity: bool = True) -> Failure | None:
        if not validity:
            try:
                v, e = np.asarray(value, dtype=float), np.asarray(expected, dtype=float)
            except (TypeError, ValueError):
                return super().judge(value, expected, label, validity=validity)
            if v.shape == e.shape and not (np.all(np.isfinite(v)) and np.all(np.isfinite(e))):
                same = np.array_equal(np.isnan(v), np.isnan(e)) and np.array_equal(np.isinf(v), np.isinf(e))
                ok = np.isfinite(v)
                if same and np.array_equal(v[np.isinf(v)], e[np.isinf(e)]) and np.allclose(
                        v[ok], e[ok], atol=self.atol, rtol=self.rtol):
                    return None
                return Failure("value", "the two answers differ")
        return super().judge(value, expected, label, validity=validity)


def _sr_cases(rng: np.random.Generator) -> list:
    def ev(n, k):
        return rng.uniform(-1.0, 1.0, (n, k))

    return [
        case(ev(4, 3), 1.0, label="4 samples, 3 classes, scale 1"),
        case(ev(5, 3), 3.0, label="5 samples, 3 classes, scale 3"),
        case(ev(3, 2), 10.0, label="3 samples, 2 classes, scale 10"),
        case(ev(2, 4), 0.5, label="2 samples, 4 classes, scale 0.5"),
        case(np.array([[0.9, -0.2, 0.1], [-0.5, 0.95, 0.3], [0.2, 0.1, -0.9]]), 1000.0,
             label="3 samples, 3 classes, scale 1000 (logits up to 950)"),
        case(ev(6, 3), 800.0, label="6 samples, 3 classes, scale 800"),
    ]


SOFTMAX_READOUT = Exercise(
    id="qnn.layers/softmax_readout",
    title="Class probabilities from expectation values",
    statement=(
        "Turn K expectation values per sample and a scale factor s into class probabilities, as QNNClassifier "
        "does, without overflow for large s."
    ),
    template='''def softmax_readout(expvals, scale):
    """Return class probabilities of shape (N, K) from expectation values.

    expvals: array of shape (N, K), expvals[n, k] = <Z_k> for sample n (values in [-1, 1]).
    scale: positive float s; the logits are s * expvals.
    Returns: p of shape (N, K), p[n, k] the softmax of sample n's logits: non-negative, each ROW
             summing to 1. Must return finite numbers for scales in the thousands.
    Example: softmax_readout(np.array([[0.0, np.log(3.0)]]), 1.0) -> array([[0.25, 0.75]])
    """
    raise NotImplementedError("compute the softmax of the scaled expectation values")
''',
    reference=softmax_readout,
    cases=_sr_cases,
    answer=ReadoutAnswer("array", atol=1e-10, rtol=1e-8, real=True,
                         validity=(probability_vector(1e-8),), what="probabilities"),
    mistakes=[
        Mistake(
            _sr_naive,
            "exp of a large logit overflows: np.exp(z) is inf for z above about 709, and inf / inf is NaN (with "
            "scale 1000 and <Z> = 0.9 the logit is 900). Subtracting each row's maximum logit first leaves the "
            "softmax unchanged and keeps every exponent at most 0",
        ),
        Mistake(
            _sr_wrong_axis,
            "you normalised along axis 0 (over the samples, each column sums to 1): the probabilities of one "
            "sample are a row, so take the maximum and the sum along axis=1 (with keepdims=True)",
        ),
        Mistake(
            _sr_no_scale,
            "the scale is missing: the logits are scale * expvals. Without it they lie in [-1, 1] and no class "
            "probability can get close to 1",
        ),
        Mistake(
            _sr_divided,
            "you divided the expectation values by the scale: the logits are scale * expvals (a large scale "
            "sharpens the probabilities, it does not flatten them)",
        ),
    ],
    alternatives=[_sr_logsumexp, _sr_scipy],
    hints=[
        "The softmax of a row z is exp(z_k) / sum_j exp(z_j); here z = scale * expvals[n]. Compute it for all "
        "rows at once, and think about what np.exp does with 900.",
        "softmax(z) = softmax(z - c) for any constant c in the row: choose c = the row's maximum, so that every "
        "exponent is at most 0. Use axis=1 and keepdims=True for the maximum and the sum.",
        "z = scale * expvals; z = z - z.max(axis=1, keepdims=True); e = np.exp(z); return e / e.sum(axis=1, "
        "keepdims=True).",
    ],
    seed=172,
)


# --------------------------------------------------------------------------- concept checks

OUTPUT_SCALE = Concept(
    id="qnn.layers/output_scale",
    question=(
        "QNNClassifier turns the read-outs <Z_0>, <Z_1>, <Z_2> of a 3-class QNN into probabilities with "
        "softmax(s <Z_k>). Why does it multiply by a (trainable) scale s instead of using s = 1?"
    ),
    options=[
        Option("So that the probabilities of each sample sum to 1.", why=(
            "The softmax does that for any s: its outputs always sum to 1. The scale changes how sharp they "
            "are, not their sum.")),
        Option("Because each <Z_k> lies in [-1, 1]: with s = 1 the largest probability a sample can get is "
               "e^2 / (e^2 + 2), about 0.79, so the cross-entropy stays above about 0.24 even when every "
               "sample is classified correctly.", correct=True, why=(
                   "The best case is <Z> = +1 for the true class and -1 for the others: logits differ by at "
                   "most 2. A scale s lets the logits differ by 2 s, so confident, correct predictions (and a "
                   "cross-entropy near 0) become possible. Section 3 computes the bound.")),
        Option("Because it makes the circuit more expressive: the scale acts like an extra layer.", why=(
            "The scale does not change the circuit or which class has the largest read-out, so it never "
            "changes a prediction; it only changes how confident the probabilities are.")),
        Option("To keep exp from overflowing in the softmax.", why=(
            "A large scale makes overflow more likely, not less; the softmax is kept stable by subtracting "
            "each row's maximum logit (exercise 2).")),
    ],
)

READOUT_CHOICE = Concept(
    id="qnn.layers/readout_choice",
    question=(
        "A 3-class QNN on 3 qubits could read its classes out as <Z_0>, <Z_1>, <Z_2> (one qubit per class, "
        "as QNNClassifier does), or as the probabilities of three of the 8 basis states. Which statement "
        "is true?"
    ),
    options=[
        Option("The basis-state probabilities are better because they already sum to 1 and need no softmax.",
               why=("Three of the 8 probabilities do not sum to 1 (the other 5 basis states take the rest); "
                    "one must renormalise or group states into classes, and each probability is a global "
                    "quantity that is small and costly to estimate with shots when there are many qubits.")),
        Option("Each <Z_k> is a local observable of one qubit: it can be estimated from the shots of that "
               "qubit alone, and K classes need K qubits; softmax turns the K numbers into probabilities.",
               correct=True, why=(
                   "That is QNNClassifier's choice. Local observables also keep gradients larger than global "
                   "ones in deep circuits (lesson 19). The price: K classes need at least K qubits.")),
        Option("Both read-outs give the same probabilities, so the choice does not matter.", why=(
            "They are different functions of the state: <Z_0> depends on the marginal of qubit 0 only, a "
            "basis-state probability on all qubits at once.")),
    ],
)
