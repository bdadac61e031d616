"""Bloch-sphere explorer: logic driven through its controls, checked against qmlcourse.linalg."""
from __future__ import annotations

import base64

import numpy as np
import pytest

from qmlcourse.linalg import (
    HADAMARD,
    PAULI_X,
    PAULI_Y,
    PAULI_Z,
    bloch_vector,
    equal_up_to_global_phase,
    state_from_angles,
)
from qmlcourse.sim import gates as G
from qmlcourse.widgets.base import LIVE_HINT, png_size
from qmlcourse.widgets.bloch import BlochExplorer, angles_of, rotation_arc

MATRICES = {"X": PAULI_X, "Y": PAULI_Y, "Z": PAULI_Z, "H": HADAMARD, "S": G.S, "T": G.T}


@pytest.fixture
def ex():
    return BlochExplorer()


def test_starts_in_zero_with_one_trail_dot(ex):
    assert np.allclose(ex.state, [1, 0])
    assert np.allclose(ex.bloch, [0, 0, 1])
    assert len(ex.trail) == 1 and np.allclose(ex.trail[0], [0, 0, 1])
    assert np.allclose(ex.probabilities, [1, 0])


def test_hadamard_on_zero_points_along_x(ex):
    ex.buttons["H"].click()
    assert np.allclose(ex.bloch, [1, 0, 0], atol=1e-12)
    assert ex.theta.value == pytest.approx(np.pi / 2) and ex.phi.value == pytest.approx(0.0)
    assert np.allclose(ex.trail[-1], [1, 0, 0]) and len(ex.trail) == 2
    assert "0.707" in ex.amplitudes.value


@pytest.mark.parametrize("theta,phi", [(0.3, 0.0), (1.2, 2.5), (np.pi, 0.0), (2.0, 5.9)])
def test_sliders_give_state_from_angles(ex, theta, phi):
    ex.theta.value = theta
    ex.phi.value = phi
    assert np.allclose(ex.state, state_from_angles(theta, phi))
    assert np.allclose(ex.bloch, bloch_vector(state_from_angles(theta, phi)).real)
    assert np.allclose(ex.probabilities, [np.cos(theta / 2) ** 2, np.sin(theta / 2) ** 2])


@pytest.mark.parametrize("gate", list(MATRICES))
def test_gate_buttons_apply_the_gate_once_and_move_the_sliders(gate):
    ex = BlochExplorer(theta=1.1, phi=0.7)
    before = ex.state.copy()
    ex.buttons[gate].click()
    assert np.allclose(ex.state, MATRICES[gate] @ before)  # applied exactly once
    assert ex.status.value == ""
    # the sliders now describe the new state, and moving them did not re-apply anything
    assert equal_up_to_global_phase(state_from_angles(ex.theta.value, ex.phi.value), ex.state)
    assert len(ex.trail) == 2


@pytest.mark.parametrize("gate,fn", [("RX", G.rx), ("RY", G.ry), ("RZ", lambda t: np.diag(G.rz_diag(t)))])
def test_rotation_buttons_use_the_angle_slider(gate, fn):
    ex = BlochExplorer(theta=0.4, phi=1.3)
    before = ex.state.copy()
    ex.rotation_angle.value = 0.9
    ex.buttons[gate].click()
    assert np.allclose(ex.state, fn(0.9) @ before)
    ex.apply(gate, -0.5)
    assert np.allclose(ex.state, fn(-0.5) @ fn(0.9) @ before)


def test_x_twice_returns_and_y_keeps_global_phase(ex):
    ex.buttons["X"].click()
    assert np.allclose(ex.bloch, [0, 0, -1]) and ex.theta.value == pytest.approx(np.pi)
    ex.buttons["X"].click()
    assert np.allclose(ex.state, [1, 0])
    ex.buttons["Y"].click()
    assert np.allclose(ex.state, [0, 1j])  # Y|0> = i|1>: a global phase the sphere ignores
    assert np.allclose(ex.bloch, [0, 0, -1])


def test_s_moves_plus_to_plus_i_and_phi_slider_follows(ex):
    ex.buttons["H"].click()
    ex.buttons["S"].click()
    assert np.allclose(ex.bloch, [0, 1, 0])
    assert ex.phi.value == pytest.approx(np.pi / 2)
    ex.buttons["T"].click()
    assert ex.phi.value == pytest.approx(3 * np.pi / 4)


def test_slider_after_gate_continues_from_the_sliders(ex):
    ex.buttons["H"].click()
    ex.theta.value = 1.0
    assert np.allclose(ex.state, state_from_angles(1.0, 0.0))


def test_trail_records_each_state_and_reset_clears_it(ex):
    ex.theta.value = 0.5
    ex.theta.value = 1.0
    ex.buttons["Z"].click()
    assert len(ex.trail) == 4
    assert np.allclose(ex.trail[2], bloch_vector(state_from_angles(1.0, 0)).real)
    ex.buttons["Reset"].click()
    assert np.allclose(ex.state, [1, 0]) and ex.theta.value == 0 and ex.phi.value == 0
    assert len(ex.trail) == 1


