"""Encoding explorer: states against qmlcourse.encodings + the simulator and closed forms,
Bloch vectors against numpy partial traces, entanglement, bad input, snapshot (speed: bench workload U1)."""

from __future__ import annotations

import base64

import numpy as np
import pytest

from qmlcourse import encodings as enc
from qmlcourse.linalg import entanglement_entropy
from qmlcourse.sim import Circuit
from qmlcourse.widgets.base import LIVE_HINT, png_size
from qmlcourse.widgets.encoding import ENCODINGS, EncodingExplorer, build_circuit, reduced_bloch_vectors

PAULI = [np.array([[0, 1], [1, 0]]), np.array([[0, -1j], [1j, 0]]), np.diag([1.0, -1.0])]


def partial_trace_bloch(psi: np.ndarray, wire: int) -> np.ndarray:
    """Independent reference: the full density matrix, traced over the other wire with einsum."""
    rho = np.outer(psi, psi.conj()).reshape(2, 2, 2, 2)
    red = np.einsum("ajbj->ab", rho) if wire == 0 else np.einsum("jajb->ab", rho)
    return np.array([np.trace(red @ p).real for p in PAULI])


def reference_state(encoding: str, x: np.ndarray) -> np.ndarray:
    """The encoded state, built directly from qmlcourse.encodings and the simulator."""
    row = x[None, :]
    if encoding == "basis":
        return enc.basis(Circuit(2)).statevector((row > 0).astype(float))[0]
    if encoding.startswith("angle"):
        c = Circuit(2)
        if encoding.endswith("Z"):
            c.h(0).h(1)
        return enc.angle(c, rotation=encoding[-1]).statevector(row)[0]
    if encoding == "amplitude":
        return enc.amplitude(Circuit(1)).statevector(row)[0]
    return enc.zz_feature_map(Circuit(2), reps=2).statevector(row)[0]


@pytest.fixture
def ex():
    return EncodingExplorer()


def test_every_encoding_matches_encodings_and_simulator():
    rng = np.random.default_rng(5)
    ex = EncodingExplorer()
    for name in ENCODINGS:
        for _ in range(4):
            x = rng.uniform(-np.pi, np.pi, size=2)
            ex.encoding.value = name
            ex.x0.value, ex.x1.value = float(x[0]), float(x[1])
            x = np.array([ex.x0.value, ex.x1.value])  # the slider rounds to its step
            ref = reference_state(name, x)
            assert ex.status.value == ""
            np.testing.assert_allclose(ex.state, ref, atol=1e-12)
            np.testing.assert_allclose(ex.probabilities, np.abs(ref) ** 2, atol=1e-12)
            assert ex.probabilities.sum() == pytest.approx(1.0)


def test_closed_forms_of_angle_and_amplitude():
    ex = EncodingExplorer("angle Y", (1.0, -0.5))
    a, b = [np.array([np.cos(t / 2), np.sin(t / 2)]) for t in (1.0, -0.5)]
    np.testing.assert_allclose(ex.state, np.kron(a, b), atol=1e-12)
    ex.set(encoding="angle X", x=(np.pi, 0.0))
    np.testing.assert_allclose(ex.probabilities, [0, 0, 1, 0], atol=1e-12)  # RX(pi)|0> = -i|1>: |10>
    ex.set(encoding="amplitude", x=(-1.2, 0.5))
    np.testing.assert_allclose(ex.state, np.array([-1.2, 0.5]) / 1.3, atol=1e-12)
    assert ex.n_qubits == 1 and ex.bloch_vectors.shape == (1, 3)


def test_basis_reads_bits_as_positive_features():
    ex = EncodingExplorer("basis", (0.4, -2.0))
    np.testing.assert_allclose(ex.probabilities, [0, 0, 1, 0], atol=1e-12)  # bits (1, 0): |10>, wire 0 first
    ex.x1.value = 0.01
    np.testing.assert_allclose(ex.probabilities, [0, 0, 0, 1], atol=1e-12)
    assert "bits (1, 1)" in ex.info.value


def test_bloch_vectors_against_partial_traces():
    rng = np.random.default_rng(8)
    ex = EncodingExplorer()
    for name in ("angle X", "angle Y", "angle Z", "ZZ", "basis"):
        ex.set(encoding=name, x=tuple(rng.uniform(-3, 3, size=2)))
        for wire in (0, 1):
            np.testing.assert_allclose(ex.bloch_vectors[wire], partial_trace_bloch(ex.state, wire), atol=1e-12)
    # and for a random two-qubit state directly
    psi = rng.normal(size=4) + 1j * rng.normal(size=4)
    psi /= np.linalg.norm(psi)
    np.testing.assert_allclose(reduced_bloch_vectors(psi), [partial_trace_bloch(psi, w) for w in (0, 1)],
                               atol=1e-12)


