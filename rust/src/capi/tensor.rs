//! Making a tensor from bytes, inspecting it, copying it out, casting, and freeing it.
//!
//! Ownership: every `TF_Tensor*` returned is owned by the caller and freed with TF_DeleteTensor.
//! Tensor arguments are borrowed for the duration of the call only.

use super::args::{dims_arg, dtype_arg};
use super::boundary::{guard, guard_plain, handle, tensor_arg, TF_Tensor};
use super::status::TF_Status;
use super::types::{dtype_code, TF_DataTypeArg};
use crate::error::{Error, Result};
use crate::tensor::Tensor;
use std::os::raw::{c_int, c_void};


unsafe fn out_list<'a>(p: *mut i64, n: c_int, ndim: usize, name: &str) -> Result<&'a mut [i64]> {
    if n < 0 || n as usize != ndim {
        return Err(Error::invalid(format!("num_dims is {n} but the tensor has {ndim} dimensions")));
    }
    if ndim == 0 {
        return Ok(&mut []);
    }
    if p.is_null() {
        return Err(Error::invalid(format!("{name} is NULL")));
    }
    Ok(std::slice::from_raw_parts_mut(p, ndim))
}

/// A new tensor of dtype `dt` and shape `dims[0..num_dims]` holding a copy of the `len` bytes at
/// `data`, read row-major. `len` must equal the element count times TF_DataTypeSize(dt); `data`
/// may be NULL only when `len` is 0. Bool bytes are read as nonzero = true.
///
/// # Safety
/// `dims` points to `num_dims` values and `data` to `len` bytes (or they are NULL as allowed).
#[no_mangle]
pub unsafe extern "C" fn TF_NewTensor(
    dt: TF_DataTypeArg,
    dims: *const i64,
    num_dims: c_int,
    data: *const c_void,
    len: usize,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_NewTensor", None, || {
        let dtype = dtype_arg(dt)?;
        let shape = dims_arg(dims, num_dims)?;
        if data.is_null() && len != 0 {
            return Err(Error::invalid(format!("data is NULL but len is {len}")));
        }
        let bytes = if len == 0 { &[][..] } else { std::slice::from_raw_parts(data as *const u8, len) };
        Ok(handle(Tensor::from_bytes(dtype, &shape, bytes)?))
    })
}

/// Frees a tensor handle. Storage shared with other tensors (views) lives on until the last
/// of them is freed. NULL is a no-op.
#[no_mangle]
pub extern "C" fn TF_DeleteTensor(t: Option<Box<TF_Tensor>>) {
    drop(t)
}

/// The dtype of `t`, or 0 (no dtype) when `t` is NULL.
///
/// # Safety
/// `t` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_TensorType(t: *const TF_Tensor) -> TF_DataTypeArg {
    guard_plain(0, || t.as_ref().map_or(0, |t| dtype_code(t.0.dtype())))
}

/// Number of dimensions of `t`, or -1 when `t` is NULL.
///
/// # Safety
/// `t` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_NumDims(t: *const TF_Tensor) -> c_int {
    guard_plain(-1, || t.as_ref().map_or(-1, |t| t.0.ndim() as c_int))
}

/// Size of dimension `index` of `t`; -1 when `t` is NULL or `index` is out of range.
///
/// # Safety
/// `t` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Dim(t: *const TF_Tensor, index: c_int) -> i64 {
    guard_plain(-1, || match t.as_ref() {
        Some(t) if index >= 0 && (index as usize) < t.0.ndim() => t.0.shape()[index as usize] as i64,
        _ => -1,
    })
}

/// Number of elements of `t` (1 for a 0-d tensor); -1 when `t` is NULL.
///
/// # Safety
/// `t` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_TensorElementCount(t: *const TF_Tensor) -> i64 {
    guard_plain(-1, || t.as_ref().map_or(-1, |t| t.0.numel() as i64))
}

/// Element count times the dtype size: the `len` TF_TensorCopyTo expects. 0 when `t` is NULL.
///
/// # Safety
/// `t` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_TensorByteSize(t: *const TF_Tensor) -> usize {
    guard_plain(0, || t.as_ref().map_or(0, |t| t.0.byte_size()))
}

/// Writes the shape of `t` into `dims[0..num_dims]`; `num_dims` must equal TF_NumDims(t).
/// On error `dims` is left untouched.
///
/// # Safety
/// `t` is a live handle; `dims` points to `num_dims` writable values.
#[no_mangle]
pub unsafe extern "C" fn TF_TensorShape(t: *const TF_Tensor, dims: *mut i64, num_dims: c_int, status: *mut TF_Status) {
    guard(status, "TF_TensorShape", (), || {
        let t = tensor_arg(t, "t")?;
        let out = out_list(dims, num_dims, t.ndim(), "dims")?;
        for (o, &d) in out.iter_mut().zip(t.shape()) {
            *o = d as i64;
        }
        Ok(())
    })
}

