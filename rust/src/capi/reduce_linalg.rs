//! Reductions, scans, sorting and linear algebra. Inputs are borrowed; the result is a new
//! tensor owned by the caller, or NULL with the status set.
//!
//! Axis lists follow TF_Sum: `axes` NULL reduces every dim, a non-NULL list of `num_axes` values
//! (negative values count from the end) reduces those; an out-of-range or repeated axis is
//! TF_INVALID_ARGUMENT. With `keepdims` the reduced dims stay as size 1.

use super::boundary::{axes_arg, guard, handle, tensor_arg, TF_Tensor};
use super::status::TF_Status;
use super::types::TF_DataTypeArg;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::autograd::ops as ag;
use crate::ops::{reduce_ext, sort};
use crate::tensor::Tensor;

use std::ffi::CStr;
use std::os::raw::{c_char, c_int};

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
    reduce_entry("TF_ArgMax", reduce_ext::argmax, t, axes, num_axes, keepdims, status)
}

/// TF_INT64 index of the smallest element over `axes`, as TF_ArgMax (the first minimum wins;
/// the first NaN wins over any number).
///
/// # Safety
/// `t` is a live handle; `axes` is NULL or points to `num_axes` values.
#[no_mangle]
pub unsafe extern "C" fn TF_ArgMin(t: *const TF_Tensor, axes: *const c_int, num_axes: c_int, keepdims: bool, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    reduce_entry("TF_ArgMin", reduce_ext::argmin, t, axes, num_axes, keepdims, status)
}

/// TF_BOOL: true where every element over `axes` is nonzero (NaN is nonzero). True over no
/// elements.
///
/// # Safety
/// `t` is a live handle; `axes` is NULL or points to `num_axes` values.
#[no_mangle]
pub unsafe extern "C" fn TF_All(t: *const TF_Tensor, axes: *const c_int, num_axes: c_int, keepdims: bool, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    reduce_entry("TF_All", reduce_ext::all, t, axes, num_axes, keepdims, status)
}

/// TF_BOOL: true where any element over `axes` is nonzero (NaN is nonzero). False over no
/// elements.
///
/// # Safety
/// `t` is a live handle; `axes` is NULL or points to `num_axes` values.
#[no_mangle]
pub unsafe extern "C" fn TF_Any(t: *const TF_Tensor, axes: *const c_int, num_axes: c_int, keepdims: bool, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    reduce_entry("TF_Any", reduce_ext::any, t, axes, num_axes, keepdims, status)
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
