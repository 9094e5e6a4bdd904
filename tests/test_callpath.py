"""The fast Python call path of the operators: C calls with a NULL status (retried with a status
only on failure), cached 0-d Python-scalar operands, and Tensor lifetime. NumPy is the oracle."""

from __future__ import annotations

import copy
import math
import operator
import threading
from typing import Any, Callable

import numpy as np
import pytest

import tenflowers as tfs
from tenflowers.errors import DtypeError, ShapeError

BINARY: list[tuple[str, Callable[[Any, Any], Any]]] = [
    ("+", operator.add), ("-", operator.sub), ("*", operator.mul), ("/", operator.truediv),
    ("//", operator.floordiv), ("%", operator.mod), ("**", operator.pow),
    ("==", operator.eq), ("!=", operator.ne), ("<", operator.lt), ("<=", operator.le),
    (">", operator.gt), (">=", operator.ge),
]
BITWISE: list[tuple[str, Callable[[Any, Any], Any]]] = [
    ("&", operator.and_), ("|", operator.or_), ("^", operator.xor), ("<<", operator.lshift), (">>", operator.rshift),
]
SCALARS: list[Any] = [0, 1, 2, -3, 0.0, -0.0, 1.0, 2.5, -1.5, True, False, 1000, 2**40, float("inf")]


def check(got: Any, want: np.ndarray, ulp: int = 0) -> None:
    arr = np.asarray(got)
    assert arr.dtype == want.dtype, (arr.dtype, want.dtype)
    if ulp and want.dtype.kind == "f":  # pow is not correctly rounded (in NumPy either)
        finite = np.isfinite(want)
        np.testing.assert_array_equal(arr[~finite], want[~finite])
        np.testing.assert_array_max_ulp(arr[finite], want[finite], maxulp=ulp)
    else:
        np.testing.assert_array_equal(arr, want)
    if want.dtype.kind == "f":  # the sign of zeros too (0.0 and -0.0 must not share a cache slot)
        np.testing.assert_array_equal(np.signbit(arr), np.signbit(want))


def numpy_or_error(fn: Callable[[], Any]) -> Any:
    with np.errstate(all="ignore"):
        try:
            return fn()
        except (OverflowError, ZeroDivisionError, ValueError, TypeError) as e:
            return e


@pytest.mark.parametrize("dtype", ["float32", "float64", "int8", "int32", "int64", "uint8"])
@pytest.mark.parametrize("name, op", BINARY, ids=[o[0] for o in BINARY])
def test_scalar_operands_match_numpy_repeatedly(dtype: str, name: str, op: Callable[[Any, Any], Any]) -> None:
    base = np.array([-2, 0, 3, 7], dtype=dtype) if dtype != "uint8" else np.array([0, 1, 3, 7], dtype=dtype)
    if dtype.startswith("float"):
        base = np.array([-0.0, 0.0, 1.5, -2.0], dtype=dtype)
    t = tfs.asarray(base)
    for _ in range(2):  # the second round is served from the scalar cache
        for s in SCALARS:
            pairs: list[tuple[Callable[[], Any], Callable[[], Any]]] = [
                (lambda: op(t, s), lambda: op(base, s)),
                (lambda: op(s, t), lambda: op(s, base)),
            ]
            for got_fn, want_fn in pairs:
                want = numpy_or_error(want_fn)
                if isinstance(want, Exception):
                    try:
                        got_fn()
                    except Exception:
                        continue  # both refuse (overflowing Python ints, negative int powers)
                    continue  # NumPy refuses where tenflowers defines a result (e.g. 0 ** -3): not compared
                if name == "**" and dtype.startswith("int") and np.any(np.asarray(want) < 0) and s < 0:
                    continue
                try:
                    got = got_fn()
                except (OverflowError, tfs.errors.InvalidArgumentError):
                    continue
                check(got, np.asarray(want), ulp=2 if name == "**" else 0)


@pytest.mark.parametrize("name, op", BITWISE, ids=[o[0] for o in BITWISE])
def test_bitwise_scalar_operands(name: str, op: Callable[[Any, Any], Any]) -> None:
    base = np.array([1, 6, 12, 100], dtype=np.int32)
    t = tfs.asarray(base)
    for _ in range(2):
        for s in (0, 1, 3, True):
            check(op(t, s), np.asarray(op(base, s)))
            check(op(s, t), np.asarray(op(s, base)))


def test_equal_values_of_different_types_do_not_share_a_cached_scalar() -> None:
    t = tfs.asarray(np.array([1, 2], dtype=np.int8))
    for _ in range(2):
        assert (t + 1).dtype == tfs.int8
        assert (t + 1.0).dtype == tfs.float64
        assert (t + True).dtype == tfs.int8
        assert (t / 2).dtype == tfs.float64
    b = tfs.asarray(np.array([True, False]))
    for _ in range(2):
        assert (b + True).dtype == tfs.bool
        assert (b + 1).dtype == tfs.int64
        assert (b + 1.0).dtype == tfs.float64


