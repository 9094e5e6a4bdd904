from typing import Any, Optional

from .._core.tensor import Tensor

def mse_loss(input: Any, target: Any, *, reduction: str = "mean") -> Tensor: ...
def l1_loss(input: Any, target: Any, *, reduction: str = "mean") -> Tensor: ...
def smooth_l1_loss(input: Any, target: Any, *, reduction: str = "mean", beta: float = 1.0) -> Tensor: ...
def huber_loss(input: Any, target: Any, *, reduction: str = "mean", delta: float = 1.0) -> Tensor: ...
def binary_cross_entropy(input: Any, target: Any, weight: Optional[Any] = None, *, reduction: str = "mean") -> Tensor: ...
def binary_cross_entropy_with_logits(
    input: Any,
    target: Any,
    weight: Optional[Any] = None,
    *,
    reduction: str = "mean",
    pos_weight: Optional[Any] = None,
) -> Tensor: ...
def kl_div(input: Any, target: Any, *, reduction: str = "mean", log_target: bool = False) -> Tensor: ...
def nll_loss(
    input: Any, target: Any, weight: Optional[Any] = None, *, ignore_index: int = -100, reduction: str = "mean"
) -> Tensor: ...

def cross_entropy(
    input: Any,
    target: Any,
    weight: Optional[Any] = None,
    *,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> Tensor: ...

__all__ = [
    "binary_cross_entropy", "binary_cross_entropy_with_logits", "cross_entropy", "huber_loss", "kl_div", "l1_loss",
    "mse_loss", "nll_loss", "smooth_l1_loss",
]
