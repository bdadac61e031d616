"""Plot helpers for the lessons and the explorers: Bloch sphere, state bars, circuit drawing,
decision boundary and heatmap.

Every helper takes an optional ``ax=`` and returns the matplotlib ``Figure`` it drew on; none
calls ``plt.show()``. Without ``ax`` a new ``matplotlib.figure.Figure`` is made with the
object-oriented API (no pyplot state, safe under the Agg backend), so in a notebook the
returned figure is shown by being the last expression of a cell, and in a widget it is
turned into PNG bytes with :func:`figure_png`.

>>> from qmlcourse.sim import Circuit
>>> fig = draw_circuit(Circuit(2).h(0).cnot(0, 1))
>>> len(figure_png(fig)) > 1000
True
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyBboxPatch

__all__ = [
    "basis_labels",
    "bloch_sphere",
    "decision_boundary",
    "FastFigure",
    "draw_circuit",
    "figure_png",
    "heatmap",
    "new_figure",
    "state_bar_artists",
    "state_bars",
    "update_state_bars",
]

#: Colours used throughout the course's figures.
COLORS = {
    "state": "#d62728",
    "trail": "#ff7f0e",
    "sphere": "#9aa5b1",
    "real": "#1f77b4",
    "imag": "#ff7f0e",
    "prob": "#2ca02c",
    "gate": "#e8f1fb",
    "gate_edge": "#1f4e79",
    "wire": "#333333",
}


def new_figure(figsize: tuple[float, float] = (4.0, 3.0), dpi: float = 90, projection: str | None = None
               ) -> tuple[Figure, Axes]:
    """A fresh ``Figure`` with an Agg canvas and one axes (``projection="3d"`` for 3-D)."""
    fig = Figure(figsize=figsize, dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1, projection=projection)
    return fig, ax


def figure_png(fig: Figure, dpi: float | None = None) -> bytes:
    """The figure rendered as PNG bytes (Agg), for ``ipywidgets.Image`` or an image/png output."""
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi or fig.dpi)
    return buf.getvalue()


class FastFigure:
    """Render a figure to PNG again and again, redrawing only the artists that change.

    The first :meth:`png` call (and the first after :meth:`invalidate`) draws everything but
    the changing artists and caches that background; later calls paste the background and
    draw the changing artists on top (matplotlib "blitting"), then encode the pixels with a
    fast PNG setting. This keeps an explorer's update well under 0.1 s.

    >>> fig, ax = new_figure()
    >>> line, = ax.plot([0, 1], [0, 1])
    >>> fast = FastFigure(fig)
    >>> first = fast.png([line]); line.set_ydata([1, 0]); first != fast.png([line])
    True
    """

    def __init__(self, fig: Figure):
        self.fig = fig
        self.canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
        self._background = None

    def invalidate(self) -> None:
        """Forget the cached background (after changing a static artist or the figure size)."""
        self._background = None

    def png(self, artists: Sequence = ()) -> bytes:
        """PNG bytes of the figure with ``artists`` (the changing ones) drawn on the background."""
        from matplotlib.collections import Collection
        from PIL import Image

        for a in artists:
            a.set_animated(True)
        if self._background is None:
            self.canvas.draw()
            self._background = self.canvas.copy_from_bbox(self.fig.bbox)
        else:
            self.canvas.restore_region(self._background)
        renderer = self.canvas.get_renderer()
        for a in artists:
            if isinstance(a, Collection) and hasattr(a, "do_3d_projection"):
                a.do_3d_projection()
            a.draw(renderer)
        buf = io.BytesIO()
        Image.fromarray(np.asarray(self.canvas.buffer_rgba())).save(buf, format="png", compress_level=1)
        return buf.getvalue()


def _axes(ax: Axes | None, figsize, projection: str | None = None) -> tuple[Figure, Axes]:
    if ax is None:
        return new_figure(figsize, projection=projection)
    if projection == "3d" and getattr(ax, "name", "") != "3d":
        raise ValueError("bloch_sphere needs a 3-D axes: fig.add_subplot(projection='3d')")
    return ax.get_figure(), ax


def basis_labels(n_qubits: int) -> list[str]:
    """Ket labels of the computational basis, wire 0 first: ``['|00>', '|01>', '|10>', '|11>']``."""
    if not isinstance(n_qubits, (int, np.integer)) or n_qubits < 1:
        raise ValueError(f"n_qubits must be a positive integer; got {n_qubits!r}")
    return [f"|{i:0{n_qubits}b}\u27e9" for i in range(2**n_qubits)]


# --------------------------------------------------------------------------- Bloch sphere
def _as_vectors(vectors, name: str) -> np.ndarray:
    """Bloch vectors as a float array ``(k, 3)``; a state ``(2,)`` is converted first."""
    if vectors is None:
        return np.zeros((0, 3))
    arr = np.asarray(vectors)
    if arr.shape == (2,) and np.iscomplexobj(arr):
        from qmlcourse.linalg import bloch_vector
        arr = bloch_vector(arr)
    arr = np.real_if_close(arr).astype(np.float64) if np.iscomplexobj(arr) else arr.astype(np.float64)
    if arr.ndim == 1:
        arr = arr[None, :]
    if arr.ndim != 2 or arr.shape[1] != 3:
        raise ValueError(f"{name} must be Bloch vectors of shape (3,) or (k, 3); got shape {np.shape(vectors)}")
    return arr


def bloch_frame(ax: Axes) -> None:
    """Draw the static part of a Bloch sphere on a 3-D axes: wireframe, axes, pole labels."""
    u = np.linspace(0, 2 * np.pi, 61)
    c = COLORS["sphere"]
    for lat in (-np.pi / 3, -np.pi / 6, 0.0, np.pi / 6, np.pi / 3):
        r, z = np.cos(lat), np.sin(lat)
        ax.plot(r * np.cos(u), r * np.sin(u), np.full_like(u, z), color=c, lw=0.8 if lat == 0 else 0.4,
                alpha=0.8 if lat == 0 else 0.5)
    for lon in np.arange(0, np.pi, np.pi / 4):
        ax.plot(np.cos(u) * np.cos(lon), np.cos(u) * np.sin(lon), np.sin(u), color=c, lw=0.4, alpha=0.5)
    for d in np.eye(3):
        ax.plot(*np.stack([-d, d]).T, color="#555555", lw=0.6, ls=(0, (2, 2)))
    labels = [((0, 0, 1.22), "|0\u27e9"), ((0, 0, -1.28), "|1\u27e9"), ((1.3, 0, 0), "|+\u27e9"),
              ((-1.3, 0, 0), "|\u2212\u27e9"), ((0, 1.25, 0), "|+i\u27e9"), ((0, -1.3, 0), "|\u2212i\u27e9")]
    for pos, text in labels:
        ax.text(*pos, text, ha="center", va="center", fontsize=10)
    ax.text(1.62, 0, 0, "x", color="#555555", fontsize=8)
    ax.text(0, 1.55, 0, "y", color="#555555", fontsize=8)
    ax.set_xlim(-1.05, 1.05)
    ax.set_ylim(-1.05, 1.05)
    ax.set_zlim(-1.05, 1.05)
    ax.set_box_aspect((1, 1, 1))
    ax.view_init(elev=20, azim=30)
    ax.set_axis_off()


def bloch_artists(ax: Axes, vectors=None, trail=None, path=None) -> list:
    """Draw state arrows ``(k, 3)`` and a trail of dots ``(m, 3)`` on a Bloch frame, joined by
    ``path`` ``(p, 3)`` (the trail itself when omitted); return the artists (so an explorer
    can remove and redraw only these)."""
    vecs = _as_vectors(vectors, "vectors")
    dots = _as_vectors(trail, "trail")
    line = dots if path is None else _as_vectors(path, "path")
    artists: list = []
    if len(line) > 1:
        artists += ax.plot(line[:, 0], line[:, 1], line[:, 2], color=COLORS["trail"], lw=1.2, alpha=0.9)
    if len(dots):
        artists.append(ax.scatter(dots[:, 0], dots[:, 1], dots[:, 2], color=COLORS["trail"], s=6, alpha=0.7))
    for v in vecs:
        artists += ax.plot([0, v[0]], [0, v[1]], [0, v[2]], color=COLORS["state"], lw=2.2)
        artists.append(ax.scatter([v[0]], [v[1]], [v[2]], color=COLORS["state"], s=30, depthshade=False))
    return artists


def bloch_sphere(vectors=None, trail=None, ax: Axes | None = None, title: str | None = None) -> Figure:
    """A Bloch sphere with the states' arrows and an optional trail of earlier states.

    Args:
        vectors: one Bloch vector ``(3,)``, several ``(k, 3)``, or a one-qubit state ``(2,)``
            (complex), converted with :func:`qmlcourse.linalg.bloch_vector`.
        trail: earlier Bloch vectors ``(m, 3)``, drawn as a line with dots.
        ax: a 3-D axes (``fig.add_subplot(projection="3d")``); a new figure when omitted.
        title: optional axes title.

    Returns:
        the figure. The poles are labelled |0> (top) and |1>, the x axis |+> and |->, the
        y axis |+i> and |-i>.
    """
    fig, ax = _axes(ax, (3.6, 3.6), projection="3d")
    bloch_frame(ax)
    bloch_artists(ax, vectors, trail)
    if title:
        ax.set_title(title)
    return fig


# --------------------------------------------------------------------------- state bars
def state_bars(values, ax: Axes | None = None, kind: str = "auto", title: str | None = None,
               labels: Sequence[str] | None = None) -> Figure:
    """Bar chart of a state over the computational basis (wire 0 is the leftmost bit).

    Args:
        values: amplitudes ``(2**n,)`` (complex) or probabilities ``(2**n,)`` (real, >= 0).
        kind: "amplitudes" (bars for the real and imaginary parts), "probabilities", or
            "auto": complex input or real input that is not a probability vector counts as
            amplitudes.
        labels: basis labels; ``|00>, |01>, ...`` by default.

    Returns:
        the figure.
    """
    arr = np.asarray(values)
    if arr.ndim != 1 or arr.size < 2 or arr.size & (arr.size - 1):
        raise ValueError(f"values must have shape (2**n,) with n >= 1; got shape {arr.shape}")
    if kind not in ("auto", "amplitudes", "probabilities"):
        raise ValueError(f"kind must be 'auto', 'amplitudes' or 'probabilities'; got {kind!r}")
    if kind == "auto":
        is_prob = (not np.iscomplexobj(arr)) and np.all(arr >= -1e-12) and abs(arr.sum() - 1) < 1e-6
        kind = "probabilities" if is_prob else "amplitudes"
    n = arr.size.bit_length() - 1
    labels = list(labels) if labels is not None else basis_labels(n)
    if len(labels) != arr.size:
        raise ValueError(f"need {arr.size} labels; got {len(labels)}")
    fig, ax = _axes(ax, (max(3.0, 0.45 * arr.size + 1.0), 2.6))
    x = np.arange(arr.size)
    if kind == "probabilities":
        p = np.real(arr).astype(float)
        ax.bar(x, p, color=COLORS["prob"], width=0.7)
        ax.set_ylim(0, 1.05)
        ax.set_ylabel("probability")
        if arr.size <= 8:
            for xi, pi in zip(x, p):
                ax.text(xi, pi + 0.02, f"{pi:.2f}" if pi > 0.005 else "", ha="center", va="bottom", fontsize=7)
    else:
        a = arr.astype(np.complex128)
        ax.bar(x - 0.19, a.real, width=0.38, color=COLORS["real"], label="Re")
        ax.bar(x + 0.19, a.imag, width=0.38, color=COLORS["imag"], label="Im")
        ax.axhline(0, color="#555555", lw=0.6)
        ax.set_ylim(-1.05, 1.05)
        ax.set_ylabel("amplitude")
        ax.legend(loc="upper right", fontsize=7, frameon=False, ncol=2)
    ax.set_xticks(x)
    ax.set_xticklabels(labels, rotation=90 if arr.size > 8 else 0, fontsize=7 if arr.size > 8 else 9)
    ax.set_xlim(-0.6, arr.size - 0.4)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if title:
        ax.set_title(title, fontsize=10)
    return fig


def state_bar_artists(ax: Axes) -> list:
    """The artists :func:`update_state_bars` changes on ``ax`` (bars and value labels)."""
    return [bar for bars in ax.containers for bar in bars] + list(ax.texts)


def update_state_bars(ax: Axes, values) -> None:
    """Change the heights of bars drawn by :func:`state_bars` on ``ax`` in place (same kind
    and size), much faster than drawing them again; used by the explorers."""
    arr = np.asarray(values)
    if not ax.containers or len(ax.containers[0]) != arr.size:
        raise ValueError(f"ax holds no state bars of size {arr.size}; draw them with state_bars first")
    if len(ax.containers) == 2:  # amplitudes: real and imaginary parts
        a = arr.astype(np.complex128)
        for bars, part in zip(ax.containers, (a.real, a.imag)):
            for bar, h in zip(bars, part):
                bar.set_height(h)
        return
    p = np.real(arr).astype(float)
    for bar, h in zip(ax.containers[0], p):
        bar.set_height(h)
    for text, xi, pi in zip(ax.texts, range(arr.size), p):
        text.set_position((xi, pi + 0.02))
        text.set_text(f"{pi:.2f}" if pi > 0.005 else "")


# --------------------------------------------------------------------------- circuits
from qmlcourse.sim.gates import CONTROLS as _CONTROLS  # noqa: E402  (one table, the simulator's)


def _text_width(op, text: str) -> float:
    """Box width for a gate label; rotations keep room for any angle of the slider."""
    chars = len(text)
    if op.params and all(p.kind == "const" for p in op.params):
        chars = max(chars, len(text.split("(")[0]) + 2 + 6 * len(op.params))
    return 0.22 + 0.085 * chars


def _gate_text(op, base: str | None = None) -> str:
    from qmlcourse.sim.gates import LABELS
    text = base if base is not None else LABELS.get(op.name, op.name)
    if op.params:
        text += "(" + ", ".join(str(p) for p in op.params) + ")"
    return text


def draw_circuit(circuit, ax: Axes | None = None, title: str | None = None) -> Figure:
    """Draw a :class:`qmlcourse.sim.Circuit`: one horizontal wire per qubit (wire 0 on top),
    gates as labelled boxes, controls as dots, CNOT targets as circled plus, SWAP as crosses.

    Args:
        circuit: the circuit (``n_qubits`` wires, ``operations`` list).
        ax: axes to draw on; a new figure sized to the circuit when omitted.

    Returns:
        the figure.
    """
    if not hasattr(circuit, "operations") or not hasattr(circuit, "n_qubits"):
        raise ValueError(f"draw_circuit needs a qmlcourse.sim.Circuit; got {type(circuit).__name__}")
    n = circuit.n_qubits
    columns = circuit.columns()
    widths = []
    for ops in columns:
        w = 0.8
        for op in ops:
            if op.name in _CONTROLS and op.name not in ("CNOT", "CZ", "Toffoli"):
                w = max(w, _text_width(op, _gate_text(op, op.name[1:])))
            elif op.name not in _CONTROLS and op.name != "SWAP":
                w = max(w, _text_width(op, _gate_text(op)))
        widths.append(w)
    total = 0.6 + sum(widths) + 0.25 * len(widths) + 0.4
    fig, ax = _axes(ax, (min(12.0, max(2.5, 0.75 * total + 0.6)), 0.55 * n + 0.5))
    y = {q: -q for q in range(n)}  # wire 0 on top
    for q in range(n):
        ax.plot([0.45, total], [y[q], y[q]], color=COLORS["wire"], lw=1, zorder=1)
        ax.text(0.35, y[q], f"q{q}", ha="right", va="center", fontsize=9)
    x0 = 0.6
    labels = {}
    for ops, w in zip(columns, widths):
        xc = x0 + 0.125 + w / 2
        for op in ops:
            labels[id(op)] = _draw_op(ax, op, xc, w, y)
        x0 += w + 0.25
    #: each operation's label (a Text, or None for dots, crosses and targets), in order
    ax.qml_gate_labels = [labels[id(op)] for op in circuit.operations]
    ax.set_xlim(-0.2, total + 0.05)
    ax.set_ylim(-(n - 1) - 0.55, 0.55)
    ax.set_aspect("equal")
    ax.set_axis_off()
    if title:
        ax.set_title(title, fontsize=10)
    if not circuit.operations:
        ax.text(total / 2 + 0.2, -(n - 1) / 2, "(no gates yet)", ha="center", va="center",
                fontsize=8, color="#777777", zorder=3,
                bbox=dict(facecolor="white", edgecolor="none", pad=1))
    return fig


def _box(ax, xc, yc, w, text):
    h = 0.6
    ax.add_artist(FancyBboxPatch((xc - w / 2, yc - h / 2), w, h, boxstyle="round,pad=0,rounding_size=0.06",
                                facecolor=COLORS["gate"], edgecolor=COLORS["gate_edge"], lw=1, zorder=3))
    return ax.text(xc, yc, text, ha="center", va="center", fontsize=8 if len(text) > 3 else 10, zorder=4)


def _draw_op(ax, op, xc, w, y):
    """Draw one operation; return its label (a Text) or None."""
    ys = [y[q] for q in op.wires]
    if len(op.wires) > 1:
        ax.plot([xc, xc], [min(ys), max(ys)], color=COLORS["wire"], lw=1.2, zorder=2)
    if op.name in _CONTROLS:
        c = _CONTROLS[op.name]
        for q in op.wires[:c]:
            ax.add_artist(Circle((xc, y[q]), 0.09, color=COLORS["wire"], zorder=4))
        t = y[op.wires[-1]]
        if op.name in ("CNOT", "Toffoli"):
            ax.add_artist(Circle((xc, t), 0.2, facecolor="white", edgecolor=COLORS["wire"], lw=1.2, zorder=4))
            ax.plot([xc - 0.2, xc + 0.2], [t, t], color=COLORS["wire"], lw=1.2, zorder=5)
            ax.plot([xc, xc], [t - 0.2, t + 0.2], color=COLORS["wire"], lw=1.2, zorder=5)
        elif op.name == "CZ":
            ax.add_artist(Circle((xc, t), 0.09, color=COLORS["wire"], zorder=4))
        else:
            return _box(ax, xc, t, w, _gate_text(op, op.name[1:]))
    elif op.name == "SWAP":
        for yy in ys:
            ax.plot([xc - 0.13, xc + 0.13], [yy - 0.13, yy + 0.13], color=COLORS["wire"], lw=1.4, zorder=4)
            ax.plot([xc - 0.13, xc + 0.13], [yy + 0.13, yy - 0.13], color=COLORS["wire"], lw=1.4, zorder=4)
    elif len(op.wires) == 1:
        return _box(ax, xc, ys[0], w, _gate_text(op))
    else:  # multi-wire box (IsingXX, MultiRZ, QubitUnitary, ...)
        h = max(ys) - min(ys) + 0.6
        ax.add_artist(FancyBboxPatch((xc - w / 2, min(ys) - 0.3), w, h, boxstyle="round,pad=0,rounding_size=0.06",
                                    facecolor=COLORS["gate"], edgecolor=COLORS["gate_edge"], lw=1, zorder=3))
        return ax.text(xc, (min(ys) + max(ys)) / 2, _gate_text(op), ha="center", va="center", fontsize=8, zorder=4)
    return None


# --------------------------------------------------------------------------- ML figures
def decision_boundary(predict_fn: Callable[[np.ndarray], np.ndarray], X, y, ax: Axes | None = None,
                      resolution: int = 80, margin: float = 0.3, title: str | None = None) -> Figure:
    """Colour the plane by a classifier's prediction and scatter the data on top.

    Args:
        predict_fn: maps points ``(M, 2)`` to labels or scores ``(M,)``; called once on the
            whole grid (so a batched quantum model evaluates it in one call).
        X: data ``(N, 2)``.
        y: labels ``(N,)``.
        resolution: grid points per axis (``resolution**2`` points in one call).

    Returns:
        the figure.
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (N, 2); got {X.shape}")
    if y.shape != (X.shape[0],):
        raise ValueError(f"y must have shape ({X.shape[0]},); got {y.shape}")
    lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    z = np.asarray(predict_fn(grid))
    if z.shape != (grid.shape[0],):
        raise ValueError(f"predict_fn must return shape ({grid.shape[0]},) for input ({grid.shape[0]}, 2); got {z.shape}")
    fig, ax = _axes(ax, (4.0, 3.4))
    classes = np.unique(y)
    zr = z.real.astype(float) if np.iscomplexobj(z) else z.astype(float)
    values = np.unique(zr)
    if len(values) <= 10 and np.allclose(values, np.round(values)):  # labels: one colour each
        levels = np.concatenate([values - 0.5, [values[-1] + 0.5]])
    else:  # scores: a smooth scale
        levels = 12
    ax.contourf(gx, gy, zr.reshape(gx.shape), levels=levels, cmap="RdBu", alpha=0.45)
    markers = "os^vD*"
    for i, c in enumerate(classes):
        pts = X[y == c]
        ax.scatter(pts[:, 0], pts[:, 1], s=18, marker=markers[i % len(markers)], edgecolor="k", lw=0.5,
                   color=["#b2182b", "#2166ac", "#4dac26", "#d01c8b"][i % 4], label=str(c))
    ax.legend(fontsize=8, frameon=False, loc="best")
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    ax.set_xlabel("$x_0$")
    ax.set_ylabel("$x_1$")
    if title:
        ax.set_title(title, fontsize=10)
    return fig


