from typing import Any, Dict, List, Mapping, NamedTuple

from .._core.tensor import Tensor
from .module import Module

class _IncompatibleKeys(NamedTuple):
    missing_keys: List[str]
    unexpected_keys: List[str]

def local_state(module: Module) -> Dict[str, Tensor]: ...
def check_state_dict(
    module: Module, state_dict: Mapping[str, Any], prefix: str, missing: List[str], unexpected: List[str],
    errors: List[str],
) -> None: ...
def copy_state_dict(module: Module, state_dict: Mapping[str, Any], prefix: str) -> None: ...

__all__: List[str] = []
