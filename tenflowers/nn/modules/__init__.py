"""``tenflowers.nn.modules``: the layer modules, one file per family (as PyTorch's
``torch.nn.modules``); everything here is re-exported by ``tenflowers.nn``."""

from __future__ import annotations

from .activation import (
    ELU, GELU, LeakyReLU, LogSoftmax, Mish, ReLU, SELU, SiLU, Sigmoid, Softmax,
    Softplus, Tanh,
)
from .conv import (
    Conv1d, Conv2d, ConvTranspose2d,
)
from .flatten import (
    Flatten, Unflatten,
)
from .linear import (
    Identity, Linear,
)
from .loss import (
    BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, HuberLoss, KLDivLoss, L1Loss, MSELoss,
    NLLLoss, SmoothL1Loss,
)
from .normalization import (
    BatchNorm1d, BatchNorm2d, GroupNorm, LayerNorm, RMSNorm,
)

__all__ = [
    "BCELoss", "BCEWithLogitsLoss", "BatchNorm1d", "BatchNorm2d", "Conv1d", "Conv2d", "ConvTranspose2d",
    "CrossEntropyLoss", "ELU", "Flatten", "GELU", "GroupNorm", "HuberLoss", "Identity", "KLDivLoss",
    "L1Loss", "LayerNorm", "LeakyReLU", "Linear", "LogSoftmax", "MSELoss", "Mish", "NLLLoss", "RMSNorm",
    "ReLU", "SELU", "SiLU", "Sigmoid", "SmoothL1Loss", "Softmax", "Softplus", "Tanh", "Unflatten",
]
