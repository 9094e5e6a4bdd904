"""The fused training ops: cross_entropy, linear, Tensor.add_/sub_ and sgd_step_.

Forward values are compared with NumPy references computed in float64 (rtol 1e-5 for float32
inputs, whose results are rounded once per element plus a short float32 accumulation; 1e-12 for
float64). Gradients are checked against central differences with the checker of
test_gradient_parity.py (float64, its stated tolerances), including transposed-view inputs, and
the create_graph path against the same formula written with unfused ops.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable, List, Optional

import numpy as np
import numpy.typing as npt
import pytest

import tenflowers as tfs
from test_gradient_parity import check_gradients

Arr = npt.NDArray[Any]
ROOT = Path(__file__).resolve().parents[1]


# -- references --------------------------------------------------------------------------------


def ce_ref(x: Arr, t: Arr, reduction: str = "mean", ignore_index: int = -100, smoothing: float = 0.0) -> Arr:
    x = x.astype(np.float64)
    if x.ndim == 1:
        out = ce_ref(x[None], np.asarray(t).reshape(1), "none", ignore_index, smoothing)[0]
        return out if reduction == "none" else np.asarray(out)
    m = x.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(x - m).sum(axis=1))
    keep = t != ignore_index
    safe = np.where(keep, t, 0)
    nll = lse - x[np.arange(len(t)), safe]
    smooth = lse - x.mean(axis=1)
    loss = np.where(keep, (1 - smoothing) * nll + smoothing * smooth, 0.0)
    if reduction == "none":
        return loss
    if reduction == "sum":
        return np.asarray(loss.sum())
    return np.asarray(loss.sum() / keep.sum())


def linear_ref(x: Arr, w: Arr, b: Optional[Arr], act: Optional[str]) -> Arr:
    y = x.astype(np.float64) @ w.astype(np.float64).T
    if b is not None:
        y = y + b
    return np.maximum(y, 0.0) if act == "relu" else y


RNG = np.random.default_rng(7)


def rand(*shape: int, dtype: Any = np.float64) -> Arr:
    return RNG.standard_normal(shape).astype(dtype)


def tol(dtype: Any) -> float:
    return 1e-5 if np.dtype(dtype) == np.float32 else 1e-12


# -- cross_entropy forward ---------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("shape", [(1, 1), (5, 3), (64, 10), (3, 65), (300, 300)])
def test_cross_entropy_matches_numpy(dtype: Any, reduction: str, shape: tuple[int, int]) -> None:
    x = (rand(*shape) * 4).astype(dtype)
    t = RNG.integers(0, shape[1], size=shape[0])
    got = tfs.cross_entropy(tfs.asarray(x), tfs.asarray(t), reduction=reduction)
    assert got.dtype.name == np.dtype(dtype).name
    want = ce_ref(x, t, reduction)
    assert got.shape == want.shape
    np.testing.assert_allclose(got.numpy(), want, rtol=tol(dtype), atol=tol(dtype))


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_cross_entropy_ignore_index_and_label_smoothing(reduction: str) -> None:
    x = rand(8, 5) * 3
    t = np.array([0, 4, -1, 2, -1, 1, 3, 0])
    for smoothing in (0.0, 0.1, 1.0):
        got = tfs.cross_entropy(tfs.asarray(x), tfs.asarray(t), reduction=reduction, ignore_index=-1,
                                label_smoothing=smoothing)
        np.testing.assert_allclose(got.numpy(), ce_ref(x, t, reduction, -1, smoothing), rtol=1e-12, atol=1e-12)


def test_cross_entropy_unbatched_views_and_target_dtypes() -> None:
    x = rand(7) * 2
    got = tfs.cross_entropy(tfs.asarray(x), tfs.asarray(np.int32(3)), reduction="none")
    assert got.shape == ()
    np.testing.assert_allclose(got.numpy(), ce_ref(x, np.array(3), "none"), rtol=1e-12)
    # A transposed (non-contiguous) logits view and int8/int32 targets.
    xt = rand(6, 4)
    view = tfs.asarray(np.ascontiguousarray(xt.T)).T
    for tdt in (np.int8, np.int32, np.int64):
        t = np.array([0, 3, 1, 2, 2, 0], dtype=tdt)
        got = tfs.cross_entropy(view, tfs.asarray(t))
        np.testing.assert_allclose(got.numpy(), ce_ref(xt, t.astype(np.int64)), rtol=1e-12)
    # Extreme logits stay finite (the row maximum is subtracted first).
    big = np.array([[1000.0, 0.0, -1000.0]], dtype=np.float32)
    assert tfs.cross_entropy(tfs.asarray(big), tfs.asarray([1])).item() == pytest.approx(1000.0)
    # Every row ignored: the mean is 0/0, NaN, as PyTorch.
    assert np.isnan(tfs.cross_entropy(tfs.asarray(rand(2, 3)), tfs.asarray([-100, -100])).item())


def test_cross_entropy_errors() -> None:
    x = tfs.asarray(rand(3, 4))
    with pytest.raises(tfs.InvalidArgumentError, match=r"target 4 at position 2 is out of bounds for 4 classes"):
        tfs.cross_entropy(x, tfs.asarray([0, 1, 4]))
    with pytest.raises(tfs.InvalidArgumentError, match=r"target -2 at position 0"):
        tfs.cross_entropy(x, tfs.asarray([-2, 1, 0]))
    with pytest.raises(tfs.DtypeError, match="integer class indices"):
        tfs.cross_entropy(x, tfs.asarray([0.0, 1.0, 2.0]))
    with pytest.raises(tfs.DtypeError, match="floating-point logits"):
        tfs.cross_entropy(tfs.asarray([[1, 2]]), tfs.asarray([0]))
    with pytest.raises(tfs.ShapeError, match="does not match logits"):
        tfs.cross_entropy(x, tfs.asarray([0, 1]))
    with pytest.raises(tfs.ShapeError):
        tfs.cross_entropy(tfs.asarray(rand(2, 3, 4)), tfs.asarray([[0] * 4] * 2))
    with pytest.raises(tfs.InvalidArgumentError, match="label_smoothing"):
        tfs.cross_entropy(x, tfs.asarray([0, 1, 2]), label_smoothing=-0.5)
    with pytest.raises(ValueError, match="reduction"):
        tfs.cross_entropy(x, tfs.asarray([0, 1, 2]), reduction="avg")


# -- cross_entropy gradients -------------------------------------------------------------------


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("smoothing", [0.0, 0.2])
def test_cross_entropy_gradient_parity(reduction: str, smoothing: float) -> None:
    t = tfs.asarray([2, 0, -100, 3, 1])
    check_gradients(
        f"cross_entropy[{reduction},{smoothing}]",
        lambda x: tfs.cross_entropy(x, t, reduction=reduction, label_smoothing=smoothing).reshape(-1),
        [rand(5, 4)],
        views=True,
    )
    check_gradients(f"cross_entropy[1d,{reduction}]",
                    lambda x: tfs.cross_entropy(x, tfs.asarray(2), reduction=reduction).reshape(-1), [rand(4)])


def test_cross_entropy_gradient_is_softmax_minus_onehot() -> None:
    x_np, t_np = rand(6, 5), RNG.integers(0, 5, size=6)
    x = tfs.asarray(x_np).requires_grad_()
    tfs.cross_entropy(x, tfs.asarray(t_np)).backward()
    p = np.exp(x_np - x_np.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    p[np.arange(6), t_np] -= 1
    assert x.grad is not None
    np.testing.assert_allclose(x.grad.numpy(), p / 6, rtol=1e-12, atol=1e-15)


def composite_ce(x: tfs.Tensor, t: Arr, smoothing: float) -> tfs.Tensor:
    """Mean cross-entropy from unfused differentiable ops."""
    n, c = x.shape
    onehot = np.zeros((n, c))
    onehot[np.arange(n), t] = 1.0
    dist = tfs.asarray((1 - smoothing) * onehot + smoothing / c)
    return -(tfs.log_softmax(x, axis=-1) * dist).sum() / n


@pytest.mark.parametrize("smoothing", [0.0, 0.3])
def test_cross_entropy_double_backward(smoothing: float) -> None:
    """create_graph: the gradient is differentiable (Hessian-vector product matches unfused ops)."""
    x_np, t_np = rand(4, 3), np.array([0, 2, 1, 1])
    v = tfs.asarray(rand(4, 3))
    results = []
    fns: List[Callable[[tfs.Tensor], tfs.Tensor]] = [
        lambda x: tfs.cross_entropy(x, tfs.asarray(t_np), label_smoothing=smoothing),
        lambda x: composite_ce(x, t_np, smoothing),
    ]
    for fn in fns:
        x = tfs.asarray(x_np).requires_grad_()
        (g,) = tfs.autograd.grad(fn(x), x, create_graph=True)
        assert g is not None
        (hv,) = tfs.autograd.grad((g * v).sum(), x)
        assert hv is not None
        results.append((g.numpy(), hv.numpy()))
    np.testing.assert_allclose(results[0][0], results[1][0], rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(results[0][1], results[1][1], rtol=1e-10, atol=1e-13)


# -- linear ------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("act", [None, "relu"])
@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("xshape", [(5,), (64, 33), (2, 3, 17), (0, 4)])
def test_linear_matches_numpy(dtype: Any, act: Optional[str], bias: bool, xshape: tuple[int, ...]) -> None:
    k = xshape[-1]
    x, w = rand(*xshape, dtype=dtype), rand(9, k, dtype=dtype)
    b = rand(9, dtype=dtype) if bias else None
    got = tfs.linear(tfs.asarray(x), tfs.asarray(w), None if b is None else tfs.asarray(b), activation=act)
    assert got.shape == xshape[:-1] + (9,)
    assert got.dtype.name == np.dtype(dtype).name
    np.testing.assert_allclose(got.numpy(), linear_ref(x, w, b, act), rtol=tol(dtype), atol=tol(dtype) * 10)


def test_linear_views_relu_edge_values_and_promotion() -> None:
    x, w, b = rand(4, 6), rand(6, 5), rand(5)
    # A transposed weight view and a strided input view: same values as the copies.
    wt = tfs.asarray(np.ascontiguousarray(w.T))  # (5, 6) contiguous
    w_view = tfs.asarray(w).T  # (5, 6) transposed view
    x_big = tfs.asarray(np.repeat(x, 2, axis=0))
    x_view = x_big[::2]
    a = tfs.linear(x_view, w_view, tfs.asarray(b), "relu").numpy()
    # The strided input is read in place: bit for bit the contiguous input's result.
    assert np.array_equal(a, tfs.linear(tfs.asarray(x), w_view, tfs.asarray(b), "relu").numpy())
    # A differently laid out weight takes another GEMM packing path, whose summation order may
    # differ in the last bit (as BLAS's does); the values agree to rounding.
    c = tfs.linear(tfs.asarray(x), wt, tfs.asarray(b), "relu").numpy()
    np.testing.assert_allclose(a, c, rtol=1e-15, atol=1e-15)
    np.testing.assert_allclose(a, linear_ref(x, w.T, b, "relu"), rtol=1e-12)
    # relu keeps NaN and equals tfs.relu on the unfused result, bit for bit.
    xn = x.copy()
    xn[0, 0] = np.nan
    fused = tfs.linear(tfs.asarray(xn), wt, tfs.asarray(b), "relu").numpy()
    unfused = tfs.relu(tfs.asarray(xn) @ wt.T + tfs.asarray(b)).numpy()
    assert np.isnan(fused[0]).all()
    np.testing.assert_array_equal(fused, unfused)
    # float32 input with float64 weight promotes to float64, as matmul.
    y = tfs.linear(tfs.asarray(x.astype(np.float32)), wt)
    assert y.dtype == tfs.float64


def test_linear_errors() -> None:
    x, w = tfs.asarray(rand(3, 4)), tfs.asarray(rand(5, 4))
    with pytest.raises(tfs.ShapeError, match=r"has 3 features but weight of shape \[5,4\]"):
        tfs.linear(tfs.asarray(rand(2, 3)), w)
    with pytest.raises(tfs.ShapeError, match="bias of shape"):
        tfs.linear(x, w, tfs.asarray(rand(4)))
    with pytest.raises(tfs.ShapeError, match="2-D weight"):
        tfs.linear(x, tfs.asarray(rand(4)))
    with pytest.raises(tfs.DtypeError, match="floating-point"):
        tfs.linear(tfs.asarray([[1, 2]]), tfs.asarray([[1, 2]]))
    with pytest.raises(ValueError, match="activation"):
        tfs.linear(x, w, activation="tanh")


@pytest.mark.parametrize("act", [None, "relu"])
def test_linear_gradient_parity(act: Optional[str]) -> None:
    check_gradients(f"linear[{act}]", lambda x, w, b: tfs.linear(x, w, b, act), [rand(4, 3), rand(5, 3), rand(5)],
                    views=True)
    check_gradients(f"linear[{act},nobias,3d]", lambda x, w: tfs.linear(x, w, None, act),
                    [rand(2, 3, 4), rand(2, 4)])
    check_gradients(f"linear[{act},1d]", lambda x, w, b: tfs.linear(x, w, b, act), [rand(3), rand(2, 3), rand(2)])


def test_linear_double_backward() -> None:
    x_np, w_np, b_np = rand(3, 4), rand(5, 4), rand(5)
    v = tfs.asarray(rand(5, 4))
    results = []
    for fused in (True, False):
        x, w, b = (tfs.asarray(a).requires_grad_() for a in (x_np, w_np, b_np))
        y = tfs.linear(x, w, b, "relu") if fused else tfs.relu(x @ w.T + b)
        loss = (y * y).sum()
        gx, gw = tfs.autograd.grad(loss, [x, w], create_graph=True)
        assert gx is not None and gw is not None
        hx, hb = tfs.autograd.grad((gw * v).sum(), [x, b])
        assert hx is not None and hb is not None
        results.append([t.numpy() for t in (gx, gw, hx, hb)])
    for a, c in zip(*results):
        np.testing.assert_allclose(a, c, rtol=1e-12, atol=1e-12)


def test_linear_records_one_node_and_only_needed_grads() -> None:
    x = tfs.asarray(rand(3, 4))
    w = tfs.asarray(rand(2, 4)).requires_grad_()
    y = tfs.linear(x, w, None, "relu")
    assert y.grad_fn == "LinearBackward"
    y.sum().backward()
    assert w.grad is not None and w.grad.shape == (2, 4)
    assert x.grad is None
    with tfs.no_grad():
        assert not tfs.linear(x, w).requires_grad


# -- in-place updates --------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("n", [1, 7, 64, 65, 100_003])
def test_add_sub_inplace_matches_numpy(dtype: Any, n: int) -> None:
    p_np, g_np = rand(n, dtype=dtype), rand(n, dtype=dtype)
    p = tfs.asarray(p_np)
    alias = p.reshape(n)  # a view sharing storage sees the write
    assert p.add_(tfs.asarray(g_np), alpha=0.25) is p
    want = p_np + dtype(0.25) * g_np
    np.testing.assert_array_equal(p.numpy(), want)
    np.testing.assert_array_equal(alias.numpy(), want)
    p.sub_(tfs.asarray(g_np))
    np.testing.assert_array_equal(p.numpy(), want - g_np)


def test_add_inplace_broadcast_scalar_views_aliasing() -> None:
    base = rand(6, 8)
    p = tfs.asarray(base)
    p.add_(tfs.asarray(np.arange(8.0)))  # broadcast row
    p.add_(2)  # Python scalar
    p.sub_(tfs.asarray([1, 2, 3, 4, 5, 6, 7, 8], dtype=tfs.int32), alpha=0.5)  # int cast to float
    want = base + np.arange(8.0) + 2 - 0.5 * np.arange(1, 9)
    np.testing.assert_allclose(p.numpy(), want, rtol=1e-15)
    # Writing through a strided, transposed view touches only its elements.
    q = tfs.asarray(base.copy())
    q[::2].T.add_(tfs.ones((8, 3)), alpha=-1)
    w2 = base.copy()
    w2[::2] -= 1
    np.testing.assert_array_equal(q.numpy(), w2)
    # The update may share storage with the destination: it is read before writing.
    r = tfs.asarray(np.arange(5.0))
    r.add_(r.flip())
    np.testing.assert_array_equal(r.numpy(), np.full(5, 4.0))


def test_add_inplace_errors_leave_tensor_unchanged() -> None:
    p = tfs.asarray(rand(3, 2))
    before = p.numpy()
    with pytest.raises(tfs.ShapeError, match="cannot be broadcast"):
        p.add_(tfs.ones((4,)))
    with pytest.raises(tfs.DtypeError, match="floating-point"):
        tfs.asarray([1, 2]).add_(tfs.asarray([1, 1]))
    with pytest.raises(tfs.InvalidArgumentError, match="broadcast view"):
        tfs.broadcast_to(tfs.asarray([1.0, 2.0]), (3, 2)).add_(1.0)
    np.testing.assert_array_equal(p.numpy(), before)
    w = tfs.asarray(rand(3)).requires_grad_()
    with pytest.raises(tfs.GradientError, match="leaf tensor that requires grad"):
        w.add_(1.0)
    with tfs.no_grad():
        w.add_(1.0)


def test_add_inplace_into_saved_tensor_fails_backward() -> None:
    w = tfs.asarray(rand(3)).requires_grad_()
    a = tfs.asarray(rand(3))
    y = (w * a).sum()
    a.add_(1.0)  # a was saved for the gradient of w
    with pytest.raises(tfs.GradientError, match="modified by an in-place operation"):
        y.backward()


def test_sgd_step_matches_numpy_and_skips_params_without_grad() -> None:
    x_np, w_np, b_np = rand(4, 3), rand(2, 3), rand(2)
    x = tfs.asarray(x_np)
    w, b = tfs.asarray(w_np).requires_grad_(), tfs.asarray(b_np).requires_grad_()
    frozen = tfs.asarray(rand(2))
    loss = (tfs.linear(x, w, b) ** 2).sum()
    loss.backward()
    assert w.grad is not None and b.grad is not None
    gw, gb = w.grad.numpy(), b.grad.numpy()
    tfs.sgd_step_([w, b, frozen], 0.1)
    np.testing.assert_array_equal(w.numpy(), w_np - 0.1 * gw)
    np.testing.assert_array_equal(b.numpy(), b_np - 0.1 * gb)
    assert w.grad is not None  # kept without zero_grad
    tfs.sgd_step_([w, b], 0.1, zero_grad=True)
    assert w.grad is None and b.grad is None
    np.testing.assert_allclose(w.numpy(), w_np - 0.2 * gw, rtol=1e-14)
    tfs.sgd_step_([], 0.1)
    with pytest.raises(tfs.InvalidArgumentError, match="lr must be finite"):
        tfs.sgd_step_([w], float("nan"))
    with pytest.raises(TypeError):
        tfs.sgd_step_([w_np], 0.1)


def test_training_loop_loss_falls() -> None:
    """A few steps of the benchmark's MLP in float32: the fused step equals the NumPy one."""
    rng = np.random.default_rng(3)
    x_np = rng.standard_normal((32, 20), dtype=np.float32)
    y_np = rng.integers(0, 4, size=32)
    init = [rng.uniform(-0.3, 0.3, size=s).astype(np.float32) for s in ((16, 20), (16,), (4, 16), (4,))]
    params = [tfs.asarray(p).requires_grad_() for p in init]
    ref = [p.astype(np.float64) for p in init]
    x, y = tfs.asarray(x_np), tfs.asarray(y_np)
    losses = []
    for _ in range(30):
        w1, b1, w2, b2 = params
        loss = tfs.cross_entropy(tfs.linear(tfs.linear(x, w1, b1, "relu"), w2, b2), y)
        loss.backward()
        tfs.sgd_step_(params, 0.5, zero_grad=True)
        losses.append(loss.item())
        # float64 NumPy reference step.
        rw1, rb1, rw2, rb2 = ref
        h = np.maximum(x_np @ rw1.T + rb1, 0)
        z = h @ rw2.T + rb2
        ref_loss = ce_ref(z, y_np)
        p = np.exp(z - z.max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        p[np.arange(32), y_np] -= 1
        dz = p / 32
        dh = (dz @ rw2) * (h > 0)
        for r, gr in zip(ref, (dh.T @ x_np, dh.sum(0), dz.T @ h, dz.sum(0))):
            r -= 0.5 * gr
        assert losses[-1] == pytest.approx(float(ref_loss), rel=1e-4)
    assert losses[-1] < 0.5 * losses[0]


def test_mlp_example_runs() -> None:
    r = subprocess.run([sys.executable, str(ROOT / "examples" / "mlp.py")], capture_output=True, text=True,
                       timeout=300, cwd=tempfile.gettempdir())
    assert r.returncode == 0, r.stderr
    lines = [ln for ln in r.stdout.splitlines() if ln.startswith("step")]
    losses = [float(ln.split("loss")[1]) for ln in lines]
    assert len(losses) >= 5 and losses[-1] < 0.5 * losses[0], r.stdout
    assert r.stderr == ""
