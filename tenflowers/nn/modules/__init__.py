"""``tenflowers.nn.modules``: the layer modules, one file per family (as PyTorch's
``torch.nn.modules``); everything here is re-exported by ``tenflowers.nn``."""

from __future__ import annotations

from .activation import (
    ELU, GELU, LeakyReLU, LogSoftmax, Mish, ReLU, SELU, SiLU, Sigmoid, Softmax,
    Softplus, Tanh,
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

__all__ = [
    "BCELoss", "BCEWithLogitsLoss", "CrossEntropyLoss", "ELU", "Flatten", "GELU", "HuberLoss", "Identity",
    "KLDivLoss", "L1Loss", "LeakyReLU", "Linear", "LogSoftmax", "MSELoss", "Mish", "NLLLoss", "ReLU", "SELU",
    "SiLU", "Sigmoid", "SmoothL1Loss", "Softmax", "Softplus", "Tanh", "Unflatten",
]
