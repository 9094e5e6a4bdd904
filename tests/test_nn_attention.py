"""scaled_dot_product_attention against its definition, ``softmax(q k^T * scale + mask) v``
computed in NumPy (float64 to 1e-12, float32 to 1e-5) over 3-d and 4-d shapes, L != S, Ev != E,
broadcast batch dims and masks, bool and float masks and the causal triangle with L != S; rows
with every key masked give 0 (PyTorch's math backend, its ``_safe_softmax``). Gradients for q,
k, v and a float mask against central differences in float64 (also with dropout, reseeding
before each forward so every evaluation draws the same mask), a second derivative against
central differences of the first, dropout statistics and reproducibility, and PyTorch parity
where torch is importable."""

from __future__ import annotations

from typing import Any, Optional

import numpy as np
import numpy.typing as npt
import pytest

import tenflowers as tfs
import tenflowers.nn.functional as F
from test_gradient_parity import check_gradients

Arr = npt.NDArray[Any]
RNG = np.random.default_rng(14)


def sdpa_ref(q: Arr, k: Arr, v: Arr, mask: Optional[Arr] = None, causal: bool = False,
             scale: Optional[float] = None, mult: Optional[Arr] = None) -> Arr:
    sc = 1.0 / np.sqrt(q.shape[-1]) if scale is None else scale
    s = np.matmul(q, np.swapaxes(k, -1, -2)) * sc
    if mask is not None and mask.dtype == np.bool_:
        s = np.where(mask, s, -np.inf)
    elif mask is not None:
        s = s + mask
    if causal:
        s = np.where(np.tril(np.ones(s.shape[-2:], dtype=bool)), s, -np.inf)
    mx = s.max(axis=-1, keepdims=True)
    dead = np.isneginf(mx)
    e = np.exp(s - np.where(dead, 0.0, mx))
    p = np.where(dead, 0.0, e / np.where(dead, 1.0, e.sum(axis=-1, keepdims=True)))
    if mult is not None:
        p = p * mult
    return np.asarray(np.matmul(p, v))


def run(q: Arr, k: Arr, v: Arr, mask: Optional[Arr] = None, **kw: Any) -> tfs.Tensor:
    return F.scaled_dot_product_attention(tfs.asarray(q), tfs.asarray(k), tfs.asarray(v),
                                          None if mask is None else tfs.asarray(mask), **kw)


# (q shape, k shape, v shape, mask shape or None, mask kind, causal)
CASES = [
    ((4, 5), (6, 5), (6, 3), None, None, False),
    ((2, 4, 5), (2, 6, 5), (2, 6, 7), None, None, False),
    ((2, 3, 4, 8), (2, 3, 6, 8), (2, 3, 6, 5), (4, 6), "float", False),
    ((2, 3, 4, 8), (1, 3, 6, 8), (3, 6, 5), (2, 1, 4, 6), "bool", False),
    ((2, 3, 4, 8), (2, 1, 6, 8), (2, 1, 6, 2), (1, 6), "float", False),
    ((2, 3, 7, 4), (2, 3, 5, 4), (2, 3, 5, 6), None, None, True),
    ((2, 5, 4), (2, 9, 4), (2, 9, 3), None, None, True),
    ((2, 3, 4, 8), (2, 3, 6, 8), (2, 3, 6, 5), (3, 1, 6), "bool", False),
]


def make_mask(shape: Any, kind: Optional[str]) -> Optional[Arr]:
    if kind is None:
        return None
    if kind == "bool":
        m = RNG.random(shape) > 0.3
        m[..., 0] = True
        return np.asarray(m)
    return np.asarray(RNG.standard_normal(shape))


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_matches_the_definition(case: Any, dtype: Any) -> None:
    qs, ks, vs, ms, kind, causal = case
    q, k, v = (RNG.standard_normal(s).astype(dtype) for s in (qs, ks, vs))
    mask = make_mask(ms, kind)
    if mask is not None and kind == "float":
        mask = mask.astype(dtype)
    got = run(q, k, v, mask, is_causal=causal).numpy()
    want = sdpa_ref(q.astype(np.float64), k.astype(np.float64), v.astype(np.float64), mask, causal)
    tol = 1e-12 if dtype == np.float64 else 1e-5
    assert got.dtype == dtype and got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=tol, atol=tol)


