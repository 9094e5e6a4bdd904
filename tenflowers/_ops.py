"""Operations in function form (the Array API names, plus the short aliases)."""

from __future__ import annotations

from typing import Any, Optional, Sequence

from . import _ffi
from ._tensor import Operand, ShapeLike, Tensor, _axes_arg, _binary, _shape_arg, _wrap, as_tensor_operand


def add(x1: Operand, x2: Operand) -> Tensor:
    """Elementwise ``x1 + x2`` with broadcasting."""
    return _binary(_ffi.add, x1, x2)


def subtract(x1: Operand, x2: Operand) -> Tensor:
    """Elementwise ``x1 - x2`` with broadcasting (not defined for bool)."""
    return _binary(_ffi.sub, x1, x2)


def multiply(x1: Operand, x2: Operand) -> Tensor:
    """Elementwise ``x1 * x2`` with broadcasting."""
    return _binary(_ffi.mul, x1, x2)


def divide(x1: Operand, x2: Operand) -> Tensor:
    """Elementwise true division with broadcasting; integers and bool divide as float64."""
    return _binary(_ffi.div, x1, x2, True)


def matmul(x1: Any, x2: Any) -> Tensor:
    """Matrix product with ``numpy.matmul`` rules (1-D operands, broadcast batch dims)."""
    return _binary(_ffi.matmul, x1, x2)


def permute_dims(x: Tensor, axes: Sequence[int]) -> Tensor:
    """A view of `x` whose dim ``i`` is dim ``axes[i]`` of `x`."""
    t = _tensor(x)
    return _wrap(_ffi.transpose(t._h, _shape_arg(axes)))


def transpose(x: Tensor, axes: Optional[Sequence[int]] = None) -> Tensor:
    """``permute_dims``, reversing the dims when `axes` is None (NumPy's transpose)."""
    t = _tensor(x)
    return _wrap(_ffi.transpose(t._h, None if axes is None else _shape_arg(axes)))


def reshape(x: Tensor, shape: ShapeLike) -> Tensor:
    """`x` with a new shape (one entry may be -1); a view when the strides allow."""
    t = _tensor(x)
    return _wrap(_ffi.reshape(t._h, _shape_arg(shape)))


def sum(x: Tensor, axis: Optional[ShapeLike] = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Sum over `axis` (None: all dims). bool and integers sum as int64."""
    t = _tensor(x)
    return _wrap(_ffi.sum(t._h, _axes_arg(axis), keepdims))


def _tensor(x: Any) -> Tensor:
    return as_tensor_operand(x, None)


sub = subtract
mul = multiply
div = divide
