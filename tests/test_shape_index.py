"""Differential tests of the shape and indexing family against NumPy: views (indexing, flip,
expand_dims, squeeze, moveaxis, broadcast_to, mT, flatten), joins and splits, tile/repeat/roll/pad,
take/take_along_axis/gather/scatter_add/nonzero, __setitem__, and the edge cases of each (0-d,
empty, non-contiguous, negative-stride and broadcast inputs, bad axes, mismatched shapes).

Every op here moves elements without arithmetic, so results must be exactly equal (no tolerance);
the float sums/matmuls over flipped views use the tolerances of test_shape_reduce_matmul.py."""

from __future__ import annotations

from typing import Any, List, Optional, Tuple

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tenflowers as tfs
from strategies import DTYPES, SHAPES, arrays, viewed
from tenflowers._core import ffi

Arr = npt.NDArray[Any]


def data_ptr(t: tfs.Tensor) -> Optional[int]:
    return ffi.tensor_data(t._h)


def same(t: tfs.Tensor, ref: Any) -> None:
    """`t` equals `ref` exactly, with the same shape and dtype."""
    ref = np.asarray(ref)
    got = np.asarray(t)
    assert got.shape == ref.shape, (got.shape, ref.shape)
    assert got.dtype == ref.dtype, (got.dtype, ref.dtype)
    np.testing.assert_array_equal(got, ref)


@st.composite
def varied(draw: st.DrawFn, arr: Arr) -> Tuple[Arr, tfs.Tensor]:
    """(array, tensor equal to it), the tensor contiguous, permuted, flipped (negative strides),
    a stepped slice of a larger tensor, or a broadcast (stride 0) view. The array may differ
    from `arr` for the broadcast kind."""
    kind = draw(st.sampled_from(["plain", "permuted", "flipped", "strided", "broadcast"]))
    if kind == "permuted":
        return draw(viewed(arr))
    if kind == "flipped":
        return arr, tfs.flip(tfs.asarray(np.flip(arr).copy()))
    if kind == "strided" and arr.ndim:
        big = np.zeros(tuple(2 * d for d in arr.shape), dtype=arr.dtype)
        sl = tuple(slice(None, None, 2) for _ in arr.shape)
        big[sl] = arr
        return arr, tfs.asarray(big)[sl]
    if kind == "broadcast" and arr.ndim and arr.shape[0] > 1:
        row = arr[:1]
        return np.ascontiguousarray(np.broadcast_to(row, arr.shape)), tfs.broadcast_to(tfs.asarray(row), arr.shape)
    return arr, tfs.asarray(arr)


def any_array() -> st.SearchStrategy[Arr]:
    return st.sampled_from(DTYPES).flatmap(arrays)


# -- basic indexing --------------------------------------------------------------------------


@st.composite
def basic_key(draw: st.DrawFn, shape: Tuple[int, ...]) -> Tuple[Any, ...]:
    items: List[Any] = []
    for size in shape:
        if size and draw(st.booleans()):
            items.append(draw(st.integers(-size, size - 1)))
        else:
            bound = st.none() | st.integers(-size - 2, size + 2)
            step = st.none() | st.integers(-3, 3).filter(lambda s: s != 0)
            items.append(slice(draw(bound), draw(bound), draw(step)))
    if draw(st.booleans()):
        # An ellipsis stands for a run of dims; the items after it index the trailing dims.
        i = draw(st.integers(0, len(items)))
        j = draw(st.integers(i, len(items)))
        items = items[:i] + [Ellipsis] + items[j:]
    else:
        items = items[:draw(st.integers(0, len(items)))]
    for _ in range(draw(st.integers(0, 2))):
        items.insert(draw(st.integers(0, len(items))), None)
    return tuple(items)


@given(arr=any_array(), data=st.data())
def test_basic_indexing_matches_numpy_and_shares_storage(arr: Arr, data: st.DataObject) -> None:
    arr, t = data.draw(varied(arr))
    key = data.draw(basic_key(arr.shape))
    r = t[key]
    same(r, arr[key])
    if r.size and t.size:
        # A view: writing through it changes t (checked on a private copy to keep t intact).
        c = t.copy()
        v = c[key]
        first = (0,) * v.ndim
        v[first] = 1 if arr.dtype != np.bool_ else True
        ref = arr.copy()
        rv = ref[key]
        if isinstance(rv, np.ndarray):
            rv[first] = 1
        else:
            ref[key] = 1
        same(c, ref)


def test_basic_index_forms() -> None:
    a = np.arange(60).reshape(3, 4, 5)
    t = tfs.asarray(a)
    key: Any
    for key in [1, -1, (1, 2), (slice(None), 1), (Ellipsis, -1), (None,), (1, None, Ellipsis, None),
                slice(None, None, -1), (slice(3, 0, -2), slice(None), slice(1, None, 3)), (), Ellipsis,
                (np.int64(2), np.array(1)), (tfs.asarray(1), slice(None))]:
        same(t[key], a[key])
    assert data_ptr(t[1]) == data_ptr(t) + 20 * 8  # type: ignore[operator]
    assert data_ptr(t[:, ::-1]) == data_ptr(t) + 15 * 8  # type: ignore[operator]
    assert ffi.strides(t[:, ::-1]._h) == (20, -5, 1)


