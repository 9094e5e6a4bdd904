from typing import Any, Optional

from ..._core.device import DeviceLike
from ..._core.tensor import Tensor
from ..module import Module
from ..parameter import Parameter

class Identity(Module):
    def __init__(self, *args: Any, **kwargs: Any) -> None: ...
    def forward(self, input: Tensor) -> Tensor: ...

class Linear(Module):
    in_features: int
    out_features: int
    weight: Parameter
    bias: Optional[Parameter]
    def __init__(
        self, in_features: int, out_features: int, bias: bool = True, device: Optional[DeviceLike] = None,
        dtype: Optional[Any] = None,
    ) -> None: ...
    def reset_parameters(self) -> None: ...
    def forward(self, input: Tensor) -> Tensor: ...

__all__ = ["Identity", "Linear"]
