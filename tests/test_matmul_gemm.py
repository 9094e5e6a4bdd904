"""matmul on the GEMM kernels: sizes across the kernels' tile boundaries, strided views, batches.

Every float result is checked against a float64 NumPy product with the bound that holds for any
summation order: |ours - exact| <= (k + 2) * eps * (|a| @ |b|), elementwise.
"""

from __future__ import annotations

from typing import Any, Callable, Tuple

import numpy as np
import numpy.typing as npt
import pytest

import tenflowers as tfs
from tenflowers._core import ffi

FLOATS = ["float32", "float64"]
# 1..17 covers every partial register tile (AVX-512 f32 tiles are 16 or 32 wide, f64 8 or 16);
# 31..129 straddle the larger tiles and the small-matrix kernel cut-offs.
SIZES = list(range(1, 18)) + [31, 63, 64, 65, 127, 129]


def check(ours: tfs.Tensor, a: npt.NDArray[Any], b: npt.NDArray[Any]) -> None:
    got = np.asarray(ours)
    if np.issubdtype(got.dtype, np.integer):
        want_int = np.matmul(a, b)
        assert got.dtype == want_int.dtype
        np.testing.assert_array_equal(got, want_int)
        return
    want = np.matmul(a.astype(np.float64), b.astype(np.float64))
    assert got.dtype == np.result_type(a, b) and got.shape == want.shape
    k = a.shape[-1]
    bound = np.matmul(np.abs(a).astype(np.float64), np.abs(b).astype(np.float64))
    tol = (k + 2) * float(np.finfo(got.dtype).eps) * bound
    err = np.abs(got.astype(np.float64) - want)
    assert np.all(err <= tol), f"max error {err.max()} over tolerance at {np.unravel_index(np.argmax(err - tol), err.shape)}"


def rand(rng: np.random.Generator, shape: Tuple[int, ...], dtype: str) -> npt.NDArray[Any]:
    if np.issubdtype(np.dtype(dtype), np.integer):
        return rng.integers(-50, 50, shape, endpoint=True).astype(dtype)
    return rng.uniform(-1.0, 1.0, shape).astype(dtype)


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("s", SIZES)
def test_sizes_across_tiles(dtype: str, s: int) -> None:
    rng = np.random.default_rng(s)
    other = SIZES[(s * 7 + 3) % len(SIZES)]
    for m, k, n in [(s, s, s), (s, other, 3), (other, s, 17), (5, 9, s), (s, 1, other)]:
        a, b = rand(rng, (m, k), dtype), rand(rng, (k, n), dtype)
        check(tfs.asarray(a) @ tfs.asarray(b), a, b)


ViewFn = Callable[[tfs.Tensor], tfs.Tensor]
# (name, base shape from the wanted (rows, cols), view of a base tensor, same view of a NumPy array).
VIEWS: list[Tuple[str, Callable[[int, int], Tuple[int, ...]], Callable[[Any], Any]]] = [
    ("contiguous", lambda r, c: (r, c), lambda x: x),
    ("transposed", lambda r, c: (c, r), lambda x: x.T),
    ("odd strides", lambda r, c: (r, 3 * c + 1), lambda x: x[:, 1::3]),
    ("reversed rows", lambda r, c: (r, c), lambda x: x[::-1]),
    ("reversed cols", lambda r, c: (r, c), lambda x: x[:, ::-1]),
    ("both negative, odd", lambda r, c: (2 * r, 3 * c), lambda x: x[::-2, ::-3]),
    ("transposed, reversed", lambda r, c: (c, r), lambda x: x.T[::-1]),
]


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("a_view", VIEWS, ids=[v[0] for v in VIEWS])
@pytest.mark.parametrize("b_view", VIEWS, ids=[v[0] for v in VIEWS])
def test_strided_views(dtype: str, a_view: Any, b_view: Any) -> None:
    rng = np.random.default_rng(7)
    for m, k, n in [(1, 1, 1), (3, 5, 7), (17, 16, 15), (65, 63, 64), (130, 70, 127)]:
        _, a_base_shape, a_fn = a_view
        _, b_base_shape, b_fn = b_view
        a_base, b_base = rand(rng, a_base_shape(m, k), dtype), rand(rng, b_base_shape(k, n), dtype)
        a, b = a_fn(a_base), b_fn(b_base)
        ta, tb = a_fn(tfs.asarray(a_base)), b_fn(tfs.asarray(b_base))
        assert ta.shape == (m, k) and tb.shape == (k, n)
        check(ta @ tb, a, b)


