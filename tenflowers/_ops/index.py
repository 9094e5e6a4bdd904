"""Indexing: take, take_along_axis, gather, scatter_add, nonzero, and the machinery behind
``Tensor.__getitem__`` / ``Tensor.__setitem__`` (NumPy basic and advanced indexing).

Basic indexing (ints, slices, None, ``...``) gives a view sharing storage, built by one C call
(TF_Slice). Integer or bool index tensors/arrays/lists select with NumPy's advanced-indexing rules
and give a new tensor. Assignment writes into the indexed tensor's storage, so it is seen through
every view of it, as in NumPy.
"""

from __future__ import annotations

import operator
from typing import Any, Callable, List, Optional, Tuple, TypeVar

from .._core import capi, cdefs, ffi
from .._core.dtypes import bool_, int64
from .._core.tensor import Tensor, _wrap, scalar_tensor
from ..errors import InvalidArgumentError, OutOfBoundsIndexError
from .creation import asarray
from .shape import _as_tensor, _opt_axis, _outputs


_R = TypeVar("_R")

_INT = cdefs.TF_INDEX_INT
_SLICE = cdefs.TF_INDEX_SLICE
_NEWAXIS = cdefs.TF_INDEX_NEWAXIS
_ELLIPSIS = cdefs.TF_INDEX_ELLIPSIS
_NONE = cdefs.TF_SLICE_NONE


def _index_errors(fn: Callable[[], _R]) -> _R:
    """Runs `fn`, turning InvalidArgumentError (bad position, axis, mask) into
    OutOfBoundsIndexError, which is also an IndexError as in NumPy."""
    try:
        return fn()
    except OutOfBoundsIndexError:
        raise
    except InvalidArgumentError as e:
        raise OutOfBoundsIndexError(str(e)) from None


# -- index-driven ----------------------------------------------------------------------------


def _index_tensor(idx: Any) -> Tensor:
    if isinstance(idx, Tensor):
        return idx
    t = _as_tensor(idx)
    if isinstance(idx, (list, tuple)) and t.size == 0 and t.dtype.kind == "f":
        # An empty list is an empty integer index (NumPy converts such sequences to intp).
        return t.astype(int64)
    return t


def take(x: Tensor, indices: Any, axis: Optional[int] = None) -> Tensor:
    """``numpy.take``: elements of `x` at integer `indices` along `axis` (None: of the flattened
    tensor); shape ``x.shape[:axis] + indices.shape + x.shape[axis+1:]``. Out-of-range positions
    raise OutOfBoundsIndexError."""
    t, i = _as_tensor(x), _index_tensor(indices)
    return _index_errors(lambda: _wrap(ffi.call(capi.TF_Take, t._h, i._h, _opt_axis(axis))))


def take_along_axis(x: Tensor, indices: Any, axis: Optional[int] = -1) -> Tensor:
    """``numpy.take_along_axis``: `x` and integer `indices` of the same dimension broadcast on
    every dim but `axis`, and each output element reads `x` at the position `indices` gives
    along `axis` (None: the flattened `x` with 1-D indices)."""
    t, i = _as_tensor(x), _index_tensor(indices)
    return _index_errors(lambda: _wrap(ffi.call(capi.TF_TakeAlongAxis, t._h, i._h, _opt_axis(axis))))


def gather(x: Tensor, dim: int, index: Any) -> Tensor:
    """``torch.gather``: for dim 0, ``out[i][j] = x[index[i][j]][j]`` (and so on); `index` has
    `x`'s dimension and ``index.shape[d] <= x.shape[d]`` for d != dim."""
    t, i = _as_tensor(x), _index_tensor(index)
    return _index_errors(lambda: _wrap(ffi.call(capi.TF_Gather, t._h, operator.index(dim), i._h)))


def scatter_add(x: Tensor, dim: int, index: Any, src: Any) -> Tensor:
    """``torch.scatter_add`` returning a new tensor: a copy of `x` where, for dim 0,
    ``out[index[i][j]][j] += src[i][j]`` (and so on). `src` is cast to `x`'s dtype."""
    t, i = _as_tensor(x), _index_tensor(index)
    s = src if isinstance(src, Tensor) else _as_tensor(src)
    return _index_errors(lambda: _wrap(ffi.call(capi.TF_ScatterAdd, t._h, operator.index(dim), i._h, s._h)))


def nonzero(x: Tensor) -> Tuple[Tensor, ...]:
    """``numpy.nonzero``: one int64 tensor per dim with the coordinates of the nonzero elements
    in row-major order. A 0-d tensor raises InvalidArgumentError, as in NumPy 2."""
    t = _as_tensor(x)
    return tuple(_outputs(capi.TF_Nonzero, t.ndim, t._h))


# -- __getitem__ / __setitem__ ---------------------------------------------------------------


