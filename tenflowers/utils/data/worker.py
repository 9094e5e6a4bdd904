"""What runs inside a DataLoader worker process, and the fetchers both the workers and the
single-process loader use: ``get_worker_info()``, the worker loop, and the messages a worker
sends back (a batch, a failure, the end of an iterable dataset, an acknowledged reset).

A worker reads ``(task number, indices)`` from its own index queue, fetches and collates that
batch, and puts ``(task number, batch)`` on the shared result queue; ``None`` tells it to
stop. Batches cross as pickles (tensors pickle as dtype, shape and raw bytes). A worker whose
parent process is gone stops on its own, so killing the main process leaves no orphans."""

from __future__ import annotations

import os
import pickle
import queue
import random
import sys
import traceback
from typing import Any, Callable, Iterator, List, Optional

from ..._ops.random import manual_seed

# How often a blocked worker checks that its parent is still alive (seconds).
_POLL = 1.0


class WorkerInfo:
    """What ``get_worker_info()`` returns inside a worker: ``id`` (0 to ``num_workers - 1``),
    ``num_workers``, ``seed`` (this worker's seed: the loader's base seed plus ``id``) and
    ``dataset`` (this process's copy of the dataset)."""

    __slots__ = ("id", "num_workers", "seed", "dataset")

    def __init__(self, id: int, num_workers: int, seed: int, dataset: Any) -> None:  # noqa: A002 - torch's name
        self.id = id
        self.num_workers = num_workers
        self.seed = seed
        self.dataset = dataset

    def __setattr__(self, name: str, value: Any) -> None:
        if hasattr(self, name):
            raise RuntimeError(f"Cannot assign attributes to {type(self).__name__} objects")
        object.__setattr__(self, name, value)

    def __repr__(self) -> str:
        return f"WorkerInfo(id={self.id}, num_workers={self.num_workers}, seed={self.seed}, dataset={self.dataset!r})"


_worker_info: Optional[WorkerInfo] = None


def get_worker_info() -> Optional[WorkerInfo]:
    """Inside a DataLoader worker process, its ``WorkerInfo``; in the main process, None. An
    ``IterableDataset.__iter__`` uses it to yield only its worker's share, and a
    ``worker_init_fn`` to configure that worker's copy of the dataset."""
    return _worker_info


class MapFetcher:
    """Reads batches of a map-style dataset: ``__getitems__`` when the dataset has it (one call
    per batch), else ``dataset[i]`` per index; then collates."""

    def __init__(self, dataset: Any, auto_collation: bool, collate_fn: Callable[[Any], Any], drop_last: bool) -> None:
        self.dataset = dataset
        self.auto_collation = auto_collation
        self.collate_fn = collate_fn
        getitems = getattr(dataset, "__getitems__", None)
        self.getitems: Optional[Callable[[Any], Any]] = getitems if callable(getitems) else None

    def fetch(self, index: Any) -> Any:
        if self.auto_collation:
            if self.getitems is not None:
                data = self.getitems(index)
            else:
                ds = self.dataset
                data = [ds[i] for i in index]
        else:
            data = self.dataset[index]
        return self.collate_fn(data)


class IterableFetcher:
    """Reads batches of an iterable dataset from one iterator; raises StopIteration at its end
    (and for a short last batch when `drop_last`)."""

    def __init__(self, dataset: Any, auto_collation: bool, collate_fn: Callable[[Any], Any], drop_last: bool) -> None:
        self.it: Iterator[Any] = iter(dataset)
        self.auto_collation = auto_collation
        self.collate_fn = collate_fn
        self.drop_last = drop_last
        self.ended = False

    def fetch(self, index: Any) -> Any:
        if self.ended:
            raise StopIteration
        if self.auto_collation:
            data: List[Any] = []
            for _ in index:
                try:
                    data.append(next(self.it))
                except StopIteration:
                    self.ended = True
                    break
            if not data or (self.drop_last and len(data) < len(index)):
                raise StopIteration
            return self.collate_fn(data)
        return self.collate_fn(next(self.it))


