"""The normalization layers of tenflowers.nn.functional: layer_norm, rms_norm, batch_norm and
group_norm (fused kernels in the core).

Forward values are compared with NumPy references written from PyTorch's documented formulas
(float64 rtol 1e-12; float32 inputs rtol 1e-5: statistics are accumulated in float64 and each
output element is rounded a few times in float32). batch_norm's running statistics are checked
over several training steps against PyTorch's rule, ``running = (1 - momentum) * running +
momentum * batch`` with the unbiased batch variance. Gradients are checked against central
differences (test_gradient_parity.check_gradients, float64) for every weight/bias combination,
both batch_norm modes, several group counts and transposed-view inputs; layer_norm's
create_graph path against the same formula written with unfused ops. torch parity runs where
torch is importable.
"""

from __future__ import annotations

from typing import Any, Callable, List, Optional, Sequence, Tuple

import numpy as np
import numpy.typing as npt
import pytest

import tenflowers as tfs
import tenflowers.nn.functional as F
from tenflowers.errors import DtypeError, InvalidArgumentError, LayerConfigError, ShapeError
from test_gradient_parity import check_gradients

Arr = npt.NDArray[Any]
RNG = np.random.default_rng(14)


def rand(*shape: int, dtype: Any = np.float64) -> Arr:
    return RNG.standard_normal(shape).astype(dtype)


def rtol_of(dtype: Any) -> float:
    return 1e-5 if dtype == np.float32 else 1e-12


# -- references (float64, from the documented formulas) ----------------------------------------


def ln_ref(x: Arr, ns: Sequence[int], w: Optional[Arr], b: Optional[Arr], eps: float) -> Arr:
    x = x.astype(np.float64)
    axes = tuple(range(x.ndim - len(ns), x.ndim))
    mu = x.mean(axis=axes, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=axes, keepdims=True)
    y: Arr = (x - mu) / np.sqrt(var + eps)
    if w is not None:
        y = y * w
    if b is not None:
        y = y + b
    return y


def rms_ref(x: Arr, ns: Sequence[int], w: Optional[Arr], eps: float) -> Arr:
    x = x.astype(np.float64)
    axes = tuple(range(x.ndim - len(ns), x.ndim))
    y: Arr = x / np.sqrt((x * x).mean(axis=axes, keepdims=True) + eps)
    return y if w is None else y * w


def channel_view(v: Arr, ndim: int) -> Arr:
    return v.reshape((1, -1) + (1,) * (ndim - 2))


def bn_ref(
    x: Arr, rm: Optional[Arr], rv: Optional[Arr], w: Optional[Arr], b: Optional[Arr],
    training: bool, momentum: float, eps: float,
) -> Tuple[Arr, Optional[Arr], Optional[Arr]]:
    """Output and the updated running statistics (PyTorch's rule)."""
    x = x.astype(np.float64)
    axes = (0,) + tuple(range(2, x.ndim))
    if training or rm is None or rv is None:
        mu, var = x.mean(axis=axes), x.var(axis=axes)
    else:
        mu, var = rm, rv
    y = (x - channel_view(mu, x.ndim)) / np.sqrt(channel_view(var, x.ndim) + eps)
    if w is not None:
        y = y * channel_view(w, x.ndim)
    if b is not None:
        y = y + channel_view(b, x.ndim)
    if training and rm is not None and rv is not None:
        n = x.size // x.shape[1]
        rm = (1 - momentum) * rm + momentum * mu
        rv = (1 - momentum) * rv + momentum * x.var(axis=axes) * n / (n - 1)
    return y, rm, rv


def gn_ref(x: Arr, groups: int, w: Optional[Arr], b: Optional[Arr], eps: float) -> Arr:
    x = x.astype(np.float64)
    n, c = x.shape[:2]
    xg = x.reshape(n, groups, -1)
    mu = xg.mean(axis=2, keepdims=True)
    var = xg.var(axis=2, keepdims=True)
    y: Arr = ((xg - mu) / np.sqrt(var + eps)).reshape(x.shape)
    if w is not None:
        y = y * channel_view(w, x.ndim)
    if b is not None:
        y = y + channel_view(b, x.ndim)
    return y


