"""Exercises and concept checks of lesson ``vqc.fourier`` (notebooks/13_reuploading_and_fourier.ipynb).

Three exercises on the Fourier picture of data re-uploading models:

* ``accessible_frequencies``: the frequencies ``L`` encodings with a given generator spectrum
  can reach (all differences of sums of eigenvalues);
* ``fourier_coefficients``: the coefficients ``c_-K..c_K`` of a periodic function from its
  samples on an equispaced grid (the FFT with the right normalisation, sign and order);
* ``fit_series`` (a design): choose the number of re-uploadings of a single-qubit model and
  train it so that its output matches a given Fourier series; graded on the function the
  returned weights compute, so any model size that works and any training passes.

Two concept checks: what deeper trainable blocks cannot add, and the spectrum of ``RX(2x)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from typing import Any

import numpy as np

from qmlcourse import ansatz
from qmlcourse.exercises import Concept, Exercise, Mistake, Option, case, compare
from qmlcourse.grading.compare import Failure
from qmlcourse.optim import Adam
from qmlcourse.sim import Circuit, feature, weight

# --------------------------------------------------------------------------- accessible_frequencies


def accessible_frequencies(n_uploads, eigenvalues):
    """All differences of sums of n_uploads eigenvalues, sorted, as a float array."""
    lam = np.asarray(eigenvalues, dtype=float)
    sums = np.zeros(1)
    for _ in range(n_uploads):  # eigenvalues of the n-fold encoding: every sum of n eigenvalues
        sums = np.unique(np.round(np.add.outer(sums, lam).ravel(), 10))
    # a frequency is a difference: one sum from the ket, one from the bra
    return np.unique(np.round(np.subtract.outer(sums, sums).ravel(), 10)) + 0.0


def _freq_cases(rng: np.random.Generator) -> list:
    scale = float(np.round(rng.uniform(0.6, 1.8), 3))
    n = int(rng.integers(2, 4))
    return [
        case(1, [-0.5, 0.5], label="1 upload of RX(x): eigenvalues +-1/2"),
        case(3, [-0.5, 0.5], label="3 uploads of RX(x)"),
        case(2, [-1.0, 1.0], label="2 uploads of exp(-i x X): eigenvalues +-1"),
        case(2, [0.0, 1.0], label="2 uploads of the phase gate P(x): eigenvalues 0 and 1"),
        case(1, [-1.0, 0.0, 1.0], label="1 upload of a spin-1 generator: eigenvalues -1, 0, 1"),
        case(2, [0.0, 1.0, 3.0], label="2 uploads of a generator with eigenvalues 0, 1, 3"),
        case(n, [-scale / 2, scale / 2], label=f"{n} uploads of RX({scale:g} x)"),
    ]


def _freq_nonnegative(n_uploads, eigenvalues):
    f = accessible_frequencies(n_uploads, eigenvalues)
    return f[f >= 0]


def _freq_positive(n_uploads, eigenvalues):
    f = accessible_frequencies(n_uploads, eigenvalues)
    return f[f > 0]


def _freq_no_zero(n_uploads, eigenvalues):
    f = accessible_frequencies(n_uploads, eigenvalues)
    return f[f != 0]


def _freq_integers(n_uploads, eigenvalues):
    return np.arange(-n_uploads, n_uploads + 1, dtype=float)


def _freq_single_times_l(n_uploads, eigenvalues):
    return n_uploads * accessible_frequencies(1, eigenvalues) + 0.0


def _freq_sums(n_uploads, eigenvalues):
    lam = np.asarray(eigenvalues, dtype=float)
    sums = np.zeros(1)
    for _ in range(n_uploads):
        sums = np.unique(np.round(np.add.outer(sums, lam).ravel(), 10))
    return sums + 0.0


def _freq_brute_force(n_uploads, eigenvalues):
    sums = [sum(choice) for choice in product(eigenvalues, repeat=n_uploads)]
    return np.array(sorted({round(a - b, 9) + 0.0 for a in sums for b in sums}))


def _freq_sorted_list(n_uploads, eigenvalues):
    diffs = {0.0}
    one = {round(a - b, 9) for a in eigenvalues for b in eigenvalues}
    for _ in range(n_uploads):  # frequencies of L uploads = sums of L one-upload frequencies
        diffs = {round(d + e, 9) + 0.0 for d in diffs for e in one}
    return sorted(diffs)


ACCESSIBLE_FREQUENCIES = Exercise(
    id="vqc.fourier/accessible_frequencies",
    title="The frequencies an encoding can reach",
    statement=(
        "A scalar x is encoded n_uploads times by exp(-i x G), G with the given eigenvalues. "
        "Return the sorted frequencies the model's expectation value can contain."
    ),
    template='''def accessible_frequencies(n_uploads, eigenvalues):
    """Return the frequencies a data re-uploading model can contain, sorted.

    n_uploads:   L, the number of times x is encoded by a gate exp(-i x G).
    eigenvalues: a list of the real eigenvalues of the generator G (e.g. [-0.5, 0.5] for
                 RX(x) = exp(-i x X / 2)).
    Returns: a 1-D array of floats, sorted increasingly, each frequency once (negative,
             zero and positive ones).
    Example: accessible_frequencies(1, [-0.5, 0.5]) -> array([-1., 0., 1.])
    """
    raise NotImplementedError("list the frequencies")
''',
    reference=accessible_frequencies,
    cases=_freq_cases,
    answer=compare.array(atol=1e-8, rtol=0.0, real=True, what="frequencies"),
    mistakes=[
        Mistake(
            _freq_nonnegative,
            "you returned only the non-negative frequencies: every difference a - b comes with b - a, so "
            "each frequency w > 0 has its partner -w (for a real output, c_-w = conj(c_w))",
        ),
        Mistake(
            _freq_positive,
            "you returned only the positive frequencies: the negative ones (-w for every w) belong to the "
            "spectrum, and so does 0 (the same eigenvalues in the bra and the ket, the constant term)",
        ),
        Mistake(
            _freq_no_zero,
            "the frequency 0 is missing: choosing the same eigenvalues in the bra and in the ket gives the "
            "difference 0, the constant term c_0 of the series",
        ),
        Mistake(
            _freq_integers,
            "you returned the integers -L..L whatever the generator: that is the spectrum for eigenvalues "
            "+-1/2 (RX, RY, RZ) only; for exp(-i x X), eigenvalues +-1, the frequencies are the even "
            "numbers -2L..2L, and in general the differences of sums of the given eigenvalues",
        ),
        Mistake(
            _freq_single_times_l,
            "you multiplied the frequencies of one upload by L: the frequencies of the L uploads add up "
            "in every combination, so the values in between appear too (for RX, every integer from -L to L)",
        ),
        Mistake(
            _freq_sums,
            "you returned the sums of L eigenvalues (the eigenvalues of the whole encoding): a frequency "
            "is the DIFFERENCE of two such sums, one from the ket and one from the bra",
        ),
    ],
    alternatives=[_freq_brute_force, _freq_sorted_list],
    hints=[
        "The expectation value contains exp(i x (s - s')) where s and s' are sums of one eigenvalue "
        "per upload: s from the ket, s' from the bra.",
        "First build every sum of n_uploads eigenvalues (a set that grows by adding each eigenvalue "
        "to each sum so far, n_uploads times), then take all differences of two of them. Round to "
        "about 10 decimals before removing duplicates.",
        "sums = np.zeros(1); repeat n_uploads times: sums = np.unique(np.round(np.add.outer(sums, lam)"
        ".ravel(), 10)); then return np.unique(np.round(np.subtract.outer(sums, sums).ravel(), 10)).",
    ],
    seed=131,
)


# --------------------------------------------------------------------------- fourier_coefficients


def fourier_coefficients(values, max_freq):
    """c_-K..c_K of a function sampled at x_j = 2 pi j / N."""
    values = np.asarray(values)
    n = values.shape[0]
    c = np.fft.fft(values) / n  # c_k = (1/N) sum_j f(x_j) exp(-i k x_j), stored as c_0..c_(N-1)
    # c_(N-k) is c_(-k): put the negative frequencies first
    return np.concatenate([c[n - max_freq:], c[: max_freq + 1]])


def _real_series(rng: np.random.Generator, degree: int, n: int) -> np.ndarray:
    c = (rng.normal(size=degree + 1) + 1j * rng.normal(size=degree + 1)) / (1 + np.arange(degree + 1))
    c[0] = c[0].real
    x = 2 * np.pi * np.arange(n) / n
    k = np.arange(1, degree + 1)
    return c[0].real + 2 * np.real(np.exp(1j * np.outer(x, k)) @ c[1:])


def _coef_cases(rng: np.random.Generator) -> list:
    return [
        case(_real_series(rng, 1, 8), 1, label="8 samples of a degree-1 series, K = 1"),
        case(_real_series(rng, 2, 16), 3, label="16 samples of a degree-2 series, K = 3"),
        case(_real_series(rng, 3, 21), 3, label="21 samples (odd N) of a degree-3 series, K = 3"),
        case(_real_series(rng, 5, 32), 3, label="32 samples of a degree-5 series, K = 3 (higher ones left out)"),
        case(_real_series(rng, 4, 25), 6, label="25 samples of a degree-4 series, K = 6"),
    ]


def _coef_no_normalisation(values, max_freq):
    return fourier_coefficients(values, max_freq) * len(values)


def _coef_wrong_sign(values, max_freq):
    n = len(values)
    c = np.fft.ifft(values)  # the + sign in the exponent, already divided by N
    return np.concatenate([c[n - max_freq:], c[: max_freq + 1]])


def _coef_nonnegative_only(values, max_freq):
    return np.fft.fft(values)[: max_freq + 1] / len(values)


def _coef_fft_order(values, max_freq):
    n = len(values)
    c = np.fft.fft(values) / n
    return np.concatenate([c[: max_freq + 1], c[n - max_freq:]])


def _coef_direct_sum(values, max_freq):
    n = len(values)
    x = 2 * np.pi * np.arange(n) / n
    k = np.arange(-max_freq, max_freq + 1)
    return np.exp(-1j * np.outer(k, x)) @ np.asarray(values) / n


def _coef_rfft(values, max_freq):
    half = np.fft.rfft(values)[: max_freq + 1] / len(values)  # c_0..c_K of a real function
    return np.concatenate([np.conj(half[1:][::-1]), half])  # c_-k = conj(c_k)


FOURIER_COEFFICIENTS = Exercise(
    id="vqc.fourier/fourier_coefficients",
    title="Fourier coefficients from samples",
    statement=(
        "Given samples of a real 2 pi-periodic function on the grid x_j = 2 pi j / N, return its "
        "Fourier coefficients c_-K..c_K."
    ),
    template='''def fourier_coefficients(values, max_freq):
    """Return the Fourier coefficients c_-K, ..., c_0, ..., c_K of a periodic function.

    values:   real array of shape (N,), the samples f(x_j) at x_j = 2 pi j / N, j = 0..N-1
              (one period, the endpoint 2 pi left out).
    max_freq: K, with N >= 2K + 1.
    Returns: a complex array of shape (2K + 1,), entry K + k holding c_k, where
             f(x) = sum_k c_k exp(i k x) (so c_-k = conj(c_k) for a real f).
    Example: for values = np.cos(2 * np.pi * np.arange(8) / 8) and max_freq = 1 the
             result is [0.5, 0, 0.5] (cos x = (exp(ix) + exp(-ix)) / 2).
    """
    raise NotImplementedError("compute the coefficients")
''',
    reference=fourier_coefficients,
    cases=_coef_cases,
    answer=compare.array(atol=1e-9, rtol=0.0, what="coefficients"),
    mistakes=[
        Mistake(
            _coef_no_normalisation,
            "no 1/N: np.fft.fft sums over the N samples without dividing; the coefficient is an average, "
            "c_k = (1/N) sum_j f(x_j) exp(-i k x_j) (c_0 is the mean of f)",
        ),
        Mistake(
            _coef_wrong_sign,
            "wrong sign in the exponent: with exp(+i k x_j) you get c_-k = conj(c_k) in place of c_k; "
            "c_k = (1/N) sum_j f(x_j) exp(-i k x_j), which is np.fft.fft(values) / N",
        ),
        Mistake(
            _coef_nonnegative_only,
            "you returned only c_0..c_K: the answer runs from c_-K to c_K (2K + 1 entries); np.fft.fft "
            "stores c_-k at index N - k, at the end of its output",
        ),
        Mistake(
            _coef_fft_order,
            "your coefficients are in np.fft.fft's order (c_0, c_1, ..., c_K, then c_-K, ..., c_-1): put "
            "the negative frequencies first, c_-K, ..., c_-1, c_0, c_1, ..., c_K",
        ),
    ],
    alternatives=[_coef_direct_sum, _coef_rfft],
    hints=[
        "The coefficient c_k is the average over the grid of f(x_j) exp(-i k x_j).",
        "np.fft.fft(values) computes sum_j values[j] exp(-2 pi i k j / N) for k = 0..N-1; divide by N. "
        "Index N - k holds the frequency -k.",
        "c = np.fft.fft(values) / N; return np.concatenate([c[N - max_freq:], c[:max_freq + 1]]).",
    ],
    seed=132,
)


# --------------------------------------------------------------------------- fit_series

#: The check evaluates models on this grid (64 points of one period).
CHECK_GRID = 2 * np.pi * np.arange(64) / 64


def _series_values(coeffs, x) -> np.ndarray:
    c = np.asarray(coeffs, dtype=complex)
    k = np.arange(1, c.size)
    return c[0].real + 2 * np.real(np.exp(1j * np.outer(x, k)) @ c[1:])


def _model_circuit(n_layers: int) -> Circuit:
    """The circuit of ``qmlcourse.ansatz.reuploading(Circuit(1), n_layers)`` (also for 0 layers)."""
    c = Circuit(1)
    for block in range(n_layers + 1):
        c.rot(weight(3 * block), weight(3 * block + 1), weight(3 * block + 2), 0)
        if block < n_layers:
            c.rx(feature(0), 0)
    return c


def _weights_problem(value: Any) -> str | None:
    if value is None:
        return "returned None: did you forget the `return` statement?"
    if np.iscomplexobj(value):
        return "returned complex numbers: the weights are real rotation angles"
    try:
        w = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return "returned something that is not an array of real weights"
    if w.ndim == 0 or w.size % 3 or w.size < 3 or w.ndim > 3 or (w.ndim >= 2 and w.shape[-1] != 3):
        return (f"returned shape {w.shape}: expected the weights of ansatz.reuploading(Circuit(1), n_layers), "
                "shape (n_layers + 1, 1, 3) (or (n_layers + 1, 3), or flattened)")
    if w.ndim == 3 and w.shape[1] != 1:
        return f"returned shape {w.shape}: one qubit means shape (n_layers + 1, 1, 3)"
    if not np.all(np.isfinite(w)):
        return "your weights contain NaN or infinite values"
    return None


def model_values(weights) -> np.ndarray:
    """``<Z0>`` of the single-qubit re-uploading model with these weights on ``CHECK_GRID``."""
    w = np.asarray(weights, dtype=float).ravel()
    return _model_circuit(w.size // 3 - 1).expval("Z0", CHECK_GRID[:, None], w)


@dataclass(frozen=True)
class _ModelFunction(compare.Answer):
    """Compares the FUNCTIONS two weight arrays compute (on ``CHECK_GRID``), whatever their size."""

    def judge(self, value: Any, expected: Any, label: str = "", *, validity: bool = True) -> Failure | None:
        problem = _weights_problem(value)
        if problem is not None:
            return Failure("shape", problem)
        got_layers = np.asarray(value).size // 3 - 1
        degree = np.asarray(expected).size // 3 - 1  # the reference uses exactly as many layers as the degree
        if validity and got_layers < degree:
            return Failure(
                "validity",
                f"your weights describe {got_layers} re-uploading(s), so the model's frequencies stop at "
                f"{got_layers}; the target has degree {degree}, and its frequency-{degree} part cannot be fitted "
                "by any weights",
            )
        return super().judge(model_values(value), model_values(expected), label, validity=validity)


def fit_series(coeffs):
    """Weights of a single-qubit re-uploading model whose <Z0> matches the series."""
    coeffs = np.asarray(coeffs, dtype=complex)
    n_layers = coeffs.size - 1  # degree D needs D re-uploadings of RX(x): frequencies -D..D
    x = 2 * np.pi * np.arange(4 * n_layers + 8) / (4 * n_layers + 8)
    k = np.arange(1, coeffs.size)
    y = coeffs[0].real + 2 * np.real(np.exp(1j * np.outer(x, k)) @ coeffs[1:])
    circuit = ansatz.reuploading(Circuit(1), n_layers)
    rng = np.random.default_rng(0)
    for _attempt in range(4):  # 8 random starts trained at once (a batch of weight sets)
        w = rng.uniform(0, 2 * np.pi, (8, circuit.n_weights))
        opt = Adam(lr=0.1)
        for _ in range(300):
            f, g = circuit.expval_and_gradient("Z0", x[:, None], w)  # (8, N), (8, N, n_weights)
            w = opt.step(w, 2 * np.einsum("pn,pnw->pw", f - y, g) / y.size)
        mse = np.mean((circuit.expval("Z0", x[:, None], w) - y) ** 2, axis=1)
        if mse.min() < 1e-7:
            break
    return w[np.argmin(mse)].reshape(ansatz.reuploading_shape(n_layers, 1))


@lru_cache(maxsize=64)
def _fit_cached(target: tuple, n_layers: int) -> np.ndarray:
    """Best weights (flat) of ``_model_circuit(n_layers)`` for the series with coefficients ``target``."""
    c = np.array(target, dtype=complex)
    if n_layers == 0:  # a constant: <Z> = cos(theta) of the Rot's middle angle
        return np.array([0.0, float(np.arccos(np.clip(c[0].real, -1, 1))), 0.0])
    x = 2 * np.pi * np.arange(4 * n_layers + 8) / (4 * n_layers + 8)
    y = _series_values(c, x)
    circuit = _model_circuit(n_layers)
    w = np.random.default_rng(1).uniform(0, 2 * np.pi, (8, circuit.n_weights))
    opt = Adam(lr=0.1)
    for _ in range(300):
        f, g = circuit.expval_and_gradient("Z0", x[:, None], w)
        w = opt.step(w, 2 * np.einsum("pn,pnw->pw", f - y, g) / y.size)
    mse = np.mean((circuit.expval("Z0", x[:, None], w) - y) ** 2, axis=1)
    return w[int(np.argmin(mse))]


def _key(coeffs) -> tuple:
    return tuple(complex(v) for v in np.asarray(coeffs, dtype=complex))


def _fit_too_few_layers(coeffs):
    c = np.asarray(coeffs, dtype=complex)
    return _fit_cached(_key(c[:-1]), c.size - 2)  # the best fit of degree D - 1: the truncated series


def _fit_mirrored(coeffs):
    # the fit of g(-x): RX(-x) = conj(RX(x)), so conjugating every gate (Rot angles phi, omega -> -phi, -omega)
    w = _fit_cached(_key(coeffs), len(coeffs) - 1).reshape(-1, 3) * np.array([-1.0, 1.0, -1.0])
    return w.ravel()


def _fit_cosines_only(coeffs):
    return _fit_cached(_key(np.real(np.asarray(coeffs, dtype=complex))), len(coeffs) - 1)


def _fit_half_terms(coeffs):
    c = np.asarray(coeffs, dtype=complex).copy()
    c[1:] /= 2  # fits c_0 + Re sum_k c_k e^{ikx}: the negative frequencies left out
    return _fit_cached(_key(c), len(coeffs) - 1)


def _fit_more_layers(coeffs):
    c = np.concatenate([np.asarray(coeffs, dtype=complex), [0.0]])  # one re-uploading to spare
    return _fit_cached(_key(c), c.size - 1).reshape(-1, 3)


def _fit_cases(rng: np.random.Generator) -> list:
    out = []
    for degree in (1, 2, 3):
        while True:  # coefficients whose imaginary parts and top frequency are clearly present
            mags = rng.uniform(0.3, 1.0, degree + 1)
            phases = rng.uniform(0.3, 1.3, degree + 1) * rng.choice([-1, 1], degree + 1)
            c = mags * np.exp(1j * phases)
            c[0] = c[0].real * rng.choice([-1.0, 1.0])
            c = 0.9 * c / (abs(c[0]) + 2 * np.abs(c[1:]).sum())
            c = np.round(c, 4)
            if np.max(np.abs(c.imag)) > 0.05 and abs(c[-1]) > 0.05:
                break
        out.append(case(c, label=f"a degree-{degree} series"))
    return out


FIT_SERIES = Exercise(
    id="vqc.fourier/fit_series",
    title="Design and train a model for a Fourier series",
    statement=(
        "Choose the number of re-uploadings of the single-qubit model ansatz.reuploading(Circuit(1), n_layers) "
        "and train its weights so that <Z0> reproduces a given Fourier series of degree 1 to 3."
    ),
    template='''def fit_series(coeffs):
    """Return trained weights of a single-qubit re-uploading model that reproduces a series.

    coeffs: complex array of shape (D + 1,), the coefficients c_0, c_1, ..., c_D (c_0 real,
            D between 1 and 3) of the target g(x) = c_0 + 2 Re sum_(k=1..D) c_k exp(i k x),
            with |g(x)| <= 1 everywhere.
    The model is qmlcourse.ansatz.reuploading(Circuit(1), n_layers), measured as <Z0>:
    a Rot, then n_layers times RX(x) followed by a Rot. You choose n_layers.
    Returns: the weights, shape ansatz.reuploading_shape(n_layers, 1) = (n_layers + 1, 1, 3)
             (a flat array of 3 (n_layers + 1) numbers is accepted too).
    The check evaluates your model on 64 points of [0, 2 pi) and compares it with the
    target to 0.02. Training is up to you (qmlcourse.optim.Adam and
    Circuit.expval_and_gradient are available); keep it to a few seconds.
    Example: for coeffs = [0.2, 0.3] (g = 0.2 + 0.6 cos x) one re-uploading suffices.
    """
    raise NotImplementedError("choose n_layers and train the weights")
''',
    reference=fit_series,
    cases=_fit_cases,
    answer=_ModelFunction("array", atol=0.02, rtol=0.0, real=True, diagnoses=(),
                          what="model output (compared with the target on 64 points)"),
    mistakes=[
        Mistake(
            _fit_too_few_layers,
            "your model has one re-uploading fewer than the degree of the target: its frequencies stop "
            "at D - 1, so the best it can do is the target without its frequency-D term (mean squared "
            "error at least 2 |c_D|^2, by Parseval)",
        ),
        Mistake(
            _fit_mirrored,
            "your model fits g(-x), the target mirrored: the series is c_0 + 2 Re sum_k c_k exp(+i k x); "
            "check the sign of the exponent where you build the training targets",
        ),
        Mistake(
            _fit_cosines_only,
            "your model fits only the cosine part: you dropped the imaginary parts of the coefficients, but "
            "2 Re(c_k exp(i k x)) = 2 Re(c_k) cos(k x) - 2 Im(c_k) sin(k x)",
        ),
        Mistake(
            _fit_half_terms,
            "your model fits c_0 + Re sum_k c_k exp(i k x): the factor 2 is missing. It comes from the "
            "negative frequencies, c_-k exp(-i k x) = conj(c_k exp(i k x)), which double every k > 0 term",
        ),
    ],
    alternatives=[_fit_more_layers],
    hints=[
        "Two decisions: how many re-uploadings (a degree-D series needs frequencies up to D), and a "
        "training loop that minimises the mean squared error between <Z0> and g on a grid of x values.",
        "Use n_layers = D. Sample g on a grid of about 4D + 8 points of [0, 2 pi), then run Adam on "
        "mean (f - y)^2 with gradients from circuit.expval_and_gradient('Z0', x[:, None], w). Training "
        "several random starts at once (w of shape (P, n_weights)) and keeping the best avoids a bad "
        "local minimum.",
        "circuit = ansatz.reuploading(Circuit(1), D); w = rng.uniform(0, 2 pi, (8, circuit.n_weights)); "
        "300 times: f, g = circuit.expval_and_gradient('Z0', X, w); w = opt.step(w, 2 * np.einsum("
        "'pn,pnw->pw', f - y, g) / len(y)); return the row with the smallest error, reshaped to "
        "(D + 1, 1, 3).",
    ],
    preamble=(
        "import numpy as np\n\nfrom qmlcourse import ansatz\nfrom qmlcourse.optim import Adam\n"
        "from qmlcourse.sim import Circuit\n"
    ),
    time_limit=60.0,
    seed=133,
)


# --------------------------------------------------------------------------- concept checks

DEEPER_BLOCKS = Concept(
    id="vqc.fourier/deeper_blocks",
    question=(
        "A single-qubit model encodes x three times with RX(x), with trainable blocks in between. The "
        "target contains a cos(4x) term. What helps the model fit that term?"
    ),
    options=[
        Option("Training longer, or from a better starting point.", why=(
            "No weights give the model a frequency 4: three RX(x) encodings reach the integers -3..3 only, "
            "so the cos(4x) part stays unfitted whatever the optimiser does.")),
        Option("Deeper trainable blocks (more Rot gates between the encodings).", why=(
            "The trainable blocks set the coefficients of the frequencies, not the frequencies: these come "
            "from the eigenvalues of the encoding gates and the number of encodings.")),
        Option("A fourth encoding, or an encoding RX(2x) in place of one RX(x).", correct=True, why=(
            "Four RX(x) encodings reach -4..4. With RX(x), RX(x), RX(2x) the sums of eigenvalues run "
            "from -2 to 2, so the differences reach 4 as well.")),
    ],
)

SCALED_ENCODING = Concept(
    id="vqc.fourier/scaled_encoding",
    question="A one-layer model encodes x once with RX(2x) instead of RX(x). Which frequencies can its output contain?",
    options=[
        Option("-1, 0, 1", why=(
            "That is the spectrum of RX(x), eigenvalues +-1/2. RX(2x) = exp(-i x X) has generator X, "
            "eigenvalues +-1.")),
        Option("-2, 0, 2", correct=True, why=(
            "The differences of the eigenvalues +-1 are -2, 0 and 2: the range doubles, but frequency 1 "
            "is missing, so cos(x) cannot be fitted.")),
        Option("-2, -1, 0, 1, 2", why=(
            "One encoding gives only the differences of two eigenvalues: +-1 - (+-1) is -2, 0 or 2. "
            "The odd frequencies would need a second encoding with eigenvalues +-1/2.")),
    ],
)
