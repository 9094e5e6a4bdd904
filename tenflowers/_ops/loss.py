"""The losses (``torch.nn.functional``'s names, argument names, defaults and semantics): each
is one C call into a fused kernel with a fused backward."""

from __future__ import annotations

from typing import Any, Optional

from .._core import capi, cdefs, ffi
from .._core.tensor import Tensor, _wrap, as_tensor_operand

_REDUCTIONS = {
    "none": cdefs.TF_REDUCTION_NONE,
    "mean": cdefs.TF_REDUCTION_MEAN,
    "sum": cdefs.TF_REDUCTION_SUM,
}
_KL_REDUCTIONS = dict(_REDUCTIONS, batchmean=cdefs.TF_REDUCTION_BATCHMEAN)

_TF_MseLoss = capi.TF_MseLoss
_TF_L1Loss = capi.TF_L1Loss
_TF_SmoothL1Loss = capi.TF_SmoothL1Loss
_TF_HuberLoss = capi.TF_HuberLoss
_TF_BinaryCrossEntropy = capi.TF_BinaryCrossEntropy
_TF_BinaryCrossEntropyWithLogits = capi.TF_BinaryCrossEntropyWithLogits
_TF_KlDiv = capi.TF_KlDiv
_TF_NllLoss = capi.TF_NllLoss
_TF_CrossEntropy = capi.TF_CrossEntropy
_TF_CrossEntropyLoss = capi.TF_CrossEntropyLoss


def _tensor(x: Any) -> Tensor:
    return x if type(x) is Tensor else as_tensor_operand(x, None)


def _reduction(reduction: str, table: "dict[str, int]" = _REDUCTIONS) -> int:
    try:
        return table[reduction]
    except (KeyError, TypeError):
        choices = ", ".join(repr(k) for k in table)
        raise ValueError(f"reduction must be one of {choices}, got {reduction!r}") from None


def _done(h: Optional[int], st: int) -> Tensor:
    if not h:
        ffi.raise_status(st)
    return _wrap(h)


def mse_loss(input: Any, target: Any, *, reduction: str = "mean") -> Tensor:  # noqa: A002
    """``(input - target) ** 2``, broadcast, then reduced (``"mean"``, ``"sum"`` or ``"none"``).
    Differentiable with respect to input and target."""
    red = _reduction(reduction)
    x, t = _tensor(input), _tensor(target)
    st = ffi.status()
    return _done(_TF_MseLoss(x._h, t._h, red, st), st)


def l1_loss(input: Any, target: Any, *, reduction: str = "mean") -> Tensor:  # noqa: A002
    """``|input - target|``, broadcast, then reduced."""
    red = _reduction(reduction)
    x, t = _tensor(input), _tensor(target)
    st = ffi.status()
    return _done(_TF_L1Loss(x._h, t._h, red, st), st)


def smooth_l1_loss(input: Any, target: Any, *, reduction: str = "mean", beta: float = 1.0) -> Tensor:  # noqa: A002
    """``0.5 d**2 / beta`` where ``|d| < beta``, else ``|d| - 0.5 beta`` (d = input - target)."""
    red = _reduction(reduction)
    x, t = _tensor(input), _tensor(target)
    st = ffi.status()
    return _done(_TF_SmoothL1Loss(x._h, t._h, red, float(beta), st), st)


def huber_loss(input: Any, target: Any, *, reduction: str = "mean", delta: float = 1.0) -> Tensor:  # noqa: A002
    """``0.5 d**2`` where ``|d| <= delta``, else ``delta (|d| - 0.5 delta)`` (d = input - target)."""
    red = _reduction(reduction)
    x, t = _tensor(input), _tensor(target)
    st = ffi.status()
    return _done(_TF_HuberLoss(x._h, t._h, red, float(delta), st), st)


def binary_cross_entropy(
    input: Any, target: Any, weight: Optional[Any] = None, *, reduction: str = "mean"  # noqa: A002
) -> Tensor:
    """``-weight (t log(x) + (1 - t) log(1 - x))`` with the logs clamped to >= -100; `input`
    in [0, 1] (else InvalidArgumentError), `target` of the input's shape."""
    red = _reduction(reduction)
    x, t = _tensor(input), _tensor(target)
    w = None if weight is None else _tensor(weight)
    st = ffi.status()
    return _done(_TF_BinaryCrossEntropy(x._h, t._h, None if w is None else w._h, red, st), st)


