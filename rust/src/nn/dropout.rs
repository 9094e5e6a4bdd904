//! Dropout as PyTorch's functional API has it: element dropout (`dropout`) and feature
//! (channel-wise) dropout, which `dropout1d` and `dropout2d` are. Training draws a mask from
//! the seeded generator and records `Op::Dropout` with it (its backward reuses the mask); not
//! training, or p = 0, is the identity: the input itself, no copy and no node.

use crate::autograd::ops as ag;
use crate::error::Result;
use crate::kernels::nn::dropout as kernel;
use crate::tensor::Tensor;

/// Element (`feature` false) or feature dropout of `x` with drop probability `p` (in [0, 1],
/// else TF_LAYER_CONFIG_ERROR): `(output, mask)`, the mask None when nothing was drawn (the
/// identity). With p = 1 the output is zeros and the mask all false.
pub fn dropout(x: &Tensor, p: f64, training: bool, feature: bool) -> Result<(Tensor, Option<Tensor>)> {
    kernel::check_p(if feature { "feature_dropout" } else { "dropout" }, p)?;
    if !training || p == 0.0 {
        return Ok((x.clone(), None));
    }
    let (out, mask) = if feature { kernel::feature_dropout(x, p)? } else { kernel::dropout(x, p)? };
    Ok((ag::record_dropout(x, out, &mask, kernel::scale_of(p)), Some(mask)))
}
