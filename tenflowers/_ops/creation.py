"""The creation functions of the Array API standard: tensors from Python data or NumPy arrays
(asarray), filled with one value (zeros, ones, full, empty and their ``*_like`` forms), ranges
(arange, linspace) and matrices (eye, tril, triu). Every one that allocates takes ``device=``; an
unknown device raises DeviceError before anything is allocated."""

from __future__ import annotations

import array
import operator
from typing import Any, Callable, List, Optional, Sequence, Tuple, Union

from .._core import capi, ffi
from .._core.device import Device, DeviceLike, place, resolve
from .._core.dtypes import ALL, DType, as_dtype, bool_, float64, int64, optional_dtype
from .._core.tensor import ShapeLike, Tensor, _shape_arg, _wrap, scalar_tensor
from ..errors import DtypeError, ShapeError


# array.array typecodes for the dtypes a nested list infers ('b' holds bools as 0/1 bytes).
_ARRAY_CODES = {"float64": "d", "int64": "q", "bool": "b"}

Number = Union[bool, int, float]

# The dtype of a flat list holding exactly these Python scalar types (see _from_nested).
_FLAT_KINDS = {frozenset({int}): int64, frozenset({float}): float64, frozenset({int, float}): float64,
               frozenset({bool}): bool_}

_I64_MIN, _I64_MAX = -(2**63), 2**63 - 1


def asarray(
    obj: Any, /, dtype: Optional[Any] = None, *, device: Optional[DeviceLike] = None,
    copy: Optional[bool] = None,
) -> Tensor:
    """A tensor from a Tensor, a NumPy array, a Python scalar or nested lists/tuples of them.

    Without `dtype`, Python floats give float64, ints int64 and bools bool (as NumPy).
    `copy`: True always copies; None (the default) copies only when needed: a Tensor already of
    the requested dtype and device is returned as is; False never copies and raises ValueError
    when a copy would be needed (any input that is not such a Tensor: tenflowers tensors own
    their memory, so NumPy arrays and Python data are always copied). `device`: where the result
    lives (the default device when None); an unknown device raises DeviceError.
    """
    want = optional_dtype(dtype)
    dev = resolve(device)
    if isinstance(obj, Tensor):
        same_dtype = want is None or want == obj.dtype
        same_device = dev is None or obj.device == dev
        if same_dtype and same_device:
            return obj.astype(obj.dtype) if copy else obj
        if copy is False:
            raise ValueError(
                f"asarray(copy=False): converting a {obj.dtype.name} tensor on {obj.device} to "
                f"{(want or obj.dtype).name} on {dev or obj.device} needs a copy"
            )
        out = obj if same_dtype else obj.astype(want)
        return out if same_device or dev is None else out.to_device(dev)
    if copy is False:
        raise ValueError(f"asarray(copy=False): a tensor cannot be made from {type(obj).__name__} without a copy")
    return _placed(_asarray_new(obj, want), dev)


def _placed(t: Tensor, dev: Optional[Device]) -> Tensor:
    return t if dev is None or t.device == dev else t.to_device(dev)


def _asarray_new(obj: Any, want: Optional[DType]) -> Tensor:
    if isinstance(obj, (bool, int, float)):
        inferred = bool_ if isinstance(obj, bool) else int64 if isinstance(obj, int) else float64
        return _cast(scalar_tensor(obj, inferred), want)
    if isinstance(obj, (list, tuple)):
        from_list = _from_nested(obj)
        if from_list is not None:
            return _cast(from_list, want)
    return _from_numpy(obj, want)


def _cast(t: Tensor, want: Optional[DType]) -> Tensor:
    return t if want is None or want == t.dtype else t.astype(want, copy=False)


