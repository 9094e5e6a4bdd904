"""Every public op that takes tensors, fed non-contiguous and broadcast (stride-0) views.

For each op of the table ``OPS`` below, each dtype it supports (of float32, float64, int32 and
bool; the rules are those of docs/c-api.md) and each kind of view in ``KINDS``:

- transposed: ``tfs.permute_dims`` of a contiguous tensor (reversed dims; for 1-D inputs, a row
  of a transposed matrix, stride 3);
- flipped: ``tfs.flip`` over every dim (negative strides);
- stepped: ``t[::2, ::2]`` of a larger tensor;
- broadcast: ``tfs.broadcast_to`` of the first row (stride 0 on dim 0);
- broadcast_inner: ``tfs.broadcast_to`` of the first column (stride 0 on the last dim);

the op on the views must give bitwise the same result (dtype, shape and bits; NaN matches NaN)
as the same op on contiguous copies of the same values (``t.copy()``), also with only one
operand a view, and it must agree with NumPy where NumPy has a direct equivalent. Tolerances
for the NumPy comparison (never for view against copy):

- "exact": NaN-aware equality (0.0 == -0.0): IEEE-exact operations, selection, shape ops,
  comparisons, integer arithmetic;
- "ulp": transcendental functions, implemented differently by NumPy and by Rust's libm:
  relative and absolute 2e-6 for float32, 1e-13 for float64;
- "sum": reductions and products whose summation order legitimately differs from NumPy's
  (the library sums floats pairwise in its own blocking, NumPy pairwise in 8-wide blocks):
  relative 1e-5 (float32) or 1e-12 (float64), absolute that times the largest magnitude.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any, Callable, List, Optional, Sequence, Tuple

import numpy as np
import numpy.typing as npt
import pytest

import optable
import tenflowers as tfs
from tenflowers._core import ffi

Arr = npt.NDArray[Any]
Fn = Callable[..., Any]

F32, F64, I32, BOOL = "float32", "float64", "int32", "bool"
ALL = (F32, F64, I32, BOOL)
NUM = (F32, F64, I32)
INTB = (I32, BOOL)
FLOATS = (F32, F64)

KINDS = ("transposed", "flipped", "stepped", "broadcast", "broadcast_inner")


@dataclass(frozen=True)
class In:
    """One tensor input: its shape, how its values are made, and a fixed dtype (else the
    case's dtype)."""

    shape: Tuple[int, ...] = (4, 6)
    kind: str = "data"
    dtype: Optional[str] = None


X = In()
Y = In(kind="other")


@dataclass(frozen=True)
class Op:
    """An op under test: `fn` maps tensors to a tensor (or a sequence of them), `ref` maps
    NumPy arrays to the expected array(s), or is None when NumPy has no direct equivalent."""

    name: str
    fn: Fn
    ref: Optional[Fn]
    dtypes: Tuple[str, ...]
    inputs: Tuple[In, ...] = (X,)
    tol: str = "exact"


# -- input values ----------------------------------------------------------------------------


def values(spec: In, dtype: str, seed: int) -> Arr:
    """Deterministic values of `spec.shape` for `spec.kind`. Floats of kind "data" hold NaN,
    +inf, -inf and both signed zeros at fixed positions (row 0 holds NaN and -0.0 next to 0.0,
    so the broadcast kinds see them too)."""
    dt = spec.dtype or dtype
    shape = spec.shape
    n = int(np.prod(shape))
    rng = np.random.default_rng(seed)
    if spec.kind == "index":
        return rng.integers(0, 4, size=shape).astype(dt)
    if dt == BOOL or spec.kind == "cond":
        return (rng.random(n) < 0.5).reshape(shape).astype(dt)
    if dt == I32:
        lo, hi = {"data": (-20, 21), "zeros_neg": (-1, 1), "zeros_pos": (0, 2), "other": (-5, 6), "nonneg": (0, 6), "small": (-3, 4),
                  "lo": (-10, 1), "hi": (0, 11), "finite": (-20, 21)}[spec.kind]
        return rng.integers(lo, hi, size=shape).astype(dt)
    if spec.kind in ("zeros_neg", "zeros_pos"):
        # Signed zeros tied for the maximum (minimum): which one wins must not depend on layout.
        other = -1.0 if spec.kind == "zeros_neg" else 1.0
        return rng.choice(np.array([-0.0, 0.0, other], dtype=dt), size=shape)
    lo_f, hi_f = {"data": (-3.0, 3.0), "other": (-3.0, 3.0), "nonneg": (0.0, 3.0),
                  "small": (-1.5, 1.5), "lo": (-2.0, 0.0), "hi": (0.0, 2.0),
                  "finite": (-3.0, 3.0)}[spec.kind]
    flat = rng.uniform(lo_f, hi_f, size=n).astype(dt)
    if spec.kind in ("data", "other") and n >= 14:
        flat[1] = np.nan
        flat[2] = -0.0
        flat[3] = 0.0
        flat[8] = np.inf
        flat[13] = -np.inf
        if spec.kind == "other":
            flat[4] = 0.0
    return flat.reshape(shape)


def make_view(kind: str, arr: Arr) -> Tuple[Arr, tfs.Tensor]:
    """(values, a non-contiguous tensor view holding them). The broadcast kinds replace the
    values by the broadcast of the first row (or column) of `arr`."""
    nd = arr.ndim
    if kind == "transposed":
        if nd == 1:
            m = np.zeros((arr.shape[0], 3), dtype=arr.dtype)
            m[:, 0] = arr
            return arr, tfs.asarray(m).T[0]
        rev = tuple(range(nd))[::-1]
        return arr, tfs.permute_dims(tfs.asarray(np.ascontiguousarray(arr.transpose(rev))), rev)
    if kind == "flipped":
        return arr, tfs.flip(tfs.asarray(np.ascontiguousarray(np.flip(arr))))
    if kind == "stepped":
        big = np.ones(tuple(2 * d for d in arr.shape), dtype=arr.dtype)
        sl = tuple(slice(None, None, 2) for _ in arr.shape)
        big[sl] = arr
        return arr, tfs.asarray(big)[sl]
    if kind == "broadcast" or nd == 1:
        part = arr[:1]
    else:
        part = arr[..., :1]
    vals = np.ascontiguousarray(np.broadcast_to(part, arr.shape))
    return vals, tfs.broadcast_to(tfs.asarray(np.ascontiguousarray(part)), arr.shape)


# -- comparisons -----------------------------------------------------------------------------


def as_list(r: Any) -> List[tfs.Tensor]:
    if isinstance(r, tfs.Tensor):
        return [r]
    return list(r)


def assert_bitwise(got: Arr, want: Arr, what: str) -> None:
    """Same dtype, shape and bits; any NaN matches any NaN."""
    assert got.dtype == want.dtype, f"{what}: dtype {got.dtype} != {want.dtype}"
    assert got.shape == want.shape, f"{what}: shape {got.shape} != {want.shape}"
    if got.dtype.kind == "f":
        gn, wn = np.isnan(got), np.isnan(want)
        assert np.array_equal(gn, wn), f"{what}: NaN positions differ\n{got}\n{want}"
        ubits = np.dtype(f"u{got.dtype.itemsize}")
        gb = np.where(gn, 0, got.view(ubits))
        wb = np.where(wn, 0, want.view(ubits))
        bad = np.flatnonzero(gb != wb)
        assert bad.size == 0, (
            f"{what}: {bad.size} elements differ, first at flat index {bad[0]}: "
            f"{got.reshape(-1)[bad[0]]!r} != {want.reshape(-1)[bad[0]]!r}\n{got}\n{want}"
        )
    else:
        assert np.array_equal(got, want), f"{what}: values differ\n{got}\n{want}"


def assert_numpy(got: Arr, ref: Arr, tol: str, what: str) -> None:
    """`got` against NumPy's `ref` (cast to `got`'s dtype: the dtype rules are tested
    elsewhere), with the tolerance class `tol` (see the module docstring)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = np.asarray(ref).astype(got.dtype)
    assert got.shape == want.shape, f"{what}: shape {got.shape} != NumPy {want.shape}"
    if tol == "exact" or got.dtype.kind != "f":
        np.testing.assert_array_equal(got, want, err_msg=what)
        return
    if tol == "ulp":
        r = 2e-6 if got.dtype == np.float32 else 1e-13
        np.testing.assert_allclose(got, want, rtol=r, atol=r, err_msg=what)
        return
    r = 1e-5 if got.dtype == np.float32 else 1e-12
    finite = np.abs(want[np.isfinite(want)])
    scale = float(finite.max()) if finite.size else 1.0
    np.testing.assert_allclose(got, want, rtol=r, atol=r * max(scale, 1.0), err_msg=what)


# -- the op table ----------------------------------------------------------------------------


def _np(f: Fn) -> Fn:
    """A NumPy reference that ignores floating-point warnings."""

    def g(*a: Arr) -> Any:
        with np.errstate(all="ignore"):
            return f(*a)

    return g


def _float_in(f: Fn) -> Fn:
    """NumPy's `f` on integer inputs converted to float64 first (the library's floating-point
    ops compute int32 in float64; NumPy's reciprocal would divide integers)."""
    return _np(lambda x: f(x if x.dtype.kind == "f" else x.astype(np.float64)))


def _ident_int(f: Fn) -> Fn:
    """Rounding ops: integer and bool inputs unchanged (NumPy would return floats)."""
    return _np(lambda x: x if x.dtype.kind in "biu" else f(x))


UNARY: List[Tuple[str, Fn, Optional[Fn], Tuple[str, ...], str]] = [
    ("negative", tfs.negative, _np(np.negative), NUM, "exact"),
    ("positive", tfs.positive, _np(np.positive), NUM, "exact"),
    ("abs", tfs.abs, _np(np.abs), ALL, "exact"),
    ("sign", tfs.sign, _np(np.sign), NUM, "exact"),
    ("square", tfs.square, _np(np.square), ALL, "exact"),
    ("exp", tfs.exp, _np(np.exp), NUM, "ulp"),
    ("expm1", tfs.expm1, _np(np.expm1), NUM, "ulp"),
    ("log", tfs.log, _np(np.log), NUM, "ulp"),
    ("log1p", tfs.log1p, _np(np.log1p), NUM, "ulp"),
    ("log2", tfs.log2, _np(np.log2), NUM, "ulp"),
    ("log10", tfs.log10, _np(np.log10), NUM, "ulp"),
    ("sqrt", tfs.sqrt, _np(np.sqrt), NUM, "exact"),
    ("reciprocal", tfs.reciprocal, _float_in(np.reciprocal), NUM, "exact"),
    ("sin", tfs.sin, _np(np.sin), NUM, "ulp"),
    ("cos", tfs.cos, _np(np.cos), NUM, "ulp"),
    ("tan", tfs.tan, _np(np.tan), NUM, "ulp"),
    ("asin", tfs.asin, _np(np.arcsin), NUM, "ulp"),
    ("acos", tfs.acos, _np(np.arccos), NUM, "ulp"),
    ("atan", tfs.atan, _np(np.arctan), NUM, "ulp"),
    ("sinh", tfs.sinh, _np(np.sinh), NUM, "ulp"),
    ("cosh", tfs.cosh, _np(np.cosh), NUM, "ulp"),
    ("tanh", tfs.tanh, _np(np.tanh), NUM, "ulp"),
    ("asinh", tfs.asinh, _np(np.arcsinh), NUM, "ulp"),
    ("acosh", tfs.acosh, _np(np.arccosh), NUM, "ulp"),
    ("atanh", tfs.atanh, _np(np.arctanh), NUM, "ulp"),
    ("floor", tfs.floor, _ident_int(np.floor), ALL, "exact"),
    ("ceil", tfs.ceil, _ident_int(np.ceil), ALL, "exact"),
    ("round", tfs.round, _ident_int(np.round), ALL, "exact"),
    ("trunc", tfs.trunc, _ident_int(np.trunc), ALL, "exact"),
    ("isnan", tfs.isnan, _np(np.isnan), ALL, "exact"),
    ("isinf", tfs.isinf, _np(np.isinf), ALL, "exact"),
    ("isfinite", tfs.isfinite, _np(np.isfinite), ALL, "exact"),
    ("logical_not", tfs.logical_not, _np(np.logical_not), ALL, "exact"),
    ("bitwise_invert", tfs.bitwise_invert, _np(np.invert), INTB, "exact"),
    ("relu", tfs.relu, _np(lambda x: np.maximum(x, x.dtype.type(0))), NUM, "exact"),
    # Activations without a direct NumPy equivalent: view against copy only.
    ("sigmoid", tfs.sigmoid, None, NUM, "exact"),
    ("silu", tfs.silu, None, NUM, "exact"),
    ("mish", tfs.mish, None, NUM, "exact"),
    ("softplus", tfs.softplus, None, NUM, "exact"),
    ("selu", tfs.selu, None, NUM, "exact"),
    ("erf", tfs.erf, None, NUM, "exact"),
    ("gelu", tfs.gelu, None, NUM, "exact"),
    ("gelu_tanh", lambda x: tfs.gelu(x, approximate="tanh"), None, NUM, "exact"),
    ("leaky_relu", lambda x: tfs.leaky_relu(x, 0.1), None, NUM, "exact"),
    ("elu", lambda x: tfs.elu(x, 0.7), None, NUM, "exact"),
    ("softmax_last", lambda x: tfs.softmax(x, axis=-1), None, NUM, "exact"),
    ("softmax_0", lambda x: tfs.softmax(x, axis=0), None, NUM, "exact"),
    ("log_softmax_last", lambda x: tfs.log_softmax(x, axis=-1), None, NUM, "exact"),
    ("log_softmax_0", lambda x: tfs.log_softmax(x, axis=0), None, NUM, "exact"),
]

BINARY: List[Tuple[str, Fn, Optional[Fn], Tuple[str, ...], str, str]] = [
    # (name, op, NumPy, dtypes, tolerance, kind of the second operand's values)
    ("add", tfs.add, _np(np.add), ALL, "exact", "other"),
    ("subtract", tfs.subtract, _np(np.subtract), NUM, "exact", "other"),
    ("multiply", tfs.multiply, _np(np.multiply), ALL, "exact", "other"),
    ("divide", tfs.divide, _np(lambda a, b: np.divide(
        a.astype(np.float64) if a.dtype.kind != "f" else a,
        b.astype(np.float64) if b.dtype.kind != "f" else b)), ALL, "exact", "other"),
    ("floor_divide", tfs.floor_divide, _np(np.floor_divide), ALL, "exact", "other"),
    ("remainder", tfs.remainder, _np(np.remainder), ALL, "exact", "other"),
    ("pow", tfs.pow, _np(np.power), ALL, "ulp", "nonneg"),
    ("maximum", tfs.maximum, _np(np.maximum), ALL, "exact", "other"),
    ("minimum", tfs.minimum, _np(np.minimum), ALL, "exact", "other"),
    ("atan2", tfs.atan2, _np(np.arctan2), NUM, "ulp", "other"),
    ("hypot", tfs.hypot, _np(np.hypot), NUM, "ulp", "other"),
    ("copysign", tfs.copysign, _np(np.copysign), NUM, "exact", "other"),
    ("logaddexp", tfs.logaddexp, _np(np.logaddexp), NUM, "ulp", "other"),
    ("logical_and", tfs.logical_and, _np(np.logical_and), ALL, "exact", "other"),
    ("logical_or", tfs.logical_or, _np(np.logical_or), ALL, "exact", "other"),
    ("logical_xor", tfs.logical_xor, _np(np.logical_xor), ALL, "exact", "other"),
    ("bitwise_and", tfs.bitwise_and, _np(np.bitwise_and), INTB, "exact", "other"),
    ("bitwise_or", tfs.bitwise_or, _np(np.bitwise_or), INTB, "exact", "other"),
    ("bitwise_xor", tfs.bitwise_xor, _np(np.bitwise_xor), INTB, "exact", "other"),
    ("bitwise_left_shift", tfs.bitwise_left_shift, _np(np.left_shift), INTB, "exact", "nonneg"),
    ("bitwise_right_shift", tfs.bitwise_right_shift, _np(np.right_shift), INTB, "exact", "nonneg"),
    ("equal", tfs.equal, _np(np.equal), ALL, "exact", "other"),
    ("not_equal", tfs.not_equal, _np(np.not_equal), ALL, "exact", "other"),
    ("less", tfs.less, _np(np.less), ALL, "exact", "other"),
    ("less_equal", tfs.less_equal, _np(np.less_equal), ALL, "exact", "other"),
    ("greater", tfs.greater, _np(np.greater), ALL, "exact", "other"),
    ("greater_equal", tfs.greater_equal, _np(np.greater_equal), ALL, "exact", "other"),
]

AXES: List[Tuple[str, Any]] = [("all", None), ("0", 0), ("1", 1), ("01k", (0, 1))]


def _reductions() -> List[Op]:
    ops: List[Op] = []
    for label, axis in AXES:
        keep = label == "01k"
        npax = axis

        def red(f: Fn, ax: Any = axis, kd: bool = keep, **kw: Any) -> Fn:
            return lambda x: f(x, axis=ax, keepdims=kd, **kw)

        def nred(f: Fn, ax: Any = npax, kd: bool = keep, **kw: Any) -> Fn:
            return _np(lambda x: f(x, axis=ax, keepdims=kd, **kw))

        ops += [
            Op(f"sum[{label}]", red(tfs.sum), nred(np.sum), ALL, tol="sum"),
            Op(f"prod[{label}]", red(tfs.prod), nred(np.prod), ALL, (In(kind="small"),), tol="sum"),
            Op(f"mean[{label}]", red(tfs.mean), nred(np.mean), ALL, tol="sum"),
            Op(f"var[{label}]", red(tfs.var, correction=1.0), nred(np.var, ddof=1), ALL, tol="sum"),
            Op(f"std[{label}]", red(tfs.std), nred(np.std), ALL, tol="sum"),
            Op(f"max[{label}]", red(tfs.max), nred(np.max), ALL),
            Op(f"min[{label}]", red(tfs.min), nred(np.min), ALL),
            Op(f"all[{label}]", red(tfs.all), nred(np.all), ALL),
            Op(f"any[{label}]", red(tfs.any), nred(np.any), ALL),
            Op(f"logsumexp[{label}]", red(tfs.logsumexp), nred(np.logaddexp.reduce) if axis != (0, 1)
               else None, NUM, tol="sum"),
        ]
        if not isinstance(axis, tuple):
            ops += [
                Op(f"argmax[{label}]", red(tfs.argmax), nred(np.argmax), ALL),
                Op(f"argmin[{label}]", red(tfs.argmin), nred(np.argmin), ALL),
            ]
    for label, axis in AXES:
        # Ties between 0.0 and -0.0 (NumPy: the later one in row-major order wins).
        zn, zp = (In(kind="zeros_neg"),), (In(kind="zeros_pos"),)
        kd = label == "01k"
        ops += [
            Op(f"max[{label},zeros]", lambda x, a=axis, k=kd: tfs.max(x, axis=a, keepdims=k),
               _np(lambda x, a=axis, k=kd: np.max(x, axis=a, keepdims=k)), NUM, zn),
            Op(f"min[{label},zeros]", lambda x, a=axis, k=kd: tfs.min(x, axis=a, keepdims=k),
               _np(lambda x, a=axis, k=kd: np.min(x, axis=a, keepdims=k)), NUM, zp),
        ]
        if not isinstance(axis, tuple):
            ops += [
                Op(f"argmax[{label},zeros]", lambda x, a=axis: tfs.argmax(x, axis=a),
                   _np(lambda x, a=axis: np.argmax(x, axis=a)), NUM, zn),
                Op(f"argmin[{label},zeros]", lambda x, a=axis: tfs.argmin(x, axis=a),
                   _np(lambda x, a=axis: np.argmin(x, axis=a)), NUM, zp),
            ]
    for ax in (-1, 0):
        ops.append(Op(f"sort[{ax},zeros]", lambda x, a=ax: tfs.sort(x, axis=a),
                      _np(lambda x, a=ax: np.sort(x, axis=a, kind="stable")), NUM, (In(kind="zeros_neg"),)))
    for ax in (0, 1):
        ops.append(Op(f"cumulative_sum[{ax}]", lambda x, a=ax: tfs.cumulative_sum(x, axis=a),
                      _np(lambda x, a=ax: np.cumsum(x, axis=a)), ALL, tol="sum"))
    ops.append(Op("cumulative_sum[1,initial]",
                  lambda x: tfs.cumulative_sum(x, axis=1, include_initial=True),
                  _np(lambda x: np.concatenate([np.zeros_like(np.cumsum(x[:, :1], axis=1)),
                                                np.cumsum(x, axis=1)], axis=1)), ALL, tol="sum"))
    for ax in (-1, 0):
        ops += [
            Op(f"sort[{ax}]", lambda x, a=ax: tfs.sort(x, axis=a),
               _np(lambda x, a=ax: np.sort(x, axis=a, kind="stable")), ALL),
            Op(f"argsort[{ax}]", lambda x, a=ax: tfs.argsort(x, axis=a),
               _np(lambda x, a=ax: np.argsort(x, axis=a, kind="stable")), ALL),
            Op(f"sort[{ax},desc]", lambda x, a=ax: tfs.sort(x, axis=a, descending=True), None, ALL),
            Op(f"argsort[{ax},desc]", lambda x, a=ax: tfs.argsort(x, axis=a, descending=True), None, ALL),
        ]
    ops.append(Op("topk[3]", lambda x: tfs.topk(x, 3), None, NUM))
    return ops


def _linalg() -> List[Op]:
    fin = In(kind="finite")
    return [
        Op("matmul", tfs.matmul, _np(np.matmul), NUM, (fin, In((6, 3), "finite")), tol="sum"),
        Op("matmul_batched", tfs.matmul, _np(np.matmul), NUM,
           (In((2, 4, 6), "finite"), In((6, 3), "finite")), tol="sum"),
        Op("matvec", tfs.matmul, _np(np.matmul), NUM, (fin, In((6,), "finite")), tol="sum"),
        Op("tensordot[1]", lambda a, b: tfs.tensordot(a, b, axes=1),
           _np(lambda a, b: np.tensordot(a, b, axes=1)), NUM, (fin, In((6, 3), "finite")), tol="sum"),
        Op("tensordot[01]", lambda a, b: tfs.tensordot(a, b, axes=([0, 1], [1, 0])),
           _np(lambda a, b: np.tensordot(a, b, axes=([0, 1], [1, 0]))), NUM,
           (fin, In((6, 4), "finite")), tol="sum"),
        Op("vecdot", tfs.vecdot, _np(lambda a, b: np.sum(a * b, axis=-1)), NUM, (fin, fin), tol="sum"),
        Op("vecdot[0]", lambda a, b: tfs.vecdot(a, b, axis=0), _np(lambda a, b: np.sum(a * b, axis=0)),
           NUM, (fin, fin), tol="sum"),
        Op("outer", tfs.outer, _np(np.outer), ALL, (In((4,)), In((6,), "other"))),
        Op("einsum[ij,jk]", lambda a, b: tfs.einsum("ij,jk->ik", a, b), _np(np.matmul), NUM,
           (fin, In((6, 3), "finite")), tol="sum"),
        # Fused training ops (float only): weight [out, in], bias [out], integer class targets.
        Op("linear", lambda x, w, b: tfs.linear(x, w, b), _np(lambda x, w, b: x @ w.T + b), FLOATS,
           (fin, In((3, 6), "finite"), In((3,), "finite")), tol="sum"),
        Op("linear[relu]", lambda x, w, b: tfs.linear(x, w, b, "relu"),
           _np(lambda x, w, b: np.maximum(x @ w.T + b, 0)), FLOATS,
           (fin, In((3, 6), "finite"), In((3,), "finite")), tol="sum"),
        Op("cross_entropy", lambda x, t: tfs.cross_entropy(x, t, reduction="none"), _np(_ce_none), FLOATS,
           (fin, In((4,), "index", dtype=I32)), tol="ulp"),
    ]


def _ce_none(x: Arr, t: Arr) -> Arr:
    m = x.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(x - m).sum(axis=1))
    out: Arr = lse - x[np.arange(len(t)), t]
    return out


