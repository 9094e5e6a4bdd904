//! The normalization layers: layer norm, RMS norm, batch norm and group norm, fused (one pass
//! forward computing the statistics, one fused backward). Results are new tensors owned by the
//! caller; inputs are borrowed. All are differentiable (TF_Backward) with respect to the input,
//! the weight and the bias; statistics of float32 data are accumulated in double precision.

use super::args::i64_list;
use super::boundary::{guard, handle, tensor_arg, TF_Tensor};
use super::status::TF_Status;
use crate::error::{Error, Result};
use crate::nn::norm as nn;
use crate::tensor::Tensor;
use std::os::raw::c_int;

/// Reads an optional operand: NULL is "not given".
///
/// # Safety
/// `p` is NULL or a live handle.
unsafe fn optional<'a>(p: *const TF_Tensor, name: &str) -> Result<Option<&'a Tensor>> {
    if p.is_null() {
        Ok(None)
    } else {
        tensor_arg(p, name).map(Some)
    }
}

/// Reads `normalized_shape`, `num` int64 values.
///
/// # Safety
/// `p` is NULL or points to `num` readable values.
unsafe fn normalized_arg(p: *const i64, num: i64) -> Result<Vec<i64>> {
    let n = c_int::try_from(num).map_err(|_| Error::invalid(format!("num_normalized_shape is out of range ({num})")))?;
    i64_list(p, n, "normalized_shape")
}

/// Layer normalization (PyTorch's `layer_norm`): `x` is normalized over its trailing dims
/// `normalized_shape[0..num_normalized_shape]` (which must equal the last dims of `x`): each
/// such row becomes `(x - mean) / sqrt(var + eps) * weight + bias`, with the row's mean and
/// biased variance. `weight` and `bias` have shape `normalized_shape` or are NULL (no scale /
/// no shift). Dtypes promote as TF_Add and must give TF_FLOAT or TF_DOUBLE (else
/// TF_DTYPE_ERROR); the result has `x`'s shape. One pass per row computes its mean and inverse
/// std (accumulated in double precision), which the node saves; the backward is fused too:
/// `dx = rstd * (g w - mean(g w) - xhat * mean(g w xhat))`, `dweight = sum over rows of
/// g * xhat`, `dbias = sum of g`. Rows are spread over the thread team. Errors: an empty
/// `normalized_shape` or one that does not match the last dims of `x` (TF_LAYER_CONFIG_ERROR,
/// naming both), a weight or bias of another shape (TF_SHAPE_ERROR), `eps` negative, NaN or
/// infinite (TF_INVALID_ARGUMENT; 0 is accepted, as in PyTorch), a NULL `normalized_shape`
/// with a nonzero count or a negative count (TF_INVALID_ARGUMENT).
///
/// # Safety
/// `x` is a live handle; `weight` and `bias` are NULL or live handles; `normalized_shape` is
/// NULL or points to `num_normalized_shape` values.
#[no_mangle]
pub unsafe extern "C" fn TF_LayerNorm(
    x: *const TF_Tensor,
    normalized_shape: *const i64,
    num_normalized_shape: i64,
    weight: *const TF_Tensor,
    bias: *const TF_Tensor,
    eps: f64,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_LayerNorm", None, || {
        let ns = normalized_arg(normalized_shape, num_normalized_shape)?;
        let (w, b) = (optional(weight, "weight")?, optional(bias, "bias")?);
        Ok(handle(nn::layer_norm(tensor_arg(x, "x")?, &ns, w, b, eps)?))
    })
}

/// RMS normalization (PyTorch's `rms_norm`): each row over the trailing dims
/// `normalized_shape` of `x` becomes `x / sqrt(mean(x^2) + eps) * weight`, `weight` of shape
/// `normalized_shape` or NULL. The caller passes `eps`: PyTorch's default (eps=None) is the
/// machine epsilon of the input's dtype (FLT_EPSILON for TF_FLOAT, DBL_EPSILON for
/// TF_DOUBLE), which the Python binding computes. Dtypes, the saved inverse rms, the fused
/// backward (`dx = rrms * (g w - xhat * mean(g w xhat))`, `dweight = sum of g * xhat`) and the
/// errors are as TF_LayerNorm's.
///
/// # Safety
/// As TF_LayerNorm.
#[no_mangle]
pub unsafe extern "C" fn TF_RmsNorm(
    x: *const TF_Tensor,
    normalized_shape: *const i64,
    num_normalized_shape: i64,
    weight: *const TF_Tensor,
    eps: f64,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_RmsNorm", None, || {
        let ns = normalized_arg(normalized_shape, num_normalized_shape)?;
        Ok(handle(nn::rms_norm(tensor_arg(x, "x")?, &ns, optional(weight, "weight")?, eps)?))
    })
}

