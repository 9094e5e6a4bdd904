"""Differential tests of the reductions, cumulative sums, sorting and linear algebra against NumPy.

Tolerances (float results; integer and bool results must match exactly):
- prod: |ours - ref| <= 4 * n * eps * |ref| (both multiply left to right in their own blocks).
- mean: the sum bound of test_shape_reduce_matmul (8 * eps * sum|x|) divided by the count.
- var/std: 64 * eps * mean(x**2) absolute plus 64 * eps relative (two-pass, same structure).
- logsumexp: against a float64 reference, rtol 1e-5 for float32 and 1e-12 for float64.
- cumulative_sum: n * eps * cumsum(|x|) (both accumulate sequentially).
- tensordot/vecdot/outer/einsum: float32 rtol 1e-4, float64 rtol 1e-10, atol scaled by sum|a*b|.
"""

from __future__ import annotations

import math
from typing import Any, Optional, Tuple

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tenflowers as tfs
from strategies import DTYPES, SHAPES, arrays, viewed

FLOATS = ["float32", "float64"]

Axes = Optional[Tuple[int, ...]]


@st.composite
def axes_for(draw: st.DrawFn, ndim: int) -> Axes:
    if draw(st.booleans()):
        return None
    if ndim == 0:
        return ()
    chosen = draw(st.lists(st.integers(0, ndim - 1), unique=True, max_size=ndim))
    return tuple(a - ndim if draw(st.booleans()) else a for a in chosen)


@st.composite
def axis_for(draw: st.DrawFn, ndim: int) -> Optional[int]:
    if ndim == 0 or draw(st.booleans()):
        return None
    a = draw(st.integers(0, ndim - 1))
    return a - ndim if draw(st.booleans()) else a


def eps(dtype: Any) -> float:
    d = np.dtype(dtype)
    return float(np.finfo(d if d.kind == "f" else np.float64).eps)


def as_np(t: tfs.Tensor) -> npt.NDArray[Any]:
    return np.asarray(t)


def has_empty_reduced(shape: Tuple[int, ...], axis: Axes) -> bool:
    if axis is None:
        return len(shape) > 0 and 0 in shape
    return any(shape[a] == 0 for a in axis)


# -- prod ------------------------------------------------------------------------------------