def _shape_ops() -> List[Op]:
    x, y = X, Y
    return [
        Op("reshape[3,8]", lambda t: tfs.reshape(t, (3, 8)), lambda a: a.reshape(3, 8), ALL),
        Op("reshape[-1]", lambda t: tfs.reshape(t, (-1,)), lambda a: a.reshape(-1), ALL),
        Op("reshape[2,2,6]", lambda t: t.reshape(2, 2, 6), lambda a: a.reshape(2, 2, 6), ALL),
        Op("permute_dims", lambda t: tfs.permute_dims(t, (1, 0)), lambda a: a.transpose(1, 0), ALL),
        Op("T", lambda t: t.T, lambda a: a.T, ALL),
        Op("flip[0]", lambda t: tfs.flip(t, axis=0), lambda a: np.flip(a, 0), ALL),
        Op("flip", tfs.flip, np.flip, ALL),
        Op("roll[2,1]", lambda t: tfs.roll(t, 2, axis=1), lambda a: np.roll(a, 2, axis=1), ALL),
        Op("roll[-5]", lambda t: tfs.roll(t, -5), lambda a: np.roll(a, -5), ALL),
        Op("roll[(1,-2),(0,1)]", lambda t: tfs.roll(t, (1, -2), axis=(0, 1)),
           lambda a: np.roll(a, (1, -2), axis=(0, 1)), ALL),
        Op("tile[2,1]", lambda t: tfs.tile(t, (2, 1)), lambda a: np.tile(a, (2, 1)), ALL),
        Op("tile[2,1,3]", lambda t: tfs.tile(t, (2, 1, 3)), lambda a: np.tile(a, (2, 1, 3)), ALL),
        Op("repeat[2,0]", lambda t: tfs.repeat(t, 2, axis=0), lambda a: np.repeat(a, 2, axis=0), ALL),
        Op("repeat[list,1]", lambda t: tfs.repeat(t, [1, 0, 2, 1, 3, 1], axis=1),
           lambda a: np.repeat(a, [1, 0, 2, 1, 3, 1], axis=1), ALL),
        Op("repeat[3]", lambda t: tfs.repeat(t, 3), lambda a: np.repeat(a, 3), ALL),
        Op("concat[0]", lambda a, b: tfs.concat([a, b], axis=0),
           lambda a, b: np.concatenate([a, b], axis=0), ALL, (x, y)),
        Op("concat[1]", lambda a, b: tfs.concat([a, b, a], axis=1),
           lambda a, b: np.concatenate([a, b, a], axis=1), ALL, (x, y)),
        Op("concat[None]", lambda a, b: tfs.concat([a, b], axis=None),
           lambda a, b: np.concatenate([a, b], axis=None), ALL, (x, y)),
        Op("stack[0]", lambda a, b: tfs.stack([a, b], axis=0), lambda a, b: np.stack([a, b], 0),
           ALL, (x, y)),
        Op("stack[2]", lambda a, b: tfs.stack([a, b], axis=2), lambda a, b: np.stack([a, b], 2),
           ALL, (x, y)),
        Op("squeeze[1]", lambda t: tfs.squeeze(t, axis=1), lambda a: np.squeeze(a, 1), ALL,
           (In((4, 1, 6)),)),
        Op("squeeze", lambda t: tfs.squeeze(t), np.squeeze, ALL, (In((4, 1, 6)),)),
        Op("expand_dims[1]", lambda t: tfs.expand_dims(t, axis=1), lambda a: np.expand_dims(a, 1), ALL),
        Op("expand_dims[-1]", lambda t: tfs.expand_dims(t, axis=-1), lambda a: np.expand_dims(a, -1),
           ALL),
        Op("take[0]", lambda t, i: tfs.take(t, i, axis=0), lambda a, i: np.take(a, i, axis=0), ALL,
           (x, In((5,), "index", "int64"))),
        Op("take[1]", lambda t, i: tfs.take(t, i, axis=1), lambda a, i: np.take(a, i, axis=1), ALL,
           (x, In((2, 3), "index", "int32"))),
        Op("take[None]", lambda t, i: tfs.take(t, i), lambda a, i: np.take(a, i), ALL,
           (x, In((4, 6), "index", "int64"))),
        Op("getitem[1:3,::-2]", lambda t: t[1:3, ::-2], lambda a: a[1:3, ::-2], ALL),
        Op("flatten", lambda t: t.flatten(), lambda a: a.reshape(-1), ALL),
        Op("contiguous", lambda t: t.contiguous(), lambda a: a, ALL),
        Op("astype[float64]", lambda t: t.astype(tfs.float64), lambda a: a.astype(np.float64), ALL),
        Op("astype[fn,int32]", lambda t: tfs.astype(t, tfs.int32), None, ALL),
        Op("asarray[copy]", lambda t: tfs.asarray(t, copy=True), lambda a: a, ALL),
        Op("asarray[float32]", lambda t: tfs.asarray(t, dtype=tfs.float32), lambda a: a.astype(np.float32), ALL),
        Op("transpose", tfs.transpose, np.transpose, ALL),
        Op("matrix_transpose", tfs.matrix_transpose, lambda a: np.swapaxes(a, -1, -2), ALL, (In((2, 4, 6)),)),
        Op("swapaxes[0,2]", lambda t: tfs.swapaxes(t, 0, 2), lambda a: np.swapaxes(a, 0, 2), ALL,
           (In((2, 4, 6)),)),
        Op("moveaxis[0,2]", lambda t: tfs.moveaxis(t, 0, 2), lambda a: np.moveaxis(a, 0, 2), ALL,
           (In((2, 4, 6)),)),
        Op("unsqueeze[0]", lambda t: tfs.unsqueeze(t, 0), lambda a: a[None], ALL),
        Op("flatten[fn]", tfs.flatten, lambda a: a.reshape(-1), ALL, (In((2, 4, 6)),)),
        Op("broadcast_to[3,4,6]", lambda t: tfs.broadcast_to(t, (3, 4, 6)),
           lambda a: np.broadcast_to(a, (3, 4, 6)), ALL),
        Op("broadcast_arrays", lambda a, b: tfs.broadcast_arrays(a, b),
           lambda a, b: np.broadcast_arrays(a, b), ALL, (X, In((6,), "other"))),
        Op("cat[1]", lambda a, b: tfs.cat([a, b], axis=1), lambda a, b: np.concatenate([a, b], 1),
           ALL, (x, y)),
        Op("split[3,1]", lambda t: tfs.split(t, 3, axis=1), lambda a: np.split(a, 3, axis=1), ALL),
        Op("split[list,0]", lambda t: tfs.split(t, [1, 3], axis=0), lambda a: np.split(a, [1, 3], axis=0),
           ALL),
        Op("array_split[4,1]", lambda t: tfs.array_split(t, 4, axis=1),
           lambda a: np.array_split(a, 4, axis=1), ALL),
        Op("unstack[1]", lambda t: tfs.unstack(t, axis=1), lambda a: [a[:, i] for i in range(a.shape[1])],
           ALL),
        Op("pad", lambda t: tfs.pad(t, ((1, 0), (2, 1))), lambda a: np.pad(a, ((1, 0), (2, 1))), ALL),
        Op("tril[1]", lambda t: tfs.tril(t, k=1), lambda a: np.tril(a, 1), ALL),
        Op("triu[-1]", lambda t: tfs.triu(t, k=-1), lambda a: np.triu(a, -1), ALL),
        Op("zeros_like", tfs.zeros_like, np.zeros_like, ALL),
        Op("ones_like", tfs.ones_like, np.ones_like, ALL),
        Op("full_like", lambda t: tfs.full_like(t, 1), lambda a: np.full_like(a, 1), ALL),
        Op("nonzero", tfs.nonzero, np.nonzero, ALL),
        Op("take_along_axis[1]", lambda t, i: tfs.take_along_axis(t, i, axis=1),
           lambda a, i: np.take_along_axis(a, i, axis=1), ALL, (x, In((4, 3), "index", "int64"))),
        Op("gather[1]", lambda t, i: tfs.gather(t, 1, i), lambda a, i: np.take_along_axis(a, i, axis=1),
           ALL, (x, In((4, 3), "index", "int64"))),
        Op("gather[0]", lambda t, i: tfs.gather(t, 0, i), lambda a, i: np.take_along_axis(a, i, axis=0),
           ALL, (x, In((3, 6), "index", "int64"))),
        Op("scatter_add[1]", lambda t, i, u: tfs.scatter_add(t, 1, i, u), _scatter_add_ref, NUM,
           (x, In((4, 3), "index", "int64"), In((4, 3), "other")), tol="sum"),
    ]


