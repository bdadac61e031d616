"""Circuit explorer: gates added through its controls, checked against the simulator and
closed forms (Bell state: 1 bit of entanglement), code export round trip, undo/clear, bounds."""

from __future__ import annotations

import base64

import numpy as np
import pytest

from qmlcourse.linalg import entanglement_entropy, ket
from qmlcourse.sim import Circuit
from qmlcourse.widgets.base import LIVE_HINT, png_size
from qmlcourse.widgets.circuit import MAX_QUBITS, CircuitExplorer, GateStep, single_qubit_entropies


def click(ex, gate, target=0, control=None):
    if control is not None:
        ex.control.value = control
    ex.target.value = target
    ex.buttons[gate].click()
    assert ex.status.value == "", ex.status.value


def ops_of(circuit):
    return [(op.name, op.wires, tuple(p.shift for p in op.params)) for op in circuit.operations]


def test_starts_empty_in_zero_state():
    ex = CircuitExplorer()
    assert ex.n_qubits == 2 and ex.steps == []
    assert np.allclose(ex.state, ket("00"))
    assert ex.entropies() == [0.0, 0.0] and not ex.is_entangled
    assert "product state" in ex.entanglement.value


def test_bell_state_has_one_bit_of_entanglement():
    ex = CircuitExplorer(2)
    click(ex, "H", target=0)
    click(ex, "CNOT", target=1, control=0)
    assert np.allclose(ex.state, (ket("00") + ket("11")) / np.sqrt(2))
    assert ex.entropies()[0] == pytest.approx(1.0)
    assert ex.entropies()[0] == pytest.approx(entanglement_entropy(ex.state, 1))
    assert ex.is_entangled and "1.000 bit" in ex.entanglement.value and "entangled" in ex.entanglement.value
    assert np.allclose(ex.probabilities, [0.5, 0, 0, 0.5])


def test_product_state_has_zero_entropy():
    ex = CircuitExplorer(2)
    click(ex, "H", 0)
    click(ex, "RY", 1)
    assert ex.entropies() == pytest.approx([0.0, 0.0], abs=1e-9)
    assert not ex.is_entangled and "product state" in ex.entanglement.value


def test_matches_simulator_on_a_random_circuit(monkeypatch):
    rng = np.random.default_rng(11)
    for n in range(1, MAX_QUBITS + 1):
        ex = CircuitExplorer(n)
        monkeypatch.setattr(ex, "_render", lambda: None)  # the maths only
        ref = Circuit(n)
        for _ in range(12):
            gate = rng.choice(
                ["H", "X", "Y", "Z", "S", "T", "RX", "RY", "RZ"] + (["CNOT", "CZ", "SWAP", "CRZ"] if n > 1 else [])
            )
            angle = float(rng.uniform(-3, 3))
            wires = tuple(
                int(w) for w in rng.choice(n, size=2 if gate in ("CNOT", "CZ", "SWAP", "CRZ") else 1, replace=False)
            )
            takes = gate in ("RX", "RY", "RZ", "CRZ")
            ex.add(gate, wires, angle if takes else None)
            GateStep(gate, wires, angle if takes else None).add_to(ref)
        assert ex.state.shape == (2**n,)
        assert np.allclose(ex.state, ref.statevector()[0], atol=1e-12)


def test_ghz_entropies_for_three_qubits():
    ex = CircuitExplorer(3)
    ex.add("H", 0).add("CNOT", (0, 1)).add("CNOT", (1, 2))
    assert ex.entropies() == pytest.approx([1.0, 1.0, 1.0])
    ex.clear()
    ex.add("H", 0).add("CNOT", (0, 1))
    assert ex.entropies() == pytest.approx([1.0, 1.0, 0.0])
    assert "S(q2 | rest) = 0.000" in ex.entanglement.value
    assert single_qubit_entropies(ket("0")) == []


