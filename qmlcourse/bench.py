"""``qmlcourse bench``: the simulator against PennyLane on the course's standard workloads.

Both sides run in this process, one after the other, on the same circuits and inputs, and
the benchmark checks that they compute the same numbers before it reports times. Each
workload keeps the best of several repeats (``time.perf_counter``), the same number for
both sides: 10 for the sub-second W1 and W2, 3 for W4, and for W3 three for qmlcourse and
one for PennyLane (whose sweep takes minutes).

Workloads (``--quick`` shrinks each so the whole run takes well under two minutes):

- W1: fidelity kernel matrix of N points on n qubits (feature map: 2 layers of RY(x_i) on
  every wire, then a CNOT ring). PennyLane is timed twice: ``qml.kernels.square_kernel_matrix``
  with an adjoint-embedding QNode (on a subset of pairs, extrapolated per pair), and its best
  (all states in one broadcast QNode call, then a Gram matrix).
- W2: one training step of a VQC (AngleEmbedding + 3 StronglyEntanglingLayers, MSE of
  ⟨Z0⟩): loss and gradient of every weight for a batch, against ``default.qubit`` backprop
  with broadcasting and ``lightning.qubit`` adjoint.
- W3: barren-plateau sweep: variance over random initialisations of d⟨Z0 Z1⟩/d theta_1 for
  n = 2, 4, ... qubits and n layers of RY, RZ and a CZ ladder, against PennyLane with
  parameter broadcasting (both shifts of all initialisations in one call).
- W4: one state of many qubits after 4 layers of RY, RZ and a CZ ladder, against
  ``lightning.qubit`` and ``default.qubit``.
"""

from __future__ import annotations

import json
import platform
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import numpy as np

from qmlcourse.kernels import fidelity_from_states, fidelity_kernel_matrix
from qmlcourse.sim.circuit import Circuit, feature, weight

FULL = {"w1_points": 200, "w1_qubits": 8, "w1_pairs": 40, "w2_qubits": 8, "w2_batch": 64,
        "w3_qubits": [2, 4, 6, 8, 10, 12, 14], "w3_inits": 200, "w4_qubits": 20, "repeats": 3,
        "fast_repeats": 10}
QUICK = {"w1_points": 40, "w1_qubits": 6, "w1_pairs": 6, "w2_qubits": 6, "w2_batch": 16,
         "w3_qubits": [2, 4, 6, 8], "w3_inits": 50, "w4_qubits": 14, "repeats": 2,
         "fast_repeats": 3}


@dataclass
class Result:
    """One workload: times in seconds per implementation, and what was checked."""

    workload: str
    description: str
    times: dict[str, float]
    baseline: str
    goal: str
    goal_ratio: float
    max_abs_diff: float
    notes: list[str] = field(default_factory=list)

    @property
    def ratios(self) -> dict[str, float]:
        """How many times faster qmlcourse is than each other implementation."""
        ours = self.times["qmlcourse"]
        return {k: v / ours for k, v in self.times.items() if k != "qmlcourse"}

    @property
    def met(self) -> bool:
        return self.ratios[self.baseline] >= self.goal_ratio

    def to_dict(self) -> dict:
        d = asdict(self)
        d.update(ratios=self.ratios, met=self.met)
        return d


class Progress:
    """A minimal progress bar on stderr (silent when disabled)."""

    def __init__(self, total: int, enabled: bool = True):
        self.total, self.done, self.enabled = total, 0, enabled

    def step(self, label: str) -> None:
        self.done += 1
        if self.enabled:
            width = 30
            filled = int(width * self.done / self.total)
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {label:<40}")
            sys.stderr.flush()
            if self.done == self.total:
                sys.stderr.write("\n")


def best_time(fn: Callable[[], object], repeats: int) -> float:
    """Smallest wall time of ``repeats`` calls, in seconds."""
    return timed(fn, repeats)[0]


def timed(fn: Callable[[], object], repeats: int = 1) -> tuple[float, object]:
    """Smallest wall time of ``repeats`` calls (seconds) and the last call's result."""
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


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


