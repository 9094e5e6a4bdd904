"""Runtime controls: memory counters and the buffer pool of the native core, and the number of
threads its kernels use. Process-wide (every thread sees the same values)."""

from __future__ import annotations

from dataclasses import dataclass

from . import capi, ffi

_FIELDS = (
    "current_bytes", "peak_bytes", "live_storages", "allocations", "cache_hits", "cached_bytes",
    "cache_limit_bytes",
)


@dataclass(frozen=True)
class MemoryInfo:
    """Memory counters of tensor element buffers (``memory_info()``). A buffer is shared by all
    views of a tensor and counted once.

    - ``current_bytes``: bytes of the buffers alive now;
    - ``peak_bytes``: the largest ``current_bytes`` since import or ``reset_peak_memory()``;
    - ``live_storages``: buffers alive now (not tensors: views share a buffer);
    - ``allocations``: buffers created since the library was loaded;
    - ``cache_hits``: how many of those reused a pooled buffer;
    - ``cached_bytes``: bytes of freed buffers the pool keeps for reuse (not in ``current_bytes``);
    - ``cache_limit_bytes``: the most bytes the pool may keep (``set_memory_cache_limit``).
    """

    current_bytes: int
    peak_bytes: int
    live_storages: int
    allocations: int
    cache_hits: int
    cached_bytes: int
    cache_limit_bytes: int


def memory_info() -> MemoryInfo:
    """The memory counters of the native core now (``TF_GetMemoryStats``), as a ``MemoryInfo``."""
    # TF_MemoryStats is a struct of uint64_t words, the first its size: an int64 array matches it
    # (the values stay far below 2**63).
    buf = ffi.out_int64(1 + len(_FIELDS))
    buf[0] = 8 * len(buf)
    ffi.call_status(capi.TF_GetMemoryStats, buf)
    return MemoryInfo(*(int(v) for v in buf[1:]))


def reset_peak_memory() -> None:
    """Sets ``memory_info().peak_bytes`` to the current byte count."""
    capi.TF_ResetPeakMemory()


def empty_cache() -> int:
    """Frees the buffers the pool keeps for reuse (buffers of live tensors stay) and returns the
    bytes released. Large buffers (128 KiB and more) of freed tensors are pooled so the next op
    of a similar size skips the page faults of fresh memory."""
    return int(capi.TF_EmptyCache())


def set_memory_cache_limit(nbytes: int) -> int:
    """Sets the most bytes the buffer pool may keep and returns the previous limit. 0 turns
    pooling off; a lower limit frees cached buffers at once. The default is min(1 GiB, 1/8 of
    the memory of the machine or its container)."""
    n = int(nbytes)
    if n < 0:
        raise ValueError(f"set_memory_cache_limit: nbytes must be >= 0, got {n}")
    return int(capi.TF_SetMemoryCacheLimit(n))


def set_num_threads(n: int) -> None:
    """Sets the number of threads the kernels use (1 to 1024, the calling thread included) for
    the whole process. By default it is the ``RAYON_NUM_THREADS`` environment variable when set,
    else the number of logical CPUs. Work on small tensors always stays on the calling thread.
    After a parallel op the worker threads spin for ``TENFLOWERS_SPIN_US`` microseconds (read when
    the workers start, default 1000) before they sleep, so the next op does not wait for them to wake;
    set it to 0 on a machine shared with other busy processes. Results, random draws and matmul
    included, do not depend on the thread count. Raises InvalidArgumentError for a value out of
    range."""
    ffi.call_status(capi.TF_SetNumThreads, _c_int(n))


def get_num_threads() -> int:
    """The number of threads the kernels use (see ``set_num_threads``)."""
    return int(capi.TF_GetNumThreads())


def _c_int(n: int) -> int:
    """`n` as a C int argument; values beyond its range are clamped (still out of range)."""
    return max(-(2**31), min(int(n), 2**31 - 1))