def small(dtype: str) -> st.SearchStrategy[Any]:
    if dtype in FLOATS:
        return st.floats(-2.0, 2.0, width=32 if dtype == "float32" else 64)
    from strategies import elements

    return elements(dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@given(data=st.data())
def test_prod_matches_numpy(dtype: str, data: st.DataObject) -> None:
    arr0 = data.draw(hnp.arrays(np.dtype(dtype), SHAPES, elements=small(dtype)))
    arr, t = data.draw(viewed(arr0))
    axis = data.draw(axes_for(arr.ndim))
    keepdims = data.draw(st.booleans())
    ours = as_np(tfs.prod(t, axis=axis, keepdims=keepdims))
    ref = np.asarray(np.prod(arr, axis=axis, keepdims=keepdims))
    # NumPy multiplies uint8 as uint64; tenflowers has no uint64 and uses int64 (same bits).
    if arr.dtype == np.uint8:
        ref = ref.astype(np.int64)
    assert ours.dtype == ref.dtype and ours.shape == ref.shape
    if arr.dtype.kind == "f":
        n = max(arr.size, 1)
        # A product that lands in the subnormal range keeps fewer bits, so a different
        # multiplication order can differ by a few subnormal steps: allow n of them absolutely.
        tiny = float(np.finfo(arr.dtype).smallest_subnormal)
        np.testing.assert_allclose(ours, ref, rtol=4 * n * eps(dtype), atol=n * tiny)
    else:
        np.testing.assert_array_equal(ours, ref)


def test_prod_and_sum_of_empty() -> None:
    assert tfs.prod(tfs.zeros((0,))).item() == 1.0
    assert tfs.sum(tfs.zeros((0,))).item() == 0.0
    out = tfs.prod(tfs.zeros((3, 0), dtype=tfs.int32), axis=1)
    assert out.dtype == tfs.int64 and out.tolist() == [1, 1, 1]


def test_prod_integer_overflow_wraps_like_numpy() -> None:
    arr = np.array([2**40, 2**40, 3], dtype=np.int64)
    assert tfs.prod(tfs.asarray(arr)).item() == int(np.prod(arr))


# -- mean / var / std ------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
@given(data=st.data())
def test_mean_matches_numpy(dtype: str, data: st.DataObject) -> None:
    arr, t = data.draw(viewed(data.draw(arrays(dtype))))
    axis = data.draw(axes_for(arr.ndim))
    keepdims = data.draw(st.booleans())
    ours = as_np(tfs.mean(t, axis=axis, keepdims=keepdims))
    with np.errstate(all="ignore"), _quiet():
        ref = np.asarray(np.mean(arr, axis=axis, keepdims=keepdims))
    assert ours.dtype == ref.dtype and ours.shape == ref.shape
    count = max(arr.size // max(ref.size, 1), 1)
    bound = 8 * eps(ref.dtype) * np.sum(np.abs(arr.astype(np.float64)), axis=axis, keepdims=keepdims) / count
    diff = np.abs(ours.astype(np.float64) - ref.astype(np.float64))
    assert np.all((diff <= bound + 1e-300) | (np.isnan(ours) & np.isnan(ref)))


class _quiet:
    """Silences NumPy's RuntimeWarnings for empty means and degenerate variances."""

    def __enter__(self) -> None:
        import warnings

        self._w = warnings.catch_warnings()
        self._w.__enter__()
        warnings.simplefilter("ignore", RuntimeWarning)

    def __exit__(self, *exc: Any) -> None:
        self._w.__exit__(*exc)


@pytest.mark.parametrize("fn", ["var", "std"])
@pytest.mark.parametrize("dtype", DTYPES)
@given(data=st.data())
def test_var_std_match_numpy(fn: str, dtype: str, data: st.DataObject) -> None:
    arr, t = data.draw(viewed(data.draw(arrays(dtype))))
    axis = data.draw(axes_for(arr.ndim))
    keepdims = data.draw(st.booleans())
    correction = data.draw(st.sampled_from([0.0, 1.0, 1.5, 2.0]))
    ours = as_np(getattr(tfs, fn)(t, axis=axis, correction=correction, keepdims=keepdims))
    with np.errstate(all="ignore"), _quiet():
        ref = np.asarray(getattr(np, fn)(arr, axis=axis, ddof=correction, keepdims=keepdims))
        scale = np.mean(arr.astype(np.float64) ** 2, axis=axis, keepdims=keepdims)
    assert ours.dtype == ref.dtype and ours.shape == ref.shape
    e = eps(ref.dtype)
    tol = 64 * e * np.nan_to_num(scale, nan=0.0, posinf=0.0)
    if fn == "std":
        tol = np.sqrt(tol)
    np.testing.assert_allclose(ours, ref, rtol=64 * e, atol=float(np.max(tol, initial=0.0)) + 1e-300)


def test_mean_of_empty_is_nan() -> None:
    assert math.isnan(tfs.mean(tfs.zeros((0,))).item())
    out = tfs.mean(tfs.zeros((2, 0), dtype=tfs.int32), axis=1)
    assert out.dtype == tfs.float64 and all(math.isnan(v) for v in out.tolist())


def test_var_correction_at_or_past_count_is_inf_or_nan() -> None:
    assert tfs.var(tfs.asarray([1.0, 2.0]), correction=2.0).item() == math.inf
    assert math.isnan(tfs.var(tfs.asarray([1.0]), correction=1.0).item())
    assert tfs.var(tfs.asarray([1, 2]), correction=3.0).item() == math.inf


def test_var_of_bool_is_float64() -> None:
    out = tfs.var(tfs.asarray([True, False]))
    assert out.dtype == tfs.float64 and out.item() == 0.25
    assert tfs.std(tfs.asarray([True, False])).item() == 0.5


def test_var_bad_correction() -> None:
    with pytest.raises(tfs.InvalidArgumentError, match="TF_Var"):
        tfs.var(tfs.asarray([1.0, 2.0]), correction=-1.0)
    with pytest.raises(tfs.InvalidArgumentError, match="TF_Std"):
        tfs.std(tfs.asarray([1.0, 2.0]), correction=math.nan)


# -- max / min / argmax / argmin / all / any --------------------------------------------------


@pytest.mark.parametrize("fn", ["max", "min"])
@pytest.mark.parametrize("dtype", DTYPES)
@given(data=st.data())
def test_max_min_match_numpy(fn: str, dtype: str, data: st.DataObject) -> None:
    arr, t = data.draw(viewed(data.draw(arrays(dtype))))
    axis = data.draw(axes_for(arr.ndim))
    keepdims = data.draw(st.booleans())
    if has_empty_reduced(arr.shape, axis):
        with pytest.raises(tfs.ShapeError):
            getattr(tfs, fn)(t, axis=axis, keepdims=keepdims)
        with pytest.raises(ValueError):
            getattr(np, fn)(arr, axis=axis, keepdims=keepdims)
        return
    ours = as_np(getattr(tfs, fn)(t, axis=axis, keepdims=keepdims))
    ref = np.asarray(getattr(np, fn)(arr, axis=axis, keepdims=keepdims))
    assert ours.dtype == ref.dtype and ours.shape == ref.shape
    np.testing.assert_array_equal(ours, ref)


@pytest.mark.parametrize("fn", ["argmax", "argmin"])
@pytest.mark.parametrize("dtype", DTYPES)
@given(data=st.data())
def test_argmax_argmin_match_numpy(fn: str, dtype: str, data: st.DataObject) -> None:
    arr, t = data.draw(viewed(data.draw(arrays(dtype))))
    axis = data.draw(axis_for(arr.ndim))
    keepdims = data.draw(st.booleans())
    if has_empty_reduced(arr.shape, None if axis is None else (axis,)):
        with pytest.raises(tfs.ShapeError):
            getattr(tfs, fn)(t, axis=axis, keepdims=keepdims)
        with pytest.raises(ValueError):
            getattr(np, fn)(arr, axis=axis, keepdims=keepdims)
        return
    ours = as_np(getattr(tfs, fn)(t, axis=axis, keepdims=keepdims))
    ref = np.asarray(getattr(np, fn)(arr, axis=axis, keepdims=keepdims))
    assert ours.dtype == np.int64 and ours.shape == ref.shape
    np.testing.assert_array_equal(ours, ref)


NAN_FLOATS = st.one_of(st.floats(-3, 3, width=32), st.just(math.nan), st.just(-0.0), st.just(0.0), st.just(math.inf))


@pytest.mark.parametrize("fn", ["max", "min", "argmax", "argmin"])
@pytest.mark.parametrize("dtype", FLOATS)
@given(data=st.data())
def test_nan_propagation_matches_numpy(fn: str, dtype: str, data: st.DataObject) -> None:
    shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=5))
    arr0 = data.draw(hnp.arrays(np.dtype(dtype), shape, elements=NAN_FLOATS))
    arr, t = data.draw(viewed(arr0))
    axis = data.draw(axis_for(arr.ndim))
    ours = as_np(getattr(tfs, fn)(t, axis=axis))
    ref = np.asarray(getattr(np, fn)(arr, axis=axis))
    np.testing.assert_array_equal(ours, ref)  # NaN == NaN here; 0.0 == -0.0


