"""Barren-plateau explorer (lesson 19): how the gradient of a random circuit shrinks with its width.

Controls choose the start (McClean et al.'s layered random circuit at uniform random angles,
or Grant et al.'s identity blocks started at ``U U^dagger = I``), the cost ("global"
``1 - p(0...0)``, "local" ``(1/n) sum_i p_i(1)``, "zz" ``<Z0 Z1>``), the depth (a fixed
number of layers, or layers per qubit so that the depth grows with the width), the range
of qubit counts (2 to 12) and the number of sampled initialisations. All the maths is
:mod:`qmlcourse.plateaus`; the explorer shows

- left, on a log axis against the number of qubits ``n``: ``Var[dC/dtheta_0]`` over the
  random initialisations (for the identity start, where every initialisation has the same
  gradient and the variance is 0, the mean of ``(dC/dtheta_0)**2`` instead, beside the
  random start's at the same depth), the fitted line ``exp(a - rate n)``
  (:func:`~qmlcourse.plateaus.fit_decay`, its rate and standard error in the legend) and
  the unitary 2-design value ``Tr(H0**2) / (2 (d**2 - 1))``
  (:func:`~qmlcourse.plateaus.two_design_variance`);
- right: the cost along ``theta_0`` with the other angles kept
  (:func:`~qmlcourse.plateaus.landscape_slice`) for three initialisations at the largest
  ``n`` and one at the smallest, a dot where each initialisation sits. One Pauli rotation
  makes the cost ``A + B cos(t) + C sin(t)`` exactly, so eight computed angles give the
  whole curve.

The gradients of every (start, cost, n, depth, initialisations) are cached, so moving the
qubit range computes only the new widths, and going back to a setting costs nothing; the
missing widths are computed on two threads (the layer products release the GIL), the
largest first, with one BLAS thread each.

>>> ex = PlateauExplorer(cost="global", layers=2, qubits=(2, 6), n_inits=20, seed=0)
>>> ex.qubit_counts, ex.quantity
((2, 3, 4, 5, 6), 'variance')
>>> bool(ex.rate > 0 and ex.values[0] > ex.values[-1])
True
>>> ex.set(init="identity", cost="local").quantity
'mean square'
"""

from __future__ import annotations

import html
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import NullLocator

from qmlcourse import plateaus as pl
from qmlcourse.plots import FastFigure, snapshot_png
from qmlcourse.widgets.base import Explorer, check_choice, int_in, one_blas_thread

__all__ = ["COST_LABELS", "INIT_LABELS", "LAYER_RANGE", "INITS_RANGE", "PER_QUBIT_RANGE", "PlateauExplorer",
           "QUBIT_RANGE", "WORK_BUDGET", "circuit_and_weights", "circuit_depth", "work"]

#: The starts offered: value -> dropdown label.
INIT_LABELS = {"random": "random angles (McClean 2018)", "identity": "identity blocks (Grant 2019)"}
#: The costs offered: value -> dropdown label.
COST_LABELS = {"global": "global: 1 - p(0...0)", "local": "local: mean p_i(1)", "zz": "Z0 Z1 (McClean)"}
#: Smallest and largest qubit count of the range slider.
QUBIT_RANGE = (2, 12)
#: Layers when the depth is fixed, and layers per qubit when it grows with the width.
LAYER_RANGE = (1, 48)
PER_QUBIT_RANGE = (1, 12)
#: Largest ``work`` of a setting (states times layers times amplitudes, see :func:`work`):
#: about 1.5 s on 2 cores, so that every update the explorer accepts takes under 2 s.
WORK_BUDGET = 12_000_000
#: Sampled initialisations per width (slider step 10).
INITS_RANGE = (10, 100)
#: Angles at which the landscape slice is computed (the curve between them is exact).
SLICE_ANGLES = np.linspace(0.0, 2 * np.pi, 8, endpoint=False)
#: Initialisations whose landscape slice is drawn at the largest width.
SLICE_INITS = 3
_FINE = np.linspace(0.0, 2 * np.pi, 181)
_CACHE_SIZE = 512
_COLORS = {"measured": "#1f77b4", "fit": "#1f77b4", "design": "#d62728", "random": "#7f7f7f"}
_SLICE_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c")







