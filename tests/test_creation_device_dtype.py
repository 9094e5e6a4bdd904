"""Creation functions (empty, *_like, arange, linspace, eye, asarray copy semantics, randint,
tril, triu), the dtype API (result_type, can_cast, astype, finfo, iinfo, isdtype, namespace
info) and devices, differentially against NumPy where NumPy defines the answer.

Tolerance: none anywhere. Creation values are computed with NumPy's own formulas (arange's
fill, linspace's ``i * step + start`` in float64), so every comparison is exact equality."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import threading
from typing import Any, Callable, List, Optional

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tenflowers as tfs
from strategies import DTYPES, SHAPES, arrays, viewed
from tenflowers._core import capi, ffi

INT_DTYPES = ["int8", "int16", "int32", "int64", "uint8"]
NUMERIC = [d for d in DTYPES if d != "bool"]


def same(ours: tfs.Tensor, ref: npt.NDArray[Any]) -> None:
    """Exact equality with NumPy: dtype, shape and every element (NaN where NumPy has NaN)."""
    got = np.asarray(ours)
    assert got.dtype == ref.dtype, (got.dtype, ref.dtype)
    assert got.shape == ref.shape, (got.shape, ref.shape)
    np.testing.assert_array_equal(got, ref)


def data_ptr(t: tfs.Tensor) -> Optional[int]:
    return ffi.tensor_data(t._h)


def run_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
        cwd=tempfile.gettempdir(), env={**os.environ, **env},
    )


# -- empty and *_like ---------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
@given(shape=SHAPES)
def test_empty_has_shape_and_dtype(dtype: str, shape: tuple[int, ...]) -> None:
    t = tfs.empty(shape, dtype=dtype)
    assert t.shape == shape and t.dtype == tfs.asarray(np.zeros((), dtype)).dtype
    assert tfs.empty(shape).dtype == tfs.float64
    e = tfs.empty_like(t)
    assert e.shape == shape and e.dtype == t.dtype
    assert tfs.empty_like(t, dtype=tfs.int16).dtype == tfs.int16


@pytest.mark.parametrize("dtype", DTYPES)
@given(data=st.data())
def test_like_functions_match_numpy(dtype: str, data: st.DataObject) -> None:
    arr, t = data.draw(viewed(data.draw(arrays(dtype))))
    same(tfs.zeros_like(t), np.zeros_like(arr))
    same(tfs.ones_like(t), np.ones_like(arr))
    other = data.draw(st.sampled_from(DTYPES))
    same(tfs.zeros_like(t, dtype=other), np.zeros_like(arr, dtype=other))
    same(tfs.ones_like(t, dtype=other), np.ones_like(arr, dtype=other))
    fill = data.draw(st.one_of(st.booleans(), st.integers(0, 100), st.floats(0, 100)))
    if dtype == "bool" or other == "bool":
        fill = bool(fill)
    same(tfs.full_like(t, fill), np.full_like(arr, fill))
    same(tfs.full_like(t, fill, dtype=other), np.full_like(arr, fill, dtype=other))


def test_full_like_exact_big_int_and_range_errors() -> None:
    x = tfs.zeros((2,), dtype=tfs.int64)
    assert tfs.full_like(x, 2**62 + 1).tolist() == [2**62 + 1] * 2
    assert tfs.full_like(x, 2.9).tolist() == [2, 2]  # truncates, as numpy.full_like
    with pytest.raises(tfs.InvalidArgumentError):
        tfs.full_like(tfs.zeros(2, dtype=tfs.int8), 1000)
    with pytest.raises(tfs.InvalidArgumentError):
        tfs.full_like(x, float("nan"))


# -- arange -------------------------------------------------------------------------------------


@given(start=st.integers(-1000, 1000), stop=st.integers(-1000, 1000),
       step=st.integers(-50, 50).filter(lambda s: s != 0))
def test_arange_ints_match_numpy(start: int, stop: int, step: int) -> None:
    same(tfs.arange(start, stop, step), np.arange(start, stop, step))
    same(tfs.arange(stop), np.arange(stop))
    same(tfs.arange(start, stop), np.arange(start, stop))


@pytest.mark.parametrize("dtype", NUMERIC)
@given(data=st.data())
def test_arange_int_args_every_dtype(dtype: str, data: st.DataObject) -> None:
    lo, hi = (-100, 100) if dtype != "uint8" else (0, 200)
    start, stop = data.draw(st.integers(lo, hi)), data.draw(st.integers(lo, hi))
    step = data.draw(st.integers(-7, 7).filter(lambda s: s != 0))
    same(tfs.arange(start, stop, step, dtype=dtype), np.arange(start, stop, step, dtype=dtype))


@pytest.mark.parametrize("dtype", ["float32", "float64", None])
@given(start=st.floats(-100, 100), span=st.floats(-300, 300),
       step=st.floats(-3, 3).filter(lambda s: abs(s) > 1e-2))
def test_arange_floats_match_numpy_exactly(dtype: Optional[str], start: float, span: float, step: float) -> None:
    stop = start + span
    ref = np.arange(start, stop, step, dtype=dtype)
    same(tfs.arange(start, stop, step, dtype=dtype), ref)


@pytest.mark.parametrize("dtype", INT_DTYPES)
@given(start=st.floats(0, 100), span=st.floats(0, 100), step=st.floats(0.5, 3))
def test_arange_float_args_integer_dtype(dtype: str, start: float, span: float, step: float) -> None:
    # NumPy truncates start and start + step and continues with their difference (so values can
    # exceed stop); where that leaves the dtype NumPy wraps and we raise.
    wide = np.arange(start, start + span, step, dtype=np.int64)
    info = np.iinfo(dtype)
    if wide.size and (wide.min() < info.min or wide.max() > info.max):
        with pytest.raises(tfs.InvalidArgumentError, match="do not fit"):
            tfs.arange(start, start + span, step, dtype=dtype)
        return
    same(tfs.arange(start, start + span, step, dtype=dtype), wide.astype(dtype))


def test_arange_edge_cases() -> None:
    same(tfs.arange(5, 1, -1), np.arange(5, 1, -1))
    same(tfs.arange(0), np.arange(0))
    same(tfs.arange(1, 0), np.arange(1, 0))
    same(tfs.arange(0.0, 1.0, 0.1), np.arange(0.0, 1.0, 0.1))
    same(tfs.arange(1, 2, 0.25), np.arange(1, 2, 0.25))  # any float argument gives float64
    same(tfs.arange(2**62, 2**62 + 5), np.arange(2**62, 2**62 + 5))  # exact beyond 2**53
    big = tfs.arange(-(2**63), 2**63 - 1, 2**62)
    assert big.tolist() == list(range(-(2**63), 2**63 - 1, 2**62))
    same(tfs.arange(tfs.asarray(3)), np.arange(3))
    with pytest.raises(tfs.InvalidArgumentError, match="step must not be zero"):
        tfs.arange(0, 5, 0)
    with pytest.raises(tfs.InvalidArgumentError, match="step must not be zero"):
        tfs.arange(0.0, 5.0, 0.0)
    with pytest.raises(tfs.InvalidArgumentError, match="not finite"):
        tfs.arange(0.0, float("inf"))
    with pytest.raises(tfs.InvalidArgumentError, match="not finite"):
        tfs.arange(float("nan"))
    with pytest.raises(tfs.InvalidArgumentError, match="do not fit in uint8"):
        tfs.arange(0, 300, dtype=tfs.uint8)
    with pytest.raises(tfs.InvalidArgumentError, match="do not fit in int8"):
        tfs.arange(-200, 0, dtype="int8")
    with pytest.raises(tfs.DtypeError):
        tfs.arange(2, dtype=tfs.bool)
    with pytest.raises(tfs.InvalidArgumentError, match="more than fit"):
        tfs.arange(0.0, 1e20, 1e-3)


# -- linspace -----------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ["float32", "float64", None])
@given(start=st.floats(-1e6, 1e6), stop=st.floats(-1e6, 1e6), num=st.integers(0, 60),
       endpoint=st.booleans())
def test_linspace_matches_numpy_exactly(dtype: Optional[str], start: float, stop: float, num: int, endpoint: bool) -> None:
    ref = np.linspace(start, stop, num, endpoint=endpoint, dtype=dtype)
    same(tfs.linspace(start, stop, num, dtype=dtype, endpoint=endpoint), ref)


@pytest.mark.parametrize("dtype", INT_DTYPES + ["bool"])
@given(data=st.data())
def test_linspace_integer_and_bool_dtypes(dtype: str, data: st.DataObject) -> None:
    lo, hi = (0.0, 1.0) if dtype == "bool" else (float(np.iinfo(dtype).min), float(np.iinfo(dtype).max))
    if dtype == "int64":
        lo, hi = -1e15, 1e15
    start, stop = data.draw(st.floats(lo, hi)), data.draw(st.floats(lo, hi))
    num, endpoint = data.draw(st.integers(0, 40)), data.draw(st.booleans())
    ref = np.linspace(start, stop, num, endpoint=endpoint, dtype=dtype)
    same(tfs.linspace(start, stop, num, dtype=dtype, endpoint=endpoint), ref)


def test_linspace_edge_cases() -> None:
    same(tfs.linspace(2.0, 3.0, 1), np.linspace(2.0, 3.0, 1))
    same(tfs.linspace(2.0, 3.0, 1, endpoint=False), np.linspace(2.0, 3.0, 1, endpoint=False))
    same(tfs.linspace(0, 1, 0), np.linspace(0, 1, 0))
    same(tfs.linspace(0.0, 5e-324, 10), np.linspace(0.0, 5e-324, 10))  # denormal step (gh-5437)
    with np.errstate(invalid="ignore"):
        same(tfs.linspace(-1.0, float("inf"), 3), np.linspace(-1.0, float("inf"), 3))
    same(tfs.linspace(0, 10, 11, dtype=tfs.int32), np.linspace(0, 10, 11, dtype=np.int32))
    with pytest.raises(tfs.InvalidArgumentError, match="non-negative"):
        tfs.linspace(0, 1, -1)
    with pytest.raises(tfs.InvalidArgumentError, match="does not fit in uint8"):
        tfs.linspace(-5, 1, 3, dtype=tfs.uint8)
    with pytest.raises(TypeError):
        tfs.linspace(0, 1, 2.5)  # type: ignore[arg-type]


# -- eye, tril, triu ----------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
@given(n=st.integers(0, 6), m=st.one_of(st.none(), st.integers(0, 6)), k=st.integers(-8, 8))
def test_eye_matches_numpy(dtype: str, n: int, m: Optional[int], k: int) -> None:
    same(tfs.eye(n, m, k=k, dtype=dtype), np.eye(n, m, k=k, dtype=dtype))


def test_eye_defaults_and_errors() -> None:
    same(tfs.eye(3), np.eye(3))
    same(tfs.eye(2, 3, k=2**70), np.eye(2, 3, k=0) * 0)
    with pytest.raises(tfs.InvalidArgumentError, match="n_rows is negative"):
        tfs.eye(-1)
    with pytest.raises(tfs.InvalidArgumentError, match="n_cols is negative"):
        tfs.eye(2, -3)


@pytest.mark.parametrize("fn", ["tril", "triu"])
@pytest.mark.parametrize("dtype", DTYPES)
@given(data=st.data())
def test_tril_triu_match_numpy(fn: str, dtype: str, data: st.DataObject) -> None:
    shape = data.draw(hnp.array_shapes(min_dims=2, max_dims=4, min_side=0, max_side=5))
    arr, t = data.draw(viewed(data.draw(arrays(dtype, shape))))
    k = data.draw(st.integers(-7, 7))
    ours: Callable[..., tfs.Tensor] = getattr(tfs, fn)
    ref: Callable[..., Any] = getattr(np, fn)
    same(ours(t, k=k), ref(arr, k=k))
    same(ours(t), ref(arr))


def test_tril_triu_edges() -> None:
    x = tfs.asarray(np.arange(1, 13).reshape(3, 4))
    same(tfs.tril(x, k=2**70), np.arange(1, 13).reshape(3, 4))
    same(tfs.triu(x, k=-(2**70)), np.arange(1, 13).reshape(3, 4))
    big = np.arange(300 * 300, dtype=np.float32).reshape(1, 300, 300)  # the parallel path
    same(tfs.triu(tfs.asarray(big), k=3), np.triu(big, k=3))
    for bad in (tfs.asarray(1.0), tfs.zeros(3)):
        with pytest.raises(tfs.ShapeError, match="at least 2 dimensions"):
            tfs.tril(bad)
        with pytest.raises(tfs.ShapeError, match="at least 2 dimensions"):
            tfs.triu(bad)


# -- asarray and astype copy semantics ----------------------------------------------------------


def test_asarray_copy_semantics() -> None:
    t = tfs.asarray([1.0, 2.0])
    assert tfs.asarray(t) is t
    assert tfs.asarray(t, copy=False) is t
    assert tfs.asarray(t, dtype=tfs.float64, device="cpu") is t
    c = tfs.asarray(t, copy=True)
    assert c is not t and data_ptr(c) != data_ptr(t) and c.tolist() == t.tolist()
    converted = tfs.asarray(t, dtype=tfs.int32)
    assert converted.dtype == tfs.int32 and converted.tolist() == [1, 2]
    with pytest.raises(ValueError, match="needs a copy"):
        tfs.asarray(t, dtype=tfs.int32, copy=False)
    with pytest.raises(ValueError, match="without a copy"):
        tfs.asarray(np.zeros(3), copy=False)
    with pytest.raises(ValueError, match="without a copy"):
        tfs.asarray([1, 2], copy=False)
    a = np.arange(4.0)
    from_np = tfs.asarray(a, copy=None)
    a[0] = 9.0
    assert from_np.tolist() == [0.0, 1.0, 2.0, 3.0]  # always a copy of NumPy data
    same(tfs.asarray([[1, 2]], dtype="int8", copy=True), np.asarray([[1, 2]], dtype=np.int8))
    with pytest.raises(tfs.DtypeError):
        tfs.asarray([1], dtype="complex64")


@pytest.mark.parametrize("src", DTYPES)
@pytest.mark.parametrize("dst", DTYPES)
@given(data=st.data())
def test_astype_matches_numpy(src: str, dst: str, data: st.DataObject) -> None:
    if src in ("float32", "float64") and dst in INT_DTYPES:
        # Out-of-range float to int is undefined in NumPy (C); compare on values that fit.
        ft = np.dtype(src).type
        lo, hi = ft(np.iinfo(dst).min), ft(np.iinfo(dst).max)
        if int(hi) > np.iinfo(dst).max:  # the max rounded up beyond the range
            hi = np.nextafter(hi, ft(0))
        elems: st.SearchStrategy[Any] = st.floats(float(lo), float(hi), width=32 if src == "float32" else 64)
        arr = data.draw(hnp.arrays(np.dtype(src), SHAPES, elements=elems))
    else:
        arr = data.draw(arrays(src))
    _, t = data.draw(viewed(arr))
    with np.errstate(all="ignore"):
        ref = arr.astype(dst)
    same(tfs.astype(t, dst), ref)
    same(t.astype(dst), ref)


def test_astype_copy_flag() -> None:
    t = tfs.asarray([1, 2, 3])
    assert tfs.astype(t, tfs.int64, copy=False) is t
    assert t.astype(tfs.int64, copy=False) is t
    for c in (tfs.astype(t, tfs.int64), t.astype(tfs.int64), tfs.astype(t, "int64", copy=True)):
        assert c is not t and data_ptr(c) != data_ptr(t) and c.tolist() == [1, 2, 3]
    assert tfs.astype(t, tfs.float32, copy=False).dtype == tfs.float32
    assert tfs.astype(t, tfs.int64, copy=False, device="cpu") is t
    with pytest.raises(tfs.DtypeError):
        tfs.astype(t, "float16")
    with pytest.raises(tfs.DeviceError):
        tfs.astype(t, tfs.int64, device="cuda")


def test_copy_of_a_view_is_contiguous() -> None:
    base = tfs.asarray(np.arange(6).reshape(2, 3))
    c = tfs.asarray(base.T, copy=True)
    assert ffi.is_contiguous(c._h) and c.tolist() == [[0, 3], [1, 4], [2, 5]]


# -- randint ------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", INT_DTYPES + ["bool"])
def test_randint_range_and_dtype(dtype: str) -> None:
    lo, hi = (0, 2) if dtype == "bool" else (int(np.iinfo(dtype).min), int(np.iinfo(dtype).max) + 1)
    if dtype == "int64":
        hi -= 1
    t = tfs.randint(lo, hi, size=(20_000,), dtype=dtype)
    a = t.numpy()
    assert t.dtype.name == dtype and a.shape == (20_000,)
    assert a.min() >= lo and a.max() <= hi - 1
    small = tfs.randint(-3 if dtype not in ("uint8", "bool") else 0, 2, size=(5_000,), dtype=dtype).numpy()
    assert len(np.unique(small)) == (5 if dtype not in ("uint8", "bool") else 2)


def test_randint_forms_seeding_and_uniformity() -> None:
    tfs.manual_seed(11)
    a = tfs.randint(10, size=(100_000,)).numpy()
    tfs.manual_seed(11)
    b = tfs.randint(0, 10, (100_000,)).numpy()
    np.testing.assert_array_equal(a, b)
    assert a.dtype == np.int64 and a.min() == 0 and a.max() == 9
    counts = np.bincount(a, minlength=10)
    assert np.all(np.abs(counts - 10_000) < 500), counts  # ~5 sigma
    assert tfs.randint(5).shape == ()
    assert tfs.randint(5, size=3).shape == (3,)
    assert tfs.randint(-(2**63), 2**63 - 1, size=(4,)).dtype == tfs.int64


def test_randint_same_with_one_thread() -> None:
    code = "import tenflowers as tfs; tfs.manual_seed(3); print(tfs.randint(-50, 50, (300_000,)).sum().item())"
    many, one = run_python(code), run_python(code, RAYON_NUM_THREADS="1")
    assert many.returncode == 0 and one.returncode == 0, many.stderr + one.stderr
    assert many.stdout == one.stdout


def test_randint_errors() -> None:
    with pytest.raises(tfs.InvalidArgumentError, match="low 5 must be less than high 5"):
        tfs.randint(5, 5, size=3)
    with pytest.raises(tfs.InvalidArgumentError, match="less than high"):
        tfs.randint(0)
    with pytest.raises(tfs.InvalidArgumentError, match="out of bounds for uint8"):
        tfs.randint(-1, 10, size=3, dtype=tfs.uint8)
    with pytest.raises(tfs.InvalidArgumentError, match="out of bounds for int8"):
        tfs.randint(0, 129, size=3, dtype=tfs.int8)
    with pytest.raises(tfs.DtypeError, match="integer"):
        tfs.randint(0, 10, size=3, dtype=tfs.float32)
    with pytest.raises(tfs.InvalidArgumentError, match="negative"):
        tfs.randint(0, 10, size=(-1,))
    with pytest.raises(OverflowError):
        tfs.randint(0, 2**64)


# -- errors common to creation functions --------------------------------------------------------

CREATORS: dict[str, Callable[..., tfs.Tensor]] = {
    "asarray": lambda **kw: tfs.asarray([1.0, 2.0], **kw),
    "zeros": lambda **kw: tfs.zeros((2, 3), **kw),
    "ones": lambda **kw: tfs.ones((2, 3), **kw),
    "full": lambda **kw: tfs.full((2, 3), 1, **kw),
    "empty": lambda **kw: tfs.empty((2, 3), **kw),
    "zeros_like": lambda **kw: tfs.zeros_like(tfs.zeros(2), **kw),
    "ones_like": lambda **kw: tfs.ones_like(tfs.zeros(2), **kw),
    "full_like": lambda **kw: tfs.full_like(tfs.zeros(2), 1, **kw),
    "empty_like": lambda **kw: tfs.empty_like(tfs.zeros(2), **kw),
    "arange": lambda **kw: tfs.arange(5, **kw),
    "linspace": lambda **kw: tfs.linspace(0, 1, 5, **kw),
    "eye": lambda **kw: tfs.eye(3, **kw),
    "rand": lambda **kw: tfs.rand(3, **kw),
    "randn": lambda **kw: tfs.randn(3, **kw),
    "randint": lambda **kw: tfs.randint(0, 3, size=4, **kw),
}
FLOAT_ONLY = {"rand", "randn"}
INT_ONLY = {"randint"}


@pytest.mark.parametrize("name", sorted(CREATORS))
def test_every_creation_function_takes_device(name: str) -> None:
    make = CREATORS[name]
    for dev in ("cpu", tfs.Device("cpu"), tfs.get_default_device(), None):
        assert make(device=dev).device == "cpu"
    with pytest.raises(tfs.DeviceError, match="unknown device 'cuda:0'; available devices: cpu"):
        make(device="cuda:0")
    with pytest.raises(TypeError):
        make(device=0)


@pytest.mark.parametrize("name", sorted(CREATORS))
@pytest.mark.parametrize("bad", ["float16", "complex64", "int128", object()])
def test_every_creation_function_rejects_bad_dtypes(name: str, bad: Any) -> None:
    with pytest.raises(tfs.DtypeError):
        CREATORS[name](dtype=bad)


@pytest.mark.parametrize("name", sorted(set(CREATORS) - FLOAT_ONLY - INT_ONLY - {"asarray"}))
@pytest.mark.parametrize("dtype", DTYPES)
def test_every_creation_function_takes_every_dtype(name: str, dtype: str) -> None:
    if name == "arange" and dtype == "bool":
        with pytest.raises(tfs.DtypeError):
            CREATORS[name](dtype=dtype)
        return
    assert CREATORS[name](dtype=dtype).dtype.name == dtype


@pytest.mark.parametrize(
    "make",
    [lambda: tfs.empty((2, -1)), lambda: tfs.ones((-1,)), lambda: tfs.full((-3,), 1.0),
     lambda: tfs.rand(-2), lambda: tfs.randint(0, 5, size=(3, -2)), lambda: tfs.eye(-2)],
)
def test_negative_sizes_are_invalid(make: Callable[[], tfs.Tensor]) -> None:
    with pytest.raises(tfs.InvalidArgumentError, match="negative"):
        make()


# -- dtype API ----------------------------------------------------------------------------------

ALL_DTYPES = [tfs.float32, tfs.float64, tfs.int8, tfs.int16, tfs.int32, tfs.int64, tfs.uint8, tfs.bool]


@pytest.mark.parametrize("a", ALL_DTYPES, ids=str)
@pytest.mark.parametrize("b", ALL_DTYPES, ids=str)
def test_result_type_and_can_cast_match_numpy(a: tfs.DType, b: tfs.DType) -> None:
    ref = np.result_type(np.dtype(a.name), np.dtype(b.name))
    assert tfs.result_type(a, b).name == ref.name
    assert tfs.result_type(tfs.zeros(1, dtype=a), b).name == ref.name
    assert tfs.can_cast(a, b) == np.can_cast(np.dtype(a.name), np.dtype(b.name), "safe")
    assert tfs.can_cast(tfs.zeros(1, dtype=a), b) == tfs.can_cast(a, b)
    # The operations use the same table.
    assert (tfs.zeros(1, dtype=a) * tfs.zeros(1, dtype=b)).dtype == tfs.result_type(a, b)
    for c in ALL_DTYPES:
        three = np.result_type(np.dtype(a.name), np.dtype(b.name), np.dtype(c.name))
        assert tfs.result_type(a, b, c).name == three.name


@pytest.mark.parametrize("d", ALL_DTYPES, ids=str)
@pytest.mark.parametrize("scalar", [True, 1, 1.0, -7, 2.5])
def test_result_type_python_scalars_are_weak(d: tfs.DType, scalar: Any) -> None:
    assert tfs.result_type(d, scalar).name == np.result_type(np.dtype(d.name), scalar).name
    assert tfs.result_type(scalar, tfs.zeros(1, dtype=d)).name == np.result_type(scalar, np.dtype(d.name)).name


def test_result_type_errors_and_c_entry() -> None:
    with pytest.raises(TypeError):
        tfs.result_type()
    with pytest.raises(TypeError):
        tfs.result_type(1, 2.0)
    with pytest.raises(tfs.DtypeError):
        tfs.result_type(tfs.float32, 1j)
    with pytest.raises(tfs.DtypeError):
        tfs.result_type(tfs.float32, "float16")
    with pytest.raises(tfs.DtypeError, match="TF_ResultType: unknown dtype value 99"):
        ffi.call_status(capi.TF_ResultType, 1, 99)


def test_dtype_objects_compare_and_hash() -> None:
    assert tfs.float32 == tfs.float32 and tfs.float32 != tfs.float64
    assert hash(tfs.float32) == hash(tfs.float32)
    assert len({tfs.float32, tfs.float32, tfs.int8}) == 2
    assert {tfs.int64: "x"}[tfs.zeros(1, dtype=tfs.int64).dtype] == "x"
    assert tfs.float32 != "float32" and tfs.float32 != np.float32
    assert pickle.loads(pickle.dumps(tfs.uint8)) is tfs.uint8


@pytest.mark.parametrize("d", [tfs.float32, tfs.float64], ids=str)
def test_finfo_matches_numpy(d: tfs.DType) -> None:
    ref = np.finfo(d.name)
    for f in (tfs.finfo(d), tfs.finfo(tfs.zeros(1, dtype=d))):
        assert f.bits == ref.bits and f.dtype == d
        assert f.eps == float(ref.eps) and f.max == float(ref.max) and f.min == float(ref.min)
        assert f.smallest_normal == float(ref.smallest_normal)
        assert all(isinstance(v, float) for v in (f.eps, f.max, f.min, f.smallest_normal))


@pytest.mark.parametrize("d", [tfs.int8, tfs.int16, tfs.int32, tfs.int64, tfs.uint8], ids=str)
def test_iinfo_matches_numpy(d: tfs.DType) -> None:
    ref = np.iinfo(d.name)
    for i in (tfs.iinfo(d), tfs.iinfo(tfs.zeros(1, dtype=d))):
        assert (i.bits, i.max, i.min, i.dtype) == (ref.bits, int(ref.max), int(ref.min), d)


def test_finfo_iinfo_reject_other_kinds() -> None:
    for d in (tfs.int32, tfs.bool):
        with pytest.raises(tfs.DtypeError):
            tfs.finfo(d)
    for d in (tfs.float32, tfs.bool):
        with pytest.raises(tfs.DtypeError):
            tfs.iinfo(d)


KINDS = ["bool", "signed integer", "unsigned integer", "integral", "real floating", "complex floating", "numeric"]


@pytest.mark.parametrize("d", ALL_DTYPES, ids=str)
def test_isdtype_matches_numpy(d: tfs.DType) -> None:
    nd = np.dtype(d.name)
    for kind in KINDS:
        assert tfs.isdtype(d, kind) == np.isdtype(nd, kind), kind
    assert tfs.isdtype(d, ("bool", "real floating")) == np.isdtype(nd, ("bool", "real floating"))
    assert tfs.isdtype(d, d) and tfs.isdtype(d, (tfs.int8, d))
    with pytest.raises(ValueError, match="unknown dtype kind"):
        tfs.isdtype(d, "floating")
    with pytest.raises(TypeError):
        tfs.isdtype("float32", "numeric")  # type: ignore[arg-type]


def test_array_namespace() -> None:
    t = tfs.zeros(2)
    assert t.__array_namespace__() is tfs
    assert t.__array_namespace__(api_version="2023.12") is tfs
    with pytest.raises(ValueError):
        t.__array_namespace__(api_version="2099.12")
    assert tfs.__array_api_version__ == "2023.12"
    info = tfs.__array_namespace_info__()
    caps = info.capabilities()
    assert caps["boolean indexing"] is False and caps["data-dependent shapes"] is False
    assert info.default_device() == tfs.get_default_device() == "cpu"
    assert info.devices() == [tfs.Device("cpu")]
    assert info.default_dtypes() == {"real floating": tfs.float64, "integral": tfs.int64, "indexing": tfs.int64}
    assert info.default_dtypes(device="cpu")["integral"] == tfs.int64
    assert list(info.dtypes()) == ["float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool"]
    assert set(info.dtypes(kind="integral")) == {"int8", "int16", "int32", "int64", "uint8"}
    assert set(info.dtypes(kind=("bool", "real floating"))) == {"bool", "float32", "float64"}
    assert info.dtypes(kind="complex floating") == {}
    with pytest.raises(tfs.DeviceError):
        info.dtypes(device="cuda")


# -- devices ------------------------------------------------------------------------------------


def test_device_objects() -> None:
    t = tfs.ones(3)
    d = t.device
    assert isinstance(d, tfs.Device) and d == "cpu" and d == tfs.Device("cpu") and not d != "cpu"
    assert repr(d) == "device(type='cpu')" and str(d) == "cpu" and d.type == "cpu" and d.index is None
    assert hash(d) == hash(tfs.Device("cpu")) == hash("cpu")
    assert d != "cuda" and d != 3
    assert pickle.loads(pickle.dumps(d)) == d
    with pytest.raises(tfs.DeviceError, match="unknown device 'gpu'; available devices: cpu"):
        tfs.Device("gpu")


def test_to_device() -> None:
    t = tfs.ones(3)
    assert t.to_device("cpu") is t
    assert t.to_device(tfs.Device("cpu")) is t
    with pytest.raises(tfs.DeviceError, match="unknown device 'cuda:0'; available devices: cpu"):
        t.to_device("cuda:0")
    with pytest.raises(ValueError):
        t.to_device("cpu", stream=1)
    h = ffi.call(capi.TF_ToDevice, t._h, b"cpu")
    assert ffi.tensor_data(h) == data_ptr(t)  # a new handle to the same storage
    ffi.delete_tensor(h)
    with pytest.raises(tfs.DeviceError, match="TF_ToDevice: unknown device 'tpu'"):
        ffi.call(capi.TF_ToDevice, t._h, b"tpu")


def test_default_device_get_set_and_threads() -> None:
    assert tfs.get_default_device() == "cpu"
    tfs.set_default_device("cpu")
    tfs.set_default_device(tfs.Device("cpu"))
    with pytest.raises(tfs.DeviceError, match="TF_SetDefaultDevice: unknown device 'cuda:0'; available devices: cpu"):
        tfs.set_default_device("cuda:0")
    with pytest.raises(TypeError):
        tfs.set_default_device(None)  # type: ignore[arg-type]
    assert tfs.get_default_device() == "cpu"  # unchanged by the failed call
    errors: List[BaseException] = []

    def worker() -> None:
        try:
            for _ in range(200):
                tfs.set_default_device("cpu")
                assert tfs.get_default_device() == "cpu"
                assert tfs.zeros(2).device == "cpu"
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors


def test_device_list_comes_from_the_core() -> None:
    assert capi.TF_NumDevices() == 1
    assert capi.TF_DeviceName(0) == b"cpu"
    assert capi.TF_DeviceName(1) is None
    assert capi.TF_DeviceName(-1) is None
    assert capi.TF_GetDefaultDevice() == b"cpu"
    assert capi.TF_TensorDevice(None) is None


@given(data=st.data())
def test_creation_default_dtypes_follow_the_standard(data: st.DataObject) -> None:
    n = data.draw(st.integers(0, 4))
    assert tfs.zeros(n).dtype == tfs.float64 and tfs.empty(n).dtype == tfs.float64
    assert tfs.eye(n).dtype == tfs.float64 and tfs.linspace(0, 1, n).dtype == tfs.float64
    assert tfs.arange(n).dtype == tfs.int64 and tfs.arange(float(n)).dtype == tfs.float64
    assume(n > 0)
    assert tfs.randint(n).dtype == tfs.int64


def test_c_test_program_passes(tmp_path: Any) -> None:
    """Builds and runs tests/c/test_creation_device.c against the installed library (the
    sanitizer build is the command in that file's header)."""
    cc = shutil.which(os.environ.get("CC", "cc"))
    if cc is None or os.environ.get("TENFLOWERS_SKIP_C_TESTS"):
        pytest.skip("no C compiler (or TENFLOWERS_SKIP_C_TESTS is set)")
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "c", "test_creation_device.c")
    exe = str(tmp_path / "test_creation_device")
    lib = tfs.get_library()
    subprocess.run(
        [cc, "-std=c99", "-Wall", "-Wextra", "-Werror", "-I", tfs.get_include(), src, lib,
         f"-Wl,-rpath,{os.path.dirname(lib)}", "-o", exe],
        check=True, capture_output=True, text=True,
    )
    r = subprocess.run([exe], capture_output=True, text=True, timeout=120)
    last = r.stdout.strip().splitlines()[-1]
    assert r.returncode == 0 and last.endswith(" 0 failed"), r.stdout + r.stderr
