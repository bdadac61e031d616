"""Barren-plateau explorer: its state is plateaus.sweep's for the same settings and seed, the
global cost decays faster than the local one at shallow depth, the identity start has the
closed-form gradient, the landscape slice is landscape_slice's and exact between samples,
every control recomputes and redraws, bad input is refused, the snapshot has its size."""

from __future__ import annotations

import base64
import html
from dataclasses import replace

import ipywidgets as widgets
import numpy as np
import pytest

from qmlcourse import plateaus as pl
from qmlcourse.widgets.base import LIVE_HINT, png_size
from qmlcourse.widgets.plateau import SLICE_ANGLES, WORK_BUDGET, PlateauExplorer, circuit_and_weights, work

SETTINGS = [
    # init, cost, layers, per_qubit, qubits, n_inits
    ("random", "global", 2, False, (2, 6), 20),
    ("random", "zz", 2, True, (3, 7), 10),
    ("random", "local", 5, False, (4, 8), 10),
    ("identity", "local", 4, False, (2, 5), 10),
]


@pytest.mark.parametrize(("init", "cost", "layers", "per_qubit", "qubits", "n_inits"), SETTINGS)
def test_state_equals_plateaus_sweep_for_the_same_settings_and_seed(init, cost, layers, per_qubit, qubits, n_inits):
    ex = PlateauExplorer(init=init, cost=cost, layers=layers, per_qubit=per_qubit, qubits=qubits, n_inits=n_inits,
                         seed=3)
    ns = list(range(qubits[0], qubits[1] + 1))
    ref = pl.sweep(ns, depth=(lambda n: layers * n) if per_qubit else layers, n_inits=n_inits, cost=cost,
                   init=init, seed=3)
    got = ex.result
    assert replace(got, variances=(), seconds=0.0) == replace(ref, variances=(), seconds=0.0)
    np.testing.assert_allclose(got.variances, ref.variances, rtol=1e-9, atol=1e-30)
    np.testing.assert_allclose(ex.variances, ref.variances, rtol=1e-9, atol=1e-30)
    assert ex.depths == ref.depths == tuple(layers * n if per_qubit else layers for n in ns)
    np.testing.assert_array_equal(ex.two_design, [pl.two_design_variance(n, cost) for n in ns])
    ms = [pl.gradient_mean_square(n, d, n_inits, cost, init, seed=3) for n, d in zip(ns, ex.depths, strict=True)]
    np.testing.assert_allclose(ex.mean_squares, ms, rtol=1e-9)
    # the plotted quantity, and its fit, are plateaus.fit_decay's of it
    assert ex.quantity == ("variance" if init == "random" else "mean square")
    np.testing.assert_array_equal(ex.values, ex.variances if init == "random" else ex.mean_squares)
    rate, err = pl.fit_decay(ns, ex.values)
    assert (ex.rate, ex.rate_err) == pytest.approx((rate, err), rel=1e-9, abs=1e-12)
    assert ex.design_rate == pytest.approx(pl.fit_decay(ns, ex.two_design)[0], rel=1e-12)
    assert ex.status.value == ""


def test_global_cost_decays_faster_than_local_at_shallow_depth():
    ex = PlateauExplorer(cost="global", layers=2, qubits=(2, 10), n_inits=50, seed=0)
    global_rate, global_err = ex.rate, ex.rate_err
    ex.cost.value = "local"
    local_rate = ex.rate
    assert global_rate > 2 * local_rate, (global_rate, local_rate)
    assert global_rate - 3 * global_err > np.log(2) > local_rate
    # the 2-design reference for the global cost: (1 - 1/d) / (2 (d**2 - 1)) = 1 / (2 d (d + 1)),
    # a rate just under 2 ln 2 (Var ~ 4**-n / 2)
    ex.cost.value = "global"
    d = 2.0 ** np.arange(2, 11)
    np.testing.assert_allclose(ex.two_design, 1 / (2 * d * (d + 1)), rtol=1e-12)
    assert 1.3 < ex.design_rate < 2 * np.log(2)


