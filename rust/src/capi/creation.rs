//! New tensors of a shape and dtype: constants (zeros, ones, full, empty), ranges (arange,
//! linspace) and eye. The result is owned by the caller and lives on the default device
//! (TF_GetDefaultDevice).

use super::args::{dims_arg, dtype_arg, size_arg};
use super::boundary::{guard, handle, TF_Tensor};
use super::status::TF_Status;
use super::types::TF_DataTypeArg;
use crate::dtype::DType;
use std::os::raw::c_int;
use crate::kernels::creation;

/// A tensor of zeros.
///
/// # Safety
/// `dims` points to `num_dims` values.
#[no_mangle]
pub unsafe extern "C" fn TF_Zeros(dt: TF_DataTypeArg, dims: *const i64, num_dims: c_int, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Zeros", None, || Ok(handle(creation::zeros(dtype_arg(dt)?, &dims_arg(dims, num_dims)?)?)))
}

/// A tensor of ones (true for TF_BOOL).
///
/// # Safety
/// `dims` points to `num_dims` values.
#[no_mangle]
pub unsafe extern "C" fn TF_Ones(dt: TF_DataTypeArg, dims: *const i64, num_dims: c_int, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Ones", None, || Ok(handle(creation::ones(dtype_arg(dt)?, &dims_arg(dims, num_dims)?)?)))
}

/// A tensor with every element `value` converted to `dt`: integers truncate toward zero, bool
/// is `value != 0`. A value the dtype cannot hold (NaN or out of range for an integer dtype)
/// is TF_INVALID_ARGUMENT. Integers above 2^53 are not exact through a double: use TF_NewTensor.
///
/// # Safety
/// `dims` points to `num_dims` values.
#[no_mangle]
pub unsafe extern "C" fn TF_Full(
    dt: TF_DataTypeArg,
    dims: *const i64,
    num_dims: c_int,
    value: f64,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Full", None, || Ok(handle(creation::full(dtype_arg(dt)?, &dims_arg(dims, num_dims)?, value)?)))
}

/// A tensor of dtype `dt` and shape `dims[0..num_dims]` whose contents are unspecified (NumPy
/// `empty`; currently zeros, but do not rely on it).
///
/// # Safety
/// `dims` points to `num_dims` values.
#[no_mangle]
pub unsafe extern "C" fn TF_Empty(dt: TF_DataTypeArg, dims: *const i64, num_dims: c_int, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Empty", None, || Ok(handle(creation::empty(DType::try_from(dt)?, &dims_arg(dims, num_dims)?)?)))
}

/// The 1-D tensor `start, start + step, …` up to but excluding `stop` (`numpy.arange` with float
/// arguments). Length `ceil((stop - start) / step)`, 0 when that is negative. Float dtypes hold
/// element 0 = start, element 1 = start + step (rounded to the dtype) and element i >= 2 =
/// start + i * (element 1 - element 0) computed in the dtype, as NumPy does, so results are
/// identical to NumPy's. For an integer dtype the first two values are truncated toward zero and
/// the rest step by their difference (NumPy's rule). Errors: step 0, a NaN or infinite length,
/// or an integer value that does not fit `dt` are TF_INVALID_ARGUMENT; TF_BOOL is TF_DTYPE_ERROR.
///
/// # Safety
/// No pointer arguments but `status`.
#[no_mangle]
pub unsafe extern "C" fn TF_Arange(start: f64, stop: f64, step: f64, dt: TF_DataTypeArg, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Arange", None, || Ok(handle(creation::arange_f64(start, stop, step, DType::try_from(dt)?)?)))
}

/// TF_Arange for exact integer arguments: length `ceil((stop - start) / step)` computed without
/// rounding; integer dtypes hold `start + i * step` exactly (a value outside `dt` is
/// TF_INVALID_ARGUMENT); float dtypes follow TF_Arange from start and start + step. Step 0 is
/// TF_INVALID_ARGUMENT; TF_BOOL is TF_DTYPE_ERROR.
///
/// # Safety
/// No pointer arguments but `status`.
#[no_mangle]
pub unsafe extern "C" fn TF_ArangeInt(start: i64, stop: i64, step: i64, dt: TF_DataTypeArg, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_ArangeInt", None, || Ok(handle(creation::arange_i64(start, stop, step, DType::try_from(dt)?)?)))
}

/// `num` evenly spaced values from `start` to `stop` (included when `endpoint`), by NumPy's
/// formula in double precision: with `div = num - 1` (endpoint) or `num`, element i is
/// `i * ((stop - start) / div) + start`, and the last is exactly `stop` when `endpoint` and
/// num > 1; then converted to `dt` (float rounds, integers floor, bool is != 0). Equal to
/// `numpy.linspace` element for element. num < 0, or an integer value that does not fit `dt`,
/// is TF_INVALID_ARGUMENT.
///
/// # Safety
/// No pointer arguments but `status`.
#[no_mangle]
pub unsafe extern "C" fn TF_Linspace(
    start: f64,
    stop: f64,
    num: i64,
    endpoint: bool,
    dt: TF_DataTypeArg,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Linspace", None, || Ok(handle(creation::linspace(start, stop, num, endpoint, DType::try_from(dt)?)?)))
}

/// An `n_rows` x `n_cols` matrix of dtype `dt` with ones on diagonal `k` (0 the main diagonal,
/// k > 0 above it, k < 0 below; a diagonal outside the matrix gives all zeros) and zeros
/// elsewhere. A negative size is TF_INVALID_ARGUMENT.
///
/// # Safety
/// No pointer arguments but `status`.
#[no_mangle]
pub unsafe extern "C" fn TF_Eye(n_rows: i64, n_cols: i64, k: i64, dt: TF_DataTypeArg, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Eye", None, || {
        let dtype = DType::try_from(dt)?;
        Ok(handle(creation::eye(size_arg(n_rows, "n_rows")?, size_arg(n_cols, "n_cols")?, k, dtype)?))
    })
}