def test_scale_views_and_gqa() -> None:
    q, k, v = RNG.standard_normal((2, 4, 3, 6)), RNG.standard_normal((2, 2, 5, 6)), RNG.standard_normal((2, 2, 5, 3))
    kk, vv = np.repeat(k, 2, axis=1), np.repeat(v, 2, axis=1)
    np.testing.assert_allclose(run(q, k, v, enable_gqa=True, scale=0.3).numpy(), sdpa_ref(q, kk, vv, scale=0.3), rtol=1e-12, atol=1e-12)
    # Transposed (strided) operands are read through their strides.
    qt = tfs.swapaxes(tfs.asarray(np.ascontiguousarray(np.swapaxes(q, -1, -2))), -1, -2)
    got = F.scaled_dot_product_attention(qt, tfs.asarray(kk), tfs.asarray(vv))
    np.testing.assert_allclose(got.numpy(), sdpa_ref(q, kk, vv), rtol=1e-12, atol=1e-12)


def test_fully_masked_rows_give_zero() -> None:
    q, k, v = RNG.standard_normal((2, 4, 3)), RNG.standard_normal((2, 5, 3)), RNG.standard_normal((2, 5, 2))
    m = np.ones((4, 5), dtype=bool)
    m[1] = False
    mf = np.where(m, 0.0, -np.inf)
    for mask in (m, mf):
        qt, kt, vt = (tfs.asarray(a).requires_grad_() for a in (q, k, v))
        out = F.scaled_dot_product_attention(qt, kt, vt, tfs.asarray(mask))
        o = out.numpy()
        np.testing.assert_array_equal(o[:, 1], 0.0)
        np.testing.assert_allclose(o, sdpa_ref(q, k, v, mask), rtol=1e-12, atol=1e-12)
        out.sum().backward()
        assert qt.grad is not None and kt.grad is not None
        np.testing.assert_array_equal(qt.grad.numpy()[:, 1], 0.0)
        assert np.isfinite(kt.grad.numpy()).all()


@pytest.mark.parametrize("case", CASES)
def test_gradients(case: Any) -> None:
    qs, ks, vs, ms, kind, causal = case
    arrays = [RNG.standard_normal(s) for s in (qs, ks, vs)]
    if kind == "float":
        check_gradients(f"sdpa{case}", lambda q, k, v, m: F.scaled_dot_product_attention(q, k, v, m, is_causal=causal),
                        arrays + [RNG.standard_normal(ms)])
    else:
        mask = make_mask(ms, kind)
        mt = None if mask is None else tfs.asarray(mask)
        check_gradients(f"sdpa{case}", lambda q, k, v: F.scaled_dot_product_attention(q, k, v, mt, is_causal=causal),
                        arrays)


def test_gradients_of_views_scale_and_gqa() -> None:
    arrays = [RNG.standard_normal((2, 4, 3, 5)), RNG.standard_normal((2, 2, 6, 5)), RNG.standard_normal((2, 2, 6, 4))]
    check_gradients("sdpa gqa", lambda q, k, v: F.scaled_dot_product_attention(q, k, v, scale=0.4, enable_gqa=True), arrays)
    check_gradients("sdpa views", lambda q, k, v: F.scaled_dot_product_attention(q, k, v),
                    [RNG.standard_normal((3, 4, 5)), RNG.standard_normal((3, 6, 5)), RNG.standard_normal((3, 6, 4))], views=True)


def test_dropout_gradients_use_the_forward_mask() -> None:
    def f(q: tfs.Tensor, k: tfs.Tensor, v: tfs.Tensor, m: tfs.Tensor) -> tfs.Tensor:
        tfs.manual_seed(21)
        return F.scaled_dot_product_attention(q, k, v, m, dropout_p=0.4)

    check_gradients("sdpa dropout", f, [RNG.standard_normal((2, 4, 3)), RNG.standard_normal((2, 5, 3)),
                                         RNG.standard_normal((2, 5, 2)), RNG.standard_normal((4, 5))])


