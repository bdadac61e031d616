"""Circuit explorer: build a circuit of 1 to 5 qubits gate by gate and watch the state.

Buttons add one-qubit gates (H, X, Y, Z, S, T, RX, RY, RZ) on the chosen target wire and
two-qubit gates (CNOT, CZ, SWAP, CRZ) from the chosen control to the target; rotations take
the angle slider's value, and moving the slider while the last gate is a rotation changes
that gate's angle live. Undo removes the last gate, Clear all of them. The explorer shows
the circuit, the amplitudes and probabilities as bars, how entangled the state is, and the
circuit as qmlcourse code (``to_code()``) that rebuilds it.

>>> ex = CircuitExplorer(2)
>>> ex.add("H", 0).add("CNOT", (0, 1))
CircuitExplorer(n_qubits=2, gates=['H(0)', 'CNOT(0, 1)'])
>>> round(ex.entropies()[0], 6)
1.0
"""

from __future__ import annotations

import html
import io
from collections.abc import Sequence
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.image import imread, imsave

from qmlcourse.linalg import entanglement_entropy
from qmlcourse.plots import (
    FastFigure,
    circuit_figsize,
    draw_circuit,
    snapshot_png,
    state_bar_artists,
    state_bars,
    update_state_bars,
)
from qmlcourse.sim import Circuit
from qmlcourse.widgets.base import Explorer

__all__ = ["CircuitExplorer", "GateStep", "MAX_QUBITS", "ONE_QUBIT", "TWO_QUBIT"]

MAX_QUBITS = 5
#: One-qubit gates: button label -> (Circuit method, takes an angle).
ONE_QUBIT: dict[str, tuple[str, bool]] = {
    "H": ("h", False),
    "X": ("x", False),
    "Y": ("y", False),
    "Z": ("z", False),
    "S": ("s", False),
    "T": ("t", False),
    "RX": ("rx", True),
    "RY": ("ry", True),
    "RZ": ("rz", True),
}
#: Two-qubit gates: button label -> (Circuit method, takes an angle); wires are (control, target).
TWO_QUBIT: dict[str, tuple[str, bool]] = {
    "CNOT": ("cnot", False),
    "CZ": ("cz", False),
    "SWAP": ("swap", False),
    "CRZ": ("crz", True),
}
GATES = {**ONE_QUBIT, **TWO_QUBIT}


@dataclass(frozen=True)
class GateStep:
    """One gate the learner added: its label ("H", "CNOT", ...), wires and angle (or None)."""

    gate: str
    wires: tuple[int, ...]
    angle: float | None = None

    def add_to(self, circuit: Circuit) -> None:
        method = getattr(circuit, GATES[self.gate][0])
        if self.angle is None:
            method(*self.wires)
        else:
            method(self.angle, *self.wires)

    def code(self, name: str = "circuit") -> str:
        args = [repr(float(self.angle))] if self.angle is not None else []
        args += [str(w) for w in self.wires]
        return f"{name}.{GATES[self.gate][0]}({', '.join(args)})"

    def __str__(self) -> str:
        wires = ", ".join(map(str, self.wires))
        angle = f"{self.angle:.2f}; " if self.angle is not None else ""
        return f"{self.gate}({angle}{wires})"


def _check_n_qubits(n_qubits) -> int:
    if isinstance(n_qubits, bool) or not isinstance(n_qubits, (int, np.integer)):
        raise ValueError(f"n_qubits must be an integer from 1 to {MAX_QUBITS}; got {n_qubits!r}")
    if not 1 <= n_qubits <= MAX_QUBITS:
        raise ValueError(f"the circuit explorer takes 1 to {MAX_QUBITS} qubits; got {n_qubits}")
    return int(n_qubits)


