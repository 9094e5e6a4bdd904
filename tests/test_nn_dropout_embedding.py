"""Dropout (element and feature), alpha_dropout, embedding, one_hot and torch-style pad.

Dropout: the identities (eval, p = 0), p = 1, the exact 1 / (1 - p) scale, the drop fraction
within 5 binomial sigma, seeded reproducibility, the backward pass through the forward's mask
(twice, and a second derivative), whole channels for feature dropout, non-contiguous inputs,
inplace. Embedding: the lookup against NumPy indexing, the weight gradient against an
np.add.at scatter-add (padding_idx, scale_grad_by_freq), max_norm's in-place renormalization
against a transcription of torch's embedding_renorm_, double backward against central
differences. one_hot against np.eye; pad against np.pad and torch. torch parity where torch is
importable, and the errors (class and message)."""

from __future__ import annotations

import math
import warnings
from typing import Any, Callable, List, Optional, Tuple

import numpy as np
import numpy.typing as npt
import pytest

import tenflowers as tfs
import tenflowers.nn.functional as F
from tenflowers._core import ffi
from test_gradient_parity import check_gradients

torch: Any  # typed Any whether or not torch (and its annotations) can be imported
try:
    import torch as _torch  # type: ignore[import-not-found, unused-ignore]

    torch = _torch
except ImportError:  # pragma: no cover - torch is optional
    torch = None

needs_torch = pytest.mark.skipif(torch is None, reason="torch is not installed (the parity tests compare with it)")

Arr = npt.NDArray[Any]
RNG = np.random.default_rng(1414)
ALPHA = 1.7580993408473766  # SELU's alpha * scale


def _nonzero(shape: Tuple[int, ...], dtype: Any = np.float64) -> Arr:
    """Values in [0.5, 1.5) with random signs: never 0, so a 0 output means dropped."""
    v = RNG.uniform(0.5, 1.5, size=shape) * RNG.choice([-1.0, 1.0], size=shape)
    out: Arr = v.astype(dtype)
    return out


def _grad(t: tfs.Tensor) -> Arr:
    g = t.grad
    assert g is not None
    return np.asarray(g.numpy())


# -- dropout -------------------------------------------------------------------------------------


@pytest.mark.parametrize("fn", [F.dropout, F.dropout1d, F.dropout2d, F.dropout3d, F.alpha_dropout])
def test_not_training_and_p0_are_the_identity(fn: Callable[..., tfs.Tensor]) -> None:
    shape = (2, 3, 4) if fn is F.dropout1d else (2, 3, 4, 5, 2)
    a = _nonzero(shape)
    x = tfs.asarray(a)
    first = (0,) * len(shape)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for out in (fn(x, 0.5, training=False), fn(x, 0.0, training=True), fn(x, 1.0, training=False)):
            np.testing.assert_array_equal(out.numpy(), a)
            # The input itself (shared storage), not a copy.
            out[first] = 7.0
            assert x.numpy()[first] == 7.0
            x[first] = a[first]


@pytest.mark.parametrize("fn", [F.dropout, F.dropout2d])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_p1_gives_zeros_and_zero_gradient(fn: Callable[..., tfs.Tensor], dtype: Any) -> None:
    x = tfs.asarray(_nonzero((3, 4, 5), dtype)).requires_grad_()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = fn(x, 1.0)
    o = out.numpy()
    assert o.dtype == dtype and not np.isnan(o).any()
    np.testing.assert_array_equal(o, np.zeros_like(o))
    out.sum().backward()
    np.testing.assert_array_equal(_grad(x), np.zeros((3, 4, 5)))


@pytest.mark.parametrize("p", [0.1, 0.3, 0.5, 0.9])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_kept_elements_are_scaled_exactly(p: float, dtype: Any) -> None:
    a = _nonzero((64, 65), dtype)
    out = F.dropout(tfs.asarray(a), p).numpy()
    assert out.dtype == dtype
    kept = out != 0
    assert kept.any() and not kept.all()
    scale = np.asarray(1.0 / (1.0 - p)).astype(dtype)
    np.testing.assert_array_equal(out[kept], a[kept] * scale)


def _within_5_sigma(dropped: int, n: int, p: float) -> None:
    sigma = math.sqrt(n * p * (1 - p))
    assert abs(dropped - n * p) <= 5 * sigma, (dropped, n, p)


@pytest.mark.parametrize("p", [0.05, 0.3, 0.5, 0.8])
def test_drop_fraction_is_binomial(p: float) -> None:
    n = 200_003  # more than one 16384-element chunk of the generator, not a multiple of it
    out = F.dropout(tfs.ones((n,)), p).numpy()
    _within_5_sigma(int((out == 0).sum()), n, p)
    # Chunks are independent streams: each ~16k-element chunk alone is binomial too.
    for start in range(0, n, 16384):
        part = out[start:start + 16384]
        _within_5_sigma(int((part == 0).sum()), part.size, p)


def test_feature_drop_fraction_is_binomial() -> None:
    n, c, p = 2000, 50, 0.4
    out = F.dropout1d(tfs.ones((n, c, 3)), p).numpy()
    dropped = out[:, :, 0] == 0
    _within_5_sigma(int(dropped.sum()), n * c, p)


