"""The dropout layers (PyTorch's ``torch.nn.modules.dropout``): ``F.dropout`` (elements) and
``F.dropout1d`` / ``F.dropout2d`` / ``F.dropout3d`` (whole channels) while training, the
identity in eval mode. The masks come from the library's seeded generator."""

from __future__ import annotations

from typing import Callable

from ..._core.tensor import Tensor
from ...errors import LayerConfigError
from .. import functional as F
from ..module import Module


class _DropoutNd(Module):
    """The shared constructor: `p` outside [0, 1] raises LayerConfigError, as PyTorch's
    ValueError; `inplace` overwrites the input as ``F.dropout(inplace=True)`` does."""

    p: float
    inplace: bool

    def __init__(self, p: float = 0.5, inplace: bool = False) -> None:
        super().__init__()
        if not 0.0 <= p <= 1.0:
            raise LayerConfigError(
                f"{type(self).__name__}: dropout probability has to be between 0 and 1, but got p={p}"
            )
        self.p, self.inplace = float(p), inplace

    def _apply_dropout(self, fn: Callable[..., Tensor], input: Tensor) -> Tensor:  # noqa: A002
        out: Tensor = fn(input, self.p, self.training, self.inplace)
        return out

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"


class Dropout(_DropoutNd):
    """Zeroes each element with probability `p` and scales the rest by ``1 / (1 - p)`` in
    training mode; returns the input unchanged in eval mode."""

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002 - PyTorch's name
        return self._apply_dropout(F.dropout, input)


class Dropout1d(_DropoutNd):
    """Zeroes whole channels of ``(N, C, L)`` or ``(C, L)`` inputs with probability `p`."""

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return self._apply_dropout(F.dropout1d, input)


class Dropout2d(_DropoutNd):
    """Zeroes whole channels of ``(N, C, H, W)`` or ``(C, H, W)`` inputs with probability `p`."""

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return self._apply_dropout(F.dropout2d, input)


class Dropout3d(_DropoutNd):
    """Zeroes whole channels of ``(N, C, D, H, W)`` or ``(C, D, H, W)`` inputs with probability `p`."""

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return self._apply_dropout(F.dropout3d, input)


__all__ = ["Dropout", "Dropout1d", "Dropout2d", "Dropout3d"]
