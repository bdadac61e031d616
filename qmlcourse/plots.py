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
    "circuit_figsize",
    "decision_boundary",
    "FastFigure",
    "VECTOR_COLORS",
    "draw_circuit",
    "label_positions",
    "snapshot_png",
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

#: Colours of several state arrows on one Bloch sphere, in order (named in captions as
#: red, blue, green, purple, brown, pink); the first is the usual state colour.
VECTOR_COLORS = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2"]
VECTOR_COLOR_NAMES = ["red", "blue", "green", "purple", "brown", "pink"]
#: Positions of the pole and axis labels of :func:`bloch_frame` (labels of arrows avoid them).
_FRAME_LABELS = [
    ((0, 0, 1.22), "|0\u27e9"),
    ((0, 0, -1.28), "|1\u27e9"),
    ((1.3, 0, 0), "|+\u27e9"),
    ((-1.3, 0, 0), "|\u2212\u27e9"),
    ((0, 1.25, 0), "|+i\u27e9"),
    ((0, -1.3, 0), "|\u2212i\u27e9"),
]


def new_figure(
    figsize: tuple[float, float] = (4.0, 3.0), dpi: float = 90, projection: str | None = None
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


def snapshot_png(fig: Figure, scale: float = 2.0) -> bytes:
    """The whole figure as PNG at ``scale`` times its resolution (2: a retina snapshot, to be
    shown at its nominal size), the artists an explorer animates included.

    >>> fig, ax = new_figure((2.0, 1.0), dpi=50)
    >>> from PIL import Image
    >>> Image.open(io.BytesIO(snapshot_png(fig))).size
    (200, 100)
    """
    if scale <= 0:
        raise ValueError(f"scale must be positive; got {scale}")
    animated = [a for a in fig.findobj() if a.get_animated()]
    for a in animated:
        a.set_animated(False)
    try:
        return figure_png(fig, dpi=fig.dpi * scale)
    finally:
        for a in animated:
            a.set_animated(True)


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
        ax.plot(
            r * np.cos(u),
            r * np.sin(u),
            np.full_like(u, z),
            color=c,
            lw=0.8 if lat == 0 else 0.4,
            alpha=0.8 if lat == 0 else 0.5,
        )
    for lon in np.arange(0, np.pi, np.pi / 4):
        ax.plot(np.cos(u) * np.cos(lon), np.cos(u) * np.sin(lon), np.sin(u), color=c, lw=0.4, alpha=0.5)
    for d in np.eye(3):
        ax.plot(*np.stack([-d, d]).T, color="#555555", lw=0.6, ls=(0, (2, 2)))
    for pos, text in _FRAME_LABELS:
        ax.text(*pos, text, ha="center", va="center", fontsize=11)
    ax.text(1.62, 0, 0, "x", color="#555555", fontsize=10)
    ax.text(0, 1.55, 0, "y", color="#555555", fontsize=10)
    ax.set_xlim(-1.05, 1.05)
    ax.set_ylim(-1.05, 1.05)
    ax.set_zlim(-1.05, 1.05)
    ax.set_box_aspect((1, 1, 1))
    ax.view_init(elev=20, azim=30)
    ax.set_axis_off()


def _vector_colors(colors, k: int) -> list[str]:
    if colors is None:
        return [VECTOR_COLORS[i % len(VECTOR_COLORS)] for i in range(k)]
    if isinstance(colors, str):
        return [colors] * k
    colors = list(colors)
    if len(colors) != k:
        raise ValueError(f"need one colour per vector: {k} vector(s), got {len(colors)} colour(s)")
    return colors


def label_positions(vectors, min_distance: float = 0.3) -> np.ndarray:
    """Where to write the label of each Bloch arrow ``(k, 3)``: just beyond its tip, moved
    up or down (alternately, in growing steps) until it is at least ``min_distance`` from
    the other labels and from the sphere's pole labels. Returns ``(k, 3)``.

    >>> p = label_positions([[0, 0, 1], [0.05, 0, 0.99]])
    >>> bool(np.linalg.norm(p[0] - p[1]) >= 0.3)
    True
    """
    vecs = _as_vectors(vectors, "vectors")
    taken = [np.array(pos, dtype=float) for pos, _ in _FRAME_LABELS]
    out = []
    for v in vecs:
        r = np.linalg.norm(v)
        base = v * (1.0 + 0.2 / max(r, 1e-9)) if r > 0.2 else v + np.array([0.15, 0.0, 0.15])
        pos = base
        for step in range(1, 13):
            if all(np.linalg.norm(pos - t) >= min_distance for t in taken):
                break
            shift = 0.12 * ((step + 1) // 2) * (1 if step % 2 else -1)
            pos = base + np.array([0.0, 0.0, shift])
        taken.append(pos)
        out.append(pos)
    return np.array(out).reshape(-1, 3)


def bloch_artists(ax: Axes, vectors=None, trail=None, path=None, colors=None, labels=None) -> list:
    """Draw state arrows ``(k, 3)`` and a trail of dots ``(m, 3)`` on a Bloch frame, joined by
    ``path`` ``(p, 3)`` (the trail itself when omitted); return the artists (so an explorer
    can remove and redraw only these).

    Args:
        colors: one colour for all arrows or one per arrow; by default :data:`VECTOR_COLORS`
            in order (red, blue, green, ...), so a caption can name each arrow's colour.
        labels: one text per arrow (``None`` entries are skipped), written near its tip in
            its colour, placed by :func:`label_positions` so labels do not collide.
    """
    vecs = _as_vectors(vectors, "vectors")
    dots = _as_vectors(trail, "trail")
    line = dots if path is None else _as_vectors(path, "path")
    cols = _vector_colors(colors, len(vecs))
    if labels is not None:
        labels = list(labels)
        if len(labels) != len(vecs):
            raise ValueError(f"need one label per vector: {len(vecs)} vector(s), got {len(labels)} label(s)")
    artists: list = []
    if len(line) > 1:
        artists += ax.plot(line[:, 0], line[:, 1], line[:, 2], color=COLORS["trail"], lw=1.2, alpha=0.9)
    if len(dots):
        artists.append(ax.scatter(dots[:, 0], dots[:, 1], dots[:, 2], color=COLORS["trail"], s=6, alpha=0.7))
    for v, c in zip(vecs, cols, strict=True):
        artists += ax.plot([0, v[0]], [0, v[1]], [0, v[2]], color=c, lw=2.2)
        artists.append(ax.scatter([v[0]], [v[1]], [v[2]], color=c, s=30, depthshade=False))
    if labels is not None:
        for pos, text, c in zip(label_positions(vecs), labels, cols, strict=True):
            if text:
                artists.append(
                    ax.text(*pos, str(text), color=c, fontsize=11, ha="center", va="center", fontweight="bold")
                )
    return artists


def bloch_sphere(
    vectors=None, trail=None, ax: Axes | None = None, title: str | None = None, colors=None, labels=None
) -> Figure:
    """A Bloch sphere with the states' arrows and an optional trail of earlier states.

    Args:
        vectors: one Bloch vector ``(3,)``, several ``(k, 3)``, or a one-qubit state ``(2,)``
            (complex), converted with :func:`qmlcourse.linalg.bloch_vector`.
        trail: earlier Bloch vectors ``(m, 3)``, drawn as a line with dots.
        ax: a 3-D axes (``fig.add_subplot(projection="3d")``); a new figure when omitted.
        title: optional axes title.
        colors, labels: per-arrow colours and tip labels, as in :func:`bloch_artists`.

    Returns:
        the figure. The poles are labelled |0> (top) and |1>, the x axis |+> and |->, the
        y axis |+i> and |-i>.
    """
    fig, ax = _axes(ax, (3.6, 3.6), projection="3d")
    bloch_frame(ax)
    bloch_artists(ax, vectors, trail, colors=colors, labels=labels)
    if title:
        ax.set_title(title, fontsize=11)
    return fig


# --------------------------------------------------------------------------- state bars
def state_bars(
    values, ax: Axes | None = None, kind: str = "auto", title: str | None = None, labels: Sequence[str] | None = None
) -> Figure:
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
            for xi, pi in zip(x, p, strict=False):
                ax.text(xi, pi + 0.02, f"{pi:.2f}" if pi > 0.005 else "", ha="center", va="bottom", fontsize=9)
    else:
        a = arr.astype(np.complex128)
        ax.bar(x - 0.19, a.real, width=0.38, color=COLORS["real"], label="Re")
        ax.bar(x + 0.19, a.imag, width=0.38, color=COLORS["imag"], label="Im")
        ax.axhline(0, color="#555555", lw=0.6)
        ax.set_ylim(-1.05, 1.05)
        ax.set_ylabel("amplitude")
        # above the axes, outside the bars (loc="best" can cover them)
        ax.legend(
            loc="lower left",
            bbox_to_anchor=(0.0, 1.0),
            fontsize=9,
            frameon=False,
            ncol=2,
            borderaxespad=0.1,
            handlelength=1.2,
        )
    ax.set_xticks(x)
    # more than 8 states: vertical labels (32 of them stay legible at 5 qubits)
    ax.set_xticklabels(labels, rotation=90 if arr.size > 8 else 0, fontsize=9 if arr.size > 8 else 10)
    ax.set_xlim(-0.6, arr.size - 0.4)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if title:
        ax.set_title(title, fontsize=11, loc="right" if kind == "amplitudes" else "center")
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
        for bars, part in zip(ax.containers, (a.real, a.imag), strict=False):
            for bar, h in zip(bars, part, strict=False):
                bar.set_height(h)
        return
    p = np.real(arr).astype(float)
    for bar, h in zip(ax.containers[0], p, strict=False):
        bar.set_height(h)
    for text, xi, pi in zip(ax.texts, range(arr.size), p, strict=False):
        text.set_position((xi, pi + 0.02))
        text.set_text(f"{pi:.2f}" if pi > 0.005 else "")


# --------------------------------------------------------------------------- circuits
from qmlcourse.sim.gates import CONTROLS as _CONTROLS  # noqa: E402  (one table, the simulator's)


def _text_width(op, text: str) -> float:
    """Box width for a gate label; rotations keep room for any angle of the slider."""
    chars = len(text)
    if op.params and all(p.kind == "const" for p in op.params):
        chars = max(chars, len(text.split("(")[0]) + 2 + 6 * len(op.params))
    return 0.22 + 0.1 * chars


def _gate_text(op, base: str | None = None) -> str:
    from qmlcourse.sim.gates import LABELS

    text = base if base is not None else LABELS.get(op.name, op.name)
    if op.params:
        text += "(" + ", ".join(str(p) for p in op.params) + ")"
    return text


def _column_widths(circuit) -> list[float]:
    widths = []
    for ops in circuit.columns():
        w = 0.8
        for op in ops:
            if op.name in _CONTROLS and op.name not in ("CNOT", "CZ", "Toffoli"):
                w = max(w, _text_width(op, _gate_text(op, op.name[1:])))
            elif op.name not in _CONTROLS and op.name != "SWAP":
                w = max(w, _text_width(op, _gate_text(op)))
        widths.append(w)
    return widths


def circuit_figsize(circuit) -> tuple[float, float]:
    """The size (inches) :func:`draw_circuit` gives a circuit: 0.9 in per gate-width unit and
    0.75 in per wire, at most 9 in wide (the book column), so 9-11 pt labels fit their boxes.

    >>> from qmlcourse.sim import Circuit
    >>> circuit_figsize(Circuit(2).h(0).cnot(0, 1))
    (3.39, 2.0)
    """
    widths = _column_widths(circuit)
    total = 0.6 + sum(widths) + 0.25 * len(widths) + 0.4
    return (round(min(9.0, max(2.5, 0.9 * total + 0.6)), 3), round(0.75 * circuit.n_qubits + 0.5, 3))


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
    widths = _column_widths(circuit)
    total = 0.6 + sum(widths) + 0.25 * len(widths) + 0.4
    fig, ax = _axes(ax, circuit_figsize(circuit))
    y = {q: -q for q in range(n)}  # wire 0 on top
    for q in range(n):
        ax.plot([0.45, total], [y[q], y[q]], color=COLORS["wire"], lw=1, zorder=1)
        ax.text(0.35, y[q], f"q{q}", ha="right", va="center", fontsize=11)
    x0 = 0.6
    labels = {}
    for ops, w in zip(columns, widths, strict=False):
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
        ax.set_title(title, fontsize=11)
    if not circuit.operations:
        ax.text(
            total / 2 + 0.2,
            -(n - 1) / 2,
            "(no gates yet)",
            ha="center",
            va="center",
            fontsize=10,
            color="#777777",
            zorder=3,
            bbox=dict(facecolor="white", edgecolor="none", pad=1),
        )
    return fig


def _box(ax, xc, yc, w, text):
    h = 0.6
    ax.add_artist(
        FancyBboxPatch(
            (xc - w / 2, yc - h / 2),
            w,
            h,
            boxstyle="round,pad=0,rounding_size=0.06",
            facecolor=COLORS["gate"],
            edgecolor=COLORS["gate_edge"],
            lw=1,
            zorder=3,
        )
    )
    return ax.text(xc, yc, text, ha="center", va="center", fontsize=9.5 if len(text) > 3 else 11, zorder=4)


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
        ax.add_artist(
            FancyBboxPatch(
                (xc - w / 2, min(ys) - 0.3),
                w,
                h,
                boxstyle="round,pad=0,rounding_size=0.06",
                facecolor=COLORS["gate"],
                edgecolor=COLORS["gate_edge"],
                lw=1,
                zorder=3,
            )
        )
        return ax.text(xc, (min(ys) + max(ys)) / 2, _gate_text(op), ha="center", va="center", fontsize=9.5, zorder=4)
    return None


# --------------------------------------------------------------------------- ML figures
def decision_boundary(
    predict_fn: Callable[[np.ndarray], np.ndarray],
    X,
    y,
    ax: Axes | None = None,
    resolution: int = 80,
    margin: float = 0.3,
    title: str | None = None,
) -> Figure:
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
        raise ValueError(
            f"predict_fn must return shape ({grid.shape[0]},) for input ({grid.shape[0]}, 2); got {z.shape}"
        )
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
        ax.scatter(
            pts[:, 0],
            pts[:, 1],
            s=18,
            marker=markers[i % len(markers)],
            edgecolor="k",
            lw=0.5,
            color=["#b2182b", "#2166ac", "#4dac26", "#d01c8b"][i % 4],
            label=str(c),
        )
    # outside the data, to the right of the plane (loc="best" can still cover points)
    ax.legend(
        fontsize=10,
        frameon=False,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        borderaxespad=0.0,
        title="class",
        title_fontsize=10,
    )
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    ax.set_xlabel("$x_0$")
    ax.set_ylabel("$x_1$")
    if title:
        ax.set_title(title, fontsize=10)
    return fig


def heatmap(
    matrix,
    ax: Axes | None = None,
    labels: Sequence[str] | None = None,
    cmap: str = "viridis",
    annotate: bool | None = None,
    vmin: float | None = None,
    vmax: float | None = None,
    colorbar: bool = True,
    title: str | None = None,
) -> Figure:
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
            ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=7, color="white" if v < mid else "black")
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
