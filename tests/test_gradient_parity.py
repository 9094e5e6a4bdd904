"""Gradient parity: every differentiable op's backward against central differences in float64.

The checker (`check_gradients`) draws float64 inputs, computes ``L = sum(f(*xs) * w)`` for a fixed
random weight ``w`` (so the upstream gradient is not all ones), runs ``L.backward()`` and compares
each input's ``.grad`` with ``(L(x + h e_i) - L(x - h e_i)) / 2h`` for every element i, with
h = 1e-6. Tolerance: |analytic - numeric| <= ATOL + RTOL * |numeric| with RTOL = 1e-5 and
ATOL = 1e-6 (central differences in float64 have error ~h^2 f''' + eps/h ~ 1e-10 for these smooth
functions, so the margin is wide while a wrong formula is off by O(1)). Inputs include broadcast
shapes and strided views (a transposed view marked requires_grad). Run with ``-s`` to see the
per-op report of max abs and max rel error.
"""

from __future__ import annotations

from typing import Callable, Dict, Iterator, List, Sequence, Tuple

import numpy as np
import pytest

import tenflowers as tfs

RTOL = 1e-5
ATOL = 1e-6
H = 1e-6

REPORT: Dict[str, Tuple[float, float]] = {}


def check_gradients(
    name: str, fn: Callable[..., tfs.Tensor], arrays: Sequence[np.ndarray], views: bool = False
) -> Tuple[float, float]:
    """Checks d sum(fn(*xs) * w) / d xs against central differences; returns (max abs err,
    max rel err) and records them in REPORT under `name`. With `views`, 2-D+ inputs are passed as
    transposed (non-contiguous) views."""
    arrays = [np.asarray(a, dtype=np.float64) for a in arrays]

    def make(a: np.ndarray) -> tfs.Tensor:
        if views and a.ndim >= 2:
            return tfs.asarray(np.ascontiguousarray(a.T)).T
        return tfs.asarray(a)

    xs = [make(a).requires_grad_() for a in arrays]
    out = fn(*xs)
    rng = np.random.default_rng(len(name))
    w = rng.uniform(0.5, 1.5, size=out.shape)
    loss = (out * tfs.asarray(w)).sum()
    loss.backward()

    def value(vals: List[np.ndarray]) -> float:
        with tfs.no_grad():
            o = fn(*[tfs.asarray(v) for v in vals]).numpy()
        return float(np.sum(o * w))

    max_abs = max_rel = 0.0
    for k, a in enumerate(arrays):
        g = xs[k].grad
        assert g is not None, f"{name}: no gradient for input {k}"
        analytic = g.numpy()
        assert analytic.shape == a.shape, (name, k, analytic.shape, a.shape)
        numeric = np.zeros_like(a)
        for i in np.ndindex(a.shape):
            plus = [v.copy() for v in arrays]
            minus = [v.copy() for v in arrays]
            plus[k][i] += H
            minus[k][i] -= H
            numeric[i] = (value(plus) - value(minus)) / (2 * H)
        err = np.abs(analytic - numeric)
        if err.size:
            max_abs = max(max_abs, float(err.max()))
            max_rel = max(max_rel, float((err / np.maximum(np.abs(numeric), 1e-12)).max()))
        np.testing.assert_allclose(analytic, numeric, rtol=RTOL, atol=ATOL, err_msg=f"{name}: input {k}")
    prev = REPORT.get(name, (0.0, 0.0))
    REPORT[name] = (max(prev[0], max_abs), max(prev[1], max_rel))
    return max_abs, max_rel


@pytest.fixture(scope="module", autouse=True)
def _report() -> Iterator[None]:
    yield
    print("\ngradient parity report (max abs err, max rel err):")
    for name, (a, r) in sorted(REPORT.items()):
        print(f"  {name:28s} {a:.2e} {r:.2e}")


R = np.random.default_rng(0)