# --- the workloads ----------------------------------------------------------------------
def w1_kernel(cfg: dict, progress: Progress) -> Result:
    import pennylane as qml

    from qmlcourse.interop import apply_in_pennylane

    n, npts, repeats = cfg["w1_qubits"], cfg["w1_points"], cfg["fast_repeats"]
    x = np.random.default_rng(1).uniform(0, np.pi, size=(npts, n))
    circuit = feature_map_circuit(n)

    def ours():
        return fidelity_kernel_matrix(circuit, x)

    t_ours = best_time(ours, repeats)
    k_ours = ours()
    progress.step("W1 qmlcourse")

    dev = qml.device("default.qubit", wires=n)

    @qml.qnode(dev)
    def states_qnode(xs):
        apply_in_pennylane(circuit, xs, None)
        return qml.state()

    def pl_best():  # the same Gram-matrix step as qmlcourse, on PennyLane's states
        return fidelity_from_states(np.asarray(states_qnode(x)))

    t_best = best_time(pl_best, repeats)
    k_best = pl_best()
    progress.step("W1 PennyLane broadcast")

    @qml.qnode(dev)
    def overlap(x1, x2):
        apply_in_pennylane(circuit, x1, None)
        qml.adjoint(apply_in_pennylane)(circuit, x2, None)
        return qml.probs(wires=range(n))

    def kernel(x1, x2):
        return overlap(x1, x2)[0]

    sub = cfg["w1_pairs"]
    xs = x[: int(np.ceil(np.sqrt(2 * sub))) + 1]
    start = time.perf_counter()
    k_sub = np.asarray(qml.kernels.square_kernel_matrix(xs, kernel, assume_normalized_kernel=True))
    elapsed = time.perf_counter() - start
    pairs_sub = len(xs) * (len(xs) - 1) // 2
    t_pairs = elapsed / pairs_sub * (npts * (npts - 1) // 2)
    progress.step("W1 PennyLane kernel matrix")
    diff = max(np.abs(k_ours - k_best).max(), np.abs(k_ours[: len(xs), : len(xs)] - k_sub).max())
    return Result(
        "W1", f"fidelity kernel matrix, N={npts} points, n={n} qubits, 2-layer RY + CNOT-ring feature map",
        {"qmlcourse": t_ours, "pennylane_broadcast_gram": t_best, "pennylane_square_kernel_matrix": t_pairs},
        baseline="pennylane_broadcast_gram", goal="at least 3x faster than PennyLane's best", goal_ratio=3.0,
        max_abs_diff=float(diff),
        notes=[f"square_kernel_matrix timed on {pairs_sub} pairs ({len(xs)} points) and extrapolated per pair "
               f"to {npts * (npts - 1) // 2} pairs"],
    )


def w2_training_step(cfg: dict, progress: Progress) -> Result:
    import pennylane as qml
    from pennylane import numpy as pnp

    n, batch, repeats = cfg["w2_qubits"], cfg["w2_batch"], cfg["fast_repeats"]
    rng = np.random.default_rng(2)
    x = rng.uniform(0, np.pi, size=(batch, n))
    y = rng.choice([-1.0, 1.0], size=batch)
    shape = (3, n, 3)
    w = rng.uniform(0, 2 * np.pi, size=shape)
    circuit = vqc_circuit(n, 3)

    def ours():
        f, g = circuit.expval_and_gradient("Z0", x, w.reshape(-1), method="adjoint")
        residual = f - y
        return np.mean(residual**2), (2 * residual @ g / batch).reshape(shape)

    t_ours = best_time(ours, repeats)
    loss_ours, grad_ours = ours()
    progress.step("W2 qmlcourse")

    def make(dev, diff_method):
        @qml.qnode(dev, diff_method=diff_method)
        def model(xs, ws):
            qml.AngleEmbedding(xs, wires=range(n))
            qml.StronglyEntanglingLayers(ws, wires=range(n))
            return qml.expval(qml.PauliZ(0))
        return model

    results, times = {}, {}
    for label, dev, method in [("pennylane_default_backprop", qml.device("default.qubit", wires=n), "backprop"),
                               ("pennylane_lightning_adjoint", qml.device("lightning.qubit", wires=n), "adjoint")]:
        model = make(dev, method)

        def cost(ws, model=model):
            return pnp.mean((model(x, ws) - y) ** 2)

        def step(cost=cost):
            ws = pnp.array(w, requires_grad=True)
            grad = qml.grad(cost)(ws)
            return cost(ws), grad

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            times[label] = best_time(lambda: qml.grad(cost)(pnp.array(w, requires_grad=True)), repeats)
            results[label] = step()
        progress.step(f"W2 {label}")
    diff = max(max(abs(float(l) - loss_ours), np.abs(np.asarray(g) - grad_ours).max()) for l, g in results.values())
    fastest = min(times, key=times.get)
    return Result(
        "W2", f"VQC training step (loss and {w.size} gradients), n={n}, batch {batch}, "
              "AngleEmbedding + 3 StronglyEntanglingLayers, MSE of ⟨Z0⟩",
        {"qmlcourse": t_ours, **times}, baseline=fastest,
        goal="at least 10x faster than the faster PennyLane device", goal_ratio=10.0, max_abs_diff=float(diff),
        notes=["PennyLane time is one qml.grad call (it evaluates the loss on the way)"],
    )


def w3_barren_plateau(cfg: dict, progress: Progress) -> Result:
    import pennylane as qml

    from qmlcourse.interop import apply_in_pennylane

    inits, repeats = cfg["w3_inits"], cfg["repeats"]
    sizes = cfg["w3_qubits"]
    rng = np.random.default_rng(3)
    weights = {n: rng.uniform(0, 2 * np.pi, size=(inits, 2 * n * n)) for n in sizes}

    def ours_one(n):
        c = ry_rz_cz_circuit(n, n)
        g = c.gradient("Z0 Z1", w=weights[n], method="parameter-shift", weight_indices=[1])
        return np.var(g[:, 0, 0])

    def pl_one(n):
        c = ry_rz_cz_circuit(n, n)
        dev = qml.device("default.qubit", wires=n)

        @qml.qnode(dev)
        def energy(ws):
            apply_in_pennylane(c, None, ws)
            return qml.expval(qml.PauliZ(0) @ qml.PauliZ(1))

        shifted = np.concatenate([weights[n], weights[n]], axis=0)
        shifted[:inits, 1] += np.pi / 2
        shifted[inits:, 1] -= np.pi / 2
        values = np.asarray(energy(shifted))
        return np.var((values[:inits] - values[inits:]) / 2)

    t_ours = t_pl = 0.0
    var_ours, var_pl = [], []
    for n in sizes:
        t, v = timed(lambda: ours_one(n), repeats)
        t_ours += t
        var_ours.append(v)
        t, v = timed(lambda: pl_one(n), 1)  # one run: PennyLane takes minutes at n = 14
        t_pl += t
        var_pl.append(v)
        progress.step(f"W3 n={n}")
    slope = float(np.polyfit(sizes, np.log(var_ours), 1)[0])
    return Result(
        "W3", f"barren-plateau sweep, n = {sizes[0]}..{sizes[-1]}, {inits} initialisations, n layers of RY, RZ, CZ ladder, "
              "Var[d⟨Z0 Z1⟩/d theta_1]",
        {"qmlcourse": t_ours, "pennylane_broadcast": t_pl}, baseline="pennylane_broadcast",
        goal="at least 10x faster for the whole sweep", goal_ratio=10.0,
        max_abs_diff=float(np.max(np.abs(np.array(var_ours) - np.array(var_pl)))),
        notes=[f"variances: {', '.join(f'n={n}: {v:.3g}' for n, v in zip(sizes, var_ours))}; "
               f"fitted slope of log Var against n: {slope:.3f}"],
    )


def w4_large_state(cfg: dict, progress: Progress) -> Result:
    import pennylane as qml

    from qmlcourse.interop import apply_in_pennylane

    n, repeats = cfg["w4_qubits"], cfg["repeats"]
    c = ry_rz_cz_circuit(n, 4)
    w = np.random.default_rng(4).uniform(0, 2 * np.pi, size=c.n_weights)

    t_ours = best_time(lambda: c.statevector(w=w), repeats)
    ours = c.statevector(w=w)[0]
    progress.step("W4 qmlcourse")
    times, diffs = {}, []
    for label, name in [("pennylane_lightning", "lightning.qubit"), ("pennylane_default", "default.qubit")]:
        dev = qml.device(name, wires=n)

        @qml.qnode(dev)
        def state():
            apply_in_pennylane(c, None, w)
            return qml.state()

        times[label] = best_time(state, repeats)
        diffs.append(np.abs(np.asarray(state()) - ours).max())
        progress.step(f"W4 {label}")
    return Result(
        "W4", f"one state, n={n} qubits, 4 layers of RY, RZ and a CZ ladder",
        {"qmlcourse": t_ours, **times}, baseline="pennylane_default",
        goal="at least 3x faster than default.qubit and within 3x of lightning.qubit", goal_ratio=3.0,
        max_abs_diff=float(max(diffs)),
        notes=["also required: time at most 3x lightning.qubit's (ratio against lightning >= 1/3)"],
    )


WORKLOADS = {"W1": w1_kernel, "W2": w2_training_step, "W3": w3_barren_plateau, "W4": w4_large_state}
STEPS = {"W1": 3, "W2": 3, "W4": 3}


def run(quick: bool = False, only: list[str] | None = None, progress: bool = True) -> list[Result]:
    """Run the chosen workloads (default all) and return their results."""
    cfg = QUICK if quick else FULL
    names = only or list(WORKLOADS)
    total = sum(STEPS.get(k, len(cfg["w3_qubits"])) for k in names)
    bar = Progress(total, progress)
    return [WORKLOADS[k](cfg, bar) for k in names]


def environment() -> dict:
    import pennylane as qml

    return {"python": platform.python_version(), "numpy": np.__version__, "pennylane": qml.__version__,
            "machine": platform.machine(), "processor": platform.processor() or "unknown"}


def table(results: list[Result]) -> str:
    """A markdown table of times (s) and ratios."""
    lines = ["| workload | implementation | time (s) | qmlcourse speed-up | goal | met |",
             "| --- | --- | ---: | ---: | --- | --- |"]
    for r in results:
        for k, t in r.times.items():
            ratio = "1 (reference)" if k == "qmlcourse" else f"{r.ratios[k]:.1f}x"
            goal = r.goal if k == r.baseline else ""
            met = ("yes" if r.met else "no") if k == r.baseline else ""
            lines.append(f"| {r.workload} | {k} | {t:.4g} | {ratio} | {goal} | {met} |")
    return "\n".join(lines)


def register(subparsers) -> None:
    """Add the ``bench`` subcommand."""
    p = subparsers.add_parser("bench", help="time the simulator against PennyLane")
    p.add_argument("--quick", action="store_true", help="small sizes (under two minutes)")
    p.add_argument("--json", metavar="PATH", help="write times and ratios as JSON")
    p.add_argument("--markdown", metavar="PATH", help="write the table as markdown")
    p.add_argument("--only", nargs="+", choices=sorted(WORKLOADS), help="run only these workloads")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=main)


def main(args) -> int:
    results = run(quick=args.quick, only=args.only, progress=not args.no_progress)
    text = table(results)
    print(text)
    for r in results:
        for note in r.notes:
            print(f"{r.workload}: {note}")
        print(f"{r.workload}: largest difference between qmlcourse and PennyLane: {r.max_abs_diff:.2e}")
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
        lines.append(f"- **{r['workload']}**: {r['description']}. Largest difference between the two "
                     f"sides' results: {r['max_abs_diff']:.1e}. " + " ".join(r["notes"]))
    lines.append("")
    lines.append(f"Measured with Python {env['python']}, NumPy {env['numpy']}, PennyLane {env['pennylane']} "
                 f"on {env['machine']} ({time.strftime('%Y-%m-%d')}); speed-up = PennyLane's time / qmlcourse's time.")
    return "\n".join(lines) + "\n"
