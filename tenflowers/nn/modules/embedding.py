"""``Embedding`` (PyTorch's ``torch.nn.modules.sparse``): a lookup table of
`num_embeddings` rows of size `embedding_dim`, indexed by integer tensors of any shape."""

from __future__ import annotations

import operator
from typing import Any, Optional

from ..._core.device import DeviceLike
from ..._core.dtypes import float32
from ..._core.tensor import Tensor
from ..._ops.autograd import no_grad
from ..._ops.creation import empty
from ...errors import LayerConfigError
from .. import functional as F
from .. import init
from ..module import Module
from ..parameter import Parameter


class Embedding(Module):
    """``F.embedding(input, weight, ...)`` with a weight of shape ``(num_embeddings,
    embedding_dim)`` drawn from N(0, 1) (PyTorch's default), the row `padding_idx` (negative
    counts from the end) zeroed and receiving no gradient. `max_norm` renormalizes looked-up
    rows in place; `scale_grad_by_freq` divides each row's gradient by its count in the batch.
    `_weight` supplies the table (it must have that shape); `_freeze` makes it not require grad."""

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
    ) -> None:
        super().__init__()
        num_embeddings, embedding_dim = operator.index(num_embeddings), operator.index(embedding_dim)
        if num_embeddings < 0 or embedding_dim < 0:
            raise LayerConfigError(
                f"Embedding: num_embeddings and embedding_dim must be >= 0, got num_embeddings={num_embeddings}, "
                f"embedding_dim={embedding_dim}"
            )
        if padding_idx is not None:
            padding_idx = operator.index(padding_idx)
            if not -num_embeddings <= padding_idx < num_embeddings:
                raise LayerConfigError(
                    f"Embedding: padding_idx must be within num_embeddings, got padding_idx={padding_idx}, "
                    f"num_embeddings={num_embeddings}"
                )
            if padding_idx < 0:
                padding_idx += num_embeddings
        if sparse:
            raise LayerConfigError("Embedding: sparse=True is not available: tenflowers gradients are dense")
        self.num_embeddings, self.embedding_dim, self.padding_idx = num_embeddings, embedding_dim, padding_idx
        self.max_norm, self.norm_type = max_norm, norm_type
        self.scale_grad_by_freq, self.sparse = scale_grad_by_freq, sparse
        if _weight is None:
            dt = float32 if dtype is None else dtype
            self.weight = Parameter(empty((num_embeddings, embedding_dim), dtype=dt, device=device), not _freeze)
            self.reset_parameters()
        else:
            if _weight.shape != (num_embeddings, embedding_dim):
                raise LayerConfigError(
                    f"Embedding: _weight has shape {_weight.shape}, expected {(num_embeddings, embedding_dim)}"
                )
            self.weight = Parameter(_weight, not _freeze)

    def reset_parameters(self) -> None:
        """N(0, 1) entries, the padding row zeroed."""
        init.normal_(self.weight)
        self._fill_padding_idx_with_zero()

    def _fill_padding_idx_with_zero(self) -> None:
        if self.padding_idx is not None:
            with no_grad():
                self.weight[self.padding_idx] = 0

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002 - PyTorch's name
        out: Tensor = F.embedding(
            input, self.weight, self.padding_idx, self.max_norm, self.norm_type, self.scale_grad_by_freq, self.sparse
        )
        return out

    def extra_repr(self) -> str:
        s = f"{self.num_embeddings}, {self.embedding_dim}"
        if self.padding_idx is not None:
            s += f", padding_idx={self.padding_idx}"
        if self.max_norm is not None:
            s += f", max_norm={self.max_norm}"
        if self.norm_type != 2:
            s += f", norm_type={self.norm_type}"
        if self.scale_grad_by_freq:
            s += ", scale_grad_by_freq=True"
        return s

    @classmethod
    def from_pretrained(
        cls, embeddings: Tensor, freeze: bool = True, padding_idx: Optional[int] = None,
        max_norm: Optional[float] = None, norm_type: float = 2.0, scale_grad_by_freq: bool = False,
        sparse: bool = False,
    ) -> "Embedding":
        """An Embedding over the 2-d `embeddings` (shared, not copied), frozen unless `freeze`
        is False."""
        if embeddings.ndim != 2:
            raise LayerConfigError(f"Embedding.from_pretrained: embeddings must be 2-dimensional, got {embeddings.shape}")
        rows, cols = embeddings.shape
        return cls(
            rows, cols, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse, _weight=embeddings,
            _freeze=freeze,
        )


__all__ = ["Embedding"]
