"""Fused ops for the training hot path: ``cross_entropy``, ``linear`` and ``sgd_step_``
(PyTorch's names and argument order). Each is one C call."""

from __future__ import annotations

from typing import Any, Iterable, Optional

from .._core import capi, cdefs, ffi
from .._core.tensor import Tensor, _wrap, as_tensor_operand

_REDUCTIONS = {
    "none": cdefs.TF_REDUCTION_NONE,
    "mean": cdefs.TF_REDUCTION_MEAN,
    "sum": cdefs.TF_REDUCTION_SUM,
}
_ACTIVATIONS = {None: cdefs.TF_ACTIVATION_NONE, "none": cdefs.TF_ACTIVATION_NONE, "relu": cdefs.TF_ACTIVATION_RELU}

_TF_CrossEntropy = capi.TF_CrossEntropy
_TF_Linear = capi.TF_Linear
_TF_SgdStep = capi.TF_SgdStep
_TF_GetCode = capi.TF_GetCode


def _tensor(x: Any) -> Tensor:
    return x if type(x) is Tensor else as_tensor_operand(x, None)


def cross_entropy(
    input: Any,  # noqa: A002 - PyTorch's name
    target: Any,
    *,
    reduction: str = "mean",
    ignore_index: int = -100,
    label_smoothing: float = 0.0,
) -> Tensor:
    """Cross-entropy loss of unnormalized scores `input` (float, shape ``(N, C)``, or ``(C,)``
    for one sample) against class indices `target` (integer, shape ``(N,)`` or ``()``), as
    ``torch.nn.functional.cross_entropy``: ``log_softmax`` and the negative log-likelihood in
    one fused pass per row; differentiable with respect to `input`.

    `reduction` is ``"mean"`` (over the rows not ignored), ``"sum"`` or ``"none"`` (one loss per
    row). Rows whose target equals `ignore_index` contribute 0. With `label_smoothing` e in
    [0, 1] the target is ``(1 - e) * onehot + e / C``. Class-probability targets and per-class
    weights are not supported. A target outside ``[0, C)`` (other than `ignore_index`) raises
    InvalidArgumentError naming the value, its position and C."""
    try:
        red = _REDUCTIONS[reduction]
    except KeyError:
        raise ValueError(f"reduction must be 'mean', 'sum' or 'none', got {reduction!r}") from None
    x, t = _tensor(input), _tensor(target)
    st = ffi.status()
    h = _TF_CrossEntropy(x._h, t._h, red, int(ignore_index), float(label_smoothing), st)
    if not h:
        ffi.raise_status(st)
    return _wrap(h)


def linear(input: Any, weight: Any, bias: Optional[Any] = None, activation: Optional[str] = None) -> Tensor:  # noqa: A002
    """``input @ weight.T + bias`` with PyTorch's layout: `input` ``(..., in)``, `weight`
    ``(out, in)`` (read through a transposed view, never copied), `bias` ``(out,)`` or None;
    the result is ``(..., out)``. `activation` None or ``"relu"`` is applied in the same pass
    over the output as the bias (``linear(x, w, b, "relu")`` equals ``relu(x @ w.T + b)``).
    Float32/float64 only (mixed dtypes promote); differentiable with respect to all three."""
    try:
        act = _ACTIVATIONS[activation]
    except (KeyError, TypeError):
        raise ValueError(f"activation must be None or 'relu', got {activation!r}") from None
    x, w = _tensor(input), _tensor(weight)
    b = None if bias is None else _tensor(bias)
    st = ffi.status()
    h = _TF_Linear(x._h, w._h, None if b is None else b._h, act, st)
    if not h:
        ffi.raise_status(st)
    return _wrap(h)


def sgd_step_(params: Iterable[Tensor], lr: float, *, zero_grad: bool = False) -> None:
    """One plain SGD step in place, in one C call: ``p -= lr * p.grad`` for each of `params`
    that has a gradient (the others are skipped, as PyTorch's optimizers do), with grad mode off
    during the update. With `zero_grad`, every parameter's ``.grad`` is cleared afterwards
    (``optimizer.zero_grad()``). Every parameter is checked before any is written."""
    ps = list(params)
    for p in ps:
        if type(p) is not Tensor:
            raise TypeError(f"sgd_step_ needs Tensors, got {type(p).__name__}")
    st = ffi.status()
    _TF_SgdStep(ffi.handle_array(ps), len(ps), float(lr), bool(zero_grad), st)
    if _TF_GetCode(st):
        ffi.raise_status(st)


__all__ = ["cross_entropy", "linear", "sgd_step_"]
