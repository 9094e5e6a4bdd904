//! The normalization layers as differentiable functions (PyTorch's `layer_norm`, `rms_norm`,
//! `batch_norm`, `group_norm`): each runs its fused kernel (`kernels::nn::norm`) and records one
//! op whose node saves x, the weight and the statistics the forward computed (`rules/norm.rs`).

use crate::autograd::ops::strip;
use crate::autograd::{record_op, should_record};
use crate::error::Result;
use crate::kernels::nn::norm as raw;
use crate::op::Op;
use crate::tensor::Tensor;

fn operands<'a>(x: &'a Tensor, w: Option<&'a Tensor>, b: Option<&'a Tensor>) -> Vec<&'a Tensor> {
    let mut ins = vec![x];
    ins.extend(w);
    ins.extend(b);
    ins
}

/// `layer_norm` over the trailing dims `normalized` (see `kernels::nn::norm::layer_norm`),
/// differentiable with respect to x, weight and bias.
pub fn layer_norm(x: &Tensor, normalized: &[i64], w: Option<&Tensor>, b: Option<&Tensor>, eps: f64) -> Result<Tensor> {
    let (out, st) = raw::layer_norm(x, normalized, w, b, eps)?;
    let ins = operands(x, w, b);
    if !should_record(&ins, &out) {
        return Ok(strip(out));
    }
    let normalized = x.shape()[x.ndim() - normalized.len()..].to_vec();
    let mut saved = vec![x.clone()];
    saved.extend(w.cloned());
    saved.extend(st.mean);
    saved.push(st.rstd);
    let op = Op::LayerNorm { normalized, eps, weight: w.is_some(), bias: b.is_some() };
    Ok(record_op(op, &ins, out, saved, false))
}

/// `rms_norm` over the trailing dims `normalized`, differentiable with respect to x and weight.
/// `eps` is the caller's (PyTorch's default, the dtype's machine epsilon, is chosen above).
pub fn rms_norm(x: &Tensor, normalized: &[i64], w: Option<&Tensor>, eps: f64) -> Result<Tensor> {
    let (out, st) = raw::rms_norm(x, normalized, w, eps)?;
    let ins = operands(x, w, None);
    if !should_record(&ins, &out) {
        return Ok(strip(out));
    }
    let normalized = x.shape()[x.ndim() - normalized.len()..].to_vec();
    let mut saved = vec![x.clone()];
    saved.extend(w.cloned());
    saved.push(st.rstd);
    Ok(record_op(Op::RmsNorm { normalized, eps, weight: w.is_some() }, &ins, out, saved, false))
}

/// `group_norm` with `num_groups` groups, differentiable with respect to x, weight and bias.
pub fn group_norm(x: &Tensor, num_groups: i64, w: Option<&Tensor>, b: Option<&Tensor>, eps: f64) -> Result<Tensor> {
    let (out, st) = raw::group_norm(x, num_groups, w, b, eps)?;
    let ins = operands(x, w, b);
    if !should_record(&ins, &out) {
        return Ok(strip(out));
    }
    let mut saved = vec![x.clone()];
    saved.extend(w.cloned());
    saved.extend(st.mean);
    saved.push(st.rstd);
    let op = Op::GroupNorm { groups: num_groups as usize, eps, weight: w.is_some(), bias: b.is_some() };
    Ok(record_op(op, &ins, out, saved, false))
}

/// `batch_norm`, differentiable with respect to x, weight and bias. In training mode with
/// running statistics, they are then updated in place (PyTorch's exponential average with
/// `momentum`, the variance with the unbiased batch variance): a raw write into their storage,
/// never recorded, made after the forward succeeded. The node saves fresh per-channel statistics
/// (never the running tensors themselves), so a later running update cannot invalidate it.
#[allow(clippy::too_many_arguments)]
pub fn batch_norm(
    x: &Tensor,
    running_mean: Option<&Tensor>,
    running_var: Option<&Tensor>,
    w: Option<&Tensor>,
    b: Option<&Tensor>,
    training: bool,
    momentum: f64,
    eps: f64,
) -> Result<Tensor> {
    let (out, saved) = raw::batch_norm(x, running_mean, running_var, w, b, training, momentum, eps)?;
    if let (Some(upd), Some(rm), Some(rv)) = (&saved.update, running_mean, running_var) {
        raw::update_running_stats(rm, rv, upd, momentum);
    }
    let ins = operands(x, w, b);
    if !should_record(&ins, &out) {
        return Ok(strip(out));
    }
    let batch_stats = training || running_mean.is_none();
    let mut keep = vec![x.clone()];
    keep.extend(w.cloned());
    keep.extend(saved.stats.mean);
    keep.push(saved.stats.rstd);
    let op = Op::BatchNorm { batch_stats, eps, weight: w.is_some(), bias: b.is_some() };
    Ok(record_op(op, &ins, out, keep, false))
}
