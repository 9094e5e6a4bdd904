"""``tenflowers.utils``: utilities with PyTorch's names; ``tenflowers.utils.data`` is the data
loading API (datasets, samplers, ``DataLoader``)."""

from __future__ import annotations

from . import data

__all__ = ["data"]
