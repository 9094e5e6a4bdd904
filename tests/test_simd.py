"""The SIMD kernels (rust/src/kernels/elementwise/vecmath/) at every SIMD tail length, on unaligned and strided
views, on special values, and against NumPy/float64 references with the ULP bounds stated in
docs/simd.md.

Sizes 1..65 cover every tail of 4-, 8- and 16-lane vectors (and the 64-lane blocks of the sum);
the larger odd sizes cross the parallel threshold (65536). A view ``x[1:]`` starts off the
vector alignment; ``x[::3]`` takes the strided (gathered) path. Both must give bitwise the same
results as a contiguous copy.
"""

from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np
import numpy.typing as npt
import pytest

import tenflowers as tfs

Arr = npt.NDArray[Any]

SIZES = list(range(1, 66)) + [127, 129, 1000, 4099]
BIG = [65537, 100_003]
FLOATS = ("float32", "float64")

_erf = np.vectorize(math.erf, otypes=[np.float64])
_erfc = np.vectorize(math.erfc, otypes=[np.float64])


def _sigmoid(x: Arr) -> Arr:
    with np.errstate(over="ignore"):
        e = np.exp(-np.abs(x))
        return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


# name -> (tenflowers function, float64 reference, ULP bound for float32, for float64 vs NumPy)
UNARY: dict[str, tuple[Callable[[Any], Any], Callable[[Arr], Arr], float, float]] = {
    "exp": (tfs.exp, np.exp, 1.0, 2.0),
    "log": (tfs.log, np.log, 1.0, 2.0),
    "tanh": (tfs.tanh, np.tanh, 2.0, 3.0),
    "sigmoid": (tfs.sigmoid, _sigmoid, 2.5, 3.0),
    "silu": (tfs.silu, lambda x: x * _sigmoid(x), 3.5, 4.0),
    "erf": (tfs.erf, _erf, 1.0, 2.0),
    # 0.5 x (1 + erf(x / sqrt 2)) written with erfc, which does not cancel for x < 0. The
    # argument is formed as the kernel forms it (x times the double nearest 1/sqrt 2): erfc's
    # condition number 2a^2 would turn a 1-ULP difference there into tens of ULPs.
    "gelu": (tfs.gelu, lambda x: 0.5 * x * _erfc(-x * math.sqrt(0.5)), 2.0, 6.0),
    "relu": (tfs.relu, lambda x: np.where(x < 0, 0.0, x), 0.0, 0.0),
}


def values(n: int, dtype: str, name: str, seed: int = 0) -> Arr:
    rng = np.random.default_rng(seed + n)
    if name == "log":
        x = np.exp(rng.uniform(-80, 80, n))
    elif name == "exp":
        x = rng.uniform(-100, 90, n)
    else:
        x = rng.uniform(-12, 12, n)
    return x.astype(dtype)


def assert_ulp(got: Arr, ref64: Arr, ulps: float, dtype: str, what: str) -> None:
    """`got` (dtype) within `ulps` ULPs of the exact value `ref64` (float64), in units of the
    ULP of the result's dtype at the reference; NaN/inf must match exactly."""
    want = ref64.astype(dtype)
    special = ~np.isfinite(want)
    np.testing.assert_array_equal(got[special], want[special], err_msg=what)
    g = got[~special].astype(np.float64)
    r = ref64[~special]
    tiny = np.finfo(dtype).tiny
    spacing = np.spacing(np.maximum(np.abs(r), tiny).astype(dtype)).astype(np.float64)
    err = np.abs(g - r) / spacing
    assert not (err > ulps).any(), f"{what}: {err.max()} ULP at x with want {r[err > ulps][:3]} got {g[err > ulps][:3]}"


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_tails_views_and_accuracy(name: str, dtype: str) -> None:
    fn, ref, ulp32, ulp64 = UNARY[name]
    for n in SIZES + BIG:
        x = values(n + 1, dtype, name)
        t = tfs.asarray(x)
        whole = np.asarray(fn(t))
        view = np.asarray(fn(t[1:]))
        copy = np.asarray(fn(tfs.asarray(x[1:].copy())))
        assert view.dtype == np.dtype(dtype)
        np.testing.assert_array_equal(view.view(np.uint8), copy.view(np.uint8), err_msg=f"{name} n={n} x[1:]")
        # Same value, different position in the vector: same bits.
        np.testing.assert_array_equal(view.view(np.uint8), whole[1:].view(np.uint8), err_msg=f"{name} n={n}")
        stepped = np.asarray(fn(t[::3]))
        np.testing.assert_array_equal(
            stepped.view(np.uint8), np.asarray(fn(tfs.asarray(x[::3].copy()))).view(np.uint8), err_msg=f"{name} x[::3]"
        )
        if dtype == "float32":
            with np.errstate(all="ignore"):
                assert_ulp(whole, ref(x.astype(np.float64)), ulp32, dtype, f"{name} n={n}")
        else:
            with np.errstate(all="ignore"):
                want = np.asarray(ref(x))
            assert_ulp(whole, want, ulp64, dtype, f"{name} n={n}")


