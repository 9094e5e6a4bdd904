from typing import Any

from ..._core.tensor import Tensor
from ..module import Module

class _Loss(Module):
    reduction: str
    def __init__(self, reduction: str = "mean") -> None: ...

class CrossEntropyLoss(_Loss):
    ignore_index: int
    label_smoothing: float
    def __init__(self, *, ignore_index: int = -100, reduction: str = "mean", label_smoothing: float = 0.0) -> None: ...
    def forward(self, input: Tensor, target: Any) -> Tensor: ...

__all__ = ["CrossEntropyLoss"]
