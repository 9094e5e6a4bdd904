"""Datasets with ``torch.utils.data``'s names and semantics: ``Dataset`` (map-style: ``len`` and
``ds[i]``), ``IterableDataset`` (a stream), ``TensorDataset``, ``Subset``, ``ConcatDataset``,
``ChainDataset``, ``StackDataset`` and ``random_split``.

A map-style dataset may define ``__getitems__(indices)``, returning the samples of a batch at
once; the DataLoader then calls it instead of ``ds[i]`` per index (torch's fetcher does the
same). ``TensorDataset`` does: a batch is one ``take`` per tensor."""

from __future__ import annotations

import bisect
import itertools
import math
import warnings
from typing import Any, Dict, Generic, Iterable, Iterator, List, Optional, Sequence, Tuple, TypeVar, Union

from ..._core.dtypes import int64
from ..._core.tensor import Tensor
from ..._ops.creation import asarray
from ..._ops.index import take
from ..._ops.random import Generator, randperm
from ...errors import InvalidArgumentError, ShapeError
from .collate import SampleBatch

T_co = TypeVar("T_co", covariant=True)


class Dataset(Generic[T_co]):
    """A map-style dataset: subclasses define ``__getitem__(index)`` and usually ``__len__``.
    ``a + b`` is ``ConcatDataset([a, b])``."""

    def __getitem__(self, index: Any) -> T_co:
        raise NotImplementedError("Subclasses of Dataset should implement __getitem__.")

    def __add__(self, other: "Dataset[T_co]") -> "ConcatDataset[T_co]":
        return ConcatDataset([self, other])


class IterableDataset(Dataset[T_co]):
    """A dataset that is a stream of samples: subclasses define ``__iter__``. With
    ``num_workers > 0`` every worker iterates its own copy; use ``get_worker_info()`` inside
    ``__iter__`` to give each worker its share. ``a + b`` is ``ChainDataset([a, b])``."""

    def __iter__(self) -> Iterator[T_co]:
        raise NotImplementedError("Subclasses of IterableDataset should implement __iter__.")

    def __add__(self, other: "Dataset[T_co]") -> "ChainDataset[T_co]":  # type: ignore[override]
        return ChainDataset([self, other])


class TensorDataset(Dataset[Tuple[Tensor, ...]]):
    """Samples are ``(t[i] for t in tensors)``: tensors of one length along dim 0.
    ``__getitems__(indices)`` reads a whole batch with one ``take`` per tensor."""

    def __init__(self, *tensors: Tensor) -> None:
        if not tensors:
            raise InvalidArgumentError("TensorDataset needs at least one tensor")
        for t in tensors:
            if not isinstance(t, Tensor):
                raise TypeError(f"TensorDataset takes tensors, got {type(t).__name__}")
            if not t.shape:
                raise ShapeError("TensorDataset: a 0-d tensor has no dim 0 to index")
        sizes = [t.shape[0] for t in tensors]
        if any(s != sizes[0] for s in sizes):
            raise ShapeError(f"Size mismatch between tensors: dim 0 sizes {sizes}")
        self.tensors: Tuple[Tensor, ...] = tuple(tensors)

    def __getitem__(self, index: Any) -> Tuple[Tensor, ...]:
        return tuple(t[index] for t in self.tensors)

    def __getitems__(self, indices: Sequence[int]) -> SampleBatch:
        # An index out of range raises OutOfBoundsIndexError (an IndexError) from take.
        idx = indices if isinstance(indices, Tensor) else asarray(indices if isinstance(indices, list) else list(indices), dtype=int64)
        return SampleBatch([take(t, idx, axis=0) for t in self.tensors], len(indices))

    def __len__(self) -> int:
        return self.tensors[0].shape[0]


class StackDataset(Dataset[Any]):
    """Samples of several datasets of one length side by side: ``StackDataset(a, b)[i]`` is
    ``(a[i], b[i])``, ``StackDataset(x=a, y=b)[i]`` is ``{"x": a[i], "y": b[i]}``."""

    def __init__(self, *args: Dataset[Any], **kwargs: Dataset[Any]) -> None:
        if args and kwargs:
            raise InvalidArgumentError("Supported either ``tuple``- (via ``args``) or ``dict``- (via ``kwargs``) like input/output, but both types are given.")
        datasets: Sequence[Any] = args or list(kwargs.values())
        if not datasets:
            raise InvalidArgumentError("At least one dataset should be passed")
        lengths = [len(d) for d in datasets]
        if any(n != lengths[0] for n in lengths):
            raise InvalidArgumentError(f"Size mismatch between datasets: {lengths}")
        self._length = lengths[0]
        self.datasets: Union[Tuple[Dataset[Any], ...], Dict[str, Dataset[Any]]] = args if args else dict(kwargs)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(self.datasets, dict):
            return {k: d[index] for k, d in self.datasets.items()}
        return tuple(d[index] for d in self.datasets)

    def __len__(self) -> int:
        return self._length