def test_second_derivative() -> None:
    # d/dk of sum(dL/dq * w) with L = sum(out * u): against central differences of the first
    # derivative, for a float mask, a bool mask with causal off, and causal.
    q0, k0, v0 = RNG.standard_normal((2, 3, 4)), RNG.standard_normal((2, 5, 4)), RNG.standard_normal((2, 5, 3))
    m0 = RNG.standard_normal((3, 5))
    u, w = RNG.standard_normal((2, 3, 3)), RNG.standard_normal((2, 3, 4))
    kws: list[dict[str, Any]] = [dict(mask=m0), dict(causal=True), dict(drop=True)]
    for kw in kws:
        def first(kn: Arr, mn: Arr, create: bool = False) -> Any:
            q = tfs.asarray(q0).requires_grad_()
            kt, mt = tfs.asarray(kn).requires_grad_(), tfs.asarray(mn).requires_grad_()
            if kw.get("drop"):
                tfs.manual_seed(4)
            out = F.scaled_dot_product_attention(q, kt, tfs.asarray(v0), mt if "mask" in kw else None,
                                                 is_causal=bool(kw.get("causal")), dropout_p=0.3 if kw.get("drop") else 0.0)
            (gq,) = tfs.autograd.grad((out * tfs.asarray(u)).sum(), [q], create_graph=create)
            return gq, kt, mt

        gq, kt, mt = first(k0, m0, create=True)
        (gq * tfs.asarray(w)).sum().backward()
        def value(kn: Arr, mn: Arr) -> float:
            return float((first(kn, mn)[0].numpy() * w).sum())

        eps = 1e-6
        for arr, t, which in ((k0, kt, 0), (m0, mt, 1)):
            if which == 1 and "mask" not in kw:
                continue
            num = np.zeros_like(arr)
            for i in np.ndindex(*arr.shape):
                d = np.zeros_like(arr)
                d[i] = eps
                a = (k0 + d, m0) if which == 0 else (k0, m0 + d)
                b = (k0 - d, m0) if which == 0 else (k0, m0 - d)
                num[i] = (value(*a) - value(*b)) / (2 * eps)
            assert t.grad is not None
            np.testing.assert_allclose(t.grad.numpy(), num, rtol=1e-6, atol=1e-6, err_msg=str(kw))


def test_dropout_statistics_and_reproducibility() -> None:
    n, p = 64, 0.3
    q, k = RNG.standard_normal((2, 4, n, 8)), RNG.standard_normal((2, 4, n, 8))
    eye = np.broadcast_to(np.eye(n), (2, 4, n, n))  # out = P * M
    probs = sdpa_ref(q, k, eye)
    tfs.manual_seed(9)
    a = run(q, k, eye, dropout_p=p).numpy()
    tfs.manual_seed(9)
    b = run(q, k, eye, dropout_p=p).numpy()
    c = run(q, k, eye, dropout_p=p).numpy()
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    dropped = a == 0
    assert abs(dropped.mean() - p) < 0.015, dropped.mean()
    np.testing.assert_allclose(a[~dropped], probs[~dropped] / (1 - p), rtol=1e-12)
    # The same numbers on one thread.
    before = tfs.get_num_threads()
    try:
        tfs.set_num_threads(1)
        tfs.manual_seed(9)
        np.testing.assert_array_equal(run(q, k, eye, dropout_p=p).numpy(), a)
    finally:
        tfs.set_num_threads(before)
    np.testing.assert_array_equal(run(q, k, eye, dropout_p=1.0).numpy(), 0.0)
    np.testing.assert_allclose(run(q, k, eye, dropout_p=0.0).numpy(), probs, rtol=1e-12, atol=1e-15)


