"""How the layer functions (convolutions, poolings, dropout, padding, attention) take their
arguments, as PyTorch's do: tensors or anything ``asarray`` accepts, and sizes as an int or a
tuple of ints (checked here so every layer words the error the same way)."""

from __future__ import annotations

from typing import Any, Tuple

from .._core.tensor import Tensor, as_tensor_operand


def tensor_arg(x: Any) -> Tensor:
    """`x` itself when it is a Tensor, else ``asarray(x)``."""
    return as_tensor_operand(x, None)


def int_pair(v: Any, name: str, *, repeat_single: bool = False) -> Tuple[int, int]:
    """An int or a pair of ints as a pair (a 1-tuple repeated too when `repeat_single`, as
    PyTorch's poolings allow); anything else is a TypeError naming `name`."""
    vals = (v, v) if isinstance(v, int) else tuple(v)
    if repeat_single and len(vals) == 1:
        vals = (vals[0], vals[0])
    if len(vals) != 2 or not all(isinstance(i, int) for i in vals):
        raise TypeError(f"{name} must be an int or a pair of ints, got {v!r}")
    return int(vals[0]), int(vals[1])


def int_single(v: Any, name: str) -> int:
    """An int or a 1-tuple of ints as an int; anything else is a TypeError naming `name`."""
    vals = (v,) if isinstance(v, int) else tuple(v)
    if len(vals) != 1 or not isinstance(vals[0], int):
        raise TypeError(f"{name} must be an int or a 1-tuple of ints, got {v!r}")
    return int(vals[0])
