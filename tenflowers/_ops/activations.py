"""Activations with options beyond the op table's: ``gelu`` (exact or tanh form) and the
normalizations along an axis, ``softmax`` and ``log_softmax``."""

from __future__ import annotations

from .._core import capi, ffi
from .._core.tensor import Operand, Tensor, _unary, _wrap, as_tensor_operand


def gelu(x: Operand, approximate: str = "none") -> Tensor:
    """GELU: exact (``approximate="none"``, with erf) or the tanh approximation (``"tanh"``)."""
    if approximate == "none":
        return _unary(capi.TF_Gelu, x)
    if approximate == "tanh":
        return _unary(capi.TF_GeluTanh, x)
    raise ValueError(f"approximate must be 'none' or 'tanh', got {approximate!r}")


def softmax(x: Operand, axis: int = -1) -> Tensor:
    """softmax along `axis`, computed stably (the maximum is subtracted first)."""
    t = as_tensor_operand(x, None)
    return _wrap(ffi.call(capi.TF_Softmax, t._h, int(axis)))


def log_softmax(x: Operand, axis: int = -1) -> Tensor:
    """log(softmax(x)) along `axis`, computed as ``x - max - log(sum(exp(x - max)))``."""
    t = as_tensor_operand(x, None)
    return _wrap(ffi.call(capi.TF_LogSoftmax, t._h, int(axis)))


__all__ = ["gelu", "softmax", "log_softmax"]