def opt(a: Optional[Arr]) -> Optional[tfs.Tensor]:
    return None if a is None else tfs.asarray(a)


def view_of(a: Arr) -> tfs.Tensor:
    """`a` as a non-contiguous tensor (a transposed view of its transpose)."""
    return tfs.asarray(np.ascontiguousarray(a.T)).T


# -- forward -----------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape,ns", [((5, 8), (8,)), ((2, 3, 4, 5), (4, 5)), ((7,), (7,)), ((3, 1000), (1000,))])
@pytest.mark.parametrize("affine", [(False, False), (True, False), (True, True)])
def test_layer_norm_matches_numpy(dtype: Any, shape: Tuple[int, ...], ns: Tuple[int, ...],
                                  affine: Tuple[bool, bool]) -> None:
    x = rand(*shape, dtype=dtype) * 3 + 2
    w = rand(*ns, dtype=dtype) if affine[0] else None
    b = rand(*ns, dtype=dtype) if affine[1] else None
    got = F.layer_norm(tfs.asarray(x), ns, opt(w), opt(b), eps=1e-5)
    assert got.dtype == (tfs.float32 if dtype == np.float32 else tfs.float64)
    np.testing.assert_allclose(got.numpy(), ln_ref(x, ns, w, b, 1e-5), rtol=rtol_of(dtype), atol=rtol_of(dtype))


def test_layer_norm_large_offset_float32_is_accurate() -> None:
    # float64 statistics: a mean of 1e4 with unit spread loses nothing in float32 inputs.
    x = (rand(16, 512) + 1e4).astype(np.float32)
    got = F.layer_norm(tfs.asarray(x), [512]).numpy()
    np.testing.assert_allclose(got, ln_ref(x, [512], None, None, 1e-5), rtol=1e-3, atol=2e-3)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_rms_norm_matches_numpy_and_default_eps(dtype: Any) -> None:
    x = rand(4, 3, 6, dtype=dtype)
    w = rand(6, dtype=dtype)
    eps = float(np.finfo(dtype).eps)
    for ww in (None, w):
        got = F.rms_norm(tfs.asarray(x), (6,), opt(ww))
        np.testing.assert_allclose(got.numpy(), rms_ref(x, (6,), ww, eps), rtol=rtol_of(dtype), atol=rtol_of(dtype))
    # eps=None is the dtype's machine epsilon: visible on an all-zero row.
    z = np.zeros((1, 4), dtype=dtype)
    z[0, 0] = 1e-9
    got = F.rms_norm(tfs.asarray(z), 4).numpy()
    np.testing.assert_allclose(got, rms_ref(z, (4,), None, eps), rtol=1e-5)
    got2 = F.rms_norm(tfs.asarray(z), [4], eps=0.5).numpy()
    np.testing.assert_allclose(got2, rms_ref(z, (4,), None, 0.5), rtol=1e-5)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(6, 4), (5, 3, 7), (4, 2, 3, 5)])
@pytest.mark.parametrize("training", [True, False])
def test_batch_norm_matches_numpy(dtype: Any, shape: Tuple[int, ...], training: bool) -> None:
    c = shape[1]
    x = rand(*shape, dtype=dtype) * 2 + 1
    w, b = rand(c, dtype=dtype), rand(c, dtype=dtype)
    rm0, rv0 = rand(c, dtype=dtype), np.abs(rand(c, dtype=dtype)) + 0.5
    rm, rv = tfs.asarray(rm0), tfs.asarray(rv0)
    got = F.batch_norm(tfs.asarray(x), rm, rv, tfs.asarray(w), tfs.asarray(b), training=training, momentum=0.2)
    want, wm, wv = bn_ref(x, rm0.astype(np.float64), rv0.astype(np.float64), w, b, training, 0.2, 1e-5)
    tol = rtol_of(dtype)
    np.testing.assert_allclose(got.numpy(), want, rtol=tol, atol=tol)
    assert wm is not None and wv is not None
    np.testing.assert_allclose(rm.numpy(), wm, rtol=tol, atol=tol)
    np.testing.assert_allclose(rv.numpy(), wv, rtol=tol, atol=tol)
    if not training:
        np.testing.assert_array_equal(rm.numpy(), rm0)  # eval mode writes nothing