def single_qubit_entropies(state: np.ndarray) -> list[float]:
    """Entanglement entropy (bits) between each wire and the rest, for a state ``(2**n,)``.

    Returns ``n`` numbers (empty for one qubit); each is 0 when that wire is in a product
    with the others and 1 at most.
    """
    state = np.asarray(state, dtype=np.complex128)
    n = state.size.bit_length() - 1
    if state.ndim != 1 or 2**n != state.size:
        raise ValueError(f"state must have shape (2**n,); got {state.shape}")
    if n < 2:
        return []
    tensor = state.reshape((2,) * n)
    return [max(0.0, entanglement_entropy(np.moveaxis(tensor, q, 0).reshape(-1), 1)) + 0.0 for q in range(n)]


def _stack(top_png: bytes, bottom_png: bytes) -> bytes:
    """One PNG: the first picture above the second, left-aligned on white."""
    top = imread(io.BytesIO(top_png), format="png")
    bottom = imread(io.BytesIO(bottom_png), format="png")
    width = max(top.shape[1], bottom.shape[1])

    def pad(img: np.ndarray) -> np.ndarray:
        out = np.ones((img.shape[0], width, 4), dtype=np.float32)
        out[:, : img.shape[1], : img.shape[2]] = img
        return out

    buf = io.BytesIO()
    imsave(buf, np.concatenate([pad(top), pad(bottom)]), format="png")
    return buf.getvalue()


