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

from . import functional, init
from .containers import ModuleDict, ModuleList, ParameterDict, ParameterList, Sequential
from .module import Module
from .modules import (
    ELU, GELU, CrossEntropyLoss, Flatten, Identity, LeakyReLU, Linear, LogSoftmax, Mish, ReLU, SELU, SiLU,
    Sigmoid, Softmax, Softplus, Tanh, Unflatten,
)
from .parameter import Parameter

__all__ = [
    "CrossEntropyLoss", "ELU", "Flatten", "GELU", "Identity", "LeakyReLU", "Linear", "LogSoftmax", "Mish",
    "Module", "ModuleDict", "ModuleList", "Parameter", "ParameterDict", "ParameterList", "ReLU", "SELU",
    "Sequential", "SiLU", "Sigmoid", "Softmax", "Softplus", "Tanh", "Unflatten", "functional", "init",
]