def test_nan_scalars_and_many_distinct_scalars() -> None:
    base = np.linspace(-3, 3, 7).astype(np.float32)
    t = tfs.asarray(base)
    nan = float("nan")
    for _ in range(3):
        check(t != nan, base != np.float32(nan))
        check(t + nan, base + np.float32(nan))
    for i in range(700):  # more than the cache holds: it is cleared, results stay right
        v = i * 0.25 - 50
        check(t * v, base * np.float32(v))
        check(v - t, np.float32(v) - base)


def test_same_scalar_for_tensors_of_different_dtypes() -> None:
    for dtype in ("int8", "int16", "float32", "float64", "uint8"):
        base = np.array([1, 2, 3], dtype=dtype)
        t = tfs.asarray(base)
        check(t + 3, base + 3)
        check(t * 2.5, base * 2.5)


def test_failures_raise_the_right_error_after_a_null_status_call() -> None:
    a = tfs.ones((3,), dtype=tfs.float32)
    b = tfs.ones((4,), dtype=tfs.float32)
    with pytest.raises(ShapeError, match="TF_Add"):
        a + b
    with pytest.raises(ShapeError, match="TF_MatMul"):
        a @ b
    with pytest.raises(DtypeError):
        tfs.ones((2,), dtype=tfs.bool) - tfs.ones((2,), dtype=tfs.bool)
    with pytest.raises(DtypeError):
        tfs.exp(tfs.ones((2,), dtype=tfs.bool))
    with pytest.raises(OverflowError):
        tfs.ones((2,), dtype=tfs.int8) + 1000
    check(tfs.ones((2,), dtype=tfs.int8) + 100, np.ones(2, np.int8) + 100)
    np.testing.assert_allclose(np.asarray(tfs.exp(1.0)), np.exp(1.0))


def test_non_scalar_operands_take_the_general_path() -> None:
    base = np.arange(4, dtype=np.float32)
    t = tfs.asarray(base)
    check(t + np.float32(2),  # type: ignore[operator]
          base + np.float32(2))
    check(t + [1.0, 2.0, 3.0, 4.0],  # type: ignore[operator]
          base + np.array([1.0, 2.0, 3.0, 4.0]))
    check([1.0, 2.0, 3.0, 4.0] - t,  # type: ignore[operator]
          np.array([1.0, 2.0, 3.0, 4.0]) - base)


def test_tensor_cannot_be_constructed_or_shallow_copied() -> None:
    with pytest.raises(TypeError):
        tfs.Tensor()
    t = tfs.ones((2,))
    with pytest.raises(TypeError):
        copy.copy(t)  # would share the handle and free it twice
    t.__del__()  # an explicit call leaves a NULL handle; the collector's call is then a no-op
    del t


def test_autograd_through_scalar_fast_path() -> None:
    x = tfs.asarray(np.array([1.0, -2.0, 3.0])).requires_grad_()
    for _ in range(2):
        y = ((x * 3.0 + 1.0) * x - 2.0 / (x * x + 1.0)).sum()
        x.grad = None
        y.backward()
        xs = np.array([1.0, -2.0, 3.0])
        want = 6.0 * xs + 1.0 + 4.0 * xs / (xs * xs + 1.0) ** 2
        assert x.grad is not None
        np.testing.assert_allclose(np.asarray(x.grad), want, rtol=1e-12)
    assert not (x * 2.0).is_leaf and (x * 2.0).requires_grad


def test_threads_get_their_own_errors_and_results() -> None:
    errors: list[BaseException] = []

    def work(k: int) -> None:
        try:
            base = np.arange(8, dtype=np.float64) + k
            t = tfs.asarray(base)
            bad = tfs.ones((3,), dtype=tfs.float64)
            for i in range(300):
                check(t * float(k) + i, base * float(k) + i)
                try:
                    t + bad
                except ShapeError as e:
                    assert "TF_Add" in str(e)
                else:
                    raise AssertionError("no ShapeError")
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors, errors
    assert math.isfinite(float((tfs.ones((2,)) + 1.0).sum()))


def test_scalar_caches_can_be_cleared() -> None:
    from tenflowers._core.tensor import _clear_scalar_caches

    base = np.array([1.0, 2.0], dtype=np.float32)
    t = tfs.asarray(base)
    check(t * 3.0, base * np.float32(3.0))
    _clear_scalar_caches()
    check(t * 3.0, base * np.float32(3.0))
    check(3.0 / t, np.float32(3.0) / base)
