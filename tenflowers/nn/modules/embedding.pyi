from typing import Any, Optional

from ..._core.device import DeviceLike
from ..._core.tensor import Tensor
from ..module import Module
from ..parameter import Parameter

class Embedding(Module):
    num_embeddings: int
    embedding_dim: int
    padding_idx: Optional[int]
    max_norm: Optional[float]
    norm_type: float
    scale_grad_by_freq: bool
    sparse: bool
    weight: Parameter
    def __init__(
        self, num_embeddings: int, embedding_dim: int, padding_idx: Optional[int] = None,
        max_norm: Optional[float] = None, norm_type: float = 2.0, scale_grad_by_freq: bool = False,
        sparse: bool = False, _weight: Optional[Tensor] = None, _freeze: bool = False,
        device: Optional[DeviceLike] = None, dtype: Optional[Any] = None,
    ) -> None: ...
    def reset_parameters(self) -> None: ...
    def _fill_padding_idx_with_zero(self) -> None: ...
    def forward(self, input: Tensor) -> Tensor: ...
    @classmethod
    def from_pretrained(
        cls, embeddings: Tensor, freeze: bool = True, padding_idx: Optional[int] = None,
        max_norm: Optional[float] = None, norm_type: float = 2.0, scale_grad_by_freq: bool = False,
        sparse: bool = False,
    ) -> "Embedding": ...

__all__ = ["Embedding"]
