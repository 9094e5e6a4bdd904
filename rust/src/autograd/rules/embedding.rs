//! Backward rules of the embedding lookup (a scatter-add of the gradient into the weight) and
//! of that scatter-add (a lookup of the gradient's rows, weighted as the scatter-add weighs
//! them), so gradients of any order flow.

use crate::autograd::ops::{embedding, embedding_backward, mul, when};
use crate::error::Result;
use crate::kernels::nn::embedding as kernel;
use crate::tensor::Tensor;

/// The weight gets the gradient rows added at the saved indices `s[0]`.
pub(super) fn embedding_rule(
    padding: Option<usize>,
    freq: bool,
    need: &[bool],
    s: &[Tensor],
    g: &Tensor,
    weight_shape: &[usize],
) -> Result<Vec<Option<Tensor>>> {
    Ok(vec![when(need[0], || embedding_backward(g, &s[0], weight_shape[0], padding, freq))?])
}

/// The scatter-add's adjoint: each position reads its row of `gg`, times 0 at the padding row
/// and `1 / count` of its row with `scale_grad_by_freq` (a constant `[..., 1]` factor).
pub(super) fn embedding_backward_rule(
    padding: Option<usize>,
    freq: bool,
    need: &[bool],
    s: &[Tensor],
    gg: &Tensor,
) -> Result<Vec<Option<Tensor>>> {
    Ok(vec![when(need[0], || {
        let idx = &s[0];
        let rows = gg.shape()[0];
        let e = embedding(gg, idx, None, false)?;
        if padding.is_none() && !freq {
            return Ok(e);
        }
        let at = kernel::row_indices("embedding", idx, rows)?;
        let counts = if freq { kernel::position_counts(idx, rows)? } else { vec![1; at.len()] };
        let mut shape = idx.shape().to_vec();
        shape.push(1);
        let coef = Tensor::build::<f64>(&shape, |o| {
            for ((o, &r), &c) in o.iter_mut().zip(&at).zip(&counts) {
                *o = if Some(r) == padding { 0.0 } else { 1.0 / c as f64 };
            }
        })?
        .cast(gg.dtype())?;
        mul(&e, &coef)
    })?])
}