@pytest.mark.parametrize("dtype", FLOATS)
def test_views_are_not_copied_before_the_product(dtype: str) -> None:
    # The operands reach the kernel as views (negative and non-unit strides), not as copies.
    base = tfs.asarray(rand(np.random.default_rng(1), (40, 60), dtype))
    view = base[::-2, 1::3]
    assert ffi.strides(view._h) == (-120, 3)
    a = np.asarray(base)[::-2, 1::3]
    check(view @ view.T, a, a.T)


@pytest.mark.parametrize("dtype", FLOATS)
def test_broadcast_zero_stride_operands(dtype: str) -> None:
    rng = np.random.default_rng(2)
    row = rand(rng, (33,), dtype)
    col = rand(rng, (33, 1), dtype)
    a = np.broadcast_to(row, (20, 33))
    b = np.broadcast_to(col, (33, 18))
    check(tfs.broadcast_to(tfs.asarray(row), (20, 33)) @ tfs.broadcast_to(tfs.asarray(col), (33, 18)), a, b)


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize(
    "a_shape, b_shape",
    [
        ((64, 32, 32), (64, 32, 32)),  # many small: split over batches
        ((3, 5, 7), (7, 9)),  # little work: calling thread
        ((2, 129, 127), (2, 127, 65)),  # few products: each split in column blocks
        ((130, 17, 9), (1, 9, 13)),  # broadcast batch dim of size 1
        ((4, 1, 16, 8), (3, 8, 16)),  # two broadcast batch dims
        ((512, 16, 16), (16, 16)),  # 2-D rhs broadcast over the batch
    ],
)
def test_batched(dtype: str, a_shape: Tuple[int, ...], b_shape: Tuple[int, ...]) -> None:
    rng = np.random.default_rng(len(a_shape) * 100 + a_shape[0])
    a, b = rand(rng, a_shape, dtype), rand(rng, b_shape, dtype)
    check(tfs.asarray(a) @ tfs.asarray(b), a, b)
    # The same batch with transposed matrices inside (strided batch members).
    at = np.ascontiguousarray(np.swapaxes(a, -1, -2))
    check(tfs.asarray(at).mT @ tfs.asarray(b), np.swapaxes(at, -1, -2), b)


@pytest.mark.parametrize("dtype", FLOATS)
def test_vectors_promoted(dtype: str) -> None:
    rng = np.random.default_rng(4)
    for k in [1, 15, 16, 17, 129]:
        v, w = rand(rng, (k,), dtype), rand(rng, (k,), dtype)
        mat = rand(rng, (k, 65), dtype)
        batch = rand(rng, (3, 65, k), dtype)
        check(tfs.asarray(v) @ tfs.asarray(w), v, w)
        check(tfs.asarray(v) @ tfs.asarray(mat), v, mat)
        check(tfs.asarray(batch) @ tfs.asarray(v), batch, v)
        check(tfs.asarray(v[::-1]) @ tfs.asarray(mat)[::-1], v[::-1], mat[::-1])


@pytest.mark.parametrize("shapes", [((0, 3), (3, 4)), ((2, 3), (3, 0)), ((2, 0), (0, 3)), ((0, 2, 3), (3, 4)), ((5, 0, 64), (64, 65))])
@pytest.mark.parametrize("dtype", FLOATS + ["int32", "bool"])
def test_empty_and_zero_inner(shapes: Tuple[Tuple[int, ...], Tuple[int, ...]], dtype: str) -> None:
    a, b = np.ones(shapes[0], dtype), np.ones(shapes[1], dtype)
    ours = np.asarray(tfs.asarray(a) @ tfs.asarray(b))
    ref = a @ b
    assert ours.dtype == ref.dtype and ours.shape == ref.shape
    np.testing.assert_array_equal(ours, ref)


@pytest.mark.parametrize("dtype", ["int8", "int16", "int32", "int64", "uint8", "bool"])
def test_integer_products_large_enough_to_split(dtype: str) -> None:
    # Integer products use their own loop, split over rows when large; results are exact
    # (integers wrap on overflow, like NumPy; bool is or-of-ands).
    rng = np.random.default_rng(5)
    if dtype == "bool":
        a, b = rng.random((150, 90)) < 0.05, rng.random((90, 120)) < 0.05
    else:
        info = np.iinfo(dtype)
        a = rng.integers(max(info.min, -50), min(info.max, 50), (150, 90), endpoint=True).astype(dtype)
        b = rng.integers(max(info.min, -50), min(info.max, 50), (90, 120), endpoint=True).astype(dtype)
    views = [
        (tfs.asarray(a), tfs.asarray(b), a, b),
        (tfs.asarray(a.T.copy()).T[::-1], tfs.asarray(b.T.copy()).T[:, ::-1], a[::-1], b[:, ::-1]),
    ]
    for ta, tb, x, y in views:
        ours = np.asarray(ta @ tb)
        ref = x @ y
        assert ours.dtype == ref.dtype
        np.testing.assert_array_equal(ours, ref)