def test_iteration_yields_row_views() -> None:
    t = tfs.asarray(np.arange(6).reshape(3, 2))
    rows = list(t)
    assert [r.tolist() for r in rows] == [[0, 1], [2, 3], [4, 5]]
    assert data_ptr(rows[1]) == data_ptr(t) + 16  # type: ignore[operator]
    with pytest.raises(TypeError, match="0-d"):
        iter(tfs.asarray(1.0))
    assert list(tfs.zeros((0, 2))) == []


def test_zero_d_indexing() -> None:
    t = tfs.asarray(7.5)
    same(t[()], np.asarray(7.5))
    same(t[...], np.asarray(7.5))
    same(t[None], np.asarray([7.5]))
    assert data_ptr(t[...]) == data_ptr(t)
    with pytest.raises(tfs.OutOfBoundsIndexError, match="too many indices"):
        t[0]


def test_out_of_range_index_is_invalid_argument_and_index_error() -> None:
    t = tfs.zeros((2, 3))
    with pytest.raises(tfs.OutOfBoundsIndexError, match="index 3 is out of bounds for axis 1 with size 3"):
        t[0, 3]
    with pytest.raises(tfs.InvalidArgumentError, match="index -3 is out of bounds for axis 0 with size 2"):
        t[-3]
    with pytest.raises(IndexError):
        t[[0, 5]]
    with pytest.raises(IndexError, match="too many indices"):
        t[0, 0, 0]
    with pytest.raises(IndexError, match="single ellipsis"):
        t[..., ...]
    with pytest.raises(IndexError, match="step cannot be zero"):
        t[::0]
    with pytest.raises(IndexError):
        t[1.5]
    assert issubclass(tfs.OutOfBoundsIndexError, IndexError)
    assert issubclass(tfs.OutOfBoundsIndexError, tfs.InvalidArgumentError)


def test_empty_tensor_indexing() -> None:
    a = np.zeros((0, 3), dtype=np.int32)
    t = tfs.asarray(a)
    key: Any
    for key in [(slice(None), 1), (slice(2, 5),), (Ellipsis, slice(None, None, -1)), ([],)]:
        same(t[key], a[key])
    with pytest.raises(IndexError):
        t[0]


# -- advanced indexing -----------------------------------------------------------------------


@st.composite
def advanced_key(draw: st.DrawFn, shape: Tuple[int, ...]) -> Tuple[Any, ...]:
    nonempty = [d for d, s in enumerate(shape) if s]
    adv_dims = draw(st.lists(st.sampled_from(nonempty), unique=True, min_size=1, max_size=3)) if nonempty else []
    ishape = draw(hnp.array_shapes(min_dims=0, max_dims=2, min_side=0, max_side=3))
    items: List[Any] = []
    for d, size in enumerate(shape):
        if d in adv_dims:
            sh = ishape if draw(st.booleans()) else (1,) * len(ishape)
            idx = draw(hnp.arrays(np.int64, sh, elements=st.integers(-size, size - 1)))
            form = draw(st.sampled_from(["numpy", "tensor", "list", "int32"]))
            items.append(idx if form == "numpy" else tfs.asarray(idx) if form == "tensor"
                         else idx.tolist() if form == "list" and idx.size else tfs.asarray(idx.astype(np.int32)))
        elif size and draw(st.booleans()):
            items.append(draw(st.integers(-size, size - 1)))
        else:
            items.append(slice(None, None, draw(st.sampled_from([1, -1, 2]))))
    if draw(st.booleans()) and items:
        items.insert(draw(st.integers(0, len(items))), None)
    return tuple(items)


def np_key(key: Tuple[Any, ...]) -> Tuple[Any, ...]:
    """The key as NumPy takes it (an empty list indexes as an empty integer array)."""
    def conv(k: Any) -> Any:
        if isinstance(k, list) and np.asarray(k).size == 0:
            return np.asarray(k).astype(np.int64)
        return np.asarray(k) if isinstance(k, (tfs.Tensor, list)) else k
    return tuple(conv(k) for k in key)


@given(arr=any_array(), data=st.data())
def test_advanced_indexing_matches_numpy(arr: Arr, data: st.DataObject) -> None:
    arr, t = data.draw(varied(arr))
    key = data.draw(advanced_key(arr.shape))
    same(t[key], arr[np_key(key)])


@given(arr=any_array(), data=st.data())
def test_bool_mask_indexing_matches_numpy(arr: Arr, data: st.DataObject) -> None:
    arr, t = data.draw(varied(arr))
    if arr.ndim == 0:
        return
    k = data.draw(st.integers(1, arr.ndim))
    start = data.draw(st.integers(0, arr.ndim - k))
    mask = data.draw(hnp.arrays(np.bool_, arr.shape[start:start + k]))
    key = (slice(None),) * start + (mask,)
    same(t[key], arr[key])
    same(t[(Ellipsis, tfs.asarray(mask)) if start + k == arr.ndim else key], arr[key])