def test_angle_encoding_is_a_product_state_zz_entangles():
    rng = np.random.default_rng(9)
    ex = EncodingExplorer()
    for name in ("angle X", "angle Y", "angle Z", "basis"):
        for _ in range(5):
            ex.set(encoding=name, x=tuple(rng.uniform(-3, 3, size=2)))
            np.testing.assert_allclose(np.linalg.norm(ex.bloch_vectors, axis=1), 1.0, atol=1e-10)
            assert ex.entropy() == pytest.approx(0.0, abs=1e-9)
        assert "product state" in ex.info.value
    ex.set(encoding="ZZ", x=(0.3, -1.2))
    lengths = np.linalg.norm(ex.bloch_vectors, axis=1)
    assert np.all(lengths < 0.99)
    assert lengths[0] == pytest.approx(lengths[1])  # a pure two-qubit state: equal reduced spectra
    assert ex.entropy() == pytest.approx(entanglement_entropy(ex.state, 1), abs=1e-9)
    assert ex.entropy() > 0.1 and "Entangled" in ex.info.value and "shorter than 1" in ex.info.value


def test_amplitude_of_zero_point_is_reported_not_raised():
    ex = EncodingExplorer("amplitude", (0.0, 1.0))
    before = ex.state.copy()
    ex.x1.value = 0.0  # ipywidgets would swallow an exception: the status shows it
    assert "zero" in ex.status.value
    np.testing.assert_allclose(ex.state, before)  # the last valid state stays
    ex.x0.value = 0.5
    assert ex.status.value == "" and ex.probabilities == pytest.approx([1.0, 0.0], abs=1e-12)


def test_amplitude_info_says_the_norm_is_lost():
    a = EncodingExplorer("amplitude", (0.5, 1.0))
    b = EncodingExplorer("amplitude", (1.5, 3.0))
    np.testing.assert_allclose(a.state, b.state, atol=1e-12)
    assert "is lost" in a.info.value


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        (dict(encoding="angle W"), "encoding must be one of basis, angle X"),
        (dict(encoding=3), "encoding must be one of"),
        (dict(x=(1.0,)), r"two numbers \(x0, x1\); got shape \(1,\)"),
        (dict(x="ab"), "two numbers"),
        (dict(x=(0.0, float("nan"))), "finite"),
        (dict(x=(4.0, 0.0)), r"\[-pi, pi\]"),
        (dict(dpi=0), "dpi must be a positive number"),
    ],
)
def test_bad_constructor_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        EncodingExplorer(**kwargs)


def test_set_validates_and_build_circuit_rejects_unknown():
    ex = EncodingExplorer()
    with pytest.raises(ValueError, match="encoding must be one of"):
        ex.set(encoding="IQP")
    with pytest.raises(ValueError, match="finite"):
        ex.set(x=(np.inf, 0))
    with pytest.raises(ValueError, match="encoding must be one of"):
        build_circuit("qft")
    with pytest.raises(ValueError, match=r"shape \(2\*\*n,\)"):
        reduced_bloch_vectors(np.ones(3))


def test_circuit_costs_match_the_encodings():
    assert build_circuit("amplitude").n_qubits == 1
    assert [op.name for op in build_circuit("angle Z").operations] == ["Hadamard", "Hadamard", "RZ", "RZ"]
    assert [op.name for op in build_circuit("angle Y").operations] == ["RY", "RY"]
    zz = build_circuit("ZZ")
    assert [op.name for op in zz.operations].count("CNOT") == 4  # 2 per pair per repetition, reps=2


def test_pictures_change(ex):
    circuit0, state0 = ex.circuit_png, ex.state_png
    assert ex.circuit_image.value == circuit0 and ex.state_image.value == state0
    ex.x0.value = 2.0
    assert ex.state_png != state0 and ex.circuit_png == circuit0  # same circuit, new data
    ex.encoding.value = "ZZ"
    assert ex.circuit_png != circuit0 and ex.circuit_image.value == ex.circuit_png


def test_mimebundle_has_widget_view_snapshot_and_hint():
    ex = EncodingExplorer("ZZ", (0.3, -1.2))
    bundle, metadata = ex._repr_mimebundle_()
    assert "model_id" in bundle["application/vnd.jupyter.widget-view+json"]
    png = base64.b64decode(bundle["image/png"])
    assert png.startswith(b"\x89PNG") and len(png) > 5000
    assert LIVE_HINT in bundle["text/plain"] and "'ZZ'" in bundle["text/plain"]
    live_w, live_h = png_size(ex.png)
    (snap_w, snap_h), shown = png_size(png), metadata["image/png"]
    assert abs(snap_w - 2 * live_w) <= 2 and abs(snap_h - 2 * live_h) <= 2
    assert abs(shown["width"] - live_w) <= 1 and abs(shown["height"] - live_h) <= 1


def test_controls_are_labelled():
    ex = EncodingExplorer()
    for control in (ex.encoding, ex.x0, ex.x1):
        assert control.description
    assert list(ex.encoding.options) == list(ENCODINGS)
    assert ex.x0.min == pytest.approx(-np.pi) and ex.x0.max == pytest.approx(np.pi)


def test_docstring_examples():
    import doctest

    import qmlcourse.widgets.encoding

    result = doctest.testmod(qmlcourse.widgets.encoding, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted >= 3
