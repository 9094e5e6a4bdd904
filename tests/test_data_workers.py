"""DataLoader with worker processes (num_workers > 0): the same batches as num_workers=0, in
order; shuffled epochs with workers; worker_init_fn, get_worker_info and per-worker seeds;
iterable datasets sharded by get_worker_info; persistent workers across epochs (and after a
broken epoch); a worker's exception and a killed worker raise DataLoadError naming the worker
and the indices; timeouts; no worker process left after the iterator is exhausted, dropped, or
the interpreter exits. Every loader here is small: the whole file runs in seconds."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from typing import Any, Iterator, List, Tuple

import multiprocessing
import numpy as np
import pytest

import tenflowers as tfs
from tenflowers.errors import DataLoadError
from tenflowers.utils.data import DataLoader, Dataset, IterableDataset, TensorDataset, get_worker_info


def npy(x: Any) -> Any:
    return np.asarray(x.numpy())


def flat(batches: List[Any]) -> List[Any]:
    """Each batch as nested Python lists (tensors through NumPy)."""
    out: List[Any] = []
    for b in batches:
        out.append([npy(t).tolist() if isinstance(t, tfs.Tensor) else t for t in b] if isinstance(b, list) else npy(b).tolist())
    return out


class Arrays(Dataset[Tuple[Any, int]]):
    """NumPy samples built from the index."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __getitem__(self, i: int) -> Tuple[Any, int]:
        return np.full((2,), i, np.float32), i

    def __len__(self) -> int:
        return self.n


class Fails(Dataset[int]):
    """Raises on sample `bad`."""

    def __init__(self, n: int, bad: int) -> None:
        self.n, self.bad = n, bad

    def __getitem__(self, i: int) -> int:
        if i == self.bad:
            raise ValueError(f"sample {i} is corrupt")
        return i

    def __len__(self) -> int:
        return self.n


class Slow(Dataset[int]):
    """Sleeps `delay` seconds on sample `at`."""

    def __init__(self, n: int, at: int, delay: float) -> None:
        self.n, self.at, self.delay = n, at, delay

    def __getitem__(self, i: int) -> int:
        if i == self.at:
            time.sleep(self.delay)
        return i

    def __len__(self) -> int:
        return self.n


class Suicide(Dataset[int]):
    """Kills its own worker process on sample `at`."""

    def __init__(self, n: int, at: int) -> None:
        self.n, self.at = n, at

    def __getitem__(self, i: int) -> int:
        if i == self.at and get_worker_info() is not None:
            os.kill(os.getpid(), signal.SIGKILL)
        return i

    def __len__(self) -> int:
        return self.n


