from typing import Any, Dict, Optional, Sequence, Tuple, Union

from ..._core.device import DeviceLike
from ..._core.tensor import Tensor
from ..module import Module
from ..parameter import Parameter

_PAD_MODES: Dict[str, str]

def _tuple(name: str, value: Any, n: int, layer: str) -> Tuple[int, ...]: ...

class _ConvNd(Module):
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
    ) -> None: ...
    def reset_parameters(self) -> None: ...
    def _padded(self, input: Tensor) -> Tensor: ...

class Conv1d(_ConvNd):
    def __init__(
        self, in_channels: int, out_channels: int, kernel_size: Union[int, Tuple[int]], stride: Union[int, Tuple[int]] = 1,
        padding: Union[str, int, Tuple[int]] = 0, dilation: Union[int, Tuple[int]] = 1, groups: int = 1,
        bias: bool = True, padding_mode: str = "zeros", device: Optional[DeviceLike] = None, dtype: Optional[Any] = None,
    ) -> None: ...
    def forward(self, input: Tensor) -> Tensor: ...

class Conv2d(_ConvNd):
    def __init__(
        self, in_channels: int, out_channels: int, kernel_size: Union[int, Tuple[int, int]],
        stride: Union[int, Tuple[int, int]] = 1, padding: Union[str, int, Tuple[int, int]] = 0,
        dilation: Union[int, Tuple[int, int]] = 1, groups: int = 1, bias: bool = True, padding_mode: str = "zeros",
        device: Optional[DeviceLike] = None, dtype: Optional[Any] = None,
    ) -> None: ...
    def forward(self, input: Tensor) -> Tensor: ...

class ConvTranspose2d(_ConvNd):
    def __init__(
        self, in_channels: int, out_channels: int, kernel_size: Union[int, Tuple[int, int]],
        stride: Union[int, Tuple[int, int]] = 1, padding: Union[int, Tuple[int, int]] = 0,
        output_padding: Union[int, Tuple[int, int]] = 0, groups: int = 1, bias: bool = True,
        dilation: Union[int, Tuple[int, int]] = 1, padding_mode: str = "zeros", device: Optional[DeviceLike] = None,
        dtype: Optional[Any] = None,
    ) -> None: ...
    def _output_padding(self, input: Tensor, output_size: Optional[Sequence[int]]) -> Tuple[int, int]: ...
    def forward(self, input: Tensor, output_size: Optional[Sequence[int]] = None) -> Tensor: ...

__all__ = ["Conv1d", "Conv2d", "ConvTranspose2d"]