def u(*shape: int, lo: float = -2.0, hi: float = 2.0) -> np.ndarray:
    return R.uniform(lo, hi, size=shape)


def pos(*shape: int) -> np.ndarray:
    return R.uniform(0.5, 2.0, size=shape)


def away0(*shape: int) -> np.ndarray:
    """Values with |x| in [0.3, 2]: away from kinks at 0."""
    out: np.ndarray = R.uniform(0.3, 2.0, size=shape) * R.choice([-1.0, 1.0], size=shape)
    return out


T = tfs.Tensor
W32 = tfs.asarray(u(3, 2))
CASES: List[Tuple[str, Callable[..., T], List[np.ndarray]]] = [
    ("add", lambda a, b: a + b, [u(3, 4), u(4)]),
    ("add_bcast", lambda a, b: a + b, [u(2, 1, 3), u(4, 1)]),
    ("sub", lambda a, b: a - b, [u(3, 1), u(1, 4)]),
    ("mul", lambda a, b: a * b, [u(2, 3, 4), u(3, 1)]),
    ("div", lambda a, b: a / b, [u(3, 4), away0(4)]),
    ("scalar_ops", lambda a: (2.0 * a - 1.0) / 3.0 + a * a, [u(5)]),
    ("negative", lambda a: -a, [u(2, 3)]),
    ("exp", tfs.exp, [u(2, 3)]),
    ("log", tfs.log, [pos(2, 3)]),
    ("sqrt", tfs.sqrt, [pos(2, 3)]),
    ("pow", tfs.pow, [pos(2, 3), u(3)]),
    ("pow_scalar", lambda a: a**3.0, [u(4)]),
    ("tanh", tfs.tanh, [u(2, 3)]),
    ("sigmoid", tfs.sigmoid, [u(2, 3)]),
    ("relu", tfs.relu, [away0(2, 3)]),
    ("softmax", lambda a: tfs.softmax(a, axis=-1), [u(3, 4)]),
    ("softmax_axis0", lambda a: tfs.softmax(a, axis=0), [u(3, 4)]),
    ("log_softmax", lambda a: tfs.log_softmax(a, axis=1), [u(3, 4)]),
    ("where", lambda a, b: tfs.where(tfs.asarray(np.array([True, False, True])), a, b), [u(2, 3), u(2, 1)]),
    ("clip", lambda a: tfs.clip(a, -0.5, 0.7), [np.array([-1.5, -0.2, 0.1, 0.4, 1.3, -0.9])]),
    ("clip_tensor_bounds", lambda a, lo, hi: tfs.clip(a, lo, hi), [np.array([[-1.5, 0.1], [0.4, 1.3]]), np.array([-1.0, 0.0]), np.array([1.0, 0.2])]),
    ("maximum", tfs.maximum, [np.array([1.0, -2.0, 0.5]), np.array([[0.0], [3.0]])]),
    ("minimum", tfs.minimum, [np.array([1.0, -2.0, 0.5]), np.array([[0.0], [3.0]])]),
    ("sum_all", lambda a: a.sum(), [u(2, 3)]),
    ("sum_axis", lambda a: a.sum(axis=1), [u(2, 3, 4)]),
    ("sum_keepdims", lambda a: a.sum(axis=(0, 2), keepdims=True), [u(2, 3, 4)]),
    ("mean", lambda a: tfs.mean(a, axis=0), [u(3, 4)]),
    ("mean_keepdims", lambda a: tfs.mean(a, axis=(0, 1), keepdims=True), [u(3, 4)]),
    ("max_reduce", lambda a: tfs.max(a, axis=1), [u(3, 4)]),
    ("min_reduce_keepdims", lambda a: tfs.min(a, axis=0, keepdims=True), [u(3, 4)]),
    ("max_all", lambda a: tfs.max(a), [u(3, 4)]),
    ("var", lambda a: tfs.var(a, axis=1, correction=1.0), [u(3, 4)]),
    ("std", lambda a: tfs.std(a, axis=0), [u(3, 4)]),
    ("logsumexp", lambda a: tfs.logsumexp(a, axis=1), [u(3, 4)]),
    ("matmul_2d", lambda a, b: a @ b, [u(2, 3), u(3, 4)]),
    ("matmul_vec_vec", lambda a, b: a @ b, [u(3), u(3)]),
    ("matmul_mat_vec", lambda a, b: a @ b, [u(2, 3), u(3)]),
    ("matmul_vec_mat", lambda a, b: a @ b, [u(3), u(3, 4)]),
    ("matmul_batch", lambda a, b: a @ b, [u(5, 2, 3), u(3, 4)]),
    ("matmul_batch_bcast", lambda a, b: a @ b, [u(2, 1, 2, 3), u(3, 3, 2)]),
    ("matmul_batch_vec", lambda a, b: a @ b, [u(2, 2, 3), u(3)]),
    ("reshape", lambda a: a.reshape(3, 2) * W32, [u(2, 3)]),
    ("transpose", lambda a: a.T * W32, [u(2, 3)]),
    ("permute_dims", lambda a: tfs.permute_dims(a, (2, 0, 1)), [u(2, 3, 4)]),
    ("getitem_slice", lambda a: a[1:, ::2], [u(3, 5)]),
    ("getitem_int_newaxis", lambda a: a[None, 1, ..., -1], [u(3, 4, 2)]),
    ("getitem_neg_step", lambda a: a[::-2], [u(5)]),
    ("expand_dims", lambda a: tfs.expand_dims(a, axis=1), [u(2, 3)]),
    ("squeeze", lambda a: tfs.squeeze(a, axis=1), [u(2, 1, 3)]),
    ("broadcast_to", lambda a: tfs.broadcast_to(a, (4, 2, 3)), [u(2, 1)]),
    ("concat", lambda a, b: tfs.concat([a, b], axis=1), [u(2, 3), u(2, 2)]),
    ("concat_flat", lambda a, b: tfs.concat([a, b], axis=None), [u(2, 3), u(4)]),
    ("stack", lambda a, b: tfs.stack([a, b], axis=1), [u(2, 3), u(2, 3)]),
    ("flip", lambda a: tfs.flip(a, axis=0), [u(3, 2)]),
    ("swapaxes", lambda a: tfs.swapaxes(a, 0, 2), [u(2, 3, 4)]),
    ("moveaxis", lambda a: tfs.moveaxis(a, 0, -1), [u(2, 3, 4)]),
    ("abs", tfs.abs, [away0(2, 3)]),
    ("square", tfs.square, [u(2, 3)]),
    ("sin", tfs.sin, [u(2, 3)]),
    ("cos", tfs.cos, [u(2, 3)]),
    ("tan", tfs.tan, [u(2, 3, lo=-1.0, hi=1.0)]),
    ("asin", tfs.asin, [u(5, lo=-0.8, hi=0.8)]),
    ("acos", tfs.acos, [u(5, lo=-0.8, hi=0.8)]),
    ("atan", tfs.atan, [u(5)]),
    ("sinh", tfs.sinh, [u(5)]),
    ("cosh", tfs.cosh, [u(5)]),
    ("asinh", tfs.asinh, [u(5)]),
    ("acosh", tfs.acosh, [u(5, lo=1.2, hi=3.0)]),
    ("atanh", tfs.atanh, [u(5, lo=-0.8, hi=0.8)]),
    ("expm1", tfs.expm1, [u(5)]),
    ("log1p", tfs.log1p, [pos(5)]),
    ("log2", tfs.log2, [pos(5)]),
    ("log10", tfs.log10, [pos(5)]),
    ("reciprocal", tfs.reciprocal, [away0(5)]),
    ("silu", tfs.silu, [u(5)]),
    ("softplus", tfs.softplus, [u(5)]),
    ("erf", tfs.erf, [u(5)]),
    ("gelu", tfs.gelu, [u(5)]),
    ("leaky_relu", lambda a: tfs.leaky_relu(a, 0.1), [away0(5)]),
    ("elu", lambda a: tfs.elu(a, 1.5), [away0(5)]),
    ("atan2", tfs.atan2, [away0(5), away0(5)]),
    ("hypot", tfs.hypot, [away0(5), away0(5)]),
    ("logaddexp", tfs.logaddexp, [u(5), u(2, 1)]),
    ("astype_roundtrip", lambda a: a.astype(tfs.float32).astype(tfs.float64) * 0 + a, [u(3)]),
    ("split", lambda a: tfs.split(a, [1, 3], axis=1)[1] * 2.0 + tfs.split(a, [1, 3], axis=1)[2].sum(), [u(2, 4)]),
    ("array_split", lambda a: tfs.concat([p * float(i + 1) for i, p in enumerate(tfs.array_split(a, 3, axis=0))], axis=0), [u(5, 2)]),
    ("unstack", lambda a: tfs.unstack(a, axis=1)[0] * tfs.unstack(a, axis=1)[2], [u(2, 3)]),
    ("broadcast_arrays", lambda a, b: tfs.broadcast_arrays(a, b)[0] * tfs.broadcast_arrays(a, b)[1], [u(3, 1), u(4)]),
    ("vecdot", lambda a, b: tfs.vecdot(a, b, axis=-1), [u(2, 3), u(3)]),
    ("outer", tfs.outer, [u(3), u(2, 2)]),
    ("cumulative_sum", lambda a: tfs.cumulative_sum(a, axis=1), [u(2, 4)]),
    ("cumulative_sum_initial", lambda a: tfs.cumulative_sum(a, axis=0, include_initial=True), [u(3, 2)]),
    ("cumulative_sum_1d", lambda a: tfs.cumulative_sum(a), [u(5)]),
    ("gather", lambda a: tfs.gather(a, 1, tfs.asarray(np.array([[0, 0, 2], [1, 2, 1]]))), [u(2, 3)]),
    ("scatter_add", lambda a, b: tfs.scatter_add(a, 0, tfs.asarray(np.array([[1, 0, 1]])), b), [u(2, 3), u(1, 3)]),
    ("roll", lambda a: tfs.roll(a, (1, -2), axis=(0, 1)), [u(3, 4)]),
    ("getitem_int_array_repeats", lambda a: a[[0, 2, 0]], [u(3, 2)]),
    ("getitem_mixed_advanced", lambda a: a[1:, [1, 1, 0]], [u(3, 4)]),
    ("getitem_bool_mask", lambda a: a[tfs.asarray(np.array([[True, False, True], [False, True, True]]))], [u(2, 3)]),
    ("getitem_2d_index", lambda a: a[tfs.asarray(np.array([[0, 1], [1, 1]])), 2], [u(2, 3)]),
    ("mlp", lambda x, w, b: tfs.log_softmax(tfs.tanh(x @ w + b), axis=-1), [u(4, 3), u(3, 5), u(5)]),
]


