"""Exercises of lesson ``linalg.probability`` (notebooks/04_measurement_and_probability.ipynb).

Four exercises on measurement: Born-rule probabilities of some wires (a marginal
distribution), sampling measurement counts with a random number generator, estimating
``<Z>`` of one wire from counts, and designing the gate that turns a relative phase into
measurable populations (a measurement in another basis).

How ``sample_counts`` is graded
-------------------------------
Sampling is random, so the learner's counts cannot be compared entry by entry with the
reference's. Each hidden case hands the function a ``np.random.Generator`` seeded the same
way for the learner and for the reference (the checker passes each a copy). A learner who
draws the same way as the reference (``rng.choice(2**n, size=shots, p=probs)``) gets exactly
the reference's counts; any other correct sampler (``rng.multinomial``, inverse-CDF with
``rng.random``, a loop, the simulator's ``sample``...) gets counts that differ only by
sampling noise. The comparator therefore checks, in order: a dict, keys that are bit strings
of length n (outcomes never seen may be left out), non-negative integer counts, counts that
add up to ``shots`` exactly, and then that the two empirical distributions are close: total
variation distance (half the L1 distance) at most ``TVD_TOLERANCE = 0.08``.

Why 0.08 lets every correct sampler pass: every random case uses ``SHOTS = 20_000`` shots on
at most 8 outcomes. For one empirical distribution ``p_hat`` of ``S`` shots over ``d``
outcomes, ``E[TVD(p_hat, p)] <= sqrt(d / S) / 2 = 0.010``, and moving one shot changes the
TVD by at most ``1/S``, so McDiarmid's inequality gives
``P(TVD(p_hat, p) > 0.010 + t) <= exp(-2 t**2 S)``. The learner's and the reference's counts
may be statistically dependent (same seed), so use the triangle inequality:
``TVD(learner, reference) <= TVD(learner, p) + TVD(reference, p)``; a failure needs one of
the two above 0.04, i.e. ``t = 0.03``, which happens with probability at most
``2 exp(-36) < 1e-15`` per case. The typical mistakes are far from the truth on some case
(reversed bit order: TVD 1 on ``|110>``, 0.40 and 0.32 on the uneven states; sampling from
``|a|`` instead of ``|a|**2``: 0.18 and 0.24), more than ``0.08 + 2 * 0.04`` away, so they are
caught just as surely. Deterministic cases (a basis state) need no statistics:
every correct sampler returns the same counts.

Three wrong samplers pass a distance test and are caught by the exercise's
:class:`~qmlcourse.grading.spec.Sampling` declaration instead: one that ignores ``rng``
(or returns rounded expected counts that happen to add up: it gives the same counts for
every seed), one that draws from an unseeded generator (two identically seeded calls
differ), and one that smooths the distribution, ``|a|**2 + 1e-3`` (it reports outcomes of
probability 0 on the GHZ and ``|01>, |11>`` cases). ``tests/exercises/test_lesson_03_05_exercises.py``
proves each.
"""

from __future__ import annotations

import numpy as np

from qmlcourse.exercises import Concept, Exercise, Mistake, Option, Sampling, case, compare

#: Shots of every random case of ``sample_counts`` (see the module docstring).
SHOTS = 20_000
#: Largest total variation distance accepted between the learner's and the reference's counts.
TVD_TOLERANCE = 0.08


def _random_state(rng: np.random.Generator, n_qubits: int) -> np.ndarray:
    v = rng.normal(size=2**n_qubits) + 1j * rng.normal(size=2**n_qubits)
    return v / np.linalg.norm(v)


def _state_with_probs(rng: np.random.Generator, probs) -> np.ndarray:
    """A state with the given probabilities and random phases (so |a|**2 matters)."""
    p = np.asarray(probs, dtype=float)
    return np.sqrt(p / p.sum()) * np.exp(2j * np.pi * rng.random(p.size))


# --------------------------------------------------------------------------- probabilities


def probabilities(state, wires):
    """Born-rule probabilities of the measured wires, bit k of the index being wires[k]."""
    n = int(np.log2(state.shape[0]))
    p = (np.abs(state) ** 2).reshape((2,) * n)
    others = tuple(w for w in range(n) if w not in wires)
    marginal = p.sum(axis=others)
    kept = sorted(wires)
    marginal = np.transpose(marginal, [kept.index(w) for w in wires])
    return marginal.reshape(-1)


