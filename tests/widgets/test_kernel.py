"""Kernel explorer: the heatmap is FidelityKernel's matrix, the accuracies, alignment and
baseline agree with scikit-learn and qmlcourse.kernels computed independently, the bandwidth
changes the kernel, the ZZ kernel wins on the Havlicek data, bad input is refused, the
snapshot has its size; its speed is bench workload U1."""

from __future__ import annotations

import base64

import numpy as np
import pytest
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split
from sklearn.svm import SVC

from qmlcourse.datasets import circles, havlicek, moons
from qmlcourse.kernels import FidelityKernel, kernel_target_alignment
from qmlcourse.widgets.base import LIVE_HINT, png_size
from qmlcourse.widgets.kernel import KernelExplorer, make_split

SETTINGS = [("zz", 2, 1.0, "havlicek"), ("iqp", 3, 0.5, "moons"), ("angle", 5, 2.0, "circles"),
            ("zz", 8, 0.2, "moons")]


def reference_split(dataset: str, n_samples: int = 200, seed: int = 0):
    """The split built directly from the generators and scikit-learn (train sorted by class)."""
    X, y = {"havlicek": lambda: havlicek(n_samples, n_qubits=2, gap=0.3, random_state=seed),
            "moons": lambda: moons(n_samples, noise=0.2, random_state=seed),
            "circles": lambda: circles(n_samples, noise=0.1, random_state=seed)}[dataset]()
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.3, random_state=seed, stratify=y)
    order = np.argsort(ytr, kind="stable")
    return Xtr[order], Xte, ytr[order], yte


@pytest.mark.parametrize(("fm", "n", "bw", "dataset"), SETTINGS)
def test_heatmap_is_the_fidelity_kernel_of_the_training_points(fm, n, bw, dataset):
    ex = KernelExplorer().set(feature_map=fm, n_qubits=n, bandwidth=bw, dataset=dataset)
    Xtr, Xte, ytr, yte = reference_split(dataset)
    np.testing.assert_array_equal(ex.X_train, Xtr)
    np.testing.assert_array_equal(ex.X_test, Xte)
    assert np.all(np.diff(ex.y_train) >= 0)  # sorted by class: the block structure shows
    ref = FidelityKernel(feature_map=fm, n_qubits=n, bandwidth=bw)
    np.testing.assert_allclose(ex.K_train, ref(Xtr), atol=1e-12)
    np.testing.assert_allclose(ex.K_test, ref(Xte, Xtr), atol=1e-12)
    # the picture shows exactly that matrix, and the simulator path gives the same kernel
    np.testing.assert_array_equal(np.asarray(ex._heat.get_array()), ex.K_train)
    sim = FidelityKernel(feature_map=fm, n_qubits=n, bandwidth=bw, method="simulator")
    np.testing.assert_allclose(ex.K_train[:20, :20], sim(Xtr[:20]), atol=1e-10)
    assert ex.status.value == ""


def test_wire_q_reads_feature_q_mod_2():
    ex = KernelExplorer(feature_map="angle", n_qubits=3, bandwidth=1.0, dataset="moons")
    # the angle map on 3 wires reading (x0, x1, x0): k = prod_q cos^2((x_q - y_q) / 2)
    x, y = ex.X_train[0], ex.X_train[-1]
    d = np.array([x[0] - y[0], x[1] - y[1], x[0] - y[0]])
    assert ex.K_train[0, -1] == pytest.approx(np.prod(np.cos(d / 2) ** 2), abs=1e-12)


@pytest.mark.parametrize(("fm", "n", "bw", "dataset"), SETTINGS)
def test_accuracies_alignment_and_baseline_agree_with_independent_references(fm, n, bw, dataset):
    ex = KernelExplorer(feature_map=fm, n_qubits=n, bandwidth=bw, dataset=dataset)
    Xtr, Xte, ytr, yte = reference_split(dataset)
    ref = FidelityKernel(feature_map=fm, n_qubits=n, bandwidth=bw)
    Ktr, Kte = ref(Xtr), ref(Xte, Xtr)
    svm = SVC(kernel="precomputed").fit(Ktr, ytr)
    assert ex.train_accuracy == pytest.approx(accuracy_score(ytr, svm.predict(Ktr)), abs=1e-12)
    assert ex.test_accuracy == pytest.approx(accuracy_score(yte, svm.predict(Kte)), abs=1e-12)
    # the same SVM used as SVC(kernel=FidelityKernel) on raw points (no precomputed matrix)
    direct = SVC(kernel=ref).fit(Xtr, ytr)
    assert ex.test_accuracy == pytest.approx(accuracy_score(yte, direct.predict(Xte)), abs=1e-12)
    assert ex.alignment == pytest.approx(kernel_target_alignment(Ktr, ytr), abs=1e-12)
    assert ex.centered_alignment == pytest.approx(kernel_target_alignment(Ktr, ytr, centered=True), abs=1e-12)
    # plain alignment by hand: <K, y y^T> / (||K|| N) with y in {-1, +1}
    s = np.where(ytr == 1, 1.0, -1.0)
    assert ex.alignment == pytest.approx(s @ Ktr @ s / (np.linalg.norm(Ktr) * len(s)), abs=1e-12)
    rbf = SVC(kernel="rbf").fit(Xtr, ytr)
    assert ex.baseline_accuracy == accuracy_score(yte, rbf.predict(Xte))
    for text in (f"train accuracy</b> {ex.train_accuracy:.2f}", f"test accuracy</b> {ex.test_accuracy:.2f}",
                 f"RBF SVM test accuracy</b> {ex.baseline_accuracy:.2f}", f"alignment</b> {ex.alignment:.3f}"):
        assert text in ex.stats.value


