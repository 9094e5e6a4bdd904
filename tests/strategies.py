"""Hypothesis strategies shared by the differential tests: NumPy arrays of every supported dtype
and shape (0-d, empty, size-1 dims) and the tenflowers tensors made from them, optionally as
non-contiguous (permuted) views."""

from __future__ import annotations

from typing import Any, Tuple

import numpy as np
import numpy.typing as npt
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tenflowers as tfs

DTYPES = ["float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool"]
SHAPES = hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=5)


def elements(dtype: str) -> st.SearchStrategy[Any]:
    if dtype == "float32":
        return st.floats(-1e6, 1e6, width=32)
    if dtype == "float64":
        return st.floats(-1e12, 1e12)
    if dtype == "bool":
        return st.booleans()
    info = np.iinfo(dtype)
    return st.integers(int(info.min), int(info.max))


def arrays(dtype: str, shape: Any = SHAPES) -> st.SearchStrategy[npt.NDArray[Any]]:
    return hnp.arrays(np.dtype(dtype), shape, elements=elements(dtype))


@st.composite
def viewed(draw: st.DrawFn, arr: npt.NDArray[Any]) -> Tuple[npt.NDArray[Any], tfs.Tensor]:
    """A tensor equal to `arr`, either contiguous or a permuted (strided) view of a copy."""
    if arr.ndim >= 2 and draw(st.booleans()):
        perm = draw(st.permutations(range(arr.ndim)))
        inverse = list(np.argsort(perm))
        base = tfs.asarray(np.ascontiguousarray(arr.transpose(inverse)))
        t = tfs.permute_dims(base, list(perm))
        return arr, t
    return arr, tfs.asarray(arr)
