"""``MultiheadAttention`` (PyTorch's, in ``torch.nn.modules.activation``): the input
projections, ``F.scaled_dot_product_attention`` (the fused kernel) per head, and the output
projection, with PyTorch's parameters, state_dict keys, initialization, masks and returns."""

from __future__ import annotations

import math
import operator
from typing import Any, Optional, Tuple

from ..._core.device import DeviceLike
from ..._core.dtypes import bool_, float32
from ..._core.tensor import Tensor
from ..._ops.activations import softmax
from ..._ops.creation import empty, zeros
from ..._ops.fused import linear
from ..._ops.selection import where
from ..._ops.shape import broadcast_to, concat, permute_dims, swapaxes
from ...errors import LayerConfigError
from .. import functional as F
from .. import init
from ..module import Module
from ..parameter import Parameter
from .linear import Linear


class NonDynamicallyQuantizableLinear(Linear):
    """The output projection of MultiheadAttention: a Linear, under PyTorch's class name so that
    ``repr`` and ported code that checks the type agree with PyTorch."""


def _additive(mask: Optional[Tensor], dtype: Any, what: str) -> Optional[Tensor]:
    # PyTorch's MultiheadAttention masks: bool True = may NOT attend (-inf), float = added.
    if mask is None:
        return None
    if mask.dtype == bool_:
        return where(mask, float("-inf"), 0.0).astype(dtype)
    if mask.dtype != dtype:
        raise LayerConfigError(f"MultiheadAttention: {what} must be bool or of the query's dtype {dtype}, got {mask.dtype}")
    return mask