def test_advanced_placement_rules() -> None:
    a = np.arange(120).reshape(2, 3, 4, 5)
    t = tfs.asarray(a)
    for key in [(slice(None), [0, 1], [1, 2]), ([0, 1], slice(None), [1, 2]), (0, slice(None), [1, 2]),
                (slice(None), 0, [1, 2]), ([[0], [1]], slice(None), [0, 1, 2]), ([0], None, [0]),
                (slice(None), [0], Ellipsis, [0]), (True,), (False,), (slice(None), True), (a > 50,),
                ([True, False], Ellipsis, [1, 2]), ([],)]:
        same(t[key], a[np_key(key)])


def test_advanced_index_errors() -> None:
    t = tfs.zeros((3, 4))
    with pytest.raises(tfs.OutOfBoundsIndexError, match="index 4 is out of bounds for axis 1 with size 4"):
        t[:, [0, 4]]
    with pytest.raises(tfs.ShapeError, match="could not be broadcast"):
        t[[0, 1], [0, 1, 2]]
    with pytest.raises(IndexError, match="boolean index did not match"):
        t[np.array([True, False])]
    with pytest.raises(tfs.DtypeError, match="integer"):
        t[tfs.asarray([0.5])]


# -- __setitem__ -----------------------------------------------------------------------------


@given(arr=any_array(), data=st.data())
def test_setitem_matches_numpy(arr: Arr, data: st.DataObject) -> None:
    ref = arr.copy()
    t = tfs.asarray(arr)
    alias = t.reshape(arr.shape)  # another view of the same storage
    advanced = data.draw(st.booleans()) and arr.size > 0
    key = data.draw(advanced_key(arr.shape) if advanced else basic_key(arr.shape))
    sel_shape = ref[np_key(key)].shape
    keep = data.draw(st.integers(0, len(sel_shape)))
    vshape = tuple(d if data.draw(st.booleans()) else 1 for d in sel_shape[len(sel_shape) - keep:])
    vdtype = data.draw(st.sampled_from(DTYPES))
    value = data.draw(arrays(vdtype, vshape))
    if advanced:
        # With repeated positions the write order decides; keep NumPy's and ours comparable.
        flat = [np.asarray(k).ravel().tolist() for k in np_key(key) if isinstance(k, np.ndarray) and k.size > 1]
        if any(len(set(f)) != len(f) for f in flat):
            return
    scalar = data.draw(st.booleans()) and value.size
    with np.errstate(all="ignore"):
        if scalar:
            v: Any = value.ravel()[0].item()
            if arr.dtype.kind in "iu" and isinstance(v, float):
                return  # NumPy's float->int scalar assignment saturates differently
            if arr.dtype.kind == "u" and isinstance(v, int) and v < 0:
                return
            if arr.dtype.kind in "iu" and isinstance(v, int) and not np.iinfo(arr.dtype).min <= v <= np.iinfo(arr.dtype).max:
                return
            ref[np_key(key)] = v
            t[key] = v
        else:
            if arr.dtype.kind in "iub" and value.dtype.kind == "f":
                # Float -> int casts out of range are undefined in NumPy (tenflowers saturates).
                value = np.trunc(value).clip(0 if arr.dtype.kind == "u" else -100, 100)
            ref[np_key(key)] = value.astype(arr.dtype)
            t[key] = tfs.asarray(value)
    same(t, ref)
    same(alias, ref)


def test_setitem_writes_through_views_and_handles_overlap() -> None:
    t = tfs.asarray(np.arange(10.0))
    v = t[2:8:2]
    v[:] = -1.0
    same(t, np.array([0, 1, -1, 3, -1, 5, -1, 7, 8, 9.0]))
    t[1:] = t[:-1]  # overlapping source: read in full before writing, as NumPy
    same(t, np.array([0, 0, 1, -1, 3, -1, 5, -1, 7, 8.0]))
    f = tfs.flip(t)
    f[0] = 100.0
    assert t[-1].item() == 100.0
    m = tfs.zeros((2, 3), dtype=tfs.int32)
    m[m.numpy() == 0] = 5
    m[:, [0, 2]] = tfs.asarray([[1, 2], [3, 4]])
    same(m, np.array([[1, 5, 2], [3, 5, 4]], dtype=np.int32))
    s = tfs.asarray(1.0)
    s[...] = 2.5
    assert s.item() == 2.5


def test_setitem_shape_mismatch() -> None:
    t = tfs.zeros((2, 3))
    with pytest.raises(tfs.ShapeError, match="could not broadcast input tensor from shape \\[2\\] into shape \\[3\\]"):
        t[0] = tfs.zeros((2,))
    with pytest.raises(tfs.OutOfBoundsIndexError):
        t[2] = 1.0
    t[0] = tfs.ones((1, 1, 3))  # leading size-1 dims are dropped, as NumPy
    assert t.tolist() == [[1, 1, 1], [0, 0, 0]]


