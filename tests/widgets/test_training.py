"""Training dashboard: training lowers the loss, Reset restores the seeded start exactly, Pause
stops the async runner, the pictures follow the model, accuracies agree with scikit-learn,
bad input is refused (the speed of a step: bench workload U1)."""

from __future__ import annotations

import asyncio
import base64

import numpy as np
import pytest
from sklearn.metrics import accuracy_score
from sklearn.svm import SVC

from qmlcourse.models import VQCClassifier
from qmlcourse.widgets.base import LIVE_HINT, png_size
from qmlcourse.widgets.training import TrainingDashboard, make_split


def test_steps_lower_the_loss_on_average():
    dash = TrainingDashboard(seed=1)
    losses = dash.train(15)
    assert dash.epoch == 15 and losses == dash.model.loss_curve_
    assert np.mean(np.diff(losses)) < 0  # a step lowers the loss on average
    assert losses[-1] < 0.8 * losses[0]
    assert all(np.isfinite(losses))


def test_one_step_is_one_adam_step_of_the_model():
    # the dashboard's epoch is exactly a VQCClassifier full-batch Adam step on the training split
    dash = TrainingDashboard(dataset="circles", n_layers=2, learning_rate=0.05, seed=3)
    dash.train(4)
    ref = VQCClassifier(n_layers=2, learning_rate=0.05, max_iter=4, tol=None, random_state=3)
    ref.fit(dash.X_train, dash.y_train)
    np.testing.assert_allclose(dash.model.weights_, ref.weights_, atol=1e-12)
    np.testing.assert_allclose(dash.model.loss_curve_, ref.loss_curve_, atol=1e-12)


def test_reset_restores_the_initial_parameters_exactly():
    dash = TrainingDashboard(seed=5)
    start = dash.params
    start_png = dash.png
    np.testing.assert_array_equal(start, dash.initial_params)
    dash.train(5)
    assert not np.array_equal(dash.params, start)
    dash.buttons["Reset"].click()
    assert dash.status.value == "", dash.status.value
    np.testing.assert_array_equal(dash.params, start)
    assert dash.epoch == 0 and dash.model.loss_curve_ == []
    assert dash.png == start_png
    # training again from the reset point repeats the first run exactly (optimiser state reset too)
    first = TrainingDashboard(seed=5).train(3)
    assert dash.train(3) == first
    # the same seed gives the same start in a new dashboard; another seed does not
    np.testing.assert_array_equal(TrainingDashboard(seed=5).params, start)
    assert not np.array_equal(TrainingDashboard(seed=6).params[: start.size], start)


def test_pause_stops_the_async_runner():
    async def scenario():
        dash = TrainingDashboard(epochs=400, interval=0.0)
        task = dash.start()
        assert dash.running and dash.buttons["Train"].disabled
        assert dash.start() is task  # a second Train while running does not start another
        while dash.epoch < 3:
            await asyncio.sleep(0)
        dash.buttons["Pause"].click()  # what the kernel does when the Pause message arrives
        await asyncio.wait_for(task, timeout=10)
        stopped = dash.epoch
        for _ in range(20):  # nothing trains after the pause
            await asyncio.sleep(0)
        return dash, stopped

    dash, stopped = asyncio.run(scenario())
    assert 3 <= stopped <= 4 and dash.epoch == stopped
    assert not dash.running and not dash.buttons["Train"].disabled


def test_async_runner_stops_at_the_epoch_budget_and_other_callbacks_run_between_epochs():
    async def scenario():
        dash = TrainingDashboard(epochs=6)
        seen = []

        async def other():  # stands for the kernel handling widget messages meanwhile
            while dash.running:
                seen.append(dash.epoch)
                await asyncio.sleep(0)

        task = dash.start()
        await asyncio.gather(task, other())
        more = dash.start(n_epochs=2)
        await more
        return dash, seen

    dash, seen = asyncio.run(scenario())
    assert dash.epoch == 8 and not dash.running
    assert len(set(seen)) >= 4  # the other coroutine ran between epochs


def test_start_without_an_event_loop_says_what_to_do():
    with pytest.raises(RuntimeError, match="running asyncio event loop"):
        TrainingDashboard().start()


