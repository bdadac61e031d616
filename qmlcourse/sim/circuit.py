"""``Circuit``: gates whose angles are bound to data, weights or constants, run in batches.

One call evaluates a circuit for ``N`` data points (``x`` of shape ``(N, d)``) times ``P``
weight sets (``w`` of shape ``(P, n_weights)``, or ``(n_weights,)`` for one set). Results
carry a leading ``(N,)`` axis, or ``(P, N)`` when several weight sets are given.

>>> import numpy as np
>>> c = Circuit(2)
>>> _ = c.ry(feature(0), 0).cnot(0, 1).rz(weight(0), 1)
>>> c.expval("Z0 Z1", x=np.array([[0.0], [np.pi]]), w=np.array([0.3])).round(6)
array([1., 1.])
>>> print(c)
0: ─RY(x0)─●────────
1: ────────⊕─RZ(w0)─
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

import numpy as np

from qmlcourse.sim import grad
from qmlcourse.sim.fusion import evolve
from qmlcourse.sim.gates import CONTROLS, GATES, TARGET_SYMBOLS
from qmlcourse.sim.measure import expval, observable_wires, probs, sample
from qmlcourse.sim.operation import Angle, Operation, bind_angles, layout
from qmlcourse.sim.params import as_param, const, feature, feature_map, weight
from qmlcourse.sim.state import check_fits, check_wires, full_batch

__all__ = ["Circuit", "Operation", "const", "feature", "feature_map", "weight"]


class Circuit:
    """An ordered list of gates on ``n_qubits`` wires, evaluated in batches.

    Build it with the gate methods (each returns the circuit, so calls chain), then measure
    with ``statevector``, ``probs``, ``expval``, ``sample`` or differentiate with
    ``gradient``. Angles are numbers, ``feature(i)`` (column ``i`` of the data) or
    ``weight(j)`` (entry ``j`` of the weights).
    """

    def __init__(self, n_qubits: int):
        if not isinstance(n_qubits, (int, np.integer)) or isinstance(n_qubits, bool) or n_qubits < 1:
            raise ValueError(f"n_qubits must be a positive integer; got {n_qubits!r}")
        check_fits(int(n_qubits), 1)
        self.n_qubits = int(n_qubits)
        self.operations: list[Operation] = []

    # --- building ------------------------------------------------------------------------
    def add(self, name: str, wires: Sequence[int] | int, *params, matrix=None) -> Circuit:
        """Append gate ``name`` (a key of ``qmlcourse.sim.gates.GATES``) on ``wires``."""
        spec = GATES.get(name)
        if spec is None:
            raise ValueError(f"unknown gate {name!r}; known gates: {', '.join(sorted(GATES))}")
        wires = self._check_wires(name, wires, spec.num_wires)
        if len(params) != spec.num_params:
            raise ValueError(f"{name} takes {spec.num_params} angle(s); got {len(params)}")
        bound = tuple(as_param(p) for p in params)
        if name == "QubitUnitary":
            matrix = _check_unitary(matrix, len(wires))
        self.operations.append(Operation(name, wires, bound, matrix))
        return self

    def _check_wires(self, name: str, wires, expected: int | None) -> tuple[int, ...]:
        return check_wires(wires, self.n_qubits, name, expected)

    def identity(self, wire):
        return self.add("Identity", wire)

    def x(self, wire):
        return self.add("PauliX", wire)

    def y(self, wire):
        return self.add("PauliY", wire)

    def z(self, wire):
        return self.add("PauliZ", wire)

    def h(self, wire):
        return self.add("Hadamard", wire)

    def s(self, wire):
        return self.add("S", wire)

    def t(self, wire):
        return self.add("T", wire)

    def sx(self, wire):
        return self.add("SX", wire)

    def rx(self, angle, wire):
        return self.add("RX", wire, angle)

    def ry(self, angle, wire):
        return self.add("RY", wire, angle)

    def rz(self, angle, wire):
        return self.add("RZ", wire, angle)

    def phase(self, angle, wire):
        return self.add("PhaseShift", wire, angle)

    def rot(self, phi, theta, omega, wire):
        return self.add("Rot", wire, phi, theta, omega)

    def u3(self, theta, phi, delta, wire):
        return self.add("U3", wire, theta, phi, delta)

    def cnot(self, control, target):
        return self.add("CNOT", (control, target))

    def cz(self, control, target):
        return self.add("CZ", (control, target))

    def cy(self, control, target):
        return self.add("CY", (control, target))

    def swap(self, a, b):
        return self.add("SWAP", (a, b))

    def crx(self, angle, control, target):
        return self.add("CRX", (control, target), angle)

    def cry(self, angle, control, target):
        return self.add("CRY", (control, target), angle)

    def crz(self, angle, control, target):
        return self.add("CRZ", (control, target), angle)

    def isingxx(self, angle, a, b):
        return self.add("IsingXX", (a, b), angle)

    def isingyy(self, angle, a, b):
        return self.add("IsingYY", (a, b), angle)

    def isingzz(self, angle, a, b):
        return self.add("IsingZZ", (a, b), angle)

    def toffoli(self, c1, c2, target):
        return self.add("Toffoli", (c1, c2, target))

    def multirz(self, angle, *wires):
        return self.add("MultiRZ", wires, angle)

    def unitary(self, matrix, *wires):
        return self.add("QubitUnitary", wires, matrix=matrix)

    def extend(self, other: Circuit) -> Circuit:
        """Append every operation of ``other`` (same number of qubits)."""
        if other.n_qubits != self.n_qubits:
            raise ValueError(f"cannot extend a {self.n_qubits}-qubit circuit with a {other.n_qubits}-qubit one")
        self.operations.extend(other.operations)
        return self

    def copy(self) -> Circuit:
        new = Circuit(self.n_qubits)
        new.operations = list(self.operations)
        return new

    def __len__(self) -> int:
        return len(self.operations)

    @property
    def n_features(self) -> int:
        """Number of data columns the circuit reads (largest feature index + 1)."""
        return layout(tuple(self.operations)).n_features

    @property
    def n_weights(self) -> int:
        """Number of trainable weights (largest weight index + 1)."""
        return layout(tuple(self.operations)).n_weights

    @property
    def uses_data(self) -> bool:
        return any(p.kind in ("feature", "function") for op in self.operations for p in op.params)

    # --- running -------------------------------------------------------------------------
    def _inputs(self, x, w):
        """Validate x and w; return (x (N, d) or None, w (P, n_w) or None, N, P, w_was_batched)."""
        if x is None:
            if self.uses_data:
                raise ValueError(f"this circuit reads data: pass x of shape (n_samples, {self.n_features})")
        else:
            x = np.asarray(x, dtype=np.float64) if not np.iscomplexobj(x) else _reject_complex("x")
            if x.ndim == 1:
                if self.n_features <= 1 and x.size > 1:
                    raise ValueError(
                        f"x of shape {x.shape} is ambiguous for a circuit with one feature: pass shape "
                        f"(n_samples, n_features), e.g. x[:, None] for {x.size} samples or x[None, :] for one sample"
                    )
                x = x[None, :]
            if x.ndim != 2 or x.shape[0] < 1:
                raise ValueError(f"x must have shape (n_samples, n_features); got {x.shape}")
            if x.shape[1] < self.n_features:
                raise ValueError(f"x must have at least {self.n_features} features (columns); got shape {x.shape}")
            if not np.all(np.isfinite(x)):
                raise ValueError("x contains NaN or infinite values")
        nw = self.n_weights
        batched_w = False
        if w is None:
            if nw:
                raise ValueError(f"this circuit has {nw} trainable weights: pass w of shape ({nw},) or (n_sets, {nw})")
        else:
            w = np.asarray(w, dtype=np.float64) if not np.iscomplexobj(w) else _reject_complex("w")
            w_shape = w.shape
            batched_w = w.ndim == 2
            if w.ndim == 1:
                w = w[None, :]
            if w.ndim != 2 or w.shape[1] != nw or w.shape[0] < 1:
                raise ValueError(f"w must have shape ({nw},) or (n_sets, {nw}) for this circuit; got {w_shape}")
            if not np.all(np.isfinite(w)):
                raise ValueError("w contains NaN or infinite values")
        n = 1 if x is None else x.shape[0]
        p = 1 if w is None else w.shape[0]
        return x, w, n, p, batched_w

    def _angles(self, x, w, n_sets: int, n_samples: int) -> list[list[Angle]]:
        return bind_angles(self.operations, x, w, n_sets, n_samples)

    def _evolve(self, angles, batch: int, initial: np.ndarray | None = None) -> np.ndarray:
        """Apply every operation; returns a state of batch ``batch`` (or 1 if nothing varies)."""
        return evolve(self.operations, angles, self.n_qubits, batch, initial)

    def run(self, x=None, w=None) -> np.ndarray:
        """The final states as a tensor ``(B, 2, ..., 2)`` with ``B = P * N`` (weight-major)."""
        x, w, n, p, _ = self._inputs(x, w)
        state = self._evolve(self._angles(x, w, p, n), p * n)
        return full_batch(state, p * n)

    def _shaped(self, values: np.ndarray, n: int, p: int, batched_w: bool) -> np.ndarray:
        values = values.reshape((p, n) + values.shape[1:])
        return values if batched_w else values[0]

    def statevector(self, x=None, w=None) -> np.ndarray:
        """Amplitude vectors: ``(N, 2**n)``, or ``(P, N, 2**n)`` for a batch of weight sets."""
        x, w, n, p, bw = self._inputs(x, w)
        state = full_batch(self._evolve(self._angles(x, w, p, n), p * n), p * n)
        return self._shaped(state.reshape(p * n, -1), n, p, bw)

    def probs(self, x=None, w=None, wires: Sequence[int] | None = None) -> np.ndarray:
        """Probabilities ``(N, 2**k)`` (or ``(P, N, 2**k)``), marginal on ``wires`` if given."""
        wires = None if wires is None else self._check_wires("probs", wires, None)
        x, w, n, p, bw = self._inputs(x, w)
        state = self._evolve(self._angles(x, w, p, n), p * n)
        return self._shaped(full_batch(probs(state, wires), p * n), n, p, bw)

    def expval(self, observable, x=None, w=None) -> np.ndarray:
        """Expectation values ``(N,)``, ``(N, K)`` for K observables, with ``P`` first if batched."""
        self._check_observable(observable)
        x, w, n, p, bw = self._inputs(x, w)
        state = self._evolve(self._angles(x, w, p, n), p * n)
        return self._shaped(full_batch(expval(state, observable), p * n), n, p, bw)

    def sample(self, shots: int, x=None, w=None, wires: Sequence[int] | None = None, seed=None) -> np.ndarray:
        """Measurement outcomes, int8 bits ``(N, shots, k)`` (``(P, N, shots, k)`` if batched)."""
        if not isinstance(shots, (int, np.integer)) or isinstance(shots, bool) or shots < 1:
            raise ValueError(f"shots must be a positive integer; got {shots!r}")
        wires = None if wires is None else self._check_wires("sample", wires, None)
        x, w, n, p, bw = self._inputs(x, w)
        state = full_batch(self._evolve(self._angles(x, w, p, n), p * n), p * n)
        return self._shaped(sample(state, shots, wires, seed), n, p, bw)

    def matrix(self, w=None) -> np.ndarray:
        """The circuit's unitary ``(2**n, 2**n)`` (circuits without data only)."""
        if self.uses_data:
            raise ValueError("matrix() needs a circuit without data features; bind them to numbers first")
        x, w, n, p, bw = self._inputs(None, w)
        if bw and p > 1:
            raise ValueError("matrix() takes one weight set, shape (n_weights,)")
        dim = 2**self.n_qubits
        check_fits(self.n_qubits, dim)
        basis = np.eye(dim, dtype=np.complex128).reshape((dim,) + (2,) * self.n_qubits)
        out = self._evolve(self._angles(x, w, 1, 1), dim, initial=basis)
        return out.reshape(dim, dim).T

    def _check_observable(self, observable) -> None:
        items = observable if isinstance(observable, (list, tuple)) else [observable]
        for o in items:
            bad = [wire for wire in observable_wires(o) if not 0 <= wire < self.n_qubits]
            if bad:
                raise ValueError(f"observable {o} uses wires {bad}, outside 0..{self.n_qubits - 1}")

    # --- gradients -----------------------------------------------------------------------
    def gradient(
        self,
        observable,
        x=None,
        w=None,
        method: str = "adjoint",
        wrt: str = "weights",
        weight_indices: Sequence[int] | None = None,
    ):
        """Derivatives of expectation values; see ``expval_and_gradient``."""
        return self.expval_and_gradient(observable, x, w, method, wrt, weight_indices)[1]

    def expval_and_gradient(
        self,
        observable,
        x=None,
        w=None,
        method: str = "adjoint",
        wrt: str = "weights",
        weight_indices: Sequence[int] | None = None,
        cotangent: Callable[[np.ndarray], np.ndarray] | None = None,
    ):
        """Expectation values and their derivatives with respect to weights and/or inputs.

        Args:
            observable: one observable or a list of ``K``.
            x: data ``(N, d)``; w: weights ``(n_weights,)`` or ``(P, n_weights)``.
            method: "adjoint", "parameter-shift" (every shift in one batch) or
                "finite-diff" (central differences, step 1e-6; for comparison only).
            wrt: "weights", "inputs" or "both".
            weight_indices: differentiate only these weights (default all); the weight
                gradient then has ``len(weight_indices)`` entries in this order.
            cotangent: a function from the values (shaped as returned) to real weights ``c``
                of the same shape, for instance ``dLoss/dvalues``. The gradient is then that of
                ``sum_k c[..., k] * values[..., k]`` for each input: a vector-Jacobian product,
                which the adjoint method computes at the cost of one observable.

        Returns:
            ``(values, grad)``: values as ``expval`` gives them; grad of shape
            ``values.shape + (n_weights,)`` (or ``+ (d,)`` for inputs), or with ``cotangent``
            and a list of observables ``values.shape[:-1] + (n_weights,)``; for "both" a tuple
            ``(grad_weights, grad_inputs)``.

        >>> c = Circuit(2).ry(weight(0), 0).cnot(0, 1).ry(weight(1), 1)
        >>> z, g = c.expval_and_gradient(["Z0", "Z1"], w=[0.3, 0.5])
        >>> _, vjp = c.expval_and_gradient(["Z0", "Z1"], w=[0.3, 0.5], cotangent=lambda v: np.array([[2.0, -1.0]]))
        >>> bool(np.allclose(vjp, 2 * g[:, 0] - g[:, 1]))
        True
        """
        if method not in ("adjoint", "parameter-shift", "finite-diff"):
            raise ValueError(f"method must be 'adjoint', 'parameter-shift' or 'finite-diff'; got {method!r}")
        if wrt not in ("weights", "inputs", "both"):
            raise ValueError(f"wrt must be 'weights', 'inputs' or 'both'; got {wrt!r}")
        self._check_observable(observable)
        many = isinstance(observable, (list, tuple))
        observables = list(observable) if many else [observable]
        x, w, n, p, bw = self._inputs(x, w)
        kinds = {"weights": ("weight",), "inputs": ("feature",), "both": ("weight", "feature")}[wrt]
        if "feature" in kinds:
            if x is None:
                raise ValueError("gradients with respect to inputs need data x")
            if any(par.kind == "function" for op in self.operations for par in op.params):
                raise ValueError(
                    "input gradients need angles of the form feature(i); feature_map angles are not differentiable here"
                )
        n_weights = self.n_weights
        column = {j: j for j in range(n_weights)}
        if weight_indices is not None:
            weight_indices = [int(j) for j in weight_indices]
            bad = [j for j in weight_indices if not 0 <= j < n_weights]
            if bad or len(set(weight_indices)) != len(weight_indices):
                raise ValueError(f"weight_indices must be distinct, in 0..{n_weights - 1}; got {weight_indices}")
            column = {j: c for c, j in enumerate(weight_indices)}
        slots, chains = _gradient_plan(tuple(self.operations), kinds, tuple(column))
        angles = self._angles(x, w, p, n)
        weights_of = None
        if cotangent is not None:
            if not callable(cotangent):
                raise TypeError(f"cotangent must be a function of the values; got {type(cotangent).__name__}")

            def weights_of(values):  # (P*N, K) -> (P*N, K), the user's function on the returned shape
                shaped = self._shaped(values if many else values[:, 0], n, p, bw)
                return grad.check_cotangent(cotangent(shaped), shaped.shape).reshape(values.shape)

        if method == "adjoint":
            values, dtheta = grad.adjoint(self.operations, angles, self.n_qubits, observables, p * n, slots,
                                          weights_of)
        else:
            rows = grad.shift_rows(self.operations, slots) if method == "parameter-shift" else grad.finite_rows(slots)
            values, dtheta = grad.shifted(self.operations, angles, self.n_qubits, observables, p * n, slots, rows)
            if weights_of is not None:
                dtheta = np.einsum("sbk,bk->sb", dtheta, weights_of(values))[..., None]
        # dtheta: (n_slots, P*N, K) derivatives with respect to each bound angle (K = 1 with a cotangent).
        grads = []
        for kind, (owners, cols, scales, unique) in zip(kinds, chains, strict=True):
            size = len(column) if kind == "weight" else x.shape[1]
            # chain rule in one step: g[c] = sum over the slots s bound to c of scale_s * dtheta[s]
            g_t = np.zeros((size,) + dtheta.shape[1:])
            terms = scales[:, None, None] * dtheta[owners]
            if unique:  # each column bound to one slot: a plain assignment
                g_t[cols] = terms
            else:
                np.add.at(g_t, cols, terms)
            g = np.ascontiguousarray(np.moveaxis(g_t, 0, -1))
            g = g if many and cotangent is None else g[:, 0, :]
            grads.append(self._shaped(g, n, p, bw))
        values = values if many else values[:, 0]
        return self._shaped(values, n, p, bw), (grads[0] if len(grads) == 1 else tuple(grads))

    # --- drawing -------------------------------------------------------------------------
    def columns(self) -> list[list[Operation]]:
        """Operations packed into drawing columns: each goes left as far as the wires it spans
        (including those its vertical line crosses) allow."""
        columns: list[list[Operation]] = []
        level = [0] * self.n_qubits
        for op in self.operations:
            span = range(min(op.wires), max(op.wires) + 1)
            col = max(level[q] for q in span)
            if col == len(columns):
                columns.append([])
            columns[col].append(op)
            for q in span:
                level[q] = col + 1
        return columns

    def draw(self) -> str:
        """A text drawing: one line per wire, gates packed into columns."""
        rows = [f"{q}: ─" for q in range(self.n_qubits)]
        for ops in self.columns():
            cells = ["─"] * self.n_qubits
            for op in ops:
                for q, text in _cells(op).items():
                    cells[q] = text
            width = max(len(c) for c in cells)
            for q in range(self.n_qubits):
                rows[q] += cells[q].center(width, "─") + "─"
        return "\n".join(rows)

    def __str__(self) -> str:
        return self.draw()

    def __repr__(self) -> str:
        return (
            f"<Circuit: {self.n_qubits} qubits, {len(self.operations)} operations, "
            f"{self.n_features} features, {self.n_weights} weights>"
        )


