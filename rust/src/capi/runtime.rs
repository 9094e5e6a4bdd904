//! The runtime: memory counters, the buffer pool and the thread pool.
//!
//! Memory: element buffers of 128 KiB and more are pooled. When a tensor's last view is freed its
//! buffer goes to a free list of its size class (sizes step by 1/4 of a power of two, so a buffer
//! serves requests up to 25% smaller) instead of back to the OS, and the next op of a similar
//! size reuses it without page faults. The pool holds at most min(1 GiB, 1/8 of the machine's
//! or container's memory) by default (TF_SetMemoryCacheLimit changes it); a failed allocation
//! empties the pool and tries again before reporting TF_OUT_OF_MEMORY.
//!
//! Threads: large kernels use a number of threads set by default to the `RAYON_NUM_THREADS`
//! environment variable when it is a positive number, else to the number of logical CPUs. Work on
//! small tensors stays on the calling thread. The hot loops (elementwise ops, sums, matmul, the
//! parameter update) run on the calling thread plus a team of workers that spin for
//! `TENFLOWERS_SPIN_US` microseconds (default 1000) after each parallel op before they sleep, so
//! back-to-back ops do not pay a thread wake-up each; set it to 0 to never spin.

use super::boundary::{guard, guard_plain};
use super::status::TF_Status;
use crate::error::Error;
use crate::runtime::threads;
use crate::storage;
use std::os::raw::c_int;

/// Memory counters of the element buffers of tensors, filled by TF_GetMemoryStats. Every field is
/// a `uint64_t`; later versions only append fields. Views of one tensor share one buffer, which is
/// counted once.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TF_MemoryStats {
    /// Set it to `sizeof(TF_MemoryStats)` before the call; on return it holds the number of bytes
    /// the library filled (fewer when the library is older than the header the caller used).
    pub struct_size: u64,
    /// Bytes of the element buffers alive now (as requested: a pooled buffer may be up to 25%
    /// larger).
    pub current_bytes: u64,
    /// Largest `current_bytes` since the library was loaded or TF_ResetPeakMemory was called.
    pub peak_bytes: u64,
    /// Element buffers (storages) alive now; TF_LiveStorageCount reads the same counter.
    pub live_storages: u64,
    /// Element buffers created since the library was loaded, empty ones included.
    pub allocations: u64,
    /// How many of `allocations` reused a buffer from the pool.
    pub cache_hits: u64,
    /// Bytes of free buffers the pool holds for reuse (not part of `current_bytes`).
    pub cached_bytes: u64,
    /// Most bytes the pool may hold (TF_SetMemoryCacheLimit).
    pub cache_limit_bytes: u64,
}

/// Fills `*stats` with the current memory counters. Set `stats->struct_size` to
/// `sizeof(TF_MemoryStats)` first: the library fills the fields that fit in both its own and the
/// caller's struct, leaves the rest untouched and stores the bytes it filled in `struct_size`.
/// A NULL `stats`, or a `struct_size` below 8 or not a multiple of 8, is TF_INVALID_ARGUMENT and
/// leaves `*stats` untouched. The counters are read one by one, so while other threads allocate
/// they may be a few operations apart.
///
/// # Safety
/// `stats` is NULL or points to `stats->struct_size` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn TF_GetMemoryStats(stats: *mut TF_MemoryStats, status: *mut TF_Status) {
    guard(status, "TF_GetMemoryStats", (), || {
        if stats.is_null() {
            return Err(Error::invalid("stats is NULL"));
        }
        // Word by word: a caller built against an older header has a shorter struct.
        let words = stats as *mut u64;
        let want = words.read();
        if want < 8 || want % 8 != 0 {
            return Err(Error::invalid(format!(
                "stats->struct_size is {want}; set it to sizeof(TF_MemoryStats) ({})",
                std::mem::size_of::<TF_MemoryStats>()
            )));
        }
        let s = storage::memory_stats();
        let all = [
            0,
            s.current_bytes,
            s.peak_bytes,
            s.live_storages,
            s.allocations,
            s.cache_hits,
            s.cached_bytes,
            s.cache_limit_bytes,
        ];
        let n = all.len().min((want / 8) as usize);
        for (i, &v) in all.iter().enumerate().take(n).skip(1) {
            words.add(i).write(v);
        }
        words.write((n * 8) as u64);
        Ok(())
    })
}

