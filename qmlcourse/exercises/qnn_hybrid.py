"""Exercises and concept checks of lesson ``qnn.hybrid`` (notebooks/18_qnn_hybrid.ipynb).

Two exercises on the model ``x -> Dense(tanh) -> quantum layer -> Dense -> logits``:

* ``hybrid_forward``: the forward pass, given the two classical layers' weights (shape
  ``(n_in, n_out)``, ``y = x @ W + b``, as ``qmlcourse.hybrid.Dense``) and the quantum layer as
  a callable;
* ``chain_rule_gradient``: the gradient of the loss with respect to the first layer's weight
  matrix, given the quantum layer's Jacobian with respect to its inputs and the gradient
  arriving at its outputs (one step of backpropagation, written out).

Two concept checks: which derivatives of the quantum layer backpropagation needs, and what a
close accuracy comparison with a classical baseline shows.
"""

from __future__ import annotations

import numpy as np

from qmlcourse.exercises import Concept, Exercise, Mistake, Option, case, compare


class FixedQuantumLayer:
    """A quantum layer with fixed weights, as a callable: ``h (N, n) -> z (N, n)``.

    ``z[:, k] = <Z_k>`` of ``qmlcourse.qnn.QNN(n_qubits, n_layers)`` (re-uploading, strongly
    entangling blocks) with the inputs ``h`` as encoding angles and weights drawn with ``seed``.

    >>> layer = FixedQuantumLayer(2, 1, seed=0)
    >>> layer(np.zeros((3, 2))).shape
    (3, 2)
    """

    def __init__(self, n_qubits: int, n_layers: int = 1, seed: int = 0):
        from qmlcourse.qnn import QNN

        self.qnn = QNN(int(n_qubits), n_layers=int(n_layers))
        self.weights = self.qnn.init_weights(seed)
        self.n_qubits, self.n_layers, self.seed = int(n_qubits), int(n_layers), int(seed)

    def __call__(self, h):
        return self.qnn.forward(np.asarray(h, dtype=float), self.weights)

    def __repr__(self) -> str:
        return (f"FixedQuantumLayer({self.n_qubits} qubits, {self.n_layers} layers, seed {self.seed}): "
                f"(N, {self.n_qubits}) -> (N, {self.n_qubits})")


# --------------------------------------------------------------------------- hybrid_forward


def hybrid_forward(x, W1, b1, quantum_layer, W2, b2):
    """Dense with tanh, then the quantum layer, then Dense without activation: the logits."""
    h = np.tanh(x @ W1 + b1)  # (N, n): the angles fed to the quantum layer
    z = quantum_layer(h)  # (N, n): expectation values in [-1, 1]
    return z @ W2 + b2  # (N, C): logits, no activation (the softmax is part of the loss)


def _hf_transposed(x, W1, b1, quantum_layer, W2, b2):
    return quantum_layer(np.tanh(x @ W1.T + b1)) @ W2 + b2


def _hf_no_b1(x, W1, b1, quantum_layer, W2, b2):
    return quantum_layer(np.tanh(x @ W1)) @ W2 + b2


def _hf_no_b2(x, W1, b1, quantum_layer, W2, b2):
    return quantum_layer(np.tanh(x @ W1 + b1)) @ W2


def _hf_tanh_last(x, W1, b1, quantum_layer, W2, b2):
    return np.tanh(quantum_layer(np.tanh(x @ W1 + b1)) @ W2 + b2)


def _hf_no_tanh(x, W1, b1, quantum_layer, W2, b2):
    return quantum_layer(x @ W1 + b1) @ W2 + b2


def _hf_einsum(x, W1, b1, quantum_layer, W2, b2):
    h = np.tanh(np.einsum("nd,dm->nm", x, W1) + b1[None, :])
    return np.einsum("nk,kc->nc", quantum_layer(h), W2) + b2[None, :]


def _hf_rows(x, W1, b1, quantum_layer, W2, b2):
    h = np.stack([np.tanh(W1.T @ row + b1) for row in x])  # one sample at a time, W^T x_n
    z = quantum_layer(h)
    return np.stack([W2.T @ row + b2 for row in z])


def _forward_cases(rng: np.random.Generator) -> list:
    out = []
    # (samples, features = qubits, classes, quantum layers); the first layer is square (d = n)
    for n_samples, n, n_classes, layers in ((4, 2, 2, 1), (5, 2, 3, 1), (3, 3, 2, 1), (6, 3, 3, 2)):
        x = rng.normal(size=(n_samples, n))
        W1, b1 = rng.normal(size=(n, n)), rng.normal(size=n)
        W2, b2 = rng.normal(size=(n, n_classes)), rng.normal(size=n_classes)
        layer = FixedQuantumLayer(n, layers, seed=int(rng.integers(1000)))
        out.append(case(x, W1, b1, layer, W2, b2,
                        label=f"{n_samples} samples, {n} features, {n} qubits, {n_classes} classes"))
    return out