def test_identity_start_has_the_closed_form_gradient_for_every_width():
    # the circuit starts as I, so dC/dtheta_0 = Im <phi0| H Y0 |phi0>, phi0 = RY(pi/4)^n |0>:
    # local sin(pi/4) / (2n); global sin(pi/8) cos(pi/8)**(2n-1); Z0 Z1: -sin(pi/4) cos(pi/4)
    ex = PlateauExplorer(init="identity", cost="local", layers=8, qubits=(2, 8), n_inits=10, seed=0)
    n = np.arange(2, 9)
    assert ex.circuit_depths == (8,) * 7 and ex.quantity == "mean square"
    np.testing.assert_allclose(ex.mean_squares, (np.sin(np.pi / 4) / (2 * n)) ** 2, rtol=1e-9)
    assert np.all(ex.variances < 1e-25)  # every initialisation has the same gradient
    for m in n:
        np.testing.assert_allclose(ex.gradients[m], np.sin(np.pi / 4) / (2 * m), rtol=1e-9)
    # the random start at the same depth is smaller, and falls faster
    assert ex.comparison[-1] < ex.mean_squares[-1] / 3
    assert pl.fit_decay(n, ex.comparison)[0] > ex.rate
    ex.cost.value = "global"
    expected = (np.sin(np.pi / 8) * np.cos(np.pi / 8) ** (2 * n - 1)) ** 2
    np.testing.assert_allclose(ex.mean_squares, expected, rtol=1e-9)
    # an exact exponential: rate -4 ln cos(pi/8) = 0.317 per qubit, no scatter
    assert ex.rate == pytest.approx(-4 * np.log(np.cos(np.pi / 8)), rel=1e-9) and ex.rate_err < 1e-9
    ex.cost.value = "zz"
    np.testing.assert_allclose(ex.mean_squares, 0.25, rtol=1e-9)
    assert abs(ex.rate) < 1e-9


def test_landscape_slice_is_landscape_slice_and_flat_at_twelve_qubits():
    ex = PlateauExplorer()  # the defaults: random start, global cost, 2 layers, 2..12 qubits
    assert ex.qubit_counts == tuple(range(2, 13))
    c, w = circuit_and_weights(12, 2, ex.inits.value, "random", 0)
    assert c == pl.random_circuit(12, 2, 0)
    for i in range(3):
        np.testing.assert_allclose(ex.slice_costs[i], pl.landscape_slice(c, w[i], SLICE_ANGLES, "global"),
                                   atol=1e-12)
    assert ex.slice_theta0 == pytest.approx(w[:3, 0])
    # between the computed angles the drawn curve is exact (one Pauli rotation: A + B cos + C sin)
    fine = np.linspace(0, 2 * np.pi, 13)
    np.testing.assert_allclose(ex._sinusoid(ex.slice_costs[0], fine), pl.landscape_slice(c, w[0], fine, "global"),
                               atol=1e-10)
    # the plateau: at 12 qubits the global cost barely moves; at 2 it swings
    assert np.ptp(ex.slice_costs) < 1e-4 and np.ptp(ex.slice_small) > 0.1
    np.testing.assert_allclose(ex.slice_costs, 1.0, atol=1e-4)


def test_changing_a_control_recomputes_and_redraws_and_going_back_is_cached():
    ex = PlateauExplorer(cost="global", layers=2, qubits=(2, 6), n_inits=20)
    first, png = ex.values.copy(), ex.png
    seen = [first]
    for control, value in ((ex.cost, "local"), (ex.layers, 20), (ex.inits, 30), (ex.qubits, (3, 6)),
                           (ex.scaling, "per qubit"), (ex.init, "identity")):
        before = ex.png
        control.value = value
        assert ex.status.value == "", ex.status.value
        assert ex.png != before and ex.image.value == ex.png, control.description
        assert not any(v.shape == ex.values.shape and np.allclose(v, ex.values) for v in seen), control.description
        seen.append(ex.values.copy())
    assert ex.layers.value == 12 and ex.depths == tuple(12 * n for n in range(3, 7))  # 20 clamped to 12 per qubit
    # at the identity start every initialisation has the same gradient, whatever the depth:
    # more of them, or more layers, change nothing
    ex.inits.value = 40
    np.testing.assert_allclose(ex.values, seen[-1], rtol=1e-9)
    ex.layers.value = 1
    np.testing.assert_allclose(ex.values, seen[-1], rtol=1e-9)
    assert ex.per_qubit and ex.depths == tuple(range(3, 7))
    assert (ex.layers.min, ex.layers.max) == (1, 12)
    ex.set(init="random", cost="global", per_qubit=False, layers=2, qubits=(2, 6), n_inits=20)
    np.testing.assert_array_equal(ex.values, first)
    assert ex.png == png
    assert (ex.layers.min, ex.layers.max) == (1, 48)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"init": "zeros"}, "init must be one of"),
        ({"cost": "ZZ"}, "cost must be one of"),
        ({"cost": None}, "cost must be one of"),
        ({"layers": 0}, "layers must be an integer from 1 to 48"),
        ({"layers": 49}, "layers must be an integer from 1 to 48"),
        ({"layers": 2.0}, "layers must be an integer"),
        ({"layers": 13, "per_qubit": True}, "layers must be an integer from 1 to 12"),
        ({"layers": 48, "n_inits": 30}, "need 23.6 million state-layers, more than the 12 million"),
        ({"per_qubit": "yes"}, "per_qubit must be True or False"),
        ({"qubits": 8}, r"qubits must be a pair \(smallest, largest\)"),
        ({"qubits": (1, 8)}, r"qubits\[0\] must be an integer from 2 to 12"),
        ({"qubits": (2, 13)}, r"qubits\[1\] must be an integer from 2 to 12"),
        ({"qubits": (5, 6)}, "at least 3 widths"),
        ({"qubits": (6, 4)}, "at least 3 widths"),
        ({"n_inits": 5}, "n_inits must be an integer from 10 to 100"),
        ({"seed": -1}, "seed must be an integer at least 0"),
        ({"dpi": 0}, "dpi must be a number from 20 to 200"),
    ],
)
def test_bad_constructor_input_raises_value_error(kwargs, match):
    with pytest.raises(ValueError, match=match):
        PlateauExplorer(**kwargs)


