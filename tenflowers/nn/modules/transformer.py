"""``TransformerEncoderLayer`` and ``TransformerEncoder`` (PyTorch's
``torch.nn.modules.transformer``): self-attention and a feed-forward block, each with dropout,
a residual connection and LayerNorm (after each block, or before with `norm_first`), with
PyTorch's submodule names (so a PyTorch state_dict loads) and arguments."""

from __future__ import annotations

import copy
from typing import Any, Callable, Optional, Union

from ..._core.device import DeviceLike
from ..._core.tensor import Tensor
from ...errors import LayerConfigError
from .. import functional as F
from ..containers import ModuleList
from ..module import Module
from .attention import MultiheadAttention
from .dropout import Dropout
from .linear import Linear
from .normalization import LayerNorm

_ACTIVATIONS = {"relu": F.relu, "gelu": F.gelu}


class TransformerEncoderLayer(Module):
    """``x = norm1(x + dropout1(self_attn(x)))``, ``x = norm2(x + dropout2(linear2(dropout(
    activation(linear1(x))))))``; with `norm_first`, ``x = x + block(norm(x))`` instead.
    `activation` is ``"relu"``, ``"gelu"`` or a callable. ``forward(src, src_mask=None,
    src_key_padding_mask=None, is_causal=False)`` takes MultiheadAttention's masks."""

    self_attn: MultiheadAttention
    linear1: Linear
    dropout: Dropout
    linear2: Linear
    norm_first: bool
    norm1: LayerNorm
    norm2: LayerNorm
    dropout1: Dropout
    dropout2: Dropout
    activation: Callable[[Tensor], Tensor]

    def __init__(
        self, d_model: int, nhead: int, dim_feedforward: int = 2048, dropout: float = 0.1,
        activation: Union[str, Callable[[Tensor], Tensor]] = F.relu, layer_norm_eps: float = 1e-5,
        batch_first: bool = False, norm_first: bool = False, bias: bool = True, device: Optional[DeviceLike] = None,
        dtype: Optional[Any] = None,
    ) -> None:
        super().__init__()
        self.self_attn = MultiheadAttention(
            d_model, nhead, dropout=dropout, bias=bias, batch_first=batch_first, device=device, dtype=dtype
        )
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, device=device, dtype=dtype)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, device=device, dtype=dtype)
        self.norm_first = norm_first
        self.norm1 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, device=device, dtype=dtype)
        self.norm2 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, device=device, dtype=dtype)
        self.dropout1 = Dropout(dropout)
        self.dropout2 = Dropout(dropout)
        if isinstance(activation, str):
            if activation not in _ACTIVATIONS:
                raise LayerConfigError(
                    f"TransformerEncoderLayer: activation should be relu/gelu or a callable, not {activation!r}"
                )
            self.activation = _ACTIVATIONS[activation]
        else:
            self.activation = activation

    def _sa_block(self, x: Tensor, attn_mask: Optional[Tensor], key_padding_mask: Optional[Tensor], is_causal: bool) -> Tensor:
        out, _ = self.self_attn(
            x, x, x, attn_mask=attn_mask, key_padding_mask=key_padding_mask, need_weights=False, is_causal=is_causal
        )
        y: Tensor = self.dropout1(out)
        return y

    def _ff_block(self, x: Tensor) -> Tensor:
        h: Tensor = self.dropout(self.activation(self.linear1(x)))
        y: Tensor = self.dropout2(self.linear2(h))
        return y

    def forward(
        self, src: Tensor, src_mask: Optional[Tensor] = None, src_key_padding_mask: Optional[Tensor] = None,
        is_causal: bool = False,
    ) -> Tensor:
        x = src
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), src_mask, src_key_padding_mask, is_causal)
            x = x + self._ff_block(self.norm2(x))
        else:
            x = self.norm1(x + self._sa_block(x, src_mask, src_key_padding_mask, is_causal))
            x = self.norm2(x + self._ff_block(x))
        return x


class TransformerEncoder(Module):
    """`num_layers` deep copies of `encoder_layer` (``layers.0``, ``layers.1``, ...) applied in
    turn, then `norm` when given. `enable_nested_tensor` and `mask_check` are accepted for
    PyTorch compatibility (tenflowers has no nested tensors; masks are always checked)."""

    layers: ModuleList
    num_layers: int
    norm: Optional[Module]

    def __init__(
        self, encoder_layer: TransformerEncoderLayer, num_layers: int, norm: Optional[Module] = None,
        enable_nested_tensor: bool = True, mask_check: bool = True,
    ) -> None:
        super().__init__()
        if num_layers < 0:
            raise LayerConfigError(f"TransformerEncoder: num_layers must be >= 0, got num_layers={num_layers}")
        self.layers = ModuleList([copy.deepcopy(encoder_layer) for _ in range(num_layers)])
        self.num_layers = num_layers
        self.norm = norm

    def forward(
        self, src: Tensor, mask: Optional[Tensor] = None, src_key_padding_mask: Optional[Tensor] = None,
        is_causal: Optional[bool] = None,
    ) -> Tensor:
        x = src
        for layer in self.layers:
            x = layer(x, src_mask=mask, src_key_padding_mask=src_key_padding_mask, is_causal=bool(is_causal))
        if self.norm is not None:
            x = self.norm(x)
        return x


__all__ = ["TransformerEncoder", "TransformerEncoderLayer"]
