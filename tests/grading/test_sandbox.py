"""Learner code runs isolated, time-limited, with output captured (qmlcourse.grading.sandbox)."""

import os
import sys
import time

import numpy as np
import pytest

from qmlcourse.grading.compare import Foreign
from qmlcourse.grading.sandbox import PRINT_LIMIT, default_mode, run_cases, to_plain

MODES = ["fork", "inprocess"] if hasattr(os, "fork") else ["inprocess"]


@pytest.mark.parametrize("mode", MODES)
def test_values_come_back(mode):
    out = run_cases(lambda x: x * 2, [((np.arange(3),), {}), ((5,), {})], 2, mode)
    assert [o.status for o in out] == ["ok", "ok"]
    np.testing.assert_array_equal(out[0].value, [0, 2, 4])
    assert out[1].value == 10


@pytest.mark.parametrize("mode", MODES)
def test_exceptions_become_outcomes(mode):
    def f(x):
        return x / 0

    out = run_cases(f, [((1,), {})], 2, mode)[0]
    assert (out.status, out.error_type) == ("raised", "ZeroDivisionError")
    assert "return x / 0" in out.error_where and "in f" in out.error_where


@pytest.mark.parametrize("mode", MODES)
def test_endless_loop_times_out_and_later_cases_not_run(mode):
    def forever(x):
        while True:
            pass

    start = time.monotonic()
    out = run_cases(forever, [((1,), {}), ((2,), {})], 0.5, mode)
    assert time.monotonic() - start < 3
    assert [o.status for o in out] == ["timeout", "not_run"]
    assert sys.gettrace() is None or mode == "fork"


@pytest.mark.parametrize("mode", MODES)
def test_prints_are_captured_and_truncated(mode, capsys):
    def chatty(x):
        print("y" * 100_000)
        return x

    out = run_cases(chatty, [((1,), {})], 2, mode)[0]
    assert out.value == 1 and out.printed_chars == 100_001 and len(out.printed) == PRINT_LIMIT
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("mode", MODES)
def test_inputs_are_copies(mode):
    data = np.ones(3)

    def mutate(x):
        x[:] = 7
        return x

    run_cases(mutate, [((data,), {})], 2, mode)
    np.testing.assert_array_equal(data, np.ones(3))


@pytest.mark.parametrize("mode", MODES)
def test_sys_exit_is_feedback(mode):
    out = run_cases(lambda: sys.exit(3), [((), {})], 2, mode)[0]
    assert (out.status, out.error_type) == ("raised", "SystemExit")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_hard_crash_of_the_child_is_reported():
    out = run_cases(lambda: os._exit(9), [((), {}), ((), {})], 2, "fork")
    assert out[0].status == "crashed" and "exit code 9" in out[0].error_message
    assert out[1].status == "not_run"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_child_cannot_change_parent_state():
    box = {"v": 1}

    def meddle():
        box["v"] = 2
        return 0

    run_cases(meddle, [((), {})], 2, "fork")
    assert box["v"] == 1


def test_to_plain_never_keeps_learner_classes():
    class Sneaky(np.ndarray):
        pass

    class Widget:
        def __repr__(self):
            return "<Widget>"

    class MyFloat(float):
        pass

    arr = to_plain(np.zeros(2).view(Sneaky))
    assert type(arr) is np.ndarray
    w = to_plain(Widget())
    assert isinstance(w, Foreign) and w.text == "<Widget>"
    assert type(to_plain(MyFloat(1.5))) is float
    assert isinstance(to_plain(np.array([object()], dtype=object)), Foreign)
    assert to_plain({"0": [1, (2, 3)]}) == {"0": [1, (2, 3)]}


def test_unpicklable_result_is_foreign():
    out = run_cases(lambda: (i for i in range(3)), [((), {})], 2)[0]
    assert out.status == "ok" and isinstance(out.value, Foreign) and "generator" in out.value.type_name


def test_mode_selection(monkeypatch):
    monkeypatch.setenv("QMLCOURSE_SANDBOX", "inprocess")
    assert default_mode() == "inprocess"
    with pytest.raises(ValueError, match="time_limit must be a positive number"):
        run_cases(len, [], 0)
    with pytest.raises(ValueError, match="mode must be"):
        run_cases(len, [], 1, "thread")