@pytest.mark.parametrize("name,fn,arrays", CASES, ids=[c[0] for c in CASES])
def test_gradient_parity(name: str, fn: Callable[..., T], arrays: List[np.ndarray]) -> None:
    check_gradients(name, fn, arrays)


VIEW_CASES = [c for c in CASES if any(a.ndim >= 2 for a in c[2])]


@pytest.mark.parametrize("name,fn,arrays", VIEW_CASES, ids=[c[0] for c in VIEW_CASES])
def test_gradient_parity_view_inputs(name: str, fn: Callable[..., T], arrays: List[np.ndarray]) -> None:
    check_gradients(name + "[view]", fn, arrays, views=True)


def test_float32_inputs_get_float32_grads() -> None:
    a = tfs.asarray(np.array([1.0, 2.0], dtype=np.float32)).requires_grad_()
    b = tfs.asarray(np.array([3.0, 4.0])).requires_grad_()
    (a * b).sum().backward()
    assert a.grad is not None and a.grad.dtype == tfs.float32
    np.testing.assert_allclose(a.grad.numpy(), [3.0, 4.0])


def test_max_ties_share_gradient_evenly() -> None:
    # As PyTorch's amax: ties split the gradient evenly; maximum() ties give 0.5 to each side.
    x = tfs.asarray([1.0, 3.0, 3.0, 2.0]).requires_grad_()
    tfs.max(x).backward()
    assert x.grad is not None
    np.testing.assert_allclose(x.grad.numpy(), [0.0, 0.5, 0.5, 0.0])
    a = tfs.asarray([1.0, 2.0]).requires_grad_()
    b = tfs.asarray([1.0, 1.0]).requires_grad_()
    tfs.maximum(a, b).sum().backward()
    assert a.grad is not None and b.grad is not None
    np.testing.assert_allclose(a.grad.numpy(), [0.5, 1.0])
    np.testing.assert_allclose(b.grad.numpy(), [0.5, 0.0])


