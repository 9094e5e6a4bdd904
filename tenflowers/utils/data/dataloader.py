"""``DataLoader`` (``torch.utils.data.DataLoader``): batches from a dataset, with torch's
arguments, argument checks and semantics, in this process or in worker processes.

With ``num_workers > 0`` each worker process (multiprocessing; ``fork`` where the platform
defaults to it: the core's thread team restarts in a forked child) gets its own index queue;
the loader keeps ``prefetch_factor * num_workers`` batches in flight, hands them to the live
workers in turn and yields them in order. A worker's exception, a worker that dies and a batch
that takes longer than ``timeout`` seconds raise ``tenflowers.DataLoadError`` in this process,
naming the worker and the sample indices. Workers stop when the iterator is exhausted (unless
``persistent_workers``), dropped (breaking out of a loop) or collected, and at interpreter
exit."""

from __future__ import annotations

import itertools
import os
import pickle
import queue
import sys
import time
import warnings
import weakref
from typing import Any, Callable, Dict, Generic, Iterable, Iterator, List, Optional, Tuple, TypeVar, Union

from ..._core.dtypes import int64
from ..._ops.random import Generator, randint
from ...errors import DataLoadError, InvalidArgumentError
from .collate import default_collate, default_convert
from .dataset import Dataset, IterableDataset
from .sampler import BatchSampler, RandomSampler, Sampler, SequentialSampler
from .worker import IterableFetcher, IterationEnd, MapFetcher, Resumed, RESUME, WorkerFailed, worker_loop

T_co = TypeVar("T_co", covariant=True)

# How often the loader checks that its workers are alive while it waits (seconds).
_POLL = 0.1
# How long shutting down waits for a worker to exit before terminating it (seconds).
_JOIN = 5.0


class _InfiniteConstantSampler(Sampler[None]):
    """The sampler of an iterable dataset: None forever (the dataset decides when to stop)."""

    def __iter__(self) -> Iterator[None]:
        while True:
            yield None


