//! `Tensor`: a dtype, a layout and shared storage. Tensors are immutable values in the core;
//! every op returns a new tensor (which may share storage when it is a view).

use crate::autograd::AutogradMeta;
use crate::dtype::{CastTo, DType, Element};
use crate::error::{fmt_shape, Error, Result};
use crate::layout::{checked_numel, Layout, Walk};
use crate::storage::Storage;
use crate::with_dtype;
use std::sync::Arc;

#[derive(Clone)]
pub struct Tensor {
    pub(crate) storage: Arc<Storage>,
    pub(crate) layout: Layout,
    /// Autograd state: None for a tensor that does not require grad (the common case, so the
    /// forward path stays cheap); see `crate::autograd`.
    pub(crate) autograd: Option<Arc<AutogradMeta>>,
}

impl Tensor {
    /// True when autograd tracks this tensor (a leaf with requires_grad or an op's result).
    pub fn requires_grad(&self) -> bool {
        self.autograd.is_some()
    }

    /// The same elements and storage without autograd state.
    pub fn detach(&self) -> Tensor {
        Tensor { storage: self.storage.clone(), layout: self.layout.clone(), autograd: None }
    }

    pub fn dtype(&self) -> DType {
        self.storage.dtype()
    }
    pub fn shape(&self) -> &[usize] {
        &self.layout.shape
    }
    pub fn strides(&self) -> &[isize] {
        &self.layout.strides
    }
    pub fn layout(&self) -> &Layout {
        &self.layout
    }
    pub fn ndim(&self) -> usize {
        self.layout.ndim()
    }
    pub fn numel(&self) -> usize {
        self.layout.numel()
    }
    pub fn byte_size(&self) -> usize {
        self.numel() * self.dtype().size()
    }
    pub fn is_contiguous(&self) -> bool {
        self.layout.is_contiguous()
    }

    /// Pointer to the element at index (0, …, 0) of this view.
    pub fn data_ptr(&self) -> *mut u8 {
        // SAFETY: offset is within the storage for any non-empty view (checked at creation).
        unsafe { self.storage.as_ptr().add(self.layout.offset * self.dtype().size()) }
    }

    pub fn from_storage(storage: Storage, shape: &[usize]) -> Tensor {
        debug_assert_eq!(storage.len(), shape.iter().product::<usize>());
        Tensor { storage: Arc::new(storage), layout: Layout::contiguous(shape), autograd: None }
    }

    /// A view of the same storage under another layout.
    pub fn view(&self, layout: Layout) -> Tensor {
        Tensor { storage: self.storage.clone(), layout, autograd: None }
    }

    /// Builds a contiguous tensor whose elements `fill` writes, in row-major order.
    pub fn build<T: Element>(shape: &[usize], fill: impl FnOnce(&mut [T])) -> Result<Tensor> {
        let n = checked_numel(shape)?;
        let mut storage = Storage::uninit(T::DTYPE, n)?;
        fill(storage.as_mut_slice::<T>());
        Ok(Tensor::from_storage(storage, shape))
    }

    pub fn from_bytes(dtype: DType, shape: &[usize], bytes: &[u8]) -> Result<Tensor> {
        let n = checked_numel(shape)?;
        let expected = n.checked_mul(dtype.size()).ok_or_else(|| Error::invalid("byte size overflows"))?;
        if bytes.len() != expected {
            return Err(Error::invalid(format!(
                "len {} does not match shape {} of {} ({} bytes)",
                bytes.len(),
                fmt_shape(shape),
                dtype.name(),
                expected
            )));
        }
        let storage = Storage::from_bytes(dtype, bytes)?;
        if dtype == DType::Bool {
            // Any nonzero byte from C means true; a Rust bool must be exactly 0 or 1.
            let raw = unsafe { std::slice::from_raw_parts_mut(storage.as_ptr(), n) };
            for b in raw {
                *b = (*b != 0) as u8;
            }
        }
        Ok(Tensor::from_storage(storage, shape))
    }

