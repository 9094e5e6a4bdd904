//! Reference-counted element buffers. A `Storage` is one 64-byte aligned allocation; tensors
//! are views (a `Layout`) over an `Arc<Storage>`, so transposes, reshapes and broadcasts share it.
//!
//! Large buffers come from a size-bucketed pool (`Pool`): a freed buffer of at least `POOL_MIN`
//! bytes goes back to the free list of its size class instead of to the allocator, so the next
//! op of a similar size reuses memory whose pages are already mapped. Without it, every large
//! fresh output (glibc serves those with mmap) pays a page fault per 4 KiB page: `a + b` over
//! 1e7 float32 spent more time faulting than adding. Pooled memory is dirty: `Storage::uninit`
//! hands it out unwritten (every constructor writes all elements before a read), and
//! `Storage::zeroed` always writes the zeros itself.
//!
//! The process-wide memory counters (`memory_stats`) are kept here too.

use crate::dtype::{DType, Element};
use crate::error::{Error, Result};
use std::alloc::{self, Layout as AllocLayout};
use std::any::Any;
use std::ptr::NonNull;
use std::sync::atomic::{AtomicI64, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Alignment of every buffer: a full cache line, enough for any SIMD load and for DLPack consumers.
pub(crate) const ALIGN: usize = 64;

// ---------------------------------------------------------------------------------------------
// Counters

/// The counters, on their own cache line (every storage creation and drop touches them).
#[repr(align(64))]
struct Counters {
    live: AtomicI64,
    current: AtomicU64,
    peak: AtomicU64,
    allocations: AtomicU64,
    hits: AtomicU64,
}

static COUNTERS: Counters = Counters {
    live: AtomicI64::new(0),
    current: AtomicU64::new(0),
    peak: AtomicU64::new(0),
    allocations: AtomicU64::new(0),
    hits: AtomicU64::new(0),
};

/// Number of live `Storage` values (element buffers) in the process: a leak detector for tests,
/// read by `TF_LiveStorageCount`.
pub fn live_storages() -> i64 {
    COUNTERS.live.load(Ordering::Relaxed)
}

/// A snapshot of the memory counters of element buffers (`TF_GetMemoryStats`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemoryStats {
    /// Bytes of the live storages, as requested (a pooled buffer may be up to 25% larger).
    pub current_bytes: u64,
    /// Largest `current_bytes` since the library loaded or `reset_peak_memory`.
    pub peak_bytes: u64,
    /// Live storages (element buffers; views of one tensor share one).
    pub live_storages: u64,
    /// Storages created since the library loaded, zero-sized ones included.
    pub allocations: u64,
    /// How many of `allocations` were served from the pool.
    pub cache_hits: u64,
    /// Bytes of free buffers held by the pool.
    pub cached_bytes: u64,
    /// Most bytes the pool may hold (`set_cache_limit`).
    pub cache_limit_bytes: u64,
}

pub fn memory_stats() -> MemoryStats {
    MemoryStats {
        current_bytes: COUNTERS.current.load(Ordering::Relaxed),
        peak_bytes: COUNTERS.peak.load(Ordering::Relaxed),
        live_storages: COUNTERS.live.load(Ordering::Relaxed).max(0) as u64,
        allocations: COUNTERS.allocations.load(Ordering::Relaxed),
        cache_hits: COUNTERS.hits.load(Ordering::Relaxed),
        cached_bytes: POOL.cached.load(Ordering::Relaxed) as u64,
        cache_limit_bytes: POOL.limit() as u64,
    }
}

/// Sets the peak to the current byte count.
pub fn reset_peak_memory() {
    COUNTERS.peak.store(COUNTERS.current.load(Ordering::Relaxed), Ordering::Relaxed);
}

fn count_alloc(bytes: usize, hit: bool) {
    COUNTERS.live.fetch_add(1, Ordering::Relaxed);
    COUNTERS.allocations.fetch_add(1, Ordering::Relaxed);
    if hit {
        COUNTERS.hits.fetch_add(1, Ordering::Relaxed);
    }
    if bytes != 0 {
        let now = COUNTERS.current.fetch_add(bytes as u64, Ordering::Relaxed) + bytes as u64;
        // Read first: the peak rarely moves, and a plain load keeps the cache line shared.
        if now > COUNTERS.peak.load(Ordering::Relaxed) {
            COUNTERS.peak.fetch_max(now, Ordering::Relaxed);
        }
    }
}

