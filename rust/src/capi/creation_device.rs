//! More creation functions (empty, ranges, eye, copies, random integers, triangles), dtype
//! promotion, and devices.
//!
//! Devices are named by strings: "cpu" is the only device today. Creation functions put their
//! result on the default device (TF_GetDefaultDevice); TF_ToDevice moves a tensor.

use super::boundary::{dims_arg, guard, guard_plain, handle, tensor_arg, TF_Tensor};
use super::status::TF_Status;
use super::types::{dtype_code, TF_DataTypeArg};
use crate::device;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::ops::creation_ext::{self, Triangle};
use std::ffi::CStr;
use std::os::raw::{c_char, c_int};

/// Reads a device name argument.
///
/// # Safety
/// `p` is NULL or a NUL-terminated string.
unsafe fn str_arg<'a>(p: *const c_char, name: &str) -> Result<&'a str> {
    if p.is_null() {
        return Err(Error::invalid(format!("{name} is NULL")));
    }
    CStr::from_ptr(p).to_str().map_err(|_| Error::invalid(format!("{name} is not valid UTF-8")))
}

fn size_arg(v: i64, name: &str) -> Result<usize> {
    if v < 0 {
        return Err(Error::invalid(format!("{name} is negative ({v})")));
    }
    usize::try_from(v).map_err(|_| Error::invalid(format!("{name} {v} does not fit in memory")))
}

/// A tensor of dtype `dt` and shape `dims[0..num_dims]` whose contents are unspecified (NumPy
/// `empty`; currently zeros, but do not rely on it).
///
/// # Safety
/// `dims` points to `num_dims` values.
#[no_mangle]
pub unsafe extern "C" fn TF_Empty(dt: TF_DataTypeArg, dims: *const i64, num_dims: c_int, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Empty", None, || Ok(handle(creation_ext::empty(DType::try_from(dt)?, &dims_arg(dims, num_dims)?)?)))
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
        Ok(handle(crate::autograd::ops::identity(c"CopyBackward", t, t.contiguous_copy()?)?))
    })
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
    guard(status, "TF_Arange", None, || Ok(handle(creation_ext::arange_f64(start, stop, step, DType::try_from(dt)?)?)))
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
    guard(status, "TF_ArangeInt", None, || Ok(handle(creation_ext::arange_i64(start, stop, step, DType::try_from(dt)?)?)))
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
    guard(status, "TF_Linspace", None, || Ok(handle(creation_ext::linspace(start, stop, num, endpoint, DType::try_from(dt)?)?)))
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
        Ok(handle(creation_ext::eye(size_arg(n_rows, "n_rows")?, size_arg(n_cols, "n_cols")?, k, dtype)?))
    })
}

/// Integers drawn uniformly from `[low, high)`, of an integer dtype or TF_BOOL (then within
/// [0, 2)). The generator is the one of TF_Rand: after TF_ManualSeed the same sequence of calls
/// gives the same numbers whatever the thread count. low >= high, or a range outside `dt`, is
/// TF_INVALID_ARGUMENT; a float dtype is TF_DTYPE_ERROR.
///
/// # Safety
/// `dims` points to `num_dims` values.
#[no_mangle]
pub unsafe extern "C" fn TF_RandInt(
    dt: TF_DataTypeArg,
    dims: *const i64,
    num_dims: c_int,
    low: i64,
    high: i64,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_RandInt", None, || {
        let dtype = DType::try_from(dt)?;
        Ok(handle(creation_ext::randint(dtype, &dims_arg(dims, num_dims)?, low, high)?))
    })
}

/// The lower triangle of the matrices in the last two dims of `t` (`numpy.tril`): element
/// (…, i, j) is kept when `j - i <= k`, else zero. Any dtype; leading dims are a batch. A tensor
/// of fewer than 2 dims is TF_SHAPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Tril(t: *const TF_Tensor, k: i64, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Tril", None, || Ok(handle(crate::autograd::ops::triangle(tensor_arg(t, "t")?, k, Triangle::Lower)?)))
}

/// The upper triangle of the matrices in the last two dims of `t` (`numpy.triu`): element
/// (…, i, j) is kept when `j - i >= k`, else zero. Any dtype; leading dims are a batch. A tensor
/// of fewer than 2 dims is TF_SHAPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Triu(t: *const TF_Tensor, k: i64, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Triu", None, || Ok(handle(crate::autograd::ops::triangle(tensor_arg(t, "t")?, k, Triangle::Upper)?)))
}

/// The dtype two operands of dtypes `a` and `b` promote to in every binary operation
/// (`numpy.result_type`; the Array API table where it defines one): the wider of one kind, uint8
/// with int8 gives int16, a float wide enough for the integer (int32 with float32 gives double),
/// bool gives way to anything. Returns 0 with TF_DTYPE_ERROR for an unknown or unsupported dtype.
///
/// # Safety
/// No pointer arguments but `status`.
#[no_mangle]
pub unsafe extern "C" fn TF_ResultType(a: TF_DataTypeArg, b: TF_DataTypeArg, status: *mut TF_Status) -> TF_DataTypeArg {
    guard(status, "TF_ResultType", 0, || Ok(dtype_code(DType::promote(DType::try_from(a)?, DType::try_from(b)?))))
}

/// Number of devices known to this library (1: "cpu").
#[no_mangle]
pub extern "C" fn TF_NumDevices() -> c_int {
    guard_plain(0, || device::count() as c_int)
}

/// The name of device `index` (0 is always "cpu"), or NULL when `index` is out of range.
/// Static storage; never free it.
#[no_mangle]
pub extern "C" fn TF_DeviceName(index: c_int) -> *const c_char {
    guard_plain(std::ptr::null(), || {
        if index < 0 || index as usize >= device::count() {
            return std::ptr::null();
        }
        device::DeviceId(index as usize).name().as_ptr()
    })
}

/// The name of the device creation functions put new tensors on ("cpu" unless changed with
/// TF_SetDefaultDevice). One per process. Static storage; never free it.
#[no_mangle]
pub extern "C" fn TF_GetDefaultDevice() -> *const c_char {
    guard_plain(c"cpu".as_ptr(), || device::default_device().name().as_ptr())
}

/// Makes `device` the default device of the process (any thread may call it). An unknown name is
/// TF_DEVICE_ERROR listing the devices there are, e.g. "unknown device 'cuda:0'; available
/// devices: cpu", and leaves the default unchanged; NULL is TF_INVALID_ARGUMENT.
///
/// # Safety
/// `device` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn TF_SetDefaultDevice(device: *const c_char, status: *mut TF_Status) {
    guard(status, "TF_SetDefaultDevice", (), || device::set_default_device(str_arg(device, "device")?))
}

/// The name of the device holding the elements of `t` ("cpu"), or NULL when `t` is NULL.
/// Static storage; never free it.
///
/// # Safety
/// `t` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_TensorDevice(t: *const TF_Tensor) -> *const c_char {
    guard_plain(std::ptr::null(), || t.as_ref().map_or(std::ptr::null(), |t| t.0.device().name().as_ptr()))
}

/// `t` on device `device`: a new handle to the same storage when `t` is there already, else a
/// copy on that device. An unknown device name is TF_DEVICE_ERROR (as TF_SetDefaultDevice).
///
/// # Safety
/// `t` is a live handle; `device` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn TF_ToDevice(t: *const TF_Tensor, device: *const c_char, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_ToDevice", None, || {
        let t = tensor_arg(t, "t")?;
        let dev = device::lookup(str_arg(device, "device")?)?;
        Ok(handle(t.to_device(dev)?))
    })
}