HYBRID_FORWARD = Exercise(
    id="qnn.hybrid/hybrid_forward",
    title="Forward pass of a hybrid model",
    statement=(
        "Compute the logits of the hybrid model Dense(tanh) -> quantum layer -> Dense for a batch of "
        "inputs, given the classical weights and the quantum layer as a function."
    ),
    template='''def hybrid_forward(x, W1, b1, quantum_layer, W2, b2):
    """Return the logits of the hybrid model, an array of shape (N, C).

    x: array (N, d), a batch of N inputs with d features.
    W1, b1: arrays (d, n) and (n,), the first classical layer (as qmlcourse.hybrid.Dense:
            weights of shape (n_in, n_out)), followed by a tanh activation; its n outputs
            are the angles fed to the quantum layer.
    quantum_layer: a function taking an array (N, n) of angles and returning the (N, n)
            expectation values of the quantum layer (call it: quantum_layer(angles)).
    W2, b2: arrays (n, C) and (C,), the last classical layer, WITHOUT activation (its
            outputs are logits; the softmax belongs to the loss).
    Example: with x = np.zeros((1, 2)), W1 = np.zeros((2, 2)), b1 = np.zeros(2) the angles
             are 0; with W2 = np.eye(2), b2 = np.ones(2) the result is
             quantum_layer(np.zeros((1, 2))) + 1.
    """
    raise NotImplementedError("compose the three layers")
''',
    reference=hybrid_forward,
    cases=_forward_cases,
    answer=compare.array(atol=1e-10, rtol=1e-8, real=True, what="logits"),
    mistakes=[
        Mistake(
            _hf_transposed,
            "you multiplied by W1.T: here a layer's weights have shape (n_in, n_out) and the layer computes "
            "x @ W + b, (N, n_in) @ (n_in, n_out) -> (N, n_out). (torch.nn.Linear stores its weight the other "
            "way round, (n_out, n_in), and computes x @ weight.T + bias.) The hidden cases have a square W1, so "
            "the transposed product ran but gave other angles",
        ),
        Mistake(
            _hf_no_b1,
            "the bias b1 of the first layer is missing: the angles are tanh(x @ W1 + b1); without b1 an input "
            "x = 0 always gives the angles 0",
        ),
        Mistake(
            _hf_no_b2,
            "the bias b2 of the last layer is missing: the logits are z @ W2 + b2, where z is the quantum "
            "layer's output",
        ),
        Mistake(
            _hf_tanh_last,
            "you applied tanh to the logits as well: the last layer has no activation. Its outputs go into the "
            "softmax of the cross-entropy, and squashing them into (-1, 1) would cap every class probability",
        ),
        Mistake(
            _hf_no_tanh,
            "the tanh after the first layer is missing: the angles fed to the quantum layer are "
            "tanh(x @ W1 + b1), not x @ W1 + b1",
        ),
    ],
    alternatives=[_hf_einsum, _hf_rows],
    hints=[
        "Three steps, each feeding the next: the first classical layer with its activation gives the angles, "
        "the quantum layer turns them into expectation values, the last classical layer turns those into "
        "logits. Follow the shapes: (N, d) -> (N, n) -> (N, n) -> (N, C).",
        "A layer with weights W of shape (n_in, n_out) and bias b maps a batch x (N, n_in) to x @ W + b "
        "(the bias broadcasts over the N rows). Only the first layer has the tanh.",
        "h = np.tanh(x @ W1 + b1); z = quantum_layer(h); return z @ W2 + b2.",
    ],
    seed=181,
)


# --------------------------------------------------------------------------- chain_rule_gradient


def chain_rule_gradient(x, W1, b1, jac, grad_z):
    """dL/dW1 from the quantum layer's input Jacobian and the gradient at its outputs."""
    h = np.tanh(x @ W1 + b1)  # (N, n): the angles
    grad_h = np.einsum("nk,nkj->nj", grad_z, jac)  # vector-Jacobian product per sample: v^T J
    grad_pre = grad_h * (1.0 - h**2)  # through the tanh: d tanh(u)/du = 1 - tanh(u)^2
    return x.T @ grad_pre  # (d, n): sum over samples of x_n (outer) grad_pre_n


def _pre_and_h(x, W1, b1):
    pre = x @ W1 + b1
    return pre, np.tanh(pre)


def _cr_no_transpose(x, W1, b1, jac, grad_z):
    _, h = _pre_and_h(x, W1, b1)
    g = np.einsum("nk,nkj->nj", grad_z, jac) * (1.0 - h**2)
    return g.T @ x


