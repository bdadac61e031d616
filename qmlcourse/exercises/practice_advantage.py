"""Exercises and concept checks of lesson ``practice.advantage`` (notebooks/22_practice_advantage.ipynb).

Two exercises:

* ``length_squared_distribution``: the row-sampling distribution of length-squared
  (l2-norm) sampling access, ``p_i = ||A_i||^2 / ||A||_F^2``, the data access that Tang's
  quantum-inspired algorithms (Tang 2019) assume in place of a quantum state of the data;
* ``fair_comparison`` (a decision): from the test accuracies of a quantum model and of its
  classical baseline on the same splits, decide whether the quantum model is better by more
  than the split-to-split noise, by the rule of section 1 of the lesson (the mean of the paired
  differences larger than two of its standard errors).

Three concept checks: what dequantisation showed, why the discrete-logarithm advantage of
Liu, Arunachalam and Temme (2021) needs a fault-tolerant computer, and what a fair tuning
budget is.
"""

from __future__ import annotations

import numpy as np

from qmlcourse.exercises import Concept, Exercise, Mistake, Option, case, compare

# --------------------------------------------------------------------------- length_squared_distribution


def length_squared_distribution(A):
    """p_i = ||A_i||^2 / ||A||_F^2: the probability of drawing row i in length-squared sampling."""
    A = np.asarray(A)
    row_sq = np.sum(np.abs(A) ** 2, axis=1)  # squared Euclidean length of every row
    return row_sq / row_sq.sum()  # divided by the squared Frobenius norm, the sum of all of them


def _lsd_not_squared(A):
    norms = np.linalg.norm(np.asarray(A), axis=1)
    return norms / norms.sum()


def _lsd_not_normalised(A):
    return np.sum(np.abs(np.asarray(A)) ** 2, axis=1)


def _lsd_columns(A):
    A = np.asarray(A)
    col_sq = np.sum(np.abs(A) ** 2, axis=0)
    return col_sq / col_sq.sum()


def _lsd_l1(A):
    s = np.sum(np.abs(np.asarray(A)), axis=1)
    return s / s.sum()


def _lsd_via_norms(A):
    A = np.asarray(A)
    return np.linalg.norm(A, axis=1) ** 2 / np.linalg.norm(A) ** 2


def _lsd_einsum(A):
    A = np.asarray(A)
    row_sq = np.einsum("ij,ij->i", A.conj(), A).real
    return row_sq / np.vdot(A, A).real


def _lsd_cases(rng: np.random.Generator) -> list:
    def uneven(m, n):  # rows of very different lengths, as in a real preference matrix
        return rng.normal(size=(m, n)) * rng.uniform(0.1, 3.0, size=(m, 1))

    return [
        case(uneven(5, 3), label="5 x 3 matrix, rows of different lengths"),
        case(uneven(4, 7), label="4 x 7 matrix (more columns than rows)"),
        case(np.array([[3.0, 4.0], [1.0, 0.0], [0.0, -2.0]]), label="3 x 2 matrix with row lengths 5, 1, 2"),
        case(rng.normal(size=(6, 4)) + 1j * rng.normal(size=(6, 4)), label="6 x 4 complex matrix"),
        case(np.outer(rng.uniform(0.5, 2.0, 8), rng.normal(size=5)), label="8 x 5 matrix of rank 1"),
    ]