class DataLoader(Generic[T_co]):
    """Iterates over batches of `dataset` (``torch.utils.data.DataLoader``).

    `batch_size` samples per batch (None: no batching, each sample converted by
    ``default_convert``), read in the order of `sampler` (default: sequential, or random when
    `shuffle`; not allowed with an IterableDataset) or as lists from `batch_sampler`, put
    together by `collate_fn` (``default_collate``), the last short batch dropped when
    `drop_last`. Shuffling draws from `generator`, or from the global generator
    (``tfs.manual_seed(s)`` reproduces the order). `num_workers` worker processes (0: this
    process) read ahead `prefetch_factor` batches each (2 by default), call
    ``worker_init_fn(worker_id)`` first, are seeded ``base_seed + worker_id`` and, with
    `persistent_workers`, live across epochs. `timeout` (seconds, 0: none) bounds the wait for
    a batch from the workers. `pin_memory` is accepted and has no effect (CPU tensors).
    Argument combinations torch refuses raise InvalidArgumentError (a ValueError)."""

    def __init__(
        self, dataset: Dataset[T_co], batch_size: Optional[int] = 1, shuffle: Optional[bool] = None,
        sampler: Union[Sampler[Any], Iterable[Any], None] = None,
        batch_sampler: Union[Sampler[List[Any]], Iterable[List[Any]], None] = None, num_workers: int = 0,
        collate_fn: Optional[Callable[[Any], Any]] = None, pin_memory: bool = False, drop_last: bool = False,
        timeout: float = 0, worker_init_fn: Optional[Callable[[int], None]] = None,
        multiprocessing_context: Any = None, generator: Optional[Generator] = None, *,
        prefetch_factor: Optional[int] = None, persistent_workers: bool = False, pin_memory_device: str = "",
    ) -> None:
        if not isinstance(num_workers, int) or num_workers < 0:
            raise InvalidArgumentError("num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.")
        if timeout < 0:
            raise InvalidArgumentError("timeout option should be non-negative")
        if num_workers == 0 and prefetch_factor is not None:
            raise InvalidArgumentError(
                "prefetch_factor option could only be specified in multiprocessing.let num_workers > 0 to enable "
                "multiprocessing, otherwise set prefetch_factor to None."
            )
        if num_workers > 0 and prefetch_factor is None:
            prefetch_factor = 2
        elif prefetch_factor is not None and prefetch_factor < 0:
            raise InvalidArgumentError("prefetch_factor option should be non-negative")
        if persistent_workers and num_workers == 0:
            raise InvalidArgumentError("persistent_workers option needs num_workers > 0")
        if isinstance(dataset, IterableDataset):
            kind = "iterable"
            if shuffle not in (False, None):
                raise InvalidArgumentError(f"DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle={shuffle}")
            if sampler is not None:
                raise InvalidArgumentError(f"DataLoader with IterableDataset: expected unspecified sampler option, but got sampler={sampler}")
            if batch_sampler is not None:
                raise InvalidArgumentError(
                    f"DataLoader with IterableDataset: expected unspecified batch_sampler option, but got batch_sampler={batch_sampler}"
                )
        else:
            kind = "map"
            shuffle = bool(shuffle)
        if sampler is not None and shuffle:
            raise InvalidArgumentError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise InvalidArgumentError(
                    "batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last"
                )
            batch_size = None
            drop_last = False
        elif batch_size is None and drop_last:
            raise InvalidArgumentError(
                "batch_size=None option disables auto-batching and is mutually exclusive with drop_last"
            )
        if sampler is None:
            if kind == "iterable":
                sampler = _InfiniteConstantSampler()
            elif shuffle:
                sampler = RandomSampler(dataset, generator=generator)  # type: ignore[arg-type]
            else:
                sampler = SequentialSampler(dataset)  # type: ignore[arg-type]
        if batch_size is not None and batch_sampler is None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)  # type: ignore[arg-type]
        self.dataset = dataset
        self.num_workers = num_workers
        self.prefetch_factor = prefetch_factor
        self.pin_memory = pin_memory
        self.pin_memory_device = pin_memory_device
        self.timeout = timeout
        self.worker_init_fn = worker_init_fn
        self.multiprocessing_context = multiprocessing_context
        self.batch_size = batch_size
        self.drop_last = drop_last
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.generator = generator
        self.persistent_workers = persistent_workers
        self._dataset_kind = kind
        self.collate_fn: Callable[[Any], Any] = collate_fn or (default_collate if self._auto_collation else default_convert)
        self._iterator: Optional[_MultiProcessIter] = None

    @property
    def _auto_collation(self) -> bool:
        return self.batch_sampler is not None

    @property
    def _index_sampler(self) -> Any:
        return self.batch_sampler if self._auto_collation else self.sampler

    def __iter__(self) -> Iterator[Any]:
        if self.num_workers == 0:
            return _SingleProcessIter(self)
        if self.persistent_workers:
            if self._iterator is None or self._iterator._shut:
                self._iterator = _MultiProcessIter(self)
            else:
                self._iterator._reset()
            return self._iterator
        return _MultiProcessIter(self)

    def __len__(self) -> int:
        """The number of batches (an iterable dataset's ``len``, divided by the batch size)."""
        if self._dataset_kind == "iterable":
            n = len(self.dataset)  # type: ignore[arg-type]
            if self.batch_size is not None:
                n = n // self.batch_size if self.drop_last else -(-n // self.batch_size)
            return n
        return len(self._index_sampler)

    def __del__(self) -> None:
        it = getattr(self, "_iterator", None)
        if it is not None:
            it._shutdown()


def _base_seed(loader: DataLoader[Any]) -> int:
    """The epoch's seed of the workers, drawn from the loader's generator (or the global one)."""
    return int(randint(0, 2**63 - 1, dtype=int64, generator=loader.generator).item())


