"""``tenflowers.nn.modules``: the layer modules, one file per family (as PyTorch's
``torch.nn.modules``); everything here is re-exported by ``tenflowers.nn``."""

from __future__ import annotations

from .activation import (
    ELU, GELU, LeakyReLU, LogSoftmax, Mish, ReLU, SELU, SiLU, Sigmoid, Softmax, Softplus, Tanh,
)
from .attention import (
    MultiheadAttention, NonDynamicallyQuantizableLinear,
)
from .conv import (
    Conv1d, Conv2d, ConvTranspose2d,
)
from .dropout import (
    Dropout, Dropout1d, Dropout2d, Dropout3d,
)
from .embedding import (
    Embedding,
)
from .flatten import (
    Flatten, Unflatten,
)
from .linear import (
    Identity, Linear,
)
from .loss import (
    BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, HuberLoss, KLDivLoss, L1Loss, MSELoss, NLLLoss,
    SmoothL1Loss,
)
from .normalization import (
    BatchNorm1d, BatchNorm2d, GroupNorm, LayerNorm, RMSNorm,
)
from .pooling import (
    AdaptiveAvgPool2d, AdaptiveMaxPool2d, AvgPool1d, AvgPool2d, MaxPool1d, MaxPool2d,
)
from .transformer import (
    TransformerEncoder, TransformerEncoderLayer,
)

__all__ = [
    "AdaptiveAvgPool2d", "AdaptiveMaxPool2d", "AvgPool1d", "AvgPool2d", "BCELoss", "BCEWithLogitsLoss",
    "BatchNorm1d", "BatchNorm2d", "Conv1d", "Conv2d", "ConvTranspose2d", "CrossEntropyLoss", "Dropout",
    "Dropout1d", "Dropout2d", "Dropout3d", "ELU", "Embedding", "Flatten", "GELU", "GroupNorm", "HuberLoss",
    "Identity", "KLDivLoss", "L1Loss", "LayerNorm", "LeakyReLU", "Linear", "LogSoftmax", "MSELoss",
    "MaxPool1d", "MaxPool2d", "Mish", "MultiheadAttention", "NLLLoss", "NonDynamicallyQuantizableLinear",
    "RMSNorm", "ReLU", "SELU", "SiLU", "Sigmoid", "SmoothL1Loss", "Softmax", "Softplus", "Tanh",
    "TransformerEncoder", "TransformerEncoderLayer", "Unflatten",
]
