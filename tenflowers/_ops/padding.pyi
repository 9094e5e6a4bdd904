from typing import Any, Optional, Sequence

from .._core.tensor import Tensor

def pad(input: Any, pad: Sequence[int], mode: str = ..., value: Optional[float] = ...) -> Tensor: ...

__all__ = ["pad"]
