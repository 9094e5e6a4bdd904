from typing import Any, Optional, Sequence, Union

from .._core.tensor import Tensor

def layer_norm(
    input: Any,
    normalized_shape: Union[int, Sequence[int]],
    weight: Optional[Any] = None,
    bias: Optional[Any] = None,
    eps: float = 1e-05,
) -> Tensor: ...
def rms_norm(
    input: Any,
    normalized_shape: Union[int, Sequence[int]],
    weight: Optional[Any] = None,
    eps: Optional[float] = None,
) -> Tensor: ...
def batch_norm(
    input: Any,
    running_mean: Optional[Tensor],
    running_var: Optional[Tensor],
    weight: Optional[Any] = None,
    bias: Optional[Any] = None,
    training: bool = False,
    momentum: float = 0.1,
    eps: float = 1e-05,
) -> Tensor: ...
def group_norm(
    input: Any,
    num_groups: int,
    weight: Optional[Any] = None,
    bias: Optional[Any] = None,
    eps: float = 1e-05,
) -> Tensor: ...

__all__ = ["batch_norm", "group_norm", "layer_norm", "rms_norm"]
