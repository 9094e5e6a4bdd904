"""The losses as modules (PyTorch's ``torch.nn.modules.loss``), each over its
``nn.functional`` function. ``_Loss`` holds the ``reduction`` every loss takes."""

from __future__ import annotations

from typing import Any

from ..._core.tensor import Tensor
from .. import functional as F
from ..module import Module

_REDUCTIONS = ("none", "mean", "sum")


class _Loss(Module):
    """Base of the loss modules: `reduction` is ``"mean"``, ``"sum"`` or ``"none"`` (ValueError
    otherwise)."""

    def __init__(self, reduction: str = "mean") -> None:
        super().__init__()
        if reduction not in _REDUCTIONS:
            raise ValueError(f"{reduction} is not a valid value for reduction")
        self.reduction = reduction


class CrossEntropyLoss(_Loss):
    """``F.cross_entropy(input, target)`` with this module's settings: unnormalized scores
    ``(N, C)`` (or ``(C,)``) against class indices ``(N,)`` (or ``()``), `ignore_index` rows
    left out, `label_smoothing` in [0, 1]. The arguments are those the fused kernel supports
    today, keyword-only (PyTorch's ``weight`` is not among them)."""

    def __init__(self, *, ignore_index: int = -100, reduction: str = "mean", label_smoothing: float = 0.0) -> None:
        super().__init__(reduction)
        self.ignore_index = ignore_index
        self.label_smoothing = label_smoothing

    def forward(self, input: Tensor, target: Any) -> Tensor:  # noqa: A002 - PyTorch's name
        return F.cross_entropy(
            input, target, reduction=self.reduction, ignore_index=self.ignore_index,
            label_smoothing=self.label_smoothing,
        )


__all__ = ["CrossEntropyLoss"]