class _SingleProcessIter:
    """Batches read in this process."""

    def __init__(self, loader: DataLoader[Any]) -> None:
        self._loader = loader
        self._base_seed = _base_seed(loader)  # drawn as torch does, so both loaders consume alike
        self._sampler_iter = iter(loader._index_sampler)
        cls = IterableFetcher if loader._dataset_kind == "iterable" else MapFetcher
        self._fetcher: Any = cls(loader.dataset, loader._auto_collation, loader.collate_fn, loader.drop_last)

    def __iter__(self) -> "_SingleProcessIter":
        return self

    def __next__(self) -> Any:
        index = next(self._sampler_iter)
        return self._fetcher.fetch(index)

    def __len__(self) -> int:
        return len(self._loader)


class _MultiProcessIter:
    """Batches read by worker processes, delivered in order."""

    def __init__(self, loader: DataLoader[Any]) -> None:
        # Not the loader itself: a persistent loader holds its iterator, and a cycle would keep
        # the workers alive until the cycle collector runs.
        self._index_sampler = loader._index_sampler
        self._len = weakref.ref(loader)
        self._kind = loader._dataset_kind
        self._num_workers = loader.num_workers
        self._timeout = loader.timeout
        self._prefetch = (loader.prefetch_factor or 2) * loader.num_workers
        self._persistent = loader.persistent_workers
        self._shut = False
        self._base_seed = _base_seed(loader)
        import multiprocessing

        ctx = loader.multiprocessing_context
        if ctx is None:
            # fork on Linux whatever the Python default (3.14 moves to forkserver): datasets,
            # collate_fn and worker_init_fn need not pickle, and the core's thread team
            # restarts in a forked child. Elsewhere the platform's default.
            ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
        elif isinstance(ctx, str):
            ctx = multiprocessing.get_context(ctx)
        self._result_queue = ctx.Queue()
        self._index_queues: List[Any] = []
        self._workers: List[Any] = []
        for wid in range(self._num_workers):
            iq = ctx.Queue()
            iq.cancel_join_thread()
            w = ctx.Process(
                target=worker_loop, name=f"tenflowers DataLoader worker {wid}",
                args=(self._kind, loader.dataset, iq, self._result_queue, loader._auto_collation,
                      loader.collate_fn, loader.drop_last, self._base_seed, loader.worker_init_fn, wid,
                      self._num_workers, os.getpid()),
            )
            w.daemon = True
            with warnings.catch_warnings():
                # Python 3.12+ warns on fork() from a process with threads; the core's worker
                # threads are made fork-safe (a child starts its own team).
                warnings.filterwarnings("ignore", message=r".*multi-threaded, use of fork\(\)", category=DeprecationWarning)
                w.start()
            self._index_queues.append(iq)
            self._workers.append(w)
        self._start_epoch()

    def _start_epoch(self) -> None:
        self._sampler_iter = iter(self._index_sampler)
        self._active = [True] * self._num_workers
        self._cycle = itertools.cycle(range(self._num_workers))
        self._send_idx = 0
        self._rcvd_idx = 0
        self._outstanding = 0
        # task number -> (worker id,) while pending, (worker id, payload) once arrived; the
        # sample indices are kept for error messages.
        self._tasks: Dict[int, Tuple[Any, ...]] = {}
        self._indices: Dict[int, Any] = {}
        for _ in range(self._prefetch):
            self._put_index()

    def _reset(self) -> None:
        """A new epoch on persistent workers: drain what the last epoch left in flight, restart
        the workers' fetchers (iterable datasets start over), then prefetch again."""
        for q in self._index_queues:
            q.put(RESUME)
        waiting = self._num_workers
        while waiting:
            _, data = self._get()
            if isinstance(data, Resumed):
                waiting -= 1
        self._start_epoch()

    def __iter__(self) -> "_MultiProcessIter":
        return self

    def __len__(self) -> int:
        loader = self._len()
        return len(loader) if loader is not None else len(self._index_sampler)

    def _put_index(self) -> None:
        if self._outstanding >= self._prefetch:
            return
        for _ in range(self._num_workers):
            wid = next(self._cycle)
            if self._active[wid]:
                break
        else:
            return
        try:
            index = next(self._sampler_iter)
        except StopIteration:
            return
        self._index_queues[wid].put((self._send_idx, index))
        self._tasks[self._send_idx] = (wid,)
        self._indices[self._send_idx] = index
        self._outstanding += 1
        self._send_idx += 1

    def _get(self) -> Tuple[int, Any]:
        """The next message from any worker; DataLoadError when a worker died or none came
        within the timeout."""
        start = time.monotonic()
        while True:
            try:
                task, payload = self._result_queue.get(timeout=_POLL)
                return task, pickle.loads(payload)
            except queue.Empty:
                pass
            dead = [(wid, w) for wid, w in enumerate(self._workers) if not w.is_alive()]
            if dead:
                wid, w = dead[0]
                pending = sorted(t for t, info in self._tasks.items() if info[0] == wid and len(info) == 1)
                self._shutdown(force=True)
                where = "; its pending batches: " + ", ".join(
                    f"{t} (sample indices {self._indices.get(t)})" for t in pending
                ) if pending else ""
                raise DataLoadError(
                    f"DataLoader worker {wid} (pid {w.pid}) exited unexpectedly with exit code {w.exitcode}{where}"
                )
            if self._timeout and time.monotonic() - start > self._timeout:
                pending = sorted(t for t, info in self._tasks.items() if len(info) == 1)
                self._shutdown(force=True)
                raise DataLoadError(
                    f"DataLoader timed out after {self._timeout} seconds waiting for batch "
                    f"{pending[0] if pending else '?'} (sample indices {self._indices.get(pending[0]) if pending else '?'})"
                )

    def __next__(self) -> Any:
        while True:
            while self._rcvd_idx < self._send_idx:
                info = self._tasks.get(self._rcvd_idx)
                if info is not None and (len(info) == 2 or self._active[info[0]]):
                    break
                if info is not None:  # its worker's iterable ended: it will never answer
                    del self._tasks[self._rcvd_idx]
                    self._outstanding -= 1
                self._indices.pop(self._rcvd_idx, None)
                self._rcvd_idx += 1
            else:
                if not self._persistent:
                    self._shutdown()
                raise StopIteration
            info = self._tasks[self._rcvd_idx]
            if len(info) == 2:
                del self._tasks[self._rcvd_idx]
                return self._deliver(info[1])
            task, data = self._get()
            if isinstance(data, Resumed):
                continue
            self._outstanding -= 1
            if isinstance(data, IterationEnd):
                self._active[data.worker_id] = False
                self._tasks.pop(task, None)
                self._put_index()
                continue
            if task == self._rcvd_idx:
                del self._tasks[task]
                return self._deliver(data)
            self._tasks[task] = (self._tasks[task][0], data)

    def _deliver(self, data: Any) -> Any:
        self._indices.pop(self._rcvd_idx, None)
        self._rcvd_idx += 1
        self._put_index()
        if isinstance(data, WorkerFailed):
            self._shutdown()
            where = "while starting (worker_init_fn or the fetcher)" if data.task < 0 else \
                f"on batch {data.task} (sample indices {data.indices})"
            err = DataLoadError(
                f"DataLoader worker {data.worker_id} raised {data.type_name} {where}: {data.message}\n"
                f"Original traceback in the worker:\n{data.traceback}"
            )
            raise err from data.exc
        return data

    def _shutdown(self, force: bool = False) -> None:
        """Stops the workers (idempotent): a stop message each, a bounded join, then terminate;
        with `force` (a worker is stuck or dead) terminate at once."""
        if getattr(self, "_shut", True):
            return
        self._shut = True
        try:
            for q in self._index_queues:
                try:
                    q.put(None)
                except Exception:
                    pass
            deadline = time.monotonic() + (0.0 if force else _JOIN)
            for w in self._workers:
                w.join(timeout=max(0.0, deadline - time.monotonic()))
            for w in self._workers:
                if w.is_alive():
                    w.terminate()
                    w.join(timeout=1.0)
            for q in [*self._index_queues, self._result_queue]:
                q.cancel_join_thread()
                q.close()
        except Exception:  # at interpreter exit modules may be half torn down
            pass

    def __del__(self) -> None:
        self._shutdown()


__all__ = ["DataLoader"]