def test_angle_slider_sets_new_rotations_and_edits_the_last_one():
    ex = CircuitExplorer(1)
    ex.angle.value = 0.5
    click(ex, "RX", 0)
    assert ex.steps[-1] == GateStep("RX", (0,), 0.5)
    ex.angle.value = 1.25
    assert ex.steps[-1].angle == 1.25
    assert np.allclose(ex.state, Circuit(1).rx(1.25, 0).statevector()[0])
    click(ex, "H", 0)
    ex.angle.value = 0.1  # last gate has no angle: nothing changes
    assert [s.angle for s in ex.steps] == [1.25, None]


def test_two_qubit_gates_use_control_and_target():
    ex = CircuitExplorer(3)
    click(ex, "X", target=2)
    click(ex, "CNOT", target=0, control=2)
    assert np.allclose(ex.state, ket("101"))
    click(ex, "SWAP", target=1, control=0)
    assert np.allclose(ex.state, ket("011"))
    ex.angle.value = 0.7
    click(ex, "CRZ", target=1, control=2)
    assert ex.steps[-1] == GateStep("CRZ", (2, 1), 0.7)
    click(ex, "CZ", target=1, control=2)
    assert np.allclose(ex.state, Circuit(3).x(2).cnot(2, 0).swap(0, 1).crz(0.7, 2, 1).cz(2, 1).statevector()[0])


def test_same_control_and_target_is_reported_not_added():
    ex = CircuitExplorer(2)
    ex.target.value = ex.control.value = 1
    ex.buttons["CNOT"].click()  # ipywidgets would swallow an exception: the status shows it
    assert ex.steps == [] and "must be different" in ex.status.value
    with pytest.raises(ValueError, match="control and target must be different wires; both are 1"):
        ex.add("CNOT", (1, 1))


def test_undo_and_clear():
    ex = CircuitExplorer(2)
    ex.add("H", 0).add("CNOT", (0, 1)).add("RZ", 1, 0.3)
    ex.buttons["Undo"].click()
    assert [s.gate for s in ex.steps] == ["H", "CNOT"] and len(ex.circuit) == 2
    ex.buttons["Clear"].click()
    assert ex.steps == [] and np.allclose(ex.state, ket("00")) and len(ex.circuit) == 0
    ex.buttons["Undo"].click()  # nothing to undo: no error
    assert ex.steps == [] and ex.status.value == ""


def test_export_round_trip_rebuilds_an_equal_circuit():
    ex = CircuitExplorer(3)
    ex.add("H", 0).add("RX", 1, 0.1 + 0.2).add("CRZ", (0, 2), -1.234567891234).add("SWAP", (1, 2)).add("T", 2)
    code = ex.to_code()
    assert "circuit = Circuit(3)" in code and "circuit.crz(-1.234567891234, 0, 2)" in code
    assert ex.code.value == code
    namespace: dict = {}
    exec(code, namespace)
    rebuilt = namespace["circuit"]
    assert isinstance(rebuilt, Circuit) and rebuilt.n_qubits == 3
    assert ops_of(rebuilt) == ops_of(ex.circuit)
    assert np.array_equal(rebuilt.statevector(), ex.circuit.statevector())
    namespace = {}
    exec(ex.to_code("qc"), namespace)
    assert ops_of(namespace["qc"]) == ops_of(ex.circuit)
    with pytest.raises(ValueError, match="identifier"):
        ex.to_code("not a name")


def test_empty_circuit_exports_too():
    namespace: dict = {}
    exec(CircuitExplorer(4).to_code(), namespace)
    assert namespace["circuit"].n_qubits == 4 and len(namespace["circuit"]) == 0


@pytest.mark.parametrize("n", [0, 6, -1, 2.5, True, "2"])
def test_qubit_bounds(n):
    with pytest.raises(ValueError, match="1 to 5 qubits|integer from 1 to 5"):
        CircuitExplorer(n)


def test_changing_qubit_count_keeps_gates_that_fit():
    ex = CircuitExplorer(3)
    ex.add("H", 0).add("CNOT", (0, 2)).add("X", 1)
    ex.target.value = 2
    ex.qubits.value = 2
    assert [s.gate for s in ex.steps] == ["H", "X"]
    assert list(ex.target.options) == [0, 1] and ex.target.value == 0
    assert ex.state.shape == (4,)
    ex.set_n_qubits(5)
    assert ex.state.shape == (32,) and list(ex.control.options) == list(range(5))
    with pytest.raises(ValueError, match="1 to 5 qubits"):
        ex.set_n_qubits(6)
    assert ex.qubits.max == 5 and ex.qubits.min == 1


