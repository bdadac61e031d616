"""The results lesson 16 (notebooks/16_kernel_alignment_and_limits.ipynb) shows, asserted with
the package (seeded, a few seconds in all).

1. Exponential concentration (Thanasilp, Wang, Cerezo and Holmes 2024, Nature Communications
   15, 5200): for the IQP and ZZ feature maps with bandwidth 1 on random data in [0, 2 pi)^n,
   the variance of the off-diagonal fidelity-kernel entries falls exponentially with the
   number of qubits n (a fitted slope of ln(variance) against n below -0.9 per qubit; the
   Haar value would be about -ln 4 = -1.39), and with 1000 shots the inversion test then
   returns 0 for almost every off-diagonal entry: the estimated matrix is the identity.
2. Bandwidth scaling (Shaydulin and Wild 2022): with bandwidth 1/n the same variance stays
   above 1e-3 up to 12 qubits. The projected kernel (Huang et al. 2021) with bandwidth 1 keeps
   it above 5e-3 as well, but only through a few points: at 12 qubits the typical one-qubit
   Bloch vectors are as short as those of random states and most entries crowd near 1; with
   bandwidth 1/n they do not.
3. Alignment training (Hubregtsen et al. 2022): gradient ascent on the kernel-target alignment
   of a trainable embedding (two layers) raises the alignment on the training data.
"""

import numpy as np
import pytest
from sklearn.model_selection import train_test_split

from qmlcourse.datasets import moons
from qmlcourse.kernels import (
    FidelityKernel,
    ProjectedKernel,
    bind_weights,
    inversion_test,
    kernel_target_alignment,
    train_alignment,
    trainable_embedding,
)

N_POINTS = 40
QUBITS = np.arange(2, 13)


def random_data(n: int) -> np.ndarray:
    return np.random.default_rng(16 + n).uniform(0, 2 * np.pi, (N_POINTS, n))


def off_diagonal(K: np.ndarray) -> np.ndarray:
    return K[np.triu_indices(len(K), 1)]


def variances(make_kernel) -> np.ndarray:
    return np.array([off_diagonal(make_kernel(n)(random_data(n))).var() for n in QUBITS])


def log_slope(v: np.ndarray) -> float:
    return float(np.polyfit(QUBITS, np.log(v), 1)[0])


# --------------------------------------------------------------------------- Thanasilp et al. 2024
@pytest.mark.parametrize("feature_map", ["iqp", "zz"])
def test_fidelity_kernel_concentrates_exponentially_with_bandwidth_one(feature_map):
    v = variances(lambda n: FidelityKernel(feature_map=feature_map, bandwidth=1.0))
    slope = log_slope(v)
    assert slope < -0.9, slope  # measured: -1.32 (iqp), -1.22 (zz) per qubit in ln (Haar: -1.35)
    assert v[-1] < 1e-5 * v[0]  # more than five orders of magnitude from 2 to 12 qubits
    assert np.all(np.diff(np.log(v)[::2]) < 0)  # falls at every second qubit (noise of 780 pairs aside)
    haar = (2.0**QUBITS - 1) / (4.0**QUBITS * (2.0**QUBITS + 1))  # variance of |<a|b>|^2 for Haar states
    assert np.all(v[-3:] < 10 * haar[-3:])  # at 10-12 qubits the same order as random states


def test_with_shots_a_concentrated_kernel_is_the_identity():
    K12 = inversion_test(FidelityKernel(feature_map="iqp"), random_data(12), shots=1000, seed=1).estimate
    K2 = inversion_test(FidelityKernel(feature_map="iqp"), random_data(2), shots=1000, seed=1).estimate
    assert np.mean(off_diagonal(K12) == 0) > 0.7  # zero counts of |0...0> for most pairs
    assert np.mean(off_diagonal(K2) == 0) < 0.1
    np.testing.assert_allclose(np.diag(K12), 1.0)


# --------------------------------------------------------------------------- the ways out
def test_bandwidth_one_over_n_keeps_the_variance():
    v = variances(lambda n: FidelityKernel(feature_map="iqp", bandwidth=1.0 / n))
    assert v.min() > 1e-3, v.min()  # measured minimum 5e-3, at 12 qubits
    assert v.min() > 1e3 * variances(lambda n: FidelityKernel(feature_map="iqp"))[-1]


def test_projected_kernel_variance_stays_but_bandwidth_one_entries_crowd_near_one():
    v = variances(lambda n: ProjectedKernel(feature_map="iqp", bandwidth=1.0, gamma=1.0))
    assert v.min() > 5e-3, v.min()  # measured minimum 1.0e-2: the variance does not decay ...
    assert abs(log_slope(v)) < 0.2
    kernel = ProjectedKernel(feature_map="iqp", bandwidth=1.0)
    X = random_data(12)
    lengths = np.linalg.norm(kernel.bloch_vectors(X), axis=2)
    assert np.median(lengths) < 0.05  # ... but typical one-qubit states are nearly maximally mixed
    assert np.median(off_diagonal(kernel(X))) > 0.95  # and most entries crowd near 1 (measured 0.984)
    scaled = ProjectedKernel(feature_map="iqp", bandwidth=1.0 / 12)
    assert np.median(np.linalg.norm(scaled.bloch_vectors(X), axis=2)) > 0.8  # bandwidth 1/n keeps them long
    assert np.median(off_diagonal(scaled(X))) < 0.8 and off_diagonal(scaled(X)).var() > 5e-3


# --------------------------------------------------------------------------- Hubregtsen et al. 2022
def test_alignment_training_increases_the_alignment():
    X, y = moons(160, noise=0.2, random_state=3)  # the lesson's training half
    X, _, y, _ = train_test_split(X, y, test_size=0.5, random_state=0, stratify=y)
    c = trainable_embedding(2, n_layers=2)
    for seed in (0, 1, 2):
        w0 = np.random.default_rng(seed).uniform(0, 2 * np.pi, c.n_weights)
        w, history = train_alignment(c, X, y, w0, n_steps=80, learning_rate=1.0)
        assert history[-1] > history[0] + 0.03, history  # measured: 0.21 -> 0.26, 0.11 -> 0.24, 0.20 -> 0.25
        assert history[-1] > 0.2
        assert history[-1] == pytest.approx(max(history), abs=0.02)  # no collapse at the end
        K = FidelityKernel(feature_map=bind_weights(c, w))(X)
        assert kernel_target_alignment(K, y) == pytest.approx(history[-1], abs=1e-10)
