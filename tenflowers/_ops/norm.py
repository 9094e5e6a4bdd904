"""The normalization layers, fused in the core: ``layer_norm``, ``rms_norm``, ``batch_norm`` and
``group_norm`` with PyTorch's names, argument names, defaults and semantics
(``torch.nn.functional``). Each is one C call; all are differentiable with respect to the input,
the weight and the bias."""

from __future__ import annotations

import operator
from typing import Any, Optional, Sequence, Tuple, Union

from .._core import capi, ffi
from .._core.dtypes import float32, float64
from .._core.tensor import Tensor, _wrap, as_tensor_operand

_TF_LayerNorm = capi.TF_LayerNorm
_TF_RmsNorm = capi.TF_RmsNorm
_TF_BatchNorm = capi.TF_BatchNorm
_TF_GroupNorm = capi.TF_GroupNorm

# torch.finfo(dtype).eps: rms_norm's default eps.
_FINFO_EPS = {float32: 1.1920928955078125e-07, float64: 2.220446049250313e-16}


def _tensor(x: Any) -> Tensor:
    return x if type(x) is Tensor else as_tensor_operand(x, None)


def _opt(x: Optional[Any]) -> Optional[Tensor]:
    return None if x is None else _tensor(x)


def _shape(normalized_shape: Union[int, Sequence[int]]) -> Tuple[int, ...]:
    if isinstance(normalized_shape, int) or hasattr(normalized_shape, "__index__"):
        return (operator.index(normalized_shape),)  # type: ignore[arg-type]
    return tuple(operator.index(d) for d in normalized_shape)


def layer_norm(
    input: Any,  # noqa: A002 - PyTorch's name
    normalized_shape: Union[int, Sequence[int]],
    weight: Optional[Any] = None,
    bias: Optional[Any] = None,
    eps: float = 1e-05,
) -> Tensor:
    """Layer normalization over the trailing dims `normalized_shape` of `input` (they must
    equal its last dims): ``(x - mean) / sqrt(var + eps) * weight + bias`` per row, with the
    biased variance, as ``torch.nn.functional.layer_norm``. `weight` and `bias` have shape
    `normalized_shape` (or are None). Float32/float64 (statistics accumulated in float64);
    differentiable with respect to all three. A `normalized_shape` that does not match raises
    LayerConfigError, a weight or bias of another shape ShapeError, a negative or non-finite
    `eps` InvalidArgumentError (0 is accepted, as in PyTorch)."""
    x, w, b = _tensor(input), _opt(weight), _opt(bias)
    ns = _shape(normalized_shape)
    return _wrap(ffi.call(_TF_LayerNorm, x._h, ffi.int64_array(ns), len(ns), None if w is None else w._h,
                          None if b is None else b._h, float(eps)))


def rms_norm(
    input: Any,  # noqa: A002
    normalized_shape: Union[int, Sequence[int]],
    weight: Optional[Any] = None,
    eps: Optional[float] = None,
) -> Tensor:
    """Root-mean-square normalization over the trailing dims `normalized_shape`:
    ``x / sqrt(mean(x**2) + eps) * weight``, as ``torch.nn.functional.rms_norm``; `eps` None
    means ``torch.finfo(input.dtype).eps`` (the machine epsilon of the input's dtype).
    Differentiable with respect to `input` and `weight`; errors as ``layer_norm``."""
    x, w = _tensor(input), _opt(weight)
    ns = _shape(normalized_shape)
    e = _FINFO_EPS.get(x.dtype, _FINFO_EPS[float32]) if eps is None else float(eps)
    return _wrap(ffi.call(_TF_RmsNorm, x._h, ffi.int64_array(ns), len(ns), None if w is None else w._h, e))


def batch_norm(
    input: Any,  # noqa: A002
    running_mean: Optional[Tensor],
    running_var: Optional[Tensor],
    weight: Optional[Any] = None,
    bias: Optional[Any] = None,
    training: bool = False,
    momentum: float = 0.1,
    eps: float = 1e-05,
) -> Tensor:
    """Batch normalization of `input` of shape ``(N, C)`` or ``(N, C, *)`` per channel, as
    ``torch.nn.functional.batch_norm``: with `training` (or when the running statistics are
    None) the batch's mean and biased variance are used, else `running_mean` and `running_var`
    (shape ``(C,)``). In training mode the running statistics are updated in place:
    ``running = (1 - momentum) * running + momentum * batch``, with the unbiased batch variance
    for `running_var` (not recorded by autograd). `weight` and `bias` have shape ``(C,)`` or are
    None. Differentiable with respect to `input`, `weight` and `bias` in both modes. Training
    with one value per channel raises LayerConfigError ("Expected more than 1 value per channel
    when training"); `momentum` outside [0, 1], a bad `eps` or only one running statistic
    InvalidArgumentError."""
    x, w, b = _tensor(input), _opt(weight), _opt(bias)
    for name, t in (("running_mean", running_mean), ("running_var", running_var)):
        if t is not None and type(t) is not Tensor:
            raise TypeError(f"batch_norm: {name} must be a Tensor (it is updated in place) or None, "
                            f"got {type(t).__name__}")
    rm, rv = running_mean, running_var
    return _wrap(ffi.call(_TF_BatchNorm, x._h, None if rm is None else rm._h, None if rv is None else rv._h,
                          None if w is None else w._h, None if b is None else b._h, 1 if training else 0,
                          float(momentum), float(eps)))


def group_norm(
    input: Any,  # noqa: A002
    num_groups: int,
    weight: Optional[Any] = None,
    bias: Optional[Any] = None,
    eps: float = 1e-05,
) -> Tensor:
    """Group normalization of `input` of shape ``(N, C, *)``, as
    ``torch.nn.functional.group_norm``: the channels form `num_groups` groups of consecutive
    channels; each (sample, group) is normalized over its channels and spatial elements, then
    scaled and shifted per channel by `weight` and `bias` (shape ``(C,)`` or None).
    Differentiable with respect to all three. `num_groups` not dividing C (or not positive)
    raises LayerConfigError naming both."""
    x, w, b = _tensor(input), _opt(weight), _opt(bias)
    return _wrap(ffi.call(_TF_GroupNorm, x._h, operator.index(num_groups), None if w is None else w._h,
                          None if b is None else b._h, float(eps)))


__all__ = ["batch_norm", "group_norm", "layer_norm", "rms_norm"]
