//! Convolutions (PyTorch's conv1d, conv2d, conv_transpose2d) over NCHW tensors. Results are new
//! tensors owned by the caller; inputs are borrowed. All are differentiable (TF_Backward) with
//! respect to input, weight and bias, to any order.

use super::args::i64_list;
use super::boundary::{guard, handle, tensor_arg, TF_Tensor};
use super::status::TF_Status;
use crate::error::{Error, Result};
use crate::nn::conv::{self as nn, Padding};
use std::os::raw::c_int;

/// Padding mode of TF_Conv1d / TF_Conv2d: the `padding` values given, on both sides.
pub const TF_PADDING_EXPLICIT: c_int = 0;
/// Padding mode: the output has the input's size (stride 1 only; an even kernel pads one more
/// at the bottom/right), PyTorch's `padding="same"`.
pub const TF_PADDING_SAME: c_int = 1;
/// Padding mode: no padding, PyTorch's `padding="valid"`.
pub const TF_PADDING_VALID: c_int = 2;

unsafe fn pair(p: *const i64, name: &str) -> Result<[i64; 2]> {
    let v = i64_list(p, 2, name)?;
    Ok([v[0], v[1]])
}

fn padding_arg(mode: c_int, values: [i64; 2]) -> Result<Padding> {
    match mode {
        TF_PADDING_EXPLICIT => Ok(Padding::Explicit(values)),
        TF_PADDING_SAME => Ok(Padding::Same),
        TF_PADDING_VALID => Ok(Padding::Valid),
        m => Err(Error::invalid(format!(
            "unknown padding mode {m} (TF_PADDING_EXPLICIT 0, TF_PADDING_SAME 1, TF_PADDING_VALID 2)"
        ))),
    }
}

unsafe fn optional<'a>(p: *const TF_Tensor, name: &str) -> Result<Option<&'a crate::tensor::Tensor>> {
    if p.is_null() {
        Ok(None)
    } else {
        tensor_arg(p, name).map(Some)
    }
}

/// 2-d convolution (cross-correlation, PyTorch's `conv2d`) of `x` (`[N, C, H, W]`, or
/// `[C, H, W]` unbatched) with `weight` (`[O, C/groups, kH, kW]`) plus `bias` (`[O]`, or NULL).
/// `stride` and `dilation` point to 2 values (height, width), each >= 1; `padding` points to 2
/// values >= 0 used when `padding_mode` is TF_PADDING_EXPLICIT (it may be NULL otherwise);
/// `groups` >= 1 divides C and O (`groups == C == O / m` is a depthwise convolution). The
/// result is `[N, O, Ho, Wo]` with `Ho = (H + 2 pH - dH (kH - 1) - 1) / sH + 1`, in the
/// promoted dtype, which must be TF_FLOAT or TF_DOUBLE. Computed by im2col + GEMM, threaded
/// over images and blocks of output rows. Errors: a non-positive stride, dilation or groups, a
/// negative padding, groups not dividing the channels, a weight whose input channels do not
/// match, a kernel larger than the padded input, TF_PADDING_SAME with a stride other than 1
/// (TF_LAYER_CONFIG_ERROR); wrong ranks or a bias not of shape `[O]` (TF_SHAPE_ERROR);
/// integer or bool operands (TF_DTYPE_ERROR); an unknown `padding_mode` or a NULL array
/// (TF_INVALID_ARGUMENT).
///
/// # Safety
/// `x` and `weight` are live handles, `bias` NULL or a live handle; `stride`, `dilation` (and
/// `padding` in explicit mode) point to 2 readable values.
#[allow(clippy::too_many_arguments)]
#[no_mangle]
pub unsafe extern "C" fn TF_Conv2d(
    x: *const TF_Tensor,
    weight: *const TF_Tensor,
    bias: *const TF_Tensor,
    stride: *const i64,
    padding: *const i64,
    dilation: *const i64,
    groups: i64,
    padding_mode: c_int,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Conv2d", None, || {
        let values = if padding_mode == TF_PADDING_EXPLICIT { pair(padding, "padding")? } else { [0, 0] };
        let pad = padding_arg(padding_mode, values)?;
        let (s, d) = (pair(stride, "stride")?, pair(dilation, "dilation")?);
        let out = nn::conv2d(tensor_arg(x, "x")?, tensor_arg(weight, "weight")?, optional(bias, "bias")?, s, pad, d, groups)?;
        Ok(handle(out))
    })
}

/// 1-d convolution (PyTorch's `conv1d`) of `x` (`[N, C, L]`, or `[C, L]`) with `weight`
/// (`[O, C/groups, k]`) plus `bias` (`[O]` or NULL), run as TF_Conv2d over a height of 1: the
/// result is `[N, O, Lo]`, `Lo = (L + 2 padding - dilation (k - 1) - 1) / stride + 1`.
/// `padding` is used in TF_PADDING_EXPLICIT mode. Errors as TF_Conv2d.
///
/// # Safety
/// `x` and `weight` are live handles, `bias` NULL or a live handle.
#[allow(clippy::too_many_arguments)]
#[no_mangle]
pub unsafe extern "C" fn TF_Conv1d(
    x: *const TF_Tensor,
    weight: *const TF_Tensor,
    bias: *const TF_Tensor,
    stride: i64,
    padding: i64,
    dilation: i64,
    groups: i64,
    padding_mode: c_int,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_Conv1d", None, || {
        let pad = padding_arg(padding_mode, [padding, padding])?;
        let out = nn::conv1d(tensor_arg(x, "x")?, tensor_arg(weight, "weight")?, optional(bias, "bias")?, stride, pad, dilation, groups)?;
        Ok(handle(out))
    })
}

/// Transposed 2-d convolution (PyTorch's `conv_transpose2d`, the gradient of TF_Conv2d with
/// respect to its input) of `x` (`[N, Cin, H, W]` or `[Cin, H, W]`) with `weight`
/// (`[Cin, Cout/groups, kH, kW]`) plus `bias` (`[Cout]` or NULL). `stride`, `padding`,
/// `output_padding` and `dilation` point to 2 values each; the output is `[N, Cout, Ho, Wo]`
/// with `Ho = (H - 1) sH - 2 pH + dH (kH - 1) + opH + 1`. Errors: `output_padding` not smaller
/// than the stride or the dilation, a non-positive output size, and those of TF_Conv2d
/// (TF_LAYER_CONFIG_ERROR, TF_SHAPE_ERROR, TF_DTYPE_ERROR, TF_INVALID_ARGUMENT).
///
/// # Safety
/// `x` and `weight` are live handles, `bias` NULL or a live handle; the four arrays point to 2
/// readable values each.
#[allow(clippy::too_many_arguments)]
#[no_mangle]
pub unsafe extern "C" fn TF_ConvTranspose2d(
    x: *const TF_Tensor,
    weight: *const TF_Tensor,
    bias: *const TF_Tensor,
    stride: *const i64,
    padding: *const i64,
    output_padding: *const i64,
    dilation: *const i64,
    groups: i64,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_ConvTranspose2d", None, || {
        let (s, p) = (pair(stride, "stride")?, pair(padding, "padding")?);
        let (op, d) = (pair(output_padding, "output_padding")?, pair(dilation, "dilation")?);
        let out = nn::conv_transpose2d(tensor_arg(x, "x")?, tensor_arg(weight, "weight")?, optional(bias, "bias")?, s, p, op, groups, d)?;
        Ok(handle(out))
    })
}
