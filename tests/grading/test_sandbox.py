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


# ---------------------------------------------------------------- issue 9: the kernel survives


def _gone(pid, wait=3.0):
    end = time.monotonic() + wait
    while time.monotonic() < end:
        try:
            with open(f"/proc/{pid}/status") as fh:
                if any(line.startswith("State:") and ("Z" in line or "X" in line) for line in fh):
                    return True
        except FileNotFoundError:
            return True
        time.sleep(0.05)
    return False


FORK = pytest.mark.skipif(
    not hasattr(os, "fork") or not sys.platform.startswith("linux"), reason="needs fork and /proc"
)


@FORK
def test_child_closing_its_fds_and_looping_does_not_hang_the_parent():
    def sneaky():
        os.closerange(0, 4096)
        while True:
            pass

    start = time.monotonic()
    out = run_cases(sneaky, [((), {})], 2, "fork")[0]
    assert time.monotonic() - start < 6 and out.status in ("crashed", "timeout")


@FORK
def test_a_grandchild_holding_the_pipe_does_not_make_the_check_wait(tmp_path):
    pidfile = tmp_path / "pid"

    def spawn():
        pid = os.fork()
        if pid == 0:  # the grandchild keeps every inherited fd open
            time.sleep(30)
            os._exit(0)
        pidfile.write_text(str(pid))
        return 1

    start = time.monotonic()
    out = run_cases(spawn, [((), {})], 10, "fork")[0]
    assert out.status == "ok" and out.value == 1 and time.monotonic() - start < 3
    assert _gone(int(pidfile.read_text())), "the grandchild outlived the check"


@FORK
def test_popen_children_die_with_the_check(tmp_path):
    import subprocess

    pidfile = tmp_path / "pid"

    def spawn():
        p = subprocess.Popen(["sleep", "60"])
        pidfile.write_text(str(p.pid))
        return 0

    assert run_cases(spawn, [((), {})], 10, "fork")[0].status == "ok"
    assert _gone(int(pidfile.read_text())), "a Popen outlived the check"


@FORK
def test_memory_bomb_is_stopped_by_the_memory_limit():
    def bomb():
        hoard = []
        while True:
            hoard.append(bytearray(50_000_000))

    start = time.monotonic()
    out = run_cases(bomb, [((), {})], 30, "fork", memory_limit=500 << 20)[0]
    assert (out.status, out.error_type) == ("raised", "MemoryError") and time.monotonic() - start < 20


@FORK
def test_a_crafted_pickle_frame_from_the_child_runs_no_code(tmp_path):
    import pickle
    import struct

    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    payload = pickle.dumps(Evil())

    def forge():
        import stat

        for fd in range(3, 64):
            try:
                if stat.S_ISFIFO(os.fstat(fd).st_mode):
                    os.write(fd, struct.pack("!Q", len(payload)) + payload)
            except OSError:
                pass
        return 1

    out = run_cases(forge, [((), {}), ((), {})], 5, "fork")
    assert not marker.exists()
    assert out[0].status == "crashed" and "unreadable" in out[0].error_message


@FORK
def test_a_huge_array_is_summarised_not_timed_out():
    start = time.monotonic()
    out = run_cases(lambda: np.zeros(20_000_000), [((), {})], 20, "fork")[0]
    assert out.status == "ok" and isinstance(out.value, Foreign) and out.value.shape == (20_000_000,)
    assert time.monotonic() - start < 10


@pytest.mark.skipif(not hasattr(signal_module := __import__("signal"), "setitimer"), reason="needs setitimer")
def test_inprocess_fallback_survives_os_exit_and_keeps_its_time_limit():
    out = run_cases(lambda: os._exit(3), [((), {})], 2, "inprocess")[0]
    assert out.status == "raised" and "os._exit" in out.error_message  # and this process is still alive
    start = time.monotonic()
    out = run_cases(lambda: time.sleep(6), [((), {}), ((), {})], 1, "inprocess")
    assert [o.status for o in out] == ["timeout", "not_run"] and time.monotonic() - start < 2.5


def test_encoding_is_data_only_and_round_trips():
    import json as _json
    from collections import Counter, defaultdict

    from qmlcourse.grading.sandbox import decode, encode

    value = {
        "a": [1, 2.5, float("nan"), 1 + 2j],
        ("t", 1): np.arange(6, dtype=np.complex64).reshape(2, 3),
        "c": Counter(x=2),
    }
    back = decode(_json.loads(_json.dumps(encode(to_plain(value)))))
    assert back["a"][:2] == [1, 2.5] and np.isnan(back["a"][2]) and back["a"][3] == 1 + 2j
    assert back[("t", 1)].dtype == np.complex64 and back[("t", 1)].shape == (2, 3)
    assert type(back["c"]) is dict and back["c"] == {"x": 2}
    assert type(to_plain(defaultdict(int, {"0": 3}))) is dict

    class ArrayLike:
        def __array__(self, dtype=None, copy=None):
            return np.array([1.0, 2.0])

    np.testing.assert_array_equal(to_plain(ArrayLike()), [1.0, 2.0])
    for bad in ({"$a": "|O", "shape": [1], "b64": ""}, {"__reduce__": 1}, {"$d": [[[1], 2]]}):
        with pytest.raises(ValueError):
            decode(bad)
