"""The convolution layers (PyTorch's ``torch.nn.modules.conv``): ``Conv1d``, ``Conv2d`` and
``ConvTranspose2d`` over ``nn.functional``'s im2col + GEMM kernels. Constructor arguments,
weight shapes, default initialization, ``padding_mode`` and ``repr`` are PyTorch's; bad
configuration raises LayerConfigError naming the layer and the values."""

from __future__ import annotations

import math
import operator
from typing import Any, List, Optional, Sequence, Tuple, Union

from ..._core.device import DeviceLike
from ..._core.dtypes import float32
from ..._core.tensor import Tensor
from ..._ops.conv import conv1d, conv2d, conv_transpose2d
from ..._ops.creation import empty
from ..._ops.shape import pad as _np_pad
from ...errors import LayerConfigError
from .. import init
from ..module import Module
from ..parameter import Parameter

# PyTorch's padding_mode names onto the NumPy pad modes of tfs.pad.
_PAD_MODES = {"zeros": "constant", "reflect": "reflect", "replicate": "edge", "circular": "wrap"}


def _tuple(name: str, value: Any, n: int, layer: str) -> Tuple[int, ...]:
    if isinstance(value, int) and not isinstance(value, bool):
        return (value,) * n
    try:
        out = tuple(operator.index(v) for v in value)
    except TypeError:
        raise LayerConfigError(f"{layer}: {name} must be an int or a tuple of {n} ints, got {value!r}") from None
    if len(out) != n:
        raise LayerConfigError(f"{layer}: {name} must have {n} entries, got {value!r}")
    return out


