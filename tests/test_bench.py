"""`qmlcourse bench` runs, every side of every workload computes the same numbers, and the
JSON holds each workload against each installed peer with its ratio and goal verdict."""

import json
import subprocess
import sys

import numpy as np
import pennylane as qml
import pytest

from qmlcourse import bench
from qmlcourse.interop import to_pennylane


def test_vqc_circuit_is_pennylanes_strongly_entangling_model():
    n, layers = 4, 3
    rng = np.random.default_rng(0)
    x = rng.uniform(0, np.pi, size=(5, n))
    w = rng.uniform(0, 2 * np.pi, size=(layers, n, 3))
    dev = qml.device("default.qubit", wires=n)

    @qml.qnode(dev)
    def model(xs, ws):
        qml.AngleEmbedding(xs, wires=range(n))
        qml.StronglyEntanglingLayers(ws, wires=range(n))
        return qml.state()

    ours = bench.vqc_circuit(n, layers).statevector(x, w.reshape(-1))
    np.testing.assert_allclose(ours, np.asarray(model(x, w)), atol=1e-12)


def test_ry_rz_cz_layers_match_pennylane():
    c = bench.ry_rz_cz_circuit(3, 2)
    w = np.random.default_rng(1).normal(size=c.n_weights)
    np.testing.assert_allclose(c.statevector(w=w)[0], to_pennylane(c)(None, w), atol=1e-12)


def test_measure_keeps_every_time_and_excludes_nothing_else():
    calls = []
    t = bench.measure(lambda: calls.append(1) or len(calls), 4)
    assert len(t.times) == 4 and t.result == 4 and len(calls) == 4
    assert t.best == min(t.times) and t.spread == [min(t.times), float(np.median(t.times)), max(t.times)]


def test_goals_report_met_not_met_and_not_measured():
    r = bench.Result("W", "d", {"qmlcourse": 1.0, "a": 3.0, "b": 0.5},
                     [bench.Goal("a", 2.0, "2x a"), bench.Goal("b", 1.0, "ahead of b"), bench.Goal("c", 1.0, "c")], 0.0)
    status = {g["peer"]: g["met"] for g in r.goal_status()}
    assert status == {"a": True, "b": False, "c": None}
    assert r.met is False
    assert r.to_dict()["ratios"] == {"a": 3.0, "b": 0.5}


def test_sides_refuse_to_time_a_peer_that_disagrees():
    sides = bench.Sides(bench.Progress(1, False), "W")
    with pytest.raises(RuntimeError, match="disagrees"):
        sides.add("peer", bench.Timing([1.0], None), diff=1e-3)


def test_qulacs_translation_agrees_when_installed():
    pytest.importorskip("qulacs")  # optional peer (pip install "qmlcourse[bench]")
    c = bench.vqc_circuit(3, 2)
    rng = np.random.default_rng(2)
    x, w = rng.uniform(0, np.pi, size=(4, 3)), rng.uniform(0, 2 * np.pi, size=c.n_weights)
    prog = bench.QulacsProgram(c)
    params = prog.parameters(c, x, w[None])
    np.testing.assert_allclose(prog.states(params), c.statevector(x, w), atol=1e-12)
    np.testing.assert_allclose(prog.gradient(params[0], prog.observable("Z0"), c),
                               c.gradient("Z0", x[:1], w)[0], atol=1e-12)


def test_aer_translation_agrees_when_installed():
    pytest.importorskip("qiskit_aer")  # optional peer
    c = bench.vqc_circuit(3, 1)
    rng = np.random.default_rng(3)
    x, w = rng.uniform(0, np.pi, size=(2, 3)), rng.uniform(0, 2 * np.pi, size=c.n_weights)
    runner = bench.AerRunner(bench.aer_circuits(c, x, w[None], save="expval", word="Z0 X2"))
    np.testing.assert_allclose(runner.expvals(), c.expval("Z0 X2", x, w), atol=1e-10)


def test_quick_bench_cli_writes_times_spreads_ratios_and_goals(tmp_path):
    out = tmp_path / "out.json"
    md = tmp_path / "table.md"
    proc = subprocess.run(
        [sys.executable, "-m", "qmlcourse", "bench", "--quick", "--no-progress", "--no-peers",
         "--json", str(out), "--markdown", str(md)],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = json.loads(out.read_text())
    assert data["quick"] is True
    results = {r["workload"]: r for r in data["results"]}
    assert sorted(results) == ["N1", "U1", "W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8", "W9"]
    for r in results.values():
        assert r["times"]["qmlcourse"] > 0
        assert set(r["ratios"]) == set(r["times"]) - {"qmlcourse"}
        assert set(r["spread"]) == set(r["times"])
        assert all(s[0] <= s[1] <= s[2] for s in r["spread"].values())
        assert all(v > 0 for v in r["ratios"].values())
        assert r["max_abs_diff"] < 1e-9, (r["workload"], r["max_abs_diff"])
        peerless = r["workload"] in ("U1", "N1")  # the course's absolute goals: no peer
        assert sorted(r["missing"]) == ([] if peerless else ["aer", "qulacs"])  # --no-peers
        for g in r["goals"]:
            assert (g["met"] is None) == (g["peer"] not in r["times"])
            if g.get("max_seconds") is not None:  # an absolute limit on our own time
                assert g["met"] == (r["times"]["qmlcourse"] <= g["max_seconds"])
            elif g["met"] is not None:
                assert g["met"] == (g["ratio"] >= g["min_ratio"])
    assert "| W6 |" in md.read_text() and "median / slowest" in md.read_text()
    assert "W1" in proc.stdout and "largest difference" in proc.stdout and "goal" in proc.stdout
    assert "goal every update under 0.2 s" in proc.stdout and "goal every lesson under 60 s" in proc.stdout
    assert "N1: 00_how_exercises_work.ipynb:" in proc.stdout and "U1: kernel (6 qubits, 60 points)" in proc.stdout
