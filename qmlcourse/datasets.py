"""Small seeded data sets for the variational lessons, returned scikit-learn style as ``(X, y)``.

Every function takes ``random_state`` (an int, a ``np.random.Generator`` or None) and gives
the same data for the same seed. ``X`` has shape ``(n_samples, n_features)`` (float64) and
``y`` shape ``(n_samples,)``: integer class labels, or floats for ``fourier_series``.

>>> X, y = moons(n_samples=10, random_state=0)
>>> X.shape, y.shape, sorted(set(y.tolist()))
((10, 2), (10,), [0, 1])
"""

from __future__ import annotations

import numpy as np
from sklearn import datasets as skdatasets

__all__ = ["circles", "fourier_coefficients", "fourier_series", "havlicek", "havlicek_labels", "havlicek_unitary",
           "moons", "parity", "reuploading_circle"]

#: Radius of the circle of Perez-Salinas et al. 2020: it covers half of the square [-1, 1]^2.
CIRCLE_RADIUS = float(np.sqrt(2 / np.pi))


def _n_samples(n, name: str = "n_samples") -> int:
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 1:
        raise ValueError(f"{name} must be a positive integer; got {n!r}")
    return int(n)


def _non_negative(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) or not value >= 0:
        raise ValueError(f"{name} must be a non-negative number; got {value!r}")
    return float(value)


def _rng(random_state) -> np.random.Generator:
    if isinstance(random_state, np.random.Generator):
        return random_state
    if random_state is None or (isinstance(random_state, (int, np.integer)) and not isinstance(random_state, bool)):
        return np.random.default_rng(random_state)
    raise TypeError(f"random_state must be an int, a numpy Generator or None; got {type(random_state).__name__}")


def _seed(random_state) -> int | None:
    """An int seed for scikit-learn's generators (which take legacy RandomState seeds)."""
    if random_state is None or isinstance(random_state, (int, np.integer)) and not isinstance(random_state, bool):
        return None if random_state is None else int(random_state)
    return int(_rng(random_state).integers(2**31 - 1))


