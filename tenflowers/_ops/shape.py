"""Shape functions: views (permute_dims, reshape, expand_dims, squeeze, flatten, flip, moveaxis,
broadcast_to, ...), joins and splits (concat, stack, split, unstack), and the copies made by
tile, repeat, roll and pad. A view shares storage with its input: one C call, no copy.
"""

from __future__ import annotations

import operator
from typing import Any, Callable, List, Optional, Sequence, Tuple, Union

from .._core import capi, cdefs, ffi
from .._core.tensor import ShapeLike, Tensor, _axes_arg, _shape_arg, _wrap
from ..errors import InvalidArgumentError, ShapeError
from .creation import asarray


_PAD_MODES = {
    "constant": cdefs.TF_PAD_CONSTANT,
    "edge": cdefs.TF_PAD_EDGE,
    "reflect": cdefs.TF_PAD_REFLECT,
    "symmetric": cdefs.TF_PAD_SYMMETRIC,
    "wrap": cdefs.TF_PAD_WRAP,
}


def _as_tensor(x: Any) -> Tensor:
    return x if isinstance(x, Tensor) else asarray(x)


def _opt_axis(axis: Optional[int]) -> Any:
    return None if axis is None else ffi.int_array([operator.index(axis)])


def _outputs(fn: Callable[..., None], n: int, *args: Any) -> List[Tensor]:
    """The `n` tensors the C function `fn(*args, out, n)` (a ``capi`` attribute) writes to `out`."""
    out = ffi.out_handles(n)
    ffi.call_status(fn, *args, out, n)
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
    return _wrap(ffi.call(capi.TF_ExpandDims, t._h, ffi.int_array(axes), len(axes)))


unsqueeze = expand_dims


def squeeze(x: Tensor, axis: Optional[ShapeLike] = None) -> Tensor:
    """A view of `x` without size-1 dims: all of them when `axis` is None, else exactly `axis`
    (an int or tuple); squeezing a dim whose size is not 1 raises ShapeError."""
    axes = _axes_arg(axis)
    t = _as_tensor(x)
    if axes is None:
        return _wrap(ffi.call(capi.TF_Squeeze, t._h, None, 0))
    return _wrap(ffi.call(capi.TF_Squeeze, t._h, ffi.int_array(axes), len(axes)))


