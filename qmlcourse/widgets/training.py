"""Training dashboard: train a VQC classifier on moons or circles and watch it learn.

Controls choose the data set, the encoding, the number of layers, the learning rate and the
optimiser; the buttons Train, Pause, Step and Reset drive the training. The loss curve and
the decision boundary (the model's probability of class 1 on a coarse grid) are redrawn
after every epoch, beside the test accuracy and that of a classical baseline (an RBF SVM
trained on the same split).

The maths is plain Python: :meth:`TrainingDashboard.step` runs one full-batch epoch and
redraws, :meth:`TrainingDashboard.train` runs several (for tests and scripts), and the Train
button starts :meth:`TrainingDashboard.start`, an asyncio task on the kernel's running event
loop that yields after every epoch, so the kernel handles Pause (and every other widget
message) while it trains.

>>> dash = TrainingDashboard(dataset="circles", n_layers=1, seed=0)
>>> dash.epoch, len(dash.model.loss_curve_)
(0, 0)
>>> _ = dash.train(3)
>>> dash.epoch, len(dash.model.loss_curve_)
(3, 3)
>>> dash.reset(); dash.epoch
0
"""

from __future__ import annotations

import asyncio

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split
from sklearn.svm import SVC

from qmlcourse.datasets import circles, moons
from qmlcourse.models import VQCClassifier
from qmlcourse.optim import Adam, GradientDescent, Momentum
from qmlcourse.plots import FastFigure, snapshot_png
from qmlcourse.widgets.base import Explorer

__all__ = ["DATASETS", "ENCODINGS", "OPTIMIZERS", "TrainingDashboard", "make_split"]

#: Data sets the dashboard offers: name -> (generator, keyword arguments).
DATASETS = {"moons": (moons, {"noise": 0.2}), "circles": (circles, {"noise": 0.1})}
#: Encodings of ``VQCClassifier`` that work on two features.
ENCODINGS = ("reuploading", "angle", "iqp", "amplitude")
#: Optimisers: name -> class of ``qmlcourse.optim`` (constructed with ``lr=``).
OPTIMIZERS = {"Adam": Adam, "Momentum": Momentum, "GradientDescent": GradientDescent}
MAX_LAYERS = 6
TEST_SIZE = 0.3
_CLASS_COLORS = ("#b2182b", "#2166ac")


def make_split(dataset: str = "moons", n_samples: int = 200, seed: int = 0):
    """The seeded data set and its stratified 70/30 split, as the dashboard and lesson 12 use it.

    Returns ``X_train (n_train, 2), X_test (n_test, 2), y_train (n_train,), y_test (n_test,)``
    (``sklearn.model_selection.train_test_split`` with ``test_size=0.3``, ``random_state=seed``).

    >>> Xtr, Xte, ytr, yte = make_split("moons", 100, seed=1)
    >>> Xtr.shape, Xte.shape
    ((70, 2), (30, 2))
    """
    if dataset not in DATASETS:
        raise ValueError(f"dataset must be one of {tuple(DATASETS)}; got {dataset!r}")
    fn, kwargs = DATASETS[dataset]
    X, y = fn(n_samples, random_state=seed, **kwargs)
    return train_test_split(X, y, test_size=TEST_SIZE, random_state=seed, stratify=y)