def test_nan_first_index_and_signed_zero() -> None:
    x = tfs.asarray([1.0, math.nan, 3.0, math.nan])
    assert math.isnan(tfs.max(x).item()) and math.isnan(tfs.min(x).item())
    assert tfs.argmax(x).item() == 1 and tfs.argmin(x).item() == 1
    # NumPy: max([0.0, -0.0]) is -0.0 and max([-0.0, 0.0]) is 0.0 (the later of equal values).
    for vals in ([0.0, -0.0], [-0.0, 0.0]):
        for fn in ("max", "min"):
            ours = getattr(tfs, fn)(tfs.asarray(vals)).item()
            ref = float(getattr(np, fn)(np.array(vals)))
            assert math.copysign(1.0, ours) == math.copysign(1.0, ref), (fn, vals)


def test_argmax_keepdims_and_flattened_index() -> None:
    arr = np.array([[1, 9, 3], [9, 2, 1]], dtype=np.int32)
    out = tfs.argmax(tfs.asarray(arr), keepdims=True)
    assert out.shape == (1, 1) and out.tolist() == [[1]]
    out = tfs.argmin(tfs.asarray(arr).T, axis=0, keepdims=True)
    np.testing.assert_array_equal(as_np(out), np.argmin(arr.T, axis=0, keepdims=True))


def test_empty_max_and_argmax_raise_shape_error() -> None:
    with pytest.raises(tfs.ShapeError, match="TF_Max"):
        tfs.max(tfs.zeros((0,)))
    with pytest.raises(tfs.ShapeError, match="TF_ArgMin"):
        tfs.argmin(tfs.zeros((3, 0)), axis=1)
    # Reducing a non-empty axis of a tensor with an empty other dim is fine.
    assert tfs.max(tfs.zeros((0, 3)), axis=1).shape == (0,)


@pytest.mark.parametrize("fn", ["all", "any"])
@pytest.mark.parametrize("dtype", DTYPES)
@given(data=st.data())
def test_all_any_match_numpy(fn: str, dtype: str, data: st.DataObject) -> None:
    arr0 = data.draw(hnp.arrays(np.dtype(dtype), SHAPES, elements=st.sampled_from([0, 1]).map(lambda v: v)))
    arr, t = data.draw(viewed(arr0))
    axis = data.draw(axes_for(arr.ndim))
    keepdims = data.draw(st.booleans())
    ours = as_np(getattr(tfs, fn)(t, axis=axis, keepdims=keepdims))
    ref = np.asarray(getattr(np, fn)(arr, axis=axis, keepdims=keepdims))
    assert ours.dtype == np.bool_ and ours.shape == ref.shape
    np.testing.assert_array_equal(ours, ref)


def test_all_any_nan_is_true_and_empty() -> None:
    assert tfs.all(tfs.asarray([math.nan, 1.0])).item() is True
    assert tfs.any(tfs.asarray([0.0, math.nan])).item() is True
    assert tfs.all(tfs.zeros((0,))).item() is True
    assert tfs.any(tfs.zeros((0,))).item() is False


# -- logsumexp -------------------------------------------------------------------------------


