"""``qmlcourse bench``: the simulator against PennyLane and, where installed, qulacs and
qiskit-aer, on the course's standard workloads.

Every side runs in this process, one after the other, on the same circuits and inputs, and
the benchmark checks that they compute the same numbers (to 1e-8) before it times them.
Every side is timed the same way: its set-up (building QNodes, translating and transpiling
circuits, binding angles) happens before timing, then the best of ``k`` calls
(``time.perf_counter``) is kept, with the median and the slowest as the run-to-run spread;
``k`` is the same for all sides of a workload.

Workloads (``--quick`` shrinks each so the whole run takes a minute or two):

- W1: fidelity kernel matrix of N points on n qubits (feature map: 2 layers of RY(x_i) on
  every wire, then a CNOT ring). PennyLane is timed twice: ``qml.kernels.square_kernel_matrix``
  with an adjoint-embedding QNode (on a subset of pairs, extrapolated per pair), and its best
  (all states in one broadcast QNode call, then a Gram matrix); qulacs and Aer compute the
  states (a loop, a list of circuits) and the same Gram product.
- W2: one training step of a VQC (AngleEmbedding + 3 StronglyEntanglingLayers, MSE of
  ⟨Z0⟩): loss and gradient of every weight for a batch, against ``default.qubit`` backprop
  with broadcasting, ``lightning.qubit`` adjoint and a loop of qulacs backprop.
- W3: McClean et al.'s barren-plateau sweep (lesson 19): variance over random
  initialisations of d⟨Z0 Z1⟩/dw_0 for n = 2, 4, ... qubits on their circuit (RY(pi/4), then
  layers of one random Pauli rotation per wire and a CZ ladder), ``w3_depth`` layers per
  qubit (10: where the variance reaches the 2-design value), computed by
  ``qmlcourse.plateaus`` in single and in double precision, against PennyLane with parameter
  broadcasting (both shifts of all initialisations in one call), qulacs (a loop) and Aer (a
  list of circuits), timed at ``w3_peer_depth`` layers per qubit and scaled to the depth.
- W4: one state of many qubits after 4 layers of RY, RZ and a CZ ladder, against
  ``lightning.qubit``, ``default.qubit``, qulacs (with its circuit optimiser) and Aer.
- W5: ⟨Z0⟩ for 256 inputs of the W2 model (n=8), against ``default.qubit`` broadcasting,
  a qulacs loop and Aer.
- W6: the gradient of ⟨Z0⟩ for one input of the W2 model (72 weights), against
  ``lightning.qubit`` adjoint, ``default.qubit`` backprop and qulacs backprop.
- W7: lesson 12's full training run: ``VQCClassifier`` (4 qubits, 3 re-uploading layers,
  sigmoid cross-entropy, Adam) on 200 moons points for 100 epochs, against the same model and
  loss trained with ``default.qubit`` backprop and broadcasting (PennyLane is timed on a few
  epochs and its time per epoch is scaled to the full run; its parameters after those epochs
  must equal ours).
- W8, W9: lessons 14-16's quantum kernel, ``FidelityKernel`` of the ZZ feature map (2
  repetitions, all pairs) for 200 points on 8 qubits (W8) and 2000 points on 10 qubits (W9),
  against PennyLane's best way (broadcast states of ``default.qubit``, then one Gram product)
  and ``qml.kernels.square_kernel_matrix`` (one QNode per pair, timed on a subset of pairs and
  scaled to all of them).

- U1, N1 (``qmlcourse.bench_course``): the course's absolute goals, every explorer update
  under 0.2 s and every lesson notebook under 60 s; no peer.

Peers that are not installed are listed as missing in the JSON; install them with
``pip install "qmlcourse[bench]"``.
"""

from __future__ import annotations

import json
import platform
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import numpy as np

from qmlcourse.kernels import fidelity_from_states, fidelity_kernel_matrix
from qmlcourse.sim.circuit import Circuit, feature, weight

FULL = {
    "w1_points": 200,
    "w1_qubits": 8,
    "w1_pairs": 40,
    "w2_qubits": 8,
    "w2_batch": 64,
    "w3_qubits": [2, 4, 6, 8, 10, 12, 14],
    "w3_inits": 200,
    "w3_depth": 10,
    "w3_peer_depth": 1,
    "w4_qubits": 20,
    "w5_inputs": 256,
    "w5_qubits": 8,
    "w6_qubits": 8,
    "w7_points": 200,
    "w7_epochs": 100,
    "w7_pennylane_epochs": 5,
    "w8": (8, 200, 14),
    "w9": (10, 2000, 8),
    "repeats": 3,
    "fast_repeats": 10,
    "quick": False,
}
QUICK = {
    "w1_points": 40,
    "w1_qubits": 6,
    "w1_pairs": 6,
    "w2_qubits": 6,
    "w2_batch": 16,
    "w3_qubits": [2, 4, 6],
    "w3_inits": 30,
    "w3_depth": 10,
    "w3_peer_depth": 1,
    "w4_qubits": 14,
    "w5_inputs": 32,
    "w5_qubits": 6,
    "w6_qubits": 6,
    "w7_points": 60,
    "w7_epochs": 20,
    "w7_pennylane_epochs": 2,
    "w8": (4, 40, 6),
    "w9": (6, 120, 4),
    "repeats": 2,
    "quick": True,
    "fast_repeats": 3,
}

#: Optional peers: (label prefix, module to import).
PEERS = {"qulacs": "qulacs", "aer": "qiskit_aer"}

#: Two sides agree when their results differ by at most this.
AGREE = 1e-8


@dataclass
class Goal:
    """qmlcourse at least ``min_ratio`` times as fast as ``peer`` (its time / ours); with
    ``peer="qmlcourse"``, ``max_seconds`` is an absolute limit on our own time instead."""

    peer: str
    min_ratio: float
    text: str
    max_seconds: float | None = None