/// Sets the peak of TF_GetMemoryStats (`peak_bytes`) to the current byte count.
#[no_mangle]
pub extern "C" fn TF_ResetPeakMemory() {
    guard_plain((), storage::reset_peak_memory)
}

/// Frees every buffer the pool holds for reuse (live tensors keep theirs) and returns the bytes
/// released. Later large allocations come from the allocator again until the pool refills.
#[no_mangle]
pub extern "C" fn TF_EmptyCache() -> usize {
    guard_plain(0, storage::empty_cache)
}

/// Sets the most bytes the buffer pool may hold and returns the previous cap. 0 turns pooling
/// off (every buffer goes back to the allocator when freed); a lower cap frees cached buffers
/// at once until the pool fits it. The default is min(1 GiB, 1/8 of the memory of the machine
/// or of its cgroup limit).
#[no_mangle]
pub extern "C" fn TF_SetMemoryCacheLimit(bytes: usize) -> usize {
    guard_plain(0, || storage::set_cache_limit(bytes))
}

/// Sets the number of threads of the kernels' thread pool to `n` (1 to 1024), the calling
/// thread included. Work already running finishes on the old threads. `n` outside 1..1024 is
/// TF_INVALID_ARGUMENT and changes nothing. Process-wide, unlike grad mode. Results do not
/// depend on it: work is split in pieces fixed by the shapes, not by the thread count.
///
/// # Safety
/// `status` is NULL or a live status.
#[no_mangle]
pub unsafe extern "C" fn TF_SetNumThreads(n: c_int, status: *mut TF_Status) {
    guard(status, "TF_SetNumThreads", (), || threads::set_num_threads(n as i64))
}

/// The number of threads of the kernels' thread pool (starting it with the default size if no
/// kernel has run yet); -1 if no thread could be started.
#[no_mangle]
pub extern "C" fn TF_GetNumThreads() -> c_int {
    guard_plain(-1, || threads::num_threads() as c_int)
}

/// Makes the child of every fork call `threads::note_fork`, so that it starts a team of its own
/// (the one it inherits has no threads). `guard` runs it on every call into the library (after the
/// first, one atomic load). The handler is a function C calls into the library, so it lives here
/// at the boundary; it only increments an atomic (async-signal-safe).
pub(crate) fn watch_forks() {
    #[cfg(unix)]
    {
        extern "C" fn child() {
            threads::note_fork();
        }
        static ONCE: std::sync::Once = std::sync::Once::new();
        // SAFETY: pthread_atfork with no prepare/parent handlers and a child handler that cannot
        // unwind (an atomic increment).
        ONCE.call_once(|| unsafe {
            libc::pthread_atfork(None, None, Some(child));
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_struct_is_words_and_struct_size_is_honoured() {
        assert_eq!(std::mem::size_of::<TF_MemoryStats>(), 8 * 8);
        let mut st = crate::capi::status::TF_NewStatus();
        let s: *mut TF_Status = &mut *st;
        // A caller with a 3-field struct gets 3 fields; the rest stays untouched.
        let mut m = TF_MemoryStats { struct_size: 24, cache_hits: 77, ..Default::default() };
        unsafe { TF_GetMemoryStats(&mut m, s) };
        assert_eq!(st.code, crate::error::TF_Code::TF_OK);
        assert_eq!((m.struct_size, m.cache_hits, m.live_storages), (24, 77, 0));
        // A newer caller's larger struct: the library says how much it filled.
        let mut big = [0u64; 12];
        big[0] = 96;
        unsafe { TF_GetMemoryStats(big.as_mut_ptr() as *mut TF_MemoryStats, s) };
        assert_eq!(big[0], 64);
        assert_eq!(big[8..], [0; 4]);
        assert!(big[7] > 0, "the cap");
        for bad in [0u64, 4, 12] {
            let mut m = TF_MemoryStats { struct_size: bad, peak_bytes: 5, ..Default::default() };
            unsafe { TF_GetMemoryStats(&mut m, s) };
            assert_eq!(st.code, crate::error::TF_Code::TF_INVALID_ARGUMENT);
            assert_eq!((m.struct_size, m.peak_bytes), (bad, 5));
        }
    }
}