def _scatter_add_ref(a: Arr, idx: Arr, src: Arr) -> Arr:
    """``torch.scatter_add`` along dim 1, in row-major order of `src`."""
    out = a.copy()
    with np.errstate(all="ignore"):
        for i in range(idx.shape[0]):
            for j in range(idx.shape[1]):
                out[i, idx[i, j]] += src[i, j]
    return out


def _selection() -> List[Op]:
    cond = In(kind="cond", dtype=BOOL)
    return [
        Op("where", tfs.where, _np(np.where), ALL, (cond, X, Y)),
        Op("where[int cond]", tfs.where, _np(np.where), ALL, (In(kind="data", dtype=I32), X, Y)),
        Op("clip", lambda x, lo, hi: tfs.clip(x, lo, hi), _np(lambda x, lo, hi: np.minimum(np.maximum(x, lo), hi)),
           NUM, (X, In(kind="lo"), In(kind="hi"))),
        Op("clip[min]", lambda x, lo: tfs.clip(x, min=lo), _np(lambda x, lo: np.maximum(x, lo)), NUM,
           (X, In(kind="lo"))),
        Op("clip[max]", lambda x, hi: tfs.clip(x, max=hi), _np(lambda x, hi: np.minimum(x, hi)), NUM,
           (X, In(kind="hi"))),
    ]