@dataclass
class Result:
    """One workload: best times in seconds per implementation, their spread, what was checked."""

    workload: str
    description: str
    times: dict[str, float]
    goals: list[Goal]
    max_abs_diff: float
    spread: dict[str, list[float]] = field(default_factory=dict)  # best, median, slowest
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ratios(self) -> dict[str, float]:
        """How many times faster qmlcourse is than each other implementation."""
        ours = self.times["qmlcourse"]
        return {k: v / ours for k, v in self.times.items() if k != "qmlcourse"}

    def goal_status(self) -> list[dict]:
        out = []
        for g in self.goals:
            if g.max_seconds is not None:
                ours = self.times["qmlcourse"]
                out.append({"peer": g.peer, "max_seconds": g.max_seconds, "goal": g.text, "seconds": ours,
                            "met": bool(ours <= g.max_seconds)})
                continue
            ratio = self.ratios.get(g.peer)
            out.append(
                {
                    "peer": g.peer,
                    "min_ratio": g.min_ratio,
                    "goal": g.text,
                    "ratio": ratio,
                    "met": None if ratio is None else bool(ratio >= g.min_ratio),
                }
            )
        return out

    @property
    def met(self) -> bool:
        """Every goal whose peer was measured is met."""
        return all(s["met"] is not False for s in self.goal_status())

    def to_dict(self) -> dict:
        d = asdict(self)
        d.update(ratios=self.ratios, goals=self.goal_status(), met=self.met)
        return d


class Progress:
    """A minimal progress bar on stderr (silent when disabled)."""

    def __init__(self, total: int, enabled: bool = True):
        self.total, self.done, self.enabled = total, 0, enabled

    def step(self, label: str) -> None:
        self.done += 1
        if self.enabled:
            width = 30
            filled = int(width * min(self.done, self.total) / self.total)
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {label:<40}")
            sys.stderr.flush()
            if self.done == self.total:
                sys.stderr.write("\n")


@dataclass
class Timing:
    """Times of ``k`` calls of one side (set-up excluded) and the last call's result."""

    times: list[float]
    result: object

    @property
    def best(self) -> float:
        return min(self.times)

    @property
    def spread(self) -> list[float]:
        return [min(self.times), statistics.median(self.times), max(self.times)]


def measure(fn: Callable[[], object], repeats: int) -> Timing:
    """Call ``fn`` ``repeats`` times (it must hold no set-up) and keep every wall time."""
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return Timing(times, result)


def best_time(fn: Callable[[], object], repeats: int) -> float:
    """Smallest wall time of ``repeats`` calls, in seconds."""
    return measure(fn, repeats).best


def timed(fn: Callable[[], object], repeats: int = 1) -> tuple[float, object]:
    """Smallest wall time of ``repeats`` calls (seconds) and the last call's result."""
    t = measure(fn, repeats)
    return t.best, t.result


class Sides:
    """Collects each side's timing and its difference from qmlcourse's result."""

    def __init__(self, progress: Progress, workload: str):
        self.progress, self.workload = progress, workload
        self.timings: dict[str, Timing] = {}
        self.diffs: list[float] = []
        self.missing = [name for name, module in PEERS.items() if not installed(module)]

    def add(self, label: str, timing: Timing, diff: float | None = None) -> None:
        if diff is not None:
            if not diff <= AGREE:
                raise RuntimeError(f"{self.workload}: {label} disagrees with qmlcourse by {diff:.2e}; not timed")
            self.diffs.append(float(diff))
        self.timings[label] = timing
        self.progress.step(f"{self.workload} {label}")

    def has(self, peer: str) -> bool:
        return peer not in self.missing

    def result(self, description: str, goals: list[Goal], notes: list[str] | None = None) -> Result:
        return Result(
            self.workload,
            description,
            {k: t.best for k, t in self.timings.items()},
            goals,
            max(self.diffs, default=0.0),
            {k: t.spread for k, t in self.timings.items()},
            list(self.missing),
            notes or [],
        )


def _diff(a, b) -> float:
    return float(np.max(np.abs(np.asarray(a) - np.asarray(b))))


# --- circuits shared by both sides ------------------------------------------------------
def feature_map_circuit(n: int, layers: int = 2) -> Circuit:
    """Layers of RY(x_i) on every wire followed by a CNOT ring."""
    c = Circuit(n)
    for _ in range(layers):
        for i in range(n):
            c.ry(feature(i), i)
        for i in range(n):
            c.cnot(i, (i + 1) % n)
    return c


def vqc_circuit(n: int, layers: int = 3) -> Circuit:
    """AngleEmbedding (RX) then StronglyEntanglingLayers, PennyLane's layout and ranges."""
    c = Circuit(n)
    for i in range(n):
        c.rx(feature(i), i)
    for layer in range(layers):
        for i in range(n):
            j = 3 * (layer * n + i)
            c.rot(weight(j), weight(j + 1), weight(j + 2), i)
        r = layer % (n - 1) + 1 if n > 1 else 0
        if n > 1:
            for i in range(n):
                c.cnot(i, (i + r) % n)
    return c


def ry_rz_cz_circuit(n: int, layers: int) -> Circuit:
    """Layers of RY(w) and RZ(w) on every wire followed by a CZ ladder; 2 n weights a layer."""
    c = Circuit(n)
    for layer in range(layers):
        for i in range(n):
            j = 2 * (layer * n + i)
            c.ry(weight(j), i).rz(weight(j + 1), i)
        for i in range(n - 1):
            c.cz(i, i + 1)
    return c


# --- optional peers: qulacs and qiskit-aer (pip install "qmlcourse[bench]") ------------------
#: Set by ``--no-peers``: time PennyLane only, even where qulacs or Aer is installed.
USE_PEERS = True


def installed(module: str) -> bool:
    """True when an optional peer can be imported (and peers are wanted)."""
    import importlib.util

    return USE_PEERS and importlib.util.find_spec(module) is not None


PEER_GATES = {"RX", "RY", "RZ", "Rot", "CNOT", "CZ", "Hadamard"}


def _bound_rows(circuit: Circuit, x: np.ndarray | None, w: np.ndarray | None) -> tuple[int, list[list[float]]]:
    """Every run's angles as plain floats: (number of runs, per op a list of (runs,) arrays)."""
    from qmlcourse.sim.operation import bind_angles

    n_sets = 1 if w is None else w.shape[0]
    n_samples = 1 if x is None else x.shape[0]
    runs = n_sets * n_samples
    angles = bind_angles(circuit.operations, x, w, n_sets, n_samples)
    return runs, [[np.broadcast_to(np.asarray(a, dtype=float), (runs,)) for a in op] for op in angles]


