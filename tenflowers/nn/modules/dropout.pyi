from typing import Callable

from ..._core.tensor import Tensor
from ..module import Module

class _DropoutNd(Module):
    p: float
    inplace: bool
    def __init__(self, p: float = 0.5, inplace: bool = False) -> None: ...
    def _apply_dropout(self, fn: Callable[..., Tensor], input: Tensor) -> Tensor: ...
    def extra_repr(self) -> str: ...

class Dropout(_DropoutNd):
    def forward(self, input: Tensor) -> Tensor: ...

class Dropout1d(_DropoutNd):
    def forward(self, input: Tensor) -> Tensor: ...

class Dropout2d(_DropoutNd):
    def forward(self, input: Tensor) -> Tensor: ...

class Dropout3d(_DropoutNd):
    def forward(self, input: Tensor) -> Tensor: ...

__all__ = ["Dropout", "Dropout1d", "Dropout2d", "Dropout3d"]
