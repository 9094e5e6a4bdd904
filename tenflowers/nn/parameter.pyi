from typing import Any, Dict, Optional

from .._core.tensor import Tensor

class Parameter(Tensor):
    def __new__(cls, data: Optional[Tensor] = None, requires_grad: bool = True) -> Parameter: ...
    def __deepcopy__(self, memo: Dict[int, Any]) -> Parameter: ...

__all__ = ["Parameter"]
