"""Sorting (Array API names, and ``topk`` as PyTorch), over the C API: ``sort``, ``argsort``
(int64 positions) and ``topk``."""

from __future__ import annotations

from typing import Any, Tuple

from .._core import capi, ffi
from .._core.tensor import Tensor, _wrap, as_tensor_operand


def _t(x: Any) -> Tensor:
    return as_tensor_operand(x, None)


def sort(x: Tensor, /, *, axis: int = -1, descending: bool = False, stable: bool = True) -> Tensor:
    """`x` sorted along `axis`, ascending unless `descending`.

    NaNs sort to the end as in NumPy (to the front when descending: the reverse order). The
    sort is always stable, whatever `stable` says (the standard allows that).
    """
    t = _t(x)
    return _wrap(ffi.call(capi.TF_Sort, t._h, axis, descending, stable))


def argsort(x: Tensor, /, *, axis: int = -1, descending: bool = False, stable: bool = True) -> Tensor:
    """int64 positions along `axis` that sort `x` (stable; order as :func:`sort`)."""
    t = _t(x)
    return _wrap(ffi.call(capi.TF_ArgSort, t._h, axis, descending, stable))


def topk(x: Tensor, k: int, axis: int = -1, largest: bool = True, sorted: bool = True) -> Tuple[Tensor, Tensor]:
    """The `k` largest (or smallest) elements along `axis` and their int64 positions, as
    ``torch.topk``: ``(values, indices)``, largest first when `largest`. NaN counts as the
    largest value; equal values come in input order.

    Raises InvalidArgumentError when `k` is negative or larger than the axis.
    """
    out = ffi.out_handles(2)
    t = _t(x)
    ffi.call_status(capi.TF_TopK, t._h, int(k), axis, largest, sorted, out, 2)
    values, indices = list(out)
    return _wrap(values), _wrap(indices)