fn count_free(bytes: usize) {
    COUNTERS.live.fetch_sub(1, Ordering::Relaxed);
    if bytes != 0 {
        COUNTERS.current.fetch_sub(bytes as u64, Ordering::Relaxed);
    }
}

// ---------------------------------------------------------------------------------------------
// Size classes and the pool

/// Buffers below this many bytes go straight to the allocator (glibc serves them from its heap
/// without a system call; 128 KiB is its default mmap threshold). At and above it they are pooled.
pub(crate) const POOL_MIN: usize = 1 << POOL_MIN_SHIFT;
const POOL_MIN_SHIFT: u32 = 17;
/// Buffers above 1 TiB are never pooled (nor rounded up to a class).
const POOL_MAX_SHIFT: u32 = 40;
/// Classes per power of two: sizes 2^k * (1, 1.25, 1.5, 1.75), so a class is never more than
/// 25% larger than the request it serves, and a buffer fits every request within 25% below it.
const SUB: usize = 4;
const NCLASSES: usize = (POOL_MAX_SHIFT - POOL_MIN_SHIFT) as usize * SUB + 1;

/// The size class of a request of `bytes`: (index, class size in bytes), or None when it is not
/// pooled (below `POOL_MIN` or above 1 TiB).
fn class_of(bytes: usize) -> Option<(usize, usize)> {
    if !(POOL_MIN..=1usize << POOL_MAX_SHIFT).contains(&bytes) {
        return None;
    }
    let k = usize::BITS - 1 - bytes.leading_zeros();
    let base = 1usize << k;
    let step = base / SUB;
    let j = (bytes - base).div_ceil(step); // 0..=SUB; SUB is the next power of two
    let idx = (k - POOL_MIN_SHIFT) as usize * SUB + j;
    Some((idx, class_size(idx)))
}

fn class_size(idx: usize) -> usize {
    let k = POOL_MIN_SHIFT as usize + idx / SUB;
    (1usize << k) + (idx % SUB) * (1usize << (k - 2))
}

/// The default cap of the pool: min(1 GiB, 1/8 of the memory this process may use). 1 GiB holds
/// the temporaries of a large CPU working set (25 buffers of 1e7 float32); 1/8 keeps the cache
/// a small part of a small machine or container (a 2 GiB container caches at most 256 MiB).
fn default_limit() -> usize {
    const GIB: usize = 1 << 30;
    match usable_memory() {
        Some(m) => (m / 8).min(GIB),
        None => GIB / 2,
    }
}

/// Physical memory, lowered to the cgroup limit on Linux (a container sees the host's RAM in
/// sysconf).
fn usable_memory() -> Option<usize> {
    #[cfg(unix)]
    {
        // SAFETY: sysconf has no preconditions.
        let (pages, page) = unsafe { (libc::sysconf(libc::_SC_PHYS_PAGES), libc::sysconf(libc::_SC_PAGESIZE)) };
        if pages <= 0 || page <= 0 {
            return None;
        }
        let mut m = (pages as usize).saturating_mul(page as usize);
        #[cfg(target_os = "linux")]
        for path in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
            if let Some(l) = std::fs::read_to_string(path).ok().and_then(|s| s.trim().parse::<usize>().ok()) {
                m = m.min(l);
            }
        }
        Some(m)
    }
    #[cfg(not(unix))]
    {
        None
    }
}

const LIMIT_UNSET: usize = usize::MAX;

/// Free lists of large buffers, one per size class, holding at most `limit` bytes in all.
/// A `Mutex<Vec>` per class: an uncontended lock is ~20 ns, nothing next to the page faults it
/// saves on a buffer of at least 128 KiB, and two classes never contend.
pub(crate) struct Pool {
    lists: [Mutex<Vec<usize>>; NCLASSES],
    cached: AtomicUsize,
    limit: AtomicUsize,
}

impl Pool {
    /// A pool with cap `limit` bytes (`LIMIT_UNSET`: `default_limit()`, computed on first use).
    pub(crate) const fn new(limit: usize) -> Pool {
        #[allow(clippy::declare_interior_mutable_const)]
        const EMPTY: Mutex<Vec<usize>> = Mutex::new(Vec::new());
        Pool { lists: [EMPTY; NCLASSES], cached: AtomicUsize::new(0), limit: AtomicUsize::new(limit) }
    }