def test_seeded_masks_are_reproducible() -> None:
    x = tfs.asarray(_nonzero((300, 70)))
    tfs.manual_seed(123)
    a1, b1 = F.dropout(x, 0.5).numpy(), F.dropout2d(x.reshape(300, 70, 1, 1), 0.5).numpy()
    tfs.manual_seed(123)
    a2, b2 = F.dropout(x, 0.5).numpy(), F.dropout2d(x.reshape(300, 70, 1, 1), 0.5).numpy()
    np.testing.assert_array_equal(a1, a2)
    np.testing.assert_array_equal(b1, b2)
    # The next draw differs, and so does another seed.
    assert not np.array_equal(F.dropout(x, 0.5).numpy(), a1)
    tfs.manual_seed(124)
    assert not np.array_equal(F.dropout(x, 0.5).numpy(), a1)


@pytest.mark.parametrize("p", [0.25, 0.6])
def test_backward_uses_the_forward_mask(p: float) -> None:
    a = _nonzero((40, 30))
    x = tfs.asarray(a).requires_grad_()
    out = F.dropout(x, p)
    w = RNG.standard_normal(a.shape)
    out.backward(tfs.asarray(w), retain_graph=True)
    o = out.numpy()
    kept = o != 0
    scale = 1.0 / (1.0 - p)
    np.testing.assert_array_equal(_grad(x), np.where(kept, w * scale, 0.0))
    # grad = output / input times the upstream gradient.
    np.testing.assert_allclose(_grad(x), o / a * w, rtol=1e-15, atol=0)
    # A second backward through the same graph uses the same (saved, not redrawn) mask.
    out.backward(tfs.asarray(w))
    np.testing.assert_array_equal(_grad(x), 2 * np.where(kept, w * scale, 0.0))


def test_second_derivative_through_dropout() -> None:
    p = 0.4
    a = _nonzero((20, 25))
    x = tfs.asarray(a).requires_grad_()
    y = F.dropout(x, p)
    kept = y.numpy() != 0
    s = 1.0 / (1.0 - p)
    (gx,) = tfs.autograd.grad((y * y * y).sum(), [x], create_graph=True)
    assert gx is not None
    np.testing.assert_allclose(gx.numpy(), np.where(kept, 3 * s ** 3 * a * a, 0.0), rtol=1e-14)
    gx.sum().backward()
    np.testing.assert_allclose(_grad(x), np.where(kept, 6 * s ** 3 * a, 0.0), rtol=1e-14)


def _check_channels(a: Arr, out: Arr, p: float, channel_axes: int) -> Arr:
    """Every channel (the trailing dims after the first `channel_axes`) is all 0 or all
    input * scale; returns the kept-channel mask."""
    lead = out.shape[:channel_axes]
    o = out.reshape(lead + (-1,))
    x = a.reshape(lead + (-1,))
    kept: Arr = o[..., 0] != 0
    scale = np.asarray(1.0 / (1.0 - p)).astype(a.dtype)
    np.testing.assert_array_equal(o, np.where(kept[..., None], x * scale, 0))
    return kept


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_feature_dropout_zeros_whole_channels(dtype: Any) -> None:
    p = 0.5
    a = _nonzero((6, 8, 5, 4), dtype)
    kept = _check_channels(a, F.dropout2d(tfs.asarray(a), p).numpy(), p, 2)
    assert kept.any() and not kept.all()
    a3 = _nonzero((6, 8, 7), dtype)
    _check_channels(a3, F.dropout1d(tfs.asarray(a3), p).numpy(), p, 2)
    a5 = _nonzero((3, 8, 2, 3, 2), dtype)
    _check_channels(a5, F.dropout3d(tfs.asarray(a5), p).numpy(), p, 2)
    # Unbatched inputs: channels on dim 0.
    a2 = _nonzero((40, 7), dtype)
    k = _check_channels(a2, F.dropout1d(tfs.asarray(a2), p).numpy(), p, 1)
    assert k.any() and not k.all()
    a4 = _nonzero((40, 2, 3, 2), dtype)
    _check_channels(a4, F.dropout3d(tfs.asarray(a4), p).numpy(), p, 1)


def test_feature_dropout_gradient_masks_whole_channels() -> None:
    p = 0.3
    a = _nonzero((5, 9, 3, 4))
    x = tfs.asarray(a).requires_grad_()
    out = F.dropout2d(x, p)
    w = RNG.standard_normal(a.shape)
    out.backward(tfs.asarray(w))
    kept = out.numpy()[:, :, :1, :1] != 0
    np.testing.assert_array_equal(_grad(x), np.where(kept, w * (1.0 / (1.0 - p)), 0.0))


def test_dropout2d_dimension_rules_follow_torch() -> None:
    p = 0.5
    # 3-d: warned, then read as (N, C, L): channels are dim 1's entries of each sample.
    a = _nonzero((30, 20, 6))
    with pytest.warns(UserWarning, match="dropout2d: Received a 3D input"):
        out = F.dropout2d(tfs.asarray(a), p).numpy()
    _check_channels(a, out, p, 2)
    # 2-d and 5-d: warned (deprecated in torch), still channels of dim 1.
    a2 = _nonzero((30, 20))
    with pytest.warns(UserWarning, match="Received a 2-D input to dropout2d"):
        _check_channels(a2, F.dropout2d(tfs.asarray(a2), p).numpy(), p, 2)
    a5 = _nonzero((4, 20, 2, 2, 3))
    with pytest.warns(UserWarning, match="Received a 5-D input to dropout2d"):
        _check_channels(a5, F.dropout2d(tfs.asarray(a5), p).numpy(), p, 2)
    # dropout3d on 3-d: warned, taken as unbatched (C, D, H): channels on dim 0.
    a3 = _nonzero((40, 2, 3))
    with pytest.warns(UserWarning, match="Received a 3-D input to dropout3d"):
        _check_channels(a3, F.dropout3d(tfs.asarray(a3), p).numpy(), p, 1)


