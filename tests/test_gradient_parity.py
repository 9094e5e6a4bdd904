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

from typing import Any, Callable, Dict, Iterator, List, Sequence, Tuple

import numpy as np
import pytest

import optable
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
    if TORCH_STATS["ran"]:
        print(f"\ntorch comparisons: {TORCH_STATS['passed']} passed of {TORCH_STATS['ran']} run")
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
    # prod: the gradient uses exclusive products (no division), so zeros are exact; prod is
    # linear in each single element, so central differences are exact there too.
    ("prod_all", lambda a: tfs.prod(a), [u(2, 3)]),
    ("prod_axis", lambda a: tfs.prod(a, axis=1), [u(3, 4)]),
    ("prod_axes_keepdims", lambda a: tfs.prod(a, axis=(0, 2), keepdims=True), [u(2, 3, 4)]),
    ("prod_method_axis0", lambda a: a.prod(axis=0), [u(5, 3)]),
    ("prod_zeros", lambda a: tfs.prod(a, axis=1), [np.array([[1.5, 0.0, -2.0, 0.7], [0.0, 1.2, 0.0, 0.9], [0.8, -1.1, 1.3, 0.6]])]),
    ("prod_zero_all", lambda a: tfs.prod(a), [np.array([[1.5, 0.0, -2.0], [1.1, 1.2, 0.5]])]),
    ("prod_two_zeros_all", lambda a: tfs.prod(a), [np.array([0.0, 1.2, 0.0, 0.9])]),
    ("prod_long", lambda a: tfs.prod(a, axis=-1), [pos(2, 37)]),
    # sort/topk: distinct values here (ties: see test_sort_topk_ties).
    ("sort_last", lambda a: tfs.sort(a), [u(3, 4)]),
    ("sort_axis0_desc", lambda a: tfs.sort(a, axis=0, descending=True), [u(4, 3)]),
    ("sort_1d", lambda a: tfs.sort(a * a), [u(6)]),
    ("topk_last", lambda a: tfs.topk(a, 2)[0], [u(3, 5)]),
    ("topk_axis0_smallest", lambda a: tfs.topk(a, 3, axis=0, largest=False)[0], [u(4, 2)]),
    ("tensordot_2", lambda a, b: tfs.tensordot(a, b, axes=2), [u(2, 3, 4), u(3, 4, 5)]),
    ("tensordot_pairs", lambda a, b: tfs.tensordot(a, b, axes=([0, 2], [2, 0])), [u(3, 2, 4), u(4, 5, 3)]),
    ("tensordot_0", lambda a, b: tfs.tensordot(a, b, axes=0), [u(2, 3), u(2)]),
    ("einsum_matmul", lambda a, b: tfs.einsum("ij,jk->ik", a, b), [u(2, 3), u(3, 4)]),
    ("einsum_batch", lambda a, b: tfs.einsum("bij,bjk->bik", a, b), [u(2, 2, 3), u(2, 3, 2)]),
    ("einsum_diag", lambda a: tfs.einsum("ii->i", a), [u(3, 3)]),
    ("einsum_trace", lambda a: tfs.einsum("ii", a), [u(3, 3)]),
    ("einsum_diag_3", lambda a: tfs.einsum("iji->ij", a), [u(2, 3, 2)]),
    ("einsum_transpose_sum", lambda a: tfs.einsum("ijk->ki", a), [u(2, 3, 4)]),
    ("einsum_outer", lambda a, b: tfs.einsum("i,j->ij", a, b), [u(3), u(2)]),
    ("einsum_dot_all", lambda a, b: tfs.einsum("ij,ij->", a, b), [u(2, 3), u(2, 3)]),
    ("einsum_three", lambda a, b, c: tfs.einsum("ij,jk,kl->il", a, b, c), [u(2, 3), u(3, 2), u(2, 2)]),
    ("einsum_bcast", lambda a, b: tfs.einsum("ij,ij->ij", a, b), [u(2, 1), u(2, 3)]),
    ("einsum_implicit", lambda a, b: tfs.einsum("ij,jk", a, b), [u(3, 2), u(2, 2)]),
    ("tile_2d", lambda a: tfs.tile(a, (2, 3)), [u(2, 3)]),
    ("tile_more_reps", lambda a: tfs.tile(a, (2, 1, 2)), [u(3)]),
    ("tile_fewer_reps", lambda a: tfs.tile(a, (2,)), [u(2, 3)]),
    ("repeat_axis", lambda a: tfs.repeat(a, 2, axis=1), [u(2, 3)]),
    ("repeat_counts", lambda a: tfs.repeat(a, [1, 0, 3], axis=0), [u(3, 2)]),
    ("repeat_flat", lambda a: tfs.repeat(a, 2), [u(2, 2)]),
    ("pad_constant", lambda a: tfs.pad(a, ((1, 2), (2, 1)), constant_values=0.5), [u(3, 4)]),
    ("pad_edge", lambda a: tfs.pad(a, ((1, 2), (2, 1)), mode="edge"), [u(3, 4)]),
    ("pad_reflect", lambda a: tfs.pad(a, ((1, 2), (2, 1)), mode="reflect"), [u(3, 4)]),
    ("pad_constant_wide", lambda a: tfs.pad(a, ((4, 5), (0, 3))), [u(3, 2)]),
    ("pad_reflect_wide2", lambda a: tfs.pad(a, ((4, 5), (0, 3)), mode="reflect"), [u(3, 2)]),
    ("pad_symmetric", lambda a: tfs.pad(a, ((2, 3), (1, 0)), mode="symmetric"), [u(3, 4)]),
    ("pad_wrap", lambda a: tfs.pad(a, ((2, 5), (1, 1)), mode="wrap"), [u(3, 4)]),
    ("pad_1d_int_width", lambda a: tfs.pad(a, 2, mode="reflect"), [u(4)]),
    ("take_axis", lambda a: tfs.take(a, [0, 2, 0, -1], axis=1), [u(2, 3)]),
    ("take_flat", lambda a: tfs.take(a, tfs.asarray(np.array([[1, 5], [5, 0]]))), [u(2, 3)]),
    ("take_along_axis", lambda a: tfs.take_along_axis(a, tfs.asarray(np.array([[0, 3], [2, 2], [1, 0]])), axis=1), [u(3, 4)]),
    ("take_along_axis0", lambda a: tfs.take_along_axis(a, tfs.asarray(np.array([[1, 0, 1, 1]])), axis=0), [u(2, 4)]),
    ("take_along_axis_bcast", lambda a: tfs.take_along_axis(a, tfs.asarray(np.array([[0, 3], [2, 2], [1, 1]])), axis=1), [u(1, 4)]),
    ("take_along_axis_flat", lambda a: tfs.take_along_axis(a, tfs.asarray(np.array([5, 0, 5])), axis=None), [u(2, 3)]),
    ("mish", tfs.mish, [u(2, 3, lo=-3.0, hi=3.0)]),
    ("gelu_tanh", lambda a: tfs.gelu(a, approximate="tanh"), [u(2, 3, lo=-3.0, hi=3.0)]),
    ("selu", tfs.selu, [away0(2, 3)]),
    ("copysign", tfs.copysign, [away0(2, 3), away0(3)]),
    ("copysign_bcast_first", tfs.copysign, [away0(3), away0(2, 3)]),
    ("tril", lambda a: tfs.tril(a, k=-1), [u(2, 3, 4)]),
    ("triu", lambda a: tfs.triu(a, k=1), [u(4, 3)]),
    ("scatter_add_small_index", lambda a, b: tfs.scatter_add(a, 0, tfs.asarray(np.array([[1, 0]])), b), [u(2, 3), u(2, 3)]),
    # The op table's remaining differentiable ops. Piecewise-constant ones are checked between
    # their jumps (uniform values are never within h of an integer or a multiple of b).
    ("positive", tfs.positive, [u(2, 3)]),
    ("sign", lambda a: tfs.sign(a) * a, [away0(2, 3)]),
    ("floor", lambda a: tfs.floor(a) + a, [u(2, 3)]),
    ("ceil", lambda a: tfs.ceil(a) * a, [u(2, 3)]),
    ("round", lambda a: tfs.round(a) + a * a, [u(2, 3)]),
    ("trunc", lambda a: tfs.trunc(a) * a, [u(2, 3)]),
    ("floor_divide", lambda a, b: tfs.floor_divide(a, b) + a * b, [u(2, 3), away0(3)]),
    ("remainder", tfs.remainder, [u(2, 3), away0(3)]),
]