def _probabilities_cases(rng: np.random.Generator) -> list:
    return [
        case(np.array([0.6, 0.8j]), [0], label="the one-qubit state 0.6|0> + 0.8i|1>"),
        case(_random_state(rng, 2), [0, 1], label="2 qubits, all wires"),
        case(_random_state(rng, 3), [0, 1, 2], label="3 qubits, all wires"),
        case(_random_state(rng, 2), [1], label="2 qubits, wire 1 only"),
        case(_random_state(rng, 3), [0], label="3 qubits, wire 0 only"),
        case(_random_state(rng, 3), [0, 2], label="3 qubits, wires [0, 2]"),
        case(_random_state(rng, 3), [2, 0], label="3 qubits, wires [2, 0] (wire 2 is the first bit)"),
        case(_random_state(rng, 3), [1, 2, 0], label="3 qubits, wires [1, 2, 0]"),
        case(_random_state(rng, 4), [3, 1, 0], label="4 qubits, wires [3, 1, 0]"),
        case(_random_state(rng, 4), [2, 0, 3, 1], label="4 qubits, all wires in the order [2, 0, 3, 1]"),
    ]


def _probs_from_right(state, wires):
    n = int(np.log2(len(state)))
    return probabilities(state, [n - 1 - w for w in wires])


def _probs_sorted(state, wires):
    return probabilities(state, sorted(wires))


def _probs_amplitudes_summed(state, wires):
    n = int(np.log2(len(state)))
    t = state.reshape((2,) * n)
    others = tuple(w for w in range(n) if w not in wires)
    a = t.sum(axis=others)
    kept = sorted(wires)
    return (np.abs(np.transpose(a, [kept.index(w) for w in wires])) ** 2).reshape(-1)


def _probs_complex_square(state, wires):
    n = int(np.log2(len(state)))
    t = (state**2).reshape((2,) * n)
    others = tuple(w for w in range(n) if w not in wires)
    m = t.sum(axis=others)
    kept = sorted(wires)
    return np.transpose(m, [kept.index(w) for w in wires]).reshape(-1)


def _probs_inverse_permutation(state, wires):
    n = int(np.log2(len(state)))
    p = (np.abs(state) ** 2).reshape((2,) * n)
    m = p.sum(axis=tuple(w for w in range(n) if w not in wires))
    kept = sorted(wires)
    order = [kept.index(w) for w in wires]
    return np.transpose(m, np.argsort(order)).reshape(-1)


def _probs_by_bits(state, wires):
    n = int(np.log2(len(state)))
    out = np.zeros(2 ** len(wires))
    for i, a in enumerate(state):
        bits = format(i, f"0{n}b")
        out[int("".join(bits[w] for w in wires), 2)] += abs(a) ** 2
    return out


def _probs_with_simulator(state, wires):
    from qmlcourse.sim import from_vector, probs

    return probs(from_vector(state), wires=wires)[0]