def lse_ref(arr: npt.NDArray[Any], axis: Axes, keepdims: bool) -> npt.NDArray[Any]:
    x = arr.astype(np.float64)
    with np.errstate(all="ignore"):
        if x.size == 0 or has_empty_reduced(x.shape, axis):
            s = np.sum(np.exp(x), axis=axis, keepdims=True)
            return np.asarray(np.log(s) if keepdims else np.log(np.sum(np.exp(x), axis=axis)))
        m = np.max(x, axis=axis, keepdims=True)
        m = np.where(np.isfinite(m), m, 0.0)
        r = np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)) + m
    return np.asarray(r if keepdims else np.squeeze(r, axis=axis if axis is not None else tuple(range(x.ndim))))


@pytest.mark.parametrize("dtype", [d for d in DTYPES if d != "bool"])
@given(data=st.data())
def test_logsumexp_matches_reference(dtype: str, data: st.DataObject) -> None:
    arr, t = data.draw(viewed(data.draw(arrays(dtype))))
    axis = data.draw(axes_for(arr.ndim))
    keepdims = data.draw(st.booleans())
    ours = as_np(tfs.logsumexp(t, axis=axis, keepdims=keepdims))
    ref = lse_ref(arr, axis, keepdims)
    # Integers follow exp's rule, as softmax does: float32 for the narrow ones.
    narrow = arr.dtype in (np.int8, np.int16, np.uint8)
    want = arr.dtype if arr.dtype.kind == "f" else np.dtype(np.float32 if narrow else np.float64)
    assert ours.dtype == want
    assert ours.shape == ref.shape
    rtol = 1e-5 if want == np.float32 else 1e-12
    np.testing.assert_allclose(ours.astype(np.float64), ref, rtol=rtol, atol=1e-300)


@pytest.mark.parametrize("dtype", ["int8", "float32"])
def test_logsumexp_float32_is_exact_next_to_zero(dtype: str) -> None:
    # The max term dominates: s = 1 + e**-6 rounds in float32, and a float32 log(s) was off by
    # 1.3e-5 relative (found by hypothesis in CI). The result must be the correctly rounded value.
    ours = tfs.logsumexp(tfs.asarray(np.array([0, -6], dtype=dtype))).item()
    want = np.float32(np.log1p(np.exp(-6.0)))
    assert ours == float(want)


def test_logsumexp_is_stable_and_handles_infinities() -> None:
    assert tfs.logsumexp(tfs.asarray([1000.0, 1000.0])).item() == pytest.approx(1000 + math.log(2))
    assert tfs.logsumexp(tfs.asarray([-math.inf, -math.inf])).item() == -math.inf
    assert tfs.logsumexp(tfs.asarray([math.inf, 1.0])).item() == math.inf
    assert tfs.logsumexp(tfs.zeros((0,))).item() == -math.inf
    with pytest.raises(tfs.DtypeError, match="TF_LogSumExp"):
        tfs.logsumexp(tfs.asarray([True]))


# -- cumulative_sum --------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
@given(data=st.data())
def test_cumulative_sum_matches_numpy(dtype: str, data: st.DataObject) -> None:
    arr, t = data.draw(viewed(data.draw(arrays(dtype))))
    if arr.ndim > 1:
        axis: Optional[int] = data.draw(st.integers(-arr.ndim, arr.ndim - 1))
    else:
        axis = data.draw(st.sampled_from([None, 0, -1])) if arr.ndim == 1 else None
    include_initial = data.draw(st.booleans())
    # float64 elements reach 1e12, which int32 cannot hold (the cast is undefined in NumPy).
    choices = [None, "float64"] if dtype == "float64" else [None, "float64", "int32"]
    out_dtype = data.draw(st.sampled_from(choices))
    kw: dict[str, Any] = {} if out_dtype is None else {"dtype": out_dtype}
    ours = as_np(tfs.cumulative_sum(t, axis=axis, include_initial=include_initial, **kw))
    src = arr.reshape(1) if arr.ndim == 0 else arr
    if out_dtype is not None:
        src = src.astype(out_dtype)
    ref = np.cumulative_sum(src, axis=axis, include_initial=include_initial, dtype=out_dtype)
    if ref.dtype == np.uint64:  # NumPy's uint8 accumulator; tenflowers has no uint64: int64
        ref = ref.astype(np.int64)
    assert ours.dtype == ref.dtype and ours.shape == ref.shape
    if ref.dtype.kind == "f":
        ax = 0 if axis is None else axis
        n = max(src.shape[ax], 1)
        bound = n * eps(ref.dtype) * np.cumulative_sum(np.abs(src.astype(np.float64)), axis=ax, include_initial=include_initial)
        assert np.all(np.abs(ours.astype(np.float64) - ref.astype(np.float64)) <= bound + 1e-300)
    else:
        np.testing.assert_array_equal(ours, ref)