# -- views -----------------------------------------------------------------------------------


@given(arr=any_array(), data=st.data())
def test_view_ops_match_numpy(arr: Arr, data: st.DataObject) -> None:
    arr, t = data.draw(varied(arr))
    nd = arr.ndim
    k = data.draw(st.integers(0, 2))
    axes = [a - (nd + k) if data.draw(st.booleans()) else a
            for a in data.draw(st.lists(st.integers(0, max(nd + k - 1, 0)), unique=True, min_size=k, max_size=k))]
    same(tfs.expand_dims(t, tuple(axes)), np.expand_dims(arr, tuple(axes)))
    ones = [i for i, s in enumerate(arr.shape) if s == 1]
    sq = data.draw(st.lists(st.sampled_from(ones), unique=True)) if ones else []
    same(tfs.squeeze(t, tuple(sq)), np.squeeze(arr, tuple(sq)))
    same(tfs.squeeze(t), np.squeeze(arr))
    flip_axes = data.draw(st.none() | st.lists(st.integers(0, max(nd - 1, 0)), unique=True, max_size=nd))
    same(tfs.flip(t, None if flip_axes is None else tuple(flip_axes)),
         np.flip(arr, None if flip_axes is None else tuple(flip_axes)))
    if nd:
        src = data.draw(st.permutations(range(nd)))
        k = data.draw(st.integers(0, nd))
        dst = data.draw(st.permutations(range(nd)))
        same(tfs.moveaxis(t, src[:k], dst[:k]), np.moveaxis(arr, src[:k], dst[:k]))
        a1, a2 = data.draw(st.integers(-nd, nd - 1)), data.draw(st.integers(-nd, nd - 1))
        same(tfs.swapaxes(t, a1, a2), np.swapaxes(arr, a1, a2))
    if nd >= 2:
        same(t.mT, arr.mT)
    same(t.flatten(), arr.reshape(-1))
    if nd:
        s = data.draw(st.integers(0, nd - 1))
        e = data.draw(st.integers(s, nd - 1))
        same(tfs.flatten(t, s, e), arr.reshape(arr.shape[:s] + (-1,) + arr.shape[e + 1:]) if arr.size else
             arr.reshape(arr.shape[:s] + (int(np.prod(arr.shape[s:e + 1])),) + arr.shape[e + 1:]))
    lead = tuple(data.draw(st.lists(st.integers(0, 3), max_size=2)))
    target = lead + tuple(data.draw(st.integers(0, 3)) if d == 1 else d for d in arr.shape)
    same(tfs.broadcast_to(t, target), np.broadcast_to(arr, target))
    same(t.contiguous(), arr)
    same(t.copy(), arr)
    assert ffi.is_contiguous(t.copy()._h) and ffi.is_contiguous(t.contiguous()._h)


@given(data=st.data())
def test_broadcast_arrays_matches_numpy(data: st.DataObject) -> None:
    shapes = data.draw(hnp.mutually_broadcastable_shapes(num_shapes=3, max_dims=3, max_side=3))
    arrs = [data.draw(arrays(data.draw(st.sampled_from(DTYPES)), s)) for s in shapes.input_shapes]
    out = tfs.broadcast_arrays(*[tfs.asarray(a) for a in arrs])
    for o, r in zip(out, np.broadcast_arrays(*arrs)):
        same(o, r)


def test_views_share_storage() -> None:
    t = tfs.asarray(np.arange(24.0).reshape(2, 3, 4))
    p = data_ptr(t)
    assert p is not None
    for v in [tfs.expand_dims(t, 0), tfs.squeeze(tfs.expand_dims(t, 1)), t.flatten(), tfs.moveaxis(t, 0, -1),
              tfs.swapaxes(t, 0, 2), t.mT, tfs.broadcast_to(t, (5, 2, 3, 4)), t.contiguous(), t.unsqueeze(-1),
              t[...], t[0, :, ::-1][..., ::-1]]:
        assert data_ptr(v) == p
    assert data_ptr(tfs.flip(t)) == p + 23 * 8
    assert data_ptr(t.copy()) != p
    parts = tfs.split(t, 3, axis=1)
    assert [data_ptr(q) for q in parts] == [p, p + 32, p + 64]
    assert [data_ptr(q) for q in tfs.unstack(t, 2)] == [p + 8 * i for i in range(4)]
    assert data_ptr(tfs.broadcast_arrays(t, tfs.zeros((1,)))[0]) == p


