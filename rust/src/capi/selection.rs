//! Elements kept or replaced: where (by a condition), clip (by bounds), tril and triu (by
//! position). Inputs are borrowed; the result is a new tensor owned by the caller.

use super::boundary::{guard, handle, tensor_arg, TF_Tensor};
use super::status::TF_Status;
use crate::autograd::ops as ag;
use crate::kernels::select::Triangle;

/// Elements of `x` where `cond` is nonzero, else of `y` (NumPy `where`): the three broadcast
/// together, `x` and `y` promote.
///
/// # Safety
/// `cond`, `x` and `y` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_Where(
    cond: *const TF_Tensor,
    x: *const TF_Tensor,
    y: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Where", None, || {
        Ok(handle(ag::where_(
            tensor_arg(cond, "cond")?,
            tensor_arg(x, "x")?,
            tensor_arg(y, "y")?,
        )?))
    })
}

/// `x` limited to [min, max] (NumPy `clip`: `minimum(maximum(x, min), max)`, NaN propagating,
/// dtypes promoting). Either bound may be NULL for none.
///
/// # Safety
/// `x` is a live handle; `min` and `max` are NULL or live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_Clip(
    x: *const TF_Tensor,
    min: *const TF_Tensor,
    max: *const TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Clip", None, || {
        let lo = if min.is_null() {
            None
        } else {
            Some(tensor_arg(min, "min")?)
        };
        let hi = if max.is_null() {
            None
        } else {
            Some(tensor_arg(max, "max")?)
        };
        Ok(handle(ag::clip(tensor_arg(x, "x")?, lo, hi)?))
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