def test_bad_set_input_raises_and_leaves_the_state():
    ex = PlateauExplorer(qubits=(2, 5), n_inits=10)
    values, png = ex.values.copy(), ex.png
    for kwargs in ({"qubits": (2, 3)}, {"cost": "energy"}, {"layers": 49}, {"per_qubit": True, "layers": 13},
                   {"layers": 48, "qubits": (2, 12), "n_inits": 30},
                   {"n_inits": 1000}, {"init": "identity", "qubits": (0, 4)}):
        with pytest.raises(ValueError):
            ex.set(**kwargs)
    np.testing.assert_array_equal(ex.values, values)
    assert ex.png == png and ex.init.value == "random" and not ex.per_qubit


def test_a_setting_over_the_time_budget_is_refused_with_a_message_and_the_picture_kept():
    ex = PlateauExplorer(layers=48, qubits=(2, 5), n_inits=30)
    values, png = ex.values.copy(), ex.png
    assert work("random", 48, False, (2, 5), 30) == 2 * 30 * 48 * (4 + 8 + 16 + 32) <= WORK_BUDGET
    ex.qubits.value = (2, 12)  # 2 * 30 * 48 * (2**13 - 4) = 23.6 million
    assert "more than the 12 million" in ex.status.value and "fewer layers" in ex.status.value
    np.testing.assert_array_equal(ex.values, values)
    assert ex.png == png
    ex.inits.value = 10  # 7.9 million: accepted again
    assert ex.status.value == "" and ex.qubit_counts == tuple(range(2, 13))


def test_mimebundle_has_widget_view_snapshot_of_the_expected_size_and_settings():
    ex = PlateauExplorer(init="identity", cost="zz", layers=4, qubits=(2, 5), n_inits=10, dpi=80)
    assert "qml-plateau-explorer" in ex.widget._dom_classes
    bundle, metadata = ex._repr_mimebundle_()
    assert "model_id" in bundle["application/vnd.jupyter.widget-view+json"]
    png = base64.b64decode(bundle["image/png"])
    assert png.startswith(b"\x89PNG") and len(png) > 5000
    text = bundle["text/plain"]
    assert LIVE_HINT in text
    for part in ("init='identity'", "cost='zz'", "layers=4", "per_qubit=False", "qubits=(2, 5)", "n_inits=10"):
        assert part in text, part
    w, h = ex.figure.get_size_inches() * 80
    assert png_size(ex.png) == (round(w), round(h))
    assert png_size(png) == (round(2 * w), round(2 * h))
    assert metadata["image/png"] == {"width": round(w), "height": round(h)}
    # the picture is described in words (a fold under it), numbers included
    assert html.escape(ex.alt_text) in ex.caption.value
    assert "mean square" in ex.alt_text and "qubits 2 to 5" in ex.alt_text
    # after the snapshot the live picture is drawn again the same way
    before = ex.png
    ex.cost.value = "local"
    ex.cost.value = "zz"
    assert ex.png == before


def test_controls_are_labelled_keyboard_widgets():
    ex = PlateauExplorer(qubits=(2, 4), n_inits=10)
    for control in (ex.init, ex.cost, ex.scaling, ex.layers, ex.qubits, ex.inits):
        assert control.description and isinstance(control, widgets.widgets.ValueWidget)
        assert not control.disabled
    assert (ex.qubits.min, ex.qubits.max) == (2, 12)
    assert (ex.inits.min, ex.inits.max, ex.inits.step) == (10, 100, 10)
    assert all(not c.continuous_update for c in (ex.layers, ex.qubits, ex.inits))  # one update per release


def test_docstring_examples():
    import doctest

    import qmlcourse.widgets.plateau

    result = doctest.testmod(qmlcourse.widgets.plateau, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted >= 6
