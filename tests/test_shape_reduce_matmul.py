"""Differential tests of matmul, transpose/permute_dims, reshape and sum against NumPy."""

from __future__ import annotations

from typing import Any, Optional, Tuple

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tenflowers as tfs
from strategies import DTYPES, SHAPES, arrays, viewed

# -- sum -------------------------------------------------------------------------------------


@st.composite
def axes_for(draw: st.DrawFn, ndim: int) -> Optional[Tuple[int, ...]]:
    if draw(st.booleans()):
        return None
    if ndim == 0:
        return ()
    chosen = draw(st.lists(st.integers(0, ndim - 1), unique=True, max_size=ndim))
    return tuple(a - ndim if draw(st.booleans()) else a for a in chosen)


@pytest.mark.parametrize("dtype", DTYPES)
@given(data=st.data())
def test_sum_matches_numpy(dtype: str, data: st.DataObject) -> None:
    arr, t = data.draw(viewed(data.draw(arrays(dtype))))
    axis = data.draw(axes_for(arr.ndim))
    keepdims = data.draw(st.booleans())
    ours = np.asarray(tfs.sum(t, axis=axis, keepdims=keepdims))
    ref = np.asarray(np.sum(arr, axis=axis, keepdims=keepdims))
    # NumPy sums bool and signed ints as int64 on 64-bit Linux, like us; floats keep their dtype.
    # uint8 sums as uint64 in NumPy: tenflowers has no uint64 yet and sums it as int64.
    want = np.dtype(np.int64) if arr.dtype == np.uint8 else ref.dtype
    assert ours.dtype == want and ours.shape == ref.shape
    if arr.dtype.kind == "f":
        # Both sum pairwise but group differently: error bound ~ eps * log2(n) * sum|x|.
        eps = float(np.finfo(arr.dtype).eps)
        bound = 8 * eps * np.sum(np.abs(arr.astype(np.float64)), axis=axis, keepdims=keepdims)
        assert np.all(np.abs(ours.astype(np.float64) - ref.astype(np.float64)) <= bound + 1e-300)
    else:
        np.testing.assert_array_equal(ours, ref)


def test_sum_large_float32_is_accurate() -> None:
    rng = np.random.default_rng(1)
    x = rng.random(3_000_001, dtype=np.float32)
    ours = tfs.asarray(x).sum().item()
    exact = float(np.sum(x.astype(np.float64)))
    assert abs(ours - exact) / exact < 1e-6


def test_sum_of_empty_is_zero_and_reduces_over_empty_axis() -> None:
    assert tfs.zeros((0,)).sum().item() == 0.0
    out = tfs.zeros((3, 0), dtype=tfs.int32).sum(axis=1)
    assert out.dtype == tfs.int64 and out.tolist() == [0, 0, 0]


def test_sum_empty_axes_list_reduces_nothing() -> None:
    t = tfs.asarray([[1, 2], [3, 4]], dtype=tfs.int32)
    out = t.sum(axis=())
    assert out.shape == (2, 2) and out.dtype == tfs.int64 and out.tolist() == [[1, 2], [3, 4]]


@pytest.mark.parametrize("axis", [2, -3, (0, 0), (1, -1)])
def test_sum_bad_axes(axis: Any) -> None:
    with pytest.raises(tfs.InvalidArgumentError, match="TF_Sum"):
        tfs.zeros((2, 3)).sum(axis=axis)


# -- transpose / reshape ---------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
@given(data=st.data())
def test_permute_dims_matches_numpy(dtype: str, data: st.DataObject) -> None:
    arr = data.draw(arrays(dtype))
    perm = data.draw(st.permutations(range(arr.ndim)))
    t = tfs.permute_dims(tfs.asarray(arr), list(perm))
    np.testing.assert_array_equal(np.asarray(t), np.transpose(arr, perm))
    np.testing.assert_array_equal(np.asarray(tfs.asarray(arr).T), arr.T)
    np.testing.assert_array_equal(np.asarray(tfs.transpose(tfs.asarray(arr))), np.transpose(arr))


def test_transpose_is_a_view_sharing_storage() -> None:
    from tenflowers._core import ffi

    t = tfs.asarray(np.arange(6.0).reshape(2, 3))
    v = t.T
    assert ffi.tensor_data(t._h) == ffi.tensor_data(v._h)
    assert ffi.strides(v._h) == (1, 3)
    assert not ffi.is_contiguous(v._h)
    del t  # the view keeps the storage alive
    assert v.tolist() == [[0.0, 3.0], [1.0, 4.0], [2.0, 5.0]]


@st.composite
def shape_with_size(draw: st.DrawFn, size: int) -> list[int]:
    """A shape with exactly `size` elements: divisors of the size, then the remainder."""
    if size == 0:
        some = draw(st.lists(st.integers(0, 4), max_size=3))
        return some[:draw(st.integers(0, len(some)))] + [0] + some
    dims: list[int] = []
    rem = size
    for _ in range(draw(st.integers(0, 3))):
        d = draw(st.sampled_from([d for d in range(1, rem + 1) if rem % d == 0]))
        dims.append(d)
        rem //= d
    return draw(st.permutations(dims + [rem]))


@pytest.mark.parametrize("dtype", DTYPES)
@given(data=st.data())
def test_reshape_matches_numpy(dtype: str, data: st.DataObject) -> None:
    arr, t = data.draw(viewed(data.draw(arrays(dtype))))
    shape = data.draw(shape_with_size(arr.size))
    if arr.size and data.draw(st.booleans()):
        shape[data.draw(st.integers(0, len(shape) - 1))] = -1
    np.testing.assert_array_equal(np.asarray(t.reshape(shape)), arr.reshape(shape))


