from typing import Any, Optional, Tuple, Union

from ..._core.tensor import Tensor
from ..module import Module

_Size2 = Union[int, Tuple[int, int]]
_OutSize2 = Union[int, None, Tuple[Optional[int], Optional[int]]]

class _MaxPoolNd(Module):
    def __init__(
        self, kernel_size: Any, stride: Any = None, padding: Any = 0, dilation: Any = 1,
        return_indices: bool = False, ceil_mode: bool = False,
    ) -> None: ...
    def extra_repr(self) -> str: ...

class MaxPool2d(_MaxPoolNd):
    kernel_size: _Size2
    stride: _Size2
    padding: _Size2
    dilation: _Size2
    return_indices: bool
    ceil_mode: bool
    def __init__(
        self, kernel_size: _Size2, stride: Optional[_Size2] = None, padding: _Size2 = 0, dilation: _Size2 = 1,
        return_indices: bool = False, ceil_mode: bool = False,
    ) -> None: ...
    def forward(self, input: Tensor) -> Any: ...

class AvgPool2d(Module):
    kernel_size: _Size2
    stride: _Size2
    padding: _Size2
    ceil_mode: bool
    count_include_pad: bool
    divisor_override: Optional[int]
    def __init__(
        self, kernel_size: _Size2, stride: Optional[_Size2] = None, padding: _Size2 = 0, ceil_mode: bool = False,
        count_include_pad: bool = True, divisor_override: Optional[int] = None,
    ) -> None: ...
    def forward(self, input: Tensor) -> Tensor: ...

class AdaptiveAvgPool2d(Module):
    output_size: _OutSize2
    def __init__(self, output_size: _OutSize2) -> None: ...
    def forward(self, input: Tensor) -> Tensor: ...

class AdaptiveMaxPool2d(Module):
    output_size: _OutSize2
    return_indices: bool
    def __init__(self, output_size: _OutSize2, return_indices: bool = False) -> None: ...
    def forward(self, input: Tensor) -> Any: ...

class MaxPool1d(_MaxPoolNd):
    kernel_size: int
    stride: int
    padding: int
    dilation: int
    return_indices: bool
    ceil_mode: bool
    def __init__(
        self, kernel_size: int, stride: Optional[int] = None, padding: int = 0, dilation: int = 1,
        return_indices: bool = False, ceil_mode: bool = False,
    ) -> None: ...
    def forward(self, input: Tensor) -> Any: ...

class AvgPool1d(Module):
    kernel_size: Tuple[int]
    stride: Tuple[int]
    padding: Tuple[int]
    ceil_mode: bool
    count_include_pad: bool
    def __init__(
        self, kernel_size: Union[int, Tuple[int]], stride: Union[None, int, Tuple[int]] = None,
        padding: Union[int, Tuple[int]] = 0, ceil_mode: bool = False, count_include_pad: bool = True,
    ) -> None: ...
    def forward(self, input: Tensor) -> Tensor: ...

__all__ = ["AdaptiveAvgPool2d", "AdaptiveMaxPool2d", "AvgPool1d", "AvgPool2d", "MaxPool1d", "MaxPool2d"]
