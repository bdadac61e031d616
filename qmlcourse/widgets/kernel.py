"""Kernel explorer: a quantum kernel, its Gram matrix and the SVM it trains, side by side.

Controls choose the feature map ("zz", "iqp" or "angle"), the number of qubits (2 to 8; the
data have two features, so wire ``q`` reads feature ``q mod 2``, as
:class:`~qmlcourse.kernels.FidelityKernel` does), the bandwidth (features are scaled
``x -> bandwidth * x``, on a log slider from 0.05 to 5) and the data set ("havlicek",
"moons", "circles": seeded, split 70/30, stratified). The explorer shows

- the train-train kernel matrix ``K = FidelityKernel(...)(X_train)`` as a heatmap, the
  training points sorted by class so that a kernel that suits the labels shows two bright
  diagonal blocks;
- the decision boundary of ``SVC(kernel="precomputed")`` trained on ``K``, on the 2-D plane
  of the data (the decision function on a ``grid x grid`` grid, from the test-train block of
  the grid and the test points, computed in ONE batched kernel call);
- train and test accuracy, the kernel-target alignment of ``K`` (plain and centred,
  :func:`qmlcourse.kernels.kernel_target_alignment`) and, for comparison, the test accuracy
  of an RBF SVM (scikit-learn's defaults) on the same split.

What does not change is cached: the split, the grid and the RBF baseline per data set, the
kernel matrices, the fitted SVM's results per setting; the figure is drawn once and then only
its changing artists are redrawn (``qmlcourse.plots.FastFigure``).

>>> ex = KernelExplorer(dataset="havlicek", feature_map="zz", n_qubits=2, bandwidth=1.0, seed=0)
>>> ex.K_train.shape, ex.X_train.shape, ex.X_test.shape
((140, 140), (140, 2), (60, 2))
>>> bool(ex.test_accuracy >= 0.9 and ex.test_accuracy > ex.baseline_accuracy)
True
>>> _ = ex.set(feature_map="angle", n_qubits=3, bandwidth=0.5)
>>> ex.kernel
FidelityKernel(feature_map='angle', bandwidth=0.5, n_qubits=3)
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split
from sklearn.svm import SVC

from qmlcourse.datasets import circles, havlicek, moons
from qmlcourse.kernels import FEATURE_MAPS, FidelityKernel, kernel_target_alignment
from qmlcourse.plots import FastFigure, snapshot_png
from qmlcourse.widgets.base import Explorer, check_choice, int_in, one_blas_thread

__all__ = ["BANDWIDTH_RANGE", "DATASETS", "FEATURE_MAPS", "KernelExplorer", "QUBIT_RANGE", "make_split"]

#: Data sets the explorer offers: name -> (generator, keyword arguments); all have 2 features.
DATASETS = {
    "havlicek": (havlicek, {"n_qubits": 2, "gap": 0.3}),
    "moons": (moons, {"noise": 0.2}),
    "circles": (circles, {"noise": 0.1}),
}
#: Smallest and largest number of qubits (wire q reads feature q mod 2).
QUBIT_RANGE = (2, 8)
#: The bandwidth slider's range (a log slider, base 10, exponents -1.3 to 0.7).
BANDWIDTH_RANGE = (10**-1.3, 10**0.7)
TEST_SIZE = 0.3
_CLASS_COLORS = ("#b2182b", "#2166ac")
_CACHE_SIZE = 64



def make_split(dataset: str = "havlicek", n_samples: int = 200, seed: int = 0):
    """The seeded data set, split 70/30 (stratified), the training points sorted by class.

    Returns ``X_train (n_train, 2), X_test (n_test, 2), y_train (n_train,), y_test (n_test,)``:
    ``sklearn.model_selection.train_test_split(X, y, test_size=0.3, random_state=seed,
    stratify=y)``, then the training rows stably sorted by label (class 0 first), so that the
    kernel matrix of ``X_train`` shows its class blocks.

    >>> Xtr, Xte, ytr, yte = make_split("moons", 100, seed=1)
    >>> Xtr.shape, Xte.shape, bool(np.all(np.diff(ytr) >= 0))
    ((70, 2), (30, 2), True)
    """
    if not isinstance(dataset, str) or dataset not in DATASETS:
        raise ValueError(f"dataset must be one of {tuple(DATASETS)}; got {dataset!r}")
    fn, kwargs = DATASETS[dataset]
    X, y = fn(n_samples, random_state=seed, **kwargs)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=TEST_SIZE, random_state=seed, stratify=y)
    order = np.argsort(y_train, kind="stable")
    return X_train[order], X_test, y_train[order], y_test




def _number_in(value, name: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) or not (
            np.isfinite(value) and low <= value <= high):
        raise ValueError(f"{name} must be a number from {low:.3g} to {high:.3g}; got {value!r}")
    return float(value)




@dataclass
class _Split:
    """What depends on the data set only."""

    X_train: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray
    grid_points: np.ndarray  # (grid**2, 2), row-major over (x1, x0)
    extent: tuple[float, float, float, float]
    baseline_accuracy: float


@dataclass
class _Result:
    """What depends on the data set, the feature map, the qubits and the bandwidth."""

    K_train: np.ndarray  # (n_train, n_train)
    K_test: np.ndarray  # (n_test, n_train)
    decision_grid: np.ndarray  # (grid, grid)
    train_predictions: np.ndarray
    test_predictions: np.ndarray
    train_accuracy: float
    test_accuracy: float
    alignment: float
    centered_alignment: float
    n_support: int
    svm: SVC


class KernelExplorer(Explorer):
    """Explore a fidelity kernel: its Gram matrix, the SVM it trains and how well that does.

    Args:
        feature_map: "zz", "iqp" or "angle" (``FidelityKernel``'s named maps).
        n_qubits: 2 to 8 (wire ``q`` reads feature ``q mod 2``).
        bandwidth: the scale of the features, 0.05 to 5 (the slider's range).
        dataset: "havlicek" (Havlicek et al. 2019, 2 features, gap 0.3), "moons" (noise 0.2)
            or "circles" (noise 0.1); ``n_samples`` points split 70/30.
        n_samples: points in the data set, 20 to 400.
        seed: seeds the data and the split.
        reps: repetitions of the "zz" and "iqp" maps, 1 to 4.
        C: the SVM's regularisation, 1e-6 to 1e4.
        grid: points per axis of the decision-boundary grid, 5 to 100.
        dpi: resolution of the live picture (20 to 200).

    Attributes:
        feature_map, qubits, bandwidth, dataset: the controls (``Dropdown``, ``IntSlider``,
            ``FloatLogSlider``, ``Dropdown``); change their ``.value`` or call :meth:`set`.
        kernel: the current ``FidelityKernel`` (method "auto").
        X_train (n_train, 2), X_test (n_test, 2), y_train, y_test: the split (train sorted by class).
        K_train (n_train, n_train): the heatmap's data, ``kernel(X_train)``.
        K_test (n_test, n_train): ``kernel(X_test, X_train)``.
        svm: the ``SVC(kernel="precomputed", C=C)`` fitted on ``K_train``.
        decision_grid (grid, grid): the SVM's decision function on the grid (row i: x1 value i).
        train_accuracy, test_accuracy, alignment, centered_alignment, baseline_accuracy: floats.
        image: ``ipywidgets.Image`` (PNG of the figure); png: its bytes; stats, status: ``HTML``.
        widget: the whole explorer (CSS class "qml-kernel-explorer").
    """

    def __init__(self, feature_map: str = "zz", n_qubits: int = 2, bandwidth: float = 1.0,
                 dataset: str = "havlicek", n_samples: int = 200, seed: int = 0, reps: int = 2,
                 C: float = 1.0, grid: int = 40, dpi: float = 80):
        feature_map = check_choice(feature_map, "feature_map", FEATURE_MAPS)
        dataset = check_choice(dataset, "dataset", DATASETS)
        n_qubits = int_in(n_qubits, "n_qubits", *QUBIT_RANGE)
        bandwidth = _number_in(bandwidth, "bandwidth", *BANDWIDTH_RANGE)
        self.n_samples = int_in(n_samples, "n_samples", 20, 400)
        self.seed = int_in(seed, "seed", 0)
        self.reps = int_in(reps, "reps", 1, 4)
        self.C = _number_in(C, "C", 1e-6, 1e4)
        self.grid = int_in(grid, "grid", 5, 100)
        self._dpi = _number_in(dpi, "dpi", 20, 200)
        self._splits: dict[str, _Split] = {}
        self._results: OrderedDict[tuple, _Result] = OrderedDict()
        self._kernels: dict[tuple[str, int], FidelityKernel] = {}  # their circuits are built once
        self._syncing = False
        self._drawn_dataset: str | None = None
        self.status = widgets.HTML()

        style = {"description_width": "90px"}
        wide = widgets.Layout(width="280px")
        self.feature_map = widgets.Dropdown(options=list(FEATURE_MAPS), value=feature_map, description="feature map",
                                            style=style, layout=wide)
        self.qubits = widgets.IntSlider(value=n_qubits, min=QUBIT_RANGE[0], max=QUBIT_RANGE[1], description="qubits",
                                        continuous_update=False, style=style, layout=wide)
        self.bandwidth = widgets.FloatLogSlider(value=bandwidth, base=10, min=-1.3, max=0.7, step=0.05,
                                                readout_format=".3g", description="bandwidth",
                                                continuous_update=False, style=style, layout=wide)
        self.dataset = widgets.Dropdown(options=list(DATASETS), value=dataset, description="data set",
                                        style=style, layout=wide)
        for control in (self.feature_map, self.qubits, self.bandwidth, self.dataset):
            control.observe(self._safe(self._on_change), names="value")

        self.image = widgets.Image(format="png", layout=widgets.Layout(align_self="flex-start", max_width="100%",
                                                                       height="auto"))
        self.stats = widgets.HTML()
        self._build_figure()
        controls = widgets.HBox([widgets.VBox([self.feature_map, self.qubits]),
                                 widgets.VBox([self.bandwidth, self.dataset])])
        self.widget = widgets.VBox([controls, self.stats, self.status, self.image])
        self.widget.add_class("qml-kernel-explorer")
        for name in DATASETS:  # cheap, and then a first switch of data set only computes kernels
            self._split(name)
        self._update()

    # --- state ---------------------------------------------------------------------------
    @property
    def kernel(self) -> FidelityKernel:
        """The kernel of the current settings (a new ``FidelityKernel``, method "auto")."""
        return FidelityKernel(feature_map=self.feature_map.value, reps=self.reps, bandwidth=float(self.bandwidth.value),
                              n_qubits=int(self.qubits.value), method="auto")

    def set(self, feature_map: str | None = None, n_qubits: int | None = None, bandwidth: float | None = None,
            dataset: str | None = None) -> KernelExplorer:
        """Change several controls with one update (the arguments are checked as in the
        constructor); returns the explorer."""
        new = {}
        if feature_map is not None:
            new[self.feature_map] = check_choice(feature_map, "feature_map", FEATURE_MAPS)
        if n_qubits is not None:
            new[self.qubits] = int_in(n_qubits, "n_qubits", *QUBIT_RANGE)
        if bandwidth is not None:
            new[self.bandwidth] = _number_in(bandwidth, "bandwidth", *BANDWIDTH_RANGE)
        if dataset is not None:
            new[self.dataset] = check_choice(dataset, "dataset", DATASETS)
        self._syncing = True
        try:
            for control, value in new.items():
                control.value = value
        finally:
            self._syncing = False
        self._update()
        return self

    def _on_change(self, change) -> None:
        if not self._syncing:
            self._update()

    # --- maths ---------------------------------------------------------------------------
    def _split(self, name: str) -> _Split:
        if name not in self._splits:
            X_train, X_test, y_train, y_test = make_split(name, self.n_samples, self.seed)
            baseline = SVC(kernel="rbf").fit(X_train, y_train)
            X = np.concatenate([X_train, X_test])
            lo, hi = X.min(axis=0) - 0.3, X.max(axis=0) + 0.3
            gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], self.grid), np.linspace(lo[1], hi[1], self.grid))
            self._splits[name] = _Split(
                X_train, X_test, y_train, y_test, np.column_stack([gx.ravel(), gy.ravel()]),
                (float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1])),
                float(accuracy_score(y_test, baseline.predict(X_test))))
        return self._splits[name]

    def _compute(self, split: _Split, kernel: FidelityKernel) -> _Result:
        K_train = kernel(split.X_train)
        # the test points and the grid against the training points: one batched kernel call
        K_rest = kernel(np.concatenate([split.X_test, split.grid_points]), split.X_train)
        n_test = len(split.X_test)
        K_test = K_rest[:n_test].copy()  # a copy: the cache must not keep the grid block alive
        svm = SVC(kernel="precomputed", C=self.C).fit(K_train, split.y_train)
        train_pred = svm.predict(K_train)
        test_pred = svm.predict(K_test)
        decision = svm.decision_function(K_rest[n_test:]).reshape(self.grid, self.grid)
        return _Result(
            K_train, K_test, decision, train_pred, test_pred,
            float(accuracy_score(split.y_train, train_pred)), float(accuracy_score(split.y_test, test_pred)),
            kernel_target_alignment(K_train, split.y_train),
            kernel_target_alignment(K_train, split.y_train, centered=True),
            int(svm.n_support_.sum()), svm)

    def _update(self) -> None:
        with one_blas_thread():
            self._update_now()

    def _update_now(self) -> None:
        name = self.dataset.value
        split = self._split(name)
        fm, n, bw = self.feature_map.value, int(self.qubits.value), float(self.bandwidth.value)
        key = (name, fm, n, bw)
        if key in self._results:
            self._results.move_to_end(key)
        else:
            if (fm, n) not in self._kernels:
                self._kernels[(fm, n)] = FidelityKernel(feature_map=fm, reps=self.reps, n_qubits=n, method="auto")
            kernel = self._kernels[(fm, n)].set_params(bandwidth=bw)
            self._results[key] = self._compute(split, kernel)
            if len(self._results) > _CACHE_SIZE:
                self._results.popitem(last=False)
        res = self._results[key]
        self.svm = res.svm
        self.X_train, self.X_test, self.y_train, self.y_test = split.X_train, split.X_test, split.y_train, split.y_test
        self.baseline_accuracy = split.baseline_accuracy
        self.K_train, self.K_test, self.decision_grid = res.K_train, res.K_test, res.decision_grid
        self.train_predictions, self.test_predictions = res.train_predictions, res.test_predictions
        self.train_accuracy, self.test_accuracy = res.train_accuracy, res.test_accuracy
        self.alignment, self.centered_alignment = res.alignment, res.centered_alignment
        self.n_support = res.n_support
        self.status.value = ""
        self.stats.value = (
            f"<b>train accuracy</b> {self.train_accuracy:.2f} &middot; <b>test accuracy</b> "
            f"{self.test_accuracy:.2f} &middot; <b>RBF SVM test accuracy</b> {self.baseline_accuracy:.2f} "
            f"&middot; <b>alignment</b> {self.alignment:.3f} (centred {self.centered_alignment:.3f}) &middot; "
            f"{self.n_support} support vectors of {len(self.X_train)}")
        self._render(split)

    # --- drawing -------------------------------------------------------------------------
    def _build_figure(self) -> None:
        fig = Figure(figsize=(8.4, 3.6), dpi=self._dpi)
        FigureCanvasAgg(fig)
        self.figure = fig
        self._ax_k = fig.add_axes((0.055, 0.14, 0.33, 0.66))
        self._ax_cb_k = fig.add_axes((0.395, 0.14, 0.012, 0.66))
        self._ax_b = fig.add_axes((0.565, 0.14, 0.32, 0.66))
        self._ax_cb_b = fig.add_axes((0.895, 0.14, 0.012, 0.66))
        ax = self._ax_k
        self._heat = ax.imshow(np.zeros((2, 2)), cmap="viridis", vmin=0.0, vmax=1.0, interpolation="nearest",
                               aspect="equal")
        cbar = fig.colorbar(self._heat, cax=self._ax_cb_k)
        cbar.ax.tick_params(labelsize=8)
        cbar.set_label("k(x, x')", fontsize=9)
        ax.set_title("kernel matrix (train, sorted by class)", fontsize=10)
        ax.set_xlabel("training point", fontsize=9)
        ax.set_ylabel("training point", fontsize=9)
        ax.tick_params(labelsize=8)
        self._block_lines = [ax.axhline(0, color="w", lw=0.8), ax.axvline(0, color="w", lw=0.8)]
        ax = self._ax_b
        self._map = ax.imshow(np.zeros((2, 2)), origin="lower", cmap="RdBu", vmin=-2.0, vmax=2.0, alpha=0.65,
                              aspect="auto", interpolation="bilinear")
        cbar = fig.colorbar(self._map, cax=self._ax_cb_b)
        cbar.ax.tick_params(labelsize=8)
        cbar.set_label("SVM decision function", fontsize=9)
        ax.set_title("decision boundary (o train, ^ test)", fontsize=10)
        ax.set_xlabel("$x_0$", fontsize=9)
        ax.set_ylabel("$x_1$", fontsize=9)
        ax.tick_params(labelsize=8)
        self._headline = fig.text(0.5, 0.955, "", ha="center", va="top", fontsize=10)
        self._contour = None
        self._scatters: list = []
        # one blitting cache per data set: the axes limits and ticks (the static part) differ
        self._fasts: dict[str, FastFigure] = {}
        self._scatters_of: dict[str, list] = {}

    def _draw_data(self, name: str, split: _Split) -> None:
        """Switch the static part to a data set: its points, extent and blitting cache."""
        ax = self._ax_b
        if name not in self._scatters_of:
            points = []
            for X, y, marker in ((split.X_train, split.y_train, "o"), (split.X_test, split.y_test, "^")):
                for c in (0, 1):
                    pts = X[y == c]
                    points.append(ax.scatter(pts[:, 0], pts[:, 1], s=12, marker=marker, color=_CLASS_COLORS[c],
                                             edgecolor="k", lw=0.4, zorder=3))
            self._scatters_of[name] = points
        for other, points in self._scatters_of.items():
            for sc in points:
                sc.set_visible(other == name)
        self._scatters = self._scatters_of[name]
        self._map.set_extent(split.extent)
        ax.set_xlim(split.extent[0], split.extent[1])
        ax.set_ylim(split.extent[2], split.extent[3])
        n = len(split.y_train)
        self._heat.set_extent((-0.5, n - 0.5, n - 0.5, -0.5))
        edge = int(np.sum(split.y_train == split.y_train[0])) - 0.5
        self._block_lines[0].set_ydata([edge, edge])
        self._block_lines[1].set_xdata([edge, edge])
        if name not in self._fasts:
            self._fasts[name] = FastFigure(self.figure)
        self._fast = self._fasts[name]

    def _render(self, split: _Split) -> None:
        name = self.dataset.value
        if self._drawn_dataset != name:
            self._draw_data(name, split)
            self._drawn_dataset = name
        self._heat.set_data(self.K_train)
        self._map.set_data(self.decision_grid)
        if self._contour is not None:
            self._contour.remove()
            self._contour = None
        d = self.decision_grid
        if d.min() < 0 < d.max():
            lo0, hi0, lo1, hi1 = split.extent
            self._contour = self._ax_b.contour(np.linspace(lo0, hi0, self.grid), np.linspace(lo1, hi1, self.grid), d,
                                               levels=[0.0], colors="k", linewidths=1.2, zorder=2)
        self._headline.set_text(
            f"{self.feature_map.value} map, {self.qubits.value} qubits, bandwidth {self.bandwidth.value:.3g}, "
            f"{name}: train {self.train_accuracy:.2f}, test {self.test_accuracy:.2f} "
            f"(RBF SVM {self.baseline_accuracy:.2f}), alignment {self.alignment:.3f}")
        changing = [self._heat, *self._block_lines, self._map]
        if self._contour is not None:
            changing.append(self._contour)
        changing += [*self._scatters, self._headline]
        self.png = self._fast.png(changing)
        self.image.value = self.png

    def snapshot(self, scale: float = 2.0) -> bytes:
        """The heatmap and the decision boundary at ``scale`` times the live resolution."""
        png = snapshot_png(self.figure, scale)
        for fast in self._fasts.values():  # the canvas was drawn at another size
            fast.invalidate()
        return png

    def _summary(self) -> str:
        return (f"KernelExplorer(feature_map={self.feature_map.value!r}, n_qubits={self.qubits.value}, "
                f"bandwidth={self.bandwidth.value:.3g}, dataset={self.dataset.value!r}, "
                f"test_accuracy={self.test_accuracy:.2f}, baseline_accuracy={self.baseline_accuracy:.2f}, "
                f"alignment={self.alignment:.3f})")

    def __repr__(self) -> str:
        return self._summary()