class _ConvNd(Module):
    """The state shared by the convolutions: sizes, the weight of shape ``(out_channels,
    in_channels / groups, *kernel_size)`` (transposed: ``(in_channels, out_channels / groups,
    *kernel_size)``), the optional bias and PyTorch's default initialization."""

    in_channels: int
    out_channels: int
    kernel_size: Tuple[int, ...]
    stride: Tuple[int, ...]
    padding: Union[str, Tuple[int, ...]]
    dilation: Tuple[int, ...]
    transposed: bool
    output_padding: Tuple[int, ...]
    groups: int
    padding_mode: str
    weight: Parameter
    bias: Optional[Parameter]

    def __init__(
        self, n: int, in_channels: int, out_channels: int, kernel_size: Any, stride: Any, padding: Any, dilation: Any,
        transposed: bool, output_padding: Any, groups: int, bias: bool, padding_mode: str,
        device: Optional[DeviceLike], dtype: Optional[Any],
    ) -> None:
        super().__init__()
        layer = type(self).__name__
        in_channels, out_channels, groups = operator.index(in_channels), operator.index(out_channels), operator.index(groups)
        if in_channels <= 0 or out_channels <= 0:
            raise LayerConfigError(
                f"{layer}: in_channels and out_channels must be positive, got in_channels={in_channels}, "
                f"out_channels={out_channels}"
            )
        if groups <= 0:
            raise LayerConfigError(f"{layer}: groups must be a positive integer, got groups={groups}")
        if in_channels % groups:
            raise LayerConfigError(f"{layer}: in_channels={in_channels} must be divisible by groups={groups}")
        if out_channels % groups:
            raise LayerConfigError(f"{layer}: out_channels={out_channels} must be divisible by groups={groups}")
        if padding_mode not in _PAD_MODES:
            raise LayerConfigError(
                f"{layer}: padding_mode must be one of {sorted(_PAD_MODES)}, got padding_mode={padding_mode!r}"
            )
        if transposed and padding_mode != "zeros":
            raise LayerConfigError(f'{layer}: only "zeros" padding_mode is supported, got padding_mode={padding_mode!r}')
        ks = _tuple("kernel_size", kernel_size, n, layer)
        st = _tuple("stride", stride, n, layer)
        dl = _tuple("dilation", dilation, n, layer)
        if min(ks) <= 0 or min(st) <= 0 or min(dl) <= 0:
            raise LayerConfigError(
                f"{layer}: kernel_size, stride and dilation must be positive, got kernel_size={ks}, stride={st}, "
                f"dilation={dl}"
            )
        pd: Union[str, Tuple[int, ...]]
        if isinstance(padding, str):
            if padding not in ("same", "valid"):
                raise LayerConfigError(f"{layer}: padding must be 'same', 'valid' or ints, got padding={padding!r}")
            if padding == "same" and any(s != 1 for s in st):
                raise LayerConfigError(f"{layer}: padding='same' is not supported for strided convolutions, got stride={st}")
            pd = padding
        else:
            pd = _tuple("padding", padding, n, layer)
            if min(pd) < 0:
                raise LayerConfigError(f"{layer}: padding must be >= 0, got padding={pd}")
        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size, self.stride, self.padding, self.dilation = ks, st, pd, dl
        self.transposed = transposed
        self.output_padding = _tuple("output_padding", output_padding, n, layer)
        self.groups = groups
        self.padding_mode = padding_mode
        dt = float32 if dtype is None else dtype
        shape = (in_channels, out_channels // groups, *ks) if transposed else (out_channels, in_channels // groups, *ks)
        self.weight = Parameter(empty(shape, dtype=dt, device=device))
        if bias:
            self.bias = Parameter(empty((out_channels,), dtype=dt, device=device))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """PyTorch's default: the weight from ``kaiming_uniform_(a=sqrt(5))`` and the bias from
        U(-1/sqrt(fan_in), 1/sqrt(fan_in)), fan_in computed from the weight's shape."""
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            if fan_in != 0:
                bound = 1 / math.sqrt(fan_in)
                init.uniform_(self.bias, -bound, bound)

    def _padded(self, input: Tensor) -> Tensor:  # noqa: A002
        # A non-zero padding_mode pads explicitly, then convolves with no padding (as PyTorch).
        assert not isinstance(self.padding, str)
        n = len(self.kernel_size)
        widths: List[Sequence[int]] = [(0, 0)] * (input.ndim - n) + [(p, p) for p in self.padding]
        return _np_pad(input, widths, mode=_PAD_MODES[self.padding_mode])

    def extra_repr(self) -> str:
        n = len(self.kernel_size)
        s = f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, stride={self.stride}"
        if self.padding != (0,) * n:
            s += f", padding={self.padding}"
        if self.dilation != (1,) * n:
            s += f", dilation={self.dilation}"
        if self.output_padding != (0,) * n:
            s += f", output_padding={self.output_padding}"
        if self.groups != 1:
            s += f", groups={self.groups}"
        if self.bias is None:
            s += ", bias=False"
        if self.padding_mode != "zeros":
            s += f", padding_mode={self.padding_mode}"
        return s


class Conv1d(_ConvNd):
    """1-D convolution over ``(N, C_in, L)`` or ``(C_in, L)`` inputs (``F.conv1d``)."""

    def __init__(
        self, in_channels: int, out_channels: int, kernel_size: Union[int, Tuple[int]], stride: Union[int, Tuple[int]] = 1,
        padding: Union[str, int, Tuple[int]] = 0, dilation: Union[int, Tuple[int]] = 1, groups: int = 1,
        bias: bool = True, padding_mode: str = "zeros", device: Optional[DeviceLike] = None, dtype: Optional[Any] = None,
    ) -> None:
        super().__init__(
            1, in_channels, out_channels, kernel_size, stride, padding, dilation, False, 0, groups, bias, padding_mode,
            device, dtype,
        )

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        p = self._parameters
        if self.padding_mode != "zeros":
            return conv1d(self._padded(input), p["weight"], p["bias"], self.stride[0], 0, self.dilation[0], self.groups)
        pad = self.padding if isinstance(self.padding, str) else self.padding[0]
        return conv1d(input, p["weight"], p["bias"], self.stride[0], pad, self.dilation[0], self.groups)


class Conv2d(_ConvNd):
    """2-D convolution over ``(N, C_in, H, W)`` or ``(C_in, H, W)`` inputs (``F.conv2d``),
    depthwise when ``groups == in_channels``."""

    def __init__(
        self, in_channels: int, out_channels: int, kernel_size: Union[int, Tuple[int, int]],
        stride: Union[int, Tuple[int, int]] = 1, padding: Union[str, int, Tuple[int, int]] = 0,
        dilation: Union[int, Tuple[int, int]] = 1, groups: int = 1, bias: bool = True, padding_mode: str = "zeros",
        device: Optional[DeviceLike] = None, dtype: Optional[Any] = None,
    ) -> None:
        super().__init__(
            2, in_channels, out_channels, kernel_size, stride, padding, dilation, False, 0, groups, bias, padding_mode,
            device, dtype,
        )

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        p = self._parameters
        st, dl = (self.stride[0], self.stride[1]), (self.dilation[0], self.dilation[1])
        if self.padding_mode != "zeros":
            return conv2d(self._padded(input), p["weight"], p["bias"], st, 0, dl, self.groups)
        pad: Union[str, Tuple[int, int]] = (
            self.padding if isinstance(self.padding, str) else (self.padding[0], self.padding[1])
        )
        return conv2d(input, p["weight"], p["bias"], st, pad, dl, self.groups)


class ConvTranspose2d(_ConvNd):
    """The transposed 2-D convolution (``F.conv_transpose2d``), the gradient of ``Conv2d`` with
    respect to its input. ``forward(input, output_size)`` picks the output_padding that gives
    `output_size` (the last two entries are used), as PyTorch."""

    def __init__(
        self, in_channels: int, out_channels: int, kernel_size: Union[int, Tuple[int, int]],
        stride: Union[int, Tuple[int, int]] = 1, padding: Union[int, Tuple[int, int]] = 0,
        output_padding: Union[int, Tuple[int, int]] = 0, groups: int = 1, bias: bool = True,
        dilation: Union[int, Tuple[int, int]] = 1, padding_mode: str = "zeros", device: Optional[DeviceLike] = None,
        dtype: Optional[Any] = None,
    ) -> None:
        if isinstance(padding, str):
            raise LayerConfigError(f"ConvTranspose2d: padding must be ints, got padding={padding!r}")
        super().__init__(
            2, in_channels, out_channels, kernel_size, stride, padding, dilation, True, output_padding, groups, bias,
            padding_mode, device, dtype,
        )
        for op, s, d in zip(self.output_padding, self.stride, self.dilation):
            if op < 0 or (op >= s and op >= d):
                raise LayerConfigError(
                    f"ConvTranspose2d: output_padding must be >= 0 and smaller than either stride or dilation, got "
                    f"output_padding={self.output_padding}, stride={self.stride}, dilation={self.dilation}"
                )

    def _output_padding(self, input: Tensor, output_size: Optional[Sequence[int]]) -> Tuple[int, int]:
        if output_size is None:
            return (self.output_padding[0], self.output_padding[1])
        size = [operator.index(s) for s in output_size][-2:]
        if len(size) != 2:
            raise LayerConfigError(f"ConvTranspose2d: output_size must have at least 2 entries, got {list(output_size)}")
        assert not isinstance(self.padding, str)
        out: List[int] = []
        for d in range(2):
            in_size = input.shape[input.ndim - 2 + d]
            smallest = (
                (in_size - 1) * self.stride[d] - 2 * self.padding[d] + self.dilation[d] * (self.kernel_size[d] - 1) + 1
            )
            largest = smallest + self.stride[d] - 1
            if not smallest <= size[d] <= largest:
                raise LayerConfigError(
                    f"ConvTranspose2d: requested an output size of {size}, but valid sizes range from "
                    f"{smallest} to {largest} (for an input of {input.shape[-2:]}) in dim {d}"
                )
            out.append(size[d] - smallest)
        return (out[0], out[1])

    def forward(self, input: Tensor, output_size: Optional[Sequence[int]] = None) -> Tensor:  # noqa: A002
        p = self._parameters
        assert not isinstance(self.padding, str)
        return conv_transpose2d(
            input, p["weight"], p["bias"], (self.stride[0], self.stride[1]), (self.padding[0], self.padding[1]),
            self._output_padding(input, output_size), self.groups, (self.dilation[0], self.dilation[1]),
        )


__all__ = ["Conv1d", "Conv2d", "ConvTranspose2d"]
