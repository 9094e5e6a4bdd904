from typing import Any, Optional, Tuple

from ..._core.device import DeviceLike
from ..._core.tensor import Tensor
from ..module import Module
from .linear import Linear

class NonDynamicallyQuantizableLinear(Linear): ...

def _additive(mask: Optional[Tensor], dtype: Any, what: str) -> Optional[Tensor]: ...

class MultiheadAttention(Module):
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
    ) -> None: ...
    def _reset_parameters(self) -> None: ...
    def _project(self, query: Tensor, key: Tensor, value: Tensor) -> Tuple[Tensor, Tensor, Tensor]: ...
    def forward(
        self, query: Tensor, key: Tensor, value: Tensor, key_padding_mask: Optional[Tensor] = None,
        need_weights: bool = True, attn_mask: Optional[Tensor] = None, average_attn_weights: bool = True,
        is_causal: bool = False,
    ) -> Tuple[Tensor, Optional[Tensor]]: ...

__all__ = ["MultiheadAttention", "NonDynamicallyQuantizableLinear"]