def _table_ops() -> List[Op]:
    """The op table's functions without a row above (tools/optable.py): each on views against
    its contiguous copy, on the dtypes its rule accepts; a new table op is covered with no edit."""
    listed = {row[0] for row in UNARY} | {row[0] for row in BINARY}
    dtypes = {"same": ALL, "predicate": ALL, "bitwise": INTB, "shift": INTB, "compare": ALL, "logical": ALL}
    out: List[Op] = []
    for op in optable.OPS:
        if not op.python or op.name in listed:
            continue
        fn = getattr(tfs, op.name)
        args = (X, In(kind="other")) if op.family == "binary" else (X,)
        out.append(Op(op.name, fn, None, dtypes.get(op.rule, NUM), args))
    return out


OPS: List[Op] = (
    [Op(n, f, r, d, tol=t) for n, f, r, d, t in UNARY]
    + _table_ops()
    + [Op(n, f, r, d, (X, In(kind=k)), tol=t) for n, f, r, d, t, k in BINARY]
    + _selection()
    + _reductions()
    + _linalg()
    + _shape_ops()
)

CASES = [
    pytest.param(op, dt, kind, id=f"{op.name}-{dt}-{kind}")
    for op in OPS
    for dt in op.dtypes
    for kind in KINDS
]


# Public callables that take no tensor input, or whose result does not depend on the values of
# one (empty_like: unspecified contents), and the reason.
NOT_TENSOR_OPS = {
    "__array_namespace_info__": "no tensor input", "arange": "creation", "empty": "creation",
    "eye": "creation", "full": "creation", "linspace": "creation", "ones": "creation",
    "zeros": "creation", "rand": "random creation", "randn": "random creation",
    "randint": "random creation", "randperm": "random creation", "manual_seed": "seed",
    "initial_seed": "seed", "seed": "seed", "can_cast": "dtypes only",
    "finfo": "dtypes only", "iinfo": "dtypes only", "isdtype": "dtypes only",
    "result_type": "dtypes only", "get_default_device": "device", "set_default_device": "device",
    "get_include": "paths", "get_library": "paths", "set_grad_enabled": "grad mode",
    "is_grad_enabled": "grad mode",
    "memory_info": "runtime", "reset_peak_memory": "runtime", "empty_cache": "runtime",
    "set_memory_cache_limit": "runtime", "set_num_threads": "runtime", "get_num_threads": "runtime",
    "empty_like": "contents unspecified (the shape and dtype come from the same code as zeros_like)",
    "sgd_step_": "in-place optimizer update of parameters from their .grad",
    "save_file": "file I/O (tests/test_safetensors.py saves views as their values)",
    "save": "serialization (tests/test_safetensors.py saves views as their values)",
    "load_file": "file I/O, no tensor input", "load": "deserialization, no tensor input",
}
# Table names whose prefix is not the public name they exercise.
EXTRA_COVERS = {"gelu_tanh": "gelu", "softmax_last": "softmax", "softmax_0": "softmax",
                "log_softmax_last": "log_softmax", "log_softmax_0": "log_softmax",
                "matmul_batched": "matmul", "matvec": "matmul"}