# Differentiable ops of the op table without a case above get one from their table row, so a new
# op is gradient-checked with no edit here.
_TABLE_CASES = {
    op.name: op for op in optable.OPS if op.grad and op.python and not ({op.name, *op.aliases} & {c[0] for c in CASES})
}
_DRAW = {"u": u, "pos": pos, "away0": away0}
for _op in _TABLE_CASES.values():
    CASES.append((_op.name, getattr(tfs, _op.name), [_DRAW[_op.grad_inputs](2, 3) for _ in range(2 if _op.family == "binary" else 1)]))


def _torch_cases() -> Dict[str, Callable[..., Any]]:
    """The same cases written with torch (float64), keyed by case name. Built lazily: only called
    when torch is importable."""
    import importlib

    tt: Any = importlib.import_module("torch")
    tn: Any = tt
    nn: Any = tt.nn.functional
    W = tt.tensor(W32.numpy())

    def idx(v: Any) -> Any:
        return tt.tensor(np.asarray(v), dtype=tt.int64)

    def np_pad(a: Any, widths: Any, mode: str, value: float = 0.0) -> Any:
        # numpy.pad via torch ops: index arithmetic per dim, as the forward kernel.
        out = a
        for d, (b, e) in enumerate(widths):
            n = a.shape[d]
            j = np.arange(n + b + e) - b
            if mode == "constant":
                out = tt.cat([tt.full_like(out.narrow(d, 0, 1).expand(*[b if k == d else s for k, s in enumerate(out.shape)]), value),
                              out,
                              tt.full_like(out.narrow(d, 0, 1).expand(*[e if k == d else s for k, s in enumerate(out.shape)]), value)], dim=d)
                continue
            if mode == "edge":
                m = np.clip(j, 0, n - 1)
            elif mode == "wrap":
                m = np.mod(j, n)
            elif mode == "reflect":
                p = 2 * (n - 1)
                m = np.mod(j, p) if n > 1 else np.zeros_like(j)
                m = np.where(m < n, m, p - m)
            else:
                m = np.mod(j, 2 * n)
                m = np.where(m < n, m, 2 * n - 1 - m)
            out = tt.index_select(out, d, idx(m))
        return out

    def take_along(a: Any, i: Any, axis: int) -> Any:
        shape = list(np.broadcast_shapes(tuple(s if k != axis else 1 for k, s in enumerate(a.shape)),
                                         tuple(s if k != axis else 1 for k, s in enumerate(i.shape))))
        sa = list(shape)
        sa[axis] = a.shape[axis]
        si = list(shape)
        si[axis] = i.shape[axis]
        return tt.gather(a.expand(*sa), axis, i.expand(*si))

    mask = tt.tensor(np.array([[True, False, True], [False, True, True]]))
    return {
        "add": lambda a, b: a + b,
        "add_bcast": lambda a, b: a + b,
        "sub": lambda a, b: a - b,
        "mul": lambda a, b: a * b,
        "div": lambda a, b: a / b,
        "scalar_ops": lambda a: (2.0 * a - 1.0) / 3.0 + a * a,
        "negative": lambda a: -a,
        "exp": tn.exp, "log": tn.log, "sqrt": tn.sqrt, "pow": tn.pow,
        "pow_scalar": lambda a: a**3.0,
        "tanh": tn.tanh, "sigmoid": tn.sigmoid, "relu": tn.relu,
        "softmax": lambda a: tt.softmax(a, -1),
        "softmax_axis0": lambda a: tt.softmax(a, 0),
        "log_softmax": lambda a: tt.log_softmax(a, 1),
        "where": lambda a, b: tt.where(tt.tensor([True, False, True]), a, b),
        "clip": lambda a: tt.clamp(a, -0.5, 0.7),
        "clip_tensor_bounds": lambda a, lo, hi: tt.clamp(a, lo, hi),
        "maximum": tn.maximum, "minimum": tn.minimum,
        "sum_all": lambda a: a.sum(),
        "sum_axis": lambda a: a.sum(1),
        "sum_keepdims": lambda a: a.sum((0, 2), keepdim=True),
        "mean": lambda a: a.mean(0),
        "mean_keepdims": lambda a: a.mean((0, 1), keepdim=True),
        "max_reduce": lambda a: tt.amax(a, 1),
        "min_reduce_keepdims": lambda a: tt.amin(a, 0, keepdim=True),
        "max_all": lambda a: tt.amax(a),
        "var": lambda a: tt.var(a, 1, correction=1),
        "std": lambda a: tt.std(a, 0, correction=0),
        "logsumexp": lambda a: tt.logsumexp(a, 1),
        "matmul_2d": tn.matmul, "matmul_vec_vec": tn.matmul, "matmul_mat_vec": tn.matmul,
        "matmul_vec_mat": tn.matmul, "matmul_batch": tn.matmul, "matmul_batch_bcast": tn.matmul,
        "matmul_batch_vec": tn.matmul,
        "reshape": lambda a: a.reshape(3, 2) * W,
        "transpose": lambda a: a.T * W,
        "permute_dims": lambda a: a.permute(2, 0, 1),
        "getitem_slice": lambda a: a[1:, ::2],
        "getitem_int_newaxis": lambda a: a[None, 1, ..., -1],
        "getitem_neg_step": lambda a: tt.flip(a, (0,))[::2],
        "expand_dims": lambda a: a.unsqueeze(1),
        "squeeze": lambda a: a.squeeze(1),
        "broadcast_to": lambda a: a.expand(4, 2, 3),
        "concat": lambda a, b: tt.cat([a, b], 1),
        "concat_flat": lambda a, b: tt.cat([a.reshape(-1), b.reshape(-1)]),
        "stack": lambda a, b: tt.stack([a, b], 1),
        "flip": lambda a: tt.flip(a, (0,)),
        "swapaxes": lambda a: a.transpose(0, 2),
        "moveaxis": lambda a: tt.movedim(a, 0, -1),
        "abs": tn.abs, "square": tn.square, "sin": tn.sin, "cos": tn.cos, "tan": tn.tan,
        "asin": tn.asin, "acos": tn.acos, "atan": tn.atan, "sinh": tn.sinh, "cosh": tn.cosh,
        "asinh": tn.asinh, "acosh": tn.acosh, "atanh": tn.atanh, "expm1": tn.expm1, "log1p": tn.log1p,
        "log2": tn.log2, "log10": tn.log10, "reciprocal": tn.reciprocal,
        "silu": nn.silu, "softplus": nn.softplus, "erf": tn.erf, "gelu": nn.gelu,
        "leaky_relu": lambda a: nn.leaky_relu(a, 0.1),
        "elu": lambda a: nn.elu(a, 1.5),
        "atan2": tn.atan2, "hypot": tn.hypot, "logaddexp": tn.logaddexp,
        "astype_roundtrip": lambda a: a.float().double() * 0 + a,
        "split": lambda a: a[:, 1:3] * 2.0 + a[:, 3:].sum(),
        "array_split": lambda a: tt.cat([p * float(i + 1) for i, p in enumerate(tt.tensor_split(a, 3, 0))], 0),
        "unstack": lambda a: a[:, 0] * a[:, 2],
        "broadcast_arrays": lambda a, b: tt.broadcast_tensors(a, b)[0] * tt.broadcast_tensors(a, b)[1],
        "vecdot": lambda a, b: (a * b).sum(-1),
        "outer": lambda a, b: tt.outer(a.reshape(-1), b.reshape(-1)),
        "cumulative_sum": lambda a: tt.cumsum(a, 1),
        "cumulative_sum_initial": lambda a: tt.cat([tt.zeros_like(a[:1]), tt.cumsum(a, 0)], 0),
        "cumulative_sum_1d": lambda a: tt.cumsum(a, 0),
        "gather": lambda a: tt.gather(a, 1, idx([[0, 0, 2], [1, 2, 1]])),
        "scatter_add": lambda a, b: tt.scatter_add(a, 0, idx([[1, 0, 1]]), b),
        "roll": lambda a: tt.roll(a, (1, -2), (0, 1)),
        "getitem_int_array_repeats": lambda a: a[[0, 2, 0]],
        "getitem_mixed_advanced": lambda a: a[1:, [1, 1, 0]],
        "getitem_bool_mask": lambda a: a[mask],
        "getitem_2d_index": lambda a: a[idx([[0, 1], [1, 1]]), 2],
        "mlp": lambda x, w, b: tt.log_softmax(tt.tanh(x @ w + b), -1),
        "prod_all": lambda a: tt.prod(a),
        "prod_axis": lambda a: tt.prod(a, 1),
        "prod_axes_keepdims": lambda a: tt.prod(tt.prod(a, 2, keepdim=True), 0, keepdim=True),
        "prod_method_axis0": lambda a: a.prod(0),
        "prod_zeros": lambda a: tt.prod(a, 1),
        "prod_zero_all": lambda a: tt.prod(a),
        "prod_two_zeros_all": lambda a: tt.prod(a),
        "prod_long": lambda a: tt.prod(a, -1),
        "sort_last": lambda a: tt.sort(a, dim=-1, stable=True)[0],
        "sort_axis0_desc": lambda a: tt.sort(a, dim=0, descending=True, stable=True)[0],
        "sort_1d": lambda a: tt.sort(a * a, stable=True)[0],
        "topk_last": lambda a: tt.topk(a, 2)[0],
        "topk_axis0_smallest": lambda a: tt.topk(a, 3, 0, largest=False)[0],
        "tensordot_2": lambda a, b: tt.tensordot(a, b, 2),
        "tensordot_pairs": lambda a, b: tt.tensordot(a, b, ([0, 2], [2, 0])),
        "tensordot_0": lambda a, b: tt.tensordot(a, b, 0),
        "einsum_matmul": lambda a, b: tt.einsum("ij,jk->ik", a, b),
        "einsum_batch": lambda a, b: tt.einsum("bij,bjk->bik", a, b),
        "einsum_diag": lambda a: tt.einsum("ii->i", a),
        "einsum_trace": lambda a: tt.einsum("ii", a),
        "einsum_diag_3": lambda a: tt.einsum("iji->ij", a),
        "einsum_transpose_sum": lambda a: tt.einsum("ijk->ki", a),
        "einsum_outer": lambda a, b: tt.einsum("i,j->ij", a, b),
        "einsum_dot_all": lambda a, b: tt.einsum("ij,ij->", a, b),
        "einsum_three": lambda a, b, c: tt.einsum("ij,jk,kl->il", a, b, c),
        "einsum_bcast": lambda a, b: tt.einsum("ij,ij->ij", a, b),
        "einsum_implicit": lambda a, b: tt.einsum("ij,jk", a, b),
        "tile_2d": lambda a: tt.tile(a, (2, 3)),
        "tile_more_reps": lambda a: tt.tile(a, (2, 1, 2)),
        "tile_fewer_reps": lambda a: tt.tile(a, (2,)),
        "repeat_axis": lambda a: tt.repeat_interleave(a, 2, 1),
        "repeat_counts": lambda a: tt.repeat_interleave(a, idx([1, 0, 3]), 0),
        "repeat_flat": lambda a: tt.repeat_interleave(a.reshape(-1), 2),
        "pad_constant": lambda a: np_pad(a, ((1, 2), (2, 1)), "constant", 0.5),
        "pad_edge": lambda a: np_pad(a, ((1, 2), (2, 1)), "edge"),
        "pad_reflect": lambda a: np_pad(a, ((1, 2), (2, 1)), "reflect"),
        "pad_constant_wide": lambda a: np_pad(a, ((4, 5), (0, 3)), "constant"),
        "pad_reflect_wide2": lambda a: np_pad(a, ((4, 5), (0, 3)), "reflect"),
        "pad_symmetric": lambda a: np_pad(a, ((2, 3), (1, 0)), "symmetric"),
        "pad_wrap": lambda a: np_pad(a, ((2, 5), (1, 1)), "wrap"),
        "pad_1d_int_width": lambda a: nn.pad(a[None, None], (2, 2), mode="reflect")[0, 0],
        "take_axis": lambda a: a[:, [0, 2, 0, -1]],
        "take_flat": lambda a: a.reshape(-1)[idx([[1, 5], [5, 0]])],
        "take_along_axis": lambda a: take_along(a, idx([[0, 3], [2, 2], [1, 0]]), 1),
        "take_along_axis0": lambda a: take_along(a, idx([[1, 0, 1, 1]]), 0),
        "take_along_axis_bcast": lambda a: take_along(a, idx([[0, 3], [2, 2], [1, 1]]), 1),
        "take_along_axis_flat": lambda a: a.reshape(-1)[idx([5, 0, 5])],
        "mish": nn.mish,
        "gelu_tanh": lambda a: nn.gelu(a, approximate="tanh"),
        "selu": nn.selu,
        "copysign": tn.copysign,
        "copysign_bcast_first": tn.copysign,
        # torch's backward refuses an index smaller than src; only src[:1, :2] is read.
        "tril": lambda a: tt.tril(a, -1),
        "triu": lambda a: tt.triu(a, 1),
        "scatter_add_small_index": lambda a, b: tt.scatter_add(a, 0, idx([[1, 0]]), b[:1, :2]),
        "positive": tt.positive,
        "sign": lambda a: tt.sign(a) * a,
        "floor": lambda a: tt.floor(a) + a,
        "ceil": lambda a: tt.ceil(a) * a,
        "round": lambda a: tt.round(a) + a * a,
        "trunc": lambda a: tt.trunc(a) * a,
        "floor_divide": lambda a, b: tt.floor_divide(a, b) + a * b,
        "remainder": tt.remainder,
        **{name: getattr(tt, name) for name in _TABLE_CASES},
    }


