"""Differential tests of the elementwise math, comparison, logic, selection and activation ops
against NumPy (formulas in float64 NumPy for the activations NumPy lacks).

Tolerances: results are compared in ULPs of the reference (np.spacing), 4 ULP for float64 and
float32 transcendental functions (both sides use correctly rounded or near-correctly rounded
libms; NumPy's float32 paths are SIMD kernels within a few ULP), exact for everything that is a
single IEEE operation, integer arithmetic, comparison or logic.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Literal

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import optable
import tenflowers as tfs
from strategies import DTYPES, arrays, viewed

def _np_softplus(x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    return np.asarray(np.logaddexp(0.0, x))


def _np_sigmoid(x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    return np.asarray(np.exp(-np.logaddexp(0.0, -x)))


_erf = np.vectorize(math.erf, otypes=[np.float64])
# The names the op table's oracle expressions use (tools/optable.py).
_ORACLE_NAMES = {"np": np, "np_sigmoid": _np_sigmoid, "np_softplus": _np_softplus, "np_erf": _erf}


def _oracles(families: tuple[str, ...], check: str, aliases: bool = False) -> dict[str, Callable[..., Any]]:
    """name -> NumPy reference, for the table's ops of `families` compared the `check` way."""
    out: dict[str, Callable[..., Any]] = {}
    for op in optable.OPS:
        if op.family in families and op.check == check:
            fn = eval(op.oracle, dict(_ORACLE_NAMES))  # noqa: S307 - the table's own expressions
            out[op.name] = fn
            if aliases:
                out.update({a: fn for a in op.aliases})
    return out


FLOAT_UNARY = _oracles(("unary",), "ulp")
SAME_UNARY = _oracles(("unary",), "exact")
SPECIAL = [0.0, -0.0, np.inf, -np.inf, np.nan, 1e-310, -1e-310, 1.0, -1.0, 0.5, 2.0, 1e300, -1e300, 88.7, 710.0]


def float_arrays(dtype: str) -> st.SearchStrategy[npt.NDArray[Any]]:
    """Floats with specials (NaN, infinities, signed zeros, subnormals) mixed in."""
    width: Literal[32, 64] = 32 if dtype == "float32" else 64
    specials = [v for v in SPECIAL if not np.isfinite(v) or abs(v) < np.finfo(dtype).max]
    elems = st.one_of(st.floats(width=width, allow_nan=True, allow_infinity=True), st.sampled_from(specials))
    return hnp.arrays(np.dtype(dtype), hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=6), elements=elems)


def float_dtype_for(dtype: str) -> str:
    """The dtype tenflowers computes float math in (NumPy would use float16 for 8-bit ints)."""
    return {"int8": "float32", "uint8": "float32", "int16": "float32", "int32": "float64", "int64": "float64"}.get(dtype, dtype)


def assert_ulp_close(got: npt.NDArray[Any], ref: npt.NDArray[Any], ulps: float) -> None:
    assert got.dtype == ref.dtype, (got.dtype, ref.dtype)
    assert got.shape == ref.shape
    nan = np.isnan(ref)
    np.testing.assert_array_equal(np.isnan(got), nan)
    g, r = got[~nan], ref[~nan]
    inf = np.isinf(r)
    np.testing.assert_array_equal(g[inf], r[inf])
    g, r = g[~inf].astype(np.float64), r[~inf]
    tol = ulps * np.spacing(np.maximum(np.abs(r), np.finfo(ref.dtype).tiny)).astype(np.float64)
    bad = np.abs(g - r.astype(np.float64)) > tol
    assert not bad.any(), f"got {g[bad][:5]} want {r[bad][:5]}"


