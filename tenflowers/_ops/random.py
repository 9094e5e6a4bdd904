"""Random tensors: uniform (rand), normal (randn) and integer (randint) samples from one global
generator, seeded by manual_seed. The same seed gives the same numbers whatever the thread count."""

from __future__ import annotations

import operator
from typing import Any, Optional, Tuple

from .._core import capi, ffi
from .._core.device import DeviceLike, place, resolve
from .._core.dtypes import as_dtype, float64, int64
from .._core.tensor import ShapeLike, Tensor, _wrap
from .creation import _I64_MAX, _I64_MIN, _create, _shape_of


def rand(*shape: ShapeLike, dtype: Optional[Any] = None, device: Optional[DeviceLike] = None) -> Tensor:
    """Uniform samples on [0, 1) (float64 unless `dtype` is float32). ``rand(2, 3)`` or ``rand((2, 3))``."""
    return _create(capi.TF_Rand, as_dtype(dtype or float64), _shape_of(shape), device)


def randn(*shape: ShapeLike, dtype: Optional[Any] = None, device: Optional[DeviceLike] = None) -> Tensor:
    """Standard normal samples (float64 unless `dtype` is float32). ``randn(2, 3)`` or ``randn((2, 3))``."""
    return _create(capi.TF_Randn, as_dtype(dtype or float64), _shape_of(shape), device)


def manual_seed(seed: int) -> None:
    """Seeds the global generator: the same seed gives the same sequence of random tensors,
    whatever the thread count. Any int is accepted (taken modulo 2**64)."""
    ffi.manual_seed(int(seed) % (1 << 64))


def randint(
    low: int, high: Optional[int] = None, size: Optional[ShapeLike] = None, dtype: Any = int64, *,
    device: Optional[DeviceLike] = None,
) -> Tensor:
    """Integers drawn uniformly from ``[low, high)`` (``[0, low)`` when `high` is None), of shape
    `size` (a 0-d tensor when None) and integer `dtype` (int64 by default; bool draws from
    [0, 2)). Seeded by ``manual_seed`` like ``rand``: the same seed gives the same numbers
    whatever the thread count. ``low >= high`` or a range outside the dtype raises
    InvalidArgumentError; a float dtype raises DtypeError."""
    dev = resolve(device)
    lo, hi = (0, operator.index(low)) if high is None else (operator.index(low), operator.index(high))
    if not (_I64_MIN <= lo <= _I64_MAX and _I64_MIN <= hi <= _I64_MAX):
        raise OverflowError(f"randint: low {lo} and high {hi} must fit in int64")
    shape: Tuple[int, ...] = () if size is None else _shape_of((size,))
    dt = as_dtype(dtype)
    return _wrap(place(ffi.call(capi.TF_RandInt, dt.code, ffi.int64_array(shape), len(shape), lo, hi), dev))
