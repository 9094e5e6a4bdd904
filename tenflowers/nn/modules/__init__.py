"""``tenflowers.nn.modules``: the layer modules, one file per family (as PyTorch's
``torch.nn.modules``); everything here is re-exported by ``tenflowers.nn``."""

from __future__ import annotations

from .activation import ELU, GELU, LeakyReLU, LogSoftmax, Mish, ReLU, SELU, SiLU, Sigmoid, Softmax, Softplus, Tanh
from .flatten import Flatten, Unflatten
from .linear import Identity, Linear
from .loss import CrossEntropyLoss

__all__ = [
    "CrossEntropyLoss", "ELU", "Flatten", "GELU", "Identity", "LeakyReLU", "Linear", "LogSoftmax", "Mish",
    "ReLU", "SELU", "SiLU", "Sigmoid", "Softmax", "Softplus", "Tanh", "Unflatten",
]
