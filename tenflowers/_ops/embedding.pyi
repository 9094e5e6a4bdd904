from typing import Any, Optional

from .._core.tensor import Tensor

def embedding(input: Any, weight: Tensor, padding_idx: Optional[int] = ..., max_norm: Optional[float] = ..., norm_type: float = ..., scale_grad_by_freq: bool = ..., sparse: bool = ...) -> Tensor: ...
def one_hot(tensor: Any, num_classes: int = ...) -> Tensor: ...

__all__ = ["embedding", "one_hot"]