def test_view_errors() -> None:
    t = tfs.zeros((2, 1, 3))
    with pytest.raises(tfs.ShapeError, match="cannot squeeze axis 0"):
        tfs.squeeze(t, 0)
    with pytest.raises(tfs.InvalidArgumentError, match="axis 3 is out of bounds"):
        tfs.squeeze(t, 3)
    with pytest.raises(tfs.InvalidArgumentError, match="axis 4 is out of bounds"):
        tfs.expand_dims(t, 4)
    with pytest.raises(tfs.InvalidArgumentError, match="axis -4 is out of bounds"):
        tfs.flip(t, -4)
    with pytest.raises(tfs.InvalidArgumentError):
        tfs.moveaxis(t, (0, 1), (0,))
    with pytest.raises(tfs.InvalidArgumentError):
        tfs.swapaxes(t, 0, 3)
    with pytest.raises(tfs.ShapeError, match="cannot broadcast"):
        tfs.broadcast_to(t, (3, 1, 3))
    with pytest.raises(tfs.ShapeError):
        tfs.broadcast_arrays(tfs.zeros((2,)), tfs.zeros((3,)))
    with pytest.raises(tfs.ShapeError):
        tfs.asarray([1.0]).mT
    with pytest.raises(tfs.InvalidArgumentError):
        tfs.flatten(t, 2, 1)


def test_zero_d_views() -> None:
    t = tfs.asarray(3)
    same(tfs.expand_dims(t, 0), np.expand_dims(np.asarray(3), 0))
    same(tfs.squeeze(t), np.asarray(3))
    same(tfs.flip(t), np.asarray(3))
    same(t.flatten(), np.asarray([3]))
    same(tfs.broadcast_to(t, (2, 2)), np.full((2, 2), 3))
    same(tfs.moveaxis(t, (), ()), np.asarray(3))
    same(t.copy(), np.asarray(3))


# -- negative strides through existing kernels -------------------------------------------------


@given(data=st.data())
def test_existing_kernels_on_flipped_views(data: st.DataObject) -> None:
    dtype = data.draw(st.sampled_from(["float64", "int32", "float32"]))
    arr = data.draw(arrays(dtype, hnp.array_shapes(min_dims=2, max_dims=3, max_side=5)))
    arr = arr.clip(-1000, 1000)
    axes = tuple(data.draw(st.lists(st.integers(0, arr.ndim - 1), unique=True, min_size=1)))
    t = tfs.flip(tfs.asarray(arr), axes)
    ref = np.flip(arr, axes)
    assert not ffi.is_contiguous(t._h) or ref.size <= 1 or all(arr.shape[a] <= 1 for a in axes)
    same(t + t, ref + ref)
    same(t * tfs.asarray(ref), ref * ref)
    same(t.reshape(-1), ref.reshape(-1))
    same(t.T.reshape(-1), ref.T.reshape(-1))
    if dtype == "int32":
        same(t.sum(), ref.sum())
        same(t.sum(axis=axes), ref.sum(axis=axes))
    else:
        # Summation order differs: bound eps * n * sum|x| (as test_shape_reduce_matmul.py).
        eps = float(np.finfo(arr.dtype).eps)
        np.testing.assert_allclose(np.asarray(t.sum(axis=0)), ref.sum(axis=0),
                                   atol=8 * eps * float(np.abs(arr).sum()) + 1e-30, rtol=0)
    m = tfs.flip(tfs.asarray(arr.astype(np.float64)), axes)
    mm = np.flip(arr.astype(np.float64), axes)
    scale = float(np.abs(mm).max(initial=0.0)) ** 2 * mm.shape[-1] + 1e-30
    np.testing.assert_allclose(np.asarray(m @ m.mT), mm @ mm.swapaxes(-1, -2), rtol=0, atol=1e-13 * scale)
    np.testing.assert_allclose(np.asarray(m.mT @ tfs.asarray(mm)), mm.swapaxes(-1, -2) @ mm, rtol=0, atol=1e-13 * scale)


# -- joins and splits ------------------------------------------------------------------------


@given(data=st.data())
def test_concat_and_stack_match_numpy(data: st.DataObject) -> None:
    base = data.draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=4))
    axis = data.draw(st.integers(-len(base), len(base) - 1))
    n = data.draw(st.integers(1, 3))
    arrs, ts = [], []
    for _ in range(n):
        shape = list(base)
        shape[axis] = data.draw(st.integers(0, 3))
        a, t = data.draw(varied(data.draw(arrays(data.draw(st.sampled_from(DTYPES)), tuple(shape)))))
        arrs.append(a)
        ts.append(t)
    same(tfs.concat(ts, axis=axis), np.concatenate(arrs, axis=axis))
    same(tfs.cat(ts, axis=None), np.concatenate(arrs, axis=None))
    same_shape = [a.reshape(arrs[0].shape) if a.shape == arrs[0].shape else arrs[0] for a in arrs]
    sax = data.draw(st.integers(-len(base) - 1, len(base)))
    same(tfs.stack([tfs.asarray(a) for a in same_shape], axis=sax), np.stack(same_shape, axis=sax))


