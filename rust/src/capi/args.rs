//! Readers for C arguments: each turns a bad pointer, count or value into a typed error naming
//! the argument, so no body ever sees an unchecked pointer.

use super::boundary::{handle, tensor_arg, TF_Tensor};
use super::types::TF_DataTypeArg;
use crate::dtype::DType;
use crate::error::{fmt_shape, Error, Result};
use crate::layout::{checked_numel, Dims, MAX_DIMS};
use crate::tensor::Tensor;
use std::ffi::CStr;
use std::os::raw::{c_char, c_int};

/// Reads a shape: rejects a negative or too large count, a NULL array with a nonzero count,
/// negative dims and element counts that overflow.
///
/// # Safety
/// `dims` is NULL or points to `num_dims` readable values.
pub(crate) unsafe fn dims_arg(dims: *const i64, num_dims: c_int) -> Result<Dims> {
    let raw = i64_list(dims, num_dims, "dims")?;
    let mut out = Dims::with_capacity(raw.len());
    for (i, &d) in raw.iter().enumerate() {
        if d < 0 {
            return Err(Error::invalid(format!("dims {} has negative dimension {d} at index {i}", fmt_shape(&raw))));
        }
        out.push(usize::try_from(d).map_err(|_| Error::invalid(format!("dimension {d} does not fit in memory")))?);
    }
    checked_numel(&out)?;
    Ok(out)
}

/// Reads `n` int64 values; NULL with n == 0 is an empty list.
///
/// # Safety
/// `p` is NULL or points to `n` readable values.
pub(crate) unsafe fn i64_list(p: *const i64, n: c_int, name: &str) -> Result<Vec<i64>> {
    let n = count_arg(n, name)?;
    if n == 0 {
        return Ok(Vec::new());
    }
    if p.is_null() {
        return Err(Error::invalid(format!("{name} is NULL but num_{name} is {n}")));
    }
    Ok(std::slice::from_raw_parts(p, n).to_vec())
}

/// Reads an optional `int` axis list: NULL means "not given" (None).
///
/// # Safety
/// `p` is NULL or points to `n` readable values.
pub(crate) unsafe fn axes_arg(p: *const c_int, n: c_int, name: &str) -> Result<Option<Vec<i64>>> {
    if p.is_null() {
        return Ok(None);
    }
    let n = count_arg(n, name)?;
    Ok(Some(std::slice::from_raw_parts(p, n).iter().map(|&a| a as i64).collect()))
}

pub(crate) fn count_arg(n: c_int, name: &str) -> Result<usize> {
    if n < 0 {
        return Err(Error::invalid(format!("num_{name} is negative ({n})")));
    }
    if n as usize > MAX_DIMS {
        return Err(Error::invalid(format!("num_{name} is {n}, more than the {MAX_DIMS} dimensions supported")));
    }
    Ok(n as usize)
}

/// Reads `n` int64 values with no limit on the count (lists that are not shapes).
pub(crate) unsafe fn i64_values(p: *const i64, n: c_int, name: &str) -> Result<Vec<i64>> {
    if n < 0 {
        return Err(Error::invalid(format!("num_{name} is negative ({n})")));
    }
    if n == 0 {
        return Ok(Vec::new());
    }
    if p.is_null() {
        return Err(Error::invalid(format!("{name} is NULL but num_{name} is {n}")));
    }
    Ok(std::slice::from_raw_parts(p, n as usize).to_vec())
}

/// Reads a required list of `int` axes (NULL only with n == 0).
pub(crate) unsafe fn int_values(p: *const c_int, n: c_int, name: &str) -> Result<Vec<i64>> {
    if p.is_null() && n != 0 {
        return Err(Error::invalid(format!("{name} is NULL but num_{name} is {n}")));
    }
    Ok(axes_arg(p, n, name)?.unwrap_or_default())
}

/// Reads an optional single axis: NULL means "not given" (None).
pub(crate) unsafe fn opt_axis(p: *const c_int) -> Option<i64> {
    p.as_ref().map(|&a| a as i64)
}

/// Borrows `num` tensors from an array of handles.
pub(crate) unsafe fn tensor_list<'a>(ts: *const *const TF_Tensor, num: c_int, name: &str) -> Result<Vec<&'a Tensor>> {
    if num < 0 {
        return Err(Error::invalid(format!("num_{name} is negative ({num})")));
    }
    if num == 0 {
        return Ok(Vec::new());
    }
    if ts.is_null() {
        return Err(Error::invalid(format!("{name} is NULL but num_{name} is {num}")));
    }
    (0..num as usize).map(|i| tensor_arg(*ts.add(i), &format!("{name}[{i}]"))).collect()
}

/// Stores `results` into `out[0..num_out]`, or fails (leaving `out` untouched) when the counts differ.
pub(crate) unsafe fn write_outputs(out: *mut Option<Box<TF_Tensor>>, num_out: c_int, results: Vec<Tensor>) -> Result<()> {
    if num_out < 0 || num_out as usize != results.len() {
        return Err(Error::invalid(format!("num_out is {num_out} but the operation gives {} tensors", results.len())));
    }
    if results.is_empty() {
        return Ok(());
    }
    if out.is_null() {
        return Err(Error::invalid("out is NULL"));
    }
    for (i, t) in results.into_iter().enumerate() {
        out.add(i).write(handle(t));
    }
    Ok(())
}

pub(crate) fn check_ndim(t: Tensor) -> Result<Tensor> {
    if t.ndim() > MAX_DIMS {
        return Err(Error::invalid(format!("the result would have {} dimensions, more than the {MAX_DIMS} supported", t.ndim())));
    }
    Ok(t)
}

/// Reads a device name argument.
///
/// # Safety
/// `p` is NULL or a NUL-terminated string.
pub(crate) unsafe fn str_arg<'a>(p: *const c_char, name: &str) -> Result<&'a str> {
    if p.is_null() {
        return Err(Error::invalid(format!("{name} is NULL")));
    }
    CStr::from_ptr(p).to_str().map_err(|_| Error::invalid(format!("{name} is not valid UTF-8")))
}

pub(crate) fn size_arg(v: i64, name: &str) -> Result<usize> {
    if v < 0 {
        return Err(Error::invalid(format!("{name} is negative ({v})")));
    }
    usize::try_from(v).map_err(|_| Error::invalid(format!("{name} {v} does not fit in memory")))
}

pub(crate) fn dtype_arg(dt: TF_DataTypeArg) -> Result<DType> {
    DType::try_from(dt)
}
