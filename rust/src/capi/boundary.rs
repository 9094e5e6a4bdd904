//! The one way into the core from C: argument readers that turn bad pointers and sizes into
//! errors, and `guard`, which runs the body under `catch_unwind` and reports through the status.

use super::status::TF_Status;
use crate::error::TF_Code;
use crate::error::{Error, Result};
use crate::tensor::Tensor;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// The C handle: an owned, boxed tensor value (a view over shared storage).
pub struct TF_Tensor(pub(crate) Tensor);

/// Runs `body` for the C function `func`. On success clears `status` and returns the value; on
/// an error or a panic, writes the code and "func: message" into `status` and returns `on_error`.
/// A NULL status still gets the `on_error` return, the only signal left.
pub(crate) fn guard<R>(status: *mut TF_Status, func: &str, on_error: R, body: impl FnOnce() -> Result<R>) -> R {
    super::runtime::watch_forks();
    let outcome = catch_unwind(AssertUnwindSafe(body));
    // SAFETY: the caller passes NULL or a live status (the documented contract).
    let status = unsafe { status.as_mut() };
    match outcome {
        Ok(Ok(v)) => {
            if let Some(s) = status {
                s.clear();
            }
            v
        }
        Ok(Err(e)) => {
            if let Some(s) = status {
                s.set(e.code, &format!("{func}: {}", e.message));
            }
            on_error
        }
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            if let Some(s) = status {
                s.set(TF_Code::TF_INTERNAL, &format!("{func}: internal error: {what}"));
            }
            on_error
        }
    }
}

/// For the few functions without a status (getters): a panic becomes `on_error`.
pub(crate) fn guard_plain<R>(on_error: R, body: impl FnOnce() -> R) -> R {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(on_error)
}

/// Borrows the tensor behind a handle argument named `name`.
///
/// # Safety
/// `p` is NULL or a live handle from this library.
pub(crate) unsafe fn tensor_arg<'a>(p: *const TF_Tensor, name: &str) -> Result<&'a Tensor> {
    p.as_ref().map(|t| &t.0).ok_or_else(|| Error::invalid(format!("{name} is NULL")))
}

pub(crate) fn handle(t: Tensor) -> Option<Box<TF_Tensor>> {
    Some(Box::new(TF_Tensor(t)))
}