def test_table_names_are_unique() -> None:
    names = [op.name for op in OPS]
    assert len(names) == len(set(names))


def test_every_public_tensor_op_is_in_the_table() -> None:
    """Every public function of tenflowers (aliases by identity) is in OPS or NOT_TENSOR_OPS."""
    covered = set()
    for op in OPS:
        base = op.name.split("[")[0]
        covered.add(EXTRA_COVERS.get(base, base))
    covered_objs = {id(getattr(tfs, n)) for n in covered if hasattr(tfs, n)}
    missing = []
    for name in tfs.__all__:
        obj = getattr(tfs, name)
        if not callable(obj) or isinstance(obj, type) or name in NOT_TENSOR_OPS:
            continue
        if name not in covered and id(obj) not in covered_objs:
            missing.append(name)
    assert not missing, f"public ops not exercised on views: {missing}"


def assert_same(g: Arr, w: Arr, op: Op, what: str) -> None:
    """A view's result equals the contiguous copy's bit for bit, except for float reductions
    (tol "sum"): those accumulate in memory order for locality, as NumPy's do, so the grouping
    of a float sum follows the layout and the last bits may differ; they get the "sum" tolerance."""
    if op.tol == "sum" and g.dtype.kind == "f":
        assert g.dtype == w.dtype, f"{what}: dtype {g.dtype} != {w.dtype}"
        assert_numpy(g, w, "sum", what)
    else:
        assert_bitwise(g, w, what)