    pub(crate) fn limit(&self) -> usize {
        let l = self.limit.load(Ordering::Relaxed);
        if l != LIMIT_UNSET {
            return l;
        }
        let _ = self.limit.compare_exchange(LIMIT_UNSET, default_limit(), Ordering::Relaxed, Ordering::Relaxed);
        self.limit.load(Ordering::Relaxed)
    }

    /// Sets the cap, frees cached buffers until the pool fits it, and returns the previous cap.
    pub(crate) fn set_limit(&self, bytes: usize) -> usize {
        let prev = self.limit();
        self.limit.store(bytes.min(LIMIT_UNSET - 1), Ordering::Relaxed);
        while self.cached.load(Ordering::Relaxed) > self.limit() && self.evict_one() {}
        prev
    }

    #[cfg(test)]
    fn cached(&self) -> usize {
        self.cached.load(Ordering::Relaxed)
    }

    fn list(&self, idx: usize) -> std::sync::MutexGuard<'_, Vec<usize>> {
        // Nothing panics while a list is locked; a poisoned lock still holds a valid Vec.
        self.lists[idx].lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A cached buffer of class `idx`, if any.
    fn take(&self, idx: usize) -> Option<NonNull<u8>> {
        let p = self.list(idx).pop()?;
        self.cached.fetch_sub(class_size(idx), Ordering::Relaxed);
        NonNull::new(p as *mut u8)
    }

    /// Keeps the buffer `p` of class `idx` for reuse, making room under the cap by freeing other
    /// cached buffers (largest classes first). False when it does not fit: the caller frees it.
    fn give(&self, p: NonNull<u8>, idx: usize) -> bool {
        let size = class_size(idx);
        let limit = self.limit();
        if size > limit {
            return false;
        }
        let mut cur = self.cached.load(Ordering::Relaxed);
        loop {
            if cur + size <= limit {
                match self.cached.compare_exchange_weak(cur, cur + size, Ordering::Relaxed, Ordering::Relaxed) {
                    Ok(_) => break,
                    Err(now) => cur = now,
                }
            } else if self.evict_one() {
                cur = self.cached.load(Ordering::Relaxed);
            } else {
                return false;
            }
        }
        self.list(idx).push(p.as_ptr() as usize);
        true
    }

    /// Frees one cached buffer from the largest nonempty class; false when the pool is empty.
    fn evict_one(&self) -> bool {
        for idx in (0..NCLASSES).rev() {
            let popped = self.list(idx).pop();
            if let Some(p) = popped {
                let size = class_size(idx);
                self.cached.fetch_sub(size, Ordering::Relaxed);
                // SAFETY: pooled buffers were allocated by `raw_alloc` with their class size.
                unsafe { raw_free(p as *mut u8, size) };
                return true;
            }
        }
        false
    }

    /// Frees every cached buffer; returns the bytes released.
    pub(crate) fn clear(&self) -> usize {
        let mut released = 0;
        for idx in 0..NCLASSES {
            let bufs = std::mem::take(&mut *self.list(idx));
            let size = class_size(idx);
            for p in bufs {
                self.cached.fetch_sub(size, Ordering::Relaxed);
                // SAFETY: as in `evict_one`.
                unsafe { raw_free(p as *mut u8, size) };
                released += size;
            }
        }
        released
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        self.clear();
    }
}

/// The process-wide pool behind every `Storage`.
static POOL: Pool = Pool::new(LIMIT_UNSET);

/// Frees every buffer held by the pool (`TF_EmptyCache`); returns the bytes released.
pub fn empty_cache() -> usize {
    POOL.clear()
}

/// Sets the pool's cap in bytes (0 turns pooling off) and returns the previous cap.
pub fn set_cache_limit(bytes: usize) -> usize {
    POOL.set_limit(bytes)
}

/// `bytes` (nonzero) from the allocator, zeroed or not. On failure the pool is emptied and the
/// allocation tried once more: cached memory must never be the cause of an out-of-memory error.
fn raw_alloc(bytes: usize, zero: bool) -> Option<NonNull<u8>> {
    let layout = AllocLayout::from_size_align(bytes, ALIGN).ok()?;
    let once = || {
        // SAFETY: layout has nonzero size.
        NonNull::new(unsafe { if zero { alloc::alloc_zeroed(layout) } else { alloc::alloc(layout) } })
    };
    let p = once().or_else(|| if POOL.clear() > 0 { once() } else { None })?;
    advise_huge_pages(p, bytes);
    Some(p)
}

/// Buffers of at least this many bytes ask for transparent huge pages (NumPy's threshold too).
const HUGE_PAGE_MIN_BYTES: usize = 4 << 20;

