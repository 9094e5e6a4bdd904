"""Linear algebra (Array API names), over the C API: ``matmul``, ``tensordot``, ``vecdot``,
``outer`` and ``einsum``. Operands promote to a common dtype as NumPy."""

from __future__ import annotations

from typing import Any, Sequence, Tuple, Union

from .._core import capi, ffi
from .._core.tensor import Tensor, _binary, _wrap, as_tensor_operand
from ..errors import InvalidArgumentError


def _t(x: Any) -> Tensor:
    return as_tensor_operand(x, None)


def matmul(x1: Any, x2: Any) -> Tensor:
    """Matrix product with ``numpy.matmul`` rules (1-D operands, broadcast batch dims)."""
    return _binary(ffi.matmul, x1, x2)


def _pair(x1: Any, x2: Any) -> Tuple[Tensor, Tensor]:
    a = _t(x1)
    return a, as_tensor_operand(x2, a)


def tensordot(
    x1: Tensor, x2: Tensor, /, *, axes: Union[int, Tuple[Sequence[int], Sequence[int]]] = 2
) -> Tensor:
    """``numpy.tensordot``: sums products over `axes` (an int N: the last N dims of `x1` with
    the first N of `x2`; or two sequences of paired dims). The result has the remaining dims
    of `x1`, then those of `x2`, in the promoted dtype.
    """
    a, b = _pair(x1, x2)
    if isinstance(axes, int):
        return _wrap(ffi.call(capi.TF_Tensordot, a._h, b._h, None, None, axes))
    try:
        first, second = axes
    except (TypeError, ValueError):
        raise TypeError(f"axes must be an int or a pair of sequences of ints, got {axes!r}") from None
    fa = [first] if isinstance(first, int) else list(first)
    fb = [second] if isinstance(second, int) else list(second)
    if len(fa) != len(fb):
        raise InvalidArgumentError(f"TF_Tensordot: axes lists {fa} and {fb} have different lengths")
    return _wrap(ffi.call(capi.TF_Tensordot, a._h, b._h, ffi.int_array(fa), ffi.int_array(fb), len(fa)))


def vecdot(x1: Tensor, x2: Tensor, /, *, axis: int = -1) -> Tensor:
    """Dot product along `axis` of the broadcast operands (real dtypes), in the promoted dtype
    without widening (int8 stays int8, as NumPy). Both need the same size along `axis`."""
    a, b = _pair(x1, x2)
    return _wrap(ffi.call(capi.TF_Vecdot, a._h, b._h, axis))


def outer(x1: Tensor, x2: Tensor, /) -> Tensor:
    """``numpy.outer``: ``out[i, j] = x1.flat[i] * x2.flat[j]`` in the promoted dtype."""
    a, b = _pair(x1, x2)
    return _wrap(ffi.call(capi.TF_Outer, a._h, b._h))


def einsum(subscripts: str, /, *operands: Tensor) -> Tensor:
    """``numpy.einsum`` for letter subscripts (no ``...``): e.g. ``"ij,jk->ik"``,
    ``"bij,bjk->bik"``, ``"ii->i"``, ``"ij->ji"``, ``"ij->"``, implicit output without ``->``.

    Operands are promoted to a common dtype, which the result keeps. Malformed subscripts raise
    InvalidArgumentError, mismatched sizes ShapeError, ``...`` UnimplementedError.
    """
    ts = [_t(x) for x in operands]
    arr = ffi.handle_array(ts)
    return _wrap(ffi.call(capi.TF_Einsum, subscripts.encode("utf-8"), arr, len(ts)))