class QulacsProgram:
    """The circuit as one qulacs ``ParametricQuantumCircuit`` (every angle a parameter).

    qulacs numbers qubits little-endian (our wire ``q`` is its qubit ``n - 1 - q``) and its
    parametric rotations are ``exp(+i t P / 2)``: angles enter negated.
    """

    def __init__(self, circuit: Circuit):
        from qulacs import ParametricQuantumCircuit

        bad = {op.name for op in circuit.operations} - PEER_GATES
        if bad:
            raise ValueError(f"the qulacs translation knows {sorted(PEER_GATES)}; got {sorted(bad)}")
        self.n = n = circuit.n_qubits
        self.program = ParametricQuantumCircuit(n)
        self.slots: list[tuple[int, int]] = []  # parameter j is angle i of operation k
        add = {
            "RX": self.program.add_parametric_RX_gate,
            "RY": self.program.add_parametric_RY_gate,
            "RZ": self.program.add_parametric_RZ_gate,
        }
        for k, op in enumerate(circuit.operations):
            q = [n - 1 - wire for wire in op.wires]
            if op.name in add:
                add[op.name](q[0], 0.0)
                self.slots.append((k, 0))
            elif op.name == "Rot":  # RZ(phi), then RY(theta), then RZ(omega)
                for i, gate in ((0, "RZ"), (1, "RY"), (2, "RZ")):
                    add[gate](q[0], 0.0)
                    self.slots.append((k, i))
            elif op.name == "CNOT":
                self.program.add_CNOT_gate(q[0], q[1])
            elif op.name == "CZ":
                self.program.add_CZ_gate(q[0], q[1])
            else:
                self.program.add_H_gate(q[0])

    def parameters(self, circuit: Circuit, x, w) -> np.ndarray:
        """``(runs, n_parameters)``: each run's (negated) angles, bound before timing."""
        runs, angles = _bound_rows(circuit, x, w)
        return -np.stack([angles[k][i] for k, i in self.slots], axis=1) if self.slots else np.zeros((runs, 0))

    def observable(self, word: str):
        from qulacs import Observable

        from qmlcourse.sim.measure import PauliWord

        obs = Observable(self.n)
        obs.add_operator(1.0, " ".join(f"{p} {self.n - 1 - wire}" for wire, p in PauliWord.parse(word).terms))
        return obs

    def states(self, params: np.ndarray) -> np.ndarray:
        from qulacs import QuantumState

        out = np.empty((len(params), 2**self.n), dtype=np.complex128)
        state = QuantumState(self.n)
        for r, row in enumerate(params):
            for j, value in enumerate(row):
                self.program.set_parameter(j, value)
            state.set_zero_state()
            self.program.update_quantum_state(state)
            out[r] = state.get_vector()
        return out

    def expvals(self, params: np.ndarray, obs) -> np.ndarray:
        from qulacs import QuantumState

        out = np.empty(len(params))
        state = QuantumState(self.n)
        for r, row in enumerate(params):
            for j, value in enumerate(row):
                self.program.set_parameter(j, value)
            state.set_zero_state()
            self.program.update_quantum_state(state)
            out[r] = obs.get_expectation_value(state)
        return out

    def gradient(self, row: np.ndarray, obs, circuit: Circuit) -> np.ndarray:
        """d<O>/d w for one run by qulacs' backprop, mapped back to our weights."""
        for j, value in enumerate(row):
            self.program.set_parameter(j, value)
        per_parameter = np.asarray(self.program.backprop(obs))
        g = np.zeros(circuit.n_weights)
        for (k, i), d in zip(self.slots, per_parameter, strict=False):
            p = circuit.operations[k].params[i]
            if p.kind == "weight":
                g[p.index] -= p.scale * d  # the parameter is minus the angle
        return g


def aer_circuits(circuit: Circuit, x, w, save: str = "statevector", word: str = "Z0") -> list:
    """One bound qiskit circuit per run (qiskit is little-endian: our wire q is its n-1-q)."""
    import qiskit_aer  # noqa: F401  (adds save_statevector and save_expectation_value to circuits)
    from qiskit import QuantumCircuit
    from qiskit.quantum_info import SparsePauliOp

    from qmlcourse.sim.measure import PauliWord

    bad = {op.name for op in circuit.operations} - PEER_GATES
    if bad:
        raise ValueError(f"the qiskit translation knows {sorted(PEER_GATES)}; got {sorted(bad)}")
    n = circuit.n_qubits
    runs, angles = _bound_rows(circuit, x, w)
    label = ["I"] * n
    for wire, p in PauliWord.parse(word).terms:
        label[wire] = p  # leftmost character is qiskit's qubit n-1, our wire 0
    out = []
    for r in range(runs):
        qc = QuantumCircuit(n)
        for k, op in enumerate(circuit.operations):
            q = [n - 1 - wire for wire in op.wires]
            a = [float(v[r]) for v in angles[k]]
            if op.name == "RX":
                qc.rx(a[0], q[0])
            elif op.name == "RY":
                qc.ry(a[0], q[0])
            elif op.name == "RZ":
                qc.rz(a[0], q[0])
            elif op.name == "Rot":
                qc.rz(a[0], q[0])
                qc.ry(a[1], q[0])
                qc.rz(a[2], q[0])
            elif op.name == "CNOT":
                qc.cx(q[0], q[1])
            elif op.name == "CZ":
                qc.cz(q[0], q[1])
            else:
                qc.h(q[0])
        if save == "statevector":
            qc.save_statevector()
        else:
            qc.save_expectation_value(SparsePauliOp("".join(label)), range(n))
        out.append(qc)
    return out


class AerRunner:
    """qiskit-aer's statevector simulator on one thread, circuits transpiled before timing."""

    def __init__(self, circuits: list):
        from qiskit import transpile
        from qiskit_aer import AerSimulator

        self.sim = AerSimulator(method="statevector", max_parallel_threads=1, max_parallel_experiments=1)
        self.circuits = transpile(circuits, self.sim)

    def states(self) -> np.ndarray:
        result = self.sim.run(self.circuits).result()
        return np.array([np.asarray(result.get_statevector(i)) for i in range(len(self.circuits))])

    def expvals(self) -> np.ndarray:
        result = self.sim.run(self.circuits).result()
        return np.array([float(np.real(result.data(i)["expectation_value"])) for i in range(len(self.circuits))])


