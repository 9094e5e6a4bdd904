"""MultiheadAttention, TransformerEncoderLayer and TransformerEncoder. MultiheadAttention is
checked against a NumPy transcription of PyTorch's documented computation (projections, heads,
masks, bias_kv, zero_attn, averaged weights) always, and against torch with the same weights
where torch is importable: outputs, attention weights, and the gradients of inputs and
parameters. The encoder is checked against torch in train mode (dropout 0) and eval mode, with
masks, norm_first and gelu, and over several SGD steps of training both from the same weights."""

from __future__ import annotations

import math
from typing import Any, Dict, Optional, Tuple

import numpy as np
import numpy.typing as npt
import pytest

import tenflowers as tfs
from tenflowers import nn
from tenflowers.errors import LayerConfigError

Arr = npt.NDArray[Any]
RNG = np.random.default_rng(77)


def t(a: Any, dtype: Any = np.float32) -> tfs.Tensor:
    return tfs.asarray(np.asarray(a, dtype=dtype))


def npy(x: Any) -> Arr:
    assert isinstance(x, tfs.Tensor)
    return np.asarray(x.detach().numpy())


def torch_or_skip() -> Any:
    try:
        import torch  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        pytest.skip("torch is not installed: the PyTorch parity checks need it")
    return torch


def load_from(torch_mod: Any, mod: nn.Module) -> None:
    mod.load_state_dict({k: v.detach().numpy() for k, v in torch_mod.state_dict().items()})


def softmax(x: Arr) -> Arr:
    m = np.max(x, axis=-1, keepdims=True)
    e = np.exp(x - m)
    out: Arr = e / e.sum(axis=-1, keepdims=True)
    return out


def mha_reference(
    m: nn.MultiheadAttention, q: Arr, k: Arr, v: Arr, key_padding_mask: Optional[Arr] = None,
    attn_mask: Optional[Arr] = None, average: bool = True,
) -> Tuple[Arr, Arr]:
    """PyTorch's MultiheadAttention in NumPy, inputs (L, N, E) (sequence first), float64."""
    sd = {name: npy(p).astype(np.float64) for name, p in m.state_dict().items()}
    e, h = m.embed_dim, m.num_heads
    hd = e // h
    if "in_proj_weight" in sd:
        wq, wk, wv = np.split(sd["in_proj_weight"], 3)
    else:
        wq, wk, wv = sd["q_proj_weight"], sd["k_proj_weight"], sd["v_proj_weight"]
    bq, bk, bv = np.split(sd["in_proj_bias"], 3) if "in_proj_bias" in sd else (0.0, 0.0, 0.0)
    Q, K, V = q @ wq.T + bq, k @ wk.T + bk, v @ wv.T + bv  # (L, N, E), (S, N, E)
    L, n, _ = Q.shape
    if "bias_k" in sd:
        K = np.concatenate([K, np.broadcast_to(sd["bias_k"], (1, n, e))])
        V = np.concatenate([V, np.broadcast_to(sd["bias_v"], (1, n, e))])
    if m.add_zero_attn:
        K = np.concatenate([K, np.zeros((1, n, e))])
        V = np.concatenate([V, np.zeros((1, n, e))])
    S = K.shape[0]
    extra = S - k.shape[0]
    add = np.zeros((n, h, L, S))
    if attn_mask is not None:
        am = np.where(attn_mask, -np.inf, 0.0) if attn_mask.dtype == bool else attn_mask.astype(np.float64)
        am = am.reshape((1, 1, L, S - extra)) if am.ndim == 2 else am.reshape((n, h, L, S - extra))
        add[..., : S - extra] += am
    if key_padding_mask is not None:
        add[..., : S - extra] += np.where(key_padding_mask, -np.inf, 0.0)[:, None, None, :]
    qh = Q.transpose(1, 0, 2).reshape(n, L, h, hd).transpose(0, 2, 1, 3)
    kh = K.transpose(1, 0, 2).reshape(n, S, h, hd).transpose(0, 2, 1, 3)
    vh = V.transpose(1, 0, 2).reshape(n, S, h, hd).transpose(0, 2, 1, 3)
    w = softmax(qh @ kh.transpose(0, 1, 3, 2) / math.sqrt(hd) + add)
    out = (w @ vh).transpose(0, 2, 1, 3).reshape(n, L, e) @ sd["out_proj.weight"].T
    if "out_proj.bias" in sd:
        out = out + sd["out_proj.bias"]
    weights = w.mean(axis=1) if average else w
    return out.transpose(1, 0, 2), weights