/// Asks Linux to back the whole 2 MiB-aligned part of a large buffer with huge pages
/// (`MADV_HUGEPAGE`; most distributions enable THP only on request). A 40 MB buffer then takes
/// 20 page faults instead of 10,000 on first touch, and streaming through it misses the TLB far
/// less. Advice only: an error (no THP support) changes nothing.
fn advise_huge_pages(p: NonNull<u8>, bytes: usize) {
    #[cfg(target_os = "linux")]
    if bytes >= HUGE_PAGE_MIN_BYTES {
        const PAGE: usize = 4096;
        let start = (p.as_ptr() as usize).next_multiple_of(PAGE);
        let end = (p.as_ptr() as usize + bytes) & !(PAGE - 1);
        if end > start {
            // SAFETY: [start, end) lies inside the allocation; madvise does not touch its contents.
            unsafe { libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE) };
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (p, bytes);
}

/// # Safety
/// `p` came from `raw_alloc(bytes, _)` and is not used afterwards.
unsafe fn raw_free(p: *mut u8, bytes: usize) {
    alloc::dealloc(p, AllocLayout::from_size_align_unchecked(bytes, ALIGN))
}

// ---------------------------------------------------------------------------------------------
// Storage

pub struct Storage {
    ptr: NonNull<u8>,
    /// Bytes of the elements.
    bytes: usize,
    /// Bytes allocated: `bytes`, or its size class when it may be pooled.
    cap: usize,
    dtype: DType,
    /// Bumped by every in-place write (`ops::index::assign`, `index_assign`); autograd compares it
    /// with the value seen when a tensor was saved for backward.
    version: AtomicU64,
    /// Memory owned by someone else (a file mapping, another library's buffer): kept alive while
    /// this storage lives and released by dropping it; None for memory from the allocator.
    owner: Option<Arc<dyn Any + Send + Sync>>,
}

// The buffer is plain memory owned by this value; access rules are those of the tensors over it.
unsafe impl Send for Storage {}
unsafe impl Sync for Storage {}

impl Storage {
    /// Allocates room for `len` elements of `dtype`, uninitialized (possibly a reused buffer
    /// holding old data). Every constructor of a tensor writes all elements before the storage
    /// is read.
    pub fn uninit(dtype: DType, len: usize) -> Result<Storage> {
        let s = Storage::alloc(dtype, len, false)?;
        if cfg!(debug_assertions) && s.bytes != 0 {
            // Debug builds (the Rust tests) poison new buffers, so a kernel that reads an element
            // it never wrote sees garbage instead of the zeros of a fresh page.
            // SAFETY: the allocation is at least `bytes` long.
            unsafe { std::ptr::write_bytes(s.ptr.as_ptr(), 0xA5, s.bytes) };
        }
        Ok(s)
    }

    /// Allocates and fills with zero bytes (zero, 0.0 or false in every dtype).
    pub fn zeroed(dtype: DType, len: usize) -> Result<Storage> {
        Storage::alloc(dtype, len, true)
    }

    /// `len` elements; `zero`: all bytes zero (written here for a pooled buffer, which is dirty;
    /// a fresh one comes zeroed from the allocator, often as untouched zero pages).
    fn alloc(dtype: DType, len: usize, zero: bool) -> Result<Storage> {
        let bytes = len
            .checked_mul(dtype.size())
            .filter(|&b| b <= isize::MAX as usize - ALIGN)
            .ok_or_else(|| Error::oom(format!("{len} elements of {} exceed the address space", dtype.name())))?;
        if bytes == 0 {
            // A dangling but aligned pointer: valid for zero-length slices.
            let ptr = NonNull::new(ALIGN as *mut u8).expect("nonzero");
            count_alloc(0, false);
            return Ok(Storage { ptr, bytes, cap: 0, dtype, version: AtomicU64::new(0), owner: None });
        }
        let (cap, reused) = match class_of(bytes).filter(|&(_, size)| size <= POOL.limit()) {
            Some((idx, size)) => (size, POOL.take(idx)),
            None => (bytes, None),
        };
        let hit = reused.is_some();
        let ptr = match reused {
            Some(p) => {
                if zero {
                    // SAFETY: the buffer is `cap >= bytes` long and owned by nobody else.
                    unsafe { std::ptr::write_bytes(p.as_ptr(), 0, bytes) };
                }
                p
            }
            None => raw_alloc(cap, zero).ok_or_else(|| {
                Error::oom(format!("could not allocate {bytes} bytes for {len} {} elements", dtype.name()))
            })?,
        };
        count_alloc(bytes, hit);
        Ok(Storage { ptr, bytes, cap, dtype, version: AtomicU64::new(0), owner: None })
    }

    /// A storage over `bytes` bytes at `ptr` that `owner` keeps alive (a memory map, a foreign
    /// buffer): no copy. Writes through tensors over it go to that memory.
    ///
    /// # Safety
    /// `ptr` is aligned for `dtype`, addresses `bytes` bytes (a multiple of the element size)
    /// that are readable and writable for as long as `owner` lives, and nothing else writes them.
    pub unsafe fn foreign(dtype: DType, ptr: NonNull<u8>, bytes: usize, owner: Arc<dyn Any + Send + Sync>) -> Storage {
        debug_assert_eq!(bytes % dtype.size(), 0);
        debug_assert_eq!(ptr.as_ptr() as usize % dtype.size(), 0);
        Storage { ptr, bytes, cap: 0, dtype, version: AtomicU64::new(0), owner: Some(owner) }
    }

    pub fn from_bytes(dtype: DType, src: &[u8]) -> Result<Storage> {
        debug_assert_eq!(src.len() % dtype.size(), 0);
        let s = Storage::alloc(dtype, src.len() / dtype.size(), false)?;
        // SAFETY: both regions are `src.len()` bytes and do not overlap.
        unsafe { std::ptr::copy_nonoverlapping(src.as_ptr(), s.ptr.as_ptr(), src.len()) };
        Ok(s)
    }

    pub fn dtype(&self) -> DType {
        self.dtype
    }

    /// The in-place write counter (see `version` field).
    pub fn version(&self) -> u64 {
        self.version.load(Ordering::Acquire)
    }

    pub(crate) fn bump_version(&self) {
        self.version.fetch_add(1, Ordering::AcqRel);
    }

    pub fn len(&self) -> usize {
        self.bytes / self.dtype.size()
    }

    pub fn as_ptr(&self) -> *mut u8 {
        self.ptr.as_ptr()
    }

    /// The elements as a slice of `T`. Panics (caught at the boundary) on a dtype mismatch,
    /// which would be a bug in the core, never a user error.
    pub fn as_slice<T: Element>(&self) -> &[T] {
        assert_eq!(T::DTYPE, self.dtype, "storage dtype mismatch");
        // SAFETY: aligned, `len` elements, written before any read (see `uninit`).
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr() as *const T, self.len()) }
    }

    /// Mutable access for the constructor that owns the storage exclusively (before it is shared).
    pub fn as_mut_slice<T: Element>(&mut self) -> &mut [T] {
        assert_eq!(T::DTYPE, self.dtype, "storage dtype mismatch");
        // SAFETY: as in `as_slice`, and `&mut self` proves exclusive access.
        unsafe { std::slice::from_raw_parts_mut(self.ptr.as_ptr() as *mut T, self.len()) }
    }
}

