from typing import Any, Callable, Generic, Iterable, Iterator, List, TypeVar, Union

from ..._ops.random import Generator
from .dataset import Dataset
from .sampler import Sampler

T_co = TypeVar("T_co", covariant=True)

class DataLoader(Generic[T_co]):
    dataset: Dataset[T_co]
    num_workers: int
    prefetch_factor: int | None
    pin_memory: bool
    pin_memory_device: str
    timeout: float
    worker_init_fn: Callable[[int], None] | None
    multiprocessing_context: Any
    batch_size: int | None
    drop_last: bool
    sampler: Union[Sampler[Any], Iterable[Any]]
    batch_sampler: Union[Sampler[List[Any]], Iterable[List[Any]], None]
    generator: Generator | None
    persistent_workers: bool
    collate_fn: Callable[[Any], Any]
    def __init__(
        self, dataset: Dataset[T_co], batch_size: int | None = 1, shuffle: bool | None = None,
        sampler: Union[Sampler[Any], Iterable[Any], None] = None,
        batch_sampler: Union[Sampler[List[Any]], Iterable[List[Any]], None] = None, num_workers: int = 0,
        collate_fn: Callable[[Any], Any] | None = None, pin_memory: bool = False, drop_last: bool = False,
        timeout: float = 0, worker_init_fn: Callable[[int], None] | None = None,
        multiprocessing_context: Any = None, generator: Generator | None = None, *,
        prefetch_factor: int | None = None, persistent_workers: bool = False, pin_memory_device: str = "",
    ) -> None: ...
    def __iter__(self) -> Iterator[Any]: ...
    def __len__(self) -> int: ...
    def __del__(self) -> None: ...

__all__ = ["DataLoader"]