def test_batch_norm_running_stats_over_several_steps() -> None:
    c, momentum = 3, 0.3
    rm, rv = tfs.zeros(c, dtype=tfs.float64), tfs.ones(c, dtype=tfs.float64)
    alias = rm.reshape(c)  # the update is in place: views of the same storage see it
    ref_m, ref_v = np.zeros(c), np.ones(c)
    for step in range(5):
        x = rand(8, c, 4) * (step + 1) + step
        F.batch_norm(tfs.asarray(x), rm, rv, training=True, momentum=momentum)
        _, m2, v2 = bn_ref(x, ref_m, ref_v, None, None, True, momentum, 1e-5)
        assert m2 is not None and v2 is not None
        ref_m, ref_v = m2, v2
        np.testing.assert_allclose(rm.numpy(), ref_m, rtol=1e-12)
        np.testing.assert_allclose(rv.numpy(), ref_v, rtol=1e-12)
    np.testing.assert_array_equal(alias.numpy(), rm.numpy())
    # Eval uses them.
    x = rand(4, c, 4)
    y = F.batch_norm(tfs.asarray(x), rm, rv, training=False).numpy()
    np.testing.assert_allclose(y, bn_ref(x, ref_m, ref_v, None, None, False, 0.1, 1e-5)[0], rtol=1e-12)


def test_batch_norm_float32_running_stats_and_strided_buffers() -> None:
    buf = tfs.zeros(8, dtype=tfs.float32)
    rm = buf[::2]  # a strided view: the update goes into buf's elements 0, 2, 4, 6
    rv = tfs.ones(4, dtype=tfs.float32)
    x = rand(5, 4)
    F.batch_norm(tfs.asarray(x), rm, rv, training=True, momentum=0.5)
    _, wm, wv = bn_ref(x, np.zeros(4), np.ones(4), None, None, True, 0.5, 1e-5)
    assert wm is not None and wv is not None
    np.testing.assert_allclose(buf.numpy()[::2], wm, rtol=1e-6)
    np.testing.assert_array_equal(buf.numpy()[1::2], 0)
    np.testing.assert_allclose(rv.numpy(), wv, rtol=1e-6)
    assert rv.dtype == tfs.float32