LENGTH_SQUARED_DISTRIBUTION = Exercise(
    id="practice.advantage/length_squared_distribution",
    title="Length-squared row sampling",
    statement=(
        "Return the probabilities with which length-squared (l2-norm) sampling access draws each row "
        "index of a matrix A."
    ),
    template='''def length_squared_distribution(A):
    """Return the probability of drawing each row index in length-squared sampling of A.

    A: array of shape (m, n), real or complex, not all zero.
    Returns: a real array of shape (m,), non-negative, summing to 1: entry i is the
             probability that length-squared sampling of the rows of A draws row i.
    Example: length_squared_distribution(np.array([[3.0, 4.0], [0.0, 0.0]])) -> array([1., 0.])
    """
    raise NotImplementedError("compute the row-sampling distribution")
''',
    reference=length_squared_distribution,
    cases=_lsd_cases,
    answer=compare.probabilities(atol=1e-10),
    mistakes=[
        Mistake(
            _lsd_not_squared,
            "you used the row lengths ||A_i|| without squaring them: length-squared sampling draws row i with "
            "probability ||A_i||^2 / ||A||_F^2, so a row twice as long is drawn four times as often, not twice",
        ),
        Mistake(
            _lsd_not_normalised,
            "you returned the squared row lengths ||A_i||^2 themselves: they do not sum to 1; divide by their sum, "
            "which is the squared Frobenius norm ||A||_F^2",
        ),
        Mistake(
            _lsd_columns,
            "you summed over the rows (axis 0) and got one number per column: the squared column lengths. Row "
            "sampling needs one number per row, the sum of |A_ij|^2 over j (axis 1)",
        ),
        Mistake(
            _lsd_l1,
            "you summed |A_ij| over each row (the l1 norm): length-squared sampling uses the sum of |A_ij|^2, "
            "the squared Euclidean (l2) length of the row",
        ),
    ],
    alternatives=[_lsd_via_norms, _lsd_einsum],
    hints=[
        "A row is drawn with a probability proportional to its squared Euclidean length, the quantity a "
        "quantum state made from the row would carry as its normalisation.",
        "The squared length of row i is the sum over j of |A_ij|^2 (use the modulus: the entries may be "
        "complex); the probabilities must sum to 1.",
        "row_sq = np.sum(np.abs(A) ** 2, axis=1); return row_sq / row_sq.sum().",
    ],
    seed=221,
)


# --------------------------------------------------------------------------- fair_comparison


def fair_comparison(quantum, classical):
    """True when the mean paired improvement of the quantum model exceeds two standard errors."""
    d = np.asarray(quantum, dtype=float) - np.asarray(classical, dtype=float)  # one difference per split
    se = d.std(ddof=1) / np.sqrt(d.size)  # the standard error of the mean difference
    return bool(d.mean() > 2 * se)


def _fc_best_of(quantum, classical):
    return bool(np.max(quantum) > np.mean(classical))


def _fc_means(quantum, classical):
    return bool(np.mean(quantum) > np.mean(classical))


def _fc_unpaired(quantum, classical):
    q, c = np.asarray(quantum, dtype=float), np.asarray(classical, dtype=float)
    se = np.sqrt(q.var(ddof=1) / q.size + c.var(ddof=1) / c.size)
    return bool(q.mean() - c.mean() > 2 * se)


def _fc_two_sided(quantum, classical):
    d = np.asarray(quantum, dtype=float) - np.asarray(classical, dtype=float)
    return bool(abs(d.mean()) > 2 * d.std(ddof=1) / np.sqrt(d.size))


def _fc_std(quantum, classical):
    d = np.asarray(quantum, dtype=float) - np.asarray(classical, dtype=float)
    return bool(d.mean() > 2 * d.std(ddof=1))


def _fc_t_statistic(quantum, classical):
    d = np.asarray(quantum, dtype=float) - np.asarray(classical, dtype=float)
    # the same rule written as a t statistic; a zero spread with a positive mean is a clear win
    sd = np.std(d, ddof=1)
    if sd == 0:
        return bool(d.mean() > 0)
    return bool(d.mean() / (sd / np.sqrt(len(d))) > 2)


def _fc_loop(quantum, classical):
    diffs = [float(q) - float(c) for q, c in zip(quantum, classical, strict=True)]
    n = len(diffs)
    mean = sum(diffs) / n
    var = sum((x - mean) ** 2 for x in diffs) / (n - 1)
    return mean > 2 * (var / n) ** 0.5


