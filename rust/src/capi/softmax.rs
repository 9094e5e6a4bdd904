//! softmax and log_softmax along an axis. Inputs are borrowed; the result is a new tensor owned
//! by the caller, or NULL with the status set.

use super::boundary::{guard, handle, tensor_arg, TF_Tensor};
use super::status::TF_Status;
use crate::autograd::ops::softmax;

/// for large values. Integer inputs compute in floating point; bool is TF_DTYPE_ERROR.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Softmax(
    t: *const TF_Tensor,
    axis: i64,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Softmax", None, || {
        Ok(handle(softmax(tensor_arg(t, "t")?, axis, false)?))
    })
}

/// log of softmax along `axis`, computed as `t - max - log(sum(e^(t - max)))` (no log of a
/// rounded-to-zero probability).
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_LogSoftmax(
    t: *const TF_Tensor,
    axis: i64,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_LogSoftmax", None, || {
        Ok(handle(softmax(tensor_arg(t, "t")?, axis, true)?))
    })
}
