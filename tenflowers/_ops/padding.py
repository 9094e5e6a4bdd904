"""``torch.nn.functional.pad``: PyTorch's padding list (last dim first), negative pads that crop,
and the modes "constant", "reflect", "replicate" and "circular", over the NumPy-style ``TF_Pad``
(positive pads) and basic slicing (crops). Differentiable as those are."""

from __future__ import annotations

import operator
from typing import Any, List, Optional, Sequence, Tuple

from .._core import capi, cdefs, ffi
from .._core.tensor import Tensor, _wrap
from ..errors import InvalidArgumentError, UnimplementedError
from .layer_args import tensor_arg as _tensor

_TF_Pad = capi.TF_Pad
_TF_Copy = capi.TF_Copy

_MODES = {
    "constant": cdefs.TF_PAD_CONSTANT,
    "reflect": cdefs.TF_PAD_REFLECT,
    "replicate": cdefs.TF_PAD_EDGE,
    "circular": cdefs.TF_PAD_WRAP,
}

# Non-constant modes: the input dims each padding length supports (batched and not).
_NON_CONSTANT_DIMS = {2: (2, 3), 4: (3, 4), 6: (4, 5)}


def _pad_widths(x: Tensor, widths: Sequence[Tuple[int, int]], mode: int, value: float) -> Tensor:
    """`x` extended by the non-negative `widths` (one (before, after) pair per dim)."""
    flat = [v for p in widths for v in p]
    if not any(flat):
        return x
    return _wrap(ffi.call(_TF_Pad, x._h, ffi.int64_array(flat), len(flat), mode, value))


def _crop(x: Tensor, crops: Sequence[Tuple[int, int]]) -> Tensor:
    """`x` with `crops[d]` = (before, after) elements (non-negative) cut off each dim d."""
    if not any(b or a for b, a in crops):
        return x
    return x[tuple(slice(b, n - a) for (b, a), n in zip(crops, x.shape))]


def pad(input: Any, pad: Sequence[int], mode: str = "constant", value: Optional[float] = None) -> Tensor:  # noqa: A002
    """Pads (or, with negative values, crops) the last ``len(pad) // 2`` dims of `input`, as
    ``torch.nn.functional.pad``: `pad` is ``(left, right)`` of the last dim, then ``(top,
    bottom)`` of the one before, and so on. `mode`:

    - "constant": filled with `value` (0 when None; cast to the dtype as PyTorch, 3.7 -> 3 for
      integers), any number of dims;
    - "reflect" (mirror without repeating the edge; each pad must be less than its dim),
      "replicate" (repeat the edge) and "circular" (wrap around; each pad at most the size left
      after cropping): pad the last 1, 2 or 3 dims of a 2-3-d, 3-4-d or 4-5-d input (others raise
      UnimplementedError, a NotImplementedError as PyTorch's), and take no `value`.

    A negative pad crops: for "reflect" and "replicate" the mirror or edge is the input's (pad,
    then crop), for "circular" the cropped tensor's (crop, then wrap), as PyTorch computes them.
    Bad lengths and sizes raise InvalidArgumentError. The result never shares the input's
    storage."""
    x = _tensor(input)
    p = [operator.index(v) for v in pad]
    if mode not in _MODES:
        raise InvalidArgumentError(f"pad: unrecognised padding mode {mode!r}; use one of {sorted(_MODES)}")
    if len(p) % 2:
        raise InvalidArgumentError(f"pad: padding length must be divisible by 2, got {len(p)}")
    k = len(p) // 2
    if k > x.ndim:
        raise InvalidArgumentError(
            f"pad: padding length should be less than or equal to two times the input dimension but got "
            f"padding length {len(p)} and input of dimension {x.ndim}"
        )
    if mode != "constant":
        if value is not None and value != 0:
            raise InvalidArgumentError(f'pad: padding mode "{mode}" doesn\'t take in value argument')
        if x.ndim not in _NON_CONSTANT_DIMS.get(len(p), ()):
            raise UnimplementedError(
                f"pad: padding size {len(p)} is not supported for {x.ndim}D input tensor in mode {mode!r}; "
                "supported: padding size 2 for 2D or 3D input, 4 for 3D or 4D, 6 for 4D or 5D"
            )
    # Per dim, first to last: (before, after); dims pad does not name get (0, 0).
    pairs: List[Tuple[int, int]] = [(0, 0)] * (x.ndim - k) + [(p[2 * i], p[2 * i + 1]) for i in reversed(range(k))]
    sizes = x.shape
    for d, ((b, a), n) in enumerate(zip(pairs, sizes)):
        if (b, a) == (0, 0):
            continue
        if mode == "constant" or mode == "circular":
            left = n + min(b, 0) + min(a, 0)
            if left < 0:
                raise InvalidArgumentError(f"pad: cropping ({b}, {a}) is more than dim {d} of size {n}")
            if mode == "circular" and (max(b, 0) > left or max(a, 0) > left):
                raise InvalidArgumentError(
                    f"pad: padding ({b}, {a}) of dim {d} (size {left} after cropping) wraps around more than once"
                )
        else:
            if mode == "reflect" and (b >= n or a >= n):
                raise InvalidArgumentError(
                    f"pad: padding size should be less than the corresponding input dimension, but got padding "
                    f"({b}, {a}) at dimension {d} of input {list(sizes)}"
                )
            if n + b + a < 1:
                raise InvalidArgumentError(f"pad: input (size {n} of dim {d}) is too small; calculated output size {n + b + a}")
    grow = [(max(b, 0), max(a, 0)) for b, a in pairs]
    cut = [(max(-b, 0), max(-a, 0)) for b, a in pairs]
    fill = 0.0 if value is None else float(value)
    if mode == "circular":
        out = _pad_widths(_crop(x, cut), grow, _MODES[mode], fill)
    else:
        out = _crop(_pad_widths(x, grow, _MODES[mode], fill), cut)
    if out is x or not any(g for pr in grow for g in pr):
        out = _wrap(ffi.call(_TF_Copy, out._h))  # a crop (or nothing) alone is a view: copy it
    return out


__all__ = ["pad"]
