//! `embedding` as PyTorch's functional API has it: padding_idx (negative counts from the end),
//! max_norm renormalization of the rows read (in place, not recorded), scale_grad_by_freq.
//! Dense gradients only. Kernels in `kernels::nn::embedding`, rules in
//! `autograd::rules::embedding`.

use crate::autograd::ops as ag;
use crate::error::{fmt_shape, Error, Result};
use crate::kernels::nn::embedding as kernel;
use crate::tensor::Tensor;

/// The rows of `weight` `[V, D]` at integer `idx` (any shape): shape `idx.shape + [D]`,
/// differentiable in the weight (never in the indices). `padding_idx` (in `-V..V`, else
/// TF_LAYER_CONFIG_ERROR) names the row that gets no gradient; `max_norm` first renormalizes
/// the rows read whose `norm_type`-norm exceeds it, writing into `weight`.
pub fn embedding(
    idx: &Tensor,
    weight: &Tensor,
    padding_idx: Option<i64>,
    max_norm: Option<f64>,
    norm_type: f64,
    scale_grad_by_freq: bool,
) -> Result<Tensor> {
    if weight.ndim() != 2 {
        return Err(Error::shape(format!("embedding: the weight must be 2-D, got shape {}", fmt_shape(weight.shape()))));
    }
    let padding = padding_idx.map(|p| kernel::padding_row(p, weight.shape()[0])).transpose()?;
    if let Some(m) = max_norm {
        kernel::embedding_renorm(weight, idx, m, norm_type)?;
    }
    ag::embedding(weight, idx, padding, scale_grad_by_freq)
}

/// PyTorch's `one_hot` (int64, not differentiable).
pub fn one_hot(idx: &Tensor, num_classes: i64) -> Result<Tensor> {
    kernel::one_hot(idx, num_classes)
}