# --- the workloads ----------------------------------------------------------------------
def w1_kernel(cfg: dict, progress: Progress) -> Result:
    import pennylane as qml

    from qmlcourse.interop import apply_in_pennylane

    n, npts, repeats = cfg["w1_qubits"], cfg["w1_points"], cfg["fast_repeats"]
    x = np.random.default_rng(1).uniform(0, np.pi, size=(npts, n))
    circuit = feature_map_circuit(n)
    sides = Sides(progress, "W1")
    ours = measure(lambda: fidelity_kernel_matrix(circuit, x), repeats)
    k_ours = ours.result
    sides.add("qmlcourse", ours)

    dev = qml.device("default.qubit", wires=n)

    @qml.qnode(dev)
    def states_qnode(xs):
        apply_in_pennylane(circuit, xs, None)
        return qml.state()

    best = measure(lambda: fidelity_from_states(np.asarray(states_qnode(x))), repeats)
    sides.add("pennylane_broadcast_gram", best, _diff(best.result, k_ours))

    @qml.qnode(dev)
    def overlap(x1, x2):
        apply_in_pennylane(circuit, x1, None)
        qml.adjoint(apply_in_pennylane)(circuit, x2, None)
        return qml.probs(wires=range(n))

    def kernel(x1, x2):
        return overlap(x1, x2)[0]

    sub = cfg["w1_pairs"]
    xs = x[: int(np.ceil(np.sqrt(2 * sub))) + 1]
    pairs_sub = len(xs) * (len(xs) - 1) // 2
    per_pair = measure(
        lambda: np.asarray(qml.kernels.square_kernel_matrix(xs, kernel, assume_normalized_kernel=True)),
        max(1, repeats // 3),
    )
    scale = (npts * (npts - 1) // 2) / pairs_sub
    sides.add(
        "pennylane_square_kernel_matrix",
        Timing([t * scale for t in per_pair.times], per_pair.result),
        _diff(per_pair.result, k_ours[: len(xs), : len(xs)]),
    )
    if sides.has("qulacs"):
        prog = QulacsProgram(circuit)
        params = prog.parameters(circuit, x, None)
        t = measure(lambda: fidelity_from_states(prog.states(params)), repeats)
        sides.add("qulacs_loop_gram", t, _diff(t.result, k_ours))
    if sides.has("aer"):
        aer = AerRunner(aer_circuits(circuit, x, None))
        t = measure(lambda: fidelity_from_states(aer.states()), max(1, repeats // 3))
        sides.add("aer_gram", t, _diff(t.result, k_ours))
    return sides.result(
        f"fidelity kernel matrix, N={npts} points, n={n} qubits, 2-layer RY + CNOT-ring feature map",
        [
            Goal("pennylane_broadcast_gram", 3.0, "at least 3x faster than PennyLane's best"),
            Goal("qulacs_loop_gram", 1.0, "ahead of qulacs"),
            Goal("aer_gram", 1.0, "ahead of Aer"),
        ],
        [
            f"square_kernel_matrix timed on {pairs_sub} pairs ({len(xs)} points) and extrapolated per pair "
            f"to {npts * (npts - 1) // 2} pairs"
        ],
    )


def _vqc_data(n: int, batch: int, seed: int):
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, np.pi, size=(batch, n))
    y = rng.choice([-1.0, 1.0], size=batch)
    w = rng.uniform(0, 2 * np.pi, size=(3, n, 3))
    return x, y, w


def _pennylane_vqc(n: int, dev, diff_method: str):
    import pennylane as qml

    @qml.qnode(dev, diff_method=diff_method)
    def model(xs, ws):
        qml.AngleEmbedding(xs, wires=range(n))
        qml.StronglyEntanglingLayers(ws, wires=range(n))
        return qml.expval(qml.PauliZ(0))

    return model


def w2_training_step(cfg: dict, progress: Progress) -> Result:
    import pennylane as qml
    from pennylane import numpy as pnp

    n, batch, repeats = cfg["w2_qubits"], cfg["w2_batch"], cfg["fast_repeats"]
    x, y, w = _vqc_data(n, batch, 2)
    shape = w.shape
    circuit = vqc_circuit(n, 3)
    sides = Sides(progress, "W2")

    def ours_step():
        f, g = circuit.expval_and_gradient("Z0", x, w.reshape(-1), method="adjoint")
        residual = f - y
        return np.mean(residual**2), (2 * residual @ g / batch).reshape(shape)

    ours = measure(ours_step, repeats)
    loss_ours, grad_ours = ours.result
    sides.add("qmlcourse", ours)
    for label, dev, method in [
        ("pennylane_default_backprop", qml.device("default.qubit", wires=n), "backprop"),
        ("pennylane_lightning_adjoint", qml.device("lightning.qubit", wires=n), "adjoint"),
    ]:
        model = _pennylane_vqc(n, dev, method)

        def cost(ws, model=model):
            return pnp.mean((model(x, ws) - y) ** 2)

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t = measure(lambda cost=cost: qml.grad(cost)(pnp.array(w, requires_grad=True)), repeats)
            loss = float(cost(pnp.array(w)))
        sides.add(label, t, max(abs(loss - loss_ours), _diff(t.result, grad_ours)))
    if sides.has("qulacs"):
        prog = QulacsProgram(circuit)
        params = prog.parameters(circuit, x, w.reshape(1, -1))
        obs = prog.observable("Z0")

        def qulacs_step():
            f = prog.expvals(params, obs)
            g = np.stack([prog.gradient(row, obs, circuit) for row in params])
            residual = f - y
            return np.mean(residual**2), (2 * residual @ g / batch).reshape(shape)

        t = measure(qulacs_step, repeats)
        sides.add("qulacs_backprop_loop", t, max(abs(t.result[0] - loss_ours), _diff(t.result[1], grad_ours)))
    pl = [k for k in sides.timings if k.startswith("pennylane")]
    fastest = min(pl, key=lambda k: sides.timings[k].best)
    return sides.result(
        f"VQC training step (loss and {w.size} gradients), n={n}, batch {batch}, "
        "AngleEmbedding + 3 StronglyEntanglingLayers, MSE of ⟨Z0⟩",
        [
            Goal(fastest, 10.0, "at least 10x faster than the faster PennyLane device"),
            Goal("qulacs_backprop_loop", 1.0, "ahead of qulacs"),
        ],
        ["PennyLane time is one qml.grad call (it evaluates the loss on the way)"],
    )


def w3_barren_plateau(cfg: dict, progress: Progress) -> Result:
    import pennylane as qml

    from qmlcourse import plateaus
    from qmlcourse.interop import apply_in_pennylane

    inits, repeats = cfg["w3_inits"], cfg["repeats"]
    sizes, per_qubit, peer_per_qubit = cfg["w3_qubits"], cfg["w3_depth"], cfg["w3_peer_depth"]
    scale = per_qubit / peer_per_qubit
    depth = f"{'' if per_qubit == 1 else per_qubit}n"
    peer_depth = f"{'' if peer_per_qubit == 1 else peer_per_qubit}n"
    # the deep circuit extends the shallow one (random_gates); the shallow one takes the first weights
    deep = {n: plateaus.random_circuit(n, per_qubit * n, seed=3) for n in sizes}
    shallow = {n: plateaus.random_circuit(n, peer_per_qubit * n, seed=3) for n in sizes}
    weights = {n: plateaus.random_weights(deep[n], inits, seed=3) for n in sizes}
    sides = Sides(progress, "W3")
    quiet = Progress(1, False)
    totals: dict[str, list[float]] = {}
    variances: dict[str, list[float]] = {}
    precision_gap = 0.0

    def shifted(n):
        w = weights[n][:, :shallow[n].n_weights]
        both = np.concatenate([w, w], axis=0)
        both[:inits, 0] += np.pi / 2
        both[inits:, 0] -= np.pi / 2
        return both

    def variance(values):
        return float(np.var((values[:inits] - values[inits:]) / 2))

    def ours(n, precision):
        return float(np.var(plateaus.first_gradients(deep[n], weights[n], "zz", precision=precision)))

    for n in sizes:
        c = shallow[n].to_circuit()  # the same circuit for the peers
        per_n = Sides(quiet, f"W3 n={n}")
        per_n.add("qmlcourse", measure(lambda n=n: ours(n, "single"), repeats))
        per_n.add("qmlcourse_double", measure(lambda n=n: ours(n, "double"), max(1, repeats // 3)))
        reference = float(np.var(plateaus.first_gradients(shallow[n], weights[n][:, :shallow[n].n_weights], "zz")))
        dev = qml.device("default.qubit", wires=n)

        @qml.qnode(dev)
        def energy(ws, c=c):
            apply_in_pennylane(c, None, ws)
            return qml.expval(qml.PauliZ(0) @ qml.PauliZ(1))

        ws = shifted(n)
        peers = {"pennylane_broadcast": measure(lambda ws=ws, energy=energy: variance(np.asarray(energy(ws))), repeats)}
        if sides.has("qulacs"):
            prog = QulacsProgram(c)
            params = prog.parameters(c, None, ws)
            obs = prog.observable("Z0 Z1")
            peers["qulacs_loop"] = measure(
                lambda prog=prog, params=params, obs=obs: variance(prog.expvals(params, obs)), repeats)
        if sides.has("aer"):
            aer = AerRunner(aer_circuits(c, None, ws, save="expval", word="Z0 Z1"))
            peers["aer"] = measure(lambda aer=aer: variance(aer.expvals()), repeats)
        for label, t in peers.items():
            diff = abs(float(t.result) - reference)  # type: ignore[arg-type]
            if not diff <= AGREE:
                raise RuntimeError(f"W3 n={n}: {label} disagrees with qmlcourse by {diff:.2e} at {peer_depth} layers")
            sides.diffs.append(diff)
            per_n.add(label, Timing([x * scale for x in t.times], t.result))  # scaled to the full depth
        for label, t in per_n.timings.items():
            totals.setdefault(label, [0.0] * len(t.times))
            totals[label] = [a + b for a, b in zip(totals[label], sorted(t.times), strict=False)]
            variances.setdefault(label, []).append(float(t.result))  # type: ignore[arg-type]
        single, double = variances["qmlcourse"][-1], variances["qmlcourse_double"][-1]
        precision_gap = max(precision_gap, abs(single / double - 1))  # not an agreement of two sides: kept apart
        if not precision_gap <= 1e-5:
            raise RuntimeError(f"W3 n={n}: single and double precision variances differ: {single:.6e}, {double:.6e}")
        progress.step(f"W3 n={n}")
    for label, times in totals.items():
        sides.timings[label] = Timing(times, variances[label])
    var_ours = variances["qmlcourse"]
    slope = float(np.polyfit(sizes, np.log(var_ours), 1)[0])
    ratios = [v / plateaus.two_design_variance(n, "zz") for n, v in zip(sizes, var_ours, strict=True)]
    return sides.result(
        f"McClean's barren-plateau sweep, n = {sizes[0]}..{sizes[-1]}, {inits} initialisations, {depth} layers "
        "of random Pauli rotations and a CZ ladder, Var[d⟨Z0 Z1⟩/dw_0]",
        [
            Goal("qmlcourse", 1.0, "the whole sweep in under 10 s", max_seconds=10.0),
            Goal("pennylane_broadcast", 10.0, "at least 10x faster for the whole sweep"),
            Goal("qulacs_loop", 1.0, "ahead of qulacs"),
            Goal("aer", 1.0, "ahead of Aer"),
        ],
        [
            f"qmlcourse is plateaus.first_gradients in single precision (complex64); qmlcourse_double is the same "
            f"in complex128, the precision of every peer. The peers are timed at {peer_depth} layers and their times "
            f"multiplied by {scale:g}: each applies every gate once, so its time grows in proportion to the depth "
            f"(a fixed cost per call, such as Aer's, is multiplied too, in the peer's disfavour). The peers' variances "
            f"equal qmlcourse's at {peer_depth} layers, and single precision's equal double's at {depth} to "
            f"{precision_gap:.0e} of themselves (the check: 1e-5). "
            f"Variances: {', '.join(f'n={n}: {v:.3g}' for n, v in zip(sizes, var_ours, strict=False))}; fitted "
            f"slope of log Var against n: {slope:.3f} (a 2-design: -ln 2 = -0.693); Var / 2-design value: "
            f"{', '.join(f'{r:.2f}' for r in ratios)}; times are sums over n of the sorted repeats"
        ],
    )


def w4_large_state(cfg: dict, progress: Progress) -> Result:
    import pennylane as qml

    from qmlcourse.interop import apply_in_pennylane

    n, repeats = cfg["w4_qubits"], cfg["repeats"]
    c = ry_rz_cz_circuit(n, 4)
    w = np.random.default_rng(4).uniform(0, 2 * np.pi, size=c.n_weights)
    sides = Sides(progress, "W4")
    ours = measure(lambda: c.statevector(w=w)[0], repeats)
    sides.add("qmlcourse", ours)
    for label, name in [("pennylane_lightning", "lightning.qubit"), ("pennylane_default", "default.qubit")]:
        dev = qml.device(name, wires=n)

        @qml.qnode(dev)
        def state():
            apply_in_pennylane(c, None, w)
            return qml.state()

        t = measure(lambda state=state: np.asarray(state()), repeats)
        sides.add(label, t, _diff(t.result, ours.result))
    if sides.has("qulacs"):
        from qulacs import QuantumCircuit, QuantumState
        from qulacs.circuit import QuantumCircuitOptimizer

        qc = QuantumCircuit(n)
        for op, (a,) in zip(
            c.operations,
            [[float(v[0]) for v in angles] or [0.0] for angles in _bound_rows(c, None, w[None])[1]],
            strict=False,
        ):
            q = [n - 1 - wire for wire in op.wires]
            if op.name == "RY":
                qc.add_RotY_gate(q[0], a)
            elif op.name == "RZ":
                qc.add_RotZ_gate(q[0], a)
            else:
                qc.add_CZ_gate(q[0], q[1])
        QuantumCircuitOptimizer().optimize(qc, 2)  # its block optimiser (set-up, not timed)
        qstate = QuantumState(n)

        def qulacs_state():
            qstate.set_zero_state()
            qc.update_quantum_state(qstate)
            return qstate.get_vector()

        t = measure(qulacs_state, repeats)
        sides.add("qulacs_optimised", t, _diff(t.result, ours.result))
    if sides.has("aer"):
        aer = AerRunner(aer_circuits(c, None, w[None]))
        t = measure(lambda: aer.states()[0], repeats)
        sides.add("aer", t, _diff(t.result, ours.result))
    return sides.result(
        f"one state, n={n} qubits, 4 layers of RY, RZ and a CZ ladder",
        [
            Goal("pennylane_default", 3.0, "at least 3x faster than default.qubit"),
            Goal("pennylane_lightning", 1.0, "level with lightning.qubit"),
            Goal("qulacs_optimised", 1.0, "level with qulacs"),
            Goal("aer", 1.0, "level with Aer"),
        ],
        ["lightning, qulacs and Aer are compiled C++; qmlcourse is NumPy"],
    )


def w5_batched_expval(cfg: dict, progress: Progress) -> Result:
    import pennylane as qml

    n, batch, repeats = cfg["w5_qubits"], cfg["w5_inputs"], cfg["fast_repeats"]
    x, _, w = _vqc_data(n, batch, 5)
    circuit = vqc_circuit(n, 3)
    sides = Sides(progress, "W5")
    ours = measure(lambda: circuit.expval("Z0", x, w.reshape(-1)), repeats)
    sides.add("qmlcourse", ours)
    model = _pennylane_vqc(n, qml.device("default.qubit", wires=n), "best")
    t = measure(lambda: np.asarray(model(x, w)), repeats)
    sides.add("pennylane_default_broadcast", t, _diff(t.result, ours.result))
    if sides.has("qulacs"):
        prog = QulacsProgram(circuit)
        params = prog.parameters(circuit, x, w.reshape(1, -1))
        obs = prog.observable("Z0")
        t = measure(lambda: prog.expvals(params, obs), repeats)
        sides.add("qulacs_loop", t, _diff(t.result, ours.result))
    if sides.has("aer"):
        aer = AerRunner(aer_circuits(circuit, x, w.reshape(1, -1), save="expval", word="Z0"))
        t = measure(aer.expvals, max(1, repeats // 3))
        sides.add("aer", t, _diff(t.result, ours.result))
    return sides.result(
        f"⟨Z0⟩ for {batch} inputs, n={n}, AngleEmbedding + 3 StronglyEntanglingLayers",
        [
            Goal("pennylane_default_broadcast", 1.0, "ahead of default.qubit"),
            Goal("qulacs_loop", 1.0, "ahead of qulacs"),
            Goal("aer", 1.0, "ahead of Aer"),
        ],
    )


def w6_single_gradient(cfg: dict, progress: Progress) -> Result:
    import pennylane as qml
    from pennylane import numpy as pnp

    n, repeats = cfg["w6_qubits"], cfg["fast_repeats"]
    x, _, w = _vqc_data(n, 1, 6)
    circuit = vqc_circuit(n, 3)
    sides = Sides(progress, "W6")
    ours = measure(lambda: circuit.gradient("Z0", x, w.reshape(-1), method="adjoint")[0], repeats)
    sides.add("qmlcourse", ours)
    for label, dev, method in [
        ("pennylane_lightning_adjoint", qml.device("lightning.qubit", wires=n), "adjoint"),
        ("pennylane_default_backprop", qml.device("default.qubit", wires=n), "backprop"),
    ]:
        model = _pennylane_vqc(n, dev, method)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t = measure(
                lambda model=model: np.asarray(
                    qml.grad(lambda ws: model(x[0], ws))(pnp.array(w, requires_grad=True))
                ).reshape(-1),
                repeats,
            )
        sides.add(label, t, _diff(t.result, ours.result))
    if sides.has("qulacs"):
        prog = QulacsProgram(circuit)
        row = prog.parameters(circuit, x, w.reshape(1, -1))[0]
        obs = prog.observable("Z0")
        t = measure(lambda: prog.gradient(row, obs, circuit), repeats)
        sides.add("qulacs_backprop", t, _diff(t.result, ours.result))
    return sides.result(
        f"gradient of ⟨Z0⟩ for one input, {w.size} weights, n={n}, AngleEmbedding + 3 StronglyEntanglingLayers",
        [
            Goal("qulacs_backprop", 0.5, "within 2x of qulacs backprop"),
            Goal("pennylane_lightning_adjoint", 1.0, "ahead of lightning.qubit adjoint"),
        ],
    )


def w7_lesson12_training(cfg: dict, progress: Progress) -> Result:
    import pennylane as qml
    from pennylane import numpy as pnp

    from qmlcourse.datasets import moons
    from qmlcourse.interop import to_pennylane
    from qmlcourse.models import VQCClassifier
    from qmlcourse.optim import Adam

    n_points, epochs, pl_epochs = cfg["w7_points"], cfg["w7_epochs"], cfg["w7_pennylane_epochs"]
    X, y = moons(n_points, noise=0.1, random_state=7)
    settings = dict(n_qubits=4, n_layers=3, max_iter=epochs, tol=None, learning_rate=0.1, random_state=0)
    sides = Sides(progress, "W7")

    def ours_fit(max_iter=epochs):
        return VQCClassifier(**{**settings, "max_iter": max_iter}).fit(X, y)

    ours = measure(ours_fit, cfg["repeats"])
    sides.add("qmlcourse", ours)
    short = ours_fit(pl_epochs)  # the reference for PennyLane's first epochs
    start = VQCClassifier(**{**settings, "max_iter": 1})
    start.n_features_in_ = X.shape[1]
    start._setup(X, 1)  # the same initial parameters as every fit above (same random_state)
    Xs, n_w, n = start._scale(X), start.weights_.size, 4
    qnode = to_pennylane(start._circuit(), measure=[f"Z{q}" for q in range(n)], diff_method="backprop")
    t = y.astype(np.float64)

    def loss(params):
        z = pnp.stack(qnode(Xs, params[:n_w]), axis=1)  # (N, n): broadcast over the 200 inputs
        s = z @ params[n_w:n_w + n] + params[-1]
        return pnp.mean(pnp.logaddexp(0, s) - t * s)

    def pennylane_train():
        params, opt = pnp.array(start._pack(), requires_grad=True), Adam(lr=0.1)
        grad = qml.grad(loss)
        first = None
        for _ in range(pl_epochs):
            g = np.asarray(grad(params))
            first = g if first is None else first
            params = pnp.array(opt.step(params, g), requires_grad=True)
        return first, np.asarray(params)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t_pl = measure(pennylane_train, 1)
    first_grad, params_pl = t_pl.result
    _, our_grad = start._loss_and_gradient(start._pack(), Xs, t)
    # Adam divides by sqrt(v): on weights whose gradient is rounding noise (~1e-17) it turns
    # noise into steps of ~lr * 1e-9, so later parameters agree to 1e-6, the gradient to 1e-8.
    if not _diff(params_pl, short._pack()) <= 1e-6:
        raise RuntimeError(f"W7: PennyLane's parameters after {pl_epochs} epochs differ from ours")
    per_epoch = [x / pl_epochs * epochs for x in t_pl.times]  # scaled to the full run
    sides.add("pennylane_default_backprop", Timing(per_epoch, params_pl), _diff(first_grad, our_grad))
    return sides.result(
        f"lesson 12 training run: VQCClassifier, {n_points} moons points, 4 qubits, 3 layers, {epochs} Adam epochs",
        [
            Goal("qmlcourse", 1.0, "the full run in under 5 s", max_seconds=5.0),
            Goal("pennylane_default_backprop", 20.0, "at least 20x faster than default.qubit"),
        ],
        [f"PennyLane is timed on {pl_epochs} epochs (one qml.grad call each, broadcast over the inputs) "
         f"and scaled to {epochs}; its first gradient equals ours (to 1e-8) and its parameters after those "
         "epochs equal ours (to 1e-6)"],
    )


def _zz_kernel(label: str, n: int, npts: int, n_sub: int, repeats: int, progress: Progress,
               max_seconds: float) -> Result:
    import pennylane as qml

    from qmlcourse.kernels import FidelityKernel

    x = np.random.default_rng(1).uniform(0, 2 * np.pi, (npts, n))
    kernel = FidelityKernel(feature_map="zz", reps=2)
    kernel(x[:2])  # builds the feature map once (set-up, not timed)
    sides = Sides(progress, label)
    ours = measure(lambda: kernel(x), repeats)
    sides.add("qmlcourse", ours)

    def zz(v):
        for _ in range(2):
            for i in range(n):
                qml.Hadamard(wires=i)
                qml.PhaseShift(2 * v[..., i], wires=i)
            for i in range(n):
                for j in range(i + 1, n):
                    qml.CNOT(wires=[i, j])
                    qml.PhaseShift(2 * (np.pi - v[..., i]) * (np.pi - v[..., j]), wires=j)
                    qml.CNOT(wires=[i, j])

    dev = qml.device("default.qubit", wires=n)

    @qml.qnode(dev)
    def states(v):
        zz(v)
        return qml.state()

    t = measure(lambda: fidelity_from_states(np.asarray(states(x))), repeats)
    sides.add("pennylane_broadcast_gram", t, _diff(t.result, ours.result))

    @qml.qnode(dev)
    def overlap(a, b):
        zz(a)
        qml.adjoint(zz)(b)
        return qml.probs(wires=range(n))

    xs = x[:n_sub]
    pairs = n_sub * (n_sub - 1) // 2
    sub = measure(lambda: np.asarray(qml.kernels.square_kernel_matrix(
        xs, lambda a, b: overlap(a, b)[0], assume_normalized_kernel=True)), 1)
    scale = (npts * (npts - 1) / 2) / pairs
    sides.add("pennylane_square_kernel_matrix", Timing([v * scale for v in sub.times], sub.result),
              _diff(sub.result, ours.result[:n_sub, :n_sub]))
    return sides.result(
        f"FidelityKernel, ZZ feature map (2 reps), {npts} x {npts} on {n} qubits",
        [
            Goal("qmlcourse", 1.0, f"under {max_seconds:g} s", max_seconds=max_seconds),
            Goal("pennylane_broadcast_gram", 3.0, "at least 3x faster than PennyLane's best"),
            Goal("pennylane_square_kernel_matrix", 1000.0, "at least 1000x faster than square_kernel_matrix"),
        ],
        [f"square_kernel_matrix timed on {pairs} pairs ({n_sub} points) and scaled to {npts * (npts - 1) // 2}"],
    )


def w8_kernel_small(cfg: dict, progress: Progress) -> Result:
    n, npts, n_sub = cfg["w8"]
    return _zz_kernel("W8", n, npts, n_sub, cfg["fast_repeats"], progress, 0.05)


def w9_kernel_large(cfg: dict, progress: Progress) -> Result:
    n, npts, n_sub = cfg["w9"]
    return _zz_kernel("W9", n, npts, n_sub, cfg["repeats"], progress, 5.0)


def u1_explorers(cfg: dict, progress: Progress) -> Result:
    from qmlcourse import bench_course

    return bench_course.u1_explorers(cfg, progress)


def n1_lessons(cfg: dict, progress: Progress) -> Result:
    from qmlcourse import bench_course

    return bench_course.n1_lessons(cfg, progress)


WORKLOADS = {
    "W1": w1_kernel,
    "W2": w2_training_step,
    "W3": w3_barren_plateau,
    "W4": w4_large_state,
    "W5": w5_batched_expval,
    "W6": w6_single_gradient,
    "W7": w7_lesson12_training,
    "W8": w8_kernel_small,
    "W9": w9_kernel_large,
    "U1": u1_explorers,
    "N1": n1_lessons,
}


def _steps(name: str, cfg: dict) -> int:
    peers = sum(installed(m) for m in PEERS.values())
    if name == "W3":
        return len(cfg["w3_qubits"])
    if name == "U1":
        return 1
    if name == "N1":
        from qmlcourse.bench_course import n_lessons

        return n_lessons(cfg["quick"])
    base = {"W1": 3, "W2": 3, "W4": 3, "W5": 2, "W6": 3, "W7": 2, "W8": 3, "W9": 3}[name]
    extra = {"W1": peers, "W2": int(installed("qulacs")), "W4": peers, "W5": peers, "W6": int(installed("qulacs")),
             "W7": 0, "W8": 0, "W9": 0}[name]
    return base + extra


def run(quick: bool = False, only: list[str] | None = None, progress: bool = True) -> list[Result]:
    """Run the chosen workloads (default all) and return their results."""
    cfg = QUICK if quick else FULL
    names = only or list(WORKLOADS)
    bar = Progress(sum(_steps(k, cfg) for k in names), progress)
    return [WORKLOADS[k](cfg, bar) for k in names]


def environment() -> dict:
    import pennylane as qml

    env = {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "pennylane": qml.__version__,
        "machine": platform.machine(),
        "processor": platform.processor() or "unknown",
    }
    for name, module in PEERS.items():
        if installed(module):
            import importlib.metadata

            env[name] = importlib.metadata.version({"qulacs": "qulacs", "aer": "qiskit-aer"}[name])
    return env


def table(results: list[Result]) -> str:
    """A markdown table of best times (s), their spread, ratios and goals."""
    lines = [
        "| workload | implementation | best (s) | median / slowest (s) | qmlcourse speed-up | goal | met |",
        "| --- | --- | ---: | ---: | ---: | --- | --- |",
    ]
    for r in results:
        status = {g["peer"]: g for g in r.goal_status()}
        for k, t in r.times.items():
            ratio = "1 (reference)" if k == "qmlcourse" else f"{r.ratios[k]:.2f}x"
            spread = r.spread.get(k, [t, t, t])
            g = status.get(k)
            goal = g["goal"] if g else ""
            met = ("yes" if g["met"] else "no") if g else ""
            lines.append(
                f"| {r.workload} | {k} | {t:.4g} | {spread[1]:.4g} / {spread[2]:.4g} | {ratio} | {goal} | {met} |"
            )
        for peer in r.missing:
            lines.append(f"| {r.workload} | {peer} | not installed | | | | |")
    return "\n".join(lines)


def register(subparsers) -> None:
    """Add the ``bench`` subcommand."""
    p = subparsers.add_parser("bench", help="time the simulator against PennyLane (and qulacs, Aer if installed)")
    p.add_argument("--quick", action="store_true", help="small sizes (a minute or two)")
    p.add_argument("--json", metavar="PATH", help="write times, spreads, ratios and goals as JSON")
    p.add_argument("--markdown", metavar="PATH", help="write the table as markdown")
    p.add_argument("--only", nargs="+", choices=sorted(WORKLOADS), help="run only these workloads")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--no-peers", action="store_true", help="leave out qulacs and Aer even if installed")
    p.set_defaults(func=main)


def main(args) -> int:
    global USE_PEERS
    USE_PEERS = not getattr(args, "no_peers", False)
    results = run(quick=args.quick, only=args.only, progress=not args.no_progress)
    text = table(results)
    print(text)
    for r in results:
        for note in r.notes:
            print(f"{r.workload}: {note}")
        print(f"{r.workload}: largest difference between qmlcourse and the others: {r.max_abs_diff:.2e}")
        for g in r.goal_status():
            verdict = "not measured" if g["met"] is None else ("met" if g["met"] else "not met")
            if "seconds" in g:
                ratio = f" ({g['seconds']:.3g} s)"
            else:
                ratio = "" if g["ratio"] is None else f" ({g['ratio']:.2f}x)"
            print(f"{r.workload}: goal {g['goal']}{ratio}: {verdict}")
    payload = {"quick": bool(args.quick), "environment": environment(), "results": [r.to_dict() for r in results]}
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(payload, fh, indent=2)
    if args.markdown:
        with open(args.markdown, "w") as fh:
            fh.write(report_markdown(payload, text))
    return 0


def report_markdown(payload: dict, text: str) -> str:
    """The table with the workloads, notes, agreement and environment, for the book."""
    env = payload["environment"]
    lines = ["Quick run (small sizes).\n" if payload["quick"] else "", text, ""]
    for r in payload["results"]:
        lines.append(
            f"- **{r['workload']}**: {r['description']}. Largest difference between qmlcourse's results "
            f"and the others': {r['max_abs_diff']:.1e}. " + " ".join(r["notes"])
        )
    lines.append("")
    peers = ", ".join(f"{k} {env[k]}" for k in PEERS if k in env)
    lines.append(
        f"Measured with Python {env['python']}, NumPy {env['numpy']}, PennyLane {env['pennylane']}"
        f"{', ' + peers if peers else ''} on {env['machine']} ({time.strftime('%Y-%m-%d')}); "
        "speed-up = the other side's best time / qmlcourse's best time; every side's set-up is excluded "
        "and each keeps the best of the same number of calls."
    )
    return "\n".join(lines) + "\n"
