"""``tenflowers.nn``: layers, losses and the module system, with PyTorch's names.

    import tenflowers as tfs
    from tenflowers import nn

    model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))
    loss = nn.CrossEntropyLoss()(model(x), y)

``nn.Module`` and ``nn.Parameter`` are the module system; the containers (``Sequential``,
``ModuleList``, ``ModuleDict``, ``ParameterList``, ``ParameterDict``) are in ``containers``, the
layers in ``nn.modules`` (one file per family), the functions in ``nn.functional`` and the
initializations in ``nn.init``. Layer parameters are float32 unless a layer is given ``dtype``
(PyTorch's default dtype)."""

from __future__ import annotations

from . import functional, init, utils
from .containers import ModuleDict, ModuleList, ParameterDict, ParameterList, Sequential
from .module import Module
from .modules import (
    AdaptiveAvgPool2d, AdaptiveMaxPool2d, AvgPool1d, AvgPool2d, BCELoss, BCEWithLogitsLoss, BatchNorm1d,
    BatchNorm2d, Conv1d, Conv2d, ConvTranspose2d, CrossEntropyLoss, Dropout, Dropout1d, Dropout2d, Dropout3d,
    ELU, Embedding, Flatten, GELU, GroupNorm, HuberLoss, Identity, KLDivLoss, L1Loss, LayerNorm, LeakyReLU,
    Linear, LogSoftmax, MSELoss, MaxPool1d, MaxPool2d, Mish, MultiheadAttention, NLLLoss,
    NonDynamicallyQuantizableLinear, RMSNorm, ReLU, SELU, SiLU, Sigmoid, SmoothL1Loss, Softmax, Softplus,
    Tanh, TransformerEncoder, TransformerEncoderLayer, Unflatten,
)
from .parameter import Parameter

__all__ = [
    "AdaptiveAvgPool2d", "AdaptiveMaxPool2d", "AvgPool1d", "AvgPool2d", "BCELoss", "BCEWithLogitsLoss",
    "BatchNorm1d", "BatchNorm2d", "Conv1d", "Conv2d", "ConvTranspose2d", "CrossEntropyLoss", "Dropout",
    "Dropout1d", "Dropout2d", "Dropout3d", "ELU", "Embedding", "Flatten", "GELU", "GroupNorm", "HuberLoss",
    "Identity", "KLDivLoss", "L1Loss", "LayerNorm", "LeakyReLU", "Linear", "LogSoftmax", "MSELoss",
    "MaxPool1d", "MaxPool2d", "Mish", "Module", "ModuleDict", "ModuleList", "MultiheadAttention", "NLLLoss",
    "NonDynamicallyQuantizableLinear", "Parameter", "ParameterDict", "ParameterList", "RMSNorm", "ReLU",
    "SELU", "Sequential", "SiLU", "Sigmoid", "SmoothL1Loss", "Softmax", "Softplus", "Tanh",
    "TransformerEncoder", "TransformerEncoderLayer", "Unflatten", "functional", "init", "utils",
]