M23 = tfs.asarray(u(2, 3))
SECOND_ORDER: List[Tuple[str, Callable[[T], T], np.ndarray]] = [
    ("exp", tfs.exp, u(3)),
    ("log", tfs.log, pos(3)),
    ("sqrt", tfs.sqrt, pos(3)),
    ("tanh", tfs.tanh, u(3)),
    ("sigmoid", tfs.sigmoid, u(3)),
    ("sin", tfs.sin, u(3)),
    ("pow", lambda a: a**2.5, pos(3)),
    ("div", lambda a: 1.0 / (a + 3.0), u(3)),
    ("softmax", lambda a: tfs.softmax(a * a, axis=0), u(3)),
    ("log_softmax", lambda a: tfs.log_softmax(a * a, axis=0), u(3)),
    ("matmul", lambda a: tfs.tanh(M23 @ a), u(3)),
    ("max_mean", lambda a: tfs.max(a * a) + tfs.mean(a * a * a), u(3)),
    ("advanced_index", lambda a: a[[0, 2, 0]] ** 3.0, u(3)),
    ("cumsum_gather", lambda a: tfs.cumulative_sum(a * a) * tfs.gather(a, 0, tfs.asarray([2, 0, 1])), u(3)),
    ("getitem_concat", lambda a: tfs.concat([a[1:] * a[:-1], a], axis=0) ** 2.0, u(3)),
]