@pytest.mark.parametrize("name", sorted(FLOAT_UNARY))
@given(data=st.data())
def test_float_unary_matches_numpy(name: str, data: st.DataObject) -> None:
    dtype = data.draw(st.sampled_from(DTYPES))
    fn = getattr(tfs, name)
    if dtype == "bool":
        with pytest.raises(tfs.DtypeError, match=name):
            fn(tfs.asarray(data.draw(arrays("bool"))))
        return
    arr = data.draw(float_arrays(dtype) if dtype.startswith("float") else arrays(dtype))
    _, t = data.draw(viewed(arr))
    out = np.asarray(fn(t))
    with np.errstate(all="ignore"):
        ref = FLOAT_UNARY[name](arr.astype(float_dtype_for(dtype)))
    assert_ulp_close(out, np.asarray(ref), 4)


@pytest.mark.parametrize("name", sorted(SAME_UNARY))
@given(data=st.data())
def test_exact_unary_matches_numpy(name: str, data: st.DataObject) -> None:
    dtype = data.draw(st.sampled_from(DTYPES))
    arr = data.draw(float_arrays(dtype) if dtype.startswith("float") else arrays(dtype))
    fn = getattr(tfs, name)
    try:
        with np.errstate(all="ignore"):
            ref = np.asarray(SAME_UNARY[name](arr))
    except TypeError:
        # NumPy rejects negative/positive/sign of bool and invert of floats; so do we.
        with pytest.raises(tfs.DtypeError):
            fn(tfs.asarray(arr))
        return
    if ref.dtype == np.float16:
        # NumPy rounds bool in float16; tenflowers returns bool unchanged, like floor/ceil/trunc.
        ref = np.asarray(ref.astype(arr.dtype))
    _, t = data.draw(viewed(arr))
    out = np.asarray(fn(t))
    assert out.dtype == ref.dtype, (name, dtype, out.dtype, ref.dtype)
    np.testing.assert_array_equal(out, ref)
    if ref.dtype.kind == "f":
        np.testing.assert_array_equal(np.signbit(out), np.signbit(ref))


BINARY = _oracles(("binary",), "exact")
FLOAT_BINARY = _oracles(("binary",), "ulp")


@st.composite
def pairs(draw: st.DrawFn) -> tuple[npt.NDArray[Any], npt.NDArray[Any]]:
    shapes = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, min_side=0, max_side=4))
    da, db = draw(st.sampled_from(DTYPES)), draw(st.sampled_from(DTYPES))

    def one(dtype: str, shape: tuple[int, ...]) -> npt.NDArray[Any]:
        if dtype.startswith("float"):
            width: Literal[32, 64] = 32 if dtype == "float32" else 64
            specials = [v for v in SPECIAL if not np.isfinite(v) or abs(v) < np.finfo(dtype).max]
            elems = st.one_of(st.floats(width=width), st.sampled_from(specials), st.integers(-8, 8).map(float))
            return draw(hnp.arrays(np.dtype(dtype), shape, elements=elems))
        return draw(arrays(dtype, shape))

    return one(da, shapes.input_shapes[0]), one(db, shapes.input_shapes[1])


