"""Differential tests of add/subtract/multiply/divide against NumPy: every dtype pair, broadcast
shapes (0-d, empty, size-1), strided views, Python scalars."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tenflowers as tfs
from strategies import DTYPES, arrays, viewed

OPS: dict[str, tuple[Callable[[Any, Any], Any], Callable[..., Any]]] = {
    "add": (tfs.add, np.add),
    "subtract": (tfs.subtract, np.subtract),
    "multiply": (tfs.multiply, np.multiply),
    "divide": (tfs.divide, np.true_divide),
}


def check_same(ours: tfs.Tensor, ref: npt.NDArray[Any]) -> None:
    """Elementwise ops are single IEEE operations (or exact integer ones): results must match
    NumPy bit for bit, NaNs in the same places, signed zeros included."""
    got = np.asarray(ours)
    assert got.dtype == ref.dtype, (got.dtype, ref.dtype)
    assert got.shape == ref.shape
    if ref.dtype.kind == "f":
        np.testing.assert_array_equal(np.signbit(got[~np.isnan(ref)]), np.signbit(ref[~np.isnan(ref)]))
    np.testing.assert_array_equal(got, ref)


@st.composite
def broadcast_pair(draw: st.DrawFn) -> tuple[npt.NDArray[Any], npt.NDArray[Any]]:
    shapes = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=4, min_side=0, max_side=4))
    da, db = draw(st.sampled_from(DTYPES)), draw(st.sampled_from(DTYPES))
    a = draw(arrays(da, shapes.input_shapes[0]))
    b = draw(arrays(db, shapes.input_shapes[1]))
    return a, b


@pytest.mark.parametrize("name", sorted(OPS))
@given(pair=broadcast_pair(), data=st.data())
def test_binary_matches_numpy(name: str, pair: tuple[npt.NDArray[Any], npt.NDArray[Any]], data: st.DataObject) -> None:
    ours_fn, np_fn = OPS[name]
    a, b = pair
    if name == "subtract" and a.dtype == np.bool_ and b.dtype == np.bool_:
        with pytest.raises(tfs.DtypeError):
            ours_fn(tfs.asarray(a), tfs.asarray(b))
        return
    _, ta = data.draw(viewed(a))
    _, tb = data.draw(viewed(b))
    with np.errstate(all="ignore"):
        ref = np.asarray(np_fn(a, b))
    check_same(ours_fn(ta, tb), ref)


@pytest.mark.parametrize("name", sorted(OPS))
@pytest.mark.parametrize("dtype", DTYPES)
@given(data=st.data())
def test_python_scalar_operands_follow_nep50(name: str, dtype: str, data: st.DataObject) -> None:
    arr = data.draw(arrays(dtype))
    scalar = data.draw(st.one_of(st.booleans(), st.integers(-1000, 1000), st.floats(-1e3, 1e3)))
    ours_fn, np_fn = OPS[name]
    if name == "subtract" and dtype == "bool" and isinstance(scalar, bool):
        with pytest.raises(tfs.DtypeError):
            ours_fn(tfs.asarray(arr), scalar)
        return
    if dtype == "bool" and isinstance(scalar, bool) and name == "subtract":
        return
    try:
        with np.errstate(all="ignore"):
            ref_right = np.asarray(np_fn(arr, scalar))
            ref_left = np.asarray(np_fn(scalar, arr))
    except OverflowError:
        # NumPy 2 refuses a Python int the array's dtype cannot hold; so do we.
        with pytest.raises(OverflowError):
            ours_fn(tfs.asarray(arr), scalar)
        return
    check_same(ours_fn(tfs.asarray(arr), scalar), ref_right)
    check_same(ours_fn(scalar, tfs.asarray(arr)), ref_left)


@pytest.mark.parametrize("dtype", DTYPES)
@given(data=st.data())
def test_operators_match_functions(dtype: str, data: st.DataObject) -> None:
    a = data.draw(arrays(dtype))
    b = data.draw(arrays(dtype, a.shape))
    ta, tb = tfs.asarray(a), tfs.asarray(b)
    with np.errstate(all="ignore"):
        check_same(ta + tb, a + b)
        check_same(ta * tb, a * b)
        check_same(ta / tb, np.asarray(a / b))
        if dtype != "bool":
            check_same(ta - tb, a - b)


def test_integer_overflow_wraps_like_numpy() -> None:
    a = np.array([2**31 - 1, -(2**31)], dtype=np.int32)
    check_same(tfs.asarray(a) + 1, a + np.int32(1))
    check_same(tfs.asarray(a) * 2, a * np.int32(2))
    big = np.array([2**63 - 1], dtype=np.int64)
    check_same(tfs.asarray(big) + 1, big + np.int64(1))


def test_integer_division_by_zero_gives_ieee_float64() -> None:
    a = tfs.asarray(np.array([1, 0, -1], dtype=np.int32))
    out = (a / 0).numpy()
    assert out.dtype == np.float64
    assert out[0] == np.inf and np.isnan(out[1]) and out[2] == -np.inf


def test_negative_zero_preserved() -> None:
    out = (tfs.asarray([-0.0]) * 1.0).numpy()
    assert np.signbit(out[0])
    out = (tfs.asarray([0.0]) * -1.0).numpy()
    assert np.signbit(out[0])


def test_python_int_out_of_range_for_dtype_raises_overflow() -> None:
    with pytest.raises(OverflowError):
        tfs.asarray(np.array([1], dtype=np.int32)) + 2**40


def test_broadcast_error_names_shapes() -> None:
    with pytest.raises(tfs.ShapeError, match=r"TF_Add: shapes \[2,3\] and \[4\] cannot be broadcast"):
        tfs.zeros((2, 3)) + tfs.zeros(4)


def test_large_contiguous_and_strided_paths_agree() -> None:
    # Above the parallel threshold, contiguous + scalar + strided kernels all run.
    rng = np.random.default_rng(0)
    a = rng.standard_normal((300, 400)).astype(np.float32)
    b = rng.standard_normal((300, 400)).astype(np.float32)
    ta, tb = tfs.asarray(a), tfs.asarray(b)
    check_same(ta + tb, a + b)
    check_same(ta + 2.5, a + np.float32(2.5))
    check_same(ta.T + tb.T, a.T + b.T)
    check_same(ta.T * tfs.asarray(b[0]).reshape(400, 1), a.T * b[0].reshape(400, 1))