SPECIAL = [0.0, -0.0, np.inf, -np.inf, np.nan, 1e-45, -1e-45, 1e-40, 1e-30, -1e-30, 88.72, 88.73, 89.0, -87.0,
           -103.0, -104.0, -110.0, 0.625, -0.625, 0.84375, 1.25, 2.857, 6.0, -6.0, 9.5, 20.0, -20.0, 1e30,
           -1e30, 700.0, 710.0, -740.0, -746.0, 3e38, -3e38]


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_special_values_match_numpy_semantics(name: str, dtype: str) -> None:
    fn, ref, ulp32, ulp64 = UNARY[name]
    special = SPECIAL
    if name == "silu":
        # Where sigmoid(x) is subnormal, x * sigmoid(x) keeps only its absolute accuracy (as
        # before the SIMD kernels; docs/simd.md): checked apart below.
        special = [v for v in SPECIAL if not v < -87.0]
    with np.errstate(all="ignore"):
        x = np.array(special, dtype=dtype)
        got = np.asarray(fn(tfs.asarray(x)))
        want64 = np.asarray(ref(x.astype(np.float64)))
    assert_ulp(got, want64, ulp32 if dtype == "float32" else ulp64, dtype, name)
    # Signs of zero and saturation exactly as NumPy / the definitions.
    np.testing.assert_array_equal(np.signbit(got[:2]), np.signbit(want64[:2].astype(dtype)), err_msg=name)


def test_silu_deep_negative_is_tiny_and_negative() -> None:
    # (silu(-inf) is -inf * 0 = NaN, as the formula and torch.)
    x = np.array([-90.0, -103.0, -104.0, -110.0, -1e30], dtype=np.float32)
    got = np.asarray(tfs.silu(tfs.asarray(x)))
    assert (got <= 0).all() and (np.abs(got) < 1e-36).all()
    assert np.isnan(np.asarray(tfs.silu(tfs.asarray(np.array([np.nan], dtype=np.float32))))).all()


def test_log_domain_and_exp_range() -> None:
    for dtype in FLOATS:
        x = np.array([-1.0, -np.inf, -0.0, 0.0, np.inf, np.nan], dtype=dtype)
        got = np.asarray(tfs.log(tfs.asarray(x)))
        assert np.isnan(got[0]) and np.isnan(got[1]) and np.isnan(got[5])
        assert got[2] == -np.inf and got[3] == -np.inf and got[4] == np.inf
        info = np.finfo(dtype)
        # exp: overflow to inf, underflow through the subnormals to 0 (as NumPy).
        xs = np.linspace(float(np.log(info.smallest_subnormal)) - 2, float(np.log(info.max)) + 2, 20001).astype(dtype)
        with np.errstate(all="ignore"):
            want = np.exp(xs.astype(np.float64)).astype(dtype)
        got = np.asarray(tfs.exp(tfs.asarray(xs)))
        np.testing.assert_array_equal(np.isinf(got), np.isinf(want))
        np.testing.assert_array_equal(got == 0, want == 0)
        sub = (want != 0) & (np.abs(want) < info.tiny)
        assert sub.any()
        # Subnormal results are rounded once: within one subnormal step.
        assert (np.abs(got[sub].astype(np.float64) - np.exp(xs[sub].astype(np.float64)))
                <= float(info.smallest_subnormal)).all()