class MultiheadAttention(Module):
    """Attention over `num_heads` heads of size ``embed_dim // num_heads``. ``forward(query,
    key, value, key_padding_mask=None, need_weights=True, attn_mask=None,
    average_attn_weights=True, is_causal=False)`` returns ``(output, weights)``: inputs are
    ``(L, N, E)`` (``(N, L, E)`` with `batch_first`, ``(L, E)`` unbatched); `key_padding_mask`
    ``(N, S)`` and `attn_mask` ``(L, S)`` or ``(N * num_heads, L, S)`` are bool (True: masked
    out) or float (added to the scores). The weights, returned when `need_weights` (after
    dropout, as PyTorch), are averaged over heads unless `average_attn_weights` is False; without
    them the heads run through the fused ``scaled_dot_product_attention``. `kdim`/`vdim` give
    separate key/value projections; `add_bias_kv` appends a learned key and value, and
    `add_zero_attn` a zero key and value, to the sequence."""

    embed_dim: int
    kdim: int
    vdim: int
    num_heads: int
    dropout: float
    batch_first: bool
    head_dim: int
    out_proj: NonDynamicallyQuantizableLinear

    def __init__(
        self, embed_dim: int, num_heads: int, dropout: float = 0.0, bias: bool = True, add_bias_kv: bool = False,
        add_zero_attn: bool = False, kdim: Optional[int] = None, vdim: Optional[int] = None, batch_first: bool = False,
        device: Optional[DeviceLike] = None, dtype: Optional[Any] = None,
    ) -> None:
        super().__init__()
        embed_dim, num_heads = operator.index(embed_dim), operator.index(num_heads)
        if embed_dim <= 0 or num_heads <= 0:
            raise LayerConfigError(
                f"MultiheadAttention: embed_dim and num_heads must be positive, got embed_dim={embed_dim}, "
                f"num_heads={num_heads}"
            )
        if embed_dim % num_heads:
            raise LayerConfigError(
                f"MultiheadAttention: embed_dim must be divisible by num_heads, got embed_dim={embed_dim}, "
                f"num_heads={num_heads}"
            )
        if not 0.0 <= dropout <= 1.0:
            raise LayerConfigError(f"MultiheadAttention: dropout must be in [0, 1], got dropout={dropout}")
        self.embed_dim, self.num_heads, self.dropout, self.batch_first = embed_dim, num_heads, float(dropout), batch_first
        self.kdim = embed_dim if kdim is None else operator.index(kdim)
        self.vdim = embed_dim if vdim is None else operator.index(vdim)
        self._qkv_same_embed_dim = self.kdim == embed_dim and self.vdim == embed_dim
        self.head_dim = embed_dim // num_heads
        self.add_zero_attn = add_zero_attn
        dt = float32 if dtype is None else dtype

        def param(*shape: int) -> Parameter:
            return Parameter(empty(shape, dtype=dt, device=device))

        if self._qkv_same_embed_dim:
            self.in_proj_weight = param(3 * embed_dim, embed_dim)
            for name in ("q_proj_weight", "k_proj_weight", "v_proj_weight"):
                self.register_parameter(name, None)
        else:
            self.q_proj_weight = param(embed_dim, embed_dim)
            self.k_proj_weight = param(embed_dim, self.kdim)
            self.v_proj_weight = param(embed_dim, self.vdim)
            self.register_parameter("in_proj_weight", None)
        if bias:
            self.in_proj_bias = param(3 * embed_dim)
        else:
            self.register_parameter("in_proj_bias", None)
        self.out_proj = NonDynamicallyQuantizableLinear(embed_dim, embed_dim, bias=bias, device=device, dtype=dt)
        if add_bias_kv:
            self.bias_k = param(1, 1, embed_dim)
            self.bias_v = param(1, 1, embed_dim)
        else:
            self.register_parameter("bias_k", None)
            self.register_parameter("bias_v", None)
        self._reset_parameters()

    def _reset_parameters(self) -> None:
        p = self._parameters
        if self._qkv_same_embed_dim:
            init.xavier_uniform_(p["in_proj_weight"])
        else:
            for name in ("q_proj_weight", "k_proj_weight", "v_proj_weight"):
                init.xavier_uniform_(p[name])
        if p["in_proj_bias"] is not None:
            init.constant_(p["in_proj_bias"], 0.0)
            init.constant_(self.out_proj.bias, 0.0)
        if p["bias_k"] is not None:
            init.xavier_normal_(p["bias_k"])
            init.xavier_normal_(p["bias_v"])

    def _project(self, query: Tensor, key: Tensor, value: Tensor) -> Tuple[Tensor, Tensor, Tensor]:
        p, e = self._parameters, self.embed_dim
        b = p["in_proj_bias"]
        bq, bk, bv = (None, None, None) if b is None else (b[0:e], b[e : 2 * e], b[2 * e :])
        w = p["in_proj_weight"]
        if w is not None:
            wq, wk, wv = w[0:e], w[e : 2 * e], w[2 * e :]
        else:
            wq, wk, wv = p["q_proj_weight"], p["k_proj_weight"], p["v_proj_weight"]
        return linear(query, wq, bq), linear(key, wk, bk), linear(value, wv, bv)

    def forward(
        self, query: Tensor, key: Tensor, value: Tensor, key_padding_mask: Optional[Tensor] = None,
        need_weights: bool = True, attn_mask: Optional[Tensor] = None, average_attn_weights: bool = True,
        is_causal: bool = False,
    ) -> Tuple[Tensor, Optional[Tensor]]:
        if is_causal and attn_mask is None:
            raise LayerConfigError("MultiheadAttention: is_causal is a hint that attn_mask is the causal mask; pass attn_mask")
        unbatched = query.ndim == 2
        if query.ndim not in (2, 3) or key.ndim != query.ndim or value.ndim != query.ndim:
            raise LayerConfigError(
                f"MultiheadAttention: query, key and value must all be 2-D (unbatched) or 3-D, got shapes "
                f"{query.shape}, {key.shape}, {value.shape}"
            )
        # Work in (N, L, E).
        if unbatched:
            q_in, k_in, v_in = query.unsqueeze(0), key.unsqueeze(0), value.unsqueeze(0)
        elif self.batch_first:
            q_in, k_in, v_in = query, key, value
        else:
            q_in, k_in, v_in = swapaxes(query, 0, 1), swapaxes(key, 0, 1), swapaxes(value, 0, 1)
        n, L, e = q_in.shape
        if e != self.embed_dim:
            raise LayerConfigError(f"MultiheadAttention: query's embedding size is {e}, expected embed_dim={self.embed_dim}")
        if k_in.shape[:2] != v_in.shape[:2] or k_in.shape[0] != n:
            raise LayerConfigError(
                f"MultiheadAttention: key {key.shape} and value {value.shape} must match each other and the query's batch"
            )
        q, k, v = self._project(q_in, k_in, v_in)
        S = k.shape[1]
        h, hd = self.num_heads, self.head_dim
        dt = q.dtype
        am = _additive(attn_mask, dt, "attn_mask")
        if am is not None:
            if am.shape == (L, S):
                am = am.reshape((1, 1, L, S))
            elif am.shape == (n * h, L, S):
                am = am.reshape((n, h, L, S))
            else:
                raise LayerConfigError(
                    f"MultiheadAttention: attn_mask must be {(L, S)} or {(n * h, L, S)}, got {attn_mask.shape}"
                )
        kpm = _additive(key_padding_mask.unsqueeze(0) if key_padding_mask is not None and unbatched else key_padding_mask,
                        dt, "key_padding_mask")
        if kpm is not None:
            if kpm.shape != (n, S):
                raise LayerConfigError(f"MultiheadAttention: key_padding_mask must be {(n, S)}, got {kpm.shape}")
            kpm = kpm.reshape((n, 1, 1, S))
        mask = kpm if am is None else (am if kpm is None else am + kpm)
        bias_k = self._parameters["bias_k"]
        extra = 0
        if bias_k is not None:
            bias_v = self._parameters["bias_v"]
            assert bias_v is not None
            k = concat([k, broadcast_to(bias_k, (n, 1, e))], axis=1)
            v = concat([v, broadcast_to(bias_v, (n, 1, e))], axis=1)
            extra += 1
        if self.add_zero_attn:
            k = concat([k, zeros((n, 1, e), dtype=dt)], axis=1)
            v = concat([v, zeros((n, 1, e), dtype=dt)], axis=1)
            extra += 1
        if mask is not None and extra:
            mask = concat([mask, zeros(mask.shape[:-1] + (extra,), dtype=dt)], axis=-1)
        St = S + extra
        qh = permute_dims(q.reshape((n, L, h, hd)), (0, 2, 1, 3))
        kh = permute_dims(k.reshape((n, St, h, hd)), (0, 2, 1, 3))
        vh = permute_dims(v.reshape((n, St, h, hd)), (0, 2, 1, 3))
        p_drop = self.dropout if self.training else 0.0
        weights: Optional[Tensor] = None
        if need_weights:
            scores = (qh @ swapaxes(kh, -1, -2)) * (1.0 / math.sqrt(hd))
            if mask is not None:
                scores = scores + mask
            w = softmax(scores, -1)
            if p_drop > 0.0:
                w = F.dropout(w, p_drop, True)
            out = w @ vh
            weights = w.mean(axis=1) if average_attn_weights else w
            if unbatched:
                weights = weights.squeeze(0)
        else:
            out = F.scaled_dot_product_attention(qh, kh, vh, attn_mask=mask, dropout_p=p_drop)
        out = permute_dims(out, (0, 2, 1, 3)).reshape((n, L, e))
        out = self.out_proj(out)
        if unbatched:
            out = out.squeeze(0)
        elif not self.batch_first:
            out = swapaxes(out, 0, 1)
        return out, weights


__all__ = ["MultiheadAttention", "NonDynamicallyQuantizableLinear"]