CONFIGS: Dict[str, Dict[str, Any]] = {
    "plain": {},
    "kdim_vdim": {"kdim": 5, "vdim": 7},
    "bias_kv": {"add_bias_kv": True},
    "zero_attn": {"add_zero_attn": True},
    "no_bias": {"bias": False},
    "bias_kv_zero_attn": {"add_bias_kv": True, "add_zero_attn": True},
}


def _inputs(cfg: Dict[str, Any], L: int = 4, S: int = 6, n: int = 3, e: int = 8) -> Tuple[Arr, Arr, Arr]:
    q = RNG.standard_normal((L, n, e)).astype(np.float32)
    k = RNG.standard_normal((S, n, cfg.get("kdim", e))).astype(np.float32)
    v = RNG.standard_normal((S, n, cfg.get("vdim", e))).astype(np.float32)
    return q, k, v


@pytest.mark.parametrize("name", list(CONFIGS))
def test_mha_matches_numpy_reference(name: str) -> None:
    cfg = CONFIGS[name]
    tfs.manual_seed(3)
    m = nn.MultiheadAttention(8, 2, **cfg)
    if cfg.get("bias", True):
        # PyTorch initialises the biases to zero; give them values so they are exercised.
        for key in ("in_proj_bias", "out_proj.bias"):
            sd_val = RNG.standard_normal(m.state_dict()[key].shape).astype(np.float32)
            m.load_state_dict({key: sd_val}, strict=False)
    q, k, v = _inputs(cfg)
    kpm = np.zeros((3, 6), dtype=bool)
    kpm[0, 4:] = True
    kpm[2, 0] = True
    am = RNG.standard_normal((4, 6)).astype(np.float32)
    for kw in ({}, {"key_padding_mask": kpm}, {"attn_mask": am}, {"attn_mask": am < -1.0, "key_padding_mask": kpm}):
        ref_out, ref_w = mha_reference(m, q.astype(np.float64), k.astype(np.float64), v.astype(np.float64), **kw)
        targs: Dict[str, Any] = {key: t(val, val.dtype) for key, val in kw.items()}
        out, w = m(t(q), t(k), t(v), **targs)
        np.testing.assert_allclose(npy(out), ref_out, rtol=1e-4, atol=1e-5)
        np.testing.assert_allclose(npy(w), ref_w, rtol=1e-4, atol=1e-6)
        # Without weights the heads run through the fused kernel: the same output.
        out2, none = m(t(q), t(k), t(v), need_weights=False, **targs)
        assert none is None
        np.testing.assert_allclose(npy(out2), ref_out, rtol=1e-4, atol=1e-5)
    _, per_head = m(t(q), t(k), t(v), average_attn_weights=False)
    np.testing.assert_allclose(npy(per_head), mha_reference(m, q, k, v, average=False)[1], rtol=1e-4, atol=1e-6)