def _fc_cases(rng: np.random.Generator) -> list:
    a = np.array
    return [
        # clearly better on every split: every rule but "different" and "std" says yes for the same reasons
        case(a([0.90, 0.88, 0.93, 0.86, 0.91]), a([0.85, 0.84, 0.88, 0.80, 0.87]),
             label="5 splits, quantum ahead by 0.04 to 0.06 on every split"),
        # paired wins but split-to-split spread large: the unpaired rule misses it
        case(a([0.95, 0.80, 0.88, 0.70, 0.92]), a([0.93, 0.77, 0.86, 0.67, 0.90]),
             label="5 splits of very different difficulty, quantum ahead by 0.02 to 0.03 on each"),
        # one lucky seed, otherwise worse: best-of-seeds says yes
        case(a([0.97, 0.82, 0.84, 0.81]), a([0.88, 0.87, 0.88, 0.86]),
             label="4 seeds, one lucky quantum run, the others worse"),
        # slightly higher mean, noisy differences: comparing means says yes
        case(a([0.90, 0.84, 0.91, 0.83, 0.88]), a([0.86, 0.88, 0.86, 0.87, 0.87]),
             label="5 splits, a higher quantum mean with differences of both signs"),
        # classical clearly better: the two-sided rule says yes
        case(a([0.80, 0.78, 0.83, 0.79]), a([0.90, 0.89, 0.92, 0.90]),
             label="4 splits, the classical model ahead by about 0.1 on every split"),
        # a consistent but noisy gain over 9 splits: clear for the mean, not for a single split
        case(a([0.88, 0.85, 0.90, 0.92, 0.84, 0.89, 0.87, 0.91, 0.86]),
             a([0.83, 0.84, 0.87, 0.86, 0.84, 0.85, 0.85, 0.86, 0.83]),
             label="9 splits, quantum ahead by 0 to 0.06, 0.03 on average"),
        # equal on every split
        case(a([0.85, 0.85, 0.90]), a([0.85, 0.85, 0.90]), label="3 splits, the same accuracy on each"),
        # the same small gain on every split (zero spread)
        case(a([0.91, 0.87, 0.89]), a([0.89, 0.85, 0.87]), label="3 splits, quantum ahead by exactly 0.02 on each"),
    ]


FAIR_COMPARISON = Exercise(
    id="practice.advantage/fair_comparison",
    title="Is the quantum model better?",
    statement=(
        "Given the test accuracies of a quantum model and of its classical baseline on the same S splits, "
        "decide whether the quantum model is better by more than the split-to-split noise: by the rule of "
        "section 1, its mean paired improvement must exceed two standard errors of that mean."
    ),
    template='''def fair_comparison(quantum, classical):
    """Decide whether the quantum model beats its classical baseline on these splits.

    quantum, classical: float arrays of shape (S,), S >= 2: the test accuracies of the two
        models; entry s of both arrays comes from the SAME train/test split s.
    Returns: True if the quantum model's mean improvement over the baseline, split by split,
             is larger than two standard errors of that mean improvement (the rule of
             section 1), else False. A bool.
    Example: fair_comparison(np.array([0.9, 0.8]), np.array([0.9, 0.8])) -> False (no gain)
    """
    raise NotImplementedError("decide")
''',
    reference=fair_comparison,
    cases=_fc_cases,
    fresh_cases=False,
    answer=compare.boolean(),
    mistakes=[
        Mistake(
            _fc_best_of,
            "you compared the quantum model's best run with the baseline's mean: the best of several seeds is "
            "larger than a typical run just by chance. Compare like with like, split by split",
        ),
        Mistake(
            _fc_means,
            "you compared the two means and ignored the spread: a higher mean by less than the noise of the "
            "splits is not evidence. The mean difference must exceed two of its standard errors",
        ),
        Mistake(
            _fc_unpaired,
            "you treated the two sets of accuracies as independent samples (standard error sqrt(var_q / S + "
            "var_c / S)): both models were scored on the same splits, so the difficulty of a split moves both "
            "together. Take the differences split by split and use their spread",
        ),
        Mistake(
            _fc_two_sided,
            "you tested whether the models differ (|mean difference|): when the classical model is clearly "
            "better the answer must be False; only an improvement counts",
        ),
        Mistake(
            _fc_std,
            "you compared the mean difference with two standard deviations of the single differences: the noise "
            "of a mean over S splits is the standard error, std / sqrt(S), smaller by sqrt(S)",
        ),
    ],
    alternatives=[_fc_t_statistic, _fc_loop],
    hints=[
        "The two arrays are paired: entry s of both comes from the same split. Work with the S differences "
        "quantum - classical, one per split.",
        "The noise of a mean of S numbers is their standard error, std(ddof=1) / sqrt(S). 'Better' is "
        "one-sided: a large negative mean difference is not an improvement.",
        "d = quantum - classical; return bool(d.mean() > 2 * d.std(ddof=1) / np.sqrt(len(d))).",
    ],
    seed=222,
)


