//! Random tensors and the generator's seed. Every draw depends only on the seed and the order of
//! calls, never on the thread count.

use super::args::{dims_arg, dtype_arg};
use super::boundary::{guard, guard_plain, handle, TF_Tensor};
use super::status::TF_Status;
use super::types::TF_DataTypeArg;
use crate::dtype::DType;
use std::os::raw::c_int;
use crate::kernels::random;

/// Reseeds the global generator. After the same seed, the same sequence of TF_Rand/TF_Randn
/// calls gives the same numbers, whatever the number of threads. Calls from several threads at
/// once are safe, but their order (and so which numbers each gets) is then up to the scheduler.
#[no_mangle]
pub extern "C" fn TF_ManualSeed(seed: u64) {
    guard_plain((), || random::manual_seed(seed))
}

/// Uniform samples on [0, 1) (TF_FLOAT or TF_DOUBLE; other dtypes are TF_DTYPE_ERROR).
///
/// # Safety
/// `dims` points to `num_dims` values.
#[no_mangle]
pub unsafe extern "C" fn TF_Rand(dt: TF_DataTypeArg, dims: *const i64, num_dims: c_int, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Rand", None, || {
        Ok(handle(random::random(dtype_arg(dt)?, &dims_arg(dims, num_dims)?, random::Dist::Uniform)?))
    })
}

/// Standard normal samples (TF_FLOAT or TF_DOUBLE; other dtypes are TF_DTYPE_ERROR).
///
/// # Safety
/// `dims` points to `num_dims` values.
#[no_mangle]
pub unsafe extern "C" fn TF_Randn(dt: TF_DataTypeArg, dims: *const i64, num_dims: c_int, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Randn", None, || {
        Ok(handle(random::random(dtype_arg(dt)?, &dims_arg(dims, num_dims)?, random::Dist::Normal)?))
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
        Ok(handle(random::randint(dtype, &dims_arg(dims, num_dims)?, low, high)?))
    })
}
