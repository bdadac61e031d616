"""Plot helpers: they draw on a given axes or a new Figure, return the figure, never touch
pyplot's global state, and reject bad input with clear ValueErrors."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from qmlcourse import plots  # noqa: E402
from qmlcourse.linalg import ket, state_from_angles  # noqa: E402
from qmlcourse.sim import Circuit, feature, weight  # noqa: E402


@pytest.fixture(autouse=True)
def no_pyplot_figures():
    before = plt.get_fignums()
    yield
    assert plt.get_fignums() == before, "a plot helper created a pyplot figure"


def test_basis_labels_put_wire_zero_first():
    assert plots.basis_labels(2) == ["|00⟩", "|01⟩", "|10⟩", "|11⟩"]
    with pytest.raises(ValueError, match="positive integer"):
        plots.basis_labels(0)


def test_bloch_sphere_new_figure_and_given_axes():
    fig = plots.bloch_sphere([0, 0, 1], trail=[[1, 0, 0], [0, 1, 0]], title="t")
    assert isinstance(fig, Figure) and fig.axes[0].name == "3d"
    texts = {t.get_text() for t in fig.axes[0].texts}
    assert {"|0⟩", "|1⟩", "|+⟩", "|−⟩", "|+i⟩", "|−i⟩"} <= texts
    fig2 = Figure()
    ax = fig2.add_subplot(projection="3d")
    assert plots.bloch_sphere(state_from_angles(1.0, 0.5), ax=ax) is fig2  # a state (2,) works too
    with pytest.raises(ValueError, match="3-D axes"):
        plots.bloch_sphere([0, 0, 1], ax=Figure().add_subplot())
    with pytest.raises(ValueError, match=r"shape \(3,\) or \(k, 3\)"):
        plots.bloch_sphere([1, 0])


def test_state_bars_amplitudes_and_probabilities():
    amps = (ket("00") + 1j * ket("11")) / np.sqrt(2)
    fig = plots.state_bars(amps)
    ax = fig.axes[0]
    assert len(ax.containers) == 2 and ax.get_ylabel() == "amplitude"  # Re and Im
    assert [t.get_text() for t in ax.get_xticklabels()] == plots.basis_labels(2)
    assert np.allclose([b.get_height() for b in ax.containers[1]], [0, 0, 0, 1 / np.sqrt(2)])
    fig = plots.state_bars(np.abs(amps) ** 2)
    ax = fig.axes[0]
    assert len(ax.containers) == 1 and ax.get_ylabel() == "probability"
    plots.update_state_bars(ax, [0.25] * 4)
    assert [b.get_height() for b in ax.containers[0]] == [0.25] * 4
    with pytest.raises(ValueError, match=r"shape \(2\*\*n,\)"):
        plots.state_bars(np.ones(3) / 3)
    with pytest.raises(ValueError, match="kind"):
        plots.state_bars(amps, kind="phases")


def test_draw_circuit_shows_gates_controls_and_targets():
    c = Circuit(3).h(0).cnot(0, 1).crz(0.5, 1, 2).swap(0, 2).cz(0, 1).ry(feature(0), 2).rx(weight(1), 0)
    fig = plots.draw_circuit(c, title="demo")
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert {"q0", "q1", "q2", "H", "RZ(0.5)", "RY(x0)", "RX(w1)"} <= set(texts)
    assert len(ax.qml_gate_labels) == len(c.operations)
    assert ax.qml_gate_labels[1] is None and ax.qml_gate_labels[0].get_text() == "H"  # CNOT has no box
    png = plots.figure_png(fig)
    assert png.startswith(b"\x89PNG")
    empty = plots.draw_circuit(Circuit(2))
    assert "(no gates yet)" in [t.get_text() for t in empty.axes[0].texts]
    with pytest.raises(ValueError, match="qmlcourse.sim.Circuit"):
        plots.draw_circuit("H 0")


def test_figure_png_differs_when_the_picture_differs():
    a = plots.figure_png(plots.draw_circuit(Circuit(2).h(0)))
    b = plots.figure_png(plots.draw_circuit(Circuit(2).x(0)))
    assert a != b


def test_fast_figure_redraws_only_the_changing_artists():
    fig, ax = plots.new_figure()
    ax.set_ylim(0, 1)
    bar = ax.bar([0], [0.2])[0]
    fast = plots.FastFigure(fig)
    first = fast.png([bar])
    bar.set_height(0.9)
    second = fast.png([bar])
    assert first != second
    bar.set_height(0.2)
    assert fast.png([bar]) == first


def test_decision_boundary_labels_and_scores():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(30, 2))
    y = (X[:, 0] > 0).astype(int)
    calls = []

    def predict(points):
        calls.append(points.shape)
        return (points[:, 0] > 0).astype(int)

    fig = plots.decision_boundary(predict, X, y, resolution=40)
    assert isinstance(fig, Figure) and calls == [(1600, 2)]  # one batched call
    plots.decision_boundary(lambda p: np.tanh(p[:, 0]), X, y, ax=Figure().add_subplot())
    with pytest.raises(ValueError, match=r"X must have shape \(N, 2\)"):
        plots.decision_boundary(predict, np.ones((5, 3)), np.ones(5))
    with pytest.raises(ValueError, match=r"predict_fn must return shape"):
        plots.decision_boundary(lambda p: p, X, y)


def test_heatmap():
    k = np.array([[1.0, 0.3], [0.3, 1.0]])
    fig = plots.heatmap(k, labels=["a", "b"], title="kernel")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.texts] == ["1.00", "0.30", "0.30", "1.00"]
    assert len(fig.axes) == 2  # the colour bar
    plots.heatmap(np.eye(12) * 1j, colorbar=False)  # complex: magnitudes, no annotation
    with pytest.raises(ValueError, match="2-D"):
        plots.heatmap(np.ones(3))
    with pytest.raises(ValueError, match="labels"):
        plots.heatmap(k, labels=["a"])


# ---------------------------------------------------------------- issue 11: legible figures
def test_bloch_arrows_get_their_own_colours_and_labels():
    vecs = [[0, 0, 1], [1, 0, 0], [0.05, 0.0, 0.99]]
    fig = plots.bloch_sphere(vecs, labels=["start", "after H", "nearly |0>"])
    ax = fig.axes[0]
    arrows = [line for line in ax.lines if line.get_linewidth() == 2.2]
    assert [a.get_color() for a in arrows] == plots.VECTOR_COLORS[:3]  # red, blue, green
    texts = {t.get_text(): t for t in ax.texts}
    for label, colour in zip(["start", "after H", "nearly |0>"], plots.VECTOR_COLORS[:3], strict=True):
        assert texts[label].get_color() == colour
    fig = plots.bloch_sphere(vecs, colors="#000000")
    assert {line.get_color() for line in fig.axes[0].lines if line.get_linewidth() == 2.2} == {"#000000"}
    with pytest.raises(ValueError, match="one colour per vector"):
        plots.bloch_sphere(vecs, colors=["red"])
    with pytest.raises(ValueError, match="one label per vector"):
        plots.bloch_sphere(vecs, labels=["a"])


def test_arrow_labels_do_not_collide_with_each_other_or_the_poles():
    rng = np.random.default_rng(11)
    vecs = np.vstack([[0, 0, 1], [0.02, 0, 0.999], [1, 0, 0], rng.normal(size=(3, 3))])
    vecs[3:] /= np.linalg.norm(vecs[3:], axis=1, keepdims=True)
    pos = plots.label_positions(vecs)
    poles = np.array([p for p, _ in plots._FRAME_LABELS], dtype=float)
    for i in range(len(pos)):
        assert np.min(np.linalg.norm(poles - pos[i], axis=1)) >= 0.3 - 1e-12
        for j in range(i):
            assert np.linalg.norm(pos[i] - pos[j]) >= 0.3 - 1e-12, (i, j)


def _overlaps(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def test_legends_sit_outside_the_data():
    fig = plots.state_bars((ket("00") + 1j * ket("11")) / np.sqrt(2), title="amplitudes")
    fig.canvas.draw()
    ax = fig.axes[0]
    legend = ax.get_legend().get_window_extent()
    assert not _overlaps(legend, ax.get_window_extent()), "the Re/Im legend covers the bars"
    rng = np.random.default_rng(5)
    X = rng.normal(size=(40, 2))
    y = (X[:, 0] > 0).astype(int)
    fig = plots.decision_boundary(lambda P: (P[:, 0] > 0).astype(int), X, y)
    fig.canvas.draw()
    ax = fig.axes[0]
    assert not _overlaps(ax.get_legend().get_window_extent(), ax.get_window_extent())


def test_text_in_lesson_figures_is_at_least_9_points():
    figs = [plots.bloch_sphere([0, 0, 1], labels=["psi"]), plots.state_bars(np.array([0.5, 0, 0, 0.5])),
            plots.state_bars(np.ones(32) / 32), plots.draw_circuit(Circuit(2).h(0).cnot(0, 1).rx(0.5, 1))]
    for fig in figs:
        for ax in fig.axes:
            texts = [t for t in ax.texts if t.get_text()] + [t for t in ax.get_xticklabels() if t.get_text()]
            assert texts and min(t.get_fontsize() for t in texts) >= 9 - 1e-9, [
                (t.get_text(), t.get_fontsize()) for t in texts if t.get_fontsize() < 9]


def test_snapshot_png_is_twice_the_resolution_with_animated_artists():
    from io import BytesIO

    from PIL import Image

    fig, ax = plots.new_figure((3.0, 2.0), dpi=60)
    line, = ax.plot([0, 1], [0, 1], lw=8, color="#ff0000")
    plots.FastFigure(fig).png([line])  # marks the line animated, as explorers do
    img = np.asarray(Image.open(BytesIO(plots.snapshot_png(fig))).convert("RGB"))
    assert img.shape[:2] == (240, 360)
    red = (img[..., 0] > 200) & (img[..., 1] < 80) & (img[..., 2] < 80)
    assert red.sum() > 500, "the animated line is missing from the snapshot"
    assert line.get_animated()  # and stays animated for the explorer
