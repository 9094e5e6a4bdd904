"""Samplers with ``torch.utils.data``'s names, arguments and checks: the order in which a
DataLoader reads a map-style dataset (``SequentialSampler``, ``RandomSampler``,
``SubsetRandomSampler``, ``WeightedRandomSampler``) and its grouping into batches
(``BatchSampler``). Random orders come from ``randperm``/``randint``/``rand`` over the given
``generator``; without one, ``RandomSampler`` seeds a private generator from the global one per
epoch (as torch), so ``tfs.manual_seed(s)`` reproduces an epoch's order."""

from __future__ import annotations

import bisect
import itertools
import math
from typing import Any, Generic, Iterable, Iterator, List, Optional, Sequence, Sized, TypeVar, Union

from ..._core.dtypes import float64, int64
from ..._core.tensor import Tensor
from ..._ops.random import Generator, rand, randint, randperm
from ...errors import InvalidArgumentError

T_co = TypeVar("T_co", covariant=True)

_I63 = 2**63 - 1


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


class Sampler(Generic[T_co]):
    """Base class of samplers: subclasses define ``__iter__`` (the indices, or lists of indices
    for a batch sampler) and, where known, ``__len__``."""

    def __init__(self, data_source: Optional[Sized] = None) -> None:
        pass

    def __iter__(self) -> Iterator[T_co]:
        raise NotImplementedError


class SequentialSampler(Sampler[int]):
    """``0, 1, ..., len(data_source) - 1``."""

    def __init__(self, data_source: Sized) -> None:
        self.data_source = data_source

    def __iter__(self) -> Iterator[int]:
        return iter(range(len(self.data_source)))

    def __len__(self) -> int:
        return len(self.data_source)


def _epoch_generator(generator: Optional[Generator]) -> Generator:
    """`generator`, or a new one seeded from the global generator (torch draws the seed so)."""
    if generator is not None:
        return generator
    return Generator().manual_seed(int(randint(0, _I63, dtype=int64).item()))


