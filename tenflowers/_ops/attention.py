"""``scaled_dot_product_attention``, one C call (``TF_ScaledDotProductAttention``); PyTorch's
argument names and semantics. ``tenflowers.nn.functional`` re-exports it."""

from __future__ import annotations

import math
from typing import Any, Optional

from .._core import capi, ffi
from .._core.tensor import Tensor, _wrap
from .layer_args import tensor_arg as _tensor

_TF_ScaledDotProductAttention = capi.TF_ScaledDotProductAttention


def scaled_dot_product_attention(
    query: Any,
    key: Any,
    value: Any,
    attn_mask: Optional[Any] = None,
    dropout_p: float = 0.0,
    is_causal: bool = False,
    scale: Optional[float] = None,
    enable_gqa: bool = False,
) -> Tensor:
    """``softmax(query @ key^T * scale + mask) @ value`` as
    ``torch.nn.functional.scaled_dot_product_attention``: `query` ``(..., L, E)``, `key`
    ``(..., S, E)``, `value` ``(..., S, Ev)`` with broadcasting batch dims; `attn_mask` bool
    (True takes part) or float (added), broadcastable to ``(..., L, S)``; `is_causal` the
    upper-left aligned lower triangle (not with a mask); `scale` defaults to ``1 / sqrt(E)``
    and must be positive when given (the C call reads <= 0 as the default); `dropout_p` drops
    probabilities with the library's generator (``manual_seed``); `enable_gqa` repeats key and
    value heads up to the query's. Rows with every key masked give 0 (PyTorch's math backend).
    Differentiable with respect to query, key, value and a float mask, to any order. Bad
    configurations raise LayerConfigError."""
    if scale is None:
        sc = 0.0
    else:
        sc = float(scale)
        if not (sc > 0.0 and math.isfinite(sc)):
            raise ValueError(f"scaled_dot_product_attention: scale must be positive and finite, got {scale!r}")
    q, k, v = _tensor(query), _tensor(key), _tensor(value)
    m = None if attn_mask is None else _tensor(attn_mask)
    st = ffi.status()
    h = _TF_ScaledDotProductAttention(q._h, k._h, v._h, None if m is None else m._h, float(dropout_p),
                                      bool(is_causal), sc, bool(enable_gqa), st)
    if not h:
        ffi.raise_status(st)
    return _wrap(h)


__all__ = ["scaled_dot_product_attention"]