def test_concat_stack_errors_and_0d() -> None:
    with pytest.raises(tfs.ShapeError, match="must match exactly"):
        tfs.concat([tfs.zeros((2, 3)), tfs.zeros((2, 4))], axis=0)
    with pytest.raises(tfs.ShapeError, match="same number of dimensions"):
        tfs.concat([tfs.zeros((2, 3)), tfs.zeros((3,))])
    with pytest.raises(tfs.ShapeError, match="zero-dimensional"):
        tfs.concat([tfs.asarray(1.0), tfs.asarray(2.0)])
    same(tfs.concat([tfs.asarray(1.0), tfs.asarray(2.0)], axis=None), np.array([1.0, 2.0]))
    with pytest.raises(tfs.InvalidArgumentError, match="axis 2 is out of bounds"):
        tfs.concat([tfs.zeros((2, 3))], axis=2)
    with pytest.raises(tfs.InvalidArgumentError, match="at least one"):
        tfs.concat([])
    with pytest.raises(tfs.ShapeError, match="same shape"):
        tfs.stack([tfs.zeros((2,)), tfs.zeros((3,))])
    same(tfs.stack([tfs.asarray(1), tfs.asarray(2)]), np.array([1, 2]))
    with pytest.raises(tfs.InvalidArgumentError):
        tfs.stack([tfs.zeros((2,))], axis=2)


@given(arr=any_array(), data=st.data())
def test_split_unstack_match_numpy(arr: Arr, data: st.DataObject) -> None:
    if arr.ndim == 0:
        return
    arr, t = data.draw(varied(arr))
    axis = data.draw(st.integers(-arr.ndim, arr.ndim - 1))
    n = data.draw(st.integers(1, 5))
    for o, r in zip(tfs.array_split(t, n, axis), np.array_split(arr, n, axis), strict=True):
        same(o, r)
    if arr.shape[axis] % n == 0:
        for o, r in zip(tfs.split(t, n, axis), np.split(arr, n, axis), strict=True):
            same(o, r)
    else:
        with pytest.raises(tfs.ShapeError, match="equal division"):
            tfs.split(t, n, axis)
    size = arr.shape[axis]
    idx = data.draw(st.lists(st.integers(-size - 2, size + 2), max_size=4))
    for o, r in zip(tfs.split(t, idx, axis), np.split(arr, idx, axis), strict=True):
        same(o, r)
    for o, r in zip(tfs.unstack(t, axis), [np.take(arr, i, axis) for i in range(size)], strict=True):
        same(o, r)


def test_split_errors() -> None:
    t = tfs.zeros((4,))
    with pytest.raises(tfs.InvalidArgumentError, match="larger than 0"):
        tfs.split(t, 0)
    with pytest.raises(tfs.InvalidArgumentError):
        tfs.split(t, 2, axis=1)
    with pytest.raises(tfs.InvalidArgumentError):
        tfs.unstack(tfs.asarray(1.0))


# -- tile / repeat / roll / pad --------------------------------------------------------------


@given(arr=any_array(), data=st.data())
def test_tile_repeat_roll_match_numpy(arr: Arr, data: st.DataObject) -> None:
    arr, t = data.draw(varied(arr))
    reps = tuple(data.draw(st.lists(st.integers(0, 3), max_size=4)))
    same(tfs.tile(t, reps), np.tile(arr, reps))
    axis = data.draw(st.none() | st.integers(-arr.ndim, arr.ndim - 1)) if arr.ndim else None
    r = data.draw(st.integers(0, 3))
    same(tfs.repeat(t, r, axis=axis), np.repeat(arr, r, axis=axis))
    n = arr.size if axis is None else arr.shape[axis]
    counts = data.draw(st.lists(st.integers(0, 3), min_size=n, max_size=n))
    same(tfs.repeat(t, counts, axis=axis), np.repeat(arr, counts, axis=axis))
    same(tfs.repeat(t, tfs.asarray(counts, dtype=tfs.int32), axis=axis), np.repeat(arr, counts, axis=axis))
    shift = data.draw(st.integers(-7, 7))
    same(tfs.roll(t, shift), np.roll(arr, shift))
    if arr.ndim:
        axes = tuple(data.draw(st.lists(st.integers(-arr.ndim, arr.ndim - 1), min_size=1, max_size=3)))
        shifts = tuple(data.draw(st.lists(st.integers(-7, 7), min_size=len(axes), max_size=len(axes))))
        same(tfs.roll(t, shifts, axes), np.roll(arr, shifts, axes))
        same(tfs.roll(t, shift, axes), np.roll(arr, shift, axes))


@given(arr=any_array(), data=st.data())
def test_pad_matches_numpy(arr: Arr, data: st.DataObject) -> None:
    arr, t = data.draw(varied(arr))
    widths = [(data.draw(st.integers(0, 4)), data.draw(st.integers(0, 4))) for _ in range(arr.ndim)]
    form = data.draw(st.sampled_from(["pairs", "int", "pair"]))
    pw: Any = widths if form == "pairs" and arr.ndim else (2 if form == "int" else (1, 3))
    value = data.draw(st.sampled_from([0, 1, 7]))
    same(tfs.pad(t, pw, constant_values=value), np.pad(arr, pw, constant_values=value))
    if arr.size:
        for mode in ["edge", "reflect", "symmetric", "wrap"]:
            same(tfs.pad(t, pw, mode=mode), np.pad(arr, pw, mode=mode))  # type: ignore[call-overload]