class ConcatDataset(Dataset[T_co]):
    """The samples of several map-style datasets one after the other."""

    datasets: List[Dataset[T_co]]
    cumulative_sizes: List[int]

    @staticmethod
    def cumsum(sequence: Iterable[Any]) -> List[int]:
        """The running totals of the lengths of `sequence`'s datasets."""
        return list(itertools.accumulate(len(e) for e in sequence))

    def __init__(self, datasets: Iterable[Dataset[T_co]]) -> None:
        self.datasets = list(datasets)
        if not self.datasets:
            raise InvalidArgumentError("datasets should not be an empty iterable")
        for d in self.datasets:
            if isinstance(d, IterableDataset):
                raise InvalidArgumentError("ConcatDataset does not support IterableDataset")
        self.cumulative_sizes = self.cumsum(self.datasets)

    def __len__(self) -> int:
        return self.cumulative_sizes[-1]

    def __getitem__(self, idx: int) -> T_co:
        if idx < 0:
            if -idx > len(self):
                raise InvalidArgumentError("absolute value of index should not exceed dataset length")
            idx = len(self) + idx
        d = bisect.bisect_right(self.cumulative_sizes, idx)
        if d >= len(self.datasets):
            raise IndexError(f"index {idx} is out of range for a ConcatDataset of {len(self)} samples")
        return self.datasets[d][idx if d == 0 else idx - self.cumulative_sizes[d - 1]]


class ChainDataset(IterableDataset[T_co]):
    """The samples of several iterable datasets one after the other."""

    def __init__(self, datasets: Iterable[Dataset[T_co]]) -> None:
        self.datasets = datasets

    def __iter__(self) -> Iterator[T_co]:
        for d in self.datasets:
            if not isinstance(d, IterableDataset):
                raise InvalidArgumentError("ChainDataset only supports IterableDataset")
            yield from d

    def __len__(self) -> int:
        total = 0
        for d in self.datasets:
            if not isinstance(d, IterableDataset):
                raise InvalidArgumentError("ChainDataset only supports IterableDataset")
            total += len(d)  # type: ignore[arg-type]
        return total


class Subset(Dataset[T_co]):
    """The samples of `dataset` at `indices`, in that order."""

    def __init__(self, dataset: Dataset[T_co], indices: Sequence[int]) -> None:
        self.dataset = dataset
        self.indices = indices

    def __getitem__(self, idx: Any) -> Any:
        if isinstance(idx, list):
            return self.dataset[[self.indices[i] for i in idx]]
        return self.dataset[self.indices[idx]]

    def __getitems__(self, indices: Sequence[int]) -> Any:
        inner = [self.indices[i] for i in indices]
        getitems = getattr(self.dataset, "__getitems__", None)
        if callable(getitems):
            return getitems(inner)
        return [self.dataset[i] for i in inner]

    def __len__(self) -> int:
        return len(self.indices)


def random_split(
    dataset: Dataset[T_co], lengths: Sequence[Union[int, float]], generator: Optional[Generator] = None,
) -> List[Subset[T_co]]:
    """Splits `dataset` into non-overlapping random Subsets of the given `lengths`
    (``torch.utils.data.random_split``): counts that sum to ``len(dataset)``, or fractions that
    sum to 1 (each split gets ``floor(len * frac)`` samples and the remainder is dealt one by one
    from the first split on). The order is one ``randperm`` from `generator` (the global
    generator when None). A bad sum or fraction raises InvalidArgumentError."""
    n = len(dataset)  # type: ignore[arg-type]
    total = sum(lengths)
    if math.isclose(total, 1) and total <= 1:
        counts: List[int] = []
        for i, frac in enumerate(lengths):
            if frac < 0 or frac > 1:
                raise InvalidArgumentError(f"Fraction at index {i} is not between 0 and 1")
            counts.append(int(math.floor(n * frac)))
        for i in range(n - sum(counts)):
            counts[i % len(counts)] += 1
        for i, c in enumerate(counts):
            if c == 0:
                warnings.warn(f"Length of split at index {i} is 0. This might result in an empty dataset.")
    else:
        if not all(isinstance(c, int) for c in lengths):
            raise InvalidArgumentError(
                f"Sum of input lengths does not equal the length of the input dataset! (lengths {list(lengths)} "
                f"are neither counts nor fractions summing to 1)"
            )
        counts = [int(c) for c in lengths]
        if any(c < 0 for c in counts):
            raise InvalidArgumentError(f"random_split: lengths must be non-negative, got {list(lengths)}")
    if sum(counts) != n:
        raise InvalidArgumentError(
            f"Sum of input lengths does not equal the length of the input dataset! (lengths {list(lengths)}, "
            f"dataset length {n})"
        )
    order = randperm(n, generator=generator).tolist()
    return [Subset(dataset, order[end - c:end]) for end, c in zip(itertools.accumulate(counts), counts)]


__all__ = [
    "Dataset", "IterableDataset", "TensorDataset", "StackDataset", "ConcatDataset", "ChainDataset", "Subset",
    "random_split",
]
