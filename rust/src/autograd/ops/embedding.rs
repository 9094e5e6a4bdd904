//! Embedding lookups (`Op::Embedding`) and their weight gradient (`Op::EmbeddingBackward`, a
//! scatter-add), each differentiable: the gradient of the scatter-add is the lookup again.

use super::strip;
use crate::autograd::{record_op, should_record};
use crate::error::Result;
use crate::kernels::nn::embedding as kernel;
use crate::op::Op;
use crate::tensor::Tensor;

/// The rows of `weight` `[V, D]` at integer `idx`, differentiable in the weight (whose gradient
/// skips the `padding` row and divides by each row's count when `scale_grad_by_freq`); the
/// indices are saved (detached).
pub fn embedding(weight: &Tensor, idx: &Tensor, padding: Option<usize>, scale_grad_by_freq: bool) -> Result<Tensor> {
    let out = kernel::embedding(weight, idx)?;
    if !should_record(&[weight], &out) {
        return Ok(strip(out));
    }
    Ok(record_op(Op::Embedding { padding, scale_grad_by_freq }, &[weight], out, vec![idx.detach()], false))
}

/// The weight gradient of `embedding` for the output gradient `g`, recorded so that a
/// higher-order gradient flows back into `g`.
pub(crate) fn embedding_backward(
    g: &Tensor,
    idx: &Tensor,
    num_weights: usize,
    padding: Option<usize>,
    scale_grad_by_freq: bool,
) -> Result<Tensor> {
    let z = kernel::embedding_backward(g, idx, num_weights, padding, scale_grad_by_freq)?;
    if !should_record(&[g], &z) {
        return Ok(strip(z));
    }
    let op = Op::EmbeddingBackward { num_weights, padding, scale_grad_by_freq };
    Ok(record_op(op, &[g], z, vec![idx.detach()], false))
}
