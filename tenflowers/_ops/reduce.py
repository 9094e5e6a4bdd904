"""Reductions over axes and cumulative sums (Array API names), over the C API.

Dtype rules follow NumPy: ``sum`` and ``prod`` of bool and integers give int64 (uint8 too, since
tenflowers has no uint64), ``mean``/``var``/``std`` of integers and bool give float64,
``max``/``min`` keep the dtype, ``argmax``/``argmin`` give int64, ``all``/``any`` give bool.
"""

from __future__ import annotations

from typing import Any, Callable, Optional

from .._core import capi, ffi
from .._core.dtypes import as_dtype
from .._core.tensor import ShapeLike, Tensor, _axes_arg, _wrap, as_tensor_operand


AxisLike = Optional[ShapeLike]


def _t(x: Any) -> Tensor:
    return as_tensor_operand(x, None)


def _reduce(fn: Callable[..., Optional[int]], x: Any, axis: AxisLike, keepdims: bool, *extra: Any) -> Tensor:
    """The C reduction `fn(t, axes, num_axes, *extra, keepdims)` (a ``capi`` attribute) on `x`."""
    t = _t(x)
    axes = _axes_arg(axis)
    if axes is None:
        return _wrap(ffi.call(fn, t._h, None, 0, *extra, keepdims))
    return _wrap(ffi.call(fn, t._h, ffi.int_array(axes), len(axes), *extra, keepdims))


def sum(x: Tensor, axis: Optional[ShapeLike] = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Sum over `axis` (None: all dims). bool and integers sum as int64."""
    t = _t(x)
    return _wrap(ffi.sum(t._h, _axes_arg(axis), keepdims))


def prod(x: Tensor, /, *, axis: AxisLike = None, keepdims: bool = False) -> Tensor:
    """Product over `axis` (None: all dims; an int or a tuple of ints).

    bool and integers multiply as int64 (wrapping on overflow; uint8 too, as tenflowers has no
    uint64), floats keep their dtype. The product over no elements is 1.
    """
    return _reduce(capi.TF_Prod, x, axis, keepdims)


def mean(x: Tensor, /, *, axis: AxisLike = None, keepdims: bool = False) -> Tensor:
    """Arithmetic mean over `axis`. Integers and bool give float64; floats keep their dtype.

    The mean over no elements is NaN (NumPy warns and gives nan).
    """
    return _reduce(capi.TF_Mean, x, axis, keepdims)


def var(x: Tensor, /, *, axis: AxisLike = None, correction: float = 0.0, keepdims: bool = False) -> Tensor:
    """Variance over `axis`: squared deviations from the mean summed and divided by
    ``max(N - correction, 0)`` (``correction`` is NumPy's ``ddof``), so ``correction >= N``
    gives inf or NaN as NumPy does. Integers and bool give float64.

    Raises InvalidArgumentError for a negative or non-finite `correction`.
    """
    return _reduce(capi.TF_Var, x, axis, keepdims, float(correction))


def std(x: Tensor, /, *, axis: AxisLike = None, correction: float = 0.0, keepdims: bool = False) -> Tensor:
    """Standard deviation: the square root of :func:`var` with the same arguments."""
    return _reduce(capi.TF_Std, x, axis, keepdims, float(correction))


def max(x: Tensor, /, *, axis: AxisLike = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Largest element over `axis`, keeping the dtype.

    NaN propagates. Between 0.0 and -0.0 the later one (in memory order) wins, as NumPy.
    Reducing an axis of size 0 raises ShapeError (NumPy raises ValueError).
    """
    return _reduce(capi.TF_Max, x, axis, keepdims)


def min(x: Tensor, /, *, axis: AxisLike = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Smallest element over `axis`, keeping the dtype (NaN and empty axes as :func:`max`)."""
    return _reduce(capi.TF_Min, x, axis, keepdims)


def argmax(x: Tensor, /, *, axis: Optional[int] = None, keepdims: bool = False) -> Tensor:
    """int64 index of the largest element along `axis` (None: into the flattened tensor).

    The first maximum wins; NaN counts as the largest value (the first NaN's index, as NumPy).
    An axis of size 0 raises ShapeError.
    """
    return _reduce(capi.TF_ArgMax, x, axis, keepdims)


def argmin(x: Tensor, /, *, axis: Optional[int] = None, keepdims: bool = False) -> Tensor:
    """int64 index of the smallest element along `axis`, as :func:`argmax`."""
    return _reduce(capi.TF_ArgMin, x, axis, keepdims)


def all(x: Tensor, /, *, axis: AxisLike = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """bool: whether every element over `axis` is nonzero (True over no elements)."""
    return _reduce(capi.TF_All, x, axis, keepdims)


def any(x: Tensor, /, *, axis: AxisLike = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """bool: whether any element over `axis` is nonzero (False over no elements)."""
    return _reduce(capi.TF_Any, x, axis, keepdims)


def logsumexp(x: Tensor, /, *, axis: AxisLike = None, keepdims: bool = False) -> Tensor:
    """``log(sum(exp(x)))`` over `axis`, computed without overflow.

    Floats keep their dtype; integers follow ``exp`` and ``softmax``: float32 for int8, int16
    and uint8, float64 for int32 and int64. bool raises DtypeError. Over no elements the result
    is -inf.
    """
    return _reduce(capi.TF_LogSumExp, x, axis, keepdims)


def cumulative_sum(
    x: Tensor, /, *, axis: Optional[int] = None, dtype: Any = None, include_initial: bool = False
) -> Tensor:
    """Running sum along `axis` (None is allowed only for 0-d and 1-D tensors).

    With `dtype` None bool and integers accumulate as int64 and floats keep their dtype; a given
    `dtype` casts `x` to it first. `include_initial` prepends a zero (the axis grows by one).
    """
    t = _t(x)
    code = 0 if dtype is None else as_dtype(dtype).code
    ax = None if axis is None else ffi.int_array([axis])
    return _wrap(ffi.call(capi.TF_CumulativeSum, t._h, ax, code, include_initial))