TORCH_STATS = {"ran": 0, "passed": 0}


@pytest.mark.parametrize("name,fn,arrays", CASES, ids=[c[0] for c in CASES])
def test_torch_parity(name: str, fn: Callable[..., T], arrays: List[np.ndarray]) -> None:
    """The same case against torch.autograd (float64) when torch is importable: values and every
    input's gradient for the same weighted loss. Both are analytic, so they agree to rounding
    (rtol 1e-9); different summation orders are the only difference."""
    tt: Any = pytest.importorskip("torch")
    cases = _torch_cases()
    assert name in cases, f"no torch version of case {name}"
    xs = [tfs.asarray(np.asarray(a, dtype=np.float64)).requires_grad_() for a in arrays]
    out = fn(*xs)
    w = np.random.default_rng(len(name)).uniform(0.5, 1.5, size=out.shape)
    (out * tfs.asarray(w)).sum().backward()
    ts = [tt.tensor(np.asarray(a, dtype=np.float64), requires_grad=True) for a in arrays]
    tout = cases[name](*ts)
    TORCH_STATS["ran"] += 1
    np.testing.assert_allclose(out.detach().numpy(), tout.detach().numpy(), rtol=1e-9, atol=1e-12, err_msg=name)
    (tout * tt.tensor(w)).sum().backward()
    for k, (x, t) in enumerate(zip(xs, ts)):
        g = x.grad
        assert g is not None and t.grad is not None, (name, k)
        np.testing.assert_allclose(g.numpy(), t.grad.numpy(), rtol=1e-9, atol=1e-12, err_msg=f"{name}: input {k}")
    TORCH_STATS["passed"] += 1


