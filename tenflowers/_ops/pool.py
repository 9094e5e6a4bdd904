"""Poolings (``max_pool2d``, ``avg_pool2d``, ``adaptive_avg_pool2d``, ``adaptive_max_pool2d``,
and ``max_pool1d`` / ``avg_pool1d`` over a height of 1), each one C call; PyTorch's argument
names and semantics. ``tenflowers.nn.functional`` re-exports them."""

from __future__ import annotations

from typing import Any, Optional, Sequence, Tuple, Union

from .._core import capi, ffi
from .._core.tensor import Tensor, _wrap
from ..errors import LayerConfigError, ShapeError, TenflowersError
from .layer_args import int_pair, int_single
from .layer_args import tensor_arg as _tensor

_TF_MaxPool2d = capi.TF_MaxPool2d
_TF_AvgPool2d = capi.TF_AvgPool2d
_TF_AdaptiveAvgPool2d = capi.TF_AdaptiveAvgPool2d
_TF_AdaptiveMaxPool2d = capi.TF_AdaptiveMaxPool2d

IntPair = Union[int, Tuple[int, int], Sequence[int]]
OptPair = Union[None, int, Tuple[Optional[int], Optional[int]], Sequence[Optional[int]]]


def _pair(v: IntPair, name: str) -> Tuple[int, int]:
    return int_pair(v, name, repeat_single=True)


def _stride(stride: Optional[IntPair], kernel: Tuple[int, int]) -> Tuple[int, int]:
    if stride is None or (not isinstance(stride, int) and len(tuple(stride)) == 0):
        return kernel
    return _pair(stride, "stride")


def _check_1d(name: str, x: Tensor, k: int, s: int, p: int, d: int) -> None:
    """The 1-d poolings' checks, with 1-d values in the messages (the 2-d kernel would report
    the pairs it is called with)."""
    if x.ndim not in (2, 3):
        raise ShapeError(f"{name}: expected a 2-d (unbatched) or 3-d (batched) input, got shape {list(x.shape)}")
    for what, v in (("kernel_size", k), ("stride", s), ("dilation", d)):
        if v < 1:
            raise LayerConfigError(f"{name}: {what} must be positive, got {v}")
    if p < 0:
        raise LayerConfigError(f"{name}: padding must be non-negative, got {p}")
    if p > k // 2:
        raise LayerConfigError(f"{name}: padding {p} must be at most half of kernel_size {k}")


def _renamed(e: Exception, name2d: str, name: str) -> Exception:
    """`e` (a library error of the 2-d pooling a 1-d one runs) naming the 1-d function."""
    return type(e)(str(e).replace(f"{name2d}:", f"{name}:", 1))


def _max(x: Tensor, k: Tuple[int, int], s: Tuple[int, int], p: Tuple[int, int], d: Tuple[int, int],
         ceil_mode: bool, return_indices: bool) -> Union[Tensor, Tuple[Tensor, Tensor]]:
    st = ffi.status()
    idx = ffi.out_handles(1) if return_indices else None
    h = _TF_MaxPool2d(x._h, ffi.int64_array(k), ffi.int64_array(s), ffi.int64_array(p), ffi.int64_array(d),
                      bool(ceil_mode), idx, st)
    if not h:
        ffi.raise_status(st)
    if idx is None:
        return _wrap(h)
    return _wrap(h), _wrap(idx[0])


def max_pool2d(
    input: Any,  # noqa: A002 - PyTorch's names
    kernel_size: IntPair,
    stride: Optional[IntPair] = None,
    padding: IntPair = 0,
    dilation: IntPair = 1,
    ceil_mode: bool = False,
    return_indices: bool = False,
) -> Any:
    """Max pooling as ``torch.nn.functional.max_pool2d``: `input` ``(N, C, H, W)`` or
    ``(C, H, W)``; `stride` defaults to `kernel_size`; `padding` at most half the kernel. With
    `return_indices`, also the int64 flat indices of the maxima into each ``H * W`` plane.
    Differentiable (to any order). Bad configurations raise LayerConfigError, an input of
    another rank ShapeError. A window holding no input element (dilation on a tiny input) gives
    -inf and the index -1."""
    k = _pair(kernel_size, "kernel_size")
    return _max(_tensor(input), k, _stride(stride, k), _pair(padding, "padding"), _pair(dilation, "dilation"),
                ceil_mode, return_indices)


