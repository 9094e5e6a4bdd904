from typing import Any, Iterable, Optional

from .._core.tensor import Tensor

def cross_entropy(
    input: Any,
    target: Any,
    *,
    reduction: str = "mean",
    ignore_index: int = -100,
    label_smoothing: float = 0.0,
) -> Tensor: ...
def linear(input: Any, weight: Any, bias: Optional[Any] = None, activation: Optional[str] = None) -> Tensor: ...
def sgd_step_(params: Iterable[Tensor], lr: float, *, zero_grad: bool = False) -> None: ...

__all__ = ["cross_entropy", "linear", "sgd_step_"]
