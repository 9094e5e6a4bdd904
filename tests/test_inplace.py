"""In-place operators write into the tensor's storage, visible through views, with NumPy's
'same_kind' casting rule for the result."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pytest

import tenflowers as tfs

OPS: list[tuple[str, Callable[[Any, Any], Any]]] = [
    ("+=", lambda a, b: a.__iadd__(b)), ("-=", lambda a, b: a.__isub__(b)), ("*=", lambda a, b: a.__imul__(b)),
    ("//=", lambda a, b: a.__ifloordiv__(b)), ("%=", lambda a, b: a.__imod__(b)), ("**=", lambda a, b: a.__ipow__(b)),
    ("&=", lambda a, b: a.__iand__(b)), ("|=", lambda a, b: a.__ior__(b)), ("^=", lambda a, b: a.__ixor__(b)),
    ("<<=", lambda a, b: a.__ilshift__(b)), (">>=", lambda a, b: a.__irshift__(b)),
]


@pytest.mark.parametrize("name, op", OPS, ids=[o[0] for o in OPS])
def test_integer_inplace_matches_numpy(name: str, op: Callable[[Any, Any], Any]) -> None:
    base = np.array([[7, -3, 12], [0, 5, 9]], dtype=np.int32)
    other = np.array([2, 3, 1], dtype=np.int32)
    t = tfs.asarray(base)
    view = t[1]  # a view of the second row: must see the write
    before_h = t._h
    result = op(t, tfs.asarray(other))
    n = base.copy()
    op(n, other)
    assert result is t and t._h == before_h
    np.testing.assert_array_equal(np.asarray(t), n)
    np.testing.assert_array_equal(np.asarray(view), n[1])


def test_float_inplace_with_scalars_and_views() -> None:
    x = np.arange(12, dtype=np.float32).reshape(3, 4)
    t = tfs.asarray(x)
    t += 1.5
    t *= 2
    t /= 4
    t -= tfs.asarray(np.ones(4, np.float32))
    x += np.float32(1.5)
    x *= 2
    x /= 4
    x -= 1
    np.testing.assert_array_equal(np.asarray(t), x)
    assert t.dtype == tfs.float32
    col = t[:, 1]
    col += 100.0  # writes through the strided view into t
    x[:, 1] += 100
    np.testing.assert_array_equal(np.asarray(t), x)
    m = tfs.asarray(np.eye(2))
    m @= tfs.asarray(np.array([[1.0, 2.0], [3.0, 4.0]]))
    assert m.tolist() == [[1.0, 2.0], [3.0, 4.0]]


def test_same_kind_rule() -> None:
    i = tfs.asarray([1, 2], dtype=tfs.int32)
    with pytest.raises(tfs.DtypeError, match="same_kind"):
        i += 1.5
    with pytest.raises(tfs.DtypeError):
        i /= 2  # true division gives float64, as in NumPy
    assert i.tolist() == [1, 2]  # nothing written on error
    i += tfs.asarray([10, 20], dtype=tfs.int64)  # int64 -> int32: same kind, allowed
    assert i.tolist() == [11, 22] and i.dtype == tfs.int32
    f = tfs.asarray([1.0], dtype=tfs.float32)
    f += tfs.asarray([1.0], dtype=tfs.float64)  # float64 -> float32: same kind
    assert f.dtype == tfs.float32 and f.tolist() == [2.0]
    u = tfs.asarray([1], dtype=tfs.uint8)
    with pytest.raises(tfs.DtypeError):
        u += tfs.asarray([1], dtype=tfs.int64)  # NumPy refuses int64 -> uint8 too
    with pytest.raises(tfs.ShapeError):
        f += tfs.zeros(3, dtype=tfs.float32)