def test_boundary_picture_changes_after_training():
    dash = TrainingDashboard(seed=2)
    grid0, png0 = dash.grid_proba.copy(), dash.png
    assert grid0.shape == (40, 40) and np.all((grid0 >= 0) & (grid0 <= 1))
    dash.train(20)
    assert np.max(np.abs(dash.grid_proba - grid0)) > 0.1
    assert dash.png != png0 and dash.image.value == dash.png
    # the grid is the model's own probability of class 1 at the grid points
    lo0, hi0, lo1, hi1 = dash._extent
    corner = np.array([[lo0, lo1], [hi0, hi1]])
    np.testing.assert_allclose(dash.grid_proba[[0, -1], [0, -1]], dash.model.predict_proba(corner)[:, 1],
                               atol=1e-12)


@pytest.mark.parametrize("dataset", ["moons", "circles"])
def test_accuracies_agree_with_sklearn(dataset):
    dash = TrainingDashboard(dataset=dataset, seed=4)
    dash.train(10)
    Xtr, Xte, ytr, yte = make_split(dataset, 200, seed=4)
    np.testing.assert_array_equal(dash.X_test, Xte)
    assert dash.test_accuracy == accuracy_score(yte, dash.model.predict(Xte))
    assert dash.train_accuracy == accuracy_score(ytr, dash.model.predict(Xtr))
    assert dash.baseline_accuracy == accuracy_score(yte, SVC(kernel="rbf").fit(Xtr, ytr).predict(Xte))
    assert f"test accuracy</b> {dash.test_accuracy:.2f}" in dash.stats.value
    assert f"RBF SVM test accuracy</b> {dash.baseline_accuracy:.2f}" in dash.stats.value


def test_controls_reset_the_model_with_the_new_settings():
    dash = TrainingDashboard()
    dash.train(2)
    dash.layers.value = 3
    assert dash.epoch == 0 and dash.model.n_layers == 3
    dash.optimizer.value = "Momentum"
    assert type(dash.model._optimizer).__name__ == "Momentum"
    dash.learning_rate.value = 0.01
    assert dash.model._optimizer.lr == pytest.approx(0.01)
    dash.encoding.value = "amplitude"
    assert dash.model.encoding == "amplitude" and dash.model.n_qubits_ == 1
    old = dash.X_train.copy()
    dash.dataset.value = "circles"
    assert not np.array_equal(dash.X_train, old) and dash.epoch == 0
    dash.train(1)
    assert dash.status.value == ""


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"dataset": "spirals"}, "dataset must be one of"),
        ({"encoding": "basis"}, "encoding must be one of"),
        ({"optimizer": "sgd"}, "optimizer must be one of"),
        ({"n_layers": 0}, "n_layers must be an integer from 1 to 6"),
        ({"n_layers": 2.5}, "n_layers must be an integer"),
        ({"learning_rate": -0.1}, "learning_rate must be a number in"),
        ({"learning_rate": float("nan")}, "learning_rate must be a number in"),
        ({"n_samples": 5}, "n_samples must be an integer at least 20"),
        ({"grid": 2}, "grid must be an integer from 5 to 200"),
        ({"epochs": 0}, "epochs must be an integer"),
        ({"interval": -1}, "interval must be a number of seconds"),
        ({"seed": True}, "seed must be an integer"),
    ],
)
def test_bad_constructor_input_raises_value_error(kwargs, match):
    with pytest.raises(ValueError, match=match):
        TrainingDashboard(**kwargs)
    with pytest.raises(ValueError, match="n_epochs must be an integer"):
        TrainingDashboard().train(0)


def test_mimebundle_has_widget_view_snapshot_and_hint():
    dash = TrainingDashboard()
    dash.train(3)
    bundle, metadata = dash._repr_mimebundle_()
    assert "model_id" in bundle["application/vnd.jupyter.widget-view+json"]
    png = base64.b64decode(bundle["image/png"])
    assert png.startswith(b"\x89PNG") and len(png) > 5000
    assert LIVE_HINT in bundle["text/plain"] and "epoch=3" in bundle["text/plain"]
    live_w, live_h = png_size(dash.png)
    snap_w, snap_h = png_size(png)
    assert abs(snap_w - 2 * live_w) <= 1 and abs(snap_h - 2 * live_h) <= 1
    assert abs(metadata["image/png"]["width"] - live_w) <= 1


def test_controls_are_labelled():
    dash = TrainingDashboard()
    for name, button in dash.buttons.items():
        assert button.description == name and button.tooltip
    for control in (dash.dataset, dash.encoding, dash.layers, dash.learning_rate, dash.optimizer, dash.epochs):
        assert control.description


def test_docstring_examples():
    import doctest

    import qmlcourse.widgets.training

    result = doctest.testmod(qmlcourse.widgets.training, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted >= 4