def moons(n_samples: int = 200, noise: float = 0.1, random_state=None) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles (``sklearn.datasets.make_moons``), labels 0 and 1.

    Features lie in about ``[-1, 2] x [-0.5, 1]``; scale them before an angle encoding.

    >>> X, y = moons(4, noise=0.0, random_state=1)
    >>> int(y.sum())
    2
    """
    X, y = skdatasets.make_moons(_n_samples(n_samples), noise=_non_negative(noise, "noise"),
                                 random_state=_seed(random_state))
    return X.astype(np.float64), y.astype(np.int64)


def circles(n_samples: int = 200, noise: float = 0.05, factor: float = 0.5,
            random_state=None) -> tuple[np.ndarray, np.ndarray]:
    """A small circle (label 1) inside a large one (label 0), ``sklearn.datasets.make_circles``.

    ``factor`` is the ratio of the radii (in (0, 1)); the large circle has radius 1.

    >>> X, y = circles(6, noise=0.0, random_state=0)
    >>> np.round(np.linalg.norm(X, axis=1), 3)[np.argsort(y)].tolist()
    [1.0, 1.0, 1.0, 0.5, 0.5, 0.5]
    """
    if not isinstance(factor, (int, float, np.floating)) or not 0 < factor < 1:
        raise ValueError(f"factor must be in (0, 1); got {factor!r}")
    X, y = skdatasets.make_circles(_n_samples(n_samples), noise=_non_negative(noise, "noise"), factor=float(factor),
                                   random_state=_seed(random_state))
    return X.astype(np.float64), y.astype(np.int64)


def parity(n_bits: int = 4, n_samples: int | None = None, random_state=None) -> tuple[np.ndarray, np.ndarray]:
    """Bit strings and their parity (1 if the number of ones is odd).

    Args:
        n_bits: length of the strings (features).
        n_samples: None for all ``2**n_bits`` strings in order, else that many drawn
            uniformly with replacement.

    >>> X, y = parity(3)
    >>> X[5].tolist(), int(y[5])
    ([1.0, 0.0, 1.0], 0)
    """
    n_bits = _n_samples(n_bits, "n_bits")
    if n_samples is None:
        if n_bits > 20:
            raise ValueError(f"all 2**{n_bits} strings are too many; pass n_samples")
        idx = np.arange(2**n_bits)
        X = ((idx[:, None] >> np.arange(n_bits - 1, -1, -1)) & 1).astype(np.float64)
    else:
        X = _rng(random_state).integers(0, 2, (_n_samples(n_samples), n_bits)).astype(np.float64)
    return X, (X.sum(axis=1).astype(np.int64) % 2)


def fourier_coefficients(degree: int, random_state=None) -> np.ndarray:
    """Random coefficients ``c_0..c_degree`` of a real Fourier series, ``c_0`` real.

    Scaled so that ``|c_0| + 2 sum_k |c_k| = 1``, hence ``|g(x)| <= 1``: the series fits in the
    range of an expectation value. ``c_degree`` is never tiny (its magnitude is at least a
    tenth of the largest), so the top frequency is really present.

    >>> c = fourier_coefficients(2, random_state=0)
    >>> c.shape, bool(np.isclose(abs(c[0]) + 2 * np.abs(c[1:]).sum(), 1.0))
    ((3,), True)
    """
    if not isinstance(degree, (int, np.integer)) or isinstance(degree, bool) or degree < 0:
        raise ValueError(f"degree must be a non-negative integer; got {degree!r}")
    rng = _rng(random_state)
    mags = rng.uniform(0.1, 1.0, degree + 1)
    phases = rng.uniform(0, 2 * np.pi, degree + 1)
    c = mags * np.exp(1j * phases)
    c[0] = mags[0] * rng.choice([-1.0, 1.0])
    return c / (abs(c[0]) + 2 * np.abs(c[1:]).sum())


def fourier_series(n_samples: int = 100, degree: int = 2, coefficients=None, noise: float = 0.0,
                   grid: bool = True, random_state=None, return_coefficients: bool = False):
    """Samples of ``g(x) = c_0 + 2 Re sum_(k=1..degree) c_k exp(i k x)`` on ``[0, 2 pi)``.

    This is the target of Schuld, Sweke and Meyer 2021: a re-uploading model with ``L``
    uploads can fit it exactly when ``degree <= L``.

    Args:
        n_samples: number of points; grid: equally spaced on ``[0, 2 pi)`` if True, uniform
            random otherwise.
        degree: highest frequency (ignored when ``coefficients`` are given).
        coefficients: complex ``(degree + 1,)`` ``c_0..c_L``; default
            ``fourier_coefficients(degree, random_state)``.
        noise: standard deviation of Gaussian noise added to ``y``.
        return_coefficients: also return the coefficients.

    Returns:
        ``X (n_samples, 1)``, ``y (n_samples,)`` (and the coefficients if asked).

    >>> X, y = fourier_series(8, coefficients=[0.0, 0.5])  # g = cos x
    >>> np.allclose(y, np.cos(X[:, 0]))
    True
    """
    n = _n_samples(n_samples)
    rng = _rng(random_state)
    if coefficients is None:
        c = fourier_coefficients(degree, rng)
    else:
        c = np.asarray(coefficients, dtype=np.complex128)
        if c.ndim != 1 or c.size < 1:
            raise ValueError(f"coefficients must have shape (degree + 1,); got {c.shape}")
        if abs(c[0].imag) > 1e-12:
            raise ValueError(f"c_0 must be real for a real series; got {c[0]}")
    x = 2 * np.pi * np.arange(n) / n if grid else rng.uniform(0, 2 * np.pi, n)
    k = np.arange(1, c.size)
    y = c[0].real + 2 * np.real(np.exp(1j * np.outer(x, k)) @ c[1:])
    if noise:
        y = y + rng.normal(0, _non_negative(noise, "noise"), n)
    out = (x[:, None], y)
    return out + (c,) if return_coefficients else out


def reuploading_circle(n_samples: int = 200, random_state=None) -> tuple[np.ndarray, np.ndarray]:
    """Points uniform in ``[-1, 1]^2``, label 1 inside the circle of radius ``sqrt(2/pi)``.

    The data set of Perez-Salinas et al. 2020 ("Data re-uploading for a universal quantum
    classifier"): the circle covers half of the square, so the classes are balanced on average.

    >>> X, y = reuploading_circle(5, random_state=0)
    >>> bool(np.all((np.linalg.norm(X, axis=1) < np.sqrt(2 / np.pi)) == (y == 1)))
    True
    """
    X = _rng(random_state).uniform(-1, 1, (_n_samples(n_samples), 2))
    return X, (np.linalg.norm(X, axis=1) < CIRCLE_RADIUS).astype(np.int64)


def havlicek_unitary(n_qubits: int = 2, random_state=None) -> np.ndarray:
    """A Haar-random unitary ``(2**n, 2**n)`` (QR of a complex Gaussian matrix, phases fixed),
    the ``V`` of the Havlicek et al. 2019 labelling rule.

    >>> V = havlicek_unitary(2, random_state=0)
    >>> V.shape, bool(np.allclose(V @ V.conj().T, np.eye(4)))
    ((4, 4), True)
    """
    n = _n_samples(n_qubits, "n_qubits")
    if n > 10:
        raise ValueError(f"n_qubits must be at most 10 for a dense random unitary; got {n}")
    rng = _rng(random_state)
    dim = 2**n
    z = (rng.normal(size=(dim, dim)) + 1j * rng.normal(size=(dim, dim))) / np.sqrt(2)
    q, r = np.linalg.qr(z)
    return q * (np.diag(r) / np.abs(np.diag(r)))[None, :]


def havlicek_labels(X, V: np.ndarray, reps: int = 2) -> np.ndarray:
    """The value ``f(x) = <phi(x)| V^dagger Z...Z V |phi(x)>`` of Havlicek et al.'s rule.

    ``|phi(x)>`` is the ZZ feature map (``qmlcourse.encodings.zz_feature_map``, ``reps``
    repetitions, all pairs) and ``Z...Z`` the parity of all qubits.

    Args:
        X: ``(N, n)``, one feature per qubit; V: unitary ``(2**n, 2**n)``.

    Returns:
        ``f`` of shape ``(N,)``, in ``[-1, 1]``.

    >>> V = havlicek_unitary(2, random_state=0)
    >>> havlicek_labels(np.zeros((1, 2)), V).shape
    (1,)
    """
    from qmlcourse.encodings import zz_feature_map
    from qmlcourse.sim import Circuit

    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[0] < 1 or X.shape[1] < 1:
        raise ValueError(f"X must have shape (n_samples, n_qubits); got {X.shape}")
    n = X.shape[1]
    V = np.asarray(V, dtype=np.complex128)
    if V.shape != (2**n, 2**n):
        raise ValueError(f"V must have shape ({2**n}, {2**n}) for {n} features (one qubit each); got {V.shape}")
    if not np.allclose(V @ V.conj().T, np.eye(2**n), atol=1e-8):
        raise ValueError("V must be unitary")
    states = zz_feature_map(Circuit(n), reps=reps).statevector(X)
    rotated = states @ V.T  # rows: V |phi(x)>
    parity = 1 - 2 * (np.array([bin(b).count("1") for b in range(2**n)]) % 2)
    return np.clip((np.abs(rotated) ** 2) @ parity, -1.0, 1.0)


def havlicek(n_samples: int = 100, n_qubits: int = 2, gap: float = 0.3, reps: int = 2, random_state=None,
             return_unitary: bool = False):
    """The ZZ feature-map data set of Havlicek et al. 2019 (Nature 567, 209), balanced.

    Points are uniform in ``[0, 2 pi)^n``; with ``V = havlicek_unitary(n, rng)`` and
    ``f = havlicek_labels(x, V, reps)`` (the parity of all qubits measured after ``V`` on the
    ZZ feature state), a point gets label 1 if ``f >= gap``, 0 if ``f <= -gap``, and is
    discarded if ``|f| < gap``. Points are drawn until there are ``n_samples // 2`` of label 0
    and ``n_samples - n_samples // 2`` of label 1, kept in the order they were drawn. The
    labels are exactly those of a linear function of the feature state, so a fidelity-kernel
    SVM with the same feature map (``FidelityKernel(feature_map="zz", reps=reps)``) separates
    them with a margin, which classical kernels need not do.

    Args:
        n_samples: at least 2; n_qubits: features (1 to 6); gap: in ``[0, 1)``;
        reps: repetitions of the feature map; random_state: int, Generator or None;
        return_unitary: also return ``V``.

    Returns:
        ``X (n_samples, n_qubits)`` float64, ``y (n_samples,)`` int64 (and ``V``).

    >>> X, y = havlicek(20, random_state=0)
    >>> X.shape, int(y.sum()), bool(X.min() >= 0 and X.max() < 2 * np.pi)
    ((20, 2), 10, True)
    """
    n_samples = _n_samples(n_samples)
    if n_samples < 2:
        raise ValueError(f"n_samples must be at least 2 (one point per class); got {n_samples}")
    n = _n_samples(n_qubits, "n_qubits")
    if n > 6:
        raise ValueError(f"n_qubits must be at most 6; got {n}")
    gap = _non_negative(gap, "gap")
    if gap >= 1:
        raise ValueError(f"gap must be in [0, 1) (|f| <= 1); got {gap}")
    reps = _n_samples(reps, "reps")
    rng = _rng(random_state)
    V = havlicek_unitary(n, rng)
    want = {0: n_samples // 2, 1: n_samples - n_samples // 2}
    kept: dict[int, list[np.ndarray]] = {0: [], 1: []}
    order: list[tuple[int, int]] = []  # (class, index in its list), in the order drawn
    counts = {0: 0, 1: 0}
    for _ in range(1000):
        batch = rng.uniform(0, 2 * np.pi, (max(64, 2 * n_samples), n))
        f = havlicek_labels(batch, V, reps)
        for x, value in zip(batch, f, strict=True):
            label = 1 if value >= gap else 0 if value <= -gap else None
            if label is None or counts[label] >= want[label]:
                continue
            kept[label].append(x)
            order.append((label, counts[label]))
            counts[label] += 1
        if counts[0] >= want[0] and counts[1] >= want[1]:
            break
    else:  # pragma: no cover - only for a gap so large that almost no point passes
        raise ValueError(f"could not draw {n_samples} points with |f| >= {gap}: try a smaller gap")
    X = np.array([kept[c][i] for c, i in order], dtype=np.float64)
    y = np.array([c for c, _ in order], dtype=np.int64)
    return (X, y, V) if return_unitary else (X, y)