def heatmap(matrix, ax: Axes | None = None, labels: Sequence[str] | None = None, cmap: str = "viridis",
            annotate: bool | None = None, vmin: float | None = None, vmax: float | None = None,
            colorbar: bool = True, title: str | None = None) -> Figure:
    """Show a real matrix ``(r, c)`` (kernel matrix, density-matrix magnitudes, ...) as colours.

    Args:
        matrix: shape ``(r, c)``; complex input is shown as its absolute value.
        labels: tick labels for both axes (square matrices) when given.
        annotate: write each value in its cell (default: when the matrix is at most 8x8).

    Returns:
        the figure.
    """
    m = np.asarray(matrix)
    if m.ndim != 2:
        raise ValueError(f"matrix must be 2-D (r, c); got shape {m.shape}")
    m = np.abs(m) if np.iscomplexobj(m) else m.astype(np.float64)
    fig, ax = _axes(ax, (3.8, 3.2))
    im = ax.imshow(m, cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest")
    if colorbar:
        fig.colorbar(im, ax=ax, fraction=0.046, pad=0.04)
    if annotate is None:
        annotate = max(m.shape) <= 8
    if annotate:
        mid = (np.nanmax(m) + np.nanmin(m)) / 2
        for (i, j), v in np.ndenumerate(m):
            ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=7,
                    color="white" if v < mid else "black")
    if labels is not None:
        labels = list(labels)
        if len(labels) != m.shape[0] or m.shape[0] != m.shape[1]:
            raise ValueError(f"labels need a square matrix and one label per row; got {len(labels)} for {m.shape}")
        ax.set_xticks(range(len(labels)))
        ax.set_xticklabels(labels, rotation=90 if len(labels) > 8 else 0)
        ax.set_yticks(range(len(labels)))
        ax.set_yticklabels(labels)
    if title:
        ax.set_title(title, fontsize=10)
    return fig