def flatten(x: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """`x` with dims ``start_dim..end_dim`` (inclusive) merged into one, as ``torch.flatten``
    (a 0-d tensor gives shape ``(1,)``). A view when the strides allow, else a copy: unlike
    NumPy's ``ndarray.flatten``, which always copies, use ``.copy()`` when you need one."""
    t = _as_tensor(x)
    return _wrap(ffi.call(capi.TF_Flatten, t._h, operator.index(start_dim), operator.index(end_dim)))


def broadcast_to(x: Tensor, shape: ShapeLike) -> Tensor:
    """A view of `x` broadcast to `shape` (stride 0 along stretched dims); ShapeError when the
    shapes are incompatible."""
    dims = _shape_arg(shape)
    t = _as_tensor(x)
    return _wrap(ffi.call(capi.TF_BroadcastTo, t._h, ffi.int64_array(dims), len(dims)))


def broadcast_arrays(*arrays: Tensor) -> List[Tensor]:
    """Views of the tensors broadcast to their common shape."""
    ts = [_as_tensor(a) for a in arrays]
    return _outputs(capi.TF_BroadcastArrays, len(ts), ffi.handle_array(ts), len(ts))


def flip(x: Tensor, axis: Optional[ShapeLike] = None) -> Tensor:
    """A view of `x` with the order of elements reversed along `axis` (None: every dim). The
    view has negative strides and shares storage with `x`."""
    axes = _axes_arg(axis)
    t = _as_tensor(x)
    if axes is None:
        return _wrap(ffi.call(capi.TF_Flip, t._h, None, 0))
    return _wrap(ffi.call(capi.TF_Flip, t._h, ffi.int_array(axes), len(axes)))


def moveaxis(x: Tensor, source: ShapeLike, destination: ShapeLike) -> Tensor:
    """A view of `x` with dims `source` moved to positions `destination` (ints or tuples of the
    same length); the other dims keep their order."""
    s, d = _shape_arg(source), _shape_arg(destination)
    t = _as_tensor(x)
    return _wrap(ffi.call(capi.TF_MoveAxis, t._h, ffi.int_array(s), len(s), ffi.int_array(d), len(d)))


def swapaxes(x: Tensor, axis1: int, axis2: int) -> Tensor:
    """A view of `x` with dims `axis1` and `axis2` exchanged."""
    t = _as_tensor(x)
    return _wrap(ffi.call(capi.TF_SwapAxes, t._h, operator.index(axis1), operator.index(axis2)))


def matrix_transpose(x: Tensor) -> Tensor:
    """A view of `x` with its last two dims exchanged; ShapeError for fewer than 2 dims."""
    t = _as_tensor(x)
    if t.ndim < 2:
        raise ShapeError(f"matrix_transpose needs a tensor with at least 2 dimensions, got shape {t.shape}")
    return swapaxes(t, -2, -1)


def copy(x: Tensor) -> Tensor:
    """A contiguous copy of `x` in new storage (never shared with `x`)."""
    t = _as_tensor(x)
    return _wrap(ffi.call(capi.TF_Copy, t._h))


# -- joins and splits ------------------------------------------------------------------------


def concat(arrays: Sequence[Tensor], axis: Optional[int] = 0) -> Tensor:
    """The tensors joined along an existing `axis` (None: flattened first). Dtypes promote as
    NumPy; every other dim must match (ShapeError)."""
    ts = [_as_tensor(a) for a in arrays]
    return _wrap(ffi.call(capi.TF_Concat, ffi.handle_array(ts), len(ts), _opt_axis(axis)))


cat = concat


def stack(arrays: Sequence[Tensor], axis: int = 0) -> Tensor:
    """Same-shape tensors joined along a new dim `axis` of the result."""
    ts = [_as_tensor(a) for a in arrays]
    return _wrap(ffi.call(capi.TF_Stack, ffi.handle_array(ts), len(ts), operator.index(axis)))


def split(x: Tensor, indices_or_sections: Union[int, Sequence[int]], axis: int = 0) -> List[Tensor]:
    """``numpy.split``: with an int N, N equal views along `axis` (ShapeError when the dim does
    not divide evenly); with a sequence of split points, the views between them (slice rules:
    negative from the end, clamped). Use ``array_split`` for uneven sections."""
    t = _as_tensor(x)
    if isinstance(indices_or_sections, int):
        n = indices_or_sections
        return _outputs(capi.TF_SplitSections, max(n, 0), t._h, n, operator.index(axis), True)
    idx = [operator.index(i) for i in indices_or_sections]
    return _outputs(capi.TF_Split, len(idx) + 1, t._h, ffi.int64_array(idx), len(idx), operator.index(axis))


def array_split(x: Tensor, indices_or_sections: Union[int, Sequence[int]], axis: int = 0) -> List[Tensor]:
    """``numpy.array_split``: like ``split`` but N sections need not be equal (the first
    ``size % N`` views get one more element)."""
    t = _as_tensor(x)
    if isinstance(indices_or_sections, int):
        n = indices_or_sections
        return _outputs(capi.TF_SplitSections, max(n, 0), t._h, n, operator.index(axis), False)
    return split(t, indices_or_sections, axis)


def unstack(x: Tensor, axis: int = 0) -> Tuple[Tensor, ...]:
    """The views ``x[..., i, ...]`` for each position along `axis` (Array API ``unstack``)."""
    t = _as_tensor(x)
    a = operator.index(axis)
    n = t.shape[a] if -t.ndim <= a < t.ndim else 0
    return tuple(_outputs(capi.TF_Unstack, n, t._h, a))


# -- copies ----------------------------------------------------------------------------------


def tile(x: Tensor, repetitions: ShapeLike) -> Tensor:
    """``numpy.tile``: `x` repeated along each dim (reps padded with leading 1s or `x` with
    leading size-1 dims to match)."""
    reps = _shape_arg(repetitions)
    t = _as_tensor(x)
    return _wrap(ffi.call(capi.TF_Tile, t._h, ffi.int64_array(reps), len(reps)))


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
    return _wrap(ffi.call(capi.TF_Repeat, t._h, ffi.int64_array(r), len(r), _opt_axis(axis)))


def roll(x: Tensor, shift: ShapeLike, axis: Optional[ShapeLike] = None) -> Tensor:
    """``numpy.roll``: elements shifted by `shift` along `axis`, wrapping around (None: the
    flattened tensor, shape restored). An int shift with several axes applies to each; several
    shifts with one axis add up."""
    shifts = list(_shape_arg(shift))
    t = _as_tensor(x)
    if axis is None:
        return _wrap(ffi.call(capi.TF_Roll, t._h, ffi.int64_array(shifts), len(shifts), None, 0))
    axes = list(_shape_arg(axis))
    if len(shifts) == 1 and len(axes) > 1:
        shifts = shifts * len(axes)
    elif len(axes) == 1 and len(shifts) > 1:
        axes = axes * len(shifts)
    return _wrap(ffi.call(capi.TF_Roll, t._h, ffi.int64_array(shifts), len(shifts), ffi.int_array(axes), len(axes)))


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
    return _wrap(ffi.call(capi.TF_Pad, t._h, ffi.int64_array(w), len(w), _PAD_MODES[mode], float(constant_values)))