PROBABILITIES = Exercise(
    id="linalg.probability/probabilities",
    title="Born rule and marginal probabilities",
    statement=(
        "Return the probabilities of the outcomes of measuring the given wires of a state: "
        "|amplitude|**2 for every basis state, summed over the wires that are not measured. "
        "Bit k of the outcome index is the bit of wires[k] (wires[0] most significant)."
    ),
    template='''def probabilities(state, wires):
    """Return the probability of each outcome when only `wires` are measured.

    state: complex array of shape (2**n,), a normalised state (wire 0 most significant).
    wires: list of distinct wire numbers, k of them; [0, 1, ..., n-1] measures every wire.
    Returns: real array of shape (2**k,), non-negative, summing to 1. Entry j is the
             probability of the outcome whose bits, read left to right, are the results of
             wires[0], wires[1], ... (so wires=[1, 0] swaps the roles of the two bits).
    Example: probabilities(np.array([0, 0.6, 0, 0.8j]), [0]) -> array([0.36, 0.64])
             # |psi> = 0.6|01> + 0.8i|11>: wire 0 is 0 with probability 0.36
    """
    raise NotImplementedError("write probabilities")
''',
    reference=probabilities,
    cases=_probabilities_cases,
    answer=compare.probabilities(atol=1e-10),
    mistakes=[
        Mistake(lambda state, wires: probabilities(state, wires) ** 0.5,
                "you used |a|, not |a|**2: the Born rule squares the magnitude of each amplitude"),
        Mistake(_probs_complex_square,
                "you squared the complex amplitude a**2 instead of its magnitude |a|**2 = a * conj(a)"),
        Mistake(_probs_amplitudes_summed,
                "you added amplitudes of the unmeasured wires and then squared: add the probabilities |a|**2 "
                "instead (amplitudes of different outcomes do not interfere)"),
        Mistake(_probs_from_right,
                "you counted wires from the right: wire 0 is the most significant bit, axis 0 of "
                "state.reshape((2,) * n)"),
        Mistake(_probs_sorted,
                "the bits come out in sorted wire order: bit k of the outcome must be wires[k], so wires=[2, "
                "0] puts wire 2 first"),
        Mistake(_probs_inverse_permutation,
                "the outcome bits are permuted the wrong way round (the inverse permutation): np.transpose(m, order) "
                "makes axis k of the result the old axis order[k], so order[k] must be the position of wires[k] among "
                "the sorted wires; [2, 0] hides this, [1, 2, 0] shows it"),
    ],
    alternatives=[
        # the simulator's own marginal probabilities
        _probs_with_simulator,
        # index arithmetic: read the bits of every basis state, accumulate |a|**2
        _probs_by_bits,
    ],
    hints=[
        "The Born rule: basis state i has probability |a_i|**2. Measuring only some wires adds up the "
        "probabilities of all basis states with the same bits on those wires.",
        "Reshape the probabilities |a|**2 to (2,) * n, sum over the axes of the unmeasured wires, then order "
        "the remaining axes as in `wires`.",
        "p = (np.abs(state) ** 2).reshape((2,) * n); m = p.sum(axis=tuple(w for w in range(n) if w not in wires)); "
        "m = np.transpose(m, [sorted(wires).index(w) for w in wires]); return m.reshape(-1)",
    ],
    seed=41,
)


# --------------------------------------------------------------------------- sample_counts


def sample_counts(state, shots, rng):
    """Measure every wire `shots` times; return how often each bit string came out."""
    n = int(np.log2(state.shape[0]))
    probs = np.abs(state) ** 2
    probs = probs / probs.sum()
    outcomes = rng.choice(len(probs), size=shots, p=probs)
    tally = np.bincount(outcomes, minlength=len(probs))
    return {format(i, f"0{n}b"): int(c) for i, c in enumerate(tally) if c > 0}


def _sample_counts_cases(rng: np.random.Generator) -> list:
    def gen():
        return np.random.default_rng(int(rng.integers(2**32)))

    basis = np.zeros(8, dtype=complex)
    basis[0b110] = 1.0
    # States where every outcome is possible come first: there a wrong sampler fails on its
    # counts and the checker can name the typical mistake; the cases with zero-probability
    # outcomes after them are where impossible outcomes are reported.
    return [
        case(_state_with_probs(rng, [0.1, 0.6, 0.2, 0.1]), SHOTS, gen(),
            label=f"2 qubits, probabilities [0.1, 0.6, 0.2, 0.1], {SHOTS} shots"),
        case(_state_with_probs(rng, [0.5, 0.3, 0.1, 0.05, 0.02, 0.01, 0.01, 0.01]), SHOTS, gen(),
            label=f"3 qubits, uneven probabilities, {SHOTS} shots"),
        case(np.array([1, 1, 1, 0], dtype=complex) / np.sqrt(3), SHOTS, gen(),
            label=f"(|00> + |01> + |10>)/sqrt(3), {SHOTS} shots"),
        case(_random_state(rng, 3), SHOTS, gen(), label=f"a random 3-qubit state, {SHOTS} shots"),
        # zero-probability outcomes: a correct sampler never returns '001', '010', ...
        case(basis, 7, gen(), label="the basis state |110>, 7 shots"),
        case(_state_with_probs(rng, [0.5, 0, 0, 0, 0, 0, 0, 0.5]), SHOTS, gen(),
            label=f"the GHZ state (|000> + |111>)/sqrt(2), {SHOTS} shots"),
        case(_state_with_probs(rng, [0, 0.7, 0, 0.3]), SHOTS, gen(),
            label=f"0.7 on |01> and 0.3 on |11>, {SHOTS} shots"),
    ]