def test_torch_ties_for_sort_topk_max() -> None:
    """Ties, compared with torch: stable sort hands tied elements the positions in input order;
    max over axes splits the gradient evenly (amax). (torch.topk's choice among ties is not
    specified, so topk ties are only checked against the stated rule below.)"""
    tt: Any = pytest.importorskip("torch")
    v = np.array([[1.0, 3.0, 3.0, 2.0, 3.0], [0.5, 0.5, 0.5, 0.5, 0.5]])
    w = np.arange(1.0, 11.0).reshape(2, 5)
    pairs: List[Tuple[Callable[[T], T], Callable[[Any], Any]]] = [
        (lambda a: tfs.sort(a), lambda a: tt.sort(a, dim=-1, stable=True)[0]),
        (lambda a: tfs.sort(a, descending=True), lambda a: tt.sort(a, dim=-1, descending=True, stable=True)[0]),
        (lambda a: tfs.max(a, axis=1, keepdims=True), lambda a: tt.amax(a, 1, keepdim=True)),
    ]
    for f, tf_ in pairs:
        x = tfs.asarray(v).requires_grad_()
        y = f(x)
        (y * tfs.asarray(w[:, : y.shape[1]])).sum().backward()
        t = tt.tensor(v, requires_grad=True)
        (tf_(t) * tt.tensor(w[:, : y.shape[1]])).sum().backward()
        assert x.grad is not None
        np.testing.assert_allclose(x.grad.numpy(), t.grad.numpy())