class RandomSampler(Sampler[int]):
    """Indices in random order: a permutation of the dataset per pass (``num_samples`` may span
    several passes), or with ``replacement=True`` ``num_samples`` independent uniform draws.
    `generator` gives the randomness; without one each ``iter()`` seeds a private generator
    from the global one."""

    def __init__(
        self, data_source: Sized, replacement: bool = False, num_samples: Optional[int] = None,
        generator: Optional[Generator] = None,
    ) -> None:
        self.data_source = data_source
        self.replacement = replacement
        self._num_samples = num_samples
        self.generator = generator
        if not isinstance(self.replacement, bool):
            raise TypeError(f"replacement should be a boolean value, but got replacement={self.replacement}")
        if not _is_int(self.num_samples) or self.num_samples <= 0:
            raise InvalidArgumentError(f"num_samples should be a positive integer value, but got num_samples={self.num_samples}")

    @property
    def num_samples(self) -> int:
        """The number of indices per ``iter()``: the dataset's length unless given."""
        return len(self.data_source) if self._num_samples is None else self._num_samples

    def __iter__(self) -> Iterator[int]:
        n = len(self.data_source)
        generator = _epoch_generator(self.generator)
        if self.replacement:
            for _ in range(self.num_samples // 32):
                yield from randint(0, n, (32,), generator=generator).tolist()
            yield from randint(0, n, (self.num_samples % 32,), generator=generator).tolist()
        else:
            for _ in range(self.num_samples // n):
                yield from randperm(n, generator=generator).tolist()
            yield from randperm(n, generator=generator).tolist()[: self.num_samples % n]

    def __len__(self) -> int:
        return self.num_samples


class SubsetRandomSampler(Sampler[int]):
    """The elements of `indices` in random order (a ``randperm`` from `generator`, the global
    generator when None)."""

    def __init__(self, indices: Sequence[int], generator: Optional[Generator] = None) -> None:
        self.indices = indices
        self.generator = generator

    def __iter__(self) -> Iterator[int]:
        for i in randperm(len(self.indices), generator=self.generator).tolist():
            yield self.indices[i]

    def __len__(self) -> int:
        return len(self.indices)


class WeightedRandomSampler(Sampler[int]):
    """``num_samples`` indices in ``[0, len(weights))``, index i drawn with probability
    proportional to ``weights[i]`` (``torch.multinomial``): independently with replacement, or
    without (each index at most once; then ``num_samples`` may not exceed the number of
    positive weights). Uniform draws come from `generator` (the global generator when None)."""

    def __init__(
        self, weights: Union[Sequence[float], Tensor], num_samples: int, replacement: bool = True,
        generator: Optional[Generator] = None,
    ) -> None:
        if not _is_int(num_samples) or num_samples <= 0:
            raise InvalidArgumentError(f"num_samples should be a positive integer value, but got num_samples={num_samples}")
        if not isinstance(replacement, bool):
            raise InvalidArgumentError(f"replacement should be a boolean value, but got replacement={replacement}")
        if isinstance(weights, Tensor):
            if weights.ndim != 1:
                raise InvalidArgumentError(f"weights should be a 1d sequence but given weights have shape {weights.shape}")
            values: List[float] = [float(w) for w in weights.astype(float64).tolist()]
        else:
            values = [float(w) for w in weights]
            if any(isinstance(w, (list, tuple)) for w in weights):
                raise InvalidArgumentError("weights should be a 1d sequence")
        if any(not w >= 0 or math.isinf(w) for w in values) or not values or sum(values) <= 0:
            raise InvalidArgumentError("invalid multinomial distribution (weights must be finite, non-negative, with a positive sum)")
        if not replacement and num_samples > sum(1 for w in values if w > 0):
            raise InvalidArgumentError("cannot sample n_sample > prob_dist.size(-1) samples without replacement")
        self.weights = values
        self.num_samples = num_samples
        self.replacement = replacement
        self.generator = generator

    def __iter__(self) -> Iterator[int]:
        u = rand(self.num_samples if self.replacement else len(self.weights), generator=self.generator).tolist()
        if self.replacement:
            cum = list(itertools.accumulate(self.weights))
            total, last = cum[-1], len(cum) - 1
            # The first index whose running total exceeds u * total (zero weights never win).
            yield from (min(bisect.bisect_right(cum, x * total), last) for x in u)
        else:
            # Efraimidis-Spirakis: the num_samples largest keys u^(1/w) are a weighted draw
            # without replacement.
            keys = [(x ** (1.0 / w) if w > 0 else -1.0, i) for i, (x, w) in enumerate(zip(u, self.weights))]
            keys.sort(reverse=True)
            yield from (i for _, i in keys[: self.num_samples])

    def __len__(self) -> int:
        return self.num_samples


class BatchSampler(Sampler[List[int]]):
    """Lists of `batch_size` indices from `sampler` (the last one shorter unless `drop_last`)."""

    def __init__(self, sampler: Union[Sampler[int], Iterable[int]], batch_size: int, drop_last: bool) -> None:
        if not _is_int(batch_size) or batch_size <= 0:
            raise InvalidArgumentError(f"batch_size should be a positive integer value, but got batch_size={batch_size}")
        if not isinstance(drop_last, bool):
            raise InvalidArgumentError(f"drop_last should be a boolean value, but got drop_last={drop_last}")
        self.sampler = sampler
        self.batch_size = batch_size
        self.drop_last = drop_last

    def __iter__(self) -> Iterator[List[int]]:
        size = self.batch_size
        if type(self.sampler) is SequentialSampler:  # fast path: ranges, no per-index iteration
            n = len(self.sampler)
            stop = n - n % size if self.drop_last else n
            for start in range(0, stop, size):
                yield list(range(start, min(start + size, n)))
            return
        it = iter(self.sampler)
        while True:
            batch = list(itertools.islice(it, size))
            if not batch or (self.drop_last and len(batch) < size):
                return
            yield batch

    def __len__(self) -> int:
        n = len(self.sampler)  # type: ignore[arg-type]
        return n // self.batch_size if self.drop_last else (n + self.batch_size - 1) // self.batch_size


__all__ = [
    "Sampler", "SequentialSampler", "RandomSampler", "SubsetRandomSampler", "WeightedRandomSampler",
    "BatchSampler",
]