def _cr_no_activation(x, W1, b1, jac, grad_z):
    return x.T @ np.einsum("nk,nkj->nj", grad_z, jac)


def _cr_derivative_at_pre(x, W1, b1, jac, grad_z):
    pre, _ = _pre_and_h(x, W1, b1)
    return x.T @ (np.einsum("nk,nkj->nj", grad_z, jac) * (1.0 - pre**2))


def _cr_jvp_order(x, W1, b1, jac, grad_z):
    _, h = _pre_and_h(x, W1, b1)
    g = np.einsum("nkj,nj->nk", jac, grad_z)  # J v: contracts the Jacobian's INPUT index
    return x.T @ (g * (1.0 - h**2))


def _cr_mean(x, W1, b1, jac, grad_z):
    _, h = _pre_and_h(x, W1, b1)
    return x.T @ (np.einsum("nk,nkj->nj", grad_z, jac) * (1.0 - h**2)) / len(x)


def _cr_loop(x, W1, b1, jac, grad_z):
    grad = np.zeros_like(W1)
    for n in range(len(x)):
        h_n = np.tanh(x[n] @ W1 + b1)
        grad += np.outer(x[n], (jac[n].T @ grad_z[n]) * (1.0 - h_n**2))
    return grad


def _cr_matmul(x, W1, b1, jac, grad_z):
    grad_h = np.matmul(grad_z[:, None, :], jac)[:, 0, :]  # (N, 1, K) @ (N, K, n)
    return np.einsum("nd,nj->dj", x, grad_h / np.cosh(x @ W1 + b1) ** 2)  # 1 - tanh^2 = 1 / cosh^2


def _gradient_cases(rng: np.random.Generator) -> list:
    from qmlcourse.qnn import QNN

    out = []
    # (samples, features, qubits = read-outs, quantum layers); the Jacobian (N, n, n) is square
    for n_samples, d, n, layers in ((4, 2, 2, 1), (5, 3, 2, 1), (3, 2, 3, 1), (6, 3, 3, 2), (4, 4, 2, 2)):
        x = rng.normal(size=(n_samples, d))
        W1, b1 = rng.normal(size=(d, n)), rng.normal(size=n)
        h = np.tanh(x @ W1 + b1)
        qnn = QNN(n, n_layers=layers)
        _, _, jac = qnn.jacobian(h, qnn.init_weights(int(rng.integers(1000))), wrt="inputs")
        grad_z = rng.normal(size=(n_samples, n)) / n_samples
        out.append(case(x, W1, b1, jac, grad_z,
                        label=f"{n_samples} samples, {d} features, {n} qubits, {layers} quantum layer(s)"))
    return out


CHAIN_RULE_GRADIENT = Exercise(
    id="qnn.hybrid/chain_rule_gradient",
    title="The chain rule through a quantum layer",
    statement=(
        "Given the quantum layer's Jacobian with respect to its input angles and the gradient of the loss "
        "with respect to its outputs, compute the gradient of the loss with respect to the first classical "
        "layer's weight matrix W1."
    ),
    template='''def chain_rule_gradient(x, W1, b1, jac, grad_z):
    """Return dL/dW1, an array of shape (d, n) (the shape of W1).

    The model starts h = tanh(x @ W1 + b1) (the angles, shape (N, n)), then z = Q(h), the
    quantum layer's n expectation values per sample (shape (N, n)); L depends on z.
    x: array (N, d); W1: array (d, n); b1: array (n,).
    jac: array (N, n, n), the quantum layer's Jacobian for each sample:
         jac[i, k, j] = d z[i, k] / d h[i, j] (output k, input angle j).
    grad_z: array (N, n), the gradient of the loss with respect to z, dL/dz[i, k]
            (it already contains the 1/N of a mean over the batch).
    Example: if grad_z is all zeros, the result is np.zeros((d, n)).
    """
    raise NotImplementedError("apply the chain rule backwards, from z to W1")
''',
    reference=chain_rule_gradient,
    cases=_gradient_cases,
    answer=compare.array(atol=1e-10, rtol=1e-8, real=True, what="gradient dL/dW1"),
    mistakes=[
        Mistake(
            _cr_no_transpose,
            "you returned (dL/du)^T x, the transpose of the gradient: for u = x @ W1 + b1 the gradient with "
            "respect to W1 is x^T (dL/du), (d, N) @ (N, n) -> (d, n), the shape of W1 (u is the input of the tanh)",
        ),
        Mistake(
            _cr_no_activation,
            "the derivative of the tanh is missing: between the angles h = tanh(u) and u = x @ W1 + b1 the "
            "gradient is multiplied entrywise by dh/du = 1 - h^2",
        ),
        Mistake(
            _cr_derivative_at_pre,
            "you multiplied by 1 - u^2 with u = x @ W1 + b1, the input of the tanh: its derivative is "
            "1 - tanh(u)^2 = 1 - h^2, evaluated with the output h",
        ),
        Mistake(
            _cr_jvp_order,
            "you contracted the Jacobian with grad_z over its INPUT index (J v, a Jacobian-vector product): the "
            "chain rule backwards needs v^T J, dL/dh[i, j] = sum over k of dL/dz[i, k] jac[i, k, j], a sum over "
            "the OUTPUTS k. The Jacobian of a quantum layer is not symmetric, so the two differ",
        ),
        Mistake(
            _cr_mean,
            "you divided by N: grad_z is already the gradient of the mean loss (it carries the 1/N), so the "
            "gradient of W1 is the plain sum over samples that x^T (dL/du) computes",
        ),
    ],
    alternatives=[_cr_loop, _cr_matmul],
    hints=[
        "Go backwards one step at a time, keeping track of shapes: from dL/dz (N, n) to dL/dh (N, n) through "
        "the quantum layer, then through the tanh to dL/du with u = x @ W1 + b1, then to dL/dW1 (d, n).",
        "Through the quantum layer: dL/dh[i, j] = sum over k of dL/dz[i, k] * jac[i, k, j] (a vector-Jacobian "
        "product for each sample, np.einsum('nk,nkj->nj', ...)). Through the tanh: multiply entrywise by "
        "1 - h^2. Through u = x @ W1: dL/dW1 = x^T dL/du.",
        "h = np.tanh(x @ W1 + b1); grad_h = np.einsum('nk,nkj->nj', grad_z, jac); "
        "return x.T @ (grad_h * (1 - h**2)).",
    ],
    seed=182,
)