@pytest.mark.parametrize("fn,shape,axes", [
    (F.dropout, (12, 10), 2), (F.dropout2d, (6, 10, 4, 3), 2), (F.dropout1d, (10, 8), 1),
])
def test_non_contiguous_inputs(fn: Callable[..., tfs.Tensor], shape: Tuple[int, ...], axes: int) -> None:
    p = 0.4
    base = _nonzero(tuple(reversed(shape)))
    x = tfs.asarray(base)
    view = tfs.permute_dims(x, tuple(reversed(range(len(shape)))))
    assert view.shape == shape and not ffi.is_contiguous(view._h)
    a = base.T
    out = fn(view, p).numpy()
    kept = _check_channels(a, out, p, axes)
    assert kept.any() and not kept.all()
    # Stepped slices too, with the gradient.
    leaf = tfs.asarray(_nonzero((2 * shape[0],) + shape[1:])).requires_grad_()
    sl = leaf[::2]
    o = fn(sl, p)
    o.sum().backward()
    om = o.numpy()
    g = _grad(leaf)
    np.testing.assert_array_equal(g[1::2], 0.0)
    np.testing.assert_array_equal(g[::2], np.where(om != 0, 1 / (1 - p), 0.0))


def test_inplace_writes_into_the_input_with_autograd() -> None:
    p = 0.5
    a = _nonzero((30, 20))
    leaf = tfs.asarray(a).requires_grad_()
    y = leaf * 2.0
    r = F.dropout(y, p, inplace=True)
    assert r is y
    o = y.numpy()
    kept = o != 0
    np.testing.assert_array_equal(o, np.where(kept, 2 * a * 2.0, 0.0))
    (y * 3.0).sum().backward()
    np.testing.assert_array_equal(_grad(leaf), np.where(kept, 3.0 * 2.0 * 2.0, 0.0))
    # Without autograd the write goes into the tensor's storage, seen by its views.
    t = tfs.asarray(a)
    v = t[:, :5]
    F.dropout1d(t.reshape(30, 20, 1), p, inplace=True)
    assert (t.numpy() == 0).any()
    np.testing.assert_array_equal(v.numpy(), t.numpy()[:, :5])
    u = tfs.asarray(a)
    assert F.dropout1d(u, p, training=False, inplace=True) is u
    np.testing.assert_array_equal(u.numpy(), a)
    with pytest.raises(tfs.GradientError, match="leaf"):
        F.dropout(tfs.asarray(a).requires_grad_(), p, inplace=True)
    with pytest.raises(TypeError, match="dropout: inplace=True needs a Tensor"):
        F.dropout([1.0, 2.0], p, inplace=True)


def test_alpha_dropout_keeps_mean_and_variance() -> None:
    p = 0.3
    a = _nonzero((200, 150))
    x = tfs.asarray(a).requires_grad_()
    out = F.alpha_dropout(x, p, training=True)
    coef = 1.0 / math.sqrt((ALPHA * ALPHA * p + 1) * (1 - p))
    o = out.numpy()
    kept = np.isclose(o, coef * a + ALPHA * coef * p, rtol=1e-12, atol=1e-12)
    dropped = np.isclose(o, ALPHA * coef * (p - 1), rtol=1e-12, atol=1e-12)
    assert not (kept & dropped).any()
    assert (kept | dropped).all()
    _within_5_sigma(int(dropped.sum()), a.size, p)
    out.sum().backward()
    np.testing.assert_allclose(_grad(x), np.where(kept, coef, 0.0), rtol=1e-14)
    # Standard normal input stays (about) standard normal.
    z = F.alpha_dropout(tfs.asarray(RNG.standard_normal(400_000)), 0.5, training=True).numpy()
    assert abs(z.mean()) < 0.01 and abs(z.var() - 1) < 0.02
    # torch's default: not training.
    np.testing.assert_array_equal(F.alpha_dropout(tfs.asarray(a), p).numpy(), a)
    np.testing.assert_array_equal(F.alpha_dropout(tfs.asarray(a), 1.0, training=True).numpy(), 0.0)


@pytest.mark.parametrize("name", ["dropout", "dropout1d", "dropout2d", "dropout3d", "alpha_dropout"])
def test_dropout_errors(name: str) -> None:
    fn: Callable[..., tfs.Tensor] = getattr(F, name)
    x = tfs.ones((2, 3, 4, 5))
    if name == "dropout1d":
        x = tfs.ones((2, 3, 4))
    for p in (-0.1, 1.5, float("nan")):
        with pytest.raises(tfs.LayerConfigError, match=f"^{name}: dropout probability has to be between 0 and 1"):
            fn(x, p, training=True)
        with pytest.raises(ValueError):  # what torch raises
            fn(x, p, training=False)
    with pytest.raises(tfs.DtypeError, match="dropout needs a floating-point input"):
        fn(x.astype(tfs.int64), 0.5, training=True)