def _cells(op: Operation) -> dict[int, str]:
    """Text for each wire an operation touches (and the wires its vertical line crosses)."""
    cells = {q: "│" for q in range(min(op.wires), max(op.wires) + 1)}
    if op.name in CONTROLS:
        c = CONTROLS[op.name]
        for q in op.wires[:c]:
            cells[q] = "●"
        target = TARGET_SYMBOLS.get(op.name)
        if target is None:
            base = op.name[1:]
            target = f"{base}({op.params[0]})" if op.params else base
        cells[op.wires[-1]] = target
    elif op.name == "SWAP":
        for q in op.wires:
            cells[q] = "×"
    else:
        label = op.label()
        for q in op.wires:
            cells[q] = label
    return cells


def _check_unitary(matrix, n_wires: int) -> np.ndarray:
    if matrix is None:
        raise ValueError("QubitUnitary needs a matrix")
    m = np.asarray(matrix, dtype=np.complex128)
    d = 2**n_wires
    if m.shape != (d, d):
        raise ValueError(f"a unitary on {n_wires} wire(s) must have shape ({d}, {d}); got {m.shape}")
    if not np.all(np.isfinite(m)):
        raise ValueError("the unitary matrix contains NaN or infinite entries")
    err = np.abs(m @ m.conj().T - np.eye(d)).max()
    if err > 1e-8:
        raise ValueError(f"the matrix is not unitary: max |U U^dagger - I| = {err:.2g}")
    m = m.copy()  # our own read-only copy: changing the caller's array later changes nothing
    m.setflags(write=False)
    return m


