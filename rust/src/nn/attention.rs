//! `scaled_dot_product_attention` as PyTorch's functional API has it: q `(..., L, E)`, k
//! `(..., S, E)`, v `(..., S, Ev)`, a bool (True takes part) or float (added) mask broadcastable
//! to `(..., L, S)`, the causal lower triangle (upper-left aligned, PyTorch's), dropout on the
//! probabilities, the scale (default `1 / sqrt(E)`) and grouped-query attention. It checks the
//! configuration, runs the fused kernel (`kernels::nn::attention`) and records one
//! `Op::Attention` whose node saves q, k, v, the mask, the dropout multiplier and the
//! probabilities (backward in `autograd::rules::attention`).

use crate::autograd::ops::{self as ag, strip};
use crate::autograd::{record_op, should_record};
use crate::error::{fmt_shape, Result};
use crate::kernels::nn::attention::{self as raw, AttnParams, Dropout};
use crate::kernels::nn::conv::config;
use crate::op::{AttnMask, Op};
use crate::tensor::Tensor;

const NAME: &str = "scaled_dot_product_attention";

/// Key and value heads repeated (repeat_interleave along dim -3) up to the query's, for
/// `enable_gqa`; unchanged when the counts already agree.
fn gqa(q: &Tensor, t: &Tensor, what: &str) -> Result<Tensor> {
    if q.ndim() < 3 || t.ndim() < 3 {
        return Err(config(format!(
            "{NAME}: enable_gqa needs query and {what} with a heads dim (..., H, L, E), got shapes {} and {}",
            fmt_shape(q.shape()),
            fmt_shape(t.shape())
        )));
    }
    let (hq, ht) = (q.shape()[q.ndim() - 3], t.shape()[t.ndim() - 3]);
    if hq == ht {
        return Ok(t.clone());
    }
    if ht == 0 || hq % ht != 0 {
        return Err(config(format!(
            "{NAME}: enable_gqa: the {hq} query heads (shape {}) are not a multiple of the {ht} {what} heads (shape {})",
            fmt_shape(q.shape()),
            fmt_shape(t.shape())
        )));
    }
    ag::repeat(t, &[(hq / ht) as i64], Some(t.ndim() as i64 - 3))
}

/// `torch.nn.functional.scaled_dot_product_attention`. `scale` None is `1 / sqrt(E)`. A mask
/// together with `is_causal`, a `dropout_p` outside [0, 1] and shapes that do not fit are
/// layer configuration errors. Differentiable with respect to q, k, v and a float mask, to any
/// order.
#[allow(clippy::too_many_arguments)]
pub fn scaled_dot_product_attention(
    q: &Tensor,
    k: &Tensor,
    v: &Tensor,
    attn_mask: Option<&Tensor>,
    dropout_p: f64,
    is_causal: bool,
    scale: Option<f64>,
    enable_gqa: bool,
) -> Result<Tensor> {
    if attn_mask.is_some() && is_causal {
        return Err(config(format!("{NAME}: attn_mask and is_causal cannot both be set (pass one)")));
    }
    if !(0.0..=1.0).contains(&dropout_p) {
        return Err(config(format!("{NAME}: dropout_p must be in [0, 1], got {dropout_p}")));
    }
    if let Some(s) = scale {
        if !s.is_finite() {
            return Err(config(format!("{NAME}: scale must be finite, got {s}")));
        }
    }
    let (k, v) = if enable_gqa { (gqa(q, k, "key")?, gqa(q, v, "value")?) } else { (k.clone(), v.clone()) };
    let e = q.shape().last().copied().unwrap_or(0);
    let p = AttnParams { scale: scale.unwrap_or(1.0 / (e as f64).sqrt()), causal: is_causal };
    let dropout = if dropout_p > 0.0 { Dropout::Draw(dropout_p) } else { Dropout::None };
    let r = raw::attention(q, &k, &v, attn_mask, &p, dropout)?;
    let kind = match attn_mask {
        None => AttnMask::None,
        Some(m) if m.dtype() == crate::dtype::DType::Bool => AttnMask::Bool,
        Some(_) => AttnMask::Float,
    };
    let mut ins = vec![q, &k, &v];
    if kind == AttnMask::Float {
        ins.extend(attn_mask);
    }
    if !should_record(&ins, &r.out) {
        return Ok(strip(r.out));
    }
    let mut saved = vec![q.clone(), k.clone(), v.clone()];
    saved.extend(attn_mask.cloned());
    saved.extend(r.drop.clone());
    saved.push(r.probs);
    let op = Op::Attention { p, mask: kind, dropout: r.drop.is_some() };
    Ok(record_op(op, &ins, r.out, saved, false))
}
