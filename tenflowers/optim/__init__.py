"""Optimizers with PyTorch's names and semantics (``tenflowers.optim``), running in the core:
each ``step()`` is one C call, a fused pass over every parameter.

    opt = tfs.optim.AdamW(model.parameters(), lr=1e-3)
    for x, y in loader:
        opt.zero_grad()
        tfs.nn.functional.cross_entropy(model(x), y).backward()
        opt.step()
"""

from .algorithms import SGD, Adadelta, Adagrad, Adam, Adamax, AdamW, Lion, NAdam, RAdam, RMSprop
from . import lr_scheduler
from .optimizer import Optimizer

__all__ = ["lr_scheduler", "Optimizer", "SGD", "Adam", "AdamW", "Adamax", "NAdam", "RAdam", "RMSprop", "Adagrad", "Adadelta", "Lion"]