class WorkerFailed:
    """A worker's report of an exception: which worker, the batch (task number and sample
    indices), the exception's type, message and traceback, and the exception itself when it
    pickles."""

    def __init__(self, worker_id: int, task: int, indices: Any, exc: BaseException) -> None:
        self.worker_id = worker_id
        self.task = task
        self.indices = indices
        self.type_name = type(exc).__qualname__
        self.message = str(exc)
        self.traceback = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        try:
            self.exc: Optional[BaseException] = pickle.loads(pickle.dumps(exc))
        except Exception:
            self.exc = None


class IterationEnd:
    """A worker's iterable dataset is exhausted (the task it answers yields nothing)."""

    def __init__(self, worker_id: int) -> None:
        self.worker_id = worker_id


class Resumed:
    """A persistent worker has restarted its fetcher for a new epoch."""

    def __init__(self, worker_id: int) -> None:
        self.worker_id = worker_id


RESUME = "resume"


def seed_worker(seed: int) -> None:
    """Seeds the random modules of this process for a worker: Python's ``random``, the
    tenflowers global generator, and NumPy's legacy global generator when NumPy is loaded."""
    random.seed(seed)
    manual_seed(seed)
    np = sys.modules.get("numpy")
    if np is not None:
        np.random.seed(seed % 2**32)


def worker_loop(
    dataset_kind: str, dataset: Any, index_queue: Any, result_queue: Any, auto_collation: bool,
    collate_fn: Callable[[Any], Any], drop_last: bool, base_seed: int, init_fn: Optional[Callable[[int], None]],
    worker_id: int, num_workers: int, parent_pid: int,
) -> None:
    """The body of worker `worker_id` (run in the worker process)."""
    global _worker_info
    seed = base_seed + worker_id
    seed_worker(seed)
    _worker_info = WorkerInfo(id=worker_id, num_workers=num_workers, seed=seed, dataset=dataset)
    fetcher_cls = IterableFetcher if dataset_kind == "iterable" else MapFetcher
    init_error: Optional[WorkerFailed] = None
    fetcher: Any = None
    try:
        if init_fn is not None:
            init_fn(worker_id)
        fetcher = fetcher_cls(dataset, auto_collation, collate_fn, drop_last)
    except Exception as e:
        init_error = WorkerFailed(worker_id, -1, None, e)
    ended = False
    try:
        while True:
            try:
                r = index_queue.get(timeout=_POLL)
            except queue.Empty:
                if os.getppid() != parent_pid:
                    return  # the main process is gone
                continue
            if r is None:
                result_queue.cancel_join_thread()  # the main process wants nothing more
                return
            if r == RESUME:
                try:
                    fetcher = fetcher_cls(dataset, auto_collation, collate_fn, drop_last)
                    ended = False
                except Exception as e:
                    init_error = WorkerFailed(worker_id, -1, None, e)
                result_queue.put((-1, pickle.dumps(Resumed(worker_id))))
                continue
            task, index = r
            if ended:
                continue  # an exhausted iterable worker drops its remaining tasks
            data: Any
            if init_error is not None:
                init_error.task, init_error.indices = task, index
                data = init_error
            else:
                try:
                    data = fetcher.fetch(index)
                except StopIteration:
                    if dataset_kind != "iterable":
                        data = WorkerFailed(worker_id, task, index, RuntimeError("StopIteration raised by the dataset"))
                    else:
                        data = IterationEnd(worker_id)
                        ended = True
                except Exception as e:
                    data = WorkerFailed(worker_id, task, index, e)
            # Pickled here, not in the queue's feeder thread, so a batch that cannot be pickled
            # becomes a reported failure instead of a lost message.
            try:
                payload = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception as e:
                payload = pickle.dumps(WorkerFailed(worker_id, task, index, e), protocol=pickle.HIGHEST_PROTOCOL)
            del data
            result_queue.put((task, payload))
    except KeyboardInterrupt:
        pass


__all__ = ["WorkerInfo", "get_worker_info"]