def test_mha_layouts_agree() -> None:
    tfs.manual_seed(4)
    m = nn.MultiheadAttention(8, 4)
    mb = nn.MultiheadAttention(8, 4, batch_first=True)
    mb.load_state_dict(m.state_dict())
    q, k, v = _inputs({})
    out, w = m(t(q), t(k), t(v))
    outb, wb = mb(t(q.transpose(1, 0, 2)), t(k.transpose(1, 0, 2)), t(v.transpose(1, 0, 2)))
    np.testing.assert_allclose(npy(outb), npy(out).transpose(1, 0, 2), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(npy(wb), npy(w), rtol=1e-5, atol=1e-7)
    # Unbatched (L, E): the batch of one.
    out1, w1 = m(t(q[:, 1]), t(k[:, 1]), t(v[:, 1]))
    assert out1.shape == (4, 8) and w1 is not None and w1.shape == (4, 6)
    np.testing.assert_allclose(npy(out1), npy(out)[:, 1], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(npy(w1), npy(w)[1], rtol=1e-5, atol=1e-7)


def test_mha_state_dict_keys_and_init() -> None:
    tfs.manual_seed(0)
    assert list(nn.MultiheadAttention(8, 2).state_dict()) == [
        "in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias",
    ]
    assert list(nn.MultiheadAttention(8, 2, kdim=3, vdim=5, add_bias_kv=True).state_dict()) == [
        "q_proj_weight", "k_proj_weight", "v_proj_weight", "in_proj_bias", "bias_k", "bias_v",
        "out_proj.weight", "out_proj.bias",
    ]
    m = nn.MultiheadAttention(16, 4)
    w = npy(m.in_proj_weight)
    bound = math.sqrt(6.0 / (16 + 48))  # xavier_uniform_ over the whole (3E, E) matrix
    assert w.shape == (48, 16) and np.abs(w).max() <= bound and np.abs(w).max() > 0.9 * bound
    np.testing.assert_array_equal(npy(m.in_proj_bias), np.zeros(48, np.float32))
    np.testing.assert_array_equal(npy(m.out_proj.bias), np.zeros(16, np.float32))
    assert type(m.out_proj).__name__ == "NonDynamicallyQuantizableLinear"
    assert isinstance(m.out_proj, nn.Linear)


def test_mha_gradients_by_finite_differences() -> None:
    tfs.manual_seed(9)
    m = nn.MultiheadAttention(4, 2, kdim=3, vdim=5, dtype=tfs.float64)
    q, k, v = (a.astype(np.float64) for a in _inputs({"kdim": 3, "vdim": 5}, L=3, S=4, n=2, e=4))
    qt = tfs.asarray(q)
    qt.requires_grad_(True)
    out, _ = m(qt, t(k, np.float64), t(v, np.float64))
    probe = RNG.standard_normal(out.shape)
    (out * tfs.asarray(probe)).sum().backward()
    assert qt.grad is not None and m.k_proj_weight.grad is not None
    eps = 1e-6

    def f(qv: Arr) -> float:
        with tfs.no_grad():
            o, _ = m(tfs.asarray(qv), t(k, np.float64), t(v, np.float64))
        return float((npy(o) * probe).sum())

    num = np.zeros_like(q)
    for idx in np.ndindex(*q.shape):
        d = np.zeros_like(q)
        d[idx] = eps
        num[idx] = (f(q + d) - f(q - d)) / (2 * eps)
    np.testing.assert_allclose(npy(qt.grad), num, rtol=1e-5, atol=1e-7)
    kw = npy(m.k_proj_weight).copy()
    numw = np.zeros_like(kw)
    for idx in np.ndindex(*kw.shape):
        for sign in (1.0, -1.0):
            d = kw.copy()
            d[idx] += sign * eps
            m.load_state_dict({"k_proj_weight": d}, strict=False)
            numw[idx] += sign * f(q) / (2 * eps)
    m.load_state_dict({"k_proj_weight": kw}, strict=False)
    np.testing.assert_allclose(npy(m.k_proj_weight.grad), numw, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("name", list(CONFIGS))
def test_mha_matches_torch_values_and_grads(name: str) -> None:
    torch = torch_or_skip()
    cfg = CONFIGS[name]
    torch.manual_seed(1)
    tm = torch.nn.MultiheadAttention(8, 2, **cfg)
    m = nn.MultiheadAttention(8, 2, **cfg)
    assert list(m.state_dict()) == list(tm.state_dict())
    load_from(tm, m)
    q, k, v = _inputs(cfg)
    kpm = np.zeros((3, 6), dtype=bool)
    kpm[1, 3:] = True
    tq = torch.tensor(q, requires_grad=True)
    to, tw = tm(tq, torch.tensor(k), torch.tensor(v), key_padding_mask=torch.tensor(kpm))
    qt = t(q)
    qt.requires_grad_(True)
    out, w = m(qt, t(k), t(v), key_padding_mask=t(kpm, bool))
    np.testing.assert_allclose(npy(out), to.detach().numpy(), rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(npy(w), tw.detach().numpy(), rtol=1e-4, atol=1e-6)
    probe = RNG.standard_normal(out.shape).astype(np.float32)
    (to * torch.tensor(probe)).sum().backward()
    (out * t(probe)).sum().backward()
    np.testing.assert_allclose(npy(qt.grad), tq.grad.numpy(), rtol=1e-4, atol=1e-5)
    grads = {name: p.grad for name, p in m.named_parameters()}
    for pname, tp in tm.named_parameters():
        np.testing.assert_allclose(npy(grads[pname]), tp.grad.numpy(), rtol=1e-4, atol=1e-5, err_msg=pname)


def test_mha_errors() -> None:
    with pytest.raises(LayerConfigError, match="divisible by num_heads"):
        nn.MultiheadAttention(10, 3)
    with pytest.raises(LayerConfigError, match="must be positive"):
        nn.MultiheadAttention(0, 1)
    with pytest.raises(LayerConfigError, match="dropout"):
        nn.MultiheadAttention(8, 2, dropout=1.5)
    m = nn.MultiheadAttention(8, 2)
    q, k, v = _inputs({})
    with pytest.raises(LayerConfigError, match="embed_dim=8"):
        m(t(q[..., :6]), t(k), t(v))
    with pytest.raises(LayerConfigError, match="attn_mask must be"):
        m(t(q), t(k), t(v), attn_mask=t(np.zeros((4, 5))))
    with pytest.raises(LayerConfigError, match="key_padding_mask must be"):
        m(t(q), t(k), t(v), key_padding_mask=t(np.zeros((3, 5), bool), bool))
    with pytest.raises(LayerConfigError, match="is_causal"):
        m(t(q), t(k), t(v), is_causal=True)
    with pytest.raises(LayerConfigError, match="2-D .unbatched. or 3-D"):
        m(t(q[0, 0]), t(k), t(v))


# -- the encoder ---------------------------------------------------------------------------------


ENCODERS: Dict[str, Dict[str, Any]] = {
    "post_norm": {},
    "norm_first": {"norm_first": True},
    "gelu_batch_first": {"activation": "gelu", "batch_first": True},
}


def _encoders(torch: Any, cfg: Dict[str, Any], dropout: float = 0.0) -> Tuple[Any, nn.TransformerEncoder]:
    torch.manual_seed(2)
    tl = torch.nn.TransformerEncoderLayer(8, 2, 16, dropout=dropout, **cfg)
    te = torch.nn.TransformerEncoder(tl, 2, norm=torch.nn.LayerNorm(8), enable_nested_tensor=False)
    layer = nn.TransformerEncoderLayer(8, 2, 16, dropout=dropout, **cfg)
    e = nn.TransformerEncoder(layer, 2, norm=nn.LayerNorm(8))
    assert list(e.state_dict()) == list(te.state_dict())
    load_from(te, e)
    return te, e


@pytest.mark.parametrize("name", list(ENCODERS))
def test_encoder_matches_torch_train_and_eval(name: str) -> None:
    torch = torch_or_skip()
    cfg = ENCODERS[name]
    te, e = _encoders(torch, cfg)
    # (L, N, E) = (5, 3, 8), or (N, L, E) with batch_first; the padding mask is (N, S) either way.
    x = RNG.standard_normal((3, 5, 8) if cfg.get("batch_first") else (5, 3, 8)).astype(np.float32)
    causal = torch.nn.Transformer.generate_square_subsequent_mask(5)
    kpm = np.zeros((3, 5), dtype=bool)
    kpm[2, 3:] = True
    for train in (True, False):
        te.train(train)
        e.train(train)
        for mask, pad in ((None, None), (causal, None), (None, kpm), (causal, kpm)):
            tx = torch.tensor(x, requires_grad=True)
            to = te(tx, mask=mask, src_key_padding_mask=None if pad is None else torch.tensor(pad))
            xt = t(x)
            xt.requires_grad_(True)
            out = e(xt, mask=None if mask is None else t(mask.numpy()), src_key_padding_mask=None if pad is None else t(pad, bool))
            np.testing.assert_allclose(npy(out), to.detach().numpy(), rtol=1e-4, atol=1e-5)
            if train:
                to.square().sum().backward()
                (out * out).sum().backward()
                np.testing.assert_allclose(npy(xt.grad), tx.grad.numpy(), rtol=1e-3, atol=1e-4)
                grads = {k: p.grad for k, p in e.named_parameters()}
                for pname, tp in te.named_parameters():
                    np.testing.assert_allclose(npy(grads[pname]), tp.grad.numpy(), rtol=1e-3, atol=1e-4, err_msg=pname)
                te.zero_grad()
                e.zero_grad()


def test_encoder_training_steps_track_torch() -> None:
    torch = torch_or_skip()
    te, e = _encoders(torch, {})
    x = RNG.standard_normal((6, 4, 8)).astype(np.float32)
    y = RNG.standard_normal((6, 4, 8)).astype(np.float32)
    tparams = list(te.parameters())
    params = list(e.parameters())
    losses = []
    for _ in range(8):
        tl = torch.nn.functional.mse_loss(te(torch.tensor(x)), torch.tensor(y))
        te.zero_grad()
        tl.backward()
        with torch.no_grad():
            for tp in tparams:
                tp -= 0.05 * tp.grad
        loss = nn.functional.mse_loss(e(t(x)), t(y))
        e.zero_grad()
        loss.backward()
        tfs.sgd_step_(params, 0.05)
        np.testing.assert_allclose(float(loss.item()), float(tl.item()), rtol=1e-4)
        losses.append(float(loss.item()))
    assert losses[-1] < losses[0]
    sd = e.state_dict()
    for k, v in te.state_dict().items():
        np.testing.assert_allclose(npy(sd[k]), v.numpy(), rtol=1e-3, atol=1e-5, err_msg=k)


def test_encoder_dropout_is_active_in_train_only() -> None:
    tfs.manual_seed(6)
    e = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, dropout=0.5), 2)
    x = t(RNG.standard_normal((5, 2, 8)))
    a, b = npy(e(x)), npy(e(x))
    assert not np.allclose(a, b)  # fresh dropout masks each call
    e.eval()
    c, d = npy(e(x)), npy(e(x))
    np.testing.assert_array_equal(c, d)
    assert not np.allclose(a, c)


def test_encoder_structure_and_errors() -> None:
    layer = nn.TransformerEncoderLayer(8, 2, 16)
    e = nn.TransformerEncoder(layer, 3)
    first: Any = e.layers[0]
    second: Any = e.layers[1]
    assert len(e.layers) == 3 and e.num_layers == 3
    # Deep copies: the layers do not share parameters with each other or with the prototype.
    assert first.linear1.weight is not second.linear1.weight
    assert first.linear1.weight is not layer.linear1.weight
    np.testing.assert_array_equal(npy(first.linear1.weight), npy(second.linear1.weight))
    assert sum(1 for _ in e.parameters()) == 3 * sum(1 for _ in layer.parameters())
    with pytest.raises(LayerConfigError, match="activation"):
        nn.TransformerEncoderLayer(8, 2, activation="swish")
    with pytest.raises(LayerConfigError, match="num_layers"):
        nn.TransformerEncoder(layer, -1)
    custom = nn.TransformerEncoderLayer(8, 2, 16, activation=nn.functional.silu, dropout=0.0)
    assert custom(t(RNG.standard_normal((3, 1, 8)))).shape == (3, 1, 8)