class Shards(IterableDataset[int]):
    """0..n-1, each worker yielding its own stride of it."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __iter__(self) -> Iterator[int]:
        info = get_worker_info()
        if info is None:
            return iter(range(self.n))
        return iter(range(info.id, self.n, info.num_workers))


class WhoAmI(Dataset[Tuple[int, int, float, int]]):
    """(worker id, worker seed, a draw of Python's random, the pid) per sample."""

    def __getitem__(self, i: int) -> Tuple[int, int, float, int]:
        info = get_worker_info()
        assert info is not None and info.dataset is self
        return info.id, info.seed, random.random(), os.getpid()

    def __len__(self) -> int:
        return 8


def _no_children_left() -> bool:
    deadline = time.monotonic() + 5
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    return not multiprocessing.active_children()


@pytest.mark.parametrize("workers", [1, 3])
def test_workers_give_the_batches_of_one_process(workers: int) -> None:
    rng = np.random.default_rng(workers)
    x = rng.standard_normal((37, 3)).astype(np.float32)
    y = rng.integers(0, 5, 37)
    ds = TensorDataset(tfs.asarray(x), tfs.asarray(y))
    for kw in (dict(batch_size=5), dict(batch_size=5, drop_last=True), dict(batch_size=None)):
        want = flat(list(DataLoader(ds, **kw)))
        got = flat(list(DataLoader(ds, num_workers=workers, **kw)))
        assert got == want
    want = flat(list(DataLoader(Arrays(11), batch_size=4)))
    assert flat(list(DataLoader(Arrays(11), batch_size=4, num_workers=workers, prefetch_factor=1))) == want
    # Shuffled: the order comes from the main process's generator, so it is the same.
    tfs.manual_seed(3)
    a = flat(list(DataLoader(ds, batch_size=4, shuffle=True)))
    tfs.manual_seed(3)
    b = flat(list(DataLoader(ds, batch_size=4, shuffle=True, num_workers=workers)))
    assert a == b and sorted(i for batch in a for i in batch[1]) == sorted(y.tolist())
    assert _no_children_left()


def test_worker_info_init_fn_and_seeds() -> None:
    started: List[int] = []

    def init(worker_id: int) -> None:
        info = get_worker_info()
        assert info is not None and info.id == worker_id and info.num_workers == 2
        started.append(worker_id)  # in the worker's copy: the main list stays empty

    g = tfs.Generator().manual_seed(9)
    rows = [r for b in DataLoader(WhoAmI(), batch_size=2, num_workers=2, worker_init_fn=init, generator=g)
            for r in zip(*[npy(t).tolist() for t in b])]
    assert started == []
    ids = [int(r[0]) for r in rows]
    assert ids == [0, 0, 1, 1, 0, 0, 1, 1]  # batches dealt to the workers in turn
    seeds = {int(r[0]): int(r[1]) for r in rows}
    assert seeds[1] == seeds[0] + 1
    assert len({int(r[3]) for r in rows}) == 2 and os.getpid() not in {int(r[3]) for r in rows}
    draws0 = [r[2] for r in rows if r[0] == 0]
    draws1 = [r[2] for r in rows if r[0] == 1]
    assert draws0 != draws1  # each worker's random module has its own seed
    # The same generator state gives the same worker seeds (and so the same draws).
    g.manual_seed(9)
    again = [r for b in DataLoader(WhoAmI(), batch_size=2, num_workers=2, generator=g) for r in zip(*[npy(t).tolist() for t in b])]
    assert [r[1:3] for r in again] == [r[1:3] for r in rows]


def test_iterable_dataset_sharded_by_worker_info() -> None:
    got = [npy(b).tolist() for b in DataLoader(Shards(10), batch_size=2, num_workers=2)]
    # Worker 0 yields 0 2 4 6 8, worker 1 yields 1 3 5 7 9; batches alternate between them.
    assert got == [[0, 2], [1, 3], [4, 6], [5, 7], [8], [9]]
    assert sorted(i for b in got for i in b) == list(range(10))
    uneven = [npy(b).tolist() for b in DataLoader(Shards(5), batch_size=2, num_workers=3, drop_last=True)]
    assert uneven == [[0, 3], [1, 4]]  # the workers hold 0 3 / 1 4 / 2: the short one is dropped
    assert [npy(b).tolist() for b in DataLoader(Shards(5), batch_size=2, num_workers=3)] == [[0, 3], [1, 4], [2]]
    assert list(DataLoader(Shards(4), batch_size=None, num_workers=2)) == [0, 1, 2, 3]


def test_persistent_workers_across_epochs_and_after_a_break() -> None:
    loader = DataLoader(Shards(6), batch_size=2, num_workers=2, persistent_workers=True)
    e1 = [npy(b).tolist() for b in loader]
    pids = [w.pid for w in loader._iterator._workers]  # type: ignore[attr-defined]
    e2 = [npy(b).tolist() for b in loader]
    assert e1 == e2 == [[0, 2], [1, 3], [4], [5]]
    it = iter(loader)
    next(it)  # break after one batch: the next epoch starts over, with nothing stale
    assert [npy(b).tolist() for b in loader] == e1
    assert [w.pid for w in loader._iterator._workers] == pids  # type: ignore[attr-defined]
    m = DataLoader(Arrays(7), batch_size=3, num_workers=2, persistent_workers=True)
    first = flat(list(m))
    assert flat(list(m)) == first == flat(list(DataLoader(Arrays(7), batch_size=3)))
    del loader, it, m
    assert _no_children_left()


def test_a_worker_exception_names_the_worker_and_indices() -> None:
    loader = DataLoader(Fails(10, bad=7), batch_size=3, num_workers=2)
    it = iter(loader)
    assert [npy(next(it)).tolist() for _ in range(2)] == [[0, 1, 2], [3, 4, 5]]
    with pytest.raises(DataLoadError) as info:
        next(it)
    msg = str(info.value)
    assert "worker 0" in msg and "batch 2" in msg and "[6, 7, 8]" in msg
    assert "ValueError" in msg and "sample 7 is corrupt" in msg and "Traceback" in msg
    assert isinstance(info.value.__cause__, ValueError) and "sample 7" in str(info.value.__cause__)
    assert _no_children_left()
    # A failing worker_init_fn too.
    def bad_init(worker_id: int) -> None:
        raise RuntimeError(f"init of {worker_id} failed")

    with pytest.raises(DataLoadError, match="init of 0 failed"):
        list(DataLoader(Fails(4, bad=-1), num_workers=1, worker_init_fn=bad_init))


def test_a_killed_worker_raises_within_the_timeout() -> None:
    start = time.monotonic()
    with pytest.raises(DataLoadError, match=r"worker 0 \(pid \d+\) exited unexpectedly.*2 \(sample indices \[4, 5\]\)"):
        list(DataLoader(Suicide(8, at=5), batch_size=2, num_workers=2))
    assert time.monotonic() - start < 5
    with pytest.raises(DataLoadError, match="exited unexpectedly"):
        list(DataLoader(Suicide(8, at=5), batch_size=2, num_workers=2, timeout=2))
    assert time.monotonic() - start < 10
    assert _no_children_left()


def test_timeout() -> None:
    start = time.monotonic()
    with pytest.raises(DataLoadError, match=r"timed out after 0.5 seconds.*\[1\]"):
        list(DataLoader(Slow(3, at=1, delay=3.0), num_workers=1, timeout=0.5))
    assert time.monotonic() - start < 2.5
    assert _no_children_left()
    # A wait shorter than the timeout is fine.
    assert [int(b) for b in DataLoader(Slow(3, at=1, delay=0.2), num_workers=1, timeout=2)] == [0, 1, 2]


def test_breaking_out_early_stops_the_workers() -> None:
    loader = DataLoader(Arrays(1000), batch_size=4, num_workers=2)
    for k, _ in enumerate(loader):
        if k == 2:
            break
    assert _no_children_left()
    it = iter(loader)
    next(it)
    workers = list(it._workers)  # type: ignore[attr-defined]
    del it
    assert all(not w.is_alive() for w in workers) and _no_children_left()


def test_interpreter_exit_with_live_workers_does_not_hang() -> None:
    code = (
        "import tenflowers as tfs\n"
        "from tenflowers.utils.data import DataLoader, TensorDataset\n"
        "ds = TensorDataset(tfs.arange(1000))\n"
        "it = iter(DataLoader(ds, batch_size=2, num_workers=2))\n"
        "keep = DataLoader(ds, num_workers=1, persistent_workers=True); list(keep)\n"
        "print(next(it)[0].tolist())\n"
        "import os, sys; sys.stdout.flush()\n"
    )
    start = time.monotonic()
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30,
                       cwd=tempfile.gettempdir())
    assert r.returncode == 0 and r.stdout == "[0, 1]\n", r.stderr
    assert r.stderr == ""
    assert time.monotonic() - start < 15


def test_spawned_workers_get_the_dataset_by_pickle() -> None:
    # With "spawn" the dataset itself crosses to the workers as a pickle (tensors through
    # their bytes), and the batches come back the same way.
    x = tfs.asarray(np.arange(24, dtype=np.float32).reshape(12, 2))
    ds = TensorDataset(x, tfs.arange(12))
    want = flat(list(DataLoader(ds, batch_size=5)))
    got = flat(list(DataLoader(ds, batch_size=5, num_workers=2, multiprocessing_context="spawn", timeout=30)))
    assert got == want
    assert _no_children_left()