# --------------------------------------------------------------------------- concept checks

INPUT_GRADIENT = Concept(
    id="qnn.hybrid/input_gradient",
    question=(
        "The quantum classifier of lesson 12 needed the derivatives of the circuit with respect to its weights "
        "only. In the hybrid model Dense -> quantum layer -> Dense, which derivatives of the quantum layer does "
        "backpropagation need?"
    ),
    options=[
        Option("Only those with respect to its weights, as before: the classical layers have their own "
               "gradients.", why=(
                   "The last Dense layer's gradient needs only the quantum layer's outputs, but the first one's "
                   "does not: dL/dW1 reaches W1 only through the angles h, so it needs dL/dh, which is v^T J "
                   "with J = dz/dh, the derivative with respect to the layer's INPUTS. Without it W1 and b1 "
                   "would get no gradient.")),
        Option("Those with respect to its weights and those with respect to its inputs (the angles), the "
               "latter as a vector-Jacobian product that carries the gradient on to the first layer.",
               correct=True, why=(
                   "dL/dw trains the circuit; dL/dh = v^T dz/dh is passed backwards to the first Dense layer. "
                   "In qmlcourse both come out of the same adjoint sweep, because the angles are bound as "
                   "feature(i) parameters of the circuit.")),
        Option("Only those with respect to its inputs: the weights of a quantum layer cannot be trained "
               "together with classical ones.", why=(
                   "They can and are: the loss is one differentiable function of all parameters, classical and "
                   "quantum, and the gradient of each comes from the same backward pass.")),
    ],
)

CLOSE_COMPARISON = Concept(
    id="qnn.hybrid/close_comparison",
    question=(
        "On 100 test points of the moons data a hybrid model and a classical MLP with about the same number "
        "of parameters reach test accuracies within two points of each other (one seed is worse for the "
        "hybrid). What does this comparison show?"
    ),
    options=[
        Option("That the quantum layer gives the hybrid model an advantage, since it uses fewer classical "
               "parameters.", why=(
                   "Nothing in the comparison shows an advantage: the MLP matches it with a similar parameter "
                   "count, and a quantum layer simulated on 2 qubits is itself a small classical function of "
                   "its inputs.")),
        Option("That both models can fit this easy data set; a difference of one or two test points out of "
               "100 is within the spread over seeds and says nothing about which model is better.",
               correct=True, why=(
                   "With 100 test points one point is 1 %, and the spread between seeds is larger than the "
                   "difference between the models. A meaningful comparison needs several seeds, a harder task "
                   "and tuned baselines.")),
        Option("That the classical model is better, because quantum layers always train worse.", why=(
            "One data set and three seeds cannot show 'always'. Here the hybrid model's best seeds are as good "
            "as the MLP; its bad seed is an optimisation problem (a poor start), not a limit of the model.")),
    ],
)