def _support(state, shots, rng):
    """The outcomes a correct sampler may return: bit strings of nonzero probability."""
    n = int(np.log2(len(state)))
    return {format(i, f"0{n}b") for i, a in enumerate(state) if abs(a) > 0}


def _sample_reversed(state, shots, rng):
    return {k[::-1]: c for k, c in sample_counts(state, shots, rng).items()}


def _sample_from_magnitudes(state, shots, rng):
    return sample_counts(np.sqrt(np.abs(state)), shots, rng)


def _expected_counts(state, shots, rng):
    n = int(np.log2(len(state)))
    probs = np.abs(state) ** 2
    return {format(i, f"0{n}b"): int(round(p * shots)) for i, p in enumerate(probs) if round(p * shots) > 0}


def _sample_multinomial(state, shots, rng):
    n = int(np.log2(len(state)))
    probs = np.abs(state) ** 2
    tally = rng.multinomial(shots, probs / probs.sum())
    return {format(i, f"0{n}b"): int(c) for i, c in enumerate(tally)}


def _sample_inverse_cdf_reversed(state, shots, rng):
    # inverse-CDF sampling over the outcomes in REVERSE index order: a correct sampler whose
    # draws are strongly dependent on (anti-correlated with) the reference's for the same seed
    n = int(np.log2(len(state)))
    probs = (np.abs(state) ** 2)[::-1]
    cdf = np.cumsum(probs) / probs.sum()
    idx = np.minimum(np.searchsorted(cdf, rng.random(shots), side="right"), len(probs) - 1)
    tally = np.bincount(len(probs) - 1 - idx, minlength=len(probs))
    return {format(i, f"0{n}b"): int(c) for i, c in enumerate(tally) if c}


def _sample_with_simulator(state, shots, rng):
    from qmlcourse.sim import from_vector, sample
    from qmlcourse.sim.measure import counts

    return counts(sample(from_vector(state), shots, seed=rng)[0])


def _sample_loop(state, shots, rng):
    n = int(np.log2(len(state)))
    probs = np.abs(state) ** 2
    out: dict[str, int] = {}
    for _ in range(shots):
        key = format(int(rng.choice(len(probs), p=probs / probs.sum())), f"0{n}b")
        out[key] = out.get(key, 0) + 1
    return out


SAMPLE_COUNTS = Exercise(
    id="linalg.probability/sample_counts",
    title="Sample measurement counts",
    statement=(
        "Simulate measuring every wire of a state `shots` times: draw outcomes with the given "
        "random number generator according to the Born rule and count each bit string. Graded "
        "statistically: the counts must add up to shots and be close to the reference's counts "
        f"(total variation distance at most {TVD_TOLERANCE}, with {SHOTS} shots), so any "
        "correct way of drawing passes."
    ),
    template='''def sample_counts(state, shots, rng):
    """Measure all wires of `state` `shots` times; return the counts of each outcome.

    state: complex array of shape (2**n,), a normalised state (wire 0 most significant).
    shots: positive int, the number of measurements.
    rng: a np.random.Generator; draw every random number from it (rng.choice, rng.random, ...).
    Returns: dict mapping bit strings of length n (wire 0 first, e.g. '01') to int counts
             that add up to `shots`. Outcomes never seen may be left out.
    Example: sample_counts(np.array([0, 1, 0, 0]), 5, np.random.default_rng(0)) -> {'01': 5}
    """
    raise NotImplementedError("write sample_counts")
''',
    reference=sample_counts,
    cases=_sample_counts_cases,
    answer=compare.counts(tolerance=TVD_TOLERANCE),
    mistakes=[
        Mistake(_sample_reversed,
                "the bit strings are reversed: outcome index i is written with wire 0 as its leftmost bit, "
                "format(i, f'0{n}b'), not reversed as in Qiskit"),
        Mistake(_sample_from_magnitudes,
                "you drew outcomes with probabilities proportional to |a| instead of the Born rule |a|**2"),
        Mistake(_expected_counts,
                "you returned the expected counts p * shots, rounded: a measurement gives random outcomes, so "
                "draw them with rng"),
    ],
    alternatives=[_sample_multinomial, _sample_inverse_cdf_reversed, _sample_with_simulator, _sample_loop],
    hints=[
        "Each shot gives basis state i with probability |a_i|**2; count how often each i comes out and write i "
        "as a bit string.",
        "rng.choice(2**n, size=shots, p=probs) draws all shots at once; np.bincount counts them; format(i, "
        "f'0{n}b') writes i as n bits.",
        "probs = np.abs(state)**2; idx = rng.choice(len(probs), size=shots, p=probs/probs.sum()); "
        "c = np.bincount(idx, minlength=len(probs)); return {format(i, f'0{n}b'): int(k) for i, k in "
        "enumerate(c) if k}",
    ],
    seed=42,
    time_limit=20.0,
    # the engine also calls each case again with an identically seeded generator (same counts
    # required) and with other seeds (the counts must change on some case), and reports any
    # outcome outside the support (probability exactly 0) as impossible
    sampling=Sampling(rng_arg=2, support=_support),
)


