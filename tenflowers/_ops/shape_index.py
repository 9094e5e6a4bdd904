"""Shape and indexing functions: views (expand_dims, squeeze, flip, moveaxis, broadcast_to, ...),
joins and splits, tile/repeat/roll/pad, take/gather/scatter_add/nonzero, and the machinery behind
``Tensor.__getitem__`` / ``Tensor.__setitem__`` (NumPy basic and advanced indexing).

Basic indexing (ints, slices, None, ``...``) gives a view sharing storage, built by one C call
(TF_Slice). Integer or bool index tensors/arrays/lists select with NumPy's advanced-indexing rules
and give a new tensor. Assignment writes into the indexed tensor's storage, so it is seen through
every view of it, as in NumPy.
"""

from __future__ import annotations

import operator
from typing import Any, Callable, List, Optional, Sequence, Tuple, TypeVar, Union

from .._core import cdefs, ffi
from .._core.tensor import ShapeLike, Tensor, _axes_arg, _shape_arg, _wrap, scalar_tensor
from ..errors import InvalidArgumentError, OutOfBoundsIndexError, ShapeError

_R = TypeVar("_R")

_INT = cdefs.TF_INDEX_INT
_SLICE = cdefs.TF_INDEX_SLICE
_NEWAXIS = cdefs.TF_INDEX_NEWAXIS
_ELLIPSIS = cdefs.TF_INDEX_ELLIPSIS
_NONE = cdefs.TF_SLICE_NONE

_PAD_MODES = {
    "constant": cdefs.TF_PAD_CONSTANT,
    "edge": cdefs.TF_PAD_EDGE,
    "reflect": cdefs.TF_PAD_REFLECT,
    "symmetric": cdefs.TF_PAD_SYMMETRIC,
    "wrap": cdefs.TF_PAD_WRAP,
}


def _as_tensor(x: Any) -> Tensor:
    if isinstance(x, Tensor):
        return x
    from .creation import asarray

    return asarray(x)


def _index_errors(fn: Callable[[], _R]) -> _R:
    """Runs `fn`, turning InvalidArgumentError (bad position, axis, mask) into
    OutOfBoundsIndexError, which is also an IndexError as in NumPy."""
    try:
        return fn()
    except OutOfBoundsIndexError:
        raise
    except InvalidArgumentError as e:
        raise OutOfBoundsIndexError(str(e)) from None


def _opt_axis(axis: Optional[int]) -> Any:
    return None if axis is None else ffi.int_array([operator.index(axis)])


def _outputs(name: str, n: int, *args: Any) -> List[Tensor]:
    out = ffi.out_handles(n)
    ffi.call_status(name, *args, out, n)
    return [_wrap(h) for h in list(out)[:n]]


# -- views -----------------------------------------------------------------------------------


def permute_dims(x: Tensor, axes: Sequence[int]) -> Tensor:
    """A view of `x` whose dim ``i`` is dim ``axes[i]`` of `x`."""
    t = _as_tensor(x)
    return _wrap(ffi.transpose(t._h, _shape_arg(axes)))


def transpose(x: Tensor, axes: Optional[Sequence[int]] = None) -> Tensor:
    """``permute_dims``, reversing the dims when `axes` is None (NumPy's transpose)."""
    t = _as_tensor(x)
    return _wrap(ffi.transpose(t._h, None if axes is None else _shape_arg(axes)))


def reshape(x: Tensor, shape: ShapeLike) -> Tensor:
    """`x` with a new shape (one entry may be -1); a view when the strides allow."""
    t = _as_tensor(x)
    return _wrap(ffi.reshape(t._h, _shape_arg(shape)))


def expand_dims(x: Tensor, axis: ShapeLike = 0) -> Tensor:
    """A view of `x` with a size-1 dim inserted at `axis` (an int or a tuple of ints indexing
    the result, as NumPy). Out-of-range axes raise InvalidArgumentError."""
    axes = _shape_arg(axis)
    t = _as_tensor(x)
    return _wrap(ffi.call("TF_ExpandDims", t._h, ffi.int_array(axes), len(axes)))


unsqueeze = expand_dims


def squeeze(x: Tensor, axis: Optional[ShapeLike] = None) -> Tensor:
    """A view of `x` without size-1 dims: all of them when `axis` is None, else exactly `axis`
    (an int or tuple); squeezing a dim whose size is not 1 raises ShapeError."""
    axes = _axes_arg(axis)
    t = _as_tensor(x)
    if axes is None:
        return _wrap(ffi.call("TF_Squeeze", t._h, None, 0))
    return _wrap(ffi.call("TF_Squeeze", t._h, ffi.int_array(axes), len(axes)))


