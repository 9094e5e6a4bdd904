//! Poolings (PyTorch's max_pool2d, avg_pool2d, adaptive_avg_pool2d, adaptive_max_pool2d) over
//! NCHW tensors (`[N, C, H, W]`, or `[C, H, W]` unbatched), TF_FLOAT or TF_DOUBLE (else
//! TF_DTYPE_ERROR). Results are new tensors owned by the caller (free each with
//! TF_DeleteTensor); inputs are borrowed. The values are differentiable (TF_Backward) with
//! respect to the input, to any order; indices are TF_INT64 constants. Configuration errors (a
//! non-positive kernel, stride, dilation or output size, a padding above half the kernel, an
//! output size below 1, an empty spatial input) are TF_LAYER_CONFIG_ERROR naming the function
//! and the values; a rank other than 3 or 4 is TF_SHAPE_ERROR (as for the convolutions). On any
//! error the out-params are left untouched and NULL is returned.

use super::args::i64_list;
use super::boundary::{guard, handle, tensor_arg, TF_Tensor};
use super::status::TF_Status;
use crate::error::Result;
use crate::nn::pool as nn;

unsafe fn pair(p: *const i64, name: &str) -> Result<[i64; 2]> {
    let v = i64_list(p, 2, name)?;
    Ok([v[0], v[1]])
}

/// # Safety
/// `out` is NULL or points to a writable pointer.
unsafe fn write_indices(out: *mut *mut TF_Tensor, idx: crate::tensor::Tensor) {
    if let Some(o) = out.as_mut() {
        *o = Box::into_raw(Box::new(TF_Tensor(idx)));
    }
}

/// Max pooling (PyTorch's `max_pool2d`) of `x` over windows of `kernel` (2 values: height,
/// width) every `stride` (2 values), on `x` padded with -inf by `padding` (2 values, each at
/// most half the kernel), reading every `dilation`-th element. The output is `[N, C, Ho, Wo]`,
/// `Ho = floor((H + 2 pH - dH (kH - 1) - 1) / sH) + 1` (rounded up with `ceil_mode`, dropping a
/// last window that would start in the padding). NaN propagates. When `indices_out` is not
/// NULL, `*indices_out` receives a new TF_INT64 tensor of the output's shape: each maximum's flat
/// index into its `H * W` input plane, as PyTorch's `return_indices=True` (the first maximum in
/// row-major window order; -1 for a window with no input element, which gives -inf).
///
/// # Safety
/// `x` is a live handle; the four arrays point to 2 readable values each; `indices_out` is NULL
/// or writable.
#[allow(clippy::too_many_arguments)]
#[no_mangle]
pub unsafe extern "C" fn TF_MaxPool2d(
    x: *const TF_Tensor,
    kernel: *const i64,
    stride: *const i64,
    padding: *const i64,
    dilation: *const i64,
    ceil_mode: bool,
    indices_out: *mut *mut TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_MaxPool2d", None, || {
        let (k, s) = (pair(kernel, "kernel")?, pair(stride, "stride")?);
        let (p, d) = (pair(padding, "padding")?, pair(dilation, "dilation")?);
        let (out, idx) = nn::max_pool2d(tensor_arg(x, "x")?, k, Some(s), p, d, ceil_mode)?;
        write_indices(indices_out, idx);
        Ok(handle(out))
    })
}

/// Average pooling (PyTorch's `avg_pool2d`) of `x` over windows of `kernel` every `stride`, with
/// zero `padding` (2 values each, padding at most half the kernel); output size as
/// TF_MaxPool2d without dilation. Each window's sum is divided by `divisor_override` when it is
/// not 0 (it must not be negative), else by the window's size counting the padding it covers
/// (`count_include_pad`) or only the input elements.
///
/// # Safety
/// `x` is a live handle; the three arrays point to 2 readable values each.
#[allow(clippy::too_many_arguments)]
#[no_mangle]
pub unsafe extern "C" fn TF_AvgPool2d(
    x: *const TF_Tensor,
    kernel: *const i64,
    stride: *const i64,
    padding: *const i64,
    ceil_mode: bool,
    count_include_pad: bool,
    divisor_override: i64,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_AvgPool2d", None, || {
        let (k, s, p) = (pair(kernel, "kernel")?, pair(stride, "stride")?, pair(padding, "padding")?);
        let d = if divisor_override == 0 { None } else { Some(divisor_override) };
        Ok(handle(nn::avg_pool2d(tensor_arg(x, "x")?, k, Some(s), p, ceil_mode, count_include_pad, d)?))
    })
}

/// Adaptive average pooling (PyTorch's `adaptive_avg_pool2d`) of `x` to `out` (2 values >= 1:
/// height, width): output row `i` averages input rows `floor(i H / Ho) .. ceil((i + 1) H / Ho)`,
/// likewise for columns.
///
/// # Safety
/// `x` is a live handle; `out` points to 2 readable values.
#[no_mangle]
pub unsafe extern "C" fn TF_AdaptiveAvgPool2d(x: *const TF_Tensor, out: *const i64, status: *mut TF_Status) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_AdaptiveAvgPool2d", None, || {
        Ok(handle(nn::adaptive_avg_pool2d(tensor_arg(x, "x")?, pair(out, "out")?)?))
    })
}

/// Adaptive max pooling (PyTorch's `adaptive_max_pool2d`) of `x` to `out` (2 values >= 1), over
/// TF_AdaptiveAvgPool2d's windows; `indices_out` as TF_MaxPool2d's.
///
/// # Safety
/// `x` is a live handle; `out` points to 2 readable values; `indices_out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn TF_AdaptiveMaxPool2d(
    x: *const TF_Tensor,
    out: *const i64,
    indices_out: *mut *mut TF_Tensor,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_AdaptiveMaxPool2d", None, || {
        let (values, idx) = nn::adaptive_max_pool2d(tensor_arg(x, "x")?, pair(out, "out")?)?;
        write_indices(indices_out, idx);
        Ok(handle(values))
    })
}
