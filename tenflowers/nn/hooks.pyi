from types import TracebackType
from typing import Any, Iterable, MutableMapping, Optional, Tuple
import weakref

class RemovableHandle:
    next_id: int
    id: int
    hooks_dict_ref: weakref.ref[MutableMapping[int, Any]]
    extra_dict_ref: Tuple[Any, ...]
    def __init__(
        self, hooks_dict: MutableMapping[int, Any], *, extra_dict: Optional[Iterable[MutableMapping[int, Any]]] = None
    ) -> None: ...
    def remove(self) -> None: ...
    def __enter__(self) -> RemovableHandle: ...
    def __exit__(
        self, exc_type: Optional[type], exc: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None: ...

__all__ = ["RemovableHandle"]