def _run(op: Op, args: Sequence[tfs.Tensor]) -> List[Arr]:
    return [np.asarray(t) for t in as_list(op.fn(*args))]


@pytest.mark.parametrize("op, dtype, kind", CASES)
def test_view_matches_copy_and_numpy(op: Op, dtype: str, kind: str) -> None:
    arrays = [values(spec, dtype, seed) for seed, spec in enumerate(op.inputs)]
    pairs = [make_view(kind, a) for a in arrays]
    np_vals = [p[0] for p in pairs]
    views = [p[1] for p in pairs]
    copies = [v.copy() for v in views]
    for v, c, a in zip(views, copies, np_vals):
        # The views really are non-contiguous; the copies are contiguous and hold the values.
        assert not ffi.is_contiguous(v._h), (kind, ffi.strides(v._h))
        assert ffi.is_contiguous(c._h)
        assert_bitwise(np.asarray(c), a, "copy")
        assert_bitwise(np.asarray(v), a, "view")

    want = _run(op, copies)
    got = _run(op, views)
    assert len(got) == len(want)
    for i, (g, w) in enumerate(zip(got, want)):
        assert_same(g, w, op, f"{op.name} on {kind} views, output {i}")
    # Mixed: one operand a view, the others contiguous.
    if len(views) > 1:
        for j in range(len(views)):
            args = [views[k] if k == j else copies[k] for k in range(len(views))]
            for i, (g, w) in enumerate(zip(_run(op, args), want)):
                assert_same(g, w, op, f"{op.name} with operand {j} a {kind} view, output {i}")
    # The inputs are unchanged.
    for v, a in zip(views, np_vals):
        assert_bitwise(np.asarray(v), a, f"{op.name}: input after the op")
    if op.ref is not None:
        refs = op.ref(*np_vals)
        ref_list = [refs] if not isinstance(refs, (tuple, list)) else list(refs)
        for i, (g, r) in enumerate(zip(got, ref_list)):
            assert_numpy(g, np.asarray(r), op.tol, f"{op.name} against NumPy, output {i}")