def _parse_key(x: Tensor, key: Any) -> Tuple[List[int], List[Tensor], List[int]]:
    """Splits an index into TF_Slice items (flat int64 quads) and the advanced index tensors
    with the dim of the sliced view each one indexes."""
    items = key if isinstance(key, tuple) else (key,)
    kinds: List[Any] = []
    any_adv = False
    for k in items:
        if isinstance(k, Tensor):
            if k.ndim == 0 and k.dtype.kind in "iu":
                kinds.append(("int", int(k.item())))
            elif k.ndim == 0 and k.dtype == bool_:
                kinds.append(("bool", bool(k.item())))
                any_adv = True
            else:
                kinds.append(("array", k))
                any_adv = True
        elif isinstance(k, bool):
            kinds.append(("bool", k))
            any_adv = True
        elif k is None:
            kinds.append(("new", None))
        elif k is Ellipsis:
            kinds.append(("ellipsis", None))
        elif isinstance(k, slice):
            kinds.append(("slice", k))
        elif getattr(k, "ndim", 0) == 0 and _is_bool_scalar(k):
            kinds.append(("bool", bool(k)))
            any_adv = True
        elif getattr(k, "ndim", 0) == 0 and hasattr(k, "__index__"):
            kinds.append(("int", operator.index(k)))
        elif isinstance(k, (list, tuple)) or hasattr(k, "__array__"):
            t = _index_tensor(k)
            if t.ndim == 0 and t.dtype == bool_:
                kinds.append(("bool", bool(t.item())))
            else:
                kinds.append(("array", t))
            any_adv = True
        else:
            raise IndexError(
                "only integers, slices (`:`), ellipsis (`...`), None and integer or boolean tensors are "
                f"valid indices, got {type(k).__name__}"
            )
    consumed = 0
    for kind, v in kinds:
        if kind in ("int", "slice"):
            consumed += 1
        elif kind == "array":
            consumed += v.ndim if v.dtype == bool_ else 1
    flat: List[int] = []
    adv: List[Tensor] = []
    axes: List[int] = []
    dim = 0  # dim of the sliced view the next item produces
    full = [_SLICE, _NONE, _NONE, 1]
    for kind, v in kinds:
        if kind == "int":
            if any_adv:
                # With advanced indices NumPy treats ints as 0-d index arrays (placement rule).
                adv.append(asarray(v, dtype=int64))
                axes.append(dim)
                flat += full
                dim += 1
            else:
                flat += [_INT, v, 0, 0]
        elif kind == "slice":
            s = v
            flat += [
                _SLICE,
                _NONE if s.start is None else _clamp(operator.index(s.start)),
                _NONE if s.stop is None else _clamp(operator.index(s.stop)),
                1 if s.step is None else _clamp(operator.index(s.step)),
            ]
            dim += 1
        elif kind == "new":
            flat += [_NEWAXIS, 0, 0, 0]
            dim += 1
        elif kind == "ellipsis":
            flat += [_ELLIPSIS, 0, 0, 0]
            dim += max(x.ndim - consumed, 0)
        elif kind == "bool":
            # A 0-d bool index adds a dim of size 1 (True) or 0 (False), as NumPy.
            flat += [_NEWAXIS, 0, 0, 0]
            adv.append(asarray([v]))
            axes.append(dim)
            dim += 1
        else:
            t = v
            n = t.ndim if t.dtype == bool_ else 1
            adv.append(t)
            axes.append(dim)
            flat += full * n
            dim += n
    return flat, adv, axes


def _clamp(v: int) -> int:
    """A slice bound or step within int64 and away from TF_SLICE_NONE; no dim is this large,
    so slicing gives the same result."""
    return min(max(v, -(2**62)), 2**62)


def _is_bool_scalar(k: Any) -> bool:
    dt = getattr(k, "dtype", None)
    return getattr(dt, "kind", "") == "b"


def _basic_view(x: Tensor, flat: List[int]) -> Tensor:
    return _wrap(ffi.call(capi.TF_Slice, x._h, ffi.int64_array(flat), len(flat) // 4))


def getitem(x: Tensor, key: Any) -> Tensor:
    """``x[key]`` with NumPy semantics (see the module docstring)."""

    def run() -> Tensor:
        flat, adv, axes = _parse_key(x, key)
        v = _basic_view(x, flat)
        if not adv:
            return v
        return _wrap(ffi.call(capi.TF_Index, v._h, ffi.handle_array(adv), ffi.int_array(axes), len(adv)))

    return _index_errors(run)


def setitem(x: Tensor, key: Any, value: Any) -> None:
    """``x[key] = value``: writes `value` (cast to x's dtype, broadcast to the selection) into
    x's storage."""
    if isinstance(value, Tensor):
        src = value
    elif isinstance(value, (bool, int, float)):
        src = scalar_tensor(value, x.dtype)
    else:
        src = _as_tensor(value)

    def run() -> None:
        flat, adv, axes = _parse_key(x, key)
        # One call does the basic view, the (advanced) write and, with autograd, the new history.
        if not adv:
            ffi.call_status(capi.TF_SetItem, x._h, ffi.int64_array(flat), len(flat) // 4, None, None, 0, src._h)
        else:
            ffi.call_status(
                capi.TF_SetItem, x._h, ffi.int64_array(flat), len(flat) // 4,
                ffi.handle_array(adv), ffi.int_array(axes), len(adv), src._h,
            )

    _index_errors(run)