# --------------------------------------------------------------------------- estimate_expval


def estimate_expval(counts, wire):
    """Estimate <Z> of one wire from counts: outcome 0 counts +1, outcome 1 counts -1."""
    total = sum(counts.values())
    signed = sum(c if bits[wire] == "0" else -c for bits, c in counts.items())
    return signed / total


def _estimate_expval_cases(rng: np.random.Generator) -> list:
    def random_counts(n):
        keys = [format(i, f"0{n}b") for i in range(2**n)]
        values = rng.integers(0, 60, size=2**n)
        return {k: int(v) for k, v in zip(keys, values, strict=True) if v > 0}

    return [
        case({"0": 70, "1": 30}, 0, label="one qubit, 70 zeros and 30 ones"),
        case({"00": 10, "01": 25, "10": 40, "11": 5}, 0, label="2 qubits, wire 0"),
        case({"00": 10, "01": 25, "10": 40, "11": 5}, 1, label="2 qubits, wire 1"),
        case({"011": 300, "110": 100}, 2, label="3 qubits, only two outcomes seen, wire 2"),
        case(random_counts(3), 0, label="3 qubits, wire 0"),
        case(random_counts(3), 1, label="3 qubits, wire 1"),
    ]


ESTIMATE_EXPVAL = Exercise(
    id="linalg.probability/estimate_expval",
    title="Estimate <Z> from counts",
    statement=(
        "Estimate the expectation value of Pauli Z on one wire from measurement counts: each shot "
        "whose bit on that wire is 0 contributes +1, each 1 contributes -1, and the estimate is "
        "the average over all shots."
    ),
    template='''def estimate_expval(counts, wire):
    """Return the estimate of <Z> on `wire` from measurement counts.

    counts: dict mapping bit strings (wire 0 first, e.g. '01') to int counts, as returned by
            sample_counts; outcomes never seen may be missing.
    wire: integer in 0 .. n-1.
    Returns: a float in [-1, 1], the average over all shots of the Z eigenvalue measured on `wire`.
    Example: estimate_expval({'00': 3, '01': 1}, 1) -> 0.5   # wire 1 read 0 three times in 4
    """
    raise NotImplementedError("write estimate_expval")
''',
    reference=estimate_expval,
    cases=_estimate_expval_cases,
    answer=compare.scalar(atol=1e-12, real=True, what="estimate of <Z>"),
    mistakes=[
        Mistake(lambda counts, wire: -estimate_expval(counts, wire),
                "the sign is swapped: outcome 0 is the +1 eigenvalue of Z (Z|0> = |0>), outcome 1 is -1"),
        Mistake(lambda counts, wire: sum(c if b[wire] == "0" else -c for b, c in counts.items()) / len(counts),
                "you divided by the number of different bit strings; divide by the number of shots, the sum of "
                "all counts"),
        Mistake(lambda counts, wire: estimate_expval(counts, len(next(iter(counts))) - 1 - wire),
                "you read the bit of the wrong wire: in '01' wire 0 is the LEFT character, bits[wire]"),
        Mistake(lambda counts, wire: sum(c for b, c in counts.items() if b[wire] == "0") / sum(counts.values()),
                "you returned the probability of 0; <Z> = P(0) - P(1) = 2 P(0) - 1"),
    ],
    alternatives=[
        lambda counts, wire: float(np.average([1 - 2 * int(b[wire]) for b in counts], weights=list(counts.values()))),
        lambda counts, wire: 2 * sum(c for b, c in counts.items() if b[wire] == "0") / sum(counts.values()) - 1,
    ],
    hints=[
        "Z has eigenvalue +1 on |0> and -1 on |1>, so <Z> = P(0) - P(1) for that wire.",
        "Estimate P(0) and P(1) from the counts: loop over the items, look at bits[wire], and divide by the "
        "total number of shots.",
        "total = sum(counts.values()); return sum(c if bits[wire] == '0' else -c for bits, c in "
        "counts.items()) / total",
    ],
    seed=43,
)