/// Batch normalization (PyTorch's `batch_norm`) of `x` of shape `(N, C)` or `(N, C, *)`: each
/// channel becomes `(x - mean) / sqrt(var + eps) * weight + bias` (`weight`, `bias` of shape
/// `(C,)` or NULL). With `training` nonzero, or when `running_mean` and `running_var` are both
/// NULL, mean and var are the batch's (over N and the spatial dims, biased variance); else they
/// are `running_mean` and `running_var` (eval mode). In training mode with running statistics,
/// these are then updated in place, as PyTorch does: `running = (1 - momentum) * running +
/// momentum * batch`, with the unbiased batch variance for `running_var` (computed in double
/// precision, written in each tensor's own float dtype, seen by every tensor sharing its
/// storage). That write is not recorded by autograd and the node saves its own copy of the
/// statistics, so it never makes a backward fail; a graph that saved the running tensors
/// themselves elsewhere sees them modified (version counters). Differentiable with respect to x,
/// weight and bias: `dx = s w (g - mean(g) - xhat mean(g xhat))` with batch statistics, the
/// affine-only `dx = s w g` in eval mode (s the inverse std), `dweight = sum(g xhat)`,
/// `dbias = sum(g)`. Dtypes of x, weight and bias promote as TF_Add to TF_FLOAT or TF_DOUBLE.
/// Errors: training with one value per channel (N * prod(spatial) <= 1; TF_LAYER_CONFIG_ERROR,
/// PyTorch's "Expected more than 1 value per channel when training"), an `x` of fewer than 2
/// dims or a weight, bias or running statistic not of shape `(C,)` (TF_SHAPE_ERROR), only one
/// of the running statistics given, `momentum` outside [0, 1], `eps` negative or not finite,
/// running statistics that are broadcast views in training mode (TF_INVALID_ARGUMENT),
/// non-float dtypes (TF_DTYPE_ERROR). On error nothing was written.
///
/// # Safety
/// `x` is a live handle; the other tensors are NULL or live handles.
#[allow(clippy::too_many_arguments)]
#[no_mangle]
pub unsafe extern "C" fn TF_BatchNorm(
    x: *const TF_Tensor,
    running_mean: *const TF_Tensor,
    running_var: *const TF_Tensor,
    weight: *const TF_Tensor,
    bias: *const TF_Tensor,
    training: c_int,
    momentum: f64,
    eps: f64,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_BatchNorm", None, || {
        let (rm, rv) = (optional(running_mean, "running_mean")?, optional(running_var, "running_var")?);
        let (w, b) = (optional(weight, "weight")?, optional(bias, "bias")?);
        Ok(handle(nn::batch_norm(tensor_arg(x, "x")?, rm, rv, w, b, training != 0, momentum, eps)?))
    })
}

/// Group normalization (PyTorch's `group_norm`) of `x` of shape `(N, C, *)`: the C channels are
/// split into `num_groups` groups of consecutive channels, each (sample, group) is normalized
/// over its channels and spatial elements (biased variance, `eps` added), then each channel is
/// scaled by `weight` and shifted by `bias` (shape `(C,)` or NULL). Dtypes, the saved per-group
/// mean and inverse std, the fused backward (as TF_LayerNorm's per group, the weight and bias
/// gradients summed per channel) are as TF_LayerNorm's. Errors: `num_groups` not positive, more
/// than C, or not dividing C (TF_LAYER_CONFIG_ERROR, naming both), an `x` of fewer than 2 dims or
/// a weight or bias not of shape `(C,)` (TF_SHAPE_ERROR), a bad `eps` (TF_INVALID_ARGUMENT),
/// non-float dtypes (TF_DTYPE_ERROR).
///
/// # Safety
/// `x` is a live handle; `weight` and `bias` are NULL or live handles.
#[no_mangle]
pub unsafe extern "C" fn TF_GroupNorm(
    x: *const TF_Tensor,
    num_groups: i64,
    weight: *const TF_Tensor,
    bias: *const TF_Tensor,
    eps: f64,
    status: *mut TF_Status,
) -> Option<Box<TF_Tensor>> {
    guard(status, "TF_GroupNorm", None, || {
        let (w, b) = (optional(weight, "weight")?, optional(bias, "bias")?);
        Ok(handle(nn::group_norm(tensor_arg(x, "x")?, num_groups, w, b, eps)?))
    })
}