def _from_nested(obj: Sequence[Any]) -> Optional[Tensor]:
    """Builds from nested sequences of Python scalars without NumPy; None when some leaf is not
    a Python scalar (the caller then goes through NumPy)."""
    if type(obj) is list and obj:
        # Fast path: a flat list of one scalar kind (index lists, collated numbers) goes to
        # array.array in one C call, without the recursive walk.
        kinds = set(map(type, obj))
        dt = _FLAT_KINDS.get(frozenset(kinds))
        if dt is not None:
            try:
                flat_buf = array.array(_ARRAY_CODES[dt.name], obj)
            except OverflowError:
                raise OverflowError("Python integer out of bounds for int64") from None
            return _wrap(ffi.new_tensor_from_buffer(dt.code, (len(obj),), flat_buf.tobytes()))
    shape: List[int] = []
    level: Any = obj
    while isinstance(level, (list, tuple)):
        shape.append(len(level))
        if not level:
            break
        level = level[0]
    flat: List[Any] = []

    def walk(x: Any, depth: int) -> bool:
        if depth == len(shape):
            if isinstance(x, (list, tuple)):
                raise ShapeError(f"nested sequence is ragged: expected shape {tuple(shape)}")
            if not isinstance(x, (bool, int, float)):
                return False
            flat.append(x)
            return True
        if not isinstance(x, (list, tuple)) or len(x) != shape[depth]:
            raise ShapeError(f"nested sequence is ragged: expected shape {tuple(shape)}")
        return all(walk(v, depth + 1) for v in x)

    if not walk(obj, 0):
        return None
    if any(isinstance(v, float) for v in flat) or not flat:
        dt = float64
    elif all(isinstance(v, bool) for v in flat):
        dt = bool_
    else:
        dt = int64
    try:
        buf = array.array(_ARRAY_CODES[dt.name], flat)
    except OverflowError:
        raise OverflowError("Python integer out of bounds for int64") from None
    return _wrap(ffi.new_tensor_from_buffer(dt.code, tuple(shape), buf.tobytes()))


def _from_numpy(obj: Any, want: Optional[DType]) -> Tensor:
    import numpy as np

    arr = np.asarray(obj)
    if want is not None:
        arr = arr.astype(want.name, copy=False)
    try:
        dt = as_dtype(arr.dtype)
    except DtypeError:
        raise DtypeError(
            f"NumPy dtype {arr.dtype} is not supported; supported: "
            + ", ".join(d.name for d in ALL)
        ) from None
    if not arr.dtype.isnative:
        arr = arr.astype(arr.dtype.newbyteorder("="))
    if not arr.flags.c_contiguous:
        arr = arr.copy(order="C")  # not ascontiguousarray: it turns 0-d arrays into 1-d
    return _wrap(ffi.new_tensor(dt.code, arr.shape, arr.ctypes.data, arr.nbytes))


def _shape_of(shape: Tuple[ShapeLike, ...]) -> Tuple[int, ...]:
    """Accepts f(2, 3) and f((2, 3)) alike."""
    if len(shape) == 1 and not isinstance(shape[0], int):
        return _shape_arg(shape[0])
    return _shape_arg(shape)  # type: ignore[arg-type]


def _create(
    fn: Callable[..., Optional[int]], dtype: DType, shape: Sequence[int], device: Optional[DeviceLike], *extra: float
) -> Tensor:
    """Calls a C creation function `fn(dt, dims, num_dims, *extra)` (a ``capi`` attribute) on the
    requested device, checking the device before allocating."""
    dev = resolve(device)
    return _wrap(place(ffi.call(fn, dtype.code, ffi.int64_array(shape), len(shape), *extra), dev))


def zeros(shape: ShapeLike, dtype: Optional[Any] = None, *, device: Optional[DeviceLike] = None) -> Tensor:
    """A tensor of zeros (dtype float64 unless given) on `device` (the default device when None)."""
    return _create(capi.TF_Zeros, as_dtype(dtype or float64), _shape_arg(shape), device)


def ones(shape: ShapeLike, dtype: Optional[Any] = None, *, device: Optional[DeviceLike] = None) -> Tensor:
    """A tensor of ones (dtype float64 unless given) on `device` (the default device when None)."""
    return _create(capi.TF_Ones, as_dtype(dtype or float64), _shape_arg(shape), device)