def test_tile_repeat_roll_pad_errors() -> None:
    t = tfs.zeros((2, 3))
    with pytest.raises(tfs.InvalidArgumentError, match="negative"):
        tfs.tile(t, (-1,))
    with pytest.raises(tfs.InvalidArgumentError, match="negative"):
        tfs.repeat(t, -1)
    with pytest.raises(tfs.ShapeError):
        tfs.repeat(t, [1, 2], axis=1)
    with pytest.raises(tfs.InvalidArgumentError, match="axis 2"):
        tfs.repeat(t, 2, axis=2)
    with pytest.raises(tfs.InvalidArgumentError):
        tfs.roll(t, 1, axis=5)
    with pytest.raises(tfs.InvalidArgumentError):
        tfs.roll(t, (1, 2, 3), axis=(0, 1))
    with pytest.raises(tfs.InvalidArgumentError, match="negative"):
        tfs.pad(t, -1)
    with pytest.raises(tfs.InvalidArgumentError, match="empty"):
        tfs.pad(tfs.zeros((0, 2)), 1, mode="edge")
    with pytest.raises(tfs.InvalidArgumentError, match="cannot be represented"):
        tfs.pad(tfs.zeros((2,), dtype=tfs.uint8), 1, constant_values=-1)
    with pytest.raises(tfs.ShapeError):
        tfs.pad(t, [(1, 1)] * 3)
    with pytest.raises(tfs.InvalidArgumentError):
        tfs.pad(t, 1, mode="median")
    same(tfs.tile(tfs.asarray(5), (2, 2)), np.tile(5, (2, 2)))
    same(tfs.repeat(tfs.asarray(5), 3), np.repeat(5, 3))
    same(tfs.roll(tfs.asarray(5), 3), np.roll(5, 3))
    same(tfs.pad(tfs.asarray(5), 2), np.pad(5, 2))


# -- take / take_along_axis / gather / scatter_add / nonzero ---------------------------------


@given(arr=any_array(), data=st.data())
def test_take_matches_numpy(arr: Arr, data: st.DataObject) -> None:
    arr, t = data.draw(varied(arr))
    axis = data.draw(st.none() | st.integers(-arr.ndim, arr.ndim - 1)) if arr.ndim else None
    n = arr.size if axis is None else arr.shape[axis]
    if n == 0:
        return
    idt = data.draw(st.sampled_from(["int64", "int32", "uint8", "int8"]))
    lo = 0 if idt == "uint8" else -min(n, 128)
    idx = data.draw(hnp.arrays(idt, hnp.array_shapes(min_dims=0, max_dims=2, min_side=0, max_side=3),
                               elements=st.integers(lo, min(n, 128) - 1)))
    same(tfs.take(t, tfs.asarray(idx), axis=axis), np.take(arr, idx, axis=axis))


@given(arr=any_array(), data=st.data())
def test_take_along_axis_and_gather_match_numpy(arr: Arr, data: st.DataObject) -> None:
    if arr.ndim == 0:
        return
    arr, t = data.draw(varied(arr))
    axis = data.draw(st.integers(-arr.ndim, arr.ndim - 1))
    n = arr.shape[axis]
    if n == 0:
        return
    ishape = [data.draw(st.sampled_from([1, s])) for s in arr.shape]
    ishape[axis] = data.draw(st.integers(0, 4))
    idx = data.draw(hnp.arrays(np.int64, tuple(ishape), elements=st.integers(-n, n - 1)))
    same(tfs.take_along_axis(t, tfs.asarray(idx), axis=axis), np.take_along_axis(arr, idx, axis=axis))
    # torch.gather: an index no larger than x on the other dims, no broadcasting.
    gshape = [data.draw(st.integers(0, s)) for s in arr.shape]
    gshape[axis] = data.draw(st.integers(0, 4))
    gidx = data.draw(hnp.arrays(np.int64, tuple(gshape), elements=st.integers(-n, n - 1)))
    sub = arr[tuple(slice(0, g) if d != axis % arr.ndim else slice(None) for d, g in enumerate(gshape))]
    same(tfs.gather(t, axis, tfs.asarray(gidx)), np.take_along_axis(sub, gidx, axis=axis))
    flat = data.draw(hnp.arrays(np.int64, (3,), elements=st.integers(-arr.size, arr.size - 1))) if arr.size else None
    if flat is not None:
        same(tfs.take_along_axis(t, flat, axis=None), np.take_along_axis(arr, flat, axis=None))


