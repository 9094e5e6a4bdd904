//! Dropout (PyTorch's `dropout`, and the feature dropout behind `dropout1d` / `dropout2d`):
//! the keep mask is drawn from the library's generator (TF_ManualSeed makes it reproducible;
//! the draws depend on the seed and the call order, never on the thread count), kept elements
//! are scaled by `1 / (1 - p)`. The result is differentiable (TF_Backward): its gradient is the
//! output gradient through the same mask and scale, which the node saves (it is never redrawn).
//! The input must be TF_FLOAT or TF_DOUBLE (else TF_DTYPE_ERROR); `p` outside [0, 1] (or NaN)
//! is TF_LAYER_CONFIG_ERROR.
//!
//! The mask: when `mask_out` is not NULL, `*mask_out` receives a new TF_BOOL tensor owned by the
//! caller, true where the element was kept, or NULL when no mask was drawn (`training` false or
//! `p` 0: the identity). On error `*mask_out` is left untouched.

use super::boundary::{guard, handle, tensor_arg, TF_Tensor};
use super::status::TF_Status;
use crate::error::Result;
use crate::nn::dropout as nn;

/// # Safety
/// `x` is a live handle; `mask_out` is NULL or writable.
unsafe fn run(x: *const TF_Tensor, p: f64, training: bool, feature: bool, mask_out: *mut *mut TF_Tensor) -> Result<Option<Box<TF_Tensor>>> {
    let x = tensor_arg(x, "x")?;
    let (out, mask) = nn::dropout(x, p, training, feature)?;
    if !mask_out.is_null() {
        *mask_out = match mask {
            Some(m) => Box::into_raw(Box::new(TF_Tensor(m))),
            None => std::ptr::null_mut(),
        };
    }
    Ok(handle(out))
}

/// Element dropout: each element of `x` is kept with probability `1 - p` and scaled by
/// `1 / (1 - p)`, else 0, in one pass drawing the mask and writing the output; `p` = 1 gives
/// zeros (no NaN). With `training` false or `p` 0 the result is a new handle to `x` itself
/// (the same tensor: shared storage, the same autograd identity, no node) and `*mask_out` is
/// NULL. `mask_out` (or NULL) receives the TF_BOOL mask of `x`'s shape (see above).
///
/// # Safety
/// `x` is a live handle; `mask_out` is NULL or points to a writable pointer.
#[no_mangle]
pub unsafe extern "C" fn TF_Dropout(
    x: *const TF_Tensor,
    p: f64,
    training: bool,
    mask_out: *mut *mut TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Dropout", None, || run(x, p, training, false, mask_out))
}

/// Feature (channel-wise) dropout, PyTorch's `feature_dropout` behind `dropout1d` and
/// `dropout2d`: `x` of shape `[N, C, ...]` (at least 2 dims, else TF_SHAPE_ERROR) has whole
/// channels kept (scaled by `1 / (1 - p)`) or zeroed, one draw per (sample, channel): the
/// TF_BOOL mask written to `*mask_out` has shape `[N, C, 1, ...]`. Identity and errors as
/// TF_Dropout.
///
/// # Safety
/// `x` is a live handle; `mask_out` is NULL or points to a writable pointer.
#[no_mangle]
pub unsafe extern "C" fn TF_FeatureDropout(
    x: *const TF_Tensor,
    p: f64,
    training: bool,
    mask_out: *mut *mut TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_FeatureDropout", None, || run(x, p, training, true, mask_out))
}
