"""The runtime from Python: memory counters (memory_info, reset_peak_memory), the buffer pool
(empty_cache, set_memory_cache_limit) and the thread pool (set_num_threads, get_num_threads)."""

from __future__ import annotations

import dataclasses
import os
import gc
import threading
from pathlib import Path
from typing import Iterator

import numpy as np
import pytest

import tenflowers as tfs
from tenflowers._core import capi, ffi
from tenflowers._core.tensor import _clear_scalar_caches

MIB = 1 << 20


@pytest.fixture
def quiet_gc() -> Iterator[None]:
    """No cyclic garbage collection in the middle of an exact count, and no cached scalar operands
    (`t + 1.0` keeps its 0-d `1.0` for reuse) on either side of one."""
    _clear_scalar_caches()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@pytest.fixture
def restore_threads() -> Iterator[None]:
    n = tfs.get_num_threads()
    try:
        yield
    finally:
        tfs.set_num_threads(n)


def f32(nbytes: int) -> tfs.Tensor:
    return tfs.zeros((nbytes // 4,), dtype=tfs.float32)


def test_memory_info_is_a_frozen_dataclass() -> None:
    m = tfs.memory_info()
    assert isinstance(m, tfs.MemoryInfo)
    assert [f.name for f in dataclasses.fields(m)] == [
        "current_bytes", "peak_bytes", "live_storages", "allocations", "cache_hits", "cached_bytes",
        "cache_limit_bytes",
    ]
    assert all(isinstance(v, int) and v >= 0 for v in dataclasses.astuple(m))
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.peak_bytes = 0  # type: ignore[misc]
    assert m.peak_bytes >= m.current_bytes
    assert m.cache_limit_bytes > 0
    assert m.live_storages == capi.TF_LiveStorageCount()


def test_counts_are_exact_for_a_known_sequence(quiet_gc: None) -> None:
    tfs.empty_cache()
    m0 = tfs.memory_info()
    a = f32(MIB)
    m1 = tfs.memory_info()
    assert m1.current_bytes - m0.current_bytes == MIB
    assert m1.peak_bytes >= m0.current_bytes + MIB
    assert (m1.allocations - m0.allocations, m1.live_storages - m0.live_storages) == (1, 1)

    v = a.reshape((512, 512)).T  # views: no new buffer
    m2 = tfs.memory_info()
    assert (m2.allocations, m2.current_bytes) == (m1.allocations, m1.current_bytes)

    b = a + a  # one new 1 MiB buffer
    s = a.reshape((512, 512)).sum()  # one 4-byte buffer
    m3 = tfs.memory_info()
    assert m3.allocations - m2.allocations == 2
    assert m3.current_bytes - m2.current_bytes == MIB + 4
    assert m3.peak_bytes >= m3.current_bytes

    del a  # v still holds the buffer
    assert tfs.memory_info().current_bytes == m3.current_bytes
    del v
    m4 = tfs.memory_info()
    assert m4.current_bytes == m3.current_bytes - MIB
    assert m4.live_storages == m3.live_storages - 1
    assert m4.peak_bytes >= m3.current_bytes
    assert m4.cached_bytes == MIB  # the freed buffer waits in the pool

    tfs.reset_peak_memory()
    m5 = tfs.memory_info()
    assert m5.peak_bytes == m5.current_bytes == m4.current_bytes
    del b, s
    m6 = tfs.memory_info()
    assert m6.current_bytes == m0.current_bytes
    assert m6.live_storages == m0.live_storages
    assert m6.peak_bytes == m5.peak_bytes
    assert m6.allocations - m0.allocations == 3
    assert tfs.empty_cache() == 2 * MIB
    assert tfs.memory_info().cached_bytes == 0


def test_peak_follows_a_temporary(quiet_gc: None) -> None:
    tfs.reset_peak_memory()
    base = tfs.memory_info().current_bytes
    t = f32(4 * MIB)
    del t
    m = tfs.memory_info()
    assert m.current_bytes == base
    assert m.peak_bytes >= base + 4 * MIB
    tfs.reset_peak_memory()
    assert tfs.memory_info().peak_bytes == base


def test_a_dirty_buffer_is_reused_and_zeros_are_zero(quiet_gc: None) -> None:
    tfs.empty_cache()
    dirty = tfs.asarray(np.full(3 * MIB // 4, np.nan, dtype=np.float32))
    addr = ffi.tensor_data(dirty._h)
    hits = tfs.memory_info().cache_hits
    del dirty
    assert tfs.memory_info().cached_bytes == 3 * MIB
    z = f32(3 * MIB - 4096)  # same size class
    assert tfs.memory_info().cache_hits == hits + 1
    assert ffi.tensor_data(z._h) == addr
    assert not np.asarray(z).view(np.uint32).any()
    del z
    o = tfs.ones((3 * MIB // 4,), dtype=tfs.float32)
    assert (np.asarray(o) == 1.0).all()
    del o
    e = tfs.empty((3 * MIB // 4,), dtype=tfs.float32)
    assert e.shape == (3 * MIB // 4,)


def test_small_buffers_are_not_pooled(quiet_gc: None) -> None:
    tfs.empty_cache()
    t = f32(64 * 1024)
    del t
    assert tfs.memory_info().cached_bytes == 0


def test_the_cache_limit_holds(quiet_gc: None) -> None:
    prev = tfs.set_memory_cache_limit(3 * MIB)
    try:
        assert tfs.memory_info().cache_limit_bytes == 3 * MIB
        ts = [f32(MIB) for _ in range(5)]
        while ts:
            ts.pop()
            assert tfs.memory_info().cached_bytes <= 3 * MIB
        assert tfs.memory_info().cached_bytes == 3 * MIB
        assert tfs.set_memory_cache_limit(MIB) == 3 * MIB
        assert tfs.memory_info().cached_bytes == MIB  # trimmed at once
        assert tfs.set_memory_cache_limit(0) == MIB
        big = f32(2 * MIB)
        del big
        assert tfs.memory_info().cached_bytes == 0
        with pytest.raises(ValueError, match="-1"):
            tfs.set_memory_cache_limit(-1)
    finally:
        tfs.set_memory_cache_limit(prev)
    assert tfs.memory_info().cache_limit_bytes == prev


def test_a_leaf_gradient_is_stored_without_a_copy(quiet_gc: None) -> None:
    # The weight's gradient is a fresh product; backward moves it into `.grad`. A copy on the way
    # (as when the engine kept a second reference) would show as a second 4 MiB at the peak.
    w = tfs.ones((1024, 1024), dtype=tfs.float32).requires_grad_()
    x = tfs.ones((1, 1024), dtype=tfs.float32)
    loss = (x @ w).sum()
    tfs.empty_cache()
    tfs.reset_peak_memory()
    base = tfs.memory_info().current_bytes
    loss.backward()
    grad = w.grad
    assert grad is not None and float(grad.sum().item()) == 1024 * 1024
    m = tfs.memory_info()
    assert m.current_bytes - base == 4 * MIB
    assert m.peak_bytes - base < 4 * MIB + 64 * 1024, m


def test_threads_round_trip_and_bad_values(restore_threads: None) -> None:
    assert tfs.get_num_threads() >= 1
    for n in (1, 3, 2):
        tfs.set_num_threads(n)
        assert tfs.get_num_threads() == n
    for bad in (0, -1, 1025, 2**40):
        with pytest.raises(tfs.InvalidArgumentError, match="TF_SetNumThreads") as e:
            tfs.set_num_threads(bad)
        assert str(min(bad, 2**31 - 1)) in str(e.value)
        assert tfs.get_num_threads() == 2


def test_results_do_not_depend_on_the_thread_count(restore_threads: None) -> None:
    def run() -> list[np.ndarray]:
        tfs.manual_seed(1234)
        x = tfs.randn((300_001,))
        u = tfs.rand((200_003,), dtype=tfs.float64)
        i = tfs.randint(-5, 9, (250_007,))
        y = tfs.exp(x) + x * 2.0
        return [np.asarray(t) for t in (x, u, i, y, y.sum(), tfs.softmax(x.reshape((1, -1)), axis=1))]

    tfs.set_num_threads(1)
    one = run()
    tfs.set_num_threads(2)
    two = run()
    for a, b in zip(one, two):
        np.testing.assert_array_equal(a, b)
    assert one[0].std() > 0.9


def test_many_python_threads_allocate_and_free(quiet_gc: None, restore_threads: None) -> None:
    before = tfs.memory_info()
    errors: list[str] = []

    def work(k: int) -> None:
        try:
            for i in range(40):
                n = (1024, 200 * 1024, MIB, 5 * MIB // 2)[(i + k) % 4] // 4
                t = tfs.zeros((n,), dtype=tfs.float32)
                if np.asarray(t).any():
                    errors.append(f"thread {k}: zeros not zero")
                u = t + float(k + 1)
                if not (np.asarray(u) == k + 1).all():
                    errors.append(f"thread {k}: wrong sum")
                if i % 10 == 0:
                    tfs.set_num_threads(1 + (i + k) % 2)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(repr(e))

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    _clear_scalar_caches()  # each thread's `t + float(k + 1)` cached its 0-d operand
    after = tfs.memory_info()
    assert after.live_storages == before.live_storages
    assert after.current_bytes == before.current_bytes
    assert after.cached_bytes <= after.cache_limit_bytes


def test_workers_that_sleep_between_ops_still_give_every_result(tmp_path: Path) -> None:
    # With TENFLOWERS_SPIN_US=0 the workers park right after each op, so every parallel op wakes
    # them (or runs without them); pauses between ops make them park for sure. A job that lost a
    # wake-up would hang (the timeout fails the test) and a piece run twice or never would change
    # the results, compared with NumPy here.
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent(
        """
        import time, numpy as np, tenflowers as tfs
        tfs.set_num_threads(2)
        rng = np.random.default_rng(3)
        x = rng.standard_normal(1_000_003).astype(np.float32)
        a, b = rng.standard_normal((200, 300)), rng.standard_normal((300, 170))
        tx, ta, tb = tfs.asarray(x), tfs.asarray(a), tfs.asarray(b)
        for i in range(30):
            time.sleep(0.002 * (i % 3))
            assert np.array_equal(np.asarray(tx + tx), x + x)
            assert np.array_equal(np.asarray(tfs.relu(tx)), np.maximum(x, 0))
            np.testing.assert_allclose(np.asarray(ta @ tb), a @ b, rtol=1e-12, atol=1e-12)
            np.testing.assert_allclose(float(tx.sum()), float(x.astype(np.float64).sum()), rtol=1e-5)
        print("ok")
        """
    )
    env = dict(os.environ, TENFLOWERS_SPIN_US="0")
    # From a scratch directory, so the installed package is imported, not the source tree.
    r = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 0 and r.stdout.strip() == "ok", r.stderr


def test_a_forked_child_runs_parallel_ops(tmp_path: Path) -> None:
    # The child of a fork inherits the team's memory but not its worker threads. The library
    # starts a team of its own in the child (a job's caller would otherwise do every task alone,
    # or wait forever for a worker that was inside a job at the fork). Results must be right,
    # changing the thread count in the child must work, and a hang fails through the timeout.
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent(
        """
        import os, numpy as np, tenflowers as tfs
        tfs.set_num_threads(2)
        x = np.arange(1_000_003, dtype=np.float64)
        t = tfs.asarray(x)
        assert np.array_equal(np.asarray(t + t), x + x)  # the parent's team exists now
        pid = os.fork()
        if pid == 0:
            ok = np.array_equal(np.asarray(t * 3.0), x * 3.0) and float(t.sum()) == float(x.sum())
            a = tfs.asarray(np.eye(300)) @ tfs.asarray(np.ones((300, 200)))
            ok = ok and np.array_equal(np.asarray(a), np.ones((300, 200)))
            tfs.set_num_threads(3)
            ok = ok and np.array_equal(np.asarray(t - t), np.zeros_like(x))
            os._exit(0 if ok else 1)
        _, status = os.waitpid(pid, 0)
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status
        assert np.array_equal(np.asarray(t + 1.0), x + 1.0)
        print("ok")
        """
    )
    r = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stdout.strip() == "ok", r.stderr
