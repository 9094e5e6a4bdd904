"""Poolings: max_pool2d, avg_pool2d, adaptive_avg_pool2d, adaptive_max_pool2d, max_pool1d and
avg_pool1d of tenflowers.nn.functional.

Forward values and indices are compared with NumPy transcriptions of PyTorch's definitions
(written here: output sizes with PyTorch's ceil_mode rule, -inf padding, dilation, the first
maximum in row-major window order and the last NaN, count_include_pad / divisor_override
divisors, adaptive windows floor(i*L/O) .. ceil((i+1)*L/O)) over a grid of shapes and
parameters, float32 and float64, batched and unbatched. Gradients are compared with the NumPy
adjoints (the max gradient routed to the recorded maximum, overlapping windows adding; the
average divided by each window's divisor) and with central differences in float64 (inputs
without ties for max); second derivatives with central differences of the first derivative.
torch parity (values, indices, gradients, double backward) runs where torch is importable. Then
1-d variants, non-contiguous inputs and the configuration errors.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tenflowers as tfs
import tenflowers.nn.functional as F
from tenflowers._core import ffi
from tenflowers.errors import DtypeError, LayerConfigError, ShapeError
from test_gradient_parity import check_gradients

torch: Any  # typed Any whether or not torch (and its annotations) can be imported
try:
    import torch as _torch  # type: ignore[import-not-found, unused-ignore]

    torch = _torch
except ImportError:  # pragma: no cover - depends on the environment
    torch = None

Arr = npt.NDArray[Any]
RNG = np.random.default_rng(14)
Pair = Tuple[int, int]


def need_torch() -> Any:
    if torch is None:
        pytest.skip("torch is not installed: no torch parity check")
    return torch


def rtol_of(dtype: Any) -> float:
    return 1e-12 if dtype == np.float64 else 1e-5


def distinct(*shape: int) -> Arr:
    """float64 values in random order, at least 0.1 apart (no ties, none within a finite
    difference step of another)."""
    n = int(np.prod(shape))
    return (RNG.permutation(n).astype(np.float64) * 0.1 - n * 0.05).reshape(shape)


# -- references (NumPy, from PyTorch's definitions) --------------------------------------------


def out_len(length: int, k: int, s: int, p: int, d: int, ceil_mode: bool) -> int:
    """PyTorch's pooling_output_shape: the last window must start inside the input or the
    left padding."""
    num = length + 2 * p - d * (k - 1) - 1 + (s - 1 if ceil_mode else 0)
    out = num // s + 1
    if ceil_mode and (out - 1) * s >= length + p:
        out -= 1
    return out


def window_positions(o: int, length: int, k: int, s: int, p: int, d: int) -> List[int]:
    """The input positions window `o` reads (padding dropped)."""
    return [o * s - p + t * d for t in range(k) if 0 <= o * s - p + t * d < length]


def max_ref(x: Arr, k: Pair, s: Pair, p: Pair, d: Pair, ceil_mode: bool) -> Tuple[Arr, Arr]:
    """Max pooling of (N, C, H, W): values and flat H*W indices. The scan is PyTorch's: in
    row-major window order, an element replaces the best when greater or NaN (so the first
    maximum and the last NaN win); an empty window gives -inf and index -1."""
    n, c, h, w = x.shape
    ho, wo = out_len(h, k[0], s[0], p[0], d[0], ceil_mode), out_len(w, k[1], s[1], p[1], d[1], ceil_mode)
    vals = np.empty((n, c, ho, wo), dtype=x.dtype)
    idx = np.empty((n, c, ho, wo), dtype=np.int64)
    for i in range(ho):
        rows = window_positions(i, h, k[0], s[0], p[0], d[0])
        for j in range(wo):
            cols = window_positions(j, w, k[1], s[1], p[1], d[1])
            best = np.full((n, c), -np.inf, dtype=x.dtype)
            at = np.full((n, c), rows[0] * w + cols[0] if rows and cols else -1, dtype=np.int64)
            for r in rows:
                for q in cols:
                    v = x[:, :, r, q]
                    upd = (v > best) | np.isnan(v)
                    best = np.where(upd, v, best)
                    at = np.where(upd, r * w + q, at)
            vals[:, :, i, j], idx[:, :, i, j] = best, at
    return vals, idx


def avg_windows(length: int, k: int, s: int, p: int, ceil_mode: bool) -> List[Tuple[int, int, int]]:
    """(lo, hi, padded size) of each average window: PyTorch's `hend = min(hstart + k, L + p)`,
    `pool_size` taken before clipping to the input."""
    res = []
    for o in range(out_len(length, k, s, p, 1, ceil_mode)):
        start = o * s - p
        end = min(start + k, length + p)
        res.append((max(start, 0), min(end, length), end - start))
    return res


def avg_ref(x: Arr, k: Pair, s: Pair, p: Pair, ceil_mode: bool, count_include_pad: bool,
            divisor_override: Optional[int]) -> Arr:
    xd = x.astype(np.float64)
    n, c, h, w = x.shape
    rws, cws = avg_windows(h, k[0], s[0], p[0], ceil_mode), avg_windows(w, k[1], s[1], p[1], ceil_mode)
    out = np.zeros((n, c, len(rws), len(cws)))
    for i, (r0, r1, rp) in enumerate(rws):
        for j, (c0, c1, cp) in enumerate(cws):
            if divisor_override is not None:
                div = float(divisor_override)
            elif count_include_pad:
                div = float(rp * cp)
            else:
                div = float((r1 - r0) * (c1 - c0))
            out[:, :, i, j] = xd[:, :, r0:r1, c0:c1].sum(axis=(2, 3)) / div
    return out


def avg_grad_ref(g: Arr, xshape: Sequence[int], k: Pair, s: Pair, p: Pair, ceil_mode: bool,
                 count_include_pad: bool, divisor_override: Optional[int]) -> Arr:
    """The adjoint of avg_ref: each g element divided by its divisor, added over its window."""
    h, w = xshape[2], xshape[3]
    rws, cws = avg_windows(h, k[0], s[0], p[0], ceil_mode), avg_windows(w, k[1], s[1], p[1], ceil_mode)
    dx = np.zeros(tuple(xshape))
    for i, (r0, r1, rp) in enumerate(rws):
        for j, (c0, c1, cp) in enumerate(cws):
            if divisor_override is not None:
                div = float(divisor_override)
            elif count_include_pad:
                div = float(rp * cp)
            else:
                div = float((r1 - r0) * (c1 - c0))
            dx[:, :, r0:r1, c0:c1] += (g[:, :, i, j] / div)[:, :, None, None]
    return dx


def adaptive_bounds(length: int, out: int) -> List[Tuple[int, int]]:
    return [(i * length // out, -(-(i + 1) * length // out)) for i in range(out)]


def adaptive_avg_ref(x: Arr, out: Pair) -> Arr:
    xd = x.astype(np.float64)
    n, c, h, w = x.shape
    res = np.zeros((n, c, out[0], out[1]))
    for i, (r0, r1) in enumerate(adaptive_bounds(h, out[0])):
        for j, (c0, c1) in enumerate(adaptive_bounds(w, out[1])):
            res[:, :, i, j] = xd[:, :, r0:r1, c0:c1].mean(axis=(2, 3))
    return res


def adaptive_max_ref(x: Arr, out: Pair) -> Tuple[Arr, Arr]:
    n, c, h, w = x.shape
    vals = np.empty((n, c, out[0], out[1]), dtype=x.dtype)
    idx = np.empty((n, c, out[0], out[1]), dtype=np.int64)
    for i, (r0, r1) in enumerate(adaptive_bounds(h, out[0])):
        for j, (c0, c1) in enumerate(adaptive_bounds(w, out[1])):
            best = np.full((n, c), -np.inf, dtype=x.dtype)
            at = np.full((n, c), r0 * w + c0, dtype=np.int64)
            for r in range(r0, r1):
                for q in range(c0, c1):
                    v = x[:, :, r, q]
                    upd = (v > best) | np.isnan(v)
                    best = np.where(upd, v, best)
                    at = np.where(upd, r * w + q, at)
            vals[:, :, i, j], idx[:, :, i, j] = best, at
    return vals, idx


def scatter_ref(g: Arr, idx: Arr, xshape: Sequence[int]) -> Arr:
    """The max pooling gradient: g added at the flat plane indices (overlaps accumulate; -1
    receives nothing)."""
    n, c, h, w = xshape
    dx = np.zeros((n * c, h * w))
    gf, jf = g.reshape(n * c, -1).astype(np.float64), idx.reshape(n * c, -1)
    for pl in range(n * c):
        keep = jf[pl] >= 0
        np.add.at(dx[pl], jf[pl][keep], gf[pl][keep])
    return dx.reshape(tuple(xshape))


def unbatch(f: Callable[..., Any], x: Arr, batched: bool, *args: Any, **kwargs: Any) -> Any:
    """Runs `f` on `x` (N, C, H, W), or on x[0] (C, H, W) with the result put back in a batch of
    one, so that the references (4-d) apply to both."""
    if batched:
        return f(tfs.asarray(x), *args, **kwargs)
    out = f(tfs.asarray(x[0]), *args, **kwargs)
    if isinstance(out, tuple):
        return tuple(o.reshape((1,) + o.shape) for o in out)
    return out.reshape((1,) + out.shape)


# -- the parameter grid --------------------------------------------------------------------------

# (H, W, kernel, stride, padding, dilation)
MAX_CASES: List[Tuple[int, int, Pair, Pair, Pair, Pair]] = [
    (6, 7, (2, 2), (2, 2), (0, 0), (1, 1)),
    (7, 7, (3, 3), (2, 2), (1, 1), (1, 1)),
    (5, 8, (3, 2), (1, 2), (1, 1), (1, 1)),
    (8, 9, (3, 3), (2, 3), (1, 0), (2, 2)),
    (9, 6, (2, 3), (3, 1), (1, 1), (3, 1)),
    (5, 5, (5, 5), (1, 1), (2, 2), (1, 1)),
    (4, 6, (1, 1), (1, 2), (0, 0), (1, 1)),
    (10, 7, (4, 3), (3, 2), (2, 1), (1, 2)),
    (6, 6, (3, 3), (3, 3), (1, 1), (1, 1)),  # ceil: the last window starts in the padding (dropped)
]


@pytest.mark.parametrize("case", MAX_CASES)
@pytest.mark.parametrize("ceil_mode", [False, True])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("batched", [True, False])
def test_max_pool2d_values_and_indices(case: Tuple[Any, ...], ceil_mode: bool, dtype: Any, batched: bool) -> None:
    h, w, k, s, p, d = case
    x = np.round(RNG.standard_normal((2 if batched else 1, 3, h, w)) * 2).astype(dtype)  # many ties
    want, want_idx = max_ref(x, k, s, p, d, ceil_mode)
    vals, idx = unbatch(F.max_pool2d, x, batched, k, s, p, d, ceil_mode, return_indices=True)
    assert vals.dtype == tfs.asarray(x).dtype and idx.dtype == tfs.int64
    np.testing.assert_array_equal(vals.numpy(), want)
    np.testing.assert_array_equal(idx.numpy(), want_idx)
    plain = unbatch(F.max_pool2d, x, batched, k, s, p, d, ceil_mode)
    np.testing.assert_array_equal(plain.numpy(), want)


def test_output_sizes_follow_pytorchs_ceil_rule() -> None:
    x = tfs.asarray(RNG.standard_normal((1, 1, 5, 6)))
    assert F.max_pool2d(x, 2, 2).shape == (1, 1, 2, 3)
    assert F.max_pool2d(x, 2, 2, ceil_mode=True).shape == (1, 1, 3, 3)
    # 6 with k=3, s=3, p=1: ceil((6 + 2 - 3) / 3) + 1 = 3; the third window starts at
    # 2 * 3 - 1 = 5, inside the input: kept.
    assert out_len(6, 3, 3, 1, 1, True) == 3
    assert out_len(4, 2, 3, 1, 1, True) == 2
    assert out_len(5, 2, 4, 1, 1, True) == 2  # ceil((5 + 2 - 2) / 4) + 1 = 3, dropped to 2
    assert F.max_pool2d(tfs.ones((1, 1, 5, 5)), 2, 4, 1, ceil_mode=True).shape == (1, 1, 2, 2)
    assert F.avg_pool2d(tfs.ones((1, 1, 5, 5)), 2, 4, 1, ceil_mode=True).shape == (1, 1, 2, 2)
    assert F.max_pool2d(x, 3, 2, 1, 2, ceil_mode=True).shape == (1, 1, 2, 3)


AVG_CASES: List[Tuple[int, int, Pair, Pair, Pair]] = [
    (6, 7, (2, 2), (2, 2), (0, 0)),
    (7, 7, (3, 3), (2, 2), (1, 1)),
    (5, 8, (3, 2), (1, 2), (1, 1)),
    (8, 9, (4, 3), (3, 2), (2, 1)),
    (5, 5, (5, 5), (3, 3), (2, 2)),
    (6, 6, (3, 3), (3, 3), (1, 1)),
    (4, 3, (1, 3), (1, 1), (0, 1)),
]


@pytest.mark.parametrize("case", AVG_CASES)
@pytest.mark.parametrize("ceil_mode", [False, True])
@pytest.mark.parametrize("count_include_pad", [True, False])
@pytest.mark.parametrize("divisor_override", [None, 1, 5])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_avg_pool2d_values(case: Tuple[Any, ...], ceil_mode: bool, count_include_pad: bool,
                           divisor_override: Optional[int], dtype: Any) -> None:
    h, w, k, s, p = case
    x = RNG.standard_normal((2, 3, h, w)).astype(dtype)
    want = avg_ref(x, k, s, p, ceil_mode, count_include_pad, divisor_override)
    for batched in (True, False):
        xb = x if batched else x[:1]
        got = unbatch(F.avg_pool2d, xb, batched, k, s, p, ceil_mode, count_include_pad, divisor_override)
        assert got.dtype == tfs.asarray(x).dtype
        np.testing.assert_allclose(got.numpy(), want[: xb.shape[0]], rtol=rtol_of(dtype), atol=rtol_of(dtype))


def test_avg_pool2d_hand_values() -> None:
    x = np.arange(16.0).reshape(1, 1, 4, 4)
    # kernel 3, stride 2, padding 1 on a 4x4: the top-left window covers x[0:2, 0:2] = 0+1+4+5.
    inc = F.avg_pool2d(tfs.asarray(x), 3, 2, 1).numpy()
    exc = F.avg_pool2d(tfs.asarray(x), 3, 2, 1, count_include_pad=False).numpy()
    ovr = F.avg_pool2d(tfs.asarray(x), 3, 2, 1, divisor_override=2).numpy()
    assert inc[0, 0, 0, 0] == 10.0 / 9.0 and exc[0, 0, 0, 0] == 10.0 / 4.0 and ovr[0, 0, 0, 0] == 5.0
    # The bottom-right window covers rows/cols 1..3 (3x3, no padding): mean of 5,6,7,9,...,15.
    assert inc[0, 0, 1, 1] == exc[0, 0, 1, 1] == np.mean(x[0, 0, 1:4, 1:4])


ADAPTIVE_CASES: List[Tuple[int, int, Any]] = [
    (6, 6, (3, 3)),
    (7, 5, (3, 2)),
    (5, 7, (5, 7)),  # identity
    (4, 3, (7, 5)),  # output larger than input: overlapping windows of one element
    (9, 10, (4, 1)),
    (5, 6, 1),  # global pooling
    (7, 8, (None, 3)),
    (7, 8, (2, None)),
    (7, 8, [3]),
    (1, 1, (2, 3)),
]


def resolved(out: Any, h: int, w: int) -> Pair:
    vals = [out, out] if out is None or isinstance(out, int) else list(out)
    if len(vals) == 1:
        vals = vals * 2
    return (h if vals[0] is None else int(vals[0]), w if vals[1] is None else int(vals[1]))


@pytest.mark.parametrize("case", ADAPTIVE_CASES)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("batched", [True, False])
def test_adaptive_pools(case: Tuple[Any, ...], dtype: Any, batched: bool) -> None:
    h, w, out = case
    o = resolved(out, h, w)
    x = np.round(RNG.standard_normal((2 if batched else 1, 3, h, w)) * 2).astype(dtype)  # ties
    got = unbatch(F.adaptive_avg_pool2d, x, batched, out)
    assert got.shape[2:] == o
    np.testing.assert_allclose(got.numpy(), adaptive_avg_ref(x, o), rtol=rtol_of(dtype), atol=rtol_of(dtype))
    want, want_idx = adaptive_max_ref(x, o)
    vals, idx = unbatch(F.adaptive_max_pool2d, x, batched, out, return_indices=True)
    np.testing.assert_array_equal(vals.numpy(), want)
    np.testing.assert_array_equal(idx.numpy(), want_idx)
    np.testing.assert_array_equal(unbatch(F.adaptive_max_pool2d, x, batched, out).numpy(), want)


def test_adaptive_window_bounds() -> None:
    # 5 rows to 3: floor(0)=0..ceil(5/3)=2, floor(5/3)=1..ceil(10/3)=4, floor(10/3)=3..5.
    assert adaptive_bounds(5, 3) == [(0, 2), (1, 4), (3, 5)]
    x = np.arange(5.0).reshape(1, 1, 5, 1)
    got = F.adaptive_avg_pool2d(tfs.asarray(x), (3, 1)).numpy().ravel()
    np.testing.assert_allclose(got, [0.5, 2.0, 3.5], rtol=1e-15)


@settings(max_examples=40)
@given(h=st.integers(1, 9), w=st.integers(1, 9), kh=st.integers(1, 4), kw=st.integers(1, 4),
       sh=st.integers(1, 3), sw=st.integers(1, 3), dh=st.integers(1, 3), dw=st.integers(1, 3),
       ceil_mode=st.booleans(), data=st.data())
def test_random_configurations(h: int, w: int, kh: int, kw: int, sh: int, sw: int, dh: int, dw: int,
                               ceil_mode: bool, data: st.DataObject) -> None:
    ph, pw = data.draw(st.integers(0, kh // 2)), data.draw(st.integers(0, kw // 2))
    k, s, p, d = (kh, kw), (sh, sw), (ph, pw), (dh, dw)
    x = np.round(RNG.standard_normal((1, 2, h, w)) * 2)
    if out_len(h, kh, sh, ph, dh, ceil_mode) >= 1 and out_len(w, kw, sw, pw, dw, ceil_mode) >= 1:
        want, want_idx = max_ref(x, k, s, p, d, ceil_mode)
        vals, idx = F.max_pool2d(tfs.asarray(x), k, s, p, d, ceil_mode, return_indices=True)
        np.testing.assert_array_equal(vals.numpy(), want)
        np.testing.assert_array_equal(idx.numpy(), want_idx)
    else:
        with pytest.raises(LayerConfigError, match="max_pool2d: .*must be positive"):
            F.max_pool2d(tfs.asarray(x), k, s, p, d, ceil_mode)
    if out_len(h, kh, sh, ph, 1, ceil_mode) >= 1 and out_len(w, kw, sw, pw, 1, ceil_mode) >= 1:
        cip = data.draw(st.booleans())
        got = F.avg_pool2d(tfs.asarray(x), k, s, p, ceil_mode, cip)
        np.testing.assert_allclose(got.numpy(), avg_ref(x, k, s, p, ceil_mode, cip, None), rtol=1e-12, atol=1e-12)


# -- ties and NaN --------------------------------------------------------------------------------


def test_ties_pick_the_first_maximum_and_nan_the_last() -> None:
    x = np.array([[[[1.0, 3.0, 3.0], [3.0, 2.0, 3.0], [0.0, 3.0, 1.0]]]])
    vals, idx = F.max_pool2d(tfs.asarray(x), 2, 1, return_indices=True)
    np.testing.assert_array_equal(vals.numpy(), [[[[3.0, 3.0], [3.0, 3.0]]]])
    np.testing.assert_array_equal(idx.numpy(), [[[[1, 1], [3, 5]]]])
    n = np.array([[[[np.nan, 1.0], [np.nan, 5.0]]]])
    vals, idx = F.max_pool2d(tfs.asarray(n), 2, return_indices=True)
    assert np.isnan(vals.numpy()).all() and idx.numpy().ravel().tolist() == [2]
    vals, idx = F.adaptive_max_pool2d(tfs.asarray(n), 1, return_indices=True)
    assert np.isnan(vals.numpy()).all() and idx.numpy().ravel().tolist() == [2]
    # all -inf: the window's first element
    m = np.full((1, 1, 2, 2), -np.inf)
    vals, idx = F.max_pool2d(tfs.asarray(m), 2, return_indices=True)
    assert vals.numpy().ravel().tolist() == [-np.inf] and idx.numpy().ravel().tolist() == [0]
    # the gradient goes to the first maximum only
    t = tfs.ones((1, 1, 3, 3), dtype=tfs.float64).requires_grad_()
    F.max_pool2d(t, 2, 1).sum().backward()
    assert t.grad is not None
    np.testing.assert_array_equal(t.grad.numpy()[0, 0], [[1, 1, 0], [1, 1, 0], [0, 0, 0]])


def test_ties_and_nan_match_torch() -> None:
    th = need_torch()
    x = np.round(RNG.standard_normal((2, 3, 7, 8)))
    x[0, 0, 1, 1] = x[1, 2, 4, 5] = x[1, 2, 4, 6] = np.nan
    for k, s, p, d in [(3, 2, 1, 1), (2, 1, 0, 1), (3, 1, 1, 2)]:
        tv, ti = th.nn.functional.max_pool2d(th.tensor(x), k, s, p, d, return_indices=True)
        fv, fi = F.max_pool2d(tfs.asarray(x), k, s, p, d, return_indices=True)
        np.testing.assert_array_equal(fv.numpy(), tv.numpy())
        np.testing.assert_array_equal(fi.numpy(), ti.numpy())
    tv, ti = th.nn.functional.adaptive_max_pool2d(th.tensor(x), (3, 5), return_indices=True)
    fv, fi = F.adaptive_max_pool2d(tfs.asarray(x), (3, 5), return_indices=True)
    np.testing.assert_array_equal(fv.numpy(), tv.numpy())
    np.testing.assert_array_equal(fi.numpy(), ti.numpy())


def test_window_without_input_elements() -> None:
    """Dilation on a tiny input can give a window reading only padding: -inf, index -1 (torch's
    index there points outside the window), and no gradient to any input, to any order."""
    x0 = np.arange(3.0).reshape(1, 1, 3, 1)
    x = tfs.asarray(x0).requires_grad_()
    vals, idx = F.max_pool2d(x, (1, 2), 1, (0, 1), (1, 2), return_indices=True)
    assert vals.numpy().ravel().tolist() == [-np.inf] * 3
    assert idx.numpy().ravel().tolist() == [-1] * 3
    want_v, want_i = max_ref(x0, (1, 2), (1, 1), (0, 1), (1, 2), False)
    np.testing.assert_array_equal(want_i, idx.numpy())
    (g,) = tfs.autograd.grad((vals * 2.0).sum(), [x], create_graph=True)
    assert g is not None
    np.testing.assert_array_equal(g.numpy(), 0.0)
    # Mixed: some windows empty, some not (height 1 with kernel 2, dilation 2, padding 1).
    y0 = np.array([[[[4.0, 1.0, 3.0]]]])
    y = tfs.asarray(y0).requires_grad_()
    vals, idx = F.max_pool2d(y, (2, 2), (1, 1), (1, 1), (2, 1), return_indices=True)
    wv, wi = max_ref(y0, (2, 2), (1, 1), (1, 1), (2, 1), False)
    np.testing.assert_array_equal(vals.numpy(), wv)
    np.testing.assert_array_equal(idx.numpy(), wi)
    gout = tfs.asarray(RNG.standard_normal(vals.shape)).requires_grad_()
    (gy,) = tfs.autograd.grad(vals, [y], grad_outputs=[gout], create_graph=True)
    assert gy is not None
    np.testing.assert_allclose(gy.numpy(), scatter_ref(gout.numpy(), wi, y0.shape), rtol=1e-15)
    v = RNG.standard_normal(y0.shape)
    (gg,) = tfs.autograd.grad((gy * tfs.asarray(v)).sum(), [gout])
    assert gg is not None
    want = np.where(wi >= 0, v.reshape(-1)[np.maximum(wi, 0)], 0.0)
    np.testing.assert_allclose(gg.numpy(), want, rtol=1e-15)


# -- gradients -----------------------------------------------------------------------------------


@pytest.mark.parametrize("case", MAX_CASES)
@pytest.mark.parametrize("ceil_mode", [False, True])
def test_max_pool2d_gradient_against_numpy(case: Tuple[Any, ...], ceil_mode: bool) -> None:
    h, w, k, s, p, d = case
    x0 = np.round(RNG.standard_normal((2, 3, h, w)))  # ties: routed to the first maximum
    x = tfs.asarray(x0).requires_grad_()
    vals, idx = F.max_pool2d(x, k, s, p, d, ceil_mode, return_indices=True)
    g = RNG.standard_normal(vals.shape)
    (vals * tfs.asarray(g)).sum().backward()
    assert x.grad is not None and vals.grad_fn == "MaxPool2DWithIndicesBackward"
    _, want_idx = max_ref(x0, k, s, p, d, ceil_mode)
    np.testing.assert_allclose(x.grad.numpy(), scatter_ref(g, want_idx, x0.shape), rtol=1e-14, atol=1e-14)


@pytest.mark.parametrize("case", AVG_CASES)
@pytest.mark.parametrize("ceil_mode", [False, True])
@pytest.mark.parametrize("count_include_pad,divisor_override", [(True, None), (False, None), (False, 3)])
def test_avg_pool2d_gradient_against_numpy(case: Tuple[Any, ...], ceil_mode: bool, count_include_pad: bool,
                                           divisor_override: Optional[int]) -> None:
    h, w, k, s, p = case
    x = tfs.asarray(RNG.standard_normal((2, 3, h, w))).requires_grad_()
    y = F.avg_pool2d(x, k, s, p, ceil_mode, count_include_pad, divisor_override)
    g = RNG.standard_normal(y.shape)
    (y * tfs.asarray(g)).sum().backward()
    assert x.grad is not None and y.grad_fn == "AvgPool2DBackward"
    want = avg_grad_ref(g, x.shape, k, s, p, ceil_mode, count_include_pad, divisor_override)
    np.testing.assert_allclose(x.grad.numpy(), want, rtol=1e-13, atol=1e-13)


@pytest.mark.parametrize("case", ADAPTIVE_CASES)
def test_adaptive_gradients_against_numpy(case: Tuple[Any, ...]) -> None:
    h, w, out = case
    o = resolved(out, h, w)
    x0 = np.round(RNG.standard_normal((2, 2, h, w)))
    x = tfs.asarray(x0).requires_grad_()
    vals, idx = F.adaptive_max_pool2d(x, out, return_indices=True)
    avg = F.adaptive_avg_pool2d(x, out)
    assert vals.grad_fn == "AdaptiveMaxPool2DBackward" and avg.grad_fn == "AdaptiveAvgPool2DBackward"
    g1, g2 = RNG.standard_normal(vals.shape), RNG.standard_normal(avg.shape)
    ((vals * tfs.asarray(g1)).sum() + (avg * tfs.asarray(g2)).sum()).backward()
    assert x.grad is not None
    want = scatter_ref(g1, adaptive_max_ref(x0, o)[1], x0.shape)
    for i, (r0, r1) in enumerate(adaptive_bounds(h, o[0])):
        for j, (c0, c1) in enumerate(adaptive_bounds(w, o[1])):
            want[:, :, r0:r1, c0:c1] += (g2[:, :, i, j] / ((r1 - r0) * (c1 - c0)))[:, :, None, None]
    np.testing.assert_allclose(x.grad.numpy(), want, rtol=1e-13, atol=1e-13)


@pytest.mark.parametrize("case", MAX_CASES[:6])
def test_max_pool2d_finite_differences(case: Tuple[Any, ...]) -> None:
    h, w, k, s, p, d = case
    check_gradients(f"max_pool2d{case}", lambda x: F.max_pool2d(x, k, s, p, d, True), [distinct(1, 2, h, w)])


@pytest.mark.parametrize("case", AVG_CASES[:5])
def test_avg_pool2d_finite_differences(case: Tuple[Any, ...]) -> None:
    h, w, k, s, p = case
    check_gradients(f"avg_pool2d{case}", lambda x: F.avg_pool2d(x, k, s, p, True, False),
                    [RNG.standard_normal((1, 2, h, w))])
    check_gradients(f"avg_pool2d_div{case}", lambda x: F.avg_pool2d(x, k, s, p, False, True, 7),
                    [RNG.standard_normal((1, 2, h, w))])


def test_adaptive_and_1d_finite_differences() -> None:
    check_gradients("adaptive_avg_pool2d", lambda x: F.adaptive_avg_pool2d(x, (3, 4)), [RNG.standard_normal((2, 2, 5, 7))])
    check_gradients("adaptive_max_pool2d", lambda x: F.adaptive_max_pool2d(x, (4, 3)), [distinct(2, 2, 7, 5)])
    check_gradients("max_pool1d", lambda x: F.max_pool1d(x, 3, 2, 1, 2, True), [distinct(2, 3, 11)])
    check_gradients("avg_pool1d", lambda x: F.avg_pool1d(x, 4, 3, 2, True, False), [RNG.standard_normal((2, 3, 10))])
    check_gradients("max_pool2d_unbatched", lambda x: F.max_pool2d(x, 3, 2, 1), [distinct(2, 6, 5)])
    check_gradients("max_pool2d_view", lambda x: F.max_pool2d(x, 2, 1), [distinct(3, 5, 4)], views=True)


def second_derivative(pool: Callable[[tfs.Tensor], tfs.Tensor], x0: Arr) -> None:
    """d/dx of sum(v * dL/dx) with L = sum(w * pool(x)^2), against central differences of the
    first derivative (computed without create_graph)."""
    out_shape = pool(tfs.asarray(x0)).shape
    w, v = RNG.uniform(0.5, 1.5, out_shape), RNG.standard_normal(x0.shape)

    def first(xn: Arr) -> Arr:
        x = tfs.asarray(xn).requires_grad_()
        (pool(x) ** 2 * tfs.asarray(w)).sum().backward()
        assert x.grad is not None
        return np.asarray(x.grad.numpy())

    x = tfs.asarray(x0).requires_grad_()
    (gx,) = tfs.autograd.grad((pool(x) ** 2 * tfs.asarray(w)).sum(), [x], create_graph=True)
    assert gx is not None
    np.testing.assert_allclose(gx.numpy(), first(x0), rtol=1e-14)
    (gx * tfs.asarray(v)).sum().backward()
    assert x.grad is not None
    eps, num = 1e-6, np.zeros_like(x0)
    for i in np.ndindex(*x0.shape):
        dx = np.zeros_like(x0)
        dx[i] = eps
        num[i] = float(np.sum((first(x0 + dx) - first(x0 - dx)) * v)) / (2 * eps)
    np.testing.assert_allclose(x.grad.numpy(), num, rtol=1e-6, atol=1e-6)


def test_second_derivatives() -> None:
    second_derivative(lambda x: F.max_pool2d(x, 3, 2, 1, ceil_mode=True), distinct(1, 2, 5, 6))
    second_derivative(lambda x: F.adaptive_max_pool2d(x, (2, 3)), distinct(1, 2, 5, 4))
    second_derivative(lambda x: F.avg_pool2d(x, 3, 2, 1, count_include_pad=False), RNG.standard_normal((1, 2, 5, 5)))
    second_derivative(lambda x: F.adaptive_avg_pool2d(x, (3, 2)), RNG.standard_normal((1, 1, 5, 4)))
    second_derivative(lambda x: F.max_pool1d(x, 2, 1, 1), distinct(1, 2, 6))


def test_double_backward_in_the_output_gradient() -> None:
    """The backward ops are differentiable in the incoming gradient: for the max pooling, the
    gather of v by the indices; for the average pooling, the average pooling of v."""
    # Its own stream: the module's RNG is drawn a variable number of times by the hypothesis tests.
    rng = np.random.default_rng(540)
    x0 = np.round(rng.standard_normal((2, 2, 6, 7)))
    x = tfs.asarray(x0).requires_grad_()
    vals, idx = F.max_pool2d(x, 3, 2, 1, return_indices=True)
    g = tfs.asarray(rng.standard_normal(vals.shape)).requires_grad_()
    (gx,) = tfs.autograd.grad(vals, [x], grad_outputs=[g], create_graph=True)
    assert gx is not None and gx.grad_fn == "MaxPool2DWithIndicesBackwardBackward"
    v = rng.standard_normal(x0.shape)
    (gg,) = tfs.autograd.grad((gx * tfs.asarray(v)).sum(), [g])
    assert gg is not None
    flat = v.reshape(4, -1)
    want = np.stack([flat[i][idx.numpy().reshape(4, -1)[i]] for i in range(4)]).reshape(vals.shape)
    np.testing.assert_allclose(gg.numpy(), want, rtol=1e-15)
    y = F.avg_pool2d(x, 3, 2, 1, ceil_mode=True, count_include_pad=False)
    ga = tfs.asarray(rng.standard_normal(y.shape)).requires_grad_()
    (ax,) = tfs.autograd.grad(y, [x], grad_outputs=[ga], create_graph=True)
    assert ax is not None and ax.grad_fn == "AvgPool2DBackwardBackward"
    (gga,) = tfs.autograd.grad((ax * tfs.asarray(v)).sum(), [ga])
    assert gga is not None
    # A window's average of standard-normal values can cancel to near zero, where the rounding of
    # a different summation order is large relative to the result but not to the terms (|v| ~ 1,
    # at most 9 terms): the absolute bound is a few ulps of the terms.
    np.testing.assert_allclose(gga.numpy(), avg_ref(v, (3, 3), (2, 2), (1, 1), True, False, None), rtol=1e-13,
                               atol=1e-14 * float(np.abs(v).max()))


# -- torch parity ----------------------------------------------------------------------------------


def random_window(rng: np.random.Generator) -> Tuple[Pair, Pair, Pair, Pair]:
    k = (int(rng.integers(1, 5)), int(rng.integers(1, 5)))
    s = (int(rng.integers(1, 4)), int(rng.integers(1, 4)))
    p = (int(rng.integers(0, k[0] // 2 + 1)), int(rng.integers(0, k[1] // 2 + 1)))
    d = (int(rng.integers(1, 3)), int(rng.integers(1, 3)))
    return k, s, p, d


def test_torch_parity_random_configurations() -> None:
    th = need_torch()
    tf_ = th.nn.functional
    rng = np.random.default_rng(5)
    compared = 0
    for _ in range(150):
        h, w = int(rng.integers(3, 10)), int(rng.integers(3, 10))
        k, s, p, d = random_window(rng)
        cm = bool(rng.integers(0, 2))
        x0 = rng.standard_normal((2, 3, h, w))
        if rng.integers(0, 2):
            x0 = np.round(x0)
        if out_len(h, k[0], s[0], p[0], d[0], cm) >= 1 and out_len(w, k[1], s[1], p[1], d[1], cm) >= 1:
            xt = th.tensor(x0, requires_grad=True)
            tv, ti = tf_.max_pool2d(xt, k, s, p, d, cm, return_indices=True)
            if (ti.numpy() >= 0).all() and (ti.numpy() < h * w).all():  # torch's empty windows: see above
                x = tfs.asarray(x0).requires_grad_()
                fv, fi = F.max_pool2d(x, k, s, p, d, cm, return_indices=True)
                np.testing.assert_array_equal(fv.numpy(), tv.detach().numpy())
                np.testing.assert_array_equal(fi.numpy(), ti.numpy())
                g = rng.standard_normal(tv.shape)
                (tv * th.tensor(g)).sum().backward()
                (fv * tfs.asarray(g)).sum().backward()
                assert x.grad is not None
                np.testing.assert_allclose(x.grad.numpy(), xt.grad.numpy(), rtol=1e-14, atol=1e-14)
                compared += 1
        if out_len(h, k[0], s[0], p[0], 1, cm) >= 1 and out_len(w, k[1], s[1], p[1], 1, cm) >= 1:
            cip = bool(rng.integers(0, 2))
            div = None if rng.integers(0, 2) else int(rng.integers(1, 7))
            xt = th.tensor(x0, requires_grad=True)
            x = tfs.asarray(x0).requires_grad_()
            tv = tf_.avg_pool2d(xt, k, s, p, cm, cip, div)
            fv = F.avg_pool2d(x, k, s, p, cm, cip, div)
            np.testing.assert_allclose(fv.numpy(), tv.detach().numpy(), rtol=1e-12, atol=1e-12)
            g = rng.standard_normal(tv.shape)
            (tv * th.tensor(g)).sum().backward()
            (fv * tfs.asarray(g)).sum().backward()
            assert x.grad is not None
            np.testing.assert_allclose(x.grad.numpy(), xt.grad.numpy(), rtol=1e-12, atol=1e-12)
            compared += 1
        oh, ow = int(rng.integers(1, 12)), int(rng.integers(1, 12))
        xt = th.tensor(x0, requires_grad=True)
        x = tfs.asarray(x0).requires_grad_()
        tv, ti = tf_.adaptive_max_pool2d(xt, (oh, ow), return_indices=True)
        ta = tf_.adaptive_avg_pool2d(xt, (oh, ow))
        fv, fi = F.adaptive_max_pool2d(x, (oh, ow), return_indices=True)
        fa = F.adaptive_avg_pool2d(x, (oh, ow))
        np.testing.assert_array_equal(fv.numpy(), tv.detach().numpy())
        np.testing.assert_array_equal(fi.numpy(), ti.numpy())
        np.testing.assert_allclose(fa.numpy(), ta.detach().numpy(), rtol=1e-12, atol=1e-12)
        g1, g2 = rng.standard_normal(tv.shape), rng.standard_normal(ta.shape)
        ((tv * th.tensor(g1)).sum() + (ta * th.tensor(g2)).sum()).backward()
        ((fv * tfs.asarray(g1)).sum() + (fa * tfs.asarray(g2)).sum()).backward()
        assert x.grad is not None
        np.testing.assert_allclose(x.grad.numpy(), xt.grad.numpy(), rtol=1e-12, atol=1e-12)
        compared += 2
    assert compared > 300


def test_torch_parity_float32_1d_and_double_backward() -> None:
    th = need_torch()
    tf_ = th.nn.functional
    x0 = RNG.standard_normal((2, 3, 9, 8)).astype(np.float32)
    pairs: List[Tuple[Callable[[Any], Any], Callable[[tfs.Tensor], Any]]] = [
        (lambda a: tf_.max_pool2d(a, 3, 2, 1, 1, True), lambda a: F.max_pool2d(a, 3, 2, 1, 1, True)),
        (lambda a: tf_.avg_pool2d(a, 3, 2, 1, True, False), lambda a: F.avg_pool2d(a, 3, 2, 1, True, False)),
        (lambda a: tf_.adaptive_avg_pool2d(a, (4, 3)), lambda a: F.adaptive_avg_pool2d(a, (4, 3))),
        (lambda a: tf_.adaptive_max_pool2d(a, (4, 3)), lambda a: F.adaptive_max_pool2d(a, (4, 3))),
    ]
    for fn_t, fn_f in pairs:
        xt, x = th.tensor(x0, requires_grad=True), tfs.asarray(x0).requires_grad_()
        yt, y = fn_t(xt), fn_f(x)
        assert y.dtype == tfs.float32
        np.testing.assert_allclose(y.numpy(), yt.detach().numpy(), rtol=1e-6, atol=1e-6)
        (yt ** 2).sum().backward()
        (y ** 2).sum().backward()
        assert x.grad is not None
        np.testing.assert_allclose(x.grad.numpy(), xt.grad.numpy(), rtol=1e-5, atol=1e-5)
    l0 = RNG.standard_normal((2, 3, 13))
    configs: List[Dict[str, Any]] = [dict(kernel_size=3, stride=2, padding=1, dilation=2, ceil_mode=True),
                                     dict(kernel_size=2)]
    for kw in configs:
        tv, ti = tf_.max_pool1d(th.tensor(l0), return_indices=True, **kw)
        fv, fi = F.max_pool1d(tfs.asarray(l0), return_indices=True, **kw)
        np.testing.assert_array_equal(fv.numpy(), tv.numpy())
        np.testing.assert_array_equal(fi.numpy(), ti.numpy())
        tv, ti = tf_.max_pool1d(th.tensor(l0[0]), return_indices=True, **kw)
        fv, fi = F.max_pool1d(tfs.asarray(l0[0]), return_indices=True, **kw)
        np.testing.assert_array_equal(fi.numpy(), ti.numpy())
    for cip in (True, False):
        want = tf_.avg_pool1d(th.tensor(l0), 4, 3, 2, True, cip).numpy()
        np.testing.assert_allclose(F.avg_pool1d(tfs.asarray(l0), 4, 3, 2, True, cip).numpy(), want, rtol=1e-12)
    # double backward: d/dx sum(v * d sum(pool(x)^2)/dx)
    xd = RNG.standard_normal((1, 2, 6, 7))
    v = RNG.standard_normal(xd.shape)
    for fn_t, fn_f in [(lambda a: tf_.max_pool2d(a, 3, 2, 1), lambda a: F.max_pool2d(a, 3, 2, 1)),
                       (lambda a: tf_.adaptive_max_pool2d(a, 3), lambda a: F.adaptive_max_pool2d(a, 3))]:
        xt, x = th.tensor(xd, requires_grad=True), tfs.asarray(xd).requires_grad_()
        (gt,) = th.autograd.grad((fn_t(xt) ** 2).sum(), xt, create_graph=True)
        (gf,) = tfs.autograd.grad((fn_f(x) ** 2).sum(), [x], create_graph=True)
        assert gf is not None
        (gt * th.tensor(v)).sum().backward()
        (gf * tfs.asarray(v)).sum().backward()
        assert x.grad is not None
        np.testing.assert_allclose(x.grad.numpy(), xt.grad.numpy(), rtol=1e-13, atol=1e-13)


# -- 1-d ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("k,s,p,d", [(2, 2, 0, 1), (3, 2, 1, 1), (3, 1, 1, 2), (4, 3, 2, 1), (1, 1, 0, 1)])
@pytest.mark.parametrize("ceil_mode", [False, True])
def test_1d_poolings(k: int, s: int, p: int, d: int, ceil_mode: bool) -> None:
    x = np.round(RNG.standard_normal((2, 3, 11)) * 2)
    want, want_idx = max_ref(x[:, :, None], (1, k), (1, s), (0, p), (1, d), ceil_mode)
    vals, idx = F.max_pool1d(tfs.asarray(x), k, s, p, d, ceil_mode, return_indices=True)
    np.testing.assert_array_equal(vals.numpy(), want[:, :, 0])
    np.testing.assert_array_equal(idx.numpy(), want_idx[:, :, 0])  # indices into L
    vals, idx = F.max_pool1d(tfs.asarray(x[1]), (k,), [s], (p,), (d,), ceil_mode, return_indices=True)
    assert vals.shape == want.shape[1:2] + want.shape[3:]
    np.testing.assert_array_equal(vals.numpy(), want[1, :, 0])
    np.testing.assert_array_equal(idx.numpy(), want_idx[1, :, 0])
    np.testing.assert_array_equal(F.max_pool1d(tfs.asarray(x), k, s, p, d, ceil_mode).numpy(), want[:, :, 0])
    for cip in (True, False):
        avg = avg_ref(x[:, :, None], (1, k), (1, s), (0, p), ceil_mode, cip, None)[:, :, 0]
        np.testing.assert_allclose(F.avg_pool1d(tfs.asarray(x), k, s, p, ceil_mode, cip).numpy(), avg, rtol=1e-12)
        np.testing.assert_allclose(F.avg_pool1d(tfs.asarray(x[0]), k, s, p, ceil_mode, cip).numpy(), avg[0], rtol=1e-12)
    xg = tfs.asarray(x).requires_grad_()
    vals, _ = F.max_pool1d(xg, k, s, p, d, ceil_mode, return_indices=True)
    g = RNG.standard_normal(vals.shape)
    (vals * tfs.asarray(g)).sum().backward()
    assert xg.grad is not None
    np.testing.assert_allclose(xg.grad.numpy(), scatter_ref(g[:, :, None], want_idx, (2, 3, 1, 11))[:, :, 0], rtol=1e-14)


def test_stride_defaults_to_the_kernel() -> None:
    x = tfs.asarray(RNG.standard_normal((1, 2, 6, 6)))
    np.testing.assert_array_equal(F.max_pool2d(x, 3).numpy(), F.max_pool2d(x, 3, 3).numpy())
    np.testing.assert_array_equal(F.max_pool2d(x, 3, []).numpy(), F.max_pool2d(x, 3, 3).numpy())
    np.testing.assert_array_equal(F.avg_pool2d(x, (2, 3)).numpy(), F.avg_pool2d(x, (2, 3), (2, 3)).numpy())
    assert F.max_pool1d(tfs.asarray(RNG.standard_normal((2, 9))), 3).shape == (2, 3)


# -- non-contiguous inputs ---------------------------------------------------------------------------


def test_views_give_the_results_of_contiguous_copies() -> None:
    base = distinct(3, 4, 9, 10)
    # transposed in H and W, then sliced with steps and offsets: a strided, offset view
    t = tfs.permute_dims(tfs.asarray(np.ascontiguousarray(base.transpose(0, 1, 3, 2))), (0, 1, 3, 2))
    views = [
        (t, base),
        (t[1:, ::2, 1:, ::2], base[1:, ::2, 1:, ::2]),
        (tfs.permute_dims(tfs.asarray(np.ascontiguousarray(base.transpose(1, 0, 2, 3))), (1, 0, 2, 3)), base),
        (t[0], base[0]),  # unbatched view
    ]
    for view, arr in views:
        assert ffi.strides(view._h) != tuple(np.ascontiguousarray(arr).strides[i] // 8 for i in range(arr.ndim))
        copy = tfs.asarray(np.ascontiguousarray(arr))
        fns: List[Callable[[tfs.Tensor], Any]] = [
            lambda a: F.max_pool2d(a, 3, 2, 1, 2, True, return_indices=True),
            lambda a: F.avg_pool2d(a, 3, 2, 1, True, False),
            lambda a: F.adaptive_avg_pool2d(a, (2, 3)),
            lambda a: F.adaptive_max_pool2d(a, (3, 2), return_indices=True),
        ]
        for fn in fns:
            got, want = fn(view), fn(copy)
            got = got if isinstance(got, tuple) else (got,)
            want = want if isinstance(want, tuple) else (want,)
            for a, b in zip(got, want):
                np.testing.assert_array_equal(a.numpy(), b.numpy())
    # 1-d on a transposed (N, C, L) view, and gradients through a view
    l0 = distinct(2, 11, 3)
    lv = tfs.permute_dims(tfs.asarray(l0), (0, 2, 1))
    lc = tfs.asarray(np.ascontiguousarray(l0.transpose(0, 2, 1)))
    np.testing.assert_array_equal(F.max_pool1d(lv, 3, 2).numpy(), F.max_pool1d(lc, 3, 2).numpy())
    np.testing.assert_array_equal(F.avg_pool1d(lv, 3, 2, 1).numpy(), F.avg_pool1d(lc, 3, 2, 1).numpy())
    leaf = tfs.asarray(np.ascontiguousarray(base.transpose(0, 1, 3, 2))).requires_grad_()
    F.max_pool2d(tfs.permute_dims(leaf, (0, 1, 3, 2)), 2).sum().backward()
    ref = tfs.asarray(base).requires_grad_()
    F.max_pool2d(ref, 2).sum().backward()
    assert leaf.grad is not None and ref.grad is not None
    np.testing.assert_array_equal(leaf.grad.numpy(), ref.grad.numpy().transpose(0, 1, 3, 2))


# -- errors --------------------------------------------------------------------------------------------


def test_configuration_errors() -> None:
    x = tfs.ones((1, 2, 5, 5))
    # wrong ranks: ShapeError, as the convolutions
    for bad in (tfs.ones((5, 5)), tfs.ones((1, 1, 1, 5, 5)), tfs.ones(5)):
        with pytest.raises(ShapeError, match=r"max_pool2d: expected a 3-d \(unbatched\) or 4-d"):
            F.max_pool2d(bad, 2)
        with pytest.raises(ShapeError, match="avg_pool2d: expected a 3-d"):
            F.avg_pool2d(bad, 2)
        with pytest.raises(ShapeError, match="adaptive_avg_pool2d: expected a 3-d"):
            F.adaptive_avg_pool2d(bad, 2)
        with pytest.raises(ShapeError, match="adaptive_max_pool2d: expected a 3-d"):
            F.adaptive_max_pool2d(bad, 2, return_indices=True)
    for bad in (tfs.ones(5), tfs.ones((1, 1, 5, 5))):
        with pytest.raises(ShapeError, match=r"max_pool1d: expected a 2-d \(unbatched\) or 3-d"):
            F.max_pool1d(bad, 2)
        with pytest.raises(ShapeError, match="avg_pool1d: expected a 2-d"):
            F.avg_pool1d(bad, 2)
    # a kernel larger than the padded input
    with pytest.raises(LayerConfigError, match="max_pool2d: input 5x5 .*output size 0 along the height"):
        F.max_pool2d(x, (6, 2))
    with pytest.raises(LayerConfigError, match="max_pool2d: .*dilation.*output size -1 along the width"):
        F.max_pool2d(x, 3, 1, 1, (1, 4))
    with pytest.raises(LayerConfigError, match="avg_pool2d: input 5x5 .*along the width"):
        F.avg_pool2d(x, (1, 8), padding=(0, 1))
    with pytest.raises(LayerConfigError, match="max_pool1d: .*must be positive"):
        F.max_pool1d(tfs.ones((2, 3)), 4)
    with pytest.raises(LayerConfigError, match="avg_pool1d: .*must be positive"):
        F.avg_pool1d(tfs.ones((2, 3)), 4)
    # padding above half the kernel (PyTorch raises too)
    with pytest.raises(LayerConfigError, match=r"max_pool2d: padding \[2, 2\] must be at most half of kernel_size \[3, 3\]"):
        F.max_pool2d(x, 3, padding=2)
    with pytest.raises(LayerConfigError, match=r"avg_pool2d: padding \[0, 2\] must be at most half"):
        F.avg_pool2d(x, (2, 3), padding=(0, 2))
    with pytest.raises(LayerConfigError, match="max_pool1d: padding 2 must be at most half of kernel_size 3"):
        F.max_pool1d(tfs.ones((1, 2, 9)), 3, padding=2)
    with pytest.raises(LayerConfigError, match="avg_pool1d: padding 1 must be at most half of kernel_size 1"):
        F.avg_pool1d(tfs.ones((1, 2, 9)), 1, padding=1)
    # zero and negative values
    with pytest.raises(LayerConfigError, match="max_pool2d: stride must be positive, got"):
        F.max_pool2d(x, 2, 0)
    with pytest.raises(LayerConfigError, match="avg_pool2d: stride must be positive"):
        F.avg_pool2d(x, 2, (1, 0))
    with pytest.raises(LayerConfigError, match="max_pool2d: kernel_size must be positive"):
        F.max_pool2d(x, -2)
    with pytest.raises(LayerConfigError, match="max_pool2d: kernel_size must be positive"):
        F.max_pool2d(x, (2, 0))
    with pytest.raises(LayerConfigError, match="max_pool2d: dilation must be positive"):
        F.max_pool2d(x, 2, dilation=(0, 1))
    with pytest.raises(LayerConfigError, match="max_pool2d: padding must be non-negative"):
        F.max_pool2d(x, 2, padding=-1)
    with pytest.raises(LayerConfigError, match="avg_pool2d: padding must be non-negative"):
        F.avg_pool2d(x, 2, padding=(0, -1))
    with pytest.raises(LayerConfigError, match="max_pool1d: stride must be positive, got 0"):
        F.max_pool1d(tfs.ones((1, 2, 9)), 3, 0)
    with pytest.raises(LayerConfigError, match="max_pool1d: dilation must be positive, got -1"):
        F.max_pool1d(tfs.ones((1, 2, 9)), 3, dilation=-1)
    with pytest.raises(LayerConfigError, match="avg_pool1d: kernel_size must be positive, got 0"):
        F.avg_pool1d(tfs.ones((1, 2, 9)), 0)
    with pytest.raises(LayerConfigError, match="avg_pool1d: padding must be non-negative, got -1"):
        F.avg_pool1d(tfs.ones((1, 2, 9)), 3, padding=-1)
    for div in (0, -1):  # (PyTorch refuses 0 and accepts a negative divisor; tenflowers refuses both)
        with pytest.raises(LayerConfigError, match="avg_pool2d: divisor_override must be positive"):
            F.avg_pool2d(x, 2, divisor_override=div)
    # output size 0 or negative, and an empty input
    for out in (0, (0, 2), (2, -1)):
        with pytest.raises(LayerConfigError, match="adaptive_avg_pool2d: output_size must be positive"):
            F.adaptive_avg_pool2d(x, out)
        with pytest.raises(LayerConfigError, match="adaptive_max_pool2d: output_size must be positive"):
            F.adaptive_max_pool2d(x, out, return_indices=True)
    with pytest.raises(LayerConfigError, match="adaptive_avg_pool2d: input 0x5 has no elements along the height"):
        F.adaptive_avg_pool2d(tfs.ones((1, 2, 0, 5)), 2)
    with pytest.raises(LayerConfigError, match="adaptive_max_pool2d: input 3x0 has no elements along the width"):
        F.adaptive_max_pool2d(tfs.ones((1, 2, 3, 0)), 2)
    with pytest.raises(LayerConfigError, match="max_pool2d: input 0x5"):
        F.max_pool2d(tfs.ones((1, 2, 0, 5)), 1)
    # non-float inputs
    for dt in (tfs.int32, tfs.int64, tfs.bool):
        xi = tfs.ones((1, 2, 4, 4), dtype=dt)
        with pytest.raises(DtypeError, match="max_pool2d: needs a float32 or float64 input"):
            F.max_pool2d(xi, 2)
        with pytest.raises(DtypeError, match="avg_pool2d: needs a float32 or float64 input"):
            F.avg_pool2d(xi, 2)
        with pytest.raises(DtypeError, match="adaptive_avg_pool2d: needs a float32 or float64"):
            F.adaptive_avg_pool2d(xi, 2)
        with pytest.raises(DtypeError, match="adaptive_max_pool2d: needs a float32 or float64"):
            F.adaptive_max_pool2d(xi, 2)
        with pytest.raises(DtypeError, match="max_pool1d: needs a float32 or float64"):
            F.max_pool1d(tfs.ones((2, 5), dtype=dt), 2)
        with pytest.raises(DtypeError, match="avg_pool1d: needs a float32 or float64"):
            F.avg_pool1d(tfs.ones((2, 5), dtype=dt), 2)
    # Python-side argument errors
    with pytest.raises(TypeError, match="kernel_size must be an int or a pair"):
        F.max_pool2d(x, (1, 2, 3))
    with pytest.raises(TypeError, match="kernel_size must be an int or a 1-tuple"):
        F.max_pool1d(tfs.ones((1, 2, 9)), (2, 2))
    with pytest.raises(TypeError, match="output_size must be an int or a pair"):
        F.adaptive_avg_pool2d(x, (1, 2, 3))


def test_empty_batch_and_channels() -> None:
    assert F.max_pool2d(tfs.ones((0, 2, 4, 4)), 2).shape == (0, 2, 2, 2)
    v, i = F.max_pool2d(tfs.ones((2, 0, 4, 4)), 2, return_indices=True)
    assert v.shape == i.shape == (2, 0, 2, 2)
    assert F.avg_pool2d(tfs.ones((0, 2, 4, 4)), 2).shape == (0, 2, 2, 2)
    assert F.adaptive_avg_pool2d(tfs.ones((0, 2, 4, 4)), 3).shape == (0, 2, 3, 3)
    assert F.adaptive_max_pool2d(tfs.ones((2, 0, 4, 4)), 3).shape == (2, 0, 3, 3)


def test_no_grad_and_grad_fn_names() -> None:
    x = tfs.asarray(RNG.standard_normal((1, 1, 4, 4))).requires_grad_()
    v, i = F.max_pool2d(x, 2, return_indices=True)
    assert v.requires_grad and not i.requires_grad
    assert F.avg_pool1d(tfs.asarray(RNG.standard_normal((1, 4))).requires_grad_(), 2).requires_grad
    with tfs.no_grad():
        assert not F.max_pool2d(x, 2).requires_grad
        assert not F.adaptive_avg_pool2d(x, 2).requires_grad
    assert math.isfinite(float(F.avg_pool2d(x, 2).sum().numpy()))