def _check_qubits(value) -> tuple[int, int]:
    lo, hi = QUBIT_RANGE
    try:
        a, b = value
    except (TypeError, ValueError):
        raise ValueError(f"qubits must be a pair (smallest, largest) of integers from {lo} to {hi}; "
                         f"got {value!r}") from None
    a = int_in(a, "qubits[0]", lo, hi)
    b = int_in(b, "qubits[1]", lo, hi)
    if b - a < 2:
        raise ValueError(f"qubits must span at least 3 widths (the decay fit needs 3 points): "
                         f"largest - smallest >= 2; got {value!r}")
    return a, b


def circuit_depth(init: str, depth: int) -> int:
    """The depth of the circuit ``plateaus.gradient_variance`` builds for a requested depth:
    ``depth`` for random circuits, ``4 * max(1, round(depth / 4))`` for identity blocks (blocks
    of 2 + 2 layers).

    >>> circuit_depth("random", 6), circuit_depth("identity", 6), circuit_depth("identity", 1)
    (6, 8, 4)
    """
    init = check_choice(init, "init", pl.INITS)
    depth = int_in(depth, "depth", 1)
    return depth if init == "random" else 4 * max(1, int(round(depth / 4)))


def circuit_and_weights(n_qubits: int, depth: int, n_inits: int, init: str = "random", seed: int = 0):
    """The circuit and the ``(n_inits, n_weights)`` starting angles that
    ``plateaus.gradient_variance`` and ``plateaus.gradient_mean_square`` use, from the public
    builders (``random_circuit`` + ``random_weights``, or ``identity_block_circuit`` with
    ``max(1, round(depth / 4))`` blocks of 2 + 2 layers + ``identity_weights``).

    >>> c, w = circuit_and_weights(3, 6, 5, "identity")
    >>> c.depth, w.shape
    (8, (5, 24))
    """
    init = check_choice(init, "init", pl.INITS)
    if init == "random":
        c = pl.random_circuit(n_qubits, depth, seed)
        return c, pl.random_weights(c, n_inits, seed)
    c = pl.identity_block_circuit(n_qubits, circuit_depth(init, depth) // 4, 2, seed)
    return c, pl.identity_weights(c, n_inits, seed)


def work(init: str, layers: int, per_qubit: bool, qubits: tuple[int, int], n_inits: int) -> int:
    """The simulation work of a setting: ``sum_n 2 * n_inits * depth(n) * 2**n`` (two states
    per initialisation, ``first_gradients``), twice that for the identity start (the random
    start at the same depth is drawn beside it). The update time grows with it (measured on
    2 cores: about 0.07 s per million plus 0.5 s).

    >>> work("random", 2, False, (2, 4), 10)
    1120
    """
    init = check_choice(init, "init", pl.INITS)
    total = 0
    for n in range(qubits[0], qubits[1] + 1):
        total += 2 * n_inits * circuit_depth(init, layers * n if per_qubit else layers) * 2**n
    return total * (2 if init == "identity" else 1)


def _check_work(init, layers, per_qubit, qubits, n_inits) -> None:
    units = work(init, layers, per_qubit, qubits, n_inits)
    if units > WORK_BUDGET:
        depth = f"{layers} x n layers" if per_qubit else f"{layers} layers"
        raise ValueError(
            f"{depth}, {n_inits} inits and qubits {qubits[0]}..{qubits[1]} need {units / 1e6:.1f} million "
            f"state-layers, more than the {WORK_BUDGET / 1e6:.0f} million that keep an update under 2 s: "
            "expected fewer layers, fewer inits or a smaller largest qubit count")


class PlateauExplorer(Explorer):
    """Explore barren plateaus: the gradient's spread against the width, and the landscape.

    Args:
        init: "random" (McClean et al. 2018: uniform angles) or "identity" (Grant et al.
            2019: identity blocks, the circuit starts as ``I``).
        cost: "global", "local" or "zz" (:func:`qmlcourse.plateaus.cost_diagonal`).
        layers: layers of the circuit (1 to 48), or layers per qubit (1 to 12) with
            ``per_qubit=True`` (depth ``layers * n``). Settings whose :func:`work` exceeds
            ``WORK_BUDGET`` are refused (ValueError; in the live view, a message and the
            previous picture), so that every update takes under 2 s.
        per_qubit: whether the depth grows with the width.
        qubits: ``(smallest, largest)`` width, 2 to 12, at least 3 widths apart.
        n_inits: sampled initialisations per width, 10 to 100.
        seed: seeds the gates and the angles (as in ``plateaus.sweep``).
        dpi: resolution of the live picture (20 to 200).

    Attributes:
        init, cost, scaling, layers, qubits, inits: the controls (``Dropdown`` x 3,
            ``IntSlider``, ``IntRangeSlider``, ``IntSlider``); change ``.value`` or call :meth:`set`.
        qubit_counts: the widths ``(n,)``; depths: the requested depth per width;
            circuit_depths: the depth of the circuits built (identity blocks round to 4).
        gradients: ``{n: (n_inits,)}`` the sampled ``dC/dtheta_0``.
        variances, mean_squares, two_design: ``(len(qubit_counts),)`` arrays.
        quantity: "variance" (random start) or "mean square" (identity start); values: the
            plotted one; rate, rate_err: its ``fit_decay`` (None when it cannot be fitted).
        result: the ``plateaus.SweepResult`` of the settings (equal to ``plateaus.sweep``).
        comparison: identity start only, the random start's mean square at the same depth.
        slice_angles ``(8,)``, slice_costs ``(3, 8)``: the landscape at the largest width;
            slice_small ``(8,)``: at the smallest; slice_theta0: the initial ``theta_0``s.
        seconds: time of the last update; image, png, stats, status, widget (CSS class
            "qml-plateau-explorer"); alt_text: a description of the picture, also shown in
            ``caption`` (an ``HTML`` fold under the picture).
    """

    def __init__(self, init: str = "random", cost: str = "global", layers: int = 2, per_qubit: bool = False,
                 qubits=(2, 12), n_inits: int = 30, seed: int = 0, dpi: float = 80):
        init = check_choice(init, "init", pl.INITS)
        cost = check_choice(cost, "cost", pl.COSTS)
        if not isinstance(per_qubit, (bool, np.bool_)):
            raise ValueError(f"per_qubit must be True or False; got {per_qubit!r}")
        layers = int_in(layers, "layers", *(PER_QUBIT_RANGE if per_qubit else LAYER_RANGE))
        qubits = _check_qubits(qubits)
        n_inits = int_in(n_inits, "n_inits", *INITS_RANGE)
        _check_work(init, layers, bool(per_qubit), qubits, n_inits)
        self.seed = int_in(seed, "seed", 0)
        if isinstance(dpi, bool) or not isinstance(dpi, (int, float, np.integer, np.floating)) or not (
                np.isfinite(dpi) and 20 <= dpi <= 200):
            raise ValueError(f"dpi must be a number from 20 to 200; got {dpi!r}")
        self._dpi = float(dpi)
        self._gradients: OrderedDict[tuple, np.ndarray] = OrderedDict()
        self._slices: OrderedDict[tuple, np.ndarray] = OrderedDict()
        self._syncing = False
        self.status = widgets.HTML()

        style = {"description_width": "70px"}
        wide = widgets.Layout(width="300px")
        self.init = widgets.Dropdown(options=[(v, k) for k, v in INIT_LABELS.items()], value=init,
                                     description="start", style=style, layout=wide)
        self.cost = widgets.Dropdown(options=[(v, k) for k, v in COST_LABELS.items()], value=cost,
                                     description="cost", style=style, layout=wide)
        self.scaling = widgets.Dropdown(options=[("fixed", "fixed"), ("per qubit (x n)", "per qubit")],
                                        value="per qubit" if per_qubit else "fixed", description="depth",
                                        style=style, layout=wide)
        lo, hi = PER_QUBIT_RANGE if per_qubit else LAYER_RANGE
        self.layers = widgets.IntSlider(value=layers, min=lo, max=hi, description="layers", continuous_update=False,
                                        style=style, layout=wide)
        self.qubits = widgets.IntRangeSlider(value=qubits, min=QUBIT_RANGE[0], max=QUBIT_RANGE[1], description="qubits",
                                             continuous_update=False, style=style, layout=wide)
        self.inits = widgets.IntSlider(value=n_inits, min=INITS_RANGE[0], max=INITS_RANGE[1], step=10,
                                       description="inits", continuous_update=False, style=style, layout=wide)
        self.scaling.observe(self._safe(self._on_scaling), names="value")
        for control in (self.init, self.cost, self.layers, self.qubits, self.inits):
            control.observe(self._safe(self._on_change), names="value")

        self.image = widgets.Image(format="png", layout=widgets.Layout(align_self="flex-start", max_width="100%",
                                                                       height="auto"))
        self.stats = widgets.HTML()
        # ipywidgets' Image has no alt attribute (and its tooltip breaks the view in JupyterLab
        # 4.6 with widgets 8.1), so the description of the picture sits in a fold under it
        self.caption = widgets.HTML()
        self._build_figure()
        controls = widgets.HBox([widgets.VBox([self.init, self.cost, self.scaling]),
                                 widgets.VBox([self.layers, self.qubits, self.inits])])
        self.widget = widgets.VBox([controls, self.stats, self.status, self.image, self.caption])
        self.widget.add_class("qml-plateau-explorer")
        self._update()

    # --- state ---------------------------------------------------------------------------
    @property
    def per_qubit(self) -> bool:
        return self.scaling.value == "per qubit"

    def depth_of(self, n: int) -> int:
        """The requested depth at width ``n``: ``layers`` or ``layers * n``."""
        return int(self.layers.value) * (int(n) if self.per_qubit else 1)

    def set(self, init: str | None = None, cost: str | None = None, layers: int | None = None,
            per_qubit: bool | None = None, qubits=None, n_inits: int | None = None) -> PlateauExplorer:
        """Change several controls with one update (checked as in the constructor, all
        before any is changed); returns the explorer."""
        new = {}
        if init is not None:
            new[self.init] = check_choice(init, "init", pl.INITS)
        if cost is not None:
            new[self.cost] = check_choice(cost, "cost", pl.COSTS)
        if per_qubit is not None:
            if not isinstance(per_qubit, (bool, np.bool_)):
                raise ValueError(f"per_qubit must be True or False; got {per_qubit!r}")
        scaling_per_qubit = self.per_qubit if per_qubit is None else bool(per_qubit)
        lo, hi = PER_QUBIT_RANGE if scaling_per_qubit else LAYER_RANGE
        if layers is not None:
            layers = int_in(layers, "layers" + (" per qubit" if scaling_per_qubit else ""), lo, hi)
        elif scaling_per_qubit != self.per_qubit:
            layers = min(max(int(self.layers.value), lo), hi)
        if qubits is not None:
            new[self.qubits] = _check_qubits(qubits)
        if n_inits is not None:
            new[self.inits] = int_in(n_inits, "n_inits", *INITS_RANGE)
        _check_work(new.get(self.init, self.init.value), int(self.layers.value) if layers is None else layers,
                    scaling_per_qubit, new.get(self.qubits, self.qubits.value), new.get(self.inits, self.inits.value))
        self._syncing = True
        try:
            if per_qubit is not None:
                self._set_scaling(scaling_per_qubit, layers)
            elif layers is not None:
                self.layers.value = layers
            for control, value in new.items():
                control.value = value
        finally:
            self._syncing = False
        self._update()
        return self

    def _set_scaling(self, per_qubit: bool, layers: int) -> None:
        lo, hi = PER_QUBIT_RANGE if per_qubit else LAYER_RANGE
        self.scaling.value = "per qubit" if per_qubit else "fixed"
        # widen first so that neither bound rejects the new value on the way
        self.layers.max = max(hi, self.layers.max)
        self.layers.min = min(lo, self.layers.min)
        self.layers.value = layers
        self.layers.min, self.layers.max = lo, hi

    def _on_scaling(self, change) -> None:
        if self._syncing:
            return
        per_qubit = change["new"] == "per qubit"
        lo, hi = PER_QUBIT_RANGE if per_qubit else LAYER_RANGE
        self._syncing = True
        try:
            self._set_scaling(per_qubit, min(max(int(self.layers.value), lo), hi))
        finally:
            self._syncing = False
        self._update()

    def _on_change(self, change) -> None:
        if not self._syncing:
            self._update()

    # --- maths ---------------------------------------------------------------------------
    def _key(self, init: str, n: int, depth: int) -> tuple:
        return (init, self.cost.value, int(n), int(depth), int(self.inits.value), self.seed)

    def _gradients_of(self, init: str, n: int, depth: int) -> np.ndarray:
        c, w = circuit_and_weights(n, depth, int(self.inits.value), init, self.seed)
        return pl.first_gradients(c, w, self.cost.value)

    def _fill(self, jobs: list[tuple[str, int, int]]) -> None:
        """Compute the gradients of the jobs not cached, the widest first, on two threads."""
        missing = [j for j in dict.fromkeys(jobs) if self._key(*j) not in self._gradients]
        missing.sort(key=lambda j: -(2 ** j[1]) * circuit_depth(j[0], j[2]))  # the slowest first
        if len(missing) > 1:
            with ThreadPoolExecutor(max_workers=2) as pool:
                results = list(pool.map(lambda j: self._gradients_of(*j), missing))
        else:
            results = [self._gradients_of(*j) for j in missing]
        for job, g in zip(missing, results, strict=True):
            self._gradients[self._key(*job)] = g
        for job in jobs:
            self._gradients.move_to_end(self._key(*job))
        while len(self._gradients) > _CACHE_SIZE:
            self._gradients.popitem(last=False)

    def _slice(self, n: int, depth: int, count: int) -> np.ndarray:
        """``(count, len(SLICE_ANGLES))``: the cost along theta_0 for the first ``count``
        initialisations of the current settings (cached)."""
        init = self.init.value
        key = (*self._key(init, n, depth), count)
        if key not in self._slices:
            c, w = circuit_and_weights(n, depth, int(self.inits.value), init, self.seed)
            self._slices[key] = np.stack([pl.landscape_slice(c, w[i], SLICE_ANGLES, self.cost.value, 0)
                                          for i in range(count)])
            if len(self._slices) > _CACHE_SIZE:
                self._slices.popitem(last=False)
        else:
            self._slices.move_to_end(key)
        return self._slices[key]

    def _update(self) -> None:
        start = time.perf_counter()
        with one_blas_thread():
            self._update_now()
        self.seconds = time.perf_counter() - start
        self._render()

    def _update_now(self) -> None:
        init, cost = self.init.value, self.cost.value
        a, b = self.qubits.value
        _check_work(init, int(self.layers.value), self.per_qubit, (int(a), int(b)), int(self.inits.value))
        ns = tuple(range(int(a), int(b) + 1))
        depths = tuple(self.depth_of(n) for n in ns)
        jobs = [(init, n, d) for n, d in zip(ns, depths, strict=True)]
        if init == "identity":  # the random start at the same circuit depth, for comparison
            jobs += [("random", n, circuit_depth("identity", d)) for n, d in zip(ns, depths, strict=True)]
        self._fill(jobs)
        self.qubit_counts, self.depths = ns, depths
        self.circuit_depths = tuple(circuit_depth(init, d) for d in depths)
        self.gradients = {n: self._gradients[self._key(init, n, d)] for n, d in zip(ns, depths, strict=True)}
        g = [self.gradients[n] for n in ns]
        self.variances = np.array([np.var(x, ddof=1) for x in g])
        self.mean_squares = np.array([np.mean(x**2) for x in g])
        self.two_design = np.array([pl.two_design_variance(n, cost) for n in ns])
        self.result = pl.SweepResult(ns, depths, tuple(float(v) for v in self.variances),
                                     tuple(float(v) for v in self.two_design), cost, init, int(self.inits.value), 0.0)
        if init == "random":
            self.quantity, self.values, self.comparison = "variance", self.variances, None
        else:
            self.quantity, self.values = "mean square", self.mean_squares
            self.comparison = np.array([np.mean(self._gradients[self._key("random", n, circuit_depth(init, d))] ** 2)
                                        for n, d in zip(ns, depths, strict=True)])
        try:
            self.rate, self.rate_err = pl.fit_decay(ns, self.values)
            logs = np.log(self.values)
            self._intercept = float(logs.mean() + self.rate * np.mean(ns))
        except ValueError:
            self.rate = self.rate_err = self._intercept = None
        self.design_rate = pl.fit_decay(ns, self.two_design)[0]
        self.slice_angles = SLICE_ANGLES
        self.slice_costs = self._slice(ns[-1], depths[-1], SLICE_INITS)
        self.slice_small = self._slice(ns[0], depths[0], 1)[0]
        c0, w0 = circuit_and_weights(ns[0], depths[0], SLICE_INITS, init, self.seed)  # cheap: no simulation
        c1, w1 = circuit_and_weights(ns[-1], depths[-1], int(self.inits.value), init, self.seed)
        self.slice_theta0 = w1[:SLICE_INITS, 0].copy()
        self._small_theta0 = float(w0[0, 0])
        self.status.value = ""

    def sweep_result(self) -> pl.SweepResult:
        """``result`` with the time of the last update as its ``seconds``."""
        return replace(self.result, seconds=self.seconds)

    # --- drawing -------------------------------------------------------------------------
    @staticmethod
    def _sinusoid(samples: np.ndarray, at: np.ndarray) -> np.ndarray:
        """The curve ``A + B cos t + C sin t`` through the samples at ``SLICE_ANGLES``."""
        design = np.stack([np.ones_like(SLICE_ANGLES), np.cos(SLICE_ANGLES), np.sin(SLICE_ANGLES)], 1)
        coef = np.linalg.lstsq(design, np.asarray(samples).T, rcond=None)[0]
        return np.stack([np.ones_like(at), np.cos(at), np.sin(at)], 1) @ coef

    def _build_figure(self) -> None:
        """The figure and every artist, made once; ``_render`` only changes their data (clearing
        and re-making the axes tripled the drawing time)."""
        fig = Figure(figsize=(9.6, 3.9), dpi=self._dpi)
        FigureCanvasAgg(fig)
        self.figure = fig
        self._ax_v = ax = fig.add_axes((0.075, 0.14, 0.40, 0.68))
        ax.set_yscale("log")
        ax.yaxis.set_minor_locator(NullLocator())  # minor log ticks and labels: half the drawing time
        (self._pts,) = ax.plot([], [], "o", color=_COLORS["measured"], ms=5, zorder=3)
        (self._fit_line,) = ax.plot([], [], "-", color=_COLORS["fit"], lw=1.3)
        (self._cmp_line,) = ax.plot([], [], "s--", color=_COLORS["random"], ms=4, lw=1,
                                    label="random start, same depth")
        (self._design_line,) = ax.plot([], [], ":", color=_COLORS["design"], lw=1.6)
        ax.set_xlabel("qubits n", fontsize=9)
        ax.tick_params(labelsize=8)
        ax.grid(True, which="major", alpha=0.3)
        self._ax_s = ax = fig.add_axes((0.575, 0.14, 0.40, 0.68))
        self._slice_lines, self._slice_dots, self._slice_starts = [], [], []
        for color in _SLICE_COLORS[:SLICE_INITS]:
            self._slice_lines += ax.plot([], [], "-", color=color, lw=1.4)
            self._slice_dots += ax.plot([], [], "o", color=color, ms=3)
            self._slice_starts += ax.plot([], [], "D", color=color, ms=6, mec="k", mew=0.6)
        (self._small_line,) = ax.plot([], [], "--", color=_COLORS["random"], lw=1.2)
        ax.set_xlim(0, 2 * np.pi)
        ax.set_xticks(np.arange(5) * np.pi / 2, ["0", "\u03c0/2", "\u03c0", "3\u03c0/2", "2\u03c0"])
        ax.set_xlabel("\u03b8\u2080 (other angles fixed; \u25c6 = the start)", fontsize=9)
        ax.tick_params(labelsize=8)
        ax.grid(True, alpha=0.3)
        self._headline = fig.text(0.5, 0.975, "", ha="center", va="top", fontsize=10)
        self._fast = FastFigure(fig)

    def _render(self) -> None:
        ax = self._ax_v
        ns = np.array(self.qubit_counts)
        fine = np.linspace(ns[0], ns[-1], 50)
        label = "Var" if self.quantity == "variance" else "mean square"
        start = "random start" if self.init.value == "random" else "identity start"
        self._pts.set_data(ns, self.values)
        self._pts.set_label(f"{start}: {label} over {self.inits.value} inits")
        shown = [self._pts]
        if self.rate is not None:
            self._fit_line.set_data(fine, np.exp(self._intercept - self.rate * fine))
            self._fit_line.set_label(f"fit: rate {self.rate:.2f} \u00b1 {self.rate_err:.2f} per qubit")
            shown.append(self._fit_line)
        self._fit_line.set_visible(self.rate is not None)
        if self.comparison is not None:
            self._cmp_line.set_data(ns, self.comparison)
            shown.append(self._cmp_line)
        self._cmp_line.set_visible(self.comparison is not None)
        self._design_line.set_data(ns, self.two_design)
        self._design_line.set_label(f"2-design: Tr(H\u2080\u00b2)/(2(d\u00b2-1)), rate {self.design_rate:.2f}")
        shown.append(self._design_line)
        data = np.concatenate([np.ravel(line.get_ydata()) for line in shown if line is not self._fit_line])
        data = data[data > 0]
        lo, hi = (float(data.min()), float(data.max())) if data.size else (1e-10, 1.0)
        ax.set_ylim(lo / 10 ** (0.45 * max(1.0, np.log10(hi / lo) / 3)), hi * 3)  # room for the legend
        ax.set_xlim(ns[0] - 0.4, ns[-1] + 0.4)
        ax.set_xticks(ns if len(ns) <= 11 else ns[::2])
        ax.set_ylabel("Var[\u2202C/\u2202\u03b8\u2080]" if self.quantity == "variance"
                      else "mean (\u2202C/\u2202\u03b8\u2080)\u00b2", fontsize=9)
        ax.set_title(f"gradient of \u03b8\u2080 against width ({self.quantity}, log scale)", fontsize=10)
        ax.legend(handles=shown, fontsize=7.5, loc="lower left", framealpha=0.85)

        ax = self._ax_s
        n_hi, n_lo = self.qubit_counts[-1], self.qubit_counts[0]
        shown = []
        for i, (row, t0) in enumerate(zip(self.slice_costs, self.slice_theta0, strict=True)):
            t0 = np.array([t0 % (2 * np.pi)])
            self._slice_lines[i].set_data(_FINE, self._sinusoid(row, _FINE))
            self._slice_lines[i].set_label(f"n = {n_hi}, init {i + 1}")
            self._slice_dots[i].set_data(SLICE_ANGLES, row)
            self._slice_starts[i].set_data(t0, self._sinusoid(row, t0))
            shown.append(self._slice_lines[i])
        self._small_line.set_data(_FINE, self._sinusoid(self.slice_small, _FINE))
        self._small_line.set_label(f"n = {n_lo}, init 1")
        shown.append(self._small_line)
        ax.set_ylim(*((-1.05, 1.05) if self.cost.value == "zz" else (-0.03, 1.03)))
        ax.set_ylabel(f"cost C ({self.cost.value})", fontsize=9)
        ax.set_title(f"landscape along \u03b8\u2080 at n = {n_hi} and n = {n_lo}", fontsize=10)
        ax.legend(handles=shown, fontsize=7.5, loc="best", framealpha=0.85)
        depth = (f"{self.layers.value} layer{'s' if self.layers.value > 1 else ''}" if not self.per_qubit
                 else f"{self.layers.value} x n layers")
        if self.init.value == "identity":
            depth += " (identity blocks: rounded to 4 per block)"
        self._headline.set_text(f"{INIT_LABELS[self.init.value]}, {self.cost.value} cost, {depth}, "
                                f"n = {n_lo}..{n_hi}")
        self._fast.invalidate()  # the axes limits change with the data: draw everything
        self.png = self._fast.png()
        self.image.value = self.png
        self.caption.value = (f"<details><summary>the picture in words</summary>{html.escape(self.alt_text)}"
                              "</details>")
        fit = (f"rate {self.rate:.2f} &plusmn; {self.rate_err:.2f} per qubit (factor "
               f"{np.exp(-self.rate):.2f} per added qubit)" if self.rate is not None else "no fit (a value is 0)")
        self.stats.value = (
            f"<b>{html.escape(self.quantity)} of dC/d&theta;<sub>0</sub></b> at n = {n_hi}: {self.values[-1]:.3g} "
            f"(2-design {self.two_design[-1]:.3g}) &middot; <b>fit</b> {fit} &middot; <b>2-design rate</b> "
            f"{self.design_rate:.2f} &middot; computed in {self.seconds:.2f} s")

    @property
    def alt_text(self) -> str:
        """A sentence describing the current picture (for the image and the lesson's alt text)."""
        n_lo, n_hi = self.qubit_counts[0], self.qubit_counts[-1]
        fit = (f"a fitted decay rate of {self.rate:.2f} plus or minus {self.rate_err:.2f} per qubit"
               if self.rate is not None else "no fitted decay")
        spread = float(np.ptp(self.slice_costs[0]))
        return (f"Left: the {self.quantity} of the gradient of the first angle over {self.inits.value} "
                f"{self.init.value} initialisations against qubits {n_lo} to {n_hi} on a log axis, "
                f"{self.values[0]:.2g} at {n_lo} and {self.values[-1]:.2g} at {n_hi}, with {fit} and the "
                f"2-design curve (rate {self.design_rate:.2f}). Right: the {self.cost.value} cost along the "
                f"first angle at {n_hi} qubits for {len(self.slice_costs)} initialisations (the first varies "
                f"by {spread:.2g}) and at {n_lo} qubits dashed.")

    def snapshot(self, scale: float = 2.0) -> bytes:
        """Both panels at ``scale`` times the live resolution."""
        png = snapshot_png(self.figure, scale)
        self._fast.invalidate()
        return png

    def _summary(self) -> str:
        fit = f"{self.rate:.2f}+-{self.rate_err:.2f}" if self.rate is not None else "None"
        return (f"PlateauExplorer(init={self.init.value!r}, cost={self.cost.value!r}, layers={self.layers.value}, "
                f"per_qubit={self.per_qubit}, qubits=({self.qubit_counts[0]}, {self.qubit_counts[-1]}), "
                f"n_inits={self.inits.value}, {self.quantity.replace(' ', '_')}_rate={fit})")

    def __repr__(self) -> str:
        return self._summary()