def binary_cross_entropy_with_logits(
    input: Any,  # noqa: A002
    target: Any,
    weight: Optional[Any] = None,
    *,
    reduction: str = "mean",
    pos_weight: Optional[Any] = None,
) -> Tensor:
    """Binary cross-entropy of logits in the stable form ``(1 - t) x + (1 + (p - 1) t)
    softplus(-x)``, times `weight`; `pos_weight` broadcasts over the last dim (classes)."""
    red = _reduction(reduction)
    x, t = _tensor(input), _tensor(target)
    w = None if weight is None else _tensor(weight)
    p = None if pos_weight is None else _tensor(pos_weight)
    st = ffi.status()
    h = _TF_BinaryCrossEntropyWithLogits(x._h, t._h, None if w is None else w._h, None if p is None else p._h, red, st)
    return _done(h, st)


def kl_div(input: Any, target: Any, *, reduction: str = "mean", log_target: bool = False) -> Tensor:  # noqa: A002
    """KL divergence of log-probabilities `input` against `target` (probabilities, or
    log-probabilities with `log_target`): ``target (log target - input)``. ``"mean"`` is the
    elementwise mean (as PyTorch), ``"batchmean"`` the sum over ``input.shape[0]``."""
    red = _reduction(reduction, _KL_REDUCTIONS)
    x, t = _tensor(input), _tensor(target)
    st = ffi.status()
    return _done(_TF_KlDiv(x._h, t._h, red, bool(log_target), st), st)


def nll_loss(
    input: Any,  # noqa: A002
    target: Any,
    weight: Optional[Any] = None,
    *,
    ignore_index: int = -100,
    reduction: str = "mean",
) -> Tensor:
    """Negative log-likelihood of log-probabilities `input` ``(N, C)``, ``(C,)`` or
    ``(N, C, d1, ...)`` at class indices `target`: ``-weight[t] input[t]``; the mean divides by
    the sum of ``weight[t]`` over the targets not equal to `ignore_index`."""
    red = _reduction(reduction)
    x, t = _tensor(input), _tensor(target)
    w = None if weight is None else _tensor(weight)
    st = ffi.status()
    return _done(_TF_NllLoss(x._h, t._h, None if w is None else w._h, red, int(ignore_index), st), st)


def cross_entropy(
    input: Any,  # noqa: A002
    target: Any,
    weight: Optional[Any] = None,
    *,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> Tensor:
    """``torch.nn.functional.cross_entropy``: ``log_softmax`` over the classes (dim 1, or 0 for
    a ``(C,)`` input) and the negative log-likelihood, fused in one pass per row, for inputs
    ``(N, C)``, ``(C,)`` or ``(N, C, d1, ...)``. `target` holds class indices (integer, the
    input's shape without the class dim) or class probabilities (float, the input's shape).
    With index targets each position's loss is ``(1 - e) (-w[t] lp[t]) + e / C sum_c
    (-w[c] lp[c])`` (e = `label_smoothing`, w = `weight` or ones), 0 at `ignore_index`, and
    ``"mean"`` divides by the sum of ``w[t]`` over the positions not ignored; with probability
    targets it is ``-sum_c w[c] ((1 - e) t[c] + e / C) lp[c]`` and ``"mean"`` divides by the
    number of positions. Differentiable with respect to `input` and probability targets."""
    red = _reduction(reduction)
    x, t = _tensor(input), _tensor(target)
    st = ffi.status()
    if weight is None and x.ndim <= 2 and t.shape != x.shape:
        h = _TF_CrossEntropy(x._h, t._h, red, int(ignore_index), float(label_smoothing), st)
    else:
        w = None if weight is None else _tensor(weight)
        h = _TF_CrossEntropyLoss(
            x._h, t._h, None if w is None else w._h, red, int(ignore_index), float(label_smoothing), st
        )
    return _done(h, st)


__all__ = [
    "binary_cross_entropy", "binary_cross_entropy_with_logits", "cross_entropy", "huber_loss", "kl_div", "l1_loss",
    "mse_loss", "nll_loss", "smooth_l1_loss",
]