def full(
    shape: ShapeLike, fill_value: Any, dtype: Optional[Any] = None, *, device: Optional[DeviceLike] = None,
) -> Tensor:
    """A tensor with every element `fill_value`; the dtype is inferred from it unless given
    (bool -> bool, int -> int64, float -> float64). Values are converted as NumPy's ``astype``
    (floats truncate toward zero for integer dtypes); a value the dtype cannot hold (NaN or out
    of range for an integer dtype) raises InvalidArgumentError."""
    if isinstance(fill_value, Tensor):
        fill_value = fill_value.item()
    if dtype is None:
        dt = bool_ if isinstance(fill_value, bool) else int64 if isinstance(fill_value, int) else float64
    else:
        dt = as_dtype(dtype)
    dims = _shape_arg(shape)
    dev = resolve(device)
    if dt.kind in "iu" and isinstance(fill_value, int) and abs(fill_value) > 2**53:
        # A C double cannot carry this integer exactly: broadcast an exact 0-d tensor instead.
        return _placed(_wrap(ffi.zeros(dt.code, dims)) + scalar_tensor(fill_value, dt), dev)
    return _create(capi.TF_Full, dt, dims, dev, float(fill_value))


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


def _tensor(x: Any) -> Tensor:
    return x if isinstance(x, Tensor) else asarray(x)



def _like(x: Any, dtype: Optional[Any]) -> Tuple[Tensor, DType]:
    """`x` as a Tensor (array-likes are converted, as NumPy's ``*_like`` accept them) and the
    dtype of the result."""
    t = _tensor(x)
    return t, (t.dtype if dtype is None else as_dtype(dtype))


def empty(shape: ShapeLike, dtype: Optional[Any] = None, *, device: Optional[DeviceLike] = None) -> Tensor:
    """A tensor whose contents are unspecified (dtype float64 unless given). Fill it before
    reading: the values are not guaranteed (they are zeros today)."""
    return _create(capi.TF_Empty, as_dtype(dtype or float64), _shape_arg(shape), device)


def zeros_like(x: Tensor, /, *, dtype: Optional[Any] = None, device: Optional[DeviceLike] = None) -> Tensor:
    """Zeros with the shape of `x`, and its dtype and device unless given."""
    t, dt = _like(x, dtype)
    return _create(capi.TF_Zeros, dt, t.shape, t.device if device is None else device)


def ones_like(x: Tensor, /, *, dtype: Optional[Any] = None, device: Optional[DeviceLike] = None) -> Tensor:
    """Ones with the shape of `x`, and its dtype and device unless given."""
    t, dt = _like(x, dtype)
    return _create(capi.TF_Ones, dt, t.shape, t.device if device is None else device)


def empty_like(x: Tensor, /, *, dtype: Optional[Any] = None, device: Optional[DeviceLike] = None) -> Tensor:
    """An uninitialized tensor (see ``empty``) with the shape of `x`, and its dtype and device
    unless given."""
    t, dt = _like(x, dtype)
    return _create(capi.TF_Empty, dt, t.shape, t.device if device is None else device)


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
        h = ffi.call(capi.TF_ArangeInt, s, e, d, dt.code)
    else:
        s2, e2, d2 = (float(v) for v in args)
        h = ffi.call(capi.TF_Arange, s2, e2, d2, dt.code)
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
    return _wrap(place(ffi.call(capi.TF_Linspace, a, b, n, bool(endpoint), dt.code), dev))


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
    return _wrap(place(ffi.call(capi.TF_Eye, _clamp(r), _clamp(c), kk, dt.code), dev))


def _clamp(v: int) -> int:
    return max(min(v, _I64_MAX), _I64_MIN)


def tril(x: Tensor, /, *, k: int = 0) -> Tensor:
    """The lower triangle of the matrices in the last two dims of `x` (``numpy.tril``): element
    (..., i, j) is kept when ``j - i <= k``, else zero. Any dtype; fewer than 2 dims raises
    ShapeError."""
    t = _tensor(x)
    return _wrap(ffi.call(capi.TF_Tril, t._h, _clamp(operator.index(k))))


def triu(x: Tensor, /, *, k: int = 0) -> Tensor:
    """The upper triangle of the matrices in the last two dims of `x` (``numpy.triu``): element
    (..., i, j) is kept when ``j - i >= k``, else zero. Any dtype; fewer than 2 dims raises
    ShapeError."""
    t = _tensor(x)
    return _wrap(ffi.call(capi.TF_Triu, t._h, _clamp(operator.index(k))))

