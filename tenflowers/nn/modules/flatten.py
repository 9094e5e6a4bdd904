"""``Flatten`` and ``Unflatten`` (PyTorch's ``torch.nn.modules.flatten``)."""

from __future__ import annotations

import operator
from typing import Sequence, Tuple

from ..._core.tensor import Tensor
from ...errors import LayerConfigError
from ..module import Module


class Flatten(Module):
    """Merges dims ``start_dim..end_dim`` (inclusive) into one: ``(N, C, H, W)`` to
    ``(N, C*H*W)`` with the defaults (a view when the strides allow)."""

    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        super().__init__()
        self.start_dim = operator.index(start_dim)
        self.end_dim = operator.index(end_dim)

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002 - PyTorch's name
        return input.flatten(self.start_dim, self.end_dim)

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Unflatten(Module):
    """Splits dim `dim` into `unflattened_size` (ints; one may be -1, inferred): ``Unflatten(1,
    (2, 5))`` takes ``(N, 10)`` to ``(N, 2, 5)``. A size list that is not ints raises TypeError;
    one whose product does not match the dim raises ShapeError at forward."""

    def __init__(self, dim: int, unflattened_size: Sequence[int]) -> None:
        super().__init__()
        if not isinstance(unflattened_size, (tuple, list)):
            raise TypeError("unflattened_size must be tuple or list")
        for idx, elem in enumerate(unflattened_size):
            if not isinstance(elem, int):
                raise TypeError(f"unflattened_size must be tuple of ints, but found element of type {type(elem).__name__} at pos {idx}")
        if sum(1 for s in unflattened_size if s == -1) > 1 or any(s < -1 for s in unflattened_size):
            raise LayerConfigError(
                f"Unflatten: unflattened_size {tuple(unflattened_size)} may hold one -1 and otherwise sizes >= 0"
            )
        self.dim = operator.index(dim)
        self.unflattened_size = unflattened_size

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        shape = input.shape
        d = self.dim + len(shape) if self.dim < 0 else self.dim
        if not 0 <= d < len(shape):
            raise IndexError(f"Unflatten: dim {self.dim} is out of range for an input of {len(shape)} dims")
        new: Tuple[int, ...] = shape[:d] + tuple(self.unflattened_size) + shape[d + 1:]
        return input.reshape(new)

    def extra_repr(self) -> str:
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"


__all__ = ["Flatten", "Unflatten"]
