//! Dropout with a given mask (`Op::Dropout`): the op the dropout forward records and its
//! backward runs again on the output gradient, so the mask is drawn once and reused.

use super::strip;
use crate::autograd::{record_op, should_record};
use crate::error::Result;
use crate::kernels::nn::dropout;
use crate::op::Op;
use crate::tensor::Tensor;

/// `mask ? x * scale : 0` with the bool `mask` broadcast to `x`, differentiable in `x`; the
/// mask is saved (detached).
pub fn dropout_apply(x: &Tensor, mask: &Tensor, scale: f64) -> Result<Tensor> {
    let out = dropout::apply(x, mask, scale)?;
    Ok(record_dropout(x, out, mask, scale))
}

/// Attaches the `Op::Dropout` node to `out`, which the fused dropout kernel computed from `x`
/// and the `mask` it drew (nothing when no recording is needed).
pub fn record_dropout(x: &Tensor, out: Tensor, mask: &Tensor, scale: f64) -> Tensor {
    if !should_record(&[x], &out) {
        return strip(out);
    }
    record_op(Op::Dropout { scale }, &[x], out, vec![mask.detach()], false)
}
