//! Operations. Inputs are borrowed; the result is a new tensor owned by the caller, or NULL with
//! the status set. Dtypes promote as NumPy's `result_type`.

use super::boundary::{axes_arg, guard, handle, i64_list, tensor_arg, TF_Tensor};
use super::status::TF_Status;
use crate::autograd::ops::{self as ag, binary};
use crate::ops::binary::BinaryOp;
use std::os::raw::c_int;

unsafe fn binary_entry(name: &str, op: BinaryOp, a: *const TF_Tensor, b: *const TF_Tensor, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, name, None, || Ok(handle(binary(op, tensor_arg(a, "a")?, tensor_arg(b, "b")?)?)))
}

/// `a + b` with NumPy broadcasting. Integers wrap on overflow; bool + bool is logical or.
///
/// # Safety
/// `a` and `b` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_Add(a: *const TF_Tensor, b: *const TF_Tensor, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    binary_entry("TF_Add", BinaryOp::Add, a, b, status)
}

/// `a - b` with NumPy broadcasting. Integers wrap; bool - bool is TF_DTYPE_ERROR (as in NumPy).
///
/// # Safety
/// `a` and `b` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_Sub(a: *const TF_Tensor, b: *const TF_Tensor, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    binary_entry("TF_Sub", BinaryOp::Sub, a, b, status)
}

/// `a * b` with NumPy broadcasting. Integers wrap; bool * bool is logical and.
///
/// # Safety
/// `a` and `b` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_Mul(a: *const TF_Tensor, b: *const TF_Tensor, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    binary_entry("TF_Mul", BinaryOp::Mul, a, b, status)
}

/// True division `a / b` with NumPy broadcasting. Integer and bool inputs give TF_DOUBLE, so
/// division by zero gives inf or nan (IEEE), never an error.
///
/// # Safety
/// `a` and `b` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_Div(a: *const TF_Tensor, b: *const TF_Tensor, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    binary_entry("TF_Div", BinaryOp::Div, a, b, status)
}

/// Matrix product with `numpy.matmul` rules: 1-D operands are promoted to a row (left) or a column
/// (right) and that dim is removed from the result; leading dims broadcast as a batch. 0-d
/// operands and unaligned inner dims are TF_SHAPE_ERROR.
///
/// # Safety
/// `a` and `b` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_MatMul(a: *const TF_Tensor, b: *const TF_Tensor, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_MatMul", None, || Ok(handle(ag::matmul(tensor_arg(a, "a")?, tensor_arg(b, "b")?)?)))
}

/// A view of `t` with its dims permuted: result dim `i` is input dim `perm[i]` (negative values
/// count from the end). `perm` NULL reverses the dims. Shares storage with `t`, no copy.
///
/// # Safety
/// `t` is a live handle; `perm` is NULL or points to `num_perm` values.
#[no_mangle]
pub unsafe extern "C" fn TF_Transpose(t: *const TF_Tensor, perm: *const c_int, num_perm: c_int, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Transpose", None, || {
        let t = tensor_arg(t, "t")?;
        let perm = axes_arg(perm, num_perm, "perm")?;
        Ok(handle(ag::transpose(t, perm.as_deref())?))
    })
}

/// `t` with shape `dims[0..num_dims]`; one entry may be -1 and is inferred. A view sharing
/// storage when the strides allow (always for a contiguous tensor), else a copy.
///
/// # Safety
/// `t` is a live handle; `dims` points to `num_dims` values.
#[no_mangle]
pub unsafe extern "C" fn TF_Reshape(t: *const TF_Tensor, dims: *const i64, num_dims: c_int, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Reshape", None, || {
        let t = tensor_arg(t, "t")?;
        let dims = i64_list(dims, num_dims, "dims")?;
        Ok(handle(ag::reshape(t, &dims)?))
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
