"""Selection: ``where`` and ``clip`` (also ``clamp``), over the C API."""

from __future__ import annotations

from typing import Optional

from .._core import capi, ffi
from .._core.tensor import Operand, Tensor, _wrap, as_tensor_operand


def where(condition: Operand, x1: Operand, x2: Operand) -> Tensor:
    """Elements of `x1` where `condition` is nonzero, else of `x2` (broadcast together; `x1` and
    `x2` promote as NumPy, Python scalars taking the other operand's dtype)."""
    if isinstance(x1, Tensor) or not isinstance(x2, Tensor):
        t1 = as_tensor_operand(x1, x2)
        t2 = as_tensor_operand(x2, t1)
    else:
        t2 = x2
        t1 = as_tensor_operand(x1, t2)
    cond = as_tensor_operand(condition, None)
    return _wrap(ffi.call(capi.TF_Where, cond._h, t1._h, t2._h))


def clip(x: Operand, /, min: Optional[Operand] = None, max: Optional[Operand] = None) -> Tensor:  # noqa: A002
    """`x` limited to [min, max] (either may be None): ``minimum(maximum(x, min), max)``, NaN
    propagating. Python scalar bounds take `x`'s dtype where they fit (NumPy 2)."""
    t = as_tensor_operand(x, None)
    lo = None if min is None else as_tensor_operand(min, t)
    hi = None if max is None else as_tensor_operand(max, t)
    return _wrap(ffi.call(capi.TF_Clip, t._h, None if lo is None else lo._h, None if hi is None else hi._h))


clamp = clip

__all__ = ["where", "clip", "clamp"]
