"""`qmlcourse bench` runs, and both sides of every workload compute the same numbers."""

import json
import subprocess
import sys

import numpy as np
import pennylane as qml

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


def test_quick_bench_cli_writes_times_and_ratios(tmp_path):
    out = tmp_path / "out.json"
    md = tmp_path / "table.md"
    proc = subprocess.run(
        [sys.executable, "-m", "qmlcourse", "bench", "--quick", "--no-progress", "--json", str(out), "--markdown", str(md)],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = json.loads(out.read_text())
    assert data["quick"] is True
    results = {r["workload"]: r for r in data["results"]}
    assert sorted(results) == ["W1", "W2", "W3", "W4"]
    for r in results.values():
        assert r["times"]["qmlcourse"] > 0
        assert set(r["ratios"]) == set(r["times"]) - {"qmlcourse"}
        assert all(v > 0 for v in r["ratios"].values())
        assert r["max_abs_diff"] < 1e-9, (r["workload"], r["max_abs_diff"])
    assert "| W4 |" in md.read_text()
    assert "W1" in proc.stdout and "largest difference" in proc.stdout