def test_sort_topk_ties() -> None:
    """The tie rule (stated): each output position's gradient goes to the element the stable sort
    put there, so tied elements get the positions' gradients in input order; topk's indices say
    which tied element was taken (the lower position first)."""
    x = tfs.asarray([1.0, 3.0, 3.0, 2.0]).requires_grad_()
    (tfs.sort(x) * tfs.asarray([1.0, 2.0, 3.0, 4.0])).sum().backward()
    assert x.grad is not None
    np.testing.assert_allclose(x.grad.numpy(), [1.0, 3.0, 4.0, 2.0])
    x = tfs.asarray([3.0, 1.0, 3.0]).requires_grad_()
    values, indices = tfs.topk(x, 1)
    values.sum().backward()
    assert x.grad is not None and indices.numpy().tolist() == [0]
    np.testing.assert_allclose(x.grad.numpy(), [1.0, 0.0, 0.0])


def test_prod_gradient_with_zeros_exact() -> None:
    """One zero: only its position gets a gradient (the product of the others); two zeros: all
    zero. Exact (no division), also for products that underflow without the zeros."""
    x = tfs.asarray([2.0, 0.0, 3.0, 0.5]).requires_grad_()
    tfs.prod(x).backward()
    assert x.grad is not None
    np.testing.assert_array_equal(x.grad.numpy(), [0.0, 3.0, 0.0, 0.0])
    x = tfs.asarray([2.0, 0.0, 3.0, 0.0]).requires_grad_()
    tfs.prod(x).backward()
    assert x.grad is not None
    np.testing.assert_array_equal(x.grad.numpy(), [0.0, 0.0, 0.0, 0.0])
    big = np.full(40, 1e-10)
    x = tfs.asarray(big).requires_grad_()
    tfs.prod(x).backward()  # the product underflows to 0, the exclusive products do too
    assert x.grad is not None
    np.testing.assert_array_equal(x.grad.numpy(), np.zeros(40))
    x = tfs.asarray(np.array([1e200, 1e200, 0.0])).requires_grad_()
    tfs.prod(x).backward()  # prod/x would give inf * 0 = nan at the zero
    assert x.grad is not None
    np.testing.assert_array_equal(x.grad.numpy(), [0.0, 0.0, np.inf])


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
    ("prod", lambda a: tfs.prod(a * a + a), u(3)),
    ("prod_zero", lambda a: tfs.prod(a), np.array([0.0, 1.3, -0.7, 0.4])),
    ("prod_two_zeros", lambda a: tfs.prod(a), np.array([0.0, 1.3, 0.0, 0.4])),
    ("sort", lambda a: tfs.sort(a * a) ** 3.0, u(3)),
    ("topk", lambda a: tfs.topk(a * a, 2)[0] ** 3.0, u(4)),
    ("einsum", lambda a: tfs.einsum("i,j->ij", a, a * a), u(3)),
    ("einsum_diag", lambda a: tfs.einsum("ii->i", tfs.einsum("i,j->ij", a, a)) ** 2.0, u(3)),
    ("tensordot", lambda a: tfs.tanh(tfs.tensordot(M23, a * a, axes=1)), u(3)),
    ("tile_pad", lambda a: tfs.pad(tfs.tile(a, (2,)), (1, 2), mode="reflect") ** 3.0, u(3)),
    ("repeat_take", lambda a: tfs.take(tfs.repeat(a, [2, 1, 0]) ** 3.0, [0, 2, 1]), u(3)),
    ("take_along_axis", lambda a: tfs.take_along_axis(a * a, tfs.asarray([2, 2, 0]), axis=0) * a, u(3)),
    ("mish", tfs.mish, u(3)),
    ("gelu_tanh", lambda a: tfs.gelu(a, approximate="tanh"), u(3)),
    ("selu", tfs.selu, away0(3)),
    ("copysign", lambda a: tfs.copysign(a * a, a - 0.1) * a, away0(3)),
    ("tril", lambda a: tfs.tril(tfs.einsum("i,j->ij", a, a * a)) ** 2.0, u(3)),
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


def test_every_table_op_is_checked_or_not_differentiable() -> None:
    """Every differentiable op of the op table (tools/optable.py) has a case above (under its
    name or an alias); every other one gives a result that does not require grad."""
    names = {c[0] for c in CASES}
    missing = [op.name for op in optable.OPS if op.grad and not ({op.name, *op.aliases} & names)]
    assert not missing, f"differentiable ops without a gradient case: {missing}"
    x = tfs.asarray(u(2, 3)).requires_grad_()
    for op in optable.OPS:
        if op.grad or not op.python:
            continue
        fn = getattr(tfs, op.name)
        try:
            out = fn(x) if op.family != "binary" else fn(x, x)
        except tfs.DtypeError:
            continue  # bitwise ops refuse floats
        assert not out.requires_grad, op.name
