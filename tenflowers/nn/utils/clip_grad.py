"""Gradient clipping (PyTorch's ``torch.nn.utils.clip_grad_norm_`` / ``clip_grad_value_``),
computed in the core over all parameters in one C call."""

from __future__ import annotations

from typing import Iterable, List, Union

from ..._core import capi, ffi
from ..._core.tensor import Tensor
from ..._ops.creation import asarray

_TensorOrTensors = Union[Tensor, Iterable[Tensor]]


def _params(parameters: _TensorOrTensors, fn: str) -> List[Tensor]:
    ps = [parameters] if isinstance(parameters, Tensor) else list(parameters)
    for p in ps:
        if not isinstance(p, Tensor):
            raise TypeError(f"{fn} needs Tensors, got {type(p).__name__}")
    return ps


def clip_grad_norm_(
    parameters: _TensorOrTensors, max_norm: float, norm_type: float = 2.0, error_if_nonfinite: bool = False,
    foreach: Union[bool, None] = None,
) -> Tensor:
    """Scales the gradients of `parameters` in place so that their total `norm_type`-norm (all
    gradients taken together as one vector; ``float("inf")`` for the largest magnitude) is at most
    `max_norm`: each is multiplied by ``min(1, max_norm / (total + 1e-6))``. Returns the total
    norm before clipping as a 0-d float64 tensor. With `error_if_nonfinite`, a NaN or infinite
    total raises NumericalError and leaves the gradients unchanged. Parameters without a gradient
    are skipped; `foreach` is accepted for PyTorch compatibility."""
    ps = _params(parameters, "clip_grad_norm_")
    out = ffi.double_array([0.0])
    st = ffi.status()
    capi.TF_ClipGradNorm(ffi.handle_array(ps), len(ps), float(max_norm), float(norm_type), bool(error_if_nonfinite),
                         out, st)
    if capi.TF_GetCode(st):
        ffi.raise_status(st)
    return asarray(out[0])


def clip_grad_value_(parameters: _TensorOrTensors, clip_value: float, foreach: Union[bool, None] = None) -> None:
    """Clamps every gradient element of `parameters` into ``[-clip_value, clip_value]`` in place
    (NaN stays NaN). `foreach` is accepted for PyTorch compatibility."""
    ps = _params(parameters, "clip_grad_value_")
    st = ffi.status()
    capi.TF_ClipGradValue(ffi.handle_array(ps), len(ps), float(clip_value), st)
    if capi.TF_GetCode(st):
        ffi.raise_status(st)


__all__ = ["clip_grad_norm_", "clip_grad_value_"]