BIN_DTYPES = ("float32", "float64", "int8", "uint8", "int32", "int64")
BIN = {"add": np.add, "subtract": np.subtract, "multiply": np.multiply, "divide": np.divide}


@pytest.mark.parametrize("dtype", BIN_DTYPES)
@pytest.mark.parametrize("name", sorted(BIN))
def test_binary_tails_views_and_scalar_broadcast(name: str, dtype: str) -> None:
    fn = getattr(tfs, name)
    ref = BIN[name]
    rng = np.random.default_rng(7)
    for n in SIZES + BIG:
        if dtype.startswith("float"):
            a = rng.normal(size=n + 1).astype(dtype)
            b = rng.normal(size=n + 1).astype(dtype)
            if n < 66:
                a[0], b[-1] = np.nan, -0.0
        else:
            info = np.iinfo(dtype)
            a = rng.integers(info.min, info.max, n + 1, endpoint=True).astype(dtype)
            b = rng.integers(info.min, info.max, n + 1, endpoint=True).astype(dtype)
        ta, tb = tfs.asarray(a), tfs.asarray(b)
        s = b[:1].reshape(())
        ts = tfs.asarray(s)
        with np.errstate(all="ignore"):
            cases = [
                (fn(ta, tb), ref(a, b)),
                (fn(ta[1:], tb[:-1]), ref(a[1:], b[:-1])),  # unaligned, different offsets
                (fn(ta[::2], tb[::2]), ref(a[::2], b[::2])),  # strided
                (fn(ta, ts), ref(a, s)),  # scalar on the right
                (fn(ts, tb[1:]), ref(s, b[1:])),  # scalar on the left
            ]
            for got, want in cases:
                got = np.asarray(got)
                assert got.dtype == want.dtype, (name, dtype, got.dtype, want.dtype)
                np.testing.assert_array_equal(got, want, err_msg=f"{name} {dtype} n={n}")


@pytest.mark.parametrize("dtype", FLOATS)
def test_sum_and_mean_tails_views_and_accuracy(dtype: str) -> None:
    rng = np.random.default_rng(3)
    for n in SIZES + BIG + [1_000_001]:
        x = rng.uniform(-1, 1, n + 1).astype(dtype)
        exact = math.fsum(x[1:].astype(np.float64))
        t = tfs.asarray(x)
        for v, ref in ((t[1:], exact), (tfs.asarray(x[1:].copy()), exact)):
            s = float(np.asarray(tfs.sum(v)))
            m = float(np.asarray(tfs.mean(v)))
            eps = float(np.finfo(dtype).eps)
            # Pairwise bound: (22 + log2 n) eps times the sum of magnitudes.
            bound = (22 + math.log2(n)) * eps * float(np.abs(x[1:]).astype(np.float64).sum()) + 1e-300
            assert abs(s - ref) <= bound, (n, s, ref)
            assert abs(m - ref / n) <= bound / n + eps * abs(ref / n), (n, m)
        # A view and its copy sum in the same order.
        assert np.asarray(tfs.sum(t[1:])).tobytes() == np.asarray(tfs.sum(tfs.asarray(x[1:].copy()))).tobytes()
    # Many equal small terms: pairwise keeps float32 accurate where a running sum drifts.
    s32 = float(np.asarray(tfs.sum(tfs.asarray(np.full(1_000_000, 0.1, dtype=np.float32)))))
    assert abs(s32 - 100_000.0) < 0.1


def test_sum_special_values() -> None:
    for dtype in FLOATS:
        for vals, want in (([1.0, np.inf], np.inf), ([np.inf, -np.inf], np.nan), ([np.nan, 1.0], np.nan),
                           ([-0.0, -0.0], -0.0), ([], 0.0)):
            x = np.array(vals * 40, dtype=dtype) if vals else np.array([], dtype=dtype)
            got = np.asarray(tfs.sum(tfs.asarray(x)))
            ref = np.sum(x)
            np.testing.assert_array_equal(got, ref)
            assert np.signbit(got) == np.signbit(ref)
            if not np.isnan(want):
                assert got == want or (vals == [-0.0, -0.0])
