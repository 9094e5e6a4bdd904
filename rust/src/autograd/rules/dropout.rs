//! The backward rule of dropout: the output gradient through the same saved mask and scale.

use crate::autograd::ops::{dropout_apply, when};
use crate::error::Result;
use crate::tensor::Tensor;

/// `mask ? g * scale : 0` with the saved mask `s[0]` (recorded, so it differentiates again).
pub(super) fn dropout_rule(scale: f64, need: &[bool], s: &[Tensor], g: &Tensor) -> Result<Vec<Option<Tensor>>> {
    Ok(vec![when(need[0], || dropout_apply(g, &s[0], scale))?])
}
