"""``RemovableHandle``: what ``Module.register_forward_hook`` and the other registrations return
(PyTorch's ``torch.utils.hooks.RemovableHandle``)."""

from __future__ import annotations

import weakref
from types import TracebackType
from typing import Any, Iterable, MutableMapping, Optional, Tuple


class RemovableHandle:
    """A handle on one registered hook: ``handle.remove()`` unregisters it (a no-op once done);
    used as a context manager, the hook is removed on exit. It refers to the hook tables weakly,
    so it does not keep a module alive."""

    next_id: int = 0

    def __init__(
        self, hooks_dict: MutableMapping[int, Any], *, extra_dict: Optional[Iterable[MutableMapping[int, Any]]] = None
    ) -> None:
        self.hooks_dict_ref = weakref.ref(hooks_dict)
        self.id = RemovableHandle.next_id
        RemovableHandle.next_id += 1
        self.extra_dict_ref: Tuple[Any, ...] = tuple(weakref.ref(d) for d in extra_dict or ())

    def remove(self) -> None:
        """Unregisters the hook (from every table it was entered in)."""
        for ref in (self.hooks_dict_ref, *self.extra_dict_ref):
            table = ref()
            if table is not None and self.id in table:
                del table[self.id]

    def __enter__(self) -> "RemovableHandle":
        return self

    def __exit__(
        self, exc_type: Optional[type], exc: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None:
        self.remove()


__all__ = ["RemovableHandle"]
