from typing import Iterable, List, Union

from ..._core.tensor import Tensor

_TensorOrTensors = Union[Tensor, Iterable[Tensor]]

def _params(parameters: _TensorOrTensors, fn: str) -> List[Tensor]: ...
def clip_grad_norm_(
    parameters: _TensorOrTensors, max_norm: float, norm_type: float = 2.0, error_if_nonfinite: bool = False,
    foreach: Union[bool, None] = None,
) -> Tensor: ...
def clip_grad_value_(parameters: _TensorOrTensors, clip_value: float, foreach: Union[bool, None] = None) -> None: ...

__all__ = ["clip_grad_norm_", "clip_grad_value_"]