# --------------------------------------------------------------------------- reveal_phase_gate


def reveal_phase_gate(phi):
    """A gate after which a Z measurement tells (|0> + e^{i phi}|1>)/sqrt(2) (outcome 0) from
    (|0> - e^{i phi}|1>)/sqrt(2) (outcome 1) with certainty: undo the phase, then H."""
    h = np.array([[1, 1], [1, -1]], dtype=complex) / np.sqrt(2)
    undo_phase = np.diag([1, np.exp(-1j * phi)])
    return h @ undo_phase


def _row_phase(r: np.ndarray, e: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row of the returned gate may carry its own phase: it only multiplies the amplitude
    of one outcome, which a Z measurement cannot see."""
    c, d = compare.column_phase(np.asarray(r).T, np.asarray(e).T)
    return c.T, d.T


def _phase_cases(rng: np.random.Generator) -> list:
    return [
        case(0.0, label="phi = 0: telling |+> from |->"),
        case(np.pi / 2, label="phi = pi/2: telling (|0> + i|1>)/sqrt(2) from (|0> - i|1>)/sqrt(2)"),
        case(np.pi / 4, label="phi = pi/4"),
        case(-2.0, label="phi = -2"),
        case(float(rng.uniform(0, 2 * np.pi)), label="a random phi"),
    ]


def _phase_from_rows(phi):
    # the rows of the gate are the bras of the two states to tell apart: U = |0><a| + |1><b|
    a = np.array([1, np.exp(1j * phi)]) / np.sqrt(2)
    b = np.array([1, -np.exp(1j * phi)]) / np.sqrt(2)
    return np.array([a.conj(), b.conj()]) * np.exp(0.3j)


def _phase_with_rotations(phi):
    # RY(-pi/2) RZ(-phi): the same turn of the Bloch sphere, written with rotation gates
    ry = np.array([[np.cos(-np.pi / 4), -np.sin(-np.pi / 4)], [np.sin(-np.pi / 4), np.cos(-np.pi / 4)]])
    rz = np.diag([np.exp(0.5j * phi), np.exp(-0.5j * phi)])
    return ry @ rz


REVEAL_PHASE_GATE = Exercise(
    id="linalg.probability/reveal_phase_gate",
    title="A measurement that reveals a relative phase",
    statement=(
        "The states (|0> + e^{i phi}|1>)/sqrt(2) and (|0> - e^{i phi}|1>)/sqrt(2) give 0 and 1 with "
        "probability 1/2 each in a Z measurement. Find a one-qubit gate to apply before the Z "
        "measurement so that the first always gives 0 and the second always gives 1."
    ),
    template='''def reveal_phase_gate(phi):
    """Return a 2x2 unitary U such that measuring U|psi> in the computational basis gives
    outcome 0 with certainty for |psi> = (|0> + e^{i phi}|1>)/sqrt(2), and
    outcome 1 with certainty for |psi> = (|0> - e^{i phi}|1>)/sqrt(2).

    phi: a real angle.
    Returns: complex array of shape (2, 2), unitary.
    Example: for phi = 0 the two states are |+> and |->.
    """
    raise NotImplementedError("write reveal_phase_gate")
''',
    reference=reveal_phase_gate,
    cases=_phase_cases,
    answer=compare.array(atol=1e-8, validity=[compare.unitary()],
        equivalence=[_row_phase], what="gate entries (each row up to a phase)"),
    mistakes=[
        Mistake(
            lambda phi: np.eye(2, dtype=complex),
            "measuring without a gate cannot work: both states give 0 and 1 with probability 1/2 in a Z "
            "measurement, whatever phi is; the phase must be turned into a difference of populations first",
        ),
        Mistake(
            lambda phi: np.array([[1, 1], [1, -1]], dtype=complex) / np.sqrt(2),
            "H alone tells |+> from |->, but these states carry the extra phase e^{i phi}: undo it first "
            "with a phase gate diag(1, e^{-i phi}) before the H (a phase gate after the H would not help, "
            "since a Z measurement cannot see it)",
        ),
        Mistake(
            lambda phi: np.array([[1, 1], [1, -1]], dtype=complex) / np.sqrt(2) @ np.diag([1, np.exp(1j * phi)]),
            "the phase correction goes the wrong way: diag(1, e^{i phi}) doubles the phase instead of "
            "removing it; use diag(1, e^{-i phi}), the adjoint",
        ),
        Mistake(
            lambda phi: np.array([[1, -1], [1, 1]], dtype=complex) / np.sqrt(2) @ np.diag([1, np.exp(-1j * phi)]),
            "your outcomes are swapped: (|0> + e^{i phi}|1>)/sqrt(2) must give outcome 0",
        ),
    ],
    alternatives=[_phase_from_rows, _phase_with_rotations],
    hints=[
        "For phi = 0 the states are |+> and |->; which gate of lesson 2 turns |+> into |0> and |-> into |1>?",
        "For other phi, first remove the phase e^{i phi} from the |1> amplitude with a diagonal gate, which "
        "turns the two states into |+> and |->, then apply that gate.",
        "U = H @ np.diag([1, np.exp(-1j * phi)]) with H = np.array([[1, 1], [1, -1]]) / np.sqrt(2). Another "
        "view: the rows of U are the conjugated state vectors to tell apart.",
    ],
    seed=44,
)


# --------------------------------------------------------------------------- concept checks

CORRELATION_IS_NOT_ENTANGLEMENT = Concept(
    id="linalg.probability/correlation_is_not_entanglement",
    question=(
        "Two qubits are measured in the computational basis, 10 000 times. Each qubit alone is a fair "
        "coin, and the two bits always agree. What follows about entanglement?"
    ),
    options=[
        Option(
            "The qubits are entangled.",
            correct=False,
            why="A classical source that prepares |00> or |11> with probability 1/2 each (a mixture, no "
            "entanglement at all) gives exactly these counts. One basis cannot tell the two apart.",
        ),
        Option(
            "Nothing yet: these statistics fit the Bell state and also a classical mixture of |00> and |11>.",
            correct=True,
            why="Right. Measuring both qubits in the X basis (H before each measurement) tells them apart: "
            "the Bell state still gives equal bits, the mixture gives independent fair coins.",
        ),
        Option(
            "They are in a product state |a>|b>.",
            correct=False,
            why="A product state has a joint distribution equal to the product of its marginals, "
            "P(00) = 1/4 here; the counts show P(00) = 1/2, so no pure product state fits them.",
        ),
    ],
)

STATE_AFTER_MEASUREMENT = Concept(
    id="linalg.probability/state_after_measurement",
    question=(
        "Wire 0 of the Bell state (|00> + |11>)/sqrt(2) is measured and reads 1. What is the state of the two "
        "qubits right after?"
    ),
    options=[
        Option(
            "Still (|00> + |11>)/sqrt(2): measuring reads the state without changing it.",
            correct=False,
            why="A measurement changes the state: only the part consistent with the outcome survives, "
            "renormalised. Measuring wire 0 again would otherwise give 0 half of the time.",
        ),
        Option(
            "|11>",
            correct=True,
            why="Only the term |11> has wire 0 equal to 1; keep it and renormalise. Wire 1 now reads 1 with "
            "certainty.",
        ),
        Option(
            "|1> (x) (|0> + |1>)/sqrt(2)",
            correct=False,
            why="That would leave wire 1 a fair coin, but in the Bell state wire 1 always agrees with wire 0: "
            "there is no |10> term to keep.",
        ),
    ],
)
