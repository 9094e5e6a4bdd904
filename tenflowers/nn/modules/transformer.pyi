from typing import Any, Callable, Dict, Optional, Union

from ..._core.device import DeviceLike
from ..._core.tensor import Tensor
from ..containers import ModuleList
from ..module import Module
from .attention import MultiheadAttention
from .dropout import Dropout
from .linear import Linear
from .normalization import LayerNorm

_ACTIVATIONS: Dict[str, Callable[..., Tensor]]

class TransformerEncoderLayer(Module):
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
        activation: Union[str, Callable[[Tensor], Tensor]] = ..., layer_norm_eps: float = 1e-5,
        batch_first: bool = False, norm_first: bool = False, bias: bool = True, device: Optional[DeviceLike] = None,
        dtype: Optional[Any] = None,
    ) -> None: ...
    def _sa_block(self, x: Tensor, attn_mask: Optional[Tensor], key_padding_mask: Optional[Tensor], is_causal: bool) -> Tensor: ...
    def _ff_block(self, x: Tensor) -> Tensor: ...
    def forward(
        self, src: Tensor, src_mask: Optional[Tensor] = None, src_key_padding_mask: Optional[Tensor] = None,
        is_causal: bool = False,
    ) -> Tensor: ...

class TransformerEncoder(Module):
    layers: ModuleList
    num_layers: int
    norm: Optional[Module]
    def __init__(
        self, encoder_layer: TransformerEncoderLayer, num_layers: int, norm: Optional[Module] = None,
        enable_nested_tensor: bool = True, mask_check: bool = True,
    ) -> None: ...
    def forward(
        self, src: Tensor, mask: Optional[Tensor] = None, src_key_padding_mask: Optional[Tensor] = None,
        is_causal: Optional[bool] = None,
    ) -> Tensor: ...

__all__ = ["TransformerEncoder", "TransformerEncoderLayer"]