def test_cumulative_sum_axis_rules() -> None:
    with pytest.raises(tfs.InvalidArgumentError, match="TF_CumulativeSum"):
        tfs.cumulative_sum(tfs.zeros((2, 2)))
    with pytest.raises(tfs.InvalidArgumentError):
        tfs.cumulative_sum(tfs.zeros((2, 2)), axis=2)
    assert tfs.cumulative_sum(tfs.asarray(5)).tolist() == [5]
    out = tfs.cumulative_sum(tfs.asarray([1, 2, 3], dtype=tfs.int8), include_initial=True)
    assert out.dtype == tfs.int64 and out.tolist() == [0, 1, 3, 6]


# -- shared edge cases -----------------------------------------------------------------------

REDUCTIONS = ["sum", "prod", "mean", "var", "std", "max", "min", "all", "any", "logsumexp"]


@pytest.mark.parametrize("fn", REDUCTIONS + ["argmax", "argmin"])
def test_zero_d_inputs(fn: str) -> None:
    x = np.array(2.5)
    ours = as_np(getattr(tfs, fn)(tfs.asarray(x)))
    ref = lse_ref(x, None, False) if fn == "logsumexp" else np.asarray(getattr(np, fn)(x))
    assert ours.shape == () and float(ours) == float(ref)


@pytest.mark.parametrize("fn", REDUCTIONS)
@pytest.mark.parametrize("axis", [2, -3, (0, 0), (1, -1)])
def test_bad_axes(fn: str, axis: Any) -> None:
    with pytest.raises(tfs.InvalidArgumentError, match="TF_"):
        getattr(tfs, fn)(tfs.ones((2, 3)), axis=axis)


@pytest.mark.parametrize("fn", ["argmax", "argmin"])
def test_arg_bad_axis(fn: str) -> None:
    with pytest.raises(tfs.InvalidArgumentError, match="out of bounds"):
        getattr(tfs, fn)(tfs.ones((2, 3)), axis=2)


def test_transposed_inputs_large() -> None:
    # Large enough to take the parallel paths; transposed so the reduced block is strided.
    rng = np.random.default_rng(0)
    arr = rng.standard_normal((300, 500))
    t = tfs.asarray(arr).T
    for fn in ("max", "min", "argmax", "argmin"):
        for axis in (0, 1):
            np.testing.assert_array_equal(as_np(getattr(tfs, fn)(t, axis=axis)), getattr(np, fn)(arr.T, axis=axis))
    np.testing.assert_allclose(as_np(tfs.var(t, axis=0)), np.var(arr.T, axis=0), rtol=1e-12)
    np.testing.assert_allclose(as_np(tfs.logsumexp(t, axis=1)), lse_ref(arr.T, (1,), False), rtol=1e-12)


def test_tensor_methods() -> None:
    t = tfs.asarray([[1.0, 5.0], [3.0, 2.0]])
    assert t.max().item() == 5.0 and t.min(axis=0).tolist() == [1.0, 2.0]
    assert t.argmax(axis=1).tolist() == [1, 0] and t.argmin().item() == 0
    assert t.prod().item() == 30.0 and t.mean().item() == 2.75
    assert t.var(correction=1).item() == pytest.approx(np.var([1, 5, 3, 2], ddof=1))
    assert t.std().item() == pytest.approx(np.std([1, 5, 3, 2]))
    assert t.all().item() is True and t.any(axis=0).tolist() == [True, True]
    assert t.logsumexp().item() == pytest.approx(float(np.log(np.sum(np.exp([1, 5, 3, 2])))))
    assert t.cumulative_sum(axis=1).tolist() == [[1.0, 6.0], [3.0, 5.0]]


# -- sort / argsort / topk -------------------------------------------------------------------


def ref_order(arr: npt.NDArray[Any], axis: int, descending: bool) -> npt.NDArray[Any]:
    """Stable sort positions along `axis` with NaN above every number (Python's sorted keeps
    equal keys in input order, also with reverse=True)."""
    moved = np.moveaxis(arr, axis, -1)
    flat = moved.reshape(-1, moved.shape[-1]) if moved.size else moved.reshape(0, moved.shape[-1])
    rows = []
    for row in flat:
        vals = row.tolist()
        key = [(1, 0.0) if isinstance(v, float) and math.isnan(v) else (0, v) for v in vals]
        rows.append(sorted(range(len(vals)), key=lambda i: key[i], reverse=descending))
    out = np.array(rows, dtype=np.int64).reshape(moved.shape)
    return np.moveaxis(out, -1, axis)


SORT_SHAPES = hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=6)


def sort_arrays(dtype: str) -> st.SearchStrategy[npt.NDArray[Any]]:
    if dtype in FLOATS:
        # Few distinct values so ties (and -0.0 beside 0.0) are common; NaN and infinities too.
        elems: st.SearchStrategy[Any] = st.sampled_from([0.0, -0.0, 1.5, -2.0, math.inf, -math.inf, math.nan, 3.0])
    elif dtype == "bool":
        elems = st.booleans()
    else:
        elems = st.integers(0, 3) if dtype == "uint8" else st.integers(-3, 3)
    return hnp.arrays(np.dtype(dtype), SORT_SHAPES, elements=elems)