def max_pool1d(
    input: Any,  # noqa: A002
    kernel_size: Any,
    stride: Optional[Any] = None,
    padding: Any = 0,
    dilation: Any = 1,
    ceil_mode: bool = False,
    return_indices: bool = False,
) -> Any:
    """Max pooling as ``torch.nn.functional.max_pool1d``: `input` ``(N, C, L)`` or ``(C, L)``;
    indices into L. Runs max_pool2d over a height of 1."""
    x = _tensor(input)
    k = int_single(kernel_size, "kernel_size")
    s = k if stride is None or (not isinstance(stride, int) and len(tuple(stride)) == 0) else int_single(stride, "stride")
    p, d = int_single(padding, "padding"), int_single(dilation, "dilation")
    _check_1d("max_pool1d", x, k, s, p, d)
    x4 = x.reshape(x.shape[:-1] + (1, x.shape[-1]))
    try:
        out = _max(x4, (1, k), (1, s), (0, p), (1, d), ceil_mode, return_indices)
    except TenflowersError as e:
        raise _renamed(e, "max_pool2d", "max_pool1d") from None
    if isinstance(out, tuple):
        v, i = out
        return v.reshape(v.shape[:-2] + (v.shape[-1],)), i.reshape(i.shape[:-2] + (i.shape[-1],))
    return out.reshape(out.shape[:-2] + (out.shape[-1],))


def avg_pool2d(
    input: Any,  # noqa: A002
    kernel_size: IntPair,
    stride: Optional[IntPair] = None,
    padding: IntPair = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
    divisor_override: Optional[int] = None,
) -> Tensor:
    """Average pooling as ``torch.nn.functional.avg_pool2d``; `divisor_override` (> 0) replaces
    the window size as divisor."""
    k = _pair(kernel_size, "kernel_size")
    s = _stride(stride, k)
    if divisor_override is not None and int(divisor_override) <= 0:
        raise LayerConfigError(f"avg_pool2d: divisor_override must be positive, got {divisor_override}")
    x = _tensor(input)
    st = ffi.status()
    h = _TF_AvgPool2d(x._h, ffi.int64_array(k), ffi.int64_array(s), ffi.int64_array(_pair(padding, "padding")),
                      bool(ceil_mode), bool(count_include_pad), 0 if divisor_override is None else int(divisor_override), st)
    if not h:
        ffi.raise_status(st)
    return _wrap(h)


def avg_pool1d(
    input: Any,  # noqa: A002
    kernel_size: Any,
    stride: Optional[Any] = None,
    padding: Any = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
) -> Tensor:
    """Average pooling as ``torch.nn.functional.avg_pool1d``: `input` ``(N, C, L)`` or ``(C, L)``."""
    x = _tensor(input)
    k = int_single(kernel_size, "kernel_size")
    s = k if stride is None or (not isinstance(stride, int) and len(tuple(stride)) == 0) else int_single(stride, "stride")
    p = int_single(padding, "padding")
    _check_1d("avg_pool1d", x, k, s, p, 1)
    try:
        out = avg_pool2d(x.reshape(x.shape[:-1] + (1, x.shape[-1])), (1, k), (1, s), (0, p), ceil_mode,
                         count_include_pad)
    except TenflowersError as e:
        raise _renamed(e, "avg_pool2d", "avg_pool1d") from None
    return out.reshape(out.shape[:-2] + (out.shape[-1],))


def _out_size(x: Tensor, output_size: OptPair) -> Any:
    vals = (output_size, output_size) if output_size is None or isinstance(output_size, int) else tuple(output_size)
    if len(vals) == 1:
        vals = (vals[0], vals[0])
    if len(vals) != 2:
        raise TypeError(f"output_size must be an int or a pair, got {output_size!r}")
    hw = x.shape[-2:] if x.ndim >= 2 else (1, 1)
    return ffi.int64_array([int(hw[i]) if v is None else int(v) for i, v in enumerate(vals)])


def adaptive_avg_pool2d(input: Any, output_size: OptPair) -> Tensor:  # noqa: A002
    """Adaptive average pooling as ``torch.nn.functional.adaptive_avg_pool2d``; an entry of
    `output_size` may be None (keep that input size)."""
    x = _tensor(input)
    st = ffi.status()
    h = _TF_AdaptiveAvgPool2d(x._h, _out_size(x, output_size), st)
    if not h:
        ffi.raise_status(st)
    return _wrap(h)


def adaptive_max_pool2d(input: Any, output_size: OptPair, return_indices: bool = False) -> Any:  # noqa: A002
    """Adaptive max pooling as ``torch.nn.functional.adaptive_max_pool2d`` (indices as max_pool2d's)."""
    x = _tensor(input)
    st = ffi.status()
    idx = ffi.out_handles(1) if return_indices else None
    h = _TF_AdaptiveMaxPool2d(x._h, _out_size(x, output_size), idx, st)
    if not h:
        ffi.raise_status(st)
    if idx is None:
        return _wrap(h)
    return _wrap(h), _wrap(idx[0])


__all__ = ["adaptive_avg_pool2d", "adaptive_max_pool2d", "avg_pool1d", "avg_pool2d", "max_pool1d", "max_pool2d"]