def _positive_int(value, name: str, low: int = 1, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low or (
            high is not None and value > high):
        bound = f"from {low} to {high}" if high is not None else f"at least {low}"
        raise ValueError(f"{name} must be an integer {bound}; got {value!r}")
    return int(value)


class TrainingDashboard(Explorer):
    """Train a :class:`~qmlcourse.models.VQCClassifier` epoch by epoch and watch it learn.

    Args:
        dataset: "moons" (noise 0.2) or "circles" (noise 0.1), ``n_samples`` points split
            70/30 (stratified, seeded).
        encoding: "reuploading", "angle", "iqp" or "amplitude" (see ``models.build_circuit``).
        n_layers: trainable layers, 1 to 6.
        learning_rate: the optimiser's step size (positive).
        optimizer: "Adam", "Momentum" or "GradientDescent".
        n_samples: points in the data set (at least 20).
        seed: seeds the data, the split and the initial weights (Reset restores them exactly).
        epochs: how many epochs Train runs in total before it stops by itself.
        grid: points per axis of the decision-boundary grid (``grid**2`` points, one
            simulator call per redraw).
        interval: seconds the async runner sleeps between epochs (0 just yields).
        dpi: resolution of the live picture.

    Attributes:
        model: the ``VQCClassifier`` being trained (``model.loss_curve_``: the full-batch
            cross-entropy before each epoch).
        X_train, X_test, y_train, y_test: the split.
        baseline: the fitted ``sklearn.svm.SVC`` (RBF kernel) on the same split.
        baseline_accuracy, test_accuracy, train_accuracy: accuracies on the split.
        grid_proba: the model's probability of class 1 on the grid, shape ``(grid, grid)``.
        dataset, encoding, layers, learning_rate, optimizer: the controls (ipywidgets).
        buttons: ``{"Train", "Pause", "Step", "Reset"}`` -> ``ipywidgets.Button``.
        image: ``ipywidgets.Image`` with the loss curve and the decision boundary; png: its bytes.
        stats: ``HTML`` with epoch, loss and accuracies; widget: the whole dashboard.
    """

    def __init__(self, dataset: str = "moons", encoding: str = "reuploading", n_layers: int = 2,
                 learning_rate: float = 0.1, optimizer: str = "Adam", n_samples: int = 200, seed: int = 0,
                 epochs: int = 100, grid: int = 40, interval: float = 0.0, dpi: float = 80):
        if dataset not in DATASETS:
            raise ValueError(f"dataset must be one of {tuple(DATASETS)}; got {dataset!r}")
        if encoding not in ENCODINGS:
            raise ValueError(f"encoding must be one of {ENCODINGS}; got {encoding!r}")
        if optimizer not in OPTIMIZERS:
            raise ValueError(f"optimizer must be one of {tuple(OPTIMIZERS)}; got {optimizer!r}")
        n_layers = _positive_int(n_layers, "n_layers", 1, MAX_LAYERS)
        if isinstance(learning_rate, bool) or not isinstance(learning_rate, (int, float, np.number)) or not (
                np.isfinite(learning_rate) and 0 < learning_rate <= 10):
            raise ValueError(f"learning_rate must be a number in (0, 10]; got {learning_rate!r}")
        self.n_samples = _positive_int(n_samples, "n_samples", 20)
        self.seed = _positive_int(seed, "seed", 0)
        self.grid = _positive_int(grid, "grid", 5, 200)
        epochs = _positive_int(epochs, "epochs", 1, 5000)
        if isinstance(interval, bool) or not isinstance(interval, (int, float)) or not 0 <= interval <= 5:
            raise ValueError(f"interval must be a number of seconds in [0, 5]; got {interval!r}")
        self.interval = float(interval)
        self._task: asyncio.Task | None = None
        self._running = False
        self._quiet = False
        self.status = widgets.HTML()

        style = {"description_width": "90px"}
        wide = widgets.Layout(width="270px")
        self.dataset = widgets.Dropdown(options=list(DATASETS), value=dataset, description="data set",
                                        style=style, layout=wide)
        self.encoding = widgets.Dropdown(options=list(ENCODINGS), value=encoding, description="encoding",
                                         style=style, layout=wide)
        self.layers = widgets.IntSlider(value=n_layers, min=1, max=MAX_LAYERS, description="layers",
                                        continuous_update=False, style=style, layout=wide)
        self.learning_rate = widgets.FloatLogSlider(value=float(learning_rate), base=10, min=-3, max=1, step=0.1,
                                                    readout_format=".3g", description="learning rate",
                                                    continuous_update=False, style=style, layout=wide)
        self.optimizer = widgets.Dropdown(options=list(OPTIMIZERS), value=optimizer, description="optimiser",
                                          style=style, layout=wide)
        self.epochs = widgets.BoundedIntText(value=epochs, min=1, max=5000, description="epochs",
                                             style=style, layout=widgets.Layout(width="170px"))
        for control in (self.dataset, self.encoding, self.layers, self.learning_rate, self.optimizer):
            control.observe(self._safe(self._on_setting), names="value")

        self.buttons: dict[str, widgets.Button] = {}
        for name, style_name, tip in (
            ("Train", "success", "train until the number of epochs is reached (runs in the background)"),
            ("Pause", "warning", "stop training after the current epoch"),
            ("Step", "", "train one epoch"),
            ("Reset", "danger", "back to the initial weights (same seed)"),
        ):
            b = widgets.Button(description=name, button_style=style_name, tooltip=tip,
                               layout=widgets.Layout(width="80px"))
            self.buttons[name] = b
        self.buttons["Train"].on_click(self._safe(lambda _b: self.start()))
        self.buttons["Pause"].on_click(self._safe(lambda _b: self.pause()))
        self.buttons["Step"].on_click(self._safe(lambda _b: self.step()))
        self.buttons["Reset"].on_click(self._safe(lambda _b: self.reset()))

        self.image = widgets.Image(format="png", layout=widgets.Layout(align_self="flex-start", max_width="100%",
                                                                       height="auto"))
        self.stats = widgets.HTML()
        self._build_figure(dpi)
        controls = widgets.HBox([
            widgets.VBox([self.dataset, self.encoding, self.optimizer]),
            widgets.VBox([self.layers, self.learning_rate, self.epochs]),
        ])
        buttons = widgets.HBox([self.buttons[n] for n in ("Train", "Pause", "Step", "Reset")])
        self.widget = widgets.VBox([controls, buttons, self.stats, self.status, self.image])
        self.widget.add_class("qml-training-dashboard")
        self._new_data()
        self.reset()

    # --- state -------------------------------------------------------------------------
    @property
    def epoch(self) -> int:
        """Epochs trained since the last reset."""
        return int(self.model.n_iter_)

    @property
    def running(self) -> bool:
        """Whether the async runner is training."""
        return self._running

    @property
    def params(self) -> np.ndarray:
        """All trainable parameters (circuit weights, read-out, intercept) as one new array."""
        return self.model._pack().copy()

    def _new_data(self) -> None:
        self.X_train, self.X_test, self.y_train, self.y_test = make_split(self.dataset.value, self.n_samples,
                                                                          self.seed)
        self.baseline = SVC(kernel="rbf").fit(self.X_train, self.y_train)
        self.baseline_accuracy = float(accuracy_score(self.y_test, self.baseline.predict(self.X_test)))
        X = np.concatenate([self.X_train, self.X_test])
        lo, hi = X.min(axis=0) - 0.3, X.max(axis=0) + 0.3
        self._extent = (float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1]))
        gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], self.grid), np.linspace(lo[1], hi[1], self.grid))
        self._grid_points = np.column_stack([gx.ravel(), gy.ravel()])
        self._draw_data()

    def reset(self) -> None:
        """Stop training and start again from the seeded initial parameters (same settings)."""
        self.pause()
        model = VQCClassifier(n_layers=int(self.layers.value), encoding=self.encoding.value,
                              learning_rate=float(self.learning_rate.value), max_iter=1, tol=None,
                              random_state=self.seed)
        # The fitting machinery of VQCClassifier without a first step: validated settings,
        # seeded weights, then the chosen optimiser in place of the built-in Adam.
        model.classes_ = np.array([0, 1])
        model.n_features_in_ = self.X_train.shape[1]
        model._setup(self.X_train, 1)
        model._optimizer = OPTIMIZERS[self.optimizer.value](lr=float(self.learning_rate.value))
        self.model = model
        self.initial_params = model._pack().copy()
        self._loss_top = None
        self._evaluate()
        self._render()

    # --- training ----------------------------------------------------------------------
    def step(self) -> float:
        """Train one full-batch epoch, then redraw; returns the loss before the step."""
        self.model._train(self.X_train, self.y_train, 1)
        self._evaluate()
        self._render()
        return float(self.model.loss_curve_[-1])

    def train(self, n_epochs: int) -> list[float]:
        """Run ``n_epochs`` epochs synchronously (each one redrawn); returns their losses."""
        n_epochs = _positive_int(n_epochs, "n_epochs", 1)
        return [self.step() for _ in range(n_epochs)]

    def start(self, n_epochs: int | None = None) -> asyncio.Task:
        """Train in the background until ``self.epochs.value`` epochs are done in total
        (or ``n_epochs`` more), yielding to the event loop after every epoch.

        Must be called while an event loop runs (a Jupyter kernel, or inside ``asyncio.run``);
        returns the task. A second call while training returns the running task.
        """
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            raise RuntimeError("start() needs a running asyncio event loop (as in a Jupyter kernel); "
                               "use train(n) to train synchronously") from None
        if self._task is not None and not self._task.done():
            return self._task
        target = self.epoch + n_epochs if n_epochs is not None else int(self.epochs.value)
        if n_epochs is not None:
            _positive_int(n_epochs, "n_epochs", 1)
        self._running = True
        self._set_buttons()
        self._task = loop.create_task(self._run(target))
        return self._task

    async def _run(self, target: int) -> None:
        try:
            while self._running and self.epoch < target:
                self.step()
                await asyncio.sleep(self.interval)  # the kernel handles widget messages here
        except Exception as exc:  # noqa: BLE001 - shown to the learner, never lost in a task
            self._show_error(exc)
        finally:
            self._running = False
            self._set_buttons()

    def pause(self) -> None:
        """Stop the async runner after the epoch it is in (nothing happens when idle)."""
        self._running = False
        self._set_buttons()

    def _set_buttons(self) -> None:
        if hasattr(self, "buttons"):
            self.buttons["Train"].disabled = self._running
            self.buttons["Step"].disabled = self._running

    def _on_setting(self, change) -> None:
        if change["owner"] is self.dataset:
            self._new_data()
        self.reset()

    # --- evaluation and drawing --------------------------------------------------------
    def _evaluate(self) -> None:
        """Predictions on the grid, the training and the test points in ONE simulator call."""
        n_grid, n_train = len(self._grid_points), len(self.X_train)
        points = np.concatenate([self._grid_points, self.X_train, self.X_test])
        p1 = self.model.predict_proba(points)[:, 1]
        self.grid_proba = p1[:n_grid].reshape(self.grid, self.grid)
        labels = self.model.classes_[np.argmax(np.column_stack([1 - p1, p1]), axis=1)]  # as model.predict
        self.train_predictions = labels[n_grid:n_grid + n_train]
        self.test_predictions = labels[n_grid + n_train:]
        self.train_accuracy = float(np.mean(self.train_predictions == self.y_train))
        self.test_accuracy = float(np.mean(self.test_predictions == self.y_test))
        losses = self.model.loss_curve_
        loss = f"{losses[-1]:.3f}" if losses else "&ndash;"
        running = " &middot; <i>training...</i>" if self._running else ""
        self.stats.value = (
            f"<b>epoch</b> {self.epoch} &middot; <b>loss</b> {loss} &middot; <b>train accuracy</b> "
            f"{self.train_accuracy:.2f} &middot; <b>test accuracy</b> {self.test_accuracy:.2f} &middot; "
            f"<b>RBF SVM test accuracy</b> {self.baseline_accuracy:.2f}{running}"
        )

    def _build_figure(self, dpi: float) -> None:
        fig = Figure(figsize=(8.0, 3.2), dpi=dpi)
        FigureCanvasAgg(fig)
        self.figure = fig
        self._ax_loss, self._ax_map = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.15]})
        ax = self._ax_loss
        (self._loss_line,) = ax.plot([], [], color="#1f77b4", lw=1.6)
        ax.set_xlabel("epoch", fontsize=10)
        ax.set_ylabel("cross-entropy loss", fontsize=10)
        ax.set_title("training loss", fontsize=10)
        ax.grid(alpha=0.3)
        ax.tick_params(labelsize=9)
        ax = self._ax_map
        self._map = ax.imshow(np.full((2, 2), 0.5), origin="lower", cmap="RdBu", vmin=0, vmax=1, alpha=0.6,
                              aspect="auto", interpolation="bilinear")
        cbar = fig.colorbar(self._map, ax=ax, fraction=0.05, pad=0.03)
        cbar.set_label("P(class 1)", fontsize=10)
        cbar.ax.tick_params(labelsize=9)
        ax.set_xlabel("$x_0$", fontsize=10)
        ax.set_ylabel("$x_1$", fontsize=10)
        ax.tick_params(labelsize=9)
        self._title = ax.set_title("decision boundary (o train, ^ test)", fontsize=10)
        fig.subplots_adjust(left=0.085, right=0.94, bottom=0.16, top=0.9, wspace=0.32)
        self._fast = FastFigure(fig)
        self._scatters: list = []

    def _draw_data(self) -> None:
        ax = self._ax_map
        for s in self._scatters:
            s.remove()
        self._scatters = []
        for X, y, marker in ((self.X_train, self.y_train, "o"), (self.X_test, self.y_test, "^")):
            for c in (0, 1):
                pts = X[y == c]
                self._scatters.append(ax.scatter(pts[:, 0], pts[:, 1], s=14, marker=marker, color=_CLASS_COLORS[c],
                                                 edgecolor="k", lw=0.4, zorder=3))
        self._map.set_extent(self._extent)
        ax.set_xlim(self._extent[0], self._extent[1])
        ax.set_ylim(self._extent[2], self._extent[3])
        self._fast.invalidate()

    def _render(self) -> None:
        losses = np.asarray(self.model.loss_curve_, dtype=float)
        ax = self._ax_loss
        xmax = max(int(self.epochs.value), len(losses), 1)
        top = max(float(losses.max()) * 1.05 if losses.size else 1.0, 0.8)
        if ax.get_xlim() != (0.0, float(xmax)) or self._loss_top is None or top > self._loss_top:
            self._loss_top = max(top, 1.0)
            ax.set_xlim(0.0, float(xmax))
            ax.set_ylim(0.0, self._loss_top)
            self._fast.invalidate()
        self._loss_line.set_data(np.arange(losses.size), losses)
        self._map.set_data(self.grid_proba)
        # the scatter points sit above the map: draw them with it
        self.png = self._fast.png([self._map, *self._scatters, self._loss_line])
        self.image.value = self.png

    def snapshot(self, scale: float = 2.0) -> bytes:
        """The loss curve and decision boundary at ``scale`` times the live resolution."""
        png = snapshot_png(self.figure, scale)
        self._fast.invalidate()
        return png

    def _summary(self) -> str:
        return (f"TrainingDashboard(dataset={self.dataset.value!r}, encoding={self.encoding.value!r}, "
                f"layers={self.layers.value}, optimizer={self.optimizer.value!r}, epoch={self.epoch}, "
                f"test_accuracy={self.test_accuracy:.2f}, baseline_accuracy={self.baseline_accuracy:.2f})")

    def __repr__(self) -> str:
        return self._summary()