def flatten(x: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """`x` with dims ``start_dim..end_dim`` (inclusive) merged into one, as ``torch.flatten``
    (a 0-d tensor gives shape ``(1,)``). A view when the strides allow, else a copy: unlike
    NumPy's ``ndarray.flatten``, which always copies, use ``.copy()`` when you need one."""
    t = _as_tensor(x)
    return _wrap(ffi.call("TF_Flatten", t._h, operator.index(start_dim), operator.index(end_dim)))


def broadcast_to(x: Tensor, shape: ShapeLike) -> Tensor:
    """A view of `x` broadcast to `shape` (stride 0 along stretched dims); ShapeError when the
    shapes are incompatible."""
    dims = _shape_arg(shape)
    t = _as_tensor(x)
    return _wrap(ffi.call("TF_BroadcastTo", t._h, ffi.int64_array(dims), len(dims)))


def broadcast_arrays(*arrays: Tensor) -> List[Tensor]:
    """Views of the tensors broadcast to their common shape."""
    ts = [_as_tensor(a) for a in arrays]
    return _outputs("TF_BroadcastArrays", len(ts), ffi.handle_array(ts), len(ts))


def flip(x: Tensor, axis: Optional[ShapeLike] = None) -> Tensor:
    """A view of `x` with the order of elements reversed along `axis` (None: every dim). The
    view has negative strides and shares storage with `x`."""
    axes = _axes_arg(axis)
    t = _as_tensor(x)
    if axes is None:
        return _wrap(ffi.call("TF_Flip", t._h, None, 0))
    return _wrap(ffi.call("TF_Flip", t._h, ffi.int_array(axes), len(axes)))


def moveaxis(x: Tensor, source: ShapeLike, destination: ShapeLike) -> Tensor:
    """A view of `x` with dims `source` moved to positions `destination` (ints or tuples of the
    same length); the other dims keep their order."""
    s, d = _shape_arg(source), _shape_arg(destination)
    t = _as_tensor(x)
    return _wrap(ffi.call("TF_MoveAxis", t._h, ffi.int_array(s), len(s), ffi.int_array(d), len(d)))


def swapaxes(x: Tensor, axis1: int, axis2: int) -> Tensor:
    """A view of `x` with dims `axis1` and `axis2` exchanged."""
    t = _as_tensor(x)
    return _wrap(ffi.call("TF_SwapAxes", t._h, operator.index(axis1), operator.index(axis2)))


def matrix_transpose(x: Tensor) -> Tensor:
    """A view of `x` with its last two dims exchanged; ShapeError for fewer than 2 dims."""
    t = _as_tensor(x)
    if t.ndim < 2:
        raise ShapeError(f"matrix_transpose needs a tensor with at least 2 dimensions, got shape {t.shape}")
    return swapaxes(t, -2, -1)


def copy(x: Tensor) -> Tensor:
    """A contiguous copy of `x` in new storage (never shared with `x`)."""
    t = _as_tensor(x)
    return _wrap(ffi.call("TF_Copy", t._h))


# -- joins and splits ------------------------------------------------------------------------


def concat(arrays: Sequence[Tensor], axis: Optional[int] = 0) -> Tensor:
    """The tensors joined along an existing `axis` (None: flattened first). Dtypes promote as
    NumPy; every other dim must match (ShapeError)."""
    ts = [_as_tensor(a) for a in arrays]
    return _wrap(ffi.call("TF_Concat", ffi.handle_array(ts), len(ts), _opt_axis(axis)))


cat = concat


def stack(arrays: Sequence[Tensor], axis: int = 0) -> Tensor:
    """Same-shape tensors joined along a new dim `axis` of the result."""
    ts = [_as_tensor(a) for a in arrays]
    return _wrap(ffi.call("TF_Stack", ffi.handle_array(ts), len(ts), operator.index(axis)))


def split(x: Tensor, indices_or_sections: Union[int, Sequence[int]], axis: int = 0) -> List[Tensor]:
    """``numpy.split``: with an int N, N equal views along `axis` (ShapeError when the dim does
    not divide evenly); with a sequence of split points, the views between them (slice rules:
    negative from the end, clamped). Use ``array_split`` for uneven sections."""
    t = _as_tensor(x)
    if isinstance(indices_or_sections, int):
        n = indices_or_sections
        return _outputs("TF_SplitSections", max(n, 0), t._h, n, operator.index(axis), True)
    idx = [operator.index(i) for i in indices_or_sections]
    return _outputs("TF_Split", len(idx) + 1, t._h, ffi.int64_array(idx), len(idx), operator.index(axis))


def array_split(x: Tensor, indices_or_sections: Union[int, Sequence[int]], axis: int = 0) -> List[Tensor]:
    """``numpy.array_split``: like ``split`` but N sections need not be equal (the first
    ``size % N`` views get one more element)."""
    t = _as_tensor(x)
    if isinstance(indices_or_sections, int):
        n = indices_or_sections
        return _outputs("TF_SplitSections", max(n, 0), t._h, n, operator.index(axis), False)
    return split(t, indices_or_sections, axis)


def unstack(x: Tensor, axis: int = 0) -> Tuple[Tensor, ...]:
    """The views ``x[..., i, ...]`` for each position along `axis` (Array API ``unstack``)."""
    t = _as_tensor(x)
    a = operator.index(axis)
    n = t.shape[a] if -t.ndim <= a < t.ndim else 0
    return tuple(_outputs("TF_Unstack", n, t._h, a))


# -- copies ----------------------------------------------------------------------------------


def tile(x: Tensor, repetitions: ShapeLike) -> Tensor:
    """``numpy.tile``: `x` repeated along each dim (reps padded with leading 1s or `x` with
    leading size-1 dims to match)."""
    reps = _shape_arg(repetitions)
    t = _as_tensor(x)
    return _wrap(ffi.call("TF_Tile", t._h, ffi.int64_array(reps), len(reps)))


def _int_list(values: Any) -> List[int]:
    if isinstance(values, int):
        return [values]
    if isinstance(values, Tensor):
        values = values.tolist()
    elif hasattr(values, "tolist"):
        values = values.tolist()
    if isinstance(values, int):
        return [values]
    return [operator.index(v) for v in values]


def repeat(x: Tensor, repeats: Union[int, Sequence[int], Tensor], axis: Optional[int] = None) -> Tensor:
    """``numpy.repeat``: each element repeated `repeats` times (an int, or a 1-D sequence/tensor
    with one count per position) along `axis` (None: of the flattened tensor)."""
    r = _int_list(repeats)
    t = _as_tensor(x)
    return _wrap(ffi.call("TF_Repeat", t._h, ffi.int64_array(r), len(r), _opt_axis(axis)))


def roll(x: Tensor, shift: ShapeLike, axis: Optional[ShapeLike] = None) -> Tensor:
    """``numpy.roll``: elements shifted by `shift` along `axis`, wrapping around (None: the
    flattened tensor, shape restored). An int shift with several axes applies to each; several
    shifts with one axis add up."""
    shifts = list(_shape_arg(shift))
    t = _as_tensor(x)
    if axis is None:
        return _wrap(ffi.call("TF_Roll", t._h, ffi.int64_array(shifts), len(shifts), None, 0))
    axes = list(_shape_arg(axis))
    if len(shifts) == 1 and len(axes) > 1:
        shifts = shifts * len(axes)
    elif len(axes) == 1 and len(shifts) > 1:
        axes = axes * len(shifts)
    return _wrap(ffi.call("TF_Roll", t._h, ffi.int64_array(shifts), len(shifts), ffi.int_array(axes), len(axes)))


def _pad_pairs(pad_width: Any, ndim: int) -> List[int]:
    """NumPy's pad_width forms: N, (N,), (before, after), ((before, after),) or one pair per dim."""
    if isinstance(pad_width, int):
        return [pad_width, pad_width] * ndim
    pw = list(pad_width)
    if pw and all(isinstance(p, int) for p in pw):
        if len(pw) == 1:
            return [pw[0], pw[0]] * ndim
        if len(pw) == 2:
            return [pw[0], pw[1]] * ndim
        raise ShapeError(f"pad_width {pad_width!r} cannot be broadcast to ({ndim}, 2)")
    pairs = [list(p) if not isinstance(p, int) else [p, p] for p in pw]
    pairs = [p * 2 if len(p) == 1 else p for p in pairs]
    if len(pairs) == 1:
        pairs = pairs * ndim
    if len(pairs) != ndim or any(len(p) != 2 for p in pairs):
        raise ShapeError(f"pad_width {pad_width!r} cannot be broadcast to ({ndim}, 2)")
    return [operator.index(v) for p in pairs for v in p]


def pad(x: Tensor, pad_width: Any, mode: str = "constant", constant_values: Union[int, float, bool] = 0) -> Tensor:
    """``numpy.pad`` with modes "constant" (filled with `constant_values`), "edge", "reflect",
    "symmetric" and "wrap". `pad_width` takes NumPy's forms (an int, a (before, after) pair, or
    one pair per dim)."""
    t = _as_tensor(x)
    if mode not in _PAD_MODES:
        raise InvalidArgumentError(f"unsupported pad mode {mode!r}; use one of {sorted(_PAD_MODES)}")
    w = _pad_pairs(pad_width, t.ndim)
    return _wrap(ffi.call("TF_Pad", t._h, ffi.int64_array(w), len(w), _PAD_MODES[mode], float(constant_values)))


# -- index-driven ----------------------------------------------------------------------------


def _index_tensor(idx: Any) -> Tensor:
    if isinstance(idx, Tensor):
        return idx
    t = _as_tensor(idx)
    if isinstance(idx, (list, tuple)) and t.size == 0 and t.dtype.kind == "f":
        # An empty list is an empty integer index (NumPy converts such sequences to intp).
        from .._core.dtypes import int64

        return t.astype(int64)
    return t


def take(x: Tensor, indices: Any, axis: Optional[int] = None) -> Tensor:
    """``numpy.take``: elements of `x` at integer `indices` along `axis` (None: of the flattened
    tensor); shape ``x.shape[:axis] + indices.shape + x.shape[axis+1:]``. Out-of-range positions
    raise OutOfBoundsIndexError."""
    t, i = _as_tensor(x), _index_tensor(indices)
    return _index_errors(lambda: _wrap(ffi.call("TF_Take", t._h, i._h, _opt_axis(axis))))


def take_along_axis(x: Tensor, indices: Any, axis: Optional[int] = -1) -> Tensor:
    """``numpy.take_along_axis``: `x` and integer `indices` of the same dimension broadcast on
    every dim but `axis`, and each output element reads `x` at the position `indices` gives
    along `axis` (None: the flattened `x` with 1-D indices)."""
    t, i = _as_tensor(x), _index_tensor(indices)
    return _index_errors(lambda: _wrap(ffi.call("TF_TakeAlongAxis", t._h, i._h, _opt_axis(axis))))


def gather(x: Tensor, dim: int, index: Any) -> Tensor:
    """``torch.gather``: for dim 0, ``out[i][j] = x[index[i][j]][j]`` (and so on); `index` has
    `x`'s dimension and ``index.shape[d] <= x.shape[d]`` for d != dim."""
    t, i = _as_tensor(x), _index_tensor(index)
    return _index_errors(lambda: _wrap(ffi.call("TF_Gather", t._h, operator.index(dim), i._h)))


def scatter_add(x: Tensor, dim: int, index: Any, src: Any) -> Tensor:
    """``torch.scatter_add`` returning a new tensor: a copy of `x` where, for dim 0,
    ``out[index[i][j]][j] += src[i][j]`` (and so on). `src` is cast to `x`'s dtype."""
    t, i = _as_tensor(x), _index_tensor(index)
    s = src if isinstance(src, Tensor) else _as_tensor(src)
    return _index_errors(lambda: _wrap(ffi.call("TF_ScatterAdd", t._h, operator.index(dim), i._h, s._h)))


def nonzero(x: Tensor) -> Tuple[Tensor, ...]:
    """``numpy.nonzero``: one int64 tensor per dim with the coordinates of the nonzero elements
    in row-major order. A 0-d tensor raises InvalidArgumentError, as in NumPy 2."""
    t = _as_tensor(x)
    return tuple(_outputs("TF_Nonzero", t.ndim, t._h))


# -- __getitem__ / __setitem__ ---------------------------------------------------------------


def _parse_key(x: Tensor, key: Any) -> Tuple[List[int], List[Tensor], List[int]]:
    """Splits an index into TF_Slice items (flat int64 quads) and the advanced index tensors
    with the dim of the sliced view each one indexes."""
    from .._core.dtypes import bool_, int64

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
                from .creation import asarray

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
            from .creation import asarray

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
    return _wrap(ffi.call("TF_Slice", x._h, ffi.int64_array(flat), len(flat) // 4))


def getitem(x: Tensor, key: Any) -> Tensor:
    """``x[key]`` with NumPy semantics (see the module docstring)."""

    def run() -> Tensor:
        flat, adv, axes = _parse_key(x, key)
        v = _basic_view(x, flat)
        if not adv:
            return v
        return _wrap(ffi.call("TF_Index", v._h, ffi.handle_array(adv), ffi.int_array(axes), len(adv)))

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
            ffi.call_status("TF_SetItem", x._h, ffi.int64_array(flat), len(flat) // 4, None, None, 0, src._h)
        else:
            ffi.call_status(
                "TF_SetItem", x._h, ffi.int64_array(flat), len(flat) // 4,
                ffi.handle_array(adv), ffi.int_array(axes), len(adv), src._h,
            )

    _index_errors(run)