@given(data=st.data())
def test_scatter_add_matches_numpy(data: st.DataObject) -> None:
    dtype = data.draw(st.sampled_from(DTYPES))
    arr = data.draw(arrays(dtype, hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4)))
    arr, t = data.draw(varied(arr))
    axis = data.draw(st.integers(-arr.ndim, arr.ndim - 1))
    ax = axis % arr.ndim
    n = arr.shape[ax]
    ishape = [data.draw(st.integers(0, s)) for s in arr.shape]
    ishape[ax] = data.draw(st.integers(0, 4))
    idx = data.draw(hnp.arrays(np.int64, tuple(ishape), elements=st.integers(0, n - 1)))
    sshape = [i + data.draw(st.integers(0, 1)) for i in ishape]
    src = data.draw(arrays(dtype, tuple(sshape)))
    ref = arr.copy()
    grid = np.indices(idx.shape)
    pos: List[Any] = [g for g in grid]
    pos[ax] = idx
    vals = src[tuple(slice(0, s) for s in idx.shape)]
    if dtype == "bool":
        np.logical_or.at(ref, tuple(pos), vals)
    else:
        with np.errstate(all="ignore"):
            np.add.at(ref, tuple(pos), vals)
    out = tfs.scatter_add(t, axis, tfs.asarray(idx), tfs.asarray(src))
    if dtype.startswith("float"):
        # Sums in a different order when positions repeat: a few ulps of the magnitudes added.
        mag = np.abs(arr).astype(np.float64).copy()
        np.add.at(mag, tuple(pos), np.abs(vals).astype(np.float64))
        got = np.asarray(out)
        assert got.dtype == ref.dtype and got.shape == ref.shape
        assert np.all(np.abs(got.astype(np.float64) - ref) <= 8 * float(np.finfo(dtype).eps) * mag + 1e-30)
    else:
        same(out, ref)
    same(t, arr)  # out of place


@given(arr=any_array(), data=st.data())
def test_nonzero_matches_numpy(arr: Arr, data: st.DataObject) -> None:
    if arr.ndim == 0:
        with pytest.raises(tfs.InvalidArgumentError, match="0-d"):
            tfs.nonzero(tfs.asarray(arr))
        return
    arr, t = data.draw(varied(arr))
    ours = tfs.nonzero(t)
    ref = np.nonzero(arr)
    assert len(ours) == len(ref)
    for o, r in zip(ours, ref):
        same(o, r.astype(np.int64))


def test_index_op_errors() -> None:
    t = tfs.asarray(np.arange(6).reshape(2, 3))
    with pytest.raises(tfs.OutOfBoundsIndexError, match="index 3 is out of bounds for axis 1 with size 3"):
        tfs.take(t, [0, 3], axis=1)
    with pytest.raises(IndexError):
        tfs.take(t, [0], axis=2)
    with pytest.raises(tfs.DtypeError):
        tfs.take(t, tfs.asarray([0.0]))
    with pytest.raises(tfs.ShapeError):
        tfs.take_along_axis(t, tfs.asarray([0]), axis=0)
    with pytest.raises(tfs.ShapeError):
        tfs.take_along_axis(t, tfs.asarray([[0, 0]] * 3), axis=1)
    with pytest.raises(tfs.ShapeError, match="exceeds"):
        tfs.gather(t, 0, tfs.asarray([[0, 0, 0, 0]]))
    with pytest.raises(tfs.OutOfBoundsIndexError):
        tfs.gather(t, 0, tfs.asarray([[2]]))
    with pytest.raises(tfs.ShapeError):
        tfs.scatter_add(t, 0, tfs.asarray([[0, 0, 0]]), tfs.asarray([[1, 1]]))
    with pytest.raises(IndexError):
        tfs.scatter_add(t, 0, tfs.asarray([[5]]), tfs.asarray([[1]]))
    # 0-d and empty
    same(tfs.take(tfs.asarray(4), tfs.asarray([0, 0])), np.take(4, [0, 0]))
    same(tfs.gather(tfs.asarray(4.0), 0, tfs.asarray(0)), np.asarray(4.0))
    same(tfs.scatter_add(tfs.asarray(4), 0, tfs.asarray(0), tfs.asarray(3)), np.asarray(7))
    same(tfs.take(t, [], axis=0), np.take(np.arange(6).reshape(2, 3), np.array([], dtype=np.int64), axis=0))
    assert [x.tolist() for x in tfs.nonzero(tfs.zeros((0, 3)))] == [[], []]


def test_shapes_strategy_covers_edges() -> None:
    from hypothesis import find

    assert find(SHAPES, lambda s: len(s) == 0) == ()


def test_c_api_shape_index(tmp_path: Any) -> None:
    """Builds tests/c/test_shape_index.c against the installed header and library under
    ASan/UBSan and runs it: every C entry point of this family, values and error paths."""
    import os
    import shutil
    import subprocess

    cc = shutil.which(os.environ.get("CC", "cc"))
    if cc is None:
        pytest.skip("no C compiler")
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "c", "test_shape_index.c")
    lib = tfs.get_library()
    exe = tmp_path / "test_shape_index"
    subprocess.run([cc, "-std=c99", "-Wall", "-Wextra", "-Werror", "-fsanitize=address,undefined",
                    "-I", tfs.get_include(), src, lib, f"-Wl,-rpath,{os.path.dirname(lib)}", "-o", str(exe)],
                   check=True)
    r = subprocess.run([str(exe)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.strip().splitlines()[-1].endswith(" 0 failed"), r.stdout