def test_feature_dropout_shape_errors() -> None:
    with pytest.raises(tfs.ShapeError, match="dropout1d: Expected 2D or 3D input, but received a 4D input"):
        F.dropout1d(tfs.ones((2, 3, 4, 5)))
    with pytest.raises(tfs.ShapeError, match="dropout1d: Expected 2D or 3D input, but received a 1D input"):
        F.dropout1d(tfs.ones((3,)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(tfs.ShapeError, match="feature dropout needs an input of at least 2 dims"):
            F.dropout2d(tfs.ones((3,)))


@needs_torch
def test_dropout_torch_parity() -> None:
    """What does not depend on the draws: the identities, p = 1, the warnings, the errors."""
    tF = torch.nn.functional
    a = _nonzero((4, 6, 3))
    for name in ("dropout", "dropout1d", "dropout2d", "dropout3d", "alpha_dropout"):
        ours, theirs = getattr(F, name), getattr(tF, name)
        with warnings.catch_warnings(record=True) as w_ours:
            warnings.simplefilter("always")
            mine = ours(tfs.asarray(a), 0.5, training=False).numpy()
        with warnings.catch_warnings(record=True) as w_theirs:
            warnings.simplefilter("always")
            want = theirs(torch.tensor(a), 0.5, training=False).numpy()
        np.testing.assert_array_equal(mine, want)
        assert [str(m.message) for m in w_ours] == [str(m.message) for m in w_theirs], name
        with pytest.raises(ValueError) as e_ours:
            ours(tfs.asarray(a), 1.5)
        with pytest.raises(ValueError) as e_theirs:
            theirs(torch.tensor(a), 1.5)
        assert str(e_ours.value).endswith(str(e_theirs.value)), (str(e_ours.value), str(e_theirs.value))
    for name, shape in (("dropout2d", (3, 4)), ("dropout2d", (2, 3, 4, 5, 6)), ("dropout3d", (2, 3, 4))):
        with warnings.catch_warnings(record=True) as w_ours:
            warnings.simplefilter("always")
            getattr(F, name)(tfs.ones(shape), 0.5)
        with warnings.catch_warnings(record=True) as w_theirs:
            warnings.simplefilter("always")
            getattr(tF, name)(torch.ones(shape), 0.5)
        assert [str(m.message) for m in w_ours] == [str(m.message) for m in w_theirs], (name, shape)
    np.testing.assert_array_equal(F.dropout(tfs.asarray(a), 1.0).numpy(), tF.dropout(torch.tensor(a), 1.0).numpy())
    np.testing.assert_array_equal(F.alpha_dropout(tfs.asarray(a), 1.0, training=True).numpy(),
                                  tF.alpha_dropout(torch.tensor(a), 1.0, training=True).numpy())


# -- embedding -----------------------------------------------------------------------------------


def _scatter_ref(idx: Arr, g: Arr, v: int, padding: Optional[int] = None, freq: bool = False) -> Arr:
    """The weight gradient: np.add.at of the gradient rows at their indices."""
    d = g.shape[-1]
    flat = idx.reshape(-1)
    rows = g.reshape(-1, d).astype(np.float64)
    if freq:
        counts = np.bincount(flat, minlength=v)
        rows = rows / counts[flat][:, None]
    out = np.zeros((v, d))
    np.add.at(out, flat, rows)
    if padding is not None:
        out[padding] = 0.0
    return out


INDEX_SHAPES = [(7,), (3, 5), (2, 3, 4)]


@pytest.mark.parametrize("shape", INDEX_SHAPES)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("idtype", [np.int64, np.int32])
def test_embedding_is_weight_indexing(shape: Tuple[int, ...], dtype: Any, idtype: Any) -> None:
    v, d = 6, 5
    w = RNG.standard_normal((v, d)).astype(dtype)
    idx = RNG.integers(0, v, size=shape).astype(idtype)
    out = F.embedding(tfs.asarray(idx), tfs.asarray(w)).numpy()
    assert out.dtype == dtype and out.shape == shape + (d,)
    np.testing.assert_array_equal(out, w[idx])
    # Python lists and a non-contiguous (transposed) weight.
    np.testing.assert_array_equal(F.embedding(idx.tolist(), tfs.asarray(w)).numpy(), w[idx])
    wt = tfs.asarray(np.ascontiguousarray(w.T)).T
    np.testing.assert_array_equal(F.embedding(tfs.asarray(idx), wt).numpy(), w[idx])


@pytest.mark.parametrize("shape", INDEX_SHAPES)
@pytest.mark.parametrize("padding_idx", [None, 2, -1])
@pytest.mark.parametrize("freq", [False, True])
def test_embedding_gradient_is_a_scatter_add(shape: Tuple[int, ...], padding_idx: Optional[int], freq: bool) -> None:
    v, d = 5, 4
    w = RNG.standard_normal((v, d))
    idx = RNG.integers(0, v, size=shape)
    idx.reshape(-1)[:3] = [2, 2, v - 1]  # repeated indices and the padding rows are read
    W = tfs.asarray(w).requires_grad_()
    out = F.embedding(tfs.asarray(idx), W, padding_idx=padding_idx, scale_grad_by_freq=freq)
    np.testing.assert_array_equal(out.numpy(), w[idx])  # the padding row is still read
    g = RNG.standard_normal(shape + (d,))
    out.backward(tfs.asarray(g))
    pad = None if padding_idx is None else padding_idx % v
    np.testing.assert_allclose(_grad(W), _scatter_ref(idx, g, v, pad, freq), rtol=1e-14, atol=1e-15)
    if pad is not None:
        np.testing.assert_array_equal(_grad(W)[pad], 0.0)


def test_embedding_gradient_float32_accumulates_repeats() -> None:
    v, d = 3, 2
    idx = np.zeros(10_000, dtype=np.int64)
    W = tfs.asarray(np.ones((v, d), dtype=np.float32)).requires_grad_()
    F.embedding(tfs.asarray(idx), W).sum().backward()
    np.testing.assert_array_equal(_grad(W), np.array([[10_000, 10_000], [0, 0], [0, 0]], dtype=np.float32))


def _renorm_ref(w: Arr, idx: Arr, max_norm: float, norm_type: float) -> Arr:
    """torch's embedding_renorm_: each distinct row read whose norm exceeds max_norm is scaled by
    max_norm / (norm + 1e-7)."""
    w = w.copy()
    for r in np.unique(idx):
        norm = np.linalg.norm(w[r].astype(np.float64), ord=norm_type)
        if norm > max_norm:
            w[r] = w[r] * (max_norm / (norm + 1e-7))
    return w


@pytest.mark.parametrize("norm_type", [1.0, 2.0, 3.0, math.inf])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_max_norm_renormalizes_the_rows_read_in_place(norm_type: float, dtype: Any) -> None:
    v, d, max_norm = 8, 6, 1.5
    w = (RNG.standard_normal((v, d)) * 2).astype(dtype)
    w[5] *= 0.01  # read, but under max_norm: unchanged
    idx = np.array([[1, 3, 3], [5, 0, 1]])  # rows 2, 4, 6, 7 are not read: unchanged
    W = tfs.asarray(w)
    alias = W[2:]  # a view sharing the weight's storage sees the write
    out = F.embedding(tfs.asarray(idx), W, max_norm=max_norm, norm_type=norm_type)
    want = _renorm_ref(w, idx, max_norm, norm_type)
    tol = 1e-15 if dtype == np.float64 else 1e-6
    np.testing.assert_allclose(W.numpy(), want, rtol=tol, atol=0)
    np.testing.assert_allclose(alias.numpy(), want[2:], rtol=tol, atol=0)
    for r in (2, 4, 5, 6, 7):
        np.testing.assert_array_equal(W.numpy()[r], w[r])
    np.testing.assert_array_equal(out.numpy(), W.numpy()[idx])
    for r in (0, 1, 3):
        n = np.linalg.norm(W.numpy()[r].astype(np.float64), ord=norm_type)
        assert n <= max_norm * (1 + 1e-6)


def test_max_norm_on_a_parameter_keeps_the_gradient_a_scatter_add() -> None:
    w = RNG.standard_normal((4, 3)) * 3
    W = tfs.asarray(w).requires_grad_()
    idx = np.array([0, 0, 2])
    out = F.embedding(tfs.asarray(idx), W, max_norm=1.0)
    np.testing.assert_allclose(W.numpy(), _renorm_ref(w, idx, 1.0, 2.0), rtol=1e-15)
    g = RNG.standard_normal((3, 3))
    out.backward(tfs.asarray(g))
    np.testing.assert_allclose(_grad(W), _scatter_ref(idx, g, 4), rtol=1e-15)


@pytest.mark.parametrize("padding_idx,freq", [(None, False), (1, False), (None, True), (-2, True)])
def test_embedding_double_backward_by_finite_differences(padding_idx: Optional[int], freq: bool) -> None:
    """gw = d L / d W with L = sum(c * E^3), E = embedding(idx, W), built with create_graph;
    f = <gw, V> differentiated again, against central differences of f computed from
    first-order gradients: with respect to c (through the scatter-add's own backward, with its
    padding and 1 / count weights) and, without scale_grad_by_freq, with respect to W too
    (scale_grad_by_freq's gradient is by definition not the derivative of the lookup, so
    differences in W cannot check it; padding_idx's is: the padding row's lookups reach only
    the zeroed gradient row)."""
    v, d = 5, 3
    idx = np.array([[0, 1, 1], [4, 1, 3]])
    w0 = RNG.standard_normal((v, d))
    c0 = RNG.uniform(0.5, 1.5, size=idx.shape + (d,))
    vv = RNG.standard_normal((v, d))

    def first(w: tfs.Tensor, c: tfs.Tensor, create: bool) -> tfs.Tensor:
        e = F.embedding(tfs.asarray(idx), w, padding_idx=padding_idx, scale_grad_by_freq=freq)
        (gw,) = tfs.autograd.grad((c * e * e * e).sum(), [w], create_graph=create)
        assert gw is not None
        return gw

    W, C = tfs.asarray(w0).requires_grad_(), tfs.asarray(c0).requires_grad_()
    gw = first(W, C, True)
    hw, hc = tfs.autograd.grad((gw * tfs.asarray(vv)).sum(), [W, C])
    assert hw is not None and hc is not None

    def f(w: Arr, c: Arr) -> float:
        return float((first(tfs.asarray(w).requires_grad_(), tfs.asarray(c), False).numpy() * vv).sum())

    def central(a: Arr, at: Callable[[Arr], float]) -> Arr:
        h = 1e-5
        num = np.zeros_like(a)
        for i in np.ndindex(a.shape):
            ap, am = a.copy(), a.copy()
            ap[i] += h
            am[i] -= h
            num[i] = (at(ap) - at(am)) / (2 * h)
        return num

    np.testing.assert_allclose(hc.numpy(), central(c0, lambda c: f(w0, c)), rtol=1e-6, atol=1e-7)
    if not freq:
        np.testing.assert_allclose(hw.numpy(), central(w0, lambda w: f(w, c0)), rtol=1e-6, atol=1e-7)
    if padding_idx is not None:
        np.testing.assert_array_equal(hw.numpy()[padding_idx % v], 0.0)
        np.testing.assert_array_equal(hc.numpy()[idx == padding_idx % v], 0.0)


def test_embedding_gradient_by_central_differences() -> None:
    idx = np.array([[1, 2, 1], [0, 1, 2]])
    check_gradients("embedding", lambda w: F.embedding(tfs.asarray(idx), w) ** 2, [RNG.standard_normal((3, 4))])


def test_embedding_errors() -> None:
    w = RNG.standard_normal((4, 3))
    W = tfs.asarray(w)
    for bad in (4, -1, 100):
        with pytest.raises(tfs.OutOfBoundsIndexError, match=f"embedding: index {bad} is out of range"):
            F.embedding(tfs.asarray([0, bad]), W)
        with pytest.raises(IndexError):
            F.embedding(tfs.asarray([[bad]]), W)
    # An out-of-range index leaves the weight alone even with max_norm.
    with pytest.raises(tfs.OutOfBoundsIndexError, match="embedding: index 9"):
        F.embedding(tfs.asarray([0, 9]), W, max_norm=0.1)
    np.testing.assert_array_equal(W.numpy(), w)
    with pytest.raises(tfs.DtypeError, match="embedding: the indices must have an integer dtype"):
        F.embedding(tfs.asarray([0.0, 1.0]), W)
    with pytest.raises(tfs.DtypeError, match="embedding: the weight must be floating-point"):
        F.embedding(tfs.asarray([0]), tfs.asarray([[1, 2], [3, 4]]))
    with pytest.raises(tfs.ShapeError, match="embedding: the weight must be 2-D"):
        F.embedding(tfs.asarray([0]), tfs.ones((2, 3, 4)))
    for pad in (4, -5, 2**63, -2**63):
        with pytest.raises(tfs.LayerConfigError, match=f"embedding: padding_idx {pad} must be within num_embeddings"):
            F.embedding(tfs.asarray([0]), W, padding_idx=pad)
    for mn in (0.0, -1.0, float("nan")):
        with pytest.raises(tfs.LayerConfigError, match="embedding: max_norm must be positive"):
            F.embedding(tfs.asarray([0]), W, max_norm=mn)
    with pytest.raises(tfs.LayerConfigError, match="embedding: norm_type must be positive"):
        F.embedding(tfs.asarray([0]), W, max_norm=1.0, norm_type=0.0)
    with pytest.raises(ValueError, match="embedding: sparse gradients are not supported; use sparse=False"):
        F.embedding(tfs.asarray([0]), W, sparse=True)
    with pytest.raises(TypeError, match="embedding: weight must be a Tensor"):
        F.embedding(tfs.asarray([0]), w)  # type: ignore[arg-type]
    np.testing.assert_array_equal(W.numpy(), w)


@needs_torch
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_embedding_torch_parity(dtype: Any) -> None:
    tF = torch.nn.functional
    v, d = 7, 4
    idx = np.array([[0, 3, 3, 6], [2, 3, 0, 5], [6, 6, 1, 3]])
    tol = 1e-14 if dtype == np.float64 else 2e-6
    cases: List[dict[str, Any]] = [dict(), dict(padding_idx=3), dict(padding_idx=-1, scale_grad_by_freq=True),
               dict(max_norm=1.0), dict(max_norm=0.5, norm_type=1.0, padding_idx=0, scale_grad_by_freq=True),
               dict(max_norm=0.7, norm_type=math.inf)]
    for kw in cases:
        w = (RNG.standard_normal((v, d)) * 2).astype(dtype)
        g = RNG.standard_normal(idx.shape + (d,)).astype(dtype)
        W = tfs.asarray(w)
        Wt = torch.tensor(w)
        out = F.embedding(tfs.asarray(idx), W, **kw)
        want = tF.embedding(torch.tensor(idx), Wt, **kw)
        np.testing.assert_allclose(W.numpy(), Wt.numpy(), rtol=tol, atol=0, err_msg=str(kw))  # max_norm's writes
        np.testing.assert_allclose(out.numpy(), want.numpy(), rtol=tol, atol=0, err_msg=str(kw))
        # Gradients (and double backward) from the renormalized weight.
        W2 = tfs.asarray(W.numpy()).requires_grad_()
        Wt2 = Wt.detach().clone().requires_grad_()
        kw2 = {k: val for k, val in kw.items() if k not in ("max_norm", "norm_type")}
        e = F.embedding(tfs.asarray(idx), W2, **kw2)
        et = tF.embedding(torch.tensor(idx), Wt2, **kw2)
        (gw,) = tfs.autograd.grad((e * e * e * tfs.asarray(g)).sum(), [W2], create_graph=True)
        (gwt,) = torch.autograd.grad((et ** 3 * torch.tensor(g)).sum(), [Wt2], create_graph=True)
        assert gw is not None
        np.testing.assert_allclose(gw.numpy(), gwt.detach().numpy(), rtol=tol * 10, atol=tol, err_msg=str(kw))
        if kw.get("scale_grad_by_freq"):
            # torch's double backward (embedding_dense_double_backward: grad, indices, padding_idx)
            # drops scale_grad_by_freq's 1 / count, so it is not the adjoint of its own scaled
            # scatter-add; ours is (test_embedding_double_backward_by_finite_differences).
            continue
        (hw,) = tfs.autograd.grad((gw * gw).sum(), [W2])
        (hwt,) = torch.autograd.grad((gwt * gwt).sum(), [Wt2])
        assert hw is not None
        np.testing.assert_allclose(hw.numpy(), hwt.numpy(), rtol=tol * 10, atol=tol * 10, err_msg=str(kw))


# -- one_hot -------------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(0,), (6,), (3, 4), (2, 3, 2)])
def test_one_hot_is_eye_indexing(shape: Tuple[int, ...]) -> None:
    idx = RNG.integers(0, 5, size=shape)
    for k in (5, 8):
        out = F.one_hot(tfs.asarray(idx), k).numpy()
        assert out.dtype == np.int64 and out.shape == shape + (k,)
        np.testing.assert_array_equal(out, np.eye(k, dtype=np.int64)[idx])
    if idx.size:
        inferred = F.one_hot(tfs.asarray(idx)).numpy()
        np.testing.assert_array_equal(inferred, np.eye(int(idx.max()) + 1, dtype=np.int64)[idx])
    np.testing.assert_array_equal(F.one_hot(tfs.asarray(idx.astype(np.int32)), 5).numpy(), np.eye(5)[idx])


def test_one_hot_errors() -> None:
    with pytest.raises(tfs.InvalidArgumentError, match="one_hot: class values must be non-negative, got -1"):
        F.one_hot(tfs.asarray([0, -1]), 3)
    with pytest.raises(tfs.InvalidArgumentError, match="one_hot: class values must be non-negative"):
        F.one_hot(tfs.asarray([0, -1]))
    with pytest.raises(tfs.InvalidArgumentError, match="one_hot: class value 3 is out of range for num_classes 3"):
        F.one_hot(tfs.asarray([0, 3]), 3)
    with pytest.raises(tfs.InvalidArgumentError, match="one_hot: can not infer the number of classes"):
        F.one_hot(tfs.zeros((0,), dtype=tfs.int64))
    with pytest.raises(tfs.LayerConfigError, match="one_hot: num_classes must be -1"):
        F.one_hot(tfs.asarray([0, 1]), -2)
    with pytest.raises(tfs.DtypeError, match="one_hot: the indices must have an integer dtype"):
        F.one_hot(tfs.asarray([0.0, 1.0]), 2)


@needs_torch
def test_one_hot_torch_parity() -> None:
    idx = RNG.integers(0, 6, size=(4, 5))
    for k in (-1, 6, 9):
        np.testing.assert_array_equal(F.one_hot(tfs.asarray(idx), k).numpy(),
                                      torch.nn.functional.one_hot(torch.tensor(idx), k).numpy())


# -- pad -----------------------------------------------------------------------------------------

TORCH_TO_NUMPY: dict[str, Any] = {"constant": "constant", "reflect": "reflect", "replicate": "edge", "circular": "wrap"}

# (shape, pad): every combination the non-constant modes support, positive, negative and mixed.
PAD_CASES: List[Tuple[Tuple[int, ...], Tuple[int, ...]]] = [
    ((2, 3, 6), (2, 1)),
    ((3, 6), (0, 3)),
    ((2, 3, 6), (-1, 2)),
    ((2, 3, 6), (2, -3)),
    ((2, 3, 6), (-2, -1)),
    ((2, 3, 5, 6), (1, 2, 3, 0)),
    ((3, 5, 6), (2, 1, 1, 2)),
    ((2, 3, 5, 6), (1, -2, -1, 2)),
    ((2, 3, 5, 6), (-1, -1, 2, -2)),
    ((2, 2, 4, 5, 6), (1, 2, 0, 3, 2, 1)),
    ((2, 4, 5, 6), (1, 1, 2, 2, 3, 3)),
    ((1, 2, 4, 5, 6), (-1, 2, 1, -2, 2, 0)),
]


@pytest.mark.parametrize("mode", ["constant", "reflect", "replicate", "circular"])
@pytest.mark.parametrize("case", [c for c in PAD_CASES if min(c[1]) >= 0])  # numpy.pad has no crops
def test_pad_matches_numpy_for_non_negative_pads(mode: str, case: Tuple[Tuple[int, ...], Tuple[int, ...]]) -> None:
    shape, pad = case
    a = RNG.standard_normal(shape)
    k = len(pad) // 2
    widths = [(0, 0)] * (len(shape) - k) + [(pad[2 * i], pad[2 * i + 1]) for i in reversed(range(k))]
    kwargs: dict[str, Any] = {"constant_values": 0.0} if mode == "constant" else {}
    want = np.pad(a, widths, mode=TORCH_TO_NUMPY[mode], **kwargs)
    np.testing.assert_array_equal(F.pad(tfs.asarray(a), pad, mode=mode).numpy(), want)


@needs_torch
@pytest.mark.parametrize("mode", ["constant", "reflect", "replicate", "circular"])
@pytest.mark.parametrize("case", PAD_CASES)
def test_pad_torch_parity(mode: str, case: Tuple[Tuple[int, ...], Tuple[int, ...]]) -> None:
    shape, pad = case
    a = RNG.standard_normal(shape)
    x = tfs.asarray(a).requires_grad_()
    out = F.pad(x, pad, mode=mode)
    xt = torch.tensor(a, requires_grad=True)
    want = torch.nn.functional.pad(xt, pad, mode=mode)
    np.testing.assert_array_equal(out.numpy(), want.detach().numpy())
    g = RNG.standard_normal(tuple(want.shape))
    out.backward(tfs.asarray(g))
    want.backward(torch.tensor(g))
    assert xt.grad is not None
    np.testing.assert_allclose(_grad(x), xt.grad.numpy(), rtol=1e-14, atol=1e-15)


@needs_torch
def test_pad_constant_torch_parity() -> None:
    tF = torch.nn.functional
    for shape, pad, value in [((5,), (2, 3), 1.5), ((3, 4), (1, -1, -2, 2), -2.0), ((2, 3, 4), (1, 1, 1, 1, 1, 1), 0.5),
                              ((2, 3, 4, 2, 2), (-1, 1, 0, 0, 2, 0, 0, 1, 1, -1), None), ((4,), (-2, -2), None),
                              ((3, 4), (), None)]:
        a = RNG.standard_normal(shape)
        np.testing.assert_array_equal(F.pad(tfs.asarray(a), pad, value=value).numpy(),
                                      tF.pad(torch.tensor(a), pad, value=value).numpy())
    ints = np.arange(6).reshape(2, 3)
    np.testing.assert_array_equal(F.pad(tfs.asarray(ints), (1, 1), value=3.7).numpy(),
                                  tF.pad(torch.tensor(ints), (1, 1), value=3.7).numpy())


def test_pad_crops_and_copies() -> None:
    a = np.arange(30.0).reshape(5, 6)
    x = tfs.asarray(a)
    out = F.pad(x, (-1, -2, 1, -3))
    np.testing.assert_array_equal(out.numpy(), np.pad(a[:2, 1:4], ((1, 0), (0, 0))))
    crop = F.pad(x, (-1, -1))
    np.testing.assert_array_equal(crop.numpy(), a[:, 1:5])
    crop[...] = -1.0  # a new tensor: the input is untouched
    nothing = F.pad(x, (0, 0))
    nothing[...] = -1.0
    np.testing.assert_array_equal(x.numpy(), a)
    check_gradients("pad_reflect_crop", lambda t: F.pad(t, (2, -1, -1, 2), mode="reflect"), [RNG.standard_normal((1, 4, 5))])
    check_gradients("pad_circular", lambda t: F.pad(t, (2, 1), mode="circular"), [RNG.standard_normal((2, 2, 4))])


def test_pad_errors() -> None:
    x = tfs.ones((2, 3, 5))
    with pytest.raises(tfs.InvalidArgumentError, match="pad: padding length must be divisible by 2, got 3"):
        F.pad(x, (1, 1, 1))
    with pytest.raises(tfs.InvalidArgumentError, match="pad: padding length should be less than or equal to two times"):
        F.pad(x, (1,) * 8)
    with pytest.raises(tfs.InvalidArgumentError, match="pad: unrecognised padding mode 'wrap'"):
        F.pad(x, (1, 1), mode="wrap")
    with pytest.raises(tfs.InvalidArgumentError, match="pad: padding size should be less than the corresponding input"):
        F.pad(x, (5, 0), mode="reflect")
    with pytest.raises(tfs.InvalidArgumentError, match="pad: padding mode \"reflect\" doesn't take in value"):
        F.pad(x, (1, 1), mode="reflect", value=1.0)
    with pytest.raises(tfs.UnimplementedError, match="pad: padding size 2 is not supported for 1D input"):
        F.pad(tfs.ones((5,)), (1, 1), mode="replicate")
    with pytest.raises(NotImplementedError, match="pad: padding size 4 is not supported for 2D input"):
        F.pad(tfs.ones((3, 5)), (1, 1, 1, 1), mode="circular")
    with pytest.raises(tfs.InvalidArgumentError, match=r"pad: cropping \(-3, -3\) is more than dim 2 of size 5"):
        F.pad(x, (-3, -3))
    with pytest.raises(tfs.InvalidArgumentError, match="pad: input .* is too small"):
        F.pad(x, (-3, -2), mode="replicate")
    with pytest.raises(tfs.InvalidArgumentError, match="wraps around more than once"):
        F.pad(x, (6, 0), mode="circular")
    with pytest.raises(tfs.InvalidArgumentError, match="wraps around more than once"):
        F.pad(x, (-3, 3), mode="circular")  # torch reads out of bounds here