def test_batch_norm_without_running_stats_uses_batch_stats_in_both_modes() -> None:
    x = rand(6, 3, 2)
    for training in (True, False):
        y = F.batch_norm(tfs.asarray(x), None, None, training=training).numpy()
        np.testing.assert_allclose(y, bn_ref(x, None, None, None, None, True, 0.1, 1e-5)[0], rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("groups", [1, 2, 3, 6])
def test_group_norm_matches_numpy(dtype: Any, groups: int) -> None:
    x = rand(3, 6, 4, 5, dtype=dtype) + 0.5
    w, b = rand(6, dtype=dtype), rand(6, dtype=dtype)
    tol = rtol_of(dtype)
    for ww, bb in ((None, None), (w, None), (w, b)):
        got = F.group_norm(tfs.asarray(x), groups, opt(ww), opt(bb))
        np.testing.assert_allclose(got.numpy(), gn_ref(x, groups, ww, bb, 1e-5), rtol=tol, atol=tol)
    got = F.group_norm(tfs.asarray(x[:, :, 0, 0]), groups, tfs.asarray(w))  # (N, C): one element per channel
    np.testing.assert_allclose(got.numpy(), gn_ref(x[:, :, 0, 0], groups, w, None, 1e-5), rtol=tol, atol=tol)


def test_non_contiguous_inputs() -> None:
    x = rand(6, 5)
    xt = view_of(x)
    np.testing.assert_allclose(F.layer_norm(xt, [5]).numpy(), ln_ref(x, [5], None, None, 1e-5), rtol=1e-12)
    np.testing.assert_allclose(F.rms_norm(xt, [5], eps=1e-6).numpy(), rms_ref(x, [5], None, 1e-6), rtol=1e-12)
    np.testing.assert_allclose(F.batch_norm(xt, None, None, training=True).numpy(),
                               bn_ref(x, None, None, None, None, True, 0.1, 1e-5)[0], rtol=1e-12, atol=1e-12)
    x4 = rand(2, 6, 3, 4)
    x4v = tfs.permute_dims(tfs.asarray(np.ascontiguousarray(x4.transpose(0, 1, 3, 2))), (0, 1, 3, 2))
    np.testing.assert_allclose(F.group_norm(x4v, 3).numpy(), gn_ref(x4, 3, None, None, 1e-5), rtol=1e-12, atol=1e-12)
    wide = tfs.asarray(rand(4, 10))[:, ::2]  # a sliced view
    np.testing.assert_allclose(F.layer_norm(wide, [5]).numpy(), ln_ref(wide.numpy(), [5], None, None, 1e-5),
                               rtol=1e-12)


def test_mixed_dtypes_promote_and_threads_do_not_change_results() -> None:
    x = rand(64 * 128, 512, dtype=np.float32)
    w = rand(512)
    got = F.layer_norm(tfs.asarray(x), [512], tfs.asarray(w))
    assert got.dtype == tfs.float64
    np.testing.assert_allclose(got.numpy(), ln_ref(x, [512], w, None, 1e-5), rtol=1e-12, atol=1e-12)
    xt = tfs.asarray(x).requires_grad_()
    g = tfs.asarray(rand(64 * 128, 512, dtype=np.float32))
    results: List[List[Arr]] = []
    old = tfs.get_num_threads()
    try:
        for n in (1, 2):
            tfs.set_num_threads(n)
            wt = tfs.asarray(w.astype(np.float32)).requires_grad_()
            xt.grad = None
            y = F.layer_norm(xt, [512], wt)
            (y * g).sum().backward()
            assert xt.grad is not None and wt.grad is not None
            results.append([y.numpy(), xt.grad.numpy(), wt.grad.numpy()])
    finally:
        tfs.set_num_threads(old)
    for a, c in zip(*results):
        np.testing.assert_array_equal(a, c)


# -- gradients ---------------------------------------------------------------------------------


@pytest.mark.parametrize("affine", [(False, False), (True, False), (False, True), (True, True)])
def test_layer_norm_gradients(affine: Tuple[bool, bool]) -> None:
    hw, hb = affine

    def fn(x: tfs.Tensor, *p: tfs.Tensor) -> tfs.Tensor:
        it = iter(p)
        w = next(it) if hw else None
        b = next(it) if hb else None
        return F.layer_norm(x, (3, 4), w, b)

    def fn2(x: tfs.Tensor, *p: tfs.Tensor) -> tfs.Tensor:
        return F.layer_norm(x, (5,), p[0] if hw else None, p[-1] if hb else None)

    params = [rand(3, 4) for k in affine if k]
    check_gradients(f"layer_norm{affine}", fn, [rand(2, 3, 4)] + params)
    check_gradients(f"layer_norm{affine},view", fn2, [rand(4, 5)] + [rand(5) for k in affine if k], views=True)


@pytest.mark.parametrize("with_weight", [False, True])
def test_rms_norm_gradients(with_weight: bool) -> None:
    ins = [rand(3, 2, 5)] + ([rand(2, 5)] if with_weight else [])
    check_gradients(f"rms_norm[{with_weight}]", lambda x, *w: F.rms_norm(x, (2, 5), w[0] if w else None, eps=1e-3), ins)
    check_gradients(f"rms_norm[{with_weight}],view", lambda x, *w: F.rms_norm(x, 5, w[0].reshape(-1)[:5]
                    if w else None), [rand(4, 5)] + ([rand(2, 5)] if with_weight else []), views=True)


@pytest.mark.parametrize("mode", ["train", "train_running", "eval", "eval_no_running"])
@pytest.mark.parametrize("affine", [(False, False), (True, True), (True, False), (False, True)])
def test_batch_norm_gradients(mode: str, affine: Tuple[bool, bool]) -> None:
    hw, hb = affine
    c = 3
    rm0, rv0 = rand(c), np.abs(rand(c)) + 0.5

    def fn(x: tfs.Tensor, *p: tfs.Tensor) -> tfs.Tensor:
        it = iter(p)
        w = next(it) if hw else None
        b = next(it) if hb else None
        running = mode in ("train_running", "eval")
        rm = tfs.asarray(rm0) if running else None
        rv = tfs.asarray(rv0) if running else None
        return F.batch_norm(x, rm, rv, w, b, training=mode.startswith("train"), momentum=0.1)

    params = [rand(c) for k in affine if k]
    check_gradients(f"batch_norm[{mode},{affine}]", fn, [rand(4, c, 2)] + params)
    check_gradients(f"batch_norm[{mode},{affine}],2d", fn, [rand(5, c)] + params, views=True)


@pytest.mark.parametrize("groups", [1, 2, 4])
@pytest.mark.parametrize("affine", [(False, False), (True, True), (True, False)])
def test_group_norm_gradients(groups: int, affine: Tuple[bool, bool]) -> None:
    hw, hb = affine

    def fn(x: tfs.Tensor, *p: tfs.Tensor) -> tfs.Tensor:
        it = iter(p)
        return F.group_norm(x, groups, next(it) if hw else None, next(it) if hb else None)

    params = [rand(4) for k in affine if k]
    check_gradients(f"group_norm[{groups},{affine}]", fn, [rand(2, 4, 3)] + params)
    check_gradients(f"group_norm[{groups},{affine}],2d", fn, [rand(3, 4)] + params, views=True)


def composite_layer_norm(x: tfs.Tensor, w: tfs.Tensor, b: tfs.Tensor, eps: float) -> tfs.Tensor:
    mu = tfs.mean(x, axis=-1, keepdims=True)
    xc = x - mu
    var = tfs.mean(xc * xc, axis=-1, keepdims=True)
    return xc / tfs.sqrt(var + eps) * w + b


def test_layer_norm_double_backward_matches_composite() -> None:
    x_np, w_np, b_np = rand(3, 5), rand(5), rand(5)
    v = tfs.asarray(rand(3, 5))
    u = tfs.asarray(rand(5))
    results = []
    for fused in (True, False):
        x, w, b = (tfs.asarray(a).requires_grad_() for a in (x_np, w_np, b_np))
        y = F.layer_norm(x, [5], w, b, 1e-3) if fused else composite_layer_norm(x, w, b, 1e-3)
        loss = (y * y * y).sum()
        gx, gw = tfs.autograd.grad(loss, [x, w], create_graph=True)
        assert gx is not None and gw is not None
        hx, hw, hb = tfs.autograd.grad((gx * v).sum() + (gw * u).sum(), [x, w, b])
        assert hx is not None and hw is not None and hb is not None
        results.append([t.numpy() for t in (gx, gw, hx, hw, hb)])
    for a, c in zip(*results):
        np.testing.assert_allclose(a, c, rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("op", ["rms", "group", "batch_train", "batch_eval"])
def test_other_double_backward_matches_finite_differences_of_the_gradient(op: str) -> None:
    # d/dx of <grad_x(loss), v> by create_graph against central differences of grad_x itself.
    x_np = rand(4, 4, 2)
    rm, rv = tfs.asarray(rand(4)), tfs.asarray(np.abs(rand(4)) + 0.5)
    w = tfs.asarray(rand(4))
    v = rand(4, 4, 2)

    def f(x: tfs.Tensor) -> tfs.Tensor:
        if op == "rms":
            return F.rms_norm(x, [2], None, 1e-3)
        if op == "group":
            return F.group_norm(x, 2, w)
        return F.batch_norm(x, rm, rv, w, training=op == "batch_train", momentum=0.0)

    def grad_dot(a: Arr, create: bool) -> Tuple[float, Optional[tfs.Tensor]]:
        x = tfs.asarray(a).requires_grad_()
        y = f(x)
        (gx,) = tfs.autograd.grad((y * y * y).sum(), [x], create_graph=create)
        assert gx is not None
        s = (gx * tfs.asarray(v)).sum()
        if not create:
            return float(s.numpy()), None
        (h,) = tfs.autograd.grad(s, [x])
        return float(s.numpy()), h

    _, h = grad_dot(x_np, True)
    assert h is not None
    num = np.zeros_like(x_np)
    for i in np.ndindex(x_np.shape):
        p, m = x_np.copy(), x_np.copy()
        p[i] += 1e-6
        m[i] -= 1e-6
        num[i] = (grad_dot(p, False)[0] - grad_dot(m, False)[0]) / 2e-6
    np.testing.assert_allclose(h.numpy(), num, rtol=1e-4, atol=1e-5)


def test_nodes_names_and_backward_after_running_update() -> None:
    x = tfs.asarray(rand(4, 3)).requires_grad_()
    w = tfs.ones(3, dtype=tfs.float64).requires_grad_()
    rm, rv = tfs.zeros(3, dtype=tfs.float64), tfs.ones(3, dtype=tfs.float64)
    y1 = F.batch_norm(x, rm, rv, w, training=True)
    assert y1.grad_fn == "NativeBatchNormBackward"
    e = F.batch_norm(x, rm, rv, w, training=False)  # eval graph: saves its own statistics
    F.batch_norm(x * 2, rm, rv, w, training=True)  # updates rm/rv in place again
    (y1.sum() + e.sum()).backward()  # neither graph is invalidated by the in-place updates
    assert x.grad is not None and w.grad is not None
    assert not rm.requires_grad and rm.grad_fn is None
    assert F.layer_norm(x, [3]).grad_fn == "NativeLayerNormBackward"
    assert F.group_norm(x, 3).grad_fn == "NativeGroupNormBackward"
    assert F.rms_norm(x, [3]).grad_fn == "RmsNormBackward"
    with tfs.no_grad():
        assert not F.layer_norm(x, [3], w).requires_grad


# -- torch parity ------------------------------------------------------------------------------


def test_torch_parity() -> None:
    torch = pytest.importorskip("torch")
    tf_ = torch.nn.functional
    x = rand(4, 6, 3, 5, dtype=np.float32)
    w6, b6 = rand(6, dtype=np.float32), rand(6, dtype=np.float32)
    w35 = rand(3, 5, dtype=np.float32)
    g = rand(4, 6, 3, 5, dtype=np.float32)

    def both(tfn: Callable[..., Any], ffn: Callable[..., tfs.Tensor], params: List[Arr]) -> None:
        xt = torch.tensor(x, requires_grad=True)
        pt = [torch.tensor(p, requires_grad=True) for p in params]
        yt = tfn(xt, *pt)
        (yt * torch.tensor(g)).sum().backward()
        xf = tfs.asarray(x).requires_grad_()
        pf = [tfs.asarray(p).requires_grad_() for p in params]
        yf = ffn(xf, *pf)
        (yf * tfs.asarray(g)).sum().backward()
        np.testing.assert_allclose(yf.numpy(), yt.detach().numpy(), rtol=1e-4, atol=1e-5)
        for a, t in zip([xf] + pf, [xt] + pt):
            assert a.grad is not None
            np.testing.assert_allclose(a.grad.numpy(), t.grad.numpy(), rtol=1e-3, atol=1e-4)

    both(lambda a, w: tf_.layer_norm(a, (3, 5), w), lambda a, w: F.layer_norm(a, (3, 5), w), [w35])
    both(lambda a, w: tf_.rms_norm(a, (3, 5), w), lambda a, w: F.rms_norm(a, (3, 5), w), [w35])
    both(lambda a, w, b: tf_.group_norm(a, 3, w, b), lambda a, w, b: F.group_norm(a, 3, w, b), [w6, b6])
    for training in (True, False):
        rm0, rv0 = rand(6, dtype=np.float32), np.abs(rand(6, dtype=np.float32)) + 0.5
        rmt, rvt = torch.tensor(rm0), torch.tensor(rv0)
        rmf, rvf = tfs.asarray(rm0), tfs.asarray(rv0)
        both(lambda a, w, b: tf_.batch_norm(a, rmt, rvt, w, b, training=training, momentum=0.3),
             lambda a, w, b: F.batch_norm(a, rmf, rvf, w, b, training=training, momentum=0.3), [w6, b6])
        np.testing.assert_allclose(rmf.numpy(), rmt.numpy(), rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(rvf.numpy(), rvt.numpy(), rtol=1e-5, atol=1e-6)


# -- errors ------------------------------------------------------------------------------------


def test_errors() -> None:
    x = tfs.asarray(rand(2, 3, 4))
    with pytest.raises(LayerConfigError, match=r"normalized_shape \[5\] does not match the input's last dims \[4\]"):
        F.layer_norm(x, [5])
    with pytest.raises(LayerConfigError, match="at least one dimension"):
        F.layer_norm(x, [])
    with pytest.raises(LayerConfigError, match=r"normalized_shape \[2,3,4,5\]"):
        F.rms_norm(x, [2, 3, 4, 5])
    with pytest.raises(ShapeError, match=r"weight of shape \[3\] does not match normalized_shape.*\[4\]"):
        F.layer_norm(x, [4], tfs.ones(3))
    with pytest.raises(ShapeError, match=r"bias of shape \[4,1\]"):
        F.layer_norm(x, [4], None, tfs.ones((4, 1)))
    with pytest.raises(InvalidArgumentError, match="eps must be a finite number >= 0, got -1"):
        F.layer_norm(x, [4], eps=-1.0)
    with pytest.raises(InvalidArgumentError, match="got NaN"):
        F.rms_norm(x, [4], eps=float("nan"))
    assert np.isfinite(F.layer_norm(x, [4], eps=0.0).numpy()).all()  # eps=0 is accepted (PyTorch)
    with pytest.raises(DtypeError, match="layer_norm needs floating-point tensors, got input int64"):
        F.layer_norm(tfs.asarray([[1, 2], [3, 4]]), [2])
    with pytest.raises(LayerConfigError, match="number of channels 3 is not divisible by num_groups 2"):
        F.group_norm(x, 2)
    with pytest.raises(LayerConfigError, match="num_groups must be positive, got 0"):
        F.group_norm(x, 0)
    with pytest.raises(ShapeError, match=r"weight of shape \[4\].*expected shape \[3\]"):
        F.group_norm(x, 3, tfs.ones(4))
    with pytest.raises(LayerConfigError, match="Expected more than 1 value per channel when training"):
        F.batch_norm(tfs.asarray(rand(1, 3)), None, None, training=True)
    F.batch_norm(tfs.asarray(rand(1, 3)), None, None, training=False)  # eval: allowed
    rm, rv = tfs.zeros(3, dtype=tfs.float64), tfs.ones(3, dtype=tfs.float64)
    with pytest.raises(ShapeError, match=r"running_mean of shape \[4\] does not match the input's 3 channels"):
        F.batch_norm(x, tfs.zeros(4), rv, training=True)
    with pytest.raises(InvalidArgumentError, match="both be given or both be None"):
        F.batch_norm(x, rm, None, training=True)
    with pytest.raises(InvalidArgumentError, match=r"momentum must be in \[0, 1\], got 1.5"):
        F.batch_norm(x, rm, rv, training=True, momentum=1.5)
    with pytest.raises(ShapeError, match=r"batch_norm needs an input of shape \(N, C\)"):
        F.batch_norm(tfs.asarray(rand(3)), None, None, training=True)
    with pytest.raises(InvalidArgumentError, match="broadcast view"):
        F.batch_norm(x, tfs.broadcast_to(tfs.zeros(1, dtype=tfs.float64), (3,)), rv, training=True)
    with pytest.raises(TypeError, match="running_mean must be a Tensor"):
        F.batch_norm(x, np.zeros(3), rv)  # type: ignore[arg-type]
    # Nothing was written by the failed calls.
    np.testing.assert_array_equal(rm.numpy(), 0)
    np.testing.assert_array_equal(rv.numpy(), 1)
