"""bind_angles: the vectorised binding gives what each Param.evaluate gives, on every grid."""

import threading

import numpy as np
import pytest

from qmlcourse.sim.operation import MAX_LAYOUTS, Operation, bind_angles, layout
from qmlcourse.sim.params import Param, feature, feature_map, weight


def _reference(operations, x, w, p, n):
    """The per-parameter binding (what bind_angles computed before it was vectorised)."""
    out = []
    for op in operations:
        row = []
        for par in op.params:
            a = par.evaluate(x, w)
            row.append(np.broadcast_to(a, (p, n)).reshape(-1) if np.size(a) > 1 else float(np.ravel(a)[0]))
        out.append(row)
    return out


def _ops():
    return [
        Operation("RY", (0,), (2.0 * feature(1) - 0.5,)),
        Operation("Rot", (1,), (weight(2), Param("const", shift=0.25), 3.0 * weight(0) + 1.0)),
        Operation("CNOT", (0, 1)),
        Operation("RZ", (0,), (feature_map(lambda v: v[:, 0] * v[:, 1], "x0 x1"),)),
        Operation("CRX", (0, 1), (weight(1),)),
    ]


@pytest.mark.parametrize("p, n", [(1, 1), (1, 5), (3, 1), (3, 4)])
def test_bind_angles_matches_each_param_evaluate(p, n):
    rng = np.random.default_rng(p * 10 + n)
    x, w = rng.normal(size=(n, 2)), rng.normal(size=(p, 3))
    ops = _ops()
    got, want = bind_angles(ops, x, w, p, n), _reference(ops, x, w, p, n)
    assert [len(r) for r in got] == [len(r) for r in want]
    for g_row, w_row in zip(got, want, strict=True):
        for g, r in zip(g_row, w_row, strict=True):
            assert type(g) is type(r)  # floats stay floats (shared by the batch), arrays are (P*N,)
            np.testing.assert_allclose(g, r, rtol=0, atol=1e-15)


def test_bind_angles_errors_name_the_angle():
    ops = _ops()
    x = np.ones((2, 2))
    with pytest.raises(ValueError, match=r"weight\(2\) needs weights w"):
        bind_angles(ops, x, None, 1, 2)
    with pytest.raises(ValueError, match=r"feature\(1\) needs data x"):
        bind_angles(ops, None, np.ones((1, 3)), 1, 1)
    bad = r"weight\(0\) gives NaN or infinite angles for weight sets \[0\]"
    with np.errstate(over="ignore"), pytest.raises(ValueError, match=bad):
        bind_angles(ops, x, np.array([[1e308, 0.0, 0.0]]), 1, 2)


def test_layout_cache_is_bounded_and_safe_under_threads():
    errors = []

    def work(seed):
        try:
            rng = np.random.default_rng(seed)
            for _ in range(MAX_LAYOUTS // 4):
                ops = [Operation("RY", (0,), (weight(0) * float(rng.uniform(1, 2)),))]
                (a,), = bind_angles(ops, None, np.array([[0.5]]), 1, 1)
                assert abs(a - ops[0].params[0].scale * 0.5) < 1e-15
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(s,)) for s in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert layout.cache_info().currsize <= MAX_LAYOUTS
