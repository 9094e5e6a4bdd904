from typing import Any, Optional, Sequence, Tuple, Union

from .._core.tensor import Tensor

IntPair = Union[int, Tuple[int, int], Sequence[int]]

def conv2d(input: Any, weight: Any, bias: Optional[Any] = ..., stride: IntPair = ..., padding: Union[str, IntPair] = ..., dilation: IntPair = ..., groups: int = ...) -> Tensor: ...
def conv1d(input: Any, weight: Any, bias: Optional[Any] = ..., stride: int = ..., padding: Union[str, int] = ..., dilation: int = ..., groups: int = ...) -> Tensor: ...
def conv_transpose2d(input: Any, weight: Any, bias: Optional[Any] = ..., stride: IntPair = ..., padding: IntPair = ..., output_padding: IntPair = ..., groups: int = ..., dilation: IntPair = ...) -> Tensor: ...

__all__ = ["conv1d", "conv2d", "conv_transpose2d"]