def _elementwise(fn: Callable[..., Any], a: npt.NDArray[Any], b: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """NumPy's `fn` applied element by element: on both operands broadcast to the result shape
    as contiguous 1-D arrays. A 0-d exponent would take NumPy's scalar shortcut for `power`
    (`x ** 0.5` as `sqrt(x)`, so `(-inf) ** 0.5` is nan), which its own elementwise loop, C99 and
    tenflowers do not take (`pow(-inf, 0.5)` is inf)."""
    shape = np.broadcast_shapes(a.shape, b.shape)
    flat = [np.ascontiguousarray(np.broadcast_to(v, shape)).reshape(-1) for v in (a, b)]
    return np.asarray(fn(*flat)).reshape(shape)


@pytest.mark.parametrize("name", sorted(BINARY))
@given(ab=pairs(), data=st.data())
def test_binary_matches_numpy(name: str, ab: tuple[npt.NDArray[Any], npt.NDArray[Any]], data: st.DataObject) -> None:
    a, b = ab
    fn = getattr(tfs, name)
    if name == "pow" and a.dtype.kind in "iub" and b.dtype.kind in "iub":
        b = np.abs(b.astype(np.int64)).astype(b.dtype) if b.dtype.kind == "i" else b  # see the error test
        if b.dtype.kind == "i" and (b < 0).any():
            return
    try:
        with np.errstate(all="ignore"):
            ref = _elementwise(BINARY[name], a, b)
    except TypeError:
        with pytest.raises(tfs.DtypeError):
            fn(tfs.asarray(a), tfs.asarray(b))
        return
    _, ta = data.draw(viewed(a))
    _, tb = data.draw(viewed(b))
    out = np.asarray(fn(ta, tb))
    if ref.dtype == np.float16:
        ref = _elementwise(BINARY[name], a.astype(out.dtype), b.astype(out.dtype))
    assert out.dtype == ref.dtype, (name, a.dtype, b.dtype, out.dtype, ref.dtype)
    if ref.dtype.kind == "f" and name == "pow":
        assert_ulp_close(out, ref, 2)
    else:
        np.testing.assert_array_equal(out, ref)


@pytest.mark.parametrize("name", sorted(FLOAT_BINARY))
@given(ab=pairs(), data=st.data())
def test_float_binary_matches_numpy(name: str, ab: tuple[npt.NDArray[Any], npt.NDArray[Any]], data: st.DataObject) -> None:
    a, b = ab
    fn = getattr(tfs, name)
    if a.dtype == np.bool_ and b.dtype == np.bool_:
        # NumPy computes these on bool in float16; tenflowers rejects bool for float math.
        with pytest.raises(tfs.DtypeError):
            fn(tfs.asarray(a), tfs.asarray(b))
        return
    out = np.asarray(fn(tfs.asarray(a), tfs.asarray(b)))
    with np.errstate(all="ignore"):
        ref = _elementwise(FLOAT_BINARY[name], a.astype(out.dtype), b.astype(out.dtype))
    assert_ulp_close(out, ref, 2)


def test_pow_of_negative_infinity_is_the_elementwise_result() -> None:
    """pow(-inf, y): inf for y > 0 not an odd integer, -inf for odd y, 0 for y < 0 (C99), as
    NumPy's elementwise loop gives; NumPy's scalar shortcut (sqrt for ** 0.5) gives nan."""
    for dtype in ("float32", "float64"):
        y = np.array([0.5, 2.0, 3.0, -0.5, -3.0, 0.0], dtype=dtype)
        x = np.full_like(y, -np.inf)
        got = np.asarray(tfs.pow(tfs.asarray(x), tfs.asarray(y)))
        np.testing.assert_array_equal(got, np.array([np.inf, np.inf, -np.inf, 0.0, -0.0, 1.0], dtype=dtype))
        np.testing.assert_array_equal(np.signbit(got), [False, False, True, False, True, False])
        with np.errstate(invalid="ignore"):
            np.testing.assert_array_equal(got, np.power(x, y))


def test_integer_pow_negative_exponent_raises_like_numpy() -> None:
    with pytest.raises(ValueError):
        np.power(np.array([2]), np.array([-1]))
    with pytest.raises(tfs.InvalidArgumentError, match="negative integer powers"):
        tfs.pow(tfs.asarray([2]), tfs.asarray([-1]))
    assert tfs.pow(tfs.asarray([2.0]), -1).tolist() == [0.5]


def test_integer_division_by_zero_is_zero_like_numpy() -> None:
    a = tfs.asarray([7, -7, 0], dtype=tfs.int32)
    assert (a // 0).tolist() == [0, 0, 0] and (a % 0).tolist() == [0, 0, 0]
    m = tfs.asarray([-(2**31)], dtype=tfs.int32)
    assert (m // -1).tolist() == [-(2**31)]  # wraps, as NumPy


def test_operators_are_the_functions() -> None:
    a = tfs.asarray([[5, -3], [0, 12]], dtype=tfs.int16)
    n = np.array([[5, -3], [0, 12]], dtype=np.int16)
    checks: list[tuple[tfs.Tensor, npt.NDArray[Any]]] = [
        (a == 0, n == 0), (a != 0, n != 0), (a < 1, n < 1), (a <= 0, n <= 0), (a > 1, n > 1), (a >= 0, n >= 0),
        (a // 2, n // 2), (a % 5, n % 5), (a ** 2, n ** 2), (a & 6, n & 6), (a | 1, n | 1), (a ^ 3, n ^ 3),
        (a << 2, n << 2), (a >> 1, n >> 1), (-a, -n), (+a, +n), (abs(a), abs(n)), (~a, ~n),
        (2 - a, 2 - n),
        (100 % (a + 20), 100 % (n + 20)), (3 ** tfs.abs(a % 4), 3 ** np.abs(n % 4)),
    ]
    for got, want in checks:
        assert np.asarray(got).dtype == want.dtype
        np.testing.assert_array_equal(np.asarray(got), want)


def test_comparison_with_out_of_range_python_int_is_exact() -> None:
    a = tfs.asarray([1, 100], dtype=tfs.int8)
    assert (a < 1000).tolist() == [True, True]
    assert (a == 300).tolist() == [False, False]
    assert (a > -(2**70)).tolist() == [True, True]


def test_where_and_clip_match_numpy() -> None:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((4, 5)).astype(np.float32)
    y = rng.integers(-3, 3, (5,)).astype(np.int32)
    c = x > 0
    got = tfs.where(tfs.asarray(c), tfs.asarray(x), tfs.asarray(y))
    ref = np.where(c, x, y)
    assert np.asarray(got).dtype == ref.dtype
    np.testing.assert_array_equal(np.asarray(got), ref)
    np.testing.assert_array_equal(np.asarray(tfs.where(tfs.asarray(c), tfs.asarray(x), 0.0)), np.where(c, x, np.float32(0)))
    xn = x.copy()
    xn[0, 0] = np.nan
    for lo, hi in [(-0.5, 0.5), (None, 0.0), (0.0, None)]:
        want = np.clip(xn, lo, hi)
        got_c = np.asarray(tfs.clip(tfs.asarray(xn), lo, hi))
        assert got_c.dtype == want.dtype
        np.testing.assert_array_equal(got_c, want)
    np.testing.assert_array_equal(
        np.asarray(tfs.clip(tfs.asarray(xn), tfs.asarray(y - 1), tfs.asarray(y + 1))), np.clip(xn, y - 1, y + 1)
    )
    assert tfs.clamp is tfs.clip


def test_bool_and_dtype_errors() -> None:
    b = tfs.asarray([True, False])
    with pytest.raises(tfs.DtypeError, match="sin is not defined for dtype bool"):
        tfs.sin(b)
    with pytest.raises(tfs.DtypeError):
        tfs.bitwise_and(tfs.asarray([1.0]), tfs.asarray([1.0]))
    with pytest.raises(tfs.DtypeError):
        tfs.atan2(b, b)
    with pytest.raises(tfs.ShapeError):
        tfs.maximum(tfs.zeros(3), tfs.zeros(4))


# -- activations ---------------------------------------------------------------------------

ACTIVATIONS = _oracles(("unary", "unary_param"), "formula", aliases=True)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@given(data=st.data())
def test_activations_match_float64_formulas(name: str, dtype: str, data: st.DataObject) -> None:
    width: Literal[32, 64] = 32 if dtype == "float32" else 64
    arr = data.draw(hnp.arrays(np.dtype(dtype), hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=6),
                               elements=st.floats(-80, 80, width=width)))
    _, t = data.draw(viewed(arr))
    out = np.asarray(getattr(tfs, name)(t))
    assert out.dtype == arr.dtype
    with np.errstate(all="ignore"):
        ref = ACTIVATIONS[name](arr.astype(np.float64))
    # The formula is evaluated in float64, the op in `dtype`: a few eps relative, plus an absolute
    # floor of eps for results that cancel to ~0.
    eps = float(np.finfo(dtype).eps)
    np.testing.assert_allclose(out.astype(np.float64), ref, rtol=16 * eps, atol=16 * eps)


def test_gelu_tanh_and_parameters() -> None:
    x = np.linspace(-6, 6, 101)
    t = tfs.asarray(x)
    ref = 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)))
    np.testing.assert_allclose(np.asarray(tfs.gelu(t, approximate="tanh")), ref, rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(np.asarray(tfs.leaky_relu(t, 0.2)), np.where(x < 0, 0.2 * x, x), rtol=1e-15)
    np.testing.assert_allclose(np.asarray(tfs.elu(t, alpha=2.0)), np.where(x > 0, x, 2.0 * np.expm1(x)), rtol=1e-15)
    with pytest.raises(ValueError):
        tfs.gelu(t, approximate="fast")
    assert tfs.relu(tfs.asarray([-3, 4], dtype=tfs.int32)).tolist() == [0, 4]
    assert np.isnan(tfs.relu(tfs.asarray([np.nan])).item())


def test_sigmoid_softplus_do_not_overflow() -> None:
    big = tfs.asarray([-1000.0, 1000.0], dtype=tfs.float32)
    assert tfs.sigmoid(big).tolist() == [0.0, 1.0]
    assert tfs.softplus(big).tolist() == [0.0, 1000.0]


@pytest.mark.parametrize("fn_name", ["softmax", "log_softmax"])
@pytest.mark.parametrize("dtype", ["float32", "float64", "int32"])
@given(data=st.data())
def test_softmax_matches_reference(fn_name: str, dtype: str, data: st.DataObject) -> None:
    shape = data.draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=6))
    if dtype == "int32":
        arr = data.draw(hnp.arrays(np.int32, shape, elements=st.integers(-50, 50)))
    else:
        arr = data.draw(hnp.arrays(np.dtype(dtype), shape, elements=st.floats(-1e3, 1e3, width=32 if dtype == "float32" else 64)))
    axis = data.draw(st.integers(-max(arr.ndim, 1), max(arr.ndim, 1) - 1))
    _, t = data.draw(viewed(arr))
    out = np.asarray(getattr(tfs, fn_name)(t, axis=axis))
    x = arr.astype(np.float64)
    ax = axis if arr.ndim else None
    shifted = x - (np.max(x, axis=ax, keepdims=True) if arr.ndim else x)
    lse = np.log(np.sum(np.exp(shifted), axis=ax, keepdims=True)) if arr.ndim else 0.0
    ref = shifted - lse if fn_name == "log_softmax" else np.exp(shifted - lse)
    want_dtype = "float64" if dtype == "int32" else dtype
    assert out.dtype == want_dtype and out.shape == arr.shape
    eps = float(np.finfo(want_dtype).eps)
    scale = 1.0 if fn_name == "softmax" else np.maximum(1.0, np.abs(ref))
    np.testing.assert_allclose(out, ref, rtol=0, atol=float(np.max(64 * eps * scale)))


def test_softmax_errors_and_extremes() -> None:
    with pytest.raises(tfs.InvalidArgumentError, match="TF_Softmax: axis 2"):
        tfs.softmax(tfs.zeros((2, 2)), axis=2)
    with pytest.raises(tfs.DtypeError):
        tfs.log_softmax(tfs.asarray([True]))
    out = tfs.softmax(tfs.asarray([1000.0, 0.0, -1000.0])).tolist()
    assert out[0] == 1.0 and out[2] == 0.0
    assert tfs.log_softmax(tfs.asarray([0.0, -1e4])).tolist()[1] == pytest.approx(-1e4)
