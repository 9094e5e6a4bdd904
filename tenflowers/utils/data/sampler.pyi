from typing import Any, Generic, Iterable, Iterator, List, Sequence, Sized, TypeVar, Union

from ..._core.tensor import Tensor
from ..._ops.random import Generator

T_co = TypeVar("T_co", covariant=True)

class Sampler(Generic[T_co]):
    def __init__(self, data_source: Sized | None = None) -> None: ...
    def __iter__(self) -> Iterator[T_co]: ...

class SequentialSampler(Sampler[int]):
    data_source: Sized
    def __init__(self, data_source: Sized) -> None: ...
    def __iter__(self) -> Iterator[int]: ...
    def __len__(self) -> int: ...

class RandomSampler(Sampler[int]):
    data_source: Sized
    replacement: bool
    generator: Generator | None
    def __init__(
        self, data_source: Sized, replacement: bool = False, num_samples: int | None = None,
        generator: Generator | None = None,
    ) -> None: ...
    @property
    def num_samples(self) -> int: ...
    def __iter__(self) -> Iterator[int]: ...
    def __len__(self) -> int: ...

class SubsetRandomSampler(Sampler[int]):
    indices: Sequence[int]
    generator: Generator | None
    def __init__(self, indices: Sequence[int], generator: Generator | None = None) -> None: ...
    def __iter__(self) -> Iterator[int]: ...
    def __len__(self) -> int: ...

class WeightedRandomSampler(Sampler[int]):
    weights: List[float]
    num_samples: int
    replacement: bool
    generator: Generator | None
    def __init__(
        self, weights: Union[Sequence[float], Tensor], num_samples: int, replacement: bool = True,
        generator: Generator | None = None,
    ) -> None: ...
    def __iter__(self) -> Iterator[int]: ...
    def __len__(self) -> int: ...

class BatchSampler(Sampler[List[int]]):
    sampler: Union[Sampler[int], Iterable[int]]
    batch_size: int
    drop_last: bool
    def __init__(self, sampler: Union[Sampler[int], Iterable[int]], batch_size: int, drop_last: bool) -> None: ...
    def __iter__(self) -> Iterator[List[int]]: ...
    def __len__(self) -> int: ...

__all__ = [
    "Sampler", "SequentialSampler", "RandomSampler", "SubsetRandomSampler", "WeightedRandomSampler",
    "BatchSampler",
]
