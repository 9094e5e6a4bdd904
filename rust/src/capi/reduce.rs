//! Reductions and scans. Inputs are borrowed; the result is a new tensor owned by the caller, or
//! NULL with the status set.
//!
//! Axis lists follow TF_Sum: `axes` NULL reduces every dim, a non-NULL list of `num_axes` values
//! (negative values count from the end) reduces those; an out-of-range or repeated axis is
//! TF_INVALID_ARGUMENT. With `keepdims` the reduced dims stay as size 1.

use super::args::axes_arg;
use super::boundary::{guard, handle, tensor_arg, TF_Tensor};
use super::status::TF_Status;
use super::types::TF_DataTypeArg;
use crate::autograd::ops as ag;
use crate::dtype::DType;
use crate::error::Result;
use crate::tensor::Tensor;
use std::os::raw::c_int;
use crate::kernels::reduce;

type Reduction = fn(&Tensor, Option<&[i64]>, bool) -> Result<Tensor>;

unsafe fn reduce_entry(
    name: &str,
    op: Reduction,
    t: *const TF_Tensor,
    axes: *const c_int,
    num_axes: c_int,
    keepdims: bool,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, name, None, || {
        let t = tensor_arg(t, "t")?;
        let axes = axes_arg(axes, num_axes, "axes")?;
        Ok(handle(op(t, axes.as_deref(), keepdims)?))
    })
}

/// Sum over `axes[0..num_axes]` (negative values count from the end; repeats are an error);
/// `axes` NULL sums over every dim, a non-NULL empty list over none. Reduced dims are kept as
/// size 1 when `keepdims`. bool and integers sum as TF_INT64, floats keep their dtype (summed
/// pairwise). The sum over no elements is 0.
///
/// # Safety
/// `t` is a live handle; `axes` is NULL or points to `num_axes` values.
#[no_mangle]
pub unsafe extern "C" fn TF_Sum(t: *const TF_Tensor, axes: *const c_int, num_axes: c_int, keepdims: bool, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Sum", None, || {
        let t = tensor_arg(t, "t")?;
        let axes = axes_arg(axes, num_axes, "axes")?;
        Ok(handle(ag::sum(t, axes.as_deref(), keepdims)?))
    })
}

/// Product over `axes` (see the file notes for `axes` and `keepdims`). bool and integers
/// multiply as TF_INT64 (TF_UINT8 too: there is no uint64), wrapping on overflow; floats keep
/// their dtype. The product over no elements is 1.
///
/// # Safety
/// `t` is a live handle; `axes` is NULL or points to `num_axes` values.
#[no_mangle]
pub unsafe extern "C" fn TF_Prod(t: *const TF_Tensor, axes: *const c_int, num_axes: c_int, keepdims: bool, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    reduce_entry("TF_Prod", ag::prod, t, axes, num_axes, keepdims, status)
}

/// Arithmetic mean over `axes`. bool and integers give TF_DOUBLE; floats keep their dtype
/// (summed pairwise, then divided by the count). The mean over no elements is NaN.
///
/// # Safety
/// `t` is a live handle; `axes` is NULL or points to `num_axes` values.
#[no_mangle]
pub unsafe extern "C" fn TF_Mean(t: *const TF_Tensor, axes: *const c_int, num_axes: c_int, keepdims: bool, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    reduce_entry("TF_Mean", ag::mean, t, axes, num_axes, keepdims, status)
}

/// Variance over `axes`: the sum of squared deviations from the mean divided by
/// `max(N - correction, 0)` (`correction` is NumPy's `ddof`; 1 gives the unbiased estimate), so
/// `correction >= N` gives inf, or NaN where the sum is 0, as NumPy. bool and integers give
/// TF_DOUBLE, floats keep their dtype. A negative or non-finite `correction` is
/// TF_INVALID_ARGUMENT.
///
/// # Safety
/// `t` is a live handle; `axes` is NULL or points to `num_axes` values.
#[no_mangle]
pub unsafe extern "C" fn TF_Var(
    t: *const TF_Tensor,
    axes: *const c_int,
    num_axes: c_int,
    correction: f64,
    keepdims: bool,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Var", None, || {
        let t = tensor_arg(t, "t")?;
        let axes = axes_arg(axes, num_axes, "axes")?;
        Ok(handle(ag::var(t, axes.as_deref(), correction, keepdims)?))
    })
}

/// Standard deviation: the square root of TF_Var with the same arguments and rules.
///
/// # Safety
/// `t` is a live handle; `axes` is NULL or points to `num_axes` values.
#[no_mangle]
pub unsafe extern "C" fn TF_Std(
    t: *const TF_Tensor,
    axes: *const c_int,
    num_axes: c_int,
    correction: f64,
    keepdims: bool,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Std", None, || {
        let t = tensor_arg(t, "t")?;
        let axes = axes_arg(axes, num_axes, "axes")?;
        Ok(handle(ag::std(t, axes.as_deref(), correction, keepdims)?))
    })
}

