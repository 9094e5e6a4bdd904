from typing import Sequence

from ..._core.tensor import Tensor
from ..module import Module

class Flatten(Module):
    start_dim: int
    end_dim: int
    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None: ...
    def forward(self, input: Tensor) -> Tensor: ...

class Unflatten(Module):
    dim: int
    unflattened_size: Sequence[int]
    def __init__(self, dim: int, unflattened_size: Sequence[int]) -> None: ...
    def forward(self, input: Tensor) -> Tensor: ...

__all__ = ["Flatten", "Unflatten"]
