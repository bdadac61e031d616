"""Encoding explorer: one 2-D data point, six ways to put it into qubits.

A dropdown chooses the encoding (basis, angle with RX / RY / RZ, amplitude, the ZZ feature
map) and two sliders set the data point ``(x0, x1)``. The explorer shows the circuit the
encoding builds (from :mod:`qmlcourse.encodings`), each qubit's Bloch vector (from its reduced
density matrix: shorter than 1 when the qubit is entangled with the other one) and the
probabilities of the basis states.

Conventions: basis encoding reads bit ``k`` as ``x_k > 0``; angle encoding with ``Z`` puts a
Hadamard on each wire first (RZ on ``|0>`` alone only adds a phase); amplitude encoding puts
the two features into the two amplitudes of ONE qubit, ``(x0, x1) / |x|`` (a zero point has
no state and is reported); the ZZ feature map is Havlicek et al.'s with ``reps=2``.

>>> ex = EncodingExplorer("angle Y", (np.pi, 0.0))
>>> ex.probabilities.round(6) + 0.0
array([0., 0., 1., 0.])
>>> ex.set(encoding="amplitude", x=(0.3, 0.4)).bloch_vectors.round(3) + 0.0
array([[ 0.96,  0.  , -0.28]])
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from qmlcourse import encodings as enc
from qmlcourse.plots import (
    COLORS,
    FastFigure,
    basis_labels,
    bloch_artists,
    bloch_frame,
    circuit_figsize,
    draw_circuit,
    figure_png,
    snapshot_png,
)
from qmlcourse.sim import Circuit
from qmlcourse.widgets.base import Explorer
from qmlcourse.widgets.circuit import _stack

__all__ = ["ENCODINGS", "EncodingExplorer", "build_circuit", "reduced_bloch_vectors"]

#: The encodings the explorer offers, in dropdown order.
ENCODINGS = ("basis", "angle X", "angle Y", "angle Z", "amplitude", "ZZ")
#: Slider range of each feature (radians for the angle encodings).
X_RANGE = (-float(np.pi), float(np.pi))


def build_circuit(encoding: str) -> Circuit:
    """The circuit of an encoding of two features (see the module text for the conventions).

    >>> build_circuit("ZZ").n_qubits, build_circuit("amplitude").n_qubits
    (2, 1)
    """
    if encoding not in ENCODINGS:
        raise ValueError(f"encoding must be one of {', '.join(ENCODINGS)}; got {encoding!r}")
    if encoding == "basis":
        return enc.basis(Circuit(2))
    if encoding.startswith("angle"):
        rotation = encoding[-1]
        c = Circuit(2)
        if rotation == "Z":
            c.h(0).h(1)
        return enc.angle(c, rotation=rotation)
    if encoding == "amplitude":
        return enc.amplitude(Circuit(1))
    return enc.zz_feature_map(Circuit(2), reps=2)


def reduced_bloch_vectors(state: np.ndarray) -> np.ndarray:
    """Bloch vector of each wire's reduced density matrix, ``(n, 3)``, for a state ``(2**n,)``.

    ``rho_k = tr_(others) |psi><psi|`` and ``r_k = (tr rho_k X, tr rho_k Y, tr rho_k Z)``; its
    length is 1 for a wire in a product with the rest and shorter when the wire is entangled.
    """
    psi = np.asarray(state, dtype=np.complex128)
    n = psi.size.bit_length() - 1
    if psi.ndim != 1 or 2**n != psi.size or n < 1:
        raise ValueError(f"state must have shape (2**n,) with n >= 1; got {psi.shape}")
    t = psi.reshape((2,) * n)
    out = np.empty((n, 3))
    for k in range(n):
        m = np.moveaxis(t, k, 0).reshape(2, -1)
        rho = m @ m.conj().T
        out[k] = [2 * rho[0, 1].real, 2 * rho[1, 0].imag, (rho[0, 0] - rho[1, 1]).real]
    return out + 0.0


def _check_point(x) -> tuple[float, float]:
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"x must be two numbers (x0, x1); got {x!r}") from None
    if arr.shape != (2,):
        raise ValueError(f"x must be two numbers (x0, x1); got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"x must be finite; got {arr.tolist()}")
    lo, hi = X_RANGE
    if np.any(arr < lo - 1e-12) or np.any(arr > hi + 1e-12):
        raise ValueError(f"each feature must lie in [-pi, pi] (the sliders' range); got {arr.tolist()}")
    return float(np.clip(arr[0], lo, hi)), float(np.clip(arr[1], lo, hi))


class EncodingExplorer(Explorer):
    """Encode a 2-D data point with a chosen encoding and look at the state.

    Attributes:
        encoding: ``Dropdown`` of :data:`ENCODINGS`; x0, x1: ``FloatSlider`` in [-pi, pi].
        circuit: the :class:`qmlcourse.sim.Circuit` of the current encoding.
        state: the encoded state ``(2**n,)`` (n = 2, or 1 for amplitude encoding).
        circuit_image, state_image: ``ipywidgets.Image`` (PNG); info: ``HTML``; status: ``HTML``.
        widget: the whole explorer (``ipywidgets.VBox``).

    Args:
        encoding: one of :data:`ENCODINGS` (default "angle Y").
        x: the starting point ``(x0, x1)``, each in [-pi, pi].
        dpi: resolution of the pictures (lower is faster), positive.
    """

    def __init__(self, encoding: str = "angle Y", x: Sequence[float] = (0.6, -1.2), dpi: float = 80):
        if not isinstance(encoding, str) or encoding not in ENCODINGS:
            raise ValueError(f"encoding must be one of {', '.join(ENCODINGS)}; got {encoding!r}")
        x0, x1 = _check_point(x)
        if isinstance(dpi, bool) or not isinstance(dpi, (int, float)) or not np.isfinite(dpi) or dpi <= 0:
            raise ValueError(f"dpi must be a positive number; got {dpi!r}")
        self._dpi = float(dpi)
        self._syncing = False
        self._circuits: dict[str, Circuit] = {}
        self._circuit_pngs: dict[str, bytes] = {}
        self.status = widgets.HTML()

        style = {"description_width": "70px"}
        self.encoding = widgets.Dropdown(options=list(ENCODINGS), value=encoding, description="encoding",
                                         layout=widgets.Layout(width="260px"), style=style)
        slider = dict(min=X_RANGE[0], max=X_RANGE[1], step=0.01, readout_format=".2f", continuous_update=True,
                      layout=widgets.Layout(width="360px"), style=style)
        self.x0 = widgets.FloatSlider(value=x0, description="x0", **slider)
        self.x1 = widgets.FloatSlider(value=x1, description="x1", **slider)
        for control in (self.encoding, self.x0, self.x1):
            control.observe(self._safe(self._on_change), names="value")

        natural = widgets.Layout(align_self="flex-start", max_width="100%", height="auto")
        self.circuit_image = widgets.Image(format="png", layout=natural)
        self.state_image = widgets.Image(format="png", layout=widgets.Layout(align_self="flex-start",
                                                                             max_width="100%", height="auto"))
        self.info = widgets.HTML()
        self._build_figure()
        self.widget = widgets.VBox([widgets.VBox([self.encoding, self.x0, self.x1, self.status]),
                                    self.circuit_image, self.state_image, self.info])
        self.widget.add_class("qml-encoding-explorer")
        self._update()

    # --- maths ---------------------------------------------------------------------------
    @property
    def x(self) -> np.ndarray:
        """The data point ``(x0, x1)``, shape ``(2,)``."""
        return np.array([self.x0.value, self.x1.value], dtype=float)

    @property
    def n_qubits(self) -> int:
        return self.circuit.n_qubits

    @property
    def probabilities(self) -> np.ndarray:
        """Probabilities of the basis states ``(2**n,)``, wire 0 the most significant bit."""
        return np.abs(self.state) ** 2

    @property
    def bloch_vectors(self) -> np.ndarray:
        """Each qubit's Bloch vector from its reduced density matrix, ``(n, 3)``."""
        return reduced_bloch_vectors(self.state)

    def entropy(self) -> float:
        """Entanglement entropy (bits) between the two wires; 0 for one qubit."""
        if self.n_qubits < 2:
            return 0.0
        r = min(1.0, float(np.linalg.norm(self.bloch_vectors[0])))
        p = np.clip(np.array([(1 + r) / 2, (1 - r) / 2]), 1e-300, 1.0)
        return max(0.0, float(-(p * np.log2(p)).sum())) + 0.0

    def data_row(self) -> np.ndarray:
        """The row the circuit reads, ``(1, 2)``: the bits ``x_k > 0`` for basis encoding."""
        x = self.x
        if self.encoding.value == "basis":
            x = (x > 0).astype(float)
        return x[None, :]

    def set(self, encoding: str | None = None, x: Sequence[float] | None = None) -> EncodingExplorer:
        """Change the encoding and/or the point with one update; returns the explorer."""
        if encoding is not None and (not isinstance(encoding, str) or encoding not in ENCODINGS):
            raise ValueError(f"encoding must be one of {', '.join(ENCODINGS)}; got {encoding!r}")
        point = _check_point(x) if x is not None else None
        self._syncing = True
        try:
            if encoding is not None:
                self.encoding.value = encoding
            if point is not None:
                self.x0.value, self.x1.value = point
        finally:
            self._syncing = False
        self._update()
        return self

    # --- callbacks -----------------------------------------------------------------------
    def _on_change(self, change) -> None:
        if not self._syncing:
            self._update()

    def _update(self) -> None:
        name = self.encoding.value
        if name not in self._circuits:
            self._circuits[name] = build_circuit(name)
        circuit = self._circuits[name]
        try:
            state = circuit.statevector(self.data_row())[0]
        except ValueError as exc:  # amplitude encoding of the point (0, 0)
            self.circuit = circuit
            self.status.value = (f"<span style='color:#b00020'>{html.escape(str(exc))}; "
                                 "move a slider away from 0</span>")
            return
        self.circuit, self.state = circuit, state.reshape(-1)
        self.status.value = ""
        self._render()

    # --- drawing -------------------------------------------------------------------------
    def _circuit_png(self, name: str) -> bytes:
        if name not in self._circuit_pngs:
            circuit = self._circuits[name]
            fig = Figure(figsize=circuit_figsize(circuit), dpi=self._dpi)
            FigureCanvasAgg(fig)
            draw_circuit(circuit, ax=fig.add_axes((0.0, 0.0, 1.0, 1.0)))
            self._circuit_pngs[name] = figure_png(fig)
            self._circuit_figs = getattr(self, "_circuit_figs", {})
            self._circuit_figs[name] = fig
        return self._circuit_pngs[name]

    def _build_figure(self) -> None:
        self.figure = Figure(figsize=(7.0, 2.8), dpi=self._dpi)
        FigureCanvasAgg(self.figure)
        self._spheres = []
        for k in range(2):
            ax = self.figure.add_axes((0.0 + 0.29 * k, 0.0, 0.3, 0.88), projection="3d")
            bloch_frame(ax)
            ax.set_box_aspect((1, 1, 1), zoom=1.2)
            self._spheres.append(ax)
        self._sphere_titles = [self.figure.text(0.15 + 0.29 * k, 0.9, "", ha="center", va="top", fontsize=10)
                               for k in range(2)]
        ax = self._ax_bars = self.figure.add_axes((0.68, 0.2, 0.3, 0.62))
        self._bars = ax.bar(range(4), np.zeros(4), color=COLORS["prob"], width=0.6)
        self._bar_text = [ax.text(i, 0, "", ha="center", va="bottom", fontsize=9) for i in range(4)]
        ax.set_xticks(range(4))
        ax.set_xticklabels(basis_labels(2), fontsize=10)
        ax.set_ylim(0, 1.18)
        ax.set_xlim(-0.6, 3.6)
        ax.set_ylabel("probability")
        ax.set_title("measurement", fontsize=10)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        self._tick_labels = list(ax.get_xticklabels())
        self._dynamic: list = []
        self._fast = FastFigure(self.figure)

    def _render(self) -> None:
        name = self.encoding.value
        self.circuit_png = self._circuit_png(name)
        self.circuit_image.value = self.circuit_png
        for artist in self._dynamic:
            artist.remove()
        vectors = self.bloch_vectors
        self._dynamic = []
        for k, ax in enumerate(self._spheres):
            if k < len(vectors):
                self._dynamic += bloch_artists(ax, vectors[k], colors=[COLORS["state"]])
                self._sphere_titles[k].set_text(f"qubit {k}: |r| = {np.linalg.norm(vectors[k]):.2f}")
            else:
                self._sphere_titles[k].set_text("(amplitude: 1 qubit)")
        p = self.probabilities
        labels = basis_labels(self.n_qubits)
        for i, (bar, text) in enumerate(zip(self._bars, self._bar_text, strict=True)):
            h = float(p[i]) if i < p.size else 0.0
            bar.set_height(h)
            text.set_position((i, h + 0.02))
            text.set_text(f"{h:.2f}" if i < p.size else "")
            self._tick_labels[i].set_text(labels[i] if i < len(labels) else "")
        changing = [*self._dynamic, *self._sphere_titles, *self._bars, *self._bar_text]
        if getattr(self, "_drawn_qubits", None) != self.n_qubits:  # the tick labels are static
            self._ax_bars.set_xticks(range(4))
            self._ax_bars.set_xticklabels([t.get_text() for t in self._tick_labels], fontsize=10)
            self._tick_labels = list(self._ax_bars.get_xticklabels())
            self._fast.invalidate()
            self._drawn_qubits = self.n_qubits
        self.state_png = self._fast.png(changing)
        self.state_image.value = self.state_png
        self.info.value = self._info_html()

    def _info_html(self) -> str:
        lengths = np.linalg.norm(self.bloch_vectors, axis=1)
        name = self.encoding.value
        row = self.data_row()[0]
        if name == "basis":
            data = f"bits ({int(row[0])}, {int(row[1])}) (bit k is x_k &gt; 0)"
        elif name == "amplitude":
            v = enc.amplitude_vectors(row)[0]
            data = f"amplitudes ({v[0]:.3f}, {v[1]:.3f}) = x / |x|: the norm |x| = {np.linalg.norm(row):.3f} is lost"
        else:
            data = f"x = ({row[0]:.2f}, {row[1]:.2f})"
        if self.n_qubits == 1:
            ent = "One qubit: nothing to be entangled with; its Bloch vector has length 1."
        elif self.entropy() > 1e-9:
            ent = (f"<b>Entangled</b>: entanglement entropy {self.entropy():.3f} bit(s). Each qubit's Bloch "
                   f"vector is shorter than 1 (lengths {lengths[0]:.3f}, {lengths[1]:.3f}): on its own a qubit "
                   "of an entangled pair is in a mixed state.")
        else:
            ent = "A product state (not entangled): both Bloch vectors have length 1."
        return (f"<div style='line-height:1.5'><b>{html.escape(name)}</b> encoding, "
                f"{self.n_qubits} qubit(s), {len(self.circuit)} gates: {data}.<br>{ent}</div>")

    @property
    def png(self) -> bytes:
        """One PNG with the circuit above the Bloch vectors and bars, at the live resolution."""
        return _stack(self.circuit_png, self.state_png)

    def snapshot(self, scale: float = 2.0) -> bytes:
        """The circuit above the Bloch vectors and bars, rendered at ``scale`` times the live resolution."""
        png = _stack(snapshot_png(self._circuit_figs[self.encoding.value], scale), snapshot_png(self.figure, scale))
        self._fast.invalidate()
        return png

    def _summary(self) -> str:
        return f"EncodingExplorer(encoding={self.encoding.value!r}, x=({self.x0.value:.2f}, {self.x1.value:.2f}))"

    def __repr__(self) -> str:
        return self._summary()
