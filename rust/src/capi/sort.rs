//! Sorting along one axis: sort, argsort and topk. NaN orders above every number; sorts are
//! stable.

use super::boundary::{guard, handle, tensor_arg, TF_Tensor};
use super::status::TF_Status;
use crate::autograd::ops as ag;
use crate::error::Error;
use std::os::raw::c_int;
use crate::kernels::sort;

/// `t` sorted along `axis` (negative counts from the end), ascending, or descending when
/// `descending`. NaN orders above every number: last when ascending, first when descending
/// (NumPy's order and its reverse). The sort is always stable; `stable` is accepted for the
/// Array API signature. Same dtype and shape as `t`. A 0-d `t` or a bad axis is
/// TF_INVALID_ARGUMENT.
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_Sort(t: *const TF_Tensor, axis: c_int, descending: bool, stable: bool, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Sort", None, || {
        Ok(handle(ag::sort(tensor_arg(t, "t")?, axis as i64, descending, stable)?))
    })
}

/// TF_INT64 positions along `axis` that sort `t`, with TF_Sort's order (stable: equal elements,
/// NaNs included, keep their input order, also when `descending`).
///
/// # Safety
/// `t` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn TF_ArgSort(t: *const TF_Tensor, axis: c_int, descending: bool, stable: bool, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_ArgSort", None, || Ok(handle(sort::argsort(tensor_arg(t, "t")?, axis as i64, descending, stable)?)))
}

/// The `k` largest (`largest`) or smallest elements of `t` along `axis`, as torch.topk: writes
/// the values (dtype of `t`) to `out[0]` and their TF_INT64 positions along `axis` to `out[1]`;
/// both have `t`'s shape with that dim of size `k`. NaN counts as the largest value. Results
/// are in sorted order (largest first when `largest`), equal values by position; `sorted`
/// false is accepted and gives the same order. `num_out` must be 2; `k` outside 0..=dim size,
/// a bad axis or a 0-d `t` is TF_INVALID_ARGUMENT. On error `out` is left untouched.
///
/// # Safety
/// `t` is a live handle; `out` points to `num_out` writable pointers.
#[no_mangle]
pub unsafe extern "C" fn TF_TopK(
    t: *const TF_Tensor,
    k: i64,
    axis: c_int,
    largest: bool,
    sorted: bool,
    out: *mut *mut TF_Tensor,
    num_out: c_int,
    status: *mut TF_Status,
) {
    guard(status, "TF_TopK", (), || {
        let t = tensor_arg(t, "t")?;
        if out.is_null() {
            return Err(Error::invalid("out is NULL"));
        }
        if num_out != 2 {
            return Err(Error::invalid(format!("num_out is {num_out}; TF_TopK writes 2 outputs (values, indices)")));
        }
        let (values, indices) = ag::topk(t, k, axis as i64, largest, sorted)?;
        *out = Box::into_raw(Box::new(TF_Tensor(values)));
        *out.add(1) = Box::into_raw(Box::new(TF_Tensor(indices)));
        Ok(())
    })
}
