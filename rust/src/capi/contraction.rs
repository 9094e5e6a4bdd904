//! Products and contractions: matmul, tensordot, vecdot, outer and einsum. Dtypes promote as
//! NumPy's result_type; the result is a new tensor owned by the caller.

use super::args::axes_arg;
use super::boundary::{guard, handle, tensor_arg, TF_Tensor};
use super::status::TF_Status;
use crate::autograd::ops as ag;
use crate::error::Error;
use crate::tensor::Tensor;
use std::ffi::CStr;
use std::os::raw::{c_char, c_int};


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

/// `numpy.tensordot`: sums the products of `a` and `b` over `a`'s dims `axes_a[0..num_axes]`
/// paired with `b`'s dims `axes_b[0..num_axes]` (negative values count from the end); the result
/// has `a`'s remaining dims, then `b`'s. When both `axes_a` and `axes_b` are NULL, `num_axes` is
/// NumPy's integer form: the last `num_axes` dims of `a` with the first `num_axes` of `b`.
/// Dtypes promote as TF_MatMul (no widening). Repeated or out-of-range axes, or only one list
/// NULL, are TF_INVALID_ARGUMENT; paired dims of different sizes are TF_SHAPE_ERROR.
///
/// # Safety
/// `a` and `b` are live handles; `axes_a` and `axes_b` are NULL or point to `num_axes` values.
#[no_mangle]
pub unsafe extern "C" fn TF_Tensordot(
    a: *const TF_Tensor,
    b: *const TF_Tensor,
    axes_a: *const c_int,
    axes_b: *const c_int,
    num_axes: c_int,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Tensordot", None, || {
        let (a, b) = (tensor_arg(a, "a")?, tensor_arg(b, "b")?);
        match (axes_arg(axes_a, num_axes, "axes")?, axes_arg(axes_b, num_axes, "axes")?) {
            (None, None) => Ok(handle(ag::tensordot_n(a, b, num_axes as i64)?)),
            (Some(x), Some(y)) => Ok(handle(ag::tensordot(a, b, &x, &y)?)),
            _ => Err(Error::invalid("axes_a and axes_b must both be NULL or both be given")),
        }
    })
}

/// Array API `vecdot` (real dtypes): the dot product of `a` and `b` along `axis` after
/// broadcasting the other dims; `axis` counts in the broadcast shape (negative from the end,
/// -1 recommended). Both need the same size along `axis` (else TF_SHAPE_ERROR). Dtypes promote
/// as TF_MatMul (int8 stays int8 and wraps, as NumPy's vecdot).
///
/// # Safety
/// `a` and `b` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_Vecdot(a: *const TF_Tensor, b: *const TF_Tensor, axis: c_int, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Vecdot", None, || {
        Ok(handle(ag::vecdot(tensor_arg(a, "a")?, tensor_arg(b, "b")?, axis as i64)?))
    })
}

/// `numpy.outer`: `a` and `b` flattened, `out[i][j] = a[i] * b[j]`, shape
/// [numel(a), numel(b)], in the promoted dtype (bool: logical and).
///
/// # Safety
/// `a` and `b` are live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_Outer(a: *const TF_Tensor, b: *const TF_Tensor, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Outer", None, || {
        Ok(handle(ag::outer(tensor_arg(a, "a")?, tensor_arg(b, "b")?)?))
    })
}

/// `numpy.einsum` with letter subscripts: "ij,jk->ik", "bij,bjk->bik", "i,j->ij", "ij,ij->",
/// one-operand forms such as "ii->i" (diagonal), "ii" (trace), "ij->ji", "ij->"; without "->"
/// the output is the letters used once, in ASCII order. Operands are promoted to their common
/// dtype, which the result keeps (integers wrap). Size-1 dims broadcast. Any number of operands
/// (contracted left to right, each pair by one batched matmul). Malformed subscripts (bad
/// characters, operand count, output letters repeated or unknown) are TF_INVALID_ARGUMENT; an
/// operand whose dims do not match its subscripts or sizes that disagree are TF_SHAPE_ERROR;
/// "..." is TF_UNIMPLEMENTED.
///
/// # Safety
/// `subscripts` is a NUL-terminated string; `operands` points to `num_operands` live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_Einsum(
    subscripts: *const c_char,
    operands: *const *const TF_Tensor,
    num_operands: c_int,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Einsum", None, || {
        if subscripts.is_null() {
            return Err(Error::invalid("subscripts is NULL"));
        }
        let s = CStr::from_ptr(subscripts).to_str().map_err(|_| Error::invalid("subscripts is not valid UTF-8"))?;
        if num_operands < 0 {
            return Err(Error::invalid(format!("num_operands is negative ({num_operands})")));
        }
        if num_operands > 0 && operands.is_null() {
            return Err(Error::invalid(format!("operands is NULL but num_operands is {num_operands}")));
        }
        let mut ts: Vec<&Tensor> = Vec::with_capacity(num_operands as usize);
        for i in 0..num_operands as usize {
            ts.push(tensor_arg(*operands.add(i), &format!("operands[{i}]"))?);
        }
        Ok(handle(ag::einsum(s, &ts)?))
    })
}
