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

__all__ = ["circles", "fourier_coefficients", "fourier_series", "moons", "parity", "reuploading_circle"]

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
