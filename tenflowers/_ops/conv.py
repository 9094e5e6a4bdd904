"""Convolutions (``conv1d``, ``conv2d``, ``conv_transpose2d``), each one C call; PyTorch's
argument names and semantics. ``tenflowers.nn.functional`` re-exports them."""

from __future__ import annotations

from typing import Any, Optional, Sequence, Tuple, Union

from .._core import capi, cdefs, ffi
from .._core.tensor import Tensor, _wrap
from .layer_args import int_pair, int_single
from .layer_args import tensor_arg as _tensor

_TF_Conv1d = capi.TF_Conv1d
_TF_Conv2d = capi.TF_Conv2d
_TF_ConvTranspose2d = capi.TF_ConvTranspose2d

IntPair = Union[int, Tuple[int, int], Sequence[int]]


def _handles(input: Any, weight: Any, bias: Optional[Any]) -> Tuple[Tensor, Tensor, Optional[Tensor]]:  # noqa: A002
    """The operands as tensors (kept alive by the caller during the C call)."""
    return _tensor(input), _tensor(weight), None if bias is None else _tensor(bias)


def _pair(v: IntPair, name: str) -> Any:
    return ffi.int64_array(int_pair(v, name))


def _mode(padding: Union[str, IntPair]) -> Tuple[int, IntPair]:
    if isinstance(padding, str):
        if padding == "same":
            return cdefs.TF_PADDING_SAME, 0
        if padding == "valid":
            return cdefs.TF_PADDING_VALID, 0
        raise ValueError(f"padding must be 'same', 'valid', an int or a pair of ints, got {padding!r}")
    return cdefs.TF_PADDING_EXPLICIT, padding


def conv2d(
    input: Any,  # noqa: A002 - PyTorch's names
    weight: Any,
    bias: Optional[Any] = None,
    stride: IntPair = 1,
    padding: Union[str, IntPair] = 0,
    dilation: IntPair = 1,
    groups: int = 1,
) -> Tensor:
    """2-d convolution (cross-correlation) as ``torch.nn.functional.conv2d``: `input`
    ``(N, C, H, W)`` or ``(C, H, W)``, `weight` ``(O, C/groups, kH, kW)``, `bias` ``(O,)``.
    `padding` is an int, a pair, ``"same"`` (stride 1 only) or ``"valid"``. Differentiable with
    respect to all three. Bad configurations raise LayerConfigError."""
    mode, pad = _mode(padding)
    x, w, b = _handles(input, weight, bias)
    st = ffi.status()
    h = _TF_Conv2d(x._h, w._h, None if b is None else b._h, _pair(stride, "stride"), _pair(pad, "padding"),
                   _pair(dilation, "dilation"), int(groups), mode, st)
    if not h:
        ffi.raise_status(st)
    return _wrap(h)


def conv1d(
    input: Any,  # noqa: A002
    weight: Any,
    bias: Optional[Any] = None,
    stride: int = 1,
    padding: Union[str, int] = 0,
    dilation: int = 1,
    groups: int = 1,
) -> Tensor:
    """1-d convolution as ``torch.nn.functional.conv1d``: `input` ``(N, C, L)`` or ``(C, L)``,
    `weight` ``(O, C/groups, k)``, `bias` ``(O,)``; padding an int, ``"same"`` or ``"valid"``."""
    mode, pad = _mode(padding)
    x, w, b = _handles(input, weight, bias)
    st = ffi.status()
    h = _TF_Conv1d(x._h, w._h, None if b is None else b._h, int_single(stride, "stride"), int_single(pad, "padding"),
                   int_single(dilation, "dilation"), int(groups), mode, st)
    if not h:
        ffi.raise_status(st)
    return _wrap(h)


def conv_transpose2d(
    input: Any,  # noqa: A002
    weight: Any,
    bias: Optional[Any] = None,
    stride: IntPair = 1,
    padding: IntPair = 0,
    output_padding: IntPair = 0,
    groups: int = 1,
    dilation: IntPair = 1,
) -> Tensor:
    """Transposed 2-d convolution as ``torch.nn.functional.conv_transpose2d`` (argument order
    included): `input` ``(N, Cin, H, W)``, `weight` ``(Cin, Cout/groups, kH, kW)``, `bias`
    ``(Cout,)``; output size ``(H - 1) * stride - 2 * padding + dilation * (kH - 1) +
    output_padding + 1``."""
    x, w, b = _handles(input, weight, bias)
    st = ffi.status()
    h = _TF_ConvTranspose2d(x._h, w._h, None if b is None else b._h, _pair(stride, "stride"), _pair(padding, "padding"),
                            _pair(output_padding, "output_padding"), _pair(dilation, "dilation"), int(groups), st)
    if not h:
        ffi.raise_status(st)
    return _wrap(h)


__all__ = ["conv1d", "conv2d", "conv_transpose2d"]