@pytest.mark.parametrize("dtype", DTYPES)
@given(data=st.data())
def test_sort_argsort_match_numpy(dtype: str, data: st.DataObject) -> None:
    arr, t = data.draw(viewed(data.draw(sort_arrays(dtype))))
    axis = data.draw(st.integers(-arr.ndim, arr.ndim - 1))
    descending = data.draw(st.booleans())
    got_idx = as_np(tfs.argsort(t, axis=axis, descending=descending))
    got = as_np(tfs.sort(t, axis=axis, descending=descending))
    assert got_idx.dtype == np.int64 and got.dtype == arr.dtype and got.shape == arr.shape
    if not descending:
        np.testing.assert_array_equal(got_idx, np.argsort(arr, axis=axis, stable=True))
        np.testing.assert_array_equal(got, np.sort(arr, axis=axis, stable=True))
    want_idx = ref_order(arr, axis, descending)
    np.testing.assert_array_equal(got_idx, want_idx)
    np.testing.assert_array_equal(got, np.take_along_axis(arr, want_idx, axis=axis))


@pytest.mark.parametrize("dtype", DTYPES)
@given(data=st.data())
def test_topk_matches_reference(dtype: str, data: st.DataObject) -> None:
    arr, t = data.draw(viewed(data.draw(sort_arrays(dtype))))
    axis = data.draw(st.integers(-arr.ndim, arr.ndim - 1))
    k = data.draw(st.integers(0, arr.shape[axis]))
    largest = data.draw(st.booleans())
    values, idx = tfs.topk(t, k, axis=axis, largest=largest)
    want_idx = np.take(ref_order(arr, axis, largest), np.arange(k), axis=axis)
    np.testing.assert_array_equal(as_np(idx), want_idx)
    assert values.dtype == t.dtype and as_np(idx).dtype == np.int64
    np.testing.assert_array_equal(as_np(values), np.take_along_axis(arr, want_idx, axis=axis))


def test_sort_nans_last_and_stable() -> None:
    x = tfs.asarray([math.nan, 1.0, -math.inf, math.nan, 0.0, -0.0])
    assert tfs.argsort(x).tolist() == [2, 4, 5, 1, 0, 3]
    assert tfs.argsort(x, descending=True).tolist() == [0, 3, 1, 4, 5, 2]
    s = tfs.sort(x).tolist()
    assert s[:4] == [-math.inf, 0.0, -0.0, 1.0] and math.isnan(s[4]) and math.isnan(s[5])
    v, i = tfs.asarray([[1, 3, 3, 2]], dtype=tfs.int8).topk(2)
    assert v.tolist() == [[3, 3]] and i.tolist() == [[1, 2]]


def test_sort_errors() -> None:
    with pytest.raises(tfs.InvalidArgumentError, match="TF_Sort"):
        tfs.sort(tfs.zeros((2, 3)), axis=2)
    with pytest.raises(tfs.InvalidArgumentError, match="TF_ArgSort"):
        tfs.argsort(tfs.asarray(1.0))
    with pytest.raises(tfs.InvalidArgumentError, match="TF_TopK"):
        tfs.topk(tfs.zeros((2, 3)), 4)
    with pytest.raises(tfs.InvalidArgumentError, match="TF_TopK"):
        tfs.topk(tfs.zeros((2, 3)), -1)


def test_sort_large_transposed() -> None:
    rng = np.random.default_rng(2)
    arr = rng.integers(-50, 50, size=(400, 300)).astype(np.float32)
    t = tfs.asarray(arr).T
    np.testing.assert_array_equal(as_np(tfs.argsort(t, axis=1)), np.argsort(arr.T, axis=1, stable=True))
    np.testing.assert_array_equal(as_np(tfs.sort(t, axis=0)), np.sort(arr.T, axis=0))


# -- tensordot / vecdot / outer / einsum ------------------------------------------------------


def lin_elements(dtype: str) -> st.SearchStrategy[Any]:
    if dtype in FLOATS:
        return st.floats(-10.0, 10.0, width=32 if dtype == "float32" else 64)
    from strategies import elements

    return elements(dtype)


def assert_linalg_close(ours: npt.NDArray[Any], ref: npt.NDArray[Any], scale: npt.NDArray[Any]) -> None:
    """Floats: rtol 1e-4 (float32) / 1e-10 (float64) plus an absolute bound of that size times
    the same contraction over |a| and |b| (`scale`); integers and bool exactly."""
    assert ours.dtype == ref.dtype and ours.shape == ref.shape, (ours.dtype, ref.dtype, ours.shape, ref.shape)
    if ref.dtype.kind == "f":
        rtol = 1e-4 if ref.dtype == np.float32 else 1e-10
        diff = np.abs(ours.astype(np.float64) - ref.astype(np.float64))
        assert np.all(diff <= rtol * (np.abs(ref.astype(np.float64)) + scale) + 1e-30)
    else:
        np.testing.assert_array_equal(ours, ref)


