"""``tenflowers.nn``: layers, losses and the module system, with PyTorch's names."""

from __future__ import annotations

from . import functional

__all__ = ["functional"]