/// Largest element over `axes`, in the input's dtype. A NaN anywhere in a reduced block gives
/// NaN. Between 0.0 and -0.0 the later one in memory order wins, as NumPy's `maximum.reduce`.
/// Reducing a dim of size 0 is TF_SHAPE_ERROR (there is no identity).
///
/// # Safety
/// `t` is a live handle; `axes` is NULL or points to `num_axes` values.
#[no_mangle]
pub unsafe extern "C" fn TF_Max(t: *const TF_Tensor, axes: *const c_int, num_axes: c_int, keepdims: bool, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    reduce_entry("TF_Max", |t, a, k| ag::max_min(t, a, k, true), t, axes, num_axes, keepdims, status)
}

/// Smallest element over `axes`, in the input's dtype; NaN, signed zeros and empty dims as TF_Max.
///
/// # Safety
/// `t` is a live handle; `axes` is NULL or points to `num_axes` values.
#[no_mangle]
pub unsafe extern "C" fn TF_Min(t: *const TF_Tensor, axes: *const c_int, num_axes: c_int, keepdims: bool, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    reduce_entry("TF_Min", |t, a, k| ag::max_min(t, a, k, false), t, axes, num_axes, keepdims, status)
}

/// TF_INT64 index of the largest element over `axes`: `axes` NULL gives the index into the
/// flattened (row-major) tensor; a list gives the index into the reduced dims flattened in
/// row-major order (one axis: the position along it). The first maximum wins; NaN counts as
/// the largest value, so the first NaN's index is returned. A reduced dim of size 0 is
/// TF_SHAPE_ERROR.
///
/// # Safety
/// `t` is a live handle; `axes` is NULL or points to `num_axes` values.
#[no_mangle]
pub unsafe extern "C" fn TF_ArgMax(t: *const TF_Tensor, axes: *const c_int, num_axes: c_int, keepdims: bool, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    reduce_entry("TF_ArgMax", reduce::argmax, t, axes, num_axes, keepdims, status)
}

/// TF_INT64 index of the smallest element over `axes`, as TF_ArgMax (the first minimum wins;
/// the first NaN wins over any number).
///
/// # Safety
/// `t` is a live handle; `axes` is NULL or points to `num_axes` values.
#[no_mangle]
pub unsafe extern "C" fn TF_ArgMin(t: *const TF_Tensor, axes: *const c_int, num_axes: c_int, keepdims: bool, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    reduce_entry("TF_ArgMin", reduce::argmin, t, axes, num_axes, keepdims, status)
}

/// TF_BOOL: true where every element over `axes` is nonzero (NaN is nonzero). True over no
/// elements.
///
/// # Safety
/// `t` is a live handle; `axes` is NULL or points to `num_axes` values.
#[no_mangle]
pub unsafe extern "C" fn TF_All(t: *const TF_Tensor, axes: *const c_int, num_axes: c_int, keepdims: bool, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    reduce_entry("TF_All", reduce::all, t, axes, num_axes, keepdims, status)
}

/// TF_BOOL: true where any element over `axes` is nonzero (NaN is nonzero). False over no
/// elements.
///
/// # Safety
/// `t` is a live handle; `axes` is NULL or points to `num_axes` values.
#[no_mangle]
pub unsafe extern "C" fn TF_Any(t: *const TF_Tensor, axes: *const c_int, num_axes: c_int, keepdims: bool, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    reduce_entry("TF_Any", reduce::any, t, axes, num_axes, keepdims, status)
}

/// `log(sum(exp(t)))` over `axes`, computed stably as `m + log(sum(exp(t - m)))` with `m` the
/// maximum (0 where that is not finite, so all -inf gives -inf and any +inf gives +inf). Floats
/// keep their dtype; integers give TF_FLOAT for TF_INT8, TF_INT16 and TF_UINT8 and TF_DOUBLE for
/// TF_INT32 and TF_INT64 (as TF_Exp and TF_Softmax); TF_BOOL is TF_DTYPE_ERROR. Over no elements: -inf.
///
/// # Safety
/// `t` is a live handle; `axes` is NULL or points to `num_axes` values.
#[no_mangle]
pub unsafe extern "C" fn TF_LogSumExp(t: *const TF_Tensor, axes: *const c_int, num_axes: c_int, keepdims: bool, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    reduce_entry("TF_LogSumExp", ag::logsumexp, t, axes, num_axes, keepdims, status)
}

/// Running sum along `*axis` (negative counts from the end). `axis` NULL is allowed only for
/// 0-d and 1-D tensors (a 0-d tensor gives shape [1], as NumPy). `dtype` 0 uses TF_Sum's rules
/// (bool and integers accumulate as TF_INT64, floats keep theirs); another TF_DataType casts the
/// input to it first and accumulates in it (integers wrap). With `include_initial` the result
/// starts with a 0, so that dim grows by one. Floats accumulate sequentially, as NumPy's cumsum.
///
/// # Safety
/// `t` is a live handle; `axis` is NULL or points to one value.
#[no_mangle]
pub unsafe extern "C" fn TF_CumulativeSum(
    t: *const TF_Tensor,
    axis: *const c_int,
    dtype: TF_DataTypeArg,
    include_initial: bool,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_CumulativeSum", None, || {
        let t = tensor_arg(t, "t")?;
        let axis = axis.as_ref().map(|&a| a as i64);
        let dtype = if dtype == 0 { None } else { Some(DType::try_from(dtype)?) };
        Ok(handle(ag::cumulative_sum(t, axis, dtype, include_initial)?))
    })
}