@pytest.mark.parametrize("dtype", DTYPES)
@given(data=st.data())
def test_tensordot_matches_numpy(dtype: str, data: st.DataObject) -> None:
    a_shape = data.draw(hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=4))
    n = data.draw(st.integers(0, len(a_shape)))
    extra = data.draw(hnp.array_shapes(min_dims=0, max_dims=2, min_side=0, max_side=4))
    b_shape = tuple(a_shape[len(a_shape) - n:]) + tuple(extra)
    a, ta = data.draw(viewed(data.draw(hnp.arrays(np.dtype(dtype), a_shape, elements=lin_elements(dtype)))))
    b, tb = data.draw(viewed(data.draw(hnp.arrays(np.dtype(dtype), b_shape, elements=lin_elements(dtype)))))
    if data.draw(st.booleans()):
        axes: Any = n
    else:
        # The same pairing as lists, in a shuffled order.
        pairs = data.draw(st.permutations(list(zip(range(len(a_shape) - n, len(a_shape)), range(n)))))
        axes = ([p[0] for p in pairs], [p[1] for p in pairs])
    ours = as_np(tfs.tensordot(ta, tb, axes=axes))
    ref = np.asarray(np.tensordot(a, b, axes=axes))
    scale = np.tensordot(np.abs(a.astype(np.float64)), np.abs(b.astype(np.float64)), axes=axes)
    assert_linalg_close(ours, ref, scale)


def test_tensordot_errors_and_mixed_dtypes() -> None:
    a, b = np.arange(6, dtype=np.int8).reshape(2, 3), np.linspace(0, 1, 6, dtype=np.float32).reshape(3, 2)
    np.testing.assert_allclose(as_np(tfs.tensordot(tfs.asarray(a), tfs.asarray(b), axes=1)), np.tensordot(a, b, 1), rtol=1e-6)
    with pytest.raises(tfs.ShapeError, match="TF_Tensordot"):
        tfs.tensordot(tfs.ones((2, 3)), tfs.ones((2, 3)), axes=1)
    with pytest.raises(tfs.InvalidArgumentError, match="TF_Tensordot"):
        tfs.tensordot(tfs.ones((2, 3)), tfs.ones((3, 2)), axes=3)
    with pytest.raises(tfs.InvalidArgumentError, match="TF_Tensordot"):
        tfs.tensordot(tfs.ones((2, 3)), tfs.ones((3, 3)), axes=([1, 1], [0, 1]))
    with pytest.raises(tfs.InvalidArgumentError):
        tfs.tensordot(tfs.ones((2, 3)), tfs.ones((3, 3)), axes=([1], [0, 1]))


@pytest.mark.parametrize("dtype", DTYPES)
@given(data=st.data())
def test_vecdot_matches_numpy(dtype: str, data: st.DataObject) -> None:
    shapes = data.draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=4))
    k = data.draw(st.integers(0, 4))
    sa, sb = tuple(shapes.input_shapes[0]) + (k,), tuple(shapes.input_shapes[1]) + (k,)
    a, ta = data.draw(viewed(data.draw(hnp.arrays(np.dtype(dtype), sa, elements=lin_elements(dtype)))))
    b, tb = data.draw(viewed(data.draw(hnp.arrays(np.dtype(dtype), sb, elements=lin_elements(dtype)))))
    ours = as_np(tfs.vecdot(ta, tb))
    ref = np.asarray(np.vecdot(a, b))
    scale = np.asarray(np.vecdot(np.abs(a.astype(np.float64)), np.abs(b.astype(np.float64))))
    assert_linalg_close(ours, ref, scale)


def test_vecdot_axis_and_errors() -> None:
    a = np.arange(12.0).reshape(3, 4)
    b = np.arange(3.0)[:, None] * np.ones((3, 4))
    np.testing.assert_allclose(as_np(tfs.vecdot(tfs.asarray(a), tfs.asarray(b), axis=0)), np.sum(a * b, axis=0))
    with pytest.raises(tfs.ShapeError, match="TF_Vecdot"):
        tfs.vecdot(tfs.ones((3, 4)), tfs.ones((3, 5)))
    with pytest.raises(tfs.InvalidArgumentError, match="TF_Vecdot"):
        tfs.vecdot(tfs.ones((3, 4)), tfs.ones((3, 4)), axis=2)