# --------------------------------------------------------------------------- concept checks

DEQUANTISED = Concept(
    id="practice.advantage/dequantised",
    question=(
        "Tang (2019) gave a classical algorithm for the recommendation problem that the quantum algorithm of "
        "Kerenidis and Prakash solves in time polylogarithmic in the size of the matrix. What did it show?"
    ),
    options=[
        Option("That the quantum algorithm was wrong: it does not produce good recommendations.", why=(
            "The quantum algorithm is correct. What changed is the comparison: the classical algorithm is "
            "given a data structure comparable to the one the quantum algorithm needs to load its data, and "
            "then it is also fast.")),
        Option("That with length-squared sampling access to the matrix, a classical algorithm also runs in time "
               "polylogarithmic in its dimensions (polynomial in the rank, the precision and a condition "
               "number), so the exponential speed-up disappears.", correct=True, why=(
                   "The quantum algorithm assumes its data are stored so that states of rows can be prepared "
                   "quickly; the same structure gives classical length-squared samples. A polynomial gap "
                   "(in the rank and the precision) can remain, the exponential one does not.")),
        Option("That every quantum algorithm can be simulated efficiently on a classical computer.", why=(
            "Nothing so general: Shor's algorithm is not dequantised, and the result uses the low rank of "
            "the matrix. Dequantisation removes speed-ups whose power came from the data access and low rank.")),
    ],
)

DLP_FAULT_TOLERANT = Concept(
    id="practice.advantage/dlp_fault_tolerant",
    question=(
        "Liu, Arunachalam and Temme (2021) prove that a quantum-kernel SVM learns their discrete-logarithm "
        "concept class efficiently while no efficient classical learner does better than random guessing by "
        "more than an inverse polynomial (if discrete logarithms are classically hard). Why can today's "
        "devices not show this advantage?"
    ),
    options=[
        Option("Because the proof only holds for noiseless kernel values, and every device has noise.", why=(
            "The paper shows the quantum advantage is robust to the additive error of estimating kernel entries "
            "from a finite number of measurements. The obstacle is the size and depth of the circuits.")),
        Option("Because its feature map uses Shor's algorithm for discrete logarithms as a subroutine, and at "
               "sizes where the discrete logarithm is classically hard that needs a large error-corrected "
               "(fault-tolerant) quantum computer.", correct=True, why=(
                   "For small primes the discrete logarithm is found classically by brute force, so there is "
                   "nothing to beat; for primes of hundreds or thousands of bits the circuits are deep and wide, "
                   "far beyond today's noisy devices without error correction.")),
        Option("Because the advantage only applies to data produced by quantum experiments.", why=(
            "The data here are classical numbers x (integers mod p). Advantages for quantum data are a "
            "different line of work (Huang et al. 2022).")),
    ],
)

FAIR_TUNING = Concept(
    id="practice.advantage/fair_tuning",
    question=(
        "A study tunes the bandwidth and C of its quantum-kernel SVM on a grid of 30 settings and compares "
        "it with an RBF SVM left at scikit-learn's defaults, on the same splits. The quantum SVM wins. What "
        "does that show?"
    ),
    options=[
        Option("That the quantum kernel is better than the RBF kernel on this data.", why=(
            "The RBF kernel has hyperparameters too (gamma and C); left at its defaults it may be badly tuned "
            "for the data. The gap may come from the tuning budget, not from the kernel.")),
        Option("Little: the two models had different tuning budgets. Tune both the same way (the same grid "
               "size, the same cross-validation folds, on the training set only) before comparing.",
               correct=True, why=(
                   "A fair baseline gets the same treatment as the model it is compared with. Section 1 tunes "
                   "every model, quantum and classical, by cross-validation on the training split.")),
        Option("That tuning does not matter, since both models were scored on the same splits.", why=(
            "Same splits remove one source of unfairness (the difficulty of the split); they do not remove "
            "the difference between a tuned and an untuned model.")),
    ],
)
