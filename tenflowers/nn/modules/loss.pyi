from typing import Any, Optional

from ..._core.tensor import Tensor
from ..module import Module

def _legacy_reduction(size_average: Optional[bool], reduce: Optional[bool]) -> str: ...

class _Loss(Module):
    reduction: str
    def __init__(self, size_average: Optional[bool] = None, reduce: Optional[bool] = None, reduction: str = "mean") -> None: ...

class _WeightedLoss(_Loss):
    weight: Optional[Tensor]
    def __init__(
        self, weight: Optional[Tensor] = None, size_average: Optional[bool] = None, reduce: Optional[bool] = None,
        reduction: str = "mean",
    ) -> None: ...

class L1Loss(_Loss):
    def forward(self, input: Tensor, target: Tensor) -> Tensor: ...

class MSELoss(_Loss):
    def forward(self, input: Tensor, target: Tensor) -> Tensor: ...

class SmoothL1Loss(_Loss):
    beta: float
    def __init__(
        self, size_average: Optional[bool] = None, reduce: Optional[bool] = None, reduction: str = "mean",
        beta: float = 1.0,
    ) -> None: ...
    def forward(self, input: Tensor, target: Tensor) -> Tensor: ...

class HuberLoss(_Loss):
    delta: float
    def __init__(self, reduction: str = "mean", delta: float = 1.0) -> None: ...
    def forward(self, input: Tensor, target: Tensor) -> Tensor: ...

class KLDivLoss(_Loss):
    log_target: bool
    def __init__(
        self, size_average: Optional[bool] = None, reduce: Optional[bool] = None, reduction: str = "mean",
        log_target: bool = False,
    ) -> None: ...
    def forward(self, input: Tensor, target: Tensor) -> Tensor: ...

class BCELoss(_WeightedLoss):
    def forward(self, input: Tensor, target: Tensor) -> Tensor: ...

class BCEWithLogitsLoss(_Loss):
    weight: Optional[Tensor]
    pos_weight: Optional[Tensor]
    def __init__(
        self, weight: Optional[Tensor] = None, size_average: Optional[bool] = None, reduce: Optional[bool] = None,
        reduction: str = "mean", pos_weight: Optional[Tensor] = None,
    ) -> None: ...
    def forward(self, input: Tensor, target: Tensor) -> Tensor: ...

class NLLLoss(_WeightedLoss):
    ignore_index: int
    def __init__(
        self, weight: Optional[Tensor] = None, size_average: Optional[bool] = None, ignore_index: int = -100,
        reduce: Optional[bool] = None, reduction: str = "mean",
    ) -> None: ...
    def forward(self, input: Tensor, target: Tensor) -> Tensor: ...

class CrossEntropyLoss(_WeightedLoss):
    ignore_index: int
    label_smoothing: float
    def __init__(
        self, weight: Optional[Tensor] = None, size_average: Optional[bool] = None, ignore_index: int = -100,
        reduce: Optional[bool] = None, reduction: str = "mean", label_smoothing: float = 0.0,
    ) -> None: ...
    def forward(self, input: Tensor, target: Any) -> Tensor: ...

__all__ = [
    "BCELoss", "BCEWithLogitsLoss", "CrossEntropyLoss", "HuberLoss", "KLDivLoss", "L1Loss", "MSELoss", "NLLLoss",
    "SmoothL1Loss",
]
