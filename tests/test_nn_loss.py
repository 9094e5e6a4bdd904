"""The losses of tenflowers.nn.functional: mse_loss, l1_loss, smooth_l1_loss, huber_loss,
binary_cross_entropy(_with_logits), kl_div, nll_loss and cross_entropy in full form.

Forward values are compared with NumPy references transcribed from PyTorch's documented
formulas (float64, rtol 1e-12; float32 rtol 1e-5), over every reduction and option; gradients
with central differences (float64) for input and target; one double-backward per family; the
stable forms with logits of +-1e4; torch parity where torch is importable; the errors.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Optional

import numpy as np
import numpy.typing as npt
import pytest

import tenflowers as tfs
import tenflowers.nn.functional as F
from tenflowers.errors import DtypeError, InvalidArgumentError, ShapeError
from test_gradient_parity import check_gradients

Arr = npt.NDArray[Any]
REDUCTIONS = ["none", "mean", "sum"]
rng = np.random.default_rng(14)


def reduce(v: Arr, reduction: str, divisor: Optional[float] = None) -> Arr:
    if reduction == "none":
        return v
    if reduction == "sum":
        return np.asarray(v.sum())
    return np.asarray(v.sum() / (v.size if divisor is None else divisor))


# -- references (PyTorch's documented formulas) -------------------------------------------------


def ref_pointwise(name: str, x: Arr, t: Arr, p: float) -> Arr:
    d = x - t
    a = np.abs(d)
    if name == "mse":
        return np.asarray(d * d)
    if name == "l1":
        return np.asarray(a)
    if name == "smooth_l1":
        return np.asarray(np.where(a < p, 0.5 * d * d / p, a - 0.5 * p)) if p > 0 else a
    return np.asarray(np.where(a <= p, 0.5 * d * d, p * (a - 0.5 * p)))


def call_pointwise(name: str, x: Any, t: Any, reduction: str, p: float) -> tfs.Tensor:
    if name == "mse":
        return F.mse_loss(x, t, reduction=reduction)
    if name == "l1":
        return F.l1_loss(x, t, reduction=reduction)
    if name == "smooth_l1":
        return F.smooth_l1_loss(x, t, reduction=reduction, beta=p)
    return F.huber_loss(x, t, reduction=reduction, delta=p)


def ref_bce(x: Arr, t: Arr, w: Optional[Arr]) -> Arr:
    v = -(t * np.maximum(np.log(x), -100) + (1 - t) * np.maximum(np.log(1 - x), -100))
    return np.asarray(v if w is None else v * w)


def ref_bce_logits(x: Arr, t: Arr, w: Optional[Arr], pw: Optional[Arr]) -> Arr:
    lw = 1.0 if pw is None else 1 + (pw - 1) * t
    sp = np.maximum(-x, 0) + np.log1p(np.exp(-np.abs(x)))
    v = (1 - t) * x + lw * sp
    return np.asarray(v if w is None else v * w)


def ref_kl(x: Arr, t: Arr, log_target: bool) -> Arr:
    if log_target:
        return np.asarray(np.exp(t) * (t - x))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(np.where(t > 0, t * (np.log(np.where(t > 0, t, 1)) - x), 0.0))


def log_softmax(x: Arr, axis: int) -> Arr:
    m = x.max(axis=axis, keepdims=True)
    return np.asarray(x - m - np.log(np.exp(x - m).sum(axis=axis, keepdims=True)))


def ref_class(
    x: Arr, t: Arr, w: Optional[Arr], ignore_index: int, reduction: str, eps: float, nll: bool
) -> Arr:
    """cross_entropy (nll=False) / nll_loss as PyTorch's cross_entropy_loss_label_smoothing,
    cross_entropy_prob_target and nll_loss_nd compute them."""
    cd = 0 if x.ndim == 1 else 1
    c = x.shape[cd]
    lp = x if nll else log_softmax(x, cd)
    wb = np.ones(c) if w is None else w
    shape = [1] * x.ndim
    shape[cd] = c
    wv = wb.reshape(shape)
    if t.shape == x.shape:  # probabilities
        tt = t * (1 - eps) + eps / c
        loss = -(lp * tt * wv).sum(axis=cd)
        return reduce(loss, reduction, float(loss.size))
    ignored = t == ignore_index
    safe = np.where(ignored, 0, t)
    picked = np.take_along_axis(lp, np.expand_dims(safe, cd), axis=cd).squeeze(cd)
    nl = np.where(ignored, 0.0, -wb[safe] * picked)
    smooth = np.where(ignored, 0.0, -(lp * wv).sum(axis=cd))
    loss = nl if eps == 0 else (1 - eps) * nl + eps / c * smooth
    return reduce(loss, reduction, float(np.where(ignored, 0.0, wb[safe]).sum()))


def close(a: tfs.Tensor, b: Arr, rtol: float = 1e-12) -> None:
    np.testing.assert_allclose(a.numpy(), b, rtol=rtol, atol=rtol)
    assert a.shape == b.shape


# -- forward ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name,p", [("mse", 0.0), ("l1", 0.0), ("smooth_l1", 1.0), ("smooth_l1", 0.0), ("smooth_l1", 0.3), ("huber", 1.0), ("huber", 0.4)])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_pointwise_forward(name: str, p: float, reduction: str) -> None:
    x = rng.normal(size=(4, 5))
    t = rng.normal(size=(4, 5))
    close(call_pointwise(name, x, t, reduction, p), reduce(ref_pointwise(name, x, t, p), reduction))
    # broadcasting target, float32 and a transposed view
    tb = rng.normal(size=(5,))
    close(call_pointwise(name, x, tb, reduction, p), reduce(ref_pointwise(name, x, tb, p), reduction))
    x32 = x.astype(np.float32)
    got = call_pointwise(name, tfs.asarray(np.ascontiguousarray(x32.T)).T, t.astype(np.float32), reduction, p)
    assert got.dtype == tfs.float32
    close(got, reduce(ref_pointwise(name, x32.astype(np.float64), t.astype(np.float32).astype(np.float64), p), reduction), 1e-5)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weighted", [False, True])
def test_bce_forward(reduction: str, weighted: bool) -> None:
    x = rng.uniform(0.01, 0.99, size=(3, 4))
    x[0, 0], x[1, 1] = 0.0, 1.0  # clamped logs
    t = rng.uniform(size=(3, 4))
    w = rng.uniform(0.5, 2, size=(4,)) if weighted else None
    close(F.binary_cross_entropy(x, t, w, reduction=reduction), reduce(ref_bce(x, t, w), reduction))


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("pos", [False, True])
def test_bce_with_logits_forward(reduction: str, weighted: bool, pos: bool) -> None:
    x = rng.normal(size=(3, 4)) * 3
    t = rng.uniform(size=(3, 4))
    w = rng.uniform(0.5, 2, size=(3, 1)) if weighted else None
    pw = rng.uniform(0.5, 3, size=(4,)) if pos else None
    got = F.binary_cross_entropy_with_logits(x, t, w, reduction=reduction, pos_weight=pw)
    close(got, reduce(ref_bce_logits(x, t, w, pw), reduction))


@pytest.mark.parametrize("reduction", REDUCTIONS + ["batchmean"])
@pytest.mark.parametrize("log_target", [False, True])
def test_kl_div_forward(reduction: str, log_target: bool) -> None:
    x = log_softmax(rng.normal(size=(3, 4)), 1)
    t = np.exp(log_softmax(rng.normal(size=(3, 4)), 1))
    t[0, 1] = 0.0
    if log_target:
        t = np.log(t + 0.1)
    want = ref_kl(x, t, log_target)
    want = np.asarray(want.sum() / 3) if reduction == "batchmean" else reduce(want, reduction)
    close(F.kl_div(x, t, reduction=reduction, log_target=log_target), want)


CLASS_CASES = [
    ((5, 4), None, -100, 0.0),
    ((5, 4), "w", -100, 0.0),
    ((5, 4), "w", 1, 0.0),
    ((5, 4), "w", 1, 0.2),
    ((5, 4), None, 2, 0.3),
    ((4,), "w", -100, 0.1),
    ((2, 4, 3), None, -100, 0.0),
    ((2, 4, 3, 2), "w", 0, 0.25),
]


def class_args(shape: Any, w: Optional[str], ignore_index: int) -> "tuple[Arr, Arr, Optional[Arr]]":
    x = rng.normal(size=shape) * 2
    cd = 0 if len(shape) == 1 else 1
    tshape = tuple(d for i, d in enumerate(shape) if i != cd)
    t = rng.integers(0, shape[cd], size=tshape)
    if t.size > 1:
        t.flat[1] = ignore_index if ignore_index >= 0 else t.flat[1]
    weight = rng.uniform(0.5, 2, size=(shape[cd],)) if w else None
    return x, np.asarray(t), weight


@pytest.mark.parametrize("shape,w,ignore_index,eps", CLASS_CASES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_cross_entropy_and_nll_forward(shape: Any, w: Optional[str], ignore_index: int, eps: float, reduction: str) -> None:
    x, t, weight = class_args(shape, w, ignore_index)
    got = F.cross_entropy(x, t, weight, ignore_index=ignore_index, reduction=reduction, label_smoothing=eps)
    close(got, ref_class(x, t, weight, ignore_index, reduction, eps, False))
    lp = log_softmax(x, 0 if x.ndim == 1 else 1)
    got = F.nll_loss(lp, t, weight, ignore_index=ignore_index, reduction=reduction)
    close(got, ref_class(lp, t, weight, ignore_index, reduction, 0.0, True))


@pytest.mark.parametrize("shape", [(5, 4), (4,), (2, 4, 3)])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("eps", [0.0, 0.2])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_cross_entropy_probability_targets(shape: Any, weighted: bool, eps: float, reduction: str) -> None:
    x = rng.normal(size=shape)
    cd = 0 if len(shape) == 1 else 1
    t = np.exp(log_softmax(rng.normal(size=shape), cd))
    w = rng.uniform(0.5, 2, size=(shape[cd],)) if weighted else None
    got = F.cross_entropy(x, t, w, reduction=reduction, label_smoothing=eps)
    close(got, ref_class(x, t, w, -100, reduction, eps, False))


def test_all_ignored_mean_is_nan() -> None:
    x = rng.normal(size=(2, 3))
    t = np.array([1, 1])
    w = np.ones(3)
    assert np.isnan(F.cross_entropy(x, t, w, ignore_index=1).item())
    assert np.isnan(F.nll_loss(x, t, ignore_index=1).item())


# -- stability ----------------------------------------------------------------------------------


def test_large_logits_are_finite() -> None:
    x = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 3.0]])
    t = np.array([[0.0, 1.0, 0.5], [1.0, 0.0, 0.5]])
    got = F.binary_cross_entropy_with_logits(x, t, reduction="none").numpy()
    np.testing.assert_allclose(got, ref_bce_logits(x, t, None, None), rtol=1e-12)
    assert np.isfinite(got).all() and got[0, 1] == 1e4
    for dt in (np.float32, np.float64):
        ce = F.cross_entropy(x.astype(dt), np.array([1, 0]), np.array([1.0, 2.0, 1.0], dtype=dt), reduction="none")
        np.testing.assert_allclose(ce.numpy(), [4e4, 2e4], rtol=1e-6)  # w[1] = 2
        xs = tfs.asarray(x.astype(dt)).requires_grad_()
        F.binary_cross_entropy_with_logits(xs, t.astype(dt)).backward()
        assert xs.grad is not None and np.isfinite(xs.grad.numpy()).all()
    bce = F.binary_cross_entropy(np.array([0.0, 1.0]), np.array([1.0, 0.0]), reduction="none")
    np.testing.assert_array_equal(bce.numpy(), [100.0, 100.0])


# -- gradients ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name,p", [("mse", 0.0), ("l1", 0.0), ("smooth_l1", 1.0), ("smooth_l1", 0.0), ("huber", 0.7)])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_pointwise_gradients(name: str, p: float, reduction: str) -> None:
    x = rng.normal(size=(3, 4))
    t = x + rng.choice([-2.0, -0.4, 0.3, 1.5], size=(3, 4))  # away from the kinks
    check_gradients(f"{name}_{p}_{reduction}", lambda a, b: call_pointwise(name, a, b, reduction, p), [x, t], views=True)
    tb = t[0] + 0.05
    check_gradients(f"{name}_{p}_{reduction}_bc", lambda a, b: call_pointwise(name, a, b, reduction, p), [x, tb])


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weighted", [False, True])
def test_bce_gradients(reduction: str, weighted: bool) -> None:
    x = rng.uniform(0.1, 0.9, size=(3, 4))
    t = rng.uniform(size=(3, 4))
    w = rng.uniform(0.5, 2, size=(4,)) if weighted else None
    check_gradients("bce", lambda a, b: F.binary_cross_entropy(a, b, w, reduction=reduction), [x, t], views=True)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("pos", [False, True])
def test_bce_with_logits_gradients(reduction: str, weighted: bool, pos: bool) -> None:
    x = rng.normal(size=(3, 4)) * 2
    t = rng.uniform(size=(3, 4))
    w = rng.uniform(0.5, 2, size=(3, 4)) if weighted else None
    pw = rng.uniform(0.5, 3, size=(4,)) if pos else None

    def fn(a: tfs.Tensor, b: tfs.Tensor) -> tfs.Tensor:
        return F.binary_cross_entropy_with_logits(a, b, w, reduction=reduction, pos_weight=pw)

    check_gradients("bce_logits", fn, [x, t], views=True)


@pytest.mark.parametrize("reduction", REDUCTIONS + ["batchmean"])
@pytest.mark.parametrize("log_target", [False, True])
def test_kl_div_gradients(reduction: str, log_target: bool) -> None:
    x = rng.normal(size=(3, 4))
    t = rng.uniform(0.1, 1, size=(3, 4))
    check_gradients("kl", lambda a, b: F.kl_div(a, b, reduction=reduction, log_target=log_target), [x, t])


@pytest.mark.parametrize("shape,w,ignore_index,eps", CLASS_CASES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_class_loss_gradients(shape: Any, w: Optional[str], ignore_index: int, eps: float, reduction: str) -> None:
    x, t, weight = class_args(shape, w, ignore_index)
    opts: Dict[str, Any] = dict(ignore_index=ignore_index, reduction=reduction)
    check_gradients("ce", lambda a: F.cross_entropy(a, t, weight, label_smoothing=eps, **opts), [x], views=True)
    check_gradients("nll", lambda a: F.nll_loss(a, t, weight, **opts), [x], views=True)


@pytest.mark.parametrize("shape", [(4, 3), (3,), (2, 3, 2)])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_probability_target_gradients(shape: Any, weighted: bool, reduction: str) -> None:
    x = rng.normal(size=shape)
    t = rng.uniform(0.1, 1, size=shape)
    cd = 0 if len(shape) == 1 else 1
    w = rng.uniform(0.5, 2, size=(shape[cd],)) if weighted else None
    check_gradients("ce_prob", lambda a, b: F.cross_entropy(a, b, w, reduction=reduction, label_smoothing=0.1), [x, t])


def hvp(fn: Callable[[tfs.Tensor], tfs.Tensor], x: Arr, v: Arr) -> Arr:
    xs = tfs.asarray(x).requires_grad_()
    (g,) = tfs.autograd.grad(fn(xs), xs, create_graph=True)
    assert g is not None
    (h,) = tfs.autograd.grad((g * tfs.asarray(v)).sum(), xs)
    assert h is not None
    return np.asarray(h.numpy())


def numeric_hvp(fn: Callable[[tfs.Tensor], tfs.Tensor], x: Arr, v: Arr, h: float = 1e-5) -> Arr:
    def grad(a: Arr) -> Arr:
        xs = tfs.asarray(a).requires_grad_()
        fn(xs).backward()
        assert xs.grad is not None
        return np.asarray(xs.grad.numpy())

    return (grad(x + h * v) - grad(x - h * v)) / (2 * h)


@pytest.mark.parametrize(
    "name",
    ["mse", "huber", "bce", "bce_logits", "kl", "ce_weight_smooth", "ce_prob", "ce_spatial", "nll"],
)
def test_double_backward(name: str) -> None:
    x = rng.normal(size=(3, 4))
    t = rng.uniform(0.1, 0.9, size=(3, 4))
    idx = np.array([0, 3, 1])
    w = rng.uniform(0.5, 2, size=(4,))
    fns: Dict[str, Callable[[tfs.Tensor], tfs.Tensor]] = {
        "mse": lambda a: F.mse_loss(a * a, t),
        "huber": lambda a: F.huber_loss(a * a, t, delta=0.8),
        "bce": lambda a: F.binary_cross_entropy(tfs.sigmoid(a), t, w),
        "bce_logits": lambda a: F.binary_cross_entropy_with_logits(a, t, w, pos_weight=w),
        "kl": lambda a: F.kl_div(a * a, t, reduction="batchmean"),
        "ce_weight_smooth": lambda a: F.cross_entropy(a, idx, w, label_smoothing=0.2),
        "ce_prob": lambda a: F.cross_entropy(a, t, w),
        "ce_spatial": lambda a: F.cross_entropy(a.reshape(1, 3, 4), idx[None, :2].repeat(2, 0).reshape(1, 4)[:, :4] % 3),
        "nll": lambda a: F.nll_loss(a * a, idx, w),
    }
    v = rng.normal(size=x.shape)
    np.testing.assert_allclose(hvp(fns[name], x, v), numeric_hvp(fns[name], x, v), rtol=1e-6, atol=1e-8)


def test_target_gradient_double_backward() -> None:
    x = rng.normal(size=(3, 4))
    t = rng.uniform(0.1, 0.9, size=(3, 4))
    xs, ts = tfs.asarray(x).requires_grad_(), tfs.asarray(t).requires_grad_()
    (gt,) = tfs.autograd.grad(F.binary_cross_entropy_with_logits(xs, ts), ts, create_graph=True)
    assert gt is not None
    (gx,) = tfs.autograd.grad(gt.sum(), xs)
    assert gx is not None
    # d/dx of sum_ij (-x_ij) / 12
    np.testing.assert_allclose(gx.numpy(), np.full((3, 4), -1 / 12), rtol=1e-12)


# -- errors -------------------------------------------------------------------------------------


def test_errors() -> None:
    x = rng.normal(size=(2, 3))
    with pytest.raises(ValueError, match="'none', 'mean', 'sum'"):
        F.mse_loss(x, x, reduction="avg")
    with pytest.raises(ValueError, match="'batchmean'"):
        F.kl_div(x, x, reduction="avg")
    with pytest.raises(ValueError, match="'none', 'mean', 'sum'"):
        F.cross_entropy(x, np.array([0, 1]), reduction="batchmean")
    with pytest.raises(ShapeError, match=r"\[2,3\].*\[4\]"):
        F.l1_loss(x, np.zeros(4))
    with pytest.raises(ShapeError, match=r"\[2,3\]"):
        F.binary_cross_entropy_with_logits(x, np.zeros((3,)))
    with pytest.raises(InvalidArgumentError, match="target 3 at position 1 is out of bounds for 3 classes"):
        F.cross_entropy(x, np.array([0, 3]), np.ones(3))
    with pytest.raises(InvalidArgumentError, match="target -2 at position 0 .* 3 classes"):
        F.nll_loss(x, np.array([-2, 0]))
    with pytest.raises(InvalidArgumentError, match="between 0 and 1, got 1.5 at position 4"):
        F.binary_cross_entropy(np.array([0.1, 0.2, 0.3, 0.4, 1.5]), np.zeros(5))
    with pytest.raises(ShapeError, match=r"weight of shape \[2\]"):
        F.cross_entropy(x, np.array([0, 1]), np.ones(2))
    with pytest.raises(ShapeError, match=r"weight of shape \[4\]"):
        F.binary_cross_entropy(np.full((2, 3), 0.5), np.zeros((2, 3)), np.ones(4))
    with pytest.raises(DtypeError, match="floating-point input"):
        F.mse_loss(np.array([1, 2]), np.array([1.0, 2.0]))
    with pytest.raises(DtypeError, match="floating-point input"):
        F.nll_loss(np.array([[1, 2]]), np.array([0]))
    with pytest.raises(InvalidArgumentError, match="beta must be >= 0"):
        F.smooth_l1_loss(x, x, beta=-1.0)
    with pytest.raises(InvalidArgumentError, match="delta must be > 0"):
        F.huber_loss(x, x, delta=0.0)
    with pytest.raises(InvalidArgumentError, match="label_smoothing"):
        F.cross_entropy(x, np.array([0, 1]), np.ones(3), label_smoothing=1.5)


# -- torch parity -------------------------------------------------------------------------------


def test_torch_parity() -> None:
    torch = pytest.importorskip("torch")
    tf_ = torch.nn.functional
    x = rng.normal(size=(4, 5, 3))
    t = rng.normal(size=(4, 5, 3))
    p = rng.uniform(0.05, 0.95, size=(4, 5, 3))
    idx = rng.integers(0, 5, size=(4, 3))
    w = rng.uniform(0.5, 2, size=(5,))
    T = torch.tensor
    for red in REDUCTIONS:
        pairs = [
            (F.mse_loss(x, t, reduction=red), tf_.mse_loss(T(x), T(t), reduction=red)),
            (F.smooth_l1_loss(x, t, reduction=red, beta=0.5), tf_.smooth_l1_loss(T(x), T(t), reduction=red, beta=0.5)),
            (F.huber_loss(x, t, reduction=red, delta=0.5), tf_.huber_loss(T(x), T(t), reduction=red, delta=0.5)),
            (F.binary_cross_entropy(p, p[::-1].copy(), reduction=red), tf_.binary_cross_entropy(T(p), T(p[::-1].copy()), reduction=red)),
            (
                F.binary_cross_entropy_with_logits(x, p, reduction=red, pos_weight=w[:3]),
                tf_.binary_cross_entropy_with_logits(T(x), T(p), reduction=red, pos_weight=T(w[:3])),
            ),
            (F.kl_div(x, p, reduction=red), tf_.kl_div(T(x), T(p), reduction=red)),
            (
                F.cross_entropy(x, idx, w, ignore_index=2, reduction=red, label_smoothing=0.1),
                tf_.cross_entropy(T(x), T(idx), T(w), ignore_index=2, reduction=red, label_smoothing=0.1),
            ),
            (
                F.cross_entropy(x, p, w, reduction=red, label_smoothing=0.1),
                tf_.cross_entropy(T(x), T(p), T(w), reduction=red, label_smoothing=0.1),
            ),
            (F.nll_loss(x, idx, w, reduction=red), tf_.nll_loss(T(x), T(idx), T(w), reduction=red)),
        ]
        for ours, theirs in pairs:
            np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-10, atol=1e-12)