/// Copies the elements of `t` into `dst` in row-major order (a view is gathered, not copied
/// as laid out). `len` must equal TF_TensorByteSize(t). On error `dst` is left untouched.
///
/// # Safety
/// `t` is a live handle; `dst` points to `len` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn TF_TensorCopyTo(t: *const TF_Tensor, dst: *mut c_void, len: usize, status: *mut TF_Status) {
    guard(status, "TF_TensorCopyTo", (), || {
        let t = tensor_arg(t, "t")?;
        if dst.is_null() && len != 0 {
            return Err(Error::invalid(format!("dst is NULL but len is {len}")));
        }
        if len != t.byte_size() {
            return Err(Error::invalid(format!(
                "len {len} does not match the tensor's {} bytes (shape {} of {})",
                t.byte_size(),
                crate::error::fmt_shape(t.shape()),
                t.dtype().name()
            )));
        }
        if len == 0 {
            return Ok(());
        }
        t.copy_to_bytes(std::slice::from_raw_parts_mut(dst as *mut u8, len))
    })
}

/// Zero-copy access: pointer to element (0, …, 0) of `t`. Element (i0, i1, …) is at
/// `(char*)TF_TensorData(t) + TF_DataTypeSize(dt) * (i0*s0 + i1*s1 + …)`, with the strides
/// `s` from TF_TensorStrides (in elements; 0 along broadcast dims). Valid while `t` or any
/// tensor sharing its storage is alive. Writes through it are seen by every tensor sharing the
/// storage; do not write while another thread reads. NULL when `t` is NULL; not dereferenceable
/// when the tensor has no elements. For bool, write only 0 or 1.
///
/// # Safety
/// `t` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_TensorData(t: *const TF_Tensor) -> *mut c_void {
    guard_plain(std::ptr::null_mut(), || t.as_ref().map_or(std::ptr::null_mut(), |t| t.0.data_ptr().cast()))
}

/// Writes the strides of `t`, in elements, into `strides[0..num_dims]`; `num_dims` must equal
/// TF_NumDims(t). On error `strides` is left untouched.
///
/// # Safety
/// `t` is a live handle; `strides` points to `num_dims` writable values.
#[no_mangle]
pub unsafe extern "C" fn TF_TensorStrides(t: *const TF_Tensor, strides: *mut i64, num_dims: c_int, status: *mut TF_Status) {
    guard(status, "TF_TensorStrides", (), || {
        let t = tensor_arg(t, "t")?;
        let out = out_list(strides, num_dims, t.ndim(), "strides")?;
        for (o, &s) in out.iter_mut().zip(t.strides()) {
            *o = s as i64;
        }
        Ok(())
    })
}

/// True when the elements of `t` are row-major with no gaps from TF_TensorData(t), so the data
/// can be read as a plain C array of TF_TensorElementCount(t) elements. False for NULL.
///
/// # Safety
/// `t` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_TensorIsContiguous(t: *const TF_Tensor) -> bool {
    guard_plain(false, || t.as_ref().is_some_and(|t| t.0.is_contiguous()))
}

/// A row-major contiguous tensor with the elements of `t`: a new handle to the same storage when
/// `t` already is contiguous, else a copy.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Contiguous(t: *const TF_Tensor, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Contiguous", None, || {
        let t = tensor_arg(t, "t")?;
        Ok(handle(crate::autograd::ops::contiguous(t)?))
    })
}

/// A copy of `t` with its own row-major contiguous storage: never shares memory with `t` (unlike
/// TF_Contiguous and TF_Cast, which may return a handle to the same storage). Same dtype, shape
/// and device.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Copy(t: *const TF_Tensor, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Copy", None, || {
        let t = tensor_arg(t, "t")?;
        Ok(handle(crate::autograd::ops::copy(t)?))
    })
}

/// `t` converted to dtype `dt` (NumPy `astype`: floats truncate toward zero when cast to
/// integers, nonzero becomes true). A new handle to the same storage when the dtype is unchanged.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Cast(t: *const TF_Tensor, dt: TF_DataTypeArg, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Cast", None, || Ok(handle(crate::autograd::ops::cast(tensor_arg(t, "t")?, dtype_arg(dt)?)?)))
}
