"""``tenflowers.utils.data``: PyTorch's data loading API (``torch.utils.data``) over tenflowers
tensors: datasets, samplers, ``DataLoader`` with worker processes, and ``default_collate``.

    from tenflowers.utils.data import DataLoader, TensorDataset

    loader = DataLoader(TensorDataset(x, y), batch_size=64, shuffle=True, num_workers=2)
    for xb, yb in loader:
        ...

One module per concern: ``dataset`` (Dataset, IterableDataset, TensorDataset, Subset,
ConcatDataset, ChainDataset, StackDataset, random_split), ``sampler`` (the samplers),
``collate`` (default_collate, default_convert), ``worker`` (get_worker_info and the worker
process) and ``dataloader`` (DataLoader)."""

from __future__ import annotations

from .collate import SampleBatch, default_collate, default_convert
from .dataloader import DataLoader
from .dataset import (
    ChainDataset, ConcatDataset, Dataset, IterableDataset, StackDataset, Subset, TensorDataset, random_split,
)
from .sampler import (
    BatchSampler, RandomSampler, Sampler, SequentialSampler, SubsetRandomSampler, WeightedRandomSampler,
)
from .worker import WorkerInfo, get_worker_info

__all__ = [
    "BatchSampler", "ChainDataset", "ConcatDataset", "DataLoader", "Dataset", "IterableDataset",
    "RandomSampler", "SampleBatch", "Sampler", "SequentialSampler", "StackDataset", "Subset",
    "SubsetRandomSampler", "TensorDataset", "WeightedRandomSampler", "WorkerInfo", "default_collate",
    "default_convert", "get_worker_info", "random_split",
]