class CircuitExplorer(Explorer):
    """Build a circuit of 1 to 5 qubits and watch its state.

    Attributes:
        steps: the gates added so far, a list of :class:`GateStep`.
        circuit: the :class:`qmlcourse.sim.Circuit` they make (rebuilt on every change).
        state: the output state ``(2**n,)`` complex, starting from ``|0...0>``.
        qubits: ``IntSlider`` 1..5 (fewer qubits drop the gates on removed wires).
        target, control: ``Dropdown`` of wires; angle: ``FloatSlider`` (radians).
        buttons: ``{"H", ..., "RZ", "CNOT", "CZ", "SWAP", "CRZ", "Undo", "Clear"}`` -> ``Button``.
        circuit_image, state_image: ``ipywidgets.Image`` (PNG) of the circuit and the bars.
        entanglement: ``HTML`` saying whether the state is entangled; code: ``Textarea``.
        png: PNG bytes of the current picture (circuit above bars), for the static snapshot.
        widget: the whole explorer (``ipywidgets.VBox``).

    Args:
        n_qubits: 1 to 5.
        dpi: resolution of the pictures (lower is faster).
    """

    def __init__(self, n_qubits: int = 2, dpi: float = 80):
        n = _check_n_qubits(n_qubits)
        self.steps: list[GateStep] = []
        self._dpi = dpi
        self._syncing = False
        self.status = widgets.HTML()

        wide = widgets.Layout(width="300px")
        desc = {"description_width": "70px"}
        self.qubits = widgets.IntSlider(
            value=n, min=1, max=MAX_QUBITS, description="qubits", continuous_update=False, layout=wide, style=desc
        )
        self.target = widgets.Dropdown(
            options=list(range(n)), value=0, description="target", layout=widgets.Layout(width="140px"), style=desc
        )
        self.control = widgets.Dropdown(
            options=list(range(n)),
            value=min(1, n - 1) if n > 1 else 0,
            description="control",
            layout=widgets.Layout(width="140px"),
            style=desc,
        )
        self.angle = widgets.FloatSlider(
            value=float(np.pi / 2),
            min=float(-2 * np.pi),
            max=float(2 * np.pi),
            step=0.01,
            readout_format=".2f",
            description="angle",
            continuous_update=True,
            layout=wide,
            style=desc,
        )
        self.qubits.observe(self._safe(self._on_qubits), names="value")
        self.angle.observe(self._safe(self._on_angle), names="value")

        self.buttons: dict[str, widgets.Button] = {}
        for name in GATES:
            b = widgets.Button(
                description=name,
                layout=widgets.Layout(width="58px"),
                tooltip=(
                    f"add {name} on the target wire"
                    if name in ONE_QUBIT
                    else f"add {name} from the control to the target wire"
                ),
            )
            b.on_click(self._safe(lambda _b, name=name: self._on_gate(name)))
            self.buttons[name] = b
        for name, style, tip in (("Undo", "", "remove the last gate"), ("Clear", "warning", "remove every gate")):
            b = widgets.Button(description=name, button_style=style, tooltip=tip, layout=widgets.Layout(width="70px"))
            b.on_click(self._safe(lambda _b, name=name: self.undo() if name == "Undo" else self.clear()))
            self.buttons[name] = b

        # pictures at their pixel size (never stretched, so never blurry), shrinking on narrow screens
        natural = widgets.Layout(align_self="flex-start", max_width="100%", height="auto")
        self.circuit_image = widgets.Image(format="png", layout=natural)
        self.state_image = widgets.Image(
            format="png", layout=widgets.Layout(align_self="flex-start", max_width="100%", height="auto")
        )
        self.entanglement = widgets.HTML()
        self.code = widgets.Textarea(
            rows=6,
            disabled=False,
            layout=widgets.Layout(width="520px"),
            description="code",
            style={"description_width": "40px"},
        )

        self._bars_fig = Figure(figsize=(6.4, 2.3), dpi=dpi)
        FigureCanvasAgg(self._bars_fig)
        self._bars_n = 0
        self._circuit_fig = Figure(dpi=dpi)
        self._circuit_fig.add_axes((0.0, 0.0, 1.0, 1.0))
        self._circuit_fast = FastFigure(self._circuit_fig)
        self._circuit_key: tuple = ()
        self._circuit_drawn: tuple = ()
        self._circuit_labels: list = []

        one = widgets.HBox(
            [widgets.Label("1 qubit:", layout=widgets.Layout(width="60px"))] + [self.buttons[n] for n in ONE_QUBIT]
        )
        two = widgets.HBox(
            [widgets.Label("2 qubits:", layout=widgets.Layout(width="60px"))]
            + [self.buttons[n] for n in TWO_QUBIT]
            + [self.buttons["Undo"], self.buttons["Clear"]]
        )
        controls = widgets.VBox(
            [
                widgets.HBox([self.qubits, self.target, self.control]),
                self.angle,
                one,
                two,
                self.status,
            ]
        )
        self.widget = widgets.VBox([controls, self.circuit_image, self.state_image, self.entanglement, self.code])
        self.widget.add_class("qml-circuit-explorer")
        self._update()

    # --- building ------------------------------------------------------------------------
    @property
    def n_qubits(self) -> int:
        return int(self.qubits.value)

    def add(self, gate: str, wires: int | Sequence[int], angle: float | None = None) -> CircuitExplorer:
        """Append a gate and update everything.

        Args:
            gate: a one-qubit gate ("H", "X", "Y", "Z", "S", "T", "RX", "RY", "RZ") or a
                two-qubit gate ("CNOT", "CZ", "SWAP", "CRZ").
            wires: the wire (one-qubit) or ``(control, target)`` (two-qubit).
            angle: radians, for RX, RY, RZ and CRZ; the angle slider's value when omitted.

        Returns:
            the explorer (calls chain).
        """
        if gate not in GATES:
            raise ValueError(f"unknown gate {gate!r}; choose one of {', '.join(GATES)}")
        wires = (wires,) if np.ndim(wires) == 0 else tuple(wires)
        expected = 1 if gate in ONE_QUBIT else 2
        if len(wires) != expected:
            raise ValueError(f"{gate} acts on {expected} wire(s); got {len(wires)}: {list(wires)}")
        n = self.n_qubits
        for w in wires:
            if isinstance(w, bool) or not isinstance(w, (int, np.integer)) or not 0 <= w < n:
                raise ValueError(f"{gate}: wires must be in 0..{n - 1} for {n} qubit(s); got {list(wires)}")
        if len(set(wires)) != len(wires):
            raise ValueError(f"{gate}: control and target must be different wires; both are {wires[0]}")
        takes_angle = GATES[gate][1]
        if takes_angle:
            angle = float(self.angle.value if angle is None else angle)
            if not np.isfinite(angle):
                raise ValueError(f"{gate}: the angle must be a finite number (radians); got {angle}")
        elif angle is not None:
            raise ValueError(f"{gate} takes no angle; got {angle}")
        self.steps.append(GateStep(gate, tuple(int(w) for w in wires), angle))
        self._update()
        return self

    def undo(self) -> None:
        """Remove the last gate (nothing happens when there is none)."""
        if self.steps:
            self.steps.pop()
        self._update()

    def clear(self) -> None:
        """Remove every gate."""
        self.steps.clear()
        self._update()

    def set_n_qubits(self, n_qubits: int) -> None:
        """Change the number of wires (1 to 5); gates touching removed wires are dropped."""
        self.qubits.value = _check_n_qubits(n_qubits)

    def to_code(self, name: str = "circuit") -> str:
        """The circuit as qmlcourse code; ``exec`` it to get an equal ``Circuit`` named ``name``."""
        if not name.isidentifier():
            raise ValueError(f"name must be a Python identifier; got {name!r}")
        lines = ["from qmlcourse.sim import Circuit", "", f"{name} = Circuit({self.n_qubits})"]
        lines += [step.code(name) for step in self.steps]
        return "\n".join(lines) + "\n"

    # --- derived quantities --------------------------------------------------------------
    @property
    def probabilities(self) -> np.ndarray:
        """Probabilities of the basis states ``(2**n,)``, wire 0 the most significant bit."""
        return np.abs(self.state) ** 2

    def entropies(self) -> list[float]:
        """Entanglement entropy in bits between each wire and the rest (``n`` numbers; empty for
        one qubit). For two qubits both equal the entanglement entropy of the pair."""
        return single_qubit_entropies(self.state)

    @property
    def is_entangled(self) -> bool:
        """True when some wire is entangled with the rest (entropy above 1e-9 bits)."""
        return any(s > 1e-9 for s in self.entropies())

    # --- callbacks -----------------------------------------------------------------------
    def _on_gate(self, name: str) -> None:
        if name in ONE_QUBIT:
            self.add(name, self.target.value)
        else:
            self.add(name, (self.control.value, self.target.value))

    def _on_angle(self, change) -> None:
        if self.steps and self.steps[-1].angle is not None:
            last = self.steps[-1]
            self.steps[-1] = GateStep(last.gate, last.wires, float(change["new"]))
            self._update()

    def _on_qubits(self, change) -> None:
        n = int(change["new"])
        self.steps = [s for s in self.steps if max(s.wires) < n]
        options = list(range(n))
        target = self.target.value if self.target.value < n else 0
        control = self.control.value if self.control.value < n else (1 if target == 0 and n > 1 else 0)
        self.target.options, self.control.options = options, options
        self.target.value, self.control.value = target, control
        self._update()

    # --- drawing -------------------------------------------------------------------------
    def _update(self) -> None:
        circuit = Circuit(self.n_qubits)
        for step in self.steps:
            step.add_to(circuit)
        self.circuit = circuit
        self.state = circuit.statevector()[0]
        self.status.value = ""
        self.code.value = self.to_code()
        self._render()

    def _render(self) -> None:
        """Redraw what changed: the circuit picture when its drawing differs (only the last
        gate's label when just its angle moved), the bars always, in place on a figure kept
        per qubit count."""
        ops = self.circuit.operations
        labels = tuple(op.label() + str(op.wires) for op in ops)
        key = (self.n_qubits, labels[:-1], ops[-1].name + str(ops[-1].wires) if ops else "")
        text = self._circuit_labels[-1] if self._circuit_labels else None
        if key == self._circuit_key and labels != self._circuit_drawn and text is not None and ops[-1].params:
            text.set_text(self._label_of(ops[-1]))
            self.circuit_png = self._circuit_fast.png([text])
        elif labels != self._circuit_drawn or key != self._circuit_key:
            fig, ax = self._circuit_fig, self._circuit_fig.axes[0]
            for artist in [*ax.patches, *ax.lines, *ax.texts, *ax.artists]:
                artist.remove()  # much cheaper than ax.clear(), which rebuilds the axes
            draw_circuit(self.circuit, ax=ax)
            fig.set_size_inches(*circuit_figsize(self.circuit))  # room for the 9-11 pt labels
            self._circuit_labels = ax.qml_gate_labels
            self._circuit_fast.invalidate()
            last = self._circuit_labels[-1] if self._circuit_labels and ops[-1].params else None
            self.circuit_png = self._circuit_fast.png([last] if last is not None else [])
        self._circuit_key, self._circuit_drawn = key, labels
        self.circuit_image.value = self.circuit_png
        if self._bars_n != self.n_qubits:
            self._build_bars()
        update_state_bars(self._ax_amp, self.state)
        update_state_bars(self._ax_prob, self.probabilities)
        self.state_png = self._bars_fast.png(state_bar_artists(self._ax_amp) + state_bar_artists(self._ax_prob))
        self.state_image.value = self.state_png
        self.entanglement.value = self._entanglement_html()

    @staticmethod
    def _label_of(op) -> str:
        from qmlcourse.plots import _gate_text

        return _gate_text(op, op.name[1:]) if op.name == "CRZ" else _gate_text(op)

    def _build_bars(self) -> None:
        n = self.n_qubits
        fig = self._bars_fig
        fig.clear()
        if n <= 4:  # amplitudes and probabilities side by side
            fig.set_size_inches(6.4 if n <= 3 else 9.0, 2.3 if n <= 3 else 3.2)
            self._ax_amp, self._ax_prob = fig.subplots(1, 2)
        else:  # 32 basis states: one panel above the other, so every label has room
            fig.set_size_inches(9.0, 5.6)
            self._ax_amp, self._ax_prob = fig.subplots(2, 1)
        zeros = np.zeros(2**n)
        state_bars(zeros.astype(complex), ax=self._ax_amp, kind="amplitudes", title="amplitudes")
        state_bars(zeros, ax=self._ax_prob, kind="probabilities", title="probabilities")
        fig.tight_layout(pad=0.4)
        self._bars_fast = FastFigure(fig)
        self._bars_n = n

    @property
    def png(self) -> bytes:
        """One PNG with the circuit above the bars, at the live resolution."""
        return _stack(self.circuit_png, self.state_png)

    def snapshot(self, scale: float = 2.0) -> bytes:
        """The circuit above the bars, rendered at ``scale`` times the live resolution."""
        png = _stack(snapshot_png(self._circuit_fig, scale), snapshot_png(self._bars_fig, scale))
        self._circuit_fast.invalidate()
        self._bars_fast.invalidate()
        return png

    def _entanglement_html(self) -> str:

        n = self.n_qubits
        if n == 1:
            return "<i>One qubit: nothing to be entangled with.</i>"
        ent = self.entropies()
        if n == 2:
            s = abs(ent[0])
            verdict = "entangled" if s > 1e-9 else "a product state (not entangled)"
            return f"<b>Entanglement entropy</b> S(q0 | q1) = {s:.3f} bit(s): the state is {verdict}." + (
                " Maximal (1 bit): a Bell-like state." if s > 1 - 1e-6 else ""
            )
        cells = ", ".join(f"S(q{q} | rest) = {abs(s):.3f}" for q, s in enumerate(ent))
        verdict = "entangled" if self.is_entangled else "a product state (not entangled)"
        head = "<b>Entanglement entropy of each wire with the rest</b> (bits)"
        return f"{head}: {html.escape(cells)}. The state is {verdict}."

    def _summary(self) -> str:
        return f"CircuitExplorer(n_qubits={self.n_qubits}, gates={[str(s) for s in self.steps]})"

    def __repr__(self) -> str:
        return self._summary()
