//! Reference-counted element buffers. A `Storage` is one 64-byte aligned allocation; tensors
//! are views (a `Layout`) over an `Arc<Storage>`, so transposes, reshapes and broadcasts share it.

use crate::dtype::{DType, Element};
use crate::error::{Error, Result};
use std::alloc::{self, Layout as AllocLayout};
use std::ptr::NonNull;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

/// Number of live `Storage` values (element buffers) in the process: a leak detector for tests,
/// read by `TF_LiveStorageCount`.
pub(crate) static LIVE_STORAGES: AtomicI64 = AtomicI64::new(0);

pub fn live_storages() -> i64 {
    LIVE_STORAGES.load(Ordering::Relaxed)
}

/// Alignment of every buffer: a full cache line, enough for any SIMD load and for DLPack consumers.
pub(crate) const ALIGN: usize = 64;

pub struct Storage {
    ptr: NonNull<u8>,
    bytes: usize,
    dtype: DType,
    /// Bumped by every in-place write (`ops::index::assign`, `index_assign`); autograd compares it
    /// with the value seen when a tensor was saved for backward.
    version: AtomicU64,
}

// The buffer is plain memory owned by this value; access rules are those of the tensors over it.
unsafe impl Send for Storage {}
unsafe impl Sync for Storage {}

impl Storage {
    /// Allocates room for `len` elements of `dtype`, uninitialized. Every constructor of a tensor
    /// writes all elements before the storage is read.
    pub fn uninit(dtype: DType, len: usize) -> Result<Storage> {
        let bytes = len
            .checked_mul(dtype.size())
            .filter(|&b| b <= isize::MAX as usize - ALIGN)
            .ok_or_else(|| Error::oom(format!("{len} elements of {} exceed the address space", dtype.name())))?;
        if bytes == 0 {
            // A dangling but aligned pointer: valid for zero-length slices.
            let ptr = NonNull::new(ALIGN as *mut u8).expect("nonzero");
            LIVE_STORAGES.fetch_add(1, Ordering::Relaxed);
            return Ok(Storage { ptr, bytes, dtype, version: AtomicU64::new(0) });
        }
        let layout = AllocLayout::from_size_align(bytes, ALIGN).map_err(|e| Error::oom(e.to_string()))?;
        // SAFETY: layout has nonzero size.
        let raw = unsafe { alloc::alloc(layout) };
        let ptr = NonNull::new(raw)
            .ok_or_else(|| Error::oom(format!("could not allocate {bytes} bytes for {len} {} elements", dtype.name())))?;
        LIVE_STORAGES.fetch_add(1, Ordering::Relaxed);
        Ok(Storage { ptr, bytes, dtype, version: AtomicU64::new(0) })
    }

    /// Allocates and fills with zero bytes (zero, 0.0 or false in every dtype).
    pub fn zeroed(dtype: DType, len: usize) -> Result<Storage> {
        let s = Storage::uninit(dtype, len)?;
        // SAFETY: the allocation is `bytes` long.
        unsafe { std::ptr::write_bytes(s.ptr.as_ptr(), 0, s.bytes) };
        Ok(s)
    }

    pub fn from_bytes(dtype: DType, src: &[u8]) -> Result<Storage> {
        debug_assert_eq!(src.len() % dtype.size(), 0);
        let s = Storage::uninit(dtype, src.len() / dtype.size())?;
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
        LIVE_STORAGES.fetch_sub(1, Ordering::Relaxed);
        if self.bytes != 0 {
            // SAFETY: allocated in `uninit` with this exact layout.
            unsafe { alloc::dealloc(self.ptr.as_ptr(), AllocLayout::from_size_align_unchecked(self.bytes, ALIGN)) };
        }
    }
}
