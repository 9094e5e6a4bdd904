from typing import Any, Optional, Sequence, Tuple, Union

from ..._core.device import DeviceLike
from ..._core.tensor import Tensor
from ..module import Module
from ..parameter import Parameter

def _register_affine(
    module: Module, shape: Tuple[int, ...], weight: bool, bias: bool, dtype: Any, device: Optional[DeviceLike]
) -> None: ...

class _BatchNorm(Module):
    weight: Parameter
    bias: Optional[Parameter]
    _expected_dims: Tuple[int, ...]
    num_features: int
    eps: float
    momentum: Optional[float]
    affine: bool
    track_running_stats: bool
    def __init__(
        self, num_features: int, eps: float = 1e-5, momentum: Optional[float] = 0.1, affine: bool = True,
        track_running_stats: bool = True, device: Optional[DeviceLike] = None, dtype: Optional[Any] = None, *,
        bias: bool = True,
    ) -> None: ...
    def reset_running_stats(self) -> None: ...
    def reset_parameters(self) -> None: ...
    def forward(self, input: Tensor) -> Tensor: ...

class BatchNorm1d(_BatchNorm): ...
class BatchNorm2d(_BatchNorm): ...

def _normalized(name: str, shape: Union[int, Sequence[int]]) -> Tuple[int, ...]: ...

class LayerNorm(Module):
    weight: Parameter
    bias: Optional[Parameter]
    normalized_shape: Tuple[int, ...]
    eps: float
    elementwise_affine: bool
    def __init__(
        self, normalized_shape: Union[int, Sequence[int]], eps: float = 1e-5, elementwise_affine: bool = True,
        bias: bool = True, device: Optional[DeviceLike] = None, dtype: Optional[Any] = None,
    ) -> None: ...
    def forward(self, input: Tensor) -> Tensor: ...

class RMSNorm(Module):
    weight: Parameter
    normalized_shape: Tuple[int, ...]
    eps: Optional[float]
    elementwise_affine: bool
    def __init__(
        self, normalized_shape: Union[int, Sequence[int]], eps: Optional[float] = None, elementwise_affine: bool = True,
        device: Optional[DeviceLike] = None, dtype: Optional[Any] = None,
    ) -> None: ...
    def forward(self, x: Tensor) -> Tensor: ...

class GroupNorm(Module):
    weight: Parameter
    bias: Optional[Parameter]
    num_groups: int
    num_channels: int
    eps: float
    affine: bool
    def __init__(
        self, num_groups: int, num_channels: int, eps: float = 1e-5, affine: bool = True,
        device: Optional[DeviceLike] = None, dtype: Optional[Any] = None, *, bias: bool = True,
    ) -> None: ...
    def forward(self, input: Tensor) -> Tensor: ...

__all__ = ["BatchNorm1d", "BatchNorm2d", "GroupNorm", "LayerNorm", "RMSNorm"]