def test_bad_gates_raise_clear_value_errors():
    ex = CircuitExplorer(2)
    with pytest.raises(ValueError, match="unknown gate 'CCX'"):
        ex.add("CCX", (0, 1))
    with pytest.raises(ValueError, match=r"wires must be in 0..1 for 2 qubit\(s\); got \[2\]"):
        ex.add("H", 2)
    with pytest.raises(ValueError, match=r"CNOT acts on 2 wire\(s\); got 1"):
        ex.add("CNOT", 0)
    with pytest.raises(ValueError, match="H takes no angle"):
        ex.add("H", 0, 0.5)
    with pytest.raises(ValueError, match="finite"):
        ex.add("RX", 0, float("inf"))
    assert ex.steps == []


def test_pictures_change():
    ex = CircuitExplorer(2)
    circuit0, state0, snap0 = ex.circuit_png, ex.state_png, ex.png
    assert ex.circuit_image.value == circuit0 and ex.state_image.value == state0
    ex.add("H", 0)
    assert ex.circuit_png != circuit0 and ex.state_png != state0 and ex.png != snap0
    ex.add("RY", 1, 0.3)
    circuit1, state1 = ex.circuit_png, ex.state_png
    ex.angle.value = 2.0  # only the last gate's label and the bars change
    assert ex.circuit_png != circuit1 and ex.state_png != state1
    assert ex.circuit_image.value == ex.circuit_png


def test_mimebundle_has_widget_view_snapshot_and_hint():
    ex = CircuitExplorer(2).add("H", 0).add("CNOT", (0, 1))
    bundle, metadata = ex._repr_mimebundle_()
    assert "model_id" in bundle["application/vnd.jupyter.widget-view+json"]
    png = base64.b64decode(bundle["image/png"])
    assert png.startswith(b"\x89PNG") and len(png) > 5000
    assert LIVE_HINT in bundle["text/plain"] and "CNOT(0, 1)" in bundle["text/plain"]
    live_w, live_h = png_size(ex.png)  # retina snapshot shown at the live size
    (snap_w, snap_h), shown = png_size(png), metadata["image/png"]
    assert abs(snap_w - 2 * live_w) <= 1 and abs(snap_h - 2 * live_h) <= 1  # dpi rounding
    assert abs(shown["width"] - live_w) <= 1 and abs(shown["height"] - live_h) <= 1


def test_five_qubit_basis_labels_are_legible_and_do_not_overlap():
    ex = CircuitExplorer(5).add("H", 0)
    fig = ex._bars_fig
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        labels = [t for t in ax.get_xticklabels() if t.get_text()]
        assert len(labels) == 32 and min(t.get_fontsize() for t in labels) >= 9
        assert all(t.get_rotation() == 90 for t in labels)
        boxes = [t.get_window_extent(renderer) for t in labels]
        for a, b in zip(boxes, boxes[1:], strict=False):
            assert a.x1 <= b.x0 + 0.5, "neighbouring basis labels overlap"


def test_controls_are_labelled_and_pictures_not_stretched():
    import ipywidgets as widgets

    ex = CircuitExplorer(2)
    for name, button in ex.buttons.items():
        assert isinstance(button, widgets.Button) and button.description == name and button.tooltip
    for control in (ex.qubits, ex.target, ex.control, ex.angle, ex.code):
        assert control.description
    for image in (ex.circuit_image, ex.state_image):
        assert image.layout.align_self == "flex-start" and image.layout.max_width == "100%"


def test_docstring_examples_of_plots_and_widgets():
    import doctest

    import qmlcourse.plots
    import qmlcourse.widgets.bloch
    import qmlcourse.widgets.circuit

    for module in (qmlcourse.plots, qmlcourse.widgets.bloch, qmlcourse.widgets.circuit):
        result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert result.failed == 0, module.__name__