@pytest.mark.parametrize("name,fn,x", SECOND_ORDER, ids=[c[0] for c in SECOND_ORDER])
def test_second_order_parity(name: str, fn: Callable[[T], T], x: np.ndarray) -> None:
    """The Hessian (via create_graph) against central differences of the analytic gradient.
    Tolerance as above (the gradient is exact to rounding, so the differences are as accurate)."""
    w = tfs.asarray(np.random.default_rng(1).uniform(0.5, 1.5, size=fn(tfs.asarray(x)).shape))

    def f(t: T) -> T:
        return (fn(t) * w).sum()

    h = tfs.autograd.hessian(f, tfs.asarray(x)).numpy()

    def gradient(v: np.ndarray) -> np.ndarray:
        t = tfs.asarray(v).requires_grad_()
        (g,) = tfs.autograd.grad(f(t), t)
        assert g is not None
        out: np.ndarray = g.numpy()
        return out

    numeric = np.zeros((x.size, x.size))
    for i in range(x.size):
        e = np.zeros_like(x)
        e[i] = H
        numeric[:, i] = (gradient(x + e) - gradient(x - e)) / (2 * H)
    np.testing.assert_allclose(h, numeric, rtol=RTOL, atol=ATOL, err_msg=name)
    err = float(np.abs(h - numeric).max())
    REPORT["d2:" + name] = (err, float((np.abs(h - numeric) / np.maximum(np.abs(numeric), 1e-12)).max()))