@pytest.mark.parametrize("dtype", FLOATS)
def test_tensordot_and_einsum_on_strided_operands(dtype: str) -> None:
    rng = np.random.default_rng(6)
    a = rand(rng, (9, 65, 17), dtype)
    b = rand(rng, (17, 65, 3), dtype)
    ta, tb = tfs.asarray(a), tfs.asarray(b)
    ours = np.asarray(tfs.tensordot(ta[::-1], tb, axes=([1, 2], [1, 0])))
    ref = np.tensordot(a[::-1].astype(np.float64), b.astype(np.float64), axes=([1, 2], [1, 0]))
    bound = np.tensordot(np.abs(a[::-1]).astype(np.float64), np.abs(b).astype(np.float64), axes=([1, 2], [1, 0]))
    assert np.all(np.abs(ours - ref) <= (65 * 17 + 2) * float(np.finfo(dtype).eps) * bound)
    ours_e = np.asarray(tfs.einsum("ijk,kjl->il", ta[::-1], tb))
    assert np.all(np.abs(ours_e - ref) <= (65 * 17 + 2) * float(np.finfo(dtype).eps) * bound)


@pytest.mark.parametrize("dtype", FLOATS + ["int32"])
@pytest.mark.parametrize("threads", [1, 2, 3])
@pytest.mark.parametrize(
    "shape",
    [
        (60, 60, 60),  # below the split: the calling thread
        (64, 784, 256),  # the MLP's forward product: one column block per thread
        (64, 300, 257),  # a ragged last column block (blocks are multiples of 16 wide)
        (700, 300, 10),  # a narrow output: split by rows instead
        (520, 512, 260),  # large
    ],
)
def test_products_on_each_side_of_the_thread_split(dtype: str, threads: int, shape: Tuple[int, int, int]) -> None:
    # Each block is its own GEMM call writing into a window of the output (rows n apart), so a
    # block boundary off by one, a wrong offset into either operand or an overlapping window
    # shows up as a wrong or unwritten column or row. The right operand is transposed
    # (column-major), as linear uses it, and the left one is a reversed view.
    m, k, n = shape
    rng = np.random.default_rng(7)
    a, bt = rand(rng, (m, k), dtype), rand(rng, (n, k), dtype)
    before = tfs.get_num_threads()
    tfs.set_num_threads(threads)
    try:
        check(tfs.asarray(a) @ tfs.asarray(bt).T, a, bt.T)
        check(tfs.asarray(a)[::-1] @ tfs.asarray(bt).T, a[::-1], bt.T)
        # An output that starts as garbage in a reused buffer must be fully overwritten.
        for _ in range(2):
            check(tfs.asarray(a) @ tfs.asarray(bt).T, a, bt.T)
    finally:
        tfs.set_num_threads(before)


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize(
    "shape",
    [
        (64, 784, 256),
        (64, 300, 161),  # a last block of 65 columns: just past GEMM's small-matrix path
        (16, 2000, 200),
        (3, 3000, 400),  # few rows: blocks must keep more than 256 outputs each
        (1, 5000, 600),
        (200, 3000, 3),  # split by rows
        (256, 64, 784),
    ],
)
def test_float_products_do_not_depend_on_the_thread_count(dtype: str, shape: Tuple[int, int, int]) -> None:
    # set_num_threads promises the same bits for every thread count. A block split must not
    # change GEMM's inner blocking: a block that falls into the small-matrix path (both output
    # dims <= 64) sums over k in other chunks than the whole product does.
    m, k, n = shape
    rng = np.random.default_rng(11)
    a, b = tfs.asarray(rand(rng, (m, k), dtype)), tfs.asarray(rand(rng, (k, n), dtype))
    before = tfs.get_num_threads()
    try:
        tfs.set_num_threads(1)
        want = np.asarray(a @ b)
        for threads in [2, 3, 4, 7]:
            tfs.set_num_threads(threads)
            np.testing.assert_array_equal(np.asarray(a @ b), want, err_msg=f"{threads} threads")
    finally:
        tfs.set_num_threads(before)
