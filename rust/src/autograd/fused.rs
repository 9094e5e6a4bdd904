//! Differentiable wrappers of the fused kernels (`crate::kernels::fused`), recorded as
//! `Op::CrossEntropy` and `Op::Linear` (their rules are in `rules/fused.rs`), and the in-place
//! parameter updates.

use super::ops::strip;
use super::{check_inplace, record_op, should_record, GradMode};
use crate::error::{fmt_shape, Error, Result};
use crate::kernels::fused::{self as raw, Activation, CrossEntropyOptions};
use crate::op::Op;
use crate::tensor::Tensor;

/// Cross-entropy of `logits` against integer class indices (see `kernels::fused::cross_entropy`),
/// differentiable with respect to the logits. The node saves the logits, the validated int64
/// targets and the row logsumexps (`rules::fused`).
pub fn cross_entropy(logits: &Tensor, target: &Tensor, opts: CrossEntropyOptions) -> Result<Tensor> {
    let (out, saved) = raw::cross_entropy(logits, target, &opts)?;
    if !should_record(&[logits], &out) {
        return Ok(strip(out));
    }
    Ok(record_op(Op::CrossEntropy(opts), &[logits], out, vec![logits.clone(), saved.target, saved.lse], false))
}

/// `act(x @ weight.T + bias)`, differentiable with respect to all three (the node saves x and
/// weight, and the output for relu).
pub fn linear(x: &Tensor, w: &Tensor, b: Option<&Tensor>, act: Activation) -> Result<Tensor> {
    let out = raw::linear(x, w, b, act)?;
    let mut ins: Vec<&Tensor> = vec![x, w];
    ins.extend(b);
    if !should_record(&ins, &out) {
        return Ok(strip(out));
    }
    let relu = act == Activation::Relu;
    Ok(record_op(Op::Linear { act, bias: b.is_some() }, &ins, out, vec![x.clone(), w.clone()], relu))
}

/// `p += alpha * g` in place (see `ops::fused::add_scaled_prepare`). Refused, as every in-place
/// write, for a tensor that requires grad while grad mode is on.
pub fn add_scaled_(p: &Tensor, g: &Tensor, alpha: f64) -> Result<()> {
    check_inplace(p)?;
    let src = raw::add_scaled_prepare(p, g)?;
    raw::add_scaled_apply(p, &src, alpha);
    Ok(())
}

/// One SGD step: `p -= lr * p.grad` for every parameter that has a gradient (others are
/// skipped, as PyTorch's optimizers do), under no_grad; then, with `zero_grad`, every
/// parameter's gradient is cleared. Every parameter is checked before any is written, so an
/// error leaves them all unchanged.
pub fn sgd_step_(params: &[&Tensor], lr: f64, zero_grad: bool) -> Result<()> {
    if !lr.is_finite() {
        return Err(Error::invalid(format!("sgd_step_: lr must be finite, got {lr}")));
    }
    let _mode = GradMode::new(false);
    let mut updates: Vec<(&Tensor, Tensor)> = Vec::with_capacity(params.len());
    for (i, p) in params.iter().enumerate() {
        let Some(meta) = &p.autograd else { continue };
        let Some(g) = meta.grad() else { continue };
        if g.shape() != p.shape() {
            return Err(Error::shape(format!(
                "sgd_step_: parameter {i} of shape {} has a gradient of shape {}",
                fmt_shape(p.shape()),
                fmt_shape(g.shape())
            )));
        }
        let src =
            raw::add_scaled_prepare(p, &g).map_err(|e| Error::new(e.code, format!("parameter {i}: {}", e.message)))?;
        updates.push((p, src));
    }
    for (p, src) in &updates {
        raw::add_scaled_apply(p, src, -lr);
    }
    if zero_grad {
        for p in params {
            if let Some(meta) = &p.autograd {
                meta.set_grad(None);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::autograd::ops as ag;
    use crate::autograd::{engine, set_requires_grad};
    use crate::kernels::fused::Reduction;

    fn leaf(shape: &[usize], v: &[f64]) -> Tensor {
        let mut t = Tensor::build::<f64>(shape, |o| o.copy_from_slice(v)).unwrap();
        set_requires_grad(&mut t, true).unwrap();
        t
    }

    #[test]
    fn cross_entropy_gradient_is_softmax_minus_onehot_over_n() {
        let x = leaf(&[2, 2], &[0.0, 0.0, 1.0, 1.0]);
        let t = Tensor::build::<i64>(&[2], |o| o.copy_from_slice(&[0, 1])).unwrap();
        let opts = CrossEntropyOptions { reduction: Reduction::Mean, ignore_index: -100, label_smoothing: 0.0 };
        let l = cross_entropy(&x, &t, opts).unwrap();
        engine::run_backward(&[l], &[None], false, false, None).unwrap();
        let g = x.autograd.as_ref().unwrap().grad().unwrap().to_vec::<f64>();
        for (a, b) in g.iter().zip([-0.25, 0.25, 0.25, -0.25]) {
            assert!((a - b).abs() < 1e-15, "{g:?}");
        }
    }

    #[test]
    fn sgd_step_updates_and_clears() {
        let w = leaf(&[2], &[1.0, 2.0]);
        let l = ag::sum(&ag::mul(&w, &w).unwrap(), None, false).unwrap();
        engine::run_backward(&[l], &[None], false, false, None).unwrap();
        sgd_step_(&[&w], 0.25, true).unwrap();
        assert_eq!(w.to_vec::<f64>(), vec![0.5, 1.0]);
        assert!(w.autograd.as_ref().unwrap().grad().is_none());
    }
}