def test_trail_is_bounded(monkeypatch):
    ex = BlochExplorer()
    monkeypatch.setattr(ex, "_render", lambda: None)  # 230 updates: skip the drawing
    for _i in range(230):
        ex.apply("RX", 0.05)
    assert len(ex.trail) == 200


def test_rotation_arc_ends_where_the_gate_takes_the_state():
    rng = np.random.default_rng(7)
    for _ in range(10):
        psi = state_from_angles(rng.uniform(0, np.pi), rng.uniform(0, 2 * np.pi))
        for m in [HADAMARD, PAULI_Y, G.T, G.rx(rng.uniform(-3, 3)), G.ry(2.0) @ G.S]:
            arc = rotation_arc(m, bloch_vector(psi).real)
            assert np.allclose(arc[-1], bloch_vector(m @ psi).real, atol=1e-9)
            assert np.allclose(np.linalg.norm(arc, axis=1), 1.0)


def test_picture_changes_with_the_state(ex):
    first = ex.png
    assert first.startswith(b"\x89PNG") and ex.image.value == first
    ex.theta.value = 1.0
    second = ex.png
    assert second != first and ex.image.value == second
    ex.buttons["H"].click()
    assert ex.png != second


def test_angles_of_round_trips_and_handles_poles():
    for theta, phi in [(0.3, 0.2), (2.0, 4.0), (np.pi / 2, 0.0)]:
        t, p = angles_of(np.exp(0.7j) * state_from_angles(theta, phi))
        assert (t, p) == pytest.approx((theta, phi))
    assert angles_of(np.array([0, 1j]), phi_default=1.5) == pytest.approx((np.pi, 1.5))
    with pytest.raises(ValueError, match=r"shape \(2,\)"):
        angles_of(np.ones(4))
    with pytest.raises(ValueError, match="nonzero"):
        angles_of(np.zeros(2))


def test_bad_input_raises_clear_value_errors(ex):
    with pytest.raises(ValueError, match=r"theta must be in \[0, pi\]"):
        BlochExplorer(theta=4.0)
    with pytest.raises(ValueError, match="numbers"):
        BlochExplorer(theta="up")
    with pytest.raises(ValueError, match="unknown gate 'CNOT'"):
        ex.apply("CNOT")
    with pytest.raises(ValueError, match="H takes no angle"):
        ex.apply("H", 0.3)
    with pytest.raises(ValueError, match="finite"):
        ex.apply("RX", float("nan"))
    with pytest.raises(ValueError, match="nonzero"):
        ex.set_state([0, 0])


def test_set_state_and_set_angles(ex):
    ex.set_state([1, 1j])
    assert np.allclose(ex.state, np.array([1, 1j]) / np.sqrt(2))
    assert (ex.theta.value, ex.phi.value) == pytest.approx((np.pi / 2, np.pi / 2))
    ex.set_angles(0.5, 7.0)
    assert ex.phi.value == pytest.approx(7.0 - 2 * np.pi)
    assert np.allclose(ex.state, state_from_angles(0.5, 7.0))


def test_mimebundle_has_widget_view_snapshot_and_hint(ex):
    ex.buttons["H"].click()
    bundle, metadata = ex._repr_mimebundle_()
    assert "model_id" in bundle["application/vnd.jupyter.widget-view+json"]
    snapshot = base64.b64decode(bundle["image/png"])
    assert LIVE_HINT in bundle["text/plain"] and "VBox" not in bundle["text/plain"]
    assert bundle["text/plain"].startswith("BlochExplorer(theta=1.571")
    # a retina snapshot: twice the live picture's pixels, shown at the live picture's size
    live_w, live_h = png_size(ex.png)
    (snap_w, snap_h), shown = png_size(snapshot), metadata["image/png"]
    assert abs(snap_w - 2 * live_w) <= 1 and abs(snap_h - 2 * live_h) <= 1  # dpi rounding
    assert abs(shown["width"] - live_w) <= 1 and abs(shown["height"] - live_h) <= 1


def test_controls_are_labelled_keyboard_widgets_and_the_picture_is_not_stretched(ex):
    import ipywidgets as widgets

    for name, button in ex.buttons.items():
        assert isinstance(button, widgets.Button) and button.description == name and button.tooltip
    for slider in (ex.theta, ex.phi, ex.rotation_angle):
        assert slider.description
        # the description fits its box (about 7.5 px per character at the default font size)
        assert int(slider.style.description_width.removesuffix("px")) >= 7.5 * len(slider.description)
    assert ex.image.layout.align_self == "flex-start" and ex.image.layout.max_width == "100%"
    assert ex.image.layout.width in (None, "auto")