    pub fn zeros(dtype: DType, shape: &[usize]) -> Result<Tensor> {
        let n = checked_numel(shape)?;
        Ok(Tensor::from_storage(Storage::zeroed(dtype, n)?, shape))
    }

    /// The elements of a contiguous tensor as a slice. Callers check `is_contiguous` first.
    pub fn contiguous_slice<T: Element>(&self) -> &[T] {
        debug_assert!(self.is_contiguous());
        let n = self.numel();
        if n == 0 {
            return &[];
        }
        &self.storage.as_slice::<T>()[self.layout.offset..self.layout.offset + n]
    }

    /// Row-major copy of any view into `out` (which has `numel` elements).
    pub fn copy_into<T: Element>(&self, out: &mut [T]) {
        if self.is_contiguous() {
            out.copy_from_slice(self.contiguous_slice::<T>());
            return;
        }
        let src = self.storage.as_slice::<T>();
        let walk = Walk::new(&self.layout.shape, [&self.layout.strides]);
        let mut pos = 0usize;
        walk.rows([self.layout.offset as isize], |[o], n, [s]| {
            let dst = &mut out[pos..pos + n];
            if s == 1 {
                dst.copy_from_slice(&src[o as usize..o as usize + n]);
            } else {
                for (i, d) in dst.iter_mut().enumerate() {
                    *d = src[(o + i as isize * s) as usize];
                }
            }
            pos += n;
        });
    }

    /// This tensor with row-major contiguous storage: itself when already so, else a copy.
    pub fn contiguous(&self) -> Result<Tensor> {
        if self.is_contiguous() {
            return Ok(self.clone());
        }
        with_dtype!(self.dtype(), T => Tensor::build::<T>(self.shape(), |out| self.copy_into(out)))
    }

    /// A new contiguous tensor with a copy of the elements (never shares storage).
    pub fn contiguous_copy(&self) -> Result<Tensor> {
        with_dtype!(self.dtype(), T => Tensor::build::<T>(self.shape(), |out| self.copy_into(out)))
    }

    /// Row-major bytes of the elements into `dst`, whose length must equal `byte_size`.
    pub fn copy_to_bytes(&self, dst: &mut [u8]) -> Result<()> {
        if dst.len() != self.byte_size() {
            return Err(Error::invalid(format!(
                "len {} does not match the tensor's {} bytes (shape {} of {})",
                dst.len(),
                self.byte_size(),
                fmt_shape(self.shape()),
                self.dtype().name()
            )));
        }
        with_dtype!(self.dtype(), T => {
            // SAFETY: dst has numel * size_of::<T>() bytes; `T` has no invalid bit patterns
            // written here because the source elements are valid `T`s.
            let out = unsafe { std::slice::from_raw_parts_mut(dst.as_mut_ptr() as *mut T, self.numel()) };
            if (dst.as_ptr() as usize) % std::mem::align_of::<T>() == 0 {
                self.copy_into(out);
            } else {
                let c = self.contiguous()?;
                let bytes = unsafe { std::slice::from_raw_parts(c.data_ptr() as *const u8, dst.len()) };
                dst.copy_from_slice(bytes);
            }
        });
        Ok(())
    }

    /// The elements converted to `dtype` (NumPy `astype`); shares storage when the dtype is the same.
    pub fn cast(&self, dtype: DType) -> Result<Tensor> {
        if dtype == self.dtype() {
            return Ok(self.clone());
        }
        with_dtype!(self.dtype(), S => with_dtype!(dtype, D => self.cast_typed::<S, D>()))
    }

    fn cast_typed<S: Element + CastTo<D>, D: Element>(&self) -> Result<Tensor> {
        let src = self.contiguous()?;
        let s = src.contiguous_slice::<S>();
        Tensor::build::<D>(self.shape(), |out| {
            for (o, &x) in out.iter_mut().zip(s) {
                *o = x.cast();
            }
        })
    }

    /// Row-major elements as a Vec (tests and small helpers).
    pub fn to_vec<T: Element>(&self) -> Vec<T> {
        let c = self.contiguous().expect("contiguous copy");
        c.contiguous_slice::<T>().to_vec()
    }
}

