//! Differentiable wrappers of the fused kernels (`crate::kernels::fused`) and the in-place parameter
//! updates. The backward formulas run one fused kernel when the backward pass is not itself
//! recorded; with `create_graph` (grad mode on inside backward and an operand that requires
//! grad) they are written with the differentiable wrappers of `super::ops`, so gradients of
//! these ops can be differentiated again.

use super::ops as ag;
use super::{check_inplace, grad_enabled, record, should_record, GradMode};
use crate::error::{fmt_shape, Error, Result};
use crate::kernels::elementwise::binary::BinaryOp;
use crate::kernels::fused::{self as raw, Activation, CrossEntropyOptions};
use crate::kernels::creation;
use crate::tensor::Tensor;
use std::sync::Arc;

fn strip(mut t: Tensor) -> Tensor {
    if t.autograd.is_some() && !grad_enabled() {
        t.autograd = None;
    }
    t
}

fn when(need: bool, f: impl FnOnce() -> Result<Tensor>) -> Result<Option<Tensor>> {
    if need {
        f().map(Some)
    } else {
        Ok(None)
    }
}

/// True when a backward formula must record what it computes (`create_graph`).
fn recording(ts: &[&Tensor]) -> bool {
    grad_enabled() && ts.iter().any(|t| t.requires_grad())
}

/// Cross-entropy of `logits` against integer class indices (see `ops::fused::cross_entropy`),
/// differentiable with respect to the logits.
pub fn cross_entropy(logits: &Tensor, target: &Tensor, opts: CrossEntropyOptions) -> Result<Tensor> {
    let (out, saved) = raw::cross_entropy(logits, target, &opts)?;
    if !should_record(&[logits], &out) {
        return Ok(strip(out));
    }
    let shape = logits.shape().to_vec();
    let saved = Arc::new(saved);
    Ok(record(c"CrossEntropyBackward", &[logits], out, vec![logits.clone()], false, move |need, s, g| {
        Ok(vec![when(need[0], || {
            let x = &s[0];
            if !recording(&[x, g]) {
                return raw::cross_entropy_backward(x, &saved, g, &opts);
            }
            // Recorded form: (softmax(x) - dist) * (g * weight)[:, None].
            let (rows, c) = (saved.rows as i64, saved.classes as i64);
            let x2 = ag::reshape(x, &[rows, c])?;
            let (dist, weight) = raw::cross_entropy_target_dist(&saved, &opts, x.dtype())?;
            let coef = ag::reshape(&ag::mul(&ag::reshape(g, &[-1])?, &weight)?, &[rows, 1])?;
            let d = ag::mul(&ag::sub(&ag::softmax(&x2, -1, false)?, &dist)?, &coef)?;
            ag::reshape(&d, &shape.iter().map(|&v| v as i64).collect::<Vec<_>>())
        })?])
    }))
}

/// `act(x @ weight.T + bias)`, differentiable with respect to all three. Backward, with
/// `g' = g * (y > 0)` for relu: `dx = g' @ weight`, `dweight = g'.T @ x`, `dbias = g'.sum(0)`.
pub fn linear(x: &Tensor, w: &Tensor, b: Option<&Tensor>, act: Activation) -> Result<Tensor> {
    let out = raw::linear(x, w, b, act)?;
    let mut ins: Vec<&Tensor> = vec![x, w];
    ins.extend(b);
    if !should_record(&ins, &out) {
        return Ok(strip(out));
    }
    let x_shape: Vec<i64> = x.shape().iter().map(|&d| d as i64).collect();
    let b_shape: Option<Vec<usize>> = b.map(|b| b.shape().to_vec());
    let relu = act == Activation::Relu;
    Ok(record(c"LinearBackward", &ins, out, vec![x.clone(), w.clone()], relu, move |need, s, g| {
        let (x, w) = (&s[0], &s[1]);
        let out_f = w.shape()[0] as i64;
        let g2 = if relu {
            let y = &s[2];
            if recording(&[g]) {
                let mask = raw_binary_gt0(y)?.cast(g.dtype())?;
                ag::mul(g, &mask)?
            } else {
                raw::relu_backward(g, y)?
            }
        } else {
            g.clone()
        };
        let g2 = ag::reshape(&g2, &[-1, out_f])?;
        let dx = when(need[0], || ag::reshape(&ag::matmul(&g2, w)?, &x_shape))?;
        let dw = when(need[1], || {
            let x2 = ag::reshape(x, &[-1, *x_shape.last().expect("ndim >= 1")])?;
            ag::matmul(&ag::transpose(&g2, None)?, &x2)
        })?;
        let mut grads = vec![dx, dw];
        if let Some(bs) = &b_shape {
            grads.push(when(need[2], || ag::reshape(&ag::sum(&g2, Some(&[0]), false)?, &[bs[0] as i64]))?);
        }
        Ok(grads)
    }))
}

fn raw_binary_gt0(y: &Tensor) -> Result<Tensor> {
    let zero = creation::full(y.dtype(), &[], 0.0)?;
    crate::kernels::elementwise::binary::binary(BinaryOp::Greater, &y.detach(), &zero)
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
        let src = raw::add_scaled_prepare(p, &g).map_err(|e| Error::new(e.code, format!("parameter {i}: {}", e.message)))?;
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