def test_decision_grid_is_the_svm_decision_function_at_the_grid_points():
    ex = KernelExplorer(feature_map="zz", n_qubits=4, bandwidth=0.7, dataset="moons", grid=20)
    assert ex.decision_grid.shape == (20, 20)
    lo0, hi0, lo1, hi1 = ex._splits["moons"].extent
    x0, x1 = np.linspace(lo0, hi0, 20), np.linspace(lo1, hi1, 20)
    pts = np.array([[x0[0], x1[0]], [x0[-1], x1[0]], [x0[3], x1[11]]])  # rows of the grid: x1
    ref = FidelityKernel(feature_map="zz", n_qubits=4, bandwidth=0.7)
    svm = SVC(kernel="precomputed").fit(ref(ex.X_train), ex.y_train)
    expected = svm.decision_function(ref(pts, ex.X_train))
    np.testing.assert_allclose(ex.decision_grid[[0, 0, 11], [0, -1, 3]], expected, atol=1e-9)
    # the grid covers every data point
    X = np.concatenate([ex.X_train, ex.X_test])
    assert lo0 < X[:, 0].min() and X[:, 0].max() < hi0 and lo1 < X[:, 1].min() and X[:, 1].max() < hi1


def test_changing_the_bandwidth_changes_the_kernel_and_the_picture():
    ex = KernelExplorer(feature_map="zz", n_qubits=4, dataset="moons", bandwidth=1.0)
    K1, png1 = ex.K_train.copy(), ex.png
    ex.bandwidth.value = 0.1
    assert ex.status.value == ""
    assert np.max(np.abs(ex.K_train - K1)) > 0.1
    np.testing.assert_allclose(ex.K_train, FidelityKernel(bandwidth=0.1, n_qubits=4)(ex.X_train), atol=1e-12)
    assert ex.png != png1 and ex.image.value == ex.png
    # a small bandwidth brings every pair closer: larger off-diagonal entries on average
    off = ~np.eye(len(K1), dtype=bool)
    assert ex.K_train[off].mean() > K1[off].mean()
    # back to 1: the cached result is the same matrix and the same picture
    ex.bandwidth.value = 1.0
    np.testing.assert_array_equal(ex.K_train, K1)
    assert ex.png == png1


def test_every_control_recomputes():
    ex = KernelExplorer(feature_map="zz", n_qubits=2, bandwidth=1.0, dataset="havlicek")
    seen = [ex.K_train.copy()]
    for control, value in ((ex.feature_map, "iqp"), (ex.qubits, 5), (ex.dataset, "circles"), (ex.bandwidth, 2.0)):
        control.value = value
        assert ex.status.value == ""
        assert not any(K.shape == ex.K_train.shape and np.allclose(K, ex.K_train) for K in seen), control.description
        seen.append(ex.K_train.copy())
    assert repr(ex.kernel) == "FidelityKernel(feature_map='iqp', bandwidth=2.0, n_qubits=5)"
    np.testing.assert_allclose(ex.K_train, ex.kernel(ex.X_train), atol=1e-12)


def test_switching_data_sets_redraws_exactly_what_a_new_explorer_draws():
    # each data set has its own blitting cache and points: no points of another set leak in
    ex = KernelExplorer(feature_map="iqp", n_qubits=3, bandwidth=0.4, dataset="havlicek")
    first = ex.png
    for name in ("moons", "circles"):
        ex.dataset.value = name
        assert ex.png == KernelExplorer(feature_map="iqp", n_qubits=3, bandwidth=0.4, dataset=name).png, name
    ex.dataset.value = "havlicek"
    assert ex.png == first
    ex.dataset.value = "moons"
    fresh = KernelExplorer(feature_map="iqp", n_qubits=3, bandwidth=0.4, dataset="moons")
    assert ex.snapshot() == fresh.snapshot()  # the static book's picture: only this set's points
    # drawn at twice the size: every cache is drawn again afterwards
    ex.dataset.value = "havlicek"
    assert ex.png == first


