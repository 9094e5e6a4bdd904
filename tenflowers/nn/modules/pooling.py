"""The pooling layers (PyTorch's ``torch.nn.modules.pooling``) over ``nn.functional``'s
kernels: ``MaxPool2d``, ``AvgPool2d``, ``AdaptiveAvgPool2d``, ``AdaptiveMaxPool2d``, with
PyTorch's arguments, defaults (stride = kernel_size) and ``repr``."""

from __future__ import annotations

from typing import Any, Optional, Tuple, Union

from ..._core.tensor import Tensor
from .. import functional as F
from ..module import Module

_Size2 = Union[int, Tuple[int, int]]
_OutSize2 = Union[int, None, Tuple[Optional[int], Optional[int]]]


class _MaxPoolNd(Module):
    """The max poolings' shared arguments (stride defaults to `kernel_size`) and ``repr``, as
    PyTorch's ``_MaxPoolNd``; the subclasses choose the functional form."""

    kernel_size: Any
    stride: Any
    padding: Any
    dilation: Any
    return_indices: bool
    ceil_mode: bool

    def __init__(
        self, kernel_size: Any, stride: Any = None, padding: Any = 0, dilation: Any = 1,
        return_indices: bool = False, ceil_mode: bool = False,
    ) -> None:
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = kernel_size if stride is None else stride
        self.padding, self.dilation = padding, dilation
        self.return_indices, self.ceil_mode = return_indices, ceil_mode

    def extra_repr(self) -> str:
        return (
            f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
            f"dilation={self.dilation}, ceil_mode={self.ceil_mode}"
        )


class MaxPool2d(_MaxPoolNd):
    """The maximum over each `kernel_size` window (``F.max_pool2d``); with `return_indices`
    the forward returns ``(output, indices)``, the indices flat into each input plane."""

    def forward(self, input: Tensor) -> Any:  # noqa: A002 - PyTorch's name
        return F.max_pool2d(
            input, self.kernel_size, self.stride, self.padding, self.dilation, ceil_mode=self.ceil_mode,
            return_indices=self.return_indices,
        )


class AvgPool2d(Module):
    """The mean over each `kernel_size` window (``F.avg_pool2d``): padding counted in the
    divisor when `count_include_pad`, or `divisor_override` as the divisor."""

    kernel_size: _Size2
    stride: _Size2
    padding: _Size2
    ceil_mode: bool
    count_include_pad: bool
    divisor_override: Optional[int]

    def __init__(
        self, kernel_size: _Size2, stride: Optional[_Size2] = None, padding: _Size2 = 0, ceil_mode: bool = False,
        count_include_pad: bool = True, divisor_override: Optional[int] = None,
    ) -> None:
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = kernel_size if stride is None else stride
        self.padding, self.ceil_mode = padding, ceil_mode
        self.count_include_pad, self.divisor_override = count_include_pad, divisor_override

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        out: Tensor = F.avg_pool2d(
            input, self.kernel_size, self.stride, self.padding, self.ceil_mode, self.count_include_pad,
            self.divisor_override,
        )
        return out

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AdaptiveAvgPool2d(Module):
    """Average pooling to the spatial size `output_size` (an entry None keeps the input's)."""

    output_size: _OutSize2

    def __init__(self, output_size: _OutSize2) -> None:
        super().__init__()
        self.output_size = output_size

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        out: Tensor = F.adaptive_avg_pool2d(input, self.output_size)
        return out

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


class AdaptiveMaxPool2d(Module):
    """Max pooling to the spatial size `output_size`; ``(output, indices)`` with
    `return_indices`."""

    output_size: _OutSize2
    return_indices: bool

    def __init__(self, output_size: _OutSize2, return_indices: bool = False) -> None:
        super().__init__()
        self.output_size, self.return_indices = output_size, return_indices

    def forward(self, input: Tensor) -> Any:  # noqa: A002
        return F.adaptive_max_pool2d(input, self.output_size, self.return_indices)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


def _single(v: Union[int, Tuple[int]]) -> Tuple[int]:
    return (v,) if isinstance(v, int) else (int(tuple(v)[0]),)


class MaxPool1d(_MaxPoolNd):
    """``F.max_pool1d`` over ``(N, C, L)`` or ``(C, L)``: the maximum over each window of
    `kernel_size`; with `return_indices` the forward returns ``(output, indices)``."""

    def forward(self, input: Tensor) -> Any:  # noqa: A002
        return F.max_pool1d(
            input, self.kernel_size, self.stride, self.padding, self.dilation, ceil_mode=self.ceil_mode,
            return_indices=self.return_indices,
        )


class AvgPool1d(Module):
    """``F.avg_pool1d`` over ``(N, C, L)`` or ``(C, L)``. As PyTorch, the sizes are kept as
    1-tuples (which is what ``repr`` shows)."""

    kernel_size: Tuple[int]
    stride: Tuple[int]
    padding: Tuple[int]
    ceil_mode: bool
    count_include_pad: bool

    def __init__(
        self, kernel_size: Union[int, Tuple[int]], stride: Union[None, int, Tuple[int]] = None,
        padding: Union[int, Tuple[int]] = 0, ceil_mode: bool = False, count_include_pad: bool = True,
    ) -> None:
        super().__init__()
        self.kernel_size = _single(kernel_size)
        self.stride = self.kernel_size if stride is None else _single(stride)
        self.padding = _single(padding)
        self.ceil_mode, self.count_include_pad = ceil_mode, count_include_pad

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        out: Tensor = F.avg_pool1d(
            input, self.kernel_size, self.stride, self.padding, self.ceil_mode, self.count_include_pad
        )
        return out

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


__all__ = ["AdaptiveAvgPool2d", "AdaptiveMaxPool2d", "AvgPool1d", "AvgPool2d", "MaxPool1d", "MaxPool2d"]