def test_reshape_of_contiguous_is_a_view_and_of_transpose_copies() -> None:
    from tenflowers._core import ffi

    t = tfs.asarray(np.arange(12.0).reshape(3, 4))
    assert ffi.tensor_data(t.reshape(4, 3)._h) == ffi.tensor_data(t._h)
    r = t.T.reshape(-1)
    assert ffi.tensor_data(r._h) != ffi.tensor_data(t._h)
    np.testing.assert_array_equal(np.asarray(r), np.arange(12.0).reshape(3, 4).T.reshape(-1))


@pytest.mark.parametrize(
    "shape, error",
    [((5,), tfs.ShapeError), ((-1, -1), tfs.InvalidArgumentError), ((2, -3), tfs.InvalidArgumentError), ((0, -1), tfs.ShapeError)],
)
def test_reshape_errors(shape: Tuple[int, ...], error: type) -> None:
    with pytest.raises(error, match="TF_Reshape"):
        tfs.zeros((2, 3)).reshape(shape)


# -- matmul ----------------------------------------------------------------------------------


@st.composite
def matmul_operands(draw: st.DrawFn) -> Tuple[npt.NDArray[Any], npt.NDArray[Any]]:
    m, k, n = (draw(st.integers(0, 6)) for _ in range(3))
    batch = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=2, max_side=3))
    a_shape: Tuple[int, ...] = batch.input_shapes[0] + (m, k)
    b_shape: Tuple[int, ...] = batch.input_shapes[1] + (k, n)
    if draw(st.booleans()):
        a_shape = (k,)
    elif draw(st.booleans()):
        b_shape = (k,)
    da, db = draw(st.sampled_from(DTYPES)), draw(st.sampled_from(DTYPES))
    small = {"float32": st.floats(-100, 100, width=32), "float64": st.floats(-100, 100),
             "int32": st.integers(-1000, 1000), "int64": st.integers(-10**6, 10**6), "bool": st.booleans(),
             "int8": st.integers(-128, 127), "int16": st.integers(-300, 300), "uint8": st.integers(0, 255)}
    a = draw(hnp.arrays(np.dtype(da), a_shape, elements=small[da]))
    b = draw(hnp.arrays(np.dtype(db), b_shape, elements=small[db]))
    return a, b


@given(ops=matmul_operands(), data=st.data())
def test_matmul_matches_numpy(ops: Tuple[npt.NDArray[Any], npt.NDArray[Any]], data: st.DataObject) -> None:
    a, b = ops
    _, ta = data.draw(viewed(a))
    _, tb = data.draw(viewed(b))
    ours = np.asarray(ta @ tb)
    ref = np.matmul(a, b)
    assert ours.dtype == ref.dtype and ours.shape == ref.shape
    if ref.dtype.kind == "f":
        # Different summation order than OpenBLAS: bound by eps * k * max|a| * max|b|.
        k = a.shape[-1]
        scale = (np.max(np.abs(a), initial=0.0) * np.max(np.abs(b), initial=0.0)) * max(k, 1)
        np.testing.assert_allclose(ours, ref, rtol=0, atol=float(np.finfo(ref.dtype).eps) * 4 * scale + 1e-30)
    else:
        np.testing.assert_array_equal(ours, ref)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("n", [1, 7, 64, 129, 300])
def test_matmul_square_and_transposed(dtype: str, n: int) -> None:
    rng = np.random.default_rng(n)
    a = rng.standard_normal((n, n)).astype(dtype)
    b = rng.standard_normal((n, n)).astype(dtype)
    rtol = 1e-4 if dtype == "float32" else 1e-10
    ta, tb = tfs.asarray(a), tfs.asarray(b)
    np.testing.assert_allclose(np.asarray(ta @ tb), a @ b, rtol=rtol, atol=rtol * np.sqrt(n))
    np.testing.assert_allclose(np.asarray(ta.T @ tb.T), a.T @ b.T, rtol=rtol, atol=rtol * np.sqrt(n))


def test_matmul_batched_broadcast() -> None:
    rng = np.random.default_rng(3)
    a = rng.standard_normal((4, 1, 5, 3))
    b = rng.standard_normal((2, 3, 6))
    np.testing.assert_allclose(np.asarray(tfs.matmul(tfs.asarray(a), tfs.asarray(b))), a @ b, rtol=1e-12)


@pytest.mark.parametrize(
    "sa, sb",
    [((2, 3), (4, 5)), ((3,), (4,)), ((2, 2, 3), (3, 3, 2))],
)
def test_matmul_shape_errors(sa: Tuple[int, ...], sb: Tuple[int, ...]) -> None:
    with pytest.raises(tfs.ShapeError, match="TF_MatMul"):
        tfs.zeros(sa) @ tfs.zeros(sb)


def test_matmul_rejects_0d() -> None:
    with pytest.raises(tfs.ShapeError, match="at least 1 dimension"):
        tfs.matmul(tfs.asarray(2.0), tfs.zeros((2,)))


def test_shapes_strategy_includes_0d_and_empty() -> None:
    # The differential tests rely on SHAPES producing these edge cases.
    from hypothesis import find

    assert find(SHAPES, lambda s: len(s) == 0) == ()
    assert 0 in find(SHAPES, lambda s: 0 in s)