@pytest.mark.parametrize("dtype", DTYPES)
@given(data=st.data())
def test_outer_matches_numpy(dtype: str, data: st.DataObject) -> None:
    a, ta = data.draw(viewed(data.draw(hnp.arrays(np.dtype(dtype), SHAPES, elements=lin_elements(dtype)))))
    b = data.draw(hnp.arrays(np.dtype(dtype), hnp.array_shapes(min_dims=0, max_dims=2, min_side=0, max_side=5), elements=lin_elements(dtype)))
    ours = as_np(tfs.outer(ta, tfs.asarray(b)))
    ref = np.outer(a, b)
    assert_linalg_close(ours, ref, np.abs(ref.astype(np.float64)))


EINSUM_FORMS = [
    "ij,jk->ik", "bij,bjk->bik", "i,j->ij", "ij,ij->", "ij,ij->i", "ij,j", "i,i", "ij,kj->ikj",
    "ijk,jl->lki", "iij,jk->ik", "ij,jk,kl->il", "ii->i", "ii", "ij->ji", "ij->", "ijk->kj", "i->",
    "ij", "ba", "Ab,bA->", "ab,cd->dcba",
]


@pytest.mark.parametrize("form", EINSUM_FORMS)
@pytest.mark.parametrize("dtype", ["float32", "float64", "int8", "int64", "bool"])
@given(data=st.data())
def test_einsum_matches_numpy(form: str, dtype: str, data: st.DataObject) -> None:
    lhs = form.split("->")[0].split(",")
    sizes = {c: data.draw(st.integers(0, 4)) for c in sorted(set("".join(lhs)))}
    arrs = []
    tensors = []
    for term in lhs:
        arr, t = data.draw(viewed(data.draw(hnp.arrays(np.dtype(dtype), tuple(sizes[c] for c in term), elements=lin_elements(dtype)))))
        arrs.append(arr)
        tensors.append(t)
    ours = as_np(tfs.einsum(form, *tensors))
    ref = np.asarray(np.einsum(form, *arrs))
    scale = np.asarray(np.einsum(form, *[np.abs(x.astype(np.float64)) for x in arrs]))
    assert_linalg_close(ours, ref, scale)


def test_einsum_broadcast_and_mixed_dtypes() -> None:
    a, b = np.arange(3.0), np.array([2.0])
    np.testing.assert_array_equal(as_np(tfs.einsum("i,i->i", tfs.asarray(a), tfs.asarray(b))), np.einsum("i,i->i", a, b))
    x, y = np.arange(6, dtype=np.int8).reshape(2, 3), np.arange(3, dtype=np.int32)
    out = as_np(tfs.einsum("ij,j->i", tfs.asarray(x), tfs.asarray(y)))
    ref = np.einsum("ij,j->i", x, y)
    assert out.dtype == ref.dtype
    np.testing.assert_array_equal(out, ref)


@pytest.mark.parametrize(
    "form,shapes,error",
    [
        ("ij,jk->ik", [(2, 3)], tfs.InvalidArgumentError),
        ("ij->ii", [(2, 2)], tfs.InvalidArgumentError),
        ("ij->k", [(2, 2)], tfs.InvalidArgumentError),
        ("i j-k", [(2, 2)], tfs.InvalidArgumentError),
        ("i1", [(2, 2)], tfs.InvalidArgumentError),
        ("ij,jk", [(2, 3), (4, 2)], tfs.ShapeError),
        ("ijk", [(2, 3)], tfs.ShapeError),
        ("ii", [(2, 3)], tfs.ShapeError),
        ("...i->i", [(2, 3)], tfs.UnimplementedError),
    ],
)
def test_einsum_errors(form: str, shapes: list[Tuple[int, ...]], error: type[Exception]) -> None:
    with pytest.raises(error, match="TF_Einsum"):
        tfs.einsum(form, *[tfs.ones(s) for s in shapes])


# -- the C test program ----------------------------------------------------------------------


def test_c_program_under_sanitizers(tmp_path: Any) -> None:
    """Builds tests/c/test_reduce_linalg.c against the installed header and library with
    ASan/UBSan and runs it; its last line is "N passed, 0 failed"."""
    import os
    import shutil
    import subprocess

    cc = shutil.which(os.environ.get("CC", "cc"))
    if cc is None:
        pytest.skip("no C compiler")
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "c", "test_reduce_linalg.c")
    lib = tfs.get_library()
    exe = str(tmp_path / "test_reduce_linalg")
    build = [cc, "-std=c99", "-Wall", "-Wextra", "-Werror", "-fsanitize=address,undefined",
             "-I", tfs.get_include(), src, lib, f"-Wl,-rpath,{os.path.dirname(lib)}", "-lm", "-o", exe]
    subprocess.run(build, check=True, capture_output=True, text=True)
    # Leak checking on: every handle and status the program creates must be freed.
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=1", UBSAN_OPTIONS="halt_on_error=1")
    r = subprocess.run([exe], capture_output=True, text=True, env=env, timeout=300)
    last = r.stdout.strip().splitlines()[-1]
    assert r.returncode == 0 and last.endswith(" 0 failed"), r.stdout + r.stderr
