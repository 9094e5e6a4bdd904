from typing import Optional

from .._core.tensor import Operand, Tensor

def where(condition: Operand, x1: Operand, x2: Operand) -> Tensor: ...
def clip(x: Operand, /, min: Optional[Operand] = None, max: Optional[Operand] = None) -> Tensor: ...

clamp = clip

__all__ = ["where", "clip", "clamp"]
