"""Bloch-sphere explorer: one qubit, its arrow on the sphere, its amplitudes and probabilities.

Sliders set the polar angle theta and the azimuth phi of
``|psi> = cos(theta/2)|0> + e^{i phi} sin(theta/2)|1>``; gate buttons (X, Y, Z, H, S, T) and
rotations (RX, RY, RZ by the angle slider) act on the current state, and the sliders follow
the new state without applying anything twice. Every state visited leaves a dot on the trail.

>>> ex = BlochExplorer()
>>> ex.buttons["H"].click()
>>> ex.bloch.round(6) + 0.0
array([1., 0., 0.])
>>> round(ex.theta.value, 6), round(ex.phi.value, 6)
(1.570796, 0.0)
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from qmlcourse.linalg import bloch_vector, state_from_angles
from qmlcourse.plots import COLORS, FastFigure, bloch_artists, bloch_frame, snapshot_png
from qmlcourse.sim import gates as G
from qmlcourse.widgets.base import Explorer

__all__ = ["BlochExplorer", "FIXED_GATES", "ROTATIONS", "angles_of", "rotation_arc"]

#: The fixed one-qubit gates, by button label.
FIXED_GATES: dict[str, np.ndarray] = {"X": G.X, "Y": G.Y, "Z": G.Z, "H": G.H, "S": G.S, "T": G.T}
#: The rotations, by button label: angle -> (2, 2) matrix, PennyLane's conventions.
ROTATIONS = {"RX": G.rx, "RY": G.ry, "RZ": lambda t: np.diag(G.rz_diag(t))}

#: How many states the trail keeps (older ones are dropped).
MAX_TRAIL = 200


def angles_of(state: np.ndarray, phi_default: float = 0.0) -> tuple[float, float]:
    """Polar and azimuthal angles ``(theta in [0, pi], phi in [0, 2 pi))`` of a state ``(2,)``,
    up to global phase; at the poles phi is undefined and ``phi_default`` is returned."""
    psi = np.asarray(state, dtype=np.complex128)
    if psi.shape != (2,):
        raise ValueError(f"a one-qubit state has shape (2,); got {psi.shape}")
    norm = np.linalg.norm(psi)
    if not np.isfinite(norm) or norm < 1e-12:
        raise ValueError(f"state must be a nonzero finite vector; got norm {norm}")
    psi = psi / norm
    theta = float(2 * np.arctan2(abs(psi[1]), abs(psi[0])))
    if abs(psi[0]) < 1e-9 or abs(psi[1]) < 1e-9:
        return theta, float(phi_default)
    phi = float(np.angle(psi[1]) - np.angle(psi[0])) % (2 * np.pi)
    if phi > 2 * np.pi - 1e-12:
        phi = 0.0
    return theta, phi


def rotation_arc(matrix: np.ndarray, start: np.ndarray, points: int = 16) -> np.ndarray:
    """Bloch vectors ``(points, 3)`` along the path a one-qubit gate ``(2, 2)`` moves ``start``
    ``(3,)`` on: every such gate is a rotation of the sphere by some angle about some axis."""
    u = np.asarray(matrix, dtype=np.complex128)
    u = u / np.sqrt(np.linalg.det(u))
    if np.trace(u).real < 0:
        u = -u
    half = float(np.arccos(np.clip(np.trace(u).real / 2, -1.0, 1.0)))
    if np.sin(half) < 1e-9:
        return np.array([start])
    axis = np.array([-np.trace(u @ p).imag / 2 for p in (G.X, G.Y, G.Z)]) / np.sin(half)
    axis /= np.linalg.norm(axis)
    a = np.linspace(0.0, 2 * half, points)[:, None]
    return (start * np.cos(a) + np.cross(axis, start) * np.sin(a)
            + axis * (axis @ start) * (1 - np.cos(a)))


def _complex_text(z: complex) -> str:
    re, im = (0.0 if abs(v) < 5e-4 else v for v in (z.real, z.imag))
    if im == 0:
        return f"{re:.3f}"
    if re == 0:
        return f"{im:.3f}i"
    return f"({re:.3f} {'+' if im > 0 else '−'} {abs(im):.3f}i)"


class BlochExplorer(Explorer):
    """Explore one qubit on the Bloch sphere.

    Attributes:
        state: the current state, complex ``(2,)`` (gates keep their global phase).
        trail: Bloch vectors ``(3,)`` of the states visited, oldest first (at most 200).
        theta, phi: the angle sliders (``FloatSlider``); setting ``.value`` moves the state.
        rotation_angle: the angle slider used by the RX, RY and RZ buttons.
        buttons: ``{"X", "Y", "Z", "H", "S", "T", "RX", "RY", "RZ", "Reset"}`` -> ``Button``.
        image: the ``ipywidgets.Image`` showing the sphere and probabilities (PNG).
        png: the PNG bytes of the current picture.
        widget: the whole explorer (an ``ipywidgets.VBox``); display the explorer itself or
            this.

    Args:
        theta, phi: starting angles (radians); ``|0>`` by default.
        dpi: resolution of the picture (lower is faster).
    """

    def __init__(self, theta: float = 0.0, phi: float = 0.0, dpi: float = 85):
        theta, phi = self._check_angles(theta, phi)
        self._syncing = False
        self.state = state_from_angles(theta, phi)
        self.trail: list[np.ndarray] = [bloch_vector(self.state).real]
        self._path: list[np.ndarray] = list(self.trail)  # the trail plus the arcs gates moved along

        slider = dict(step=0.01, readout_format=".2f", continuous_update=True,
                      layout=widgets.Layout(width="360px"), style={"description_width": "120px"})
        self.theta = widgets.FloatSlider(value=theta, min=0.0, max=float(np.pi), description="θ (polar)", **slider)
        self.phi = widgets.FloatSlider(value=phi, min=0.0, max=float(2 * np.pi), description="φ (azimuth)", **slider)
        self.rotation_angle = widgets.FloatSlider(value=float(np.pi / 2), min=float(-np.pi), max=float(np.pi),
                                                  description="rotation angle", **slider)
        self.theta.observe(self._safe(self._on_angles), names="value")
        self.phi.observe(self._safe(self._on_angles), names="value")

        small = widgets.Layout(width="48px")
        self.buttons: dict[str, widgets.Button] = {}
        for name in FIXED_GATES:
            b = widgets.Button(description=name, tooltip=f"apply {name} to the state", layout=small)
            b.on_click(self._safe(lambda _b, name=name: self.apply(name)))
            self.buttons[name] = b
        for name in ROTATIONS:
            b = widgets.Button(description=name, tooltip=f"apply {name}(rotation angle)",
                               layout=widgets.Layout(width="56px"))
            b.on_click(self._safe(lambda _b, name=name: self.apply(name)))
            self.buttons[name] = b
        reset = widgets.Button(description="Reset", tooltip="back to |0⟩ and clear the trail",
                               button_style="warning", layout=widgets.Layout(width="70px"))
        reset.on_click(self._safe(lambda _b: self.reset()))
        self.buttons["Reset"] = reset

        # shown at its pixel size (never stretched, so never blurry), shrinking on narrow screens
        self.image = widgets.Image(format="png", layout=widgets.Layout(align_self="flex-start", max_width="100%",
                                                                       height="auto"))
        self.amplitudes = widgets.HTML()
        self.status = widgets.HTML()
        self._build_figure(dpi)

        gates_row = widgets.HBox([widgets.Label("gates:", layout=widgets.Layout(width="50px"))]
                                 + [self.buttons[n] for n in FIXED_GATES])
        rot_row = widgets.HBox([self.rotation_angle] + [self.buttons[n] for n in ROTATIONS])
        controls = widgets.VBox([self.theta, self.phi, gates_row, rot_row,
                                 widgets.HBox([reset, self.status]), self.amplitudes])
        self.widget = widgets.VBox([self.image, controls])
        self.widget.add_class("qml-bloch-explorer")
        self._render()

    # --- maths ---------------------------------------------------------------------------
    @staticmethod
    def _check_angles(theta, phi) -> tuple[float, float]:
        try:
            theta, phi = float(theta), float(phi)
        except (TypeError, ValueError):
            raise ValueError(f"theta and phi must be numbers (radians); got {theta!r}, {phi!r}") from None
        if not (np.isfinite(theta) and np.isfinite(phi)):
            raise ValueError(f"theta and phi must be finite; got {theta}, {phi}")
        if not 0.0 <= theta <= np.pi + 1e-12:
            raise ValueError(f"theta must be in [0, pi] (radians); got {theta}")
        return min(theta, float(np.pi)), phi % (2 * np.pi)

    @property
    def bloch(self) -> np.ndarray:
        """Bloch vector ``(<X>, <Y>, <Z>)`` of the current state, real ``(3,)``."""
        return bloch_vector(self.state).real

    @property
    def probabilities(self) -> np.ndarray:
        """Measurement probabilities ``(P(0), P(1))``, shape ``(2,)``."""
        return np.abs(self.state) ** 2

    def set_state(self, state) -> None:
        """Set the state (a nonzero vector ``(2,)``, normalised here) and move the sliders."""
        psi = np.asarray(state, dtype=np.complex128)
        theta, phi = angles_of(psi, self.phi.value)  # validates
        self.state = psi / np.linalg.norm(psi)
        self._sync_sliders(theta, phi)
        self._visit()

    def set_angles(self, theta: float, phi: float) -> None:
        """Move to ``cos(theta/2)|0> + e^{i phi} sin(theta/2)|1>`` (one update, one trail dot)."""
        theta, phi = self._check_angles(theta, phi)
        self.state = state_from_angles(theta, phi)
        self._sync_sliders(theta, phi)
        self._visit()

    def apply(self, gate: str, angle: float | None = None) -> None:
        """Apply a gate to the current state.

        Args:
            gate: "X", "Y", "Z", "H", "S", "T", "RX", "RY" or "RZ".
            angle: the rotation angle for RX/RY/RZ (radians); the angle slider by default.
        """
        if gate in FIXED_GATES:
            if angle is not None:
                raise ValueError(f"{gate} takes no angle; got {angle}")
            matrix = FIXED_GATES[gate]
        elif gate in ROTATIONS:
            angle = self.rotation_angle.value if angle is None else angle
            if not np.isfinite(float(angle)):
                raise ValueError(f"angle must be a finite number (radians); got {angle}")
            matrix = ROTATIONS[gate](float(angle))
        else:
            raise ValueError(f"unknown gate {gate!r}; choose one of {', '.join([*FIXED_GATES, *ROTATIONS])}")
        start = self.bloch
        self.state = matrix @ self.state
        self._sync_sliders(*angles_of(self.state, self.phi.value))
        self._visit(rotation_arc(matrix, start)[1:-1])

    def reset(self) -> None:
        """Back to ``|0>`` with an empty trail and the sliders at zero."""
        self.state = state_from_angles(0.0, 0.0)
        self.trail = []
        self._path = []
        self._sync_sliders(0.0, 0.0)
        self.status.value = ""
        self._visit()

    # --- callbacks -----------------------------------------------------------------------
    def _on_angles(self, change) -> None:
        if self._syncing:
            return
        self.state = state_from_angles(self.theta.value, self.phi.value)
        self._visit()

    def _sync_sliders(self, theta: float, phi: float) -> None:
        """Move the sliders to the state's angles without triggering ``_on_angles``."""
        self._syncing = True
        try:
            self.theta.value = float(np.clip(theta, 0.0, np.pi))
            self.phi.value = float(phi % (2 * np.pi))
        finally:
            self._syncing = False

    def _visit(self, arc: np.ndarray | None = None) -> None:
        """Record the new state on the trail (with the arc a gate moved it along) and redraw."""
        if arc is not None and len(arc):
            self._path.extend(arc)
        self.trail.append(self.bloch)
        self._path.append(self.trail[-1])
        del self.trail[:-MAX_TRAIL]
        del self._path[:-MAX_TRAIL * 8]
        self.status.value = ""
        self._render()

    # --- drawing -------------------------------------------------------------------------
    def _build_figure(self, dpi: float) -> None:
        self.figure = Figure(figsize=(6.2, 3.3), dpi=dpi)
        FigureCanvasAgg(self.figure)
        self._ax_sphere = self.figure.add_axes((0.0, 0.0, 0.58, 1.0), projection="3d")
        bloch_frame(self._ax_sphere)
        self._ax_sphere.set_box_aspect((1, 1, 1), zoom=1.25)
        ax = self._ax_bars = self.figure.add_axes((0.68, 0.16, 0.28, 0.7))
        self._bars = ax.bar([0, 1], [1, 0], color=COLORS["prob"], width=0.6)
        self._bar_text = [ax.text(i, 0, "", ha="center", va="bottom", fontsize=9) for i in (0, 1)]
        ax.set_xticks([0, 1])
        ax.set_xticklabels(["|0⟩", "|1⟩"])
        ax.set_ylim(0, 1.15)
        ax.set_ylabel("probability")
        ax.set_title("measurement", fontsize=10)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        self._dynamic: list = []
        self._fast = FastFigure(self.figure)

    def _render(self) -> None:
        for artist in self._dynamic:
            artist.remove()
        self._dynamic = bloch_artists(self._ax_sphere, self.bloch, np.array(self.trail) if self.trail else None,
                                      np.array(self._path) if self._path else None)
        for bar, text, p in zip(self._bars, self._bar_text, self.probabilities, strict=False):
            bar.set_height(p)
            text.set_position((text.get_position()[0], p + 0.02))
            text.set_text(f"{p:.3f}")
        self.png = self._fast.png([*self._dynamic, *self._bars, *self._bar_text])
        self.image.value = self.png
        a0, a1 = self.state
        x, y, z = self.bloch
        self.amplitudes.value = (
            "<div style='font-family:monospace;line-height:1.5'>"
            f"|ψ⟩ = {html.escape(_complex_text(a0))} |0⟩ + {html.escape(_complex_text(a1))} |1⟩<br>"
            f"P(0) = {abs(a0) ** 2:.3f} &nbsp; P(1) = {abs(a1) ** 2:.3f}<br>"
            f"Bloch vector (x, y, z) = ({x:+.3f}, {y:+.3f}, {z:+.3f})</div>"
        )

    def snapshot(self, scale: float = 2.0) -> bytes:
        """The current picture rendered at ``scale`` times the live resolution."""
        png = snapshot_png(self.figure, scale)
        self._fast.invalidate()
        return png

    def _summary(self) -> str:
        return f"BlochExplorer(theta={self.theta.value:.3f}, phi={self.phi.value:.3f})"

    def __repr__(self) -> str:
        return self._summary()