impl Drop for Storage {
    fn drop(&mut self) {
        if self.owner.is_some() {
            return; // the owner frees its memory when the last reference goes
        }
        count_free(self.bytes);
        if self.cap == 0 {
            return;
        }
        if let Some((idx, size)) = class_of(self.cap) {
            if size == self.cap && POOL.give(self.ptr, idx) {
                return;
            }
        }
        // SAFETY: allocated by `raw_alloc(self.cap, _)`.
        unsafe { raw_free(self.ptr.as_ptr(), self.cap) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn classes_cover_requests_within_a_quarter() {
        assert_eq!(class_of(POOL_MIN - 1), None);
        assert_eq!(class_of(POOL_MIN), Some((0, POOL_MIN)));
        assert_eq!(class_of((1 << POOL_MAX_SHIFT) + 1), None);
        assert_eq!(class_of(1 << POOL_MAX_SHIFT).map(|c| c.0), Some(NCLASSES - 1));
        let mut prev = (0, 0);
        let mut b = POOL_MIN;
        while b <= 1 << 34 {
            let (idx, size) = class_of(b).unwrap();
            assert!(size >= b && (size - b) * 4 <= b, "{b} -> {size}");
            assert_eq!(class_of(size), Some((idx, size)), "a class size is its own class");
            assert!(idx >= prev.0 && size >= prev.1);
            assert_eq!(size % 4096, 0);
            prev = (idx, size);
            b += b / 7 + 1;
        }
        for idx in 0..NCLASSES {
            assert_eq!(class_of(class_size(idx)), Some((idx, class_size(idx))));
        }
    }

    #[test]
    fn a_private_pool_reuses_and_keeps_its_cap() {
        let pool = Pool::new(3 << 20); // 3 MiB
        let (idx, size) = class_of(1 << 20).unwrap();
        let a = raw_alloc(size, false).unwrap();
        assert!(pool.take(idx).is_none());
        assert!(pool.give(a, idx));
        assert_eq!(pool.cached(), size);
        assert_eq!(pool.take(idx), Some(a), "the same buffer comes back");
        assert_eq!(pool.cached(), 0);
        // Four 1 MiB buffers into a 3 MiB pool: the fourth evicts one, the cap holds.
        let bufs: Vec<_> = (0..4).map(|_| raw_alloc(size, false).unwrap()).collect();
        unsafe { raw_free(a.as_ptr(), size) };
        for &b in &bufs {
            assert!(pool.give(b, idx));
            assert!(pool.cached() <= 3 << 20);
        }
        assert_eq!(pool.cached(), 3 << 20);
        // Larger than the cap: refused, the caller frees it.
        let (bidx, bsize) = class_of(4 << 20).unwrap();
        let big = raw_alloc(bsize, false).unwrap();
        assert!(!pool.give(big, bidx));
        unsafe { raw_free(big.as_ptr(), bsize) };
        // Lowering the cap trims the pool.
        assert_eq!(pool.set_limit(1 << 20), 3 << 20);
        assert_eq!(pool.cached(), 1 << 20);
        assert_eq!(pool.clear(), 1 << 20);
        assert_eq!(pool.cached(), 0);
        assert!(pool.take(idx).is_none());
    }

    #[test]
    fn zeroed_is_zero_after_reuse_of_a_dirty_buffer() {
        // 6.5 MiB rounds to the 7 MiB class, used by no other test here.
        let n = (13usize << 20) / 2 / 4;
        let mut dirty = Storage::uninit(DType::F32, n).unwrap();
        dirty.as_mut_slice::<f32>().fill(f32::NAN);
        let addr = dirty.as_ptr();
        let hits = memory_stats().cache_hits;
        drop(dirty);
        let z = Storage::zeroed(DType::F32, n).unwrap();
        assert_eq!(z.as_ptr(), addr, "the dirty buffer was reused");
        assert!(memory_stats().cache_hits > hits);
        assert!(z.as_slice::<f32>().iter().all(|&v| v.to_bits() == 0));
        assert_eq!(z.len(), n);
    }

    #[test]
    fn counters_follow_a_storage() {
        let before = memory_stats();
        let s = Storage::uninit(DType::U8, 3 << 20).unwrap();
        let during = memory_stats();
        // Other tests run at the same time: only lower bounds hold.
        assert!(during.allocations > before.allocations);
        assert!(during.peak_bytes >= 3 << 20);
        assert!(during.peak_bytes >= during.current_bytes);
        drop(s);
        let z = Storage::zeroed(DType::F64, 0).unwrap();
        assert_eq!(z.len(), 0);
    }

    #[test]
    fn many_threads_allocate_and_free() {
        let sizes = [1usize << 10, 200 << 10, 1 << 20, (5 << 20) / 2];
        std::thread::scope(|s| {
            for t in 0..4 {
                s.spawn(move || {
                    let mut held = Vec::new();
                    for i in 0..300 {
                        let n = sizes[(i + t) % sizes.len()];
                        let mut st = Storage::zeroed(DType::U8, n).unwrap();
                        assert!(st.as_slice::<u8>().iter().all(|&b| b == 0));
                        st.as_mut_slice::<u8>().fill(t as u8 + 1);
                        held.push(st);
                        if held.len() > 3 {
                            let old = held.remove(i % 3);
                            assert!(old.as_slice::<u8>().iter().all(|&b| b == t as u8 + 1), "no one else wrote it");
                        }
                    }
                });
            }
        });
        assert!(POOL.cached() <= POOL.limit());
        // Distinct live buffers never share an address.
        let live: Vec<Storage> = (0..8).map(|_| Storage::uninit(DType::U8, 1 << 20).unwrap()).collect();
        let addrs: HashSet<usize> = live.iter().map(|s| s.as_ptr() as usize).collect();
        assert_eq!(addrs.len(), live.len());
    }
}