def test_grad_fn_and_errors() -> None:
    q = tfs.ones((2, 3, 4)).requires_grad_()
    assert F.scaled_dot_product_attention(q, tfs.ones((2, 5, 4)), tfs.ones((2, 5, 2))).grad_fn == "ScaledDotProductAttentionBackward"
    k, v = tfs.ones((2, 5, 4)), tfs.ones((2, 5, 2))
    with pytest.raises(tfs.LayerConfigError, match="attn_mask and is_causal"):
        F.scaled_dot_product_attention(q, k, v, tfs.ones((3, 5)), is_causal=True)
    with pytest.raises(tfs.LayerConfigError, match="dropout_p must be in"):
        F.scaled_dot_product_attention(q, k, v, dropout_p=1.5)
    with pytest.raises(tfs.LayerConfigError, match="embedding size 4, key of shape"):
        F.scaled_dot_product_attention(q, tfs.ones((2, 5, 3)), v)
    with pytest.raises(tfs.LayerConfigError, match="has 5 positions, value of shape"):
        F.scaled_dot_product_attention(q, k, tfs.ones((2, 6, 2)))
    with pytest.raises(tfs.LayerConfigError, match="do not broadcast"):
        F.scaled_dot_product_attention(q, tfs.ones((3, 5, 4)), tfs.ones((3, 5, 2)))
    with pytest.raises(tfs.LayerConfigError, match="attn_mask of shape"):
        F.scaled_dot_product_attention(q, k, v, tfs.ones((3, 4)))
    with pytest.raises(tfs.LayerConfigError, match="not a multiple"):
        F.scaled_dot_product_attention(tfs.ones((1, 3, 2, 4)), tfs.ones((1, 2, 5, 4)), tfs.ones((1, 2, 5, 2)), enable_gqa=True)
    with pytest.raises(tfs.LayerConfigError, match="at least 2 dims"):
        F.scaled_dot_product_attention(tfs.ones(4), k, v)
    with pytest.raises(tfs.DtypeError, match="float32 or float64"):
        F.scaled_dot_product_attention(tfs.ones((3, 4), dtype=tfs.int32), tfs.ones((5, 4), dtype=tfs.int32), tfs.ones((5, 2), dtype=tfs.int32))
    with pytest.raises(tfs.DtypeError, match="bool or float"):
        F.scaled_dot_product_attention(q, k, v, tfs.ones((3, 5), dtype=tfs.int32))
    with pytest.raises(ValueError, match="scale must be positive"):
        F.scaled_dot_product_attention(q, k, v, scale=0.0)


def test_against_torch() -> None:
    torch = pytest.importorskip("torch")
    tf_ = torch.nn.functional
    q, k, v = RNG.standard_normal((2, 4, 5, 8)), RNG.standard_normal((2, 2, 7, 8)), RNG.standard_normal((2, 2, 7, 3))
    mf, mb = RNG.standard_normal((5, 7)), RNG.random((2, 1, 5, 7)) > 0.5
    mb[0, 0, 2] = False
    kws: list[dict[str, Any]] = [dict(attn_mask=mf), dict(attn_mask=mb), dict(is_causal=True), dict(scale=0.2), {}]
    for kw in kws:
        tq, tk, tv = (torch.tensor(a, requires_grad=True) for a in (q, k, v))
        fq, fk, fv = (tfs.asarray(a).requires_grad_() for a in (q, k, v))
        tkw: dict[str, Any] = {n: torch.tensor(a, requires_grad=a.dtype != np.bool_) if isinstance(a, np.ndarray) else a for n, a in kw.items()}
        fkw: dict[str, Any] = {n: tfs.asarray(a).requires_grad_() if isinstance(a, np.ndarray) and a.dtype != np.bool_ else
               (tfs.asarray(a) if isinstance(a, np.ndarray) else a) for n, a in kw.items()}
        want = tf_.scaled_dot_product_attention(tq, tk, tv, enable_gqa=True, **tkw)
        got = F.scaled_dot_product_attention(fq, fk, fv, enable_gqa=True, **fkw)
        np.testing.assert_allclose(got.numpy(), want.detach().numpy(), rtol=1e-12, atol=1e-12, err_msg=str(list(kw)))
        u = RNG.standard_normal(want.shape)
        (want * torch.tensor(u)).sum().backward()
        (got * tfs.asarray(u)).sum().backward()
        for t, f in ((tq, fq), (tk, fk), (tv, fv)) + (((tkw["attn_mask"], fkw["attn_mask"]),) if "attn_mask" in kw and kw["attn_mask"].dtype != np.bool_ else ()):
            assert f.grad is not None and t.grad is not None
            np.testing.assert_allclose(f.grad.numpy(), t.grad.numpy(), rtol=1e-10, atol=1e-12, err_msg=str(list(kw)))