def _reject_complex(name: str):
    raise TypeError(f"{name} must hold real numbers (angles); got complex values")


@functools.lru_cache(maxsize=128)
def _gradient_plan(operations: tuple[Operation, ...], kinds: tuple[str, ...], weights: tuple[int, ...]):
    """The angles to differentiate and the chain rule back to weights or inputs (cached).

    Args:
        operations: the circuit's operations; kinds: ``("weight",)``, ``("feature",)`` or both;
        weights: the weight indices to differentiate, in the order of the gradient's columns.

    Returns:
        ``(slots, chains)``: ``slots`` the ``(operation, angle)`` pairs bound to those kinds;
        per kind ``(owners, columns, scales, unique)``: slot ``owners[r]`` adds
        ``scales[r]`` times its derivative to gradient column ``columns[r]``; ``unique`` when
        no column is fed by two slots.
    """
    column = {j: c for c, j in enumerate(weights)}
    slots = [
        (k, i)
        for k, op in enumerate(operations)
        for i, par in enumerate(op.params)
        if par.kind in kinds and (par.kind == "feature" or par.index in column)
    ]
    chains = []
    for kind in kinds:
        owners, cols, scales = [], [], []
        for s, (k, i) in enumerate(slots):
            par = operations[k].params[i]
            if par.kind == kind:
                owners.append(s)
                cols.append(column[par.index] if kind == "weight" else par.index)
                scales.append(par.scale)
        arrays = (np.array(owners, dtype=int), np.array(cols, dtype=int), np.array(scales, dtype=np.float64))
        for a in arrays:
            a.setflags(write=False)  # shared by every call with this plan
        chains.append(arrays + (len(set(cols)) == len(cols),))
    return tuple(slots), tuple(chains)  # tuples: the cached plan is shared by every call
