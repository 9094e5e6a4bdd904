"""``nn.Parameter``: a Tensor that a Module registers as one of its parameters (PyTorch's
``torch.nn.Parameter``). A Parameter is a Tensor subclass with no extra state: it shares the
storage of the tensor it is made from, is a leaf and requires grad, and works wherever a Tensor
works (every op, operator, in-place method, ``.grad``, ``backward``)."""

from __future__ import annotations

from typing import Any, Dict, Optional

from .._core import capi, ffi
from .._core.dtypes import float32
from .._core.tensor import Tensor
from .._ops.creation import empty

_TF_Detach = capi.TF_Detach
_TF_SetRequiresGrad = capi.TF_SetRequiresGrad
_TF_GetCode = capi.TF_GetCode
_new = object.__new__


class Parameter(Tensor):
    """A Tensor that is a module parameter: assigned as a Module attribute it is registered in
    ``parameters()`` and ``state_dict()``.

    ``Parameter(data)`` shares `data`'s storage (no copy: an in-place write into either is seen
    by both) but not its history: it is a new leaf, outside any graph, that requires grad when
    `requires_grad` (only floating-point data can; DtypeError otherwise). ``Parameter()`` holds
    an empty float32 tensor. Operations on a Parameter return plain Tensors, as in PyTorch."""

    __slots__ = ()

    def __new__(cls, data: Optional[Tensor] = None, requires_grad: bool = True) -> "Parameter":
        if data is None:
            data = empty((0,), dtype=float32)
        elif not isinstance(data, Tensor):
            raise TypeError(f"Parameter needs a Tensor as data, got {type(data).__name__}")
        h = _TF_Detach(data._h, None) or ffi.retry(_TF_Detach, data._h)
        p: Parameter = _new(cls)
        p._h = h
        p._shape = data._shape
        p._dtype = data._dtype
        if requires_grad:
            st = ffi.status()
            _TF_SetRequiresGrad(h, True, st)
            if _TF_GetCode(st):
                ffi.raise_status(st)
        return p

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()

    def __deepcopy__(self, memo: Dict[int, Any]) -> "Parameter":
        """A Parameter over a copy of the elements (new storage), with the same requires_grad;
        the gradient is not copied (as PyTorch)."""
        found = memo.get(id(self))
        if found is not None:
            return found  # type: ignore[no-any-return]
        result = type(self)(self.detach().copy(), self.requires_grad)
        memo[id(self)] = result
        return result


__all__ = ["Parameter"]