def test_zz_kernel_beats_the_rbf_baseline_on_havlicek():
    ex = KernelExplorer(feature_map="zz", n_qubits=2, bandwidth=1.0, dataset="havlicek")
    assert ex.test_accuracy >= 0.9
    assert ex.test_accuracy > ex.baseline_accuracy
    # and the class blocks show: same-class pairs are more similar than cross-class pairs
    same = ex.y_train[:, None] == ex.y_train[None, :]
    off = ~np.eye(len(ex.y_train), dtype=bool)
    assert ex.K_train[same & off].mean() > ex.K_train[~same].mean()


def test_make_split_matches_the_reference():
    for name in ("havlicek", "moons", "circles"):
        for a, b in zip(make_split(name, 100, seed=3), reference_split(name, 100, seed=3), strict=True):
            np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"feature_map": "rbf"}, "feature_map must be one of"),
        ({"feature_map": None}, "feature_map must be one of"),
        ({"dataset": "spirals"}, "dataset must be one of"),
        ({"n_qubits": 1}, "n_qubits must be an integer from 2 to 8"),
        ({"n_qubits": 9}, "n_qubits must be an integer from 2 to 8"),
        ({"n_qubits": 2.0}, "n_qubits must be an integer"),
        ({"bandwidth": 0.0}, "bandwidth must be a number from 0.05"),
        ({"bandwidth": 10.0}, "bandwidth must be a number from"),
        ({"bandwidth": float("nan")}, "bandwidth must be a number"),
        ({"bandwidth": "1"}, "bandwidth must be a number"),
        ({"n_samples": 10}, "n_samples must be an integer from 20 to 400"),
        ({"seed": -1}, "seed must be an integer at least 0"),
        ({"seed": True}, "seed must be an integer"),
        ({"reps": 0}, "reps must be an integer from 1 to 4"),
        ({"C": 0}, r"C must be a number from 1e-06 to 1e\+04"),
        ({"grid": 2}, "grid must be an integer from 5 to 100"),
        ({"dpi": 0}, "dpi must be a number"),
    ],
)
def test_bad_constructor_input_raises_value_error(kwargs, match):
    with pytest.raises(ValueError, match=match):
        KernelExplorer(**kwargs)


def test_bad_set_input_raises_and_leaves_the_state():
    ex = KernelExplorer()
    K = ex.K_train.copy()
    for kwargs in ({"n_qubits": 12}, {"bandwidth": -1.0}, {"dataset": "iris"}, {"feature_map": "ZZ"}):
        with pytest.raises(ValueError):
            ex.set(**kwargs)
    np.testing.assert_array_equal(ex.K_train, K)
    assert ex.qubits.value == 2 and ex.feature_map.value == "zz"


def test_mimebundle_has_widget_view_snapshot_of_the_expected_size_and_hint():
    ex = KernelExplorer(dpi=80)
    assert "qml-kernel-explorer" in ex.widget._dom_classes
    bundle, metadata = ex._repr_mimebundle_()
    assert "model_id" in bundle["application/vnd.jupyter.widget-view+json"]
    png = base64.b64decode(bundle["image/png"])
    assert png.startswith(b"\x89PNG") and len(png) > 5000
    assert LIVE_HINT in bundle["text/plain"] and "feature_map='zz'" in bundle["text/plain"]
    w, h = ex.figure.get_size_inches() * 80
    assert png_size(ex.png) == (round(w), round(h))
    assert png_size(png) == (round(2 * w), round(2 * h))
    assert metadata["image/png"] == {"width": round(w), "height": round(h)}
    # after the snapshot the live picture is drawn again the same way
    before = ex.png
    ex.bandwidth.value = 0.5
    ex.bandwidth.value = 1.0
    assert ex.png == before


def test_controls_are_labelled_keyboard_widgets():
    import ipywidgets as widgets

    ex = KernelExplorer()
    for control in (ex.feature_map, ex.qubits, ex.bandwidth, ex.dataset):
        assert control.description and isinstance(control, widgets.widgets.ValueWidget)
        assert not control.disabled
    assert (ex.qubits.min, ex.qubits.max) == (2, 8)
    assert 10**ex.bandwidth.min == pytest.approx(0.05, rel=0.01) and 10**ex.bandwidth.max == pytest.approx(5, rel=0.01)


def test_docstring_examples():
    import doctest

    import qmlcourse.widgets.kernel

    result = doctest.testmod(qmlcourse.widgets.kernel, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted >= 6
