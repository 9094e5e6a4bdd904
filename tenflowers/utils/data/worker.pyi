from typing import Any, Callable, Iterator, List

class WorkerInfo:
    id: int
    num_workers: int
    seed: int
    dataset: Any
    def __init__(self, id: int, num_workers: int, seed: int, dataset: Any) -> None: ...

def get_worker_info() -> WorkerInfo | None: ...

class MapFetcher:
    dataset: Any
    auto_collation: bool
    collate_fn: Callable[[Any], Any]
    getitems: Callable[[Any], Any] | None
    def __init__(self, dataset: Any, auto_collation: bool, collate_fn: Callable[[Any], Any], drop_last: bool) -> None: ...
    def fetch(self, index: Any) -> Any: ...

class IterableFetcher:
    it: Iterator[Any]
    auto_collation: bool
    collate_fn: Callable[[Any], Any]
    drop_last: bool
    ended: bool
    def __init__(self, dataset: Any, auto_collation: bool, collate_fn: Callable[[Any], Any], drop_last: bool) -> None: ...
    def fetch(self, index: Any) -> Any: ...

class WorkerFailed:
    worker_id: int
    task: int
    indices: Any
    type_name: str
    message: str
    traceback: str
    exc: BaseException | None
    def __init__(self, worker_id: int, task: int, indices: Any, exc: BaseException) -> None: ...

class IterationEnd:
    worker_id: int
    def __init__(self, worker_id: int) -> None: ...

class Resumed:
    worker_id: int
    def __init__(self, worker_id: int) -> None: ...

RESUME: str

def seed_worker(seed: int) -> None: ...
def worker_loop(
    dataset_kind: str, dataset: Any, index_queue: Any, result_queue: Any, auto_collation: bool,
    collate_fn: Callable[[Any], Any], drop_last: bool, base_seed: int, init_fn: Callable[[int], None] | None,
    worker_id: int, num_workers: int, parent_pid: int,
) -> None: ...

__all__ = ["WorkerInfo", "get_worker_info"]
