"""More creation functions of the Array API standard (empty, the ``*_like`` family, arange,
linspace, eye, tril, triu), ``astype``, and random integers. Every one takes ``device=``; an
unknown device raises DeviceError before anything is allocated."""

from __future__ import annotations

import operator
from typing import Any, Optional, Tuple, Union

from .._core import ffi
from .creation import _create, _placed, _shape_of, full
from .._core.device import DeviceLike, place, resolve
from .._core.dtypes import DType, as_dtype, float64, int64
from .._core.tensor import ShapeLike, Tensor, _shape_arg, _wrap
from ..errors import DtypeError

Number = Union[bool, int, float]

_I64_MIN, _I64_MAX = -(2**63), 2**63 - 1


def _scalar(x: Any, name: str) -> Number:
    """A Python number from a Python number or a one-element tensor."""
    if isinstance(x, Tensor):
        return x.item()
    if isinstance(x, (bool, int, float)):
        return x
    if isinstance(x, complex):
        raise DtypeError(f"{name}: complex values are not supported")
    try:
        return operator.index(x)
    except TypeError:
        return float(x)


def _like(x: Any, dtype: Optional[Any]) -> Tuple[Tensor, DType]:
    """`x` as a Tensor (array-likes are converted, as NumPy's ``*_like`` accept them) and the
    dtype of the result."""
    t = _tensor(x)
    return t, (t.dtype if dtype is None else as_dtype(dtype))


def empty(shape: ShapeLike, dtype: Optional[Any] = None, *, device: Optional[DeviceLike] = None) -> Tensor:
    """A tensor whose contents are unspecified (dtype float64 unless given). Fill it before
    reading: the values are not guaranteed (they are zeros today)."""
    return _create("TF_Empty", as_dtype(dtype or float64), _shape_arg(shape), device)


def zeros_like(x: Tensor, /, *, dtype: Optional[Any] = None, device: Optional[DeviceLike] = None) -> Tensor:
    """Zeros with the shape of `x`, and its dtype and device unless given."""
    t, dt = _like(x, dtype)
    return _create("TF_Zeros", dt, t.shape, t.device if device is None else device)


def ones_like(x: Tensor, /, *, dtype: Optional[Any] = None, device: Optional[DeviceLike] = None) -> Tensor:
    """Ones with the shape of `x`, and its dtype and device unless given."""
    t, dt = _like(x, dtype)
    return _create("TF_Ones", dt, t.shape, t.device if device is None else device)


def empty_like(x: Tensor, /, *, dtype: Optional[Any] = None, device: Optional[DeviceLike] = None) -> Tensor:
    """An uninitialized tensor (see ``empty``) with the shape of `x`, and its dtype and device
    unless given."""
    t, dt = _like(x, dtype)
    return _create("TF_Empty", dt, t.shape, t.device if device is None else device)


def full_like(
    x: Tensor, /, fill_value: Number, *, dtype: Optional[Any] = None, device: Optional[DeviceLike] = None,
) -> Tensor:
    """`fill_value` everywhere, with the shape of `x` and its dtype and device unless given. The
    value is converted to the dtype as NumPy's ``full_like`` does (2.7 into int64 is 2); a value
    the dtype cannot hold raises InvalidArgumentError (or OverflowError for a huge int)."""
    t, dt = _like(x, dtype)
    return full(t.shape, fill_value, dt, device=t.device if device is None else device)


def arange(
    start: Number, /, stop: Optional[Number] = None, step: Number = 1, *,
    dtype: Optional[Any] = None, device: Optional[DeviceLike] = None,
) -> Tensor:
    """Evenly spaced values in ``[start, stop)`` (``arange(stop)`` starts at 0), as
    ``numpy.arange``: length ``ceil((stop - start) / step)``, 0 when that is negative; negative
    and fractional steps allowed; values identical to NumPy's.

    The dtype is int64 when every argument is an int, float64 when any is a float, unless given.
    Integer arguments are exact (no rounding through a double). A zero step, a NaN or infinite
    length, or values outside an integer dtype raise InvalidArgumentError; dtype bool is a
    DtypeError.
    """
    dev = resolve(device)
    if stop is None:
        start, stop = 0, start
    args = (_scalar(start, "arange"), _scalar(stop, "arange"), _scalar(step, "arange"))
    all_int = all(isinstance(v, int) for v in args)
    dt = as_dtype(dtype) if dtype is not None else int64 if all_int else float64
    if all_int and all(_I64_MIN <= int(v) <= _I64_MAX for v in args):
        s, e, d = (int(v) for v in args)
        h = ffi.call("TF_ArangeInt", s, e, d, dt.code)
    else:
        s2, e2, d2 = (float(v) for v in args)
        h = ffi.call("TF_Arange", s2, e2, d2, dt.code)
    return _wrap(place(h, dev))


