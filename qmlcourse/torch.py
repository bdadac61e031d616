"""``QuantumLayer``: a ``torch.nn.Module`` running a ``qmlcourse.qnn.QNN`` on the simulator.

The forward pass evaluates the circuit in numpy (float64); the backward pass is a custom
``torch.autograd.Function`` whose gradients come from the simulator's batched adjoint
differentiation: ``dL/dw`` and ``dL/dx`` as the vector-Jacobian product ``QNN.vjp`` of the
incoming gradient ``dL/dy (N, K)``. Inputs feed the encoding angles, so the layer can sit
after a ``torch.nn.Linear``. Outputs have the dtype of the input (computed in float64).
Needs the optional extra: ``pip install 'qmlcourse[torch]'``.

>>> import torch
>>> from qmlcourse.qnn import QNN
>>> layer = QuantumLayer(QNN(2, n_layers=1), random_state=0)
>>> layer(torch.zeros(3, 2, dtype=torch.float64)).shape
torch.Size([3, 2])
"""

from __future__ import annotations

try:
    import torch
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError("qmlcourse.torch needs PyTorch: pip install 'qmlcourse[torch]'") from exc

import numpy as np

from qmlcourse.qnn import QNN

__all__ = ["QNNFunction", "QuantumLayer"]


def _numpy(t: torch.Tensor, name: str) -> np.ndarray:
    a = t.detach().cpu().to(torch.float64).numpy()
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return a


class QNNFunction(torch.autograd.Function):
    """``y = QNN(x, w)`` with adjoint-differentiation gradients. Call ``QNNFunction.apply(x, w, qnn)``
    with ``x (N, d)`` and ``w (n_weights,)``."""

    @staticmethod
    def forward(ctx, x, w, qnn):
        x_np, w_np = _numpy(x, "x"), _numpy(w, "weights")
        ctx.qnn = qnn
        ctx.save_for_backward(x, w)
        return torch.as_tensor(qnn.forward(x_np, w_np), device=x.device).to(x.dtype)

    @staticmethod
    def backward(ctx, grad_out):
        x, w = ctx.saved_tensors
        need_x, need_w = ctx.needs_input_grad[0], ctx.needs_input_grad[1]
        if not (need_x or need_w):
            return None, None, None
        wrt = "both" if need_x and need_w else ("inputs" if need_x else "weights")
        _, gw, gx = ctx.qnn.forward_and_vjp(_numpy(x, "x"), _numpy(w, "weights"), _numpy(grad_out, "grad_out"),
                                            wrt=wrt)
        grad_x = torch.as_tensor(gx, device=x.device).to(x.dtype) if need_x else None
        grad_w = torch.as_tensor(gw, device=w.device).to(w.dtype) if need_w else None
        return grad_x, grad_w, None


class QuantumLayer(torch.nn.Module):
    """A QNN as a torch layer: ``(N, d)`` (or ``(d,)``) inputs to ``(N, K)`` (or ``(K,)``).

    Parameters
    ----------
    qnn : qmlcourse.qnn.QNN
    weights : array-like (n_weights,) or None
        Initial weights; None draws them uniformly in ``[-pi, pi)`` with ``random_state``.
    random_state : int, Generator or None

    The trainable weights are the float64 parameter ``self.weights``.
    """

    def __init__(self, qnn: QNN, weights=None, random_state=None):
        super().__init__()
        if not isinstance(qnn, QNN):
            raise TypeError(f"qnn must be a qmlcourse.qnn.QNN; got {type(qnn).__name__}")
        self.qnn = qnn
        w = qnn.init_weights(random_state) if weights is None else np.asarray(weights, dtype=np.float64)
        if w.shape != (qnn.n_weights,):
            raise ValueError(f"weights must have shape ({qnn.n_weights},); got {w.shape}")
        self.weights = torch.nn.Parameter(torch.tensor(w, dtype=torch.float64))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not isinstance(x, torch.Tensor):
            raise TypeError(f"QuantumLayer expects a torch.Tensor; got {type(x).__name__}")
        single = x.ndim == 1
        if single:
            x = x.unsqueeze(0)
        if x.ndim != 2 or x.shape[1] != self.qnn.n_features:
            raise ValueError(f"QuantumLayer input must have shape (n_samples, {self.qnn.n_features}); "
                             f"got {tuple(x.shape)}")
        y = QNNFunction.apply(x, self.weights, self.qnn)
        return y[0] if single else y

    def extra_repr(self) -> str:
        return repr(self.qnn)