def linspace(
    start: Number, stop: Number, /, num: int, *, dtype: Optional[Any] = None,
    device: Optional[DeviceLike] = None, endpoint: bool = True,
) -> Tensor:
    """`num` evenly spaced values from `start` to `stop` (included when `endpoint`), float64
    unless `dtype` is given.

    Computed with NumPy's formula in float64 — element i is ``i * ((stop - start) / div) + start``
    with ``div = num - 1`` (endpoint) or ``num``, the last element exactly `stop` — then converted
    to `dtype` (float32 rounds, integer dtypes floor, bool is ``!= 0``): the result equals
    ``numpy.linspace(start, stop, num, endpoint=endpoint, dtype=dtype)`` element for element
    (0 ulp). A negative `num` raises InvalidArgumentError.
    """
    dev = resolve(device)
    n = operator.index(num)
    dt = float64 if dtype is None else as_dtype(dtype)
    a, b = float(_scalar(start, "linspace")), float(_scalar(stop, "linspace"))
    if not _I64_MIN <= n <= _I64_MAX:
        raise OverflowError(f"linspace: num {n} does not fit in int64")
    return _wrap(place(ffi.call("TF_Linspace", a, b, n, bool(endpoint), dt.code), dev))


def eye(
    n_rows: int, n_cols: Optional[int] = None, /, *, k: int = 0, dtype: Optional[Any] = None,
    device: Optional[DeviceLike] = None,
) -> Tensor:
    """An ``n_rows`` x ``n_cols`` (square when `n_cols` is None) matrix with ones on diagonal `k`
    (0 the main one, > 0 above, < 0 below) and zeros elsewhere; float64 unless `dtype` is given.
    A negative size raises InvalidArgumentError."""
    dev = resolve(device)
    r = operator.index(n_rows)
    c = r if n_cols is None else operator.index(n_cols)
    kk = max(min(operator.index(k), _I64_MAX), _I64_MIN)
    dt = float64 if dtype is None else as_dtype(dtype)
    return _wrap(place(ffi.call("TF_Eye", _clamp(r), _clamp(c), kk, dt.code), dev))


def _clamp(v: int) -> int:
    return max(min(v, _I64_MAX), _I64_MIN)


def tril(x: Tensor, /, *, k: int = 0) -> Tensor:
    """The lower triangle of the matrices in the last two dims of `x` (``numpy.tril``): element
    (..., i, j) is kept when ``j - i <= k``, else zero. Any dtype; fewer than 2 dims raises
    ShapeError."""
    t = _tensor(x)
    return _wrap(ffi.call("TF_Tril", t._h, _clamp(operator.index(k))))


def triu(x: Tensor, /, *, k: int = 0) -> Tensor:
    """The upper triangle of the matrices in the last two dims of `x` (``numpy.triu``): element
    (..., i, j) is kept when ``j - i >= k``, else zero. Any dtype; fewer than 2 dims raises
    ShapeError."""
    t = _tensor(x)
    return _wrap(ffi.call("TF_Triu", t._h, _clamp(operator.index(k))))


def _tensor(x: Any) -> Tensor:
    if isinstance(x, Tensor):
        return x
    from .creation import asarray

    return asarray(x)


def astype(x: Tensor, dtype: Any, /, *, copy: bool = True, device: Optional[DeviceLike] = None) -> Tensor:
    """`x` converted to `dtype` (NumPy ``astype``: floats truncate toward zero for integer
    dtypes, nonzero becomes true), on `device` when given. With ``copy=True`` (the default) the
    result is always a new tensor; with ``copy=False`` it is `x` itself when the dtype (and
    device) already match."""
    dev = resolve(device)
    out = _tensor(x).astype(dtype, copy=copy)
    return _placed(out, dev)


def randint(
    low: int, high: Optional[int] = None, size: Optional[ShapeLike] = None, dtype: Any = int64, *,
    device: Optional[DeviceLike] = None,
) -> Tensor:
    """Integers drawn uniformly from ``[low, high)`` (``[0, low)`` when `high` is None), of shape
    `size` (a 0-d tensor when None) and integer `dtype` (int64 by default; bool draws from
    [0, 2)). Seeded by ``manual_seed`` like ``rand``: the same seed gives the same numbers
    whatever the thread count. ``low >= high`` or a range outside the dtype raises
    InvalidArgumentError; a float dtype raises DtypeError."""
    dev = resolve(device)
    lo, hi = (0, operator.index(low)) if high is None else (operator.index(low), operator.index(high))
    if not (_I64_MIN <= lo <= _I64_MAX and _I64_MIN <= hi <= _I64_MAX):
        raise OverflowError(f"randint: low {lo} and high {hi} must fit in int64")
    shape: Tuple[int, ...] = () if size is None else _shape_of((size,))
    dt = as_dtype(dtype)
    return _wrap(place(ffi.call("TF_RandInt", dt.code, ffi.int64_array(shape), len(shape), lo, hi), dev))
